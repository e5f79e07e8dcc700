"""Fast reasoning: the OWL 2 RL closure by ``reasonable`` (Rust), same result as ``ipco.reason.reason``.

owlrl (the reference engine) needs minutes at 100k triples. ``reasonable`` computes most of the OWL 2
RL rules in Rust in a fraction of that time, but it skips some rules and gets a few others wrong. So:

1. Every term is handed to ``reasonable`` as an IRI. RDF, RDFS and OWL terms keep their own IRI (they
   are what the rules match on); every other term, literals and blank nodes included, becomes an
   opaque ``urn:x-ipco-reason-fast:N``. Literals then take part in the rules as owlrl lets them (as
   plain nodes, subjects included), and no lexical form is normalised ("01"^^xsd:integer stays).
2. ``owl:Thing``, ``owl:InverseFunctionalProperty`` and ``rdf:_1``, ``rdf:_2``… are opaque too, so that
   the rules reasonable applies differently from owlrl never fire (see ``_HIDDEN``); the Python pass
   below applies them as owlrl does.
3. ``_missing_rules`` applies, in Python, the rules ``reasonable`` lacks (the schema ``scm-*`` rules,
   property chains, keys, max-cardinality, ``owl:oneOf``…) and its results go back to ``reasonable``
   until neither adds anything: the fixpoint of both rule sets is the OWL 2 RL closure.
4. The closure goes through the filter of the reference engine: triples about the resources
   ``asserted`` describes, not asserted, not in ``background``, not ``is_noise``.

``KNOWN_DIFFERENCES`` lists, with a reason each, where the result may still differ from owlrl's.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import product
from typing import Protocol, cast

import pyoxigraph as ox
from owlrl.XsdDatatypes import (  # type: ignore[import-untyped,unused-ignore]
    OWL_Datatype_Subsumptions,
    OWL_RL_Datatypes,
)
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

from ipco.convert import OxTerm, to_oxigraph_triples, to_rdflib_graph, to_rdflib_term
from ipco.engines.closure import Reasoned, without_cyclic_gc
from ipco.engines.reason_differences import KNOWN_DIFFERENCES as KNOWN_DIFFERENCES
from ipco.reason import TermKind, noise

Key = str
Triple = tuple[Key, Key, Key]


class _Iri(str):
    """An IRI for reasonable: its ``from_graph`` reads ``datatype`` and ``language`` of every term, and
    on a plain ``str`` each read raises (and swallows) an AttributeError; this makes loading 3x faster."""

    __slots__ = ()
    datatype = None
    language = None


# owlrl's datatypes (dt-type1, dt-type2) and their parents, typed.
_DATATYPES: tuple[URIRef, ...] = tuple(OWL_RL_Datatypes)
_DATATYPE_PARENTS: dict[URIRef, tuple[URIRef, ...]] = {k: tuple(v) for k, v in OWL_Datatype_Subsumptions.items()}
# The datatypes a literal is typed with, by IRI. A plain literal has none for owlrl (rdflib gives it
# no datatype), although RDF 1.1 and pyoxigraph call it an xsd:string.
_TYPED_DATATYPES: dict[str, URIRef] = {str(d): d for d in _DATATYPES if str(d) != str(XSD.string)}

_PRIVATE = "urn:x-ipco-reason-fast:"
# RDF, RDFS and OWL terms reach reasonable under their own IRI; nothing else does.
_VISIBLE = re.compile(r"(http://www\.w3\.org/(1999/02/22-rdf-syntax-ns|2000/01/rdf-schema|2002/07/owl)#)\w+\Z")
# Hidden from reasonable: it types every subject owl:Thing (owlrl does not, and a class equivalent to
# or a union with owl:Thing would then hold everything); its prp-ifp equates the subjects of ANY two
# triples of an inverse-functional property; it adds rdfs12 axioms for rdf:_n (owlrl adds them only
# with axiomatic triples, which ipco.reason turns off).
_HIDDEN = {str(OWL.Thing), str(OWL.InverseFunctionalProperty)}
_REAL_THING = str(OWL.Thing)
_CONTAINER_MEMBERSHIP = re.compile(re.escape(str(RDF)) + r"_\d+\Z")

_TYPE: Key = _Iri(RDF.type)
_FIRST: Key = _Iri(RDF.first)
_REST: Key = _Iri(RDF.rest)
_NIL: Key = _Iri(RDF.nil)
_PROPERTY: Key = _Iri(RDF.Property)
_SUBCLASS: Key = _Iri(RDFS.subClassOf)
_SUBPROPERTY: Key = _Iri(RDFS.subPropertyOf)
_DOMAIN: Key = _Iri(RDFS.domain)
_RANGE: Key = _Iri(RDFS.range)
_DATATYPE: Key = _Iri(RDFS.Datatype)
_CLASS: Key = _Iri(OWL.Class)
_NOTHING: Key = _Iri(OWL.Nothing)
_OBJECT_PROPERTY: Key = _Iri(OWL.ObjectProperty)
_DATATYPE_PROPERTY: Key = _Iri(OWL.DatatypeProperty)
_SAME_AS: Key = _Iri(OWL.sameAs)
_EQUIVALENT_CLASS: Key = _Iri(OWL.equivalentClass)
_EQUIVALENT_PROPERTY: Key = _Iri(OWL.equivalentProperty)
_ON_PROPERTY: Key = _Iri(OWL.onProperty)
_ON_CLASS: Key = _Iri(OWL.onClass)
_HAS_VALUE: Key = _Iri(OWL.hasValue)
_SOME_VALUES: Key = _Iri(OWL.someValuesFrom)
_ALL_VALUES: Key = _Iri(OWL.allValuesFrom)
_INTERSECTION: Key = _Iri(OWL.intersectionOf)
_UNION: Key = _Iri(OWL.unionOf)
_ONE_OF: Key = _Iri(OWL.oneOf)
_CHAIN: Key = _Iri(OWL.propertyChainAxiom)
_HAS_KEY: Key = _Iri(OWL.hasKey)
_MAX_CARDINALITY: Key = _Iri(OWL.maxCardinality)
_MAX_QUALIFIED: Key = _Iri(OWL.maxQualifiedCardinality)

# What the schema rules and the instance rules below read, besides the instance triples they ask for.
_SCHEMA_PREDICATES = {
    _FIRST,
    _REST,
    _SUBCLASS,
    _SUBPROPERTY,
    _DOMAIN,
    _RANGE,
    _EQUIVALENT_CLASS,
    _EQUIVALENT_PROPERTY,
    _ON_PROPERTY,
    _ON_CLASS,
    _HAS_VALUE,
    _SOME_VALUES,
    _ALL_VALUES,
    _INTERSECTION,
    _UNION,
    _ONE_OF,
    _CHAIN,
    _HAS_KEY,
    _MAX_CARDINALITY,
    _MAX_QUALIFIED,
}
_PROPERTY_TYPES = (_OBJECT_PROPERTY, _DATATYPE_PROPERTY, _PROPERTY)


class _Reasoner(Protocol):
    """The part of ``reasonable.PyReasoner`` used here (the package ships no type information)."""

    def from_graph(self, graph: Iterable[Triple]) -> None: ...

    def reason(self) -> list[tuple[object, object, object]]: ...


def _new_reasoner() -> _Reasoner:
    """A fresh ``reasonable.PyReasoner``, imported on first use so that the reference engine works without it."""
    module = importlib.import_module("reasonable")
    return cast(_Reasoner, module.PyReasoner())


def reason_fast(asserted: Graph, background: Graph | None = None) -> Graph:
    """What ``ipco.reason.reason(asserted, background)`` returns, computed with reasonable, on rdflib
    graphs (for comparisons with the reference engine; the pipeline calls ``reason_fast_triples``)."""
    inferred = reason_fast_triples(
        to_oxigraph_triples(asserted), to_oxigraph_triples(background) if background is not None else None
    )
    return to_rdflib_graph(inferred)


def reason_fast_triples(
    asserted: Iterable[ox.Quad | ox.Triple], background: Iterable[ox.Quad | ox.Triple] | None = None
) -> list[ox.Triple]:
    """The triples the OWL 2 RL closure of ``asserted`` + ``background`` adds about the resources
    ``asserted`` describes, without the noise (``ipco.reason.noise``), as owlrl would give them.

    Works on pyoxigraph terms from end to end: no rdflib graph is built, which at a million
    triples would cost more than the reasoning itself.
    """
    return reasoned(asserted, background).inferred


def reasoned(asserted: Iterable[ox.Quad | ox.Triple], background: Iterable[ox.Quad | ox.Triple] | None) -> Reasoned:
    """The closure of ``asserted`` + ``background`` and its filtered new triples (``reason_fast_triples``)."""
    with without_cyclic_gc():
        codec = _Codec()
        key = codec.key
        known: set[Triple] = set()
        described: set[Key] = set()
        literals: dict[Key, ox.Literal] = {}
        for source, in_asserted in ((asserted, True), (background or (), False)):
            for quad in source:
                # IPCO parses RDF 1.1 only: no quoted triple (RDF-star) is ever a subject or object.
                triple = (key(quad.subject), key(quad.predicate), key(quad.object))  # type: ignore[arg-type]
                known.add(triple)
                if in_asserted:
                    described.add(triple[0])
                if type(quad.object) is ox.Literal:
                    literals[triple[2]] = quad.object
        seeds = _one_time_triples(codec, known, literals)
        closure = _closure(known | seeds, codec)
        inferred: list[ox.Triple] = []
        nodes = codec.nodes
        kinds = codec.kinds
        for triple in closure - known:
            if triple[0] in described:
                s, p, o = nodes[triple[0]], nodes[triple[1]], nodes[triple[2]]
                # owlrl never keeps a triple with a literal or blank node as predicate.
                if type(p) is ox.NamedNode and not noise(kinds(triple[0]), s.value, p.value, kinds(triple[2]), o.value):
                    inferred.append(ox.Triple(s, p, o))  # type: ignore[arg-type]
        return Reasoned(inferred, seeds, closure, codec.nodes)


class _Nodes(dict[Key, OxTerm]):
    """Key -> term; a key the codec never made is one of reasonable's own vocabulary IRIs."""

    def __missing__(self, key: Key) -> OxTerm:
        node = self[key] = ox.NamedNode(key)
        return node


