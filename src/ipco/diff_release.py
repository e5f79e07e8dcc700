"""Reading a release for a diff, with its blank nodes named after what they hold.

A rebuild relabels blank nodes; naming them by content (``stable_blank_nodes``) keeps such a
rebuild from showing as a change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from ipco.diff_model import Release, Term
from ipco.errors import InputNotFound, UsageError
from ipco.load import load
from ipco.syntaxes import SYNTAXES, syntax_for_path

#: Where a release directory keeps its whole dataset, in order of preference.
DATASET_FILES = ("ipco.nq", "ipco.trig")
#: The graph that holds the triples of a plain RDF file (and the default graph of a dataset file).
DEFAULT_GRAPH = "urn:ipco:diff:default-graph"


def read_release(path: Path) -> Release:
    """A release directory (its ``ipco.nq``, else ``ipco.trig``), a dataset file or a plain RDF file.

    Parsing goes through ``load``, so a syntax error is a LoadError at ``path:LINE:COL``.
    """
    target = path
    if path.is_dir():
        found = [path / name for name in DATASET_FILES if (path / name).is_file()]
        if not found:
            raise InputNotFound(
                f"{path}: no {' or '.join(DATASET_FILES)} in this folder",
                hint="give a built release folder (ipco build), or an RDF file",
            )
        target = found[0]
    elif path.exists() and syntax_for_path(path) is None:
        extensions = " ".join(ext for syntax in SYNTAXES for ext in syntax.extensions)
        raise UsageError(
            f"{path}: cannot tell the RDF format from the extension",
            hint=f"give a release folder, or a file ending in one of: {extensions}",
        )
    loaded = load([target], graph_for=lambda _: DEFAULT_GRAPH)
    return Release(str(path), stable_blank_nodes(loaded.quads))


def stable_blank_nodes(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with each blank node renamed after a hash of where it stands, deduplicated.

    A blank node's name hashes, first, what it holds (its outgoing triples, recursively through
    blank nodes: lists, restrictions), then who points to it (IRIs, or blank nodes by their own
    names, recursively). The same structure gets the same name in both releases whatever labels
    the files used, and a change elsewhere does not rename it (RDFC-1.0 numbers blank nodes in
    sequence, so one new blank node would rename many). Blank nodes that nothing tells apart (same
    content, same place: the reasoner's anonymous classes) are numbered in the order they come, so
    triple counts stay those of the files; a cycle of blank nodes is cut where the walk meets it.
    """
    distinct = list(dict.fromkeys(quads))
    outgoing: dict[ox.BlankNode, list[tuple[str, Term]]] = {}
    incoming: dict[ox.BlankNode, list[tuple[str, Term]]] = {}
    for quad in distinct:
        if isinstance(quad.subject, ox.BlankNode):
            outgoing.setdefault(quad.subject, []).append((f"> {quad.predicate} {quad.graph_name}", quad.object))
        if isinstance(quad.object, ox.BlankNode):
            incoming.setdefault(quad.object, []).append((f"< {quad.predicate} {quad.graph_name}", quad.subject))
    blank_nodes = outgoing.keys() | incoming.keys()
    if not blank_nodes:
        return distinct
    content = _hash_along(outgoing, dict.fromkeys(blank_nodes, ""))
    names: dict[ox.BlankNode, ox.BlankNode] = {}
    taken: dict[str, int] = {}
    for node, name in _hash_along(incoming, content).items():
        taken[name] = taken.get(name, 0) + 1
        names[node] = ox.BlankNode(name if taken[name] == 1 else f"{name}x{taken[name]}")
    renamed = (
        ox.Quad(
            names[q.subject] if isinstance(q.subject, ox.BlankNode) else q.subject,
            q.predicate,
            names[q.object] if isinstance(q.object, ox.BlankNode) else q.object,
            q.graph_name,
        )
        for q in distinct
    )
    return list(dict.fromkeys(renamed))


def _hash_along(
    edges: Mapping[ox.BlankNode, list[tuple[str, Term]]], seeds: Mapping[ox.BlankNode, str]
) -> dict[ox.BlankNode, str]:
    """Hash every blank node's seed with its edges, blank neighbours by their hash (iterative post-order)."""
    hashes: dict[ox.BlankNode, str] = {}
    walking: set[ox.BlankNode] = set()
    for root in seeds:
        stack: list[tuple[ox.BlankNode, bool]] = [(root, False)]
        while stack:
            node, neighbours_done = stack.pop()
            if node in hashes or (not neighbours_done and node in walking):
                continue
            if not neighbours_done:
                walking.add(node)
                stack.append((node, True))
                stack.extend(
                    (n, False) for _, n in edges.get(node, ()) if isinstance(n, ox.BlankNode) and n not in walking
                )
                continue
            walking.discard(node)
            lines = sorted(
                f"{edge} {hashes.get(n, '_') if isinstance(n, ox.BlankNode) else n}" for edge, n in edges.get(node, ())
            )
            hashes[node] = "b" + hashlib.sha256("\n".join([seeds[node], *lines]).encode()).hexdigest()[:24]
    return hashes
