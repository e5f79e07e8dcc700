"""Page parts every page of an IRI shares: the title block, the facts with the documents and quotes
that state them, the inferred facts, what points here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from ipco.namespaces import DCTERMS, PROV, RDF, RDFS, SKOS
from ipco.site.layout import Ctx, esc, node_kind_badge, section
from ipco.site.model import Fact, Node, term_key
from ipco.site.paths import LANGUAGES

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


def links_if_any(ctx: Ctx, terms: list[ox.NamedNode] | list[Node]) -> str:
    """Links to ``terms``, or nothing (so a summary row without them is left out)."""
    return ctx.links(terms) if terms else ""


def literal_texts(ctx: Ctx, node: Node, predicate: str) -> str:
    values = ctx.graph.literals(node, predicate, ctx.lang)
    return "<br>".join(esc(v) for v in values)
