"""Local JSON-LD contexts, inlined before parsing: pyoxigraph has no document loader.

A document's ``@context`` (or a scoped context's, or a context's ``@import``) given by a relative
or ``file:`` IRI of a file that exists, or by an IRI the user mapped to a local file, is replaced by
that file's ``@context``; a context file may reference further ones, resolved against its own
folder, and a loop among them is an error located at the reference that closes it. Any other
reference is left for pyoxigraph to refuse (``jsonld_refs.remote_context_error`` says which).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipco.errors import InputLimitExceeded, LoadError, SourcePosition
from ipco.jsonld_refs import context_references, import_references, position_of

#: Reads a context file's bytes under the same limits as the documents that use it.
Reader = Callable[[Path], bytes]


def inline_contexts(data: bytes, display: str, contexts: Mapping[str, Path], read: Reader) -> bytes:
    """``data`` with every local context reference replaced by the context it names."""
    document = _json(data, display)
    if not _mentions(document, contexts):
        return data
    inlined = _Inliner(read, contexts, _depth(document)).resolve(document, _Where(display, contexts))
    # Not ASCII-escaped: "é" as "\u00e9" would triple the size of a string and could take it over
    # the parser's MAX_JSON_STRING_BYTES.
    return json.dumps(inlined, ensure_ascii=False).encode()


def sibling_contexts(data: bytes, path: Path) -> dict[str, Path]:
    """Contexts (and ``@import``s) referenced by a relative or ``file:`` IRI that exist on disk,
    against ``path``'s folder: local, so allowed."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return _local_references(document, path.parent)


def _local_references(document: Any, folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for reference in [*context_references(document), *import_references(document)]:
        if "://" in reference and not reference.startswith("file:"):
            continue
        candidate = Path(reference.removeprefix("file://")) if reference.startswith("file:") else folder / reference
        if candidate.is_file():
            found[reference] = candidate
    return found


#: The most context files one document may make IPCO inline (each inclusion counts): recursive
#: scoped contexts are inlined once per level of the document, which this keeps bounded.
MAX_CONTEXT_INCLUSIONS = 10_000


@dataclass(frozen=True)
class _Where:
    """Where a context value was read: its file, the references local there, the context files
    loaded eagerly on the way to it (a repeat is a loop), and how many scoped contexts deep it is."""

    display: str
    local: Mapping[str, Path]
    chain: tuple[Path, ...] = ()
    hops: int = 0


class _Inliner:
    """Inlines references recursively. A scoped context (a term's ``@context``) applies only where
    the document nests a node under that term, so one that includes itself, legal JSON-LD, is
    inlined as many levels as the document has and is empty beyond: exact, and finite."""

    def __init__(self, read: Reader, user_contexts: Mapping[str, Path], depth: int) -> None:
        self.read = read
        self.user_contexts = user_contexts
        self.depth = depth
        self.inclusions = 0
        self.files: dict[Path, tuple[bytes, Any, dict[str, Path]]] = {}

    def resolve(self, node: Any, where: _Where, *, in_context: bool = False) -> Any:
        if isinstance(node, list):
            return [self.resolve(item, where, in_context=in_context) for item in node]
        if not isinstance(node, dict):
            return node
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key == "@context":
                result[key] = self._context_value(value, where, scoped=in_context)
            elif not (key == "@import" and isinstance(value, str) and value in where.local):  # merged below
                result[key] = self.resolve(value, where, in_context=in_context)
        imported = node.get("@import")
        if isinstance(imported, str) and imported in where.local:
            base = self._load(imported, where)
            if not isinstance(base, dict):
                raise LoadError(
                    SourcePosition(str(where.local[imported]), 1, 1),
                    "a context brought in by @import must be a JSON object",
                    hint=f"it is imported as {imported} in {where.display}",
                )
            result = {**base, **result}
        return result

    def _context_value(self, value: Any, where: _Where, *, scoped: bool = False) -> Any:
        """A ``@context`` value with its local references inlined; a list stays one flat list."""
        if scoped:
            if where.hops >= self.depth:
                return {}  # no node of the document is nested deep enough to use it
            where = _Where(where.display, where.local, (), where.hops + 1)
        entries = value if isinstance(value, list) else [value]
        flat: list[Any] = []
        for entry in entries:
            if isinstance(entry, str) and entry in where.local:
                inlined = self._load(entry, where)
                flat.extend(inlined if isinstance(inlined, list) else [inlined])
            else:
                flat.append(self.resolve(entry, where, in_context=True))
        return flat if isinstance(value, list) or len(flat) != 1 else flat[0]

    def _load(self, iri: str, where: _Where) -> Any:
        """The ``@context`` of the file ``iri`` names, its own references inlined."""
        path = where.local[iri].resolve()
        if path in where.chain:
            names = " → ".join([*(p.name for p in where.chain), path.name])
            line, column = position_of(self._file(where.chain[-1])[0], json.dumps(iri))
            raise LoadError(
                SourcePosition(where.display, line, column),
                f"JSON-LD context loop: {names}",
                hint="a context file must not load itself, directly or through others (only a scoped context may)",
            )
        self.inclusions += 1
        if self.inclusions > MAX_CONTEXT_INCLUSIONS:
            raise InputLimitExceeded(
                SourcePosition(where.display),
                f"the JSON-LD contexts need more than {MAX_CONTEXT_INCLUSIONS} inclusions of a context file",
                hint="contexts that include each other many times over: simplify them",
            )
        _, document, siblings = self._file(path)
        if not isinstance(document, dict):
            raise LoadError(
                SourcePosition(str(path), 1, 1),
                f"a JSON-LD context file holds a JSON object with an @context entry, not a {type(document).__name__}",
                hint=f'write it as {{"@context": …}} (it is referenced as {iri})',
            )
        own = {**self.user_contexts, **siblings}
        inner = _Where(str(where.local[iri]), own, (*where.chain, path), where.hops)
        return self._context_value(document.get("@context", {}), inner)

    def _file(self, path: Path) -> tuple[bytes, Any, dict[str, Path]]:
        """A context file's bytes, JSON and local references: read and parsed once, however
        often it is included."""
        if path not in self.files:
            data = self.read(path)
            document = _json(data, str(path))
            self.files[path] = (data, document, _local_references(document, path.parent))
        return self.files[path]


def _depth(document: Any) -> int:
    """How deeply the document nests objects and arrays (without recursion: it may be deep)."""
    deepest, pending = 0, [(document, 1)]
    while pending:
        node, level = pending.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            pending.extend((child, level + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _json(data: bytes, display: str) -> Any:
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise LoadError(SourcePosition(display, error.lineno, error.colno), error.msg) from None
    except UnicodeDecodeError as error:
        raise LoadError(SourcePosition(display), f"not UTF-8 text ({error.reason})") from None


def _mentions(document: Any, contexts: Mapping[str, Path]) -> bool:
    return any(r in contexts for r in [*context_references(document), *import_references(document)])
