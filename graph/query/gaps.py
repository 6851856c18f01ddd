"""What the registry does not know, read from a built graph: the names texts give bodies and events
that no registry name matched (``tip:UnregisteredBody``, ``tip:UnregisteredEvent``).

:func:`gaps` ranks them by the paragraphs that name them (the named query ``unregistered-names``)
and adds, for the top ones, every spelling the texts used and a few example paragraphs;
:func:`coverage` is the share of body and event mentions the registry resolved (``mention-coverage``).
``tipkg registry gaps`` prints both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from tipkg.graph.query import runner
from tipkg.graph.query.source import SparqlSource
from tipkg.ontology.namespaces import sparql_prolog


@dataclass(frozen=True)
class Example:
    """A paragraph that gives the name: its document's symbol, its IRI and its text."""

    symbol: str | None
    paragraph: str
    text: str

    def around(self, forms: list[str], width: int = 40) -> str:
        """The words around the first spelling of the name found in the text (the text's start if none)."""
        flat = " ".join(self.text.split())
        at = min((i for i in (flat.find(f) for f in forms) if i >= 0), default=0)
        start, end = max(0, at - width), at + width + max((len(f) for f in forms), default=0)
        return ("…" if start else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")


@dataclass
class Gap:
    """One name the registry does not know, with how often and how the texts give it."""

    name: str  # IRI of its node
    kind: str  # body | event
    label: str
    paragraphs: int
    documents: int
    forms: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)


@dataclass(frozen=True)
class Coverage:
    """Mentions of bodies and events (one per paragraph and name): resolved to the registry or not."""

    kind: str  # body | event | all
    registry: int
    unregistered: int

    @property
    def share(self) -> float:
        """The registry's share of the mentions (0 when there are none)."""
        total = self.registry + self.unregistered
        return self.registry / total if total else 0.0


def gaps(source: SparqlSource, top: int = 20, examples: int = 2, kind: str | None = None) -> list[Gap]:
    """The ``top`` unregistered names, most mentioned first, each with its spellings and up to
    ``examples`` paragraphs (in document order of their IRIs, so the same on every run)."""
    params = {"kind": kind} if kind else {}
    result = runner.run(source, "unregistered-names", params)
    out = [
        Gap(str(r[0]), str(r[1]), str(r[2]), int(str(r[3])), int(str(r[4])))
        for r in result.rows[: max(0, top)]
    ]
    if not out:
        return out
    by_iri = {g.name: g for g in out}
    values = " ".join(URIRef(g.name).n3() for g in out)
    _, rows = source.select(
        sparql_prolog()
        + f"SELECT DISTINCT ?n ?form WHERE {{ VALUES ?n {{ {values} }} ?n tip:surfaceForm ?form }}"
    )
    forms: dict[str, set[str]] = defaultdict(set)
    for n, form in rows:
        forms[str(n)].add(str(form))
    for iri, found in forms.items():
        by_iri[iri].forms = sorted(found)
    if examples > 0:
        _add_examples(source, by_iri, values, examples)
    return out


def _add_examples(source: SparqlSource, by_iri: dict[str, Gap], values: str, examples: int) -> None:
    """The first ``examples`` paragraphs (by IRI) naming each gap, then the symbols of their documents
    only: walking eli:is_part_of from every paragraph of a much-mentioned name takes minutes."""
    _, rows = source.select(
        sparql_prolog()
        + "SELECT DISTINCT ?n ?p ?text WHERE { VALUES ?n { "
        + values
        + " } ?p tip:mentions ?n ; a eli:LegalResourceSubdivision ; tip:text ?text }"
    )
    chosen: dict[str, dict[str, str]] = defaultdict(dict)
    for n, p, text in sorted(rows, key=lambda r: (str(r[0]), str(r[1]))):
        kept = chosen[str(n)]
        if str(p) not in kept and len(kept) < examples:
            kept[str(p)] = str(text)
    paragraphs = sorted({p for kept in chosen.values() for p in kept})
    symbols: dict[str, str] = {}
    if paragraphs:
        _, found = source.select(
            sparql_prolog()
            + "SELECT ?p (SAMPLE(?s) AS ?symbol) WHERE { VALUES ?p { "
            + " ".join(URIRef(p).n3() for p in paragraphs)
            + " } ?p eli:is_part_of+ ?doc . ?doc a tip:Document ; dcterms:identifier ?s } GROUP BY ?p"
        )
        symbols = {str(p): str(s) for p, s in found if s is not None}
    for iri, kept in chosen.items():
        by_iri[iri].examples = [Example(symbols.get(p), p, text) for p, text in kept.items()]


def coverage(source: SparqlSource) -> list[Coverage]:
    """Registry and unregistered mentions per kind (body, event) and together (all)."""
    result = runner.run(source, "mention-coverage")
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"registry": 0, "unregistered": 0})
    for kind, resolution, mentions, _names in result.rows:
        counts[str(kind)][str(resolution)] = int(str(mentions))
    out = [Coverage(k, counts[k]["registry"], counts[k]["unregistered"]) for k in ("body", "event")]
    out.append(Coverage("all", sum(c.registry for c in out), sum(c.unregistered for c in out)))
    return out
