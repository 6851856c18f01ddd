"""PDF extraction: the reading text (furniture left out, footnotes after the body), superscript markers,
hyphenation, scanned and encrypted files."""

from __future__ import annotations

import contextlib
import hashlib
import logging
from pathlib import Path

import pytest

from tests import fixtures_build as fb
from tipkg.loaders.errors import LoadError
from tipkg.loaders.sources.pdf import NO_TEXT, dehyphenate, extract_pdf, load_pdf, normalise_page


@pytest.fixture(scope="module")
def un_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fb.build_un_pdf(tmp_path_factory.mktemp("pdf") / "A_RES_99_1.pdf")


@pytest.fixture(scope="module")
def un_text(un_pdf: Path) -> str:
    return extract_pdf(un_pdf).text


def test_header_block_on_its_lines(un_text: str) -> None:
    lines = [ln for ln in un_text.splitlines() if ln]
    # columns on one baseline become lines of their own
    assert lines[:5] == [
        "United Nations",
        "A/RES/99/1",
        "General Assembly",
        "Distr.: General",
        "15 January 2100",
    ]
    assert "Resolution adopted by the General Assembly on 31 December 2099" in lines
    assert "The General Assembly," in lines


def test_operative_paragraphs_and_points_start_lines(un_text: str) -> None:
    lines = un_text.splitlines()
    assert any(line.startswith("1. Urges Member States") for line in lines)
    assert any(line.startswith("2. Requests the Secretary-General") for line in lines)
    assert "(a) on the measures taken by Member States;" in lines
    assert "3. Decides to remain seized of the matter." in lines


def test_superscript_markers_stay_on_their_line(un_text: str) -> None:
    assert "Transnational Organized Crime,¹ and the" in un_text
    assert "supplementing that Convention,²" in un_text
    # footnote bodies at the page foot keep a plain number
    assert "1 United Nations, Treaty Series, vol. 2225, No. 39574." in un_text.splitlines()
    assert "2 Ibid., vol. 2237, No. 39574." in un_text.splitlines()


def test_page_furniture_left_out_and_pages_joined(un_text: str) -> None:
    lines = un_text.splitlines()
    for furniture in (fb.JOB_NUMBER, fb.BARCODE, "2/2"):
        assert furniture not in un_text
    # page 2's running header (symbol and title) is left out: the symbol stands once, in the masthead
    assert un_text.count(fb.FICTIONAL_SYMBOL) == 1
    assert "Test resolution on coordination against trafficking in persons" not in lines
    # the body of page 2 follows the body of page 1; the footnotes come after the body
    assert "999th plenary meeting\n31 December 2099" in un_text
    assert (
        un_text.index("3. Decides") < un_text.index("__________________") < un_text.index("1 United Nations")
    )


def test_hyphenation_at_line_ends(un_text: str) -> None:
    # "traf-" + "ficking": the joined word occurs elsewhere, so the hyphen was a typesetting one
    assert "on the trafficking\nof persons" in un_text
    assert "traf-" not in un_text
    # "follow-" + "up": a compound prefix, hyphen kept, the word moved onto one line
    assert "need for follow-up\naction" in un_text
    assert "well-coordinated" in un_text


def test_no_blank_line_runs_or_padding(un_text: str) -> None:
    assert "\n\n\n" not in un_text
    assert all(line == line.strip() for line in un_text.splitlines())
    assert "  " not in un_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("in the traf-\nficking of\nwomen and traffickers", "in the trafficking\nof\nwomen and traffickers"),
        ("non-\ngovernmental bodies", "non-governmental\nbodies"),
        ("a multi-\nstakeholder process", "a multi-stakeholder\nprocess"),
        ("gender-\nsensitive and gender-sensitive", "gender-sensitive\nand gender-sensitive"),
        ("the Secretary-\nGeneral", "the Secretary-\nGeneral"),  # capital after the break: left alone
        ("soft\u00adhy\u00ad\nphen here", "soft\u00adhyphen\nhere"),
        ("a line ending in - \nnext", "a line ending in - \nnext"),
        ("coordi-\nnation", "coordination"),  # the continuation line held only the word's end
    ],
)
def test_dehyphenate(raw: str, expected: str) -> None:
    assert dehyphenate(raw) == expected


