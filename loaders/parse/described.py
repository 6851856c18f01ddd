"""Documents a text identifies by description only, with no symbol: reports of a body, on a session
or in the citing text, and conclusions adopted by a body (one job apart from the numbered references
of :mod:`.references`, whose :class:`DocRef` they share)."""

from __future__ import annotations

import re

from tipkg.loaders.model import Target
from tipkg.loaders.parse.dates import MONTH_RE, parse_date
from tipkg.loaders.parse.references import SYMBOL, DocRef
from tipkg.loaders.registry.model import Registry

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


def _slug(s: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", s.upper()).strip("-")


def find_described(
    work: str, start: int, end: int, registry: Registry | None, citing: str | None
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
