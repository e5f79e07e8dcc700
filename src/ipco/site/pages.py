"""The site's pages: one per IPCO IRI (term, concept, instance, source document, graph, module,
shape) plus the home page, the ontology reference index, the data and sources indexes.

Each builder returns the HTML of one page in one language. What a page shows is read from the
``SiteGraph`` only; asserted facts carry the documents that state them, inferred ones are apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from ipco.namespaces import (
    DCTERMS,
    IPCO,
    IPCO_GRAPH,
    IPCO_ID,
    IPCO_SHAPES,
    IPCO_VOCAB,
    ONTOLOGY_IRI,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    is_ipco_term,
)
from ipco.site.layout import (
    DATA_PAGE,
    NETWORK_PAGE,
    SOURCES_PAGE,
    Ctx,
    bullet_list,
    colon,
    definition_list,
    esc,
    frame,
    node_kind_badge,
    section,
)
from ipco.site.model import INFERRED_PART, Fact, Node, SiteGraph, curie, sorted_by_label, term_key
from ipco.site.paths import LANGUAGES, ONTOLOGY_FOLDER, index_path
from ipco.site.text import text

SOURCE_DOCUMENT = IPCO + "SourceDocument"
STATED_IN_GRAPH = IPCO + "statedInGraph"
PROPERTY_TYPES = (OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty", RDF + "Property")
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
#: Facts shown first on a resource's page, in this order; the rest follow by property name.
LEADING = (
    RDF + "type",
    SKOS + "prefLabel",
    SKOS + "altLabel",
    RDFS + "label",
    DCTERMS + "description",
    SKOS + "definition",
)
TRAILING = (PROV + "wasDerivedFrom", RDFS + "isDefinedBy")
DESCRIPTION = DCTERMS + "description"


# -- kinds of IRI ---------------------------------------------------------------------------------


def kind_of(graph: SiteGraph, iri: str) -> str:
    """Which page builder an IPCO IRI gets."""
    node = ox.NamedNode(iri)
    if iri == ONTOLOGY_IRI:
        return "ontology"
    if iri.startswith(ONTOLOGY_IRI + "/"):
        return "module"
    if iri.startswith(IPCO_GRAPH):
        return "graph"
    if iri.startswith(IPCO_SHAPES):
        return "shape"
    if iri.startswith(IPCO_VOCAB):
        return "scheme" if graph.has_type(node, SKOS + "ConceptScheme") else "concept"
    if is_ipco_term(iri):
        if graph.has_type(node, OWL + "Class", inferred=False):
            return "class"
        if any(graph.has_type(node, t, inferred=False) for t in PROPERTY_TYPES):
            return "property"
        return "term"
    if iri.startswith(IPCO_ID) and graph.has_type(node, SOURCE_DOCUMENT):
        return "source"
    return "resource"


def classes(graph: SiteGraph) -> list[ox.NamedNode]:
    """IPCO's own classes."""
    return [n for n in graph.of_type(OWL + "Class") if isinstance(n, ox.NamedNode) and is_ipco_term(n.value)]


def properties(graph: SiteGraph, kind: str) -> list[ox.NamedNode]:
    """IPCO's own properties declared with ``kind`` (owl:ObjectProperty…)."""
    return [n for n in graph.of_type(kind) if isinstance(n, ox.NamedNode) and is_ipco_term(n.value)]


def instances(graph: SiteGraph) -> list[ox.NamedNode]:
    """Resources the data describes (IPCO instance IRIs that are subjects of data triples)."""
    found = {
        f.subject
        for f in graph.asserted
        if isinstance(f.subject, ox.NamedNode)
        and f.subject.value.startswith(IPCO_ID)
        and any(graph.part_of_graph.get(g) == "data" for g in f.graphs)
    }
    return sorted(found, key=term_key)


def source_documents(graph: SiteGraph) -> list[Node]:
    return graph.of_type(SOURCE_DOCUMENT)


def organisations(graph: SiteGraph) -> list[Node]:
    """Instances of org:Organization, asserted or inferred."""
    return graph.of_type(ORG + "Organization", inferred=True)


# -- shared page parts ----------------------------------------------------------------------------