def test_normalise_page_collapses_layout_padding() -> None:
    raw = "   United Nations          A/RES/99/1   \n\n\n\n   Crime,1 and   the Protocol2 of 2000\n\n"
    assert (
        normalise_page(raw, {"1", "2"}) == "United Nations\nA/RES/99/1\n\nCrime,¹ and the Protocol² of 2000"
    )
    # a paragraph number before a wide tab stays with its text
    assert normalise_page("1.              Urges States") == "1. Urges States"
    assert normalise_page("(a)             To report") == "(a) To report"
    # without detected markers digits are left alone
    assert normalise_page("Crime,1 and", set()) == "Crime,1 and"
    # a number after a space is not a marker
    assert normalise_page("vol. 1, No. 2", {"1", "2"}) == "vol. 1, No. 2"


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    path = fb.build_image_pdf(tmp_path / "scan.pdf")
    with pytest.raises(LoadError) as info:
        extract_pdf(path)
    assert info.value.reason == NO_TEXT
    assert str(info.value) == f"{path}: {NO_TEXT}"


def test_encrypted_pdf_needs_password(tmp_path: Path) -> None:
    path = fb.build_encrypted_pdf(tmp_path / "locked.pdf")
    with pytest.raises(LoadError) as info:
        extract_pdf(path)
    assert "encrypted PDF" in info.value.reason
    assert "\n" not in str(info.value)


def test_empty_user_password_pdf_opens(tmp_path: Path) -> None:
    path = fb.build_empty_password_pdf(tmp_path / "open.pdf")
    text = extract_pdf(path).text
    assert "1. Decides to test empty-password encryption." in text


def test_corrupt_pdf_reports_pypdf_reason(tmp_path: Path, un_pdf: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(LoadError) as info:
        extract_pdf(path)
    assert str(info.value).startswith(f"{path}: ")
    assert "\n" not in str(info.value)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(un_pdf.read_bytes()[:400])
    with pytest.raises(LoadError):
        extract_pdf(truncated)


def test_load_pdf_end_to_end(un_pdf: Path) -> None:
    pytest.importorskip(
        "tipkg.loaders.parse.resolution", reason="the text parser is not in this checkout yet"
    )
    doc = load_pdf(un_pdf)
    assert doc.source_format == "pdf"
    assert doc.loader == "tipkg.loaders.pdf"
    assert doc.source_sha256 == hashlib.sha256(un_pdf.read_bytes()).hexdigest()
    assert doc.text == extract_pdf(un_pdf).text
    assert doc.symbol == "A/RES/99/1"
    assert doc.date == "2099-12-31"
    operative = [p for p in doc.paragraphs if p.kind == "operative"]
    assert [p.number for p in operative] == ["1", "2", "3"]
    assert [p.number for p in operative[1].subparagraphs] == ["a", "b"]
    preambular = [p for p in doc.paragraphs if p.kind == "preambular"]
    assert len(preambular) == 2
    assert preambular[0].footnote_markers == ["1", "2"]
    assert {f.marker for f in doc.footnotes} == {"1", "2"}
    for p in doc.all_paragraphs():
        assert doc.text[p.span.start : p.span.end].startswith(p.text[:10])


def test_damaged_pdf_repairs_are_not_logged(
    tmp_path: Path, un_pdf: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """pypdf's repair warnings would print around the one LoadError line; they are silenced."""

    data = bytearray(un_pdf.read_bytes())
    data[-40:] = b"0" * 40  # break the trailer: pypdf warns and rebuilds the cross-reference table
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.DEBUG), contextlib.suppress(LoadError):
        extract_pdf(path)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == logging.NOTSET  # restored
