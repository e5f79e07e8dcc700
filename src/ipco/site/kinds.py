"""Which kind of page an IPCO IRI gets, and the sets of resources the site lists and counts."""

from __future__ import annotations

import pyoxigraph as ox

from ipco.namespaces import (
    IPCO,
    IPCO_GRAPH,
    IPCO_ID,
    IPCO_SHAPES,
    IPCO_VOCAB,
    ONTOLOGY_IRI,
    ORG,
    OWL,
    RDF,
    SKOS,
    is_ipco_term,
)
from ipco.site.model import Node, SiteGraph, term_key

SOURCE_DOCUMENT = IPCO + "SourceDocument"
STATED_IN_GRAPH = IPCO + "statedInGraph"
PROPERTY_TYPES = (OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty", RDF + "Property")


def kind_of(graph: SiteGraph, iri: str) -> str:
    """Which page builder an IPCO IRI gets."""
    node = ox.NamedNode(iri)
    if iri == ONTOLOGY_IRI:
        return "ontology"
    if iri.startswith(ONTOLOGY_IRI + "/"):
        return "module"
    if iri.startswith(IPCO_GRAPH):
        return "graph"
    if iri.startswith(IPCO_SHAPES):
        return "shape"
    if iri.startswith(IPCO_VOCAB):
        return "scheme" if graph.has_type(node, SKOS + "ConceptScheme") else "concept"
    if is_ipco_term(iri):
        if graph.has_type(node, OWL + "Class", inferred=False):
            return "class"
        if any(graph.has_type(node, t, inferred=False) for t in PROPERTY_TYPES):
            return "property"
        return "term"
    if iri.startswith(IPCO_ID) and graph.has_type(node, SOURCE_DOCUMENT):
        return "source"
    return "resource"


def classes(graph: SiteGraph) -> list[ox.NamedNode]:
    """IPCO's own classes."""
    return [n for n in graph.of_type(OWL + "Class") if isinstance(n, ox.NamedNode) and is_ipco_term(n.value)]


def properties(graph: SiteGraph, kind: str) -> list[ox.NamedNode]:
    """IPCO's own properties declared with ``kind`` (owl:ObjectProperty…)."""
    return [n for n in graph.of_type(kind) if isinstance(n, ox.NamedNode) and is_ipco_term(n.value)]


def instances(graph: SiteGraph) -> list[ox.NamedNode]:
    """Resources the data describes (IPCO instance IRIs that are subjects of data triples)."""
    found = {
        f.subject
        for f in graph.asserted
        if isinstance(f.subject, ox.NamedNode)
        and f.subject.value.startswith(IPCO_ID)
        and any(graph.part_of_graph.get(g) == "data" for g in f.graphs)
    }
    return sorted(found, key=term_key)


def source_documents(graph: SiteGraph) -> list[Node]:
    return graph.of_type(SOURCE_DOCUMENT)


def organisations(graph: SiteGraph) -> list[Node]:
    """Instances of org:Organization, asserted or inferred."""
    return graph.of_type(ORG + "Organization", inferred=True)
