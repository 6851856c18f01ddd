"""Named queries whose text is shaped for Oxigraph's evaluator give the answers of their plain form.

``queries/mandates.rq``, ``mention-coverage.rq``, ``resolution.rq`` and ``gephi-construct.rq`` are
written so that Oxigraph finds their answers several times faster on the UN corpus
(bench/bench_endpoint.py measures them against Virtuoso); ``reference/*.rq`` next to this file keep
the plain form they were rewritten from, the specification of what they answer. Both run here on a
store built from real UN texts (the trafficking resolutions and General Assembly resolutions of the
74th session, one of them in its six languages), with several parameter bindings each, and must give
the same rows in the same order (a GROUP_CONCAT's parts in any order: SPARQL leaves it open), or
the same graph.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from tipkg.graph.build.build import build
from tipkg.queries.catalogue import NamedQuery, named_queries, parse_query

REFERENCE = Path(__file__).parent / "reference"
#: parameter bindings per query: the header's example, each parameter alone, and none
BINDINGS: dict[str, list[dict[str, str]]] = {
    "mandates": [
        {"body": "UNODC", "verb": "requests"},
        {"body": "UNODC"},
        {"body": "actor/member-states", "verb": "urges"},
        {"verb": "requests"},
        {},
    ],
    "mention-coverage": [{}],
    # in six languages, so its paragraphs and their citations stand in six graphs; sub-paragraphs; all
    "resolution": [{"doc": "A/RES/74/176"}, {"doc": "A/RES/74/63"}, {}],
    "gephi-construct": [{}],
}
#: the separators of the GROUP_CONCATs of the queries above
PARTS = ("; ", ", ")
#: the General Assembly's 74th session: A/RES/74/176 in its six languages (one graph each, so that
#: the same paragraph, type and mention stand in several graphs), A/RES/74/63 (sub-paragraphs with
#: addressees) and resolutions that name UNODC
SESSION = Path("unxml") / "GAresolutions" / "74session"
UNODC_TEXT = "Office on Drugs and Crime"


@pytest.fixture(scope="module")
def store(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    sources = tmp_path_factory.mktemp("shapes")
    session = corpus_dir / SESSION
    english = sorted(session.glob("*/English/*.xml"))
    unodc = [p for p in english if UNODC_TEXT in p.read_text(encoding="utf-8")]
    picked = sorted(session.glob("*/*/74_176*.xml")) + sorted(session.glob("*/English/74_63.xml"))
    assert len(picked) == 7 and len(unodc) >= 8, (picked, len(unodc))
    for path in picked + unodc[:8]:
        target = sources / path.relative_to(session)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    result = build([corpus_dir / "resolutions", sources], validate=False)
    assert result.documents, result.errors
    return result.store


def _part_sets(value: str | None) -> object:
    for sep in PARTS:
        if value is not None and sep in value:
            return frozenset(value.split(sep))
    return value


def _answer(store: ox.Store, query: NamedQuery, values: dict[str, str]) -> object:
    """The rows of a SELECT (GROUP_CONCAT parts as sets), or the set of triples of a CONSTRUCT."""
    result = store.query(query.render(values), use_default_graph_as_union=True)
    if isinstance(result, ox.QueryTriples):
        return set(result)
    assert isinstance(result, ox.QuerySolutions)
    width = len(result.variables)
    return [tuple(_part_sets(None if s[i] is None else str(s[i])) for i in range(width)) for s in result]


@pytest.mark.parametrize("name", sorted(BINDINGS))
def test_the_shaped_query_answers_as_its_plain_form(store: ox.Store, name: str) -> None:
    shaped = named_queries()[name]
    plain = parse_query((REFERENCE / f"{name}.rq").read_text(encoding="utf-8"), fallback_name=name)
    assert plain.params == shaped.params
    for values in BINDINGS[name]:
        expected = _answer(store, plain, values)
        assert _answer(store, shaped, values) == expected, values
    # the data exercise the query: the example finds rows
    assert _answer(store, plain, BINDINGS[name][0])
