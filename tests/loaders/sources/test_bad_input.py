"""Broken or hostile sources, through the whole load path: one LoadError line naming file and reason."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import fixtures_build as fb
from tipkg.loaders.errors import LoadError
from tipkg.loaders.sources.akn import read_akn
from tipkg.loaders.sources.dispatch import load_source
from tipkg.loaders.sources.docx import extract_docx
from tipkg.loaders.sources.pdf import extract_pdf


def _empty(d: Path) -> Path:
    path = d / "empty.txt"
    path.write_bytes(b"")
    return path


def _empty_pdf(d: Path) -> Path:
    path = d / "empty.pdf"
    path.write_bytes(b"")
    return path


def _garbage_txt(d: Path) -> Path:
    path = d / "garbage.txt"
    rng = random.Random(20991231)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    return path


def _garbage_no_nul_txt(d: Path) -> Path:
    """Binary garbage without NUL bytes: the encoding check has to catch it."""
    path = d / "garbage2.txt"
    rng = random.Random(7)
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4096)))
    return path


def _scanned_pdf(d: Path) -> Path:
    return fb.build_image_pdf(d / "scanned.pdf")


def _truncated_xml(d: Path) -> Path:
    path = d / "truncated.xml"
    path.write_text(fb.AKN_RESOLUTION[: len(fb.AKN_RESOLUTION) // 2], encoding="utf-8")
    return path


def _latin1_txt(d: Path) -> Path:
    path = d / "latin1.txt"
    text = (
        "The General Assembly,\n\nRecalling the résolution of the Assemblée générale (fictional test data),\n"
    )
    path.write_bytes(text.encode("latin-1"))
    return path


def _docx_not_zip(d: Path) -> Path:
    path = d / "not-a-zip.docx"
    path.write_text("The General Assembly,\n1. Decides that this is not a Word file.\n")
    return path


def _truncated_docx(d: Path) -> Path:
    full = fb.build_un_docx(d / "full.docx")
    path = d / "truncated.docx"
    path.write_bytes(full.read_bytes()[:2000])
    return path


def _truncated_pdf(d: Path) -> Path:
    full = fb.build_un_pdf(d / "full.pdf")
    path = d / "truncated.pdf"
    path.write_bytes(full.read_bytes()[:300])
    return path


CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    # name: (builder, words one of which the reason must contain)
    "empty file": (_empty, ("empty",)),
    "empty pdf": (_empty_pdf, ("empty",)),
    "binary garbage .txt": (_garbage_txt, ("binary", "UTF-8")),
    "binary garbage without NUL .txt": (_garbage_no_nul_txt, ("binary", "UTF-8")),
    "scanned pdf": (_scanned_pdf, ("no text layer",)),
    "truncated xml": (_truncated_xml, ("malformed XML",)),
    "latin-1 .txt": (_latin1_txt, ("UTF-8",)),
    ".docx not a zip": (_docx_not_zip, ("not a DOCX",)),
    "truncated docx": (_truncated_docx, ("DOCX", "zip")),
    "truncated pdf": (_truncated_pdf, ("PDF", "pdf")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_clear_line(tmp_path: Path, case: str) -> None:
    build, words = CASES[case]
    path = build(tmp_path)
    with pytest.raises(LoadError) as info:
        load_source(path)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(str(path))
    assert info.value.path == path
    assert any(w in info.value.reason for w in words), message


def test_truncated_xml_reports_a_line(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_source(_truncated_xml(tmp_path))
    assert info.value.line is not None and info.value.line > 1


def test_latin1_reports_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_source(_latin1_txt(tmp_path))
    assert info.value.line == 3


EXTRACTORS: dict[str, Callable[[Path], object]] = {
    ".pdf": extract_pdf,
    ".docx": extract_docx,
    ".xml": read_akn,
    ".txt": load_source,
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(min_size=1, max_size=2048),
    prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<?xml version='1.0'?><akomaNtoso "]),
    suffix=st.sampled_from(list(EXTRACTORS)),
)
def test_any_bytes_give_load_error(tmp_path: Path, data: bytes, prefix: bytes, suffix: str) -> None:
    """Each format's own extractor (not only the dispatcher's safety net) turns junk into LoadError."""
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(prefix + data)
    try:
        EXTRACTORS[suffix](path)
    except LoadError as err:
        assert "\n" not in str(err)
        assert str(err).startswith(str(path))
