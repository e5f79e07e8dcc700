"""CI integrations, run as CI would run them: the pre-commit hook, the GitHub Action's command,
SARIF checked against its schema, JUnit read by a JUnit reader."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from junitparser import Failure, JUnitXml

from conftest import ROOT, CliRunner

FIXTURES = ROOT / "tests" / "fixtures"
THREE = FIXTURES / "three-violations.ttl"
SCHEMA = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
BIN = Path(sys.executable).parent


def _environment() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def test_pre_commit_hook_runs_as_pre_commit_would(tmp_path: Path) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "ipco-validate"
    candidates = [THREE, FIXTURES / "bad-syntax" / "turtle.ttl", ROOT / "README.md"]
    selected = [str(p) for p in candidates if re.search(hook["files"], p.name)]
    assert selected == [str(THREE), str(FIXTURES / "bad-syntax" / "turtle.ttl")]
    failing = subprocess.run(
        [*shlex.split(hook["entry"]), str(THREE)], env=_environment(), capture_output=True, text=True
    )
    assert failing.returncode == 1
    assert f"{THREE}:4:1: violation" in failing.stdout
    clean = sorted((ROOT / "tests" / "examples" / "valid").glob("*.ttl"))
    passing = subprocess.run([*shlex.split(hook["entry"]), *map(str, clean)], env=_environment(), capture_output=True)
    assert passing.returncode == 0


def test_github_action_validate_step(tmp_path: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    defaults = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "validate"]
    env = _environment()
    for name, value in step["env"].items():
        key = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", value)
        env[name] = defaults[key.group(1)] if key else value
    env["IPCO_PATHS"] = str(THREE)
    result = subprocess.run(["bash", "-c", step["run"]], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.count("::error file=") == 3
    sarif = json.loads((tmp_path / defaults["sarif"]).read_text())
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).validate(sarif)


def _three(cli: CliRunner, tmp_path: Path, name: str) -> Any:
    target = tmp_path / f"report.{name}"
    assert cli("validate", str(THREE), "--output-format", name, "--output", str(target)).code == 1
    return target


def test_sarif_is_valid_and_points_at_the_lines(cli: CliRunner, tmp_path: Path) -> None:
    sarif = json.loads(_three(cli, tmp_path, "sarif").read_text())
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).validate(sarif)
    run = sarif["runs"][0]
    errors = [r for r in run["results"] if r["level"] == "error"]
    assert sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in errors) == [4, 10, 12]
    rule_ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in run["results"]} <= rule_ids
    assert all(rule["help"]["text"] for rule in run["tool"]["driver"]["rules"])


def test_junit_is_read_by_a_junit_reader(cli: CliRunner, tmp_path: Path) -> None:
    xml = JUnitXml.fromfile(str(_three(cli, tmp_path, "junit")))
    failures = [case for suite in xml for case in suite if any(isinstance(r, Failure) for r in case.result)]
    assert len(failures) == 3
    assert sorted(int(case._elem.get("line")) for case in failures) == [4, 10, 12]


def test_clean_file_gives_a_passing_junit_case(cli: CliRunner, tmp_path: Path) -> None:
    clean = sorted((ROOT / "tests" / "examples" / "valid").glob("*.ttl"))[0]
    target = tmp_path / "clean.xml"
    assert cli("validate", str(clean), "--output-format", "junit", "--output", str(target)).code == 0
    xml = JUnitXml.fromfile(str(target))
    assert xml.tests >= 1 and xml.failures == 0


def test_fail_on_and_max_results(cli: CliRunner) -> None:
    assert cli("validate", str(THREE), "--fail-on", "violation").code == 1
    limited = cli("validate", str(THREE), "--max-results", "1")
    assert "more result(s) not shown" in limited.out


def test_french_messages(cli: CliRunner) -> None:
    english = cli("validate", str(THREE), "--lang", "en").out
    french = cli("validate", str(THREE), "--lang", "fr").out
    assert english != french


def test_user_shapes_apply_to_data_without_ipco_terms(cli: CliRunner, tmp_path: Path) -> None:
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n"
        "  sh:property [ sh:path ex:name ; sh:minCount 1 ] .\n"
    )
    data = tmp_path / "people.ttl"
    data.write_text("@prefix ex: <http://example.org/> .\nex:alice a ex:Person .\n")
    run = cli("validate", str(data), "--shapes", str(shapes))
    assert run.code == 1
    assert f"{data}:2:1: violation" in run.out


def test_inference_option(cli: CliRunner, tmp_path: Path) -> None:
    for mode in ("none", "rdfs", "owlrl"):
        assert cli("validate", str(THREE), "--inference", mode).code == 1


def test_json_report_follows_its_published_schema(cli: CliRunner, tmp_path: Path) -> None:
    schema = json.loads((ROOT / "docs" / "validation-report.schema.json").read_text())
    for path in (THREE, *sorted((ROOT / "tests" / "examples" / "valid").glob("*.ttl"))[:1]):
        target = tmp_path / "report.json"
        cli("validate", str(path), "--output-format", "json", "--output", str(target))
        jsonschema.Draft202012Validator(schema).validate(json.loads(target.read_text()))
