"""The words of the other official languages the paragraph reader needs besides its opening phrases
(``ontology/phrases.ttl``): circumstantial adjuncts, the nouns of generic documents, footnotes that
only locate a text, and the leads of a date or a body after a resolution's number.

Each rule is written for the kind of text, as the UN's parallel versions of one paragraph show it
(shared/corpus/unxml: the French, Spanish, Russian, Chinese and Arabic versions of the trafficking
works), not for one file: "conformément à la Convention", "de conformidad con la Convención", "в
соответствии с Конвенцией", "根据《公约》", "وفقا لاتفاقية" place an act within an instrument as "in
accordance with the Convention" does in English, and the reader reads a mention there, not a citation.
English keeps its own rules (:mod:`.extract`, :mod:`.references`, :mod:`.structured`).
"""

from __future__ import annotations

import re

from tipkg.loaders.parse.dates import month_re
from tipkg.loaders.registry.model import Registry

# --- circumstantial adjuncts: the window before a reference ends with one -------------------------
_DE = r"(?:de|du|des|d[’'])"
_FR_ADJUNCT = (
    # "conformes à l'article 20 de la Convention" (consistent with); "espèces protégées par la Convention",
    # "infractions visées par la Convention" (as protected by, covered by); not "la mise en application"
    r"(?:conformément\s+(?:à|au|aux)|conformes?\s+(?:à|au|aux)|(?:visé|couvert|protégé|régi)e?s?\s+par"
    r"|(?:comme|ainsi\s+que)\s+(?:le|l[’'])\s*(?:prévoi|stipul|dispos|énonc)\w*"  # "comme le prévoit la Convention"
    r"|en\s+conformité\s+avec|(?:(?<!mise\s)en\s+application|en\s+vertu|au\s+titre|au\s+sens"
    r"|aux\s+termes|dans\s+le\s+(?:cadre|contexte|respect))\s+" + _DE + r"|(?:tel(?:le)?s?\s+qu[e’']\s*"
    r"(?:(?:il|elle)s?\s+)?(?:est|sont)?\s*|comme\s+)(?:défini|énoncé|prévu|consacré|visé|reflété|inscrit|établi|"
    r"stipulé)e?s?\s+(?:dans|par|à|au|aux))"
)
_ES_ADJUNCT = (
    # "especies protegidas por la Convención", "delitos comprendidos en la Convención"
    r"(?:de\s+conformidad\s+con|con\s+arreglo\s+al?|en\s+virtud\s+de|en\s+el\s+(?:marco|contexto)\s+de"
    r"|(?:protegid|comprendid|contemplad|abarcad|amparad)[oa]s?\s+(?:por|en)"
    r"|conforme\s+al?|en\s+consonancia\s+con|en\s+cumplimiento\s+de|a\s+tenor\s+de|en\s+el\s+sentido\s+de"
    r"|(?:según\s+(?:se\s+)?|tal\s+(?:y\s+)?como\s+(?:se\s+)?|como\s+se\s+)(?:define|establece|dispone|enuncia|consagra|"
    r"prevé|refleja|definid|establecid|enunciad|consagrad|previst)\w*\s+(?:en|por))"
)
_RU_ADJUNCT = (
    # "в рамках осуществления Глобального плана" renders "in the implementation of the Global Plan", which
    # the verb governs, as often as "in the framework of"; "руководствуясь Конвенцией" (consistent with,
    # guided by) and "охраняемых Конвенцией" (as protected by) govern the instrument's name directly
    r"(?:в\s+соответствии\s+со?|согласно|в\s+рамках(?!\s+(?:осуществления|реализации|выполнения)\b)"
    r"|на\s+основании|в\s+контексте|в\s+духе|руководствуясь|(?:охраняем|защищаем|охватываем|регулируем)\w+"
    r"|как\s+(?:(?:это|он[аио]?|они)\s+)?(?:предусм[оа]тр|определ|закреплен|изложен|сформулирован|установлен)\w*\s+в"
    # "определением, данным в пункте b статьи 2 Конвенции" (the definition given in): a participle on its own
    r"|определени\w+,?\s+данн\w+\s+в)"
)


# what the adjunct names first, then a part of the instrument ("article 2 de", "статьей 5"):
def _tail(conj: str, of: str, the: str) -> str:
    return (
        r"(?:[^,;:.]{0,100}?\s(?:"
        + conj
        + r")\s+)?(?:(?:\S+\s+){0,8}?(?:"
        + of
        + r")\s+)?(?:"
        + the
        + r")?\s*$"
    )


