"""Default locations, importable without loading the RDF stack (the CLI starts fast)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_OUT = Path("build/tipkg.trig")
DEFAULT_STORE = Path("build/store")
#: ``--format`` names of dataset files
DATASET_FORMATS = ("trig", "nq", "ttl", "jsonld")
