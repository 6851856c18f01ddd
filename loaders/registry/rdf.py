"""Triples of the registry: one named graph per YAML file, every fact with its attribution.

Shapes follow docs/data-model.md (Registry entities). A fact ``adopted_by: A/RES/55/25`` becomes the
triple ``<instrument> tip:adoptedBy <doc/A/RES/55/25>``, a ``tip:Attribution`` node
``<instrument>/fact/N`` that reifies it with its ``dcterms:source``, and, because the registry cites
a resolution it does not load, a stub node for that resolution (``tip:stub true``) that the
resolution's own load completes.

Names in the other official languages are language-tagged ``skos:prefLabel`` (the first one given
in a language) and ``skos:altLabel``, each with its attribution like a fact; the English label and
aliases stay untagged, as the registry's own language. States are ``org:FormalOrganization`` and
``tip:MemberState`` or ``tip:ObserverState`` at ``id:state/<ISO alpha-3>``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from tipkg import __version__
from tipkg.loaders.emit import TermWriter, nquads, write_stub
from tipkg.loaders.model import Target
from tipkg.loaders.registry import model
from tipkg.loaders.registry.model import GITHUB_SOURCE, WEB_SOURCE, Entry, Fact, Registry, RegistryFile
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
    "Compact": TIP.Compact,
    "Principles": TIP.Principles,
    "Directive": TIP.Directive,
    "Statute": TIP.Statute,
    "FormalOrganization": ORG.FormalOrganization,
    "OrganizationalUnit": ORG.OrganizationalUnit,
    "OrganizationalCollaboration": ORG.OrganizationalCollaboration,
    "MandateHolder": TIP.MandateHolder,
    "Event": SCHEMA.Event,
    "MemberState": TIP.MemberState,
    "ObserverState": TIP.ObserverState,
}
PREDICATES: dict[str, URIRef] = {
    "adopted": ELI.date_document,
    "entry_into_force": TIP.entryIntoForce,
    "adopted_by": TIP.adoptedBy,
    "unts_volume": TIP.untsVolume,
    "unts_registration": TIP.untsRegistration,
    "supplements": TIP.supplements,
    "custodian": TIP.custodian,
    "depositary": TIP.depositary,
    "parties": TIP.numberOfParties,
    "organization": TIP.adoptingOrganization,
    "secretariat": TIP.secretariat,
    "sub_organization_of": ORG.subOrganizationOf,
    "established_by": TIP.establishedBy,
    "established": SCHEMA.foundingDate,
    "dissolved": SCHEMA.dissolutionDate,
    "post_in": ORG.postIn,
    "start_date": SCHEMA.startDate,
    "end_date": SCHEMA.endDate,
    "location": SCHEMA.location,
    "organizer": SCHEMA.organizer,
    "observed_on": TIP.observedOn,
    "iso_alpha2": TIP.isoAlpha2,
    "iso_alpha3": TIP.isoAlpha3,
    "m49": TIP.m49Code,
    "admitted": TIP.admissionDate,
    "observer_status": TIP.observerStatus,
    "observer_since": TIP.observerSince,
}


def source_term(source: str) -> URIRef | Literal:
    """A web source as an IRI; a repository file at a commit (``github:owner/repo/path@commit``) as
    the address of that file at that commit on GitHub; a corpus reference
    ("corpus/instrument-facts.md §1") as a string."""
    if WEB_SOURCE.match(source):
        return URIRef(source)
    gh = GITHUB_SOURCE.match(source)
    if gh:
        owner, repo, path, commit = gh.groups()
        return URIRef(f"https://github.com/{owner}/{repo}/blob/{commit}/{path}")
    return Literal(source)


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
    if kind == "month_day":
        return Literal(f"--{fact.value}", datatype=XSD.gMonthDay)
    if fact.name == "unts_registration":
        return Literal(str(fact.value))  # a registration number, xsd:string in the ontology
    if kind == "positive_integer":
        return Literal(int(fact.value), datatype=XSD.positiveInteger)
    if kind == "count":
        return Literal(int(fact.value), datatype=XSD.nonNegativeInteger)
    if kind in ("text", "code"):
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


def _attribution(
    g: Graph, att: URIRef, node: URIRef, pred: URIRef, obj: Node, source: str, line: int
) -> None:
    g.add((att, RDF.type, TIP.Attribution))
    g.add((att, RDF.subject, node))
    g.add((att, RDF.predicate, pred))
    g.add((att, RDF.object, obj))
    g.add((att, DCTERMS.source, source_term(source)))
    g.add((att, TIP.line, Literal(line)))


def entry_triples(g: Graph, entry: Entry) -> None:
    """The entity, its names, and each fact and foreign-language name with its attribution node."""
    node = entity_iri(entry.kind, entry.key)
    g.add((node, RDF.type, CLASSES[entry.type]))
    if entry.kind == "instrument":
        g.add((node, RDF.type, ELI.LegalResource))
    if entry.kind == "state":
        g.add((node, RDF.type, ORG.FormalOrganization))
    g.add((node, TIP.key, Literal(entry.key)))
    g.add((node, SKOS.prefLabel, Literal(entry.label)))
    g.add((node, RDFS.label, Literal(entry.label)))
    for alias in entry.aliases:
        g.add((node, SKOS.altLabel, Literal(alias)))
    g.add((node, TIP.line, Literal(entry.line)))
    for source in entry.sources:
        g.add((node, DCTERMS.source, source_term(source)))
    n = 0
    for fact in entry.facts:
        n += 1
        pred, obj = PREDICATES[fact.name], fact_object(fact)
        g.add((node, pred, obj))
        att = URIRef(f"{node}/fact/{n}")
        _attribution(g, att, node, pred, obj, fact.source, fact.line)
        if fact.as_of is not None:
            g.add((att, TIP.asOf, _date(fact.as_of)))
        if fact.is_document():
            _stub(g, str(fact.value))
    for label in entry.labels:
        n += 1
        pred = SKOS.prefLabel if label.preferred else SKOS.altLabel
        obj = Literal(label.value, lang=label.language)
        g.add((node, pred, obj))
        _attribution(g, URIRef(f"{node}/fact/{n}"), node, pred, obj, label.source, label.line)


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


def registry_nquads(registry: Registry) -> list[tuple[str, bytes]]:
    """The registry graphs as (graph IRI, N-Quads), made once per registry content and code.

    A build, and every test that builds, writes the same 25,000 registry triples: making them as
    rdflib terms costs half a second. They are kept in memory for the process and on disk (the user's
    cache folder, ``TIPKG_CACHE`` or ``$XDG_CACHE_HOME/tipkg``), keyed by the digests of the YAML files
    and of this code, so a changed file or a changed writer makes them again.
    """
    key = _cache_key(registry)
    cached = _MEMORY.get(key)
    if cached is None:
        cached = _read_cache(key)
        if cached is None:
            cached = [(str(g.identifier), nquads(g, str(g.identifier))) for g in registry_graphs(registry)]
            _write_cache(key, cached)
        _MEMORY[key] = cached
    return cached


_MEMORY: dict[str, list[tuple[str, bytes]]] = {}


def _cache_key(registry: Registry) -> str:
    digest = hashlib.sha256(__version__.encode())
    for module in (__file__, model.__file__):
        digest.update(Path(module).read_bytes())
    for file in registry.files:
        digest.update(f"{file.stem}:{file.sha256}\n".encode())
    return digest.hexdigest()[:32]


def _cache_dir() -> Path:
    base = os.environ.get("TIPKG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "tipkg"
    )
    return Path(base)


def _read_cache(key: str) -> list[tuple[str, bytes]] | None:
    folder = _cache_dir() / f"registry-{key}"
    try:
        names = (folder / "graphs").read_text(encoding="utf-8").splitlines()
        return [(name, (folder / f"{i}.nq").read_bytes()) for i, name in enumerate(names)]
    except OSError:
        return None


def _write_cache(key: str, graphs: list[tuple[str, bytes]]) -> None:
    """Written beside, then renamed into place: a reader never sees half a cache."""
    folder = _cache_dir() / f"registry-{key}"
    if folder.exists():
        return
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".registry-{key}-", dir=folder.parent))
        for i, (_, data) in enumerate(graphs):
            (tmp / f"{i}.nq").write_bytes(data)
        (tmp / "graphs").write_text("\n".join(name for name, _ in graphs), encoding="utf-8")
        os.replace(tmp, folder)
    except OSError:  # a read-only home, a full disk: the cache is only a saving
        pass
