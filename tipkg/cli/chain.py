"""``tipkg chain``: what a document stands on (or who builds on it), as a tree."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.tree import Tree

from tipkg.cli.common import FileOpt, StoreOpt, consoles, fail, sparql_source
from tipkg.ontology.relations import CHAIN_RELATIONS, parse_relations


def chain_tree(node: object, down: bool = False) -> Tree:
    """The rich rendering of a :class:`tipkg.graph.query.chain.ChainNode`.

    Up: ``recalls → X`` (the parent recalls X). Down: ``X (recalls ↑)`` (X recalls the parent).
    """
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
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
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Names in this language (fr, es, ru, zh, ar) where the graph has them."),
    ] = None,
) -> None:
    """Show the citation chain of a document as a tree (repeats are marked, not expanded).

    Example: tipkg chain A/RES/74/176 --up --depth 3 --relation recalls,reaffirms --lang fr
    """
    # loaded when the command runs, not at start-up (see tipkg/cli/__init__.py)
    from tipkg.graph.query import chain, lookup
    from tipkg.queries import catalogue

    try:
        rels = parse_relations(relation)
        source = sparql_source(store, file)
        root = chain.resolve(symbol)
        if not lookup.in_graph(source, root):
            raise lookup.NotInGraph(symbol, str(root))
        tree = chain.chain(source, symbol, "up" if up else "down", depth, rels, lang=lang)
    except (ValueError, catalogue.QueryError, lookup.NotInGraph) as exc:
        raise fail(str(exc)) from None
    consoles.out.print(chain_tree(tree, down=not up))
    note = chain.source_note(source)
    if note:  # the UN's terms for its Akoma Ntoso texts
        consoles.out.print(f"[dim]{escape(note)}[/]")
    if not tree.children:
        what = "ancestors" if up else "descendants"
        consoles.err.print(f"[yellow]{escape(symbol)}: no {what} through {', '.join(rels)}[/]")
