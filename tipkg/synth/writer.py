"""The writer of one synthetic document's paragraphs (and the record of what each says), and the
pools of generic paragraphs it draws from, built once from a fixed seed: most paragraphs cite nothing,
and drawing them from a pool keeps generation fast without changing their distribution."""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tipkg.synth import prose
from tipkg.synth.plan import (
    BODY_NAMES,
    FIRST_SESSION,
    FIRST_YEAR,
    Planned,
    long_date,
    ordinal_words,
)
from tipkg.synth.vocab import Form, Label, Vocabulary, entity_name, footnote_text, vocabulary

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


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
    w = Writer(random.Random("tipkg-synth-paragraphs"), dummy, (), v, pools=((), ()))
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
def prewrapped(kind: str, width: int, prefix: int) -> tuple[str, ...]:
    """The generic pool of ``kind`` wrapped at ``width``, operative texts behind a ``prefix``-wide
    number ("9. " or "12. "): wrapping depends on the prefix's width only, so the number is put in
    afterwards. Built on first use, once per process."""
    pre, op = generic_paragraphs()
    if kind == "preambular":
        return tuple(wrap(g.text, width) for g in pre)
    pad = "0" * (prefix - 2) + ". "
    return tuple(wrap(pad + g.text + ";", width)[prefix:] for g in op)


class Writer:
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
        name = entity_name(entry)
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
        who = f"the {entity_name(author)}" if author else "the Secretary-General"
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
                body = f"the {entity_name(entity)}, and {self._draw(pool, 'np')}"
            else:
                entity = r.choice(self.v.bodies)
                body = f"the contribution of the {entity_name(entity)} to {prose.pick(r, prose.OBJECTS)}"
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
                return f"the {entity_name(e)}"
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


def wrap(text: str, width: int) -> str:
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
