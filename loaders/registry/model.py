"""The registry as loaded: instruments, bodies, events and States, each fact with its source.

An :class:`Entry` has its names (label and aliases in English, for linking; :class:`Label` s in the
other official languages) and its sourced :class:`Fact` s; :data:`FACTS` says which facts exist,
what kind of value each takes and which entries may carry it. The :class:`Registry` holds the
entries by key, links the names of instruments, bodies and events in text
(:meth:`Registry.find_all`, through :mod:`.linker`, one linker per language) and resolves the name
of a State as the UN's vote and sponsor lists write it (:meth:`Registry.state`). :mod:`.load`
reads it from YAML, :mod:`.rdf` writes its triples.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from rdflib import URIRef

from tipkg.loaders.registry.linker import Linker, Match
from tipkg.ontology.ids import entity_iri
from tipkg.ontology.languages import name_forms

Kind = Literal["instrument", "body", "event", "state"]
ValueKind = Literal[
    "date",
    "month_day",
    "positive_integer",
    "count",
    "text",
    "code",
    "instrument",
    "body",
    "document",
    "instrument_or_document",
]
#: Kinds whose names are linked in text; States are resolved by name (:meth:`Registry.state`) only:
#: "Georgia", "Chad" or "Jordan" in a paragraph are not mentions of a body.
LINKED_KINDS: frozenset[Kind] = frozenset({"instrument", "body", "event"})
#: The other official languages of the United Nations (English is the label and the aliases).
LANGUAGES: tuple[str, ...] = ("fr", "es", "ru", "zh", "ar")
ENGLISH = "en"

TYPES: dict[Kind, frozenset[str]] = {
    "instrument": frozenset(
        {
            "Treaty",
            "Convention",
            "Protocol",
            "Declaration",
            "Charter",
            "PlanOfAction",
            "Guidelines",
            "Compact",
            "Principles",
            "Directive",
            "Statute",
        }
    ),
    "body": frozenset(
        {"FormalOrganization", "OrganizationalUnit", "OrganizationalCollaboration", "MandateHolder"}
    ),
    "event": frozenset({"Event"}),
    "state": frozenset({"MemberState", "ObserverState"}),
}


@dataclass(frozen=True)
class FactSpec:
    """What a fact name means: the kind of value it takes and the entries that may carry it."""

    value: ValueKind
    kinds: frozenset[Kind]
    types: frozenset[str] | None = None  # entry types that may carry it (None: any of ``kinds``)
    pattern: str | None = None  # a "code" value must match it whole
    as_of: bool = False  # the value holds at a date the source gives: {value, as_of, source}


_I: frozenset[Kind] = frozenset({"instrument"})
_B: frozenset[Kind] = frozenset({"body"})
_E: frozenset[Kind] = frozenset({"event"})
_S: frozenset[Kind] = frozenset({"state"})
FACTS: dict[str, FactSpec] = {
    "adopted": FactSpec("date", _I),
    "entry_into_force": FactSpec("date", _I),
    "adopted_by": FactSpec("document", _I),
    "unts_volume": FactSpec("positive_integer", _I),
    "unts_registration": FactSpec("positive_integer", _I),
    "supplements": FactSpec("instrument", _I),
    "custodian": FactSpec("body", _I),
    "depositary": FactSpec("text", _I),
    "parties": FactSpec("count", _I, as_of=True),
    "organization": FactSpec("text", _I),
    "secretariat": FactSpec("body", _B),
    "sub_organization_of": FactSpec("body", _B),
    "established_by": FactSpec("instrument_or_document", frozenset({"body", "event"})),
    "established": FactSpec("date", _B),
    "dissolved": FactSpec("date", _B),
    "post_in": FactSpec("body", _B, frozenset({"MandateHolder"})),
    "start_date": FactSpec("date", _E),
    "end_date": FactSpec("date", _E),
    "location": FactSpec("text", _E),
    "organizer": FactSpec("body", _E),
    "observed_on": FactSpec("month_day", _E),
    "iso_alpha2": FactSpec("code", _S, pattern=r"[A-Z]{2}"),
    "iso_alpha3": FactSpec("code", _S, pattern=r"[A-Z]{3}"),
    "m49": FactSpec("code", _S, pattern=r"[0-9]{3}"),
    "admitted": FactSpec("date", _S, frozenset({"MemberState"})),
    "observer_status": FactSpec("text", _S, frozenset({"ObserverState"})),
    "observer_since": FactSpec("date", _S, frozenset({"ObserverState"})),
}
# Where a fact was read: a web address, a corpus file (and where in it), a repository file at a commit.
WEB_SOURCE = re.compile(r"^https?://\S+$")
CORPUS_SOURCE = re.compile(r"^corpus/\S+")
GITHUB_SOURCE = re.compile(r"^github:([^/\s]+)/([^/\s]+)/(\S+)@([0-9a-f]{40})$")
#: An acronym: capitals (and digits, dots, hyphens), no lower-case letter ("UNODC", "UN.GIFT").
ACRONYM = re.compile(r"^[A-Z][A-Z0-9.\-]*[A-Z0-9]$")
#: Pairs of date facts of which the second may not come before the first.
DATE_ORDER: tuple[tuple[str, str], ...] = (
    ("start_date", "end_date"),
    ("established", "dissolved"),
    ("adopted", "entry_into_force"),
)


@dataclass(frozen=True)
class Fact:
    """One sourced statement about an entry; ``value`` is an ISO date, an int, a key or a symbol."""

    name: str
    value: str | int
    source: str
    line: int
    as_of: str | None = None  # the date at which the value held (``parties``)

    @property
    def spec(self) -> FactSpec:
        return FACTS[self.name]

    def is_document(self) -> bool:
        """True when the value is a UN document symbol rather than a registry key."""
        return (
            isinstance(self.value, str)
            and self.spec.value in ("document", "instrument_or_document")
            and ("/" in self.value)
        )


@dataclass(frozen=True)
class Label:
    """The entry's name in another official language, with the source it was read from."""

    language: str  # ISO 639-1: fr, es, ru, zh, ar
    value: str
    source: str
    line: int
    preferred: bool = True  # the first name given in that language; the others are alternatives


