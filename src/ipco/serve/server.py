"""The HTTP server: uvicorn running the ASGI app, with the limits a server on the web needs.

uvicorn gives the keep-alive idle timeout, the connection limit (503 past it), the header size
limit and the graceful shutdown on SIGINT/SIGTERM. It has no time limit on reading a request, so a
client sending its headers one byte at a time (slowloris) would hold a connection for ever: the
protocol below adds one, for the headers and again for the body, and answers 408 when it expires.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import re
import signal
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ipco.errors import IpcoError, UsageError
from ipco.serve.app import IpcoApp
from ipco.serve.cache import DEFAULT_CACHE_MIB, AnswerCache
from ipco.serve.release import Release
from ipco.serve.workers import QueryPool

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RESULTS = 10_000
DEFAULT_WORKERS = 2
DEFAULT_MAX_CONNECTIONS = 1000
DEFAULT_READ_TIMEOUT = 10.0
#: A kept-alive connection with no request for this long is closed.
KEEP_ALIVE = 5.0
#: Request line and headers arriving in pieces are buffered up to this size, then answered 400
#: (a target over ``app.MAX_TARGET`` that arrives at once is answered 414).
MAX_HEADER_BYTES = 80 << 10
_HOST_NAME = re.compile(r"^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(?:\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$")
_TIMED_OUT = (
    b"HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n"
    b"Connection: close\r\n\r\n%s"
)


def read_limited_protocol(read_timeout: float) -> type[H11Protocol]:
    """uvicorn's HTTP/1.1 protocol, with ``read_timeout`` seconds to send a request's headers
    (counted from the connection or from the request's first byte) and again its body."""

    class ReadLimitedProtocol(H11Protocol):
        _read_timer: asyncio.TimerHandle | None = None
        _timed_state: object = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._follow_reading()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            self._follow_reading()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_timer()
            super().connection_lost(exc)

        def _follow_reading(self) -> None:
            """Time the part of the request being read: a new clock for the headers, then the body;
            none while the app answers or the connection idles (uvicorn's keep-alive times that)."""
            state = self.conn.their_state
            idle = state is h11.IDLE and not self.conn.trailing_data[0]
            if state not in (h11.IDLE, h11.SEND_BODY) or (idle and self.timeout_keep_alive_task is not None):
                self._stop_timer()
            elif self._timed_state is not state:
                self._stop_timer()
                self._timed_state = state
                self._read_timer = self.loop.call_later(read_timeout, self._read_timed_out)

        def _stop_timer(self) -> None:
            if self._read_timer is not None:
                self._read_timer.cancel()
            self._read_timer, self._timed_state = None, None

        def _read_timed_out(self) -> None:
            self._read_timer, self._timed_state = None, None
            if self.transport.is_closing():
                return
            partial = self.conn.their_state is h11.SEND_BODY or bool(self.conn.trailing_data[0])
            answered = self.cycle is not None and self.cycle.response_started and not self.cycle.response_complete
            if partial and not answered:
                message = f"408 Request Timeout: the request was not sent within {read_timeout:g} s\n".encode()
                self.transport.write(_TIMED_OUT % (len(message), message))
            self.transport.close()

    return ReadLimitedProtocol


@dataclass
class IpcoServer:
    """A bound socket, the release and its query workers, ready to serve."""

    listener: socket.socket
    app: IpcoApp
    config: uvicorn.Config

    @property
    def url(self) -> str:
        host, port = str(self.listener.getsockname()[0]), self.listener.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def close(self) -> None:
        self.listener.close()
        self.app.close()


def make_server(
    release_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = DEFAULT_TIMEOUT,
    max_results: int = DEFAULT_MAX_RESULTS,
    workers: int = DEFAULT_WORKERS,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    cache_mib: int = DEFAULT_CACHE_MIB,
    log: TextIO | None = None,
) -> IpcoServer:
    """A server listening on ``host:port`` (0 picks a free port), its workers ready; ``serve`` runs it."""
    if not 0 <= port <= 65535:
        raise UsageError(f"port {port} is not between 0 and 65535")
    if timeout <= 0 or read_timeout <= 0 or max_results < 1 or workers < 1 or max_connections < 1 or cache_mib < 0:
        raise UsageError(
            "--timeout and --read-timeout must be positive; --max-results, --workers and --max-connections "
            "at least 1; --cache at least 0"
        )
    _allow_descriptors(max_connections)
    listener = _listen(host, port)
    try:
        release = Release.open(release_dir)
        cache = AnswerCache(cache_mib << 20)
        pool = QueryPool(
            release_dir,
            size=workers,
            timeout=timeout,
            max_results=max_results,
            version=release.version,
            cache=cache,
        )
    except BaseException:
        listener.close()
        raise
    app = IpcoApp(release, pool, cache, log)
    config = uvicorn.Config(
        app,
        http=read_limited_protocol(read_timeout),
        ws="none",
        lifespan="off",
        loop="asyncio",
        log_config=None,
        access_log=False,
        server_header=False,
        timeout_keep_alive=int(KEEP_ALIVE),
        limit_concurrency=max_connections,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        timeout_graceful_shutdown=int(timeout + read_timeout) + 1,
    )
    _route_uvicorn_log(log)
    return IpcoServer(listener, app, config)


def serve(server: IpcoServer) -> None:
    """Answer requests until SIGINT (KeyboardInterrupt afterwards) or SIGTERM (a plain return),
    letting the requests under way finish first; then stop the workers."""
    main = threading.current_thread() is threading.main_thread()
    # uvicorn re-raises the signal that stopped it once the handler it found is back: for SIGTERM
    # that handler must not kill the process, so the workers are stopped and the exit code is 0.
    previous = signal.signal(signal.SIGTERM, _stopped) if main else None
    try:
        uvicorn.Server(server.config).run(sockets=[server.listener])
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
        server.close()


def _stopped(signum: int, frame: object) -> None:
    """SIGTERM after uvicorn's graceful shutdown: nothing more to do."""


def _allow_descriptors(connections: int) -> None:
    """Raise the open-file limit to what ``connections`` need (sockets, worker pipes), as far as
    the hard limit allows: past it, accept() would fail instead of the clean 503."""
    import resource  # POSIX only: imported here so that ``ipco`` itself still loads elsewhere

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + 256
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, ceiling), hard))


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or an error saying which of the two is wrong."""
    family = _family(host)
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say so, and without it a
    # response's headers and body, written apart, wait 40 ms for the client's delayed ACK.
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(2048)
    except OSError as error:
        listener.close()
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if error.errno == errno.EADDRNOTAVAIL:
            raise UsageError(
                f"cannot listen on {where}: {error.strerror}",
                hint="--host must be an address of this machine (127.0.0.1, ::1, 0.0.0.0)",
            ) from None
        if error.errno == errno.EACCES:
            raise UsageError(f"cannot listen on {where}: {error.strerror}", hint="pick a --port above 1023") from None
        raise IpcoError(f"cannot listen on {where}: {error.strerror}", hint="pick another --port") from None
    listener.setblocking(False)
    return listener


def _family(host: str) -> socket.AddressFamily:
    """The address family of ``host``: an IP address, or a host name this machine resolves."""
    hint = "give an IP address of this machine (127.0.0.1, ::1, 0.0.0.0) or a host name it resolves"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if re.fullmatch(r"[\d.]+", host) or ":" in host or not _HOST_NAME.match(host):
            raise UsageError(f"--host {host!r} is not a valid IP address or host name", hint=hint) from None
        try:
            found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        except (socket.gaierror, UnicodeError) as error:
            raise UsageError(f"--host {host!r} does not resolve: {error}", hint=hint) from None
        return found[0][0]
    return socket.AF_INET6 if address.version == 6 else socket.AF_INET


class _NoTraceback(logging.Formatter):
    """uvicorn's own messages, one line each: an error's type and message, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.levelname.lower()}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            line += f": {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        return line


def _route_uvicorn_log(log: TextIO | None) -> None:
    """uvicorn's warnings (a malformed request, the connection limit reached) go to the access log,
    or nowhere with ``-q``; never to Python's last-resort handler."""
    logger = logging.getLogger("uvicorn")
    logger.propagate = False
    for old in list(logger.handlers):
        logger.removeHandler(old)
    handler: logging.Handler = logging.StreamHandler(log) if log is not None else logging.NullHandler()
    handler.setFormatter(_NoTraceback())
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
