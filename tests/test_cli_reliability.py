"""Issue 12: one error path, no false green, one meaning per flag.

Each test here reproduces a defect an outside tester found (false green on an empty folder, a
``--max-results`` that hid the verdict, tracebacks on malformed user shapes…); the shapes and data
are written inline, not produced by the project's generator.
"""

from __future__ import annotations

import importlib.abc
import json
import subprocess
import sys
from argparse import Namespace
from pathlib import Path
from typing import Any, TextIO

import pytest

from conftest import ROOT, CliRunner
from ipco import cli as cli_module
from ipco.errors import IpcoError, RemoteResourceRefused
from ipco.load import load
from ipco.progress import Progress
from ipco.project import Project
from ipco.shapes_check import check_user_shapes

THREE = ROOT / "tests" / "fixtures" / "three-violations.ttl"
VALID = sorted((ROOT / "tests" / "examples" / "valid").glob("*.ttl"))
SHAPES_PREFIXES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    "@prefix ex: <http://example.org/> .\n"
    "@prefix ipco: <https://w3id.org/ipco/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)


# -- no false green -------------------------------------------------------------------------------


def test_an_empty_folder_is_bad_input_not_a_pass(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("validate", str(tmp_path))
    assert run.code == 2
    assert str(tmp_path) in run.err
    assert "conforms" not in run.out


def test_a_folder_without_rdf_files_is_bad_input(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not RDF\n")
    run = cli("validate", str(tmp_path))
    assert run.code == 2
    assert str(tmp_path) in run.err and "no RDF file" in run.err


def test_no_shapes_at_all_is_bad_input(cli: CliRunner) -> None:
    run = cli("validate", "--no-ipco-shapes", str(THREE))
    assert run.code == 2
    assert "--no-ipco-shapes" in run.err and "--shapes" in run.err


def test_user_shapes_file_without_a_shape_is_bad_input(cli: CliRunner) -> None:
    run = cli("validate", "--no-ipco-shapes", "--shapes", str(VALID[0]), str(THREE))
    assert run.code == 2
    assert str(VALID[0]) in run.err and "no shape" in run.err


def test_shapes_in_a_named_graph_of_a_trig_file_count(cli: CliRunner, tmp_path: Path) -> None:
    shapes = tmp_path / "mine.trig"
    shapes.write_text(
        SHAPES_PREFIXES + "ex:shapes {\n  ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n"
        "    sh:property [ sh:path ex:name ; sh:minCount 1 ] .\n}\n"
    )
    data = tmp_path / "people.ttl"
    data.write_text("@prefix ex: <http://example.org/> .\nex:alice a ex:Person .\n")
    run = cli("validate", "--no-ipco-shapes", "--shapes", str(shapes), str(data))
    assert run.code == 1, run.err
    assert f"{data}:2:1: violation" in run.out


# -- --max-results limits what is printed, never the verdict ---------------------------------------


def test_max_results_keeps_the_verdict_and_counts_in_text(cli: CliRunner) -> None:
    run = cli("validate", "--max-results", "1", str(THREE))
    assert run.code == 1
    assert run.out.count(": violation: ") == 1  # the most severe result is the one shown
    assert "10 more result(s) not shown" in run.out
    summary = run.out.rstrip().splitlines()[-1]
    assert summary.startswith("3 violations, 6 warnings, 2 infos: does not conform (fail on violation")


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "turtle", "github"])
def test_max_results_keeps_the_verdict_in_every_format(cli: CliRunner, fmt: str) -> None:
    full = cli("validate", "--output-format", fmt, str(THREE))
    limited = cli("validate", "--output-format", fmt, "--max-results", "2", str(THREE))
    assert full.code == limited.code == 1
    if fmt == "json":
        document = json.loads(limited.out)
        assert document["conforms"] is False
        assert document["summary"] == {"violation": 3, "warning": 6, "info": 2}
        assert [r["severity"] for r in document["results"]] == ["Violation", "Violation"]
        assert document["omitted"] == 9
    elif fmt == "sarif":
        run = json.loads(limited.out)["runs"][0]
        assert len(run["results"]) == 2
        assert run["properties"] == {"conforms": False, "omittedResults": 9}
    elif fmt == "junit":
        assert 'failures="3"' in limited.out.splitlines()[1]
        assert "9 more result(s) not shown" in limited.out
    elif fmt == "turtle":
        assert "sh:conforms false" in limited.out
        assert limited.out.count("sh:ValidationResult") == 2
    else:
        assert limited.out.splitlines()[-1] == full.out.splitlines()[-1]


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_max_results_below_one_is_refused(cli: CliRunner, value: str) -> None:
    run = cli("validate", "--max-results", value, str(THREE))
    assert run.code == 2
    assert run.err.startswith("ipco: error[usage]: argument --max-results: ")


