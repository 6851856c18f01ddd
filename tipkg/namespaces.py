"""The vocabularies tipkg reuses, bound once so every module writes the same prefixes."""

from __future__ import annotations

import os

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

TIP = Namespace("https://w3id.org/tipkg/ontology#")
#: Base of every resource IRI; override with TIPKG_BASE to mint under another authority.
BASE = os.environ.get("TIPKG_BASE", "https://w3id.org/tipkg/id/")
ID = Namespace(BASE)
PHRASE = Namespace("https://w3id.org/tipkg/phrase/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
CITO = Namespace("http://purl.org/spar/cito/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
GEPHI = Namespace("http://gephi.org/")
SYNTH = Namespace("https://w3id.org/tipkg/synthetic/")

PREFIXES: dict[str, Namespace] = {
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
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def sparql_prolog() -> str:
    """PREFIX lines for every project prefix, prepended to named queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
