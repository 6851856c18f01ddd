"""Turn a :class:`~tipkg.loaders.model.Document` into the triples of its named graph."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from tipkg import __version__
from tipkg.ids import (
    citation_iri,
    doc_iri,
    document_graph_iri,
    entity_iri,
    footnote_iri,
    paragraph_iri,
    span_iri,
    undocs_url,
    unsymbolled_doc_iri,
)
from tipkg.loaders.model import Document, Paragraph, Span, Target
from tipkg.loaders.synthetic import is_synthetic_symbol
from tipkg.namespaces import CITO, ELI, ID, OA, PHRASE, SCHEMA, TIP, bind_prefixes

# Closed rdflib namespaces build a new URIRef per attribute access: looked up once here.
DCTERMS_BIBLIOGRAPHICCITATION = DCTERMS.bibliographicCitation
DCTERMS_FORMAT = DCTERMS.format
DCTERMS_IDENTIFIER = DCTERMS.identifier
DCTERMS_TITLE = DCTERMS.title
PROV_ENTITY = PROV.Entity
PROV_SOFTWAREAGENT = PROV.SoftwareAgent
PROV_WASDERIVEDFROM = PROV.wasDerivedFrom
PROV_WASGENERATEDBY = PROV.wasGeneratedBy
RDF_TYPE = RDF.type
RDFS_LABEL = RDFS.label
RDFS_SEEALSO = RDFS.seeAlso
XSD_DATE = XSD.date
XSD_GYEAR = XSD.gYear

DOC_CLASSES: dict[str, URIRef] = {
    "resolution": TIP.Resolution,
    "decision": TIP.Decision,
    "report": TIP.Report,
    "statement": TIP.PresidentialStatement,
    "record": TIP.OfficialRecord,
}
PARAGRAPH_CLASSES = {
    "preambular": TIP.PreambularParagraph,
    "operative": TIP.OperativeParagraph,
    "sub": TIP.SubParagraph,
}
PARAGRAPH_SEGMENT = {"preambular": "pp", "operative": "op"}


Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]


class Sink(Protocol):
    """Where emitted triples go: an rdflib Graph, or a plain list for the fast bulk path."""

    def add(self, triple: Triple, /) -> object: ...


class TripleList(list[Triple]):
    """A sink that only collects: building an rdflib Graph costs more than parsing the text."""

    def add(self, triple: Triple, /) -> None:
        self.append(triple)


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


# Literals cost several microseconds each to build (rdflib casts and normalises the value); the
# small ones recur in every document, and a Literal is immutable, so they are built once.
TRUE, FALSE = Literal(True), Literal(False)


@lru_cache(maxsize=1 << 16)
def _int(value: int) -> Literal:
    return Literal(value)


@lru_cache(maxsize=1 << 14)
def _short(value: str) -> Literal:
    """A string literal that recurs: paragraph numbers, markers, phrases, symbols, labels."""
    return Literal(value)


@lru_cache(maxsize=1 << 14)
def _date(value: str) -> Literal:
    """ISO dates typed as xsd:date, partial ones (a year) as xsd:gYear."""
    if len(value) == 4:
        return Literal(value, datatype=XSD_GYEAR)
    return Literal(value, datatype=XSD_DATE)


def _span(g: Sink, node: URIRef, span: Span, quote_text: str | None = None) -> None:
    sel = span_iri(node)
    g.add((node, TIP.span, sel))
    g.add((sel, RDF_TYPE, OA.TextPositionSelector))
    g.add((sel, OA.start, _int(span.start)))
    g.add((sel, OA.end, _int(span.end)))
    if quote_text is not None:
        g.add((sel, OA.exact, Literal(quote_text)))


def _stub(g: Sink, target: Target, node: URIRef) -> None:
    """What the citing text says of a document it cites; the document's own load completes it."""
    g.add((node, RDF_TYPE, DOC_CLASSES.get(target.doc_type or "", TIP.Document)))
    g.add((node, RDF_TYPE, TIP.Document))
    g.add((node, TIP.stub, TRUE))
    if "/" in target.key:
        g.add((node, DCTERMS_IDENTIFIER, _short(target.key)))
        g.add((node, RDFS_SEEALSO, undocs_url(target.key)))
    g.add((node, RDFS_LABEL, _short(target.title or target.key)))
    if target.doc_type in ("resolution", "decision"):
        g.add((node, RDF_TYPE, ELI.LegalResource))
    if target.body:
        g.add((node, ELI.passed_by, entity_iri("body", target.body)))
    if target.date:
        g.add((node, ELI.date_document, _date(target.date)))
    if target.title:
        g.add((node, DCTERMS_TITLE, _short(target.title)))


