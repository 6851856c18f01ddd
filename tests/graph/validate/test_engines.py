"""Which engine validates a dataset is the library's choice (tipkg validate only passes --engine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shape_data import dataset, document, registry_graph
from tipkg.graph.store.embedded import load_dataset
from tipkg.graph.validate.engines import (
    ENGINES,
    choose_engine,
    has_named_graphs,
    validate_dataset,
    validate_file,
)
from tipkg.graph.validate.pyshacl_engine import Inference
from tipkg.loaders.emit import emit


@pytest.mark.parametrize(
    ("engine", "named_graphs", "inference", "chosen"),
    [
        ("auto", True, "none", "sparql"),
        ("auto", False, "none", "pyshacl"),
        ("sparql", False, "none", "sparql"),
        ("per-source", True, "none", "per-source"),
        ("pyshacl", True, "none", "pyshacl"),
        ("sparql", True, "rdfs", "pyshacl"),
        ("per-source", True, "rdfs", "pyshacl"),
        ("auto", True, "rdfs", "pyshacl"),
    ],
)
def test_choose_engine(engine: str, named_graphs: bool, inference: Inference, chosen: str) -> None:
    assert choose_engine(engine, named_graphs=named_graphs, inference=inference) == chosen


def test_unknown_engine_and_dataset_suffixes() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        choose_engine("fast", named_graphs=True)
    assert "auto" in ENGINES
    assert has_named_graphs(Path("a.TriG")) and has_named_graphs(Path("b.nq"))
    assert not has_named_graphs(Path("c.ttl")) and not has_named_graphs(Path("d.jsonld"))


@pytest.mark.parametrize("suffix", [".trig", ".nq"])
@pytest.mark.parametrize("engine", ["sparql", "per-source"])
def test_a_file_read_straight_into_oxigraph_reports_the_same(
    tmp_path: Path, suffix: str, engine: str
) -> None:
    ds = dataset(registry_graph(), emit(document(date=None)))  # one violation: no adoption date
    path = tmp_path / f"g{suffix}"
    ds.serialize(path, format="trig" if suffix == ".trig" else "nquads")
    chosen = choose_engine(engine, named_graphs=True)
    direct = validate_file(path, chosen)
    through_rdflib = validate_dataset(load_dataset(path), chosen)
    assert not direct.conforms
    assert sorted(v.to_dict()["message"] for v in direct.violations) == sorted(
        v.to_dict()["message"] for v in through_rdflib.violations
    )