def _fact_order(ctx: Ctx) -> Callable[[Fact], tuple[int, str, str]]:
    def key(fact: Fact) -> tuple[int, str, str]:
        iri = fact.predicate.value
        if iri in LEADING:
            rank = LEADING.index(iri)
        elif iri in TRAILING:
            rank = 100 + TRAILING.index(iri)
        else:
            rank = 50
        return (rank, ctx.graph.label(fact.predicate, ctx.lang).casefold(), iri)

    return key


def facts_table(ctx: Ctx, facts: Iterable[Fact], *, sources: bool = True) -> str:
    """Outbound facts grouped by property; each value with the documents that state it."""
    groups: dict[str, list[Fact]] = defaultdict(list)
    order = _fact_order(ctx)
    for fact in sorted(facts, key=lambda f: (order(f), term_key(f.object))):
        groups[fact.predicate.value].append(fact)
    if not groups:
        return f'<p class="none">{esc(ctx.t("no-facts"))}</p>\n'
    head = f"<th>{esc(ctx.t('property'))}</th><th>{esc(ctx.t('value'))}</th>"
    if sources:
        head += f"<th>{esc(ctx.t('source'))}</th>"
    rows = []
    for group in groups.values():
        for index, fact in enumerate(group):
            cells = ""
            if index == 0:
                span = f' rowspan="{len(group)}"' if len(group) > 1 else ""
                cells += f'<th scope="rowgroup"{span}>{ctx.predicate(fact.predicate)}</th>'
            cells += f"<td>{ctx.link(fact.object)}</td>"
            if sources:
                cells += f'<td class="src">{ctx.sources(fact)}</td>'
            rows.append(f"<tr>{cells}</tr>\n")
    return f'<table class="facts">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{"".join(rows)}</tbody>\n</table>\n'


def inbound_table(ctx: Ctx, node: Node) -> str:
    """Asserted facts whose object is ``node``: subject, property, source."""
    facts = sorted(
        ctx.graph.into.get(node, []),
        key=lambda f: (
            ctx.graph.label(f.predicate, ctx.lang).casefold(),
            ctx.label(f.subject).casefold(),
            term_key(f.subject),
        ),
    )
    if not facts:
        return ""
    head = f"<th>{esc(ctx.t('subject'))}</th><th>{esc(ctx.t('property'))}</th><th>{esc(ctx.t('source'))}</th>"
    rows = "".join(
        f"<tr><td>{ctx.link(f.subject)}</td><td>{ctx.predicate(f.predicate)}</td>"
        f'<td class="src">{ctx.sources(f)}</td></tr>\n'
        for f in facts
    )
    table = f'<table class="facts inbound">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n'
    return section(f"{ctx.t('inbound')} ({len(facts)})", table, anchor="inbound", note=ctx.t("inbound-note"))


def inferred_section(ctx: Ctx, node: Node) -> str:
    """Entailed facts about ``node``, in a closed ``<details>``, marked as inferred."""
    facts = ctx.graph.inferred_out.get(node, [])
    if not facts:
        return ""
    table = facts_table(ctx, facts, sources=False)
    return (
        f'<section id="inferred" class="inferred">\n<details>\n<summary><h2>{esc(ctx.t("inferred-facts"))} '
        f'({len(facts)}) <span class="badge inferred">{esc(ctx.t("inferred-badge"))}</span></h2></summary>\n'
        f'<p class="note">{esc(ctx.t("inferred-note"))}</p>\n{table}</details>\n</section>\n'
    )


def heading(ctx: Ctx, node: ox.NamedNode, kind_key: str | None = None) -> str:
    """The page's title block: label, kind badge, IRI, asserted types, short names, description."""
    badge = f'<span class="kind">{esc(ctx.t(kind_key))}</span> ' if kind_key else ""
    names = ctx.graph.short_names(node, ctx.lang)
    alias = f'<p class="aka">{esc(ctx.t("also-known-as"))}{ctx.colon}{esc(", ".join(names))}</p>\n' if names else ""
    types = node_kind_badge(ctx, node)
    types_line = f'<p class="types">{esc(ctx.t("types"))}{ctx.colon}{types}</p>\n' if types else ""
    description = ""
    for value in ctx.graph.literals(node, DESCRIPTION, ctx.lang):
        lang = _language_of(ctx, node, DESCRIPTION, value)
        attr = f' lang="{esc(lang)}"' if lang and lang != ctx.lang else ""
        description += f'<p class="lead"{attr}>{esc(value)}</p>\n'
    return f'<p class="iri">{badge}<code>{esc(node.value)}</code></p>\n{types_line}{alias}{description}'


