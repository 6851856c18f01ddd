"""The two writers of a document's triples: the N-Quads text the build loads is, quad for quad, the
rdflib triples that ``emit`` gives (on the real corpus, synthetic documents and arbitrary text)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.shape_data import document
from tipkg.graph.build.discover import discover
from tipkg.graph.store.embedded import to_ox
from tipkg.loaders.emit import TermWriter, emit_nquads, emit_triples, write_stub
from tipkg.loaders.model import Document, Footnote, Span, Target
from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.sources.dispatch import load_source
from tipkg.synth import corpus as synth


def _same(doc: Document) -> None:
    gid, triples = emit_triples(doc)
    graph, data, count = emit_nquads(doc)
    assert graph == str(gid)
    g = ox.NamedNode(graph)
    expected = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples]  # type: ignore[arg-type]
    written = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    assert written == expected  # the same quads, in the same order
    assert count == len(triples)
    _, once, n = emit_nquads(doc, distinct=True)  # as a build's worker writes it: each line once
    assert once.splitlines(True) == list(dict.fromkeys(data.splitlines(True))) and n == len(set(triples))


def test_corpus_documents_written_alike(corpus_dir: Path) -> None:
    registry = load_registry()
    files = discover([corpus_dir / "resolutions"])
    assert files
    for path in files:
        _same(load_source(path, registry=registry))


def test_synthetic_documents_written_alike(tmp_path: Path) -> None:
    synth.generate(60, 5, tmp_path, jobs=1)
    registry = load_registry()
    for path in discover([tmp_path / "resolutions"]):
        _same(load_source(path, registry=registry))


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(min_size=1), st.text(min_size=1, max_size=8))
def test_any_text_written_alike(text: str, title: str, marker: str) -> None:
    """Quotes, backslashes, line breaks and non-ASCII in text, titles and footnote markers."""
    base = document()
    para = replace(base.paragraphs[0], text=text, phrase=title)
    note = Footnote(marker, text, Span(0, len(text)), bibliographic_citation=title)
    _same(replace(base, title=title, paragraphs=[para, *base.paragraphs[1:]], footnotes=[note]))


@pytest.mark.parametrize("symbol", ["A/RES/1/1 bad", "A/RES/<1>", 'A/RES/"1"'])
def test_odd_symbols_written_alike(symbol: str) -> None:
    """A symbol is percent-encoded into its IRI, so even odd ones make valid IRIs."""
    _same(replace(document(), symbol=symbol))


def test_a_file_of_every_part_is_identified_as_the_whole_text() -> None:
    """ "A/RES/74/92 A-B" is resolution 74/92, as the texts citing it write it: one identifier, one IRI."""
    _, triples = emit_triples(replace(document(), symbol="A/RES/74/92 A-B"))
    ids = {str(o) for s, p, o in triples if str(p) == "http://purl.org/dc/terms/identifier"}
    assert "A/RES/74/92" in ids and not any("A-B" in i for i in ids)
    w = TermWriter()  # and a citing text's stub of it, when a link names the range ("…/74/92a-b")
    write_stub(w, Target("resolution", "A/RES/74/92 A-B", doc_type="resolution"), "https://example.org/x")
    assert {str(o) for _, p, o in w.triples if str(p).endswith("/identifier")} == {"A/RES/74/92"}
