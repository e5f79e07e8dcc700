"""``ipco explain``: every inferred triple of the release has a well-founded derivation that bottoms
out in asserted triples (located at file:line:col) and OWL 2 RL axiomatic triples."""

from __future__ import annotations

import json

import pyoxigraph as ox

from conftest import ROOT, CliRunner
from ipco.engines.derivation import ASSERTED, AXIOMATIC
from ipco.explain import Explainer, Node, asserted_of
from ipco.project import Project, load_reference


def _project_explainer() -> Explainer:
    project = Project.checkout(ROOT)
    reference = load_reference(project)
    return Explainer(asserted_of(reference, project.load_data()), reference.imports)


def _leaves_are_grounded(node: Node, path: frozenset[ox.Triple]) -> None:
    assert node.triple not in path, f"circular derivation of {node.triple}"
    if node.rule == ASSERTED:
        assert node.location is not None and node.location.line is not None, f"unlocated {node.triple}"
        return
    if node.rule == AXIOMATIC:
        return
    assert node.premises, f"{node.rule} without premises for {node.triple}"
    for premise in node.premises:
        _leaves_are_grounded(premise, path | {node.triple})


def _named(triple: ox.Triple) -> bool:
    return not any(isinstance(t, ox.BlankNode) for t in (triple.subject, triple.object))


def test_every_inferred_triple_of_the_release_is_explained(release: object) -> None:
    explainer = _project_explainer()
    published = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(path=f"{release}/inferred.nt", format=ox.RdfFormat.N_TRIPLES)
    ]
    inferred = explainer.result.inferred
    # The release is what the explainer explains (blank-node labels aside: the release's are canonical).
    assert len(published) == len(inferred) > 1000
    assert sorted(map(str, filter(_named, published))) == sorted(map(str, filter(_named, inferred)))
    for triple in inferred:
        node = explainer.explain(triple)
        assert node is not None and node.rule not in (ASSERTED, AXIOMATIC), f"no derivation for {triple}"
        _leaves_are_grounded(node, frozenset())


def test_explain_a_triple_in_text_and_json(cli: CliRunner) -> None:
    target = "ipcoid:jha-council-2001-09-20 a prov:Activity"
    text = cli("explain", "-q", target, cwd=ROOT)
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    assert lines[0] == "ipcoid:jha-council-2001-09-20 rdf:type prov:Activity  [cax-sco]"
    assert "ipco:Event rdfs:subClassOf prov:Activity  [asserted at ontology/governance.ttl:" in text.out
    assert "ipcoid:jha-council-2001-09-20 rdf:type ipco:Meeting  [asserted at data/dgsi-international.ttl:" in text.out
    # Down to the passage of the source text that states the asserted fact.
    meeting = next(i for i, line in enumerate(lines) if "rdf:type ipco:Meeting  [asserted at data/" in line)
    quote = "During the extraordinary Justice and Home Affairs Council of 20 September 2001"
    assert lines[meeting + 1].strip() == f"“{quote}”"
    data = json.loads(cli("explain", "-q", target, "--output-format", "json", cwd=ROOT).out)
    assert data[0]["rule"] == "cax-sco"
    assert {p["rule"] for p in data[0]["premises"]} == {"cax-sco", "asserted"}
    steps, quoted = [data[0]], []
    while steps:
        step = steps.pop()
        quoted.extend((step["triple"][2], q) for q in step.get("quotes", []))
        steps.extend(step.get("premises", []))
    assert (
        "https://w3id.org/ipco/Meeting",
        "During the extraordinary Justice and Home Affairs Council of 20 September 2001",
    ) in quoted


def test_explain_an_iri_covers_every_triple_inferred_about_it(cli: CliRunner) -> None:
    explainer = _project_explainer()
    iri = ox.NamedNode("https://w3id.org/ipco/id/ctg")
    run = cli("explain", "-q", "<https://w3id.org/ipco/id/ctg>", "--output-format", "json", cwd=ROOT)
    assert run.code == 0, run.err
    explained = {tuple(tree["triple"]) for tree in json.loads(run.out)}
    assert explained == {(t.subject.value, t.predicate.value, t.object.value) for t in explainer.about(iri)}  # type: ignore[union-attr]
    assert len(explained) > 3


def test_explain_refuses_what_is_not_entailed_and_what_is_not_a_triple(cli: CliRunner) -> None:
    run = cli("explain", "-q", "ipcoid:ctg a ipco:Meeting", cwd=ROOT)
    assert run.code == 2 and "error[not-entailed]" in run.err
    run = cli("explain", "-q", "ipcoid:ctg a", cwd=ROOT)
    assert run.code == 2 and "error[usage]" in run.err and "Traceback" not in run.err
