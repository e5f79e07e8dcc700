"""The DASH validation tests pySHACL ships in its sdist, through IPCO's fast engine and pySHACL.

Tests the team did not write: ``pip download --no-deps --no-binary :all: pyshacl==0.40.1`` and
unpack; its ``test/resources/dash_tests`` holds ``*.test.ttl`` files, each data, shapes and a
``dash:GraphValidationTestCase`` with the expected report in one graph. A test passes when the
top-level results, as (focus node, path, constraint component, severity, source shape, value),
equal the expected ones (blank nodes compared as such; a custom severity counts as a violation, as
IPCO reports it). Both engines run as IPCO runs them: no
inference. Nothing is fetched.

    python scripts/dash_conformance.py /tmp/pyshacl-0.40.1/test/resources/dash_tests/{core,sparql}
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Namespace
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ipco.convert import to_rdflib_graph
from ipco.engines.shacl_sparql import load_store, validate_fast
from ipco.report import Severity
from ipco.validate import path_text

DASH = Namespace("http://datashapes.org/dash#")
Key = tuple[str, str, str, str, str, str]


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


def _fast(quads: list[ox.Quad], graph: Graph) -> Counter[Key]:
    outcome = validate_fast(load_store(quads), graph)
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


def _pyshacl(graph: Graph) -> Counter[Key]:
    _, report, _ = pyshacl.validate(
        graph, shacl_graph=graph, inference="none", advanced=True, allow_warnings=True, allow_infos=True
    )
    assert isinstance(report, Graph)
    return _report_keys(report, next(report.subjects(RDF.type, SH.ValidationReport)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    passed = {"ipco": 0, "pyshacl": 0}
    files = sorted(f for folder in args.folders for f in folder.rglob("*.test.ttl"))
    for file in files:
        quads = list(ox.parse(path=file, format=ox.RdfFormat.TURTLE, base_iri=file.as_uri()))
        graph = to_rdflib_graph(quads)
        expected = _report_keys(graph, graph.value(None, DASH.expectedResult))
        verdicts = []
        for engine in ("ipco", "pyshacl"):
            try:
                found = _fast(quads, graph) if engine == "ipco" else _pyshacl(graph)
            except Exception as error:  # a line of the report, never a crash
                verdicts.append(f"{engine}: error {type(error).__name__}: {str(error)[:80]}")
                continue
            ok = found == expected
            passed[engine] += ok
            verdicts.append(f"{engine}: {'pass' if ok else 'FAIL'}")
        print(f"{file.relative_to(file.parents[2])}: {'; '.join(verdicts)}")
    print(f"{len(files)} tests: ipco {passed['ipco']} pass, pyshacl {passed['pyshacl']} pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
