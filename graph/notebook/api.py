"""``tipkg.KnowledgeGraph``: the Python and notebook face of the graph.

One object answers the same questions whether the graph was just built in memory, opened from a
store or file, or lives behind a remote SPARQL endpoint: every method goes through a
:class:`~tipkg.graph.query.source.SparqlSource`, and every table comes back as a pandas DataFrame of
plain Python values with IRIs shortened by the project prefixes (``id:doc/A/RES/61/180``).
"""

from __future__ import annotations

import datetime as _dt
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal, TypeVar

import networkx as nx
import pandas as pd
from rdflib import Dataset, URIRef
from rdflib import Literal as RDFLiteral

from tipkg.graph.build.build import BuildResult, add_graph
from tipkg.graph.build.build import build as run_build
from tipkg.graph.export.gexf import write_gexf
from tipkg.graph.export.graphml import write_graphml
from tipkg.graph.export.view import export_graph
from tipkg.graph.notebook import frames
from tipkg.graph.notebook.display import NetworkView, draw, graph_summary_html, resolution_html
from tipkg.graph.query import network, runner
from tipkg.graph.query.chain import ChainNode, labels_in
from tipkg.graph.query.chain import chain as walk
from tipkg.graph.query.lookup import NotInGraph
from tipkg.graph.query.network import ranking
from tipkg.graph.query.source import OxigraphSource, SparqlSource
from tipkg.graph.store.embedded import new_dataset, open_graph, oxigraph_from_dataset
from tipkg.graph.store.remote import RemoteEndpoint
from tipkg.graph.store.truncation import TruncatedResultWarning
from tipkg.loaders.emit import emit
from tipkg.loaders.model import Document
from tipkg.loaders.registry.load import load_registry
from tipkg.loaders.registry.rdf import registry_graphs
from tipkg.ontology import ontology_graph
from tipkg.ontology.ids import compact, doc_iri, entity_iri, expand, normalise_symbol
from tipkg.ontology.languages import tag_of
from tipkg.ontology.namespaces import ID, sparql_prolog
from tipkg.ontology.relations import CHAIN_RELATIONS, parse_relations
from tipkg.queries import catalogue
from tipkg.queries.catalogue import NamedQuery, Param, named_queries
from tipkg.queries.sparql_text import strip_comments

Direction = Literal["up", "down"]

_current: KnowledgeGraph | None = None


def current() -> KnowledgeGraph:
    """The graph last built, opened or connected (what ``%%sparql`` queries by default)."""
    if _current is None:
        raise LookupError("no knowledge graph yet: call KnowledgeGraph.build(), .open() or .connect() first")
    return _current


_T = TypeVar("_T")


def _noting_cuts(run: Callable[[], _T]) -> tuple[_T, bool]:
    """``run()``, its warnings passed on to the caller's caller (each cut answer warns, however often
    the same query runs); whether a remote endpoint said it cut the answer."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TruncatedResultWarning)
        result = run()
    for w in caught:
        warnings.warn(w.message, w.category, stacklevel=3)
    return result, any(issubclass(w.category, TruncatedResultWarning) for w in caught)


def _looks_like_sparql(text: str) -> bool:
    """Named queries are single words (``mandates``); anything with white space or braces is SPARQL."""
    return any(c.isspace() or c in "{}" for c in text.strip())


def _param_text(value: object) -> str:
    """A Python parameter as the text form the named-query parameter types parse."""
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return expand(str(value)) if isinstance(value, str) else str(value)


def resolve(node: str) -> URIRef:
    """A user's way of naming a node -> its IRI (the first of :func:`candidates`)."""
    return candidates(node)[0]


