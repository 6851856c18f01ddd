"""The compiled shapes run on Oxigraph: violations of each check, and a whole store validated.

Cost (bench/bench_validate_scale.py, 2 busy cores): 0.45 s for 100 synthetic documents (pyshacl:
13.6 s on the same build), 5 s for 1,000.

Threads: pyoxigraph keeps the GIL while a query's solutions are evaluated (measured: two queries in
two threads take as long as in sequence), so the checks run one after another, or, with
``jobs=2``, in forked processes reading the store copy-on-write (1,000 documents: 4.4 s → 2.8 s).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from tipkg.graph.validate.compile import FOCUS, CompiledCheck, compile_shapes, shipped_checks
from tipkg.graph.validate.locate import locate
from tipkg.graph.validate.report import ValidationReport, Violation
from tipkg.graph.validate.sparql_terms import Scope, select, store_term
from tipkg.ontology import ONTOLOGY_GRAPH, ontology_graph

FOCUS_BATCH = 2000  # focus nodes bound in one VALUES block


def _fill(template: str, bindings: dict[str, Node]) -> str:
    """pyshacl's message templates: ``{?var}`` or ``{$var}`` replaced by the bound term's string."""
    for name, value in bindings.items():
        template = template.replace(f"{{?{name}}}", str(value)).replace(f"{{${name}}}", str(value))
    return template


def _queries(store: ox.Store, check: CompiledCheck, scope: Scope) -> Iterator[str]:
    """The check's query; for a SPARQL constraint, with its focus nodes bound by VALUES, in batches."""
    if check.focus_query is None or check.prebound is None:
        yield check.query
        return
    foci = [row[0] for row in select(store, check.focus_query, scope)]
    if any(not isinstance(f, ox.NamedNode | ox.Literal) for f in foci):
        yield check.query  # blank nodes cannot be named in VALUES: join with the target instead
        return
    for i in range(0, len(foci), FOCUS_BATCH):
        values = " ".join(str(f) for f in foci[i : i + FOCUS_BATCH])
        yield check.prebound.replace(FOCUS, f"VALUES ?this {{ {values} }}", 1)


def _rows(store: ox.Store, check: CompiledCheck, scope: Scope) -> Iterator[dict[str, Node]]:
    for query in _queries(store, check, scope):
        yield from _solutions(select(store, query, scope))


def _solutions(solutions: ox.QuerySolutions) -> Iterator[dict[str, Node]]:
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        row: dict[str, Node] = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = store_term(term)
        yield row


def run_check(store: ox.Store, check: CompiledCheck, scope: Scope = None) -> list[Violation]:
    """One check's violations (not located) on ``scope``: the graphs making the default graph, or
    None for the union of the named graphs (graph/validate/per_source.py runs checks per source graph)."""
    seen: set[tuple[tuple[str, Node], ...]] = set()
    out: list[Violation] = []
    for row in _rows(store, check, scope):
        key = tuple(sorted(row.items()))
        if key in seen:
            continue
        seen.add(key)
        focus = row["this"]
        path = row.get("path", check.path)
        value = row.get("value", focus if check.value_is_focus else None)
        if check.templated:
            filled = {**row, "this": focus}
            if path is not None:
                filled["path"] = path
            if value is not None:
                filled["value"] = value
            message = _fill(check.messages[0], filled)
        else:
            message = check.messages[0].replace("{this}", str(focus)).replace("{value}", str(value))
        out.append(
            Violation(
                shape=check.shape,
                shape_name=check.shape_name,
                focus=focus,
                path=path,
                value=value,
                message=message,
                severity=check.severity,
            )
        )
    return out


