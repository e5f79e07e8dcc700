"""JSON with a documented, stable schema (``docs/validation-report.schema.json``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from ipco.report import Report, ValidationResult, term_text
from ipco.shape_names import source_shape_text

if TYPE_CHECKING:
    from ipco.render import RenderOptions

SCHEMA_VERSION = 1


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """The document a result at a time: ``json.dumps(indent=2)`` of the whole would hold every
    fragment of every result at once (54 MiB for a 10 MB report); the text is the same (``_indented``)."""
    document = {
        "schemaVersion": SCHEMA_VERSION,
        "conforms": report.conforms(options.fail_on),
        "failOn": options.fail_on.label.lower(),
        "shaclConforms": report.shacl_conforms,
        "shapesGraphs": list(report.shapes_graphs),
        "summary": {severity.label.lower(): count for severity, count in report.counts().items()},
        "results": [],
        "omitted": report.omitted,
    }
    head, _, tail = json.dumps(document, ensure_ascii=False, indent=2).partition('"results": []')
    yield head + '"results": '
    yield from listed((result_json(result, options.lang, report.shapes) for result in report.results), "\n  ")
    yield tail + "\n"


def listed(items: Iterator[dict[str, Any]], newline: str) -> Iterator[str]:
    """A JSON list as ``json.dumps(indent=2)`` writes it at the indentation of ``newline``, an item
    at a time."""
    inner = newline + "  "
    separator = "[" + inner
    for item in items:
        yield separator + _indented(item, inner)
        separator = "," + inner
    yield "[]" if separator.startswith("[") else newline + "]"


def result_json(result: ValidationResult, lang: str, shapes: Graph | None = None) -> dict[str, Any]:
    """One result; absent values are ``null`` so every key is always present. A blank-node
    source shape is named by its parent and path (``shape_names``)."""
    where = result.location
    return {
        "severity": result.severity.label,
        "focusNode": term_text(result.focus),
        "resultPath": result.path_text,
        "value": term_text(result.value) if result.value is not None else None,
        "sourceShape": source_shape_text(result, shapes),
        "sourceConstraintComponent": result.component,
        "message": result.message(lang),
        "messages": dict(result.messages),
        "file": where.file if where else None,
        "line": where.line if where else None,
        "column": where.column if where else None,
        "details": [result_json(detail, lang, shapes) for detail in result.details],
    }


def _indented(value: Any, newline: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` with each line break followed by
    ``newline``'s indentation, for dicts, lists, strings, integers, booleans and null: the same
    text, three times sooner (with ``indent``, ``json`` encodes in Python, generator by generator;
    0.75 s for 13,774 results)."""
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + "  "
        items = (f"{encode_basestring(key)}: {_indented(item, inner)}" for key, item in value.items())
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = newline + "  "
        return "[" + inner + ("," + inner).join(_indented(item, inner) for item in value) + newline + "]"
    return json.dumps(value)
