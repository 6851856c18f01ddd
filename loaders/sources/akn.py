"""Akoma Ntoso 3.0 loader for UN resolutions as the AKN4UN profile marks them up.

The XML is flattened into the text a UN resolution prints as (preface lines, preambular blocks,
numbered operative paragraphs and their "(a)" points, the meeting line, then the footnotes as
"N text" lines under the footnote rule), so the text parser segments it like any other source and
spans index into it.
``<authorialNote>`` (and ``<noteRef>`` to ``<meta>/<notes>``) bodies move to the footnote list; their
marker stays in the text as superscript digits. What the markup states explicitly (symbol, date,
body, title, session, resolution or decision) is passed as metadata hints.

Parsing never resolves entities, loads a DTD or touches the network (XXE, billion laughs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.extracted import Extracted, ManifestArg, build_document, footnote_block, one_line

LOADER = "tipkg.loaders.akn"
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MAX_BYTES = 50 * 1024 * 1024  # a resolution is kilobytes; refuse what cannot be one

DOC_TYPES = ("statement", "doc", "act", "bill", "judgment", "debateReport", "portion")
# Hierarchical units (numbered paragraphs and below) and the blocks that hold their text.
HIER = frozenset(
    [
        "paragraph",
        "subparagraph",
        "point",
        "item",
        "article",
        "section",
        "subsection",
        "clause",
        "subclause",
        "indent",
        "alinea",
        "level",
        "division",
        "part",
        "chapter",
        "title",
        "book",
        "tome",
        "hcontainer",
    ]
)
TEXT_PARTS = ("heading", "subheading", "intro", "content", "alinea")
BLOCKS = frozenset(
    ["p", "block", "container", "blockContainer", "formula", "recital", "citation", "tblock", "longTitle"]
)
SYMBOL_RE = re.compile(r"^[A-Z][A-Z.-]*(?:/[A-Za-z0-9.()-]+)+(?: \(\d{4}\))?$")
_BREAK = "\ue000"  # an explicit <br/>, kept apart from the XML's own line breaks
LISTS = ("list", "blockList")
INTROS = ("intro", "listIntroduction")
WRAPUPS = ("wrapUp", "listWrapUp")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def a(name: str) -> str:
    """Clark name of an Akoma Ntoso element."""
    return f"{{{AKN_NS}}}{name}"


def safe_parser() -> etree.XMLParser:
    """No entity expansion, no DTD, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )


def load_akn(
    path: Path | str,
    manifest: ManifestArg = None,
    registry: Registry | None = None,
) -> Document:
    """Load a UN resolution marked up in Akoma Ntoso 3.0."""
    extracted = extract_akn(Path(path))
    return build_document(
        extracted, path=path, fmt="akn", loader=LOADER, manifest=manifest, registry=registry
    )


def parse_akn_root(path: Path) -> Any:
    """The root element; LoadError (with lxml's line) for malformed XML or a non-AKN root."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise LoadError(path, f"file too large for an Akoma Ntoso resolution (> {MAX_BYTES} bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read: {one_line(exc.strerror or str(exc))}") from None
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise LoadError(path, f"malformed XML: {one_line(exc.msg or str(exc))}", exc.lineno or None) from None
    if root is None:
        raise LoadError(path, "malformed XML: no root element")
    if root.tag != a("akomaNtoso"):
        raise LoadError(
            path, f"unsupported format: XML root element {one_line(str(root.tag))} is not Akoma Ntoso 3.0"
        )
    return root


def extract_akn(path: Path | str) -> Extracted:
    """The resolution's text and the metadata its markup states."""
    p = Path(path)
    root = parse_akn_root(p)
    doc = next((c for c in root.iterchildren() if c.tag in {a(t) for t in DOC_TYPES}), None)
    if doc is None:
        raise LoadError(p, "Akoma Ntoso document has no statement or doc element", root.sourceline)
    meta = doc.find(a("meta"))
    renderer = _Renderer(notes=_meta_notes(meta))
    sections: list[str] = []
    preface = doc.find(a("preface"))
    if preface is not None:
        sections.append("\n".join(renderer.lines(preface)))
    for name in ("preamble", "mainBody", "body"):
        part = doc.find(a(name))
        if part is not None:
            sections.append("\n\n".join(renderer.blocks(part)))
    conclusions = doc.find(a("conclusions"))
    if conclusions is not None:
        sections.append("\n".join(renderer.lines(conclusions)))
    text = "\n\n".join(s for s in sections if s.strip())
    text += footnote_block(renderer.footnotes)
    return Extracted(text=text, metadata=_metadata(doc, meta, preface))


