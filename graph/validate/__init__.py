"""SHACL validation: two engines (pyshacl, the reference; the shapes compiled to SPARQL on Oxigraph),
two scopes (the whole store; each source graph apart, or as the build streams it), one report."""
