"""SHACL Advanced Features rules (``sh:rule``) in the fast engine: the triples they infer, added
to the data graph before validation, set at a time on pyoxigraph.

pySHACL (``-a``) applies a rule node by node: one SPARQL query, or one walk of each node
expression, per focus node. Here a rule is ONE CONSTRUCT per round over all its focus nodes
(https://www.w3.org/TR/shacl-af/#rules): a triple rule's node expressions (``sh:this``, constants,
``sh:path``, ``sh:union``, ``sh:intersection``, ``sh:filterShape``/``sh:nodes``) become group
patterns over ``?this``, joined with the shape's focus pattern; a SPARQL rule's CONSTRUCT gets the
focus joined into its WHERE group, or, where a join would not give what pre-binding gives (``$this``
in an OPTIONAL, a sub-select…), runs once per node with ``$this`` pre-bound. ``sh:condition``
shapes are validated once over the focus by the fast engine, the nodes failing one left out.
With an ontology (``load_store``'s), every query of a rule reads its RDFS and OWL axioms as data, as
pySHACL's ``ont_graph`` copies them into the data graph the rules run on.

Order and iteration follow pySHACL 0.40: shapes by ``sh:order``, each shape's rules by theirs (ties,
which pySHACL leaves to chance, by IRI, blank nodes last, so that the output is deterministic), a
rule's triples in the data graph before the next rule runs; each shape's rules once, or with
``iterate`` (pySHACL's ``--iterate-rules``) round after round until none infers a new triple, at
most 100 rounds. Deactivated rules do not run; the rules of a
deactivated shape do, as in pySHACL.

Refused up front, before any rule runs: SHACL-JS rules and calls of functions other than
``sh:SPARQLFunction`` (``NotCompiled``, exit 3), malformed rules (``Unsupported``, exit 2). Node
expressions are ``shacl_expressions``; SPARQL functions ``shacl_functions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ipco.convert import to_oxigraph_term
from ipco.engines.shacl_compile import ShapesCompiler, discover_shapes
from ipco.engines.shacl_expressions import NodeExpressions
from ipco.engines.shacl_functions import Function, gather_functions, register_functions
from ipco.engines.shacl_model import Focus
from ipco.engines.shacl_ontology import ClassIndex
from ipco.engines.shacl_sparql import AXIOMS_GRAPH, FOCUS_SETS, ONTOLOGY_GRAPH, Evaluator
from ipco.engines.shacl_sparql_constraints import SHAPES_GRAPH, prefixes_of
from ipco.engines.shacl_sparql_text import QueryRefused, QueryText, check_syntax, tokens
from ipco.engines.shacl_terms import NotCompiled, OxTerm, Unsupported, restore, stored_constant
from ipco.errors import NotSupported
from ipco.namespaces import SH_NS as SH

#: pySHACL's limit on rounds of a shape's rules with ``iterate`` (``RULES_ITERATE_LIMIT``).
ITERATE_LIMIT = 100
_SH_JS_RULE = URIRef(str(SH) + "JSRule")
_DEFAULT = ox.DefaultGraph()
_AXIOMS = ox.NamedNode(AXIOMS_GRAPH)
#: The variables a SPARQL rule may use pre-bound besides ``$this`` (as SPARQL-based targets).
_CONSTANTS = frozenset({"currentShape", "shapesGraph"})


@dataclass(frozen=True)
class Rule:
    """One ``sh:rule`` value of a shape, checked."""

    node: Node
    shape: Node
    order: Decimal
    conditions: tuple[Node, ...]
    deactivated: bool
    triple: tuple[Node, Node, Node] | None = None  # sh:subject, sh:predicate, sh:object
    constructs: tuple[str, ...] = ()  # a SPARQL rule's queries
    prefixes: tuple[tuple[str, str], ...] = ()


def has_rules(shapes: Graph) -> bool:
    return next(iter(shapes.subjects(SH.rule, None)), None) is not None


class MalformedRule(Unsupported):
    """A rule SHACL-AF processors refuse, with the shape that holds it (to locate it in its file)."""

    def __init__(self, shape: Node, message: str) -> None:
        super().__init__(message)
        self.shape = shape


def gather_rules(shapes: Graph) -> list[list[Rule]]:
    """Every rule, grouped by shape, shapes and rules in the order they run, checked before any
    rule has run: ``NotCompiled`` for valid SHACL-AF the engine does not run, ``MalformedRule``
    (or ``Unsupported`` for a shapes graph pySHACL refuses whole) for the rest."""
    known = discover_shapes(shapes)
    compiler = ShapesCompiler(shapes, ClassIndex(ox.Store()))
    functions = gather_functions(shapes)
    by_shape: dict[Node, list[Rule]] = {}
    for shape, node in shapes.subject_objects(SH.rule):
        try:
            if shape not in known:
                raise Unsupported(f"{shape} has a sh:rule but is not a shape")
            rule = _rule(shapes, shape, node, known)
            for condition in rule.conditions:
                compiler.shape(condition)
            for expression in rule.triple or ():
                NodeExpressions(shapes, "", None, compiler.shape, functions).pattern(expression, "x")
        except NotCompiled:
            raise
        except Unsupported as error:
            raise MalformedRule(shape, str(error)) from error
        by_shape.setdefault(shape, []).append(rule)
    ordered = sorted(by_shape, key=lambda s: (_order(shapes, s), *_name(shapes, s)))
    return [sorted(by_shape[s], key=lambda r: (r.order, *_name(shapes, r.node))) for s in ordered]


def _name(graph: Graph, node: Node) -> tuple[bool, str]:
    """What orders nodes of equal ``sh:order``: IRIs by IRI, then blank nodes by their description
    (their labels change from one parse to the next)."""
    if not isinstance(node, BNode):
        return False, str(node)
    described = sorted(f"{p} {'[]' if isinstance(o, BNode) else o.n3()}" for p, o in graph.predicate_objects(node))
    return True, " ; ".join(described)


def _order(graph: Graph, node: Node) -> Decimal:
    values = list(graph.objects(node, SH.order))
    if not values:
        return Decimal(0)
    if len(values) > 1 or not isinstance(values[0], Literal) or not isinstance(values[0].value, int | float | Decimal):
        raise Unsupported(f"{node} needs at most one numeric sh:order")
    return Decimal(str(values[0].value))


def _rule(graph: Graph, shape: Node, node: Node, known: dict[Node, Node | None]) -> Rule:
    types = set(graph.objects(node, RDF.type))
    if _SH_JS_RULE in types:
        raise NotCompiled(f"SHACL-JS rule {node} (sh:JSRule)")
    kinds = types & {SH.TripleRule, SH.SPARQLRule}
    if len(kinds) != 1:
        raise Unsupported(f"rule {node} must be a sh:TripleRule or a sh:SPARQLRule")
    conditions: list[Node] = []
    for condition in graph.objects(node, SH.condition):
        members = list(graph.items(condition)) if graph.value(condition, RDF.first) is not None else [condition]
        for member in members:
            if member not in known:
                raise Unsupported(f"the sh:condition {member} of rule {node} is not a shape")
            conditions.append(member)
    flags = list(graph.objects(node, SH.deactivated))
    deactivated = bool(flags and isinstance(flags[0], Literal) and flags[0].value is True)
    order = _order(graph, node)
    if SH.TripleRule in kinds:
        parts = []
        for predicate in (SH.subject, SH.predicate, SH.object):
            values = list(graph.objects(node, predicate))
            if len(values) != 1:
                raise Unsupported(f"triple rule {node} needs exactly one {predicate}")
            parts.append(values[0])
        triple = (parts[0], parts[1], parts[2])
        return Rule(node, shape, order, tuple(conditions), deactivated, triple=triple)
    constructs: list[str] = []
    for text in graph.objects(node, SH.construct):
        if not isinstance(text, Literal) or not isinstance(text.value, str):
            raise Unsupported(f"SPARQL rule {node}: sh:construct must be a string")
        constructs.append(str(text))
    if not constructs:
        raise Unsupported(f"SPARQL rule {node} has no sh:construct")
    prefixes = prefixes_of(graph, node, shape)
    for query in constructs:
        _Construct.parse(query, prefixes, node)
    return Rule(
        node,
        shape,
        order,
        tuple(conditions),
        deactivated,
        constructs=tuple(sorted(constructs)),
        prefixes=tuple(sorted(prefixes.items())),
    )


# -- applying ---------------------------------------------------------------------------------------


def apply_rules(store: ox.Store, shapes: Graph, *, iterate: bool = False) -> list[ox.Triple]:
    """Apply every rule of ``shapes`` to the data in ``store`` (as ``load_store`` built it), adding
    the inferred triples to its default graph; returns them, in the order they were inferred.

    The rules see the ontology's RDFS and OWL axioms as data (``_RulesEvaluator``); a triple is
    inferred when neither the data nor those axioms hold it, so none of the axioms is returned."""
    inferred: list[ox.Triple] = []
    functions = gather_functions(shapes)
    try:
        for rules in gather_rules(shapes):
            for _ in range(ITERATE_LIMIT):
                added = sum(_apply(store, shapes, rule, functions, inferred) for rule in rules if not rule.deactivated)
                if not (added and iterate):
                    break
            else:
                raise NotSupported(
                    f"the rules of shape {rules[0].shape} still infer new triples after {ITERATE_LIMIT} rounds",
                    hint="without --iterate-rules each shape's rules run once, as pySHACL's -a does",
                )
    finally:
        if store.contains_named_graph(_AXIOMS):  # filled by the first rule, kept for the others
            store.remove_graph(_AXIOMS)
    return [_restored(triple) for triple in inferred]


class _RulesEvaluator(Evaluator):
    """An evaluator whose every query sees the ontology's axioms: pySHACL applies rules to the data
    graph with the ontology's axioms copied in (``ont_graph``, its ``inoculate``), so targets,
    ``sh:condition`` shapes, node expressions, functions and SPARQL rules all read them as data
    (its ontology's classes are focus nodes of ``sh:targetSubjectsOf rdf:type``, say)."""

    def _run(
        self,
        query: str,
        prefixes: dict[str, str] | None = None,
        substitutions: dict[ox.Variable, OxTerm] | None = None,
        *,
        ontology: bool = False,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        return super()._run(query, prefixes, substitutions, ontology=True)


def _restored(triple: ox.Triple) -> ox.Triple:
    """The triple with its literals as written (``shacl_terms.restore``)."""
    subject, value = triple.subject, triple.object
    if isinstance(value, ox.Literal | ox.NamedNode | ox.BlankNode):
        value = restore(value)
    return ox.Triple(subject, triple.predicate, value)


def _apply(
    store: ox.Store, shapes: Graph, rule: Rule, functions: dict[URIRef, Function], inferred: list[ox.Triple]
) -> int:
    """One round of one rule: its triples computed over the data as it is, then added; the number
    of new ones."""
    classes = ClassIndex(store)  # afresh: earlier rules may have added types and subclasses
    compiler = ShapesCompiler(shapes, classes)
    evaluator = _RulesEvaluator(store, shapes, compiler, classes)
    try:
        found = _infer(evaluator, compiler, shapes, rule, functions)
    finally:
        store.clear_graph(ox.NamedNode(FOCUS_SETS))  # the next rule's evaluator numbers its sets afresh
    new = [t for t in dict.fromkeys(found) if not _known(store, t)]
    store.extend(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT) for t in new)
    inferred += new
    return len(new)


def _infer(
    evaluator: Evaluator, compiler: ShapesCompiler, shapes: Graph, rule: Rule, functions: dict[URIRef, Function]
) -> list[ox.Triple]:
    """The triples ``rule`` gives over the data as it is."""
    register_functions(evaluator.register, evaluator.substituted, functions)
    focus = compiler.focus(rule.shape, evaluator)
    failing: set[OxTerm] = set()
    for condition in rule.conditions:
        failing |= evaluator.evaluate(compiler.shape(condition), focus).failing
    applicable = focus.pattern("this") + (
        " " + evaluator.member_filter("this", failing, negate=True) if failing else ""
    )
    head = f"{{ SELECT DISTINCT ?this WHERE {{ {applicable} }} }}"
    found: list[ox.Triple] = []
    if rule.triple is not None:
        writer = NodeExpressions(shapes, head, evaluator, compiler.shape, functions)
        names = ("s", "p", "o")
        where = " ".join(writer.pattern(e, n) for e, n in zip(rule.triple, names, strict=True))
        found = evaluator.triples(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {head} {where} }}", {})
    prefixes = dict(rule.prefixes)
    for text in rule.constructs:
        construct = _Construct.parse(text, prefixes, rule.node)
        constants = evaluator.prebind(construct.constants(rule.shape))
        if "this" not in construct.query.mentioned or "this" in construct.query.joinable:
            found += evaluator.triples(construct.text(constants, head), prefixes)
            continue
        for node in evaluator.focus_nodes(Focus(applicable)):
            bound = {**constants, **evaluator.prebind({"this": node})}
            found += evaluator.triples(construct.text(bound, None), prefixes)
    return found


