"""notebooks/explore.ipynb: committed without outputs, and every cell runs in a fresh real kernel.

The kernel is started by nbclient (what nbmake drives too), with the notebook folder as working
directory and TIPKG_CORPUS pointing at the shared corpus, exactly as a user would run it. The same
file runs under ``pytest --nbmake notebooks/explore.ipynb``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import REPO

NOTEBOOK = REPO / "notebooks" / "explore.ipynb"
REMOTE_REF = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def _text(output: Any) -> str:
    """Everything a cell output shows, as one string (stream text or each rich representation)."""
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    data = output.get("data", {})
    return "\n".join(str(v) for k, v in data.items() if k.startswith("text/"))


def _run(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("TIPKG_CORPUS", str(corpus))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()
    return nb


def test_committed_notebook_has_no_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code cells"
    for cell in code:
        assert cell.outputs == [], f"cell {cell.get('id')} has committed outputs"
        assert cell.execution_count is None, f"cell {cell.get('id')} has an execution count"


@pytest.mark.slow
def test_notebook_runs_on_the_corpus(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = _run(corpus_dir, monkeypatch)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    outputs = {c.id: "\n".join(_text(o) for o in c.outputs) for c in code}
    everything = "\n".join(outputs.values())
    assert "not loaded:" not in everything
    assert "sources: ['" in everything  # the corpus was found, not the registry fallback
    # the chain of E/RES/2008/33 reaches the General Assembly resolution it bears in mind
    assert "A/RES/61/180" in outputs["cell-06"]
    assert "bearsInMind" in outputs["cell-06"]
    # a plot was drawn
    assert any("image/png" in o.get("data", {}) for c in code for o in c.outputs)
    # %%sparql gave a table
    assert "citedBy" in outputs["cell-16"]
    # the network view is an offline iframe
    frame = outputs["cell-18"]
    assert "<iframe srcdoc=" in frame
    assert not REMOTE_REF.search(html.unescape(frame))
    assert re.search(r"tipkg\.gexf: \d+ bytes", everything)


@pytest.mark.slow
def test_notebook_falls_back_to_the_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = _run(tmp_path / "no-corpus-here", monkeypatch)
    everything = "\n".join(_text(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "the registry alone" in everything
    assert re.search(r"tipkg\.gexf: \d+ bytes", everything)


@pytest.mark.slow
def test_notebook_passes_under_nbmake(corpus_dir: Path, tmp_path: Path) -> None:
    """The way the issue asks for it: nbmake runs the notebook in a fresh kernel, as its own pytest."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "TIPKG_CORPUS": str(corpus_dir)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbmake", str(NOTEBOOK)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "1 passed" in run.stdout
    # nbmake runs a copy: the committed notebook stays without outputs
    test_committed_notebook_has_no_outputs()
