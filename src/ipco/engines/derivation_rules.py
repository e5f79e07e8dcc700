"""The OWL 2 RL rules read backwards: for a triple, which proven premises would conclude it.

``ipco.engines.derivation`` proves the closure bottom-up in rounds and asks these functions, for each
triple not yet proven, for a rule whose premises are all proven already; so each derivation only
rests on triples proven in earlier rounds, and no explanation is ever circular. Rule ids are those
of https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Step = tuple[str, tuple[ox.Triple, ...]]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
TYPE = ox.NamedNode(_RDF + "type")
FIRST = ox.NamedNode(_RDF + "first")
REST = ox.NamedNode(_RDF + "rest")
NIL = ox.NamedNode(_RDF + "nil")
SUBCLASS = ox.NamedNode(_RDFS + "subClassOf")
SUBPROPERTY = ox.NamedNode(_RDFS + "subPropertyOf")
DOMAIN = ox.NamedNode(_RDFS + "domain")
RANGE = ox.NamedNode(_RDFS + "range")
SAME_AS = ox.NamedNode(_OWL + "sameAs")
EQUIVALENT_CLASS = ox.NamedNode(_OWL + "equivalentClass")
EQUIVALENT_PROPERTY = ox.NamedNode(_OWL + "equivalentProperty")
INVERSE = ox.NamedNode(_OWL + "inverseOf")
ON_PROPERTY = ox.NamedNode(_OWL + "onProperty")
HAS_VALUE = ox.NamedNode(_OWL + "hasValue")
SOME_VALUES = ox.NamedNode(_OWL + "someValuesFrom")
ALL_VALUES = ox.NamedNode(_OWL + "allValuesFrom")
INTERSECTION = ox.NamedNode(_OWL + "intersectionOf")
UNION = ox.NamedNode(_OWL + "unionOf")
ONE_OF = ox.NamedNode(_OWL + "oneOf")
CHAIN = ox.NamedNode(_OWL + "propertyChainAxiom")
THING = ox.NamedNode(_OWL + "Thing")
NOTHING = ox.NamedNode(_OWL + "Nothing")
CLASS = ox.NamedNode(_OWL + "Class")
SYMMETRIC = ox.NamedNode(_OWL + "SymmetricProperty")
TRANSITIVE = ox.NamedNode(_OWL + "TransitiveProperty")
FUNCTIONAL = ox.NamedNode(_OWL + "FunctionalProperty")
INVERSE_FUNCTIONAL = ox.NamedNode(_OWL + "InverseFunctionalProperty")
OBJECT_PROPERTY = ox.NamedNode(_OWL + "ObjectProperty")
DATATYPE_PROPERTY = ox.NamedNode(_OWL + "DatatypeProperty")


class Proven:
    """The triples proven so far, indexed for the joins of the rules."""

    def __init__(self) -> None:
        self.steps: dict[ox.Triple, Step] = {}
        self._objects: dict[tuple[Term, Term], list[Term]] = {}
        self._subjects: dict[tuple[Term, Term], list[Term]] = {}

    def add(self, triple: ox.Triple, step: Step) -> None:
        self.steps[triple] = step
        s, p, o = triple.subject, triple.predicate, triple.object
        self._objects.setdefault((s, p), []).append(o)
        self._subjects.setdefault((p, o), []).append(s)

    def __contains__(self, triple: ox.Triple) -> bool:
        return triple in self.steps

    def has(self, s: Term, p: Term, o: Term) -> bool:
        return ox.Triple(s, p, o) in self.steps  # type: ignore[arg-type]

    def objects(self, s: Term, p: Term) -> list[Term]:
        return self._objects.get((s, p), [])

    def subjects(self, p: Term, o: Term) -> list[Term]:
        return self._subjects.get((p, o), [])

    def members(self, head: Term) -> list[tuple[Term, list[ox.Triple]]]:
        """The items of the list at ``head``, each with the list triples that reach it."""
        found: list[tuple[Term, list[ox.Triple]]] = []
        path: list[ox.Triple] = []
        seen: set[Term] = set()
        while head != NIL and head not in seen:
            seen.add(head)
            firsts = self.objects(head, FIRST)
            if not firsts:
                break
            found.append((firsts[0], [*path, _t(head, FIRST, firsts[0])]))
            rests = self.objects(head, REST)
            if not rests:
                break
            path.append(_t(head, REST, rests[0]))
            head = rests[0]
        return found


def _t(s: Term, p: Term, o: Term) -> ox.Triple:
    return ox.Triple(s, p, o)  # type: ignore[arg-type]


def steps_for(triple: ox.Triple, proven: Proven) -> Iterator[Step]:
    """Every way some rule concludes ``triple`` from proven premises (the caller takes the first)."""
    s, p, o = triple.subject, triple.predicate, triple.object
    if p == TYPE:
        yield from _type_steps(s, o, proven)
    elif p in (SUBCLASS, SUBPROPERTY, EQUIVALENT_CLASS, EQUIVALENT_PROPERTY, DOMAIN, RANGE):
        yield from _schema_steps(s, p, o, proven)
    elif p == SAME_AS:
        yield from _same_as_steps(s, o, proven)
    yield from _property_steps(s, p, o, proven)


def _type_steps(s: Term, o: Term, proven: Proven) -> Iterator[Step]:
    for c in proven.subjects(SUBCLASS, o):
        if proven.has(s, TYPE, c):
            yield "cax-sco", (_t(s, TYPE, c), _t(c, SUBCLASS, o))
    for c in proven.subjects(EQUIVALENT_CLASS, o):
        if proven.has(s, TYPE, c):
            yield "cax-eqc2", (_t(s, TYPE, c), _t(c, EQUIVALENT_CLASS, o))
    for c in proven.objects(o, EQUIVALENT_CLASS):
        if proven.has(s, TYPE, c):
            yield "cax-eqc1", (_t(s, TYPE, c), _t(o, EQUIVALENT_CLASS, c))
    for prop in proven.subjects(DOMAIN, o):
        for y in proven.objects(s, prop)[:1]:
            yield "prp-dom", (_t(prop, DOMAIN, o), _t(s, prop, y))
    for prop in proven.subjects(RANGE, o):
        for x in proven.subjects(prop, s)[:1]:
            yield "prp-rng", (_t(prop, RANGE, o), _t(x, prop, s))
    for prop in proven.objects(o, ON_PROPERTY):
        for v in proven.objects(o, HAS_VALUE):
            if proven.has(s, prop, v):
                yield "cls-hv1", (_t(o, HAS_VALUE, v), _t(o, ON_PROPERTY, prop), _t(s, prop, v))
        for c in proven.objects(o, SOME_VALUES):
            for y in proven.objects(s, prop):
                if c == THING:
                    yield "cls-svf2", (_t(o, SOME_VALUES, c), _t(o, ON_PROPERTY, prop), _t(s, prop, y))
                elif proven.has(y, TYPE, c):
                    axioms = (_t(o, SOME_VALUES, c), _t(o, ON_PROPERTY, prop))
                    yield "cls-svf1", (*axioms, _t(s, prop, y), _t(y, TYPE, c))
    for r in proven.subjects(ALL_VALUES, o):
        for prop in proven.objects(r, ON_PROPERTY):
            for u in proven.subjects(prop, s):
                if proven.has(u, TYPE, r):
                    yield "cls-avf", (_t(r, ALL_VALUES, o), _t(r, ON_PROPERTY, prop), _t(u, TYPE, r), _t(u, prop, s))
    for head in proven.objects(o, INTERSECTION):
        items = proven.members(head)
        if items and all(proven.has(s, TYPE, c) for c, _ in items):
            lists = tuple(t for _, path in items for t in path)
            yield "cls-int1", (_t(o, INTERSECTION, head), *lists, *(_t(s, TYPE, c) for c, _ in items))
    for head in proven.objects(o, UNION):
        for c, path in proven.members(head):
            if proven.has(s, TYPE, c):
                yield "cls-uni", (_t(o, UNION, head), *path, _t(s, TYPE, c))
    for c, head, path in _lists_holding(o, INTERSECTION, proven):
        if proven.has(s, TYPE, c):
            yield "cls-int2", (_t(c, INTERSECTION, head), *path, _t(s, TYPE, c))
    for head in proven.objects(o, ONE_OF):
        for item, path in proven.members(head):
            if item == s:
                yield "cls-oneof", (_t(o, ONE_OF, head), *path)


def _lists_holding(item: Term, predicate: Term, proven: Proven) -> Iterator[tuple[Term, Term, list[ox.Triple]]]:
    """(owner, head, list triples) for each list that holds ``item`` and is ``owner predicate head``."""
    for node in proven.subjects(FIRST, item):
        path = [_t(node, FIRST, item)]
        head = node
        seen = {head}
        while True:
            for owner in proven.subjects(predicate, head):
                yield owner, head, list(reversed(path))
            previous = proven.subjects(REST, head)
            if not previous or previous[0] in seen:
                break
            path.append(_t(previous[0], REST, head))
            head = previous[0]
            seen.add(head)


def _schema_steps(s: Term, p: Term, o: Term, proven: Proven) -> Iterator[Step]:
    if p in (SUBCLASS, SUBPROPERTY):
        for c in proven.objects(s, p):
            if c != o and proven.has(c, p, o):
                yield ("scm-sco" if p == SUBCLASS else "scm-spo"), (_t(s, p, c), _t(c, p, o))
        equivalent = EQUIVALENT_CLASS if p == SUBCLASS else EQUIVALENT_PROPERTY
        rule = "scm-eqc1" if p == SUBCLASS else "scm-eqp1"
        if proven.has(s, equivalent, o):
            yield rule, (_t(s, equivalent, o),)
        if proven.has(o, equivalent, s):
            yield rule, (_t(o, equivalent, s),)
        if p == SUBCLASS:
            yield from _subclass_steps(s, o, proven)
        elif s == o:
            for kind in (OBJECT_PROPERTY, DATATYPE_PROPERTY):
                if proven.has(s, TYPE, kind):
                    yield ("scm-op" if kind == OBJECT_PROPERTY else "scm-dp"), (_t(s, TYPE, kind),)
    elif p in (EQUIVALENT_CLASS, EQUIVALENT_PROPERTY):
        below = SUBCLASS if p == EQUIVALENT_CLASS else SUBPROPERTY
        if proven.has(s, below, o) and proven.has(o, below, s):
            yield ("scm-eqc2" if p == EQUIVALENT_CLASS else "scm-eqp2"), (_t(s, below, o), _t(o, below, s))
        if proven.has(o, p, s):
            yield "eq-sym", (_t(o, p, s),)
    else:
        hierarchy = SUBCLASS
        for c in proven.objects(s, p):
            if proven.has(c, hierarchy, o):
                yield ("scm-dom1" if p == DOMAIN else "scm-rng1"), (_t(s, p, c), _t(c, hierarchy, o))
        for sub in proven.objects(s, SUBPROPERTY):
            if proven.has(sub, p, o):
                yield ("scm-dom2" if p == DOMAIN else "scm-rng2"), (_t(s, SUBPROPERTY, sub), _t(sub, p, o))


def _subclass_steps(s: Term, o: Term, proven: Proven) -> Iterator[Step]:
    if proven.has(s, TYPE, CLASS) and (s == o or o == THING):
        yield "scm-cls", (_t(s, TYPE, CLASS),)
    if s == NOTHING and proven.has(o, TYPE, CLASS):
        yield "scm-cls", (_t(o, TYPE, CLASS),)
    for head in proven.objects(s, INTERSECTION):
        for item, path in proven.members(head):
            if item == o:
                yield "scm-int", (_t(s, INTERSECTION, head), *path)
    for head in proven.objects(o, UNION):
        for item, path in proven.members(head):
            if item == s:
                yield "scm-uni", (_t(o, UNION, head), *path)
    for p1 in proven.objects(s, ON_PROPERTY):
        for p2 in proven.objects(o, ON_PROPERTY):
            same_property = p1 == p2 or proven.has(p1, SUBPROPERTY, p2)
            for restriction, rule in ((HAS_VALUE, "scm-hv"), (SOME_VALUES, "scm-svf"), (ALL_VALUES, "scm-avf")):
                for v1 in proven.objects(s, restriction):
                    for v2 in proven.objects(o, restriction):
                        axioms: tuple[ox.Triple, ...] = (_t(s, restriction, v1), _t(s, ON_PROPERTY, p1))
                        axioms += (_t(o, restriction, v2), _t(o, ON_PROPERTY, p2))
                        if rule == "scm-hv" and v1 == v2 and same_property:
                            extra = () if p1 == p2 else (_t(p1, SUBPROPERTY, p2),)
                            yield rule, (*axioms, *extra)
                        elif rule != "scm-hv" and p1 == p2 and (v1 == v2 or proven.has(v1, SUBCLASS, v2)):
                            extra = () if v1 == v2 else (_t(v1, SUBCLASS, v2),)
                            yield f"{rule}1", (*axioms, *extra)


def _same_as_steps(s: Term, o: Term, proven: Proven) -> Iterator[Step]:
    if proven.has(o, SAME_AS, s):
        yield "eq-sym", (_t(o, SAME_AS, s),)
    for z in proven.objects(s, SAME_AS):
        if z != o and proven.has(z, SAME_AS, o):
            yield "eq-trans", (_t(s, SAME_AS, z), _t(z, SAME_AS, o))
    for prop in proven.subjects(TYPE, FUNCTIONAL):
        for x in proven.subjects(prop, s):
            if proven.has(x, prop, o):
                yield "prp-fp", (_t(prop, TYPE, FUNCTIONAL), _t(x, prop, s), _t(x, prop, o))
    for prop in proven.subjects(TYPE, INVERSE_FUNCTIONAL):
        for y in proven.objects(s, prop):
            if proven.has(o, prop, y):
                yield "prp-ifp", (_t(prop, TYPE, INVERSE_FUNCTIONAL), _t(s, prop, y), _t(o, prop, y))


def _property_steps(s: Term, p: Term, o: Term, proven: Proven) -> Iterator[Step]:
    for sub in proven.subjects(SUBPROPERTY, p):
        if proven.has(s, sub, o):
            yield "prp-spo1", (_t(sub, SUBPROPERTY, p), _t(s, sub, o))
    for eq in proven.subjects(EQUIVALENT_PROPERTY, p):
        if proven.has(s, eq, o):
            yield "prp-eqp2", (_t(eq, EQUIVALENT_PROPERTY, p), _t(s, eq, o))
    for eq in proven.objects(p, EQUIVALENT_PROPERTY):
        if proven.has(s, eq, o):
            yield "prp-eqp1", (_t(p, EQUIVALENT_PROPERTY, eq), _t(s, eq, o))
    for inverse in proven.subjects(INVERSE, p):
        if proven.has(o, inverse, s):
            yield "prp-inv1", (_t(inverse, INVERSE, p), _t(o, inverse, s))
    for inverse in proven.objects(p, INVERSE):
        if proven.has(o, inverse, s):
            yield "prp-inv2", (_t(p, INVERSE, inverse), _t(o, inverse, s))
    if proven.has(p, TYPE, SYMMETRIC) and proven.has(o, p, s):
        yield "prp-symp", (_t(p, TYPE, SYMMETRIC), _t(o, p, s))
    if proven.has(p, TYPE, TRANSITIVE):
        for z in proven.objects(s, p):
            if z != o and proven.has(z, p, o):
                yield "prp-trp", (_t(p, TYPE, TRANSITIVE), _t(s, p, z), _t(z, p, o))
    for r in proven.objects(s, TYPE):
        if proven.has(r, HAS_VALUE, o) and proven.has(r, ON_PROPERTY, p):
            yield "cls-hv2", (_t(r, HAS_VALUE, o), _t(r, ON_PROPERTY, p), _t(s, TYPE, r))
    for head in proven.objects(p, CHAIN):
        path = _chain_path(s, o, [m for m, _ in proven.members(head)], proven)
        if path is not None:
            lists = tuple(t for _, ts in proven.members(head) for t in ts)
            yield "prp-spo2", (_t(p, CHAIN, head), *lists, *path)
    for same in proven.objects(s, SAME_AS):
        if same != s and proven.has(same, p, o):
            yield "eq-rep-s", (_t(s, SAME_AS, same), _t(same, p, o))
    for same in proven.objects(o, SAME_AS):
        if same != o and proven.has(s, p, same):
            yield "eq-rep-o", (_t(o, SAME_AS, same), _t(s, p, same))
    for same in proven.objects(p, SAME_AS):
        if same != p and proven.has(s, same, o):
            yield "eq-rep-p", (_t(p, SAME_AS, same), _t(s, same, o))


def _chain_path(s: Term, o: Term, chain: list[Term], proven: Proven) -> list[ox.Triple] | None:
    """Triples ``s p1 x1 . x1 p2 x2 … p_n o`` along the property chain, if proven."""
    if not chain:
        return None
    if len(chain) == 1:
        return [_t(s, chain[0], o)] if proven.has(s, chain[0], o) else None
    for middle in proven.objects(s, chain[0]):
        rest = _chain_path(middle, o, chain[1:], proven)
        if rest is not None:
            return [_t(s, chain[0], middle), *rest]
    return None
