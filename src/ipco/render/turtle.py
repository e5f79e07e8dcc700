"""The standard SHACL validation report graph (https://www.w3.org/TR/shacl/#validation-report)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ipco.namespaces import PREFIXES, SH_NS
from ipco.report import Report, ValidationResult

if TYPE_CHECKING:
    from ipco.render import RenderOptions


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """The whole document at once: rdflib's Turtle serializer orders and nests the entire graph
    (results in their blank nodes' text order), so this format holds every result while rendering."""
    yield _document(report)


def _document(report: Report) -> str:
    graph = Graph(bind_namespaces="none")
    for prefix in ("sh", "ipcosh", "ipco", "ipcoid", "xsd"):
        graph.bind(prefix, PREFIXES[prefix])
    root = BNode("report")
    graph.add((root, RDF.type, SH_NS.ValidationReport))
    graph.add((root, SH_NS.conforms, Literal(report.shacl_conforms)))
    for number, result in enumerate(report.results):
        node = BNode(f"result{number}")
        graph.add((root, SH_NS.result, node))
        _add_result(graph, report, node, result)
    return graph.serialize(format="turtle")


def _add_result(graph: Graph, report: Report, node: BNode, result: ValidationResult) -> None:
    """One sh:ValidationResult, its sh:detail results nested under it, numbered after it."""
    graph.add((node, RDF.type, SH_NS.ValidationResult))
    graph.add((node, SH_NS.focusNode, result.focus))
    graph.add((node, SH_NS.resultSeverity, URIRef(result.severity.iri)))
    graph.add((node, SH_NS.sourceConstraintComponent, URIRef(result.component)))
    if result.source_shape is not None:
        graph.add((node, SH_NS.sourceShape, result.source_shape))
        if report.shapes is not None and isinstance(result.source_shape, BNode):
            _copy_structure(report.shapes, graph, result.source_shape)  # as pySHACL does
    if result.value is not None:
        graph.add((node, SH_NS.value, result.value))
    if result.path is not None:
        graph.add((node, SH_NS.resultPath, result.path))
        source = report.graph if report.graph is not None else report.shapes
        if source is not None and isinstance(result.path, BNode):
            _copy_structure(source, graph, result.path)
    for lang, message in result.messages:
        graph.add((node, SH_NS.resultMessage, Literal(message, lang=lang or None)))
    for number, detail in enumerate(result.details):
        child = BNode(f"{node}-detail{number}")
        graph.add((node, SH_NS.detail, child))
        _add_result(graph, report, child, detail)


def _copy_structure(source: Graph, target: Graph, node: Node) -> None:
    """Copy a blank node's description (a path expression, a blank shape…) into the report graph,
    through the blank nodes it reaches."""
    for predicate, obj in source.predicate_objects(node):
        if (node, predicate, obj) in target:
            continue
        target.add((node, predicate, obj))
        if isinstance(obj, BNode):
            _copy_structure(source, target, obj)
