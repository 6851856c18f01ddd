"""The sources of a build: folders expanded to the files a loader reads.

Symbolic links to folders are followed (a corpus is often assembled from links), but a link back
to a folder being walked would loop for ever: it is reported and not followed. A folder that cannot
be read and a link to nothing are reported too, never skipped in silence.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tipkg.loaders.errors import LoadError
from tipkg.loaders.sources.dispatch import MANIFEST_NAME, SUFFIXES


@dataclass
class Discovery:
    """The files to load, and what the walk could not follow.

    ``errors``: what may hide sources (a folder that cannot be read); ``warnings``: what was
    skipped on purpose (a link that loops, a link to nothing).
    """

    files: list[Path] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    warnings: list[LoadError] = field(default_factory=list)


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """Files to load (see :func:`discover_sources`, which also says what it could not follow)."""
    return discover_sources(paths).files


def discover_sources(paths: Iterable[Path | str]) -> Discovery:
    """Files to load: folders expanded recursively to supported files, sorted, without duplicates.

    Hidden files and folders, manifest.json and README files are skipped. A path named directly is
    kept whatever its extension (or even if missing), so load_source reports it rather than it
    silently vanishing. A file reached twice (through a link) is kept once, under its first name.
    """
    out = Discovery()
    found: dict[str, Path] = {}  # real path -> first path reaching it
    named: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(_walk(p, out)):
                found.setdefault(os.path.realpath(f), f)
        else:
            named.add(p)
    out.files = sorted(named | set(found.values()))
    return out


def _walk(top: Path, out: Discovery) -> list[Path]:
    files: list[Path] = []
    stack: list[tuple[Path, tuple[tuple[int, int], ...]]] = [(top, ())]
    while stack:
        folder, ancestors = stack.pop()
        try:
            st = folder.stat()
            here = (st.st_dev, st.st_ino)
            entries = list(os.scandir(folder))
        except OSError as exc:
            out.errors.append(LoadError(folder, f"cannot read folder: {exc.strerror or exc}"))
            continue
        if here in ancestors:
            out.warnings.append(
                LoadError(folder, "symbolic link loop: leads back to a folder above; not followed")
            )
            continue
        chain = (*ancestors, here)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links
                is_file = not is_dir and entry.is_file()
            except OSError as exc:
                why = (
                    "symbolic link loop; skipped"
                    if exc.errno == errno.ELOOP
                    else f"cannot follow: {exc.strerror}"
                )
                out.warnings.append(LoadError(path, why))
                continue
            if is_dir:
                stack.append((path, chain))
            elif is_file:
                if _wanted(path):
                    files.append(path)
            elif entry.is_symlink() and _wanted(path):
                why = "symbolic link loop" if _loops(path) else "symbolic link to nothing"
                out.warnings.append(LoadError(path, f"{why}; skipped"))
    return files


def _loops(path: Path) -> bool:
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _wanted(path: Path) -> bool:
    name = path.name.lower()
    if name == MANIFEST_NAME or name.startswith("readme."):
        return False
    return path.suffix.lower() in SUFFIXES
