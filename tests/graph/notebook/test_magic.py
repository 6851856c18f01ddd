"""``%load_ext tipkg`` and the ``%%sparql`` cell magic, in a real IPython InteractiveShell."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from tests.api_fixture import documents
from tests.sparql_server import serve
from tipkg.graph.notebook import api
from tipkg.graph.store.embedded import oxigraph_from_dataset

QUERY = "SELECT ?doc WHERE { ?doc tip:reaffirms ?cited } ORDER BY ?doc"


@pytest.fixture(scope="module")
def shell() -> Iterator[InteractiveShell]:
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "tipkg")
    yield ip


@pytest.fixture(scope="module")
def kg() -> api.KnowledgeGraph:
    return api.KnowledgeGraph.from_documents(*documents())


@pytest.fixture()
def endpoint(kg: api.KnowledgeGraph) -> Iterator[str]:
    assert kg.dataset is not None
    with serve(oxigraph_from_dataset(kg.dataset)) as url:
        yield url


def test_load_ext_registers_the_cell_magic(shell: InteractiveShell) -> None:
    assert "sparql" in shell.magics_manager.magics["cell"]


def test_cell_runs_against_the_last_graph(shell: InteractiveShell, kg: api.KnowledgeGraph) -> None:
    assert api.current() is kg
    df = shell.run_cell_magic("sparql", "", QUERY)
    assert isinstance(df, pd.DataFrame)
    assert df["doc"].tolist() == ["id:doc/T/RES/2"]


def test_cell_names_a_graph_variable_and_stores_output(
    shell: InteractiveShell, kg: api.KnowledgeGraph
) -> None:
    other = api.KnowledgeGraph.from_documents(*documents()[:1])  # now the "last" graph: no reaffirms in it
    assert shell.run_cell_magic("sparql", "", QUERY).empty
    shell.user_ns["kg"] = kg
    df = shell.run_cell_magic("sparql", "kg --out found", QUERY)
    assert df["doc"].tolist() == ["id:doc/T/RES/2"]
    assert shell.user_ns["found"] is df
    assert api.current() is other


def test_cell_through_run_cell_shows_the_frame(shell: InteractiveShell, kg: api.KnowledgeGraph) -> None:
    shell.user_ns["kg"] = kg
    result = shell.run_cell(f"%%sparql kg\n# comments are fine\n{QUERY}\n", store_history=False)
    assert result.success, result.error_in_exec
    assert isinstance(result.result, pd.DataFrame)
    assert result.result["doc"].tolist() == ["id:doc/T/RES/2"]


def test_cell_errors_are_clear(shell: InteractiveShell) -> None:
    shell.user_ns["not_a_graph"] = 42
    with pytest.raises(TypeError, match="not a KnowledgeGraph"):
        shell.run_cell_magic("sparql", "not_a_graph", QUERY)
    with pytest.raises(NameError, match="no_such"):
        shell.run_cell_magic("sparql", "no_such", QUERY)
    with pytest.raises(ValueError, match="no query"):
        shell.run_cell_magic("sparql", "", "   \n")
    with pytest.raises(ValueError, match="unrecognized arguments"):
        shell.run_cell_magic("sparql", "--bogus", QUERY)


def test_endpoint_option_queries_over_http(
    shell: InteractiveShell, kg: api.KnowledgeGraph, endpoint: str
) -> None:
    before = api.current()
    df = shell.run_cell_magic("sparql", f"--endpoint {endpoint}", QUERY)
    assert df["doc"].tolist() == ["id:doc/T/RES/2"]
    assert api.current() is before  # an ad-hoc endpoint does not become the default graph
