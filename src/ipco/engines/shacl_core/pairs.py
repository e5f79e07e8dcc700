"""SHACL Core property pair components (https://www.w3.org/TR/shacl/#core-components-property-pairs)."""

from __future__ import annotations

from typing import ClassVar

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ipco.engines.shacl_core.common import (
    numeric_literal,
    property_only,
)
from ipco.engines.shacl_model import (
    CompiledShape,
    Compiler,
    Constraint,
    Context,
    Focus,
    MessageContext,
    Outcome,
    Result,
    pairs_pattern,
    path_exists,
)
from ipco.engines.shacl_terms import (
    Path,
    Unsupported,
    sparql_term,
)
from ipco.namespaces import SH_NS as SH

# -- property pairs (https://www.w3.org/TR/shacl/#core-components-property-pairs) ----------------


class PairConstraint(Constraint):
    """Base of the property pair components: the value nodes against the objects of another
    property at the focus node. pySHACL reads that property with ``objects(focus, p)``: it must
    be an IRI."""

    parameter: ClassVar[URIRef]
    symbol: ClassVar[str]

    def __init__(self, shape: CompiledShape, properties: set[Node]) -> None:
        super().__init__(shape)
        self.properties = properties

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        properties = set(compiler.graph.objects(shape.node, cls.parameter))
        if not all(isinstance(p, URIRef) for p in properties):
            raise Unsupported(f"{cls.parameter} must be an IRI")
        return cls(shape, properties)

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        for other in self.properties:
            for query in self.queries(ctx, focus, sparql_term(other)):
                found.extend(self.outcome(ctx.select(query)))
        return found

    def queries(self, ctx: Context, focus: Focus, other: str) -> list[str]:
        raise NotImplementedError

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        others = ", ".join(ctx.shape_text(p) for p in self.properties)
        assert value is not None
        return [f"Value of {ctx.data_text(focus)}->{others} {self.symbol} {ctx.data_text(value)}"]


class EqualsConstraint(PairConstraint):
    """sh:equals (https://www.w3.org/TR/shacl/#EqualsConstraintComponent): the value nodes are
    exactly the objects of the property; a result for each node in one set and not the other."""

    component = SH.EqualsConstraintComponent
    parameters = (SH.equals,)
    parameter = SH.equals
    symbol = "!="

    def queries(self, ctx: Context, focus: Focus, other: str) -> list[str]:
        pairs = pairs_pattern(self.shape, focus)
        return [
            f"SELECT DISTINCT ?this ?value WHERE {{ {pairs} FILTER NOT EXISTS {{ ?this {other} ?value }} }}",
            f"SELECT DISTINCT ?this ?value WHERE {{ {focus.pattern('this')} ?this {other} ?value ."
            f" FILTER NOT EXISTS {{ {path_exists(self.shape, 'this', 'value')} }} }}",
        ]


class DisjointConstraint(PairConstraint):
    """sh:disjoint (https://www.w3.org/TR/shacl/#DisjointConstraintComponent): no value node is an
    object of the property."""

    component = SH.DisjointConstraintComponent
    parameters = (SH.disjoint,)
    parameter = SH.disjoint
    symbol = "=="

    def queries(self, ctx: Context, focus: Focus, other: str) -> list[str]:
        return [f"SELECT DISTINCT ?this ?value WHERE {{ {pairs_pattern(self.shape, focus)} ?this {other} ?value . }}"]


class OrderConstraint(PairConstraint):
    """Base of sh:lessThan and sh:lessThanOrEquals: each value node is below each object of the
    property. pySHACL compares IRIs and string literals as Python strings, other literals with
    rdflib's operators, and reports a string against a non-string; a result per failing pair.
    SPARQL clears well-formed numbers and plain strings; Python (``below``) judges the rest."""

    strict: ClassVar[bool]

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        property_only(shape, cls.parameter)
        return super().compile(shape, compiler)

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        pairs = pairs_pattern(self.shape, focus)
        operator = "<" if self.strict else "<="
        string = sparql_term(XSD.string)
        sure = (
            f"((({numeric_literal('value')}) && ({numeric_literal('other')}))"
            f" || (datatype(?value) = {string} && datatype(?other) = {string})) && ?value {operator} ?other"
        )
        function = ctx.function(lambda value, other: not self.below(value, other))
        for other in self.properties:
            query = (
                f"SELECT DISTINCT ?this ?value ?other WHERE {{ {pairs} ?this {sparql_term(other)} ?other ."
                f" FILTER(IF(COALESCE({sure}, false), false, {function}(?value, ?other))) }}"
            )
            found.extend(self.outcome(row[:2] for row in ctx.select(query)))
        return found

    def below(self, value: Node, other: Node) -> bool:
        """pySHACL's ``_compare_lt``/``_compare_ltoe`` for one pair (blank nodes, on which pySHACL
        raises an error, fail)."""
        if isinstance(value, BNode) or isinstance(other, BNode):
            return False
        (left_is_string, left), (right_is_string, right) = _comparable(value), _comparable(other)
        if left_is_string != right_is_string:
            return False
        try:
            return bool(left < right) if self.strict else bool(left <= right)  # type: ignore[operator]
        except TypeError:
            return False


def _comparable(node: Node) -> tuple[bool, object]:
    """pySHACL's operands: IRIs and string literals as Python strings (flagged), other literals as
    rdflib literals (which are ``str`` subclasses too, hence the flag)."""
    if isinstance(node, URIRef):
        return True, str(node)
    if isinstance(node, Literal) and isinstance(node.value, str):
        return True, node.value
    return False, node


class LessThanConstraint(OrderConstraint):
    """sh:lessThan (https://www.w3.org/TR/shacl/#LessThanConstraintComponent)."""

    component = SH.LessThanConstraintComponent
    parameters = (SH.lessThan,)
    parameter = SH.lessThan
    symbol = "<="
    strict = True


class LessThanOrEqualsConstraint(OrderConstraint):
    """sh:lessThanOrEquals (https://www.w3.org/TR/shacl/#LessThanOrEqualsConstraintComponent)."""

    component = SH.LessThanOrEqualsConstraintComponent
    parameters = (SH.lessThanOrEquals,)
    parameter = SH.lessThanOrEquals
    symbol = "<"
    strict = False


class SubsetOfConstraint(Constraint):
    """sh:subsetOf (SHACL 1.2 Core, https://www.w3.org/TR/shacl12-core/#SubsetOfConstraintComponent):
    every value node is also a value of the comparand at the focus node; a result per value node
    that is not. The comparand is a property or, as the draft allows, any property path (a list is
    a sequence path). pySHACL does not know it."""

    component = SH.SubsetOfConstraintComponent
    parameters = (SH.subsetOf,)

    def __init__(self, shape: CompiledShape, others: list[Path]) -> None:
        super().__init__(shape)
        self.others = others

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        graph = compiler.graph
        return cls(shape, [Path.parse(graph, node) for node in sorted(graph.objects(shape.node, SH.subsetOf), key=str)])

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        for other in self.others:
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ {pairs_pattern(self.shape, focus)}"
                f" FILTER NOT EXISTS {{ ?this {other.sparql} ?value }} }}"
            )
            found.extend(self.outcome(ctx.select(query)))
        return found

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        others = ", ".join(ctx.shape_text(p.node) for p in self.others)
        return [f"Value is not a value of {others}"]
