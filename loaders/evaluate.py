"""Evaluation of the text parser against hand annotations (../shared/corpus/gold, see its README).

Matching key of a citation: (document, target, relation, paragraph). The paragraph of a gold
citation is located by its evidence: every place where the evidence occurs in the text (white space
collapsed, as the gold README defines it) names the innermost extracted paragraph (or sub-paragraph)
around it; an extracted citation matches when it is in one of those paragraphs, has the same relation
(a gold relation of null — a fragment without its opening — accepts any) and the same target. A gold
target marked ``symbol_missing`` (a document named only by description, with a key the annotator made
up) matches an extracted citation of a symbol-less document or instrument whose span overlaps the
evidence. When the evidence cannot be found, the paragraph condition is dropped. Matching is
one-to-one. Mentions are compared per document as (kind, target) pairs, "header" for the heading's
own and related symbols.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Citation, Document, Paragraph
from tipkg.loaders.registry.load import default_registry
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.dispatch import load_source
from tipkg.loaders.sources.manifest import load_manifest


@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives; the one scorer (tipkg.synth.corpus's checker
    counts with it too). With nothing to find, recall and precision are 1."""

    tp: int
    fp: int
    fn: int

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Item:
    """A citation or mention on one side of the comparison, for reports."""

    document: str
    kind: str  # target kind (resolution, document, instrument) or mention kind (body, event, header)
    target: str
    relation: str | None
    evidence: str
    date: str | None = None


@dataclass
class Evaluation:
    documents: list[str] = field(default_factory=list)
    matched: list[tuple[Item, Item]] = field(default_factory=list)
    missed: list[Item] = field(default_factory=list)
    false: list[Item] = field(default_factory=list)
    mention_matched: list[Item] = field(default_factory=list)
    mention_missed: list[Item] = field(default_factory=list)
    mention_false: list[Item] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def citations(self) -> Score:
        return Score(len(self.matched), len(self.false), len(self.missed))

    def date_disagreements(self) -> list[tuple[Item, Item]]:
        """Matched citations whose dates differ (the date is not part of the matching key)."""
        return [(g, x) for g, x in self.matched if g.date != x.date]

    def mentions(self) -> Score:
        return Score(len(self.mention_matched), len(self.mention_false), len(self.mention_missed))

    def by(self, attr: str) -> dict[str, Score]:
        """Citation scores per relation or target kind (gold side for misses, extracted for false hits)."""
        tp: Counter[str] = Counter()
        fp: Counter[str] = Counter()
        fn: Counter[str] = Counter()
        for g, _ in self.matched:
            tp[str(getattr(g, attr))] += 1
        for x in self.false:
            fp[str(getattr(x, attr))] += 1
        for g in self.missed:
            fn[str(getattr(g, attr))] += 1
        keys = sorted(set(tp) | set(fp) | set(fn))
        return {k: Score(tp[k], fp[k], fn[k]) for k in keys}

    def mentions_by_kind(self) -> dict[str, Score]:
        tp = Counter(i.kind for i in self.mention_matched)
        fp = Counter(i.kind for i in self.mention_false)
        fn = Counter(i.kind for i in self.mention_missed)
        return {k: Score(tp[k], fp[k], fn[k]) for k in sorted(set(tp) | set(fp) | set(fn))}

    def as_dict(self) -> dict[str, Any]:
        def items(xs: Iterable[Item]) -> list[dict[str, Any]]:
            return [x.__dict__ for x in xs]

        return {
            "documents": self.documents,
            "citations": self.citations().as_dict(),
            "citations_by_relation": {k: v.as_dict() for k, v in self.by("relation").items()},
            "citations_by_kind": {k: v.as_dict() for k, v in self.by("kind").items()},
            "dates": {
                "matched": len(self.matched),
                "agree": len(self.matched) - len(self.date_disagreements()),
                "disagreements": [
                    {"gold": g.__dict__, "found": x.__dict__} for g, x in self.date_disagreements()
                ],
            },
            "mentions": self.mentions().as_dict(),
            "mentions_by_kind": {k: v.as_dict() for k, v in self.mentions_by_kind().items()},
            "missed_citations": items(self.missed),
            "false_citations": items(self.false),
            "missed_mentions": items(self.mention_missed),
            "false_mentions": items(self.mention_false),
            "errors": self.errors,
        }


def gold_file_name(symbol: str) -> str:
    """Gold file name of a symbol: "/" and spaces become "_", parentheses are dropped."""
    return re.sub(r"[()]", "", re.sub(r"[/\s]+", "_", symbol.strip())) + ".json"


def evaluate(gold_dir: Path, corpus_dir: Path, registry: Registry | None = None) -> Evaluation:
    """Parse every corpus document that has a gold file and compare.

    A gold file names its source by ``file`` (a path under ``corpus_dir``, as the gold of the UN's
    official files does), else by ``symbol`` (or its file name, the symbol with "/" and spaces as
    "_"), which the corpus manifest maps to a file; either is loaded by its format's loader.
    """
    reg = registry if registry is not None else default_registry()
    manifest_path = corpus_dir / "manifest.json"
    manifest = load_manifest(manifest_path) if manifest_path.is_file() else None
    ev = Evaluation()
    entries = manifest.entries if manifest is not None else []
    by_file_name = {gold_file_name(e.symbol): e for e in entries if e.symbol}
    for gold_path in sorted(gold_dir.glob("*.json")):
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            ev.errors.append(f"{gold_path.name}: not a gold JSON file ({exc})")
            continue
        raw = gold.get("symbol") if isinstance(gold, dict) else None
        source: Path | None = None
        if isinstance(gold, dict) and isinstance(gold.get("file"), str):
            source = corpus_dir / gold["file"]
        elif manifest is not None:
            entry = (manifest.by_symbol(raw) if isinstance(raw, str) else None) or by_file_name.get(
                gold_path.name
            )
            source = manifest.root / entry.file if entry is not None else None
        if source is None or not isinstance(gold, dict):
            ev.errors.append(f"{gold_path.name}: no corpus file for symbol {raw!r}")
            continue
        symbol = raw if isinstance(raw, str) else gold_path.stem
        try:
            doc = load_source(source, manifest, registry=reg)
        except LoadError as exc:
            ev.errors.append(exc.describe())
            continue
        ev.documents.append(symbol)
        _compare_citations(ev, symbol, doc, gold.get("citations", []))
        _compare_mentions(ev, symbol, doc, gold.get("mentions", []))
    return ev


