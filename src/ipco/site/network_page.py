"""The network page of each language: the picture inline with the numbered cooperations under it,
and the picture alone as SVG files.
"""

from __future__ import annotations

import pyoxigraph as ox

from ipco.namespaces import IPCO
from ipco.site.layout import NETWORK_PAGE, NETWORK_SVG, SCRIPT, Ctx, esc, frame, href, section
from ipco.site.model import SiteGraph, term_key
from ipco.site.network import NO_KIND_COLOUR, Linker, Network, extract
from ipco.site.network_layout import Positions, place
from ipco.site.network_svg import svg
from ipco.site.paths import DEFAULT_LANGUAGE, page_path


def network_files(graph: SiteGraph, lang: str, positions: Positions) -> dict[str, str]:
    """``<lang>/network.html`` with the picture inline, the picture alone as ``<lang>/network.svg``,
    and, for the default language, ``network.svg`` at the site's root."""
    network = extract(graph, lang)
    place(network, positions)
    page = f"{lang}/{NETWORK_PAGE}"
    ctx = Ctx(graph, lang, page)
    out: dict[str, str] = {}

    def linker(source: str) -> Linker:
        def link(iri: str) -> str | None:
            target = page_path(iri, lang)
            return None if target is None else href(source, target)

        return link

    picture = svg(network, ctx, linker(page), standalone=False)
    if picture:
        body = (
            f'<p class="lead">{esc(ctx.t("network-intro"))}</p>\n'
            f'<div class="network-frame">\n{picture}</div>\n'
            f'<p><a href="{esc(ctx.url(f"{lang}/{NETWORK_SVG}"))}">{esc(ctx.t("network-svg"))}</a></p>\n'
            + section(ctx.t("network-cooperations"), cooperation_list(network, ctx, graph), anchor="cooperations")
        )
    else:
        body = f'<p class="none">{esc(ctx.t("no-network"))}</p>\n'
    out[page] = frame(ctx, ctx.t("network-title"), body, script=SCRIPT, wide=True)
    for target in (f"{lang}/{NETWORK_SVG}", *([NETWORK_SVG] if lang == DEFAULT_LANGUAGE else [])):
        standalone = svg(network, Ctx(graph, lang, target), linker(target), standalone=True)
        out[target] = standalone or _empty_svg(ctx)
    return out


def _empty_svg(ctx: Ctx) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 40"'
        f' width="400" height="40"><text x="10" y="25">{esc(ctx.t("no-network"))}</text></svg>\n'
    )


def cooperation_list(network: Network, ctx: Ctx, graph: SiteGraph) -> str:
    """The numbered cooperations under the picture: label, kinds, parties."""
    rows = []
    hubs = sorted((n for n in network.nodes.values() if n.kind == "cooperation"), key=lambda n: n.number)
    for hub in hubs:
        coop = ox.NamedNode(hub.iri)
        kinds = ", ".join(
            f'<span class="swatch" style="background:{network.kind_colours.get(k, NO_KIND_COLOUR)}"></span>'
            + ctx.link(ox.NamedNode(k))
            for k in hub.kinds
        )
        parties = ctx.links(
            sorted(graph.iri_objects(coop, IPCO + "party"), key=lambda p: (ctx.label(p).casefold(), term_key(p)))
        )
        rows.append(
            f'<li value="{hub.number}">{ctx.link(coop)}<br><span class="note">'
            f"{esc(ctx.t('cooperation-kinds'))}{ctx.colon}{kinds or '—'} · "
            f"{esc(ctx.t('parties'))}{ctx.colon}{parties}</span></li>\n"
        )
    return f'<ol class="cooperations">\n{"".join(rows)}</ol>\n' if rows else ""
