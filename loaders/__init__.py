"""Loaders: a source file -> the document model -> triples; the curated registry beside them.

sources/ reads each format into text and metadata, parse/ turns text into a
:class:`~tipkg.loaders.model.Document` (pure steps, no I/O), registry/ loads the YAML registry whose
names the parser links, emit.py writes a document's triples, evaluate.py scores the parser against
hand annotations. Nothing here imports tipkg.graph: loaders sit on tipkg.ontology only.
"""
