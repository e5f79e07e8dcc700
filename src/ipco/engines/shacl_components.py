"""SHACL Core constraint components compiled to SPARQL, one class each, registered in ``COMPONENTS``.

Each class reads its parameters from the shapes graph (``compile``) and finds, in one query over all
focus nodes, every result pySHACL would report (``evaluate``); ``generic_messages`` rebuilds
pySHACL's default ``sh:resultMessage``. Docstrings link the section of the SHACL spec and say where
pySHACL's behaviour, which these reproduce, departs from it.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import ClassVar

import pyoxigraph as ox
from pyshacl.rdfutil.compare import compare_literal
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node, XSDToPython

from ipco.engines.shacl_model import (
    VERBATIM,
    CompiledShape,
    Compiler,
    Constraint,
    Context,
    CountTest,
    Focus,
    MessageContext,
    Outcome,
    OxTerm,
    Result,
    Unsupported,
    ValueTest,
    conformance,
    is_simple,
    literal_value,
    pairs_pattern,
    path_exists,
    rdf_list,
    sparql_term,
    string_literal,
    value_focus,
)
from ipco.namespaces import SH_NS as SH

XSD_WHOLE_INTEGERS = frozenset(
    {
        XSD.integer,
        XSD.int,
        XSD.long,
        XSD.negativeInteger,
        XSD.nonNegativeInteger,
        XSD.nonPositiveInteger,
        XSD.positiveInteger,
        XSD.short,
        XSD.unsignedByte,
        XSD.unsignedInt,
        XSD.unsignedLong,
        XSD.unsignedShort,
        XSD.byte,
    }
)
INTEGER_LEXICAL = r"^[+-]?[0-9]+$"
DECIMAL_LEXICAL = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"
DOUBLE_LEXICAL = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
#: Lexical forms that rdflib converts without error and pySHACL accepts for the datatype: values
#: matching these need no Python check. Other literals of a datatype rdflib converts are checked
#: in Python, as pySHACL does.
SURELY_WELL_TYPED: dict[Node, str] = {
    XSD.integer: INTEGER_LEXICAL,
    XSD.decimal: DECIMAL_LEXICAL,
    XSD.double: DOUBLE_LEXICAL,
    XSD.float: DOUBLE_LEXICAL,
    XSD.boolean: r"^(true|false|1|0)$",
}
#: Datatypes whose literals rdflib converts to Python values, so that it can find them ill-typed.
CHECKED_DATATYPES = frozenset(URIRef(str(d)) for d in XSDToPython if d is not None) | {RDF.XMLLiteral, RDF.HTML}


def one_value(compiler: Compiler, shape: CompiledShape, parameter: URIRef) -> Node:
    """The single value of a parameter that pySHACL requires to have exactly one."""
    values = list(compiler.graph.objects(shape.node, parameter))
    if len(values) != 1:
        raise Unsupported(f"{parameter} must have exactly one value, has {len(values)}")
    return values[0]


def property_only(shape: CompiledShape, parameter: URIRef) -> None:
    """pySHACL refuses these parameters on node shapes (a load error)."""
    if not shape.is_property:
        raise Unsupported(f"{parameter} on a node shape")


def numeric_literal(var: str) -> str:
    """SPARQL: ``?var`` is a well-formed xsd:integer or xsd:decimal literal."""
    return (
        f"((datatype(?{var}) = {sparql_term(XSD.integer)} && REGEX(STR(?{var}), {string_literal(INTEGER_LEXICAL)}))"
        f" || (datatype(?{var}) = {sparql_term(XSD.decimal)} && REGEX(STR(?{var}), {string_literal(DECIMAL_LEXICAL)})))"
    )


def one_of(expression: str, terms: list[str]) -> str:
    """SPARQL ``expression IN (terms)``; pyoxigraph errs on an empty list where SPARQL says false."""
    return f"({expression} IN ({', '.join(terms)}))" if terms else "false"


def is_plain_number(node: Node) -> bool:
    """An xsd:integer or xsd:decimal literal that rdflib reads as a number."""
    if not isinstance(node, Literal) or node.datatype not in (XSD.integer, XSD.decimal):
        return False
    value = node.value
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def matchable(node: Node) -> bool:
    """False for constants no data term can equal once converted for pySHACL: IPCO hands pySHACL
    plain strings without a datatype (``ipco.convert``), and rdflib's ``"a" != "a"^^xsd:string``."""
    return not (isinstance(node, Literal) and node.datatype == XSD.string)


