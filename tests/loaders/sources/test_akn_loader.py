"""Akoma Ntoso extraction: structure to text, footnotes, metadata, and hostile or broken XML."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from tests import fixtures_build as fb
from tipkg.loaders.errors import LoadError
from tipkg.loaders.sources.akn import extract_akn, load_akn


def _write(tmp_path: Path, name: str, xml: str) -> Path:
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    return path


@pytest.fixture
def resolution(tmp_path: Path) -> Path:
    return _write(tmp_path, "A_RES_99_1.xml", fb.AKN_RESOLUTION)


def test_text_reads_like_the_printed_resolution(resolution: Path) -> None:
    text = extract_akn(resolution).text
    blocks = text.split("\n\n")
    assert blocks[0].splitlines()[:2] == ["United Nations", "A/RES/99/1"]
    assert blocks[1] == "The General Assembly,"
    assert blocks[2].startswith(
        "Recalling the United Nations Convention against Transnational Organized Crime¹"
    )
    assert blocks[3] == "Recalling also its resolution 98/999 of 30 December 2098,"
    assert blocks[4] == "1. Urges Member States to take coordinated measures against trafficking in persons;"
    assert blocks[5] == "2. Requests the Secretary-General to report on:"
    assert blocks[6] == "(a) The measures taken by Member States;"
    assert blocks[7] == "(b) The coordination within the United Nations system;"
    assert blocks[8] == "3. Decides to remain seized of the matter."
    assert blocks[9] == "999th plenary meeting\n31 December 2099"  # <br/> kept as a line break


def test_authorial_notes_move_to_footnote_lines(resolution: Path) -> None:
    text = extract_akn(resolution).text
    assert "supplementing that Convention,²" in text
    assert "Treaty Series" not in text.split("\n\n")[2]  # the note body left the paragraph
    assert text.split("\n\n")[-1].splitlines() == [
        "_" * 18,
        "1 United Nations, Treaty Series, vol. 2225, No. 39574.",
        "2 Ibid., vol. 2237, No. 39574.",
    ]


def test_metadata_hints_from_meta_and_preface(resolution: Path) -> None:
    assert extract_akn(resolution).metadata == {
        "doc_type": "resolution",
        "symbol": "A/RES/99/1",
        "date": "2099-12-31",
        "body": "General Assembly",
        "title": "Test resolution on coordination against trafficking in persons",
        "session": "Ninety-ninth session",
    }


def test_doc_element_with_note_refs_and_subparagraphs(tmp_path: Path) -> None:
    xml = f"""<akomaNtoso xmlns="{fb.AKN_NS}"><doc name="decision">
      <meta><notes source="#t"><note eId="n1" marker="1"><p>Fictional note.</p></note></notes></meta>
      <preface><p><docNumber>E/DEC/2099/999</docNumber></p></preface>
      <preamble><p>The Council,</p></preamble>
      <mainBody>
        <paragraph eId="para_1"><num>1.</num><intro><p>Decides:</p></intro>
          <subparagraph eId="para_1__subpara_a"><num>(a)</num>
            <content><p>To test<noteRef href="#n1" marker="1"/> a note reference;</p></content>
          </subparagraph>
          <wrapUp><p>and to conclude.</p></wrapUp>
        </paragraph>
      </mainBody></doc></akomaNtoso>"""
    out = extract_akn(_write(tmp_path, "d.xml", xml))
    assert out.text.split("\n\n") == [
        "E/DEC/2099/999",
        "The Council,",
        "1. Decides:",
        "(a) To test¹ a note reference;",
        "and to conclude.",
        "__________________\n1 Fictional note.",
    ]
    assert out.metadata == {"doc_type": "decision", "symbol": "E/DEC/2099/999"}


def test_non_symbol_doc_number_is_not_a_symbol(tmp_path: Path) -> None:
    xml = f"""<akomaNtoso xmlns="{fb.AKN_NS}"><statement name="resolution"><meta/>
      <preface><p><docNumber>99/1</docNumber></p></preface>
      <mainBody><paragraph><num>1.</num><content><p>Decides.</p></content></paragraph></mainBody>
      </statement></akomaNtoso>"""
    assert "symbol" not in extract_akn(_write(tmp_path, "n.xml", xml)).metadata


def test_xxe_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(fb.XXE_SECRET)
    path = _write(tmp_path, "xxe.xml", fb.akn_xxe(secret))
    try:
        out = extract_akn(path)
    except LoadError as err:
        assert fb.XXE_SECRET not in str(err)
    else:
        assert fb.XXE_SECRET not in out.text
        assert all(fb.XXE_SECRET not in v for v in out.metadata.values())
        assert (
            out.text
            == "The General Assembly, recalling its resolution 98/999,\n\n1. Decides to test entities."
        )


def test_xxe_on_system_file_never_leaks(tmp_path: Path) -> None:
    passwd = Path("/etc/passwd")
    path = _write(tmp_path, "xxe2.xml", fb.akn_xxe(passwd))
    try:
        text = extract_akn(path).text
    except LoadError as err:
        text = str(err)
    assert "root:" not in text


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    path = _write(tmp_path, "lol.xml", fb.akn_billion_laughs())
    started = time.perf_counter()
    try:
        out = extract_akn(path)
    except LoadError as err:
        assert "\n" not in str(err)
    else:
        assert len(out.text) < 10_000
    assert time.perf_counter() - started < 5


def test_truncated_xml_names_the_line(tmp_path: Path) -> None:
    cut = fb.AKN_RESOLUTION[: fb.AKN_RESOLUTION.index("<mainBody>") + 40]
    path = _write(tmp_path, "cut.xml", cut)
    with pytest.raises(LoadError) as info:
        extract_akn(path)
    err = info.value
    assert err.reason.startswith("malformed XML:")
    assert err.line is not None and err.line >= cut.count("\n")
    assert str(err).startswith(f"{path}:{err.line}: malformed XML")
    assert "\n" not in str(err)


def test_wrong_root_and_missing_document(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        extract_akn(_write(tmp_path, "html.xml", "<html><body/></html>"))
    assert "not Akoma Ntoso 3.0" in info.value.reason
    with pytest.raises(LoadError) as info:
        extract_akn(_write(tmp_path, "empty.xml", f'<akomaNtoso xmlns="{fb.AKN_NS}"/>'))
    assert "no statement or doc element" in info.value.reason


def test_load_akn_end_to_end(resolution: Path) -> None:
    pytest.importorskip(
        "tipkg.loaders.parse.resolution", reason="the text parser is not in this checkout yet"
    )
    doc = load_akn(resolution)
    assert doc.source_format == "akn"
    assert doc.source_sha256 == hashlib.sha256(resolution.read_bytes()).hexdigest()
    assert doc.symbol == "A/RES/99/1"
    assert doc.date == "2099-12-31"
    assert doc.title == "Test resolution on coordination against trafficking in persons"
    operative = [p for p in doc.paragraphs if p.kind == "operative"]
    assert [p.number for p in operative] == ["1", "2", "3"]
    assert [p.number for p in operative[1].subparagraphs] == ["a", "b"]
    assert {f.marker for f in doc.footnotes} == {"1", "2"}
    for p in doc.all_paragraphs():
        assert doc.text[p.span.start : p.span.end].startswith(p.text[:10])
