"""The endpoint's pure parts: Accept parsing, the SERVICE guard, the results serialisers."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipkg.graph.endpoint.guard import (
    MAX_DEPTH,
    QueryMalformed,
    QueryRefused,
    QueryTooDeep,
    add_using_clauses,
    check_depth,
    check_loads,
    check_services,
    declares_dataset,
    host_allowed,
    load_targets,
    nesting_depth,
    query_form,
    service_targets,
    update_declares_dataset,
)
from tipkg.graph.endpoint.negotiation import (
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    accept_override,
    choose_format,
    negotiate,
    parse_accept,
)
from tipkg.graph.endpoint.results import BOOLEAN_WRITERS, SOLUTION_WRITERS

# ---------------------------------------------------------------- content negotiation


def test_parse_accept_reads_q_values_and_skips_garbage() -> None:
    ranges = parse_accept("text/html;level=1, application/json;q=0.5, txt/xml, bogus, */*;q=0.1, a/b;q=x")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [
        ("text", "html", 1.0),
        ("application", "json", 0.5),
        ("txt", "xml", 1.0),
        ("*", "*", 0.1),
    ]
    assert ranges[0].params == {"level": "1"}


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
        ("text/*;q=0.2, text/tab-separated-values", "text/tab-separated-values"),
        ("application/json;q=0.3, text/csv;q=0.9", "text/csv"),
        ("application/json", "application/json"),
        ("application/xml;q=0.9, */*;q=0.8", "application/xml"),
        ("image/png", None),
        ("text/csv;q=0", None),
    ],
)
def test_negotiate_results(accept: str | None, expected: str | None) -> None:
    fmt = choose_format(accept, SOLUTION_FORMATS)
    assert (fmt.content_type.split(";")[0] if fmt else None) == expected


def test_negotiate_prefers_server_order_on_ties() -> None:
    assert negotiate("text/csv, text/tab-separated-values", ["text/tab-separated-values", "text/csv"]) == (
        "text/tab-separated-values"
    )
    assert negotiate("text/csv;q=0.8, text/*;q=0.9", ["text/csv", "text/plain"]) == "text/plain"


def test_gephi_accept_header_gets_rdf_xml() -> None:
    fmt = choose_format("application/rdf+xml, txt/xml, rdf/xml", GRAPH_FORMATS)
    assert fmt is not None and fmt.name == "rdfxml"


def test_browser_accept_header() -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    sel = choose_format(browser, SOLUTION_FORMATS)
    graph = choose_format(browser, GRAPH_FORMATS)
    assert sel is not None and sel.name == "xml"
    assert graph is not None and graph.name == "rdfxml"


def test_format_parameter() -> None:
    assert accept_override("json") == "application/sparql-results+json, application/ld+json"
    assert accept_override("text/csv") == "text/csv"
    assert accept_override("nonsense") is None


# ---------------------------------------------------------------- SERVICE guard


def test_service_targets_resolve_prefixes_and_base() -> None:
    q = """BASE <http://base.example/dir/>
    PREFIX e: <http://x.example/>
    SELECT * { SERVICE e:sparql { ?s ?p ?o } SERVICE SILENT <rel> {} service <http://h:8/q> {} }"""
    assert (
        service_targets(q) == ["http://x.example/sparql", "http://base.example/dir/rel", "http://h:8/q"] * 2
    )


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { BIND("SERVICE <http://evil.example/>" AS ?x) }',
        "SELECT * { ?s <http://e/SERVICE> ?o } # SERVICE <http://evil.example/>",
        "PREFIX SERVICE: <http://e/> SELECT * { ?s SERVICE:x ?o }",
        "SELECT ?SERVICE { ?SERVICE ?p ?o }",
        "SELECT * { ?s ?p '''multi\nSERVICE <http://evil.example/>\n''' }",
    ],
)
def test_service_word_in_strings_iris_names_is_not_a_service(query: str) -> None:
    assert service_targets(query) == []
    check_services(query, [])


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
        "SELECT * { SeRvIcE SILENT <http://evil.example/sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }",
        "PREFIX e: <http://evil.example/> SELECT * { SERVICE e: { ?s ?p ?o } }",
        r"SELECT * { \u0053ERVICE <http://evil.example/> {} }",
        r'SELECT * { BIND("\u0022" AS ?x) SERVICE <http://evil.example/> {} BIND("\u0022" AS ?y) }',
        "SELECT * { SERVICE <http://127.0.0.1.evil.example/> {} }",
        "SELECT * {SERVICE<http://evil.example/>{}}",
        "INSERT { ?s ?p ?o } WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }",
        "SELECT * { SERVICE <http://evil\\u002eexample/> {} }",
    ],
)
def test_disallowed_services_are_refused(query: str) -> None:
    with pytest.raises(QueryRefused):
        check_services(query, ["127.0.0.1", "allowed.example"])


