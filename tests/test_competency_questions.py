"""Competency questions: every query in ``queries/competency/`` gives its expected answer over the
built release (asserted + inferred, named graphs kept)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from ipco.query import QueryAnswer, open_release, run_query

QUERIES = sorted((ROOT / "queries" / "competency").glob("*.rq"))


def _rows(answer: QueryAnswer) -> list[list[str]]:
    return [["" if term is None else str(term) for term in row] for row in answer.rows or []]


def _expected(path: Path) -> tuple[list[str], list[list[str]]] | bool:
    text = path.with_suffix(".expected.tsv").read_text(encoding="utf-8").rstrip("\n")
    if text in ("true", "false"):
        return text == "true"
    header, *lines = text.split("\n")
    return [v.lstrip("?") for v in header.split("\t")], [line.split("\t") for line in lines]


def test_there_are_at_least_30_questions() -> None:
    assert len(QUERIES) >= 30
    for query in QUERIES:
        assert query.with_suffix(".expected.tsv").is_file(), f"{query.name} has no expected answer"
        header = query.read_text(encoding="utf-8")
        assert re.search(r"^# title: .+", header, re.MULTILINE), f"{query.name} has no title"
        assert re.search(r"^# question: .+", header, re.MULTILINE), f"{query.name} has no question"


@pytest.fixture(scope="module")
def store(release: Path):  # type: ignore[no-untyped-def]
    return open_release(release)


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_competency_question(query: Path, store) -> None:  # type: ignore[no-untyped-def]
    text = query.read_text(encoding="utf-8")
    answer = run_query(store, text, source=str(query))
    expected = _expected(query)
    if isinstance(expected, bool):
        assert answer.boolean is expected
        return
    variables, rows = expected
    assert answer.variables == variables
    if re.search(r"\bORDER\s+BY\b", text, re.IGNORECASE):
        assert _rows(answer) == rows
    else:
        assert sorted(_rows(answer)) == sorted(rows)
    assert rows, "an expected answer should not be empty: a question with no answer tests nothing"
