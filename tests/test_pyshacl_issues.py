"""pySHACL's issue regression tests (``tests/pyshacl_suite/issues``, from pySHACL 0.40.1's sdist,
Apache-2.0) replayed through the fast engine.

Each test module builds its graphs (inline, or from its files) and calls ``pyshacl.validate``.
Here that call is intercepted: pySHACL runs as the test expects (so the test's own assertions still
hold, and say that pySHACL passes it), and the fast engine validates the same data graph against the
same shapes graph, rules applied first when the call asks for SHACL-AF (``advanced=True``). The
fast engine must give pySHACL's verdict (with the call's ``allow_warnings``/``allow_infos``) and its
result set, as (focus node, path, component, severity, source shape, value) — except for the calls
listed in ``DIFFERENCES`` with the reason. Calls the fast engine cannot be compared on (RDFS or
OWL RL inference, a dataset, focus nodes or shapes chosen by the caller) are counted apart.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.error import URLError

import owlrl
import pyshacl
import pytest
from pyshacl.inference import CustomRDFSOWLRLSemantics, CustomRDFSSemantics
from pyshacl.rdfutil.inoculate import inoculate
from pyshacl.rdfutil.load import load_from_source
from rdflib import RDF, SH, Graph, Literal
from rdflib.graph import ConjunctiveGraph
from rdflib.term import _toPythonMapping

from conftest import ROOT, NetworkUsed
from ipco.convert import to_oxigraph_triples
from ipco.engines.shacl_rules import apply_rules, has_rules
from ipco.engines.shacl_sparql import load_store, validate_fast
from ipco.report import Severity
from test_pyshacl_suite import runner

ISSUES = ROOT / "tests" / "pyshacl_suite" / "issues"
MODULES = sorted([*ISSUES.glob("test_*.py"), *ISSUES.glob("test_*/test_*.py")])
#: Options under which the fast engine is not the same computation as pySHACL's.
_NOT_COMPARABLE = ("focus_nodes", "use_shapes", "sparql_mode", "js", "abort_on_first")
_SOURCES = ("shacl_graph", "ont_graph")
#: pySHACL's entailment regimes before validation (``RunType._run_pre_inference``).
_SEMANTICS = {
    "rdfs": CustomRDFSSemantics,
    "owlrl": owlrl.OWLRL_Semantics,
    "both": CustomRDFSOWLRLSemantics,
    "all": CustomRDFSOWLRLSemantics,
    "rdfsowlrl": CustomRDFSOWLRLSemantics,
}
#: Tests (module.function) where the fast engine's answer differs from pySHACL's, with the reason.
DIFFERENCES: dict[str, str] = {
    "test_170.test_170_3": "the query uses the prefixes dcat: and vcard:, which no sh:declare gives "
    "(https://www.w3.org/TR/shacl/#sparql-prefixes); pySHACL takes them from the ontology file's @prefix "
    "lines, the fast engine refuses the query (exit 2), as it does in pySHACL's DASH test sparql/node/prefixes-001",
    "test_286.test_286_a": 'the data\'s "EPL-2.0"^^xsd:string is the sh:in list\'s "EPL-2.0": in RDF 1.1 '
    "a simple literal is an xsd:string (https://www.w3.org/TR/rdf11-concepts/#section-Graph-Literal); "
    "rdflib, under pySHACL, tells them apart and reports a violation the fast engine does not",
}


@dataclass
class Call:
    """One ``pyshacl.validate`` call of a test, and what the fast engine made of it."""

    compared: bool
    note: str = ""
    same: bool = True
    test: str = ""  # module.function


def _keys(report: Graph) -> Counter[tuple[str, ...]]:
    return runner._report_keys(report, next(report.subjects(RDF.type, SH.ValidationReport)))


def _graph(source: Any, rdf_format: str | None, imports: bool = False) -> Graph:
    """A graph as pySHACL loads it: as a dataset (each import once), flattened; a graph the test
    loaded itself is taken as it is (pySHACL does not import into it again)."""
    if isinstance(source, Graph):
        return source
    loaded = load_from_source(source, rdf_format=rdf_format, multigraph=True, do_owl_imports=imports)
    flat = Graph()
    for quad in loaded.quads((None, None, None, None)) if isinstance(loaded, ConjunctiveGraph) else loaded:
        flat.add(quad[:3])
    return flat


def _compare(data_source: Any, options: dict[str, Any], answer: tuple[Any, Any, Any]) -> Call:
    """The fast engine on the call's graphs, against pySHACL's ``answer``."""
    chosen = [name for name in _NOT_COMPARABLE if options.get(name)]
    if chosen:
        return Call(False, ", ".join(chosen))
    data = _graph(data_source, options.get("data_graph_format"))
    shapes_source = options.get("shacl_graph")
    imports = bool(options.get("do_owl_imports"))
    shapes = data if shapes_source is None else _graph(shapes_source, options.get("shacl_graph_format"), imports)
    mixed = Graph()  # pySHACL's copy of the data graph: the ontology's terms mixed in, then entailment
    for triple in data:
        mixed.add(triple)
    if options.get("ont_graph") is not None:  # pySHACL's own mixing: classes, properties, named individuals
        mixed = inoculate(mixed, _graph(options["ont_graph"], options.get("ont_graph_format"), imports))
    inference = options.get("inference") or "none"
    if inference != "none":
        owlrl.DeductiveClosure(_SEMANTICS[inference]).expand(mixed)
        # owlrl's generalised triples (a literal as subject) are not RDF: no store holds them
        for triple in [t for t in mixed if isinstance(t[0], Literal)]:
            mixed.remove(triple)
    store = load_store(to_oxigraph_triples(mixed))
    rules = bool(options.get("advanced")) and has_rules(shapes)
    try:
        if rules:
            apply_rules(store, shapes, iterate=bool(options.get("iterate_rules")))
        outcome = validate_fast(store, shapes, rules_applied=rules)
    except Exception as error:  # a difference to report, never a crash of the harness
        return Call(True, f"fast engine: {type(error).__name__}: {error}", same=False)
    if outcome.unsupported:
        return Call(True, "fast engine refuses: " + "; ".join(sorted(set(outcome.reasons.values()))), same=False)
    conforms, report, _ = answer
    lenient = {Severity.WARNING, Severity.INFO} if options.get("allow_warnings") else set()  # pySHACL's reading
    lenient |= {Severity.INFO} if options.get("allow_infos") else set()
    ours = Counter(
        (
            runner._text(r.focus),
            r.path_text or "",
            r.component,
            r.severity.iri,
            runner._text(r.source_shape),
            runner._text(r.value),
        )
        for r in outcome.results
    )
    our_verdict = not any(r.severity not in lenient for r in outcome.results)
    if not isinstance(report, Graph):
        return Call(True, f"pySHACL answered {type(report).__name__}", same=False)
    theirs = _keys(report)
    if ours == theirs and our_verdict == bool(conforms):
        return Call(True)
    missing, extra = sorted(theirs - ours), sorted(ours - theirs)
    return Call(True, f"conforms {our_verdict} vs {conforms}; missing {missing[:2]}; extra {extra[:2]}", same=False)


@pytest.fixture
def intercepted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[Call]]:
    """``pyshacl.validate`` replaced by pySHACL + the fast engine; the tests' relative paths
    (``./test/issues/...``) resolved from a folder holding the vendored copy."""
    real = pyshacl.validate
    calls: list[Call] = []

    def validate(data_graph: Any, *args: Any, **options: Any) -> Any:
        sources = {"data_graph": data_graph, **{k: options[k] for k in _SOURCES if k in options}}
        streams = {k: v.read() for k, v in sources.items() if hasattr(v, "read")}  # read once, given twice
        fresh = {**sources, **{k: io.BytesIO(v) for k, v in streams.items()}}
        answer = real(fresh.pop("data_graph"), *args, **{**options, **fresh})
        again = {**sources, **{k: io.BytesIO(v) for k, v in streams.items()}}
        calls.append(_compare(again.pop("data_graph"), {**options, **again}, answer))
        return answer

    monkeypatch.setattr(pyshacl, "validate", validate)
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "issues").symlink_to(ISSUES)
    monkeypatch.chdir(tmp_path)
    conversions = dict(_toPythonMapping)  # owlrl's closures switch rdflib's literal parsing for good
    yield calls
    _toPythonMapping.clear()
    _toPythonMapping.update(conversions)


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"pyshacl_issue_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _tests(module: ModuleType) -> list[Callable[[], None]]:
    return [
        getattr(module, name)
        for name in sorted(dir(module))
        if name.startswith("test") and callable(getattr(module, name))
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_issue_through_the_fast_engine(path: Path, intercepted: list[Call]) -> None:
    try:
        module = _load(path)
        for test in _tests(module):
            done = len(intercepted)
            test()
            for call in intercepted[done:]:
                call.test = f"{path.stem}.{test.__name__}"
    except (NetworkUsed, URLError) as error:
        pytest.skip(f"the test needs the network ({str(error)[:80]})")
    differing = {call.test for call in intercepted if call.compared and not call.same}
    listed = {name for name in DIFFERENCES if name.split(".")[0] == path.stem}
    assert differing == listed, [c.note for c in intercepted if c.test in differing - listed]
