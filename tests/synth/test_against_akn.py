"""Truth from the official files: UN-layout PDFs, flattened and fragmentary texts made from AKN files
(tipkg.synth.printed, tipkg.synth.unpdf) read back and compared with the official file (issue 25).

The versions are written to temporary folders; nothing of the UN's texts is stored in the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipkg.cli import new_app
from tipkg.cli.evaluate import eval_command
from tipkg.loaders.sources.akn import read_akn
from tipkg.loaders.sources.pdf import read_lines
from tipkg.synth.against_akn import TARGETS, against_akn, totals
from tipkg.synth.printed import FRAGMENT_RECIPE, flattened_text, fragment_text, printed
from tipkg.synth.unpdf import write_pdf

#: a handful of official files of several kinds (GA with long lists and footnotes, a declaration
#: annexed to its resolution, a Security Council resolution)
FILES = (
    "GAresolutions/76session/English/A_RES_76_186-2119241E.xml",
    "GAresolutions/77session/English/A_RES_77_194-2228891E.xml",
    "GAresolutions/76session/English/A_RES_76_7-2117189E.xml",
    "GAresolutions/76session/English/A_RES_76_185-2119239E.xml",
    "SCresolutions/Pre-2020/2016/S_RES_2331_1622533E.xml",
)


@pytest.fixture(scope="module")
def files(corpus_dir: Path) -> list[Path]:
    return [corpus_dir / "unxml" / f for f in FILES]


@pytest.fixture(scope="module")
def results(files: list[Path]) -> list[object]:
    return list(against_akn(files, ("pdf", "flattened", "fragment")))


def test_pdf_and_flattened_text_agree_with_the_official_files(results: list[object]) -> None:
    scores = totals(results)  # type: ignore[arg-type]
    assert scores["pdf"].tp > 180
    assert scores["pdf"].f1 >= TARGETS["pdf"], scores["pdf"].as_dict()
    assert scores["flattened"].f1 >= TARGETS["flattened"], scores["flattened"].as_dict()
    assert scores["fragment"].f1 >= 0.9, scores["fragment"].as_dict()


def test_the_pdf_has_the_un_layout(files: list[Path], tmp_path: Path) -> None:
    doc = printed(read_akn(files[0]), files[0].name)
    pdf = write_pdf(doc, tmp_path / "a.pdf")
    pages = read_lines(pdf)
    assert len(pages) >= 5
    first = [ln.text for ln in pages[0]]
    assert first[:2] == ["United Nations", "A/RES/76/186"]
    assert "21-19241 (E) 110122" in first and "*2119241*" in first
    n = len(pages)
    second = [ln.text for ln in pages[1]]
    assert second[0] == "A/RES/76/186" and second[1].startswith("Improving the coordination")
    assert second[-1] == "21-19241" and f"2/{n}" in second
    third = [ln.text for ln in pages[2]]
    assert third[0].startswith("Improving") and third[1] == "A/RES/76/186" and third[-1] == f"3/{n}"
    assert "__________________" in first  # footnotes at the foot of the page their marker is on
    assert any(ln.lead_marker and ln.text.startswith("¹ Resolution 70/1.") for ln in pages[0])
    body = " ".join(first)
    assert "Development,¹" in body
    assert any(t.endswith("-") for p in pages for t in (ln.text for ln in p))  # hyphenated line ends


def test_text_versions(files: list[Path]) -> None:
    doc = printed(read_akn(files[0]), files[0].name)
    flat = flattened_text(doc)
    body, _, notes = flat.partition("\n")
    assert body.startswith("United Nations A/RES/76/186 General Assembly") and "\n" not in body
    assert "The General Assembly, Reiterating its strong condemnation" in body
    assert notes.lstrip().startswith("__________________\n1 Resolution 70/1.")
    frag, kept = fragment_text(doc)
    assert frag[0].islower() and "[...]" in frag and "The General Assembly," not in frag
    assert kept == sorted(kept) and "[...]" in FRAGMENT_RECIPE
    assert fragment_text(doc) == (frag, kept)  # deterministic


def test_cli_against_akn(files: list[Path], tmp_path: Path) -> None:
    app = new_app({"eval": eval_command})
    result = CliRunner().invoke(
        app, ["eval", "--against-akn", str(files[4]), "--versions", "pdf", "--json", "--keep", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert '"pdf"' in result.output and (tmp_path / "S_RES_2331_1622533E.pdf").is_file()
    bad = CliRunner().invoke(app, ["eval", "--against-akn", str(files[4]), "--versions", "scan"])
    assert bad.exit_code == 2 and "unknown version" in bad.output
