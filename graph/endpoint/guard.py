"""Look inside a SPARQL string before Oxigraph runs it: SERVICE and LOAD targets, the dataset
clause, the nesting depth, update dataset clauses.

Oxigraph executes ``SERVICE <url>`` and ``LOAD <url>`` by fetching the URL, and exposes no algebra
to Python, so the endpoint tokenises the text itself, with the project's SPARQL lexer
(:mod:`tipkg.queries.sparql_text`), which follows the terminals that can hide a keyword (comments,
strings, IRIs, prefixed names, variables). The SPARQL grammar undoes ``\\uXXXX`` escapes before
tokenising while Oxigraph 0.5 only decodes them inside strings and IRIs, so every check looks at
both readings of the text and refuses if either reveals a forbidden target.

Oxigraph's parser recurses once per nested group, so a few thousand nested braces overflow a
worker's stack: :func:`check_depth` refuses deep nesting first. Most queries contain no ``\\u``
escape and not the letters of SERVICE, LOAD or FROM at all: :func:`analyse` sees that with a
substring test and lexes only the others (and remembers the last answers, since clients repeat
queries).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from tipkg.queries.sparql_text import Token, significant

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class QueryRefused(ValueError):
    """The request is well-formed enough to inspect, but the endpoint will not run it."""


class QueryMalformed(ValueError):
    """The text cannot be a SPARQL query or update (unterminated string, bad escape…)."""


class QueryTooDeep(QueryMalformed):
    """Groups, parentheses or brackets nested deeper than the endpoint parses."""


#: nesting the endpoint accepts: real queries nest a few levels; Oxigraph's parser overflows a
#: worker's stack somewhere between 2,000 and 5,000
MAX_DEPTH = 200
_OPENERS = "{(["
_CLOSERS = "})]"


def unescape_codepoints(text: str) -> str:
    """Apply SPARQL's ``\\u``/``\\U`` codepoint escapes, which happen before tokenising."""

    def repl(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryMalformed(f"invalid codepoint escape {m.group(0)}")
        return chr(code)

    return _ESCAPE.sub(repl, text)


def tokenize(text: str) -> list[Token]:
    """Significant tokens (no white space, no comments) of an already unescaped SPARQL string."""
    tokens = significant(text)
    for tok in tokens:
        if tok.kind == "open_string":
            raise QueryMalformed(f"unterminated string at character {tok.start}")
    return tokens


@dataclass
class _Prologue:
    """PREFIX and BASE declarations seen so far (they may recur between update operations)."""

    base: str | None = None
    prefixes: dict[str, str] | None = None

    def resolve(self, token: Token) -> str | None:
        if token.kind == "iri":
            iri = unescape_codepoints(token.text[1:-1])
            if urlsplit(iri).scheme:
                return iri
            return urljoin(self.base, iri) if self.base else None
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            ns = (self.prefixes or {}).get(prefix)
            if ns is None:
                return None
            return ns + re.sub(r"\\(.)", r"\1", local)
        return None


def _declarations(tokens: Sequence[Token]) -> Iterable[tuple[int, _Prologue]]:
    """Walk the tokens, yielding (index, prologue in force at that index)."""
    prologue = _Prologue(prefixes={})
    i = 0
    while i < len(tokens):
        kw = tokens[i].keyword
        if kw == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1].kind == "pname":
            iri = prologue.resolve(tokens[i + 2]) if tokens[i + 2].kind == "iri" else None
            if iri is not None and prologue.prefixes is not None:
                prologue.prefixes[tokens[i + 1].text.rstrip(":")] = iri
        elif kw == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            prologue.base = prologue.resolve(tokens[i + 1]) or prologue.base
        yield i, prologue
        i += 1


def _views(text: str) -> list[list[Token]]:
    """Token lists of the text as Oxigraph reads it and as the SPARQL grammar reads it."""
    views: list[list[Token]] = []
    errors: list[QueryMalformed] = []
    for reading in (lambda t: t, unescape_codepoints):
        try:
            views.append(tokenize(reading(text)))
        except QueryMalformed as exc:
            errors.append(exc)
    if not views:
        raise errors[0]
    return views


def _may_contain(text: str, word: str) -> bool:
    """False only when no reading of ``text`` can hold the keyword ``word`` (no escapes, no letters)."""
    return "\\u" in text or "\\U" in text or word in text.lower()


def _targets(text: str, keyword: str) -> list[str | None]:
    """The IRI after every ``keyword [SILENT]``; ``None`` for a variable or an unresolvable name."""
    if not _may_contain(text, keyword.lower()):
        return []
    targets: list[str | None] = []
    for tokens in _views(text):
        for i, prologue in _declarations(tokens):
            if tokens[i].keyword != keyword:
                continue
            j = i + 1
            if j < len(tokens) and tokens[j].keyword == "SILENT":
                j += 1
            targets.append(prologue.resolve(tokens[j]) if j < len(tokens) else None)
    return targets


