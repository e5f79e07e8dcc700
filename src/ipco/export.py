"""Export: RDF serialisations that are byte-identical from run to run.

Determinism comes from three things: blank nodes get canonical labels (RDFC-1.0,
https://www.w3.org/TR/rdf-canon/), quads are written in sorted order, and only the prefixes a
graph uses are bound, from the one fixed table in ``namespaces``. pyoxigraph writes every syntax.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ipco.namespaces import PREFIXES
from ipco.syntaxes import JSONLD, NQUADS, NTRIPLES, RDFXML, TRIG, TURTLE, RdfSyntax


@dataclass(frozen=True)
class Exporter:
    """Writes quads in one syntax, keeping graph names only when ``keep_graphs`` is set."""

    syntax: RdfSyntax
    keep_graphs: bool = False

    @property
    def name(self) -> str:
        return self.syntax.name

    @property
    def extension(self) -> str:
        return self.syntax.extension

    @property
    def media_type(self) -> str:
        return self.syntax.media_type

    def serialize(self, quads: Sequence[ox.Quad]) -> bytes:
        """The serialisation of already canonical, sorted quads, ending with a newline."""
        terms: Sequence[ox.Quad] | list[ox.Triple] = quads if self.keep_graphs else _distinct_triples(quads)
        return self._written(terms, quads)

    def serialize_graph(self, triples: Sequence[ox.Triple], graph: ox.NamedNode) -> bytes:
        """``serialize`` of ``CanonicalGraph.triples`` as the quads of ``graph``, without making
        those quads unless the syntax keeps graph names (a million of them cost seconds)."""
        if self.keep_graphs:
            return self.serialize([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples])
        return self._written(triples, triples, graph)

    def _written(
        self,
        terms: Sequence[ox.Quad] | Sequence[ox.Triple],
        quads: Sequence[ox.Quad | ox.Triple],
        graph: ox.NamedNode | None = None,
    ) -> bytes:
        # N-Triples and N-Quads have no prefixes: no need to look through every term for them.
        prefixes = {} if self.syntax.oxigraph in _LINE_BASED else used_prefixes(quads, graph)
        data = ox.serialize(terms, format=self.syntax.oxigraph, prefixes=prefixes)
        assert data is not None
        return data if data.endswith(b"\n") else data + b"\n"


#: Writers of one graph (graph names dropped) and of a whole dataset (named graphs kept).
GRAPH_EXPORTERS = [Exporter(syntax) for syntax in (TURTLE, NTRIPLES, RDFXML, JSONLD)]
DATASET_EXPORTERS = [Exporter(syntax, keep_graphs=True) for syntax in (TRIG, NQUADS)]
_LINE_BASED = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
#: Every exporter by syntax name (the dataset flavour of JSON-LD is not offered separately).
EXPORTERS: dict[str, Exporter] = {e.name: e for e in GRAPH_EXPORTERS + DATASET_EXPORTERS}


def canonical(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads with canonical blank-node labels, deduplicated and sorted (graph, subject, predicate, object).

    RDFC-1.0 labels a blank node from the quads that mention blank nodes only, so only those go
    through it: at a million quads, copying them all into its dataset cost most of the time.
    """
    distinct = list(dict.fromkeys(quads))
    with_blank_nodes = [quad for quad in distinct if _has_blank_node(quad)]
    if with_blank_nodes:
        dataset = ox.Dataset(with_blank_nodes)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        distinct = [quad for quad in distinct if not _has_blank_node(quad)] + list(dataset)
    return sorted(distinct, key=_quad_key)