def validate_store(
    store: ox.Store,
    *,
    shapes: Graph | None = None,
    graphs: Iterable[URIRef | str] | None = None,
    checks: Sequence[CompiledCheck] | None = None,
    locate_results: bool = True,
    count_triples: bool = False,
    jobs: int = 1,
) -> ValidationReport:
    """Validate the union of the store's named graphs (or ``graphs`` plus the ontology graph).

    The store must hold the ontology graph (``id:graph/ontology``, as the build writes it): the
    shapes read rdfs:subClassOf/subPropertyOf from the data. ``checks`` reuses a compilation;
    ``locate_results=False`` skips finding each violation's graph, source file and line;
    ``count_triples`` fills ``report.triples`` (distinct triples: a full scan, 0.3 s per 200,000).
    ``jobs > 1`` runs the checks in that many forked processes, which read the parent's in-memory
    store copy-on-write (threads would not help: pyoxigraph holds the GIL while evaluating). Use it
    only with an in-memory store and from a process that may fork (not from inside a server).
    """
    start = time.perf_counter()
    compiled = (
        list(checks)
        if checks is not None
        else (list(shipped_checks()) if shapes is None else compile_shapes(shapes))
    )
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    if graphs is None:
        chosen = [URIRef(n) for n in names]
        scope: Scope = None
    else:
        wanted = [URIRef(str(g)) for g in graphs]
        chosen = [g for g in wanted if str(g) in set(names)]
        default = [*chosen, *([] if ONTOLOGY_GRAPH in chosen else [ONTOLOGY_GRAPH])]
        scope = [ox.NamedNode(str(g)) for g in default if str(g) in set(names)]
    violations = _run_all(store, compiled, scope, jobs)
    if locate_results:
        violations = locate(store, violations, chosen, scope)
    return ValidationReport(
        violations=violations,
        graphs=chosen,
        triples=_count(store, scope) if count_triples else 0,
        seconds=time.perf_counter() - start,
    )


_FORKED: tuple[ox.Store, Sequence[CompiledCheck], Scope] | None = None  # inherited by forked workers


def _run_slice(indices: list[int]) -> list[tuple[int, list[Violation]]]:
    assert _FORKED is not None
    store, checks, scope = _FORKED
    return [(i, run_check(store, checks[i], scope)) for i in indices]


def _run_all(store: ox.Store, checks: Sequence[CompiledCheck], scope: Scope, jobs: int) -> list[Violation]:
    """Every check's violations, in check order; in ``jobs`` forked processes when asked."""
    if jobs <= 1 or len(checks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [v for check in checks for v in run_check(store, check, scope)]
    global _FORKED
    _FORKED = (store, checks, scope)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_run_slice, [list(range(i, len(checks), jobs)) for i in range(jobs)])
    finally:
        _FORKED = None
    return [v for _, found in sorted(r for part in parts for r in part) for v in found]


def store_from_dataset(dataset: Dataset) -> ox.Store:
    """An Oxigraph store holding the dataset's named graphs, plus the shipped ontology graph when the
    dataset has none (as graph/validate/pyshacl_engine.py's data_graph adds it): for comparing with pyshacl."""
    store = ox.Store()
    store.bulk_load(dataset.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return _with_ontology(store)


def store_from_file(path: Path) -> ox.Store:
    """The same read straight from a TriG or N-Quads file by Oxigraph: no rdflib parse (a six-language
    build's 220,000 quads load in about a second rather than fifteen)."""
    store = ox.Store()
    fmt = ox.RdfFormat.TRIG if path.suffix.lower() == ".trig" else ox.RdfFormat.N_QUADS
    store.bulk_load(path=str(path), format=fmt)
    return _with_ontology(store)


def _with_ontology(store: ox.Store) -> ox.Store:
    if not store.contains_named_graph(ox.NamedNode(str(ONTOLOGY_GRAPH))):
        data = ontology_graph().serialize(format="nt").encode("utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    return store


def _count(store: ox.Store, scope: Scope) -> int:
    """Distinct triples of the validated data (a triple in two graphs counts once)."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    for row in select(store, query, scope):
        term = row[0]
        return int(term.value) if term is not None else 0
    return 0
