"""How a SPARQL answer cut at a server's row or triple limit says so, on both sides of the wire.

``tipkg serve`` caps every answer (``--max-rows``, ``--max-triples``). A cut answer says it is cut
in its HTTP headers *and* in its body, so that clients which never look at headers (YASGUI, a
pandas DataFrame, SPARQLWrapper's ``convert()``) still see it. The convention (docs/endpoint.md):

* headers, every format: ``X-SPARQL-MaxRows: N`` (Virtuoso's name) and ``X-Tipkg-Truncated: true``;
* SPARQL JSON and XML results: a ``link`` in the head (the formats' own slot for metadata) to
  :data:`TRUNCATED` with the limit as its query, e.g. ``…/endpoint#truncated?max-rows=10000``
  (the fragment is the same whatever the limit, so a client tests ``startswith``);
* CSV and TSV, which have no such slot: one last row whose first cell is :data:`CSV_MARKER`
  followed by the limit, every other cell empty;
* RDF graphs (CONSTRUCT, DESCRIBE, Graph Store reads): one extra triple
  ``[] tipe:truncatedAt N`` (:data:`TRUNCATED_AT`), which every RDF parser keeps.

The remote client of :mod:`tipkg.graph.store.remote` reads these marks, removes the extra row or
triple, and warns with :class:`TruncatedResultWarning`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: the fragment IRI all marks are built on (a term of the endpoint's own small vocabulary)
ENDPOINT_NS = "https://w3id.org/tipkg/endpoint#"
TRUNCATED = ENDPOINT_NS + "truncated"
TRUNCATED_AT = ENDPOINT_NS + "truncatedAt"
CSV_MARKER = "#tipkg:truncated max-rows="
HEADER_MAX_ROWS = "X-SPARQL-MaxRows"
HEADER_TRUNCATED = "X-Tipkg-Truncated"


class TruncatedResultWarning(UserWarning):
    """A remote endpoint answered with the first rows (or triples) only: its limit cut the answer."""


def truncated_link(kind: str, limit: int) -> str:
    """The head link of a cut SPARQL JSON/XML result: ``kind`` is ``max-rows`` or ``max-triples``."""
    return f"{TRUNCATED}?{kind}={limit}"


def cut_headers(limit: int) -> dict[str, str]:
    return {HEADER_MAX_ROWS: str(limit), HEADER_TRUNCATED: "true"}


def link_limit(links: Iterable[object]) -> int | None:
    """The limit named by a truncation link among a results head's ``link`` values, else None."""
    for link in links:
        if isinstance(link, str) and link.startswith(TRUNCATED + "?"):
            _, _, value = link.partition("=")
            return int(value) if value.isdigit() else 0
    return None


def header_limit(headers: Mapping[str, str]) -> int | None:
    """The limit a response's headers say cut it, else None (header names in any case)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if lowered.get(HEADER_TRUNCATED.lower(), "").lower() != "true":
        return None
    value = lowered.get(HEADER_MAX_ROWS.lower(), "")
    return int(value) if value.isdigit() else 0


def warning_text(url: str, limit: int, unit: str = "rows") -> str:
    return (
        f"{url} cut the answer at its limit of {limit:,} {unit}: this is not the whole result "
        "(narrow the query, page with LIMIT/OFFSET, or ask the server for a higher limit)"
    )
