"""Synthetic corpora, clearly marked as such (the marker itself is tipkg.ontology.synthetic): UN-style
resolution files with a record of what each says (corpus, plan, render, vocab, prose), the scoring of
a loader against that record (check), and a synthetic citation web for benchmarks (web). Beside them,
not synthetic: the UN's official Akoma Ntoso texts printed as UN PDFs and as flattened, fragmentary
and partial text (printed, unpdf, partial), read back and compared with the official file
(against_akn) — written to temporary folders only."""
