"""Named, parameterised SPARQL queries (queries/*.rq) and the runner behind ``tipkg query``.

Header of every .rq file (``#`` comment lines before the query)::

    # name: ancestors
    # purpose: what the query answers
    # params:
    #   doc (symbol) the resolution to start from
    #   relations (relations, recalls|reaffirms) relations to follow
    # example: tipkg query ancestors --param doc=A/RES/74/176

Parameters never become query text by string splicing. A term parameter (types ``iri``, ``symbol``,
``body``, ``relation``, ``int``, ``literal``) is validated, turned into one RDF term and bound with an
inline ``VALUES ?name { term }`` placed first in the outer WHERE group; in the file the parameter is
the variable ``$name``, so the file itself stays a valid query any SPARQL client can run (the
parameter is then simply unbound: "any"). A ``relations`` parameter selects the properties of a
property path: the file holds the path of its default, e.g. ``(tip:recalls|tip:reaffirms)``, and the
runner swaps in the path of the validated names (each must be a relation of docs/data-model.md).
An omitted parameter with a default gets its default; one without a default stays unbound.

Output formats: ``table`` (rich), ``csv`` (header + rows, ISO dates) and ``json``. JSON is a list of
objects, one per row, column -> plain JSON value (IRIs and dates as strings, numbers as numbers,
unbound as null): what scripts want; the SPARQL JSON results format is the endpoint's business.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from tipkg.graph.query.source import SparqlSource, python_value
from tipkg.ontology.ids import compact, doc_iri, entity_iri, namespaces, normalise_symbol
from tipkg.ontology.namespaces import GEPHI, bind_prefixes, sparql_prolog
from tipkg.ontology.relations import RELATIONS, parse_relations, path_expression, relation_iri

PARAM_TYPES = ("iri", "symbol", "body", "relation", "relations", "int", "literal")
ENTITY_KINDS = ("body", "actor", "instrument", "event")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[a-z]+)(?:\s*,\s*(?P<default>[^)]*))?\)\s*(?P<desc>.*)$"
)
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
#: the prefixes a result table writes short (other IRIs stay whole)
_TABLE_NAMESPACES = namespaces(("id", "tip", "eli", "cito", "phrase"))


class QueryError(ValueError):
    """A query that cannot be loaded or a parameter value that is not acceptable."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    purpose: str
    params: tuple[Param, ...]
    text: str
    example: str = ""
    path: str | None = None
    builtin: bool = False  # shipped in tipkg.queries (may have a walk in POSTPROCESS)

    @property
    def form(self) -> str:
        """SELECT, CONSTRUCT, ASK or DESCRIBE: the first query-form keyword outside comments."""
        m = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", _strip_comments(self.text), re.IGNORECASE)
        return m.group(1).upper() if m else "SELECT"

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def render(self, values: Mapping[str, str] | None = None) -> str:
        """The SPARQL text with parameters bound (see the module docstring) and project prefixes."""
        values = dict(values or {})
        for key in values:
            self.param(key)
        text = self.text
        bindings: list[str] = []
        for p in self.params:
            raw = values.get(p.name, p.default)
            if p.type == "relations":
                assert p.default is not None  # checked when loaded
                default_path = path_expression(parse_relations(p.default))
                try:
                    chosen = path_expression(parse_relations(raw if raw else p.default))
                except ValueError as exc:
                    raise QueryError(f"parameter {p.name}: {exc}") from None
                text = text.replace(default_path, chosen)
            elif raw is not None and raw != "":
                bindings.append(f"VALUES ?{p.name} {{ {term_for(p.type, raw).n3()} }}")
        if bindings:
            text = _insert_in_where(text, " ".join(bindings))
        return sparql_prolog() + text


@dataclass
class Result:
    """A SELECT result as Python values (or a CONSTRUCT result as a graph)."""

    columns: list[str]
    rows: list[tuple[object, ...]] = field(default_factory=list)
    graph: Graph | None = None

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


# ---------------------------------------------------------------- parameters


