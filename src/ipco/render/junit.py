"""JUnit XML, as GitLab, Jenkins and GitHub test reporters read it: a test suite per input file,
a test case per result (failing at or above --fail-on), a passing case for a clean file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TYPE_CHECKING

from ipco.render._rules import rule_for
from ipco.report import ValidationReport, ValidationResult, display_node

if TYPE_CHECKING:
    from ipco.render import RenderOptions


def render(report: ValidationReport, options: RenderOptions) -> str:
    root = ET.Element("testsuites", name="ipco validate")
    by_file = groupby(report.results, key=lambda r: r.location.file if r.location else "(no file)")
    total = failures = 0
    for file, results in by_file:
        suite = ET.SubElement(root, "testsuite", name=file)
        cases = list(results)
        failed = 0
        for result in cases:
            failed += _case(suite, file, result, report, options)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        total += len(cases)
        failures += failed
    if report.omitted:
        failures += _hidden_case(root, report, options)
        total += report.omitted
    if total == 0:
        suite = ET.SubElement(root, "testsuite", name="ipco validate", tests="1", failures="0", errors="0")
        ET.SubElement(suite, "testcase", classname="ipco validate", name="the data conforms")
        total = 1
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _hidden_case(root: ET.Element, report: ValidationReport, options: RenderOptions) -> int:
    """One case standing for what --max-results left out, failing when any of it fails: the
    report's failure count stays the true one."""
    hidden_failures = sum(1 for r in report.hidden if r.severity >= options.fail_on)
    suite = ET.SubElement(root, "testsuite", name="not shown (--max-results)", tests="1")
    suite.set("failures", str(min(hidden_failures, 1)))
    suite.set("errors", "0")
    case = ET.SubElement(
        suite, "testcase", classname="ipco validate", name=f"{report.omitted} more result(s) not shown"
    )
    if hidden_failures:
        ET.SubElement(case, "failure", message=f"{hidden_failures} failing result(s) not shown (--max-results)")
    return hidden_failures


def _case(
    suite: ET.Element, file: str, result: ValidationResult, report: ValidationReport, options: RenderOptions
) -> int:
    rule = rule_for(result, report, options.lang)
    where = result.location
    position = f"{where.line}:{where.column}" if where and where.line else ""
    case = ET.SubElement(
        suite, "testcase", classname=file, name=f"{display_node(result.focus)} {rule.name} {position}".strip()
    )
    if where and where.line:
        case.set("file", where.file)
        case.set("line", str(where.line))
    details = "\n".join(
        f"{label}: {value}"
        for label, value in (
            ("location", str(where) if where else ""),
            ("focus", display_node(result.focus)),
            ("path", result.path_text or ""),
            ("value", display_node(result.value)),
            ("shape", display_node(result.source_shape)),
            ("component", result.component),
        )
        if value
    )
    if result.severity >= options.fail_on:
        failure = ET.SubElement(case, "failure", message=result.message(options.lang), type=result.severity.label)
        failure.text = details
        return 1
    out = ET.SubElement(case, "system-out")
    out.text = f"{result.severity.label}: {result.message(options.lang)}\n{details}"
    return 0
