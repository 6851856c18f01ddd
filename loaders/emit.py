"""Turn a :class:`~tipkg.loaders.model.Document` into the triples of its named graph.

The triples are written once, by :func:`_write`, to a :class:`Writer`: :class:`TermWriter` makes
rdflib terms (for :func:`emit` and :func:`emit_triples`), :class:`NQuadsWriter` writes N-Quads text
straight away (the build's path: rdflib terms cost more to make than the document costs to parse,
and the store only reads the text). Both receive every IRI as a plain string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Protocol
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from tipkg import __version__
from tipkg.loaders.emit_proceedings import Writer as TripleSink
from tipkg.loaders.emit_proceedings import write_proceedings
from tipkg.loaders.model import Division, Document, Paragraph, Span, Target, UnregisteredName, clean, slug
from tipkg.ontology.attribution import UN_SOURCE_NOTE, needs_note
from tipkg.ontology.ids import (
    citation_iri,
    doc_iri,
    document_graph_iri,
    entity_iri,
    expression_iri,
    footnote_iri,
    in_language,
    paragraph_iri,
    span_iri,
    undocs_url,
    unregistered_iri,
    unsymbolled_doc_iri,
    whole_symbol,
)
from tipkg.ontology.languages import authority_iri, is_primary, tag_of
from tipkg.ontology.namespaces import CITO, ELI, ID, OA, PHRASE, SCHEMA, TIP, bind_prefixes
from tipkg.ontology.synthetic import is_synthetic_symbol

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]

# Terms as plain strings, built once.
_TIP, _ELI, _CITO, _OA = str(TIP), str(ELI), str(CITO), str(OA)
RDF_TYPE = str(RDF.type)
RDFS_LABEL = str(RDFS.label)
RDFS_SEEALSO = str(RDFS.seeAlso)
DCTERMS_IDENTIFIER = str(DCTERMS.identifier)
DCTERMS_TITLE = str(DCTERMS.title)
DCTERMS_FORMAT = str(DCTERMS.format)
DCTERMS_RIGHTS = str(DCTERMS.rights)
DCTERMS_BIBLIOGRAPHIC = str(DCTERMS.bibliographicCitation)
XSD_DATE = str(XSD.date)
XSD_GYEAR = str(XSD.gYear)
XSD_INTEGER = str(XSD.integer)
XSD_BOOLEAN = str(XSD.boolean)
XSD_STRING = str(XSD.string)
PROV_ENTITY = str(PROV.Entity)
PROV_SOFTWAREAGENT = str(PROV.SoftwareAgent)
PROV_WASDERIVEDFROM = str(PROV.wasDerivedFrom)
PROV_WASGENERATEDBY = str(PROV.wasGeneratedBy)
SCHEMA_LEGISLATION = str(SCHEMA) + "Legislation"
ELI_LEGAL_RESOURCE = _ELI + "LegalResource"
ELI_SUBDIVISION = _ELI + "LegalResourceSubdivision"
ELI_IS_PART_OF = _ELI + "is_part_of"
ELI_NUMBER = _ELI + "number"
ELI_DATE = _ELI + "date_document"
ELI_PASSED_BY = _ELI + "passed_by"
ELI_LEGAL_EXPRESSION = _ELI + "LegalExpression"
ELI_REALIZES = _ELI + "realizes"
ELI_IS_REALIZED_BY = _ELI + "is_realized_by"
ELI_LANGUAGE = _ELI + "language"
ELI_TITLE = _ELI + "title"
DCTERMS_LANGUAGE = str(DCTERMS.language)
OA_SELECTOR = _OA + "TextPositionSelector"
OA_START = _OA + "start"
OA_END = _OA + "end"
OA_EXACT = _OA + "exact"
CITO_CITATION = _CITO + "Citation"
CITO_CITING = _CITO + "hasCitingEntity"
CITO_CITED = _CITO + "hasCitedEntity"
CITO_CHARACTERIZATION = _CITO + "hasCitationCharacterization"
TIP_DOCUMENT = _TIP + "Document"
TIP_RESOLUTION = _TIP + "Resolution"
TIP_FOOTNOTE = _TIP + "Footnote"
PARAGRAPH_EXPRESSION = _TIP + "ParagraphExpression"  # a paragraph's version in another language

DOC_CLASSES: dict[str, str] = {
    "resolution": TIP_RESOLUTION,
    "decision": _TIP + "Decision",
    "report": _TIP + "Report",
    "statement": _TIP + "PresidentialStatement",
    "record": _TIP + "OfficialRecord",
    "draft": _TIP + "DraftResolution",
}
DIVISION_CLASSES = {"part": "Part", "section": "Section", "annex": "Annex", "draft": "Draft"}
PARAGRAPH_CLASSES = {
    "preambular": _TIP + "PreambularParagraph",
    "operative": _TIP + "OperativeParagraph",
    "sub": _TIP + "SubParagraph",
}
PARAGRAPH_SEGMENT = {"preambular": "pp", "operative": "op"}


class Writer(TripleSink, Protocol):
    """Where the triples of a document go; every IRI is a plain string."""

    def text(self, s: str, p: str, lexical: str, lang: str | None, /) -> None:
        """A literal of the text's language (``"…"@fr``); a plain string where ``lang`` is None."""


