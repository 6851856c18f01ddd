"""Named queries: headers, safe parameters, results on both engines, output formats, the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from typer.testing import CliRunner

from tests import citation_fixture as cf
from tests.conftest import REPO
from tipkg.graph.query import result
from tipkg.graph.query import runner as Q
from tipkg.graph.query.source import OxigraphSource, RdflibSource, SparqlSource
from tipkg.graph.store.embedded import oxigraph_from_dataset, write_dataset
from tipkg.ontology.ids import compact, doc_iri
from tipkg.ontology.namespaces import GEPHI, TIP
from tipkg.queries import catalogue

app = cf.cli_app()
ID = "https://w3id.org/tipkg/id/"
EXPECTED_QUERIES = {
    "ancestors",
    "descendants",
    "shortest-path",
    "instruments-ranked",
    "mandates",
    "per-year",
    "stubs",
    "resolution",
    "gephi-construct",
}
PARAMS: dict[str, dict[str, str]] = {
    "ancestors": {"doc": "T/RES/4"},
    "descendants": {"doc": "T/RES/1"},
    "shortest-path": {"from": "T/RES/4", "to": "T/RES/1"},
    "resolution": {"doc": "T/RES/4"},
}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return cf.dataset()


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def source(request: pytest.FixtureRequest, dataset: Dataset) -> SparqlSource:
    if request.param == "oxigraph":
        return OxigraphSource(oxigraph_from_dataset(dataset))
    return RdflibSource(dataset)


@pytest.fixture(scope="module")
def ox(dataset: Dataset) -> OxigraphSource:
    return OxigraphSource(oxigraph_from_dataset(dataset))


def test_every_query_ships_with_a_complete_header() -> None:
    qs = catalogue.named_queries()
    assert set(qs) >= EXPECTED_QUERIES
    for name, q in qs.items():
        assert q.builtin and q.purpose, name
        assert q.example.startswith(f"tipkg query {name}"), name
        for p in q.params:
            assert p.type in catalogue.PARAM_TYPES and p.description, (name, p)
            assert f"--param {p.name}=" in q.example or p.default is not None or len(q.params) > 1, (name, p)


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_query_files_are_plain_sparql(name: str) -> None:
    """Without the runner (parameters unbound) each file is a query any SPARQL 1.1 client parses."""
    text = (REPO / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    prepareQuery(text)  # rdflib's parser; the file declares its own prefixes


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_every_query_runs_on_both_engines(name: str, dataset: Dataset, ox: OxigraphSource) -> None:
    a = Q.run(ox, name, PARAMS.get(name, {}))
    b = Q.run(RdflibSource(dataset), name, PARAMS.get(name, {}))
    assert a.columns == b.columns
    assert a.rows, name

    def norm(rows: list[tuple[object, ...]]) -> set[tuple[object, ...]]:
        # GROUP_CONCAT order is unspecified by SPARQL: compare its parts as sets
        return {
            tuple(frozenset(v.split("; ")) if isinstance(v, str) and "; " in v else v for v in r)
            for r in rows
        }

    assert norm(a.rows) == norm(b.rows)


def test_ancestors_have_depth_and_path(source: SparqlSource) -> None:
    r = Q.run(source, "ancestors", {"doc": "T/RES/4"})
    got = {rec["symbol"] or rec["ancestor"]: (rec["depth"], rec["path"], rec["stub"]) for rec in r.records()}
    assert got == {
        "T/RES/3": (1, "T/RES/4 > T/RES/3", False),
        "T/RES/0": (1, "T/RES/4 > T/RES/0", True),
        "T/RES/2": (2, "T/RES/4 > T/RES/3 > T/RES/2", False),
        "T/RES/1": (2, "T/RES/4 > T/RES/3 > T/RES/1", False),
        ID + "instrument/TEST-CONV": (2, "T/RES/4 > T/RES/3 > TEST-CONV", False),
    }


@pytest.mark.parametrize("name", ["ancestors", "descendants"])
@pytest.mark.parametrize("relations", ["recalls,reaffirms", "all"])
def test_walk_runner_gives_the_query_rows(source: SparqlSource, name: str, relations: str) -> None:
    """The walk answers as the query's own SPARQL plus its depths and paths (label aside: the query
    samples any of title and label) for every document, stub or loaded, on both engines."""
    docs = {
        str(r[0])
        for r in source.select(
            "SELECT DISTINCT ?d WHERE { ?d a <https://w3id.org/tipkg/ontology#Document> }"
        )[1]
    }
    assert len(docs) > 5
    answered = 0
    for doc in sorted(docs):
        params = {"doc": doc, "relations": relations}
        walked = Q.run(source, name, params)
        queried = Q.run(source, name, params, walk=False)
        assert walked.columns == queried.columns
        label = queried.columns.index("label")
        assert [r[:label] + r[label + 1 :] for r in walked.rows] == [
            r[:label] + r[label + 1 :] for r in queried.rows
        ], doc
        for a, b in zip(walked.rows, queried.rows, strict=True):
            assert (a[label] is None) == (b[label] is None), (doc, a, b)
        answered += bool(walked.rows)
    assert answered > 3  # most documents have ancestors or descendants: the comparison is not of empties


def test_relations_parameter_changes_the_path(source: SparqlSource) -> None:
    only_reaffirms = Q.run(source, "ancestors", {"doc": "T/RES/3", "relations": "reaffirms"})
    assert {rec["symbol"] for rec in only_reaffirms.records()} == {"T/RES/1"}
    with_welcomes = Q.run(source, "descendants", {"doc": "T/RES/2", "relations": "recalls,welcomes"})
    assert {rec["symbol"] for rec in with_welcomes.records()} == {"T/RES/3", "T/RES/4"}
    rows = {rec["symbol"]: rec["depth"] for rec in with_welcomes.records()}
    assert rows["T/RES/4"] == 1  # directly, through welcomes


def test_cycle_root_is_its_own_ancestor(source: SparqlSource) -> None:
    r = Q.run(source, "ancestors", {"doc": "T/DEC/5"})
    got = {rec["symbol"]: rec["depth"] for rec in r.records()}
    assert got == {"T/DEC/6": 1, "T/DEC/5": 2}


def test_unbound_parameters_mean_any(source: SparqlSource) -> None:
    r = Q.run(source, "ancestors")
    pairs = {(rec["doc"], rec["ancestor"]) for rec in r.records()}
    assert (str(doc_iri("T/RES/2")), str(doc_iri("T/RES/1"))) in pairs
    assert (str(doc_iri("T/RES/4")), ID + "instrument/TEST-CONV") in pairs
    assert "depth" not in r.columns


def test_shortest_path_steps(source: SparqlSource) -> None:
    r = Q.run(source, "shortest-path", {"from": "T/RES/4", "to": ID + "instrument/TEST-CONV"})
    assert [rec["symbol"] or rec["node"] for rec in r.records()] == [
        "T/RES/4",
        "T/RES/2",
        ID + "instrument/TEST-CONV",
    ]
    assert [rec["relation"] for rec in r.records()] == ["", "welcomes", "reaffirms"]
    none = Q.run(source, "shortest-path", {"from": "T/RES/1", "to": "T/RES/4"})
    assert none.rows == []


def test_instruments_ranked(source: SparqlSource) -> None:
    rows = {
        (rec["label"], rec["citedAs"]): (rec["total"], rec["documents"])
        for rec in Q.run(source, "instruments-ranked").records()
    }
    assert rows == {("TEST-CONV", "recalls"): (3, 2), ("TEST-CONV", "reaffirms"): (3, 1)}
    only = Q.run(source, "instruments-ranked", {"relation": "reaffirms"})
    assert [rec["citedAs"] for rec in only.records()] == ["reaffirms"]


def test_mandates(source: SparqlSource) -> None:
    all_rows = Q.run(source, "mandates").records()
    assert {(r["bodyLabel"], r["verbName"], r["symbol"], r["year"], r["number"]) for r in all_rows} == {
        ("member-states", "urges", "T/RES/4", 2004, "1"),
        ("TEST-OFFICE", "requests", "T/RES/4", 2004, "2"),
    }
    office = Q.run(source, "mandates", {"body": "TEST-OFFICE"}).records()
    assert [r["verbName"] for r in office] == ["requests"]
    assert Q.run(source, "mandates", {"body": "TEST-OFFICE", "verb": "urges"}).rows == []
    assert len(Q.run(source, "mandates", {"body": "actor/member-states"}).rows) == 1


def test_per_year_and_stubs(source: SparqlSource) -> None:
    per_year = {
        (r["year"], r["bodyKey"]): (r["documents"], r["loaded"], r["stubs"])
        for r in Q.run(source, "per-year").records()
    }
    assert per_year[(2004, "TEST-A")] == (1, 1, 0)
    assert sum(v[1] for v in per_year.values()) == 6
    only_b = Q.run(source, "per-year", {"body": "TEST-B"}).records()
    assert {r["year"] for r in only_b} == {2003, 2005, 2006}
    stubs = Q.run(source, "stubs").records()
    assert [(r["symbol"], r["citedBy"], r["citations"]) for r in stubs] == [("T/RES/0", 1, 1)]


def test_resolution_structure(source: SparqlSource) -> None:
    recs = Q.run(source, "resolution", {"doc": "T/RES/4"}).records()
    assert [(r["order"], r["kind"], r["number"], r["phrase"]) for r in recs] == [
        (1, "preambular", "1", "Recalling"),
        (2, "preambular", "2", "Welcoming"),
        (3, "operative", "1", "Urges"),
        (4, "operative", "2", "Requests"),
    ]
    assert set(str(recs[0]["citations"]).split("; ")) == {"recalls T/RES/3", "recalls T/RES/0"}
    assert recs[2]["verbs"] == "urges" and recs[2]["citations"] is None


def test_gephi_construct_styles_every_node(source: SparqlSource) -> None:
    r = Q.run(source, "gephi-construct")
    g = r.graph
    assert g is not None
    edges = [(s, p, o) for s, p, o in g if str(p).startswith(str(TIP))]
    assert (doc_iri("T/RES/3"), TIP.reaffirms, doc_iri("T/RES/1")) in edges
    assert (doc_iri("T/RES/4"), TIP.addressee, URIRef(ID + "body/TEST-OFFICE")) in edges
    nodes = {s for s, _, _ in edges} | {o for _, _, o in edges}
    for n in nodes:
        assert g.value(n, GEPHI.label) is not None, n
        colour = g.value(n, GEPHI.color)
        assert colour is not None and re.fullmatch(r"#[0-9A-F]{6}", str(colour)), n
    assert str(g.value(doc_iri("T/RES/0"), GEPHI.color)) == "#BBBBBB"  # stub
    assert g.serialize(format="xml")  # Gephi's Semantic Web Import reads RDF/XML


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("iri", "not an iri"),
        ("iri", "http://x/> } ; DROP ALL ; <"),
        ("symbol", "nonsense"),
        ("int", "1; DROP"),
        ("relation", "recalls> }"),
        ("body", "planet/earth"),
    ],
)
def test_bad_parameter_values_are_rejected(kind: str, raw: str) -> None:
    with pytest.raises(catalogue.QueryError):
        catalogue.term_for(kind, raw)


def test_parameters_become_terms_not_text() -> None:
    lit = catalogue.term_for("literal", 'x" } ; DELETE WHERE { ?s ?p ?o } #\n')
    assert isinstance(lit, Literal) and lit.n3().startswith('"x\\" }')
    sym = catalogue.term_for("symbol", 'A/RES/1"> } #')
    assert isinstance(sym, URIRef) and '"' not in sym and ">" not in sym and " " not in sym
    assert catalogue.term_for("symbol", "S/RES/2331  (2016)") == doc_iri("S/RES/2331 (2016)")
    assert catalogue.term_for("int", "42") == Literal(42)
    assert catalogue.term_for("body", "UNODC") == URIRef(ID + "body/UNODC")


def test_values_go_into_the_outer_where_only() -> None:
    text = (
        "# name: t\n# purpose: p\n# params:\n#   x (literal) a value\n# example: tipkg query t\n"
        'SELECT ?s WHERE { # WHERE { in a comment\n ?s ?p "WHERE { in a string" . '
        "{ SELECT ?s WHERE { ?s ?q $x } } }"
    )
    q = catalogue.parse_query(text)
    rendered = q.render({"x": 'a "b"'})
    assert rendered.count("VALUES ?x") == 1
    assert re.search(r'SELECT \?s WHERE \{ VALUES \?x \{ "a \\"b\\"" \} ', rendered)
    prepareQuery(rendered)


def test_header_errors() -> None:
    with pytest.raises(catalogue.QueryError, match="not used"):
        catalogue.parse_query("# params:\n#   y (int) unused\nSELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(catalogue.QueryError, match="unknown type"):
        catalogue.parse_query("# params:\n#   y (float) f\nSELECT * WHERE { ?s ?p $y }")
    with pytest.raises(catalogue.QueryError, match="must contain the path"):
        catalogue.parse_query(
            "# params:\n#   r (relations, recalls) r\nSELECT * WHERE { ?s tip:reaffirms+ ?o }"
        )
    q = catalogue.named_queries()["ancestors"]
    with pytest.raises(catalogue.QueryError, match="no parameter"):
        q.render({"nope": "1"})
    with pytest.raises(catalogue.QueryError, match="unknown relation"):
        q.render({"relations": "likes"})
    with pytest.raises(catalogue.QueryError, match="NAME=VALUE"):
        catalogue.parse_param_args(["novalue"])


def test_user_query_file(tmp_path: Path, ox: OxigraphSource) -> None:
    f = tmp_path / "mine.rq"
    f.write_text(
        "# name: mine\n# purpose: titles of one document\n# params:\n#   doc (symbol) which\n"
        "SELECT ?title WHERE { $doc dcterms:title ?title }\n",  # relies on the project prefixes
        encoding="utf-8",
    )
    r = Q.run(ox, str(f), {"doc": "T/RES/2"})
    assert r.rows == [("Synthetic test document T/RES/2",)]


def test_formats(ox: OxigraphSource) -> None:
    r = Q.run(ox, "ancestors", {"doc": "T/RES/4"})
    rows = list(csv.reader(io.StringIO(result.to_csv(r))))
    assert rows[0] == r.columns and len(rows) == len(r.rows) + 1
    assert "1999-05-05" in rows[1] or any("1999-05-05" in row for row in rows)
    data = json.loads(result.to_json(r))
    assert isinstance(data, list) and data[0].keys() == set(r.columns)
    assert any(d["date"] == "2003-03-30" and d["stub"] is False and d["depth"] == 1 for d in data)
    assert compact(ID + "doc/A/RES/61/180") == "id:doc/A/RES/61/180"


def test_cli_query(tmp_path: Path, dataset: Dataset) -> None:
    trig = tmp_path / "g.trig"
    write_dataset(dataset, trig)
    runner = CliRunner(env={"COLUMNS": "200"})
    res = runner.invoke(
        app, ["query", "ancestors", "--file", str(trig), "-p", "doc=T/RES/4", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    assert {d["symbol"] for d in json.loads(res.stdout)} >= {"T/RES/3", "T/RES/0"}
    listing = runner.invoke(app, ["query", "--list"])
    assert listing.exit_code == 0 and "instruments-ranked" in listing.stdout
    bad = runner.invoke(app, ["query", "ancestors", "--file", str(trig), "-p", "doc=<x>"])
    assert bad.exit_code == 2
    xml = runner.invoke(app, ["query", "gephi-construct", "--file", str(trig), "--format", "xml"])
    assert xml.exit_code == 0 and "gephi:color" in xml.stdout
    assert "Example: tipkg query" in runner.invoke(app, ["query", "--help"]).stdout
