"""Names of bodies and events the registry does not know, found by the shape of the name.

A UN text names its bodies and meetings in a few recurring shapes; what the registry's aliases do not
cover is kept (one node per distinct name across the corpus), not dropped. A name is read around a
capitalised *head* word:

* a head followed by its complement: "the Committee on …", "the Special Rapporteur on …", "the
  Department of …", "the Office of/for …", "the Working Group on …", "the Independent Expert on …",
  "the Special Representative of the Secretary-General on/for …", "the International Day of/for …",
  "the … Conference on …", "the United Nations Mission in …";
* capitalised words before a head: "the United Nations Environment Assembly", "the World Urban Forum",
  "the Fifteenth United Nations Congress …", "the Pacific Islands Forum Secretariat";
* the high-level meetings, special sessions and dialogues UN texts write in lower case: "the
  high-level meeting of the General Assembly on …", "the thirtieth special session of …";
* "… established pursuant to resolution 1533 (2004) concerning …" after a committee, panel or group.

The complement runs over the words a title is made of ("the situation of human rights in Mali",
"extrajudicial, summary or arbitrary executions", "violence against women, its causes and
consequences") and stops where the sentence goes on: punctuation, a verb ("to continue",
"requests", "has"), "and the …", a date, a parenthesis. A registry name inside it is one word of
it ("the Special Representative of the Secretary-General for Haiti"). A head that is only generic
("the Committee", "the Working Group", "the Special Rapporteur") is no name.

Only text no registry name covers is read: a head inside a registry name is that name's, and the
words before a head never reach back into one. The key of a name is
:func:`tipkg.loaders.unregistered.normalise`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tipkg.loaders.registry.model import Registry
from tipkg.loaders.unregistered import UnregisteredKind, UnregisteredName, normalise

# ----------------------------------------------------------------------------------- heads

#: Capitalised heads of the names of bodies, offices, posts and mechanisms.
BODY_HEADS = frozenset(
    [
        "Committee",
        "Subcommittee",
        "Sub-Commission",
        "Commission",
        "Council",
        "Board",
        "Assembly",
        "Office",
        "Department",
        "Division",
        "Unit",
        "Section",
        "Service",
        "Secretariat",
        "Fund",
        "Programme",
        "Program",
        "Agency",
        "Institute",
        "Entity",
        "Centre",
        "Center",
        "Mission",
        "Force",
        "Operation",
        "Panel",
        "Group",
        "Team",
        "Network",
        "Mechanism",
        "Platform",
        "Tribunal",
        "Court",
        "Forum",
        "Facility",
        "Bank",
        "Authority",
        "Registry",
        "Directorate",
        "Observatory",
        "Cluster",
        "Task",
        "Rapporteur",
        "Representative",
        "Expert",
        "Envoy",
        "Adviser",
        "Advisor",
        "Coordinator",
        "Commissioner",
        "Ombudsperson",
        "Advocate",
        "Prosecutor",
        "Under-Secretary-General",
        "Director-General",
    ]
)
#: Capitalised heads of the names of events.
EVENT_HEADS = frozenset(
    ["Conference", "Congress", "Summit", "Meeting", "Day", "Year", "Decade", "Week", "Dialogue", "Symposium"]
)
#: Lower-case heads, names only after one of their modifiers ("high-level meeting").
LOWER_HEADS: dict[str, frozenset[str]] = {
    "meeting": frozenset({"high-level", "commemorative", "ministerial"}),
    "session": frozenset({"special"}),
    "dialogue": frozenset({"high-level", "interactive"}),
    "event": frozenset({"high-level"}),
    "debate": frozenset({"thematic", "high-level"}),
    "summit": frozenset({"high-level"}),
}
#: Posts: a name only with one of these words before the head (or a complement after it).
POST_MODIFIERS: dict[str, frozenset[str]] = {
    "Rapporteur": frozenset({"Special"}),
    "Representative": frozenset({"Special", "High", "Personal", "Executive"}),
    "Expert": frozenset({"Independent"}),
    "Envoy": frozenset({"Special", "Personal"}),
    "Adviser": frozenset({"Special"}),
    "Advisor": frozenset({"Special"}),
    "Coordinator": frozenset({"Special", "Relief"}),
    "Commissioner": frozenset({"High"}),
}
#: Words before a head that do not make a name of it on their own ("the Working Group").
GENERIC_MODIFIERS = frozenset(
    [
        "United",
        "Nations",
        "UN",
        "Working",
        "Expert",
        "Deputy",
        "Acting",
        "Assistant",
        "Advisory",
        "Executive",
        "Special",
        "Independent",
        "High",
        "Ad",
        "Hoc",
        "Open-ended",
        "Intergovernmental",
        "Interim",
        "Standing",
        "Permanent",
        "Regional",
        "National",
        "Joint",
        "Technical",
        "Preparatory",
        "Main",
        "Personal",
        "General",
        "International",
        "World",
        "Global",
        "Sub-regional",
        "Subregional",
        "Country",
        "Relief",
        "Resident",
        "Task",
        "Consultative",
        "Steering",
        "Monitoring",
        "Sanctions",
        "Inter-Agency",
        "Interagency",
        "Coordination",
        "Scientific",
        "Drafting",
        "Organizing",
        "Organising",
        "Credentials",
        "Support",
        "Liaison",
        "Political",
        "Field",
        "Peacekeeping",
        "Ministerial",
        "High-level",
        "First",
        "Second",
        "Third",
        "Fourth",
        "Fifth",
        "Sixth",
        "Seventh",
        "Eighth",
        "Ninth",
        "Tenth",
        "Eleventh",
        "Twelfth",
        "Thirteenth",
        "Fourteenth",
        "Fifteenth",
        "Sixteenth",
        "Seventeenth",
        "Eighteenth",
        "Nineteenth",
        "Twentieth",
    ]
)
#: Capitalised words that open a sentence or determine a noun, never part of a name before a head.
_NOT_MODIFIERS = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "Its",
        "Their",
        "His",
        "Her",
        "All",
        "Each",
        "Both",
        "Other",
        "Such",
        "Any",
        "Every",
        "Several",
        "Some",
        "A",
        "An",
    ]
)
_EVENT_OF_LOWER = frozenset({"meeting", "session", "dialogue", "event", "debate", "summit"})
_ORDINAL = re.compile(
    r"^(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?:first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    r"seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|"
    r"eightieth|ninetieth|hundredth)$|^\d+(?:st|nd|rd|th)$",
    re.IGNORECASE,
)

# ------------------------------------------------------------------------------ complements

#: Words that join the parts of a title.
_CONNECTORS = frozenset(["of", "on", "for", "against", "to", "in", "and", "or", "the", "a", "an"])
#: Lower-case words that end a name: verbs and clause words ("… to continue", "… has", "… which").
_STOPS = frozenset(
    [
        "has",
        "have",
        "had",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "can",
        "could",
        "must",
        "does",
        "do",
        "did",
        "ensures",
        "ensure",
        "continues",
        "continue",
        "requests",
        "request",
        "invites",
        "invite",
        "encourages",
        "encourage",
        "urges",
        "urge",
        "calls",
        "call",
        "notes",
        "note",
        "welcomes",
        "welcome",
        "recalls",
        "recall",
        "decides",
        "decide",
        "stresses",
        "stress",
        "emphasizes",
        "emphasize",
        "recognizes",
        "recognize",
        "reaffirms",
        "reaffirm",
        "underlines",
        "underline",
        "takes",
        "take",
        "expresses",
        "express",
        "acknowledges",
        "acknowledge",
        "commends",
        "commend",
        "supports",
        "support",
        "appreciates",
        "appreciate",
        "looks",
        "look",
        "agrees",
        "agree",
        "affirms",
        "affirm",
        "condemns",
        "condemn",
        "submitted",
        "presented",
        "held",
        "convened",
        "adopted",
        "entitled",
        "contained",
        "mandated",
        "requested",
        "referred",
        "mentioned",
        "noted",
        "decided",
        "organized",
        "organised",
        "established",
        "including",
        "particularly",
        "inter",
        "alia",
        "as",
        "at",
        "with",
        "by",
        "from",
        "that",
        "which",
        "who",
        "whose",
        "where",
        "when",
        "within",
        "through",
        "under",
        "upon",
        "among",
        "between",
        "into",
        "since",
        "until",
        "without",
        "regarding",
        "following",
        "during",
        "via",
        "also",
        "further",
        "thereto",
        "therein",
        "thereof",
        "such",
        "its",
        "his",
        "her",
        "their",
        "this",
        "these",
        "those",
        "all",
        "other",
        "relevant",
        "respective",
        "any",
        "each",
        "both",
        "held",
        "hosted",
        "led",
        "based",
    ]
)
#: "… and the …": what follows "and"/"or" that is another phrase, not the rest of the title.
_AFTER_AND_STOPS = _STOPS | frozenset(["the", "a", "an", "to", "in", "on", "for", "of"])
#: What may follow "in" inside a title when it is not a place: "trafficking in persons".
_IN_LOWER = frozenset({"persons", "conflict", "armed", "law", "practice", "human", "cities"})
#: Words before "to" that keep it in a title: "the right to food", "Parties to the Convention".
_TO_AFTER = frozenset(
    {"right", "rights", "everyone", "parties", "party", "protocol", "protocols", "amendment", "amendments"}
)
_COMMA_STARTERS_NOT = _STOPS | frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "for",
        "of",
        "to",
        "and",
        "or",
        "inter",
        "pursuant",
        "taking",
        "bearing",
        "especially",
        "particularly",
    ]
)
_MAX_TAIL = 30  # words of a complement at most
_ELIDED = re.compile(r"^[a-z][’'][A-Z]")  # "d’Ivoire"
_POSTS = frozenset({"Head", "Chief", "Coordinator", "Representative", "Special", "Deputy", "Resident"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9.\-]+$")
_MONTHS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
#: "the Special Representative of the Secretary-General" and no more: any of them, no name.
_GENERIC_TAIL = re.compile(r"^\s+(?:of|to)\s+the\s+Secretary[\s\-‐‑]*General$")
#: Heads whose complement may be a lower-case title: mandates ("the Special Rapporteur on the right to
#: food"), working groups ("on the use of mercenaries"), meetings ("the high-level meeting on …").
#: The names of organisations are capitalised: "the Council of progress" is no name.
LOWER_TITLE_HEADS = frozenset(
    set(POST_MODIFIERS) | {"Group", "Mechanism", "Forum", "Dialogue", "Meeting"} | set(LOWER_HEADS)
)
#: Complements that make an instrument of a head, not a body: "the Doha Programme of Action".
_INSTRUMENT_TAILS = re.compile(r"\s+(?:of|for)\s+Action\b|\s+of\s+Work\b")
#: Conferences that are bodies: "the Conference of the States Parties to …", "the Conference on Disarmament".
_BODY_CONFERENCE = re.compile(
    r"\s+(?:of\s+(?:the\s+)?(?:States\s+|High\s+Contracting\s+)?Parties|on\s+Disarmament)\b"
)

_WORD = re.compile(r"[^\W\d_](?:[\w’'‘\-‐‑‒]*[^\W_])?|\d+(?:st|nd|rd|th)?|\(\d{4}\)|\S", re.UNICODE)
_ESTABLISHED = re.compile(
    r"\s+(?:established|set\s+up|created|mandated)?\s*(?:pursuant\s+to|by|under)\s+"
    r"(?:(?:Security\s+Council|General\s+Assembly|Council)\s+)?(?:paragraph\s+\d+\s+of\s+)?"
    r"resolutions?\s+\d+\s*(?:\(\d{4}\))?(?:(?:\s*,\s*|\s+and\s+)\d+\s*(?:\(\d{4}\))?)*"
    r"(?:\s+concerning\s+(?:the\s+)?[A-Z][\w’'\-]*"
    r"(?:\s+(?:[A-Z][\w’'()\-]*|(?:(?:of|in)(?:\s+the)?|and)(?=\s+[A-Z])))*)?"
)
_THEME = re.compile(r"\s*[“\"][^”\"\n]{3,150}[”\"]")
_ESTABLISHED_HEADS = frozenset({"Committee", "Panel", "Group", "Team", "Mechanism", "Office", "Subcommittee"})


@dataclass
class _Tok:
    start: int
    end: int
    text: str
    name: bool = False  # a registry name, read as one capitalised word

    @property
    def capital(self) -> bool:
        t = self.text
        return self.name or (t[:1].isupper() and t[:1].isalpha()) or bool(_ELIDED.match(t))

    @property
    def word(self) -> bool:
        return self.name or self.text[:1].isalpha()


def _tokens(chunk: str, covered: list[tuple[int, int]], lo: int = 0, hi: int | None = None) -> list[_Tok]:
    """Words and signs of ``chunk[lo:hi]``; each registry name is one token."""
    out: list[_Tok] = []
    spans = iter(sorted(covered))
    nxt = next(spans, None)
    for m in _WORD.finditer(chunk, lo, len(chunk) if hi is None else hi):
        while nxt is not None and nxt[1] <= m.start():
            nxt = next(spans, None)
        if nxt is not None and nxt[0] < m.end() and m.start() < nxt[1]:
            if out and out[-1].name and out[-1].start == nxt[0]:
                continue
            out.append(_Tok(nxt[0], nxt[1], chunk[nxt[0] : nxt[1]], name=True))
            continue
        out.append(_Tok(m.start(), m.end(), m.group(0)))
    return out


# --------------------------------------------------------------------------------- finding


def find_unregistered(work: str, start: int, end: int, registry: Registry | None) -> list[UnregisteredName]:
    """Names of bodies and events in ``work[start:end]`` that no registry name covers, in text
    order; offsets index ``work`` (and the document text it is a working copy of)."""
    chunk = work[start:end]
    heads = [m.start() for m in _ANY_HEAD.finditer(chunk)]
    if not heads:  # most paragraphs: no head word at all, nothing to read
        return []
    covered = [(m.start, m.end) for m in registry.find_all(chunk)] if registry is not None else []
    first_word = len(chunk) - len(chunk.lstrip())
    found: list[tuple[int, int, UnregisteredKind]] = []
    for lo, hi in _windows(chunk, heads):  # only the words around heads are read (a name is short)
        toks = _tokens(chunk, covered, lo, hi)
        for i in (i for i, t in enumerate(toks) if t.text in _HEAD_WORDS and not t.name):
            got = _name_at(chunk, toks, i, first_word)
            if got is not None:
                found.append(got)
    out: list[UnregisteredName] = []
    last_end = -1
    # longest first among overlapping candidates, then in text order
    for s, e, kind in sorted(found, key=lambda f: (f[0], -f[1])):
        if s < last_end:
            continue
        surface = chunk[s:e]
        key = normalise(surface)
        if not key:
            continue
        out.append(UnregisteredName(kind, key, start + s, start + e, surface))
        last_end = e
    return out


_BEFORE, _AFTER = 300, 900  # characters read around a head: its modifiers, its complement


def _windows(chunk: str, heads: list[int]) -> list[tuple[int, int]]:
    """Disjoint stretches of ``chunk`` around the heads, cut at white space."""
    out: list[tuple[int, int]] = []
    for h in heads:
        lo, hi = max(0, h - _BEFORE), min(len(chunk), h + _AFTER)
        while lo > 0 and not chunk[lo - 1].isspace():
            lo -= 1
        while hi < len(chunk) and not chunk[hi].isspace():
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


_HEAD_WORDS = BODY_HEADS | EVENT_HEADS | frozenset(LOWER_HEADS)
_ANY_HEAD = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(map(re.escape, _HEAD_WORDS), key=len, reverse=True)) + r")(?![\w-])"
)


def _name_at(
    chunk: str, toks: list[_Tok], i: int, first_word: int = 0
) -> tuple[int, int, UnregisteredKind] | None:
    """The name whose head is token ``i``, if it is one: (start, end, kind) in ``chunk``."""
    tok = toks[i]
    if tok.name:
        return None
    text = tok.text
    lower = text in LOWER_HEADS
    if not lower and text not in BODY_HEADS and text not in EVENT_HEADS:
        return None
    kind: UnregisteredKind = "event" if (text in EVENT_HEADS or text in _EVENT_OF_LOWER) else "body"
    first = _left(toks, i, lower, first_word)
    if lower:
        mods = {t.text.lower() for t in toks[first:i]}
        if not mods & LOWER_HEADS[text]:
            return None
    if _INSTRUMENT_TAILS.match(chunk, tok.end):
        return None
    if text in ("Conference", "Meeting") and _BODY_CONFERENCE.match(chunk, tok.end):
        kind = "body"
    modifiers = toks[first:i]
    tail_end = _tail(chunk, toks, i)
    end = toks[tail_end - 1].end
    if text in _ESTABLISHED_HEADS or tail_end > i + 1:
        m = _ESTABLISHED.match(chunk, end)
        if m is not None:
            end = m.end()
    if chunk[max(tok.end, end - 5) : end] == "theme":
        q = _THEME.match(chunk, end)  # "the high-level debate on the theme “…”"
        if q is not None:
            end = q.end()
    has_tail = end > tok.end and not _GENERIC_TAIL.match(chunk[tok.end : end])
    if lower and not has_tail and not (text == "session" and any(_ORDINAL.match(t.text) for t in modifiers)):
        return None  # "the high-level meeting": a back-reference; "the thirtieth special session" is one
    if text in POST_MODIFIERS:
        needed = POST_MODIFIERS[text]
        if not any(t.text in needed for t in modifiers) and not (has_tail and text in ("Coordinator",)):
            return None
        if not has_tail and all(t.text in GENERIC_MODIFIERS for t in modifiers):
            return None
    elif not has_tail and all((t.text in GENERIC_MODIFIERS or _ORDINAL.match(t.text)) for t in modifiers):
        return None  # "the Working Group", "the Commission": no name (all() of nothing is true)
    if toks[first].start > 0 and chunk[toks[first].start - 1] == "[":
        return None  # a template's placeholder: "[relevant UN Mission]"
    return toks[first].start, end, kind


def _left(toks: list[_Tok], i: int, lower: bool, first_word: int = 0) -> int:
    """Index of the first word of the name before head ``i``: capitalised words (and "and"
    between them), a year, an ordinal; for a lower-case head its lower-case modifiers too. Never a
    registry name, the paragraph's first word or a word after a full stop."""
    j = i
    while j > 0:
        prev = toks[j - 1]
        if prev.name or prev.start <= first_word:
            break
        before = toks[j - 2].text if j >= 2 else ""
        if before in (".", ";", ":", "?", "!"):
            break
        t = prev.text
        if lower and (t.lower() in _LOWER_MODIFIERS or _ORDINAL.match(t)):
            j -= 1
            continue
        if t in _NOT_MODIFIERS:
            break
        if prev.capital and prev.word:
            j -= 1
            continue
        if re.fullmatch(r"\d{4}", t) or _ORDINAL.match(t):
            j -= 1
            continue
        if t in ("and", "of") and j >= 2 and toks[j - 2].capital and toks[j].capital and not toks[j - 2].name:
            j -= 1
            continue
        break
    while j < i and toks[j].text in ("and", "of"):
        j += 1
    return j


