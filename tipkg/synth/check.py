"""Score a loader on a synthetic corpus against what the generator recorded (truth.jsonl).

The generator knows every paragraph, citation, footnote, mention and addressee it wrote, so a
loaded :class:`~tipkg.loaders.model.Document` can be compared item by item:

* paragraphs: (id, phrase concept key), the id being ``pp/N``, ``op/N`` or ``op/N/a``;
* citations: (paragraph id, relation, target kind, target); a recovered citation also scores its
  date (when the text gives one) and whether its span overlaps the recorded one;
* footnotes: (marker, instrument key); mentions: (kind, key) per document; addressees:
  (paragraph id, kind, key);
* header fields: symbol, body, date, title, session, agenda item, meeting, distribution date, and
  the heading's own and report symbols (``header_mentions``).

Recall is found/expected. Precision is reported for citations only: the generator records every
citation it writes, while a loader may rightly find mentions and addressees it was not told of.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipkg.loaders.evaluate import Score
from tipkg.loaders.model import Document, Paragraph

CATEGORIES = (
    "header_fields",
    "paragraphs",
    "citations",
    "citation_dates",
    "citation_spans",
    "footnotes",
    "mentions",
    "addressees",
)


@dataclass
class SynthScore:
    """One :class:`~tipkg.loaders.evaluate.Score` per category: tp found, fn missed; fp (recovered
    citations the generator did not write) is counted for citations only."""

    documents: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {c: Score(0, 0, 0) for c in CATEGORIES})
    misses: list[str] = field(default_factory=list)  # first few misses, for diagnosis

    def add(self, category: str, found: int, expected: int, extra: int = 0) -> None:
        self.scores[category] += Score(found, extra, expected - found)

    @property
    def citation_precision(self) -> float:
        return self.scores["citations"].precision

    def summary(self) -> dict[str, float]:
        out = {name: round(s.recall, 4) for name, s in self.scores.items()}
        out["citation_precision"] = round(self.citation_precision, 4)
        return out


def read_truth(out_dir: Path | str) -> Iterator[dict[str, Any]]:
    """The generator's records, one per document, in manifest order."""
    with open(Path(out_dir) / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _paragraph_ids(doc: Document) -> Iterator[tuple[str, Paragraph]]:
    for p in doc.paragraphs:
        pid = f"{'pp' if p.kind == 'preambular' else 'op'}/{p.number}"
        yield pid, p
        for s in p.subparagraphs:
            yield f"{pid}/{s.number}", s


def _count(score: SynthScore, category: str, expected: set[Any], got: set[Any], where: str) -> None:
    score.add(category, len(expected & got), len(expected))
    for item in sorted(expected - got, key=repr)[: max(0, 20 - len(score.misses))]:
        score.misses.append(f"{where}: {item}")


def score_document(truth: dict[str, Any], doc: Document, score: SynthScore) -> None:
    """Add one document's comparison to ``score``."""
    where = truth["symbol"]
    score.documents += 1
    h = truth["header"]
    got_fields = {
        ("symbol", doc.symbol),
        ("body", doc.body),
        ("date", doc.date),
        ("title", doc.title),
        ("session", doc.session),
        ("agenda_item", doc.agenda_item),
        ("meeting", doc.meeting),
        ("distribution_date", doc.distribution_date),
    }
    got_fields |= {("header_ref", m.target.key) for m in doc.header_mentions}
    exp_fields = {(k, v) for k, v in h.items() if k != "header_refs"}
    exp_fields |= {("header_ref", ref) for ref in h["header_refs"].split()}
    _count(score, "header_fields", exp_fields, got_fields, where)
    paras = dict(_paragraph_ids(doc))
    exp_paras = {(pid, key) for pid, _, key, *_ in truth["paragraphs"]}
    got_paras = {(pid, p.phrase_key) for pid, p in paras.items()}
    _count(score, "paragraphs", exp_paras, got_paras, where)

    got_cites: dict[tuple[str, str, str, str], Any] = {}
    for pid, p in paras.items():
        for c in p.citations:
            got_cites.setdefault((pid, c.relation, c.target.kind, c.target.key), c)
    exp_cites = {(c["paragraph"], c["relation"], c["kind"], c["target"]): c for c in truth["citations"]}
    _count(score, "citations", set(exp_cites), set(got_cites), where)
    score.add("citations", 0, 0, extra=len(set(got_cites) - set(exp_cites)))
    for key, want in exp_cites.items():
        got = got_cites.get(key)
        if "date" in want:
            score.add("citation_dates", int(got is not None and got.target.date == want["date"]), 1)
        s, e = want["span"]
        score.add("citation_spans", int(got is not None and got.span.start < e and s < got.span.end), 1)

    exp_fn = {(f["marker"], f["target"]) for f in truth["footnotes"]}
    got_fn = {(f.marker, f.refers_to.key) for f in doc.footnotes if f.refers_to is not None}
    _count(score, "footnotes", exp_fn, got_fn, where)

    got_men = {(m.target.kind, m.target.key) for m in doc.mentions + doc.header_mentions}
    for _, p in paras.items():
        got_men.update((m.target.kind, m.target.key) for m in p.mentions)
    _count(score, "mentions", {(k, v) for k, v in truth["mentions"]}, got_men, where)

    got_add = {(pid, a.kind, a.key) for pid, p in paras.items() for a in p.addressees}
    _count(score, "addressees", {tuple(a) for a in truth["addressees"]}, got_add, where)


def score_corpus(
    out_dir: Path | str, load: Callable[[Path], Document], limit: int | None = None
) -> SynthScore:
    """Load each synthetic file with ``load`` (e.g. ``tipkg.loaders.sources.text.load_text_file``), score it."""
    score = SynthScore()
    root = Path(out_dir)
    truths: Iterable[dict[str, Any]] = read_truth(root)
    for i, truth in enumerate(truths):
        if limit is not None and i >= limit:
            break
        score_document(truth, load(root / truth["file"]), score)
    return score
