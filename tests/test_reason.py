"""Reason: only new triples come back, and the documented noise never does."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

from ipco.reason import is_noise, reason

EX = "http://example.org/"
TBOX = f"""
@prefix ex: <{EX}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Service rdfs:subClassOf ex:Organisation .
ex:partnerOf a owl:SymmetricProperty .
ex:answersTo a owl:TransitiveProperty .
ex:party owl:inverseOf ex:involvedIn .
"""
ABOX = f"""
@prefix ex: <{EX}> .
ex:a a ex:Service ; ex:partnerOf ex:b ; ex:answersTo ex:b ; ex:label "A" ; ex:count 3 .
ex:b ex:answersTo ex:c .
ex:coop ex:party ex:a .
"""


def _graph(*texts: str) -> Graph:
    graph = Graph()
    for text in texts:
        graph.parse(data=text, format="turtle")
    return graph


def test_only_new_triples_are_returned() -> None:
    asserted = _graph(TBOX, ABOX)
    inferred = reason(asserted)
    assert len(inferred) > 0
    assert not any(triple in asserted for triple in inferred)


def test_expected_entailments() -> None:
    inferred = reason(_graph(TBOX, ABOX))
    e = lambda name: URIRef(EX + name)  # noqa: E731
    assert (e("a"), RDF.type, e("Organisation")) in inferred  # subclass
    assert (e("b"), e("partnerOf"), e("a")) in inferred  # symmetric
    assert (e("a"), e("answersTo"), e("c")) in inferred  # transitive
    assert (e("a"), e("involvedIn"), e("coop")) in inferred  # inverse


def test_noise_is_filtered() -> None:
    inferred = reason(_graph(TBOX, ABOX))
    for s, p, o in inferred:
        assert not isinstance(s, Literal | BNode)
        assert not (p == OWL.sameAs and s == o)
        assert not str(s).startswith((str(RDF), str(RDFS), str(OWL), str(XSD)))
        assert not (p == RDF.type and str(o).startswith(str(XSD)))
        assert (p, o) != (RDF.type, OWL.Thing)


def test_background_axioms_are_used_but_their_consequences_about_themselves_are_not_returned() -> None:
    background = _graph(
        f"@prefix ex: <{EX}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."
        " ex:Organisation rdfs:subClassOf ex:Agent . ex:Agent rdfs:subClassOf ex:Thing ."
    )
    inferred = reason(_graph(TBOX, ABOX), background)
    assert (URIRef(EX + "a"), RDF.type, URIRef(EX + "Thing")) in inferred
    assert (URIRef(EX + "Organisation"), RDFS.subClassOf, URIRef(EX + "Thing")) not in inferred


def test_each_noise_rule() -> None:
    a = URIRef(EX + "a")
    assert is_noise((Literal("x"), RDF.type, XSD.string))
    assert is_noise((BNode(), RDF.type, OWL.Class))
    assert is_noise((a, OWL.sameAs, a))
    assert is_noise((a, RDF.type, OWL.Thing))
    assert is_noise((a, RDF.type, BNode()))
    assert is_noise((OWL.Thing, RDF.type, OWL.Class))
    assert is_noise((a, URIRef("http://www.w3.org/ns/org#subOrganzationOf"), URIRef(EX + "b")))
    assert not is_noise((a, RDF.type, URIRef(EX + "Organisation")))
    assert not is_noise((a, OWL.sameAs, URIRef(EX + "b")))
