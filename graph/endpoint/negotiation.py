"""HTTP content negotiation (RFC 9110 §12.5.1) and the endpoint's result formats.

Written here rather than borrowed because the endpoint must answer odd but real clients exactly:
Gephi sends ``application/rdf+xml, txt/xml, rdf/xml`` (two invalid ranges to ignore), browsers send
``*/*;q=0.8``, and a ``q=0`` range must exclude a format even when a wildcard would admit it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float = 1.0
    params: dict[str, str] = field(default_factory=dict)

    def specificity(self, media_type: str) -> int:
        """How precisely this range names ``media_type``: 3 exact, 2 type/*, 1 */*, -1 no match."""
        mtype, _, msub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type != mtype:
            return -1
        if self.subtype == "*":
            return 2
        return 3 if self.subtype == msub else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header; malformed ranges and q-values are skipped, not fatal."""
    out: list[MediaRange] = []
    for part in (header or "").split(","):
        items = [p.strip() for p in part.split(";")]
        mtype, _, sub = items[0].lower().partition("/")
        if not mtype or not sub or "/" in sub or " " in items[0] or (mtype == "*" and sub != "*"):
            continue
        q = 1.0
        params: dict[str, str] = {}
        ok = True
        for item in items[1:]:
            key, _, value = item.partition("=")
            key, value = key.strip().lower(), value.strip().strip('"')
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    ok = False
                    break
                if not 0.0 <= q <= 1.0:
                    ok = False
                    break
            elif key:
                params[key] = value
        if ok:
            out.append(MediaRange(mtype, sub, q, params))
    return out


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offered media type the client prefers, or None when it accepts none of them (→ 406).

    Each offer takes the q of the most specific range that matches it; ties go to the server's order.
    No Accept header (or one with no valid range) means the client accepts anything.
    """
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0] if offers else None
    best: tuple[float, int] | None = None
    choice: str | None = None
    for index, offer in enumerate(offers):
        matches = [(r.specificity(offer), r.q) for r in ranges]
        matches = [m for m in matches if m[0] >= 0]
        if not matches:
            continue
        top = max(spec for spec, _ in matches)
        q = max(q for spec, q in matches if spec == top)
        if q <= 0:
            continue
        key = (q, -index)
        if best is None or key > best:
            best, choice = key, offer
    return choice


@dataclass(frozen=True)
class ResultFormat:
    """A serialisation the endpoint can produce: its name, the media types that select it."""

    name: str
    media_types: tuple[str, ...]
    content_type: str

    @property
    def primary(self) -> str:
        return self.media_types[0]


_UTF8 = "; charset=utf-8"

#: SELECT results, preferred first.
SOLUTION_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat(
        "json", ("application/sparql-results+json", "application/json"), "application/sparql-results+json"
    ),
    ResultFormat(
        "xml",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        "application/sparql-results+xml" + _UTF8,
    ),
    ResultFormat("csv", ("text/csv",), "text/csv" + _UTF8),
    ResultFormat("tsv", ("text/tab-separated-values",), "text/tab-separated-values" + _UTF8),
)
#: ASK results. The CSV/TSV recommendation defines no boolean form; SPARQLWrapper asks for one all
#: the same, and the endpoint answers as Jena does: a ``_askResult`` column with one row.
BOOLEAN_FORMATS: tuple[ResultFormat, ...] = SOLUTION_FORMATS

#: CONSTRUCT / DESCRIBE results and Graph Store reads, preferred first.
GRAPH_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("turtle", ("text/turtle", "application/x-turtle"), "text/turtle" + _UTF8),
    ResultFormat("ntriples", ("application/n-triples", "text/plain"), "application/n-triples" + _UTF8),
    ResultFormat(
        "rdfxml", ("application/rdf+xml", "application/xml", "text/xml"), "application/rdf+xml" + _UTF8
    ),
    ResultFormat("jsonld", ("application/ld+json", "application/json"), "application/ld+json"),
    ResultFormat("trig", ("application/trig",), "application/trig" + _UTF8),
    ResultFormat("nquads", ("application/n-quads",), "application/n-quads" + _UTF8),
    ResultFormat("n3", ("text/n3",), "text/n3" + _UTF8),
)

OX_RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "n3": ox.RdfFormat.N3,
}

#: ``format=`` / ``output=`` request parameters (Virtuoso, Fuseki and SPARQLWrapper send them).
FORMAT_PARAM_ACCEPT: dict[str, str] = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/n3",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "nq": "application/n-quads",
}


def choose_format(accept: str | None, formats: Sequence[ResultFormat]) -> ResultFormat | None:
    """The format whose media types the client prefers (None → 406).

    Every format's primary media type is offered before any alias, so ``*/*`` never picks an alias;
    when the client names an alias (``application/json``), the answer is labelled with it.
    """
    primaries = [f.primary for f in formats]
    aliases = [mt for f in formats for mt in f.media_types[1:]]
    chosen = negotiate(accept, primaries + aliases)
    if chosen is None:
        return None
    fmt = next(f for f in formats if chosen in f.media_types)
    if chosen == fmt.primary:
        return fmt
    charset = _UTF8 if fmt.content_type.endswith(_UTF8) else ""
    return ResultFormat(fmt.name, fmt.media_types, chosen + charset)


def accept_override(value: str | None) -> str | None:
    """An Accept header equivalent to a ``format=`` parameter (a short name or a media type)."""
    if not value:
        return None
    key = value.strip().lower()
    if key in FORMAT_PARAM_ACCEPT:
        return FORMAT_PARAM_ACCEPT[key]
    return key if "/" in key else None
