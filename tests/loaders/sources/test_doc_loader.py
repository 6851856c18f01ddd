"""Legacy Word (.doc) through LibreOffice: the same document as its DOCX."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests import fixtures_build as fb
from tipkg.loaders.errors import LoadError
from tipkg.loaders.sources import doc as doc_loader
from tipkg.loaders.sources.dispatch import load_source, sniff_format
from tipkg.loaders.sources.docx import load_docx


@pytest.fixture(scope="module")
def docx_and_doc(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if doc_loader.soffice() is None:
        pytest.fail("LibreOffice is not installed: run .ci/install-libreoffice")
    tmp = tmp_path_factory.mktemp("doc")
    docx = fb.build_un_docx(tmp / "A_RES_99_1.docx")
    out = tmp / "doc"
    subprocess.run(
        [str(doc_loader.soffice()), f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(out), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return docx, out / "A_RES_99_1.doc"


def test_a_doc_reads_as_its_docx(docx_and_doc: tuple[Path, Path]) -> None:
    docx, doc = docx_and_doc
    assert doc.read_bytes().startswith(doc_loader.OLE2_MAGIC)
    assert sniff_format(doc) == "doc"
    a, b = load_source(doc), load_docx(docx)
    assert (a.source_format, a.loader, a.symbol) == ("doc", "tipkg.loaders.doc", "A/RES/99/1")
    assert a.text == b.text
    assert [
        (p.kind, p.number, [(c.relation, c.target.key) for c in p.citations]) for p in a.all_paragraphs()
    ] == [(p.kind, p.number, [(c.relation, c.target.key) for c in p.citations]) for p in b.all_paragraphs()]
    assert [f.refers_to for f in a.footnotes] == [f.refers_to for f in b.footnotes]


def test_without_libreoffice_a_doc_is_reported(
    docx_and_doc: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doc_loader, "soffice", lambda: None)
    with pytest.raises(LoadError) as info:
        load_source(docx_and_doc[1])
    assert "libreoffice-writer-nogui" in info.value.reason


def test_a_broken_doc_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.doc"
    bad.write_bytes(doc_loader.OLE2_MAGIC + b"\x00" * 600)
    with pytest.raises(LoadError) as info:
        load_source(bad)
    assert "\n" not in str(info.value)
