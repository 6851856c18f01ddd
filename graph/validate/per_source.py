"""Validation per source: each source document's graph checked apart, in parallel; the rest once.

The compiled checks of graph/validate/compile.py are split by the ``tip:validationScope`` of their shape
in ontology/shapes.ttl (:func:`shape_scopes`, the one place the classification is declared):

* ``tip:PerSourceValidation``: run on each source graph (``…/graph/doc/…``) together with the
  *context*, every graph that is no source (ontology, registry; the default graph if it has data);
* ``tip:CrossDocumentValidation``, ``tip:RegistryValidation`` (and shapes without the annotation):
  run once on the whole store, as validate_store runs them, so they are exact by construction.

Why the per-source class is exact. Its shapes read only (a) the parts of a document (paragraphs,
citations, spans, footnotes): their ``rdf:type`` and *local predicates* (:data:`LOCAL_PREDICATES`);
(b) single triples (``tip:verb``, ``tip:relation``); (c) vocabulary (``rdfs:subClassOf``,
``rdfs:subPropertyOf``, the type of an opening-phrase concept). graph/build/build.py keeps each in one
graph (part IRIs are minted under their document's and written by its graph only; the vocabulary is
the ontology graph's), which the data must satisfy as a contract:

L1  a node that has a local predicate, or is the object of ``tip:span``, is described (as a subject,
    or as the object of ``tip:span``) in one graph only; except (L1') a paragraph that the graphs of
    a work's language versions share: each states the same parent and number of it
    (:data:`SHARED_PREDICATES`), and at most one (the English) anything else a shape reads (its span,
    order), the others putting those on the paragraph's version ``<p>/lang/fr``;
L2  the parts (``eli:is_part_of``) of one parent are all in one graph, or in the graphs of one work's
    language versions (``id:graph/doc/X`` and ``id:graph/doc/X/lang/fr``), each of which states all
    the parts its version has;
L3  no source graph states ``rdfs:subClassOf``/``rdfs:subPropertyOf`` or describes a concept used as
    a ``tip:openingPhrase``.

Then, shape by shape, a scope that sees a focus node sees all the data its check reads:

* span required, span offsets: the node's type and ``tip:span``, the span's ``oa:start``/``oa:end``
  and the ``tip:span`` pointing at it (L1: all in the node's graph, or all in the context); a
  paragraph without a span of its own conforms where it has language versions (``eli:is_realized_by``,
  stated by each version's graph, L1'): per source that is stricter than on the whole store only for
  an English paragraph that lost its span while another language's version is loaded;
* unique paragraph number: the paragraph (L1) and its siblings, in the same graph (L2);
* opening phrase, citation characterization: the node's values (L1), their types or
  super-properties (L3: in the context, which every scope holds);
* declared relation: each result is one triple (found from its graph) plus vocabulary (L3).

So what other sources hold can neither add, remove nor change a result, and the union of the
per-source results is the whole store's; a node of the context, or one only typed in several
graphs, gets the same result from every scope that sees it (results are deduplicated). With
``graphs=`` the same holds for the union of the chosen sources and the context. The contract is
checked, not assumed (:func:`layout_breaches`: index look-ups on each source's nodes, in the same
workers): where a store breaks it, the per-source shapes run on the whole store (or on the chosen
sources and the context) instead, with a warning, so the report is exact on any data.

Why the others run once. Resolution symbol, date and body target loaded documents (``tip:stub
false``) and count their ``dcterms:identifier``/``eli:date_document``/``eli:passed_by``, which every
graph citing the document (and the registry's stubs) also writes: two symbols or dates may come from
two graphs, and the stub flag and the class from two others. "Cites later document" compares the
citing document's date with the cited one's, held by the cited document's own graph. "Citation
target typed" reads the cited document's ``rdf:type``, from its own graph or any stub. Labels target
documents, which stubs in many graphs describe. Registry shapes (supplements, UNTS volume, mandate
holder) target registry entities: cheap to check once.

Cost (bench/bench_validate_scale.py): a source costs a fixed ~25 ms (20 queries, each parsed and
planned again and reading the context graphs again, plus the contract's look-ups), about 6x the
CPU of one validate_store run on the whole store. It pays where only some sources changed
(``graphs=``: the per-source part scales with the changed sources) and spreads over ``jobs``
processes (or machines: a source needs only its graph and the context).
"""

