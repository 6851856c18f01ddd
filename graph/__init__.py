"""Store, build, validation, analytics, export and serving of the graph."""
