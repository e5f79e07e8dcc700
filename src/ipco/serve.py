"""Serve: the release over HTTP, read-only and offline.

- ``/sparql`` is a SPARQL 1.1 Protocol endpoint (https://www.w3.org/TR/sparql11-protocol/) over the
  release, as ``ipco query`` sees it: asserted and inferred triples, named graphs kept, the default
  graph their merge;
- every IPCO IRI ``https://w3id.org/ipco/<path>`` is served at ``/<path>`` by content negotiation:
  its description in RDF, or for browsers a 303 to its documentation page;
- the documentation site (``dist/site/``) is served at ``/`` and the release files at ``/dist/``.

Queries run in worker processes that each hold a copy of the (small) release: pyoxigraph evaluates
in Rust with no way to interrupt it, so a query past its time limit is stopped by killing its
process, and a fresh worker takes its place. Nothing here ever opens a connection: ``SERVICE`` and
``LOAD`` are refused, and ``FROM`` may only name the release's own graphs.
"""

from __future__ import annotations

import html
import mimetypes
import multiprocessing
import os
import queue
import re
import signal
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import parse_qs, unquote, urlsplit

import pyoxigraph as ox

from ipco import __version__
from ipco.errors import IpcoError, LoadError, RemoteResourceRefused, UsageError
from ipco.export import used_prefixes
from ipco.namespaces import IPCO, IPCO_GRAPH, ONTOLOGY_IRI, PREFIXES, RDF
from ipco.negotiate import Format, language, negotiate
from ipco.query import mask_inert, open_release, refuse_federation, render_answer, run_query
from ipco.site.paths import LANGUAGES, index_path, page_path
from ipco.syntaxes import SYNTAXES, syntax_named

#: SPARQL results (SELECT, ASK), in the server's order of preference.
RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
#: RDF graphs (CONSTRUCT, DESCRIBE, resource descriptions).
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", ("application/x-turtle", "application/turtle"), ("ttl",)),
    Format("ntriples", "application/n-triples", ("text/plain",), ("nt", "n-triples")),
    Format("jsonld", "application/ld+json", ("application/json",), ("json-ld", "json")),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), ("rdf", "xml", "rdf+xml")),
)
HTML = Format("html", "text/html", ("application/xhtml+xml",))

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RESULTS = 10_000
DEFAULT_WORKERS = 2
#: Largest POST body read (a query, not a data upload).
MAX_BODY = 1 << 20
_DISCARD_LIMIT = 64 << 20
#: Header sent when the result cap cut an answer short (the name Virtuoso uses).
TRUNCATED_HEADER = "X-SPARQL-MaxRows"
RELEASE_PREFIX = "/dist/"
SPARQL_PATH = "/sparql"
_EXPOSED_HEADERS = f"{TRUNCATED_HEADER}, Content-Length, Content-Type, Location, Vary"
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_FROM = re.compile(r"(?<![\w?$:.%\\-])FROM\s+(?:NAMED\s+)?(<[^<>\s]*>|[^\s<>{}()]*:[^\s<>{}()]*)", re.IGNORECASE)
_PREFIX = re.compile(r"\bPREFIX\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
_SERVICE_DESCRIPTION = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS_NS = "http://www.w3.org/ns/formats/"
_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)


@dataclass(frozen=True)
class Response:
    """What the server sends: a status, a body, its type and any further headers."""

    status: int
    body: bytes = b""
    content_type: str | None = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def _error(status: HTTPStatus, message: str, *headers: tuple[str, str]) -> Response:
    return Response(status, f"{status.value} {status.phrase}: {message}\n".encode(), headers=headers)


def _not_acceptable(offers: Iterable[Format]) -> Response:
    types = ", ".join(offer.media_type for offer in offers)
    return _error(HTTPStatus.NOT_ACCEPTABLE, f"no acceptable format; this resource is available as {types}")


# -- SPARQL queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SparqlRequest:
    """A query with the protocol's parameters, as sent to a worker process."""

    query: str
    accept: str | None = None
    formats: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def release_graphs(store: ox.Store) -> frozenset[str]:
    """The IRIs of the release's named graphs: the only graphs a query may name."""
    return frozenset(str(graph.value) for graph in store.named_graphs())


