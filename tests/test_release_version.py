"""One version for the release: the package, the ontology (hub and modules) and the description
agree, so bumping one without the others fails here."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conftest import ROOT
from ipco import __version__, namespaces
from ipco.atomic import RELEASE_MARKER
from ipco.namespaces import ONTOLOGY_IRI, RELEASE, dataset_iri
from ipco.publish.describe import DESCRIPTION_TURTLE

DCAT = Namespace(namespaces.DCAT)  # rdflib's is DCAT 2, without dcat:version


def disagreements(ontology_dir: Path, version: str) -> list[str]:
    """Where the ontology files state a version other than ``version``."""
    found = []
    for path in sorted(ontology_dir.rglob("*.ttl")):
        if "imports" in path.parts:
            continue
        graph = Graph().parse(path)
        for module in graph.subjects(RDF.type, OWL.Ontology):
            if graph.value(module, OWL.versionIRI) != URIRef(f"{module}/{version}"):
                found.append(f"{path.name}: owl:versionIRI {graph.value(module, OWL.versionIRI)}")
            if graph.value(module, OWL.versionInfo) not in (None, Literal(version)):
                found.append(f"{path.name}: owl:versionInfo {graph.value(module, OWL.versionInfo)}")
    return found


def test_the_ontology_states_the_package_version() -> None:
    hub = Graph().parse(ROOT / "ontology" / "ipco.ttl")
    assert hub.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo) == Literal(__version__)
    assert disagreements(ROOT / "ontology", __version__) == []


def test_a_module_left_behind_is_caught(tmp_path: Path) -> None:
    copy = shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    module = copy / "legal.ttl"
    module.write_text(module.read_text().replace(f"legal/{__version__}>", "legal/0.0.9>"))
    assert disagreements(copy, __version__) == ["legal.ttl: owl:versionIRI https://w3id.org/ipco/ontology/legal/0.0.9"]
    assert disagreements(copy, "9.9.9") != []  # the package bumped alone


def test_the_package_version_is_the_one_hatch_builds() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()  # tomllib is Python 3.11+, IPCO supports 3.10
    assert re.search(r'^dynamic = \["version"\]$', pyproject, re.MULTILINE)
    assert re.search(r'^\[tool\.hatch\.version\]\npath = "src/ipco/__init__\.py"$', pyproject, re.MULTILINE)


def test_the_release_description_states_the_same_version(release: Path) -> None:
    description = Graph().parse(release / DESCRIPTION_TURTLE)
    dataset = URIRef(dataset_iri(__version__))
    assert description.value(dataset, OWL.versionInfo) == Literal(__version__)
    assert description.value(dataset, DCAT.version) == Literal(__version__)
    assert {str(o) for o in description.objects(None, DCAT.downloadURL)} == {
        f"{RELEASE}{__version__}/{p.relative_to(release).as_posix()}"
        for p in release.rglob("*")
        if p.is_file()
        and not p.relative_to(release).as_posix().startswith("site/")  # pages, not distributions
        and p.name != RELEASE_MARKER
    }
    labels = {str(o) for o in description.objects(None, RDFS.label)}
    assert labels == {f"ipco {__version__}"}
    released_hub = Graph().parse(release / "ontology.nt")
    assert released_hub.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{__version__}")
