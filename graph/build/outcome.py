"""When a build may replace the graph: at least ``--min-loaded`` of its sources loaded, and, under
``--strict``, no violation. A build that falls short changes nothing and says why.

A build whose every source failed (a typo in a folder name, an empty folder, a broken manifest)
used to replace a good graph with one holding the registry alone.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tipkg.loaders.errors import LoadError


class BuildRefused(Exception):
    """The build stops and the graph stays as it was. ``kind``: "sources" (too few loaded, or a
    broken manifest) or "violations" (under ``--strict``)."""

    def __init__(
        self,
        reason: str,
        kind: str = "sources",
        errors: list[LoadError] | None = None,
        warnings: list[LoadError] | None = None,
    ) -> None:
        self.reason, self.kind = reason, kind
        self.errors, self.warnings = errors or [], warnings or []  # what the sources said, to print first
        super().__init__(reason)


@dataclass(frozen=True)
class MinLoaded:
    """How many sources must load for a build to replace the graph: a count, or a share of the
    sources found ("90%"). Zero allows a graph of the registry alone."""

    count: int = 1
    percent: float | None = None

    @classmethod
    def parse(cls, text: str) -> MinLoaded:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(%?)\s*", text)
        if not m or (m.group(2) and float(m.group(1)) > 100) or (not m.group(2) and "." in m.group(1)):
            raise ValueError(f"{text!r}: give a number of sources (3) or a share of them (90%)")
        if m.group(2):
            return cls(count=0, percent=float(m.group(1)))
        return cls(count=int(m.group(1)))

    def required(self, found: int) -> int:
        if self.percent is not None:
            return max(1 if self.percent > 0 else 0, math.ceil(found * self.percent / 100))
        return self.count

    def __str__(self) -> str:
        return f"{self.percent:g}%" if self.percent is not None else str(self.count)


def check_loaded(loaded: int, found: int, minimum: MinLoaded, sources: list[str]) -> None:
    """BuildRefused when fewer than the minimum of the sources found were loaded."""
    need = minimum.required(found)
    if loaded >= need:
        return
    if found == 0:
        where = ", ".join(sources) if sources else "(no SOURCES given)"
        raise BuildRefused(
            f"no sources found in {where}; the graph is unchanged "
            f"(a build must load at least {need}: --min-loaded {minimum})"
        )
    raise BuildRefused(
        f"{loaded} of {found} source(s) loaded, at least {need} needed (--min-loaded {minimum}); "
        "the graph is unchanged"
    )
