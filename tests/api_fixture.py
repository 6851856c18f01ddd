"""Hand-made documents for exact assertions on ``tipkg.KnowledgeGraph``.

TEST DATA ONLY: the series ``T/RES/…`` and the dates in 2099 are fictional, so nothing here can be
taken for a United Nations fact. Registry keys (GA, UNTOC, UNODC) are the real ones, used only as
targets. Shape (citing -> cited):

    T/RES/3 --recalls--> T/RES/2 --reaffirms--> T/RES/1
    T/RES/2 --urges--> instrument/UNTOC (via footnote 1)      T/RES/3 op 1 requests body/UNODC
    T/RES/3 --recalls--> T/RES/9 (a stub: cited, never loaded)
"""

from __future__ import annotations

from tipkg.loaders.model import Citation, Document, Footnote, Paragraph, Span, Target, TargetKind

PP_TEXT = "Recalling the earlier resolution on the subject,"
OP_TEXT = "Urges Member States to ratify the Convention;"


def _doc(
    symbol: str, date: str, title: str, paragraphs: list[Paragraph], footnotes: list[Footnote] | None = None
) -> Document:
    text = "\n".join(p.text for p in paragraphs) or title
    return Document(
        text=text,
        source_path=f"{symbol.replace('/', '_')}.txt",
        source_sha256=f"{abs(hash(symbol)):064d}"[-64:],
        source_format="text",
        loader="tests.api_fixture",
        symbol=symbol,
        body="GA",
        date=date,
        title=title,
        paragraphs=paragraphs,
        footnotes=footnotes or [],
    )


def _cite(
    relation: str, kind: TargetKind, key: str, date: str | None = None, via: str | None = None
) -> Citation:
    is_doc = kind == "resolution"
    target = Target(
        kind, key, body="GA" if is_doc else None, date=date, doc_type="resolution" if is_doc else None
    )
    return Citation(target=target, relation=relation, span=Span(0, 9), quote=PP_TEXT[:9], via_footnote=via)


def documents() -> list[Document]:
    """Three loaded resolutions forming a two-step recall chain."""
    first = _doc(
        "T/RES/1",
        "2099-01-10",
        "First test resolution",
        [
            Paragraph(
                "operative",
                "1",
                "Decides to remain seized of the matter.",
                Span(0, 39),
                1,
                "Decides",
                "Decides",
                verbs=["decides"],
            )
        ],
    )
    second = _doc(
        "T/RES/2",
        "2099-06-20",
        "Second test resolution",
        [
            Paragraph(
                "preambular",
                "1",
                PP_TEXT,
                Span(0, len(PP_TEXT)),
                1,
                "Reaffirming",
                "Reaffirming",
                verbs=["reaffirms"],
                citations=[_cite("reaffirms", "resolution", "T/RES/1", "2099-01-10")],
            ),
            Paragraph(
                "operative",
                "1",
                OP_TEXT,
                Span(0, len(OP_TEXT)),
                3,
                "Urges",
                "Urges",
                verbs=["urges"],
                citations=[_cite("urges", "instrument", "UNTOC", via="1")],
                footnote_markers=["1"],
                addressees=[Target("actor", "member-states")],
            ),
        ],
        footnotes=[
            Footnote(
                "1",
                "United Nations, Treaty Series, vol. 2225, No. 39574.",
                Span(0, 10),
                "United Nations, Treaty Series, vol. 2225, No. 39574",
                Target("instrument", "UNTOC"),
            ),
        ],
    )
    third = _doc(
        "T/RES/3",
        "2099-12-31",
        "Third test resolution",
        [
            Paragraph(
                "preambular",
                "1",
                PP_TEXT,
                Span(0, len(PP_TEXT)),
                1,
                "Recalling",
                "Recalling",
                verbs=["recalls"],
                citations=[
                    _cite("recalls", "resolution", "T/RES/2", "2099-06-20"),
                    _cite("recalls", "resolution", "T/RES/9"),
                ],
            ),
            Paragraph(
                "operative",
                "1",
                "Requests the Office to report;",
                Span(0, 30),
                3,
                "Requests",
                "Requests",
                verbs=["requests"],
                addressees=[Target("body", "UNODC")],
                subparagraphs=[Paragraph("sub", "a", "on the measures taken;", Span(0, 22), 4)],
            ),
        ],
    )
    return [first, second, third]
