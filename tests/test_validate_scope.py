"""Which shapes and which vocabulary a validation uses, and what the report says about it.

The user's shapes mean the user's shapes: data written with W3C ORG (no IPCO term) checked with
``--shapes`` meets neither IPCO's shapes nor IPCO's copies of ORG and PROV-O; ``--ontology`` mixes
the user's own vocabulary in for the class hierarchy only; ``sh:conforms`` is SHACL's, apart from
the exit code's ``--fail-on``.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SH

from conftest import CliRunner

PREFIXES = """@prefix ex: <http://example.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
#: Data as an ORG user writes it: a formal organisation without skos:prefLabel (IPCO's shapes
#: would demand one) and one plain organisation without a name.
ORG_DATA = """ex:acme a org:FormalOrganization ; skos:altLabel "ACME" .
ex:unnamed a org:Organization .
"""
#: The user's shapes: every organisation has an rdfs:label (a warning).
MY_SHAPES = """ex:Named a sh:NodeShape ; sh:targetClass org:Organization ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:severity sh:Warning ] .
"""
MY_ONTOLOGY = """org:FormalOrganization rdfs:subClassOf org:Organization .
org:Organization a rdfs:Class .
"""


def _files(tmp_path: Path, **texts: str) -> dict[str, str]:
    paths = {}
    for name, text in texts.items():
        path = tmp_path / f"{name}.ttl"
        path.write_text(PREFIXES + text)
        paths[name] = str(path)
    return paths


def _json(cli: CliRunner, *arguments: str) -> tuple[int, dict[str, object]]:
    run = cli("validate", *arguments, "--output-format", "json")
    assert "Traceback" not in run.err
    return run.code, json.loads(run.out)


def test_user_shapes_on_org_data_apply_only_the_users_shapes(cli: CliRunner, tmp_path: Path) -> None:
    """Failed before: IPCO's shapes (which target ORG classes) reported the ORG data too, and
    IPCO's copy of ORG made ex:acme an org:Organization."""
    files = _files(tmp_path, data=ORG_DATA, shapes=MY_SHAPES)
    code, report = _json(cli, files["data"], "--shapes", files["shapes"])
    results = report["results"]
    assert isinstance(results, list)
    assert [r["focusNode"] for r in results] == ["http://example.org/unnamed"]
    assert report["shapesGraphs"] == [files["shapes"]]
    assert code == 0  # a warning: conforms for --fail-on violation


def test_ipco_shapes_on_request(cli: CliRunner, tmp_path: Path) -> None:
    files = _files(tmp_path, data=ORG_DATA, shapes=MY_SHAPES)
    _, report = _json(cli, files["data"], "--shapes", files["shapes"], "--ipco-shapes")
    assert report["shapesGraphs"] == ["IPCO shapes", files["shapes"]]
    results = report["results"]
    assert isinstance(results, list)
    assert any(str(r["sourceShape"]).startswith("https://w3id.org/ipco/shapes/") for r in results)


def test_ipco_shapes_when_the_data_uses_ipco_terms(cli: CliRunner, tmp_path: Path) -> None:
    files = _files(tmp_path, data="ex:dgsi a <https://w3id.org/ipco/IntelligenceService> .", shapes=MY_SHAPES)
    _, report = _json(cli, files["data"], "--shapes", files["shapes"])
    assert report["shapesGraphs"] == ["IPCO shapes", files["shapes"]]


def test_user_ontology_gives_the_class_hierarchy_but_is_not_data(cli: CliRunner, tmp_path: Path) -> None:
    """--ontology: ex:acme is an org:Organization through the user's subclass axiom; the
    ontology's own resources (org:Organization, a class without rdfs:label) are not validated."""
    files = _files(tmp_path, data=ORG_DATA, shapes=MY_SHAPES, ontology=MY_ONTOLOGY)
    for engine in ("fast", "reference"):
        _, report = _json(
            cli, files["data"], "--shapes", files["shapes"], "--ontology", files["ontology"], "--engine", engine
        )
        results = report["results"]
        assert isinstance(results, list)
        assert sorted(str(r["focusNode"]) for r in results) == [
            "http://example.org/acme",
            "http://example.org/unnamed",
        ], engine