class _Codec:
    """Terms <-> the IRIs reasonable sees (see the module docstring)."""

    def __init__(self) -> None:
        self._keys: dict[OxTerm, Key] = {}
        self.nodes = _Nodes()

    def key(self, node: OxTerm) -> Key:
        """The IRI that stands for ``node``: its own for visible RDF/RDFS/OWL terms, else an opaque one."""
        key = self._keys.get(node)
        if key is None:
            key = self._keys[node] = self._new_key(node)
        return key

    def iri(self, iri: URIRef) -> Key:
        """The key of a vocabulary term named in the rules."""
        return self.key(ox.NamedNode(str(iri)))

    def _new_key(self, node: OxTerm) -> Key:
        visible = (
            type(node) is ox.NamedNode
            and _VISIBLE.match(node.value) is not None
            and node.value not in _HIDDEN
            and not _CONTAINER_MEMBERSHIP.match(node.value)
        )
        key = _Iri(node.value if visible else f"{_PRIVATE}{len(self.nodes)}")
        self.nodes[key] = node
        return key

    def kinds(self, key: Key) -> TermKind:
        """What the term behind ``key`` is, for the noise rules."""
        node = self.nodes[key]
        return "iri" if type(node) is ox.NamedNode else "literal" if type(node) is ox.Literal else "bnode"

    def literal_value(self, key: Key) -> object:
        """The Python value of the literal behind ``key`` (None for other terms), as owlrl compares it."""
        node = self.nodes[key]
        if type(node) is not ox.Literal:
            return None
        converted = to_rdflib_term(node)
        return converted.value if isinstance(converted, Literal) else None


