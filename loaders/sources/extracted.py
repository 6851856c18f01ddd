"""What the binary-format loaders (PDF, DOCX, Akoma Ntoso) share: extracted text plus metadata hints.

Each format loader only turns its file into plain text that reads like a UN resolution, and collects
metadata the format states explicitly (AKN ``<meta>``); a manifest entry may add more. The text
parser (:func:`tipkg.loaders.parse.resolution.parse_text`) then segments that text, so every span indexes into it.

Metadata hint keys are those parse_text reads: ``symbol``, ``body`` (a registry key; format loaders
give the body's name, mapped here), ``date`` (ISO adoption date), ``title``, and, for information,
``doc_type`` and ``session``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.parse.references import body_key_for_name
from tipkg.loaders.parse.resolution import parse_text
from tipkg.loaders.registry.load import default_registry
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.manifest import Manifest, load_manifest

# The rule UN documents print above the footnotes; the text parser reads the "N text" lines after it
# as footnote bodies.
FOOTNOTE_RULE = "_" * 18

#: what a loader's ``manifest`` argument may be: the loaded manifest or the path of manifest.json
ManifestArg = Manifest | Path | str | None


@dataclass(frozen=True)
class Extracted:
    """Text extracted from a source file and the metadata the format itself states."""

    text: str
    metadata: dict[str, str] = field(default_factory=dict)


def file_sha256(path: Path | str) -> str:
    """Hex SHA-256 of a file, read in chunks (provenance of every named graph)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def metadata_hints(
    path: Path, format_hints: Mapping[str, str], manifest: ManifestArg, registry: Registry | None
) -> dict[str, str]:
    """Format metadata (body name mapped to its registry key), overridden by the manifest entry."""
    hints = {k: " ".join(v.split()) for k, v in format_hints.items() if v and v.strip()}
    if "body" in hints:
        key = body_key_for_name(hints["body"], registry)
        if key:
            hints["body"] = key
        else:
            del hints["body"]
    if manifest is not None:
        man = manifest if isinstance(manifest, Manifest) else load_manifest(Path(manifest))
        entry = man.entry_for(path)
        if entry is not None:
            hints.update(entry.metadata(registry))
    return hints


def build_document(
    extracted: Extracted,
    *,
    path: Path | str,
    fmt: str,
    loader: str,
    sha256: str | None = None,
    manifest: ManifestArg = None,
    registry: Registry | None = None,
) -> Document:
    """Segment extracted text into a Document; any failure becomes one LoadError line."""
    p = Path(path)
    if not extracted.text.strip():
        raise LoadError(p, "no text could be extracted")
    reg = registry if registry is not None else default_registry()
    try:
        return parse_text(
            extracted.text,
            path=str(p),
            sha256=sha256 or file_sha256(p),
            fmt=fmt,
            loader=loader,
            metadata=metadata_hints(p, extracted.metadata, manifest, reg),
            registry=reg,
        )
    except LoadError:
        raise
    except Exception as exc:  # a parser bug must not abort a whole build
        raise LoadError(p, one_line(f"{type(exc).__name__}: {exc}")) from None


def footnote_block(notes: list[tuple[str, str]]) -> str:
    """Footnotes as printed at a page foot: the rule, then one "N text" line per note."""
    if not notes:
        return ""
    return "\n\n" + FOOTNOTE_RULE + "\n" + "\n".join(f"{marker} {text}" for marker, text in notes)


def one_line(message: str) -> str:
    """Collapse a (third-party) error message to one line for LoadError."""
    text = " ".join(str(message).split())
    return text or "unknown error"
