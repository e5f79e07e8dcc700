"""HTML building blocks: the page frame, relative links, and how each kind of RDF term is shown.

Every piece of text goes through ``esc`` (html.escape); every link to an IPCO resource goes through
``page_path`` and is made relative to the page it sits on, so the site works from any folder, from
``file://`` and behind ``ipco serve``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox

from ipco.namespaces import IPCO, IPCO_GRAPH, IPCO_SHAPES, XSD
from ipco.site.model import Fact, Node, SiteGraph, Term, curie
from ipco.site.paths import LANGUAGES, ONTOLOGY_FOLDER, index_path, page_path, text_path
from ipco.site.text import external_label, text

STYLESHEET = "style.css"
FAVICON = "favicon.svg"
SCRIPT = "network.js"
#: Highlights every piece of the passage a text page's fragment names.
PASSAGE_SCRIPT = "passage.js"
#: Site-wide pages that are not the page of an IRI (no IPCO IRI maps to ``<lang>/<name>.html``).
DATA_PAGE = "data.html"
SOURCES_PAGE = "sources.html"
NETWORK_PAGE = "network.html"
NETWORK_SVG = "network.svg"

#: Deepest nesting shown for blank nodes (SHACL's ``sh:or ( [ … ] )`` needs two).
MAX_NESTING = 4


def esc(value: str) -> str:
    """Text escaped for HTML content and attribute values."""
    return html.escape(value, quote=True)


def colon(lang: str) -> str:
    """ ": " in English; French puts a (non-breaking) space before the colon."""
    return "\u00a0: " if lang == "fr" else ": "


def href(source: str, target: str) -> str:
    """The URL of site file ``target`` relative to the page at ``source`` (both site-relative)."""
    here = source.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:])
    return quote(relative, safe="/")


def in_language(path: str, lang: str) -> str:
    """The same page in another language: pages differ only by their first folder."""
    first, _, rest = path.partition("/")
    return f"{lang}/{rest}" if first in LANGUAGES else path


@dataclass(frozen=True)
class Ctx:
    """What rendering one page needs: the graph, the page's language and its own path."""

    graph: SiteGraph
    lang: str
    path: str

    def t(self, key: str) -> str:
        return text(key, self.lang)

    @property
    def colon(self) -> str:
        return colon(self.lang)

    def url(self, target: str) -> str:
        """Relative URL of a site file."""
        return href(self.path, target)

    def iri_url(self, iri: str) -> str | None:
        path = page_path(iri, self.lang)
        return None if path is None else self.url(path)

    def label(self, term: Term) -> str:
        """A term's name in this language; a named graph or a shape is called by its name."""
        if isinstance(term, ox.NamedNode) and term.value.startswith(IPCO_GRAPH):
            return f"{self.t('kind-graph')} {term.value[len(IPCO_GRAPH) :]}"
        if isinstance(term, ox.NamedNode) and term.value.startswith(IPCO_SHAPES):
            return term.value[len(IPCO_SHAPES) :]
        return self.graph.label(term, self.lang)

    # -- terms ---------------------------------------------------------------------------------

    def link(self, term: Term, *, text_override: str | None = None) -> str:
        """A term as HTML: IPCO IRIs link to their page, others to themselves, literals shown."""
        if isinstance(term, ox.Literal):
            return self.literal(term)
        if isinstance(term, ox.BlankNode):
            return self.blank(term, 0)
        shown = esc(text_override if text_override is not None else self.label(term))
        local = self.iri_url(term.value)
        if local is not None:
            return f'<a href="{esc(local)}" title="{esc(curie(term.value))}">{shown}</a>'
        return f'<a class="ext" href="{esc(term.value)}" rel="external">{esc(curie(term.value))}</a>'

    def predicate(self, predicate: ox.NamedNode) -> str:
        """A property by its name in this language: its label for IPCO's, a known name or CURIE else."""
        if predicate.value.startswith(IPCO):
            return self.link(predicate)
        name = external_label(predicate.value, self.lang)
        if name is None:
            return self.link(predicate)
        title = esc(curie(predicate.value))
        return f'<a class="ext" href="{esc(predicate.value)}" rel="external" title="{title}">{esc(name)}</a>'

    def literal(self, literal: ox.Literal) -> str:
        """A literal's value, with its language tag or a datatype badge (plain strings have none)."""
        language = literal.language
        if language is not None:
            return f'<span lang="{esc(language)}">{esc(literal.value)}</span> <span class="tag">{esc(language)}</span>'
        datatype = literal.datatype.value
        if datatype == XSD + "string":
            return f"<span>{esc(literal.value)}</span>"
        shown = literal.value
        if datatype == XSD + "integer" and literal.value.lstrip("-").isdigit():
            shown = f"{int(literal.value):,}".replace(",", "\u202f" if self.lang == "fr" else ",")
        return f'<span class="typed">{esc(shown)}</span> <span class="tag">{esc(curie(datatype))}</span>'

    def blank(self, node: ox.BlankNode, depth: int) -> str:
        """A blank node shown in place: an RDF list as a list, else its own facts, nested."""
        items = self.graph.rdf_list(node)
        if items is not None:
            return '<span class="list">( ' + " ".join(self._nested(i, depth) for i in items) + " )</span>"
        if depth >= MAX_NESTING:
            return "[…]"
        rows = "".join(
            f"<li>{self.predicate(f.predicate)} {self._nested(f.object, depth)}</li>"
            for f in self.graph.out.get(node, [])
        )
        return f'<ul class="blank">{rows}</ul>'

    def _nested(self, term: Term, depth: int) -> str:
        return self.blank(term, depth + 1) if isinstance(term, ox.BlankNode) else self.link(term)

    def links(self, terms: Iterable[Term], *, empty: str | None = None) -> str:
        """Terms as a comma-separated run of links."""
        shown = [self.link(t) for t in terms]
        if not shown:
            return f'<span class="none">{esc(empty or self.t("none"))}</span>'
        return ", ".join(shown)

    def sources(self, fact: Fact) -> str:
        """The documents (or reference graphs) that state a fact, as links."""
        shown: list[str] = []
        for graph in fact.graphs:
            documents = self.graph.documents_stating(graph)
            if documents:
                shown.extend(self.link(d) for d in documents)
            else:
                shown.append(self.link(ox.NamedNode(graph)))
        for passage in self.graph.quotes.get((fact.subject, fact.predicate, fact.object), []):
            quote = (
                f'<q class="evidence" data-start="{passage.start}" data-end="{passage.end}" '
                f'title="{esc(passage.document.value)} [{passage.start}:{passage.end}]">{esc(passage.exact)}</q>'
            )
            page = text_path(passage.document.value, self.lang) if passage.document.value in self.graph.texts else None
            if page is not None:
                target = f"{self.url(page)}#{passage_id(passage.start, passage.end)}"
                quote = f'<a class="evidence" href="{esc(target)}">{quote}</a>'
            shown.append(quote)
        return ", ".join(shown)


