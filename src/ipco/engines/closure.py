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
from rdflib import OWL, RDF, XSD

from ipco.convert import OxTerm

Key = str
Triple = tuple[Key, Key, Key]

_TYPE = str(RDF.type)
_STRING = ox.NamedNode(str(XSD.string))
_FIRST = str(RDF.first)
_REST = str(RDF.rest)
_OWL = str(OWL)
#: Both ends are classes or properties whose members the inconsistency rules compare.
_PAIRS = {str(OWL.disjointWith), str(OWL.complementOf), str(OWL.propertyDisjointWith)}
#: The object is a class or property (or a list of them) an inconsistency rule reads.
_NAMING = {str(OWL.onProperty), str(OWL.onClass), str(OWL.assertionProperty)}
_LISTS = {str(OWL.members), str(OWL.distinctMembers)}
_MAX = {str(OWL.maxCardinality), str(OWL.maxQualifiedCardinality)}
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


class Closed:
    """A closure grouped by class (``types``: class -> members) and by property (``rels``: property ->
    (subject, object) pairs), with what the rules added to their input (``derived_*``).

    The compiled-schema engine works on this grouping; readers take from it only the classes and
    properties they need (the consistency checks) instead of scanning a few million triples.
    """

    def __init__(
        self,
        types: dict[Key, set[Key]],
        rels: dict[Key, set[tuple[Key, Key]]],
        derived_types: Mapping[Key, set[Key]],
        derived_rels: Mapping[Key, set[tuple[Key, Key]]],
    ) -> None:
        self.types, self.rels = types, rels
        self.derived_types, self.derived_rels = derived_types, derived_rels

    @classmethod
    def of(cls, closure: Iterable[Triple], given: set[Triple]) -> Closed:
        """The grouping of a closure computed as triples, ``given`` being the rules' input."""
        types: dict[Key, set[Key]] = {}
        rels: dict[Key, set[tuple[Key, Key]]] = {}
        derived_types: dict[Key, set[Key]] = {}
        derived_rels: dict[Key, set[tuple[Key, Key]]] = {}
        for triple in closure:
            s, p, o = triple
            new = triple not in given
            if p == _TYPE:
                types.setdefault(o, set()).add(s)
                if new:
                    derived_types.setdefault(o, set()).add(s)
            else:
                rels.setdefault(p, set()).add((s, o))
                if new:
                    derived_rels.setdefault(p, set()).add((s, o))
        return cls(types, rels, derived_types, derived_rels)

    def add(self, triples: Iterable[Triple]) -> None:
        """Add ``triples`` to the closure (not to what the rules derived)."""
        for s, p, o in triples:
            if p == _TYPE:
                self.types.setdefault(o, set()).add(s)
            else:
                self.rels.setdefault(p, set()).add((s, o))

    def triples(self) -> Iterator[Triple]:
        """Every triple of the closure."""
        for c, members in self.types.items():
            yield from ((x, _TYPE, c) for x in members)
        for p, pairs in self.rels.items():
            yield from ((s, p, o) for s, o in pairs)

    def derived(self) -> Iterator[Triple]:
        """The triples the rules added."""
        for c, members in self.derived_types.items():
            yield from ((x, _TYPE, c) for x in members)
        for p, pairs in self.derived_rels.items():
            yield from ((s, p, o) for s, o in pairs)

    def __contains__(self, triple: object) -> bool:
        if not isinstance(triple, tuple) or len(triple) != 3:
            return False
        s, p, o = triple
        return s in self.types.get(o, ()) if p == _TYPE else (s, o) in self.rels.get(p, ())

    def __len__(self) -> int:
        return sum(map(len, self.types.values())) + sum(map(len, self.rels.values()))


class Reasoned:
    """The filtered new triples (``inferred``), the OWL 2 RL seeds, and the closure on demand."""

    def __init__(
        self,
        inferred: list[ox.Triple],
        seeds: Iterable[Triple],
        closed: Closed,
        nodes: Mapping[Key, OxTerm],
        literal_facts: Iterable[Triple] = (),
    ) -> None:
        self.inferred = inferred
        self.closed = closed
        self._nodes = nodes
        self.seeds = self._decode(seeds)
        self._literal_facts = literal_facts

    def literal_facts(self) -> list[ox.Triple]:
        """The asserted triples whose object is a literal with a datatype other than xsd:string
        (dt-not-type reads them): kept as keys while reasoning, as the asserted quads may be gone
        (``ipco reason`` drops each file's quads once read)."""
        nodes = self._nodes
        typed: dict[Key, bool] = {}  # each distinct literal tested once
        facts: list[Triple] = []
        for fact in self._literal_facts:
            o = fact[2]
            is_typed = typed.get(o)
            if is_typed is None:
                literal = nodes[o]
                is_typed = typed[o] = literal.language is None and literal.datatype != _STRING  # type: ignore[union-attr]
            if is_typed:
                facts.append(fact)
        return self._decode(facts)

    def closure(self) -> list[ox.Triple]:
        """Every triple of the closure (none with a literal subject or a non-IRI predicate)."""
        return self._decode(self.closed.triples())

    def for_consistency(self) -> list[ox.Triple]:
        """What the inconsistency rules read: the OWL triples and lists, and the triples of the
        properties and the types of the classes that those axioms name (owl:Nothing included)."""
        types, rels = self.closed.types, self.closed.rels
        named: set[Key] = {str(OWL.Nothing)}
        for characteristic in _CHARACTERISTICS:
            named.update(types.get(characteristic, ()))
        for p in _PAIRS:
            for s, o in rels.get(p, ()):
                named.update((s, o))
        for p in _NAMING:
            named.update(o for _, o in rels.get(p, ()))
        for p in _MAX:
            named.update(s for s, _ in rels.get(p, ()))
        first, rest = dict(rels.get(_FIRST, ())), dict(rels.get(_REST, ()))
        for p in _LISTS:
            for _, head in rels.get(p, ()):
                seen: set[Key] = set()
                while head in first or head in rest:
                    if head in seen:
                        break
                    seen.add(head)
                    if head in first:
                        named.add(first[head])
                    head = rest.get(head, "")
        named.update((_FIRST, _REST))
        wanted: list[Triple] = []
        for c, members in types.items():
            if c in named or c.startswith(_OWL):
                wanted.extend((x, _TYPE, c) for x in members)
        for p, pairs in rels.items():
            if p in named or p.startswith(_OWL):
                wanted.extend((s, p, o) for s, o in pairs)
        return self._decode(wanted)

    def _decode(self, keys: Iterable[Triple]) -> list[ox.Triple]:
        nodes = self._nodes
        decoded = []
        for s, p, o in keys:
            subject, predicate = nodes[s], nodes[p]
            if type(predicate) is ox.NamedNode and type(subject) is not ox.Literal:
                decoded.append(ox.Triple(subject, predicate, nodes[o]))
        return decoded
