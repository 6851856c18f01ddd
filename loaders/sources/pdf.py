"""PDF loader: pypdf text extraction, page by page, for the text parser to segment.

The UN page furniture (running headers, job numbers, barcodes) is kept: the text parser knows it and
removes it, and keeping it means spans index into exactly what pypdf produced, modulo the two
normalisations done here: white space (layout extraction pads columns with spaces) and words
hyphenated at a line end (joined only when the document itself shows the unhyphenated word, or the
first part is not a known compound prefix). Footnote markers, which UN PDFs set as raised small
digits, are rendered as Unicode superscripts ("Crime,¹ and") so they cannot be mistaken for numbers.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.extracted import Extracted, ManifestArg, build_document, one_line

LOADER = "tipkg.loaders.pdf"
NO_TEXT = "no text layer (scanned PDF?); OCR is not supported"

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MARKER_RE = re.compile(r"[0-9]{1,3}")
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
# Layout extraction pads with spaces to x positions: a gap this wide separates columns, not words.
_COLUMN_GAP = re.compile(r"[ \u00a0]{10,}")
_NUMBER_ONLY = re.compile(r"^\(?(?:\d{1,3}|[a-z]{1,2}|[ivxl]{1,5})[.)]$")
_WORD_START = re.compile(r"^([a-z][\w’']*)(.*)$")


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
    """The PDF's text, pages joined by a newline; LoadError for encrypted, corrupt or scanned files."""
    p = Path(path)
    with _quiet_pypdf():
        pages = _read_pages(p)
    if not pages:
        raise LoadError(p, "PDF has no pages")
    if not any(text.strip() for text in pages):
        raise LoadError(p, NO_TEXT)
    return Extracted(text=dehyphenate("\n".join(pages)), metadata={})


def _read_pages(path: Path) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            _decrypt(reader, path)
        return [_page_text(page) for page in reader.pages]
    except LoadError:
        raise
    except PyPdfError as exc:
        raise LoadError(path, f"unreadable PDF: {one_line(str(exc) or type(exc).__name__)}") from None
    except Exception as exc:  # pypdf on damaged input raises all kinds of errors
        raise LoadError(path, f"unreadable PDF: {one_line(f'{type(exc).__name__}: {exc}')}") from None


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every repair it makes on a damaged file; the LoadError line is the report."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _decrypt(reader: Any, path: Path) -> None:
    """Open PDFs encrypted with an empty user password (common for "no copy" UN files); refuse others."""
    from pypdf.errors import PyPdfError

    try:
        ok = reader.decrypt("")
    except (PyPdfError, NotImplementedError, ValueError) as exc:
        raise LoadError(path, f"encrypted PDF: {one_line(str(exc))}") from None
    if not ok:
        raise LoadError(path, "encrypted PDF: a password is required")


def _page_text(page: Any) -> str:
    """One page: layout-aware text (keeps superscripts on their line), normalised white space."""
    markers = _superscript_markers(page)
    try:
        raw = page.extract_text(extraction_mode="layout")
    except Exception:  # layout mode is newer and stricter; plain mode is the fallback
        raw = page.extract_text()
    return normalise_page(raw, markers)


def _superscript_markers(page: Any) -> set[str]:
    """Digit runs set noticeably smaller than the page's body text: footnote markers."""
    chunks: list[tuple[str, float]] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, size: Any) -> None:
        if text and text.strip():
            scale = math.hypot(float(tm[2]), float(tm[3])) * math.hypot(float(cm[2]), float(cm[3]))
            chunks.append((text.strip(), float(size or 0) * (scale or 1.0)))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # marker detection is an improvement, never a reason to fail
        return set()
    sizes: Counter[float] = Counter()
    for text, size in chunks:
        sizes[round(size, 1)] += len(text)
    if not sizes:
        return set()
    body = sizes.most_common(1)[0][0]
    return {t for t, s in chunks if MARKER_RE.fullmatch(t) and 0 < s <= body * 0.8}


def normalise_page(raw: str, markers: set[str] | frozenset[str] = frozenset()) -> str:
    """Strip layout padding: trim lines, one space between words, at most one blank line in a row.

    Text set in separate columns on one baseline (the masthead's "United Nations" and symbol, a
    running header's symbol and title) becomes separate lines, as plain extraction gives them, so a
    header symbol stands on its own line. A paragraph number before a wide tab stays on its line.
    A known marker glued to the preceding word ("Protocol2 supplementing") becomes a superscript.
    """
    out: list[str] = []
    for raw_line in raw.splitlines():
        for part in _columns(raw_line.strip()):
            line = re.sub(r"[ \t\u00a0]{2,}", " ", part).strip()
            if markers:
                line = _superscript(line, markers)
            if not line and (not out or not out[-1]):
                continue
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _columns(line: str) -> list[str]:
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
