"""Issue 26, faults: builds killed with SIGKILL at random points, builds run at the same time, a
full disk and a read-only one. After each, the previous graph answers `tipkg chain` and
`tipkg query` exactly as before (or, when the kill came after the commit, the new graph does, whole),
and the store and the dataset file come from the same build.

The builds are real `tipkg build` processes (the console script of this environment); the
answers are read with the real commands, in this process.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.graph.build.built_store import BuiltStore

TIPKG = Path(sys.executable).parent / "tipkg"
LATER = "E_RES_2008_33.md"  # left out of the first build, so that a later build changes the answers
KILLS = 6


class Site(BuiltStore):
    """A store and its dataset file, built from ``src``; the environment of its builds."""

    def __init__(self, root: Path) -> None:
        super().__init__(root / "build" / "store", root / "build" / "tipkg.trig")
        self.root = root
        self.tmp = root / "tmp"  # the builds' temporary folder (spools)
        self.tmp.mkdir(parents=True, exist_ok=True)

    def command(self, src: Path, *args: str) -> list[str]:
        return [str(TIPKG), "build", str(src), "--store", str(self.store), "--out", str(self.out), *args]

    def start(self, src: Path, *args: str) -> subprocess.Popen[str]:
        env = {**os.environ, "TMPDIR": str(self.tmp)}
        return subprocess.Popen(
            self.command(src, *args),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            start_new_session=True,  # its own process group: its parse workers go with it
        )

    def leftovers(self) -> list[str]:
        """The generations folder's strays, and the builds' spools left in their temporary folder."""
        return sorted(super().leftovers() + [p.name for p in self.tmp.iterdir()])


def _sources(corpus_dir: Path, into: Path, *, later: bool) -> Path:
    into.mkdir(exist_ok=True)
    for f in sorted((corpus_dir / "resolutions").iterdir()):
        if f.name != LATER or later:
            shutil.copy(f, into / f.name)
    return into


def _finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str]:
    out, _ = proc.communicate(timeout=timeout)
    return proc.returncode, out


@pytest.fixture
def site(tmp_path: Path, corpus_dir: Path) -> Iterator[tuple[Site, Path, float]]:
    """A site with a good build of the corpus less one file; the seconds a whole build takes."""
    s = Site(tmp_path / "site")
    src = _sources(corpus_dir, tmp_path / "src", later=False)
    start = time.monotonic()
    code, output = _finish(s.start(src, "--jobs", "2"))
    assert code == 0, output
    yield s, src, time.monotonic() - start


def test_kill_9_at_random_points_leaves_a_whole_graph(
    site: tuple[Site, Path, float], corpus_dir: Path
) -> None:
    s, src, seconds = site
    before, generation = s.answers(), s.generation()
    # what the graph answers once the later file is in: a build of its own, elsewhere
    other = Site(s.root.parent / "other")
    all_src = _sources(corpus_dir, s.root.parent / "all", later=True)
    code, output = _finish(other.start(all_src, "--jobs", "2"))
    assert code == 0, output
    after = other.answers()
    assert after[:2] != before[:2]

    seed = int(os.environ.get("TIPKG_FAULT_SEED", time.time_ns() % 10_000))
    rng = random.Random(seed)
    shutil.copy(corpus_dir / "resolutions" / LATER, src / LATER)
    outcomes = []
    for i in range(KILLS):
        delay = seconds * (i + rng.random()) / KILLS  # spread over the whole build, startup to commit
        proc = s.start(src, "--jobs", "2", *(["--full"] if i % 2 else []))
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        _finish(proc)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # parse workers the kill orphaned, if any
        now = s.generation()
        expected = before if now == generation else after
        assert s.answers() == expected, f"seed {seed}, kill {i} after {delay:.2f} s"
        if now != generation:
            assert (s.root / "build" / "tipkg.trig").read_bytes() == Path(
                os.path.realpath(s.out)
            ).read_bytes()
        outcomes.append("committed" if now != generation else "unchanged")
        generation, before = now, expected

    code, output = _finish(s.start(src, "--jobs", "2"))  # the next build cleans up after the dead
    assert code == 0, output
    assert s.answers() == after
    assert s.leftovers() == [], f"seed {seed}: {outcomes}"


def test_concurrent_builds_take_turns_and_readers_go_on(
    site: tuple[Site, Path, float], corpus_dir: Path
) -> None:
    s, src, _ = site
    before = s.answers()
    shutil.copy(corpus_dir / "resolutions" / LATER, src / LATER)
    seen: list[tuple[str, str, str]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append(s.answers())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        procs = [s.start(src, "--full", "--jobs", "1") for _ in range(3)]
        results = [_finish(p) for p in procs]
    finally:
        stop.set()
        reader.join()
    assert [code for code, _ in results] == [0, 0, 0], results
    assert any("waiting for another build to finish" in out for _, out in results)
    assert not any("Traceback" in out for _, out in results)
    after = s.answers()
    assert after != before
    # each answer is the old graph's or the new one's, whole (a commit may fall between two commands)
    odd = [(i, a[i]) for a in seen for i in range(3) if a[i] not in (before[i], after[i])]
    assert seen and not odd, odd[:1]
    assert s.leftovers() == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 96 MB tmpfs (a build of the development texts with the whole registry fits), or a skip saying why there is none."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", str(disk)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {done.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _fill(disk: Path, leave_kb: int) -> Path:
    filler = disk / "filler"
    avail = shutil.disk_usage(disk).free // 1024
    with open(filler, "wb") as fh:
        fh.truncate(0)
        block = b"\0" * (1 << 20)
        for _ in range(max(0, avail - leave_kb) // 1024):
            fh.write(block)
        fh.write(b"\0" * (((avail - leave_kb) % 1024) * 1024))
    return filler


def test_a_full_disk_and_a_read_only_one_change_nothing(small_disk: Path, corpus_dir: Path) -> None:
    s = Site(small_disk / "site")
    s.tmp = small_disk / "site" / "tmp"
    src = corpus_dir / "resolutions"
    code, output = _finish(s.start(src, "--jobs", "2"))
    assert code == 0, output
    before, generation = s.answers(), s.generation()

    filler = _fill(small_disk, leave_kb=300)
    for args in (["--full"], []):  # a whole new store; an incremental one (checkpoint + dataset file)
        code, output = _finish(s.start(src, "--jobs", "2", *args))
        assert code == 3, output
        lines = output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: no space left on the device"), output
        assert lines[0].endswith("the build stopped and the graph is unchanged")
        assert s.answers() == before and s.generation() == generation
        assert s.leftovers() == []

    filler.unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        code, output = _finish(s.start(src, "--jobs", "2"))
        assert code == 3, output
        assert output.strip().startswith("error: read-only file system"), output
        assert s.answers() == before and s.generation() == generation
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)

    code, output = _finish(s.start(src, "--jobs", "2", "--full"))
    assert code == 0, output
    assert s.generation() != generation and s.answers()[:2] == before[:2]
    assert s.leftovers() == []
