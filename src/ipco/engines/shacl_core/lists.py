"""SHACL 1.2 Core list components: sh:memberShape, sh:minListLength, sh:maxListLength and
sh:uniqueMembers (https://www.w3.org/TR/shacl12-core/#core-components-list).

Every value node of these components must be a SHACL list (SHACL 1.2 Core, "SHACL Lists"): an IRI
or blank node that is ``rdf:nil`` with no ``rdf:first``/``rdf:rest``, or has exactly one of each,
its ``rdf:rest`` a SHACL list, without reaching itself over ``rdf:rest+``. A value node that is not
one is a result of its own, whatever the parameter says, and its members are not looked at. Each
check is one query over all the value nodes (``ill_formed_list`` is a SPARQL expression), never a
walk per list. pySHACL knows none of these components.
"""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ipco.engines.shacl_core.common import one_value
from ipco.engines.shacl_core.strings import boolean_parameter
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
from ipco.engines.shacl_terms import OxTerm, Unsupported, sparql_term
from ipco.namespaces import SH_NS as SH

_FIRST, _REST, _NIL = sparql_term(RDF.first), sparql_term(RDF.rest), sparql_term(RDF.nil)
_MEMBER = f"{_REST}*/{_FIRST}"
_REPEATED = (Literal("Member occurs more than once in the list"),)


def ill_formed_list(var: str) -> str:
    """SPARQL: ``?var`` (bound) is not a SHACL list. A node of the list other than ``rdf:nil``
    lacks ``rdf:first`` or ``rdf:rest`` (an IRI with no triples, a literal, a list that does not
    end in ``rdf:nil``), has two of either, ``rdf:nil`` has one, or the list loops. Each test of a
    node is a FILTER EXISTS after the walk: pyoxigraph then runs it per node reached, where a plain
    join would be planned over every list node of the store for each value (minutes at 2,000 lists)."""
    node, a, b = (f"?{var}__{name}" for name in ("ln", "la", "lb"))
    walk = f"?{var} {_REST}* {node} ."

    def each_node(test: str) -> str:
        return f" || EXISTS {{ {walk} FILTER EXISTS {{ {test} }} }}"

    incomplete = f"FILTER(!sameTerm({node}, {_NIL})) FILTER NOT EXISTS {{ {node} {_FIRST} [] ; {_REST} [] }}"
    return (
        f"(isLiteral(?{var}) || EXISTS {{ {walk} {incomplete} }}"
        + each_node(f"{node} {_FIRST} {a}, {b} . FILTER(!sameTerm({a}, {b}))")
        + each_node(f"{node} {_REST} {a}, {b} . FILTER(!sameTerm({a}, {b}))")
        + each_node(f"{node} {_REST}+ {node}")
        + f" || EXISTS {{ ?{var} {_REST}* {_NIL} . {_NIL} {_FIRST}|{_REST} [] }})"
    )


def _length_parameter(shape: CompiledShape, compiler: Compiler, parameter: URIRef) -> int:
    """A list length bound: one non-negative xsd:integer (the syntax rules)."""
    value = one_value(compiler, shape, parameter)
    if not isinstance(value, Literal) or value.datatype != XSD.integer or not isinstance(value.value, int):
        raise Unsupported(f"{parameter} must be an xsd:integer")
    if value.value < 0:
        raise Unsupported(f"{parameter} must not be negative")
    return int(value.value)


class ListLengthConstraint(Constraint):
    """sh:minListLength or sh:maxListLength: the number of members of each value node, counted in
    one grouped query with the well-formedness test."""

    parameter: ClassVar[URIRef]
    comparison: ClassVar[str]
    word: ClassVar[str]

    def __init__(self, shape: CompiledShape, length: int) -> None:
        super().__init__(shape)
        self.length = length

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        return cls(shape, _length_parameter(shape, compiler, cls.parameter))

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        counted = (
            f"SELECT ?this ?value (COUNT(DISTINCT ?node) AS ?n) WHERE {{ {pairs_pattern(self.shape, focus)}"
            f" OPTIONAL {{ ?value {_REST}* ?node . FILTER(!sameTerm(?node, {_NIL})) }} }} GROUP BY ?this ?value"
        )
        query = (
            f"SELECT ?this ?value WHERE {{ {{ {counted} }}"
            f" FILTER({ill_formed_list('value')} || ?n {self.comparison} {self.length}) }}"
        )
        return self.outcome(ctx.select(query))

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return [f"Value is not a SHACL list of {self.word} {self.length} members"]


class MinListLengthConstraint(ListLengthConstraint):
    """sh:minListLength (https://www.w3.org/TR/shacl12-core/#MinListLengthConstraintComponent):
    each value node is a SHACL list of at least n members."""

    component = SH.MinListLengthConstraintComponent
    parameters = (SH.minListLength,)
    parameter = SH.minListLength
    comparison = "<"
    word = "at least"


