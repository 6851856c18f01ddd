"""Format dispatch: content sniffing before extensions, discovery of sources, manifest lookup."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from tests import fixtures_build as fb
from tipkg.graph.build.discover import discover
from tipkg.loaders.errors import LoadError
from tipkg.loaders.sources import dispatch
from tipkg.loaders.sources.dispatch import find_manifest, load_source, sniff_format
from tipkg.loaders.sources.extracted import file_sha256

MINIMAL_TEXT = "The General Assembly,\n\n1. Decides to test the dispatcher.\n"


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("samples")
    akn = d / "res.xml"
    akn.write_text(fb.AKN_RESOLUTION, encoding="utf-8")
    txt = d / "res.txt"
    txt.write_text(MINIMAL_TEXT, encoding="utf-8")
    md = d / "res.md"
    md.write_text(MINIMAL_TEXT, encoding="utf-8")
    return {
        "pdf": fb.build_un_pdf(d / "res.pdf"),
        "docx": fb.build_un_docx(d / "res.docx"),
        "akn": akn,
        "text": txt,
        "markdown": md,
    }


@pytest.mark.parametrize("fmt", ["pdf", "docx", "akn", "text", "markdown"])
def test_sniff_by_content_and_extension(samples: dict[str, Path], fmt: str) -> None:
    assert sniff_format(samples[fmt]) == fmt


@pytest.mark.parametrize(
    ("fmt", "name"), [("pdf", "misnamed.txt"), ("docx", "misnamed.bin"), ("akn", "res.akn")]
)
def test_content_wins_over_extension(samples: dict[str, Path], tmp_path: Path, fmt: str, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(samples[fmt].read_bytes())
    assert sniff_format(path) == fmt


def test_unrecognised_content(tmp_path: Path) -> None:
    other_xml = tmp_path / "feed.xml"
    other_xml.write_text('<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    assert sniff_format(other_xml) == "akn"  # the extension picks the AKN loader, which refuses it
    with pytest.raises(LoadError) as info:
        load_source(other_xml)
    assert "not Akoma Ntoso 3.0" in info.value.reason
    unknown = tmp_path / "data.csv"
    unknown.write_text("a,b\n1,2\n")
    assert sniff_format(unknown) is None
    with pytest.raises(LoadError) as info:
        load_source(unknown)
    assert info.value.reason.startswith("unsupported format")
    plain_zip = tmp_path / "bundle.zip"
    with zipfile.ZipFile(plain_zip, "w") as zf:
        zf.writestr("a.txt", "x")
    with pytest.raises(LoadError) as info:
        load_source(plain_zip)
    assert info.value.reason.startswith("unsupported format")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "akn", "text", "markdown"])
def test_load_source_every_format(samples: dict[str, Path], fmt: str) -> None:
    doc = load_source(samples[fmt])
    assert doc.source_format == fmt
    assert doc.source_sha256 == hashlib.sha256(samples[fmt].read_bytes()).hexdigest()
    assert doc.source_path == str(samples[fmt])
    operative = [p for p in doc.paragraphs if p.kind == "operative"]
    assert operative and operative[0].number == "1"


def test_sha256_matches_hashlib(samples: dict[str, Path]) -> None:
    for path in samples.values():
        assert file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_discover_recurses_sorts_and_skips(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in ["b/z.txt", "a/deep/y.pdf", "a/x.md", "a/w.docx", "a/v.xml", "top.txt"]:
        (tmp_path / rel).write_text("x")
    for rel in [".hidden/h.txt", "a/.secret.txt", "manifest.json", "a/README.md", "a/notes.csv"]:
        (tmp_path / rel).write_text("x")
    found = discover([tmp_path])
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    assert rel == ["a/deep/y.pdf", "a/v.xml", "a/w.docx", "a/x.md", "b/z.txt", "top.txt"]
    assert found == sorted(found)


def test_discover_keeps_named_files_and_dedupes(tmp_path: Path) -> None:
    f = tmp_path / "one.txt"
    f.write_text("x")
    odd = tmp_path / "named.csv"
    odd.write_text("x")
    missing = tmp_path / "missing.pdf"
    assert discover([tmp_path, f, odd, missing]) == sorted({f, odd, missing})
    with pytest.raises(LoadError) as info:
        load_source(missing)
    assert info.value.reason == "no such file or directory"


def test_manifest_found_above_the_file(corpus_dir: Path) -> None:
    path = corpus_dir / "resolutions" / "A_RES_61_180.txt"
    manifest = find_manifest(path)
    assert manifest is not None
    assert manifest.path == (corpus_dir / "manifest.json").resolve()
    entry = manifest.entry_for(path)
    assert entry is not None and entry.symbol == "A/RES/61/180"


def test_manifest_metadata_reaches_binary_formats(tmp_path: Path) -> None:
    """A PDF whose text states no date gets it from the manifest next to it."""
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "nodate.pdf"
    c = canvas.Canvas(str(pdf))
    for i, line in enumerate(["The General Assembly,", "1. Decides to test manifests."]):
        c.drawString(72, 720 - 20 * i, line)
    c.showPage()
    c.save()
    entry = {
        "file": "nodate.pdf",
        "symbol": "A/RES/99/2",
        "body": "General Assembly",
        "adopted": "2099-06-30",
    }
    (tmp_path / "manifest.json").write_text(json.dumps({"resolutions": [entry]}))
    doc = load_source(pdf)
    assert doc.symbol == "A/RES/99/2"
    assert doc.date == "2099-06-30"
    assert doc.body == "GA"


def test_unexpected_exception_becomes_one_line(
    monkeypatch: pytest.MonkeyPatch, samples: dict[str, Path]
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise ValueError("parser exploded\nwith a second line")

    monkeypatch.setattr(dispatch, "load_pdf", explode)
    with pytest.raises(LoadError) as info:
        load_source(samples["pdf"])
    assert str(info.value) == f"{samples['pdf']}: ValueError: parser exploded with a second line"
