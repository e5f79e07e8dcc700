"""``ipco validate --endpoint`` inside the store: against a real Oxigraph server and a real Virtuoso
(tests/virtuoso_server.py), every example of tests/examples/ and generated data give the report local
validation gives, with only query results travelling (no download), and stores that lack a feature
are refused up front."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest

from conftest import ROOT, CliRunner
from ipco.instore.client import Endpoint
from ipco.push import graph_url
from test_push import Oxigraph, comparable, oxigraph  # noqa: F401 (the fixture)
from virtuoso_server import Virtuoso, virtuoso  # noqa: F401 (the fixture)

EXAMPLES = sorted((ROOT / "tests" / "examples").glob("*/*.ttl"))
FALLBACK = "validating a download of the graphs instead"


@pytest.fixture(params=["oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Oxigraph | Virtuoso:
    """Each real store in turn: the Oxigraph server, then Virtuoso 7.2 (its dialect's quirks)."""
    server: Oxigraph | Virtuoso = request.getfixturevalue(request.param)
    return server


def put(server: Oxigraph | Virtuoso, graph: str, turtle: bytes) -> None:
    request = urllib.request.Request(
        graph_url(server.store, graph), data=turtle, method="PUT", headers={"Content-Type": "text/turtle"}
    )
    urllib.request.urlopen(request, timeout=30).close()


def graph_of(path: Path) -> str:
    return f"https://w3id.org/ipco/graph/example/{path.parent.name}/{path.stem}"


def test_every_example_gives_the_local_report_in_the_store(cli: CliRunner, store: Oxigraph | Virtuoso) -> None:
    """Virtuoso 7.2 keeps no xsd:duration as written ("P1M" is stored and returned as "1"): for the
    examples holding one, its in-store report is compared with local validation of the graph it
    holds (``--download``), for the others with local validation of the file."""
    for path in EXAMPLES:
        put(store, graph_of(path), path.read_bytes())
    for path in EXAMPLES:
        in_store = ["validate", "-q", "--endpoint", store.query, "--graph", graph_of(path), "--output-format", "json"]
        altered = isinstance(store, Virtuoso) and "xsd:duration" in path.read_text(encoding="utf-8")
        local = cli(*in_store, "--download") if altered else cli("validate", "-q", str(path), "--output-format", "json")
        remote = cli(*in_store)
        assert FALLBACK not in remote.err, f"{path.name}: {remote.err}"
        assert (remote.code, comparable(remote.out)) == (local.code, comparable(local.out)), path.name
        for result in json.loads(remote.out)["results"]:
            assert result["file"] == f"<{graph_of(path)}> at {store.query}", path.name


def test_generated_data_gives_the_local_report_in_the_store(
    cli: CliRunner, store: Oxigraph | Virtuoso, tmp_path: Path
) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from benchmark import generate  # type: ignore[import-not-found]

    data = tmp_path / "generated.ttl"
    data.write_text("".join(generate(3000)), encoding="utf-8")
    graph = "https://w3id.org/ipco/graph/generated"
    put(store, graph, data.read_bytes())
    local = cli("validate", "-q", str(data), "--output-format", "json")
    remote = cli("validate", "-q", "--endpoint", store.query, "--graph", graph, "--output-format", "json")
    assert FALLBACK not in remote.err, remote.err
    assert (remote.code, comparable(remote.out)) == (local.code, comparable(local.out))
    assert comparable(local.out), "the generated data breaks shapes: the comparison is not empty"


def test_download_keeps_reading_the_graphs(cli: CliRunner, oxigraph: Oxigraph) -> None:  # noqa: F811
    path = ROOT / "tests" / "examples" / "invalid" / "negative-count.ttl"
    put(oxigraph, graph_of(path), path.read_bytes())
    args = ["validate", "-q", "--endpoint", oxigraph.query, "--graph", graph_of(path), "--output-format", "json"]
    in_store, downloaded = cli(*args), cli(*args, "--download")
    assert in_store.code == downloaded.code == 1
    assert comparable(in_store.out) == comparable(downloaded.out)


def test_paging_reads_every_row(oxigraph: Oxigraph) -> None:  # noqa: F811
    put(oxigraph, "urn:g", "".join(f"<urn:s{i}> <urn:p> {i} .\n" for i in range(25)).encode())
    endpoint = Endpoint(oxigraph.query, ("urn:g",), page_size=4)
    rows = endpoint.select("SELECT DISTINCT ?s ?o WHERE { ?s <urn:p> ?o }")
    assert sorted(int(row[1].value) for row in rows if row[1] is not None) == list(range(25))
    assert endpoint.queries == 7, "25 rows in pages of 4: 7 requests, each bounded"


class _Fake(BaseHTTPRequestHandler):
    """A store that answers every ASK true (so ignores default-graph-uri) but rejects ``refused``."""

    refused = ""
    delay = 0.0

    def do_POST(self) -> None:
        time.sleep(self.delay)
        query = self.rfile.read(int(self.headers["Content-Length"])).decode()
        if self.refused and self.refused in query:
            self.send_response(400)
            self.end_headers()
            self.wfile.write(f"{self.refused} is not supported".encode())
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head": {}, "boolean": true}')

    def log_message(self, *args: object) -> None:
        pass


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """The client gave up (timeout test): nothing to report."""


def fake_store(refused: str, delay: float = 0.0) -> Iterator[str]:
    handler = type("Handler", (_Fake,), {"refused": refused, "delay": delay})
    server = _Quiet(("127.0.0.1", 0), handler)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()


@pytest.fixture
def no_minus() -> Iterator[str]:
    """A SPARQL 1.0 store: MINUS is SPARQL 1.1."""
    yield from fake_store("MINUS")


@pytest.fixture
def ignores_graphs() -> Iterator[str]:
    yield from fake_store("")


def test_a_store_without_a_feature_is_refused_up_front(cli: CliRunner, no_minus: str) -> None:
    run = cli("validate", "-q", "--endpoint", no_minus, "--graph", "urn:g")
    assert run.code == 3
    assert "does not answer SPARQL 1.1 MINUS" in run.err
    assert "--download" in run.err


def test_a_store_ignoring_default_graph_uri_is_refused(cli: CliRunner, ignores_graphs: str) -> None:
    run = cli("validate", "-q", "--endpoint", ignores_graphs, "--graph", "urn:g")
    assert run.code == 3
    assert "ignores the default-graph-uri parameter" in run.err


def test_graphs_without_triples_are_refused(cli: CliRunner, oxigraph: Oxigraph) -> None:  # noqa: F811
    run = cli("validate", "-q", "--endpoint", oxigraph.query, "--graph", "urn:x-empty")
    assert run.code == 2
    assert "hold no triple (urn:x-empty)" in run.err


@pytest.fixture
def slow_store() -> Iterator[str]:
    yield from fake_store("", delay=2.0)


def test_a_query_past_the_timeout_fails_with_the_endpoint_named(cli: CliRunner, slow_store: str) -> None:
    run = cli("validate", "-q", "--endpoint", slow_store, "--graph", "urn:g", "--query-timeout", "0.3")
    assert run.code == 2
    assert "no answer within 0.3 s" in run.err


def test_results_are_located_in_the_pushed_file_only_while_it_matches_the_graph(
    oxigraph: Oxigraph,  # noqa: F811
    tmp_path: Path,
) -> None:
    from rdflib import URIRef

    from ipco.errors import SourcePosition
    from ipco.instore.spool import ResultSpool
    from ipco.instore.validate import _in_sources
    from ipco.report import Severity, ValidationResult

    pushed = tmp_path / "pushed.ttl"
    pushed.write_text("<urn:a> <urn:p> 1 .\n\n<urn:b> <urn:p> 2 .\n", encoding="utf-8")
    put(oxigraph, "urn:g", pushed.read_bytes())
    in_graph = SourcePosition(f"<urn:g> at {oxigraph.query}")
    result = ValidationResult(URIRef("urn:b"), "sh:MinCountConstraintComponent", Severity.VIOLATION, location=in_graph)
    endpoint = Endpoint(oxigraph.query, ("urn:g",))

    def located(source: Path) -> SourcePosition | None:
        spool = ResultSpool()
        spool.add([result])
        _in_sources(spool, endpoint, {"urn:g": source})
        [again] = spool.results()
        return again.location

    where = located(pushed)
    assert where is not None
    assert (where.file, where.line) == (str(pushed), 3)
    edited = tmp_path / "edited.ttl"
    edited.write_text(pushed.read_text() + "<urn:c> <urn:p> 3 .\n", encoding="utf-8")
    assert located(edited) == in_graph, "a file edited since the push no longer locates the graph's results"


def test_a_query_needing_python_on_pairs_falls_back_to_a_download(
    cli: CliRunner,
    oxigraph: Oxigraph,  # noqa: F811
    tmp_path: Path,
) -> None:
    """sh:lessThan tests odd pairs (a date against a string) in Python, on two values at once: IPCO
    says so and validates a download, with the same report."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:shape> a sh:NodeShape ; sh:targetSubjectsOf <urn:start> ;\n"
        "  sh:property [ sh:path <urn:start> ; sh:lessThan <urn:end> ] .\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text(
        '<urn:a> <urn:start> 5 ; <urn:end> "x" .\n<urn:b> <urn:start> 1 ; <urn:end> 2 .\n', encoding="utf-8"
    )
    put(oxigraph, "urn:pairs", data.read_bytes())
    shaped = ["--shapes", str(shapes), "--no-ipco-shapes", "--output-format", "json"]
    local = cli("validate", "-q", str(data), *shaped)
    remote = cli("validate", "-q", "--endpoint", oxigraph.query, "--graph", "urn:pairs", *shaped)
    assert FALLBACK in remote.err
    assert (remote.code, comparable(remote.out)) == (local.code, comparable(local.out)) == (1, comparable(local.out))
    assert len(comparable(local.out)) == 1


def test_shacl12_constraints_run_in_the_store(cli: CliRunner, store: Oxigraph | Virtuoso, tmp_path: Path) -> None:
    """sh:singleLine, sh:rootClass, sh:subsetOf, sh:someValue and the list components are plain
    SPARQL: the store runs them and the report is the local one, details included, with nothing
    downloaded."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:shape> a sh:NodeShape ; sh:targetSubjectsOf <urn:p> ;\n"
        "  sh:property [ sh:path <urn:label> ; sh:singleLine true ] ;\n"
        "  sh:property [ sh:path <urn:kind> ; sh:rootClass <urn:Animal> ; sh:subsetOf <urn:likes> ] ;\n"
        "  sh:property [ sh:path <urn:likes> ; sh:someValue [ sh:in ( <urn:Cat> ) ] ] ;\n"
        "  sh:property [ sh:path <urn:p> ; sh:minListLength 2 ; sh:uniqueMembers true ;\n"
        "    sh:memberShape [ sh:nodeKind sh:IRI ] ] .\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:Dog> rdfs:subClassOf <urn:Animal> .\n"
        '<urn:a> <urn:p> ( <urn:x> "y" <urn:x> ), <urn:notAList> ; <urn:label> "one\\ntwo" ;\n'
        "  <urn:kind> <urn:Dog>, <urn:Car> ; <urn:likes> <urn:Dog> .\n"
        "<urn:b> <urn:p> ( <urn:x> ) .\n",
        encoding="utf-8",
    )
    put(store, "urn:shacl12", data.read_bytes())
    shaped = ["--shapes", str(shapes), "--no-ipco-shapes", "--output-format", "json"]
    local = cli("validate", "-q", str(data), *shaped)
    remote = cli("validate", "-q", "--endpoint", store.query, "--graph", "urn:shacl12", *shaped)
    assert FALLBACK not in remote.err, remote.err

    def unlabelled(out: str) -> str:  # the lists are blank nodes, labelled apart by the store
        return re.sub(r'"_:[0-9a-zA-Z]+"', '"_:"', json.dumps(comparable(out), sort_keys=True))

    assert (remote.code, unlabelled(remote.out)) == (local.code, unlabelled(local.out))
    assert len(comparable(local.out)) == 11  # + urn:Car not liked; urn:a, urn:b like no urn:Cat