from __future__ import annotations

import logging
import multiprocessing
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from tipkg.graph.validate.compile import CompiledCheck, compile_shapes, shipped_checks
from tipkg.graph.validate.locate import locate
from tipkg.graph.validate.report import ValidationReport, Violation
from tipkg.graph.validate.sparql_engine import run_check
from tipkg.graph.validate.sparql_terms import Scope, select
from tipkg.ontology import shapes_graph
from tipkg.ontology.ids import graph_iri
from tipkg.ontology.namespaces import CITO, ELI, OA, SYNTH, TIP

__all__ = [
    "LOCAL_PREDICATES",
    "SHARED_PREDICATES",
    "SOURCE_GRAPH_PREFIXES",
    "ValidationScope",
    "is_source_graph",
    "layout_breaches",
    "shape_scopes",
    "split_checks",
    "validate_sources",
]

log = logging.getLogger(__name__)

#: named graphs of source documents, as graph/build/build.py names them
SOURCE_GRAPH_PREFIXES = (str(graph_iri("doc/")), f"{SYNTH}graph/doc/")
#: what the per-source shapes read about the parts of a document (besides rdf:type)
LOCAL_PREDICATES = (
    TIP.span,
    OA.start,
    OA.end,
    CITO.hasCitationCharacterization,
    TIP.openingPhrase,
    ELI.is_part_of,
    ELI.number,
    TIP.order,
)
#: what every language version's graph states alike of a paragraph of the work (L1')
SHARED_PREDICATES = (ELI.is_part_of, ELI.number)
MAX_BREACHES = 3  # per graph: one is enough to fall back, a few say why

_LOCAL = frozenset(ox.NamedNode(str(p)) for p in LOCAL_PREDICATES)
_SHARED = frozenset(ox.NamedNode(str(p)) for p in SHARED_PREDICATES)
_SPAN = ox.NamedNode(str(TIP.span))
_PART_OF = ox.NamedNode(str(ELI.is_part_of))
_VOCABULARY = (ox.NamedNode(str(RDFS.subClassOf)), ox.NamedNode(str(RDFS.subPropertyOf)))
_PHRASES = f"SELECT DISTINCT ?v WHERE {{ ?x <{TIP.openingPhrase}> ?v }}"

GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class ValidationScope(Enum):
    """The values of ``tip:validationScope`` (ontology/tipkg.ttl)."""

    PER_SOURCE = TIP.PerSourceValidation
    CROSS_DOCUMENT = TIP.CrossDocumentValidation
    REGISTRY = TIP.RegistryValidation


def shape_scopes(shapes: Graph | None = None) -> dict[Node, ValidationScope]:
    """Shape -> its declared ``tip:validationScope``; an unknown value is an error, not a guess."""
    g = shapes if shapes is not None else shapes_graph()
    known: dict[Node, ValidationScope] = {s.value: s for s in ValidationScope}
    out: dict[Node, ValidationScope] = {}
    for shape, value in g.subject_objects(TIP.validationScope):
        if value not in known or out.get(shape, known[value]) != known[value]:
            raise ValueError(f"{shape}: tip:validationScope {value} is not one declared scope")
        out[shape] = known[value]
    return out


def split_checks(
    checks: Sequence[CompiledCheck], shapes: Graph | None = None
) -> tuple[list[CompiledCheck], list[CompiledCheck]]:
    """(per-source checks, checks run once on the whole store); undeclared shapes run once."""
    scopes = shape_scopes(shapes)
    local = [c for c in checks if scopes.get(c.shape) is ValidationScope.PER_SOURCE]
    return local, [c for c in checks if scopes.get(c.shape) is not ValidationScope.PER_SOURCE]


def is_source_graph(name: str) -> bool:
    return name.startswith(SOURCE_GRAPH_PREFIXES)


