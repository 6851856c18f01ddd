"""Entity linking inside paragraphs: instruments, bodies and events through the registry.

What counts as a citation follows the corpus gold rules (gold/README.md): an instrument named as
part of another name ("Conference of the Parties to the …", "supplementing the …", "Optional
Protocols to the …") is not cited on its own but still becomes the referent of a later "the
Convention"; "the Optional Protocol thereto [on …]" is resolved against the last named convention;
"the International Covenants on Human Rights" cites both Covenants; plural back-references ("the
Protocols thereto") are generic and not cited. Bodies and events named in the text are mentions;
a name nested in a longer one counts when introduced by "of"/"by" ("the thematic debate of the
General Assembly").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tipkg.loaders.model import Target
from tipkg.loaders.parse.lexicon import (
    BACKREF_CONVENTION_IN,
    ENTITLED,
    SUPPRESS_AFTER_IN,
    SUPPRESS_BEFORE_IN,
    THERETO_IN,
)
from tipkg.loaders.registry.model import Entry, Registry

_SUPPRESS_BEFORE = re.compile(
    r"(?:\b[Ss]upplementing\s+(?:the|that|this)|(?:\b(?:Optional\s+)?Protocols?(?:\s+thereto)?\s+to|"
    r"\bAmendments?\s+to|\b(?:Conference|Meeting)\s+of\s+(?:the\s+)?(?:States\s+)?Parties\s+to|"
    # the name of a meeting held on an instrument: "the high-level meeting on the appraisal of the …"
    r"\b(?:high-level|plenary)\s+(?:plenary\s+)?meetings?\s+(?:of\s+the\s+General\s+Assembly\s+)?on\s+"
    r"(?:the\s+)?(?:appraisal|review|progress\s+achieved\s+in\s+the\s+implementation)\s+of|"
    # … or "the quadrennial high level appraisals of the …"
    r"\bhigh[\s-]level\s+(?:appraisals?|reviews?)\s+of)"
    r"(?:\s+(?:the|that|this))?)\s+$"
)
# "supplementing that Convention": the back-reference carries its own article.
_SUPPLEMENTING = re.compile(r"\b[Ss]upplementing\s+$")
_BACKREF = re.compile(
    r"\b(?:the|that|this|said)\s+(Convention|Protocol|Covenant|Declaration)(?![\w-])"
    r"(?!\s+(?:on|for|against|to|relating|concerning|of|in|thereto|and\s+(?:the\s+)?Protocols?)\b)"
)
_BACKREF_NOUN = re.compile(r"Convention|Protocol|Covenant|Declaration")
_THERETO = re.compile(
    r"\b(?:the\s+|its\s+)?(?:(?P<year>\d{4})\s+)?(?:(?P<optional>Optional\s+)|(?P<qual>[A-Z][a-z]+(?:\s+(?:in|of)\s+[A-Z][a-z]+)?)\s+)?"
    r"Protocol\s+thereto\b"
)
_PROTOCOL_ON = re.compile(r"\b(?:the\s+|its\s+)?(?P<optional>Optional\s+)?Protocol\s+(?=on\s+the\b)")
#: Collective names that stand for several instruments, listed by the names of their members.
COLLECTIVES: dict[str, tuple[str, ...]] = {
    r"International\s+Covenants\s+on\s+Human\s+Rights": (
        "International Covenant on Economic, Social and Cultural Rights",
        "International Covenant on Civil and Political Rights",
    ),
}
# "the political declaration entitled “2021 Political Declaration on …”": the title is the text's own name
_TEXT_ENTITLED = re.compile(
    r"\b(?:[Dd]eclaration|[Cc]onvention|[Pp]rogramme\s+of\s+[Aa]ction|[Pp]lan\s+of\s+[Aa]ction|[Cc]ompact)\s+entitled\s*[“\"]$"
    # "la déclaration politique intitulée « … »", "la declaración política titulada “…”"
    r"|\b(?:[Dd]éclaration|[Dd]eclaración|[Cc]onvention|[Cc]onvención|[Pp]rogramme\s+d[’']action|[Pp]rograma\s+de"
    r"\s+[Aa]cción|[Pp]lan\s+d[’']action|[Pp]lan\s+de\s+[Aa]cción)(?:\s+politique|\s+política)?\s+(?:intitulée|titulada)"
    r"\s*[«“\"]\s*$"
)
_NESTED_OK = re.compile(r"(?:\bof|\bby)\s+(?:the\s+)?$")


@dataclass
class Ref:
    target: Target
    start: int
    end: int
    group_start: int
    via_footnote: str | None = None
    backref: bool = False  # "the Convention": a text named before, not named again


@dataclass
class Named:
    """A body or event named in the text."""

    target: Target
    start: int
    end: int


def entry_target(entry: Entry) -> Target:
    kind = entry.kind
    if kind == "state":  # States are resolved by name (Registry.state), never linked in text
        raise ValueError(f"State {entry.key} is not a citation or mention target")
    return Target(kind, entry.key)


def _head_noun(entry: Entry) -> str:
    label = entry.label
    if entry.type in ("Convention", "Treaty") or (
        "Convention" in label and not label.startswith(("Protocol", "Optional Protocol"))
    ):
        return "Covenant" if "Covenant" in label else "Convention"
    if entry.type == "Protocol" or label.startswith(("Protocol", "Optional Protocol")):
        return "Protocol"
    if entry.type == "Declaration" or "Declaration" in label:
        return "Declaration"
    return entry.type


@dataclass
class DocumentLinker:
    """Links names paragraph after paragraph, remembering referents for back-references."""

    registry: Registry | None
    language: str = "en"  # only the registry's names in this language are linked
    referents: list[Entry] = field(default_factory=list)

    def link(self, work: str, start: int, end: int) -> tuple[list[Ref], list[Named]]:
        if self.registry is None:
            return [], []
        chunk = work[start:end]
        matches = self.registry.find_all(chunk, language=self.language)
        events: list[tuple[int, int, str, object]] = []
        covered: list[tuple[int, int]] = []
        for m in matches:
            events.append((m.start, m.end, "alias", m.entry))
            covered.append((m.start, m.end))
        for om in self.registry.find_all(chunk, overlapping=True, language=self.language):
            if om.entry.kind == "instrument" and any(
                m.start <= om.start and om.end <= m.end and m.entry.kind != "instrument" for m in matches
            ):
                events.append((om.start, om.end, "nested", om.entry))  # a referent for "the Convention"
        for pattern, names in COLLECTIVES.items():
            for cm in re.finditer(pattern, chunk):
                if not _overlaps(cm.start(), cm.end(), covered):
                    events.append((cm.start(), cm.end(), "collective", names))
                    covered.append((cm.start(), cm.end()))
        # The patterns below start with \b, so the regex engine walks every position of the
        # paragraph; each needs a literal word most paragraphs lack, looked for first.
        has_protocol = "Protocol" in chunk
        for tm in _THERETO.finditer(chunk) if has_protocol and "thereto" in chunk else ():
            if not _overlaps(tm.start(), tm.end(), covered):
                events.append((tm.start(), tm.end(), "thereto", tm))
                covered.append((tm.start(), tm.end()))
        for pm in _PROTOCOL_ON.finditer(chunk) if has_protocol else ():
            if not _overlaps(pm.start(), pm.end(), covered):
                events.append((pm.start(), pm.end(), "thereto", pm))
                covered.append((pm.start(), pm.end()))
        for tm in THERETO_IN[self.language].finditer(chunk) if self.language in THERETO_IN else ():
            if not _overlaps(tm.start(), tm.end(), covered):
                events.append((tm.start(), tm.end(), "thereto_in", tm))
                covered.append((tm.start(), tm.end()))
        if self.language == "en":
            backrefs = (
                [(bm, bm.group(1)) for bm in _BACKREF.finditer(chunk)] if _BACKREF_NOUN.search(chunk) else []
            )
        else:  # "la Convention", "la Convención", "el Convenio", "《公约》"
            named_again = BACKREF_CONVENTION_IN.get(self.language)
            backrefs = [(bm, "Convention") for bm in named_again.finditer(chunk)] if named_again else []
        for bm, noun in backrefs:
            if not _overlaps(bm.start(), bm.end(), covered):
                events.append((bm.start(), bm.end(), "backref", noun))
        events.sort(key=lambda e: (e[0], -e[1]))
        titles: list[tuple[int, int]] | None = None  # spans of quoted titles: read at the first instrument
        suppress_before = SUPPRESS_BEFORE_IN.get(self.language, _SUPPRESS_BEFORE)
        suppress_after = SUPPRESS_AFTER_IN.get(self.language)
        refs: list[Ref] = []
        for s, e, what, payload in events:
            before = chunk[max(0, s - 60) : s]
            if what == "nested":
                assert isinstance(payload, Entry)
                self.referents.append(payload)
            elif what == "alias":
                entry = payload
                assert isinstance(entry, Entry)
                if entry.kind != "instrument":
                    continue
                self.referents.append(entry)
                if titles is None:
                    titles = [(t.start(1), t.end(1)) for t in ENTITLED.finditer(chunk)]
                if (
                    suppress_before.search(before)
                    or (suppress_after is not None and suppress_after.match(chunk, e))
                    or any(
                        a <= s and e <= b and not (a == s and _TEXT_ENTITLED.search(chunk, max(0, s - 60), s))
                        for a, b in titles
                    )
                ):
                    continue  # part of another name, or of the title of a cited document
                if _other_year(before, entry):
                    continue  # "the 2021 Political Declaration …": a later text of the same name
                refs.append(Ref(entry_target(entry), start + s, start + e, start + s))
            elif what == "collective":
                assert isinstance(payload, tuple)
                for name in payload:
                    member = self.registry.match(name)
                    if member is not None and member.kind == "instrument":
                        refs.append(Ref(entry_target(member), start + s, start + e, start + s))
            elif what == "thereto":
                assert isinstance(payload, re.Match)
                got = self._thereto(chunk, payload)
                if got is not None:
                    entry, span_end = got
                    self.referents.append(entry)
                    refs.append(Ref(entry_target(entry), start + s, start + span_end, start + s))
            elif what == "thereto_in":
                assert isinstance(payload, re.Match)
                only = self._one_protocol(optional=any(payload.groupdict().values()))
                if only is not None:
                    self.referents.append(only)
                    refs.append(Ref(entry_target(only), start + s, start + e, start + s))
            elif what == "backref":
                assert isinstance(payload, str)
                if suppress_before.search(before) or _SUPPLEMENTING.search(before):
                    continue
                entry2 = self._last(payload)
                if entry2 is not None:
                    refs.append(Ref(entry_target(entry2), start + s, start + e, start + s, backref=True))
        return refs, self._named(chunk, start)

    def _last(self, noun: str) -> Entry | None:
        for entry in reversed(self.referents):
            if _head_noun(entry) == noun:
                return entry
        return None

    def _thereto(self, chunk: str, m: re.Match[str]) -> tuple[Entry, int] | None:
        """ "the Optional Protocol thereto on the sale of children" → the protocol of the last convention."""
        assert self.registry is not None
        conv = self._last("Convention") or self._last("Covenant")
        if conv is None:
            return None
        qualified = self._qualified(conv, m.groupdict().get("qual"))
        if qualified is not None:  # "the Trafficking Protocol thereto": the one of its protocols so named
            return qualified, m.end()
        dated = self._of_year(conv, m.groupdict().get("year"))
        if dated is not None:  # "the 1967 Protocol thereto": the one of its protocols adopted that year
            return dated, m.end()
        optional = "Optional " if m.group("optional") else ""
        prefix = f"{optional}Protocol to the {conv.label}"
        rest = chunk[m.end() : m.end() + 160]
        candidate = prefix + rest
        best: tuple[Entry, int] | None = None
        for cm in self.registry.find_all(candidate):
            if cm.start <= 4 and cm.entry.kind == "instrument" and cm.entry.key != conv.key:
                covered_rest = max(0, cm.end - len(prefix))
                best = (cm.entry, m.end() + covered_rest)
            break
        if best is None:
            entry = self.registry.match(prefix)
            if entry is not None and entry.kind == "instrument":
                best = (entry, m.end())
        return best

    def _one_protocol(self, *, optional: bool) -> Entry | None:
        """The one (optional) protocol supplementing the convention named last, where it has one."""
        assert self.registry is not None
        conv = self._last("Convention") or self._last("Covenant")
        if conv is None:
            return None
        found = [
            e
            for e in self.registry.of_kind("instrument")
            if any(f.name == "supplements" and f.value == conv.key for f in e.facts)
            and e.label.startswith("Optional Protocol") == optional
        ]
        return found[0] if len(found) == 1 else None

    def _of_year(self, conv: Entry, year: str | None) -> Entry | None:
        """The protocol supplementing ``conv`` adopted in ``year``, if exactly one is."""
        assert self.registry is not None
        if not year:
            return None
        found = [
            e
            for e in self.registry.of_kind("instrument")
            if any(f.name == "supplements" and f.value == conv.key for f in e.facts)
            and any(str(f.value)[:4] == year for f in e.facts_named("adopted"))
        ]
        return found[0] if len(found) == 1 else None

    def _qualified(self, conv: Entry, qual: str | None) -> Entry | None:
        """The protocol supplementing ``conv`` with a short name that starts with ``qual`` ("the
        Trafficking Protocol thereto": "the Trafficking in Persons Protocol"), if exactly one has."""
        assert self.registry is not None
        if not qual:
            return None
        head = qual.lower()
        found = [
            e
            for e in self.registry.of_kind("instrument")
            if any(f.name == "supplements" and f.value == conv.key for f in e.facts)
            and any(
                (n := re.sub(r"^the\s+", "", name.lower())).startswith(head) and n.endswith("protocol")
                for name in e.names
            )
        ]
        return found[0] if len(found) == 1 else None

    def _named(self, chunk: str, start: int) -> list[Named]:
        assert self.registry is not None
        top = [m for m in self.registry.find_all(chunk, language=self.language)]
        out: list[Named] = []
        for m in top:
            if m.entry.kind in ("body", "event"):
                out.append(Named(entry_target(m.entry), start + m.start, start + m.end))
        spans = [(m.start, m.end) for m in top]
        for m in self.registry.find_all(chunk, overlapping=True, language=self.language):
            if m.entry.kind not in ("body", "event") or (m.start, m.end) in spans:
                continue
            outer = [
                sp
                for sp in top
                if sp.start <= m.start and m.end <= sp.end and (sp.start, sp.end) != (m.start, m.end)
            ]
            if not outer or any(o.entry.kind == "instrument" for o in outer):
                continue
            if m.entry.type == "MandateHolder" and any(o.entry.label.startswith("Office of") for o in outer):
                continue  # the Office of the High Commissioner names its head, it does not mention the post
            if _NESTED_OK.search(chunk[max(0, m.start - 12) : m.start]):
                out.append(Named(entry_target(m.entry), start + m.start, start + m.end))
        out.sort(key=lambda n: n.start)
        return out


_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d)\s+$")


def _other_year(before: str, entry: Entry) -> bool:
    """A name printed after a year ("2021 Political Declaration on …") names the text of that year:
    not an entry adopted in another year."""
    m = _YEAR_BEFORE.search(before)
    if m is None:
        return False
    years = {str(f.value)[:4] for f in entry.facts_named("adopted")}
    return bool(years) and m.group(1) not in years


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)
