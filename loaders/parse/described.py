"""Documents a paragraph identifies by description only, with no symbol: "the reports of the Special
Rapporteur on … and of the Working Group … on its thirty-first session", "the conclusions on violence
against women adopted on 13 March 1998 by …" (out of :mod:`.references`, which reads numbers and
symbols)."""

from __future__ import annotations

import re
from functools import cache

from tipkg.loaders.model import Target
from tipkg.loaders.parse.dates import MONTH_RE, parse_date
from tipkg.loaders.parse.references import SYMBOL, DocRef
from tipkg.loaders.parse.unregistered_words import ORDINAL
from tipkg.loaders.registry.linker import Linker
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.registry.publications import translated_titles
from tipkg.ontology.languages import name_forms

_REPORT = re.compile(
    r"\b(?:the\s+)?((?:(?:annual|interim|final|latest|recent|comprehensive)\s+)?reports?)\s+of\s+(?=the\s+[A-Z]|[A-Z])"
)
_FUTURE = re.compile(
    r"(?:\bfor\s+inclusion\s+in|\bto\s+include\s+in|\bto\s+submit|\bin\s+(?:his|her|its|their)\s+(?:next|forthcoming|annual)|"
    r"\b(?:next|forthcoming|upcoming|future|subsequent))\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|its\s+)?$",
    re.IGNORECASE,
)
_AND_OF = re.compile(r"\s*,?\s*and\s+(?:that\s+)?of\s+(?=the\s+[A-Z]|[A-Z])")
_SESSION_OF = re.compile(r"\s+(?:on|at)\s+its\s+([a-z]+(?:-[a-z]+)?)\s+session")
_CONCLUSIONS = re.compile(
    r"\b(?:the\s+)?((?:agreed\s+)?conclusions)\s+(?:on\s+([a-z][a-z\s\-]{3,80}?)\s+)?adopted\s+"
    r"(?:on\s+(\d{1,2}\s+" + MONTH_RE + r"\s+\d{4})\s+)?by\s+the\b"
)
_BY_BODY_SESSION = re.compile(r"\s*(?:at|during)\s+its\s+([a-z]+(?:-[a-z]+)?)\s+session")
_PAREN_SYMBOL = re.compile(r"\(\s*" + SYMBOL.pattern + r"\s*\)")
_NEXT_SYMBOL = re.compile(r"\s*,?\s*(?:contained\s+in\s+(?:document\s+)?)?" + SYMBOL.pattern)


# A publication named by its title, no symbol: "the World Wildlife Crime Report", "the Global Report on
# Trafficking in Persons", "the Financing for Sustainable Development Report 2021", "the Sixth
# Assessment Report": capitalised words (lower-case connectors between them) before "Report", an
# optional "on <Capitalised subject>" and year.
_CAP = r"(?:[A-Z][\w’'-]*|UN)"
_TITLED = re.compile(
    r"(?<![\w’'-])(" + _CAP + r"(?:\s+(?:(?:of|for|on|and|in)\s+)?" + _CAP + r")*?\s+Report)"
    r"(\s+on\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:(?:in|on|of|and|for|the|against|to)\s+)*[A-Z][\w’'-]*)*)?"
    r"(?:,?\s+((?:19|20)\d\d))?(?![\w’'-])(?!\s+of\b)"
)
# Title words that make no title on their own: "the Comprehensive Report" (of the Ombudsperson), "the
# Final Report", "the Secretary-General’s Report"
_GENERIC_TITLE = frozenset(
    [
        "The",
        "A",
        "An",
        "Annual",
        "Final",
        "Interim",
        "Progress",
        "Special",
        "Comprehensive",
        "Joint",
        "Financial",
        "Periodic",
        "Initial",
        "Consolidated",
        "Global",
        "Biennial",
        "Synthesis",
        "Summary",
        "Technical",
        "Strategic",
        "Main",
        "Full",
        "Completion",
        "Strategy",
        "Assessment",
        "Latest",
        "Recent",
        "New",
        "Regional",
        "National",
    ]
)


# A statement or communiqué identified by its author and date: "its press statement of 21 April", "the
# European Council statement of 23 April 2015", "the press statement of the African Union Peace and
# Security Council of 27 April", "the Geneva communiqué of 30 June 2012", "the Decision of the Council of
# the European Union of 18 May 2015"
_STATEMENT = re.compile(
    r"\b(its|the)\s+((?:[A-Z][\w’'-]*\s+){0,6}?)"
    r"((?:[Pp]ress\s+|[Pp]residential\s+|[Jj]oint\s+)?(?:[Ss]tatement|[Cc]ommuniqu[ée])|Decision)"
    r"(?:\s+of\s+the\s+([A-Z][^,;()“”]{2,120}?))?\s+(?:of|dated)\s+(\d{1,2}\s+"
    + MONTH_RE
    + r")(?:\s+(\d{4}))?\b"
)
_SYMBOL_NEXT = re.compile(r"\s*(?:\(\s*|,\s*)?(?:contained\s+in\s+(?:document\s+)?)?" + SYMBOL.pattern)


