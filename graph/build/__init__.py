"""Building the dataset: ontology + registry + one named graph per source into the store, sources
found under folders, parsed in parallel worker processes, validated as they load."""
