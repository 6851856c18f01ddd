"""The N-Quads dataset file of a build written from its spools, not dumped from the store.

Dumping the store costs about 5 µs a quad (each term's string looked up in RocksDB), a tenth of a
whole build's CPU. A build into an empty store already wrote every quad it loaded as N-Quads, in
the spools that graph/build/build.py bulk-loads; after the load the store changes only by the stub
flags (:func:`stub_changes`, found once and set in the store by :meth:`StubChanges.apply`) and
the derived graph
(graph/build/derive.py). So the file is the spools copied as they are, less the stub flags that were
deleted, plus the flags inserted and the derived graph's quads: the same set of quads as the store,
in another order. A spool line is matched against a deleted flag only where it names ``tip:stub``,
and then parsed (not compared as text), so the match is exact.

The store does not keep every literal as written: it stores a valid number, date or boolean as a
value (``"1520"^^xsd:positiveInteger`` comes back as ``"1520"^^xsd:integer``), and may normalise a
language tag. So a line whose object is a literal with a datatype other than xsd:string, or with a
language tag holding a capital, is not copied (an integer or a boolean written in its canonical
form excepted): such lines go through an in-memory Oxigraph store,
which encodes terms as the on-disk one does, and are written as it gives them back. The spools hold
each source's lines once (the parse workers write a source's lines once, graph/build/workers.py;
graph/build/build.py drops the repeated lines of the other graphs it keeps).

Each bulk load gives the blank nodes of its spool new names: two spools that use one label hold two
nodes in the store, one in a concatenation. A build's blank nodes are the ontology's, in the first
spool; should a label be in two spools, the file is dumped from the store. So is a file whose count
of lines is not the store's count of quads (a quad spooled twice, in two forms). Incremental builds (a store that already held
graphs), the UNDO view (written into every document graph) and formats other than N-Quads dump the
store (graph/store/embedded.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from tipkg.graph.build.derive import BUILD_GRAPH
from tipkg.graph.store.embedded import dump_store, replacing
from tipkg.ontology.namespaces import TIP, sparql_prolog

_STUB = f"<{TIP.stub}>".encode()
BLOCK = 16 << 20  # bytes of a spool read at a time
_XSD = "http://www.w3.org/2001/XMLSchema#"
# a line whose literal the store may write otherwise: a datatype (not xsd:string, group 1) or a
# language tag with a capital, at the end of the line
_RECODED = re.compile(
    rb'"(?:\^\^<(?!' + re.escape(_XSD).encode() + rb'string>)([^<>"\n]*)>|@[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)'
    rb"[ \t]*(?:<[^<>\n]*>[ \t]*)?\.[ \t]*\r?$",
    re.MULTILINE,
)
# lexical forms the store writes back as they are (a value within its 64-bit integers)
_CANONICAL = {
    (_XSD + "integer").encode(): re.compile(rb"0|-?[1-9][0-9]{0,17}"),
    (_XSD + "boolean").encode(): re.compile(rb"true|false"),
}

# A cited document loaded in full is no stub: the flag that citing graphs wrote is dropped, and put
# back if the document's own graph goes away (so incremental builds stay exact)
_DELETED = """SELECT DISTINCT ?d ?g WHERE { GRAPH ?g { ?d tip:stub true } GRAPH ?h { ?d tip:stub false } }"""
_INSERTED = """SELECT DISTINCT ?d ?g WHERE {
      GRAPH ?g { ?d a tip:Document }
      FILTER NOT EXISTS { GRAPH ?g { ?d tip:stub true } }
      FILTER NOT EXISTS { GRAPH ?h { ?d tip:stub false } } }"""


@dataclass
class StubChanges:
    """The stub flags a build deletes and inserts, as quads."""

    deleted: set[ox.Quad] = field(default_factory=set)
    inserted: list[ox.Quad] = field(default_factory=list)

    def apply(self, store: ox.Store) -> None:
        """Set these flags in ``store``. Found before the delete, the inserts are what they would be
        after it: they take documents that no graph flags ``tip:stub false``, and the delete touches
        only documents that one does."""
        for quad in self.deleted:
            store.remove(quad)
        store.extend(self.inserted)


@dataclass
class Spooled:
    """A build's spools, in the order they were loaded, and what changed in the store after."""

    paths: list[str]
    changes: StubChanges


def stub_changes(store: ox.Store) -> StubChanges:
    """The stub flags the store's graphs call for (graph/build/build.py applies them after the load)."""
    flag = ox.NamedNode(str(TIP.stub))
    true = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    changes = StubChanges()
    for query, into in ((_DELETED, changes.deleted.add), (_INSERTED, changes.inserted.append)):
        solutions = store.query(sparql_prolog() + query)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            d, g = row[0], row[1]
            assert isinstance(d, ox.NamedNode | ox.BlankNode) and isinstance(g, ox.NamedNode | ox.BlankNode)
            into(ox.Quad(d, flag, true, g))
    return changes


