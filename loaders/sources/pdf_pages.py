"""The pages of a PDF read as a UN document prints them: body, footnotes, furniture.

:mod:`.pdf` turns each page into :class:`PdfLine` objects (text with raised small digits already as
superscripts, baseline, left edge, font size); this module, which knows nothing of the PDF library,
decides what each line is and writes the *reading text* the text parser gets:

* **furniture** is left out wherever it stands: at the top of pages 2 to N the running header (the
  document's symbol, its title on one or two lines, in either order), at the foot of every page the
  page number ("2/10"), job number and date code ("21-19241 (E) 110122", "21-19241"), the bar code
  line ("*2119241*"), "Please recycle" — found by their shapes (:func:`tipkg.loaders.parse.clean.is_page_furniture`),
  by the symbol and title, and by repetition in the same place on two pages or more;
* **footnotes** are the lines under the footnote rule ("__________________", set as text by the UN),
  or, on a page without one, the trailing lines set smaller than the body that start with a marker;
  each starts at its marker, and a note running on to the next page's foot continues the last one;
* **body** lines of all pages follow one another, so a paragraph or a list of resolutions broken by a
  page goes on as if no page ended there (a blank line marks a paragraph's vertical space);
* the footnotes follow the body under one rule, one "marker text" line each, as the DOCX reader and
  the Akoma Ntoso reader write them; their markers stay in the body as superscript digits.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tipkg.loaders.parse.clean import is_page_furniture
from tipkg.loaders.parse.footnotes import SUPERSCRIPTS
from tipkg.loaders.parse.references import SYMBOL

RULE = "_" * 18
_RULE_LINE = re.compile(r"^\s*_{5,}\s*$")
_NOTE_START = re.compile(r"^\s*([" + SUPERSCRIPTS + r"]+|\d{1,3}|\*{1,3})\s*(?=\S)")
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
_RES_SYMBOL = re.compile(r"/(?:RES|DEC|PRST)/")
HEADER_ZONE = 4  # lines from a page's top (or foot) looked at for a running header (or footer)


@dataclass
class PdfLine:
    """One printed line (or one column of a line) of a page."""

    text: str
    y: float  # baseline, points from the page's foot
    x: float  # left edge
    size: float  # the font size most of its characters are set in
    page: int  # 1-based
    lead_marker: bool = False  # starts with a raised small number (a footnote's marker)


@dataclass
class Reading:
    """The reading text, and what was left out (for diagnostics and tests)."""

    text: str
    furniture: list[PdfLine]
    notes: list[tuple[str, str]]


def _letters(s: str) -> str:
    return re.sub(r"[^a-z]", "", s.lower())


def own_symbol(lines: list[PdfLine]) -> str | None:
    """The document's symbol as its first page prints it (a resolution's, decision's or statement's)."""
    for ln in lines[:12]:
        for m in SYMBOL.finditer(ln.text):
            sym = " ".join(m.group(0).split())
            if _RES_SYMBOL.search(sym):
                return sym
    for ln in lines[:6]:  # a report or other document: the first symbol at the top
        first = SYMBOL.search(ln.text)
        if first:
            return " ".join(first.group(0).split())
    return None


def _title_letters(lines: list[PdfLine]) -> str:
    """Letters of the numbered title on page 1 ("76/186. Improving …"), for the running header."""
    out: list[str] = []
    for i, ln in enumerate(lines[:40]):
        if re.match(r"^\s*(?:Resolution\s+|Decision\s+)?(?:[SE]S-)?\d{1,4}\s?/\s?\d{1,4}\.\s+\S", ln.text):
            out.append(ln.text.split(".", 1)[1])
            for nxt in lines[i + 1 : i + 4]:
                if abs(nxt.size - ln.size) < 0.3 and not nxt.text.rstrip().endswith(","):
                    out.append(nxt.text)
                else:
                    break
            break
    return _letters(" ".join(out))


class _Pages:
    def __init__(self, pages: list[list[PdfLine]], title: str | None = None) -> None:
        self.pages = pages
        first = pages[0] if pages else []
        self.symbol = own_symbol(first)
        self.title = _letters(title) if title else _title_letters(first)
        sizes: Counter[float] = Counter()
        for page in pages:
            for ln in page:
                sizes[round(ln.size, 1)] += len(ln.text)
        self.body_size = sizes.most_common(1)[0][0] if sizes else 10.0
        self.repeated = self._repeated()

    @staticmethod
    def _key(ln: PdfLine) -> str:
        return re.sub(r"[\d\s]+", "#", ln.text.strip())

    def _repeated(self) -> set[str]:
        """Lines in a page's top or foot zone that stand there on two pages or more (page 1's top,
        the masthead, left out)."""
        seen: Counter[str] = Counter()
        for n, page in enumerate(self.pages, start=1):
            zone = page[-HEADER_ZONE:] if n == 1 else page[:HEADER_ZONE] + page[-HEADER_ZONE:]
            for key in {self._key(ln) for ln in zone}:
                seen[key] += 1
        return {k for k, c in seen.items() if c >= 2 and len(k.replace("#", "")) >= 3}

    def _header_like(self, ln: PdfLine) -> bool:
        s = " ".join(ln.text.split())
        if not s:
            return True
        if is_page_furniture(s) or self._key(ln) in self.repeated:
            return True
        if self.symbol and (
            s == self.symbol or s.startswith(self.symbol + " ") or s.endswith(" " + self.symbol)
        ):
            rest = s.replace(self.symbol, "").strip()
            return not rest or (len(_letters(rest)) >= 4 and _letters(rest) in self.title)
        letters = _letters(s)
        return len(letters) >= 4 and bool(self.title) and letters in self.title and ln.size < self.body_size

    def furniture(self, n: int, page: list[PdfLine]) -> set[int]:
        """Indexes of the furniture lines of page ``n``: the running header at the top (pages 2 to N),
        the footer at the foot (every page), any line of a known furniture shape."""
        out: set[int] = set()
        if n > 1:
            for i, ln in enumerate(page[:HEADER_ZONE]):
                if not self._header_like(ln):
                    break
                out.add(i)
        for i in range(len(page) - 1, max(-1, len(page) - 1 - HEADER_ZONE), -1):
            ln = page[i]
            s = " ".join(ln.text.split())
            if is_page_furniture(s) or self._key(ln) in self.repeated:
                out.add(i)
            else:
                break
        for i, ln in enumerate(page):
            if is_page_furniture(" ".join(ln.text.split())):
                out.add(i)
        return out

    def note_area(self, page: list[PdfLine], furniture: set[int], continuing: bool = False) -> int:
        """Index of the first footnote line of a page (``len(page)`` when it has none). Without a
        rule, the trailing run of lines set smaller than the body is the footnotes when one of them
        starts with a marker, or when it continues a note of the page before (``continuing``)."""
        body = [i for i in range(len(page)) if i not in furniture]
        for i in reversed(body):
            if _RULE_LINE.match(page[i].text):
                return i
        start = len(page)
        run = len(page)
        for i in reversed(body):
            ln = page[i]
            if ln.size >= self.body_size - 0.4:
                break
            run = i
            if ln.lead_marker or (_NOTE_START.match(ln.text) and ln.text.lstrip()[0] in SUPERSCRIPTS):
                start = i
        return run if continuing and run < len(page) else start


def reading_text(pages: list[list[PdfLine]], title: str | None = None) -> Reading:
    """The body of every page in order, furniture left out, then the footnotes (module docstring)."""
    model = _Pages(pages, title)
    body: list[str] = []
    notes: list[list[str]] = []  # [marker, text]
    furniture: list[PdfLine] = []
    last_y: float | None = None
    for n, page in enumerate(pages, start=1):
        skip = model.furniture(n, page)
        furniture.extend(page[i] for i in sorted(skip))
        area = model.note_area(page, skip, continuing=bool(notes))
        for i, ln in enumerate(page):
            if i in skip or i >= area:
                continue
            if (
                last_y is not None
                and body
                and ln.y < last_y
                and last_y - ln.y > max(ln.size, model.body_size) * 1.75
            ):
                body.append("")  # vertical space: a new paragraph or heading
            body.append(ln.text.strip())
            last_y = ln.y
        last_y = None  # a new page: no spacing known to its first line
        raised = any(ln.lead_marker for ln in page[area:])
        for i in range(area, len(page)):
            if i in skip or _RULE_LINE.match(page[i].text):
                continue
            text = page[i].text.strip()
            m = _NOTE_START.match(text)
            if m and _starts_note(page[i], m.group(1), raised, notes):
                notes.append([m.group(1).translate(_SUP_TO_DIGIT), text[m.end() :]])
            elif notes:
                notes[-1][1] = _join(notes[-1][1], text)
            else:
                body.append(text)
    while body and not body[-1]:
        body.pop()
    text = "\n".join(body)
    if notes:
        text += "\n\n" + RULE + "\n" + "\n".join(f"{m} {t}" for m, t in notes)
    return Reading(text, furniture, [(m, t) for m, t in notes])


def _join(a: str, b: str) -> str:
    if re.search(r"[^\W\d_]-$", a) and b[:1].islower():
        return a[:-1] + b
    return f"{a} {b}"


def _starts_note(ln: PdfLine, marker: str, raised: bool, notes: list[list[str]]) -> bool:
    """Whether a footnote line starts a note: its marker is raised (where the page raises them), a
    superscript or a star, or else the number after the last note's (a line of a note that starts
    with a number, "2018, Supplement No. 10", goes on with it)."""
    if ln.lead_marker or marker[0] in SUPERSCRIPTS or marker.startswith("*"):
        return True
    if raised:
        return False
    last = notes[-1][0] if notes else "0"
    return marker.isdigit() and (
        not last.isdigit() or int(marker) in (int(last) + 1, int(last) + 2) or not notes
    )
