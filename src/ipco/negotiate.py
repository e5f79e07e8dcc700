"""Content negotiation: pick what to send from ``Accept`` and ``Accept-Language`` (RFC 9110 §12.5).

Every offer is a format with one media type it is sent as and a few aliases clients ask for it by
(``application/json`` for SPARQL JSON results, ``text/plain`` for N-Triples…). The most specific
media range that matches decides an offer's quality; the best quality wins, and on a tie the
server's order does, so ``*/*`` gets the first offer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One thing the server can send: its name (``format=`` values), media type and aliases."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` to send: text types say they are UTF-8."""
        return f"{self.media_type}; charset=utf-8" if self.media_type.startswith("text/") else self.media_type

    def answers(self, requested: str) -> bool:
        """True when a ``format=`` value (a short name or a media type) asks for this format."""
        wanted = requested.strip().lower()
        return wanted in (self.name, *self.names, self.media_type, *self.aliases)


@dataclass(frozen=True)
class _Range:
    kind: str
    subtype: str
    quality: float

    def specificity(self, media_type: str) -> int | None:
        """How closely this range matches ``media_type``: 2 exactly, 1 by ``type/*``, 0 by ``*/*``."""
        kind, _, subtype = media_type.partition("/")
        if self.kind == "*":
            return 0
        if self.kind != kind:
            return None
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == subtype else None


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value.strip()), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def _ranges(accept: str | None) -> list[_Range]:
    """The media ranges of an ``Accept`` header; a missing or empty header accepts anything."""
    ranges = []
    for item in (accept or "*/*").split(","):
        media, *parameters = item.split(";")
        kind, _, subtype = media.strip().lower().partition("/")
        if kind and subtype:
            ranges.append(_Range(kind, subtype, _quality(parameters)))
    return ranges or [_Range("*", "*", 1.0)]


def quality(accept: str | None, offer: Format) -> float:
    """How much a client with this ``Accept`` header wants ``offer`` (0 when not at all).

    A range naming the offer's own media type decides; otherwise each of its media types is
    weighed by the most specific range that matches it, and the best of them counts.
    """
    ranges = _ranges(accept)
    weights = []
    for media_type in (offer.media_type, *offer.aliases):
        matches = [(spec, r.quality) for r in ranges if (spec := r.specificity(media_type)) is not None]
        if not matches:
            continue
        specificity, weight = max(matches)
        if media_type == offer.media_type and specificity == 2:
            return weight
        weights.append(weight)
    return max(weights, default=0.0)


def negotiate(accept: str | None, offers: Sequence[Format]) -> Format | None:
    """The offer the client prefers, the server's order breaking ties; None when none is acceptable."""
    chosen, chosen_quality = None, 0.0
    for offer in offers:
        value = quality(accept, offer)
        if value > chosen_quality:
            chosen, chosen_quality = offer, value
    return chosen


def language(accept_language: str | None, available: Sequence[str]) -> str:
    """The available language the client prefers (``fr-CA`` asks for ``fr``), else the first one."""
    scores = dict.fromkeys(available, -1.0)
    for item in (accept_language or "").split(","):
        tag, *parameters = item.split(";")
        tag = tag.strip().lower()
        if not tag:
            continue
        weight = _quality(parameters)
        for candidate in available:
            if tag == "*" or tag.split("-")[0] == candidate:
                # An exact tag beats ``*`` at the same weight.
                scores[candidate] = max(scores[candidate], weight - (0.0001 if tag == "*" else 0.0))
    best = max(available, key=lambda candidate: scores[candidate])
    return best if scores[best] > 0 else available[0]
