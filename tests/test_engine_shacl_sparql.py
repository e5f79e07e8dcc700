"""SHACL-SPARQL in the fast engine (``ipco.engines.shacl_sparql_constraints``): the same results as
pySHACL (messages included), without pySHACL, whether the query runs once for all focus nodes or
once per node; and the queries the spec forbids refused before any data is read."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from conftest import CliRunner
from ipco.engines.shacl_sparql import load_store, validate_fast
from ipco.engines.shacl_sparql_text import QueryRefused, QueryText
from ipco.errors import InvalidShapes
from test_engine_shacl import PREFIXES, _parse, compare

DATA = """ex:a a ex:C ; ex:p 1, 2 ; ex:q "x" . ex:b a ex:C ; ex:p 3 . ex:c a ex:C .
_:n a ex:C ; ex:p 7 . ex:d a ex:D ; ex:p 1 .
ex:b ex:e [ ex:k "k1" ], [ ex:k "k1" ], [ ex:k "k2" ] . ex:c ex:e [ ex:k "k1" ] . ex:a ex:e [ ex:k "k2" ] ."""

CASES = {
    "select, joined, with message templates": """ex:S sh:targetClass ex:C ; sh:sparql [
        sh:message "{$this} has {?value} ({?n})" ;
        sh:select "SELECT $this ?value ?n WHERE { $this ex:p ?value . BIND(?value * 2 AS ?n) FILTER(?value > 1) }" ;
        sh:prefixes ex:Prefixes ] .
        ex:Prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .""",
    "select without $this in the projection": """ex:S sh:targetClass ex:C ; sh:sparql [
        sh:select "SELECT ?value WHERE { $this <http://example.org/p> ?value . FILTER(?value = 1) }" ] .""",
    "select per node (OPTIONAL, FILTER NOT EXISTS)": """ex:S sh:targetClass ex:C ; sh:severity sh:Warning ;
        sh:sparql [ sh:select "SELECT $this WHERE { OPTIONAL { $this ex:q ?q } FILTER(!bound(?q)) }" ;
            sh:prefixes ex:Prefixes ] ,
        [ sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <http://example.org/p> ?any } }" ] .
        ex:Prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .""",
    "top-level FILTER NOT EXISTS run as MINUS, before a triple": """ex:S
        sh:targetClass ex:C ; sh:sparql [ sh:message "{$this} {?v}" ;
        sh:select '''SELECT $this ?v WHERE {
            FILTER NOT EXISTS { $this a/rdfs:subClassOf* ex:C ; ex:q ?q } . $this ex:p ?v }''' ;
        sh:prefixes ex:Prefixes ] .
        ex:Prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] ,
            [ sh:prefix "rdfs" ; sh:namespace "http://www.w3.org/2000/01/rdf-schema#"^^xsd:anyURI ] .""",
    "property shape with $PATH": """ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:sparql [
        sh:message "too big: {?value}" ;
        sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER(?value > 2) }" ] ] .""",
    "SPARQL-based target (SHACL-AF), a blank node among its nodes": """ex:S sh:target [ a sh:SPARQLTarget ;
            sh:select "SELECT ?this WHERE { ?this <http://example.org/p> ?v FILTER(?v > 1) }" ] ;
        sh:property [ sh:path ex:q ; sh:minCount 1 ] .""",
    "deactivated constraint": """ex:S sh:targetClass ex:C ; sh:sparql [ sh:deactivated true ;
        sh:select "SELECT $this WHERE { }" ] .""",
    "ASK validator, node and property shapes": """ex:Max a sh:ConstraintComponent ;
        sh:parameter [ sh:path ex:max ] ; sh:parameter [ sh:path ex:min ; sh:optional true ] ;
        sh:validator [ a sh:SPARQLAskValidator ; sh:message "{$value} is above {$max}" ;
            sh:ask "ASK { FILTER(!isNumeric($value) || $value <= $max) }" ] .
        ex:T sh:targetNode 1, 5 ; ex:max 3 .""",
    "SELECT node and property validators": """ex:Has a sh:ConstraintComponent ; sh:parameter [ sh:path ex:needs ] ;
        sh:nodeValidator [ a sh:SPARQLSelectValidator ;
            sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this $needs ?any } }" ] ;
        sh:propertyValidator [ a sh:SPARQLSelectValidator ;
            sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER NOT EXISTS { ?value $needs ?any } }" ] .
        ex:S sh:targetClass ex:C ; ex:needs ex:q ; sh:property [ sh:path ex:p ; ex:needs ex:r ] .""",
    "select grouped, $this projected but not grouped (UCO's Dictionary-keyUniqueness-shape)": """ex:S
        sh:targetClass ex:C ; sh:sparql [ sh:message "{?value} repeated" ;
        sh:select "SELECT $this ?value WHERE { $this ex:e/ex:k ?value } GROUP BY ?value HAVING (COUNT(?value) > 1)" ;
        sh:prefixes ex:Prefixes ] .
        ex:Prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .""",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_results_as_pyshacl_without_it(name: str) -> None:
    """Failed before: every shape with sh:sparql or a SPARQL-based component went to pySHACL."""
    assert compare(DATA, CASES[name]) or name == "deactivated constraint"


