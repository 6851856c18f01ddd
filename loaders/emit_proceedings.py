"""The triples of a document's subjects and proceedings (docs/data-model.md, "Subjects, votes and
sponsors"), written by :func:`tipkg.loaders.emit._write` through the same writer as the rest.

A document graph says only what its source says: a subject concept's IRI and label, a Member State's
IRI and name as written. What follows from the IRIs alone, the same for every document (a concept's
scheme, from its namespace; that a voter or sponsor is a ``tip:MemberState``), is written once per
build into ``id:graph/build`` (graph/build/derive.py): repeated in each of five thousand document
graphs it cost a tenth of the corpus's quads.

Kept apart from emit.py so each stays one job; it receives the writer and emit's stub writer, so it
imports nothing of emit (no cycle).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from tipkg.loaders.model import Document, Proceedings, State, Subject, Target, Vote
from tipkg.ontology.ids import doc_iri, state_iri
from tipkg.ontology.namespaces import TIP

_TIP = str(TIP)
RDF_TYPE = str(RDF.type)
RDFS_LABEL = str(RDFS.label)
DCTERMS_SUBJECT = str(DCTERMS.subject)
XSD_INTEGER = str(XSD.integer)
XSD_BOOLEAN = str(XSD.boolean)
XSD_STRING = str(XSD.string)
UNREGISTERED_STATE = _TIP + "UnregisteredState"
SURFACE_FORM = _TIP + "surfaceForm"


class Writer(Protocol):
    """The part of :class:`tipkg.loaders.emit.Writer` used here."""

    def iri(self, s: str, p: str, o: str, /) -> None: ...

    def literal(self, s: str, p: str, lexical: str, datatype: str = XSD_STRING, /) -> None: ...


#: emit's ``write_stub``: what a document node says when only its symbol is known
StubWriter = Callable[[Writer, Target, str], None]


def write_proceedings(w: Writer, node: str, doc: Document, write_stub: StubWriter) -> None:
    """Subjects, then how the text was decided on, of the document at ``node``."""
    for subject in doc.subjects:
        _subject(w, node, subject)
    p = doc.proceedings
    if p is None:
        return
    for prop, value in (
        ("adoptionType", p.adoption_type),
        ("committee", p.committee),
        ("agendaItemTitle", p.agenda_item_title),
        ("metadataRecord", p.record),
    ):
        if value:
            w.literal(node, _TIP + prop, value)
    if p.adopted is not None:
        w.literal(node, _TIP + "adopted", "true" if p.adopted else "false", XSD_BOOLEAN)
    _documents(w, node, p, doc.synthetic, write_stub)
    states = _States(w)
    for prop, named in (("sponsor", p.sponsors), ("additionalSponsor", p.additional_sponsors)):
        for s in named:
            w.iri(node, _TIP + prop, states.node(s))
    for note in p.sponsor_notes:
        w.literal(node, _TIP + "sponsorNote", note)
    if p.vote is not None:
        _vote(w, node, p.vote, states)


def _subject(w: Writer, node: str, subject: Subject) -> None:
    if subject.iri is None:
        w.literal(node, _TIP + "subjectHeading", subject.label)
        return
    w.iri(node, DCTERMS_SUBJECT, subject.iri)
    w.literal(subject.iri, RDFS_LABEL, subject.label)


def _documents(w: Writer, node: str, p: Proceedings, synthetic: bool, write_stub: StubWriter) -> None:
    """The meeting record, originating draft and committee report, each a document node of its own."""
    for prop, symbol, doc_type, cls in (
        ("meetingRecord", p.meeting_record, None, "MeetingRecord"),
        ("originatingDraft", p.draft, "draft", None),
        ("committeeReport", p.report, "report", None),
    ):
        if not symbol:
            continue
        target = str(doc_iri(symbol, synthetic=synthetic))
        w.iri(node, _TIP + prop, target)
        write_stub(w, Target("document", symbol, doc_type=doc_type), target)
        if cls:
            w.iri(target, RDF_TYPE, _TIP + cls)


def _vote(w: Writer, node: str, vote: Vote, states: _States) -> None:
    vnode = f"{node}/vote"
    w.iri(node, _TIP + "vote", vnode)
    w.iri(vnode, RDF_TYPE, _TIP + "Vote")
    for prop, named, count in (
        ("inFavour", vote.in_favour, vote.in_favour_count),
        ("against", vote.against, vote.against_count),
        ("abstaining", vote.abstaining, vote.abstaining_count),
    ):
        if count is not None:
            w.literal(vnode, f"{_TIP}{prop}Count", str(count), XSD_INTEGER)
        for s in named:
            w.iri(vnode, _TIP + prop, states.node(s))


class _States:
    """The State nodes of one document: the registry's States (described in the registry's graph),
    and each name the registry does not know, described once as an unregistered State."""

    def __init__(self, w: Writer) -> None:
        self.w = w
        self.done: set[str] = set()

    def node(self, s: State) -> str:
        """The State's IRI; a name the registry does not know carries its spelling."""
        iri = str(state_iri(s.name, s.key))
        if s.key is None and iri not in self.done:
            self.done.add(iri)
            self.w.iri(iri, RDF_TYPE, UNREGISTERED_STATE)
            self.w.literal(iri, RDFS_LABEL, s.name)
            self.w.literal(iri, SURFACE_FORM, s.name)
        return iri
