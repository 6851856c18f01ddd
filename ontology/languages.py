"""The languages of UN texts: the six official languages of the United Nations (Arabic, Chinese,
English, French, Russian, Spanish) and German, in which some texts are also issued.

A language is written as its BCP 47 tag (``en``, ``fr``, ``zh``): in language-tagged literals, in
IRIs (``<doc>/lang/fr``) and on the command line. Akoma Ntoso files name it with ISO 639-2
(``FRBRlanguage language="fra"``); ELI's ``eli:language`` takes a concept of the EU Publications
Office's language authority table (``…/authority/language/FRA``).

English is the *primary* language: the nodes of an English text keep the IRIs tipkg has always
minted, and every other language's statements go to IRIs of their own (``ids.in_language``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    tag: str  # BCP 47: "fr"
    iso639_2: str  # "fra" (bibliographic and terminological forms agree for these languages)
    authority: str  # code of the EU language authority table: "FRA"
    name: str  # English name


LANGUAGES: dict[str, Language] = {
    lang.tag: lang
    for lang in (
        Language("en", "eng", "ENG", "English"),
        Language("fr", "fra", "FRA", "French"),
        Language("es", "spa", "SPA", "Spanish"),
        Language("ru", "rus", "RUS", "Russian"),
        Language("zh", "zho", "ZHO", "Chinese"),
        Language("ar", "ara", "ARA", "Arabic"),
        Language("de", "deu", "DEU", "German"),
    )
}
#: the language whose nodes keep the IRIs without a language segment
PRIMARY = "en"
#: the six official languages of the United Nations, in the UN's (English alphabetical) order
OFFICIAL = ("ar", "zh", "en", "fr", "ru", "es")
AUTHORITY = "http://publications.europa.eu/resource/authority/language/"
_ALIASES = {"chi": "zh", "fre": "fr", "ger": "de", "cmn": "zh"}


def tag_of(code: str | None) -> str | None:
    """The BCP 47 tag of a language code ("fra", "FR", "fr-FR", "zh-Hans" → "fr", "fr", "fr", "zh");
    None for what names no language tipkg knows."""
    if not code:
        return None
    base = code.strip().lower().replace("_", "-").split("-")[0]
    if base in LANGUAGES:
        return base
    if base in _ALIASES:
        return _ALIASES[base]
    return next((t for t, lang in LANGUAGES.items() if lang.iso639_2 == base), None)


def authority_iri(tag: str) -> str:
    """The concept ``eli:language`` takes: ``…/authority/language/FRA``."""
    return AUTHORITY + LANGUAGES[tag].authority


def is_primary(tag: str | None) -> bool:
    """Whether a text in ``tag`` (None: a source that does not say, read as English) keeps the
    primary IRIs."""
    return tag is None or tag == PRIMARY


# --- names as the texts inflect them -------------------------------------------------------------

#: Arabic clitics written onto a name: "و" (and), "ب" (with), "ل" (to, for), "ف", and their pairs.
_AR_CLITICS = ("و", "ب", "ل", "وب", "ول", "ف")
# Russian endings of the leading adjective and noun of a name, nominative → the other cases
# (genitive, dative, accusative, instrumental, prepositional), by the shape of the ending.
_RU_ADJ = {
    "ый": ("ого", "ому", "ый", "ым", "ом"),
    "ий": ("его", "ему", "ий", "им", "ем"),
    "ой": ("ого", "ому", "ой", "ым", "ом"),
    "ая": ("ой", "ой", "ую", "ой", "ой"),
    "яя": ("ей", "ей", "юю", "ей", "ей"),
    "ое": ("ого", "ому", "ое", "ым", "ом"),
}
_RU_NOUN = {
    "ия": ("ии", "ии", "ию", "ией", "ии"),
    "а": ("ы", "е", "у", "ой", "е"),
    "я": ("и", "е", "ю", "ей", "е"),
    "ь": ("и", "и", "ь", "ью", "и"),
    "": ("а", "у", "", "ом", "е"),  # a masculine noun ending in a consonant: "Протокол", "план"
}


def _ru_word(word: str, table: Mapping[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    for ending in sorted(table, key=len, reverse=True):
        if ending and word.endswith(ending):
            stem = word[: len(word) - len(ending)]
            hushing = stem[-1:] in "жшщчц"  # "Всеобщая" → "Всеобщей", not "-ой"
            velar = stem[-1:] in "гкхжшчщ"  # "Повестка" → "Повестки": и, not ы, after these letters
            return tuple(
                stem + ("ей" if hushing and e == "ой" else "и" + e[1:] if velar and e.startswith("ы") else e)
                for e in table[ending]
            )
        if not ending and word[-1:].isalpha() and word[-1].lower() not in "аеёиоуыэюяйь":
            return tuple(word + e for e in table[""])
    return None


def name_forms(name: str, lang: str) -> list[str]:
    """The forms of a name a text of ``lang`` writes: Russian declines the leading adjectives and
    head noun ("Глобальный план действий" → "Глобального плана действий" …; what follows, a
    genitive, stays), Arabic writes clitics onto its first word ("وبروتوكول", "لاتفاقية")."""
    if lang == "ar":
        return [name, *(c + name for c in _AR_CLITICS)]
    if lang != "ru":
        return [name]
    words = name.split(" ")
    lead = 0
    while lead < len(words) - 1 and words[lead].lower().endswith(tuple(_RU_ADJ)):
        lead += 1
    forms = [name]
    cases: list[list[str]] = [[] for _ in range(5)]
    for i in range(lead + 1):
        got = _ru_word(words[i], _RU_ADJ if i < lead else _RU_NOUN)
        if got is None:
            return forms
        for c in range(5):
            cases[c].append(got[c])
    for c in range(5):
        forms.append(" ".join([*cases[c], *words[lead + 1 :]]))
    return list(dict.fromkeys(forms))