def test_ask_validator_reports_the_value_node_of_a_property_shape() -> None:
    """The spec's sh:value for an ASK validator's result is the value node, on property shapes too
    (pySHACL leaves it out there: a known difference, listed in docs/performance.md)."""
    found = _outcome("""ex:Max a sh:ConstraintComponent ; sh:parameter [ sh:path ex:max ] ;
        sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK { FILTER($value <= $max) }" ] .
        ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; ex:max 2 ] .""")
    assert [value for _, value in found] == ["3", "7"]


def _outcome(shapes: str) -> list[tuple[str, str]]:
    outcome = validate_fast(load_store(_parse(DATA)), Graph().parse(data=PREFIXES + shapes, format="turtle"))
    assert not outcome.unsupported
    return sorted((str(r.focus), str(r.value)) for r in outcome.results)


def test_joined_and_per_node_evaluation_agree() -> None:
    """The same constraint written so that it runs once (top-level $this) and once per node
    ($this inside a nested group) finds the same results."""
    joined = _outcome("""ex:S sh:targetClass ex:C ; sh:sparql [
        sh:select "SELECT $this ?value WHERE { $this <http://example.org/p> ?value . FILTER(?value != 3) }" ] .""")
    per_node = _outcome("""ex:S sh:targetClass ex:C ; sh:sparql [
        sh:select "SELECT $this ?value WHERE { { $this <http://example.org/p> ?value } FILTER(?value != 3) }" ] .""")
    assert joined == per_node
    assert len(joined) == 3  # the blank node focus included


def test_joinable_variables() -> None:
    assert QueryText.parse("SELECT $this WHERE { $this ?p ?o FILTER NOT EXISTS { $this ?q ?r } }", {"this"}).joinable
    assert not QueryText.parse("SELECT $this WHERE { OPTIONAL { $this ?p ?o } }", {"this"}).joinable
    # grouped by $this, a join groups each node's solutions apart, as one query per node does
    assert QueryText.parse("SELECT $this (COUNT(*) AS ?n) WHERE { $this ?p ?o } GROUP BY $this", {"this"}).joinable
    # one implicit group per node (a row even with no solution), or a limit: per node only
    assert not QueryText.parse("SELECT (COUNT(*) AS ?n) WHERE { $this ?p ?o }", {"this"}).joinable
    assert not QueryText.parse("SELECT $this WHERE { $this ?p ?o } LIMIT 1", {"this"}).joinable


