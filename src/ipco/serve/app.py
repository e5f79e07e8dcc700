"""The ASGI application: routes each request to the SPARQL endpoint, an IRI, the site or the release
files, and never fails on what a client sends.

A request path is bytes until proven otherwise: percent-decoded to bytes, then read as strict UTF-8,
and refused (400) when it is not text or holds control characters, before anything uses it as a
file name or an IRI. Query strings and forms are read the same way.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from pathlib import Path
from typing import Any, TextIO, TypeVar
from urllib.parse import parse_qs, unquote_to_bytes

import pyoxigraph as ox

from ipco import __version__
from ipco.serve.cache import AnswerCache
from ipco.serve.formats import TRUNCATED_HEADER, Response, error_response
from ipco.serve.release import Release
from ipco.serve.sparql import SparqlRequest
from ipco.serve.workers import QueryPool

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: Largest POST body read (a query, not a data upload).
MAX_BODY = 1 << 20
#: A refused body up to this size is read and dropped so the client gets to read the refusal.
_DISCARD_LIMIT = 64 << 20
#: Longest request target (path and query string), as http.server had it; more is 414.
MAX_TARGET = 1 << 16
#: Form fields and query parameters read from one request: the protocol needs a handful.
_MAX_FIELDS = 1000
RELEASE_PREFIX = "/dist/"
SPARQL_PATH = "/sparql"
_ALLOW = "GET, HEAD, POST, OPTIONS"
_EXPOSED_HEADERS = f"{TRUNCATED_HEADER}, Content-Length, Content-Type, Location, Vary"
_SERVER = f"ipco/{__version__}"
_Result = TypeVar("_Result")
#: Kept in the cache for a path that names no file.
_NO_FILE = Response(HTTPStatus.NOT_FOUND, b"", None)


class BadRequest(Exception):
    """What the client sent cannot be read: answered 400 with this message."""


def decode_path(raw: bytes) -> str:
    """The request path as text: percent-decoded, strict UTF-8, no control characters."""
    try:
        path = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the path is not UTF-8 once percent-decoded") from None
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in path):
        raise BadRequest("the path holds control characters")
    return path


def parse_fields(text: bytes) -> dict[str, list[str]]:
    """A query string or a form body, as UTF-8 text; malformed ones are the client's error."""
    try:
        return parse_qs(
            text.decode("ascii", errors="strict") if text.isascii() else text.decode("utf-8"),
            keep_blank_values=True,
            errors="strict",
            max_num_fields=_MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError) as error:
        reason = "is not UTF-8" if isinstance(error, UnicodeDecodeError) else f"is malformed: {error}"
        raise BadRequest(f"the query string or form {reason}") from None


