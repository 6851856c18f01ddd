"""The SPARQL endpoint: the 1.1 Protocol and Graph Store reads (app), content negotiation, the guard
that looks inside a query before it runs, worker processes with a real timeout, result writers, the
service description, and the YASGUI page (static/)."""
