"""``ipco diff``: every kind of change gets its verdict, identical releases none, whatever blank-node labels.

Small synthetic releases are written as TriG from ``BASE`` with one edit each; the end-to-end tests
edit a copy of the project's real release.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import ROOT, CliRunner

SCHEMA = json.loads((ROOT / "docs" / "diff.schema.json").read_text())
BAD_TRIG = ROOT / "tests" / "fixtures" / "bad-syntax" / "trig.trig"

PREFIXES = """\
@prefix ipco: <https://w3id.org/ipco/> .
@prefix ipcoid: <https://w3id.org/ipco/id/> .
@prefix ipcosh: <https://w3id.org/ipco/shapes/> .
@prefix g: <https://w3id.org/ipco/graph/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

BASE = (
    PREFIXES
    + """
g:ontology {
  <https://w3id.org/ipco/ontology> a owl:Ontology ; owl:versionInfo "1.2.3" ;
      owl:versionIRI <https://w3id.org/ipco/ontology/1.2.3> ; dcterms:issued "2026-01-01"^^xsd:date .
  ipco:Service a owl:Class ; rdfs:label "service"@en, "service"@fr ; skos:definition "A state service."@en ;
      rdfs:subClassOf org:Organization .
  ipco:Unit a owl:Class ; rdfs:label "unit"@en .
  ipco:Body a owl:Class ; owl:equivalentClass [ a owl:Class ; owl:unionOf ( ipco:Service ipco:Unit ) ] .
  ipco:partOf a owl:ObjectProperty ; rdfs:domain ipco:Unit ; rdfs:range ipco:Service .
  ipco:code a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:range xsd:string .
}
g:shapes {
  ipcosh:ServiceShape a sh:NodeShape ; sh:targetClass ipco:Service ; sh:property ipcosh:ServiceShape-code .
  ipcosh:ServiceShape-code a sh:PropertyShape ; sh:path ipco:code ; sh:minCount 0 ; sh:maxCount 2 ;
      sh:in ( "a" "b" ) ; sh:message "A code is a or b."@en .
}
g:dgsi { ipcoid:dgsi a ipco:Service ; rdfs:label "DGSI"@en ; ipco:code "a" . }
g:inferred { ipcoid:dgsi a org:Organization . }
"""
)

# Each case: (edit of BASE as (old text, new text) pairs, expected verdict, what the JSON must show).
CASES: dict[str, tuple[list[tuple[str, str]], str, str]] = {
    "french-label": ([('"service"@fr', '"service de l\'État"@fr')], "patch", "labelChanges"),
    "definition": ([('"A state service."@en', '"A service of a state."@en')], "patch", "definitionChanges"),
    "instance-added": (
        [("g:inferred {", "g:dgsi { ipcoid:dgse a ipco:Service . }\ng:inferred {")],
        "patch",
        "instances",
    ),
    "inferred-only": ([("a org:Organization . }", "a org:Organization, org:Agent . }")], "patch", "graphs"),
    "graph-added": ([("g:inferred {", 'g:sgrs { ipcoid:dgsi rdfs:comment "x" . }\ng:inferred {')], "patch", "graphs"),
    "term-added": ([("ipco:Body a owl:Class ;", "ipco:Post a owl:Class . ipco:Body a owl:Class ;")], "minor", "terms"),
    "deprecated": ([("ipco:Unit a owl:Class ;", "ipco:Unit a owl:Class ; owl:deprecated true ;")], "minor", "terms"),
    "axiom-added": (
        [('rdfs:label "unit"@en', 'rdfs:label "unit"@en ; rdfs:subClassOf org:OrganizationalUnit')],
        "minor",
        "axiomChanges",
    ),
    "characteristic-added": (
        [("ipco:partOf a owl:ObjectProperty", "ipco:partOf a owl:ObjectProperty, owl:TransitiveProperty")],
        "minor",
        "axiomChanges",
    ),
    "shape-loosened": ([("sh:maxCount 2", "sh:maxCount 3")], "minor", "shapes"),
    "constraint-removed": ([('sh:in ( "a" "b" ) ;', "")], "minor", "shapes"),
    "shape-removed": (
        [
            ("sh:property ipcosh:ServiceShape-code .", "."),
            ("ipcosh:ServiceShape-code a sh:PropertyShape", "[] a sh:PropertyShape"),
        ],
        "minor",
        "shapes",
    ),
    "term-removed": ([('ipco:Unit a owl:Class ; rdfs:label "unit"@en .', "")], "major", "terms"),
    "type-changed": ([("ipco:code a owl:DatatypeProperty", "ipco:code a owl:ObjectProperty")], "major", "typeChanges"),
    "range-changed": ([("rdfs:range ipco:Service", "rdfs:range ipco:Unit")], "major", "axiomChanges"),
    "superclass-removed": ([(" ;\n      rdfs:subClassOf org:Organization", "")], "major", "axiomChanges"),
    "characteristic-removed": ([(", owl:FunctionalProperty", "")], "major", "axiomChanges"),
    "union-changed": ([("( ipco:Service ipco:Unit )", "( ipco:Service )")], "major", "axiomChanges"),
    "min-count-raised": ([("sh:minCount 0", "sh:minCount 1")], "major", "shapes"),
    "max-count-lowered": ([("sh:maxCount 2", "sh:maxCount 1")], "major", "shapes"),
    "closed": (
        [("sh:targetClass ipco:Service ;", "sh:targetClass ipco:Service ; sh:closed true ;")],
        "major",
        "shapes",
    ),
    "in-narrowed": ([('sh:in ( "a" "b" )', 'sh:in ( "a" )')], "major", "shapes"),
    "shape-added": (
        [("g:shapes {", "g:shapes { ipcosh:UnitShape a sh:NodeShape ; sh:targetClass ipco:Unit ; sh:closed true .")],
        "major",
        "shapes",
    ),
}


