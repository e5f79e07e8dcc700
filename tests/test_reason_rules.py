"""The compiled instance rules (ipco.engines.reason_rules) infer what owlrl infers, for the rule
kinds they cover, when run to a fixpoint over data in a pyoxigraph store; the SPARQL Update they emit
writes no graph but the target."""

from __future__ import annotations

import re
from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
from rdflib import Graph

from ipco.build import infer
from ipco.convert import to_oxigraph_triples
from ipco.engines.reason_instore import compile_reference
from ipco.engines.reason_rules import SKOLEM, Rule, compile_rules, is_noise, run_to_fixpoint
from ipco.load import Loaded, load
from ipco.project import Project, Reference, load_reference
from ipco.reason import reason

PREFIXES = """
@prefix ex: <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
TBOX = (
    PREFIXES
    + """
ex:Officer rdfs:subClassOf ex:Person . ex:Person rdfs:subClassOf ex:Agent .
ex:Agency owl:equivalentClass ex:Service .
ex:worksFor rdfs:domain ex:Person ; rdfs:range ex:Agency ; rdfs:subPropertyOf ex:memberOf .
ex:employs owl:inverseOf ex:worksFor .
ex:partnerOf a owl:SymmetricProperty .
ex:partOf a owl:TransitiveProperty .
ex:Police owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:sector ; owl:hasValue ex:law ] .
ex:Employer owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:employs ; owl:someValuesFrom ex:Officer ] .
ex:Linked owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:partnerOf ; owl:someValuesFrom owl:Thing ] .
ex:SecretUnit rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:partOf ; owl:allValuesFrom ex:SecretOrg ] .
"""
)
DATA = (
    PREFIXES
    + """
ex:alice a ex:Officer ; ex:worksFor ex:dgsi ; ex:name "Alice" .
ex:dgsi ex:partnerOf ex:dgse ; ex:partOf ex:mi ; ex:sector ex:law .
ex:mi ex:partOf ex:gov .
ex:cell a ex:SecretUnit, ex:Police ; ex:partOf ex:dgsi .
"""
)
DATA_GRAPH = "urn:x-test:data"
INTO = "urn:x-test:inferred"


def _compiled_closure(tbox: str, data: str) -> Graph:
    schema = Graph().parse(data=tbox, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(schema)
    closed = ox.Store()
    closed.load(schema.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    store = ox.Store()
    store.load(data.encode(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(DATA_GRAPH))
    run_to_fixpoint(store, compile_rules(closed), INTO, [DATA_GRAPH])
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(INTO))
    nt = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    return Graph().parse(data=nt, format="nt")


def test_compiled_rules_infer_what_owlrl_infers_about_the_data() -> None:
    asserted = Graph().parse(data=DATA, format="turtle")
    expected = reason(asserted, Graph().parse(data=TBOX, format="turtle"))
    ours = _compiled_closure(TBOX, DATA)
    described = set(asserted.subjects())
    got = {t for t in ours if t[0] in described and t not in asserted and not str(t[2]).startswith(SKOLEM)}
    assert got == set(expected)
    assert len(got) >= 15  # the 12 rule kinds above, each at least once


def test_the_updates_write_only_the_target_graph() -> None:
    schema = Graph().parse(data=TBOX, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(schema)
    closed = ox.Store()
    closed.load(schema.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    rules = compile_rules(closed)
    assert {r.name for r in rules} >= {
        "cax-sco",
        "prp-dom",
        "prp-rng",
        "prp-spo1",
        "prp-inv",
        "prp-symp",
        "prp-trp",
        "cls-hv1",
        "cls-hv2",
        "cls-svf1",
        "cls-svf2",
        "cls-avf",
    }
    for rule in rules:
        text = rule.update(INTO, [DATA_GRAPH])
        assert re.findall(r"GRAPH <([^>]*)>", text) == [INTO]
        assert text.startswith("INSERT {")
        assert "DELETE" not in text


EXAMPLES = sorted((Path(__file__).parent / "examples").glob("*/*.ttl"))


@pytest.fixture(scope="module")
def compiled() -> tuple[Reference, list[Rule]]:
    reference = load_reference(Project.bundled())
    return reference, compile_reference(reference)


def _instance_triples(reference: Reference, rules: list[Rule], data: Loaded) -> tuple[set[ox.Triple], set[ox.Triple]]:
    """(ours, `ipco reason`'s): the new triples about the data's individuals (not ontology terms),
    ours read through the same noise filter as `ipco reason`'s (``reason_rules.is_noise``)."""
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(DATA_GRAPH)) for q in data.quads)
    run_to_fixpoint(store, rules, INTO, [DATA_GRAPH])
    individuals = {q.subject for q in data.quads} - {q.subject for q in reference.ontology.quads}
    asserted = {q.triple for q in data.quads}
    ours = {
        q.triple
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(INTO))
        if q.subject in individuals and q.triple not in asserted and not is_noise(q.triple)
    }
    return ours, {q.triple for q in infer(reference, data) if q.subject in individuals}


def test_on_ipco_data_the_instance_triples_are_those_of_ipco_reason(compiled: tuple[Reference, list[Rule]]) -> None:
    """With IPCO's ontology + imports compiled, the rules infer exactly the triples `ipco reason`
    infers about the data's own individuals (the rest of its output is the TBox closure)."""
    ours, expected = _instance_triples(*compiled, Project.bundled().load_data())
    assert ours == expected
    assert len(ours) > 500


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_gives_the_instance_triples_of_ipco_reason(
    path: Path, compiled: tuple[Reference, list[Rule]]
) -> None:
    ours, expected = _instance_triples(*compiled, load([path]))
    assert ours == expected
    assert ours


def test_generated_data_gives_the_instance_triples_of_ipco_reason(compiled: tuple[Reference, list[Rule]]) -> None:
    from test_engine_reason import ipco_style_data

    triples = to_oxigraph_triples(ipco_style_data(3000))
    data = Loaded([ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(DATA_GRAPH)) for t in triples])
    ours, expected = _instance_triples(*compiled, data)
    assert ours == expected
    assert len(ours) > 3000
