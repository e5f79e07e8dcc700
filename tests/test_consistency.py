"""Consistency: every OWL 2 RL rule with conclusion ``false`` is checked, anchored on owlrl.

Each file under tests/reasoning/inconsistent/ is a tiny input that breaks one rule (its first line
names it). IPCO must report that rule, and owlrl (the reference engine, which IPCO did not write)
must find the same input inconsistent: it leaves error-message triples in its closure.
"""

from __future__ import annotations

from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph
from rdflib.term import _toPythonMapping

from ipco.engines.consistency import RULE_IDS, find_clashes
from ipco.engines.reason_fast import reasoned

CASES = Path(__file__).parent / "reasoning" / "inconsistent"
FILES = sorted(CASES.glob("*.ttl"))
ERRORS = owlrl.Namespaces.ERRNS


def _expected_rule(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# rule: ").strip()


def _quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


#: owlrl never applies prp-adp (its rule reads the members of ``rdf:type`` instead of the axiom's) and
#: skips the last member of every list in eq-diff2/3 and prp-adp; so the prp-adp case is handed to
#: owlrl as the pairwise owl:propertyDisjointWith axioms that AllDisjointProperties stands for
#: (https://www.w3.org/TR/owl2-mapping-to-rdf/), and the eq-diff cases clash on earlier members.
_PAIRWISE = {
    "prp-adp": (
        "[] a owl:AllDisjointProperties ; owl:members ( ex:commands ex:advises ex:audits ) .",
        "ex:commands owl:propertyDisjointWith ex:advises , ex:audits . ex:advises owl:propertyDisjointWith ex:audits .",
    )
}


def _owlrl_errors(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.stem in _PAIRWISE:
        text = text.replace(*_PAIRWISE[path.stem])
    graph = Graph().parse(data=text, format="turtle")
    conversions = dict(_toPythonMapping)
    try:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=True).expand(graph)
    finally:
        _toPythonMapping.clear()
        _toPythonMapping.update(conversions)
    return [str(o) for s in graph.subjects(RDF.type, ERRORS.ErrorMessage) for o in graph.objects(s, ERRORS.error)]


def test_one_case_per_rule() -> None:
    assert sorted(_expected_rule(p) for p in FILES) == sorted(RULE_IDS)
    assert all(p.stem == _expected_rule(p) for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_rule_is_reported_and_owlrl_agrees(path: Path) -> None:
    quads = _quads(path)
    result = reasoned(quads, None)
    clashes = find_clashes(result.for_consistency(), quads)
    assert _expected_rule(path) in {c.rule_id for c in clashes}
    assert clashes == find_clashes(result.closure(), quads)  # the filtered closure loses no clash
    assert clashes == find_clashes(result.for_consistency(), result.literal_facts())  # without the quads
    assert _owlrl_errors(path), f"owlrl finds {path.name} consistent"


def test_consistent_input_has_no_clash() -> None:
    text = (CASES / "cax-dw.ttl").read_text(encoding="utf-8").replace("ex:derivedFrom ex:report", "ex:at ex:paris")
    quads = list(ox.parse(text.encode(), ox.RdfFormat.TURTLE))
    assert find_clashes(reasoned(quads, None).for_consistency(), quads) == []


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_ipco_reason_reports_each_rule_with_located_facts(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`ipco reason FILE` reads its file once, as it reasons (its quads are not kept): the facts of
    the explanation are still located, and standard input, read once, is explained too."""
    from io import BytesIO, StringIO, TextIOWrapper

    from ipco.cli import main

    err = StringIO()
    assert main(["reason", "-q", str(path)], stdout=StringIO(), stderr=err) == 1
    message = err.getvalue()
    assert f"{_expected_rule(path)}:" in message
    assert f"[asserted at {path}:" in message  # file:line:col of an asserted fact
    monkeypatch.setattr("sys.stdin", TextIOWrapper(BytesIO(path.read_bytes())))
    err = StringIO()
    assert main(["reason", "-q", "-"], stdout=StringIO(), stderr=err) == 1
    assert f"{_expected_rule(path)}:" in err.getvalue() and "[asserted at <stdin>" in err.getvalue()
