"""The build's N-Quads writer: what Oxigraph reads back is what was emitted."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import XSD, BNode, Literal, URIRef

from tipkg.graph.pipeline import nquads, parse_one
from tipkg.graph.store import to_ox
from tipkg.loaders.registry import load_registry

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
    import tipkg.graph.pipeline as pipeline

    def bad(*_: object) -> tuple[URIRef, list[tuple[URIRef, URIRef, URIRef]]]:
        return URIRef(GRAPH), [(S, P, URIRef("https://x/a b"))]

    monkeypatch.setattr(pipeline, "emit_triples", bad)
    src = tmp_path / "r.md"
    src.write_text("A/RES/1/1\n\nThe General Assembly,\n\nRecalling its resolutions,\n\n1. Decides to act.\n")
    parsed = parse_one(src, load_registry())
    assert parsed.error is not None and "r.md" in str(parsed.error) and "IRI" in str(parsed.error)
