"""``ipco serve``: the SPARQL 1.1 Protocol's edges (POST forms, updates and remote datasets refused,
graph parameters, errors, limits, CORS) and the negotiation pieces, against a real server process."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph, URIRef

from conftest import ROOT, CliRunner
from ipco.negotiate import Format, language, negotiate
from ipco.serve import GRAPH_FORMATS, RESULT_FORMATS, TRUNCATED_HEADER, dataset_graphs, is_update
from serve_server import MAX_RESULTS, TIMEOUT, Server, fetch, query_url

SOURCES_GRAPH = "https://w3id.org/ipco/graph/sources"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


# -- the protocol's edges ---------------------------------------------------------------------------


def test_post_sparql_query_body_and_form(server: Server) -> None:
    direct = fetch(
        server.sparql,
        method="POST",
        data=b"ASK { ipcoid:dgsi a ipco:IntelligenceService }",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert direct.status == 200
    assert '"boolean":true' in direct.text
    form = fetch(
        server.sparql,
        method="POST",
        data=urlencode({"query": "ASK { ipcoid:dgsi a ipco:Country }"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+xml"},
    )
    assert form.status == 200
    assert "<boolean>false</boolean>" in form.text


@pytest.mark.parametrize(
    ("how", "body", "content_type"),
    [
        (
            "query=",
            urlencode({"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
            "application/x-www-form-urlencoded",
        ),
        (
            "update=",
            urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
            "application/x-www-form-urlencoded",
        ),
        ("sparql-update", "DELETE WHERE { ?s ?p ?o }", "application/sparql-update"),
        (
            "LOAD",
            urlencode({"query": "PREFIX x: <urn:x>\nLOAD <http://example.org/data.ttl>"}),
            "application/x-www-form-urlencoded",
        ),
    ],
)
def test_update_is_refused(server: Server, how: str, body: str, content_type: str) -> None:
    reply = fetch(server.sparql, method="POST", data=body.encode(), headers={"Content-Type": content_type})
    assert reply.status == 403, how
    assert "read-only" in reply.text
    count = fetch(query_url(server, "SELECT (COUNT(*) AS ?n) WHERE { <urn:a> ?p ?o }"), headers={"Accept": "text/csv"})
    assert count.text.splitlines()[1] == "0"


def test_service_is_refused(server: Server) -> None:
    reply = fetch(query_url(server, "SELECT * WHERE {\n  SERVICE <http://example.org/sparql> { ?s ?p ?o }\n}"))
    assert reply.status == 403
    assert "query:2:3: SERVICE is not supported" in reply.text


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <http://example.org/remote> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://example.org/remote> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "PREFIX ex: <http://example.org/>\nSELECT * FROM ex:remote WHERE { ?s ?p ?o }",
    ],
)
def test_dataset_outside_the_release_is_refused(server: Server, query: str) -> None:
    reply = fetch(query_url(server, query))
    assert reply.status == 403
    assert "<http://example.org/remote> is not in the release" in reply.text


def test_protocol_graph_parameters(server: Server) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    sources = sum(1 for line in (server.release / "ipco.nq").open() if SOURCES_GRAPH in line)
    for reply in (
        fetch(query_url(server, count, **{"default-graph-uri": SOURCES_GRAPH}), headers={"Accept": "text/csv"}),
        fetch(
            query_url(server, count.replace("WHERE", f"FROM <{SOURCES_GRAPH}> WHERE")), headers={"Accept": "text/csv"}
        ),
    ):
        assert reply.status == 200
        assert reply.text.splitlines()[1] == str(sources)
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    reply = fetch(query_url(server, named, **{"named-graph-uri": SOURCES_GRAPH}), headers={"Accept": "text/csv"})
    assert reply.text.splitlines()[1:] == [SOURCES_GRAPH]
    refused = fetch(query_url(server, count, **{"default-graph-uri": "http://example.org/remote"}))
    assert refused.status == 403


def test_relative_iris_resolve_against_the_endpoints_public_iri(server: Server) -> None:
    """Base IRI https://w3id.org/ipco/sparql: ``<id/dgsi>`` is the IRI ``/id/dgsi`` serves."""
    reply = fetch(query_url(server, "ASK { <id/dgsi> ?p ?o }"), headers={"Accept": "application/sparql-results+json"})
    assert (reply.status, json.loads(reply.body)["boolean"]) == (200, True), reply.text
    base = fetch(query_url(server, "SELECT (IRI('x') AS ?x) WHERE {}"), headers={"Accept": "text/csv"})
    assert base.text.splitlines()[1] == "https://w3id.org/ipco/x"
    graph = fetch(query_url(server, "ASK FROM <graph/sources> { ?s ?p ?o }"), headers={"Accept": "text/csv"})
    assert graph.status == 200, "a relative FROM names a release graph once resolved"


