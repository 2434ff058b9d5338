"""What a charter is, with no I/O: the content schema, the registry of record kinds, the loaded charter, its
performance figures and change history, and the shapes it is published in (JSON Schema, open data)."""