def candidates(node: str) -> list[URIRef]:
    """The IRIs a user's name for a node may stand for, most likely first.

    Accepts a full IRI, a prefixed name (``id:body/UNODC``), a document symbol (``A/RES/61/180``),
    ``KIND/KEY`` (``instrument/UNTOC``) or a bare registry key (``UNODC``, ``UNTOC``), which may be a
    body, an instrument, an event or an actor group.
    """
    text = node.strip()
    if text.startswith(("http://", "https://")):
        return [URIRef(text)]
    expanded = expand(text)
    if expanded != text:
        return [URIRef(expanded)]
    kind, sep, key = text.partition("/")
    if sep and kind in _ENTITY_KINDS:
        return [entity_iri(kind, key)]
    if "/" in text:
        return [doc_iri(normalise_symbol(text))]
    return [entity_iri(k, text) for k in _ENTITY_KINDS]


_ENTITY_KINDS = ("body", "instrument", "event", "actor")


class KnowledgeGraph:
    """The knowledge graph, queried through one SPARQL source (embedded store or remote endpoint)."""

    def __init__(
        self,
        source: SparqlSource,
        *,
        name: str = "tipkg",
        dataset: Dataset | None = None,
        build_result: BuildResult | None = None,
        remember: bool = True,
    ) -> None:
        global _current
        self.source = source
        self.name = name
        self.dataset = dataset
        self.build_result = build_result
        self._networks: dict[str, nx.DiGraph] = {}
        if remember:
            _current = self

    # ------------------------------------------------------------ constructors

    @classmethod
    def build(
        cls,
        *sources: str | Path,
        validate: bool = False,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> KnowledgeGraph:
        """Build registry + sources in memory and query it through an in-memory Oxigraph store.

        ``validate`` runs the SHACL shapes too (slower); the report is on ``.build_result.report``.
        """

        result = run_build([Path(s) for s in sources], validate=validate, progress=progress)
        names = ", ".join(Path(s).name for s in sources) or "registry"
        kg = cls.from_dataset(result.dataset, name=f"built from {names}")
        kg.build_result = result
        return kg

    @classmethod
    def from_dataset(cls, dataset: Dataset, *, name: str = "dataset") -> KnowledgeGraph:
        """Wrap an rdflib Dataset (copied into Oxigraph, whose SPARQL is much faster)."""

        return cls(OxigraphSource(oxigraph_from_dataset(dataset)), name=name, dataset=dataset)

    @classmethod
    def from_documents(cls, *documents: Document, registry: bool = False) -> KnowledgeGraph:
        """A graph of the ontology and the given loaded documents (plus the registry if asked).

        Meant for small, exact examples: hand-made :class:`~tipkg.loaders.model.Document` objects.
        """

        ds = new_dataset()
        add_graph(ds, ontology_graph())
        if registry:
            for g in registry_graphs(load_registry()):
                add_graph(ds, g)
        for doc in documents:
            add_graph(ds, emit(doc))
        return cls.from_dataset(ds, name=f"{len(documents)} documents")

    @classmethod
    def open(cls, path: str | Path) -> KnowledgeGraph:
        """Open a store directory (``tipkg build`` output) read-only, or load an RDF file."""

        p = Path(path)
        if not p.exists():
            raise FileNotFoundError(f"{p}: no store or RDF file here")
        return cls(OxigraphSource(open_graph(p)), name=str(p))

    @classmethod
    def connect(cls, endpoint_url: str) -> KnowledgeGraph:
        """The same API over a remote SPARQL 1.1 endpoint (``tipkg serve``, Fuseki, GraphDB …)."""

        return cls(RemoteEndpoint(endpoint_url), name=endpoint_url)

    # ------------------------------------------------------------ queries

    def select(self, sparql: str) -> pd.DataFrame:
        """Run a SELECT (project prefixes predeclared) and return its table.

        On a remote endpoint that cut the answer at its row limit, a
        :class:`~tipkg.graph.store.truncation.TruncatedResultWarning` says so, and so does
        ``frame.attrs["truncated"]``.
        """
        (names, rows), cut = _noting_cuts(lambda: self.source.select(sparql_prolog() + sparql))
        frame = frames.to_frame(names, rows)
        frame.attrs["truncated"] = cut  # also for code that filters warnings out
        return frame

    def query(self, name_or_sparql: str, **params: object) -> pd.DataFrame:
        """Run a named query (``kg.query("mandates", body="UNODC")``) or SPARQL text.

        Named queries take their declared parameters; SPARQL text may use ``$name`` variables, bound
        to the given values (``str`` IRIs and prefixed names as IRIs, other ``str`` as literals).
        """

        if _looks_like_sparql(name_or_sparql):
            query = catalogue.parse_query(name_or_sparql, fallback_name="inline")
            query = _with_inline_params(query, params)
        else:
            query = catalogue.get_query(name_or_sparql)
        # Comments go before sending: SPARQLWrapper guesses the query form with a regex that reads
        # words in comment lines ("addressed" -> ADD) and would send a SELECT as an update.
        query = replace(query, text=strip_comments(query.text))
        bound = {k: _param_text(v) for k, v in params.items()}
        result, cut = _noting_cuts(lambda: runner.run(self.source, query, bound))
        if result.graph is not None:
            rows = [tuple(t) for t in result.graph]
            frame = frames.to_frame(["subject", "predicate", "object"], rows)
        else:
            frame = frames.values_frame(result.columns, result.rows)
        frame.attrs["truncated"] = cut  # also for code that filters warnings out
        return frame

    def queries(self) -> pd.DataFrame:
        """The named queries this package ships: name, purpose, parameters, example."""

        rows = [
            (q.name, q.purpose, ", ".join(f"{p.name} ({p.type})" for p in q.params), q.example)
            for q in named_queries().values()
        ]
        return pd.DataFrame(rows, columns=["name", "purpose", "params", "example"])

    # ------------------------------------------------------------ documents

    def chain(
        self,
        symbol: str,
        direction: Direction = "up",
        depth: int | None = None,
        relations: str | Sequence[str] = CHAIN_RELATIONS,
        lang: str | None = None,
    ) -> pd.DataFrame:
        """The citation chain from a document: what it cites (``up``) or what cites it (``down``).

        With ``lang`` ("fr", "zh" …) a ``label`` column gives each node's name in that language
        (the title of its version in that language, the registry's label), where the graph has one.

        One row per node reached, at its shallowest depth, in breadth-first order: symbol (or
        name), date, relation(s) of the edge that reached it, depth, and the path from the start.
        ``relations`` defaults to recalls/reaffirms; ``"all"`` follows every citing verb.
        """

        if direction not in ("up", "down"):
            raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
        rels = parse_relations(relations if isinstance(relations, str) else list(relations))
        tree = walk(self.source, str(resolve(symbol)), direction=direction, depth=depth, relations=rels)
        rows: list[tuple[object, ...]] = []
        paths: dict[int, str] = {id(tree): tree.info.name}
        for node in _breadth_first(tree):
            for child in node.children:
                paths[id(child)] = f"{paths[id(node)]} > {child.info.name}"
                if child.repeat:
                    continue
                info = child.info
                rows.append(
                    (
                        info.name,
                        _iso_date(info.date),
                        ", ".join(child.relations),
                        child.depth,
                        paths[id(child)],
                        info.stub,
                        compact(info.iri),
                    )
                )
        frame = pd.DataFrame(rows, columns=["symbol", "date", "relation", "depth", "path", "stub", "node"])
        if lang:
            names = labels_in(self.source, [expand(n) for n in frame["node"]], lang)
            frame["label"] = [names.get(expand(n)) for n in frame["node"]]
        return frame

    def resolution(self, symbol: str, lang: str | None = None) -> Resolution:
        """A resolution (or any document) with its paragraphs, citations and footnotes; with ``lang``
        its title and paragraph texts in that language where that version is loaded."""
        return Resolution.fetch(self, symbol, lang)

    # ------------------------------------------------------------ summaries

    def counts(self) -> pd.DataFrame:
        """Entities per class, outside the ontology graph (largest first)."""
        return self.select(
            f"""SELECT ?class (COUNT(DISTINCT ?s) AS ?count) WHERE {{
                GRAPH ?g {{ ?s a ?class }}
                FILTER(?g != <{ID}graph/ontology>)
            }} GROUP BY ?class ORDER BY DESC(?count) ?class"""
        )

    def named_graphs(self) -> pd.DataFrame:
        """Every named graph with its number of triples."""
        return self.select(
            "SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } } "
            "GROUP BY ?graph ORDER BY ?graph"
        )

    def top_instruments(self, n: int = 10) -> pd.DataFrame:
        """Registry instruments by the number of citations (mentions of each by a paragraph)."""
        return self.select(
            f"""SELECT ?instrument (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?c) AS ?citations)
                  (COUNT(DISTINCT ?doc) AS ?documents) WHERE {{
                ?c cito:hasCitedEntity ?instrument ; cito:hasCitingEntity ?p .
                ?p eli:is_part_of+ ?doc . ?doc a tip:Document .
                FILTER(STRSTARTS(STR(?instrument), "{ID}instrument/"))
                OPTIONAL {{ ?instrument skos:prefLabel ?name FILTER(LANG(?name) = "") }}
            }} GROUP BY ?instrument ORDER BY DESC(?citations) ?instrument LIMIT {int(n)}"""
        )

    # ------------------------------------------------------------ networks

    def to_networkx(self, kind: Literal["citation", "entity"] = "citation") -> nx.DiGraph:
        """The graph as networkx: ``citation`` (documents and instruments, cites edges) or ``entity``.

        Fetched once per KnowledgeGraph and kept (a copy is returned, so callers may change it).
        """

        if kind not in self._networks:
            if kind == "citation":
                self._networks[kind] = network.citation_graph(self.source)
            elif kind == "entity":
                self._networks[kind] = network.entity_graph(self.source)
            else:
                raise ValueError(f"kind must be 'citation' or 'entity', not {kind!r}")
        return self._networks[kind].copy()

    def export(self, path: str | Path, *, entities: bool = False) -> Path:
        """Write the citation graph for Gephi (``.gexf``, GEXF 1.3) or other tools (``.graphml``).

        ``entities`` adds the bodies, events and actors documents involve.
        """

        out = Path(path)
        writers = {".gexf": write_gexf, ".graphml": write_graphml}
        if out.suffix.lower() not in writers:
            raise ValueError(f"{out}: choose a .gexf or .graphml file name")
        writers[out.suffix.lower()](export_graph(self.source, entities=entities), out)
        return out

    def rank(self, kinds: str | Sequence[str] = "instrument", top: int = 10) -> pd.DataFrame:
        """Nodes of the citation graph by weighted PageRank, with citing documents and citations.

        ``kinds``: ``"instrument"``, ``"resolution"``, ``"document"`` … or several of them.
        """

        wanted = [kinds] if isinstance(kinds, str) else list(kinds)
        ranked = ranking(self.to_networkx("citation"), wanted, top)
        rows = [(r.name, r.kind, r.pagerank, r.in_degree, r.citations, compact(r.node)) for r in ranked]
        return pd.DataFrame(rows, columns=["name", "kind", "pagerank", "documents", "citations", "node"])

    def show(
        self,
        focus: str | None = None,
        *,
        depth: int = 1,
        kind: Literal["citation", "entity"] = "citation",
        max_nodes: int = 200,
        height: str = "600px",
    ) -> NetworkView:
        """Draw (part of) the graph interactively, offline.

        ``focus`` (a symbol, prefixed name or registry key) draws its neighbourhood up to ``depth``
        hops in either direction; without it the ``max_nodes`` best-connected nodes are drawn.
        """
        g = self.to_networkx(kind)
        centre: str | None = None
        if focus is not None:
            found = [str(c) for c in candidates(focus) if str(c) in g]
            if not found:
                raise NotInGraph(focus, str(candidates(focus)[0]) if candidates(focus) else None, "node")
            centre = found[0]
            sub = nx.ego_graph(g, centre, radius=depth, undirected=True)
            title = f"{focus}: {depth}-hop neighbourhood"
        else:
            sub = g
            title = f"{self.name}: {kind} graph"
        if sub.number_of_nodes() > max_nodes:
            ranked = sorted(sub.degree, key=lambda nd: (-nd[1], str(nd[0])))
            keep = {n for n, _ in ranked[:max_nodes]}
            if centre is not None:
                keep.add(centre)
            sub = sub.subgraph(keep)
            title += f" (top {max_nodes} by degree)"
        return draw(sub, title=title, height=height, focus=centre)

    # ------------------------------------------------------------ display

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.name!r}>"

    def documents(self) -> dict[str, int]:
        """How many documents are loaded in full and how many are only cited (stubs)."""
        df = self.select(
            """SELECT (COUNT(DISTINCT ?loaded) AS ?full) (COUNT(DISTINCT ?doc) AS ?all) WHERE {
                ?doc a tip:Document . OPTIONAL { ?doc tip:stub false BIND(?doc AS ?loaded) } }"""
        )
        full, total = int(df["full"].iloc[0]), int(df["all"].iloc[0])
        return {"loaded": full, "stubs": total - full}

    def _repr_html_(self) -> str:
        return graph_summary_html(
            self.name, self.documents(), self.counts(), self.named_graphs(), self.top_instruments(5)
        )


