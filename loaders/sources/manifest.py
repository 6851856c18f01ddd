"""The corpus manifest (manifest.json): per file its symbol, adopting body, adoption date and title.

Format (../shared/corpus/manifest.json): ``{"resolutions": [{"file": "resolutions/X.txt", "symbol":
…, "body": "General Assembly", "adopted": "2006-12-20", "title": …, "format": …}, …]}``; a bare
list of such entries, or a mapping of file name to entry, is accepted too. Body names map to
registry keys through the registry.
"""

from __future__ import annotations

import json
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


def load_manifest(path: Path | str) -> Manifest:
    p = Path(path)
    if p.is_dir():
        p = p / "manifest.json"
    try:
        raw: Any = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LoadError(p, f"cannot read manifest: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(p, f"not a JSON manifest: {exc}") from exc
    items = _items(raw)
    if not isinstance(items, list):
        raise LoadError(p, "manifest: expected a list of entries under 'resolutions'")
    entries: list[ManifestEntry] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("file"), str):
            raise LoadError(p, f"manifest entry {i + 1} has no 'file'")
        entries.append(
            ManifestEntry(
                file=item["file"],
                symbol=_str(item.get("symbol")),
                body_name=_str(item.get("body")),
                adopted=_str(item.get("adopted")),
                title=_str(item.get("title")),
                format=_str(item.get("format")),
                complete=item.get("complete") if isinstance(item.get("complete"), bool) else None,
            )
        )
    return Manifest(p, tuple(entries))


def _items(raw: Any) -> Any:
    """The entries: a list under "resolutions" (or "documents"/"files"), a bare list, or a mapping of
    file name to entry."""
    if isinstance(raw, list):
        return raw
    if not isinstance(raw, dict):
        return None
    for key in ("resolutions", "documents", "files"):
        if isinstance(raw.get(key), list):
            return raw[key]
    if raw and all(isinstance(v, dict) for v in raw.values()):
        return [{"file": k, **v} for k, v in raw.items()]
    return []


def _str(v: object) -> str | None:
    return v if isinstance(v, str) and v.strip() else None
