"""What a marked-up source states about itself, before any reading of its text: the units (paragraphs,
blocks, points) with their identifiers, numbers, visible text, footnotes and links, the blocks they
are in (parts, annexes, drafts), and the identity the reader settled on. The Akoma Ntoso reader
(:mod:`tipkg.loaders.sources.akn`) fills it; :mod:`.structured` turns it into a Document."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """A link of the source over ``text[start:end]`` of its unit or note."""

    start: int
    end: int
    href: str


@dataclass
class Note:
    marker: str
    text: str
    links: list[Link] = field(default_factory=list)


@dataclass
class Unit:
    """A paragraph-level block as marked up: a preambular block, a numbered paragraph, a point."""

    eid: str | None
    tag: str  # the source element: container, paragraph, point, formula, alinea, p …
    num: str | None  # as printed: "1.", "(a)"
    text: str  # visible text, notes taken out, white space collapsed
    zone: str = "body"  # preamble | body
    css: str | None = None
    notes: list[tuple[int, Note]] = field(default_factory=list)  # (offset in text, note)
    links: list[Link] = field(default_factory=list)
    children: list[Unit] = field(default_factory=list)

    @property
    def heading_like(self) -> bool:
        """A heading: class H*, or short text with no number, no verb-like end, no children."""
        if self.num or self.children:
            return False
        if self.css and self.css.startswith("H"):
            return True
        # a clause ends as each language punctuates it: Arabic "؛" "،", Chinese "；" "，" "。" "："
        return len(self.text) < 120 and not self.text.rstrip().endswith(_CLAUSE_ENDS)


_CLAUSE_ENDS = (",", ";", ".", ":", "،", "؛", "，", "；", "。", "：")


@dataclass
class Block:
    """A part, annex or draft of the source, or the document itself (``kind`` "main")."""

    kind: str  # main | part | annex | draft
    label: str = ""
    title: str | None = None
    date: str | None = None
    meeting: str | None = None
    units: list[Unit] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Marked:
    """A source document as its markup states it, identity already decided by the reader."""

    symbol: str | None
    doc_type: str  # resolution | decision | statement | draft
    body: str | None  # registry key of the adopting body
    date: str | None
    title: str | None
    header: list[tuple[str, str]]  # heading lines as printed: (role, text); roles symbol, proponent, …
    main: Block
    session: str | None = None
    agenda_item: str | None = None
    meeting: str | None = None
    distribution_date: str | None = None
    work: str | None = None
    expression: str | None = None
    language: str | None = None
    notices: list[str] = field(default_factory=list)
