"""``ipco push`` (SPARQL 1.1 Graph Store Protocol) and ``ipco validate --endpoint``, against a real
Oxigraph server started by the tests, and against a tiny local handler for authentication and
failures."""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox
import pytest

from conftest import ROOT, CliRunner
from ipco.push import graph_url

FIXTURES = ROOT / "tests" / "fixtures"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_binary() -> str:
    """The server the ``oxigraph`` package (a dev dependency) installs next to this Python."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert found, "the oxigraph server is missing: install the dev dependencies (`make install`)"
    return found


@dataclass
class Oxigraph:
    url: str

    @property
    def store(self) -> str:
        return self.url + "store"

    @property
    def query(self) -> str:
        return self.url + "query"

    @property
    def update(self) -> str:
        return self.url + "update"

    def dataset(self) -> ox.Dataset:
        """Everything the store holds, read back with the Graph Store Protocol."""
        request = urllib.request.Request(self.store, headers={"Accept": "application/n-quads"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return ox.Dataset(ox.parse(response.read(), format=ox.RdfFormat.N_QUADS))

    def graph(self, iri: str) -> set[ox.Triple]:
        request = urllib.request.Request(graph_url(self.store, iri), headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return {q.triple for q in ox.parse(response.read(), format=ox.RdfFormat.N_TRIPLES)}

    def count(self) -> int:
        body = urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}).encode()
        request = urllib.request.Request(self.query, data=body, headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.read().decode().split()[1])


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[Oxigraph]:
    """A fresh Oxigraph server on a free local port, with its data in a temporary folder."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError("the Oxigraph server did not start") from None
            time.sleep(0.05)
    yield Oxigraph(url)
    process.terminate()
    process.wait(timeout=10)


def canonical(dataset: ox.Dataset) -> list[str]:
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(quad) for quad in dataset)


def as_dataset(triples: Iterable[ox.Triple]) -> ox.Dataset:
    return ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)


def release_dataset(release: Path) -> ox.Dataset:
    return ox.Dataset(ox.parse(path=str(release / "ipco.nq"), format=ox.RdfFormat.N_QUADS))


def test_push_round_trip(cli: CliRunner, release: Path, oxigraph: Oxigraph) -> None:
    run = cli("push", "-q", "--endpoint", oxigraph.store, "--release", str(release))
    assert run.code == 0, run.err
    expected = release_dataset(release)
    graphs = sorted({str(q.graph_name.value) for q in expected if isinstance(q.graph_name, ox.NamedNode)})
    assert f"pushed {len(graphs)} graphs ({len(expected)} triples)" in run.out
    for graph in graphs:
        assert f"PUT <{graph}>" in run.out
        stored = oxigraph.graph(graph)
        pushed = [q.triple for q in expected if q.graph_name == ox.NamedNode(graph)]
        assert len(stored) == len(pushed)
        assert canonical(as_dataset(stored)) == canonical(as_dataset(pushed)), f"<{graph}> is isomorphic"
    assert canonical(oxigraph.dataset()) == canonical(expected), "the store holds the release, blank nodes and all"


