"""The OWL ontology, SHACL shapes and SKOS phrase scheme, shipped as package data."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from rdflib import Graph


def path(name: str) -> Path:
    """Path of a shipped ontology file (tipkg.ttl, shapes.ttl, phrases.ttl)."""
    return Path(str(files(__name__).joinpath(name)))


def load(name: str) -> Graph:
    g = Graph()
    g.parse(path(name), format="turtle")
    return g