def service_targets(text: str) -> list[str | None]:
    """The endpoint IRI of every SERVICE clause; ``None`` for one that is a variable or unresolvable."""
    return _targets(text, "SERVICE")


def load_targets(text: str) -> list[str | None]:
    """The document IRI of every LOAD operation of an update."""
    return _targets(text, "LOAD")


def declares_dataset(text: str) -> bool:
    """Whether a query has a dataset clause (FROM or FROM NAMED): the word appears nowhere else."""
    if not _may_contain(text, "from"):
        return False
    return any(tok.keyword == "FROM" for tokens in _views(text) for tok in tokens)


def nesting_depth(text: str) -> int:
    """The deepest nesting of braces, parentheses and brackets outside strings, IRIs and comments.

    A text with no more openers than :data:`MAX_DEPTH` is not lexed: their count bounds the depth.
    """
    if sum(text.count(c) for c in _OPENERS) <= MAX_DEPTH:
        return min(MAX_DEPTH, sum(text.count(c) for c in _OPENERS))
    deepest = 0
    for tokens in _views(text):
        depth = 0
        for tok in tokens:
            if tok.kind != "other":
                continue
            if tok.text in _OPENERS:
                depth += 1
                deepest = max(deepest, depth)
            elif tok.text in _CLOSERS:
                depth -= 1
    return deepest


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    depth = nesting_depth(text)
    if depth > limit:
        raise QueryTooDeep(
            f"the query nests groups, parentheses or brackets {depth} deep; this endpoint reads at most "
            f"{limit} levels (flatten it: a deeper query is almost always generated by mistake)"
        )


def host_allowed(iri: str, allowed: Iterable[str]) -> bool:
    """Whether an http(s) IRI's host (or host:port) is one of ``allowed``."""
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    names = {host}
    if parts.port is not None:
        names.add(f"{host}:{parts.port}")
    return any(a.lower().strip("[]") in names or a.lower() in names for a in allowed)


def _check_targets(targets: list[str | None], allowed: Sequence[str], what: str, why: str) -> None:
    for target in targets:
        if target is None:
            raise QueryRefused(f"{what} with a variable or unresolvable IRI is not allowed here")
        if not host_allowed(target, allowed):
            raise QueryRefused(
                f"{what} <{target}> refused: {why} are limited to the hosts this endpoint allows "
                f"(--allow-service: {', '.join(allowed) or 'none'})"
            )


def check_services(text: str, allowed: Iterable[str]) -> None:
    """Raise :class:`QueryRefused` unless every SERVICE clause targets an allowed host."""
    _check_targets(service_targets(text), list(allowed), "SERVICE", "federated queries")


def check_loads(text: str, allowed: Iterable[str]) -> None:
    """Raise :class:`QueryRefused` unless every LOAD of an update reads from an allowed host."""
    _check_targets(load_targets(text), list(allowed), "LOAD", "documents an update may load")


@dataclass(frozen=True)
class Checked:
    """What the endpoint needs to know of a query before it runs: whether it names its dataset."""

    has_dataset: bool


@lru_cache(maxsize=256)
def analyse(text: str, allowed: tuple[str, ...], update: bool = False) -> Checked:
    """Every check of a query or update at once (QueryRefused / QueryMalformed), and its facts."""
    check_depth(text)
    check_services(text, allowed)
    if update:
        check_loads(text, allowed)
        return Checked(has_dataset=False)
    return Checked(has_dataset=declares_dataset(text))


def _top_level(tokens: Sequence[Token]) -> Iterable[tuple[int, Token]]:
    """Tokens outside any braces (where update operations and their clauses live)."""
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
        elif depth == 0:
            yield i, tok


def update_declares_dataset(text: str) -> bool:
    """Whether an update has its own USING, USING NAMED or WITH clause (outside braces)."""
    return any(tok.keyword in ("USING", "WITH") for tokens in _views(text) for _, tok in _top_level(tokens))


def add_using_clauses(text: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """Apply the protocol's using-graph-uri / using-named-graph-uri to every DELETE/INSERT … WHERE.

    SPARQL 1.1 Protocol §2.2.3: the parameters act as USING / USING NAMED clauses of each operation
    that has a WHERE clause; the shorthand ``DELETE WHERE`` admits none. Inserted before the
    top-level WHERE keyword of each such operation, in the text as Oxigraph reads it.
    """
    if not using and not using_named:
        return text
    if update_declares_dataset(text):
        raise QueryMalformed(
            "using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH in the update"
        )
    clause = "".join(f" USING <{g}>" for g in using) + "".join(f" USING NAMED <{g}>" for g in using_named)
    tokens = tokenize(text)
    inserts = [
        tok.start
        for i, tok in _top_level(tokens)
        if tok.keyword == "WHERE" and not (i > 0 and tokens[i - 1].keyword == "DELETE")
    ]
    for pos in reversed(inserts):
        text = f"{text[:pos]}{clause} {text[pos:]}"
    return text


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword after the prologue."""
    for tok in tokenize(text):
        if tok.keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return tok.keyword
    return None