def test_push_twice_replaces(cli: CliRunner, release: Path, oxigraph: Oxigraph) -> None:
    stale = "https://w3id.org/ipco/graph/sources"
    request = urllib.request.Request(
        graph_url(oxigraph.store, stale),
        data=b"<urn:stale> <urn:stale> <urn:stale> .\n",
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    urllib.request.urlopen(request, timeout=30).close()
    for _ in range(2):
        assert cli("push", "-q", "--endpoint", oxigraph.store, "--release", str(release)).code == 0
    assert oxigraph.count() == len(release_dataset(release))
    assert ox.Triple(ox.NamedNode("urn:stale"), ox.NamedNode("urn:stale"), ox.NamedNode("urn:stale")) not in (
        oxigraph.graph(stale)
    )


def comparable(report_json: str) -> list[dict[str, object]]:
    """Results without where they are written: files have lines, an endpoint has none."""
    results = json.loads(report_json)["results"]
    return sorted(
        ({k: v for k, v in result.items() if k not in ("file", "line", "column")} for result in results),
        key=lambda result: json.dumps(result, sort_keys=True),
    )


def test_validate_endpoint_gives_the_local_report(cli: CliRunner, release: Path, oxigraph: Oxigraph) -> None:
    assert cli("push", "-q", "--endpoint", oxigraph.store, "--release", str(release)).code == 0
    local = cli("validate", "-q", str(ROOT / "data"), "--output-format", "json")
    remote = cli("validate", "-q", "--endpoint", oxigraph.query, "--output-format", "json")
    assert remote.code == local.code == 0, remote.err
    assert comparable(remote.out) == comparable(local.out)
    assert comparable(local.out), "the project's data has warnings and infos: the comparison is not empty"
    where = [(Path(r["file"]).name, r["line"], r["column"]) for r in json.loads(remote.out)["results"]]
    expected = [(Path(r["file"]).name, r["line"], r["column"]) for r in json.loads(local.out)["results"]]
    assert sorted(where) == sorted(expected), "in the store, results are located in the files pushed from data/"
    downloaded = cli("validate", "-q", "--endpoint", oxigraph.query, "--download", "--output-format", "json")
    located = json.loads(downloaded.out)["results"][0]
    assert located["file"].endswith(f"at {oxigraph.query}") and located["line"] is None


def test_validate_endpoint_finds_violations(
    cli: CliRunner, oxigraph: Oxigraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = "https://w3id.org/ipco/graph/three-violations"
    broken = tmp_path / "release"
    broken.mkdir()
    quads = ox.parse(path=str(FIXTURES / "three-violations.ttl"), format=ox.RdfFormat.TURTLE)
    (broken / "ipco.nq").write_bytes(
        ox.serialize(
            [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph)) for q in quads],
            format=ox.RdfFormat.N_QUADS,
        )
        or b""
    )
    assert cli("push", "-q", "--endpoint", oxigraph.store, "--release", str(broken)).code == 0
    local = cli("validate", "-q", str(FIXTURES / "three-violations.ttl"), "--output-format", "json")
    remote = cli("validate", "-q", "--endpoint", oxigraph.query, "--graph", graph, "--output-format", "json")
    assert remote.code == local.code == 1
    assert comparable(remote.out) == comparable(local.out)
    assert json.loads(remote.out)["summary"]["violation"] == 3


def test_validate_endpoint_without_data_graphs(cli: CliRunner, oxigraph: Oxigraph) -> None:
    run = cli("validate", "-q", "--endpoint", oxigraph.query)
    assert run.code == 2
    assert "holds no IPCO data graph" in run.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["data", "--endpoint", "http://127.0.0.1:9/query"], "either PATHs or --endpoint"),
        (["data", "--graph", "https://w3id.org/ipco/graph/sources"], "pass --endpoint URL too"),
        (["--endpoint", "ftp://example.org/query"], "not an http:// or https:// endpoint"),
    ],
)
def test_validate_endpoint_usage_errors(cli: CliRunner, args: list[str], message: str) -> None:
    run = cli("validate", "-q", *args)
    assert run.code == 2
    assert message in run.err


# -- a local handler for authentication and failures ------------------------------------------------


@dataclass
class Recorder:
    """What the fake store received, and what it should answer."""

    status: int = 201
    message: bytes = b""
    requests: list[tuple[str, str, str | None, str | None, bytes]] = field(default_factory=list)


@pytest.fixture
def fake_store() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            graph = parse_qs(urlsplit(self.path).query).get("graph", [""])[0]  # none: the dataset (POST)
            recorder.requests.append(
                (self.command, graph, self.headers.get("Authorization"), self.headers.get("Content-Type"), body)
            )
            expected = "Basic " + base64.b64encode(b"alice:s3cret:with-colon").decode()
            status, message = recorder.status, recorder.message
            if recorder.status == 201 and self.headers.get("Authorization") != expected:
                status, message = 401, b"Unauthorized: credentials required"
            self.send_response(status)
            self.send_header("Content-Length", str(len(message)))
            self.end_headers()
            self.wfile.write(message)

        def do_POST(self) -> None:  # blank nodes shared between graphs go in one N-Quads POST
            self.do_PUT()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/rdf-graphs/service", recorder
    server.shutdown()
    server.server_close()


