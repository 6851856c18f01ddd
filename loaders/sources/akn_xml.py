"""Akoma Ntoso 3.0 as lxml sees it: the namespace, the element families the readers walk, a safe
parser (no entities, no DTD, no network), and the visible text of an element."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
DOC_ELEMENTS = (
    "statement",
    "doc",
    "act",
    "bill",
    "documentCollection",
    "judgment",
    "debateReport",
    "portion",
)
HIER = frozenset(
    [
        "paragraph",
        "subparagraph",
        "point",
        "item",
        "article",
        "section",
        "subsection",
        "clause",
        "subclause",
        "indent",
        "level",
        "division",
        "part",
        "chapter",
        "title",
        "book",
        "tome",
        "hcontainer",
    ]
)
LISTS = frozenset({"list", "blockList"})
INTROS = frozenset({"intro", "listIntroduction"})
WRAPUPS = frozenset({"wrapUp", "listWrapUp"})
TEXT_PARTS = frozenset({"content", "alinea"}) | INTROS | WRAPUPS
BLOCK_CONTAINERS = frozenset({"container", "blockContainer", "recital", "citation", "formula", "tblock"})
PLAIN_BLOCKS = frozenset({"p", "block", "ul", "ol", "longTitle", "alinea"})
NOTE_TAGS = frozenset({"authorialNote", "noteRef"})
BREAKS = frozenset({"br", "eol", "eop"})
SKIP = frozenset({"meta", "remark", "img", "componentRef"})
ISO_DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}$")
#: FRBR author → registry key of the adopting body


def a(name: str) -> str:
    """Clark name of an Akoma Ntoso element."""
    return f"{{{AKN_NS}}}{name}"


def local(el: Any) -> str:
    tag = el.tag
    prefix = "{" + AKN_NS + "}"
    return tag[len(prefix) :] if isinstance(tag, str) and tag.startswith(prefix) else ""


def safe_parser(recover: bool = False) -> etree.XMLParser:
    """No entity expansion, no DTD, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def valid_date(value: str | None) -> bool:
    m = ISO_DATE.match((value or "").strip())
    return bool(m) and int(m.group(1)) >= 1945  # type: ignore[union-attr]


def flat(el: Any) -> str:
    """Visible text of an element without notes, white space collapsed."""
    parts: list[str] = []
    _plain(el, parts)
    return " ".join("".join(parts).split())


def _plain(el: Any, out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for c in el.iterchildren():
        if isinstance(c.tag, str):
            name = local(c)
            if name in BREAKS:
                out.append(" ")
            elif name not in NOTE_TAGS and name not in SKIP:
                _plain(c, out)
        if c.tail:
            out.append(c.tail)
