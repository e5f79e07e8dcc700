"""SHACL Core shape-based components: sh:node, sh:property, qualified value shapes (https://www.w3.org/TR/shacl/#core-components-shape)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from ipco.engines.shacl_core.common import selected_pairs
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
    in_focus,
    is_simple,
    scoped_pairs,
    value_focus,
)
from ipco.engines.shacl_terms import (
    OxTerm,
    Unsupported,
)
from ipco.namespaces import SH_NS as SH

# -- shape based (https://www.w3.org/TR/shacl/#core-components-shape) ----------------------------


class NodeConstraint(Constraint):
    """sh:node (https://www.w3.org/TR/shacl/#NodeConstraintComponent): each value node conforms to
    the node shape. pySHACL reports a value as soon as the shape gives any result for it (even of
    lenient severity) and nests those results under ``sh:detail``; so does this."""

    component = SH.NodeConstraintComponent
    parameters = (SH.node,)

    def __init__(self, shape: CompiledShape, shapes: list[Node]) -> None:
        super().__init__(shape)
        self.shapes = shapes

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        shapes = list(compiler.graph.objects(shape.node, SH.node))
        for node in shapes:
            if compiler.shape(node).is_property:
                raise Unsupported("sh:node refers to a property shape")
        return cls(shape, shapes)

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        values = value_focus(self.shape, focus)
        for node in self.shapes:
            nested = ctx.evaluate(ctx.shape(node), values)
            details = nested.by_root()
            bad = nested.failing | set(details)
            for this, value in selected_pairs(ctx, self.shape, focus, bad):
                found.add(this, self.result(this, value, details=tuple(details.get(value, ()))))
        return found

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        if len(self.shapes) < 2:
            text = f"Value does not conform to Shape {ctx.shape_text(self.shapes[0])}."
        else:
            text = "Value must conform to every Shape in ('{}').".format(
                "', '".join(ctx.shape_text(s) for s in self.shapes)
            )
        return [text + " See details for more information."]


class PropertyConstraint(Constraint):
    """sh:property (https://www.w3.org/TR/shacl/#PropertyConstraintComponent): each value node
    validated against the property shape; its results are the shape's results, about the value
    node, reported under the focus node (once per focus node reaching it, as pySHACL)."""

    component = SH.PropertyConstraintComponent
    parameters = (SH.property,)

    def __init__(self, shape: CompiledShape, shapes: list[Node]) -> None:
        super().__init__(shape)
        self.shapes = shapes

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        shapes = list(compiler.graph.objects(shape.node, SH.property))
        for node in shapes:
            if not compiler.shape(node).is_property:
                raise Unsupported("sh:property refers to a shape without sh:path")
        return cls(shape, shapes)

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        values = value_focus(self.shape, focus)
        for node in self.shapes:
            nested = ctx.evaluate(ctx.shape(node), values)
            if not self.shape.is_property:
                found.extend(nested)
                continue
            by_value = nested.by_root()
            needed = set(by_value) | nested.failing
            for this, value in selected_pairs(ctx, self.shape, focus, needed):
                for result in by_value.get(value, ()):
                    found.add(this, result, fails=False)
                if value in nested.failing:
                    found.failing.add(this)
        return found


class QualifiedValueShapeConstraint(Constraint):
    """sh:qualifiedValueShape (https://www.w3.org/TR/shacl/#QualifiedValueShapeConstraintComponent):
    the number of value nodes conforming to the shape, and to none of its siblings when
    ``sh:qualifiedValueShapesDisjoint``, is within qualifiedMin/MaxCount. Ignored on node shapes,
    as pySHACL does."""

    component = SH.QualifiedValueShapeConstraintComponent
    parameters = (SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint)

    def __init__(
        self,
        shape: CompiledShape,
        shapes: set[Node],
        siblings: dict[Node, list[Node]],
        bounds: tuple[int | None, int | None],
    ) -> None:
        super().__init__(shape)
        self.shapes, self.siblings = shapes, siblings
        self.min_count, self.max_count = bounds

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        if not shape.is_property:
            return None
        graph = compiler.graph
        shapes = set(graph.objects(shape.node, SH.qualifiedValueShape))
        if not shapes:
            raise Unsupported("sh:qualifiedMin/MaxCount without sh:qualifiedValueShape")
        bounds = tuple(cls._count(compiler, shape, p) for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount))
        if bounds == (None, None):
            raise Unsupported("sh:qualifiedValueShape without sh:qualifiedMinCount or sh:qualifiedMaxCount")
        disjoint = any(
            isinstance(d, Literal) and isinstance(d.value, bool) and d.value
            for d in graph.objects(shape.node, SH.qualifiedValueShapesDisjoint)
        )
        siblings: dict[Node, list[Node]] = {}
        for node in shapes:
            compiler.shape(node)
            found: set[Node] = set()
            if disjoint:
                for parent in graph.subjects(SH.property, shape.node):
                    for sibling_property in graph.objects(parent, SH.property):
                        found.update(s for s in graph.objects(sibling_property, SH.qualifiedValueShape) if s != node)
            siblings[node] = [compiler.shape(s).node for s in found]
        return cls(shape, shapes, siblings, (bounds[0], bounds[1]))

    @staticmethod
    def _count(compiler: Compiler, shape: CompiledShape, parameter: URIRef) -> int | None:
        values = list(compiler.graph.objects(shape.node, parameter))
        if not values:
            return None
        if len(values) > 1 or not isinstance(values[0], Literal) or not isinstance(values[0].value, int):
            raise Unsupported(f"{parameter} must be one integer")
        return int(values[0].value)

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        for node in self.shapes:
            shapes = [ctx.shape(node), *(ctx.shape(s) for s in self.siblings[node])]
            if all(map(is_simple, shapes)):
                counts = self.counts_in_sparql(ctx, focus, shapes)
            else:
                counts = self.counts_in_python(ctx, focus, shapes)
            for this, count in counts.items():
                if self.max_count is not None and count > self.max_count:
                    found.add(this, self.result(this, component=SH.QualifiedMaxCountConstraintComponent))
                if self.min_count is not None and count < self.min_count:
                    found.add(this, self.result(this, component=SH.QualifiedMinCountConstraintComponent))
        return found

    def counts_in_sparql(self, ctx: Context, focus: Focus, shapes: list[CompiledShape]) -> dict[OxTerm, int]:
        """Per focus node, the value nodes conforming to the shape and to no sibling, counted by
        one grouped query (simple shapes only), for the focus nodes out of bounds."""
        qualified, *siblings = (conformance(ctx, shape) for shape in shapes)
        counted = f"{qualified} && !({' || '.join(siblings)})" if siblings else qualified
        bounds = [f"?n < {self.min_count}"] if self.min_count is not None else []
        bounds += [f"?n > {self.max_count}"] if self.max_count is not None else []
        scoped, scanned = scoped_pairs(ctx, self.shape, focus)
        pairs = f"{{ SELECT DISTINCT ?this ?value WHERE {{ {scoped} }} }}"
        if not scanned:  # the focus nodes without values count 0 too
            pairs += f" UNION {{ {focus.pattern('this')} }}"
        query = (
            f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (SUM(IF(BOUND(?value) && COALESCE({counted}, false), 1, 0))"
            f" AS ?n) WHERE {{ {pairs} }} GROUP BY ?this }} FILTER({' || '.join(bounds)}) }}"
        )
        counts: dict[OxTerm, int] = {}
        for this, count in in_focus(ctx, focus, ctx.select(query), scanned):
            assert this is not None and isinstance(count, ox.Literal)
            counts[this] = int(count.value)
        if scanned and self.min_count is not None and self.min_count > 0:  # the focus nodes without values
            assert self.shape.path is not None
            counts.update(dict.fromkeys(ctx.lacking(focus, self.shape.path.sparql), 0))
        return counts

    def counts_in_python(self, ctx: Context, focus: Focus, shapes: list[CompiledShape]) -> dict[OxTerm, int]:
        """Per focus node, the same count from the failing nodes of each shape over the values."""
        values = value_focus(self.shape, focus)
        failing, *sibling_failing = (ctx.evaluate(shape, values).failing for shape in shapes)
        counts = dict.fromkeys(ctx.focus_nodes(focus), 0)
        for this, value in ctx.pairs(self.shape, focus):
            if value not in failing and all(value in fails for fails in sibling_failing):
                counts[this] = counts.get(this, 0) + 1
        return counts

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        shapes = ",".join(ctx.shape_text(s) for s in self.shapes)
        counts = (f" MinCount {self.min_count}" if self.min_count is not None else "") + (
            f" MaxCount {self.max_count}" if self.max_count is not None else ""
        )
        if len(self.shapes) > 1:
            return [f"Focus node does not conform to shapes{counts}: ({shapes})"]
        return [f"Focus node does not conform to shape{counts}: {shapes}"]


class SomeValueConstraint(Constraint):
    """sh:someValue (SHACL 1.2 Core, https://www.w3.org/TR/shacl12-core/#SomeValueConstraintComponent):
    at least one value node conforms to the node shape; a focus node with none (or no value node at
    all) is one result, without sh:value. All value nodes are validated at once, as one focus.
    pySHACL does not know it."""

    component = SH.SomeValueConstraintComponent
    parameters = (SH.someValue,)

    def __init__(self, shape: CompiledShape, shapes: list[Node]) -> None:
        super().__init__(shape)
        self.shapes = shapes

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        shapes = list(compiler.graph.objects(shape.node, SH.someValue))
        for node in shapes:
            if compiler.shape(node).is_property:
                raise Unsupported("sh:someValue refers to a property shape")
        return cls(shape, shapes)

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        values = value_focus(self.shape, focus)
        for node in self.shapes:
            nested = ctx.evaluate(ctx.shape(node), values)
            bad = nested.failing | set(nested.by_root())
            # the pairs, filtered here: one query, and no MINUS, which Virtuoso 7.2 gets wrong in a SELECT
            satisfied = {this for this, value in ctx.pairs(self.shape, focus) if value not in bad}
            for this in ctx.focus_nodes(focus):
                if this not in satisfied:
                    found.add(this, self.result(this))
        return found

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return [f"No value conforms to {', '.join(ctx.shape_text(s) for s in self.shapes)}"]