def term_for(kind: str, raw: str) -> URIRef | Literal:
    """Validate one parameter value and turn it into the RDF term it stands for."""
    raw = raw.strip()
    if kind == "iri":
        return checked_iri(raw)
    if kind == "symbol":
        if raw.startswith(("http://", "https://")):
            return checked_iri(raw)
        if not raw or "/" not in raw:
            raise QueryError(f"{raw!r} is not a document symbol (like A/RES/61/180)")
        return doc_iri(normalise_symbol(raw))
    if kind == "body":
        if raw.startswith(("http://", "https://")):
            return checked_iri(raw)
        kind_key = raw.split("/", 1) if "/" in raw else ["body", raw]
        if kind_key[0] not in ENTITY_KINDS or not kind_key[1]:
            raise QueryError(f"{raw!r}: give a body key (GA) or KIND/KEY with KIND in {ENTITY_KINDS}")
        return entity_iri(kind_key[0], kind_key[1])
    if kind == "relation":
        try:
            return relation_iri(raw)
        except ValueError as exc:
            raise QueryError(str(exc)) from None
    if kind == "int":
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise QueryError(f"{raw!r} is not an integer")
        return Literal(int(raw), datatype=XSD.integer)
    if kind == "literal":
        return Literal(raw)  # n3() escapes quotes, backslashes and line breaks
    raise QueryError(f"unknown parameter type {kind!r}")


def checked_iri(raw: str) -> URIRef:
    if not _IRI.match(raw):
        raise QueryError(f"{raw!r} is not an absolute IRI")
    return URIRef(raw)


def parse_param_args(pairs: Sequence[str]) -> dict[str, str]:
    """``["doc=A/RES/61/180", "relations=recalls"]`` -> dict (the ``--param k=v`` options)."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r}: expected NAME=VALUE")
        out[key.strip()] = value
    return out


# ---------------------------------------------------------------- loading


def parse_query(text: str, *, path: str | None = None, fallback_name: str = "query") -> NamedQuery:
    """Read the header comment block of a .rq file (files without one are accepted, unnamed)."""
    header: dict[str, str] = {}
    params: list[Param] = []
    in_params = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        body = stripped[1:].strip()
        key, sep, value = body.partition(":")
        if sep and re.fullmatch(r"[a-z]+", key.strip()) and not line.startswith("#  "):
            key = key.strip()
            in_params = key == "params"
            if in_params:
                if value.strip() and value.strip().lower() != "none":
                    params.append(_param(value.strip(), path))
            else:
                header[key] = (header.get(key, "") + " " + value.strip()).strip()
        elif in_params and body:
            params.append(_param(body, path))
    for p in params:
        if p.type not in PARAM_TYPES:
            raise QueryError(f"{path or fallback_name}: parameter {p.name}: unknown type {p.type!r}")
        if p.type == "relations":
            if p.default is None:
                raise QueryError(f"{path}: relations parameter {p.name} needs a default path")
            if path_expression(parse_relations(p.default)) not in text:
                raise QueryError(
                    f"{path}: relations parameter {p.name}: the query must contain the path "
                    f"{path_expression(parse_relations(p.default))}"
                )
        elif not re.search(rf"[?$]{p.name}\b", _strip_comments(text)):
            raise QueryError(f"{path}: parameter {p.name} is not used as $${p.name} in the query")
        elif p.default is not None:
            term_for(p.type, p.default)
    name = header.get("name", fallback_name)
    return NamedQuery(
        name=name,
        purpose=header.get("purpose", ""),
        params=tuple(params),
        text=text,
        example=header.get("example", ""),
        path=path,
    )


def _param(spec: str, path: str | None) -> Param:
    m = _PARAM_LINE.match(spec)
    if not m:
        raise QueryError(f"{path}: bad parameter line {spec!r}; expected 'name (type[, default]) text'")
    default = m.group("default")
    return Param(m.group("name"), m.group("type"), default.strip() if default else None, m.group("desc"))


def _query_files() -> Iterator[tuple[str, str]]:
    root = resources.files("tipkg.queries")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            yield entry.name, entry.read_text(encoding="utf-8")


def named_queries() -> dict[str, NamedQuery]:
    """Every query shipped in tipkg.queries, by name."""
    out: dict[str, NamedQuery] = {}
    for filename, text in _query_files():
        q = replace(parse_query(text, path=filename, fallback_name=filename[:-3]), builtin=True)
        if q.name != filename[:-3] or not _NAME.match(q.name):
            raise QueryError(f"{filename}: header name {q.name!r} must match the file name")
        out[q.name] = q
    return out


def get_query(name_or_path: str | Path) -> NamedQuery:
    """A shipped query by name, or a user's .rq file by path."""
    candidate = Path(name_or_path)
    if str(name_or_path).endswith(".rq") or candidate.is_file():
        if not candidate.is_file():
            raise QueryError(f"{candidate}: no such query file")
        return parse_query(
            candidate.read_text(encoding="utf-8"), path=str(candidate), fallback_name=candidate.stem
        )
    queries = named_queries()
    try:
        return queries[str(name_or_path)]
    except KeyError:
        raise QueryError(f"no query named {name_or_path!r}; known: {', '.join(sorted(queries))}") from None


