"""What each language version of a work cites, read on its own: publications by their translated or
English titles, the clause verbs a version introduces with its own "in this regard" or "while", the
adjuncts of Russian, and the phrases the parallel versions print (real files of
../shared/corpus/unxml; the English version of the same eId states the same citation)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tipkg.loaders.agreement import discover, read_works_list
from tipkg.loaders.model import Document, Paragraph
from tipkg.loaders.parse.described import find_titled_in
from tipkg.loaders.registry.publications import translated_titles
from tipkg.loaders.sources.akn import load_akn

GLOBAL_REPORT = "PUBLICATION-GLOBAL-REPORT-ON-TRAFFICKING-IN-PERSONS"
WILDLIFE = "PUBLICATION-WORLD-WILDLIFE-CRIME-REPORT"
W75_158 = "/akn/un/statement/deliberation/unga/2020-12-16/75-158/"
W75_311 = "/akn/un/statement/deliberation/unga/2021-07-23/75-311/"
W74_176 = "/akn/un/statement/deliberation/unga/2019-12-18/74-176/"


_WORKS: dict[str, dict[str, str]] = {}


@pytest.fixture(autouse=True, scope="module")
def _works(corpus_dir: Path) -> None:
    root = corpus_dir / "unxml"
    _WORKS.update(discover([root / "GAresolutions"], read_works_list(root / "trafficking-works.txt")))


@cache
def _doc(work: str, lang: str) -> Document:
    return load_akn(Path(_WORKS[work][lang]))


def _para(work: str, lang: str, eid: str) -> Paragraph:
    return next(p for p in _doc(work, lang).all_paragraphs() if p.eid == eid)


def _cites(work: str, lang: str, eid: str) -> list[tuple[str, str]]:
    return [(c.relation, c.target.key) for c in _para(work, lang, eid).citations]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "zh", "ar"])
def test_every_version_cites_the_global_report_it_takes_note_of(lang: str) -> None:
    # "… and in this regard takes note of the publication of the Global Report on Trafficking in
    # Persons": "prend note de la parution du Rapport mondial …", "toma nota de la publicación del
    # Informe Mundial …", "и в этой связи принимает к сведению публикацию «Всемирного доклада …»" …
    assert ("takesNoteOf", GLOBAL_REPORT) in _cites(W75_158, lang, "para_85")


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_a_version_that_prints_the_english_title_cites_the_same_publication(lang: str) -> None:
    # "Tomando nota del informe titulado World Wildlife Crime Report: Trafficking in Protected Species",
    # "принимая к сведению публикацию “World Wildlife Crime Report: …” («Всемирный доклад …»)"
    assert _cites(W75_311, lang, "container_40") == [("takesNoteOf", WILDLIFE)]


def test_russian_adjuncts_leave_the_instrument_a_mention() -> None:
    # "…, охраняемых Конвенцией о международной торговле …" (as protected by), "руководствуясь
    # Конвенцией …" (consistent with), "(как они определяются в Конвенции …" (as defined in)
    assert _cites(W75_311, "ru", "para_44") == [("mentions", "CITES")]
    assert _cites(W75_311, "ru", "para_80") == [("mentions", "CITES")]
    assert ("mentions", "UNTOC") in _cites(W75_311, "ru", "para_50")
    assert _cites(W75_311, "en", "para_44") == [("mentions", "CITES")]


def test_a_russian_number_takes_the_body_that_adopted_it_after_its_subject_and_date() -> None:
    # "резолюцию 2/14 о незаконной торговле …, принятую 27 мая 2016 года Ассамблеей Организации
    # Объединенных Наций по окружающей среде"
    assert ("welcomes", "UNEP/EA.2/Res.14") in _cites(W75_311, "ru", "container_30")
    assert ("welcomes", "UNEP/EA.2/Res.14") in _cites(W75_311, "en", "container_30")


def test_the_russian_operative_phrase_noting_with_satisfaction() -> None:
    # "25. с удовлетворением отмечает публикацию на двухгодичной основе Всемирного доклада …"
    assert _para(W74_176, "ru", "para_72").phrase_key == "Notes"
    assert ("notes", GLOBAL_REPORT) in _cites(W74_176, "ru", "para_72")


def test_the_translated_titles_are_printed_where_their_sources_say(corpus_dir: Path) -> None:
    titles = translated_titles()
    assert {t.language for t in titles} == {"fr", "es", "ru", "zh", "ar"}
    for t in titles:
        rel, eid = t.source.split("#")
        xml = (corpus_dir / rel).read_text("utf-8")
        at = xml.find(f'eId="{eid}"')
        assert at >= 0, t
        text = " ".join(re.sub(r"<[^>]+>", "", xml[at : at + 8000]).split())
        assert t.title.casefold() in text.casefold(), t


_WORDS = st.lists(
    st.sampled_from(["и", "в", "докладе", "отмечает", "года", "мира", "о", "людьми"]), max_size=8
)


@given(_WORDS, _WORDS, st.sampled_from(["Всемирный", "Всемирного", "Всемирному", "Всемирным", "Всемирном"]))
def test_a_russian_title_is_found_in_any_case_and_context(
    before: list[str], after: list[str], head: str
) -> None:
    noun = {"Всемирный": "доклад", "Всемирного": "доклада", "Всемирному": "докладу", "Всемирным": "докладом"}
    title = f"{head} {noun.get(head, 'докладе')} о торговле людьми"
    prefix = " ".join(before) + (" " if before else "")
    text = prefix + title + (" " + " ".join(after) if after else "")
    found = find_titled_in(text, 0, len(text), "ru")
    assert [(r.target.key, text[r.start : r.end]) for r in found] == [(GLOBAL_REPORT, title)]


def test_a_chinese_edition_year_before_the_title_and_one_still_to_come() -> None:
    text = "注意到联合国毒品和犯罪问题办公室在其《2024年世界野生动植物犯罪报告》中特别确认"
    assert [r.target.key for r in find_titled_in(text, 0, len(text), "zh", "2025-12-18")] == [
        WILDLIFE + "-2024"
    ]
    assert find_titled_in(text, 0, len(text), "zh", "2023-12-18") == []


def test_a_chinese_title_nested_in_a_title_is_part_of_it() -> None:
    # "通过《2021年关于执行〈联合国打击贩运人口的全球行动计划〉的政治宣言》": the declaration, not the Plan
    cites = _cites("/akn/un/statement/deliberation/unga/2022-12-15/77-236/", "zh", "container_8")
    assert cites == [("welcomes", "POLITICAL-DECLARATION-2021")]


@pytest.mark.parametrize("lang", ["en", "fr", "zh"])
def test_a_footnote_of_several_treaty_volumes_identifies_no_one_protocol(lang: str) -> None:
    # "the Convention on the Rights of the Child and the Optional Protocols thereto" with the footnote
    # "Treaty Series, vols. 2171 and 2173, No. 27531" ("第2171和2173卷"): generic, no protocol cited
    keys = [k for _, k in _cites(W75_158, lang, "para_44")]
    assert "CRC" in keys
    assert not {"OPSC", "OPAC", "OPIC"} & set(keys)


def test_the_arabic_frame_of_a_note_is_no_text() -> None:
    # "وبروتوكولاتها الاختيارية<sup>(</sup><authorialNote …/><sup>)</sup>", "(رقم 29(<sup>)</sup><authorialNote
    # …/><sup>)</sup>": the frame of the note's number, as the English marker attribute
    w = "/akn/un/statement/deliberation/unga/2022-12-15/77-194/"
    para = _para(w, "ar", "para_45")
    assert "()" not in para.text
    assert "(رقم 29) والبروتوكول الملحق بها" in para.text
    keys = [k for _, k in _cites(w, "ar", "para_45")]
    assert {"OP-CEDAW", "ILO-C29", "ILO-P29", "ILO-C81", "ILO-C189"} <= set(keys)
    assert _cites(w, "en", "para_51")[:2] == [("urges", "CEDAW"), ("urges", "OP-CEDAW")]


def test_note_frames_go_and_the_notes_stay_where_they_were() -> None:
    from lxml import etree

    from tipkg.loaders.sources.akn_units import _Text

    ns = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    xml = (
        f'<p xmlns="{ns}">وبروتوكولاتها الاختيارية<sup>(</sup><authorialNote marker="1"><p>أ</p></authorialNote>'
        '<sup>)</sup> و(رقم 29(<sup>)</sup><authorialNote marker="2"><p>ب</p></authorialNote><sup>)</sup> '
        '<a href="https://undocs.org/A/RES/1">1</a> ثم (رقم 3)</p>'
    )
    t = _Text({})
    t.walk(etree.fromstring(xml))
    text, links = t.result()
    assert text == "وبروتوكولاتها الاختيارية و(رقم 29) 1 ثم (رقم 3)"
    assert [(text[:off], n.marker) for off, n in t.notes] == [
        ("وبروتوكولاتها الاختيارية", "1"),
        ("وبروتوكولاتها الاختيارية و(رقم 29", "2"),
    ]
    assert [text[lk.start : lk.end] for lk in links] == ["1"]