def test_malformed_query_is_400_with_the_parser_message(server: Server) -> None:
    reply = fetch(query_url(server, "SELECT ?s WHERE {\n  ?s ?p \n"))
    assert reply.status == 400
    assert re.search(r"query:\d+:\d+: ", reply.text), reply.text
    assert fetch(server.sparql + "?format=json").status == 400  # no query at all


def test_select_without_an_acceptable_format_is_406(server: Server) -> None:
    reply = fetch(query_url(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), headers={"Accept": "text/turtle"})
    assert reply.status == 406
    assert "application/sparql-results+json" in reply.text
    assert reply.headers["Vary"] == "Accept"


def test_format_parameter_overrides_accept(server: Server) -> None:
    reply = fetch(
        query_url(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", format="tsv"), headers={"Accept": "text/csv"}
    )
    assert reply.headers["Content-Type"] == "text/tab-separated-values; charset=utf-8"


def test_result_cap_truncates_and_says_so(server: Server) -> None:
    reply = fetch(query_url(server, "SELECT * WHERE { ?s ?p ?o }"), headers={"Accept": "text/csv"})
    assert reply.status == 200
    assert reply.headers[TRUNCATED_HEADER] == str(MAX_RESULTS)
    assert len(list(csv.reader(io.StringIO(reply.text)))) == MAX_RESULTS + 1  # the header row; quotes span lines
    construct = fetch(query_url(server, "CONSTRUCT WHERE { ?s ?p ?o }"), headers={"Accept": "application/n-triples"})
    assert construct.headers[TRUNCATED_HEADER] == str(MAX_RESULTS)
    assert len(construct.text.splitlines()) == MAX_RESULTS
    small = fetch(query_url(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 5"))
    assert TRUNCATED_HEADER not in small.headers


def test_timeout_stops_the_query_and_the_server_carries_on(server: Server) -> None:
    started = time.monotonic()
    reply = fetch(query_url(server, SLOW_QUERY))
    elapsed = time.monotonic() - started
    assert reply.status == 503
    assert f"longer than the {TIMEOUT:g} s limit" in reply.text
    assert TIMEOUT <= elapsed < TIMEOUT + 5
    for _ in range(3):  # every worker answers again, the killed one replaced
        assert fetch(query_url(server, "ASK { ?s ?p ?o }")).status == 200


def test_cors_and_preflight(server: Server) -> None:
    reply = fetch(query_url(server, "ASK { ?s ?p ?o }"), headers={"Origin": "https://example.org"})
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    assert TRUNCATED_HEADER in reply.headers["Access-Control-Expose-Headers"]
    preflight = fetch(
        server.sparql,
        method="OPTIONS",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_writes_are_not_allowed(server: Server) -> None:
    reply = fetch(server.url + "id/dgsi", method="PUT", data=b"", headers={"Content-Type": "text/turtle"})
    assert reply.status == 405
    assert reply.headers["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_service_description_and_query_form(server: Server) -> None:
    description = fetch(server.sparql, headers={"Accept": "text/turtle"})
    assert description.status == 200
    graph = Graph().parse(data=description.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), None) in graph
    assert (None, URIRef(sd + "name"), URIRef(SOURCES_GRAPH)) in graph
    form = fetch(server.sparql, headers={"Accept": "text/html"})
    assert "<form" in form.text


def test_oversized_post_is_refused(server: Server) -> None:
    body = b"ASK {}" + b" " * (1 << 20)
    reply = fetch(server.sparql, method="POST", data=body, headers={"Content-Type": "application/sparql-query"})
    assert reply.status == 413


def test_port_in_use_is_a_clear_error(server: Server) -> None:
    port = server.url.rstrip("/").rsplit(":", 1)[1]
    done = subprocess.run(
        [sys.executable, "-m", "ipco", "serve", "--release", str(server.release), "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_server_refuses_a_missing_release(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ipco", "serve", "--release", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "no built release here" in done.stderr


# -- pieces -----------------------------------------------------------------------------------------


def test_negotiation_follows_q_values_and_specificity() -> None:
    turtle, ntriples, jsonld, rdfxml = GRAPH_FORMATS
    assert negotiate(None, GRAPH_FORMATS) is turtle
    assert negotiate("*/*", GRAPH_FORMATS) is turtle
    assert negotiate("application/n-triples, text/turtle;q=0.5", GRAPH_FORMATS) is ntriples
    assert negotiate("text/*;q=0.3, application/ld+json;q=0.4", GRAPH_FORMATS) is jsonld
    assert negotiate("*/*;q=0.9, text/turtle;q=0", GRAPH_FORMATS) is ntriples
    assert negotiate("application/xml", GRAPH_FORMATS) is rdfxml
    assert negotiate("application/json", RESULT_FORMATS) is RESULT_FORMATS[0]
    assert negotiate("image/png", GRAPH_FORMATS) is None
    assert negotiate("text/turtle;q=abc", GRAPH_FORMATS) is None
    assert Format("x", "text/csv").content_type == "text/csv; charset=utf-8"


def test_language_negotiation() -> None:
    assert language(None, ("en", "fr")) == "en"
    assert language("fr-CA, en;q=0.5", ("en", "fr")) == "fr"
    assert language("de, *;q=0.1", ("en", "fr")) == "en"
    assert language("de", ("en", "fr")) == "en"
    assert language("en;q=0.2, fr;q=0.8", ("en", "fr")) == "fr"


def test_update_and_dataset_detection_ignore_comments_and_strings() -> None:
    assert is_update("PREFIX ex: <http://example.org/>\n# a comment\nINSERT DATA { ex:a ex:b ex:c }")
    assert is_update("load <http://example.org/x>")
    assert not is_update("# INSERT DATA\nSELECT * WHERE { ?s ?p 'DELETE' }")
    assert dataset_graphs("SELECT ?from FROM <urn:a> FROM NAMED ipco:graph WHERE { ?from ?p '''FROM <urn:c>''' }") == [
        "urn:a",
        "https://w3id.org/ipco/graph",
    ]
    assert dataset_graphs("SELECT * WHERE { ?s ex:from ex:thing ; ex:a-from ex:b }") == []
    assert dataset_graphs("SELECT (COUNT(*) AS ?n)FROM <urn:a> WHERE {}") == ["urn:a"]


def test_validate_endpoint_reads_the_served_release(server: Server, cli: CliRunner) -> None:
    """``ipco validate --endpoint`` works against ``ipco serve`` too, with the local files' report."""
    local = cli("validate", "-q", str(ROOT / "data"), "--output-format", "json")
    remote = cli("validate", "-q", "--endpoint", server.sparql, "--output-format", "json")
    assert remote.code == local.code == 0, remote.err
    drop = ("file", "line", "column")
    assert [{k: v for k, v in r.items() if k not in drop} for r in json.loads(remote.out)["results"]] == [
        {k: v for k, v in r.items() if k not in drop} for r in json.loads(local.out)["results"]
    ]
