"""Reading the registry YAML (data/*.yaml, shipped with the package): the one loader.

Each file holds up to four lists, ``instruments``, ``bodies``, ``events`` and ``states``; an entry
has ``key``, ``type``, ``label``, ``aliases``, ``source`` (where the name comes from), ``labels``
(its names in the other official languages, ``fr: {value, source}`` …) and ``facts``
(``name: {value, source}`` or a list of them; ``parties`` also takes ``as_of``). A source is a web
address, a path under the shared corpus (``corpus/…``, optionally followed by where in the file) or
a file of a public repository at a commit (``github:owner/repo/path@<40 hex digits>``).

Loading checks every entry and raises :class:`~tipkg.loaders.errors.LoadError` with the file and
the entry's line, so a bad edit is found where it was made; that is its one failure mode, for the
shipped files too (:func:`default_registry`). Given a ``problems`` list instead, the same checks
record every error and go on (``tipkg registry check``, :mod:`.check`).
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
from tipkg.loaders.registry.model import (
    CORPUS_SOURCE,
    DATE_ORDER,
    FACTS,
    GITHUB_SOURCE,
    LANGUAGES,
    TYPES,
    WEB_SOURCE,
    Entry,
    Fact,
    FactSpec,
    Kind,
    Label,
    Registry,
    RegistryFile,
)

#: libyaml's parser when PyYAML has it (eight times faster on states.yaml), with the same marks
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SECTIONS: dict[str, Kind] = {
    "instruments": "instrument",
    "bodies": "body",
    "events": "event",
    "states": "state",
}
ENTRY_FIELDS = frozenset({"key", "type", "label", "aliases", "source", "facts", "labels"})
_KEY = re.compile(r"^[A-Z0-9][A-Z0-9-]*[A-Z0-9]$|^[A-Z]$")
_DIGITS = re.compile(r"^[0-9]+$")
_ARTICLES = frozenset({"", "the", "a", "an"})
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
# A UN document symbol as the registry cites it: "A/RES/55/25", "A/RES/317 (IV)",
# "A/RES/2200 A (XXI)", "E/CN.4/DEC/2004/110", "S/RES/1888 (2009)".
_SYMBOL = re.compile(r"^[A-Z][A-Za-z0-9.]*(/[A-Za-z0-9.\-]+)+( [A-Z])?( \([A-Za-z0-9]+\))?$")


# --------------------------------------------------------------------------------------- loading


def default_paths() -> list[Traversable]:
    """The registry files shipped with the package, in name order."""
    folder = files("tipkg.loaders.registry").joinpath("data")
    return sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)


def load_registry(
    paths: Iterable[Path | str | Traversable] | None = None, problems: list[LoadError] | None = None
) -> Registry:
    """Load registry files (default: the shipped ones), resolving references across all of them.

    With ``problems``, every error is appended there and the entries in error are left out, instead
    of the first error being raised."""
    chosen = list(paths) if paths is not None else list(default_paths())
    report = _Report(problems)
    parsed = [p for p in (_parse_file(path, report) for path in chosen) if p is not None]
    return _build(parsed, known={}, report=report)


@cache
def default_registry() -> Registry:
    """The shipped registry, loaded once per process (treat it as read-only)."""
    return load_registry()


def load_registry_file(path: Path | str, known: Registry | None = None) -> Registry:
    """Load one user-supplied registry file; its references may also name entries of ``known``
    (default: the shipped registry). The result holds only that file's entries."""
    base = known if known is not None else default_registry()
    report = _Report(None)
    parsed = _parse_file(path, report)
    assert parsed is not None  # without a problems list every error is raised
    return _build([parsed], known=dict(base.entries), report=report)


@dataclass
class _Parsed:
    file: RegistryFile
    entries: list[Entry]


class _Report:
    """Where errors go: raised at once (loading), or collected to go on (checking)."""

    def __init__(self, problems: list[LoadError] | None) -> None:
        self.problems = problems

    def __call__(self, error: LoadError) -> None:
        if self.problems is None:
            raise error
        self.problems.append(error)


def _as_path_name(path: Path | str | Traversable) -> tuple[str, str, bytes]:
    if isinstance(path, str | Path):
        p = Path(path)
        try:
            return str(p), p.stem, p.read_bytes()
        except OSError as exc:
            raise LoadError(p, f"cannot read registry file: {exc.strerror or exc}") from exc
    name = path.name
    return str(path), name.rsplit(".", 1)[0], path.read_bytes()