# --- rendering -----------------------------------------------------------------------------------


def _local(el: Any) -> str:
    tag = el.tag
    return tag.split("}", 1)[1] if isinstance(tag, str) and tag.startswith(f"{{{AKN_NS}}}") else ""


@dataclass
class _Renderer:
    notes: dict[str, Any]  # <meta><notes><note eId> by id, for <noteRef href="#id">
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    next_marker: int = 1

    def blocks(self, container: Any) -> Iterator[str]:
        """Blank-line separated blocks: each preambular paragraph, operative paragraph, point."""
        for child in container.iterchildren():
            name = _local(child)
            if name in HIER:
                yield from self.hierarchy(child)
            elif name in LISTS:
                yield from self.list_items(child)
            elif name in ("recitals", "citations", "componentRef"):
                yield from self.blocks(child)
            elif name in BLOCKS or name in ("ul", "ol", "table"):
                text = self.inline(child)
                if text:
                    yield text

    def hierarchy(self, el: Any) -> Iterator[str]:
        """A numbered unit: "num text", then its sub-units (points of its lists), then wrap-up text.

        The introduction of a list that directly follows the number ("2. Requests ...:") is part of
        the numbered line, as printed.
        """
        num = el.find(a("num"))
        label = self.inline(num) if num is not None else ""
        parts = [self.part(c) for c in el.iterchildren() if _local(c) in TEXT_PARTS]
        lists = [c for c in el.iterchildren() if _local(c) in LISTS]
        intro_used = None
        if not any(parts) and lists:
            intro = next((c for c in lists[0].iterchildren() if _local(c) in INTROS), None)
            if intro is not None:
                parts.append(self.part(intro))
                intro_used = intro
        head = " ".join(x for x in (label, *parts) if x)
        if head:
            yield head
        for child in el.iterchildren():
            name = _local(child)
            if name in HIER:
                yield from self.hierarchy(child)
            elif name in LISTS:
                yield from self.list_items(child, skip=intro_used)
            elif name in WRAPUPS:
                text = self.part(child)
                if text:
                    yield text

    def list_items(self, lst: Any, skip: Any = None) -> Iterator[str]:
        for child in lst.iterchildren():
            name = _local(child)
            if child is skip:
                continue
            if name in HIER:
                yield from self.hierarchy(child)
            elif name in INTROS or name in WRAPUPS or name in BLOCKS:
                text = self.part(child)
                if text:
                    yield text

    def lines(self, container: Any) -> Iterator[str]:
        """Preface and conclusions: one line per block, as printed."""
        for child in container.iterchildren():
            name = _local(child)
            if name in ("container", "blockContainer") and any(
                _local(c) in BLOCKS for c in child.iterchildren()
            ):
                yield from self.lines(child)
            elif name:
                text = self.inline(child)
                if text:
                    yield text

    def inline(self, el: Any) -> str:
        """An element's visible text, footnotes replaced by their markers, white space collapsed.

        An explicit line break (``<br/>``, ``<eol/>``) stays a line break, as printed.
        """
        raw = "".join(self._text(el))
        lines = (" ".join(line.split()) for line in raw.split(_BREAK))
        return "\n".join(line for line in lines if line)

    def part(self, el: Any) -> str:
        """A text part (``content``, ``intro``, ``wrapUp``): its blocks joined, or its inline text."""
        if any(_local(c) in BLOCKS for c in el.iterchildren()):
            return " ".join(self.blocks(el))
        return self.inline(el)

    def _text(self, el: Any) -> Iterator[str]:
        if el.text:
            yield el.text
        for child in el.iterchildren():
            if isinstance(child.tag, str):  # skips entity references, comments, PIs
                name = _local(child)
                if name == "authorialNote":
                    yield self._note(child, child.get("marker"))
                elif name == "noteRef":
                    target = self.notes.get((child.get("href") or "").lstrip("#"))
                    if target is not None:
                        yield self._note(target, child.get("marker") or target.get("marker"))
                elif name in ("br", "eol", "eop"):
                    yield _BREAK
                elif name in ("meta", "remark") or not name:
                    pass
                else:
                    yield from self._text(child)
            if child.tail:
                yield child.tail

    def _note(self, note: Any, marker: str | None) -> str:
        marker = (marker or "").strip()
        if not marker:
            marker = str(self.next_marker)
        if marker.isdigit():
            self.next_marker = int(marker) + 1
        body = " ".join(self.inline(c) for c in note.iterchildren() if _local(c)) or self.inline(note)
        self.footnotes.append((marker, body))
        return marker.translate(SUPERSCRIPT) if marker.isdigit() else marker


