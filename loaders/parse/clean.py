"""Page furniture and site chrome: found by line, blanked with spaces so offsets stay valid.

Text copied from UN PDFs and web pages carries lines that are not resolution text: repeated
symbol headers, job numbers ("19-22333 (E) 270120"), barcodes ("*1922333*"), footnote rules,
download-site chrome ("Download as pdf or txt", "You are on page 1of 10"), labels of extract
sites ("Extract:") and the corpus' own header lines ("source: …"). The parser works on a copy of
the text in which each such line is replaced by spaces of equal length, so every offset it
computes still indexes the original text.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

GAP = re.compile(r"^\s*\[(?:\.\.\.|…)\]\s*$")
COPY_SEPARATOR = re.compile(r"^\s*-{3,}\s.*\s-{3,}\s*$")
FOOTNOTE_RULE = re.compile(r"^\s*_{5,}\s*$")

_FURNITURE = [
    re.compile(r"^\s*\d{2}-\d{5}\s*(?:\([A-Z]\))?(?:\s+\d{6})?(?:\s+\*\d{6,}\*)?\s*$"),  # 19-22333 (E) 270120
    re.compile(r"^\s*\d{2}\s\d{5}\s*(?:\([A-Z]\))?\s*$"),  # 02 54978
    re.compile(r"^\s*\*\d{6,}\*\s*$"),  # *1922333*
    re.compile(r"^\s*Download\s+as\s+(?:pdf|PDF|docx?|txt)\b.*$"),
    re.compile(r"^\s*You\s+are\s+on\s+page\s*\d+\s*of\s*\d+\s*$", re.IGNORECASE),
    re.compile(r"^\s*Page\s+\d+(?:\s+of\s+\d+)?\s*$", re.IGNORECASE),
    re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\s*$"),  # page "3/10"
    re.compile(r"^\s*\d{1,3}/\d{1,3}\s+\d{2}-\d{5}\s*$"),  # footer "2/10 17-23003"
    re.compile(r"^\s*\d{2}-\d{5}\s+\d{1,3}/\d{1,3}\s*$"),  # footer "17-23003 3/10"
    re.compile(r"^\s*GE\.\d{2}-\d{5}\s*(?:\([A-Z]\))?(?:\s+\d{6})?(?:\s+\d{6})?\s*$"),  # GE.17-11292(E)
    re.compile(r"^\s*Please\s+recycle\s*$", re.IGNORECASE),
]
_ANY_FURNITURE = re.compile(
    "|".join(f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})" for p in _FURNITURE)
)
# Labels of extract and catalogue sites: a short name ending in a colon on a line of its own.
SITE_LABELS = re.compile(
    r"^\s*(?:PeaceWomen\s+Consolidated\s+Themes|Resolution\s+Extracts?|Extracts?|Countries|Country|"
    r"Resolution\s+Reference\s+PDF|Themes?|Document\s+Type|Tags?|Keywords?|Related\s+Documents?)\s*:\s*$",
    re.IGNORECASE,
)
# Catalogue metadata printed above a document by repository sites ("Document Type: Final Resolution").
SITE_METADATA = re.compile(
    r"^\s*(?:Document\s+Type|Date|Session|Agenda\s+Item|Topic|Original)\s*:\s.*$|"
    r"^\s*(?:-\s*)?(?:Main\s+sponsors|Co-sponsors)\s*\d*\s*$|^\s*Original\s+HRC\s+document\s*$"
)
# Header lines the corpus adds at the top of a stored copy.
_CORPUS_HEADER = re.compile(r"^\s*(?:source|status|note|retrieved|url)\s*:\s", re.IGNORECASE)
# A page header repeating a symbol on its own line ("A/RES/61/180", "S/RES/2331 (2016)").
SYMBOL_LINE = re.compile(r"^\s*(?:[A-Z]{1,5}/)+[A-Z0-9.\-/]*\d[A-Za-z0-9.\-]*(?:\s\(\d{4}\))?\s*$")


@dataclass(frozen=True)
class Line:
    """One line of the text; ``end`` excludes the line break."""

    number: int  # 1-based
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def lines_of(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.split("\n"), start=1):
        out.append(Line(i, pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


_CHARS = "w" if sys.version_info >= (3, 13) else "u"  # one code point per item ("u" is deprecated)


class WorkText:
    """A working copy of a text whose characters can be blanked without moving any offset.

    An array of code points, not a list of one-character strings: the parser reads the whole
    copy back several times per document, and a list costs a join of every character each time.
    """

    def __init__(self, text: str) -> None:
        self._chars = array(_CHARS, text)

    def __len__(self) -> int:
        return len(self._chars)

    def __str__(self) -> str:
        return self._chars.tounicode()

    def slice(self, start: int, end: int) -> str:
        return self._chars[start:end].tounicode()

    def char(self, i: int) -> str:
        return self._chars[i]

    def blank(self, start: int, end: int) -> None:
        """Replace ``[start:end]`` by spaces, keeping line breaks (so line numbers survive)."""
        part = self.slice(start, end)
        self._chars[start : start + len(part)] = array(
            _CHARS, "\n".join(" " * len(run) for run in part.split("\n"))
        )


def is_page_furniture(text: str) -> bool:
    """A line of one of the shapes page furniture takes (job number, bar code, page number …)."""
    return bool(_ANY_FURNITURE.match(text))


_RUNNING_HEADER = re.compile(
    r"^\s*((?:A|E|S)/(?:[A-Z0-9.\-]+/)*(?:RES|DEC|PRST)/[A-Z0-9.\-/]*\d[A-Za-z0-9.\-]*(?:\s\(\d{4}\))?)"
    r"(?:\s+[A-Z0-9][^.;:]{5,150})?\s*$"
)


def running_headers(lines: list[Line]) -> list[tuple[Line, str]]:
    """Running headers pasted with text copied from a PDF, and the document symbol they print: a
    line holding a resolution's symbol (and the start of its title) next to page furniture (a page
    number, a job number) — the copy's own symbol, which a heading cut off may no longer give."""
    out: list[tuple[Line, str]] = []
    content = [ln for ln in lines if not ln.blank]
    for k, ln in enumerate(content):
        m = _RUNNING_HEADER.match(ln.text)
        if m is None:
            continue
        near = content[max(0, k - 2) : k] + content[k + 1 : k + 3]
        if any(is_page_furniture(" ".join(x.text.split())) for x in near):
            out.append((ln, " ".join(m.group(1).split())))
    return out


