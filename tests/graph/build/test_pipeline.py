"""The build's N-Quads writer: what Oxigraph reads back is what was emitted."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import XSD, BNode, Literal, URIRef

from tests.conftest import REPO
from tipkg.graph.build.workers import parse_one
from tipkg.graph.store.embedded import to_ox
from tipkg.loaders.emit import NQuadsWriter, nquads
from tipkg.loaders.errors import LoadError
from tipkg.loaders.registry.load import load_registry

GRAPH = "https://w3id.org/tipkg/id/graph/doc/test"
S = URIRef("https://w3id.org/tipkg/id/doc/A/RES/1/1")
P = URIRef("https://w3id.org/tipkg/ontology#text")


def _read(data: bytes) -> set[ox.Quad]:
    return set(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def _expected(triples: list[tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]]) -> set[ox.Quad]:
    g = ox.NamedNode(GRAPH)
    return {ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples}  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(
    st.text(),
    st.sampled_from([None, "en", "fr-CA"]),
    st.sampled_from([None, XSD.string, XSD.anyURI]),
)
def test_literals_round_trip(text: str, language: str | None, datatype: URIRef | None) -> None:
    lit = Literal(text, lang=language) if language else Literal(text, datatype=datatype)
    triples = [(S, P, lit), (BNode("b1"), P, S)]
    assert _read(nquads(triples, GRAPH)) == _expected(triples)  # type: ignore[arg-type]


def test_typed_values_as_emitted() -> None:
    triples = [(S, P, Literal(3)), (S, P, Literal(True)), (S, P, Literal('a\\b"c\nd\re'))]
    assert _read(nquads(triples, GRAPH)) == _expected(triples)  # type: ignore[arg-type]


@pytest.mark.parametrize("iri", ["https://x/a b", "https://x/<a>", "no-scheme", 'https://x/"'])
def test_an_iri_oxigraph_would_refuse_raises(iri: str) -> None:
    with pytest.raises(ValueError, match="not an absolute IRI"):
        nquads([(S, P, URIRef(iri))], GRAPH)


def test_a_document_with_an_unwritable_iri_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker turns the writer's ValueError into the document's load error, with its file."""
    import tipkg.graph.build.workers as pipeline

    def bad(*_: object, **__: object) -> tuple[str, bytes, int]:
        writer = NQuadsWriter(GRAPH)
        writer.iri(str(S), str(P), "https://x/a b")  # what a name with a space would make
        return GRAPH, writer.data(), 1

    monkeypatch.setattr(pipeline, "emit_nquads", bad)
    src = tmp_path / "r.md"
    src.write_text("A/RES/1/1\n\nThe General Assembly,\n\nRecalling its resolutions,\n\n1. Decides to act.\n")
    parsed = parse_one(src, load_registry())
    assert parsed.error is not None and "r.md" in str(parsed.error) and "IRI" in str(parsed.error)


CORPUS = REPO.parent / "shared" / "corpus" / "resolutions"
_STARTED = Path()


def _counting_parse_one(path: Path, registry: object = None) -> object:
    """parse_one, noting each source it starts (the forked workers inherit the patched module)."""
    with _STARTED.open("a") as fh:
        fh.write(f"{path}\n")
    return _PARSE_ONE(path, registry)  # type: ignore[arg-type]


_PARSE_ONE = parse_one


def test_workers_parse_a_bounded_number_ahead_of_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    import tipkg.graph.build.workers as pipeline

    monkeypatch.setattr(sys.modules[__name__], "_STARTED", tmp_path / "started")
    monkeypatch.setattr(pipeline, "parse_one", _counting_parse_one)
    monkeypatch.setattr(pipeline, "IN_FLIGHT", 1)
    paths = sorted(CORPUS.iterdir()) * 6  # 54 sources in chunks of 7: one chunk per worker ahead
    size = pipeline.chunk_size(len(paths), 2)
    chunks = pipeline.parse_all(paths, load_registry(), jobs=2)
    first = next(chunks)
    time.sleep(1.5)  # the workers parse a chunk in well under a second
    ahead = len((tmp_path / "started").read_text().splitlines())
    assert size < ahead <= size * (1 + 2 + 1)  # the caller's chunk, two handed out, one freed
    rest = [p for chunk in chunks for p in chunk.parsed]
    assert [p.source_path for p in [*first.parsed, *rest]] == [str(p) for p in paths]
    assert all(p.error is None and p.nquads for p in rest)

    early = pipeline.parse_all(paths, load_registry(), jobs=2)
    next(early)
    closing = threading.Thread(target=early.close)
    closing.start()
    closing.join(30)
    assert not closing.is_alive(), "a caller that stops early must not leave the pool waiting"


def test_each_chunk_is_checked_once_with_each_graph_from_its_first_source(tmp_path: Path) -> None:
    """The check sees each good source's graph once: a later copy of a document in the same chunk
    is left out (the build refuses it), a bad source too."""
    import tipkg.graph.build.workers as pipeline

    files = sorted(CORPUS.iterdir())
    copy = tmp_path / f"copy-{files[0].name}"
    copy.write_bytes(files[0].read_bytes())
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    paths = [files[0], copy, *files[1:], bad]  # the copy shares the first chunk with its original
    for jobs in (1, 2):
        assert pipeline.chunk_size(len(paths), jobs) >= 2
        seen: list[str] = []
        for chunk in pipeline.parse_all(paths, load_registry(), jobs, check=_graphs_in):
            assert chunk.checked is not None
            good = {p.graph for p in chunk.parsed if p.error is None}
            assert sorted(chunk.checked) == sorted(good)  # each graph once
            seen.extend(chunk.in_check)
        assert sorted(seen) == sorted(map(str, files))


def _graphs_in(nquads: bytes) -> list[str]:
    """A check that names the graphs it was given, each once (so a duplicate would show twice)."""
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    provenance = [
        q.graph_name for q in quads if q.subject == q.graph_name and "wasDerivedFrom" in str(q.predicate)
    ]
    return [g.value for g in provenance if isinstance(g, ox.NamedNode)]


def test_a_load_error_crosses_process_boundaries_whole() -> None:
    import pickle

    err = LoadError("x/r.md", "no resolution text", 7)
    back = pickle.loads(pickle.dumps(err))
    assert (back.path, back.reason, back.line, str(back)) == (err.path, err.reason, err.line, str(err))
