"""What marks a synthetic test document (``tipkg synth``): the loaders read it, the generator writes it.

Synthetic documents carry :data:`MARKER` as their first line, use sessions from
:data:`FIRST_SESSION` and years from :data:`FIRST_YEAR` (a range no UN document uses), and their
nodes are minted in the synthetic namespace (``tipkg.ontology.namespaces.SYNTH``), never among real ones.
"""

from __future__ import annotations

import re

MARKER = "SYNTHETIC TEST DOCUMENT — not a UN text"
FIRST_SESSION = 900  # GA and HRC sessions of synthetic documents start here
FIRST_YEAR = 2100  # and their dates in this year


def is_synthetic(text: str) -> bool:
    """True when ``text`` is a synthetic test document: its first line is :data:`MARKER`."""
    first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    return first.strip().lstrip("#> *").rstrip("* ").startswith(MARKER)


_GA = re.compile(r"^A/(?:HRC/)?RES/(\d+)/\d+$")
_ECOSOC = re.compile(r"^E/RES/(\d{4})/\d+$")
_REPORT = re.compile(r"^(?:A/(?:HRC/)?(\d+)/\d+|E/(\d{4})/\d+)$")


def is_synthetic_symbol(symbol: str) -> bool:
    """True for the symbols the generator mints (sessions >= 900, ECOSOC years >= 2100)."""
    if m := _GA.match(symbol):
        return int(m.group(1)) >= FIRST_SESSION
    if m := _ECOSOC.match(symbol):
        return int(m.group(1)) >= FIRST_YEAR
    if m := _REPORT.match(symbol):
        return int(m.group(1)) >= FIRST_SESSION if m.group(1) else int(m.group(2)) >= FIRST_YEAR
    return False
