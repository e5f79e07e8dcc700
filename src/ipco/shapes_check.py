"""Checks on a user's shapes before any engine runs them, so that a mistake in them is a located
error and never a pySHACL traceback or a silent pass.

The shapes graph is validated against W3C's "SHACL for SHACL" (vendored in ``vocab/``, since users
install from a wheel) and IPCO's shapes for the SHACL 1.2 Core terms the fast engine runs
(``vocab/shacl12-shacl.ttl``: W3C's file predates them), SPARQL-based constraints that would query
the network (``SERVICE``) are refused, and a ``--shapes`` file that declares no shape at all is
reported: validating against nothing is a false green.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ipco.convert import to_rdflib_graph
from ipco.errors import MalformedShape, NothingToValidate, RemoteResourceRefused, SourcePosition
from ipco.load import Loaded, LoadedFile, load
from ipco.locate import attach_locations
from ipco.namespaces import RDF, SH, SH_NS
from ipco.report import Severity, ValidationResult, compact, display_node

SHACL_SHACL = Path(__file__).parent / "vocab" / "shacl-shacl.ttl"
SHACL12_SHACL = Path(__file__).parent / "vocab" / "shacl12-shacl.ttl"
_SPARQL_TEXT = (SH_NS.select, SH_NS.ask, SH_NS.construct, SH_NS.update)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
#: Triples that make their subject a shape: typed as one, given a target, or a property path.
_SHAPE_TYPES = {ox.NamedNode(SH + "NodeShape"), ox.NamedNode(SH + "PropertyShape")}
_SHAPE_PREDICATES = {
    ox.NamedNode(SH + name)
    for name in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target", "path")
}
_RDF_TYPE = ox.NamedNode(RDF + "type")
_NON_NEGATIVE = ("minCount", "maxCount", "minLength", "maxLength", "qualifiedMinCount", "qualifiedMaxCount")


def check_user_shapes(shapes: Loaded) -> None:
    """Raise a located ``IpcoError`` for the first problem in the user's shapes; return if none."""
    _every_file_declares_a_shape(shapes)
    graph = to_rdflib_graph(shapes.quads)
    _no_service(graph, shapes)
    _well_formed(graph, shapes)
    _parameters_usable(graph, shapes)


def _every_file_declares_a_shape(shapes: Loaded) -> None:
    """Each file's graph must declare a shape; a TriG or N-Quads file keeps its own named graphs, so
    it only counts towards the whole: at least one shape somewhere."""
    declaring = {
        quad.graph_name.value
        for quad in shapes.quads
        if isinstance(quad.graph_name, ox.NamedNode)
        and (quad.predicate in _SHAPE_PREDICATES or (quad.predicate == _RDF_TYPE and quad.object in _SHAPE_TYPES))
    }
    for file in shapes.files:
        if file.graph not in declaring and (not file.syntax.holds_datasets or not declaring):
            raise NothingToValidate(
                f"{file.display}: no shape in this --shapes file (no sh:NodeShape, sh:PropertyShape or target)",
                hint="--shapes takes SHACL shapes; the data to validate goes in PATH",
            )


def _no_service(graph: Graph, shapes: Loaded) -> None:
    """SPARQL-based constraints must not reach the network: IPCO validates offline."""
    for predicate in _SPARQL_TEXT:
        for node, query in sorted(graph.subject_objects(predicate)):
            if _SERVICE.search(str(query)):
                owner = named_owner(graph, node)
                raise RemoteResourceRefused(
                    _position(owner, None, shapes),
                    f"{display_node(owner)}: its SPARQL query ({display_node(predicate)}) uses SERVICE, "
                    "and IPCO never queries the network",
                    hint="remove the SERVICE clause, and validate the remote data as a file or with --endpoint",
                )


def _well_formed(graph: Graph, shapes: Loaded) -> None:
    """The shapes graph against SHACL for SHACL, with the fast engine (it compiles all of it)."""
    from ipco.engines.shacl_sparql import load_store, validate_fast

    outcome = validate_fast(load_store(shapes.quads), _shacl_shacl())
    problems = sorted(outcome.results, key=ValidationResult.sort_key)
    if not problems:
        return
    first = problems[0]
    constraint = first.path_text or compact(first.component)
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    raise _invalid(graph, shapes, first.focus, constraint, first.value, f"{first.message()}{more}")


def _parameters_usable(graph: Graph, shapes: Loaded) -> None:
    """What SHACL for SHACL lets through but no engine can run: negative counts and lengths, and
    ``sh:pattern`` regular expressions that do not compile."""
    for name in _NON_NEGATIVE:
        for node, value in sorted(graph.subject_objects(SH_NS[name])):
            if isinstance(value, Literal) and isinstance(value.value, int) and value.value < 0:
                raise _invalid(graph, shapes, node, f"sh:{name}", value, "must not be negative")
    for node, pattern in sorted(graph.subject_objects(SH_NS.pattern)):
        try:
            re.compile(str(pattern))
        except re.error as error:
            raise _invalid(graph, shapes, node, "sh:pattern", pattern, f"not a regular expression ({error})") from None


def _invalid(graph: Graph, shapes: Loaded, node: Node, constraint: str, value: Node | None, why: str) -> MalformedShape:
    """The error for one bad parameter, named by its shape and placed where the value is written."""
    owner = named_owner(graph, node)
    shown = f" {display_node(value)}" if value is not None else ""
    why = (why.strip().splitlines() or [""])[0]
    why = why if len(why) <= 160 else why[:159] + "…"
    return MalformedShape(
        _position(owner, value, shapes),
        f"invalid shape {display_node(owner)}: {constraint}{shown}: {why}",
        hint="SHACL's syntax rules: https://www.w3.org/TR/shacl/#syntax-rules",
    )


@cache
def _shacl_shacl() -> Graph:
    return to_rdflib_graph(load([SHACL_SHACL, SHACL12_SHACL]).quads)


def named_owner(graph: Graph, node: Node) -> Node:
    """The nearest IRI a blank node hangs from (``ex:Shape sh:property [ … ]`` gives ``ex:Shape``):
    what a person can find in their file."""
    seen = {node}
    current = node
    while not isinstance(current, URIRef):
        parents = sorted((s for s in graph.subjects(None, current) if s not in seen), key=str)
        if not parents:
            return current
        current = parents[0]
        seen.add(current)
    return current


def _position(owner: Node, value: Node | None, shapes: Loaded) -> SourcePosition:
    """Where ``value`` is written inside ``owner``'s statement, else where ``owner`` is."""
    probe = ValidationResult(focus=owner, component="", severity=Severity.VIOLATION, value=value)
    located = attach_locations([probe], shapes)[0].location
    if located is not None:
        return located
    first: LoadedFile | None = shapes.files[0] if shapes.files else None
    return SourcePosition(first.display if first else "<shapes>")
