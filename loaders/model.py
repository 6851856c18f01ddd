"""The document model every format loader produces and :mod:`tipkg.loaders.emit` turns into triples.

Offsets (``Span``) index into ``Document.text``: the text the loader read (the decoded file for
Markdown and plain text, the extracted text for PDF, DOCX and Akoma Ntoso), so every statement can
be traced to the characters it came from.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

TargetKind = Literal["resolution", "document", "instrument", "body", "event", "actor"]
ParagraphKind = Literal["preambular", "operative", "sub"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True)
class Target:
    """What a citation or mention points at.

    ``key`` is the official symbol for resolutions and documents ("A/RES/61/180"), the registry key
    for instruments, bodies, events and actor groups ("UNTOC", "UNODC", "member-states"). The other
    fields are what the citing text says of a document that may not be loaded (its stub).
    """

    kind: TargetKind
    key: str
    body: str | None = None  # registry key of the issuing body, for documents
    date: str | None = None  # ISO date given at the reference
    title: str | None = None
    doc_type: str | None = None  # resolution | decision | report | statement | record


@dataclass
class Citation:
    target: Target
    relation: str  # lowerCamelCase verb: recalls, reaffirms, takesNoteOf, urges, mentions, ...
    span: Span
    quote: str  # text[span.start:span.end]
    via_footnote: str | None = None  # marker of the footnote that resolved it, if any


@dataclass
class Mention:
    target: Target
    span: Span
    quote: str


@dataclass
class Footnote:
    marker: str
    text: str
    span: Span
    bibliographic_citation: str | None = None
    refers_to: Target | None = None
    anchor: int | None = None  # where its marker stands in Document.text, when the source kept it apart


@dataclass
class Division:
    """A part of a document with paragraphs of its own.

    ``kind`` is ``part`` (the parts "A", "B" of a multi-part text, each adopted on its own date),
    ``section`` (a section whose paragraph numbering starts again), ``annex`` (an annexed declaration
    or programme, part of the text that adopts it) or ``draft`` (a draft the text recommends to another
    body for adoption). ``path`` is its place ("annex/1", "part/B/section/II"): paragraph IRIs of the
    division start with it, so numbers that restart stay distinct.
    """

    kind: str
    label: str
    parent: str = ""
    title: str | None = None
    date: str | None = None
    meeting: str | None = None
    body: str | None = None  # the body whose text it is (a draft's: the body it is recommended to)
    span: Span | None = None

    @property
    def path(self) -> str:
        own = f"{self.kind}/{self.label}"
        return f"{self.parent}/{own}" if self.parent else own


@dataclass
class Paragraph:
    kind: ParagraphKind
    number: str  # "3" (preambular order or operative number), "a" for sub-paragraphs
    text: str
    span: Span
    line: int  # 1-based line of the paragraph start in Document.text
    phrase: str | None = None  # opening phrase as written ("Recalling also")
    phrase_key: str | None = None  # local name of its skos:Concept in ontology/phrases.ttl
    verbs: list[str] = field(default_factory=list)  # relations of the verbs it uses, in order
    citations: list[Citation] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    unregistered: list[UnregisteredName] = field(default_factory=list)  # names the registry lacks
    addressees: list[Target] = field(default_factory=list)
    footnote_markers: list[str] = field(default_factory=list)
    subparagraphs: list[Paragraph] = field(default_factory=list)
    eid: str | None = None  # the source's own identifier of the paragraph (Akoma Ntoso eId)
    division: str = ""  # path of the Division it is in ("" for the document's own paragraphs)


@dataclass(frozen=True)
class Subject:
    """A subject the source files the document under.

    ``iri`` is the concept's own IRI where the source gives one (UNBIS Thesaurus
    ``http://metadata.un.org/thesaurus/1006622``, EuroVoc ``http://eurovoc.europa.eu/…``, SDG
    ``http://metadata.un.org/sdg/16``); without one it is a heading as written ("TRAFFICKING IN
    PERSONS", older files and the metadata records). ``vocabulary`` names the scheme.
    """

    label: str
    vocabulary: str  # "UNBIS Thesaurus" | "EuroVoc" | "SDG"
    iri: str | None = None


@dataclass(frozen=True)
class State:
    """A Member State as a vote list or a sponsor list writes it.

    ``key`` is the registry's State (ISO alpha-3) the name designates; a name the registry does not
    know is kept as written, as an unregistered State (:func:`tipkg.ontology.ids.state_iri`).
    """

    name: str
    key: str | None = None


@dataclass
class Vote:
    """A recorded vote: the States in favour, against and abstaining, and the counts as stated."""

    in_favour: list[State] = field(default_factory=list)
    against: list[State] = field(default_factory=list)
    abstaining: list[State] = field(default_factory=list)
    in_favour_count: int | None = None
    against_count: int | None = None
    abstaining_count: int | None = None


@dataclass
class Proceedings:
    """How the text was decided on: what the file's ``<meta>`` (workflow, voting) and the UN's metadata
    record (``data_extract/*.json``) state, merged by :mod:`tipkg.loaders.sources.proceedings`.

    Symbols are as written ("A/76/PV.5", "A/C.3/77/L.34", "A/77/463/Add.3"); ``adopted`` is False
    for a draft put to the vote and not adopted.
    """

    adoption_type: str | None = None  # as written: "Without a vote", "Adopted 14-0-1, 6063rd meeting"
    adopted: bool | None = None
    vote: Vote | None = None
    meeting_record: str | None = None  # verbatim record of the meeting: A/76/PV.5, S/PV.9616
    draft: str | None = None  # the draft the text was adopted from
    report: str | None = None  # the committee report that recommended it
    committee: str | None = None  # "Third Committee", "Without reference to a Main Committee"
    agenda_item_title: str | None = None
    sponsors: list[State] = field(default_factory=list)
    additional_sponsors: list[State] = field(default_factory=list)
    sponsor_notes: list[str] = field(default_factory=list)  # "SUBMITTED BY THE PRESIDENT …", "on behalf of …"
    record: str | None = None  # the metadata record read: "<folder>/data_extract/76.json line 5"


@dataclass
class Document:
    text: str
    source_path: str
    source_sha256: str
    source_format: str  # markdown | text | pdf | docx | akn
    loader: str  # e.g. "tipkg.loaders.text"
    symbol: str | None = None
    doc_type: str = "resolution"  # resolution | decision
    body: str | None = None  # registry key of the adopting body
    date: str | None = None  # ISO adoption date
    title: str | None = None
    session: str | None = None
    agenda_item: str | None = None
    meeting: str | None = None  # "44th plenary meeting"
    distribution_date: str | None = None
    synthetic: bool = False
    paragraphs: list[Paragraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    header_mentions: list[Mention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # mentions outside any paragraph
    divisions: list[Division] = field(default_factory=list)
    work: str | None = None  # the source's own identifier of the work (an AKN FRBR Work URI)
    expression: str | None = None  # … and of this language version
    language: str | None = None  # BCP 47 tag of the text's language ("en", "fr"); None: not stated
    notices: list[str] = field(default_factory=list)  # what the loader read around (one line each)
    subjects: list[Subject] = field(default_factory=list)
    proceedings: Proceedings | None = None

    def all_paragraphs(self) -> list[Paragraph]:
        """Paragraphs and their sub-paragraphs, in document order."""
        out: list[Paragraph] = []
        for p in self.paragraphs:
            out.append(p)
            out.extend(p.subparagraphs)
        return out


# --- names the registry does not know -------------------------------------------------------------


UnregisteredKind = Literal["body", "event"]


@dataclass(frozen=True)
class UnregisteredName:
    """One occurrence: ``text[start:end] == surface``; ``key`` is the same for every spelling of
    the name (case, articles, white space and trailing punctuation aside)."""

    kind: UnregisteredKind
    key: str
    start: int
    end: int
    surface: str


_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")
_LEADING = re.compile(r"^(?:(?:the|a|an|its|their|his|her)\s+)+", re.IGNORECASE)
_TRAILING = re.compile(r"[\s.,;:!?\"'*†‡§¹²³⁰⁴⁵⁶⁷⁸⁹]+$")
_GLUED_MARKER = re.compile(r"(?<=[^\W\d_])\d{1,2}$")


def normalise(name: str) -> str:
    """The key of a name: one per distinct name whatever its case, leading articles, white space,
    dash and quote styles, trailing punctuation or a footnote number glued to its last word
    ("the  Special Rapporteur on\\nthe right to food3," → "special rapporteur on the right to food")."""
    return clean(name).casefold()


def clean(name: str) -> str:
    """The name as written, without what :func:`normalise` sets aside except its case: the label of
    its node ("the  Special Rapporteur on\\nthe right to food3," → "Special Rapporteur on the right
    to food")."""
    text = unicodedata.normalize("NFC", name).translate(_QUOTES)
    text = _SPACE.sub(" ", text)
    prev = None
    while prev != text:
        prev = text
        text = _DASHES.sub("-", text)
        text = _TRAILING.sub("", text.strip())
        text = _GLUED_MARKER.sub("", text)
        text = _LEADING.sub("", text)
        text = _balance(text).strip()
    return text


def _balance(text: str) -> str:
    """Drop a closing bracket that closes nothing, at the end ("Forum)" → "Forum")."""
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text


_SLUG_KEEP = re.compile(r"[^a-z0-9]+")


def slug(key: str) -> str:
    """The IRI segment of a key: ASCII letters and digits joined by hyphens; a long key is cut and
    ends with a digest of the whole, so two keys never share a slug by being cut."""
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii").lower()
    out = _SLUG_KEEP.sub("-", ascii_key).strip("-") or "name"
    if len(out) > 120:
        out = out[:110].rstrip("-") + "-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return out
