"""Sources as users have them: one reader per file format, the corpus manifest, and dispatch
(which reader a file needs). Each reads a file into text and metadata and hands it to the parser."""
