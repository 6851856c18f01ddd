"""What decides that a source need not be parsed again: its bytes, and the manifest entry it gets.

The sha256 of the file alone missed an edited manifest.json (an adoption date added for one
resolution reached the graph only with ``--full``). Each source's key now also holds a digest of its
manifest entry; a build writes the keys of its sources beside its store (``sources.json`` in its
generation, graph/store/generations.py) and the next one parses again every source whose entry
changed, appeared or went away.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from tipkg.loaders.errors import LoadError
from tipkg.loaders.sources.dispatch import find_manifest, manifests_near
from tipkg.loaders.sources.manifest import load_manifest

KEYS_FILE = "sources.json"


def manifest_key(path: Path) -> str:
    """A digest of the manifest entry ``path`` gets ("" when it has none)."""
    try:
        manifest = find_manifest(path)
    except LoadError:
        return "unreadable"
    entry = manifest.entry_for(path) if manifest is not None else None
    if entry is None:
        return ""
    text = json.dumps(dataclasses.asdict(entry), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def manifest_errors(files: Iterable[Path]) -> list[LoadError]:
    """One error per manifest near ``files`` that cannot be read or does not match its schema."""
    errors = []
    for path in manifests_near(files):
        try:
            load_manifest(path)
        except LoadError as err:
            errors.append(err)
    return errors


def read_keys(folder: Path | None) -> dict[str, str] | None:
    """The keys a build wrote into ``folder``; None when there are none (an older build)."""
    if folder is None:
        return None
    try:
        raw = json.loads((folder / KEYS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        return None
    return {str(k): v for k, v in raw.items()}


def write_keys(folder: Path, keys: Mapping[str, str]) -> None:
    (folder / KEYS_FILE).write_text(json.dumps(dict(sorted(keys.items())), indent=0) + "\n", encoding="utf-8")
