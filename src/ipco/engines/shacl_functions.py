"""SHACL-AF SPARQL functions (``sh:SPARQLFunction``, https://www.w3.org/TR/shacl-af/#SPARQLFunction)
in the fast engine: callable by IRI from every query the engine runs (constraints, targets, rules)
and from the function expressions of triple rules (``shacl_rules``).

A function is a pyoxigraph custom function that runs the function's SELECT (first variable of the
first solution, or unbound) or ASK (a boolean) with its parameters substituted for their variables
(SEP-0007, SHACL's pre-binding), answers cached per argument tuple: a rule calling it over 100k
focus nodes runs one query per distinct arguments, not per node. Parameters are passed in
``sh:order`` when every parameter has one, else by the local name of their ``sh:path``, as pySHACL
does. SHACL-JS functions are not run: a call to one is refused where the call is compiled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ipco.engines.shacl_sparql_constraints import prefixes_of
from ipco.engines.shacl_sparql_text import check_syntax, tokens
from ipco.engines.shacl_terms import OxTerm, Unsupported
from ipco.namespaces import SH_NS as SH


@dataclass(frozen=True)
class Function:
    """One ``sh:SPARQLFunction``, checked."""

    iri: URIRef
    parameters: tuple[str, ...]  # variable names, in call order
    optional: tuple[bool, ...]
    query: str  # as a SELECT projecting the parameters (``_projecting``)
    prefixes: tuple[tuple[str, str], ...]
    ask: bool

    def accepts(self, count: int) -> bool:
        """True when ``count`` arguments fill every parameter but optional ones at the end."""
        return count <= len(self.parameters) and not any(not optional for optional in self.optional[count:])


def gather_functions(shapes: Graph) -> dict[URIRef, Function]:
    """Every SPARQL function of the shapes graph; raises ``Unsupported`` for a malformed one."""
    found: dict[URIRef, Function] = {}
    nodes = sorted(set(shapes.subjects(RDF.type, SH.SPARQLFunction)), key=str)
    for node in nodes:
        if not isinstance(node, URIRef):
            raise Unsupported(f"SPARQL function {node} must be an IRI")
        queries = [*shapes.objects(node, SH.select), *shapes.objects(node, SH.ask)]
        if len(queries) != 1 or not isinstance(queries[0], Literal):
            raise Unsupported(f"SPARQL function {node} needs exactly one sh:select or sh:ask")
        prefixes = prefixes_of(shapes, node, node)
        try:
            check_syntax(str(queries[0]), prefixes)
        except SyntaxError as error:
            raise Unsupported(f"the query of SPARQL function {node} does not parse: {str(error)[:200]}") from error
        parameters = [_parameter(shapes, node, p) for p in shapes.objects(node, SH.parameter)]
        if all(order is not None for _, order, _ in parameters):
            parameters.sort(key=lambda p: (p[1], p[0]))
        else:
            parameters.sort(key=lambda p: p[0])
        names = tuple(name for name, _, _ in parameters)
        found[node] = Function(
            node,
            names,
            tuple(optional for _, _, optional in parameters),
            _projecting(str(queries[0]), names),
            tuple(sorted(prefixes.items())),
            any(True for _ in shapes.objects(node, SH.ask)),
        )
    return found


def _projecting(query: str, parameters: tuple[str, ...]) -> str:
    """The query as a SELECT projecting the parameters after its own variables: pyoxigraph only
    substitutes projected variables, and not in ASK queries (an ASK becomes a SELECT of a
    constant, true when it has a solution)."""
    found = tokens(query)
    form = next((i for i, t in enumerate(found) if t.keyword in ("SELECT", "ASK")), None)
    if form is None:
        raise Unsupported("a SPARQL function's query must be a SELECT or an ASK")
    extra = " ".join(f"?{name}" for name in parameters)
    if found[form].keyword == "ASK":
        token = found[form]
        return f"{query[: token.start]}SELECT (true AS ?ipco_answer) {extra} {query[token.end :]}"
    i, depth, projected = form + 1, 0, set()
    while i < len(found) and not (depth == 0 and (found[i].kind == "open" or found[i].keyword in ("WHERE", "FROM"))):
        depth += (found[i].text == "(") - (found[i].text == ")")
        if depth == 0 and found[i].kind == "var":
            projected.add(found[i].name)
        if depth == 0 and found[i].text == "*":
            return query
        i += 1
    extra = " ".join(f"?{name}" for name in parameters if name not in projected)
    at = found[i].start if i < len(found) else len(query)
    return f"{query[:at]} {extra} {query[at:]}"


def _parameter(shapes: Graph, function: Node, node: Node) -> tuple[str, Decimal | None, bool]:
    path = shapes.value(node, SH.path)
    if not isinstance(path, URIRef):
        raise Unsupported(f"a parameter of SPARQL function {function} needs an IRI as sh:path")
    name = str(path).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    order = shapes.value(node, SH.order)
    optional = shapes.value(node, SH.optional)
    rank = Decimal(str(order.value)) if isinstance(order, Literal) and order.value is not None else None
    return name, rank, isinstance(optional, Literal) and optional.value is True


def register_functions(
    register: Callable[[ox.NamedNode, Callable[..., OxTerm | None]], None],
    run: Callable[[str, dict[str, str], dict[str, OxTerm]], ox.QuerySolutions | ox.QueryBoolean],
    functions: dict[URIRef, Function],
) -> None:
    """Register each function (``Evaluator.register``), running its query with ``run``
    (``Evaluator.substituted``), and the casts pyoxigraph lacks that rdflib, under pySHACL, has."""
    register(_ANY_URI, _any_uri)
    for function in functions.values():
        register(ox.NamedNode(str(function.iri)), _callable(function, run))


_ANY_URI = ox.NamedNode(str(XSD.anyURI))


def _any_uri(term: OxTerm) -> OxTerm | None:
    """``xsd:anyURI(x)``: XPath's cast to anyURI (not among SPARQL 1.1's casts; TopBraid's DASH and
    schema shapes use it) of an IRI or a string."""
    if isinstance(term, ox.NamedNode) or (isinstance(term, ox.Literal) and term.datatype.value == str(XSD.string)):
        return ox.Literal(term.value.strip(), datatype=_ANY_URI)
    return None


def _callable(
    function: Function, run: Callable[[str, dict[str, str], dict[str, OxTerm]], ox.QuerySolutions | ox.QueryBoolean]
) -> Callable[..., OxTerm | None]:
    answers: dict[tuple[OxTerm, ...], OxTerm | None] = {}
    prefixes = dict(function.prefixes)

    def call(*arguments: OxTerm) -> OxTerm | None:
        if arguments in answers:
            return answers[arguments]
        answer: OxTerm | None = None
        if function.accepts(len(arguments)):
            values = dict(zip(function.parameters, arguments, strict=False))
            result = run(function.query, prefixes, values)
            assert isinstance(result, ox.QuerySolutions)
            first = next(iter(result), None)
            if function.ask:
                answer = ox.Literal(first is not None)
            elif first is not None:
                answer = first[0]
        answers[arguments] = answer
        return answer

    return call