# -- malformed or networked user shapes: located errors, never a traceback ------------------------


def test_service_in_user_shapes_is_refused_with_its_shape_and_place(
    cli: CliRunner, tmp_path: Path, no_network: None
) -> None:
    shapes = tmp_path / "remote.ttl"
    shapes.write_text(
        SHAPES_PREFIXES + "\nex:RemoteShape a sh:NodeShape ;\n  sh:targetClass ipco:IntelligenceService ;\n"
        '  sh:sparql [ sh:select """SELECT $this WHERE { SERVICE <http://example.org/sparql> { $this ?p ?o } }""" ] .\n'
    )
    for engine in ("fast", "reference"):
        run = cli("validate", "--engine", engine, "--shapes", str(shapes), str(THREE))
        assert run.code == 2, run.err
        assert run.err.startswith(f"{shapes}:6:1: ")
        assert "http://example.org/RemoteShape" in run.err and "SERVICE" in run.err
        assert "Traceback" not in run.err


def test_ill_typed_shape_parameter_names_shape_constraint_and_place(cli: CliRunner, tmp_path: Path) -> None:
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(
        SHAPES_PREFIXES + "\nex:BadShape a sh:NodeShape ;\n  sh:targetClass ipco:IntelligenceService ;\n"
        '  sh:property [\n    sh:path ipco:foundingDate ;\n    sh:minCount "two" ;\n  ] .\n'
    )
    for engine in ("fast", "reference"):
        run = cli("validate", "--engine", engine, "--shapes", str(shapes), str(THREE))
        assert run.code == 2, run.err
        assert f"{shapes}:10:17: " in run.err
        assert "http://example.org/BadShape" in run.err and "sh:minCount" in run.err
        assert "error[invalid-shapes]" in run.err or "invalid shape" in run.err
        assert "Traceback" not in run.err


@pytest.mark.parametrize(
    ("constraint", "column"),
    [('sh:pattern "["', 16), ("sh:maxCount -1", 17), ('sh:minLength "-2"^^xsd:integer', 18)],
)
def test_parameters_shacl_for_shacl_lets_through_are_located_errors(
    cli: CliRunner, tmp_path: Path, constraint: str, column: int
) -> None:
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(
        SHAPES_PREFIXES + "\nex:OddShape a sh:NodeShape ;\n  sh:targetClass ipco:IntelligenceService ;\n"
        f"  sh:property [\n    sh:path ipco:foundingDate ;\n    {constraint} ;\n  ] .\n"
    )
    for engine in ("fast", "reference"):
        run = cli("validate", "--engine", engine, "--shapes", str(shapes), str(THREE))
        assert run.code == 2, run.err
        assert run.err.startswith(f"{shapes}:10:{column}: invalid shape http://example.org/OddShape: ")
        assert constraint.split()[0] in run.err


# -- one error path -------------------------------------------------------------------------------


