"""What an AKN4UN file's ``<meta>`` states beyond its identity: subjects, workflow and vote.

The UN's files classify each text (``<classification><keyword href=… dictionary=…>``) with the
concepts' own IRIs: UNBIS Thesaurus (``http://metadata.un.org/thesaurus/1006622``), EuroVoc
(``http://eurovoc.europa.eu/…``) and the SDGs (``http://metadata.un.org/sdg/16``); older files give
UNBIS Thesaurus headings without an IRI. The workflow (``<step outcome=… as=… by=…>``) names the
draft and its sponsors, the committee report that recommended it and the meeting record of its
adoption, or, for a Security Council draft not adopted, the veto or the votes it lacked. The voting
(``<analysis><parliamentary><voting>``) gives the counts and, often, the Member States by name.

Everything is kept as written; :mod:`tipkg.loaders.sources.proceedings` merges it with the UN's
metadata record of the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tipkg.loaders.model import Subject
from tipkg.loaders.registry.load import default_registry

_AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
_AKN4UN = "{http://un.org/akn4un}"

#: the vocabularies whose concepts the files link, by the start of the concept IRI
VOCABULARY_OF_IRI: tuple[tuple[str, str], ...] = (
    ("http://metadata.un.org/thesaurus/", "UNBIS Thesaurus"),
    ("http://eurovoc.europa.eu/", "EuroVoc"),
    ("http://metadata.un.org/sdg/", "SDG"),
    ("https://metadata.un.org/sdg/", "SDG"),
)
#: dictionaries whose keywords without an IRI are UNBIS Thesaurus headings
_UNBIS_DICTIONARIES = frozenset({"UNBIS Thesaurus", "UNBIS"})
#: outcomes of a workflow step that say a draft was put to the vote and not adopted
_NOT_ADOPTED = frozenset({"veto", "notadopted"})
_SYMBOL = re.compile(r"[A-Z]+(?:/[A-Za-z0-9.\-]+)+(?: \((?:Resumption|Part) [0-9IVX]+\))?")


@dataclass
class AknMeta:
    """The file's own account of its subjects and of how it was decided on (names as written)."""

    subjects: list[Subject] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    additional_sponsors: list[str] = field(default_factory=list)
    draft: str | None = None
    report: str | None = None
    meeting_record: str | None = None
    adopted_step: bool = False  # a workflow step says the text was adopted
    voting_outcome: str | None = None  # as marked up: adoptedRecordedVote, adoptedWithoutVote …
    not_adopted: str | None = None  # the statement of a step "veto" / "notAdopted"
    counts: dict[str, int] = field(default_factory=dict)  # inFavour | against | abstaining -> count
    voters: dict[str, list[str]] = field(default_factory=dict)


def read_meta(meta: Any) -> AknMeta:
    """The subjects, workflow and voting of a ``<meta>`` element (None: nothing stated)."""
    out = AknMeta()
    if meta is None:
        return out
    out.subjects = _subjects(meta)
    for step in meta.iter(f"{_AKN}step"):
        _step(out, step)
    voting = next(meta.iter(f"{_AKN}voting"), None)
    if voting is not None:
        _voting(out, voting)
    return out


def vocabulary_of(iri: str) -> str | None:
    """The vocabulary a concept IRI belongs to, by its start (None: not one the files use)."""
    return next((name for start, name in VOCABULARY_OF_IRI if iri.startswith(start)), None)


def _subjects(meta: Any) -> list[Subject]:
    seen: dict[str, Subject] = {}
    for kw in meta.iter(f"{_AKN}keyword"):
        if kw.get("refersTo"):  # agenda items and catalogue titles, not subjects
            continue
        value = " ".join((kw.get("value") or "").split())
        href = (kw.get("href") or "").strip()
        vocabulary = vocabulary_of(href) if href else None
        if vocabulary == "SDG":
            label = f"SDG {value}" if value.isdigit() else value.replace("_", " ")
            seen.setdefault(href, Subject(label, vocabulary, href))
        elif vocabulary and value:
            seen.setdefault(href, Subject(value.replace("_", " "), vocabulary, href))
        elif not href and value and (kw.get("dictionary") or "").strip() in _UNBIS_DICTIONARIES:
            seen.setdefault(value.casefold(), Subject(value, "UNBIS Thesaurus"))
    return list(seen.values())


def _step(out: AknMeta, step: Any) -> None:
    outcome = (step.get("outcome") or "").strip()
    kind = outcome.lower()
    given = (step.get("as") or "").strip()
    by = " ".join((step.get("by") or "").split())
    if kind in ("draftresolution", "draftdecision"):
        out.draft = out.draft or first_symbol(given)
        out.sponsors = out.sponsors or split_names(by)
    elif kind in ("draftresolutionadditionalsponsors", "draftdecisionadditionalsponsors"):
        out.additional_sponsors = out.additional_sponsors or split_names(by)
    elif kind == "recommendedforadoption":
        out.report = out.report or first_symbol(given)
    elif kind in _NOT_ADOPTED:
        out.not_adopted = out.not_adopted or by or outcome
        out.meeting_record = out.meeting_record or meeting_record(given)
    elif kind == "adopted" or not kind:
        out.adopted_step = out.adopted_step or kind == "adopted"
        out.meeting_record = out.meeting_record or meeting_record(given)


def _voting(out: AknMeta, voting: Any) -> None:
    out.voting_outcome = " ".join((voting.get("outcome") or "").split()) or None
    for count in voting.iter(f"{_AKN}count"):
        which = (count.get("refersTo") or "").lstrip("#")
        if which not in ("inFavour", "against", "abstaining"):
            continue
        value = (count.get("value") or "").strip()
        if value.isdigit():
            out.counts[which] = int(value)
        names = [" ".join("".join(o.itertext()).split()) for o in count.iter(f"{_AKN}organization")]
        if any(names):
            out.voters[which] = [n for n in names if n]


def first_symbol(text: str) -> str | None:
    """The document symbol a step or a record names first ("A/76/383, para. 6" -> A/76/383;
    "A/75/L.5 and A/75/L.5/Add.1" -> A/75/L.5); None when it names none ("Adopted without vote")."""
    m = _SYMBOL.match(text.strip())
    return m.group(0) if m else None


def meeting_record(text: str) -> str | None:
    """The symbol of a meeting's record (verbatim ``/PV.`` or summary ``/SR.``), else None."""
    symbol = first_symbol(text)
    return symbol if symbol and ("/PV." in symbol or "/SR." in symbol) else None


@cache
def _and_names() -> re.Pattern[str]:
    """The registry's names of States that hold "and" (a sponsor list joins its last two names with
    "and" too), longest first."""
    names = {n for e in default_registry().of_kind("state") for n in e.names if " and " in n}
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.IGNORECASE)


def split_names(text: str) -> list[str]:
    """The names of a sponsor list as the workflow writes it: "Albania, Bosnia and Herzegovina and
    United States of America" -> three names (the Member States whose names hold "and", and what
    parentheses hold, stay whole)."""
    text = text.strip().rstrip(".")
    if not text:
        return []
    kept: list[str] = []

    def protect(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    masked = _and_names().sub(protect, re.sub(r"\([^()]*\)", protect, text))
    parts = [p for chunk in masked.split(",") for p in re.split(r"\s+and\s+", chunk)]
    names = [re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], p).strip() for p in parts]
    return [n for n in names if n]
