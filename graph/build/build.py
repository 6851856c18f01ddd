"""Build the dataset: ontology + registry + one named graph per source, then validate.

The build fills an Oxigraph store (in memory, or a new generation that graph/build/publish.py
makes live only when the build succeeds), so a failure midway never touches the previous output. A
source that cannot be loaded is reported (file, line, reason) and the others go on. Sources are
parsed in parallel; with a previous store, a source whose sha256 and manifest entry are unchanged is
not parsed again (its graph is kept) and a changed one replaces its named graph.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Dataset, Graph

from tipkg.graph.build.collection import Collection, cited_in_store, index_files
from tipkg.graph.build.dataset_file import Spooled, distinct_lines, stub_changes
from tipkg.graph.build.derive import derive
from tipkg.graph.build.discover import discover_sources
from tipkg.graph.build.key import manifest_errors, manifest_key
from tipkg.graph.build.limits import SourceLimits
from tipkg.graph.build.outcome import BuildRefused
from tipkg.graph.build.spool import spool_prefix
from tipkg.graph.build.topic import Criteria, Topic
from tipkg.graph.build.undo import write_undo
from tipkg.graph.build.workers import Parsed, parse_all
from tipkg.graph.store.embedded import new_dataset
from tipkg.graph.validate.report import ValidationReport
from tipkg.graph.validate.streaming import StreamingValidator
from tipkg.loaders.emit import nquads
from tipkg.loaders.errors import LoadError, NotADocument
from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.registry.rdf import registry_nquads
from tipkg.loaders.sources.extracted import file_sha256
from tipkg.ontology import ontology_graph
from tipkg.ontology.ids import graph_iri
from tipkg.ontology.namespaces import SYNTH, sparql_prolog
from tipkg.ontology.relations import RELATIONS

#: classes counted in the build summary, in display order
SUMMARY_CLASSES: dict[str, str] = {
    "resolutions": "tip:Resolution",
    "decisions": "tip:Decision",
    "reports": "tip:Report",
    "preambular paragraphs": "tip:PreambularParagraph",
    "operative paragraphs": "tip:OperativeParagraph",
    "sub-paragraphs": "tip:SubParagraph",
    "citations": "cito:Citation",
    "footnotes": "tip:Footnote",
    "conventions": "tip:Convention",
    "protocols": "tip:Protocol",
    "declarations": "tip:Declaration",
    "organizations": "org:FormalOrganization",
    "organizational units": "org:OrganizationalUnit",
    "collaborations": "org:OrganizationalCollaboration",
    "mandate holders": "tip:MandateHolder",
    "events": "schema:Event",
}

Progress = Callable[[str, int, int], None]
Phase = Callable[[str], None]

_SOURCES = (
    sparql_prolog()
    + f"""