def test_top_level_not_exists_on_this_becomes_minus_when_joined() -> None:
    """pyoxigraph plans a NOT EXISTS once for all rows, ``?this`` unknown, and runs it per row (Brick's
    ``rdf:type/rdfs:subClassOf* brick:Point`` took 10 s at 100k triples, as MINUS 0.04 s); a MINUS of
    a plain triples block sharing ``?this``, bound in every joined row, removes the same rows."""
    query = QueryText.parse(
        "SELECT $this WHERE { $this ?p ?o . FILTER NOT EXISTS { $this a ?c ; ?q 'x'@en } . ?o ?r 1 }", {"this"}
    )
    joined = query.prebound({}, "{ HEAD }")
    assert "NOT EXISTS" not in joined
    assert joined.endswith("MINUS { $this a ?c ; ?q 'x'@en } }")
    assert "NOT EXISTS" in query.prebound({"this": "VALUES ?this { <urn:x> }"})  # per node: as written
    for kept in (
        "SELECT $this WHERE { $this ?p ?o FILTER NOT EXISTS { ?o ?q ?r } }",  # ?this not shared
        "SELECT $this WHERE { $this ?p ?o FILTER NOT EXISTS { $this ?q ?r FILTER(?r != ?o) } }",  # a filter
        "SELECT $this WHERE { $this ?p ?o { FILTER NOT EXISTS { $this ?q ?o } } }",  # a nested group
    ):
        assert "NOT EXISTS" in QueryText.parse(kept, {"this"}).prebound({}, "{ HEAD }")


def test_prebound_variables_join_the_group_by() -> None:
    """Failed before: UCO's key-uniqueness query projects $this grouped by ?value only, which
    pyoxigraph refuses as written; pre-bound, $this is a constant, so it joins the groups."""
    query = QueryText.parse(
        "SELECT $this ?value WHERE { $this ?p ?value } GROUP BY ?value HAVING (COUNT(?value) > 1)", {"this"}
    )
    assert "GROUP BY ?this ?value" in query.text
    assert {"this", "value"} <= query.joinable
    assert QueryText.parse('SELECT $this WHERE { $this ?p "{ MINUS }" }', {"this"}).joinable


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT $this WHERE { SERVICE <http://example.org/sparql> { $this ?p ?o } }", "SERVICE"),
        ("SELECT $this FROM <http://example.org/g> WHERE { $this ?p ?o }", "FROM"),
        ("SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }", "MINUS"),
        ("SELECT $this WHERE { VALUES ?o { 1 } $this ?p ?o }", "VALUES"),
        ("SELECT $this WHERE { BIND(1 AS $this) }", "re-binds"),
        ("SELECT $this WHERE { { SELECT ?o WHERE { $this ?p ?o } } }", "project"),
    ],
)
def test_forbidden_queries_are_refused(query: str, reason: str) -> None:
    with pytest.raises(QueryRefused, match=reason):
        QueryText.parse(query, {"this", "currentShape"})


def test_refusal_names_the_shape() -> None:
    shapes = """ex:Remote sh:targetClass ex:C ; sh:sparql [
        sh:select "SELECT $this WHERE { SERVICE <http://example.org/sparql> { $this ?p ?o } }" ] ."""
    with pytest.raises(InvalidShapes, match=r"shape http://example.org/Remote: .*SERVICE") as raised:
        _outcome(shapes)
    assert raised.value.node == "http://example.org/Remote"


@pytest.mark.parametrize("select", ["SELECT ?x WHERE { ?x ?p ?o }", "SELECT * WHERE { ?x ?p ?o }"])
def test_target_query_without_this_is_refused(select: str) -> None:
    """SHACL-AF's targets are the bindings of ?this: a query without it would target nothing."""
    shapes = (
        f'ex:S sh:target [ a sh:SPARQLTarget ; sh:select "{select}" ] ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .'
    )
    with pytest.raises(InvalidShapes, match=r"shape http://example.org/S: .*does not select \?this"):
        _outcome(shapes)


