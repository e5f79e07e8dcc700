"""Load: parse RDF files into one dataset, strictly and offline, remembering where triples came from.

pyoxigraph is the parser: it rejects the W3C negative syntax tests that rdflib accepts, and it
reports line and column. Each file's triples go into a named graph of their own, so later stages
(and users) can always ask which file a triple came from. Nothing here touches the network:
remote JSON-LD contexts are refused unless mapped to a local copy, and ``owl:imports`` resolve
only through a local catalogue.
"""

from __future__ import annotations

import json
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
    RemoteResourceRefused,
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
    without_bom,
)
from ipco.namespaces import OWL, RDF
from ipco.syntaxes import JSONLD, RDFXML, SYNTAXES, TURTLE, RdfSyntax, syntax_for_path

STDIN = "-"
STDIN_GRAPH = "urn:ipco:stdin"
_OWL_IMPORTS = ox.NamedNode(OWL + "imports")
_OWL_ONTOLOGY = ox.NamedNode(OWL + "Ontology")
_RDF_TYPE = ox.NamedNode(RDF + "type")
_POSITION_PREFIX = re.compile(r"^Parser error (?:at|between) line[^:]*: ")


@dataclass(frozen=True)
class LoadedFile:
    """One input: how to name it in messages, its syntax, and the graph its triples went into."""

    display: str
    syntax: RdfSyntax
    graph: str


@dataclass
class Loaded:
    """The outcome of loading: every quad, and which file each graph came from."""

    quads: list[ox.Quad] = field(default_factory=list)
    files: list[LoadedFile] = field(default_factory=list)

    def file_of_graph(self, graph: str) -> LoadedFile | None:
        """The input a named graph came from (None for graphs made by the pipeline)."""
        for loaded in self.files:
            if loaded.graph == graph:
                return loaded
        return None

    def merge(self, other: Loaded) -> None:
        """Add another load's quads and files to this one."""
        self.quads.extend(other.quads)
        self.files.extend(other.files)


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
) -> Loaded:
    """Parse every file (directories recursively, ``-`` for standard input) into one dataset.

    ``syntax`` forces one syntax for all inputs; otherwise each file's extension decides.
    ``contexts`` maps remote JSON-LD context IRIs to local files.
    """
    loaded = Loaded()
    with cyclic_gc_paused():  # a million quads, no cycle: see gc_pause
        for item in collect_inputs(paths, syntax):
            if item == STDIN:
                stream = stdin if stdin is not None else sys.stdin.buffer
                data = read_stream(stream, "<stdin>")
                chosen = syntax or TURTLE
                quads = parse_bytes(data, chosen, "<stdin>", STDIN_GRAPH, contexts=contexts)
                loaded.files.append(LoadedFile("<stdin>", chosen, STDIN_GRAPH))
            else:
                assert isinstance(item, Path)
                chosen = syntax or syntax_for_path(item) or TURTLE
                graph = graph_for(item)
                quads = parse_file(item, chosen, graph, contexts=contexts)
                loaded.files.append(LoadedFile(str(item), chosen, graph))
            loaded.quads.extend(quads)
    return loaded


def parse_file(
    path: Path, syntax: RdfSyntax, graph: str, *, contexts: Mapping[str, Path] | None = None
) -> list[ox.Quad]:
    """Parse one file into quads; triples of the default graph go into ``graph``."""
    data = screen(read_file(path), syntax, str(path))
    local = dict(contexts or {})
    if syntax is JSONLD:
        local.update(_sibling_contexts(data, path))
    return _parse_screened(data, syntax, str(path), graph, base_iri=path.resolve().as_uri(), contexts=local)


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


def read_stream(stream: Any, display: str, chunk_size: int = 1 << 20) -> bytes:
    """All of a stream, in chunks. No RDF syntax starts with a NUL byte: one there is refused at
    once, so ``< /dev/zero`` ends at the first chunk instead of filling the memory."""
    chunks: list[bytes] = []
    while chunk := stream.read(chunk_size):
        if not chunks and chunk.startswith(b"\x00"):
            check_no_nul(chunk[:1], display)
        chunks.append(chunk)
    return b"".join(chunks)


def screen(data: bytes, syntax: RdfSyntax, display: str) -> bytes:
    """The bytes to parse, once checked against IPCO's input limits (``input_limits``)."""
    data = without_bom(data)
    if syntax is RDFXML:
        check_no_nul(data, display)  # XML forbids it (its Char production); pyoxigraph lets it in
        check_xml_entities(data, display)
        check_xml_root(data, display)
    elif syntax is JSONLD:
        check_json_depth(data, display)
    return data


