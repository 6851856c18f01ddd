"""Cross-language agreement: the language versions of one work, read each on its own, compared.

The UN adopts a resolution in six languages; every version states the same citations. Each file is
read alone (its own phrases, reference keywords, dates and names), and what it yields is compared
with the English version's, per work, as (paragraph, relation, target) triples. The paragraph is
the node every version shares (its IRI path: division, kind, number), so a version whose markup
numbers or identifies its paragraphs differently shows up as a structural disagreement.

Agreement of a language with English is ``2·|both| / (|English| + |language|)`` (the F1 of one
against the other), over all the works both versions exist for. Every triple only one side has is a
disagreement, listed with the paragraph's eId and the text the side that has it read it from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document, Paragraph
from tipkg.loaders.parse.phrases import also_renders
from tipkg.loaders.sources.akn import load_akn
from tipkg.ontology.languages import OFFICIAL, PRIMARY, tag_of

#: (paragraph, relation, target) as compared across languages
Key = tuple[str, str, str]
_WORK = re.compile(rb"<(?:\w+:)?FRBRWork>.*?<(?:\w+:)?FRBR(?:uri|this)\s+value=\"([^\"]+)\"", re.DOTALL)
_LANG = re.compile(rb"<(?:\w+:)?FRBRlanguage\s+language=\"([^\"]+)\"")


@dataclass(frozen=True)
class Disagreement:
    work: str
    language: str
    side: str  # the language that has the triple: "en" or the compared language
    paragraph: str
    eid: str | None
    relation: str
    target: str
    quote: str

    def as_dict(self) -> dict[str, str | None]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class LanguageScore:
    language: str
    works: int = 0
    both: int = 0
    english_only: int = 0
    language_only: int = 0
    paragraphs_differ: int = 0  # paragraphs one version has and the other does not
    # agreeing pairs whose verbs differ only as the language's one verb for several English ones
    # ("Souligne" for Stresses: tip:alsoRenders in ontology/phrases.ttl); counted in ``both``
    shared_verb: int = 0
    # the same over (paragraph, target), the relation left out: what both versions cite, whatever
    # verb governs it (translations use one verb for several English ones: "Souligne", "подчеркивает")
    targets_both: int = 0
    targets_english_only: int = 0
    targets_language_only: int = 0

    @property
    def agreement(self) -> float:
        total = 2 * self.both + self.english_only + self.language_only
        return 1.0 if total == 0 else 2 * self.both / total

    @property
    def target_agreement(self) -> float:
        total = 2 * self.targets_both + self.targets_english_only + self.targets_language_only
        return 1.0 if total == 0 else 2 * self.targets_both / total


@dataclass
class Agreement:
    scores: dict[str, LanguageScore] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    structure: list[str] = field(default_factory=list)  # paragraphs only one version has
    works: dict[str, dict[str, str]] = field(default_factory=dict)  # work -> language -> file
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "works": self.works,
            "languages": {
                lang: {
                    "works": s.works,
                    "agreement": round(s.agreement, 4),
                    "both": s.both,
                    "english_only": s.english_only,
                    "language_only": s.language_only,
                    "paragraphs_differ": s.paragraphs_differ,
                    "shared_verb": s.shared_verb,
                    "target_agreement": round(s.target_agreement, 4),
                }
                for lang, s in self.scores.items()
            },
            "disagreements": [d.as_dict() for d in self.disagreements],
            "structure": self.structure,
            "errors": self.errors,
        }


def paragraph_key(para: Paragraph, parent: str = "") -> str:
    """The paragraph's place, the same in every language version: "pp/3", "annex/1/op/4/a"."""
    if para.kind == "sub":
        return f"{parent}/{para.number}"
    seg = "pp" if para.kind == "preambular" else "op"
    return f"{para.division}/{seg}/{para.number}".lstrip("/")


def triples(doc: Document) -> dict[Key, tuple[str | None, str]]:
    """(paragraph, relation, target) of every citation, with the paragraph's eId and the quote."""
    out: dict[Key, tuple[str | None, str]] = {}
    for p in doc.paragraphs:
        key = paragraph_key(p)
        for para, pkey in [(p, key), *((s, paragraph_key(s, key)) for s in p.subparagraphs)]:
            for c in para.citations:
                out.setdefault((pkey, c.relation, c.target.key), (para.eid, c.quote))
    return out


def paragraphs(doc: Document) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for p in doc.paragraphs:
        key = paragraph_key(p)
        out[key] = p.eid
        for s in p.subparagraphs:
            out[paragraph_key(s, key)] = s.eid
    return out


