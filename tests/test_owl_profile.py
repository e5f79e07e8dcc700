"""OWL API (an implementation IPCO did not write) on the release variants: no missing import, and
``ipco-full`` and ``data-full`` in OWL 2 RL and DL. Needs ``java``, ``javac`` and Debian's libowlapi-java
(``make owlapi``); skipped, saying which is missing, without them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from ipco.namespaces import ONTOLOGY_IRI, OWL
from ipco.publish.variants import BASE, DATA_FULL, FULL

HARNESS = Path(__file__).parent / "owlapi" / "ProfileCheck.java"
OWLAPI_JARS = Path("/usr/share/java")
CLASSPATH_GLOB = f"{OWLAPI_JARS}/*"


@pytest.fixture(scope="module")
def profile_check(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The harness compiled into a temporary folder."""
    for tool in ("java", "javac"):
        if shutil.which(tool) is None:
            pytest.skip(f"`{tool}` is missing: install a JDK (sudo apt-get install default-jdk-headless)")
    if not list(OWLAPI_JARS.glob("owlapi-distribution*.jar")):
        pytest.skip(f"the OWL API jars are missing from {OWLAPI_JARS}: run `make owlapi`")
    classes = tmp_path_factory.mktemp("profile-check")
    subprocess.run(["javac", "-d", str(classes), "-cp", CLASSPATH_GLOB, str(HARNESS)], check=True, timeout=300)
    return classes


def _check(classes: Path, ontology: Path) -> list[list[str]]:
    run = subprocess.run(
        ["java", "-cp", f"{classes}:{CLASSPATH_GLOB}", "ProfileCheck", str(ontology)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return [line.split("\t") for line in run.stdout.splitlines()]


@pytest.mark.parametrize("variant", [FULL, DATA_FULL])
def test_variant_loads_alone_in_owl_api(release: Path, profile_check: Path, variant: str) -> None:
    lines = _check(profile_check, release / f"{variant}.ttl")
    assert [line for line in lines if line[0] == "missing-import"] == []
    assert ["ontology", ONTOLOGY_IRI] in lines


@pytest.mark.parametrize("variant", [FULL, DATA_FULL])
def test_full_variants_are_in_owl_2_rl_and_dl(release: Path, profile_check: Path, variant: str) -> None:
    """``data-full`` too: its dates, durations and tagged strings are values of annotation
    properties, and its evidence nodes are ``ipco:FactStatement`` (not the reserved ``rdf:Statement``)."""
    lines = _check(profile_check, release / f"{variant}.ttl")
    violations = [line for line in lines if line[0] in ("OWL 2 RL", "OWL 2 DL")]
    assert violations == []


def test_base_ontology_declares_what_it_uses_and_is_in_owl_2_rl_and_dl(
    release: Path, profile_check: Path, tmp_path: Path
) -> None:
    """``ipco-base`` imports ORG and PROV-O by IRI; without them (no network here, so its
    ``owl:imports`` are dropped first) it still declares every term it uses, as their kinds there."""
    triples = [t for t in ox.parse(path=str(release / f"{BASE}.ttl")) if t.predicate.value != OWL + "imports"]
    alone = tmp_path / "ipco-base-without-imports.nt"
    alone.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    lines = _check(profile_check, alone)
    assert [line for line in lines if line[0] in ("OWL 2 RL", "OWL 2 DL", "missing-import")] == []
    assert ["ontology", ONTOLOGY_IRI] in lines