# ------------------------------------------------------------------------------------ the contract


def _elsewhere(quads: Iterable[ox.Quad], graph: GraphName) -> GraphName | None:
    return next((q.graph_name for q in quads if q.graph_name != graph), None)


_LANG_GRAPH = re.compile(r"/lang/[a-z]{2,3}$")


def _work_of(graph: GraphName) -> str:
    """The graph of a work's English version for a language version's (``…/lang/fr``), else itself."""
    return _LANG_GRAPH.sub("", graph.value) if isinstance(graph, ox.NamedNode) else str(graph)


def _owned_elsewhere(described: Sequence[ox.Quad], graph: GraphName) -> GraphName | None:
    """Another graph describing the node, unless the node is a shared part (L1'): every graph but
    one states of it only its :data:`SHARED_PREDICATES` (besides predicates no shape reads), and
    every graph stating one of those states the same values."""
    graphs: dict[GraphName, dict[ox.NamedNode, set[Term]]] = {}
    for q in described:
        graphs.setdefault(q.graph_name, {}).setdefault(q.predicate, set()).add(q.object)
    if len(graphs) < 2:
        return None
    others = [g for g in graphs if g != graph]
    owners = [g for g, preds in graphs.items() if any(p in _LOCAL and p not in _SHARED for p in preds)]
    if len(owners) > 1:
        return next(g for g in owners if g != graph)
    for p in _SHARED:
        values = {frozenset(preds[p]) for preds in graphs.values() if p in preds}
        if len(values) > 1:
            return others[0]
    return None


