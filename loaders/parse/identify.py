"""Footnotes that identify what a paragraph names generically, for every reader of resolution text.

"the report of the Secretary-General⁴" with "A/76/120.", "its other relevant resolutions" with a
list, "the designation of 30 July as the World Day"⁵ with "See resolution 68/192.": the footnote makes
each document it names a citation of the paragraph, with the relation of the verb that governs the
marker. A footnote that only locates what the text names (a cited resolution, a named instrument,
"Official Records of …", "Resolution 76/181, annex") adds nothing, and one that records how the text
was adopted (the committee's report, the draft, amendments, the vote's record) is a heading
reference. The Akoma Ntoso builder (:mod:`.structured`) and the text parser (:mod:`.resolution`)
both call :func:`identified_by_footnotes`, so a footnote reads the same from either source.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tipkg.loaders.model import Citation, Footnote, Mention, Paragraph, Target
from tipkg.loaders.parse.described import DESCRIBED
from tipkg.loaders.parse.extract import LinksIn, ParagraphReader
from tipkg.loaders.parse.footnotes import Marker, registry_indexes
from tipkg.loaders.parse.lexicon import GENERIC_DOCUMENT_ANY, LOCATING_NOTE_ANY
from tipkg.loaders.parse.references import find_lists, find_symbols, target_for_symbol
from tipkg.loaders.registry.model import Registry

# What a footnote anchored here records is how the text was adopted (the committee's report, the
# draft, its amendments, the vote's record): a heading reference, not a citation.
PROCEDURAL = re.compile(
    r"(?:[,;]\s*on\s+the\s+(?:recommendation|proposal)\s+of\b[^,;]{0,120}|[,;]\s*by\s+a\s+recorded\s+vote\b[^;]{0,80}"
    r"|[,;]\s*without\s+a\s+vote|[,;]\s*as\s+(?:orally\s+)?(?:amended|revised))\W*$",
    re.IGNORECASE,
)
RECORD_SYMBOL = re.compile(r"/(?:L|PV|SR)\.\d")
# A footnote that says where a named text is found: in the Official Records, or annexed to a resolution.
LOCATING_NOTE = re.compile(
    r"\bOfficial\s+Records\s+of\b"
    r"|^\W*(?:See\s+)?(?:(?:General\s+Assembly\s+)?[Rr]esolution\s+)?\S+(?:\s+[A-Z])?(?:\s+\([IVXLC]+\))?,\s+annex"
)
GENERIC_DOCUMENT = re.compile(
    r"\b(?:reports?|notes?|resolutions|decisions|designation|stud(?:y|ies)|documents?|recommendations|statements?)\b"
)
# A footnote that lists examples of what the paragraph names generically ("regional initiatives or
# plans of action" with "Such as the Bali Process …, the ASEAN Convention …"; "relevant international
# standards" with "Including the Convention on the Rights of the Child, the Beijing Rules, …"): the
# instruments it names are what the paragraph refers to.
EXAMPLES = re.compile(
    r"^\W*(?:Such\s+as|Including|For\s+example|See,\s+(?:for\s+example|inter\s+alia)"
    r"|Tel(?:le)?s\s+que|Par\s+exemple|Voir,\s+par\s+exemple|Tales\s+como|Por\s+ejemplo|Véase,\s+por\s+ejemplo"
    r"|Таки[ех]\s+как|Например|См\.,\s+например|例如|诸如|مثل|على\s+سبيل\s+المثال)(?!\w)"
)
#: bodies whose resolutions a footnote may number without naming them (their numbering is known)
ISSUERS = frozenset({"GA", "ECOSOC", "SC", "HRC", "CHR", "CCPCJ", "COP-UNTOC", "COSP-UNCAC", "CND", "UNEA"})

Linked = Callable[[int, int], str | None]


def identified_by_footnotes(
    reader: ParagraphReader,
    para: Paragraph,
    text: str,
    marks: list[tuple[Marker, Footnote]],
    body: str | None,
    registry: Registry | None,
    procedural: list[Mention],
    linked: Linked | None = None,
) -> None:
    """Add to ``para`` the documents its footnotes (``marks``: marker, footnote) identify; footnotes
    that record how the text was adopted go to ``procedural`` (heading references)."""
    for mk, fn in marks:
        if fn.refers_to is not None and fn.refers_to.kind == "instrument":
            continue  # a Treaty Series reference: the instrument (read by via_footnotes)
        if LOCATING_NOTE.search(fn.text) or LOCATING_NOTE_ANY.search(fn.text):
            continue  # "Official Records of …", "Resolution 76/181, annex": where a named text is
        issuer = _issuer(para, mk.start, body)
        targets = footnote_targets(text, fn, issuer, registry, linked, reader.links_in)
        if EXAMPLES.match(fn.text):
            targets += [t for t in _instruments_in(reader, text, fn) if t not in targets]
        if not targets:
            continue
        is_procedural = PROCEDURAL.search(text, max(para.span.start, mk.start - 200), mk.start) is not None
        for t in [t for t in targets if is_procedural or RECORD_SYMBOL.search(t.key)]:
            targets.remove(t)
            procedural.append(Mention(t, fn.span, text[fn.span.start : fn.span.end]))
        # "See resolution 54/263." beside the Optional Protocols it adopted: the resolution locates them
        named = {c.target.key for c in para.citations if c.target.kind == "instrument"}
        targets = [t for t in targets if not named & set(_adopted(registry).get(t.key, ()))]
        if not targets or _locates(reader, para, text, mk.start):
            continue
        # a report, statement or publication named only by its description gives way to the document
        # its footnote names ("its presidential statement of 12 February 2010" with "S/PRST/2010/1")
        for c in [
            c
            for c in para.citations
            if "/" not in c.target.key
            and c.target.key.startswith(DESCRIBED)
            and c.span.end <= mk.start < c.span.end + 300
        ]:
            para.citations.remove(c)
        cited = {(c.target.kind, c.target.key) for c in para.citations}
        relation = reader.relation(text, mk.start)
        for t in targets:
            key = (t.kind, t.key)
            if key in cited or t.key == reader.symbol:
                continue
            cited.add(key)
            quote = text[fn.span.start : fn.span.end]
            para.citations.append(Citation(t, relation, fn.span, quote, via_footnote=fn.marker))
    para.citations.sort(key=lambda c: c.span.start)


_ADOPTED: dict[int, tuple[Registry | None, dict[str, list[str]]]] = {}


def _adopted(registry: Registry | None) -> dict[str, list[str]]:
    """Resolution symbol → the instruments the registry says it adopted (worked out once per registry)."""
    held = _ADOPTED.get(id(registry))
    if held is None or held[0] is not registry:
        held = _ADOPTED[id(registry)] = (registry, registry_indexes(registry)[1])
    return held[1]


def footnote_targets(
    text: str,
    fn: Footnote,
    body: str | None,
    registry: Registry | None,
    linked: Linked | None = None,
    links_in: LinksIn | None = None,
) -> list[Target]:
    """The documents a footnote names; a report it names beside a resolution only locates it. The
    file's links to UN documents (``links_in``) name them in every language."""
    s, e = fn.span.start, fn.span.end
    refs = find_lists(text, s, e, body or "GA", registry, linked)
    taken = [(r.start, r.end) for r in refs]
    out = [r.target for r in refs]
    for r in find_symbols(text, s, e, linked):
        if not any(a <= r.start < b for a, b in taken):
            out.append(r.target)
            taken.append((r.start, r.end))
    for ls, le, sym in links_in(s, e) if links_in is not None else ():
        if not any(a < le and ls < b for a, b in taken):
            out.append(target_for_symbol(sym))
    if any(t.kind == "resolution" for t in out):
        out = [t for t in out if t.kind == "resolution"]
    return out


