"""Examples as the contract: valid files conform; each invalid file gives exactly its expected results.

Every ``tests/examples/invalid/<case>.ttl`` has ``<case>.expected.json`` listing the results it must
produce (focus node, path, component, severity, source shape, line). The comparison is on sets, so a
failure shows what is missing and what is extra. The same results must come out of every output
format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, CliRunner
from ipco.load import load
from ipco.project import Project, load_reference
from ipco.report import ValidationReport
from ipco.validate import validate_loaded

EXAMPLES = ROOT / "tests" / "examples"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))


@pytest.fixture(scope="module")
def reference() -> Any:
    return load_reference(Project.bundled())


def _validate(path: Path, reference: Any) -> ValidationReport:
    return validate_loaded(load([path]), reference)


def _expected(path: Path) -> dict[str, Any]:
    return json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))


def _key(
    focus: str, path: str | None, component: str, severity: str, shape: str | None, line: int | None
) -> tuple[Any, ...]:
    return (focus, path or None, component, severity, shape or None, line)


def test_there_are_enough_examples() -> None:
    assert len(VALID) >= 4
    assert len(INVALID) >= 15
    for path in INVALID:
        assert path.with_suffix(".expected.json").is_file(), f"{path.name} has no expected results"


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_conforms_without_warnings(path: Path, reference: Any) -> None:
    report = _validate(path, reference)
    assert [r.key() for r in report.results] == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_gives_exactly_its_expected_results(path: Path, reference: Any) -> None:
    report = _validate(path, reference)
    got = {
        _key(
            str(r.focus),
            str(r.path) if r.path is not None else None,
            r.component,
            r.severity.label,
            str(r.source_shape) if r.source_shape is not None else None,
            r.location.line if r.location else None,
        )
        for r in report.results
    }
    wanted = {
        _key(e["focus"], e["path"], e["component"], e["severity"], e["sourceShape"], e["line"])
        for e in _expected(path)["results"]
    }
    assert got == wanted
    assert all(r.location is not None and r.location.file == str(path) for r in report.results)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_every_output_format_carries_the_same_results(path: Path, cli: CliRunner, tmp_path: Path) -> None:
    wanted = sorted((e["severity"], e["line"]) for e in _expected(path)["results"])
    outputs = {name: tmp_path / f"report.{name}" for name in ("json", "sarif", "junit", "turtle", "github", "text")}
    argv = ["validate", str(path), "--fail-on", "info"]
    for name, target in outputs.items():
        argv += ["--output-format", name, "--output", str(target)]
    assert cli(*argv).code == 1
    document = json.loads(outputs["json"].read_text())
    assert sorted((r["severity"], r["line"]) for r in document["results"]) == wanted
    sarif = json.loads(outputs["sarif"].read_text())
    levels = {"error": "Violation", "warning": "Warning", "note": "Info"}
    assert (
        sorted(
            (levels[r["level"]], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in sarif["runs"][0]["results"]
        )
        == wanted
    )
    github = [line for line in outputs["github"].read_text().splitlines() if line.startswith("::")]
    assert sorted(int(line.split("line=")[1].split(",")[0]) for line in github) == sorted(w[1] for w in wanted)
    junit = outputs["junit"].read_text()
    assert junit.count("<failure") == len(wanted)
    text = outputs["text"].read_text()
    for _, line in wanted:
        assert f"{path}:{line}:" in text
    assert outputs["turtle"].read_text().count("sh:ValidationResult") == len(wanted)


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: p.name)
def test_fast_and_reference_engines_agree(path: Path, reference: Any) -> None:
    fast = validate_loaded(load([path]), reference, engine="fast")
    slow = validate_loaded(load([path]), reference, engine="reference")
    assert sorted(r.key() for r in fast.results) == sorted(r.key() for r in slow.results)
