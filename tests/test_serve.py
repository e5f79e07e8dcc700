"""``ipco serve``: the SPARQL 1.1 Protocol endpoint and the dereferenceable IRIs, checked with the
clients people use (SPARQLWrapper, rdflib's SPARQLStore, curl, urllib) against a real server
process on a free port."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import ASK, JSON, POST, SELECT, SPARQLWrapper

from conftest import ROOT
from serve_server import Server, fetch, query_url

QUERIES = sorted((ROOT / "queries" / "competency").glob("*.rq"))
DGSI = "https://w3id.org/ipco/id/dgsi"
IPCO = "https://w3id.org/ipco/"
SOURCES_GRAPH = "https://w3id.org/ipco/graph/sources"


def term_text(binding: dict[str, str]) -> str:
    """A SPARQL JSON binding written as the competency answers are: pyoxigraph's N-Triples form."""
    if binding["type"] == "uri":
        return str(ox.NamedNode(binding["value"]))
    if binding["type"] == "bnode":
        return f"_:{binding['value']}"
    datatype = binding.get("datatype")
    return str(
        ox.Literal(
            binding["value"],
            language=binding.get("xml:lang"),
            datatype=ox.NamedNode(datatype) if datatype else None,
        )
    )


def expected_answer(query: Path) -> tuple[list[str], list[list[str]]] | bool:
    text = query.with_suffix(".expected.tsv").read_text(encoding="utf-8").rstrip("\n")
    if text in ("true", "false"):
        return text == "true"
    header, *lines = text.split("\n")
    return [v.lstrip("?") for v in header.split("\t")], [line.split("\t") for line in lines]


def ordered(query_text: str) -> bool:
    return bool(re.search(r"\bORDER\s+BY\b", query_text, re.IGNORECASE))


# -- real clients -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_competency_question_through_sparqlwrapper(server: Server, query: Path) -> None:
    text = query.read_text(encoding="utf-8")
    expected = expected_answer(query)
    client = SPARQLWrapper(server.sparql)
    client.setQuery(text)
    # SPARQLWrapper guesses the form from the first keyword left after a comment-stripping regex that
    # skips every other comment line, so "# …bodies created…" reads as CREATE (an update); say it.
    client.queryType = ASK if isinstance(expected, bool) else SELECT
    client.setReturnFormat(JSON)
    if QUERIES.index(query) % 2:  # half of them as POSTed forms, half as GET
        client.setMethod(POST)
    results = client.queryAndConvert()
    assert isinstance(results, dict)
    if isinstance(expected, bool):
        assert results["boolean"] is expected
        return
    variables, rows = expected
    assert results["head"]["vars"] == variables
    got = [[term_text(b[v]) if v in b else "" for v in variables] for b in results["results"]["bindings"]]
    assert got == rows if ordered(text) else sorted(got) == sorted(rows)


def rdflib_text(term: object) -> str:
    """An rdflib term written as the competency answers are."""
    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    assert isinstance(term, Literal)
    datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
    return str(ox.Literal(str(term), language=term.language, datatype=datatype))


def test_rdflib_sparqlstore_queries_the_endpoint(server: Server) -> None:
    graph = Graph(store=SPARQLStore(query_endpoint=server.sparql, returnFormat="json"))
    for query in QUERIES[:5]:
        expected = expected_answer(query)
        assert not isinstance(expected, bool)
        text = query.read_text(encoding="utf-8")
        rows = [[rdflib_text(term) if term is not None else "" for term in row] for row in graph.query(text)]
        assert rows == expected[1] if ordered(text) else sorted(rows) == sorted(expected[1])
    assert graph.query("ASK { ipcoid:dgsi skos:altLabel 'DGSI' }").askAnswer is True
    skos_alt_label = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
    assert set(graph.objects(URIRef(DGSI), skos_alt_label)) == {Literal("DGSI")}
    assert (URIRef(DGSI), skos_alt_label, Literal("DGSI")) in graph


def test_rdflib_sparqlstore_construct(server: Server) -> None:
    store = SPARQLStore(query_endpoint=server.sparql)
    result = Graph(store=store).query(f"CONSTRUCT {{ <{DGSI}> ?p ?o }} WHERE {{ <{DGSI}> ?p ?o }}")
    assert result.graph is not None
    assert (URIRef(DGSI), URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("DGSI")) in result.graph


def curl(*args: str) -> tuple[dict[str, str], bytes]:
    """Run the curl binary; the status line and headers come back apart from the body."""
    binary = shutil.which("curl")
    assert binary, "these tests drive the curl binary: apt-get install curl"
    done = subprocess.run([binary, "-s", "-S", "-D", "-", *args], capture_output=True, check=True, timeout=60)
    head, _, body = done.stdout.partition(b"\r\n\r\n")
    while body.startswith(b"HTTP/"):  # with -L, the headers of each response in turn: keep the last
        head, _, body = body.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {"status": lines[0].split()[1]}
    headers.update({k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])})
    return headers, body


_RESULT_PARSERS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": None,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


