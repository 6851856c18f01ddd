"""Partial copies of official texts, made by a recipe: what a user pastes from a web page or a PDF.

The hand-annotated partial texts of tests/gold/partial are not stored: each gold file holds the
recipe that makes its text from the official AKN file (../shared/corpus/unxml), deterministically.
A recipe (JSON object) names:

* ``file``: the AKN file, relative to the corpus folder;
* ``units``: the eIds of the units copied, in order; ``"[...]"`` writes a gap line there;
* ``start_at`` (optional): the copy starts at the first occurrence of this text in the first unit
  (a fragment starting mid-paragraph or mid-list);
* ``form``: ``paragraphs`` (one per line, blank lines between), ``flattened`` (all on one line, as a
  web page copied without its line breaks) or ``pdf-lines`` (text pasted from a PDF: paragraphs
  wrapped at ``wrap`` characters, and after line ``page_break_after_line`` the page's footnotes under
  their rule, the page number with the job number, and the next page's running header);
* ``footnotes``: whether the footnotes of the markers copied follow (after a rule; in ``pdf-lines``
  at the foot of the page their marker is on).

Footnote markers are copied as superscript digits.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from tipkg.loaders.sources.akn import read_akn
from tipkg.synth.printed import FOOTNOTE_RULE, Para, Printed, printed

GAP = "[...]"


def recipe_text(corpus: Path, recipe: dict[str, Any]) -> str:
    """The partial text a recipe makes from its official file (see the module docstring)."""
    path = corpus / str(recipe["file"])
    doc = printed(read_akn(path), path.name)
    by_eid = {p.eid: p for p in doc.paras if p.eid}
    chosen: list[Para | None] = []
    for eid in recipe["units"]:
        if eid == GAP:
            chosen.append(None)
        elif eid in by_eid:
            chosen.append(by_eid[eid])
        else:
            raise KeyError(f"{path.name}: no unit {eid!r}")
    texts = [GAP if p is None else p.plain() for p in chosen]
    start = recipe.get("start_at")
    if start:
        at = texts[0].find(str(start))
        if at < 0:
            raise ValueError(f"{path.name}: {start!r} is not in {recipe['units'][0]}")
        texts[0] = texts[0][at:]
    markers = [r.text for p in chosen if p is not None for r in p.runs if r.marker]
    form = recipe.get("form", "paragraphs")
    notes = bool(recipe.get("footnotes"))
    if form == "pdf-lines":
        return _pdf_lines(doc, texts, markers if notes else [], int(recipe.get("wrap", 96)),
                          int(recipe.get("page_break_after_line", 12)))  # fmt: skip
    kept = [m for m in markers if _sup(m) in " ".join(texts)] if notes else []
    body = " ".join(texts) if form == "flattened" else "\n\n".join(texts)
    return body + _notes(doc, kept)


def _sup(marker: str) -> str:
    return marker.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _notes(doc: Printed, markers: list[str]) -> str:
    if not markers:
        return "\n"
    return "\n\n" + FOOTNOTE_RULE + "\n" + "\n".join(f"{m} {doc.notes[m]}" for m in markers) + "\n"


def _pdf_lines(doc: Printed, texts: list[str], markers: list[str], wrap: int, brk: int) -> str:
    lines: list[str] = []
    for t in texts:
        lines.extend(textwrap.wrap(t, wrap, break_on_hyphens=False, break_long_words=False) or [""])
    head = lines[:brk]
    tail = lines[brk:]
    first = [m for m in markers if _sup(m) in "\n".join(head)]
    rest = [m for m in markers if m not in first and _sup(m) in "\n".join(tail)]
    title = " ".join(doc.title.split()[:10])
    furniture = [""]
    if first:
        furniture += [FOOTNOTE_RULE] + [f"{m} {doc.notes[m]}" for m in first]
    furniture += [f"2/4 {doc.job}", f"{doc.symbol} {title}", ""]
    out = "\n".join(head + furniture + tail)
    return out + (_notes(doc, rest) if rest else "\n")
