"""Names for shapes in reports: a blank-node shape is named by its parent shape and its path.

A result's ``sh:sourceShape`` is often a blank node (``sh:property [ sh:path … ]``): its label is
random and means nothing to a reader, ``[ ]`` says even less. ``ex:PersonShape/rdfs:label`` says
where to look, and is the same from run to run (SARIF rule ids depend on it).
"""

from __future__ import annotations

from rdflib import BNode, Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from ipco.namespaces import SH_NS as SH
from ipco.report import ValidationResult, compact, display_node, term_text
from ipco.validate import path_text

#: Parameters whose value is a shape, in the order a parent is looked for.
_SHAPE_LINKS = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_LIST_LINKS = (SH["and"], SH["or"], SH.xone)
_MAX_DEPTH = 8


def shape_name(shapes: Graph | None, node: Node) -> str:
    """``ex:Parent/path`` for a blank property shape, ``ex:Parent/sh:or`` for a blank node shape
    listed in a parent's sh:or (and so on up), the compact IRI of a named shape."""
    return _name(shapes, node, 0)


def _name(shapes: Graph | None, node: Node, depth: int) -> str:
    if not isinstance(node, BNode) or shapes is None:
        return display_node(node)
    path = shapes.value(node, SH.path)
    own = path_text(shapes, path) if path is not None else None
    found = _parent(shapes, node) if depth < _MAX_DEPTH else None
    if found is None:
        return f"[{own}]" if own is not None else "[anonymous shape]"
    parent, link = found
    name = _name(shapes, parent, depth + 1)
    if link == SH.property and own is not None:
        return f"{name}/{own}"
    return f"{name}/{compact(str(link))}" + (f"[{own}]" if own is not None else "")


def _parent(shapes: Graph, node: Node) -> tuple[Node, Node] | None:
    for link in _SHAPE_LINKS:
        parents = sorted(shapes.subjects(link, node), key=str)
        if parents:
            return parents[0], link
    cell: Node = node
    for head in shapes.subjects(RDF.first, node):
        cell = head
        while True:
            previous = next(iter(shapes.subjects(RDF.rest, cell)), None)
            if previous is None:
                break
            cell = previous
        for link in _LIST_LINKS:
            parents = sorted(shapes.subjects(link, cell), key=str)
            if parents:
                return parents[0], link
    return None


def source_shape_text(result: ValidationResult, shapes: Graph | None) -> str | None:
    """A result's source shape for JSON and SARIF: the IRI as is, a blank node by its name."""
    shape = result.source_shape
    if shape is None:
        return None
    return shape_name(shapes, shape) if isinstance(shape, BNode) else term_text(shape)