@dataclass(frozen=True)
class Entry:
    """An instrument, body, event or State: its names for linking and its sourced facts."""

    kind: Kind
    key: str
    type: str
    label: str
    aliases: tuple[str, ...]
    facts: tuple[Fact, ...]
    sources: tuple[str, ...]
    line: int
    file: str  # stem of the registry file ("instruments")
    labels: tuple[Label, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        """Label first, then the aliases (English)."""
        return (self.label, *self.aliases)

    def names_in(self, language: str = ENGLISH) -> tuple[str, ...]:
        """The entry's names in ``language``: the English label and aliases; in another language its
        labels there and the English acronyms, which texts in every language write ("UNICEF")."""
        if language == ENGLISH:
            return self.names
        own = tuple(x.value for x in self.labels if x.language == language)
        return own + tuple(a for a in self.names if ACRONYM.match(a))

    def fact(self, name: str) -> Fact | None:
        """The first fact of that name, if any."""
        return next((f for f in self.facts if f.name == name), None)

    def facts_named(self, name: str) -> list[Fact]:
        """Every fact of that name (a fact read from two sources appears twice)."""
        return [f for f in self.facts if f.name == name]


@dataclass(frozen=True)
class RegistryFile:
    """A loaded YAML file: what provenance needs (name, digest) and the keys it defines."""

    path: str
    stem: str
    sha256: str
    keys: tuple[str, ...]


# How the UN's lists write a State: any case, no-break spaces, combining accents, "the", a final dot.
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_THE = re.compile(r"^the\s+")
# What a sponsor list adds to a name: "Cuba (on behalf of the States Members …)", "Egypt (in its
# capacity as Chair of …)", "Guinea, on behalf of …".
_QUALIFIER = re.compile(r"\s*(?:\(|,)?\s*\b(?:on\s+behalf\s+of|in\s+its\s+capacity\s+as)\b.*$", re.I | re.S)


def state_form(name: str) -> str:
    """A State name as it is compared: NFC, apostrophes and spaces unified, case folded, without a
    leading "the" or trailing dots and commas ("CÔTE D’IVOIRE", "Côte d'Ivoire " → "côte d'ivoire")."""
    text = unicodedata.normalize("NFC", name).translate(_APOSTROPHES)
    text = _SPACES.sub(" ", text).strip().strip(".,;").strip().casefold()
    return _THE.sub("", text)


_UNSPACED = frozenset({"zh"})  # languages written without spaces between words


class Registry:
    """Instruments, bodies, events and States by key, with alias linking, State names and RDF output."""

    def __init__(self, entries: Iterable[Entry], files: Sequence[RegistryFile] = ()) -> None:
        self.entries: dict[str, Entry] = {e.key: e for e in entries}
        self.files: list[RegistryFile] = list(files)
        self._linkers: dict[str, Linker[Entry]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def of_kind(self, kind: Kind) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == kind]

    def iri(self, key: str) -> URIRef:
        """IRI of a registry entity; KeyError for a key the registry does not hold."""
        entry = self.entries[key]
        return entity_iri(entry.kind, entry.key)

    def aliases(self, language: str = ENGLISH) -> list[tuple[str, Entry]]:
        """Every name of an instrument, body or event in ``language`` with its entry, in the forms texts
        of that language write it (Russian declension, Arabic clitics:
        :func:`~tipkg.ontology.languages.name_forms`), longest first (ties in registry order). States
        are not linked in text (:data:`LINKED_KINDS`)."""
        pairs = [
            (name, e)
            for e in self.entries.values()
            if e.kind in LINKED_KINDS
            for name in dict.fromkeys(f for n in e.names_in(language) for f in name_forms(n, language))
        ]
        return sorted(pairs, key=lambda p: -len(p[0]))

    @property
    def linker(self) -> Linker[Entry]:
        """The linker of English text."""
        return self.linker_for(ENGLISH)

    def linker_for(self, language: str = ENGLISH) -> Linker[Entry]:
        """The linker of text in ``language``, built on first use: only names in that language, so
        a French label never links in English text nor an English alias in French."""
        linker = self._linkers.get(language)
        if linker is None:
            linker = self._linkers[language] = Linker(
                self.aliases(language), spaced=language not in _UNSPACED
            )
        return linker

    def find_all(self, text: str, overlapping: bool = False, language: str = ENGLISH) -> list[Match[Entry]]:
        """Registry names in ``text``: non-overlapping, longest first, spans index ``text`` exactly."""
        return self.linker_for(language).find_all(text, overlapping=overlapping)

    def match(self, surface: str, language: str = ENGLISH) -> Entry | None:
        """The entry one of whose names is the whole of ``surface`` (with the same tolerance)."""
        return self.linker_for(language).match(surface)

    # ------------------------------------------------------------------------------ States

    @cached_property
    def _state_names(self) -> dict[str, Entry]:
        """Every English name of a State, then its names in the other languages where no English
        name of another State is written the same, by :func:`state_form`."""
        out: dict[str, Entry] = {}
        states = self.of_kind("state")
        for e in states:
            for name in e.names:
                out.setdefault(state_form(name), e)
        for e in states:
            for x in e.labels:
                out.setdefault(state_form(x.value), e)
        return out

    def state(self, name: str) -> Entry | None:
        """The Member or observer State ``name`` designates, as the UN's vote and sponsor lists write
        it: any case, with or without "the", no-break spaces, "(on behalf of …)" or "(in its
        capacity as …)" after it ("CÔTE D'IVOIRE", "the Netherlands (Kingdom of the)",
        "Cuba (on behalf of the Group of 77 and China)"); None for a name no State has."""
        form = state_form(name)
        found = self._state_names.get(form)
        if found is None:
            bare = _QUALIFIER.sub("", name)
            if bare != name:
                found = self._state_names.get(state_form(bare))
        return found
