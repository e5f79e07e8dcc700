"""Push: load a built release into any triplestore with the SPARQL 1.1 Graph Store HTTP Protocol
(https://www.w3.org/TR/sparql11-http-rdf-update/).

Each named graph of ``ipco.nq`` (ontology, shapes, inferred, one per source document) is sent with
``PUT <endpoint>?graph=<iri>``, which replaces the graph: pushing twice leaves one copy, and graphs
the release does not have are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from ipco.errors import InputNotFound
from ipco.export import used_prefixes
from ipco.remote import check_endpoint, request
from ipco.syntaxes import TURTLE


@dataclass(frozen=True)
class PushedGraph:
    """One graph sent: its IRI, how many triples, and what the store answered."""

    graph: str
    triples: int
    status: int
    reason: str


def graphs_of_release(release_dir: Path) -> dict[str, list[ox.Quad]]:
    """The quads of the release dataset, by named graph, in graph order."""
    dataset = release_dir / "ipco.nq"
    if not dataset.is_file():
        raise InputNotFound(f"{dataset}: no built release here", hint="run `ipco build` first, or pass --release")
    graphs: dict[str, list[ox.Quad]] = {}
    for quad in ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(str(quad.graph_name.value), []).append(quad)
    return dict(sorted(graphs.items()))


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of ``graph`` (indirect identification: ``?graph=``)."""
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode({"graph": graph})


def push(
    release_dir: Path,
    endpoint: str,
    *,
    authorization: str | None = None,
    on_graph: Callable[[PushedGraph], None] | None = None,
) -> list[PushedGraph]:
    """PUT every graph of the release to ``endpoint`` as Turtle; stops at the first refusal."""
    check_endpoint(endpoint)
    pushed = []
    for graph, quads in graphs_of_release(release_dir).items():
        triples = [quad.triple for quad in quads]
        body = ox.serialize(triples, format=TURTLE.oxigraph, prefixes=used_prefixes(quads)) or b""
        reply = request(
            "PUT",
            graph_url(endpoint, graph),
            body=body,
            headers={"Content-Type": f"{TURTLE.media_type}; charset=utf-8"},
            authorization=authorization,
        )
        done = PushedGraph(graph, len(triples), reply.status, reply.reason)
        pushed.append(done)
        if on_graph is not None:
            on_graph(done)
    return pushed
