"""A Virtuoso 7.2 server (Debian's virtuoso-opensource-7-bin, `make virtuoso`) for the in-store tests:
the second, different store of issue 16. Started once per session in the foreground, with a
throwaway database in a temporary folder and both its ports (SQL and HTTP) on loopback; the
anonymous SPARQL user is granted SPARQL Update, so that the Graph Store Protocol
(``/sparql-graph-crud``) and ``ipco reason --update-endpoint`` can write."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from ipco.instore.dialect import json_results
from ipco.remote import request, sparql
from test_push import free_port

MISSING = "virtuoso-t is missing: `make virtuoso` installs it (Debian virtuoso-opensource-7-bin)"
INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
"""


@dataclass
class Virtuoso:
    url: str
    sql_port: int

    @property
    def store(self) -> str:
        """The Graph Store Protocol service."""
        return self.url + "sparql-graph-crud"

    @property
    def query(self) -> str:
        """SPARQL queries and updates."""
        return self.url + "sparql"

    @property
    def update(self) -> str:
        return self.url + "sparql"

    def select(self, query: str) -> ox.QuerySolutions:
        answer = json_results(sparql(self.query, query, "application/sparql-results+json", None).body)
        assert isinstance(answer, ox.QuerySolutions)
        return answer

    def graph(self, iri: str) -> set[ox.Triple]:
        rows = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        return {ox.Triple(s, p, o) for s, p, o in rows}  # type: ignore[arg-type]

    def count(self) -> int:
        [row] = list(self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        assert isinstance(row[0], ox.Literal)
        return int(row[0].value)

    def drop(self, *graphs: str) -> None:
        """Graphs a test wrote, dropped: the server is shared by the session."""
        body = urlencode({"update": " ; ".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)}).encode()
        request("POST", self.update, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})


def start(folder: Path, *, ini: str = INI) -> tuple[subprocess.Popen[bytes], Virtuoso]:
    """A Virtuoso server on free loopback ports, its database in ``folder``, ready to answer."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        raise FileNotFoundError(MISSING)
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(ini.format(d=folder, sql=sql, http=http), encoding="utf-8")
    log = (folder / "server.out").open("wb")
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")], cwd=folder, stdout=log, stderr=log
    )
    server = Virtuoso(f"http://127.0.0.1:{http}/", sql)
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(server.query + "?query=ASK%7B%7D", timeout=5).close()
            break
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError(f"Virtuoso did not start: {(folder / 'server.out').read_text()}") from None
            time.sleep(0.2)
    grant = 'GRANT SPARQL_UPDATE TO "SPARQL"; GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";'
    subprocess.run([isql, str(sql), "dba", "dba", f"exec={grant}"], check=True, capture_output=True, timeout=60)
    return process, server


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """One Virtuoso for the session (it takes seconds to start); every test writes graphs of its own."""
    if shutil.which("virtuoso-t") is None:
        pytest.skip(MISSING)
    process, server = start(tmp_path_factory.mktemp("virtuoso"))
    yield server
    stop(process)
