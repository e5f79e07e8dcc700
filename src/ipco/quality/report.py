"""``ipco report``: the ontology quality checks of ``robot report`` that apply to IPCO, and IPCO's own.

Each check is one SPARQL SELECT file under ``queries/report/`` whose header comments name its
severity and say what it finds; the query returns ``?entity`` (the focus) and may return
``?property`` and ``?value``. A profile file (``queries/report/profile.txt``) turns checks off or
changes their severity, as ``robot report --profile`` does. Results are ``ipco.report`` results, so
every ``ipco validate`` output format renders them. ``docs/report.md`` lists the checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox

from ipco.convert import to_rdflib_term
from ipco.errors import IpcoError
from ipco.exitcodes import ExitCode
from ipco.locate import attach_locations
from ipco.project import IMPORTS_GRAPH, Project, Reference
from ipco.report import Severity, ValidationReport, ValidationResult

#: Where a check's results point: ``<CHECK_IRI><check name>``.
CHECK_IRI = "https://w3id.org/ipco/report/"
PROFILE_FILE = "profile.txt"
#: ROBOT's severity words, and SHACL's, for the header and the profile.
_SEVERITIES = {
    "error": Severity.VIOLATION,
    "violation": Severity.VIOLATION,
    "warn": Severity.WARNING,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
}
_HEADER = re.compile(r"^#\s*(severity|description)\s*:\s*(.+?)\s*$", re.MULTILINE)


#: ``--fail-on`` choices of ``ipco report``: ROBOT's words and SHACL's.
SEVERITY_NAMES = tuple(_SEVERITIES)


def severity_named(name: str) -> Severity:
    """The severity ``name`` (``error``/``violation``, ``warn``/``warning``, ``info``) stands for."""
    return _SEVERITIES[name.lower()]


class BadReportCheck(IpcoError):
    """A check file or the profile cannot be used: a user error in the checkout."""

    exit_code = ExitCode.BAD_INPUT
    code = "bad-report-check"


@dataclass(frozen=True)
class Check:
    """One SPARQL check: its name (the file's stem), severity, description and query."""

    name: str
    severity: Severity
    description: str
    query: str
    path: Path


def load_checks(folder: Path, profile: Path | None = None) -> list[Check]:
    """The checks of ``folder`` (``*.rq``), with the severities ``profile`` gives (``off`` drops one)."""
    checks = [_read_check(path) for path in sorted(folder.glob("*.rq"))]
    if not checks:  # a report with no check would pass anything
        raise BadReportCheck(f"{folder}: no report check (*.rq) in it", hint="see docs/report.md")
    chosen = _read_profile(profile if profile is not None else folder / PROFILE_FILE, {c.name for c in checks})
    kept = []
    for check in checks:
        severity = chosen.get(check.name, check.severity)
        if severity is not None:
            kept.append(replace(check, severity=severity))
    return kept


def _read_check(path: Path) -> Check:
    text = path.read_text(encoding="utf-8")
    header = {key: value for key, value in _HEADER.findall(text)}
    severity = _SEVERITIES.get(header.get("severity", "").lower())
    if severity is None or "description" not in header:
        raise BadReportCheck(
            f"{path}: a report check needs `# severity: error|warn|info` and `# description: …` header lines",
            hint="see docs/report.md",
        )
    return Check(path.stem, severity, header["description"], text, path)


def _read_profile(path: Path, known: set[str]) -> dict[str, Severity | None]:
    """``<severity or off> <check>`` per line; ``#`` starts a comment."""
    if not path.is_file():
        return {}
    chosen: dict[str, Severity | None] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        level = words[0].lower()
        if len(words) != 2 or (level != "off" and level not in _SEVERITIES) or words[1] not in known:
            raise BadReportCheck(
                f"{path}:{number}:1: expected `<error|warn|info|off> <check>` naming a check, got {line.strip()!r}",
                hint=f"known checks: {', '.join(sorted(known))}",
            )
        chosen[words[1]] = None if level == "off" else _SEVERITIES[level]
    return chosen


def run_checks(reference: Reference, checks: list[Check]) -> ValidationReport:
    """Every check on the ontology and shapes (default graph) with the imports in their own graph."""
    store = ox.Store()
    default = ox.DefaultGraph()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in reference.ontology.quads)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in reference.shapes.quads)
    imports = ox.NamedNode(IMPORTS_GRAPH)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, imports) for q in reference.imports.quads)
    results: list[ValidationResult] = []
    for check in checks:
        try:
            solutions = store.query(check.query)
        except SyntaxError as error:
            raise BadReportCheck(f"{check.path}: {error}", hint="fix the query") from error
        if not isinstance(solutions, ox.QuerySolutions):
            raise BadReportCheck(f"{check.path}: not a SELECT query", hint="see docs/report.md")
        selected = {variable.value for variable in solutions.variables}
        results.extend(_result(check, solution, selected) for solution in solutions)
    located = attach_locations(results, reference.ontology)
    return ValidationReport(sorted(located, key=ValidationResult.sort_key))


def _result(check: Check, solution: ox.QuerySolution, selected: set[str]) -> ValidationResult:
    entity, prop, value = (solution[name] if name in selected else None for name in ("entity", "property", "value"))
    if entity is None:
        raise BadReportCheck(f"{check.path}: selects no ?entity", hint="see docs/report.md")
    return ValidationResult(
        focus=to_rdflib_term(entity),
        component=CHECK_IRI + check.name,
        severity=check.severity,
        path=to_rdflib_term(prop) if prop is not None else None,
        path_text=f"<{prop.value}>" if isinstance(prop, ox.NamedNode) else None,
        value=to_rdflib_term(value) if value is not None else None,
        messages=(("en", check.description),),
    )


def checks_folder(project: Project) -> Path:
    """``queries/report/`` of the checkout ``project`` lives in, else the checks shipped with IPCO (a
    checkout made of ``ontology/``, ``shapes/`` and ``data/`` alone is still checked, from a wheel too)."""
    own = _report_folder(project)
    return own if own.is_dir() else _report_folder(Project.bundled())


def _report_folder(project: Project) -> Path:
    return project.ontology_dir.parent / "queries" / "report"


def ontology_report(project: Project, reference: Reference, profile: Path | None = None) -> ValidationReport:
    """The quality report of ``project``'s ontology and shapes, as ``ipco report`` and ``ipco build`` run it."""
    return run_checks(reference, load_checks(checks_folder(project), profile))
