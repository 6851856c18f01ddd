"""A :class:`~tipkg.synth.printed.Printed` text laid out as the UN prints a resolution, to a PDF.

The layout of the documents the UN's document system serves (single column, A4):

* page 1: the masthead — "United Nations" and the symbol on one baseline, the body's name, "Distr.:
  General" and the date at the right, the session and agenda item, "Resolution adopted by …", the
  committee's report, the numbered title — and at its foot the job number with its date code
  ("21-19241 (E)    110122") and the bar code line ("*2119241*");
* pages 2 to N: a running header under which a rule is drawn — symbol left and title right on even
  pages, title left and symbol right on odd ones, the title wrapped to two lines when long — and a
  footer with the page number "n/N" and the job number (on the outer side);
* body text in Times 10 pt, justified, words hyphenated at line ends where a long word would not fit
  (at a vowel-consonant boundary, both halves of three letters or more), paragraphs running on from
  one page to the next; a few words drawn in two pieces with a small gap, as justified text set with
  kerning comes out of PDF producers ("Unit ed", "Conven tion");
* footnote markers raised and small; each footnote at the foot of the page its marker is on, under
  the "__________________" rule the UN sets as text, its marker raised at the indent.

:func:`write_pdf` needs reportlab (a development dependency of tipkg).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipkg.synth.printed import FOOTNOTE_RULE, Para, Printed

PAGE_W, PAGE_H = 595.27, 841.89  # A4 in points
LEFT, RIGHT = 72.0, 72.0
BODY_FONT, BOLD_FONT, HEAD_FONT, HEAD_BOLD = "Times-Roman", "Times-Bold", "Helvetica", "Helvetica-Bold"
SIZE, LEADING = 10.0, 12.0
NOTE_SIZE, NOTE_LEADING = 8.5, 10.0
MARK_SIZE, MARK_RISE = 6.0, 3.5
TOP_FIRST, TOP_NEXT = PAGE_H - 60, PAGE_H - 88
BOTTOM = 64.0  # lowest baseline of body text or footnotes
SPLIT_EVERY = 97  # about one word in this many (of six letters or more) is drawn in two pieces
_VOWELS = set("aeiouy")


@dataclass
class _Draw:
    x: float
    y: float
    text: str
    font: str
    size: float


@dataclass
class _Page:
    draws: list[_Draw] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # markers whose footnotes go at this page's foot
    note_height: float = 0.0


@dataclass
class _Piece:
    text: str
    marker: bool = False


_Token = list[_Piece]


def _width(measure: Any, token: _Token, size: float = SIZE, font: str = BODY_FONT) -> float:
    return float(sum(measure(p.text, font, MARK_SIZE if p.marker else size) for p in token))


def _tokens(para: Para) -> list[_Token]:
    """Words with the footnote markers that follow them attached (no space before a marker)."""
    out: list[_Token] = []
    glue = False
    for run in para.runs:
        if run.marker:
            if out:
                out[-1].append(_Piece(run.text, True))
            else:
                out.append([_Piece(run.text, True)])
            glue = True
            continue
        words = run.text.split(" ")
        for i, w in enumerate(words):
            if not w:
                glue = False
                continue
            if i == 0 and glue and out and not run.text.startswith(" "):
                out[-1].append(_Piece(w))
            else:
                out.append([_Piece(w)])
            glue = False
        glue = not run.text.endswith(" ")
    return out


def _stable(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


class _Layout:
    def __init__(self, doc: Printed, measure: Any) -> None:
        self.doc = doc
        self.measure = measure
        self.pages: list[_Page] = [_Page()]
        self.y = TOP_FIRST
        self.words = 0

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = TOP_NEXT

    def note_lines(self, marker: str) -> list[str]:
        width = PAGE_W - LEFT - RIGHT - 18
        return _wrap_plain(self.doc.notes.get(marker, ""), width, self.measure, BODY_FONT, NOTE_SIZE)

    def notes_height(self, markers: list[str]) -> float:
        if not markers:
            return 0.0
        return NOTE_LEADING * 1.5 + sum(len(self.note_lines(m)) * NOTE_LEADING for m in markers)

    def fits(self, markers: list[str]) -> bool:
        wanted = self.page.notes + [m for m in markers if m not in self.page.notes]
        return self.y - LEADING >= BOTTOM + self.notes_height(wanted)

    # ------------------------------------------------------------------------------ masthead
    def masthead(self) -> None:
        d = self.page.draws
        heading = list(self.doc.heading)
        top = PAGE_H - 52
        d.append(_Draw(LEFT, top, "United Nations", HEAD_BOLD, 13))
        sym = self.doc.symbol
        d.append(_Draw(PAGE_W - RIGHT - self.measure(sym, HEAD_BOLD, 13), top, sym, HEAD_BOLD, 13))
        body = next((t for r, t in heading[1:] if r == "body"), "")
        d.append(_Draw(LEFT, top - 30, body, HEAD_BOLD, 18))
        right = [t for r, t in heading if r in ("status", "date")]
        for i, t in enumerate(right):
            d.append(_Draw(400, top - 24 - 12 * i, t, BODY_FONT, 10))
        self.y = top - 30 - 24 - 12 * max(0, len(right) - 2)
        rest = [
            (r, t)
            for r, t in heading
            if r not in ("status", "date", "symbol") and t not in ("United Nations", body)
        ]
        for role, text in rest:
            bold = role in ("adopted", "title")
            font, size = (BOLD_FONT, 12.0) if bold else (BODY_FONT, 10.0)
            if role == "title":
                self.y -= 6
            for line in _wrap_plain(text, PAGE_W - LEFT - RIGHT - 36, self.measure, font, size):
                d.append(_Draw(LEFT, self.y, line, font, size))
                self.y -= size + 3
            if role in ("adopted", "title"):
                self.y -= 6
        self.y -= 10

    # ------------------------------------------------------------------------------ body
    def paragraph(self, para: Para) -> None:
        if para.heading:
            self.heading(para)
            return
        indent = 36.0 * para.level
        first_x = LEFT + indent + 36.0
        tokens = _tokens(para)
        if para.num:
            tokens.insert(0, [_Piece(para.num)])
        line: list[_Token] = []
        x_start = first_x
        width = PAGE_W - RIGHT - x_start
        used = 0.0
        space = self.measure(" ", BODY_FONT, SIZE)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            w = _width(self.measure, tok)
            need = w + (space if line else 0.0)
            if used + need <= width or not line:
                line.append(tok)
                used += need
                i += 1
                continue
            head, tail = self.hyphenate(tok, width - used - space)
            if head is not None and tail is not None:
                line.append(head)
                tokens[i] = tail
            self.emit_line(line, x_start, width, justify=True)
            line, used = [], 0.0
            x_start = LEFT + indent
            width = PAGE_W - RIGHT - x_start
        if line:
            self.emit_line(line, x_start, width, justify=False)
        self.y -= 6.0

    def hyphenate(self, tok: _Token, room: float) -> tuple[_Token | None, _Token | None]:
        if len(tok) != 1 or room < 20:
            return None, None
        word = tok[0].text
        m = re.fullmatch(r"([A-Za-z]+)([,;:.]?)", word)
        if m is None or len(m.group(1)) < 8:
            return None, None
        letters = m.group(1)
        for cut in range(len(letters) - 3, 2, -1):
            if letters[cut - 1].lower() in _VOWELS and letters[cut].lower() not in _VOWELS:
                head = letters[:cut] + "-"
                if self.measure(head, BODY_FONT, SIZE) <= room:
                    return [_Piece(head)], [_Piece(letters[cut:] + m.group(2))]
        return None, None

    def emit_line(self, line: list[_Token], x0: float, width: float, *, justify: bool) -> None:
        markers = [p.text for tok in line for p in tok if p.marker]
        if not self.fits(markers):
            self.new_page()
        for m in markers:
            if m not in self.page.notes:
                self.page.notes.append(m)
        space = self.measure(" ", BODY_FONT, SIZE)
        widths = [_width(self.measure, t) for t in line]
        gap = space
        if justify and len(line) > 1:
            extra = (width - sum(widths) - space * (len(line) - 1)) / (len(line) - 1)
            if 0 < extra < 6:
                gap = space + extra
        x = x0
        for tok, w in zip(line, widths, strict=True):
            x += self.draw_token(tok, x, self.y) + w + gap
        self.y -= LEADING

    def draw_token(self, tok: _Token, x: float, y: float) -> float:
        """Draw one word; returns the width it took beyond its own (a word drawn in two pieces)."""
        d = self.page.draws
        wider = 0.0
        for piece in tok:
            if piece.marker:
                d.append(_Draw(x, y + MARK_RISE, piece.text, BODY_FONT, MARK_SIZE))
                x += self.measure(piece.text, BODY_FONT, MARK_SIZE)
                continue
            text = piece.text
            self.words += 1
            m = re.fullmatch(r"[A-Za-z]{6,}", text)
            if m and _stable(f"{self.doc.symbol}/{self.words}") % SPLIT_EVERY == 0:
                cut = len(text) // 2
                d.append(_Draw(x, y, text[:cut], BODY_FONT, SIZE))  # the halves 2 pt apart
                x += self.measure(text[:cut], BODY_FONT, SIZE) + 2.0
                d.append(_Draw(x, y, text[cut:], BODY_FONT, SIZE))
                x += self.measure(text[cut:], BODY_FONT, SIZE)
                wider += 2.0
                continue
            d.append(_Draw(x, y, text, BODY_FONT, SIZE))
            x += self.measure(text, BODY_FONT, SIZE)
        return wider

    def heading(self, para: Para) -> None:
        lines = _wrap_plain(para.text, PAGE_W - LEFT - RIGHT - 72, self.measure, BOLD_FONT, SIZE)
        if self.y - LEADING * (len(lines) + 2) < BOTTOM + self.notes_height(self.page.notes):
            self.new_page()
        self.y -= 4
        for ln in lines:
            font = BOLD_FONT if para.centred else BODY_FONT
            w = self.measure(ln, font, SIZE)
            x = (PAGE_W - w) / 2 if para.centred else LEFT + 36
            self.page.draws.append(_Draw(x, self.y, ln, font, SIZE))
            self.y -= LEADING
        self.y -= 6


def _wrap_plain(text: str, width: float, measure: Any, font: str, size: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}" if cur else word
        if cur and measure(cand, font, size) > width:
            lines.append(cur)
            cur = word
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


def layout(doc: Printed) -> list[_Page]:
    """Pages with what is drawn on each (body and masthead; furniture and footnotes come at drawing)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lay = _Layout(doc, stringWidth)
    lay.masthead()
    for para in doc.paras:
        lay.paragraph(para)
    return lay.pages


