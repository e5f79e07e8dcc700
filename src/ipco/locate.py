"""Where is a resource written? Maps focus nodes and values to file, line and column.

pyoxigraph does not report positions of valid triples, so this module re-reads Turtle, TriG,
N-Triples and N-Quads with a small tokenizer that knows just enough of the grammar
(https://www.w3.org/TR/turtle/#sec-grammar) to tell the subject of each statement and the terms
inside it. It never judges syntax: the parser already did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph as ox
from rdflib import BNode
from rdflib.term import Node

from ipco.errors import SourcePosition
from ipco.load import Loaded, LoadedFile
from ipco.report import ValidationResult
from ipco.syntaxes import NQUADS, NTRIPLES, TRIG, TURTLE, RdfSyntax

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<long_string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<directive>@prefix|@base|(?i:PREFIX)\b|(?i:BASE)\b|(?i:GRAPH)\b)
    | (?P<bnode>_:[^\s;,.()\[\]{}]+(?<!\.))
    | (?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
    | (?P<datatype>\^\^)
    | (?P<punct>[.;,()\[\]{}])
    | (?P<pname>[^\s<>"';,()\[\]{}#]*:[^\s<>"';,()\[\]{}#]*?(?=[\s;,()\[\]{}#]|\.(?:\s|$)|$))
    | (?P<other>[^\s;,()\[\]{}#"'<]+)
    """,
    re.VERBOSE,
)
_LOCATABLE = (TURTLE, TRIG, NTRIPLES, NQUADS)


@dataclass
class FileIndex:
    """Positions of the subjects of a file's statements, and of the terms inside each statement."""

    subjects: dict[str, SourcePosition] = field(default_factory=dict)
    terms: dict[tuple[str, str], SourcePosition] = field(default_factory=dict)
    anywhere: dict[str, SourcePosition] = field(default_factory=dict)

    def where(self, focus: str, value: str | None = None) -> SourcePosition | None:
        """Where ``value`` is written in a statement about ``focus``, else where ``focus`` is the
        subject, else where ``focus`` first appears at all (a term used only as an object)."""
        if value is not None and (focus, value) in self.terms:
            return self.terms[(focus, value)]
        return self.subjects.get(focus) or self.anywhere.get(focus)


def index_file(path: Path, syntax: RdfSyntax, display: str | None = None) -> FileIndex:
    """Index a file; formats without a tokenizer here give an empty index (the file is still named)."""
    if syntax not in _LOCATABLE:
        return FileIndex()
    text = path.read_text(encoding="utf-8", errors="replace")
    return index_text(text, display or str(path), base=path.resolve().as_uri())


def index_text(text: str, display: str, base: str = "") -> FileIndex:
    """Index Turtle-family text: the first statement of each subject, and the terms in it."""
    index = FileIndex()
    prefixes: dict[str, str] = {}
    tokens = list(_tokens(text))
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    expecting_subject = True
    depth = 0
    subject: str | None = None
    i = 0
    while i < len(tokens):
        kind, value, offset = tokens[i]
        if kind == "directive":
            i, base = _directive(tokens, i, prefixes, base)
            expecting_subject = True
            continue
        if kind == "punct":
            if value in "[(":
                depth += 1
            elif value in "])":
                depth -= 1
            elif (value == "." and depth == 0) or value in "{}":
                expecting_subject, subject = True, None
            i += 1
            continue
        term = _resolve(kind, value, prefixes, base)
        if term is not None:
            position = _position(display, line_starts, offset)
            index.anywhere.setdefault(term, position)
            next_value = tokens[i + 1][1] if i + 1 < len(tokens) else ""
            if expecting_subject and next_value != "{":
                subject, expecting_subject = term, False
                index.subjects.setdefault(term, position)
            elif subject is not None:
                index.terms.setdefault((subject, term), position)
        i += 1
    return index


def _tokens(text: str) -> list[tuple[str, str, int]]:
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            found.append((kind, match.group(), match.start()))
    return found


def _directive(tokens: list[tuple[str, str, int]], i: int, prefixes: dict[str, str], base: str) -> tuple[int, str]:
    """Apply a @prefix / PREFIX / @base / BASE directive; returns the next token index and base."""
    keyword = tokens[i][1].lower().lstrip("@")
    if keyword == "graph":
        return i + 1, base
    if keyword == "prefix" and i + 2 < len(tokens):
        name = tokens[i + 1][1].rstrip(":")
        prefixes[name] = urljoin(base, tokens[i + 2][1][1:-1])
        i += 3
    elif keyword == "base" and i + 1 < len(tokens):
        base = urljoin(base, tokens[i + 1][1][1:-1])
        i += 2
    else:
        i += 1
    if i < len(tokens) and tokens[i][1] == ".":
        i += 1
    return i, base


def _resolve(kind: str, value: str, prefixes: dict[str, str], base: str) -> str | None:
    """The full form of a term token: IRI text, ``_:label``, or a literal's lexical form."""
    if kind == "iri":
        return urljoin(base, _unescape(value[1:-1]))
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        return None
    if kind == "bnode":
        return value
    if kind == "long_string":
        return _unescape(value[3:-3])
    if kind == "string":
        return _unescape(value[1:-1])
    if kind == "other" and value not in ("a", "true", "false"):
        return value  # numbers: their lexical form
    return None


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    replacements = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

    def replace(match: re.Match[str]) -> str:
        escaped = match.group(1)
        if escaped[0] in "uU":
            return chr(int(escaped[1:], 16))
        return replacements.get(escaped, escaped)

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", replace, text)


def _position(display: str, line_starts: list[int], offset: int) -> SourcePosition:
    low, high = 0, len(line_starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if line_starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return SourcePosition(display, low + 1, offset - line_starts[low] + 1)


def attach_locations(results: list[ValidationResult], loaded: Loaded) -> list[ValidationResult]:
    """The results with ``location`` set to where their focus node (or value) is written."""
    files_by_graph = {f.graph: f for f in loaded.files}
    graph_of: dict[str, str] = {}
    for quad in loaded.quads:
        subject = _node_text(quad.subject)
        if subject not in graph_of:
            graph_of[subject] = str(quad.graph_name.value)  # type: ignore[union-attr]
    for quad in loaded.quads:
        for term in (quad.object, quad.predicate):
            text = _node_text(term)
            if text not in graph_of:
                graph_of[text] = str(quad.graph_name.value)  # type: ignore[union-attr]
    indexes: dict[str, FileIndex] = {}
    located = []
    for result in results:
        focus = _rdflib_text(result.focus)
        loaded_file = files_by_graph.get(graph_of.get(focus, ""))
        if loaded_file is None:
            located.append(result)
            continue
        if loaded_file.display not in indexes:
            indexes[loaded_file.display] = _index_loaded(loaded_file)
        value = _rdflib_text(result.value) if result.value is not None else None
        where = indexes[loaded_file.display].where(focus, value) or SourcePosition(loaded_file.display)
        located.append(replace(result, location=where))
    return located


def _index_loaded(loaded_file: LoadedFile) -> FileIndex:
    path = Path(loaded_file.display)
    if not path.is_file():
        return FileIndex()
    return index_file(path, loaded_file.syntax, loaded_file.display)


def _node_text(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(getattr(term, "value", term))


def _rdflib_text(node: Node | None) -> str:
    if isinstance(node, BNode):
        return "_:" + str(node)
    return str(node)
