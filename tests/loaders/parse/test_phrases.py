"""The opening-phrase scheme (ontology/phrases.ttl) and its matcher."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from tipkg import ontology
from tipkg.loaders.parse.phrases import _JOINERS, PhraseScheme, load_scheme
from tipkg.loaders.trie import trie_pattern
from tipkg.ontology.namespaces import PHRASE, TIP
from tipkg.ontology.relations import RELATIONS

DATA_MODEL_RELATIONS = set(RELATIONS) - {"condemns", "affirms", "approves", "authorizes", "declares"}
# Relations the scheme adds (listed in docs/data-model.md by this change).
ADDED = {"condemns", "affirms", "approves", "authorizes", "declares", "actsUnder"}

REQUIRED = [
    "Recalling",
    "Recalling also",
    "Recalling further",
    "Reaffirming",
    "Reaffirming also",
    "Taking note of",
    "Taking note with appreciation of",
    "Noting with concern",
    "Welcoming",
    "Bearing in mind",
    "Guided by",
    "Reiterating",
    "Urges",
    "Strongly urges",
    "Calls upon",
    "Invites",
    "Requests",
    "Encourages",
    "Decides",
    "Takes note of",
    "Highlights",
    "Reiterates its request",
    "Expressing deep concern",
    "Recognizing",
    "Emphasizing",
    "Stressing",
    "Underlining",
    "Acknowledging",
    "Convinced",
    "Concerned",
    "Deeply concerned",
    "Alarmed",
    "Mindful",
    "Noting",
    "Notes",
    "Welcomes",
    "Endorses",
    "Supports",
    "Commends",
    "Appeals to",
    "Calls for",
    "Condemns",
    "Expresses",
    "Affirms",
    "Approves",
    "Authorizes",
    "Declares",
    "Reiterates",
    "Also recalling",
    "Further recalling",
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return ontology.load("phrases.ttl")


def test_scheme_has_fifty_concepts_with_labels_notes_and_relations(graph: Graph) -> None:
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 50
    for c in concepts:
        assert str(c).startswith(str(PHRASE))
        assert graph.value(c, SKOS.prefLabel) is not None, c
        assert str(graph.value(c, SKOS.note)) in ("preambular", "operative"), c
        rel = graph.value(c, TIP.relation)
        assert rel is not None and str(rel).startswith(str(TIP)), c
        assert str(rel)[len(str(TIP)) :] in DATA_MODEL_RELATIONS | ADDED, c
        assert (c, SKOS.inScheme, PHRASE.scheme) in graph


def test_required_phrases_are_labels() -> None:
    scheme = load_scheme()
    missing = [p for p in REQUIRED if scheme.lookup(p) is None]
    assert missing == []


def test_labels_are_unique_across_concepts(graph: Graph) -> None:
    """Within one language: a translation may use one word for two English phrases (those pairs are
    one concept's labels, the other concept keeping its own), never one label for two concepts."""
    seen: dict[tuple[str, str], object] = {}
    for c in graph.subjects(RDF.type, SKOS.Concept):
        for label in [*graph.objects(c, SKOS.prefLabel), *graph.objects(c, SKOS.altLabel)]:
            lang = getattr(label, "language", None) or "en"
            norm = " ".join(str(label).lower().split())
            assert seen.setdefault((lang, norm), c) == c, f"{label}@{lang} is a label of two concepts"


@pytest.mark.parametrize(
    ("text", "written", "key", "relation"),
    [
        ("Recalling also the Convention", "Recalling also", "Recalling", "recalls"),
        ("Recalling further its resolution", "Recalling further", "Recalling", "recalls"),
        ("Also recalling that", "Also recalling", "Recalling", "recalls"),
        (
            "Taking note with appreciation also of the report",
            "Taking note with appreciation also of",
            "TakingNoteWithAppreciationOf",
            "takesNoteOf",
        ),
        ("Taking note of the report", "Taking note of", "TakingNoteOf", "takesNoteOf"),
        ("Noting with concern that", "Noting with concern", "NotingWithConcern", "notes"),
        ("Noting that", "Noting", "Noting", "notes"),
        ("*Invites* all States", "Invites", "Invites", "invites"),
        ("*Calls upon* Governments", "Calls upon", "CallsUpon", "callsUpon"),
        (
            "*Reiterates its request* to the Secretary-General",
            "Reiterates its request",
            "Requests",
            "requests",
        ),
        ("Reiterates its strong condemnation", "Reiterates", "Reiterates", "reiterates"),
        ("Strongly urges States", "Strongly urges", "Urges", "urges"),
        ("Bearing\nin mind paragraph 6", "Bearing in mind", "BearingInMind", "bearsInMind"),
        ("Deeply concerned that", "Deeply concerned", "DeeplyConcerned", "expresses"),
        ("Guided by the Charter", "Guided by", "GuidedBy", "guidedBy"),
    ],
)
def test_opening_longest_match(text: str, written: str, key: str, relation: str) -> None:
    m = load_scheme().match_opening(text)
    assert m is not None
    assert (m.written, m.key, m.relation) == (written, key, relation)


def test_opening_requires_capital_and_word_end() -> None:
    scheme = load_scheme()
    assert scheme.match_opening("recalling the Convention") is None
    assert scheme.match_opening("Notes") is not None
    assert scheme.match_opening("Noted that") is None
    assert scheme.match_opening("Recallings") is None
    assert scheme.match_opening("recalling", capitalised=False) is not None


def test_operative_and_preambular_notes() -> None:
    scheme = load_scheme()
    urges = scheme.match_opening("Urges all States")
    recalling = scheme.match_opening("Recalling its resolution")
    assert urges is not None and urges.operative
    assert recalling is not None and not recalling.operative


def test_embedded_clause_verbs() -> None:
    text = (
        "Recalling the Convention, and reaffirming in particular the Protocol, and recalling the "
        "other Convention; noting that this is so, further recalling the Declaration and encourages "
        "States"
    )
    found = [(m.written, m.relation) for m in load_scheme().embedded(text, 10)]
    assert found == [
        ("reaffirming in particular", "reaffirms"),
        ("recalling", "recalls"),
        ("noting", "notes"),
        ("recalling", "recalls"),
        ("encourages", "encourages"),
    ]
    # the spans quote the text
    for m in load_scheme().embedded(text, 10):
        assert re.sub(r"\s+", " ", text[m.start : m.end]).lower() == m.written.lower()


def test_embedded_ignores_capitalised_and_unjoined_words() -> None:
    scheme = load_scheme()
    assert scheme.embedded("the Convention, Recalling also") == []
    assert scheme.embedded("the recalling of ambassadors") == []


# --------------------------------------------------------------------- prefix-tree matcher vs alternation


def _reference(scheme: PhraseScheme) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The matchers as plain alternations of the labels, longest first (the prefix tree's oracle)."""
    labels = sorted(scheme._by_label, key=lambda s: (-len(s), s))
    alternation = "|".join(r"[\s*_]+".join(re.escape(w) for w in lb.split()) for lb in labels)
    opening = re.compile(r"[*_]{0,2}(" + alternation + r")(?![\w-])[*_]{0,2}", re.IGNORECASE)
    embedded = re.compile(
        r"(?:[,;:]|\band\b|^)\s*" + _JOINERS + r"(" + alternation + r")(?![\w-])", re.IGNORECASE
    )
    return opening, embedded


_LABELS = sorted(load_scheme()._by_label)
_PIECES = st.one_of(
    st.sampled_from(_LABELS),
    st.sampled_from(_LABELS).map(lambda s: s[: max(1, len(s) // 2)]),  # a label cut short
    st.sampled_from(_LABELS).map(str.capitalize),
    st.sampled_from([" ", ", ", "; ", ": ", " and ", " also ", "\n", "*", "_", "-", "s", "ly ", "x"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,;-*\n", max_size=8),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_prefix_tree_matches_as_the_sorted_alternation(text: str) -> None:
    scheme = load_scheme()
    opening, embedded = _reference(scheme)
    for pos in range(len(text) + 1):
        a, b = scheme._opening.match(text, pos), opening.match(text, pos)
        assert (a and (a.span(), a.span(1))) == (b and (b.span(), b.span(1)))
    assert [m.span(1) for m in scheme._embedded.finditer(text)] == [
        m.span(1) for m in embedded.finditer(text)
    ]
    for start in (0, len(text) // 3):
        found = [(e.start, e.end) for e in scheme.embedded(text, start)]
        assert found == [m.span(1) for m in embedded.finditer(text, start) if m.group(1)[0].islower()]


def test_trie_pattern_prefers_the_longest_phrase() -> None:
    pattern = re.compile(trie_pattern(["recall", "recalling", "recalling also", "recalls"]) + r"\b")
    assert [m.group(0) for m in pattern.finditer("recalling also; recalls, recall; recalling")] == [
        "recalling also",
        "recalls",
        "recall",
        "recalling",
    ]
    assert pattern.match("recalling alsox") and pattern.match("recalling alsox").group(0) == "recalling"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        trie_pattern([])
