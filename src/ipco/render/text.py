"""Text for people and CI logs: ``file:line:col: severity: message``, grouped by file and focus."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from ipco.report import Report, Severity, ValidationResult, compact, display_node
from ipco.shape_names import shape_name

if TYPE_CHECKING:
    from ipco.render import RenderOptions

_COLOURS = {Severity.VIOLATION: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """The text a line at a time, each with its line break."""
    previous_file: str | None = None
    for result in report.results:
        file = result.location.file if result.location else ""
        if previous_file is not None and file != previous_file:
            yield "\n"
        previous_file = file
        yield from (line + "\n" for line in _result_lines(result, options, report))
    if report.omitted:
        yield f"… {report.omitted} more result(s) not shown (--max-results)\n"
    if previous_file is not None or report.omitted:
        yield "\n"
    yield summary(report, options.fail_on) + "\n"


def _result_lines(result: ValidationResult, options: RenderOptions, report: Report) -> list[str]:
    where = f"{result.location}: " if result.location else ""
    severity = result.severity.label.lower()
    if options.color:
        severity = f"{_COLOURS[result.severity]}{severity}{_RESET}"
    details = [f"focus {display_node(result.focus)}"]
    if result.path_text:
        details.append(f"path {result.path_text}")
    if result.value is not None:
        details.append(f"value {display_node(result.value)}")
    if result.source_shape is not None:
        details.append(f"shape {shape_name(report.shapes, result.source_shape)}")
    details.append(compact(result.component))
    lines = [f"{where}{severity}: {result.message(options.lang)}", "    " + " · ".join(details)]
    for detail in result.details:  # sh:detail: why, indented under the result it explains
        nested = _result_lines(replace(detail, location=None), options, report)
        lines += ["    detail: " + nested[0], *("    " + line for line in nested[1:])]
    return lines


def summary(report: Report, fail_on: Severity) -> str:
    """``2 violations, 1 warning, 0 infos: does not conform (fail on violation; shapes: …)``."""
    counts = report.counts()
    parts = [f"{n} {s.label.lower()}{'' if n == 1 else 's'}" for s, n in counts.items()]
    verdict = "conforms" if report.conforms(fail_on) else "does not conform"
    ran = f"; shapes: {', '.join(report.shapes_graphs)}" if report.shapes_graphs else ""
    return f"{', '.join(parts)}: {verdict} (fail on {fail_on.label.lower()}{ran})"
