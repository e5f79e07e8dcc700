"""The OWL 2 RL rules ``reasonable`` lacks, or that are hidden from it, applied in Python.

The schema ``scm-*`` rules, property chains, keys, inverse-functional properties, max-cardinality
and ``owl:oneOf``: ``reason_fast._closure`` alternates these with ``reasonable`` to the fixpoint.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import product

from rdflib import OWL

from ipco.engines.reason_vocab import (
    ALL_VALUES,
    CHAIN,
    CLASS,
    DOMAIN,
    EQUIVALENT_CLASS,
    EQUIVALENT_PROPERTY,
    FIRST,
    HAS_KEY,
    HAS_VALUE,
    INTERSECTION,
    MAX_CARDINALITY,
    MAX_QUALIFIED,
    NIL,
    NOTHING,
    ON_CLASS,
    ON_PROPERTY,
    ONE_OF,
    PROPERTY_TYPES,
    RANGE,
    REST,
    SAME_AS,
    SCHEMA_PREDICATES,
    SOME_VALUES,
    SUBCLASS,
    SUBPROPERTY,
    TYPE,
    UNION,
    Codec,
    Key,
    Triple,
)


class Index:
    """Triples by subject-predicate and predicate-object, for the joins of the rules in Python."""

    def __init__(self) -> None:
        self.triples: set[Triple] = set()
        self._objects: dict[tuple[Key, Key], set[Key]] = {}
        self._subjects: dict[tuple[Key, Key], set[Key]] = {}
        self._pairs: dict[Key, set[tuple[Key, Key]]] = {}

    def add(self, triple: Triple) -> bool:
        """Index ``triple``; False when it already was."""
        if triple in self.triples:
            return False
        s, p, o = triple
        self.triples.add(triple)
        self._objects.setdefault((s, p), set()).add(o)
        self._subjects.setdefault((p, o), set()).add(s)
        self._pairs.setdefault(p, set()).add((s, o))
        return True

    def update(self, triples: Iterable[Triple]) -> None:
        for triple in triples:
            self.add(triple)

    def objects(self, s: Key, p: Key) -> set[Key]:
        return self._objects.get((s, p), set())

    def subjects(self, p: Key, o: Key) -> set[Key]:
        return self._subjects.get((p, o), set())

    def pairs(self, p: Key) -> set[tuple[Key, Key]]:
        return self._pairs.get(p, set())

    def items(self, head: Key) -> list[Key]:
        """The members of the RDF list at ``head`` (first value of each rdf:first, as rdflib's items())."""
        members: list[Key] = []
        seen: set[Key] = set()
        while head != NIL and head not in seen:
            seen.add(head)
            first = self.objects(head, FIRST)
            if not first:
                break
            members.append(min(first))
            rest = self.objects(head, REST)
            if not rest:
                break
            head = min(rest)
        return members


def missing_rules(triples: set[Triple], codec: Codec) -> set[Triple]:
    """What the OWL 2 RL rules reasonable lacks (or that are hidden from it) derive from ``triples``,
    run to their own fixpoint; ``_closure`` alternates them with reasonable.

    Only the triples these rules read are indexed: the schema, and the instance triples of the
    properties and classes that chains, keys, inverse-functional properties and cardinalities name.
    """
    thing = codec.iri(OWL.Thing)
    inverse_functional = codec.iri(OWL.InverseFunctionalProperty)
    meta_classes = {CLASS, inverse_functional, *PROPERTY_TYPES}
    by_predicate: defaultdict[Key, list[Triple]] = defaultdict(list)
    for triple in triples:
        by_predicate[triple[1]].append(triple)
    types: defaultdict[Key, list[Triple]] = defaultdict(list)
    for triple in by_predicate.pop(TYPE, ()):
        types[triple[2]].append(triple)
    index = Index()
    for p in SCHEMA_PREDICATES:
        index.update(by_predicate.get(p, ()))
    for c in meta_classes:
        index.update(types.get(c, ()))
    properties, classes = _instance_terms(index, thing, inverse_functional)
    for p in properties:
        index.update(by_predicate.get(p, ()))
    for c in classes:
        index.update(types.get(c, ()))
    derived: set[Triple] = set()
    rules = (_schema_rules, _class_rules, _property_rules)
    while True:
        new = {t for rule in rules for t in rule(index, codec) if t not in index.triples}
        if not new:
            return derived
        derived |= new
        for triple in new:
            index.add(triple)


def _instance_terms(index: Index, thing: Key, inverse_functional: Key) -> tuple[set[Key], set[Key]]:
    """Properties whose triples, and classes whose members, the instance rules read."""
    properties = set(index.subjects(TYPE, inverse_functional))
    classes: set[Key] = set()
    for _, chain in index.pairs(CHAIN):
        properties.update(index.items(chain))
    for keyed, keys in index.pairs(HAS_KEY):
        classes.add(keyed)
        properties.update(index.items(keys))
    for restriction, _ in index.pairs(MAX_CARDINALITY) | index.pairs(MAX_QUALIFIED):
        classes.add(restriction)
        properties.update(index.objects(restriction, ON_PROPERTY))
        classes.update(index.objects(restriction, ON_CLASS))
    for restriction in index.subjects(SOME_VALUES, thing):
        properties.update(index.objects(restriction, ON_PROPERTY))
    return properties, classes


def _schema_rules(index: Index, codec: Codec) -> Iterator[Triple]:
    """scm-* (OWL 2 RL, table 9), as owlrl applies them; reasonable has only scm-sco and scm-eqc1."""
    thing = codec.iri(OWL.Thing)
    for c in index.subjects(TYPE, CLASS):  # scm-cls
        yield from ((c, SUBCLASS, c), (c, EQUIVALENT_CLASS, c), (c, SUBCLASS, thing), (NOTHING, SUBCLASS, c))
    for kind in PROPERTY_TYPES:  # scm-op, scm-dp (owlrl adds rdf:Property)
        for p in index.subjects(TYPE, kind):
            yield from ((p, SUBPROPERTY, p), (p, EQUIVALENT_PROPERTY, p))
    for relation, equivalence in ((SUBCLASS, EQUIVALENT_CLASS), (SUBPROPERTY, EQUIVALENT_PROPERTY)):
        for a, b in index.pairs(relation):
            if a != b:  # scm-sco, scm-spo; owlrl skips c == a, reasonable's scm-sco does not (KNOWN_DIFFERENCES)
                yield from ((a, relation, c) for c in index.objects(b, relation) if c != a or relation == SUBCLASS)
            if a in index.objects(b, relation) and (a != b or relation == SUBCLASS):  # scm-eqc2, scm-eqp2
                yield (a, equivalence, b)
        for a, b in index.pairs(equivalence):
            if a != b:  # scm-eqc1, scm-eqp1
                yield from ((a, relation, b), (b, relation, a))
    for relation in (DOMAIN, RANGE):
        for p, c in index.pairs(relation):  # scm-dom1, scm-rng1
            yield from ((p, relation, c2) for c2 in index.objects(c, SUBCLASS) if c2 != c)
            yield from ((p1, relation, c) for p1 in index.subjects(SUBPROPERTY, p) if p1 != p)  # scm-dom2, scm-rng2
    for c1, value in index.pairs(HAS_VALUE):  # scm-hv
        for p1 in index.objects(c1, ON_PROPERTY):
            for c2 in index.subjects(HAS_VALUE, value):
                if index.objects(c2, ON_PROPERTY) & index.objects(p1, SUBPROPERTY):
                    yield (c1, SUBCLASS, c2)
    for restriction in (SOME_VALUES, ALL_VALUES):
        for c1, y1 in index.pairs(restriction):
            for p in index.objects(c1, ON_PROPERTY):
                for c2 in index.subjects(ON_PROPERTY, p):  # scm-svf1, scm-avf1
                    if index.objects(c2, restriction) & index.objects(y1, SUBCLASS):
                        yield (c1, SUBCLASS, c2)
                for c2 in index.subjects(restriction, y1):  # scm-svf2, scm-avf2
                    if index.objects(c2, ON_PROPERTY) & index.objects(p, SUBPROPERTY):
                        yield (c1, SUBCLASS, c2) if restriction == SOME_VALUES else (c2, SUBCLASS, c1)
    for c, members in index.pairs(INTERSECTION):  # scm-int
        yield from ((c, SUBCLASS, ci) for ci in index.items(members))
    for c, members in index.pairs(UNION):  # scm-uni
        yield from ((ci, SUBCLASS, c) for ci in index.items(members))


def _class_rules(index: Index, codec: Codec) -> Iterator[Triple]:
    """cls-oo, cls-svf2 (someValuesFrom owl:Thing, hidden from reasonable), cls-maxc2, cls-maxqc3/4."""
    thing = codec.iri(OWL.Thing)
    for c, members in index.pairs(ONE_OF):  # cls-oo
        yield from ((y, TYPE, c) for y in index.items(members))
    for x in index.subjects(SOME_VALUES, thing):  # cls-svf2
        for p in index.objects(x, ON_PROPERTY):
            yield from ((u, TYPE, x) for u, _ in index.pairs(p))
    for x, n in index.pairs(MAX_CARDINALITY):  # cls-maxc2
        if codec.literal_value(n) == 1:
            for p in index.objects(x, ON_PROPERTY):
                yield from _same_values(index, x, p, None)
    for x, n in index.pairs(MAX_QUALIFIED):  # cls-maxqc3, cls-maxqc4
        if codec.literal_value(n) == 1:
            for p in index.objects(x, ON_PROPERTY):
                for c in index.objects(x, ON_CLASS):
                    yield from _same_values(index, x, p, None if c == thing else c)


def _same_values(index: Index, restriction: Key, p: Key, of_class: Key | None) -> Iterator[Triple]:
    """y1 owl:sameAs y2 for two values of ``p`` (members of ``of_class``, if given) of one member of
    ``restriction``, a max-cardinality-1 restriction."""
    for u in index.subjects(TYPE, restriction):
        values = [y for y in index.objects(u, p) if of_class is None or y in index.subjects(TYPE, of_class)]
        yield from ((y1, SAME_AS, y2) for y1 in values for y2 in values if y1 != y2)


def _property_rules(index: Index, codec: Codec) -> Iterator[Triple]:
    """prp-spo2 (property chains), prp-key, and prp-ifp (hidden from reasonable)."""
    for p, chain_list in index.pairs(CHAIN):  # prp-spo2
        chain = index.items(chain_list)
        if not chain:
            continue
        for u, first in index.pairs(chain[0]):
            ends = {first}
            for link in chain[1:]:
                ends = {z for y in ends for z in index.objects(y, link)}
            yield from ((u, p, z) for z in ends)
    for c, key_list in index.pairs(HAS_KEY):  # prp-key
        keys = index.items(key_list)
        if keys:
            groups: dict[tuple[Key, ...], set[Key]] = {}
            for x in index.subjects(TYPE, c):
                for values in product(*(sorted(index.objects(x, k)) for k in keys)):
                    groups.setdefault(values, set()).add(x)
            yield from _all_same(groups.values())
    for p in index.subjects(TYPE, codec.iri(OWL.InverseFunctionalProperty)):  # prp-ifp
        holders: dict[Key, set[Key]] = {}
        for x, y in index.pairs(p):
            holders.setdefault(y, set()).add(x)
        yield from _all_same(holders.values())


def _all_same(groups: Iterable[set[Key]]) -> Iterator[Triple]:
    """x owl:sameAs y for every two different members of each group."""
    for group in groups:
        if len(group) > 1:
            yield from ((x, SAME_AS, y) for x in group for y in group if x != y)