class TripleList(list[Triple]):
    """The triples of one document as rdflib terms."""


@lru_cache(maxsize=1 << 16)
def _uriref(value: str) -> URIRef:
    return URIRef(value)


@lru_cache(maxsize=1 << 16)
def _literal(lexical: str, datatype: str) -> Literal:
    """rdflib casts and normalises each literal (microseconds); the short ones recur in every document."""
    return Literal(lexical) if datatype == XSD_STRING else Literal(lexical, datatype=_uriref(datatype))


class TermWriter:
    """Collects rdflib triples."""

    def __init__(self) -> None:
        self.triples = TripleList()

    def iri(self, s: str, p: str, o: str, /) -> None:
        self.triples.append((_uriref(s), _uriref(p), _uriref(o)))

    def literal(self, s: str, p: str, lexical: str, datatype: str = XSD_STRING, /) -> None:
        self.triples.append((_uriref(s), _uriref(p), _literal(lexical, datatype)))

    def text(self, s: str, p: str, lexical: str, lang: str | None, /) -> None:
        obj = _literal(lexical, XSD_STRING) if lang is None else Literal(lexical, lang=lang)
        self.triples.append((_uriref(s), _uriref(p), obj))


# An IRI may hold none of these characters.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def nquads_iri(value: str) -> str:
    """``<value>``, or ValueError when it is no absolute IRI (as Oxigraph would refuse it)."""
    value = str(value)  # a plain str: rdflib terms concatenate into new terms
    if _NOT_IN_IRI.search(value) or ":" not in value:
        raise ValueError(f"not an absolute IRI: {value!r}")
    return "<" + value + ">"


def nquads_string(lexical: str) -> str:
    """A literal's lexical form quoted as N-Quads writes it (str.replace beats str.translate)."""
    if "\\" in lexical:
        lexical = lexical.replace("\\", "\\\\")
    if '"' in lexical:
        lexical = lexical.replace('"', '\\"')
    if "\n" in lexical:
        lexical = lexical.replace("\n", "\\n")
    if "\r" in lexical:
        lexical = lexical.replace("\r", "\\r")
    return '"' + lexical + '"'


class NQuadsWriter:
    """Writes N-Quads lines into one named graph; each IRI is checked once."""

    def __init__(self, graph: str) -> None:
        self._terms: dict[str, str] = {}
        self._tail = " " + nquads_iri(graph) + " .\n"
        self.lines: list[str] = []

    def _term(self, value: str) -> str:
        text = self._terms.get(value)
        if text is None:
            text = self._terms[value] = nquads_iri(value)
        return text

    def iri(self, s: str, p: str, o: str, /) -> None:
        # a term seen before costs a lookup, not a call; a new one (a third of the lines open with a
        # new node) one call, not an exception and three calls
        get = self._terms.get
        ts, tp, to = get(s), get(p), get(o)
        if ts is None:
            ts = self._term(s)
        if tp is None:
            tp = self._term(p)
        if to is None:
            to = self._term(o)
        self.lines.append(f"{ts} {tp} {to}{self._tail}")

    def literal(self, s: str, p: str, lexical: str, datatype: str = XSD_STRING, /) -> None:
        obj = nquads_string(lexical)
        if datatype != XSD_STRING:
            obj += "^^" + self._term(datatype)
        get = self._terms.get
        ts, tp = get(s), get(p)
        if ts is None:
            ts = self._term(s)
        if tp is None:
            tp = self._term(p)
        self.lines.append(f"{ts} {tp} {obj}{self._tail}")

    def text(self, s: str, p: str, lexical: str, lang: str | None, /) -> None:
        obj = nquads_string(lexical) + ("@" + lang if lang else "")
        self.lines.append(self._term(s) + " " + self._term(p) + " " + obj + self._tail)

    def data(self, distinct: bool = False) -> bytes:
        """The lines written (``distinct``: each once, where first written)."""
        return "".join(dict.fromkeys(self.lines) if distinct else self.lines).encode("utf-8")