def is_gap(line: Line) -> bool:
    return bool(GAP.match(line.text))


def is_separator(line: Line) -> bool:
    return bool(COPY_SEPARATOR.match(line.text))


def furniture_lines(
    lines: list[Line], own_symbols: tuple[str, ...] = (), title: str | None = None, symbols: bool = True
) -> Iterator[tuple[Line, str]]:
    """Lines that are page furniture or chrome, with the reason (for diagnostics).

    ``title`` (the document's title) recognises running page headers that pair the symbol with
    the title ("A/RES/72/195 Improving the coordination …"). With ``symbols`` False, symbol lines
    are kept (the heading is read from them).
    """
    in_corpus_header = True
    after_label = False
    firsts = [(sym, sym.split()[0]) for sym in own_symbols if sym.strip()]
    for line in lines:
        s = line.text.strip()
        if in_corpus_header and s and _CORPUS_HEADER.match(s):
            yield line, "corpus header"
            continue
        if s:
            in_corpus_header = False
        if not s:
            after_label = False
            continue
        if is_separator(line):
            yield line, "copy separator"
            after_label = False
            continue
        if FOOTNOTE_RULE.match(s):
            yield line, "footnote rule"
            continue
        if _ANY_FURNITURE.match(s):
            yield line, "page furniture"
            continue
        if SITE_METADATA.match(s) and len(s) < 200:
            yield line, "site metadata"
            continue
        if SITE_LABELS.match(s):
            yield line, "site label"
            after_label = True
            continue
        if after_label and len(s) < 80 and not s.endswith((",", ";", ".")):
            yield line, "site label value"  # "Countries:" / "Global"
            after_label = False
            continue
        after_label = False
        if not symbols:
            continue
        # both checks need the symbol in the line, so its first word must be there
        mine = [sym for sym, first in firsts if first in s]
        if SYMBOL_LINE.match(s) or any(_is_symbol_header(s, sym) for sym in mine):
            yield line, "symbol header"
        elif title and any(_is_running_header(s, sym, title) for sym in mine):
            yield line, "running header"


def _is_symbol_header(s: str, symbol: str) -> bool:
    return " ".join(s.split()) == " ".join(symbol.split())


def _letters(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


def _is_running_header(s: str, symbol: str, title: str) -> bool:
    """The symbol and (the start of) the title on one line, in either order."""
    flat, sym = " ".join(s.split()), " ".join(symbol.split())
    if flat.startswith(sym):
        rest = flat[len(sym) :]
    elif flat.endswith(sym):
        rest = flat[: -len(sym)]
    else:
        return False
    r, t = _letters(rest), _letters(title)
    return len(r) >= 10 and (t.startswith(r) or r.startswith(t))


def leading_symbol(text: str, start: int, symbols: tuple[str, ...]) -> int:
    """Length of an own-symbol page header glued to the start of a flattened fragment, else 0."""
    for sym in symbols:
        pattern = r"\s*" + r"\s+".join(re.escape(p) for p in sym.split()) + r"(?=\s)"
        m = re.compile(pattern).match(text, start)
        if m:
            return m.end() - start
    return 0
