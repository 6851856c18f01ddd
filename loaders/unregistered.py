"""A name a text gives a body or an event that the registry does not know (the document model's part).

:mod:`tipkg.loaders.parse.unregistered` finds them in paragraphs; :mod:`tipkg.loaders.emit_unregistered`
writes one node per ``key`` (the normalised name), the same node for every document that names it.
Offsets index ``Document.text``, like every span of the model. :func:`normalise` says when two
spellings are one name; :func:`slug` makes the IRI segment of a key.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

UnregisteredKind = Literal["body", "event"]


@dataclass(frozen=True)
class UnregisteredName:
    """One occurrence: ``text[start:end] == surface``; ``key`` is the same for every spelling of
    the name (case, articles, white space and trailing punctuation aside)."""

    kind: UnregisteredKind
    key: str
    start: int
    end: int
    surface: str


_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")
_LEADING = re.compile(r"^(?:(?:the|a|an|its|their|his|her)\s+)+", re.IGNORECASE)
_TRAILING = re.compile(r"[\s.,;:!?\"'*†‡§¹²³⁰⁴⁵⁶⁷⁸⁹]+$")
_GLUED_MARKER = re.compile(r"(?<=[^\W\d_])\d{1,2}$")


def normalise(name: str) -> str:
    """The key of a name: one per distinct name whatever its case, leading articles, white space,
    dash and quote styles, trailing punctuation or a footnote number glued to its last word
    ("the  Special Rapporteur on\\nthe right to food3," → "special rapporteur on the right to food")."""
    return clean(name).casefold()


def clean(name: str) -> str:
    """The name as written, without what :func:`normalise` sets aside except its case: the label of
    its node ("the  Special Rapporteur on\\nthe right to food3," → "Special Rapporteur on the right
    to food")."""
    text = unicodedata.normalize("NFC", name).translate(_QUOTES)
    text = _SPACE.sub(" ", text)
    prev = None
    while prev != text:
        prev = text
        text = _DASHES.sub("-", text)
        text = _TRAILING.sub("", text.strip())
        text = _GLUED_MARKER.sub("", text)
        text = _LEADING.sub("", text)
        text = _balance(text).strip()
    return text


def _balance(text: str) -> str:
    """Drop a closing bracket that closes nothing, at the end ("Forum)" → "Forum")."""
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text


_SLUG_KEEP = re.compile(r"[^a-z0-9]+")


def slug(key: str) -> str:
    """The IRI segment of a key: ASCII letters and digits joined by hyphens; a long key is cut and
    ends with a digest of the whole, so two keys never share a slug by being cut."""
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii").lower()
    out = _SLUG_KEEP.sub("-", ascii_key).strip("-") or "name"
    if len(out) > 120:
        out = out[:110].rstrip("-") + "-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return out
