"""Limits per source: its size, checked before it is read, and its parse time.

A 50 MB text once parsed for more than fifteen minutes in 1.8 GB, holding the whole build. The
largest real source is 1.5 MB (an Akoma Ntoso file of the Security Council); the defaults leave
twenty times that, and a minute per source where the real ones take well under a second.

The time limit is enforced where the parse runs, by ``SIGALRM`` in the process's main thread (the
parse workers are processes whose main thread parses), raising :class:`ParseTimeout` between two
Python steps; a parse stuck inside C code past twice the limit is ended by ``faulthandler``, which
kills the worker process (graph/build/workers.py reports the source it was parsing).
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO

from tipkg.loaders.errors import LoadError

MB = 1 << 20


class ParseTimeout(BaseException):
    """The parse of one source ran past its limit. A BaseException, so that the loaders'
    ``except Exception`` (which turns a parser's failure into a LoadError) does not swallow it."""


@dataclass(frozen=True)
class SourceLimits:
    """``max_bytes``: largest source file read; ``parse_seconds``: longest parse of one source
    (0 or less: no limit); ``hard_after``: when a parse worker stuck outside Python is killed."""

    max_bytes: int = 32 * MB
    parse_seconds: float = 60.0
    hard_after: float | None = None  # default: twice parse_seconds plus ten

    def check_size(self, path: Path, size: int) -> None:
        """LoadError when the file is over the size limit (before anything reads it)."""
        if self.max_bytes > 0 and size > self.max_bytes:
            raise LoadError(
                path,
                f"file is {size / MB:.1f} MB, over the limit of {self.max_bytes / MB:g} MB per source "
                "(--max-source-mb)",
            )

    def timed_out(self, path: Path) -> LoadError:
        return LoadError(
            path, f"parse took longer than the limit of {self.parse_seconds:g} s per source (--parse-timeout)"
        )

    @property
    def hard_seconds(self) -> float:
        """When a parse that does not come back to Python is ended by killing its process."""
        return self.hard_after if self.hard_after is not None else 2 * self.parse_seconds + 10


NO_LIMITS = SourceLimits(max_bytes=0, parse_seconds=0)


_DEVNULL: IO[str] | None = None


def _devnull() -> IO[str]:
    """Where faulthandler writes the traceback of a parse it ends (not the user's terminal)."""
    global _DEVNULL
    if _DEVNULL is None:
        _DEVNULL = open(os.devnull, "w")  # noqa: SIM115 - open for the life of the process
    return _DEVNULL


@contextlib.contextmanager
def time_limit(limits: SourceLimits, *, hard: bool = False) -> Iterator[None]:
    """Raise :class:`ParseTimeout` in the block after ``limits.parse_seconds``.

    Only in a main thread (signals are delivered there); elsewhere the block runs without a limit.
    ``hard``: also kill this process if the block is still running at ``limits.hard_seconds`` (a
    parse worker: a C call that never returns cannot be interrupted otherwise).
    """
    seconds = limits.parse_seconds
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise ParseTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    if hard:
        faulthandler.dump_traceback_later(limits.hard_seconds, exit=True, file=_devnull())
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if hard:
            faulthandler.cancel_dump_traceback_later()
