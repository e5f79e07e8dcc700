"""``ipco measure``: exact figures on a small ontology, the CLI's formats, and the release's VoID."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from conftest import ROOT, CliRunner
from ipco.namespaces import RDF
from ipco.publish.describe import DQV, MEASURE_METRICS
from ipco.quality.measure import measure

SMALL = """
@prefix ex: <https://w3id.org/ipco/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ipco/ontology> a owl:Ontology ; owl:imports <http://www.w3.org/ns/org#> .
ex:A a owl:Class ; rdfs:label "a"@en, "a"@fr .
ex:B a owl:Class ; rdfs:subClassOf ex:A ; rdfs:label "b"@en .
ex:C a owl:Class ; owl:equivalentClass [ owl:unionOf ( ex:A ex:B ) ] ; rdfs:label "c"@en .
ex:p a owl:ObjectProperty, owl:TransitiveProperty ; rdfs:domain ex:A ; rdfs:range ex:B ; owl:inverseOf ex:q .
ex:q a owl:ObjectProperty .
ex:n a owl:DatatypeProperty .
ex:x a ex:A ; ex:p ex:x ; ex:n "1" .
"""


def test_figures_of_a_small_ontology() -> None:
    measures = measure(ox.parse(SMALL, format=ox.RdfFormat.TURTLE))
    assert measures.entities == {
        "classes": 3,
        "object properties": 2,
        "datatype properties": 1,
        "annotation properties": 0,
        "individuals": 1,
    }
    assert measures.axioms["SubClassOf"] == 1
    assert measures.axioms["EquivalentClasses"] == 1
    assert measures.axioms["TransitiveObjectProperty"] == 1
    assert measures.axioms["ObjectPropertyAssertion"] == 1
    assert measures.axioms["DataPropertyAssertion"] == 1
    assert measures.axioms["ClassAssertion"] == 1
    assert measures.imports == ["http://www.w3.org/ns/org#"]
    assert measures.expressivity == "ALUIR+(D)"
    assert measures.label_coverage == {"en": round(3 / 7, 4), "fr": round(1 / 7, 4)}  # 7 terms, x included


def test_cli_json_and_text(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    run = cli("measure", "-q", str(path), "--output-format", "json")
    assert run.code == 0
    document = json.loads(run.out)
    assert document["entities"]["classes"] == 3
    assert document["axiomCount"] == sum(document["axioms"].values())
    text = cli("measure", "-q", str(path))
    assert "classes: 3" in text.out and "expressivity: ALUIR+(D)" in text.out


def test_cli_bad_path_is_bad_input(cli: CliRunner) -> None:
    run = cli("measure", "-q", str(ROOT / "no-such-ontology.ttl"))
    assert run.code == 2
    assert "Traceback" not in run.err


def test_release_void_publishes_the_full_ontologys_measures(release: Path) -> None:
    description = list(ox.parse(path=str(release / "void.ttl")))
    metric_of = {t.subject: t.object.value for t in description if t.predicate.value == DQV + "isMeasurementOf"}  # type: ignore[union-attr]
    value_of = {t.subject: t.object.value for t in description if t.predicate.value == DQV + "value"}  # type: ignore[union-attr]
    published = {metric_of[m].removeprefix(MEASURE_METRICS): value_of[m] for m in metric_of}
    expected = measure(ox.parse(path=str(release / "ipco-full.ttl"))).figures()
    assert published["classes"] == str(expected["classes"])
    assert published["axioms"] == str(expected["axioms"])
    assert published["expressivity"] == expected["expressivity"]
    assert {t.object.value for t in description if t.predicate.value == RDF + "type"} >= {DQV + "QualityMeasurement"}  # type: ignore[union-attr]
