"""``ipco report``: each check finds its defect in an ontology that has it, the release has no
error, a profile turns checks off, and ``ipco build`` stops on an error."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, CliRunner
from ipco.project import Project
from ipco.quality.report import checks_folder

DEFECTS = """
@prefix ipco: <https://w3id.org/ipco/> .
@prefix ipcov: <https://w3id.org/ipco/vocab/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .

ipco:OnlyEnglish a owl:Class ; rdfs:subClassOf ipco:Undeclared ;
    rdfs:label "only english"@en ; skos:definition "Defined in English only."@en .
ipco:Spaced a owl:Class ; rdfs:subClassOf ipco:OnlyEnglish ;
    rdfs:label "spaced "@en, "espacé"@fr, "autre"@fr ;
    skos:definition "Trailing space."@en, "Espace final."@fr .
ipco:Punned a owl:Class, owl:ObjectProperty ; rdfs:subClassOf ipco:OnlyEnglish ;
    rdfs:label "punned"@en, "calembour"@fr ; skos:definition "Two kinds."@en, "Deux sortes."@fr .
ipco:Orphan a owl:Class ; rdfs:label "orphan"@en, "orphelin"@fr ;
    skos:definition "No superclass."@en, "Sans superclasse."@fr .
ipco:Old a owl:Class ; owl:deprecated true ; rdfs:subClassOf ipco:Orphan ;
    rdfs:label "old"@en, "ancien"@fr ; skos:definition "Deprecated."@en, "Obsolète."@fr .
ipco:UsesOld a owl:Class ; rdfs:subClassOf ipco:Old ;
    rdfs:label "uses old"@en, "utilise l'ancien"@fr ;
    skos:definition "Uses a deprecated class."@en, "Utilise une classe obsolète."@fr .
ipco:Spaced owl:imports <https://example.org/not-an-ontology> .
ipco:MixedShape a sh:NodeShape ; sh:message "English only"@en ;
    sh:property [ sh:path ipco:meetingFormat ; sh:in ( ipcov:ministerial-level ipcov:terrorism ) ] .
"""


def _with_defects(project_copy: Path) -> Path:
    (project_copy / "ontology" / "defects.ttl").write_text(DEFECTS, encoding="utf-8")
    return project_copy


def _findings(cli: CliRunner, root: Path, *extra: str) -> tuple[int, set[tuple[str, str]]]:
    run = cli("report", "-q", "--root", str(root), "--output-format", "json", "--fail-on", "info", *extra)
    results = json.loads(run.out)["results"]
    return run.code, {(r["sourceConstraintComponent"].rsplit("/", 1)[-1], r["focusNode"]) for r in results}


def test_the_release_has_no_report_error(cli: CliRunner) -> None:
    run = cli("report", "-q", "--root", str(ROOT))
    assert run.code == 0, run.out
    assert "0 violations" in run.out


def test_every_check_finds_its_defect(cli: CliRunner, project_copy: Path) -> None:
    code, found = _findings(cli, _with_defects(project_copy))
    ipco = "https://w3id.org/ipco/"
    expected = {
        ("label-language-missing", ipco + "OnlyEnglish"),
        ("definition-language-missing", ipco + "OnlyEnglish"),
        ("undeclared-term", ipco + "Undeclared"),
        ("label-whitespace", ipco + "Spaced"),
        ("multiple-labels", ipco + "Spaced"),
        ("punning", ipco + "Punned"),
        ("missing-superclass", ipco + "Orphan"),
        ("deprecated-referenced", ipco + "UsesOld"),
        ("misused-imports", ipco + "Spaced"),
        ("shape-message-languages", ipco + "MixedShape"),
    }
    assert expected <= found
    assert "sh-in-one-scheme" in {check for check, _ in found}
    assert code == 1


def test_a_profile_turns_a_check_off_and_changes_a_severity(cli: CliRunner, project_copy: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile.txt"
    profile.write_text("off punning\ninfo label-whitespace  # tolerated here\n", encoding="utf-8")
    _, found = _findings(cli, _with_defects(project_copy), "--profile", str(profile))
    assert "punning" not in {check for check, _ in found}
    run = cli("report", "-q", "--root", str(project_copy), "--profile", str(profile), "--output-format", "json")
    severities = {
        r["sourceConstraintComponent"].rsplit("/", 1)[-1]: r["severity"] for r in json.loads(run.out)["results"]
    }
    assert severities["label-whitespace"] == "Info"


def test_a_bad_profile_line_is_bad_input_naming_file_and_line(cli: CliRunner, tmp_path: Path) -> None:
    profile = tmp_path / "profile.txt"
    profile.write_text("# fine\nloud punning\n", encoding="utf-8")
    run = cli("report", "-q", "--root", str(ROOT), "--profile", str(profile))
    assert run.code == 2
    assert f"{profile}:2:1" in run.err
    assert "Traceback" not in run.err


def test_build_stops_on_a_report_error(cli: CliRunner, project_copy: Path) -> None:
    root = _with_defects(project_copy)
    run = cli("build", "-q", "--root", str(root), "--out", str(root / "dist"))
    assert run.code == 1
    assert not (root / "dist").exists()


def test_every_check_states_its_severity_and_purpose() -> None:
    for query in checks_folder(Project.checkout(ROOT)).glob("*.rq"):
        header = query.read_text(encoding="utf-8").splitlines()[:2]
        assert header[0].startswith("# severity: ") and header[1].startswith("# description: "), query


def test_a_checks_folder_with_no_check_is_bad_input_not_a_pass(cli: CliRunner, project_copy: Path) -> None:
    """An empty ``queries/report/`` would otherwise report zero results: a false green."""
    (project_copy / "queries" / "report").mkdir(parents=True)
    run = cli("report", "-q", "--root", str(project_copy))
    assert run.code == 2
    assert "no report check (*.rq)" in run.err
