"""A built store and its dataset file as the reliability and fault tests read them: what `tipkg
chain` and `tipkg query` answer from each, which generation both come from, and what else lies in
the generations folder."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from tipkg.cli import app
from tipkg.graph.store.generations import Layout

CHAIN = ["chain", "A/HRC/RES/11/3", "--up"]
QUERY = ["query", "mandates", "--param", "body=UNODC", "--format", "csv"]


def cli(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(app, list(args))
    return res.exit_code, res.output


class BuiltStore:
    """A store and its dataset file, at ``store`` and ``out``."""

    def __init__(self, store: Path, out: Path) -> None:
        self.store, self.out = store, out

    def answers(self) -> tuple[str, str, str]:
        """What `tipkg chain` and `tipkg query` print from the store, and `tipkg query` from the file."""
        chain = cli(*CHAIN, "--store", str(self.store))
        query = cli(*QUERY, "--store", str(self.store))
        from_file = cli(*QUERY, "--file", str(self.out))
        assert chain[0] == query[0] == from_file[0] == 0, (chain, query, from_file)
        return chain[1], query[1], from_file[1]

    def generation(self) -> str:
        """The generation the store and the dataset file are read from (they must be one)."""
        store_gen = Path(os.path.realpath(self.store)).parent
        file_gen = Path(os.path.realpath(self.out)).parent.parent
        assert store_gen == file_gen, "store and dataset file out of step"
        return store_gen.name

    def leftovers(self) -> list[str]:
        """What is in the generations folder besides the lock, the pointer and committed builds."""
        layout = Layout(self.store)
        current = layout.current()
        assert current is not None
        keep = {"lock", "current", current.name}
        previous = current / "previous"
        if previous.is_file():
            keep.add(previous.read_text().strip())
        return sorted(p.name for p in layout.root.iterdir() if p.name not in keep)
