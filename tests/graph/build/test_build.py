"""The build: registry + corpus into one validated dataset, written atomically."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF
from typer.testing import CliRunner

from tipkg.cli import app
from tipkg.graph.build import build as build_mod
from tipkg.graph.build.build import build
from tipkg.graph.store import embedded as store_mod
from tipkg.graph.validate.report import Violation
from tipkg.graph.validate.sparql_engine import validate_store
from tipkg.graph.validate.streaming import StreamingValidator
from tipkg.ontology.ids import doc_iri, document_graph_iri
from tipkg.ontology.namespaces import TIP


def _resolutions(corpus: Path) -> Path:
    return corpus / "resolutions"


@pytest.fixture(scope="module")
def corpus_build(corpus_dir: Path) -> build_mod.BuildResult:
    return build([_resolutions(corpus_dir)])


def test_build_loads_every_corpus_resolution(corpus_build: build_mod.BuildResult, corpus_dir: Path) -> None:
    assert corpus_build.errors == []
    files = sorted(p for p in _resolutions(corpus_dir).iterdir() if p.suffix in (".md", ".txt"))
    assert len(corpus_build.documents) == len(files)
    symbols = {d.symbol for d in corpus_build.documents}
    assert {"E/RES/2008/33", "A/RES/61/180", "S/RES/2331 (2016)", "A/HRC/RES/11/3"} <= symbols


def test_one_named_graph_per_source_with_provenance(corpus_build: build_mod.BuildResult) -> None:
    ds = corpus_build.dataset
    g = ds.graph(document_graph_iri(doc_iri("E/RES/2008/33")))
    assert len(g) > 100
    derived = list(g.objects(g.identifier, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
    assert len(derived) == 1
    sha = g.value(derived[0], TIP.sha256)
    assert sha is not None and len(str(sha)) == 64


def test_corpus_build_violations_are_the_sources_own_gaps(corpus_build: build_mod.BuildResult) -> None:
    """The only finding is a real gap: the partial copy of A/RES/57/176 states no adoption date."""
    report = corpus_build.report
    assert report is not None
    found = {(str(v.focus), str(v.path)) for v in report.violations}
    assert found == {(str(doc_iri("A/RES/57/176")), "http://data.europa.eu/eli/ontology#date_document")}


def test_loaded_documents_are_not_stubs(corpus_build: build_mod.BuildResult) -> None:
    ds = corpus_build.dataset
    # E/RES/2008/33 cites A/RES/61/180, which is loaded: no graph may still call it a stub
    node = doc_iri("A/RES/61/180")
    assert (node, TIP.stub, Literal(True)) not in ds
    assert (node, RDF.type, TIP.Resolution) in ds


def test_build_is_deterministic(corpus_dir: Path) -> None:
    a = build([_resolutions(corpus_dir)], validate=False).dataset
    b = build([_resolutions(corpus_dir)], validate=False).dataset
    names = sorted(str(g.identifier) for g in a.graphs())
    assert names == sorted(str(g.identifier) for g in b.graphs())
    for name in names:
        ga, gb = a.graph(URIRef(name)), b.graph(URIRef(name))
        if any(isinstance(t, BNode) for triple in ga for t in triple):
            assert isomorphic(ga, gb), name  # the ontology's OWL lists
        else:
            assert set(ga) == set(gb), name


@pytest.mark.parametrize("jobs", [1, 2])
def test_bad_source_is_reported_and_the_rest_goes_on(tmp_path: Path, corpus_dir: Path, jobs: int) -> None:
    src = tmp_path / "src"
    shutil.copytree(_resolutions(corpus_dir), src)
    (src / "empty.txt").write_bytes(b"")
    result = build([src], validate=False, jobs=jobs)
    assert len(result.documents) == len(list(_resolutions(corpus_dir).iterdir()))
    assert len(result.errors) == 1
    assert "empty.txt" in result.errors[0].describe()
    assert "\n" not in result.errors[0].describe()


def _copy_in_another_chunk(tmp_path: Path, corpus_dir: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(_resolutions(corpus_dir), src)
    (src / "zz-copy.txt").write_bytes((src / "A_HRC_RES_8_12.txt").read_bytes())  # sorted last
    return src


def test_a_second_copy_in_another_worker_chunk_is_a_notice_and_not_validated(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers check chunks of sources; a copy the build refuses must not count in the report,
    though the worker that parsed it checked it (a check that names each source file it sees)."""

    def names_files(self: StreamingValidator, nquads: bytes) -> list[list[Violation]]:
        files = [
            q.object.value
            for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
            if q.predicate.value == str(TIP.fileName)
        ]
        seen = [Violation(TIP.Seen, "seen", Literal(f), None, None, "checked", "Info") for f in files]
        return [seen, *([] for _ in self.local[1:])]

    monkeypatch.setattr(StreamingValidator, "check", names_files)  # the forked workers inherit it
    result = build([_copy_in_another_chunk(tmp_path, corpus_dir)], jobs=2)
    same = [(path, m) for path, m in result.notices if m.startswith("same document as")]
    assert result.errors == [] and len(same) == 1  # the same work filed twice: loaded once, a notice
    assert "zz-copy.txt" in same[0][0]
    assert result.report is not None
    seen = sorted(str(v.focus) for v in result.report.violations if v.shape_name == "seen")
    assert seen == sorted(d.source_path for d in result.documents)


def test_parallel_build_report_equals_validate_store(tmp_path: Path, corpus_dir: Path) -> None:
    result = build([_copy_in_another_chunk(tmp_path, corpus_dir)], jobs=2)
    assert result.report is not None and result.report.violations
    assert Counter(result.report.violations) == Counter(validate_store(result.store).violations)


