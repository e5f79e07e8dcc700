"""The ontology itself: quality shapes, declared terms, modules, and the OWL 2 RL profile."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef

from ipco.convert import to_rdflib_graph
from ipco.namespaces import IPCO, ONTOLOGY_IRI
from ipco.project import Project, load_reference
from ipco.report import Severity
from ipco.validate import undeclared_terms, validate_ontology

# Class constructors OWL 2 RL does not allow where a superclass is expected
# (https://www.w3.org/TR/owl2-profiles/#OWL_2_RL, "superClassExpression").
NOT_RL_SUPERCLASS = (OWL.unionOf, OWL.someValuesFrom, OWL.minCardinality, OWL.minQualifiedCardinality)


@pytest.fixture(scope="module")
def reference() -> Any:
    return load_reference(Project.bundled())


@pytest.fixture(scope="module")
def ontology(reference: Any) -> Graph:
    return to_rdflib_graph(reference.ontology.quads)


def test_ontology_passes_its_quality_shapes(reference: Any) -> None:
    report = validate_ontology(reference)
    assert [(str(r.focus), r.message()) for r in report.results if r.severity >= Severity.WARNING] == []


def test_every_ipco_term_used_in_data_and_shapes_is_declared(reference: Any, ontology: Graph) -> None:
    data = to_rdflib_graph(Project.bundled().load_data().quads)
    shapes = to_rdflib_graph(reference.shapes.quads)
    assert [str(r.focus) for r in undeclared_terms(data, ontology) + undeclared_terms(shapes, ontology)] == []


def test_undeclared_term_is_caught(ontology: Graph) -> None:
    typo = Graph().parse(data="<http://example.org/a> a <https://w3id.org/ipco/IntelligenceSevrice> .", format="turtle")
    assert [str(r.focus) for r in undeclared_terms(typo, ontology)] == [IPCO + "IntelligenceSevrice"]


def test_hub_imports_every_module_and_each_module_is_versioned(ontology: Graph) -> None:
    modules = {s for s in ontology.subjects(RDF.type, OWL.Ontology) if s != URIRef(ONTOLOGY_IRI)}
    assert len(modules) >= 8
    imported = set(ontology.objects(URIRef(ONTOLOGY_IRI), OWL.imports))
    assert modules <= imported
    for module in modules | {URIRef(ONTOLOGY_IRI)}:
        assert ontology.value(module, OWL.versionIRI) is not None, module
        assert {getattr(lbl, "language", None) for lbl in ontology.objects(module, RDFS.label)} >= {"en", "fr"}


def test_every_ipco_class_has_a_parent(ontology: Graph) -> None:
    orphans = [
        str(c)
        for c in ontology.subjects(RDF.type, OWL.Class)
        if str(c).startswith(IPCO) and "/" not in str(c)[len(IPCO) :] and ontology.value(c, RDFS.subClassOf) is None
    ]
    assert orphans == []


def test_the_ontology_stays_in_the_owl2_rl_profile(ontology: Graph) -> None:
    problems = []
    for predicate in (RDFS.domain, RDFS.range, RDFS.subClassOf):
        for subject, expression in ontology.subject_objects(predicate):
            if isinstance(expression, BNode):
                used = [str(p) for p in NOT_RL_SUPERCLASS if (expression, p, None) in ontology]
                if used:
                    problems.append(f"{subject} {predicate} uses {used}")
    for _, value in ontology.subject_objects(OWL.maxCardinality):
        if isinstance(value, Literal) and int(value) > 1:
            problems.append(f"maxCardinality {value}")
    assert problems == []


def test_properties_have_labels_and_definitions_in_both_languages(ontology: Graph) -> None:
    skos_definition = URIRef("http://www.w3.org/2004/02/skos/core#definition")
    missing = []
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in ontology.subjects(RDF.type, kind):
            if not str(term).startswith(IPCO):
                continue
            for predicate in (RDFS.label, skos_definition):
                languages = {getattr(v, "language", None) for v in ontology.objects(term, predicate)}
                if not {"en", "fr"} <= languages:
                    missing.append(f"{term} {predicate}")
    assert missing == []
