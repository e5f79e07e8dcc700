"""SHACL-AF node expressions (https://www.w3.org/TR/shacl-af/#node-expressions) as SPARQL, for the
fast engine's triple rules (``shacl_rules``) and ``sh:expression`` constraints.

pySHACL walks an expression in Python for each focus node. Here an expression becomes group
elements binding a variable to each of its values for every ``?this`` at once: ``sh:this``, a
constant, ``sh:path`` (from ``sh:nodes``' values when given, as the spec says; pySHACL ignores
``sh:nodes`` there), ``sh:union``, ``sh:intersection``, ``sh:filterShape`` (the shape validated once
over all candidate nodes by the fast engine) and function expressions calling a
``sh:SPARQLFunction`` (``shacl_functions``). Other functions are refused (``NotCompiled``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ipco.engines.shacl_functions import Function, gather_functions
from ipco.engines.shacl_model import (
    FOCUS_VAR,
    CompiledShape,
    Compiler,
    Constraint,
    Context,
    Focus,
    MessageContext,
    Outcome,
    Result,
    pairs_pattern,
)
from ipco.engines.shacl_terms import NotCompiled, Path, Unsupported, sparql_term
from ipco.namespaces import SH_NS as SH

# -- node expressions -------------------------------------------------------------------------------


class NodeExpressions:
    """Node expressions (https://www.w3.org/TR/shacl-af/#node-expressions) as SPARQL: ``pattern``
    gives the group elements that bind ``?out`` to each value of the expression for ``?this``,
    written right after ``head`` (the group binding ``?this`` to each focus node) in one group.
    Nested groups (union branches, intersections) repeat ``head``: a group does not see the
    variables of its siblings. Without a context (compiling) it only checks."""

    def __init__(
        self,
        graph: Graph,
        head: str,
        ctx: Context | None,
        shape_of: Callable[[Node], CompiledShape],
        functions: dict[URIRef, Function],
    ) -> None:
        self.graph = graph
        self.functions = functions
        self.head = head
        self.ctx = ctx
        self.shape_of = shape_of
        self._names = itertools.count()

    def _fresh(self) -> str:
        return f"ne{next(self._names)}"

    def pattern(self, expression: Node, out: str, depth: int = 0) -> str:
        graph = self.graph
        if depth > 16:
            raise NotCompiled("node expressions nested more than 16 deep")
        if expression == SH.this:
            return f"BIND(?this AS ?{out})"
        if not isinstance(expression, BNode):
            return f"BIND({sparql_term(expression)} AS ?{out})"
        unions = list(graph.objects(expression, SH.union))
        intersections = list(graph.objects(expression, SH.intersection))
        if (unions and intersections) or len(unions) > 1 or len(intersections) > 1:
            raise Unsupported(f"node expression {expression} has several sh:union/sh:intersection")
        if unions or intersections:
            members = list(graph.items((unions or intersections)[0]))
            if not members:
                raise Unsupported(f"node expression {expression} has an empty list")
            groups = [f"{{ {self.head} {self.pattern(m, out, depth + 1)} }}" for m in members]
            return (" UNION " if unions else " ").join(groups)
        nodes = list(graph.objects(expression, SH.nodes))
        if len(nodes) > 1:
            raise Unsupported(f"node expression {expression} has several sh:nodes")
        paths = list(graph.objects(expression, SH.path))
        if paths:
            return self._path(expression, paths, nodes[0] if nodes else None, out, depth)
        shapes = list(graph.objects(expression, SH.filterShape))
        if shapes:
            if len(shapes) != 1 or not nodes:
                raise Unsupported(f"filter shape expression {expression} needs one sh:filterShape and one sh:nodes")
            return self._filter(shapes[0], nodes[0], out, depth)
        calls = [
            (p, o) for p, o in graph.predicate_objects(expression) if p != SH.message and graph.value(o, RDF.first)
        ]
        if len(calls) == 1:
            return self._call(calls[0][0], list(graph.items(calls[0][1])), out, depth)
        raise Unsupported(f"{expression} is not a node expression")

    def _call(self, iri: Node, arguments: list[Node], out: str, depth: int) -> str:
        """A function expression: the function applied to every combination of its arguments' values."""
        function = self.functions.get(iri) if isinstance(iri, URIRef) else None
        if function is None:
            raise NotCompiled(f"function expression calling {iri}, which is no sh:SPARQLFunction of the shapes graph")
        if not function.accepts(len(arguments)):
            raise Unsupported(f"function expression calling {iri} with {len(arguments)} argument(s)")
        names = [self._fresh() for _ in arguments]
        patterns = [self.pattern(a, n, depth + 1) for a, n in zip(arguments, names, strict=True)]
        call = f"<{iri}>({', '.join('?' + n for n in names)})"
        return f"{' '.join(patterns)} BIND({call} AS ?{out})"

    def _path(self, expression: Node, paths: list[Node], nodes: Node | None, out: str, depth: int) -> str:
        source, inputs = "this", ""
        if nodes is not None:
            source = self._fresh()
            inputs = self.pattern(nodes, source, depth + 1)
        steps = []
        for node in paths:
            path = Path.parse(self.graph, node)
            step = f"{inputs} ?{source} {path.sparql} ?{out} ."
            steps.append(step)
            if path.zeroable:
                steps.append(f"{inputs} BIND(?{source} AS ?{out})")
        if len(steps) == 1:
            return steps[0]
        return " UNION ".join(f"{{ {self.head} {step} }}" for step in steps)

    def _filter(self, shape: Node, nodes: Node, out: str, depth: int) -> str:
        compiled = self.shape_of(shape)
        values = self.pattern(nodes, out, depth + 1)
        if self.ctx is None:
            return values
        candidate = self._fresh()
        candidates = (
            f"{{ SELECT DISTINCT ?{candidate} WHERE {{ {self.head} {self.pattern(nodes, candidate, depth + 1)} }} }}"
        )
        # ?this stays inside the inner select: the focus variable may be named ?this where it is used
        focus = Focus(
            f"{{ SELECT DISTINCT {FOCUS_VAR} WHERE {{ {candidates} BIND(?{candidate} AS {FOCUS_VAR}) }} }}", depth + 1
        )
        failing = self.ctx.evaluate(compiled, focus).failing
        return values + (" " + self.ctx.member_filter(out, failing, negate=True) if failing else "")


class ExpressionConstraint(Constraint):
    """sh:expression (https://www.w3.org/TR/shacl-af/#ExpressionConstraintComponent), as pySHACL
    0.40 runs it: the expression evaluated with each value node as focus; unless its values are
    exactly ``true``, one result for that value node (pySHACL's reading; the spec makes one per
    value that is not true). One grouped query for all value nodes."""

    component = SH.ExpressionConstraintComponent
    parameters = (SH.expression,)

    def __init__(
        self, shape: CompiledShape, graph: Graph, expressions: list[Node], functions: dict[URIRef, Function]
    ) -> None:
        super().__init__(shape)
        self.graph = graph
        self.expressions = expressions
        self.functions = functions

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        expressions = sorted(compiler.graph.objects(shape.node, SH.expression), key=str)
        functions = gather_functions(compiler.graph)
        for expression in expressions:
            NodeExpressions(compiler.graph, "", None, compiler.shape, functions).pattern(expression, "x")
        return cls(shape, compiler.graph, expressions, functions)

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        pairs = f"{{ SELECT DISTINCT ?f ?this WHERE {{ {pairs_pattern(self.shape, focus, 'f', 'this')} }} }}"
        head = f"{{ SELECT DISTINCT ?this WHERE {{ {pairs_pattern(self.shape, focus, 'f', 'this')} }} }}"
        for expression in self.expressions:
            body = NodeExpressions(self.graph, head, ctx, ctx.shape, self.functions).pattern(expression, "r")
            not_true = "IF(COALESCE(sameTerm(?r, true), false), 0, 1)"
            query = (
                f"SELECT ?f ?this (COUNT(DISTINCT ?r) AS ?n) (SUM({not_true}) AS ?bad)"
                f" WHERE {{ {pairs} OPTIONAL {{ {head} {body} }} }} GROUP BY ?f ?this"
            )
            messages = tuple(self.graph.objects(expression, SH.message))[:1] or None
            for root, value, count, bad in ctx.select(query):
                assert root is not None and value is not None
                if count is None or bad is None or int(count.value) != 1 or int(bad.value) != 0:
                    found.add(root, self.result(root, value, messages=messages))
        return found

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return ["Expression evaluation generated constraint did not return true."]
