"""The release variants as an importer uses them: each file alone, in pySHACL and in a store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph

from conftest import ROOT
from ipco.namespaces import DCAT, ONTOLOGY_IRI, ORG, OWL, PROV, RDF, RDFS
from ipco.project import Project, load_reference
from ipco.publish.variants import BASE, DATA_FULL, FULL, VARIANTS
from ipco.report import ValidationResult
from ipco.validate import results_from_report, validate_loaded

SYNTAXES = ("ttl", "nt", "rdf", "jsonld")
OWL_2_RL_DATATYPES = {
    RDF + "PlainLiteral",
    RDF + "XMLLiteral",
    RDFS + "Literal",
    *(
        "http://www.w3.org/2001/XMLSchema#" + name
        for name in [
            "decimal",
            "integer",
            "nonNegativeInteger",
            "nonPositiveInteger",
            "positiveInteger",
            "negativeInteger",
            "long",
            "int",
            "short",
            "byte",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
            "float",
            "double",
            "string",
            "normalizedString",
            "token",
            "language",
            "Name",
            "NCName",
            "NMTOKEN",
            "boolean",
            "hexBinary",
            "base64Binary",
            "anyURI",
            "dateTime",
            "dateTimeStamp",
        ]
    ),
}


def _triples(path: Path) -> set[ox.Triple]:
    return set(ox.parse(path=str(path)))


def _headers(triples: set[ox.Triple]) -> set[str]:
    return {
        t.subject.value for t in triples if t.predicate.value == RDF + "type" and t.object.value == OWL + "Ontology"
    }  # type: ignore[union-attr]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_is_in_every_syntax_checksummed_and_described(release: Path, variant: str) -> None:
    sums = (release / "SHA256SUMS").read_text()
    description = _triples(release / "void.ttl")
    distributions = {t.subject.value for t in description if t.object.value == DCAT + "Distribution"}  # type: ignore[union-attr]
    for extension in SYNTAXES:
        name = f"{variant}.{extension}"
        assert (release / name).is_file()
        assert f"  {name}\n" in sums
        assert any(url.endswith(f"/{name}") for url in distributions)
    assert len(_triples(release / f"{variant}.nt")) == len(_triples(release / f"{variant}.ttl"))


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_has_one_ontology_header(release: Path, variant: str) -> None:
    assert _headers(_triples(release / f"{variant}.ttl")) == {ONTOLOGY_IRI}


def test_base_imports_only_what_ipco_reuses(release: Path) -> None:
    imports = {t.object.value for t in _triples(release / f"{BASE}.ttl") if t.predicate.value == OWL + "imports"}  # type: ignore[union-attr]
    assert imports and all(not iri.startswith("https://w3id.org/ipco/") for iri in imports)


@pytest.mark.parametrize("variant", [FULL, DATA_FULL])
def test_full_variants_import_nothing_and_describe_every_blank_node(release: Path, variant: str) -> None:
    triples = _triples(release / f"{variant}.ttl")
    assert not [t for t in triples if t.predicate.value == OWL + "imports"]
    described = {t.subject for t in triples}
    assert not [t for t in triples if isinstance(t.object, ox.BlankNode) and t.object not in described]


def test_full_ontology_carries_the_org_and_prov_o_hierarchy_it_uses(release: Path) -> None:
    triples = {(t.subject.value, t.predicate.value, t.object.value) for t in _triples(release / f"{FULL}.ttl")}  # type: ignore[union-attr]
    assert (ORG + "FormalOrganization", RDFS + "subClassOf", ORG + "Organization") in triples
    assert (ORG + "Organization", RDF + "type", OWL + "Class") in triples
    assert (PROV + "Entity", RDF + "type", OWL + "Class") in triples


def _key(result: ValidationResult) -> tuple[str, str, str, str]:
    return (str(result.focus), result.component, result.severity.name, str(result.source_shape))


def test_data_full_alone_gives_pyshacl_ipcos_results(release: Path) -> None:
    """The outside testers' case: data + ontology + shapes without ORG/PROV-O gave 13 false
    sh:class violations; data-full carries what those checks need."""
    project = Project.checkout(ROOT)
    shacl_components = "http://www.w3.org/ns/shacl#"
    ipco_results = {
        _key(r)
        for r in validate_loaded(project.load_data(), load_reference(project)).results
        if r.component.startswith(shacl_components)
    }
    _, report, _ = pyshacl.validate(
        Graph().parse(release / f"{DATA_FULL}.ttl"),
        shacl_graph=Graph().parse(release / "shapes.ttl"),
        inference="none",
    )
    assert isinstance(report, Graph)
    pyshacl_results = {_key(r) for r in results_from_report(report)}
    assert pyshacl_results == ipco_results
    assert not [key for key in pyshacl_results if key[1].endswith("ClassConstraintComponent")]


def test_data_full_answers_a_query_that_needs_the_imported_hierarchy(release: Path) -> None:
    store = ox.Store()
    store.load(path=str(release / f"{DATA_FULL}.ttl"), format=ox.RdfFormat.TURTLE)
    unit = f"<{ORG}OrganizationalUnit>"
    query = f"ASK {{ ?unit a {unit} . {unit} <{RDFS}subClassOf> <{ORG}Organization> }}"
    assert store.query(query)


def test_ontology_ranges_are_owl_2_rl_datatypes(release: Path) -> None:
    """xsd:date, xsd:duration and rdf:langString were ranges: not in OWL 2 RL's datatype list."""
    triples = _triples(release / "ontology.nt")
    data_properties = {
        t.subject for t in triples if t.predicate.value == RDF + "type" and t.object.value == OWL + "DatatypeProperty"
    }  # type: ignore[union-attr]
    ranges = {t.object.value for t in triples if t.subject in data_properties and t.predicate.value == RDFS + "range"}  # type: ignore[union-attr]
    assert ranges <= OWL_2_RL_DATATYPES
