"""Reason: the OWL 2 RL closure of ontology + data, returned as the NEW triples only.

owlrl computes the closure (https://www.w3.org/TR/owl2-profiles/#OWL_2_RL). Asserted and inferred
triples are never mixed: the caller gets a graph of what reasoning added, minus the noise below,
so a release can publish "what the sources say" and "what follows from it" side by side.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal as Literal_

import owlrl
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal
from rdflib.term import Node, _toPythonMapping

from ipco.namespaces import ORG, XSD

STANDARD_VOCABULARIES = (str(RDF), str(RDFS), str(OWL), XSD)

# The published ORG file says `org:unitOf rdfs:subPropertyOf org:subOrganzationOf` (sic); IPCO
# states the intended axiom, and drops what the misspelt IRI would add.
_ORG_TYPO = ORG + "subOrganzationOf"

# True of every resource, so they carry no information: owlrl adds them for every class/property.
_TAUTOLOGY_OBJECTS = {
    (str(RDF.type), str(OWL.Thing)),
    (str(RDF.type), str(RDFS.Resource)),
    (str(RDFS.subClassOf), str(OWL.Thing)),
    (str(RDFS.subClassOf), str(RDFS.Resource)),
}
_REFLEXIVE_PREDICATES = {
    str(OWL.sameAs),
    str(OWL.equivalentClass),
    str(OWL.equivalentProperty),
    str(RDFS.subClassOf),
    str(RDFS.subPropertyOf),
}
_RDF_TYPE = str(RDF.type)
_CLASS_PREDICATES = {_RDF_TYPE, str(RDFS.subClassOf)}

#: What a term is, for the noise rules: an IRI, a blank node or a literal.
TermKind = Literal_["iri", "bnode", "literal"]


def reason(asserted: Graph, background: Graph | None = None) -> Graph:
    """The triples the OWL 2 RL closure of ``asserted`` + ``background`` adds about the resources
    ``asserted`` describes, without the noise (see ``is_noise``).

    ``background`` holds imported vocabularies (ORG, PROV-O): their axioms take part in reasoning,
    but what follows about their own terms is theirs to publish, not IPCO's.
    """
    closure = union([asserted] if background is None else [asserted, background])
    described = set(asserted.subjects())
    # owlrl replaces rdflib's process-wide lexical conversions while it runs and leaves them
    # replaced; restore them, so that reasoning never changes how a later validation reads literals.
    conversions = dict(_toPythonMapping)
    try:
        owlrl.DeductiveClosure(
            owlrl.OWLRL_Semantics,
            axiomatic_triples=False,  # the RDF/RDFS/OWL axiomatic triples are the same for every input
            datatype_axioms=False,  # typing every literal with its datatype repeats the literal
        ).expand(closure)
    finally:
        _toPythonMapping.clear()
        _toPythonMapping.update(conversions)
    already_known = [asserted] if background is None else [asserted, background]
    inferred = Graph()
    for triple in closure:
        if triple[0] in described and not any(triple in g for g in already_known) and not is_noise(triple):
            inferred.add(triple)
    return inferred


def is_noise(triple: tuple[Node, Node, Node]) -> bool:
    """True for an inferred triple that tells a user nothing about IPCO's domain (see ``noise``)."""
    subject, predicate, obj = triple
    return noise(_kind(subject), str(subject), str(predicate), _kind(obj), str(obj))


def noise(subject_kind: TermKind, subject: str, predicate: str, object_kind: TermKind, obj: str) -> bool:
    """The noise rules over term kinds and texts (an IRI, a blank node label or a lexical form), so
    that the fast engine applies them to its own terms without building rdflib ones. Each rule
    says why."""
    # Literals and blank nodes as subjects: owlrl's datatype facts ("x" rdf:type xsd:string) and the
    # internals of OWL axioms (restrictions, lists), which no user can address by name.
    if subject_kind != "iri":
        return True
    # Literal values typed as classes or datatypes: a statement about the literal, not the domain.
    if predicate == _RDF_TYPE and (object_kind == "literal" or obj.startswith(XSD)):
        return True
    # Axiomatic facts about the RDF, RDFS, OWL and XSD vocabularies themselves.
    if subject.startswith(STANDARD_VOCABULARIES):
        return True
    # Membership in, or subclass of, an anonymous class expression (such as ORG's union domain of
    # org:reportsTo): nothing a user can name or query by IRI.
    if predicate in _CLASS_PREDICATES and object_kind == "bnode":
        return True
    # Reflexive sameAs / equivalence / sub-class-of-itself: true of every term.
    if predicate in _REFLEXIVE_PREDICATES and object_kind == "iri" and subject == obj:
        return True
    # Facts true of every resource.
    if object_kind == "iri" and (predicate, obj) in _TAUTOLOGY_OBJECTS:
        return True
    # Consequences of the misspelt IRI in the published ORG file.
    return predicate == _ORG_TYPO


def _kind(node: Node) -> TermKind:
    return "literal" if isinstance(node, Literal) else "bnode" if isinstance(node, BNode) else "iri"


def union(graphs: Iterable[Graph]) -> Graph:
    """One graph with the triples of all ``graphs``."""
    merged = Graph()
    for graph in graphs:
        for triple in graph:
            merged.add(triple)
    return merged
