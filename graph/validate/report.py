"""What validation found, whichever engine found it: violations with the source file and line
they came from, grouped by shape; and how a shape is named in a report."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

SHAPES = Namespace("https://w3id.org/tipkg/shapes#")
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with where the offending statement came from."""

    shape: URIRef | BNode
    shape_name: str
    focus: Node
    path: Node | None
    value: Node | None
    message: str
    severity: str  # Violation | Warning | Info
    graph: URIRef | None = None  # the named graph holding the focus node
    source_file: str | None = None
    line: int | None = None

    @property
    def location(self) -> str:
        """``file:line`` (or just the file, or the graph) for messages."""
        if self.source_file:
            return f"{self.source_file}:{self.line}" if self.line else self.source_file
        return str(self.graph) if self.graph else ""

    def to_dict(self) -> dict[str, str | int | None]:
        return {
            "shape": str(self.shape),
            "shape_name": self.shape_name,
            "focus": str(self.focus),
            "path": None if self.path is None else str(self.path),
            "value": None if self.value is None else str(self.value),
            "message": self.message,
            "severity": self.severity,
            "graph": None if self.graph is None else str(self.graph),
            "source_file": self.source_file,
            "line": self.line,
        }


@dataclass
class ValidationReport:
    """The results of one validation run; ``conforms`` ignores warnings and infos."""

    violations: list[Violation] = field(default_factory=list)
    graphs: list[URIRef] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0
    results_graph: Graph | None = None

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "Violation" for v in self.violations)

    def by_shape(self) -> dict[URIRef | BNode, list[Violation]]:
        """Violations grouped by shape IRI, shapes sorted by name, results by location."""
        groups: dict[URIRef | BNode, list[Violation]] = {}
        for v in sorted(self.violations, key=lambda v: (v.shape_name.casefold(), str(v.shape))):
            groups.setdefault(v.shape, []).append(v)
        for items in groups.values():
            items.sort(key=lambda v: (v.source_file or "", v.line or 0, str(v.focus)))
        return groups

    def shapes(self) -> set[URIRef | BNode]:
        return {v.shape for v in self.violations}

    def count(self, severity: str = "Violation") -> int:
        return sum(1 for v in self.violations if v.severity == severity)


def reported_shape(shapes_g: Graph, shape: Node | None) -> URIRef | BNode:
    """The nearest shape with an IRI: results of anonymous nested shapes go to their parent."""
    seen: set[Node] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = next(shapes_g.subjects(SH.property, shape), None) or next(
            shapes_g.subjects(SH.node, shape), None
        )
        if parent is None:
            break
        shape = parent
    return shape if isinstance(shape, URIRef | BNode) else BNode()


def shape_label(shapes_g: Graph, shape: Node) -> str:
    name = shapes_g.value(shape, SH.name) or shapes_g.value(shape, RDFS.label)
    if name is not None:
        return str(name)
    return str(shape).rsplit("#", 1)[-1]
