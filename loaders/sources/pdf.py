"""PDF loader: the text of a UN PDF as it reads, through pdfium (pypdfium2).

pdfium is the PDF engine of Chromium: its text is what a user copying from the PDF gets, with the
spaces between words placed from the glyphs' positions (pypdf's layout mode, used before, glued
words of justified lines together: "itsresolutions", "isthe"). It is also ten times faster here,
and it gives each character's font size and baseline, which this reader needs:

* footnote markers are the digits set noticeably smaller than the line and raised above its
  baseline; they become Unicode superscripts ("Crime,¹ and"), so they cannot be read as numbers;
* lines of one baseline far apart (the masthead's "United Nations" and symbol, a running header's
  symbol and title) become separate lines;
* what each line of a page is — running header, footer, footnote, body — is decided by
  :mod:`.pdf_pages`, which writes the reading text: the body of every page in order (a paragraph
  broken by a page goes on), furniture left out, the footnotes after it under one rule;
* words hyphenated at a line end are joined (:func:`dehyphenate`), and words the extraction split
  or glued are repaired with the document's own words and a word list (:mod:`tipkg.loaders.parse.words`).

Spans point into that reading text (``Document.text``), as they do into the DOCX reader's. A PDF
without a text layer (a scan) is reported as such; encrypted PDFs open when their user password is
empty, others are refused.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from pathlib import Path
from typing import Any

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.parse.words import repair_words
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.extracted import Extracted, ManifestArg, build_document, one_line
from tipkg.loaders.sources.pdf_pages import PdfLine, reading_text

LOADER = "tipkg.loaders.pdf"
NO_TEXT = "no text layer (scanned PDF?): the pages hold images only; run OCR on it first (e.g. ocrmypdf)"

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MARKER_RE = re.compile(r"[0-9]{1,3}")
COLUMN_GAP = 36.0  # points between two characters of one baseline that start a new column
# First parts of compounds UN style writes with a hyphen: a line-end hyphen after them is kept.
COMPOUND_PREFIXES = frozenset(
    [
        "non",
        "self",
        "well",
        "co",
        "cross",
        "follow",
        "long",
        "short",
        "high",
        "low",
        "mid",
        "multi",
        "anti",
        "post",
        "pre",
        "inter",
        "intra",
        "gender",
        "child",
        "victim",
        "age",
        "evidence",
        "human",
        "women",
        "girls",
        "sex",
        "ex",
        "semi",
        "sub",
        "trans",
        "un",
        "counter",
        "cost",
        "region",
        "country",
        "state",
        "decision",
        "policy",
        "rights",
        "time",
        "law",
        "small",
        "large",
    ]
)
_HYPHEN_END = re.compile(r"(?<![\w-])([^\W\d_]*[a-z])-$")
_WORD_START = re.compile(r"^([a-z][\w’']*)(.*)$")
_COLUMN_GAP = re.compile(r"[ \u00a0]{10,}")
_NUMBER_ONLY = re.compile(r"^\(?(?:\d{1,3}|[a-z]{1,2}|[ivxl]{1,5})[.)]$")


def load_pdf(
    path: Path | str,
    manifest: ManifestArg = None,
    registry: Registry | None = None,
) -> Document:
    """Load a UN resolution from a PDF with a text layer."""
    extracted = extract_pdf(Path(path))
    return build_document(
        extracted, path=path, fmt="pdf", loader=LOADER, manifest=manifest, registry=registry
    )


def extract_pdf(path: Path | str) -> Extracted:
    """The PDF's reading text; LoadError for encrypted, corrupt or scanned files."""
    p = Path(path)
    pages = read_lines(p)
    if not pages:
        raise LoadError(p, "PDF has no pages")
    if not any(ln.text.strip() for page in pages for ln in page):
        raise LoadError(p, NO_TEXT)
    reading = reading_text(pages)
    return Extracted(text=repair_words(dehyphenate(reading.text)), metadata={})