def _line_at(block: bytes, at: int) -> tuple[int, int]:
    """Start and end (after its newline) of the line of ``block`` holding offset ``at``."""
    return block.rfind(b"\n", 0, at) + 1, block.find(b"\n", at) + 1 or len(block)


def _lines_kept(block: bytes, deleted: set[ox.Quad]) -> bytes:
    """``block`` (whole N-Quads lines) less the lines whose quad is in ``deleted`` (stub flags)."""
    if not deleted or _STUB not in block:
        return block
    flagged: list[tuple[int, int]] = []  # the lines naming tip:stub, found by bytes.find (not line by line)
    at = block.find(_STUB)
    while at >= 0:
        flagged.append(_line_at(block, at))
        at = block.find(_STUB, flagged[-1][1])
    lines = b"".join(block[start:end] for start, end in flagged)
    quads = list(ox.parse(lines, format=ox.RdfFormat.N_QUADS, lenient=True))
    if len(quads) != len(flagged):  # not one quad a line: keep them all, the count check decides
        return block
    kept, at = [], 0
    for (start, end), quad in zip(flagged, quads, strict=True):
        if quad in deleted:
            kept.append(block[at:start])
            at = end
    kept.append(block[at:])
    return b"".join(kept)


def _as_stored(block: bytes) -> bytes:
    """``block`` with each line whose literal the store may recode written as the store gives it back
    (those lines go after the others)."""
    copied: list[bytes] = []
    recoded: list[bytes] = []
    at = 0  # where the lines not yet taken start
    for match in _RECODED.finditer(block):
        canonical = _CANONICAL.get(match.group(1) or b"")
        if canonical is not None and canonical.fullmatch(
            block, block.rfind(b'"', 0, match.start()) + 1, match.start()
        ):
            continue
        start = block.rfind(b"\n", 0, match.start()) + 1
        end = block.find(b"\n", match.end()) + 1 or len(block)
        copied.append(block[at:start])
        recoded.append(block[start:end])
        at = end
    if not recoded:
        return block
    copied.append(block[at:])
    window = ox.Store()
    # added quad by quad: a bulk load would give the blank nodes new names
    window.extend(ox.parse(b"".join(recoded), format=ox.RdfFormat.N_QUADS, lenient=True))
    return b"".join(copied) + (window.dump(format=ox.RdfFormat.N_QUADS) or b"")


def distinct_lines(nquads: bytes) -> bytes:
    """N-Quads without repeated lines (a source writes a cited document's type once per citation)."""
    return b"".join(dict.fromkeys(nquads.splitlines(True)))


_BLANK = re.compile(rb"(?:^|[ \t])_:([^ \t\n]+)", re.MULTILINE)


def _blocks(path: str) -> Iterator[bytes]:
    """A spool's content in blocks of whole lines."""
    rest = b""
    with open(path, "rb") as spool:
        while data := spool.read(BLOCK):
            data = rest + data
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            if cut:
                yield data[:cut]
    if rest:
        yield rest if rest.endswith(b"\n") else rest + b"\n"


def write_nquads(store: ox.Store, spooled: Spooled, path: Path, quads: int) -> bool:
    """Write the store's N-Quads file (``quads``: ``len(store)``) from the spools; False when the
    count did not match and the file was dumped from the store instead."""
    lines = 0
    blank: dict[bytes, int] = {}  # blank node label -> the first spool using it
    shared = False  # a label in two spools: two nodes in the store
    with replacing(path) as tmp, open(tmp, "wb") as out:
        for n, spool in enumerate(spooled.paths):
            for block in _blocks(spool):
                if b"_:" in block:
                    for label in _BLANK.findall(block):
                        shared = shared or blank.setdefault(label, n) != n
                kept = _as_stored(_lines_kept(block, spooled.changes.deleted))
                lines += kept.count(b"\n")
                out.write(kept)
        after = [
            *spooled.changes.inserted,
            *store.quads_for_pattern(None, None, None, ox.NamedNode(str(BUILD_GRAPH))),
        ]
        data = ox.serialize(after, format=ox.RdfFormat.N_QUADS) or b""
        lines += data.count(b"\n")
        out.write(data)
    if lines == quads and not shared:
        return True
    dump_store(store, path, "nq")
    return False


def write_dataset_file(store: ox.Store, spooled: Spooled | None, path: Path, fmt: str, quads: int) -> None:
    """The dataset file: from the spools where it can be (N-Quads of a build into an empty store),
    else dumped from the store."""
    if spooled is not None and fmt == "nq":
        write_nquads(store, spooled, path, quads)
    else:
        dump_store(store, path, fmt)


def remove_spools(paths: Sequence[str]) -> None:
    """Delete kept spools (each may be gone already)."""
    for p in paths:
        Path(p).unlink(missing_ok=True)
