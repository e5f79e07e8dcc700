"""SHACL-SPARQL in the fast engine: ``sh:sparql`` constraints and SPARQL-based constraint components.

The spec runs a constraint's query once per focus node with ``$this`` pre-bound
(https://www.w3.org/TR/shacl/#sparql-constraints-prebound); pySHACL does so, parsing the query
again each time, which made one such constraint cost as much as the whole of SHACL Core. Here a
query whose pre-bound variables can be joined in (``shacl_sparql_text``) runs ONCE for all focus
nodes, joined with the focus pattern; any other runs per node with pyoxigraph's substitution
(SEP-0007, the spec's pre-binding). Both give the per-node answers.

Results follow pySHACL 0.40 where the spec leaves room: a node shape's result has the focus node
as ``sh:value`` when the query binds no ``?value``; messages are the shape's and the constraint's
(or validator's) ``sh:message``, with ``{$var}``/``{?var}`` filled in from the solution and the
parameters; the prefixes ``rdf``, ``rdfs`` and ``owl`` are always declared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from ipco.convert import to_oxigraph_term
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
)
from ipco.engines.shacl_sparql_text import QueryRefused, QueryText, check_syntax, group_body
from ipco.engines.shacl_terms import (
    NotCompiled,
    OxTerm,
    stored_constant,
)
from ipco.errors import InvalidShapes
from ipco.namespaces import SH_NS as SH

#: Prefixes every SHACL-SPARQL query may use undeclared, as in pySHACL.
DEFAULT_PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
#: What a shapes graph's query may reach as ``$shapesGraph`` (a named graph of the store).
SHAPES_GRAPH = "urn:x-ipco-shacl-fast:shapes-graph"


def prefixes_of(graph: Graph, node: Node, owner: Node) -> dict[str, str]:
    """The prefixes a query node declares through ``sh:prefixes`` (https://www.w3.org/TR/shacl/#sparql-prefixes):
    the ``sh:declare`` values of its ``sh:prefixes`` values, and of the ontologies they import."""
    prefixes = dict(DEFAULT_PREFIXES)
    seen: set[Node] = set()
    todo = list(graph.objects(node, SH.prefixes))
    while todo:
        source = todo.pop()
        if source in seen:
            continue
        seen.add(source)
        todo.extend(graph.objects(source, OWL.imports))
        for declaration in graph.objects(source, SH.declare):
            names = list(graph.objects(declaration, SH.prefix))
            namespaces = list(graph.objects(declaration, SH.namespace))
            if len(names) != 1 or len(namespaces) != 1 or not isinstance(names[0], Literal):
                raise invalid(owner, f"a sh:declare of {source} needs one sh:prefix and one sh:namespace")
            known = prefixes.get(str(names[0]))
            if known is not None and known != str(namespaces[0]) and names[0] not in DEFAULT_PREFIXES:
                raise invalid(owner, f"prefix {names[0]} is declared with two namespaces")
            prefixes[str(names[0])] = str(namespaces[0])
    return prefixes


def invalid(shape: Node, reason: str) -> InvalidShapes:
    return InvalidShapes(
        f"shape {shape}: {reason}",
        hint="see https://www.w3.org/TR/shacl/#sparql-constraints; fix the shapes graph",
        node=str(shape),
    )


def _short(error: Exception) -> str:
    """An error in one line: pyoxigraph lists every token it expected, over several lines."""
    text = str(error).split("\n", 1)[0]
    text = text.split(" expected one of ", 1)[0].rstrip(":")
    if isinstance(error, SyntaxError):
        text = f"SPARQL syntax error ({text.removeprefix('error ')} in the query)"
    return text if len(text) <= 200 else text[:200] + "…"


def _one_string(graph: Graph, node: Node, predicate: URIRef, owner: Node) -> str:
    values = list(graph.objects(node, predicate))
    if len(values) != 1 or not isinstance(values[0], Literal) or not isinstance(values[0].value, str):
        raise invalid(owner, f"{node} needs exactly one string {predicate}")
    return str(values[0])


def fill(message: Node, bindings: dict[str, Node]) -> Node:
    """A message template with ``{$var}`` and ``{?var}`` replaced by the bound values (their
    lexical forms), as pySHACL fills them in."""
    if not isinstance(message, Literal):
        return message
    text = str(message)
    for name, value in bindings.items():
        for sigil in "?$":
            text = text.replace(f"{{{sigil}{name}}}", str(value))
    return Literal(text, lang=message.language, datatype=message.datatype)


@dataclass
class Query:
    """One query of the shapes graph, ready to run for a shape."""

    node: Node
    text: QueryText
    prefixes: dict[str, str]
    constants: dict[str, OxTerm] = field(default_factory=dict)
    messages: tuple[Node, ...] = ()
    bindings: dict[str, Node] = field(default_factory=dict)  # rdflib values of the constants, for messages


def _parse(owner: CompiledShape, node: Node, text: str, prebound: set[str], prefixes: dict[str, str]) -> QueryText:
    """The query checked against SHACL's rules and parsed once (on an empty store) up front, so
    that a broken query is reported with its shape before any data is read."""
    path = owner.path.sparql if owner.path is not None else None
    try:
        query = QueryText.parse(text, prebound, path)
        check_syntax(query.text, prefixes)
    except (QueryRefused, SyntaxError) as error:
        named = f"the query of {node}" if isinstance(node, URIRef) else "a query"
        raise invalid(owner.node, f"{named} is refused: {_short(error)}") from error
    return query


def target_query(graph: Graph, shape: Node, target: Node) -> Query:
    """A SPARQL-based target (https://www.w3.org/TR/shacl-af/#SPARQLTarget), or one of a custom
    target type (https://www.w3.org/TR/shacl-af/#SPARQLTargetType, its parameters' values read on
    the target): the ``?this`` its SELECT query returns, ``$currentShape``, ``$shapesGraph`` and
    the parameters pre-bound."""
    source_node, parameters = target, {}
    if graph.value(target, SH.select) is None:
        kinds = sorted(
            (k for k in graph.objects(target, RDF.type) if (k, RDF.type, SH.SPARQLTargetType) in graph), key=str
        )
        if len(kinds) != 1:
            raise NotCompiled("SHACL-AF sh:target with neither sh:select nor one sh:SPARQLTargetType type")
        source_node = kinds[0]
        parameters = _target_parameters(graph, shape, target, source_node)
    prefixes = prefixes_of(graph, source_node, shape)
    source = _one_string(graph, source_node, SH.select, shape)
    try:
        text = QueryText.parse(source, {"currentShape", "shapesGraph", *parameters})
        check_syntax(text.text, prefixes)
    except (QueryRefused, SyntaxError) as error:
        raise invalid(shape, f"the query of its sh:target is refused: {_short(error)}") from error
    if "this" not in text.projected and (text.projection is not None or "this" not in text.mentioned):
        # The targets are the bindings of ?this (https://www.w3.org/TR/shacl-af/#SPARQLTarget):
        # a query without it would target nothing, silently (Jena takes its one projected variable).
        raise invalid(shape, "the query of its sh:target does not select ?this, the variable of its focus nodes")
    constants: dict[str, OxTerm] = {name: stored_constant(to_oxigraph_term(v)) for name, v in parameters.items()}
    if "currentShape" in text.mentioned:
        constants["currentShape"] = stored_constant(to_oxigraph_term(shape))
    if "shapesGraph" in text.mentioned:
        constants["shapesGraph"] = ox.NamedNode(SHAPES_GRAPH)
    return Query(target, text, prefixes, constants)


def _target_parameters(graph: Graph, shape: Node, target: Node, kind: Node) -> dict[str, Node]:
    """The values a target gives the parameters of its target type, by variable name (the local
    name of the parameter's path); one each, or none for an optional parameter."""
    values: dict[str, Node] = {}
    for parameter in graph.objects(kind, SH.parameter):
        path = graph.value(parameter, SH.path)
        if not isinstance(path, URIRef):
            raise invalid(shape, f"a parameter of target type {kind} has no IRI as sh:path")
        given = list(graph.objects(target, path))
        optional = graph.value(parameter, SH.optional)
        if len(given) > 1 or (not given and not (isinstance(optional, Literal) and optional.value is True)):
            raise invalid(shape, f"its sh:target needs one value of {path}, a parameter of {kind}")
        if given:
            values[str(path).rsplit("#", 1)[-1].rsplit("/", 1)[-1]] = given[0]
    return values


def _rows(ctx: Context, query: Query, focus: Focus, *, value_is_this: bool) -> list[tuple[OxTerm, dict[str, OxTerm]]]:
    """The solutions of a SELECT query for every focus node, each with the node it was run for:
    one query for all when the focus can be joined in, else one per node."""
    bound = {"this", "value"} if value_is_this else {"this"}
    needed = bound & query.text.mentioned
    constants = ctx.prebind(query.constants)
    if needed <= query.text.joinable:
        also = " (?this AS ?value)" if "value" in needed else ""
        # the focus listed: the query sees the ontology mixed in, whose nodes are not validated
        head = f"{{ SELECT DISTINCT ?this{also} WHERE {{ {ctx.listed_focus(focus).pattern('this')} }} }}"
        rows = ctx.solutions(query.text.prebound(constants, head), query.prefixes)
        return [(row["this"], row) for row in rows if "this" in row]
    found = []
    for node in ctx.focus_nodes(focus):
        text = query.text.prebound({**constants, **ctx.prebind(dict.fromkeys(bound, node))})
        found += [(node, row) for row in ctx.solutions(text, query.prefixes)]
    return found


def _failing_pairs(ctx: Context, shape: CompiledShape, query: Query, focus: Focus) -> list[tuple[OxTerm, OxTerm]]:
    """The (focus node, value node) pairs for which an ASK validator answers false: one query for
    all when they can be joined in (``NOT EXISTS`` pre-binds as the spec does), else one each."""
    constants = ctx.prebind(query.constants)
    if {"this", "value"} & query.text.mentioned <= query.text.joinable:
        pairs = f"{{ SELECT DISTINCT ?this ?value WHERE {{ {pairs_pattern(shape, ctx.listed_focus(focus))} }} }}"
        body = group_body(query.text.prebound(constants))
        text = f"SELECT ?this ?value WHERE {{ {pairs} FILTER NOT EXISTS {{ {body} }} }}"
        return [(row["this"], row["value"]) for row in ctx.solutions(text, query.prefixes)]
    failing = []
    for this, value in ctx.pairs(shape, focus):
        text = query.text.prebound({**constants, **ctx.prebind({"this": this, "value": value})})
        if not ctx.ask(text, query.prefixes):
            failing.append((this, value))
    return failing


class SparqlResults(Constraint):
    """Shared by both kinds: turning solutions into results with their messages."""

    iri: URIRef

    def from_row(self, ctx: Context, query: Query, root: OxTerm, row: dict[str, OxTerm]) -> Result:
        value = row.get("value", None if self.shape.is_property else root)
        path = ctx.to_rdflib(row["path"]) if "path" in row else None
        bindings = dict(query.bindings)
        bindings.update({name: ctx.to_rdflib(term) for name, term in row.items()})
        bindings.setdefault("this", ctx.to_rdflib(root))
        if value is not None:
            bindings["value"] = ctx.to_rdflib(value)
        messages = tuple(fill(m, bindings) for m in (*query.messages, *self.shape.messages))
        return self.result(row.get("this", root), value, component=self.iri, path=path, messages=messages or None)


class SparqlConstraint(SparqlResults):
    """sh:sparql (https://www.w3.org/TR/shacl/#SPARQLConstraintComponent): each solution of the
    SELECT query, run with ``$this`` pre-bound, is a result."""

    component = SH.SPARQLConstraintComponent
    iri = SH.SPARQLConstraintComponent
    parameters = (SH.sparql,)

    def __init__(self, shape: CompiledShape, queries: list[Query]) -> None:
        super().__init__(shape)
        self.queries = queries

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        graph = compiler.graph
        queries = []
        for node in sorted(graph.objects(shape.node, SH.sparql), key=str):
            if any(isinstance(d, Literal) and d.value is True for d in graph.objects(node, SH.deactivated)):
                continue
            prefixes = prefixes_of(graph, node, shape.node)
            select = _one_string(graph, node, SH.select, shape.node)
            text = _parse(shape, node, select, {"this", "currentShape"}, prefixes)
            constants, bindings = _context_constants(text, shape)
            queries.append(Query(node, text, prefixes, constants, _messages(graph, node), bindings))
        return cls(shape, queries) if queries else None

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        for query in self.queries:
            seen = set()
            for root, row in _rows(ctx, query, focus, value_is_this=False):
                key = (root, tuple(sorted(row.items(), key=lambda item: item[0])))
                if key not in seen:
                    seen.add(key)
                    found.add(root, self.from_row(ctx, query, root, row))
        return found


def _messages(graph: Graph, node: Node) -> tuple[Node, ...]:
    return tuple(sorted(graph.objects(node, SH.message), key=str))


def _context_constants(text: QueryText, shape: CompiledShape) -> tuple[dict[str, OxTerm], dict[str, Node]]:
    constants: dict[str, OxTerm] = {}
    bindings: dict[str, Node] = {}
    if "currentShape" in text.mentioned:
        constants["currentShape"] = stored_constant(to_oxigraph_term(shape.node))
        bindings["currentShape"] = shape.node
    if "shapesGraph" in text.mentioned:
        constants["shapesGraph"] = ox.NamedNode(SHAPES_GRAPH)
        bindings["shapesGraph"] = URIRef(SHAPES_GRAPH)
    return constants, bindings


# -- SPARQL-based constraint components (https://www.w3.org/TR/shacl/#sparql-constraint-components)


@dataclass(frozen=True)
class Parameter:
    path: URIRef
    optional: bool

    @property
    def name(self) -> str:
        """The variable the parameter's value is pre-bound to: the local name of its path."""
        text = str(self.path)
        return text[max(text.rfind("#"), text.rfind("/")) + 1 :]


@dataclass(frozen=True)
class Declaration:
    """A ``sh:ConstraintComponent`` of the shapes graph."""

    node: URIRef
    parameters: tuple[Parameter, ...]

    def applies(self, graph: Graph, shape: Node) -> bool:
        return all(p.optional or graph.value(shape, p.path) is not None for p in self.parameters)


def declared_components(graph: Graph) -> list[Declaration]:
    """The constraint components a shapes graph declares (SHACL's own excepted)."""
    nodes = set(graph.subjects(RDF.type, SH.ConstraintComponent))
    for subclass in graph.subjects(RDFS.subClassOf, SH.ConstraintComponent):
        nodes.update(graph.subjects(RDF.type, subclass))
    declared = []
    for node in sorted(nodes, key=str):
        if not isinstance(node, URIRef) or str(node).startswith(str(SH)):
            continue
        parameters = []
        for parameter in graph.objects(node, SH.parameter):
            path = graph.value(parameter, SH.path)
            if not isinstance(path, URIRef):
                raise invalid(node, "a sh:parameter needs an IRI sh:path")
            optional = any(isinstance(o, Literal) and o.value is True for o in graph.objects(parameter, SH.optional))
            parameters.append(Parameter(path, optional))
        if not parameters:
            raise invalid(node, "a constraint component needs at least one sh:parameter")
        declared.append(Declaration(node, tuple(sorted(parameters, key=lambda p: str(p.path)))))
    return declared


class ComponentConstraint(SparqlResults):
    """A shape's use of a SPARQL-based constraint component: its validator run with the
    parameters' values pre-bound. An ASK validator tests each value node (false: a result with
    it as ``sh:value``); a SELECT validator reports its solutions, as ``sh:sparql`` does."""

    component = SH.SPARQLConstraintComponent  # replaced per instance by ``iri``
    parameters = ()

    def __init__(self, shape: CompiledShape, iri: URIRef, query: Query, ask: bool) -> None:
        super().__init__(shape)
        self.iri = iri
        self.query = query
        self.ask = ask

    @classmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        raise NotImplementedError("use ComponentConstraint.bind: the component is declared by the shapes graph")

    @classmethod
    def bind(cls, shape: CompiledShape, graph: Graph, declaration: Declaration) -> ComponentConstraint | None:
        """The component on ``shape`` (which has its mandatory parameters), or None when it has no
        validator for this kind of shape (the spec ignores it then)."""
        kinds = (SH.propertyValidator, SH.validator) if shape.is_property else (SH.nodeValidator, SH.validator)
        chosen = next(
            ((kind, v) for kind in kinds for v in sorted(graph.objects(declaration.node, kind), key=str)), None
        )
        if chosen is None:
            return None
        kind, validator = chosen
        ask = bool(list(graph.objects(validator, SH.ask))) and not list(graph.objects(validator, SH.select))
        if ask != (kind == SH.validator):
            expected = "an ASK" if kind == SH.validator else "a SELECT"
            raise invalid(shape.node, f"{declaration.node}: its {kind} {validator} must be {expected} validator")
        constants: dict[str, OxTerm] = {}
        bindings: dict[str, Node] = {}
        for parameter in declaration.parameters:
            values = sorted(graph.objects(shape.node, parameter.path), key=str)
            if values:
                bindings[parameter.name] = values[0]
                constants[parameter.name] = stored_constant(to_oxigraph_term(values[0]))
        prebound = {"this", "currentShape", *bindings} | ({"value"} if ask or not shape.is_property else set())
        prefixes = prefixes_of(graph, validator, shape.node)
        source = _one_string(graph, validator, SH.ask if ask else SH.select, shape.node)
        text = _parse(shape, validator, source, prebound, prefixes)
        context, context_bindings = _context_constants(text, shape)
        constants.update(context)
        bindings.update(context_bindings)
        messages = _messages(graph, validator)  # pySHACL reads no sh:message of the component itself
        query = Query(validator, text, prefixes, constants, messages, bindings)
        return cls(shape, declaration.node, query, ask)

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        found = Outcome()
        if self.ask:
            for this, value in _failing_pairs(ctx, self.shape, self.query, focus):
                found.add(this, self.from_row(ctx, self.query, this, {"this": this, "value": value}))
            return found
        seen = set()
        for root, row in _rows(ctx, self.query, focus, value_is_this=not self.shape.is_property):
            key = (root, row.get("this"), row.get("path"), row.get("value"))
            if key not in seen:
                seen.add(key)
                found.add(root, self.from_row(ctx, self.query, root, row))
        return found

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        return ["Parameterised SHACL Query generated constraint validation reports."]


def component_constraints(shape: CompiledShape, graph: Graph, declared: Iterable[Declaration]) -> list[Constraint]:
    """The SPARQL-based components ``shape`` uses: those whose mandatory parameters it has."""
    found: list[Constraint] = []
    for declaration in declared:
        if declaration.applies(graph, shape.node):
            constraint = ComponentConstraint.bind(shape, graph, declaration)
            if constraint is not None:
                found.append(constraint)
    return found
