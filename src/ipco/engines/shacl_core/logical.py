"""SHACL Core logical components: sh:not, sh:and, sh:or, sh:xone (https://www.w3.org/TR/shacl/#core-components-logical)."""

from __future__ import annotations

from typing import ClassVar

from rdflib import URIRef
from rdflib.term import Node

from ipco.engines.shacl_core.common import (
    selected_pairs,
    shape_list_text,
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
    conformance,
    is_simple,
    value_focus,
)
from ipco.engines.shacl_terms import (
    OxTerm,
    Unsupported,
    rdf_list,
)
from ipco.namespaces import SH_NS as SH

# -- logical (https://www.w3.org/TR/shacl/#core-components-logical) ------------------------------


def _shape_list(compiler: Compiler, list_node: Node, parameter: URIRef) -> list[Node]:
    members = rdf_list(compiler.graph, list_node)
    if not members:
        raise Unsupported(f"empty {parameter} list")
    for member in members:
        compiler.shape(member)
    return members


class NotConstraint(Constraint):
    """sh:not (https://www.w3.org/TR/shacl/#NotConstraintComponent): a result for each value node
    that conforms to the shape. A simple shape (``is_simple``) is tested in the shape's value
    test query; any other is validated over the value nodes and its failing nodes kept."""

    component = SH.NotConstraintComponent
    parameters = (SH["not"],)

    def __init__(self, shape: CompiledShape, negated: list[Node], shapes: dict[Node, CompiledShape]) -> None:
        super().__init__(shape)
        self.negated, self.shapes = negated, shapes

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        negated = list(compiler.graph.objects(shape.node, SH["not"]))
        return cls(shape, negated, {node: compiler.shape(node) for node in negated})

    def is_value_test(self) -> bool:
        return all(is_simple(self.shapes[node]) for node in self.negated)

    def violations(self, ctx: Context) -> list[str]:
        return [conformance(ctx, self.shapes[node]) for node in self.negated]

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        values = value_focus(self.shape, focus)
        for node in self.negated:
            failing = ctx.evaluate(self.shapes[node], values).failing
            found.extend(self.outcome(selected_pairs(ctx, self.shape, focus, failing, negate=True)))
        return found

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        assert value is not None
        if len(self.negated) == 1:
            return [f"Node {ctx.data_text(value)} must not conform to shape {ctx.shape_text(self.negated[0])}"]
        shapes = " , ".join(ctx.shape_text(n) for n in self.negated)
        return [f"Node {ctx.data_text(value)} must not conform to any shapes in {shapes}"]


class ListConstraint(Constraint):
    """Base of sh:and, sh:or and sh:xone: one result per value node and list whose members'
    conformance breaks the constraint (``combine`` in SPARQL when every member is simple,
    ``violating_pairs`` from the members' failing nodes otherwise)."""

    parameter: ClassVar[URIRef]
    wording: ClassVar[str]
    keep_duplicates: ClassVar[bool] = False  # pySHACL dedups sh:and and sh:or members, not sh:xone's

    def __init__(self, shape: CompiledShape, lists: list[list[Node]], shapes: dict[Node, CompiledShape]) -> None:
        super().__init__(shape)
        self.lists, self.shapes = lists, shapes

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        graph = compiler.graph
        lists = [_shape_list(compiler, node, cls.parameter) for node in graph.objects(shape.node, cls.parameter)]
        return cls(shape, lists, {member: compiler.shape(member) for members in lists for member in members})

    def members(self, members: list[Node]) -> list[Node]:
        return members if self.keep_duplicates else list(dict.fromkeys(members))

    def is_value_test(self) -> bool:
        return all(is_simple(shape) for shape in self.shapes.values())

    def violations(self, ctx: Context) -> list[str]:
        return [self.combine([conformance(ctx, self.shapes[m]) for m in self.members(ms)]) for ms in self.lists]

    def combine(self, conforms: list[str]) -> str:
        """SPARQL: the value node breaks the constraint, given its conformance to each member."""
        raise NotImplementedError

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        values = value_focus(self.shape, focus)
        for members in self.lists:
            failing = [ctx.evaluate(self.shapes[member], values).failing for member in self.members(members)]
            found.extend(self.outcome(self.violating_pairs(ctx, focus, failing)))
        return found

    def violating_pairs(self, ctx: Context, focus: Focus, failing: list[set[OxTerm]]) -> list[tuple[OxTerm, OxTerm]]:
        raise NotImplementedError

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        assert value is not None
        return [f"Node {ctx.data_text(value)} must conform to {self.wording} {shape_list_text(ctx, self.lists)}"]


class AndConstraint(ListConstraint):
    """sh:and (https://www.w3.org/TR/shacl/#AndConstraintComponent): each value node conforms to
    every member."""

    component = SH.AndConstraintComponent
    parameters = (SH["and"],)
    parameter = SH["and"]
    wording = "all shapes in"

    def combine(self, conforms: list[str]) -> str:
        return "!(" + " && ".join(conforms) + ")"

    def violating_pairs(self, ctx: Context, focus: Focus, failing: list[set[OxTerm]]) -> list[tuple[OxTerm, OxTerm]]:
        return selected_pairs(ctx, self.shape, focus, set().union(*failing))


class OrConstraint(ListConstraint):
    """sh:or (https://www.w3.org/TR/shacl/#OrConstraintComponent): each value node conforms to at
    least one member."""

    component = SH.OrConstraintComponent
    parameters = (SH["or"],)
    parameter = SH["or"]
    wording = "one or more shapes in"

    def combine(self, conforms: list[str]) -> str:
        return "!(" + " || ".join(conforms) + ")"

    def violating_pairs(self, ctx: Context, focus: Focus, failing: list[set[OxTerm]]) -> list[tuple[OxTerm, OxTerm]]:
        return selected_pairs(ctx, self.shape, focus, set.intersection(*failing))


class XoneConstraint(ListConstraint):
    """sh:xone (https://www.w3.org/TR/shacl/#XoneConstraintComponent): each value node conforms to
    exactly one member; a shape listed twice counts twice, as in pySHACL."""

    component = SH.XoneConstraintComponent
    parameters = (SH.xone,)
    parameter = SH.xone
    wording = "exactly one shape in"
    keep_duplicates = True

    def combine(self, conforms: list[str]) -> str:
        return "(" + " + ".join(f"IF({c}, 1, 0)" for c in conforms) + ") != 1"

    def violating_pairs(self, ctx: Context, focus: Focus, failing: list[set[OxTerm]]) -> list[tuple[OxTerm, OxTerm]]:
        if len(failing) == 1:
            return selected_pairs(ctx, self.shape, focus, failing[0])
        return [
            (this, value)
            for this, value in ctx.pairs(self.shape, focus)
            if sum(value not in fails for fails in failing) != 1
        ]
