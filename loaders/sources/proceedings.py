"""A document's subjects and proceedings: the file's ``<meta>`` merged with the UN's metadata record.

The file is the text as the UN marked it up; the record (:mod:`.data_extract`) is the repository's
catalogue entry for it. Each says things the other does not: the files of the General Assembly
give the vote's counts, the records the Member States by name; a Security Council draft that was
not adopted has no record at all, and its file alone says how it was voted down. So:

* subjects: the file's concepts with their IRIs, then the record's UNBIS Thesaurus headings and
  SDGs that the file does not already give;
* counts and names of a vote, draft, committee report and meeting record: the file's where it states
  them, else the record's; sponsors: the record's clean list, else the file's;
* committee, agenda item title: the record's; adoption type: the record's as written, else the
  file's voting outcome.

Where the two disagree on the symbol, the adoption date, the title or a count, the document gets one
notice line naming the record and each difference; a document of a kind the records cover but
missing from them gets one too. Member States are linked to the registry's State of that name
(``Registry.state``); a name it does not know keeps its spelling (an unregistered State node).
"""

from __future__ import annotations

import re
import unicodedata

from tipkg.loaders.model import Document, Proceedings, State, Subject, Vote
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.akn_meta import AknMeta, first_symbol, meeting_record
from tipkg.loaders.sources.data_extract import Found, Record

SDG = "http://metadata.un.org/sdg/"
#: a sponsor entry that names no State ("SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY")
_NO_STATE = re.compile(r"(?i)^(?:submitted|introduced|sponsored|on behalf|in its capacity)\b")
#: a State sponsoring on behalf of others or in a capacity: "GUINEA (ON BEHALF OF …)", "NIGERIA, ON BEHALF OF …"
_QUALIFIED = re.compile(r"(?i)^(.+?)(?:\s*,\s*|\s*\(\s*)(?:on behalf of|in its capacity)\b")
_VOTES = (("inFavour", "MS_in_favour"), ("against", "MS_against"), ("abstaining", "MS_abstaining"))


def attach(doc: Document, meta: AknMeta, found: Found, registry: Registry | None) -> None:
    """Set ``doc.subjects`` and ``doc.proceedings``; add the disagreement notice, if any."""
    record = found.record
    doc.subjects = _subjects(meta, record)
    doc.proceedings = _proceedings(doc, meta, record, registry)
    if record is None:
        if found.covered and found.folder:
            doc.notices.append(f"no metadata record for {doc.symbol} in {found.folder}")
        return
    if record.text("agenda_item") and not doc.agenda_item:
        doc.agenda_item = record.text("agenda_item")
    differences = _differences(doc, meta, record, found.exact)
    if differences:
        doc.notices.append(
            f"metadata record {record.where} disagrees with the file: {'; '.join(differences)}"
        )


def _subjects(meta: AknMeta, record: Record | None) -> list[Subject]:
    out = list(meta.subjects)
    if record is None:
        return out
    iris = {s.iri for s in out if s.iri}
    labels = {_plain(s.label) for s in out}
    for number in record.names("SDGs"):
        iri = f"{SDG}{number}"
        if number.isdigit() and iri not in iris:
            iris.add(iri)
            out.append(Subject(f"SDG {number}", "SDG", iri))
    for label, vocabulary in record.pairs("subjects"):
        if vocabulary in ("UNBIS Thesaurus", "UNBIS") and label and _plain(label) not in labels:
            labels.add(_plain(label))
            out.append(Subject(label, "UNBIS Thesaurus"))
    return out


def _proceedings(
    doc: Document, meta: AknMeta, record: Record | None, registry: Registry | None
) -> Proceedings:
    rec_draft, rec_report = _originating(record)
    rec_sponsors = record.names("sponsors") if record else []
    rec_additional = record.names("additional_sponsors") if record else []
    sponsors, notes = _sponsors(rec_sponsors or meta.sponsors, registry)
    additional, more = _sponsors(rec_additional or meta.additional_sponsors, registry)
    adoption_type = (record.text("adoption_type") if record else None) or meta.voting_outcome
    if meta.not_adopted:
        adoption_type = adoption_type or meta.not_adopted
    adopted: bool | None = None
    if meta.not_adopted:
        adopted = False
    elif doc.doc_type != "draft" and (record is not None or meta.voting_outcome or meta.adopted_step):
        adopted = True
    return Proceedings(
        adoption_type=adoption_type,
        adopted=adopted,
        vote=_vote(meta, record, registry),
        meeting_record=meta.meeting_record or _record_meeting(record),
        draft=meta.draft or rec_draft,
        report=meta.report or rec_report,
        committee=record.text("committee") if record else None,
        agenda_item_title=record.text("agenda_item_name") if record else None,
        sponsors=sponsors,
        additional_sponsors=additional,
        sponsor_notes=notes + more,
        record=record.where if record else None,
    )


