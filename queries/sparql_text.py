"""The one SPARQL lexer, and what reading query text needs of it: masking, comments, the WHERE group.

Every place that looks inside SPARQL text goes through :func:`lex`: the endpoint's guard (SERVICE
targets, update clauses), the SHACL-to-SPARQL compiler (pre-binding ``$this``, ``$PATH``, the
rewriting of triple runs) and the binding of named-query parameters. The tokens follow the SPARQL 1.1
terminals that can hide a keyword or a brace (comments, strings, IRIs, prefixed names, variables,
blank nodes, language tags), so a ``{``, ``#`` or ``SERVICE`` inside a string or an IRI is never
taken for syntax. Escapes (``\\uXXXX``) are the caller's business: the guard reads both readings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"

_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<open_string>['"])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
#: kinds of :class:`Token` that are no syntax: what :func:`mask` blanks out
OPAQUE = frozenset({"comment", "iri", "string"})


@dataclass(frozen=True)
class Token:
    """One terminal: ``kind`` is ws, comment, iri, string, var, bnode, pname, lang, word, number,
    open_string (a quote that starts no complete string) or other (one character of punctuation)."""

    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def keyword(self) -> str:
        """Upper-cased bare word (SPARQL keywords are case-insensitive), else ''."""
        return self.text.upper() if self.kind == "word" else ""


def lex(text: str) -> Iterator[Token]:
    """Every token of ``text``, white space and comments included, in order; never raises."""
    for m in _TOKEN.finditer(text):
        yield Token(m.lastgroup or "other", m.group(0), m.start())


def significant(text: str) -> list[Token]:
    """The tokens that carry syntax: no white space, no comments."""
    return [t for t in lex(text) if t.kind not in ("ws", "comment")]


def mask(text: str, opaque: str = " ") -> str:
    """``text`` with comments replaced by spaces and strings and IRIs by ``opaque``, positions kept:
    what is left can be searched for keywords, braces and ``$PATH`` with plain regular expressions."""
    return "".join(
        t.text if t.kind not in OPAQUE else (" " if t.kind == "comment" else opaque) * len(t.text)
        for t in lex(text)
    )


def strip_comments(text: str) -> str:
    """``text`` without its comments (a ``#`` inside a string or an IRI is no comment)."""
    return "".join(t.text for t in lex(text) if t.kind != "comment")


def where_brace(text: str) -> int | None:
    """Index of the ``{`` opening the query's WHERE group: the first one after the WHERE keyword
    (outside braces), or, in a query without the keyword (``SELECT * { … }``, ``ASK { … }``), the
    first outside braces and parentheses. None when there is none."""
    depth = parens = 0
    seen_where = False
    first: int | None = None
    for tok in significant(text):
        if tok.text == "{":
            if depth == 0 and seen_where:
                return tok.start
            if depth == 0 and parens == 0 and first is None:
                first = tok.start
            depth += 1
        elif tok.text == "}":
            depth -= 1
        elif tok.text == "(":
            parens += 1
        elif tok.text == ")":
            parens -= 1
        elif depth == 0 and tok.keyword == "WHERE":
            seen_where = True
    return None if seen_where else first


def insert_in_where(text: str, group: str) -> str | None:
    """``group`` inserted as the first element of the query's WHERE group; None when it has none."""
    i = where_brace(text)
    if i is None:
        return None
    return f"{text[: i + 1]} {group} {text[i + 1 :]}"
