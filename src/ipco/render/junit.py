"""JUnit XML, as GitLab, Jenkins and GitHub test reporters read it: a test suite per input file,
a test case per result (failing at or above --fail-on), a passing case for a clean file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from itertools import groupby
from typing import TYPE_CHECKING

from ipco.render._rules import Rule, Rules
from ipco.report import Report, ValidationResult, display_node

if TYPE_CHECKING:
    from ipco.render import RenderOptions

_INDENT = "  "


def stream(report: Report, options: RenderOptions) -> Iterator[str]:
    """The document ``ET.indent`` and ``ET.tostring`` give for the whole tree, an element at a
    time: a first pass counts the cases and failures of each file (the suites' attributes come
    before their cases), a second writes the cases."""
    suites = [(file, *_tally(results, options)) for file, results in groupby(report.results, key=_file)]
    hidden_failures = sum(1 for r in report.hidden if r.severity >= options.fail_on)
    total = sum(tests for _, tests, _ in suites) + report.omitted
    failures = sum(failed for _, _, failed in suites) + hidden_failures
    root = ET.Element("testsuites", name="ipco validate")
    root.set("tests", str(total or 1))
    root.set("failures", str(failures))
    root.set("errors", "0")
    yield ET.tostring(ET.Element("testsuites"), encoding="unicode", xml_declaration=True).removesuffix("<testsuites />")
    yield _start(root)
    cases = groupby(report.results, key=_file)
    rule_for = Rules(report, options.lang)
    for file, tests, failed in suites:
        suite = ET.Element("testsuite", name=file)
        suite.set("tests", str(tests))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        yield from _suite(suite, (_case(file, result, rule_for(result), options) for result in next(cases)[1]))
    if report.omitted:
        yield from _suite(*_hidden_case(report, hidden_failures))
    if total == 0:
        suite = ET.Element("testsuite", name="ipco validate", tests="1", failures="0", errors="0")
        yield from _suite(suite, [ET.Element("testcase", classname="ipco validate", name="the data conforms")])
    yield "\n</testsuites>\n"


def _file(result: ValidationResult) -> str:
    return result.location.file if result.location else "(no file)"


def _tally(results: Iterator[ValidationResult], options: RenderOptions) -> tuple[int, int]:
    tests = failed = 0
    for result in results:
        tests += 1
        failed += result.severity >= options.fail_on
    return tests, failed


def _start(element: ET.Element) -> str:
    """An element's start tag as ``ET.tostring`` writes it (``<name a="…" />`` without children)."""
    return ET.tostring(element, encoding="unicode").removesuffix(" />") + ">"


def _suite(suite: ET.Element, cases: Iterator[ET.Element] | list[ET.Element]) -> Iterator[str]:
    """A suite and its cases, indented as ``ET.indent`` indents them in the whole tree."""
    yield "\n" + _INDENT + _start(suite)
    for case in cases:
        ET.indent(case, _INDENT, level=2)
        yield "\n" + 2 * _INDENT + ET.tostring(case, encoding="unicode")
    yield "\n" + _INDENT + "</testsuite>"


def _hidden_case(report: Report, hidden_failures: int) -> tuple[ET.Element, list[ET.Element]]:
    """One case standing for what --max-results left out, failing when any of it fails: the
    report's failure count stays the true one."""
    suite = ET.Element("testsuite", name="not shown (--max-results)", tests="1")
    suite.set("failures", str(min(hidden_failures, 1)))
    suite.set("errors", "0")
    case = ET.Element("testcase", classname="ipco validate", name=f"{report.omitted} more result(s) not shown")
    if hidden_failures:
        ET.SubElement(case, "failure", message=f"{hidden_failures} failing result(s) not shown (--max-results)")
    return suite, [case]


def _case(file: str, result: ValidationResult, rule: Rule, options: RenderOptions) -> ET.Element:
    where = result.location
    position = f"{where.line}:{where.column}" if where and where.line else ""
    case = ET.Element("testcase", classname=file, name=f"{display_node(result.focus)} {rule.name} {position}".strip())
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
        return case
    out = ET.SubElement(case, "system-out")
    out.text = f"{result.severity.label}: {result.message(options.lang)}\n{details}"
    return case