SELECT ?g ?sha ?file WHERE {{
  GRAPH ?g {{ ?g prov:wasDerivedFrom ?src . ?src tip:sha256 ?sha ; tip:fileName ?file }}
  FILTER(STRSTARTS(STR(?g), "{graph_iri("doc/")}") || STRSTARTS(STR(?g), "{SYNTH}graph/doc/"))
}}"""
)
# A stub is "cited, not loaded" only when a document cites it: the registry names resolutions too
# (the one adopting a convention, A/RES/70/1 …) that no loaded document cites. Both counts in one
# pass, each stub asked once whether a document cites it (not once per graph flagging it).
_CITED = (
    "{ GRAPH ?k { ?c cito:hasCitedEntity ?s } } UNION "
    "{ VALUES ?rel { eli:cites " + " ".join(f"tip:{r}" for r in RELATIONS) + " } GRAPH ?k { ?x ?rel ?s } }"
)
_STUBS = (
    "SELECT (SUM(?cited) AS ?c) (COUNT(*) - SUM(?cited) AS ?r) WHERE { { SELECT DISTINCT ?s WHERE { "
    "GRAPH ?g { ?s tip:stub true } FILTER NOT EXISTS { GRAPH ?h { ?s tip:stub false } } } } "
    f"BIND(IF(EXISTS {{ {_CITED} }}, 1, 0) AS ?cited) }}"
)


@dataclass(frozen=True)
class LoadedSource:
    source_path: str
    sha256: str
    graph: str
    symbol: str | None
    reused: bool = False  # unchanged since the previous build: not parsed again


@dataclass
class BuildResult:
    store: ox.Store
    documents: list[LoadedSource] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    warnings: list[LoadError] = field(default_factory=list)  # skipped on purpose (a symlink loop …)
    notices: list[tuple[str, str]] = field(default_factory=list)  # (source, what was read around)
    report: ValidationReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    parsed: int = 0
    found: int = 0  # source files found (each loaded, kept, or refused with an error)
    keys: dict[str, str] = field(default_factory=dict)  # source path -> manifest key (graph/build/key.py)
    selection: list[tuple[str, int]] = field(default_factory=list)  # a topic build's steps and counts
    spooled: Spooled | None = None  # what the dataset file can be written from (graph/build/dataset_file.py)

    @cached_property
    def dataset(self) -> Dataset:
        """The whole build as an rdflib Dataset (materialised on first use)."""
        ds = new_dataset()
        ds.parse(data=self.store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        return ds

    @cached_property
    def quads(self) -> int:
        """Quads in the store, counted once (a scan of the store): the summary and the dataset file
        (graph/build/dataset_file.py) both read it, after the build, when the store changes no more."""
        return len(self.store)

    @property
    def triples(self) -> int:
        """Distinct triples over all graphs (a triple in two graphs counts once)."""
        return _counts(
            self.store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"
        )[0]

    def graphs(self) -> int:
        return sum(1 for _ in self.store.named_graphs())

    def counts(self) -> dict[str, int]:
        """Entities per class; stub documents cited by a loaded one (cited, not loaded), and those
        only the registry names."""
        out: dict[str, int] = {}
        for name, cls in SUMMARY_CLASSES.items():
            n = _counts(
                self.store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a {cls} }} }}"
            )[0]
            if n:
                out[name] = n
        out["stubs (cited, not loaded)"], out["named by the registry only"] = _counts(self.store, _STUBS)
        return out


def _counts(store: ox.Store, query: str) -> list[int]:
    """The first solution's values (0 where unbound or when there is no solution)."""
    solutions = store.query(sparql_prolog() + query)
    assert isinstance(solutions, ox.QuerySolutions)
    row = next(solutions, None) or [None] * len(solutions.variables)
    return [int(t.value) if t is not None else 0 for t in row]


def add_graph(ds: Dataset, g: Graph) -> None:
    """Add a graph to an rdflib dataset as the named graph of the same IRI."""
    target = ds.graph(g.identifier)
    ds.addN((s, p, o, target) for s, p, o in g)
    for prefix, ns in g.namespaces():
        ds.bind(prefix, ns, override=False)


class _Background:
    """A call run in a thread; :meth:`join` waits, raises what it raised, or gives its seconds."""

    def __init__(self, fn: Callable[[], object]) -> None:
        self._fn = fn
        self._seconds = 0.0
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="tipkg-background")
        self._thread.start()

    def _run(self) -> None:
        t0 = time.perf_counter()
        try:
            self._fn()
        except BaseException as exc:
            self._failure = exc
        self._seconds = time.perf_counter() - t0

    def wait(self) -> None:
        """Wait, and leave what it raised (a failure already on its way out is not replaced)."""
        self._thread.join()

    def join(self) -> float:
        self._thread.join()
        if self._failure is not None:
            raise self._failure
        return self._seconds


class _Batch:
    """Spools N-Quads to temporary files, each bulk-loaded in a background thread while the next
    one fills, so parsing goes on while the store loads (pyoxigraph lets go of the GIL).

    Each bulk load writes new files that RocksDB then compacts, so fewer and larger loads cost
    less CPU in all (the 6.5M quads of 10,000 synthetic documents into an on-disk store: 80 s of
    CPU in 256 MB loads, 75 s in 1 GB loads, 67 s in one); but the last load waits for no parsing,
    so a build makes about four (:meth:`for_sources`), of at most 512 MB. A spool costs disk
    space (about 150 KB per synthetic document), not memory.
    """

    MIN_LIMIT, MAX_LIMIT = 16 << 20, 512 << 20
    BYTES_PER_SOURCE = 150 << 10  # a synthetic resolution's N-Quads

    @classmethod
    def for_sources(cls, sources: int) -> int:
        """The spool size that loads ``sources`` in about four bulk loads."""
        return max(cls.MIN_LIMIT, min(cls.MAX_LIMIT, sources * cls.BYTES_PER_SOURCE // 4))

    def __init__(self, store: ox.Store, spool_dir: Path | None = None, keep: list[str] | None = None) -> None:
        self.store = store
        self.spool_dir = spool_dir
        self.keep = keep  # loaded spools are added here, not deleted (the caller deletes them)
        self.limit = self.MAX_LIMIT
        self.spool = self._new_spool()
        self.size = 0
        self._loading: _Background | None = None

    def _new_spool(self) -> IO[bytes]:
        """In the generation being built, or named after this process in the temporary folder (so
        the next build removes it if this one is killed: graph/build/spool.py)."""
        spool = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed by _load or __exit__)
            prefix=spool_prefix(), suffix=".nq", dir=self.spool_dir, delete=self.keep is None
        )
        if self.keep is not None:
            self.keep.append(spool.name)
        return spool

    def add(self, data: bytes, distinct: bool = False) -> None:
        """Spool ``data`` (``distinct``: its lines are known to be each once already)."""
        if self.keep is not None and not distinct:  # the spool is the dataset file's too: each quad once
            data = distinct_lines(data)
        self.spool.write(data)
        self.size += len(data)
        if self.size >= self.limit:
            self.flush(wait=False)

    def flush(self, wait: bool = True) -> None:
        """Load what is spooled (``wait``: and everything before it, before returning)."""
        self._join()
        if self.size:
            full, self.spool, self.size = self.spool, self._new_spool(), 0
            full.flush()
            self._loading = _Background(lambda: self._load(full))
        if wait:
            self._join()

    def _load(self, spool: IO[bytes]) -> None:
        try:
            self.store.bulk_load(path=spool.name, format=ox.RdfFormat.N_QUADS, lenient=True)
        finally:
            spool.close()

    def _join(self) -> None:
        """Wait for the load under way; what it raised is raised here, in the build's thread."""
        loading, self._loading = self._loading, None
        if loading is not None:
            loading.join()

    def __enter__(self) -> _Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loading is not None:
            self._loading.wait()
        self.spool.close()


