"""Which engine checks a dataset: the choice ``tipkg validate --engine`` (and any caller) leaves here.

* ``sparql``: the shapes compiled to SPARQL on Oxigraph, the whole store at once (fast);
* ``per-source``: the same checks on each source graph apart, in ``jobs`` processes, the
  cross-document shapes once;
* ``pyshacl``: the reference; the only one with RDFS inference. All three find the same violations.

``auto`` picks ``sparql`` for datasets with named graphs and ``pyshacl`` for a flattened one: a
violation's source file and line are found through the named graphs' provenance.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from rdflib import Dataset, URIRef

from tipkg.graph.store.embedded import load_dataset
from tipkg.graph.validate.per_source import validate_sources
from tipkg.graph.validate.pyshacl_engine import Inference, validate
from tipkg.graph.validate.report import ValidationReport
from tipkg.graph.validate.sparql_engine import store_from_dataset, store_from_file, validate_store

Engine = Literal["sparql", "per-source", "pyshacl"]
ENGINES = ("auto", "sparql", "per-source", "pyshacl")


def has_named_graphs(path: Path) -> bool:
    """Whether a dataset file's format keeps named graphs (TriG, N-Quads) or flattens them."""
    return path.suffix.lower() in (".trig", ".nq")


def choose_engine(engine: str, *, named_graphs: bool, inference: Inference = "none") -> Engine:
    """The engine that runs for ``engine`` (one of :data:`ENGINES`) on a dataset with or without
    named graphs; RDFS inference is pyshacl's, whatever was asked."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if inference == "rdfs" or engine == "pyshacl" or (engine == "auto" and not named_graphs):
        return "pyshacl"
    return "per-source" if engine == "per-source" else "sparql"


def validate_dataset(
    dataset: Dataset,
    engine: Engine,
    *,
    graphs: Iterable[URIRef] | None = None,
    inference: Inference = "none",
    jobs: int = 1,
) -> ValidationReport:
    """Validate ``dataset`` (``graphs`` of it, by default every named graph) with ``engine``."""
    if engine == "sparql":
        return validate_store(store_from_dataset(dataset), graphs=graphs, count_triples=True)
    if engine == "per-source":
        return validate_sources(store_from_dataset(dataset), graphs=graphs, jobs=jobs)
    return validate(dataset, graphs=graphs, inference=inference)


def validate_file(
    path: Path,
    engine: Engine,
    *,
    graphs: Iterable[URIRef] | None = None,
    inference: Inference = "none",
    jobs: int = 1,
) -> ValidationReport:
    """Validate a dataset file: a TriG or N-Quads file goes straight into Oxigraph for the SPARQL
    engines, any other (and pyshacl) through an rdflib Dataset."""
    if engine != "pyshacl" and has_named_graphs(path):
        store = store_from_file(path)
        if engine == "sparql":
            return validate_store(store, graphs=graphs, count_triples=True)
        return validate_sources(store, graphs=graphs, jobs=jobs)
    return validate_dataset(load_dataset(path), engine, graphs=graphs, inference=inference, jobs=jobs)
