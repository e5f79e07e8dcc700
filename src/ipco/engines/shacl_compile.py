"""The shapes graph as the fast SHACL engine reads it: which shapes there are, which are validated
on their own (targets), each compiled once into constraints."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from ipco.engines.shacl_core import COMPONENTS, SHACL12_NOT_RUN, SHACL12_UNRUN_NOTE
from ipco.engines.shacl_expressions import ExpressionConstraint
from ipco.engines.shacl_model import (
    FOCUS_VAR,
    CompiledShape,
    Constraint,
    Focus,
)
from ipco.engines.shacl_ontology import ClassIndex
from ipco.engines.shacl_sparql_constraints import (
    Query,
    SparqlConstraint,
    component_constraints,
    declared_components,
    target_query,
)
from ipco.engines.shacl_terms import (
    NotCompiled,
    Path,
    Unsupported,
    sparql_term,
)
from ipco.namespaces import SH_NS as SH

TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
#: Parameters whose values are shapes (sh:memberShape, sh:someValue: SHACL 1.2 Core).
_SHAPE_VALUED = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape, SH.memberShape, SH.someValue)
#: Parameters of constraints the fast path does not run (SHACL-JS).
DELEGATED = frozenset({SH.js})


# -- the shapes graph -----------------------------------------------------------------------------


def _class_types(graph: Graph) -> set[Node]:
    """Types that make a shape its own target class (https://www.w3.org/TR/shacl/#implicit-targetClass):
    rdfs:Class, owl:Class (pySHACL adds ``owl:Class rdfs:subClassOf rdfs:Class`` to every shapes
    graph) and the direct subclasses of rdfs:Class."""
    return {RDFS.Class, OWL.Class, *graph.subjects(RDFS.subClassOf, RDFS.Class)}


def targeted_nodes(graph: Graph) -> list[Node]:
    """Shapes that declare targets, explicit or implicit: the shapes validated on their own."""
    nodes = {s for p in (*TARGETS, SH.target) for s in graph.subjects(p, None)}
    try:
        shapes: Iterable[Node] = discover_shapes(graph)
    except Unsupported:  # pySHACL will refuse the shapes graph; the typed shapes are enough to say so
        shapes = {s for kind in (SH.NodeShape, SH.PropertyShape) for s in graph.subjects(RDF.type, kind)}
    class_types = _class_types(graph)
    nodes.update(s for s in shapes if class_types & set(graph.objects(s, RDF.type)))
    return sorted(nodes, key=lambda n: (isinstance(n, BNode), str(n)))


def discover_shapes(graph: Graph) -> dict[Node, Node | None]:
    """Every shape pySHACL finds in the shapes graph (``ShapesGraph._build_node_shape_cache``),
    with its ``sh:path`` (None for a node shape). Raises ``Unsupported`` where pySHACL raises a
    ``ShapeLoadError``, which fails the whole validation."""
    node_shapes = set(graph.subjects(RDF.type, SH.NodeShape))
    shapes: dict[Node, Node | None] = {}
    for node in node_shapes:
        if graph.value(node, SH.path) is not None:
            raise Unsupported(f"node shape {node} has a sh:path")
        shapes[node] = None
    for node in graph.subjects(RDF.type, SH.PropertyShape):
        paths = list(graph.objects(node, SH.path))
        if node in node_shapes or len(paths) != 1:
            raise Unsupported(f"property shape {node} is also a node shape or has not one sh:path")
        shapes[node] = paths[0]
    implied = {s for p in (*TARGETS, SH.property, SH.node) for s in graph.subjects(p, None)}
    referenced = {o for p in _SHAPE_VALUED for o in graph.objects(None, p)}
    for parameter in (SH["and"], SH["or"], SH.xone):
        for list_node in graph.objects(None, parameter):
            members = list(graph.items(list_node))
            if not members:
                raise Unsupported(f"{parameter} has an empty or malformed list")
            referenced.update(members)
    for node in itertools.chain(sorted(implied, key=str), sorted(referenced, key=str)):
        if node in shapes:
            continue
        paths = list(graph.objects(node, SH.path))
        if len(paths) > 1:
            raise Unsupported(f"shape {node} has several sh:path")
        shapes[node] = paths[0] if paths else None
    for node in shapes:
        deactivated = list(graph.objects(node, SH.deactivated))
        if len(deactivated) > 1 or (deactivated and not isinstance(deactivated[0], Literal)):
            raise Unsupported(f"shape {node} has a malformed sh:deactivated")
    return shapes


class TargetResolver(Protocol):
    """Runs a SPARQL-based target's query (``shacl_sparql.Evaluator``)."""

    def listed(self, query: Query, var: str) -> str:
        """A group pattern binding ``var`` to each node the target's query returns."""


class ShapesCompiler:
    """Compiles shapes, and the shapes they reference, once each; remembers why one failed."""

    def __init__(self, graph: Graph, classes: ClassIndex) -> None:
        self.graph = graph
        self.classes = classes
        self._paths = discover_shapes(graph)
        self._declared = declared_components(graph)
        self._compiled: dict[Node, CompiledShape] = {}
        self._failed: dict[Node, Unsupported] = {}
        self._active: set[Node] = set()

    def shape(self, node: Node) -> CompiledShape:
        if node in self._compiled:
            return self._compiled[node]
        if node in self._failed:
            raise self._failed[node]
        if node in self._active:
            raise NotCompiled(f"recursive shape {node}")
        if node not in self._paths:
            raise Unsupported(f"{node} is not a shape")
        self._active.add(node)
        try:
            shape = self._build(node)
        except Unsupported as error:
            message = f"{node}: {error}" if str(node) not in str(error) else str(error)
            self._failed[node] = type(error)(message)
            raise self._failed[node] from error
        finally:
            self._active.discard(node)
        self._compiled[node] = shape
        return shape

    def _build(self, node: Node) -> CompiledShape:
        graph = self.graph
        deactivated = [bool(d.value) for d in graph.objects(node, SH.deactivated) if isinstance(d, Literal)]
        severities = set(graph.objects(node, SH.severity))
        if len(severities) > 1:
            raise Unsupported("several sh:severity values")
        path_node = self._paths[node]
        path = None
        if path_node is not None:
            try:
                path = Path.parse(graph, path_node)
            except Unsupported:
                if not any(deactivated):
                    raise
                path = Path(path_node, "", False)  # never evaluated: pySHACL skips deactivated shapes
        shape = CompiledShape(
            node=node,
            path=path,
            severity=next(iter(severities), SH.Violation),
            deactivated=any(deactivated),
            messages=tuple(set(graph.objects(node, SH.message))),
        )
        if shape.deactivated:
            return shape
        predicates = set(graph.predicates(node, None))
        delegated = predicates & DELEGATED
        if delegated:
            raise NotCompiled("uses " + ", ".join(sorted(str(p) for p in delegated)))
        newer = predicates & SHACL12_NOT_RUN
        if newer:
            names = ", ".join(sorted(str(p).replace(str(SH), "sh:") for p in newer))
            raise NotCompiled(f"uses {names} ({SHACL12_UNRUN_NOTE})")
        components: tuple[type[Constraint], ...] = (*COMPONENTS, SparqlConstraint, ExpressionConstraint)
        for component in components:
            if predicates.intersection(component.parameters):
                constraint = component.compile(shape, self)
                if constraint is not None:
                    shape.constraints.append(constraint)
        shape.constraints += component_constraints(shape, graph, self._declared)
        return shape

    def focus(self, node: Node, targets: TargetResolver) -> Focus:
        """The focus nodes of a shape's targets (https://www.w3.org/TR/shacl/#targets), each once;
        SPARQL-based targets (SHACL-AF) are run once by ``targets`` and listed."""
        graph = self.graph
        var = FOCUS_VAR
        branches = [
            targets.listed(target_query(graph, node, target), var)
            for target in sorted(graph.objects(node, SH.target), key=str)
        ]
        nodes = list(graph.objects(node, SH.targetNode))
        if nodes:
            branches.append(f"VALUES {var} {{ {' '.join(sparql_term(n) for n in nodes)} }}")
        classes = set(graph.objects(node, SH.targetClass))
        if _class_types(graph) & set(graph.objects(node, RDF.type)):
            classes.add(node)
        if classes:
            branches.append(self.classes.pattern(var, classes))
        subjects_of = sorted(_predicate(p) for p in graph.objects(node, SH.targetSubjectsOf))
        for predicate in subjects_of:
            branches.append(f"SELECT DISTINCT {var} WHERE {{ {var} {predicate} [] }}")
        for predicate in sorted(_predicate(p) for p in graph.objects(node, SH.targetObjectsOf)):
            branches.append(f"SELECT DISTINCT {var} WHERE {{ [] {predicate} {var} }}")
        if not branches:
            return Focus("{ FILTER(false) }")
        # Plain groups, not one DISTINCT sub-select: that halves the cost of every query; the few
        # duplicates (a node of two target classes) are removed by the DISTINCT of each query.
        template = " UNION ".join(f"{{ {branch} }}" for branch in branches)
        alone = len(branches) == 1 and len(subjects_of) == 1
        return Focus(f"{{ {template} }}", subjects_of=subjects_of[0] if alone else None)


def _predicate(node: Node) -> str:
    if not isinstance(node, URIRef):
        raise Unsupported(f"target predicate {node} is not an IRI")
    return sparql_term(node)