def _language_of(ctx: Ctx, node: Node, predicate: str, value: str) -> str | None:
    for obj in ctx.graph.objects(node, predicate):
        if isinstance(obj, ox.Literal) and obj.value == value:
            return obj.language
    return None


def standard_sections(ctx: Ctx, node: ox.NamedNode) -> str:
    """Facts with sources, inferred facts, inbound links: the end of every resource's page."""
    facts = section(ctx.t("facts"), facts_table(ctx, ctx.graph.out.get(node, [])), anchor="facts")
    return facts + inferred_section(ctx, node) + inbound_table(ctx, node)


def labels_rows(ctx: Ctx, node: Node) -> list[tuple[str, str]]:
    """English and French labels, shown side by side on term pages."""
    rows = []
    for lang in LANGUAGES:
        values = []
        for predicate in (SKOS + "prefLabel", RDFS + "label"):
            values += [
                f'<span lang="{lang}">{esc(o.value)}</span>'
                for o in ctx.graph.objects(node, predicate)
                if isinstance(o, ox.Literal) and o.language == lang
            ]
        rows.append((esc(ctx.t(f"label-{lang}")), ", ".join(values)))
    return rows


def _links_if_any(ctx: Ctx, terms: list[ox.NamedNode] | list[Node]) -> str:
    """Links to ``terms``, or nothing (so a summary row without them is left out)."""
    return ctx.links(terms) if terms else ""


def _texts(ctx: Ctx, node: Node, predicate: str) -> str:
    values = ctx.graph.literals(node, predicate, ctx.lang)
    return "<br>".join(esc(v) for v in values)


# -- pages of IRIs --------------------------------------------------------------------------------


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
            (esc(ctx.t("definition")), _texts(ctx, node, SKOS + "definition")),
            (esc(ctx.t("comment")), _texts(ctx, node, RDFS + "comment")),
            (esc(ctx.t("defined-in")), ctx.links(g.iri_objects(node, RDFS + "isDefinedBy"))),
            (esc(ctx.t("superclasses")), ctx.links(supers)),
            (esc(ctx.t("subclasses")), ctx.links(subs)),
            (esc(ctx.t("ancestors")), ctx.links(sorted_by_label(g, ancestors, ctx.lang))),
            (esc(ctx.t("properties-with-domain")), ctx.links(domain_of)),
            (esc(ctx.t("properties-with-range")), ctx.links(range_of)),
            (esc(ctx.t("shapes-for")), _links_if_any(ctx, shapes)),
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
    members = [
        ctx.link(i) + ("" if i in asserted else f' <span class="badge inferred">{esc(ctx.t("inferred-badge"))}</span>')
        for i in sorted_by_label(g, everything, ctx.lang)
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
    inverses = sorted_by_label(
        g, [*g.iri_objects(node, OWL + "inverseOf"), *g.subjects(OWL + "inverseOf", node)], ctx.lang
    )
    characteristics = [ox.NamedNode(c) for c in CHARACTERISTICS if c in types]
    summary = definition_list(
        [
            *labels_rows(ctx, node),
            (esc(ctx.t("definition")), _texts(ctx, node, SKOS + "definition")),
            (esc(ctx.t("comment")), _texts(ctx, node, RDFS + "comment")),
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
    users = sorted_by_label(g, {f.subject for f in asserted}, ctx.lang)
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
        [*labels_rows(ctx, node), (esc(ctx.t("definition")), _texts(ctx, node, SKOS + "definition"))]
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
            (esc(ctx.t("definition")), _texts(ctx, node, SKOS + "definition")),
            (esc(ctx.t("in-scheme")), ctx.links(g.iri_objects(node, SKOS + "inScheme"))),
            (esc(ctx.t("broader")), _links_if_any(ctx, g.iri_objects(node, SKOS + "broader"))),
            (esc(ctx.t("narrower")), _links_if_any(ctx, g.subjects(SKOS + "broader", node))),
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
    body = heading(ctx, node) + supports + standard_sections(ctx, node)
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
            (esc(ctx.t("stated-by")), _links_if_any(ctx, documents)),
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


# -- site-wide pages ------------------------------------------------------------------------------

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
