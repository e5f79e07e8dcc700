"""Export: every registered writer round-trips, ends with a newline, and is deterministic."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ipco.export import (
    DATASET_EXPORTERS,
    EXPORTERS,
    GRAPH_EXPORTERS,
    CanonicalGraph,
    Exporter,
    canonical,
    used_prefixes,
)
from ipco.load import parse_bytes
from ipco.syntaxes import NTRIPLES

SAMPLE = b"""@prefix ex: <http://example.org/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ex:g1 { ex:a skos:prefLabel "DGSI"@fr, "DGSI"@en ; ex:count 7000 ; ex:list ( ex:b ex:c ) ; ex:r [ ex:s "t" ] . }
ex:g2 { ex:b ex:date "2010-09-01"^^<http://www.w3.org/2001/XMLSchema#date> . }
"""


def _sample() -> list[ox.Quad]:
    return canonical(parse_bytes(SAMPLE, EXPORTERS["trig"].syntax, "sample.trig", "urn:default"))


def _canonical_set(quads: list[ox.Quad]) -> set[str]:
    return {str(q) for q in canonical(quads)}


@pytest.mark.parametrize("exporter", list(EXPORTERS.values()), ids=lambda e: e.name)
def test_round_trip_and_final_newline(exporter: Exporter) -> None:
    quads = _sample()
    data = exporter.serialize(quads)
    assert data.endswith(b"\n")
    back = parse_bytes(data, exporter.syntax, f"out{exporter.extension}", "urn:default")
    if exporter.keep_graphs:
        assert _canonical_set(back) == _canonical_set(quads)
    else:
        flat = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("urn:default")) for q in quads]
        assert _canonical_set(back) == _canonical_set(flat)


@pytest.mark.parametrize("exporter", list(EXPORTERS.values()), ids=lambda e: e.name)
def test_same_graph_gives_identical_bytes_whatever_the_input_order(exporter: Exporter) -> None:
    quads = parse_bytes(SAMPLE, EXPORTERS["trig"].syntax, "sample.trig", "urn:default")
    assert exporter.serialize(canonical(quads)) == exporter.serialize(canonical(list(reversed(quads))))


def test_blank_node_labels_do_not_depend_on_the_parse() -> None:
    first = parse_bytes(SAMPLE, EXPORTERS["trig"].syntax, "a", "urn:default")
    second = parse_bytes(SAMPLE, EXPORTERS["trig"].syntax, "b", "urn:default")
    assert {str(q) for q in first} != {str(q) for q in second}  # the parser names blank nodes at random
    assert [str(q) for q in canonical(first)] == [str(q) for q in canonical(second)]


def test_only_used_prefixes_are_bound() -> None:
    assert set(used_prefixes(_sample())) == {"rdf", "skos", "xsd"}


def test_registry() -> None:
    assert [e.name for e in GRAPH_EXPORTERS] == ["turtle", "ntriples", "rdfxml", "jsonld"]
    assert [e.name for e in DATASET_EXPORTERS] == ["trig", "nquads"]
    assert {e.media_type for e in EXPORTERS.values()} >= {"text/turtle", "application/ld+json", "application/n-quads"}


PREFIXED = b"""@prefix ex: <http://example.org/> .
ex:a ex:p "abc", "abc"@en, "abc"^^ex:t, "ab" ; ex:q _:b1, _:b12 ; ex:r ex:a, ex:ab .
ex:a <http://example.org/p\\u00e9> "\\u00e9" .
_:b1 ex:p _:b12 . _:b12 ex:p "x\\ny" . ex:ab ex:p ex:a .
"""


@pytest.mark.parametrize("exporter", list(EXPORTERS.values()), ids=lambda e: e.name)
def test_one_graph_from_triples_is_written_as_from_its_quads(exporter: Exporter) -> None:
    """`ipco reason` sorts and writes its triples without making quads: same bytes, with blank nodes,
    non-ASCII IRIs and terms whose text is a prefix of another's (the sort is on N-Triples lines)."""
    graph = ox.NamedNode("https://w3id.org/ipco/graph/inferred")
    triples = [q.triple for q in ox.parse(PREFIXED, format=ox.RdfFormat.TURTLE)]
    quads = canonical(ox.Quad(t.subject, t.predicate, t.object, graph) for t in reversed(triples + triples))
    canonical_graph = CanonicalGraph(triples + triples, graph)
    ordered = canonical_graph.triples
    assert ordered == [q.triple for q in quads]
    assert exporter.serialize_graph(ordered, graph) == exporter.serialize(quads)
    if exporter.syntax == NTRIPLES:  # what `ipco reason` writes without serialising again
        assert canonical_graph.n_triples() == exporter.serialize(quads)
        assert b"".join(canonical_graph.n_triples_chunks(lines=2)) == exporter.serialize(quads)


def test_an_empty_graph_is_written_as_serialize_writes_it() -> None:
    graph = ox.NamedNode("https://w3id.org/ipco/graph/inferred")
    assert CanonicalGraph([], graph).n_triples() == EXPORTERS["ntriples"].serialize([])


def test_n_triples_lines_written_in_pieces_are_the_lines_written_at_once() -> None:
    """`ipco reason` serialises a million triples a piece at a time (memory): same lines, same order."""
    from ipco.export import _n_triples_lines

    triples = [q.triple for q in ox.parse(PREFIXED, format=ox.RdfFormat.TURTLE)]
    whole = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").split(b"\n")[:-1]
    assert _n_triples_lines(triples, piece=2) == _n_triples_lines(triples, piece=3) == whole
    assert _n_triples_lines([], piece=2) == []