def nquads(triples: Iterable[tuple[Node, Node, Node]], graph: str) -> bytes:
    """Serialise rdflib triples into one named graph as N-Quads (the context graphs' path)."""
    tail = " " + nquads_iri(graph) + " .\n"
    seen: dict[str, str] = {}
    lines: list[str] = []
    for s, p, o in triples:
        lines.append(_node(s, seen) + " " + _node(p, seen) + " " + _node(o, seen) + tail)
    return "".join(lines).encode("utf-8")


def _node(term: Node, seen: dict[str, str]) -> str:
    if isinstance(term, URIRef):
        key = str(term)
        text = seen.get(key)
        if text is None:
            text = seen[key] = nquads_iri(key)
        return text
    if isinstance(term, Literal):
        lexical = nquads_string(str(term))
        if term.language:
            return lexical + "@" + str(term.language)
        datatype = term.datatype
        if datatype is None or str(datatype) == XSD_STRING:
            return lexical
        return lexical + "^^" + nquads_iri(datatype)
    if isinstance(term, BNode):
        return "_:" + str(term)
    raise ValueError(f"not an RDF term: {term!r}")


def target_iri(target: Target, *, synthetic: bool = False) -> URIRef:
    """Canonical IRI of what a citation or mention points at."""
    if target.kind in ("resolution", "document"):
        if "/" in target.key:
            return doc_iri(target.key, synthetic=synthetic and is_synthetic_symbol(target.key))
        return URIRef(f"{ID}doc/_/ref/{quote(target.key, safe='-._')}")
    return entity_iri(target.kind, target.key)


def document_iri(doc: Document) -> URIRef:
    if doc.symbol:
        return doc_iri(doc.symbol, synthetic=doc.synthetic)
    return unsymbolled_doc_iri(doc.body or "unknown", doc.date or "", doc.title or doc.source_path)


def document_graph(doc: Document) -> str:
    """The named graph of one source: ``id:graph/doc/<symbol>`` for a text in the primary language,
    ``id:graph/doc/<symbol>/lang/fr`` for its French version (each language file is a source)."""
    lang = tag_of(doc.language)
    return str(document_graph_iri(in_language(str(document_iri(doc)), None if is_primary(lang) else lang)))


def _date(w: TripleSink, s: str, p: str, value: str) -> None:
    """ISO dates typed as xsd:date, partial ones (a year) as xsd:gYear."""
    w.literal(s, p, value, XSD_GYEAR if len(value) == 4 else XSD_DATE)


def _int(w: TripleSink, s: str, p: str, value: int) -> None:
    w.literal(s, p, str(value), XSD_INTEGER)


def _span(w: Writer, node: str, span: Span, quote_text: str | None = None, lang: str | None = None) -> None:
    """``node``'s span: offsets into the text of the source it was read from (its named graph's)."""
    sel = str(span_iri(node))
    w.iri(node, _TIP + "span", sel)
    w.iri(sel, RDF_TYPE, OA_SELECTOR)
    _int(w, sel, OA_START, span.start)
    _int(w, sel, OA_END, span.end)
    if quote_text is not None:
        w.text(sel, OA_EXACT, quote_text, lang)


def write_stub(w: TripleSink, target: Target, node: str) -> None:
    """What the citing text (or the registry) says of a document it cites, at ``node``; the
    document's own load completes it. The one place stub triples are written."""
    w.iri(node, RDF_TYPE, DOC_CLASSES.get(target.doc_type or "", TIP_DOCUMENT))
    w.iri(node, RDF_TYPE, TIP_DOCUMENT)
    w.literal(node, _TIP + "stub", "true", XSD_BOOLEAN)
    if "/" in target.key:
        w.literal(node, DCTERMS_IDENTIFIER, whole_symbol(target.key))
        w.iri(node, RDFS_SEEALSO, str(undocs_url(target.key)))
    w.literal(node, RDFS_LABEL, target.title or target.key)
    if target.doc_type in ("resolution", "decision"):
        w.iri(node, RDF_TYPE, ELI_LEGAL_RESOURCE)
    if target.body:
        w.iri(node, ELI_PASSED_BY, str(entity_iri("body", target.body)))
    if target.date:
        _date(w, node, ELI_DATE, target.date)
    if target.title:
        w.literal(node, DCTERMS_TITLE, target.title)