def read_lines(path: Path) -> list[list[PdfLine]]:
    """Every page's lines, top to bottom, with markers as superscripts (pdfium)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = one_line(str(exc))
        if "password" in msg.lower():
            raise LoadError(path, "encrypted PDF: a password is required") from None
        raise LoadError(path, f"unreadable PDF: {msg}") from None
    except Exception as exc:  # a damaged file can fail anywhere
        raise LoadError(path, f"unreadable PDF: {one_line(f'{type(exc).__name__}: {exc}')}") from None
    try:
        return [_page_lines(pdf[i], i + 1) for i in range(len(pdf))]
    except Exception as exc:
        raise LoadError(path, f"unreadable PDF: {one_line(f'{type(exc).__name__}: {exc}')}") from None
    finally:
        pdf.close()


_Char = tuple[str, float, float, float, float]  # (character, font size, x, baseline y, right edge)


def _page_lines(page: Any, number: int) -> list[PdfLine]:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range() if count else ""
        x, y = ctypes.c_double(), ctypes.c_double()
        chars: list[_Char] = []
        for i in range(min(count, len(text))):
            ch = text[i]
            if ch in "\r\n":
                continue
            raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
            if ch.isspace():
                chars.append((" ", 0.0, float(x.value), float(y.value), float(x.value)))
                continue
            size = float(raw.FPDFText_GetFontSize(textpage.raw, i))
            right = float(textpage.get_charbox(i)[2])
            chars.append(("-" if ch == "\ufffe" else ch, size, float(x.value), float(y.value), right))
    finally:
        textpage.close()
    out: list[PdfLine] = []
    for line in _baselines(chars):
        out.extend(_columns(line, number))
    out.sort(key=lambda ln: (-round(ln.y), ln.x))
    return out


def _baselines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters in content order grouped by baseline. A small character raised above the line's
    baseline (a footnote marker) stays on that line; one below it starts the next line, whose
    baseline its first full-size character sets. pdfium's own line breaks are not trusted: it puts
    a footnote's raised marker on the line above, and joins lines it has de-hyphenated."""
    lines: list[list[_Char]] = []
    cur: list[_Char] = []
    base: float | None = None
    size = 0.0
    for c in chars:
        ch, csize, _, cy, _ = c
        if ch == " ":
            if cur:
                cur.append(c)
            continue
        if base is None:  # the line so far holds a possible marker only: its first other character sets it
            if cur and (ch.isdigit() or ch in "*†‡") and abs(cy - cur[-1][3]) <= 0.5:
                cur.append(c)
                continue
            if cur and cy > cur[0][3] + 0.5:  # above the small digits: they were no marker of this line
                lines.append(cur)
                cur = []
            cur.append(c)
            base, size = cy, csize
            continue
        marker_like = csize <= 0.8 * size and (ch.isdigit() or ch in "*†‡")
        rise = cy - base
        if abs(rise) <= 0.5 * min(csize, size) or (marker_like and 0.5 < rise < 0.7 * size):
            cur.append(c)
            continue
        lines.append(cur)
        cur = [c]
        # a small digit below the line may be the raised marker of the next: its text sets the baseline
        base, size = (None, 0.0) if marker_like and rise < 0 else (cy, csize)
    if cur:
        lines.append(cur)
    return [ln for ln in lines if any(c[0] != " " for c in ln)]


