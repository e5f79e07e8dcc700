"""Validation inside a SPARQL 1.1 store: the fast SHACL engine's compiled queries are sent to the
endpoint and only their results travel back (``ipco validate --endpoint``; ``--download`` reads the
graphs and validates locally instead)."""
