"""The pages of a UN PDF read as body, furniture and footnotes (sources/pdf_pages.py), and a list of
resolutions broken by a page read whole from a PDF made in the UN's layout (issue 25's first case)."""

from __future__ import annotations

from pathlib import Path

from tipkg.loaders.sources.pdf import load_pdf
from tipkg.loaders.sources.pdf_pages import PdfLine, reading_text
from tipkg.synth.printed import Para, Printed, Run
from tipkg.synth.unpdf import write_pdf


def _page(
    n: int, rows: list[tuple[str, float, float]], lead: frozenset[int] | set[int] = frozenset()
) -> list[PdfLine]:
    return [PdfLine(t, y, 72, size, n, lead_marker=i in lead) for i, (t, y, size) in enumerate(rows)]


PAGE_1 = _page(
    1,
    [
        ("United Nations", 790, 13), ("A/RES/99/7", 790, 13), ("General Assembly", 760, 18),
        ("99/7. Test of lists broken by a page", 650, 12), ("The General Assembly,", 620, 10),
        ("Recalling its resolutions 50/1, 50/2,¹ 50/3", 600, 10), ("__________________", 150, 10),
        ("¹ See also resolution 49/9.", 135, 8.5), ("99-12345 (E) 010100", 40, 8), ("*9912345*", 26, 10),
    ],
    lead={7},
)  # fmt: skip
PAGE_2 = _page(
    2,
    [
        ("A/RES/99/7", 802, 9), ("Test of lists broken by a page", 802, 8.5), ("and 50/4,", 760, 10),
        ("1. Decides to remain seized of the matter.", 740, 10), ("continued note text.", 100, 8.5),
        ("2/3", 40, 8), ("99-12345", 40, 8),
    ],
)  # fmt: skip
PAGE_3 = _page(
    3,
    [
        ("Test of lists broken by a page", 802, 8.5),
        ("A/RES/99/7", 802, 9),
        ("2. Requests", 760, 10),
        ("99-12345", 40, 8),
        ("3/3", 40, 8),
    ],
)


def test_furniture_left_out_body_joined_footnotes_after() -> None:
    reading = reading_text([PAGE_1, PAGE_2, PAGE_3])
    lines = reading.text.split("\n")
    assert "Recalling its resolutions 50/1, 50/2,¹ 50/3" in lines
    assert lines[lines.index("Recalling its resolutions 50/1, 50/2,¹ 50/3") + 1] == "and 50/4,"
    for furniture in (
        "99-12345 (E) 010100",
        "*9912345*",
        "2/3",
        "3/3",
        "99-12345",
        "Test of lists broken by a page",
    ):
        assert furniture not in lines
    assert reading.text.count("A/RES/99/7") == 1  # the masthead's, not the running headers'
    assert reading.text.endswith("__________________\n1 See also resolution 49/9. continued note text.")
    assert reading.notes == [("1", "See also resolution 49/9. continued note text.")]


def test_footnotes_without_a_rule_are_the_small_lines_under_the_body() -> None:
    body = (
        "Recalling the United Nations Convention against Transnational Organized Crime,¹ and its Protocols,"
    )
    page = _page(1, [("United Nations", 790, 13), ("A/RES/99/8", 790, 13), (body, 600, 10),
                     ("¹ United Nations, Treaty Series, vol. 2225, No. 39574.", 120, 8.5)], lead={3})  # fmt: skip
    assert reading_text([page]).notes == [("1", "United Nations, Treaty Series, vol. 2225, No. 39574.")]


def _list_document() -> Printed:
    numbers = [f"{50 + i}/{100 + i} of {1 + i % 27} December {1995 + i}" for i in range(26)]
    recall = "Recalling its resolutions " + ", ".join(numbers[:-1]) + " and " + numbers[-1] + ","
    filler = [
        Para(
            "",
            [
                Run(
                    "Reaffirming the importance of coordinated action against trafficking in persons and of "
                    "the protection of its victims, in all regions and at every level, " * 2
                )
            ],
        )
        for _ in range(9)
    ]
    return Printed(
        symbol="A/RES/99/7",
        title="Test of a list broken by a page",
        heading=[
            ("body", "United Nations"),
            ("symbol", "A/RES/99/7"),
            ("body", "General Assembly"),
            ("adopted", "Resolution adopted by the General Assembly on 20 December 2099"),
            ("title", "99/7. Test of a list broken by a page"),
        ],
        paras=[
            Para("", [Run("The General Assembly,")], heading=True),
            *filler,
            Para("", [Run(recall)]),
            Para("1.", [Run("Decides to remain seized of the matter.")]),
        ],
        job="99-12345",
        issued="010100",
    )


def test_a_list_of_26_resolutions_across_a_page_break_is_read_whole(tmp_path: Path) -> None:
    pdf = write_pdf(_list_document(), tmp_path / "A_RES_99_7.pdf")
    doc = load_pdf(pdf)
    recalled = [c.target.key for p in doc.paragraphs for c in p.citations if c.relation == "recalls"]
    assert recalled == [f"A/RES/{50 + i}/{100 + i}" for i in range(26)]
    assert "99-12345" not in doc.text and "2/2" not in doc.text
    assert doc.symbol == "A/RES/99/7"
    op = [p for p in doc.paragraphs if p.kind == "operative"]
    assert [p.number for p in op] == ["1"]
    for p in doc.all_paragraphs():
        assert doc.text[p.span.start : p.span.end] == p.text
