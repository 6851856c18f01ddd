"""The opening-phrase scheme (ontology/phrases.ttl) and matching against resolution text.

A paragraph's opening phrase ("Recalling also", "*Calls upon*") and the verbs of embedded clauses
("and reaffirming in particular", "; noting") decide the relation of the citations they govern, so
both are matched against the same SKOS labels: longest label first, case-insensitive, tolerant of
Markdown italics and of line breaks between words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from tipkg import ontology
from tipkg.loaders.parse.lexicon import WE_JOIN_IN, WE_SUBJECT_IN, first_plural
from tipkg.loaders.trie import trie_pattern
from tipkg.ontology.namespaces import PHRASE, TIP

# Words that may join an embedded verb to what precedes it ("and further recalling").
_JOINERS = r"(?:(?:also|further|furthermore|moreover|in\s+this\s+regard,?|and|while)\s+)*"


@dataclass(frozen=True)
class Phrase:
    """One concept of the scheme."""

    key: str  # local name in the phrase: namespace ("RecallingAlso" is a label of "Recalling")
    label: str  # skos:prefLabel
    labels: tuple[str, ...]  # prefLabel and altLabels
    relation: str  # lowerCamelCase relation, e.g. "recalls"
    note: str  # "preambular" | "operative"


@dataclass(frozen=True)
class PhraseMatch:
    """A phrase found in text; ``start``/``end`` index the searched text."""

    start: int
    end: int
    written: str  # the phrase as written, italics markers removed and white space collapsed
    phrase: Phrase

    @property
    def key(self) -> str:
        return self.phrase.key

    @property
    def relation(self) -> str:
        return self.phrase.relation

    @property
    def operative(self) -> bool:
        return self.phrase.note == "operative"


# Who speaks in a statement, a declaration or a decision, before its verb: "The Security Council",
# "We, the Heads of State and Government,", "At its 61st plenary meeting, on 15 March 2022, the
# General Assembly, on the recommendation of the Fifth Committee,"; then adverbs ("also", "further").
_SUBJECT = (
    r"(?:At\s+(?:its|the)\s+[^,;]{3,90}?meeting[^,;]{0,90},\s*(?:(?:on|held\s+on)\s+[^,;]{3,40},\s*)?)?"
    r"(?:(?:The|the)\s+(?:[A-Z][\w’'-]*\s+){0,6}?(?:Council|Assembly|Commission|Conference|Committee|"
    r"Parties|Secretary-General|Board|Forum)|We|It)"
    r"(?:\s*,\s*[^,;:]{2,160}?,)?"
    r"\s+"
)
_ADVERBS = (
    r"(?:(?:also|further|furthermore|again|once\s+again|strongly|firmly|fully|deeply|hereby|therefore|"
    r"thus|accordingly|solemnly|unanimously|jointly|collectively|resolutely|in\s+this\s+regard,?|to\s+this\s+end,?)\s+)*"
)
_IRREGULAR_PAST = {"take": "took", "bear": "bore", "make": "made", "hold": "held", "give": "gave"}


def verb_forms(label: str) -> list[str]:
    """The finite forms of an operative label ("takes note of" → "takes note of", "take note of",
    "took note of"): the third person the scheme names, the first person plural of declarations,
    the past tense of decisions. By the rules of English conjugation, for every label alike."""
    first, _, rest = label.partition(" ")
    tail = f" {rest}" if rest else ""
    if not first.endswith("s") or len(first) < 4:
        return [label]
    if first.endswith(("sses", "shes", "ches", "xes", "zzes")):
        base = first[:-2]
    elif first.endswith("ies"):
        base = first[:-3] + "y"
    else:
        base = first[:-1]
    if base in _IRREGULAR_PAST:
        past = _IRREGULAR_PAST[base]
    elif base.endswith("e"):
        past = base + "d"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        past = base[:-1] + "ied"
    else:
        past = base + "ed"
    return [label, base + tail, past + tail]


# Between the words of a label: white space, line breaks and Markdown emphasis markers.
_WORD_GAP = r"[\s*_]+"


# How each language joins an embedded verb to the clause before it, and what may precede the verb
# (Chinese adverbs "又", "还", "并": "also", "further", written before the verb, with no space).
_CLAUSE_JOIN = {
    "en": r"(?:[,;:]|\band\b|^)\s*" + _JOINERS,
    # "in this regard" as each version words it: "et, à cet égard, prend note", "y, en este sentido, toma
    # nota", "и в этой связи принимает к сведению"; "while" ("tout en gardant à l'esprit")
    "fr": r"(?:[,;:]|\bet\b|^)\s*(?:(?:et|aussi|également|en\s+outre|à\s+cet\s+égard|dans\s+ce\s+contexte|tout\s+en),?\s+)*",
    "es": r"(?:[,;:]|\by\b|^)\s*(?:(?:y|también|además|en\s+este\s+sentido|a\s+este\s+respecto|al\s+respecto),?\s+)*",
    "de": r"(?:[,;:]|\bund\b|^)\s*(?:(?:und|auch|ferner)\s+)*",
    "ru": r"(?:[,;:]|\bи\b|\bа\s+также\b|^)\s*(?:(?:и|а\s+также|в\s+этой\s+связи|в\s+этом\s+контексте),?\s+)*",
    "ar": r"(?:[,;:،؛]|^)\s*",
    # "，并在这方面回顾" ("and in this regard recalling")
    "zh": r"(?:[,;:，；：、]|^)\s*(?:并|又|还|也)?(?:在这方面|在此方面|为此|对此)?"
    + r"(?:又|还|并|也|进一步|再次|特别|同时)?(?:大力|强烈)?",
}
# Chinese writes "also", "strongly" before the verb: "又大力鼓励" ("Further strongly encourages")
_OPENING_PREFIX = {"zh": r"(?:在这方面)?(?:又|还|并|也|进一步|再次|特别)?(?:大力|强烈)?"}
#: languages whose paragraphs open with a capital (Russian preambular participles do not; Arabic
#: and Chinese have no case)
CASED = frozenset({"en", "fr", "es", "de"})


def language_variants(label: str, lang: str) -> list[str]:
    """The forms of a label the texts write: an Arabic preambular phrase with "وإذ" or "إذ" (the
    first paragraph has no "and"), its verb with ت (a feminine body: the Assembly) or ي (a
    masculine one: the Council)."""
    if lang != "ar":
        return [label]
    out = [label]
    m = re.match(r"^(و?إذ\s+)?([تي])(.*)$", label)
    if m:
        lead, rest = m.group(1) or "", m.group(3)
        leads = ["وإذ ", "إذ "] if lead else [""]
        out = [f"{ld}{p}{rest}" for ld in leads for p in ("ت", "ي")]
    # "also", "further" written between the verb and the rest of the phrase: "وإذ تعيد أيضا تأكيد"
    for form in list(out):
        head, verb, tail = _AR_VERB_REST.match(form).groups()  # type: ignore[union-attr]
        if tail:
            out.extend(f"{head}{verb} {adverb} {tail}" for adverb in _AR_ADVERBS)
    return list(dict.fromkeys(out))


_AR_VERB_REST = re.compile(r"^((?:و?إذ\s+)?)(\S+)\s*(.*)$")
_AR_ADVERBS = ("أيضا", "أيضاً", "كذلك", "كذلك أيضا", "كذلك أيضاً", "مجددا", "مجدداً")


class PhraseScheme:
    """The loaded scheme with compiled matchers, for the labels of one language."""

    def __init__(self, phrases: list[Phrase], lang: str = "en") -> None:
        self.phrases = phrases
        self.lang = lang
        self.cased = lang in CASED
        self._by_label: dict[str, Phrase] = {}
        for p in phrases:
            for label in p.labels:
                for form in language_variants(label, lang):
                    self._by_label.setdefault(" ".join(form.lower().split()), p)
        # a prefix tree of the labels: the longest label wins, as in an alternation sorted longest
        # first, and a position that starts no label fails at its first character
        alternation = trie_pattern(self._by_label, _WORD_GAP)
        # A word end after the label; Chinese writes no spaces between words, so none there.
        end = "" if lang == "zh" else r"(?![\w-])"
        prefix = _OPENING_PREFIX.get(lang, "")
        # A paragraph opening: optional italics/underscore markers, the label, a word end.
        self._opening = re.compile(
            prefix + r"[*_]{0,2}(" + alternation + r")" + end + r"[*_]{0,2}", re.IGNORECASE
        )
        self._embedded = re.compile(
            _CLAUSE_JOIN.get(lang, _CLAUSE_JOIN["en"]) + r"(" + alternation + r")" + end, re.IGNORECASE
        )
        self._forms: dict[str, Phrase] = {}
        self._we: dict[str, Phrase] = {}  # first person plural: "reaffirm", "take note of"
        for p in phrases if lang == "en" else ():
            if p.note == "operative":
                for label in p.labels:
                    forms = verb_forms(" ".join(label.lower().split()))
                    for form in forms:
                        self._forms.setdefault(form, p)
                    if len(forms) == 3:
                        self._we.setdefault(forms[1], p)
        finite = trie_pattern(self._forms, _WORD_GAP) if self._forms else "(?!)"
        self._statement = re.compile(_SUBJECT + _ADVERBS + r"(" + finite + r")(?![\w-])", re.IGNORECASE)
        # a decision's clause whose subject the paragraph before it gave: "Decided to defer …"
        self._past = {
            f: p for f, p in self._forms.items() if f.split(" ", 1)[0].endswith(("ed", "took", "bore"))
        }
        self._bare_past = re.compile(
            r"(" + (trie_pattern(self._past, _WORD_GAP) if self._past else "(?!)") + r")(?![\w-])",
            re.IGNORECASE,
        )
        if lang != "en":  # the other languages: the first person plural of every operative label
            for p in phrases:
                for label in p.labels if p.note == "operative" or lang in ("zh", "ar") else ():
                    label = re.sub(r"^و?إذ\s+", "", label) if lang == "ar" else label  # "وإذ تعيد تأكيد"
                    for form in first_plural(" ".join(label.lower().split()), lang):
                        self._we.setdefault(form, p)
            self._we_subject = re.compile(WE_SUBJECT_IN.get(lang, r"(?!)"))
            subject = WE_SUBJECT_IN.get(lang, r"(?!)")
            join = WE_JOIN_IN.get(lang, r"(?!)")
            plural = trie_pattern(self._we, _WORD_GAP) if self._we else "(?!)"
            # "Nous, États Membres de l'Organisation des Nations Unies, réaffirmons …": the subject's apposition
            apposition = r"(?:\s*[,،，][^,،，;:.。]{1,120}[,،，])?"
            self._we_open = re.compile(
                (f"{subject}{apposition}\\s*" if lang == "zh" else f"(?:{subject}{apposition}\\s+)?")
                + f"({plural}){end}",
                re.IGNORECASE,
            )
            self._we_clause = re.compile(
                f"(?:{subject}\\s*|[,;:،，；]\\s*(?:(?:{join})\\s*)?(?:{subject}\\s*)?|(?<!\\w)(?:{join})\\s*(?:{subject}\\s*)?)"
                f"({plural}){end}",
                re.IGNORECASE,
            )
            return
        # in a declaration, each sentence or clause of "we" has its own verb: "…, and we welcome …",
        # "We recall …, and take note of …"
        self._we_subject = re.compile(r"\bWe\b")
        self._we_open = re.compile(r"(?!)")
        self._we_clause = re.compile(
            r"(?:\bwe\s+|[,;:]\s*(?:and\s+)?|\band\s+)"
            + _ADVERBS
            + r"("
            + (trie_pattern(self._we, _WORD_GAP) if self._we else "(?!)")
            + r")(?![\w-])",
            re.IGNORECASE,
        )

    def get(self, key: str) -> Phrase | None:
        return next((p for p in self.phrases if p.key == key), None)

    def lookup(self, label: str) -> Phrase | None:
        """The concept one of whose labels is ``label`` (case and spacing ignored)."""
        return self._by_label.get(" ".join(label.replace("*", " ").lower().split()))

    def match_opening(self, text: str, pos: int = 0, *, capitalised: bool = True) -> PhraseMatch | None:
        """The longest phrase at ``pos``; with ``capitalised`` its first letter must be upper case."""
        m = self._opening.match(text, pos)
        if m is None:
            return None
        if capitalised and self.cased and not m.group(1)[0].isupper():
            return None
        written = " ".join(m.group(1).replace("*", " ").replace("_", " ").split())
        phrase = self.lookup(written)
        if phrase is None:  # pragma: no cover - the alternation is built from the same labels
            return None
        return PhraseMatch(m.start(1), m.end(1), written, phrase)

    def match_statement(self, text: str, pos: int = 0) -> PhraseMatch | None:
        """The verb of a paragraph that states who speaks: "The Security Council recalls …", "We, the
        States Members of the United Nations, reaffirm …", "At its 61st plenary meeting, on 15 March
        2022, the General Assembly took note of …" (presidential statements, declarations, decisions).
        """
        if self.lang != "en":  # a declaration's "Nous réaffirmons", "Recordamos", "我们重申"
            w = self._we_open.match(text, pos)
            written = " ".join(w.group(1).split()) if w is not None else ""
            phrase = self._we.get(written.lower())
            return PhraseMatch(w.start(1), w.end(1), written, phrase) if w and phrase else None
        m = self._statement.match(text, pos)
        if m is None:
            m = self._bare_past.match(text, pos)
            if m is None or not m.group(1)[0].isupper():
                return None
        written = " ".join(m.group(1).split())
        phrase = self._forms.get(written.lower())
        if phrase is None:  # pragma: no cover - the pattern is built from the same forms
            return None
        return PhraseMatch(m.start(1), m.end(1), written, phrase)

    def declares(self, text: str, start: int, opening: PhraseMatch) -> bool:
        """Whether a paragraph speaks in the first person plural (a declaration): its subject before
        the opening verb ("We", "Nous", "我们"), or a verb whose ending says it ("Recordamos")."""
        if self._we_subject.search(text, start, opening.start):
            return True
        return self.lang not in ("en", "zh") and opening.written.lower() in self._we

    def we_clauses(self, text: str, start: int, end: int) -> list[PhraseMatch]:
        """The verbs of a declaration's own clauses after its opening ("…, and we welcome …")."""
        out: list[PhraseMatch] = []
        for m in self._we_clause.finditer(text, start, end):
            written = " ".join(m.group(1).split())
            phrase = self._we.get(written.lower())
            if phrase is not None and (m.group(1)[0].islower() or not self.cased):
                out.append(PhraseMatch(m.start(1), m.end(1), written, phrase))
        return out

    def embedded(self, text: str, start: int = 0, end: int | None = None) -> list[PhraseMatch]:
        """Clause verbs inside ``text[start:end]`` introduced by a comma, semicolon, colon or "and".

        Only lower-case verbs count: a capitalised phrase after a comma starts a new paragraph.
        """
        stop = len(text) if end is None else end
        out: list[PhraseMatch] = []
        found = (
            _embedded_at(self._embedded, text, start, stop)
            if self.lang == "en"
            else self._embedded.finditer(text, start, stop)
        )
        for m in found:
            word = m.group(1)
            if self.cased and not word[0].islower():
                continue
            written = " ".join(word.replace("*", " ").replace("_", " ").split())
            phrase = self.lookup(written)
            if phrase is not None:
                out.append(PhraseMatch(m.start(1), m.end(1), written, phrase))
        return out


