"""Paragraph and point numbers as printed in any language version, in one (English) form."""

from __future__ import annotations

import re
import unicodedata

# The letters that number points in Arabic (abjad order: أ ب ج د هـ و ز ح ط ي …) and in Russian
# (а б в г д е ж з и к …: й, ё and the signs are skipped), as the Latin letters of the same rank.
_ARABIC_LETTERS = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_CYRILLIC_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
_LETTER_RANK = {c: chr(ord("a") + i) for i, c in enumerate(_ARABIC_LETTERS[:26])} | {
    c: chr(ord("a") + i) for i, c in enumerate(_CYRILLIC_LETTERS[:26])
}
_NUM_PUNCT = re.compile(r"[\s\-–—ـ]+")


def canonical_num(num: str | None) -> str:
    """A printed paragraph or point number as every language version's English numbering writes it:
    "1 -" (Arabic) → "1.", "(أ)" → "(a)", "б)" → "b)", Arabic-Indic and full-width digits → ASCII."""
    if not num:
        return ""
    n = unicodedata.normalize("NFKC", num).strip()
    n = "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in n)
    n = _NUM_PUNCT.sub("", n) if re.fullmatch(r"\d{1,3}\s*[-–—]\s*", n) else n
    if re.fullmatch(r"\d{1,3}", n) and num.strip() != n:
        n += "."
    core = n.strip("()")
    if (len(core) == 1 and core in _LETTER_RANK) or core in ("هـ", "ه"):
        n = n.replace(core, _LETTER_RANK.get(core, "e"))
    return n
