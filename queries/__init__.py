"""SPARQL as text: the named queries (*.rq, shipped as package data), their catalogue (catalogue.py:
headers, parameters, binding) and the one SPARQL lexer (sparql_text.py). Below tipkg.graph, which
runs them; beside tipkg.loaders; on tipkg.ontology."""
