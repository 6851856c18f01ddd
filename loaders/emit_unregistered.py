"""Triples of the names the registry does not know (:mod:`tipkg.loaders.unregistered`).

Each distinct name is one node, ``id:unregistered/body/<slug>`` or ``id:unregistered/event/<slug>``,
minted from its normalised key, so every document that gives the name states the same node: typed
``tip:UnregisteredBody`` or ``tip:UnregisteredEvent``, labelled as the document first writes it (so
two documents writing it in different case give it two labels), with each spelling the document
used as a ``tip:surfaceForm``; the paragraph and the document that name it ``tip:mentions``
it. :mod:`tipkg.loaders.emit` calls :func:`mention_unregistered` for each paragraph and
:func:`describe_unregistered` once per document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib.namespace import RDF, RDFS

from tipkg.loaders.unregistered import UnregisteredName, clean, slug
from tipkg.ontology.ids import unregistered_iri
from tipkg.ontology.namespaces import TIP

if TYPE_CHECKING:  # emit imports this module: the writer protocol is only a type here
    from tipkg.loaders.emit import Writer
    from tipkg.loaders.model import Document, Paragraph

_CLASSES = {"body": str(TIP.UnregisteredBody), "event": str(TIP.UnregisteredEvent)}
_MENTIONS = str(TIP.mentions)
_SURFACE = str(TIP.surfaceForm)
_TYPE, _LABEL = str(RDF.type), str(RDFS.label)


def name_iri(name: UnregisteredName) -> str:
    """The node of a name: one per kind and normalised key across the corpus."""
    return str(unregistered_iri(name.kind, slug(name.key)))


def mention_unregistered(w: Writer, paragraph: str, para: Paragraph) -> None:
    """``<paragraph> tip:mentions <name>`` for each distinct name the paragraph gives."""
    for node in dict.fromkeys(name_iri(n) for n in para.unregistered):
        w.iri(paragraph, _MENTIONS, node)


def describe_unregistered(w: Writer, document: str, doc: Document) -> None:
    """Each name the document gives, once: its type, label and spellings, and ``<document>
    tip:mentions`` it."""
    spellings: dict[str, tuple[UnregisteredName, dict[str, None]]] = {}
    for para in doc.all_paragraphs():
        for name in para.unregistered:
            node = name_iri(name)
            seen = spellings.setdefault(node, (name, {}))
            seen[1][_surface(name.surface)] = None
    for node, (name, surfaces) in spellings.items():
        w.iri(node, _TYPE, _CLASSES[name.kind])
        w.literal(node, _LABEL, clean(name.surface))
        for surface in surfaces:
            w.literal(node, _SURFACE, surface)
        w.iri(document, _MENTIONS, node)


def _surface(text: str) -> str:
    """A spelling as written, its line breaks and runs of white space as one space."""
    return " ".join(text.split())