CIRCUMSTANTIAL_IN: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b"
        + _FR_ADJUNCT
        + r"\s*"
        + _tail(
            "et|ou",
            "de|du|des|d[’']|dans|par|à",
            r"la\s+|le\s+|l[’']\s*|les\s+|ses\s+|sa\s+|son\s+|leurs?\s+",
        ),
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"\b"
        + _ES_ADJUNCT
        + r"\s+"
        + _tail("y|e|o", "de|del|en|por", r"la\s+|el\s+|los\s+|las\s+|su\s+|sus\s+"),
        re.IGNORECASE,
    ),
    "ru": re.compile(
        # Russian writes what the adjunct governs in the genitive, without a preposition: "в контексте
        # оценки Глобального плана", "в соответствии со статьей 2 Конвенции"
        r"(?<!\w)" + _RU_ADJUNCT + r"\s+(?:[^,;:.]{0,100}?\s(?:и|или)\s+)?(?:\S+\s+){0,4}\s*$",
        re.IGNORECASE,
    ),
    "zh": re.compile(
        # "在…框架内" (within the framework of) frames the name it encloses: read after it (below)
        r"(?:根据|依照|按照|依据|遵照|依循|符合)[^，。；]{0,40}$"
    ),
    "ar": re.compile(
        # "بموجب" (under) but not "بموجبه" (by which: the pronoun is the adjunct's, the name the verb's)
        r"(?:وفق|وفقا|وفقاً|طبقا|طبقاً|عملا|عملاً|بموجب(?![هك])|تمشيا|تمشياً|اتساقا|اتساقاً|انسجاما|انسجاماً|في\s+إطار|في\s+سياق"
        r"|على\s+النحو\s+(?:المبين|المنصوص\s+عليه|المحدد|المكرس|الوارد)"
        # "وحسبما هو مبين في المادة 2 (ب) من اتفاقية" (as defined in), "بما يتسق مع اتفاقية" (consistent with)
        r"|حسبما\s+(?:هو\s+|هي\s+)?(?:مبين|محدد|منصوص\s+عليه|وارد|مكرس)\w*|بما\s+(?:يتسق|يتماشى|يتمشى|يتفق))"
        r"(?:\s+مع|\s+ب|\s+في)?\s*(?:\S+\s+){0,5}?\s*$"
    ),
}
#: "consistent with their obligations under the relevant instruments, including the …" (a reference
#: that says under which obligations, not what the act concerns), as each version words it
OBLIGATIONS_IN: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"(?:conformément\s+aux|dans\s+le\s+respect\s+des)\s+obligations\b[^;]{0,160}?,\s+(?:dont|y\s+compris"
        r"|notamment|en\s+particulier)\s+(?:le\s+|la\s+|les\s+|l[’']\s*)?$"
    ),
    "es": re.compile(
        r"(?:en\s+consonancia\s+con|de\s+conformidad\s+con|conforme\s+a)\s+(?:las|sus)\s+obligaciones\b[^;]{0,160}?"
        r",\s+(?:incluid[oa]s?|en\s+particular|como)\s+(?:el\s+|la\s+|los\s+|las\s+)?$"
    ),
    "ru": re.compile(
        r"(?:согласно|в\s+соответствии\s+с)\s+(?:(?:их|своими|своим)\s+)?обязательств\w*[^;]{0,160}?"
        r",\s+(?:включая|в\s+частности|таким\w*\s+как)\s*$"
    ),
}
#: verbs joined by "and" share their object, the first naming the relation
JOINED_IN: dict[str, re.Pattern[str]] = {
    "fr": re.compile(r"\s*(?:,\s*)?(?:et|ou)\s+(?:aussi\s+|également\s+)?"),
    "es": re.compile(r"\s*(?:,\s*)?(?:y|e|o)\s+(?:también\s+)?"),
    "ru": re.compile(r"\s*(?:,\s*)?(?:и|или)\s+(?:также\s+)?"),
    "zh": re.compile(r"\s*(?:并|和|及|、)\s*"),
    "ar": re.compile(r"\s*(?:،\s*)?(?:و|أو)\s*"),
}

