"""Query: SPARQL 1.1 over a release or over loaded files, with pyoxigraph, never federated.

IPCO's prefixes are predeclared, the default graph is the merge of all named graphs (so a query sees
asserted and inferred triples, each once, unless it asks for a ``GRAPH``), and ``SERVICE`` is refused: pyoxigraph
would otherwise send an HTTP request.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ipco.errors import InputNotFound, LoadError, RemoteResourceRefused, SourcePosition
from ipco.export import used_prefixes
from ipco.load import Loaded
from ipco.namespaces import PREFIXES, XSD

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
_QUERY_ERROR = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
# Comments, strings and IRIs, which may mention the word SERVICE harmlessly.
_INERT = re.compile(
    r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>"
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_Item = TypeVar("_Item")


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
        result = store.query(text, prefixes=PREFIXES, **dataset)  # type: ignore[arg-type]
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
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        raise RemoteResourceRefused(
            SourcePosition(source, line, column),
            "SERVICE is refused: IPCO never sends queries over the network",
            hint="load the remote data into a local file and query it with `ipco query QUERY FILE`",
        )


def _query_error(message: str, source: str) -> LoadError:
    match = _QUERY_ERROR.match(message)
    if match:
        return LoadError(SourcePosition(source, int(match.group(1)), int(match.group(2))), match.group(3).strip())
    return LoadError(SourcePosition(source), message)


def render_answer(answer: QueryAnswer, result_format: str) -> str:
    """The answer as a text table, or as standard SPARQL CSV, TSV or JSON results."""
    if answer.boolean is not None:
        return _render_boolean(answer.boolean, result_format)
    if answer.triples is not None:
        data = ox.serialize(
            answer.triples,
            format=ox.RdfFormat.TURTLE,
            prefixes=used_prefixes(ox.Quad(t.subject, t.predicate, t.object) for t in answer.triples),
        )
        return (data or b"").decode()
    if result_format == "table":
        return _table(answer)
    return _solutions_document(answer, result_format)


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
