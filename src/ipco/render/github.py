"""GitHub Actions workflow commands (``::error file=…,line=…,col=…::message``), which annotate the
pull request at the right lines
(https://docs.github.com/actions/reference/workflow-commands-for-github-actions)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ipco.render._rules import Rules
from ipco.render.text import summary
from ipco.report import Report, Severity

if TYPE_CHECKING:
    from ipco.render import RenderOptions

COMMANDS = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """One workflow command per line, each with its line break."""
    rule_for = Rules(report, options.lang)
    for result in report.results:
        properties = []
        where = result.location
        if where is not None and where.file:
            properties.append(f"file={_property(where.file)}")
            if where.line:
                properties.append(f"line={where.line}")
            if where.column:
                properties.append(f"col={where.column}")
        properties.append(f"title={_property(rule_for(result).name)}")
        yield f"::{COMMANDS[result.severity]} {','.join(properties)}::{_data(result.message(options.lang))}\n"
    if report.omitted:
        yield f"::notice title=ipco::{report.omitted} more result(s) not shown (--max-results)\n"
    yield summary(report, options.fail_on) + "\n"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