def compare_document(ev: Evaluation, symbol: str, doc: Document, gold: dict[str, Any]) -> None:
    """Score one loaded document against one gold object (its ``citations`` and ``mentions``) into ``ev``."""
    ev.documents.append(symbol)
    _compare_citations(ev, symbol, doc, gold.get("citations", []))
    _compare_mentions(ev, symbol, doc, gold.get("mentions", []))


class _Collapsed:
    """The text with white space runs collapsed to one space, mapped back to original offsets."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        index: list[int] = []
        in_space = False
        for i, c in enumerate(text):
            if c.isspace():
                if not in_space:
                    chars.append(" ")
                    index.append(i)
                in_space = True
            else:
                chars.append(c)
                index.append(i)
                in_space = False
        self.text = "".join(chars)
        self.index = index

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        n = " ".join(needle.split())
        out: list[tuple[int, int]] = []
        if not n:
            return out
        pos = self.text.find(n)
        while pos >= 0:
            out.append((self.index[pos], self.index[pos + len(n) - 1] + 1))
            pos = self.text.find(n, pos + 1)
        return out


def _innermost(doc: Document, pos: int) -> Paragraph | None:
    best: Paragraph | None = None
    for p in doc.all_paragraphs():
        if p.span.start <= pos < p.span.end and (
            best is None or p.span.end - p.span.start < best.span.end - best.span.start
        ):
            best = p
    return best


def _with_eid(doc: Document, eid: object) -> set[int]:
    """Paragraphs (with their points) whose source identifier is ``eid``."""
    if not isinstance(eid, str) or not eid:
        return set()
    out: set[int] = set()
    for p in doc.paragraphs:
        if p.eid == eid:
            out.add(id(p))
            out.update(id(s) for s in p.subparagraphs)
        out.update(id(s) for s in p.subparagraphs if s.eid == eid)
    return out


def _flat(s: str, n: int = 110) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _compare_citations(ev: Evaluation, symbol: str, doc: Document, gold: list[dict[str, Any]]) -> None:
    collapsed = _Collapsed(doc.text)
    extracted: list[tuple[Paragraph, Citation]] = [(p, c) for p in doc.all_paragraphs() for c in p.citations]
    used: set[int] = set()
    for g in gold:
        occ = collapsed.find_all(str(g.get("evidence", "")))
        paras = {id(p) for s, _ in occ if (p := _innermost(doc, s)) is not None}
        by_eid = _with_eid(doc, g.get("eId"))
        if by_eid:  # the source's own paragraph identifier says where, evidence in a footnote or not
            paras, occ = by_eid, occ or [(0, 0)]
        gitem = Item(
            symbol,
            str(g["target_kind"]),
            str(g["target"]),
            g.get("relation"),
            _flat(str(g.get("evidence", ""))),
            g.get("date"),
        )
        hit: int | None = None
        for i, (p, c) in enumerate(extracted):
            if i in used:
                continue
            if g.get("relation") is not None and c.relation != g["relation"]:
                continue
            if occ and id(p) not in paras:
                continue
            if g.get("symbol_missing"):
                ok = (
                    "/" not in c.target.key
                    and c.target.kind in ("document", "instrument", "resolution")
                    and any(c.span.start < e and s < c.span.end for s, e in occ)
                )
            else:
                ok = c.target.key == g["target"]
            if ok:
                hit = i
                break
        if hit is None:
            ev.missed.append(gitem)
        else:
            used.add(hit)
            p, c = extracted[hit]
            ev.matched.append((gitem, _citem(symbol, p, c, doc.text)))
    for i, (p, c) in enumerate(extracted):
        if i not in used:
            ev.false.append(_citem(symbol, p, c, doc.text))


def _citem(symbol: str, p: Paragraph, c: Citation, text: str) -> Item:
    ctx = text[max(p.span.start, c.span.start - 40) : min(p.span.end, c.span.end + 40)]
    return Item(symbol, c.target.kind, c.target.key, c.relation, _flat(ctx), c.target.date)


def _compare_mentions(ev: Evaluation, symbol: str, doc: Document, gold: list[dict[str, Any]]) -> None:
    found: dict[tuple[str, str], str] = {}
    for m in doc.header_mentions:
        found.setdefault(("header", m.target.key), m.quote)
    for m in doc.mentions:
        found.setdefault((m.target.kind, m.target.key), m.quote)
    for p in doc.all_paragraphs():
        for m in p.mentions:
            found.setdefault((m.target.kind, m.target.key), m.quote)
    wanted: dict[tuple[str, str], str] = {}
    for g in gold:
        wanted.setdefault((str(g["kind"]), str(g["target"])), str(g.get("evidence", "")))
    for key, evidence in wanted.items():
        item = Item(symbol, key[0], key[1], None, _flat(evidence))
        (ev.mention_matched if key in found else ev.mention_missed).append(item)
    for key, quote in found.items():
        if key not in wanted:
            ev.mention_false.append(Item(symbol, key[0], key[1], None, _flat(quote)))
