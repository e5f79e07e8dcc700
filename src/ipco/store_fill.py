"""The data's store, filled by pyoxigraph's own parser from the same bytes while Python parses them.

Filling a store from Python quads costs as much as parsing them (1.8 s a million, single-threaded);
pyoxigraph's ``Store.bulk_load`` parses and stores in Rust without holding the GIL, so on a second
core the store is ready when the Python parse ends. Two things only the Python parse can tell decide
whether that store is the one to validate (``ipco.engines.shacl_sparql.load_store``): blank nodes
(the store renames them, so they would no longer match the parsed quads, their locations and the
labels written in the file) and literals the store rewrites ("01"^^xsd:integer; see
``shacl_terms.VERBATIM``). When either occurs, or an input is not Turtle or N-Triples, the caller
fills a store from the quads as before: the fill only ever saves time, it never changes a result.
"""

from __future__ import annotations

import threading

import pyoxigraph as ox

from ipco.syntaxes import NTRIPLES, TURTLE, RdfSyntax

#: The syntaxes compared filled and not (tests/test_store_fill.py); the others fill from the quads.
_FILLABLE = (TURTLE, NTRIPLES)


class StoreFill:
    """Files loaded into one store in a background thread each, in the order given (each thread
    waits for the previous one: a store takes one bulk load at a time)."""

    def __init__(self) -> None:
        self._store = ox.Store()
        self._last: threading.Thread | None = None
        self._failed = False

    def add(self, data: bytes, syntax: RdfSyntax, base_iri: str | None) -> None:
        """Start loading ``data`` (already screened: ``load.screen``) into the default graph."""
        if syntax not in _FILLABLE:
            self._failed = True
            return
        previous = self._last

        def fill() -> None:
            if previous is not None:
                previous.join()
            try:
                self._store.bulk_load(data, format=syntax.oxigraph, base_iri=base_iri)
            except Exception:
                self._failed = True

        self._last = threading.Thread(target=fill, name="store fill", daemon=True)
        self._last.start()

    def store(self) -> ox.Store | None:
        """The filled store, once every load has ended; None when one could not be filled."""
        if self._last is not None:
            self._last.join()
        return None if self._failed or self._last is None else self._store
