"""Remote triplestores: the only code in IPCO that opens connections, and only to an endpoint the
user names on the command line (``ipco push --endpoint``, ``ipco validate --endpoint``).

Every failure (unreachable host, 401, a 4xx or 5xx with the server's own message) becomes an
``EndpointError`` that says which request failed and what to try.
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from ipco import __version__
from ipco.errors import IpcoError, UsageError
from ipco.load import Loaded, LoadedFile, parse_bytes
from ipco.namespaces import IPCO_GRAPH
from ipco.project import IMPORTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, QUALITY_GRAPH, SHAPES_GRAPH
from ipco.syntaxes import NTRIPLES, TURTLE, RdfSyntax, syntax_named

#: Graphs of a release that hold no data: the rest of ``graph/…`` is one graph per source document.
NOT_DATA_GRAPHS = frozenset({ONTOLOGY_GRAPH, SHAPES_GRAPH, INFERRED_GRAPH, IMPORTS_GRAPH, QUALITY_GRAPH})
DEFAULT_TIMEOUT = 60.0
_SERVER_MESSAGE_LIMIT = 2000


class EndpointError(IpcoError):
    """A remote endpoint could not be reached or refused a request."""

    code = "endpoint-error"


@dataclass(frozen=True)
class Reply:
    """A successful HTTP reply."""

    status: int
    reason: str
    content_type: str
    body: bytes


def check_endpoint(url: str) -> str:
    """``url`` when it is an http(s) URL; a UsageError otherwise (urllib would also open ``file:``)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{url!r} is not an http:// or https:// endpoint URL")
    return url


def basic_auth(variable: str | None) -> str | None:
    """The ``Authorization`` header for the ``user:password`` held by environment ``variable``."""
    if variable is None:
        return None
    value = os.environ.get(variable)
    if value is None:
        raise UsageError(f"environment variable {variable} is not set", hint=f"export {variable}=user:password")
    if ":" not in value:
        raise UsageError(f"environment variable {variable} must hold user:password")
    return "Basic " + base64.b64encode(value.encode()).decode("ascii")


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    authorization: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Reply:
    """Send one request; any failure becomes an EndpointError carrying the server's message."""
    sent = {"User-Agent": f"ipco/{__version__}", **(headers or {})}
    if authorization:
        sent["Authorization"] = authorization
    prepared = urllib.request.Request(url, data=body, method=method, headers=sent)
    try:
        with urllib.request.urlopen(prepared, timeout=timeout) as response:
            return Reply(response.status, response.reason, response.headers.get("Content-Type", ""), response.read())
    except urllib.error.HTTPError as error:
        message = error.read().decode("utf-8", errors="replace").strip()[:_SERVER_MESSAGE_LIMIT]
        raise EndpointError(
            f"{method} {url}: HTTP {error.code} {error.reason}" + (f": {message}" if message else ""),
            hint=_hint(error.code),
        ) from None
    except urllib.error.URLError as error:
        raise EndpointError(
            f"{method} {url}: cannot reach the endpoint ({error.reason})",
            hint="check the URL and that the server is running",
        ) from None
    except TimeoutError:
        raise EndpointError(f"{method} {url}: no answer within {timeout:g} s") from None


def _hint(status: int) -> str | None:
    if status in (401, 403):
        return "pass --auth-env VAR, with VAR holding user:password for the endpoint"
    if status in (404, 405):
        return (
            "check the endpoint URL: Oxigraph /store (push) or /query (validate), "
            "Fuseki /<dataset>/data or /<dataset>/sparql, GraphDB /repositories/<id>/rdf-graphs/service "
            "or /repositories/<id>"
        )
    return None


def sparql(endpoint: str, query: str, accept: str, authorization: str | None) -> Reply:
    """A SPARQL 1.1 Protocol query, POSTed as a form (every endpoint accepts that)."""
    return request(
        "POST",
        endpoint,
        body=urlencode({"query": query}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        authorization=authorization,
    )


def data_graphs(endpoint: str, authorization: str | None = None) -> list[str]:
    """The IPCO data graphs an endpoint holds: ``graph/…`` but the ontology, shapes and inferred ones."""
    reply = sparql(
        endpoint,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        "application/sparql-results+json",
        authorization,
    )
    try:
        solutions = ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON)
    except SyntaxError as error:
        raise EndpointError(f"{endpoint}: the answer is not SPARQL JSON results ({error})") from None
    assert isinstance(solutions, ox.QuerySolutions)
    names = {str(s["g"].value) for s in solutions if isinstance(s["g"], ox.NamedNode)}
    return sorted(g for g in names if g.startswith(IPCO_GRAPH) and g not in NOT_DATA_GRAPHS)


def read_graphs(endpoint: str, graphs: Sequence[str] | None = None, authorization: str | None = None) -> Loaded:
    """The triples of ``graphs`` (default: the IPCO data graphs) read from a SPARQL endpoint with
    ``CONSTRUCT``, each kept in its own named graph as if loaded from a file."""
    chosen = list(graphs) if graphs else data_graphs(endpoint, authorization)
    if not chosen:
        raise EndpointError(
            f"{endpoint} holds no IPCO data graph ({IPCO_GRAPH}…)",
            hint="push the release with `ipco push`, or name the graphs to validate with --graph",
        )
    loaded = Loaded()
    for graph in chosen:
        reply = sparql(
            endpoint,
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
            f"{NTRIPLES.media_type}, {TURTLE.media_type};q=0.9",
            authorization,
        )
        syntax = _syntax_of(reply.content_type, endpoint)
        display = f"<{graph}> at {endpoint}"
        loaded.quads.extend(parse_bytes(reply.body, syntax, display, graph))
        loaded.files.append(LoadedFile(display, syntax, graph))
    return loaded


def _syntax_of(content_type: str, endpoint: str) -> RdfSyntax:
    media_type = content_type.split(";")[0].strip()
    try:
        return syntax_named(media_type)
    except UsageError:
        raise EndpointError(f"{endpoint} answered CONSTRUCT with {media_type or 'no type'}, not RDF") from None
