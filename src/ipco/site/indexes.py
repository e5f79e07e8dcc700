"""The site-wide pages: the home page and its figures, the ontology reference index, the data and
sources indexes, and the language chooser.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ipco.namespaces import DCTERMS, IPCO, ONTOLOGY_IRI, OWL, RDFS, SH, SKOS, is_ipco_term
from ipco.site.kinds import STATED_IN_GRAPH, classes, instances, organisations, properties, source_documents
from ipco.site.layout import DATA_PAGE, NETWORK_PAGE, SOURCES_PAGE, Ctx, bullet_list, colon, esc, frame, section
from ipco.site.model import Node, SiteGraph, curie, sorted_by_label
from ipco.site.parts import heading, standard_sections
from ipco.site.paths import LANGUAGES, ONTOLOGY_FOLDER, index_path
from ipco.site.text import text

#: The release's parts, in the order the home page counts their triples.
PARTS_SHOWN = ("ontology", "shapes", "data", "inferred")


def home_page(ctx: Ctx, counts: dict[str, int]) -> str:
    g = ctx.graph
    explore = bullet_list(
        [
            f'<a href="{esc(ctx.url(target))}">{esc(ctx.t(name))}</a>{ctx.colon}{esc(ctx.t(what))}'
            for target, name, what in (
                (f"{ctx.lang}/{ONTOLOGY_FOLDER}/index.html", "nav-ontology", "home-ontology"),
                (f"{ctx.lang}/{NETWORK_PAGE}", "nav-network", "home-network"),
                (f"{ctx.lang}/{DATA_PAGE}", "nav-data", "home-data"),
                (f"{ctx.lang}/{SOURCES_PAGE}", "nav-sources", "home-sources"),
            )
        ],
        css="explore",
    )
    figures = "".join(
        f'<div class="figure"><strong>{value}</strong> <span>{esc(ctx.t(key))}</span></div>\n'
        for key, value in counts.items()
    )
    triples = ", ".join(f"{g.triple_counts.get(part, 0)} {esc(ctx.t(f'part-{part}'))}" for part in PARTS_SHOWN)
    documents = bullet_list([ctx.link(d) for d in sorted_by_label(g, source_documents(g), ctx.lang)])
    body = (
        f'<p class="lead">{esc(ctx.t("home-intro"))}</p>\n'
        + section(ctx.t("home-explore"), explore)
        + section(
            ctx.t("home-counts"),
            f'<div class="figures">\n{figures}</div>\n<p>{esc(ctx.t("count-triples"))}{ctx.colon}{triples}.</p>\n',
        )
        + section(ctx.t("sources-title"), documents + f'<p class="note">{esc(ctx.t("downloads"))}</p>\n')
    )
    return frame(ctx, ctx.t("site-title"), body)


def site_counts(graph: SiteGraph) -> dict[str, int]:
    """The figures on the home page."""
    return {
        "count-classes": len(classes(graph)),
        "count-object-properties": len(properties(graph, OWL + "ObjectProperty")),
        "count-datatype-properties": len(properties(graph, OWL + "DatatypeProperty")),
        "count-annotation-properties": len(properties(graph, OWL + "AnnotationProperty")),
        "count-schemes": len(graph.of_type(SKOS + "ConceptScheme")),
        "count-concepts": len(graph.of_type(SKOS + "Concept")),
        "count-instances": len(instances(graph)),
        "count-organisations": len(organisations(graph)),
        "count-cooperations": len(graph.of_type(IPCO + "CooperationRelationship")),
        "count-sources": len(source_documents(graph)),
    }


def ontology_index(ctx: Ctx) -> str:
    """The reference: modules, class tree, properties, vocabularies, shapes, and the hub's facts."""
    g = ctx.graph
    hub = ox.NamedNode(ONTOLOGY_IRI)
    modules = sorted_by_label(g, [m for m in g.iri_objects(hub, OWL + "imports") if m.value.startswith(IPCO)], ctx.lang)
    module_rows = [f"{ctx.link(m)} <code>{esc(m.value)}</code>" for m in modules]
    all_classes = classes(g)
    tree = _class_tree(ctx, all_classes)
    object_properties = _property_table(ctx, properties(g, OWL + "ObjectProperty"))
    datatype_properties = _property_table(ctx, properties(g, OWL + "DatatypeProperty"))
    annotation_properties = _property_table(ctx, properties(g, OWL + "AnnotationProperty"))
    schemes = []
    for scheme in sorted_by_label(g, g.of_type(SKOS + "ConceptScheme"), ctx.lang):
        concepts = sorted_by_label(g, g.subjects(SKOS + "inScheme", scheme), ctx.lang)
        schemes.append(f"<h3>{ctx.link(scheme)}</h3>\n<p>{ctx.links(concepts)}</p>\n")
    shapes = sorted_by_label(g, [s for s in g.of_type(SH + "NodeShape") if isinstance(s, ox.NamedNode)], ctx.lang)
    shape_rows = [
        f"{ctx.link(s)} → {ctx.links(g.iri_objects(s, SH + 'targetClass'))}"
        if g.objects(s, SH + "targetClass")
        else ctx.link(s)
        for s in shapes
    ]
    toc = bullet_list(
        f'<a href="#{anchor}">{esc(ctx.t(key))}</a>'
        for anchor, key in (
            ("modules", "modules"),
            ("classes", "class-tree"),
            ("object-properties", "object-properties"),
            ("datatype-properties", "datatype-properties"),
            ("annotation-properties", "annotation-properties"),
            ("schemes", "schemes"),
            ("shapes", "shapes"),
        )
    )
    body = (
        (heading(ctx, hub) if g.out.get(hub) else "")
        + f'<nav class="toc">{toc}</nav>\n'
        + section(f"{ctx.t('modules')} ({len(modules)})", bullet_list(module_rows), anchor="modules")
        + section(f"{ctx.t('class-tree')} ({len(all_classes)})", tree, anchor="classes")
        + section(f"{ctx.t('object-properties')}", object_properties, anchor="object-properties")
        + section(f"{ctx.t('datatype-properties')}", datatype_properties, anchor="datatype-properties")
        + section(f"{ctx.t('annotation-properties')}", annotation_properties, anchor="annotation-properties")
        + section(ctx.t("schemes"), "".join(schemes), anchor="schemes")
        + section(f"{ctx.t('shapes')} ({len(shapes)})", bullet_list(shape_rows, css="columns"), anchor="shapes")
        + (standard_sections(ctx, hub) if g.out.get(hub) or g.into.get(hub) else "")
    )
    return frame(ctx, ctx.t("ontology-title"), body)


