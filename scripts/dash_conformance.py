"""The DASH tests pySHACL ships in its sdist, through IPCO's fast engine and pySHACL.

Tests the team did not write: ``pip download --no-deps --no-binary :all: pyshacl==0.40.1`` and
unpack; its ``test/resources/dash_tests`` holds ``*.test.ttl`` files, each data, shapes and a test
case in one graph (``tests/pyshacl_suite`` vendors them, with pySHACL's licence). Three kinds:

- ``dash:GraphValidationTestCase``: passes when the top-level results, as (focus node, path,
  constraint component, severity, source shape, value), equal the expected ones (blank nodes
  compared as such; a custom severity counts as a violation, as IPCO reports it);
- ``dash:InferencingTestCase`` (SHACL-AF rules): passes when every expected triple is in the data
  graph once the rules have run; the fast engine's inferred triples are also compared with
  pySHACL's (``--rules``'s promise: pySHACL's ``-a`` result);
- ``dash:FunctionTestCase`` (SHACL-AF functions): passes when the expression gives the expected value.

Both engines run as IPCO runs them: no inference, SHACL-AF on (pySHACL's ``advanced=True``). A
test file may name its data graph (``person2schema.test.ttl`` validates ``person.ttl``, as in
pySHACL's own runner). Nothing is fetched.

    python scripts/dash_conformance.py tests/pyshacl_suite/dash_tests
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ipco.convert import to_rdflib_graph, to_rdflib_term
from ipco.engines.shacl_functions import gather_functions, register_functions
from ipco.engines.shacl_ontology import ClassIndex
from ipco.engines.shacl_rules import apply_rules, has_rules
from ipco.engines.shacl_sparql import Evaluator, load_store, validate_fast
from ipco.report import Severity
from ipco.validate import path_text

DASH = Namespace("http://datashapes.org/dash#")
Key = tuple[str, ...]
#: Test files whose data graph is another file (pySHACL's runner pairs them the same way).
DATA_FILES = {"person2schema.test.ttl": "person.ttl"}


def _text(node: Node | None) -> str:
    if node is None:
        return ""
    return "_" if isinstance(node, BNode) else node.n3()


def _report_keys(graph: Graph, report: Node | None) -> Counter[Key]:
    keys: Counter[Key] = Counter()
    for result in graph.objects(report, SH.result):
        path = graph.value(result, SH.resultPath)
        keys[
            (
                _text(graph.value(result, SH.focusNode)),
                path_text(graph, path) if path is not None else "",
                str(graph.value(result, SH.sourceConstraintComponent)),
                Severity.from_iri(str(graph.value(result, SH.resultSeverity))).iri,  # as IPCO reads it
                _text(graph.value(result, SH.sourceShape)),
                _text(graph.value(result, SH.value)),
            )
        ] += 1
    return keys


@dataclass
class Case:
    """One test file: its shapes (and test case) graph, its data, what kind of test it is."""

    file: Path
    quads: list[ox.Quad]
    graph: Graph
    data_quads: list[ox.Quad]
    data: Graph

    @classmethod
    def read(cls, file: Path) -> Case:
        quads = _parse(file)
        data_file = DATA_FILES.get(file.name)
        data_quads = _parse(file.with_name(data_file)) if data_file else quads
        graph, data = to_rdflib_graph(quads), to_rdflib_graph(data_quads)
        for prefix, namespace in Graph().parse(file, format="turtle").namespaces():
            for bound in (graph, data):  # as pySHACL's runner reads the file; IPCO's engine ignores them
                bound.bind(prefix, namespace)
        return cls(file, quads, graph, data_quads, data)

    def kind(self) -> str:
        for kind in ("GraphValidationTestCase", "InferencingTestCase", "FunctionTestCase"):
            if next(self.graph.subjects(RDF.type, DASH[kind]), None) is not None:
                return kind
        return "other"

    def expected_keys(self) -> Counter[Key]:
        return _report_keys(self.graph, self.graph.value(None, DASH.expectedResult))

    def expected_triples(self) -> set[tuple[Node, Node, Node]]:
        found = set()
        for case in self.graph.subjects(RDF.type, DASH.InferencingTestCase):
            for triple in self.graph.objects(case, DASH.expectedResult):
                s, p, o = (self.graph.value(triple, term) for term in (RDF.subject, RDF.predicate, RDF.object))
                if s is not None and p is not None and o is not None:
                    found.add((s, p, o))
        return found


def _parse(file: Path) -> list[ox.Quad]:
    return list(ox.parse(path=file, format=ox.RdfFormat.TURTLE, base_iri=file.as_uri()))


def fast_keys(case: Case) -> Counter[Key]:
    """The fast engine's report (rules applied first when the shapes graph has any)."""
    store = load_store(case.data_quads)
    rules = has_rules(case.graph)
    if rules:
        apply_rules(store, case.graph)
    outcome = validate_fast(store, case.graph, rules_applied=rules)
    if outcome.unsupported:
        raise NotImplementedError("; ".join(sorted(outcome.reasons.values())))
    return Counter(
        (
            _text(result.focus),
            result.path_text or "",
            result.component,
            result.severity.iri,
            _text(result.source_shape),
            _text(result.value),
        )
        for result in outcome.results
    )


