"""The curated registry of instruments, bodies and events: its YAML (data/), the loaded model, the
linking of its names in text, and its triples."""
