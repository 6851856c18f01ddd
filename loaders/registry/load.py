"""Reading the registry YAML (data/*.yaml, shipped with the package): the one loader.

Each file holds up to three lists, ``instruments``, ``bodies`` and ``events``; an entry has
``key``, ``type``, ``label``, ``aliases``, ``source`` (where the name comes from) and ``facts``
(``name: {value, source}`` or a list of them). Loading checks every entry and raises
:class:`~tipkg.loaders.errors.LoadError` with the file and the entry's line, so a bad edit is found
where it was made; that is its one failure mode, for the shipped files too (:func:`default_registry`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import cast

import yaml

from tipkg.loaders.errors import LoadError
from tipkg.loaders.registry.linker import match_form
from tipkg.loaders.registry.model import FACTS, TYPES, Entry, Fact, FactSpec, Kind, Registry, RegistryFile

SECTIONS: dict[str, Kind] = {"instruments": "instrument", "bodies": "body", "events": "event"}
ENTRY_FIELDS = frozenset({"key", "type", "label", "aliases", "source", "facts"})
_KEY = re.compile(r"^[A-Z0-9][A-Z0-9-]*[A-Z0-9]$|^[A-Z]$")
_DIGITS = re.compile(r"^[0-9]+$")
_ARTICLES = frozenset({"", "the", "a", "an"})
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# A UN document symbol as the registry cites it: "A/RES/55/25", "A/RES/317 (IV)",
# "A/RES/2200 A (XXI)", "E/CN.4/DEC/2004/110", "S/RES/1888 (2009)".
_SYMBOL = re.compile(r"^[A-Z][A-Za-z0-9.]*(/[A-Za-z0-9.\-]+)+( [A-Z])?( \([A-Za-z0-9]+\))?$")


# --------------------------------------------------------------------------------------- loading


def default_paths() -> list[Traversable]:
    """The registry files shipped with the package, in name order."""
    folder = files("tipkg.loaders.registry").joinpath("data")
    return sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)


def load_registry(paths: Iterable[Path | str | Traversable] | None = None) -> Registry:
    """Load registry files (default: the shipped ones), resolving references across all of them."""
    chosen = list(paths) if paths is not None else list(default_paths())
    parsed = [_parse_file(p) for p in chosen]
    return _build(parsed, known={})


@cache
def default_registry() -> Registry:
    """The shipped registry, loaded once per process (treat it as read-only)."""
    return load_registry()


def load_registry_file(path: Path | str, known: Registry | None = None) -> Registry:
    """Load one user-supplied registry file; its references may also name entries of ``known``
    (default: the shipped registry). The result holds only that file's entries."""
    base = known if known is not None else default_registry()
    parsed = _parse_file(path)
    return _build([parsed], known=dict(base.entries))


@dataclass
class _Parsed:
    file: RegistryFile
    entries: list[Entry]


def _as_path_name(path: Path | str | Traversable) -> tuple[str, str, bytes]:
    if isinstance(path, str | Path):
        p = Path(path)
        try:
            return str(p), p.stem, p.read_bytes()
        except OSError as exc:
            raise LoadError(p, f"cannot read registry file: {exc.strerror or exc}") from exc
    name = path.name
    return str(path), name.rsplit(".", 1)[0], path.read_bytes()


