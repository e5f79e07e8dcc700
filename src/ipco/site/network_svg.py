"""The network as SVG: group areas, styled lines, nodes with their labels and links, a legend.

Coordinates are written with one decimal, so the same layout gives the same bytes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

import pyoxigraph as ox

from ipco.site.layout import Ctx, esc
from ipco.site.network import (
    CATEGORIES,
    COUNTRY_FILL,
    EDGE_KINDS,
    EDGE_STYLE,
    FONT,
    FONT_FAMILY,
    HUB_RADIUS,
    INTERNATIONAL,
    LINE_HEIGHT,
    NO_KIND_COLOUR,
    OTHER_COLOUR,
    NetEdge,
    NetNode,
    Network,
    category_colour,
)

MARGIN = 40.0
LEGEND_WIDTH = 300.0


def _r(value: float) -> str:
    """A coordinate as written: one decimal, no negative zero."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def svg(network: Network, ctx: Ctx, link: Callable[[str], str | None], *, standalone: bool) -> str:
    """The picture: group areas, links, nodes with labels and links to their pages, and a legend."""
    nodes = network.nodes
    if not nodes:
        return ""
    boxes = [n.box() for n in nodes.values()]
    left = min(b[0] for b in boxes) - MARGIN
    top = min(b[1] for b in boxes) - MARGIN - 18
    right = max(b[2] for b in boxes) + MARGIN
    bottom = max(b[3] for b in boxes) + MARGIN
    legend = _legend(network, ctx)
    legend_height = legend[1]
    width = right - left + LEGEND_WIDTH
    height = max(bottom - top, legend_height + 2 * MARGIN)
    ids = {iri: f"n{i}" for i, iri in enumerate(nodes)}
    title = esc(ctx.t("network-title"))
    header = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="network" role="img" aria-labelledby="network-title"'
        f' viewBox="{_r(left)} {_r(top)} {_r(width)} {_r(height)}" width="{_r(width)}" height="{_r(height)}"'
        f' font-family="{FONT_FAMILY}" font-size="{FONT:g}">\n'
        f'<title id="network-title">{title}</title>\n'
    )
    if standalone:
        header = '<?xml version="1.0" encoding="UTF-8"?>\n' + header
    parts = [
        header,
        _markers(),
        f'<rect x="{_r(left)}" y="{_r(top)}" width="{_r(width)}" height="{_r(height)}" fill="#ffffff"/>\n',
    ]
    parts.append(_group_areas(network, ctx))
    parts.append(_edges(network, ctx, ids))
    parts.append(_nodes(network, ctx, ids, link))
    parts.append(f'<g class="legend" transform="translate({_r(right + 10)},{_r(top + MARGIN)})">\n{legend[0]}</g>\n')
    parts.append("</svg>\n")
    return "".join(parts)


def _markers() -> str:
    rows = []
    for kind in EDGE_KINDS:
        if kind.arrow:
            rows.append(
                f'<marker id="arrow-{kind.key}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"'
                ' markerHeight="7" markerUnits="userSpaceOnUse" orient="auto">'
                f'<path d="M0,0L10,5L0,10z" fill="{kind.colour}"/></marker>\n'
            )
    return "<defs>\n" + "".join(rows) + "</defs>\n"


def _group_areas(network: Network, ctx: Ctx) -> str:
    """A soft area behind each country's (and the international) cluster, named at its top."""
    members: dict[str, list[NetNode]] = defaultdict(list)
    for node in network.nodes.values():
        if node.group:
            members[node.group].append(node)
    palette = {INTERNATIONAL: "#f2c94c"}
    national = ("#9ecae1", "#fdae6b", "#a1d99b", "#bcbddc", "#fa9fb5")
    rows = []
    for i, key in enumerate(sorted(k for k in members if k != INTERNATIONAL)):
        palette[key] = national[i % len(national)]
    for key in sorted(members):
        group = members[key]
        points = []
        for node in group:
            box = node.box()
            points += [(box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])]
        hull = _convex_hull(points)
        path = "M" + "L".join(f"{_r(x)},{_r(y)}" for x, y in hull) + "Z"
        colour = palette[key]
        name = ctx.t("group-international") if key == INTERNATIONAL else ctx.label(ox.NamedNode(key))
        top_point = min(hull, key=lambda p: (p[1], p[0]))
        label_x = sum(x for x, _ in hull) / len(hull)
        rows.append(
            f'<g class="area"><path d="{path}" fill="{colour}" stroke="{colour}" stroke-width="36"'
            f' stroke-linejoin="round" opacity="0.22"/>'
            f'<text x="{_r(label_x)}" y="{_r(top_point[1] - 22)}" text-anchor="middle" font-size="15"'
            f' font-weight="700" fill="#555555" letter-spacing="1">{esc(name.upper())}</text></g>\n'
        )
    return '<g class="areas">\n' + "".join(rows) + "</g>\n"


