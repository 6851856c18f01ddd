"""Deterministic IRIs: the same source always yields the same nodes (../shared/DESIGN.md, Identifiers).

Also the one way IRIs are written short for people: :func:`compact` and its inverse :func:`expand`
(``id:doc/A/RES/61/180``, ``tip:recalls``).

Symbol rule: the official symbol is kept as the UN writes it in ``dcterms:identifier``; in the IRI
each run of white space becomes ``_`` and any character outside ``A-Z a-z 0-9 / . _ - ( )`` is
percent-encoded, so "S/RES/2331 (2016)" -> ``…/id/doc/S/RES/2331_(2016)`` and
"E/DEC/16 (LVI)" -> ``…/id/doc/E/DEC/16_(LVI)``. The rule is reversible (:func:`symbol_from_iri`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import quote, unquote

from rdflib import URIRef

from tipkg.ontology.languages import PRIMARY
from tipkg.ontology.namespaces import ID, PREFIXES, SYNTH, namespace_iri

_SAFE = "/._-()"
_WS = re.compile(r"\s+")


_PARTS = re.compile(r"\s[A-Z]-[A-Z]$")


def normalise_symbol(symbol: str) -> str:
    """Collapse white space in a symbol as written ("S/RES/2331  (2016)" -> "S/RES/2331 (2016)")."""
    return _WS.sub(" ", symbol.strip())


def whole_symbol(symbol: str) -> str:
    """A range of parts ("A/RES/74/92 A-B", one file holding every part) names the text as a whole,
    "resolution 74/92", as the texts that cite it write it."""
    return _PARTS.sub("", symbol)


def symbol_slug(symbol: str) -> str:
    """The IRI path segment of a symbol (see module docstring): the whole text's for a range of parts."""
    return quote(_WS.sub("_", whole_symbol(normalise_symbol(symbol))), safe=_SAFE)


def symbol_from_iri(iri: str) -> str | None:
    """Invert :func:`doc_iri` for documents minted from a symbol."""
    prefix = str(ID) + "doc/"
    if not iri.startswith(prefix) or iri[len(prefix) :].startswith("_/"):
        return None
    return unquote(iri[len(prefix) :]).replace("_", " ")


def doc_iri(symbol: str, *, synthetic: bool = False) -> URIRef:
    """IRI of a UN document from its official symbol (synthetic test documents: their own namespace)."""
    return URIRef(f"{SYNTH if synthetic else ID}doc/{symbol_slug(symbol)}")


def unsymbolled_doc_iri(body_key: str, date: str, title: str) -> URIRef:
    """IRI for a document without a symbol: body, date and a hash of the normalised title."""
    digest = hashlib.sha1(_WS.sub(" ", title.strip().lower()).encode("utf-8")).hexdigest()[:12]
    return URIRef(f"{ID}doc/_/{quote(body_key, safe='-')}/{date or 'undated'}/{digest}")


def undocs_url(symbol: str) -> URIRef:
    """The official page of a UN document (undocs.org writes symbols without spaces)."""
    return URIRef("https://undocs.org/" + quote(normalise_symbol(symbol).replace(" ", ""), safe=_SAFE))


@functools.lru_cache(maxsize=8192)  # the same bodies, States and instruments in every document
def entity_iri(kind: str, key: str) -> URIRef:
    """IRI of a registry entity; ``kind`` is instrument, body, event, actor or state."""
    return URIRef(f"{ID}{kind}/{quote(key, safe='-._')}")


def unregistered_iri(kind: str, slug: str) -> URIRef:
    """``…/id/unregistered/body/<slug>`` (or ``event``, ``state``): the one node of a name the
    registry does not know, the same in every document that gives it (the slug comes from the
    normalised name)."""
    return URIRef(f"{ID}unregistered/{kind}/{quote(slug, safe='-')}")


def state_slug(name: str) -> str:
    """The IRI segment of a State name the registry does not know: accents dropped, lower case,
    every run of other characters one hyphen ("CÔTE D'IVOIRE" -> ``cote-d-ivoire``)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "unnamed"


def state_iri(name: str, key: str | None = None) -> URIRef:
    """The registry's State ``id:state/<ISO alpha-3>`` when it knows the name (``key``), else the
    name's one unregistered node ``id:unregistered/state/<slug>``: one table of States, the
    registry's."""
    return entity_iri("state", key) if key else unregistered_iri("state", state_slug(name))


def paragraph_iri(doc: str, kind: str, number: str, sub: str | None = None) -> URIRef:
    """``<doc>/pp/3`` for preambular, ``<doc>/op/4`` and ``<doc>/op/4/a`` for operative paragraphs."""
    tail = f"/{quote(sub, safe='')}" if sub else ""
    return URIRef(f"{doc}/{kind}/{quote(number, safe='')}{tail}")


def footnote_iri(doc: str, marker: str) -> URIRef:
    return URIRef(f"{doc}/fn/{quote(marker, safe='')}")


def citation_iri(citing: str, index: int) -> URIRef:
    return URIRef(f"{citing}/cit/{index}")


def span_iri(node: str) -> URIRef:
    return URIRef(f"{node}/span")


def in_language(node: str, lang: str | None) -> str:
    """The node of ``node``'s statements in one language: the node itself for the primary language
    (English, or a source that names none), ``<node>/lang/fr`` for the others, so that the spans,
    citations and footnotes of two language versions never share an IRI."""
    return node if lang is None or lang == PRIMARY else f"{node}/lang/{lang}"


def expression_iri(doc: str, lang: str) -> URIRef:
    """The language version (ELI LegalExpression) of a work or of one of its paragraphs: ``<doc>/lang/fr``."""
    return URIRef(f"{doc}/lang/{quote(lang, safe='-')}")


def graph_iri(local: str) -> URIRef:
    """Named graph IRI: ``…/id/graph/<local>``; for a document, local is its path under ``id/``."""
    return URIRef(f"{ID}graph/{local}")


def document_graph_iri(doc: str) -> URIRef:
    """``…/id/graph/doc/…`` for a document ``…/id/doc/…``; synthetic ones stay in their namespace."""
    for base in (str(ID), str(SYNTH)):
        if str(doc).startswith(base):
            return URIRef(f"{base}graph/{str(doc)[len(base) :]}")
    raise ValueError(f"{doc} is not a document IRI of this project")


# ------------------------------------------------------------------------------ prefixed names


def namespaces(prefixes: Iterable[str] = PREFIXES, **extra: str) -> tuple[tuple[str, str], ...]:
    """(prefix, namespace IRI) of the project ``prefixes`` and any ``extra`` ones, longest IRI first
    (so the most specific namespace wins in :func:`compact`)."""
    pairs = [(p, namespace_iri(p)) for p in prefixes] + list(extra.items())
    return tuple(sorted(pairs, key=lambda pair: -len(pair[1])))


_EVERY_PREFIX = namespaces()


def compact(iri: str, within: Sequence[tuple[str, str]] = _EVERY_PREFIX) -> str:
    """``https://w3id.org/tipkg/ontology#recalls`` -> ``tip:recalls`` with the first namespace of
    ``within`` (default: every project prefix) that holds ``iri``; any other IRI comes back unchanged."""
    for prefix, ns in within:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def expand(name: str) -> str:
    """Inverse of :func:`compact` for a project prefix; anything else is returned as it is."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return namespace_iri(prefix) + local
    return name
