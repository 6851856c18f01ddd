"""Checking registry files: every problem at once, each with its file and line (``tipkg registry check``).

The checks are the loader's (:mod:`.load`: fields, types, keys unique, no name shared by two
entities, dates well formed, every entry, fact and label with a source of a known form, references
to known keys), run so that an error leaves out its entry and the others are still read. With the
shared corpus at hand, a source ``corpus/<path>`` must also name a file of it, and an Akoma Ntoso
source's element (``…xml#container_5`` or ``…xml container_5``) an ``eId`` of that file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

from tipkg.loaders.errors import LoadError
from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.registry.model import CORPUS_SOURCE, Entry, Registry

_EID = re.compile(r"^[A-Za-z_][\w.\-]*$")


def check_registry(
    paths: Iterable[Path | str | Traversable] | None = None, corpus: Path | None = None
) -> list[LoadError]:
    """Every problem of the registry files (default: the shipped ones), in file order; none: []."""
    problems: list[LoadError] = []
    registry = load_registry(paths, problems=problems)
    if corpus is not None:
        problems.extend(corpus_problems(registry, corpus))
    return problems


def sources_of(entry: Entry) -> Iterator[tuple[str, int]]:
    """Every source the entry cites, with the YAML line that cites it."""
    for source in entry.sources:
        yield source, entry.line
    for fact in entry.facts:
        yield fact.source, fact.line
    for label in entry.labels:
        yield label.source, label.line


def corpus_problems(registry: Registry, corpus: Path) -> list[LoadError]:
    """Corpus sources that name no file of ``corpus``, or no element of their Akoma Ntoso file."""
    paths = {f.stem: f.path for f in registry.files}
    out: list[LoadError] = []
    for entry in registry:
        where = paths.get(entry.file, entry.file)
        for source, line in sources_of(entry):
            if not CORPUS_SOURCE.match(source):
                continue
            reason = _corpus_reason(source, corpus)
            if reason is not None:
                out.append(LoadError(where, f"source {source!r} of {entry.key}: {reason}", line))
    return out


def _corpus_reason(source: str, corpus: Path) -> str | None:
    """Why a corpus source does not hold, or None. Paths may hold spaces ("GA resolutions_74session_
    French/…"): the file is the longest prefix that is one, before "#eId" or " what follows"."""
    text = source.removeprefix("corpus/")
    head, _, _ = text.partition("#")
    cuts = [m.start() for m in re.finditer(r"\s", head)] + [len(head)]
    rel = next((head[:c] for c in reversed(cuts) if (corpus / head[:c]).is_file()), None)
    if rel is None:
        return f"names no file of {corpus}"
    after = text[len(rel) :]
    anchor = ""
    if after.startswith("#"):
        anchor = after[1:].split()[0] if after[1:].split() else ""
    elif after.split():
        first = after.split()[0].rstrip(",;")
        anchor = first if _EID.match(first) and rel.endswith(".xml") else ""
    if anchor and rel.endswith(".xml") and f'eId="{anchor}"' not in _text(corpus / rel):
        return f"no element with eId {anchor!r} in {rel}"
    return None


@cache
def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")
