"""``tipkg query``, ``tipkg chain``, ``tipkg stats`` and ``tipkg export``: reading the built graph."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from tipkg.graph.query.source import OxigraphSource, SparqlSource, default_input
from tipkg.graph.store.embedded import FORMATS, open_graph
from tipkg.ontology.relations import CHAIN_RELATIONS, parse_relations


class _Consoles:
    """Consoles made when first printed to, so COLUMNS and redirections at call time apply."""

    @property
    def out(self) -> Console:
        return Console()

    @property
    def err(self) -> Console:
        return Console(stderr=True)


_c = _Consoles()

StoreOpt = Annotated[
    Path | None, typer.Option("--store", help="Oxigraph store directory (default build/store).")
]
FileOpt = Annotated[
    Path | None, typer.Option("--file", help="RDF file instead of the store (e.g. build/tipkg.trig).")
]
GRAPH_FORMATS = ("gexf", "graphml")


def _input(store: Path | None, file: Path | None) -> Path:
    try:
        return default_input(store, file)
    except (FileNotFoundError, ValueError) as exc:
        _c.err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None


def _source(store: Path | None, file: Path | None) -> SparqlSource:
    return OxigraphSource(open_graph(_input(store, file)))


def _fail(message: str) -> typer.Exit:
    _c.err.print(f"[red]error:[/] {escape(message)}")
    return typer.Exit(2)


def list_queries() -> Table:
    from tipkg.queries.catalogue import named_queries

    table = Table(title="named queries (tipkg query NAME --param k=v)")
    table.add_column("name", style="bold")
    table.add_column("purpose")
    table.add_column("parameters")
    for q in named_queries().values():
        params = "\n".join(f"{p.name} ({p.type}{', ' + p.default if p.default else ''})" for p in q.params)
        table.add_row(q.name, q.purpose, params or "-")
    return table


def chain_tree(node: object, down: bool = False) -> Tree:
    """The rich rendering of a :class:`tipkg.graph.query.chain.ChainNode`.

    Up: ``recalls → X`` (the parent recalls X). Down: ``X (recalls ↑)`` (X recalls the parent).
    """
    from tipkg.graph.query.chain import ChainNode

    assert isinstance(node, ChainNode)

    def label(n: ChainNode) -> str:
        parts = []
        if n.relations and not down:
            parts.append(f"[cyan]{' + '.join(n.relations)}[/] →")
        parts.append(f"[bold]{escape(n.info.name)}[/]")
        if n.relations and down:
            parts.append(f"[cyan]({' + '.join(n.relations)} ↑)[/]")
        if n.info.date:
            parts.append(n.info.date)
        if n.info.label and n.info.label != n.info.name:
            parts.append(escape(n.info.label if len(n.info.label) <= 90 else n.info.label[:89] + "…"))
        if n.info.stub:
            parts.append("[dim](stub: cited, not loaded)[/]")
        if n.repeat:
            parts.append("[yellow]↺ (repeat: expanded where first reached)[/]")
        if n.truncated:
            parts.append("[dim]… (depth limit)[/]")
        return " ".join(parts)

    def add(tree: Tree, n: ChainNode) -> None:
        for c in n.children:
            add(tree.add(label(c)), c)

    root = Tree(label(node))
    add(root, node)
    return root


def register(app: typer.Typer) -> None:
    @app.command("query")
    def query_command(
        name: Annotated[
            str | None, typer.Argument(help="A named query (see --list) or a .rq file.", show_default=False)
        ] = None,
        param: Annotated[
            list[str] | None, typer.Option("--param", "-p", help="Parameter NAME=VALUE (repeatable).")
        ] = None,
        fmt: Annotated[
            str, typer.Option("--format", "-f", help="table | csv | json (CONSTRUCT also: ttl, xml).")
        ] = "table",
        store: StoreOpt = None,
        file: FileOpt = None,
        list_: Annotated[
            bool, typer.Option("--list", help="List the named queries and their parameters.")
        ] = False,
        endpoint: Annotated[
            str | None, typer.Option("--endpoint", help="Run it on a remote SPARQL endpoint (URL) instead.")
        ] = None,
    ) -> None:
        """Run a named SPARQL query (or your own .rq file) on the built graph.

        Example: tipkg query ancestors --param doc=A/RES/74/176 --format csv
        """
        from tipkg.graph.query import runner
        from tipkg.graph.query.result import to_csv, to_json, to_table
        from tipkg.graph.store.remote import RemoteEndpoint, RemoteError
        from tipkg.queries import catalogue

        if list_ or name is None:
            _c.out.print(list_queries())
            return
        try:
            q = catalogue.get_query(name)
            source: SparqlSource = RemoteEndpoint(endpoint) if endpoint else _source(store, file)
            result = runner.run(source, q, catalogue.parse_param_args(param or []))
        except catalogue.QueryError as exc:
            raise _fail(str(exc)) from None
        except RemoteError as exc:
            raise _fail(str(exc)) from None
        except SyntaxError as exc:
            raise _fail(f"SPARQL syntax: {exc}") from None
        if result.graph is not None and fmt in ("ttl", "xml"):
            data = result.graph.serialize(format="turtle" if fmt == "ttl" else "xml")
            sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
        elif fmt == "csv":
            sys.stdout.write(to_csv(result))
        elif fmt == "json":
            sys.stdout.write(to_json(result) + "\n")
        elif fmt == "table":
            _c.out.print(to_table(result, title=f"{q.name} ({len(result.rows)} rows)"))
        else:
            raise _fail(f"unknown format {fmt!r}")

    @app.command("chain")
    def chain_command(
        symbol: Annotated[str, typer.Argument(help="Document symbol (A/RES/74/176) or IRI.")],
        up: Annotated[
            bool, typer.Option("--up/--down", help="Ancestors (what it recalls) or descendants.")
        ] = True,
        depth: Annotated[int | None, typer.Option("--depth", "-d", min=1, help="Stop after N steps.")] = None,
        relation: Annotated[
            str, typer.Option("--relation", "-r", help="Relations to follow, comma-separated, or 'all'.")
        ] = ",".join(CHAIN_RELATIONS),
        store: StoreOpt = None,
        file: FileOpt = None,
    ) -> None:
        """Show the citation chain of a document as a tree (repeats are marked, not expanded).

        Example: tipkg chain A/RES/74/176 --up --depth 3 --relation recalls,reaffirms
        """
        from tipkg.graph.query import chain
        from tipkg.queries import catalogue

        try:
            rels = parse_relations(relation)
            tree = chain.chain(_source(store, file), symbol, "up" if up else "down", depth, rels)
        except (ValueError, catalogue.QueryError) as exc:
            raise _fail(str(exc)) from None
        _c.out.print(chain_tree(tree, down=not up))
        if not tree.children:
            what = "ancestors" if up else "descendants"
            _c.err.print(f"[yellow]{escape(symbol)}: no {what} through {', '.join(rels)}[/]")

    @app.command("stats")
    def stats_command(
        top: Annotated[int, typer.Option("--top", "-n", min=1, help="Rows in the rankings.")] = 10,
        store: StoreOpt = None,
        file: FileOpt = None,
    ) -> None:
        """Network analytics: PageRank and in-degree, the longest chain, components, counts per year.

        Example: tipkg stats --top 15
        """
        from tipkg.graph.query.network import citation_graph, stats

        g = citation_graph(_source(store, file))
        s = stats(g, top)
        overview = Table(title="citation graph")
        overview.add_column("what")
        overview.add_column("count", justify="right")
        overview.add_row("nodes", str(s.nodes))
        overview.add_row("edges (citing → cited pairs)", str(s.edges))
        for kind, n in s.kinds.items():
            overview.add_row(f"  {kind}", str(n))
        overview.add_row("stubs (cited, not loaded)", str(s.stubs))
        overview.add_row("weakly connected components", str(len(s.components)))
        overview.add_row("largest component", str(len(s.components[0]) if s.components else 0))
        _c.out.print(overview)
        for title, rows in (
            ("documents by PageRank", s.top_resolutions),
            ("instruments by PageRank", s.top_instruments),
        ):
            t = Table(title=title)
            for col, just in (
                ("#", "right"),
                ("name", "left"),
                ("kind", "left"),
                ("PageRank", "right"),
                ("cited by", "right"),
                ("citations", "right"),
            ):
                t.add_column(col, justify=just)  # type: ignore[arg-type]
            for i, r in enumerate(rows, start=1):
                t.add_row(
                    str(i), escape(r.name), r.kind, f"{r.pagerank:.4f}", str(r.in_degree), str(r.citations)
                )
            _c.out.print(t)
        _c.out.print(
            f"longest recall/reaffirm chain ({s.chain.length} steps"
            + (", cycles condensed)" if s.chain.has_cycle else ")"),
            style="bold",
        )
        ch = Table()
        ch.add_column("step", justify="right")
        ch.add_column("document")
        ch.add_column("date")
        for i, step in enumerate(s.chain.steps):
            names = [str(g.nodes[n].get("symbol") or g.nodes[n].get("label") or n) for n in step]
            dates = sorted(str(g.nodes[n].get("date")) for n in step if g.nodes[n].get("date"))
            ch.add_row(str(i), escape(" ⇄ ".join(names)), ", ".join(dates))
        _c.out.print(ch)
        py = Table(title="documents per year")
        for col in ("year", "kind", "loaded", "stubs"):
            py.add_column(col, justify="right" if col != "kind" else "left")
        for year, kind, loaded, stubs in s.per_year:
            py.add_row(str(year), kind, str(loaded), str(stubs))
        _c.out.print(py)

    @app.command("export")
    def export_command(
        fmt: Annotated[str, typer.Argument(help="gexf | graphml | ttl | trig | nq | jsonld")],
        out: Annotated[Path, typer.Argument(help="File to write.")],
        entities: Annotated[
            bool, typer.Option("--entities", help="gexf/graphml: add bodies, events and addressees as nodes.")
        ] = False,
        store: StoreOpt = None,
        file: FileOpt = None,
    ) -> None:
        """Export the graph for Gephi (GEXF 1.3, dynamic), other graph tools (GraphML) or as RDF.

        Example: tipkg export gexf build/tipkg.gexf --entities
        """
        from tipkg.graph.export.gexf import write_gexf
        from tipkg.graph.export.graphml import write_graphml
        from tipkg.graph.export.rdf import write_rdf
        from tipkg.graph.export.view import export_graph

        path = _input(store, file)
        if fmt in GRAPH_FORMATS:
            g = export_graph(OxigraphSource(open_graph(path)), entities=entities)
            (write_gexf if fmt == "gexf" else write_graphml)(g, out)
            _c.out.print(f"wrote {out} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")
        elif fmt in FORMATS:
            write_rdf(path, out, fmt)
            _c.out.print(f"wrote {out}")
        else:
            raise _fail(f"unknown format {fmt!r}; choose one of {', '.join((*GRAPH_FORMATS, *FORMATS))}")
