"""The vocabularies tipkg reuses, bound once so every module writes the same prefixes."""

from __future__ import annotations

import os
from collections.abc import Iterable

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD


class CachedNamespace(Namespace):
    """A namespace whose terms are built once: rdflib's builds a new URIRef on every attribute access
    (about 2 µs), and the loaders write a few hundred terms per document."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        if not name.startswith("_"):
            self.__dict__[name] = term
        return term


TIP = CachedNamespace("https://w3id.org/tipkg/ontology#")
#: Base of every resource IRI; override with TIPKG_BASE to mint under another authority.
BASE = os.environ.get("TIPKG_BASE", "https://w3id.org/tipkg/id/")
ID = CachedNamespace(BASE)
PHRASE = CachedNamespace("https://w3id.org/tipkg/phrase/")
ELI = CachedNamespace("http://data.europa.eu/eli/ontology#")
CITO = CachedNamespace("http://purl.org/spar/cito/")
ORG = CachedNamespace("http://www.w3.org/ns/org#")
SCHEMA = CachedNamespace("https://schema.org/")
OA = CachedNamespace("http://www.w3.org/ns/oa#")
GEPHI = CachedNamespace("http://gephi.org/")
SYNTH = CachedNamespace("https://w3id.org/tipkg/synthetic/")

PREFIXES: dict[str, Namespace | type[object]] = {
    "tip": TIP,
    "id": ID,
    "phrase": PHRASE,
    "eli": ELI,
    "cito": CITO,
    "org": ORG,
    "schema": SCHEMA,
    "oa": OA,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "sh": SH,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project prefixes so serialisations are readable."""
    for prefix in PREFIXES:
        graph.bind(prefix, URIRef(namespace_iri(prefix)), override=True, replace=True)
    return graph


def sparql_prolog(prefixes: Iterable[str] = PREFIXES) -> str:
    """PREFIX lines for ``prefixes`` (default: every project prefix, as named queries get them)."""
    return "".join(f"PREFIX {p}: <{namespace_iri(p)}>\n" for p in prefixes)


def namespace_iri(prefix: str) -> str:
    """The namespace IRI of a project prefix (rdflib's closed namespaces are classes, not strings)."""
    ns = PREFIXES[prefix]
    return str(ns) if isinstance(ns, Namespace) else str(ns._NS)  # type: ignore[attr-defined]
