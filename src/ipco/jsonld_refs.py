"""Contexts a JSON-LD document gives by IRI, and the error for one IPCO would have to fetch.

pyoxigraph has no document loader: a context it needs and IPCO did not inline from a local file
ends its parse with a bare message. The error names the reference, at its ``line:col`` when it is
written in the file itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ipco.errors import RemoteResourceRefused, SourcePosition

#: What pyoxigraph's JSON-LD parser says when a document needs a remote context: it loads none.
NO_DOCUMENT_LOADER = "No LoadDocumentCallback"


def context_references(node: Any) -> Iterator[str]:
    """Every context given by IRI anywhere in a JSON-LD document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for entry in value if isinstance(value, list) else [value]:
                    if isinstance(entry, str):
                        yield entry
            yield from context_references(value)
    elif isinstance(node, list):
        for item in node:
            yield from context_references(item)


def remote_context_error(
    data: bytes, inlined: bytes, display: str, contexts: Mapping[str, Path]
) -> RemoteResourceRefused:
    """The error for a context pyoxigraph needed but could not load: at the first context or
    ``@import`` of the file given by an IRI that no local file stands for; else the first one the
    local contexts inlined into it (``inlined``) name, without a position in the file."""
    references = [iri for iri in _references(data) if iri not in contexts] or _references(inlined)
    iri = references[0] if references else "(unnamed)"
    line, column = position_of(data, json.dumps(iri)) if references else (None, None)
    return RemoteResourceRefused(
        SourcePosition(display, line, column),
        f"remote JSON-LD context {iri} is not fetched (IPCO never uses the network)",
        hint="save the context next to the data and reference it locally, or map it to a local file",
    )


def _references(data: bytes) -> list[str]:
    """The contexts and ``@import``s a JSON-LD text gives by IRI."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return []
    return [*context_references(document), *import_references(document)]


def import_references(node: Any) -> Iterator[str]:
    """Every ``@import`` IRI anywhere in a JSON-LD document (JSON-LD 1.1 contexts)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@import" and isinstance(value, str):
                yield value
            yield from import_references(value)
    elif isinstance(node, list):
        for item in node:
            yield from import_references(item)


def position_of(data: bytes, needle: str) -> tuple[int | None, int | None]:
    text = data.decode("utf-8", errors="replace")
    index = text.find(needle)
    if index < 0:
        return None, None
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
