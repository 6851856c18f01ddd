"""The layout stays as docs/architecture.md draws it: imports go down the layers, never up.

Layers, bottom to top: ``tipkg.ontology`` ← ``tipkg.loaders`` and ``tipkg.queries`` (side by side,
neither imports the other) ← ``tipkg.graph`` ← ``tipkg.synth`` ← ``tipkg.cli``. Inside loaders and
graph the folders are layered too (:data:`INNER`). The top package ``tipkg`` itself (``__version__``,
the lazy ``KnowledgeGraph``) may be imported from anywhere. Every import of a tipkg module is read
from the source (ast), type-checking ones included, and a few more rules keep the tree readable:
no function-level imports of tipkg modules outside :data:`DEFERRED`, no module over
:data:`MAX_LINES` lines outside :data:`LONG`, every package listed in pyproject.toml.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

#: import package -> folder of the repository
ROOTS = {
    "tipkg.ontology": REPO / "ontology",
    "tipkg.loaders": REPO / "loaders",
    "tipkg.queries": REPO / "queries",
    "tipkg.graph": REPO / "graph",
    "tipkg": REPO / "tipkg",
}
#: layer of each top-level part; a module may import its own layer's part and lower layers only
LAYERS = {"ontology": 0, "loaders": 1, "queries": 1, "graph": 2, "synth": 3, "cli": 4}
#: inside a part: sub-folder (or module) -> rank; a module imports its own sub-folder or lower ranks
INNER: dict[str, dict[str, int]] = {
    "loaders": {
        "model": 0,
        "errors": 0,
        "trie": 0,
        "emit_proceedings": 1,
        "emit": 2,
        "registry": 3,
        "parse": 4,
        "sources": 5,
        "evaluate": 6,
        "evaluate_akn": 7,
        "agreement": 6,
    },
    "graph": {"store": 0, "query": 1, "validate": 1, "build": 2, "export": 2, "endpoint": 2, "notebook": 3},
}
#: modules allowed to import tipkg modules inside functions, and why
DEFERRED = {
    "tipkg": "import tipkg stays cheap: KnowledgeGraph and the %%sparql magic load on first use",
    "tipkg.cli.*": "tipkg --help starts in a quarter second: each command loads the library it runs",
}
MAX_LINES = 600
#: modules allowed to be longer, and why
LONG: dict[str, str] = {}


def _module_name(path: Path) -> str:
    for package, folder in sorted(ROOTS.items(), key=lambda kv: -len(str(kv[1]))):
        if path.is_relative_to(folder):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            return ".".join([package, *parts])
    raise AssertionError(path)


def _modules() -> Iterator[tuple[str, Path]]:
    for folder in ROOTS.values():
        for path in sorted(folder.rglob("*.py")):
            if "static" not in path.parts:
                yield _module_name(path), path


MODULES = dict(_modules())


def _part(module: str) -> tuple[str, str] | None:
    """(layer part, inner folder or module) of a tipkg module; None for the top package."""
    parts = module.split(".")[1:]
    if not parts:
        return None
    return parts[0], parts[1] if len(parts) > 1 else ""


def _imports(path: Path) -> Iterator[tuple[str, int, bool]]:
    """(imported tipkg module, line, inside a function) for every import of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(n) for n in ast.walk(node) if n is not node)
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from tipkg.graph import api": the module imported is tipkg.graph.api when it is one
            names = [
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                for a in node.names
            ]
        for name in names:
            if name == "tipkg" or name.startswith("tipkg."):
                yield name, node.lineno, id(node) in in_function


def _allowed(importer: str, imported: str) -> bool:
    here, there = _part(importer), _part(imported)
    if there is None:  # the top package: __version__
        return True
    if here is None:  # the top package imports only the notebook face, lazily
        return imported.startswith("tipkg.graph.notebook")
    if here[0] != there[0]:
        return LAYERS[there[0]] < LAYERS[here[0]]
    ranks = INNER.get(here[0])
    if ranks is None or here[1] == there[1] or not here[1] or not there[1]:
        return True
    return ranks[there[1]] < ranks[here[1]]


def _deferred_ok(module: str) -> bool:
    return any(module == k or (k.endswith(".*") and module.startswith(k[:-1])) for k in DEFERRED)


def test_the_layout_is_found() -> None:
    parts = {_part(m)[0] for m in MODULES if _part(m)}  # type: ignore[index]
    assert parts == set(LAYERS), parts
    for part, ranks in INNER.items():
        found = {_part(m)[1] for m in MODULES if (_part(m) or ("", ""))[0] == part} - {""}
        assert found == set(ranks), (part, found ^ set(ranks))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_upward_import(module: str) -> None:
    wrong = [
        f"{MODULES[module].relative_to(REPO)}:{line} imports {name}"
        for name, line, _ in _imports(MODULES[module])
        if not _allowed(module, name)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_function_level_import_of_tipkg(module: str) -> None:
    if _deferred_ok(module):
        return
    hidden = [
        f"{MODULES[module].relative_to(REPO)}:{line} imports {name} inside a function"
        for name, line, inside in _imports(MODULES[module])
        if inside
    ]
    assert not hidden, "\n".join(hidden)


def test_no_module_is_too_long() -> None:
    long = {
        m: n
        for m, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES and m not in LONG
    }
    assert not long, long


def test_every_package_is_installed() -> None:
    """pyproject.toml lists every folder of modules, and every such folder is a package."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    packages = {m for m, path in MODULES.items() if path.name == "__init__.py"}
    assert listed == packages
    for path in MODULES.values():
        assert (path.parent / "__init__.py").is_file(), path


def test_package_docstrings_say_what_each_folder_is_for() -> None:
    for module, path in MODULES.items():
        if path.name == "__init__.py":
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
            assert doc and re.search(r"\w+ \w+ \w+", doc), module


def test_the_rules_bite() -> None:
    """A few imports the rules must refuse (and allow), so a broken rule cannot pass silently."""
    assert not _allowed("tipkg.ontology.ids", "tipkg.loaders.model")
    assert not _allowed("tipkg.loaders.parse.header", "tipkg.graph.store.embedded")
    assert not _allowed("tipkg.graph.query.runner", "tipkg.cli.query")
    assert not _allowed("tipkg.loaders.emit", "tipkg.queries.catalogue")
    assert not _allowed("tipkg.loaders.registry.model", "tipkg.loaders.parse.references")
    assert not _allowed("tipkg.graph.store.embedded", "tipkg.graph.build.build")
    assert not _allowed("tipkg.graph.query.chain", "tipkg.graph.validate.report")
    assert _allowed("tipkg.graph.build.build", "tipkg.graph.validate.streaming")
    assert _allowed("tipkg.cli.synth", "tipkg.synth.corpus")
    assert _allowed("tipkg.ontology.ids", "tipkg")