def _one_time_triples(codec: _Codec, triples: set[Triple], literals: dict[Key, ox.Literal]) -> set[Triple]:
    """owlrl's one-time rules that can matter: cls-thing, cls-nothing1, dt-type1 and dt-type2.

    Each literal object is typed with its datatype and the datatype's parents (``"1"^^xsd:int`` is an
    ``xsd:integer``), and a resource typed with a datatype gets the parents too, so that class
    expressions over datatypes see them as owlrl does. prp-ap (annotation properties) and the
    datatype disjointness axioms only add noise about standard terms, which no rule reads.
    """
    thing = codec.iri(OWL.Thing)
    seeds: set[Triple] = {(thing, _TYPE, _CLASS), (_NOTHING, _TYPE, _CLASS)}
    for datatype in _DATATYPES:
        seeds.add((codec.iri(datatype), _TYPE, _DATATYPE))

    def typed(node: Key, datatype: URIRef, *, itself: bool) -> None:
        if itself:
            seeds.add((node, _TYPE, codec.iri(datatype)))
        for parent in _DATATYPE_PARENTS.get(datatype, ()):
            seeds.add((node, _TYPE, codec.iri(parent)))
            seeds.add((codec.iri(parent), _TYPE, _DATATYPE))

    for key, literal in literals.items():
        literal_type = _TYPED_DATATYPES.get(literal.datatype.value) if literal.language is None else None
        if literal_type is not None:
            typed(key, literal_type, itself=True)
    datatypes = {codec.iri(d): d for d in _DATATYPES}
    for s, p, o in triples:
        if o in datatypes and p == _TYPE and s not in literals:
            typed(s, datatypes[o], itself=False)
    return seeds


