"""SHACL validation of the graph, with each violation traced back to its source file and line.

pyshacl validates one plain graph: the named graphs chosen for validation are merged with the
ontology graph (``id:graph/ontology``, or the shipped ontology when the dataset has none), because
the shapes read ``rdfs:subClassOf`` / ``rdfs:subPropertyOf`` from the data instead of running
inference. ``bench/bench_validate.py`` times the choices against plain pyshacl on an rdflib memory
graph (inference="none"), in the same run: the Oxigraph-backed graph used here is 3.6x (10 synthetic
documents) to 5x (50 documents) faster, because rdflib re-parses every SPARQL query for each focus
node; inference="rdfs" is 1.5-2x slower than the baseline (and owlrl's closure cannot go to Oxigraph).
RDFS would also hide errors: the range of ``tip:supplements`` would *infer* the very
``tip:Convention`` type the shapes check.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal as TypingLiteral

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SH, XSD
from rdflib.term import Node

from tipkg import ontology
from tipkg.graph.store.merge import Merger
from tipkg.graph.validate.report import SEVERITIES, ValidationReport, Violation, reported_shape, shape_label
from tipkg.ontology import ONTOLOGY_FILES, ONTOLOGY_GRAPH, ontology_graph, shapes_graph
from tipkg.ontology.ids import document_graph_iri
from tipkg.ontology.namespaces import CITO, ELI, ID, TIP, bind_prefixes

DEFAULT_GRAPH = URIRef("urn:x-rdflib:default")
Inference = TypingLiteral["none", "rdfs"]

# Links from a node to the node it belongs to, followed to find a line: a span belongs to the
# paragraph/citation pointing at it, a citation to its citing paragraph, a footnote to its document.
_UP_INVERSE = (TIP.span,)
_UP_FORWARD = (CITO.hasCitingEntity, ELI.is_part_of, RDF.subject)


def data_graph(
    dataset: Dataset, graphs: Iterable[URIRef] | None = None, *, store: str = "Oxigraph"
) -> tuple[Graph, list[URIRef]]:
    """Merge the chosen named graphs (all by default) and the ontology into one plain graph.

    ``store="Oxigraph"`` (the default) answers pyshacl's per-focus-node SPARQL queries natively;
    rdflib's own engine re-parses each query for every focus node. ``store="default"`` gives an
    rdflib memory graph (needed for RDFS inference).
    """
    available = {_graph_id(c): c for c in dataset.graphs() if len(c)}
    chosen = list(available) if graphs is None else [URIRef(str(g)) for g in graphs]
    parts: list[Graph] = [available[g] for g in chosen if g in available]
    if ONTOLOGY_GRAPH in available and ONTOLOGY_GRAPH not in chosen:
        parts.append(available[ONTOLOGY_GRAPH])
    shipped = [] if ONTOLOGY_GRAPH in available else [ontology.path(n) for n in ONTOLOGY_FILES]
    shipped = [p for p in shipped if p.is_file()]
    found = [g for g in chosen if g in available]
    if store == "Oxigraph":
        merger = Merger()
        for part in parts:
            merger.add_graph(part)
        for path in shipped:
            merger.add_turtle(path)
        return bind_prefixes(merger.graph()), found
    merged = bind_prefixes(Graph(store=store))
    for part in [*parts, *([ontology_graph()] if shipped else [])]:
        merged += part
    return merged, found


def validate(
    dataset: Dataset | Graph,
    *,
    sources: Mapping[str, Path] | None = None,
    graphs: Iterable[URIRef] | None = None,
    shapes: Graph | None = None,
    inference: Inference = "none",
) -> ValidationReport:
    """Validate the union of ``graphs`` (default: every named graph) against the shapes.

    ``sources`` maps a named graph IRI to its source file, for graphs whose provenance does not
    say (it wins over ``prov:wasDerivedFrom``/``tip:fileName``). A plain :class:`Graph` is
    validated as one graph. To validate a few sources, pass their graph IRIs (and the registry
    graphs, so that cited instruments are known).
    """
    start = time.perf_counter()
    ds = _as_dataset(dataset)
    # owlrl's RDFS closure writes triples Oxigraph refuses (literal subjects): memory store for it.
    merged, chosen = data_graph(ds, graphs, store="Oxigraph" if inference == "none" else "default")
    shapes_g = shapes if shapes is not None else shapes_graph()
    _, results, _ = shacl_validate(
        merged,
        shacl_graph=shapes_g,
        inference=inference,
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
        inplace=True,  # the merged graph is a private copy: no second copy needed
    )
    if not isinstance(results, Graph):  # pyshacl returns a ValidationFailure on broken shapes
        raise ValueError(f"SHACL validation failed: {results}")
    locator = _Locator(ds, merged, chosen, sources or {})
    # Only the report's own results: nested sh:detail results repeat what their parent says.
    violations = [
        _violation(results, r, shapes_g, locator)
        for report in results.subjects(RDF.type, SH.ValidationReport)
        for r in results.objects(report, SH.result)
    ]
    return ValidationReport(
        violations=violations,
        graphs=chosen,
        triples=_count(merged),
        seconds=time.perf_counter() - start,
        results_graph=results,
    )


def _count(g: Graph) -> int:
    """Triples in the graph; a COUNT query, because len() of an Oxigraph-backed graph walks it all."""
    for row in g.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):
        count = row[0]  # type: ignore[index]
        if isinstance(count, Literal):
            return int(count.toPython())
    return 0


def _as_dataset(data: Dataset | Graph) -> Dataset:
    if isinstance(data, Dataset):
        return data
    ds = Dataset()
    target = ds.graph(data.identifier if isinstance(data.identifier, URIRef) else DEFAULT_GRAPH)
    target += data
    return ds


def _graph_id(g: Graph) -> URIRef:
    return g.identifier if isinstance(g.identifier, URIRef) else URIRef(str(g.identifier))


def _violation(results: Graph, result: Node, shapes_g: Graph, locator: _Locator) -> Violation:
    shape = results.value(result, SH.sourceShape)
    named = reported_shape(shapes_g, shape)
    focus = _plain(results.value(result, SH.focusNode))
    assert focus is not None
    value = _plain(results.value(result, SH.value))
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    severity = SEVERITIES.get(results.value(result, SH.resultSeverity), "Violation")  # type: ignore[call-overload]
    graph, source, line = locator.locate(focus, value)
    return Violation(
        shape=named,
        shape_name=shape_label(shapes_g, named),
        focus=focus,
        path=results.value(result, SH.resultPath),
        value=value,
        message=messages[0] if messages else "",
        severity=severity,
        graph=graph,
        source_file=source,
        line=line,
    )


def _plain(node: Node | None) -> Node | None:
    """Oxigraph returns simple literals typed xsd:string; in RDF 1.1 they are the same literal."""
    if isinstance(node, Literal) and node.datatype == XSD.string and node.language is None:
        return Literal(str(node))
    return node


class _Locator:
    """Finds the named graph, source file and line of a focus node."""

    def __init__(self, ds: Dataset, merged: Graph, chosen: list[URIRef], sources: Mapping[str, Path]):
        self.merged = merged
        # the ontology graph last: a node found there and nowhere else is an ontology/phrase term
        order = [gid for gid in chosen if gid != ONTOLOGY_GRAPH] + [ONTOLOGY_GRAPH]
        self.graphs = [(gid, ds.graph(gid)) for gid in order]
        self.ds = ds
        self.sources = {str(k): str(v) for k, v in sources.items()}

    def locate(self, focus: Node, value: Node | None) -> tuple[URIRef | None, str | None, int | None]:
        owner = self._owner(focus)
        graph = self._graph_of(owner)
        return graph, self._source_file(graph, owner), self._line(focus, value)

    def _owner(self, node: Node) -> Node:
        """The top node a focus belongs to (span -> paragraph -> document)."""
        for _ in range(6):
            up = self._up(node)
            if up is None:
                return node
            node = up
        return node

    def _up(self, node: Node) -> Node | None:
        for p in _UP_INVERSE:
            s = next(self.merged.subjects(p, node), None)
            if s is not None:
                return s
        for p in _UP_FORWARD:
            o = self.merged.value(node, p)
            if o is not None:
                return o
        return None

    def _graph_of(self, node: Node) -> URIRef | None:
        """Prefer the graph where the node is loaded (tip:stub false) over graphs that cite it."""
        holding = [(gid, g) for gid, g in self.graphs if (node, None, None) in g]
        for gid, g in holding:
            if (node, TIP.stub, Literal(False)) in g:
                return gid
        for gid, g in holding:
            if (node, TIP.stub, Literal(True)) not in g:
                return gid
        return holding[0][0] if holding else None

    def _source_file(self, graph: URIRef | None, owner: Node) -> str | None:
        """The source named by the graph's provenance; in a flattened file (.ttl, no graphs) the
        provenance of the document's own graph IRI, found anywhere."""
        if graph is not None and str(graph) in self.sources:
            return self.sources[str(graph)]
        candidates: list[tuple[Graph, Node]] = []
        if graph is not None:
            candidates.append((self.ds.graph(graph), graph))
        if isinstance(owner, URIRef) and owner.startswith(str(ID)):
            candidates.append((self.merged, document_graph_iri(owner)))
        for g, gid in candidates:
            for src in g.objects(gid, PROV.wasDerivedFrom):
                name = g.value(src, TIP.fileName)
                if name is not None:
                    return str(name)
        return None

    def _line(self, focus: Node, value: Node | None) -> int | None:
        node: Node | None = focus
        for _ in range(6):
            if node is None:
                break
            line = self._own_line(node)
            if line is not None:
                return line
            if node == focus and value is not None:
                cited = self._citing_paragraph(node, value)
                if cited is not None and (line := self._own_line(cited)) is not None:
                    return line
            node = self._up(node)
        return None

    def _own_line(self, node: Node) -> int | None:
        lines = [int(x.toPython()) for x in self.merged.objects(node, TIP.line) if isinstance(x, Literal)]
        return min(lines) if lines else None

    def _citing_paragraph(self, doc: Node, target: Node) -> Node | None:
        """The first paragraph of ``doc`` whose citation points at ``target`` (for document-level results)."""
        best: tuple[int, Node] | None = None
        for cit in self.merged.subjects(CITO.hasCitedEntity, target):
            para = self.merged.value(cit, CITO.hasCitingEntity)
            if para is None or not self._within(para, doc):
                continue
            line = self._own_line(para) or 0
            if best is None or line < best[0]:
                best = (line, para)
        return None if best is None else best[1]

    def _within(self, node: Node, doc: Node) -> bool:
        for _ in range(4):
            parent = self.merged.value(node, ELI.is_part_of)
            if parent is None:
                return False
            if parent == doc:
                return True
            node = parent
        return False
