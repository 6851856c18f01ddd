"""`pip install .` outside the repository gives a working `tipkg` command (no top-level `graph`)."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_pip_install_into_fresh_venv(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(REPO)],
        check=True,
        cwd=tmp_path,
        env=env,
    )
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    ).stdout.strip()
    # everything lands under the one import package
    for stray in ("graph", "loaders", "ontology", "queries", "tests"):
        assert not (Path(site) / stray).exists(), f"{stray} installed at the top of site-packages"
    assert (Path(site) / "tipkg" / "ontology" / "tipkg.ttl").is_file()
    assert (Path(site) / "tipkg" / "ontology" / "undo-mapping.ttl").is_file()
    assert (Path(site) / "tipkg" / "graph" / "build" / "topics" / "trafficking.toml").is_file()
    assert list((Path(site) / "tipkg" / "queries").glob("*.rq"))
    tipkg = env_dir / "bin" / "tipkg"
    helped = subprocess.run(
        [str(tipkg), "--help"], check=True, capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert "build" in helped.stdout
    built = subprocess.run(
        [str(tipkg), "build", "--out", "out.trig", "--store", "store", "--min-loaded", "0"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "out.trig").stat().st_size > 1000
    assert (tmp_path / "store").is_dir()
