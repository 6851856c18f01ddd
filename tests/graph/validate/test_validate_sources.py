"""Per-source validation (graph/validate/per_source.py) finds exactly what pyshacl and validate_store find.

Compared as sets of (shape, focus, path, value), as tests/graph/validate/test_shacl_sparql.py does (its broken graphs
and helpers are reused), on the real corpus, on those broken graphs, and on a synthetic corpus with
one injected error per shape, cross-document ones included. Each injected error must be found, and
a store that breaks the layout contract must still be validated exactly (the per-source shapes then
run on the whole store), where a plain per-source run would not be.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from tests.graph.validate.test_shacl_sparql import BROKEN, Key, keys
from tipkg import ontology
from tipkg.graph.build.build import BuildResult, build
from tipkg.graph.validate.compile import CompiledCheck, shipped_checks
from tipkg.graph.validate.per_source import (
    LOCAL_PREDICATES,
    ValidationScope,
    is_source_graph,
    layout_breaches,
    shape_scopes,
    split_checks,
    validate_sources,
)
from tipkg.graph.validate.pyshacl_engine import validate
from tipkg.graph.validate.report import SHAPES, ValidationReport, Violation
from tipkg.graph.validate.sparql_engine import run_check, store_from_dataset, validate_store
from tipkg.ontology import shapes_graph
from tipkg.ontology.namespaces import CITO, ELI, OA, TIP, sparql_prolog
from tipkg.queries.sparql_text import mask
from tipkg.synth.corpus import generate

LOCAL, ONCE = split_checks(shipped_checks())
Docs = list[tuple[str, str]]  # (document, its graph) in SPARQL syntax, ordered by graph
Injection = Callable[[ox.Store, Docs], tuple[URIRef, str]]  # -> (shape, focus in SPARQL syntax)


def _keys(violations: Iterable[Violation]) -> set[Key]:
    return keys(ValidationReport(violations=list(violations)))


def _copy(store: ox.Store) -> ox.Store:
    out = ox.Store()
    out.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return out


def _row(store: ox.Store, query: str) -> dict[str, str]:
    """The first solution of a SELECT, each term in SPARQL syntax."""
    result = store.query(sparql_prolog() + query)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    for solution in result:
        return {n: str(solution[n]) for n in names}
    raise AssertionError(f"no solution for {query}")


def _update(store: ox.Store, text: str) -> None:
    """Apply an update that must change the data."""
    before = set(store)
    store.update(sparql_prolog() + text)
    assert set(store) != before, text


def _naive(store: ox.Store, checks: Iterable[CompiledCheck]) -> set[Key]:
    """``checks`` run on each source graph plus the context, without the layout guard."""
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    context: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
        ox.NamedNode(n) for n in names if not is_source_graph(n)
    ]
    return {
        k
        for n in names
        if is_source_graph(n)
        for check in checks
        for k in _keys(run_check(store, check, [ox.NamedNode(n), *context]))
    }


def _whole(store: ox.Store, checks: Iterable[CompiledCheck]) -> set[Key]:
    return {k for check in checks for k in _keys(run_check(store, check, None))}


def _focus(term: str) -> URIRef:
    assert term.startswith("<") and term.endswith(">"), term
    return URIRef(term[1:-1])


# --------------------------------------------------------------------------- the classification


def _targeted() -> set[URIRef]:
    g = shapes_graph()
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    return {s for t in targets for s in g.subjects(t) if isinstance(s, URIRef)}


def test_every_targeted_shape_declares_one_scope() -> None:
    g = shapes_graph()
    scopes = shape_scopes()
    for shape in _targeted():
        assert len(list(g.objects(shape, TIP.validationScope))) == 1, shape
        assert shape in scopes
    assert {s for s, v in scopes.items() if v is ValidationScope.PER_SOURCE} == {
        SHAPES.SpanRequiredShape,
        SHAPES.SpanOffsetsShape,
        SHAPES.UniqueParagraphNumberShape,
        SHAPES.OpeningPhraseShape,
        SHAPES.CitationCharacterizationShape,
        SHAPES.DeclaredRelationShape,
    }
    assert {c.shape for c in LOCAL} | {c.shape for c in ONCE} == _targeted()


def test_scopes_are_declared_in_the_ontology() -> None:
    onto = ontology.load("tipkg.ttl")
    assert (TIP.validationScope, RDF.type, OWL.AnnotationProperty) in onto
    for scope in ValidationScope:
        assert (scope.value, RDF.type, TIP.ValidationScope) in onto
        assert onto.value(scope.value, RDFS.label) and onto.value(scope.value, SKOS.definition)


# What the per-source checks may mention: the local predicates of the contract (L1, L2), single
# triples (tip:verb, tip:relation), vocabulary (L3), and constants. A new per-source shape reading
# anything else fails here: the contract, and layout_breaches, must then be extended first.
# eli:is_realized_by: a paragraph without a span of its own has language versions (per_source L1')
READ = {
    *LOCAL_PREDICATES,
    RDF.type,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    TIP.verb,
    TIP.relation,
    ELI.is_realized_by,
}
CONSTANTS = {
    TIP.PreambularParagraph,
    TIP.OperativeParagraph,
    TIP.SubParagraph,
    TIP.Footnote,
    TIP.ParagraphExpression,
    CITO.Citation,
    OA.TextPositionSelector,
    SKOS.Concept,
    ELI.cites,
    XSD.integer,
}


def _iris(query: str) -> set[URIRef]:
    prefixes = dict(re.findall(r"PREFIX (\w+): <([^>]*)>", query))
    body = re.sub(r"PREFIX \w+: <[^>]*>\n", "", query)
    found = {URIRef(i) for i in re.findall(r"<([^<>\s\"{}|^`\\]*)>", body)}
    for prefix, local in re.findall(r"(?<![\w?$])([A-Za-z][\w-]*):([A-Za-z_][\w-]*)", mask(body)):
        found.add(URIRef(prefixes[prefix] + local))
    return found


def test_per_source_checks_read_only_what_the_contract_covers() -> None:
    assert LOCAL
    mentioned = {i for c in LOCAL for q in (c.query, c.focus_query or "", c.prebound or "") for i in _iris(q)}
    assert mentioned <= READ | CONSTANTS, mentioned - READ - CONSTANTS
    assert {RDFS.subClassOf, ELI.is_part_of, TIP.span, OA.start} <= mentioned  # the parser sees both forms


# --------------------------------------------------------------------------- broken graphs, corpus


@pytest.mark.parametrize("name", list(BROKEN))
def test_same_violations_as_pyshacl_on_broken_graphs(name: str) -> None:
    ds = BROKEN[name]()
    store = store_from_dataset(ds)
    assert layout_breaches(store) == []  # the per-source path is the one compared
    got = validate_sources(store)
    assert keys(got) == keys(validate(ds))
    assert got.violations == validate_store(store).violations


def test_same_violations_as_pyshacl_on_the_corpus(built_corpus: BuildResult) -> None:
    assert layout_breaches(built_corpus.store) == []
    got = validate_sources(built_corpus.store, jobs=2)
    assert keys(got) == keys(validate(built_corpus.dataset))
    assert Counter(got.violations) == Counter(validate_store(built_corpus.store).violations)  # located alike


# --------------------------------------------------------------------------- a synthetic corpus


def _paragraph(store: ox.Store, graph: str, kind: str = "tip:OperativeParagraph") -> dict[str, str]:
    return _row(
        store, f"SELECT ?p ?s WHERE {{ GRAPH {graph} {{ ?p a {kind} ; tip:span ?s }} }} ORDER BY ?p LIMIT 1"
    )


def _span_required(store: ox.Store, docs: Docs) -> tuple[URIRef, str]:
    g = docs[0][1]
    row = _paragraph(store, g)
    _update(store, f"DELETE DATA {{ GRAPH {g} {{ {row['p']} tip:span {row['s']} }} }}")
    return SHAPES.SpanRequiredShape, row["p"]


def _span_offsets(store: ox.Store, docs: Docs) -> tuple[URIRef, str]:
    g = docs[1][1]
    s = _paragraph(store, g, "tip:PreambularParagraph")["s"]
    _update(
        store,
        f"DELETE {{ GRAPH {g} {{ {s} oa:start ?x }} }} INSERT {{ GRAPH {g} {{ {s} oa:start ?bad }} }} "
        f"WHERE {{ GRAPH {g} {{ {s} oa:start ?x ; oa:end ?e }} BIND(?e + 1 AS ?bad) }}",
    )
    return SHAPES.SpanOffsetsShape, s


def _paragraph_number(store: ox.Store, docs: Docs) -> tuple[URIRef, str]:
    """A second tip:order: two paragraphs of the same number merged into one node."""
    g = docs[2][1]
    p = _paragraph(store, g)["p"]
    _update(store, f"INSERT DATA {{ GRAPH {g} {{ {p} tip:order 9999 }} }}")
    return SHAPES.UniqueParagraphNumberShape, p


def _opening_phrase(store: ox.Store, docs: Docs) -> tuple[URIRef, str]:
    g = docs[3][1]
    row = _row(store, f"SELECT ?p ?v WHERE {{ GRAPH {g} {{ ?p tip:openingPhrase ?v }} }} ORDER BY ?p LIMIT 1")
    _update(
        store,
        f"DELETE DATA {{ GRAPH {g} {{ {row['p']} tip:openingPhrase {row['v']} }} }} ;"
        f"INSERT DATA {{ GRAPH {g} {{ {row['p']} tip:openingPhrase phrase:NoSuchPhrase }} }}",
    )
    return SHAPES.OpeningPhraseShape, row["p"]


def _characterization(store: ox.Store, docs: Docs) -> tuple[URIRef, str]:
    g = docs[4][1]
    row = _row(
        store,
        f"SELECT ?c ?r WHERE {{ GRAPH {g} {{ ?c cito:hasCitationCharacterization ?r }} }} ORDER BY ?c LIMIT 1",
    )
    _update(
        store,
        f"DELETE DATA {{ GRAPH {g} {{ {row['c']} cito:hasCitationCharacterization {row['r']} }} }} ;"
        f"INSERT DATA {{ GRAPH {g} {{ {row['c']} cito:hasCitationCharacterization tip:frobnicates }} }}",
    )
    return SHAPES.CitationCharacterizationShape, row["c"]


def _verb(store: ox.Store, docs: Docs) -> tuple[URIRef, str]:
    g = docs[5][1]
    p = _row(store, f"SELECT ?p WHERE {{ GRAPH {g} {{ ?p tip:verb ?v }} }} ORDER BY ?p LIMIT 1")["p"]
    _update(store, f"INSERT DATA {{ GRAPH {g} {{ {p} tip:verb tip:frobnicates }} }}")
    return SHAPES.DeclaredRelationShape, p


def _untyped_target(store: ox.Store, docs: Docs) -> tuple[URIRef, str]:
    g = docs[6][1]
    row = _row(
        store, f"SELECT ?c ?t WHERE {{ GRAPH {g} {{ ?c cito:hasCitedEntity ?t }} }} ORDER BY ?c LIMIT 1"
    )
    _update(
        store,
        f"DELETE DATA {{ GRAPH {g} {{ {row['c']} cito:hasCitedEntity {row['t']} }} }} ;"
        f"INSERT DATA {{ GRAPH {g} {{ {row['c']} cito:hasCitedEntity id:instrument\\/NO-SUCH-KEY }} }}",
    )
    return SHAPES.CitationTargetTypedShape, row["c"]


def _cites_later(store: ox.Store, _: Docs) -> tuple[URIRef, str]:
    """The earliest loaded document recalls the latest: the dates are in two graphs."""
    row = _row(
        store,
        """SELECT ?early ?late ?g WHERE { GRAPH ?g { ?early tip:stub false ; eli:date_document ?d1 }
           GRAPH ?h { ?late tip:stub false ; eli:date_document ?d2 } FILTER(?d2 > ?d1) }
           ORDER BY ?d1 DESC(?d2) LIMIT 1""",
    )
    _update(store, f"INSERT DATA {{ GRAPH {row['g']} {{ {row['early']} tip:recalls {row['late']} }} }}")
    return SHAPES.CitesLaterDocumentShape, row["early"]


def _stub_flag_conflict(store: ox.Store, _: Docs) -> tuple[URIRef, str]:
    """A citing graph keeps ``tip:stub true`` on a document another source loads (``false``), with a
    year-only date: only the union has that document loaded with two dates, one not an xsd:date."""
    row = _row(
        store,
        """SELECT ?x ?g WHERE { GRAPH ?h { ?x tip:stub false } GRAPH ?g { ?x eli:date_document ?d }
           FILTER(?g != ?h) } ORDER BY DESC(?x) ?g LIMIT 1""",
    )
    x, g = row["x"], row["g"]
    _update(
        store,
        f"DELETE {{ GRAPH {g} {{ {x} eli:date_document ?d }} }} "
        f"INSERT {{ GRAPH {g} {{ {x} tip:stub true ; eli:date_document ?year }} }} "
        f"WHERE {{ GRAPH {g} {{ {x} eli:date_document ?d }} BIND(STRDT(SUBSTR(STR(?d), 1, 4), xsd:gYear) AS ?year) }}",
    )
    return SHAPES.ResolutionDateShape, x


def _duplicate_symbol(store: ox.Store, _: Docs) -> tuple[URIRef, str]:
    """A citing graph writes another symbol for a loaded document: two symbols in the union."""
    row = _row(
        store,
        """SELECT ?x ?g WHERE { GRAPH ?h { ?x tip:stub false } GRAPH ?g { ?x dcterms:identifier ?id }
           FILTER(?g != ?h) } ORDER BY ?x ?g LIMIT 1""",
    )
    x, g = row["x"], row["g"]
    _update(
        store,
        f"DELETE {{ GRAPH {g} {{ {x} dcterms:identifier ?id }} }} "
        f'INSERT {{ GRAPH {g} {{ {x} dcterms:identifier "A/RES/999/999" }} }} '
        f"WHERE {{ GRAPH {g} {{ {x} dcterms:identifier ?id }} }}",
    )
    return SHAPES.ResolutionSymbolShape, x


def _literal_body(store: ox.Store, _: Docs) -> tuple[URIRef, str]:
    row = _row(
        store,
        "SELECT ?z ?g WHERE { GRAPH ?g { ?z tip:stub false ; eli:passed_by ?b } } ORDER BY DESC(?g) LIMIT 1",
    )
    z, g = row["z"], row["g"]
    _update(
        store,
        f'DELETE {{ GRAPH {g} {{ {z} eli:passed_by ?b }} }} INSERT {{ GRAPH {g} {{ {z} eli:passed_by "GA" }} }} '
        f"WHERE {{ GRAPH {g} {{ {z} eli:passed_by ?b }} }}",
    )
    return SHAPES.ResolutionBodyShape, z


def _no_label(store: ox.Store, _: Docs) -> tuple[URIRef, str]:
    """A loaded document without label in any graph (its own, and those citing it)."""
    d = _row(store, "SELECT ?d WHERE { GRAPH ?g { ?d tip:stub false } } ORDER BY DESC(?d) LIMIT 1 OFFSET 1")[
        "d"
    ]
    _update(store, f"DELETE WHERE {{ GRAPH ?g {{ {d} rdfs:label ?l }} }}")
    return SHAPES.LabelShape, d


def _unts_volume(store: ox.Store, _: Docs) -> tuple[URIRef, str]:
    row = _row(store, "SELECT ?i ?g WHERE { GRAPH ?g { ?i tip:untsVolume ?v } } ORDER BY ?i LIMIT 1")
    i, g = row["i"], row["g"]
    _update(
        store,
        f"DELETE {{ GRAPH {g} {{ {i} tip:untsVolume ?v }} }} INSERT {{ GRAPH {g} {{ {i} tip:untsVolume 0 }} }} "
        f"WHERE {{ GRAPH {g} {{ {i} tip:untsVolume ?v }} }}",
    )
    return SHAPES.UntsVolumeShape, i


def _supplements(store: ox.Store, _: Docs) -> tuple[URIRef, str]:
    row = _row(store, "SELECT ?p ?c ?g WHERE { GRAPH ?g { ?p tip:supplements ?c } } ORDER BY ?p LIMIT 1")
    body = _row(store, "SELECT ?b WHERE { GRAPH ?g { ?b a org:FormalOrganization } } ORDER BY ?b LIMIT 1")[
        "b"
    ]
    p, g = row["p"], row["g"]
    _update(
        store,
        f"DELETE DATA {{ GRAPH {g} {{ {p} tip:supplements {row['c']} }} }} ;"
        f"INSERT DATA {{ GRAPH {g} {{ {p} tip:supplements {body} }} }}",
    )
    return SHAPES.SupplementsConventionShape, p


def _mandate_holder(store: ox.Store, _: Docs) -> tuple[URIRef, str]:
    row = _row(store, "SELECT ?m ?g WHERE { GRAPH ?g { ?m a tip:MandateHolder } } ORDER BY ?m LIMIT 1")
    _update(store, f"INSERT DATA {{ GRAPH {row['g']} {{ {row['m']} org:subOrganizationOf id:body\\/GA }} }}")
    return SHAPES.MandateHolderPostShape, row["m"]


def _state_code(store: ox.Store, _: Docs) -> tuple[URIRef, str]:
    s = _row(store, "SELECT ?s WHERE { GRAPH ?g { ?s a tip:MemberState } } ORDER BY ?s LIMIT 1")["s"]
    _update(store, f"DELETE WHERE {{ GRAPH ?g {{ {s} tip:isoAlpha2 ?c }} }}")
    return SHAPES.StateCodesShape, s


def _admission(store: ox.Store, _: Docs) -> tuple[URIRef, str]:
    s = _row(store, "SELECT ?s WHERE { GRAPH ?g { ?s a tip:MemberState } } ORDER BY DESC(?s) LIMIT 1")["s"]
    _update(store, f"DELETE WHERE {{ GRAPH ?g {{ {s} tip:admissionDate ?d }} }}")
    return SHAPES.MemberStateAdmissionShape, s


def _parties(store: ox.Store, _: Docs) -> tuple[URIRef, str]:
    i = _row(store, "SELECT ?i WHERE { GRAPH ?g { ?i tip:numberOfParties ?n } } ORDER BY ?i LIMIT 1")["i"]
    _update(
        store,
        f"DELETE WHERE {{ GRAPH ?g {{ ?a rdf:subject {i} ; rdf:predicate tip:numberOfParties ; tip:asOf ?d }} }}",
    )
    return SHAPES.PartiesAsOfShape, i


def _unregistered(store: ox.Store, docs: Docs) -> tuple[URIRef, str]:
    """A name the registry does not know, stated by a document without any spelling of it."""
    g = docs[0][1]
    name = "<https://w3id.org/tipkg/id/unregistered/body/injected>"
    _update(store, f'INSERT DATA {{ GRAPH {g} {{ {name} a tip:UnregisteredBody ; rdfs:label "Injected" }} }}')
    return SHAPES.UnregisteredNameShape, name


def _subject_without_scheme(store: ox.Store, docs: Docs) -> tuple[URIRef, str]:
    d, g = docs[7]
    _update(store, f"INSERT DATA {{ GRAPH {g} {{ {d} dcterms:subject <http://example.org/concept/1> }} }}")
    return SHAPES.SubjectConceptShape, "<http://example.org/concept/1>"


def _vote_count(store: ox.Store, docs: Docs) -> tuple[URIRef, str]:
    vote, g = f"<{docs[8][0][1:-1]}/vote>", docs[8][1]
    _update(store, f"INSERT DATA {{ GRAPH {g} {{ {vote} a tip:Vote ; tip:againstCount -2 }} }}")
    return SHAPES.VoteCountShape, vote


def _vote_voters(store: ox.Store, docs: Docs) -> tuple[URIRef, str]:
    vote, g = f"<{docs[9][0][1:-1]}/vote>", docs[9][1]
    _update(
        store,
        f"INSERT DATA {{ GRAPH {g} {{ {vote} a tip:Vote ; tip:inFavourCount 2 ; tip:inFavour {vote} }} }}",
    )
    return SHAPES.VoteVotersShape, vote


INJECTIONS: dict[str, Injection] = {
    f.__name__.strip("_"): f
    for f in (
        _span_required,
        _span_offsets,
        _paragraph_number,
        _opening_phrase,
        _characterization,
        _verb,
        _untyped_target,
        _cites_later,
        _stub_flag_conflict,
        _duplicate_symbol,
        _literal_body,
        _no_label,
        _unts_volume,
        _supplements,
        _mandate_holder,
        _state_code,
        _admission,
        _parties,
        _unregistered,
        _subject_without_scheme,
        _vote_count,
        _vote_voters,
    )
}


def _docs(store: ox.Store) -> Docs:
    result = store.query(
        sparql_prolog() + "SELECT ?d ?g WHERE { GRAPH ?g { ?d tip:stub false } } ORDER BY ?g"
    )
    assert isinstance(result, ox.QuerySolutions)
    return [(str(row["d"]), str(row["g"])) for row in result]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("synth")
    generate(40, 5, out, truth=False, jobs=1)
    result = build([out / "resolutions"], validate=False)
    assert len(result.documents) == 40, result.errors
    return result


@pytest.fixture(scope="module")
def injected(synthetic: BuildResult) -> tuple[ox.Store, dict[str, tuple[URIRef, URIRef]]]:
    """The synthetic build with one error per shape; name -> the (shape, focus) it must produce."""
    store = _copy(synthetic.store)
    docs = _docs(store)
    expected: dict[str, tuple[URIRef, URIRef]] = {}
    for name, inject in INJECTIONS.items():
        shape, focus = inject(store, docs)
        expected[name] = (shape, _focus(focus))
    return store, expected


@pytest.fixture(scope="module")
def reference(injected: tuple[ox.Store, dict[str, tuple[URIRef, URIRef]]]) -> ValidationReport:
    return validate_store(injected[0])


def test_synthetic_corpus_conforms(synthetic: BuildResult) -> None:
    assert layout_breaches(synthetic.store) == []
    assert validate_sources(synthetic.store).violations == []


def test_same_violations_as_pyshacl_with_injected_errors(
    injected: tuple[ox.Store, dict[str, tuple[URIRef, URIRef]]],
) -> None:
    store, expected = injected
    assert layout_breaches(store) == []
    got = validate_sources(store, jobs=2)
    assert keys(got) == keys(validate(BuildResult(store=store).dataset))
    found = {(v.shape, v.focus) for v in got.violations}
    missing = {name: e for name, e in expected.items() if e not in found}
    assert not missing, missing
    assert got.shapes() == _targeted()  # every shape with targets caught its error
    per_source = {v.graph for v in got.violations if v.shape in {c.shape for c in LOCAL}}
    assert len(per_source) >= 6  # the per-source errors are in six different source graphs


def test_same_report_as_validate_store(
    injected: tuple[ox.Store, dict[str, tuple[URIRef, URIRef]]], reference: ValidationReport
) -> None:
    """Same violations, messages and locations (graph, file, line); the order may differ."""
    got = validate_sources(injected[0])
    assert Counter(got.violations) == Counter(reference.violations)
    assert got.graphs == reference.graphs
    assert all(v.source_file for v in got.violations if v.shape in {c.shape for c in LOCAL})


def test_one_and_two_jobs_give_the_same_report(
    injected: tuple[ox.Store, dict[str, tuple[URIRef, URIRef]]],
) -> None:
    store = injected[0]
    assert validate_sources(store, jobs=2).violations == validate_sources(store, jobs=1).violations


def test_cross_document_shapes_need_the_whole_store(
    injected: tuple[ox.Store, dict[str, tuple[URIRef, URIRef]]], reference: ValidationReport
) -> None:
    """Run per source, the cross-document checks miss violations and report false ones."""
    store, expected = injected
    whole = _whole(store, ONCE)
    assert whole == {k for k in keys(reference) if k[0] in {c.shape for c in ONCE}}
    missed = whole - _naive(store, ONCE)
    for name in ("stub_flag_conflict", "duplicate_symbol", "cites_later"):
        assert any(k[:2] == expected[name] for k in missed), name
    # Data other graphs complete: a loaded document whose own graph lacks its body and label, which
    # the graphs citing it give; a citation whose graph does not type the document it cites.
    store = _copy(store)
    row = _row(
        store,
        """SELECT ?x ?h WHERE { GRAPH ?h { ?x tip:stub false ; eli:passed_by ?b }
           GRAPH ?g { ?x eli:passed_by ?c ; rdfs:label ?l } FILTER(?g != ?h) } ORDER BY ?x LIMIT 1""",
    )
    x, h = row["x"], row["h"]
    _update(store, f"DELETE WHERE {{ GRAPH {h} {{ {x} eli:passed_by ?b ; rdfs:label ?l }} }}")
    cited = _row(
        store,
        """SELECT ?c ?g WHERE { GRAPH ?g { ?c cito:hasCitedEntity ?x . ?x a ?t }
           GRAPH ?h { ?x tip:stub false } FILTER(?g != ?h) } ORDER BY ?c LIMIT 1""",
    )
    g, c = cited["g"], cited["c"]
    _update(
        store,
        f"DELETE {{ GRAPH {g} {{ ?x a ?t }} }} WHERE {{ GRAPH {g} {{ {c} cito:hasCitedEntity ?x . ?x a ?t }} }}",
    )
    false = _naive(store, ONCE) - _whole(store, ONCE)
    assert {k[:2] for k in false} >= {
        (SHAPES.ResolutionBodyShape, _focus(x)),
        (SHAPES.LabelShape, _focus(x)),
        (SHAPES.CitationTargetTypedShape, _focus(cited["c"])),
    }


def test_a_subset_of_sources_validates_only_those(
    injected: tuple[ox.Store, dict[str, tuple[URIRef, URIRef]]], reference: ValidationReport
) -> None:
    store, expected = injected
    docs = _docs(store)
    chosen = [_focus(docs[0][1]), _focus(docs[1][1])]  # span required, span offsets
    local_shapes = {c.shape for c in LOCAL}
    report = validate_sources(store, graphs=chosen)
    local = [v for v in report.violations if v.shape in local_shapes]
    assert local == [v for v in reference.violations if v.shape in local_shapes and v.graph in chosen]
    found = {(v.shape, v.focus) for v in report.violations}
    assert {expected["span_required"], expected["span_offsets"]} <= found
    assert expected["paragraph_number"] not in found and expected["verb"] not in found
    assert {k for k in keys(report) if k[0] not in local_shapes} == {
        k for k in keys(reference) if k[0] not in local_shapes
    }  # the cross-document checks still see the whole store
    only_local = validate_sources(store, graphs=chosen, cross_document=False)
    assert only_local.violations == local
    assert set(only_local.graphs) >= set(chosen) and len(only_local.graphs) < len(reference.graphs)


def test_on_disk_store_with_read_only_workers(
    injected: tuple[ox.Store, dict[str, tuple[URIRef, URIRef]]], tmp_path: Path
) -> None:
    store, _ = injected
    disk = ox.Store(str(tmp_path / "store"))
    disk.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    got = validate_sources(disk, jobs=2, path=tmp_path / "store")
    assert Counter(got.violations) == Counter(
        validate_sources(store).violations
    )  # rows may come in another order


# --------------------------------------------------------------------------- layout breaches


def _split_node(store: ox.Store, docs: Docs) -> None:
    """L1: a paragraph's tip:span triple moved to another source's graph."""
    g, h = docs[0][1], docs[1][1]
    row = _paragraph(store, g)
    _update(
        store,
        f"DELETE DATA {{ GRAPH {g} {{ {row['p']} tip:span {row['s']} }} }} ;"
        f"INSERT DATA {{ GRAPH {h} {{ {row['p']} tip:span {row['s']} }} }}",
    )


def _foreign_sibling(store: ox.Store, docs: Docs) -> None:
    """L2: another source's graph adds a paragraph to a document, numbered as one of its own."""
    g, h = docs[0][1], docs[1][1]
    row = _row(
        store,
        f"SELECT ?p ?d ?n WHERE {{ GRAPH {g} {{ ?p a tip:OperativeParagraph ; eli:is_part_of ?d ; eli:number ?n }} }}"
        " ORDER BY ?p LIMIT 1",
    )
    bis = f"<{_focus(row['p'])}-bis>"
    span = f"<{_focus(row['p'])}-bis/span>"
    _update(
        store,
        f"INSERT DATA {{ GRAPH {h} {{ {bis} a tip:OperativeParagraph ; eli:is_part_of {row['d']} ; "
        f"eli:number {row['n']} ; tip:span {span} . {span} a oa:TextPositionSelector ; oa:start 0 ; oa:end 1 }} }}",
    )


