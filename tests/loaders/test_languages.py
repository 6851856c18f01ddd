"""Six languages, one document: the language versions of a work in the graph, their validation, the
numbering and dates of each language, and the cross-language agreement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import URIRef
from rdflib.namespace import RDF

from tipkg.loaders.agreement import compare, discover, read_works_list
from tipkg.loaders.parse.dates import MONTHS_IN, parse_date_in
from tipkg.loaders.parse.lexicon import OBLIGATIONS_IN, first_plural
from tipkg.loaders.parse.numbers import canonical_num
from tipkg.loaders.parse.phrases import load_scheme
from tipkg.loaders.sources.akn_units import _Text
from tipkg.ontology.languages import authority_iri
from tipkg.ontology.namespaces import ELI, TIP
from tipkg.ontology.symbols import symbol_from_href

WORK = "/akn/un/statement/deliberation/unga/2019-12-18/74-176/"
DOC = URIRef("https://w3id.org/tipkg/id/doc/A/RES/74/176")


@pytest.fixture(scope="module")
def versions(corpus_dir: Path) -> dict[str, str]:
    root = corpus_dir / "unxml"
    works = discover([root / "GAresolutions" / "74session"], read_works_list(root / "trafficking-works.txt"))
    return works[WORK]


@pytest.fixture(scope="module")
def built(versions: dict[str, str]) -> object:
    from tipkg.graph.build.build import build

    return build([Path(f) for f in versions.values()], validate=False)


def test_the_six_versions_are_one_document(versions: dict[str, str], built: object) -> None:
    assert set(versions) == {"en", "fr", "es", "ru", "zh", "ar"}
    ds = built.dataset  # type: ignore[attr-defined]
    assert len(built.documents) == 6  # type: ignore[attr-defined]
    assert {d.symbol for d in built.documents} == {"A/RES/74/176"}  # type: ignore[attr-defined]
    graphs = {d.graph.rsplit("/graph/doc/", 1)[1] for d in built.documents}  # type: ignore[attr-defined]
    assert graphs == {"A/RES/74/176", *(f"A/RES/74/176/lang/{x}" for x in ("fr", "es", "ru", "zh", "ar"))}
    for lang in ("fr", "es", "ru", "zh", "ar"):
        expr = URIRef(f"{DOC}/lang/{lang}")
        assert (DOC, ELI.is_realized_by, expr) in ds
        assert (expr, RDF.type, ELI.LegalExpression) in ds
        assert (expr, ELI.language, URIRef(authority_iri(lang))) in ds
    # the English title stays a plain string, the others are tagged
    titles = {t.language for t in ds.objects(DOC, URIRef("http://purl.org/dc/terms/title"))}
    assert titles == {None, "fr", "es", "ru", "zh", "ar"}


def test_a_paragraph_is_shared_and_each_version_has_its_span(built: object) -> None:
    ds = built.dataset  # type: ignore[attr-defined]
    para = URIRef(f"{DOC}/op/1")
    texts = {t.language for t in ds.objects(para, TIP.text)}
    assert texts == {None, "fr", "es", "ru", "zh", "ar"}
    assert len(set(ds.objects(para, TIP.span))) == 1  # the English text's
    for lang in ("fr", "zh", "ar"):
        version = URIRef(f"{para}/lang/{lang}")
        assert (version, RDF.type, TIP.ParagraphExpression) in ds
        assert len(set(ds.objects(version, TIP.span))) == 1
        assert set(ds.objects(version, TIP.order))


def test_the_versions_keep_the_per_source_layout_and_validate_alike(built: object) -> None:
    from tipkg.graph.validate.per_source import layout_breaches, validate_sources
    from tipkg.graph.validate.sparql_engine import store_from_dataset, validate_store

    store = store_from_dataset(built.dataset)  # type: ignore[attr-defined]
    assert layout_breaches(store) == []
    assert validate_sources(store).violations == validate_store(store).violations


def test_the_un_is_acknowledged_on_each_akn_source(built: object) -> None:
    ds = built.dataset  # type: ignore[attr-defined]
    notes = set(ds.objects(None, URIRef("http://purl.org/dc/terms/rights")))
    assert notes and all("United Nations" in str(n) for n in notes)


def test_agreement_of_one_work(versions: dict[str, str]) -> None:
    ag = compare({WORK: versions})
    assert set(ag.scores) == {"fr", "es", "ru", "zh", "ar"}
    for lang, score in ag.scores.items():
        assert score.both > 0, lang
        assert 0.0 <= score.agreement <= score.target_agreement <= 1.0
    assert all(d.side in ("en", d.language) for d in ag.disagreements)


# --- numbers and dates as each language writes them ----------------------------------------------

_AR = "أبجدهوزحطي"
_RU = "абвгдежзик"


@given(st.integers(min_value=1, max_value=199))
def test_arabic_and_full_width_numbers_read_as_english(n: int) -> None:
    assert canonical_num(f"{n} -") == f"{n}."
    assert canonical_num(f"{n}.") == f"{n}."
    arabic_indic = "".join(chr(0x660 + int(c)) for c in str(n))
    assert canonical_num(f"{arabic_indic} -") == f"{n}."
    full_width = "".join(chr(0xFF10 + int(c)) for c in str(n))
    assert canonical_num(f"{full_width}.") == f"{n}."


@given(st.integers(min_value=0, max_value=9))
def test_lettered_points_read_as_latin_letters(i: int) -> None:
    latin = chr(ord("a") + i)
    assert canonical_num(f"({_AR[i]})") == f"({latin})"
    assert canonical_num(f"{_RU[i]})") == f"{latin})"
    assert canonical_num(f"({latin})") == f"({latin})"


@given(st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_dates_in_every_language(day: dt.date) -> None:
    iso = day.isoformat()
    d, m, y = day.day, day.month, day.year
    fr = MONTHS_IN["fr"][m - 1][0]
    es = MONTHS_IN["es"][m - 1][0]
    ru = MONTHS_IN["ru"][m - 1][0]
    lev, egy = MONTHS_IN["ar"][m - 1][0], MONTHS_IN["ar"][m - 1][1]
    assert parse_date_in(f"la résolution 1/1 du {'1er' if d == 1 else d} {fr} {y}", "fr") == iso
    assert parse_date_in(f"resolución 1/1, de {d} de {es} de {y},", "es") == iso
    assert parse_date_in(f"резолюцию 1/1 от {d} {ru} {y} года", "ru") == iso
    assert parse_date_in(f"{y}年{m}月{d}日第1/1号决议", "zh") == iso
    assert parse_date_in(f"القرار 1/1 المؤرخ {d} {lev}/{egy} {y}", "ar") == iso
    assert parse_date_in(f"القرار 1/1 المؤرخ {d} {egy} {y}", "ar") == iso


def test_a_date_that_is_none_is_none() -> None:
    assert parse_date_in("30 février 2020", "fr") is None
    assert parse_date_in("no date here", "ru") is None
    assert parse_date_in("2020年13月1日", "zh") is None


@pytest.mark.parametrize(
    ("href", "symbol"),
    [
        ("https://undocs.org/ch/A/RES/70/1", "A/RES/70/1"),  # the Chinese versions' links
        ("http://undocs.org/sp/A/RES/55/25", "A/RES/55/25"),  # older Spanish versions
        ("https://docs.un.org/zh/E/RES/2013/40", "E/RES/2013/40"),
        ("https://undocs.org/ar/A/RES/75/253B", "A/RES/75/253 B"),
    ],
)
def test_links_name_the_same_symbol_in_every_language(href: str, symbol: str) -> None:
    assert symbol_from_href(href) == symbol


@pytest.mark.parametrize(
    ("lang", "label", "form"),
    [
        ("fr", "réaffirme", "réaffirmons"),
        ("fr", "rappelle", "rappelons"),
        ("fr", "encourage", "encourageons"),
        ("fr", "prend note", "prenons note"),
        ("fr", "se félicite", "nous félicitons"),
        ("es", "recuerda", "recordamos"),
        ("es", "pide", "pedimos"),
        ("es", "toma nota", "tomamos nota"),
        ("ru", "принимает к сведению", "принимаем к сведению"),
        ("ru", "просит", "просим"),
        ("ar", "تحيط علما", "نحيط علما"),
        ("zh", "重申", "重申"),
    ],
)
def test_a_declarations_verbs_are_the_first_person_plural(lang: str, label: str, form: str) -> None:
    assert form in first_plural(label, lang)


@pytest.mark.parametrize(
    ("lang", "text", "relation"),
    [
        ("fr", "Nous rappelons le Pacte mondial", "recalls"),
        ("es", "Reafirmamos la importancia", "reaffirms"),
        ("ru", "Подтверждаем принципиальную важность", "reaffirms"),
        ("zh", "我们重申普遍批准", "reaffirms"),
    ],
)
def test_a_declaration_opens_with_its_verb_in_every_language(lang: str, text: str, relation: str) -> None:
    scheme = load_scheme(lang)
    opening = scheme.match_statement(text)
    assert opening is not None and opening.phrase.relation == relation
    assert scheme.declares(text, 0, opening)
    assert scheme.match_statement("Réaffirmant les buts" if lang == "fr" else "x") is None


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("وإذ تعيد أيضا تأكيد قرارها", "reaffirms"),  # "also" between the verb and the rest
        ("وإذ تعيد كذلك تأكيد", "reaffirms"),
        ("نعيد تأكيد الأهمية الحاسمة", "reaffirms"),  # a declaration: the first person plural
    ],
)
def test_arabic_phrases_with_an_adverb_after_the_verb(text: str, relation: str) -> None:
    scheme = load_scheme("ar")
    opening = scheme.match_opening(text) or scheme.match_statement(text)
    assert opening is not None and opening.phrase.relation == relation


def test_direction_marks_are_not_text() -> None:
    t = _Text({})
    t.add("la Justicia \u200ePenal y el Estado\u200f de Derecho")
    assert "".join(t.parts) == "la Justicia Penal y el Estado de Derecho"


@pytest.mark.parametrize(
    ("lang", "window"),
    [
        ("es", "a que, en consonancia con las obligaciones que les incumben en virtud de los instrumentos "
         "internacionales pertinentes, incluido el "),
        ("ru", "государствам-членам, согласно их обязательствам по соответствующим международным документам, включая "),
        ("fr", "agissant conformément aux obligations qui leur incombent au titre des instruments internationaux "
         "applicables, dont le "),
    ],
)  # fmt: skip
def test_under_which_obligations_is_circumstantial(lang: str, window: str) -> None:
    assert OBLIGATIONS_IN[lang].search(window)
    assert not OBLIGATIONS_IN[lang].search(window.split(",")[0] + " ")


# --- what each version states, read in its own language --------------------------------------------


def _citations(path: Path, eid: str) -> set[tuple[str, str]]:
    from tipkg.loaders.sources.akn import load_akn

    doc = load_akn(path)
    paras = [q for p in doc.paragraphs for q in (p, *p.subparagraphs)]
    return {(c.relation, c.target.key) for p in paras if p.eid == eid for c in p.citations}


def test_a_date_written_in_french_sets_aside_a_link_it_rules_out(corpus_dir: Path) -> None:
    # the French version links "44/4" and "27/2" to General Assembly resolutions (A/RES/44/4 is of
    # 1989); "adoptée le 16 juillet 2020 par le Conseil des droits de l'homme" says whose they are
    folder = corpus_dir / "unxml" / "GAresolutions" / "76session"
    fr = next((folder / "French").glob("A_RES_76_186-*F.xml"))
    assert _citations(fr, "container_15") == {("recalls", "A/HRC/RES/44/4")}
    assert _citations(fr, "container_16") == {("recalls", "CCPCJ/RES/27/2")}


def test_one_verb_for_several_english_ones_agrees(corpus_dir: Path) -> None:
    from tipkg.loaders.parse.phrases import also_renders

    assert {"stresses", "underlines"} <= also_renders("fr")["emphasizes"]
    assert "emphasizes" not in also_renders("en")
    root = corpus_dir / "unxml"
    works = discover([root / "ECOSOCresolutions" / "2021"], read_works_list(root / "trafficking-works.txt"))
    ag = compare(works)
    # "Souligne"/"Subraya"/"подчеркивает" where the English says "Stresses" (container_27)
    for lang in ("fr", "es", "ru"):
        assert ag.scores[lang].shared_verb > 0, lang
        assert not [
            d for d in ag.disagreements if d.language == lang and d.relation in ("stresses", "emphasizes")
        ]


def test_a_list_after_a_french_title_and_a_russian_body_before_its_numbers(corpus_dir: Path) -> None:
    # "… intitulée « … », ainsi que les résolutions 23/2 du 16 mai 2014 et 25/1 … de la Commission":
    # a new keyword ends the list before it; "резолюции Комиссии по предупреждению преступности и
    # уголовному правосудию 23/2 … и 25/1": the body's name stands between keyword and numbers
    folder = corpus_dir / "unxml" / "GAresolutions" / "75session"
    expected = {("recalls", "CCPCJ/RES/23/2"), ("recalls", "CCPCJ/RES/25/1")}
    for lang, suffix in (("French", "F"), ("Russian", "R"), ("Arabic", "A"), ("Spanish", "S")):
        found = _citations(folder / lang / f"75_195_{suffix}.xml", "container_5")
        assert expected <= found, lang
        assert not {k for _, k in found if k.startswith(("A/RES/23/", "A/RES/25/"))}, lang


def test_names_inside_other_names_and_titles_in_spanish(corpus_dir: Path) -> None:
    # "… de la Conferencia de las Partes en la Convención sobre el Comercio Internacional …": the
    # Convention is part of the body's name; "titulada “… Convención de las Naciones Unidas contra la
    # Delincuencia Organizada Transnacional”": part of a title (as "Conference of the Parties to the …"
    # and "entitled “…”" in English)
    es = next((corpus_dir / "unxml" / "GAresolutions" / "75session" / "Spanish").glob("A_RES_75_311-*S.xml"))
    assert not {k for _, k in _citations(es, "para_71") if k == "CITES"}
    assert ("takesNoteOf", "UNTOC") not in _citations(es, "container_37")
    assert ("takesNoteOf", "CTOC/COP/RES/10/6") in _citations(es, "container_37")


def test_items_as_each_version_marks_them(corpus_dir: Path) -> None:
    # Arabic "4 -" left in the text ends the list "3 - …:" opened; Arabic items with <num>(أ)</num> of
    # their own and a Chinese list opened by "：" are items of the paragraph, as in English
    from tipkg.loaders.agreement import paragraphs
    from tipkg.loaders.sources.akn import load_akn

    ga = corpus_dir / "unxml" / "GAresolutions"
    english = paragraphs(load_akn(ga / "75session" / "English" / "75_195_E.xml"))
    for lang, path in (
        ("ar", ga / "75session" / "Arabic" / "75_195_A.xml"),
        ("zh", ga / "75session" / "Chinese" / "75_195_C.xml"),
    ):
        got = paragraphs(load_akn(path))
        assert {k for k in english if k.startswith("op/3")} <= set(got), lang
        assert "op/4" in got and "op/3/10" not in got, lang
    ar = paragraphs(load_akn(next((ga / "77session" / "Arabic").glob("A_RES_77_236-*A.xml"))))
    assert {"op/6/a", "op/6/k", "op/7", "op/16"} <= set(ar)  # "7 –" (an en dash) ends the list
    # a short Arabic paragraph ending in "؛" is a clause, not a heading; its number is the one printed
    ar = paragraphs(load_akn(ga / "75session" / "Arabic" / "75_158_A.xml"))
    en = paragraphs(load_akn(ga / "75session" / "English" / "75_158_E.xml"))
    assert ar["op/3"] == en["op/3"] == "para_42" and ar["op/15"] == en["op/15"]
    # "(a) …" after "10. … measures；" (a semicolon for the colon) is an item all the same
    zh = paragraphs(load_akn(ga / "75session" / "Chinese" / "75_195_C.xml"))
    assert (
        {k for k in zh if k.startswith("op/10/")} == {k for k in english if k.startswith("op/10/")} != set()
    )


def test_chinese_numbers_before_their_keyword(corpus_dir: Path) -> None:
    # "预防犯罪和刑事司法委员会关于…的2014年5月16日第23/2号和2016年5月27日第25/1号决议"; "，在这方面回顾生物多样
    # 性公约缔约方大会2018年11月30日第14/4号决定": the body before, the date with each number, the keyword last
    folder = corpus_dir / "unxml" / "GAresolutions" / "75session" / "Chinese"
    found = _citations(folder / "75_195_C.xml", "container_5")
    assert {("recalls", "CCPCJ/RES/23/2"), ("recalls", "CCPCJ/RES/25/1")} <= found
    assert ("recalls", "COP-CBD/DEC/14/4") in _citations(
        next(folder.glob("A_RES_75_311-*C.xml")), "container_14"
    )


def test_a_preambular_list_is_the_paragraph_items(versions: dict[str, str]) -> None:
    # "Reaffirming that the Global Plan of Action was developed:" and a <blockList> of
    # "<item><num>(a)</num><p>…</p></item>" (English) or "<item><p>(أ) …</p></item>" (Arabic): items of
    # that paragraph, each with its text; the next "Recalling …" is a paragraph of its own
    from tipkg.loaders.agreement import paragraphs
    from tipkg.loaders.sources.akn import load_akn

    en = load_akn(versions["en"])
    lead = next(p for p in en.paragraphs if p.eid == "container_9")
    assert [s.number for s in lead.subparagraphs] == list("abcdef")
    assert lead.subparagraphs[4].text.startswith("(e) To raise awareness")
    assert any(
        p.eid == "container_16" and p.text.startswith("Recalling its resolutions") for p in en.paragraphs
    )
    assert paragraphs(load_akn(versions["ar"])) == paragraphs(en)


def test_the_protocol_thereto_in_each_language(corpus_dir: Path) -> None:
    # "la Convention de 1930 sur le travail forcé (no 29) et le Protocole s'y rapportant", "y su Protocolo",
    # "и Протокола к ней", "《消除对妇女一切形式歧视公约》及其《任择议定书》": the one protocol of the
    # convention named last; "les Protocoles facultatifs s'y rapportant" (plural) names none in particular
    folder = corpus_dir / "unxml" / "GAresolutions" / "75session"
    for lang, suffix in (("French", "F"), ("Spanish", "S"), ("Russian", "R")):
        assert ("urges", "ILO-P29") in _citations(folder / lang / f"75_158_{suffix}.xml", "para_44"), lang
    assert ("urges", "OP-CEDAW") in _citations(folder / "Chinese" / "75_158_C.xml", "para_44")


def test_a_footnote_of_examples_in_each_language(corpus_dir: Path) -> None:
    # "Tels que …", "Tales como …", "Такие как …", "例如…", "() مثل …" (75/158, footnote 32): the regional
    # instruments it names are cited with the paragraph's verb, as in English ("Such as …")
    folder = corpus_dir / "unxml" / "GAresolutions" / "75session"
    for lang, suffix in (
        ("French", "F"),
        ("Spanish", "S"),
        ("Russian", "R"),
        ("Chinese", "C"),
        ("Arabic", "A"),
    ):
        keys = {k for _, k in _citations(folder / lang / f"75_158_{suffix}.xml", "para_64")}
        assert {"ASEAN-TIP-CONV", "SAARC-TIP-CONV", "CIS-AGREEMENT-TIP"} <= keys, lang


def test_the_convention_named_again_in_french_and_spanish(corpus_dir: Path) -> None:
    # "comme le prévoit la Convention contre la criminalité transnationale organisée" places the text
    # (a mention, as "in accordance with"); "la Convention Suplementaria …" is a name, not "the Convention"
    ga = corpus_dir / "unxml" / "GAresolutions"
    fr = _citations(next((ga / "76session" / "French").glob("A_RES_76_186-*F.xml")), "container_43")
    assert ("mentions", "UNTOC") in fr
    es = _citations(
        ga / "74session" / "GA resolutions_74session_Spanish" / "Spanish" / "74_176_S.xml", "container_6"
    )
    assert ("recalls", "CRC") not in es and ("recalls", "SUPP-SLAVERY-CONV-1956") in es


def test_a_secretariat_and_a_link_nobody_numbered(corpus_dir: Path) -> None:
    # "le secrétariat de la Convention sur le commerce international …": part of a body's name; the French
    # version of 76/186 links "10/1" of the Conference of the Parties to A/RES/10/1, which does not exist
    unxml = corpus_dir / "unxml"
    fr = next((unxml / "ECOSOCresolutions" / "2025" / "French").glob("E_RES_2025_17-*F.xml"))
    assert not {k for _, k in _citations(fr, "container_13")} & {"CITES", "CBD"}
    fr = next((unxml / "GAresolutions" / "76session" / "French").glob("A_RES_76_186-*F.xml"))
    assert not {k for _, k in _citations(fr, "container_43") if k.startswith("A/RES/10/")}


def test_chinese_links_in_lower_case_and_footnotes_after_the_keyword(corpus_dir: Path) -> None:
    # "https://undocs.org/ch/A/hrc/RES/44/4" names A/HRC/RES/44/4; "…的第8/12号决议[footnote: 见CAC/COSP/2019/17]":
    # the footnote locates the resolution (the keyword after the number is no other document)
    assert symbol_from_href("https://undocs.org/ch/A/hrc/RES/44/4") == "A/HRC/RES/44/4"
    assert symbol_from_href("https://undocs.org/en/UNEP/EA.5/Res.1") == "UNEP/EA.5/Res.1"
    zh = next((corpus_dir / "unxml" / "GAresolutions" / "75session" / "Chinese").glob("A_RES_75_311-*C.xml"))
    keys = {k for _, k in _citations(zh, "container_37")}
    assert {"CAC/COSP/RES/8/12", "CTOC/COP/RES/10/6"} <= keys
    assert not keys & {"CAC/COSP/2019/17", "CTOC/COP/2020/10"}


@given(st.sampled_from("бвдзлмнпрстф"), st.sampled_from("гкхжшчщ"))
def test_russian_declension_writes_i_after_velars_and_hushing_letters(plain: str, velar: str) -> None:
    # "Повестка дня" → "Повестки дня" (genitive), "Платформа" → "Платформы": the spelling rule, for any stem
    from tipkg.ontology.languages import name_forms

    assert f"Пове{velar}а дня" in name_forms(f"Пове{velar}а дня", "ru")
    assert f"Пове{velar}и дня" in name_forms(f"Пове{velar}а дня", "ru")
    assert f"Пове{velar}ы дня" not in name_forms(f"Пове{velar}а дня", "ru")
    assert f"Пла{plain}ы дня" in name_forms(f"Пла{plain}а дня", "ru")


def test_a_declaration_whose_subject_has_an_apposition(corpus_dir: Path) -> None:
    # "Nous, États Membres de l'Organisation des Nations Unies, réaffirmons le Plan d'action mondial …"
    fr = next((corpus_dir / "unxml" / "GAresolutions" / "76session" / "French").glob("A_RES_76_7-*F.xml"))
    assert ("reaffirms", "GLOBAL-PLAN-OF-ACTION") in _citations(fr, "para_6")