def passage_id(start: int, end: int) -> str:
    """The anchor of a quoted passage on its text's page: its character offsets, so it is stable."""
    return f"q-{start}-{end}"


def frame(ctx: Ctx, title: str, body: str, *, script: str | None = None, wide: bool = False) -> str:
    """A whole HTML page: head, top bar with navigation and the language switch, body, footer."""
    other = [lang for lang in LANGUAGES if lang != ctx.lang]
    switch = "".join(
        f'<a class="lang" href="{esc(ctx.url(in_language(ctx.path, lang)))}" hreflang="{lang}" lang="{lang}">'
        f"{esc(text('other-language', ctx.lang))}</a>"
        for lang in other
    )
    alternates = "".join(
        f'<link rel="alternate" hreflang="{lang}" href="{esc(ctx.url(in_language(ctx.path, lang)))}">\n'
        for lang in other
    )
    nav = [
        (index_path(ctx.lang), "nav-home"),
        (f"{ctx.lang}/{ONTOLOGY_FOLDER}/index.html", "nav-ontology"),
        (f"{ctx.lang}/{DATA_PAGE}", "nav-data"),
        (f"{ctx.lang}/{SOURCES_PAGE}", "nav-sources"),
        (f"{ctx.lang}/{NETWORK_PAGE}", "nav-network"),
    ]
    current = ' aria-current="page"'
    links = "".join(
        f'<a href="{esc(ctx.url(target))}"{current if target == ctx.path else ""}>{esc(ctx.t(key))}</a>'
        for target, key in nav
    )
    main_class = ' class="wide"' if wide else ""
    script_tag = f'<script src="{esc(ctx.url(script))}" defer></script>\n' if script else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{ctx.lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} — {esc(ctx.t('site-name'))}</title>\n"
        f'<link rel="stylesheet" href="{esc(ctx.url(STYLESHEET))}">\n'
        f'<link rel="icon" href="{esc(ctx.url(FAVICON))}" type="image/svg+xml">\n'
        f"{alternates}{script_tag}</head>\n<body>\n"
        f'<header class="top"><a class="brand" href="{esc(ctx.url(index_path(ctx.lang)))}">'
        f"<strong>{esc(ctx.t('site-name'))}</strong> <span>{esc(ctx.t('site-title'))}</span></a>\n"
        f"<nav>{links}</nav>{switch}</header>\n"
        f"<main{main_class}>\n<h1>{esc(title)}</h1>\n{body}</main>\n"
        f"<footer><p>{esc(ctx.t('footer'))}</p></footer>\n</body>\n</html>\n"
    )


def section(title: str, body: str, *, anchor: str | None = None, note: str | None = None) -> str:
    """A titled section; ``note`` is a one-line explanation under the title."""
    ident = f' id="{esc(anchor)}"' if anchor else ""
    explained = f'<p class="note">{esc(note)}</p>\n' if note else ""
    return f"<section{ident}>\n<h2>{esc(title)}</h2>\n{explained}{body}</section>\n"


def definition_list(rows: Iterable[tuple[str, str]]) -> str:
    """``<dl>`` of (already escaped) term/description pairs; empty rows are left out."""
    items = "".join(f"<dt>{term}</dt><dd>{value}</dd>\n" for term, value in rows if value)
    return f'<dl class="summary">\n{items}</dl>\n' if items else ""


def bullet_list(items: Iterable[str], *, css: str = "") -> str:
    """``<ul>`` of already-escaped items."""
    rows = "".join(f"<li>{item}</li>\n" for item in items)
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>\n{rows}</ul>\n" if rows else ""


def node_kind_badge(ctx: Ctx, node: Node) -> str:
    """The resource's asserted types as small badges."""
    return " ".join(f'<span class="badge">{ctx.link(t)}</span>' for t in ctx.graph.types(node))
