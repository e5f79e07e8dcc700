"""A real ``ipco serve`` process for the tests: started on a free port, stopped with SIGTERM, and
the urllib requests the tests make of it (shared by test_serve*.py)."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

#: The served release's limits in the tests: a short query timeout, a small result cap.
TIMEOUT = 2.0
MAX_RESULTS = 1000


@dataclass
class Server:
    url: str
    release: Path
    process: subprocess.Popen[bytes]

    @property
    def sparql(self) -> str:
        return self.url + "sparql"


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def start_server(release: Path, log: Path, *extra: str) -> Server:
    """``ipco serve`` in a subprocess on a free port (``--port 0``), once it says where it listens."""
    command = [sys.executable, "-m", "ipco", "serve", "-q", "--release", str(release), "--port", "0", *extra]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"at (http://\S+/) ", log.read_text(encoding="utf-8"))
        if found:
            return Server(found.group(1), release, process)
        if process.poll() is not None:
            raise AssertionError(f"ipco serve exited with {process.returncode}: {log.read_text(encoding='utf-8')}")
        time.sleep(0.05)
    process.kill()
    raise AssertionError("ipco serve did not start within 60 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    assert server.process.wait(timeout=15) == 0, "SIGTERM should stop the server cleanly"


def fetch(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
    """One request with urllib, not following redirects, error statuses returned rather than raised."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read())


def query_url(server: Server, query: str, **params: str) -> str:
    return server.sparql + "?" + urlencode({"query": query, **params})
