"""The embedded store: an on-disk Oxigraph database, plus RDF files, both written atomically.

A build never writes into the live store: it fills a new generation folder beside it, which one
``os.replace`` of a pointer makes live (graph/store/generations.py), so readers see either the old
graph or the new one, and a second build waits for the first (graph/store/lock.py).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from tipkg.graph.store.generations import Layout, Staged, clean, commit, discard, stage
from tipkg.graph.store.lock import build_lock, pid_alive
from tipkg.ontology.namespaces import bind_prefixes

#: ``--format`` name -> (rdflib format, file suffix)
FORMATS: dict[str, tuple[str, str]] = {
    "trig": ("trig", ".trig"),
    "nq": ("nquads", ".nq"),
    "ttl": ("turtle", ".ttl"),
    "jsonld": ("json-ld", ".jsonld"),
}
_SUFFIX_FORMAT = {suffix: fmt for fmt, suffix in FORMATS.values()} | {".nt": "nt", ".json": "json-ld"}
_OX_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
}


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """An Oxigraph term as an rdflib term (the inverse of :func:`to_ox`)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def rdf_format_for(path: Path) -> str:
    """rdflib format name from a file suffix."""
    try:
        return _SUFFIX_FORMAT[path.suffix.lower()]
    except KeyError as exc:
        raise ValueError(f"{path}: unknown RDF file suffix {path.suffix!r}") from exc


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    return ds


def load_dataset(path: Path) -> Dataset:
    """Read a dataset file (TriG, N-Quads) or a single-graph file into an rdflib Dataset."""
    ds = new_dataset()
    ds.parse(path, format=rdf_format_for(path))
    return ds


def dataset_nquads(ds: Dataset) -> bytes:
    data = ds.serialize(format="nquads")
    return data.encode("utf-8") if isinstance(data, str) else data


TEMP_SUFFIX = ".part"
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.part$")


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[str]:
    """A temporary file next to ``path`` that replaces it (``os.replace``) only if the block ends well."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_dataset(ds: Dataset | Graph, path: Path, fmt: str | None = None) -> None:
    """Serialise to ``path`` atomically: never half-written."""
    with replacing(path) as tmp:
        ds.serialize(destination=tmp, format=FORMATS[fmt][0] if fmt else rdf_format_for(path))


def oxigraph_from_dataset(ds: Dataset, path: Path | None = None) -> ox.Store:
    """Copy an rdflib dataset into an Oxigraph store (in memory, or on disk at ``path``)."""
    store = ox.Store(str(path)) if path else ox.Store()
    store.bulk_load(dataset_nquads(ds), format=ox.RdfFormat.N_QUADS)
    return store


def oxigraph_from_file(path: Path) -> ox.Store:
    """An in-memory Oxigraph store holding an RDF file."""
    store = ox.Store()
    fmt = rdf_format_for(path)
    if fmt in _OX_FORMATS:
        store.bulk_load(path=str(path), format=_OX_FORMATS[fmt])
    else:
        store.bulk_load(dataset_nquads(load_dataset(path)), format=ox.RdfFormat.N_QUADS)
    return store


def write_store(ds: Dataset, store: Path) -> None:
    """Replace the on-disk store at ``store`` with the dataset, atomically."""
    with staged_store(store, incremental=False) as db:
        db.bulk_load(dataset_nquads(ds), format=ox.RdfFormat.N_QUADS)


@contextlib.contextmanager
def open_store(store: Path) -> Iterator[ox.Store]:
    """Open the on-disk store read-only (several readers may share it)."""
    if not store.exists():
        raise FileNotFoundError(f"{store}: no store here; run `tipkg build` first")
    db = ox.Store.read_only(str(store.resolve()))
    try:
        yield db
    finally:
        del db


def open_graph(source: Path) -> ox.Store:
    """An Oxigraph store for a store directory or an RDF file (the query commands' input)."""
    if source.is_dir():
        return ox.Store.read_only(str(source.resolve()))
    return oxigraph_from_file(source)


@contextlib.contextmanager
def staged_store(store: Path, *, incremental: bool = True) -> Iterator[ox.Store]:
    """A writable new generation of the store for a build; made live only if the block finishes.

    The block runs holding the store's build lock (a second build waits); what dead builds left is
    removed first. With ``incremental``, the new store starts as a backup (a RocksDB checkpoint:
    hard links, cheap) of the current one, so unchanged sources need not be parsed again.
    """
    layout = Layout(store)
    with build_lock(layout.lock):
        clean(layout)
        staged = stage(layout)
        try:
            db = open_new_store(staged, layout.current_store() if incremental else None)
            yield db
            db.flush()
            del db
            commit(layout, staged)
        except BaseException:
            discard(staged)
            raise
        clean(layout)


def open_new_store(staged: Staged, base: Path | None) -> ox.Store:
    """The writable store of a staged generation: a checkpoint of ``base``, or empty."""
    if base is not None:
        ox.Store.read_only(str(base)).backup(str(staged.store))
    return ox.Store(str(staged.store))


def dump_store(db: ox.Store, path: Path, fmt: str) -> None:
    """Write the store as a dataset file, atomically; Oxigraph serialises TriG/N-Quads itself."""
    native = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
    with replacing(path) as tmp:
        if fmt in native:
            db.dump(tmp, format=native[fmt])
            return
        ds = new_dataset()
        ds.parse(data=db.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        graph: Dataset | Graph = ds
        if fmt == "ttl":  # Turtle has no graphs: the union of them all
            graph = Graph()
            bind_prefixes(graph)
            graph.addN((s, p, o, graph) for s, p, o, _ in ds.quads())
        graph.serialize(destination=tmp, format=FORMATS[fmt][0])


def clean_dead_temp_files(folder: Path, older_than: float = 0.0) -> list[str]:
    """Remove the temporary files of :func:`replacing` whose process is gone (killed mid-write)."""
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    for entry in folder.iterdir():
        m = _TEMP.match(entry.name)
        if m and not pid_alive(int(m.group("pid"))) and _age(entry) >= older_than:
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
                removed.append(str(entry))
    return removed


def _age(path: Path) -> float:
    try:
        return time.time() - path.lstat().st_mtime
    except FileNotFoundError:
        return 0.0
