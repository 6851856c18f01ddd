"""Markdown and plain-text resolutions: read the file (strict UTF-8, or UTF-16/32 with a BOM) and parse it."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.parse.resolution import parse_text
from tipkg.loaders.registry.load import default_registry
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.extracted import ManifestArg, metadata_hints

# C0 control characters other than line feed, carriage return, tab and form feed.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# Byte order marks: Windows' editors save "Unicode" text as UTF-16 with one (UTF-32 first: its
# little-endian mark begins with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def load_text_file(
    path: Path | str, manifest: ManifestArg = None, registry: Registry | None = None
) -> Document:
    """Read a .md/.txt resolution (UTF-8, BOM allowed) and parse it; ``manifest`` is a
    :class:`~tipkg.loaders.sources.manifest.Manifest` or the path of a manifest.json."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoadError(p, f"cannot read file: {exc.strerror or exc}") from exc
    text = decode(p, data)
    fmt = "markdown" if p.suffix.lower() in (".md", ".markdown") else "text"
    reg = registry if registry is not None else default_registry()
    meta = metadata_hints(p, {}, manifest, reg)
    return parse_text(
        text, path=str(p), sha256=hashlib.sha256(data).hexdigest(), fmt=fmt, metadata=meta, registry=reg
    )


def decode(path: Path, data: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped), or UTF-16/UTF-32 announced by their BOM; empty, binary or
    other encodings raise LoadError."""
    if not data.strip():
        raise LoadError(path, "empty file: no resolution text")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is not None:
        try:
            text = data.decode(encoding)  # the codec reads and drops the BOM
        except UnicodeDecodeError as exc:
            raise LoadError(
                path, f"not {encoding.upper()} text although it starts with its byte order mark: {exc.reason}"
            ) from exc
        if not text.strip():
            raise LoadError(path, "empty file: no resolution text")
    else:
        if b"\x00" in data:
            raise LoadError(path, "binary data (NUL bytes), not a text file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise LoadError(
                path,
                f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded (re-save the file as UTF-8)",
                line,
            ) from exc
    controls = sum(1 for _ in _CONTROLS.finditer(text))
    if controls > max(2, len(text) // 100):
        raise LoadError(path, "binary data (control characters), not a text file")
    return text
