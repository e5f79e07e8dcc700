"""IPCO's shapes themselves: what their constraints accept, checked against the vocabularies."""

from __future__ import annotations

from rdflib import RDF, SH, SKOS
from rdflib.collection import Collection

from ipco.convert import to_rdflib_graph
from ipco.namespaces import IPCO_VOCAB
from ipco.project import Project, load_reference


def test_every_concept_list_holds_concepts_of_one_scheme_and_never_the_scheme() -> None:
    """An ``sh:in`` list of concepts once also listed its concept scheme, so
    ``ipco:mission ipcov:mission-domains`` conformed; each list must name concepts of one scheme only."""
    reference = load_reference(Project.bundled())
    shapes = to_rdflib_graph(reference.shapes.quads)
    vocabulary = to_rdflib_graph(reference.ontology.quads)
    lists = [
        [member for member in Collection(shapes, head) if str(member).startswith(IPCO_VOCAB)]
        for head in shapes.objects(None, SH["in"])
    ]
    concept_lists = [members for members in lists if members]
    assert len(concept_lists) >= 7
    for members in concept_lists:
        assert all((m, RDF.type, SKOS.Concept) in vocabulary for m in members), members
        schemes = {scheme for m in members for scheme in vocabulary.objects(m, SKOS.inScheme)}
        assert len(schemes) == 1, members
        assert not [m for m in members if (m, RDF.type, SKOS.ConceptScheme) in vocabulary]