def _parse_file(path: Path | str | Traversable) -> _Parsed:
    where, stem, data = _as_path_name(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(where, f"not UTF-8: {exc.reason}") from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = f"YAML syntax error: {exc.problem or exc.context}"
        if exc.context and exc.context_mark and exc.problem_mark:
            reason += f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise LoadError(where, reason, line=mark.line + 1 if mark else None) from exc
    except yaml.YAMLError as exc:
        raise LoadError(where, f"YAML error: {exc}") from exc
    entries: list[Entry] = []
    if root is None:
        raise LoadError(where, "empty registry file")
    if not isinstance(root, yaml.MappingNode):
        raise LoadError(where, "a registry file is a mapping of instruments/bodies/events", _line(root))
    for key_node, value_node in root.value:
        section = _scalar(where, key_node, "section name")
        if section not in SECTIONS:
            raise LoadError(
                where, f"unknown section {section!r} (expected one of {', '.join(SECTIONS)})", _line(key_node)
            )
        if isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null"):
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            raise LoadError(where, f"section {section!r} must be a list of entries", _line(value_node))
        for item in value_node.value:
            entries.append(_entry(where, stem, SECTIONS[section], item))
    sha = hashlib.sha256(data).hexdigest()
    return _Parsed(RegistryFile(where, stem, sha, tuple(e.key for e in entries)), entries)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _scalar(where: str, node: yaml.Node, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise LoadError(where, f"{what} must be a single value", _line(node))
    value = cast(str, node.value).strip()
    if not value or node.tag.endswith(":null"):
        raise LoadError(where, f"{what} is empty", _line(node))
    return value


def _mapping(where: str, node: yaml.Node, what: str) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise LoadError(where, f"{what} must be a mapping", _line(node))
    out: dict[str, yaml.Node] = {}
    for k, v in node.value:
        name = _scalar(where, k, "field name")
        if name in out:
            raise LoadError(where, f"field {name!r} given twice in {what}", _line(k))
        out[name] = v
    return out


def _strings(where: str, node: yaml.Node, what: str) -> tuple[str, ...]:
    if isinstance(node, yaml.ScalarNode):
        return (_scalar(where, node, what),)
    if not isinstance(node, yaml.SequenceNode):
        raise LoadError(where, f"{what} must be a string or a list of strings", _line(node))
    return tuple(_scalar(where, n, what) for n in node.value)


def _entry(where: str, stem: str, kind: Kind, node: yaml.Node) -> Entry:
    line = _line(node)
    fields = _mapping(where, node, f"{kind} entry")
    unknown = sorted(set(fields) - ENTRY_FIELDS)
    if unknown:
        raise LoadError(where, f"unknown field(s) {', '.join(unknown)} in {kind} entry", line)
    for required in ("key", "type", "label", "source"):
        if required not in fields:
            raise LoadError(where, f"{kind} entry without {required!r}", line)
    key = _scalar(where, fields["key"], "key")
    if not _KEY.match(key):
        raise LoadError(where, f"bad key {key!r} (upper-case letters, digits and hyphens)", line)
    type_ = _scalar(where, fields["type"], "type")
    if type_ not in TYPES[kind]:
        allowed = ", ".join(sorted(TYPES[kind]))
        raise LoadError(where, f"unknown {kind} type {type_!r} for {key} (expected one of {allowed})", line)
    label = _scalar(where, fields["label"], "label")
    aliases = _strings(where, fields["aliases"], "alias") if "aliases" in fields else ()
    for alias in aliases:
        if match_form(alias).lower() in _ARTICLES:
            raise LoadError(where, f"alias {alias!r} of {key} is only an article", line)
    sources = _strings(where, fields["source"], "source")
    facts = _facts(where, key, kind, type_, fields["facts"]) if "facts" in fields else ()
    names = tuple(a for a in dict.fromkeys(aliases) if a != label)
    return Entry(kind, key, type_, label, names, facts, sources, line, stem)


def _facts(where: str, key: str, kind: Kind, type_: str, node: yaml.Node) -> tuple[Fact, ...]:
    out: list[Fact] = []
    for name, value_node in _mapping(where, node, f"facts of {key}").items():
        spec = FACTS.get(name)
        if spec is None:
            raise LoadError(where, f"unknown fact {name!r} on {key}", _line(value_node))
        if kind not in spec.kinds:
            raise LoadError(
                where, f"fact {name!r} does not apply to {_ARTICLE[kind]} {kind} ({key})", _line(value_node)
            )
        if spec.types is not None and type_ not in spec.types:
            allowed = ", ".join(sorted(spec.types))
            raise LoadError(
                where, f"fact {name!r} applies only to {allowed}, not {type_} ({key})", _line(value_node)
            )
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for item in items:
            out.append(_fact(where, key, name, spec, item))
    facts = tuple(out)
    start, end = _first(facts, "start_date"), _first(facts, "end_date")
    if start and end and str(end.value) < str(start.value):
        raise LoadError(where, f"end_date {end.value} before start_date {start.value} on {key}", end.line)
    return facts


def _first(facts: tuple[Fact, ...], name: str) -> Fact | None:
    return next((f for f in facts if f.name == name), None)


def _fact(where: str, key: str, name: str, spec: FactSpec, node: yaml.Node) -> Fact:
    line = _line(node)
    fields = _mapping(where, node, f"fact {name!r} of {key} ({{value: …, source: …}})")
    extra = sorted(set(fields) - {"value", "source"})
    if extra:
        raise LoadError(where, f"unknown field(s) {', '.join(extra)} in fact {name!r} of {key}", line)
    if "source" not in fields:
        raise LoadError(where, f"fact {name!r} of {key} has no source", line)
    if "value" not in fields:
        raise LoadError(where, f"fact {name!r} of {key} has no value", line)
    source = _scalar(where, fields["source"], f"source of {name!r}")
    raw = _scalar(where, fields["value"], f"value of {name!r}")
    value: str | int = raw
    if spec.value == "date":
        value = _check_date(where, key, name, raw, line)
    elif spec.value == "positive_integer":
        if not _DIGITS.match(raw) or int(raw) <= 0:
            raise LoadError(where, f"{name} of {key} must be a positive integer, not {raw!r}", line)
        value = int(raw)
    elif spec.value in ("document", "instrument_or_document") and "/" in raw:
        if not _SYMBOL.match(raw):
            raise LoadError(where, f"{name} of {key}: {raw!r} is not a UN document symbol", line)
    elif spec.value == "document":
        raise LoadError(where, f"{name} of {key} must be a document symbol such as A/RES/55/25", line)
    return Fact(name, value, source, line)


def _check_date(where: str, key: str, name: str, raw: str, line: int) -> str:
    if not _DATE.match(raw):
        raise LoadError(where, f"bad date {raw!r} for {name} of {key} (YYYY-MM-DD, YYYY-MM or YYYY)", line)
    try:
        if len(raw) == 10:
            dt.date.fromisoformat(raw)
        elif len(raw) == 7:
            dt.date.fromisoformat(raw + "-01")
    except ValueError as exc:
        raise LoadError(where, f"bad date {raw!r} for {name} of {key}: {exc}", line) from exc
    return raw


def _build(parsed: list[_Parsed], known: dict[str, Entry]) -> Registry:
    """Check keys and aliases are unique and every reference names a known entry of the right kind."""
    entries: dict[str, Entry] = {}
    where_of: dict[str, str] = {}
    for p in parsed:
        for e in p.entries:
            if e.key in entries or e.key in known:
                first = where_of.get(e.key, "the base registry")
                raise LoadError(p.file.path, f"duplicate key {e.key} (first defined in {first})", e.line)
            entries[e.key] = e
            where_of[e.key] = f"{p.file.path}:{entries[e.key].line}"
    by_alias: dict[str, Entry] = {}
    for e in (*known.values(), *entries.values()):
        for name in e.names:
            norm = " ".join(match_form(name).split()).lower()
            other = by_alias.get(norm)
            if other is not None and other.key != e.key:
                raise LoadError(
                    _path_of(parsed, e), f"name {name!r} of {e.key} is also a name of {other.key}", e.line
                )
            by_alias[norm] = e
    scope = {**known, **entries}
    for p in parsed:
        for e in p.entries:
            for f in e.facts:
                _check_reference(p.file.path, e, f, scope)
    return Registry(entries.values(), [p.file for p in parsed])


def _path_of(parsed: list[_Parsed], entry: Entry) -> str:
    return next((p.file.path for p in parsed if entry.key in p.file.keys), "registry")


_ARTICLE: dict[Kind, str] = {"instrument": "an", "body": "a", "event": "an"}


def _check_reference(where: str, entry: Entry, fact: Fact, scope: dict[str, Entry]) -> None:
    wanted = fact.spec.value
    if wanted not in ("instrument", "body", "instrument_or_document") or fact.is_document():
        return
    target = scope.get(str(fact.value))
    expected: Kind = "body" if wanted == "body" else "instrument"
    if target is None:
        raise LoadError(where, f"{fact.name} of {entry.key} refers to unknown key {fact.value!r}", fact.line)
    if target.kind != expected:
        raise LoadError(
            where,
            f"{fact.name} of {entry.key} must name {_ARTICLE[expected]} {expected},"
            f" {fact.value} is {_ARTICLE[target.kind]} {target.kind}",
            fact.line,
        )
