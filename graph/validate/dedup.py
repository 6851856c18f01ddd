"""Rewrite a SPARQL query so Oxigraph's union of named graphs does not multiply its rows.

Oxigraph's union default graph (and a default graph of several graphs) yields a triple once per
graph holding it: a stub document typed and dated in k citing graphs makes the pattern
``?d a tip:Document ; eli:date_document ?x ; ?p ?o`` produce k² copies of each row. On a synthetic
corpus of 300 documents that made one shape's query run 32 s instead of 0.08 s. SHACL's data graph
is a set, so each run of triple patterns is rewritten as a chain of ``SELECT DISTINCT`` sub-queries,
one more pattern per level: the same solutions, duplicates dropped after every join. It is applied
to SPARQL targets, which run over the whole data; SPARQL constraints, run with ``$this`` bound to
the (few) focus nodes, are left as written.

Only what the tokenizer fully understands is rewritten (variables, IRIs, prefixed names, ``a``,
literals, property paths); a block with blank nodes or collections is left as written (correct,
only slower).
"""

from __future__ import annotations

import re

from tipkg.graph.validate.sparql_terms import UnsupportedShapeError
from tipkg.queries.sparql_text import Token, lex, mask, where_brace

_KEYWORDS = {"FILTER", "BIND", "OPTIONAL", "MINUS", "GRAPH", "SERVICE", "VALUES", "UNION", "SELECT"}
_PUNCT = frozenset(".;,/|^*+?()!")  # what may stand between the terms of a run of triples


# FILTER (?x IN (iri, prefixed:name, …)): IRIs only (literals compare by value, VALUES by term)
_IRI = r"(?:<[^<>\s]*>|[A-Za-z_][\w.-]*:[\w-]*|:[\w-]+)"
_IN_FILTER = re.compile(
    rf"FILTER\s*\(\s*[?$]([A-Za-z_]\w*)\s+IN\s*\(\s*({_IRI}(?:\s*,\s*{_IRI})*)\s*\)\s*\)", re.IGNORECASE
)


class _Unsure(Exception):
    """A construct the rewriter does not handle: leave that part of the query as written."""


def dedup_query(text: str) -> str:
    """``text`` with every run of triple patterns in its WHERE clause deduplicated after each join."""
    code = mask(text, opaque="\x01")
    start = where_brace(text)
    if start is None:
        return text
    try:
        end = _matching(code, start)
        body = _group(text, code, start + 1, end)
    except (UnsupportedShapeError, ValueError, IndexError):
        return text  # not understood: run as written
    return text[: start + 1] + body + text[end:]


def _matching(code: str, start: int) -> int:
    """Index of the brace closing the one at ``start``."""
    depth = 0
    for i in range(start, len(code)):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise UnsupportedShapeError("unbalanced braces in a SPARQL query")


def _group(text: str, code: str, lo: int, hi: int) -> str:
    """The group body text[lo:hi] with its triple runs chained and its sub-groups rewritten."""
    out: list[str | tuple[int, int]] = []  # text, or the span of a run of triples (chained at the end)
    run: list[tuple[int, int]] = []  # spans of consecutive triples blocks
    restrict: dict[str, str] = {}  # variable -> IRIs, from FILTER (?x IN (iri, …)) of this group
    i = lo

    def flush() -> None:
        if run:
            out.append((run[0][0], run[-1][1]))
            run.clear()

    while i < hi:
        m = re.compile(r"\s+").match(code, i)
        if m:
            if not run:  # inside a run the chain replaces the whitespace too
                out.append(text[i : m.end()])
            i = m.end()
            continue
        word = re.compile(r"[A-Za-z]+").match(code, i)
        kw = word.group(0).upper() if word and code[word.end() : word.end() + 1] != ":" else ""
        if code[i] == "{":
            flush()
            end = _matching(code, i)
            inner = code[i + 1 : end].lstrip()
            if re.match(r"SELECT\b", inner, re.IGNORECASE):
                out.append(text[i : end + 1])  # a sub-select keeps its own semantics
            else:
                out.append("{" + _group(text, code, i + 1, end) + "}")
            i = end + 1
        elif kw in {"OPTIONAL", "MINUS"} or kw == "GRAPH":
            flush()
            brace = code.index("{", i)
            end = _matching(code, brace)
            out.append(text[i : brace + 1] + _group(text, code, brace + 1, end) + "}")
            i = end + 1
        elif kw == "UNION":
            flush()
            out.append(text[i : word.end()])  # type: ignore[union-attr]
            i = word.end()  # type: ignore[union-attr]
        elif kw in {"FILTER", "BIND", "VALUES", "SERVICE"}:
            flush()
            end = _element_end(code, word.end(), kw)  # type: ignore[union-attr]
            out.append(text[i:end])
            if kw == "FILTER" and (m := _IN_FILTER.fullmatch(text[i:end])):
                restrict[m.group(1)] = " ".join(re.split(r"\s*,\s*", m.group(2)))
            i = end
        elif code[i] == ".":
            if not run:
                out.append(".")
            i += 1
        else:
            end = _triples_end(code, i, hi)
            run.append((i, end))
            i = end
    flush()
    return "".join(part if isinstance(part, str) else _chain(text, code, *part, restrict) for part in out)