def is_update(text: str) -> bool:
    """True for SPARQL Update requests (``INSERT``, ``LOAD``, ``DROP``…), refused by the endpoint."""
    return bool(_UPDATE.match(mask_inert(text, keep_iris=True)))


def dataset_graphs(text: str) -> list[str]:
    """The graphs a query's ``FROM`` and ``FROM NAMED`` clauses name, prefixed names expanded."""
    masked = mask_inert(text, keep_iris=True)
    prefixes = dict(PREFIXES)
    prefixes.update(dict(_PREFIX.findall(masked)))
    graphs = []
    for match in _FROM.finditer(masked):
        name = match.group(1)
        if name.startswith("<"):
            graphs.append(name[1:-1])
        else:
            prefix, _, local = name.partition(":")
            graphs.append(prefixes.get(prefix, prefix + ":") + local)
    return graphs


def answer_query(store: ox.Store, graphs: frozenset[str], request: SparqlRequest, max_results: int) -> Response:
    """Evaluate one protocol request: refusals first, then the query, then the negotiated format."""
    if is_update(request.query):
        return _error(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
    try:
        refuse_federation(request.query, "query")
    except RemoteResourceRefused as refused:
        return _error(HTTPStatus.FORBIDDEN, refused.render())
    named = [*request.default_graphs, *request.named_graphs, *dataset_graphs(request.query)]
    outside = [graph for graph in named if graph not in graphs]
    if outside:
        return _error(
            HTTPStatus.FORBIDDEN,
            f"graph <{outside[0]}> is not in the release; the endpoint never fetches anything, "
            f"and its graphs are: {', '.join(sorted(graphs))}",
        )
    protocol_dataset = bool(request.default_graphs or request.named_graphs)
    try:
        answer = run_query(
            store,
            request.query,
            source="query",
            default_graph=request.default_graphs if protocol_dataset else None,
            named_graphs=request.named_graphs if protocol_dataset else None,
            limit=max_results,
        )
    except LoadError as error:
        return _error(HTTPStatus.BAD_REQUEST, error.render())
    offers = GRAPH_FORMATS if answer.triples is not None else RESULT_FORMATS
    chosen = _requested_format(request.formats, offers) or negotiate(request.accept, offers)
    if chosen is None:
        return _not_acceptable(offers)
    if answer.triples is not None:
        body = rdf_document(answer.triples, chosen)
    else:
        body = render_answer(answer, chosen.name).encode()
    headers = ((TRUNCATED_HEADER, str(max_results)),) if answer.truncated else ()
    return Response(HTTPStatus.OK, body, chosen.content_type, headers)


def _requested_format(values: Iterable[str], offers: Iterable[Format]) -> Format | None:
    """The first ``format=`` value that names an offer; values naming nothing are ignored."""
    for value in values:
        for offer in offers:
            if offer.answers(value):
                return offer
    return None


def rdf_document(triples: Iterable[ox.Triple], chosen: Format, *, first: str | None = None) -> bytes:
    """Triples in a graph format, sorted (those about ``first`` first), with IPCO's prefixes."""
    lead = ox.NamedNode(first) if first else None
    ordered = sorted(set(triples), key=lambda t: (t.subject != lead, str(t.subject), str(t.predicate), str(t.object)))
    prefixes = used_prefixes(ox.Quad(t.subject, t.predicate, t.object) for t in ordered)
    return ox.serialize(ordered, format=syntax_named(chosen.name).oxigraph, prefixes=prefixes) or b""


# -- worker processes -------------------------------------------------------------------------------

_READY = "ready"


def _worker_main(connection: Connection, release_dir: str, max_results: int) -> None:
    """A query worker: load the release, then answer requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server decides
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        store = open_release(Path(release_dir))
    except IpcoError as error:
        connection.send(error.message)
        return
    graphs = release_graphs(store)
    connection.send(_READY)
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            response = answer_query(store, graphs, request, max_results)
        except Exception as error:  # a bug must not take the worker down with it
            response = _error(HTTPStatus.INTERNAL_SERVER_ERROR, f"{type(error).__name__}: {error}")
        connection.send(response)


def _exit_with_parent(parent: int) -> None:
    """End the worker when the server is gone, even in the middle of a query (which frees the GIL)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


@dataclass(eq=False)
class _Worker:
    process: Any  # multiprocessing's SpawnProcess
    connection: Connection

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class QueryPool:
    """Worker processes answering SPARQL requests; one past the time limit is killed and replaced.

    A request waits at most ``timeout`` seconds for a free worker (503 when none frees up), then
    its query gets ``timeout`` seconds to run (503 when it takes longer).
    """

    def __init__(self, release_dir: Path, *, size: int, timeout: float, max_results: int) -> None:
        self._context = multiprocessing.get_context("spawn")  # never fork a threaded server
        self._release_dir = release_dir
        self._timeout = timeout
        self._max_results = max_results
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        starting = [self._start() for _ in range(size)]
        try:
            for worker in starting:
                self._wait_ready(worker)
                self._idle.put(worker)
        except IpcoError:
            self.close()
            raise

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child, str(self._release_dir), self._max_results),
            name="ipco-query-worker",
            daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _wait_ready(self, worker: _Worker) -> None:
        message: object = "it did not start within 60 s"
        try:
            if worker.connection.poll(60):
                message = worker.connection.recv()
        except (EOFError, OSError):
            message = f"it exited with code {worker.process.exitcode}"
        if message != _READY:
            self._retire(worker)
            raise IpcoError(f"a query worker could not load the release: {message}")

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()

    def _replace(self) -> None:
        """Start a worker in place of a killed one, in the background: loading takes a moment."""

        def start() -> None:
            if self._closed:
                return
            worker = self._start()
            try:
                self._wait_ready(worker)
            except IpcoError:
                return
            if self._closed:
                self._retire(worker)
            else:
                self._idle.put(worker)

        threading.Thread(target=start, name="ipco-worker-start", daemon=True).start()

    def run(self, request: SparqlRequest) -> Response:
        """Answer ``request`` in a worker, within the time limit."""
        try:
            worker = self._idle.get(timeout=self._timeout)
        except queue.Empty:
            return _error(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"every query worker stayed busy for {self._timeout:g} s; try again later",
                ("Retry-After", "5"),
            )
        try:
            worker.connection.send(request)
            if worker.connection.poll(self._timeout):
                response: Response = worker.connection.recv()
                self._idle.put(worker)
                return response
            failure = _error(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query ran longer than the {self._timeout:g} s limit and was stopped; "
                "narrow it down (fewer patterns, a LIMIT) or ask the server's operator for more time",
            )
        except (EOFError, OSError):
            failure = _error(HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker died while answering")
        self._retire(worker)
        self._replace()
        return failure

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()


# -- IRIs, the site and the release files -----------------------------------------------------------


def describe(store: ox.Store, iri: str) -> list[ox.Triple]:
    """What the release says about ``iri``: every triple it is the subject or the object of, with
    the blank nodes these reach described in turn (a symmetric concise bounded description)."""
    node = ox.NamedNode(iri)
    default = ox.DefaultGraph()
    found: set[ox.Triple] = set()
    pending: list[ox.BlankNode] = []
    for quad in store.quads_for_pattern(node, None, None, default):
        found.add(quad.triple)
        if isinstance(quad.object, ox.BlankNode):
            pending.append(quad.object)
    for quad in store.quads_for_pattern(None, None, node, default):
        found.add(quad.triple)
        if isinstance(quad.subject, ox.BlankNode):
            pending.append(quad.subject)
    described: set[ox.BlankNode] = set()
    while pending:
        blank = pending.pop()
        if blank in described:
            continue
        described.add(blank)
        for quad in store.quads_for_pattern(blank, None, None, default):
            found.add(quad.triple)
            if isinstance(quad.object, ox.BlankNode):
                pending.append(quad.object)
    return list(found)


def graph_triples(store: ox.Store, graph: str) -> list[ox.Triple]:
    """The content of one of the release's named graphs."""
    return [quad.triple for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]


def media_type_of(path: Path) -> str:
    """The ``Content-Type`` of a static file: IPCO's RDF syntaxes first, then the usual table."""
    suffix = path.suffix.lower()
    syntax = next((s for s in SYNTAXES if s.extension == suffix), None)
    guessed = syntax.media_type if syntax else mimetypes.guess_type(path.name)[0]
    if guessed is None:
        guessed = "text/plain" if path.name == "SHA256SUMS" else "application/octet-stream"
    return Format(path.name, guessed).content_type


def _file_under(root: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``root`` (a folder's index.html), never outside it."""
    base = root.resolve()
    candidate = (base / relative.lstrip("/")).resolve()
    if candidate != base and base not in candidate.parents:
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@dataclass
class Release:
    """The release being served: its folder, its dataset, and its documentation site (if built)."""

    folder: Path
    store: ox.Store
    graphs: frozenset[str]

    @classmethod
    def open(cls, folder: Path) -> Release:
        store = open_release(folder)
        return cls(folder, store, release_graphs(store))

    @property
    def site(self) -> Path:
        return self.folder / "site"

    def page(self, iri: str, lang: str) -> str | None:
        """The site path of ``iri``'s page in ``lang``, when the site has it."""
        path = page_path(iri, lang)
        return path if path is not None and (self.site / path).is_file() else None

    def resource(self, path: str, accept: str | None, accept_language: str | None) -> Response:
        """The IPCO IRI ``https://w3id.org/ipco/<path>``: RDF, or a 303 to its page."""
        iri = IPCO + unquote(path.lstrip("/"))
        lang = language(accept_language, LANGUAGES)
        if iri == IPCO:
            home = index_path(lang)
            offers = (*GRAPH_FORMATS, HTML) if (self.site / home).is_file() else GRAPH_FORMATS
            chosen = negotiate(accept, offers)
            if chosen is None:
                return _not_acceptable(offers)
            target = f"/{home}" if chosen is HTML else "/ontology"
            return _see_other(target)
        if iri == ONTOLOGY_IRI:
            triples = graph_triples(self.store, IPCO_GRAPH + "ontology")
        elif iri in self.graphs:
            triples = graph_triples(self.store, iri)
        else:
            triples = describe(self.store, iri)
        if not triples:
            return _error(HTTPStatus.NOT_FOUND, f"the release says nothing about <{iri}>")
        page = self.page(iri, lang)
        offers = (*GRAPH_FORMATS, HTML) if page else GRAPH_FORMATS
        chosen = negotiate(accept, offers)
        if chosen is None:
            return _not_acceptable(offers)
        if chosen is HTML:
            return _see_other(f"/{page}")
        return Response(HTTPStatus.OK, rdf_document(triples, chosen, first=iri), chosen.content_type)

    def static(self, root: Path, relative: str) -> Response | None:
        """A file of the site or of the release, or None when there is none at that path."""
        found = _file_under(root, relative)
        if found is None:
            return None
        return Response(HTTPStatus.OK, found.read_bytes(), media_type_of(found))

    def listing(self) -> Response:
        """``/dist/``: links to the release files."""
        names = sorted(p.name for p in self.folder.iterdir() if p.is_file())
        items = "\n".join(f'<li><a href="{html.escape(n)}">{html.escape(n)}</a></li>' for n in names)
        body = (
            f"<!DOCTYPE html>\n<title>IPCO release files</title>\n<h1>IPCO release files</h1>\n<ul>\n{items}\n</ul>\n"
        )
        return Response(HTTPStatus.OK, body.encode(), HTML.content_type)

    def service_description(self, endpoint: str, accept: str | None) -> Response:
        """``GET /sparql`` without a query: a SPARQL service description
        (https://www.w3.org/TR/sparql11-service-description/), or a query form for browsers."""
        chosen = negotiate(accept, (*GRAPH_FORMATS, HTML))
        if chosen is None:
            return _not_acceptable((*GRAPH_FORMATS, HTML))
        if chosen is HTML:
            return Response(HTTPStatus.OK, _QUERY_FORM.encode(), HTML.content_type)
        sd = _SERVICE_DESCRIPTION
        service, dataset, default = ox.NamedNode(endpoint), ox.BlankNode("dataset"), ox.BlankNode("default")
        triples = [
            ox.Triple(service, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Service")),
            ox.Triple(service, ox.NamedNode(sd + "endpoint"), service),
            ox.Triple(service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
            ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")),
            ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
            ox.Triple(dataset, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Dataset")),
            ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), default),
            ox.Triple(default, ox.NamedNode(RDF + "type"), ox.NamedNode(sd + "Graph")),
        ]
        triples += [
            ox.Triple(service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(_FORMATS_NS + name))
            for name in _FORMAT_IRIS
        ]
        for index, graph in enumerate(sorted(self.graphs)):
            named = ox.BlankNode(f"graph{index}")
            triples += [
                ox.Triple(dataset, ox.NamedNode(sd + "namedGraph"), named),
                ox.Triple(named, ox.NamedNode(sd + "name"), ox.NamedNode(graph)),
            ]
        return Response(HTTPStatus.OK, rdf_document(triples, chosen), chosen.content_type)


def _see_other(location: str) -> Response:
    return Response(HTTPStatus.SEE_OTHER, f"See {location}\n".encode(), headers=(("Location", location),))


_QUERY_FORM = """<!DOCTYPE html>
<html lang="en">
<meta charset="utf-8">
<title>IPCO SPARQL endpoint</title>
<h1>IPCO SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over the IPCO release. IPCO's prefixes (ipco:, ipcoid:, ipcov:, rdfs:, skos:…) are
predeclared; the default graph is the merge of all named graphs.</p>
<form action="/sparql" method="get">
<textarea name="query" rows="12" cols="90">SELECT ?organisation ?label WHERE {
  ?organisation a ipco:Organisation ; rdfs:label ?label .
  FILTER (lang(?label) = "en")
} ORDER BY ?label LIMIT 20</textarea>
<p><label>Results as <select name="format">
<option>json</option><option>xml</option><option>csv</option><option>tsv</option>
<option>turtle</option><option>ntriples</option><option>jsonld</option><option>rdfxml</option>
</select></label> <button>Run</button></p>
</form>
</html>
"""


# -- HTTP -------------------------------------------------------------------------------------------


class IpcoServer(ThreadingHTTPServer):
    """The HTTP server, holding the release and the query workers its handlers use."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], release: Release, pool: QueryPool, log: TextIO | None) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.release = release
        self.pool = pool
        self.log = log
        super().__init__(address, _Handler)  # binds, and calls server_close if it cannot

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), self.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class _Handler(BaseHTTPRequestHandler):
    server: IpcoServer
    protocol_version = "HTTP/1.1"
    server_version = f"ipco/{__version__}"

    def do_GET(self) -> None:
        self._send(self._route("GET"))

    def do_HEAD(self) -> None:
        self._send(self._route("HEAD"), body=False)

    def do_POST(self) -> None:
        self._send(self._route("POST"))

    def do_OPTIONS(self) -> None:
        """CORS preflight: any origin may query."""
        self._send(
            Response(
                HTTPStatus.NO_CONTENT,
                content_type=None,
                headers=(
                    ("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"),
                    ("Access-Control-Allow-Headers", "Accept, Accept-Language, Content-Type"),
                    ("Access-Control-Max-Age", "86400"),
                    ("Allow", "GET, HEAD, POST, OPTIONS"),
                ),
            )
        )

    def _read_only(self) -> None:
        self.close_connection = True
        self._send(
            _error(HTTPStatus.METHOD_NOT_ALLOWED, "this server is read-only", ("Allow", "GET, HEAD, POST, OPTIONS"))
        )

    def do_PUT(self) -> None:
        self._read_only()

    def do_DELETE(self) -> None:
        self._read_only()

    def do_PATCH(self) -> None:
        self._read_only()

    def _route(self, method: str) -> Response:
        url = urlsplit(self.path)
        path = url.path
        accept = self.headers.get("Accept")
        release = self.server.release
        if path == SPARQL_PATH:
            return self._negotiated(self._sparql(method, url.query))
        if method == "POST":
            self.close_connection = True
            return _error(HTTPStatus.METHOD_NOT_ALLOWED, f"POST is for {SPARQL_PATH} only", ("Allow", "GET, HEAD"))
        if path == RELEASE_PREFIX:
            return release.listing()
        if path.startswith(RELEASE_PREFIX):
            found = release.static(release.folder, unquote(path[len(RELEASE_PREFIX) :]))
            return found or _error(HTTPStatus.NOT_FOUND, f"no release file {path}")
        if path != "/" and release.site.is_dir():
            page = release.static(release.site, unquote(path))
            if page is not None:
                return page
        return self._negotiated(release.resource(path, accept, self.headers.get("Accept-Language")))

    @staticmethod
    def _negotiated(response: Response) -> Response:
        vary = "Accept, Accept-Language" if response.status == HTTPStatus.SEE_OTHER else "Accept"
        return Response(response.status, response.body, response.content_type, (*response.headers, ("Vary", vary)))

    def _sparql(self, method: str, query_string: str) -> Response:
        """The SPARQL 1.1 Protocol: GET ``?query=``, POST as a form or as ``application/sparql-query``."""
        params = parse_qs(query_string, keep_blank_values=True)
        text: str | None = None
        if method == "POST":
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._body()
            if isinstance(body, Response):
                return body
            if content_type == "application/x-www-form-urlencoded":
                for name, values in parse_qs(body, keep_blank_values=True).items():
                    params.setdefault(name, []).extend(values)
            elif content_type == "application/sparql-query":
                text = body
            elif content_type == "application/sparql-update":
                params["update"] = [body]
            else:
                return _error(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send the query as application/sparql-query or application/x-www-form-urlencoded",
                )
        if "update" in params:
            return _error(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
        queries = params.get("query", [])
        if text is None and not queries:
            if method != "POST" and not params:
                return self.server.release.service_description(self._endpoint(), self.headers.get("Accept"))
            return _error(HTTPStatus.BAD_REQUEST, "no query: pass it as the query parameter")
        if (text is None and len(queries) > 1) or (text is not None and queries):
            return _error(HTTPStatus.BAD_REQUEST, "one query per request")
        request = SparqlRequest(
            query=text if text is not None else queries[0],
            accept=self.headers.get("Accept"),
            formats=tuple(params.get("format", [])),
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
        )
        return self.server.pool.run(request)

    def _body(self) -> str | Response:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            return _error(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        if int(length) > MAX_BODY:
            self._discard(int(length))
            return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query is at most {MAX_BODY} bytes")
        data = self.rfile.read(int(length))
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return _error(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8")

    def _discard(self, length: int) -> None:
        """Read and drop a refused body, so the client gets to read the refusal; close the
        connection instead when the body is too large even for that."""
        if length > _DISCARD_LIMIT:
            self.close_connection = True
            return
        while length > 0:
            chunk = self.rfile.read(min(length, 1 << 16))
            if not chunk:
                break
            length -= len(chunk)

    def _endpoint(self) -> str:
        host = self.headers.get("Host") or self.server.url.removeprefix("http://").rstrip("/")
        return f"http://{host}{SPARQL_PATH}"

    def _send(self, response: Response, *, body: bool = True) -> None:
        try:
            self.send_response(response.status)
            if response.content_type:
                self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", _EXPOSED_HEADERS)
            for name, value in response.headers:
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if body:
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.log is not None:
            self.server.log.write(f"{self.address_string()} - [{self.log_date_time_string()}] {format % args}\n")
            self.server.log.flush()


def make_server(
    release_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = DEFAULT_TIMEOUT,
    max_results: int = DEFAULT_MAX_RESULTS,
    workers: int = DEFAULT_WORKERS,
    log: TextIO | None = None,
) -> IpcoServer:
    """A server bound to ``host:port`` (0 picks a free port), its workers ready; call
    ``serve_forever`` to answer and ``server_close`` to stop."""
    if not 0 <= port <= 65535:
        raise UsageError(f"port {port} is not between 0 and 65535")
    if timeout <= 0 or max_results < 1 or workers < 1:
        raise UsageError("--timeout must be positive, --max-results and --workers at least 1")
    release = Release.open(release_dir)
    pool = QueryPool(release_dir, size=workers, timeout=timeout, max_results=max_results)
    try:
        return IpcoServer((host, port), release, pool, log)
    except OSError as error:
        pool.close()
        raise IpcoError(f"cannot listen on {host}:{port}: {error.strerror}", hint="pick another --port") from None


def serve(server: IpcoServer) -> None:
    """Answer requests until Ctrl-C or SIGTERM, then stop the workers."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
