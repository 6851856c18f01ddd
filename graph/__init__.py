"""The graph once built: store/ (embedded Oxigraph, RDF files, remote stores), build/ (sources into
the store), validate/ (SHACL), query/ (named queries, chains, analytics), export/ (GEXF, GraphML, RDF),
endpoint/ (the SPARQL endpoint) and notebook/ (the Python and Jupyter face)."""