def _columns(chars: list[_Char], page: int) -> list[PdfLine]:
    """One extracted line as lines of text: split where a wide gap separates columns; small raised
    digits become superscripts."""
    visible = [c for c in chars if not c[0].isspace()]
    if not visible:
        return []
    sizes: Counter[float] = Counter(round(c[1], 1) for c in visible)
    size = sizes.most_common(1)[0][0]
    base_ys: Counter[float] = Counter(round(c[3], 1) for c in visible if abs(c[1] - size) < 0.3)
    base = base_ys.most_common(1)[0][0] if base_ys else visible[0][3]
    groups: list[list[_Char]] = [[]]
    last_right: float | None = None
    for c in chars:
        if not c[0].isspace() and last_right is not None and c[2] - last_right > COLUMN_GAP:
            groups.append([])
        groups[-1].append(c)
        if not c[0].isspace():
            last_right = c[4]
    out: list[PdfLine] = []
    for group in groups:
        vis = [c for c in group if not c[0].isspace()]
        if not vis:
            continue
        parts: list[str] = []
        lead = False
        for k, c in enumerate(group):
            ch = c[0]
            raised = c[3] - base > 1.0 and c[1] <= size * 0.8
            if ch.isdigit() and raised:
                parts.append(ch.translate(SUPERSCRIPT))
                if not "".join(parts[:-1]).strip():
                    lead = True
            else:
                parts.append(ch)
            del k
        text = re.sub(r"[ \t\u00a0]+", " ", "".join(parts)).strip()
        if lead:  # a footnote's raised marker at the start of its line: "¹ United Nations, …"
            m = re.match(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*", text)
            if m:
                text = m.group(1) + " " + text[m.end() :]
        gsize = Counter(round(c[1], 1) for c in vis).most_common(1)[0][0]
        out.append(PdfLine(text, base, vis[0][2], gsize, page, lead_marker=lead))
    return out


def normalise_page(raw: str, markers: set[str] | frozenset[str] = frozenset()) -> str:
    """Strip layout padding: trim lines, one space between words, at most one blank line in a row.

    Text set in separate columns on one baseline (the masthead's "United Nations" and symbol, a
    running header's symbol and title) becomes separate lines, as plain extraction gives them, so a
    header symbol stands on its own line. A paragraph number before a wide tab stays on its line.
    A known marker glued to the preceding word ("Protocol2 supplementing") becomes a superscript.
    """
    out: list[str] = []
    for raw_line in raw.splitlines():
        for part in _text_columns(raw_line.strip()):
            line = re.sub(r"[ \t\u00a0]{2,}", " ", part).strip()
            if markers:
                line = _superscript(line, markers)
            if not line and (not out or not out[-1]):
                continue
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _text_columns(line: str) -> list[str]:
    merged: list[str] = []
    for part in _COLUMN_GAP.split(line):
        if merged and _NUMBER_ONLY.match(merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def _superscript(line: str, markers: set[str] | frozenset[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        if m.group(2) in markers:
            return m.group(1) + m.group(2).translate(SUPERSCRIPT)
        return m.group(0)

    return re.sub(r"([a-z)\]”’\"][,.;:]?)([0-9]{1,3})(?=[\s,.;:)]|$)", repl, line)


def dehyphenate(text: str) -> str:
    """Join words split at a line end; keep the hyphen unless it is clearly a typesetting one.

    The rest of the word moves up to the first line, so the line structure stays and no character is
    invented. A hyphen is dropped when the joined word occurs elsewhere in the text, kept when the
    hyphenated word does, and otherwise kept only after a known compound prefix ("non-", "follow-").
    A soft hyphen (U+00AD) at a line end is always dropped.
    """
    lines = text.split("\n")
    vocabulary = Counter(w.lower() for w in re.findall(r"[^\W\d_][\w’'-]*", text))
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        soft = line.endswith("\u00ad")
        m = re.search(r"([^\W\d_]+)\u00ad$", line) if soft else _HYPHEN_END.search(line)
        w = _WORD_START.match(nxt) if m else None
        if not m or not w:
            out.append(line)
            i += 1
            continue
        first, second, remainder = m.group(1), w.group(1), w.group(2).lstrip()
        hyphen = "" if soft or _drop_hyphen(first, second, vocabulary) else "-"
        out.append(line[: m.start(1)] + first + hyphen + second)
        if remainder:
            lines[i + 1] = remainder
            i += 1
        else:  # the next line held only the end of the word
            i += 2
    return "\n".join(out)


def _drop_hyphen(first: str, second: str, vocabulary: Counter[str]) -> bool:
    joined = (first + second).lower()
    hyphenated = f"{first}-{second}".lower()
    if vocabulary[joined] > 0:
        return True
    if vocabulary[hyphenated] > 0:
        return False
    return first.lower() not in COMPOUND_PREFIXES
