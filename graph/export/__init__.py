"""Exports for graph tools and RDF: the exported graph view, GEXF 1.3 (Gephi), GraphML, RDF files."""
