"""The W3C SHACL Core and SPARQL test suites (tests/w3c/data-shapes-test-suite/tests), run
through the fast engine alone (``ipco.engines.shacl_sparql``) and through pySHACL, as IPCO runs it.

A test passes when the multiset of top-level results, as (focus node, path, constraint component,
severity, source shape, value), equals the expected report's. The fast path must pass every test
pySHACL passes, and passes them all; the tests pySHACL fails are listed, with the reason, in
``KNOWN_FAILURES``.
Tests are read from the manifests, so a new suite version runs without editing this file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from pyshacl.errors import ValidationFailure
from rdflib import RDF, BNode, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

from conftest import W3C
from ipco.convert import to_rdflib_graph
from ipco.engines.shacl_sparql import load_store, validate_fast
from ipco.errors import InvalidShapes
from ipco.namespaces import SH_NS as SH
from ipco.report import Severity, ValidationResult
from ipco.validate import path_text

SUITE = W3C / "data-shapes-test-suite" / "tests"
#: Core and SPARQL (SPARQL-based constraints and components): the fast engine runs both alone.
SUITES = ("core", "sparql")
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

Key = tuple[str, str, str, str, str, str]

#: Tests that pySHACL fails, with the reason; the fast engine passes them all.
KNOWN_FAILURES: dict[str, str] = {
    "core/property/uniqueLang-002": 'pySHACL reads sh:uniqueLang "1"^^xsd:boolean as true; the test expects it ignored',
    "sparql/node/prefixes-001": "pySHACL does not find sh:prefixes declared through the shapes graph's owl:imports",
    "sparql/pre-binding/shapesGraph-001": "pySHACL does not support $shapesGraph in SPARQL constraints",
}


@dataclass(frozen=True)
class Case:
    """One sht:Validate entry: where its graphs are and what report it expects."""

    name: str
    manifest: Path
    entry: Node
    data: Path
    shapes: Path


def _manifest_files(manifest: Path) -> list[Path]:
    graph = _graph(manifest)
    found = [manifest]
    for included in graph.objects(None, MF.include):
        found += _manifest_files(Path(str(included).removeprefix("file://")))
    return found


def _cases() -> list[Case]:
    cases = []
    for suite in SUITES:
        cases += _suite_cases(suite)
    return cases


def _suite_cases(suite: str) -> list[Case]:
    cases = []
    for manifest in _manifest_files(SUITE / suite / "manifest.ttl"):
        graph = _graph(manifest)
        for entries in graph.objects(None, MF.entries):
            for entry in Collection(graph, entries):
                if (entry, RDF.type, SHT.Validate) not in graph:
                    continue
                action = graph.value(entry, MF.action)
                data, shapes = graph.value(action, SHT.dataGraph), graph.value(action, SHT.shapesGraph)
                name = str(manifest.relative_to(SUITE).parent / str(entry).rsplit("/", 1)[-1])
                cases.append(Case(name, manifest, entry, _path(data), _path(shapes)))
    return cases


def _path(node: Node | None) -> Path:
    assert node is not None
    return Path(str(node).removeprefix("file://"))


@cache
def _quads(path: Path) -> tuple[ox.Quad, ...]:
    """A file as IPCO reads it (pyoxigraph, literals as written), parsed once, so that its blank
    nodes keep their identity across the data, the shapes and the expected report."""
    return tuple(ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))


@cache
def _graph(path: Path) -> Graph:
    """The file as IPCO hands it to pySHACL (``ipco.convert``: no literal normalised)."""
    return to_rdflib_graph(_quads(path))


def _copy(graph: Graph) -> Graph:
    """A copy with the same blank nodes and prefixes (pySHACL adds triples to its shapes graph)."""
    copy = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    copy += graph
    return copy


def _text(node: Node | None, bnodes: bool) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}" if bnodes else "_"
    return node.n3()


def _report_keys(report: Graph, node: Node | None, bnodes: bool) -> Counter[Key]:
    """The top-level results of a report graph (its sh:result values, not their sh:detail)."""
    keys: Counter[Key] = Counter()
    for result in report.objects(node, SH.result):
        path = report.value(result, SH.resultPath)
        keys[
            (
                _text(report.value(result, SH.focusNode), bnodes),
                path_text(report, path) if path is not None else "",
                str(report.value(result, SH.sourceConstraintComponent)),
                Severity.from_iri(str(report.value(result, SH.resultSeverity))).iri,  # as ipco reads it
                _text(report.value(result, SH.sourceShape), bnodes),
                _text(report.value(result, SH.value), bnodes),
            )
        ] += 1
    return keys


def _result_keys(results: list[ValidationResult], bnodes: bool) -> Counter[Key]:
    return Counter(
        (
            _text(r.focus, bnodes),
            r.path_text or "",
            r.component,
            r.severity.iri,
            _text(r.source_shape, bnodes),
            _text(r.value, bnodes),
        )
        for r in results
    )


def _pyshacl(data: Graph, shapes: Graph) -> Graph:
    _, report, _ = pyshacl.validate(
        _copy(data),
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
        do_owl_imports=False,
    )
    if isinstance(report, Exception):  # pySHACL returns, rather than raises, a ValidationFailure
        raise report
    assert isinstance(report, Graph)
    return report


def _pyshacl_keys(data: Graph, shapes: Graph, bnodes: bool) -> Counter[Key]:
    report = _pyshacl(data, shapes)
    return _report_keys(report, report.value(None, RDF.type, SH.ValidationReport), bnodes)


def _fast_keys(case: Case, bnodes: bool) -> tuple[Counter[Key], list[Node]]:
    data, shapes = _graph(case.data), _copy(_graph(case.shapes))
    store = load_store(_quads(case.data))
    outcome = validate_fast(store, shapes, data_namespaces=data.namespace_manager)
    assert not outcome.unsupported, outcome.reasons  # the fast engine runs every test alone
    return _result_keys(outcome.results, bnodes), outcome.unsupported


def _expects_failure(case: Case) -> bool:
    """sht:Failure: the processor must refuse the test (malformed shapes)."""
    return _graph(case.manifest).value(case.entry, MF.result) == SHT.Failure


def _expected(case: Case, bnodes: bool) -> Counter[Key]:
    manifest = _graph(case.manifest)
    return _report_keys(manifest, manifest.value(case.entry, MF.result), bnodes)


def _same_file(case: Case) -> bool:
    """Blank nodes are comparable (same identifiers) when the whole test is one file."""
    return case.data == case.shapes == case.manifest


pytestmark = pytest.mark.slow  # about 20 s: every test through two engines

CASES = _cases()
PARAMS = [pytest.param(case, id=case.name) for case in CASES]
PYSHACL_PARAMS = [
    pytest.param(case, id=case.name, marks=[pytest.mark.xfail(reason=KNOWN_FAILURES[case.name], strict=True)])
    if case.name in KNOWN_FAILURES
    else pytest.param(case, id=case.name)
    for case in CASES
]


@pytest.mark.parametrize("case", PARAMS)
def test_fast_engine(case: Case) -> None:
    if _expects_failure(case):  # the shapes are not valid SHACL: the fast engine refuses them
        with pytest.raises(InvalidShapes):
            _fast_keys(case, False)
        return
    found, _ = _fast_keys(case, _same_file(case))
    assert found == _expected(case, _same_file(case))


@pytest.mark.parametrize("case", PYSHACL_PARAMS)
def test_pyshacl(case: Case) -> None:
    """The reference, as IPCO runs it: the fast engine must not do worse."""
    bnodes = _same_file(case)
    if _expects_failure(case):
        with pytest.raises(ValidationFailure):
            _pyshacl_keys(_graph(case.data), _copy(_graph(case.shapes)), bnodes)
        return
    assert _pyshacl_keys(_graph(case.data), _copy(_graph(case.shapes)), bnodes) == _expected(case, bnodes)


def test_fast_engine_covers_the_core_suite() -> None:
    """The fast path itself, not its pySHACL fallback, validates every core test shape."""
    core = [case for case in CASES if case.name.startswith("core/")]
    assert core
    assert [case.name for case in core if _fast_keys(case, False)[1]] == []


SPARQL_CASES = [
    pytest.param(case, id=case.name)
    for case in CASES
    if case.name.startswith("sparql/") and case.name not in KNOWN_FAILURES and not _expects_failure(case)
]


@pytest.mark.parametrize("case", SPARQL_CASES)
def test_fast_engine_equals_pyshacl_on_sparql(case: Case) -> None:
    """Every SHACL-SPARQL test pySHACL passes: the same results, field by field (not only the
    same verdict against the expected report)."""
    bnodes = _same_file(case)
    found, _ = _fast_keys(case, bnodes)
    assert found == _pyshacl_keys(_graph(case.data), _copy(_graph(case.shapes)), bnodes)


def test_the_suites_are_all_there() -> None:
    """Guard against a silently empty parametrisation: both vendored suites have tests."""
    assert {case.name.split("/", 1)[0] for case in CASES} == set(SUITES)
    assert len(CASES) > 100
