"""Load: parse RDF files into one dataset, strictly and offline, remembering where triples came from.

pyoxigraph is the parser: it rejects the W3C negative syntax tests that rdflib accepts, and it
reports line and column. Each file's triples go into a named graph of their own, so later stages
(and users) can always ask which file a triple came from. Nothing here touches the network:
remote JSON-LD contexts are refused unless mapped to a local copy, and ``owl:imports`` resolve
only through a local catalogue.
"""

from __future__ import annotations

import io
import os
import re
import stat
import sys
import xml.parsers.expat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ipco.errors import (
    InputLimitExceeded,
    InputNotFound,
    InputUnreadable,
    LoadError,
    SourcePosition,
    UsageError,
)
from ipco.gc_pause import cyclic_gc_paused
from ipco.input_limits import (
    MAX_JSON_STRING_BYTES,
    MAX_TERM_BYTES,
    char_at,
    check_json_depth,
    check_no_nul,
    check_xml_entities,
    check_xml_root,
    oversized_term,
    position_at,
    without_bom,
)
from ipco.jsonld_contexts import inline_contexts, sibling_contexts
from ipco.jsonld_refs import NO_DOCUMENT_LOADER, remote_context_error
from ipco.namespaces import OWL, RDF
from ipco.store_fill import StoreFill
from ipco.syntaxes import JSONLD, RDFXML, SYNTAXES, TURTLE, RdfSyntax, syntax_for_path
from ipco.xml_checks import check_xml_chars, check_xml_depth

STDIN = "-"
STDIN_GRAPH = "urn:ipco:stdin"
#: The most read from standard input (``-``): a stream may never end; a file's size is known.
MAX_STREAM_BYTES = 1 << 30
_UTF8_CONTINUATION = bytes(range(0x80, 0xC0))
_OWL_IMPORTS = ox.NamedNode(OWL + "imports")
_OWL_ONTOLOGY = ox.NamedNode(OWL + "Ontology")
_RDF_TYPE = ox.NamedNode(RDF + "type")
#: A value pyoxigraph's RDF/XML errors quote: 'an IRI' or 'a language tag', or `an entity`.
_QUOTED_VALUE = re.compile(r"'([^']+)'|`([^`]+)`")
#: The byte range some RDF/XML errors start with ("at 3..6: "), relative to an unknown origin.
_POSITION_RANGE = re.compile(r"^at \d+\.\.\d+: ")
_POSITION_PREFIX = re.compile(r"^Parser error (?:at|between) line[^:]*: ")


@dataclass(frozen=True)
class LoadedFile:
    """One input: how to name it in messages, its syntax, and the graph its triples went into."""

    display: str
    syntax: RdfSyntax
    graph: str


@dataclass
class Loaded:
    """The outcome of loading: every quad, and which file each graph came from.

    ``ends``: where each file's quads end in ``quads``. ``as_parsed``: the quads are as the parser
    gave them, each file's triples in the default graph rather than in its file's graph, as
    pyoxigraph's store holds them when it loads the files itself (``load(fill=True)``; ``filled``
    is that store, see ``store_fill``): wrapping a million quads in their graph costs 1.2 s.
    """

    quads: list[ox.Quad] = field(default_factory=list)
    files: list[LoadedFile] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    as_parsed: bool = False
    filled: StoreFill | None = None

    def file_of_graph(self, graph: str) -> LoadedFile | None:
        """The input a named graph came from (None for graphs made by the pipeline)."""
        for loaded in self.files:
            if loaded.graph == graph:
                return loaded
        return None


def file_graph(path: Path) -> str:
    """Default named graph of a file: its ``file:`` URI."""
    return path.resolve().as_uri()


