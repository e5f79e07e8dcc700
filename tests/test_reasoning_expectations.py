"""What the release's inferred graph must and must not contain (``tests/reasoning/``).

Each triple in ``must-infer.ttl`` is preceded by the axioms that justify it; each one in
``must-not-infer.ttl`` by why it would be wrong.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import ROOT

EXPECTATIONS = ROOT / "tests" / "reasoning"


def _triples(path: Path) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(path=str(path))}


def test_must_infer_has_at_least_ten_justified_entailments() -> None:
    text = (EXPECTATIONS / "must-infer.ttl").read_text(encoding="utf-8")
    assert len(_triples(EXPECTATIONS / "must-infer.ttl")) >= 10
    assert text.count("# because:") >= 10


def test_inferred_graph_contains_every_expected_entailment(release: Path) -> None:
    inferred = _triples(release / "inferred.nt")
    missing = _triples(EXPECTATIONS / "must-infer.ttl") - inferred
    assert not missing


def test_expected_entailments_are_not_asserted(release: Path) -> None:
    asserted = _triples(release / "data.nt") | _triples(release / "ontology.nt")
    assert not _triples(EXPECTATIONS / "must-infer.ttl") & asserted


@pytest.mark.parametrize("name", ["inferred.nt", "data.nt", "ontology.nt"])
def test_nothing_wrong_is_inferred_or_asserted(release: Path, name: str) -> None:
    assert len(_triples(EXPECTATIONS / "must-not-infer.ttl")) >= 6
    assert not _triples(EXPECTATIONS / "must-not-infer.ttl") & _triples(release / name)
