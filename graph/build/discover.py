"""The sources of a build: folders expanded to the files a loader reads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tipkg.loaders.sources.dispatch import MANIFEST_NAME, SUFFIXES


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """Files to load: folders expanded recursively to supported files, sorted, without duplicates.

    Hidden files and folders, manifest.json and README files are skipped. A path named directly is
    kept whatever its extension (or even if missing), so load_source reports it rather than it
    silently vanishing.
    """
    found: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in p.rglob("*"):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if f.is_file() and _wanted(f):
                    found.add(f)
        else:
            found.add(p)
    return sorted(found)


def _wanted(path: Path) -> bool:
    name = path.name.lower()
    if name == MANIFEST_NAME or name.startswith("readme."):
        return False
    return path.suffix.lower() in SUFFIXES