class IpcoApp:
    """The server's ASGI callable, holding the release, the query workers and the answers kept
    (``cache``, shared with the workers' pool: IRI descriptions here, query answers there)."""

    def __init__(self, release: Release, pool: QueryPool, cache: AnswerCache, log: TextIO | None) -> None:
        self.release = release
        self.pool = pool
        self.cache = cache
        self.log = log
        # Descriptions, files and listings are read off the event loop, in threads of their own:
        # the one asyncio shares would also be busy starting query workers.
        self._threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ipco-release")

    async def _off_loop(self, function: Callable[..., _Result], *args: Any) -> _Result:
        return await asyncio.get_running_loop().run_in_executor(self._threads, function, *args)

    def close(self) -> None:
        """Stop the query workers and the threads."""
        self.pool.close()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """One HTTP request: every one gets an answer, a 400 when what was sent cannot be read."""
        if scope["type"] != "http":
            return
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
        try:
            response = await self._route(scope, headers, receive)
        except BadRequest as error:
            response = error_response(HTTPStatus.BAD_REQUEST, str(error))
        if response is None:  # the client went away before sending its whole request
            return
        await self._send(send, response)
        self._log(scope, response)

    async def _route(self, scope: Scope, headers: dict[str, str], receive: Receive) -> Response | None:
        method = scope["method"]
        if len(scope["raw_path"]) + len(scope["query_string"]) > MAX_TARGET:
            return _closing(
                error_response(HTTPStatus.REQUEST_URI_TOO_LONG, f"the path and query are at most {MAX_TARGET} bytes")
            )
        path = decode_path(scope["raw_path"])
        if method == "OPTIONS":
            return _preflight()
        if method not in ("GET", "HEAD", "POST"):
            return _closing(
                error_response(HTTPStatus.METHOD_NOT_ALLOWED, "this server is read-only", ("Allow", _ALLOW))
            )
        accept = headers.get("accept")
        if path == SPARQL_PATH:
            answer = await self._sparql(method, scope["query_string"], headers, receive)
            return None if answer is None else _negotiated(answer)
        if method == "POST":
            return _closing(
                error_response(HTTPStatus.METHOD_NOT_ALLOWED, f"POST is for {SPARQL_PATH} only", ("Allow", "GET, HEAD"))
            )
        release = self.release
        if path == RELEASE_PREFIX:
            return await self._off_loop(release.listing)
        if path.startswith(RELEASE_PREFIX):
            found = await self._static(release.folder, path[len(RELEASE_PREFIX) :])
            return found or error_response(HTTPStatus.NOT_FOUND, f"no release file {path}")
        if path != "/" and release.site.is_dir():
            page = await self._static(release.site, path)
            if page is not None:
                return page
        return _negotiated(await self._resource(path, accept, headers.get("accept-language")))

    async def _resource(self, path: str, accept: str | None, accept_language: str | None) -> Response:
        """An IRI's description (or redirect), kept: the release does not change while served."""
        key = ("resource", path, accept, accept_language)
        kept = self.cache.get(key)
        if kept is None:
            kept = await self._off_loop(self.release.resource, path, accept, accept_language)
            self.cache.put(key, kept)
        return kept

    async def _static(self, root: Path, relative: str) -> Response | None:
        """A file of the site or of the release (None when there is none), kept like descriptions:
        the release is served as it was at start. That there is no file is kept too, since every
        IRI's path is looked up in the site first."""
        key = ("static", root, relative)
        kept = self.cache.get(key)
        if kept is None:
            kept = await self._off_loop(self.release.static, root, relative) or _NO_FILE
            self.cache.put(key, kept)
        return None if kept is _NO_FILE else kept

    async def _sparql(
        self, method: str, query_string: bytes, headers: dict[str, str], receive: Receive
    ) -> Response | None:
        """The SPARQL 1.1 Protocol: GET ``?query=``, POST as a form or as ``application/sparql-query``."""
        params = parse_fields(query_string)
        text: str | None = None
        if method == "POST":
            content_type = headers.get("content-type", "").split(";")[0].strip().lower()
            body = await _read_body(headers, receive)
            if not isinstance(body, bytes):
                return body
            if content_type == "application/x-www-form-urlencoded":
                for name, values in parse_fields(body).items():
                    params.setdefault(name, []).extend(values)
            elif content_type in ("application/sparql-query", "application/sparql-update"):
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError:
                    return error_response(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8")
                if content_type == "application/sparql-update":
                    params["update"], text = [text], None
            else:
                return error_response(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send the query as application/sparql-query or application/x-www-form-urlencoded",
                )
        if "update" in params:
            return error_response(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
        queries = params.get("query", [])
        if text is None and not queries:
            if method != "POST" and not params:
                endpoint = _endpoint(headers.get("host"))
                return await self._off_loop(self.release.service_description, endpoint, headers.get("accept"))
            return error_response(HTTPStatus.BAD_REQUEST, "no query: pass it as the query parameter")
        if (text is None and len(queries) > 1) or (text is not None and queries):
            return error_response(HTTPStatus.BAD_REQUEST, "one query per request")
        request = SparqlRequest(
            query=text if text is not None else queries[0],
            accept=headers.get("accept"),
            formats=tuple(params.get("format", [])),
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
        )
        return await self.pool.run(request)

    @staticmethod
    async def _send(send: Send, response: Response) -> None:
        headers = [
            (b"server", _SERVER.encode()),
            (b"content-length", str(len(response.body)).encode()),
            (b"access-control-allow-origin", b"*"),
            (b"access-control-expose-headers", _EXPOSED_HEADERS.encode()),
        ]
        if response.content_type:
            headers.append((b"content-type", response.content_type.encode()))
        headers += [(name.lower().encode(), value.encode()) for name, value in response.headers]
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body, "more_body": False})

    def _log(self, scope: Scope, response: Response) -> None:
        if self.log is None:
            return
        client = scope.get("client") or ("-", 0)
        target = scope["raw_path"].decode("ascii", errors="backslashreplace")
        if scope["query_string"]:
            target += "?" + scope["query_string"].decode("ascii", errors="backslashreplace")
        when = time.strftime("%d/%b/%Y %H:%M:%S")
        line = f'{client[0]} - [{when}] "{scope["method"]} {target} HTTP/{scope["http_version"]}" {response.status}'
        self.log.write(f"{line} {len(response.body)}\n")
        self.log.flush()


async def _read_body(headers: dict[str, str], receive: Receive) -> bytes | Response | None:
    """The request body, at most ``MAX_BODY`` bytes; None when the client left (or was timed out)."""
    declared = headers.get("content-length", "")
    too_large = declared.isdigit() and int(declared) > MAX_BODY
    if too_large and int(declared) > _DISCARD_LIMIT:
        return _closing(_too_large())
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        size += len(message.get("body", b""))
        if size <= MAX_BODY:
            chunks.append(message.get("body", b""))
        elif size > _DISCARD_LIMIT:
            return _closing(_too_large())
        if not message.get("more_body", False):
            break
    return _too_large() if too_large or size > MAX_BODY else b"".join(chunks)


def _too_large() -> Response:
    return error_response(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query is at most {MAX_BODY} bytes")


def _closing(response: Response) -> Response:
    """The response, and the connection closed after it (a body may be left unread)."""
    return Response(response.status, response.body, response.content_type, (*response.headers, ("Connection", "close")))


def _negotiated(response: Response) -> Response:
    vary = "Accept, Accept-Language" if response.status == HTTPStatus.SEE_OTHER else "Accept"
    return Response(response.status, response.body, response.content_type, (*response.headers, ("Vary", vary)))


def _preflight() -> Response:
    """CORS preflight: any origin may query."""
    return Response(
        HTTPStatus.NO_CONTENT,
        content_type=None,
        headers=(
            ("Access-Control-Allow-Methods", _ALLOW),
            ("Access-Control-Allow-Headers", "Accept, Accept-Language, Content-Type"),
            ("Access-Control-Max-Age", "86400"),
            ("Allow", _ALLOW),
        ),
    )


def _endpoint(host: str | None) -> str:
    """The endpoint's own IRI, from ``Host``; a placeholder when ``Host`` makes no IRI."""
    endpoint = f"http://{host or 'localhost'}{SPARQL_PATH}"
    try:
        ox.NamedNode(endpoint)
    except ValueError:
        return f"http://localhost{SPARQL_PATH}"
    return endpoint
