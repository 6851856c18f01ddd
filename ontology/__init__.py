"""The vocabulary layer: OWL ontology, SHACL shapes and SKOS phrase scheme (shipped as package data),
the namespaces, IRI minting, UN symbols and the citation relations. Everything else builds on it;
it imports nothing of tipkg but itself."""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

from rdflib import Graph

from tipkg.ontology.ids import graph_iri

#: the files the build loads into :data:`ONTOLOGY_GRAPH` (the shapes are not data; the UNDO mapping is)
ONTOLOGY_FILES = ("tipkg.ttl", "phrases.ttl", "undo-mapping.ttl")
ONTOLOGY_GRAPH = graph_iri("ontology")


def path(name: str) -> Path:
    """Path of a shipped ontology file (tipkg.ttl, shapes.ttl, phrases.ttl)."""
    return Path(str(files(__name__).joinpath(name)))


def load(name: str) -> Graph:
    g = Graph()
    g.parse(path(name), format="turtle")
    return g


@functools.cache
def ontology_graph() -> Graph:
    """The ontology plus the phrase scheme, named :data:`ONTOLOGY_GRAPH` as the build stores them;
    parsed once per process: treat it as read-only."""
    g = Graph(identifier=ONTOLOGY_GRAPH)
    for name in ONTOLOGY_FILES:
        g.parse(path(name), format="turtle")
    return g


@functools.cache
def shapes_graph() -> Graph:
    """The SHACL shapes (shapes.ttl), parsed once per process: treat it as read-only."""
    return load("shapes.ttl")
