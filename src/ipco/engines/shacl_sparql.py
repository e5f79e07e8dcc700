"""SHACL Core validation compiled to SPARQL over pyoxigraph: pySHACL's results, ten times sooner.

pySHACL walks the data node by node in Python (39 s for 16 shapes over 100k triples). Here every
constraint of every shape becomes one SPARQL query that returns, for all focus nodes at once, the
pairs that break it (``shacl_components``); pyoxigraph runs them in Rust. Nested shapes (sh:node,
sh:property, sh:not, sh:and, sh:or, sh:xone, sh:qualifiedValueShape) are validated over the value
nodes of their parent, given as a SPARQL pattern too, and joined back in Python by focus node.

The reference is pySHACL 0.40 as IPCO runs it (``inference="none"``, ``advanced=True``,
``allow_warnings=True``, ``allow_infos=True``): same results, same fields, same messages (pySHACL's
default texts included), ``sh:detail`` results included. SHACL-SPARQL constraints and components
run here too (``shacl_sparql_constraints``). Whatever the fast path does not cover (SHACL-AF
targets, rules and node expressions, SHACL-JS, recursive shapes, shapes pySHACL would refuse to
load) is returned as ``unsupported``: validate those shapes with pySHACL over
``fallback_shapes(shapes, unsupported)`` and add its results.

    store = load_store(data_quads, ontology_quads)
    outcome = validate_fast(store, shapes)
    results = outcome.results
    if outcome.unsupported:
        _, report, _ = pyshacl.validate(data, shacl_graph=fallback_shapes(shapes, outcome.unsupported), ...)
        results += list(results_from_report(report))

Known differences from pySHACL, all where pySHACL stops with an error: shapes nested more than
15 deep ("Validation path too deep") and blank nodes compared by sh:lessThan(OrEquals) are
validated here (the blank node fails, as the spec says) instead of aborting the whole run. And a
result's ``path``, when it is a blank node, is the shapes graph's node (pySHACL gives its copy in
the report graph); ``path_text`` is the same.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from pyshacl.rdfutil.stringify import stringify_blank_node, stringify_node
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, NamespaceManager
from rdflib.term import Node

from ipco.convert import to_oxigraph_triples, to_rdflib_term
from ipco.engines.shacl_components import COMPONENTS
from ipco.engines.shacl_model import (
    FOCUS_VAR,
    ClassIndex,
    CompiledShape,
    Constraint,
    CountTest,
    Focus,
    Outcome,
    OxTerm,
    Path,
    Result,
    Row,
    Unsupported,
    evaluate_counts,
    evaluate_value_tests,
    load_verbatim,
    pairs_pattern,
    restore,
    sparql_term,
)
from ipco.engines.shacl_sparql_constraints import (
    SHAPES_GRAPH,
    SparqlConstraint,
    component_constraints,
    declared_components,
)
from ipco.errors import InvalidShapes
from ipco.namespaces import SH_NS as SH
from ipco.report import Severity, ValidationResult
from ipco.validate import path_text

TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
#: Parameters of constraints the fast path leaves to pySHACL (SHACL-AF node expressions, SHACL-JS).
DELEGATED = frozenset({SH.expression, SH.js})
_TRUE, _FALSE = ox.Literal(True), ox.Literal(False)
_FUNCTION_PREFIX = "urn:x-ipco-shacl-fast:function:"
_PREBOUND_PREFIX = "urn:x-ipco-shacl-fast:prebound:"
#: The named graph of ``load_store`` holding the ontology: read for class hierarchies only.
ONTOLOGY_GRAPH = "urn:x-ipco-shacl-fast:ontology"
#: Above this many members (or with blank nodes) a node set is tested by a Python function rather
#: than written into the query as VALUES.
_MAX_VALUES = 2000


@dataclass
class FastOutcome:
    """What ``validate_fast`` found, and what it left to pySHACL.

    ``results`` holds every ``sh:ValidationResult`` pySHACL's report graph would hold for the
    supported shapes, the ``sh:detail`` results of ``sh:node`` included, which is what
    ``ipco.validate.results_from_report`` reads; ``details`` lists those nested ones again, so that
    ``results`` minus ``details`` are the report's top-level ``sh:result`` values.
    ``unsupported`` are shapes with targets that pySHACL must validate, ``reasons`` says why.
    """

    results: list[ValidationResult] = field(default_factory=list)
    details: list[ValidationResult] = field(default_factory=list)
    unsupported: list[Node] = field(default_factory=list)
    reasons: dict[Node, str] = field(default_factory=dict)


def validate_fast(data: ox.Store, shapes: Graph, *, data_namespaces: NamespaceManager | None = None) -> FastOutcome:
    """Validate ``data`` (the data with the ontology mixed in; the union of the store's graphs,
    which is its default graph when it has no named one) against ``shapes``, as pySHACL would,
    for every shape the fast path compiles. Build the store with ``load_store``.

    ``data_namespaces`` are the prefixes pySHACL's data graph would have, for default messages
    (rdflib's defaults, as IPCO builds its graphs, when None).
    """
    outcome = FastOutcome()
    plan: list[tuple[CompiledShape, Focus]] = []
    compiler: ShapesCompiler | None = None
    classes = ClassIndex(data)
    try:
        compiler = ShapesCompiler(shapes, classes)
    except Unsupported as error:
        for node in targeted_nodes(shapes):
            outcome.reasons[node] = str(error)
    else:
        rules = next(iter(shapes.subjects(SH.rule, None)), None) is not None
        for node in targeted_nodes(shapes):
            try:
                if rules:
                    raise Unsupported("the shapes graph has SHACL rules, which change the data")
                plan.append((compiler.shape(node), compiler.focus(node)))
            except Unsupported as error:
                outcome.reasons[node] = str(error)
    outcome.unsupported = list(outcome.reasons)
    evaluator = Evaluator(data, shapes, compiler, classes)
    found = [result for shape, focus in plan for _, result in evaluator.evaluate(shape, focus).results]
    with Reporter(data, shapes, data_namespaces) as reporter:
        outcome.details = [reporter.convert(d) for result in found for d in _nested(result.details)]
        outcome.results = [reporter.convert(result) for result in found] + outcome.details
    return outcome


def _nested(details: Iterable[Result]) -> Iterator[Result]:
    for detail in details:
        yield detail
        yield from _nested(detail.details)


def fallback_shapes(shapes: Graph, unsupported: Iterable[Node]) -> Graph:
    """A copy of ``shapes`` in which only the ``unsupported`` shapes keep their targets: pySHACL
    run on it reports exactly the results the fast path left out (the shapes the fast path did
    validate are still there to be referenced, but no longer validated on their own)."""
    keep = set(unsupported)
    copy = Graph(bind_namespaces="none")
    for prefix, namespace in shapes.namespace_manager.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    copy += shapes
    class_types = _class_types(shapes)
    for node in targeted_nodes(shapes):
        if node in keep:
            continue
        for predicate in (*TARGETS, SH.target):
            copy.remove((node, predicate, None))
        for class_type in class_types:
            copy.remove((node, RDF.type, class_type))
    return copy


def load_store(quads: Iterable[ox.Quad | ox.Triple], ontology: Iterable[ox.Quad | ox.Triple] = ()) -> ox.Store:
    """A store to validate: the data quads (named graphs kept), literals as written, and the
    ontology's quads in their own graph (``ONTOLOGY_GRAPH``): class hierarchies read there reach
    ``sh:targetClass`` and ``sh:class`` (as pySHACL's ``ont_graph``), but no target or constraint
    reads the ontology as data, and nothing of it is copied or converted beyond loading.

    A store filled with ``Store.extend`` works too, but pyoxigraph rewrites some literals
    ("01"^^xsd:integer, any xsd:int...) that pySHACL sees, reports and checks as written (see
    ``shacl_model.VERBATIM``).
    """
    store = ox.Store()
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    vocabulary = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in ontology]
    load_verbatim(store, [*quads, *vocabulary])
    return store


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
    referenced = {o for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape) for o in graph.objects(None, p)}
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


class ShapesCompiler:
    """Compiles shapes, and the shapes they reference, once each; remembers why one failed."""

    def __init__(self, graph: Graph, classes: ClassIndex) -> None:
        self.graph = graph
        self.classes = classes
        self._paths = discover_shapes(graph)
        self._declared = declared_components(graph)
        self._compiled: dict[Node, CompiledShape] = {}
        self._failed: dict[Node, str] = {}
        self._active: set[Node] = set()

    def shape(self, node: Node) -> CompiledShape:
        if node in self._compiled:
            return self._compiled[node]
        if node in self._failed:
            raise Unsupported(self._failed[node])
        if node in self._active:
            raise Unsupported(f"recursive shape {node}")
        if node not in self._paths:
            raise Unsupported(f"{node} is not a shape")
        self._active.add(node)
        try:
            shape = self._build(node)
        except Unsupported as error:
            self._failed[node] = f"{node}: {error}" if str(node) not in str(error) else str(error)
            raise Unsupported(self._failed[node]) from error
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
            raise Unsupported("uses " + ", ".join(sorted(str(p) for p in delegated)))
        components: tuple[type[Constraint], ...] = (*COMPONENTS, SparqlConstraint)
        for component in components:
            if predicates.intersection(component.parameters):
                constraint = component.compile(shape, self)
                if constraint is not None:
                    shape.constraints.append(constraint)
        shape.constraints += component_constraints(shape, graph, self._declared)
        return shape

    def focus(self, node: Node) -> Focus:
        """The focus nodes of a shape's targets (https://www.w3.org/TR/shacl/#targets), each once."""
        graph = self.graph
        if graph.value(node, SH.target) is not None:
            raise Unsupported("SHACL-AF sh:target")
        var = FOCUS_VAR
        branches = []
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


# -- evaluation -------------------------------------------------------------------------------------


class Evaluator:
    """Runs compiled shapes over the store: the ``Context`` the components query through."""

    def __init__(
        self, store: ox.Store, shapes_graph: Graph, compiler: ShapesCompiler | None, classes: ClassIndex
    ) -> None:
        self.store = store
        self.classes = classes
        self.shapes_graph = shapes_graph
        self._compiler = compiler
        self._functions: dict[ox.NamedNode, Callable[..., OxTerm | None]] = {}
        self._outcomes: dict[tuple[CompiledShape, str], Outcome] = {}
        self._pairs: dict[tuple[CompiledShape, str], list[tuple[OxTerm, OxTerm]]] = {}
        self._terms: dict[OxTerm, Node] = {}
        self._errors: list[Exception] = []
        self._lists: dict[str, Focus] = {}
        self._data_graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
        if ox.NamedNode(ONTOLOGY_GRAPH) in set(store.named_graphs()):
            self._data_graphs = self._graphs_of_data()
        self._prebound: dict[str, OxTerm] = {}

    def _run(self, query: str, prefixes: dict[str, str] | None = None) -> ox.QuerySolutions | ox.QueryBoolean:
        """A query over the data graph: the union of the store's graphs, the shapes graph aside
        once a query has asked for it as ``$shapesGraph``."""
        graphs = (
            {"default_graph": self._data_graphs}
            if self._data_graphs is not None
            else {"use_default_graph_as_union": True}
        )
        answer = self.store.query(
            query,
            prefixes=prefixes,
            custom_functions=self._functions,  # type: ignore[arg-type]
            **graphs,
        )
        assert isinstance(answer, ox.QuerySolutions | ox.QueryBoolean)
        return answer

    def _graphs_of_data(self) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
        """The graphs that are data: the store's but the ontology's and the shapes graph."""
        others = {ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(SHAPES_GRAPH)}
        return [ox.DefaultGraph(), *(g for g in self.store.named_graphs() if g not in others)]

    def _load_shapes_graph(self) -> None:
        if ox.NamedNode(SHAPES_GRAPH) not in set(self.store.named_graphs()):
            self._data_graphs = self._graphs_of_data()
            graph = ox.NamedNode(SHAPES_GRAPH)
            self.store.bulk_extend(
                ox.Quad(t.subject, t.predicate, t.object, graph) for t in to_oxigraph_triples(self.shapes_graph)
            )

    def select(self, query: str) -> list[Row]:
        solutions = self._run(query)
        assert isinstance(solutions, ox.QuerySolutions)
        rows = [tuple(solution) for solution in solutions]
        if self._errors:  # pyoxigraph turns an exception in a custom function into a SPARQL error
            raise self._errors[0]
        return rows

    def prebind(self, values: dict[str, OxTerm]) -> dict[str, str]:
        snippets = {}
        for name, term in values.items():
            if name == "shapesGraph":
                self._load_shapes_graph()
            if not isinstance(term, ox.BlankNode):  # a VALUES join: pyoxigraph plans it as a constant
                snippets[name] = f"VALUES ?{name} {{ {term} }}"
                continue
            function = ox.NamedNode(_PREBOUND_PREFIX + name)
            if function not in self._functions:
                self._functions[function] = functools.partial(self._prebound.get, name)
            self._prebound[name] = term
            snippets[name] = f"BIND({function}() AS ?{name})"
        return snippets

    def solutions(self, query: str, prefixes: dict[str, str]) -> list[dict[str, OxTerm]]:
        answer = self._shacl_sparql(query, prefixes)
        assert isinstance(answer, ox.QuerySolutions)
        names = [v.value for v in answer.variables]
        return [
            {name: term for name, term in zip(names, solution, strict=True) if term is not None} for solution in answer
        ]

    def ask(self, query: str, prefixes: dict[str, str]) -> bool:
        answer = self._shacl_sparql(query, prefixes)
        assert isinstance(answer, ox.QueryBoolean)
        return bool(answer)

    def _shacl_sparql(self, query: str, prefixes: dict[str, str]) -> ox.QuerySolutions | ox.QueryBoolean:
        try:
            return self._run(query, prefixes)
        except SyntaxError as error:
            raise InvalidShapes(
                f"a SHACL-SPARQL query does not parse: {error}",
                hint="fix the query's syntax; declare its prefixes with sh:prefixes",
            ) from error

    def function(self, test: Callable[..., bool], *, raw: bool = False) -> str:
        """Register ``test`` as a SPARQL function (on rdflib terms, or pyoxigraph's with ``raw``),
        its answers cached per argument tuple; returns its IRI as SPARQL text."""
        name = ox.NamedNode(f"{_FUNCTION_PREFIX}{len(self._functions)}")
        answers: dict[tuple[OxTerm, ...], ox.Literal] = {}

        def call(*terms: OxTerm) -> ox.Literal:
            answer = answers.get(terms)
            if answer is None:
                try:
                    arguments = terms if raw else tuple(self.to_rdflib(t) for t in terms)
                    answer = answers[terms] = _TRUE if test(*arguments) else _FALSE
                except Exception as error:
                    self._errors.append(error)
                    return _FALSE
            return answer

        self._functions[name] = call
        return str(name)

    def instances(self, var: str, classes: Iterable[Node]) -> str:
        return self.classes.pattern(var, classes)

    def member_filter(self, var: str, nodes: set[OxTerm], *, negate: bool = False) -> str:
        if len(nodes) <= _MAX_VALUES and not any(isinstance(n, ox.BlankNode) for n in nodes):
            block = f"VALUES ?{var} {{ {' '.join(sorted(str(n) for n in nodes))} }}"
            return f"MINUS {{ {block} }}" if negate else block
        members = frozenset(nodes)
        function = self.function(lambda term: term in members, raw=True)
        return f"FILTER({'!' if negate else ''}{function}(?{var}))"

    def shape(self, node: Node) -> CompiledShape:
        assert self._compiler is not None
        return self._compiler.shape(node)

    def evaluate(self, shape: CompiledShape, focus: Focus) -> Outcome:
        """Every result of ``shape`` over ``focus``, and the focus nodes that fail it
        (pySHACL's ``Shape.validate``: deactivated shapes find nothing, lenient ones never fail)."""
        if focus.depth > 0:
            focus = self._listed(focus)
        key = (shape, focus.template)
        outcome = self._outcomes.get(key)
        if outcome is None:
            outcome = Outcome()
            if not shape.deactivated:
                tests = [c for c in shape.constraints if c.is_value_test()]
                counts = [c for c in shape.constraints if isinstance(c, CountTest)]
                outcome.extend(evaluate_value_tests(self, shape, focus, tests))
                outcome.extend(evaluate_counts(self, shape, focus, counts))
                for constraint in shape.constraints:
                    if not (constraint.is_value_test() or isinstance(constraint, CountTest)):
                        outcome.extend(constraint.evaluate(self, focus))
                if shape.lenient:
                    outcome.failing = set()
            self._outcomes[key] = outcome
        return outcome

    def _listed(self, focus: Focus) -> Focus:
        """A nested focus (value nodes of a parent) as the list of its nodes when it is short, as
        the value nodes of a few countries or concepts are: nested queries then skip the parent's
        pattern, which they would otherwise evaluate again each."""
        if focus.template not in self._lists:
            nodes = self.focus_nodes(focus)
            listed = focus
            if len(nodes) <= _MAX_VALUES and not any(isinstance(n, ox.BlankNode) for n in nodes):
                listed = Focus(f"{{ VALUES {FOCUS_VAR} {{ {' '.join(str(n) for n in nodes)} }} }}", focus.depth)
            self._lists[focus.template] = listed
        return self._lists[focus.template]

    def pairs(self, shape: CompiledShape, focus: Focus) -> list[tuple[OxTerm, OxTerm]]:
        key = (shape, focus.template)
        if key not in self._pairs:
            rows = self.select(f"SELECT DISTINCT ?this ?value WHERE {{ {pairs_pattern(shape, focus)} }}")
            self._pairs[key] = [(row[0], row[1]) for row in rows if row[0] is not None and row[1] is not None]
        return self._pairs[key]

    def focus_nodes(self, focus: Focus) -> list[OxTerm]:
        return [
            row[0]
            for row in self.select(f"SELECT DISTINCT ?this WHERE {{ {focus.pattern('this')} }}")
            if row[0] is not None
        ]

    def to_rdflib(self, term: OxTerm) -> Node:
        node = self._terms.get(term)
        if node is None:
            node = self._terms[term] = to_rdflib_term(restore(term))
        return node


# -- reporting --------------------------------------------------------------------------------------


class Reporter:
    """Turns results into ``ValidationResult`` values, with pySHACL's messages.

    Default messages print data nodes as pySHACL's ``stringify_node`` does with its data graph; a
    blank node prints with its triples, so those are copied from the store into a small graph.
    """

    def __init__(self, store: ox.Store, shapes: Graph, namespaces: NamespaceManager | None) -> None:
        self.store = store
        self.shapes = shapes
        self.data = Graph(namespace_manager=namespaces) if namespaces is not None else Graph()
        self._loaded: set[BNode] = set()
        self._terms: dict[OxTerm, Node] = {}
        self._texts: dict[tuple[bool, Node], str] = {}
        self._paths: dict[Node, str] = {}

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, *_: object) -> None:
        # pySHACL caches blank node texts by (id(graph), node): forget this graph's before its id is reused.
        cache = stringify_blank_node.dict_cache
        for key in [k for k in cache if k[0] == id(self.data)]:
            del cache[key]

    def term(self, term: OxTerm) -> Node:
        node = self._terms.get(term)
        if node is None:
            node = self._terms[term] = to_rdflib_term(restore(term))
        return node

    def convert(self, result: Result) -> ValidationResult:
        shape = result.constraint.shape
        focus = self.term(result.focus)
        value = self.term(result.value) if result.value is not None else None
        path = result.path if result.path is not None else (shape.path.node if shape.path is not None else None)
        messages: Iterable[Node] = (
            result.messages
            if result.messages is not None
            else shape.messages or [Literal(m) for m in result.constraint.generic_messages(self, result, focus, value)]
        )
        return ValidationResult(
            focus=focus,
            component=str(result.component),
            severity=Severity.from_iri(str(shape.severity)),
            source_shape=shape.node,
            path=path,
            path_text=self._path_text(path) if path is not None else None,
            value=value,
            messages=tuple(sorted({(getattr(m, "language", None) or "", str(m)) for m in messages})),
        )

    def _path_text(self, path: Node) -> str:
        if path not in self._paths:
            self._paths[path] = path_text(self.shapes, path)
        return self._paths[path]

    def shape_text(self, node: Node) -> str:
        key = (True, node)
        if key not in self._texts:
            self._texts[key] = str(stringify_node(self.shapes, node))
        return self._texts[key]

    def data_text(self, node: Node) -> str:
        key = (False, node)
        if key not in self._texts:
            if isinstance(node, BNode):
                self._load(node, 0)
            self._texts[key] = str(stringify_node(self.data, node))
        return self._texts[key]

    def _load(self, node: BNode, depth: int) -> None:
        """Copy the triples a blank node prints with (its own, recursively through blank objects)."""
        if node in self._loaded or depth > 13:
            return
        self._loaded.add(node)
        for quad in self.store.quads_for_pattern(ox.BlankNode(str(node)), None, None):
            triple = (self.term(quad.subject), self.term(quad.predicate), self.term(quad.object))  # type: ignore[arg-type]
            self.data.add(triple)
            if isinstance(triple[2], BNode):
                self._load(triple[2], depth + 1)
