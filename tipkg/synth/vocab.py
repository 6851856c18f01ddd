"""What the synthetic writer draws from: opening phrases, their weights and paragraph lengths taken
from real texts, and the registry's instruments, bodies and events with their footnotes.

The phrases are the labels of ontology/phrases.ttl (every prefLabel and altLabel, with its concept key
and relation, read through :func:`tipkg.loaders.parse.phrases.load_scheme`). Their weights are *counts*
from the real corpus, embedded below so generation needs no corpus:

* ``TEXT_COUNTS``: distinct paragraphs of ../shared/corpus/resolutions/* opening with each label, by
  :func:`count_openings` (longest label first; a label opening a line or following ", ", "; ",
  ": " or "N. "; a paragraph present in two copies of one text counted once);
* ``GOLD_COUNTS``: gold citations (../shared/corpus/gold/*.json) governed by each label, by
  :func:`count_gold_phrases`; these weight the openings of paragraphs that carry a citation;
* ``INSTRUMENT_COUNTS``: gold citations per instrument key, by :func:`count_gold_instruments`;
* ``PREAMBULAR_WORDS`` / ``OPERATIVE_WORDS``: words per whole paragraph, by :func:`paragraph_lengths`.

Unseen labels keep a small weight (``PREF_WEIGHT`` for a prefLabel, ``ALT_WEIGHT`` for an altLabel), so the
generated corpus uses the whole scheme but in the proportions of the real one. tests/synth/test_synth.py
recomputes every table from the corpus and fails when the scheme or the corpus has moved away from it.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from tipkg.loaders.parse.phrases import load_scheme
from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.registry.model import Entry
from tipkg.synth import prose
from tipkg.synth.plan import BODY_NAMES


@dataclass(frozen=True)
class Label:
    """One way of writing an opening phrase."""

    text: str  # as written ("Recalling also")
    key: str  # local name of its skos:Concept ("Recalling")
    relation: str  # lowerCamelCase relation ("recalls")
    operative: bool
    preferred: bool  # the concept's prefLabel


PREF_WEIGHT = 0.5  # smoothing of a prefLabel the corpus does not show
ALT_WEIGHT = 0.05  # ... and of an altLabel

# count_openings() over ../shared/corpus/resolutions/*, label -> distinct paragraphs.
TEXT_COUNTS: dict[str, int] = {
    "Bearing in mind": 3,
    "Calls for": 1,
    "Calls upon": 3,
    "Encourages": 1,
    "Expressing deep concern": 1,
    "Expressing solidarity": 1,
    "Guided by": 2,
    "Highlighting": 1,
    "Highlights": 1,
    "Invites": 4,
    "Noting": 2,
    "Reaffirming": 7,
    "Reaffirming also": 1,
    "Reaffirming further": 1,
    "Recalling": 12,
    "Recalling also": 5,
    "Recalling further": 1,
    "Recognizes": 1,
    "Recognizing": 10,
    "Recognizing also": 2,
    "Recognizing further": 1,
    "Reiterates its request": 1,
    "Reiterates the invitation": 1,
    "Reiterating": 1,
    "Reiterating its concern": 1,
    "Reiterating its strong condemnation": 1,
    "Requests": 2,
    "Stresses": 1,
    "Takes note with appreciation of": 1,
    "Taking note of": 3,
    "Taking note with appreciation also of": 1,
    "Taking note with appreciation of": 1,
    "Underlining": 1,
    "Urges": 2,
    "Welcomes": 1,
    "Welcomes further": 1,
    "Welcoming": 3,
    "Welcoming also": 2,
}
# count_gold_phrases() over ../shared/corpus/gold/*.json, label -> gold citations it governs.
GOLD_COUNTS: dict[str, int] = {
    "Bearing in mind": 3,
    "Calls upon": 3,
    "Guided by": 2,
    "Highlights": 1,
    "Reaffirming": 26,
    "Reaffirming also": 4,
    "Reaffirming further": 2,
    "Recalling": 24,
    "Recalling also": 8,
    "Recalling further": 4,
    "Reiterating": 3,
    "Taking note of": 5,
    "Taking note with appreciation also of": 2,
    "Taking note with appreciation of": 1,
    "Urges": 3,
    "Welcoming": 6,
    "Welcoming also": 1,
}
# count_gold_instruments() over ../shared/corpus/gold/*.json: instrument key -> gold citations.
INSTRUMENT_COUNTS: dict[str, int] = {
    "AGENDA-2030": 2,
    "CAT": 1,
    "CEDAW": 4,
    "CONV-1949": 4,
    "CRC": 4,
    "DEVAW": 1,
    "GLOBAL-PLAN-OF-ACTION": 1,
    "ICCPR": 3,
    "ICESCR": 3,
    "MILLENNIUM-DECLARATION": 2,
    "OP-CEDAW": 4,
    "OPSC": 5,
    "RECOMMENDED-PRINCIPLES-GUIDELINES-HR-TIP": 1,
    "SUPP-SLAVERY-CONV-1956": 1,
    "TIP-PROTOCOL": 10,
    "UDHR": 3,
    "UN-CHARTER": 3,
    "UNTOC": 10,
    "WORLD-SUMMIT-OUTCOME-2005": 1,
}
# paragraph_lengths() over ../shared/corpus/resolutions/*: words per whole paragraph, sorted.
PREAMBULAR_WORDS: tuple[int, ...] = (
    4, 8, 13, 14, 15, 19, 21, 23, 24, 24, 26, 27, 28, 28, 28, 28, 28, 32, 33, 34, 34, 41, 41, 43, 44, 45,
    45, 46, 47, 48, 49, 49, 49, 49, 52, 53, 54, 55, 55, 55, 55, 57, 61, 65, 67, 67, 70, 70, 70, 75, 92, 95,
    103, 105, 141,
)  # fmt: skip
OPERATIVE_WORDS: tuple[int, ...] = (19, 22, 25, 30, 33, 34, 35, 47, 63, 76, 82, 84, 111, 135, 174)


@lru_cache(maxsize=1)
def labels() -> tuple[Label, ...]:
    """Every label of the phrase scheme, in a stable order (concept key, then label)."""
    out: list[Label] = []
    for phrase in sorted(load_scheme().phrases, key=lambda p: p.key):
        for text in phrase.labels:
            if not text[:1].isupper():
                continue
            out.append(
                Label(text, phrase.key, phrase.relation, phrase.note == "operative", text == phrase.label)
            )
    return tuple(out)


def weight(label: Label, counts: dict[str, int]) -> float:
    """Count in the corpus plus the smoothing of its label kind."""
    return counts.get(label.text, 0) + (PREF_WEIGHT if label.preferred else ALT_WEIGHT)


_OPENING_CONTEXT = r"(?:(?<=\n)|(?<=^)|(?<=, )|(?<=; )|(?<=: )|(?<=\d\. )|(?<=\*))"


def _opening_regex(texts: Iterable[str]) -> re.Pattern[str]:
    alts = sorted(set(texts), key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
    return re.compile(_OPENING_CONTEXT + r"\*?(" + body + r")\*?(?=[\s,])", re.MULTILINE)


def _flatten(raw: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", raw)


def count_openings(texts: Iterable[str], inventory: Iterable[Label] | None = None) -> Counter[str]:
    """Distinct paragraphs opening with each label (a paragraph seen in two copies counts once)."""
    pattern = _opening_regex(lb.text for lb in (inventory or labels()))
    seen: set[tuple[str, str]] = set()
    counts: Counter[str] = Counter()
    for raw in texts:
        text = _flatten(raw)
        for m in pattern.finditer(text):
            phrase = re.sub(r"\s+", " ", m.group(1))
            follow = re.sub(r"\s+", " ", text[m.end() : m.end() + 200]).strip()[:60]
            if (phrase, follow) not in seen:
                seen.add((phrase, follow))
                counts[phrase] += 1
    return counts


def count_gold_phrases(gold_files: Iterable[Path], inventory: Iterable[Label] | None = None) -> Counter[str]:
    """Gold citations per opening label, for labels of the scheme."""
    known = {lb.text for lb in (inventory or labels())}
    counts: Counter[str] = Counter()
    for path in gold_files:
        for cit in json.loads(path.read_text(encoding="utf-8")).get("citations", []):
            if cit.get("phrase") in known:
                counts[cit["phrase"]] += 1
    return counts


def count_gold_instruments(gold_files: Iterable[Path]) -> Counter[str]:
    """Gold citations per instrument key: how often real texts cite each instrument."""
    counts: Counter[str] = Counter()
    for path in gold_files:
        for cit in json.loads(path.read_text(encoding="utf-8")).get("citations", []):
            if cit.get("target_kind") == "instrument":
                counts[cit["target"]] += 1
    return counts


def paragraph_lengths(texts: Iterable[str], inventory: Iterable[Label] | None = None) -> dict[str, list[int]]:
    """Words per whole paragraph by kind, from one opening to the next within one fragment.

    A paragraph cut by a gap marker ("[...]"), a footnote rule or a run of blank lines is left out,
    so only whole paragraphs shape the distribution; repeated copies count once.
    """
    chosen = list(inventory or labels())
    operative = {lb.text: lb.operative for lb in chosen}
    pattern = _opening_regex(operative)
    out: dict[str, list[int]] = {"preambular": [], "operative": []}
    seen: set[str] = set()
    for raw in texts:
        text = _flatten(raw)
        starts = [(m.start(), re.sub(r"\s+", " ", m.group(1))) for m in pattern.finditer(text)]
        for (start, phrase), (end, _) in itertools.pairwise(starts):
            chunk = text[start:end]
            if "[...]" in chunk or "____" in chunk or "\n\n\n" in chunk:
                continue
            words = re.sub(r"\s+\d+\.\s*$", "", chunk.strip()).split()
            key = " ".join(words[:12])
            if key in seen:
                continue
            seen.add(key)
            out["operative" if operative[phrase] else "preambular"].append(len(words))
    return {k: sorted(v) for k, v in out.items()}


# ------------------------------------------------------------------ what the writer draws from


Form = Literal["np", "that", "np_or_that", "addressee_to", "to_addressee_to", "decides"]
_ADDRESSEE_RELATIONS = {"urges", "callsUpon", "invites", "requests", "encourages", "appeals", "authorizes"}
_NP_RELATIONS = {
    "welcomes", "takesNoteOf", "callsFor", "commends", "supports", "endorses", "recalls", "reaffirms",
    "guidedBy", "reiterates",
}  # fmt: skip
# Verbs whose object the generic templates would make absurd ("Condemns the progress achieved");
# none of them opens a paragraph in the real corpus, so leaving them out keeps its proportions.
_UNUSED_RELATIONS = {"condemns", "approves", "adopts"}
_CITING_RELATIONS = {
    "recalls", "reaffirms", "takesNoteOf", "welcomes", "bearsInMind", "guidedBy", "reiterates", "notes",
    "acknowledges", "highlights", "underlines", "emphasizes", "stresses", "recognizes", "endorses",
    "supports", "commends",
}  # fmt: skip
_NOUN_ENDINGS: dict[str, Form | None] = {
    "request": "to_addressee_to", "invitation": "to_addressee_to", "call": "to_addressee_to",
    "appeal": "to_addressee_to", "concern": "that", "commitment": None, "solidarity": None,
    "importance": None, "terms": None, "condemnation": None, "seized": None, "about": "np",
    "satisfaction": "np", "interest": "np", "account": "np", "consideration": "np", "regard": "np",
    "particular": "np_or_that", "again": "np_or_that", "also": None, "further": None,
}  # fmt: skip


def clause_form(label: Label) -> Form | None:
    """How a paragraph opening with ``label`` continues; None for labels the templates cannot follow."""
    words = label.text.split()
    last = words[-1]
    if label.relation in _UNUSED_RELATIONS:
        return None
    for adverb in ("also", "further", "furthermore"):
        if last == adverb and len(words) > 1:
            return clause_form(Label(" ".join(words[:-1]), label.key, label.relation, label.operative, False))
    if last in ("of", "by", "for", "with"):
        return "np"
    if last in ("upon", "on"):
        return "addressee_to" if label.operative else None
    if last == "to":
        return "addressee_to" if label.operative else "np"
    if last == "appreciation":
        return "np" if not words[0].startswith("Express") else None
    if last in _NOUN_ENDINGS:
        return _NOUN_ENDINGS[last]
    if label.relation == "decides":
        return "decides" if len(words) == 1 else None
    if label.relation in _ADDRESSEE_RELATIONS:
        return "addressee_to" if label.operative else "np"
    if label.relation in _NP_RELATIONS:
        return "np"
    if last.endswith(("ed", "ful", "ant", "ous", "are")) or last in ("Aware", "Mindful"):
        return "that"
    return "np_or_that"


@dataclass(frozen=True)
class Choice:
    """Labels and their cumulative weights, for fast weighted draws."""

    labels: tuple[Label, ...]
    cum: tuple[float, ...]

    def draw(self, rng: random.Random) -> Label:
        return self.labels[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


def _choice(pairs: Sequence[tuple[Label, float]]) -> Choice:
    total = 0.0
    cum: list[float] = []
    for _, w in pairs:
        total += w
        cum.append(total)
    return Choice(tuple(p for p, _ in pairs), tuple(cum))


@dataclass(frozen=True)
class Vocabulary:
    """Weighted label pools and registry entities, built once per process."""

    pre_generic: Choice
    pre_citing: Choice
    op_generic: Choice
    op_citing: Choice
    instruments: tuple[Entry, ...]
    instrument_cum: tuple[float, ...]
    treaties: tuple[Entry, ...]  # instruments States become parties to
    bodies: tuple[Entry, ...]
    events: tuple[Entry, ...]
    forms: dict[str, Form]
    embedded: tuple[tuple[str, str], ...]  # ("reaffirming in particular", "reaffirms")
    pre_pool: prose.ClausePool
    op_pool: prose.ClausePool
    decides: Label
    addressee_bodies: tuple[Entry, ...]
    shared_adoptions: frozenset[str]  # resolutions that adopted more than one instrument
    report_authors: tuple[Entry, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    forms: dict[str, Form] = {}
    usable: list[Label] = []
    for lb in labels():
        form = clause_form(lb)
        if form is not None:
            forms[lb.text] = form
            usable.append(lb)
    pre = [lb for lb in usable if not lb.operative]
    op = [lb for lb in usable if lb.operative]

    def citing(lb: Label) -> bool:
        return lb.relation in _CITING_RELATIONS and forms[lb.text] in ("np", "np_or_that")

    registry = load_registry()
    instruments = tuple(sorted(registry.of_kind("instrument"), key=lambda e: e.key))
    cum: list[float] = []
    total = 0.0
    for e in instruments:
        total += INSTRUMENT_COUNTS.get(e.key, 0) + 1
        cum.append(total)
    bodies = tuple(
        e
        for e in sorted(registry.of_kind("body"), key=lambda e: e.key)
        if e.key not in BODY_NAMES and e.key != "SC"
    )
    adoptions: dict[str, set[str]] = {}  # adopting resolution -> instruments it adopted
    for e in instruments:
        for f in e.facts_named("adopted_by"):
            adoptions.setdefault(str(f.value), set()).add(e.key)
    scheme_relation = {lb.text.lower(): lb.relation for lb in labels()}
    embedded = tuple(
        (v, scheme_relation[v])
        for v in (
            "recalling",
            "reaffirming",
            "reaffirming in particular",
            "recalling in particular",
            "welcoming",
        )
        if v in scheme_relation
    )
    return Vocabulary(
        pre_generic=_choice([(lb, weight(lb, TEXT_COUNTS)) for lb in pre]),
        pre_citing=_choice([(lb, weight(lb, GOLD_COUNTS)) for lb in pre if citing(lb)]),
        op_generic=_choice([(lb, weight(lb, TEXT_COUNTS)) for lb in op]),
        op_citing=_choice(
            [(lb, weight(lb, GOLD_COUNTS)) for lb in op if citing(lb) or forms[lb.text] == "addressee_to"]
        ),
        instruments=instruments,
        instrument_cum=tuple(cum),
        treaties=tuple(e for e in instruments if e.type in ("Treaty", "Convention", "Protocol")),
        bodies=bodies,
        events=tuple(sorted(registry.of_kind("event"), key=lambda e: e.key)),
        forms=forms,
        embedded=embedded,
        pre_pool=prose.ClausePool(PREAMBULAR_WORDS, "tipkg-synth-preambular"),
        op_pool=prose.ClausePool(OPERATIVE_WORDS, "tipkg-synth-operative"),
        decides=next(lb for lb in labels() if lb.text == "Decides"),
        addressee_bodies=tuple(e for e in bodies if e.key in ("SG", "UNODC", "SR-TIP", "ICAT", "OHCHR")),
        report_authors=tuple(e for e in bodies if e.key in ("SG", "SR-TIP", "UNODC-ED")),
        shared_adoptions=frozenset(s for s, keys in adoptions.items() if len(keys) > 1),
    )


def entity_name(entry: Entry) -> str:
    """How the text names a registry entry after "the": its label, an event's with a lower-case
    first letter; a label with a colon ("Transforming our world: the 2030 Agenda ...") is a
    title that prose does not use, so its first alias without an article stands in for it."""
    name = entry.label
    if ":" in name:
        name = next((a for a in entry.aliases if not a.lower().startswith("the ")), name)
    if entry.kind == "event":
        return name[0].lower() + name[1:]
    return name


def footnote_text(
    entry: Entry, previous_unts: bool, shared: frozenset[str]
) -> tuple[str, tuple[int, int] | None] | None:
    """Footnote for an instrument from its registry facts, or None when the registry gives none.

    UNTS volume and registration number when known ("Ibid." after another UNTS footnote); else the
    General Assembly resolution that adopted it, unless that resolution adopted several instruments
    (``shared``), where the footnote would not say which one is meant.
    """
    vol, reg = entry.fact("unts_volume"), entry.fact("unts_registration")
    if vol is not None and reg is not None:
        head = "Ibid.," if previous_unts else "United Nations, Treaty Series,"
        return f"{head} vol. {vol.value}, No. {reg.value}.", (int(vol.value), int(reg.value))
    adopted_by = entry.fact("adopted_by")
    if adopted_by is not None:
        symbol = str(adopted_by.value)
        if symbol.startswith("A/RES/") and symbol not in shared:
            return f"See resolution {symbol[len('A/RES/') :]}.", None
    return None