def write_pdf(doc: Printed, path: Path) -> Path:
    """Write ``doc`` as a UN-style PDF at ``path`` (see the module docstring)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    pages = layout(doc)
    total = len(pages)
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle(doc.symbol)
    for n, page in enumerate(pages, start=1):
        if n > 1:
            _running_header(c, doc, n, stringWidth)
        for d in page.draws:
            c.setFont(d.font, d.size)
            c.drawString(d.x, d.y, d.text)
        _footnotes(c, doc, page, stringWidth)
        _footer(c, doc, n, total, stringWidth)
        c.showPage()
    c.save()
    return path


def _running_header(c: Any, doc: Printed, n: int, measure: Any) -> None:
    title_lines = _wrap_plain(doc.title, 300, measure, HEAD_BOLD, 8.5)[:2]
    y = PAGE_H - 40
    sym_w = measure(doc.symbol, HEAD_BOLD, 9)
    even = n % 2 == 0
    c.setFont(HEAD_BOLD, 9)
    c.drawString(LEFT if even else PAGE_W - RIGHT - sym_w, y, doc.symbol)
    c.setFont(HEAD_BOLD, 8.5)
    for i, line in enumerate(title_lines):
        w = measure(line, HEAD_BOLD, 8.5)
        c.drawString(PAGE_W - RIGHT - w if even else LEFT, y - 10 * i, line)
    c.setLineWidth(0.5)
    low = y - 10 * (len(title_lines) - 1) - 5
    c.line(LEFT, low, PAGE_W - RIGHT, low)


def _footnotes(c: Any, doc: Printed, page: _Page, measure: Any) -> None:
    if not page.notes:
        return
    lay = _Layout(doc, measure)
    height = lay.notes_height(page.notes)
    y = BOTTOM + height - NOTE_LEADING
    c.setFont(BODY_FONT, SIZE)
    c.drawString(LEFT, y, FOOTNOTE_RULE)
    y -= NOTE_LEADING * 1.5
    for marker in page.notes:
        c.setFont(BODY_FONT, MARK_SIZE)
        c.drawString(LEFT + 10, y + MARK_RISE, marker)
        c.setFont(BODY_FONT, NOTE_SIZE)
        for line in lay.note_lines(marker):
            c.drawString(LEFT + 18, y, line)
            y -= NOTE_LEADING


def _footer(c: Any, doc: Printed, n: int, total: int, measure: Any) -> None:
    y = 40.0
    if n == 1:
        c.setFont(BODY_FONT, 8)
        c.drawString(LEFT, y, f"{doc.job} (E)    {doc.issued}")
        code = "*" + doc.job.replace("-", "") + "*"
        c.setFont("Courier", 10)
        c.drawString(LEFT, y - 14, code)
        c.setFont(HEAD_FONT, 6)
        c.drawString(PAGE_W - RIGHT - measure("Please recycle", HEAD_FONT, 6), y - 14, "Please recycle")
        return
    c.setFont(BODY_FONT, 8)
    num = f"{n}/{total}"
    if n % 2 == 0:
        c.drawString(LEFT, y, num)
        c.drawString(PAGE_W - RIGHT - measure(doc.job, BODY_FONT, 8), y, doc.job)
    else:
        c.drawString(LEFT, y, doc.job)
        c.drawString(PAGE_W - RIGHT - measure(num, BODY_FONT, 8), y, num)
