"""The site's pages of IRIs: one builder per kind (term, concept, instance, source document, graph,
module, shape), each returning the HTML of one page in one language.

What a page shows is read from the ``SiteGraph`` only; asserted facts carry the documents that
state them, inferred ones are apart.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from ipco.namespaces import IPCO_GRAPH, OWL, RDFS, SH, SKOS
from ipco.site.kinds import STATED_IN_GRAPH
from ipco.site.layout import Ctx, bullet_list, definition_list, esc, frame, section
from ipco.site.model import INFERRED_PART, sorted_by_label
from ipco.site.parts import facts_table, heading, labels_rows, links_if_any, literal_texts, standard_sections
from ipco.site.paths import text_path

#: Property types that are characteristics, shown on a property's page.
CHARACTERISTICS = (
    OWL + "FunctionalProperty",
    OWL + "InverseFunctionalProperty",
    OWL + "SymmetricProperty",
    OWL + "AsymmetricProperty",
    OWL + "TransitiveProperty",
    OWL + "ReflexiveProperty",
    OWL + "IrreflexiveProperty",
)


def class_page(ctx: Ctx, node: ox.NamedNode) -> str:
    g = ctx.graph
    supers = g.iri_objects(node, RDFS + "subClassOf")
    subs = sorted_by_label(g, g.subjects(RDFS + "subClassOf", node), ctx.lang)
    ancestors = [a for a in g.iri_objects(node, RDFS + "subClassOf", inferred=True) if a not in supers and a != node]
    domain_of = sorted_by_label(g, g.subjects(RDFS + "domain", node), ctx.lang)
    range_of = sorted_by_label(g, g.subjects(RDFS + "range", node), ctx.lang)
    shapes = sorted_by_label(g, g.subjects(SH + "targetClass", node), ctx.lang)
    summary = definition_list(
        [
            *labels_rows(ctx, node),
            (esc(ctx.t("definition")), literal_texts(ctx, node, SKOS + "definition")),
            (esc(ctx.t("comment")), literal_texts(ctx, node, RDFS + "comment")),
            (esc(ctx.t("defined-in")), ctx.links(g.iri_objects(node, RDFS + "isDefinedBy"))),
            (esc(ctx.t("superclasses")), ctx.links(supers)),
            (esc(ctx.t("subclasses")), ctx.links(subs)),
            (esc(ctx.t("ancestors")), ctx.links(sorted_by_label(g, ancestors, ctx.lang))),
            (esc(ctx.t("properties-with-domain")), ctx.links(domain_of)),
            (esc(ctx.t("properties-with-range")), ctx.links(range_of)),
            (esc(ctx.t("shapes-for")), links_if_any(ctx, shapes)),
        ]
    )
    asserted = g.of_type(node.value)
    everything = g.of_type(node.value, inferred=True)
    usage = definition_list(
        [
            (esc(ctx.t("instances-asserted")), str(len(asserted))),
            (esc(ctx.t("instances-all")), str(len(everything))),
        ]
    )
    # Members without an IRI (the evidence's statement nodes…) are counted, not listed: each would be
    # drawn whole, and their resources' pages show them.
    members = [
        ctx.link(i) + ("" if i in asserted else f' <span class="badge inferred">{esc(ctx.t("inferred-badge"))}</span>')
        for i in sorted_by_label(g, [m for m in everything if isinstance(m, ox.NamedNode)], ctx.lang)
    ]
    body = (
        heading(ctx, node, "kind-class")
        + summary
        + section(ctx.t("usage"), usage + bullet_list(members, css="columns"), anchor="usage")
        + standard_sections(ctx, node)
    )
    return frame(ctx, ctx.label(node), body)


def property_page(ctx: Ctx, node: ox.NamedNode) -> str:
    g = ctx.graph
    types = {t.value for t in g.types(node)}
    kind = "kind-object-property" if OWL + "ObjectProperty" in types else "kind-property"
    if OWL + "DatatypeProperty" in types:
        kind = "kind-datatype-property"
    if OWL + "AnnotationProperty" in types:
        kind = "kind-annotation-property"
    inverses = sorted_by_label(
        g, [*g.iri_objects(node, OWL + "inverseOf"), *g.subjects(OWL + "inverseOf", node)], ctx.lang
    )
    characteristics = [ox.NamedNode(c) for c in CHARACTERISTICS if c in types]
    summary = definition_list(
        [
            *labels_rows(ctx, node),
            (esc(ctx.t("definition")), literal_texts(ctx, node, SKOS + "definition")),
            (esc(ctx.t("comment")), literal_texts(ctx, node, RDFS + "comment")),
            (esc(ctx.t("defined-in")), ctx.links(g.iri_objects(node, RDFS + "isDefinedBy"))),
            (esc(ctx.t("domain")), ctx.links(g.iri_objects(node, RDFS + "domain"))),
            (esc(ctx.t("range")), ctx.links(g.iri_objects(node, RDFS + "range"))),
            (esc(ctx.t("superproperties")), ctx.links(g.iri_objects(node, RDFS + "subPropertyOf"))),
            (
                esc(ctx.t("subproperties")),
                ctx.links(sorted_by_label(g, g.subjects(RDFS + "subPropertyOf", node), ctx.lang)),
            ),
            (esc(ctx.t("inverse")), ctx.links(inverses)),
            (esc(ctx.t("characteristics")), ctx.links(characteristics)),
        ]
    )
    asserted = g.facts_with(node.value)
    inferred = g.facts_with(node.value, inferred=True)
    usage = definition_list(
        [
            (esc(ctx.t("triples-asserted")), str(len(asserted))),
            (esc(ctx.t("triples-inferred")), str(len(inferred))),
        ]
    )
    users = sorted_by_label(g, {f.subject for f in asserted if isinstance(f.subject, ox.NamedNode)}, ctx.lang)
    body = (
        heading(ctx, node, kind)
        + summary
        + section(ctx.t("usage"), usage + bullet_list([ctx.link(u) for u in users], css="columns"), anchor="usage")
        + standard_sections(ctx, node)
    )
    return frame(ctx, ctx.label(node), body)


def scheme_page(ctx: Ctx, node: ox.NamedNode) -> str:
    g = ctx.graph
    concepts = sorted_by_label(g, g.subjects(SKOS + "inScheme", node), ctx.lang)
    rows = [
        f"{ctx.link(c)} — {esc(g.text(c, (SKOS + 'definition',), ctx.lang) or '')}"
        for c in concepts
        if isinstance(c, ox.NamedNode)
    ]
    summary = definition_list(
        [*labels_rows(ctx, node), (esc(ctx.t("definition")), literal_texts(ctx, node, SKOS + "definition"))]
    )
    body = (
        heading(ctx, node, "kind-scheme")
        + summary
        + section(f"{ctx.t('concepts')} ({len(rows)})", bullet_list(rows), anchor="concepts")
        + standard_sections(ctx, node)
    )
    return frame(ctx, ctx.label(node), body)


def concept_page(ctx: Ctx, node: ox.NamedNode) -> str:
    g = ctx.graph
    summary = definition_list(
        [
            *labels_rows(ctx, node),
            (esc(ctx.t("definition")), literal_texts(ctx, node, SKOS + "definition")),
            (esc(ctx.t("in-scheme")), ctx.links(g.iri_objects(node, SKOS + "inScheme"))),
            (esc(ctx.t("broader")), links_if_any(ctx, g.iri_objects(node, SKOS + "broader"))),
            (esc(ctx.t("narrower")), links_if_any(ctx, g.subjects(SKOS + "broader", node))),
        ]
    )
    body = heading(ctx, node, "kind-concept") + summary + standard_sections(ctx, node)
    return frame(ctx, ctx.label(node), body)


def resource_page(ctx: Ctx, node: ox.NamedNode) -> str:
    """An instance (``/id/…``) or any other IPCO IRI without a more specific page."""
    body = heading(ctx, node) + standard_sections(ctx, node)
    return frame(ctx, ctx.label(node), body)


def source_page(ctx: Ctx, node: ox.NamedNode) -> str:
    """A source document: its own facts, then every resource and fact of the graph it states."""
    g = ctx.graph
    parts = []
    for graph in g.iri_objects(node, STATED_IN_GRAPH):
        for subject in sorted_by_label(g, g.graph_subjects(graph.value), ctx.lang):
            facts = [f for f in g.out.get(subject, []) if graph.value in f.graphs]
            parts.append(
                f'<details><summary>{ctx.link(subject)} <span class="count">{len(facts)} {esc(ctx.t("statements"))}'
                f"</span></summary>\n{facts_table(ctx, facts, sources=False)}</details>\n"
            )
    supports = section(ctx.t("supports"), "".join(parts), anchor="supports", note=ctx.t("supports-note"))
    text = text_path(node.value, ctx.lang) if node.value in g.texts else None
    read = f'<p class="read"><a href="{esc(ctx.url(text))}">{esc(ctx.t("text-read"))}</a></p>\n' if text else ""
    body = heading(ctx, node) + read + supports + standard_sections(ctx, node)
    return frame(ctx, ctx.label(node), body)


def graph_page(ctx: Ctx, node: ox.NamedNode) -> str:
    """A named graph of the release: what fills it, who states it, what it describes."""
    g = ctx.graph
    name = node.value[len(IPCO_GRAPH) :]
    documents = g.documents_stating(node.value)
    part = g.part_of_graph.get(node.value)
    if name in ("ontology", "shapes", "inferred"):
        note = ctx.t(f"graph-{name}")
        count = g.triple_counts.get(name, 0) if name == INFERRED_PART else g.graph_triples.get(node.value, 0)
    else:
        note = "" if documents else ctx.t("reference-graph")
        count = g.graph_triples.get(node.value, 0)
    summary = definition_list(
        [
            (esc(ctx.t("triple-count")), str(count)),
            (esc(ctx.t("stated-by")), links_if_any(ctx, documents)),
        ]
    )
    contents = ""
    if part == "data":
        subjects = sorted_by_label(g, g.graph_subjects(node.value), ctx.lang)
        contents = section(
            f"{ctx.t('graph-contents')} ({len(subjects)})", bullet_list([ctx.link(s) for s in subjects], css="columns")
        )
    lead = f'<p class="lead">{esc(note)}</p>\n' if note else ""
    body = (
        f'<p class="iri"><span class="kind">{esc(ctx.t("kind-graph"))}</span> <code>{esc(node.value)}</code></p>\n'
        + lead
        + summary
        + contents
        + standard_sections(ctx, node)
    )
    return frame(ctx, name, body)


def module_page(ctx: Ctx, node: ox.NamedNode) -> str:
    """An ontology module (or a version IRI): its header facts and the terms it defines."""
    g = ctx.graph
    terms = sorted_by_label(g, g.subjects(RDFS + "isDefinedBy", node), ctx.lang)
    defined = (
        section(f"{ctx.t('terms-defined')} ({len(terms)})", bullet_list([ctx.link(t) for t in terms], css="columns"))
        if terms
        else ""
    )
    body = heading(ctx, node, "kind-module") + defined + standard_sections(ctx, node)
    return frame(ctx, ctx.label(node), body)


def shape_page(ctx: Ctx, node: ox.NamedNode) -> str:
    body = heading(ctx, node, "kind-shape") + standard_sections(ctx, node)
    return frame(ctx, ctx.label(node), body)


def term_page(ctx: Ctx, node: ox.NamedNode) -> str:
    """An IPCO term used but declared neither class nor property."""
    body = heading(ctx, node) + standard_sections(ctx, node)
    return frame(ctx, ctx.label(node), body)


PAGE_BUILDERS: dict[str, Callable[[Ctx, ox.NamedNode], str]] = {
    "class": class_page,
    "property": property_page,
    "term": term_page,
    "scheme": scheme_page,
    "concept": concept_page,
    "resource": resource_page,
    "source": source_page,
    "graph": graph_page,
    "module": module_page,
    "shape": shape_page,
}