def test_allowed_hosts() -> None:
    check_services("SELECT * { SERVICE <http://allowed.example/sparql> {} }", ["allowed.example"])
    check_services("SELECT * { SERVICE <http://127.0.0.1:9999/sparql> {} }", ["127.0.0.1:9999"])
    assert not host_allowed("http://127.0.0.1:9998/sparql", ["127.0.0.1:9999"])
    assert not host_allowed("file:///etc/passwd", ["localhost"])
    assert host_allowed("https://Allowed.Example/x", ["allowed.example"])


def test_unterminated_string_is_malformed() -> None:
    """Where the guard has to look (the text holds SERVICE), a text it cannot lex is malformed;
    a text without the word is left to Oxigraph's parser, which says the same."""
    with pytest.raises(QueryMalformed):
        check_services('SELECT * { SERVICE <http://a.example/> { ?s ?p "oops } }', [])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("SERVICEservice <>{}?:\"'#\\u0053\n")), max_size=60))
def test_guard_never_crashes_and_sees_every_plain_service(noise: str) -> None:
    """Whatever precedes it, a SERVICE clause after a newline-terminated comment is found or refused."""
    query = f"#{noise}\nSELECT * {{ SERVICE <http://evil.example/> {{}} }}"
    if "\n" in noise or "\r" in noise:
        return  # the noise may open a string that swallows the rest; that is a different query
    with pytest.raises(QueryRefused):
        check_services(query, [])


def test_update_dataset_clauses() -> None:
    assert update_declares_dataset("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert update_declares_dataset("DELETE { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }")
    assert not update_declares_dataset("INSERT DATA { <http://s> <http://p> 'WITH' }")
    out = add_using_clauses(
        "INSERT { GRAPH <http://t> { ?s ?p ?o } } WHERE { ?s ?p ?o } ; DELETE WHERE { ?s ?p ?o }",
        ["http://a"],
        ["http://b"],
    )
    assert out == (
        "INSERT { GRAPH <http://t> { ?s ?p ?o } }  USING <http://a> USING NAMED <http://b> WHERE { ?s ?p ?o } ;"
        " DELETE WHERE { ?s ?p ?o }"
    )
    with pytest.raises(QueryMalformed):
        add_using_clauses("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["http://a"], [])


def test_query_form() -> None:
    assert query_form("PREFIX a: <http://a/> # SELECT\nCONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("ask {}") == "ASK"


# ---------------------------------------------------------------- results serialisers

_TERMS = [
    ox.NamedNode("http://example.org/a"),
    ox.NamedNode("http://example.org/b?x=1&y=2,3"),
    ox.Literal("plain"),
    ox.Literal('with "quotes", commas\nand a newline\ttab'),
    ox.Literal("chat", language="fr"),
    ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal("2006-12-20", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
    ox.Literal("<b>&amp;</b>"),
    ox.Literal(" edge white space\r\n"),
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from([*_TERMS, None]), min_size=3, max_size=3), max_size=6))
def test_serialisers_agree_with_pyoxigraph(
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]],
) -> None:
    """Our capped writers must say what pyoxigraph's whole-result writers say, term for term."""
    store = ox.Store()
    variables = ["x", "y", "z"]
    values = " ".join("(" + " ".join("UNDEF" if t is None else str(t) for t in row) + ")" for row in rows)
    query = f"SELECT ?x ?y ?z WHERE {{ VALUES (?x ?y ?z) {{ {values} }} }}"
    for name, fmt in [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ]:
        theirs = store.query(query)
        assert isinstance(theirs, ox.QuerySolutions)
        expected = ox.parse_query_results(theirs.serialize(format=fmt), format=fmt)
        ours = ox.parse_query_results(SOLUTION_WRITERS[name](variables, rows), format=fmt)
        assert isinstance(expected, ox.QuerySolutions) and isinstance(ours, ox.QuerySolutions)
        assert [list(s) for s in ours] == [list(s) for s in expected], name
    # pyoxigraph 0.5 leaves an IRI with a comma unquoted in CSV; RFC 4180 wants it quoted: parse ours
    parsed = list(csv.reader(io.StringIO(SOLUTION_WRITERS["csv"](variables, rows).decode(), newline="")))
    assert parsed == [variables] + [["" if t is None else t.value for t in row] for row in rows]


