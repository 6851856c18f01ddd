"""SHACL shapes compiled to SPARQL SELECT queries (run by :mod:`.sparql_engine`): validation at scale.

pyshacl evaluates every constraint per focus node in Python (about 0.5 s per document here); each
compiled check below is one set-at-a-time query over all focus nodes of a shape, which Oxigraph
answers natively. Only the SHACL Core and SHACL-SPARQL features ontology/shapes.ttl uses are
compiled, with SHACL's semantics (as pyshacl implements them); any other feature raises
:class:`UnsupportedShapeError` when the shapes are compiled, so nothing is silently skipped.

Semantics kept from pyshacl (tests/graph/validate/test_shacl_sparql.py compares the two on the same data):

* the data graph is the union of the named graphs (or the chosen ones plus the ontology graph);
  Oxigraph's union repeats a triple held by two graphs, so checks use DISTINCT and
  ``COUNT(DISTINCT …)``, rows are deduplicated, and SPARQL targets are rewritten by
  graph/validate/dedup.py (a stub cited by k graphs otherwise multiplies rows by k²);
* ``sh:targetClass`` and ``sh:class`` follow ``rdf:type/rdfs:subClassOf*`` in the data;
* ``sh:datatype`` fails ill-typed literals ("abc"^^xsd:integer); comparisons that raise an error
  (``sh:minInclusive``, ``sh:lessThanOrEquals``) are violations;
* SPARQL constraints get ``$this`` pre-bound: the focus nodes are selected first, then bound with
  ``VALUES ?this {…}`` at the start of the WHERE clause (SHACL's pre-binding, given its
  restrictions: no MINUS, VALUES, SERVICE or sub-select, which are refused); ``$PATH`` is replaced
  by the property shape's path; ``?path``/``?value`` projections and ``{?var}`` messages as pyshacl.

"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from tipkg.graph.validate.dedup import dedup_query
from tipkg.graph.validate.report import SEVERITIES, reported_shape, shape_label
from tipkg.graph.validate.sparql_terms import (
    UnsupportedShapeError,
    check_prebinding,
    insert_after_where,
    projects_this,
    replace_path,
    sparql_string,
    sparql_term,
)
from tipkg.ontology import shapes_graph
from tipkg.ontology.namespaces import TIP

RDFS_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
RDF_TYPE = f"<{RDF.type}>"

_TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
# value-node constraints: compiled as a condition on one value
_VALUE_KEYS = {
    SH.datatype,
    SH.nodeKind,
    SH.pattern,
    SH.flags,
    SH["class"],
    SH.minInclusive,
    SH["or"],
    SH.node,
}
_PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH.lessThanOrEquals}
_ANNOTATIONS = {SH.name, SH.description, SH.message, SH.severity, SH.deactivated, SH.order, SH.group}
_SUPPORTED = _TARGETS | _VALUE_KEYS | _PROPERTY_KEYS | _ANNOTATIONS | {SH.property, SH.sparql}
FOCUS = "#FOCUS#\n"  # where a SPARQL constraint's focus nodes go (a comment until replaced)
_CONSTRAINT_KEYS = {SH.select, SH.prefixes, SH.message, SH.deactivated}
_TARGET_KEYS = {SH.select, SH.prefixes}
_SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape, SH.Shape}

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
# Well-formedness of a literal of a datatype, as rdflib's ``ill_typed`` (which pyshacl reads) sees
# it. Oxigraph stores a valid xsd:positiveInteger as xsd:integer: what keeps the derived type is
# only ill-typed, and the range test catches it.
_INTEGER_RANGES = {
    XSD.integer: "",
    XSD.positiveInteger: " && {v} > 0",
    XSD.nonNegativeInteger: " && {v} >= 0",
    XSD.negativeInteger: " && {v} < 0",
    XSD.nonPositiveInteger: " && {v} <= 0",
}
_CAST_TYPES = {XSD.date, XSD.dateTime, XSD.time, XSD.gYear, XSD.gYearMonth, XSD.duration, XSD.boolean}
_NUMERIC_TYPES = {XSD.decimal, XSD.double, XSD.float}


@dataclass(frozen=True)
class CompiledCheck:
    """One constraint of one shape as a SELECT returning violating ``?this`` (``?path``, ``?value``)."""

    shape: URIRef | BNode  # the named shape reported (report.reported_shape)
    source_shape: Node  # the shape holding the constraint (may be a nested blank node)
    shape_name: str
    component: str  # e.g. "minCount", "datatype", "sparql"
    query: str
    path: URIRef | None  # default sh:resultPath (the property shape's path)
    value_is_focus: bool  # node-shape SPARQL constraint: sh:value defaults to the focus node
    messages: tuple[str, ...]
    severity: str
    templated: bool  # messages carry {?var} templates filled from the row
    # SPARQL constraints: the focus nodes are found first (``focus_query``), then bound with VALUES
    # in ``prebound`` (its FOCUS placeholder): Oxigraph does not start a join with the target.
    focus_query: str | None = None
    prebound: str | None = None


# ------------------------------------------------------------------------------------ terms


# ------------------------------------------------------------------------------------ compiling


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.prefixes: dict[str, str] = {}
        self.counter = 0

    def fresh(self) -> str:
        self.counter += 1
        return f"?_v{self.counter}"

    # ---- shapes graph access

    def one(self, node: Node, key: URIRef) -> Node | None:
        values = list(self.g.objects(node, key))
        if len(values) > 1:
            raise UnsupportedShapeError(f"{node}: more than one {key}")
        return values[0] if values else None

    def check_keys(self, shape: Node, allowed: set[URIRef], where: str) -> None:
        for p in set(self.g.predicates(shape)):
            if str(p).startswith(str(SH)) and p not in allowed:
                raise UnsupportedShapeError(f"{where} {shape}: {p} is not supported by the SPARQL compiler")

    def active(self, node: Node) -> bool:
        flag = self.one(node, SH.deactivated)
        return not (isinstance(flag, Literal) and flag.toPython() is True)

    def int_value(self, node: Node, key: URIRef) -> int | None:
        v = self.one(node, key)
        if v is None:
            return None
        if not isinstance(v, Literal) or not isinstance(v.toPython(), int):
            raise UnsupportedShapeError(f"{node}: {key} must be an integer")
        return int(v.toPython())

    def path_of(self, shape: Node) -> URIRef | None:
        path = self.one(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise UnsupportedShapeError(f"{shape}: only IRI sh:path values are supported, not {path}")
        return path

    def declare(self, prefixes_node: Node | None) -> None:
        """Collect the sh:declare prefixes of an sh:prefixes node into the shared prologue."""
        if prefixes_node is None:
            return
        for decl in self.g.objects(prefixes_node, SH.declare):
            prefix, namespace = self.one(decl, SH.prefix), self.one(decl, SH.namespace)
            if prefix is None or namespace is None:
                raise UnsupportedShapeError(f"{prefixes_node}: sh:declare without sh:prefix/sh:namespace")
            old = self.prefixes.setdefault(str(prefix), str(namespace))
            if old != str(namespace):
                raise UnsupportedShapeError(f"prefix {prefix}: declared as {old} and as {namespace}")

    def prologue(self) -> str:
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(self.prefixes.items()))

    # ---- targets

    def targets(self, shape: Node) -> str | None:
        """A group binding ``?this`` to each focus node of the shape (DISTINCT), or None."""
        parts: list[str] = []
        for cls in self.g.objects(shape, SH.targetClass):
            parts.append(f"?_cls {RDFS_SUBCLASS}* {sparql_term(cls)} . ?this {RDF_TYPE} ?_cls .")
        for p in self.g.objects(shape, SH.targetSubjectsOf):
            parts.append(f"?this {sparql_term(p)} ?_o .")
        for p in self.g.objects(shape, SH.targetObjectsOf):
            parts.append(f"?_s {sparql_term(p)} ?this .")
        for target in self.g.objects(shape, SH.target):
            if (target, RDF.type, SH.SPARQLTarget) not in self.g:
                raise UnsupportedShapeError(f"{shape}: sh:target must be an sh:SPARQLTarget")
            self.check_keys(target, _TARGET_KEYS, "SPARQL target of")
            select = self.one(target, SH.select)
            if select is None:
                raise UnsupportedShapeError(f"{shape}: SPARQL target without sh:select")
            self.declare(self.one(target, SH.prefixes))
            text = str(select)
            if re.match(r"\s*(PREFIX|BASE)\b", text, re.IGNORECASE):
                raise UnsupportedShapeError(f"{shape}: declare the target's prefixes with sh:prefixes")
            parts.append(f"{{ {dedup_query(text)} }}")
        if not parts:
            return None
        union = " UNION ".join(f"{{ {p} }}" for p in parts)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"

    # ---- conditions on one value (True when the value conforms)

    def value_conditions(self, shape: Node, v: str, depth: int) -> list[tuple[str, str]]:
        """(component, condition) for each value constraint of ``shape`` on the node in ``v``."""
        out: list[tuple[str, str]] = []
        for dt in self.g.objects(shape, SH.datatype):
            out.append(("datatype", _datatype_condition(dt, v)))
        for kind in self.g.objects(shape, SH.nodeKind):
            if not isinstance(kind, URIRef) or kind not in _NODE_KINDS:
                raise UnsupportedShapeError(f"{shape}: unknown sh:nodeKind {kind}")
            out.append(("nodeKind", _NODE_KINDS[kind].format(v=v)))
        patterns = list(self.g.objects(shape, SH.pattern))
        flags = self.one(shape, SH.flags)
        if flags is not None and not patterns:
            raise UnsupportedShapeError(f"{shape}: sh:flags without sh:pattern")
        for pattern in patterns:
            re.compile(str(pattern))  # a broken pattern fails here, not as a violation per value
            flag_arg = f", {sparql_string(str(flags))}" if flags is not None else ""
            out.append(
                ("pattern", f"(!isBlank({v}) && REGEX(STR({v}), {sparql_string(str(pattern))}{flag_arg}))")
            )
        for cls in self.g.objects(shape, SH["class"]):
            c = self.fresh()
            out.append(
                ("class", f"EXISTS {{ {v} {RDF_TYPE} {c} . {c} {RDFS_SUBCLASS}* {sparql_term(cls)} }}")
            )
        for low in self.g.objects(shape, SH.minInclusive):
            out.append(("minInclusive", f"{v} >= {sparql_term(low)}"))
        for members in self.g.objects(shape, SH["or"]):
            alternatives = [self.conforms(m, v, depth + 1) for m in Collection(self.g, members)]
            if not alternatives:
                raise UnsupportedShapeError(f"{shape}: empty sh:or")
            out.append(("or", "(" + " || ".join(alternatives) + ")"))
        for other in self.g.objects(shape, SH.node):
            out.append(("node", self.conforms(other, v, depth + 1)))
        return [(name, f"COALESCE({cond}, false)") for name, cond in out]

    def conforms(self, shape: Node, v: str, depth: int) -> str:
        """A boolean expression: the node in ``v`` conforms to ``shape`` (used by sh:node, sh:or)."""
        if depth > 8:
            raise UnsupportedShapeError(f"{shape}: shapes nested too deep (recursive sh:node?)")
        self.check_keys(shape, _SUPPORTED - {SH.sparql} - _PROPERTY_KEYS, "nested shape")
        if not self.active(shape):
            return "true"
        parts = [cond for _, cond in self.value_conditions(shape, v, depth)]
        for prop in self.g.objects(shape, SH.property):
            if self.active(prop):
                parts.extend(self.property_conforms(prop, v, depth + 1))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def property_conforms(self, prop: Node, v: str, depth: int) -> list[str]:
        self.check_keys(
            prop, (_SUPPORTED - {SH.sparql, SH.property} - _TARGETS) | _PROPERTY_KEYS, "nested shape"
        )
        path = self.path_of(prop)
        if path is None:
            raise UnsupportedShapeError(f"{prop}: a property shape needs sh:path")
        p = sparql_term(path)
        parts: list[str] = []
        low, high = self.int_value(prop, SH.minCount), self.int_value(prop, SH.maxCount)
        if low is not None and low > 0:
            xs = self.distinct_values(v, p, low)
            parts.append(f"EXISTS {{ {xs} }}")
        if high is not None:
            xs = self.distinct_values(v, p, high + 1)
            parts.append(f"NOT EXISTS {{ {xs} }}")
        x = self.fresh()
        conds = [cond for _, cond in self.value_conditions(prop, x, depth)]
        if conds:
            parts.append(f"NOT EXISTS {{ {v} {p} {x} FILTER(!({' && '.join(conds)})) }}")
        for other in self.g.objects(prop, SH.lessThanOrEquals):
            x, y = self.fresh(), self.fresh()
            parts.append(
                f"NOT EXISTS {{ {v} {p} {x} . {v} {sparql_term(other)} {y} FILTER(!COALESCE({x} <= {y}, false)) }}"
            )
        return parts

    def distinct_values(self, v: str, p: str, n: int) -> str:
        """Graph pattern matching ``n`` pairwise distinct values of ``v p``."""
        if n > 5:
            raise UnsupportedShapeError(f"counts above 4 in nested shapes are not supported ({n})")
        xs = [self.fresh() for _ in range(n)]
        pattern = " . ".join(f"{v} {p} {x}" for x in xs)
        distinct = [f"!sameTerm({a}, {b})" for i, a in enumerate(xs) for b in xs[i + 1 :]]
        return pattern + (f" FILTER({' && '.join(distinct)})" if distinct else "")


def _datatype_condition(dt: Node, v: str) -> str:
    if not isinstance(dt, URIRef):
        raise UnsupportedShapeError(f"sh:datatype {dt} is not an IRI")
    same = f"isLiteral({v}) && DATATYPE({v}) = <{dt}>"
    if dt == XSD.string:
        return same
    if dt == RDF.langString:
        return f'isLiteral({v}) && LANG({v}) != ""'
    if dt in _INTEGER_RANGES:
        return f"{same} && isNumeric({v})" + _INTEGER_RANGES[dt].format(v=v)
    if dt in _NUMERIC_TYPES:
        return f"{same} && isNumeric({v})"
    if dt in _CAST_TYPES:
        return f"{same} && COALESCE(DATATYPE(<{dt}>(STR({v}))) = <{dt}>, false)"
    raise UnsupportedShapeError(f"sh:datatype {dt}: no well-formedness test for this datatype")


def compile_shapes(shapes: Graph) -> list[CompiledCheck]:
    """Every constraint of every shape with targets, as SPARQL queries (validated by Oxigraph's parser)."""
    compiler = _Compiler(shapes)
    checks: list[_Draft] = []
    for shape in _shapes(shapes):
        if not compiler.active(shape):
            continue
        compiler.check_keys(shape, _SUPPORTED, "shape")
        target = compiler.targets(shape)
        if target is None:
            continue  # validated only where another shape refers to it (sh:node, sh:or)
        # a value repeats in every graph that states it (a cited document's stub in each citing
        # graph) unless the shape checks one source graph at a time
        repeats = (shape, TIP.validationScope, TIP.PerSourceValidation) not in shapes
        checks.extend(
            _shape_checks(
                compiler, shape, target, shape, property_shape=_is_property(shapes, shape), repeats=repeats
            )
        )
        for prop in shapes.objects(shape, SH.property):
            if compiler.active(prop):
                compiler.check_keys(prop, _SUPPORTED - _TARGETS - {SH.property}, "property shape")
                checks.extend(
                    _shape_checks(compiler, prop, target, prop, property_shape=True, repeats=repeats)
                )
    prologue = compiler.prologue()
    compiled = [d.finish(shapes, prologue) for d in checks]
    probe = ox.Store()
    for check in compiled:
        try:
            probe.query(check.query)
        except SyntaxError as e:
            raise UnsupportedShapeError(
                f"{check.source_shape} ({check.component}): {e}\n{check.query}"
            ) from e
    return compiled


@dataclass
class _Draft:
    source_shape: Node
    component: str
    body: str  # the query without its prologue
    path: URIRef | None
    value_is_focus: bool
    messages: tuple[str, ...]
    severity: str
    templated: bool
    focus_body: str | None = None
    prebound_body: str | None = None

    def finish(self, shapes: Graph, prologue: str) -> CompiledCheck:
        named = reported_shape(shapes, self.source_shape)
        return CompiledCheck(
            shape=named,
            source_shape=self.source_shape,
            shape_name=shape_label(shapes, named),
            component=self.component,
            query=prologue + self.body,
            path=self.path,
            value_is_focus=self.value_is_focus,
            messages=self.messages,
            severity=self.severity,
            templated=self.templated,
            focus_query=None if self.focus_body is None else prologue + self.focus_body,
            prebound=None if self.prebound_body is None else prologue + self.prebound_body,
        )


def _shapes(shapes: Graph) -> list[Node]:
    """Declared shapes and anything with a target property (sh:targetNode included, to refuse it)."""
    found: set[Node] = set()
    for kind in _SHAPE_TYPES:
        found.update(shapes.subjects(RDF.type, kind))
    for s, p in shapes.subject_predicates():
        if str(p).startswith(f"{SH}target"):
            found.add(s)
    for node in found:
        if (node, RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Class")) in shapes:
            raise UnsupportedShapeError(f"{node}: implicit class targets are not supported")
    return sorted(found, key=str)


def _is_property(shapes: Graph, shape: Node) -> bool:
    return (shape, RDF.type, SH.PropertyShape) in shapes or (shape, SH.path, None) in shapes


def _messages(shapes: Graph, node: Node) -> tuple[str, ...]:
    return tuple(sorted(str(m) for m in shapes.objects(node, SH.message)))


def _severity(c: _Compiler, shape: Node) -> str:
    sev = c.one(shape, SH.severity)
    if sev is None:
        return "Violation"
    if not isinstance(sev, URIRef) or sev not in SEVERITIES:
        raise UnsupportedShapeError(f"{shape}: unknown sh:severity {sev}")
    return SEVERITIES[sev]


def _shape_checks(
    c: _Compiler, shape: Node, target: str, source: Node, *, property_shape: bool, repeats: bool = False
) -> list[_Draft]:
    """The checks of one shape's own constraints, focus nodes given by ``target``.

    ``repeats``: the same value may sit in many graphs of the union. A pair join for sh:maxCount 1
    then reads k² copies per focus node, so it counts distinct values instead (k rows).
    """
    path = c.path_of(shape) if property_shape else None
    if property_shape and path is None:
        raise UnsupportedShapeError(f"{shape}: a property shape needs sh:path")
    if not property_shape:
        for key in _PROPERTY_KEYS:
            if (shape, key, None) in c.g:
                raise UnsupportedShapeError(f"{shape}: {key} on a node shape")
    messages = _messages(c.g, shape)
    severity = _severity(c, shape)
    drafts: list[_Draft] = []

    def add(component: str, body: str, default: str) -> None:
        drafts.append(_Draft(source, component, body, path, False, messages or (default,), severity, False))

    if path is not None:
        p = sparql_term(path)
        low, high = c.int_value(shape, SH.minCount), c.int_value(shape, SH.maxCount)
        if low == 1:
            add(
                "minCount",
                f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {p} ?_x }} }}",
                f"Less than 1 values on {{this}}->{path}",
            )
        elif low is not None and low > 1:
            add(
                "minCount",
                f"SELECT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?_x) AS ?_n) WHERE {{ {target} "
                f"OPTIONAL {{ ?this {p} ?_x }} }} GROUP BY ?this }} FILTER(?_n < {low}) }}",
                f"Less than {low} values on {{this}}->{path}",
            )
        if high == 0:
            add(
                "maxCount",
                f"SELECT ?this WHERE {{ {target} FILTER EXISTS {{ ?this {p} ?_x }} }}",
                f"More than 0 values on {{this}}->{path}",
            )
        elif high == 1 and not repeats:  # two distinct values: cheaper than counting every focus node's
            add(
                "maxCount",
                f"SELECT DISTINCT ?this WHERE {{ {target} ?this {p} ?_x . ?this {p} ?_y . "
                "FILTER(!sameTerm(?_x, ?_y)) }",
                f"More than 1 values on {{this}}->{path}",
            )
        elif high is not None:
            add(
                "maxCount",
                f"SELECT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?_x) AS ?_n) WHERE {{ {target} "
                f"?this {p} ?_x }} GROUP BY ?this }} FILTER(?_n > {high}) }}",
                f"More than {high} values on {{this}}->{path}",
            )
        for cond_name, cond in c.value_conditions(shape, "?value", 0):
            add(
                cond_name,
                f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {p} ?value . FILTER(!{cond}) }}",
                f"Value {{value}} of {{this}}->{path} does not conform to sh:{cond_name}",
            )
        for other in c.g.objects(shape, SH.lessThanOrEquals):
            add(
                "lessThanOrEquals",
                f"SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {p} ?value . ?this {sparql_term(other)} ?_o . "
                "FILTER(!COALESCE(?value <= ?_o, false)) }",
                f"Value {{value}} of {{this}}->{path} is not <= {other}",
            )
    else:
        for cond_name, cond in c.value_conditions(shape, "?this", 0):
            add(
                cond_name,
                f"SELECT DISTINCT ?this (?this AS ?value) WHERE {{ {target} FILTER(!{cond}) }}",
                f"Node {{this}} does not conform to sh:{cond_name}",
            )
    for constraint in c.g.objects(shape, SH.sparql):
        if c.active(constraint):
            drafts.append(_sparql_check(c, shape, constraint, target, source, path, messages, severity))
    return drafts


