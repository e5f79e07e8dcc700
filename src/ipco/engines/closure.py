"""The closure the fast reasoner computed, kept as its keys and decoded only when asked.

The pipeline needs the filtered new triples; the consistency checks need a small part of the
closure; explanations need all of it. Decoding 350k triples into pyoxigraph terms at 100k input
costs about a second, so each reader decodes only what it reads.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

import pyoxigraph as ox
from rdflib import OWL, RDF

from ipco.convert import OxTerm

Key = str
Triple = tuple[Key, Key, Key]

_TYPE = str(RDF.type)
_FIRST = str(RDF.first)
_REST = str(RDF.rest)
_OWL = str(OWL)
#: Both ends are classes or properties whose members the inconsistency rules compare.
_PAIRS = {str(OWL.disjointWith), str(OWL.complementOf), str(OWL.propertyDisjointWith)}
#: The object is a class or property (or a list of them) an inconsistency rule reads.
_NAMING = {str(OWL.onProperty), str(OWL.onClass), str(OWL.assertionProperty)}
_LISTS = {str(OWL.members), str(OWL.distinctMembers)}
_MAX = {str(OWL.maxCardinality), str(OWL.maxQualifiedCardinality)}
_SCHEMA = _PAIRS | _NAMING | _LISTS | _MAX | {_FIRST, _REST}
_CHARACTERISTICS = {str(OWL.IrreflexiveProperty), str(OWL.AsymmetricProperty)}


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Reasoning allocates millions of tuples and sets, none of them in a reference cycle; the cyclic
    garbage collector would rescan them all at each of its passes (a third of the time at 100k).
    On exit they go straight to the oldest generation (``freeze`` + ``unfreeze``): left in the
    youngest, the first collection after ``enable`` would visit every one of them (9 s at 1M)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


class _Wanted(dict[Key, bool]):
    """Whether the consistency checks read a class's members (or a property's triples): it is
    ``named`` or an OWL term; worked out once per term, on its first lookup."""

    def __init__(self, named: set[Key]) -> None:
        super().__init__()
        self._named = named

    def __missing__(self, term: Key) -> bool:
        wanted = self[term] = term in self._named or term.startswith(_OWL)
        return wanted


class Reasoned:
    """The filtered new triples (``inferred``), the OWL 2 RL seeds, and the closure on demand."""

    def __init__(
        self, inferred: list[ox.Triple], seeds: Iterable[Triple], keys: set[Triple], nodes: Mapping[Key, OxTerm]
    ) -> None:
        self.inferred = inferred
        self._keys = keys
        self._nodes = nodes
        self.seeds = self._decode(seeds)

    def closure(self) -> list[ox.Triple]:
        """Every triple of the closure (none with a literal subject or a non-IRI predicate)."""
        return self._decode(self._keys)

    def for_consistency(self) -> list[ox.Triple]:
        """What the inconsistency rules read: the OWL triples and lists, and the triples of the
        properties and the types of the classes that those axioms name (owl:Nothing included)."""
        named: set[Key] = {str(OWL.Nothing)}
        heads: set[Key] = set()
        links: dict[Key, tuple[Key | None, Key | None]] = {}
        for s, p, o in self._keys:
            if p not in _SCHEMA:  # most triples: one set lookup
                if p == _TYPE and o in _CHARACTERISTICS:
                    named.add(s)
            elif p in _PAIRS:
                named.update((s, o))
            elif p in _NAMING:
                named.add(o)
            elif p in _MAX:
                named.add(s)
            elif p in _LISTS:
                heads.add(o)
            elif p == _FIRST:
                links[s] = (o, links.get(s, (None, None))[1])
            else:
                links[s] = (links.get(s, (None, None))[0], o)
        for head in heads:
            seen: set[Key] = set()
            while head in links and head not in seen:
                seen.add(head)
                first, rest = links[head]
                if first is not None:
                    named.add(first)
                head = rest or ""
        # One C-level lookup per triple, not a call: this runs over the whole closure (3.6M at 1M).
        named.update((_FIRST, _REST))
        wanted = _Wanted(named)
        return self._decode((s, p, o) for s, p, o in self._keys if (wanted[o] if p == _TYPE else wanted[p]))

    def _decode(self, keys: Iterable[Triple]) -> list[ox.Triple]:
        nodes = self._nodes
        decoded = []
        for s, p, o in keys:
            subject, predicate = nodes[s], nodes[p]
            if type(predicate) is ox.NamedNode and type(subject) is not ox.Literal:
                decoded.append(ox.Triple(subject, predicate, nodes[o]))
        return decoded
