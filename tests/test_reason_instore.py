"""``ipco reason --endpoint URL --into GRAPH`` against a real Oxigraph server and a real Virtuoso
(tests/virtuoso_server.py): the store's inferred
graph holds what local reasoning infers about the data, a second run changes nothing, and no other
graph is ever written."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from rdflib import RDF

from conftest import CliRunner
from ipco.build import infer
from ipco.engines.reason_instore import UnsafeUpdate, checked
from ipco.engines.reason_rules import is_noise
from ipco.load import Loaded
from ipco.project import Project, load_reference
from test_push import Oxigraph, graph_url, oxigraph  # noqa: F401 (the fixture)
from virtuoso_server import Virtuoso, virtuoso  # noqa: F401 (the fixture)

DATA = "https://example.org/graph/data"
INTO = "https://example.org/graph/inferred"
ORG = "http://www.w3.org/ns/org#"
_DURATION = ox.NamedNode("http://www.w3.org/2001/XMLSchema#duration")


def _put(store: str, graph: str, quads: list[ox.Quad]) -> None:
    body = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""
    request = urllib.request.Request(
        graph_url(store, graph), data=body, method="PUT", headers={"Content-Type": "application/n-triples"}
    )
    urllib.request.urlopen(request, timeout=30).close()


def _canonical(data: set[ox.Triple], inferred: set[ox.Triple]) -> ox.Dataset:
    """Data (graph DATA) and inferred triples (graph INTO), blank nodes renamed canonically (RDFC-1.0).

    The store gives the data's blank nodes (the ipco:FactStatement and PROV qualification nodes of the
    evidence) labels of its own when the data is PUT, so inferred triples naming them, such as
    `<source> prov:influenced _:qualification`, are equal to the local ones only up to that renaming."""
    dataset = ox.Dataset(
        [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(DATA)) for t in data]
        + [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(INTO)) for t in inferred]
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


@pytest.fixture(params=["oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Iterator[Oxigraph | Virtuoso]:
    """Each real store in turn, without the graphs these tests write."""
    server: Oxigraph | Virtuoso = request.getfixturevalue(request.param)
    if isinstance(server, Virtuoso):
        server.drop(DATA, INTO)
    yield server


def test_reason_into_the_store_equals_local_reasoning(cli: CliRunner, store: Oxigraph | Virtuoso) -> None:
    """GRAPH holds the rules' whole closure (blank-node premises included); read through the noise
    filter of `ipco reason` (``reason_rules.is_noise``), its triples about the data's individuals are
    those of local reasoning."""
    project = Project.bundled()
    data = project.load_data()
    if isinstance(store, Virtuoso):  # it keeps no xsd:duration as written ("P1M" is held as "1", ill-typed)
        data = Loaded(
            quads=[q for q in data.quads if not (isinstance(q.object, ox.Literal) and q.object.datatype == _DURATION)]
        )
    _put(store.store, DATA, data.quads)
    arguments = ("reason", "-q", "--endpoint", store.query, "--update-endpoint", store.update)
    run = cli(*arguments, "--into", INTO, "--graph", DATA)
    assert run.code == 0, run.err
    stored, stored_data = store.graph(INTO), store.graph(DATA)
    reference = load_reference(project)
    terms = {q.subject for q in reference.ontology.quads}
    individuals = {q.subject for q in data.quads} - terms
    expected = {q.triple for q in infer(reference, data) if q.subject in individuals}
    asserted = {q.triple for q in data.quads}
    in_store = {t.subject for t in stored_data} - terms
    ours = {t for t in stored if t.subject in in_store and t not in stored_data and not is_noise(t)}
    assert len(ours) == len(expected)
    assert _canonical(stored_data, ours) == _canonical(asserted, expected)
    before = store.count()
    assert cli(*arguments, "--into", INTO, "--graph", DATA).code == 0
    assert store.graph(INTO) == stored, "a second run (or a resumed one) adds nothing"
    assert store.count() == before
    assert store.graph(DATA) == stored_data, "the data graph is left alone"
    assert _canonical(stored_data, set()) == _canonical(asserted, set())


def test_into_a_data_graph_is_refused(cli: CliRunner, oxigraph: Oxigraph) -> None:  # noqa: F811
    run = cli("reason", "-q", "--endpoint", oxigraph.query, "--into", DATA, "--graph", DATA)
    assert run.code == 2


def test_updates_writing_elsewhere_are_never_sent() -> None:
    good = f"INSERT {{ GRAPH <{INTO}> {{ ?x a ?b . }} }}\nUSING <{DATA}>\nWHERE {{ ?x a ?a }}"
    assert checked(good, INTO) == good
    for bad in (good.replace(f"<{INTO}>", f"<{DATA}>"), "DROP GRAPH <x> ; " + good, good.replace("INSERT", "DELETE")):
        with pytest.raises(UnsafeUpdate):
            checked(bad, INTO)


def test_an_inconsistency_in_the_store_is_reported(cli: CliRunner, store: Oxigraph | Virtuoso) -> None:
    """org:Organization and org:ChangeEvent are disjoint in ORG (an import, not our writing)."""
    quads = [
        ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode(str(RDF.type)), ox.NamedNode(f"{ORG}{kind}"))
        for kind in ("Organization", "ChangeEvent")
    ]
    _put(store.store, DATA, quads)
    arguments = ("reason", "-q", "--endpoint", store.query, "--update-endpoint", store.update)
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
