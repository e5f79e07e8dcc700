"""Terms and paths of the SPARQL-compiled SHACL engine: literals as written, RDF terms as SPARQL
text, SHACL property paths as SPARQL paths; and ``Unsupported``, what the engine does not compile."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ipco.convert import to_oxigraph_term
from ipco.namespaces import SH_NS as SH

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


class Unsupported(Exception):
    """A shape, or a part of it, that the fast path does not compile; pySHACL validates it instead."""


class NotCompiled(Unsupported):
    """Valid SHACL the fast engine does not run (SHACL-AF, SHACL-JS, recursive shapes, blank-node
    constants, paths nested past pySHACL's limit); every other ``Unsupported`` is a malformed
    shape, one pySHACL refuses to load too."""


# -- literals as written ---------------------------------------------------------------------------

#: pyoxigraph's Store rewrites some literals: "01"^^xsd:integer is stored as "1", "4.0"^^xsd:decimal
#: as "4", "12"^^xsd:int as "12"^^xsd:integer. pySHACL sees them as written (IPCO converts parsed
#: terms with ``normalize=False``), and reports them, counts them and checks their datatype as
#: written. So such literals are stored under a stand-in datatype, this prefix + the real one,
#: that the store keeps as is, and turned back on the way out (``restore``).
VERBATIM = "urn:x-ipco-verbatim:"
_VERBATIM_PREDICATE = ox.NamedNode(VERBATIM + "p")
_PLAIN = frozenset({str(XSD.string), str(RDF.langString)})


def stand_ins(literals: Iterable[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    """The literals the store would rewrite, each with the stand-in it keeps as is."""
    candidates = list({lit for lit in literals if lit.datatype.value not in _PLAIN})
    if not candidates:
        return {}
    scratch = ox.Store()
    subjects = [ox.NamedNode(f"{VERBATIM}{i}") for i in range(len(candidates))]
    scratch.extend(ox.Quad(s, _VERBATIM_PREDICATE, lit) for s, lit in zip(subjects, candidates, strict=True))
    stored = {quad.subject: quad.object for quad in scratch}
    return {
        lit: ox.Literal(lit.value, datatype=ox.NamedNode(VERBATIM + lit.datatype.value))
        for s, lit in zip(subjects, candidates, strict=True)
        if stored.get(s) != lit
    }


def load_verbatim(
    store: ox.Store, quads: Iterable[ox.Quad | ox.Triple], objects: Iterable[object] | None = None
) -> None:
    """Add ``quads`` to ``store`` (named graphs kept), every literal as written (see ``VERBATIM``).

    The distinct objects are one set (0.6 s for a million quads, where writing them as N-Quads and
    scanning the text took 2 s; none when the caller has it as ``objects``); only their typed
    literals are tried in a scratch store, and the quads are rewritten only when one of them would
    change, which IPCO-shaped data never needs. A list of quads is stored as it is, not copied.
    """
    items = quads if isinstance(quads, list) and all(type(q) is ox.Quad for q in quads) else None
    if items is None:
        items = [q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object) for q in quads]
    distinct: Iterable[object] = {q.object for q in items} if objects is None else objects
    replaced = stand_ins(o for o in distinct if isinstance(o, ox.Literal))
    if replaced:
        items = [
            ox.Quad(q.subject, q.predicate, replaced[q.object], q.graph_name)
            if isinstance(q.object, ox.Literal) and q.object in replaced
            else q
            for q in items
        ]
    store.bulk_extend(items)  # no transaction (nothing reads the store while it is filled): twice as fast


def restore(term: OxTerm) -> OxTerm:
    """A term read from the store as it was written (undoes ``load_verbatim``)."""
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(VERBATIM):
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype.value[len(VERBATIM) :]))
    return term


def stored_constant(term: OxTerm) -> OxTerm:
    """A term as the store holds it (see ``VERBATIM``), to compare with what a query reads."""
    return _stored_literal(term) if isinstance(term, ox.Literal) else term


@lru_cache(maxsize=4096)
def _stored_literal(term: ox.Literal) -> ox.Literal:
    return stand_ins([term]).get(term, term)


def sparql_term(node: Node) -> str:
    """An RDF term as SPARQL text, literals as the store holds them (see ``VERBATIM``); blank
    nodes of the shapes graph cannot be named in a query."""
    if isinstance(node, BNode):
        raise NotCompiled(f"blank node {node} used as a constant")
    try:
        term = to_oxigraph_term(node)
    except (TypeError, ValueError) as error:
        raise Unsupported(f"{node!r} is not a valid RDF term: {error}") from error
    return str(stored_constant(term) if isinstance(term, ox.Literal) else term)


def string_literal(text: str) -> str:
    """A Python string as a SPARQL string literal."""
    return str(ox.Literal(text))


def rdf_list(graph: Graph, node: Node) -> list[Node]:
    """The members of a well-formed RDF list, in order."""
    if node != RDF.nil and graph.value(node, RDF.first) is None:
        raise Unsupported(f"{node} is not an RDF list")
    return list(Collection(graph, node))


# -- property paths ------------------------------------------------------------------------------


_REPEATS: dict[Node, str] = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}
_PATH_PREDICATES = {RDF.first, RDF.rest, SH.inversePath, SH.alternativePath, *_REPEATS}


@dataclass(frozen=True)
class Path:
    """A SHACL property path (https://www.w3.org/TR/shacl/#property-paths) as a SPARQL path.

    pySHACL's reading, which differs from the spec in one place: the inverse of a sequence is the
    sequence of the inverses in the same order (``^(p/q)`` is read ``^p/^q``, not ``^q/^p``), so
    inversion is pushed down to the predicates here as pySHACL does.

    ``zeroable`` paths (``sh:zeroOrMorePath``…) reach the focus node itself; SPARQL only produces
    that pair for nodes of the graph, pySHACL for any focus node (a literal, an absent IRI), so the
    pair is added explicitly (see ``pairs_pattern``).
    """

    node: Node
    sparql: str
    zeroable: bool

    @property
    def predicate(self) -> str | None:
        """The SPARQL text of the IRI when the path is that one predicate, forward."""
        return self.sparql if isinstance(self.node, URIRef) and not self.sparql.startswith("^") else None

    @classmethod
    def parse(cls, graph: Graph, node: Node, depth: int = 0, inverse: bool = False) -> Path:
        if depth >= 10:  # pySHACL: "Path traversal depth is too much!"
            raise NotCompiled("property path nested too deeply")
        if isinstance(node, URIRef):
            return cls(node, ("^" if inverse else "") + sparql_term(node), False)
        if not isinstance(node, BNode):
            raise Unsupported(f"{node!r} is not a property path")
        predicates = set(graph.predicates(node)) & _PATH_PREDICATES
        if RDF.first in predicates:
            steps = [cls.parse(graph, step, depth + 1, inverse) for step in rdf_list(graph, node)]
            if len(steps) < 2:
                raise Unsupported("a sequence path needs at least two members")
            return cls(node, "(" + "/".join(s.sparql for s in steps) + ")", all(s.zeroable for s in steps))
        if len(predicates) != 1:
            raise Unsupported(f"malformed property path {node}")
        (predicate,) = predicates
        values = list(graph.objects(node, predicate))
        if len(values) != 1:
            raise Unsupported(f"property path {node} has {len(values)} values for {predicate}")
        if predicate == SH.inversePath:
            inner = cls.parse(graph, values[0], depth + 1, not inverse)
            return cls(node, inner.sparql, inner.zeroable)
        if predicate == SH.alternativePath:
            options = [cls.parse(graph, option, depth + 1, inverse) for option in rdf_list(graph, values[0])]
            if len(options) < 2:
                raise Unsupported("an alternative path needs at least two members")
            return cls(node, "(" + "|".join(o.sparql for o in options) + ")", any(o.zeroable for o in options))
        inner = cls.parse(graph, values[0], depth + 1, inverse)
        zeroable = predicate in (SH.zeroOrMorePath, SH.zeroOrOnePath) or inner.zeroable
        return cls(node, f"({inner.sparql}){_REPEATS[predicate]}", zeroable)
