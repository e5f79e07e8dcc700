"""The only place where IPCO's IRIs and prefixes are defined.

Every module imports its namespaces from here so that an IRI typo is a NameError, not a silent
new term, and so that every output binds the same, short list of prefixes.
"""

from __future__ import annotations

from rdflib import Namespace

IPCO = "https://w3id.org/ipco/"
IPCO_ID = IPCO + "id/"
IPCO_VOCAB = IPCO + "vocab/"
IPCO_SHAPES = IPCO + "shapes/"
IPCO_GRAPH = IPCO + "graph/"
ONTOLOGY_IRI = IPCO + "ontology"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
#: W3C Web Annotation: the selectors of the data's passage-level evidence (not a bound prefix).
OA = "http://www.w3.org/ns/oa#"

#: Prefixes bound in every serialisation IPCO writes, and nothing else.
PREFIXES: dict[str, str] = {
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "ipco": IPCO,
    "ipcoid": IPCO_ID,
    "ipcosh": IPCO_SHAPES,
    "ipcov": IPCO_VOCAB,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "sh": SH,
    "skos": SKOS,
    "spdx": SPDX,
    "void": VOID,
    "xsd": XSD,
}

#: Evidence (``ipco.evidence``): the node of one fact as a document states it, and its three parts.
FACT_STATEMENT = IPCO + "FactStatement"
FACT_PARTS = (IPCO + "factSubject", IPCO + "factPredicate", IPCO + "factObject")
#: The release: the dataset each version describes in ``void.ttl``, and where its files are published.
DATASET = IPCO + "dataset"
RELEASE = IPCO + "release/"
#: Licences (see LICENSE): the ontology, shapes and data are CC BY 4.0, the code that builds them MIT.
CONTENT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
CODE_LICENSE = "http://spdx.org/licenses/MIT"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
#: JSON-LD 1.1 profile IRIs (https://www.w3.org/TR/json-ld11/#iana-considerations).
JSONLD_PROFILES = "http://www.w3.org/ns/json-ld#"

IPCO_NS = Namespace(IPCO)
IPCO_SHAPES_NS = Namespace(IPCO_SHAPES)
SH_NS = Namespace(SH)


def graph_iri(name: str) -> str:
    """IRI of the release's named graph called ``name`` (``ontology``, ``inferred``, a data slug…)."""
    return IPCO_GRAPH + name


def is_ipco_term(iri: str) -> bool:
    """True for IRIs of IPCO classes and properties (not instances, concepts, shapes or graphs)."""
    if not iri.startswith(IPCO):
        return False
    rest = iri[len(IPCO) :]
    return bool(rest) and "/" not in rest


def is_ipco_concept(iri: str) -> bool:
    """True for IRIs of IPCO's SKOS concept schemes and concepts."""
    return iri.startswith(IPCO_VOCAB) and len(iri) > len(IPCO_VOCAB)


def dataset_iri(version: str) -> str:
    """IRI of the dataset released as ``version`` (a version of ``DATASET``)."""
    return f"{DATASET}/{version}"


def download_url(version: str, file_name: str) -> str:
    """Where the file ``file_name`` of release ``version`` is published."""
    return f"{RELEASE}{version}/{file_name}"