@pytest.mark.parametrize("accept", sorted(_RESULT_PARSERS))
def test_curl_select_in_each_results_format(server: Server, accept: str) -> None:
    query = f"SELECT ?label WHERE {{ <{DGSI}> skos:prefLabel ?label }} ORDER BY ?label"
    headers, body = curl("-H", f"Accept: {accept}", "--data-urlencode", f"query={query}", server.sparql)
    assert headers["status"] == "200"
    assert headers["content-type"].split(";")[0] == accept
    assert headers["vary"] == "Accept"
    english = "General Directorate for Internal Security"
    french = "Direction générale de la sécurité intérieure"
    if accept == "text/csv":  # pyoxigraph does not read CSV results: they keep values only
        assert list(csv.reader(io.StringIO(body.decode()))) == [["label"], [french], [english]]
        return
    solutions = ox.parse_query_results(body, format=_RESULT_PARSERS[accept])
    assert isinstance(solutions, ox.QuerySolutions)
    assert [s["label"] for s in solutions] == [ox.Literal(french, language="fr"), ox.Literal(english, language="en")]


_RDF_PARSERS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@pytest.mark.parametrize("accept", sorted(_RDF_PARSERS))
def test_curl_construct_in_each_rdf_format(server: Server, accept: str) -> None:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{SOURCES_GRAPH}> {{ ?s ?p ?o }} }}"
    headers, body = curl("-H", f"Accept: {accept}", "--data-urlencode", f"query={query}", server.sparql)
    assert headers["status"] == "200"
    assert headers["content-type"].split(";")[0] == accept
    got = set(ox.parse(body, format=_RDF_PARSERS[accept]))
    stored = {
        ox.Quad(q.subject, q.predicate, q.object)
        for q in ox.parse(path=str(server.release / "ipco.nq"), format=ox.RdfFormat.N_QUADS)
        if q.graph_name == ox.NamedNode(SOURCES_GRAPH)
    }
    assert got == stored


@pytest.mark.parametrize("accept", sorted(_RDF_PARSERS))
def test_curl_dereferences_an_iri_in_each_rdf_format(server: Server, accept: str) -> None:
    headers, body = curl("-H", f"Accept: {accept}", server.url + "id/dgsi")
    assert headers["status"] == "200"
    assert headers["content-type"].split(";")[0] == accept
    assert headers["vary"] == "Accept"
    triples = {q.triple for q in ox.parse(body, format=_RDF_PARSERS[accept])}
    dgsi = ox.NamedNode(DGSI)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert ox.Triple(dgsi, rdf_type, ox.NamedNode(IPCO + "InternalIntelligenceService")) in triples
    inbound = [t for t in triples if t.object == dgsi]
    assert inbound, "the description includes the triples pointing at the resource"


def test_curl_browser_is_sent_to_the_page_in_its_language(server: Server) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    headers, _ = curl("-H", f"Accept: {browser}", server.url + "id/dgsi")
    assert headers["status"] == "303"
    assert headers["location"] == "/en/id/dgsi.html"
    assert headers["vary"] == "Accept, Accept-Language"
    headers, _ = curl(
        "-H", f"Accept: {browser}", "-H", "Accept-Language: fr-FR,fr;q=0.9,en;q=0.5", server.url + "id/dgsi"
    )
    assert headers["location"] == "/fr/id/dgsi.html"
    headers, body = curl("-L", "-H", f"Accept: {browser}", server.url + "id/dgsi")
    assert body == (server.release / "site" / "en" / "id" / "dgsi.html").read_bytes()
    assert "text/html" in headers["content-type"]


# -- IRIs -------------------------------------------------------------------------------------------


def test_ontology_iri_serves_the_whole_ontology(server: Server) -> None:
    reply = fetch(server.url + "ontology", headers={"Accept": "application/n-triples"})
    assert reply.status == 200
    ontology = {
        q.triple
        for q in ox.parse(path=str(server.release / "ipco.nq"), format=ox.RdfFormat.N_QUADS)
        if q.graph_name == ox.NamedNode(IPCO + "graph/ontology")
    }
    assert {q.triple for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)} == ontology


def test_term_iri_and_graph_iri(server: Server) -> None:
    term = fetch(server.url + "InternalIntelligenceService", headers={"Accept": "text/turtle"})
    assert term.status == 200
    assert "rdfs:subClassOf" in term.text
    graph = fetch(server.url + "graph/sources", headers={"Accept": "application/n-triples"})
    assert graph.status == 200
    assert len(graph.text.splitlines()) == sum(
        1 for line in (server.release / "ipco.nq").open() if SOURCES_GRAPH in line
    )


def test_blank_nodes_of_a_description_are_closed(server: Server) -> None:
    """A shape's ``sh:in`` list is a chain of blank nodes: all of it comes with the shape."""
    reply = fetch(server.url + "shapes/CooperationRelationshipShape-cooperationKind", headers={"Accept": "text/turtle"})
    assert reply.status == 200
    graph = Graph().parse(data=reply.text, format="turtle")
    shape = URIRef(IPCO + "shapes/CooperationRelationshipShape-cooperationKind")
    members = list(graph.items(graph.value(shape, URIRef("http://www.w3.org/ns/shacl#in"))))
    assert len(members) >= 2
    assert all(isinstance(member, URIRef) for member in members)


