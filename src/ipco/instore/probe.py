"""The capability probe run before in-store validation: one small query per SPARQL 1.1 feature the
compiled SHACL queries use, each with a known answer, so that a store lacking one is refused up front
(naming the feature) rather than answering a validation query wrongly or half-way.

Also checks that the store honours ``default-graph-uri`` (how the data graphs are chosen): a graph
that does not exist must make the data invisible (or be refused by name, as ``ipco serve`` does).
"""

from __future__ import annotations

import pyoxigraph as ox

from ipco.errors import NotSupported
from ipco.instore.client import Endpoint
from ipco.remote import EndpointError

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
#: (feature, ASK query true on any store that implements it). Inline data only: nothing in the store is read.
FEATURES: tuple[tuple[str, str], ...] = (
    ("VALUES", "ASK { VALUES ?x { 1 2 } FILTER(?x = 2) }"),
    ("BIND and IF", "ASK { BIND(IF(1 < 2, 'a', 'b') AS ?x) FILTER(?x = 'a') }"),
    ("COALESCE", "ASK { BIND(COALESCE(1/0, true) AS ?x) FILTER(?x) }"),
    ("MINUS", "ASK { VALUES ?x { 1 2 } MINUS { VALUES ?x { 1 } } }"),
    ("NOT EXISTS", "ASK { VALUES ?x { 1 } FILTER NOT EXISTS { VALUES ?x { 2 } } }"),
    ("sub-SELECT", "ASK { { SELECT DISTINCT ?x WHERE { VALUES ?x { 1 1 } } } }"),
    (
        "GROUP BY and HAVING",
        "ASK { { SELECT ?x (COUNT(DISTINCT ?y) AS ?n) WHERE { VALUES (?x ?y) { (1 2) (1 3) } }"
        " GROUP BY ?x HAVING(COUNT(DISTINCT ?y) = 2) } }",
    ),
    ("term tests", "ASK { FILTER(isIRI(<urn:x>) && isLiteral('a') && !isBlank(<urn:x>) && BOUND(?u) = false) }"),
    ("sameTerm", "ASK { FILTER(sameTerm('a', 'a') && !sameTerm(1, 1.0)) }"),
    (
        "string functions",
        "ASK { FILTER(STRLEN('abc') = 3 && LCASE('A') = 'a' && CONCAT('a', 'b') = 'ab' && STR(<urn:x>) = 'urn:x') }",
    ),
    (
        "LANG and DATATYPE",
        "ASK { FILTER(LANG('a'@en) = 'en' && DATATYPE(1) = <http://www.w3.org/2001/XMLSchema#integer>) }",
    ),
    ("REGEX with flags", "ASK { FILTER(REGEX('ABC', '^b', 'i') = false && REGEX('ABC', 'b', 'i')) }"),
    (
        "property paths",
        f"ASK {{ BIND(<urn:x> AS ?x) OPTIONAL {{ ?x (<{_RDFS}subClassOf>|^<{_RDFS}subClassOf>)*/"
        f"<{_RDFS}label>? ?y }} }}",
    ),
    (
        "ORDER BY, LIMIT and OFFSET",
        "ASK { { SELECT * WHERE { VALUES ?x { 3 1 2 } } ORDER BY ?x LIMIT 1 OFFSET 1 } FILTER(?x = 2) }",
    ),
)


#: The graph no store holds: over it, a store honouring default-graph-uri sees no triple (or refuses it).
NO_SUCH_GRAPH = "urn:x-ipco-probe:no-such-graph"


def probe(endpoint: Endpoint) -> None:
    """Refuse (NotSupported, exit 3) a store that lacks a feature or ignores ``default-graph-uri``;
    an EndpointError when it cannot be reached at all."""
    for feature, text in FEATURES:
        try:
            answer = endpoint.query(text)
        except EndpointError as error:
            refused = ": HTTP 4" in error.message or ": HTTP 5" in error.message
            if not refused or "HTTP 401" in error.message or "HTTP 403" in error.message:
                raise  # unreachable, too slow, or not authorised: not a missing feature
            answer = None
        if not (isinstance(answer, ox.QueryBoolean) and bool(answer)):
            raise NotSupported(
                f"{endpoint.url} does not answer SPARQL 1.1 {feature} as the compiled shapes need",
                hint="--download validates the graphs locally instead",
            )
    if endpoint.graphs:
        elsewhere = Endpoint(endpoint.url, (NO_SUCH_GRAPH,), endpoint.authorization, endpoint.timeout)
        seen = endpoint.query("ASK { ?s ?p ?o }")
        try:
            unseen = bool(elsewhere.query("ASK { ?s ?p ?o }"))
        except EndpointError as error:
            # A store that refuses a graph it does not hold (as `ipco serve` does, with a 4xx naming it)
            # reads default-graph-uri too: the data is invisible either way.
            if not (": HTTP 4" in error.message and NO_SUCH_GRAPH in error.message):
                raise
            unseen = False
        endpoint.sent, endpoint.received = endpoint.sent + elsewhere.sent, endpoint.received + elsewhere.received
        if not seen:
            raise EndpointError(
                f"{endpoint.url}: the graphs to validate hold no triple ({', '.join(endpoint.graphs)})",
                hint="check the --graph IRIs; `ipco push` loads a release",
            )
        if unseen:
            raise NotSupported(
                f"{endpoint.url} ignores the default-graph-uri parameter (SPARQL 1.1 Protocol)",
                hint="--download validates the graphs locally instead",
            )
