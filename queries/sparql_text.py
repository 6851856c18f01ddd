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
from typing import NamedTuple

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"

_COMMENT = r"\#[^\n\r]*"
_IRI = r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"
_STRING = (
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\""
)
_PNAME = f"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"
_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>{_COMMENT})
  | (?P<iri>{_IRI})
  | (?P<string>{_STRING})
  | (?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<pname>{_PNAME})
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<open_string>['"])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
# The same terminals, for what only the opaque tokens matter to (mask, strip_comments): the regex
# engine skips the rest itself. Outside strings and IRIs, a "#" or a quote is only ever escaped inside
# a prefixed name (ex:a\#b, ex:it\'s): kept as written, as the lexer keeps the name.
_OPAQUE = re.compile(
    rf"(?=[#<'\"\\])(?:{_COMMENT}|{_IRI}|{_STRING}|(?<=[{_PN_CHARS}:%.])\\[#'])", re.DOTALL
)  # one flat alternation: the regex engine's fast path


def _opaque_kind(token: str) -> str:
    """comment, escaped (a prefixed name's ``\\#``), or iri/string (both blanked alike)."""
    return "comment" if token[0] == "#" else "escaped" if token[0] == "\\" else "opaque"


# Braces, parentheses and the WHERE keyword in masked text (not a variable's, a prefixed name's or a
# word's part: ?where, ex:where, somewhere, where:x)
_STRUCTURE = re.compile(r"[{}()]|(?<![\w?$:])WHERE(?![\w:])", re.IGNORECASE)


class Token(NamedTuple):
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

    def blank(m: re.Match[str]) -> str:
        kind = _opaque_kind(m.group(0))
        return m.group(0) if kind == "escaped" else (" " if kind == "comment" else opaque) * len(m.group(0))

    return _OPAQUE.sub(blank, text)


def strip_comments(text: str) -> str:
    """``text`` without its comments (a ``#`` inside a string or an IRI is no comment)."""
    return _OPAQUE.sub(lambda m: "" if m.group(0)[0] == "#" else m.group(0), text)


def where_brace(text: str) -> int | None:
    """Index of the ``{`` opening the query's WHERE group: the first one after the WHERE keyword
    (outside braces), or, in a query without the keyword (``SELECT * { … }``, ``ASK { … }``), the
    first outside braces and parentheses. None when there is none."""
    depth = parens = 0
    seen_where = False
    first: int | None = None
    for m in _STRUCTURE.finditer(mask(text)):
        ch = m.group(0)
        if ch == "{":
            if depth == 0 and seen_where:
                return m.start()
            if depth == 0 and parens == 0 and first is None:
                first = m.start()
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "(":
            parens += 1
        elif ch == ")":
            parens -= 1
        elif depth == 0:
            seen_where = True
    return None if seen_where else first


def insert_in_where(text: str, group: str) -> str | None:
    """``group`` inserted as the first element of the query's WHERE group; None when it has none."""
    i = where_brace(text)
    if i is None:
        return None
    return f"{text[: i + 1]} {group} {text[i + 1 :]}"


_POSITION = re.compile(r"\b(\d+):(\d+)(?:-(\d+):(\d+))?")
_LINE = re.compile(r"\bline:(\d+)")


def shift_lines(message: str, lines: int, text: str | None = None) -> str:
    """A parser's error message with its line numbers less ``lines``: the query a user wrote starts
    after the PREFIX lines tipkg puts before it (a one-line query's error was "at 17:1"). With the
    user's ``text``, a position past its last line (the end of the input) is its last character's."""
    rows = (text or "").rstrip("\n").split("\n")

    def at(line: int, col: str) -> str:
        line = max(1, line - lines)
        if text is not None and line > len(rows):
            return f"{len(rows)}:{len(rows[-1]) + 1}"
        return f"{line}:{col}"

    def position(m: re.Match[str]) -> str:
        start = at(int(m.group(1)), m.group(2))
        return start if m.group(3) is None else f"{start}-{at(int(m.group(3)), m.group(4))}"

    shifted = _POSITION.sub(position, message, count=1)
    return _LINE.sub(lambda m: f"line:{max(1, int(m.group(1)) - lines)}", shifted, count=1)
