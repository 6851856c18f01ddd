"""The corpus manifest (manifest.json): per file its symbol, adopting body, adoption date and title.

Format (../shared/corpus/manifest.json): ``{"resolutions": [{"file": "resolutions/X.txt", "symbol":
…, "body": "General Assembly", "adopted": "2006-12-20", "title": …, "format": …}, …]}``; a bare
list of such entries, or a mapping of file name to entry, is accepted too. Body names map to
registry keys through the registry.

The schema, checked whole when the manifest is read (:func:`load_manifest`): the entries are a list
(under "resolutions", "documents" or "files"), a bare list, or an object of file name -> entry; an
entry is an object whose "file" is a non-empty string; "symbol", "body", "title" and "format" are
strings, "adopted" an ISO date (YYYY-MM-DD), "complete" true or false, each may be null or absent;
other keys (notes, sources) are free. Anything else is one LoadError naming every problem (up to
:data:`MAX_PROBLEMS`), not a manifest silently read as empty.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from tipkg.loaders.errors import LoadError
from tipkg.loaders.parse.references import body_key_for_name
from tipkg.loaders.registry.model import Registry


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    symbol: str | None
    body_name: str | None
    adopted: str | None
    title: str | None
    format: str | None
    complete: bool | None

    def metadata(self, registry: Registry | None) -> dict[str, str]:
        """What :func:`tipkg.loaders.parse.resolution.parse_text` takes as ``metadata``."""
        out: dict[str, str] = {}
        if self.symbol:
            out["symbol"] = self.symbol
        if self.body_name:
            key = body_key_for_name(self.body_name, registry)
            if key:
                out["body"] = key
        if self.adopted:
            out["adopted"] = self.adopted
        if self.title:
            out["title"] = self.title
        return out


@dataclass(frozen=True)
class Manifest:
    path: Path
    entries: tuple[ManifestEntry, ...]

    @property
    def root(self) -> Path:
        return self.path.parent

    @cached_property
    def _by_path(self) -> dict[Path, ManifestEntry]:
        """Entries by resolved path, built once: a lookup per file must not scan the manifest."""
        return {(self.root / e.file).resolve(): e for e in reversed(self.entries)}

    @cached_property
    def _by_name(self) -> dict[str, ManifestEntry]:
        return {Path(e.file).name: e for e in reversed(self.entries)}

    def entry_for(self, file: Path | str) -> ManifestEntry | None:
        """The entry of ``file`` (matched by resolved path, else by file name)."""
        p = Path(file)
        return self._by_path.get(p.resolve()) or self._by_name.get(p.name)

    def by_symbol(self, symbol: str) -> ManifestEntry | None:
        norm = " ".join(symbol.split())
        return next((e for e in self.entries if e.symbol and " ".join(e.symbol.split()) == norm), None)


MAX_PROBLEMS = 5
ENTRY_LISTS = ("resolutions", "documents", "files")
_STRING_FIELDS = ("symbol", "body", "title", "format")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_manifest(path: Path | str) -> Manifest:
    """Read and check a manifest; LoadError (one line, every problem named) when it is not one."""
    p = Path(path)
    if p.is_dir():
        p = p / "manifest.json"
    try:
        raw: Any = json.loads(p.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise LoadError(p, f"cannot read manifest: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(p, f"not a JSON manifest: {exc}") from exc
    items, problem = _items(raw)
    if problem:
        raise LoadError(p, f"manifest does not match its schema: {problem}")
    problems = [msg for i, item in enumerate(items) for msg in _entry_problems(i, item)]
    if problems:
        more = f" (and {len(problems) - MAX_PROBLEMS} more)" if len(problems) > MAX_PROBLEMS else ""
        raise LoadError(p, "manifest does not match its schema: " + "; ".join(problems[:MAX_PROBLEMS]) + more)
    entries = tuple(
        ManifestEntry(
            file=item["file"],
            symbol=_str(item.get("symbol")),
            body_name=_str(item.get("body")),
            adopted=_str(item.get("adopted")),
            title=_str(item.get("title")),
            format=_str(item.get("format")),
            complete=item.get("complete") if isinstance(item.get("complete"), bool) else None,
        )
        for item in items
    )
    return Manifest(p, entries)


def _items(raw: Any) -> tuple[list[Any], str]:
    """The entries: a list under "resolutions" (or "documents"/"files"), a bare list, or a mapping of
    file name to entry; or what is wrong with ``raw``."""
    if isinstance(raw, list):
        return raw, ""
    if not isinstance(raw, dict):
        return [], f"expected an object or a list of entries, found {_kind(raw)}"
    for key in ENTRY_LISTS:
        if key in raw:
            if not isinstance(raw[key], list):
                return [], f"{key!r} must be a list of entries, found {_kind(raw[key])}"
            return raw[key], ""
    if raw and all(isinstance(v, dict) for v in raw.values()):
        return [{"file": k, **v} for k, v in raw.items()], ""
    if not raw:
        return [], ""
    return (
        [],
        f"expected a list of entries under {' or '.join(map(repr, ENTRY_LISTS))}, found keys {', '.join(map(repr, list(raw)[:5]))}",
    )


def _entry_problems(i: int, item: Any) -> list[str]:
    where = f"entry {i + 1}"
    if not isinstance(item, dict):
        return [f"{where} must be an object, found {_kind(item)}"]
    file = item.get("file")
    if not isinstance(file, str) or not file.strip():
        return [f"{where} has no 'file' (a non-empty string)"]
    where = f"entry {i + 1} ({file})"
    out = []
    for key in _STRING_FIELDS:
        if item.get(key) is not None and not isinstance(item[key], str):
            out.append(f"{where}: {key!r} must be a string, found {_kind(item[key])}")
    adopted = item.get("adopted")
    if adopted is not None and not (isinstance(adopted, str) and _is_date(adopted)):
        out.append(f"{where}: 'adopted' must be a date YYYY-MM-DD, found {json.dumps(adopted)}")
    if item.get("complete") is not None and not isinstance(item["complete"], bool):
        out.append(f"{where}: 'complete' must be true or false, found {json.dumps(item['complete'])}")
    return out


def _is_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _kind(v: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(v), "a number" if isinstance(v, int | float) else type(v).__name__)


def _str(v: object) -> str | None:
    return v if isinstance(v, str) and v.strip() else None
