"""Progress of a long build: a bar on a terminal, else a line every few seconds.

A build writing to a file or a CI log printed nothing for minutes: the bar of rich draws only on a
terminal. Off a terminal, a background thread prints what the build is doing (its phase, the
sources parsed so far) every ``every`` seconds, and nothing for a build shorter than that.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import TracebackType

from rich.console import Console

from tipkg.cli.common import progress_bar


class BuildProgress:
    """The build's ``progress`` and ``phase`` callbacks, shown as a bar or as periodic lines."""

    def __init__(self, console: Console, every: float = 5.0) -> None:
        self.console = console
        self.every = every
        self.terminal = console.is_terminal
        self._bar = progress_bar(console)
        self._task = self._bar.add_task("starting", total=None)
        self._phase = "starting"
        self._done = 0
        self._total = 0
        self._start = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> BuildProgress:
        self._start = time.monotonic()
        if self.terminal:
            self._bar.__enter__()
        elif self.every > 0:
            self._thread = threading.Thread(target=self._tick, name="tipkg-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.terminal:
            self._bar.__exit__(kind, exc, tb)

    def phase(self, text: str) -> None:
        with self._lock:
            self._phase = text
        if self.terminal:
            self._bar.update(self._task, description=text)

    def source(self, name: str, done: int, total: int) -> None:
        with self._lock:
            self._done, self._total = done, total
        if self.terminal:
            self._bar.update(
                self._task, description=f"parsing {Path(name).name}", completed=done, total=total
            )

    def say(self, text: str) -> None:
        """A message of its own (waiting for the lock …), printed at once."""
        self.console.print(text, highlight=False, soft_wrap=True)

    def line(self) -> str:
        with self._lock:
            phase, done, total = self._phase, self._done, self._total
        elapsed = time.monotonic() - self._start
        if phase.startswith("parsing") and total:
            phase = f"parsing: {done:,} of {total:,} sources ({100 * done / total:.0f}%)"
        return f"tipkg build: {phase} … {elapsed:.0f} s"

    def _tick(self) -> None:
        while not self._stop.wait(self.every):
            self.console.print(self.line(), highlight=False, soft_wrap=True)
