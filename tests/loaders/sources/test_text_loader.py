"""The text loader on the real corpus (../shared/corpus, never copied) and on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.parse.resolution import parse_text
from tipkg.loaders.sources.manifest import Manifest, load_manifest
from tipkg.loaders.sources.text import load_text_file


@pytest.fixture(scope="module")
def manifest(corpus_dir: Path) -> Manifest:
    return load_manifest(corpus_dir / "manifest.json")


def load(corpus_dir: Path, manifest: Manifest, name: str) -> Document:
    return load_text_file(corpus_dir / "resolutions" / name, manifest)


# ------------------------------------------------------------------------------------ heading


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "A_RES_61_180.txt",
            dict(
                symbol="A/RES/61/180",
                body="GA",
                date="2006-12-20",
                title="Improving the coordination of efforts against trafficking in persons",
                session="Sixty-first session",
                agenda_item="98",
                distribution_date="2007-03-08",
            ),
        ),
        (
            "A_RES_74_176.txt",
            dict(
                symbol="A/RES/74/176",
                body="GA",
                date="2019-12-18",
                title="Improving the coordination of efforts against trafficking in persons",
                session="Seventy-fourth session",
                agenda_item="106",
                distribution_date="2020-01-23",
            ),
        ),
        (
            "A_RES_57_176.txt",
            dict(
                symbol="A/RES/57/176",
                body="GA",
                title="Trafficking in women and girls",
                session="Fifty-seventh session",
                agenda_item="102",
                distribution_date="2003-01-30",
            ),
        ),
        (
            "A_RES_64_293.txt",
            dict(
                symbol="A/RES/64/293",
                body="GA",
                date="2010-07-30",  # not printed: from the manifest
                title="United Nations Global Plan of Action to Combat Trafficking in Persons",
                session="Sixty-fourth session",
                agenda_item="104",
                distribution_date="2010-08-12",
            ),
        ),
        (
            "S_RES_2331_2016.txt",
            dict(
                symbol="S/RES/2331 (2016)",
                body="SC",
                date="2016-12-20",
                meeting="7847th meeting",
                distribution_date="2016-12-20",
                title=None,
            ),
        ),
        (
            "A_HRC_RES_8_12.txt",
            dict(
                symbol="A/HRC/RES/8/12",
                body="HRC",
                title="Special Rapporteur on trafficking in persons, especially women and children",
            ),
        ),
        (
            "A_HRC_RES_11_3.txt",
            dict(
                symbol="A/HRC/RES/11/3",
                body="HRC",
                title="Trafficking in persons, especially women and children",
                session="Eleventh Session",
            ),
        ),
        (
            "A_HRC_RES_35_5.txt",
            dict(
                symbol="A/HRC/RES/35/5",
                body="HRC",
                date="2017-06-22",
                session="Thirty-fifth session",
                agenda_item="3",
                title="Mandate of the Special Rapporteur on trafficking in persons, "
                "especially women and children",
            ),
        ),
        (
            "E_RES_2008_33.md",
            dict(
                symbol="E/RES/2008/33",  # not printed: from the manifest
                body="ECOSOC",
                date="2008-07-25",  # from the closing "44th plenary meeting 25 July 2008"
                meeting="44th plenary meeting",
                title="Strengthening coordination of the United Nations and other efforts in fighting "
                "trafficking in persons",
            ),
        ),
    ],
)
def test_heading_metadata(
    corpus_dir: Path, manifest: Manifest, name: str, expected: dict[str, str | None]
) -> None:
    doc = load(corpus_dir, manifest, name)
    for field, value in expected.items():
        assert getattr(doc, field) == value, field


def test_heading_comes_from_the_text_without_manifest(corpus_dir: Path) -> None:
    doc = load_text_file(corpus_dir / "resolutions" / "A_HRC_RES_11_3.txt")
    assert (doc.symbol, doc.body) == ("A/HRC/RES/11/3", "HRC")
    seed = load_text_file(corpus_dir / "resolutions" / "E_RES_2008_33.md")
    assert seed.symbol is None  # the seed does not print its symbol
    assert seed.body == "ECOSOC" and seed.date == "2008-07-25"


def test_header_mentions(corpus_dir: Path, manifest: Manifest) -> None:
    doc = load(corpus_dir, manifest, "A_RES_61_180.txt")
    assert [(m.target.key, m.target.kind) for m in doc.header_mentions] == [
        ("A/RES/61/180", "resolution"),
        ("A/61/444", "document"),
    ]
    doc = load(corpus_dir, manifest, "A_RES_64_293.txt")
    assert [m.target.key for m in doc.header_mentions] == ["A/RES/64/293", "A/64/L.64"]
    seed = load(corpus_dir, manifest, "E_RES_2008_33.md")
    assert seed.header_mentions == []


# ---------------------------------------------------------------------------------- structure


def test_seed_paragraphs(corpus_dir: Path, manifest: Manifest) -> None:
    doc = load(corpus_dir, manifest, "E_RES_2008_33.md")
    pre = [p for p in doc.paragraphs if p.kind == "preambular"]
    ops = [p for p in doc.paragraphs if p.kind == "operative"]
    assert len(pre) == 11
    assert [p.number for p in pre] == [str(i) for i in range(1, 12)]
    assert [p.number for p in ops] == [str(i) for i in range(1, 13)]
    assert [p.phrase for p in pre[:3]] == ["Recalling", "Recalling also", "Reaffirming"]
    assert [p.phrase for p in ops] == [
        "Urges",
        "Urges",
        "Invites",
        "Invites",
        "Calls upon",
        "Calls upon",
        "Calls for",
        "Reiterates the invitation",
        "Welcomes",
        "Invites",
        "Highlights",
        "Reiterates its request",
    ]
    assert ops[8].verbs == ["welcomes", "encourages"]
    subs = ops[3].subparagraphs
    assert [s.number for s in subs] == ["a", "b", "c", "d"]
    assert subs[0].text == "(a) Appropriate housing;"
    assert subs[2].text == "(c) Medical, psychological and material assistance;"
    assert all(s.kind == "sub" for s in subs)
    assert ops[3].text.endswith("through:")
    # footnote bodies are not paragraph text
    assert not any("Treaty Series" in p.text for p in doc.all_paragraphs())


def test_seed_footnotes_resolved(corpus_dir: Path, manifest: Manifest) -> None:
    doc = load(corpus_dir, manifest, "E_RES_2008_33.md")
    notes = {f.marker: f for f in doc.footnotes}
    assert sorted(notes) == ["1", "2", "3", "4"]
    assert notes["1"].bibliographic_citation == "United Nations, Treaty Series, vol. 2225, No. 39574"
    assert notes["2"].bibliographic_citation == "United Nations, Treaty Series, vol. 2237, No. 39574"
    refs = {m: (f.refers_to.kind, f.refers_to.key) for m, f in notes.items() if f.refers_to}
    assert refs == {
        "1": ("instrument", "UNTOC"),
        "2": ("instrument", "TIP-PROTOCOL"),
        "3": ("document", "E/2008/30"),
        "4": ("instrument", "CONV-1949"),
    }
    assert doc.paragraphs[1].footnote_markers == ["1", "2"]
    for f in doc.footnotes:
        assert doc.text[f.span.start : f.span.end] == f.text


def test_pdf_footnotes_after_rule_and_unnumbered_list(corpus_dir: Path, manifest: Manifest) -> None:
    doc = load(corpus_dir, manifest, "A_RES_74_176.txt")
    assert [(f.marker, f.text) for f in doc.footnotes] == [("1", "Resolution 70/1."), ("2", "Target 5.2.")]
    assert doc.footnotes[0].refers_to is not None
    listed = load(corpus_dir, manifest, "A_RES_57_176.txt")
    assert [f.marker for f in listed.footnotes] == [str(i) for i in range(1, 10)]
    assert listed.footnotes[0].text == "Resolution 217 A (III)."
    assert listed.paragraphs[0].footnote_markers == ["1", "2", "3", "4", "5", "6"]
    # the unnumbered list is not paragraph text, and no footnote yields a citation of its own
    assert not any("Resolution 317 (IV)" in p.text for p in listed.paragraphs)
    keys = {c.target.key for p in listed.all_paragraphs() for c in p.citations}
    assert "A/RES/48/104" not in keys and "A/RES/317 (IV)" not in keys


def test_flattened_text_and_displaced_number(corpus_dir: Path, manifest: Manifest) -> None:
    doc = load(corpus_dir, manifest, "A_RES_61_180.txt")
    pre = [p for p in doc.paragraphs if p.kind == "preambular"]
    assert [p.phrase for p in pre[:4]] == ["Recalling", "Recalling also", "Recalling further", "Welcoming"]
    assert pre[2].footnote_markers == ["1", "2", "3", "4"]
    ops = [p for p in doc.paragraphs if p.kind == "operative"]
    assert [(p.number, p.phrase) for p in ops] == [("1", "Recognizes")]
    # the page header glued to the second fragment is furniture
    assert all(not p.text.startswith("A/RES/61/180") for p in doc.paragraphs)


def test_page_furniture_and_chrome_removed(corpus_dir: Path, manifest: Manifest) -> None:
    for name in ("A_RES_74_176.txt", "S_RES_2331_2016.txt", "A_RES_57_176.txt"):
        doc = load(corpus_dir, manifest, name)
        for p in doc.all_paragraphs():
            for junk in (
                "19-22333",
                "*1922333*",
                "02 54978",
                "Download as pdf",
                "PeaceWomen",
                "Extract:",
                "S/RES/2331 (2016)\n",
                "Resolution 2331, ",
            ):
                assert junk not in p.text, (name, junk)


def test_second_stored_copy_kept_once(corpus_dir: Path, manifest: Manifest) -> None:
    doc = load(corpus_dir, manifest, "A_HRC_RES_11_3.txt")
    starts = [" ".join(p.text.split())[:60] for p in doc.paragraphs]
    assert len(starts) == len(set(starts))
    recalling_udhr = [p for p in doc.paragraphs if "Universal Declaration" in p.text]
    assert len(recalling_udhr) == 1
    assert "Civil and Political Rights" in recalling_udhr[0].text  # the fuller copy won
    assert not any("--- second stored copy" in p.text for p in doc.paragraphs)


def test_fragments_after_gaps_have_no_phrase(corpus_dir: Path, manifest: Manifest) -> None:
    doc = load(corpus_dir, manifest, "S_RES_2331_2016.txt")
    frag = [p for p in doc.paragraphs if p.text.startswith("which can prolong")]
    assert len(frag) == 1 and frag[0].phrase is None
    numbered = [p.number for p in doc.paragraphs if p.kind == "operative" and p.number.isdigit()]
    assert numbered == ["2", "8", "17", "18", "21", "22", "23"]
    para2 = next(p for p in doc.paragraphs if p.kind == "operative" and p.number == "2")
    assert [s.number for s in para2.subparagraphs] == ["a"]
    assert [(c.target.key, c.relation) for c in para2.subparagraphs[0].citations] == [
        ("UNTOC", "callsUpon"),
        ("TIP-PROTOCOL", "callsUpon"),
    ]
    for gap_text in ("[...]",):
        assert all(gap_text not in p.text for p in doc.all_paragraphs())


def test_citations_of_the_seed(corpus_dir: Path, manifest: Manifest) -> None:
    doc = load(corpus_dir, manifest, "E_RES_2008_33.md")
    got = [(p.number, p.kind, c.target.key, c.relation) for p in doc.all_paragraphs() for c in p.citations]
    assert got == [
        ("2", "preambular", "UNTOC", "recalls"),
        ("2", "preambular", "TIP-PROTOCOL", "recalls"),
        ("4", "preambular", "CCPCJ/RES/17/1", "recalls"),
        ("7", "preambular", "A/RES/61/180", "bearsInMind"),
        ("7", "preambular", "E/RES/2006/27", "bearsInMind"),
        ("2", "operative", "UNTOC", "urges"),
        ("2", "operative", "TIP-PROTOCOL", "urges"),
        ("2", "operative", "CONV-1949", "urges"),
        ("6", "operative", "E/RES/2006/27", "callsUpon"),
        ("11", "operative", "TIP-PROTOCOL", "highlights"),
    ]
    bearing = doc.paragraphs[6].citations
    assert bearing[0].target.title == "Improving the coordination of efforts against trafficking in persons"
    assert bearing[0].target.date == "2006-12-20"


def test_every_span_quotes_the_text(corpus_dir: Path, manifest: Manifest) -> None:
    for entry in manifest.entries:
        doc = load_text_file(corpus_dir / entry.file, manifest)
        for p in doc.all_paragraphs():
            assert doc.text[p.span.start : p.span.end] == p.text
            assert p.line == doc.text.count("\n", 0, p.span.start) + 1
            for c in p.citations:
                assert doc.text[c.span.start : c.span.end] == c.quote
            for m in p.mentions:
                assert doc.text[m.span.start : m.span.end] == m.quote
        for m in [*doc.header_mentions, *doc.mentions]:
            assert doc.text[m.span.start : m.span.end] == m.quote


# ---------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n \t\n", "empty"),
        (b"\x00\x01\x02binary\x00garbage\xff\xfe" * 20, "binary"),
        ("The General Assembly,\nRecalling the Déclaration,\n".encode("latin-1"), "not UTF-8"),
        (b"[...]\n\n[...]\n", "only gap markers"),
    ],
)
def test_bad_input_raises_one_clear_line(tmp_path: Path, content: bytes, reason: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(LoadError) as info:
        load_text_file(f)
    message = str(info.value)
    assert reason in message
    assert "\n" not in message
    assert str(f) in message


def test_latin1_error_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes("The General Assembly,\n\nRecalling the Déclaration,\n".encode("latin-1"))
    with pytest.raises(LoadError) as info:
        load_text_file(f)
    assert info.value.line == 3


def test_bom_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "bom.md"
    f.write_bytes("\ufeffThe General Assembly,\n\nRecalling its resolution 50/1,\n".encode())
    doc = load_text_file(f)
    assert doc.source_format == "markdown"
    assert [c.target.key for p in doc.paragraphs for c in p.citations] == ["A/RES/50/1"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read"):
        load_text_file(tmp_path / "nope.txt")


def test_parse_text_of_only_gaps_raises() -> None:
    with pytest.raises(LoadError):
        parse_text("[...]\n", path="x.txt", sha256="0", fmt="text")


def test_manifest_metadata(corpus_dir: Path, manifest: Manifest) -> None:
    entry = manifest.entry_for(corpus_dir / "resolutions" / "E_RES_2008_33.md")
    assert entry is not None
    meta = entry.metadata(None)
    assert meta["symbol"] == "E/RES/2008/33" and meta["body"] == "ECOSOC" and meta["adopted"] == "2008-07-25"
    assert manifest.by_symbol("S/RES/2331 (2016)") is not None


def test_bad_manifest(tmp_path: Path) -> None:
    f = tmp_path / "manifest.json"
    f.write_text("{not json", encoding="utf-8")
    with pytest.raises(LoadError, match="not a JSON manifest"):
        load_manifest(f)


# ------------------------------------------------------------- layouts not in the corpus (fixtures)

PDF_LIKE = """United Nations A/RES/99/5
General Assembly Distr.: General
3 January 2100
Ninety-ninth session
Agenda item 999
Resolution adopted by the General Assembly on 20 December 2099
[on the report of the Third Committee (A/99/400)]
99/5. Test of coordination against trafficking in persons
The General Assembly,
Recalling its resolution 98/1 of 1 December 2043 and the United Nations Convention
against Transnational Organized Crime,1
__________________
1 United Nations, Treaty Series, vol. 2225, No. 39574.
99-12345 (E) 030100
*9912345*
A/RES/99/5 Test of coordination against trafficking in persons
2/4 99-12345
and the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women
and Children,
1.
Urges Member States to act;
2. Decides to remain seized of the matter.
Annex
1. Member States should act.
"""


def test_pdf_layout_page_break_running_header_and_annex() -> None:
    doc = parse_text(PDF_LIKE, path="pdf.txt", sha256="0", fmt="text")
    assert (doc.symbol, doc.body, doc.date, doc.distribution_date) == (
        "A/RES/99/5",
        "GA",
        "2099-12-20",
        "2100-01-03",
    )
    assert doc.title == "Test of coordination against trafficking in persons"
    pre, op1, op2, annexed = doc.paragraphs
    # the annex is a division of the text, its paragraphs numbered anew
    assert (annexed.division, annexed.number, annexed.text) == (
        "annex/1",
        "1",
        "1. Member States should act.",
    )
    assert [(d.kind, d.label) for d in doc.divisions] == [("annex", "1")]
    assert pre.text.endswith("Especially Women\nand Children,")
    assert "99-12345" in pre.text  # the original text is kept …
    assert [c.target.key for c in pre.citations][:2] == ["A/RES/98/1", "UNTOC"]  # … but not read
    assert [(op1.number, op1.phrase), (op2.number, op2.phrase)] == [
        ("1", "Urges"),
        ("2", "Decides to remain seized"),
    ]
    assert [f.marker for f in doc.footnotes] == ["1"]
    assert all("should act" not in p.text for p in (pre, op1, op2))  # the annex is apart


OLD_STYLE = """United Nations

