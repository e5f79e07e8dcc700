"""The W3C SPARQL 1.1 query syntax tests (tests/w3c/sparql), through `ipco query` and the endpoint.

A positive test must run (exit 0; HTTP 200), a negative one must be refused as a syntax error with
the line and column of the error (exit 2 and ``FILE:LINE:COL:``; HTTP 400 with ``LINE:COL`` in the
body). The endpoint is used only through its public HTTP behaviour (``ipco serve --port 0`` prints
its URL, ``/sparql`` takes ``query=``), so the test holds whatever server implements it. Tests that
fail for a known reason are strict xfails with that reason: they are reported, not hidden, and
start failing once the reason is gone.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection

from conftest import CliRunner

SUITE = Path(__file__).parent / "w3c" / "sparql" / "sparql11" / "syntax-query"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
DATA = """@prefix : <http://example.org/> .
:a :p 1816 ; :q "x"@en ; :r :b .
:b :p 2 ; :r :a .
"""

# Tests that fail for a reason outside `ipco query`'s control, with that reason.
KNOWN_FAILURES: dict[str, str] = {
    "cli/syntax-select-expr-04": (
        "pyoxigraph refuses to evaluate a call of an unknown extension function (<http://example/function>): "
        "`ipco query` exits 3, not supported"
    ),
    "endpoint/syntax-select-expr-04": (
        "pyoxigraph refuses to evaluate a call of an unknown extension function (<http://example/function>), "
        "which the endpoint does not answer with 200"
    ),
    "cli/syntax-construct-where-02": (
        "it parses, but its FROM <file> names a graph outside the queried dataset, which `ipco query` "
        "refuses (exit 2, at the FROM's line:col) rather than match nothing: IPCO never fetches graphs"
    ),
    "endpoint/syntax-construct-where-02": (
        "it parses, but its FROM <file> (https://w3id.org/ipco/file against the endpoint's base IRI) names a "
        "graph outside the release, which the endpoint refuses (403) rather than match nothing"
    ),
}


def _tests() -> list[tuple[str, bool, Path]]:
    """(name, positive?, query file) for every test of the manifest, in its order."""
    here = SUITE.resolve().as_uri() + "/"
    manifest = Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID=here)
    (root,) = manifest.subjects(RDF.type, MF.Manifest)
    tests = []
    for entry in Collection(manifest, manifest.value(root, MF.entries)):
        kind = str(manifest.value(entry, RDF.type)).rsplit("#", 1)[-1]
        assert kind in ("PositiveSyntaxTest11", "NegativeSyntaxTest11"), kind
        query = SUITE / str(manifest.value(entry, MF.action)).removeprefix(here)
        tests.append((query.stem, kind.startswith("Positive"), query))
    return tests


def _cases(interface: str) -> list[pytest.param]:  # type: ignore[name-defined]
    cases = []
    for name, positive, query in _tests():
        test_id = f"{interface}/{name}"
        marks = [pytest.mark.xfail(reason=KNOWN_FAILURES[test_id], strict=True)] if test_id in KNOWN_FAILURES else []
        cases.append(pytest.param(positive, query, id=f"{'positive' if positive else 'negative'}/{name}", marks=marks))
    return cases


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sparql-syntax") / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    return path


def test_the_suite_is_complete() -> None:
    """Every query file is a test, and the counts are those of the W3C suite (63 positive, 31 negative)."""
    tests = _tests()
    assert {query.name for _, _, query in tests} == {path.name for path in SUITE.glob("*.rq")}
    assert (sum(positive for _, positive, _ in tests), sum(not positive for _, positive, _ in tests)) == (63, 31)


def _cli_position(cli: CliRunner, query: Path, data: Path) -> tuple[int, int]:
    """The line and column `ipco query` reports for a negative test (which it must reject)."""
    run = cli("query", str(query), str(data))
    assert run.code == 2, f"accepted an invalid query: exit {run.code}\n{run.out}{run.err}"
    position = re.match(rf"{re.escape(str(query))}:(\d+):(\d+): ", run.err)
    assert position, f"no {query}:LINE:COL: in {run.err!r}"
    return int(position.group(1)), int(position.group(2))


@pytest.mark.parametrize(("positive", "query"), _cases("cli"))
def test_ipco_query(cli: CliRunner, data: Path, positive: bool, query: Path) -> None:
    if positive:
        run = cli("query", str(query), str(data))
        assert run.code == 0, run.err
    else:
        _cli_position(cli, query, data)


# -- through the endpoint ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``ipco serve`` over the built release on a free port; yields the SPARQL endpoint's URL."""
    log = tmp_path_factory.mktemp("sparql-syntax-serve") / "serve.log"
    command = [sys.executable, "-m", "ipco", "serve", "-q", "--release", str(release), "--port", "0"]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        url = None
        while url is None:
            found = re.search(r"(http://[^\s/]+/)", log.read_text(encoding="utf-8"))
            url = found.group(1) if found else None
            assert process.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "ipco serve did not say where it listens within 60 s"
            time.sleep(0.05)
        yield url + "sparql"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.mark.parametrize(("positive", "query"), _cases("endpoint"))
def test_endpoint(cli: CliRunner, endpoint: str, data: Path, positive: bool, query: Path) -> None:
    status, body = _get(endpoint + "?" + urlencode({"query": query.read_text(encoding="utf-8")}))
    if positive:
        assert status == 200, body
    else:
        line, column = _cli_position(cli, query, data)
        assert status == 400, body
        assert f"{line}:{column}" in body, f"no {line}:{column} in {body!r}"