class CanonicalGraph:
    """The triples of ``canonical`` applied to the quads of ``triples`` in ``graph``, in the same
    order and with the same blank-node labels, computed without those quads; and their N-Triples
    lines in that order.

    The order is that of each triple's N-Triples line, which pyoxigraph writes for all of them in one
    call: sorting a million lines as bytes takes a second, against ten for ``str`` of each triple in
    Python. (A line is the triple's text and " .": when one triple's text is a prefix of another's,
    the next character of the longer one, "@", "^" or a label's, sorts after that space, so the two
    orders agree.) Those sorted lines are the N-Triples serialisation itself (``n_triples``).
    """

    def __init__(self, triples: Iterable[ox.Triple], graph: ox.NamedNode) -> None:
        distinct = list(dict.fromkeys(triples))
        with_blank_nodes = [t for t in distinct if type(t.subject) is ox.BlankNode or type(t.object) is ox.BlankNode]
        if with_blank_nodes:
            dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, graph) for t in with_blank_nodes)
            dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
            blank = set(with_blank_nodes)
            distinct = [t for t in distinct if t not in blank] + [quad.triple for quad in dataset]
        lines = _n_triples_lines(distinct)
        order = sorted(range(len(distinct)), key=lines.__getitem__)
        self.triples = [distinct[i] for i in order]
        self._lines = [lines[i] for i in order]

    def n_triples(self) -> bytes:
        """The N-Triples serialisation of ``triples``, as ``Exporter.serialize_graph`` writes it."""
        return b"".join(self.n_triples_chunks())

    def n_triples_chunks(self, lines: int = 100_000) -> Iterator[bytes]:
        """``n_triples`` in pieces of ``lines`` lines: written one by one, a ten-million-line output
        is never one more copy in memory."""
        if not self._lines:
            yield b"\n"
        for start in range(0, len(self._lines), lines):
            yield b"\n".join(self._lines[start : start + lines]) + b"\n"


def _n_triples_lines(triples: Sequence[ox.Triple], piece: int = 100_000) -> list[bytes]:
    """The N-Triples line of each triple (without its newline), written by pyoxigraph ``piece``
    triples at a time: the whole serialisation (160 MB at a million triples) never exists beside its lines."""
    lines: list[bytes] = []
    for start in range(0, len(triples), piece):
        part = triples[start : start + piece]
        written = (ox.serialize(part, format=ox.RdfFormat.N_TRIPLES) or b"").split(b"\n")
        assert len(written) == len(part) + 1 and not written[-1], "one N-Triples line per triple"
        del written[-1]
        lines.extend(written)
    return lines


def _has_blank_node(quad: ox.Quad) -> bool:
    return (
        type(quad.subject) is ox.BlankNode or type(quad.object) is ox.BlankNode or type(quad.graph_name) is ox.BlankNode
    )


def _quad_key(quad: ox.Quad) -> tuple[str, str]:
    """Graph, then the N-Triples text of the triple: the same order as (graph, subject, predicate,
    object), since a space sorts before any character of a term, in one conversion instead of three."""
    return (str(quad.graph_name), str(quad.triple))


def _distinct_triples(quads: Sequence[ox.Quad]) -> list[ox.Triple]:
    """The triples of sorted quads, each once, in subject order (so Turtle groups them)."""
    if len({quad.graph_name for quad in quads}) <= 1:
        return [quad.triple for quad in quads]  # canonical quads of one graph: distinct and in order
    return sorted({quad.triple for quad in quads}, key=str)


def used_prefixes(quads: Iterable[ox.Quad | ox.Triple], graph: ox.NamedNode | None = None) -> dict[str, str]:
    """The subset of IPCO's prefix table whose namespaces occur in ``quads`` (or triples in ``graph``)."""
    terms: set[object] = {graph}
    for quad in quads:
        terms.update((quad.subject, quad.predicate, quad.object))
        if type(quad) is ox.Quad:
            terms.add(quad.graph_name)
    iris = {iri for iri in map(_iri_of, terms) if iri is not None}
    namespaces = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
    used: dict[str, str] = {}
    for iri in iris:
        for prefix, namespace in namespaces:
            if iri.startswith(namespace):
                used[prefix] = namespace
                break
    return dict(sorted(used.items()))


def _iri_of(term: object) -> str | None:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        return term.datatype.value
    return None