def write_release(folder: Path, edits: Sequence[tuple[str, str]] = (), *, text: str = BASE) -> Path:
    """A release folder holding ``ipco.trig``: ``text`` with each edit applied exactly once."""
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    folder.mkdir(parents=True)
    (folder / "ipco.trig").write_text(text, encoding="utf-8")
    return folder


def diff_json(cli: CliRunner, old: Path, new: Path) -> tuple[int, dict[str, Any]]:
    run = cli("diff", str(old), str(new), "--format", "json")
    assert run.code in (0, 1), run.err
    document = json.loads(run.out)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    return run.code, document


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_change_gets_its_verdict(cli: CliRunner, tmp_path: Path, case: str) -> None:
    edits, verdict, section = CASES[case]
    code, document = diff_json(cli, write_release(tmp_path / "old"), write_release(tmp_path / "new", edits))
    assert code == 1
    assert document["verdict"] == verdict, document["reasons"]
    assert document["reasons"][0]["level"] == verdict
    shown = document[section]
    assert any(shown.values()) if isinstance(shown, dict) else shown, section


# Undoing a change: what was added is removed, what was loosened is tightened.
REVERSED = {
    "term-added": ("major", "terms"),
    "shape-loosened": ("major", "shapes"),
    "constraint-removed": ("major", "shapes"),
    "deprecated": ("minor", "terms"),
    "axiom-added": ("major", "axiomChanges"),
    "instance-added": ("patch", "instances"),
    "graph-added": ("patch", "graphs"),
    "min-count-raised": ("minor", "shapes"),
}


@pytest.mark.parametrize("case", sorted(REVERSED))
def test_undoing_a_change(cli: CliRunner, tmp_path: Path, case: str) -> None:
    verdict, section = REVERSED[case]
    code, document = diff_json(cli, write_release(tmp_path / "old", CASES[case][0]), write_release(tmp_path / "new"))
    assert (code, document["verdict"]) == (1, verdict), document["reasons"]
    shown = document[section]
    assert any(shown.values()) if isinstance(shown, dict) else shown, section


def test_undeprecated_and_removed_graph(cli: CliRunner, tmp_path: Path) -> None:
    old = write_release(tmp_path / "old", CASES["deprecated"][0] + CASES["graph-added"][0])
    _, document = diff_json(cli, old, write_release(tmp_path / "new"))
    assert [e["iri"] for e in document["terms"]["undeprecated"]] == ["https://w3id.org/ipco/Unit"]
    assert document["graphs"][-1] == {
        "graph": "https://w3id.org/ipco/graph/sgrs",
        "oldTriples": 1,
        "newTriples": None,
        "added": 0,
        "removed": 1,
    }


