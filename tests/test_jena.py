"""Apache Jena (Debian's 4.5, an engine IPCO did not write) on the release, as an importer uses it:
every variant parses in ``riot``; ``data-full`` alone, in every syntax, gives Jena SHACL IPCO's
validation results; every example, with ``ipco-full`` alone, gives Jena IPCO's results; Jena's OWL
rule reasoner over ``ipco-full`` and the data finds the release consistent, derives every triple
IPCO infers about the data's resources, and nothing more but the triples IPCO's noise filter drops.
Needs ``make jena``; skipped, saying what is missing, without it (``jena_engine``)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import ROOT
from ipco.load import load
from ipco.namespaces import OWL, RDF, RDFS
from ipco.project import Project, load_reference
from ipco.publish.variants import DATA_FULL, FULL, VARIANTS
from ipco.validate import validate_loaded
from jena_engine import Jena, Key, jena, key, report_keys

SYNTAXES = ("ttl", "nt", "rdf", "jsonld")
SHACL = "http://www.w3.org/ns/shacl#"
EXAMPLES = sorted((ROOT / "tests" / "examples").glob("*/*.ttl"))
#: IPCO's results no SHACL engine gives, by component, with the reason.
IPCO_ONLY = {
    "https://w3id.org/ipco/shapes/UndeclaredTermConstraintComponent": "IPCO's own check that every ipco: term "
    "the data uses is declared in the ontology (docs/validation-report.md), not a SHACL constraint",
}
#: What every OWL rule reasoner adds about every resource and ``ipco reason`` leaves out as noise
#: (docs/reasoning.md): it says nothing about the data.
NOISE_TYPES = {OWL + "Thing", RDFS + "Resource"}
#: Jena's conclusions no OWL 2 RL/RDF rule draws (https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules):
#: Jena's OWL rules state ``x owl:differentFrom y`` for members of disjoint classes; OWL 2 RL only
#: uses disjointness to find a contradiction (cax-dw).
OUTSIDE_RL = {OWL + "differentFrom"}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Jena:
    return jena(tmp_path_factory.mktemp("jena"))


@pytest.fixture(scope="module")
def ipco_results() -> set[Key]:
    """``ipco validate`` on the checkout's data: its SHACL results."""
    project = Project.checkout(ROOT)
    report = validate_loaded(project.load_data(), load_reference(project))
    return {key(r) for r in report.results if r.component.startswith(SHACL)}


def test_every_variant_parses_in_jena_riot_without_warning(release: Path, engine: Jena) -> None:
    files = [release / f"{name}.{syntax}" for name in (*VARIANTS, "ontology", "shapes") for syntax in SYNTAXES]
    assert engine.riot_validate(files) == []


@pytest.fixture(scope="module")
def data_full_reports(release: Path, engine: Jena, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Jena SHACL's report on ``data-full`` alone, in each syntax, against the release's shapes."""
    folder = tmp_path_factory.mktemp("jena-data-full")
    reports = {syntax: folder / f"{syntax}.nt" for syntax in SYNTAXES}
    engine.shacl(release / "shapes.ttl", [(out, [release / f"{DATA_FULL}.{s}"]) for s, out in reports.items()])
    return reports


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_data_full_alone_gives_jena_ipcos_results(
    data_full_reports: dict[str, Path], ipco_results: set[Key], syntax: str
) -> None:
    assert ipco_results, "the release's data has results to compare (a warning and infos)"
    assert report_keys(data_full_reports[syntax]) == ipco_results


@pytest.fixture(scope="module")
def example_reports(release: Path, engine: Jena, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Jena SHACL's report on each example with ``ipco-full`` (the ontology an importer has)."""
    folder = tmp_path_factory.mktemp("jena-examples")
    reports = {f"{p.parent.name}/{p.name}": folder / f"{p.parent.name}-{p.stem}.nt" for p in EXAMPLES}
    jobs = [(reports[f"{p.parent.name}/{p.name}"], [p, release / f"{FULL}.ttl"]) for p in EXAMPLES]
    engine.shacl(release / "shapes.ttl", jobs)
    return reports


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_gives_jena_ipcos_results(path: Path, example_reports: dict[str, Path]) -> None:
    report = validate_loaded(load([path]), load_reference(Project.bundled()))
    ipco = {key(r) for r in report.results if r.component not in IPCO_ONLY}
    jena_keys = report_keys(example_reports[f"{path.parent.name}/{path.name}"])
    assert jena_keys == ipco
    if path.parent.name == "invalid":
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))["results"]
        assert len(jena_keys) == len([e for e in expected if e["component"] not in IPCO_ONLY])


def _triples(path: Path) -> set[ox.Triple]:
    return set(ox.parse(path=str(path)))


def _about(triples: set[ox.Triple], resources: set[ox.NamedNode]) -> set[ox.Triple]:
    """The triples about the data's named resources whose value is named or a literal."""
    return {t for t in triples if t.subject in resources and not isinstance(t.object, ox.BlankNode)}


def _not_ipcos(triple: ox.Triple) -> bool:
    """Noise, or outside OWL 2 RL's rules."""
    typed = triple.predicate.value == RDF + "type" and triple.object.value in NOISE_TYPES  # type: ignore[union-attr]
    same = triple.predicate.value == OWL + "sameAs" and triple.subject == triple.object
    return typed or same or triple.predicate.value in OUTSIDE_RL


def test_jena_owl_reasoner_agrees_with_ipco_reason(release: Path, engine: Jena, tmp_path: Path) -> None:
    """Jena's OWL Mini rules over ``ipco-full`` and the data: consistent (issue 13: PROV-O's
    disjoint Activity and Entity, ORG's disjoint classes are in ``ipco-full``), every inference of
    ``inferred.ttl`` about the data's resources derived, and no other but the noise and what OWL 2
    RL's rules do not conclude."""
    closure = tmp_path / "closure.nt"
    validity = engine.reason("mini", closure, [release / f"{FULL}.ttl", release / "data.ttl"])
    assert validity == []
    data = _triples(release / "data.ttl")
    resources = {t.subject for t in data if isinstance(t.subject, ox.NamedNode)}
    asserted = data | _triples(release / f"{FULL}.ttl")
    ipco = _about(_triples(release / "inferred.ttl"), resources)
    by_jena = _about(_triples(closure) - asserted, resources)
    assert len(ipco) > 800
    assert ipco - by_jena == set()
    assert {t for t in by_jena - ipco if not _not_ipcos(t)} == set()


def test_jena_finds_prov_o_clash_in_ipco_full(release: Path, engine: Jena, tmp_path: Path) -> None:
    """The case of issue 13, in ``ipco-full`` alone: an event that is also a source document is
    both prov:Activity and prov:Entity, which PROV-O says are disjoint."""
    clash = tmp_path / "clash.ttl"
    clash.write_text(
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n<https://example.org/x> a prov:Activity, prov:Entity .\n",
        encoding="utf-8",
    )
    validity = engine.reason("mini", tmp_path / "closure.nt", [release / f"{FULL}.ttl", clash])
    assert validity
    assert {line.split("\t")[0] for line in validity} == {"error"}
