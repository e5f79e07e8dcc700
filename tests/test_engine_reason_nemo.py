"""The Nemo candidate (``ipco.engines.reason_nemo``) closes to the same triples as the default engine
(``reason_fast``, tested equal to owlrl in test_engine_reason.py): every rule family, every example
with IPCO's ontology and imports, and generated data. Both the published (filtered) triples and the
whole closure, which the consistency checks and explanations read, must agree."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from ipco.engines.reason_fast import reasoned
from ipco.load import load
from ipco.project import Project, Reference, load_reference
from test_engine_reason import CASES, EXAMPLES, ORG_EXCERPT, PREFIXES, TBOX, ipco_style_data

pytest.importorskip("nmo_python", reason="nemo-python (Nemo) is a benchmark candidate, not a dependency")

from ipco.engines.reason_nemo import reasoned_nemo  # needs nmo_python: imported once it is known there

ROOT = Path(__file__).resolve().parents[1]
Quads = Sequence[ox.Quad | ox.Triple]


def _same(asserted: Quads, background: Quads | None) -> None:
    fast, nemo = reasoned(asserted, background), reasoned_nemo(asserted, background)
    assert set(nemo.inferred) == set(fast.inferred)
    assert set(nemo.closure()) == set(fast.closure())


def _parsed(text: str) -> list[ox.Quad]:
    return list(ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE))


@pytest.mark.parametrize(("name", "asserted", "background"), CASES, ids=[case[0] for case in CASES])
def test_each_rule_family_closes_as_the_default_engine(name: str, asserted: str, background: str) -> None:
    _same(_parsed(asserted), _parsed(background) if background else None)


@pytest.fixture(scope="module")
def ipco_reference() -> Reference:
    return load_reference(Project.bundled())


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_closes_as_the_default_engine(path: Path, ipco_reference: Reference) -> None:
    data = load([path])
    _same(data.quads + ipco_reference.ontology.quads, ipco_reference.imports.quads)


@pytest.mark.slow
def test_generated_ipco_style_data_closes_as_the_default_engine() -> None:
    from ipco.convert import to_oxigraph_triples

    asserted = to_oxigraph_triples(ipco_style_data(3000)) + _parsed(TBOX + ORG_EXCERPT)
    _same(asserted, None)


@pytest.mark.slow
def test_benchmark_data_closes_as_the_default_engine(ipco_reference: Reference) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from benchmark import generate  # type: ignore[import-not-found]

    data = list(ox.parse("".join(generate(10_000)), format=ox.RdfFormat.TURTLE))
    inferred = reasoned_nemo(data + ipco_reference.ontology.quads, ipco_reference.imports.quads).inferred
    assert len(inferred) > 10_000, "the benchmark's data entails more than it asserts"
    _same(data + ipco_reference.ontology.quads, ipco_reference.imports.quads)
