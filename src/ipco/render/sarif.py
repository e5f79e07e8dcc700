"""SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), as GitHub code scanning reads it:
one rule per shape and constraint, each result at the line and column of its focus node."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipco import __version__
from ipco.render._rules import Rule, Rules
from ipco.render.json_report import listed
from ipco.report import Report, Severity, ValidationResult, term_text
from ipco.shape_names import source_shape_text

if TYPE_CHECKING:
    from ipco.render import RenderOptions

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """The log in two passes over the results: the rules (in order of first use) come first in
    the document, then the results a result at a time, as ``json.dumps(indent=2)`` writes them."""
    rule_for = Rules(report, options.lang)
    rules: dict[str, Rule] = {}
    for result in report.results:
        rule = rule_for(result)
        rules.setdefault(rule.id, rule)
    index = {rule_id: number for number, rule_id in enumerate(rules)}

    def entries() -> Iterator[dict[str, Any]]:
        for result in report.results:
            rule = rule_for(result)
            yield _result(result, rule, index[rule.id], options.lang, report)

    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ipco",
                        "version": __version__,
                        "informationUri": "https://w3id.org/ipco",
                        "rules": [_rule(rule) for rule in rules.values()],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [],
                # the verdict and what --max-results left out, so a limited log never reads as a pass
                "properties": {"conforms": report.conforms(options.fail_on), "omittedResults": report.omitted},
            }
        ],
    }
    head, _, tail = json.dumps(document, ensure_ascii=False, indent=2).partition('"results": []')
    yield head + '"results": '
    yield from listed(entries(), "\n      ")
    yield tail + "\n"


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.name},
        "fullDescription": {"text": rule.help},
        "help": {"text": rule.help},
    }


def _result(result: ValidationResult, rule: Rule, index: int, lang: str, report: Report) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ruleId": rule.id,
        "ruleIndex": index,
        "level": LEVELS[result.severity],
        "message": {"text": result.message(lang)},
        "properties": {
            "focusNode": term_text(result.focus),
            "resultPath": result.path_text,
            "value": term_text(result.value) if result.value is not None else None,
            "sourceShape": source_shape_text(result, report.shapes),
            "sourceConstraintComponent": result.component,
            "severity": result.severity.label,
        },
    }
    where = result.location
    if where is not None and where.file:
        region = {"startLine": where.line or 1}
        if where.column:
            region["startColumn"] = where.column
        entry["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": _uri(where.file)}, "region": region}}]
    return entry


def _uri(file: str) -> str:
    """A relative URI reference for relative paths (as code scanning wants), a file URI otherwise."""
    path = Path(file)
    return path.as_uri() if path.is_absolute() else path.as_posix()
