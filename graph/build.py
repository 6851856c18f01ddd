"""Build the dataset: ontology + registry + one named graph per source, then validate.

Everything is assembled in memory first; only a finished build is written (graph/store.py writes
atomically), so a failure midway leaves the previous output as it was. A source that cannot be
loaded is reported (file, line, reason) and the others go on.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from tipkg import ontology
from tipkg.graph.store import new_dataset
from tipkg.ids import graph_iri
from tipkg.loaders.dispatch import discover, load_source
from tipkg.loaders.emit import document_iri, emit
from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.registry import Registry, load_registry
from tipkg.namespaces import CITO, ORG, SCHEMA, TIP

if TYPE_CHECKING:
    from tipkg.graph.validate import ValidationReport

ONTOLOGY_GRAPH = graph_iri("ontology")

#: classes counted in the build summary, in display order
SUMMARY_CLASSES: dict[str, URIRef] = {
    "resolutions": TIP.Resolution,
    "decisions": TIP.Decision,
    "reports": TIP.Report,
    "paragraphs": TIP.PreambularParagraph,
    "operative paragraphs": TIP.OperativeParagraph,
    "sub-paragraphs": TIP.SubParagraph,
    "citations": CITO.Citation,
    "footnotes": TIP.Footnote,
    "treaties": TIP.Treaty,
    "conventions": TIP.Convention,
    "protocols": TIP.Protocol,
    "declarations": TIP.Declaration,
    "bodies": ORG.FormalOrganization,
    "units": ORG.OrganizationalUnit,
    "collaborations": ORG.OrganizationalCollaboration,
    "mandate holders": TIP.MandateHolder,
    "events": SCHEMA.Event,
}

Progress = Callable[[str, int, int], None]


@dataclass
class BuildResult:
    dataset: Dataset
    documents: list[Document] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    report: ValidationReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return len(self.dataset)

    def counts(self) -> dict[str, int]:
        """Entities per class across the whole dataset (stubs included for documents)."""
        typed: Counter[URIRef] = Counter()
        for s, _, o, _ in self.dataset.quads((None, RDF.type, None, None)):
            del s
            if isinstance(o, URIRef):
                typed[o] += 1
        seen = {str(s) for s, _, _, _ in self.dataset.quads((None, TIP.stub, Literal(True), None))}
        out = {name: typed[cls] for name, cls in SUMMARY_CLASSES.items() if typed[cls]}
        out["stub documents"] = len(seen)
        return out


def ontology_graph(ds: Dataset) -> Graph:
    g = ds.graph(ONTOLOGY_GRAPH)
    for name in ("tipkg.ttl", "phrases.ttl"):
        g.parse(ontology.path(name), format="turtle")
    return g


def add_graph(ds: Dataset, g: Graph) -> None:
    """Add a loader's graph to the dataset as the named graph of the same IRI."""
    target = ds.graph(g.identifier)
    ds.addN((s, p, o, target) for s, p, o in g)
    for prefix, ns in g.namespaces():
        ds.bind(prefix, ns, override=False)


def _resolve_stubs(ds: Dataset, loaded: dict[URIRef, URIRef]) -> None:
    """A document loaded in full is no stub anywhere: drop `tip:stub true` that citing graphs wrote."""
    for node, own in loaded.items():
        for _, _, _, ctx in list(ds.quads((node, TIP.stub, Literal(True), None))):
            ctx_id = ctx.identifier if isinstance(ctx, Graph) else ctx
            if ctx_id != own:
                ds.remove((node, TIP.stub, Literal(True), ctx_id))


def build(
    sources: Sequence[Path] = (),
    *,
    registry: Registry | None = None,
    validate: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the whole dataset from the registry and the given files or folders."""
    t0 = time.perf_counter()
    ds = new_dataset()
    result = BuildResult(dataset=ds)
    ontology_graph(ds)
    registry = registry or load_registry()
    for g in registry.to_graphs():
        add_graph(ds, g)
    result.seconds["registry"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    files = discover(list(sources))
    loaded: dict[URIRef, URIRef] = {}
    origin: dict[URIRef, str] = {}
    for i, path in enumerate(files, start=1):
        if progress:
            progress(str(path), i, len(files))
        try:
            doc = load_source(path, registry=registry)
            node = document_iri(doc)
            if node in origin:
                raise LoadError(path, f"same document as {origin[node]} ({doc.symbol or node})")
            g = emit(doc)
        except LoadError as err:
            result.errors.append(err)
            continue
        add_graph(ds, g)
        origin[node] = str(path)
        loaded[node] = URIRef(str(g.identifier))
        result.documents.append(doc)
    _resolve_stubs(ds, loaded)
    result.seconds["load"] = time.perf_counter() - t1

    if validate:
        from tipkg.graph.validate import validate as run_validation

        t2 = time.perf_counter()
        result.report = run_validation(ds)
        result.seconds["validate"] = time.perf_counter() - t2
    result.seconds["total"] = time.perf_counter() - t0
    return result
