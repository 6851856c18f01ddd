"""Resolution text → :class:`~tipkg.loaders.model.Document`.

The entry point of the resolution text parser: every reader in :mod:`tipkg.loaders.sources` gets
text from its file and calls :func:`parse_text`. Steps, each in its own module:

1. heading (:mod:`.header`): symbol, body, dates, title; the body starts after "The <body>,";
2. furniture and chrome (:mod:`.clean`) and footnote bodies (:mod:`.footnotes`) are blanked with
   spaces in a working copy, so offsets still index the original text;
3. segmentation (:mod:`.structure`) with the phrase scheme (:mod:`.phrases`); paragraphs stored twice
   (two copies of a page) are kept once, the fuller copy winning;
4. references (:mod:`.references`), registry names (:mod:`.linking`), addressees (:mod:`.addressees`);
   the relation of a citation is the last verb before it in its paragraph, "mentions" after
   "in accordance with" and the like.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping

from tipkg.loaders.errors import LoadError, NotADocument
from tipkg.loaders.model import Division, Document, Footnote, Mention, Paragraph, Span, Target
from tipkg.loaders.parse import clean
from tipkg.loaders.parse.extract import ParagraphReader
from tipkg.loaders.parse.footnotes import (
    SUPERSCRIPTS,
    FootnoteBody,
    Marker,
    Resolved,
    find_bodies,
    find_markers,
    registry_indexes,
    resolve_note,
)
from tipkg.loaders.parse.header import Header, find_adopting, parse_header
from tipkg.loaders.parse.identify import identified_by_footnotes
from tipkg.loaders.parse.phrases import PhraseScheme, load_scheme
from tipkg.loaders.parse.references import (
    body_key_for_name,
    find_symbols,
    target_for_symbol,
)
from tipkg.loaders.parse.structure import (
    Segment,
    Start,
    dedupe,
    generic_opening,
    line_start,
    segment,
    title_like,
)
from tipkg.loaders.registry.load import default_registry
from tipkg.loaders.registry.model import Registry
from tipkg.ontology.symbols import body_of_symbol
from tipkg.ontology.synthetic import is_synthetic

LOADER = "tipkg.loaders.text"
_STAR_NOTE = re.compile(r"^\s*\*{1,3}\s+\S")
_ANNEX = re.compile(r"^\s*#*\s*Annex(?:\s+[IVXLC]+)?\s*$")
_LONE_NUMBER = re.compile(r"[ \t]*(\d{1,2})[ \t]*$")
_BARE_NUMBER = re.compile(r"[ \t]*[“\"]?(\d{1,3})\.[ \t]*$")
_INLINE_ANNEX = re.compile(r"(?<=[.;:\u2070-\u2079\u00b9\u00b2\u00b3] )Annex(?:\s+[IVXLC]+)?\s+(?=[A-Z0-9])")
_FIRST_ITEM = re.compile(r"\s(?:1\.\s+[A-Z“\"]|We,?\s)")
_INLINE_DRAFT = re.compile(r"draft\s+(?:resolution|decision):\s+The\s+([A-Z][\w\s]{3,60}?),")
_ENDS_CLAUSE = re.compile(r"[,;:][" + SUPERSCRIPTS + r"\d]*\s*$")
_AGENDA_LINE = re.compile(r"^\s*Agenda\s+items?\s+\d+\s*$")


def parse_text(
    text: str,
    *,
    path: str,
    sha256: str,
    fmt: str,
    loader: str = LOADER,
    metadata: Mapping[str, str] | None = None,
    registry: Registry | None = None,
) -> Document:
    """Parse resolution text into a Document (see the module docstring)."""
    return _Parser(text, path, registry if registry is not None else default_registry(), load_scheme()).run(
        Document(text=text, source_path=path, source_sha256=sha256, source_format=fmt, loader=loader),
        metadata,
    )


class _Parser:
    def __init__(self, text: str, path: str, registry: Registry | None, scheme: PhraseScheme) -> None:
        self.text = text
        self.path = path
        self.registry = registry
        self.scheme = scheme
        self.work = clean.WorkText(text)  # furniture, markers, chrome blanked with spaces
        self.lines = clean.lines_of(text)
        self.furniture: set[int] = set()  # line numbers
        self.boundaries: set[int] = set()  # line numbers that end any open paragraph
        self.symbol: str | None = None
        self.procedural: list[Mention] = []  # heading references found in footnotes
        self.divisions: list[tuple[int, Division]] = []  # (where it starts, annex or draft)

    # ------------------------------------------------------------------------------ orchestration

    def run(self, doc: Document, metadata: Mapping[str, str] | None) -> Document:
        content = [ln for ln in self.lines if not ln.blank and not clean.is_gap(ln)]
        if not content:
            raise LoadError(self.path, "no resolution text (empty or only gap markers)")
        for line, _ in clean.furniture_lines(self.lines, symbols=False):  # chrome, before the heading is read
            if not clean.FOOTNOTE_RULE.match(line.text):
                self.work.blank(line.start, line.end)
        running = clean.running_headers(self.lines)
        for line, _ in running:  # a PDF's running header pasted inside the copy
            self.furniture.add(line.number)
            self.work.blank(line.start, line.end)
        header = parse_header(str(self.work), self.registry)
        meta = dict(metadata or {})
        if running and not header.symbol and not meta.get("symbol"):
            meta["symbol"] = running[0][1]
            meta.setdefault("body", body_of_symbol(running[0][1]) or "")
        body = header.body or meta.get("body")
        own = tuple(s for s in (header.symbol, meta.get("symbol")) if s)
        self._blank_furniture(own, header.title or meta.get("title"))
        self.work.blank(0, header.body_start)
        self._blank_second_headings(body)
        self._blank_leading_symbols(own)
        self.divisions = self._division_starts(header.body_start)
        work = str(self.work)
        starts = self._starts(work)
        if header.formula_opens:
            self._formula_start(work, header.body_start, starts)
        skip = self.furniture | {ln.number for ln in self.lines if ln.end <= header.body_start}
        is_start = {k: v is not None for k, v in starts.items()}
        bodies = find_bodies(self.lines, work, skip, is_start, markdown=doc.source_format == "markdown")
        for fb in bodies:
            for n in fb.lines:
                ln = self.lines[n - 1]
                self.work.blank(ln.start, ln.end)
        strays = self._strays(header.body_start)
        for n in strays:
            ln = self.lines[n - 1]
            self.work.blank(ln.start, ln.end)
        work = str(self.work)
        starts = self._starts(work)
        if header.formula_opens:
            self._formula_start(work, header.body_start, starts)
        boundaries = self.boundaries | strays
        segments = segment(work, self.lines, header.body_start, boundaries, starts, self.scheme)
        segments = dedupe(work, segments)
        markers = self._markers(segments, work)
        work = str(self.work)
        footnotes = self._footnotes(bodies, markers)
        self._fill_document(doc, header, meta, body)
        self.symbol = doc.symbol
        self._paragraphs(doc, work, segments, markers, footnotes, body)
        doc.footnotes = footnotes
        if not (doc.symbol or doc.body or any(p.phrase for p in doc.paragraphs) or footnotes):
            raise NotADocument(
                self.path, "not a UN document: no symbol, no adopting body, no paragraph opening"
            )
        self._header_mentions(doc, header)
        return doc

    # ---------------------------------------------------------------------------------- cleaning

    def _blank_furniture(self, own: tuple[str, ...], title: str | None) -> None:
        for line, reason in clean.furniture_lines(self.lines, own, title):
            self.furniture.add(line.number)
            if reason in ("copy separator", "site label", "site label value"):
                self.boundaries.add(line.number)
            if reason != "footnote rule":
                self.work.blank(line.start, line.end)
        for line in self.lines:
            if clean.is_gap(line):
                self.boundaries.add(line.number)
                self.work.blank(line.start, line.end)

    def _division_starts(self, body_start: int) -> list[tuple[int, Division]]:
        """Where the text's divisions begin: an annex at its "Annex" heading (its paragraphs are the
        document's, numbered anew: a declaration the resolution adopts), a draft the text recommends
        to another body at the "The General Assembly," that follows "… the following draft
        resolution:". The heading lines are blanked; each division records its title."""
        out: list[tuple[int, Division]] = []
        work = str(self.work)
        previous = ""
        content = [ln for ln in self.lines if ln.start >= body_start and work[ln.start : ln.end].strip()]
        for k, line in enumerate(content):
            text = work[line.start : line.end]
            if _ANNEX.match(text):
                n = 1 + sum(1 for _, d in out if d.kind == "annex")
                title_line = content[k + 1] if k + 1 < len(content) else None
                title = None
                if title_line is not None and title_like(work[title_line.start : title_line.end]):
                    title = " ".join(work[title_line.start : title_line.end].split())
                    self.work.blank(title_line.start, title_line.end)
                out.append((line.start, Division("annex", str(n), title=title)))
                self.work.blank(line.start, line.end)
            elif previous.rstrip().endswith(":") and re.search(
                r"\bdraft\s+(?:resolution|decision)s?\b", previous
            ):
                m = find_adopting(text, self.registry)
                if m is not None and not text[m.end() :].strip():
                    n = 1 + sum(1 for _, d in out if d.kind == "draft")
                    key = body_key_for_name(m.group(1), self.registry)
                    out.append((line.start, Division("draft", str(n), body=key)))
                    self.work.blank(line.start, line.end)
            previous = work[max(0, line.start - 400) : line.end] if text.strip() else previous
        self._inline_divisions(work, body_start, out)
        out.sort(key=lambda x: x[0])
        return out

    def _inline_divisions(self, work: str, body_start: int, out: list[tuple[int, Division]]) -> None:
        """The same divisions in text flattened to one line: "…; Annex <title> 1. We …", "… the
        following draft resolution: The General Assembly, Alarmed …"."""
        for m in _INLINE_ANNEX.finditer(work, body_start):
            if any(pos <= m.start() < pos + 10 for pos, _ in out):
                continue
            first = _FIRST_ITEM.search(work, m.end(), m.end() + 400)
            stop = first.start() + 1 if first else m.end()
            title = " ".join(work[m.end() : stop].split()) or None
            n = 1 + sum(1 for _, d in out if d.kind == "annex")
            out.append((m.start(), Division("annex", str(n), title=title)))
            self.work.blank(m.start(), stop)
        for m in _INLINE_DRAFT.finditer(work, body_start):
            key = body_key_for_name(m.group(1), self.registry)
            if key is None or any(pos <= m.start(1) < pos + 40 for pos, _ in out):
                continue
            n = 1 + sum(1 for _, d in out if d.kind == "draft")
            out.append((m.start(1) - 4, Division("draft", str(n), body=key)))
            self.work.blank(m.start(1) - 4, m.end() - 1)  # the comma stays: ", Alarmed …" opens a paragraph

    def _starts(self, work: str) -> dict[int, Start | None]:
        """Line-initial openings; a number alone on its line ("1.") joins the phrase on the next."""
        starts = {ln.number: line_start(work, ln, self.scheme) for ln in self.lines}
        self._generic_starts(work, starts)
        for ln in self.lines:
            m = _BARE_NUMBER.match(work, ln.start, ln.end)
            if m is None or starts[ln.number] is not None:
                continue
            nxt = next((x for x in self.lines[ln.number :] if work[x.start : x.end].strip()), None)
            st = starts.get(nxt.number) if nxt else None
            if nxt is not None and st is not None and st.number is None and st.kind != "sub":
                starts[ln.number] = Start(m.start(1), "operative", m.group(1), st.phrase)
                starts[nxt.number] = None
        return starts

    def _formula_start(self, work: str, at: int, starts: dict[int, Start | None]) -> None:
        """A decision's paragraph opens with its formula ("At its 55th plenary meeting, …"): operative."""
        for ln in self.lines:
            if ln.start <= at < max(ln.end, ln.start + 1):
                starts[ln.number] = Start(at, "operative", None, self.scheme.match_statement(work, at))
                return

    def _generic_starts(self, work: str, starts: dict[int, Start | None]) -> None:
        """A preamble's line opening with words the scheme does not list ("Remaining concerned, …")
        starts a paragraph when the line before ends one (a comma, semicolon or colon)."""
        previous = ""
        for ln in self.lines:
            st = starts.get(ln.number)
            if st is not None and st.kind == "operative":
                return
            text = work[ln.start : ln.end]
            if not text.strip():
                continue
            if st is None and _ENDS_CLAUSE.search(previous):
                lead = len(text) - len(text.lstrip())
                if generic_opening(work, ln.start + lead, ln.end):
                    starts[ln.number] = Start(ln.start + lead, "preambular", None, None)
            previous = text

    def _blank_second_headings(self, body: str | None) -> None:
        """A second stored copy repeats the heading: blank it up to its "The <body>," line."""
        work = str(self.work)
        for line in self.lines:
            if line.number not in self.boundaries:
                continue
            nxt = next((b for b in sorted(self.boundaries) if b > line.number), None)
            stop = self.lines[nxt - 1].start if nxt else len(self.text)
            m = find_adopting(work, self.registry, line.end, stop)
            if m is None or body_key_for_name(m.group(1), self.registry) != body:
                continue
            before = work[line.end : m.start()]
            if any(self.scheme.match_opening(before, i) for i in _word_starts(before)):
                continue
            self.work.blank(line.end, m.end())
            work = str(self.work)

    def _blank_leading_symbols(self, own: tuple[str, ...]) -> None:
        """ "A/RES/61/180 Recognizing also …": a page header glued to a flattened fragment."""
        if not own:
            return
        prev_boundary = True
        for line in self.lines:
            if line.number in self.boundaries:
                prev_boundary = True
                continue
            if line.blank:
                continue
            if prev_boundary:
                work = self.work.slice(line.start, line.end)
                n = clean.leading_symbol(work, 0, own)
                if n:
                    self.work.blank(line.start, line.start + n)
            prev_boundary = False

    def _strays(self, body_start: int) -> set[int]:
        """Runs of short title-like lines between chrome, gaps and paragraph starts (site titles)."""
        work = str(self.work)
        out: set[int] = set()
        content = [ln for ln in self.lines if ln.end > body_start and work[ln.start : ln.end].strip()]
        starts = {ln.number for ln in content if line_start(work, ln, self.scheme) is not None}

        def edge(idx: int) -> bool:
            if idx < 0 or idx >= len(content):
                return True
            ln = content[idx]
            return ln.number in starts

        i = 0
        while i < len(content):
            ln = content[i]
            if ln.number in starts or not title_like(work[ln.start : ln.end]):
                i += 1
                continue
            j = i
            while (
                j + 1 < len(content)
                and content[j + 1].number not in starts
                and title_like(work[content[j + 1].start : content[j + 1].end])
                and not self._between(content[j].number, content[j + 1].number)
            ):
                j += 1
            prev_ok = (
                i == 0
                or self._between(content[i - 1].number, ln.number)
                or (work[content[i - 1].start : content[i - 1].end].rstrip().endswith((".", ";", ":")))
            )
            next_ok = edge(j + 1) or (
                j + 1 < len(content) and self._between(content[j].number, content[j + 1].number)
            )
            if prev_ok and next_ok:
                out.update(c.number for c in content[i : j + 1])
            i = j + 1
        return out

    def _between(self, a: int, b: int) -> bool:
        """A boundary or furniture line lies strictly between lines ``a`` and ``b``."""
        return any(a < n < b for n in self.boundaries | self.furniture)

    # ----------------------------------------------------------------------------------- markers

    def _markers(self, segments: list[Segment], work: str) -> dict[int, list[Marker]]:
        out: dict[int, list[Marker]] = {}
        last = 0
        line_starts = [ln.start for ln in self.lines]
        for i, seg in enumerate(segments):
            if seg.displaced:
                self.work.blank(*seg.displaced)
            found, last = find_markers(work, seg.start, seg.end, last)
            # a marker pushed onto a line of its own by PDF extraction: lines inside the segment
            for ln in self.lines[bisect_right(line_starts, seg.start) :]:
                if ln.start >= seg.end:
                    break
                if ln.end < seg.end:
                    lm = _LONE_NUMBER.match(work, ln.start, ln.end)
                    if lm:
                        found.append(Marker(lm.group(1), lm.start(1), lm.end(1)))
            found.sort(key=lambda mk: mk.start)
            out[i] = found
            for mk in found:
                self.work.blank(mk.start, mk.end)
        i = self.text.find("*")
        while i >= 0:
            if self.work.char(i) == "*" and _italic(self.text, i):
                self.work.blank(i, i + 1)
            i = self.text.find("*", i + 1)
        return out

    def _footnotes(self, bodies: list[FootnoteBody], markers: dict[int, list[Marker]]) -> list[Footnote]:
        numbered = {b.marker for b in bodies if b.marker}
        seen: list[str] = []
        for ms in markers.values():
            for mk in ms:
                if mk.value not in seen:
                    seen.append(mk.value)
        free = [v for v in seen if v not in numbered]
        unts, adopted = registry_indexes(self.registry)
        out: list[Footnote] = []
        previous: Resolved | None = None
        used: set[str] = set()
        next_no = max([int(v) for v in seen + list(numbered) if v.isdigit()] or [0]) + 1
        for b in sorted(bodies, key=lambda x: x.start):
            marker = b.marker
            if marker is None:
                if free:
                    marker = free.pop(0)
                else:
                    marker = str(next_no)
                    next_no += 1
            if marker in used:
                continue
            used.add(marker)
            body_text = self.text[b.start : b.end]
            res = resolve_note(body_text, previous, unts, adopted)
            previous = res
            refers: Target | None = None
            if res.instrument:
                refers = Target("instrument", res.instrument)
            elif res.document:
                refers = target_for_symbol(res.document, body_text)
            out.append(Footnote(marker, body_text, Span(b.start, b.end), res.citation, refers))
        return out

    # -------------------------------------------------------------------------------- paragraphs

    def _fill_document(self, doc: Document, h: Header, meta: dict[str, str], body: str | None) -> None:
        doc.symbol = h.symbol or meta.get("symbol") or None
        doc.doc_type = h.doc_type
        doc.body = body
        doc.date = h.date or meta.get("adopted") or meta.get("date") or None
        doc.title = h.title or meta.get("title") or None
        doc.session = h.session
        doc.agenda_item = h.agenda_item
        doc.meeting = h.meeting
        doc.distribution_date = h.distribution_date
        doc.synthetic = meta.get("synthetic", "").lower() in ("1", "true", "yes") or is_synthetic(doc.text)

    def _paragraphs(
        self,
        doc: Document,
        work: str,
        segments: list[Segment],
        markers: dict[int, list[Marker]],
        footnotes: list[Footnote],
        body: str | None,
    ) -> None:
        reader = ParagraphReader(self.text, self.registry, self.scheme, self.symbol, date=doc.date)
        notes = {f.marker: f for f in footnotes}
        noted = _with_notes(work, self.text, footnotes)  # the working copy with the footnotes' text
        pres: dict[str, int] = {}
        used: dict[str, set[str]] = {}
        last_ops: dict[str, int] = {}
        tops: dict[int, Paragraph] = {}
        starts = [pos for pos, _ in self.divisions]
        doc.divisions.extend(d for _, d in self.divisions)
        for i, seg in enumerate(segments):
            start, end = seg.start, seg.end
            k = bisect_right(starts, start) - 1
            div = self.divisions[k][1] if k >= 0 else None
            path = div.path if div is not None else ""
            speaks = div.body if div is not None and div.kind == "draft" else body
            used_numbers = used.setdefault(path, set())
            sub_end = end
            if seg.kind != "sub":
                children = [s for s in segments if s.parent == i]
                if children:
                    end = _rstrip_to(work, start, children[0].start)
            para = Paragraph(
                kind="sub"
                if seg.kind == "sub"
                else ("operative" if seg.kind == "operative" else "preambular"),
                number="",
                text=self.text[start:end],
                span=Span(start, end),
                line=self.text.count("\n", 0, start) + 1,
            )
            if seg.phrase is not None:
                para.phrase = seg.phrase.written
                para.phrase_key = seg.phrase.key
            inherited: str | None = None
            if seg.kind == "sub" and seg.parent is not None and seg.parent in tops:
                parent = tops[seg.parent]
                inherited = parent.verbs[-1] if parent.verbs else None
                para.number = seg.number or ""
                parent.subparagraphs.append(para)
            else:
                para.division = path
                if para.kind == "preambular":
                    pres[path] = pres.get(path, 0) + 1
                    para.number = str(pres[path])
                else:
                    number = (
                        seg.number
                        if seg.number
                        else (f"frag{i + 1}" if seg.fragment else str(last_ops.get(path, 0) + 1))
                    )
                    if number.isdigit():
                        last_ops[path] = int(number)
                    while number in used_numbers:
                        number += "+"
                    used_numbers.add(number)
                    para.number = number
                doc.paragraphs.append(para)
                tops[i] = para
            if seg.kind == "sub":
                para.division = path
            headless = seg.fragment and seg.phrase is None and inherited is None
            reader.read(
                para, work, start, end if seg.kind != "sub" else sub_end, seg.phrase, inherited, speaks,
                headless=headless,
            )  # fmt: skip
            if headless and para.citations:
                doc.notices.append(
                    f"line {para.line}: the copy starts in the middle of a paragraph; the relation of its "
                    f"{len(para.citations)} reference(s) is unknown (read as 'mentions')"
                )
            para.footnote_markers = [mk.value for mk in markers.get(i, []) if start <= mk.start < end]
            reader.via_footnotes(para, work, markers.get(i, []), notes)
            marks = [(mk, notes[mk.value]) for mk in markers.get(i, []) if mk.value in notes]
            identified_by_footnotes(reader, para, noted, marks, speaks, self.registry, self.procedural)
        doc.notices.extend(reader.notices)  # references left out, and why (as the marked-up reader)

    # ------------------------------------------------------------------------------------ heading

    def _header_mentions(self, doc: Document, h: Header) -> None:
        text = self.text
        for men in self.procedural:
            if all(m.target.key != men.target.key for m in doc.header_mentions):
                doc.header_mentions.append(men)
        if h.symbol and h.symbol_span:
            s, e = h.symbol_span
            doc.header_mentions.append(
                Mention(
                    Target("resolution", h.symbol, body=h.body, doc_type=h.doc_type), Span(s, e), text[s:e]
                )
            )
        for ref in h.refs:
            t = Target("document", ref.symbol, doc_type=ref.doc_type)
            if all(m.target.key != t.key for m in doc.header_mentions):
                doc.header_mentions.append(Mention(t, Span(ref.start, ref.end), text[ref.start : ref.end]))
        star_spans = [(fn.span.start, fn.span.end) for fn in doc.footnotes if fn.marker.startswith("*")]
        heading_end = h.adopting[0] if h.adopting else 0
        for ln in self.lines:  # "* Previously issued as A/HRC/11/37, chap. III." in the heading
            if ln.end <= heading_end and _STAR_NOTE.match(ln.text):
                star_spans.append((ln.start, ln.end))
        for s, e in sorted(star_spans):
            for sref in find_symbols(text, s, e):
                if all(m.target.key != sref.target.key for m in doc.header_mentions):
                    doc.header_mentions.append(
                        Mention(sref.target, Span(sref.start, sref.end), text[sref.start : sref.end])
                    )
        if self.registry is None:
            return
        zone_end = h.adopting[1] if h.adopting else 0
        seen = {m.target.key for p in doc.all_paragraphs() for m in p.mentions}
        zwork = clean.WorkText(text[:zone_end])
        for ln in self.lines:
            if ln.end <= zone_end and _AGENDA_LINE.match(ln.text) and ln.number < len(self.lines):
                nxt = self.lines[ln.number]  # the agenda item's title: not a mention of a body
                zwork.blank(nxt.start, min(nxt.end, zone_end))
        zone = str(zwork)
        for m in self.registry.find_all(zone):
            if m.entry.kind not in ("body", "event") or m.entry.key in seen:
                continue
            seen.add(m.entry.key)
            doc.mentions.append(
                Mention(Target(m.entry.kind, m.entry.key), Span(m.start, m.end), text[m.start : m.end])
            )


def _with_notes(work: str, text: str, footnotes: list[Footnote]) -> str:
    """``work`` with the footnote bodies' original text back in place (they are read for what they name)."""
    if not footnotes:
        return work
    parts: list[str] = []
    pos = 0
    for fn in sorted(footnotes, key=lambda f: f.span.start):
        if fn.span.start < pos:
            continue
        parts.append(work[pos : fn.span.start])
        parts.append(text[fn.span.start : fn.span.end])
        pos = fn.span.end
    parts.append(work[pos:])
    return "".join(parts)


def _italic(text: str, i: int) -> bool:
    """A Markdown emphasis asterisk (next to a word, not a footnote star or barcode)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (after.isalpha() and not before.isalnum()) or (before.isalpha() and not after.isalnum())


def _word_starts(s: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<![\w])[A-Z]", s)]


def _rstrip_to(work: str, start: int, end: int) -> int:
    while end > start and work[end - 1].isspace():
        end -= 1
    return end
