"""The W3C RDF 1.1 syntax test suites (tests/w3c/rdf/rdf11), run through IPCO's loader.

Negative tests must be rejected with a LoadError, positive ones accepted, and evaluation tests must
give a dataset isomorphic to the expected N-Triples / N-Quads. Tests are read from the manifests,
so a new suite version runs without editing this file.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection

from conftest import W3C
from ipco.errors import LoadError
from ipco.load import parse_bytes
from ipco.syntaxes import NQUADS, NTRIPLES, RDFXML, TRIG, TURTLE, RdfSyntax

SUITES = W3C / "rdf" / "rdf11"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")
SYNTAX_OF_SUITE = {
    "rdf-turtle": TURTLE,
    "rdf-n-triples": NTRIPLES,
    "rdf-n-quads": NQUADS,
    "rdf-trig": TRIG,
    "rdf-xml": RDFXML,
}
GRAPH = "urn:test:default"

# Tests that fail for a reason outside IPCO, with that reason.
_XML_C14N = "pyoxigraph keeps rdf:parseType='Literal' content as written, without Exclusive XML Canonicalization"
KNOWN_FAILURES: dict[str, str] = {
    "rdf-xml/xml-canon-test001": _XML_C14N,
    "rdf-xml/xml-canon-test002": _XML_C14N,
}


def _cases() -> list[pytest.param]:  # type: ignore[name-defined]
    cases = []
    for suite, syntax in SYNTAX_OF_SUITE.items():
        manifest_path = SUITES / suite / "manifest.ttl"
        here = f"http://manifest.invalid/{suite}/"
        manifest = Graph().parse(manifest_path, format="turtle", publicID=here)
        (root,) = manifest.subjects(RDF.type, MF.Manifest)
        base = str(manifest.value(root, MF.assumedTestBase) or "")
        for entry in Collection(manifest, manifest.value(root, MF.entries)):
            kind = str(manifest.value(entry, RDF.type)).rsplit("#", 1)[-1]
            action = str(manifest.value(entry, MF.action)).removeprefix(here)
            result = manifest.value(entry, MF.result)
            expected = str(result).removeprefix(here) if isinstance(result, URIRef) else None
            name = f"{suite}/{str(manifest.value(entry, MF.name) or entry).rsplit('#', 1)[-1]}"
            marks = [pytest.mark.xfail(reason=KNOWN_FAILURES[name], strict=True)] if name in KNOWN_FAILURES else []
            cases.append(pytest.param(suite, syntax, kind, action, expected, base, id=name, marks=marks))
    return cases


def _parse(suite: str, syntax: RdfSyntax, file: str, base: str) -> list[ox.Quad]:
    path = SUITES / suite / file
    return parse_bytes(path.read_bytes(), syntax, str(path), GRAPH, base_iri=base + file)


def _canonical(quads: list[ox.Quad]) -> set[str]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


CASES = _cases()


@pytest.mark.parametrize(("suite", "syntax", "kind", "action", "expected", "base"), CASES)
def test_w3c_syntax(suite: str, syntax: RdfSyntax, kind: str, action: str, expected: str | None, base: str) -> None:
    if "NegativeSyntax" in kind or "NegativeEval" in kind:
        with pytest.raises(LoadError):
            _parse(suite, syntax, action, base)
        return
    quads = _parse(suite, syntax, action, base)
    if "Eval" in kind and expected:
        result_syntax = NQUADS if expected.endswith(".nq") else NTRIPLES
        wanted = parse_bytes((SUITES / suite / expected).read_bytes(), result_syntax, expected, GRAPH)
        assert _canonical(quads) == _canonical(wanted)


def test_the_suites_are_all_there() -> None:
    """Guard against a silently empty parametrisation: every suite has tests."""
    assert {c.values[0] for c in CASES} == set(SYNTAX_OF_SUITE)
    assert len(CASES) > 900
