"""``%%sparql``: a cell of SPARQL in a notebook, answered as a DataFrame.

``%load_ext tipkg`` registers it. The cell runs against the graph last built, opened or connected
through :class:`~tipkg.KnowledgeGraph`, or against ``%%sparql kg`` (a variable holding one), or
``%%sparql --endpoint URL`` (any SPARQL 1.1 endpoint). The project prefixes are predeclared, so a
cell can start at ``SELECT``. ``--out NAME`` also stores the table in the namespace as ``NAME``.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

import pandas as pd
from IPython.core.interactiveshell import InteractiveShell
from IPython.core.magic import Magics, cell_magic, magics_class

from tipkg.graph.notebook import api
from tipkg.graph.store.remote import RemoteEndpoint


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that raises instead of exiting the kernel on a bad ``%%sparql`` line."""

    def error(self, message: str) -> Any:
        raise ValueError(f"%%sparql: {message}")


_PARSER = _ArgumentParser(prog="%%sparql", add_help=False)
_PARSER.add_argument("graph", nargs="?", default=None, help="variable holding a KnowledgeGraph")
_PARSER.add_argument("--endpoint", "-e", default=None, help="URL of a SPARQL endpoint to query instead")
_PARSER.add_argument("--out", "-o", default=None, help="also store the DataFrame in this variable")


@magics_class
class SparqlMagics(Magics):
    """The ``%%sparql`` cell magic (endpoint connections are kept per URL for the session)."""

    def __init__(self, shell: InteractiveShell | None = None, **kwargs: Any) -> None:
        super().__init__(shell, **kwargs)
        self._endpoints: dict[str, api.KnowledgeGraph] = {}

    def _graph(self, name: str | None, endpoint: str | None) -> api.KnowledgeGraph:
        if name and endpoint:
            raise ValueError("%%sparql: name a graph variable or give --endpoint, not both")
        if endpoint:
            if endpoint not in self._endpoints:
                # remember=False: querying an endpoint once must not change the default graph
                self._endpoints[endpoint] = api.KnowledgeGraph(
                    RemoteEndpoint(endpoint), name=endpoint, remember=False
                )
            return self._endpoints[endpoint]
        if name:
            namespace = self.shell.user_ns if self.shell is not None else {}
            if name not in namespace:
                raise NameError(f"%%sparql: no variable {name!r} in the notebook")
            graph = namespace[name]
            if not isinstance(graph, api.KnowledgeGraph):
                raise TypeError(f"%%sparql: {name!r} is a {type(graph).__name__}, not a KnowledgeGraph")
            return graph
        return api.current()

    @cell_magic
    def sparql(self, line: str, cell: str) -> pd.DataFrame:
        """Run the cell's SPARQL query and return its result as a DataFrame.

        ``%%sparql [GRAPH] [--endpoint URL] [--out NAME]``
        """
        args = _PARSER.parse_args(shlex.split(line))
        if not cell.strip():
            raise ValueError("%%sparql: the cell holds no query")
        frame = self._graph(args.graph, args.endpoint).query(cell)
        if args.out:
            if self.shell is None:
                raise RuntimeError("%%sparql --out needs an IPython shell")
            self.shell.user_ns[args.out] = frame
        return frame


def load_ipython_extension(ipython: InteractiveShell) -> None:
    """Called by ``%load_ext tipkg``."""
    ipython.register_magics(SparqlMagics)
