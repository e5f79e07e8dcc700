"""The SHACL 1.2 Core draft's own tests for the components the fast engine runs (sh:singleLine,
sh:rootClass, sh:subsetOf, sh:someValue, the list components), data-driven from
``tests/w3c/shacl12-test-suite`` (vendored, commits in tests/w3c/README.md; ``tests/w3c/vendor.py``
copies a newer one from ``../shared/w3c/shacl12-test-suite``).

A test passes as in ``test_w3c_shacl``: the multiset of top-level results (focus node, path,
component, severity, source shape, value) equals the expected one; and each expected result with
``sh:detail`` has its details, as (focus node, component, value), in the result found. The draft's
tests disagree with each other in places; those are strict xfails with the reason (``DRAFT_BUGS``).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, BNode, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

from conftest import W3C
from ipco.convert import to_rdflib_graph
from ipco.engines.shacl_sparql import load_store, validate_fast
from ipco.namespaces import SH_NS as SH
from ipco.report import Severity, ValidationResult
from ipco.validate import path_text

SUITE = W3C / "shacl12-test-suite" / "tests" / "core"
#: The draft tests of the components the fast engine runs, by file name.
COMPONENTS = (
    "singleLine",
    "rootClass",
    "memberShape",
    "minListLength",
    "maxListLength",
    "uniqueMembers",
    "subsetOf",
    "someValue",
)
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
#: Draft tests whose expected report contradicts the draft's text or its other tests.
DRAFT_BUGS: dict[str, str] = {
    "property/memberShape-002": "expects no sh:value; memberShape-001 and the text give the list as sh:value",
    "property/memberShape-003": "expects no sh:value for an ill-formed list; uniqueMembers-001 gives it",
    "property/memberShape-004": "one result per failing member, the older reading; memberShape-001: one per list",
    "property/maxListLength-001": "expects sh:sourceShape ex:PersonShape, the node shape, for its blank property shape",
}

Key = tuple[str, ...]


def _cases() -> list[Path]:
    if not SUITE.is_dir():
        return []
    return sorted(p for p in SUITE.glob("*/*.ttl") if p.name.split("-")[0] in COMPONENTS and "incomplete" not in p.name)


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _text(node: Node | None) -> str:
    if node is None:
        return ""
    return f"_:{node}" if isinstance(node, BNode) else node.n3()


def _expected(graph: Graph) -> tuple[Counter[Key], list[tuple[Key, Counter[Key]]]]:
    """The expected top-level keys, and the details of those that have some."""
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    entry = next(iter(Collection(graph, graph.value(manifest, MF.entries))))
    keys: Counter[Key] = Counter()
    detailed = []
    for result in graph.objects(graph.value(entry, MF.result), SH.result):
        path = graph.value(result, SH.resultPath)
        key = (
            _text(graph.value(result, SH.focusNode)),
            path_text(graph, path) if path is not None else "",
            str(graph.value(result, SH.sourceConstraintComponent)),
            Severity.from_iri(str(graph.value(result, SH.resultSeverity))).iri,
            _text(graph.value(result, SH.sourceShape)),
            _text(graph.value(result, SH.value)),
        )
        keys[key] += 1
        details = list(graph.objects(result, SH.detail))
        if details:
            detailed.append((key, Counter(_detail_key(graph, d) for d in details)))
    return keys, detailed


def _detail_key(graph: Graph, detail: Node) -> Key:
    component = str(graph.value(detail, SH.sourceConstraintComponent))
    return (_text(graph.value(detail, SH.focusNode)), component, _text(graph.value(detail, SH.value)))


def _key(result: ValidationResult) -> Key:
    return (
        _text(result.focus),
        result.path_text or "",
        result.component,
        result.severity.iri,
        _text(result.source_shape),
        _text(result.value),
    )


@cache
def _quads(path: Path) -> tuple[ox.Quad, ...]:
    """The file parsed once, so that its blank nodes are the same in the data, shapes and report."""
    return tuple(ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))


def _fast(path: Path) -> list[ValidationResult]:
    """The file as data and shapes graph, through the fast engine alone."""
    quads = _quads(path)
    outcome = validate_fast(load_store(quads), to_rdflib_graph(quads))
    assert not outcome.unsupported, outcome.reasons
    return outcome.results


CASES = [
    pytest.param(path, id=_name(path), marks=[pytest.mark.xfail(reason=DRAFT_BUGS[_name(path)], strict=True)])
    if _name(path) in DRAFT_BUGS
    else pytest.param(path, id=_name(path))
    for path in _cases()
]


def test_the_draft_tests_are_vendored() -> None:
    """Every component IPCO runs has the draft's tests here (tests/w3c/README.md lists the commits)."""
    assert {path.name.split("-")[0] for path in _cases()} == set(COMPONENTS)
    assert len(_cases()) == 16


@pytest.mark.parametrize("path", CASES)
def test_fast_engine_passes_the_draft_test(path: Path) -> None:
    graph = to_rdflib_graph(_quads(path))
    expected, detailed = _expected(graph)
    results = _fast(path)
    assert Counter(_key(r) for r in results) == expected
    for key, details in detailed:
        found = [Counter(_detail_key_of(d) for d in r.details) for r in results if _key(r) == key]
        assert details in found, (key, found)


def _detail_key_of(result: ValidationResult) -> Key:
    return (_text(result.focus), result.component, _text(result.value))
