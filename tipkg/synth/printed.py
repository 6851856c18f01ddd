"""An official Akoma Ntoso text as it prints, and the text versions users paste from it.

The UN's own files (../shared/corpus/unxml) say exactly what each resolution is; the PDFs, Word files
and web copies users have of the texts the UN never marked up are the same texts printed. So the
truth for those paths is made here: an AKN file read as marked up (:func:`tipkg.loaders.sources.akn.read_akn`)
becomes a :class:`Printed` text — its heading lines, then every unit (paragraph, point, heading) of
the document, its annexes and drafts in order, with the footnote markers where they stood and the
footnotes numbered as printed — which :mod:`tipkg.synth.unpdf` lays out as a UN PDF and the
functions below turn into the text versions:

* :func:`plain_text`: one paragraph per line, footnotes after a rule at the end (a Word file's or a
  careful copy's text);
* :func:`flattened_text`: the heading and every paragraph on one line, as a web page copied without
  its line breaks gives it; the footnotes follow on lines of their own (a page's notes list);
* :func:`fragment_text`: what a user pastes from part of a text (:data:`FRAGMENT_RECIPE`): from the
  middle of a preambular paragraph, a run of paragraphs, a "[...]" gap, then from a later operative
  paragraph to the middle of another; footnotes of the markers kept, after a rule.

Nothing here is stored: the versions are written to temporary folders at test or evaluation time
(the texts are the UN's; the repository holds only the recipe).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tipkg.loaders.parse.marked import Block, Marked, Unit

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
FOOTNOTE_RULE = "_" * 18


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph's text; ``marker`` True for a footnote marker (set raised and small)."""

    text: str
    marker: bool = False


@dataclass
class Para:
    """One printed paragraph: its number as printed ("1.", "(a)", or ""), its runs, its indent level."""

    num: str
    runs: list[Run]
    level: int = 0  # 0 body, 1 point, 2 point of a point
    heading: bool = False  # a heading line (the adopting formula, "Annex", an annex title)
    centred: bool = False
    eid: str | None = None  # the unit's identifier in the official file

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    def plain(self, superscript: bool = True) -> str:
        """The paragraph on one line: number, text, markers as superscript digits."""
        body = "".join(
            (r.text.translate(SUPERSCRIPTS) if superscript else r.text) if r.marker else r.text
            for r in self.runs
        )
        return f"{self.num} {body}" if self.num else body


@dataclass
class Printed:
    """A document as printed: heading lines (role, text), paragraphs, footnotes by marker."""

    symbol: str
    title: str
    heading: list[tuple[str, str]]
    paras: list[Para] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # marker -> footnote text, in print order
    job: str = ""  # job number "21-19241"
    issued: str = ""  # distribution date code "110122"


_JOB = re.compile(r"[-_](\d{2})(\d{5})E\b")
_DATE_CODE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def printed(marked: Marked, file_name: str = "") -> Printed:
    """The print of a document read from Akoma Ntoso (``file_name`` gives the job number, when its
    name carries one as the UN's do: "A_RES_76_186-2119241E.xml")."""
    out = Printed(symbol=marked.symbol or "", title=marked.title or "", heading=list(marked.header))
    counter = [0]
    _block(out, marked.main, counter)
    jm = _JOB.search(file_name)
    if jm:
        out.job = f"{jm.group(1)}-{jm.group(2)}"
    else:  # a stable made-up job number of the same shape
        digits = f"{sum(ord(c) * (i + 1) for i, c in enumerate(out.symbol)) % 100000:05d}"
        out.job = f"{(marked.date or '2000')[2:4]}-{digits}"
    dm = _DATE_CODE.match(marked.distribution_date or marked.date or "")
    out.issued = f"{dm.group(3)}{dm.group(2)}{dm.group(1)[2:]}" if dm else "010100"
    return out


def _block(out: Printed, block: Block, counter: list[int]) -> None:
    for unit in block.units:
        _unit(out, unit, 0, counter)
    for child in block.blocks:
        _block(out, child, counter)