A/RES/99/6

General Assembly

Distr. GENERAL

16 February 2100

      RESOLUTION ADOPTED BY THE GENERAL ASSEMBLY

      99/6.     Test of old layouts

      The General Assembly,

      Reaffirming the principles of the Charter of the United Nations,  1/ and
recalling its resolution 98/2,  2/

      Acting under Chapter VII of the Charter,

      1/  Charter text.
"""


def test_old_layout_with_slash_markers() -> None:
    doc = parse_text(OLD_STYLE, path="old.txt", sha256="0", fmt="text")
    assert (doc.symbol, doc.distribution_date, doc.title) == (
        "A/RES/99/6",
        "2100-02-16",
        "Test of old layouts",
    )
    first = doc.paragraphs[0]
    assert first.footnote_markers == ["1", "2"]
    assert [(c.target.key, c.relation) for c in first.citations][-1] == ("A/RES/98/2", "recalls")
    assert doc.paragraphs[1].phrase == "Acting under"
    assert [f.marker for f in doc.footnotes] == ["1"]


def test_page_without_heading_takes_the_printed_symbol() -> None:
    doc = parse_text(
        "S/RES/9999 (2099)\nPage 4\n3. Calls upon Member States to act;\n",
        path="p.txt",
        sha256="0",
        fmt="text",
    )
    assert (doc.symbol, doc.body) == ("S/RES/9999 (2099)", "SC")
    assert [(p.number, p.phrase) for p in doc.paragraphs] == [("3", "Calls upon")]


def test_star_footnote_symbols_are_header_mentions() -> None:
    text = (
        "Human Rights Council\nNinety-ninth session\nResolution 99/1.* Test resolution\n"
        "* Previously issued as A/HRC/99/50, chap. III.\n"
        "The Human Rights Council,\nRecalling its resolution 98/1,\n"
        "** The annexes are reproduced as received in A/HRC/99/51.\n"
    )
    doc = parse_text(text, path="h.txt", sha256="0", fmt="text")
    assert doc.symbol == "A/HRC/RES/99/1"
    assert [m.target.key for m in doc.header_mentions] == ["A/HRC/RES/99/1", "A/HRC/99/50", "A/HRC/99/51"]
    assert [c.target.key for p in doc.paragraphs for c in p.citations] == ["A/HRC/RES/98/1"]


def test_windows_line_ends_give_the_same_result(corpus_dir: Path, manifest: Manifest) -> None:
    path = corpus_dir / "resolutions" / "E_RES_2008_33.md"
    entry = manifest.entry_for(path)
    assert entry is not None
    text = path.read_text(encoding="utf-8")
    a = parse_text(text, path="a", sha256="0", fmt="markdown", metadata=entry.metadata(None))
    b = parse_text(
        text.replace("\n", "\r\n"), path="b", sha256="0", fmt="markdown", metadata=entry.metadata(None)
    )

    def summary(d: Document) -> list[tuple[str, str, list[tuple[str, str]]]]:
        return [
            (p.kind, p.number, [(c.target.key, c.relation) for c in p.citations]) for p in d.all_paragraphs()
        ]

    assert summary(a) == summary(b)
    assert [f.marker for f in a.footnotes] == [f.marker for f in b.footnotes]


CATALOGUE_COPY = """Document Type: Final Decision

