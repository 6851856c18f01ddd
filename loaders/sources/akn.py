"""Akoma Ntoso for the UN (AKN4UN): read the XML the UN publishes into what its markup states.

Identity comes from the document's identification, never from its text: the cover page's
``docNumber`` (the symbol as printed), the FRBR Work (``/akn/un/statement/deliberation/unga/
2021-12-16/76-186/``: body, adoption date, number), the statement's ``name`` (resolution, decision,
presidential statement, draft resolution). Where they disagree the reader says so in a notice and
takes what the others corroborate (the file name only as a last witness); a disagreement nothing
settles is an error.

The body is read as marked up (:mod:`tipkg.loaders.parse.structured`): paragraphs with their
``eId`` and number, footnotes (``authorialNote``) out of the text and anchored where their marker
stood, links (``<a href>``) with their offsets, the components of a multi-part text, attachments
(annexes) and embedded structures (a draft recommended for adoption).

Parsing never resolves entities, loads a DTD or touches the network (XXE, billion laughs). A file
the UN published with a tag mismatch is read with lxml's recovering parser, and the repair is a
notice with the file's line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.parse.marked import Block, Marked
from tipkg.loaders.parse.structured import build_document
from tipkg.loaders.registry.load import default_registry
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.akn_identity import Ident, cover, identification, preface, settle
from tipkg.loaders.sources.akn_meta import AknMeta, read_meta
from tipkg.loaders.sources.akn_units import body_of, parts_of
from tipkg.loaders.sources.akn_xml import AKN_NS, DOC_ELEMENTS, a, flat, local, safe_parser, valid_date
from tipkg.loaders.sources.data_extract import find_record
from tipkg.loaders.sources.extracted import ManifestArg, metadata_hints, one_line
from tipkg.loaders.sources.proceedings import attach

LOADER = "tipkg.loaders.akn"
MAX_BYTES = 50 * 1024 * 1024  # a resolution is kilobytes; refuse what cannot be one


def read_akn(path: Path | str) -> Marked:
    """What an AKN file states (identity, heading, units, divisions), before any reading of its text."""
    p = Path(path)
    return read_marked(p, _read(p))


def load_akn(path: Path | str, manifest: ManifestArg = None, registry: Registry | None = None) -> Document:
    """Load a UN document marked up in Akoma Ntoso 3.0 (AKN4UN)."""
    p = Path(path)
    data = _read(p)
    marked, meta = read_marked_meta(p, data)
    reg = registry if registry is not None else default_registry()
    hints = metadata_hints(p, {}, manifest, reg)
    for key in ("symbol", "date", "title"):
        if hints.get(key) and not getattr(marked, key):
            setattr(marked, key, hints[key])
    try:
        doc = build_document(
            marked,
            path=str(p),
            sha256=hashlib.sha256(data).hexdigest(),
            fmt="akn",
            loader=LOADER,
            registry=reg,
        )
        attach(doc, meta, find_record(p, doc.symbol), reg)  # subjects, vote, sponsors (proceedings.py)
        return doc
    except LoadError:
        raise
    except Exception as exc:  # a parser bug must not abort a whole build
        raise LoadError(p, one_line(f"{type(exc).__name__}: {exc}")) from None


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise LoadError(path, f"file too large for an Akoma Ntoso resolution (> {MAX_BYTES} bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read: {one_line(exc.strerror or str(exc))}") from None


def _line(el: Any) -> int | None:
    line = el.sourceline
    return line if isinstance(line, int) else None


def parse_root(path: Path, data: bytes) -> tuple[Any, list[str]]:
    """The root element, and the repairs a recovering parse made (as notices)."""
    notices: list[str] = []
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        line, msg = exc.lineno or None, one_line(str(exc.msg or exc))
        if not re.search(rb"</(?:\w+:)?akomaNtoso>\s*$", data[-200:]):  # cut short: nothing to recover
            raise LoadError(path, f"malformed XML: {msg}", line) from None
        try:
            root = etree.fromstring(data, parser=safe_parser(recover=True))
        except etree.XMLSyntaxError:
            root = None
        if root is None or local(root) != "akomaNtoso" or _document(root) is None:
            raise LoadError(path, f"malformed XML: {msg}", line) from None
        notices.append(f"line {line}: malformed XML ({msg}); read with lxml's recovering parser")
    if root is None:
        raise LoadError(path, "malformed XML: no root element")
    if local(root) != "akomaNtoso":
        tag = str(root.tag)
        if tag.endswith("}akomaNtoso"):
            ns = tag[1 : tag.index("}")]
            raise LoadError(
                path, f"Akoma Ntoso in namespace {ns}, not Akoma Ntoso 3.0 ({AKN_NS})", _line(root)
            )
        raise LoadError(
            path,
            f"unsupported format: XML root element {one_line(tag)} is not Akoma Ntoso 3.0",
            _line(root),
        )
    return root, notices


def _document(root: Any) -> Any:
    return next((c for c in root.iterchildren() if local(c) in DOC_ELEMENTS), None)


@dataclass(frozen=True)
class Identity:
    """What a file says it is, read from its identification, cover page and preface only."""

    symbol: str | None
    doc_type: str
    title: str | None
    language: str | None  # the FRBR expression's language ("eng")


def identify(path: Path, data: bytes) -> tuple[Identity, Any]:
    """The identity of an AKN file and its root element, without reading its text: what indexing a
    corpus needs (graph/build/collection.py), at a fraction of :func:`read_marked`'s cost."""
    root, notices = parse_root(path, data)
    _, ident = _heading(path, root)
    symbol, doc_type, _body_key, _date = settle(path, ident, notices)
    return Identity(symbol, doc_type, ident.title, ident.language), root


