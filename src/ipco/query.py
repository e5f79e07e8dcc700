"""Query: SPARQL 1.1 over a release or over loaded files, with pyoxigraph, read-only and offline.

IPCO's prefixes are predeclared, the default graph is the merge of all named graphs (so a query sees
asserted and inferred triples, each once, unless it asks for a ``GRAPH``). Nothing is ever fetched:
``SERVICE`` is refused (pyoxigraph would send an HTTP request), and so are ``FROM`` graphs outside
the dataset and updates (``LOAD`` would fetch too). A query runs in a child process with a time
limit, because pyoxigraph evaluates in Rust without ever checking for signals: only killing its
process stops it, on time-out as on Ctrl-C.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import multiprocessing
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal, TypeVar, cast
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ipco.errors import (
    InputNotFound,
    IpcoError,
    LoadError,
    NotSupported,
    RemoteQueryRefused,
    RemoteResourceRefused,
    SourcePosition,
    UsageError,
)
from ipco.export import used_prefixes
from ipco.load import Loaded
from ipco.namespaces import PREFIXES, XSD
from ipco.query_input import QueryText
from ipco.syntaxes import syntax_named

#: Result formats of SELECT and ASK queries, and of CONSTRUCT and DESCRIBE (a graph); the first is the default.
TABLE_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "rdfxml", "jsonld")
RESULT_FORMATS = TABLE_FORMATS + GRAPH_FORMATS
#: Seconds ``ipco query`` lets a query run.
QUERY_TIMEOUT = 60.0
#: The longest time limit: about eleven days, well within what the operating system's wait takes.
MAX_QUERY_TIMEOUT = 1e6
QueryForm = Literal["solutions", "boolean", "graph"]
_QUERY_ERROR = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
# Comments, strings and IRIs, which may mention the word SERVICE harmlessly.
_INERT = re.compile(
    r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>"
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_DATASET_CLAUSE = re.compile(
    r"(?<![\w?$:.%\\-])FROM\s+(?:NAMED\s+)?(<[^<>\s]*>|[^\s<>{}()]*:[^\s<>{}()]*)", re.IGNORECASE
)
_PREFIX_DECLARATION = re.compile(r"\bPREFIX\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


class QueryTimeout(IpcoError):
    """A query still running at the end of its time limit, stopped."""

    code = "query-timeout"


@dataclass
class QueryAnswer:
    """A query's answer: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    variables: list[str]
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]] | None = None
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None
    #: True when ``run_query``'s ``limit`` cut the rows or triples short.
    truncated: bool = False


def open_release(release_dir: Path) -> ox.Store:
    """An in-memory store holding a built release's dataset (``ipco.nq``)."""
    dataset = release_dir / "ipco.nq"
    if not dataset.is_file():
        raise InputNotFound(f"{dataset}: no built release here", hint="run `ipco build` first, or pass data files")
    store = ox.Store()
    store.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
    return _with_merged_default_graph(store)


def store_of(loaded: Loaded) -> ox.Store:
    """An in-memory store holding loaded files, each in its own named graph."""
    store = ox.Store()
    store.bulk_extend(loaded.quads)
    return _with_merged_default_graph(store)


