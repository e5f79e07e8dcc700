"""SHACL Core value type, cardinality and value range components (https://www.w3.org/TR/shacl/#core-components-value-type)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import ClassVar

from pyshacl.rdfutil.compare import compare_literal
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from ipco.engines.shacl_core.common import (
    CHECKED_DATATYPES,
    SURELY_WELL_TYPED,
    is_plain_number,
    numeric_literal,
    one_value,
    property_only,
)
from ipco.engines.shacl_model import (
    CompiledShape,
    Compiler,
    Constraint,
    Context,
    CountTest,
    MessageContext,
    Result,
    ValueTest,
)
from ipco.engines.shacl_terms import (
    VERBATIM,
    Unsupported,
    rdf_list,
    sparql_term,
    string_literal,
)
from ipco.namespaces import SH_NS as SH

# -- value type (https://www.w3.org/TR/shacl/#core-components-value-type) ------------------------


class ClassConstraint(ValueTest):
    """sh:class (https://www.w3.org/TR/shacl/#ClassConstraintComponent): each value node is a
    SHACL instance of the class, ``rdf:type/rdfs:subClassOf*`` in the data graph (where IPCO mixes
    in the ontology). One result per value node and failing class, as pySHACL."""

    component = SH.ClassConstraintComponent
    parameters = (SH["class"],)

    def __init__(self, shape: CompiledShape, classes: list[Node]) -> None:
        super().__init__(shape)
        self.classes = classes

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        classes = list(compiler.graph.objects(shape.node, SH["class"]))
        for class_ in classes:
            sparql_term(class_)
        return cls(shape, classes)

    def violations(self, ctx: Context) -> list[str]:
        return [f"NOT EXISTS {ctx.instance_of('?value', [c])}" for c in self.classes]

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        if len(self.classes) < 2:
            return [f"Value does not have class {ctx.shape_text(self.classes[0])}"]
        return ["Value class is not in classes ({})".format(", ".join(ctx.shape_text(c) for c in self.classes))]


class RootClassConstraint(ValueTest):
    """sh:rootClass (SHACL 1.2 Core, https://www.w3.org/TR/shacl12-core/#RootClassConstraintComponent):
    each value node is the root class or a SHACL subclass of it (``rdfs:subClassOf*`` in the data
    graph, where IPCO mixes in the ontology), a class rather than an instance as sh:class wants.
    A root is an IRI, or a SHACL list of IRIs (any of them will do); one result per value node
    and failing value of sh:rootClass. pySHACL does not know it."""

    component = SH.RootClassConstraintComponent
    parameters = (SH.rootClass,)

    def __init__(self, shape: CompiledShape, roots: list[tuple[Node, list[Node]]]) -> None:
        super().__init__(shape)
        self.roots = roots

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        roots = []
        for value in sorted(compiler.graph.objects(shape.node, SH.rootClass), key=str):
            classes: list[Node] = (
                [value] if isinstance(value, URIRef) and value != RDF.nil else rdf_list(compiler.graph, value)
            )
            if not classes or not all(isinstance(c, URIRef) for c in classes):
                raise Unsupported("sh:rootClass must be an IRI or a non-empty list of IRIs")
            roots.append((value, classes))
        return cls(shape, roots)

    def violations(self, ctx: Context) -> list[str]:
        return [f"!{ctx.subclass_test('?value', classes)}" for _, classes in self.roots]

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        roots = ", ".join(ctx.shape_text(value) for value, _ in self.roots)
        return [f"Value is not {roots} or one of its subclasses"]


def datatype_matches(value: Node, datatype: Node) -> bool:
    """pySHACL's test for sh:datatype: the same IRI and, for the datatypes rdflib converts, a
    well-typed literal (rdflib's ``ill_typed``; "abc"^^xsd:integer fails) of the right Python type."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return getattr(value, "ill_typed", None) is not True and _python_type_matches(value, datatype)
    if datatype == RDFS.Literal:
        return True
    if datatype == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return _python_type_matches(value, datatype)
    return datatype == RDF.langString and bool(value.language) and _python_type_matches(value, datatype)


_PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: datetime.date,
    XSD.time: datetime.time,
    XSD.dateTime: datetime.datetime,
}


def _python_type_matches(value: Literal, datatype: Node) -> bool:
    """pySHACL's ``_assert_actual_datatype``: the Python type rdflib gives the value (other
    datatypes pass)."""
    expected = _PYTHON_TYPES.get(datatype)
    return expected is None or isinstance(value.value, expected)


class DatatypeConstraint(ValueTest):
    """sh:datatype (https://www.w3.org/TR/shacl/#DatatypeConstraintComponent): each value node is
    a literal of the datatype and, for the datatypes rdflib knows, well-typed. SPARQL checks the
    datatype and a well-formed lexical form; Python (``datatype_matches``) judges the rest."""

    component = SH.DatatypeConstraintComponent
    parameters = (SH.datatype,)

    def __init__(self, shape: CompiledShape, datatype: Node) -> None:
        super().__init__(shape)
        self.datatype = datatype

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        datatype = one_value(compiler, shape, SH.datatype)
        sparql_term(datatype)
        return cls(shape, datatype)

    def violations(self, ctx: Context) -> list[str]:
        return [self.violation(ctx)]

    def violation(self, ctx: Context) -> str:
        datatype = self.datatype
        literal = "isLiteral(?value)"
        if datatype == XSD.string:
            return f"!({literal} && datatype(?value) = {sparql_term(XSD.string)})"
        if datatype == RDF.langString:
            return f'!({literal} && LANG(?value) != "")'
        if datatype == RDFS.Literal:
            return f"!{literal}"
        if datatype == RDFS.Datatype:
            plain = f"({sparql_term(XSD.string)}, {sparql_term(RDF.langString)})"
            return f"!({literal} && datatype(?value) NOT IN {plain})"
        same = f"{literal} && datatype(?value) = {sparql_term(datatype)}"
        if datatype not in CHECKED_DATATYPES:
            # A literal of a datatype rdflib does not convert always matches, whether the store
            # holds it as written or under its stand-in datatype (see ``VERBATIM``).
            stand_in = sparql_term(URIRef(VERBATIM + str(datatype))) if isinstance(datatype, URIRef) else "<urn:x-none>"
            return f"!({literal} && datatype(?value) IN ({sparql_term(datatype)}, {stand_in}))"
        lexical = SURELY_WELL_TYPED.get(datatype)
        sure = f"{same} && REGEX(STR(?value), {string_literal(lexical)})" if lexical else None
        return self.hybrid(ctx, sure, lambda value: not datatype_matches(value, datatype))

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return [f"Value is not Literal with datatype {ctx.shape_text(self.datatype)}"]


_NODE_KIND_VIOLATIONS: dict[Node, str] = {
    SH.IRI: "!isIRI(?value)",
    SH.BlankNode: "!isBlank(?value)",
    SH.Literal: "!isLiteral(?value)",
    SH.BlankNodeOrIRI: "isLiteral(?value)",
    SH.BlankNodeOrLiteral: "isIRI(?value)",
    SH.IRIOrLiteral: "isBlank(?value)",
}


class NodeKindConstraint(ValueTest):
    """sh:nodeKind (https://www.w3.org/TR/shacl/#NodeKindConstraintComponent): IRI, blank node or
    literal, or a pair of them. An unknown kind matches nothing, as in pySHACL."""

    component = SH.NodeKindConstraintComponent
    parameters = (SH.nodeKind,)

    def __init__(self, shape: CompiledShape, kind: Node) -> None:
        super().__init__(shape)
        self.kind = kind

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        return cls(shape, one_value(compiler, shape, SH.nodeKind))

    def violations(self, ctx: Context) -> list[str]:
        return [_NODE_KIND_VIOLATIONS.get(self.kind, "true")]

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return [f"Value is not of Node Kind {ctx.shape_text(self.kind)}"]


# -- cardinality (https://www.w3.org/TR/shacl/#core-components-count) ----------------------------


def _count_parameter(shape: CompiledShape, compiler: Compiler, parameter: URIRef) -> Literal:
    property_only(shape, parameter)
    count = one_value(compiler, shape, parameter)
    if not (isinstance(count, Literal) and count.datatype == XSD.integer and isinstance(count.value, int)):
        raise Unsupported(f"{parameter} must be an xsd:integer")
    if count.value < 0:
        raise Unsupported(f"{parameter} must not be negative")
    return count


class MinCountConstraint(CountTest):
    """sh:minCount (https://www.w3.org/TR/shacl/#MinCountConstraintComponent): at least n distinct
    value nodes per focus node (0 always passes, and pySHACL then reports nothing)."""

    component = SH.MinCountConstraintComponent
    parameters = (SH.minCount,)

    def __init__(self, shape: CompiledShape, count: Literal) -> None:
        super().__init__(shape)
        self.count = count
        self.minimum = int(count.value)

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        count = _count_parameter(shape, compiler, SH.minCount)
        return cls(shape, count) if count.value > 0 else None

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        assert self.shape.path is not None
        return [
            f"Less than {self.count.value} values on {ctx.data_text(focus)}->{ctx.shape_text(self.shape.path.node)}"
        ]


class MaxCountConstraint(CountTest):
    """sh:maxCount (https://www.w3.org/TR/shacl/#MaxCountConstraintComponent): at most n distinct
    value nodes per focus node."""

    component = SH.MaxCountConstraintComponent
    parameters = (SH.maxCount,)

    def __init__(self, shape: CompiledShape, count: Literal) -> None:
        super().__init__(shape)
        self.count = count
        self.maximum = int(count.value)

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        return cls(shape, _count_parameter(shape, compiler, SH.maxCount))

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        assert self.shape.path is not None
        return [
            f"More than {self.count.value} values on {ctx.data_text(focus)}->{ctx.shape_text(self.shape.path.node)}"
        ]


# -- value range (https://www.w3.org/TR/shacl/#core-components-range) ----------------------------


class RangeConstraint(ValueTest):
    """Base of sh:minExclusive, sh:minInclusive, sh:maxExclusive and sh:maxInclusive: each value
    node compares to the bound as required (``accepts`` on pySHACL's ``compare_literal``).

    pySHACL compares with rdflib's Python values, not SPARQL's ``<``: a string never compares with
    a non-string, IRIs and blank nodes never pass, incomparable values fail. SPARQL clears the
    well-formed integers and decimals against a numeric bound; Python judges every other value.
    """

    parameter: ClassVar[URIRef]
    operator: ClassVar[str]

    def __init__(self, shape: CompiledShape, bounds: list[Literal]) -> None:
        super().__init__(shape)
        self.bounds = bounds

    @staticmethod
    def accepts(order: int) -> bool:
        raise NotImplementedError

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        bounds = list(compiler.graph.objects(shape.node, cls.parameter))
        literals = [b for b in bounds if isinstance(b, Literal)]
        if len(literals) != len(bounds):
            raise Unsupported(f"{cls.parameter} must be a literal")
        return cls(shape, literals)

    def violations(self, ctx: Context) -> list[str]:
        return [self.bound_violation(ctx, bound) for bound in self.bounds]

    def bound_violation(self, ctx: Context, bound: Literal) -> str:
        sure = None
        if is_plain_number(bound):
            sure = f"{numeric_literal('value')} && ?value {self.operator} {sparql_term(bound)}"
        return self.hybrid(ctx, sure, lambda value: not self.passes(value, bound))

    def passes(self, value: Node, bound: Literal) -> bool:
        if not isinstance(value, Literal):
            return False
        if isinstance(bound.value, str) != isinstance(value.value, str):
            return False
        try:
            order: int = compare_literal(value, bound)  # type: ignore[no-untyped-call]
            return self.accepts(order)
        except (TypeError, NotImplementedError):
            return False

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        if len(self.bounds) < 2:
            return [f"Value is not {self.operator} {ctx.shape_text(self.bounds[0])}"]
        return ["Value is not {} in ({})".format(self.operator, ", ".join(ctx.shape_text(b) for b in self.bounds))]


class MinExclusiveConstraint(RangeConstraint):
    """sh:minExclusive (https://www.w3.org/TR/shacl/#MinExclusiveConstraintComponent)."""

    component = SH.MinExclusiveConstraintComponent
    parameters = (SH.minExclusive,)
    parameter = SH.minExclusive
    operator = ">"

    @staticmethod
    def accepts(order: int) -> bool:
        return order > 0


class MinInclusiveConstraint(RangeConstraint):
    """sh:minInclusive (https://www.w3.org/TR/shacl/#MinInclusiveConstraintComponent)."""

    component = SH.MinInclusiveConstraintComponent
    parameters = (SH.minInclusive,)
    parameter = SH.minInclusive
    operator = ">="

    @staticmethod
    def accepts(order: int) -> bool:
        return order >= 0


class MaxExclusiveConstraint(RangeConstraint):
    """sh:maxExclusive (https://www.w3.org/TR/shacl/#MaxExclusiveConstraintComponent)."""

    component = SH.MaxExclusiveConstraintComponent
    parameters = (SH.maxExclusive,)
    parameter = SH.maxExclusive
    operator = "<"

    @staticmethod
    def accepts(order: int) -> bool:
        return order < 0


class MaxInclusiveConstraint(RangeConstraint):
    """sh:maxInclusive (https://www.w3.org/TR/shacl/#MaxInclusiveConstraintComponent)."""

    component = SH.MaxInclusiveConstraintComponent
    parameters = (SH.maxInclusive,)
    parameter = SH.maxInclusive
    operator = "<="

    @staticmethod
    def accepts(order: int) -> bool:
        return order <= 0
