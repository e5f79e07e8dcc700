"""The release case of issue #13: events were both prov:Activity and prov:Entity, which PROV-O makes
disjoint, and IPCO said nothing. The project must now be consistent (for IPCO and for owlrl), and the
old modelling must be refused by ``build`` and reported by ``reason`` and ``validate --inference owlrl``."""

from __future__ import annotations

from pathlib import Path

import owlrl
from rdflib import RDF
from rdflib.term import _toPythonMapping

from conftest import ROOT, CliRunner
from ipco.atomic import RELEASE_MARKER
from ipco.convert import to_rdflib_graph
from ipco.explain import Explainer, asserted_of
from ipco.project import Project, load_reference

EVENT_SOURCE = "dcterms:source ipcoid:source-dgsi-international ."
OLD_EVENT_SOURCE = "prov:wasDerivedFrom ipcoid:source-dgsi-international ."


def _old_modelling(checkout: Path) -> None:
    """Events sourced with prov:wasDerivedFrom, as before the fix."""
    path = checkout / "data" / "dgsi-international.ttl"
    text = path.read_text(encoding="utf-8")
    assert text.count(EVENT_SOURCE) == 2
    path.write_text(text.replace(EVENT_SOURCE, OLD_EVENT_SOURCE), encoding="utf-8")


def _owlrl_errors(checkout: Path) -> list[str]:
    project = Project.checkout(checkout)
    reference = load_reference(project)
    graph = to_rdflib_graph(reference.ontology.quads + reference.imports.quads + project.load_data().quads)
    conversions = dict(_toPythonMapping)
    try:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    finally:
        _toPythonMapping.clear()
        _toPythonMapping.update(conversions)
    errors = owlrl.Namespaces.ERRNS
    return [str(o) for s in graph.subjects(RDF.type, errors.ErrorMessage) for o in graph.objects(s, errors.error)]


def test_the_project_is_consistent_for_ipco_and_for_owlrl(cli: CliRunner) -> None:
    project = Project.checkout(ROOT)
    reference = load_reference(project)
    assert Explainer(asserted_of(reference, project.load_data()), reference.imports).clashes() == []
    assert _owlrl_errors(ROOT) == []
    assert cli("reason", "-q", "--root", str(ROOT)).code == 0


def test_old_event_modelling_is_reported_with_rule_axioms_and_locations(cli: CliRunner, project_copy: Path) -> None:
    _old_modelling(project_copy)
    assert any("Disjoint classes" in e for e in _owlrl_errors(project_copy))  # the reference engine agrees
    run = cli("reason", "-q", cwd=project_copy)
    assert run.code == 1
    assert "error[inconsistent]" in run.err
    for expected in (
        "cax-dw: ipcoid:attacks-2001-united-states",
        "cax-dw: ipcoid:jha-council-2001-09-20",
        "prov:Activity owl:disjointWith prov:Entity  [asserted at ontology/imports/prov-o.ttl:",
        "ipco:Event rdfs:subClassOf prov:Activity  [asserted at ontology/governance.ttl:",
        "prov:wasDerivedFrom rdfs:domain prov:Entity  [asserted at ontology/imports/prov-o.ttl:",
        "ipcoid:jha-council-2001-09-20 prov:wasDerivedFrom ipcoid:source-dgsi-international"
        "  [asserted at data/dgsi-international.ttl:",
    ):
        assert expected in run.err
    assert "Traceback" not in run.err


def test_validate_with_owlrl_inference_reports_the_inconsistency(cli: CliRunner, project_copy: Path) -> None:
    _old_modelling(project_copy)
    run = cli("validate", "-q", "--inference", "owlrl", "--root", str(project_copy), cwd=project_copy)
    assert run.code == 1
    assert "error[inconsistent]" in run.err and "cax-dw" in run.err


def test_build_refuses_an_inconsistent_release(cli: CliRunner, project_copy: Path) -> None:
    # Conforms to the shapes (a warning at most), but ORG makes organisations and roles disjoint.
    (project_copy / "data" / "zz-clash.ttl").write_text(
        "@prefix org: <http://www.w3.org/ns/org#> .\n@prefix ipcoid: <https://w3id.org/ipco/id/> .\n"
        "ipcoid:dgsi a org:Role .\n",
        encoding="utf-8",
    )
    out = project_copy / "dist"
    out.mkdir()
    (out / "previous").write_text("previous release", encoding="utf-8")
    (out / RELEASE_MARKER).write_text("ipco-release 1\n", encoding="utf-8")  # a release --out may replace
    run = cli("build", "-q", "--root", str(project_copy), "--out", str(out))
    assert run.code == 1, run.err
    assert "cax-dw: ipcoid:dgsi" in run.err
    assert "zz-clash.ttl:3:" in run.err
    assert sorted(p.name for p in out.iterdir()) == [RELEASE_MARKER, "previous"]