def _foreign_vocabulary(store: ox.Store, docs: Docs) -> None:
    """L3: a source's graph declares the relation another source's paragraph uses."""
    g, h = docs[0][1], docs[1][1]
    p = _paragraph(store, g)["p"]
    _update(
        store,
        f"INSERT DATA {{ GRAPH {g} {{ {p} tip:verb tip:frobnicates }} "
        f"GRAPH {h} {{ tip:frobnicates rdfs:subPropertyOf eli:cites }} }}",
    )


BREACHES: dict[str, tuple[str, Callable[[ox.Store, Docs], None]]] = {
    "split node": ("L1", _split_node),
    "foreign sibling": ("L2", _foreign_sibling),
    "foreign vocabulary": ("L3", _foreign_vocabulary),
}


@pytest.mark.parametrize("name", list(BREACHES))
def test_a_broken_layout_is_still_validated_exactly(
    name: str, synthetic: BuildResult, caplog: pytest.LogCaptureFixture
) -> None:
    rule, breach = BREACHES[name]
    store = _copy(synthetic.store)
    breach(store, _docs(store))
    assert any(b.startswith(rule) for b in layout_breaches(store)), layout_breaches(store)
    expected = _whole(store, LOCAL)
    assert _naive(store, LOCAL) != expected  # per source, the breach changes the result
    for jobs in (1, 2):
        got = validate_sources(store, jobs=jobs)
        assert {k for k in keys(got) if k[0] in {c.shape for c in LOCAL}} == expected
        assert keys(got) == keys(validate_store(store))
    assert "whole store" in caplog.text
