"""Running a named query (or a user's .rq file) on any :class:`~tipkg.graph.query.source.SparqlSource`.

The query text comes from the catalogue (:mod:`tipkg.queries.catalogue`) with its parameters bound.
Three named queries get more than their SPARQL can give: ancestors and descendants of one document
are answered by the walk of :mod:`.chain` (depth and path, each node read from one graph), and
shortest-path orders its nodes into one path; :mod:`.walks` holds those answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tipkg.graph.query import walks
from tipkg.graph.query.result import Result
from tipkg.graph.query.source import SparqlSource, python_value
from tipkg.ontology.namespaces import GEPHI, bind_prefixes, sparql_prolog
from tipkg.queries.catalogue import NamedQuery, QueryError, get_query
from tipkg.queries.sparql_text import shift_lines


def run(
    source: SparqlSource,
    name_or_path: str | Path | NamedQuery,
    params: Mapping[str, str] | None = None,
    *,
    walk: bool = True,
) -> Result:
    """Run a named query (or a .rq file) with validated parameters.

    ``walk=False`` runs the query's own SPARQL even where a walk (:data:`.walks.RUNNERS`) could answer.
    """
    query = name_or_path if isinstance(name_or_path, NamedQuery) else get_query(name_or_path)
    params = dict(params or {})
    try:
        return _run(source, query, params, walk)
    except SyntaxError as exc:  # positions in the user's text, not after the prefixes tipkg adds
        raise SyntaxError(shift_lines(str(exc), PROLOG_LINES, query.text)) from None


PROLOG_LINES = sparql_prolog().count("\n")


def _run(source: SparqlSource, query: NamedQuery, params: dict[str, str], walk: bool) -> Result:
    sparql = query.render(params)
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        g = bind_prefixes(source.construct(sparql))
        g.bind("gephi", GEPHI)
        return Result(
            columns=["subject", "predicate", "object"], rows=[tuple(map(str, t)) for t in g], graph=g
        )
    if query.form == "ASK":
        raise QueryError("ASK queries are not supported by `tipkg query`; use SELECT")
    runner = walks.RUNNERS.get(query.name) if query.builtin and walk else None
    answer = runner(source, query, params) if runner else None
    if answer is not None:
        return answer
    names, rows = source.select(sparql)
    result = Result(columns=names, rows=[tuple(python_value(t) for t in r) for r in rows])
    post = walks.POSTPROCESS.get(query.name) if query.builtin else None
    return post(source, query, params, result) if post else result
