"""The synthetic corpus: deterministic, marked, in its own symbol range, citing only the past, and
shaped like the real corpus; plus the text loader scored against what the generator wrote."""

from __future__ import annotations

import hashlib
import json
import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from tipkg.loaders.registry.load import load_registry
from tipkg.synth import corpus as synth
from tipkg.synth import vocab as synth_vocab
from tipkg.synth.check import read_truth, score_corpus

SEED = 11
N = 400


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synth.generate(N, SEED, out, jobs=2)
    return out


@pytest.fixture(scope="module")
def manifest(corpus: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def truths(corpus: Path) -> list[dict[str, Any]]:
    return list(read_truth(corpus))


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_output_whatever_the_worker_count(
    corpus: Path, tmp_path: Path
) -> None:
    synth.generate(N, SEED, tmp_path / "one", jobs=1)
    assert _tree(tmp_path / "one") == _tree(corpus)


def test_another_seed_gives_another_corpus(tmp_path: Path) -> None:
    synth.generate(30, 1, tmp_path / "a", jobs=1)
    synth.generate(30, 2, tmp_path / "b", jobs=1)
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert sum(a[k] != b.get(k) for k in a) > 25


def test_n_files_and_a_manifest_in_the_shared_corpus_format(corpus: Path, manifest: dict[str, Any]) -> None:
    files = sorted((corpus / "resolutions").iterdir())
    assert len(files) == N
    entries = manifest["resolutions"]
    assert len(entries) == N
    assert {e["file"] for e in entries} == {f"resolutions/{f.name}" for f in files}
    for e in entries:
        assert {"file", "symbol", "body", "adopted", "title", "format", "complete"} <= set(e)
        assert e["synthetic"] is True and e["format"] == "text"
        data = (corpus / e["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["sha256"]
        assert f"{e['symbol'].split('RES/')[-1]}. {e['title']}" in data.decode("utf-8")
    assert manifest["synthetic"] == {"generator": "tipkg.synth", "version": manifest["synthetic"]["version"],
                                     "seed": SEED, "documents": N}  # fmt: skip


def test_every_file_is_marked_synthetic_on_its_first_line(corpus: Path) -> None:
    for f in (corpus / "resolutions").iterdir():
        text = f.read_text(encoding="utf-8")
        assert text.split("\n", 1)[0] == synth.MARKER
        assert synth.is_synthetic(text)


def test_real_texts_are_not_taken_for_synthetic(corpus_dir: Path) -> None:
    for f in (corpus_dir / "resolutions").iterdir():
        assert not synth.is_synthetic(f.read_text(encoding="utf-8"))
    assert not synth.is_synthetic("United Nations\n" + synth.MARKER)
    assert synth.is_synthetic("\ufeff" + synth.MARKER + "\nUnited Nations")


def test_symbols_and_dates_lie_in_the_synthetic_range(manifest: dict[str, Any], corpus_dir: Path) -> None:
    for e in manifest["resolutions"]:
        assert synth.is_synthetic_symbol(e["symbol"]), e["symbol"]
        assert int(e["adopted"][:4]) >= synth.FIRST_YEAR
    real = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))["resolutions"]
    assert not any(synth.is_synthetic_symbol(e["symbol"]) for e in real)
    assert not synth.is_synthetic_symbol("A/RES/61/180") and not synth.is_synthetic_symbol("E/RES/2008/33")
    assert synth.is_synthetic_symbol("A/HRC/RES/903/2") and synth.is_synthetic_symbol("E/RES/2101/5")


def test_citations_point_only_to_earlier_documents(
    manifest: dict[str, Any], truths: list[dict[str, Any]]
) -> None:
    order = {e["symbol"]: (i, e["adopted"]) for i, e in enumerate(manifest["resolutions"])}
    cited = 0
    for i, t in enumerate(truths):
        assert t["symbol"] == manifest["resolutions"][i]["symbol"]
        for c in t["citations"]:
            if c["kind"] == "resolution":
                j, date = order[c["target"]]
                assert j < i and date < manifest["resolutions"][i]["adopted"] and c["date"] == date
                cited += 1
            elif c["kind"] == "document":
                assert synth.is_synthetic_symbol(c["target"]), c["target"]
    assert cited > N  # about 2.8 per document


def test_citations_attach_preferentially() -> None:
    docs = synth.plan(5000, 3)
    indegree = Counter(c for d in docs for c in d.cites)
    mean = sum(indegree.values()) / len(docs)
    assert max(indegree.values()) > 15 * mean  # heavy tail: a few documents are cited very often
    assert all(all(docs[c].date < d.date for c in d.cites) for d in docs)


def test_the_record_matches_the_text(corpus: Path, truths: list[dict[str, Any]]) -> None:
    registry = load_registry()
    for t in truths[:120]:
        text = (corpus / t["file"]).read_text(encoding="utf-8")
        for pid, label, _key, start, end, line in t["paragraphs"]:
            body = text[start:end]
            assert text.count("\n", 0, start) + 1 == line
            if label:
                assert re.sub(r"^\d+\. ", "", body).replace("\n", " ").startswith(label), (pid, body[:60])
            else:
                assert body.startswith(f"({pid.rsplit('/', 1)[1]}) ")
        for c in t["citations"]:
            quote = text[c["span"][0] : c["span"][1]].replace("\n", " ")
            if c["kind"] == "instrument":
                entry = registry.get(c["target"])
                assert entry is not None and quote in entry.names
            elif c["kind"] == "resolution":
                assert c["target"].endswith("/" + quote.replace("/", "/", 1).split("/", 1)[1])
            else:
                assert quote == c["target"]
        for fn in t["footnotes"]:
            sup = fn["marker"].translate(synth.SUPERSCRIPTS)
            assert f"\n{sup} {fn['text']}\n" in text
            if "unts" in fn:
                entry = registry.get(fn["target"])
                assert entry is not None
                vol, reg = entry.fact("unts_volume"), entry.fact("unts_registration")
                assert vol is not None and reg is not None
                assert [vol.value, reg.value] == fn["unts"]


def test_paragraph_counts_and_lengths_follow_the_real_corpus(
    truths: list[dict[str, Any]], corpus: Path
) -> None:
    pre_words: list[int] = []
    n_pre: list[int] = []
    n_op: list[int] = []
    for t in truths[:150]:
        text = (corpus / t["file"]).read_text(encoding="utf-8")
        pre = [p for p in t["paragraphs"] if p[0].startswith("pp/")]
        n_pre.append(len(pre))
        n_op.append(sum(1 for p in t["paragraphs"] if p[0].count("/") == 1 and p[0].startswith("op/")))
        pre_words += [len(text[s:e].split()) for _, _, _, s, e, _ in pre]
    real = statistics.mean(synth_vocab.PREAMBULAR_WORDS)
    assert 0.75 * real < statistics.mean(pre_words) < 1.3 * real
    assert min(n_pre) >= 8 and max(n_pre) <= 22 and min(n_op) >= 8 and max(n_op) <= 26


def test_embedded_weights_are_the_counts_of_the_real_corpus(corpus_dir: Path) -> None:
    """The weights in tipkg.synth.vocab are what counting the corpus and gold gives today."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((corpus_dir / "resolutions").iterdir())]
    gold = sorted((corpus_dir / "gold").glob("*.json"))
    assert dict(synth_vocab.count_openings(texts)) == synth_vocab.TEXT_COUNTS
    assert dict(synth_vocab.count_gold_phrases(gold)) == synth_vocab.GOLD_COUNTS
    assert dict(synth_vocab.count_gold_instruments(gold)) == synth_vocab.INSTRUMENT_COUNTS
    lengths = synth_vocab.paragraph_lengths(texts)
    assert tuple(lengths["preambular"]) == synth_vocab.PREAMBULAR_WORDS
    assert tuple(lengths["operative"]) == synth_vocab.OPERATIVE_WORDS


def test_opening_phrases_follow_the_corpus_weights(truths: list[dict[str, Any]]) -> None:
    used = Counter(p[1] for t in truths for p in t["paragraphs"] if p[0].startswith("pp/"))
    # the most frequent preambular openings of the real texts are among the most frequent here
    top = {label for label, _ in used.most_common(6)}
    assert {"Recalling", "Recognizing", "Reaffirming"} <= top


def test_number_words() -> None:
    assert synth.ordinal_words(901) == "nine hundred and first"
    assert synth.ordinal_words(922) == "nine hundred and twenty-second"
    assert synth.ordinal_words(930) == "nine hundred and thirtieth"
    assert synth.ordinal_suffix(44) == "44th" and synth.ordinal_suffix(111) == "111th"
    assert synth.ordinal_suffix(62) == "62nd" and synth.long_date("2101-03-03") == "3 March 2101"


def test_cli_writes_the_corpus(tmp_path: Path) -> None:
    from tipkg.cli import app

    result = CliRunner().invoke(app, ["synth", "25", str(tmp_path / "c"), "--seed", "4", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "c" / "resolutions").iterdir())) == 25
    assert "wrote 25 synthetic documents" in result.output
    result = CliRunner().invoke(app, ["synth", "5", str(tmp_path / "d"), "--no-truth"])
    assert result.exit_code == 0 and not (tmp_path / "d" / "truth.jsonl").exists()


def test_text_loader_recovers_what_the_generator_wrote(corpus: Path) -> None:
    """The text loader on 120 varied synthetic documents (both layouts): recall per kind of item.

    Floors sit a little under the recall measured when this test was written (see the report of
    the synth task), so a regression in the loader shows here.
    """
    from tipkg.loaders.sources.text import load_text_file

    score = score_corpus(corpus, load_text_file, limit=120)
    summary = score.summary()
    print("synthetic corpus recall:", summary, "misses:", score.misses[:5])
    assert score.documents == 120
    assert summary["header_fields"] >= 0.85
    assert summary["paragraphs"] >= 0.98
    assert summary["citations"] >= 0.90
    assert summary["citation_dates"] >= 0.95
    assert summary["citation_precision"] >= 0.95
    assert summary["mentions"] >= 0.95
    assert summary["footnotes"] >= 0.75
    assert summary["addressees"] >= 0.90


def test_bench_runs_on_a_tiny_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    """bench/bench_build.py end to end (build, split, baseline) on 4 documents, without validation."""
    import importlib.util

    path = REPO / "bench" / "bench_build.py"
    spec = importlib.util.spec_from_file_location("bench_build", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--sizes", "2,4", "--sample", "2", "--no-validate", "--jobs", "1", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["rows"]
    assert [r["size"] for r in rows] == [2, 4]
    assert all(r["documents"] == r["size"] and r["errors"] == 0 and r["triples"] > 0 for r in rows)
    assert all(r["baseline_s"] > 0 for r in rows)


def test_loaded_synthetic_documents_keep_their_symbol_and_date(
    corpus: Path, truths: list[dict[str, Any]]
) -> None:
    from tipkg.loaders.sources.text import load_text_file

    for t in truths[:20]:
        doc = load_text_file(corpus / t["file"])
        assert doc.symbol == t["symbol"]
        assert doc.date is not None and doc.date >= "2100"