# --- a footnote that says where a named text is found (it locates, it does not cite) ---------------
LOCATING_NOTE_ANY = re.compile(
    r"Documents\s+officiels\b|Documentos\s+Oficiales\b|Официальные\s+отчеты|正式记录|الوثائق\s+الرسمية"
    r"|^\W*(?:Voir\s+|Véase\s+|См\.\s+|انظر\s+)?(?:R[ée]solution\s+|Resoluci[óo]n\s+|Резолюция\s+|القرار\s+)?"
    r"\S+(?:\s+\([IVXLC]+\))?\s*[,،]\s*(?:annexe|anexo|приложение|المرفق)"
    r"|^\W*(?:见)?第\S+号决议，附件"
)
# --- the nouns of a generic reference ("its other resolutions", "the reports") ----------------------
GENERIC_DOCUMENT_ANY = re.compile(
    r"\b(?:rapports?|r[ée]solutions|d[ée]cisions|informes?|resoluciones|decisiones|documentos?|notas?"
    r"|доклад\w*|резолюци\w*|решени\w*|записк\w*|(?:ب|ل|و)?(?:ال)?(?:تقرير|تقارير|قرارات|مقررات|مذكرة)\w*)\b"
    r"|报告|决议|决定|说明"
)

# --- the date printed after a number: "du 2 mars 2022", ", de 2 de marzo de 2022", "от 2 марта 2022
# года", "المؤرخ 2 آذار/مارس 2022" ---------------------------------------------------------------------
DATE_AFTER_IN: dict[str, re.Pattern[str]] = {
    # "du 16 juillet 2020", "en date du …", "adoptée le 16 juillet 2020 (par …)"
    "fr": re.compile(
        r",?\s+(?:du|en\s+date\s+du|adopt[ée]+s?\s+le)\s+\d{1,2}(?:er)?\s+" + month_re("fr") + r"\s+\d{4}",
        re.I,
    ),
    # "de 16 de julio de 2020", "aprobada el 16 de julio de 2020"
    "es": re.compile(
        r",?\s+(?:de|aprobad[ao]s?\s+el)\s+\d{1,2}\s+de\s+" + month_re("es") + r"\s+de(?:l)?\s+\d{4}", re.I
    ),
    # "от 16 июля 2020 года", "принятую 16 июля 2020 года"
    "ru": re.compile(r",?\s+(?:от|принят\w*)\s+\d{1,2}\s+" + month_re("ru") + r"\s+\d{4}(?:\s+года)?", re.I),
    "ar": re.compile(
        r"،?\s+(?:المؤرخ|المؤرخة|المؤرخين|المؤرخة)\s+\d{1,2}\s+\S+(?:\s+\S+)?(?:\s*/\s*\S+)?\s+\d{4}"
    ),
}

#: between two references one adjunct governs: "conformément à la Convention et au Protocole"
COORDINATED_IN: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"^\s*(?:,\s*)?(?:et|ou|ainsi\s+qu[e’']|,)\s*(?:(?:à\s+la|au|aux|à\s+l[’']|la|le|les|l[’']|ses|sa|son"
        r"|de\s+la|du|des|de\s+l[’'])\s*)?$"
    ),
    "es": re.compile(
        r"^\s*(?:,\s*)?(?:y|e|o|así\s+como|,)\s+(?:(?:a\s+la|al|la|el|los|las|su|sus|de\s+la|del)\s+)?$"
    ),
    "ru": re.compile(r"^\s*(?:,\s*)?(?:и|или|а\s+также|,)\s*$"),
    "zh": re.compile(r"^\s*[》」]?\s*(?:、|和|及|以及|与|，)\s*[《「]?\s*$"),
    "ar": re.compile(r"^\s*(?:،\s*)?(?:و\s*|أو\s+)?$"),
}
#: an adjunct written after the name ("《公约》第2条(b)项所定义的": "as defined in article 2 (b) of the
#: Convention"), read from the end of the reference
CIRCUMSTANTIAL_AFTER_IN: dict[str, re.Pattern[str]] = {
    "zh": re.compile(
        r"》?\s*(?:第[^，。；]{1,12}?[条款项段][^，。；]{0,12}?)?(?:所|中)?(?:定义|界定|规定|所述|设想)的"
        r"|》?\s*(?:的)?(?:框架|范围)内"  # "在《全球行动计划》范围内" (in the context of the Global Plan)
    ),
}