def _class_tree(ctx: Ctx, all_classes: list[ox.NamedNode]) -> str:
    """IPCO's classes nested under their IPCO superclasses; roots show their external superclass."""
    g = ctx.graph
    members = set(all_classes)
    children: dict[ox.NamedNode, list[ox.NamedNode]] = defaultdict(list)
    roots = []
    for cls in all_classes:
        parents = [p for p in g.iri_objects(cls, RDFS + "subClassOf") if p in members]
        for parent in parents:
            children[parent].append(cls)
        if not parents:
            roots.append(cls)

    def render(cls: ox.NamedNode, seen: frozenset[ox.NamedNode]) -> str:
        outside = [p for p in g.iri_objects(cls, RDFS + "subClassOf") if p not in members]
        note = f' <span class="sup">⊂ {ctx.links(outside)}</span>' if outside else ""
        kids = [c for c in sorted_by_label(g, children.get(cls, []), ctx.lang) if c not in seen]
        nested = "".join(render(c, seen | {c}) for c in kids if isinstance(c, ox.NamedNode))
        return f"<li>{ctx.link(cls)}{note}" + (f"\n<ul>\n{nested}</ul>\n" if nested else "") + "</li>\n"

    items = "".join(
        render(r, frozenset({r})) for r in sorted_by_label(g, roots, ctx.lang) if isinstance(r, ox.NamedNode)
    )
    return f'<ul class="tree">\n{items}</ul>\n'


def _property_table(ctx: Ctx, props: list[ox.NamedNode]) -> str:
    g = ctx.graph
    rows = "".join(
        f"<tr><td>{ctx.link(p)}</td><td><code>{esc(curie(p.value))}</code></td>"
        f"<td>{ctx.links(g.iri_objects(p, RDFS + 'domain'), empty='—')}</td>"
        f"<td>{ctx.links(g.iri_objects(p, RDFS + 'range'), empty='—')}</td></tr>\n"
        for p in sorted_by_label(g, props, ctx.lang)
        if isinstance(p, ox.NamedNode)
    )
    head = f"<th>{esc(ctx.t('property'))}</th><th>IRI</th><th>{esc(ctx.t('domain'))}</th><th>{esc(ctx.t('range'))}</th>"
    return f'<table class="index">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n'


