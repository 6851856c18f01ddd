"""UN document symbols and the bodies that issue them: the one table both the loaders and the registry read.

A symbol says which body issued the document ("A/HRC/RES/8/12" → HRC) and what it is (resolution,
decision, presidential statement or other document). The same table gives, the other way round,
the symbol of resolution or decision ``number`` of a body (../shared/DESIGN.md, Identifiers):
CCPCJ resolution 17/1 → ``CCPCJ/RES/17/1``, COP-UNTOC resolution 5/2 → ``CTOC/COP/RES/5/2``; any
other body key K → ``K/RES/n``. Body keys are those of the registry (docs/data-model.md).
"""

from __future__ import annotations

#: Body key → (resolution prefix, decision prefix) of the series it issues.
SERIES: dict[str, tuple[str, str]] = {
    "GA": ("A/RES/", "A/DEC/"),
    "SC": ("S/RES/", "S/DEC/"),
    "ECOSOC": ("E/RES/", "E/DEC/"),
    "HRC": ("A/HRC/RES/", "A/HRC/DEC/"),
    "CHR": ("E/CN.4/RES/", "E/CN.4/DEC/"),
    "CCPCJ": ("CCPCJ/RES/", "CCPCJ/DEC/"),
    "COP-UNTOC": ("CTOC/COP/RES/", "CTOC/COP/DEC/"),
}
#: Symbol prefix → body key: every series above, the Security Council's presidential statements, the
#: Commission on the Status of Women's documents and the other COP-UNTOC documents; longest first,
#: so "A/HRC/RES/" is tried before "A/RES/" would be, were it a prefix of it.
SYMBOL_BODIES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [
            *((prefix, body) for body, prefixes in SERIES.items() for prefix in prefixes),
            ("S/PRST/", "SC"),
            ("E/CN.6/", "CSW"),
            ("CTOC/COP/", "COP-UNTOC"),
        ],
        key=lambda pair: -len(pair[0]),
    )
)
#: Adopting bodies by the name the texts give them, known even without the registry.
ADOPTING_BODIES: dict[str, str] = {
    "GA": "General Assembly",
    "SC": "Security Council",
    "ECOSOC": "Economic and Social Council",
    "HRC": "Human Rights Council",
    "CHR": "Commission on Human Rights",
    "CCPCJ": "Commission on Crime Prevention and Criminal Justice",
}
#: The same names, lower-cased, to their keys ("economic and social council" → ECOSOC).
BODY_NAMES: dict[str, str] = {name.lower(): key for key, name in ADOPTING_BODIES.items()}


def body_of_symbol(symbol: str) -> str | None:
    """Registry key of the body whose document this symbol is, when the symbol says it."""
    return next((body for prefix, body in SYMBOL_BODIES if symbol.startswith(prefix)), None)


def symbol_for(body: str, kind: str, number: str) -> str:
    """The symbol of resolution/decision/statement ``number`` of ``body`` (see the module docstring)."""
    number = " ".join(number.split())
    res, dec = SERIES.get(body, (f"{body}/RES/", f"{body}/DEC/"))
    if body == "SC" and kind == "statement":
        return "S/PRST/" + number
    return (dec if kind == "decision" else res) + number


def doc_type_of(symbol: str) -> str:
    """statement, decision, resolution, or document (a report, a record …) as the symbol tells."""
    if "/PRST/" in symbol:
        return "statement"
    if "/DEC/" in symbol:
        return "decision"
    if "/RES/" in symbol:
        return "resolution"
    return "document"
