"""The documentation site of a release: every page in every language, as file name → bytes.

``site_files`` is all ``ipco build`` calls; the pages are plain HTML sharing one stylesheet, with
a few lines of script on the network page only. Same release in, same bytes out.
"""

from __future__ import annotations

from importlib.resources import files

import pyoxigraph as ox

from ipco.errors import IpcoError
from ipco.namespaces import ONTOLOGY_IRI
from ipco.site import network as net
from ipco.site.layout import (
    DATA_PAGE,
    FAVICON,
    NETWORK_PAGE,
    NETWORK_SVG,
    SCRIPT,
    SOURCES_PAGE,
    STYLESHEET,
    Ctx,
    esc,
    frame,
    href,
    section,
)
from ipco.site.model import SiteGraph
from ipco.site.pages import (
    PAGE_BUILDERS,
    data_index,
    home_page,
    kind_of,
    language_chooser,
    ontology_index,
    site_counts,
    sources_index,
)
from ipco.site.paths import DEFAULT_LANGUAGE, LANGUAGES, index_path, page_path

#: The site's folder inside the release.
SITE_FOLDER = "site"
STATIC_FILES = (STYLESHEET, FAVICON, SCRIPT)
#: Site-wide pages of each language, beside the pages of IRIs.
FIXED_PAGES = ("index.html", DATA_PAGE, SOURCES_PAGE, NETWORK_PAGE, NETWORK_SVG)


class UnsafePagePath(IpcoError):
    """An IRI maps to a page path that cannot be written (``..``, empty segments) or that another IRI
    already has: writing it would escape the site or overwrite a page."""

    code = "site-page-path"


def site_files(parts: dict[str, list[ox.Quad]]) -> dict[str, bytes]:
    """Every file of the site, keyed ``site/<path>`` (``site/en/id/dgsi.html``…), sorted."""
    graph = SiteGraph(parts)
    pages: dict[str, str] = {"index.html": language_chooser()}
    counts = site_counts(graph)
    iris = graph.ipco_iris()
    positions = net.force_layout(net.extract(graph, DEFAULT_LANGUAGE))
    for lang in LANGUAGES:
        owners: dict[str, str] = {}
        for iri in iris:
            path = _checked_path(iri, lang, owners)
            kind = kind_of(graph, iri)
            ctx = Ctx(graph, lang, path)
            pages[path] = ontology_index(ctx) if kind == "ontology" else PAGE_BUILDERS[kind](ctx, ox.NamedNode(iri))
        ontology_index_path = page_path(ONTOLOGY_IRI, lang)
        assert ontology_index_path is not None
        if ontology_index_path not in pages:
            pages[ontology_index_path] = ontology_index(Ctx(graph, lang, ontology_index_path))
        for name in FIXED_PAGES:
            if f"{lang}/{name}" in owners:
                raise UnsafePagePath(f"{owners[f'{lang}/{name}']}: its page would replace the site's {lang}/{name}")
        pages[index_path(lang)] = home_page(Ctx(graph, lang, index_path(lang)), counts)
        pages[f"{lang}/{DATA_PAGE}"] = data_index(Ctx(graph, lang, f"{lang}/{DATA_PAGE}"))
        pages[f"{lang}/{SOURCES_PAGE}"] = sources_index(Ctx(graph, lang, f"{lang}/{SOURCES_PAGE}"))
        pages.update(_network_files(graph, lang, positions))
    result = {f"{SITE_FOLDER}/{path}": content.encode() for path, content in pages.items()}
    static = files("ipco.site") / "static"
    for name in STATIC_FILES:
        result[f"{SITE_FOLDER}/{name}"] = (static / name).read_bytes()
    return dict(sorted(result.items()))


def _checked_path(iri: str, lang: str, owners: dict[str, str]) -> str:
    path = page_path(iri, lang)
    assert path is not None, iri  # ipco_iris() returns IPCO IRIs only
    segments = path.split("/")
    if any(s in ("", ".", "..") for s in segments) or "\\" in path or "\x00" in path:
        raise UnsafePagePath(f"{iri}: its page path {path!r} is not a plain relative path")
    if path in owners:
        raise UnsafePagePath(f"{iri} and {owners[path]} would share the page {path}")
    owners[path] = iri
    return path


def _network_files(graph: SiteGraph, lang: str, positions: net.Positions) -> dict[str, str]:
    """``<lang>/network.html`` with the picture inline, the picture alone as ``<lang>/network.svg``,
    and, for the default language, ``network.svg`` at the site's root."""
    network = net.extract(graph, lang)
    net.place(network, positions)
    page = f"{lang}/{NETWORK_PAGE}"
    ctx = Ctx(graph, lang, page)
    out: dict[str, str] = {}

    def linker(source: str) -> net.Linker:
        def link(iri: str) -> str | None:
            target = page_path(iri, lang)
            return None if target is None else href(source, target)

        return link

    picture = net.svg(network, ctx, linker(page), standalone=False)
    if picture:
        body = (
            f'<p class="lead">{esc(ctx.t("network-intro"))}</p>\n'
            f'<div class="network-frame">\n{picture}</div>\n'
            f'<p><a href="{esc(ctx.url(f"{lang}/{NETWORK_SVG}"))}">{esc(ctx.t("network-svg"))}</a></p>\n'
            + section(ctx.t("network-cooperations"), net.cooperation_list(network, ctx, graph), anchor="cooperations")
        )
    else:
        body = f'<p class="none">{esc(ctx.t("no-network"))}</p>\n'
    out[page] = frame(ctx, ctx.t("network-title"), body, script=True, wide=True)
    for target in (f"{lang}/{NETWORK_SVG}", *([NETWORK_SVG] if lang == DEFAULT_LANGUAGE else [])):
        standalone = net.svg(network, Ctx(graph, lang, target), linker(target), standalone=True)
        out[target] = standalone or _empty_svg(ctx)
    return out


def _empty_svg(ctx: Ctx) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 40"'
        f' width="400" height="40"><text x="10" y="25">{esc(ctx.t("no-network"))}</text></svg>\n'
    )
