"""The capability probe run before in-store validation: one small query per SPARQL 1.1 feature the
compiled SHACL queries use, each with a known answer, so that a store lacking one is refused up front
(naming the feature) rather than answering a validation query wrongly or half-way.

First the store's dialect (``dialect.Dialect``): the forms it rejects but takes rewritten, how it
returns booleans, and the largest page it sorts; the features are then asked in that dialect.

Also checks that the store honours ``default-graph-uri`` (how the data graphs are chosen): a graph
that does not exist must make the data invisible (or be refused by name, as ``ipco serve`` does).
"""

from __future__ import annotations

import math
from dataclasses import replace

import pyoxigraph as ox

from ipco.errors import NotSupported
from ipco.instore.client import Endpoint
from ipco.instore.dialect import BOOLEAN_PROBE, MEMBERSHIP_PROBE, SAME_IRI_PROBE, Dialect
from ipco.remote import EndpointError

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
#: (feature, ASK query true on any store that implements it). Inline data only: nothing in the store is read.
FEATURES: tuple[tuple[str, str], ...] = (
    ("VALUES", "ASK { VALUES ?x { 1 2 } FILTER(?x = 2) }"),
    ("BIND and IF", "ASK { BIND(IF(1 < 2, 'a', 'b') AS ?x) FILTER(?x = 'a') }"),
    # An unbound variable, not 1/0: Virtuoso aborts a query dividing by zero, which no compiled query does.
    ("COALESCE", "ASK { BIND(COALESCE(?unbound + 1, true) AS ?x) FILTER(?x) }"),
    # In a SELECT, as compiled: Virtuoso 7.2 answers `ASK { VALUES … MINUS { VALUES … } }` false.
    ("MINUS", "ASK { { SELECT ?x WHERE { VALUES ?x { 1 2 } MINUS { VALUES ?x { 1 } } } } FILTER(?x = 2) }"),
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
    ("NOT EXISTS over VALUES in an expression (sh:in)", MEMBERSHIP_PROBE),
)
#: Smaller pages tried when a store refuses to sort a whole page (Virtuoso's MaxSortedTopRows: 10,000).
SMALLER_PAGES = (10_000, 1_000)


#: The graph no store holds: over it, a store honouring default-graph-uri sees no triple (or refuses it).
NO_SUCH_GRAPH = "urn:x-ipco-probe:no-such-graph"


def probe(endpoint: Endpoint) -> None:
    """Refuse (NotSupported, exit 3) a store that lacks a feature or ignores ``default-graph-uri``;
    an EndpointError when it cannot be reached at all. Sets ``endpoint.dialect`` and its page size."""
    boolean = _answer(endpoint, BOOLEAN_PROBE)
    flag = next(iter(boolean), None) if isinstance(boolean, ox.QuerySolutions) else None
    endpoint.dialect = Dialect(
        membership_as_same_term=not _holds(endpoint, MEMBERSHIP_PROBE),
        integer_booleans=flag is not None and flag[0] == ox.Literal(1),
    )
    for feature, text in FEATURES:
        if not _holds(endpoint, text):
            raise NotSupported(
                f"{endpoint.url} does not answer SPARQL 1.1 {feature} as the compiled shapes need",
                hint="--download validates the graphs locally instead",
            )
    if endpoint.graphs:
        elsewhere = endpoint.on((NO_SUCH_GRAPH,))
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
    endpoint.dialect = replace(endpoint.dialect, iri_equality=_iri_equality(endpoint))
    endpoint.page_size = _page_size(endpoint)


def _iri_equality(endpoint: Endpoint) -> bool:
    """Whether ``sameTerm`` misses stored IRIs in expressions (asked of an object the data holds)."""
    some = endpoint.query("SELECT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) } LIMIT 1")
    row = next(iter(some), None) if isinstance(some, ox.QuerySolutions) else None
    if row is None or not isinstance(row[0], ox.NamedNode):
        return False
    return not _holds(endpoint, SAME_IRI_PROBE.format(iri=row[0].value))


def _answer(endpoint: Endpoint, text: str) -> ox.QuerySolutions | ox.QueryBoolean | None:
    """The answer, or None when the store refuses the query (a 4xx or 5xx but 401/403)."""
    try:
        return endpoint.query(text)
    except EndpointError as error:
        refused = ": HTTP 4" in error.message or ": HTTP 5" in error.message
        if not refused or "HTTP 401" in error.message or "HTTP 403" in error.message:
            raise  # unreachable, too slow, or not authorised: not a missing feature
        return None


def _holds(endpoint: Endpoint, ask: str) -> bool:
    answer = _answer(endpoint, ask)
    return isinstance(answer, ox.QueryBoolean) and bool(answer)


def _page_size(endpoint: Endpoint) -> int:
    """The largest page (of ``endpoint.page_size`` and ``SMALLER_PAGES``) the store sorts and returns
    whole: a cross product of inline data larger than the page, ordered, cut at the page, counted."""
    for size in sorted({endpoint.page_size, *(s for s in SMALLER_PAGES if s < endpoint.page_size)}, reverse=True):
        numbers = " ".join(str(i) for i in range(math.isqrt(size) + 1))
        count = _answer(
            endpoint,
            f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT * WHERE {{ VALUES ?a {{ {numbers} }}"
            f" VALUES ?b {{ {numbers} }} }} ORDER BY ?a ?b LIMIT {size} }} }}",
        )
        row = next(iter(count), None) if isinstance(count, ox.QuerySolutions) else None
        if row is not None and isinstance(row[0], ox.Literal) and row[0].value == str(size):
            return size
    raise NotSupported(
        f"{endpoint.url} does not sort and return {min(endpoint.page_size, *SMALLER_PAGES)} rows of one query",
        hint="--download validates the graphs locally instead",
    )
