"""The temporary files of a build in the temporary folder, named so that a dead build's are found.

Each name carries the build's process id (``tipkg-build-<pid>-…``): the next build removes those
whose process is gone (a build killed by ``kill -9`` never runs its own clean-up). Names of the
earlier form, without an id, are removed once they are an hour old.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from tipkg.graph.store.lock import pid_alive

PREFIX = "tipkg-build-"
_OURS = re.compile(rf"^{PREFIX}(?P<pid>\d+)-")
LEGACY_AGE = 3600.0


def spool_prefix() -> str:
    """The name prefix of this process's temporary files."""
    return f"{PREFIX}{os.getpid()}-"


def clean_dead_spools(folder: Path | None = None) -> list[str]:
    """Remove the temporary files and folders of builds that are gone; the paths removed."""
    root = Path(folder or tempfile.gettempdir())
    removed: list[str] = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        m = _OURS.match(entry.name)
        if m:
            if pid_alive(int(m.group("pid"))):
                continue
        elif not _older_than(entry, LEGACY_AGE):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
        removed.append(str(entry))
    return removed


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.lstat().st_mtime > seconds
    except FileNotFoundError:
        return False
