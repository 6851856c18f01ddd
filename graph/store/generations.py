"""Build generations: the store and the dataset file of one build switch together, or not at all.

A build used to swap the store's symlink and, separately, replace the dataset file: a build killed
between the two left them out of step, and a failed one could leave its half-written folder behind.
Now each build fills one *generation* folder beside the store::

    build/store       -> .store.generations/current/store            (links written once)
    build/tipkg.trig  -> .store.generations/current/files/tipkg.trig
    build/.store.generations/
        lock                     the build lock (graph/store/lock.py)
        current -> g18c…-4242    the pointer: switched by one os.replace, the commit
        g18c…-4242/              store/ (Oxigraph), files/ (dataset files), previous, spool/ while building
        g18b…-4100/              the generation before: kept until the next build, for readers

Everything a build writes goes into its own generation; only the last step, a rename of the
``current`` symlink (after fsync of the folder), makes it live, and makes the store and the dataset
file live together. A build that dies at any point before leaves a folder that no link names: the
next build, holding the lock, removes it (:func:`clean`). Readers resolve the links once, when they
open, and go on reading the generation they opened; the one before the current is kept until the
next build starts, so a reader is never left with a folder removed under it by the build after it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

POINTER = "current"
LOCK = "lock"
PREVIOUS = "previous"
_GENERATION = re.compile(r"^g[0-9a-f]+-\d+$")
#: folders the store swap of earlier tipkg versions left beside the store (``store-<ns>``)
_LEGACY = re.compile(r"^(?P<name>.+)-\d{12,}$")


@dataclass(frozen=True)
class Layout:
    """Where a store's generations live: a hidden folder beside the path the user names."""

    store: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "store", Path(os.path.abspath(self.store)))

    @property
    def root(self) -> Path:
        return self.store.parent / f".{self.store.name}.generations"

    @property
    def pointer(self) -> Path:
        return self.root / POINTER

    @property
    def lock(self) -> Path:
        return self.root / LOCK

    def current(self) -> Path | None:
        """The committed generation folder, or None before the first build."""
        try:
            name = os.readlink(self.pointer)
        except (FileNotFoundError, NotADirectoryError):
            return None
        gen = self.root / name
        return gen if gen.is_dir() else None

    def current_store(self) -> Path | None:
        """The store the next incremental build starts from: the current generation's, or one
        that an earlier tipkg version left at the store's path."""
        gen = self.current()
        if gen is not None and (gen / "store").is_dir():
            return gen / "store"
        if self.store.is_dir() and not self._is_ours(self.store):
            return self.store.resolve()
        return None

    def _is_ours(self, path: Path) -> bool:
        return path.is_symlink() and os.readlink(path).startswith(f".{self.store.name}.generations")


@dataclass(frozen=True)
class Staged:
    """A generation being built: nothing links to it until :func:`commit`."""

    dir: Path

    @property
    def store(self) -> Path:
        return self.dir / "store"

    @property
    def files(self) -> Path:
        return self.dir / "files"

    @property
    def spool(self) -> Path:
        """Temporary files of the build (removed at commit; with the folder when it dies)."""
        return self.dir / "spool"

    def file(self, out: Path) -> Path:
        """Where the dataset file that will appear at ``out`` is written."""
        return self.files / out.name


def stage(layout: Layout) -> Staged:
    """A fresh, empty generation folder (its name sorts by creation time)."""
    layout.root.mkdir(parents=True, exist_ok=True)
    staged = Staged(layout.root / f"g{time.time_ns():x}-{os.getpid()}")
    staged.dir.mkdir()
    staged.files.mkdir()
    staged.spool.mkdir()
    return staged


def commit(layout: Layout, staged: Staged, outs: Iterable[Path] = ()) -> None:
    """Make ``staged`` the live generation: its store at ``layout.store``, its files at ``outs``.

    Durable before visible: every file of the generation is fsync'ed, then the pointer is switched
    by one ``os.replace`` and its folder fsync'ed. The links at the user's paths name the pointer, so
    they are written only once (or when a path holds something else, such as an older layout).
    """
    shutil.rmtree(staged.spool, ignore_errors=True)
    before = layout.current()
    if before is not None:
        (staged.dir / PREVIOUS).write_text(before.name + "\n", encoding="utf-8")
    sync_tree(staged.dir)
    tmp = layout.root / f".{POINTER}.{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(staged.dir.name, tmp)
    os.replace(tmp, layout.pointer)
    fsync_dir(layout.root)
    _link(layout.store, layout.pointer / "store", layout)
    for out in outs:
        _link(out, layout.pointer / "files" / out.name, layout)


def discard(staged: Staged) -> None:
    """Remove a generation that will not be committed."""
    shutil.rmtree(staged.dir, ignore_errors=True)


def clean(layout: Layout) -> list[str]:
    """Remove what dead or failed builds left (call it holding the lock); the names removed.

    Kept: the current generation and the one before it (a reader may still have it open).
    Removed: every other generation folder (a build killed before its commit), temporary pointer
    links, and the ``store-<ns>`` folders the store swap of earlier tipkg versions left behind.
    """
    removed: list[str] = []
    current = layout.current()
    keep = {LOCK, POINTER}
    if current is not None:
        keep.add(current.name)
        with contextlib.suppress(OSError):
            keep.add((current / PREVIOUS).read_text(encoding="utf-8").strip())
    if layout.root.is_dir():
        for entry in layout.root.iterdir():
            if entry.name in keep:
                continue
            if _GENERATION.match(entry.name) or entry.name.startswith(f".{POINTER}."):
                _remove(entry)
                removed.append(str(entry))
    removed.extend(_clean_legacy(layout))
    return removed


def _clean_legacy(layout: Layout) -> list[str]:
    """``store-<ns>`` folders beside the store that its (older-layout) symlink does not name."""
    parent, name = layout.store.parent, layout.store.name
    if not parent.is_dir():
        return []
    live = os.path.realpath(layout.store) if layout.store.is_symlink() else None
    removed = []
    for entry in parent.iterdir():
        m = _LEGACY.match(entry.name)
        if m and m.group("name") == name and entry.is_dir() and not entry.is_symlink():
            if live is None or os.path.realpath(entry) != live:
                _remove(entry)
                removed.append(str(entry))
        elif entry.name.startswith(f".{name}.link-") and entry.is_symlink():
            entry.unlink()
            removed.append(str(entry))
    return removed


def _link(path: Path, target: Path, layout: Layout) -> None:
    """Make ``path`` a relative symlink to ``target`` (atomically; a path holding the store of an
    older layout is moved aside or, if it was that layout's symlink, its folder removed)."""
    path = Path(os.path.abspath(path))
    wanted = os.path.relpath(target, path.parent)
    if path.is_symlink() and os.readlink(path) == wanted:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    old_target = os.path.realpath(path) if path.is_symlink() else None
    if path.is_dir() and not path.is_symlink():
        path.rename(path.parent / f"{path.name}-replaced-{time.time_ns()}")
    tmp = path.parent / f".{path.name}.link-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(wanted, tmp)
    os.replace(tmp, path)
    fsync_dir(path.parent)
    if old_target and _LEGACY.match(Path(old_target).name) and Path(old_target).parent == path.parent:
        shutil.rmtree(old_target, ignore_errors=True)  # the store-<ns> folder of an older layout


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def sync_tree(folder: Path) -> None:
    """fsync every file and folder under ``folder`` (a commit must survive a power cut too)."""
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            try:
                fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            except FileNotFoundError:  # an open store may drop an obsolete file meanwhile
                continue
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(dirpath))


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
