"""Validation while the build loads (graph/validate/streaming.py) reports what validate_store reports."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from tests.graph.validate.test_validate_sources import injected, reference, synthetic  # noqa: F401 (fixtures)
from tipkg.graph.build.build import BuildResult, build
from tipkg.graph.validate.per_source import is_source_graph
from tipkg.graph.validate.sparql_engine import validate_store
from tipkg.graph.validate.streaming import StreamingValidator, keep_predicates, read_predicates

Injected = tuple[ox.Store, dict[str, tuple[URIRef, URIRef]]]


def _graph_nquads(store: ox.Store, name: ox.NamedNode) -> bytes:
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, name)
        for q in store.quads_for_pattern(None, None, None, name)
    ]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_batches_of_sources_find_what_the_whole_store_run_finds(
    injected: Injected,  # noqa: F811
    reference: Any,  # noqa: F811
    batch: int,
) -> None:
    """One error per shape injected; the sources fed in batches of any size, the rest run once."""
    store = injected[0]
    names = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=str)
    context = b"".join(_graph_nquads(store, g) for g in names if not is_source_graph(g.value))
    sources = [g for g in names if is_source_graph(g.value)]
    validator = StreamingValidator(context)
    for i in range(0, len(sources), batch):
        validator.add(b"".join(_graph_nquads(store, g) for g in sources[i : i + batch]))
    got = validator.finish(store)
    assert Counter(got.violations) == Counter(reference.violations)
    assert len({v.shape for v in got.violations}) >= 15  # every targeted shape caught its error


def test_sources_kept_on_the_store_are_checked_there(injected: Injected, reference: Any) -> None:  # noqa: F811
    store = injected[0]
    names = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    context = b"".join(_graph_nquads(store, g) for g in names if not is_source_graph(g.value))
    sources = sorted(g.value for g in names if is_source_graph(g.value))
    validator = StreamingValidator(context)
    local = {c.shape for c in validator.local}
    broken = {str(v.graph) for v in reference.violations if v.shape in local}
    assert broken and broken < set(sources)
    validator.add(b"".join(_graph_nquads(store, ox.NamedNode(g)) for g in sources if g not in broken))
    validator.kept(store, sorted(broken))  # the per-source errors are all in kept graphs
    assert Counter(validator.finish(store).violations) == Counter(reference.violations)


def test_a_store_kept_whole_is_checked_over_the_union(
    injected: Injected,  # noqa: F811
    reference: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rebuild that parsed nothing: every source kept, checked over the union of the named graphs
    (scope None), with what the whole-store run finds."""
    store = injected[0]
    names = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    context = b"".join(_graph_nquads(store, g) for g in names if not is_source_graph(g.value))
    validator = StreamingValidator(context)
    scopes: list[object] = []
    run = validator._run
    monkeypatch.setattr(validator, "_run", lambda st, scope: (scopes.append(scope), run(st, scope)))
    validator.kept(store, sorted(g.value for g in names if is_source_graph(g.value)))
    assert scopes == [None]
    assert Counter(validator.finish(store).violations) == Counter(reference.violations)


def test_build_report_equals_validate_store(tmp_path: Path, corpus_dir: Path) -> None:
    """The build's own report, full and incremental, on the corpus plus a changed copy."""
    src = tmp_path / "src"
    shutil.copytree(corpus_dir / "resolutions", src)
    store = tmp_path / "store"
    from tipkg.graph.store.embedded import staged_store

    with staged_store(store, incremental=False) as db:
        first = build([src], store=db)
    assert first.report is not None and Counter(first.report.violations) == Counter(
        validate_store(first.store).violations
    )
    victim = sorted(src.glob("*.md"))[0]
    victim.write_text(victim.read_text("utf-8") + "\n", "utf-8")
    with staged_store(store) as db:
        second: BuildResult = build([src], store=db)
        assert any(d.reused for d in second.documents) and second.parsed == 1
        assert second.report is not None
        assert Counter(second.report.violations) == Counter(validate_store(second.store).violations)
    assert second.report.violations  # the corpus's one real violation is still reported


def test_the_window_holds_what_the_per_source_checks_read() -> None:
    """The shipped per-source checks name their predicates, so a chunk's text and labels stay out of
    the window, and what they read stays in."""
    reads = StreamingValidator(b"").reads
    assert reads is not None
    tip = "https://w3id.org/tipkg/ontology#"
    data = (
        f"<{tip}p1> <{tip}span> <{tip}s1> <{tip}g> .\n"
        f'<{tip}p1> <{tip}text> "free text" <{tip}g> .\n'
        f"_:b0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{tip}Footnote> <{tip}g> .\n"
        f'<{tip}p2>\t<{tip}text>\t"tabs: not read as fields, kept" <{tip}g> .\n'
    ).encode()
    lines = data.splitlines()
    assert keep_predicates(data, reads).splitlines() == [lines[0], lines[2], lines[3]]
    assert keep_predicates(data, None) == data


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s ?p ?o }",
        "SELECT ?s WHERE { ?s a ?c ; ?p ?o }",
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT ?s WHERE { ?s !rdf:type ?o }",
    ],
)
def test_a_query_that_may_read_any_predicate_keeps_every_quad(query: str) -> None:
    assert read_predicates([query]) is None


def test_a_variable_predicate_restricted_to_named_iris_is_read_as_those() -> None:
    query = (
        "PREFIX tip: <https://w3id.org/tipkg/ontology#> SELECT ?this ?path WHERE { "
        "VALUES ?path { tip:verb } ?this ?path ?value . FILTER (?path IN (tip:verb)) }"
    )
    assert read_predicates([query]) == {
        b"<https://w3id.org/tipkg/ontology#verb>",
        b"<https://w3id.org/tipkg/ontology#>",
        b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
    }
