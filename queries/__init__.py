"""Named SPARQL queries (*.rq), shipped as package data."""
