"""Shared fixtures: the real corpus lives in ../shared/corpus (never copied into the repository)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def find_corpus() -> Path | None:
    env = os.environ.get("TIPKG_CORPUS")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "corpus")
    for c in candidates:
        if (c / "manifest.json").is_file():
            return c
    return None


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    corpus = find_corpus()
    if corpus is None:
        pytest.fail("the shared corpus is missing: expected ../shared/corpus or TIPKG_CORPUS")
    return corpus


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def built_corpus(corpus_dir: Path) -> object:
    """The real corpus built once per session (graph.build, no validation); skips while no loader works."""
    build_mod = pytest.importorskip(
        "tipkg.graph.build.build", reason="graph/build/build.py is not importable yet"
    )
    result = build_mod.build([corpus_dir / "resolutions"], validate=False)
    if not result.documents:
        pytest.skip(f"the build loaded no documents yet ({len(result.errors)} load errors)")
    return result


def pytest_sessionstart(session: pytest.Session) -> None:
    """Install the real servers the tests talk to (Debian's Virtuoso and Chromium) when missing.

    The scripts are idempotent; without root (or apt) they fail and the tests that need the
    server report why.
    """
    import shutil
    import subprocess

    for script, present in (
        ("install-virtuoso", shutil.which("virtuoso-t")),
        ("install-chromium", os.access("/usr/bin/chromium", os.X_OK)),
    ):
        if not present and os.geteuid() == 0:
            subprocess.run(["bash", str(REPO / ".ci" / script)], check=False)