Date: 2100 Apr

Session: 99th Regular Session (2100 Mar)

GE.99-12345(E)

Human Rights Council Ninety-ninth session Agenda item 3

Decision adopted by the Human Rights Council*

99/117 Test of decisions

The Human Rights Council,

Reaffirming Council resolutions 98/1 of 1 June 2038, in which it extended the mandate of the Special
Rapporteur on trafficking in persons, and 98/3 of 3 June 2038,

* The resolutions and decisions adopted by the Council will be contained in the report of

the Council on its ninety-ninth session (A/HRC/99/56), chap. I.

(a) To hold a panel discussion;

45th meeting 26 March 2100
"""


def test_catalogue_chrome_decision_heading_and_wrapped_star_footnote() -> None:
    doc = parse_text(CATALOGUE_COPY, path="c.txt", sha256="0", fmt="text")
    assert (doc.symbol, doc.doc_type, doc.title) == ("A/HRC/DEC/99/117", "decision", "Test of decisions")
    assert (doc.session, doc.meeting, doc.date) == ("Ninety-ninth session", "45th meeting", "2100-03-26")
    cites = [(c.target.key, c.target.date) for p in doc.all_paragraphs() for c in p.citations]
    assert cites == [("A/HRC/RES/98/1", "2038-06-01"), ("A/HRC/RES/98/3", "2038-06-03")]
    assert [m.target.key for m in doc.header_mentions] == ["A/HRC/DEC/99/117", "A/HRC/99/56"]
    assert all("A/HRC/99/56" not in p.text for p in doc.paragraphs)
    assert [f.marker for f in doc.footnotes] == ["*"]


def test_spaced_resolution_number_in_heading() -> None:
    text = "Human Rights Council\nResolution adopted by the Human Rights Council on 1 July 2100\n"
    text += "99 / 4. Test title\nThe Human Rights Council,\nGuided by the Charter of the United Nations,\n"
    doc = parse_text(text, path="s.txt", sha256="0", fmt="text")
    assert (doc.symbol, doc.date, doc.title) == ("A/HRC/RES/99/4", "2100-07-01", "Test title")
