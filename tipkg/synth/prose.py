"""Generic sentence material for synthetic resolutions, in the project's own wording.

Nothing here is UN text: the fragments are plain policy vocabulary combined at random, so a
synthetic paragraph reads like a resolution without quoting one or stating any fact. The fragments
avoid every opening phrase of ontology/phrases.ttl after a comma or "and" (the loader would read it
as an embedded citing verb) and every name of the registry (it would be linked as a mention), so
what a synthetic document cites and mentions is exactly what the generator recorded.
"""

from __future__ import annotations

import random

SUBJECTS = (
    "national authorities",
    "the international community",
    "regional organizations",
    "countries of origin, transit and destination",
    "law enforcement agencies",
    "labour inspectorates",
    "local communities",
    "specialized service providers",
    "the private sector",
    "parliaments",
)
MODALS = ("should", "could", "must continue to", "can", "ought to", "may")  # agree with any subject
VERBS = (
    "strengthen",
    "improve",
    "support",
    "coordinate",
    "expand",
    "review",
    "promote",
    "develop",
    "sustain",
    "reinforce",
    "monitor",
    "evaluate",
    "finance",
    "prioritize",
)
OBJECTS = (
    "the early identification of victims of trafficking in persons",
    "the collection and analysis of data on trafficking in persons",
    "cooperation between law enforcement agencies across borders",
    "protection and assistance services for survivors",
    "awareness campaigns in communities at risk",
    "training for frontline officials",
    "access to legal aid for victims",
    "the investigation and prosecution of traffickers",
    "measures that reduce the demand fostering exploitation",
    "safe and regular channels of labour migration",
    "shelters and psychosocial care",
    "the screening of supply chains for forced labour",
    "national referral mechanisms",
    "financial investigations into the proceeds of trafficking",
    "child protection systems",
    "the participation of survivors in policymaking",
    "the recovery and reintegration of survivors",
    "the detection of trafficking in online environments",
    "the protection of witnesses in criminal proceedings",
    "education and employment opportunities for persons at risk",
)
QUALIFIERS = (
    "in particular for women and children",
    "with full respect for human rights",
    "at the national, regional and international levels",
    "through the exchange of good practices",
    "in cooperation with relevant partners",
    "within existing resources",
    "on a sustained basis",
    "as a matter of priority",
    "in a gender- and age-sensitive manner",
    "so that no survivor is left without support",
    "with due attention to persons in vulnerable situations",
    "in both rural and urban areas",
    "before, during and after criminal proceedings",
    "with adequate and predictable funding",
    "in line with domestic law",
)
NP_HEADS = (
    "the efforts made to improve",
    "the progress achieved in",
    "the work undertaken to strengthen",
    "the importance of",
    "the persistent gaps in",
    "the contribution of partnerships to",
    "the need for sustained investment in",
    "the commitments made with regard to",
)
SUB_ITEMS = (
    "Appropriate and safe housing",
    "Information on legal rights in a language that the person understands",
    "Medical, psychological and material assistance",
    "Employment, education and training opportunities",
    "Access to remedies, including compensation",
    "Interpretation and translation services",
    "Specialized support for children",
    "Follow-up after return to the country of origin",
)
TITLE_GERUNDS = ("Strengthening", "Improving", "Coordinating", "Promoting", "Sustaining", "Expanding")
TITLE_OBJECTS = (
    "cooperation against trafficking in persons",
    "the protection of victims of trafficking in persons",
    "data and research on trafficking in persons",
    "prevention of trafficking in persons",
    "responses to trafficking in persons in situations of crisis",
    "support for survivors of trafficking in persons",
    "the prosecution of trafficking in persons",
)
TOPICS = (
    "trafficking in persons",
    "the protection of victims of trafficking",
    "prevention of trafficking in persons",
    "trafficking in women and girls",
    "trafficking in persons for the purpose of forced labour",
)


# Pools built once (no randomness: every combination), so a clause costs one draw per piece.
ACTIONS: tuple[str, ...] = tuple(f"{v} {o}" for v in VERBS for o in OBJECTS)
STATEMENTS: tuple[str, ...] = tuple(f"{s} {m} {a}" for s in SUBJECTS for m in MODALS for a in ACTIONS)
NOUN_PHRASES: tuple[str, ...] = tuple(f"{h} {o}" for h in NP_HEADS for o in OBJECTS)
_EXT_TEXT: tuple[str, ...] = (
    tuple(", " + q for q in QUALIFIERS for _ in range(12))
    + tuple(", and to " + a for a in ACTIONS)
    + tuple(", while " + s for s in random.Random("tipkg-synth-while").sample(STATEMENTS, 240))
    + tuple(", including " + o for o in OBJECTS for _ in range(4))
)
EXTENSIONS: tuple[tuple[str, int], ...] = tuple((t, len(t.split())) for t in _EXT_TEXT)
# After a "that" clause an infinitive ("and to ...") does not parse: statements grow without it.
STATEMENT_EXTENSIONS: tuple[tuple[str, int], ...] = tuple(
    e for e in EXTENSIONS if not e[0].startswith(", and to ")
)


def title(rng: random.Random) -> str:
    return f"{pick(rng, TITLE_GERUNDS)} {pick(rng, TITLE_OBJECTS)}"


def pick(rng: random.Random, pool: tuple[str, ...]) -> str:
    """One element of ``pool``: a single float draw (faster than ``rng.choice``)."""
    return pool[int(rng.random() * len(pool))]


def grow(
    rng: random.Random, text: str, words: int, extensions: tuple[tuple[str, int], ...] = EXTENSIONS
) -> str:
    """Extend a clause to about ``words`` words with qualifiers and linked clauses."""
    count = text.count(" ") + 1
    rand = rng.random
    n = len(extensions)
    pieces = [text]
    last = ""
    while count < words:
        piece, k = extensions[int(rand() * n)]
        if piece is last:
            continue
        pieces.append(piece)
        last = piece
        count += k
    return "".join(pieces)


def action(rng: random.Random, words: int) -> str:
    """Infinitive clause without "to": "strengthen training for frontline officials, ..."."""
    return grow(rng, pick(rng, ACTIONS), words)


def statement(rng: random.Random, words: int) -> str:
    """A "that" clause body: "national authorities should improve ..."."""
    return grow(rng, pick(rng, STATEMENTS), words, STATEMENT_EXTENSIONS)


def noun_phrase(rng: random.Random, words: int) -> str:
    """A noun phrase: "the progress achieved in national referral mechanisms, ..."."""
    return grow(rng, pick(rng, NOUN_PHRASES), words)


class ClausePool:
    """Clauses built once whose lengths follow a distribution, so drawing one costs a single number.

    ``lengths`` is a sample of paragraph lengths in words (the real ones); each length gets
    ``variants`` clauses of every kind, jittered by up to 15 %, so a uniform draw from the pool
    follows the sample's distribution.
    """

    def __init__(self, lengths: tuple[int, ...], seed: str, variants: int = 48) -> None:
        rng = random.Random(seed)
        makers = {"np": noun_phrase, "that": statement, "action": action}
        self._pools: dict[str, tuple[str, ...]] = {
            kind: tuple(
                make(rng, max(6, int(n * (0.85 + 0.3 * rng.random()))))
                for n in lengths
                for _ in range(variants)
            )
            for kind, make in makers.items()
        }

    def draw(self, rng: random.Random, kind: str) -> str:
        """A clause of ``kind``: "np" (noun phrase), "that" (clause body) or "action" (after "to")."""
        pool = self._pools[kind]
        return pool[int(rng.random() * len(pool))]