def plain_text(el: Any) -> str:
    """Text of an element without footnotes, entity references, comments or PIs (for metadata)."""
    out = [el.text or ""]
    for child in el.iterchildren():
        if isinstance(child.tag, str) and _local(child) not in ("authorialNote", "noteRef", "meta"):
            out.append(plain_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _meta_notes(meta: Any) -> dict[str, Any]:
    if meta is None:
        return {}
    return {n.get("eId") or n.get("id") or "": n for n in meta.iter(a("note"))}


# --- metadata ------------------------------------------------------------------------------------


def _metadata(doc: Any, meta: Any, preface: Any) -> dict[str, str]:
    """Symbol, date, body, title, session and type from <meta> and <preface>, when explicit."""
    out: dict[str, str] = {}
    name = (doc.get("name") or "").strip().lower()
    if name in ("resolution", "decision"):
        out["doc_type"] = name
    work = meta.find(f"{a('identification')}/{a('FRBRWork')}") if meta is not None else None

    def pre(tag: str) -> Any:
        return preface.find(f".//{a(tag)}") if preface is not None else None

    def text_of(el: Any) -> str:
        return " ".join(plain_text(el).split()) if el is not None else ""

    symbol_candidates: list[str] = []
    if work is not None:
        for alias in work.iterchildren(a("FRBRalias")):
            if "symbol" in (alias.get("name") or "").lower():
                symbol_candidates.append(alias.get("value") or "")
    symbol_candidates.append(text_of(pre("docNumber")))
    if work is not None:
        number = work.find(a("FRBRnumber"))
        if number is not None:
            symbol_candidates.append(number.get("value") or "")
    for cand in symbol_candidates:
        cand = " ".join(cand.split())
        if SYMBOL_RE.match(cand):
            out["symbol"] = cand
            break

    dates = []
    doc_date = pre("docDate")
    if doc_date is not None:
        dates.append(doc_date.get("date") or "")
    if work is not None:
        frbr_date = work.find(a("FRBRdate"))
        if frbr_date is not None:
            dates.append(frbr_date.get("date") or "")
    for d in dates:
        if ISO_DATE.match(d.strip()):
            out["date"] = d.strip()
            break

    body = ""
    if work is not None and meta is not None:
        author = work.find(a("FRBRauthor"))
        href = (author.get("href") or "").lstrip("#") if author is not None else ""
        if href:
            for ref in meta.iter(a("TLCOrganization")):
                if href in (ref.get("eId"), ref.get("id")) or (ref.get("href") or "").endswith(f"/{href}"):
                    body = ref.get("showAs") or ""
                    break
    body = body or text_of(pre("docAuthority")) or text_of(pre("docProponent"))
    if body:
        out["body"] = body

    title = text_of(pre("docTitle"))
    if title:
        out["title"] = title
    session = text_of(pre("session"))
    if session:
        out["session"] = session
    return out