def _replace_graph(store: ox.Store, batch: _Batch, graph: str, data: bytes) -> None:
    """Queue the N-Quads ``data`` to replace the named graph ``graph``."""
    name = ox.NamedNode(graph)
    if store.contains_named_graph(name):
        store.remove_graph(name)
    batch.add(data)


def flag_stubs(store: ox.Store) -> None:
    """Set the stub flags of the whole store (each citing graph flags what it cites; a document
    loaded in full is no stub): graph/build/dataset_file.py's :func:`stub_changes`, applied."""
    stub_changes(store).apply(store)


def previous_sources(store: ox.Store) -> dict[str, tuple[str, str]]:
    """fileName -> (graph, sha256) of every source graph a store holds."""
    solutions = store.query(_SOURCES)
    assert isinstance(solutions, ox.QuerySolutions)
    out: dict[str, tuple[str, str]] = {}
    for row in solutions:
        g, sha, file = row[0], row[1], row[2]
        if g is not None and sha is not None and file is not None:
            out[file.value] = (g.value, sha.value)
    return out


def build(
    sources: Sequence[Path] = (),
    *,
    registry: Registry | None = None,
    validate: bool = True,
    progress: Progress | None = None,
    jobs: int = 1,
    store: ox.Store | None = None,
    limits: SourceLimits | None = None,
    previous_keys: Mapping[str, str] | None = None,
    spool_dir: Path | None = None,
    phase: Phase | None = None,
    undo: bool = False,
    topic: Topic | None = None,
    keep_spools: list[str] | None = None,
) -> BuildResult:
    """Build from the registry and the given files or folders into ``store`` (default: in memory).

    ``store`` may already hold an earlier build (a copy, never the live store): its unchanged
    sources are kept, changed ones replaced, and graphs of sources no longer given are dropped.
    ``previous_keys`` are the manifest keys of that build (:mod:`.key`): a source whose entry
    changed is parsed again; without them only the file's sha256 decides. A manifest that does
    not match its schema stops the build (:class:`BuildRefused`) before anything is parsed.
    ``undo``: also write the UN Document Ontology's view of each document (graph/build/undo.py).
    ``topic``: load only the topic's collection of the sources (graph/build/collection.py).
    ``keep_spools``: where a build into an empty store lists its spools, kept for the dataset file
    (``result.spooled``, graph/build/dataset_file.py); the caller deletes them.
    """
    t0 = time.perf_counter()
    say = phase or (lambda _text: None)
    discovery = discover_sources(list(sources))
    broken = manifest_errors(discovery.files)
    if broken:
        raise BuildRefused(
            "; ".join(e.describe() for e in broken) + "; the graph is unchanged (fix the manifest)",
            warnings=discovery.warnings,
        )
    db = store if store is not None else ox.Store()
    result = BuildResult(store=db, errors=list(discovery.errors), warnings=list(discovery.warnings))
    result.found = len(discovery.files)
    result.keys = {str(f): manifest_key(f) for f in discovery.files}
    say("registry")
    registry = registry or load_registry()
    # a store that held nothing changes after the load only as dataset_file.py knows
    empty = next(db.quads_for_pattern(None, None, None), None) is None
    kept = keep_spools if not undo and empty else None
    with _Batch(db, spool_dir, kept) as batch:
        onto = ontology_graph()
        graphs = [(str(onto.identifier), nquads(onto, str(onto.identifier))), *registry_nquads(registry)]
        for name, data in graphs:
            _replace_graph(db, batch, name, data)
        # the per-source shapes read the ontology and the registry's instruments, bodies and events;
        # the States (half the registry) are no context of theirs
        context = [data for name, data in graphs if name != str(graph_iri("registry/states"))]
        batch.flush()
        validator: StreamingValidator | None = None
        if validate:
            # the shapes compiled to SPARQL and run by Oxigraph (the violations pyshacl finds,
            # tests/graph/validate/test_shacl_sparql.py): per-source shapes by the parse workers on each chunk of
            # new graphs, in memory; the rest once on the store
            validator = StreamingValidator(b"".join(context))
        result.seconds["registry"] = time.perf_counter() - t0

        t1 = time.perf_counter()
        owner: dict[str, str] = {}  # graph -> source path
        before = previous_sources(db)
        if topic is None:
            todo = _reuse(db, discovery.files, before, result, owner, previous_keys)
            _drop(db, before)  # sources no longer part of the build
            say(f"parsing {len(todo)} source(s)")
            batch.limit = _Batch.for_sources(len(todo))
            _parse_into(batch, todo, registry, jobs, validator, result, owner, progress, limits)
        else:  # a topical collection: seeds, then what they cite, step by step
            given = {str(f) for f in discovery.files}
            _drop(db, {path: before.pop(path) for path in list(before) if path not in given})
            say("indexing the sources for the collection")
            _parse_collection(
                db,
                batch,
                discovery.files,
                before,
                topic,
                registry,
                jobs,
                validator,
                result,
                owner,
                progress,
                limits,
                previous_keys,
            )
            batch.flush()
            _drop(db, {path: old for path, old in before.items() if old[0] not in owner})  # not taken
        say("loading the store")
        batch.flush()
    # every bulk load adds files whose key ranges overlap the earlier loads' (a read looks into each):
    # compacted, a store reads as fast after thirty loads as after four; here before the stub flags,
    # the derived graph and the checks read it (docs/scale.md). An UNDO view, a copy of every
    # citation, is written first and compacted while the checks run (the store handed over after).
    compacted = 0.0
    if not undo:
        say("compacting")
        start = time.perf_counter()
        db.optimize()
        compacted = time.perf_counter() - start
    changes = stub_changes(db)
    changes.apply(db)
    if kept is not None:  # the flags found are the dataset file's too
        result.spooled = Spooled(list(kept), changes)
    result.seconds["derive"] = derive(db)  # id:graph/build: the subject concepts' schemes
    if undo:
        result.seconds["undo"] = write_undo(db)
    result.seconds["load"] = time.perf_counter() - t1 - compacted
    compaction = _Background(db.optimize) if undo else None
    if compaction is not None or validator is not None:
        say(("compacting and " if compaction is not None else "") + ("validating" if validator else ""))
    try:
        if validator is not None:
            # checks run here during the load count as "validate"; those in the workers ran alongside
            # the parsing, inside "load" (their own seconds: "validate in workers")
            result.seconds["load"] -= validator.seconds
            validator.kept(db, [d.graph for d in result.documents if d.reused])
            result.report = validator.finish(db)
            result.seconds["validate"] = result.report.seconds
            result.seconds["validate in workers"] = validator.seconds_elsewhere
    finally:
        result.seconds["compact"] = compaction.join() if compaction is not None else compacted
    result.seconds["total"] = time.perf_counter() - t0
    return result


