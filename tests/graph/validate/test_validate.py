"""The validation report: grouping, source file:line attribution, graph selection, rendering, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD
from rich.console import Console
from typer.testing import CliRunner

from tests.shape_data import (
    DOC_FILE,
    PROTOCOL,
    REGISTRY_FILE,
    REGISTRY_GRAPH,
    UDHR,
    UNTOC,
    dataset,
    document,
    registry_graph,
    valid_dataset,
)
from tipkg.cli import app
from tipkg.graph.validate.pyshacl_engine import data_graph, validate
from tipkg.graph.validate.report import SHAPES, ValidationReport, Violation
from tipkg.graph.validate.view import compact, compact_text, render_report
from tipkg.loaders.emit import emit
from tipkg.loaders.model import Citation, Span, Target
from tipkg.ontology import ontology_graph
from tipkg.ontology.ids import doc_iri, document_graph_iri, paragraph_iri, span_iri
from tipkg.ontology.namespaces import ELI, OA, TIP

DOC = doc_iri("A/RES/61/180")
OTHER = doc_iri("A/RES/74/176")
OTHER_FILE = "resolutions/A_RES_74_176.txt"


def broken_dataset() -> tuple[Graph, Graph, Graph]:
    """Registry + two documents with known errors at known lines.

    A/RES/61/180: a citation at line 7 to an unknown instrument, a later document cited at line 5,
    a span with start > end on operative paragraph 2 (line 12). A/RES/74/176: no adoption date.
    Registry: the Protocol supplements a declaration (YAML line 20), UNTOC volume 0 (line 3).
    """
    doc = document()
    doc.paragraphs[1].citations.append(
        Citation(Target("instrument", "NO-SUCH-KEY"), "reaffirms", Span(330, 340), "x" * 10)
    )
    later = Target("resolution", "A/RES/64/293", body="GA", date="2010-07-30", doc_type="resolution")
    doc.paragraphs[0].citations.append(Citation(later, "recalls", Span(200, 220), "x" * 20))
    g = emit(doc)
    sel = span_iri(paragraph_iri(DOC, "op", "2"))
    g.set((sel, OA.start, Literal(900)))
    other = emit(document(symbol="A/RES/74/176", date=None, source_path=OTHER_FILE, source_sha256="ef" * 32))
    reg = registry_graph()
    reg.set((PROTOCOL, TIP.supplements, UDHR))
    reg.set((UNTOC, TIP.untsVolume, Literal(0, datatype=XSD.positiveInteger)))
    return reg, g, other


@pytest.fixture(scope="module")
def report() -> ValidationReport:
    return validate(dataset(*broken_dataset()))


def only(report: ValidationReport, shape: URIRef) -> Violation:
    found = report.by_shape()[shape]
    assert len(found) == 1, found
    return found[0]


def test_report_groups_by_shape(report: ValidationReport) -> None:
    groups = report.by_shape()
    assert set(groups) == {
        SHAPES.CitationTargetTypedShape,
        SHAPES.CitesLaterDocumentShape,
        SHAPES.SpanOffsetsShape,
        SHAPES.ResolutionDateShape,
        SHAPES.SupplementsConventionShape,
        SHAPES.UntsVolumeShape,
    }
    assert sum(len(v) for v in groups.values()) == len(report.violations)
    assert all(v.shape == shape for shape, vs in groups.items() for v in vs)
    names = [vs[0].shape_name for vs in groups.values()]
    assert names == sorted(names, key=str.casefold)
    assert not report.conforms
    assert report.count("Violation") == len(report.violations)


def test_citation_result_points_at_the_paragraph_line(report: ValidationReport) -> None:
    v = only(report, SHAPES.CitationTargetTypedShape)
    assert v.focus == URIRef(f"{paragraph_iri(DOC, 'pp', '2')}/cit/2")
    assert (v.source_file, v.line) == (DOC_FILE, 7)
    assert v.graph == document_graph_iri(DOC)
    assert v.location == f"{DOC_FILE}:7"
    assert v.severity == "Violation"
    assert "rdf:type" in v.message


def test_document_level_result_points_at_the_citing_paragraph(report: ValidationReport) -> None:
    v = only(report, SHAPES.CitesLaterDocumentShape)
    assert (v.focus, v.value) == (DOC, doc_iri("A/RES/64/293"))
    assert (v.source_file, v.line) == (DOC_FILE, 5)


def test_span_result_points_at_its_paragraph(report: ValidationReport) -> None:
    v = only(report, SHAPES.SpanOffsetsShape)
    assert v.focus == span_iri(paragraph_iri(DOC, "op", "2"))
    assert (v.source_file, v.line) == (DOC_FILE, 12)


def test_document_result_names_its_own_graph_and_file(report: ValidationReport) -> None:
    v = only(report, SHAPES.ResolutionDateShape)
    assert v.focus == OTHER
    assert v.graph == document_graph_iri(OTHER)
    assert v.source_file == OTHER_FILE
    assert v.line is None
    assert v.location == OTHER_FILE


def test_registry_results_point_at_the_yaml_line(report: ValidationReport) -> None:
    sup = only(report, SHAPES.SupplementsConventionShape)
    assert (sup.graph, sup.source_file, sup.line) == (REGISTRY_GRAPH, REGISTRY_FILE, 20)
    vol = only(report, SHAPES.UntsVolumeShape)
    assert (vol.focus, vol.location) == (UNTOC, f"{REGISTRY_FILE}:3")


def test_stub_in_another_graph_does_not_steal_attribution() -> None:
    """A/RES/74/176 is a stub in a citing graph and loaded in its own: results go to its own."""
    reg, _, other = broken_dataset()
    citing = document(source_path="resolutions/citing.txt", symbol="A/RES/75/1", date="2020-12-01")
    cited = Target("resolution", "A/RES/74/176", doc_type="resolution")  # no date: the stub adds none
    citing.paragraphs[0].citations.append(Citation(cited, "recalls", Span(200, 220), "x" * 20))
    report = validate(dataset(reg, emit(citing), other))
    v = only(report, SHAPES.ResolutionDateShape)
    assert v.graph == document_graph_iri(OTHER)


def test_sources_mapping_overrides_provenance() -> None:
    reg, g, other = broken_dataset()
    report = validate(dataset(reg, g, other), sources={str(document_graph_iri(OTHER)): Path("/data/x.pdf")})
    assert only(report, SHAPES.ResolutionDateShape).source_file == "/data/x.pdf"


def test_validating_a_few_graphs_reports_only_theirs() -> None:
    reg, g, other = broken_dataset()
    ds = dataset(reg, g, other)
    report = validate(ds, graphs=[document_graph_iri(OTHER), REGISTRY_GRAPH])
    assert report.shapes() == {
        SHAPES.ResolutionDateShape,
        SHAPES.SupplementsConventionShape,
        SHAPES.UntsVolumeShape,
    }
    assert set(report.graphs) == {document_graph_iri(OTHER), REGISTRY_GRAPH}
    alone = validate(ds, graphs=[document_graph_iri(DOC)])
    # without the registry graph, every cited instrument is unknown
    typed = {v.value for v in alone.violations if v.shape == SHAPES.CitationTargetTypedShape}
    assert UNTOC in typed and PROTOCOL in typed


def test_plain_graph_is_validated() -> None:
    g = emit(document(body=None))
    report = validate(g)
    assert SHAPES.ResolutionBodyShape in report.shapes()
    assert only(report, SHAPES.ResolutionBodyShape).source_file == DOC_FILE


def test_valid_report_conforms_and_renders() -> None:
    report = validate(valid_dataset())
    assert report.conforms and report.by_shape() == {}
    console = Console(record=True, width=200)
    render_report(report, console)
    assert "conforms" in console.export_text()


def test_warnings_do_not_break_conformance() -> None:
    v = Violation(
        shape=SHAPES.LabelShape,
        shape_name="label",
        focus=DOC,
        path=RDFS.label,
        value=None,
        message="m",
        severity="Warning",
    )
    assert ValidationReport(violations=[v]).conforms
    assert not ValidationReport(violations=[v, Violation(**{**v.__dict__, "severity": "Violation"})]).conforms


def test_render_shows_a_table_per_shape(report: ValidationReport) -> None:
    console = Console(record=True, width=250)
    render_report(report, console)
    text = console.export_text()
    for violations in report.by_shape().values():
        assert violations[0].shape_name in text
    assert f"{DOC_FILE}:7" in text
    assert "tsh:CitationTargetTypedShape" in text
    assert "id:instrument/NO-SUCH-KEY" in text
    assert "does not conform" in text


def test_compact_names() -> None:
    assert compact(TIP.recalls) == "tip:recalls"
    assert compact(DOC) == "id:doc/A/RES/61/180"
    assert compact(Literal("x" * 100)).endswith('…"')
    assert compact(URIRef("http://example.org/a")) == "<http://example.org/a>"
    assert compact(None) == ""
    message = f"Cites {doc_iri('A/RES/64/293')}, after {TIP.recalls}."
    assert compact_text(message) == "Cites id:doc/A/RES/64/293, after tip:recalls."


# --------------------------------------------------------------------------- the command


def _write(tmp_path: Path, name: str, *graphs: Graph) -> Path:
    path = tmp_path / name
    ds = dataset(*graphs)
    fmt = {".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld", ".ttl": "turtle"}[path.suffix]
    if fmt == "turtle":
        merged = Graph()
        for g in graphs:
            merged += g
        merged.serialize(path, format="turtle")
    else:
        ds.serialize(path, format=fmt)
    return path


runner = CliRunner()


@pytest.mark.parametrize("name", ["ok.trig", "ok.nq", "ok.jsonld", "ok.ttl"])
def test_cli_exits_0_on_a_valid_file(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, registry_graph(), emit(document()))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_cli_exits_1_and_lists_violations_by_shape(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.trig", *broken_dataset())
    result = runner.invoke(app, ["validate", str(path)], env={"COLUMNS": "250"})
    assert result.exit_code == 1, result.output
    assert "cites later document" in result.output
    assert f"{DOC_FILE}:7" in result.output
    assert f"{REGISTRY_FILE}:20" in result.output


def test_cli_flattened_turtle_keeps_file_and_line(tmp_path: Path) -> None:
    """A .ttl file has no named graphs: the document's graph IRI still finds its provenance."""
    path = _write(tmp_path, "bad.ttl", *broken_dataset())
    result = runner.invoke(app, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    rows = json.loads(result.output)["results"]
    row = next(r for r in rows if r["shape"] == str(SHAPES.CitationTargetTypedShape))
    assert (row["source_file"], row["line"]) == (DOC_FILE, 7)
    row = next(r for r in rows if r["shape"] == str(SHAPES.ResolutionDateShape))
    assert row["source_file"] == OTHER_FILE


def test_cli_json_output(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.nq", *broken_dataset())
    result = runner.invoke(app, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["conforms"] is False
    shapes = {r["shape"] for r in payload["results"]}
    assert str(SHAPES.UntsVolumeShape) in shapes
    row = next(r for r in payload["results"] if r["shape"] == str(SHAPES.CitationTargetTypedShape))
    assert (row["source_file"], row["line"]) == (DOC_FILE, 7)


def test_cli_graph_option_limits_validation(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.trig", *broken_dataset())
    args = ["validate", str(path), "--json", "-g", str(document_graph_iri(OTHER)), "-g", str(REGISTRY_GRAPH)]
    payload = json.loads(runner.invoke(app, args).output)
    assert {r["shape"] for r in payload["results"]} == {
        str(SHAPES.ResolutionDateShape),
        str(SHAPES.SupplementsConventionShape),
        str(SHAPES.UntsVolumeShape),
    }


def test_cli_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nothing.trig")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_cli_unknown_suffix_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b\n")
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 2


def test_cli_help_has_an_example() -> None:
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == 0
    assert "Example: tipkg validate" in result.output


def test_oxigraph_backed_dataset_gives_the_same_report(report: ValidationReport) -> None:
    """Graphs already in Oxigraph are copied store to store; the results must not change."""
    ds = Dataset(store="Oxigraph")
    for g in broken_dataset():
        target = ds.graph(g.identifier)
        target += g
    ox_report = validate(ds)
    assert {v.to_dict()["shape"] for v in ox_report.violations} == {
        v.to_dict()["shape"] for v in report.violations
    }
    assert sorted((str(v.focus), v.location) for v in ox_report.violations) == sorted(
        (str(v.focus), v.location) for v in report.violations
    )


def test_memory_store_path_gives_the_same_report(report: ValidationReport) -> None:
    merged, chosen = data_graph(dataset(*broken_dataset()), store="default")
    assert len(chosen) == 3
    assert (TIP.recalls, RDFS.subPropertyOf, ELI.cites) in merged  # the shipped ontology is added
    results = validate(dataset(*broken_dataset()), inference="rdfs")
    # RDFS only adds facts: what it still reports is a subset of the default run
    assert results.shapes() <= report.shapes() | {SHAPES.LabelShape}


def test_ontology_errors_are_attributed_to_the_ontology_graph() -> None:
    """A phrase concept mapped to an undeclared relation: found in id:graph/ontology."""
    onto = Graph(identifier=URIRef("https://w3id.org/tipkg/id/graph/ontology"))
    onto += ontology_graph()
    concept = URIRef("https://w3id.org/tipkg/phrase/Frobnicating")
    onto.add((concept, TIP.relation, TIP.frobnicates))
    report = validate(dataset(onto, registry_graph(), emit(document())))
    v = only(report, SHAPES.DeclaredRelationShape)
    assert (v.focus, v.value, v.graph) == (concept, TIP.frobnicates, onto.identifier)


def test_cli_engines_agree(tmp_path: Path) -> None:
    """`--engine sparql` (the default for .trig/.nq) and `per-source` report what pyshacl reports, with
    the same source."""
    path = _write(tmp_path, "bad.nq", *broken_dataset())
    found = {}
    for engine, jobs in (("sparql", "1"), ("pyshacl", "1"), ("per-source", "2")):
        result = runner.invoke(app, ["validate", str(path), "--json", "--engine", engine, "--jobs", jobs])
        assert result.exit_code == 1
        rows = json.loads(result.output)["results"]
        found[engine] = {(r["shape"], r["focus"], r["path"], r["source_file"], r["line"]) for r in rows}
    assert found["sparql"] == found["pyshacl"] == found["per-source"]
    assert found["sparql"]
