"""Results of ``ipco validate --endpoint`` kept on disk, so that IPCO's memory stays flat as the data grows.

A store answering for ten million triples finds 140,000 results; held as ``ValidationResult``
objects (2 KB each, 4 KB more while rendering) they made IPCO's memory follow the data. Here each
result is a compact row of a private SQLite database (``sqlite3.connect("")``: a temporary file
SQLite deletes on close, pages beyond a small cache on disk): its terms as text, the shape-level
fields (component, severity, source shape, path) interned once per shape in memory, its messages
interned on disk. Locating updates the rows in batches, and ``SpooledReport`` streams them back in
``ValidationResult.sort_key`` order, a batch at a time, to the same renderers as a report in memory.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ipco.errors import SourcePosition
from ipco.report import Severity, ValidationResult, term_text

_SCHEMA = """
CREATE TABLE results (
  id INTEGER PRIMARY KEY, file TEXT, line INTEGER, col INTEGER,
  focus TEXT NOT NULL, focus_lex TEXT NOT NULL, focus_term TEXT NOT NULL,
  path TEXT NOT NULL, component TEXT NOT NULL, value TEXT NOT NULL, value_term TEXT,
  severity INTEGER NOT NULL, kind INTEGER NOT NULL, messages INTEGER NOT NULL, details BLOB
);
CREATE INDEX results_focus ON results (focus_lex);
CREATE TABLE messages (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE foci (iri TEXT PRIMARY KEY, graph TEXT) WITHOUT ROWID;
"""
#: ``ValidationResult.sort_key`` in SQL: text compares as UTF-8 bytes, i.e. by code point, as
#: Python compares strings; ``id`` (the order results were added) keeps Python's sort stable.
_ORDER = "ifnull(file, ''), ifnull(line, 0), ifnull(col, 0), focus, path, component, value"
_COLUMNS = "file, line, col, focus_term, value_term, kind, m.text, details"
_BATCH = 2000  # rows fetched or written at once: the most result objects alive per step
_CACHE_KIB = 4096  # SQLite's page cache; the rest of the spool stays in its temporary file


@dataclass(frozen=True)
class _Kind:
    """What every result of one shape and component shares, stored once."""

    component: str
    severity: Severity
    source_shape: Node | None
    path: Node | None
    path_text: str | None


class ResultSpool:
    """The rows of one validation run, in a temporary on-disk database closed with the spool."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("")
        self.db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        self.db.execute("PRAGMA temp_store = FILE")  # ORDER BY sorts spill to disk too
        self.db.executescript(_SCHEMA)
        self.kinds: list[_Kind] = []
        self._kind_ids: dict[_Kind, int] = {}

    def close(self) -> None:
        self.db.close()

    def add(self, results: Iterable[ValidationResult]) -> None:
        """Append ``results`` (in the order a report would hold them before sorting)."""
        rows = []
        for result in results:
            rows.append(self._row(result))
            if len(rows) >= _BATCH:
                self._insert(rows)
                rows = []
        self._insert(rows)

    def _row(self, result: ValidationResult) -> tuple[object, ...]:
        kind = _Kind(result.component, result.severity, result.source_shape, result.path, result.path_text)
        kind_id = self._kind_ids.get(kind)
        if kind_id is None:
            kind_id = self._kind_ids[kind] = len(self.kinds)
            self.kinds.append(kind)
        where = result.location
        return (
            where.file if where else None,
            where.line if where else None,
            where.column if where else None,
            term_text(result.focus),
            str(result.focus),
            _encode(result.focus),
            result.path_text or "",
            result.component,
            term_text(result.value) if result.value is not None else "",
            _encode(result.value) if result.value is not None else None,
            int(result.severity),
            kind_id,
            json.dumps(result.messages, ensure_ascii=False),
            pickle.dumps(result.details) if result.details else None,
            str(result.focus) if isinstance(result.focus, URIRef) else None,
        )

    def _insert(self, rows: list[tuple[object, ...]]) -> None:
        if not rows:
            return
        self.db.executemany("INSERT OR IGNORE INTO messages (text) VALUES (?)", [(row[12],) for row in rows])
        self.db.executemany(
            "INSERT INTO results (file, line, col, focus, focus_lex, focus_term, path, component, value,"
            " value_term, severity, kind, messages, details)"
            " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, id, ? FROM messages WHERE text = ?",
            [(*row[:12], row[13], row[12]) for row in rows],
        )
        self.db.executemany("INSERT OR IGNORE INTO foci (iri) VALUES (?)", [(row[14],) for row in rows if row[14]])

    def unlocated(self, after: str, limit: int) -> list[str]:
        """The next ``limit`` IRI foci (in code point order, past ``after``) no graph states yet."""
        rows = self.db.execute(
            "SELECT iri FROM foci WHERE graph IS NULL AND iri > ? ORDER BY iri LIMIT ?", (after, limit)
        )
        return [row[0] for row in rows]

    def set_graphs(self, graph_of: Iterable[tuple[str, str]]) -> None:
        self.db.executemany("UPDATE foci SET graph = ? WHERE iri = ? AND graph IS NULL", [(g, f) for f, g in graph_of])

    def locate_in_graphs(self, where: str) -> None:
        """Every result whose focus (as text) a graph states located there: ``<graph> {where}``."""
        self.db.execute(
            "UPDATE results SET line = NULL, col = NULL,"
            " file = '<' || (SELECT graph FROM foci WHERE iri = focus_lex) || '> ' || ?"
            " WHERE focus_lex IN (SELECT iri FROM foci WHERE graph IS NOT NULL)",
            (where,),
        )

    def at_file(self, file: str, after: int, limit: int) -> list[tuple[int, ValidationResult]]:
        """The next ``limit`` results (by id, past ``after``) whose location starts with ``file``."""
        rows = self.db.execute(
            f"SELECT r.id, {_COLUMNS} FROM results r JOIN messages m ON m.id = r.messages"
            " WHERE substr(file, 1, length(?)) = ? AND r.id > ? ORDER BY r.id LIMIT ?",
            (file, file, after, limit),
        )
        return [(row[0], self._result(row[1:])) for row in rows]

    def relocate(self, located: Iterable[tuple[int, SourcePosition]]) -> None:
        self.db.executemany(
            "UPDATE results SET file = ?, line = ?, col = ? WHERE id = ?",
            [(where.file, where.line, where.column, number) for number, where in located],
        )

    def results(self, where: str = "", order: str = _ORDER) -> Iterator[ValidationResult]:
        """The results (``where``: an SQL condition) in ``order``, read a batch at a time."""
        cursor = self.db.cursor()  # a cursor of its own: renderers read twice, interleaved with nothing
        cursor.arraysize = _BATCH
        cursor.execute(
            f"SELECT {_COLUMNS} FROM results r JOIN messages m ON m.id = r.messages"
            f" {'WHERE ' + where if where else ''} ORDER BY {order}, r.id"
        )
        while batch := cursor.fetchmany():
            yield from (self._result(row) for row in batch)

    def count(self, where: str = "") -> int:
        return int(self.db.execute(f"SELECT count(*) FROM results r {'WHERE ' + where if where else ''}").fetchone()[0])

    def severities(self) -> dict[Severity, int]:
        rows = self.db.execute("SELECT severity, count(*) FROM results GROUP BY severity")
        return {Severity(severity): count for severity, count in rows}

    def _result(self, row: tuple[object, ...]) -> ValidationResult:
        file, line, col, focus, value, kind_id, messages, details = row
        kind = self.kinds[int(kind_id)]  # type: ignore[call-overload]
        return ValidationResult(
            focus=_decode(str(focus)),
            component=kind.component,
            severity=kind.severity,
            source_shape=kind.source_shape,
            path=kind.path,
            path_text=kind.path_text,
            value=_decode(value) if isinstance(value, str) else None,
            messages=tuple((lang, text) for lang, text in json.loads(str(messages))),
            location=SourcePosition(file, line, col) if isinstance(file, str) else None,  # type: ignore[arg-type]
            details=pickle.loads(details) if isinstance(details, bytes) else (),  # the rows this spool wrote
        )


def _encode(node: Node) -> str:
    """A term as text that ``_decode`` gives back equal, literals with their lexical form as written."""
    if isinstance(node, URIRef):
        return "I" + str(node)
    if isinstance(node, BNode):
        return "B" + str(node)
    if isinstance(node, Literal):
        return "L" + json.dumps([str(node), node.language, node.datatype], ensure_ascii=False)
    raise TypeError(f"not an RDF term: {node!r}")


def _decode(text: str) -> Node:
    tag, rest = text[0], text[1:]
    if tag == "I":
        return URIRef(rest)
    if tag == "B":
        return BNode(rest)
    lexical, lang, datatype = json.loads(rest)
    if lang:
        return Literal(lexical, lang=lang)
    if datatype is None:
        return Literal(lexical)
    return Literal(lexical, datatype=URIRef(datatype), normalize=False)


class SpooledResults:
    """A view of the spool as a report's ``results`` or ``hidden``: iterated again on each use."""

    def __init__(self, spool: ResultSpool, where: str = "", order: str = _ORDER) -> None:
        self.spool, self.where, self.order = spool, where, order

    def __iter__(self) -> Iterator[ValidationResult]:
        return self.spool.results(self.where, self.order)

    def __len__(self) -> int:
        return self.spool.count(self.where)


@dataclass
class SpooledReport:
    """A ``ValidationReport`` whose results stay in ``spool``: what the renderers read (``Report``)."""

    spool: ResultSpool
    graph: Graph | None = None
    shapes: Graph | None = None
    shapes_graphs: tuple[str, ...] = ()
    shown: str = ""  # an SQL condition: the rows ``--max-results`` shows (all when empty)
    _counts: dict[Severity, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._counts = self.spool.severities()

    @property
    def results(self) -> SpooledResults:
        return SpooledResults(self.spool, self.shown, f"{_ORDER}, severity DESC" if self.shown else _ORDER)

    @property
    def hidden(self) -> SpooledResults:
        return SpooledResults(self.spool, f"NOT ({self.shown})" if self.shown else "0")

    @property
    def omitted(self) -> int:
        return len(self.hidden) if self.shown else 0

    def counts(self) -> dict[Severity, int]:
        """Results per severity, the hidden ones included."""
        return {severity: self._counts.get(severity, 0) for severity in sorted(Severity, reverse=True)}

    def conforms(self, fail_on: Severity = Severity.VIOLATION) -> bool:
        return not any(count for severity, count in self._counts.items() if severity >= fail_on)

    @property
    def shacl_conforms(self) -> bool:
        return not self._counts

    def limited(self, limit: int) -> SpooledReport:
        """The ``limit`` most severe results, as ``ValidationReport.limited`` chooses them: by
        severity, then place; shown in place order, equal places the most severe first."""
        chosen = f"r.id IN (SELECT id FROM results ORDER BY severity DESC, {_ORDER}, id LIMIT {int(limit)})"
        return SpooledReport(self.spool, self.graph, self.shapes, self.shapes_graphs, chosen)