def _element_end(code: str, i: int, kw: str) -> int:
    """End of a FILTER/BIND/VALUES/SERVICE element starting after its keyword."""
    while code[i].isspace():
        i += 1
    if kw in {"VALUES", "SERVICE"}:
        brace = code.index("{", i)
        return _matching(code, brace) + 1
    m = re.compile(r"(NOT\s+)?EXISTS\s*", re.IGNORECASE).match(code, i)
    if m:
        return _matching(code, m.end()) + 1
    m = re.compile(r"[A-Za-z_][\w:]*\s*").match(code, i)  # a function call: name(...)
    if m and code[m.end() : m.end() + 1] == "(":
        i = m.end()
    if code[i] != "(":
        raise UnsupportedShapeError(f"cannot read the {kw} at {code[i : i + 20]!r}")
    depth = 0
    for j in range(i, len(code)):
        if code[j] == "(":
            depth += 1
        elif code[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    raise UnsupportedShapeError(f"unbalanced parentheses in a {kw}")


def _triples_end(code: str, i: int, hi: int) -> int:
    """End of a triples block: its closing '.' or the next keyword, brace or group end."""
    depth = 0
    j = i
    while j < hi:
        ch = code[j]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and ch in "{}":
            return j
        elif depth == 0 and ch == "." and _is_terminator(code, j):
            return j + 1
        elif (
            depth == 0 and ch.isalpha() and (j == 0 or not (code[j - 1].isalnum() or code[j - 1] in "_:?$-"))
        ):
            word = re.compile(r"[A-Za-z]+").match(code, j)
            assert word is not None
            if word.group(0).upper() in _KEYWORDS and code[word.end() : word.end() + 1] != ":":
                return j
            j = word.end()
            continue
        j += 1
    return hi


def _is_terminator(code: str, j: int) -> bool:
    """A '.' ending a triple, not inside a number (1.5) or a prefixed name (ex:a.b)."""
    nxt = code[j + 1 : j + 2]
    prev = code[j - 1 : j]
    return not (nxt.isalnum() and (prev.isalnum() or prev in "_-:"))


def _chain(text: str, code: str, a: int, b: int, restrict: dict[str, str]) -> str:
    """Triples in text[a:b] as nested SELECT DISTINCT sub-queries, one pattern more per level.

    A variable the group filters with ``FILTER (?x IN (iri, …))`` gets ``VALUES ?x { iri … }`` where
    a triple first binds it: the same solutions (the triple always binds it, the FILTER stays), but
    an index lookup instead of a scan of every triple."""
    try:
        triples = _triples(text, a, b)
    except _Unsure:
        return " " + text[a:b] + " "
    seen: list[str] = []
    acc = ""
    if len(triples) < 2:
        names = {v for t in triples for term in t for v in _variables(term)}
        values = " ".join(f"VALUES ?{v} {{ {restrict[v]} }}" for v in sorted(names) if v in restrict)
        return f" {values} {text[a:b]} "
    for s, p, o in triples:
        new = [v for term in (s, p, o) for v in _variables(term) if v not in seen]
        seen.extend(dict.fromkeys(new))
        values = " ".join(f"VALUES ?{v} {{ {restrict[v]} }}" for v in dict.fromkeys(new) if v in restrict)
        pattern = f"{values} {s} {p} {o} ."
        inner = pattern if not acc else f"{acc} {pattern}"
        acc = "{ SELECT DISTINCT " + " ".join(f"?{v}" for v in seen) + " WHERE { " + inner + " } }"
    return f" {acc} "


def _variables(term: str) -> list[str]:
    return [term[1:]] if term[:1] in {"?", "$"} else []


def _triples(text: str, a: int, b: int) -> list[tuple[str, str, str]]:
    """Expand ``s p o ; p o , o .`` into triples of source text (terms, paths as written)."""
    tokens = _tokens(text, a, b)
    out: list[tuple[str, str, str]] = []
    k = 0

    def term() -> str:
        nonlocal k
        if k >= len(tokens):
            raise _Unsure
        kind, value = tokens[k]
        if kind not in {"var", "opaque", "name", "number", "word"} or (
            kind == "word" and value not in {"true", "false"}
        ):
            raise _Unsure
        k += 1
        return value

    def path() -> str:
        """The verb: a variable, or a property path (IRIs, ``a``, ``/ | ^ ! * + ?``, parentheses)."""
        nonlocal k
        start = k
        if k < len(tokens) and tokens[k][0] == "var":
            k += 1
            return tokens[start][1]
        depth = 0
        while k < len(tokens):
            kind, value = tokens[k]
            prev = tokens[k - 1][1] if k > start else None
            if kind == "punct" and value in {"/", "|", "^", "!", "*", "+", "?"}:
                k += 1
            elif kind == "punct" and value == "(":
                depth += 1
                k += 1
            elif kind == "punct" and value == ")" and depth > 0:
                depth -= 1
                k += 1
            elif _iri_like(kind, value) and (prev is None or prev in {"/", "|", "^", "!", "("}):
                k += 1
            else:
                break
        if k == start or depth != 0:
            raise _Unsure
        return "".join(v for _, v in tokens[start:k])

    while k < len(tokens):
        s = term()
        while True:
            p = path()
            while True:
                o = term()
                out.append((s, p, o))
                if k < len(tokens) and tokens[k] == ("punct", ","):
                    k += 1
                    continue
                break
            if k < len(tokens) and tokens[k] == ("punct", ";"):
                k += 1
                while k < len(tokens) and tokens[k] == ("punct", ";"):
                    k += 1
                if k < len(tokens) and tokens[k] != ("punct", "."):
                    continue
            break
        if k < len(tokens) and tokens[k] == ("punct", "."):
            k += 1
        elif k < len(tokens):
            raise _Unsure
    return out


def _iri_like(kind: str, value: str) -> bool:
    return kind == "name" or (kind == "opaque" and value.startswith("<")) or (kind == "word" and value == "a")


def _tokens(text: str, a: int, b: int) -> list[tuple[str, str]]:
    """The terms and punctuation of the run of triples ``text[a:b]``, read by the project's lexer: a
    literal keeps the language tag or datatype written right after it; a blank node, a collection,
    a nested group or anything unknown raises :class:`_Unsure` (the run is then left as written)."""
    toks = [t for t in lex(text[a:b]) if t.kind not in ("ws", "comment")]
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(toks):
        tok = toks[k]
        k += 1
        if tok.kind in ("iri", "string"):
            value, k = _with_annotation(toks, k, tok.text)
            out.append(("opaque", value))
        elif tok.kind in ("var", "number", "word"):
            out.append((tok.kind, tok.text))
        elif tok.kind == "pname":
            out.append(("name", tok.text))
        elif tok.kind == "other" and tok.text in _PUNCT:
            out.append(("punct", tok.text))
        else:
            raise _Unsure
    return out


def _with_annotation(toks: list[Token], k: int, value: str) -> tuple[str, int]:
    """``value`` (a literal or IRI ending right before ``toks[k]``) with a ``@lang`` or ``^^type``
    written against it, and the index after what was taken."""
    end = toks[k - 1].end

    def adjacent(i: int) -> bool:
        return i < len(toks) and toks[i].start == (toks[i - 1].end if i > k else end)

    if adjacent(k) and toks[k].kind == "lang":
        return value + toks[k].text, k + 1
    if (
        adjacent(k)
        and adjacent(k + 1)
        and adjacent(k + 2)
        and toks[k].text == toks[k + 1].text == "^"
        and toks[k + 2].kind in ("iri", "pname")
    ):
        return value + "^^" + toks[k + 2].text, k + 3
    return value, k
