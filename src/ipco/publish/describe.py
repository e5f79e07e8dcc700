"""The release described for catalogues: VoID statistics and DCAT distributions (``void.ttl``).

The dataset of release ``<version>`` (``https://w3id.org/ipco/dataset/<version>``) has one subset
per part (ontology, shapes, data, inferred), each with one subset per named graph of ``ipco.nq``
(the graph IRI itself), and every file of the release is a ``dcat:Distribution`` with its download
URL, media type, size and SHA-256 checksum. Counts are those a reader can check against the files:
a part's ``void:triples`` is the number of lines of ``<part>.nt``, the dataset's the number of
lines of ``ipco.nq``.

Everything comes from the inputs, nothing from the clock: the version and the release date are the
hub ontology's ``owl:versionInfo`` and ``dcterms:issued``. The description cannot give its own size
and checksum (they would change it), nor those of ``SHA256SUMS``, which lists the description's:
those three files are described without them, and ``SHA256SUMS`` covers every file.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ipco import __version__
from ipco.errors import IpcoError
from ipco.export import DATASET_EXPORTERS, EXPORTERS, canonical
from ipco.namespaces import (
    CODE_LICENSE,
    CONTENT_LICENSE,
    DATASET,
    DCAT,
    DCTERMS,
    IANA_MEDIA_TYPES,
    IPCO,
    IPCO_ID,
    JSONLD_PROFILES,
    ONTOLOGY_IRI,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SPDX,
    VOID,
    XSD,
    dataset_iri,
    download_url,
    is_ipco_term,
)
from ipco.publish.context import CONTEXT_FILE, VOCABULARY_PRIORITY
from ipco.publish.variants import FULL, PURPOSES, VARIANTS
from ipco.publish.views import ORGANISATIONS_FILE, SOURCES_FILE
from ipco.quality.measure import Measures, measure
from ipco.syntaxes import syntax_for_path

DQV = "http://www.w3.org/ns/dqv#"
#: Where ``ipco measure``'s figures are named in the description.
MEASURE_METRICS = IPCO + "measure/"
#: SHACL shapes the description satisfies (what catalogues need from it); the tests check it.
DESCRIPTION_SHAPES = Path(__file__).with_name("description.shapes.ttl")
DESCRIPTION_TURTLE = "void.ttl"
DESCRIPTION_JSONLD = "void.jsonld"
#: What the files that are not a part or the whole dataset hold, and the JSON-LD profile they follow.
VIEW_FILES: dict[str, tuple[str, str]] = {
    CONTEXT_FILE: ("The JSON-LD 1.1 context of the compacted and framed files.", "context"),
    ORGANISATIONS_FILE: (
        "Every organisation with its units, posts, memberships and cooperation relationships (framed JSON-LD).",
        "framed",
    ),
    SOURCES_FILE: ("Every source document with the named graph of what it states (framed JSON-LD).", "framed"),
}
#: Media types of files that are not RDF, from Python's own table (not the machine's: deterministic).
_OTHER_MEDIA_TYPES = mimetypes.MimeTypes()
_DATASET_SYNTAXES = frozenset(exporter.syntax for exporter in DATASET_EXPORTERS)


class ReleaseMetadataMissing(IpcoError):
    """The hub ontology lacks the version or date the release description needs."""

    code = "release-metadata"


@dataclass(frozen=True)
class ReleaseMetadata:
    """The version and date of a release, as the hub ontology states them."""

    version: str
    version_iri: str
    issued: str


def release_metadata(ontology: Iterable[ox.Quad]) -> ReleaseMetadata:
    """``owl:versionInfo``, ``owl:versionIRI`` and ``dcterms:issued`` of the hub ontology."""
    found: dict[str, set[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]] = {}
    for quad in ontology:
        if isinstance(quad.subject, ox.NamedNode) and quad.subject.value == ONTOLOGY_IRI:
            found.setdefault(quad.predicate.value, set()).add(quad.object)

    def single(predicate: str, kind: type[ox.NamedNode] | type[ox.Literal]) -> str:
        values = [value for value in found.get(predicate, set()) if isinstance(value, kind)]
        if len(values) != 1 or len(found[predicate]) != 1:
            raise ReleaseMetadataMissing(
                f"the hub ontology <{ONTOLOGY_IRI}> needs exactly one {predicate} to describe the release",
                hint="state it in ontology/ipco.ttl, next to owl:versionInfo",
            )
        return values[0].value

    return ReleaseMetadata(
        version=single(OWL + "versionInfo", ox.Literal),
        version_iri=single(OWL + "versionIRI", ox.NamedNode),
        issued=single(DCTERMS + "issued", ox.Literal),
    )


def describe(parts: dict[str, list[ox.Quad]], files: dict[str, bytes], checksums: str) -> dict[str, bytes]:
    """``void.ttl`` and ``void.jsonld`` for the release made of ``parts`` and ``files``, which will
    also hold the checksum file ``checksums`` (described without size and checksum, as these two)."""
    quads = canonical(description(parts, files, checksums))
    return {
        DESCRIPTION_TURTLE: EXPORTERS["turtle"].serialize(quads),
        DESCRIPTION_JSONLD: EXPORTERS["jsonld"].serialize(quads),
    }


def description(parts: dict[str, list[ox.Quad]], files: dict[str, bytes], checksums: str) -> list[ox.Quad]:
    """The description's triples, in the default graph (blank nodes not yet canonical)."""
    metadata = release_metadata(parts["ontology"])
    out = _Triples()
    dataset = ox.NamedNode(dataset_iri(metadata.version))
    _dataset(out, dataset, metadata)
    every_quad = {quad for name, part in parts.items() if name not in VARIANTS for quad in part}
    out.add(dataset, VOID + "triples", _integer(len(every_quad)))
    vocabularies = _vocabularies(quad.triple for quad in every_quad)
    out.add(dataset, VOID + "vocabulary", *(ox.NamedNode(namespace) for namespace in vocabularies))
    documents = _documents(parts["data"])
    sources = sorted({document for stated in documents.values() for document in stated})
    out.add(dataset, DCTERMS + "source", *(ox.NamedNode(document) for document in sources))

    if FULL in parts:
        _measurements(out, dataset, measure(quad.triple for quad in parts[FULL]))

    subsets: dict[str, ox.NamedNode] = {}
    for part, quads in parts.items():
        subset = subsets[part] = ox.NamedNode(f"{dataset.value}/{part}")
        out.add(dataset, VOID + "subset", subset)
        out.add(subset, RDF + "type", ox.NamedNode(VOID + "Dataset"), ox.NamedNode(DCAT + "Dataset"))
        out.add(subset, DCTERMS + "title", ox.Literal(f"IPCO {metadata.version}: {part}", language="en"))
        out.add(subset, DCTERMS + "license", ox.NamedNode(CONTENT_LICENSE))
        _statistics(out, subset, {quad.triple for quad in quads}, partitions=True)
        by_graph: dict[str, set[ox.Triple]] = {}
        for quad in quads:
            assert isinstance(quad.graph_name, ox.NamedNode)  # every part's quads are in named graphs
            by_graph.setdefault(quad.graph_name.value, set()).add(quad.triple)
        for graph, triples in sorted(by_graph.items()):
            named = ox.NamedNode(graph)
            out.add(subset, VOID + "subset", named)
            out.add(named, RDF + "type", ox.NamedNode(VOID + "Dataset"))
            out.add(named, DCTERMS + "source", *(ox.NamedNode(document) for document in documents.get(graph, ())))
            _statistics(out, named, triples, partitions=False)

    unsummed: dict[str, bytes | None] = dict.fromkeys((DESCRIPTION_TURTLE, DESCRIPTION_JSONLD, checksums))
    for name, content in sorted({**files, **unsummed}.items()):
        part = name.split(".", 1)[0]
        owner = subsets.get(part, dataset)
        url = _distribution(out, name, content, metadata.version, _about(name, part in subsets, checksums))
        out.add(owner, DCAT + "distribution", url)
        if _is_dump(name, part in subsets):
            out.add(owner, VOID + "dataDump", url)
    return out.quads