def test_turtle_report_does_not_conform_with_only_warnings(cli: CliRunner, tmp_path: Path) -> None:
    """Failed before: sh:conforms followed --fail-on and said true next to a warning."""
    files = _files(tmp_path, data=ORG_DATA, shapes=MY_SHAPES)
    run = cli("validate", files["data"], "--shapes", files["shapes"], "--output-format", "turtle")
    assert run.code == 0
    graph = Graph().parse(data=run.out, format="turtle")
    assert list(graph.objects(None, SH.conforms)) == [Literal(False)]
    code, report = _json(cli, files["data"], "--shapes", files["shapes"])
    assert (code, report["conforms"], report["shaclConforms"]) == (0, True, False)


def test_blank_source_shape_named_by_parent_and_path(cli: CliRunner, tmp_path: Path) -> None:
    """Failed before: text and SARIF said nothing useful of a blank-node shape (a random label in
    JSON, no rule of its own in SARIF) and the Turtle report did not describe it."""
    files = _files(tmp_path, data=ORG_DATA, shapes=MY_SHAPES)
    name = "http://example.org/Named/rdfs:label"
    text = cli("validate", files["data"], "--shapes", files["shapes"]).out
    assert f"shape {name}" in text
    _, report = _json(cli, files["data"], "--shapes", files["shapes"])
    results = report["results"]
    assert isinstance(results, list)
    assert [r["sourceShape"] for r in results] == [name]
    sarif = json.loads(cli("validate", files["data"], "--shapes", files["shapes"], "--output-format", "sarif").out)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == [f"{name}/MinCount"]
    turtle = Graph().parse(
        data=cli("validate", files["data"], "--shapes", files["shapes"], "--output-format", "turtle").out
    )
    (shape,) = turtle.objects(None, SH.sourceShape)
    assert turtle.value(shape, SH.path) == RDFS.label


def test_shacl_af_is_refused_with_exit_3_naming_it(cli: CliRunner, tmp_path: Path) -> None:
    """Failed before: the fast engine handed such shapes to pySHACL; now it never does."""
    files = _files(
        tmp_path,
        data=ORG_DATA,
        shapes="""ex:Af a sh:NodeShape ; sh:targetClass org:Organization ;
            sh:property [ sh:path rdfs:label ; sh:minCount 1 ] ;
            sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate rdfs:label ; sh:object "x" ] .""",
    )
    run = cli("validate", files["data"], "--shapes", files["shapes"])
    assert run.code == 3
    assert "sh:rule" in run.err and "--engine reference" in run.err
    # pySHACL runs the rule, which gives every organisation its label: the data then conforms
    assert cli("validate", files["data"], "--shapes", files["shapes"], "--engine", "reference").code == 0


def test_malformed_shape_is_refused_with_exit_2_and_its_place(cli: CliRunner, tmp_path: Path) -> None:
    files = _files(tmp_path, data=ORG_DATA, shapes='ex:Bad sh:targetClass org:Organization ; sh:minLength "x" .')
    run = cli("validate", files["data"], "--shapes", files["shapes"])
    assert run.code == 2
    assert run.err.startswith(f"{files['shapes']}:6:")
    assert "shape http://example.org/Bad" in run.err
    assert "Traceback" not in run.err


NODE_SHAPES = """ex:Org a sh:NodeShape ; sh:targetNode ex:unnamed ; sh:node ex:Labelled .
ex:Labelled a sh:NodeShape ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .
"""


def test_detail_results_stay_nested(cli: CliRunner, tmp_path: Path) -> None:
    """Failed before: the sh:node result's sh:detail was flattened into a second top-level result."""
    files = _files(tmp_path, data=ORG_DATA, shapes=NODE_SHAPES)
    _, report = _json(cli, files["data"], "--shapes", files["shapes"])
    results = report["results"]
    assert isinstance(results, list)
    assert [r["sourceConstraintComponent"].rsplit("#")[-1] for r in results] == ["NodeConstraintComponent"]
    assert [d["sourceConstraintComponent"].rsplit("#")[-1] for d in results[0]["details"]] == [
        "MinCountConstraintComponent"
    ]
    assert report["summary"] == {"violation": 1, "warning": 0, "info": 0}
    turtle = Graph().parse(
        data=cli("validate", files["data"], "--shapes", files["shapes"], "--output-format", "turtle").out
    )
    (top,) = turtle.objects(None, SH.result)
    (detail,) = turtle.objects(top, SH.detail)
    assert turtle.value(detail, SH.sourceConstraintComponent) == SH.MinCountConstraintComponent
    assert "    detail: " in cli("validate", files["data"], "--shapes", files["shapes"]).out