def _closure(base: set[Triple], codec: _Codec) -> set[Triple]:
    """The fixpoint of reasonable's rules and ``_missing_rules``: the OWL 2 RL closure of ``base``.

    Usually one run of reasonable: ``_missing_rules`` first completes the schema of ``base``; another
    run is needed only when reasonable's conclusions feed a missing rule (a property chain over
    inferred triples, say). Each run starts afresh from all that is known so far, which is simpler
    to trust than reasonable's incremental mode, and the loop ends: the triples only grow, over a
    finite set of terms.
    """
    triples = base | _missing_rules(base, codec)
    while True:
        closure = _run_reasonable(triples)
        new = _missing_rules(closure, codec) - closure - triples
        if not new:
            return closure
        triples |= closure | new


def _run_reasonable(triples: set[Triple]) -> set[Triple]:
    """reasonable's closure of ``triples``, as keys (its own copy is freed on return)."""
    reasoner = _new_reasoner()
    reasoner.from_graph(triples)
    with _terms_as_str():
        closure = cast(list[Triple], reasoner.reason())
    del reasoner  # its relations take more memory than the closure: free them before copying it
    # reasonable's own owl:Thing (every subject is one): hidden from the rules, and noise.
    return {triple for triple in closure if _REAL_THING not in triple}


@contextmanager
def _terms_as_str() -> Iterator[None]:
    """Make reasonable return its terms as interned ``str`` instead of ``rdflib.URIRef``.

    reasonable builds each term of its result by calling ``rdflib.URIRef`` (looked up on the module
    at each call); at a million triples that is 10 million validated URIRefs, 40% of the reasoning
    time, for keys that are only compared and hashed here. Interned, each key is one string however
    many triples use it (0.8 GB less at a million triples). The original is restored on exit.
    Reasoning runs in one thread; nothing else in the process creates URIRefs meanwhile.
    """
    module = importlib.import_module("rdflib")
    original = getattr(module, "URIRef")  # noqa: B009 (the module attribute, as reasonable reads it)
    setattr(module, "URIRef", sys.intern)  # noqa: B010
    try:
        yield
    finally:
        setattr(module, "URIRef", original)  # noqa: B010


class _Index:
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
        while head != _NIL and head not in seen:
            seen.add(head)
            first = self.objects(head, _FIRST)
            if not first:
                break
            members.append(min(first))
            rest = self.objects(head, _REST)
            if not rest:
                break
            head = min(rest)
        return members


