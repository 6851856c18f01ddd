"""The one error type loaders raise: it always names the file, the line and the reason."""

from __future__ import annotations

from pathlib import Path


class LoadError(Exception):
    """A source that cannot be loaded; the build reports it and goes on with the others."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.line = line
        super().__init__(self.describe())

    def __reduce__(self) -> tuple[type[LoadError], tuple[Path, str, int | None]]:
        """Rebuilt from its fields: a parse worker sends it to the build (pickle would call
        ``LoadError(message)`` and fail, and the pool would wait for that result for ever)."""
        return (type(self), (self.path, self.reason, self.line))

    def describe(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.reason}"


class NotADocument(LoadError):
    """A file that holds no UN document at all (a list of identifiers, notes beside a corpus): the
    build skips it with a notice instead of refusing a document."""
