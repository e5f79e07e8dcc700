"""OWL 2 RL over a compiled schema: the schema closed once, its instance rules run set at a time.

Most OWL 2 RL rules only fire on the few thousand schema triples (subclass, domain, inverse…
axioms); a general engine such as ``reasonable`` still matches them against a million data triples.
Here the schema triples alone go through the general engine (``reasonable`` + ``missing_rules``), and
its closure is compiled into lookup tables (the superclasses of each class, the domains of each
property…). The instance rules then run over the data grouped by class and by property, one set
operation per class or property and round (semi-naive: each round reads only what the last one
added), which Python does at C speed.

The result is the closure the general engine gives for the whole input, triple for triple, when
the data neither adds to the schema nor equates two resources. Where it could, the whole input goes
to the general engine instead (``_Fallback``): a data triple whose predicate or class is one the
schema rules read, a derived ``owl:sameAs`` (functional and inverse-functional properties, keys,
max-cardinality 1), or a schema that puts ``rdf:type`` itself in an axiom.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import product

from rdflib import OWL, RDF, RDFS

from ipco.engines.closure import Closed
from ipco.engines.reason_vocab import (
    ALL_VALUES,
    CHAIN,
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
    ON_CLASS,
    ON_PROPERTY,
    PRIVATE,
    RANGE,
    REST,
    SAME_AS,
    SOME_VALUES,
    SUBCLASS,
    SUBPROPERTY,
    TYPE,
    Codec,
    Iri,
    Key,
    Triple,
)

Engine = Callable[[set[Triple]], set[Triple]]
_NONE: frozenset[object] = frozenset()
Pairs = set[tuple[Key, Key]]

INVERSE: Key = Iri(OWL.inverseOf)
SYMMETRIC: Key = Iri(OWL.SymmetricProperty)
TRANSITIVE: Key = Iri(OWL.TransitiveProperty)
FUNCTIONAL: Key = Iri(OWL.FunctionalProperty)

#: RDF, RDFS and OWL classes whose members are data, not schema: no rule reads them as an axiom
#: (ontology editors type every individual owl:NamedIndividual; those stay out of the schema).
_INSTANCE_CLASSES = (RDFS.Resource, RDFS.Literal, RDF.List, RDF.Statement, RDF.langString, RDF.PlainLiteral)
_DATA_CLASSES = (RDF.XMLLiteral, RDF.HTML, RDF.JSON, OWL.NamedIndividual)
INSTANCE_CLASSES = frozenset(Iri(term) for term in (*_INSTANCE_CLASSES, *_DATA_CLASSES))
#: RDF, RDFS and OWL properties that no rule reads as an axiom: annotations and reification.
_ANNOTATIONS = (RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo, OWL.deprecated)
_VERSIONS = (OWL.priorVersion, OWL.versionIRI, OWL.backwardCompatibleWith, OWL.incompatibleWith, OWL.imports)
_REIFICATION = (RDFS.member, RDF.value, RDF.subject, RDF.predicate, RDF.object)
INSTANCE_PREDICATES = frozenset(Iri(term) for term in (*_ANNOTATIONS, *_VERSIONS, *_REIFICATION))


class _Fallback(Exception):
    """The data reaches the schema or equates resources: the general engine takes the whole input."""


def abox_closure(given: Closed, codec: Codec, general: Engine) -> Closed:
    """The OWL 2 RL closure of ``given`` (the input, grouped), equal to ``general`` of its triples:
    the schema part closed by ``general``, the instance rules compiled from it and run over the rest.
    ``given`` is completed in place into the closure (it is the returned grouping)."""
    instances = _Instances(given)
    tbox = general(instances.schema_triples(codec.iri(OWL.InverseFunctionalProperty)))
    try:
        instances.close(_Schema(tbox, codec), [t for t in tbox if t not in given])
    except _Fallback:
        triples = set(instances.input_triples())
        return Closed.of(general(triples), triples)
    return Closed(instances.types, instances.rels, instances.derived_types, instances.derived_rels)


class _Schema:
    """The closed schema as lookup tables: for each class or property, what its members entail."""

    def __init__(self, tbox: set[Triple], codec: Codec) -> None:
        thing = codec.iri(OWL.Thing)
        by_predicate: defaultdict[Key, Pairs] = defaultdict(set)
        for s, p, o in tbox:
            by_predicate[p].add((s, o))
        # As reason_missing.Index.items: the least value of a list cell given two.
        self._first = dict(sorted(by_predicate[FIRST], reverse=True))
        self._rest = dict(sorted(by_predicate[REST], reverse=True))
        objects: Callable[[Key, Key], set[Key]] = _objects_of(by_predicate)
        if any(s != o for s, o in by_predicate[SAME_AS]):
            raise _Fallback
        self.supers = _related(
            by_predicate[SUBCLASS] | by_predicate[EQUIVALENT_CLASS], symmetric=by_predicate[EQUIVALENT_CLASS]
        )
        self.superproperties = _related(
            by_predicate[SUBPROPERTY] | by_predicate[EQUIVALENT_PROPERTY], symmetric=by_predicate[EQUIVALENT_PROPERTY]
        )
        self.domains = _related(by_predicate[DOMAIN])
        self.ranges = _related(by_predicate[RANGE])
        self.inverses = _related(by_predicate[INVERSE], symmetric=by_predicate[INVERSE])
        types = by_predicate[TYPE]
        self.symmetric = {s for s, o in types if o == SYMMETRIC}
        self.transitive = {s for s, o in types if o == TRANSITIVE}
        self.functional = {s for s, o in types if o == FUNCTIONAL}
        self.inverse_functional_class = codec.iri(OWL.InverseFunctionalProperty)
        self.inverse_functional = {s for s, o in types if o == self.inverse_functional_class}
        self.thing = thing
        # Restrictions, by the property they constrain and by the class (or value) they name.
        self.some: defaultdict[Key, list[tuple[Key, Key]]] = defaultdict(list)  # p -> (restriction, class)
        self.some_of_class: defaultdict[Key, list[tuple[Key, Key]]] = defaultdict(list)  # class -> (r, p)
        self.all: defaultdict[Key, list[tuple[Key, Key]]] = defaultdict(list)  # p -> (restriction, class)
        self.all_of_restriction: defaultdict[Key, list[tuple[Key, Key]]] = defaultdict(list)  # r -> (p, class)
        self.value: defaultdict[Key, list[tuple[Key, Key]]] = defaultdict(list)  # p -> (restriction, value)
        self.value_of_restriction: defaultdict[Key, list[tuple[Key, Key]]] = defaultdict(list)  # r -> (p, value)
        for restriction, p in by_predicate[ON_PROPERTY]:
            for y in objects(restriction, SOME_VALUES):
                self.some[p].append((restriction, y))
                self.some_of_class[y].append((restriction, p))
            for y in objects(restriction, ALL_VALUES):
                self.all[p].append((restriction, y))
                self.all_of_restriction[restriction].append((p, y))
            for v in objects(restriction, HAS_VALUE):
                self.value[p].append((restriction, v))
                self.value_of_restriction[restriction].append((p, v))
        self.intersections: defaultdict[Key, list[tuple[Key, tuple[Key, ...]]]] = defaultdict(list)
        for c, head in by_predicate[INTERSECTION]:
            members = self.items(head)
            for member in set(members):
                self.intersections[member].append((c, members))
        self.chains = [(p, chain) for p, head in by_predicate[CHAIN] if (chain := self.items(head))]
        self.keys = [(c, keys) for c, head in by_predicate[HAS_KEY] if (keys := self.items(head))]
        self.max_one: list[tuple[Key, Key, Key | None]] = []  # (restriction, property, qualifying class)
        for restriction, n in by_predicate[MAX_CARDINALITY] | by_predicate[MAX_QUALIFIED]:
            if codec.literal_value(n) == 1:
                qualified = (restriction, n) in by_predicate[MAX_QUALIFIED]
                for p in objects(restriction, ON_PROPERTY):
                    qualifying: list[Key | None] = [*objects(restriction, ON_CLASS)] if qualified else [None]
                    for on_class in qualifying:
                        self.max_one.append((restriction, p, None if on_class == thing else on_class))
        if TYPE in self._properties_named():
            raise _Fallback  # an axiom about rdf:type itself: leave it to the general engine

    def items(self, head: Key) -> tuple[Key, ...]:
        """The members of the RDF list at ``head`` (as ``reason_missing.Index.items``)."""
        members: list[Key] = []
        seen: set[Key] = set()
        while head != NIL and head not in seen and head in self._first:
            seen.add(head)
            members.append(self._first[head])
            if head not in self._rest:
                break
            head = self._rest[head]
        return tuple(members)

    def _properties_named(self) -> set[Key]:
        named = set(self.superproperties) | set(self.domains) | set(self.ranges) | set(self.inverses)
        for table in (self.superproperties, self.inverses):
            for values in table.values():
                named |= values
        named |= self.symmetric | self.transitive | self.functional | self.inverse_functional
        named |= set(self.some) | set(self.all) | set(self.value)
        for p, chain in self.chains:
            named.add(p)
            named.update(chain)
        for _, keys in self.keys:
            named.update(keys)
        named.update(p for _, p, _ in self.max_one)
        return named


def _objects_of(by_predicate: defaultdict[Key, Pairs]) -> Callable[[Key, Key], set[Key]]:
    index: dict[tuple[Key, Key], set[Key]] = {}
    for p, pairs in by_predicate.items():
        for s, o in pairs:
            index.setdefault((s, p), set()).add(o)
    return lambda s, p: index.get((s, p), set())


def _related(pairs: Pairs, symmetric: Pairs = frozenset()) -> dict[Key, set[Key]]:  # type: ignore[assignment]
    """a -> {b | (a, b) in pairs, or (b, a) in symmetric}, without a itself."""
    table: dict[Key, set[Key]] = {}
    for a, b in pairs:
        if a != b:
            table.setdefault(a, set()).add(b)
    for a, b in symmetric:
        if a != b:
            table.setdefault(b, set()).add(a)
    return table


class _Instances:
    """The instance rules of a compiled schema, run semi-naively over the data grouped by class
    (``types``: class -> members) and by property (``rels``: property -> (subject, object) pairs)."""

    def __init__(self, given: Closed) -> None:
        self.types, self.rels = given.types, given.rels  # completed in place
        self.derived_types: defaultdict[Key, set[Key]] = defaultdict(set)
        self.derived_rels: defaultdict[Key, Pairs] = defaultdict(set)
        self._forward: dict[Key, dict[Key, set[Key]]] = {}  # p -> subject -> objects, for joins
        self._backward: dict[Key, dict[Key, set[Key]]] = {}  # p -> object -> subjects

    def schema_triples(self, inverse_functional: Key) -> set[Triple]:
        """The triples the schema rules read: RDFS/OWL axioms, list cells, and types that are
        meta-classes (an RDF/RDFS/OWL class other than ``INSTANCE_CLASSES``, or the hidden
        ``owl:InverseFunctionalProperty``)."""
        schema: set[Triple] = set()
        for p, pairs in self.rels.items():
            if not p.startswith(PRIVATE) and p not in INSTANCE_PREDICATES:
                schema.update((s, p, o) for s, o in pairs)
        for c, members in self.types.items():
            if c == inverse_functional or (not c.startswith(PRIVATE) and c not in INSTANCE_CLASSES):
                schema.update((x, TYPE, c) for x in members)
        return schema

    def input_triples(self) -> Iterable[Triple]:
        """The triples given (those in the groups that no rule derived), for ``_Fallback``."""
        for c, members in self.types.items():
            derived = self.derived_types.get(c, _NONE)
            yield from ((x, TYPE, c) for x in members if x not in derived)
        for p, pairs in self.rels.items():
            derived_pairs = self.derived_rels.get(p, _NONE)
            yield from ((s, p, o) for s, o in pairs if (s, o) not in derived_pairs)

    def close(self, schema: _Schema, added: Iterable[Triple]) -> None:
        """Close the input + ``added`` (what the schema's closure adds to it) under ``schema``'s
        instance rules: ``types`` and ``rels`` then hold the closure, ``derived_*`` what is not in the input."""
        self.schema = schema
        self._chain_links = {link for _, chain in schema.chains for link in chain}
        for s, p, o in added:
            if p == TYPE:
                self.types.setdefault(o, set()).add(s)
                self.derived_types[o].add(s)
            else:
                self.rels.setdefault(p, set()).add((s, o))
                self.derived_rels[p].add((s, o))
        # The first round reads everything; the sets themselves, as nothing changes them until ``_merge``.
        delta_types: dict[Key, set[Key]] = dict(self.types)
        delta_rels: dict[Key, Pairs] = dict(self.rels)
        while delta_types or delta_rels:
            new_types: defaultdict[Key, set[Key]] = defaultdict(set)
            new_rels: defaultdict[Key, Pairs] = defaultdict(set)
            chains_due = any(p in self._chain_links for p in delta_rels)
            for p, pairs in delta_rels.items():
                self._property_rules(p, pairs, new_types, new_rels)
            for c, members in delta_types.items():
                self._class_rules(c, members, new_types, new_rels)
            if chains_due:
                self._chains(new_rels)
            delta_types, delta_rels = self._merge(new_types, new_rels)
        self._refuse_equalities()

    def _property_rules(
        self, p: Key, pairs: Pairs, new_types: defaultdict[Key, set[Key]], new_rels: defaultdict[Key, Pairs]
    ) -> None:
        """prp-spo1, prp-eqp, prp-dom, prp-rng, prp-inv, prp-symp, prp-trp, cls-svf1/2, cls-avf, cls-hv2."""
        schema, types, rels = self.schema, self.types, self.rels
        # Only what is not known yet goes into the round's new sets: they stay small after round 1.
        for q in schema.superproperties.get(p, ()):
            new_rels[q] |= pairs - rels.get(q, _NONE)
        if p in schema.domains:
            subjects = {s for s, _ in pairs}
            for c in schema.domains[p]:
                new_types[c] |= subjects - types.get(c, _NONE)
        if p in schema.ranges:
            objects = {o for _, o in pairs}
            for c in schema.ranges[p]:
                new_types[c] |= objects - types.get(c, _NONE)
        if p in schema.inverses or p in schema.symmetric:
            swapped = {(o, s) for s, o in pairs}
            for q in schema.inverses.get(p, ()):
                new_rels[q] |= swapped - rels.get(q, _NONE)
            if p in schema.symmetric:
                new_rels[p] |= swapped - rels.get(p, _NONE)
        if p in schema.transitive:
            forward, backward = self.forward(p), self.backward(p)
            for s, o in pairs:
                new_rels[p].update((s, z) for z in forward.get(o, ()))
                new_rels[p].update((a, o) for a in backward.get(s, ()))
        for restriction, y in schema.some.get(p, ()):
            if y == schema.thing:  # cls-svf2
                new_types[restriction].update(s for s, _ in pairs)
            elif y in self.types:
                members = self.types[y]
                new_types[restriction].update(s for s, o in pairs if o in members)
        for restriction, y in schema.all.get(p, ()):
            if restriction in self.types:
                members = self.types[restriction]
                new_types[y].update(o for s, o in pairs if s in members)
        for restriction, value in schema.value.get(p, ()):
            new_types[restriction].update(s for s, o in pairs if o == value)

    def _class_rules(
        self, c: Key, members: set[Key], new_types: defaultdict[Key, set[Key]], new_rels: defaultdict[Key, Pairs]
    ) -> None:
        """cax-sco, cax-eqc, cls-svf1 (new members of the class), cls-avf, cls-hv1, cls-int1."""
        schema, types = self.schema, self.types
        for d in schema.supers.get(c, ()):
            new_types[d] |= members - types.get(d, _NONE)
        for restriction, p in schema.some_of_class.get(c, ()):
            backward = self.backward(p)
            for v in members:
                if v in backward:
                    new_types[restriction] |= backward[v]
        for p, y in schema.all_of_restriction.get(c, ()):
            forward = self.forward(p)
            for u in members:
                if u in forward:
                    new_types[y] |= forward[u]
        for p, value in schema.value_of_restriction.get(c, ()):
            new_rels[p].update((u, value) for u in members)
        for intersection, classes in schema.intersections.get(c, ()):
            sets = [self.types.get(d, set()) for d in classes]
            new_types[intersection].update(x for x in members if all(x in s for s in sets))

    def _chains(self, new_rels: defaultdict[Key, Pairs]) -> None:
        """prp-spo2, recomputed whole when one of its links changed (chains are few and short)."""
        for p, chain in self.schema.chains:
            ends: dict[Key, set[Key]] = {}
            for s, o in self.rels.get(chain[0], ()):
                ends.setdefault(s, set()).add(o)
            for link in chain[1:]:
                forward = self.forward(link)
                ends = {s: {z for y in ys for z in forward.get(y, ())} for s, ys in ends.items()}
            new_rels[p].update((s, z) for s, zs in ends.items() for z in zs)

    def _merge(
        self, new_types: defaultdict[Key, set[Key]], new_rels: defaultdict[Key, Pairs]
    ) -> tuple[dict[Key, set[Key]], dict[Key, Pairs]]:
        """Add what is new to ``types`` and ``rels``; return it as the next round's delta."""
        delta_types: dict[Key, set[Key]] = {}
        for c, xs in new_types.items():
            have = self.types.setdefault(c, set())
            fresh = xs - have
            if fresh:
                if c == self.schema.inverse_functional_class or (
                    not c.startswith(PRIVATE) and c not in INSTANCE_CLASSES
                ):
                    raise _Fallback  # a data resource became a class, a property… of the schema
                have |= fresh
                self.derived_types[c] |= fresh
                delta_types[c] = fresh
        delta_rels: dict[Key, Pairs] = {}
        for p, pairs in new_rels.items():
            have_pairs = self.rels.setdefault(p, set())
            fresh_pairs = pairs - have_pairs
            if fresh_pairs:
                if not p.startswith(PRIVATE) and p not in INSTANCE_PREDICATES:
                    raise _Fallback  # a data triple became a schema axiom
                have_pairs |= fresh_pairs
                self.derived_rels[p] |= fresh_pairs
                delta_rels[p] = fresh_pairs
                self._index(p, fresh_pairs)
        return delta_types, delta_rels

    def forward(self, p: Key) -> dict[Key, set[Key]]:
        """p's subject -> objects index, built on first use and kept up to date by ``_merge``."""
        if p not in self._forward:
            index: dict[Key, set[Key]] = {}
            for s, o in self.rels.get(p, ()):
                index.setdefault(s, set()).add(o)
            self._forward[p] = index
        return self._forward[p]

    def backward(self, p: Key) -> dict[Key, set[Key]]:
        """p's object -> subjects index (as ``forward``)."""
        if p not in self._backward:
            index: dict[Key, set[Key]] = {}
            for s, o in self.rels.get(p, ()):
                index.setdefault(o, set()).add(s)
            self._backward[p] = index
        return self._backward[p]

    def _index(self, p: Key, pairs: Pairs) -> None:
        if p in self._forward:
            forward = self._forward[p]
            for s, o in pairs:
                forward.setdefault(s, set()).add(o)
        if p in self._backward:
            backward = self._backward[p]
            for s, o in pairs:
                backward.setdefault(o, set()).add(s)

    def _refuse_equalities(self) -> None:
        """Raise ``_Fallback`` when the closure equates two resources (prp-fp, prp-ifp, cls-maxc2,
        cls-maxqc3/4, prp-key): equality rewrites every triple, which the general engine does.
        Checked once at the fixpoint: without equality the closure only grows, so a pair found
        nowhere in it is derived nowhere."""
        schema = self.schema
        for p in schema.functional:
            if any(len(objects) > 1 for objects in self.forward(p).values()):
                raise _Fallback
        for p in schema.inverse_functional:
            if any(len(subjects) > 1 for subjects in self.backward(p).values()):
                raise _Fallback
        for restriction, p, qualifying in schema.max_one:
            forward = self.forward(p)
            allowed = self.types.get(qualifying, set()) if qualifying is not None else None
            for u in self.types.get(restriction, ()):
                values = forward.get(u, set())
                if len(values if allowed is None else values & allowed) > 1:
                    raise _Fallback
        for c, key_properties in schema.keys:
            held: set[tuple[Key, ...]] = set()
            indexes = [self.forward(k) for k in key_properties]
            for x in self.types.get(c, ()):
                for key_values in product(*(index.get(x, ()) for index in indexes)):
                    if key_values in held:
                        raise _Fallback
                    held.add(key_values)
