"""The registry as loaded: instruments, bodies and events, each fact with its source.

An :class:`Entry` has its names (label and aliases, for linking) and its sourced :class:`Fact` s;
:data:`FACTS` says which facts exist, what kind of value each takes and which entries may carry it.
The :class:`Registry` holds the entries by key and links their names in text
(:meth:`Registry.find_all`, through :mod:`.linker`). :mod:`.load` reads it from YAML, :mod:`.rdf`
writes its triples.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from rdflib import URIRef

from tipkg.loaders.registry.linker import Linker, Match
from tipkg.ontology.ids import entity_iri

Kind = Literal["instrument", "body", "event"]
ValueKind = Literal[
    "date", "positive_integer", "text", "instrument", "body", "document", "instrument_or_document"
]

TYPES: dict[Kind, frozenset[str]] = {
    "instrument": frozenset(
        {"Treaty", "Convention", "Protocol", "Declaration", "Charter", "PlanOfAction", "Guidelines"}
    ),
    "body": frozenset(
        {"FormalOrganization", "OrganizationalUnit", "OrganizationalCollaboration", "MandateHolder"}
    ),
    "event": frozenset({"Event"}),
}


@dataclass(frozen=True)
class FactSpec:
    """What a fact name means: the kind of value it takes and the entries that may carry it."""

    value: ValueKind
    kinds: frozenset[Kind]
    types: frozenset[str] | None = None  # entry types that may carry it (None: any of ``kinds``)


_I: frozenset[Kind] = frozenset({"instrument"})
_B: frozenset[Kind] = frozenset({"body"})
_E: frozenset[Kind] = frozenset({"event"})
FACTS: dict[str, FactSpec] = {
    "adopted": FactSpec("date", _I),
    "entry_into_force": FactSpec("date", _I),
    "adopted_by": FactSpec("document", _I),
    "unts_volume": FactSpec("positive_integer", _I),
    "unts_registration": FactSpec("positive_integer", _I),
    "supplements": FactSpec("instrument", _I),
    "custodian": FactSpec("body", _I),
    "secretariat": FactSpec("body", _B),
    "sub_organization_of": FactSpec("body", _B),
    "established_by": FactSpec("instrument_or_document", _B),
    "post_in": FactSpec("body", _B, frozenset({"MandateHolder"})),
    "start_date": FactSpec("date", _E),
    "end_date": FactSpec("date", _E),
    "location": FactSpec("text", _E),
    "organizer": FactSpec("body", _E),
}


@dataclass(frozen=True)
class Fact:
    """One sourced statement about an entry; ``value`` is an ISO date, an int, a key or a symbol."""

    name: str
    value: str | int
    source: str
    line: int

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
class Entry:
    """An instrument, body or event: its names for linking and its sourced facts."""

    kind: Kind
    key: str
    type: str
    label: str
    aliases: tuple[str, ...]
    facts: tuple[Fact, ...]
    sources: tuple[str, ...]
    line: int
    file: str  # stem of the registry file ("instruments")

    @property
    def names(self) -> tuple[str, ...]:
        """Label first, then the aliases."""
        return (self.label, *self.aliases)

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


class Registry:
    """Instruments, bodies and events by key, with alias linking and RDF output."""

    def __init__(self, entries: Iterable[Entry], files: Sequence[RegistryFile] = ()) -> None:
        self.entries: dict[str, Entry] = {e.key: e for e in entries}
        self.files: list[RegistryFile] = list(files)

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

    def aliases(self) -> list[tuple[str, Entry]]:
        """Every label and alias with its entry, longest first (ties in registry order)."""
        pairs = [(name, e) for e in self.entries.values() for name in dict.fromkeys(e.names)]
        return sorted(pairs, key=lambda p: -len(p[0]))

    @cached_property
    def linker(self) -> Linker[Entry]:
        return Linker(self.aliases())

    def find_all(self, text: str, overlapping: bool = False) -> list[Match[Entry]]:
        """Registry names in ``text``: non-overlapping, longest first, spans index ``text`` exactly."""
        return self.linker.find_all(text, overlapping=overlapping)

    def match(self, surface: str) -> Entry | None:
        """The entry one of whose names is the whole of ``surface`` (with the same tolerance)."""
        return self.linker.match(surface)
