"""The embedded store: an on-disk Oxigraph database, plus RDF files, both written atomically.

A build never writes into the live store: it fills a fresh directory next to it and then swaps the
``store`` symlink with one ``os.replace``, so readers see either the old graph or the new one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

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


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[str]:
    """A temporary file next to ``path`` that replaces it (``os.replace``) only if the block ends well."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
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


def new_store_dir(store: Path) -> Path:
    """A fresh versioned directory next to ``store`` for the next build to fill."""
    store = store.absolute()
    store.parent.mkdir(parents=True, exist_ok=True)
    return store.parent / f"{store.name}-{time.time_ns()}"


def swap_store(store: Path, target: Path) -> None:
    """Point the ``store`` symlink at ``target`` in one ``os.replace``; drop the old version."""
    store = store.absolute()
    link = store.parent / f".{store.name}.link-{os.getpid()}"
    os.symlink(target.name, link)
    old = os.path.realpath(store) if store.is_symlink() else None
    if store.exists() and not store.is_symlink():
        # a plain directory from elsewhere: move it aside rather than overwrite it
        store.rename(store.parent / f"{store.name}-replaced-{time.time_ns()}")
    os.replace(link, store)
    if old and Path(old) != target:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def staged_store(store: Path, *, incremental: bool = True) -> Iterator[ox.Store]:
    """A writable copy of the store for a build; swapped in only if the block finishes.

    With ``incremental``, the copy starts as a backup (a RocksDB checkpoint: hard links, cheap)
    of the current store, so unchanged sources need not be parsed again.
    """
    target = new_store_dir(store)
    try:
        if incremental and store.exists():
            ox.Store.read_only(str(store.resolve())).backup(str(target))
        db = ox.Store(str(target))
        yield db
        db.flush()
        del db
        swap_store(store, target)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise


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
