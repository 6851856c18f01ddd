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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.parse.references import SYMBOL, body_key_for_name
from tipkg.loaders.parse.structured import Block, Link, Marked, Note, Unit, build_document
from tipkg.loaders.registry.load import default_registry
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.extracted import ManifestArg, metadata_hints, one_line
from tipkg.ontology.symbols import doc_type_of

LOADER = "tipkg.loaders.akn"
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
MAX_BYTES = 50 * 1024 * 1024  # a resolution is kilobytes; refuse what cannot be one

DOC_ELEMENTS = (
    "statement",
    "doc",
    "act",
    "bill",
    "documentCollection",
    "judgment",
    "debateReport",
    "portion",
)
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
LISTS = frozenset({"list", "blockList"})
INTROS = frozenset({"intro", "listIntroduction"})
WRAPUPS = frozenset({"wrapUp", "listWrapUp"})
TEXT_PARTS = frozenset({"content", "alinea"}) | INTROS | WRAPUPS
BLOCK_CONTAINERS = frozenset({"container", "blockContainer", "recital", "citation", "formula", "tblock"})
PLAIN_BLOCKS = frozenset({"p", "block", "ul", "ol", "longTitle", "alinea"})
NOTE_TAGS = frozenset({"authorialNote", "noteRef"})
BREAKS = frozenset({"br", "eol", "eop"})
SKIP = frozenset({"meta", "remark", "img", "componentRef"})
ISO_DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}$")
#: FRBR author → registry key of the adopting body
AUTHORS = {"ga": "GA", "unga": "GA", "sc": "SC", "unsc": "SC", "ecosoc": "ECOSOC", "unecosoc": "ECOSOC"}
NAMES = {
    "resolution": "resolution",
    "decision": "decision",
    "presidentialstatement": "statement",
    "draftresolution": "draft",
}
_WORK = re.compile(r"^/akn/un/[^/]+/[^/]+/([^/]+)/([^/]*)/([^/@]+)(?:/|$)")
_FILE_SYMBOL = re.compile(r"^(S_PRST_\d{4}_\d+|[AES]_RES_[\w-]+?|S_\d{4}_\d+)(?:[-_ ].*)?$")


def a(name: str) -> str:
    """Clark name of an Akoma Ntoso element."""
    return f"{{{AKN_NS}}}{name}"


def local(el: Any) -> str:
    tag = el.tag
    prefix = "{" + AKN_NS + "}"
    return tag[len(prefix) :] if isinstance(tag, str) and tag.startswith(prefix) else ""