def collect_inputs(paths: Sequence[str | Path], forced: RdfSyntax | None = None) -> list[str | Path]:
    """Expand directories (recursively, RDF extensions only, sorted) and check every path exists."""
    inputs: list[str | Path] = []
    for raw in paths:
        if str(raw) == STDIN:
            inputs.append(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            found = _rdf_files_under(path)
            if not found:  # validating nothing would "conform": a wrong path would pass CI
                extensions = " ".join(ext for s in SYNTAXES for ext in s.extensions)
                raise InputNotFound(
                    f"{raw}: is a directory with no RDF file in it", hint=f"RDF files end in {extensions}"
                )
            inputs.extend(found)
        else:
            _check_regular_file(path)
            inputs.append(path)
    for item in inputs:
        if isinstance(item, Path) and forced is None and syntax_for_path(item) is None:
            extensions = " ".join(ext for s in SYNTAXES for ext in s.extensions)
            raise UsageError(
                f"{item}: cannot tell the RDF format from the extension",
                hint=f"pass --format, or use one of: {extensions}",
            )
    return inputs


def load(
    paths: Sequence[str | Path],
    *,
    syntax: RdfSyntax | None = None,
    graph_for: Callable[[Path], str] = file_graph,
    contexts: Mapping[str, Path] | None = None,
    stdin: Any = None,
    fill: bool = False,
) -> Loaded:
    """Parse every file (directories recursively, ``-`` for standard input) into one dataset.

    ``syntax`` forces one syntax for all inputs; otherwise each file's extension decides.
    ``contexts`` maps remote JSON-LD context IRIs to local files. ``fill``: pyoxigraph also loads
    the files into a store, in a thread beside the parse (``Loaded.filled``), and the quads stay
    as parsed (``Loaded.as_parsed``).
    """
    loaded = Loaded(filled=StoreFill() if fill else None, as_parsed=fill)
    with cyclic_gc_paused():  # a million quads, no cycle: see gc_pause
        for item in collect_inputs(paths, syntax):
            if item == STDIN:
                stream = stdin if stdin is not None else sys.stdin.buffer
                data = read_stream(stream, "<stdin>")
                chosen = syntax or TURTLE
                graph = None if fill else STDIN_GRAPH
                quads = parse_bytes(data, chosen, "<stdin>", graph, contexts=contexts, fill=loaded.filled)
                loaded.files.append(LoadedFile("<stdin>", chosen, STDIN_GRAPH))
            else:
                assert isinstance(item, Path)
                chosen = syntax or syntax_for_path(item) or TURTLE
                graph = graph_for(item)
                quads = parse_file(item, chosen, None if fill else graph, contexts=contexts, fill=loaded.filled)
                loaded.files.append(LoadedFile(str(item), chosen, graph))
            loaded.quads.extend(quads)
            loaded.ends.append(len(loaded.quads))
    return loaded


@dataclass
class Streamed:
    """Files to parse one at a time, for one pass over more quads than fit in memory twice
    (``ipco reason``): each file's quads are handed on and dropped; ``load`` parses them all again
    when the whole is needed after all (to locate the facts behind an inconsistency)."""

    paths: Sequence[str | Path]
    syntax: RdfSyntax | None = None

    def __post_init__(self) -> None:
        self.inputs = collect_inputs(self.paths, self.syntax)  # a missing path fails before any parsing
        # Standard input is read once, kept as bytes (a tenth of its quads' size) to be parsed again.
        self._stdin = read_stream(sys.stdin.buffer, "<stdin>") if STDIN in self.inputs else b""

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad, file after file, as ``load`` gives them."""
        for item in self.inputs:
            with cyclic_gc_paused():
                if item == STDIN:
                    quads = parse_bytes(self._stdin, self.syntax or TURTLE, "<stdin>", STDIN_GRAPH)
                else:
                    assert isinstance(item, Path)
                    quads = parse_file(item, self.syntax or syntax_for_path(item) or TURTLE, file_graph(item))
            yield from quads
            del quads

    def load(self) -> Loaded:
        """All the quads at once."""
        return load(self.inputs, syntax=self.syntax, stdin=io.BytesIO(self._stdin))


def parse_file(
    path: Path,
    syntax: RdfSyntax,
    graph: str | None,
    *,
    contexts: Mapping[str, Path] | None = None,
    fill: StoreFill | None = None,
) -> list[ox.Quad]:
    """Parse one file into quads; triples of the default graph go into ``graph`` (None: stay there),
    and into ``fill``'s store."""
    data = screen(read_file(path), syntax, str(path))
    local = dict(contexts or {})
    if syntax is JSONLD:
        local.update(sibling_contexts(data, path))
    base_iri = path.resolve().as_uri()
    if fill is not None:
        fill.add(data, syntax, base_iri)
    return _parse_screened(data, syntax, str(path), graph, base_iri=base_iri, contexts=local)


def _rdf_files_under(folder: Path) -> list[Path]:
    """The RDF files in ``folder`` and its subfolders (symbolic links to folders not followed),
    sorted. A folder that cannot be listed is refused: skipping it, as ``Path.rglob`` does, would
    leave its files out of the validation without a word."""

    def refuse(error: OSError) -> None:
        raise InputUnreadable(
            f"{error.filename}: cannot list this folder ({error.strerror})", hint="check the folder's permissions"
        )

    found: list[Path] = []
    for root, _, names in os.walk(folder, onerror=refuse):
        found.extend(path for name in names if (path := Path(root, name)).is_file() and syntax_for_path(path))
    return sorted(found)


def _check_regular_file(path: Path) -> None:
    """Fail early, with the true reason, for an input that is missing or not a regular file."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputNotFound(f"{path}: no such file or directory", hint="check the path") from None
    except OSError as error:
        raise InputUnreadable(f"{path}: cannot read ({error.strerror})", hint="check the path") from None
    if not stat.S_ISREG(mode):
        raise _not_regular(path, mode)


def _not_regular(path: Path, mode: int) -> InputUnreadable:
    if stat.S_ISDIR(mode):
        return InputUnreadable(f"{path}: is a directory, not a file", hint="name a file")
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket"
    return InputUnreadable(
        f"{path}: not a regular file ({kind})", hint="save the data to a file, or pipe it to `-` (standard input)"
    )


def read_file(path: Path) -> bytes:
    """The bytes of a regular file. Opened without blocking and checked once open, so a FIFO or
    device is refused (it could block or never end) even if it replaced the file after listing."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputNotFound(f"{path}: no such file or directory", hint="check the path") from None
    except PermissionError:
        raise InputUnreadable(f"{path}: permission denied", hint="check the file's permissions") from None
    except OSError as error:
        raise InputUnreadable(f"{path}: cannot read ({error.strerror})") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise _not_regular(path, mode)
    with os.fdopen(descriptor, "rb") as file:
        try:
            return file.read()
        except OSError as error:
            raise InputUnreadable(f"{path}: cannot read ({error.strerror})") from None


def read_stream(stream: Any, display: str, chunk_size: int = 1 << 20, limit: int = MAX_STREAM_BYTES) -> bytes:
    """All of a stream, in chunks, up to ``limit`` bytes: a file's size is known, a stream's is not
    (``yes | ipco query …`` never ends). No RDF syntax starts with a NUL byte: one there is refused
    at once, so ``< /dev/zero`` ends at the first chunk instead of filling the memory."""
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(chunk_size):
        if not chunks and chunk.startswith(b"\x00"):
            check_no_nul(chunk[:1], display)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise InputLimitExceeded(
                _stream_position(chunks, limit, display),
                f"standard input goes on past {limit >> 20} MiB, the most IPCO reads from a stream",
                hint="save the data to a file and pass its path",
            )
    return b"".join(chunks)


def _stream_position(chunks: list[bytes], offset: int, display: str) -> SourcePosition:
    """Line and column of byte ``offset`` of the chunks, without joining them."""
    lines, column = 0, 0
    for chunk in chunks:
        part = chunk[:offset]
        offset -= len(part)
        newlines = part.count(b"\n")
        lines += newlines
        tail = part[part.rfind(b"\n") + 1 :]
        # characters, as editors count them: every byte but UTF-8 continuation bytes
        column = (0 if newlines else column) + len(tail.translate(None, _UTF8_CONTINUATION))
        if offset <= 0:
            break
    return SourcePosition(display, lines + 1, column + 1)


def screen(data: bytes, syntax: RdfSyntax, display: str) -> bytes:
    """The bytes to parse, once checked against IPCO's input limits (``input_limits``)."""
    data = without_bom(data)
    if syntax is RDFXML:
        check_no_nul(data, display)  # XML forbids it (its Char production); pyoxigraph lets it in
        check_xml_chars(data, display)
        check_xml_entities(data, display)
        check_xml_root(data, display)
        check_xml_depth(data, display)
    elif syntax is JSONLD:
        check_json_depth(data, display)
    return data


def parse_bytes(
    data: bytes,
    syntax: RdfSyntax,
    display: str,
    graph: str | None,
    *,
    base_iri: str | None = None,
    contexts: Mapping[str, Path] | None = None,
    fill: StoreFill | None = None,
) -> list[ox.Quad]:
    """Parse bytes strictly; a syntax error becomes a LoadError with file, line and column."""
    data = screen(data, syntax, display)
    if fill is not None:
        fill.add(data, syntax, base_iri)
    return _parse_screened(data, syntax, display, graph, base_iri=base_iri, contexts=contexts)


def _parse_screened(
    data: bytes,
    syntax: RdfSyntax,
    display: str,
    graph: str | None,
    *,
    base_iri: str | None = None,
    contexts: Mapping[str, Path] | None = None,
) -> list[ox.Quad]:
    source = inline_contexts(data, display, contexts or {}, _read_context) if syntax is JSONLD else data
    try:
        parsed = ox.parse(source, format=syntax.oxigraph, base_iri=base_iri)
        if graph is None:
            return list(parsed)
        target = ox.NamedNode(graph)
        if not syntax.holds_datasets:  # every quad is in the default graph: no test, no call (1 s a million)
            return [ox.Quad(q.subject, q.predicate, q.object, target) for q in parsed]
        return [_into_graph(quad, target) for quad in parsed]
    except SyntaxError as error:
        if syntax is JSONLD and NO_DOCUMENT_LOADER in str(error):
            raise remote_context_error(data, source, display, contexts or {}) from None
        raise _load_error(error, data, syntax, display) from None
    except MemoryError as error:
        if "buffer maximal size" in str(error):
            limit = MAX_JSON_STRING_BYTES if syntax is JSONLD else MAX_TERM_BYTES
            raise oversized_term(data, display, limit) from None
        raise InputLimitExceeded(
            SourcePosition(display), "not enough memory to parse this input", hint="split it into smaller files"
        ) from None


def _read_context(path: Path) -> bytes:
    """A JSON-LD context file, read under the limits of the documents that use it."""
    return screen(read_file(path), JSONLD, str(path))


def _into_graph(quad: ox.Quad, graph: ox.NamedNode) -> ox.Quad:
    if isinstance(quad.graph_name, ox.DefaultGraph):
        return ox.Quad(quad.subject, quad.predicate, quad.object, graph)
    return quad


def _load_error(error: SyntaxError, data: bytes, syntax: RdfSyntax, display: str) -> LoadError:
    """Turn pyoxigraph's SyntaxError into a one-line LoadError, finding a position when it has none."""
    message = str(error.msg if error.msg else error)
    reason = _POSITION_PREFIX.sub("", message)
    line, column = error.lineno, error.offset
    if line is None and syntax is RDFXML:
        line, column, xml_reason = _xml_position(data)
        if xml_reason:
            reason = f"{reason} ({xml_reason})" if reason else xml_reason
        else:
            reason = _POSITION_RANGE.sub("", reason)
            line, column = _quoted_value_position(data, reason)
    if line is not None and column is not None and b"\x00" in data and char_at(data, line, column) == "\x00":
        reason = "a NUL byte is not allowed outside a string"
    return LoadError(SourcePosition(display, line, column), reason)


def _xml_position(data: bytes) -> tuple[int | None, int | None, str | None]:
    """Ask expat where XML stops being well-formed: pyoxigraph's RDF/XML errors carry no position."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        return error.lineno, error.offset + 1, xml.parsers.expat.ErrorString(error.code)
    return None, None, None


def _quoted_value_position(data: bytes, reason: str) -> tuple[int | None, int | None]:
    """Where the value an RDF/XML error quotes is written (a bad IRI or language tag, an unknown
    entity): pyoxigraph names it but gives no position. The first place it is written; none when
    the value is not in the file as quoted (it was escaped, or lower-cased: tags are matched
    without case)."""
    quoted = _QUOTED_VALUE.search(reason)
    if quoted is None:
        return None, None
    value = (quoted.group(1) or "").encode()
    if quoted.group(2) is not None:
        value = b"&" + quoted.group(2).encode() + b";"
    found = re.search(re.escape(value), data, re.IGNORECASE) if value else None
    if found is None:
        return None, None
    where = position_at(data, found.start(), "")
    return where.line, where.column


def declared_ontologies(quads: Iterable[ox.Quad]) -> set[str]:
    """IRIs of the ``owl:Ontology`` resources the quads declare."""
    return {
        q.subject.value
        for q in quads
        if q.predicate == _RDF_TYPE and q.object == _OWL_ONTOLOGY and isinstance(q.subject, ox.NamedNode)
    }


def imported_ontologies(quads: Iterable[ox.Quad]) -> set[str]:
    """IRIs named by ``owl:imports``."""
    return {q.object.value for q in quads if q.predicate == _OWL_IMPORTS and isinstance(q.object, ox.NamedNode)}


def resolve_imports(loaded: Loaded, catalog: Mapping[str, Path], graph_for: Callable[[Path], str]) -> list[str]:
    """Load, from the local catalogue only, every ontology that ``loaded`` imports, transitively.

    Returns the imported IRIs that are neither loaded nor in the catalogue: they are never fetched.
    """
    unresolved: list[str] = []
    seen: set[str] = set()
    while True:
        present = declared_ontologies(loaded.quads)
        wanted = sorted(imported_ontologies(loaded.quads) - present - seen)
        if not wanted:
            return unresolved
        for iri in wanted:
            seen.add(iri)
            local = catalog.get(iri)
            if local is None:
                unresolved.append(iri)
                continue
            syntax = syntax_for_path(local) or TURTLE
            loaded.quads.extend(parse_file(local, syntax, graph_for(local)))
            loaded.files.append(LoadedFile(str(local), syntax, graph_for(local)))
