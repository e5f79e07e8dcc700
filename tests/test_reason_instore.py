"""``ipco reason --endpoint URL --into GRAPH`` against a real Oxigraph server: the store's inferred
graph holds what local reasoning infers about the data, a second run changes nothing, and no other
graph is ever written."""

from __future__ import annotations

import urllib.request

import pyoxigraph as ox
import pytest
from rdflib import RDF

from conftest import CliRunner
from ipco.build import infer
from ipco.engines.reason_instore import UnsafeUpdate, checked
from ipco.engines.reason_rules import SKOLEM
from ipco.project import Project, load_reference
from test_push import Oxigraph, graph_url, oxigraph  # noqa: F401 (the fixture)

DATA = "https://example.org/graph/data"
INTO = "https://example.org/graph/inferred"
ORG = "http://www.w3.org/ns/org#"


def _put(store: str, graph: str, quads: list[ox.Quad]) -> None:
    body = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""
    request = urllib.request.Request(
        graph_url(store, graph), data=body, method="PUT", headers={"Content-Type": "application/n-triples"}
    )
    urllib.request.urlopen(request, timeout=30).close()


def test_reason_into_the_store_equals_local_reasoning(cli: CliRunner, oxigraph: Oxigraph) -> None:  # noqa: F811
    project = Project.bundled()
    data = project.load_data()
    _put(oxigraph.store, DATA, data.quads)
    arguments = ("reason", "-q", "--endpoint", oxigraph.query, "--update-endpoint", oxigraph.url + "update")
    run = cli(*arguments, "--into", INTO, "--graph", DATA)
    assert run.code == 0, run.err
    stored = oxigraph.graph(INTO)
    reference = load_reference(project)
    individuals = {q.subject for q in data.quads} - {q.subject for q in reference.ontology.quads}
    expected = {q.triple for q in infer(reference, data) if q.subject in individuals}
    asserted = {q.triple for q in data.quads}
    ours = {t for t in stored if t.subject in individuals and t not in asserted and SKOLEM not in str(t.object)}
    assert ours == expected
    before = oxigraph.count()
    assert cli(*arguments, "--into", INTO, "--graph", DATA).code == 0
    assert oxigraph.graph(INTO) == stored, "a second run (or a resumed one) adds nothing"
    assert oxigraph.count() == before
    assert oxigraph.graph(DATA) == asserted, "the data graph is left alone"


def test_into_a_data_graph_is_refused(cli: CliRunner, oxigraph: Oxigraph) -> None:  # noqa: F811
    run = cli("reason", "-q", "--endpoint", oxigraph.query, "--into", DATA, "--graph", DATA)
    assert run.code == 2


def test_updates_writing_elsewhere_are_never_sent() -> None:
    good = f"INSERT {{ GRAPH <{INTO}> {{ ?x a ?b . }} }}\nUSING <{DATA}>\nWHERE {{ ?x a ?a }}"
    assert checked(good, INTO) == good
    for bad in (good.replace(f"<{INTO}>", f"<{DATA}>"), "DROP GRAPH <x> ; " + good, good.replace("INSERT", "DELETE")):
        with pytest.raises(UnsafeUpdate):
            checked(bad, INTO)


def test_an_inconsistency_in_the_store_is_reported(cli: CliRunner, oxigraph: Oxigraph) -> None:  # noqa: F811
    """org:Organization and org:ChangeEvent are disjoint in ORG (an import, not our writing)."""
    quads = [
        ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode(str(RDF.type)), ox.NamedNode(f"{ORG}{kind}"))
        for kind in ("Organization", "ChangeEvent")
    ]
    _put(oxigraph.store, DATA, quads)
    arguments = ("reason", "-q", "--endpoint", oxigraph.query, "--update-endpoint", oxigraph.url + "update")
    run = cli(*arguments, "--into", INTO, "--graph", DATA)
    assert run.code == 1, run.err
    assert "inconsistent (cax-dw): <https://example.org/x>" in run.out


@pytest.mark.parametrize(
    "arguments",
    [
        ("--into", INTO),
        ("--endpoint", "http://127.0.0.1:9/query"),
        ("--endpoint", "file:///etc/passwd", "--into", INTO),
        ("--endpoint", "http://127.0.0.1:9/query", "--into", INTO, "-o", "out.ttl"),
    ],
)
def test_store_options_without_their_companions_are_refused(cli: CliRunner, arguments: tuple[str, ...]) -> None:
    run = cli("reason", "-q", *arguments)
    assert run.code == 2, run.err