def _convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain; points in counter-clockwise order."""
    unique = sorted(set(points))
    if len(unique) <= 2:
        return unique

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in unique:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(unique):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _edges(network: Network, ctx: Ctx, ids: dict[str, str]) -> str:
    """Links as lines; several links between the same two nodes bend apart."""
    by_pair: dict[tuple[str, str], list[NetEdge]] = defaultdict(list)
    for edge in network.edges:
        by_pair[tuple(sorted((edge.source, edge.target)))].append(edge)  # type: ignore[index]
    rows = []
    for pair in sorted(by_pair):
        bundle = by_pair[pair]
        for n, edge in enumerate(bundle):
            offset = 0.0 if len(bundle) == 1 else (n - (len(bundle) - 1) / 2) * 16.0
            if pair[0] != edge.source:
                offset = -offset
            rows.append(_edge(network, ctx, ids, edge, offset))
    return '<g class="edges" fill="none">\n' + "".join(rows) + "</g>\n"


def _edge(network: Network, ctx: Ctx, ids: dict[str, str], edge: NetEdge, offset: float) -> str:
    style = EDGE_STYLE[edge.kind]
    a, b = network.nodes[edge.source], network.nodes[edge.target]
    dx, dy = b.x - a.x, b.y - a.y
    length = math.sqrt(dx * dx + dy * dy) or 1.0
    ux, uy = dx / length, dy / length
    nx, ny = -uy, ux
    mx, my = (a.x + b.x) / 2 + nx * offset, (a.y + b.y) / 2 + ny * offset
    # Start and end on the nodes' rims, aiming at the control point so arrows meet the rim.
    sx, sy = _towards(a.x, a.y, mx, my, a.radius + 1)
    ex, ey = _towards(b.x, b.y, mx, my, b.radius + 2)
    path = (
        f"M{_r(sx)},{_r(sy)}Q{_r(mx)},{_r(my)} {_r(ex)},{_r(ey)}" if offset else f"M{_r(sx)},{_r(sy)}L{_r(ex)},{_r(ey)}"
    )
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    marker = f' marker-end="url(#arrow-{style.key})"' if style.arrow else ""
    title = f"{a.title} — {ctx.t('edge-' + edge.kind)} — {b.title}"
    return (
        f'<path class="edge e-{style.key}" data-ends="{ids[edge.source]} {ids[edge.target]}" d="{path}"'
        f' stroke="{style.colour}" stroke-width="{style.width:g}"{dash}{marker}><title>{esc(title)}</title></path>\n'
    )


def _towards(x: float, y: float, tx: float, ty: float, distance: float) -> tuple[float, float]:
    dx, dy = tx - x, ty - y
    length = math.sqrt(dx * dx + dy * dy) or 1.0
    return (x + dx / length * distance, y + dy / length * distance)


def _nodes(network: Network, ctx: Ctx, ids: dict[str, str], link: Callable[[str], str | None]) -> str:
    rows = []
    for iri, node in network.nodes.items():
        shape = _shape(network, node)
        label = _label(node)
        target = link(iri)
        kind_label = ctx.t("node-country") if node.kind == "country" else ctx.t("kind-resource")
        if node.kind == "org":
            kind_label = ctx.t(f"node-{node.category}")
        elif node.kind == "cooperation":
            kind_label = ctx.t("legend-cooperation")
        tooltip = f"{node.title} ({kind_label})"
        open_tag = f'<a href="{esc(target)}">' if target else ""
        close_tag = "</a>" if target else ""
        rows.append(
            f'<g class="node {node.kind}" data-id="{ids[iri]}" data-iri="{esc(iri)}">{open_tag}'
            f"<title>{esc(tooltip)}</title>{shape}{label}{close_tag}</g>\n"
        )
    return '<g class="nodes">\n' + "".join(rows) + "</g>\n"


def _shape(network: Network, node: NetNode) -> str:
    x, y = _r(node.x), _r(node.y)
    if node.kind == "country":
        half = node.radius
        return (
            f'<rect x="{_r(node.x - half)}" y="{_r(node.y - half)}" width="{_r(2 * half)}" height="{_r(2 * half)}"'
            f' rx="3" fill="{COUNTRY_FILL}" stroke="#333333" stroke-width="2"/>'
        )
    if node.kind == "cooperation":
        return _ring(network, node)
    fill = category_colour(node.category)
    return f'<circle cx="{x}" cy="{y}" r="{_r(node.radius)}" fill="{fill}" stroke="#ffffff" stroke-width="1.5"/>'


def _ring(network: Network, node: NetNode) -> str:
    """A cooperation: a ring split into one arc per kind, its number in the middle."""
    outer, inner = node.radius, node.radius - 4.5
    colours = [network.kind_colours[k] for k in node.kinds if k in network.kind_colours] or [NO_KIND_COLOUR]
    parts = [
        f'<circle cx="{_r(node.x)}" cy="{_r(node.y)}" r="{_r(outer + 1)}" fill="#ffffff" stroke="#555555"'
        ' stroke-width="0.8"/>'
    ]
    if len(colours) == 1:
        mid = (outer + inner) / 2
        parts.append(
            f'<circle cx="{_r(node.x)}" cy="{_r(node.y)}" r="{_r(mid)}" fill="none" stroke="{colours[0]}"'
            f' stroke-width="{_r(outer - inner)}"/>'
        )
    else:
        step = 2 * math.pi / len(colours)
        for i, colour in enumerate(colours):
            start, end = -math.pi / 2 + i * step, -math.pi / 2 + (i + 1) * step
            parts.append(f'<path d="{_arc(node.x, node.y, outer, inner, start, end)}" fill="{colour}"/>')
    return "".join(parts)


def _arc(cx: float, cy: float, outer: float, inner: float, start: float, end: float) -> str:
    large = 1 if end - start > math.pi else 0
    p1 = (cx + outer * math.cos(start), cy + outer * math.sin(start))
    p2 = (cx + outer * math.cos(end), cy + outer * math.sin(end))
    p3 = (cx + inner * math.cos(end), cy + inner * math.sin(end))
    p4 = (cx + inner * math.cos(start), cy + inner * math.sin(start))
    return (
        f"M{_r(p1[0])},{_r(p1[1])}A{_r(outer)},{_r(outer)} 0 {large} 1 {_r(p2[0])},{_r(p2[1])}"
        f"L{_r(p3[0])},{_r(p3[1])}A{_r(inner)},{_r(inner)} 0 {large} 0 {_r(p4[0])},{_r(p4[1])}Z"
    )


def _label(node: NetNode) -> str:
    weight = ' font-weight="700"' if node.bold else ""
    if node.kind == "cooperation":
        return (
            f'<text x="{_r(node.x)}" y="{_r(node.y + 3.5)}" text-anchor="middle" font-size="10" font-weight="700"'
            f' fill="#222222">{esc(node.lines[0])}</text>'
        )
    first_y = node.y + node.radius + 3 + FONT
    spans = "".join(
        f'<tspan x="{_r(node.x)}" y="{_r(first_y + i * LINE_HEIGHT)}">{esc(line)}</tspan>'
        for i, line in enumerate(node.lines)
    )
    return (
        f'<text text-anchor="middle"{weight} fill="#1a1a1a" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'
        f' paint-order="stroke">{spans}</text>'
    )


def _legend(network: Network, ctx: Ctx) -> tuple[str, float]:
    """The legend's SVG (drawn from its top left) and its height."""
    rows: list[str] = []
    y = 0.0

    def title(key: str) -> None:
        nonlocal y
        rows.append(
            f'<text x="0" y="{_r(y + 12)}" font-size="13" font-weight="700" fill="#222222">{esc(ctx.t(key))}</text>\n'
        )
        y += 22

    def entry(symbol: str, text_value: str) -> None:
        nonlocal y
        rows.append(
            f'<g transform="translate(0,{_r(y)})">{symbol}'
            f'<text x="40" y="10" fill="#333333">{esc(text_value)}</text></g>\n'
        )
        y += 18

    used_categories = {n.category for n in network.nodes.values() if n.kind == "org"}
    title("legend-nodes")
    for key, _, colour in (*CATEGORIES, ("other", "", OTHER_COLOUR)):
        if key in used_categories:
            entry(f'<circle cx="16" cy="6" r="6.5" fill="{colour}"/>', ctx.t(f"node-{key}"))
    if any(n.kind == "country" for n in network.nodes.values()):
        entry(
            '<rect x="9.5" y="-0.5" width="13" height="13" rx="3" fill="#ffffff" stroke="#333333" stroke-width="2"/>',
            ctx.t("node-country"),
        )
    y += 8
    title("legend-links")
    used_kinds = {e.kind for e in network.edges}
    for kind in EDGE_KINDS:
        if kind.key not in used_kinds:
            continue
        dash = f' stroke-dasharray="{kind.dash}"' if kind.dash else ""
        marker = f' marker-end="url(#arrow-{kind.key})"' if kind.arrow else ""
        entry(
            f'<path d="M0,6L30,6" stroke="{kind.colour}" stroke-width="{kind.width:g}"{dash}{marker} fill="none"/>',
            ctx.t(f"edge-{kind.key}"),
        )
    cooperations = [n for n in network.nodes.values() if n.kind == "cooperation"]
    if cooperations:
        y += 8
        title("legend-kinds")
        used = {k for n in cooperations for k in n.kinds}
        for concept, colour in network.kind_colours.items():
            if concept in used:
                entry(
                    f'<rect x="8" y="0" width="16" height="12" rx="2" fill="{colour}"/>',
                    ctx.label(ox.NamedNode(concept)),
                )
        entry(
            f'<circle cx="16" cy="6" r="{_r(HUB_RADIUS)}" fill="#ffffff" stroke="#555555" stroke-width="0.8"/>'
            '<text x="16" y="9.5" text-anchor="middle" font-size="9.5" font-weight="700">1</text>',
            ctx.t("legend-cooperation"),
        )
    return "".join(rows), y