def _missing_rules(triples: set[Triple], codec: _Codec) -> set[Triple]:
    """What the OWL 2 RL rules reasonable lacks (or that are hidden from it) derive from ``triples``,
    run to their own fixpoint; ``_closure`` alternates them with reasonable.

    Only the triples these rules read are indexed: the schema, and the instance triples of the
    properties and classes that chains, keys, inverse-functional properties and cardinalities name.
    """
    thing = codec.iri(OWL.Thing)
    inverse_functional = codec.iri(OWL.InverseFunctionalProperty)
    meta_classes = {_CLASS, inverse_functional, *_PROPERTY_TYPES}
    by_predicate: defaultdict[Key, list[Triple]] = defaultdict(list)
    for triple in triples:
        by_predicate[triple[1]].append(triple)
    types: defaultdict[Key, list[Triple]] = defaultdict(list)
    for triple in by_predicate.pop(_TYPE, ()):
        types[triple[2]].append(triple)
    index = _Index()
    for p in _SCHEMA_PREDICATES:
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


def _instance_terms(index: _Index, thing: Key, inverse_functional: Key) -> tuple[set[Key], set[Key]]:
    """Properties whose triples, and classes whose members, the instance rules read."""
    properties = set(index.subjects(_TYPE, inverse_functional))
    classes: set[Key] = set()
    for _, chain in index.pairs(_CHAIN):
        properties.update(index.items(chain))
    for keyed, keys in index.pairs(_HAS_KEY):
        classes.add(keyed)
        properties.update(index.items(keys))
    for restriction, _ in index.pairs(_MAX_CARDINALITY) | index.pairs(_MAX_QUALIFIED):
        classes.add(restriction)
        properties.update(index.objects(restriction, _ON_PROPERTY))
        classes.update(index.objects(restriction, _ON_CLASS))
    for restriction in index.subjects(_SOME_VALUES, thing):
        properties.update(index.objects(restriction, _ON_PROPERTY))
    return properties, classes


def _schema_rules(index: _Index, codec: _Codec) -> Iterator[Triple]:
    """scm-* (OWL 2 RL, table 9), as owlrl applies them; reasonable has only scm-sco and scm-eqc1."""
    thing = codec.iri(OWL.Thing)
    for c in index.subjects(_TYPE, _CLASS):  # scm-cls
        yield from ((c, _SUBCLASS, c), (c, _EQUIVALENT_CLASS, c), (c, _SUBCLASS, thing), (_NOTHING, _SUBCLASS, c))
    for kind in _PROPERTY_TYPES:  # scm-op, scm-dp (owlrl adds rdf:Property)
        for p in index.subjects(_TYPE, kind):
            yield from ((p, _SUBPROPERTY, p), (p, _EQUIVALENT_PROPERTY, p))
    for relation, equivalence in ((_SUBCLASS, _EQUIVALENT_CLASS), (_SUBPROPERTY, _EQUIVALENT_PROPERTY)):
        for a, b in index.pairs(relation):
            if a != b:  # scm-sco, scm-spo; owlrl skips c == a, reasonable's scm-sco does not (KNOWN_DIFFERENCES)
                yield from ((a, relation, c) for c in index.objects(b, relation) if c != a or relation == _SUBCLASS)
            if a in index.objects(b, relation) and (a != b or relation == _SUBCLASS):  # scm-eqc2, scm-eqp2
                yield (a, equivalence, b)
        for a, b in index.pairs(equivalence):
            if a != b:  # scm-eqc1, scm-eqp1
                yield from ((a, relation, b), (b, relation, a))
    for relation in (_DOMAIN, _RANGE):
        for p, c in index.pairs(relation):  # scm-dom1, scm-rng1
            yield from ((p, relation, c2) for c2 in index.objects(c, _SUBCLASS) if c2 != c)
            yield from ((p1, relation, c) for p1 in index.subjects(_SUBPROPERTY, p) if p1 != p)  # scm-dom2, scm-rng2
    for c1, value in index.pairs(_HAS_VALUE):  # scm-hv
        for p1 in index.objects(c1, _ON_PROPERTY):
            for c2 in index.subjects(_HAS_VALUE, value):
                if index.objects(c2, _ON_PROPERTY) & index.objects(p1, _SUBPROPERTY):
                    yield (c1, _SUBCLASS, c2)
    for restriction in (_SOME_VALUES, _ALL_VALUES):
        for c1, y1 in index.pairs(restriction):
            for p in index.objects(c1, _ON_PROPERTY):
                for c2 in index.subjects(_ON_PROPERTY, p):  # scm-svf1, scm-avf1
                    if index.objects(c2, restriction) & index.objects(y1, _SUBCLASS):
                        yield (c1, _SUBCLASS, c2)
                for c2 in index.subjects(restriction, y1):  # scm-svf2, scm-avf2
                    if index.objects(c2, _ON_PROPERTY) & index.objects(p, _SUBPROPERTY):
                        yield (c1, _SUBCLASS, c2) if restriction == _SOME_VALUES else (c2, _SUBCLASS, c1)
    for c, members in index.pairs(_INTERSECTION):  # scm-int
        yield from ((c, _SUBCLASS, ci) for ci in index.items(members))
    for c, members in index.pairs(_UNION):  # scm-uni
        yield from ((ci, _SUBCLASS, c) for ci in index.items(members))