#: The store's graphs that are not data to the rules: the ontology's axioms are (``AXIOMS_GRAPH``).
_NOT_DATA = frozenset(ox.NamedNode(g) for g in (SHAPES_GRAPH, ONTOLOGY_GRAPH, FOCUS_SETS))


def _known(store: ox.Store, triple: ox.Triple) -> bool:
    """The triple is already in pySHACL's data graph: the data, earlier rules' triples, or the
    ontology's axioms (its other triples are not: a rule inferring one adds it to the data)."""
    return any(
        q.graph_name not in _NOT_DATA for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object)
    )


# -- SPARQL rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Construct:
    """A SPARQL rule's CONSTRUCT, its WHERE part read as a SELECT by ``QueryText`` (SHACL-SPARQL's
    syntax rules, and where ``$this`` can be joined in)."""

    prologue: str  # the text up to the WHERE part: prefixes and the CONSTRUCT template
    select_head: str  # what stands for the prologue in ``query``
    query: QueryText

    @classmethod
    def parse(cls, text: str, prefixes: dict[str, str], rule: Node) -> _Construct:
        found = tokens(text)
        start = next((i for i, t in enumerate(found) if t.keyword == "CONSTRUCT"), None)
        if start is None or start + 1 >= len(found):
            raise Unsupported(f"the sh:construct of rule {rule} is not a CONSTRUCT query")
        if found[start + 1].keyword == "WHERE":  # CONSTRUCT WHERE { pattern }: the pattern is the template
            body_end = next(t.end for t in reversed(found) if t.kind == "close")
            template = text[found[start + 2].start : body_end]
            rest = text[found[start + 1].start :]
        else:
            depth, end = 0, start + 1
            for end in range(start + 1, len(found)):
                depth += found[end].kind == "open"
                depth -= found[end].kind == "close"
                if depth == 0:
                    break
            template = text[found[start + 1].start : found[end].end]
            rest = text[found[end].end :]
        prologue = text[: found[start].start] + "CONSTRUCT " + template + " "
        select_head = text[: found[start].start] + "SELECT * "
        try:
            query = QueryText.parse(select_head + rest, {"this", *_CONSTANTS})
            check_syntax(prologue + rest, prefixes)
        except (QueryRefused, SyntaxError) as error:
            first = str(error).split("\n", 1)[0][:200]
            raise Unsupported(f"the sh:construct of rule {rule} is refused: {first}") from error
        return cls(prologue, select_head, query)

    def constants(self, shape: Node) -> dict[str, OxTerm]:
        found: dict[str, OxTerm] = {}
        if "currentShape" in self.query.mentioned:
            found["currentShape"] = stored_constant(to_oxigraph_term(shape))
        if "shapesGraph" in self.query.mentioned:
            found["shapesGraph"] = ox.NamedNode(SHAPES_GRAPH)
        return found

    def text(self, bindings: dict[str, str], head: str | None) -> str:
        """The CONSTRUCT with pre-binding made explicit and, with ``head``, the focus joined in."""
        select = self.query.prebound(bindings, head)
        return self.prologue + select[len(self.select_head) :]
