"""tipkg: the knowledge graph of UN instruments and bodies against trafficking in persons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["KnowledgeGraph", "__version__", "load_ipython_extension"]

if TYPE_CHECKING:
    from tipkg.graph.notebook.api import KnowledgeGraph


def __getattr__(name: str) -> Any:
    # Lazy: `import tipkg` stays cheap (no rdflib, pandas or pyoxigraph until the API is used).
    if name == "KnowledgeGraph":
        from tipkg.graph.notebook.api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'tipkg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "KnowledgeGraph"})


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext tipkg``: register the ``%%sparql`` cell magic."""
    from tipkg.graph.notebook.magic import load_ipython_extension as load

    load(ipython)