def test_help(cli: CliRunner, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("diff", "--help").code == 0
    text = capsys.readouterr().out
    assert "--changelog PATH" in text and "1  the releases differ" in text


def test_identical_releases(cli: CliRunner, tmp_path: Path) -> None:
    code, document = diff_json(cli, write_release(tmp_path / "old"), write_release(tmp_path / "new"))
    assert (code, document["verdict"], document["differs"], document["reasons"]) == (0, "none", False, [])
    assert cli("diff", str(tmp_path / "old"), str(tmp_path / "new")).out.endswith(
        "verdict: none (the releases hold the same triples)\n"
    )
    markdown = cli("diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "markdown").out
    assert markdown == "## [1.2.3] - YYYY-MM-DD\n\nCompared with 1.2.3: no change.\n"


def test_blank_node_labels_do_not_matter(cli: CliRunner, tmp_path: Path) -> None:
    """The same union and list written with explicit, different blank-node labels, in another order."""
    relabelled = [
        (
            "owl:equivalentClass [ a owl:Class ; owl:unionOf ( ipco:Service ipco:Unit ) ] .",
            "owl:equivalentClass _:zz .\n  _:l2 rdf:first ipco:Unit ; rdf:rest rdf:nil .\n"
            "  _:zz owl:unionOf _:l1 ; a owl:Class . _:l1 rdf:first ipco:Service ; rdf:rest _:l2 .",
        ),
        ("@prefix xsd:", "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n@prefix xsd:"),
    ]
    code, document = diff_json(cli, write_release(tmp_path / "old"), write_release(tmp_path / "new", relabelled))
    assert (code, document["verdict"]) == (0, "none")


def test_reasons_and_values(cli: CliRunner, tmp_path: Path) -> None:
    edits = (
        CASES["range-changed"][0] + CASES["min-count-raised"][0] + CASES["french-label"][0] + CASES["union-changed"][0]
    )
    _, document = diff_json(cli, write_release(tmp_path / "old"), write_release(tmp_path / "new", edits))
    assert document["axiomChanges"] == [
        {"subject": "https://w3id.org/ipco/Body", "predicate": "http://www.w3.org/2002/07/owl#equivalentClass",
         "removed": ["[ owl:unionOf ( ipco:Service ipco:Unit ) ; rdf:type owl:Class ]"],
         "added": ["[ owl:unionOf ( ipco:Service ) ; rdf:type owl:Class ]"]},
        {"subject": "https://w3id.org/ipco/partOf", "predicate": "http://www.w3.org/2000/01/rdf-schema#range",
         "removed": ["ipco:Service"], "added": ["ipco:Unit"]},
    ]  # fmt: skip
    assert document["shapes"]["changed"] == [
        {"shape": "https://w3id.org/ipco/shapes/ServiceShape-code", "parameter": "http://www.w3.org/ns/shacl#minCount",
         "removed": ['"0"^^xsd:integer'], "added": ['"1"^^xsd:integer'], "stricter": True}
    ]  # fmt: skip
    assert document["labelChanges"] == [
        {"subject": "https://w3id.org/ipco/Service", "predicate": "http://www.w3.org/2000/01/rdf-schema#label",
         "lang": "fr", "old": "service", "new": "service de l'État"}
    ]  # fmt: skip
    subjects = [r["subject"] for r in document["reasons"] if r["level"] == "major"]
    assert subjects == [
        "https://w3id.org/ipco/Body",
        "https://w3id.org/ipco/partOf",
        "https://w3id.org/ipco/shapes/ServiceShape-code",
    ]
    assert document["old"]["version"] == "1.2.3" and document["suggestedVersion"] == "2.0.0"


@pytest.mark.parametrize(
    ("case", "suggested"), [("term-removed", "2.0.0"), ("term-added", "1.3.0"), ("definition", "1.2.4")]
)
def test_suggested_version(cli: CliRunner, tmp_path: Path, case: str, suggested: str) -> None:
    _, document = diff_json(cli, write_release(tmp_path / "old"), write_release(tmp_path / "new", CASES[case][0]))
    assert document["suggestedVersion"] == suggested


def test_a_new_version_is_taken_as_given(cli: CliRunner, tmp_path: Path) -> None:
    edits = [('"1.2.3"', '"1.3.0"'), ('"2026-01-01"', '"2026-02-01"'), *CASES["term-added"][0]]
    run = cli(
        "diff",
        str(write_release(tmp_path / "old")),
        str(write_release(tmp_path / "new", edits)),
        "--format",
        "markdown",
    )
    assert run.out.startswith("## [1.3.0] - 2026-02-01\n")


def test_plain_rdf_files(cli: CliRunner, tmp_path: Path) -> None:
    """Turtle files: one default graph, every view (ontology, shapes, data) is the whole file."""
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    old.write_text(PREFIXES + 'ipco:Unit a owl:Class ; rdfs:label "unit"@en .\nipcoid:x a ipco:Unit .\n')
    new.write_text(PREFIXES + 'ipco:Unit a owl:Class ; rdfs:label "unité"@en .\n')
    code, document = diff_json(cli, old, new)
    assert (code, document["verdict"]) == (1, "patch")
    assert document["graphs"] == [{"graph": None, "oldTriples": 3, "newTriples": 2, "added": 1, "removed": 2}]
    assert [e["iri"] for e in document["instances"]["removed"]] == ["https://w3id.org/ipco/id/x"]
    assert document["old"]["version"] is None and document["suggestedVersion"] is None


def test_text_and_markdown(cli: CliRunner, tmp_path: Path) -> None:
    old = write_release(tmp_path / "old")
    new = write_release(tmp_path / "new", CASES["term-removed"][0] + CASES["term-added"][0])
    text = cli("diff", str(old), str(new)).out
    assert "verdict: major; suggested version 2.0.0\n  ipco:Unit: class removed\n" in text
    assert "terms added (1)\n  + ipco:Post (class)\n" in text
    markdown = cli("diff", str(old), str(new), "--format", "markdown").out
    assert markdown.startswith("## [2.0.0] - YYYY-MM-DD\n\nCompared with 1.2.3: **major** change")
    assert "### Added\n- class `ipco:Post`\n" in markdown
    assert "### Removed\n- class `ipco:Unit` (unit)\n" in markdown


def test_json_is_deterministic_and_output_is_atomic(cli: CliRunner, tmp_path: Path) -> None:
    old, new = write_release(tmp_path / "old"), write_release(tmp_path / "new", CASES["union-changed"][0])
    target = tmp_path / "report.json"
    run = cli("diff", str(old), str(new), "--format", "json", "--output", str(target))
    assert (run.code, run.out) == (1, "")
    assert target.read_text() == cli("diff", str(old), str(new), "--format", "json").out


# -- bad input ------------------------------------------------------------------------------------


def test_syntax_error_has_a_location(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("diff", str(BAD_TRIG), str(write_release(tmp_path / "new")))
    assert run.code == 2
    assert re.match(rf"{re.escape(str(BAD_TRIG))}:\d+:\d+: ", run.err), run.err


def test_missing_inputs(cli: CliRunner, tmp_path: Path) -> None:
    new = write_release(tmp_path / "new")
    run = cli("diff", str(tmp_path / "nowhere"), str(new))
    assert run.code == 2 and "error[input-not-found]" in run.err
    (tmp_path / "empty").mkdir()
    run = cli("diff", str(tmp_path / "empty"), str(new))
    assert run.code == 2 and "no ipco.nq or ipco.trig" in run.err
    (tmp_path / "notes.txt").write_text("not RDF\n")
    run = cli("diff", str(tmp_path / "notes.txt"), str(new))
    assert run.code == 2 and "error[usage]" in run.err and "--format" not in run.err


# -- changelog ------------------------------------------------------------------------------------

KEEP_A_CHANGELOG = """\
# Changelog

## [Unreleased]

### Added
- Something not released yet.

## [1.2.3] - 2026-01-01

### Added
- Everything.
"""


def test_changelog_entry_goes_before_the_latest_release(cli: CliRunner, tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(KEEP_A_CHANGELOG)
    old, new = write_release(tmp_path / "old"), write_release(tmp_path / "new", CASES["deprecated"][0])
    run = cli("diff", str(old), str(new), "--changelog", str(changelog))
    assert run.code == 1
    entry = cli("diff", str(old), str(new), "--format", "markdown").out
    unreleased, released = KEEP_A_CHANGELOG.split("## [1.2.3]")
    assert changelog.read_text() == unreleased + entry + "\n## [1.2.3]" + released
    assert "### Deprecated\n- class `ipco:Unit` (unit)\n" in entry


def test_changelog_without_releases_gets_the_entry_at_the_end(cli: CliRunner, tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    shutil.copy(ROOT / "CHANGELOG.md", changelog)
    before = changelog.read_text()
    old, new = write_release(tmp_path / "old"), write_release(tmp_path / "new", CASES["term-added"][0])
    assert cli("diff", str(old), str(new), "--changelog", str(changelog)).code == 1
    after = changelog.read_text()
    assert after.startswith(before.rstrip("\n") + "\n\n## [1.3.0] - YYYY-MM-DD\n")


def test_changelog_errors(cli: CliRunner, tmp_path: Path) -> None:
    old, new = write_release(tmp_path / "old"), write_release(tmp_path / "new", CASES["term-added"][0])
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nNothing here.\n")
    run = cli("diff", str(old), str(new), "--changelog", str(notes))
    assert run.code == 2 and "error[not-a-changelog]" in run.err
    assert notes.read_text() == "# Notes\n\nNothing here.\n"
    run = cli("diff", str(old), str(new), "--changelog", str(tmp_path / "CHANGELOG.md"))
    assert run.code == 2 and "error[input-not-found]" in run.err


def test_identical_releases_leave_the_changelog_alone(cli: CliRunner, tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(KEEP_A_CHANGELOG)
    run = cli(
        "diff",
        str(write_release(tmp_path / "old")),
        str(write_release(tmp_path / "new")),
        "--changelog",
        str(changelog),
    )
    assert run.code == 0 and "left unchanged" in run.err
    assert changelog.read_text() == KEEP_A_CHANGELOG


# -- the project's release ------------------------------------------------------------------------


@pytest.fixture
def releases(release: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The project's release and a copy of it with the class ipco:Embassy removed, a property added
    and the French label of ipco:City changed."""
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old, new):
        folder.mkdir()
        shutil.copy(release / "ipco.nq", folder / "ipco.nq")
    lines = (new / "ipco.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("<https://w3id.org/ipco/Embassy> ")]
    assert len(kept) < len(lines)
    text = "".join(kept)
    city = '<https://w3id.org/ipco/City> <http://www.w3.org/2000/01/rdf-schema#label> "ville"@fr'
    assert city in text
    text = text.replace(city, city.replace('"ville"@fr', '"cité"@fr'))
    text += (
        "<https://w3id.org/ipco/liaisonLanguage> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<http://www.w3.org/2002/07/owl#DatatypeProperty> <https://w3id.org/ipco/graph/ontology> .\n"
    )
    (new / "ipco.nq").write_text(text, encoding="utf-8")
    return old, new


def test_project_release_edited(cli: CliRunner, releases: tuple[Path, Path]) -> None:
    old, new = releases
    code, document = diff_json(cli, old, new)
    assert (code, document["verdict"]) == (1, "major")
    assert document["reasons"][0] == {
        "level": "major",
        "subject": "https://w3id.org/ipco/Embassy",
        "reason": "class removed",
    }
    assert [e["iri"] for e in document["terms"]["removed"]] == ["https://w3id.org/ipco/Embassy"]
    assert [e["iri"] for e in document["terms"]["added"]] == ["https://w3id.org/ipco/liaisonLanguage"]
    assert [(c["subject"], c["lang"], c["old"], c["new"]) for c in document["labelChanges"]] == [
        ("https://w3id.org/ipco/City", "fr", "ville", "cité")
    ]
    assert document["old"]["version"] == "0.1.0" and document["suggestedVersion"] == "1.0.0"
    text = cli("diff", str(old), str(new)).out
    assert "verdict: major; suggested version 1.0.0\n  ipco:Embassy: class removed\n" in text
    markdown = cli("diff", str(old), str(new), "--format", "markdown").out
    assert "### Removed\n- class `ipco:Embassy` (embassy)\n" in markdown
    assert "- datatype property `ipco:liaisonLanguage`\n" in markdown
    assert '- `ipco:City` rdfs:label@fr: "ville" → "cité"\n' in markdown


def test_project_release_against_itself(cli: CliRunner, release: Path, tmp_path: Path) -> None:
    """A rebuild that renames every blank node, and the TriG of the same release, show no difference."""
    text = (release / "ipco.nq").read_text(encoding="utf-8")
    labels = sorted(set(re.findall(r"_:(\w+)", text)))
    assert labels, "the release has blank nodes"
    renamed = dict(zip(labels, reversed(labels), strict=True))
    relabelled = tmp_path / "relabelled.nq"
    relabelled.write_text(re.sub(r"_:(\w+)", lambda m: f"_:x{renamed[m.group(1)]}", text), encoding="utf-8")
    for other in (relabelled, release / "ipco.trig"):
        run = cli("diff", str(release), str(other))
        assert run.code == 0, run.out
        assert "verdict: none" in run.out
