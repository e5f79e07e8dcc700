"""Where is a resource written? Maps focus nodes and values to file, line and column.

pyoxigraph does not report positions of valid triples, so this module re-reads Turtle, TriG,
N-Triples and N-Quads with a small tokenizer that knows just enough of the grammar
(https://www.w3.org/TR/turtle/#sec-grammar) to tell the subject of each statement and the terms
inside it. It never judges syntax: the parser already did.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
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
    | (?P<long_string>\"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*\"\"\"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*''')
    | (?P<string>"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\\\n]*(?:\\.[^'\\\n]*)*')
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
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


#: One statement of Turtle-family text at a time: its body, up to the ``.`` that ends it (or the
#: ``{``/``}`` of a TriG graph). Strings and IRIs are matched whole, so a ``.`` inside them does not
#: end the statement; neither does a ``.`` between two name characters (``ex:a.b``, ``1.5``).
#: Matching statements, not tokens, keeps a million-triple file to a fraction of a second.
_STATEMENT = re.compile(
    r"""
    (?:\s+|\#[^\n]*)*
    (?P<body>(?:
        <[^<>"{}|^`\\\s]*>
      | \"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*\"\"\"
      | '''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''
      | "[^"\\\n]*(?:\\.[^"\\\n]*)*"
      | '[^'\\\n]*(?:\\.[^'\\\n]*)*'
      | \#[^\n]*
      | [^"'<\#.{}]+
      | (?<=[\w\-:%])\.(?=[\w\-:%])
    )*)
    (?P<end>\.|\{|\}|\Z)
    """,
    re.VERBOSE,
)
_SUBJECT = re.compile(r"<[^>]*>|_:[^\s;,.()\[\]{}]+(?<!\.)|[^\s<>\"';,()\[\]{}#]*:[^\s<>\"';,()\[\]{}#]*(?<!\.)")
_DIRECTIVE = re.compile(
    r"(?i:@prefix|prefix)\s+(?P<name>[^\s:]*):\s*(?P<iri><[^>]*>)\s*\.?|(?i:@base|base)\s+(?P<base><[^>]*>)\s*\.?"
)


@dataclass(frozen=True)
class Scope:
    """The prefixes and base in force where a statement is written."""

    prefixes: Mapping[str, str]
    base: str


class _Declared:
    """A file's prefix declarations, each with its rank in the file: a statement's prefixes are a
    view at a rank (``at``), not a copy, which a file alternating declarations and statements
    would make quadratic (20,000 of each: 14 s)."""

    def __init__(self) -> None:
        self.rank = 0
        self._ranks: dict[str, list[int]] = {}
        self._iris: dict[str, list[str]] = {}

    def declare(self, name: str, iri: str) -> None:
        self.rank += 1
        self._ranks.setdefault(name, []).append(self.rank)
        self._iris.setdefault(name, []).append(iri)

    def at(self, rank: int) -> _PrefixesAt:
        return _PrefixesAt(self, rank)

    def lookup(self, name: str, rank: int) -> str | None:
        ranks = self._ranks.get(name)
        i = bisect_right(ranks, rank) - 1 if ranks else -1
        return self._iris[name][i] if i >= 0 else None

    def names(self, rank: int) -> list[str]:
        return [name for name, ranks in self._ranks.items() if ranks[0] <= rank]


class _PrefixesAt(Mapping[str, str]):
    """The prefixes declared up to a rank of a ``_Declared``."""

    def __init__(self, declared: _Declared, rank: int) -> None:
        self._declared, self._rank = declared, rank

    def __getitem__(self, name: str) -> str:
        iri = self._declared.lookup(name, self._rank)
        if iri is None:
            raise KeyError(name)
        return iri

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._declared.lookup(name, self._rank) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._declared.names(self._rank))

    def __len__(self) -> int:
        return len(self._declared.names(self._rank))


@dataclass
class FileIndex:
    """Where each subject's statements are written in a file, resolved to line and column on demand.

    Only the statements are indexed up front; the terms of a statement are read when a result asks
    for a value in it, and every term of the file only when a focus node is never a subject.
    """

    text: str = ""
    display: str = ""
    base: str = ""
    statements: dict[str, list[tuple[int, int, Scope]]] = field(default_factory=dict)
    _line_starts: list[int] | None = None
    _anywhere: dict[str, int] | None = None

    def where(self, focus: str, value: str | None = None) -> SourcePosition | None:
        """Where ``value`` is written in a statement about ``focus``, else where ``focus`` is the
        subject, else where ``focus`` first appears at all (a term used only as an object)."""
        spans = self.statements.get(focus)
        if spans:
            if value is not None:
                for start, end, scope in spans:
                    offset = _term_offset(self.text, start, end, scope, value)
                    if offset is not None:
                        return self.position(offset)
            return self.position(spans[0][0])
        offset = self.anywhere().get(focus)
        return self.position(offset) if offset is not None else None

    def anywhere(self) -> dict[str, int]:
        """Offset of the first appearance of every term of the file (read once, when needed)."""
        if self._anywhere is None:
            self._anywhere = {}
            prefixes: dict[str, str] = {}
            base = self.base
            tokens = _tokens(self.text)
            i = 0
            while i < len(tokens):
                kind, value, offset = tokens[i]
                if kind == "directive":
                    i, base = _directive(tokens, i, prefixes, base)
                    continue
                term = _resolve(kind, value, prefixes, base)
                if term is not None:
                    self._anywhere.setdefault(term, offset)
                i += 1
        return self._anywhere

    def position(self, offset: int) -> SourcePosition:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect_right(self._line_starts, offset) - 1
        return SourcePosition(self.display, line + 1, offset - self._line_starts[line] + 1)


def index_file(
    path: Path, syntax: RdfSyntax, display: str | None = None, wanted: AbstractSet[str] | None = None
) -> FileIndex:
    """Index a file; formats without a tokenizer here give an empty index (the file is still named)."""
    if syntax not in _LOCATABLE:
        return FileIndex()
    text = path.read_text(encoding="utf-8", errors="replace")
    return index_text(text, display or str(path), base=path.resolve().as_uri(), wanted=wanted)


def index_text(text: str, display: str, base: str = "", wanted: AbstractSet[str] | None = None) -> FileIndex:
    """Index Turtle-family text: the statements of each subject, in order (of the ``wanted``
    subjects only, when given: locating 13,774 results among 137,953 subjects)."""
    index = FileIndex(text=text, display=display, base=base)
    declared = _Declared()
    scope = Scope(declared.at(0), base)
    for match in _STATEMENT.finditer(text):
        start, end = match.span("body")
        while start < end and text[start] in "@pPbB":  # how every directive starts
            directive = _DIRECTIVE.match(text, start, end)
            if directive is None:
                break
            scope = _apply(directive, declared, scope)
            start = _skip_space(text, directive.end(), end)
        if start >= end or match.group("end") == "{":  # nothing left, or a TriG graph's name
            continue
        subject = _SUBJECT.match(text, start, end)
        if subject is None:
            continue
        token = subject.group()
        if len(token) == 5 and token.upper() == "GRAPH":
            continue
        kind = "iri" if token.startswith("<") else "bnode" if token.startswith("_:") else "pname"
        term = _resolve(kind, token, scope.prefixes, scope.base)  # IRIs: resolved once (``_joined``)
        if term is not None and (wanted is None or term in wanted):
            index.statements.setdefault(term, []).append((start, end, scope))
    return index


def anonymous_statements(index: FileIndex) -> list[tuple[int, set[str]]]:
    """The statements whose subject is an anonymous ``[ … ]`` node (OWL annotations, AllDisjointClasses…),
    each as its offset and the terms written in it: such a node has no label to look up by."""
    found: list[tuple[int, set[str]]] = []
    prefixes: dict[str, str] = {}
    base = index.base
    tokens = _tokens(index.text)
    i, at_start, depth = 0, True, 0
    current: tuple[int, set[str]] | None = None
    while i < len(tokens):
        kind, value, offset = tokens[i]
        if kind == "directive" and depth == 0:
            i, base = _directive(tokens, i, prefixes, base)
            at_start = True
            continue
        if value == "[" and at_start and depth == 0:
            current = (offset, set())
            found.append(current)
        depth += 1 if value in ("[", "(") else -1 if value in ("]", ")") else 0
        term = _RDF_TYPE if value == "a" else _resolve(kind, value, prefixes, base)
        if current is not None and term is not None:
            current[1].add(term)
        at_start = value == "." and depth == 0
        if at_start:
            current = None
        i += 1
    return found


def _apply(directive: re.Match[str], declared: _Declared, scope: Scope) -> Scope:
    """The scope after a matched directive (a prefix is added to ``declared``)."""
    if directive.group("base") is not None:
        return Scope(scope.prefixes, urljoin(scope.base, directive.group("base")[1:-1]))
    declared.declare(directive.group("name"), urljoin(scope.base, directive.group("iri")[1:-1]))
    return Scope(declared.at(declared.rank), scope.base)


def _skip_space(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _term_offset(text: str, start: int, end: int, scope: Scope, value: str) -> int | None:
    """Offset of the first term of the statement ``text[start:end]`` that resolves to ``value``."""
    for kind, token, offset in _tokens(text[start:end]):
        if _resolve(kind, token, scope.prefixes, scope.base) == value:
            return start + offset
    return None


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


def _resolve(kind: str, value: str, prefixes: Mapping[str, str], base: str) -> str | None:
    """The full form of a term token: IRI text, ``_:label``, or a literal's lexical form."""
    if kind == "iri":
        return _joined(base, value)
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + (re.sub(r"\\(.)", r"\1", local) if "\\" in local else local)
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


@functools.lru_cache(maxsize=1 << 16)
def _joined(base: str, token: str) -> str:
    """An IRI token resolved against ``base``: urljoin parses both each time, and an N-Triples file
    of 100k triples writes its IRIs 300k times over (3 s of locating Brick's 4,700 results)."""
    return urljoin(base, _unescape(token[1:-1]))


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


#: Files up to this size are indexed whole while validation runs (``index_whole``): 45 MB of index
#: for a 37 MB file of a million triples. Larger ones are indexed after it, for the results' foci only.
INDEX_WHOLE_MAX_BYTES = 128 << 20


def index_whole(loaded: Loaded) -> dict[str, FileIndex]:
    """Every subject's statements in the loaded files not over ``INDEX_WHOLE_MAX_BYTES``, for
    ``attach_locations``: a thread builds them while the store runs the shapes without the GIL,
    before the results say which subjects are wanted."""
    indexes = {}
    for loaded_file in loaded.files:
        path = Path(loaded_file.display)
        if path.is_file() and path.stat().st_size <= INDEX_WHOLE_MAX_BYTES:
            indexes[loaded_file.display] = _index_loaded(loaded_file)
    return indexes


def attach_locations(
    results: list[ValidationResult], loaded: Loaded, indexed: dict[str, FileIndex] | None = None
) -> list[ValidationResult]:
    """The results with ``location`` set to where their focus node (or value) is written: the first
    file with a statement about the focus, else the file of the first triple that mentions it
    (``indexed``: the files ``index_whole`` has indexed already)."""
    if not results:
        return results
    indexes: dict[str, FileIndex] = dict(indexed or {})

    foci = {_rdflib_text(result.focus) for result in results}

    def index_of(loaded_file: LoadedFile) -> FileIndex:
        if loaded_file.display not in indexes:
            indexes[loaded_file.display] = _index_loaded(loaded_file, foci)
        return indexes[loaded_file.display]

    stating: dict[str, LoadedFile] = {}
    for loaded_file in loaded.files:
        missing = foci - stating.keys()
        if not missing:
            break
        statements = index_of(loaded_file).statements
        stating.update((focus, loaded_file) for focus in missing if focus in statements)
    stating.update(_files_mentioning(foci - stating.keys(), loaded))
    located = []
    for result in results:
        focus = _rdflib_text(result.focus)
        source = stating.get(focus)
        if source is None:
            located.append(result)
            continue
        value = _rdflib_text(result.value) if result.value is not None else None
        where = index_of(source).where(focus, value) or SourcePosition(source.display)
        located.append(replace(result, location=where))
    return located


def node_position(node: str, loaded: Loaded) -> SourcePosition | None:
    """Where a node (a shape named in an error) is first stated in the loaded files."""
    for loaded_file in loaded.files:
        index = _index_loaded(loaded_file)
        if node in index.statements:
            return index.where(node) or SourcePosition(loaded_file.display)
    return None


def _files_mentioning(terms: set[str], loaded: Loaded) -> dict[str, LoadedFile]:
    """The input of the first triple with each term as subject, else as object or predicate (for
    inputs the statement index cannot read, and for terms that are never a subject)."""
    if not terms:
        return {}
    by_position = len(loaded.ends) == len(loaded.files)  # ``load`` says where each file's quads end
    files_by_graph = {f.graph: f for f in loaded.files}
    found: dict[str, LoadedFile] = {}
    for positions in (("subject",), ("object", "predicate")):
        for index, quad in enumerate(loaded.quads):
            for position in positions:
                text = _node_text(getattr(quad, position))
                if text in terms and text not in found:
                    source = (
                        loaded.files[bisect_right(loaded.ends, index)]
                        if by_position
                        else files_by_graph.get(str(getattr(quad.graph_name, "value", "")))
                    )
                    if source is not None:
                        found[text] = source
    return found


def _index_loaded(loaded_file: LoadedFile, wanted: AbstractSet[str] | None = None) -> FileIndex:
    path = Path(loaded_file.display)
    if not path.is_file():
        return FileIndex()
    return index_file(path, loaded_file.syntax, loaded_file.display, wanted)


def _node_text(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(getattr(term, "value", term))


def _rdflib_text(node: Node | None) -> str:
    if isinstance(node, BNode):
        return "_:" + str(node)
    return str(node)
