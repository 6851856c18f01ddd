"""The words the finder of unregistered names reads by: the heads of names of bodies and events
("Committee", "Conference", "Special Rapporteur"), the modifiers a name may carry, and the words that
end one. Data, kept apart from :mod:`.unregistered` that walks the text with it."""

from __future__ import annotations

import re

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
NOT_MODIFIERS = frozenset(
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
EVENT_OF_LOWER = frozenset({"meeting", "session", "dialogue", "event", "debate", "summit"})
ORDINAL = re.compile(
    r"^(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?:first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    r"seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|"
    r"eightieth|ninetieth|hundredth)$|^\d+(?:st|nd|rd|th)$",
    re.IGNORECASE,
)

# ------------------------------------------------------------------------------ complements

#: Words that join the parts of a title.
CONNECTORS = frozenset(["of", "on", "for", "against", "to", "in", "and", "or", "the", "a", "an"])
#: Lower-case words that end a name: verbs and clause words ("… to continue", "… has", "… which").
STOPS = frozenset(
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
AFTER_AND_STOPS = STOPS | frozenset(["the", "a", "an", "to", "in", "on", "for", "of"])
#: What may follow "in" inside a title when it is not a place: "trafficking in persons".
IN_LOWER = frozenset({"persons", "conflict", "armed", "law", "practice", "human", "cities"})
#: Words before "to" that keep it in a title: "the right to food", "Parties to the Convention".
TO_AFTER = frozenset(
    {"right", "rights", "everyone", "parties", "party", "protocol", "protocols", "amendment", "amendments"}
)
COMMA_STARTERS_NOT = STOPS | frozenset(
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
MAX_TAIL = 30  # words of a complement at most
ELIDED = re.compile(r"^[a-z][’'][A-Z]")  # "d’Ivoire"
POSTS = frozenset({"Head", "Chief", "Coordinator", "Representative", "Special", "Deputy", "Resident"})
ACRONYM = re.compile(r"^[A-Z][A-Z0-9.\-]+$")
MONTHS = frozenset(
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
GENERIC_TAIL = re.compile(r"^\s+(?:of|to)\s+the\s+Secretary[\s\-‐‑]*General$")
#: Heads whose complement may be a lower-case title: mandates ("the Special Rapporteur on the right to
#: food"), working groups ("on the use of mercenaries"), meetings ("the high-level meeting on …").
#: The names of organisations are capitalised: "the Council of progress" is no name.
LOWER_TITLE_HEADS = frozenset(
    set(POST_MODIFIERS) | {"Group", "Mechanism", "Forum", "Dialogue", "Meeting"} | set(LOWER_HEADS)
)
#: Complements that make an instrument of a head, not a body: "the Doha Programme of Action".
INSTRUMENT_TAILS = re.compile(r"\s+(?:of|for)\s+Action\b|\s+of\s+Work\b")
#: Conferences that are bodies: "the Conference of the States Parties to …", "the Conference on Disarmament".
BODY_CONFERENCE = re.compile(
    r"\s+(?:of\s+(?:the\s+)?(?:States\s+|High\s+Contracting\s+)?Parties|on\s+Disarmament)\b"
)

WORD = re.compile(r"[^\W\d_](?:[\w’'‘\-‐‑‒]*[^\W_])?|\d+(?:st|nd|rd|th)?|\(\d{4}\)|\S", re.UNICODE)
ESTABLISHED = re.compile(
    r"\s+(?:established|set\s+up|created|mandated)?\s*(?:pursuant\s+to|by|under)\s+"
    r"(?:(?:Security\s+Council|General\s+Assembly|Council)\s+)?(?:paragraph\s+\d+\s+of\s+)?"
    r"resolutions?\s+\d+\s*(?:\(\d{4}\))?(?:(?:\s*,\s*|\s+and\s+)\d+\s*(?:\(\d{4}\))?)*"
    r"(?:\s+concerning\s+(?:the\s+)?[A-Z][\w’'\-]*"
    r"(?:\s+(?:[A-Z][\w’'()\-]*|(?:(?:of|in)(?:\s+the)?|and)(?=\s+[A-Z])))*)?"
)
THEME = re.compile(r"\s*[“\"][^”\"\n]{3,150}[”\"]")
ESTABLISHED_HEADS = frozenset({"Committee", "Panel", "Group", "Team", "Mechanism", "Office", "Subcommittee"})
