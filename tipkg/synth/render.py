"""Render one planned synthetic document: header, paragraphs, footnotes, and the record of all it says.

Opening phrases come from ontology/phrases.ttl weighted by their counts in the real corpus, paragraph
lengths from the real ones (:mod:`tipkg.synth.vocab`); treaties, bodies and events from the registry
(loaders/registry/*.yaml), footnotes from its UNTS and adoption facts; prose from
:mod:`tipkg.synth.prose`. Paragraphs that cite nothing are drawn from pools built once from a fixed
seed (:func:`generic_paragraphs`), which keeps generation fast. Two layouts, as in the real texts:
one paragraph per line between blank lines with footnotes after the paragraph that calls them
(Markdown-like), or paragraphs wrapped at a fixed width with footnotes at the end (PDF-like).
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.registry.model import Entry
from tipkg.synth import prose
from tipkg.synth.plan import (
    BODY_NAMES,
    FIRST_SESSION,
    FIRST_YEAR,
    MARKER,
    Planned,
    long_date,
    ordinal_suffix,
    ordinal_words,
)
from tipkg.synth.vocab import (
    GOLD_COUNTS,
    INSTRUMENT_COUNTS,
    OPERATIVE_WORDS,
    PREAMBULAR_WORDS,
    TEXT_COUNTS,
    Label,
    labels,
    weight,
)

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# ---------------------------------------------------------------------------------- vocabulary


Form = Literal["np", "that", "np_or_that", "addressee_to", "to_addressee_to", "decides"]
_ADDRESSEE_RELATIONS = {"urges", "callsUpon", "invites", "requests", "encourages", "appeals", "authorizes"}
_NP_RELATIONS = {
    "welcomes", "takesNoteOf", "callsFor", "commends", "supports", "endorses", "recalls", "reaffirms",
    "guidedBy", "reiterates",
}  # fmt: skip
# Verbs whose object the generic templates would make absurd ("Condemns the progress achieved");
# none of them opens a paragraph in the real corpus, so leaving them out keeps its proportions.
_UNUSED_RELATIONS = {"condemns", "approves", "adopts"}
_CITING_RELATIONS = {
    "recalls", "reaffirms", "takesNoteOf", "welcomes", "bearsInMind", "guidedBy", "reiterates", "notes",
    "acknowledges", "highlights", "underlines", "emphasizes", "stresses", "recognizes", "endorses",
    "supports", "commends",
}  # fmt: skip
_NOUN_ENDINGS: dict[str, Form | None] = {
    "request": "to_addressee_to", "invitation": "to_addressee_to", "call": "to_addressee_to",
    "appeal": "to_addressee_to", "concern": "that", "commitment": None, "solidarity": None,
    "importance": None, "terms": None, "condemnation": None, "seized": None, "about": "np",
    "satisfaction": "np", "interest": "np", "account": "np", "consideration": "np", "regard": "np",
    "particular": "np_or_that", "again": "np_or_that", "also": None, "further": None,
}  # fmt: skip


def clause_form(label: Label) -> Form | None:
    """How a paragraph opening with ``label`` continues; None for labels the templates cannot follow."""
    words = label.text.split()
    last = words[-1]
    if label.relation in _UNUSED_RELATIONS:
        return None
    for adverb in ("also", "further", "furthermore"):
        if last == adverb and len(words) > 1:
            return clause_form(Label(" ".join(words[:-1]), label.key, label.relation, label.operative, False))
    if last in ("of", "by", "for", "with"):
        return "np"
    if last in ("upon", "on"):
        return "addressee_to" if label.operative else None
    if last == "to":
        return "addressee_to" if label.operative else "np"
    if last == "appreciation":
        return "np" if not words[0].startswith("Express") else None
    if last in _NOUN_ENDINGS:
        return _NOUN_ENDINGS[last]
    if label.relation == "decides":
        return "decides" if len(words) == 1 else None
    if label.relation in _ADDRESSEE_RELATIONS:
        return "addressee_to" if label.operative else "np"
    if label.relation in _NP_RELATIONS:
        return "np"
    if last.endswith(("ed", "ful", "ant", "ous", "are")) or last in ("Aware", "Mindful"):
        return "that"
    return "np_or_that"


@dataclass(frozen=True)
class Choice:
    """Labels and their cumulative weights, for fast weighted draws."""

    labels: tuple[Label, ...]
    cum: tuple[float, ...]

    def draw(self, rng: random.Random) -> Label:
        return self.labels[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


def _choice(pairs: Sequence[tuple[Label, float]]) -> Choice:
    total = 0.0
    cum: list[float] = []
    for _, w in pairs:
        total += w
        cum.append(total)
    return Choice(tuple(p for p, _ in pairs), tuple(cum))


@dataclass(frozen=True)
class Vocabulary:
    """Weighted label pools and registry entities, built once per process."""

    pre_generic: Choice
    pre_citing: Choice
    op_generic: Choice
    op_citing: Choice
    instruments: tuple[Entry, ...]
    instrument_cum: tuple[float, ...]
    treaties: tuple[Entry, ...]  # instruments States become parties to
    bodies: tuple[Entry, ...]
    events: tuple[Entry, ...]
    forms: dict[str, Form]
    embedded: tuple[tuple[str, str], ...]  # ("reaffirming in particular", "reaffirms")
    pre_pool: prose.ClausePool
    op_pool: prose.ClausePool
    decides: Label
    addressee_bodies: tuple[Entry, ...]
    shared_adoptions: frozenset[str]  # resolutions that adopted more than one instrument
    report_authors: tuple[Entry, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    forms: dict[str, Form] = {}
    usable: list[Label] = []
    for lb in labels():
        form = clause_form(lb)
        if form is not None:
            forms[lb.text] = form
            usable.append(lb)
    pre = [lb for lb in usable if not lb.operative]
    op = [lb for lb in usable if lb.operative]

    def citing(lb: Label) -> bool:
        return lb.relation in _CITING_RELATIONS and forms[lb.text] in ("np", "np_or_that")

    registry = load_registry()
    instruments = tuple(sorted(registry.of_kind("instrument"), key=lambda e: e.key))
    cum: list[float] = []
    total = 0.0
    for e in instruments:
        total += INSTRUMENT_COUNTS.get(e.key, 0) + 1
        cum.append(total)
    bodies = tuple(
        e
        for e in sorted(registry.of_kind("body"), key=lambda e: e.key)
        if e.key not in BODY_NAMES and e.key != "SC"
    )
    adoptions: dict[str, set[str]] = {}  # adopting resolution -> instruments it adopted
    for e in instruments:
        for f in e.facts_named("adopted_by"):
            adoptions.setdefault(str(f.value), set()).add(e.key)
    scheme_relation = {lb.text.lower(): lb.relation for lb in labels()}
    embedded = tuple(
        (v, scheme_relation[v])
        for v in (
            "recalling",
            "reaffirming",
            "reaffirming in particular",
            "recalling in particular",
            "welcoming",
        )
        if v in scheme_relation
    )
    return Vocabulary(
        pre_generic=_choice([(lb, weight(lb, TEXT_COUNTS)) for lb in pre]),
        pre_citing=_choice([(lb, weight(lb, GOLD_COUNTS)) for lb in pre if citing(lb)]),
        op_generic=_choice([(lb, weight(lb, TEXT_COUNTS)) for lb in op]),
        op_citing=_choice(
            [(lb, weight(lb, GOLD_COUNTS)) for lb in op if citing(lb) or forms[lb.text] == "addressee_to"]
        ),
        instruments=instruments,
        instrument_cum=tuple(cum),
        treaties=tuple(e for e in instruments if e.type in ("Treaty", "Convention", "Protocol")),
        bodies=bodies,
        events=tuple(sorted(registry.of_kind("event"), key=lambda e: e.key)),
        forms=forms,
        embedded=embedded,
        pre_pool=prose.ClausePool(PREAMBULAR_WORDS, "tipkg-synth-preambular"),
        op_pool=prose.ClausePool(OPERATIVE_WORDS, "tipkg-synth-operative"),
        decides=next(lb for lb in labels() if lb.text == "Decides"),
        addressee_bodies=tuple(e for e in bodies if e.key in ("SG", "UNODC", "SR-TIP", "ICAT", "OHCHR")),
        report_authors=tuple(e for e in bodies if e.key in ("SG", "SR-TIP", "UNODC-ED")),
        shared_adoptions=frozenset(s for s, keys in adoptions.items() if len(keys) > 1),
    )


def _name(entry: Entry) -> str:
    """How the text names a registry entry after "the": its label, an event's with a lower-case
    first letter; a label with a colon ("Transforming our world: the 2030 Agenda ...") is a
    title that prose does not use, so its first alias without an article stands in for it."""
    name = entry.label
    if ":" in name:
        name = next((a for a in entry.aliases if not a.lower().startswith("the ")), name)
    if entry.kind == "event":
        return name[0].lower() + name[1:]
    return name


def footnote_text(
    entry: Entry, previous_unts: bool, shared: frozenset[str]
) -> tuple[str, tuple[int, int] | None] | None:
    """Footnote for an instrument from its registry facts, or None when the registry gives none.

    UNTS volume and registration number when known ("Ibid." after another UNTS footnote); else the
    General Assembly resolution that adopted it, unless that resolution adopted several instruments
    (``shared``), where the footnote would not say which one is meant.
    """
    vol, reg = entry.fact("unts_volume"), entry.fact("unts_registration")
    if vol is not None and reg is not None:
        head = "Ibid.," if previous_unts else "United Nations, Treaty Series,"
        return f"{head} vol. {vol.value}, No. {reg.value}.", (int(vol.value), int(reg.value))
    adopted_by = entry.fact("adopted_by")
    if adopted_by is not None:
        symbol = str(adopted_by.value)
        if symbol.startswith("A/RES/") and symbol not in shared:
            return f"See resolution {symbol[len('A/RES/') :]}.", None
    return None


# ---------------------------------------------------------------------------------- rendering


@dataclass(slots=True)
class _Para:
    pid: str  # "pp/3", "op/4", "op/4/a"
    kind: str
    number: str
    label: str | None
    key: str | None
    relation: str | None
    text: str = ""
    cites: list[dict[str, Any]] = field(default_factory=list)  # spans relative to text
    mentions: list[tuple[str, str]] = field(default_factory=list)
    addressees: list[tuple[str, str]] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    subs: list[_Para] = field(default_factory=list)
    pooled: int = -1  # index in the generic pool of its kind, for the pre-wrapped text


_ADDRESSEE_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Member States", (("actor", "member-states"),)),
    ("all States", (("actor", "states"),)),
    ("Governments", (("actor", "governments"),)),
    ("Member States and civil society", (("actor", "member-states"), ("actor", "civil-society"))),
    ("Governments and civil society", (("actor", "governments"), ("actor", "civil-society"))),
)


@dataclass(frozen=True, slots=True)
class _Generic:
    """A generic paragraph built once and reused: preambular text whole, operative text after "N. "."""

    text: str
    label: str
    key: str
    relation: str
    mentions: tuple[tuple[str, str], ...]
    addressees: tuple[tuple[str, str], ...]
    addressed: bool  # "<Verb> <addressee> to ...": may end in sub-paragraphs


POOL_SIZE = 6000
# Two paragraphs of one document never start alike: a loader may rightly take a paragraph that
# begins like an earlier one for a second, truncated copy of it (pages stored twice).
_SAME_START = 40  # characters: shorter than the shortest generic paragraph
WIDTHS = (
    80,
    84,
    88,
    92,
)  # line widths of the wrapped layout (characters)  # generic paragraphs of each kind, drawn without repetition within a document


@lru_cache(maxsize=1)
def generic_paragraphs() -> tuple[tuple[_Generic, ...], tuple[_Generic, ...]]:
    """The pools of generic paragraphs, from a fixed seed (the same in every process and run).

    Most paragraphs cite nothing; writing them once and drawing them per document makes generation
    several times faster without changing their distribution (labels and lengths as in the corpus).
    """
    v = vocabulary()
    dummy = Planned(0, "GA", "A/RES/900/0", "900/0", FIRST_SESSION, f"{FIRST_YEAR}-01-01", "", ())
    w = _Writer(random.Random("tipkg-synth-paragraphs"), dummy, (), v, pools=((), ()))
    pre: list[_Generic] = []
    op: list[_Generic] = []
    for _ in range(POOL_SIZE):  # (a repeated text is drawn twice as often: harmless, and rare)
        w.used.clear()
        p = w.preambular_generic("pp/0", "0")
        pre.append(
            _Generic(p.text, p.label or "", p.key or "", p.relation or "", tuple(p.mentions), (), False)
        )
        q = w.operative(0, None, False)
        addressed = v.forms.get(q.label or "") == "addressee_to"
        op.append(
            _Generic(
                q.text.removeprefix("0. "),
                q.label or "",
                q.key or "",
                q.relation or "",
                tuple(q.mentions),
                tuple(q.addressees),
                addressed,
            )
        )
    return tuple(pre), tuple(op)


@lru_cache(maxsize=3 * len(WIDTHS))
def _prewrapped(kind: str, width: int, prefix: int) -> tuple[str, ...]:
    """The generic pool of ``kind`` wrapped at ``width``, operative texts behind a ``prefix``-wide
    number ("9. " or "12. "): wrapping depends on the prefix's width only, so the number is put in
    afterwards. Built on first use, once per process."""
    pre, op = generic_paragraphs()
    if kind == "preambular":
        return tuple(_wrap(g.text, width) for g in pre)
    pad = "0" * (prefix - 2) + ". "
    return tuple(_wrap(pad + g.text + ";", width)[prefix:] for g in op)


class _Writer:
    """Builds one document: paragraphs with their recorded citations, then the text and its truth."""

    def __init__(
        self,
        rng: random.Random,
        doc: Planned,
        docs: Sequence[Planned],
        vocab: Vocabulary,
        pools: tuple[tuple[_Generic, ...], tuple[_Generic, ...]] | None = None,
    ) -> None:
        self.rng = rng
        self.doc = doc
        self.docs = docs
        self.v = vocab
        self.markers: dict[str, str] = {}  # instrument key -> footnote marker
        self.footnotes: list[dict[str, Any]] = []
        self.last_unts = False
        self.used: set[str] = set()  # clauses and preambular instruments already written
        self.used_generic: set[str] = set()  # starts of pool paragraphs already written
        self.last_pooled = -1
        self.v_pre, self.v_op = pools if pools is not None else generic_paragraphs()

    # -- pieces ------------------------------------------------------------------------------
    def _draw(self, pool: prose.ClausePool, kind: str) -> str:
        """A clause not yet used in this document (real texts never repeat a paragraph)."""
        for _ in range(8):
            clause = pool.draw(self.rng, kind)
            if clause not in self.used:
                break
        self.used.add(clause)
        return clause

    def _clause(self, form: Form, pool: prose.ClausePool) -> str:
        r = self.rng
        if form == "np" or (form == "np_or_that" and r.random() < 0.5):
            return self._draw(pool, "np")
        if form == "decides":
            return "to " + self._draw(pool, "action")
        return "that " + self._draw(pool, "that")

    def _instrument(self, para: _Para, relation: str, prefix: str, treaty: bool = False) -> str:
        """Append "the <name><marker>" of a weighted instrument to ``prefix``; record the citation.

        ``treaty``: only instruments States become parties to. A preamble names each instrument once.
        """
        r = self.rng
        v = self.v
        own = {c["target"] for c in para.cites}
        avoid = own | self.used if para.kind == "preambular" else own
        pool = v.treaties if treaty else v.instruments
        entry = None
        for _ in range(12):
            pick = v.instruments[bisect.bisect_right(v.instrument_cum, r.random() * v.instrument_cum[-1])]
            if pick.key not in avoid and (not treaty or pick in pool):
                entry = pick
                break
        if entry is None:  # rare: take the first one the paragraph does not cite yet
            entry = next(e for e in pool if e.key not in own)
        if para.kind == "preambular":
            self.used.add(entry.key)
        name = _name(entry)
        start = len(prefix) + len("the ")
        text = f"{prefix}the {name}"
        para.cites.append(
            {
                "relation": relation,
                "kind": "instrument",
                "target": entry.key,
                "span": [start, start + len(name)],
            }
        )
        marker = self.markers.get(entry.key)
        if marker is None:
            note = footnote_text(entry, self.last_unts, self.v.shared_adoptions)
            if note is not None:
                marker = str(len(self.footnotes) + 1)
                self.markers[entry.key] = marker
                fn: dict[str, Any] = {"marker": marker, "text": note[0], "target": entry.key}
                if note[1] is not None:
                    fn["unts"] = list(note[1])
                self.footnotes.append(fn)
                self.last_unts = note[1] is not None
        if marker is not None:
            text += marker.translate(SUPERSCRIPTS)
            if marker not in para.markers:
                para.markers.append(marker)
        return text

    def _resolutions(self, para: _Para, relation: str, prefix: str, cited: Sequence[int]) -> str:
        """Append "its resolutions 901/3 of 3 March 2101 and 902/7 of ..." for documents of one body."""
        first = self.docs[cited[0]]
        own = first.body == self.doc.body
        who = "its" if own else BODY_NAMES[first.body]
        noun = "resolution" if len(cited) == 1 else "resolutions"
        text = f"{prefix}{who} {noun} "
        for j, idx in enumerate(cited):
            d = self.docs[idx]
            if j:
                text += " and " if j == len(cited) - 1 else ", "
            start = len(text)
            text += d.number
            para.cites.append(
                {
                    "relation": relation,
                    "kind": "resolution",
                    "target": d.symbol,
                    "date": d.date,
                    "span": [start, start + len(d.number)],
                }
            )
            text += f" of {long_date(d.date)}"
        if len(cited) == 1 and self.rng.random() < 0.4:
            text += f', entitled "{first.title}"'
        else:
            text += f" on {self.rng.choice(prose.TOPICS)}"
        return text

    def _report_symbol(self) -> str:
        n = self.rng.randint(100, 450)
        d = self.doc
        if d.body == "GA":
            return f"A/{d.session}/{n}"
        if d.body == "HRC":
            return f"A/HRC/{d.session}/{n}"
        return f"E/{d.session}/{n}"

    # -- paragraphs --------------------------------------------------------------------------
    def _new(self, pid: str, kind: str, number: str, label: Label | None) -> _Para:
        return _Para(
            pid, kind, number, label.text if label else None, label.key if label else None,
            label.relation if label else None,
        )  # fmt: skip

    def preambular_citing(self, pid: str, number: str, groups: Sequence[Sequence[int]]) -> _Para:
        label = self.v.pre_citing.draw(self.rng)
        p = self._new(pid, "preambular", number, label)
        text = label.text + " "
        for j, group in enumerate(groups):
            if j:
                text += ", and "
            text = self._resolutions(p, label.relation, text, group)
        if self.rng.random() < 0.3:
            text += ", as well as " + prose.noun_phrase(self.rng, 6)
        p.text = text + ","
        return p

    def preambular_instruments(self, pid: str, number: str) -> _Para:
        r = self.rng
        label = self.v.pre_citing.draw(r)
        p = self._new(pid, "preambular", number, label)
        text = label.text + " "
        n = r.choice((1, 1, 2, 2, 3))
        for j in range(n):
            if j:
                text += " and " if j == n - 1 else ", "
            text = self._instrument(p, label.relation, text)
        if self.v.embedded and r.random() < 0.25:
            verb, rel = r.choice(self.v.embedded)
            text = self._instrument(p, rel, text + f", and {verb} ")
        p.text = text + ","
        return p

    def preambular_report(self, pid: str, number: str) -> _Para:
        r = self.rng
        label = self.v.pre_citing.draw(r)
        while self.v.forms[label.text] != "np":
            label = self.v.pre_citing.draw(r)
        p = self._new(pid, "preambular", number, label)
        author = r.choice(self.v.report_authors or (None,))
        who = f"the {_name(author)}" if author else "the Secretary-General"
        if author:
            p.mentions.append(("body", author.key))
        symbol = self._report_symbol()
        text = f"{label.text} the report of {who} on {r.choice(prose.TOPICS)} ("
        p.cites.append(
            {
                "relation": label.relation,
                "kind": "document",
                "target": symbol,
                "span": [len(text), len(text) + len(symbol)],
            }
        )
        p.text = text + symbol + "),"
        return p

    def preambular_generic(self, pid: str, number: str) -> _Para:
        r = self.rng
        label = self.v.pre_generic.draw(r)
        p = self._new(pid, "preambular", number, label)
        pool = self.v.pre_pool
        form = self.v.forms[label.text]
        if form in ("np", "np_or_that") and r.random() < 0.2 and (self.v.events or self.v.bodies):
            if self.v.events and r.random() < 0.4:
                entity = r.choice(self.v.events)
                body = f"the {_name(entity)}, and {self._draw(pool, 'np')}"
            else:
                entity = r.choice(self.v.bodies)
                body = f"the contribution of the {_name(entity)} to {prose.pick(r, prose.OBJECTS)}"
                body += f", and {self._draw(pool, 'np')}"
            p.mentions.append((entity.kind, entity.key))
            p.text = f"{label.text} {body},"
        elif form == "to_addressee_to":
            p.text = f"{label.text} to Member States to {self._draw(pool, 'action')},"
        elif form == "addressee_to":
            p.text = f"{label.text} Member States to {self._draw(pool, 'action')},"
        else:
            p.text = f"{label.text} {self._clause(form, pool)},"
        return p

    def _addressee(self, p: _Para, states_only: bool = False) -> str:
        """Who an operative paragraph addresses; only States and Governments can become parties."""
        r = self.rng
        if states_only:
            text, targets = _ADDRESSEE_GROUPS[int(r.random() * 3)]
            p.addressees.extend(targets)
            return text
        if r.random() < 0.3:
            picks = self.v.addressee_bodies
            if picks:
                e = picks[int(r.random() * len(picks))]
                p.addressees.append(("body", e.key))
                p.mentions.append(("body", e.key))
                return f"the {_name(e)}"
        text, targets = _ADDRESSEE_GROUPS[int(r.random() * len(_ADDRESSEE_GROUPS))]
        p.addressees.extend(targets)
        return text

    def operative(self, number: int, cite: Sequence[int] | None, instruments: bool) -> _Para:
        """An operative paragraph; without ``cite`` or ``instruments`` a generic one."""
        r = self.rng
        pid = f"op/{number}"
        label = (self.v.op_citing if cite or instruments else self.v.op_generic).draw(r)
        p = self._new(pid, "operative", str(number), label)
        form = self.v.forms[label.text]
        pool = self.v.op_pool
        head = f"{number}. {label.text} "
        if form == "addressee_to":
            text = head + self._addressee(p, instruments) + " to "
        elif form == "to_addressee_to":
            text = head + "to " + self._addressee(p, instruments) + " to "
        else:
            text = head
        if cite:
            verb = "implement fully " if text.endswith(" to ") else ""
            text = self._resolutions(p, label.relation, text + verb, cite)
        elif instruments:
            lead = "consider becoming parties to " if text.endswith(" to ") else ""
            text = self._instrument(p, label.relation, text + lead, treaty=bool(lead))
            if r.random() < 0.5:
                text = self._instrument(p, label.relation, text + " and ", treaty=bool(lead))
        elif text.endswith(" to "):
            text += self._draw(pool, "action")
        else:
            text += self._clause(form, pool)
        p.text = text
        return p

    def _generic(self, pool: tuple[_Generic, ...]) -> _Generic:
        """A pre-built generic paragraph not yet used in this document."""
        rand = self.rng.random
        n = len(pool)
        for _ in range(8):
            i = int(rand() * n)
            if pool[i].text[:_SAME_START] not in self.used_generic:
                break
        self.used_generic.add(pool[i].text[:_SAME_START])
        self.last_pooled = i
        return pool[i]

    def subparagraphs(self, p: _Para) -> None:
        items = self.rng.sample(prose.SUB_ITEMS, self.rng.randint(2, 5))
        p.text += ", including through:"
        for j, item in enumerate(items):
            letter = "abcdefgh"[j]
            p.subs.append(_Para(f"{p.pid}/{letter}", "sub", letter, None, None, None, f"({letter}) {item};"))

    # -- document ----------------------------------------------------------------------------
    def paragraphs(self) -> list[_Para]:
        r = self.rng
        d = self.doc
        cited = list(d.cites)
        r.shuffle(cited)
        op_cites: list[int] = []
        if cited and r.random() < 0.15:
            op_cites.append(cited.pop())
        by_body: dict[str, list[int]] = {}
        for idx in sorted(cited):
            by_body.setdefault(self.docs[idx].body, []).append(idx)
        groups: list[list[list[int]]] = []  # one paragraph per run of up to three of one body
        for body in sorted(by_body, key=lambda b: (b != d.body, b)):
            run = by_body[body]
            while run:
                size = min(len(run), r.randint(1, 3))
                groups.append([run[:size]])
                run = run[size:]
        n_pre = r.randint(8, 22)
        n_op = r.randint(8, 26)
        out: list[_Para] = []
        plans: list[str] = ["cite"] * len(groups)
        plans += ["inst"] * r.choice((0, 1, 1, 2, 2, 3))
        if r.random() < 0.4:
            plans.append("report")
        plans += ["generic"] * max(0, n_pre - len(plans))
        # citing paragraphs come first, as in the real preambles; the rest is shuffled
        head, tail = plans[: len(groups)], plans[len(groups) :]
        r.shuffle(tail)
        gi = 0
        for j, kind in enumerate(head + tail, start=1):
            pid, num = f"pp/{j}", str(j)
            if kind == "cite":
                out.append(self.preambular_citing(pid, num, groups[gi]))
                gi += 1
            elif kind == "inst":
                out.append(self.preambular_instruments(pid, num))
            elif kind == "report":
                out.append(self.preambular_report(pid, num))
            else:
                g = self._generic(self.v_pre)
                para = _Para(
                    pid, "preambular", num, g.label, g.key, g.relation, g.text, [], [*g.mentions], []
                )
                para.pooled = self.last_pooled
                out.append(para)
        inst_ops = set(r.sample(range(1, n_op), min(n_op - 1, r.choice((0, 1, 1, 2)))))
        cite_op = r.randrange(1, n_op) if op_cites else -1
        with_subs = r.randrange(1, n_op) if r.random() < 0.5 else -1
        for k in range(1, n_op + 1):
            if k == n_op:
                out.append(self.closing(k))
                continue
            if k == cite_op or (k in inst_ops):
                p = self.operative(k, op_cites if k == cite_op else None, k != cite_op)
                addressed = False
            else:
                g = self._generic(self.v_op)
                text = f"{k}. {g.text}"
                p = _Para(f"op/{k}", "operative", str(k), g.label, g.key, g.relation, text, [])
                p.mentions.extend(g.mentions)
                p.addressees.extend(g.addressees)
                p.pooled = self.last_pooled
                addressed = g.addressed
            if k == with_subs and addressed:
                self.subparagraphs(p)
            else:
                p.text += ";"
            out.append(p)
        return out

    def closing(self, number: int) -> _Para:
        label = self.v.decides
        p = self._new(f"op/{number}", "operative", str(number), label)
        session = self.doc.session + (1 if self.doc.body != "HRC" else 3)
        when = (
            f"its {ordinal_words(session)} session"
            if self.doc.body != "ECOSOC"
            else f"its session of {session}"
        )
        p.text = f"{number}. Decides to continue its consideration of the question at {when}."
        return p


def _wrap(text: str, width: int) -> str:
    """Break a paragraph into lines of at most ``width`` characters by turning spaces into newlines.

    Offsets are unchanged (one character for one), so spans recorded before wrapping stay valid.
    """
    if len(text) <= width:
        return text
    lines: list[str] = []
    start = 0
    end = len(text)
    while end - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            cut = text.find(" ", start + width)
            if cut < 0:
                break
        lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return "\n".join(lines)


def _header(doc: Planned, rng: random.Random) -> tuple[list[str], dict[str, str]]:
    """The heading lines, and the fields they state (for the record)."""
    body = BODY_NAMES[doc.body]
    distr = (dt.date.fromisoformat(doc.date) + dt.timedelta(days=rng.randint(20, 80))).isoformat()
    lines = [MARKER, "United Nations", doc.symbol, "General Assembly" if doc.body != "ECOSOC" else body]
    lines += ["Distr.: General", long_date(distr)]
    session = f"{ordinal_words(doc.session).capitalize()} session"
    if doc.body == "HRC":
        item = str(rng.randint(2, 10))
        lines += ["Human Rights Council", session, f"Agenda item {item}"]
    elif doc.body == "GA":
        item = str(rng.randint(60, 140))
        lines += [session, f"Agenda item {item}"]
    else:
        session = f"Session of {doc.session}"
        item = str(rng.randint(4, 20))
        lines += [session, f"Agenda item {item}"]
    lines.append(f"Resolution adopted by the {body} on {long_date(doc.date)}")
    header_refs = [doc.symbol]
    if doc.body == "GA":
        report = f"A/{doc.session}/{rng.randint(400, 480)}"
        header_refs.append(report)
        lines.append(f"[on the report of the Third Committee ({report})]")
    lines.append(f"{doc.number}. {doc.title}")
    fields = {
        "symbol": doc.symbol,
        "body": doc.body,
        "date": doc.date,
        "title": doc.title,
        "agenda_item": item,
        "distribution_date": distr,
        "header_refs": " ".join(header_refs),
    }
    if doc.body != "ECOSOC":  # the ECOSOC "Session of <year>" line is this generator's own form
        fields["session"] = session
    return lines, fields


def render(doc: Planned, docs: Sequence[Planned], rng: random.Random) -> tuple[str, dict[str, Any]]:
    """The text of one synthetic document and the record of what it says."""
    vocab = vocabulary()
    wrapped = rng.random() < 0.5
    width = WIDTHS[int(rng.random() * len(WIDTHS))]
    header, fields = _header(doc, rng)
    writer = _Writer(rng, doc, docs, vocab)
    paras = writer.paragraphs()
    sep = "\n" if wrapped else "\n\n"
    head = "\n".join(header) + ("\n" if wrapped else "\n\n") + f"The {BODY_NAMES[doc.body]},{sep}"
    parts: list[str] = [head]
    pos = len(head)
    line = 1 + head.count("\n")
    truth_paras: list[list[Any]] = []
    citations: list[dict[str, Any]] = []
    addressees: list[list[str]] = []
    mentions: dict[tuple[str, str], None] = {("body", doc.body): None}
    footnoted: set[str] = set()
    for p in paras:
        for q in (p, *p.subs) if p.subs else (p,):
            text = q.text
            if not wrapped:
                body = text
            elif q.pooled >= 0 and not q.subs:
                if q.kind == "preambular":
                    body = _prewrapped("preambular", width, 0)[q.pooled]
                else:
                    lead = q.number + ". "
                    body = lead + _prewrapped("operative", width, len(lead))[q.pooled]
            else:
                body = _wrap(text, width)
            start = pos
            truth_paras.append([q.pid, q.label, q.key, start, start + len(text), line])
            parts.append(body)
            parts.append(sep)
            pos += len(body) + len(sep)
            line += body.count("\n") + len(sep)
            if q.cites:
                for c in q.cites:
                    s0, e0 = c["span"]
                    citations.append({"paragraph": q.pid, **c, "span": [start + s0, start + e0]})
            for mention in q.mentions:
                mentions[mention] = None
            for kind, key in q.addressees:
                addressees.append([q.pid, kind, key])
        if not wrapped and p.markers:
            for m in p.markers:
                if m not in footnoted:
                    footnoted.add(m)
                    fn = writer.footnotes[int(m) - 1]
                    piece = f"{m.translate(SUPERSCRIPTS)} {fn['text']}\n\n"
                    parts.append(piece)
                    pos += len(piece)
                    line += 2
    what = "meeting" if doc.body == "HRC" else "plenary meeting"
    fields["meeting"] = f"{ordinal_suffix(rng.randint(40, 80))} {what}"
    parts.append(f"{fields['meeting']}\n{long_date(doc.date)}\n")
    if wrapped and writer.footnotes:
        parts.append("__________________\n")
        parts.extend(f"{fn['marker'].translate(SUPERSCRIPTS)} {fn['text']}\n" for fn in writer.footnotes)
    truth = {
        "symbol": doc.symbol,
        "layout": "wrapped" if wrapped else "blank-line",
        "paragraphs": truth_paras,
        "citations": citations,
        "footnotes": writer.footnotes,
        "mentions": [list(m) for m in mentions],
        "addressees": addressees,
        "header": fields,
    }
    return "".join(parts), truth
