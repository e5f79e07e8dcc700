"""The documentation site of a release: every page in every language, as file name → bytes.

``site_files`` is all ``ipco build`` calls; the pages are plain HTML sharing one stylesheet, with
a few lines of script on the network page only. Same release in, same bytes out.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files

import pyoxigraph as ox

from ipco.errors import IpcoError
from ipco.namespaces import ONTOLOGY_IRI
from ipco.site.indexes import data_index, home_page, language_chooser, ontology_index, site_counts, sources_index
from ipco.site.kinds import kind_of
from ipco.site.layout import (
    DATA_PAGE,
    FAVICON,
    NETWORK_PAGE,
    NETWORK_SVG,
    PASSAGE_SCRIPT,
    SCRIPT,
    SOURCES_PAGE,
    STYLESHEET,
    Ctx,
)
from ipco.site.model import SiteGraph
from ipco.site.network import extract
from ipco.site.network_layout import force_layout
from ipco.site.network_page import network_files
from ipco.site.pages import PAGE_BUILDERS
from ipco.site.paths import DEFAULT_LANGUAGE, LANGUAGES, index_path, page_path, text_path
from ipco.site.source_text import text_page

#: The site's folder inside the release.
SITE_FOLDER = "site"
STATIC_FILES = (STYLESHEET, FAVICON, SCRIPT, PASSAGE_SCRIPT)
#: Site-wide pages of each language, beside the pages of IRIs.
FIXED_PAGES = ("index.html", DATA_PAGE, SOURCES_PAGE, NETWORK_PAGE, NETWORK_SVG)


class UnsafePagePath(IpcoError):
    """An IRI maps to a page path that cannot be written (``..``, empty segments) or that another IRI
    already has: writing it would escape the site or overwrite a page."""

    code = "site-page-path"


def site_files(parts: dict[str, list[ox.Quad]], texts: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """Every file of the site, keyed ``site/<path>`` (``site/en/id/dgsi.html``…), sorted; with
    ``texts`` (file name → content of ``sources/``), a page per source text its quotes link to."""
    graph = SiteGraph(parts, texts)
    pages: dict[str, str] = {"index.html": language_chooser()}
    counts = site_counts(graph)
    iris = graph.ipco_iris()
    positions = force_layout(extract(graph, DEFAULT_LANGUAGE))
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
        for document in sorted(graph.texts):
            text = text_path(document, lang)
            if text is not None:
                pages[_claim(text, f"the text of {document}", owners)] = text_page(
                    Ctx(graph, lang, text), ox.NamedNode(document)
                )
        for name in FIXED_PAGES:
            if f"{lang}/{name}" in owners:
                raise UnsafePagePath(f"{owners[f'{lang}/{name}']}: its page would replace the site's {lang}/{name}")
        pages[index_path(lang)] = home_page(Ctx(graph, lang, index_path(lang)), counts)
        pages[f"{lang}/{DATA_PAGE}"] = data_index(Ctx(graph, lang, f"{lang}/{DATA_PAGE}"))
        pages[f"{lang}/{SOURCES_PAGE}"] = sources_index(Ctx(graph, lang, f"{lang}/{SOURCES_PAGE}"))
        pages.update(network_files(graph, lang, positions))
    result = {f"{SITE_FOLDER}/{path}": content.encode() for path, content in pages.items()}
    static = files("ipco.site") / "static"
    for name in STATIC_FILES:
        result[f"{SITE_FOLDER}/{name}"] = (static / name).read_bytes()
    return dict(sorted(result.items()))


def _checked_path(iri: str, lang: str, owners: dict[str, str]) -> str:
    path = page_path(iri, lang)
    assert path is not None, iri  # ipco_iris() returns IPCO IRIs only
    return _claim(path, iri, owners)


def _claim(path: str, owner: str, owners: dict[str, str]) -> str:
    """``path`` for ``owner``, refused when it would leave the site or is another's page."""
    segments = path.split("/")
    if any(s in ("", ".", "..") for s in segments) or "\\" in path or "\x00" in path:
        raise UnsafePagePath(f"{owner}: its page path {path!r} is not a plain relative path")
    if path in owners:
        raise UnsafePagePath(f"{owner} and {owners[path]} would share the page {path}")
    owners[path] = owner
    return path
