"""Topic definitions: what makes a document part of a topical collection (``tipkg build --topic``).

A topic is a small TOML file (``graph/build/topics/<name>.toml`` ships with tipkg; any other path
may be given): the seeds' criteria (title phrases, subject concepts and headings, instruments of the
registry whose citation makes a seed) and the closure (the citation relations followed from the
seeds, and how far). :class:`Criteria` compiles them against the registry into what the corpus
index (graph/build/collection.py) tests each file with: the text of a file is only searched for an
instrument's names when a distinctive word of one of them occurs in it, as regular expressions over
every file of a corpus would cost more than reading the files; the pattern is then tried only
around each occurrence of that word.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from tipkg.loaders.registry.linker import alias_pattern, match_form
from tipkg.loaders.registry.model import Registry
from tipkg.ontology.relations import RELATIONS, parse_relations

#: words too common to tell an instrument's name from any other text
_COMMON = frozenset(
    [
        "the",
        "of",
        "and",
        "in",
        "to",
        "on",
        "for",
        "against",
        "united",
        "nations",
        "convention",
        "protocol",
        "plan",
        "action",
        "global",
        "international",
        "especially",
        "women",
        "children",
        "persons",
        "supplementing",
    ]
)


class TopicError(ValueError):
    """A topic that is not shipped, or a topic file that cannot be read (one line)."""


@dataclass(frozen=True)
class Topic:
    """A topic definition as read (see the module docstring and topics/trafficking.toml)."""

    name: str
    description: str
    titles: tuple[str, ...]
    subjects: frozenset[str]
    headings: frozenset[str]  # casefolded
    instruments: tuple[str, ...]
    follow: tuple[str, ...]
    max_depth: int
    source: str


def topic_names() -> list[str]:
    """The topics that ship with tipkg."""
    return sorted(p.name.removesuffix(".toml") for p in _shipped().iterdir() if p.name.endswith(".toml"))


def _shipped() -> Path:
    return Path(str(files("tipkg.graph.build").joinpath("topics")))


def load_topic(name_or_path: str | Path) -> Topic:
    """A shipped topic by name, or a topic file by path; TopicError says what is wrong."""
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        path = _shipped() / f"{name_or_path}.toml"
        if not path.is_file():
            raise TopicError(f"unknown topic {name_or_path!r}; shipped: {', '.join(topic_names())}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TopicError(f"{path}: {exc}") from None
    seeds, closure = data.get("seeds", {}), data.get("closure", {})
    try:
        follow_value = closure.get("follow", ["recalls", "reaffirms"])
        follow = RELATIONS if follow_value == "all" else parse_relations(list(follow_value))
        topic = Topic(
            name=str(data.get("name") or path.stem),
            description=str(data.get("description", "")),
            titles=tuple(str(t) for t in seeds.get("title", [])),
            subjects=frozenset(str(s) for s in seeds.get("subjects", [])),
            headings=frozenset(str(h).casefold() for h in seeds.get("headings", [])),
            instruments=tuple(str(k) for k in seeds.get("instruments", [])),
            follow=follow,
            max_depth=int(closure.get("max_depth", 12)),
            source=str(path),
        )
    except (TypeError, ValueError) as exc:
        raise TopicError(f"{path}: {exc}") from None
    if not (topic.titles or topic.subjects or topic.headings or topic.instruments):
        raise TopicError(f"{path}: no seed criteria ([seeds] title, subjects, headings or instruments)")
    if topic.max_depth < 0:
        raise TopicError(f"{path}: max_depth must be 0 or more")
    return topic


@dataclass(frozen=True)
class _Instrument:
    key: str
    anchors: tuple[str, ...]  # lower-case words, one of which a citing text must hold
    pattern: re.Pattern[str]
    reach: int  # characters around an anchor that a name holding it can span

    def cited_in(self, text: str, low: str) -> bool:
        """Whether ``text`` (``low``: the same, lower case) names the instrument: the pattern is
        tried only around each anchor, not over the whole text (a tenth of the cost)."""
        for anchor in self.anchors:
            at = low.find(anchor)
            while at >= 0:
                if self.pattern.search(text, max(0, at - self.reach), at + len(anchor) + self.reach):
                    return True
                at = low.find(anchor, at + 1)
        return False


class Criteria:
    """A topic's seed criteria, compiled once per process against the registry."""

    def __init__(self, topic: Topic, registry: Registry) -> None:
        self.topic = topic
        self.title = (
            re.compile(
                "|".join(r"\b" + r"\s+".join(map(re.escape, t.split())) + r"\b" for t in topic.titles), re.I
            )
            if topic.titles
            else None
        )
        self.instruments = [self._instrument(k, registry) for k in topic.instruments]

    @staticmethod
    def _instrument(key: str, registry: Registry) -> _Instrument:
        entry = registry.get(key)
        if entry is None:
            raise TopicError(f"topic instrument {key!r} is not in the registry")
        names = sorted(set(entry.names), key=len, reverse=True)
        parts = [alias_pattern(n) for n in names]
        anchors = {_anchor(n) for n in names}
        volume, number = entry.fact("unts_volume"), entry.fact("unts_registration")
        if volume is not None and number is not None:  # "vol. 2237, No. 39574", in any language
            parts.append(rf"\b{volume.value}\b\D{{1,40}}\b{number.value}\b")
            anchors.add(str(volume.value))
        reach = max(len(n) for n in names) + 60  # white space may grow in a PDF's text
        return _Instrument(key, tuple(sorted(anchors)), re.compile("|".join(parts)), reach)

    def why(self, title: str | None, subjects: set[str], headings: set[str], text: str) -> tuple[str, ...]:
        """The criteria a document meets: "title", "subject", "cites <KEY>"."""
        out: list[str] = []
        if title and self.title is not None and self.title.search(title):
            out.append("title")
        if subjects & self.topic.subjects or {h.casefold() for h in headings} & self.topic.headings:
            out.append("subject")
        low = text.lower()
        out.extend(f"cites {inst.key}" for inst in self.instruments if inst.cited_in(text, low))
        return tuple(out)


def _anchor(name: str) -> str:
    """The longest word of a name that common words do not hide ("Palermo", "Transnational"); a
    name of common words only is its own anchor ("global plan of action")."""
    words = [w for w in re.findall(r"\w+", name.lower()) if w not in _COMMON]
    return max(words, key=len, default=" ".join(match_form(name).lower().split()))