class MaxListLengthConstraint(ListLengthConstraint):
    """sh:maxListLength (https://www.w3.org/TR/shacl12-core/#MaxListLengthConstraintComponent):
    each value node is a SHACL list of at most n members."""

    component = SH.MaxListLengthConstraintComponent
    parameters = (SH.maxListLength,)
    parameter = SH.maxListLength
    comparison = ">"
    word = "at most"


def _ill_formed_rows(ctx: Context, shape: CompiledShape, focus: Focus) -> list[tuple[OxTerm, OxTerm]]:
    rows = ctx.select(
        f"SELECT DISTINCT ?this ?value WHERE {{ {pairs_pattern(shape, focus)} FILTER({ill_formed_list('value')}) }}"
    )
    return [(row[0], row[1]) for row in rows if row[0] is not None and row[1] is not None]


class UniqueMembersConstraint(Constraint):
    """sh:uniqueMembers (https://www.w3.org/TR/shacl12-core/#UniqueMembersConstraintComponent):
    each value node is a SHACL list; with ``true``, one whose members repeat is a result with an
    ``sh:detail`` per repeated member (its ``sh:value``), as the draft's informative text asks."""

    component = SH.UniqueMembersConstraintComponent
    parameters = (SH.uniqueMembers,)

    def __init__(self, shape: CompiledShape, unique: bool) -> None:
        super().__init__(shape)
        self.unique = unique

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        return cls(shape, boolean_parameter(shape, compiler, SH.uniqueMembers))

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = self.outcome(_ill_formed_rows(ctx, self.shape, focus))
        if not self.unique:
            return found
        query = (
            f"SELECT ?this ?value ?member WHERE {{ {pairs_pattern(self.shape, focus)}"
            f" FILTER(!{ill_formed_list('value')}) ?value {_REST}* ?node . ?node {_FIRST} ?member . }}"
            " GROUP BY ?this ?value ?member HAVING (COUNT(DISTINCT ?node) > 1)"
        )
        repeated: dict[tuple[OxTerm, OxTerm], list[OxTerm]] = defaultdict(list)
        for this, value, member in ctx.select(query):
            assert this is not None and value is not None and member is not None
            repeated[(this, value)].append(member)
        for (this, value), members in repeated.items():
            details = tuple(self.result(this, member, messages=_REPEATED) for member in members)
            found.add(this, self.result(this, value, details=details))
        return found

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return ["List members are not unique" if result.details else "Value is not a SHACL list"]


class MemberShapeConstraint(Constraint):
    """sh:memberShape (https://www.w3.org/TR/shacl12-core/#MemberShapeConstraintComponent): each
    value node is a SHACL list whose members all conform to the shape. A list with failing members
    is one result (the list as ``sh:value``) whose ``sh:detail`` are the shape's results for them.
    The members of all value nodes are validated at once, as one focus."""

    component = SH.MemberShapeConstraintComponent
    parameters = (SH.memberShape,)

    def __init__(self, shape: CompiledShape, shapes: list[Node]) -> None:
        super().__init__(shape)
        self.shapes = shapes

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        shapes = list(compiler.graph.objects(shape.node, SH.memberShape))
        for node in shapes:
            if compiler.shape(node).is_property:
                raise Unsupported("sh:memberShape refers to a property shape")
        return cls(shape, shapes)

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = self.outcome(_ill_formed_rows(ctx, self.shape, focus))
        depth = focus.depth + 1
        values = pairs_pattern(self.shape, focus, this=f"t{depth}", value=f"l{depth}")
        step = f"?l{depth} {_MEMBER} {FOCUS_VAR}"
        members = Focus(f"{{ SELECT DISTINCT {FOCUS_VAR} WHERE {{ {values} {step} }} }}", depth)
        for node in self.shapes:
            nested = ctx.evaluate(ctx.shape(node), members)
            details = nested.by_root()
            bad = nested.failing | set(details)
            if not bad:
                continue
            keep = ctx.member_filter("member", bad)
            query = (
                f"SELECT DISTINCT ?this ?value ?member WHERE {{ {pairs_pattern(self.shape, focus)}"
                f" ?value {_MEMBER} ?member . {keep} FILTER(!{ill_formed_list('value')}) }}"
            )
            failing: dict[tuple[OxTerm, OxTerm], list[Result]] = defaultdict(list)
            for this, value, member in ctx.select(query):
                assert this is not None and value is not None and member is not None
                failing[(this, value)].extend(details.get(member, ()))
            for (this, value), results in failing.items():
                found.add(this, self.result(this, value, details=tuple(results)))
        return found

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        shapes = ", ".join(ctx.shape_text(s) for s in self.shapes)
        if result.details:
            return [f"List members do not conform to {shapes}. See details for more information."]
        return ["Value is not a SHACL list"]
