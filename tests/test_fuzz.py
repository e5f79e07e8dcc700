"""Fuzzing with Hypothesis: the loaders, the SPARQL entry point and the command-line parser.

What users rely on: whatever bytes a file holds, loading it either succeeds or raises a LoadError
naming the file (and, in the line-based syntaxes, the line and column) — never another exception;
whatever query text, ``run_query`` answers or raises an IpcoError; whatever argv, ``ipco`` exits
0, 1, 2 or 3 without a traceback.

Inputs are random bytes and mutations of the seed files in tests/fuzz/corpus/seeds. The ``ci``
profile (the default) is bounded (about a minute in all) and replays, read-only, the examples
Hypothesis saved in tests/fuzz/corpus/examples; ``HYPOTHESIS_PROFILE=explore`` runs longer and saves
new failing examples there, to be committed with the fix.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase, ReadOnlyDatabase

from conftest import ROOT
from ipco.cli import main
from ipco.errors import IpcoError, LoadError
from ipco.load import load, parse_bytes
from ipco.query import run_query, store_of
from ipco.syntaxes import JSONLD, NQUADS, NTRIPLES, RDFXML, SYNTAXES, TRIG, TURTLE, RdfSyntax

CORPUS = ROOT / "tests" / "fuzz" / "corpus"
SEEDS = CORPUS / "seeds"
EXAMPLES = DirectoryBasedExampleDatabase(CORPUS / "examples")
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=2000,
    database=ReadOnlyDatabase(EXAMPLES),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("explore", max_examples=5000, deadline=None, database=EXAMPLES)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

GRAPH = "urn:fuzz:graph"
SEED_OF_SYNTAX = {TURTLE: "seed.ttl", NTRIPLES: "seed.nt", NQUADS: "seed.nq", TRIG: "seed.trig", RDFXML: "seed.rdf"}
SEED_OF_SYNTAX[JSONLD] = "seed.jsonld"
#: Syntaxes whose errors carry line:col (pyoxigraph reports RDF/XML and JSON-LD errors without one).
LOCATED = (TURTLE, NTRIPLES, NQUADS, TRIG)
QUERY_SEEDS = sorted(SEEDS.glob("*.rq"))
#: Words that make a SPARQL-looking text; random sequences of them reach deeper than random bytes.
SPARQL_WORDS = (
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", ".", ";", ",", "*", "?s", "?p", "?o",
    "GRAPH", "?g", "OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "AS", "VALUES", "GROUP BY", "ORDER BY", "LIMIT",
    "10", "COUNT", "DISTINCT", "<http://example.org/a>", "ex:p", '"one"@en', "1.5", "true", "a", "|", "/", "^",
    "+", "?", "!", "=", "&&", "regex", "STR", "SERVICE", "FROM", "INSERT DATA", "PREFIX ex: <http://example.org/>",
)  # fmt: skip


def _mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    """A seed with one edit: truncated, a slice deleted, duplicated or replaced, or bytes inserted."""
    size = len(seed)
    position = st.integers(0, size)
    return st.one_of(
        position.map(lambda cut: seed[:cut]),
        st.tuples(position, position).map(lambda ab: seed[: min(ab)] + seed[max(ab) :]),
        st.tuples(position, position).map(lambda ab: seed[: max(ab)] + seed[min(ab) : max(ab)] + seed[max(ab) :]),
        st.tuples(position, st.binary(min_size=1, max_size=8)).map(lambda pb: seed[: pb[0]] + pb[1] + seed[pb[0] :]),
        st.tuples(position, st.binary(min_size=1, max_size=4)).map(
            lambda pb: seed[: pb[0]] + pb[1] + seed[pb[0] + len(pb[1]) :]
        ),
    )


def _mutated_file() -> st.SearchStrategy[tuple[RdfSyntax, bytes]]:
    return st.sampled_from(SYNTAXES).flatmap(
        lambda syntax: st.tuples(st.just(syntax), _mutations((SEEDS / SEED_OF_SYNTAX[syntax]).read_bytes()))
    )


def _check_load(syntax: RdfSyntax, data: bytes) -> None:
    display = f"fuzz.{syntax.extension}"
    try:
        parse_bytes(data, syntax, display, GRAPH, base_iri="http://example.org/fuzz")
    except LoadError as error:
        assert error.file == display
        assert error.message.startswith(display)
        if syntax in LOCATED:
            assert error.line is not None and error.column is not None, error.message


@given(st.sampled_from(SYNTAXES), st.binary(max_size=300))
def test_loaders_on_random_bytes(syntax: RdfSyntax, data: bytes) -> None:
    _check_load(syntax, data)


@given(_mutated_file())
def test_loaders_on_mutated_files(case: tuple[RdfSyntax, bytes]) -> None:
    _check_load(*case)


@pytest.fixture(scope="module")
def store() -> object:
    return store_of(load([SEEDS / "seed.trig", SEEDS / "seed.ttl"]))


def _query_texts() -> st.SearchStrategy[str]:
    seeds = [path.read_bytes() for path in QUERY_SEEDS]
    return st.one_of(
        st.sampled_from(seeds).flatmap(_mutations).map(lambda data: data.decode("utf-8", errors="replace")),
        st.lists(st.sampled_from(SPARQL_WORDS), max_size=25).map(" ".join),
        st.text(max_size=80),
    )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_query_texts())
def test_query_entry_point(store: object, text: str) -> None:
    try:
        run_query(store, text, source="fuzz.rq", limit=100)  # type: ignore[arg-type]
    except IpcoError as error:
        assert error.message


@contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


#: Arguments the CLI fuzzer draws from: every command but serve and push (no server, no network),
#: paths inside the work folder only, and values that are valid, invalid or missing.
CLI_WORDS = (
    "build", "validate", "reason", "query", "diff", "--help", "--version", "-q", "--root", ".", "--out", "out",
    "--format", "turtle", "json", "klingon", "--shapes", "data.ttl", "broken.ttl", "missing.ttl", "-",
    "--output-format", "text", "sarif", "-o", "report.txt", "--max-results", "0", "1", "-5", "--no-ipco-shapes",
    "--engine", "reference", "--inference", "owlrl", "--lang", "fr", "ASK {}", "SELECT * WHERE { ?s ?p ?o }",
    "query.rq", "--input-format",
    "--fail-on", "warning", "--release", "dist", "--changelog", "CHANGELOG.md", "",
)  # fmt: skip


#: A CLI run costs up to a second (``validate`` loads IPCO's shapes): a quarter of the profile's examples.
@settings(
    max_examples=max(1, settings.default.max_examples // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(argv=st.lists(st.sampled_from(CLI_WORDS), max_size=8))
def test_cli_argument_parser(tmp_path: Path, argv: list[str]) -> None:
    if argv and argv[0] in ("serve", "push"):
        return
    (tmp_path / "data.ttl").write_bytes((SEEDS / "seed.ttl").read_bytes())
    (tmp_path / "broken.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:p\n", encoding="utf-8")
    (tmp_path / "query.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with _inside(tmp_path), redirect_stderr(err):
        code = main(argv, stdout=out, stderr=err)
    assert code in (0, 1, 2, 3), (argv, code, err.getvalue())
    assert "Traceback" not in out.getvalue() + err.getvalue()
