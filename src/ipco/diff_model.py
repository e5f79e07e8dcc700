"""What a release diff finds: the changes, their Semantic Versioning level, and the version to bump to.

Plain data shared by ``diff.py`` (which compares) and ``diff_report.py`` (which renders).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum

import pyoxigraph as ox

#: How reports name the graph of a plain RDF file.
DEFAULT_GRAPH_NAME = "(default graph)"
#: An object of a triple (quoted triples of RDF 1.2 included).
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


class Level(IntEnum):
    """How much a change matters to people who import the ontology (Semantic Versioning)."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Release:
    """One side of the comparison: where it was read from and its quads, blank nodes made stable."""

    source: str
    quads: list[ox.Quad]


@dataclass(frozen=True)
class Version:
    """The hub ontology's ``owl:versionInfo``, ``owl:versionIRI`` and ``dcterms:issued`` (None when
    absent), and how many triples the release holds."""

    source: str
    version: str | None
    version_iri: str | None
    issued: str | None
    triples: int


@dataclass(frozen=True)
class Entity:
    """A term or an instance: its IRI, what kind of thing it is, and an English label if any."""

    iri: str
    kind: str
    label: str | None


@dataclass(frozen=True)
class TypeChange:
    """A term declared with other types (a class that became a property…)."""

    iri: str
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class ValueChange:
    """The values of one predicate on one subject: before, after, and what was added and removed.

    Values are Turtle with IPCO's prefixes (``ipco:Service``, ``"1"^^xsd:integer``, ``( "a" "b" )``),
    since they may be lists or blank nodes.
    """

    subject: str
    predicate: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True)
class TextChange:
    """A label or definition in one language: ``old`` or ``new`` is None when it was added or removed."""

    subject: str
    predicate: str
    lang: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ShapeChange:
    """A changed constraint parameter of a shape, and whether data may now fail (``stricter``)."""

    shape: str
    parameter: str
    removed: tuple[str, ...]
    added: tuple[str, ...]
    stricter: bool


@dataclass(frozen=True)
class GraphChange:
    """Triples of one named graph (None: the default graph); a count is None when the graph is absent."""

    graph: str | None
    old_triples: int | None
    new_triples: int | None
    added: int
    removed: int


@dataclass(frozen=True)
class Reason:
    """One reason for the verdict, naming the term, instance, shape or graph it is about."""

    level: Level
    subject: str
    text: str


@dataclass
class ReleaseDiff:
    """Everything that differs between ``old`` and ``new``, and the verdict with its reasons."""

    old: Version
    new: Version
    terms_added: list[Entity] = field(default_factory=list)
    terms_removed: list[Entity] = field(default_factory=list)
    terms_deprecated: list[Entity] = field(default_factory=list)
    terms_undeprecated: list[Entity] = field(default_factory=list)
    type_changes: list[TypeChange] = field(default_factory=list)
    axiom_changes: list[ValueChange] = field(default_factory=list)
    label_changes: list[TextChange] = field(default_factory=list)
    definition_changes: list[TextChange] = field(default_factory=list)
    instances_added: list[Entity] = field(default_factory=list)
    instances_removed: list[Entity] = field(default_factory=list)
    shapes_added: list[str] = field(default_factory=list)
    shapes_removed: list[str] = field(default_factory=list)
    shape_changes: list[ShapeChange] = field(default_factory=list)
    graphs: list[GraphChange] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)

    @property
    def level(self) -> Level:
        """The verdict: the highest level among the reasons."""
        return max((reason.level for reason in self.reasons), default=Level.NONE)

    @property
    def differs(self) -> bool:
        return bool(self.graphs)

    @property
    def suggested_version(self) -> str | None:
        """The version NEW should carry: its own when it already differs from OLD's, else OLD's
        ``MAJOR.MINOR.PATCH`` bumped as the verdict says; None when OLD's version is not of that form."""
        if self.new.version and self.new.version != self.old.version:
            return self.new.version
        return bump(self.old.version, self.level) if self.old.version else None


def bump(version: str, level: Level) -> str | None:
    """``version`` bumped at ``level`` (Semantic Versioning, 0.x included); None when it is not X.Y.Z."""
    match = _SEMVER.match(version)
    if not match:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    if level is Level.MAJOR:
        return f"{major + 1}.0.0"
    if level is Level.MINOR:
        return f"{major}.{minor + 1}.0"
    if level is Level.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return version