def _dataset(out: _Triples, dataset: ox.NamedNode, metadata: ReleaseMetadata) -> None:
    """What the release is, its version, date, licences and the software that built it."""
    version = metadata.version
    out.add(dataset, RDF + "type", ox.NamedNode(VOID + "Dataset"), ox.NamedNode(DCAT + "Dataset"))
    out.add(
        dataset,
        DCTERMS + "title",
        ox.Literal(f"IPCO {version}: the Intelligence and Police Cooperation Ontology and its data", language="en"),
        ox.Literal(
            f"IPCO {version} : l'ontologie de la coopération renseignement et police et ses données", language="fr"
        ),
    )
    out.add(
        dataset,
        DCTERMS + "description",
        ox.Literal(
            "The IPCO ontology and its SHACL shapes, the knowledge graph built from public source documents "
            "(one named graph per document) and its OWL 2 RL inferences.",
            language="en",
        ),
        ox.Literal(
            "L'ontologie IPCO et ses formes SHACL, le graphe de connaissances tiré de documents sources publics "
            "(un graphe nommé par document) et ses inférences OWL 2 RL.",
            language="fr",
        ),
    )
    out.add(dataset, OWL + "versionInfo", ox.Literal(version))
    out.add(dataset, DCAT + "version", ox.Literal(version))
    out.add(dataset, DCTERMS + "isVersionOf", ox.NamedNode(DATASET))
    out.add(dataset, DCTERMS + "conformsTo", ox.NamedNode(metadata.version_iri))
    out.add(dataset, DCTERMS + "license", ox.NamedNode(CONTENT_LICENSE))
    issued = ox.Literal(metadata.issued, datatype=ox.NamedNode(XSD + "date"))
    out.add(dataset, DCTERMS + "issued", issued)
    out.add(dataset, DCTERMS + "modified", issued)  # a release does not change once issued
    out.add(dataset, VOID + "uriSpace", ox.Literal(IPCO_ID))
    activity, software = ox.BlankNode(), ox.BlankNode()
    out.add(dataset, PROV + "wasGeneratedBy", activity)
    out.add(activity, RDF + "type", ox.NamedNode(PROV + "Activity"))
    out.add(activity, PROV + "wasAssociatedWith", software)
    out.add(software, RDF + "type", ox.NamedNode(PROV + "SoftwareAgent"))
    out.add(software, RDFS + "label", ox.Literal(f"ipco {__version__}"))
    out.add(software, DCTERMS + "license", ox.NamedNode(CODE_LICENSE))