def shape_list_text(ctx: MessageContext, lists: list[list[Node]]) -> str:
    """How pySHACL prints the shape lists of sh:and, sh:or and sh:xone in messages."""
    if len(lists) < 2:
        return " , ".join(ctx.shape_text(member) for member in lists[0])
    return " and ".join("({})".format(" , ".join(ctx.shape_text(m) for m in members)) for members in lists)


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
        return [f"NOT EXISTS {ctx.instances('?value', [c])}" for c in self.classes]

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        if len(self.classes) < 2:
            return [f"Value does not have class {ctx.shape_text(self.classes[0])}"]
        return ["Value class is not in classes ({})".format(", ".join(ctx.shape_text(c) for c in self.classes))]


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


# -- string based (https://www.w3.org/TR/shacl/#core-components-string) --------------------------


def _length_parameter(shape: CompiledShape, compiler: Compiler, parameter: URIRef) -> int:
    length = one_value(compiler, shape, parameter)
    if (
        not isinstance(length, Literal)
        or getattr(length, "ill_typed", False)
        or length.datatype not in XSD_WHOLE_INTEGERS
        or length.datatype in (XSD.negativeInteger, XSD.nonPositiveInteger)
        or not isinstance(length.value, int)
        or length.value < 0
    ):
        raise Unsupported(f"{parameter} must be a non-negative integer")
    return int(length.value)


class MinLengthConstraint(ValueTest):
    """sh:minLength (https://www.w3.org/TR/shacl/#MinLengthConstraintComponent): STRLEN(STR(v)) is
    at least n; blank nodes fail, except against 0 which pySHACL always accepts."""

    component = SH.MinLengthConstraintComponent
    parameters = (SH.minLength,)

    def __init__(self, shape: CompiledShape, length: int, rule: Node) -> None:
        super().__init__(shape)
        self.length, self.rule = length, rule

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        length = _length_parameter(shape, compiler, SH.minLength)
        return cls(shape, length, one_value(compiler, shape, SH.minLength)) if length > 0 else None

    def violations(self, ctx: Context) -> list[str]:
        return [f"isBlank(?value) || STRLEN(STR(?value)) < {self.length}"]

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return [f"String length not >= {ctx.data_text(self.rule)}"]


class MaxLengthConstraint(ValueTest):
    """sh:maxLength (https://www.w3.org/TR/shacl/#MaxLengthConstraintComponent): STRLEN(STR(v)) is
    at most n; blank nodes fail."""

    component = SH.MaxLengthConstraintComponent
    parameters = (SH.maxLength,)

    def __init__(self, shape: CompiledShape, length: int, rule: Node) -> None:
        super().__init__(shape)
        self.length, self.rule = length, rule

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        length = _length_parameter(shape, compiler, SH.maxLength)
        return cls(shape, length, one_value(compiler, shape, SH.maxLength))

    def violations(self, ctx: Context) -> list[str]:
        return [f"isBlank(?value) || STRLEN(STR(?value)) > {self.length}"]

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return [f"String length not <= {ctx.data_text(self.rule)}"]


_PORTABLE_ESCAPES = frozenset("d.-/()[]{}+*?|^$:,\\")
_QUANTIFIER = re.compile(r"\{[0-9]+(,[0-9]*)?\}")


def portable_pattern(pattern: str) -> bool:
    """True when Python's ``re`` (pySHACL) and SPARQL REGEX (XPath, as pyoxigraph runs it) agree
    on whether the pattern matches a string without line breaks: ASCII, no ``\\w``/``\\s``/``\\b``
    (their classes differ), no ``(?`` groups, no nested or subtracted classes, plain quantifiers."""
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if not (char.isascii() and char.isprintable()):
            return False
        if char == "\\":
            if pattern[i + 1 : i + 2] not in _PORTABLE_ESCAPES or i + 1 >= len(pattern):
                return False
            i += 2
            continue
        if in_class:
            if char == "[":
                return False
            in_class = char != "]"
        elif char == "[":
            if pattern[i + 1 : i + 2] == "]" or pattern[i + 1 : i + 3] == "^]":
                return False
            in_class = True
        elif char == "(" and pattern[i + 1 : i + 2] == "?":
            return False
        elif char == "{":
            quantifier = _QUANTIFIER.match(pattern, i)
            if quantifier is None:
                return False
            i = quantifier.end()
            continue
        elif char == "}":
            return False
        i += 1
    return not in_class


def value_text(value: Node) -> str:
    """pySHACL's ``value_node_to_string``: the lexical form of a literal, the IRI of an IRI."""
    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, RDF.langString, XSD.string):
        return str(value.value)
    return str(value)