def _reuse(
    db: ox.Store,
    files: list[Path],
    before: dict[str, tuple[str, str]],
    result: BuildResult,
    owner: dict[str, str],
    previous_keys: Mapping[str, str] | None,
) -> list[Path]:
    """Keep the graphs of sources unchanged since the store's build (same sha256, same manifest
    entry), drop those of changed ones (each taken out of ``before``, the store's sources); the
    sources to parse."""
    todo: list[Path] = []
    for path in files:
        old = before.pop(str(path), None)
        same_entry = previous_keys is None or previous_keys.get(str(path)) == result.keys.get(str(path))
        if (
            old is not None
            and same_entry
            and path.is_file()
            and file_sha256(path) == old[1]
            and old[0] not in owner
        ):
            owner[old[0]] = str(path)
            result.documents.append(LoadedSource(str(path), old[1], old[0], None, reused=True))
        else:
            todo.append(path)
            if old is not None:
                db.remove_graph(ox.NamedNode(old[0]))
    return todo


def _drop(db: ox.Store, before: dict[str, tuple[str, str]]) -> None:
    """Drop the graphs of the store's sources that are no longer part of the build."""
    for graph, _sha in before.values():
        db.remove_graph(ox.NamedNode(graph))


def _parse_collection(
    db: ox.Store,
    batch: _Batch,
    files: list[Path],
    before: dict[str, tuple[str, str]],
    topic: Topic,
    registry: Registry,
    jobs: int,
    validator: StreamingValidator | None,
    result: BuildResult,
    owner: dict[str, str],
    progress: Progress | None,
    limits: SourceLimits | None,
    previous_keys: Mapping[str, str] | None,
) -> None:
    """Index the files, then load the topic's seeds and, step by step, the documents they cite
    (graph/build/collection.py); the counts of each step go to ``result.selection``."""
    collection = Collection(topic, index_files(files, Criteria(topic, registry), registry, jobs))
    result.selection = collection.steps
    todo = collection.seeds()
    batch.limit = _Batch.for_sources(3 * len(todo))
    for depth in range(1, topic.max_depth + 2):
        _drop_stale(db, batch, todo, collection, before, owner)
        kept = len(result.documents)
        parse = _reuse(db, todo, before, result, owner, previous_keys)
        cites = _parse_into(batch, parse, registry, jobs, validator, result, owner, progress, limits)
        cited = {symbol for rel, symbol in cites if rel in topic.follow}
        reused = [d.graph for d in result.documents[kept:] if d.reused]
        cited |= cited_in_store(db, reused, topic.follow)
        if depth > topic.max_depth:
            break
        todo = collection.cited(cited, depth)
        if not todo:
            break
    collection.close()


