"""The cooperation network: services and bodies as nodes, what links them as styled lines, and
each cooperation relationship as a numbered ring whose colours are its kinds — drawn as SVG.

What is drawn comes from the asserted data only (no inferred shortcuts): one node per organisation
(every instance of org:Organization, asserted or inferred), the countries a link reaches, and one
ring per ipco:CooperationRelationship. A post stands for the body it is a post in (org:postIn).

The layout is deterministic: a force-directed layout (Fruchterman–Reingold) with a fixed seed and a
fixed number of iterations, pulling each body towards its country's anchor (international bodies in
the middle), then a pass that pushes apart overlapping node labels. Pure Python, so no numeric
library is needed; coordinates are rounded before they are written.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ipco.namespaces import IPCO, ORG, SKOS
from ipco.site.layout import Ctx, esc
from ipco.site.model import Node, SiteGraph, term_key

# -- what is drawn --------------------------------------------------------------------------------

#: Node categories, first match wins: (key, classes, fill colour); a body in none is "other".
CATEGORIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("intelligence", (IPCO + "IntelligenceService",), "#b2182b"),
    ("law-enforcement", (IPCO + "LawEnforcementAgency",), "#2166ac"),
    ("international", (IPCO + "InternationalOrganisation",), "#d69e00"),
    ("governance", (IPCO + "GovernanceBody",), "#1b9e77"),
    ("government", (IPCO + "GovernmentBody",), "#66803a"),
    ("unit", (ORG + "OrganizationalUnit",), "#b592c9"),
    ("group", (IPCO + "InformalGroup", IPCO + "IntelligenceCommunity"), "#6a3d9a"),
)
#: Links that make a body part of another: drawn as "part of", and used to find a body's country.
PART_OF = (ORG + "subOrganizationOf", ORG + "unitOf", IPCO + "formatOf")
OTHER_COLOUR = "#8c8c8c"
COUNTRY_FILL = "#ffffff"
RADIUS = {"intelligence": 13.0, "international": 12.0, "law-enforcement": 11.0, "group": 11.0}
DEFAULT_RADIUS = 8.5
COUNTRY_HALF = 8.0
HUB_RADIUS = 11.0


@dataclass(frozen=True)
class EdgeKind:
    """How one kind of link is drawn."""

    key: str
    colour: str
    dash: str = ""
    width: float = 1.6
    arrow: bool = True


EDGE_KINDS: tuple[EdgeKind, ...] = (
    EdgeKind("part-of", "#4d4d4d", width=1.8),
    EdgeKind("member", "#2166ac", width=2.0),
    EdgeKind("member-services", "#2166ac", dash="6 3"),
    EdgeKind("represents", "#6a3d9a", dash="3 3"),
    EdgeKind("participates", "#1b9e77", dash="7 3"),
    EdgeKind("partner", "#33a02c", width=2.2, arrow=False),
    EdgeKind("party", "#8f8f8f", width=1.3, arrow=False),
    EdgeKind("channel", "#8f8f8f", dash="1 3", width=2.0),
    EdgeKind("coordinates", "#8f8f8f", dash="5 2"),
    EdgeKind("liaison", "#e31a1c", dash="8 3"),
    EdgeKind("hosted", "#8c510a", dash="2 2"),
    EdgeKind("manages", "#ff7f00"),
    EdgeKind("answers-to", "#b15928", dash="5 3"),
    EdgeKind("products", "#e7298a"),
    EdgeKind("interlocutor", "#a6761d", dash="1 2", width=2.0),
)
EDGE_STYLE = {kind.key: kind for kind in EDGE_KINDS}
#: Colours of cooperation kinds, given in the order of the kinds' IRIs (Okabe–Ito first).
KIND_PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#d55e00",
    "#56b4e9",
    "#f0e442",
    "#7b3294",
    "#8c564b",
    "#bababa",
)
NO_KIND_COLOUR = "#d9d9d9"
INTERNATIONAL = "international"
#: Site-relative link from the picture to an IRI's page, None when it has none.
Linker = Callable[[str], "str | None"]

ACRONYM = re.compile(r"[A-Z][A-Za-z0-9.\-]*( [A-Z][A-Za-z0-9.\-]*)?")
MAX_SHORT = 12
LINE_CHARS = 20
MAX_LINES = 4
FONT = 11.0
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
LINE_HEIGHT = 13.0
#: Mean glyph widths at FONT px (a little generous, so boxes cover the text).
CHAR_WIDTH = 6.4
BOLD_CHAR_WIDTH = 7.4


@dataclass
class NetNode:
    """A drawn node: an organisation, a country, or a cooperation's ring."""

    iri: str
    kind: str  # "org", "country" or "cooperation"
    category: str
    group: str
    lines: list[str]
    bold: bool
    title: str
    radius: float
    number: int = 0
    kinds: list[str] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0

    def box(self) -> tuple[float, float, float, float]:
        """The node and its label: (left, top, right, bottom) around (x, y)."""
        if self.kind == "cooperation":
            return (
                self.x - self.radius - 2,
                self.y - self.radius - 2,
                self.x + self.radius + 2,
                self.y + self.radius + 2,
            )
        width = max((len(line) for line in self.lines), default=0) * (BOLD_CHAR_WIDTH if self.bold else CHAR_WIDTH)
        half = max(self.radius, width / 2) + 3
        below = self.radius + 3 + len(self.lines) * LINE_HEIGHT
        return (self.x - half, self.y - self.radius - 3, self.x + half, self.y + below)


