"""A synthetic corpus of UN-style resolutions, for benchmarks and for testing the loaders at scale.

Every file is marked as synthetic three times over, so it can never pass for a UN text:

* its first line is :data:`MARKER` ("SYNTHETIC TEST DOCUMENT — not a UN text"); :func:`is_synthetic`
  recognises it, and the text loader sets ``Document.synthetic`` (→ ``tip:synthetic true``) from it;
* its symbols lie in a range no UN document uses: General Assembly and Human Rights Council sessions
  900 and above ("A/RES/901/17", "A/HRC/RES/903/2"), Economic and Social Council years 2100 and
  above ("E/RES/2101/5"), see :func:`is_synthetic_symbol`;
* its dates are in the years 2100 and later.

Shape: the header, preambular and operative paragraphs, sub-paragraphs, footnotes and closing line
of the real texts in ../shared/corpus. Modules: :mod:`tipkg.synth.plan` (symbols, dates, the
citation graph by preferential attachment), :mod:`tipkg.synth.render` (one document's text and
record, its paragraphs by :mod:`tipkg.synth.writer`), :mod:`tipkg.synth.vocab` (phrases and lengths counted in the real corpus),
:mod:`tipkg.synth.prose` (sentence material), :mod:`tipkg.synth.check` (scoring a loader); this
module marks, writes and runs them in parallel.

Determinism: the citation graph is drawn first from one generator seeded by ``seed``; each block of
:data:`CHUNK` documents is then written from its own generator seeded by ``(seed, block)``, so the
output is byte-identical for a seed whatever the number of worker processes.

Alongside the files, ``truth.jsonl`` records what each document says (paragraphs, citations with
character spans, footnotes, mentions, addressees), one JSON line per manifest entry, so a loader can
be scored on a large and varied input.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tipkg import __version__
from tipkg.ontology.synthetic import is_synthetic, is_synthetic_symbol
from tipkg.synth.plan import (
    BODY_NAMES,
    FIRST_SESSION,
    FIRST_YEAR,
    MARKER,
    Planned,
    long_date,
    number_words,
    ordinal_suffix,
    ordinal_words,
    plan,
)
from tipkg.synth.render import render
from tipkg.synth.vocab import vocabulary
from tipkg.synth.writer import SUPERSCRIPTS, generic_paragraphs

__all__ = [
    "FIRST_SESSION",
    "FIRST_YEAR",
    "MARKER",
    "SUPERSCRIPTS",
    "Planned",
    "SynthResult",
    "generate",
    "is_synthetic",
    "is_synthetic_symbol",
    "long_date",
    "number_words",
    "ordinal_suffix",
    "ordinal_words",
    "plan",
    "render",
    "vocabulary",
]

CHUNK = 250  # documents per seeded block (fixed: the output must not depend on the worker count)


# ---------------------------------------------------------------------------------- marking


# ---------------------------------------------------------------------------------- writing


@dataclass
class SynthResult:
    out_dir: Path
    documents: int
    citations: int
    seconds: float


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
_PLAN: list[Planned] = []  # the plan, inherited by forked workers


def _write_chunk(args: tuple[int, int, int, str, bool]) -> tuple[list[dict[str, Any]], list[str], int]:
    """Write documents [lo, hi) of the plan; return their manifest entries and truth lines."""
    lo, hi, seed, out, want_truth = args
    rng = random.Random(f"tipkg-synth:{seed}:{lo // CHUNK}")
    folder = Path(out) / "resolutions"
    entries: list[dict[str, Any]] = []
    truths: list[str] = []
    n_cites = 0
    for doc in _PLAN[lo:hi]:
        text, truth = render(doc, _PLAN, rng)
        data = text.encode("utf-8")
        fd = os.open(folder / doc.file_name, _WRITE_FLAGS, 0o644)  # lighter than open(): one syscall each
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        n_cites += len(truth["citations"])
        entries.append(
            {
                "file": f"resolutions/{doc.file_name}",
                "symbol": doc.symbol,
                "body": BODY_NAMES[doc.body],
                "adopted": doc.date,
                "title": doc.title,
                "format": "text",
                "complete": True,
                "synthetic": True,
                "sha256": hashlib.sha256(data).hexdigest(),
                "layout": truth["layout"],
                "source": f"tipkg synth --seed {seed}",
                "status": "SYNTHETIC. Generated test document, not a UN text.",
            }
        )
        if want_truth:
            truth["file"] = f"resolutions/{doc.file_name}"
            truths.append(json.dumps(truth, ensure_ascii=False, separators=(",", ":")))
    return entries, truths, n_cites


def _manifest_json(entries: list[dict[str, Any]], rest: dict[str, Any]) -> str:
    """The manifest with one entry per line: readable, and written by the C JSON encoder
    (``indent`` would switch to the pure-Python one, twice as slow on 100k entries)."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    lines = ['{"resolutions": [']
    lines.append(",\n".join(dumps(e) for e in entries))
    lines.append("],")
    lines.append(",\n".join(f"{dumps(k)}: {dumps(v)}" for k, v in rest.items()))
    lines.append("}\n")
    return "\n".join(lines)


def generate(
    n: int,
    seed: int,
    out_dir: Path | str,
    *,
    jobs: int | None = None,
    truth: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> SynthResult:
    """Write ``n`` synthetic resolutions, manifest.json and (with ``truth``) truth.jsonl into ``out_dir``."""
    t0 = time.perf_counter()
    out = Path(out_dir)
    (out / "resolutions").mkdir(parents=True, exist_ok=True)
    global _PLAN
    _PLAN = plan(n, seed)
    generic_paragraphs()  # build before forking, so workers inherit it
    tasks = [(lo, min(n, lo + CHUNK), seed, str(out), truth) for lo in range(0, n, CHUNK)]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    entries: list[dict[str, Any]] = []
    total_cites = 0
    with open(out / "truth.jsonl", "w", encoding="utf-8") if truth else open(os.devnull, "w") as tfh:

        def take(result: tuple[list[dict[str, Any]], list[str], int]) -> None:
            nonlocal total_cites
            e, t, c = result
            entries.extend(e)
            total_cites += c
            if t:
                tfh.write("\n".join(t) + "\n")
            if progress:
                progress(len(entries), n)

        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for result in pool.imap(_write_chunk, tasks):
                    take(result)
        else:
            for task in tasks:
                take(_write_chunk(task))
    if not truth:
        (out / "truth.jsonl").unlink(missing_ok=True)
    rest = {
        "instruments": [],
        "conventions": f"Synthetic corpus: every file starts with the line '{MARKER}'.",
        "synthetic": {
            "generator": "tipkg.synth",  # the generator's name in the manifest (data, not a module path)
            "version": __version__,
            "seed": seed,
            "documents": n,
        },
    }
    with open(out / "manifest.json", "w", encoding="utf-8") as fh:
        fh.write(_manifest_json(entries, rest))
    _PLAN = []
    return SynthResult(out, n, total_cites, time.perf_counter() - t0)
