"""Push: load a built release into any triplestore with the SPARQL 1.1 Graph Store HTTP Protocol
(https://www.w3.org/TR/sparql11-http-rdf-update/).

Each named graph of ``ipco.nq`` (ontology, shapes, inferred, one per source document) is sent with
``PUT <endpoint>?graph=<iri>``, which replaces the graph: pushing twice leaves one copy, and graphs
the release does not have are left alone.

A blank node of one document is a different node from any of another document, so a blank node the
release shares between graphs (the inferred graph's ``prov:influenced`` links to a source graph's
qualified derivations) would be split in two by per-graph PUTs. The quads of such blank nodes (and of
every blank node linked to them) are left out of the PUTs and sent afterwards in one N-Quads
document, ``POST <endpoint>``, where each label names one node across all its graphs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from ipco.errors import InputNotFound
from ipco.export import used_prefixes
from ipco.remote import EndpointError, check_endpoint, request
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


def shared_blank_quads(graphs: dict[str, list[ox.Quad]]) -> set[ox.Quad]:
    """The quads mentioning a blank node connected (through blank-node-to-blank-node quads) to a
    blank node that occurs in more than one graph."""
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def find(node: ox.BlankNode) -> ox.BlankNode:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    graphs_of: dict[ox.BlankNode, set[str]] = {}
    for graph, quads in graphs.items():
        for quad in quads:
            blanks = [t for t in (quad.subject, quad.object) if isinstance(t, ox.BlankNode)]
            for blank in blanks:
                graphs_of.setdefault(blank, set()).add(graph)
                find(blank)
            if len(blanks) == 2:
                parent[find(blanks[0])] = find(blanks[1])
    spanning: dict[ox.BlankNode, set[str]] = {}
    for blank, where in graphs_of.items():
        spanning.setdefault(find(blank), set()).update(where)
    shared = {root for root, where in spanning.items() if len(where) > 1}
    if not shared:
        return set()
    return {
        quad
        for quads in graphs.values()
        for quad in quads
        if any(isinstance(t, ox.BlankNode) and find(t) in shared for t in (quad.subject, quad.object))
    }


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
    graphs = graphs_of_release(release_dir)
    together = shared_blank_quads(graphs)
    for graph, quads in graphs.items():
        triples = [quad.triple for quad in quads if quad not in together]
        body = ox.serialize(triples, format=TURTLE.oxigraph, prefixes=used_prefixes(quads)) or b""
        reply = request(
            "PUT",
            graph_url(endpoint, graph),
            body=body,
            headers={"Content-Type": f"{TURTLE.media_type}; charset=utf-8"},
            authorization=authorization,
        )
        done = PushedGraph(graph, len(quads), reply.status, reply.reason)
        pushed.append(done)
        if on_graph is not None:
            on_graph(done)
    if together:
        ordered = sorted(together, key=lambda quad: (str(quad.graph_name), str(quad.triple)))
        reply = request(
            "POST",
            endpoint,
            body=ox.serialize(ordered, format=ox.RdfFormat.N_QUADS) or b"",
            headers={"Content-Type": "application/n-quads; charset=utf-8"},
            authorization=authorization,
        )
        if reply.content_type.split(";")[0].strip() == "text/html":
            # Virtuoso 7.2's /sparql-graph-crud answers a dataset POST with its HTML page, 200, and loads nothing.
            raise EndpointError(
                f"POST {endpoint}: the store answered the N-Quads of {len(ordered)} blank-node triples shared"
                " between graphs with an HTML page, not a load: they are not in the store",
                hint="this store's Graph Store Protocol takes one graph at a time; load ipco.nq with its own loader",
            )
    return pushed
