"""Loaders: sources (UN texts, the curated registry) -> document model -> triples."""
