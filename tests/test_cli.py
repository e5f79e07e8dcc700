"""The command line: help, version, every exit code, output formats, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, CliRunner
from ipco import __version__

BAD = Path(__file__).parent / "fixtures" / "bad-syntax"
VALID = ROOT / "tests" / "examples" / "valid"
ASK_DGSI = "ASK { ipcoid:dgsi a ?type }"


def test_version(cli: CliRunner, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("--version").code == 0
    assert capsys.readouterr().out.strip() == f"ipco {__version__}"


@pytest.mark.parametrize("command", ["build", "validate", "reason", "query", "diff"])
def test_every_command_has_help_with_exit_codes(
    cli: CliRunner, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(command, "--help").code == 0
    text = capsys.readouterr().out
    assert "exit codes:" in text
    assert "2  bad invocation or bad input" in text


def test_unknown_command_is_a_usage_error(cli: CliRunner) -> None:
    assert cli("frobnicate").code == 2


def test_syntax_error_prints_file_line_column_and_exits_2(cli: CliRunner) -> None:
    run = cli("validate", str(BAD / "turtle.ttl"))
    assert run.code == 2
    assert run.err.startswith(f"{BAD / 'turtle.ttl'}:7:34: ")
    assert "Traceback" not in run.err


def test_missing_file_exits_2(cli: CliRunner) -> None:
    run = cli("validate", "no-such-file.ttl")
    assert run.code == 2
    assert "no such file" in run.err


def test_unknown_format_exits_2_and_lists_the_choices(cli: CliRunner) -> None:
    run = cli("validate", "--input-format", "n5", str(BAD / "turtle.ttl"))
    assert run.code == 2
    assert run.err.startswith("ipco: error[usage]: argument -f/--input-format: invalid choice: 'n5'")
    assert "turtle" in run.err


def test_conforming_file_exits_0(cli: CliRunner) -> None:
    files = sorted(VALID.glob("*.ttl"))
    assert files
    run = cli("validate", *map(str, files))
    assert run.code == 0, run.out
    assert "0 violations" in run.out


def test_non_conforming_file_exits_1(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(
        "@prefix ipco: <https://w3id.org/ipco/> .\n\n<http://example.org/nameless> a ipco:IntelligenceService .\n"
    )
    run = cli("validate", str(path))
    assert run.code == 1
    assert f"{path}:3:1: violation" in run.out


def test_stdin(cli: CliRunner) -> None:
    data = (VALID / sorted(p.name for p in VALID.glob("*.ttl"))[0]).read_bytes()
    assert cli("validate", "-", "--input-format", "turtle", stdin=data).code == 0


def test_json_output(cli: CliRunner) -> None:
    run = cli("validate", "--output-format", "json", str(BAD.parent / "three-violations.ttl"))
    document = json.loads(run.out)
    assert run.code == 1
    assert document["summary"]["violation"] == 3
    assert {r["line"] for r in document["results"]} == {4, 10, 12}


def test_query_formats(cli: CliRunner, release: Path) -> None:
    query = "SELECT ?label WHERE { ipcoid:dgsi skos:prefLabel ?label } ORDER BY ?label"
    table = cli("query", query, "--release", str(release))
    assert table.code == 0 and "(2 rows)" in table.out
    csv_run = cli("query", query, "--release", str(release), "--output-format", "csv")
    assert csv_run.out.splitlines()[0] == "label"
    tsv_run = cli("query", query, "--release", str(release), "--output-format", "tsv")
    assert tsv_run.out.splitlines()[0] == "?label"
    json_run = cli("query", query, "--release", str(release), "--output-format", "json")
    assert json.loads(json_run.out)["head"]["vars"] == ["label"]
    assert cli("query", ASK_DGSI, "--release", str(release)).out == "true\n"


def test_query_from_a_file(cli: CliRunner, release: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(ASK_DGSI)
    assert cli("query", str(path), "--release", str(release)).out == "true\n"


def test_query_syntax_error_has_a_position(cli: CliRunner, release: Path) -> None:
    run = cli("query", "SELECT * WHERE {\n  ?s ?p }", "--release", str(release))
    assert run.code == 2
    assert run.err.startswith("<query>:2:")


def test_service_is_refused_without_network(cli: CliRunner, release: Path, no_network: None) -> None:
    run = cli("query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "--release", str(release))
    assert run.code == 3, "federation is a SPARQL feature IPCO does not have: not supported"
    assert "SERVICE is not supported" in run.err


def test_query_without_release_explains(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("query", ASK_DGSI, "--release", str(tmp_path / "none"))
    assert run.code == 2
    assert "ipco build" in run.err


def test_reason_prints_only_new_triples(cli: CliRunner) -> None:
    example = sorted(VALID.glob("*.ttl"))[0]
    run = cli("reason", str(example), "--output-format", "ntriples")
    assert run.code == 0
    asserted = example.read_text()
    assert run.out.strip()
    assert all(line.split(" ")[0] not in ("", "#") for line in run.out.splitlines())
    assert "owl:sameAs" not in run.out and asserted


def test_quiet_silences_progress(cli: CliRunner, project_copy: Path) -> None:
    run = cli("build", "-q", "--root", str(project_copy), "--out", str(project_copy / "dist"))
    assert run.code == 0
    assert run.err == ""
