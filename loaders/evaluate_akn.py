"""Agreement of a document read from a PDF or a text copy with the same text read from its Akoma Ntoso file.

The official file says what each paragraph cites; the PDF and text versions of the same text (made
by :mod:`tipkg.synth.printed` and :mod:`tipkg.synth.unpdf`) must give the same graph. Both documents
are reduced to the multiset of their citations keyed by (paragraph, relation, target):

* a paragraph is keyed by (division, kind, number): the division by its kind and its order among
  divisions of that kind ("annex#1", "draft#1", "part#2" — the labels a text copy cannot know, as
  "annex/1" or "part/B", are not compared), the kind (preambular, operative) and the number —
  operative paragraphs by their printed number, preambular ones by their order among the
  preambular paragraphs of the division that hold words (an empty list item the markup keeps as a
  paragraph of its own is not counted); a point's citations count as its paragraph's;
* a fragment keeps only part of the text: its paragraphs are keyed by the official paragraph whose
  text contains theirs (letters compared), and only the official citations whose paragraph the
  fragment holds are expected; where the fragment cut a paragraph's opening, any relation agrees.

Agreement is the F1 of the two multisets: ``2·|A∩B| / (|A| + |B|)``, 1.0 when both are empty.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tipkg.loaders.evaluate import Score
from tipkg.loaders.model import Document

Key = tuple[str, str, str, str, str]  # (division, kind, number, relation, target)


@dataclass
class Agreement:
    """One document's comparison: citations agreeing, missing from the version, or extra in it."""

    name: str
    version: str  # pdf | flattened | fragment | …
    score: Score
    missed: list[Key] = field(default_factory=list)
    extra: list[Key] = field(default_factory=list)
    error: str | None = None

    @property
    def agreement(self) -> float:
        return self.score.f1


def _letters(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


def _divisions(doc: Document) -> dict[str, str]:
    """Division path → "kind#order" (order among divisions of that kind, in the document's order)."""
    seen: Counter[str] = Counter()
    out: dict[str, str] = {"": ""}
    for div in doc.divisions:
        seen[div.kind] += 1
        out[div.path] = f"{div.kind}#{seen[div.kind]}"
    return out


def paragraph_keys(doc: Document) -> dict[int, tuple[str, str, str]]:
    """id(paragraph) → (division, kind, number) for every top-level paragraph (see the module docstring)."""
    divs = _divisions(doc)
    order: Counter[str] = Counter()
    out: dict[int, tuple[str, str, str]] = {}
    for p in doc.paragraphs:
        div = divs.get(p.division, p.division)
        if p.kind == "preambular":
            if not re.search(r"[A-Za-z]{2}", p.text):
                continue
            order[div] += 1
            out[id(p)] = (div, "preambular", str(order[div]))
        else:
            out[id(p)] = (div, p.kind, p.number)
    return out


def citation_keys(doc: Document) -> Counter[Key]:
    """The document's citations keyed by (division, kind, number, relation, target)."""
    keys = paragraph_keys(doc)
    out: Counter[Key] = Counter()
    for p in doc.paragraphs:
        if id(p) not in keys:
            continue
        div, kind, number = keys[id(p)]
        for q in (p, *p.subparagraphs):
            for c in q.citations:
                out[(div, kind, number, c.relation, c.target.key)] += 1
    return out


def compare(official: Document, version: Document, *, name: str, label: str) -> Agreement:
    """Agreement of a complete version (PDF, DOCX, flattened text) with the official document."""
    return _agreement(citation_keys(official), citation_keys(version), name, label, set())


def compare_fragment(
    official: Document, fragment: Document, *, name: str, label: str = "fragment"
) -> Agreement:
    """Agreement of a partial copy: expected are the official citations of the paragraphs it holds."""
    keys = paragraph_keys(official)
    texts = [(p, _letters(p.text)) for p in official.paragraphs if id(p) in keys]
    held: set[tuple[str, str, str]] = set()
    headless: set[tuple[str, str, str]] = set()  # paragraphs whose opening the fragment cut
    found: Counter[Key] = Counter()
    for p in fragment.paragraphs:
        own = _letters(p.text)
        if len(own) < 12:
            continue
        probe = own[:80]
        match = next((q for q, t in texts if probe in t), None)
        if match is None:
            continue
        key = keys[id(match)]
        held.add(key)
        if not _letters(match.text).startswith(own[:20]):
            headless.add(key)
        for q in (p, *p.subparagraphs):
            for c in q.citations:
                found[(*key, c.relation, c.target.key)] += 1
    expected = Counter({k: n for k, n in citation_keys(official).items() if k[:3] in held})
    return _agreement(expected, found, name, label, headless)


def _agreement(
    expected: Counter[Key],
    found: Counter[Key],
    name: str,
    label: str,
    any_relation: set[tuple[str, str, str]],
) -> Agreement:
    exp = Counter(expected)
    got = Counter(found)
    if any_relation:  # a cut opening: the relation cannot be known, the target still counts
        for k in list(exp):
            if k[:3] in any_relation:
                n = exp.pop(k)
                exp[(*k[:3], "*", k[4])] += n
        for k in list(got):
            if k[:3] in any_relation:
                n = got.pop(k)
                got[(*k[:3], "*", k[4])] += n
    both = exp & got
    tp = sum(both.values())
    return Agreement(
        name,
        label,
        Score(tp, sum(got.values()) - tp, sum(exp.values()) - tp),
        missed=sorted((exp - got).elements()),
        extra=sorted((got - exp).elements()),
    )
