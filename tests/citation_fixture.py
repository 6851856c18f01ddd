"""A small, clearly synthetic citation web built the way loaders build graphs (Document -> emit).

Symbols use the made-up series ``T/RES/…`` / ``T/DEC/…`` and registry keys ``TEST-…`` so nothing here
can be mistaken for a UN fact. Shape (citing -> cited):

    T/RES/4 --recalls--> T/RES/3 --recalls--> T/RES/2 --recalls--> T/RES/1 --recalls--> TEST-CONV
    T/RES/4 --recalls--> T/RES/0 (stub)   T/RES/3 --reaffirms--> T/RES/1 (shared ancestor)
    T/RES/4 --welcomes--> T/RES/2         T/RES/2 --reaffirms--> TEST-CONV
    T/DEC/5 <--recalls--> T/DEC/6 (a cycle)
    T/RES/4 op 1 urges actor/member-states, op 2 requests body/TEST-OFFICE
"""

from __future__ import annotations

from dataclasses import dataclass, field

import typer
from rdflib import Dataset

from tipkg.graph.store.embedded import new_dataset
from tipkg.loaders.emit import document_iri, emit
from tipkg.loaders.model import Citation, Document, Paragraph, Span, Target


@dataclass
class Cite:
    relation: str
    kind: str  # resolution | instrument
    key: str
    date: str | None = None


@dataclass
class Para:
    kind: str
    phrase: str
    cites: list[Cite] = field(default_factory=list)
    verbs: list[str] = field(default_factory=list)
    addressees: list[tuple[str, str]] = field(default_factory=list)


def _doc_type(key: str) -> str | None:
    if "/" not in key:
        return None
    return "decision" if "/DEC/" in key else "resolution"


def make_document(
    symbol: str, date: str, body: str, paras: list[Para], doc_type: str = "resolution"
) -> Document:
    """A Document whose text, spans and quotes are consistent, as a loader would produce it."""
    text = f"{symbol}\n\n"
    paragraphs: list[Paragraph] = []
    op_number = 0
    pp_order = 0
    for i, para in enumerate(paras, start=1):
        words = [para.phrase] + [f"{c.key}" for c in para.cites]
        ptext = " ".join(words) + ","
        start = len(text)
        line = text.count("\n") + 1
        text += ptext + "\n\n"
        citations: list[Citation] = []
        offset = start + len(para.phrase) + 1
        for c in para.cites:
            span = Span(offset, offset + len(c.key))
            citations.append(
                Citation(
                    target=Target(kind=c.kind, key=c.key, date=c.date, doc_type=_doc_type(c.key)),  # type: ignore[arg-type]
                    relation=c.relation,
                    span=span,
                    quote=c.key,
                )
            )
            offset += len(c.key) + 1
        if para.kind == "operative":
            op_number += 1
            number = str(op_number)
        else:
            pp_order += 1
            number = str(pp_order)
        paragraphs.append(
            Paragraph(
                kind=para.kind,  # type: ignore[arg-type]
                number=number,
                text=ptext,
                span=Span(start, start + len(ptext)),
                line=line,
                phrase=para.phrase,
                verbs=para.verbs or [c.relation for c in para.cites],
                citations=citations,
                addressees=[Target(kind=k, key=v) for k, v in para.addressees],  # type: ignore[arg-type]
            )
        )
        del i
    return Document(
        text=text,
        source_path=f"synthetic/{symbol.replace('/', '_')}.txt",
        source_sha256=f"{abs(hash(symbol)):064x}"[:64],
        source_format="text",
        loader="tests.citation_fixture",
        symbol=symbol,
        doc_type=doc_type,
        body=body,
        date=date,
        title=f"Synthetic test document {symbol}",
        # fictional T/ symbols of a hand-made fixture, not generator output: minted among ordinary
        # documents (synthetic=True would move them, not their cited targets, to the synthetic namespace)
        synthetic=False,
        paragraphs=paragraphs,
    )


def documents() -> list[Document]:
    return [
        make_document(
            "T/RES/1",
            "2001-01-10",
            "TEST-A",
            [Para("preambular", "Recalling", [Cite("recalls", "instrument", "TEST-CONV")])],
        ),
        make_document(
            "T/RES/2",
            "2002-02-20",
            "TEST-A",
            [
                Para("preambular", "Recalling", [Cite("recalls", "resolution", "T/RES/1", "2001-01-10")]),
                Para("preambular", "Reaffirming", [Cite("reaffirms", "instrument", "TEST-CONV")]),
            ],
        ),
        make_document(
            "T/RES/3",
            "2003-03-30",
            "TEST-B",
            [
                Para("preambular", "Recalling", [Cite("recalls", "resolution", "T/RES/2", "2002-02-20")]),
                Para("preambular", "Reaffirming", [Cite("reaffirms", "resolution", "T/RES/1", "2001-01-10")]),
                Para("preambular", "Recalling also", [Cite("recalls", "instrument", "TEST-CONV")]),
            ],
        ),
        make_document(
            "T/RES/4",
            "2004-04-14",
            "TEST-A",
            [
                Para(
                    "preambular",
                    "Recalling",
                    [
                        Cite("recalls", "resolution", "T/RES/3", "2003-03-30"),
                        Cite("recalls", "resolution", "T/RES/0", "1999-05-05"),
                    ],
                ),
                Para("preambular", "Welcoming", [Cite("welcomes", "resolution", "T/RES/2", "2002-02-20")]),
                Para("operative", "Urges", [], verbs=["urges"], addressees=[("actor", "member-states")]),
                Para("operative", "Requests", [], verbs=["requests"], addressees=[("body", "TEST-OFFICE")]),
            ],
        ),
        make_document(
            "T/DEC/5",
            "2005-05-05",
            "TEST-B",
            [Para("preambular", "Recalling", [Cite("recalls", "resolution", "T/DEC/6")])],
            "decision",
        ),
        make_document(
            "T/DEC/6",
            "2006-06-06",
            "TEST-B",
            [Para("preambular", "Recalling", [Cite("recalls", "resolution", "T/DEC/5")])],
            "decision",
        ),
    ]


def dataset() -> Dataset:
    """One named graph per document, with stub flags dropped for loaded documents (as build() does)."""
    from rdflib import Literal

    from tipkg.ontology.namespaces import TIP

    ds = new_dataset()
    docs = documents()
    for doc in docs:
        g = ds.graph(emit(doc).identifier)
        for t in emit(doc):
            g.add(t)
    loaded = {document_iri(d) for d in docs}
    for node in loaded:
        for q in list(ds.quads((node, TIP.stub, Literal(True), None))):
            ds.remove(q)
    return ds


def cli_app() -> typer.Typer:
    """The query/chain/stats/export commands alone, so these tests do not depend on other commands."""
    from tipkg.cli import COMMANDS, new_app

    return new_app({name: COMMANDS[name] for name in ("query", "chain", "stats", "export")})
