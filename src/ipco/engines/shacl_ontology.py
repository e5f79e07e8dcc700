"""The ontology as the SPARQL-compiled SHACL engine reads it: class hierarchies (``ClassIndex``)
and the axioms pySHACL copies into the data graph (``inoculated``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox
from rdflib.term import Node

from ipco.engines.shacl_model import RDF_TYPE, SUBCLASS_OF
from ipco.engines.shacl_terms import sparql_term

_AXIOM_NAMESPACES = ("http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2002/07/owl#")
#: The OWL classes pySHACL's ``inoculate`` does not copy the instances of (nor does it any datatype).
_NOT_COPIED_TYPES = frozenset(ox.NamedNode(_AXIOM_NAMESPACES[1] + name) for name in ("Thing", "Nothing"))
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_NAMED_INDIVIDUAL = ox.NamedNode("http://www.w3.org/2002/07/owl#NamedIndividual")
#: How deep pySHACL's ``clone_node`` copies a named individual's IRIs.
_CLONE_DEPTH = 10


class ClassIndex:
    """SHACL instances of classes (``rdf:type/rdfs:subClassOf*``) as a join of ``rdf:type`` with the
    classes' subclasses, read once from the data graph.

    pyoxigraph walks the subclass path again for every candidate node: at a million triples a
    query over a labelled-resource target took 18 s with the path and 1.5 s with this join. The
    data graph does not change during a validation, so its subclass closure can be read up front.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._subclasses: dict[Node, list[str] | None] = {}

    def subclasses(self, class_: Node) -> list[str] | None:
        """SPARQL texts of ``class_`` and its subclasses; None when one is a blank node (a VALUES
        list cannot name it)."""
        if class_ not in self._subclasses:
            term = sparql_term(class_)
            rows = self.store.query(
                f"SELECT DISTINCT ?c WHERE {{ ?c {SUBCLASS_OF}* {term} }}", use_default_graph_as_union=True
            )
            assert isinstance(rows, ox.QuerySolutions)
            found = {row[0] for row in rows}
            closure = None if any(isinstance(c, ox.BlankNode) for c in found) else {str(c) for c in found} | {term}
            self._subclasses[class_] = sorted(closure) if closure is not None else None
        return self._subclasses[class_]

    def pattern(self, var: str, classes: Iterable[Node]) -> str:
        """A group pattern binding ``var`` to the SHACL instances of any of ``classes``."""
        return self._pattern(var, classes, lambda type_var, listed: f"VALUES {type_var} {{ {' '.join(listed)} }}")

    def holds(self, var: str, classes: Iterable[Node], one_of: Callable[[str, list[str]], str] | None = None) -> str:
        """A group pattern matching when ``var``, already bound, is a SHACL instance of any of
        ``classes``: its types filtered, by ``one_of`` (a filter keeping a type variable's rows
        among a list of classes; ``IN`` when None). Inside ``NOT EXISTS``, ``pattern``'s VALUES
        would make pyoxigraph look up each listed class's instances again for every value node
        (Brick's sh:class on ~900 subclasses: 1.3 s per query, 0.04 s so)."""
        return self._pattern(
            var, classes, one_of or (lambda type_var, listed: f"FILTER({type_var} IN ({', '.join(listed)}))")
        )

    def within(self, var: str, roots: Iterable[Node]) -> str:
        """A SPARQL expression true when ``var``, bound, is one of ``roots`` or a SHACL subclass of
        one (``rdfs:subClassOf*``): a list test, or the path for a hierarchy with blank nodes."""
        listed, walked = self._listed(roots)
        tests = [f"EXISTS {{ {var} {SUBCLASS_OF}* {sparql_term(root)} }}" for root in walked]
        if listed:
            tests.insert(0, f"({var} IN ({', '.join(sorted(listed))}))")
        return "(" + " || ".join(tests) + ")" if tests else "false"

    def _listed(self, classes: Iterable[Node]) -> tuple[set[str], list[Node]]:
        """The SPARQL terms of ``classes`` and their subclasses where the closure can be listed, and
        (sorted) the classes whose hierarchy has blank nodes, to be walked with a path instead."""
        listed: set[str] = set()
        walked: list[Node] = []
        for class_ in sorted(classes, key=str):
            closure = self.subclasses(class_)
            if closure is None:
                walked.append(class_)
            else:
                listed.update(closure)
        return listed, walked

    def _pattern(self, var: str, classes: Iterable[Node], one_of: Callable[[str, list[str]], str]) -> str:
        listed, walked = self._listed(classes)
        branches = [f"{{ {var} {RDF_TYPE}/{SUBCLASS_OF}* {sparql_term(class_)} . }}" for class_ in walked]
        if len(listed) == 1:  # a constant: the index of that class's instances, 3 to 6 times sooner
            branches.insert(0, f"{{ {var} {RDF_TYPE} {next(iter(listed))} . }}")
        elif listed:
            type_var = f"{var}__class"
            branches.insert(0, f"{{ {var} {RDF_TYPE} {type_var} . {one_of(type_var, sorted(listed))} }}")
        return "{ " + " UNION ".join(branches) + " }" if branches else "{ FILTER(false) }"


def inoculated(store: ox.Store, graph: str) -> list[ox.Triple]:
    """What pySHACL's ``inoculate`` copies of the ontology (the store's ``graph``) into the data graph:
    the triples whose predicate is RDFS's or OWL's, the ``rdf:type`` triples naming an RDFS or OWL
    class (``owl:Thing`` and ``owl:Nothing`` aside), every triple of an ``owl:NamedIndividual`` and
    of the IRIs they reach (ten deep, as its ``clone_node``), the triples naming such an
    individual, and the blank nodes all these reach, whole. Its other triples (Brick's
    ``brick:isReplacedBy``) stay out."""
    ontology = ox.NamedNode(graph)
    found: list[ox.Triple] = []
    blanks: list[ox.BlankNode] = []

    def take(quad: ox.Quad) -> None:
        found.append(ox.Triple(quad.subject, quad.predicate, quad.object))
        blanks.extend(t for t in (quad.subject, quad.object) if isinstance(t, ox.BlankNode))

    for quad in store.quads_for_pattern(None, None, None, ontology):
        named = quad.object if quad.predicate == _RDF_TYPE else quad.predicate
        if (
            isinstance(named, ox.NamedNode)
            and named.value.startswith(_AXIOM_NAMESPACES)
            and named not in _NOT_COPIED_TYPES
        ):
            take(quad)
    individuals = [
        q.subject
        for q in store.quads_for_pattern(None, _RDF_TYPE, _NAMED_INDIVIDUAL, ontology)
        if isinstance(q.subject, ox.NamedNode)
    ]
    level, reached = individuals, set(individuals)
    for _ in range(_CLONE_DEPTH):
        following = []
        for quad in (q for node in level for q in store.quads_for_pattern(node, None, None, ontology)):
            take(quad)
            if isinstance(quad.object, ox.NamedNode) and quad.object not in reached:
                reached.add(quad.object)
                following.append(quad.object)
        level = following
    for quad in (q for node in individuals for q in store.quads_for_pattern(None, None, node, ontology)):
        take(quad)
    seen: set[ox.BlankNode] = set()
    while blanks:
        node = blanks.pop()
        if node not in seen:
            seen.add(node)
            for quad in store.quads_for_pattern(node, None, None, ontology):
                take(quad)
    return found