def test_push_sends_basic_auth_from_the_environment(
    cli: CliRunner, release: Path, fake_store: tuple[str, Recorder], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, recorder = fake_store
    monkeypatch.setenv("IPCO_STORE_AUTH", "alice:s3cret:with-colon")
    run = cli("push", "-q", "--endpoint", url, "--release", str(release), "--auth-env", "IPCO_STORE_AUTH")
    assert run.code == 0, run.err
    assert recorder.requests
    method, graph, authorization, content_type, body = recorder.requests[0]
    assert method == "PUT"
    assert graph.startswith("https://w3id.org/ipco/graph/")
    assert authorization == "Basic " + base64.b64encode(b"alice:s3cret:with-colon").decode()
    assert content_type == "text/turtle; charset=utf-8"
    assert ox.parse(body, format=ox.RdfFormat.TURTLE)


def test_push_without_credentials_reports_401(cli: CliRunner, release: Path, fake_store: tuple[str, Recorder]) -> None:
    url, _ = fake_store
    run = cli("push", "-q", "--endpoint", url, "--release", str(release))
    assert run.code == 2
    assert "HTTP 401" in run.err
    assert "credentials required" in run.err
    assert "--auth-env" in run.err


def test_push_reports_the_server_message(
    cli: CliRunner, release: Path, fake_store: tuple[str, Recorder], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, recorder = fake_store
    recorder.status, recorder.message = 500, b"disk full on the store"
    run = cli("push", "-q", "--endpoint", url, "--release", str(release))
    assert run.code == 2
    assert "HTTP 500" in run.err and "disk full on the store" in run.err
    assert len(recorder.requests) == 1, "the push stops at the first refusal"


def test_push_to_an_unreachable_endpoint(cli: CliRunner, release: Path) -> None:
    run = cli("push", "-q", "--endpoint", f"http://127.0.0.1:{free_port()}/store", "--release", str(release))
    assert run.code == 2
    assert "cannot reach the endpoint" in run.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--auth-env", "IPCO_NOT_SET_ANYWHERE"], "IPCO_NOT_SET_ANYWHERE is not set"),
        (["--endpoint", "file:///etc/passwd"], "not an http:// or https:// endpoint"),
    ],
)
def test_push_usage_errors(cli: CliRunner, release: Path, args: list[str], message: str) -> None:
    endpoint = [] if "--endpoint" in args else ["--endpoint", "http://127.0.0.1:9/store"]
    run = cli("push", "-q", *endpoint, "--release", str(release), *args)
    assert run.code == 2
    assert message in run.err


def test_push_without_a_release(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("push", "-q", "--endpoint", "http://127.0.0.1:9/store", "--release", str(tmp_path))
    assert run.code == 2
    assert "no built release here" in run.err


def test_blank_nodes_shared_between_graphs_are_sent_together() -> None:
    """A blank node in two graphs, and every blank node linked to it, leave the per-graph PUTs."""
    from ipco.push import shared_blank_quads

    shared, linked, alone = ox.BlankNode("shared"), ox.BlankNode("linked"), ox.BlankNode("alone")
    p, x = ox.NamedNode("urn:p"), ox.NamedNode("urn:x")
    data, inferred = ox.NamedNode("urn:data"), ox.NamedNode("urn:inferred")
    graphs = {
        "urn:data": [ox.Quad(shared, p, linked, data), ox.Quad(linked, p, x, data), ox.Quad(alone, p, x, data)],
        "urn:inferred": [ox.Quad(x, p, shared, inferred)],
    }
    assert shared_blank_quads(graphs) == {
        ox.Quad(shared, p, linked, data),
        ox.Quad(linked, p, x, data),
        ox.Quad(x, p, shared, inferred),
    }
    assert shared_blank_quads({"urn:data": graphs["urn:data"]}) == set()
