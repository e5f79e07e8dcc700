"""JSON-LD that a web developer can read: compacted and framed with the release's context.

PyLD (the JSON-LD 1.1 API of Digital Bazaar) compacts and frames. Its RDF import (``from_rdf``) is
quadratic in the number of triples, so IPCO builds the expanded form itself (``expanded``, linear)
and hands PyLD only compaction and framing, which are fast enough for the release (about 2,500
triples compacted, 1,300 framed).

Nothing here reaches the network: building passes the context as an object, and reading uses
``offline_loader``, which serves ``context.jsonld`` from a folder and refuses every other IRI.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from ipco.errors import RemoteResourceRefused, SourcePosition
from ipco.namespaces import RDF, XSD
from ipco.publish.context import CONTEXT_FILE

#: A JSON-LD document loader: PyLD calls it with a URL and its options, it returns a RemoteDocument.
DocumentLoader = Callable[[str, dict[str, Any]], dict[str, Any]]

_TYPE = RDF + "type"
_XSD_STRING = XSD + "string"
_XSD_INTEGER = XSD + "integer"
_XSD_BOOLEAN = XSD + "boolean"
#: Canonical xsd:integer forms below 10^20 (JSON-LD turns integers of 10^21 and more into xsd:double).
_CANONICAL_INTEGER = re.compile(r"0|-?[1-9][0-9]{0,19}")
#: Keys written first, in this order; the others follow sorted, and nested graphs come last.
_FIRST_KEYS = ("@context", "@version", "@protected", "id", "@id", "@value", "type", "@type", "@language")


def expanded(quads: Iterable[ox.Quad], *, keep_graphs: bool) -> list[dict[str, Any]]:
    """The expanded JSON-LD of ``quads``: one node object per subject, sorted by IRI, and with
    ``keep_graphs`` one graph object per named graph (otherwise the graphs are merged).

    ``xsd:integer`` and ``xsd:boolean`` values in canonical form become JSON numbers and booleans,
    with their datatype kept explicit, so they compact to ``7000`` or ``true`` and read back as the
    same literal. Other literals keep their lexical form.
    """
    statements = {
        (quad.graph_name if keep_graphs else None, quad.subject, quad.predicate, quad.object) for quad in quads
    }
    graphs: dict[str | None, dict[str, dict[str, Any]]] = {}
    for graph, subject, predicate, value in sorted(statements, key=lambda s: tuple(map(str, s))):
        name = None if graph is None or isinstance(graph, ox.DefaultGraph) else _node_id(graph)
        node_id = _node_id(subject)
        node = graphs.setdefault(name, {}).setdefault(node_id, {"@id": node_id})
        if predicate.value == _TYPE and not isinstance(value, ox.Literal):
            node.setdefault("@type", []).append(_node_id(value))
        else:
            node.setdefault(predicate.value, []).append(_value(value))
    default = graphs.pop(None, {})
    for name, nodes in sorted(graphs.items(), key=lambda item: str(item[0])):
        assert name is not None
        holder = default.setdefault(name, {"@id": name})
        holder["@graph"] = [nodes[key] for key in sorted(nodes)]
    return [default[key] for key in sorted(default)]


def _node_id(term: Any) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return str(term.value)
    raise TypeError(f"not a node: {term!r}")  # RDF-star triple terms do not occur in IPCO's release


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, Any]:
    if not isinstance(term, ox.Literal):
        return {"@id": _node_id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return {"@value": term.value}
    native: str | int | bool = term.value
    if datatype == _XSD_INTEGER and _CANONICAL_INTEGER.fullmatch(term.value):
        native = int(term.value)
    elif datatype == _XSD_BOOLEAN and term.value in ("true", "false"):
        native = term.value == "true"
    return {"@value": native, "@type": datatype}


def compact(nodes: list[dict[str, Any]], context: dict[str, Any]) -> dict[str, Any]:
    """``nodes`` compacted with ``context``, always as ``{"@context": …, "@graph": [...]}``; the
    ``@context`` is the relative reference to the published context file."""
    result = jsonld.compact(nodes, {"@context": context}, {"documentLoader": refuse_all, "graph": True})
    return _referencing_context(result)


def frame(nodes: list[dict[str, Any]], frame_: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    """``nodes`` framed by ``frame_`` (which must not carry a context) and compacted with ``context``,
    always with a top-level ``@graph``; properties a frame names but a node lacks are left out."""
    options = {"documentLoader": refuse_all, "omitDefault": True, "omitGraph": False}
    result = jsonld.frame(nodes, {"@context": context, **frame_}, options)
    return _referencing_context(result)


def _referencing_context(document: dict[str, Any]) -> dict[str, Any]:
    document["@context"] = CONTEXT_FILE
    return document


def refuse_all(url: str, options: dict[str, Any]) -> dict[str, Any]:
    """A document loader that loads nothing: building the release never needs a remote document."""
    raise RemoteResourceRefused(SourcePosition(url), "remote JSON-LD documents are never fetched")


def offline_loader(folder: Path) -> DocumentLoader:
    """A document loader that serves the context of the release in ``folder`` (as the ``file:`` IRI
    a relative ``context.jsonld`` resolves to from a file there) and refuses everything else."""
    served = {(folder / CONTEXT_FILE).resolve().as_uri(): folder / CONTEXT_FILE}

    def load(url: str, options: dict[str, Any]) -> dict[str, Any]:
        path = served.get(url)
        if path is None:
            raise RemoteResourceRefused(
                SourcePosition(url),
                f"remote JSON-LD document refused: only {CONTEXT_FILE} of {folder} is served",
            )
        document = json.loads(path.read_text(encoding="utf-8"))
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}

    return load


def dumps(document: Any) -> bytes:
    """UTF-8 JSON, two-space indented, keys in a fixed order (``@context``, ``id``, ``type``, the
    rest sorted, nested ``@graph`` last), ending with a newline: byte-identical from run to run."""
    return (json.dumps(_ordered(document), ensure_ascii=False, indent=2) + "\n").encode()


def _ordered(value: Any) -> Any:
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    if not isinstance(value, dict):
        return value
    first = [key for key in _FIRST_KEYS if key in value]
    rest = sorted(key for key in value if key not in _FIRST_KEYS and key != "@graph")
    last = ["@graph"] if "@graph" in value else []
    return {key: _ordered(value[key]) for key in first + rest + last}
