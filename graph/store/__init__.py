"""Where the graph is kept: the embedded Oxigraph store and RDF files (embedded.py), remote SPARQL
stores (remote.py), merging graphs for pyshacl (merge.py), and the default locations (defaults.py)."""
