"""``ipco query`` on hostile and unusual input: the defects an outside tester found (issue 12).

Each test runs the command as users do (in-process ``cli``, or a real process where signals and
time matter) over a small data file, so it does not need a built release.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import CliRunner

DATA = """@prefix ex: <http://example.org/> .
ex:a ex:knows ex:b, ex:c .
ex:b ex:knows ex:c ; ex:name "B" .
"""
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
CONSTRUCT = "CONSTRUCT { ?s <http://example.org/knows> ?o } WHERE { ?s <http://example.org/knows> ?o }"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture
def big_data(tmp_path: Path) -> Path:
    """Enough triples that a five-way cartesian product never finishes."""
    path = tmp_path / "big.nt"
    path.write_text(
        "".join(f"<http://example.org/s{i}> <http://example.org/p> <http://example.org/o{i}> .\n" for i in range(500)),
        encoding="utf-8",
    )
    return path


# -- the QUERY argument ---------------------------------------------------------------------------


@pytest.mark.parametrize("argument", ["nope.rq", "queries/nope.sparql", "queries/who-knows-whom"])
def test_a_missing_query_file_is_not_parsed_as_sparql(cli: CliRunner, data: Path, argument: str) -> None:
    run = cli("query", argument, str(data))
    assert run.code == 2
    assert "input-not-found" in run.err and argument in run.err
    assert "expected" not in run.err  # not a SPARQL syntax error about the file name


def test_a_non_utf8_query_file_names_the_file_and_the_position(cli: CliRunner, data: Path, tmp_path: Path) -> None:
    query = tmp_path / "latin1.rq"
    query.write_bytes('SELECT * WHERE {\n  ?s ?p "caf\xe9" }\n'.encode("latin-1"))
    run = cli("query", str(query), str(data))
    assert run.code == 2
    assert f"{query}:2:" in run.err and "UTF-8" in run.err


def test_an_unreadable_query_file_names_the_file_and_the_reason(
    cli: CliRunner, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = tmp_path / "secret.rq"
    query.write_text("ASK {}", encoding="utf-8")
    real_open = os.open

    def refuse(path: object, flags: int, *args: object, **kwargs: object) -> int:
        """As chmod 000 does for anyone but root (these tests may run as root)."""
        if str(path).endswith("secret.rq"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    run = cli("query", str(query), str(data))
    assert run.code == 2
    assert str(query) in run.err and "permission denied" in run.err.lower()


def test_a_query_folder_is_refused(cli: CliRunner, data: Path, tmp_path: Path) -> None:
    run = cli("query", str(tmp_path), str(data))
    assert run.code == 2 and str(tmp_path) in run.err


def test_an_inline_query_that_is_not_utf8_is_located(cli: CliRunner, data: Path) -> None:
    """A non-UTF-8 byte in argv reaches Python as a lone surrogate (PEP 383), which pyoxigraph cannot take."""
    run = cli("query", b'ASK {\n ?s ?p "\xff" }'.decode("utf-8", "surrogateescape"), str(data))
    assert run.code == 2
    assert run.err.startswith("<query>:2:9: ") and "UTF-8" in run.err


def test_a_long_one_line_query_is_not_taken_for_a_file_name(cli: CliRunner, data: Path) -> None:
    values = " ".join(str(number) for number in range(100))  # no slash: one 300-character "file name"
    run = cli("query", f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}", str(data), "--format", "csv")
    assert run.code == 0, run.err
    assert len(run.out.splitlines()) == 101


# -- what is refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
        "PREFIX ex: <http://example.org/>\n# a comment\nDELETE WHERE { ?s ex:knows ?o }",
        "LOAD <http://example.org/remote.ttl>",
        "clear all",
        "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "BASE <http://example.org/> CREATE SILENT GRAPH <g>",
        "DROP DEFAULT",
        "ADD <http://example.org/a> TO <http://example.org/b>",
        "MOVE DEFAULT TO <http://example.org/g>",
        "COPY <http://example.org/a> TO DEFAULT",
        "# INSERT in a comment first\nINSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_not_supported(cli: CliRunner, data: Path, update: str, no_network: None) -> None:
    run = cli("query", update, str(data))
    assert run.code == 3
    assert "updates are not supported" in run.err


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
def test_a_graph_outside_the_dataset_is_refused(cli: CliRunner, data: Path, clause: str) -> None:
    """(Not under ``no_network``: the query's child process is reached through a local socket.)"""
    run = cli("query", f"SELECT * {clause} <http://example.org/remote> WHERE {{ ?s ?p ?o }}", str(data))
    assert run.code == 3, "a graph on the web: fetching is a feature IPCO does not have"
    assert "<query>:1:10:" in run.err and "http://example.org/remote" in run.err and "never fetches" in run.err


def test_a_graph_of_the_dataset_may_be_named(cli: CliRunner, data: Path) -> None:
    query = f"SELECT ?o FROM <{data.resolve().as_uri()}> WHERE {{ ?s <http://example.org/name> ?o }}"
    run = cli("query", query, str(data), "--format", "csv")
    assert run.code == 0, run.err
    assert run.out == "o\r\nB\r\n"


def test_a_file_graph_not_loaded_is_bad_input(cli: CliRunner, data: Path, tmp_path: Path) -> None:
    query = tmp_path / "typo.rq"
    query.write_text("ASK FROM <dta.ttl> { ?s ?p 'B' }", encoding="utf-8")
    run = cli("query", str(query), str(data))
    assert run.code == 2, "a local graph that is not loaded is a wrong name, like a missing file"
    assert "typo.rq:1:5:" in run.err and "dta.ttl" in run.err


def test_from_resolves_against_the_query_files_location(cli: CliRunner, data: Path, tmp_path: Path) -> None:
    query = tmp_path / "named.rq"
    query.write_text("ASK FROM <data.ttl> { ?s ?p 'B' }", encoding="utf-8")
    run = cli("query", str(query), str(data))
    assert (run.code, run.out) == (0, "true\n"), run.err


def test_service_is_still_refused(cli: CliRunner, data: Path, no_network: None) -> None:
    run = cli("query", "ASK { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", str(data))
    assert run.code == 3 and "SERVICE is not supported" in run.err


def test_an_unknown_extension_function_is_not_supported(cli: CliRunner, data: Path) -> None:
    run = cli("query", "SELECT (<http://example.org/f>(1) AS ?x) WHERE {}", str(data))
    assert run.code == 3
    assert "not supported" in run.err and "http://example.org/f" in run.err


# -- result formats fit the query form ------------------------------------------------------------


@pytest.mark.parametrize("result_format", ["table", "csv", "tsv", "json", "xml"])
def test_a_construct_refuses_the_result_table_formats(cli: CliRunner, data: Path, result_format: str) -> None:
    run = cli("query", CONSTRUCT, str(data), "--format", result_format)
    assert run.code == 2
    assert "turtle, ntriples, rdfxml, jsonld" in run.err
    assert run.out == ""


@pytest.mark.parametrize("result_format", ["turtle", "ntriples", "rdfxml", "jsonld"])
def test_a_select_refuses_the_graph_formats(cli: CliRunner, data: Path, result_format: str) -> None:
    run = cli("query", "SELECT * WHERE { ?s ?p ?o }", str(data), "--format", result_format)
    assert run.code == 2
    assert "table, csv, tsv, json, xml" in run.err


@pytest.mark.parametrize(
    ("result_format", "syntax"),
    [
        ("turtle", ox.RdfFormat.TURTLE),
        ("ntriples", ox.RdfFormat.N_TRIPLES),
        ("rdfxml", ox.RdfFormat.RDF_XML),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_a_construct_is_written_in_the_graph_format_asked(
    cli: CliRunner, data: Path, result_format: str, syntax: ox.RdfFormat
) -> None:
    run = cli("query", CONSTRUCT, str(data), "--format", result_format)
    assert run.code == 0, run.err
    assert len(list(ox.parse(run.out.encode(), format=syntax))) == 3


def test_a_construct_defaults_to_turtle_and_describe_too(cli: CliRunner, data: Path) -> None:
    for query in (CONSTRUCT, "DESCRIBE <http://example.org/b>"):
        run = cli("query", query, str(data))
        assert run.code == 0, run.err
        assert list(ox.parse(run.out.encode(), format=ox.RdfFormat.TURTLE))


def test_help_lists_the_formats_of_each_form_and_the_timeout(
    cli: CliRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("query", "--help").code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "table, csv, tsv, json, xml" in text and "turtle, ntriples, rdfxml, jsonld" in text
    assert "--timeout S" in text and "60" in text


# -- time limit and Ctrl-C ------------------------------------------------------------------------


def test_a_query_past_the_time_limit_is_stopped(cli: CliRunner, big_data: Path) -> None:
    started = time.monotonic()
    run = cli("query", SLOW_QUERY, str(big_data), "--timeout", "1")
    assert time.monotonic() - started < 20
    assert run.code == 2
    assert "query-timeout" in run.err and "1 s" in run.err and "--timeout" in run.err


def test_an_ask_that_runs_for_minutes_on_no_data_is_stopped_too(cli: CliRunner, data: Path) -> None:
    """pyoxigraph evaluates an ASK as it parses it: the check of the query needs the time limit too."""
    values = " ".join(str(number) for number in range(600))
    query = (
        f"ASK {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} FILTER(?a + ?b + ?c < 0) }}"
    )
    started = time.monotonic()
    run = cli("query", query, str(data), "--timeout", "1")
    assert time.monotonic() - started < 20
    assert run.code == 2 and "query-timeout" in run.err


@pytest.mark.parametrize("seconds", ["0", "-1", "nan", "inf", "1e300"])
def test_the_time_limit_must_be_a_positive_number_of_seconds(cli: CliRunner, data: Path, seconds: str) -> None:
    run = cli("query", "ASK {}", str(data), "--timeout", seconds)
    assert run.code == 2 and "--timeout" in run.err


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid``, from /proc (Linux)."""
    found: set[int] = set()
    pending = [pid]
    while pending:
        parent = pending.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found.add(child)
            pending.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads the process tree from /proc")
def test_ctrl_c_stops_a_running_query_promptly(big_data: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "ipco", "query", SLOW_QUERY, str(big_data), "--timeout", "120"]
    log = tmp_path / "stderr.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink)
    try:
        deadline = time.monotonic() + 60
        while "ipco: querying" not in log.read_text(encoding="utf-8"):  # said after 1 s of evaluation
            assert process.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.1)
        workers = _descendants(process.pid)
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            for pid in _descendants(process.pid):
                os.kill(pid, signal.SIGKILL)
            process.kill()
            process.wait()
    assert time.monotonic() - started < 5
    assert process.returncode == 130
    assert log.read_text(encoding="utf-8").strip().endswith("ipco: interrupted")
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "the query's worker process outlived ipco"