def test_cli_build_writes_file_and_store(tmp_path: Path, corpus_dir: Path) -> None:
    out, store = tmp_path / "g.trig", tmp_path / "store"
    res = CliRunner().invoke(
        app, ["build", str(_resolutions(corpus_dir)), "--out", str(out), "--store", str(store)]
    )
    assert res.exit_code == 0, res.output
    assert "triples" in res.output and "validation: 1 violation" in res.output
    db = ox.Store.read_only(str(store))
    n = next(iter(db.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))[0]  # type: ignore[index]
    assert int(n.value) == sum(1 for _ in store_mod.load_dataset(out).quads())


def test_failed_write_leaves_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "g.trig"
    ds = build([], validate=False).dataset
    store_mod.write_dataset(ds, out)
    before = out.read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(ds), "serialize", boom)
    with pytest.raises(RuntimeError):
        store_mod.write_dataset(ds, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.trig"]


def test_failed_store_build_leaves_previous_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    ds = build([], validate=False).dataset
    store_mod.write_store(ds, store)
    first = os.path.realpath(store)

    with pytest.raises(RuntimeError), store_mod.staged_store(store) as db:
        db.bulk_load(store_mod.dataset_nquads(ds), format=ox.RdfFormat.N_QUADS)
        raise RuntimeError("killed midway")  # the new directory is half written when the build dies
    assert os.path.realpath(store) == first
    _only_the_committed_generation(tmp_path, first)


def _only_the_committed_generation(folder: Path, live: str) -> None:
    """Nothing of the failed build left: the store's link, and its one committed generation."""
    assert sorted(p.name for p in folder.iterdir()) == [".store.generations", "store"]
    gens = folder / ".store.generations"
    assert sorted(p.name for p in gens.iterdir()) == sorted(["current", "lock", Path(live).parent.name])


class _FullDisk:
    """A store whose ``failing`` call finds the disk full, everything else passed through."""

    def __init__(self, store: ox.Store, failing: str) -> None:
        self._store, self._failing = store, failing

    def __getattr__(self, name: str) -> object:
        return self._fail if name == self._failing else getattr(self._store, name)

    @staticmethod
    def _fail(*args: object, **kwargs: object) -> None:
        raise OSError("No space left on device")


@pytest.mark.parametrize("failing", ["bulk_load", "optimize"])  # both run in a background thread
def test_a_failure_in_the_background_fails_the_build_and_leaves_previous_store(
    tmp_path: Path, corpus_dir: Path, failing: str
) -> None:
    store = tmp_path / "store"
    store_mod.write_store(build([], validate=False).dataset, store)
    first = os.path.realpath(store)
    with pytest.raises(OSError, match="No space left"), store_mod.staged_store(store) as db:
        build([_resolutions(corpus_dir) / "A_RES_61_180.txt"], store=_FullDisk(db, failing))  # type: ignore[arg-type]
    assert os.path.realpath(store) == first
    _only_the_committed_generation(tmp_path, first)


def _quads(store: ox.Store) -> set[str]:
    return set(store.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines())


def test_parallel_build_equals_serial(corpus_dir: Path) -> None:
    serial = build([_resolutions(corpus_dir)], validate=False, jobs=1)
    parallel = build([_resolutions(corpus_dir)], validate=False, jobs=2)
    assert serial.parsed == parallel.parsed == len(serial.documents)
    assert _bnode_free(serial.store) == _bnode_free(parallel.store)


def _bnode_free(store: ox.Store) -> set[str]:
    """Quads without blank nodes (the ontology's OWL lists get fresh blank node ids per load)."""
    return {q for q in _quads(store) if "_:" not in q}


def test_incremental_build_parses_only_what_changed(tmp_path: Path, corpus_dir: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("E_RES_2008_33.md", "A_RES_61_180.txt", "A_HRC_RES_8_12.txt"):
        (src / name).write_bytes((_resolutions(corpus_dir) / name).read_bytes())
    store = tmp_path / "store"
    with store_mod.staged_store(store) as db:
        first = build([src], validate=False, store=db)
    assert first.parsed == 3
    fresh = _bnode_free(first.store)
    # A/RES/61/180 is loaded, so nothing calls it a stub
    stub_61_180 = (
        f"ASK {{ GRAPH ?g {{ <{doc_iri('A/RES/61/180')}> <https://w3id.org/tipkg/ontology#stub> true }} }}"
    )
    assert not first.store.query(stub_61_180)

    with store_mod.staged_store(store) as db:
        again = build([src], validate=False, store=db)
    assert again.parsed == 0 and all(d.reused for d in again.documents)
    assert _bnode_free(again.store) == fresh

    changed = src / "A_HRC_RES_8_12.txt"
    changed.write_text(
        changed.read_text("utf-8").replace("Recalling also the Universal", "Recalling the Universal"), "utf-8"
    )
    (src / "A_RES_61_180.txt").unlink()
    with store_mod.staged_store(store) as db:
        third = build([src], validate=False, store=db)
    assert third.parsed == 1
    graphs = {str(g) for g in third.store.named_graphs()}
    assert str(document_graph_iri(doc_iri("A/RES/61/180"))) not in graphs
    # the document went away: E/RES/2008/33's citation of it makes it a stub again
    assert third.store.query(stub_61_180)
    # and the result equals a full build of the same sources
    full = build([src], validate=False)
    assert _bnode_free(third.store) == _bnode_free(full.store)


def test_cli_summary_skips_the_distinct_count_on_large_stores(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tipkg.graph.build import publish

    monkeypatch.setattr(publish, "COUNT_TRIPLES_MAX", 100)
    res = CliRunner().invoke(
        app, ["build", str(_resolutions(corpus_dir)), "--no-store", "--out", str(tmp_path / "g.nq")]
    )
    assert res.exit_code == 0, res.output
    assert "not counted (large store)" in res.output