def _class_rules(index: _Index, codec: _Codec) -> Iterator[Triple]:
    """cls-oo, cls-svf2 (someValuesFrom owl:Thing, hidden from reasonable), cls-maxc2, cls-maxqc3/4."""
    thing = codec.iri(OWL.Thing)
    for c, members in index.pairs(_ONE_OF):  # cls-oo
        yield from ((y, _TYPE, c) for y in index.items(members))
    for x in index.subjects(_SOME_VALUES, thing):  # cls-svf2
        for p in index.objects(x, _ON_PROPERTY):
            yield from ((u, _TYPE, x) for u, _ in index.pairs(p))
    for x, n in index.pairs(_MAX_CARDINALITY):  # cls-maxc2
        if codec.literal_value(n) == 1:
            for p in index.objects(x, _ON_PROPERTY):
                yield from _same_values(index, x, p, None)
    for x, n in index.pairs(_MAX_QUALIFIED):  # cls-maxqc3, cls-maxqc4
        if codec.literal_value(n) == 1:
            for p in index.objects(x, _ON_PROPERTY):
                for c in index.objects(x, _ON_CLASS):
                    yield from _same_values(index, x, p, None if c == thing else c)


def _same_values(index: _Index, restriction: Key, p: Key, of_class: Key | None) -> Iterator[Triple]:
    """y1 owl:sameAs y2 for two values of ``p`` (members of ``of_class``, if given) of one member of
    ``restriction``, a max-cardinality-1 restriction."""
    for u in index.subjects(_TYPE, restriction):
        values = [y for y in index.objects(u, p) if of_class is None or y in index.subjects(_TYPE, of_class)]
        yield from ((y1, _SAME_AS, y2) for y1 in values for y2 in values if y1 != y2)


def _property_rules(index: _Index, codec: _Codec) -> Iterator[Triple]:
    """prp-spo2 (property chains), prp-key, and prp-ifp (hidden from reasonable)."""
    for p, chain_list in index.pairs(_CHAIN):  # prp-spo2
        chain = index.items(chain_list)
        if not chain:
            continue
        for u, first in index.pairs(chain[0]):
            ends = {first}
            for link in chain[1:]:
                ends = {z for y in ends for z in index.objects(y, link)}
            yield from ((u, p, z) for z in ends)
    for c, key_list in index.pairs(_HAS_KEY):  # prp-key
        keys = index.items(key_list)
        if keys:
            groups: dict[tuple[Key, ...], set[Key]] = {}
            for x in index.subjects(_TYPE, c):
                for values in product(*(sorted(index.objects(x, k)) for k in keys)):
                    groups.setdefault(values, set()).add(x)
            yield from _all_same(groups.values())
    for p in index.subjects(_TYPE, codec.iri(OWL.InverseFunctionalProperty)):  # prp-ifp
        holders: dict[Key, set[Key]] = {}
        for x, y in index.pairs(p):
            holders.setdefault(y, set()).add(x)
        yield from _all_same(holders.values())


def _all_same(groups: Iterable[set[Key]]) -> Iterator[Triple]:
    """x owl:sameAs y for every two different members of each group."""
    for group in groups:
        if len(group) > 1:
            yield from ((x, _SAME_AS, y) for x in group for y in group if x != y)
