"""What the server sends: a status, a body and its headers, in the formats clients negotiate."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus

import pyoxigraph as ox

from ipco.export import used_prefixes
from ipco.negotiate import Format
from ipco.syntaxes import syntax_named

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

#: Header sent when the result cap cut an answer short (the name Virtuoso uses).
TRUNCATED_HEADER = "X-SPARQL-MaxRows"


@dataclass(frozen=True)
class Response:
    """What the server sends: a status, a body, its type and any further headers."""

    status: int
    body: bytes = b""
    content_type: str | None = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def error_response(status: HTTPStatus, message: str, *headers: tuple[str, str]) -> Response:
    """A refusal with its status in words, so a client that shows only the body still says why."""
    return Response(status, f"{status.value} {status.phrase}: {message}\n".encode(), headers=headers)


def not_acceptable(offers: Iterable[Format]) -> Response:
    """406, listing what the resource is available as, so the client can ask again."""
    types = ", ".join(offer.media_type for offer in offers)
    return error_response(HTTPStatus.NOT_ACCEPTABLE, f"no acceptable format; this resource is available as {types}")


def see_other(location: str) -> Response:
    """A 303 to ``location``: how a browser asking for an IRI reaches its documentation page."""
    return Response(HTTPStatus.SEE_OTHER, f"See {location}\n".encode(), headers=(("Location", location),))


def rdf_document(triples: Iterable[ox.Triple], chosen: Format, *, first: str | None = None) -> bytes:
    """Triples in a graph format, sorted (those about ``first`` first), with IPCO's prefixes."""
    lead = ox.NamedNode(first) if first else None
    ordered = sorted(set(triples), key=lambda t: (t.subject != lead, str(t.subject), str(t.predicate), str(t.object)))
    prefixes = used_prefixes(ox.Quad(t.subject, t.predicate, t.object) for t in ordered)
    return ox.serialize(ordered, format=syntax_named(chosen.name).oxigraph, prefixes=prefixes) or b""
