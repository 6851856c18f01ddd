"""The N-Quads dataset file written from the build's spools (graph/build/dataset_file.py) holds the
same quads as the store it was built with."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from tipkg.graph.build.build import flag_stubs
from tipkg.graph.build.dataset_file import Spooled, distinct_lines, stub_changes, write_nquads
from tipkg.graph.build.derive import derive
from tipkg.graph.build.publish import BuildRequest, publish

X = "http://www.w3.org/2001/XMLSchema#"
T = "https://w3id.org/tipkg/ontology#"
SPOOL = f"""<d:1> <{T}stub> "true"^^<{X}boolean> <g:a> .
<d:1> <{T}stub> "false"^^<{X}boolean> <g:b> .
<d:1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{T}Document> <g:b> .
<d:2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{T}Document> <g:a> .
<d:2> <{T}untsVolume> "1520"^^<{X}positiveInteger> <g:a> .
<d:2> <{T}order> "7"^^<{X}integer> <g:a> .
<d:2> <{T}title> "Titre"@FR <g:a> .
<d:2> <{T}title> "a \\"quoted\\" title"@en <g:a> .
<d:2> <{T}date> "2020-01-01"^^<{X}date> <g:a> .
_:n1 <{T}order> "+1"^^<{X}integer> <g:a> .
<d:2> <{T}part> _:n1 <g:a> .
""".encode()


def _shape(data: bytes) -> list[bytes]:
    """The lines of N-Quads, sorted, blank node labels aside."""
    return sorted(re.sub(rb"_:[^ ]+", b"_:b", line) for line in data.splitlines())


def _built(tmp_path: Path, spools: list[bytes]) -> tuple[ox.Store, Spooled]:
    """A store loaded from the spools, flagged and derived as build() does, and its spools."""
    store, paths = ox.Store(), []
    for i, data in enumerate(spools):
        path = tmp_path / f"spool{i}.nq"
        path.write_bytes(distinct_lines(data))
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)
        paths.append(str(path))
    spooled = Spooled(paths, stub_changes(store))
    flag_stubs(store)
    derive(store)
    return store, spooled


def test_the_file_from_the_spools_holds_the_stores_quads(tmp_path: Path) -> None:
    """Stub flags deleted and inserted, literals the store writes otherwise, repeated lines."""
    store, spooled = _built(tmp_path, [SPOOL + SPOOL.splitlines(True)[3]])
    assert spooled.changes.deleted and spooled.changes.inserted
    out = tmp_path / "out.nq"
    assert write_nquads(store, spooled, out, len(store))
    text = out.read_bytes()
    assert _shape(text) == _shape(store.dump(format=ox.RdfFormat.N_QUADS) or b"")
    assert b"positiveInteger" not in text and b"@fr " in text
    # still the node the document names
    assert b'_:n1 <https://w3id.org/tipkg/ontology#order> "1"^^' in text and b"#part> _:n1 " in text


def test_the_stub_flags_a_build_sets() -> None:
    """d:1 is loaded (g:b flags it false): g:a's true flag goes; d:2 is typed in g:a, which flags
    nothing, and no graph loads it: g:a flags it a stub. Nothing else changes."""
    store = ox.Store()
    store.bulk_load(SPOOL, format=ox.RdfFormat.N_QUADS)
    before = set(store)
    flag_stubs(store)
    stub, true = ox.NamedNode(f"{T}stub"), ox.Literal("true", datatype=ox.NamedNode(f"{X}boolean"))
    d1_in_a = ox.Quad(ox.NamedNode("d:1"), stub, true, ox.NamedNode("g:a"))
    d2_in_a = ox.Quad(ox.NamedNode("d:2"), stub, true, ox.NamedNode("g:a"))
    assert set(store) == (before - {d1_in_a}) | {d2_in_a}
    flag_stubs(store)  # set once, the flags stay as they are
    assert set(store) == (before - {d1_in_a}) | {d2_in_a}


def test_a_quad_spooled_twice_in_two_forms_is_dumped_from_the_store(tmp_path: Path) -> None:
    twice = f'<d:3> <{T}order> "01"^^<{X}integer> <g:c> .\n<d:3> <{T}order> "1"^^<{X}integer> <g:c> .\n'
    store, spooled = _built(tmp_path, [SPOOL, twice.encode()])
    out = tmp_path / "out.nq"
    assert not write_nquads(store, spooled, out, len(store))
    text = out.read_bytes()
    assert _shape(text) == _shape(store.dump(format=ox.RdfFormat.N_QUADS) or b"")


def test_a_blank_node_label_in_two_spools_is_dumped_from_the_store(tmp_path: Path) -> None:
    """Each bulk load names its blank nodes anew: one label in two spools is two nodes."""
    store, spooled = _built(tmp_path, [b"_:x <p:a> <o:1> <g:1> .\n", b"_:x <p:a> <o:2> <g:1> .\n"])
    out = tmp_path / "out.nq"
    assert not write_nquads(store, spooled, out, len(store))
    assert len({q.subject for q in ox.parse(out.read_bytes(), format=ox.RdfFormat.N_QUADS)}) == 2


def test_a_build_writes_the_same_nquads_from_its_spools(corpus_dir: Path, tmp_path: Path) -> None:
    """A whole build (no store) into N-Quads: the file is the store's quads, its spools are gone."""
    sources = sorted((corpus_dir / "unxml" / "SCresolutions").rglob("*E.xml"))[:6]
    out = tmp_path / "out.nq"
    published = publish(BuildRequest(sources=sources, out=out, fmt="nq", store=None, jobs=1))
    store = published.result.store
    assert published.result.spooled is not None
    assert _shape(out.read_bytes()) == _shape(store.dump(format=ox.RdfFormat.N_QUADS) or b"")
    assert all(not Path(p).exists() for p in published.result.spooled.paths)