def parse_bytes(
    data: bytes,
    syntax: RdfSyntax,
    display: str,
    graph: str,
    *,
    base_iri: str | None = None,
    contexts: Mapping[str, Path] | None = None,
) -> list[ox.Quad]:
    """Parse bytes strictly; a syntax error becomes a LoadError with file, line and column."""
    data = screen(data, syntax, display)
    return _parse_screened(data, syntax, display, graph, base_iri=base_iri, contexts=contexts)


def _parse_screened(
    data: bytes,
    syntax: RdfSyntax,
    display: str,
    graph: str,
    *,
    base_iri: str | None = None,
    contexts: Mapping[str, Path] | None = None,
) -> list[ox.Quad]:
    source = _inline_contexts(data, display, contexts or {}) if syntax is JSONLD else data
    target = ox.NamedNode(graph)
    try:
        parsed = ox.parse(source, format=syntax.oxigraph, base_iri=base_iri)
        if not syntax.holds_datasets:  # every quad is in the default graph: no test, no call (1 s a million)
            return [ox.Quad(q.subject, q.predicate, q.object, target) for q in parsed]
        return [_into_graph(quad, target) for quad in parsed]
    except SyntaxError as error:
        raise _load_error(error, data, syntax, display) from None
    except MemoryError as error:
        if "buffer maximal size" in str(error):
            limit = MAX_JSON_STRING_BYTES if syntax is JSONLD else MAX_TERM_BYTES
            raise oversized_term(data, display, limit) from None
        raise InputLimitExceeded(
            SourcePosition(display), "not enough memory to parse this input", hint="split it into smaller files"
        ) from None


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


def _inline_contexts(data: bytes, display: str, contexts: Mapping[str, Path]) -> bytes:
    """Replace remote ``@context`` references by the local copies they map to; refuse the others."""
    try:
        document = json.loads(data)
    except json.JSONDecodeError as error:
        raise LoadError(SourcePosition(display, error.lineno, error.colno), error.msg) from None
    except UnicodeDecodeError as error:
        raise LoadError(SourcePosition(display), f"not UTF-8 text ({error.reason})") from None
    remote = [iri for iri in _context_references(document) if iri not in contexts]
    if remote:
        line, column = _position_of(data, json.dumps(remote[0]))
        raise RemoteResourceRefused(
            SourcePosition(display, line, column),
            f"remote JSON-LD context {remote[0]} is not fetched (IPCO never uses the network)",
            hint="save the context next to the data and reference it locally, or map it to a local file",
        )
    if not any(True for _ in _context_references(document)):
        return data
    # Not ASCII-escaped: "é" as "\u00e9" would triple the size of a string and could take it over
    # the parser's MAX_JSON_STRING_BYTES.
    return json.dumps(_replace_contexts(document, contexts), ensure_ascii=False).encode()


def _sibling_contexts(data: bytes, path: Path) -> dict[str, Path]:
    """Contexts referenced by a relative or ``file:`` IRI that exist on disk: local, so allowed."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    found: dict[str, Path] = {}
    for reference in _context_references(document):
        if "://" in reference and not reference.startswith("file:"):
            continue
        candidate = (
            Path(reference.removeprefix("file://")) if reference.startswith("file:") else path.parent / reference
        )
        if candidate.is_file():
            found[reference] = candidate
    return found


def _context_references(node: Any) -> Iterator[str]:
    """Every context given by IRI anywhere in a JSON-LD document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for entry in value if isinstance(value, list) else [value]:
                    if isinstance(entry, str):
                        yield entry
            yield from _context_references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _context_references(item)


def _replace_contexts(node: Any, contexts: Mapping[str, Path]) -> Any:
    if isinstance(node, list):
        return [_replace_contexts(item, contexts) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "@context":
            entries = value if isinstance(value, list) else [value]
            value = [_local_context(e, contexts) if isinstance(e, str) else e for e in entries]
        result[key] = _replace_contexts(value, contexts)
    return result


def _local_context(iri: str, contexts: Mapping[str, Path]) -> Any:
    """A context file's ``@context``, read under the same limits as the documents that use it."""
    path = contexts[iri]
    data = screen(read_file(path), JSONLD, str(path))
    try:
        return json.loads(data).get("@context", {})
    except json.JSONDecodeError as error:
        raise LoadError(SourcePosition(str(path), error.lineno, error.colno), error.msg) from None
    except UnicodeDecodeError as error:
        raise LoadError(SourcePosition(str(path)), f"not UTF-8 text ({error.reason})") from None


def _position_of(data: bytes, needle: str) -> tuple[int | None, int | None]:
    text = data.decode("utf-8", errors="replace")
    index = text.find(needle)
    if index < 0:
        return None, None
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


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
