"""``ipco reason --endpoint URL --into GRAPH``: the compiled instance rules (``reason_rules``) run as
SPARQL Update rounds in a remote store, the data never leaving it (issue 16 item 3).

Each round sends one ``INSERT … WHERE`` per rule kind; rounds stop when GRAPH stops growing. The
updates only ever add to GRAPH, so a rerun after a failure resumes from what is there and ends in the
same graph (idempotent). Every update text is checked before it is sent: an INSERT into GRAPH, no
other graph named after ``GRAPH``, none of DELETE, DROP, CLEAR, LOAD, MOVE, COPY, ADD, CREATE.
The HTTP requests go through ``ipco.remote`` (shared with push and validate --endpoint).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlencode

import pyoxigraph as ox

from ipco.engines.reason_fast import reasoned
from ipco.engines.reason_rules import Rule, compile_rules
from ipco.errors import IpcoError
from ipco.instore.dialect import json_results
from ipco.project import Reference
from ipco.remote import EndpointError, request, sparql

_FORBIDDEN = re.compile(r"\b(DELETE|DROP|CLEAR|LOAD|MOVE|COPY|ADD|CREATE)\b")
_WRITTEN = re.compile(r"GRAPH\s*<([^>]*)>")


class UnsafeUpdate(IpcoError):
    """An update about to be sent would write a graph other than the target (a bug, never sent)."""


def compile_reference(reference: Reference, *, checks: bool = False) -> list[Rule]:
    """The instance rules (or, with ``checks``, the inconsistency rules) of IPCO's ontology +
    imports, closed under the schema rules first."""
    closed = ox.Store()
    closure = reasoned(reference.ontology.quads + reference.imports.quads, None).closure()
    closed.extend(ox.Quad(t.subject, t.predicate, t.object) for t in closure)
    return compile_rules(closed, checks=checks)


def contradictions(
    query_url: str, checks: Sequence[Rule], graphs: Sequence[str], authorization: str | None = None
) -> list[tuple[str, str]]:
    """(rule, resource) for up to 10 resources per inconsistency rule found in ``graphs``."""
    found = []
    for check in checks:
        reply = sparql(query_url, check.witnesses(graphs), "application/sparql-results+json", authorization)
        for solution in _solutions(query_url, reply.body):
            found.append((check.name, str(solution["x"])))
    return found


def _solutions(query_url: str, body: bytes) -> ox.QuerySolutions:
    try:
        solutions = json_results(body)  # blank nodes as Virtuoso names them read too
    except SyntaxError as error:
        raise EndpointError(f"{query_url}: the answer is not SPARQL JSON results ({error})") from None
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


def checked(text: str, into: str) -> str:
    """``text`` if it only inserts into ``into``; raises UnsafeUpdate otherwise."""
    head = text[: text.index("USING")] if "USING" in text else text
    if not head.startswith("INSERT {") or _FORBIDDEN.search(head) or set(_WRITTEN.findall(head)) != {into}:
        raise UnsafeUpdate(f"refused to send an update writing outside <{into}>:\n{head}")
    return text


def reason_into(
    query_url: str,
    update_url: str,
    rules: Sequence[Rule],
    into: str,
    graphs: Sequence[str],
    authorization: str | None = None,
) -> tuple[int, int]:
    """Run ``rules`` over ``graphs`` + ``into`` at the endpoint until ``into`` stops growing;
    (rounds, triples in ``into``)."""
    if into in graphs:
        raise IpcoError(f"--into <{into}> is one of the data graphs: the inferred graph must be its own")
    updates = [checked(rule.update(into, graphs), into) for rule in rules]
    size, rounds = _size(query_url, into, authorization), 0
    while True:
        rounds += 1
        for text in updates:
            request(
                "POST",
                update_url,
                body=urlencode({"update": text}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                authorization=authorization,
            )
        grown = _size(query_url, into, authorization)
        if grown == size:
            return rounds, grown
        size = grown


def _size(query_url: str, graph: str, authorization: str | None) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    reply = sparql(query_url, query, "application/sparql-results+json", authorization)
    for solution in _solutions(query_url, reply.body):
        count = solution["n"]
        if isinstance(count, ox.Literal):
            return int(count.value)
    return 0
