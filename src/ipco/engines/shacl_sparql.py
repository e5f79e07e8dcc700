"""SHACL Core validation compiled to SPARQL over pyoxigraph: pySHACL's results, ten times sooner.

pySHACL walks the data node by node in Python (39 s for 16 shapes over 100k triples). Here every
constraint of every shape becomes one SPARQL query that returns, for all focus nodes at once, the
pairs that break it (``shacl_core``); pyoxigraph runs them in Rust. Nested shapes (sh:node,
sh:property, sh:not, sh:and, sh:or, sh:xone, sh:qualifiedValueShape) are validated over the value
nodes of their parent, given as a SPARQL pattern too, and joined back in Python by focus node.

The reference is pySHACL 0.40 as IPCO runs it (``inference="none"``, ``advanced=True``,
``allow_warnings=True``, ``allow_infos=True``): same results, same fields, same messages (pySHACL's
default texts included), ``sh:detail`` results included. SHACL-SPARQL constraints and components
run here too (``shacl_sparql_constraints``). Whatever the fast path does not cover is returned as
``unsupported``, with the reason, and ``not_compiled`` when it is valid SHACL (SHACL-AF target types,
rules and node expressions, SHACL-JS, recursive shapes) rather than a malformed shape: ``ipco
validate`` refuses both (exit 3 and 2), ``--engine reference`` is pySHACL.

    store = load_store(data_quads, ontology_quads)
    outcome = validate_fast(store, shapes)

Known differences from pySHACL, all where pySHACL stops with an error: shapes nested more than
15 deep ("Validation path too deep") and blank nodes compared by sh:lessThan(OrEquals) are
validated here (the blank node fails, as the spec says) instead of aborting the whole run. And a
result's ``path``, when it is a blank node, is the shapes graph's node (pySHACL gives its copy in
the report graph); ``path_text`` is the same.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ipco.convert import to_oxigraph_triples, to_rdflib_term
from ipco.engines.shacl_compile import ShapesCompiler, targeted_nodes
from ipco.engines.shacl_focus import FocusSets
from ipco.engines.shacl_functions import gather_functions, register_functions
from ipco.engines.shacl_model import (
    FOCUS_VAR,
    CompiledShape,
    CountTest,
    Focus,
    Outcome,
    Row,
    evaluate_counts,
    evaluate_value_tests,
    pairs_pattern,
)
from ipco.engines.shacl_ontology import ClassIndex, inoculated
from ipco.engines.shacl_reporter import Reporter
from ipco.engines.shacl_sparql_constraints import SHAPES_GRAPH, Query
from ipco.engines.shacl_terms import (
    NotCompiled,
    OxTerm,
    Unsupported,
    load_verbatim,
    restore,
    stand_ins,
)
from ipco.errors import InvalidShapes
from ipco.namespaces import SH_NS as SH
from ipco.report import ValidationResult

_TRUE, _FALSE = ox.Literal(True), ox.Literal(False)
_FUNCTION_PREFIX = "urn:x-ipco-shacl-fast:function:"
_PREBOUND_PREFIX = "urn:x-ipco-shacl-fast:prebound:"
#: The named graph of ``load_store`` holding the ontology: read for class hierarchies only.
ONTOLOGY_GRAPH = "urn:x-ipco-shacl-fast:ontology"
#: The named graph where ``Evaluator`` stores large nested focus node sets while it runs.
FOCUS_SETS = "urn:x-ipco-shacl-fast:focus-sets"
#: The named graph of the ontology's RDFS and OWL axioms, which SHACL-SPARQL queries see.
AXIOMS_GRAPH = "urn:x-ipco-shacl-fast:ontology-axioms"
#: Above this many members (or with blank nodes) a node set is tested by a Python function rather
#: than written into the query as VALUES.
_MAX_VALUES = 2000
#: Up to this many classes, a type is tested by SPARQL's ``IN``, above by a Python set.
_MAX_IN = 16


@dataclass
class FastOutcome:
    """What ``validate_fast`` found, and what it left to pySHACL.

    ``results`` are the report's top-level ``sh:result`` values pySHACL would give for the
    supported shapes, each with its ``sh:detail`` results (those of ``sh:node``) nested in
    ``details``, as ``ipco.validate.results_from_report`` reads pySHACL's report.
    ``unsupported`` are shapes with targets that pySHACL must validate, ``reasons`` says why.
    """

    results: list[ValidationResult] = field(default_factory=list)
    unsupported: list[Node] = field(default_factory=list)
    reasons: dict[Node, str] = field(default_factory=dict)
    not_compiled: set[Node] = field(default_factory=set)  # the unsupported that are valid SHACL


def validate_fast(
    data: ox.Store,
    shapes: Graph,
    *,
    data_namespaces: NamespaceManager | None = None,
    rules_applied: bool = False,
    make_evaluator: Callable[[ox.Store, Graph, ShapesCompiler | None, ClassIndex], Evaluator] | None = None,
) -> FastOutcome:
    """Validate ``data`` (the data with the ontology mixed in; the union of the store's graphs,
    which is its default graph when it has no named one) against ``shapes``, as pySHACL would,
    for every shape the fast path compiles. Build the store with ``load_store``.

    ``data_namespaces`` are the prefixes pySHACL's data graph would have, for default messages
    (rdflib's defaults, as IPCO builds its graphs, when None). Shapes with SHACL rules are refused
    unless ``rules_applied`` (``shacl_rules.apply_rules`` has run them on ``data``). ``make_evaluator``
    runs the queries elsewhere (``ipco.instore``: in a SPARQL endpoint); ``data`` then holds the class
    hierarchy only.
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
    evaluator = (make_evaluator or Evaluator)(data, shapes, compiler, classes)
    try:
        register_functions(evaluator.register, evaluator.substituted, gather_functions(shapes))
    except Unsupported as error:
        compiler = None
        for node in targeted_nodes(shapes):
            outcome.reasons[node] = str(error)
    if compiler is not None:
        rules = not rules_applied and next(iter(shapes.subjects(SH.rule, None)), None) is not None
        for node in targeted_nodes(shapes):
            try:
                if rules:
                    raise NotCompiled("the shapes graph has SHACL rules (sh:rule), which --rules applies")
                plan.append((compiler.shape(node), compiler.focus(node, evaluator)))
            except Unsupported as error:
                outcome.reasons[node] = str(error)
                if isinstance(error, NotCompiled):
                    outcome.not_compiled.add(node)
    outcome.unsupported = list(outcome.reasons)
    try:
        found = [result for shape, focus in plan for _, result in evaluator.evaluate(shape, focus).results]
    finally:
        evaluator.close()
    with Reporter(data, shapes, data_namespaces) as reporter:
        outcome.results = [reporter.convert(result) for result in found]
    return outcome


def load_store(
    quads: Iterable[ox.Quad | ox.Triple],
    ontology: Iterable[ox.Quad | ox.Triple] = (),
    objects: AbstractSet[object] | None = None,
    *,
    filled: ox.Store | None = None,
) -> ox.Store:
    """A store to validate: the data quads (named graphs kept), literals as written, and the
    ontology's quads in their own graph (``ONTOLOGY_GRAPH``): class hierarchies read there reach
    ``sh:targetClass`` and ``sh:class`` (as pySHACL's ``ont_graph``), but no target or constraint
    reads the ontology as data, and nothing of it is copied or converted beyond loading.

    A store filled with ``Store.extend`` works too, but pyoxigraph rewrites some literals
    ("01"^^xsd:integer, any xsd:int...) that pySHACL sees, reports and checks as written (see
    ``shacl_model.VERBATIM``). ``objects``: the distinct objects of ``quads``, when the caller has them.
    ``filled``: a store pyoxigraph filled with ``quads`` from their files (``store_fill``), used when
    none of their literals is one the store rewrites.
    """
    if filled is not None and objects is not None and not stand_ins(o for o in objects if isinstance(o, ox.Literal)):
        store = filled
    else:
        store = ox.Store()
        load_verbatim(store, quads, objects)
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    # Apart: the ontology's literals the store would rewrite (owl:cardinality "1"^^xsd:nonNegativeInteger)
    # must not make the data's million quads be rewritten too.
    load_verbatim(store, [ox.Quad(q.subject, q.predicate, q.object, graph) for q in ontology])
    return store


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
        self._axioms_filled = False
        self._focus_sets = FocusSets(self.select)

    def _run(
        self,
        query: str,
        prefixes: dict[str, str] | None = None,
        substitutions: dict[ox.Variable, OxTerm] | None = None,
        *,
        ontology: bool = False,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """A query over the data graph: the union of the store's graphs, the shapes graph aside
        once a query has asked for it as ``$shapesGraph``; the ontology's graph with ``ontology``
        (a SHACL-SPARQL query sees the ontology's axioms mixed in, as pySHACL's ``--ont-graph``
        mixes them into the data graph: Brick's constraints walk ``rdf:type/rdfs:subClassOf*``)."""
        graphs = (
            {"default_graph": [*self._data_graphs, *([self._axioms()] if ontology else [])]}
            if self._data_graphs is not None
            else {"use_default_graph_as_union": True}
        )
        answer = self.store.query(
            query,
            prefixes=prefixes,
            custom_functions=self._functions,  # type: ignore[arg-type]
            substitutions=substitutions,  # type: ignore[arg-type]
            **graphs,
        )
        assert isinstance(answer, ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples)
        return answer

    def _axioms(self) -> ox.NamedNode:
        """The graph of the ontology's axioms (``inoculated``), filled on first use."""
        graph = ox.NamedNode(AXIOMS_GRAPH)
        if self._axioms_filled or self.store.contains_named_graph(graph):  # filled by an earlier rule's evaluator
            return graph
        self._axioms_filled = True
        self.store.add_graph(graph)
        axioms = inoculated(self.store, ONTOLOGY_GRAPH)
        self.store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in axioms)
        return graph

    def _graphs_of_data(self) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
        """The graphs that are data: the store's but the ontology's, the shapes graph and the
        focus sets."""
        others = {ox.NamedNode(g) for g in (ONTOLOGY_GRAPH, SHAPES_GRAPH, FOCUS_SETS, AXIOMS_GRAPH)}
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

    def listed(self, query: Query, var: str) -> str:
        """The nodes a SPARQL-based target's query returns, run once, as a group pattern binding
        ``var``: VALUES for IRIs and literals, a custom function per blank node."""
        text = query.text.prebound(self.prebind(query.constants))
        nodes = list(dict.fromkeys(row["this"] for row in self.solutions(text, query.prefixes) if "this" in row))
        named = [str(n) for n in nodes if not isinstance(n, ox.BlankNode)]
        branches = [f"{{ VALUES {var} {{ {' '.join(named)} }} }}"] if named else []
        for blank in (n for n in nodes if isinstance(n, ox.BlankNode)):
            function = ox.NamedNode(f"{_FUNCTION_PREFIX}{len(self._functions)}")
            self._functions[function] = functools.partial(lambda term: term, blank)
            branches.append(f"{{ BIND({function}() AS {var}) }}")
        return " UNION ".join(branches) if branches else "FILTER(false)"

    def solutions(self, query: str, prefixes: dict[str, str]) -> list[dict[str, OxTerm]]:
        answer = self._shacl_sparql(query, prefixes)
        assert isinstance(answer, ox.QuerySolutions)
        names = [v.value for v in answer.variables]
        return [
            {name: term for name, term in zip(names, solution, strict=True) if term is not None} for solution in answer
        ]

    def register(self, iri: ox.NamedNode, function: Callable[..., OxTerm | None]) -> None:
        """Make ``function`` callable as ``iri`` in every query (SHACL-AF functions)."""
        self._functions[iri] = function

    def substituted(
        self, query: str, prefixes: dict[str, str], values: dict[str, OxTerm]
    ) -> ox.QuerySolutions | ox.QueryBoolean:
        """A SELECT or ASK with ``values`` substituted for its variables (SEP-0007, SHACL's
        pre-binding), safe to run from inside another query's custom function: a SHACL function's
        body, which reads the ontology's axioms as the SHACL-SPARQL queries calling it do."""
        substitutions = {ox.Variable(name): term for name, term in values.items()}
        answer = self._run(query, prefixes, substitutions, ontology=True)
        assert isinstance(answer, ox.QuerySolutions | ox.QueryBoolean)
        return answer

    def triples(self, query: str, prefixes: dict[str, str]) -> list[ox.Triple]:
        """The triples of a CONSTRUCT over the data graph (SHACL-AF rules, ``shacl_rules``)."""
        answer = self._shacl_sparql(query, prefixes)
        assert isinstance(answer, ox.QueryTriples)
        found = list(answer)
        if self._errors:
            raise self._errors[0]
        return found

    def ask(self, query: str, prefixes: dict[str, str]) -> bool:
        answer = self._shacl_sparql(query, prefixes)
        assert isinstance(answer, ox.QueryBoolean)
        return bool(answer)

    def _shacl_sparql(
        self, query: str, prefixes: dict[str, str]
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        try:
            return self._run(query, prefixes, ontology=True)
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

    def instance_of(self, var: str, classes: Iterable[Node]) -> str:
        return self.classes.holds(var, classes, self._one_of)

    def subclass_test(self, var: str, roots: Iterable[Node]) -> str:
        return self.classes.within(var, roots)

    def _one_of(self, var: str, listed: list[str]) -> str:
        """A filter on ``?var``: ``IN`` for a short list (no call into Python per row: 3 times
        sooner), a set lookup in Python for a long one (quicker than ``IN`` over a long list)."""
        if len(listed) <= _MAX_IN:
            return f"FILTER({var} IN ({', '.join(listed)}))"
        members = frozenset(listed)  # SPARQL texts, as pyoxigraph writes its terms
        return f"FILTER({self.function(lambda term: str(term) in members, raw=True)}({var}))"

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
            focus = self.listed_focus(focus)
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

    def listed_focus(self, focus: Focus) -> Focus:
        """A nested focus (value nodes of a parent) as the list of its nodes: nested queries then
        skip the parent's pattern, which they would otherwise evaluate again each (SHACL for SHACL
        nests eight deep over every shape of a shapes graph). A short list without blank nodes is
        written into the queries; a longer one is stored once, as a set in a graph of its own."""
        if focus.template not in self._lists:
            nodes = self.focus_nodes(focus)
            if len(nodes) <= _MAX_VALUES and not any(isinstance(n, ox.BlankNode) for n in nodes):
                listed = Focus(f"{{ VALUES {FOCUS_VAR} {{ {' '.join(str(n) for n in nodes)} }} }}", focus.depth)
            else:
                listed = self._stored_set(focus, nodes)
            self._lists[focus.template] = listed
        return self._lists[focus.template]

    def _stored_set(self, focus: Focus, nodes: list[OxTerm]) -> Focus:
        """``nodes`` stored as the objects of a set node in the ``FOCUS_SETS`` graph, which the
        data queries leave out (``focus`` itself where the store is not this process's)."""
        graph = ox.NamedNode(FOCUS_SETS)
        if self._data_graphs is None:
            self._data_graphs = self._graphs_of_data()
        member = ox.NamedNode(FOCUS_SETS + ":member")
        subject = ox.NamedNode(f"{FOCUS_SETS}:{len(self._lists)}")
        self.store.bulk_extend(ox.Quad(subject, member, node, graph) for node in nodes)
        return Focus(f"{{ GRAPH {graph} {{ {subject} {member} {FOCUS_VAR} }} }}", focus.depth)

    def close(self) -> None:
        """Take the stored focus sets and axioms out of the store, which outlives the validation."""
        self.store.clear_graph(ox.NamedNode(FOCUS_SETS))
        if self.store.contains_named_graph(ox.NamedNode(AXIOMS_GRAPH)):
            self.store.remove_graph(ox.NamedNode(AXIOMS_GRAPH))

    def pairs(self, shape: CompiledShape, focus: Focus) -> list[tuple[OxTerm, OxTerm]]:
        key = (shape, focus.template)
        if key not in self._pairs:
            rows = self.select(f"SELECT DISTINCT ?this ?value WHERE {{ {pairs_pattern(shape, focus)} }}")
            self._pairs[key] = [(row[0], row[1]) for row in rows if row[0] is not None and row[1] is not None]
        return self._pairs[key]

    def scans(self, shape: CompiledShape, focus: Focus) -> bool:
        return self._focus_sets.scans(shape, focus)

    def among(self, focus: Focus, nodes: set[OxTerm]) -> set[OxTerm]:
        return self._focus_sets.among(focus, nodes)

    def lacking(self, focus: Focus, predicate: str) -> list[OxTerm]:
        return self._focus_sets.lacking(focus, predicate)

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