def find_statements(
    work: str, start: int, end: int, registry: Registry | None, citing: str | None, before: str | None = None
) -> list[DocRef]:
    """Statements and communiqués a paragraph identifies by author and date (no symbol). Key:
    STATEMENT-<author>-<date>; "its …" and a date without its year are qualified by the citing
    document ("-IN-<symbol>")."""
    out: list[DocRef] = []
    if not any(work.find(w, start, end) >= 0 for w in ("tatement", "ommuniqu", "Decision")):
        return out
    for m in _STATEMENT.finditer(work, start, end):
        if _SYMBOL_NEXT.match(work, m.end(), end):
            continue  # "its presidential statement of 21 April 2015 (S/PRST/2015/10)": the symbol's
        author_words = re.sub(
            r"[’']s$|\b(?:Final|Joint|Press|Presidential)\b", "", (m.group(4) or m.group(2) or "").strip()
        )
        author_words = " ".join(author_words.split())
        if m.group(3) == "Decision" and not m.group(4):
            continue  # "the Decision of <author> of <date>" (an act's title) only
        author = None
        if author_words and registry is not None:
            got = registry.match(author_words)
            author = got.key if got is not None and got.kind == "body" else None
        author = author or _slug(author_words)
        date = parse_date(f"{m.group(5)} {m.group(6)}") if m.group(6) else None
        if date and before and date > before:
            continue  # dated after the citing text (``before``): a misprint or another text
        day = date or _slug(m.group(5))
        qualified = m.group(1) == "its" or not author or date is None
        kind = "DECISION" if m.group(3) == "Decision" else "STATEMENT"
        key = "-".join(x for x in (kind, author, day) if x) + (
            f"-IN-{_slug(citing)}" if qualified and citing else ""
        )
        title = " ".join(work[m.start(2) if m.group(2) else m.start(3) : m.end()].split())
        t = Target("document", key, date=date, title=title, doc_type="statement")
        out.append(DocRef(t, m.start(), m.end(), m.start()))
    return out


def find_titled(
    work: str, start: int, end: int, registry: Registry | None, date: str | None = None
) -> list[DocRef]:
    """Publications a paragraph names by their title ("the Global Report on Trafficking in Persons",
    "the United Nations Office on Drugs and Crime World Wildlife Crime Report 2024": the body's name
    before the title is not part of it). Key: PUBLICATION-<title>[-<year>]. An edition still to come (a
    year after the citing text's ``date``, "for inclusion in the next …") is no document yet."""
    out: list[DocRef] = []
    if work.find("Report", start, end) < 0:
        return out
    for m in _TITLED.finditer(work, start, end):
        s = m.start(1)
        if registry is not None:  # a name the registry knows before the title is not part of it
            for rm in registry.find_all(work[s : m.end(1)]):
                if rm.entry.kind != "instrument" and rm.start == 0:
                    s += rm.end
            while s < m.end(1) and not work[s].isupper():
                s = work.find(" ", s, m.end(1)) + 1 if work.find(" ", s, m.end(1)) >= 0 else m.end(1)
        article = re.match(r"(?:The|An?)\s+", work[s : m.end(1)])
        s += article.end() if article else 0  # "An IPCC Special Report on …"
        head = work[s : m.end(1)].split()
        if len(head) < 2 or head[0][0].islower():
            continue
        if all(
            w in _GENERIC_TITLE or w.endswith(("’s", "'s")) or ORDINAL.match(w) for w in head[:-1]
        ) and not m.group(2):
            continue
        title = " ".join(work[s : m.end(2) if m.group(2) else m.end(1)].split())
        year = m.group(3)
        if (year and date and year > date[:4]) or _FUTURE.search(work, max(start, s - 60), s):
            continue  # "looks forward to the Financing for Sustainable Development Report 2026"
        key = f"PUBLICATION-{_slug(title)}" + (f"-{year}" if year else "")
        t = Target("document", key, date=year, title=title, doc_type="report")
        out.append(DocRef(t, s, m.end(), s))
    return out


# The edition a translated title gives: "… de 2024", "… за 2024 год", "… لعام 2024"; Chinese before it
# ("2024年世界野生动植物犯罪报告")
_EDITION_AFTER = re.compile(r"\s*(?:de\s+|за\s+|لعام\s+|عام\s+)?((?:19|20)\d\d)(?!\d)")
_EDITION_BEFORE = re.compile(r"((?:19|20)\d\d)\s*年\s*$")


@cache
def _title_linker(language: str) -> Linker[str]:
    """The translated titles of ``language`` in the forms its texts write them (Russian cases, Arabic
    clitics), each standing for its English title."""
    pairs = [
        (form, t.english)
        for t in translated_titles()
        if t.language == language
        for form in name_forms(t.title, language)
    ]
    return Linker(sorted(pairs, key=lambda p: -len(p[0])), spaced=language != "zh")


