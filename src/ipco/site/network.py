"""The cooperation network: services and bodies as nodes, what links them as styled lines, and
each cooperation relationship as a numbered ring whose colours are its kinds — extracted
from the data, ready to lay out (``network_layout``) and draw (``network_svg``).

What is drawn comes from the asserted data only (no inferred shortcuts): one node per organisation
(every instance of org:Organization, asserted or inferred), the countries a link reaches, and one
ring per ipco:CooperationRelationship. A post stands for the body it is a post in (org:postIn).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ipco.namespaces import IPCO, ORG, SKOS
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
