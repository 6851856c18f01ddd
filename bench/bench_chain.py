"""Chain speed: ``(tip:recalls|tip:reaffirms)+`` ancestor sets by three engines, on the same graphs.

    .venv/bin/python bench/bench_chain.py [--sizes 2000,20000] [--roots 20] [--no-corpus]

Engines: rdflib's SPARQL engine (property path; the baseline every ratio is measured against, in
this same run), pyoxigraph SPARQL (property path), and a networkx walk over a DiGraph of the relation
edges (timed per query; building the DiGraph is reported separately). Graphs: clearly synthetic
preferential-attachment webs (namespace https://w3id.org/tipkg/synthetic/, see tipkg.synth.web)
and the real corpus through tipkg.graph.build.build when its loaders produce documents. Every query's
answer is checked to be identical across the three engines before any time is reported.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from timing import median_seconds

from tipkg.graph.query.chain import ancestors_networkx, ancestors_sparql, relation_digraph
from tipkg.graph.query.source import OxigraphSource, RdflibSource
from tipkg.graph.store.embedded import oxigraph_from_dataset
from tipkg.ontology.namespaces import TIP
from tipkg.ontology.relations import CHAIN_RELATIONS
from tipkg.synth.web import synthetic_dataset, synthetic_doc

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def bench(name: str, ds: Dataset, roots: list[URIRef], repeat: int = 3) -> dict[str, float]:
    """Mean per-query time of each engine over the roots; asserts identical answers."""
    ox = OxigraphSource(oxigraph_from_dataset(ds))
    rd = RdflibSource(ds)
    digraph = relation_digraph(ox, CHAIN_RELATIONS)
    build_nx = median_seconds(lambda: relation_digraph(ox, CHAIN_RELATIONS), repeat)
    totals = {"rdflib": 0.0, "oxigraph": 0.0, "networkx": 0.0}
    sizes = []
    for root in roots:
        a = ancestors_sparql(rd, root)
        b = ancestors_sparql(ox, root)
        c = ancestors_networkx(digraph, str(root))
        if not a == b == c:
            raise SystemExit(
                f"{name}: engines disagree on {root}: rdflib {len(a)}, oxigraph {len(b)}, networkx {len(c)}"
            )
        sizes.append(len(a))
        totals["rdflib"] += median_seconds(lambda r=root: ancestors_sparql(rd, r), repeat)
        totals["oxigraph"] += median_seconds(lambda r=root: ancestors_sparql(ox, r), repeat)
        totals["networkx"] += median_seconds(lambda r=root: ancestors_networkx(digraph, str(r)), repeat)
    per = {k: v / len(roots) for k, v in totals.items()}
    base = per["rdflib"]
    print(
        f"\n{name}: {len(ds):,} triples, {digraph.number_of_nodes():,} nodes and "
        f"{digraph.number_of_edges():,} recall/reaffirm edges; {len(roots)} roots, "
        f"ancestors per root: mean {statistics.mean(sizes):.1f}, "
        f"max {max(sizes)}; answers identical on all three engines"
    )
    print(f"  {'engine':<34}{'ms/query':>12}{'× rdflib':>12}")
    for engine, label in (
        ("rdflib", "rdflib SPARQL (baseline)"),
        ("oxigraph", "pyoxigraph SPARQL"),
        ("networkx", "networkx walk (DiGraph prebuilt)"),
    ):
        print(f"  {label:<34}{per[engine] * 1000:>12.3f}{base / per[engine]:>11.1f}×")
    one_off = build_nx + per["networkx"]
    print(
        f"  {'networkx incl. DiGraph build':<34}{one_off * 1000:>12.3f}{base / one_off:>11.1f}×"
        "  (one-off query)"
    )
    return per


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--sizes", default="2000,20000", help="synthetic graph sizes (documents), comma-separated"
    )
    ap.add_argument("--roots", type=int, default=20, help="documents to query per graph")
    ap.add_argument("--no-corpus", action="store_true", help="skip the real corpus")
    args = ap.parse_args(argv)
    rng = random.Random(7)
    for n in (int(s) for s in args.sizes.split(",") if s):
        t = time.perf_counter()
        ds = synthetic_dataset(n, m=3, cycles=max(1, n // 2000))
        gen = time.perf_counter() - t
        roots = [synthetic_doc(n - 1)] + [
            synthetic_doc(i) for i in rng.sample(range(n), min(n, args.roots) - 1)
        ]
        print(f"(generated synthetic web of {n:,} documents in {gen:.1f} s)")
        bench(f"synthetic {n:,} documents", ds, roots)
    if not args.no_corpus:
        if not (CORPUS / "manifest.json").is_file():
            print(f"\nreal corpus: skipped, {CORPUS} not found")
            return 0
        from tipkg.graph.build.build import build

        result = build([CORPUS / "resolutions"], validate=False)
        loaded = sorted(
            {s for s in result.dataset.subjects(TIP.stub, Literal(False)) if isinstance(s, URIRef)}
        )
        if not result.documents:
            print(f"\nreal corpus: skipped, the build loaded no documents ({len(result.errors)} load errors)")
            return 0
        bench(
            f"real corpus ({len(result.documents)} documents loaded)",
            result.dataset,
            loaded[: max(1, args.roots * 5)],
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
