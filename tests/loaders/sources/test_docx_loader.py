"""DOCX extraction: paragraph order, reconstructed list numbers, footnotes, broken packages."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from tests import fixtures_build as fb
from tipkg.loaders.errors import LoadError
from tipkg.loaders.sources.docx import extract_docx, format_number, load_docx, to_roman


@pytest.fixture(scope="module")
def un_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fb.build_un_docx(tmp_path_factory.mktemp("docx") / "A_RES_99_1.docx")


@pytest.fixture(scope="module")
def un_text(un_docx: Path) -> str:
    return extract_docx(un_docx).text


def test_paragraphs_one_per_line_with_blank_lines(un_text: str) -> None:
    blocks = un_text.split("\n\n")
    assert blocks[0] == "United Nations A/RES/99/1"  # the header table row
    assert blocks[1] == "General Assembly"
    assert "The General Assembly," in blocks
    assert "" not in blocks  # the empty paragraph is dropped
    assert blocks.index("General Assembly") < blocks.index("The General Assembly,")


def test_automatic_numbers_reconstructed(un_text: str) -> None:
    blocks = un_text.split("\n\n")
    assert "1. Urges Member States to take coordinated measures against trafficking in persons;" in blocks
    assert "2. Requests the Secretary-General to report on:" in blocks
    assert "(a) The measures taken by Member States;" in blocks
    assert "(b) The coordination within the United Nations system;" in blocks
    # the sub-list does not disturb the top level count
    assert "3. Decides to remain seized of the matter." in blocks


def test_footnote_references_and_bodies(un_text: str) -> None:
    assert "Transnational Organized Crime¹ and the Protocol supplementing that Convention,²" in un_text
    tail = un_text.split("\n\n")[-1].splitlines()
    assert tail == [
        "_" * 18,
        "1 United Nations, Treaty Series, vol. 2225, No. 39574.",
        "2 Ibid., vol. 2237, No. 39574.",
    ]


def test_without_footnotes_part(tmp_path: Path) -> None:
    text = extract_docx(fb.build_un_docx(tmp_path / "plain.docx", footnotes=False)).text
    assert "¹" not in text
    assert text.endswith("31 December 2099")


def test_list_number_style_numbering(tmp_path: Path) -> None:
    """Numbering inherited from a paragraph style (python-docx's "List Number") is rendered too."""
    import docx

    d = docx.Document()
    d.add_paragraph("The General Assembly,")
    d.add_paragraph("Decides one;", style="List Number")
    d.add_paragraph("Decides two.", style="List Number")
    path = tmp_path / "style.docx"
    d.save(str(path))
    assert extract_docx(path).text.split("\n\n") == [
        "The General Assembly,",
        "1. Decides one;",
        "2. Decides two.",
    ]


def test_custom_footnote_mark(tmp_path: Path) -> None:
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    d = docx.Document()
    p = d.add_paragraph("Resolution adopted without a vote")
    p._p.append(
        parse_xml(
            f'<w:r xmlns:w="{fb.W_NS}"><w:footnoteReference w:customMarkFollows="1" w:id="1"/>'
            "<w:t>*</w:t></w:r>"
        )
    )
    notes = fb.FOOTNOTES_XML.format(notes=fb._footnote_xml(1, "Fictional test footnote."))
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, notes.encode(), d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    path = tmp_path / "custom.docx"
    d.save(str(path))
    assert extract_docx(path).text == (
        "Resolution adopted without a vote*\n\n__________________\n* Fictional test footnote."
    )


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (1, "decimal", "1"),
        (3, "lowerLetter", "c"),
        (27, "lowerLetter", "aa"),
        (2, "upperLetter", "B"),
        (4, "lowerRoman", "iv"),
        (14, "upperRoman", "XIV"),
        (5, "none", ""),
        (7, "ordinalText", "7"),
    ],
)
def test_format_number(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_to_roman() -> None:
    assert to_roman(1994) == "MCMXCIV"


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("this is plain text with a .docx name")
    with pytest.raises(LoadError) as info:
        extract_docx(path)
    assert str(info.value) == f"{path}: not a DOCX file (not a zip archive)"


def test_zip_without_document_xml(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not a word document")
    with pytest.raises(LoadError) as info:
        extract_docx(path)
    assert "no word/document.xml" in info.value.reason


def test_corrupt_document_xml(tmp_path: Path, un_docx: Path) -> None:
    path = tmp_path / "corrupt.docx"
    with zipfile.ZipFile(un_docx) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    with pytest.raises(LoadError) as info:
        extract_docx(path)
    assert info.value.reason.startswith("corrupt DOCX:")
    assert "\n" not in str(info.value)


def test_load_docx_end_to_end(un_docx: Path) -> None:
    pytest.importorskip(
        "tipkg.loaders.parse.resolution", reason="the text parser is not in this checkout yet"
    )
    doc = load_docx(un_docx)
    assert doc.source_format == "docx"
    assert doc.source_sha256 == hashlib.sha256(un_docx.read_bytes()).hexdigest()
    assert doc.symbol == "A/RES/99/1"
    operative = [p for p in doc.paragraphs if p.kind == "operative"]
    assert [p.number for p in operative] == ["1", "2", "3"]
    assert [p.number for p in operative[1].subparagraphs] == ["a", "b"]
    assert {f.marker for f in doc.footnotes} == {"1", "2"}
    for p in doc.all_paragraphs():
        assert doc.text[p.span.start : p.span.end].startswith(p.text[:10])


def test_first_page_header_masthead_comes_first(tmp_path: Path) -> None:
    """UN Word files carry the masthead in the first page's header; it leads the text."""
    import docx

    d = docx.Document()
    section = d.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "United Nations\tA/RES/99/1"
    section.first_page_header.add_paragraph("General Assembly\tDistr.: General")
    section.header.paragraphs[0].text = "A/RES/99/1 running header"  # other pages: not the masthead
    d.add_paragraph("The General Assembly,")
    path = tmp_path / "masthead.docx"
    d.save(str(path))
    blocks = extract_docx(path).text.split("\n\n")
    assert blocks == [
        "United Nations\tA/RES/99/1",
        "General Assembly\tDistr.: General",
        "The General Assembly,",
    ]


def test_no_header_no_masthead(un_text: str) -> None:
    assert un_text.startswith("United Nations A/RES/99/1\n\nGeneral Assembly")
