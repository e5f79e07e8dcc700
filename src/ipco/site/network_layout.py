"""Where the network's nodes go: a force-directed layout, then a pass that separates labels.

The layout is deterministic: Fruchterman–Reingold with a fixed seed and a fixed number of
iterations, pulling each body towards its country's anchor (international bodies in the middle),
then a pass that pushes apart overlapping node labels. Pure Python, so no numeric library is
needed; the drawing rounds coordinates before it writes them.
"""

from __future__ import annotations

import math
import random
from collections import Counter

from ipco.site.network import INTERNATIONAL, NetNode, Network

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
