"""The body of an AKN4UN file as units: each paragraph, block and point with its eId, number,
visible text, footnotes (taken out, anchored at their marker) and links; attachments as annexes,
components as parts, embedded structures as drafts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tipkg.loaders.parse.marked import Block, Link, Note, Unit
from tipkg.loaders.sources.akn_identity import Ident, identification
from tipkg.loaders.sources.akn_xml import (
    BLOCK_CONTAINERS,
    BREAKS,
    DOC_ELEMENTS,
    HIER,
    INTROS,
    LISTS,
    PLAIN_BLOCKS,
    SKIP,
    TEXT_PARTS,
    WRAPUPS,
    a,
    flat,
    local,
)

# Marks that are not text: the direction marks and isolates the Arabic and other versions carry
# ("Justicia \u200ePenal"), a zero-width space, a byte-order mark. Joiners (U+200C, U+200D) stay.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _collapsed(s: str) -> str:
    """``s`` with each run of white space one space, as ``re.sub(r"\\s+", " ", s)`` gives it; by
    str.split, which splits where ``\\s`` matches, three times as fast on a paragraph."""
    words = s.split()
    if not words:
        return " " if s else ""
    piece = " ".join(words)
    if s[0].isspace():
        piece = " " + piece
    if s[-1].isspace():
        piece += " "
    return piece


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
        """``s`` with each run of white space one space, and none after white space already added
        (one piece per call: the text of an element, not one per word)."""
        piece = _collapsed(s if s.isascii() else _INVISIBLE.sub("", s))  # the marks are not ASCII
        if self.space and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            self.parts.append(piece)
            self.length += len(piece)
            self.space = piece.endswith(" ")

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

    def _without_note_frames(self, text: str) -> str:
        """The Arabic versions print the frame of a note's number as text, "()" before the note or
        "(" and ")" around it ("وبروتوكولاتها الاختيارية()", "(رقم 29()"): a marker, as the number in
        the English versions' marker attribute, not text. Taken out, notes and links moved with it."""
        cuts: list[tuple[int, int]] = []
        for off, _ in self.notes:
            if text[off - 2 : off] == "()":
                cuts.append((off - 2, off))
            elif text[off - 1 : off + 1] == "()":
                cuts.append((off - 1, off + 1))
        if not cuts:
            return text
        cuts = sorted(set(cuts))  # two notes at one place share their frame

        def moved(x: int) -> int:
            return x - sum(min(cut_end, x) - cut_start for cut_start, cut_end in cuts if x > cut_start)

        self.notes = [(moved(off), n) for off, n in self.notes]
        self.links = [Link(moved(lk.start), moved(lk.end), lk.href) for lk in self.links]
        kept: list[str] = []
        at = 0
        for cut_start, cut_end in cuts:
            kept.append(text[at:cut_start])
            at = cut_end
        return "".join(kept) + text[at:]

    def note(self, el: Any, marker: str | None) -> None:
        inner = _Text(self.notes_by_id)
        inner.walk(el)
        text, links = inner.result()
        end = self.length - (1 if self.space and self.parts else 0)
        self.notes.append((end, Note((marker or "").strip(), text, links)))

    def result(self) -> tuple[str, list[Link]]:
        text = self._without_note_frames("".join(self.parts))
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
        if not own and not lists:  # "<item><num>(a)</num><p>…</p></item>": the text without a <content>
            own = [c for c in el.iterchildren() if local(c) in ("p", "block")]
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


def body_of(block: Block, doc: Any) -> None:
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
                body_of(annex, inner)
                block.blocks.append(annex)


def _annex_title(block: Block, inner: Any) -> None:
    preface = inner.find(a("preface"))
    if preface is None:
        return
    title = preface.find(f".//{a('docTitle')}")
    if title is not None and flat(title):
        block.title = flat(title)


def parts_of(main: Block, root: Any, coll: Any, notices: list[str]) -> None:
    """A documentCollection: each component is a part with its own number, date and meeting."""
    comps = root.find(a("components"))
    if comps is None:
        notices.append("documentCollection without components")
        return
    for comp in comps.iterchildren(a("component")):
        inner = next((c for c in comp.iterchildren() if local(c) in DOC_ELEMENTS), None)
        if inner is None:
            continue
        sub = Ident()
        identification(sub, inner.find(a("meta")))
        part = Block("part", date=sub.work_date)
        preface = inner.find(a("preface"))
        if preface is not None:
            num = preface.find(f".//{a('docNumber')}")
            if num is not None and flat(num):
                part.label = flat(num).rstrip(".")
        body_of(part, inner)
        concl = inner.find(a("conclusions"))
        if concl is not None:
            meetings = [flat(x) for x in concl.iter(a("inline")) if x.get("name") == "adoptionMeeting"]
            part.meeting = meetings[-1] if meetings else None
        main.blocks.append(part)
