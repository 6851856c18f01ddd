"""What one paragraph says: its verbs, citations, mentions and addressees.

Every reader of resolution text ends here, paragraph by paragraph: the plain-text parser with the
paragraphs it segmented, the Akoma Ntoso builder with the paragraphs the markup states. Offsets are
into the document text; ``work`` is its working copy (page furniture and footnote markers blanked
with spaces in text read from PDFs and copies; the same string where the markup already kept them
out).

The relation of a reference is the last verb before it in its paragraph (the opening phrase, or an
embedded one: "…, and reaffirming in particular …"), "mentions" after "in accordance with" and
the like, or when no verb governs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from tipkg.loaders.model import Citation, Footnote, Mention, Paragraph, Span, Target
from tipkg.loaders.parse.addressees import ADDRESSEE_PHRASE, ADDRESSEE_RELATIONS, addressees
from tipkg.loaders.parse.dates import MONTH_RE, parse_date
from tipkg.loaders.parse.described import find_described, find_statements, find_titled, find_titled_in
from tipkg.loaders.parse.footnotes import Marker, phrase_before
from tipkg.loaders.parse.lexicon import (
    CIRCUMSTANTIAL_AFTER_IN,
    CIRCUMSTANTIAL_IN,
    COORDINATED_IN,
    JOINED_IN,
    OBLIGATIONS_IN,
)
from tipkg.loaders.parse.linking import DocumentLinker, Named, Ref
from tipkg.loaders.parse.phrases import PhraseMatch, PhraseScheme
from tipkg.loaders.parse.references import (
    DocRef,
    find_leading_list,
    find_lists,
    find_symbols,
    target_for_symbol,
)
from tipkg.loaders.parse.references_zh import find_lists_zh
from tipkg.loaders.parse.unregistered import find_unregistered
from tipkg.loaders.registry.model import Registry
from tipkg.ontology.symbols import never_numbered, symbol_prefix

# Adjuncts that place an act within an instrument rather than cite it ("in accordance with article 32
# of the Convention", "as defined in the Protocol", "within the scope of the Convention").
# "consistent with their obligations under the relevant international instruments, including the …"
_OBLIGATIONS = re.compile(
    r"\b(?:consistent|in\s+accordance|in\s+line|in\s+conformity)\s+with\s+(?:their|its)\s+obligations\s+under\s+"
    r"[^,;]{0,80}?(?:,\s+including|,\s+in\s+particular|\s+such\s+as)\s+(?:the\s+)?$"
)
# Not "as reflected in": "Recalling that international law, as reflected in the United Nations
# Convention on the Law of the Sea, sets out the legal framework …" recalls the Convention as the law's
# statement (the verb governs it).
_CIRCUMSTANTIAL = re.compile(
    r"(?:\bin\s+accordance\s+with|\bpursuant\s+to|\bin\s+conformity\s+with|\bconsistent\s+with|"
    r"\bin\s+line\s+with|\bin\s+keeping\s+with|\bin\s+compliance\s+with|\bwithin\s+the\s+(?:scope|framework)\s+of|"
    r"\bin\s+the\s+(?:context|framework)\s+of|\bwith\s+regard\s+to|\bwithin\s+the\s+meaning\s+of|"
    r"\bas\s+(?:set\s+(?:out|forth)|provided\s+for|called\s+for|contained|enshrined|defined|protected|"
    r"referred\s+to|stipulated|mandated)\s+(?:in|by|under)|\bcovered\s+by|\bunder)\s+"
    # what the adjunct names first ("their national legislation and"), then within the instrument:
    # "article 2 (b) of", "the purposes and principles set forth in", "the appraisal of"; not a gerund,
    # which starts a clause of its own ("in the context of addressing trafficking in persons in the …")
    r"(?:[^,;:.]{0,100}?\b(?:and|or)\s+)?"
    r"(?:(?:the\s+)?(?:(?!(?!(?:follow|includ|concern|regard|exclud)ing\b)[a-z]+ing\b)[\w()-]+,?\s+){0,5}?(?:of|in|under|by)\s+)?"
    r"(?:the\s+|its\s+|that\s+)?(?:UN\s+|United\s+Nations\s+)?\s*$",
    re.IGNORECASE,
)
# Between two references one adjunct governs: "in accordance with the Convention and the Protocol".
_COORDINATED = re.compile(r"^\s*(?:,\s*)?(?:and|or|as\s+well\s+as|,)\s+(?:(?:the|its)\s+)?$")
_ADOPTED_ON = re.compile(
    r"\s*,?\s*(?:which\s+was\s+)?adopted\s+(?:by\s+the\s+[A-Z][\w\s]{3,60}?\s+)?on\s+(\d{1,2}\s+"
    + MONTH_RE
    + r"\s+\d{4})"
)
_JOINED = re.compile(r"\s*(?:,\s*)?(?:and|or)\s+(?:also\s+|further\s+)?")
# a declaration's numbered paragraph whose opening verb is none of the scheme's ("(b) We commit to …");
# not an unnumbered "We …" (the paragraphs of a letter annexed to a resolution)
_WE_FIRST = re.compile(r"\s*(?:\d{1,3}\.|\((?:[a-z]{1,2}|[ivx]{1,5})\))\s+We\s")
_RES_OR_DOC = re.compile(r"^[A-Z][\w.-]*/\S")

#: (start, end, relation, takes addressees) of a verb in the paragraph being read
Verb = tuple[int, int, str, bool]
#: the symbol of the file's own link over ``text[start:end]``, if the source has links (AKN)
LinkLookup = Callable[[int, int], str | None]
#: the file's links to UN documents inside ``text[start:end]``: (start, end, symbol)
LinksIn = Callable[[int, int], list[tuple[int, int, str]]]


@dataclass
class ParagraphReader:
    """Reads the paragraphs of one document in order (back-references carry over)."""

    text: str
    registry: Registry | None
    scheme: PhraseScheme
    symbol: str | None = None  # the document's own symbol: a document never cites itself
    linked: LinkLookup | None = None
    language: str | None = None  # ISO 639-1 of the text; None: English (the registry's names)
    date: str | None = None  # the document's adoption date: it cites no instrument adopted later
    links_in: LinksIn | None = None  # every language's evidence: the file's links name documents
    linker: DocumentLinker = field(init=False)
    notices: list[str] = field(default_factory=list, init=False)  # references left out, and why
    _verbs: list[Verb] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.linker = DocumentLinker(self.registry, language=self.language or "en")

    def read(
        self,
        para: Paragraph,
        work: str,
        start: int,
        end: int,
        phrase: PhraseMatch | None,
        inherited: str | None,
        body: str | None,
        *,
        headless: bool = False,
    ) -> None:
        """Fill ``para``'s verbs, citations, mentions and addressees from ``work[start:end]``;
        ``headless``: a fragment that starts mid-paragraph, perhaps mid-list (its numbers are read)."""
        verbs: list[Verb] = []
        if phrase is not None:
            verbs.append((phrase.start, phrase.end, phrase.relation, _addresses(phrase)))
        elif inherited is not None:
            verbs.append((start, start, inherited, True))
        body_from = phrase.end if phrase is not None else start
        for em in self.scheme.embedded(work, body_from, end):
            verbs.append((em.start, em.end, em.relation, _addresses(em)))
        declaring = (
            self.scheme.declares(work, start, phrase)
            if phrase is not None
            else self.scheme.lang == "en" and _WE_FIRST.match(work, start, end) is not None
        )
        if declaring:  # a declaration's clauses ("We commit to …, and in this regard recall …")
            verbs.extend(
                (em.start, em.end, em.relation, _addresses(em))
                for em in self.scheme.we_clauses(work, body_from, end)
            )
            verbs.sort(key=lambda v: v[0])
        para.verbs = [v[2] for v in verbs]
        self._verbs = verbs
        refs: list[Ref | DocRef] = []
        lists = find_lists(
            work,
            start,
            end,
            body,
            self.registry,
            self.linked,
            self.notices,
            [v[0] for v in verbs[1:]],
            language=self.language or "en",
        )
        if self.language == "zh":  # the number before its keyword: "第23/2号和…第25/1号决议"
            lists += [
                r
                for r in find_lists_zh(work, start, end, body, self.registry, self.linked, self.notices)
                if all(r.end <= x.start or x.end <= r.start for x in lists)
            ]
            lists.sort(key=lambda r: r.start)
        if headless and phrase is None:
            lead = find_leading_list(work, start, end, body, self.registry, self.notices)
            lists = lead + [r for r in lists if all(r.start >= x.end for x in lead)]
        refs.extend(lists)
        listed = [(r.start, r.end) for r in lists]
        for sref in find_symbols(work, start, end, self.linked):
            if not any(a <= sref.start < b for a, b in listed):
                refs.append(sref)
        if self.links_in is not None and self.scheme.lang != "en":  # a linked number no keyword introduced
            taken = [(r.start, r.end) for r in refs]
            for ls, le, sym in self.links_in(start, end):
                if _RES_OR_DOC.search(sym) and not any(a < le and ls < b for a, b in taken):
                    t = target_for_symbol(sym)
                    if t.body is not None and never_numbered(t.body, sym[len(symbol_prefix(sym)) :]):
                        continue  # "A/RES/10/1": a link to a text the Assembly never numbered so
                    refs.append(DocRef(t, ls, le, ls))
        for d in find_described(work, start, end, self.registry, self.symbol):
            if not any(d.start < b and a < d.end for a, b in listed):
                refs.append(d)
        # titles read by English rules, which versions in other languages print as well ("del informe
        # titulado World Wildlife Crime Report: …"), and the titles those versions translate
        found = find_titled(work, body_from, end, self.registry, self.date)
        if self.language in (None, "en"):
            found += find_statements(work, start, end, self.registry, self.symbol, self.date)
        else:
            found += find_titled_in(work, body_from, end, self.language, self.date)
        for d in found:
            if not any(d.start < r.end and r.start < d.end for r in refs):
                refs.append(d)
        inst, named = self.linker.link(work, start, end)
        taken = [(r.start, r.end) for r in refs]
        for ir in inst:
            if not any(ir.start < b and a < ir.end for a, b in taken):
                refs.append(ir)
        refs.sort(key=lambda r: r.start)
        # one citation per target per paragraph, with the first relation that is not circumstantial;
        # the document never cites itself ("this resolution")
        seen: dict[tuple[str, str], Citation | None] = (
            {("resolution", self.symbol): None} if self.symbol else {}
        )
        last: tuple[int, str] | None = None  # end and relation of the reference before
        for ref in refs:
            key = (ref.target.kind, ref.target.key)
            relation = self.relation(work, ref.group_start)
            after = CIRCUMSTANTIAL_AFTER_IN.get(self.language or "en")
            if after is not None and after.match(work, ref.end):  # "《公约》第2条所定义的"
                relation = "mentions"
            coordinated = COORDINATED_IN.get(self.language or "en", _COORDINATED)
            if (
                last is not None
                and last[1] == "mentions"
                and coordinated.match(work[last[0] : ref.group_start])
            ):
                relation = "mentions"
            last = (ref.end, relation)
            if key in seen:
                earlier = seen[key]
                # a back-reference ("the Convention") does not name the text again: it leaves the
                # relation of the name before ("in accordance with the Convention …, the
                # implementation of the Convention") as it is
                backref = isinstance(ref, Ref) and ref.backref
                if (
                    earlier is not None
                    and earlier.relation == "mentions"
                    and relation != "mentions"
                    and not backref
                ):
                    earlier.relation = relation
                continue
            cs, ce = ref.start, ref.end
            target = ref.target
            if self._not_yet_adopted(target):
                self.notices.append(
                    f"{target.key} named before its adoption (the text under negotiation), not cited "
                    f"(\u201c{' '.join(work[cs:ce].split())[:80]}\u201d)"
                )
                seen[key] = None
                continue
            if target.kind == "instrument" and target.date is None:
                am = _ADOPTED_ON.match(work, ce, end)
                if am:
                    target = replace(target, date=parse_date(am.group(1)))
            while ce > cs and self.text[ce - 1].isspace():
                ce -= 1
            citation = Citation(target, relation, Span(cs, ce), self.text[cs:ce])
            seen[key] = citation
            para.citations.append(citation)
        self._mentions(para, named)
        if self.language in (None, "en"):  # names the registry lacks, read by English rules
            para.unregistered = find_unregistered(work, start, end, self.registry)
        if para.kind in ("operative", "sub"):
            for vs, ve, _, addressing in verbs:
                if addressing and vs >= start:
                    for t in addressees(work, ve, end, self.registry):
                        if t not in para.addressees:
                            para.addressees.append(t)

    def _not_yet_adopted(self, target: Target) -> bool:
        """A registry instrument adopted after this document ("the draft United Nations Convention
        against Cybercrime", "the Pact for the Future" before the Summit): what the text names is the
        draft under negotiation, which the graph does not have, not the instrument."""
        if target.kind != "instrument" or self.date is None or self.registry is None:
            return False
        entry = self.registry.get(target.key)
        adopted = entry.fact("adopted") if entry is not None else None
        return adopted is not None and str(adopted.value) > self.date

    def verb_starts(self) -> list[int]:
        """Where the verbs of the paragraph last read start."""
        return [v[0] for v in self._verbs]

    def relation(self, work: str, pos: int) -> str:
        """The relation of a reference at ``pos``: the last verb before it, unless circumstantial."""
        governing = [v for v in self._verbs if v[0] <= pos]
        if not governing:
            return "mentions"
        verb = governing[-1]
        # "We recall and reaffirm our commitments to …": verbs joined by "and" share the object, and
        # the first names the relation
        lang = self.language or "en"
        joined = JOINED_IN.get(lang, _JOINED)
        while len(governing) > 1 and joined.fullmatch(work, governing[-2][1], verb[0]):
            governing.pop()
            verb = governing[-1]
        window = work[max(verb[1], pos - 120) : pos]
        obligations = OBLIGATIONS_IN.get(lang, _OBLIGATIONS)
        if CIRCUMSTANTIAL_IN.get(lang, _CIRCUMSTANTIAL).search(window) or obligations.search(
            work, max(verb[1], pos - 200), pos
        ):
            return "mentions"
        return verb[2]

    def _mentions(self, para: Paragraph, named: list[Named]) -> None:
        seen: set[str] = set()
        for n in named:
            if n.target.key in seen:
                continue
            seen.add(n.target.key)
            para.mentions.append(Mention(n.target, Span(n.start, n.end), self.text[n.start : n.end]))

    def via_footnotes(
        self, para: Paragraph, work: str, markers: list[Marker], notes: dict[str, Footnote]
    ) -> None:
        """An instrument named only through its footnote ("…Women, 6" → DEVAW) is cited via the marker."""
        cited = {(c.target.kind, c.target.key) for c in para.citations}
        for mk in markers:
            note = notes.get(mk.value)
            if note is None or note.refers_to is None or note.refers_to.kind != "instrument":
                continue
            if not para.span.start <= mk.start <= para.span.end:
                continue
            key = (note.refers_to.kind, note.refers_to.key)
            if key in cited:
                continue
            s = phrase_before(work, para.span.start, mk.start, self.language or "en")
            if s is None:
                continue
            e = mk.start
            while e > s and not self.text[e - 1].isalnum():
                e -= 1
            if e <= s:
                continue
            relation = self.relation(work, s)
            para.citations.append(
                Citation(note.refers_to, relation, Span(s, e), self.text[s:e], via_footnote=mk.value)
            )
            cited.add(key)
        para.citations.sort(key=lambda c: c.span.start)


def _addresses(m: PhraseMatch) -> bool:
    """Whether an operative verb takes addressees ("Urges States", "Reminds States")."""
    return m.operative and (m.relation in ADDRESSEE_RELATIONS or bool(ADDRESSEE_PHRASE.match(m.written)))
