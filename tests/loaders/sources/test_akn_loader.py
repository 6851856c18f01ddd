"""Akoma Ntoso: identity from the identification, paragraphs as marked up, footnotes apart, divisions,
the files' own links, and hostile or broken XML. Fixtures first, then the UN's own files."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import pytest

from tests import fixtures_build as fb
from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document, Paragraph
from tipkg.loaders.sources.akn import load_akn, read_akn
from tipkg.loaders.sources.akn_units import _collapsed

UNXML = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "unxml"


def _write(tmp_path: Path, name: str, xml: str) -> Path:
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    return path


def _unxml(rel: str) -> Path:
    path = UNXML / rel
    if not path.is_file():
        pytest.skip(f"{path} is not here (../shared/corpus/unxml)")
    return path


def _cites(p: Paragraph) -> list[tuple[str, str]]:
    return [(c.relation, c.target.key) for c in p.citations]


def _by_eid(doc: Document, eid: str) -> Paragraph:
    return next(p for p in doc.all_paragraphs() if p.eid == eid)


@pytest.fixture
def resolution(tmp_path: Path) -> Path:
    return _write(tmp_path, "A_RES_99_1.xml", fb.AKN_RESOLUTION)


def test_fixture_paragraphs_numbers_points_and_footnotes(resolution: Path) -> None:
    doc = load_akn(resolution)
    assert (doc.source_format, doc.symbol, doc.date, doc.body) == ("akn", "A/RES/99/1", "2099-12-31", "GA")
    assert doc.source_sha256 == hashlib.sha256(resolution.read_bytes()).hexdigest()
    assert doc.title == "Test resolution on coordination against trafficking in persons"
    pre = [p for p in doc.paragraphs if p.kind == "preambular"]
    op = [p for p in doc.paragraphs if p.kind == "operative"]
    assert [(p.number, p.eid) for p in pre] == [("1", "preamble__para_1"), ("2", "preamble__para_2")]
    assert [p.number for p in op] == ["1", "2", "3"]
    assert [s.number for s in op[1].subparagraphs] == ["a", "b"]
    assert op[1].subparagraphs[0].text == "(a) The measures taken by Member States;"
    # footnotes are out of the paragraph text, anchored where their marker stood
    assert "Treaty Series" not in pre[0].text and "¹" not in pre[0].text
    assert [f.marker for f in doc.footnotes] == ["1", "2"]
    first = doc.footnotes[0]
    assert first.anchor is not None and doc.text[first.anchor - 5 : first.anchor] == "Crime"
    assert doc.text[first.span.start : first.span.end] == first.text
    assert pre[0].footnote_markers == ["1", "2"]
    assert _cites(pre[0]) == [("recalls", "UNTOC"), ("recalls", "TIP-PROTOCOL")]
    for p in doc.all_paragraphs():
        assert doc.text[p.span.start : p.span.end] == p.text


def test_note_refs_list_items_and_wrap_up(tmp_path: Path) -> None:
    xml = f"""<akomaNtoso xmlns="{fb.AKN_NS}"><doc name="decision">
      <meta><notes source="#t"><note eId="n1" marker="1"><p>Fictional note.</p></note></notes></meta>
      <preface><p><docNumber>E/DEC/2099/999</docNumber></p></preface>
      <preamble><formula name="enactingFormula"><p>The Economic and Social Council,</p></formula></preamble>
      <mainBody>
        <paragraph eId="para_1"><num>1.</num><intro><p>Decides:</p></intro>
          <subparagraph eId="para_1__subpara_a"><num>(a)</num>
            <content><p>To test<noteRef href="#n1" marker="1"/> a note reference;</p></content>
          </subparagraph>
          <wrapUp><p>and to conclude.</p></wrapUp>
        </paragraph>
      </mainBody></doc></akomaNtoso>"""
    doc = load_akn(_write(tmp_path, "d.xml", xml))
    assert (doc.symbol, doc.doc_type, doc.body) == ("E/DEC/2099/999", "decision", "ECOSOC")
    (para,) = doc.paragraphs
    assert [(s.number, s.text) for s in para.subparagraphs] == [
        ("a", "(a) To test a note reference;"),
        ("w1", "and to conclude."),
    ]
    assert [(f.marker, f.text) for f in doc.footnotes] == [("1", "Fictional note.")]
    assert para.subparagraphs[0].footnote_markers == ["1"]


def test_identification_and_doc_number_that_disagree_are_one_clear_error(tmp_path: Path) -> None:
    xml = fb.AKN_RESOLUTION.replace(
        "/akn/un/statement/resolution/ga/", "/akn/un/statement/deliberation/unga/"
    ).replace("<docNumber>A/RES/99/1</docNumber>", "<docNumber>A/RES/98/7</docNumber>")
    with pytest.raises(LoadError) as info:
        load_akn(_write(tmp_path, "x.xml", xml))
    assert "identification" in info.value.reason and "disagree" in info.value.reason
    assert "\n" not in str(info.value)


def test_a_tag_mismatch_is_read_with_a_notice(tmp_path: Path) -> None:
    broken = fb.AKN_RESOLUTION.replace("<content><p><i>Urges</i>", "<content><p><span><i>Urges</i>", 1)
    doc = load_akn(_write(tmp_path, "broken.xml", broken))
    assert any("malformed XML" in n and "recovering parser" in n for n in doc.notices)
    assert [p.number for p in doc.paragraphs if p.kind == "operative"][:1] == ["1"]


def test_multi_part_sections_and_drafts(tmp_path: Path) -> None:
    ns = fb.AKN_NS
    part = """<component eId="c{n}"><statement name="decision"><meta><identification source="#t"><FRBRWork>
        <FRBRthis value="/akn/un/statement/deliberation/unga/{date}/99-401{L}/!main/"/>
        <FRBRdate date="{date}" name="adoption"/><FRBRauthor href="ga"/></FRBRWork></identification></meta>
        <preface><p><docNumber>{L}</docNumber></p></preface>
        <mainBody><paragraph eId="para_1"><content><p>At its 1st plenary meeting, on {date}, the General
        Assembly took note of its resolution 98/1 of 1 December 2043.</p></content></paragraph></mainBody>
        <conclusions><p><inline name="adoptionMeeting">{n}st plenary meeting</inline></p></conclusions>
        </statement></component>"""
    xml = f"""<akomaNtoso xmlns="{ns}"><documentCollection name="publication"><meta><identification source="#t">
      <FRBRWork><FRBRthis value="/akn/un/statement/deliberation/unga/2099-01-01/99-401/!main/"/>
      <FRBRdate date="2099-01-01" name="adoption"/><FRBRauthor href="ga"/></FRBRWork></identification></meta>
      <coverPage><p><docNumber refersTo="#symbol">A/DEC/99/401</docNumber></p><p><docType>Decision</docType></p>
      </coverPage><collectionBody/></documentCollection>
      <components>{part.format(n=1, L="A", date="2099-01-01")}{part.format(n=2, L="B", date="2099-06-01")}</components>
      </akomaNtoso>"""
    doc = load_akn(_write(tmp_path, "parts.xml", xml))
    assert (doc.symbol, doc.doc_type) == ("A/DEC/99/401", "decision")
    assert [(d.path, d.date) for d in doc.divisions] == [("part/A", "2099-01-01"), ("part/B", "2099-06-01")]
    assert [(p.division, p.number) for p in doc.paragraphs] == [("part/A", "1"), ("part/B", "1")]
    assert all(_cites(p) == [("takesNoteOf", "A/RES/98/1")] for p in doc.paragraphs)


def test_hostile_xml_is_refused_or_read_without_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(fb.XXE_SECRET)
    for xml in (fb.akn_xxe(secret), fb.akn_xxe(Path("/etc/passwd"))):
        path = _write(tmp_path, "xxe.xml", xml)
        try:
            doc = load_akn(path)
        except LoadError as err:
            assert fb.XXE_SECRET not in str(err) and "root:" not in str(err)
        else:
            assert fb.XXE_SECRET not in doc.text and "root:" not in doc.text
    started = time.perf_counter()
    try:
        doc = load_akn(_write(tmp_path, "lol.xml", fb.akn_billion_laughs()))
    except LoadError as err:
        assert "\n" not in str(err)
    else:
        assert len(doc.text) < 10_000
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        ("<html><body/></html>", "not Akoma Ntoso 3.0"),
        (f'<akomaNtoso xmlns="{fb.AKN_NS}"/>', "no document element"),
        ('<akomaNtoso xmlns="http://www.akomantoso.org/2.0"><act/></akomaNtoso>', "namespace"),
    ],
)
def test_not_akoma_ntoso_3(tmp_path: Path, xml: str, reason: str) -> None:
    with pytest.raises(LoadError) as info:
        read_akn(_write(tmp_path, "x.xml", xml))
    assert reason in info.value.reason


def test_truncated_xml_names_the_line(tmp_path: Path) -> None:
    cut = fb.AKN_RESOLUTION[: fb.AKN_RESOLUTION.index("<mainBody>") + 40]
    path = _write(tmp_path, "cut.xml", cut)
    with pytest.raises(LoadError) as info:
        read_akn(path)
    err = info.value
    assert err.reason.startswith("malformed XML:")
    assert err.line is not None and err.line >= cut.count("\n")
    assert str(err).startswith(f"{path}:{err.line}: malformed XML")


# --- the UN's own files --------------------------------------------------------------------------


def test_ga_series_resolution() -> None:
    doc = load_akn(_unxml("GAresolutions/76session/English/A_RES_76_186-2119241E.xml"))
    assert (doc.symbol, doc.body, doc.date, doc.language) == ("A/RES/76/186", "GA", "2021-12-16", "en")
    assert doc.work == "/akn/un/statement/deliberation/unga/2021-12-16/76-186/"
    assert doc.meeting == "53rd plenary meeting" and doc.session == "Seventy-sixth session"
    assert [m.target.key for m in doc.header_mentions] == ["A/RES/76/186", "A/76/463"]
    # "its other relevant resolutions" with a footnote listing them: each one cited, as "recalls"
    recalls = _by_eid(doc, "container_12")
    assert ("recalls", "A/RES/61/144") in _cites(recalls)
    assert next(c for c in recalls.citations if c.target.key == "A/RES/61/144").via_footnote
    # Commission on Crime Prevention and Criminal Justice resolution 27/2, its Official Records footnote
    # only locating it
    assert _cites(_by_eid(doc, "container_16")) == [("recalls", "CCPCJ/RES/27/2")]
    # "the report of the Secretary-General" and its footnote "A/76/120."
    assert ("takesNoteOf", "A/76/120") in _cites(_by_eid(doc, "container_41"))


def test_security_council_resolution_and_presidential_statement() -> None:
    res = load_akn(_unxml("SCresolutions/Pre-2020/2016/S_RES_2331_1622533E.xml"))
    assert (res.symbol, res.body, res.doc_type) == ("S/RES/2331 (2016)", "SC", "resolution")
    keys = {k for p in res.all_paragraphs() for _, k in _cites(p)}
    assert {"S/RES/2195 (2014)", "S/RES/2253 (2015)", "S/PRST/2015/25"} <= keys
    assert "S/RES/1267 (1999)" not in keys  # part of the name of a Council committee
    prst = load_akn(_unxml("SCresolutions/PRST/2015/S_PRST_2015_25-1543350E.xml"))
    assert (prst.symbol, prst.doc_type) == ("S/PRST/2015/25", "statement")
    first = prst.paragraphs[0]
    assert (first.phrase, first.verbs[:1]) == ("recalls", ["recalls"])  # "The Security Council recalls …"


def test_political_declaration_annexed() -> None:
    doc = load_akn(_unxml("GAresolutions/76session/English/A_RES_76_7-2117189E.xml"))
    (annex,) = [d for d in doc.divisions if d.kind == "annex"]
    inside = [p for p in doc.paragraphs if p.division == annex.path]
    assert len(inside) > 20 and all(p.kind == "operative" for p in inside if p.number.isdigit())
    first = next(p for p in inside if p.number == "1")
    assert first.phrase == "reaffirm" and ("reaffirms", "GLOBAL-PLAN-OF-ACTION") in _cites(first)


def test_decision_in_two_parts_loads_as_one_document() -> None:
    doc = load_akn(_unxml("GAdecisions/76 session/English/GA decision 76_416 A and B_E.xml"))
    assert doc.symbol == "A/DEC/76/416" and doc.doc_type == "decision"
    assert [(d.path, d.date) for d in doc.divisions] == [("part/A", "2022-03-15"), ("part/B", "2022-06-29")]


def test_a_file_of_parts_is_dated_by_their_adoption_not_its_issuance() -> None:
    # 80/236 A-B: both parts adopted on 30 December 2025, the file issued on the 31st (its cover page)
    doc = load_akn(_unxml("GAresolutions/80session/English/A_RES_80_236AB-2521243E.xml"))
    assert doc.date == "2025-12-30"
    assert not any("cover page" in n for n in doc.notices)


def test_ecosoc_draft_for_the_general_assembly() -> None:
    doc = load_akn(_unxml("ECOSOCresolutions/2025/English/E_RES_2025_17-2513007E.xml"))
    (draft,) = [d for d in doc.divisions if d.kind == "draft"]
    inside = [p for p in doc.paragraphs if p.division == draft.path]
    assert inside and inside[0].kind == "preambular"
    # "its resolutions" in the draft are the General Assembly's, not ECOSOC's
    keys = {k for p in inside for _, k in _cites(p)}
    assert any(k.startswith("A/RES/") for k in keys) and not any(k.startswith("E/RES/7") for k in keys)


def test_presidential_statement_published_with_a_tag_mismatch() -> None:
    doc = load_akn(_unxml("SCresolutions/PRST/2000/S_PRST_2000_13-0040019E.xml"))
    assert doc.symbol == "S/PRST/2000/13"
    assert any("recovering parser" in n for n in doc.notices)
    assert len(doc.paragraphs) >= 3


def test_identification_contradicted_by_the_statement_name() -> None:
    # the file says S/RES/1626 (2005) and 0001-01-01 for a presidential statement of 25 June 2007
    doc = load_akn(_unxml("SCresolutions/PRST/2007/S_PRST_2007_22-0739405E.xml"))
    assert (doc.symbol, doc.doc_type, doc.date) == ("S/PRST/2007/22", "statement", "2007-06-25")
    assert len(doc.notices) == 2


def test_a_link_that_names_a_neighbours_text_is_set_aside() -> None:
    # S/RES/2144 (2014) links "1970 (2011)" to S/RES/2009 (2011), "1973 (2011)" to 1970, and so on
    doc = load_akn(_unxml("SCresolutions/Pre-2020/2014/S_RES_2144_1426591e.xml"))
    dated = {c.target.key: c.target.date for p in doc.all_paragraphs() for c in p.citations if c.target.date}
    assert dated["S/RES/1970 (2011)"] == "2011-02-26"
    assert dated["S/RES/2009 (2011)"] == "2011-09-16"
    assert "S/RES/2106 (2013)" not in dated
    assert any("link to S/RES/2009 (2011) set aside" in n for n in doc.notices)
    # a link whose number is printed but whose body's numbering the printed date rules out:
    # "by the Economic and Social Commission for Asia and the Pacific … of resolution 79/8 of 19 May 2023"
    esc = load_akn(_unxml("GAresolutions/78session/English/A_RES_78_147-2325918E.xml"))
    assert all(c.target.key != "A/RES/79/8" for p in esc.all_paragraphs() for c in p.citations)


@pytest.mark.parametrize(
    ("rel", "key"),
    [
        ("GAresolutions/79session/English/A_RES_79_1-2416433E.xml", "CYBERCRIME-CONV"),
        ("GAresolutions/78session/English/A_RES_78_182-2326018E.xml", "PACT-FOR-THE-FUTURE"),
    ],
)
def test_an_instrument_named_before_its_adoption_is_not_cited(rel: str, key: str) -> None:
    doc = load_akn(_unxml(rel))  # "the draft United Nations Convention against Cybercrime" (2024-09-22)
    assert all(c.target.key != key for p in doc.all_paragraphs() for c in p.citations)
    assert any(n.startswith(f"{key} named before its adoption") for n in doc.notices)


def test_a_link_to_a_range_of_parts_names_the_whole_text() -> None:
    # "74/255 A and B" linked to ".../A/RES/74/255a-b": the link agrees with the printed number
    doc = load_akn(_unxml("GAresolutions/80session/English/A_RES_80_236AB-2521243E.xml"))
    keys = {c.target.key for p in doc.all_paragraphs() for c in p.citations}
    assert "A/RES/74/255 A-B" in keys  # the whole text: its IRI is resolution 74/255's
    assert not any("A/RES/74/255" in n and "set aside" in n for n in doc.notices)


def test_protocols_named_thereto_or_as_the_assembly_writes_them() -> None:
    doc = load_akn(_unxml("GAresolutions/77session/English/A_RES_77_194-2228891E.xml"))
    # "the United Nations Convention against Transnational Organized Crime and the Trafficking Protocol thereto"
    assert ("urges", "TIP-PROTOCOL") in _cites(_by_eid(doc, "para_212"))
    # "the Protocol to the Forced Labour Convention, 1930 (No. 29)"; "… 1930 (No. 29) and the Protocol thereto"
    assert ("takesNoteOf", "ILO-P29") in _cites(_by_eid(doc, "container_13"))
    assert ("urges", "ILO-P29") in _cites(_by_eid(doc, "para_51"))


def test_white_space_collapsed_as_the_regular_expression_does() -> None:
    """akn_units collapses white space by str.split: the same as re.sub(r"\\s+", " ", s)."""
    for s in [
        "",
        " ",
        "\n\t ",
        "abc",
        " a  b ",
        "\n  The General Assembly,\n",
        "a\u00a0b\u2003c",
        "a\x1cb ",
        "x\u3000",
    ]:
        assert _collapsed(s) == re.sub(r"\s+", " ", s), repr(s)
