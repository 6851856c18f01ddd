"""The topical collection of a build: which of the given sources to load (``tipkg build --topic``).

1. Index: every file read cheaply, in parallel: an AKN file's identity (identification, cover page
   and preface, :func:`tipkg.loaders.sources.akn.identify`), its subjects (``<meta>``) and its text
   searched for the topic's instruments (about 2 ms a file); a file of any other format is loaded in
   full (they are the few texts a user adds).
2. Seeds: the documents meeting one of the topic's criteria (graph/build/topic.py).
3. Closure: the build parses the seeds, reads what each cites with the topic's relations
   (``Parsed.cites``; for a graph kept from the previous build, the store), and takes the documents
   of the corpus with those symbols; then what they cite, up to the topic's ``max_depth``.

A document is taken once, with every language version the corpus has of it (each loads into the
work's graph for its language). Each step's counts go to the build's summary (:attr:`Collection.steps`).
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from tipkg.graph.build.topic import Criteria, Topic
from tipkg.loaders.errors import LoadError
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.akn import identify
from tipkg.loaders.sources.akn_meta import read_meta
from tipkg.loaders.sources.akn_xml import AKN_NS
from tipkg.loaders.sources.dispatch import load_source, sniff_format
from tipkg.ontology.ids import graph_iri, in_language, symbol_slug
from tipkg.ontology.languages import is_primary, tag_of
from tipkg.ontology.namespaces import sparql_prolog

CHUNK = 64  # files per worker task
_TEXT = "//text()[not(ancestor::akn:meta)]"  # the words of an AKN file, its metadata aside
_CRITERIA: Criteria | None = None  # set before the index workers fork
_REGISTRY: Registry | None = None


@dataclass(frozen=True)
class Indexed:
    """One file as the index saw it."""

    path: str
    key: str | None  # the IRI segment of its symbol (how citations find it); None: no symbol
    lang: str | None  # the text's language tag; None: the primary (English, or not said)
    why: tuple[str, ...] = ()  # the seed criteria it meets
    error: str | None = None


def index_file(path: Path, criteria: Criteria, registry: Registry) -> Indexed:
    """What the collection needs to know of one file (errors as data)."""
    try:
        if sniff_format(path) == "akn":
            identity, root = identify(path, path.read_bytes())
            symbol, title, language = identity.symbol, identity.title, identity.language
            meta = next(root.iter(f"{{{AKN_NS}}}meta"), None)
            subjects = read_meta(meta).subjects
            text = " ".join(root.xpath(_TEXT, namespaces={"akn": AKN_NS}))
        else:
            doc = load_source(path, registry=registry)
            symbol, title, language, subjects, text = (
                doc.symbol,
                doc.title,
                doc.language,
                doc.subjects,
                doc.text,
            )
    except LoadError as err:
        return Indexed(str(path), None, None, error=err.describe())
    except OSError as exc:
        return Indexed(str(path), None, None, error=f"{path}: {exc.strerror or exc}")
    iris = {s.iri for s in subjects if s.iri}
    headings = {s.label for s in subjects if not s.iri}
    why = criteria.why(title, iris, headings, text)
    tag = tag_of(language)
    return Indexed(str(path), symbol_slug(symbol) if symbol else None, None if is_primary(tag) else tag, why)


def _index_chunk(paths: Sequence[Path]) -> list[Indexed]:
    assert _CRITERIA is not None and _REGISTRY is not None
    return [index_file(p, _CRITERIA, _REGISTRY) for p in paths]


def index_files(paths: Sequence[Path], criteria: Criteria, registry: Registry, jobs: int) -> list[Indexed]:
    """Every file indexed, in the order given; ``jobs`` > 1 forks that many workers."""
    global _CRITERIA, _REGISTRY
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    if jobs <= 1 or len(chunks) < 2:
        return [index_file(p, criteria, registry) for p in paths]
    _CRITERIA, _REGISTRY = criteria, registry  # inherited by the forked workers
    try:
        with mp.get_context("fork").Pool(jobs) as pool:
            return [item for chunk in pool.imap(_index_chunk, chunks) for item in chunk]
    finally:
        _CRITERIA, _REGISTRY = None, None


class Collection:
    """The files of a topical collection, chosen step by step; :attr:`steps` says how many."""

    def __init__(self, topic: Topic, indexed: list[Indexed]) -> None:
        self.topic = topic
        self.indexed = indexed
        self.by_key: dict[str, list[Indexed]] = {}
        for item in indexed:
            if item.key is not None and item.error is None:
                self.by_key.setdefault(item.key, []).append(item)
        self.of_path = {i.path: i for i in indexed}
        self.keys: set[str] = set()  # documents taken
        self.files: list[str] = []  # files taken, in order
        self.steps: list[tuple[str, int]] = [("files indexed", len(indexed))]
        unreadable = sum(1 for i in indexed if i.error)
        if unreadable:
            self.steps.append(("  unreadable (left out)", unreadable))

    def seeds(self) -> list[Path]:
        """The seed documents' files (every language version), and the counts per criterion."""
        matched = [i for i in self.indexed if i.why and i.error is None]
        for criterion in dict.fromkeys(w for i in matched for w in i.why):
            works = {i.key or i.path for i in matched if criterion in i.why}
            label = (
                f"seeds citing {criterion[6:]}" if criterion.startswith("cites ") else f"seeds by {criterion}"
            )
            self.steps.append((f"  {label}", len(works)))
        out = self._take(matched)
        self.steps.append(("seed documents", len(self.keys)))
        return out

    def cited(self, symbols: Iterable[str], depth: int) -> list[Path]:
        """The files of the cited documents not taken yet (a step of the closure)."""
        before = len(self.keys)
        items = [i for key in sorted({symbol_slug(s) for s in symbols}) for i in self.by_key.get(key, [])]
        out = self._take(items)
        self.steps.append((f"  cited at depth {depth}", len(self.keys) - before))
        return out

    def graph_of(self, path: Path) -> str | None:
        """The named graph the document of ``path`` is loaded into, as its symbol and language make it."""
        item = self.of_path.get(str(path))
        return in_language(str(graph_iri(f"doc/{item.key}")), item.lang) if item and item.key else None

    def close(self) -> None:
        """Record the totals."""
        self.steps.append(("documents in the collection", len(self.keys)))
        self.steps.append(("files in the collection", len(self.files)))

    def _take(self, items: list[Indexed]) -> list[Path]:
        """The files of documents not taken yet: for each, its files in every language."""
        out: list[str] = []
        for key, group in _by_document(items):
            if key in self.keys:
                continue
            self.keys.add(key)
            siblings = self.by_key.get(key, group) if not key.startswith("file:") else group
            out.extend(i.path for i in sorted(siblings, key=lambda i: i.lang is not None))  # English first
        self.files.extend(out)
        return [Path(p) for p in out]


def _by_document(items: list[Indexed]) -> Iterator[tuple[str, list[Indexed]]]:
    groups: dict[str, list[Indexed]] = {}
    for i in items:
        groups.setdefault(i.key or f"file:{i.path}", []).append(i)
    yield from groups.items()


def cited_in_store(store: ox.Store, graphs: Iterable[str], relations: Sequence[str]) -> set[str]:
    """The symbols that documents kept from the previous build cite with ``relations``."""
    names = list(graphs)
    if not names:
        return set()
    values = " ".join(f"<{g}>" for g in names)
    rels = " ".join(f"tip:{r}" for r in relations)
    query = f"""SELECT DISTINCT ?id WHERE {{
      VALUES ?g {{ {values} }} VALUES ?r {{ {rels} }}
      GRAPH ?g {{ ?c cito:hasCitationCharacterization ?r ; cito:hasCitedEntity ?t . ?t dcterms:identifier ?id }} }}"""
    solutions = store.query(sparql_prolog() + query)
    assert isinstance(solutions, ox.QuerySolutions)
    return {row[0].value for row in solutions if row[0] is not None}