class PatternConstraint(ValueTest):
    """sh:pattern (https://www.w3.org/TR/shacl/#PatternConstraintComponent): the string of each
    value node matches the regular expression; blank nodes fail.

    pySHACL matches with Python's ``re`` and only the ``i`` and ``m`` flags. SPARQL REGEX clears the
    values it matches when the pattern means the same in both engines (``portable_pattern``), no
    flag is set and the value has no line break; Python judges the others.
    """

    component = SH.PatternConstraintComponent
    parameters = (SH.pattern,)

    def __init__(self, shape: CompiledShape, patterns: list[Literal], flags: int) -> None:
        super().__init__(shape)
        self.patterns, self.flags = patterns, flags
        self.compiled: list[re.Pattern[str]] = []
        for pattern in patterns:
            text = str(pattern.value) if pattern.value is not None and len(pattern.value) > 1 else str(pattern)
            try:
                self.compiled.append(re.compile(text, flags))
            except re.error as error:
                raise Unsupported(f"sh:pattern {text!r}: {error}") from error

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        patterns = list(compiler.graph.objects(shape.node, SH.pattern))
        literals = [p for p in patterns if isinstance(p, Literal)]
        if len(literals) != len(patterns):
            raise Unsupported("sh:pattern must be a literal")
        flags = 0
        declared = list(set(compiler.graph.objects(shape.node, SH.flags)))
        if declared:
            text = str(literal_value(declared[0]) or declared[0]).lower()
            flags = (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
        return cls(shape, literals, flags)

    def violations(self, ctx: Context) -> list[str]:
        return [self.pattern_violation(ctx, compiled) for compiled in self.compiled]

    def pattern_violation(self, ctx: Context, compiled: re.Pattern[str]) -> str:
        def violates(value: Node) -> bool:
            return isinstance(value, BNode) or compiled.search(value_text(value)) is None

        sure = None
        if self.flags == 0 and portable_pattern(compiled.pattern):
            text = "STR(?value)"
            sure = (
                f'!isBlank(?value) && !CONTAINS({text}, "\\n") && !CONTAINS({text}, "\\r")'
                f" && REGEX({text}, {string_literal(compiled.pattern)})"
            )
        return self.hybrid(ctx, sure, violates)

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        if len(self.patterns) < 2:
            return [f"Value does not match pattern '{self.patterns[0].value}'"]
        return ["Value does not match every pattern in ('{}')".format("', '".join(str(p.value) for p in self.patterns))]


class LanguageInConstraint(ValueTest):
    """sh:languageIn (https://www.w3.org/TR/shacl/#LanguageInConstraintComponent): each value node
    has a language tag among the list. pySHACL's matching, not quite ``langMatches``: the tag, or
    its first subtag, equals a range (case-insensitively), or the list holds "*"."""

    component = SH.LanguageInConstraintComponent
    parameters = (SH.languageIn,)

    def __init__(self, shape: CompiledShape, list_node: Node, languages: set[str]) -> None:
        super().__init__(shape)
        self.list_node, self.languages = list_node, languages

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        list_node = one_value(compiler, shape, SH.languageIn)
        languages = set()
        for member in rdf_list(compiler.graph, list_node):
            if not isinstance(member, Literal) or not isinstance(member.value, str):
                raise Unsupported("sh:languageIn members must be strings")
            languages.add(member.value.lower())
        return cls(shape, list_node, languages)

    def violations(self, ctx: Context) -> list[str]:
        if "*" in self.languages:
            return ['!(isLiteral(?value) && LANG(?value) != "")']
        ranges = [string_literal(language) for language in sorted(self.languages)]
        tag = one_of("LCASE(LANG(?value))", ranges)
        first = one_of('LCASE(STRBEFORE(CONCAT(LANG(?value), "-"), "-"))', ranges)
        return [f'!(isLiteral(?value) && LANG(?value) != "" && ({tag} || {first}))']

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return [f"String language is not in {ctx.shape_text(self.list_node)}"]


class UniqueLangConstraint(Constraint):
    """sh:uniqueLang (https://www.w3.org/TR/shacl/#UniqueLangConstraintComponent): no two value
    nodes share a language tag (compared lower-cased); one result, without value, per tag."""

    component = SH.UniqueLangConstraintComponent
    parameters = (SH.uniqueLang,)

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        property_only(shape, SH.uniqueLang)
        unique = one_value(compiler, shape, SH.uniqueLang)
        if not isinstance(unique, Literal) or not isinstance(unique.value, bool):
            raise Unsupported("sh:uniqueLang must be a boolean")
        # Only the literal true activates it (https://www.w3.org/TR/shacl/#UniqueLangConstraintComponent:
        # "the value true"); pySHACL also takes "1"^^xsd:boolean, which the W3C suite says to ignore.
        return cls(shape) if str(unique) == "true" else None

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        tagged = 'FILTER(isLiteral(?value) && LANG(?value) != "") BIND(LCASE(LANG(?value)) AS ?lang)'
        query = (
            f"SELECT ?this ?lang WHERE {{ {pairs_pattern(self.shape, focus)} {tagged} }}"
            " GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?value) > 1)"
        )
        return self.outcome(ctx.select(query), with_value=False)

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return ["More than one String shares the same Language"]


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


# -- logical (https://www.w3.org/TR/shacl/#core-components-logical) ------------------------------


def _selected_pairs(
    ctx: Context, shape: CompiledShape, focus: Focus, nodes: set[OxTerm], *, negate: bool = False
) -> list[tuple[OxTerm, OxTerm]]:
    """The (focus, value) pairs whose value is in ``nodes`` (or not, with ``negate``)."""
    if not nodes and not negate:
        return []
    keep = ctx.member_filter("value", nodes, negate=negate) if nodes else ""
    rows = ctx.select(f"SELECT DISTINCT ?this ?value WHERE {{ {pairs_pattern(shape, focus)} {keep} }}")
    return [(row[0], row[1]) for row in rows if row[0] is not None and row[1] is not None]


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
            found.extend(self.outcome(_selected_pairs(ctx, self.shape, focus, failing, negate=True)))
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
        return _selected_pairs(ctx, self.shape, focus, set().union(*failing))


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
        return _selected_pairs(ctx, self.shape, focus, set.intersection(*failing))


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
            return _selected_pairs(ctx, self.shape, focus, failing[0])
        return [
            (this, value)
            for this, value in ctx.pairs(self.shape, focus)
            if sum(value not in fails for fails in failing) != 1
        ]


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
            for this, value in _selected_pairs(ctx, self.shape, focus, bad):
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
            for this, value in _selected_pairs(ctx, self.shape, focus, needed):
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
        pairs = f"{{ SELECT DISTINCT ?this ?value WHERE {{ {pairs_pattern(self.shape, focus)} }} }}"
        query = (
            f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (SUM(IF(BOUND(?value) && COALESCE({counted}, false), 1, 0))"
            f" AS ?n) WHERE {{ {pairs} UNION {{ {focus.pattern('this')} }} }}"
            f" GROUP BY ?this }} FILTER({' || '.join(bounds)}) }}"
        )
        counts: dict[OxTerm, int] = {}
        for this, count in ctx.select(query):
            assert this is not None and isinstance(count, ox.Literal)
            counts[this] = int(count.value)
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
        return [f"!sameTerm(?value, {sparql_term(t)})" if matchable(t) else "true" for t in self.terms]

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        for term in self.terms:
            if not matchable(term):
                missing = ""
            elif self.shape.path is None:
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
    list's members (the same RDF term, not merely an equal value)."""

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
        terms = " ".join(sorted(sparql_term(m) for m in self.members if matchable(m)))
        return [f"NOT EXISTS {{ VALUES ?value {{ {terms} }} }}"]

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        assert value is not None
        return [f"Value {ctx.data_text(value)} not in list {[ctx.shape_text(m) for m in self.members]}"]


#: Every component the fast path compiles, in pySHACL's order. A shape's predicates select them.
COMPONENTS: tuple[type[Constraint], ...] = (
    ClassConstraint,
    DatatypeConstraint,
    NodeKindConstraint,
    MinCountConstraint,
    MaxCountConstraint,
    MinExclusiveConstraint,
    MinInclusiveConstraint,
    MaxExclusiveConstraint,
    MaxInclusiveConstraint,
    NotConstraint,
    AndConstraint,
    OrConstraint,
    XoneConstraint,
    MinLengthConstraint,
    MaxLengthConstraint,
    PatternConstraint,
    LanguageInConstraint,
    UniqueLangConstraint,
    EqualsConstraint,
    DisjointConstraint,
    LessThanConstraint,
    LessThanOrEqualsConstraint,
    NodeConstraint,
    PropertyConstraint,
    QualifiedValueShapeConstraint,
    ClosedConstraint,
    HasValueConstraint,
    InConstraint,
)
