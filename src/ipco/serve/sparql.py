"""The SPARQL 1.1 Protocol's answers: refusals first (updates, ``SERVICE``, graphs from elsewhere),
then the query over the release, then the negotiated format. Runs inside the query workers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urljoin

import pyoxigraph as ox

from ipco.errors import LoadError, RemoteResourceRefused
from ipco.namespaces import IPCO, PREFIXES
from ipco.negotiate import Format, negotiate
from ipco.query import mask_inert, refuse_federation, render_answer, run_query
from ipco.serve.formats import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    TRUNCATED_HEADER,
    Response,
    error_response,
    not_acceptable,
    rdf_document,
)

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_FROM = re.compile(r"(?<![\w?$:.%\\-])FROM\s+(?:NAMED\s+)?(<[^<>\s]*>|[^\s<>{}()]*:[^\s<>{}()]*)", re.IGNORECASE)
_PREFIX = re.compile(r"\bPREFIX\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
#: The base IRI of every query: the endpoint's public IRI, under which the server serves IPCO's
#: IRIs, so ``<id/dgsi>`` in a query is the resource ``/id/dgsi`` serves. (The address the server
#: listens on is not IPCO's: resolved against it, a relative IRI would name nothing in the release.)
QUERY_BASE = IPCO + "sparql"


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
            graphs.append(urljoin(QUERY_BASE, name[1:-1]))
        else:
            prefix, _, local = name.partition(":")
            graphs.append(prefixes.get(prefix, prefix + ":") + local)
    return graphs


def answer_query(store: ox.Store, graphs: frozenset[str], request: SparqlRequest, max_results: int) -> Response:
    """Evaluate one protocol request: refusals first, then the query, then the negotiated format."""
    if is_update(request.query):
        return error_response(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
    try:
        refuse_federation(request.query, "query")
    except RemoteResourceRefused as refused:
        return error_response(HTTPStatus.FORBIDDEN, refused.render())
    named = [*request.default_graphs, *request.named_graphs, *dataset_graphs(request.query)]
    outside = [graph for graph in named if graph not in graphs]
    if outside:
        return error_response(
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
            base_iri=QUERY_BASE,
        )
    except LoadError as error:
        return error_response(HTTPStatus.BAD_REQUEST, error.render())
    offers = GRAPH_FORMATS if answer.triples is not None else RESULT_FORMATS
    chosen = _requested_format(request.formats, offers) or negotiate(request.accept, offers)
    if chosen is None:
        return not_acceptable(offers)
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