# --- titles and names inside other names ------------------------------------------------------------
#: "entitled “…”", "intitulée « … »", "titulada “…”", "озаглавленную «…»", "под названием «…»",
#: "المعنون “…”", "题为“…”": a document's title, whose words name nothing on their own
ENTITLED = re.compile(
    r"(?:\bentitled|\bintitul[ée]+s?|\btitulad[ao]s?|(?<!\w)озаглавленн\w*|(?<!\w)под\s+названием"
    r"|المعنون\w*|题为)\s*[“\"«”]\s*([^”\"»“]{3,400}?)\s*[”\"»“]"  # Arabic quotes open with ” and close with “
)
#: an instrument named as part of another name, read before it: "Conférence des Parties à la …",
#: "Conferencia de las Partes en la …", "Конференции Сторон Конвенции …", "مؤتمر الأطراف في …",
#: "additionnel à la …", "que complementa la …", "дополняющего …", "المكمل ل…", "Protocoles à la …"
SUPPRESS_BEFORE_IN: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"(?:(?:Conférence|Réunion)\s+des\s+(?:États\s+)?[Pp]arties\s+(?:à|au|aux)|additionnel(?:le)?s?\s+(?:à|au)"
        r"|[Ss]ecrétariat\s+(?:de|du|d[’'])"  # "le secrétariat de la Convention sur …": a body's name
        r"|[Pp]rotocoles?(?:\s+facultatifs?)?\s+(?:à|au|(?:se\s+rapportant|relatifs?)\s+à)|[Aa]mendements?\s+(?:à|au)"
        # the name of a meeting held on an instrument: "la réunion de haut niveau sur l'évaluation du …"
        r"|réunion\s+de\s+haut\s+niveau\s+(?:de\s+l[’']Assemblée\s+générale\s+)?(?:sur|consacrée\s+à)\s+"
        r"l[’']évaluation\s+(?:de\s+la\s+mise\s+en\s+œuvre\s+)?(?:du|de\s+la|des|de\s+l[’']))"
        r"\s*(?:la\s+|le\s+|l[’']\s*|cette\s+|ladite\s+)?$"
    ),
    "es": re.compile(
        r"(?:(?:Conferencia|Reunión)\s+de\s+(?:los\s+Estados\s+)?(?:las\s+)?Partes\s+(?:en|de)|que\s+complementa"
        r"|[Ss]ecretar[íi]a\s+(?:de|del)"
        r"|Protocolos?(?:\s+Facultativos?)?\s+(?:de|a|al)|[Ee]nmiendas?\s+(?:a|al)"
        r"|reunión\s+de\s+alto\s+nivel\s+(?:de\s+la\s+Asamblea\s+General\s+)?(?:sobre|para)\s+(?:la\s+)?"
        r"evaluación\s+(?:de\s+la\s+aplicación\s+)?(?:del|de\s+la))"
        r"\s*(?:la\s+|el\s+|esa\s+|dicha\s+)?$"
    ),
    "ru": re.compile(
        r"(?:(?<!\w)Конференци\w+\s+(?:государств\s*-\s*)?(?:[Уу]частни\w+|[Сс]торон)|(?<!\w)дополняющ\w+"
        r"|(?<!\w)[Сс]екретариат\w*"
        r"|(?<!\w)[Пп]ротокол\w*\s+к|(?<!\w)[Пп]оправк\w+\s+к)\s*(?:этой\s+|данной\s+)?$"
    ),
    "ar": re.compile(
        r"(?:مؤتمر\s+(?:الدول\s+)?الأطراف\s+في|المكمل\w*\s+ل|البروتوكول\w*\s+\S*\s*الملحق\w*\s+ب|أمانة)\s*$"
    ),
}
#: the same, read after it where a language names the instrument first: "《公约》缔约方大会"
SUPPRESS_AFTER_IN: dict[str, re.Pattern[str]] = {
    "zh": re.compile(r"》?\s*(?:缔约方大会|缔约方会议|缔约国会议|缔约国大会|补充|议定书|秘书处)"),
}


