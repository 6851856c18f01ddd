"""Addressees of operative verbs: "Urges all States …", "Invites Governments, … and civil society to …".

The addressee phrase runs from the verb to the infinitive that says what is asked ("to consider"),
a "that" clause or the end of the clause; actor groups in it become ``Target(kind="actor")`` with
the keys below (``id:actor/<key>``), named bodies become body targets.
"""

from __future__ import annotations

import re

from tipkg.loaders.model import Target
from tipkg.loaders.registry.model import Registry

#: Relations whose verbs take addressees.
ADDRESSEE_RELATIONS = frozenset(
    {"urges", "callsUpon", "invites", "requests", "encourages", "appeals", "commends", "authorizes"}
)
#: Phrases that address someone although their relation does not ("Reminds States of …",
#: "Reiterates its call upon States", "Renews its request to …").
ADDRESSEE_PHRASE = re.compile(r"^(?:Reminds|.*\b(?:call|request|invitation|appeal))\b", re.IGNORECASE)

#: Actor groups, most specific first: (key, pattern).
ACTORS: list[tuple[str, re.Pattern[str]]] = [
    (k, re.compile(p))
    for k, p in [
        ("member-states", r"\bStates\s+Members\s+of\s+the\s+United\s+Nations\b|\bMember\s+States\b"),
        ("states-parties", r"\bStates\s+[Pp]arties\b"),
        ("states", r"\b(?:all|other|those|the)?\s*States\b"),
        ("governments", r"\b(?:all\s+)?Governments\b"),
        ("civil-society", r"\bcivil\s+society\b"),
        ("ngos", r"\bnon-?\s?governmental\s+organizations\b"),
        (
            "international-organizations",
            r"\b(?:regional\s+and\s+international|international\s+and\s+regional|intergovernmental|international|"
            r"regional|subregional)\s+(?:and\s+[a-z\-]+\s+)?(?:organizations|bodies)\b",
        ),
        ("un-system", r"\bUnited\s+Nations\s+system\b"),
        ("un-entities", r"\bUnited\s+Nations\s+(?:entities|agencies|bodies|funds\s+and\s+programmes)\b"),
        ("private-sector", r"\bprivate\s+sector\b"),
        ("international-community", r"\binternational\s+community\b"),
        ("donors", r"\bdonors?\b(?:\s+countries)?"),
    ]
]
# A word every match of each actor pattern holds: a window without it skips that pattern (each
# opens with \b, so the engine would try it at every position of the window).
_ACTOR_WORDS: dict[str, tuple[str, ...]] = {
    "member-states": ("States",),
    "states-parties": ("States",),
    "states": ("States",),
    "governments": ("Governments",),
    "civil-society": ("civil",),
    "ngos": ("governmental",),
    "international-organizations": ("organizations", "bodies"),
    "un-system": ("system",),
    "un-entities": ("United",),
    "private-sector": ("private",),
    "international-community": ("community",),
    "donors": ("donor",),
}
_DETERMINERS = (
    r"the|all|an?|its|their|those|these|member|relevant|other|states?|governments?|civil|regional|international|"
    r"non-governmental|such|each|any|both|further|in|that"
)
_END = re.compile(
    r",?\s+to\s+(?!(?:" + _DETERMINERS + r")\b)(?=[a-z])|[;:.]|\s+that\b|\s+for\s+(?:its|their)\b"
)


def addressees(work: str, verb_end: int, limit: int, registry: Registry | None) -> list[Target]:
    """Actors and bodies addressed by the verb ending at ``verb_end``."""
    stop = min(limit, verb_end + 300)
    m = _END.search(work, verb_end, stop)
    end = m.start() if m else stop
    window = work[verb_end:end]
    found: list[tuple[int, int, Target]] = []
    if registry is not None:
        for bm in registry.find_all(window):
            if bm.entry.kind == "body":
                found.append((bm.start, bm.end, Target("body", bm.entry.key)))
    for key, pattern in ACTORS:
        if not any(word in window for word in _ACTOR_WORDS[key]):
            continue
        for am in pattern.finditer(window):
            if any(am.start() < e and s < am.end() for s, e, _ in found):
                continue
            found.append((am.start(), am.end(), Target("actor", key)))
    found.sort(key=lambda f: f[0])
    out: list[Target] = []
    for _, _, t in found:
        if t not in out:
            out.append(t)
    return out
