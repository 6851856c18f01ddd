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