def pyshacl_keys(case: Case) -> Counter[Key]:
    _, report, _ = pyshacl.validate(
        case.data,
        shacl_graph=case.graph,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
    )
    assert isinstance(report, Graph)
    return _report_keys(report, next(report.subjects(RDF.type, SH.ValidationReport)))


def fast_inferred(case: Case) -> set[tuple[Node, Node, Node]]:
    triples = apply_rules(load_store(case.data_quads), case.graph)
    return set(to_rdflib_graph(triples))


def pyshacl_inferred(case: Case) -> set[tuple[Node, Node, Node]]:
    expanded = pyshacl.shacl_rules(case.data, shacl_graph=case.graph, inference="none")
    assert isinstance(expanded, Graph)
    return {(quad[0], quad[1], quad[2]) for quad in expanded} - set(case.data)  # a Dataset: quads


def fast_function_results(case: Case) -> list[tuple[Node, Node | None]]:
    """Each function test's expected value and what the fast engine's functions give."""
    store = load_store(case.data_quads)
    evaluator = Evaluator(store, case.graph, None, ClassIndex(store))
    register_functions(evaluator.register, evaluator.substituted, gather_functions(case.graph))
    prefixes = {p: str(n) for p, n in case.graph.namespaces()}
    found = []
    for test in sorted(case.graph.subjects(RDF.type, DASH.FunctionTestCase), key=str):
        expected = case.graph.value(test, DASH.expectedResult)
        expression = str(case.graph.value(test, DASH.expression))
        answer = evaluator.substituted(f"SELECT ({expression} AS ?result) WHERE {{}}", prefixes, {})
        assert isinstance(answer, ox.QuerySolutions)
        value = next(iter(answer))[0]
        assert expected is not None
        found.append((expected, to_rdflib_term(value) if value is not None else None))
    return found


def _same(expected: tuple[Node, Node, Node], found: tuple[Node, Node, Node]) -> bool:
    """The triples are equal, literal objects compared by value as pySHACL's runner does
    (``order_graph_literal``): "56"^^xsd:decimal passes for an expected 56."""
    if expected[:2] != found[:2]:
        return False
    if isinstance(expected[2], Literal) and isinstance(found[2], Literal):
        return bool(expected[2].eq(found[2]))
    return expected[2] == found[2]


def verdict(case: Case, engine: str) -> bool:
    """True when ``engine`` ("ipco" or "pyshacl") passes the test."""
    kind = case.kind()
    if kind == "GraphValidationTestCase":
        return (fast_keys(case) if engine == "ipco" else pyshacl_keys(case)) == case.expected_keys()
    if kind == "InferencingTestCase":
        inferred = (fast_inferred(case) if engine == "ipco" else pyshacl_inferred(case)) | set(case.data)
        return all(any(_same(triple, found) for found in inferred) for triple in case.expected_triples())
    if kind == "FunctionTestCase" and engine == "ipco":
        return all(expected == value for expected, value in fast_function_results(case))
    if kind == "FunctionTestCase":
        valid, _, _ = pyshacl.validate(case.data, shacl_graph=case.graph, advanced=True, check_dash_result=True)
        return bool(valid)
    raise NotImplementedError(f"no runner for a {kind} test")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    passed = {"ipco": 0, "pyshacl": 0}
    files = sorted(f.resolve() for folder in args.folders for f in folder.rglob("*.test.ttl"))
    skipped = 0
    for file in files:
        case = Case.read(file)
        if case.kind() == "other":
            print(f"{file.relative_to(file.parents[2])}: skipped, not a validation, inferencing or function test")
            skipped += 1
            continue
        verdicts = []
        for engine in ("ipco", "pyshacl"):
            try:
                ok = verdict(case, engine)
            except Exception as error:  # a line of the report, never a crash
                verdicts.append(f"{engine}: error {type(error).__name__}: {str(error)[:100]}")
                continue
            passed[engine] += ok
            verdicts.append(f"{engine}: {'pass' if ok else 'FAIL'}")
        if case.kind() == "InferencingTestCase":
            try:
                same = fast_inferred(case) == pyshacl_inferred(case)
                verdicts.append("inferred triples: " + ("same as pySHACL" if same else "DIFFER from pySHACL"))
            except Exception as error:
                verdicts.append(f"inferred triples: not compared ({type(error).__name__})")
        print(f"{file.relative_to(file.parents[2])}: {'; '.join(verdicts)}")
    print(f"{len(files) - skipped} tests: ipco {passed['ipco']} pass, pyshacl {passed['pyshacl']} pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