def _heading(path: Path, root: Any) -> tuple[Any, Ident]:
    """The document element, and what its identification, cover page and preface state."""
    doc = _document(root)
    if doc is None:
        raise LoadError(
            path, "no document element (statement, doc, documentCollection …) under akomaNtoso", 1
        )
    ident = Ident(name=(doc.get("name") or "").strip(), collection=local(doc) == "documentCollection")
    identification(ident, doc.find(a("meta")))
    cover_el = doc.find(a("coverPage"))
    if cover_el is not None:
        cover(ident, cover_el)
    preface_el = doc.find(a("preface"))
    if preface_el is not None:
        preface(ident, preface_el)
    return doc, ident


def read_marked(path: Path, data: bytes) -> Marked:
    """What one AKN file states: identity, heading lines, units, divisions."""
    return read_marked_meta(path, data)[0]


def read_marked_meta(path: Path, data: bytes) -> tuple[Marked, AknMeta]:
    """:func:`read_marked`, and what the file's ``<meta>`` states of its subjects and proceedings."""
    root, notices = parse_root(path, data)
    doc, ident = _heading(path, root)
    main = Block("main")
    if local(doc) == "documentCollection":
        parts_of(main, root, doc, notices)
        dated = [b.date for b in main.blocks if b.kind == "part" and b.date]
        if dated and not (ident.work_date or ident.adopted):  # adopted when its last part was, not issued
            ident.adopted = max(dated)
    else:
        body_of(main, doc)
    concl = doc.find(a("conclusions"))
    if concl is not None:
        for x in concl.iter(a("inline")):
            if x.get("name") == "adoptionMeeting" and not ident.meeting:
                ident.meeting = flat(x)
        for x in concl.iter(a("docDate")):
            if (x.get("refersTo") or "").lstrip("#") == "adoptionDate" and valid_date(x.get("date")):
                ident.adopted = ident.adopted or str(x.get("date")).strip()
    symbol, doc_type, body, date = settle(path, ident, notices)
    if ident.date_notice:
        notices.append(ident.date_notice)
    marked = Marked(
        symbol=symbol,
        doc_type=doc_type,
        body=body,
        date=date,
        title=ident.title,
        header=ident.header,
        main=main,
        session=ident.session,
        agenda_item=ident.agenda_item,
        meeting=ident.meeting,
        distribution_date=ident.issued,
        work=ident.work,
        expression=ident.expression,
        language=ident.language,
        notices=notices,
    )
    return marked, read_meta(doc.find(a("meta")))
