"""A clearly synthetic citation web for benchmarks and tests (nothing here describes a real document).

Documents live under ``https://w3id.org/tipkg/synthetic/`` (tipkg.ontology.namespaces.SYNTH), carry
``tip:synthetic true`` and symbols ``SYN/RES/N``. Each new document cites ``m`` earlier ones chosen by
preferential attachment (probability grows with the citations a document already has), as resolutions
keep recalling the same landmark texts; a few optional back-citations add cycles.
"""

from __future__ import annotations

import datetime as _dt
import random

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from tipkg.graph.store.embedded import new_dataset
from tipkg.ontology.namespaces import ELI, SYNTH, TIP

GRAPH = SYNTH["graph/web"]
#: relation mix of generated citations; "welcomes" edges must be ignored by recall chains
RELATION_WEIGHTS: tuple[tuple[str, int], ...] = (("recalls", 6), ("reaffirms", 3), ("welcomes", 1))


def synthetic_doc(i: int) -> URIRef:
    return SYNTH[f"doc/SYN/RES/{i}"]


def synthetic_dataset(n_docs: int = 2000, m: int = 3, cycles: int = 0, seed: int = 20061220) -> Dataset:
    """A dataset with one named graph holding ``n_docs`` documents and their typed citations."""
    rng = random.Random(seed)
    ds = new_dataset()
    g = ds.graph(GRAPH)
    g.bind("syn", SYNTH)
    targets: list[int] = []  # one entry per citation received, plus one per document: attachment weights
    relations = [r for r, _ in RELATION_WEIGHTS]
    weights = [w for _, w in RELATION_WEIGHTS]
    start = _dt.date(1950, 1, 1)
    for i in range(n_docs):
        node = synthetic_doc(i)
        g.add((node, RDF.type, TIP.Resolution))
        g.add((node, RDF.type, TIP.Document))
        g.add((node, TIP.stub, Literal(False)))
        g.add((node, TIP.synthetic, Literal(True)))
        g.add((node, DCTERMS.identifier, Literal(f"SYN/RES/{i}")))
        day = start + _dt.timedelta(days=i * 25_000 // max(1, n_docs))
        g.add((node, ELI.date_document, Literal(day.isoformat(), datatype=XSD.date)))
        if targets:
            chosen = {rng.choice(targets) for _ in range(m)}
            for t in sorted(chosen):
                rel = rng.choices(relations, weights)[0]
                g.add((node, TIP[rel], synthetic_doc(t)))
                targets.append(t)
        targets.append(i)
    for _ in range(cycles):
        a, b = sorted(rng.sample(range(n_docs), 2))
        g.add((synthetic_doc(a), TIP.recalls, synthetic_doc(b)))  # an older text "recalling" a newer one
    return ds
