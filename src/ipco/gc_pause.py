"""Pause Python's cyclic garbage collector while a stage builds millions of objects.

pyoxigraph's terms and quads are tracked by the cyclic collector, so building a million of them
(parsing, sets of distinct terms, the validation store's input) triggers collections that walk
every object built so far, again and again: at a million triples the collector took 2.4 s of the
5.3 s that parsing took. These stages make no reference cycles, so nothing is left uncollected:
the collector runs again, as usual, once the stage is over.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off (reference counting still frees objects)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