class _Guard:
    """L1 and L2 for the nodes of one graph at a time (see the module docstring)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        # node -> a graph giving it a local predicate or pointing tip:span at it (None: no graph).
        # Asked of the nodes a graph has no local predicate for: documents, stubs, the loader, which
        # hundreds of graphs share; remembered, so each costs its look-ups once, not once per graph.
        self.local_graph: dict[Term, GraphName | None] = {}

    def breaches(self, graph: GraphName) -> list[str]:
        """[] when the nodes of ``graph`` are described in it alone and its parts are all in it."""
        store = self.store
        present: set[Term] = set()  # subjects of the graph, objects of its tip:span triples
        owned: set[Term] = set()  # of those, nodes with a local predicate or pointed at by tip:span
        parents: set[Term] = set()
        for q in store.quads_for_pattern(None, None, None, graph):
            present.add(q.subject)
            if q.predicate in _LOCAL:
                owned.add(q.subject)
            if q.predicate == _SPAN:
                present.add(q.object)
                owned.add(q.object)
            if q.predicate == _PART_OF:
                parents.add(q.object)
        out: list[str] = []
        for x in sorted(present, key=str):
            if x in owned:  # described here: nowhere else (but for the shared structure of a work's part)
                described = (
                    [] if isinstance(x, ox.Literal) else list(store.quads_for_pattern(x, None, None, None))
                )
                other = _elsewhere(store.quads_for_pattern(None, _SPAN, x, None), graph)
                if other is None:
                    other = _owned_elsewhere(described, graph)
            else:  # no local predicate here: none anywhere
                other = self.local(x)
            if other is not None:
                out.append(f"L1: {x} is described in {graph} and in {other}")
                if len(out) >= MAX_BREACHES:
                    return out
        for parent in sorted(parents, key=str):
            work = _work_of(graph)
            other = next(
                (
                    q.graph_name
                    for q in store.quads_for_pattern(None, _PART_OF, parent, None)
                    if q.graph_name != graph and _work_of(q.graph_name) != work
                ),
                None,
            )
            if other is not None:
                out.append(f"L2: parts of {parent} are in {graph} and in {other}")
                if len(out) >= MAX_BREACHES:
                    break
        return out

    def local(self, x: Term) -> GraphName | None:
        if x not in self.local_graph:
            assert not isinstance(x, ox.Literal)  # literals enter ``present`` as span objects: owned
            store = self.store
            quads = chain(
                store.quads_for_pattern(None, _SPAN, x, None),
                *(store.quads_for_pattern(x, p, None, None) for p in _LOCAL),
            )
            self.local_graph[x] = next((q.graph_name for q in quads), None)
        return self.local_graph[x]


def _vocabulary_breaches(store: ox.Store, sources: Sequence[ox.NamedNode]) -> list[str]:
    """L3: vocabulary stated, or opening-phrase concepts described, by one of ``sources``."""
    chosen = set(sources)
    out = [
        f"L3: {q.graph_name} states {q.predicate}"
        for p in _VOCABULARY
        for q in store.quads_for_pattern(None, p, None, None)
        if q.graph_name in chosen
    ]
    for row in select(store, _PHRASES, None):
        concept = row[0]
        if isinstance(concept, ox.NamedNode | ox.BlankNode):
            out.extend(
                f"L3: {q.graph_name} describes the opening phrase {concept}"
                for q in store.quads_for_pattern(concept, None, None, None)
                if q.graph_name in chosen
            )
    return out[:MAX_BREACHES]


def layout_breaches(store: ox.Store, graphs: Iterable[URIRef | str] | None = None) -> list[str]:
    """How the store breaks the layout that makes per-source validation exact (L1-L3 of the module
    docstring), for the given source graphs (default: all); [] when it holds, as for any build."""
    plan = _plan(store, graphs)
    out = _vocabulary_breaches(store, plan.sources)
    guard = _Guard(store)
    for g in plan.sources:
        out.extend(guard.breaches(g))
    return out


# ------------------------------------------------------------------------------------ running


@dataclass(frozen=True)
class _Plan:
    sources: list[ox.NamedNode]  # the source graphs validated
    context: list[GraphName]  # in every per-source scope
    every: list[URIRef]  # every named graph of the store (for locating)

    def scope(self, source: ox.NamedNode | None) -> Scope:
        return [*([] if source is None else [source]), *self.context]


def _plan(store: ox.Store, graphs: Iterable[URIRef | str] | None) -> _Plan:
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    sources = [n for n in names if is_source_graph(n)]
    if graphs is not None:
        wanted = {str(g) for g in graphs}
        sources = [n for n in sources if n in wanted]
    context: list[GraphName] = [ox.NamedNode(n) for n in names if not is_source_graph(n)]
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        context.append(ox.DefaultGraph())
    return _Plan([ox.NamedNode(n) for n in sources], context, [URIRef(n) for n in names])


# A task: ("once", check index) runs a check on the whole store, ("source", i) the per-source checks
# on source i (or on the context alone when i == -1), ("fallback", check index) a per-source check on
# all the chosen sources at once. A result: the task, violations per check, breaches of the layout.
_Task = tuple[str, int]
_Result = tuple[_Task, list[list[Violation]], list[str]]


@dataclass(frozen=True)
class _Work:
    plan: _Plan
    local: Sequence[CompiledCheck]
    once: Sequence[CompiledCheck]
    whole: bool  # every source chosen: the fallback runs on the union of the named graphs


_STATE: tuple[ox.Store, _Work, _Guard] | None = None  # set in the parent before forking, or by _open


def _do(task: _Task) -> _Result:
    assert _STATE is not None
    store, work, guard = _STATE
    kind, i = task
    if kind == "once":
        return task, [run_check(store, work.once[i], None)], []
    if kind == "fallback":
        scope = None if work.whole else [*work.plan.sources, *work.plan.context]
        return task, [run_check(store, work.local[i], scope)], []
    source = None if i < 0 else work.plan.sources[i]
    scope = work.plan.scope(source)
    found = [run_check(store, check, scope) for check in work.local]
    return task, found, [] if source is None else guard.breaches(source)


def _open(path: str, work: _Work) -> None:
    global _STATE
    store = ox.Store.read_only(path)
    _STATE = (store, work, _Guard(store))


def _execute(store: ox.Store, work: _Work, tasks: list[_Task], jobs: int, path: str | None) -> list[_Result]:
    """The tasks' results, in ``jobs`` processes: forked (reading an in-memory store copy-on-write),
    or, given the ``path`` of an on-disk store, spawned and opening it read-only."""
    global _STATE
    if jobs <= 1 or len(tasks) < 2:
        _STATE = (store, work, _Guard(store))
        try:
            return [_do(t) for t in tasks]
        finally:
            _STATE = None
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    if path is not None:
        store.flush()  # the read-only instances see only what is on disk
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(jobs, initializer=_open, initargs=(path, work)) as pool:
            return list(pool.imap_unordered(_do, tasks, chunksize=chunk))
    _STATE = (store, work, _Guard(store))
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return list(pool.imap_unordered(_do, tasks, chunksize=chunk))
    finally:
        _STATE = None


def validate_sources(
    store: ox.Store,
    *,
    jobs: int = 1,
    graphs: Iterable[URIRef | str] | None = None,
    cross_document: bool = True,
    shapes: Graph | None = None,
    checks: Sequence[CompiledCheck] | None = None,
    path: str | Path | None = None,
    locate_results: bool = True,
) -> ValidationReport:
    """Validate each source graph apart (with the context graphs), the cross-document checks once.

    Same violations as ``validate_store(store)`` (graphs=None). ``graphs`` limits the per-source
    checks to those source graphs (an incremental build re-checks only changed sources; other names
    are ignored); the checks run once still see the whole store (skip them: ``cross_document=False``).
    ``jobs > 1`` runs sources and checks in that many processes: forked from this one for an
    in-memory store; for an on-disk store give its directory as ``path``, and workers open it with
    ``Store.read_only`` (a forked copy of an open on-disk store is not safe to use). ``shapes`` are
    compiled unless ``checks`` are given; both default to the shipped ones, whose scopes classify.
    """
    start = time.perf_counter()
    if checks is not None:
        compiled = list(checks)
    else:
        compiled = list(shipped_checks()) if shapes is None else compile_shapes(shapes)
    local, once = split_checks(compiled, shapes)
    plan = _plan(store, graphs)
    work = _Work(plan, local, once if cross_document else [], graphs is None)
    breaches = _vocabulary_breaches(store, plan.sources)
    tasks: list[_Task] = [("once", i) for i in range(len(work.once))]
    if not breaches:
        tasks += [("source", i) for i in range(len(plan.sources))] or [("source", -1)]
    else:
        tasks += [("fallback", i) for i in range(len(local))]
    where = str(path) if path is not None else None
    results = _execute(store, work, tasks, jobs, where)
    if not breaches and (breaches := [b for _, _, found in results for b in found]):
        results = [r for r in results if r[0][0] == "once"]
        results += _execute(store, work, [("fallback", i) for i in range(len(local))], jobs, where)
    if breaches:
        log.warning("per-source shapes checked on the whole store: %s", "; ".join(breaches[:MAX_BREACHES]))
    violations = list(_ordered(compiled, work, results))
    if locate_results:
        violations = locate(store, violations, plan.every, None)
    named = [*plan.sources, *(g for g in plan.context if isinstance(g, ox.NamedNode))]
    return ValidationReport(
        violations=violations,
        graphs=plan.every if graphs is None else sorted(URIRef(g.value) for g in named),
        seconds=time.perf_counter() - start,
    )


def _ordered(compiled: Sequence[CompiledCheck], work: _Work, results: list[_Result]) -> Iterator[Violation]:
    """Violations in check order, then source order: the same for any ``jobs``. Like validate_store,
    two components of a shape may report the same result (pyshacl reports both)."""
    found: dict[_Task, list[list[Violation]]] = {task: violations for task, violations, _ in results}
    fallback = any(kind == "fallback" for kind, _ in found)
    sources = sorted(i for kind, i in found if kind == "source")
    local = once = 0  # split_checks keeps the order of ``compiled``
    for check in compiled:
        if local < len(work.local) and check is work.local[local]:
            if fallback:
                yield from found[("fallback", local)][0]
            else:  # a focus node of the context is found from every source: once per check
                yield from dict.fromkeys(v for i in sources for v in found[("source", i)][local])
            local += 1
        elif once < len(work.once) and check is work.once[once]:
            yield from found[("once", once)][0]
            once += 1
