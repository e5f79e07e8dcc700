"""The JSON-LD files of the release: the context, the compacted data, and two framed views.

* ``<part>.compact.jsonld`` (data, inferred): the same triples as ``<part>.ttl``, compacted.
* ``organisations.jsonld``: every organisation, with everything the data says about it, and its
  units, posts, memberships and cooperation relationships embedded with everything said about them.
* ``sources.jsonld``: every source document, with its metadata and, under ``statedInGraph``, the
  named graph of everything it states, as in ``ipco.trig``.

``docs/jsonld.md`` shows how to read them without knowing RDF.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from ipco.namespaces import IPCO, ORG, RDF, RDFS
from ipco.publish.context import CONTEXT_FILE, build_context
from ipco.publish.jsonld import compact, dumps, expanded, frame

ORGANISATIONS_FILE = "organisations.jsonld"
SOURCES_FILE = "sources.jsonld"
#: Parts of the release also written compacted, as ``<part>.compact.jsonld``.
COMPACTED_PARTS = ("data", "inferred")
#: What an organisation's record embeds in full (values of the other properties are IRIs).
EMBEDDED = (ORG + "hasUnit", ORG + "hasPost", ORG + "hasMembership", IPCO + "involvedIn")
#: Inverse (and symmetric) properties the reasoner fills in, which an organisation's record shows so
#: that a reader can go down from it although the data states these links from the other end. Their
#: super-properties (``foaf:member``, ``prov:influenced``…) would only repeat them and are left out.
NAVIGATION = (
    *EMBEDDED,
    ORG + "hasMember",
    ORG + "hasSubOrganization",
    IPCO + "chairs",
    IPCO + "partnerOf",
)
ORGANIZATION = ORG + "Organization"

_TYPE = RDF + "type"
_SUBCLASS_OF = RDFS + "subClassOf"
_STATED_IN_GRAPH = IPCO + "statedInGraph"


def jsonld_files(parts: dict[str, list[ox.Quad]]) -> dict[str, bytes]:
    """File name → content of the context, the compacted parts and the framed views."""
    context = build_context(parts["ontology"], parts["data"] + parts["inferred"])
    files = {CONTEXT_FILE: dumps({"@context": context})}
    for part in COMPACTED_PARTS:
        files[f"{part}.compact.jsonld"] = dumps(compact(expanded(parts[part], keep_graphs=False), context))
    files[ORGANISATIONS_FILE] = dumps(organisations_view(parts, context))
    files[SOURCES_FILE] = dumps(sources_view(parts, context))
    return files


def organisations_view(parts: dict[str, list[ox.Quad]], context: dict[str, Any]) -> dict[str, Any]:
    """Every resource whose class is ``org:Organization`` or below, one record each.

    The input is the data plus its ``reverse_links`` along ``NAVIGATION``, so an organisation lists
    its units (``hasUnit``), posts (``hasPost``), memberships (``hasMembership``) and relationships
    (``involvedIn``) although the data states them from the other end. Those four are embedded with
    all their properties; every other value is an IRI, to look up among the records.
    """
    asserted = {quad.triple for quad in parts["data"]}
    inferred = {quad.triple for quad in parts["inferred"] if quad.predicate.value in NAVIGATION}
    triples = asserted | reverse_links(asserted, inferred)
    organisation_types = sorted(
        subclasses_of(ORGANIZATION, parts["ontology"] + parts["inferred"])
        & {t.object.value for t in triples if t.predicate.value == _TYPE and isinstance(t.object, ox.NamedNode)}
    )
    if not organisation_types:
        return {"@context": CONTEXT_FILE, "@graph": []}
    # An embedded node's own values must stay IRIs, but PyLD's frames pass their @embed down to the
    # properties they do not name: so name them all. "@id": {} keeps every node matching the frame.
    every_property = sorted({t.predicate.value for t in triples} - {_TYPE})
    in_full = {"@id": {}, "@embed": "@always", **{p: {"@embed": "@never"} for p in every_property}}
    frame_ = {"@type": organisation_types, "@embed": "@never", **{p: in_full for p in EMBEDDED}}
    nodes = expanded((ox.Quad(t.subject, t.predicate, t.object) for t in triples), keep_graphs=False)
    return frame(nodes, frame_, context)


def sources_view(parts: dict[str, list[ox.Quad]], context: dict[str, Any]) -> dict[str, Any]:
    """Every resource with ``ipco:statedInGraph`` (the source documents), one record each, whose
    ``statedInGraph`` value holds the named graph of what the document states."""
    frame_ = {_STATED_IN_GRAPH: {"@embed": "@always", "@graph": {"@embed": "@never"}}, "@embed": "@never"}
    view = frame(expanded(parts["data"], keep_graphs=True), frame_, context)
    for record in view["@graph"]:
        _drop_bare_references(record.get("statedInGraph"))
    return view


def _drop_bare_references(graphs: Any) -> None:
    """Framing lists every node a named graph mentions, and compaction writes those the graph says
    nothing about as bare IRI strings: they state no triple, and a strict (safe mode) JSON-LD
    processor rejects them as free-floating scalars, so they are left out."""
    for graph in graphs if isinstance(graphs, list) else [graphs]:
        if isinstance(graph, dict) and isinstance(graph.get("@graph"), list):
            graph["@graph"] = [node for node in graph["@graph"] if not isinstance(node, str)]


def reverse_links(asserted: set[ox.Triple], inferred: set[ox.Triple]) -> set[ox.Triple]:
    """The ``inferred`` triples whose opposite direction is asserted: what inverse and symmetric
    properties add (``org:hasUnit`` from ``org:unitOf``, ``ipco:involvedIn`` from ``ipco:party``),
    not what transitivity or property chains do."""
    pairs = {(t.subject, t.object) for t in asserted}
    return {t for t in inferred if (t.object, t.subject) in pairs}


def subclasses_of(root: str, quads: Iterable[ox.Quad]) -> set[str]:
    """``root`` and every class the ``rdfs:subClassOf`` triples of ``quads`` put below it."""
    parents: dict[str, set[str]] = {}
    for quad in quads:
        subject, parent = quad.subject, quad.object
        if (
            quad.predicate.value == _SUBCLASS_OF
            and isinstance(subject, ox.NamedNode)
            and isinstance(parent, ox.NamedNode)
        ):
            parents.setdefault(subject.value, set()).add(parent.value)
    found = {root}
    while True:
        more = {child for child, above in parents.items() if above & found} - found
        if not more:
            return found
        found |= more
