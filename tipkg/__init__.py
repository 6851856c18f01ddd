"""tipkg: the knowledge graph of UN instruments and bodies against trafficking in persons."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
