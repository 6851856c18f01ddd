"""Small, valid test graphs as the loaders produce them, for the SHACL shape and validation tests.

A document is built as a :class:`tipkg.loaders.model.Document` and turned into triples by
:func:`tipkg.loaders.emit.emit`; the registry graph mirrors what ``loaders/registry/rdf.py`` writes
(entity types, labels, ``tip:line``, xsd:positiveInteger volumes, provenance of the graph).
"""

from __future__ import annotations

from dataclasses import replace

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from tipkg.loaders.emit import emit
from tipkg.loaders.model import (
    Citation,
    Document,
    Footnote,
    Mention,
    Paragraph,
    Span,
    Target,
    UnregisteredName,
    slug,
)
from tipkg.ontology.ids import entity_iri, graph_iri, unregistered_iri
from tipkg.ontology.namespaces import ID, ORG, SCHEMA, TIP, bind_prefixes

REGISTRY_GRAPH = graph_iri("registry/test-instruments")
REGISTRY_FILE = "loaders/registry/test-instruments.yaml"
DOC_FILE = "resolutions/A_RES_61_180.txt"
TEXT = "x" * 2000

UNTOC = entity_iri("instrument", "UNTOC")
PROTOCOL = entity_iri("instrument", "TIP-PROTOCOL")
UDHR = entity_iri("instrument", "UDHR")
GA = entity_iri("body", "GA")
UNODC = entity_iri("body", "UNODC")
SR = entity_iri("body", "SR-TIP")
MEMBER_STATES = entity_iri("actor", "member-states")
EVENT = entity_iri("event", "GPA-APPRAISAL-2013")
STATE = entity_iri("state", "XYZ")
UNREGISTERED_KEY = "special rapporteur on the x"
UNREGISTERED = unregistered_iri("body", slug(UNREGISTERED_KEY))

# registry entity -> (class, label, YAML line)
REGISTRY: dict[URIRef, tuple[URIRef, str, int]] = {
    UNTOC: (TIP.Convention, "United Nations Convention against Transnational Organized Crime", 3),
    PROTOCOL: (TIP.Protocol, "Trafficking in Persons Protocol", 20),
    UDHR: (TIP.Declaration, "Universal Declaration of Human Rights", 40),
    GA: (ORG.FormalOrganization, "General Assembly", 60),
    UNODC: (ORG.OrganizationalUnit, "United Nations Office on Drugs and Crime", 70),
    SR: (TIP.MandateHolder, "Special Rapporteur on trafficking in persons", 80),
    MEMBER_STATES: (TIP.ActorGroup, "Member States", 90),
    EVENT: (SCHEMA.Event, "High-level meeting on the appraisal of the Global Plan of Action", 100),
    STATE: (TIP.MemberState, "Republic of Example", 110),
}


def registry_graph() -> Graph:
    """Instruments, bodies, an actor group and an event, with the provenance of their YAML file."""
    g = bind_prefixes(Graph(identifier=REGISTRY_GRAPH))
    for node, (cls, label, line) in REGISTRY.items():
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
        g.add((node, SKOS.prefLabel, Literal(label)))
        g.add((node, TIP.line, Literal(line)))
    g.add((UNTOC, TIP.untsVolume, Literal(2225, datatype=XSD.positiveInteger)))
    g.add((PROTOCOL, TIP.untsVolume, Literal(2237, datatype=XSD.positiveInteger)))
    g.add((PROTOCOL, TIP.supplements, UNTOC))
    g.add((UNTOC, TIP.custodian, UNODC))
    g.add((STATE, TIP.isoAlpha2, Literal("XY")))
    g.add((STATE, TIP.isoAlpha3, Literal("XYZ")))
    g.add((STATE, TIP.m49Code, Literal("999")))
    g.add((STATE, TIP.admissionDate, Literal("1960-09-20", datatype=XSD.date)))
    parties = URIRef(f"{UNTOC}/fact/9")
    g.add((UNTOC, TIP.numberOfParties, Literal(192, datatype=XSD.nonNegativeInteger)))
    for p, o in (
        (RDF.type, TIP.Attribution),
        (RDF.subject, UNTOC),
        (RDF.predicate, TIP.numberOfParties),
        (RDF.object, Literal(192, datatype=XSD.nonNegativeInteger)),
        (TIP.asOf, Literal("2024-05-04", datatype=XSD.date)),
    ):
        g.add((parties, p, o))
    source = URIRef(f"{ID}source/sha256/{'cd' * 32}")
    g.add((REGISTRY_GRAPH, RDF.type, PROV.Entity))
    g.add((REGISTRY_GRAPH, PROV.wasDerivedFrom, source))
    g.add((source, TIP.fileName, Literal(REGISTRY_FILE)))
    g.add((source, TIP.sha256, Literal("cd" * 32)))
    return g