def _with_inline_params(query: NamedQuery, params: Mapping[str, object]) -> NamedQuery:
    """Declare the keyword arguments of inline SPARQL as parameters of the parsed query."""

    declared: list[Param] = []
    for name, value in params.items():
        if isinstance(value, bool):
            raise TypeError(f"parameter {name}: booleans are not supported")
        if isinstance(value, int):
            declared.append(Param(name, "int"))
        elif isinstance(value, str) and expand(value).startswith(("http://", "https://")):
            declared.append(Param(name, "iri"))
        else:
            declared.append(Param(name, "literal"))
    return replace(query, params=tuple(declared))


class Resolution:
    """One document as three tables (paragraphs, citations, footnotes) with an HTML view."""

    def __init__(
        self,
        symbol: str,
        iri: str,
        facts: dict[str, object],
        paragraphs: pd.DataFrame,
        citations: pd.DataFrame,
        footnotes: pd.DataFrame,
    ) -> None:
        self.symbol = symbol
        self.iri = iri
        self.facts = facts
        self.paragraphs = paragraphs
        self.citations = citations
        self.footnotes = footnotes

    @property
    def title(self) -> str | None:
        value = self.facts.get("title")
        return None if value is None else str(value)

    @classmethod
    def fetch(cls, kg: KnowledgeGraph, symbol: str, lang: str | None = None) -> Resolution:
        """The document as loaded; with ``lang`` ("fr" …) its title and paragraph texts in that
        language where its version in it is loaded (English otherwise)."""
        node = resolve(symbol)
        asked = RDFLiteral(tag_of(lang) or "en").n3()
        facts_df = kg.select(
            f"""SELECT ?symbol (COALESCE(?asked, ?english) AS ?title) ?date ?body ?bodyLabel ?stub ?seeAlso ?note
            WHERE {{
                VALUES ?doc {{ <{node}> }}
                ?doc a tip:Document .
                OPTIONAL {{ ?doc dcterms:identifier ?symbol }}
                OPTIONAL {{ ?doc dcterms:title ?english FILTER(LANG(?english) = "") }}
                OPTIONAL {{ ?doc dcterms:title ?asked FILTER(LANGMATCHES(LANG(?asked), {asked})) }}
                OPTIONAL {{ GRAPH ?g {{ ?doc tip:stub false }} ?g prov:wasDerivedFrom/dcterms:rights ?note }}
                OPTIONAL {{ ?doc eli:date_document ?date }}
                OPTIONAL {{ ?doc eli:passed_by ?body OPTIONAL {{ ?body skos:prefLabel ?bodyLabel FILTER(LANG(?bodyLabel) = "") }} }}
                OPTIONAL {{ ?doc tip:stub ?stub }}
                OPTIONAL {{ ?doc rdfs:seeAlso ?seeAlso }}
            }} LIMIT 1"""
        )
        if facts_df.empty:
            raise NotInGraph(symbol, str(node))
        facts = {k: (None if pd.isna(v) else v) for k, v in facts_df.iloc[0].to_dict().items()}
        paragraphs = kg.select(
            f"""SELECT DISTINCT ?paragraph ?kind ?number ?phrase ?text ?order WHERE {{
                ?paragraph eli:is_part_of+ <{node}> ; tip:order ?order ; a ?cls .
                VALUES (?cls ?kind) {{ (tip:PreambularParagraph "preambular")
                    (tip:OperativeParagraph "operative") (tip:SubParagraph "sub") }}
                OPTIONAL {{ ?paragraph eli:number ?number }}
                OPTIONAL {{ ?paragraph tip:phraseText ?phrase }}
                OPTIONAL {{ ?paragraph tip:text ?english FILTER(LANG(?english) = "") }}
                OPTIONAL {{ ?paragraph tip:text ?asked FILTER(LANGMATCHES(LANG(?asked), {asked})) }}
                BIND(COALESCE(?asked, ?english) AS ?text)
            }} ORDER BY ?order"""
        )
        citations = kg.select(
            f"""SELECT ?paragraph ?relation ?target (SAMPLE(?name) AS ?label) (SAMPLE(?d) AS ?date)
                  (SAMPLE(?exact) AS ?quote) WHERE {{
                ?c a cito:Citation ; cito:hasCitingEntity ?paragraph ; cito:hasCitedEntity ?target ;
                   cito:hasCitationCharacterization ?relation .
                ?paragraph eli:is_part_of+ <{node}> ; tip:order ?order .
                OPTIONAL {{ ?target dcterms:identifier|skos:prefLabel ?name FILTER(LANG(?name) = "") }}
                OPTIONAL {{ ?c tip:citedDate ?d }}
                OPTIONAL {{ ?c tip:span/oa:exact ?exact }}
            }} GROUP BY ?c ?order ?paragraph ?relation ?target ORDER BY ?order ?c"""
        )
        footnotes = kg.select(
            f"""SELECT ?marker ?citation ?refersTo ?text WHERE {{
                ?fn a tip:Footnote ; eli:is_part_of <{node}> ; tip:marker ?marker .
                OPTIONAL {{ ?fn dcterms:bibliographicCitation ?citation }}
                OPTIONAL {{ ?fn tip:refersTo ?refersTo }}
                OPTIONAL {{ ?fn tip:text ?text }}
            }}"""
        )
        footnotes = _natural_sort(footnotes, "marker")
        shown = str(facts.get("symbol") or symbol)
        return cls(shown, compact(str(node)), facts, paragraphs, citations, footnotes)

    def __repr__(self) -> str:
        return (
            f"<Resolution {self.symbol}: {len(self.paragraphs)} paragraphs, "
            f"{len(self.citations)} citations, {len(self.footnotes)} footnotes>"
        )

    def _repr_html_(self) -> str:
        return resolution_html(
            self.symbol, self.title, self.iri, self.facts, self.paragraphs, self.citations, self.footnotes
        )


def _breadth_first(tree: ChainNode) -> list[ChainNode]:
    """Nodes of a chain tree level by level (the walk order users read a chain in)."""
    order, level = [], [tree]
    while level:
        order.extend(level)
        level = [c for n in level for c in n.children if not c.repeat]
    return order


def _iso_date(value: str | None) -> object:
    """An ISO date string as a ``datetime.date``; partial dates (a year) stay strings."""
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        return value


def _natural_sort(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Footnote markers sort as numbers where they are numbers ("2" before "10")."""

    def key(value: object) -> tuple[int, int, str]:
        text = str(value)
        return (0, int(text), "") if text.isdigit() else (1, 0, text)

    order = sorted(range(len(frame)), key=lambda i: key(frame[column].iloc[i]))
    return frame.iloc[order].reset_index(drop=True)
