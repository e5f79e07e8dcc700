"""The release description (void.ttl): every file as a DCAT distribution with the right size and
checksum, VoID counts a reader can check against the files, dates and licences from the inputs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from conftest import W3C, CliRunner
from ipco import __version__, namespaces
from ipco.atomic import RELEASE_MARKER
from ipco.build import CHECKSUMS, PARTS
from ipco.namespaces import CODE_LICENSE, CONTENT_LICENSE, IPCO, ONTOLOGY_IRI, dataset_iri, download_url
from ipco.publish.describe import DESCRIPTION_JSONLD, DESCRIPTION_SHAPES, DESCRIPTION_TURTLE

# Open namespaces: rdflib's DCAT is DCAT 2 (no dcat:version) and its closed namespaces warn.
DCAT, SPDX, VOID, XSD = (Namespace(n) for n in (namespaces.DCAT, namespaces.SPDX, namespaces.VOID, namespaces.XSD))
UNSUMMED = {DESCRIPTION_TURTLE, DESCRIPTION_JSONLD, CHECKSUMS}


@pytest.fixture(scope="module")
def description(release: Path) -> Graph:
    return Graph().parse(release / DESCRIPTION_TURTLE)


def _names(release: Path) -> list[str]:
    """Every file of the release, as its path relative to the release folder, but the documentation
    site's pages (``site/``): they are for reading, not distributions of the dataset; nor is the
    marker that tells a later build the folder is a release."""
    files = (p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    return sorted(name for name in files if not name.startswith("site/") and name != RELEASE_MARKER)


def _lines(path: Path) -> int:
    return len(path.read_bytes().splitlines())


def test_every_file_is_a_distribution_with_its_size_and_checksum(release: Path, description: Graph) -> None:
    names = _names(release)
    distributions = set(description.subjects(RDF.type, DCAT.Distribution))
    assert distributions == {URIRef(download_url(__version__, name)) for name in names}
    for name in names:
        url = URIRef(download_url(__version__, name))
        assert description.value(url, DCAT.downloadURL) == url
        assert description.value(url, DCTERMS.title) == Literal(name)
        assert str(description.value(url, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
        size, checksum = description.value(url, DCAT.byteSize), description.value(url, SPDX.checksum)
        if name in UNSUMMED:
            assert size is None and checksum is None, name
            continue
        content = (release / name).read_bytes()
        assert size == Literal(len(content), datatype=XSD.nonNegativeInteger), name
        assert description.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        digest = description.value(checksum, SPDX.checksumValue)
        assert digest == Literal(hashlib.sha256(content).hexdigest(), datatype=XSD.hexBinary), name


def test_media_types_follow_the_file_extensions(description: Graph) -> None:
    def media_type(name: str) -> str:
        value = description.value(URIRef(download_url(__version__, name)), DCAT.mediaType)
        return str(value).removeprefix("https://www.iana.org/assignments/media-types/")

    assert media_type("data.ttl") == "text/turtle"
    assert media_type("ipco.nq") == "application/n-quads"
    assert media_type("organisations.jsonld") == "application/ld+json"
    assert media_type(CHECKSUMS) == "text/plain"


def test_counts_are_those_of_the_files(release: Path, description: Graph) -> None:
    dataset = URIRef(dataset_iri(__version__))
    assert description.value(dataset, VOID.triples).toPython() == _lines(release / "ipco.nq")
    per_graph: dict[str, int] = {}
    for line in (release / "ipco.nq").read_text(encoding="utf-8").splitlines():
        graph = line.rsplit(" ", 2)[-2]
        per_graph[graph.strip("<>")] = per_graph.get(graph.strip("<>"), 0) + 1
    for part in PARTS:
        subset = URIRef(f"{dataset}/{part}")
        assert (dataset, VOID.subset, subset) in description
        assert description.value(subset, VOID.triples).toPython() == _lines(release / f"{part}.nt"), part
        graphs = set(description.objects(subset, VOID.subset))
        assert graphs
        for graph in graphs:
            assert description.value(graph, VOID.triples).toPython() == per_graph.pop(str(graph))
        partitions = list(description.objects(subset, VOID.propertyPartition))
        assert sum(description.value(p, VOID.triples).toPython() for p in partitions) == _lines(release / f"{part}.nt")
    assert per_graph == {}  # every named graph of ipco.nq is a subset


def test_class_partitions_count_the_instances_of_each_class(release: Path, description: Graph) -> None:
    data = Graph().parse(release / "data.nt")
    subset = URIRef(f"{dataset_iri(__version__)}/data")
    partitions = {description.value(p, VOID["class"]): p for p in description.objects(subset, VOID.classPartition)}
    assert set(partitions) == set(data.objects(None, RDF.type))
    for class_, partition in partitions.items():
        expected = len(set(data.subjects(RDF.type, class_)))
        assert description.value(partition, VOID.entities).toPython() == expected, class_


def test_version_date_licences_and_sources_come_from_the_inputs(release: Path, description: Graph) -> None:
    dataset = URIRef(dataset_iri(__version__))
    hub = Graph().parse(release / "ontology.nt")
    issued = hub.value(URIRef(ONTOLOGY_IRI), DCTERMS.issued)
    assert issued is not None and issued.datatype == XSD.date
    assert description.value(dataset, DCTERMS.issued) == issued
    assert description.value(dataset, DCTERMS.modified) == issued
    assert description.value(dataset, DCTERMS.license) == URIRef(CONTENT_LICENSE)
    software = description.value(description.value(dataset, PROV.wasGeneratedBy), PROV.wasAssociatedWith)
    assert description.value(software, DCTERMS.license) == URIRef(CODE_LICENSE)
    assert description.value(software, RDFS.label) == Literal(f"ipco {__version__}")

    data = Graph().parse(release / "data.nt")
    stated = dict(data.subject_objects(URIRef(IPCO + "statedInGraph")))
    assert set(description.objects(dataset, DCTERMS.source)) == set(stated)
    for document, graph in stated.items():
        assert list(description.objects(graph, DCTERMS.source)) == [document]


def test_the_description_satisfies_its_shapes(description: Graph) -> None:
    conforms, _, text = pyshacl.validate(description, shacl_graph=Graph().parse(DESCRIPTION_SHAPES))
    assert conforms, text


def test_the_shapes_catch_a_bad_checksum_size_and_dataset(description: Graph) -> None:
    broken = Graph()
    for triple in description:
        broken.add(triple)
    file = URIRef(download_url(__version__, "data.ttl"))
    checksum = description.value(file, SPDX.checksum)
    broken.set((checksum, SPDX.checksumValue, Literal("not-a-digest", datatype=XSD.hexBinary)))
    broken.set((file, DCAT.byteSize, Literal("big")))
    other = URIRef(download_url(__version__, "data.nt"))
    broken.remove((other, DCAT.byteSize, None))  # a checksum without a size
    dataset = URIRef(dataset_iri(__version__))
    broken.remove((dataset, DCTERMS.issued, None))
    broken.add((BNode(), VOID.classPartition, BNode()))

    conforms, report, _ = pyshacl.validate(broken, shacl_graph=Graph().parse(DESCRIPTION_SHAPES))
    assert not conforms
    sh = Namespace("http://www.w3.org/ns/shacl#")
    focus = {report.value(result, sh.focusNode) for result in report.subjects(RDF.type, sh.ValidationResult)}
    assert {checksum, file, other, dataset} <= focus


def test_dcat_terms_are_those_of_dcat_3(description: Graph) -> None:
    dcat3 = Graph().parse(W3C / "vocab" / "dcat3.ttl")
    defined = set(dcat3.subjects(RDF.type, None))
    used = {
        term
        for triple in description
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(DCAT))
    }
    assert used
    assert used <= defined


def test_a_hub_ontology_without_a_release_date_stops_the_build(cli: CliRunner, project_copy: Path) -> None:
    hub = project_copy / "ontology" / "ipco.ttl"
    hub.write_text("".join(line for line in hub.read_text().splitlines(keepends=True) if "dcterms:issued" not in line))
    run = cli("build", "-q", "--root", str(project_copy), "--out", str(project_copy / "dist"))
    assert run.code == 2
    assert f"<{ONTOLOGY_IRI}> needs exactly one {DCTERMS.issued}" in run.err
    assert "ontology/ipco.ttl" in run.err  # the hint
    assert not (project_copy / "dist").exists()


def test_the_only_date_is_the_release_date(description: Graph) -> None:
    """No date from the clock: the description's one date is the hub ontology's dcterms:issued."""
    dates = {o for o in description.objects() if isinstance(o, Literal) and o.datatype in (XSD.date, XSD.dateTime)}
    assert dates == {description.value(URIRef(dataset_iri(__version__)), DCTERMS.issued)}
