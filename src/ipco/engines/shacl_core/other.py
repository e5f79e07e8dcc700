"""SHACL Core components sh:closed, sh:hasValue and sh:in (https://www.w3.org/TR/shacl/#core-components-others)."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ipco.engines.shacl_core.common import (
    one_of,
    one_value,
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
    ValueTest,
    pairs_pattern,
)
from ipco.engines.shacl_terms import (
    Unsupported,
    sparql_term,
)
from ipco.namespaces import SH_NS as SH

# -- other (https://www.w3.org/TR/shacl/#core-components-others) ---------------------------------


class ClosedConstraint(Constraint):
    """sh:closed and sh:ignoredProperties (https://www.w3.org/TR/shacl/#ClosedConstraintComponent):
    a result for each triple of a value node whose predicate is neither a path of the shape's
    property shapes nor ignored, the predicate as path and the object as value. Like pySHACL,
    ``rdf:type rdfs:Resource`` is always allowed."""

    component = SH.ClosedConstraintComponent
    parameters = (SH.closed, SH.ignoredProperties)

    def __init__(self, shape: CompiledShape, allowed: set[Node]) -> None:
        super().__init__(shape)
        self.allowed = allowed

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        graph = compiler.graph
        closed = list(graph.objects(shape.node, SH.closed))
        if len(closed) != 1 or not isinstance(closed[0], Literal):
            raise Unsupported("sh:closed must have exactly one literal value")
        if not bool(closed[0].value):
            return None
        allowed: set[Node] = set()
        for list_node in graph.objects(shape.node, SH.ignoredProperties):
            try:
                allowed.update(graph.items(list_node))
            except ValueError:
                continue
        for node in graph.objects(shape.node, SH.property):
            path = compiler.shape(node).path
            if path is None:
                raise Unsupported("sh:property refers to a shape without sh:path")
            allowed.add(path.node)
        return cls(shape, {p for p in allowed if isinstance(p, URIRef)})

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        allowed = one_of("?p", sorted(sparql_term(p) for p in self.allowed))
        if self.shape.path is None:  # ?this, not a BIND-ed ?value, so that the triples are looked up by subject
            triples = f"{focus.pattern('this')} ?this ?p ?o . BIND(?this AS ?value)"
        else:
            triples = f"{pairs_pattern(self.shape, focus)} ?value ?p ?o ."
        query = (
            f"SELECT DISTINCT ?this ?value ?p ?o WHERE {{ {triples}"
            f" FILTER(!{allowed})"
            f" FILTER(!(sameTerm(?p, {sparql_term(RDF.type)}) && sameTerm(?o, {sparql_term(RDFS.Resource)}))) }}"
        )
        found = Outcome()
        for this, _, predicate, obj in ctx.select(query):
            assert this is not None and predicate is not None
            found.add(this, self.result(this, obj, path=ctx.to_rdflib(predicate)))
        return found

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        assert value is not None
        return [f"Node {ctx.data_text(focus)} is closed. It cannot have value: {ctx.data_text(value)}"]


class HasValueConstraint(Constraint):
    """sh:hasValue (https://www.w3.org/TR/shacl/#HasValueConstraintComponent): the term is among
    the value nodes; one result, without value, per focus node and missing term."""

    component = SH.HasValueConstraintComponent
    parameters = (SH.hasValue,)
    with_value = False

    def __init__(self, shape: CompiledShape, terms: set[Node]) -> None:
        super().__init__(shape)
        self.terms = terms

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        terms = set(compiler.graph.objects(shape.node, SH.hasValue))
        for term in terms:
            sparql_term(term)
        return cls(shape, terms)

    def is_value_test(self) -> bool:
        return self.shape.path is None  # on a node shape, the value node is the focus node

    def violations(self, ctx: Context) -> list[str]:
        return [f"!sameTerm(?value, {sparql_term(t)})" for t in self.terms]

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        for term in self.terms:
            if self.shape.path is None:
                missing = f"FILTER(!sameTerm(?this, {sparql_term(term)}))"
            else:
                missing = f"FILTER NOT EXISTS {{ ?this {self.shape.path.sparql} {sparql_term(term)} }}"
            query = f"SELECT DISTINCT ?this WHERE {{ {focus.pattern('this')} {missing} }}"
            found.extend(self.outcome(ctx.select(query), with_value=False))
        return found

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        terms = [ctx.shape_text(t) for t in self.terms]
        if self.shape.path is not None:
            path = ctx.shape_text(self.shape.path.node)
            return [f"Node {ctx.data_text(focus)}->{path} does not contain a value in the set: {terms}"]
        return [f"Node {ctx.data_text(focus)} value is not a in the set of values: {terms}"]


class InConstraint(ValueTest):
    """sh:in (https://www.w3.org/TR/shacl/#InConstraintComponent): each value node is one of the
    list's members (the same RDF term, not merely an equal value; "a" and "a"^^xsd:string are one
    term in RDF 1.1, where rdflib, under pySHACL, tells them apart)."""

    component = SH["InConstraintComponent"]
    parameters = (SH["in"],)

    def __init__(self, shape: CompiledShape, members: set[Node]) -> None:
        super().__init__(shape)
        self.members = members

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        members = set(compiler.graph.items(one_value(compiler, shape, SH["in"])))
        for member in members:
            sparql_term(member)
        return cls(shape, members)

    def violations(self, ctx: Context) -> list[str]:
        terms = " ".join(sorted(sparql_term(m) for m in self.members))
        return [f"NOT EXISTS {{ VALUES ?value {{ {terms} }} }}"]

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        assert value is not None
        return [f"Value {ctx.data_text(value)} not in list {[ctx.shape_text(m) for m in self.members]}"]
