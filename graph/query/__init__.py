"""Asking the graph: where SPARQL runs (source), the named-query runner and its result formats,
citation chains, and the networkx view with its analytics."""
