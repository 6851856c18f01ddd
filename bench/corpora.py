"""The corpora the benchmarks read: synthetic ones written by ``tipkg synth`` (a corpus of n documents
is the prefix of a larger one of the same seed), and the first n files of a manifest."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tipkg.synth.corpus import generate

MANIFEST = "manifest.json"


def corpus_files(corpus: Path, n: int, manifest: str = MANIFEST) -> list[Path]:
    """The first ``n`` files of the corpus in manifest order."""
    entries = json.loads((corpus / manifest).read_text(encoding="utf-8"))["resolutions"]
    return [corpus / e["file"] for e in entries[:n]]


def write_corpus(n: int, seed: int, folder: Path, jobs: int | None = None) -> Path:
    """A synthetic corpus of ``n`` documents in ``folder`` (no truth.jsonl)."""
    generate(n, seed, folder, jobs=jobs, truth=False)
    return folder


def ensure_corpus(corpus: Path | None, n: int, seed: int, work: Path) -> tuple[Path, dict[str, Any]]:
    """The corpus of ``n`` documents: ``corpus`` reused when it holds one that large, else written
    there (or under ``work``)."""
    corpus = corpus or work / f"synth-{seed}-{n}"
    manifest = corpus / MANIFEST
    if manifest.is_file():
        have = len(json.loads(manifest.read_text(encoding="utf-8"))["resolutions"])
        if have >= n:
            return corpus, {"documents": have, "reused": True, "path": str(corpus)}
        raise SystemExit(
            f"{corpus} holds {have:,} resolutions, fewer than {n:,}: give a larger corpus or a new folder"
        )
    if corpus.exists() and any(corpus.iterdir()):
        raise SystemExit(f"{corpus} is not empty and has no manifest.json: give a corpus or a new folder")
    t0 = time.perf_counter()
    write_corpus(n, seed, corpus)
    return corpus, {"documents": n, "reused": False, "seconds": time.perf_counter() - t0, "path": str(corpus)}
