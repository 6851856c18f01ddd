"""Render one planned synthetic document: header, paragraphs, footnotes, and the record of all it says.

Opening phrases come from ontology/phrases.ttl weighted by their counts in the real corpus, paragraph
lengths from the real ones (:mod:`tipkg.synth.vocab`); treaties, bodies and events from the registry
(loaders/registry/*.yaml), footnotes from its UNTS and adoption facts; prose from
:mod:`tipkg.synth.prose`. Paragraphs that cite nothing are drawn from pools built once from a fixed
seed (:func:`tipkg.synth.writer.generic_paragraphs`), which keeps generation fast. Two layouts, as in the real texts:
one paragraph per line between blank lines with footnotes after the paragraph that calls them
(Markdown-like), or paragraphs wrapped at a fixed width with footnotes at the end (PDF-like).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from tipkg.synth.plan import (
    BODY_NAMES,
    MARKER,
    Planned,
    long_date,
    ordinal_suffix,
    ordinal_words,
)
from tipkg.synth.vocab import vocabulary
from tipkg.synth.writer import SUPERSCRIPTS, WIDTHS, Writer, prewrapped, wrap


def _header(doc: Planned, rng: random.Random) -> tuple[list[str], dict[str, str]]:
    """The heading lines, and the fields they state (for the record)."""
    body = BODY_NAMES[doc.body]
    distr = (dt.date.fromisoformat(doc.date) + dt.timedelta(days=rng.randint(20, 80))).isoformat()
    lines = [MARKER, "United Nations", doc.symbol, "General Assembly" if doc.body != "ECOSOC" else body]
    lines += ["Distr.: General", long_date(distr)]
    session = f"{ordinal_words(doc.session).capitalize()} session"
    if doc.body == "HRC":
        item = str(rng.randint(2, 10))
        lines += ["Human Rights Council", session, f"Agenda item {item}"]
    elif doc.body == "GA":
        item = str(rng.randint(60, 140))
        lines += [session, f"Agenda item {item}"]
    else:
        session = f"Session of {doc.session}"
        item = str(rng.randint(4, 20))
        lines += [session, f"Agenda item {item}"]
    lines.append(f"Resolution adopted by the {body} on {long_date(doc.date)}")
    header_refs = [doc.symbol]
    if doc.body == "GA":
        report = f"A/{doc.session}/{rng.randint(400, 480)}"
        header_refs.append(report)
        lines.append(f"[on the report of the Third Committee ({report})]")
    lines.append(f"{doc.number}. {doc.title}")
    fields = {
        "symbol": doc.symbol,
        "body": doc.body,
        "date": doc.date,
        "title": doc.title,
        "agenda_item": item,
        "distribution_date": distr,
        "header_refs": " ".join(header_refs),
    }
    if doc.body != "ECOSOC":  # the ECOSOC "Session of <year>" line is this generator's own form
        fields["session"] = session
    return lines, fields


def render(doc: Planned, docs: Sequence[Planned], rng: random.Random) -> tuple[str, dict[str, Any]]:
    """The text of one synthetic document and the record of what it says."""
    vocab = vocabulary()
    wrapped = rng.random() < 0.5
    width = WIDTHS[int(rng.random() * len(WIDTHS))]
    header, fields = _header(doc, rng)
    writer = Writer(rng, doc, docs, vocab)
    paras = writer.paragraphs()
    sep = "\n" if wrapped else "\n\n"
    head = "\n".join(header) + ("\n" if wrapped else "\n\n") + f"The {BODY_NAMES[doc.body]},{sep}"
    parts: list[str] = [head]
    pos = len(head)
    line = 1 + head.count("\n")
    truth_paras: list[list[Any]] = []
    citations: list[dict[str, Any]] = []
    addressees: list[list[str]] = []
    mentions: dict[tuple[str, str], None] = {("body", doc.body): None}
    footnoted: set[str] = set()
    for p in paras:
        for q in (p, *p.subs) if p.subs else (p,):
            text = q.text
            if not wrapped:
                body = text
            elif q.pooled >= 0 and not q.subs:
                if q.kind == "preambular":
                    body = prewrapped("preambular", width, 0)[q.pooled]
                else:
                    lead = q.number + ". "
                    body = lead + prewrapped("operative", width, len(lead))[q.pooled]
            else:
                body = wrap(text, width)
            start = pos
            truth_paras.append([q.pid, q.label, q.key, start, start + len(text), line])
            parts.append(body)
            parts.append(sep)
            pos += len(body) + len(sep)
            line += body.count("\n") + len(sep)
            if q.cites:
                for c in q.cites:
                    s0, e0 = c["span"]
                    citations.append({"paragraph": q.pid, **c, "span": [start + s0, start + e0]})
            for mention in q.mentions:
                mentions[mention] = None
            for kind, key in q.addressees:
                addressees.append([q.pid, kind, key])
        if not wrapped and p.markers:
            for m in p.markers:
                if m not in footnoted:
                    footnoted.add(m)
                    fn = writer.footnotes[int(m) - 1]
                    piece = f"{m.translate(SUPERSCRIPTS)} {fn['text']}\n\n"
                    parts.append(piece)
                    pos += len(piece)
                    line += 2
    what = "meeting" if doc.body == "HRC" else "plenary meeting"
    fields["meeting"] = f"{ordinal_suffix(rng.randint(40, 80))} {what}"
    parts.append(f"{fields['meeting']}\n{long_date(doc.date)}\n")
    if wrapped and writer.footnotes:
        parts.append("__________________\n")
        parts.extend(f"{fn['marker'].translate(SUPERSCRIPTS)} {fn['text']}\n" for fn in writer.footnotes)
    truth = {
        "symbol": doc.symbol,
        "layout": "wrapped" if wrapped else "blank-line",
        "paragraphs": truth_paras,
        "citations": citations,
        "footnotes": writer.footnotes,
        "mentions": [list(m) for m in mentions],
        "addressees": addressees,
        "header": fields,
    }
    return "".join(parts), truth