_LOWER_MODIFIERS = frozenset(
    {"high-level", "commemorative", "ministerial", "plenary", "special", "interactive", "thematic"}
)


def _tail(chunk: str, toks: list[_Tok], i: int) -> int:
    """Index one past the last word of the complement after head ``i`` (``i + 1``: none).

    Connectors join its parts; capitalised words and registry names follow a connector or each
    other; lower-case words make a title only after a head that takes one and a connector. Trailing
    connectors are left out ("… on the" ends at the head)."""
    j = i + 1
    last_content = i + 1  # one past the last word that may end a name
    words = 0
    lowercase_run = False  # inside a lower-case title ("on the sale of children")
    lower_titles = toks[i].text in LOWER_TITLE_HEADS
    while j < len(toks) and words < _MAX_TAIL:
        t, prev = toks[j], toks[j - 1]
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        text = t.text
        if text == ",":
            if not _comma_continues(toks, j):
                break
            j += 1
            continue
        if not t.word:
            break
        if not t.name and text in _CONNECTORS:
            if j == i + 1 and text in ("and", "or", "the", "a", "an"):
                break  # "the Mission and United Nations agencies": another phrase
            if nxt is None or not _connector_continues(text, prev, nxt, toks, j, lowercase_run):
                break
            if j == i + 1 and text == "of" and not lower_titles and not _capitalised_after(toks, j):
                break  # "inform the Council of progress"
            j += 1
            continue
        if t.capital:
            if j == i + 1 or not (prev.capital or prev.text in _CONNECTORS or prev.text == ","):
                break  # a capitalised word straight after the head starts something else
            if nxt is not None and nxt.text == "/":
                break  # a document symbol glued to the name ("… Descent A/77/333")
            lowercase_run = False
        else:
            if text.lower() in _STOPS or not lower_titles:
                break
            if not lowercase_run and prev.text not in _CONNECTORS and prev.text != ",":
                break
            lowercase_run = True
        j += 1
        last_content = j
        words += 1
    return last_content


