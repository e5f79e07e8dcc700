"""Virtuoso 7.2's SPARQL quirks (docs/instore.md, "Stores"), one test each: what the store does as
written, and that the dialect the probe finds (``ipco.instore.dialect``) reads or rewrites it.
The reports themselves are compared with local validation in tests/test_instore.py."""

from __future__ import annotations

import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from conftest import CliRunner
from ipco.instore.client import Endpoint
from ipco.instore.dialect import BOOLEAN_PROBE, MEMBERSHIP_PROBE, SAME_IRI_PROBE, Dialect
from ipco.instore.probe import FEATURES, probe
from ipco.push import graph_url
from ipco.remote import EndpointError, request, sparql
from virtuoso_server import Virtuoso, virtuoso  # noqa: F401 (the fixture)

GRAPH = "urn:x-ipco-test:quirks"
DATA = b'<urn:s> <urn:p> <urn:o> .\n_:b <urn:p> "P1M"^^<http://www.w3.org/2001/XMLSchema#duration> .\n'


@pytest.fixture
def endpoint(virtuoso: Virtuoso) -> Endpoint:  # noqa: F811
    put = urllib.request.Request(
        graph_url(virtuoso.store, GRAPH), data=DATA, method="PUT", headers={"Content-Type": "text/turtle"}
    )
    urllib.request.urlopen(put, timeout=30).close()
    return Endpoint(virtuoso.query, (GRAPH,))


def test_a_query_posted_directly_gets_no_answer(virtuoso: Virtuoso) -> None:  # noqa: F811
    """Hence every query is sent as a form (``query=``), which it answers."""
    with pytest.raises(EndpointError, match="no answer within"):
        request(
            "POST",
            virtuoso.query,
            body=b"ASK {}",
            headers={"Content-Type": "application/sparql-query"},
            timeout=2,
        )
    assert bool(Endpoint(virtuoso.query).query("ASK {}"))


def test_ask_answered_as_a_row_is_read_as_a_boolean(virtuoso: Virtuoso) -> None:  # noqa: F811
    raw = sparql(virtuoso.query, "ASK { FILTER(false) }", "application/sparql-results+json", None).body
    assert b"__ASK_RETVAL" in raw and b'"boolean"' not in raw
    endpoint = Endpoint(virtuoso.query)
    assert [bool(endpoint.query(f"ASK {{ FILTER({v}) }}")) for v in ("true", "false")] == [True, False]


def test_membership_in_an_expression_is_rewritten(endpoint: Endpoint) -> None:
    with pytest.raises(EndpointError, match="SP031"):
        endpoint.query(MEMBERSHIP_PROBE)
    probe(endpoint)
    assert endpoint.dialect.membership_as_same_term
    assert bool(endpoint.query(MEMBERSHIP_PROBE)), "rewritten with sameTerm, it answers"


def test_same_term_of_a_stored_iri_is_rewritten(endpoint: Endpoint) -> None:
    asked = SAME_IRI_PROBE.format(iri="urn:o")
    assert not bool(endpoint.query(asked)), "as written, <urn:o> is never sameTerm the stored <urn:o>"
    probe(endpoint)
    assert endpoint.dialect.iri_equality
    assert bool(endpoint.query(asked))


def test_boolean_flags_are_read_as_booleans(endpoint: Endpoint) -> None:
    [row] = list(endpoint.query(BOOLEAN_PROBE))  # type: ignore[arg-type]
    assert row[0] == ox.Literal(1), "a computed boolean comes back as the integer 1"
    probe(endpoint)
    assert endpoint.dialect.integer_booleans
    rows = endpoint.select('SELECT ?f0 WHERE { BIND(COALESCE(STR(<urn:s>) = "urn:s", false) AS ?f0) FILTER(?f0) }')
    assert rows == [(ox.Literal(True),)]


