"""The Python and Jupyter face of the graph: KnowledgeGraph (api), results as DataFrames (frames),
offline HTML drawings and tables (display), the %%sparql cell magic (magic)."""