def _originating(record: Record | None) -> tuple[str | None, str | None]:
    """(draft, report) the record names: SC's draft_resolution; GA's and ECOSOC's originating
    document, a draft when its symbol is an L. document, else the report that recommended it."""
    if record is None:
        return None, None
    draft = first_symbol(record.text("draft_resolution") or "")
    origin = first_symbol(record.text("originating_document") or "")
    if origin and "/L." in origin:
        return draft or origin, None
    return draft, origin


def _record_meeting(record: Record | None) -> str | None:
    if record is None:
        return None
    for key in ("pv", "outcome_letter", "sr"):
        symbol = meeting_record(record.text(key) or "")
        if symbol:
            return symbol
    return None


def _vote(meta: AknMeta, record: Record | None, registry: Registry | None) -> Vote | None:
    """The file's counts and names, else the record's when it records a vote (lists or counts > 0)."""
    names: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for which, field_name in _VOTES:
        listed = meta.voters.get(which) or (record.names(field_name) if record else [])
        if listed:
            names[which] = listed
        count = meta.counts.get(which)
        if count is None and record is not None:
            count = record.count(f"{field_name}_count")
        if count is not None:
            counts[which] = count
    if not names and not any(counts.values()) and not meta.counts:
        return None
    return Vote(
        in_favour=[state(n, registry) for n in names.get("inFavour", [])],
        against=[state(n, registry) for n in names.get("against", [])],
        abstaining=[state(n, registry) for n in names.get("abstaining", [])],
        in_favour_count=counts.get("inFavour"),
        against_count=counts.get("against"),
        abstaining_count=counts.get("abstaining"),
    )


def _sponsors(entries: list[str], registry: Registry | None) -> tuple[list[State], list[str]]:
    """The States of a sponsor list, and the entries that say more than a State's name."""
    states: list[State] = []
    notes: list[str] = []
    for entry in entries:
        if _NO_STATE.match(entry):
            notes.append(entry)
            continue
        qualified = _QUALIFIED.match(entry)
        if qualified:
            notes.append(entry)
            entry = qualified.group(1).strip()
        states.append(state(entry, registry))
    one = {(s.key or s.name): s for s in reversed(states)}  # "GUINEA (ON BEHALF OF …)", "Guinea": one
    return [s for s in states if one[s.key or s.name] is s], notes


def state(name: str, registry: Registry | None) -> State:
    """A State by name, with the key of the registry's State (``Registry.state``: any case, "the",
    qualifiers) when the registry knows the name."""
    entry = registry.state(name) if registry is not None else None
    return State(name, entry.key if entry is not None else None)


def _differences(doc: Document, meta: AknMeta, record: Record, exact: bool) -> list[str]:
    out: list[str] = []
    symbol = record.text("symbol")
    if symbol and not exact:
        out.append(f"symbol {doc.symbol} (file) vs {symbol} (record)")
    date = record.date()
    if date and doc.date and date != doc.date:
        out.append(f"adoption date {doc.date} (file) vs {date} (record)")
    title = record.text("title")  # the records' titles are English
    english = (doc.language or "eng").lower() in ("eng", "en")
    if title and doc.title and english and _plain(title) != _plain(doc.title):
        out.append(f"title {doc.title!r} (file) vs {title!r} (record)")
    for which, field_name in _VOTES:
        mine, theirs = meta.counts.get(which), record.count(f"{field_name}_count")
        listed = record.names(field_name)
        if mine is not None and theirs is not None and listed and mine != theirs:
            out.append(f"{which} {mine} (file) vs {theirs} (record)")
    return out


def _plain(text: str) -> str:
    """Text compared loosely: accents, case, quotes, dashes, underscores and final stops aside."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[_\s]+", " ", re.sub(r"[\"'`]", "", text.replace("-", " "))).strip(" .")
    return text.casefold()