def test_blank_nodes_and_booleans_serialise() -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.BlankNode("b0"), ox.NamedNode("http://p"), ox.Literal("o")))
    query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    for name, fmt in [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ]:
        rows = [[sol["s"], sol["o"]] for sol in store.query(query)]  # type: ignore[union-attr]
        ours = ox.parse_query_results(SOLUTION_WRITERS[name](["s", "o"], rows), format=fmt)
        assert isinstance(ours, ox.QuerySolutions)
        (only,) = list(ours)
        assert isinstance(only["s"], ox.BlankNode) and only["o"] == ox.Literal("o")
    rows = [[sol["s"], sol["o"]] for sol in store.query(query)]  # type: ignore[union-attr]
    assert SOLUTION_WRITERS["csv"](["s", "o"], rows).startswith(b"s,o\r\n_:")
    for name, fmt in [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML)]:
        for value in (True, False):
            parsed = ox.parse_query_results(BOOLEAN_WRITERS[name](value), format=fmt)
            assert isinstance(parsed, ox.QueryBoolean) and bool(parsed) is value


# ---------------------------------------------------------------- dataset clause, nesting, LOAD


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * FROM <http://g> WHERE { ?s ?p ?o }", True),
        ("select * from named <http://g> { graph ?g { ?s ?p ?o } }", True),
        (r"SELECT * \u0046ROM <http://g> { ?s ?p ?o }", True),
        ("SELECT ?from WHERE { ?from ?p 'FROM <x>' } # FROM <y>", False),
        ("PREFIX from: <http://e/> SELECT * { ?s from:x ?o }", False),
        ("SELECT * { ?s <http://e/FROM> ?o }", False),
    ],
)
def test_declares_dataset(query: str, expected: bool) -> None:
    assert declares_dataset(query) is expected


def test_nesting_depth_counts_syntax_only() -> None:
    assert nesting_depth("SELECT * { { ?s ?p ?o } }") <= MAX_DEPTH
    assert nesting_depth("{" * 300 + "}" * 300) == 300
    assert nesting_depth("SELECT * { ?s ?p '" + "{" * 300 + "' }") <= MAX_DEPTH
    with pytest.raises(QueryTooDeep):
        check_depth("ASK " + "{" * 201 + "}" * 201)
    check_depth("ASK " + "{" * 200 + "}" * 200)


def test_load_targets_and_refusal() -> None:
    update = (
        "PREFIX h: <http://a.example/> LOAD h:x ; LOAD SILENT <http://b.example:81/y> INTO GRAPH <http://g>"
    )
    assert load_targets(update)[:2] == ["http://a.example/x", "http://b.example:81/y"]
    with pytest.raises(QueryRefused, match="LOAD"):
        check_loads(update, ["a.example"])
    check_loads(update, ["a.example", "b.example:81"])
    check_loads("INSERT DATA { <http://s> <http://p> 'LOAD <http://evil/>' }", [])
