"""``ipco serve`` against hostile or careless clients: every byte sequence in a path, slow headers
and bodies (slowloris), more connections than allowed, runaway queries beside ordinary ones, bad
``--host`` values, and the signals that stop it. Raw sockets, so nothing a client library would
refuse to send goes untested."""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipco.serve.server import KEEP_ALIVE
from serve_server import Server, fetch, query_url, start_server, stop_server

#: The routes a path byte can land in: the site, IRIs, release files, graphs, the endpoint.
ROUTES = ("/", "/id/", "/dist/", "/graph/", "/en/", "/sparql?query=")
READ_TIMEOUT = 1.0
MAX_CONNECTIONS = 8
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def served(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with a short read timeout and few connections, so the limits show in a test."""
    folder = tmp_path_factory.mktemp("hostile") / "dist"
    shutil.copytree(release, folder)
    running = start_server(
        folder,
        folder.parent / "serve.log",
        "--read-timeout",
        str(READ_TIMEOUT),
        "--max-connections",
        str(MAX_CONNECTIONS),
        "--timeout",
        str(TIMEOUT),
    )
    yield running
    stop_server(running)


def address(server: Server) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    return host, int(port)


def exchange(server: Server, request: bytes, timeout: float = 15) -> bytes:
    """Send ``request`` on a fresh connection and read everything until the server closes it."""
    with socket.create_connection(address(server), timeout=timeout) as connection:
        connection.sendall(request)
        chunks = []
        while True:
            try:
                chunk = connection.recv(1 << 16)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def status(reply: bytes, target: bytes) -> int:
    assert reply.startswith(b"HTTP/1.1 "), f"{target!r}: no status line, got {reply[:60]!r}"
    return int(reply[9:12])


def get(server: Server, target: bytes) -> tuple[int, bytes]:
    reply = exchange(
        server, b"GET " + target + b" HTTP/1.1\r\nHost: test\r\nAccept: text/turtle\r\nConnection: close\r\n\r\n"
    )
    return status(reply, target), reply


# -- every byte in every route ----------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_every_percent_encoded_byte_gets_a_status_line_and_no_5xx(served: Server, route: str) -> None:
    for byte in range(256):
        for target in (f"{route}%{byte:02X}", f"{route}a%{byte:02X}b"):
            code, reply = get(served, target.encode())
            assert code < 500, (target, reply[:200])
            assert b"root:" not in reply


@pytest.mark.parametrize("route", ["/", "/id/", "/sparql?query="])
def test_every_raw_byte_gets_a_status_line_and_no_5xx(served: Server, route: str) -> None:
    for byte in range(256):
        target = route.encode() + bytes([byte]) + b"x"
        code, reply = get(served, target)
        assert code < 500, (target, reply[:200])


@pytest.mark.parametrize("target", ["/%00", "/id/%00", "/id/%ff%fe", "/dist/%00", "/en/%00.html", "/graph/%00"])
def test_paths_reported_by_the_outside_tester_are_400(served: Server, target: str) -> None:
    """They used to get an empty reply (a ValueError in the log)."""
    code, reply = get(served, target.encode())
    assert code == 400, reply
    assert b"400 Bad Request: the path" in reply


@pytest.mark.parametrize(
    "target",
    [
        "/id/%c0%af",  # overlong "/"
        "/id/%e0%80%ae",  # overlong "."
        "/dist/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/id/%ed%a0%80",  # a surrogate
        "/id/%f4%90%80%80",  # past U+10FFFF
        "/id/%f8%88%80%80%80",  # five-byte form
        "/id/%80",  # a lone continuation byte
        "/id/%c3",  # truncated
        "/id/caf%e9",  # Latin-1, not UTF-8
        "/sparql?query=ASK%7B%7D%ff",
        "/sparql?query=%c0%af",
    ],
)
def test_invalid_utf8_is_400(served: Server, target: str) -> None:
    code, reply = get(served, target.encode())
    assert code == 400, reply


@pytest.mark.parametrize(
    "target",
    [
        "/..",
        "/../../../../etc/passwd",
        "/dist/..",
        "/dist/../../../../etc/passwd",
        "/dist/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/dist/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/en/../../../../../etc/passwd",
        "/en/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/dist/....//....//etc/passwd",
        "/dist/%5c..%5c..%5cetc%5cpasswd",
        "/" + "a/" * 3000,
        "/id/" + "x" * 8000,
        "/dist/" + "%2e%2e/" * 1500 + "etc/passwd",
    ],
)
def test_traversal_and_long_paths_are_refused_with_a_4xx(served: Server, target: str) -> None:
    code, reply = get(served, target.encode())
    assert 400 <= code < 500 or (code == 200 and b"root:" not in reply), (code, reply[:200])
    assert b"root:" not in reply


@pytest.mark.parametrize("size", [70_000, 200_000])
def test_a_path_longer_than_the_limit_is_refused(served: Server, size: int) -> None:
    code, _ = get(served, b"/" + b"a" * size)
    assert code in (400, 414)


def test_a_request_line_that_is_not_http_is_400(served: Server) -> None:
    for request in (b"\x00\x01\x02\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/1.1\r\n\r\n", b"\xff\xfe / HTTP/1.1\r\n\r\n"):
        assert status(exchange(served, request), request) == 400


# -- slow clients and too many of them ---------------------------------------------------------------


def test_slow_headers_are_cut_off_while_others_are_answered(served: Server) -> None:
    """Slowloris: connections trickling a header line at a time get 408 after ``--read-timeout``
    and are closed; ordinary requests are answered meanwhile."""
    slow = [socket.create_connection(address(served), timeout=10) for _ in range(4)]
    silent = socket.create_connection(address(served), timeout=10)
    try:
        started = time.monotonic()
        for connection in slow:
            connection.sendall(b"GET /id/dgsi HTTP/1.1\r\nHost: test\r\n")
            connection.setblocking(False)
        received = {connection: b"" for connection in slow}
        closed_at: dict[socket.socket, float] = {}
        while len(closed_at) < len(slow) and time.monotonic() - started < READ_TIMEOUT + 5:
            for connection in slow:
                if connection in closed_at:
                    continue
                try:
                    connection.sendall(b"X-Slow: 1\r\n")
                    chunk = connection.recv(4096)
                except BlockingIOError:
                    continue
                except (BrokenPipeError, ConnectionResetError):
                    chunk = b""
                received[connection] += chunk
                if not chunk:
                    closed_at[connection] = time.monotonic() - started
            before = time.monotonic()
            assert fetch(served.url + "id/dgsi", headers={"Accept": "text/turtle"}).status == 200
            assert time.monotonic() - before < 1.0
            time.sleep(0.1)
        assert len(closed_at) == len(slow), "slow connections were left open"
        for connection, seconds in closed_at.items():
            assert received[connection].startswith(b"HTTP/1.1 408 "), received[connection]
            assert READ_TIMEOUT - 0.1 <= seconds < READ_TIMEOUT + 2
        silent.settimeout(READ_TIMEOUT + 3)
        assert silent.recv(4096) == b"", "a connection that sends nothing is closed without a reply"
    finally:
        for connection in [*slow, silent]:
            connection.close()


def test_a_slow_body_is_cut_off(served: Server) -> None:
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n"
    )
    with socket.create_connection(address(served), timeout=READ_TIMEOUT + 5) as connection:
        started = time.monotonic()
        connection.sendall(head + b"ASK {")
        reply = connection.recv(4096)
        assert reply.startswith(b"HTTP/1.1 408 "), reply
        assert time.monotonic() - started < READ_TIMEOUT + 2


def test_past_the_connection_limit_requests_get_503_then_service_resumes(served: Server) -> None:
    idle = [socket.create_connection(address(served), timeout=10) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(0.2)
        reply = fetch(served.url + "id/dgsi", headers={"Accept": "text/turtle"})
        assert reply.status == 503
    finally:
        for connection in idle:
            connection.close()
    time.sleep(0.3)
    assert fetch(served.url + "id/dgsi", headers={"Accept": "text/turtle"}).status == 200


def test_ordinary_queries_stay_fast_while_runaway_ones_run(served: Server) -> None:
    """Runaway queries use up their time limit in the long lane; the fast lane keeps answering."""
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?hostile }"
    assert fetch(query_url(served, runaway)).status == 503  # stopped, and now known to be slow
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(fetch(query_url(served, runaway)).status)) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    latencies = []
    while any(thread.is_alive() for thread in threads):
        started = time.monotonic()
        assert fetch(query_url(served, "ASK { ipcoid:dgsi ?p ?o }")).status == 200
        latencies.append(time.monotonic() - started)
    for thread in threads:
        thread.join()
    assert statuses == [503, 503, 503]
    assert len(latencies) > 10
    assert sorted(latencies)[int(len(latencies) * 0.95)] < 0.25, latencies


# -- the command line --------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["999.1.1.1", "1.2.3", "::g", "bad host", "a..b", "256.0.0.1"])
def test_an_invalid_host_is_a_usage_error(release: Path, host: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ipco", "serve", "--release", str(release), "--port", "0", "--host", host],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "not a valid IP address or host name" in done.stderr
    assert "--port" not in done.stderr and "Traceback" not in done.stderr


def test_an_address_of_another_machine_is_a_usage_error(release: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ipco", "serve", "--release", str(release), "--port", "0", "--host", "192.0.2.1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "--host must be an address of this machine" in done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_stops_with_130_and_sigterm_lets_a_request_finish(release: Path, tmp_path: Path) -> None:
    interrupted = start_server(release, tmp_path / "int.log")
    interrupted.process.send_signal(signal.SIGINT)
    assert interrupted.process.wait(timeout=15) == 130
    log = (tmp_path / "int.log").read_text(encoding="utf-8")
    assert "ipco: interrupted" in log and "Traceback" not in log

    terminated = start_server(release, tmp_path / "term.log", "--timeout", "2")
    answers: list[int] = []
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?term }"
    request = threading.Thread(target=lambda: answers.append(fetch(query_url(terminated, slow)).status))
    request.start()
    time.sleep(0.5)
    terminated.process.send_signal(signal.SIGTERM)
    request.join(timeout=20)
    assert answers == [503], "the request under way is answered before the server stops"
    assert terminated.process.wait(timeout=15) == 0
    assert "Traceback" not in (tmp_path / "term.log").read_text(encoding="utf-8")


def test_kept_alive_requests_are_not_held_back_by_delayed_acks(served: Server) -> None:
    """Headers and body are written apart: without TCP_NODELAY each answer on a kept-alive
    connection waited some 40 ms for the client's delayed ACK."""
    host, port = address(served)
    connection = http.client.HTTPConnection(host, port, timeout=10)
    timings = []
    for _ in range(15):
        started = time.monotonic()
        connection.request("GET", "/dist/SHA256SUMS")
        assert connection.getresponse().read()
        timings.append(time.monotonic() - started)
    connection.close()
    assert sorted(timings)[len(timings) // 2] < 0.03, timings


def test_an_idle_kept_alive_connection_is_closed(served: Server) -> None:
    """After an answer, a connection that sends nothing more is closed after the keep-alive time."""
    with socket.create_connection(address(served), timeout=KEEP_ALIVE + 5) as connection:
        connection.sendall(b"GET /dist/SHA256SUMS HTTP/1.1\r\nHost: test\r\n\r\n")
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += connection.recv(1 << 16)
        answered = time.monotonic()
        declared = re.search(rb"content-length: (\d+)", reply, re.IGNORECASE)
        assert declared
        length = int(declared.group(1))
        body = reply.partition(b"\r\n\r\n")[2]
        while len(body) < length:
            body += connection.recv(1 << 16)
        assert connection.recv(1) == b""
        assert KEEP_ALIVE - 0.5 <= time.monotonic() - answered < KEEP_ALIVE + 2
