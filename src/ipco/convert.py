"""Term conversion between pyoxigraph (parsing, storage, serialisation) and rdflib (pySHACL, owlrl).

IPCO parses and writes with pyoxigraph because it is strict and fast; the reference engines work on
rdflib graphs. These two functions are the only bridge, so the RDF 1.1 details live in one place:
a plain literal is ``xsd:string`` in pyoxigraph but has no datatype in rdflib.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ipco.namespaces import RDF, XSD

_XSD_STRING = XSD + "string"
_LANG_STRING = RDF + "langString"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


class _IllTypedLiteralWarning(logging.Filter):
    """Drops rdflib's warning, with a traceback, for each ill-typed literal it builds
    (``"abc"^^xsd:integer``): here, and inside pySHACL and owlrl, which build literals too.
    IPCO reports ill-typed literals itself, located (``sh:datatype``); the log is noise on stderr."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form to value")


_RDFLIB_TERMS_LOG = logging.getLogger("rdflib.term")
if not any(isinstance(existing, _IllTypedLiteralWarning) for existing in _RDFLIB_TERMS_LOG.filters):
    _RDFLIB_TERMS_LOG.addFilter(_IllTypedLiteralWarning())


def to_rdflib_term(term: OxTerm) -> Node:
    """The rdflib node equal to a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    # Keep the lexical form exactly: normalising "01"^^xsd:integer would change the data.
    return Literal(term.value, datatype=URIRef(datatype), normalize=False)


def to_oxigraph_term(node: Node) -> OxTerm:
    """The pyoxigraph term equal to an rdflib node."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is None or str(node.datatype) == _XSD_STRING:
            return ox.Literal(str(node))
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
    raise TypeError(f"cannot convert {node!r} to an RDF term")


def to_rdflib_graph(quads: Iterable[ox.Quad | ox.Triple], graph: Graph | None = None) -> Graph:
    """Add the triples of ``quads`` (graph names ignored) to ``graph`` (a new one by default)."""
    target = Graph() if graph is None else graph
    cache: dict[OxTerm, Node] = {}

    def convert(term: OxTerm) -> Node:
        node = cache.get(term)
        if node is None:
            node = cache[term] = to_rdflib_term(term)
        return node

    add = target.add
    for quad in quads:
        add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))  # type: ignore[arg-type]
    return target


def to_oxigraph_triples(graph: Graph) -> list[ox.Triple]:
    """The triples of an rdflib graph as pyoxigraph triples."""
    cache: dict[Node, OxTerm] = {}

    def convert(node: Node) -> OxTerm:
        term = cache.get(node)
        if term is None:
            term = cache[node] = to_oxigraph_term(node)
        return term

    return [ox.Triple(convert(s), convert(p), convert(o)) for s, p, o in graph]  # type: ignore[arg-type]
