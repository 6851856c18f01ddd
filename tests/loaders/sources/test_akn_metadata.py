"""Subjects, votes, sponsors and the other proceedings of the UN's AKN files, merged with the
repositories' metadata records (data_extract/*.json): on real files of ../shared/corpus/unxml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from tipkg.graph.build.build import build
from tipkg.loaders.emit import emit
from tipkg.loaders.model import Document
from tipkg.loaders.registry.load import default_registry
from tipkg.loaders.sources.akn import load_akn
from tipkg.loaders.sources.akn_meta import split_names
from tipkg.loaders.sources.data_extract import find_record, iso_date, records_in
from tipkg.loaders.sources.proceedings import state
from tipkg.ontology.ids import doc_iri, graph_iri, state_iri, state_slug
from tipkg.ontology.namespaces import ID, TIP

UNXML = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "unxml"
GA_RECORDED = "GAresolutions/77session/English/A_RES_77_228-2228994E.xml"  # 80-29-65, Third Committee
SC_UNANIMOUS = "SCresolutions/Pre-2020/2016/S_RES_2331_1622533E.xml"  # trafficking in persons in conflict
NOT_ADOPTED = "SCresolutions/Not adopted/English/S_2024_302-2407462E.xml"  # vetoed 13-1-1
NO_RECORD_COVERED = "ECOSOCresolutions/2021/English/E_RES_2021_1-2010157E.xml"  # records start in 2024
NO_RECORDS_AT_ALL = "GAdecisions/77 session/English"  # that repository ships no data_extract/


def _unxml(rel: str) -> Path:
    path = UNXML / rel
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared/corpus/unxml)")
    return path


def _load(rel: str) -> Document:
    return load_akn(_unxml(rel))


def test_ga_recorded_vote_names_counts_and_proceedings() -> None:
    doc = _load(GA_RECORDED)
    p = doc.proceedings
    assert p is not None and p.vote is not None
    assert (p.vote.in_favour_count, p.vote.against_count, p.vote.abstaining_count) == (80, 29, 65)
    assert (len(p.vote.in_favour), len(p.vote.against), len(p.vote.abstaining)) == (80, 29, 65)
    assert "IRAN (ISLAMIC REPUBLIC OF)" in {s.name for s in p.vote.against}
    assert p.adoption_type == "By a recorded vote" and p.adopted is True
    assert (p.draft, p.report, p.meeting_record) == ("A/C.3/77/L.34", "A/77/463/Add.3", "A/77/PV.54")
    assert p.committee == "Third Committee"
    assert p.record == "GAresolutions/data_extract/77.json:228"
    assert "ALBANIA" in {s.name for s in p.sponsors} and len(p.additional_sponsors) == 9
    assert doc.agenda_item == "Agenda item 68 (c)"
    assert not [n for n in doc.notices if "metadata record" in n]


def test_ga_subjects_keep_the_files_vocabulary_iris() -> None:
    doc = _load(GA_RECORDED)
    by_iri = {s.iri: s for s in doc.subjects if s.iri}
    assert by_iri["http://metadata.un.org/thesaurus/1001012"].vocabulary == "UNBIS Thesaurus"
    assert by_iri["http://eurovoc.europa.eu/8428"].vocabulary == "EuroVoc"
    assert by_iri["http://metadata.un.org/sdg/16"].label == "SDG 16"
    assert len(by_iri) == len([s for s in doc.subjects if s.iri])  # each concept once
    g = emit(doc)
    node = doc_iri("A/RES/77/228")
    unbis = URIRef("http://metadata.un.org/thesaurus/1001012")
    assert (node, DCTERMS.subject, unbis) in g
    assert (unbis, RDFS.label, Literal("civil society")) in g
    assert (unbis, SKOS.inScheme, None) not in g  # derived once per build (graph/build/derive.py)
    # the record's UNBIS headings the file gives no IRI for are headings, as written
    assert (node, TIP.subjectHeading, Literal("HUMAN RIGHTS")) in g


def test_ga_vote_and_sponsors_in_the_graph() -> None:
    doc = _load(GA_RECORDED)
    g = emit(doc)
    node = doc_iri("A/RES/77/228")
    vote = URIRef(f"{node}/vote")
    assert (node, TIP.vote, vote) in g and (vote, RDF.type, TIP.Vote) in g
    assert (vote, TIP.againstCount, Literal("29", datatype=XSD.integer)) in g
    assert len(set(g.objects(vote, TIP.inFavour))) == 80
    albania = URIRef(f"{ID}state/ALB")  # the registry's State, described in the registry's graph
    assert (node, TIP.sponsor, albania) in g
    assert not set(g.predicate_objects(albania))
    assert not set(g.subjects(RDF.type, TIP.UnregisteredState))  # every name of this vote is known
    assert (node, TIP.meetingRecord, doc_iri("A/77/PV.54")) in g
    assert (doc_iri("A/77/PV.54"), RDF.type, TIP.MeetingRecord) in g
    assert (node, TIP.originatingDraft, doc_iri("A/C.3/77/L.34")) in g
    assert (doc_iri("A/C.3/77/L.34"), RDF.type, TIP.DraftResolution) in g
    assert (node, TIP.committeeReport, doc_iri("A/77/463/Add.3")) in g
    assert (node, TIP.adopted, Literal(True)) in g


def test_sc_unanimous_resolution() -> None:
    doc = _load(SC_UNANIMOUS)
    p = doc.proceedings
    assert doc.symbol == "S/RES/2331 (2016)" and p is not None and p.vote is not None
    assert p.adoption_type == "Adopted unanimously, 7847th meeting"
    assert (p.vote.in_favour_count, len(p.vote.in_favour), p.vote.against, p.vote.abstaining) == (
        15,
        15,
        [],
        [],
    )
    assert (p.draft, p.meeting_record) == ("S/2016/1073", "S/PV.7847")
    assert p.agenda_item_title == "Maintenance of international peace and security"
    # an older file: the UNBIS heading without an IRI, the SDGs with theirs
    assert any(s.label == "TRAFFICKING IN PERSONS" and s.iri is None for s in doc.subjects)
    assert any(s.iri == "http://metadata.un.org/sdg/16" for s in doc.subjects)


def test_draft_not_adopted_gets_its_vote_from_the_file_alone() -> None:
    doc = _load(NOT_ADOPTED)
    p = doc.proceedings
    assert (doc.symbol, doc.doc_type) == ("S/2024/302", "draft")
    assert p is not None and p.record is None and p.adopted is False
    assert p.adoption_type is not None and p.adoption_type.startswith("The draft resolution was not adopted")
    assert p.meeting_record == "S/PV.9616"
    assert p.vote is not None
    assert (p.vote.in_favour_count, p.vote.against_count, p.vote.abstaining_count) == (13, 1, 1)
    assert [s.name for s in p.vote.against] == ["RUSSIAN FEDERATION"]
    names = [s.name for s in p.sponsors]
    assert names[:2] == ["Albania", "Antigua and Barbuda"] and names[-1] == "United States of America"
    assert "United Kingdom of Great Britain and Northern Ireland" in names
    g = emit(doc)
    assert (doc_iri("S/2024/302"), TIP.adopted, Literal(False)) in g
    assert not [n for n in doc.notices if "metadata record" in n]  # drafts have no records: no notice


def test_files_without_a_record() -> None:
    covered = _load(NO_RECORD_COVERED)  # ECOSOC's records cover resolutions, not those of 2021
    assert covered.proceedings is not None and covered.proceedings.record is None
    assert f"no metadata record for {covered.symbol} in ECOSOCresolutions/data_extract" in covered.notices
    folder = _unxml(NO_RECORDS_AT_ALL)
    decision = load_akn(sorted(folder.glob("*.xml"))[0])
    assert decision.proceedings is not None and decision.proceedings.record is None
    assert not [n for n in decision.notices if "metadata record" in n]


def test_disagreements_are_one_notice_line(tmp_path: Path) -> None:
    """The real file beside a copy of its real record with the date and title changed."""
    source = _unxml(GA_RECORDED)
    record = next(
        line
        for line in (UNXML / "GAresolutions/data_extract/77.json").read_text(encoding="utf-8").splitlines()
        if '"A/RES/77/228"' in line
    )
    data = json.loads(record)
    data["adoption_date"] = "16 December 2022"
    data["title"] = "Some other title"
    repo = tmp_path / "GAresolutions"
    (repo / "data_extract").mkdir(parents=True)
    (repo / "data_extract" / "77.json").write_text(json.dumps(data) + "\n", encoding="utf-8")
    (repo / "77session").mkdir()
    copy = repo / "77session" / source.name
    shutil.copy(source, copy)
    doc = load_akn(copy)
    lines = [n for n in doc.notices if n.startswith("metadata record")]
    assert len(lines) == 1
    assert "GAresolutions/data_extract/77.json:1 disagrees with the file" in lines[0]
    assert "adoption date 2022-12-15 (file) vs 2022-12-16 (record)" in lines[0]
    assert "title 'Situation of human rights in the Islamic Republic of Iran' (file)" in lines[0]


def test_records_of_every_repository_are_read() -> None:
    """ECOSOC writes each object between quotes; dates come in four spellings."""
    for repo, symbol in (
        ("ECOSOCresolutions", "E/RES/2024/2"),
        ("GAresolutions", "A/RES/74/1"),
        ("SCresolutions", "S/RES/2724 (2024)"),
    ):
        index = records_in(str(_unxml(repo)))
        assert index.skipped == 0
        assert index.by_key[symbol.replace(" ", "").upper()].text("symbol") == symbol
    found = find_record(_unxml(SC_UNANIMOUS), "S/RES/2331 (2016)")
    assert found.record is not None and found.record.date() == "2016-12-20"
    assert [
        iso_date(d) for d in ("2019-10-10 00:00:00", "21 September 2020", "5\xa0June 2024", "8 March2024")
    ] == [
        "2019-10-10",
        "2020-09-21",
        "2024-06-05",
        "2024-03-08",
    ]


def test_sponsor_lists_split_on_commas_and_the_last_and() -> None:
    assert split_names(
        "Albania, Antigua and Barbuda, Guinea (on behalf of the Group of 77 and China), "
        "United Kingdom of Great Britain and Northern Ireland and United States of America"
    ) == [
        "Albania",
        "Antigua and Barbuda",
        "Guinea (on behalf of the Group of 77 and China)",
        "United Kingdom of Great Britain and Northern Ireland",
        "United States of America",
    ]
    assert split_names("") == []


def test_states_are_the_registrys_and_unknown_spellings_unregistered_nodes() -> None:
    registry = default_registry()
    assert state("UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", registry).key == "GBR"
    assert state("CÔTE D'IVOIRE", registry).key == "CIV"
    assert state("Cuba (on behalf of the Group of 77 and China)", registry).key == "CUB"
    assert state("UNODC", registry).key is None  # a body's name is no State
    assert state_iri("x", "GBR") == URIRef(f"{ID}state/GBR")
    unknown = state("COTE D'LVOIRE", registry)
    assert unknown.key is None and state_slug(unknown.name) == "cote-d-lvoire"
    assert state_iri(unknown.name) == URIRef(f"{ID}unregistered/state/cote-d-lvoire")
    assert state_slug("TÜRKİYE") == state_slug("Türkiye") == "turkiye"


def test_sponsor_notes_keep_what_is_not_a_state_name() -> None:
    doc = _load("GAresolutions/75session/English/75_1_E.xml")  # submitted by the President
    p = doc.proceedings
    assert p is not None and p.sponsors == []
    assert p.sponsor_notes == ["SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY"]
    g = emit(doc)
    node = doc_iri("A/RES/75/1")
    assert (node, TIP.sponsorNote, Literal("SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY")) in g
    assert not set(g.objects(node, TIP.sponsor))
    behalf = _load("GAresolutions/75session/English/75_259_E.xml")  # Guinea for the Group of 77 and China
    p = behalf.proceedings
    assert p is not None and [s.name for s in p.sponsors] == ["GUINEA"]
    assert p.sponsor_notes and p.sponsor_notes[0].startswith("GUINEA (ON BEHALF OF")


def test_the_build_derives_what_the_iris_say_once(tmp_path: Path) -> None:
    """Concepts' schemes in id:graph/build, not in each document graph; voters are the registry's."""
    result = build([_unxml(GA_RECORDED), _unxml(NOT_ADOPTED)], validate=True)
    assert result.report is not None and result.report.conforms, result.report.violations
    derived = graph_iri("build")

    def holds(s: URIRef, p: URIRef, o: URIRef) -> bool:
        return any(
            True for _ in result.store.quads_for_pattern(*(ox.NamedNode(str(t)) for t in (s, p, o, derived)))
        )

    russia = ox.NamedNode(f"{ID}state/RUS")  # voted against the draft, typed by the registry's graph
    assert list(
        result.store.quads_for_pattern(
            russia, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(TIP.MemberState))
        )
    )
    assert not list(result.store.quads_for_pattern(russia, None, None, ox.NamedNode(str(derived))))
    unbis = URIRef("http://metadata.un.org/thesaurus/1001012")
    assert holds(unbis, SKOS.inScheme, URIRef("http://metadata.un.org/thesaurus"))
    assert holds(
        URIRef("http://eurovoc.europa.eu/8428"), SKOS.inScheme, URIRef("http://eurovoc.europa.eu/100141")
    )
    assert holds(URIRef("http://metadata.un.org/sdg/16"), SKOS.inScheme, URIRef("http://metadata.un.org/sdg"))
    assert result.seconds["derive"] >= 0
