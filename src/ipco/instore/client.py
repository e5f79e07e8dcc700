"""The SPARQL client of in-store validation: one POST per query (an HTML form, ``query=…``:
Virtuoso 7.2 never answers a query POSTed directly as ``application/sparql-query``) over the chosen
data graphs (``default-graph-uri``, the protocol's FROM), in the store's dialect, SELECT results read in
pages of bounded size, a timeout per request, and a count of the bytes that travelled.

Paging wraps the query as a sub-select ordered by all its variables, so that LIMIT/OFFSET pages
are the same rows whatever the store's plan: ``SELECT * { { query } } ORDER BY ... LIMIT n OFFSET k``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

import pyoxigraph as ox

from ipco.instore.dialect import Dialect, json_results
from ipco.remote import DEFAULT_TIMEOUT, EndpointError, request

#: Rows per page: every request's answer is bounded by this many solutions.
PAGE_SIZE = 50_000
_SELECT = re.compile(r"\s*SELECT\s+(DISTINCT\s+)?((?:\?\w+\s*)+)\s*WHERE\s*\{", re.IGNORECASE)
_JSON = "application/sparql-results+json"
_ASK = re.compile(r"\s*(?:PREFIX\s+\w*:\s*<[^>]*>\s*)*ASK\b", re.IGNORECASE)

Row = tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]


@dataclass
class Endpoint:
    """A SPARQL endpoint queried over ``graphs`` (its default graph when empty)."""

    url: str
    graphs: Sequence[str] = ()
    authorization: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    page_size: int = PAGE_SIZE
    dialect: Dialect = field(default_factory=Dialect)
    sent: int = 0
    received: int = 0
    queries: int = 0

    def on(self, graphs: Sequence[str]) -> Endpoint:
        """The same store, dialect and bounds over other graphs, with counters of its own."""
        return replace(self, graphs=tuple(graphs), sent=0, received=0, queries=0)

    def _target(self) -> str:
        if not self.graphs:
            return self.url
        separator = "&" if "?" in self.url else "?"
        return self.url + separator + urlencode([("default-graph-uri", g) for g in self.graphs])

    def query(self, text: str) -> ox.QuerySolutions | ox.QueryBoolean:
        """One query (rewritten in the store's dialect); its answer parsed (SELECT or ASK)."""
        body = urlencode({"query": self.dialect.rewrite(text)}).encode()
        reply = request(
            "POST",
            self._target(),
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": _JSON},
            authorization=self.authorization,
            timeout=self.timeout,
        )
        self.queries += 1
        self.sent += len(body)
        self.received += len(reply.body)
        try:
            answer = json_results(reply.body)
        except SyntaxError as error:
            raise EndpointError(f"{self.url}: the answer is not SPARQL JSON results ({error})") from None
        assert isinstance(answer, ox.QuerySolutions | ox.QueryBoolean)
        if isinstance(answer, ox.QuerySolutions) and _ASK.match(text):
            return _boolean(len(answer.variables) == 1 and any(_true(row[0]) for row in answer))
        return answer

    def select(self, text: str) -> list[Row]:
        """Every row of a SELECT, read page by page when the query is a plain ``SELECT ... WHERE``."""
        match = _SELECT.match(text)
        if match is None:
            answer = self.query(text)
            assert isinstance(answer, ox.QuerySolutions)
            names = [v.value for v in answer.variables]
            return [self.dialect.read(names, tuple(solution)) for solution in answer]
        variables = match.group(2).split()
        order = " ".join(variables)
        rows: list[Row] = []
        offset = 0
        while True:
            page = f"SELECT * WHERE {{ {{ {text} }} }} ORDER BY {order} LIMIT {self.page_size} OFFSET {offset}"
            answer = self.query(page)
            assert isinstance(answer, ox.QuerySolutions)
            names = [v.value for v in answer.variables]
            positions = [names.index(v[1:]) if v[1:] in names else None for v in variables]
            got = [self.dialect.read(names, tuple(solution)) for solution in answer]
            rows.extend(tuple(row[i] if i is not None else None for i in positions) for row in got)
            if len(got) < self.page_size:
                return rows
            offset += self.page_size


def _boolean(value: bool) -> ox.QueryBoolean:
    answer = ox.parse_query_results(
        b'{"head": {}, "boolean": %s}' % (b"true" if value else b"false"), format=ox.QueryResultsFormat.JSON
    )
    assert isinstance(answer, ox.QueryBoolean)
    return answer


def _true(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> bool:
    """An ASK answered as one row (Virtuoso 7.2: ``__ASK_RETVAL`` 1, no row when false)."""
    return isinstance(term, ox.Literal) and term.value not in ("0", "false")