def find_titled_in(work: str, start: int, end: int, language: str, date: str | None = None) -> list[DocRef]:
    """Publications a version in another language names by their translated title
    (``data/publication-titles.tsv``): the same key as the English title's, the edition's year where
    the title gives one; an edition after the citing text's ``date`` is no document yet."""
    out: list[DocRef] = []
    for m in _title_linker(language).find_all(work[start:end]):
        s, e = start + m.start, start + m.end
        year_at = _EDITION_AFTER.match(work, e, end)
        before = _EDITION_BEFORE.search(work, max(start, s - 8), s) if language == "zh" else None
        year = year_at.group(1) if year_at else before.group(1) if before else None
        if year and date and year > date[:4]:
            continue
        key = f"PUBLICATION-{_slug(m.entry)}" + (f"-{year}" if year else "")
        t = Target("document", key, date=year, title=m.entry, doc_type="report")
        out.append(DocRef(t, s, year_at.end() if year_at else e, s))
    return out


#: key prefixes of the documents read here by description; a footnote that names the document's symbol
#: replaces them (:mod:`.identify`)
DESCRIBED = ("REPORT-OF-", "STATEMENT-", "DECISION-", "PUBLICATION-")


def _slug(s: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", s.upper()).strip("-")


def find_described(
    work: str, start: int, end: int, registry: Registry | None, citing: str | None, before: str | None = None
) -> list[DocRef]:
    """Documents identified by description only: "the reports of the Special Rapporteur on … and of
    the Working Group … on its thirty-first session", "the conclusions on violence against women adopted
    on 13 March 1998 by …". A report followed by its symbol in brackets is left to the symbol.

    Key rule (``id:doc/_/ref/KEY``): REPORT-OF-<body>[-<session>-SESSION], else qualified by the
    citing document ("-IN-<symbol>"), so two different reports are never merged;
    CONCLUSIONS-<subject>[-<date>].
    """
    out: list[DocRef] = []
    # both patterns need a literal word; most paragraphs have neither, and the patterns'
    # leading \b keeps the regex engine from skipping ahead to it
    if registry is not None and work.find("report", start, end) >= 0:
        for m in _REPORT.finditer(work, start, end):
            if _FUTURE.search(work, max(start, m.start() - 60), m.start()):
                continue  # a report still to be written is no document yet
            pos = m.end()
            first = True
            while True:
                got = _body_at(work, pos, end, registry)
                if got is None:
                    break
                body, body_end = got
                lim = min(end, body_end + 250)
                semi = work.find(";", body_end, lim)
                lim = semi if semi >= 0 else lim
                nxt_report = _REPORT.search(work, body_end, lim)
                lim = nxt_report.start() if nxt_report else lim
                if _PAREN_SYMBOL.search(work, body_end, lim) or _NEXT_SYMBOL.match(work, body_end, end):
                    break
                sess = _SESSION_OF.match(work, body_end, end)
                tail = (
                    f"-{_slug(sess.group(1))}-SESSION" if sess else f"-IN-{_slug(citing)}" if citing else ""
                )
                span_end = sess.end() if sess else body_end
                key = f"REPORT-OF-{body}{tail}"
                title = " ".join(work[m.start(1) if first else pos : span_end].split())
                t = Target("document", key, body=body, title=title, doc_type="report")
                out.append(DocRef(t, m.start() if first else pos, span_end, m.start() if first else pos))
                first = False
                nxt = _AND_OF.search(work, span_end, min(end, span_end + 200))
                if (
                    nxt is None
                    or ";" in work[span_end : nxt.start()]
                    or re.search(r"[.]\s", work[span_end : nxt.start()])
                ):
                    break
                pos = nxt.end()
    for c in _CONCLUSIONS.finditer(work, start, end) if work.find("conclusions", start, end) >= 0 else ():
        date = parse_date(c.group(3)) if c.group(3) else None
        span_end = c.end()
        if c.group(2):
            key = f"CONCLUSIONS-{_slug(c.group(2))}" + (f"-{date}" if date else "")
        else:  # "the agreed conclusions adopted by the Commission … at its sixty-sixth session"
            got = _body_at(work, c.end() - 3, end, registry) if registry is not None else None
            sess = _BY_BODY_SESSION.match(work, got[1], end) if got is not None else None
            if got is None or (sess is None and date is None):
                continue
            key = f"CONCLUSIONS-{got[0]}-" + (f"{_slug(sess.group(1))}-SESSION" if sess else str(date))
            span_end = sess.end() if sess else got[1]
        title = " ".join(work[c.start(1) : span_end].split())
        t = Target("document", key, date=date, title=title, doc_type="document")
        out.append(DocRef(t, c.start(), span_end, c.start()))
    return out


def _body_at(work: str, pos: int, end: int, registry: Registry) -> tuple[str, int] | None:
    rest = work[pos : min(end, pos + 160)]
    for bm in registry.find_all(rest):
        if bm.entry.kind == "body" and rest[: bm.start].strip().lower() in ("", "the"):
            return bm.entry.key, pos + bm.end
        break
    return None