def _expression(w: Writer, node: str, lang: str, cls: str | None = None) -> str:
    """``node``'s version in ``lang`` (an ELI LegalExpression realizing it), where the statements
    read from that language's text go: its span, opening phrase, verbs, citations."""
    expr = str(expression_iri(node, lang))
    w.iri(expr, RDF_TYPE, ELI_LEGAL_EXPRESSION)
    if cls is not None:
        w.iri(expr, RDF_TYPE, cls)
    w.iri(expr, ELI_REALIZES, node)
    w.iri(node, ELI_IS_REALIZED_BY, expr)
    w.iri(expr, ELI_LANGUAGE, authority_iri(lang))
    w.literal(expr, DCTERMS_LANGUAGE, lang)
    return expr


def _paragraph(
    w: Writer, doc: str, parent: str, para: Paragraph, order: int, synthetic: bool, lang: str | None
) -> str:
    """A paragraph: the node every language version shares (kind, number, parent) with the text in
    the document's language; where it stands in the file (order, eId) and what the text says go to
    the paragraph itself in the primary language and to its language version (``<p>/lang/fr``, a
    ``tip:ParagraphExpression``) in any other."""
    if para.kind == "sub":
        node = f"{parent}/{quote(para.number, safe='')}"
    else:
        base = f"{doc}/{para.division}" if para.division else doc
        node = str(paragraph_iri(base, PARAGRAPH_SEGMENT[para.kind], para.number))
    w.iri(node, RDF_TYPE, ELI_SUBDIVISION)
    w.iri(node, RDF_TYPE, PARAGRAPH_CLASSES[para.kind])
    w.iri(node, ELI_IS_PART_OF, parent)
    w.literal(node, ELI_NUMBER, para.number)
    w.text(node, _TIP + "text", para.text, lang)
    here = node if is_primary(lang) else _expression(w, node, lang or "", PARAGRAPH_EXPRESSION)
    # where the paragraph stands in its file: per version, since versions may order or identify
    # their paragraphs apart (an eId the English file gives another paragraph, a split paragraph)
    _int(w, here, _TIP + "order", order)
    if para.eid:
        w.literal(here, _TIP + "eId", para.eid)
    _int(w, here, _TIP + "line", para.line)
    _span(w, here, para.span)
    if para.phrase:
        w.text(here, _TIP + "phraseText", para.phrase, lang)
    if para.phrase_key:
        w.iri(here, _TIP + "openingPhrase", f"{PHRASE}{para.phrase_key}")
    for verb in dict.fromkeys(para.verbs):
        w.iri(here, _TIP + "verb", _TIP + verb)
    for marker in para.footnote_markers:
        w.iri(here, _TIP + "hasFootnote", str(footnote_iri(in_language(doc, lang), marker)))
    for i, cit in enumerate(para.citations, start=1):
        cnode = str(citation_iri(here, i))
        target = cit.target if is_primary(lang) else replace(cit.target, title=None)
        tnode = str(target_iri(target, synthetic=synthetic))
        relation = _TIP + cit.relation
        w.iri(cnode, RDF_TYPE, CITO_CITATION)
        w.iri(cnode, CITO_CITING, here)
        w.iri(cnode, CITO_CITED, tnode)
        w.iri(cnode, CITO_CHARACTERIZATION, relation)
        if target.date:
            _date(w, cnode, _TIP + "citedDate", target.date)
        if cit.via_footnote:
            w.iri(cnode, _TIP + "viaFootnote", str(footnote_iri(in_language(doc, lang), cit.via_footnote)))
        _span(w, cnode, cit.span, cit.quote, lang)
        w.iri(doc, relation, tnode)
        if target.kind in ("resolution", "document"):
            write_stub(w, target, tnode)
    for men in para.mentions:
        tnode = str(target_iri(men.target, synthetic=synthetic))
        w.iri(here, _TIP + "mentions", tnode)
        w.iri(doc, _TIP + "mentions", tnode)
    for addressee in para.addressees:
        w.iri(here, _TIP + "addressee", str(target_iri(addressee, synthetic=synthetic)))
    mention_unregistered(w, here, para)
    return node


