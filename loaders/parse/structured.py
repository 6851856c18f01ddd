"""A resolution whose structure the source states (Akoma Ntoso) → :class:`~tipkg.loaders.model.Document`.

The markup says where each paragraph begins and ends, its number and ``eId``, which text is a
footnote and where its marker stood, which documents its links name, and which parts, sections,
annexes and drafts the text holds; none of that is guessed here. What the markup does not state is
read from the text as for every other source (:mod:`.extract`): opening phrases, verbs, references,
names, addressees.

The document text is rendered as the text prints: the heading lines, each paragraph on its own
block, then the footnotes under the footnote rule, one "marker text" line each. Footnote markers
are not in the paragraph text; each footnote records the offset where its marker stood.

Divisions (:class:`~tipkg.loaders.model.Division`): the parts of a multi-part text; sections, when
their paragraph numbering starts again (otherwise the numbers alone tell the paragraphs apart); each
annex; and a draft the text recommends for adoption (an ECOSOC resolution recommending a draft to the
General Assembly: its paragraphs are the draft's, and "its resolutions" there are the Assembly's).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count

from tipkg.loaders.model import Division, Document, Footnote, Mention, Paragraph, Span, Target
from tipkg.loaders.parse.extract import ParagraphReader
from tipkg.loaders.parse.footnotes import Marker, Resolved, registry_indexes, resolve_note
from tipkg.loaders.parse.identify import identified_by_footnotes
from tipkg.loaders.parse.marked import Block, Link, Marked, Note, Unit
from tipkg.loaders.parse.numbers import canonical_num
from tipkg.loaders.parse.phrases import PhraseMatch, PhraseScheme, load_scheme
from tipkg.loaders.parse.references import body_key_for_name, find_symbols, target_for_symbol
from tipkg.loaders.registry.model import Registry
from tipkg.ontology.languages import tag_of
from tipkg.ontology.symbols import symbol_from_href

FOOTNOTE_RULE = "_" * 18
_FORMULA = re.compile(r"^\s*The\s+([A-Z][\w\s,’'-]{2,90}?)\s*[,:]\s*$")
_SECTION_LABEL = re.compile(r"^(?:(?:Section|Part|Chapter)\s+)?([IVXLC]{1,6}|[A-Z])\.?$")
_ROMAN = re.compile(r"^[IVXLC]{1,6}$")
_SUB_NUM = re.compile(r"^\(?([a-z]{1,3}|[ivxlc]{1,6}|\d{1,3})[.)]?$")
_OP_NUM = re.compile(r"^(\d{1,3})\.?$")
_NEWLINE = re.compile("\n")


def _item_letter(unit: Unit) -> str | None:
    """The letter or roman numeral of a unit numbered as a list item ("(b)", "(ب)", "(ii)"), in its
    <num> or, where the file left it there, at the start of its text."""
    if unit.num:
        written = unit.num
    else:
        first = unit.text.split(maxsplit=1)
        written = first[0] if first and first[0].endswith(")") else ""
    m = _SUB_NUM.match(canonical_num(written)) if written else None
    return m.group(1) if m is not None and not m.group(1).isdigit() else None


# a paragraph number the file left in the text, not in <num>: "4 -" (Arabic), "٤ -", "4."
_NUM_IN_TEXT = re.compile(r"\s*[0-9\u0660-\u0669\uff10-\uff19]{1,3}\s*[-–—.．]\s")


_MEETING_LINE = re.compile(r"^At\s+(?:the|its)\s+\d+\w*\s+(?:plenary\s+)?meeting\b")
# a number printed in the text, not marked up: "1 - تحث", "3. Urges", an annex's "(b) We commit …"
_PRINTED_NUM = re.compile(r"(?:[0-9\u0660-\u0669]{1,3}\s*[-–.]|\((?:[a-z]{1,2}|[ivx]{1,5})\))\s+")
_LOCATE_GAP = re.compile(r"^[\s,;:.”’\"')\]]*$")


# --- building the document -----------------------------------------------------------------------


def build_document(
    marked: Marked,
    *,
    path: str,
    sha256: str,
    fmt: str,
    loader: str,
    registry: Registry | None,
    scheme: PhraseScheme | None = None,
) -> Document:
    """The Document of a marked-up source (see the module docstring)."""
    builder = _Builder(marked, registry, scheme or load_scheme(tag_of(marked.language)))
    doc = Document(
        text="",
        source_path=path,
        source_sha256=sha256,
        source_format=fmt,
        loader=loader,
        symbol=marked.symbol,
        doc_type=marked.doc_type,
        body=marked.body,
        date=marked.date,
        title=marked.title,
        session=marked.session,
        agenda_item=marked.agenda_item,
        meeting=marked.meeting,
        distribution_date=marked.distribution_date,
        work=marked.work,
        expression=marked.expression,
        language=marked.language,
    )
    builder.run(doc)
    doc.notices = [*marked.notices, *builder.reader_notices]
    return doc


@dataclass
class _Para:
    """A paragraph placed in the text, waiting for the reading pass."""

    para: Paragraph
    unit: Unit
    body: str | None
    inherited_from: Paragraph | None = None


class _Builder:
    def __init__(self, marked: Marked, registry: Registry | None, scheme: PhraseScheme) -> None:
        self.m = marked
        self.registry = registry
        self.scheme = scheme
        self.parts: list[str] = []
        self.pos = 0
        self.placed: list[_Para] = []
        self.anchors: list[tuple[int, Note, Paragraph | None]] = []  # (offset in text, note, paragraph)
        self.links: list[Link] = []  # absolute offsets
        self.header_lines: list[tuple[str, Span]] = []
        self.zone_end = 0
        self.reader_notices: list[str] = []
        self._link_starts: list[int] | None = None
        self._sorted_links: list[Link] = []
        self.procedural: list[Mention] = []  # heading references found in footnotes

    # ------------------------------------------------------------------------------ text
    def _add(self, s: str, *, gap: bool = True) -> Span:
        if self.parts and gap:
            self.parts.append("\n\n" if not self.parts[-1].endswith("\n") else "\n")
            self.pos += len(self.parts[-1])
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return Span(start, self.pos)

    def _unit_text(self, unit: Unit, para: Paragraph | None) -> Span:
        """Place a unit ("num text"); its links and notes move to document offsets."""
        lead = f"{unit.num} " if unit.num and unit.text else (unit.num or "")
        span = self._add(lead + unit.text)
        base = span.start + len(lead)
        for lk in unit.links:
            self.links.append(Link(base + lk.start, base + lk.end, lk.href))
        for off, note in unit.notes:
            self.anchors.append((base + off, note, para))
        return span

    # ------------------------------------------------------------------------------ run
    def run(self, doc: Document) -> None:
        for role, line in self.m.header:
            span = self._add(line, gap=bool(self.parts))
            self.header_lines.append((role, span))
        self.zone_end = self.pos
        self._block(doc, self.m.main, "", self.m.body)
        self._footnotes(doc)
        doc.text = "".join(self.parts)
        self._read(doc)
        self._header_mentions(doc)

    def _block(self, doc: Document, block: Block, path: str, body: str | None) -> str | None:
        """Place a block's units and its divisions; returns the body its own text speaks for."""
        sections = list(_sections(_join_split_numbers(block.units)))
        numbers = [
            _OP_NUM.match(canonical_num(u.num)).group(1)  # type: ignore[union-attr]
            for _, _, units in sections
            for u in units
            if u.num and _OP_NUM.match(canonical_num(u.num))
        ]
        prefix_sections = len(numbers) != len(set(numbers))
        for label, title, units in sections:
            here = path
            if label is not None and prefix_sections:
                div = Division("section", label, parent=path, title=title, body=body)
                doc.divisions.append(div)
                here = div.path
            body = self._units(doc, units, here, body)
        own = body
        for child in block.blocks:
            label = child.label or str(1 + sum(1 for d in doc.divisions if d.kind == child.kind))
            div = Division(child.kind, _safe_label(label), parent=path, title=child.title, date=child.date)
            div.meeting = child.meeting
            div.body = body
            doc.divisions.append(div)
            start = self.pos
            inner = self._block(doc, child, div.path, body if child.kind != "draft" else None)
            if child.kind == "draft":
                div.body = inner  # the body the draft speaks for ("The General Assembly,")
            div.span = Span(start + (2 if start else 0), self.pos) if self.pos > start else None
        return own

    def _units(self, doc: Document, units: list[Unit], path: str, body: str | None) -> str | None:
        """Place the units of one division; returns the body the text speaks for after them."""
        pre = sum(1 for p in self.placed if p.para.division == path and p.para.kind == "preambular")
        used = {p.para.number for p in self.placed if p.para.division == path and p.para.kind == "operative"}
        last = max((int(n) for n in used if n.isdigit()), default=0)
        opened: Paragraph | None = None  # a paragraph ending in ":" whose items follow as units of their own
        last_op: Paragraph | None = None  # the operative paragraph placed last
        for unit in units:
            if opened is not None and self._is_item(unit):
                self._item(opened, unit, path, body)
                continue
            if (
                last_op is not None
                and not unit.num
                and _item_letter(unit) is not None
                and self._is_item(unit)
            ):
                self._item(last_op, unit, path, body)  # "(a) …" after "10. … measures;": a list all the same
                opened = last_op
                continue
            opened = None
            formula = _FORMULA.match(unit.text) if not unit.num else None
            if unit.tag == "formula" or (formula and unit.zone == "preamble" and len(unit.text) < 100):
                span = self._unit_text(unit, None)
                key = body_key_for_name(formula.group(1), self.registry) if formula else None
                body = key or body
                if path == "" and doc.body is None:  # "The Economic and Social Council," names the author
                    doc.body = body
                if path == "" and span.start >= self.zone_end and not self.placed:
                    self.zone_end = span.end  # "The General Assembly," closes the heading
                continue
            if self.m.doc_type == "statement" and _MEETING_LINE.match(unit.text) and not self.placed:
                span = self._unit_text(unit, None)
                self.zone_end = span.end
                continue
            if unit.zone == "body" and unit.heading_like:
                self._unit_text(unit, None)
                continue
            kind = "preambular" if unit.zone == "preamble" else "operative"
            if kind == "operative" and not unit.num and path.startswith("annex") and not _numbered(units):
                kind = "preambular"
            para = Paragraph(kind=kind, number="", text="", span=Span(0, 0), line=0)  # type: ignore[arg-type]
            if kind == "preambular":
                pre += 1
                para.number = str(pre)
            else:
                lead = _NUM_IN_TEXT.match(unit.text) if not unit.num else None  # "4 -" in the text
                m = _OP_NUM.match(canonical_num(unit.num or (lead.group(0).strip() if lead else "")))
                number = m.group(1) if m else str(last + 1)
                if number.isdigit():
                    last = int(number)
                while number in used:
                    number += "+"
                used.add(number)
                para.number = number
            self._place(doc, para, unit, path, body)
            doc.paragraphs.append(para)
            last_op = para if kind == "operative" else None
            if unit.text.rstrip().endswith((":", "：")) and not unit.children:
                opened = para
        return body

    def _is_item(self, unit: Unit) -> bool:
        """An unnumbered unit that opens no clause of its own continues the list before it, and so does
        a unit numbered as an item ("(a)", "(أ)", "(i)") where a file gives items <num>s of their own."""
        if unit.num or unit.zone != "body":  # in the preamble: "Reaffirming that … was developed: (a) …"
            return _item_letter(unit) is not None
        if _SECTION_LABEL.match(unit.text) or _NUM_IN_TEXT.match(unit.text):
            return False
        return self.scheme.match_opening(unit.text) is None and self.scheme.match_statement(unit.text) is None

    def _item(self, parent: Paragraph, unit: Unit, path: str, body: str | None) -> None:
        """A unit that is an item of the list its parent opened ("… the following documents:")."""
        number = _item_letter(unit) or str(len(parent.subparagraphs) + 1)
        while any(s.number == number for s in parent.subparagraphs):
            number += "+"
        sub = Paragraph(kind="sub", number=number, text="", span=Span(0, 0), line=0)
        sub.span = self._unit_text(unit, sub)
        sub.eid, sub.division = unit.eid, path
        parent.subparagraphs.append(sub)
        self.placed.append(_Para(sub, unit, body, inherited_from=parent))

    def _place(self, doc: Document, para: Paragraph, unit: Unit, path: str, body: str | None) -> None:
        span = self._unit_text(unit, para)
        para.span = span
        para.eid = unit.eid
        para.division = path
        self.placed.append(_Para(para, unit, body))
        letters = count(1)
        for child in _flatten(unit.children):
            sub = Paragraph(kind="sub", number="", text="", span=Span(0, 0), line=0)
            m = _SUB_NUM.match(canonical_num(child.num))
            sub.number = m.group(1) if m else f"w{next(letters)}"
            while any(s.number == sub.number for s in para.subparagraphs):
                sub.number += "+"
            sspan = self._unit_text(child, sub)
            sub.span = sspan
            sub.eid = child.eid
            sub.division = path
            para.subparagraphs.append(sub)
            self.placed.append(_Para(sub, child, body, inherited_from=para))

    def _footnotes(self, doc: Document) -> None:
        if not self.anchors:
            return
        self._add(FOOTNOTE_RULE)
        unts, adopted = registry_indexes(self.registry)
        previous: Resolved | None = None
        used: set[str] = set()
        for anchor, note, para in sorted(self.anchors, key=lambda x: x[0]):
            marker = note.marker or str(len(doc.footnotes) + 1)
            while marker in used:
                marker += "+"
            used.add(marker)
            self._add("\n", gap=False)  # one "marker text" line each
            line = self._add(f"{marker} {note.text}", gap=False)
            span = Span(line.start + len(marker) + 1, line.end)
            for lk in note.links:
                self.links.append(Link(span.start + lk.start, span.start + lk.end, lk.href))
            res = resolve_note(note.text, previous, unts, adopted)
            previous = res
            refers: Target | None = None
            if res.instrument:
                refers = Target("instrument", res.instrument)
            elif res.document:
                refers = target_for_symbol(self._linked(span.start, span.end) or res.document, note.text)
            doc.footnotes.append(Footnote(marker, note.text, span, res.citation, refers, anchor=anchor))
            if para is not None:
                para.footnote_markers.append(marker)

    # ------------------------------------------------------------------------------ reading
    def _linked(self, start: int, end: int) -> str | None:
        """The symbol the source's link over ``text[start:end]`` names (links never overlap)."""
        if self._link_starts is None:
            self.links.sort(key=lambda lk: lk.start)
            self._link_starts = [lk.start for lk in self.links]
        i = bisect_right(self._link_starts, end - 1) - 1
        if i >= 0 and self.links[i].end > start:
            return symbol_from_href(self.links[i].href)
        return None

    def _links_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The links to UN documents inside ``text[start:end]`` (start, end, symbol)."""
        if len(self._sorted_links) != len(self.links):
            self._sorted_links = sorted(self.links, key=lambda lk: lk.start)
        links = self._sorted_links
        i = bisect_right([lk.start for lk in links], start - 1)
        out: list[tuple[int, int, str]] = []
        while i < len(links) and links[i].start < end:
            lk = links[i]
            sym = symbol_from_href(lk.href) if lk.end <= end else None
            if sym:
                out.append((lk.start, lk.end, sym))
            i += 1
        return out

    def _read(self, doc: Document) -> None:
        text = doc.text
        # found by the regex engine: a Python loop over every character cost ~3% of the parse
        line_starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        reader = ParagraphReader(
            text,
            self.registry,
            self.scheme,
            doc.symbol,
            linked=self._linked,
            language=doc.language,
            date=doc.date,
            links_in=self._links_in,
        )
        notes_by_para: dict[int, list[tuple[Marker, Footnote]]] = {}
        for fn in doc.footnotes:
            owner = next(
                (p for p in self.placed if p.para.span.start <= (fn.anchor or -1) <= p.para.span.end), None
            )
            if owner is not None and fn.anchor is not None:
                notes_by_para.setdefault(id(owner.para), []).append(
                    (Marker(fn.marker, fn.anchor, fn.anchor), fn)
                )
        for placed in self.placed:
            para = placed.para
            para.text = text[para.span.start : para.span.end]
            para.line = _line_of(line_starts, para.span.start)
            start = para.span.start
            phrase = _opening(self.scheme, text, start, placed.unit.num)
            if phrase is not None:
                para.phrase = phrase.written
                para.phrase_key = phrase.key
            inherited = None
            if placed.inherited_from is not None and placed.inherited_from.verbs:
                inherited = placed.inherited_from.verbs[-1]
            end = para.span.end
            reader.read(para, text, start, end, phrase, inherited, placed.body)
            marks = notes_by_para.get(id(para), [])
            reader.via_footnotes(para, text, [mk for mk, _ in marks], {fn.marker: fn for _, fn in marks})
            identified_by_footnotes(
                reader, para, text, marks, placed.body, self.registry, self.procedural, self._linked
            )
        self.reader_notices.extend(reader.notices)

    def _header_mentions(self, doc: Document) -> None:
        text = doc.text
        seen: set[str] = set()
        for men in self.procedural:
            if men.target.key not in seen:
                seen.add(men.target.key)
                doc.header_mentions.append(men)
        for role, span in self.header_lines:
            if role == "symbol" and doc.symbol:
                doc.header_mentions.append(
                    Mention(
                        Target("resolution", doc.symbol, body=doc.body, doc_type=doc.doc_type),
                        span,
                        text[span.start : span.end],
                    )
                )
                seen.add(doc.symbol)
            elif role == "proponent":
                for r in find_symbols(text, span.start, span.end):
                    if r.target.key not in seen:
                        seen.add(r.target.key)
                        doc.header_mentions.append(
                            Mention(r.target, Span(r.start, r.end), text[r.start : r.end])
                        )
        if self.registry is None:
            return
        skip = [sp for role, sp in self.header_lines if role in ("agenda", "title")]
        named = {m.target.key for p in doc.all_paragraphs() for m in p.mentions}
        for m in self.registry.find_all(text[: self.zone_end]):
            if m.entry.kind not in ("body", "event") or m.entry.key in named:
                continue
            if any(sp.start <= m.start < sp.end for sp in skip):
                continue
            named.add(m.entry.key)
            doc.mentions.append(
                Mention(Target(m.entry.kind, m.entry.key), Span(m.start, m.end), text[m.start : m.end])
            )


def _opening(scheme: PhraseScheme, text: str, start: int, num: str | None) -> PhraseMatch | None:
    pos = start + (len(num) + 1 if num else 0)
    if not num:  # a number printed in the text, not marked up ("1 - تحث", "3. Urges")
        printed = _PRINTED_NUM.match(text, pos)
        pos = printed.end() if printed else pos
    while pos < len(text) and text[pos] in " “\"‘'-–«":
        pos += 1
    return scheme.match_opening(text, pos) or scheme.match_statement(text, pos)


def _numbered(units: list[Unit]) -> bool:
    return any(u.num and _OP_NUM.match(canonical_num(u.num)) for u in units)


def _flatten(units: list[Unit], prefix: str = "") -> Iterator[Unit]:
    """Points and their points, in order; a nested point's number carries its parent's ("a.i")."""
    for u in units:
        m = _SUB_NUM.match(canonical_num(u.num))
        own = m.group(1) if m else None
        number = f"{prefix}.{own}" if prefix and own else own
        yield Unit(u.eid, u.tag, f"({number})" if number else u.num, u.text, u.zone, u.css, u.notes, u.links)
        if u.children:
            yield from _flatten(u.children, number or prefix)


def _join_split_numbers(units: list[Unit]) -> list[Unit]:
    """A paragraph whose markup holds its number alone, its text in the unnumbered unit after it
    (as some language versions are marked up), is one paragraph: the number's, with the text."""
    out: list[Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        nxt = units[i + 1] if i + 1 < len(units) else None
        if (
            u.num
            and not u.text
            and not u.children
            and not u.notes
            and nxt is not None
            and not nxt.num
            and nxt.zone == u.zone
            and nxt.text
        ):
            out.append(Unit(u.eid, u.tag, u.num, nxt.text, u.zone, u.css, nxt.notes, nxt.links, nxt.children))
            i += 2
            continue
        out.append(u)
        i += 1
    return out


def _sections(units: list[Unit]) -> Iterator[tuple[str | None, str | None, list[Unit]]]:
    """The units in runs, a run opening where a heading gives a section label ("I", "II", "A.")."""
    label: str | None = None
    title: str | None = None
    run: list[Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        if u.zone == "body" and not u.num and _SECTION_LABEL.match(u.text.strip()) and u.heading_like:
            if run:
                yield label, title, run
            label, title, run = _SECTION_LABEL.match(u.text.strip()).group(1), None, [u]  # type: ignore[union-attr]
            nxt = units[i + 1] if i + 1 < len(units) else None
            if nxt is not None and nxt.heading_like and not _SECTION_LABEL.match(nxt.text.strip()):
                title = nxt.text
                run.append(nxt)
                i += 1
            i += 1
            continue
        run.append(u)
        i += 1
    if run:
        yield label, title, run


def _safe_label(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", label).strip("-") or "1"


def _line_of(line_starts: list[int], pos: int) -> int:
    lo, hi = 0, len(line_starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if line_starts[mid] <= pos:
            lo = mid
        else:
            hi = mid
    return lo + 1