def test_root_redirects(server: Server) -> None:
    assert fetch(server.url, headers={"Accept": "text/turtle"}).headers["Location"] == "/ontology"
    assert fetch(server.url, headers={"Accept": "text/html"}).headers["Location"] == "/en/index.html"


def test_unknown_iri_is_404(server: Server) -> None:
    reply = fetch(server.url + "id/no-such-thing", headers={"Accept": "text/turtle"})
    assert reply.status == 404
    assert "https://w3id.org/ipco/id/no-such-thing" in reply.text


def test_unacceptable_iri_format_is_406(server: Server) -> None:
    reply = fetch(server.url + "id/dgsi", headers={"Accept": "image/png"})
    assert reply.status == 406
    assert "text/turtle" in reply.text
    assert reply.headers["Vary"] == "Accept"


def test_head_sends_the_headers_of_get_without_a_body(server: Server) -> None:
    for url in (server.url + "id/dgsi", query_url(server, "ASK { ?s ?p ?o }"), server.url + "dist/ontology.ttl"):
        get = fetch(url, headers={"Accept": "text/turtle"})
        head = fetch(url, method="HEAD", headers={"Accept": "text/turtle"})
        assert head.status == get.status
        assert head.body == b""
        assert head.headers["Content-Length"] == str(len(get.body))
        assert head.headers["Content-Type"] == get.headers["Content-Type"]


# -- static files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("ontology.ttl", "text/turtle; charset=utf-8"),
        ("data.nt", "application/n-triples"),
        ("shapes.rdf", "application/rdf+xml"),
        ("inferred.jsonld", "application/ld+json"),
        ("ipco.trig", "application/trig"),
        ("ipco.nq", "application/n-quads"),
        ("SHA256SUMS", "text/plain; charset=utf-8"),
    ],
)
def test_release_files_are_downloadable(server: Server, name: str, media_type: str) -> None:
    reply = fetch(server.url + "dist/" + name)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == media_type
    assert reply.body == (server.release / name).read_bytes()


def test_release_listing_and_site_pages(server: Server) -> None:
    listing = fetch(server.url + "dist/")
    assert listing.status == 200
    assert 'href="ipco.nq"' in listing.text
    page = fetch(server.url + "fr/id/dgsi.html")
    assert page.status == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="fr">' in page.text and "Direction générale de la sécurité intérieure" in page.text


#: The competency questions about the evidence: which sentence states X, which facts a sentence
#: supports, which facts rest on one source only.
EVIDENCE_QUESTIONS = [q for q in QUERIES if q.name[:3] in ("46-", "47-", "48-")]
CTG_SENTENCE = "CTG was created following the terrorist attacks on the US in 2001."


def test_evidence_questions_answer_and_lead_to_the_served_source_texts(server: Server) -> None:
    assert len(EVIDENCE_QUESTIONS) == 3
    answers = {}
    for query in EVIDENCE_QUESTIONS:
        reply = fetch(query_url(server, query.read_text(encoding="utf-8")), headers={"Accept": "application/json"})
        assert reply.status == 200, reply.text
        expected = expected_answer(query)
        assert not isinstance(expected, bool)
        variables, rows = expected
        bindings = json.loads(reply.body)["results"]["bindings"]
        assert [[term_text(b[v]) if v in b else "" for v in variables] for b in bindings] == rows, query.name
        answers[query.name[:2]] = bindings
    # Which sentence states the DGSE's staff count: its offsets mark it on the served text, to which
    # the DGSE's served page links.
    (staff,) = answers["46"]
    anchor = f"q-{staff['start']['value']}-{staff['end']['value']}"
    assert staff["exact"]["value"] == "Our 7,000 agents"
    text = fetch(server.url + "en/text/source-dgse-presentation.html")
    assert text.status == 200 and text.headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'<mark class="q" id="{anchor}" data-q="{anchor}">Our 7,000 agents</mark>' in text.text
    dgse = fetch(server.url + "en/id/dgse.html").text
    assert f'<a class="evidence" href="../text/source-dgse-presentation.html#{anchor}">' in dgse
    # Each fact one sentence supports shows that sentence on its subject's served page.
    for fact in answers["47"]:
        page = fetch(server.url + "fr/id/" + fact["subject"]["value"].rsplit("/", 1)[1] + ".html")
        assert page.status == 200 and f">{CTG_SENTENCE}</q></a>" in page.text
    # Each document the one-source question counts has its text served, in both languages.
    for row in answers["48"]:
        for lang in ("en", "fr"):
            name = row["document"]["value"].rsplit("/", 1)[1]
            reply = fetch(f"{server.url}{lang}/text/{name}.html")
            assert reply.status == 200 and 'class="source-text"' in reply.text, (lang, name)


def test_no_file_outside_the_release_is_served(server: Server) -> None:
    host, port = server.url.removeprefix("http://").rstrip("/").split(":")
    for path in ("/dist/../../../../etc/passwd", "/dist/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/../../etc/passwd"):
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        assert response.status == 404, path
        assert b"root:" not in response.read()
        connection.close()
