"""Parameters, lexical forms and message helpers shared by the SHACL Core components."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node, XSDToPython

from ipco.engines.shacl_model import (
    CompiledShape,
    Compiler,
    Context,
    Focus,
    MessageContext,
    pairs_pattern,
)
from ipco.engines.shacl_terms import (
    OxTerm,
    Unsupported,
    sparql_term,
    string_literal,
)

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


def shape_list_text(ctx: MessageContext, lists: list[list[Node]]) -> str:
    """How pySHACL prints the shape lists of sh:and, sh:or and sh:xone in messages."""
    if len(lists) < 2:
        return " , ".join(ctx.shape_text(member) for member in lists[0])
    return " and ".join("({})".format(" , ".join(ctx.shape_text(m) for m in members)) for members in lists)


def selected_pairs(
    ctx: Context, shape: CompiledShape, focus: Focus, nodes: set[OxTerm], *, negate: bool = False
) -> list[tuple[OxTerm, OxTerm]]:
    """The (focus, value) pairs whose value is in ``nodes`` (or not, with ``negate``)."""
    if not nodes and not negate:
        return []
    keep = ctx.member_filter("value", nodes, negate=negate) if nodes else ""
    rows = ctx.select(f"SELECT DISTINCT ?this ?value WHERE {{ {pairs_pattern(shape, focus)} {keep} }}")
    return [(row[0], row[1]) for row in rows if row[0] is not None and row[1] is not None]
