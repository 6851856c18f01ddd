"""Validation while the build loads: per-source shapes on each batch of new graphs, the rest once.

Running every compiled check over the finished store costs a scan of the whole store per check;
on the on-disk store each scan reads RocksDB (about four times the in-memory cost), and at a
hundred thousand documents the store no longer fits in memory. The shapes that
graph/validate/per_source.py classifies as per-source read only what a source's own graph and the
context (ontology and registry graphs) hold, so their results on several source graphs together
are the union of their results on each (the layout contract L1-L3 of that module, which the
build's IRIs keep: parts are minted under their document's IRI and written by its graph only).
The build's parse workers therefore check each chunk of new graphs, as they write it, in a small
in-memory store with the context (:meth:`StreamingValidator.check`, inherited by the fork), and
the build merges what they found (:meth:`merge`); the cross-document and registry shapes run
once on the finished store (:meth:`finish`). Sources an
incremental build keeps are checked on the store, scoped to their graphs and the context
(:meth:`kept`). The report equals validate_store's on the same store (tests/graph/build/test_build.py).

A chunk's window holds only the quads whose predicate the per-source checks name
(:func:`read_predicates`): about half a document's N-Quads are text, labels and metadata that no
per-source shape reads, and loading them into the window was half of what a check cost. A quad
whose predicate no query names cannot match any of their patterns, so the results are the same.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence

import pyoxigraph as ox
from rdflib import URIRef

from tipkg.graph.validate.compile import CompiledCheck, shipped_checks
from tipkg.graph.validate.locate import locate
from tipkg.graph.validate.per_source import is_source_graph, split_checks
from tipkg.graph.validate.report import ValidationReport, Violation
from tipkg.graph.validate.sparql_engine import run_check

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"  # ``a`` in a query
_PREFIX = re.compile(r"PREFIX\s+([\w-]*):\s*<([^>]*)>")
_IRI = re.compile(r"<([^<>\s]*)>")
_PNAME = re.compile(r"([A-Za-z][\w-]*):([\w-]+)")
# a triple pattern whose predicate is a variable: the subject, a variable, then the object
_VAR_PREDICATE = re.compile(r"(?:[?$]\w+|;)\s+[?$](\w+)\s+[?$\w<\"_]")
# a negated property set matches any predicate but the ones it names
_NEGATED = re.compile(r"!\s*(?:\(|<|\^|[A-Za-z][\w-]*:)")
_SELECT = re.compile(r"SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?:[?$]\w+\s*|\([^()]*\)\s*)*")


def read_predicates(texts: Iterable[str]) -> frozenset[bytes] | None:
    """The predicates (as N-Quads terms, ``<iri>``) that the queries ``texts`` can read: every IRI
    they name, full or prefixed, and rdf:type; None when a query may read any predicate (a negated
    property set, or a variable predicate that no ``VALUES ?v {…}`` or ``FILTER (?v IN (…))`` of
    the same query restricts to named IRIs), so that the window must hold every quad."""
    iris = {RDF_TYPE}
    for text in texts:
        if _NEGATED.search(text):
            return None
        patterns = _SELECT.sub(" ", text)  # a projection ``SELECT ?this ?value`` is no pattern
        for var in _VAR_PREDICATE.findall(patterns):
            restricted = re.search(rf"VALUES\s+[?$]{var}\s*\{{|FILTER\s*\(\s*[?$]{var}\s+IN\s*\(", text)
            if restricted is None:
                return None
        prefixes = dict(_PREFIX.findall(text))
        iris.update(_IRI.findall(text))
        iris.update(prefixes[p] + local for p, local in _PNAME.findall(text) if p in prefixes)
    return frozenset(f"<{iri}>".encode() for iri in iris)


def keep_predicates(nquads: bytes, predicates: frozenset[bytes] | None) -> bytes:
    """The N-Quads lines whose predicate is one of ``predicates`` (all of them for None). A line's
    subject (an IRI or a blank node) holds no space, so the predicate is its second field; a line
    of another form (tabs between the terms, a comment) is kept."""
    if predicates is None:
        return nquads
    # one comprehension, not a loop: a fifth faster
    return b"".join(
        [
            line
            for line in nquads.splitlines(True)
            if len(t := line.split(b" ", 2)) < 3 or t[1] in predicates or b"\t" in t[0]
        ]
    )


class StreamingValidator:
    """Collects per-source violations batch by batch; :meth:`finish` adds the rest and locates them."""

    def __init__(self, context: bytes, checks: Sequence[CompiledCheck] | None = None) -> None:
        self.checks = list(checks) if checks is not None else list(shipped_checks())
        self.local, self.once = split_checks(self.checks)
        self.reads = read_predicates(
            text for c in self.local for text in (c.query, c.focus_query or "", c.prebound or "")
        )
        self.context = keep_predicates(context, self.reads)  # of the ontology and registry graphs
        self.found: list[dict[Violation, None]] = [{} for _ in self.local]  # ordered sets
        self.seconds = 0.0  # spent here
        self.seconds_elsewhere = 0.0  # spent by checks run in other processes (merged)

    def check(self, nquads: bytes) -> list[list[Violation]]:
        """The per-source violations of some source graphs (N-Quads), checked with the context in
        memory; one list per check of :attr:`local`. Runs where the graphs are (a parse worker)."""
        window = ox.Store()
        data = self.context + keep_predicates(nquads, self.reads)
        window.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        return [run_check(window, check, None) for check in self.local]

    def merge(self, found: Sequence[Sequence[Violation]], seconds_elsewhere: float = 0.0) -> None:
        """Take in what :meth:`check` found, and the seconds it took in another process."""
        for into, new in zip(self.found, found, strict=True):
            into.update(dict.fromkeys(new))
        self.seconds_elsewhere += seconds_elsewhere

    def add(self, nquads: bytes) -> None:
        """Check a batch of source graphs (N-Quads) here."""
        start = time.perf_counter()
        self.merge(self.check(nquads))
        self.seconds += time.perf_counter() - start

    def kept(self, store: ox.Store, graphs: Sequence[str]) -> None:
        """Check source graphs already in ``store`` (kept by an incremental build)."""
        if not graphs:
            return
        start = time.perf_counter()
        names = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
        context = [g for g in names if not is_source_graph(g.value)]
        scope = [*(ox.NamedNode(g) for g in graphs), *context]
        # every graph of the store (a rebuild that parsed nothing): the union of the named graphs is
        # the same data, and a query over it is far faster than over a list of a thousand graphs
        self._run(store, None if set(scope) >= set(names) else scope)
        self.seconds += time.perf_counter() - start

    def _run(self, store: ox.Store, scope: list[ox.NamedNode] | None) -> None:
        self.merge([run_check(store, check, scope) for check in self.local])  # type: ignore[arg-type]

    def finish(self, store: ox.Store) -> ValidationReport:
        """The whole report: the once-run shapes on the finished store, every violation located."""
        start = time.perf_counter()
        local = {id(c): list(f) for c, f in zip(self.local, self.found, strict=True)}
        violations: list[Violation] = []
        for check in self.checks:  # validate_store's order: check by check
            violations.extend(local[id(check)] if id(check) in local else run_check(store, check, None))
        names = sorted(URIRef(g.value) for g in store.named_graphs() if isinstance(g, ox.NamedNode))
        return ValidationReport(
            violations=locate(store, violations, names, None),
            graphs=names,
            seconds=self.seconds + time.perf_counter() - start,
        )
