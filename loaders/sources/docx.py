"""DOCX loader: python-docx for the package, lxml for what python-docx does not model.

Output text, read by the text parser: the first page's header (where UN documents put the
masthead), then one body paragraph per line with a blank line between, table rows as one line each,
automatic list numbers reconstructed from the numbering definitions ("1.", "(a)"), footnote
references rendered as the footnote's number in superscript digits ("Crime¹"), and the footnotes
themselves appended after the body as "N text" lines under the rule UN documents print above them.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.extracted import Extracted, ManifestArg, build_document, footnote_block, one_line

LOADER = "tipkg.loaders.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# Elements whose text Word does not show (deleted, field codes, drawings, alternates).
_SKIP = {
    f"{{{W_NS}}}{n}"
    for n in ("pPr", "rPr", "del", "moveFrom", "delText", "instrText", "drawing", "pict", "object", "fldChar")
} | {f"{{{MC_NS}}}AlternateContent"}


def w(name: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{name}"


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def load_docx(
    path: Path | str,
    manifest: ManifestArg = None,
    registry: Registry | None = None,
) -> Document:
    """Load a UN resolution from a Word document."""
    extracted = extract_docx(Path(path))
    return build_document(
        extracted, path=path, fmt="docx", loader=LOADER, manifest=manifest, registry=registry
    )


def extract_docx(path: Path | str) -> Extracted:
    """Body text, list numbers and footnotes of a DOCX; LoadError for anything that is not one."""
    p = Path(path)
    if not zipfile.is_zipfile(p):
        raise LoadError(p, "not a DOCX file (not a zip archive)")
    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise LoadError(p, f"corrupt DOCX: {one_line(str(exc))}") from None
    if "word/document.xml" not in names:
        raise LoadError(p, "not a DOCX file (no word/document.xml)")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(p))
        renderer = _Renderer(
            numbering=_Numbering.from_document(document),
            styles=_style_numbering(document),
        )
        body_lines = _masthead(document, renderer) + list(renderer.body(document.element.body))
        footnotes = _footnote_texts(document, renderer)
    except LoadError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, etree.LxmlError) as exc:
        raise LoadError(p, f"corrupt DOCX: {one_line(str(exc) or type(exc).__name__)}") from None
    except Exception as exc:  # python-docx on damaged packages raises all kinds of errors
        raise LoadError(p, f"corrupt DOCX: {one_line(f'{type(exc).__name__}: {exc}')}") from None
    return Extracted(text="\n\n".join(body_lines) + footnote_block(footnotes), metadata={})


# --- numbering -----------------------------------------------------------------------------------


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"


@dataclass
class _Numbering:
    """The numbering part: list instances (w:num) onto abstract definitions, and running counters."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId -> (absId, starts)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def from_document(cls, document: Any) -> _Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return cls()
        out = cls()
        for absn in root.iterchildren(w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in absn.iterchildren(w("lvl")):
                level = _Level()
                for child, attr in (
                    ("start", "start"),
                    ("numFmt", "fmt"),
                    ("lvlText", "text"),
                    ("suff", "suffix"),
                ):
                    el = lvl.find(w(child))
                    if el is not None and el.get(w("val")) is not None:
                        value = el.get(w("val"))
                        setattr(level, attr, int(value) if attr == "start" else value)
                levels[int(lvl.get(w("ilvl"), "0"))] = level
            out.abstract[absn.get(w("abstractNumId"), "")] = levels
        for num in root.iterchildren(w("num")):
            abs_el = num.find(w("abstractNumId"))
            if abs_el is None:
                continue
            starts = {}
            for ov in num.iterchildren(w("lvlOverride")):
                so = ov.find(w("startOverride"))
                if so is not None:
                    starts[int(ov.get(w("ilvl"), "0"))] = int(so.get(w("val"), "1"))
            out.nums[num.get(w("numId"), "")] = (abs_el.get(w("val"), ""), starts)
        return out

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Advance the list's counter and render this level's label and its separator."""
        if num_id not in self.nums:
            return None
        abs_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abs_id, {})
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(abs_id, {})
        if num_id not in self.started:  # a list instance with startOverride restarts its levels
            self.started.add(num_id)
            for lv, start in overrides.items():
                counters[lv] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return None
        text = level.text
        for n in range(9, 0, -1):  # %10 does not exist; go high to low so %1 does not eat %1x
            lv = n - 1
            if f"%{n}" in text:
                lvl_def = levels.get(lv, _Level())
                value = counters.get(lv, lvl_def.start)
                text = text.replace(f"%{n}", format_number(value, lvl_def.fmt))
        sep = {"tab": " ", "space": " ", "nothing": ""}.get(level.suffix, " ")
        return text, sep


def format_number(value: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (the common ones; others as decimal)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = to_roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "none":
        return ""
    return str(value)


def to_roman(value: int) -> str:
    if value <= 0:
        return str(value)
    out = []
    for n, s in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= n:
            out.append(s)
            value -= n
    return "".join(out)


def _style_numbering(document: Any) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry numbering ("List Number"), following w:basedOn."""
    raw: dict[str, tuple[str | None, int | None, str | None]] = {}
    try:
        root = document.styles.element
    except (KeyError, NotImplementedError):
        return {}
    for st in root.iterchildren(w("style")):
        sid = st.get(w("styleId"))
        if not sid:
            continue
        num_id = ilvl = None
        num_pr = st.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is not None:
            n = num_pr.find(w("numId"))
            lv = num_pr.find(w("ilvl"))
            num_id = n.get(w("val")) if n is not None else None
            ilvl = int(lv.get(w("val"), "0")) if lv is not None else None
        based = st.find(w("basedOn"))
        raw[sid] = (num_id, ilvl, based.get(w("val")) if based is not None else None)
    out: dict[str, tuple[str, int]] = {}
    for sid in raw:
        seen: set[str] = set()
        cur: str | None = sid
        num_id, ilvl = None, None
        while cur and cur in raw and cur not in seen:
            seen.add(cur)
            n, lv, based = raw[cur]
            num_id = num_id or n
            ilvl = ilvl if ilvl is not None else lv
            cur = based
        if num_id:
            out[sid] = (num_id, ilvl or 0)
    return out


# --- text ----------------------------------------------------------------------------------------


@dataclass
class _Renderer:
    numbering: _Numbering
    styles: dict[str, tuple[str, int]]
    footnote_order: dict[str, str] = field(default_factory=dict)  # footnote id -> displayed marker
    next_footnote: int = 1

    def body(self, body: Any) -> Iterator[str]:
        """Lines of the body in document order: paragraphs, table rows, content controls."""
        for child in body.iterchildren():
            if child.tag == w("p"):
                line = self.paragraph(child)
                if line.strip():
                    yield line
            elif child.tag == w("tbl"):
                yield from self.table(child)
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
                if content is not None:
                    yield from self.body(content)

    def table(self, tbl: Any) -> Iterator[str]:
        for row in tbl.iter(w("tr")):
            cells = []
            for cell in row.iterchildren(w("tc")):
                texts = [self.paragraph(p).strip() for p in cell.iterchildren(w("p"))]
                cells.append(" ".join(t for t in texts if t))
            line = " ".join(c for c in cells if c)
            if line:
                yield line

    def paragraph(self, p: Any) -> str:
        text = "".join(self.inline(p)).strip(" \t")
        if not text:
            return ""
        label = self._label(p)
        return f"{label[0]}{label[1]}{text}" if label and label[0] else text

    def _label(self, p: Any) -> tuple[str, str] | None:
        num_pr = p.find(f"{w('pPr')}/{w('numPr')}")
        num_id: str | None = None
        ilvl: int | None = None
        if num_pr is not None:
            n = num_pr.find(w("numId"))
            lv = num_pr.find(w("ilvl"))
            num_id = n.get(w("val")) if n is not None else None
            ilvl = int(lv.get(w("val"), "0")) if lv is not None else None
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        if style is not None and style.get(w("val")) in self.styles:
            s_num, s_ilvl = self.styles[style.get(w("val"))]
            num_id = num_id or s_num
            ilvl = ilvl if ilvl is not None else s_ilvl
        if not num_id or num_id == "0":
            return None
        return self.numbering.label(num_id, ilvl or 0)

    def inline(self, el: Any, *, in_footnote: bool = False) -> Iterator[str]:
        """Visible text of a paragraph's runs, in order."""
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == w("r"):
                if _hidden(child):
                    continue
                yield from self.run(child, in_footnote=in_footnote)
            elif tag in (w("t"),):
                yield child.text or ""
            else:  # hyperlink, ins, smartTag, sdt, sdtContent, fldSimple, moveTo, customXml ...
                yield from self.inline(child, in_footnote=in_footnote)

    def run(self, r: Any, *, in_footnote: bool) -> Iterator[str]:
        custom_mark: str | None = None  # footnote id whose mark is the run's own text ("*")
        for child in r.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == w("t"):
                text = child.text or ""
                if custom_mark is not None and text.strip():
                    self.footnote_order[custom_mark] = text.strip()
                    custom_mark = None
                yield text
            elif tag == w("tab"):
                yield "\t"
            elif tag in (w("br"), w("cr")):
                yield "\n"
            elif tag == w("noBreakHyphen"):
                yield "-"
            elif tag == w("sym"):
                yield _symbol(child.get(w("char"), ""))
            elif tag == w("footnoteReference") and not in_footnote:
                fid = child.get(w("id"), "")
                if child.get(w("customMarkFollows")) in ("1", "true", "on"):
                    custom_mark = fid
                    self.footnote_order.setdefault(fid, "")
                else:
                    yield self._footnote_marker(fid)

    def _footnote_marker(self, fid: str) -> str:
        if fid not in self.footnote_order or not self.footnote_order[fid]:
            self.footnote_order[fid] = str(self.next_footnote)
            self.next_footnote += 1
        return self.footnote_order[fid].translate(SUPERSCRIPT)


def _symbol(char: str) -> str:
    """A w:sym character, unless it is a symbol-font private-use glyph with no text meaning."""
    try:
        code = int(char, 16)
    except ValueError:
        return ""
    return "" if 0xF000 <= code <= 0xF0FF else chr(code)


def _masthead(document: Any, renderer: _Renderer) -> list[str]:
    """The first page's header: UN documents set their masthead ("United Nations", the symbol,
    "Distr.: General") there, so the text parser needs it ahead of the body."""
    if not document.sections:
        return []
    section = document.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    if header.is_linked_to_previous:  # the first section has no header of its own
        return []
    return list(renderer.body(header._element))


def _hidden(r: Any) -> bool:
    vanish = r.find(f"{w('rPr')}/{w('vanish')}")
    return vanish is not None and vanish.get(w("val"), "true") not in ("0", "false", "off")


def _footnote_texts(document: Any, renderer: _Renderer) -> list[tuple[str, str]]:
    """(marker, text) of each footnote the body references, in marker order."""
    if not renderer.footnote_order:
        return []
    blob: bytes | None = None
    for rel in document.part.rels.values():
        if rel.reltype == FOOTNOTES_RT and not rel.is_external:
            blob = rel.target_part.blob
            break
    if blob is None:
        return []
    root = etree.fromstring(blob, parser=_safe_parser())
    texts: dict[str, str] = {}
    for fn in root.iterchildren(w("footnote")):
        if fn.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        parts = ["".join(renderer.inline(p, in_footnote=True)).strip() for p in fn.iter(w("p"))]
        texts[fn.get(w("id"), "")] = " ".join(" ".join(t for t in parts if t).split())
    out: list[tuple[str, str]] = []
    for fid, marker in renderer.footnote_order.items():
        if fid in texts and marker:
            out.append((marker, texts[fid]))
    return out
