"""Documents named without a symbol (parse/described.py): publications by their title, statements and
communiqués by their author and date. Sentences first, then properties of both readers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipkg.loaders.parse.described import find_statements, find_titled
from tipkg.loaders.registry.load import default_registry
from tipkg.loaders.registry.model import Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return default_registry()


def _titled(text: str, registry: Registry) -> list[tuple[str, str]]:
    return [(d.target.key, text[d.start : d.end]) for d in find_titled(text, 0, len(text), registry)]


def _statements(text: str, registry: Registry, citing: str = "S/RES/2240 (2015)") -> list[tuple[str, str]]:
    return [
        (d.target.key, text[d.start : d.end]) for d in find_statements(text, 0, len(text), registry, citing)
    ]


def test_a_publication_is_named_by_its_title(registry: Registry) -> None:
    assert _titled(
        "the biennial publication of the Global Report on Trafficking in Persons, prepared", registry
    ) == [("PUBLICATION-GLOBAL-REPORT-ON-TRAFFICKING-IN-PERSONS", "Global Report on Trafficking in Persons")]
    # the body's name before the title is not part of it; the year is the edition's
    assert _titled(
        "the United Nations Office on Drugs and Crime World Wildlife Crime Report 2024,", registry
    ) == [("PUBLICATION-WORLD-WILDLIFE-CRIME-REPORT-2024", "World Wildlife Crime Report 2024")]
    # lower-case connectors inside the title; a leading article is not part of it
    assert _titled("outlined in the Financing for Sustainable Development Report 2021, and", registry) == [
        (
            "PUBLICATION-FINANCING-FOR-SUSTAINABLE-DEVELOPMENT-REPORT-2021",
            "Financing for Sustainable Development Report 2021",
        )
    ]
    assert _titled("notes An IPCC Special Report on Climate Change and Land", registry)[0][0] == (
        "PUBLICATION-IPCC-SPECIAL-REPORT-ON-CLIMATE-CHANGE-AND-LAND"
    )


def test_an_edition_still_to_come_is_no_document(registry: Registry) -> None:
    text = "looks forward to the Financing for Sustainable Development Report 2026, with deeper reporting"
    assert find_titled(text, 0, len(text), registry, "2025-12-15") == []
    assert len(find_titled(text, 0, len(text), registry, "2026-07-01")) == 1
    text = "to provide data for inclusion in the next World Drug Report, and"
    assert find_titled(text, 0, len(text), registry) == []


def test_generic_report_words_make_no_title(registry: Registry) -> None:
    for text in (
        "a copy of the Comprehensive Report to member states",
        "drawing upon the Ombudsperson’s Comprehensive Report, the process",
        "to be published in the Global Report, and",
        "the Final Report of the Panel of Experts",
        "as noted in its Eleventh Report, the Monitoring Team",
        "the Report of the Secretary-General on the work of the Organization",
        "the Sixth Assessment Report of the Intergovernmental Panel on Climate Change",
    ):
        assert _titled(text, registry) == [], text


def test_statements_by_author_and_date(registry: Registry) -> None:
    assert _statements(
        "Acknowledging the European Council statement of 23 April 2015 and the press statement of the "
        "African Union Peace and Security Council of 27 April,",
        registry,
    ) == [
        ("STATEMENT-EUROPEAN-COUNCIL-2015-04-23", "the European Council statement of 23 April 2015"),
        (
            "STATEMENT-AFRICAN-UNION-PEACE-AND-SECURITY-COUNCIL-27-APRIL-IN-S-RES-2240-2015",
            "the press statement of the African Union Peace and Security Council of 27 April",
        ),
    ]
    # "its" statement, a date without its year: qualified by the citing text
    assert _statements("Recalling its press statement of 21 April on the maritime tragedy", registry) == [
        ("STATEMENT-21-APRIL-IN-S-RES-2240-2015", "its press statement of 21 April")
    ]
    assert _statements("the Geneva communiqué of 30 June 2012", registry) == [
        ("STATEMENT-GENEVA-2012-06-30", "the Geneva communiqué of 30 June 2012")
    ]
    # an act's title: "the Decision of <author> of <date>"
    assert _statements(
        "Taking note of the Decision of the Council of the European Union of 18 May 2015", registry
    ) == [
        (
            "DECISION-COUNCIL-OF-THE-EUROPEAN-UNION-2015-05-18",
            "the Decision of the Council of the European Union of 18 May 2015",
        )
    ]


def test_a_statement_with_its_symbol_is_the_symbols(registry: Registry) -> None:
    assert _statements("its presidential statement of 21 April 2015 (S/PRST/2015/10)", registry) == []
    assert _statements("its decision of 23 December 2015 to", registry) == []  # not an act's title


PIECES = [
    "the ",
    "its ",
    "Global ",
    "World ",
    "Report",
    " on ",
    "Trafficking ",
    "in ",
    "Persons",
    " 2024",
    "press ",
    "statement",
    " of the ",
    "European Council",
    " of ",
    "21 April",
    " 2015",
    "Decision",
    " (S/PRST/2015/10)",
    ", ",
    "United Nations Office on Drugs and Crime ",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=30), st.integers(0, 5))
def test_both_readers_stay_in_their_window_and_quote_a_name(pieces: list[str], cut: int) -> None:
    registry = default_registry()
    text = "".join(pieces)
    start, end = min(cut, len(text)), len(text)
    for d in find_titled(text, start, end, registry) + find_statements(
        text, start, end, registry, "A/RES/1/1"
    ):
        assert start <= d.start < d.end <= end
        assert d.target.kind == "document" and "/" not in d.target.key
        assert d.target.key.startswith(("PUBLICATION-", "STATEMENT-", "DECISION-"))
    for d in find_titled(text, start, end, registry):
        assert text[d.start].isupper() and "Report" in text[d.start : d.end]
