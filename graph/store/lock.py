"""The build lock: one build at a time per store, readers never wait.

Two builds filling the same store at once corrupted it (one removed the old store folder while
the other copied it: RocksDB then reports "MANIFEST may be corrupted"). A build therefore holds an
exclusive ``flock`` on a lock file beside the store for its whole run. The kernel drops the lock
when the holder dies, even by ``kill -9``, so a lock never outlives its build and needs no cleaning.
Readers (``chain``, ``query``, ``serve``) open a committed generation read-only and never take it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

POLL_SECONDS = 0.2


class StoreBusy(RuntimeError):
    """Another build holds the store's lock (and ``wait`` ran out)."""

    def __init__(self, lock: Path, holder: str, waited: float) -> None:
        self.lock, self.holder, self.waited = lock, holder, waited
        after = f" after waiting {waited:.0f} s" if waited >= 1 else ""
        super().__init__(f"another build is using this store ({holder}){after}; try again when it ends")


def holder_of(lock: Path) -> str:
    """What the lock file says about the build holding it (pid, host, start, command)."""
    try:
        text = lock.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "a build that has not said who it is"


@contextlib.contextmanager
def build_lock(
    lock: Path,
    *,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the store's build lock for the block.

    ``wait``: seconds to wait for a build that holds it (None: as long as it takes, 0: not at all);
    :class:`StoreBusy` when it runs out. ``on_wait`` is told once, with the holder, that we wait.
    """
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, lock, wait, on_wait)
        _describe_holder(fd)
        yield
    finally:
        os.close(fd)  # releases the lock


def _acquire(fd: int, lock: Path, wait: float | None, on_wait: Callable[[str], None] | None) -> None:
    start = time.monotonic()
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        waited = time.monotonic() - start
        if wait is not None and waited >= wait:
            raise StoreBusy(lock, holder_of(lock), waited)
        if not told and on_wait is not None:
            limit = "" if wait is None else f" (at most {wait:.0f} s)"
            on_wait(f"waiting for another build to finish{limit}: {holder_of(lock)}")
            told = True
        time.sleep(POLL_SECONDS)


def _describe_holder(fd: int) -> None:
    """Write who holds the lock into it, for the message of a build that has to wait."""
    command = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))[:300]
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    text = f"pid {os.getpid()} on {socket.gethostname()}, started {started}: {command}\n"
    os.ftruncate(fd, 0)
    os.pwrite(fd, text.encode("utf-8", "replace"), 0)


def pid_alive(pid: int) -> bool:
    """Whether a process of that id runs (a recycled id counts as alive: its files are kept)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
