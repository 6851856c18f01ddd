"""SPARQL text and terms for graph/validate/compile.py: pre-binding $this, substituting $PATH, terms.

The edits work on a *masked* copy of the query (:func:`tipkg.queries.sparql_text.mask`), where
strings, IRIs and comments are blanked out (same length), so a brace or ``$PATH`` inside a string
literal or an IRI is never touched.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from tipkg.graph.store.embedded import from_ox
from tipkg.queries.sparql_text import insert_in_where, mask

# Forbidden by SHACL's pre-binding rules (https://www.w3.org/TR/shacl/#pre-binding), or needing
# graphs this compiler does not provide.
_FORBIDDEN = re.compile(r"\b(MINUS|VALUES|SERVICE)\b|\$(shapesGraph|currentShape)\b", re.IGNORECASE)


class UnsupportedShapeError(ValueError):
    """A shape uses a SHACL feature the SPARQL compiler does not translate (it would otherwise pass)."""


def check_prebinding(text: str, *, where: str) -> None:
    """Refuse what makes joining the focus nodes differ from SHACL's pre-binding of $this."""
    code = mask(text)
    if m := _FORBIDDEN.search(code):
        raise UnsupportedShapeError(f"{where}: {m.group(0)} is not supported in a SPARQL constraint")
    if len(re.findall(r"\bSELECT\b", code, re.IGNORECASE)) != 1:
        raise UnsupportedShapeError(f"{where}: sub-selects are not supported in a SPARQL constraint")
    if re.search(r"\bAS\s+[?$]this\b", code, re.IGNORECASE):
        raise UnsupportedShapeError(f"{where}: a SPARQL constraint must not assign $this")
    if re.match(r"\s*(PREFIX|BASE)\b", code, re.IGNORECASE):
        raise UnsupportedShapeError(f"{where}: declare the prefixes with sh:prefixes")


def projects_this(text: str) -> bool:
    """The SELECT clause names ``$this``/``?this`` or is ``SELECT *``."""
    code = mask(text)
    head = code[: code.index("{")] if "{" in code else code
    return bool(re.search(r"[?$]this\b|\bSELECT\s+(DISTINCT\s+|REDUCED\s+)?\*", head, re.IGNORECASE))


def replace_path(text: str, path: str | None, *, where: str) -> str:
    """``$PATH`` replaced by the property shape's path (SPARQL syntax); an error in a node shape."""
    code = mask(text)
    spots = [m.start() for m in re.finditer(r"\$PATH\b", code)]
    if spots and path is None:
        raise UnsupportedShapeError(f"{where}: $PATH in the SPARQL constraint of a node shape")
    for start in reversed(spots):
        text = text[:start] + str(path) + text[start + len("$PATH") :]
    return text


def insert_after_where(text: str, group: str) -> str:
    """``group`` inserted as the first element of the query's WHERE clause."""
    inserted = insert_in_where(text, group)
    if inserted is None:
        raise UnsupportedShapeError("no WHERE clause in the SPARQL query")
    return inserted


def sparql_string(text: str) -> str:
    """A SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def sparql_term(node: Node) -> str:
    """SPARQL syntax of an IRI or a literal."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        if node.language:
            return f"{sparql_string(str(node))}@{node.language}"
        if node.datatype is not None:
            return f"{sparql_string(str(node))}^^<{node.datatype}>"
        return sparql_string(str(node))
    raise UnsupportedShapeError(f"a blank node {node} where an IRI or literal is expected")


def store_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """An Oxigraph term as rdflib's; plain literals without xsd:string, as validate.py reports them."""
    node = from_ox(term)
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


#: the validated data: None for the union of all named graphs, else the graphs making the default graph
Scope = list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None


def select(store: ox.Store, query: str, scope: Scope) -> ox.QuerySolutions:
    """Run a SELECT over the validated data."""
    if scope is None:
        result = store.query(query, use_default_graph_as_union=True)
    else:
        result = store.query(query, default_graph=scope)
    assert isinstance(result, ox.QuerySolutions)
    return result
