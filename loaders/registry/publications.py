"""The titles of publications in the other official languages (``data/publication-titles.tsv``).

A resolution names a publication by its title, with no symbol; English titles are read by rule
(:func:`tipkg.loaders.parse.described.find_titled`), but a translated title ("Rapport mondial sur la
traite des personnes") says nothing by its form about where it starts and ends, nor which English
title it renders. The parallel official versions say both; each line of the file is one such
reading, with the version and eId it was read from.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import NamedTuple


class TranslatedTitle(NamedTuple):
    english: str  # the title English versions print, which the publication's key is made of
    language: str
    title: str
    source: str  # the version and the eId that print it


@cache
def translated_titles() -> tuple[TranslatedTitle, ...]:
    """Every line of the shipped file; a malformed line is a packaging error, so it raises."""
    text = files("tipkg.loaders.registry").joinpath("data", "publication-titles.tsv").read_text("utf-8")
    out: list[TranslatedTitle] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4 or not all(c.strip() for c in cells):
            raise ValueError(f"publication-titles.tsv line {n}: expected 4 tab-separated cells")
        out.append(TranslatedTitle(*(c.strip() for c in cells)))
    return tuple(out)