def _division(w: Writer, doc: str, div: Division, lang: str | None) -> None:
    node = f"{doc}/{div.path}"
    w.iri(node, RDF_TYPE, ELI_SUBDIVISION)
    w.iri(node, RDF_TYPE, _TIP + "Division")
    w.iri(node, RDF_TYPE, _TIP + DIVISION_CLASSES.get(div.kind, "Division"))
    w.iri(node, ELI_IS_PART_OF, f"{doc}/{div.parent}" if div.parent else doc)
    w.literal(node, ELI_NUMBER, div.label)
    if div.title:
        w.text(node, DCTERMS_TITLE, div.title, lang)
    if div.date:
        _date(w, node, ELI_DATE, div.date)
    here = node if is_primary(lang) else _expression(w, node, lang or "")
    if div.meeting:
        w.text(here, _TIP + "meeting", div.meeting, lang)
    if div.kind == "draft" and div.body:
        w.iri(node, _TIP + "recommendedTo", str(entity_iri("body", div.body)))
    if div.span is not None:
        _span(w, here, div.span)


def _write(doc: Document, w: Writer) -> None:
    node = str(document_iri(doc))
    synthetic = doc.synthetic
    lang = tag_of(doc.language)
    primary = is_primary(lang)
    tagged = None if primary else lang  # the primary language's strings stay plain, as they always were
    for cls in (DOC_CLASSES.get(doc.doc_type, TIP_RESOLUTION), TIP_DOCUMENT, ELI_LEGAL_RESOURCE):
        w.iri(node, RDF_TYPE, cls)
    w.iri(node, RDF_TYPE, SCHEMA_LEGISLATION)
    w.literal(node, _TIP + "stub", "false", XSD_BOOLEAN)
    if doc.symbol:
        w.literal(node, DCTERMS_IDENTIFIER, whole_symbol(doc.symbol))
        w.iri(node, RDFS_SEEALSO, str(undocs_url(doc.symbol)))
    label = " ".join(x for x in (doc.symbol, doc.title) if x) or doc.source_path
    w.text(node, RDFS_LABEL, label, tagged)
    if doc.title:
        w.text(node, DCTERMS_TITLE, doc.title, tagged)
    if doc.date:
        _date(w, node, ELI_DATE, doc.date)
    if doc.body:
        w.iri(node, ELI_PASSED_BY, str(entity_iri("body", doc.body)))
    expr = _expression(w, node, lang) if lang else None
    if expr is not None and doc.title:
        w.text(expr, ELI_TITLE, doc.title, lang)
    here = node if primary else (expr or node)
    for prop, value in (("session", doc.session), ("agendaItem", doc.agenda_item), ("meeting", doc.meeting)):
        if value:
            w.text(here, _TIP + prop, value, tagged)
    if doc.distribution_date:
        _date(w, here, _TIP + "distributionDate", doc.distribution_date)
    if synthetic:
        w.literal(node, _TIP + "synthetic", "true", XSD_BOOLEAN)
    if doc.work:  # the UN's own identifiers of the work and of this language version (FRBR)
        w.literal(node, _TIP + "aknWork", doc.work)
    if doc.expression:
        w.literal(here, _TIP + "aknExpression", doc.expression)
    for div in doc.divisions:
        _division(w, node, div, tagged)
    order = 0
    for para in doc.paragraphs:
        order += 1
        parent = f"{node}/{para.division}" if para.division else node
        pnode = _paragraph(w, node, parent, para, order, synthetic, tagged)
        for sub in para.subparagraphs:
            order += 1
            _paragraph(w, node, pnode, sub, order, synthetic, tagged)
    within = in_language(node, tagged)
    for fn in doc.footnotes:
        fnode = str(footnote_iri(within, fn.marker))
        w.iri(fnode, RDF_TYPE, TIP_FOOTNOTE)
        w.iri(fnode, ELI_IS_PART_OF, within)
        w.literal(fnode, _TIP + "marker", fn.marker)
        w.text(fnode, _TIP + "text", fn.text, tagged)
        _span(w, fnode, fn.span)
        if fn.bibliographic_citation:
            w.text(fnode, DCTERMS_BIBLIOGRAPHIC, fn.bibliographic_citation, tagged)
        if fn.refers_to:
            w.iri(fnode, _TIP + "refersTo", str(target_iri(fn.refers_to, synthetic=synthetic)))
        if fn.anchor is not None:
            _int(w, fnode, _TIP + "anchor", fn.anchor)
    for men in doc.mentions:
        w.iri(node, _TIP + "mentions", str(target_iri(men.target, synthetic=synthetic)))
    for men in doc.header_mentions:
        ref = str(target_iri(men.target, synthetic=synthetic))
        if ref == node:  # the heading's own symbol names the document itself, not a reference
            continue
        w.iri(node, _TIP + "headerReference", ref)
        if men.target.kind in ("resolution", "document"):
            write_stub(w, men.target, ref)  # typed like any cited document, symbol or not
    describe_unregistered(w, node, doc)
    if primary:  # the work's proceedings once, from its primary version (the others' files repeat them)
        write_proceedings(w, node, doc, write_stub)  # subjects, vote, sponsors (emit_proceedings.py)
    _provenance(w, str(document_graph_iri(within)), doc, lang)