def _with_merged_default_graph(store: ox.Store) -> ox.Store:
    """Make the default graph the RDF merge of all named graphs, as SPARQL's dataset semantics ask:
    a triple stated by two documents then matches once, not once per graph."""
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def run_query(
    store: ox.Store,
    text: str,
    *,
    source: str = "<query>",
    default_graph: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    limit: int | None = None,
    base_iri: str | None = None,
) -> QueryAnswer:
    """Evaluate ``text``; a syntax error becomes a LoadError at the query's line and column.

    ``default_graph`` and ``named_graphs`` replace the query's dataset (as the SPARQL protocol's
    ``default-graph-uri`` and ``named-graph-uri`` do); ``limit`` keeps at most that many rows or
    triples, and marks the answer truncated when there were more.
    """
    refuse_federation(text, source)
    dataset: dict[str, list[ox.NamedNode]] = {}
    if default_graph is not None or named_graphs is not None:
        dataset["default_graph"] = [ox.NamedNode(iri) for iri in default_graph or []]
        dataset["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs or []]
    try:
        result = store.query(text, prefixes=PREFIXES, base_iri=base_iri, **dataset)  # type: ignore[arg-type]
    except SyntaxError as error:
        raise _query_error(str(error), source) from None
    if isinstance(result, ox.QueryBoolean):
        return QueryAnswer(variables=[], boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        solutions, truncated = _at_most(result, limit)
        rows = [[solution[name] for name in names] for solution in solutions]
        return QueryAnswer(variables=names, rows=rows, truncated=truncated)
    triples, truncated = _at_most(result, limit)
    return QueryAnswer(variables=[], triples=triples, truncated=truncated)


def _at_most(items: Iterable[_Item], limit: int | None) -> tuple[list[_Item], bool]:
    """The first ``limit`` items (all when None), and whether there were more."""
    if limit is None:
        return list(items), False
    kept = list(itertools.islice(items, limit + 1))
    return kept[:limit], len(kept) > limit


def mask_inert(text: str, *, keep_iris: bool = False) -> str:
    """``text`` with comments and strings (and IRIs, unless ``keep_iris``) blanked to spaces, same
    length, so keywords can be searched for without matching words inside them."""
    return _INERT.sub(lambda m: m.group() if keep_iris and m.group().startswith("<") else " " * len(m.group()), text)


def refuse_federation(text: str, source: str = "<query>") -> None:
    """Refuse ``SERVICE``: IPCO never sends a query to another endpoint."""
    match = _SERVICE.search(mask_inert(text))
    if match:
        raise RemoteQueryRefused(
            _position(text, source, match.start()),
            "SERVICE is not supported: IPCO never sends queries over the network",
            hint="load the remote data into a local file and query it with `ipco query QUERY FILE`",
        )


def _position(text: str, source: str, offset: int) -> SourcePosition:
    line = text.count("\n", 0, offset) + 1
    return SourcePosition(source, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def check_query(query: QueryText, *, timeout: float) -> QueryForm:
    """Refuse what IPCO does not do and return the query's form, before any data is loaded.

    pyoxigraph has no parser to call on its own: the query is parsed by evaluating it over an empty
    store (``SERVICE`` refused first, so nothing is sent). That is instant, except that an ASK is
    evaluated at once, and one over a product of VALUES can run for minutes on no data at all: so
    this too runs in a child process, within ``timeout``.
    """
    if _UPDATE.match(mask_inert(query.text, keep_iris=True)):
        raise NotSupported(
            f"{query.source}: updates are not supported: `ipco query` only reads",
            hint="change the data files and query them, or `ipco push` the release into a store that takes updates",
        )
    refuse_federation(query.text, query.source)
    try:
        outcome, detail = call_with_deadline(_parse, (query,), timeout=timeout)
    except TimeoutError:
        raise _timeout(query, timeout) from None
    if outcome == "syntax-error":
        raise _query_error(detail, query.source)
    if outcome == "not-supported":
        raise NotSupported(f"{query.source}: {detail}", hint="use the functions of SPARQL 1.1")
    return cast(QueryForm, detail)


def _parse(query: QueryText) -> tuple[str, str]:
    """In a child process: ("form", the query's form), or why it cannot run, as plain strings that pickle."""
    try:
        result = ox.Store().query(query.text, prefixes=PREFIXES, base_iri=query.base_iri)
    except SyntaxError as error:
        return "syntax-error", str(error)
    except RuntimeError as error:  # an extension function pyoxigraph does not know
        return "not-supported", str(error)
    if isinstance(result, ox.QueryBoolean):
        return "form", "boolean"
    return "form", "solutions" if isinstance(result, ox.QuerySolutions) else "graph"


def result_format_for(form: QueryForm, requested: str | None) -> str:
    """The format to write a ``form`` answer in: ``requested`` if it fits, else a UsageError naming those that do."""
    fitting = GRAPH_FORMATS if form == "graph" else TABLE_FORMATS
    if requested is None:
        return fitting[0]
    if requested not in fitting:
        answer = "a graph (CONSTRUCT, DESCRIBE)" if form == "graph" else "a result table (SELECT, ASK)"
        raise UsageError(
            f"--format {requested} does not fit this query: its answer is {answer}",
            hint=f"use one of: {', '.join(fitting)}",
        )
    return requested


def refuse_outside_graphs(query: QueryText, graphs: Collection[str]) -> None:
    """Refuse ``FROM`` and ``FROM NAMED`` naming a graph the dataset does not hold: pyoxigraph would
    silently match nothing, and a SPARQL service might fetch it; IPCO never fetches. A graph on
    the web (any scheme but ``file:``) is a feature IPCO does not have (exit 3); a file that was not
    loaded is a wrong name, like a missing input (exit 2)."""
    masked = mask_inert(query.text, keep_iris=True)
    prefixes = {**PREFIXES, **dict(_PREFIX_DECLARATION.findall(masked))}
    for match in _DATASET_CLAUSE.finditer(masked):
        name = match.group(1)
        if name.startswith("<"):
            iri = urljoin(query.base_iri, name[1:-1]) if query.base_iri else name[1:-1]
        else:
            prefix, _, local = name.partition(":")
            iri = prefixes.get(prefix, prefix + ":") + local
        if iri not in graphs:
            known = sorted(graphs)
            listed = ", ".join(f"<{graph}>" for graph in known[:5]) + (
                f" and {len(known) - 5} more" if len(known) > 5 else ""
            )
            refusal = RemoteResourceRefused if iri.startswith("file:") else RemoteQueryRefused
            raise refusal(
                _position(query.text, query.source, match.start()),
                f"graph <{iri}> is not in the queried dataset, and IPCO never fetches graphs",
                hint=f"name one of its graphs: {listed or 'none'}; or query the graph's file: `ipco query QUERY FILE`",
            )


def dataset_graphs_of(store: ox.Store) -> frozenset[str]:
    """The IRIs of a store's named graphs: the only graphs ``FROM`` may name."""
    return frozenset(str(graph.value) for graph in store.named_graphs())


def answer_within(store: ox.Store, query: QueryText, *, timeout: float) -> QueryAnswer:
    """Evaluate ``query`` over ``store`` in a child process, stopped after ``timeout`` seconds (QueryTimeout)."""
    dataset = store.dump(format=ox.RdfFormat.N_QUADS) or b""
    try:
        return call_with_deadline(_answer_over, (dataset, query), timeout=timeout)
    except TimeoutError:
        raise _timeout(query, timeout) from None


def _timeout(query: QueryText, timeout: float) -> QueryTimeout:
    return QueryTimeout(
        f"{query.source}: the query ran longer than the {timeout:g} s limit and was stopped",
        hint="narrow it down (fewer patterns, a LIMIT), or allow it more time with --timeout S",
    )


def _answer_over(dataset: bytes, query: QueryText) -> QueryAnswer:
    """In the child process: rebuild the store from its N-Quads and evaluate."""
    store = ox.Store()
    store.bulk_load(dataset, format=ox.RdfFormat.N_QUADS)
    return run_query(store, query.text, source=query.source, base_iri=query.base_iri)


def call_with_deadline(function: Callable[..., _Result], arguments: tuple[Any, ...], *, timeout: float) -> _Result:
    """``function(*arguments)`` computed in a child process, killed after ``timeout`` seconds
    (TimeoutError) or as soon as Ctrl-C interrupts the wait (KeyboardInterrupt).

    A thread cannot be stopped while pyoxigraph evaluates; a process can. The child comes from a
    fork server that has imported this module already, so each call costs a fork, not an interpreter
    start; ``function``, its arguments and its result must pickle.
    """
    context = _fork_server()
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(sending, function, arguments), name="ipco-query", daemon=True)
    child.start()
    sending.close()
    try:
        if not receiving.poll(timeout):
            raise TimeoutError(f"no answer within {timeout:g} s")
        try:
            succeeded, payload = receiving.recv()
        except EOFError:  # the child was killed (out of memory, for one)
            succeeded, payload = False, "its process ended without an answer"
    finally:
        child.kill()
        child.join()
        receiving.close()
    if not succeeded:
        raise IpcoError(f"the query failed: {payload}")
    result: _Result = payload
    return result


def _fork_server() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _child_main(connection: Connection, function: Callable[..., object], arguments: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent decides
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        outcome: tuple[bool, object] = (True, function(*arguments))
    except Exception as error:  # sent to the parent, which reports it without a traceback
        outcome = (False, f"{type(error).__name__}: {error}")
    connection.send(outcome)


def _exit_with_parent(parent: int) -> None:
    """End the child when its parent is gone (killed), even in the middle of an evaluation."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _query_error(message: str, source: str) -> LoadError:
    match = _QUERY_ERROR.match(message)
    if match:
        return LoadError(SourcePosition(source, int(match.group(1)), int(match.group(2))), match.group(3).strip())
    return LoadError(SourcePosition(source), message)


def render_answer(answer: QueryAnswer, result_format: str) -> str:
    """The answer as a text table, as standard SPARQL CSV, TSV, JSON or XML results, or (a graph)
    in the RDF syntax ``result_format`` names."""
    if answer.boolean is not None:
        return _render_boolean(answer.boolean, result_format)
    if answer.triples is not None:
        return render_graph(answer.triples, result_format).decode()
    if result_format == "table":
        return _table(answer)
    return _solutions_document(answer, result_format)


def render_graph(triples: Iterable[ox.Triple], syntax_name: str) -> bytes:
    """Triples in an RDF syntax, sorted so that the same answer is written byte for byte the same."""
    ordered = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = used_prefixes(ox.Quad(t.subject, t.predicate, t.object) for t in ordered)
    return ox.serialize(ordered, format=syntax_named(syntax_name).oxigraph, prefixes=prefixes) or b""


def _render_boolean(value: bool, result_format: str) -> str:
    text = "true" if value else "false"
    if result_format == "json":
        return '{"head":{},"boolean":' + text + "}\n"
    if result_format == "xml":
        return f"{_XML_HEAD}<head/>\n<boolean>{text}</boolean>\n</sparql>\n"
    return text + "\n"


def _solutions_document(answer: QueryAnswer, result_format: str) -> str:
    """SPARQL 1.1 results in CSV, TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/), JSON
    (https://www.w3.org/TR/sparql11-results-json/) or XML (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
    rows = answer.rows or []
    if result_format == "xml":
        return _xml_solutions(answer.variables, rows)
    if result_format == "json":
        bindings = [
            {name: _json_term(term) for name, term in zip(answer.variables, row, strict=True) if term is not None}
            for row in rows
        ]
        document = {"head": {"vars": answer.variables}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if result_format == "tsv":
        lines = ["\t".join(f"?{name}" for name in answer.variables)]
        lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
        return "\n".join(lines) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(answer.variables)
    writer.writerows([_csv_term(term) for term in row] for row in rows)
    return buffer.getvalue()


_XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _xml_solutions(variables: list[str], rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]) -> str:
    lines = [_XML_HEAD + "<head>"]
    lines += [f"<variable name={quoteattr(name)}/>" for name in variables]
    lines.append("</head>\n<results>")
    for row in rows:
        lines.append("<result>")
        lines += [
            f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in zip(variables, row, strict=True)
            if term is not None
        ]
        lines.append("</result>")
    lines.append("</results>\n</sparql>\n")
    return "\n".join(lines)


def _xml_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value == XSD + "string":
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == XSD + "string":
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _csv_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _table(answer: QueryAnswer) -> str:
    header = [f"?{name}" for name in answer.variables]
    body = [[_cell(term) for term in row] for row in answer.rows or []]
    widths = [max([len(h)] + [len(row[i]) for row in body]) for i, h in enumerate(header)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *body]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            local = term.value[len(namespace) :]
            if term.value.startswith(namespace) and re.fullmatch(r"[\w.-]*", local):
                return f"{prefix}:{local}"
        return str(term)
    return str(term)