def _measurements(out: _Triples, dataset: ox.NamedNode, measures: Measures) -> None:
    """``ipco measure``'s figures of ``ipco-full`` as W3C Data Quality Vocabulary measurements, one
    metric IRI per figure (``https://w3id.org/ipco/measure/<figure>``)."""
    for name, figure in measures.figures().items():
        measurement = ox.BlankNode()
        out.add(dataset, DQV + "hasQualityMeasurement", measurement)
        out.add(measurement, RDF + "type", ox.NamedNode(DQV + "QualityMeasurement"))
        out.add(measurement, DQV + "isMeasurementOf", ox.NamedNode(MEASURE_METRICS + name))
        if isinstance(figure, int):
            value = _integer(figure)
        elif isinstance(figure, float):
            value = ox.Literal(f"{figure:.4f}", datatype=ox.NamedNode(XSD + "decimal"))
        else:
            value = ox.Literal(figure)
        out.add(measurement, DQV + "value", value)


class _Triples:
    """Collects triples in the default graph: ``add(subject, predicate IRI, *objects)``."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []

    def add(
        self,
        subject: ox.NamedNode | ox.BlankNode,
        predicate: str,
        *objects: ox.NamedNode | ox.BlankNode | ox.Literal,
    ) -> None:
        for value in objects:
            self.quads.append(ox.Quad(subject, ox.NamedNode(predicate), value))


def _integer(value: int, datatype: str = XSD + "integer") -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(datatype))


def _statistics(out: _Triples, subset: ox.NamedNode, triples: set[ox.Triple], *, partitions: bool) -> None:
    """``void:triples``, ``void:classes``, ``void:properties``, distinct subjects and objects, and
    with ``partitions`` one class partition (instances) and one property partition (triples) each."""
    instances: dict[str, set[str]] = {}
    per_property: Counter[str] = Counter()
    for triple in triples:
        per_property[triple.predicate.value] += 1
        if triple.predicate.value == RDF + "type" and isinstance(triple.object, ox.NamedNode):
            instances.setdefault(triple.object.value, set()).add(str(triple.subject))
    out.add(subset, VOID + "triples", _integer(len(triples)))
    out.add(subset, VOID + "classes", _integer(len(instances)))
    out.add(subset, VOID + "properties", _integer(len(per_property)))
    out.add(subset, VOID + "distinctSubjects", _integer(len({t.subject for t in triples})))
    out.add(subset, VOID + "distinctObjects", _integer(len({t.object for t in triples})))
    if not partitions:
        return
    for class_, members in sorted(instances.items()):
        partition = ox.BlankNode()
        out.add(subset, VOID + "classPartition", partition)
        out.add(partition, VOID + "class", ox.NamedNode(class_))
        out.add(partition, VOID + "entities", _integer(len(members)))
    for property_, count in sorted(per_property.items()):
        partition = ox.BlankNode()
        out.add(subset, VOID + "propertyPartition", partition)
        out.add(partition, VOID + "property", ox.NamedNode(property_))
        out.add(partition, VOID + "triples", _integer(count))


def _vocabularies(triples: Iterable[ox.Triple]) -> list[str]:
    """The namespaces of the vocabularies (those that give JSON-LD keys) whose terms are predicates
    or classes in ``triples``: the ``void:vocabulary`` of the release."""
    terms = set()
    for triple in triples:
        terms.add(triple.predicate.value)
        if triple.predicate.value == RDF + "type" and isinstance(triple.object, ox.NamedNode):
            terms.add(triple.object.value)
    used = set()
    for term in terms:
        for prefix in VOCABULARY_PRIORITY:
            if term.startswith(PREFIXES[prefix]) and (prefix != "ipco" or is_ipco_term(term)):
                used.add(PREFIXES[prefix])
                break
    return sorted(used)


def _documents(data: list[ox.Quad]) -> dict[str, list[str]]:
    """Named graph → the source documents whose ``ipco:statedInGraph`` it is."""
    stated: dict[str, list[str]] = {}
    for quad in data:
        document, graph = quad.subject, quad.object
        stating = quad.predicate.value == IPCO + "statedInGraph"
        if stating and isinstance(document, ox.NamedNode) and isinstance(graph, ox.NamedNode):
            stated.setdefault(graph.value, []).append(document.value)
    return {graph: sorted(set(documents)) for graph, documents in sorted(stated.items())}


def _about(name: str, of_part: bool, checksums: str) -> tuple[str, str | None]:
    """What the file ``name`` holds, in a sentence, and the JSON-LD profile it follows."""
    syntax = syntax_for_path(name)
    if name in VIEW_FILES:
        return VIEW_FILES[name]
    if name == checksums:
        return "SHA-256 checksums of every other file of the release, for sha256sum --check.", None
    if name in (DESCRIPTION_TURTLE, DESCRIPTION_JSONLD):
        return "This description of the release (VoID and DCAT).", None
    if of_part and name.endswith(".compact.jsonld"):
        return f"The {name.split('.')[0]} part of the release, compacted JSON-LD.", "compacted"
    if of_part and name.split(".")[0] in PURPOSES:
        return f"{name.split('.')[0]}: {PURPOSES[name.split('.')[0]]}; {syntax.name if syntax else ''}.", None
    if of_part and syntax is not None:
        return f"The {name.split('.')[0]} part of the release, {syntax.name}.", None
    if syntax in _DATASET_SYNTAXES:
        return "The whole release: one named graph per part and per data file.", None
    return "A file of the release.", None


def _is_dump(name: str, of_part: bool) -> bool:
    """True for the files that hold all the triples of what they are a distribution of."""
    syntax = syntax_for_path(name)
    return (syntax is not None and of_part) or syntax in _DATASET_SYNTAXES


def _distribution(
    out: _Triples, name: str, content: bytes | None, version: str, about: tuple[str, str | None]
) -> ox.NamedNode:
    """The ``dcat:Distribution`` of one file, identified by its download URL; size and checksum
    when ``content`` is given."""
    url = ox.NamedNode(download_url(version, name))
    syntax = syntax_for_path(name)
    text, profile = about
    out.add(url, RDF + "type", ox.NamedNode(DCAT + "Distribution"))
    out.add(url, DCTERMS + "title", ox.Literal(name))
    out.add(url, DCTERMS + "description", ox.Literal(text, language="en"))
    out.add(url, DCAT + "downloadURL", url)
    media_type = syntax.media_type if syntax is not None else _OTHER_MEDIA_TYPES.guess_type(name)[0] or "text/plain"
    out.add(url, DCAT + "mediaType", ox.NamedNode(IANA_MEDIA_TYPES + media_type))
    out.add(url, DCTERMS + "license", ox.NamedNode(CONTENT_LICENSE))
    if profile is not None:
        out.add(url, DCTERMS + "conformsTo", ox.NamedNode(JSONLD_PROFILES + profile))
    if content is None:
        return url
    out.add(url, DCAT + "byteSize", _integer(len(content), XSD + "nonNegativeInteger"))
    checksum = ox.BlankNode()
    out.add(url, SPDX + "checksum", checksum)
    out.add(checksum, RDF + "type", ox.NamedNode(SPDX + "Checksum"))
    out.add(checksum, SPDX + "algorithm", ox.NamedNode(SPDX + "checksumAlgorithm_sha256"))
    digest = ox.Literal(hashlib.sha256(content).hexdigest(), datatype=ox.NamedNode(XSD + "hexBinary"))
    out.add(checksum, SPDX + "checksumValue", digest)
    return url