def _failing_handler(error: BaseException) -> Any:
    def handler(args: Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
        raise error

    return handler


@pytest.fixture
def broken_validate(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``ipco validate`` with its handler replaced by one raising the given exception."""

    def install(error: BaseException) -> None:
        monkeypatch.setitem(cli_module.HANDLERS, "validate", _failing_handler(error))

    return install


def test_an_unexpected_exception_is_an_internal_error_without_traceback(
    cli: CliRunner, broken_validate: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IPCO_DEBUG", raising=False)
    broken_validate(ZeroDivisionError("boom"))
    run = cli("validate", str(THREE))
    assert run.code == 4
    assert "internal error" in run.err and "IPCO_DEBUG=1" in run.err and "issues" in run.err
    assert "Traceback" not in run.err


def test_ipco_debug_shows_the_traceback(cli: CliRunner, broken_validate: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPCO_DEBUG", "1")
    broken_validate(ZeroDivisionError("boom"))
    run = cli("validate", str(THREE))
    assert run.code == 4
    assert "Traceback" in run.err and "ZeroDivisionError: boom" in run.err


def test_interrupt_exits_130(cli: CliRunner, broken_validate: Any) -> None:
    broken_validate(KeyboardInterrupt())
    run = cli("validate", str(THREE))
    assert run.code == 130
    assert run.err == "ipco: interrupted\n"


def test_interrupt_while_importing_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ipco import console

    class Interrupting(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, *_: Any) -> None:
            if name == "ipco.cli":
                raise KeyboardInterrupt
            return None

    monkeypatch.delitem(sys.modules, "ipco.cli")
    monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
    with pytest.raises(SystemExit) as stop:
        console.main_exit()
    assert stop.value.code == 130
    assert capsys.readouterr().err == "ipco: interrupted\n"


def test_nothing_slow_is_imported_before_ctrl_c_is_caught() -> None:
    """``ipco`` (the console script, and ``python -m ipco``) imports ``ipco`` and ``ipco.console``
    before its KeyboardInterrupt handler is in place: they must not import typing, enum or re
    (tens of milliseconds under load, when an early Ctrl-C printed a traceback from them). What
    remains before that point is the interpreter's own start-up (site, runpy)."""
    probe = (
        "import sys, json; old = set(sys.modules); import ipco.console; "
        "print(json.dumps(sorted(sys.modules.keys() - old)))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT)
    imported = set(json.loads(run.stdout))
    assert imported <= {"__future__", "ipco", "ipco.console"}, f"imported before the handler: {sorted(imported)}"


def test_a_closed_pipe_is_a_quiet_exit() -> None:
    # `true` exits at once: every write of the report meets a closed pipe, as after `| head`
    command = f"{sys.executable} -m ipco validate -q --fail-on info {THREE} | true"
    run = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, timeout=120)
    assert run.stderr == ""
    assert run.returncode == 141


NOISY_RUN = """
import logging, sys, warnings
from ipco import cli
real = cli._validate
def noisy(args, out, err, progress):
    warnings.warn("a library grumbles", UserWarning, stacklevel=1)
    logging.getLogger("rdflib.term").warning("Failed to convert Literal lexical form to value")
    logging.getLogger("pyshacl-validate").addHandler(logging.StreamHandler(sys.stderr))
    logging.getLogger("pyshacl-validate").warning("pySHACL talks to stderr")
    return real(args, out, err, progress)
cli._validate = noisy
raise SystemExit(cli.main(sys.argv[1:]))
"""


def test_library_warnings_and_logs_never_reach_the_user_raw(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IPCO_DEBUG", raising=False)
    run = subprocess.run(
        [sys.executable, "-c", NOISY_RUN, "validate", "-q", str(VALID[0])], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


def test_an_os_error_is_bad_input_naming_the_file(cli: CliRunner, broken_validate: Any) -> None:
    broken_validate(PermissionError(13, "Permission denied", "/somewhere/report.json"))
    run = cli("validate", str(THREE))
    assert run.code == 2
    assert "/somewhere/report.json" in run.err and "Permission denied" in run.err


# -- one meaning per flag -------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--input-format", "-f"])
def test_input_format_names_the_input_syntax_everywhere(cli: CliRunner, flag: str, tmp_path: Path) -> None:
    data = tmp_path / "data.txt"
    data.write_bytes(VALID[0].read_bytes())
    assert cli("validate", flag, "turtle", str(data)).code == 0
    assert cli("reason", flag, "turtle", str(data), "--output-format", "ntriples").code == 0
    assert cli("query", "ASK { ?s ?p ?o }", str(data), flag, "turtle").out == "true\n"


def test_format_for_the_input_is_a_deprecated_alias(cli: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.txt"
    data.write_bytes(VALID[0].read_bytes())
    run = cli("validate", "--format", "turtle", str(data))
    assert run.code == 0
    assert "--format is deprecated" in run.err and "--input-format" in run.err


def test_query_and_diff_write_with_output_format(cli: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_bytes(VALID[0].read_bytes())
    run = cli("query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", str(data), "--output-format", "csv")
    assert run.code == 0 and run.out.splitlines()[0] == "s"
    diff = cli("diff", str(data), str(data), "--output-format", "json")
    assert diff.code == 0 and json.loads(diff.out)


@pytest.mark.parametrize(
    ("command", "flags"),
    [
        ("validate", ["--input-format", "--output-format", "--fail-on", "--inference", "--lang", "--engine"]),
        ("reason", ["--input-format", "--output-format", "--engine"]),
        ("query", ["--input-format", "--output-format"]),
        ("diff", ["--output-format"]),
    ],
)
def test_every_enumerated_flag_lists_its_choices(
    cli: CliRunner, command: str, flags: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(command, "--help").code == 0
    text = " ".join(capsys.readouterr().out.split())
    for flag in flags:
        assert f"{flag} {{" in text, flag


@pytest.mark.parametrize(
    ("command", "codes"),
    [
        ("build", {0, 1, 2, 4, 130, 141}),
        ("validate", {0, 1, 2, 3, 4, 130, 141}),
        ("reason", {0, 1, 2, 4, 130, 141}),
        ("query", {0, 2, 3, 4, 130, 141}),
        ("serve", {0, 2, 4, 130, 141}),
        ("push", {0, 2, 4, 130, 141}),
        ("diff", {0, 1, 2, 4, 130, 141}),
    ],
)
def test_each_command_lists_only_its_exit_codes(
    cli: CliRunner, command: str, codes: set[int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(command, "--help").code == 0
    epilog = capsys.readouterr().out.split("exit codes:")[1]
    listed = {
        int(line.split()[0]) for line in epilog.splitlines() if line.startswith("  ") and line.split()[0].isdigit()
    }
    assert listed == codes


# -- the shapes check on shapes the team did not write --------------------------------------------

W3C_SUITE = ROOT / "tests" / "w3c" / "data-shapes-test-suite" / "tests"
#: Ill-formed on purpose (a path that is a list and an inverse path at once): SHACL for SHACL is right.
W3C_ILL_FORMED = {"core/path/path-strange-002.ttl"}


def _w3c_shapes_files() -> list[Path]:
    return sorted(
        path
        for path in W3C_SUITE.rglob("*.ttl")
        if "sht:Failure" not in (text := path.read_text(encoding="utf-8"))
        and any(word in text for word in ("sh:NodeShape", "sh:PropertyShape", "sh:target", "sh:path"))
    )


def test_the_w3c_suites_shapes_pass_the_shapes_check() -> None:
    files = _w3c_shapes_files()
    assert len(files) > 100
    refused = {}
    for path in files:
        try:
            check_user_shapes(load([path]))
        except IpcoError as error:
            refused[path.relative_to(W3C_SUITE).as_posix()] = error.message
    assert refused.keys() == W3C_ILL_FORMED, refused


def test_the_w3c_suites_service_case_is_refused() -> None:
    path = W3C_SUITE / "sparql" / "pre-binding" / "unsupported-sparql-003.ttl"
    with pytest.raises(RemoteResourceRefused) as refused:
        check_user_shapes(load([path]))
    assert refused.value.line is not None


def test_ipcos_own_shapes_pass_the_shapes_check() -> None:
    """Users copy IPCO's shapes as a pattern for theirs: they must be what the check accepts."""
    check_user_shapes(load(Project.bundled().shape_files()))
