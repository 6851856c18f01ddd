"""What the binary-format loaders (PDF, DOCX, Akoma Ntoso) share: extracted text plus metadata hints.

Each format loader only turns its file into plain text that reads like a UN resolution, and collects
metadata the format states explicitly (AKN ``<meta>``) or a manifest supplies. The text parser
(:func:`tipkg.loaders.text.parse_text`) then segments that text, so every span indexes into it.

Metadata hint keys are the :class:`~tipkg.loaders.model.Document` field names: ``symbol``,
``doc_type``, ``body`` (the body's name as the source writes it, e.g. "General Assembly"), ``date``
(ISO), ``title``, ``session``, ``agenda_item``, ``meeting``, ``distribution_date``.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document

HINT_KEYS = (
    "symbol",
    "doc_type",
    "body",
    "date",
    "title",
    "session",
    "agenda_item",
    "meeting",
    "distribution_date",
)


@dataclass(frozen=True)
class Extracted:
    """Text extracted from a source file and the metadata the format itself states."""

    text: str
    metadata: dict[str, str] = field(default_factory=dict)


class _ParseText(Protocol):
    def __call__(
        self,
        text: str,
        *,
        path: str,
        sha256: str,
        fmt: str,
        loader: str,
        metadata: Mapping[str, str] | None = None,
        registry: Any = None,
    ) -> Document: ...


def file_sha256(path: Path | str) -> str:
    """Hex SHA-256 of a file, read in chunks (provenance of every named graph)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def merge_hints(format_hints: Mapping[str, str], manifest: Mapping[str, str] | None) -> dict[str, str]:
    """Format metadata, overridden by the curated manifest entry; empty values are dropped."""
    merged = {k: v.strip() for k, v in format_hints.items() if v and v.strip()}
    if manifest:
        merged.update({k: v.strip() for k, v in manifest.items() if isinstance(v, str) and v.strip()})
    return merged


def _parse_text_function(path: Path) -> _ParseText:
    """The text parser, imported late: it is another module's job and may not be installed yet."""
    try:
        module = importlib.import_module("tipkg.loaders.text")
    except ModuleNotFoundError as exc:
        raise LoadError(path, f"text parser unavailable: {exc}") from None
    return cast(_ParseText, module.parse_text)


def build_document(
    extracted: Extracted,
    *,
    path: Path | str,
    fmt: str,
    loader: str,
    sha256: str | None = None,
    manifest: Mapping[str, str] | None = None,
    registry: Any = None,
) -> Document:
    """Segment extracted text into a Document; any failure becomes one LoadError line."""
    p = Path(path)
    if not extracted.text.strip():
        raise LoadError(p, "no text could be extracted")
    parse_text = _parse_text_function(p)
    try:
        return parse_text(
            extracted.text,
            path=str(p),
            sha256=sha256 or file_sha256(p),
            fmt=fmt,
            loader=loader,
            metadata=merge_hints(extracted.metadata, manifest),
            registry=registry,
        )
    except LoadError:
        raise
    except Exception as exc:  # a parser bug must not abort a whole build
        raise LoadError(p, one_line(f"{type(exc).__name__}: {exc}")) from None


def one_line(message: str) -> str:
    """Collapse a (third-party) error message to one line for LoadError."""
    text = " ".join(str(message).split())
    return text or "unknown error"