def _sparql_check(
    c: _Compiler,
    shape: Node,
    constraint: Node,
    target: str,
    source: Node,
    path: URIRef | None,
    shape_messages: tuple[str, ...],
    severity: str,
) -> _Draft:
    c.check_keys(constraint, _CONSTRAINT_KEYS, "SPARQL constraint")
    select = c.one(constraint, SH.select)
    if select is None:
        raise UnsupportedShapeError(f"{shape}: SPARQL constraint without sh:select (sh:ask is not supported)")
    c.declare(c.one(constraint, SH.prefixes))
    text = str(select)
    check_prebinding(text, where=str(shape))
    if not projects_this(text):
        raise UnsupportedShapeError(f"{shape}: the SPARQL constraint must project $this")
    text = replace_path(text, None if path is None else sparql_term(path), where=str(shape))
    # No dedup_query here: with $this pre-bound to a few focus nodes the query is cheap as written,
    # while Oxigraph re-evaluates the rewritten sub-selects without that binding (measured: 2.4 s
    # instead of 0.07 s for the unique paragraph number constraint on 100 documents).
    body = insert_after_where(text, target)
    messages = _messages(c.g, constraint) or shape_messages
    return _Draft(
        source,
        "sparql",
        body,
        path,
        path is None,
        messages or (f"SPARQL constraint of {shape}",),
        severity,
        True,
        focus_body=f"SELECT ?this WHERE {{ {target} }}",
        prebound_body=insert_after_where(text, FOCUS),
    )


@cache
def shipped_checks() -> tuple[CompiledCheck, ...]:
    """The shipped shapes (ontology/shapes.ttl) compiled, once per process."""
    return tuple(compile_shapes(shapes_graph()))
