"""The catalogue of named SPARQL queries (the .rq files beside this module): reading, parameters, binding.

Header of every .rq file (``#`` comment lines before the query)::

    # name: ancestors
    # purpose: what the query answers
    # params:
    #   doc (symbol) the resolution to start from
    #   relations (relations, recalls|reaffirms) relations to follow
    # example: tipkg query ancestors --param doc=A/RES/74/176

Parameters never become query text by string splicing. A term parameter (types ``iri``, ``symbol``,
``body``, ``relation``, ``int``, ``literal``, ``lang``: a language tag) is validated, turned into one RDF term and bound with an
inline ``VALUES ?name { term }`` placed first in the outer WHERE group; in the file the parameter is
the variable ``$name``, so the file itself stays a valid query any SPARQL client can run (the
parameter is then simply unbound: "any"). A ``relations`` parameter selects the properties of a
property path: the file holds the path of its default, e.g. ``(tip:recalls|tip:reaffirms)``, and the
runner swaps in the path of the validated names (each must be a relation of docs/data-model.md).
An omitted parameter with a default gets its default; one without a default stays unbound.
Running a query is :mod:`tipkg.graph.query.runner`'s business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from tipkg.ontology.ids import doc_iri, entity_iri, normalise_symbol
from tipkg.ontology.languages import tag_of
from tipkg.ontology.namespaces import sparql_prolog
from tipkg.ontology.relations import parse_relations, path_expression, relation_iri
from tipkg.queries.sparql_text import insert_in_where, strip_comments

PARAM_TYPES = ("iri", "symbol", "body", "relation", "relations", "int", "literal", "lang")
ENTITY_KINDS = ("body", "actor", "instrument", "event")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[a-z]+)(?:\s*,\s*(?P<default>[^)]*))?\)\s*(?P<desc>.*)$"
)
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
#: the prefixes a result table writes short (other IRIs stay whole)


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
        m = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", strip_comments(self.text), re.IGNORECASE)
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
            bound = insert_in_where(text, " ".join(bindings))
            if bound is None:
                raise QueryError("the query has no WHERE { … } group to bind parameters in")
            text = bound
        return sparql_prolog() + text


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
    if kind == "lang":
        tag = tag_of(raw)
        if tag is None or tag != raw.lower():
            raise QueryError(f"{raw!r} is not a language tag tipkg knows (en, fr, es, ru, zh, ar, de)")
        return Literal(tag)
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
        elif not re.search(rf"[?$]{p.name}\b", strip_comments(text)):
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
