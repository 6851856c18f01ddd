"""Pick the loader for a source file and attach manifest metadata.

The format is decided by content first (``%PDF-``, a zip holding ``word/document.xml``, an XML root
in the Akoma Ntoso 3.0 namespace), so a misnamed file still loads; the extension decides only
when the content says nothing (plain text, Markdown) and picks which loader reports a broken file.
Every failure, ours or a third-party parser's, surfaces as one :class:`LoadError` line.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.akn import load_akn
from tipkg.loaders.sources.doc import OLE2_MAGIC, load_doc
from tipkg.loaders.sources.docx import load_docx
from tipkg.loaders.sources.extracted import ManifestArg, one_line
from tipkg.loaders.sources.manifest import Manifest, load_manifest
from tipkg.loaders.sources.pdf import load_pdf
from tipkg.loaders.sources.text import load_text_file

__all__ = ["SUFFIXES", "find_manifest", "load_source", "manifests_near", "sniff_format"]

Format = Literal["pdf", "docx", "doc", "akn", "markdown", "text"]
SUFFIXES: dict[str, Format] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
    ".xml": "akn",
    ".akn": "akn",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
MANIFEST_NAME = "manifest.json"
MANIFEST_SEARCH_LEVELS = 4  # the corpus keeps its manifest one level above resolutions/
SNIFF_BYTES = 8192
AKN_NS = b"http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?akomaNtoso[\s>/]")


def sniff_format(path: Path) -> Format | None:
    """The format the file's bytes show, else the one its extension names, else None."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE2_MAGIC):  # a compound file: legacy Word (other Office files are refused)
        return "doc" if path.suffix.lower() in (".doc", ".dot", "") else None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError):
            pass
        return "docx" if path.suffix.lower() == ".docx" else None
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"<") and _XML_ROOT.search(head) and AKN_NS in head:
        return "akn"
    return SUFFIXES.get(path.suffix.lower())


def load_source(
    path: Path | str,
    manifest: ManifestArg = None,
    registry: Registry | None = None,
) -> Document:
    """Load one source file into a Document; LoadError (one line, no traceback) for any failure.

    ``manifest`` is a loaded manifest or the path of a manifest.json; when None, the nearest
    manifest.json that lists the file (its folder or up to three above) is used.
    """
    p = Path(path)
    try:
        if not p.exists():
            raise LoadError(p, "no such file or directory")
        if not p.is_file():
            raise LoadError(p, "not a regular file")
        if p.stat().st_size == 0:
            raise LoadError(p, "empty file")
        fmt = sniff_format(p)
        if fmt is None:
            raise LoadError(
                p, f"unsupported format (extension {p.suffix or 'none'!r}, content not recognised)"
            )
        return _load(p, fmt, manifest if manifest is not None else find_manifest(p), registry)
    except LoadError:
        raise
    except Exception as exc:  # third-party parsers raise anything; the build needs one clear line
        raise LoadError(p, one_line(f"{type(exc).__name__}: {exc}")) from None


def _load(path: Path, fmt: Format, manifest: ManifestArg, registry: Registry | None) -> Document:
    if fmt == "pdf":
        return load_pdf(path, manifest=manifest, registry=registry)
    if fmt == "docx":
        return load_docx(path, manifest=manifest, registry=registry)
    if fmt == "doc":
        return load_doc(path, manifest=manifest, registry=registry)
    if fmt == "akn":
        return load_akn(path, manifest=manifest, registry=registry)
    return load_text_file(path, manifest=manifest, registry=registry)


# --- manifest ------------------------------------------------------------------------------------


def find_manifest(path: Path) -> Manifest | None:
    """The nearest manifest.json (this folder or up to three above) that has an entry for ``path``."""
    target = path.resolve()
    folder = target.parent
    for _ in range(MANIFEST_SEARCH_LEVELS):
        candidate = folder / MANIFEST_NAME
        if candidate.is_file():
            manifest = _cached_manifest(candidate, candidate.stat().st_mtime_ns)
            if manifest.entry_for(target) is not None:
                return manifest
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


def manifests_near(paths: Iterable[Path]) -> list[Path]:
    """Every manifest.json that :func:`find_manifest` may read for these files (a build checks
    them once, up front, instead of failing on a broken one once per file)."""
    found: set[Path] = set()
    starts = {path.resolve().parent for path in paths}
    folders = set()
    for folder in starts:
        for _ in range(MANIFEST_SEARCH_LEVELS):
            folders.add(folder)
            if folder.parent == folder:
                break
            folder = folder.parent
    for folder in folders:
        if (folder / MANIFEST_NAME).is_file():
            found.add(folder / MANIFEST_NAME)
    return sorted(found)


@lru_cache(maxsize=16)
def _cached_manifest(path: Path, _mtime: int) -> Manifest:
    """A manifest read once per build (re-read when the file changes)."""
    return load_manifest(path)
