"""Which engine validates a dataset is the library's choice (tipkg validate only passes --engine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipkg.graph.validate.engines import ENGINES, choose_engine, has_named_graphs
from tipkg.graph.validate.pyshacl_engine import Inference


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