_CLAUSE_PUNCTUATION = re.compile(r"[,;:]")


def _embedded_at(pattern: re.Pattern[str], text: str, start: int, stop: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, start, stop)`` for the embedded-verb pattern, tried only where it can
    start: at a comma, semicolon or colon, at "and" in any case, or at 0 (``^``).

    The pattern opens with an alternation, so the regex engine tries it at every position
    (about 0.1 µs each); the candidates are found by fast scans instead.
    """
    lowered = text[start:stop].lower()
    candidates = [m.start() for m in _CLAUSE_PUNCTUATION.finditer(text, start, stop)]
    at = lowered.find("and")
    while at >= 0:
        candidates.append(start + at)
        at = lowered.find("and", at + 1)
    if start == 0:
        candidates.append(0)
    last = start
    for pos in sorted(set(candidates)):
        if pos < last:
            continue
        m = pattern.match(text, pos, stop)
        if m is not None:
            yield m
            last = m.end()


def _local(iri: URIRef, ns: str) -> str:
    s = str(iri)
    return s[len(ns) :] if s.startswith(ns) else s.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _in(lang: str, literal: object) -> bool:
    """A label of ``lang``; an untagged label counts as English."""
    tag = getattr(literal, "language", None)
    return (tag or "en") == lang


def parse_scheme(graph: Graph, lang: str = "en") -> PhraseScheme:
    """Build the matcher for the labels of one language from a graph holding the scheme."""
    phrases: list[Phrase] = []
    for concept in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
        if not isinstance(concept, URIRef):
            continue
        found = next((x for x in graph.objects(concept, SKOS.prefLabel) if _in(lang, x)), None)
        relation = graph.value(concept, TIP.relation)
        note = graph.value(concept, SKOS.note)
        alts = sorted(str(a) for a in graph.objects(concept, SKOS.altLabel) if _in(lang, a))
        pref = str(found) if found is not None else None
        if pref is None and alts:  # a concept a language names only by alternatives ("Engage")
            pref, alts = alts[0], alts[1:]
        if pref is None or relation is None:
            continue
        phrases.append(
            Phrase(
                key=_local(concept, str(PHRASE)),
                label=str(pref),
                labels=(str(pref), *alts),
                relation=_local(URIRef(str(relation)), str(TIP)),
                note=str(note) if note is not None else "preambular",
            )
        )
    return PhraseScheme(phrases, lang)


@lru_cache(maxsize=1)
def _scheme_graph() -> Graph:
    return ontology.load("phrases.ttl")


@lru_cache(maxsize=8)
def load_scheme(lang: str | None = "en") -> PhraseScheme:
    """The shipped scheme (ontology/phrases.ttl) for the labels of one language (English where
    ``lang`` is None or has no labels), built once per process and language."""
    scheme = parse_scheme(_scheme_graph(), lang or "en")
    return scheme if scheme.phrases else parse_scheme(_scheme_graph(), "en")


@lru_cache(maxsize=8)
def also_renders(lang: str) -> dict[str, frozenset[str]]:
    """Relation → the English relations the same verb of ``lang`` also translates
    (``tip:alsoRenders`` in ontology/phrases.ttl: French "Souligne" for Stresses and Underlines)."""
    graph = _scheme_graph()
    out: dict[str, set[str]] = {}
    for relation, node in graph.subject_objects(TIP.alsoRenders):
        if lang not in {str(x) for x in graph.objects(node, DCTERMS.language)}:
            continue
        english = {_local(URIRef(str(r)), str(TIP)) for r in graph.objects(node, TIP.englishRelation)}
        out.setdefault(_local(URIRef(str(relation)), str(TIP)), set()).update(english)
    return {k: frozenset(v) for k, v in out.items()}
