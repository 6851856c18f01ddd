"""Reference patterns, one fixture sentence each (written for these tests, in UN drafting style).

The registry is a small in-test one built from :class:`Entry` objects, so these tests exercise the
parser's rules and not the shipped registry's aliases.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipkg.loaders.model import Citation, Document
from tipkg.loaders.parse.resolution import parse_text
from tipkg.loaders.registry.model import Entry, Fact, Registry


def _entry(kind: str, key: str, type_: str, label: str, *aliases: str, facts: tuple[Fact, ...] = ()) -> Entry:
    return Entry(kind, key, type_, label, tuple(aliases), facts, ("test",), 1, "test")  # type: ignore[arg-type]


def _fact(name: str, value: str | int) -> Fact:
    return Fact(name, value, "test", 1)


REGISTRY = Registry(
    [
        _entry("body", "GA", "FormalOrganization", "General Assembly"),
        _entry("body", "ECOSOC", "FormalOrganization", "Economic and Social Council"),
        _entry("body", "SC", "FormalOrganization", "Security Council"),
        _entry("body", "HRC", "FormalOrganization", "Human Rights Council"),
        _entry("body", "CHR", "FormalOrganization", "Commission on Human Rights"),
        _entry("body", "CCPCJ", "FormalOrganization", "Commission on Crime Prevention and Criminal Justice"),
        _entry("body", "CND", "FormalOrganization", "Commission on Narcotic Drugs"),
        _entry("body", "SG", "MandateHolder", "Secretary-General"),
        _entry("body", "UNODC", "OrganizationalUnit", "United Nations Office on Drugs and Crime", "UNODC"),
        _entry("body", "SR-TIP", "MandateHolder", "Special Rapporteur on trafficking in persons"),
        _entry(
            "body",
            "COP-UNTOC",
            "FormalOrganization",
            "Conference of the Parties to the United Nations Convention against Transnational "
            "Organized Crime",
        ),
        _entry("event", "EXPO-FORUM", "Event", "Test Forum on Trafficking"),
        _entry(
            "instrument",
            "UNTOC",
            "Convention",
            "United Nations Convention against Transnational Organized Crime",
            facts=(_fact("unts_volume", 2225), _fact("adopted_by", "A/RES/55/25")),
        ),
        _entry(
            "instrument",
            "TIP-PROTOCOL",
            "Protocol",
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children",
            facts=(_fact("unts_volume", 2237),),
        ),
        _entry("instrument", "CRC", "Convention", "Convention on the Rights of the Child"),
        _entry(
            "instrument",
            "OPSC",
            "Protocol",
            "Optional Protocol to the Convention on the Rights of the Child on the sale of children, "
            "child prostitution and child pornography",
        ),
        _entry(
            "instrument",
            "CEDAW",
            "Convention",
            "Convention on the Elimination of All Forms of Discrimination against Women",
        ),
        _entry(
            "instrument",
            "OP-CEDAW",
            "Protocol",
            "Optional Protocol to the Convention on the Elimination of All Forms of Discrimination "
            "against Women",
        ),
        _entry(
            "instrument", "ICESCR", "Treaty", "International Covenant on Economic, Social and Cultural Rights"
        ),
        _entry("instrument", "ICCPR", "Treaty", "International Covenant on Civil and Political Rights"),
        _entry(
            "instrument",
            "DECL-X",
            "Declaration",
            "Declaration on Test Matters",
            facts=(_fact("adopted_by", "A/RES/99/7"),),
        ),
        _entry("instrument", "UN-CHARTER", "Charter", "Charter of the United Nations"),
    ]
)


def parse(body: str, adopting: str = "The General Assembly,") -> Document:
    text = f"{adopting}\n\n{body}\n"
    return parse_text(text, path="test.txt", sha256="0" * 64, fmt="text", registry=REGISTRY)


def cites(doc: Document) -> list[tuple[str, str, str | None]]:
    return [(c.target.key, c.relation, c.target.date) for p in doc.all_paragraphs() for c in p.citations]


def all_citations(doc: Document) -> list[Citation]:
    return [c for p in doc.all_paragraphs() for c in p.citations]


def test_own_resolutions_list_with_dates() -> None:
    doc = parse(
        "Recalling its resolutions 50/10 of 1 December 1995, 52/20 of 12 December 1997 and 54/30, "
        "and other relevant resolutions,"
    )
    assert cites(doc) == [
        ("A/RES/50/10", "recalls", "1995-12-01"),
        ("A/RES/52/20", "recalls", "1997-12-12"),
        ("A/RES/54/30", "recalls", None),
    ]
    for c in all_citations(doc):
        assert c.target.kind == "resolution" and c.target.body == "GA" and c.target.doc_type == "resolution"


def test_date_closing_a_list_applies_to_all_undated_numbers() -> None:
    doc = parse(
        "Reaffirming General Assembly resolutions 60/1 and 60/2 of 3 March 2005,", "The Human Rights Council,"
    )
    assert cites(doc) == [
        ("A/RES/60/1", "reaffirms", "2005-03-03"),
        ("A/RES/60/2", "reaffirms", "2005-03-03"),
    ]


def test_a_date_borrowed_from_the_list_does_not_refuse_a_number() -> None:
    # the closing date belongs to the last item; an earlier undated number keeps its body without it
    doc = parse("Reaffirms its resolutions 49/10 of 1 December 1994, 60/20, and 70/30 of 17 June 2016,")
    assert cites(doc) == [
        ("A/RES/49/10", "reaffirms", "1994-12-01"),
        ("A/RES/60/20", "reaffirms", None),
        ("A/RES/70/30", "reaffirms", "2016-06-17"),
    ]


def test_a_council_list_gives_its_date_to_its_last_number_only() -> None:
    doc = parse(
        "Recalling its resolutions 2462 (2019), and 2482 (2019) of 19 July 2019,", "The Security Council,"
    )
    assert cites(doc) == [
        ("S/RES/2462 (2019)", "recalls", None),
        ("S/RES/2482 (2019)", "recalls", "2019-07-19"),
    ]


def test_a_date_after_another_noun_phrase_is_not_the_lists() -> None:
    doc = parse(
        "Recalling resolution 2594 (2021) and the Secretary-General's roadmap of 25 March 2021,",
        "The Security Council,",
    )
    assert [(k, d) for k, _, d in cites(doc)] == [("S/RES/2594 (2021)", None)]


def test_a_number_whose_own_date_no_body_fits_is_left_out_with_a_notice() -> None:
    # another body's resolution cited bare: "79/8 of 19 May 2023" cannot be the Assembly's 79/8 (2024–2025)
    doc = parse("Recalling its resolution 79/8 of 19 May 2023,")
    assert cites(doc) == []
    assert any("79/8 of 2023-05-19: no body's numbering fits the date" in n for n in doc.notices)


def test_council_resolutions_in_a_council_text_with_descriptors() -> None:
    doc = parse(
        "Recalling Council resolutions 20/1 of 5 July 2012, on the mandate of the Special Rapporteur, "
        "and 23/5 of 13 June 2013, on victims,",
        "The Human Rights Council,",
    )
    assert cites(doc) == [
        ("A/HRC/RES/20/1", "recalls", "2012-07-05"),
        ("A/HRC/RES/23/5", "recalls", "2013-06-13"),
    ]


def test_trailing_date_after_descriptors() -> None:
    doc = parse(
        "Recalling its resolutions 7/1 on one matter and 7/2 on another matter of the Council of 18 "
        "June 2008, "
        "and stressing the need,",
        "The Human Rights Council,",
    )
    assert cites(doc) == [
        ("A/HRC/RES/7/1", "recalls", "2008-06-18"),
        ("A/HRC/RES/7/2", "recalls", "2008-06-18"),
    ]


def test_ecosoc_resolution_with_title() -> None:
    doc = parse(
        'Bearing in mind Economic and Social Council resolution 2010/5 of 20 July 2010, entitled "A '
        'test title",'
    )
    (c,) = all_citations(doc)
    assert (c.target.key, c.relation, c.target.date, c.target.title) == (
        "E/RES/2010/5",
        "bearsInMind",
        "2010-07-20",
        "A test title",
    )


def test_old_style_decisions_and_roman_sessions() -> None:
    doc = parse(
        "Noting Economic and Social Council decisions 12 (LV) and 13 (LV) of 2 May 1973 and 1979/20 "
        "of 4 May 1979,"
    )
    assert cites(doc) == [
        ("E/DEC/12 (LV)", "notes", "1973-05-02"),
        ("E/DEC/13 (LV)", "notes", "1973-05-02"),
        ("E/DEC/1979/20", "notes", "1979-05-04"),
    ]


def test_body_named_after_the_number() -> None:
    doc = parse(
        "Recalling resolution 20/3 of the Commission on Crime Prevention and Criminal Justice and decision "
        "2001/5 of 2 April 2001 of the Commission on Human Rights, and resolution 55/1 of the Commission on "
        "Narcotic Drugs,"
    )
    assert cites(doc) == [
        ("CCPCJ/RES/20/3", "recalls", None),
        ("E/CN.4/DEC/2001/5", "recalls", "2001-04-02"),
        ("CND/RES/55/1", "recalls", None),
    ]


def test_security_council_resolutions_and_presidential_statement() -> None:
    doc = parse(
        "Recalling its resolutions 2000 (2011) and 2100 (2013), which concern other matters in some regions, "
        "as well as 2200 (2015), and Presidential Statement 2014/5,",
        "The Security Council,",
    )
    assert [k for k, _, _ in cites(doc)] == [
        "S/RES/2000 (2011)",
        "S/RES/2100 (2013)",
        "S/RES/2200 (2015)",
        "S/PRST/2014/5",
    ]


def test_old_and_special_session_symbols() -> None:
    doc = parse("Recalling its resolutions 217 A (III), 317 (IV) and S-26/2,")
    assert [k for k, _, _ in cites(doc)] == ["A/RES/217 A (III)", "A/RES/317 (IV)", "A/RES/S-26/2"]


def test_printed_symbols_are_documents() -> None:
    doc = parse(
        "Taking note of the reports of the Secretary-General S/2010/1, as well as S/2011/2 and A/66/3,",
        "The Security Council,",
    )
    got = [(c.target.key, c.target.kind, c.target.doc_type, c.relation) for c in all_citations(doc)]
    assert got == [
        ("S/2010/1", "document", "report", "takesNoteOf"),
        ("S/2011/2", "document", "report", "takesNoteOf"),
        ("A/66/3", "document", "report", "takesNoteOf"),
    ]


def test_report_in_brackets_is_one_citation_of_the_symbol() -> None:
    doc = parse("Taking note of the report of the Special Rapporteur on trafficking in persons (A/HRC/99/1),")
    assert [c.target.key for c in all_citations(doc)] == ["A/HRC/99/1"]


def test_report_described_without_symbol() -> None:
    doc = parse(
        "Taking note of the reports of the Special Rapporteur on trafficking in persons, and of the "
        "Commission on Narcotic Drugs on its fiftieth session,"
    )
    keys = [(c.target.key, c.target.kind, c.relation) for c in all_citations(doc)]
    assert keys[0][1:] == ("document", "takesNoteOf") and keys[0][0].startswith("REPORT-OF-SR-TIP")
    assert keys[1] == ("REPORT-OF-CND-FIFTIETH-SESSION", "document", "takesNoteOf")


def test_instruments_back_references_and_thereto() -> None:
    doc = parse(
        "Recalling the Convention on the Rights of the Child and the Optional Protocol thereto on "
        "the sale of "
        "children, child prostitution and child pornography, the Convention on the Elimination of "
        "All Forms of "
        "Discrimination against Women and the Optional Protocol thereto,\n"
        "Recalling also the United Nations Convention against Transnational Organized Crime and the "
        "Protocols "
        "thereto, and reaffirming in particular the Protocol to Prevent, Suppress and Punish Trafficking in "
        "Persons, Especially Women and Children, supplementing the Convention,\n"
        "Welcoming the work of the Conference of the Parties to the United Nations Convention against "
        "Transnational Organized Crime in accordance with article 32 of the Convention,"
    )
    assert cites(doc) == [
        ("CRC", "recalls", None),
        ("OPSC", "recalls", None),
        ("CEDAW", "recalls", None),
        ("OP-CEDAW", "recalls", None),
        ("UNTOC", "recalls", None),
        ("TIP-PROTOCOL", "reaffirms", None),
        ("UNTOC", "mentions", None),
    ]
    third = doc.paragraphs[2]
    assert [m.target.key for m in third.mentions] == ["COP-UNTOC"]


def test_covenants_collective_and_generic_references() -> None:
    doc = parse(
        "Reaffirming the International Covenants on Human Rights, all previous resolutions and relevant "
        "instruments, and the two Optional Protocols thereto,"
    )
    assert cites(doc) == [("ICESCR", "reaffirms", None), ("ICCPR", "reaffirms", None)]


def test_in_accordance_with_the_charter_is_a_mention() -> None:
    doc = parse(
        "Recalling its responsibility, in accordance with the Charter of the United Nations,",
        "The Security Council,",
    )
    assert cites(doc) == [("UN-CHARTER", "mentions", None)]


def test_one_citation_per_target_per_paragraph() -> None:
    doc = parse(
        "Guided by the Charter of the United Nations, and reaffirming its role under the Charter,\n"
        "Recalling the Charter of the United Nations,"
    )
    assert cites(doc) == [("UN-CHARTER", "guidedBy", None), ("UN-CHARTER", "recalls", None)]


def test_instrument_adoption_date_is_recorded() -> None:
    doc = parse("Recalling the Declaration on Test Matters adopted on 8 September 2000,")
    assert cites(doc) == [("DECL-X", "recalls", "2000-09-08")]


def test_operative_citations_addressees_and_embedded_verbs() -> None:
    doc = parse(
        "1. Urges all States that have not yet done so to ratify the United Nations Convention against "
        "Transnational Organized Crime;\n"
        "2. Welcomes the work of the Test Forum on Trafficking and encourages the United Nations Office on "
        "Drugs and Crime to continue;\n"
        "3. Invites Governments, regional and international organizations and civil society to act;\n"
        "4. Reiterates its request to the Secretary-General to report."
    )
    ops = doc.paragraphs
    assert [p.number for p in ops] == ["1", "2", "3", "4"]
    assert cites(doc) == [("UNTOC", "urges", None)]
    assert [(a.kind, a.key) for a in ops[0].addressees] == [("actor", "states")]
    assert ops[1].verbs == ["welcomes", "encourages"]
    assert [(a.kind, a.key) for a in ops[1].addressees] == [("body", "UNODC")]
    assert [m.target.key for m in ops[1].mentions] == ["EXPO-FORUM", "UNODC"]
    assert [a.key for a in ops[2].addressees] == [
        "governments",
        "international-organizations",
        "civil-society",
    ]
    assert [(a.kind, a.key) for a in ops[3].addressees] == [("body", "SG")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Recalling the Conference of the Parties to the United Nations Convention against "
        "Transnational Organized Crime,",
        "Recalling the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially "
        "Women and Children, "
        "supplementing the United Nations Convention against Transnational Organized Crime,",
    ],
)
def test_names_inside_other_names_are_not_cited(sentence: str) -> None:
    keys = [k for k, _, _ in cites(parse(sentence))]
    assert "UNTOC" not in keys


def test_spans_quote_the_text() -> None:
    doc = parse(
        "Recalling its resolutions 50/10 of 1 December 1995 and 52/20,\nRecalling also the "
        "Convention on the Rights of the Child,"
    )
    for c in all_citations(doc):
        assert doc.text[c.span.start : c.span.end] == c.quote


def test_supplementing_protocol_and_states_parties_are_cited() -> None:
    doc = parse(
        "1. Urges States to ratify, and States Parties to implement, the United Nations Convention against "
        "Transnational Organized Crime and its supplementing Protocol to Prevent, Suppress and Punish "
        "Trafficking in Persons, Especially Women and Children;"
    )
    assert cites(doc) == [("UNTOC", "urges", None), ("TIP-PROTOCOL", "urges", None)]


def test_names_inside_a_cited_title_are_not_cited() -> None:
    doc = parse(
        "Recalling its resolution 60/5 of 1 May 2006, entitled “Test of the United Nations Convention against "
        "Transnational Organized Crime”,"
    )
    assert cites(doc) == [("A/RES/60/5", "recalls", "2006-05-01")]
    assert all_citations(doc)[0].target.title == (
        "Test of the United Nations Convention against Transnational Organized Crime"
    )


def test_footnote_resolves_an_instrument_named_only_through_it() -> None:
    text = (
        "The General Assembly,\n\nRecalling the Test Declaration adopted by the Assembly,¹\n\n"
        "¹ Resolution 99/7, annex.\n"
    )
    doc = parse_text(text, path="t.md", sha256="0", fmt="markdown", registry=REGISTRY)
    (c,) = all_citations(doc)
    assert (c.target.key, c.relation, c.via_footnote) == ("DECL-X", "recalls", "1")
    assert c.quote == "the Test Declaration adopted by the Assembly"
    assert doc.footnotes[0].refers_to is not None and doc.footnotes[0].refers_to.key == "DECL-X"


def test_short_body_names_resolve_to_the_body_named_or_adopting() -> None:
    doc = parse(
        "Recalling Human Rights Council resolution 8/1 and Council resolution 11/2, and Assembly resolution 60/9,"
    )
    assert [k for k, _, _ in cites(doc)] == ["A/HRC/RES/8/1", "A/HRC/RES/11/2", "A/RES/60/9"]
    ecosoc = parse("Recalling Council resolution 2004/1,", "The Economic and Social Council,")
    assert [k for k, _, _ in cites(ecosoc)] == ["E/RES/2004/1"]
    unresolved = parse("Recalling Council resolution 2004/1,")  # a GA text naming no council: no guess
    assert cites(unresolved) == []


def test_conference_of_the_parties_as_adopting_body() -> None:
    doc = parse(
        "Recalling its resolution 4/4,",
        "The Conference of the Parties to the United Nations Convention against Transnational Organized Crime,",
    )
    assert doc.body == "COP-UNTOC"
    assert [k for k, _, _ in cites(doc)] == ["CTOC/COP/RES/4/4"]


def test_a_document_does_not_cite_itself() -> None:
    text = "United Nations A/RES/99/9\n99/9. Test\nThe General Assembly,\nRecalling its resolutions 99/9 and 98/9,\n"
    doc = parse_text(text, path="s.txt", sha256="0", fmt="text", registry=REGISTRY)
    assert [c.target.key for p in doc.paragraphs for c in p.citations] == ["A/RES/98/9"]


@given(st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=400))
def test_the_assembly_numbered_no_text_session_slash_number_before_1976(session: int, n: int) -> None:
    # from its 31st session on only (research.un.org/en/docs/ga/resolutions): "10/1" is another body's
    from tipkg.ontology.symbols import never_numbered

    assert never_numbered("GA", f"{session}/{n}")
    assert not never_numbered("GA", f"{session + 30}/{n}")
    assert not never_numbered("COP-UNTOC", f"{session}/{n}")
    doc = parse(f"Recalling its resolution {session}/{n}, and resolution 70/1 of 25 September 2015,")
    keys = {c.target.key for p in doc.paragraphs for c in p.citations}
    assert "A/RES/70/1" in keys
    assert not any(k.startswith(f"A/RES/{session}/") for k in keys)


@functools.cache
def _shipped_registry() -> Registry:
    from tipkg.loaders.registry.load import load_registry

    return load_registry()


@settings(deadline=None)
@given(
    st.sampled_from(["预防犯罪和刑事司法委员会", "其"]),
    st.lists(
        st.tuples(st.integers(2011, 2025), st.integers(1, 12), st.integers(1, 28)), min_size=1, max_size=4
    ),
)
def test_chinese_lists_take_their_body_and_each_date(body: str, dates: list[tuple[int, int, int]]) -> None:
    # "…委员会关于…的2014年5月16日第23/2号和2016年5月27日第25/1号决议": the Commission numbers its sessions
    # from 1992, so "n/m" of year 1991 + n is its text, named or not ("其": the Assembly's own, ruled out)
    from tipkg.loaders.parse.references_zh import find_lists_zh

    items = [f"{y}年{m}月{d}日第{y - 1991}/{i + 1}号" for i, (y, m, d) in enumerate(dates)]
    text = "回顾" + body + "关于贩运人口问题的" + "和".join(items) + "决议，"
    refs = find_lists_zh(text, 0, len(text), "GA", _shipped_registry())
    assert [r.target.date for r in refs] == [f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in dates]
    assert [r.target.key for r in refs] == [
        f"CCPCJ/RES/{y - 1991}/{i + 1}" for i, (y, _, _) in enumerate(dates)
    ]


def test_dates_written_with_of_or_on_are_the_numbers_own() -> None:
    # "77/203 of 15 of December of 2022 and 78/189 of 19 December 2023"; "76/146 on 16 December 2021"
    doc = parse(
        "Recalling its resolutions 77/203 of 15 of December of 2022 and 78/189 of 19 December 2023, and "
        "resolution 76/146 on 16 December 2021,"
    )
    dates = {c.target.key: c.target.date for p in doc.paragraphs for c in p.citations}
    assert dates == {"A/RES/77/203": "2022-12-15", "A/RES/78/189": "2023-12-19", "A/RES/76/146": "2021-12-16"}


def test_a_date_past_a_new_clause_is_not_the_lists() -> None:
    # S/PRST/2014/2: "… resolution 2100 (2013), and, in this regard, calls on the signatories of the
    # Ouagadougou Agreement of 18 June 2013 …": the agreement's date, not the resolution's
    doc = parse(
        "Recalls its resolution 2100 (2013), and, in this regard, calls on the signatories of the "
        "preliminary agreement of 18 June 2013, to implement it,",
        adopting="The Security Council,",
    )
    dates = {c.target.key: c.target.date for p in doc.paragraphs for c in p.citations}
    assert dates.get("S/RES/2100 (2013)") is None