def _unit(out: Printed, unit: Unit, level: int, counter: list[int]) -> None:
    runs: list[Run] = []
    pos = 0
    for offset, note in sorted(unit.notes, key=lambda x: x[0]):
        counter[0] += 1
        marker = note.marker if note.marker and note.marker not in out.notes else str(counter[0])
        if offset > pos:
            runs.append(Run(unit.text[pos:offset]))
        runs.append(Run(marker, marker=True))
        out.notes[marker] = " ".join(note.text.split())
        pos = offset
    if pos < len(unit.text):
        runs.append(Run(unit.text[pos:]))
    if not runs and not unit.children:  # an empty list item the markup keeps (its text is elsewhere)
        return
    heading = unit.heading_like and unit.zone == "body" and not unit.num
    formula = unit.tag == "formula" or bool(re.match(r"^The\s+[A-Z][\w\s’'-]+[,:]?$", unit.text))
    out.paras.append(
        Para(
            unit.num or "",
            runs,
            level=level,
            heading=heading or (formula and not unit.num),
            centred=heading and not formula,
            eid=unit.eid,
        )
    )
    for child in unit.children:
        _unit(out, child, level + 1, counter)


# --- text versions ---------------------------------------------------------------------------------


def _footnotes(doc: Printed, markers: list[str] | None = None) -> str:
    keep = [m for m in doc.notes if markers is None or m in markers]
    if not keep:
        return ""
    return "\n\n" + FOOTNOTE_RULE + "\n" + "\n".join(f"{m} {doc.notes[m]}" for m in keep) + "\n"


def plain_text(doc: Printed) -> str:
    """One paragraph per line, blank lines between, footnotes after a rule at the end."""
    lines = [text for _, text in doc.heading] + [p.plain() for p in doc.paras]
    return "\n\n".join(lines) + _footnotes(doc)


def flattened_text(doc: Printed) -> str:
    """The heading and every paragraph on one line; the footnotes on lines of their own after it."""
    line = " ".join([text for _, text in doc.heading] + [p.plain() for p in doc.paras])
    return line + _footnotes(doc)


#: how :func:`fragment_text` cuts a text (all positions counted in paragraphs of the body)
FRAGMENT_RECIPE = (
    "start in the middle of the preambular paragraph at 30 % of the preamble (at the word nearest its "
    "middle), keep the paragraphs up to the last preambular one, write a '[...]' gap line, skip the "
    "first third of the operative paragraphs, keep the rest up to the middle of the last paragraph "
    "(at a word); footnotes of the markers kept follow after a rule; no heading"
)


def fragment_text(doc: Printed) -> tuple[str, list[int]]:
    """A partial copy by :data:`FRAGMENT_RECIPE`, and the indexes (in ``doc.paras``) it keeps."""
    body = [i for i, p in enumerate(doc.paras) if not p.heading]
    pre = [i for i in body if not doc.paras[i].num and doc.paras[i].level == 0]
    ops = [i for i in body if i not in pre]
    if not body:
        return "", []
    first = pre[int(len(pre) * 0.3)] if pre else body[0]
    first_op = ops[len(ops) // 3] if ops else None
    last = body[-1]
    kept = [i for i in body if first <= i <= (pre[-1] if pre else first)]
    kept_ops = [i for i in body if first_op <= i <= last and i not in kept] if first_op is not None else []
    parts: list[str] = [_cut(doc.paras[first].plain(), head=False)]
    parts += [doc.paras[i].plain() for i in kept[1:]]
    if kept_ops:
        parts.append("[...]")
        parts += [doc.paras[i].plain() for i in kept_ops[:-1]]
        if len(kept_ops) > 1:
            parts.append(_cut(doc.paras[kept_ops[-1]].plain(), head=True))
        else:
            parts.append(doc.paras[kept_ops[-1]].plain())
    markers = [r.text for i in kept + kept_ops for r in doc.paras[i].runs if r.marker]
    return "\n\n".join(parts) + _footnotes(doc, markers), kept + kept_ops


def _cut(text: str, *, head: bool) -> str:
    """The first (``head``) or last half of a paragraph, cut at the space nearest its middle."""
    mid = len(text) // 2
    at = text.rfind(" ", 0, mid)
    at = at if at > 0 else mid
    return text[:at] if head else text[at + 1 :]
