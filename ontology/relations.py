"""The citation relations of docs/data-model.md, listed explicitly.

Every relation is ``rdfs:subPropertyOf eli:cites`` in the ontology graph, but queries must not rely on
a reasoner being present, so they name the properties instead; this list is the one place they come from.
"""

from __future__ import annotations

from rdflib import URIRef

from tipkg.ontology.namespaces import TIP

#: lowerCamelCase local names under ``tip:``, in the order of docs/data-model.md
RELATIONS: tuple[str, ...] = (
    "recalls",
    "reaffirms",
    "notes",
    "takesNoteOf",
    "welcomes",
    "bearsInMind",
    "reiterates",
    "guidedBy",
    "highlights",
    "acknowledges",
    "recognizes",
    "emphasizes",
    "stresses",
    "underlines",
    "considers",
    "expresses",
    "endorses",
    "adopts",
    "decides",
    "urges",
    "callsUpon",
    "callsFor",
    "invites",
    "requests",
    "encourages",
    "supports",
    "commends",
    "appeals",
    "condemns",
    "affirms",
    "approves",
    "authorizes",
    "declares",
    "actsUnder",
    "mentions",
)
#: the relations a recall chain follows by default
CHAIN_RELATIONS: tuple[str, ...] = ("recalls", "reaffirms")

_BY_LOWER = {r.lower(): r for r in RELATIONS}


def relation_iri(name: str) -> URIRef:
    """``tip:<name>`` for a known relation (case-insensitive); anything else is a ValueError."""
    try:
        return TIP[_BY_LOWER[name.strip().lower()]]
    except KeyError:
        raise ValueError(f"unknown relation {name!r}; known: {', '.join(RELATIONS)}") from None


def parse_relations(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """``"recalls,reaffirms"`` / ``"recalls|reaffirms"`` / ``"all"`` -> validated local names."""
    items = value.replace("|", ",").split(",") if isinstance(value, str) else list(value)
    names = [i.strip() for i in items if i.strip()]
    if not names:
        raise ValueError("no relation given")
    if [n.lower() for n in names] == ["all"]:
        return RELATIONS
    out = [str(relation_iri(n))[len(str(TIP)) :] for n in names]
    return tuple(dict.fromkeys(out))


def relation_name(iri: str) -> str | None:
    """Local name of a relation IRI, or None when it is not one of :data:`RELATIONS`."""
    if not iri.startswith(str(TIP)):
        return None
    local = iri[len(str(TIP)) :]
    return local if local in RELATIONS else None


def path_expression(relations: tuple[str, ...]) -> str:
    """A SPARQL alternative path over the relations: ``(tip:recalls|tip:reaffirms)``."""
    return "(" + "|".join(f"tip:{r}" for r in relations) + ")"
