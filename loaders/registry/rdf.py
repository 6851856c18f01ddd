"""Triples of the registry: one named graph per YAML file, every fact with its attribution.

Shapes follow docs/data-model.md (Registry entities). A fact ``adopted_by: A/RES/55/25`` becomes the
triple ``<instrument> tip:adoptedBy <doc/A/RES/55/25>``, a ``tip:Attribution`` node
``<instrument>/fact/N`` that reifies it with its ``dcterms:source``, and, because the registry cites
a resolution it does not load, a stub node for that resolution (``tip:stub true``) that the
resolution's own load completes.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from tipkg import __version__
from tipkg.loaders.emit import TermWriter, write_stub
from tipkg.loaders.model import Target
from tipkg.loaders.registry.model import Entry, Fact, Registry, RegistryFile
from tipkg.ontology.ids import doc_iri, entity_iri, graph_iri
from tipkg.ontology.namespaces import ELI, ID, ORG, SCHEMA, TIP, bind_prefixes
from tipkg.ontology.symbols import body_of_symbol, doc_type_of

LOADER = "registry"

CLASSES: dict[str, URIRef] = {
    "Treaty": TIP.Treaty,
    "Convention": TIP.Convention,
    "Protocol": TIP.Protocol,
    "Declaration": TIP.Declaration,
    "Charter": TIP.Charter,
    "PlanOfAction": TIP.PlanOfAction,
    "Guidelines": TIP.Guidelines,
    "FormalOrganization": ORG.FormalOrganization,
    "OrganizationalUnit": ORG.OrganizationalUnit,
    "OrganizationalCollaboration": ORG.OrganizationalCollaboration,
    "MandateHolder": TIP.MandateHolder,
    "Event": SCHEMA.Event,
}
PREDICATES: dict[str, URIRef] = {
    "adopted": ELI.date_document,
    "entry_into_force": TIP.entryIntoForce,
    "adopted_by": TIP.adoptedBy,
    "unts_volume": TIP.untsVolume,
    "unts_registration": TIP.untsRegistration,
    "supplements": TIP.supplements,
    "custodian": TIP.custodian,
    "secretariat": TIP.secretariat,
    "sub_organization_of": ORG.subOrganizationOf,
    "established_by": TIP.establishedBy,
    "post_in": ORG.postIn,
    "start_date": SCHEMA.startDate,
    "end_date": SCHEMA.endDate,
    "location": SCHEMA.location,
    "organizer": SCHEMA.organizer,
}
_URL = re.compile(r"^https?://\S+$")


def source_term(source: str) -> URIRef | Literal:
    """A web source as an IRI; a corpus reference ("corpus/instrument-facts.md §1") as a string."""
    return URIRef(source) if _URL.match(source) else Literal(source)


def _date(value: str) -> Literal:
    if len(value) == 4:
        return Literal(value, datatype=XSD.gYear)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.date)


def fact_object(fact: Fact) -> Node:
    """The RDF object of a fact, typed as docs/data-model.md says."""
    kind = fact.spec.value
    if kind == "date":
        return _date(str(fact.value))
    if fact.name == "unts_registration":
        return Literal(str(fact.value))  # a registration number, xsd:string in the ontology
    if kind == "positive_integer":
        return Literal(int(fact.value), datatype=XSD.positiveInteger)
    if kind == "text":
        return Literal(str(fact.value))
    if fact.is_document():
        return doc_iri(str(fact.value))
    return entity_iri("body" if kind == "body" else "instrument", str(fact.value))


def _stub(g: Graph, symbol: str) -> None:
    """A resolution the registry cites but does not load: what its symbol tells."""
    w = TermWriter()
    target = Target("resolution", symbol, body=body_of_symbol(symbol), doc_type=doc_type_of(symbol))
    write_stub(w, target, str(doc_iri(symbol)))
    g.addN((s, p, o, g) for s, p, o in w.triples)


def entry_triples(g: Graph, entry: Entry) -> None:
    """The entity, its names, and each fact with its attribution node."""
    node = entity_iri(entry.kind, entry.key)
    g.add((node, RDF.type, CLASSES[entry.type]))
    if entry.kind == "instrument":
        g.add((node, RDF.type, ELI.LegalResource))
    g.add((node, TIP.key, Literal(entry.key)))
    g.add((node, SKOS.prefLabel, Literal(entry.label)))
    g.add((node, RDFS.label, Literal(entry.label)))
    for alias in entry.aliases:
        g.add((node, SKOS.altLabel, Literal(alias)))
    g.add((node, TIP.line, Literal(entry.line)))
    for source in entry.sources:
        g.add((node, DCTERMS.source, source_term(source)))
    for n, fact in enumerate(entry.facts, start=1):
        pred, obj = PREDICATES[fact.name], fact_object(fact)
        g.add((node, pred, obj))
        att = URIRef(f"{node}/fact/{n}")
        g.add((att, RDF.type, TIP.Attribution))
        g.add((att, RDF.subject, node))
        g.add((att, RDF.predicate, pred))
        g.add((att, RDF.object, obj))
        g.add((att, DCTERMS.source, source_term(fact.source)))
        g.add((att, TIP.line, Literal(fact.line)))
        if fact.is_document():
            _stub(g, str(fact.value))


def _provenance(g: Graph, file: RegistryFile) -> None:
    gid = g.identifier
    assert isinstance(gid, URIRef)
    source = URIRef(f"{ID}source/sha256/{file.sha256}")
    activity = URIRef(f"{ID}loader/{LOADER}/{__version__}")
    g.add((gid, RDF.type, PROV.Entity))
    g.add((gid, PROV.wasDerivedFrom, source))
    g.add((gid, PROV.wasGeneratedBy, activity))
    g.add((source, RDF.type, PROV.Entity))
    g.add((source, TIP.sha256, Literal(file.sha256)))
    g.add((source, TIP.fileName, Literal(f"{file.stem}.yaml")))
    g.add((source, DCTERMS.format, Literal("application/yaml")))
    g.add((activity, RDF.type, PROV.SoftwareAgent))
    g.add((activity, RDFS.label, Literal(f"{LOADER} {__version__}")))


def registry_graphs(registry: Registry) -> list[Graph]:
    """One graph per registry file, named ``id:graph/registry/<stem>``."""
    graphs: list[Graph] = []
    for file in registry.files:
        g = bind_prefixes(Graph(identifier=graph_iri(f"registry/{file.stem}")))
        for key in file.keys:
            entry = registry.entries.get(key)
            if entry is not None:
                entry_triples(g, entry)
        _provenance(g, file)
        graphs.append(g)
    return graphs
