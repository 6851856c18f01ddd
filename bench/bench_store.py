"""Which store: rdflib's Memory store, Oxigraph behind rdflib (oxrdflib), or pyoxigraph directly.

    python bench/bench_store.py [--sizes 100,1000] [--repeat 3] [--shacl-max 200]

For each size, one synthetic corpus (``tipkg synth``, clearly synthetic, its own namespace) is built
once with validation off, and its N-Quads are the input of every store, so each measures the same
data. Three operations, the issue's three:

* load: parse the N-Quads into an rdflib ``Dataset`` (Memory store, the baseline), into an rdflib
  ``Dataset`` on oxrdflib's Oxigraph store, and ``pyoxigraph.Store.bulk_load`` (in memory and on
  disk, as ``tipkg build --store`` does);
* SPARQL: the named queries users run most -- ``ancestors`` (recall/reaffirm chains by property
  path) for ``--roots`` documents, and ``instruments-ranked`` (aggregation over all citations) --
  through rdflib's engine, through rdflib on oxrdflib (the query is handed to Oxigraph), and on
  pyoxigraph directly; answers are checked equal before any time is printed;
  (rdflib's engine only up to ``--slow-max`` documents: it takes about a second per document);
* pyshacl: one whole-graph run of ontology/shapes.ttl on a data graph held by rdflib's Memory store
  and by oxrdflib (graph/validate/pyshacl_engine.py's ``data_graph(store=...)``), up to ``--shacl-max``
  documents (pyshacl takes about 0.15 s per document), and the same shapes compiled to SPARQL on
  pyoxigraph (graph/validate/compile.py, what ``tipkg build`` runs); the violations are checked equal.

Every ratio is the rdflib Memory store's time over the other's, measured in this same run.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from corpora import write_corpus
from pyshacl import validate as shacl_validate
from rdflib import RDF, SH, Dataset, Graph, URIRef
from timing import median_seconds

from tipkg.graph.build.build import build
from tipkg.graph.query.chain import ancestors_sparql
from tipkg.graph.query.source import OxigraphSource, RdflibSource, SparqlSource
from tipkg.graph.validate.pyshacl_engine import data_graph
from tipkg.graph.validate.sparql_engine import validate_store
from tipkg.ontology import shapes_graph
from tipkg.queries.catalogue import get_query


def _rdflib(data: bytes, store: str) -> Dataset:
    ds = Dataset(store=store, default_union=True)
    ds.parse(data=data, format="nquads")
    return ds


def _select_rows(source: SparqlSource, query: str) -> list[tuple[str, ...]]:
    _, rows = source.select(query)
    return sorted(tuple(str(t) for t in row) for row in rows)


def measure(
    n: int, workdir: Path, repeat: int, roots: int, shacl_max: int, slow_max: int
) -> list[tuple[str, str, float]]:
    """(operation, engine, seconds) for one size."""
    files = write_corpus(n, 7, workdir / f"synth-{n}") / "resolutions"
    built = build([files], validate=False)
    data = built.store.dump(format=ox.RdfFormat.N_QUADS)
    assert data is not None
    print(f"\n{n:,} synthetic documents: {len(built.store):,} quads, {len(data) / 1e6:.0f} MB of N-Quads")
    out: list[tuple[str, str, float]] = []

    # ------------------------------------------------------------------------------------ load
    out.append(("load", "rdflib Memory", median_seconds(lambda: _rdflib(data, "default"), repeat)))
    out.append(("load", "rdflib on oxrdflib", median_seconds(lambda: _rdflib(data, "Oxigraph"), repeat)))
    out.append(
        (
            "load",
            "pyoxigraph (memory)",
            median_seconds(lambda: ox.Store().bulk_load(data, ox.RdfFormat.N_QUADS), repeat),
        )
    )

    def to_disk() -> None:
        with tempfile.TemporaryDirectory(dir=workdir) as d:
            ox.Store(d).bulk_load(data, ox.RdfFormat.N_QUADS)

    out.append(("load", "pyoxigraph (disk)", median_seconds(to_disk, repeat)))

    # ---------------------------------------------------------------------------------- SPARQL
    memory, oxr = _rdflib(data, "default"), _rdflib(data, "Oxigraph")
    engines: dict[str, SparqlSource] = {
        "rdflib Memory": RdflibSource(memory),
        "rdflib on oxrdflib": RdflibSource(oxr),
        "pyoxigraph (memory)": OxigraphSource(built.store),
    }
    loaded = sorted(
        str(row[0])
        for row in OxigraphSource(built.store).select(
            "SELECT ?d WHERE { ?d <https://w3id.org/tipkg/ontology#stub> false }"
        )[1]
    )
    picked = [URIRef(d) for d in random.Random(7).sample(loaded, min(roots, len(loaded)))]
    answers = {name: [ancestors_sparql(src, r) for r in picked] for name, src in engines.items()}
    if any(a != answers["rdflib Memory"] for a in answers.values()):
        raise SystemExit(f"{n}: engines disagree on ancestors")
    for name, src in engines.items():
        per = median_seconds(lambda s=src: [ancestors_sparql(s, r) for r in picked], repeat) / len(picked)
        out.append(("SPARQL ancestors (per query)", name, per))
    ranked = get_query("instruments-ranked").render()
    if n > slow_max:  # rdflib's engine takes about a second per document on this aggregation
        engines = {k: v for k, v in engines.items() if k != "rdflib Memory"}
    results = {name: _select_rows(src, ranked) for name, src in engines.items()}
    if len({tuple(r) for r in results.values()}) != 1:
        raise SystemExit(f"{n}: engines disagree on instruments-ranked")
    for name, src in engines.items():
        out.append(
            ("SPARQL instruments-ranked", name, median_seconds(lambda s=src: s.select(ranked), repeat))
        )

    # ---------------------------------------------------------------------------------- pyshacl
    compiled = validate_store(built.store)
    out.append(("SHACL whole graph", "compiled SPARQL on pyoxigraph", compiled.seconds))
    if n <= shacl_max:
        expected = {(str(v.shape), str(v.focus)) for v in compiled.violations}
        for name, store in (("rdflib Memory", "default"), ("rdflib on oxrdflib", "Oxigraph")):
            t = time.perf_counter()
            merged, _ = data_graph(memory, store=store)
            _conforms, results, _ = shacl_validate(
                merged, shacl_graph=shapes_graph(), advanced=True, allow_warnings=True, inplace=True
            )
            out.append(("SHACL whole graph", f"pyshacl on {name}", time.perf_counter() - t))
            assert isinstance(results, Graph)
            found = {
                (str(results.value(r, SH.sourceShape)), str(results.value(r, SH.focusNode)))
                for r in results.subjects(RDF.type, SH.ValidationResult)
                if (None, SH.result, r) in results
            }
            if found != expected:
                raise SystemExit(f"{n}: pyshacl on {name} and the compiled checks disagree")
    return out


def report(n: int, rows: list[tuple[str, str, float]]) -> None:
    print(f"  {'operation':<30}{'engine':<34}{'seconds':>10}{'× baseline':>12}")
    base: dict[str, float] = {}
    for op, engine, s in rows:
        if engine in ("rdflib Memory", "pyshacl on rdflib Memory"):
            base[op] = s
    for op, engine, s in rows:
        ratio = f"{base[op] / s:>11.1f}×" if op in base and s > 0 else f"{'  (no baseline)':>16}"
        print(f"  {op:<30}{engine:<34}{s:>10.4f}{ratio}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--roots", type=int, default=20, help="documents whose ancestors are asked for")
    ap.add_argument("--shacl-max", type=int, default=200, help="largest size pyshacl runs at")
    ap.add_argument("--slow-max", type=int, default=50, help="largest size rdflib runs instruments-ranked at")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tipkg-bench-store-") as tmp:
        for n in (int(s) for s in args.sizes.split(",") if s):
            report(n, measure(n, Path(tmp), args.repeat, args.roots, args.shacl_max, args.slow_max))
    return 0


if __name__ == "__main__":
    sys.exit(main())