def test_the_page_is_what_it_sorts(endpoint: Endpoint) -> None:
    """Virtuoso's default MaxSortedTopRows: 10,000 sorted rows, where IPCO's page holds 50,000."""
    numbers = " ".join(str(i) for i in range(230))
    with pytest.raises(EndpointError, match="SR353"):
        endpoint.query(
            f"SELECT * WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }} }} ORDER BY ?a LIMIT 50000"
        )
    probe(endpoint)
    assert endpoint.page_size == 10_000


def test_blank_nodes_named_as_iris_are_read(endpoint: Endpoint, virtuoso: Virtuoso) -> None:  # noqa: F811
    query = "SELECT ?s WHERE { ?s ?p ?o FILTER(isBlank(?s)) }"
    target = virtuoso.query + "?" + urlencode({"default-graph-uri": GRAPH})
    assert b"nodeID://" in sparql(target, query, "application/sparql-results+json", None).body
    probe(endpoint)
    [row] = endpoint.select(query)
    assert isinstance(row[0], ox.BlankNode)


def test_the_probe_asks_what_the_compiled_queries_use(endpoint: Endpoint) -> None:
    """Division by zero aborts a Virtuoso query and ``ASK { VALUES … MINUS { VALUES … } }`` is false
    there; the compiled queries do neither, so the probe asks COALESCE over an unbound variable and
    MINUS inside a SELECT, as they use them."""
    with pytest.raises(EndpointError, match="Division by 0"):
        endpoint.query("ASK { BIND(COALESCE(1/0, true) AS ?x) FILTER(?x) }")
    assert not bool(endpoint.query("ASK { VALUES ?x { 1 2 } MINUS { VALUES ?x { 1 } } }"))
    endpoint.dialect = Dialect(membership_as_same_term=True)
    assert all(bool(endpoint.query(text)) for _, text in FEATURES)


def test_durations_are_not_kept_as_written(endpoint: Endpoint) -> None:
    """A store defect no rewriting mends: "P1M"^^xsd:duration is held as "1" (ill-typed)."""
    probe(endpoint)
    [row] = endpoint.select("SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }")
    assert row[0] == ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#duration"))


def test_push_refuses_to_lose_the_shared_blank_nodes(
    cli: CliRunner,
    release: Path,
    virtuoso: Virtuoso,  # noqa: F811
) -> None:
    """Every graph is PUT; the N-Quads POST of blank nodes shared between graphs is answered with an
    HTML page and loads nothing, which push reports (exit 2) rather than claim a complete push."""
    run = cli("push", "-q", "--endpoint", virtuoso.store, "--release", str(release))
    assert run.code == 2
    assert "blank-node triples shared between graphs" in run.err
    assert "PUT <https://w3id.org/ipco/graph/ontology>" in run.out
    ontology = ox.NamedNode("https://w3id.org/ipco/graph/ontology")
    released = ox.Store()
    released.load(path=str(release / "ipco.nq"), format=ox.RdfFormat.N_QUADS)
    expected = sum(1 for _ in released.quads_for_pattern(None, None, None, ontology))
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/ipco/graph/ontology> { ?s ?p ?o } }"
    assert next(iter(virtuoso.select(count)))[0] == ox.Literal(expected), "the PUT graphs arrive whole"


def test_escaped_local_names_keep_their_backslash(virtuoso: Virtuoso) -> None:  # noqa: F811
    """A store defect push meets: Turtle's ``ipco:ontology\\/legal`` (a valid escaped local name, as
    pyoxigraph writes it) is stored with the backslash, an IRI no other store holds."""
    turtle = b"@prefix ex: <urn:x-ipco-test:> .\nex:a\\/b ex:p ex:o .\n"
    put = urllib.request.Request(
        graph_url(virtuoso.store, GRAPH), data=turtle, method="PUT", headers={"Content-Type": "text/turtle"}
    )
    urllib.request.urlopen(put, timeout=30).close()
    body = sparql(virtuoso.query, f"SELECT ?s WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}", "text/csv", None).body
    assert "urn:x-ipco-test:a\\/b" in body.decode()