#: "the (Optional) Protocol thereto" in each language: the one protocol of the convention named last;
#: the plural ("les Protocoles facultatifs s'y rapportant") is generic, as in English
THERETO_IN: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b(?:le|son)\s+Protocole(?P<optional>\s+facultatif)?\s+(?:s[’']y\s+rapportant|y\s+relatif|"
        r"additionnel\s+y\s+relatif|se\s+rapportant\s+à\s+(?:celle-ci|cette\s+Convention))"
    ),
    "es": re.compile(
        r"\bsu\s+Protocolo(?P<optional>\s+Facultativo)?\b(?!\s+(?:de|para|contra|relativo|sobre|Adicional)\b)"
        r"|\bel\s+Protocolo(?P<opt2>\s+Facultativo)?\s+(?:de\s+(?:esta|esa|dicha)\s+Convención|correspondiente"
        r"|conexo|relativo\s+a\s+(?:ella|esta\s+Convención))\b"
    ),
    "ru": re.compile(
        r"(?<!\w)(?P<optional>[Фф]акультативн\w+\s+)?[Пп]ротокол\w{0,3}\s+к\s+(?:ней|этой\s+[Кк]онвенции)\b"
    ),
    # "البروتوكول الملحق بها" (the Protocol thereto), "وبروتوكولها الاختياري" (and its Optional Protocol);
    # not the plural "وبروتوكولاتها الاختيارية"
    "ar": re.compile(
        r"البروتوكول(?P<optional>\s+الاختياري)?\s+الملحق\s+بها|(?<!\w)و?بروتوكولها(?P<opt2>\s+الاختياري)?(?!\w)"
    ),
    "zh": re.compile(r"及其《?(?P<optional>任择)?议定书》?"),
}