def data_index(ctx: Ctx) -> str:
    """Every described resource under its most specific asserted type."""
    g = ctx.graph
    groups: dict[ox.NamedNode, list[Node]] = defaultdict(list)
    for node in instances(g):
        types = g.types(node)
        own = [t for t in types if is_ipco_term(t.value)]
        chosen = (own or types or [ox.NamedNode(RDFS + "Resource")])[0]
        groups[chosen].append(node)
    parts = []
    for cls in sorted_by_label(g, groups, ctx.lang):
        if not isinstance(cls, ox.NamedNode):
            continue
        members = sorted_by_label(g, groups[cls], ctx.lang)
        rows = [ctx.link(m) + _aka(ctx, m) for m in members]
        parts.append(
            f'<h2>{ctx.link(cls)} <span class="count">{len(members)}</span></h2>\n' + bullet_list(rows, css="columns")
        )
    body = f'<p class="lead">{esc(ctx.t("data-intro"))}</p>\n' + "".join(parts)
    return frame(ctx, ctx.t("data-title"), body)


def _aka(ctx: Ctx, node: Node) -> str:
    names = ctx.graph.short_names(node, ctx.lang)
    return f' <span class="aka">({esc(", ".join(names))})</span>' if names else ""


def sources_index(ctx: Ctx) -> str:
    """The source documents with what they print about themselves, and the reference graphs."""
    g = ctx.graph
    head = "".join(
        f"<th>{esc(ctx.t(k))}</th>"
        for k in ("source", "publisher", "language", "issued", "modified", "file", "triple-count", "resources")
    )
    rows = []
    stated: set[str] = set()
    for doc in sorted_by_label(g, source_documents(g), ctx.lang):
        graphs = g.iri_objects(doc, STATED_IN_GRAPH)
        stated.update(x.value for x in graphs)
        triples = sum(g.graph_triples.get(x.value, 0) for x in graphs)
        resources = sum(len(g.graph_subjects(x.value)) for x in graphs)
        cells = [
            ctx.link(doc),
            ctx.links(g.iri_objects(doc, DCTERMS + "publisher"), empty="—"),
            ctx.links(g.objects(doc, DCTERMS + "language"), empty="—"),
            ctx.links(g.objects(doc, DCTERMS + "issued"), empty="—"),
            ctx.links(g.objects(doc, DCTERMS + "modified"), empty="—"),
            ctx.links(g.objects(doc, IPCO + "fileName"), empty="—"),
            str(triples),
            str(resources),
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>\n")
    table = f'<table class="index">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{"".join(rows)}</tbody>\n</table>\n'
    reference = sorted(graph for graph, part in g.part_of_graph.items() if part == "data" and graph not in stated)
    reference_rows = [
        f"{ctx.link(ox.NamedNode(r))} — {g.graph_triples.get(r, 0)} {esc(ctx.t('count-triples'))}" for r in reference
    ]
    body = (
        f'<p class="lead">{esc(ctx.t("sources-intro"))}</p>\n'
        + table
        + section(
            ctx.t("reference-graphs"),
            f'<p class="note">{esc(ctx.t("reference-graph"))}</p>\n' + bullet_list(reference_rows),
        )
    )
    return frame(ctx, ctx.t("sources-title"), body)


def language_chooser() -> str:
    """``site/index.html``: the two home pages, each named in its own language."""
    links = "".join(
        f'<li><a href="{esc(index_path(lang))}" hreflang="{lang}" lang="{lang}">'
        f"<strong>{esc(text('site-title', lang))}</strong><br>{esc(text('choose-language', lang))}{colon(lang)}"
        f"{esc(_language_name(lang))}</a></li>\n"
        for lang in LANGUAGES
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>IPCO</title>\n"
        '<link rel="stylesheet" href="style.css">\n'
        '<link rel="icon" href="favicon.svg" type="image/svg+xml">\n'
        + "".join(f'<link rel="alternate" hreflang="{lang}" href="{esc(index_path(lang))}">\n' for lang in LANGUAGES)
        + '</head>\n<body>\n<main class="chooser">\n<h1>IPCO</h1>\n'
        f'<ul class="languages">\n{links}</ul>\n</main>\n</body>\n</html>\n'
    )


def _language_name(lang: str) -> str:
    return {"en": "English", "fr": "Français"}[lang]