@dataclass(frozen=True)
class NetEdge:
    """A drawn line from one node to another (``kind`` is a key of EDGE_STYLE)."""

    source: str
    target: str
    kind: str


@dataclass
class Network:
    """What the picture shows: nodes by IRI, lines, and the colour of each cooperation kind."""

    nodes: dict[str, NetNode]
    edges: list[NetEdge]
    kind_colours: dict[str, str]


# -- extraction -----------------------------------------------------------------------------------


def extract(graph: SiteGraph, lang: str) -> Network:
    """The nodes and links the sources give, ready to lay out."""
    organisations = [n for n in graph.of_type(ORG + "Organization", inferred=True) if isinstance(n, ox.NamedNode)]
    countries = {n.value for n in graph.of_type(IPCO + "Country", inferred=True) if isinstance(n, ox.NamedNode)}
    org_iris = {o.value for o in organisations}
    posts_in = {
        f.subject.value: f.object.value
        for f in graph.facts_with(ORG + "postIn")
        if isinstance(f.subject, ox.NamedNode) and isinstance(f.object, ox.NamedNode) and f.object.value in org_iris
    }

    def proxy(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str | None:
        if not isinstance(term, ox.NamedNode):
            return None
        if term.value in org_iris or term.value in countries:
            return term.value
        return posts_in.get(term.value)

    edges: set[NetEdge] = set()

    def add(kind: str, source: str | None, target: str | None, *, symmetric: bool = False) -> None:
        if source is None or target is None or source == target:
            return
        if symmetric and target < source:
            source, target = target, source
        edges.add(NetEdge(source, target, kind))

    def each(predicate: str, kind: str, *, reverse: bool = False, symmetric: bool = False) -> None:
        for fact in graph.facts_with(predicate):
            source, target = proxy(fact.subject), proxy(fact.object)
            if reverse:
                source, target = target, source
            add(kind, source, target, symmetric=symmetric)

    for predicate in PART_OF:
        each(predicate, "part-of")
    each(ORG + "memberOf", "member")
    each(IPCO + "memberServicesFrom", "member-services", reverse=True)
    each(IPCO + "representativeOf", "represents")
    each(IPCO + "participatesIn", "participates")
    each(IPCO + "partnerOf", "partner", symmetric=True)
    each(IPCO + "liaisesWith", "liaison")
    each(IPCO + "hostedBy", "hosted")
    each(IPCO + "managedBy", "manages", reverse=True)
    each(IPCO + "answersTo", "answers-to")
    each(ORG + "reportsTo", "answers-to")
    each(IPCO + "mainInterlocutor", "interlocutor")
    for membership in graph.of_type(ORG + "Membership"):
        for member in graph.objects(membership, ORG + "member"):
            for body in graph.objects(membership, ORG + "organization"):
                add("member", proxy(member), proxy(body))
            for country in graph.objects(membership, IPCO + "onBehalfOf"):
                add("represents", proxy(member), proxy(country))
    for product in graph.of_type(IPCO + "InformationProduct"):
        for producer in graph.objects(product, IPCO + "producedBy"):
            for recipient in graph.objects(product, IPCO + "recipient"):
                add("products", proxy(producer), proxy(recipient))

    cooperations = [
        c for c in graph.of_type(IPCO + "CooperationRelationship", inferred=True) if isinstance(c, ox.NamedNode)
    ]
    kind_order = _cooperation_kinds(graph, cooperations)
    kind_colours = {k: KIND_PALETTE[i % len(KIND_PALETTE)] for i, k in enumerate(kind_order)}
    nodes: dict[str, NetNode] = {}
    # Numbered in IRI order, so a cooperation has the same number in every language.
    for number, coop in enumerate(sorted(cooperations, key=term_key), start=1):
        parties = {p for p in (proxy(x) for x in graph.objects(coop, IPCO + "party")) if p}
        for party in sorted(parties):
            add("party", coop.value, party)
        for channel in graph.objects(coop, IPCO + "channel"):
            add("channel", coop.value, proxy(channel))
        for coordinator in graph.objects(coop, IPCO + "coordinatedBy"):
            who = proxy(coordinator)
            if who not in parties:
                add("coordinates", who, coop.value)
        kinds = sorted(k.value for k in graph.iri_objects(coop, IPCO + "cooperationKind"))
        nodes[coop.value] = NetNode(
            iri=coop.value,
            kind="cooperation",
            category="cooperation",
            group="",
            lines=[str(number)],
            bold=True,
            title=graph.label(coop, lang),
            radius=HUB_RADIUS,
            number=number,
            kinds=kinds,
        )
    linked = {e.source for e in edges} | {e.target for e in edges}
    for org in organisations:
        category = _category(graph, org)
        nodes[org.value] = NetNode(
            iri=org.value,
            kind="org",
            category=category,
            group="",
            lines=_label_lines(graph, org, lang),
            bold=bool(_acronym(graph, org, lang)),
            title=graph.label(org, lang),
            radius=RADIUS.get(category, DEFAULT_RADIUS),
        )
    for country_iri in sorted(countries & linked - org_iris):
        node = ox.NamedNode(country_iri)
        nodes[country_iri] = NetNode(
            iri=country_iri,
            kind="country",
            category="country",
            group="",
            lines=_label_lines(graph, node, lang),
            bold=False,
            title=graph.label(node, lang),
            radius=COUNTRY_HALF,
        )
    drawn = [
        e for e in sorted(edges, key=lambda e: (e.kind, e.source, e.target)) if e.source in nodes and e.target in nodes
    ]
    _assign_groups(graph, nodes, countries)
    return Network(nodes=dict(sorted(nodes.items())), edges=drawn, kind_colours=kind_colours)


def _cooperation_kinds(graph: SiteGraph, cooperations: list[ox.NamedNode]) -> list[str]:
    """Every concept of the schemes the used cooperation kinds belong to, by IRI."""
    used = {k.value for c in cooperations for k in graph.iri_objects(c, IPCO + "cooperationKind")}
    schemes = {s.value for k in used for s in graph.iri_objects(ox.NamedNode(k), SKOS + "inScheme")}
    members = {
        c.value
        for s in schemes
        for c in graph.subjects(SKOS + "inScheme", ox.NamedNode(s))
        if isinstance(c, ox.NamedNode)
    }
    return sorted(used | members)


def _category(graph: SiteGraph, node: Node) -> str:
    types = {t.value for t in graph.types(node, inferred=True)}
    for key, classes, _ in CATEGORIES:
        if types.intersection(classes):
            return key
    return "other"


def category_colour(category: str) -> str:
    for key, _, colour in CATEGORIES:
        if key == category:
            return colour
    return COUNTRY_FILL if category == "country" else OTHER_COLOUR


def _acronym(graph: SiteGraph, node: Node, lang: str) -> str | None:
    """The shortest acronym-like alternative label, preferring one tagged in ``lang``."""
    tagged = {
        o.value for o in graph.objects(node, SKOS + "altLabel") if isinstance(o, ox.Literal) and o.language == lang
    }
    candidates = [a for a in graph.short_names(node, lang) if len(a) <= MAX_SHORT and ACRONYM.fullmatch(a)]
    if not candidates:
        return None
    return min(candidates, key=lambda a: (a not in tagged, len(a), a.isupper(), a))


def _label_lines(graph: SiteGraph, node: Node, lang: str) -> list[str]:
    """An acronym on one line, else the label wrapped to a few short lines."""
    short = _acronym(graph, node, lang)
    if short:
        return [short]
    return wrap(graph.label(node, lang))


def wrap(label: str, width: int = LINE_CHARS, most: int = MAX_LINES) -> list[str]:
    """Words into lines of at most ``width`` characters; an ellipsis ends a label that does not fit."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = (lines[-1][: width - 1]).rstrip() + "…"
    return lines


def _assign_groups(graph: SiteGraph, nodes: dict[str, NetNode], countries: set[str]) -> None:
    """Each node's cluster: its country, or international, else its neighbours' most common one.

    Neighbours are taken over every asserted link between described resources (not only drawn
    ones), so a committee linked only through a plan still lands beside the plan's approver.
    """
    group: dict[str, str] = {}
    for iri, node in nodes.items():
        if node.kind != "org":
            continue
        for body in _ancestry(graph, iri):
            subject = ox.NamedNode(body)
            own = [c.value for c in graph.iri_objects(subject, IPCO + "country")]
            if own:
                group[iri] = own[0]
                break
            if graph.has_type(subject, IPCO + "InternationalOrganisation"):
                group[iri] = INTERNATIONAL
                break
    home = set(group.values()) - {INTERNATIONAL}
    for iri in nodes:
        if iri in home:
            group[iri] = iri
    neighbours: dict[str, set[str]] = defaultdict(set)
    skip = {IPCO + "country", "http://www.w3.org/ns/prov#wasDerivedFrom", "http://purl.org/dc/terms/publisher"}
    for fact in graph.asserted:
        if fact.predicate.value in skip or not isinstance(fact.subject, ox.NamedNode):
            continue
        if not isinstance(fact.object, ox.NamedNode) or fact.object.value in countries - home:
            continue
        if fact.subject.value in countries - home:
            continue
        a, b = fact.subject.value, fact.object.value
        if a.startswith(IPCO + "id/") and b.startswith(IPCO + "id/"):
            neighbours[a].add(b)
            neighbours[b].add(a)
    for _ in range(len(neighbours) + 1):
        changed = False
        for iri in sorted(neighbours):
            if iri in group:
                continue
            votes = Counter(group[n] for n in neighbours[iri] if n in group)
            if votes:
                group[iri] = min(votes, key=lambda g: (-votes[g], g))
                changed = True
        if not changed:
            break
    for iri, node in nodes.items():
        if node.kind == "org":
            node.group = group.get(iri, "")
        elif node.kind == "country" and iri in home:
            node.group = iri


def _ancestry(graph: SiteGraph, iri: str) -> list[str]:
    """``iri`` and the bodies it is part of, nearest first (breadth-first over part-of links)."""
    order = [iri]
    for body in order:
        for predicate in PART_OF:
            for parent in graph.iri_objects(ox.NamedNode(body), predicate):
                if parent.value not in order:
                    order.append(parent.value)
    return order


# -- layout ---------------------------------------------------------------------------------------

SEED = 20240611
ITERATIONS = 400
OVERLAP_PASSES = 200
#: Overlaps smaller than this (px) count as none, so the pass ends instead of shuffling rounding errors.
TOLERANCE = 0.05
#: Ideal edge length of the force layout, in its own units.
SPRING = 60.0
EDGE_WEIGHT = {"part-of": 1.5, "party": 1.6, "member": 1.0, "channel": 0.4, "coordinates": 0.4}
#: How strongly a node repels others: cooperation rings are light so they sit among their parties.
CHARGE = {"cooperation": 0.45, "country": 0.8}
#: Extra repulsion between bodies of different groups, so clusters do not interleave.
APART = 3.0
#: The drawing area the layout is stretched to before labels are pushed apart, in px.
AREA_WIDTH = 1180.0
AREA_HEIGHT = 820.0

Positions = dict[str, tuple[float, float]]


def force_layout(network: Network) -> Positions:
    """Fruchterman–Reingold with a fixed seed and iteration count, each node pulled towards its
    group's anchor. Labels play no part, so one layout serves every language."""
    nodes = list(network.nodes.values())
    if not nodes:
        return {}
    index = {n.iri: i for i, n in enumerate(nodes)}
    anchors = _anchors(network)
    rng = random.Random(SEED)
    xs, ys = [], []
    for node in nodes:
        ax, ay = anchors.get(node.group, (0.0, 0.0))
        xs.append(ax + rng.uniform(-40, 40))
        ys.append(ay + rng.uniform(-40, 40))
    charge = [CHARGE.get(n.kind, 1.0) * (1 + 0.12 * len(n.lines)) for n in nodes]
    # Repulsion factor of each pair, fixed for the whole run: k² × charges, more between groups.
    repel = [
        [
            SPRING * SPRING * charge[i] * charge[j] * (APART if a.group and b.group and a.group != b.group else 1.0)
            for j, b in enumerate(nodes)
        ]
        for i, a in enumerate(nodes)
    ]
    pulls = [0.025 if n.group else 0.006 for n in nodes]
    targets = [anchors.get(n.group, (0.0, 0.0)) for n in nodes]
    strongest: dict[tuple[int, int], float] = {}
    for edge in network.edges:
        pair = (index[edge.source], index[edge.target])
        pair = (min(pair), max(pair))
        strongest[pair] = max(strongest.get(pair, 0.0), EDGE_WEIGHT.get(edge.kind, 0.8))
    links = [(a, b, weight) for (a, b), weight in sorted(strongest.items())]
    k = SPRING
    count = len(nodes)
    start_temperature = 40.0
    for step in range(ITERATIONS):
        temperature = max(0.5, start_temperature * (1 - step / ITERATIONS))
        dx = [0.0] * count
        dy = [0.0] * count
        for i in range(count):
            xi, yi, row = xs[i], ys[i], repel[i]
            for j in range(i + 1, count):
                ddx = xi - xs[j]
                ddy = yi - ys[j]
                d2 = ddx * ddx + ddy * ddy
                if d2 < 0.01:
                    ddx, ddy, d2 = 0.1, 0.05, 0.0125
                force = row[j] / d2
                dx[i] += ddx * force
                dy[i] += ddy * force
                dx[j] -= ddx * force
                dy[j] -= ddy * force
        for a, b, weight in links:
            ddx = xs[a] - xs[b]
            ddy = ys[a] - ys[b]
            d = math.sqrt(ddx * ddx + ddy * ddy) or 0.1
            force = weight * (d - k) / d * 0.5
            dx[a] -= ddx * force
            dy[a] -= ddy * force
            dx[b] += ddx * force
            dy[b] += ddy * force
        for i in range(count):
            fx = dx[i] + (targets[i][0] - xs[i]) * pulls[i] * k
            fy = dy[i] + (targets[i][1] - ys[i]) * pulls[i] * k
            d = math.sqrt(fx * fx + fy * fy)
            if d > 0:
                move = min(d, temperature) / d
                xs[i] += fx * move
                ys[i] += fy * move
    return {n.iri: (xs[i], ys[i]) for i, n in enumerate(nodes)}


def place(network: Network, positions: Positions) -> None:
    """Stretch the layout over the drawing area, then push overlapping labels apart."""
    nodes = list(network.nodes.values())
    placed = [(n, positions[n.iri]) for n in nodes if n.iri in positions]
    if not placed:
        return
    left = min(p[0] for _, p in placed)
    right = max(p[0] for _, p in placed)
    top = min(p[1] for _, p in placed)
    bottom = max(p[1] for _, p in placed)
    scale_x = AREA_WIDTH / (right - left) if right > left else 1.0
    scale_y = AREA_HEIGHT / (bottom - top) if bottom > top else 1.0
    for node, (x, y) in placed:
        node.x = (x - left) * scale_x
        node.y = (y - top) * scale_y
    _remove_overlaps(nodes)


def _anchors(network: Network) -> Positions:
    """International bodies in the middle; each country's cluster around it, biggest on the left."""
    sizes = Counter(n.group for n in network.nodes.values() if n.group)
    anchors: Positions = {}
    national = sorted((g for g in sizes if g != INTERNATIONAL), key=lambda g: (-sizes[g], g))
    if INTERNATIONAL in sizes:
        anchors[INTERNATIONAL] = (0.0, 0.0)
    radius = 300.0 if INTERNATIONAL in sizes or len(national) > 1 else 0.0
    for i, key in enumerate(national):
        angle = math.pi + 2 * math.pi * i / len(national)
        anchors[key] = (radius * math.cos(angle), 0.6 * radius * math.sin(angle))
    return anchors


def _remove_overlaps(nodes: list[NetNode]) -> None:
    """Push apart nodes whose label boxes overlap, along the axis that needs the least move.

    Boxes are swept in order of their left edge, so only neighbours along x are compared.
    """
    gap = 3.0
    for _ in range(OVERLAP_PASSES):
        moved = False
        boxes = {id(n): n.box() for n in nodes}
        order = sorted(nodes, key=lambda n: (boxes[id(n)][0], n.iri))
        for i, a in enumerate(order):
            for b in order[i + 1 :]:
                box_a, box_b = boxes[id(a)], boxes[id(b)]
                if box_b[0] >= box_a[2] + gap:
                    break
                overlap_x = min(box_a[2], box_b[2]) - max(box_a[0], box_b[0]) + gap
                overlap_y = min(box_a[3], box_b[3]) - max(box_a[1], box_b[1]) + gap
                if overlap_x <= TOLERANCE or overlap_y <= TOLERANCE:
                    continue
                moved = True
                if overlap_x < overlap_y:
                    shift = overlap_x / 2 * (1 if a.x >= b.x else -1)
                    a.x += shift
                    b.x -= shift
                else:
                    shift = overlap_y / 2 * (1 if a.y >= b.y else -1)
                    a.y += shift
                    b.y -= shift
                boxes[id(a)], boxes[id(b)] = a.box(), b.box()
        if not moved:
            return


# -- drawing --------------------------------------------------------------------------------------

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


# -- the page -------------------------------------------------------------------------------------


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