def _parse_file(path: Path | str | Traversable, report: _Report) -> _Parsed | None:
    try:
        return _parse_entries(path, report)
    except LoadError as err:
        report(err)
        return None


def _parse_entries(path: Path | str | Traversable, report: _Report) -> _Parsed:
    where, stem, data = _as_path_name(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(where, f"not UTF-8: {exc.reason}") from exc
    try:
        root = yaml.compose(text, Loader=_LOADER)
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
        raise LoadError(
            where, "a registry file is a mapping of instruments/bodies/events/states", _line(root)
        )
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
            try:
                entries.append(_entry(where, stem, SECTIONS[section], item))
            except LoadError as err:
                report(err)
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
    for source in sources:
        _check_source(where, key, "the entry", source, _line(fields["source"]))
    facts = _facts(where, key, kind, type_, fields["facts"]) if "facts" in fields else ()
    labels = _labels(where, key, fields["labels"]) if "labels" in fields else ()
    if kind == "state":
        code = next((f for f in facts if f.name == "iso_alpha3"), None)
        if code is not None and code.value != key:
            raise LoadError(where, f"key {key} is not the iso_alpha3 code {code.value} of the State", line)
    names = tuple(a for a in dict.fromkeys(aliases) if a != label)
    return Entry(kind, key, type_, label, names, facts, sources, line, stem, labels)


def _check_source(where: str, key: str, what: str, source: str, line: int) -> None:
    if WEB_SOURCE.match(source) or CORPUS_SOURCE.match(source) or GITHUB_SOURCE.match(source):
        return
    raise LoadError(
        where,
        f"source of {what} of {key} is {source!r}: give a web address (https://…), a corpus path"
        " (corpus/…) or a repository file at a commit (github:owner/repo/path@<commit>)",
        line,
    )


def _labels(where: str, key: str, node: yaml.Node) -> tuple[Label, ...]:
    """``{fr: {value, source}, es: [{value, source}, …], …}``: the first name in a language is its
    preferred label, the others alternative labels."""
    out: list[Label] = []
    for lang, value_node in _mapping(where, node, f"labels of {key}").items():
        if lang not in LANGUAGES:
            raise LoadError(
                where,
                f"label language {lang!r} of {key} is not one of {', '.join(LANGUAGES)}"
                " (English is the label and the aliases)",
                _line(value_node),
            )
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for i, item in enumerate(items):
            fields = _mapping(where, item, f"label {lang!r} of {key} ({{value: …, source: …}})")
            extra = sorted(set(fields) - {"value", "source"})
            if extra:
                raise LoadError(
                    where, f"unknown field(s) {', '.join(extra)} in label {lang!r} of {key}", _line(item)
                )
            for needed in ("value", "source"):
                if needed not in fields:
                    raise LoadError(where, f"label {lang!r} of {key} has no {needed}", _line(item))
            value = _scalar(where, fields["value"], f"label {lang!r} of {key}")
            source = _scalar(where, fields["source"], f"source of label {lang!r}")
            _check_source(where, key, f"label {lang!r}", source, _line(item))
            out.append(Label(lang, value, source, _line(item), preferred=i == 0))
    return tuple(out)


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
    for first_name, then_name in DATE_ORDER:
        start, end = _first(facts, first_name), _first(facts, then_name)
        if start and end and str(end.value) < str(start.value)[: len(str(end.value))]:
            raise LoadError(
                where, f"{then_name} {end.value} before {first_name} {start.value} on {key}", end.line
            )
    return facts


def _first(facts: tuple[Fact, ...], name: str) -> Fact | None:
    return next((f for f in facts if f.name == name), None)


def _fact(where: str, key: str, name: str, spec: FactSpec, node: yaml.Node) -> Fact:
    line = _line(node)
    fields = _mapping(where, node, f"fact {name!r} of {key} ({{value: …, source: …}})")
    allowed = {"value", "source", "as_of"} if spec.as_of else {"value", "source"}
    extra = sorted(set(fields) - allowed)
    if extra:
        raise LoadError(where, f"unknown field(s) {', '.join(extra)} in fact {name!r} of {key}", line)
    if "source" not in fields:
        raise LoadError(where, f"fact {name!r} of {key} has no source", line)
    if "value" not in fields:
        raise LoadError(where, f"fact {name!r} of {key} has no value", line)
    if spec.as_of and "as_of" not in fields:
        raise LoadError(
            where, f"fact {name!r} of {key} has no as_of (the date the source gives it for)", line
        )
    source = _scalar(where, fields["source"], f"source of {name!r}")
    _check_source(where, key, f"fact {name!r}", source, line)
    as_of = (
        _check_date(where, key, f"as_of of {name}", _scalar(where, fields["as_of"], "as_of"), line)
        if spec.as_of
        else None
    )
    raw = _scalar(where, fields["value"], f"value of {name!r}")
    value: str | int = raw
    if spec.value == "date":
        value = _check_date(where, key, name, raw, line)
    elif spec.value == "month_day":
        value = _check_month_day(where, key, name, raw, line)
    elif spec.value in ("positive_integer", "count"):
        smallest = 1 if spec.value == "positive_integer" else 0
        if not _DIGITS.match(raw) or int(raw) < smallest:
            what = "a positive integer" if smallest else "a whole number"
            raise LoadError(where, f"{name} of {key} must be {what}, not {raw!r}", line)
        value = int(raw)
    elif spec.value == "code":
        assert spec.pattern is not None
        if not re.fullmatch(spec.pattern, raw):
            raise LoadError(where, f"{name} of {key}: {raw!r} is not a code of the form {spec.pattern}", line)
    elif spec.value in ("document", "instrument_or_document") and "/" in raw:
        if not _SYMBOL.match(raw):
            raise LoadError(where, f"{name} of {key}: {raw!r} is not a UN document symbol", line)
    elif spec.value == "document":
        raise LoadError(where, f"{name} of {key} must be a document symbol such as A/RES/55/25", line)
    return Fact(name, value, source, line, as_of)


def _check_month_day(where: str, key: str, name: str, raw: str, line: int) -> str:
    """An annual date, "MM-DD" (29 February allowed)."""
    m = _MONTH_DAY.match(raw)
    try:
        if m is None:
            raise ValueError("not MM-DD")
        dt.date(2000, int(m.group(1)), int(m.group(2)))  # a leap year: 02-29 is a day
    except ValueError as exc:
        raise LoadError(where, f"bad day {raw!r} for {name} of {key} (MM-DD): {exc}", line) from exc
    return raw


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


def name_form(name: str) -> str:
    """How two names are compared for clashes: as the linker matches them (without a leading
    "the"), white space collapsed, case folded."""
    return " ".join(match_form(name).split()).casefold()


def _build(parsed: list[_Parsed], known: dict[str, Entry], report: _Report) -> Registry:
    """Check keys and names are unique and every reference names a known entry of the right kind."""
    entries: dict[str, Entry] = {}
    where_of: dict[str, str] = {}
    for p in parsed:
        kept: list[Entry] = []
        for e in p.entries:
            if e.key in entries or e.key in known:
                first = where_of.get(e.key, "the base registry")
                report(LoadError(p.file.path, f"duplicate key {e.key} (first defined in {first})", e.line))
                continue
            entries[e.key] = e
            where_of[e.key] = f"{p.file.path}:{e.line}"
            kept.append(e)
        p.entries = kept
    by_name: dict[tuple[str, str], Entry] = {}
    for e in (*known.values(), *entries.values()):
        own = e.key in entries
        names = [("en", n, e.line) for n in e.names] + [(x.language, x.value, x.line) for x in e.labels]
        for lang, name, line in names:
            norm = (lang, name_form(name))
            other = by_name.get(norm)
            if other is not None and other.key != e.key and own:
                in_lang = "" if lang == "en" else f" ({lang})"
                report(
                    LoadError(
                        _path_of(parsed, e),
                        f"name {name!r}{in_lang} of {e.key} is also a name of {other.key}",
                        line,
                    )
                )
                continue
            by_name.setdefault(norm, e)
    scope = {**known, **entries}
    for p in parsed:
        for e in p.entries:
            for f in e.facts:
                try:
                    _check_reference(p.file.path, e, f, scope)
                except LoadError as err:
                    report(err)
    return Registry(entries.values(), [p.file for p in parsed])


def _path_of(parsed: list[_Parsed], entry: Entry) -> str:
    return next((p.file.path for p in parsed if entry.key in p.file.keys), "registry")


_ARTICLE: dict[Kind, str] = {"instrument": "an", "body": "a", "event": "an", "state": "a"}


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