def test_syntax_error_is_refused_up_front() -> None:
    """Before any data is read, in one line (pyoxigraph lists every token it expected, over lines)."""
    with pytest.raises(InvalidShapes, match=r"shape http://example.org/Broken: .*refused") as raised:
        _outcome('ex:Broken sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p }" ] .')
    assert raised.value.message.endswith("SPARQL syntax error (at 1:31 in the query)")


def test_cli_refuses_a_service_call_with_its_place_and_exit_2(cli: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text("<http://example.org/a> a <http://example.org/C> .\n")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES
        + """
ex:Remote sh:targetClass ex:C ;
    sh:sparql [ sh:select "SELECT $this WHERE { SERVICE <http://example.org/sparql> { $this ?p ?o } }" ] .
"""
    )
    run = cli("validate", str(data), "--shapes", str(shapes), "--no-ipco-shapes")
    assert run.code == 2
    line = PREFIXES.count("\n") + 2
    assert run.err.startswith(f"{shapes}:{line}:1: ")
    assert "http://example.org/Remote" in run.err
    assert "SERVICE" in run.err
    assert "Traceback" not in run.err


def test_per_node_prebinding_is_a_constant_join() -> None:
    """Failed before: per-node queries bound $this with BIND of a custom function, which
    pyoxigraph cannot push into an OPTIONAL: every node scanned the whole join (79 s for a
    173-result constraint at 100k triples, 1 s with VALUES). Blank nodes still need the function."""
    from ipco.engines.shacl_ontology import ClassIndex
    from ipco.engines.shacl_sparql import Evaluator

    store = load_store(_parse(DATA))
    evaluator = Evaluator(store, Graph(), None, ClassIndex(store))
    iri, blank = ox.NamedNode("http://example.org/a"), ox.BlankNode("n")
    assert evaluator.prebind({"this": iri}) == {"this": "VALUES ?this { <http://example.org/a> }"}
    assert evaluator.prebind({"this": blank})["this"].startswith("BIND(")


def test_sparql_constraints_see_the_ontology_but_do_not_validate_it() -> None:
    """Failed before: with the ontology given apart (``--ontology``, pySHACL's ``--ont-graph``), a
    query walking ``rdf:type/rdfs:subClassOf*`` (Brick's TimeseriesReferenceOnPointsConstraint)
    did not see the hierarchy, and reported every sensor; the ontology's own nodes stay unvalidated."""
    data = _parse("ex:s1 a ex:Sensor ; ex:ref ex:r . ex:e1 a ex:Equipment ; ex:ref ex:r .")
    ontology = _parse("ex:Sensor rdfs:subClassOf ex:Point . ex:Point ex:ref ex:r .")
    shapes = Graph().parse(
        data=PREFIXES
        + """ex:S sh:targetSubjectsOf ex:ref ; sh:sparql [ sh:prefixes ex:P ;
            sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this rdf:type/rdfs:subClassOf* ex:Point } }" ] .
        ex:P sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] ,
            [ sh:prefix "rdf" ; sh:namespace "http://www.w3.org/1999/02/22-rdf-syntax-ns#"^^xsd:anyURI ] ,
            [ sh:prefix "rdfs" ; sh:namespace "http://www.w3.org/2000/01/rdf-schema#"^^xsd:anyURI ] .""",
        format="turtle",
    )
    outcome = validate_fast(load_store(data, ontology), shapes)
    assert sorted(str(r.focus) for r in outcome.results) == ["http://example.org/e1"]


def test_minus_removes_what_not_exists_removes() -> None:
    """The joined query as MINUS: ex:a, which has an ex:q, is out; ex:b and the blank node stay."""
    found = _outcome("""ex:S sh:targetClass ex:C ; sh:sparql [ sh:select '''SELECT $this ?value WHERE {
        FILTER NOT EXISTS { $this <http://example.org/q> ?q } . $this <http://example.org/p> ?value }''' ] .""")
    assert [value for _, value in found] == ["3", "7"]
