"""Synthetic corpora, clearly marked as such (the marker itself is tipkg.ontology.synthetic): UN-style
resolution files with a record of what each says (corpus, plan, render, vocab, prose), the scoring of
a loader against that record (check), and a synthetic citation web for benchmarks (web)."""
