"""Queries that scan a predicate instead of joining the focus pattern, for the largest focus sets.

A property shape over the instances of some classes asks, for each constraint, for the pairs
``?this p ?value`` of its focus nodes. pyoxigraph answers that by looking up ``p`` for every focus
node (about 2 µs each: 0.3 s for 100,000 nodes, in every query), where scanning the triples of
``p`` alone costs a fifth of that per triple. So when a predicate has few triples next to the
size of the focus, the queries read the predicate's triples alone and return the violations
(rare), and Python keeps those whose subject is a focus node (``among``), asked for only when a
query has rows to keep. The answers are the same, the (focus, value) pairs whose
focus is a focus node. The focus nodes without any value are asked for with the focus pattern
(``lacking``), once per focus and predicate.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from ipco.engines.shacl_model import CompiledShape, Focus, Row
from ipco.engines.shacl_terms import OxTerm

#: Up to this many nodes are looked up in a focus one by one, more by reading the whole focus.
_MAX_LISTED = 5000
#: A predicate is scanned when it has at most this many triples per focus node (measured at 1M
#: triples: looking a focus node up costs 4 to 5 times a scanned triple).
_SCAN_RATIO = 4


class FocusSets:
    """What the scanning queries need to know about focus sets and predicates, each read once
    with ``select``."""

    def __init__(self, select: Callable[[str], list[Row]]) -> None:
        self._select = select
        self._sizes: dict[str, int] = {}
        self._members: dict[str, frozenset[OxTerm]] = {}
        self._lacking: dict[tuple[str, str], list[OxTerm]] = {}
        self._counts: dict[str, tuple[int, int]] = {}  # predicate: its triples counted, up to a cap

    def scans(self, shape: CompiledShape, focus: Focus) -> bool:
        """True when queries over ``shape``'s values had better scan its predicate than join the
        focus pattern: a plain predicate path, with few triples for the size of the focus."""
        path = shape.path
        if path is None or path.predicate is None or focus.subjects_of == path.sparql:
            return False
        if focus.template not in self._sizes:  # an upper bound: a node of two classes counts twice
            (count,) = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {focus.pattern('this')} }}")[0]
            self._sizes[focus.template] = int(count.value) if isinstance(count, ox.Literal) else 0
        return self._few_triples(path.predicate, _SCAN_RATIO * self._sizes[focus.template])

    def among(self, focus: Focus, nodes: set[OxTerm]) -> set[OxTerm]:
        """Those of ``nodes`` that are focus nodes: asked by ``EXISTS`` about each (a join with
        ``VALUES`` would read the whole focus: 5 s for 2,000 nodes at 1M triples, 0.03 s so) when
        they are few IRIs or literals and the focus has no sub-query (evaluated again for every
        node) nor BIND, else by reading the focus nodes once."""
        template = focus.template.upper()
        if focus.template in self._members or len(nodes) > _MAX_LISTED or "SELECT" in template or "BIND(" in template:
            return nodes & self._read(focus)  # a BIND (a listed blank node) would rebind the asked node
        if any(isinstance(node, ox.BlankNode) for node in nodes):
            return nodes & self._read(focus)
        listed = " ".join(sorted(str(node) for node in nodes))
        exists = f"FILTER EXISTS {{ {focus.pattern('this')} }}"
        rows = self._select(f"SELECT ?this WHERE {{ VALUES ?this {{ {listed} }} {exists} }}")
        return {row[0] for row in rows if row[0] is not None}

    def _read(self, focus: Focus) -> frozenset[OxTerm]:
        if focus.template not in self._members:
            rows = self._select(f"SELECT DISTINCT ?this WHERE {{ {focus.pattern('this')} }}")
            self._members[focus.template] = frozenset(row[0] for row in rows if row[0] is not None)
        return self._members[focus.template]

    def lacking(self, focus: Focus, predicate: str) -> list[OxTerm]:
        """The focus nodes without a ``predicate`` (SPARQL text of an IRI)."""
        key = (focus.template, predicate)
        if key not in self._lacking:
            missing = f"FILTER NOT EXISTS {{ ?this {predicate} [] }}"
            query = f"SELECT DISTINCT ?this WHERE {{ {focus.pattern('this')} {missing} }}"
            self._lacking[key] = [row[0] for row in self._select(query) if row[0] is not None]
        return self._lacking[key]

    def _few_triples(self, predicate: str, limit: int) -> bool:
        """True when ``predicate`` has at most ``limit`` triples (counted no further than needed:
        a count up to a larger limit, or below its own limit, answers again)."""
        count, cap = self._counts.get(predicate, (0, -1))
        if count >= cap and cap <= limit:  # not counted, or stopped at a cap that says nothing here
            cap = limit + 1
            triples = f"SELECT ?s WHERE {{ ?s {predicate} ?o }} LIMIT {cap}"
            (found,) = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ {triples} }} }}")[0]
            count = int(found.value) if isinstance(found, ox.Literal) else cap
            self._counts[predicate] = (count, cap)
        return count <= limit