def _instruments_in(reader: ParagraphReader, text: str, fn: Footnote) -> list[Target]:
    """The registry instruments a footnote names (not those inside a body's or another text's name)."""
    refs, _ = reader.linker.link(text, fn.span.start, fn.span.end)
    out: list[Target] = []
    for r in refs:
        if r.target.kind == "instrument" and all(t.key != r.target.key for t in out):
            out.append(r.target)
    return out


def _issuer(para: Paragraph, pos: int, body: str | None) -> str | None:
    """The body whose numbers a footnote gives: the one the paragraph names nearest the marker
    ("the resolution … adopted by the Conference of the Parties …"), else the text's own."""
    named = [m for m in para.mentions if m.target.kind == "body" and m.target.key in ISSUERS]
    nearest = min(named, key=lambda m: abs((m.span.start + m.span.end) // 2 - pos), default=None)
    return nearest.target.key if nearest is not None else body


_ZH_KEYWORD_AFTER = re.compile(r"^\s*号?\s*(?:决议|决定)")


def _locates(reader: ParagraphReader, para: Paragraph, text: str, pos: int) -> bool:
    """Whether a footnote at ``pos`` follows a reference it only locates: one cited before it in
    the same clause, no verb and no generic document noun ("report", "resolutions") between."""
    before = [
        c
        for c in para.citations
        if c.span.end <= pos and not c.via_footnote and not c.target.key.startswith(DESCRIBED)
    ]
    last = max(before, key=lambda c: c.span.end, default=None)
    if last is None:
        return False
    # the keyword Chinese writes after its number ("第8/12号决议") closes the reference, it is no other document
    between = _ZH_KEYWORD_AFTER.sub("", text[last.span.end : pos], count=1)
    if any(last.span.end <= v <= pos for v in reader.verb_starts()):
        return False
    generic = GENERIC_DOCUMENT.search(between) or GENERIC_DOCUMENT_ANY.search(between)
    return generic is None and ";" not in between
