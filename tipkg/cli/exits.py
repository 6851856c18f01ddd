"""The exit codes of ``tipkg build`` (README, "Exit codes"), and the one line each failure prints.

A failure that is not the user's sources (a full disk, a permission, a busy store) used to end in
a 40-line traceback and exit 1, the code that also means "violations". Each has its own code now,
and one line on stderr; ``--debug`` shows the traceback as well.
"""

from __future__ import annotations

import errno
import re

EXIT_OK = 0
EXIT_VIOLATIONS = 1  # --strict and the graph has SHACL violations (the graph is unchanged)
EXIT_REFUSED = 2  # sources refused: some could not be loaded, too few did, or a manifest is broken
EXIT_ENVIRONMENT = 3  # the machine failed the build: disk full, permissions, read-only, out of memory
EXIT_BUSY = 4  # another build holds the store and --wait ran out
EXIT_INTERRUPTED = 130  # Ctrl-C (the graph is unchanged)
EXIT_BUG = 70  # an error in tipkg itself: please report it with the --debug output

_ENVIRONMENT_ERRNOS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "read-only file system",
    errno.EMFILE: "too many open files",
    errno.EIO: "input/output error",
}
#: what RocksDB (through pyoxigraph) says, without an errno
_ENVIRONMENT_TEXTS = {
    "no space left on device": "no space left on the device",
    "disk quota exceeded": "disk quota exceeded",
    "permission denied": "permission denied",
    "read-only file system": "read-only file system",
    "too many open files": "too many open files",
}


def environment_message(exc: BaseException) -> str:
    """One line for an OSError or MemoryError: what failed, where."""
    if isinstance(exc, MemoryError):
        return "out of memory (try fewer --jobs, or a lower --max-source-mb)"
    what = None
    if isinstance(exc, OSError) and exc.errno in _ENVIRONMENT_ERRNOS:
        what = _ENVIRONMENT_ERRNOS[exc.errno]
    text = str(exc)
    if what is None:
        lowered = text.lower()
        what = next((v for k, v in _ENVIRONMENT_TEXTS.items() if k in lowered), None)
    where = getattr(exc, "filename", None)
    if where is None:  # RocksDB names the file in its message
        m = re.search(r"(/[^\s:]+)", text)
        where = m.group(1) if m else None
    if what is None:
        what = getattr(exc, "strerror", None) or " ".join(text.split())[:200] or type(exc).__name__
    return f"{what}{f' (writing {where})' if where else ''}"