def _cite(target: Target, relation: str, start: int) -> Citation:
    return Citation(target=target, relation=relation, span=Span(start, start + 20), quote="x" * 20)


def document(**changes: object) -> Document:
    """A valid resolution: preamble citing a resolution and two instruments, operative part with
    sub-paragraphs, an addressee, a mention and a footnote. ``changes`` replace Document fields."""
    earlier = Target("resolution", "A/RES/55/25", body="GA", date="2000-11-15", doc_type="resolution")
    pp1 = Paragraph(
        kind="preambular",
        number="1",
        text="Recalling its resolution 55/25 of 15 November 2000 and the Convention",
        span=Span(100, 300),
        line=5,
        phrase="Recalling",
        phrase_key="Recalling",
        verbs=["recalls"],
        citations=[_cite(earlier, "recalls", 110), _cite(Target("instrument", "UNTOC"), "recalls", 150)],
        footnote_markers=["1"],
    )
    pp2 = Paragraph(
        kind="preambular",
        number="2",
        text="Reaffirming the Universal Declaration of Human Rights",
        span=Span(301, 400),
        line=7,
        phrase="Reaffirming",
        phrase_key="Reaffirming",
        verbs=["reaffirms"],
        citations=[_cite(Target("instrument", "UDHR"), "reaffirms", 320)],
    )
    sub_a = Paragraph(kind="sub", number="a", text="(a) to ratify the Protocol", span=Span(520, 560), line=10)
    sub_b = Paragraph(kind="sub", number="b", text="(b) to implement it", span=Span(561, 600), line=11)
    op1 = Paragraph(
        kind="operative",
        number="1",
        text="Urges Member States:",
        span=Span(500, 600),
        line=9,
        phrase="Urges",
        phrase_key="Urges",
        verbs=["urges"],
        citations=[_cite(Target("instrument", "TIP-PROTOCOL"), "urges", 530)],
        addressees=[Target("actor", "member-states")],
        subparagraphs=[sub_a, sub_b],
    )
    op2 = Paragraph(
        kind="operative",
        number="2",
        text="Requests the United Nations Office on Drugs and Crime to report",
        span=Span(601, 700),
        line=12,
        phrase="Requests",
        phrase_key="Requests",
        verbs=["requests"],
        mentions=[Mention(Target("body", "UNODC"), Span(620, 660), "x" * 40)],
        unregistered=[UnregisteredName("body", UNREGISTERED_KEY, 665, 690, "Special Rapporteur on the x")],
    )
    doc = Document(
        text=TEXT,
        source_path=DOC_FILE,
        source_sha256="ab" * 32,
        source_format="text",
        loader="tipkg.loaders.text",
        symbol="A/RES/61/180",
        doc_type="resolution",
        body="GA",
        date="2006-12-20",
        title="Improving the coordination of efforts against trafficking in persons",
        session="Sixty-first session",
        agenda_item="98",
        meeting="84th plenary meeting",
        paragraphs=[pp1, pp2, op1, op2],
        footnotes=[
            Footnote(
                marker="1",
                text="United Nations, Treaty Series, vol. 2225, No. 39574.",
                span=Span(1800, 1850),
                bibliographic_citation="United Nations, Treaty Series, vol. 2225, No. 39574",
                refers_to=Target("instrument", "UNTOC"),
            )
        ],
    )
    return replace(doc, **changes)  # type: ignore[arg-type]


def dataset(*graphs: Graph) -> Dataset:
    """A dataset holding each graph as the named graph of its identifier."""
    ds = Dataset()
    for g in graphs:
        target = ds.graph(g.identifier)
        target += g
    return ds


def valid_dataset(doc: Document | None = None) -> Dataset:
    return dataset(registry_graph(), emit(doc or document()))
