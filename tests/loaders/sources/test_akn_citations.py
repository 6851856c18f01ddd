"""What the UN's own files cite, paragraph by paragraph: relations of circumstantial adjuncts and
back-references, a declaration's lettered points, instruments a footnote gives as examples, and texts
named without a symbol (publications, statements)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tipkg.loaders.model import Document, Paragraph
from tipkg.loaders.sources.akn import load_akn

UNXML = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "unxml"
GA76 = "GAresolutions/76session/English/"


@cache
def _doc(rel: str) -> Document:
    path = UNXML / rel
    if not path.is_file():
        pytest.skip(f"{path} is not here (../shared/corpus/unxml)")
    return load_akn(path)


def _cites(rel: str, eid: str) -> list[tuple[str, str]]:
    p: Paragraph = next(p for p in _doc(rel).all_paragraphs() if p.eid == eid)
    return [(c.relation, c.target.key) for c in p.citations]


def test_a_back_reference_leaves_a_circumstantial_citation_as_it_is() -> None:
    # "Recognizing that, in accordance with the United Nations Convention against Transnational
    # Organized Crime, the Conference … to review the implementation of the Convention"
    assert ("mentions", "UNTOC") in _cites(GA76 + "A_RES_76_186-2119241E.xml", "container_43")


def test_offences_covered_by_an_instrument_are_in_its_scope() -> None:
    # "consistent with the Organized Crime Convention … victims of the offences covered by the
    # Organized Crime Convention"
    assert _cites(GA76 + "A_RES_76_185-2119239E.xml", "para_72") == [("mentions", "UNTOC")]


def test_a_gerund_after_an_adjunct_starts_a_clause_of_its_own() -> None:
    # "Taking note of the reference to … in the context of addressing trafficking in persons in the
    # Kyoto Declaration": the declaration is what is noted
    assert ("takesNoteOf", "KYOTO-DECLARATION") in _cites(GA76 + "A_RES_76_186-2119241E.xml", "container_18")


def test_as_reflected_in_keeps_the_verb() -> None:
    # "Recalling that international law, as reflected in the United Nations Convention on the Law of the
    # Sea of 10 December 1982, sets out the legal framework …"
    assert _cites("SCresolutions/Pre-2020/2015/S_RES_2240_1517515E.xml", "container_4") == [
        ("recalls", "UNCLOS")
    ]


def test_a_declarations_lettered_points_have_their_own_verbs() -> None:
    doc = GA76 + "A_RES_76_7-2117189E.xml"
    # "(b) We commit to …, and in this regard recall our respective commitments to the Global Compact …"
    assert _cites(doc, "para_36") == [("recalls", "GCM")]
    # "(a) We reaffirm our strong support for the … trust fund …, established in accordance with the Global
    # Plan of Action, …, and we invite all stakeholders to contribute …, including through the announcement
    # of pledges at the quadrennial high level appraisals of the Global Plan of Action" (an event's name)
    assert _cites(doc, "para_22") == [("mentions", "GLOBAL-PLAN-OF-ACTION")]


def test_a_footnote_of_examples_names_what_the_paragraph_refers_to() -> None:
    # "… including by forging regional initiatives or plans of action,³⁵" with "Such as the Bali Process …,
    # the Association of Southeast Asian Nations Convention Against Trafficking in Persons, …"
    cites = _cites("GAresolutions/77session/English/A_RES_77_194-2228891E.xml", "para_341")
    assert {
        ("encourages", k)
        for k in (
            "ASEAN-TIP-CONV",
            "SAARC-TIP-CONV",
            "EU-PLAN-TIP-2005",
            "CIS-AGREEMENT-TIP",
            "INTER-AMERICAN-PROGRAMME-CSEC",
        )
    } <= set(cites)


def test_the_year_names_the_protocol_thereto() -> None:
    sc = "SCresolutions/Pre-2020/2015/S_RES_2240_1517515E.xml"
    # "the 1951 Convention relating to the Status of Refugees and the 1967 Protocol thereto"
    assert ("mentions", "REFUGEE-PROTOCOL-1967") in _cites(sc, "container_8")
    # "its Protocol against the Smuggling of Migrants by Land, Air and Sea" (the Council's word order)
    assert ("reaffirms", "SOM-PROTOCOL") in _cites(sc, "container_5")


def test_statements_and_publications_without_a_symbol_are_cited() -> None:
    sc = "SCresolutions/Pre-2020/2015/S_RES_2240_1517515E.xml"
    assert _cites(sc, "container_2") == [("recalls", "STATEMENT-21-APRIL-IN-S-RES-2240-2015")]
    assert _cites(sc, "container_17") == [
        ("acknowledges", "STATEMENT-EUROPEAN-COUNCIL-2015-04-23"),
        ("acknowledges", "STATEMENT-AFRICAN-UNION-PEACE-AND-SECURITY-COUNCIL-27-APRIL-IN-S-RES-2240-2015"),
    ]
    assert ("welcomes", "PUBLICATION-GLOBAL-REPORT-ON-TRAFFICKING-IN-PERSONS") in _cites(
        GA76 + "A_RES_76_186-2119241E.xml", "para_396"
    )


def test_a_statement_gives_way_to_the_symbol_its_footnote_gives() -> None:
    # "the statement of 13 January 2010,⁵" with "S/PRST/2010/1; see Resolutions and Decisions …"
    cites = _cites("GAresolutions/75session/English/75_9_E.xml", "container_6")
    assert ("recalls", "S/PRST/2010/1") in cites
    assert not any(k.startswith("STATEMENT-") for _, k in cites)


def test_regional_and_state_led_texts_are_cited_by_name() -> None:
    # "… and noting in this regard the Migrants in Countries in Crisis initiative and the Agenda for the
    # Protection of Cross-Border Displaced Persons in the Context of Disasters and Climate Change, …"
    assert ("notes", "NANSEN-PROTECTION-AGENDA") in _cites(
        "GAresolutions/77session/English/A_RES_77_194-2228891E.xml", "container_24"
    )
    # "Taking note also of the Second Work Plan to Combat Trafficking in Persons in the Western Hemisphere
    # 2015–2018, adopted by States members of the Organization of American States …"
    assert ("takesNoteOf", "OAS-WORK-PLAN-TIP-2015-2018") in _cites(
        GA76 + "A_RES_76_186-2119241E.xml", "container_38"
    )


def test_a_declaration_entitled_by_its_name_is_cited() -> None:
    # "Adopts the political declaration entitled “2021 Political Declaration on the Implementation of the
    # United Nations Global Plan of Action to Combat Trafficking in Persons” annexed to the present resolution."
    assert _cites(GA76 + "A_RES_76_7-2117189E.xml", "para_2") == [("adopts", "POLITICAL-DECLARATION-2021")]