def identify(path: Path) -> tuple[str, str] | None:
    """(FRBR Work URI, language tag) an AKN file states in its identification, read without parsing."""
    try:
        with path.open("rb") as f:
            head = f.read(16384)
    except OSError:
        return None
    w, lang = _WORK.search(head), _LANG.search(head)
    if w is None or lang is None:
        return None
    tag = tag_of(lang.group(1).decode("ascii", "replace"))
    return (_norm(w.group(1).decode("utf-8", "replace").replace("!main", "")), tag) if tag else None


def discover(paths: Iterable[Path], works: set[str] | None = None) -> dict[str, dict[str, str]]:
    """Work URI → language → file, for the AKN files under ``paths`` (``works``: only those);
    only works with more than one language version."""
    found: dict[str, dict[str, str]] = {}
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*.xml"))
        for f in files:
            got = identify(f)
            if got is None:
                continue
            work, lang = got
            if works is not None and _norm(work) not in works:
                continue
            found.setdefault(work, {}).setdefault(lang, str(f))
    return {w: langs for w, langs in sorted(found.items()) if len(langs) > 1}


def _norm(work: str) -> str:
    return work.strip().rstrip("/") + "/"


def read_works_list(path: Path) -> set[str]:
    """Work URIs, one a line (``unxml/trafficking-works.txt``)."""
    return {_norm(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def _load(path: str) -> Document | str:
    try:
        return load_akn(path)
    except LoadError as exc:
        return str(exc)


def compare(
    works: dict[str, dict[str, str]],
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> Agreement:
    """Read every version of every work and compare each language with English."""
    ag = Agreement(works=works)
    files = [f for langs in works.values() for f in langs.values()]
    docs: dict[str, Document | str] = {}
    for f, d in zip(files, _map(_load, files, jobs), strict=True):
        docs[f] = d
        if progress is not None:
            progress(f)
    order = {lang: i for i, lang in enumerate((PRIMARY, *OFFICIAL))}
    for work, langs in works.items():
        en_file = langs.get(PRIMARY)
        en = docs.get(en_file) if en_file else None
        if not isinstance(en, Document):
            if isinstance(en, str):
                ag.errors.append(en)
            continue
        en_t, en_p = triples(en), paragraphs(en)
        for lang in sorted(langs, key=lambda x: order.get(x, 99)):
            if lang == PRIMARY:
                continue
            doc = docs[langs[lang]]
            if isinstance(doc, str):
                ag.errors.append(doc)
                continue
            score = ag.scores.setdefault(lang, LanguageScore(lang))
            score.works += 1
            other_p = paragraphs(doc)
            other_t, shared = _as_english(triples(doc), en_t, also_renders(lang))
            score.shared_verb += shared
            for k in sorted(set(en_p) ^ set(other_p)):
                side = PRIMARY if k in en_p else lang
                ag.structure.append(f"{work} {lang}: paragraph {k} only in {side}")
                score.paragraphs_differ += 1
            en_pt, other_pt = {(k[0], k[2]) for k in en_t}, {(k[0], k[2]) for k in other_t}
            score.targets_both += len(en_pt & other_pt)
            score.targets_english_only += len(en_pt - other_pt)
            score.targets_language_only += len(other_pt - en_pt)
            for key in sorted(set(en_t) | set(other_t)):
                in_en, in_other = key in en_t, key in other_t
                if in_en and in_other:
                    score.both += 1
                    continue
                if in_en:
                    score.english_only += 1
                else:
                    score.language_only += 1
                side = PRIMARY if in_en else lang
                eid, quote = (en_t if in_en else other_t)[key]
                ag.disagreements.append(Disagreement(work, lang, side, key[0], eid, key[1], key[2], quote))
    return ag


def _as_english(
    found: dict[Key, tuple[str | None, str]],
    english: dict[Key, tuple[str | None, str]],
    renders: dict[str, frozenset[str]],
) -> tuple[dict[Key, tuple[str | None, str]], int]:
    """``found`` with each triple whose verb is the language's one word for the English version's
    other verb (``renders``) keyed by the English relation; and how many were."""
    out: dict[Key, tuple[str | None, str]] = {}
    shared = 0
    for key, value in found.items():
        para, relation, target = key
        if key not in english:
            same = [
                (para, r, target)
                for r in sorted(renders.get(relation, ()))
                if (para, r, target) in english and (para, r, target) not in found
            ]
            if same:
                key, shared = same[0], shared + 1
        out.setdefault(key, value)
    return out, shared


def _map(fn: Callable[[str], Document | str], items: list[str], jobs: int) -> Iterator[Document | str]:
    if jobs <= 1 or len(items) < 4:
        yield from map(fn, items)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(fn, items, chunksize=2)