def safe_parser(recover: bool = False) -> etree.XMLParser:
    """No entity expansion, no DTD, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def read_akn(path: Path | str) -> Marked:
    """What an AKN file states (identity, heading, units, divisions), before any reading of its text."""
    p = Path(path)
    return read_marked(p, _read(p))


def load_akn(path: Path | str, manifest: ManifestArg = None, registry: Registry | None = None) -> Document:
    """Load a UN document marked up in Akoma Ntoso 3.0 (AKN4UN)."""
    p = Path(path)
    data = _read(p)
    marked = read_marked(p, data)
    reg = registry if registry is not None else default_registry()
    hints = metadata_hints(p, {}, manifest, reg)
    for key in ("symbol", "date", "title"):
        if hints.get(key) and not getattr(marked, key):
            setattr(marked, key, hints[key])
    try:
        return build_document(
            marked,
            path=str(p),
            sha256=hashlib.sha256(data).hexdigest(),
            fmt="akn",
            loader=LOADER,
            registry=reg,
        )
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
                path, f"Akoma Ntoso in namespace {ns}, not Akoma Ntoso 3.0 ({AKN_NS})", root.sourceline
            )
        raise LoadError(
            path,
            f"unsupported format: XML root element {one_line(tag)} is not Akoma Ntoso 3.0",
            root.sourceline,
        )
    return root, notices


def _document(root: Any) -> Any:
    return next((c for c in root.iterchildren() if local(c) in DOC_ELEMENTS), None)


# --- identification ------------------------------------------------------------------------------


@dataclass
class _Ident:
    """What a file states about itself, before the reader settles its identity."""

    name: str = ""
    work: str | None = None
    expression: str | None = None
    language: str | None = None
    work_date: str | None = None
    author: str | None = None
    symbol: str | None = None
    number: str | None = None
    issuing_body: str | None = None
    doc_type: str | None = None
    session: str | None = None
    agenda_item: str | None = None
    issued: str | None = None
    adopted: str | None = None
    meeting: str | None = None
    title: str | None = None
    date_notice: str | None = None
    collection: bool = False
    header: list[tuple[str, str]] = field(default_factory=list)


def _frbr(el: Any) -> str | None:
    if el is None:
        return None
    for name in ("FRBRuri", "FRBRthis"):
        x = el.find(a(name))
        if x is not None and x.get("value"):
            return str(x.get("value")).replace("!main.xml", "").replace("!main/", "").replace("!main", "")
    return None


def _identification(out: _Ident, meta: Any) -> None:
    ident = meta.find(a("identification")) if meta is not None else None
    if ident is None:
        return
    work = ident.find(a("FRBRWork"))
    expr = ident.find(a("FRBRExpression"))
    out.work, out.expression = _frbr(work), _frbr(expr)
    if work is not None:
        d = work.find(a("FRBRdate"))
        if d is not None and _valid_date(d.get("date")):
            out.work_date = str(d.get("date")).strip()
        m = _WORK.match(out.work or "")
        if m is not None and _valid_date(m.group(2)) and m.group(2) != out.work_date:
            if out.work_date:  # the Work's own URI names the date it was adopted
                out.date_notice = f"FRBRdate {out.work_date} differs from the date of the Work URI {out.work}"
            out.work_date = m.group(2)
        au = work.find(a("FRBRauthor"))
        if au is not None:
            out.author = (au.get("href") or "").lstrip("#").strip().lower() or None
    if expr is not None:
        lang = expr.find(a("FRBRlanguage"))
        if lang is not None:
            out.language = (lang.get("language") or "").strip() or None


def _valid_date(value: str | None) -> bool:
    m = ISO_DATE.match((value or "").strip())
    return bool(m) and int(m.group(1)) >= 1945  # type: ignore[union-attr]


_HEADER_ROLES = {
    "docNumber": "symbol",
    "docAuthority": "body",
    "session": "session",
    "docProponent": "proponent",
    "docTitle": "adopted",
    "docType": "type",
    "docStatus": "status",
    "docDate": "date",
}


def _cover(out: _Ident, cover: Any) -> None:
    for p in cover.iter(a("p")):
        text = flat(p)
        if not text:
            continue
        role = "line"
        for el in p.iter():
            tag = local(el)
            ref = (el.get("refersTo") or "").lstrip("#")
            value = flat(el)
            if tag == "docNumber" and (ref == "symbol" or out.symbol is None) and value:
                out.symbol = value
            elif tag == "docAuthority" and ref == "issuingBody" and value:
                out.issuing_body = value
            elif tag == "docType" and value:
                out.doc_type = value
            elif tag == "session" and value:
                out.session = value
            elif tag == "inline" and (el.get("name") or "").lower() == "agenda item" and value:
                out.agenda_item = value
                role = "agenda"
            elif tag == "inline" and (el.get("name") or "").lower() == "agenda item name":
                role = "agenda"
            elif tag == "inline" and el.get("name") == "adoptionMeeting" and value:
                out.meeting = out.meeting or value
            elif tag == "docDate" and _valid_date(el.get("date")):
                if ref == "adoptionDate":
                    out.adopted = out.adopted or str(el.get("date")).strip()
                elif not out.issued:
                    out.issued = str(el.get("date")).strip()
            if tag in _HEADER_ROLES and role == "line":
                role = _HEADER_ROLES[tag]
        if role == "symbol" and out.symbol != text:
            role = "line"
        out.header.append((role, text))


def _preface(out: _Ident, preface: Any) -> None:
    for p in preface.iter(a("p")):
        text = flat(p)
        if not text:
            continue
        role = "title"
        for el in p.iter():
            tag = local(el)
            if tag == "docNumber":
                out.number = out.number or flat(el) or None
                if out.symbol is None and _symbol(flat(el)):  # a file without cover page
                    out.symbol = flat(el)
                    role = "symbol"
            elif tag == "docAuthority" and out.issuing_body is None:
                out.issuing_body = flat(el) or None
            elif tag == "docTitle":
                t = flat(el)
                if t and not re.match(r"(?i)(resolution|decision) adopted", t):
                    out.title = out.title or t
            elif tag == "docProponent":
                role = "proponent"
        out.header.append((role, text))


def _settle(path: Path, f: _Ident, notices: list[str]) -> tuple[str | None, str, str | None, str | None]:
    """Symbol, type, body and date: what the identification, the cover page and the name agree on."""
    printed = _symbol(f.symbol)
    doc_type = NAMES.get(f.name.lower().replace("_", ""), "")
    if not doc_type:  # a documentCollection: the cover page's type or the printed symbol says
        kind = doc_type_of(printed) if printed else "resolution"
        doc_type = "decision" if (f.doc_type or "").lower() == "decision" else kind
        doc_type = {"document": "resolution"}.get(doc_type, doc_type)
    derived = _from_work(f.work, doc_type)
    filed = _from_file_name(path)

    def fits_type(s: str | None) -> bool:
        return bool(s) and _type_agrees(s or "", doc_type)

    if printed and derived and _base(printed) != _base(derived):
        choice = (
            printed
            if fits_type(printed) and not fits_type(derived)
            else derived
            if fits_type(derived) and not fits_type(printed)
            else next((s for s in (printed, derived) if filed and _norm(s) == _norm(filed)), None)
            or (filed if fits_type(filed) else None)
        )
        if choice is None:
            raise LoadError(path, f"identification ({f.work}) and docNumber ({printed}) disagree")
        notices.append(f"identification ({f.work}) and docNumber ({printed}) disagree; {choice} is taken")
        symbol: str | None = choice
    elif f.collection:  # a file holding every part ("76/416 A and B") is the text as a whole
        symbol = next((_whole(s) for s in (printed, derived) if s), None)
    else:  # the same text; a part letter ("77/512 B") makes one of them the more precise
        symbol = max((s for s in (printed, derived) if s), key=len, default=None)
    if symbol and not fits_type(symbol):
        if fits_type(filed):
            notices.append(
                f"docNumber {symbol} is not a {doc_type}, as the markup names it; the file name gives {filed}"
            )
            symbol = filed
        else:
            notices.append(f"docNumber {symbol} is not a {doc_type}, as the markup names it")
    body = AUTHORS.get(f.author or "") if f.work and "/deliberation/" in f.work else None
    body = body or (body_key_for_name(f.issuing_body, None) if f.issuing_body else None)
    date = f.work_date or f.adopted
    if date is None and f.issued:
        date = f.issued
        notices.append(f"no valid adoption date in the identification; the cover page's date {date} is used")
    return symbol, doc_type or "resolution", body, date


def _symbol(raw: str | None) -> str | None:
    s = " ".join((raw or "").split()).rstrip(".")
    return (
        s
        if (s and SYMBOL.fullmatch(s))
        or re.fullmatch(r"[A-Z]+/[A-Z0-9./-]+(?: [A-Z](?:-[A-Z])?| \(\d{4}\))?", s)
        else None
    )


def _norm(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol).upper()


def _whole(symbol: str) -> str:
    """The symbol without a single part letter ("A/DEC/78/413 A" → "A/DEC/78/413"); ranges stay."""
    return re.sub(r"\s+[A-Z]$", "", symbol.strip())


def _base(symbol: str) -> str:
    """The symbol without its parts: "A/RES/74/92 A-B" and "A/RES/74/92 B" are both A/RES/74/92."""
    return _norm(re.sub(r"\s+[A-Z](?:-[A-Z])?$", "", symbol.strip()))


def _type_agrees(symbol: str, doc_type: str) -> bool:
    """Whether the symbol is of the kind the markup names (a draft's symbol is a plain document's)."""
    return doc_type_of(symbol) == ("document" if doc_type == "draft" else doc_type)


def _from_work(work: str | None, doc_type: str) -> str | None:
    """The symbol a FRBR Work URI implies: …/unga/2021-12-16/76-186/ → A/RES/76/186."""
    m = _WORK.match(work or "")
    if m is None:
        return None
    author, number = m.group(1), m.group(3)
    part = re.match(r"^(.*?\d)([A-Z](?:-[A-Z])?)$", number)
    suffix = f" {part.group(2)}" if part else ""
    number = part.group(1) if part else number
    if author == "unga":
        session, _, n = number.rpartition("-")
        if not session or not n.isdigit():
            return None
        return ("A/DEC/" if doc_type == "decision" else "A/RES/") + f"{session}/{n}{suffix}"
    if author == "unecosoc":
        year, _, n = number.partition("-")
        return ("E/DEC/" if doc_type == "decision" else "E/RES/") + f"{year}/{n}{suffix}"
    if author == "unsc":
        first, _, second = number.partition("-")
        if not (first.isdigit() and second.isdigit()):
            return None
        if doc_type in ("statement", "draft") and not 1946 <= int(first) <= 2100:
            return None
        if doc_type == "statement":
            return f"S/PRST/{first}/{second}"
        if doc_type == "draft":
            return f"S/{first}/{second}"
        return f"S/RES/{first} ({second})"
    return None


def _from_file_name(path: Path) -> str | None:
    m = _FILE_SYMBOL.match(path.stem)
    if m is None:
        return None
    parts = m.group(1).split("_")
    if parts[:2] == ["S", "PRST"]:
        return "S/PRST/" + "/".join(parts[2:])
    return "/".join(parts)


# --- text ----------------------------------------------------------------------------------------


def flat(el: Any) -> str:
    """Visible text of an element without notes, white space collapsed."""
    parts: list[str] = []
    _plain(el, parts)
    return " ".join("".join(parts).split())


def _plain(el: Any, out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for c in el.iterchildren():
        if isinstance(c.tag, str):
            name = local(c)
            if name in BREAKS:
                out.append(" ")
            elif name not in NOTE_TAGS and name not in SKIP:
                _plain(c, out)
        if c.tail:
            out.append(c.tail)


@dataclass
class _Text:
    """One unit's visible text: white space collapsed, notes and links kept at their offsets."""

    notes_by_id: dict[str, Any]
    parts: list[str] = field(default_factory=list)
    length: int = 0
    space: bool = True  # the text so far is empty or ends in white space
    notes: list[tuple[int, Note]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def add(self, s: str) -> None:
        for piece in re.split(r"(\s+)", s):
            if not piece:
                continue
            if piece.isspace():
                if not self.space:
                    self.parts.append(" ")
                    self.length += 1
                    self.space = True
            else:
                self.parts.append(piece)
                self.length += len(piece)
                self.space = False

    def walk(self, el: Any, *, stop: Any = None) -> bool:
        """Text of ``el``; with ``stop``, up to that element (returns True once it was reached)."""
        if el is stop:
            return True
        if el.text:
            self.add(el.text)
        for c in el.iterchildren():
            if c is stop:
                return True
            if isinstance(c.tag, str):
                name = local(c)
                if name == "authorialNote":
                    self.note(c, c.get("marker"))
                elif name == "noteRef":
                    target = self.notes_by_id.get((c.get("href") or "").lstrip("#"))
                    if target is not None:
                        self.note(target, c.get("marker") or target.get("marker"))
                elif name in BREAKS:
                    self.add(" ")
                elif name in SKIP or name == "num" or not name:
                    pass
                elif name == "a" and c.get("href"):
                    i0, n0 = len(self.parts), self.length
                    if self.walk(c, stop=stop):
                        return True
                    inner = "".join(self.parts[i0:])
                    start = n0 + (len(inner) - len(inner.lstrip()))
                    end = n0 + len(inner.rstrip())
                    if end > start:
                        self.links.append(Link(start, end, str(c.get("href")).strip()))
                elif self.walk(c, stop=stop):
                    return True
            if c.tail:
                self.add(c.tail)
        return False

    def note(self, el: Any, marker: str | None) -> None:
        inner = _Text(self.notes_by_id)
        inner.walk(el)
        text, links = inner.result()
        end = self.length - (1 if self.space and self.parts else 0)
        self.notes.append((end, Note((marker or "").strip(), text, links)))

    def result(self) -> tuple[str, list[Link]]:
        text = "".join(self.parts)
        lead = len(text) - len(text.lstrip())
        stripped = text.strip()
        links = [
            Link(max(0, lk.start - lead), min(len(stripped), lk.end - lead), lk.href)
            for lk in self.links
            if lk.end - lead > 0
        ]
        self.notes = [(min(len(stripped), max(0, off - lead)), n) for off, n in self.notes]
        return stripped, links


class _Units:
    """Walks a preamble, main body or annex body into units; embedded structures come out as elements."""

    def __init__(self, notes_by_id: dict[str, Any], zone: str) -> None:
        self.notes_by_id = notes_by_id
        self.zone = zone

    def unit(self, el: Any, parts: list[Any] | None = None, *, stop: Any = None) -> Unit:
        t = _Text(self.notes_by_id)
        for part in parts if parts is not None else [el]:
            reached = t.walk(part, stop=stop)
            t.add(" ")
            if reached:
                break
        text, links = t.result()
        num_el = el.find(a("num"))
        tag = local(el)
        if tag == "formula" or (el.get("name") or "") in ("formula", "enactingFormula"):
            tag = "formula"
        zone = self.zone
        if zone == "draft":  # an embedded draft: its blocks are preambular, its paragraphs operative
            zone = "preamble" if tag in BLOCK_CONTAINERS or tag == "formula" else "body"
        return Unit(
            eid=el.get("eId"),
            tag=tag,
            num=(flat(num_el) or None) if num_el is not None else None,
            text=text,
            zone=zone,
            css=el.get("class"),
            notes=t.notes,
            links=links,
        )

    def blocks(self, children: Any) -> Iterator[Unit | Any]:
        for child in children:
            name = local(child)
            if not name or name in SKIP:
                continue
            emb = child.find(f".//{a('embeddedStructure')}") if name != "embeddedStructure" else child
            if emb is not None and (name in HIER or name in BLOCK_CONTAINERS or name in PLAIN_BLOCKS):
                u = self.unit(child, [c for c in child.iterchildren() if local(c)] or None, stop=emb)
                if u.text or u.num:
                    yield u
                yield emb
            elif name in HIER:
                yield self.hier(child)
            elif name in BLOCK_CONTAINERS or name in PLAIN_BLOCKS:
                u = self.unit(child)
                if u.text or u.notes:
                    yield u
            elif name in LISTS:
                yield from self.list_units(child)
            elif name == "table":
                yield from self.table(child)
            elif name in ("recitals", "citations", "wrap", "subFlow", "content", "container"):
                yield from self.blocks(child.iterchildren())

    def hier(self, el: Any) -> Unit:
        """A numbered unit: its own text, its list items and sub-units as children."""
        own = [c for c in el.iterchildren() if local(c) in TEXT_PARTS]
        lists = [c for c in el.iterchildren() if local(c) in LISTS]
        intro_used = None
        if not own and lists:
            intro = next((c for c in lists[0].iterchildren() if local(c) in INTROS), None)
            if intro is not None:
                own, intro_used = [intro], intro
        u = self.unit(el, own)
        for child in el.iterchildren():
            name = local(child)
            if name in HIER:
                u.children.append(self.hier(child))
            elif name in LISTS:
                u.children.extend(x for x in self.list_units(child, skip=intro_used) if isinstance(x, Unit))
            elif name in WRAPUPS and child is not intro_used:
                w = self.unit(child)
                if w.text:
                    u.children.append(w)
        return u

    def list_units(self, lst: Any, skip: Any = None) -> Iterator[Unit]:
        for child in lst.iterchildren():
            name = local(child)
            if child is skip or not name:
                continue
            if name in HIER:
                yield self.hier(child)
            elif name in INTROS or name in WRAPUPS or name in ("p", "block"):
                u = self.unit(child)
                if u.text:
                    yield u
            elif name in LISTS:
                yield from self.list_units(child)

    def table(self, table: Any) -> Iterator[Unit]:
        for row in table.iter(a("tr")):
            cells = [c for c in row if local(c) in ("td", "th")]
            t = _Text(self.notes_by_id)
            for c in cells:
                t.walk(c)
                t.add(" | ")
            text, links = t.result()
            text = text.rstrip(" |")
            if text:
                yield Unit(row.get("eId"), "tr", None, text, "body", "table", t.notes, links)


def _notes_of(doc: Any) -> dict[str, Any]:
    meta = doc.find(a("meta"))
    return {n.get("eId") or n.get("id") or "": n for n in meta.iter(a("note"))} if meta is not None else {}


def _fill(block: Block, items: Iterator[Unit | Any], notes: dict[str, Any]) -> None:
    for item in items:
        if isinstance(item, Unit):
            block.units.append(item)
        else:  # an embedded structure: a draft the text recommends for adoption
            draft = Block("draft", label=str(1 + sum(1 for b in block.blocks if b.kind == "draft")))
            _fill(draft, _Units(notes, "draft").blocks(item.iterchildren()), notes)
            block.blocks.append(draft)


def _body(block: Block, doc: Any) -> None:
    """Preamble and main body (several pairs in a sectioned text), attachments as annexes."""
    notes = _notes_of(doc)
    for child in doc.iterchildren():
        name = local(child)
        zone = {"preamble": "preamble", "mainBody": "body", "body": "body"}.get(name)
        if zone is not None:
            _fill(block, _Units(notes, zone).blocks(child.iterchildren()), notes)
        elif name in HIER or name == "alinea":  # a recovered file: units left outside mainBody
            _fill(block, _Units(notes, "body").blocks([child]), notes)
        elif name in ("attachments", "components"):
            for att in child.iterchildren():
                inner = next((c for c in att.iterchildren() if local(c) in DOC_ELEMENTS), None)
                if inner is None:
                    continue
                annex = Block("annex", label=str(1 + sum(1 for b in block.blocks if b.kind == "annex")))
                _annex_title(annex, inner)
                _body(annex, inner)
                block.blocks.append(annex)


def _annex_title(block: Block, inner: Any) -> None:
    preface = inner.find(a("preface"))
    if preface is None:
        return
    title = preface.find(f".//{a('docTitle')}")
    if title is not None and flat(title):
        block.title = flat(title)


def _parts(main: Block, root: Any, coll: Any, notices: list[str]) -> None:
    """A documentCollection: each component is a part with its own number, date and meeting."""
    comps = root.find(a("components"))
    if comps is None:
        notices.append("documentCollection without components")
        return
    for comp in comps.iterchildren(a("component")):
        inner = next((c for c in comp.iterchildren() if local(c) in DOC_ELEMENTS), None)
        if inner is None:
            continue
        sub = _Ident()
        _identification(sub, inner.find(a("meta")))
        part = Block("part", date=sub.work_date)
        preface = inner.find(a("preface"))
        if preface is not None:
            num = preface.find(f".//{a('docNumber')}")
            if num is not None and flat(num):
                part.label = flat(num).rstrip(".")
        _body(part, inner)
        concl = inner.find(a("conclusions"))
        if concl is not None:
            meetings = [flat(x) for x in concl.iter(a("inline")) if x.get("name") == "adoptionMeeting"]
            part.meeting = meetings[-1] if meetings else None
        main.blocks.append(part)


def read_marked(path: Path, data: bytes) -> Marked:
    """What one AKN file states: identity, heading lines, units, divisions."""
    root, notices = parse_root(path, data)
    doc = _document(root)
    if doc is None:
        raise LoadError(
            path, "no document element (statement, doc, documentCollection …) under akomaNtoso", 1
        )
    ident = _Ident(name=(doc.get("name") or "").strip(), collection=local(doc) == "documentCollection")
    _identification(ident, doc.find(a("meta")))
    cover = doc.find(a("coverPage"))
    if cover is not None:
        _cover(ident, cover)
    preface = doc.find(a("preface"))
    if preface is not None:
        _preface(ident, preface)
    main = Block("main")
    if local(doc) == "documentCollection":
        _parts(main, root, doc, notices)
    else:
        _body(main, doc)
    concl = doc.find(a("conclusions"))
    if concl is not None:
        for x in concl.iter(a("inline")):
            if x.get("name") == "adoptionMeeting" and not ident.meeting:
                ident.meeting = flat(x)
        for x in concl.iter(a("docDate")):
            if (x.get("refersTo") or "").lstrip("#") == "adoptionDate" and _valid_date(x.get("date")):
                ident.adopted = ident.adopted or str(x.get("date")).strip()
    symbol, doc_type, body, date = _settle(path, ident, notices)
    if ident.date_notice:
        notices.append(ident.date_notice)
    return Marked(
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
