"""Truth from the official files: the PDF and text versions of AKN texts read back and compared.

For each Akoma Ntoso file: the document as its markup states it (the truth), and the same text
printed (:mod:`tipkg.synth.printed`) as a UN PDF (:mod:`tipkg.synth.unpdf`), as text flattened to one
line, and as a fragment pasted from part of it; each version is written to a work folder, loaded by
the loader a user's file of that kind gets (:func:`tipkg.loaders.sources.dispatch.load_source`) and
compared per (paragraph, relation, target) (:mod:`tipkg.loaders.evaluate_akn`). ``tipkg eval
--against-akn`` runs it; tests/synth/test_against_akn.py holds the targets.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from tipkg.loaders.errors import LoadError
from tipkg.loaders.evaluate import Score
from tipkg.loaders.evaluate_akn import Agreement, citation_keys, compare, compare_fragment
from tipkg.loaders.registry.load import default_registry
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.akn import load_akn, read_akn
from tipkg.loaders.sources.dispatch import load_source
from tipkg.synth.printed import flattened_text, fragment_text, plain_text, printed
from tipkg.synth.unpdf import write_pdf

VERSIONS = ("pdf", "flattened", "fragment", "plain")
#: the agreement each version must reach (issue 25); the plain text is the parser's own ceiling
TARGETS = {"pdf": 0.97, "flattened": 0.95}


def official_files(paths: Iterable[Path], limit: int | None = None) -> list[Path]:
    """The AKN files under ``paths`` (files or folders; English folders when a folder has language
    folders), sorted, at most ``limit``."""
    out: list[Path] = []
    for p in paths:
        if p.is_file():
            out.append(p)
        elif p.is_dir():
            found = sorted(x for x in p.rglob("*.xml") if "data_extract" not in x.parts)
            english = [x for x in found if "English" in x.parts or "english" in str(x).lower()]
            out.extend(english or found)
    return out[:limit] if limit else out


def against_akn(
    files: Sequence[Path],
    versions: Sequence[str] = ("pdf", "flattened", "fragment"),
    *,
    workdir: Path | None = None,
    registry: Registry | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Agreement]:
    """Every file's versions compared with it; a version that fails to load agrees on nothing."""
    reg = registry if registry is not None else default_registry()
    results: list[Agreement] = []
    with tempfile.TemporaryDirectory(prefix="tipkg-akn-") as tmp:
        out = workdir or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for n, path in enumerate(files, start=1):
            results.extend(_one(path, versions, out, reg))
            if progress is not None:
                progress(n, len(files))
    return results


def _one(path: Path, versions: Sequence[str], out: Path, reg: Registry) -> list[Agreement]:
    name = path.name
    try:
        official = load_akn(path, registry=reg)
        doc = printed(read_akn(path), path.name)
    except LoadError as exc:
        return [Agreement(name, "official", Score(0, 0, 0), error=exc.describe())]
    stem = path.stem.replace(" ", "_")
    results: list[Agreement] = []
    for version in versions:
        if version == "pdf":
            target = write_pdf(doc, out / f"{stem}.pdf")
        else:
            text = {
                "flattened": lambda: flattened_text(doc),
                "fragment": lambda: fragment_text(doc)[0],
                "plain": lambda: plain_text(doc),
            }[version]()
            target = out / f"{stem}.{version}.txt"
            target.write_text(text, encoding="utf-8")
        try:
            loaded = load_source(target, registry=reg)
        except LoadError as exc:
            expected = sum(citation_keys(official).values())
            results.append(Agreement(name, version, Score(0, 0, expected), error=exc.describe()))
            continue
        if version == "fragment":
            results.append(compare_fragment(official, loaded, name=name))
        else:
            results.append(compare(official, loaded, name=name, label=version))
    return results


def totals(results: Iterable[Agreement]) -> dict[str, Score]:
    """The scores of each version over all documents."""
    out: dict[str, Score] = {}
    for r in results:
        out[r.version] = out.get(r.version, Score(0, 0, 0)) + r.score
    return out