def _paragraph(g: Sink, doc: URIRef, parent: URIRef, para: Paragraph, order: int, synthetic: bool) -> URIRef:
    if para.kind == "sub":
        node = URIRef(f"{parent}/{quote(para.number, safe='')}")
    else:
        node = paragraph_iri(doc, PARAGRAPH_SEGMENT[para.kind], para.number)
    g.add((node, RDF_TYPE, ELI.LegalResourceSubdivision))
    g.add((node, RDF_TYPE, PARAGRAPH_CLASSES[para.kind]))
    g.add((node, ELI.is_part_of, parent))
    g.add((node, ELI.number, _short(para.number)))
    g.add((node, TIP.order, _int(order)))
    g.add((node, TIP.text, Literal(para.text)))
    g.add((node, TIP.line, _int(para.line)))
    _span(g, node, para.span)
    if para.phrase:
        g.add((node, TIP.phraseText, _short(para.phrase)))
    if para.phrase_key:
        g.add((node, TIP.openingPhrase, PHRASE[para.phrase_key]))
    for verb in dict.fromkeys(para.verbs):
        g.add((node, TIP.verb, TIP[verb]))
    for marker in para.footnote_markers:
        g.add((node, TIP.hasFootnote, footnote_iri(doc, marker)))
    for i, cit in enumerate(para.citations, start=1):
        cnode = citation_iri(node, i)
        tnode = target_iri(cit.target, synthetic=synthetic)
        g.add((cnode, RDF_TYPE, CITO.Citation))
        g.add((cnode, CITO.hasCitingEntity, node))
        g.add((cnode, CITO.hasCitedEntity, tnode))
        g.add((cnode, CITO.hasCitationCharacterization, TIP[cit.relation]))
        if cit.target.date:
            g.add((cnode, TIP.citedDate, _date(cit.target.date)))
        if cit.via_footnote:
            g.add((cnode, TIP.viaFootnote, footnote_iri(doc, cit.via_footnote)))
        _span(g, cnode, cit.span, cit.quote)
        g.add((doc, TIP[cit.relation], tnode))
        if cit.target.kind in ("resolution", "document"):
            _stub(g, cit.target, tnode)
    for men in para.mentions:
        tnode = target_iri(men.target, synthetic=synthetic)
        g.add((node, TIP.mentions, tnode))
        g.add((doc, TIP.mentions, tnode))
    for addressee in para.addressees:
        g.add((node, TIP.addressee, target_iri(addressee, synthetic=synthetic)))
    return node


def emit(doc: Document) -> Graph:
    """The named graph of one loaded document, with its provenance."""
    gid, triples = emit_triples(doc)
    g = bind_prefixes(Graph(identifier=gid))
    g.addN((s, p, o, g) for s, p, o in triples)
    return g


def emit_triples(doc: Document) -> tuple[URIRef, TripleList]:
    """The named graph IRI of a document and its triples, without building a Graph."""
    node = document_iri(doc)
    gid = document_graph_iri(node)
    synthetic = doc.synthetic
    g = TripleList()
    g.add((node, RDF_TYPE, DOC_CLASSES.get(doc.doc_type, TIP.Resolution)))
    g.add((node, RDF_TYPE, TIP.Document))
    g.add((node, RDF_TYPE, ELI.LegalResource))
    g.add((node, RDF_TYPE, SCHEMA.Legislation))
    g.add((node, TIP.stub, FALSE))
    if doc.symbol:
        g.add((node, DCTERMS_IDENTIFIER, Literal(doc.symbol)))
        g.add((node, RDFS_SEEALSO, undocs_url(doc.symbol)))
    label = " ".join(x for x in (doc.symbol, doc.title) if x) or doc.source_path
    g.add((node, RDFS_LABEL, Literal(label)))
    if doc.title:
        g.add((node, DCTERMS_TITLE, Literal(doc.title)))
    if doc.date:
        g.add((node, ELI.date_document, _date(doc.date)))
    if doc.body:
        g.add((node, ELI.passed_by, entity_iri("body", doc.body)))
    for prop, value in (
        (TIP.session, doc.session),
        (TIP.agendaItem, doc.agenda_item),
        (TIP.meeting, doc.meeting),
    ):
        if value:
            g.add((node, prop, Literal(value)))
    if doc.distribution_date:
        g.add((node, TIP.distributionDate, _date(doc.distribution_date)))
    if doc.synthetic:
        g.add((node, TIP.synthetic, TRUE))
    order = 0
    for para in doc.paragraphs:
        order += 1
        pnode = _paragraph(g, node, node, para, order, synthetic)
        for sub in para.subparagraphs:
            order += 1
            _paragraph(g, node, pnode, sub, order, synthetic)
    for fn in doc.footnotes:
        fnode = footnote_iri(node, fn.marker)
        g.add((fnode, RDF_TYPE, TIP.Footnote))
        g.add((fnode, ELI.is_part_of, node))
        g.add((fnode, TIP.marker, _short(fn.marker)))
        g.add((fnode, TIP.text, Literal(fn.text)))
        _span(g, fnode, fn.span)
        if fn.bibliographic_citation:
            g.add((fnode, DCTERMS_BIBLIOGRAPHICCITATION, Literal(fn.bibliographic_citation)))
        if fn.refers_to:
            g.add((fnode, TIP.refersTo, target_iri(fn.refers_to, synthetic=synthetic)))
    for men in doc.mentions:
        g.add((node, TIP.mentions, target_iri(men.target, synthetic=synthetic)))
    for men in doc.header_mentions:
        g.add((node, TIP.headerReference, target_iri(men.target, synthetic=synthetic)))
    _provenance(g, gid, doc)
    return gid, g


def _provenance(g: Sink, gid: URIRef, doc: Document) -> None:
    source = URIRef(f"{ID}source/sha256/{doc.source_sha256}")
    activity = URIRef(f"{ID}loader/{doc.loader}/{__version__}")
    g.add((gid, RDF_TYPE, PROV_ENTITY))
    g.add((gid, PROV_WASDERIVEDFROM, source))
    g.add((gid, PROV_WASGENERATEDBY, activity))
    g.add((source, RDF_TYPE, PROV_ENTITY))
    g.add((source, TIP.sha256, Literal(doc.source_sha256)))
    g.add((source, TIP.fileName, Literal(doc.source_path)))
    g.add((source, DCTERMS_FORMAT, Literal(doc.source_format)))
    g.add((activity, RDF_TYPE, PROV_SOFTWAREAGENT))
    g.add((activity, RDFS_LABEL, Literal(f"{doc.loader} {__version__}")))