def _drop_stale(
    db: ox.Store,
    batch: _Batch,
    todo: list[Path],
    collection: Collection,
    before: dict[str, tuple[str, str]],
    owner: dict[str, str],
) -> None:
    """Drop the graph a document had from another file of the store's build that this collection
    does not take (the Arabic text a whole-corpus build loaded first, where the collection takes the
    English one), before the document is loaded again into it: the two texts' triples would mix."""
    taking = {str(p) for p in todo}
    previous = {old[0]: path for path, old in before.items() if path not in taking}
    stale = {g for p in todo if (g := collection.graph_of(p)) in previous and g not in owner}
    if stale:
        batch.flush()  # nothing of the graphs goes on loading meanwhile
        for graph in stale:
            db.remove_graph(ox.NamedNode(graph))
            del before[previous[graph]]


def _parse_into(
    batch: _Batch,
    todo: list[Path],
    registry: Registry,
    jobs: int,
    validator: StreamingValidator | None,
    result: BuildResult,
    owner: dict[str, str],
    progress: Progress | None,
    limits: SourceLimits | None = None,
) -> set[tuple[str, str]]:
    """Parse the sources (in parallel), queue each new graph and take in the workers' checks; a
    second source of a document already built is refused. What the parsed sources cite (relation,
    symbol), for a topical collection's next step."""
    done = 0
    cites: set[tuple[str, str]] = set()
    for chunk in parse_all(todo, registry, jobs, validator.check if validator else None, limits):
        accepted: list[Parsed] = []
        recheck = False  # the worker checked a graph this build refuses: check the rest here
        for parsed in chunk.parsed:
            done += 1
            if progress:
                progress(parsed.source_path, done, len(todo))
            cites.update(parsed.cites)
            if parsed.error is None and parsed.graph in owner:
                # the same work filed twice (a re-issue, the same text in two folders): loaded once
                recheck = recheck or parsed.source_path in chunk.in_check
                result.notices.append(
                    (
                        parsed.source_path,
                        f"same document as {owner[parsed.graph]} ({parsed.symbol}); loaded once",
                    )
                )
                continue
            result.notices.extend((parsed.source_path, n) for n in parsed.notices)
            if isinstance(parsed.error, NotADocument):
                result.notices.append((parsed.source_path, f"skipped: {parsed.error.reason}"))
                continue
            if parsed.error is not None:
                result.errors.append(parsed.error)
                continue
            batch.add(parsed.nquads, distinct=True)  # the worker wrote each line once
            accepted.append(parsed)
            owner[parsed.graph] = parsed.source_path
            result.documents.append(
                LoadedSource(parsed.source_path, parsed.sha256, parsed.graph, parsed.symbol)
            )
            result.parsed += 1
        if validator is not None and accepted:
            if recheck:
                validator.add(b"".join(p.nquads for p in accepted))
            elif chunk.checked is not None:
                validator.merge(chunk.checked, chunk.check_seconds)
    return cites
