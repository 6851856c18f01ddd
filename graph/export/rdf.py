"""The dataset itself as an RDF file (TriG, N-Quads, Turtle, JSON-LD), from the store or another file."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from tipkg.graph.store.embedded import dump_store, load_dataset, new_dataset, open_store, write_dataset


def dataset_from_input(path: Path) -> Dataset:
    """The whole dataset behind ``--store`` (an Oxigraph directory) or ``--file`` (an RDF file)."""
    if not path.is_dir():
        return load_dataset(path)
    ds = new_dataset()
    with open_store(path) as store:
        data = store.dump(format=ox.RdfFormat.N_QUADS)
    assert data is not None
    ds.parse(data=data.decode("utf-8"), format="nquads")
    return ds


def write_rdf(input_path: Path, out: Path, fmt: str) -> None:
    """Serialise the dataset (``ttl`` gives the union of the graphs; trig, nq and jsonld keep them).

    From a store, Oxigraph writes TriG and N-Quads itself, streaming: no rdflib copy of the graph,
    which would not fit in memory at a hundred thousand documents.
    """
    if input_path.is_dir():
        with open_store(input_path) as store:
            dump_store(store, out, fmt)
        return
    write_dataset(dataset_from_input(input_path), out, fmt)