def _capitalised_after(toks: list[_Tok], j: int) -> bool:
    """Whether the word after connector ``j`` (past "the") is capitalised or a registry name."""
    k = j + 1
    if k < len(toks) and toks[k].text == "the":
        k += 1
    return k < len(toks) and toks[k].capital


def _connector_continues(
    text: str, prev: _Tok, nxt: _Tok, toks: list[_Tok], j: int, lowercase_run: bool
) -> bool:
    """Whether a connector word at ``j`` joins two parts of the title."""
    n = nxt.text
    if not nxt.word:
        return False
    if n in _MONTHS:
        return False  # a date: "in September", "of 28 October"
    if text in ("and", "or"):
        # "Economic, Social and Cultural Rights", "women and children": the same case on both sides;
        # an acronym after "and" is another body ("the Special Representative and UNAMI")
        if nxt.capital:  # "… for Haiti and Head of BINUH": another post
            return not lowercase_run and prev.capital and not (nxt.name or _ACRONYM.match(n) or n in _POSTS)
        return lowercase_run and n.lower() not in _AFTER_AND_STOPS
    if nxt.name:
        return True
    if text in ("the", "a", "an"):
        return n.lower() not in _STOPS
    if n.lower() in _STOPS or n[:1].isdigit():
        return False
    if text == "to":
        if prev.text.lower() in _TO_AFTER:
            return True
        return prev.text in BODY_HEADS and nxt.capital  # "Mission to Somalia"
    if text == "in":
        if nxt.capital:
            return True
        if n == "the":
            after = toks[j + 2] if j + 2 < len(toks) else None
            return after is not None and after.capital
        return n in _IN_LOWER
    if text == "for":
        if nxt.capital:
            return True
        after = toks[j + 2] if j + 2 < len(toks) else None
        return n == "the" and after is not None and after.capital
    return True  # of, on, against


def _comma_continues(toks: list[_Tok], j: int) -> bool:
    """A comma inside a title's enumeration ("racism, racial discrimination, xenophobia and related
    intolerance", "violence against women, its causes and consequences"): the words after it are
    lower case, few, and lead to another comma or to "and"/"or"."""
    k = j + 1
    if k >= len(toks) or not toks[k].word or toks[k].capital:
        return False
    first = toks[k].text
    if first in _COMMA_STARTERS_NOT and first not in ("its", "especially"):
        return False
    n = 0
    while k < len(toks) and n <= 4:
        t = toks[k]
        if t.text in (",",) or t.text in ("and", "or"):
            return n > 0
        if not t.word or t.capital or (t.text in _STOPS and not (n == 0 and t.text in ("its", "especially"))):
            return False
        n += 1
        k += 1
    return False