#: "the Convention" naming the convention named last, in each language (English: :mod:`.linking`);
#: not the start of another convention's name ("la Convention sur …", "el Convenio de …")
BACKREF_CONVENTION_IN: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b(?:la|cette|ladite)\s+Convention(?![\w-])(?!\s*(?:sur|de|des|du|d[’']|contre|relative|pour|"
        r"concernant|internationale|interaméricaine|européenne|africaine|arabe|visant|portant|supplémentaire|"
        r"additionnelle|unique|cadre|n[o°]|\(|«)(?!\w))"
        r"(?!\s+[A-ZÀÂÉÈÊÎÔÛ])"  # "la Convention Supplémentaire …": a name
    ),
    "es": re.compile(
        r"\b(?:(?:la|esta|dicha)\s+Convención|(?:el|este|dicho)\s+Convenio)(?![\w-])(?!\s*(?:sobre|de|del|contra|"
        r"para|relativ[oa]|Internacional|Interamericana|Europe[oa]|Africana|Árabe|núm|\(|“)(?!\w))"
        r"(?!\s+[A-ZÁÉÍÓÚÑ])"  # "la Convención Suplementaria …": a name
    ),
    "zh": re.compile(r"《公约》|该公约"),
}


# --- references: the keywords before a number, the conjunctions of a list, the body after it ---------
#: the number after them is the same in every language ("résolutions 61/180", "resoluciones", "резолюции
#: 61/180" in any case, "قراراتها 61/180"; Chinese writes the number first, "第61/180号决议", and is read
#: from the file's links)
KEYWORDS_ANY = (
    r"r[ée]solutions?|d[ée]cisions?|resoluci(?:ón|ones)|decisi(?:ón|ones)|резолюци\w*|решени\w*"
    r"|(?:ب|ل|و)?(?:ال)?قرار\w*|(?:ب|ل|و)?(?:ال)?مقرر\w*"
)
AND_ANY = r"et|y|e|и|а\s+также|و|ainsi\s+que|así\s+como"
# "25/1 de la Commission …", "27/2 adoptée le 18 mai 2018 par la Commission …", "27/2 de la Comisión …",
# "27/2, aprobada … por la Comisión", "27/2 Комиссии …" (the genitive, no preposition); what follows
# must then be a body's name in that language.
_ADOPTED_ON_BY = (
    r"(?:,?\s+(?:adopt[ée]+s?|aprobad[ao]s?|принят\w*)\s+(?:[^,;]{0,40}?\s)?(?:par|por|by)\s+"
    r"|,?\s+(?:de|del|por|par)\s+)"
)
_BODY_AFTER_IN: dict[str, re.Pattern[str]] = {
    "fr": re.compile(_ADOPTED_ON_BY + r"(?:la\s+|le\s+|l[’']\s*)?"),
    "es": re.compile(_ADOPTED_ON_BY + r"(?:la\s+|el\s+)?"),
    # "2/14 о незаконной торговле …, принятую 27 мая 2016 года Ассамблеей …": the subject before it
    "ru": re.compile(
        r"(?:(?:\s+о\s+[^,;]{1,120}?)?,?\s+принят\w*\s+(?:(?:\d{1,2}\s+)?\w+\s+\d{4}\s+(?:года|г\.)\s+)?)?\s*"
    ),
}


def body_after_in(
    work: str, pos: int, end: int, registry: Registry | None, language: str
) -> tuple[str | None, int]:
    """The body whose name in ``language`` follows a number at ``pos`` (its key, where it ends)."""
    lead = _BODY_AFTER_IN.get(language)
    m = lead.match(work, pos, end) if lead is not None else None
    if m is None or registry is None:
        return None, pos
    rest = work[m.end() : min(end, m.end() + 160)]
    bm = next(iter(registry.find_all(rest, language=language)), None)
    if bm is not None and bm.entry.kind == "body" and bm.start == 0:
        return bm.entry.key, m.end() + bm.end
    return None, pos


# --- a declaration's verbs: the first person plural ("Nous réaffirmons", "Recordamos", "Подтверждаем",
# "我们重申", "نحيط علما"), the voice of political declarations, where resolutions use the third person
#: the subject where a language writes it; Spanish, Russian and Arabic mostly leave it to the verb's ending
WE_SUBJECT_IN: dict[str, str] = {
    "fr": r"[Nn]ous",
    "es": r"[Nn]osotros",
    "ru": r"[Мм]ы",
    "zh": r"我们",
    "ar": r"نحن",
}
#: what joins a declaration's next clause: "…, et prenons note", "y tomamos nota", "а также принимаем",
#: "并表示注意到", "ونحيط علما" (the Arabic "and" is written onto the verb)
WE_JOIN_IN: dict[str, str] = {"fr": r"et", "es": r"y|e", "ru": r"и|а\s+также", "zh": r"并|也|还", "ar": r"و"}
_FR_IRREGULAR = {"prend": "prenons", "redit": "redisons", "reconnaît": "reconnaissons", "fait": "faisons"}


def first_plural(label: str, lang: str) -> list[str]:
    """The first person plural forms of an operative label, which names the third person singular
    ("réaffirme" → "réaffirmons", "se félicite" → "nous félicitons"; "recuerda" → "recordamos",
    "pide" → "pedimos"; "принимает к сведению" → "принимаем к сведению"; "تحيط علما" → "نحيط علما";
    Chinese verbs do not change). By each language's conjugation, for every label alike; where the
    third person does not tell the verb's class (Spanish -e: -emos or -imos), every candidate."""
    words = label.lower().split()
    if not words:
        return []
    if lang == "zh":
        return [label]
    if lang == "ar":
        return [f"ن{words[0][1:]}" + "".join(f" {w}" for w in words[1:])] if words[0][0] in "تي" else []
    if lang == "ru":
        out = [
            re.sub(r"([еи])т(ся)?$", lambda m: m.group(1) + ("мся" if m.group(2) else "м"), w) for w in words
        ]
        return [" ".join(out)] if out != words else []
    reflexive = words[0] == "se"
    verb, rest = (words[1], words[2:]) if reflexive and len(words) > 1 else (words[0], words[1:])
    tail = "".join(f" {w}" for w in rest)
    if lang == "fr":
        if verb in _FR_IRREGULAR:
            forms = [_FR_IRREGULAR[verb]]
        elif verb.endswith("appelle"):  # rappelle → rappelons
            forms = [verb[:-4] + "elons"]
        elif verb.endswith("ge"):  # encourage → encourageons
            forms = [verb[:-1] + "eons"]
        elif verb.endswith("e"):
            forms = [verb[:-1] + "ons"]
        else:
            return []
        return [("nous " if reflexive else "") + f + tail for f in forms]
    if lang == "es":
        if verb[-1:] not in ("a", "e"):
            return []
        stem = verb[:-1]
        stems = {stem}
        changes = (("ue", "o"), ("ie", "e"), ("i", "e")) if verb.endswith("e") else (("ue", "o"), ("ie", "e"))
        for a, b in changes:  # recuerda → record-, alienta → alent-, pide → ped-
            i = stem.rfind(a)
            if i >= 0:
                stems.add(stem[:i] + b + stem[i + len(a) :])
        ends = ("amos",) if verb.endswith("a") else ("emos", "imos")
        return [("nos " if reflexive else "") + s + e + tail for s in sorted(stems) for e in ends]
    return []
