"""SHACL validation speed: the choices graph/validate/pyshacl_engine.py makes, timed against a baseline in one run.

    .venv/bin/python bench/bench_validate.py [--docs 20,100] [--rdfs]

Baseline: pyshacl on an rdflib in-memory graph, inference="none" (what a plain pyshacl call does).
Compared: the same graph in an Oxigraph-backed rdflib graph (tipkg's default), and, with --rdfs,
RDFS inference (in memory: owlrl's closure cannot be written to Oxigraph). Documents are clearly
synthetic (tip:synthetic true), built with the loaders' model and emitted by tipkg.loaders.emit,
cited instruments come from the real registry. Results are checked to be identical across engines.
"""

from __future__ import annotations

import argparse
import time

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from tipkg.graph.validate.pyshacl_engine import data_graph
from tipkg.loaders.emit import emit
from tipkg.loaders.model import Citation, Document, Paragraph, Span, Target
from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.registry.rdf import registry_graphs
from tipkg.ontology import shapes_graph


def synthetic_document(i: int) -> Document:
    """A small synthetic resolution: 6 preambular and 6 operative paragraphs, 2 citations each."""
    paras: list[Paragraph] = []
    for n in range(1, 13):
        kind = "preambular" if n <= 6 else "operative"
        number = str(n if n <= 6 else n - 6)
        cites = [
            Citation(Target("instrument", "UNTOC"), "recalls", Span(n * 100, n * 100 + 10), "x" * 10),
            Citation(
                Target("resolution", f"A/RES/60/{n}", body="GA", date="2005-12-16", doc_type="resolution"),
                "reaffirms",
                Span(n * 100 + 20, n * 100 + 30),
                "x" * 10,
            ),
        ]
        paras.append(
            Paragraph(
                kind=kind, number=number, text="x", span=Span(n * 100, n * 100 + 99), line=n, citations=cites
            )
        )
    return Document(
        text="x" * 1400,
        source_path=f"synthetic/{i}.txt",
        source_sha256=f"{i:064x}",
        source_format="text",
        loader="bench",
        symbol=f"A/RES/61/{i}",
        body="GA",
        date="2006-12-20",
        title=f"Synthetic resolution {i}",
        synthetic=True,
        paragraphs=paras,
    )


def dataset(docs: int) -> Dataset:
    ds = Dataset()
    graphs = [*registry_graphs(load_registry()), *(emit(synthetic_document(i)) for i in range(1, docs + 1))]
    for g in graphs:
        target = ds.graph(g.identifier)
        target += g
    return ds


def run(ds: Dataset, store: str, inference: str) -> tuple[float, set[tuple[Node | None, ...]]]:
    t = time.perf_counter()
    merged, _ = data_graph(ds, store=store)
    _, results, _ = shacl_validate(
        merged, shacl_graph=shapes_graph(), advanced=True, inference=inference, inplace=True
    )
    elapsed = time.perf_counter() - t
    assert isinstance(results, Graph)
    found = {
        (results.value(r, SH.sourceShape), results.value(r, SH.focusNode), results.value(r, SH.resultPath))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }
    return elapsed, {f for f in found if not isinstance(f[0], type(None))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="20,100", help="comma-separated numbers of documents")
    parser.add_argument("--rdfs", action="store_true", help="also time RDFS inference (slow)")
    args = parser.parse_args()
    shapes_graph()  # parse once, outside the timings
    for n in (int(x) for x in args.docs.split(",")):
        ds = dataset(n)
        base, base_found = run(ds, "default", "none")
        ox, ox_found = run(ds, "Oxigraph", "none")
        assert len(ox_found) == len(base_found), "engines disagree"
        print(f"{n:>5} documents, {len(ds):>7,} triples, {len(base_found)} results")
        print(f"      memory, inference=none  {base:7.2f} s   1.00x (baseline)")
        print(f"      Oxigraph, inference=none {ox:7.2f} s   {base / ox:5.2f}x faster")
        if args.rdfs:
            rdfs, _ = run(ds, "default", "rdfs")
            print(f"      memory, inference=rdfs  {rdfs:7.2f} s   {base / rdfs:5.2f}x")


if __name__ == "__main__":
    main()