def _provenance(w: Writer, gid: str, doc: Document, lang: str | None) -> None:
    source = f"{ID}source/sha256/{doc.source_sha256}"
    activity = f"{ID}loader/{doc.loader}/{__version__}"
    w.iri(gid, RDF_TYPE, PROV_ENTITY)
    w.iri(gid, PROV_WASDERIVEDFROM, source)
    w.iri(gid, PROV_WASGENERATEDBY, activity)
    w.iri(source, RDF_TYPE, PROV_ENTITY)
    w.literal(source, _TIP + "sha256", doc.source_sha256)
    w.literal(source, _TIP + "fileName", doc.source_path)
    w.literal(source, DCTERMS_FORMAT, doc.source_format)
    if needs_note(doc.source_format):  # the UN's terms of use: acknowledge it as the source
        w.literal(source, DCTERMS_RIGHTS, UN_SOURCE_NOTE)
    if lang:
        w.literal(source, DCTERMS_LANGUAGE, lang)
    w.iri(activity, RDF_TYPE, PROV_SOFTWAREAGENT)
    w.literal(activity, RDFS_LABEL, f"{doc.loader} {__version__}")


def emit(doc: Document) -> Graph:
    """The named graph of one loaded document, with its provenance."""
    gid, triples = emit_triples(doc)
    g = bind_prefixes(Graph(identifier=gid))
    g.addN((s, p, o, g) for s, p, o in triples)
    return g


def emit_triples(doc: Document) -> tuple[URIRef, TripleList]:
    """The named graph IRI of a document and its triples, without building a Graph."""
    w = TermWriter()
    _write(doc, w)
    return URIRef(document_graph(doc)), w.triples


def emit_nquads(doc: Document, distinct: bool = False) -> tuple[str, bytes, int]:
    """The named graph IRI of a document, its triples as N-Quads, and how many there are
    (``distinct``: each line once, as a build's spool keeps them; a stub cited twice is typed twice).

    ValueError when the text gave a name that makes no valid IRI.
    """
    gid = document_graph(doc)
    w = NQuadsWriter(gid)
    _write(doc, w)
    data = w.data(distinct)
    return gid, data, data.count(b"\n") if distinct else len(w.lines)


# --- names the registry does not know: one node per normalised name, mentioned by paragraph and document

_CLASSES = {"body": str(TIP.UnregisteredBody), "event": str(TIP.UnregisteredEvent)}
_MENTIONS = str(TIP.mentions)
_SURFACE = str(TIP.surfaceForm)
_TYPE, _LABEL = str(RDF.type), str(RDFS.label)


def name_iri(name: UnregisteredName) -> str:
    """The node of a name: one per kind and normalised key across the corpus."""
    return str(unregistered_iri(name.kind, slug(name.key)))


def mention_unregistered(w: Writer, paragraph: str, para: Paragraph) -> None:
    """``<paragraph> tip:mentions <name>`` for each distinct name the paragraph gives."""
    for node in dict.fromkeys(name_iri(n) for n in para.unregistered):
        w.iri(paragraph, _MENTIONS, node)


def describe_unregistered(w: Writer, document: str, doc: Document) -> None:
    """Each name the document gives, once: its type, label and spellings, and ``<document>
    tip:mentions`` it."""
    spellings: dict[str, tuple[UnregisteredName, dict[str, None]]] = {}
    for para in doc.all_paragraphs():
        for name in para.unregistered:
            node = name_iri(name)
            seen = spellings.setdefault(node, (name, {}))
            seen[1][_surface(name.surface)] = None
    for node, (name, surfaces) in spellings.items():
        w.iri(node, _TYPE, _CLASSES[name.kind])
        w.literal(node, _LABEL, clean(name.surface))
        for surface in surfaces:
            w.literal(node, _SURFACE, surface)
        w.iri(document, _MENTIONS, node)


def _surface(text: str) -> str:
    """A spelling as written, its line breaks and runs of white space as one space."""
    return " ".join(text.split())
