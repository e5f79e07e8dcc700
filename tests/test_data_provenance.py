"""Every fact is traceable: one data file per source document, each resource pointing to it."""

from __future__ import annotations

from pathlib import Path

from rdflib import DCTERMS, RDF, Graph, Namespace, URIRef

from conftest import ROOT, SHARED
from ipco.namespaces import IPCO_ID, graph_iri

IPCO = Namespace("https://w3id.org/ipco/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DATA = ROOT / "data"
REFERENCE_FILES = {"sources", "countries"}


def _graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _source_files() -> list[Path]:
    return sorted(p for p in DATA.glob("*.ttl") if p.stem not in REFERENCE_FILES)


def test_five_source_documents_each_with_its_data_file() -> None:
    sources = _graph(DATA / "sources.ttl")
    documents = set(sources.subjects(RDF.type, IPCO.SourceDocument))
    assert len(documents) == 5
    graphs = {str(sources.value(d, IPCO.statedInGraph)) for d in documents}
    assert graphs == {graph_iri(p.stem) for p in _source_files()}
    files = {str(sources.value(d, IPCO.fileName)) for d in documents}
    if (SHARED / "sources").is_dir():
        assert files == {p.name for p in (SHARED / "sources").glob("*.txt")}


def test_every_resource_points_to_the_document_of_its_file() -> None:
    for path in _source_files():
        graph = _graph(path)
        document = URIRef(f"{IPCO_ID}source-{path.stem}")
        described = {s for s in graph.subjects() if isinstance(s, URIRef)}
        # Events (prov:Activity, disjoint with prov:Entity) name their source with dcterms:source.
        unsourced = sorted(
            str(s)
            for s in described
            if (s, PROV.wasDerivedFrom, document) not in graph and (s, DCTERMS.source, document) not in graph
        )
        assert unsourced == [], f"{path.name}: resources without prov:wasDerivedFrom or dcterms:source {document}"
