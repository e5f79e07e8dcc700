"""Locations of focus nodes and values: the statement index must find what a reader would point at."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest

from ipco.locate import index_text
from ipco.syntaxes import syntax_for_path

ROOT = Path(__file__).resolve().parents[1]
EX = "http://example.org/"

TRICKY_TURTLE = """\
@prefix ex: <http://example.org/> .
# a comment with a dot. and "quotes
ex:a ex:p "a string. with dots." ; ex:q 1.5 ; ex:r ex:b.c .
ex:b.c ex:p \"\"\"long
string . with a newline\"\"\" .
[ ex:p ex:inside ] ex:q ex:z .
PREFIX ex: <http://example.org/other/>
ex:a ex:p ex:x .
@base <http://example.org/base/> .
<rel> ex:p <other> .
@prefix ex: <http://example.org/> .
ex:a ex:later ex:target .
ex:d ex:p [ ex:nested ex:deep ] .
"""


def where(text: str, focus: str, value: str | None = None) -> tuple[int, int] | None:
    position = index_text(text, "t.ttl").where(focus, value)
    return (position.line, position.column) if position is not None else None


def test_first_statement_of_a_subject_despite_dots_in_strings_names_and_numbers() -> None:
    assert where(TRICKY_TURTLE, EX + "a") == (3, 1)
    assert where(TRICKY_TURTLE, EX + "b.c") == (4, 1)
    assert where(TRICKY_TURTLE, EX + "d") == (13, 1)


def test_values_are_found_in_any_statement_about_the_focus() -> None:
    assert where(TRICKY_TURTLE, EX + "a", "1.5") == (3, 41)
    assert where(TRICKY_TURTLE, EX + "a", EX + "target") == (12, 15)
    assert where(TRICKY_TURTLE, EX + "d", EX + "deep") == (13, 23)
    assert where(TRICKY_TURTLE, EX + "a", "a string. with dots.") == (3, 11)


def test_prefixes_and_base_apply_from_where_they_are_declared() -> None:
    assert where(TRICKY_TURTLE, EX + "other/a") == (8, 1)
    assert where(TRICKY_TURTLE, EX + "base/rel") == (10, 1)


def test_a_term_that_is_never_a_subject_is_found_where_it_first_appears() -> None:
    assert where(TRICKY_TURTLE, EX + "inside") == (6, 8)
    assert where(TRICKY_TURTLE, EX + "nowhere") is None


def test_trig_graph_names_are_not_subjects() -> None:
    trig = (
        "@prefix ex: <http://example.org/> .\n"
        "ex:g {\n  ex:s ex:p ex:o .\n  ex:t ex:p ex:o\n}\n"
        "GRAPH ex:h { ex:u ex:p 1 }\n"
    )
    assert where(trig, EX + "s") == (3, 3)
    assert where(trig, EX + "t") == (4, 3)
    assert where(trig, EX + "u") == (6, 14)
    assert EX + "g" not in index_text(trig, "t.trig").statements


def test_n_triples_lines() -> None:
    nt = f'<{EX}s> <{EX}p> "x. y" .\n<{EX}t> <{EX}p> <{EX}s> .\n'
    assert where(nt, EX + "t") == (2, 1)
    assert where(nt, EX + "t", EX + "s") == (2, len(f"<{EX}t> <{EX}p> ") + 1)


def located_files() -> list[Path]:
    folders = [ROOT / "data", ROOT / "ontology", ROOT / "shapes", ROOT / "tests" / "examples"]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in (".ttl", ".trig", ".nt", ".nq"))


@pytest.mark.parametrize("path", located_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_named_subject_of_a_real_file_is_located_where_it_is_written(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    index = index_text(text, str(path), base=path.resolve().as_uri())
    syntax = syntax_for_path(path)
    assert syntax is not None
    subjects = {
        q.subject.value for q in ox.parse(path=path, format=syntax.oxigraph) if isinstance(q.subject, ox.NamedNode)
    }
    lines = text.splitlines()
    for subject in sorted(subjects):
        position = index.where(subject)
        assert position is not None, subject
        written = lines[position.line - 1][position.column - 1 :]
        local = subject.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        assert written.startswith("<") or ":" in written.split()[0], (subject, written)
        assert local in written.split()[0] or written.startswith("<"), (subject, written)


@pytest.mark.parametrize("quotes", ['"', '"""', "'''"])
def test_a_10_mb_literal_is_located_in_memory_proportional_to_it(quotes: str) -> None:
    """Matching strings character by character took 1.2 GB for one 10 MB literal (MemoryError at 3 GB)."""
    big = "x" * (10 * 1024 * 1024)
    text = f"@prefix ex: <{EX}> .\nex:a ex:p {quotes}{big}{quotes} ;\n  ex:q ex:b .\nex:c ex:r ex:a .\n"
    tracemalloc.start()
    try:
        index = index_text(text, "t.ttl")
        found = (index.where(EX + "a", EX + "b"), index.where(EX + "c"), index.anywhere().get(EX + "b"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(p.line, p.column) for p in found[:2] if p is not None] == [(3, 8), (4, 1)]
    assert found[2] is not None
    assert peak < 80 * 1024 * 1024
