"""Answers kept for the same request: the release is read-only while it is served, so a query (or an
IRI asked for with the same ``Accept``) has one answer, computed once.

Without it every SPARQL request crosses to a query worker and back, and each crossing waits for
the event loop's next turn: under load that wait, not the query (a millisecond or less), is what
a client sees. Answers are kept per release version (the digest of ``ipco.nq``), so a worker that
loaded another version (the release rebuilt under a running server) never fills the cache, and
only answers that cannot change are kept: not a 5xx (a time limit depends on the load), not a
query calling ``NOW()``, ``RAND()`` and the like. The cache holds at most ``max_bytes`` of answers,
least recently used first out, so memory stays flat whatever clients ask.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path

from ipco.query import mask_inert
from ipco.serve.formats import Response

#: Default size of the answer cache, MiB.
DEFAULT_CACHE_MIB = 64
#: Functions whose value changes from one evaluation to the next.
_VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)
#: What an entry costs besides its body: key, headers, bookkeeping.
_OVERHEAD = 512


def release_version(folder: Path) -> str:
    """The version of the release in ``folder``: the SHA-256 of its dataset, ``ipco.nq``."""
    digest = hashlib.sha256()
    with (folder / "ipco.nq").open("rb") as dataset:
        while chunk := dataset.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def deterministic(query: str) -> bool:
    """False for a query whose answer may change between two runs over the same data."""
    return not _VOLATILE.search(mask_inert(query))


class AnswerCache:
    """Responses by request, at most ``max_bytes`` of them (0 keeps none), least recently used out."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[Hashable, Response] = OrderedDict()

    def get(self, key: Hashable) -> Response | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: Hashable, response: Response) -> None:
        """Keep ``response`` unless it may change (a 5xx) or alone would fill the cache."""
        cost = _cost(response)
        if response.status >= 500 or cost > self.max_bytes // 8 or key in self._entries:
            return
        self._entries[key] = response
        self.size += cost
        while self.size > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self.size -= _cost(dropped)


def _cost(response: Response) -> int:
    return len(response.body) + _OVERHEAD
