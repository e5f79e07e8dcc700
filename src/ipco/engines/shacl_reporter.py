"""Results of the fast SHACL engine as ``ValidationResult`` values, with pySHACL's messages."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from pyshacl.rdfutil.stringify import stringify_blank_node, stringify_node
from rdflib import BNode, Graph, Literal
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ipco.convert import to_rdflib_term
from ipco.engines.shacl_model import (
    Result,
)
from ipco.engines.shacl_terms import (
    OxTerm,
    restore,
)
from ipco.report import Severity, ValidationResult
from ipco.validate import path_text

# -- reporting --------------------------------------------------------------------------------------


class Reporter:
    """Turns results into ``ValidationResult`` values, with pySHACL's messages.

    Default messages print data nodes as pySHACL's ``stringify_node`` does with its data graph; a
    blank node prints with its triples, so those are copied from the store into a small graph.
    """

    def __init__(self, store: ox.Store, shapes: Graph, namespaces: NamespaceManager | None) -> None:
        self.store = store
        self.shapes = shapes
        self.data = Graph(namespace_manager=namespaces) if namespaces is not None else Graph()
        self._loaded: set[BNode] = set()
        self._terms: dict[OxTerm, Node] = {}
        self._texts: dict[tuple[bool, Node], str] = {}
        self._paths: dict[Node, str] = {}

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, *_: object) -> None:
        # pySHACL caches blank node texts by (id(graph), node): forget this graph's before its id is reused.
        cache = stringify_blank_node.dict_cache
        for key in [k for k in cache if k[0] == id(self.data)]:
            del cache[key]

    def term(self, term: OxTerm) -> Node:
        node = self._terms.get(term)
        if node is None:
            node = self._terms[term] = to_rdflib_term(restore(term))
        return node

    def convert(self, result: Result) -> ValidationResult:
        shape = result.constraint.shape
        focus = self.term(result.focus)
        value = self.term(result.value) if result.value is not None else None
        path = result.path if result.path is not None else (shape.path.node if shape.path is not None else None)
        messages: Iterable[Node] = (
            result.messages
            if result.messages is not None
            else shape.messages or [Literal(m) for m in result.constraint.generic_messages(self, result, focus, value)]
        )
        return ValidationResult(
            focus=focus,
            component=str(result.component),
            severity=Severity.from_iri(str(shape.severity)),
            source_shape=shape.node,
            path=path,
            path_text=self._path_text(path) if path is not None else None,
            value=value,
            messages=tuple(sorted({(getattr(m, "language", None) or "", str(m)) for m in messages})),
            details=tuple(self.convert(detail) for detail in result.details),
        )

    def _path_text(self, path: Node) -> str:
        if path not in self._paths:
            self._paths[path] = path_text(self.shapes, path)
        return self._paths[path]

    def shape_text(self, node: Node) -> str:
        key = (True, node)
        if key not in self._texts:
            self._texts[key] = str(stringify_node(self.shapes, node))
        return self._texts[key]

    def data_text(self, node: Node) -> str:
        key = (False, node)
        if key not in self._texts:
            if isinstance(node, BNode):
                self._load(node, 0)
            self._texts[key] = str(stringify_node(self.data, node))
        return self._texts[key]

    def _load(self, node: BNode, depth: int) -> None:
        """Copy the triples a blank node prints with (its own, recursively through blank objects)."""
        if node in self._loaded or depth > 13:
            return
        self._loaded.add(node)
        for quad in self.store.quads_for_pattern(ox.BlankNode(str(node)), None, None):
            triple = (self.term(quad.subject), self.term(quad.predicate), self.term(quad.object))  # type: ignore[arg-type]
            self.data.add(triple)
            if isinstance(triple[2], BNode):
                self._load(triple[2], depth + 1)