# ---------------------------------------------------------------- running

PostProcess = Callable[[SparqlSource, NamedQuery, Mapping[str, str], Result], Result]
#: named queries whose answer needs a walk SPARQL cannot do (depth, path): filled by graph/chain.py
POSTPROCESS: dict[str, PostProcess] = {}
Runner = Callable[[SparqlSource, NamedQuery, Mapping[str, str]], "Result | None"]
#: named queries answered without their SPARQL text when the runner can (it returns None when
#: not): the same rows, computed more cheaply than the portable query does; filled by graph/chain.py
RUNNERS: dict[str, Runner] = {}


def run(
    source: SparqlSource,
    name_or_path: str | Path | NamedQuery,
    params: Mapping[str, str] | None = None,
    *,
    walk: bool = True,
) -> Result:
    """Run a named query (or a .rq file) with validated parameters.

    ``walk=False`` runs the query's own SPARQL even where a runner (:data:`RUNNERS`) could answer.
    """
    import tipkg.graph.query.chain  # noqa: F401  (registers the walks of ancestors/descendants/shortest-path)

    query = name_or_path if isinstance(name_or_path, NamedQuery) else get_query(name_or_path)
    params = dict(params or {})
    sparql = query.render(params)
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        g = bind_prefixes(source.construct(sparql))
        g.bind("gephi", GEPHI)
        return Result(
            columns=["subject", "predicate", "object"], rows=[tuple(map(str, t)) for t in g], graph=g
        )
    if query.form == "ASK":
        raise QueryError("ASK queries are not supported by `tipkg query`; use SELECT")
    runner = RUNNERS.get(query.name) if query.builtin and walk else None
    answer = runner(source, query, params) if runner else None
    if answer is not None:
        return answer
    names, rows = source.select(sparql)
    result = Result(columns=names, rows=[tuple(python_value(t) for t in r) for r in rows])
    post = POSTPROCESS.get(query.name) if query.builtin else None
    return post(source, query, params, result) if post else result


# ---------------------------------------------------------------- formats


def _plain(value: object) -> object:
    if isinstance(value, _dt.date | _dt.datetime):
        return value.isoformat()
    return value


def to_json(result: Result) -> str:
    return json.dumps([{k: _plain(v) for k, v in rec.items()} for rec in result.records()], indent=2)


def to_csv(result: Result) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(result.columns)
    for row in result.rows:
        w.writerow(["" if v is None else _plain(v) for v in row])
    return buf.getvalue()


def to_table(result: Result, title: str | None = None) -> object:
    """A rich Table of the result (returned, so callers print it on their console)."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in result.columns:
        table.add_column(c, overflow="fold")
    for row in result.rows:
        table.add_row(*("" if v is None else escape(compact(str(_plain(v)), _TABLE_NAMESPACES)) for v in row))
    return table


def _strip_comments(text: str) -> str:
    return "".join(chunk for kind, chunk in _tokens(text) if kind != "comment")


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    """Split SPARQL into comment / string / iri / other chunks, enough to find braces and keywords."""
    i, n = 0, len(text)
    iri = re.compile(r"<[^<>\"{}|^`\\\s]*>")
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            yield "comment", text[i:j]
            i = j
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(quote))
            yield "string", text[i:j]
            i = j
        elif c == "<" and (m := iri.match(text, i)):
            yield "iri", m.group(0)
            i = m.end()
        else:
            yield "other", c
            i += 1


def _insert_in_where(text: str, clause: str) -> str:
    """Put ``clause`` right after the ``{`` opening the outer WHERE group."""
    depth = 0
    pos = 0
    seen_where = False
    out: list[str] = []
    for kind, chunk in _tokens(text):
        out.append(chunk)
        pos += len(chunk)
        if kind != "other":
            continue
        if chunk == "{":
            if seen_where and depth == 0:
                return text[:pos] + " " + clause + " " + text[pos:]
            depth += 1
        elif chunk == "}":
            depth -= 1
        elif depth == 0 and chunk in "Ww" and re.match(r"(?i)where\b", text[pos - 1 :]):
            before = text[pos - 2] if pos >= 2 else " "
            if not (before.isalnum() or before in "_?$:"):
                seen_where = True
    raise QueryError("the query has no WHERE { … } group to bind parameters in")


__all__ = [
    "RELATIONS",
    "NamedQuery",
    "Param",
    "QueryError",
    "Result",
    "get_query",
    "named_queries",
    "parse_param_args",
    "parse_query",
    "run",
    "term_for",
    "to_csv",
    "to_json",
    "to_table",
]
