"""Validation results as plain data: what every output format renders and every test compares.

The fields are pySHACL's ``make_v_result`` fields plus where the focus node is written, so a CI log,
a SARIF viewer and a JUnit report all point to the same file, line and column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ipco.errors import SourcePosition
from ipco.namespaces import PREFIXES, SH


class Severity(IntEnum):
    """SHACL severities, ordered so that ``>=`` means "at least as serious"."""

    INFO = 1
    WARNING = 2
    VIOLATION = 3

    @property
    def iri(self) -> str:
        return SH + self.label

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @classmethod
    def from_iri(cls, iri: str) -> Severity:
        """The severity an ``sh:severity`` IRI names; an unknown IRI counts as a violation, as the
        SHACL spec lets engines treat custom severities."""
        for severity in cls:
            if iri == severity.iri:
                return severity
        return cls.VIOLATION

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``, with the place in the input where its focus node is stated."""

    focus: Node
    component: str
    severity: Severity
    source_shape: Node | None = None
    path: Node | None = None
    path_text: str | None = None
    value: Node | None = None
    messages: tuple[tuple[str, str], ...] = ()
    location: SourcePosition | None = None
    details: tuple[ValidationResult, ...] = ()  # sh:detail: the nested results that explain this one

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``, else English, else untagged, else any; a default otherwise."""
        by_lang = dict(self.messages)
        for choice in (lang, "en", ""):
            if choice in by_lang:
                return by_lang[choice]
        if by_lang:
            return by_lang[sorted(by_lang)[0]]
        return f"{compact(self.component)} failed"

    def key(self) -> tuple[str, str, str, str]:
        """(focus, path, component, severity): how two engines' results are compared."""
        return (term_text(self.focus), self.path_text or "", self.component, self.severity.label)

    def sort_key(self) -> tuple[str, int, int, str, str, str, str]:
        where = self.location or SourcePosition("")
        return (
            where.file,
            where.line or 0,
            where.column or 0,
            term_text(self.focus),
            self.path_text or "",
            self.component,
            term_text(self.value) if self.value is not None else "",
        )


@dataclass
class ValidationReport:
    """Everything a validation run found, sorted by place in the input."""

    results: list[ValidationResult] = field(default_factory=list)
    graph: Graph | None = None  # the engine's own report graph, kept for path structures
    shapes: Graph | None = None  # the shapes used, for rule names and help texts
    hidden: list[ValidationResult] = field(default_factory=list)  # left out by --max-results
    shapes_graphs: tuple[str, ...] = ()  # the shapes graphs that ran (IPCO's, the user's files)
    inferred: tuple[ox.Triple, ...] = ()  # what SHACL rules added to the data (``validate --rules``)

    def __post_init__(self) -> None:
        self.results.sort(key=ValidationResult.sort_key)

    @property
    def omitted(self) -> int:
        """How many results ``--max-results`` left out of ``results``."""
        return len(self.hidden)

    def failing(self, fail_on: Severity = Severity.VIOLATION) -> list[ValidationResult]:
        """Every result at or above ``fail_on``, the hidden ones included: a limit never hides a failure."""
        return [r for r in (*self.results, *self.hidden) if r.severity >= fail_on]

    def conforms(self, fail_on: Severity = Severity.VIOLATION) -> bool:
        """True when nothing is at or above ``fail_on``."""
        return not self.failing(fail_on)

    @property
    def shacl_conforms(self) -> bool:
        """``sh:conforms`` as the spec defines it: no result at all, whatever its severity
        (https://www.w3.org/TR/shacl/#conforms); ``--fail-on`` decides the exit code, not this."""
        return not self.results and not self.omitted

    def counts(self) -> dict[Severity, int]:
        """Results per severity, the hidden ones included."""
        counted = Counter(r.severity for r in (*self.results, *self.hidden))
        return {severity: counted.get(severity, 0) for severity in sorted(Severity, reverse=True)}

    def limited(self, limit: int) -> ValidationReport:
        """The ``limit`` most severe results (shown in file order); the rest stay counted as hidden."""
        by_severity = sorted(self.results, key=lambda r: (-r.severity, r.sort_key()))
        return ValidationReport(
            by_severity[:limit], self.graph, self.shapes, hidden=by_severity[limit:], shapes_graphs=self.shapes_graphs
        )

    def extend(self, results: list[ValidationResult]) -> None:
        self.results.extend(results)
        self.results.sort(key=ValidationResult.sort_key)


class Results(Protocol):
    """Results a renderer reads: a list, or rows streamed from disk (``ipco.instore.spool``)."""

    def __iter__(self) -> Iterator[ValidationResult]: ...

    def __len__(self) -> int: ...


class Report(Protocol):
    """What the renderers read of a report: a ``ValidationReport``, or a ``SpooledReport`` whose
    results stay on disk and are read again for each pass."""

    @property
    def results(self) -> Results: ...

    @property
    def hidden(self) -> Results: ...

    @property
    def graph(self) -> Graph | None: ...

    @property
    def shapes(self) -> Graph | None: ...

    @property
    def shapes_graphs(self) -> tuple[str, ...]: ...

    @property
    def omitted(self) -> int: ...

    @property
    def shacl_conforms(self) -> bool: ...

    def counts(self) -> dict[Severity, int]: ...

    def conforms(self, fail_on: Severity = Severity.VIOLATION) -> bool: ...


def term_text(node: Node | None) -> str:
    """A node as N-Triples-like text (IRIs bare), stable across runs for IRIs and literals."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return node.n3()
    return str(node)


def compact(iri: str) -> str:
    """``prefix:local`` for IRIs in IPCO's prefixes, the IRI itself otherwise."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and all(c.isalnum() or c in "-_." for c in local):
            return f"{prefix}:{local}"
    return iri


def display_node(node: Node | None) -> str:
    """A node for people: compact IRIs, literals in N-Triples form, blank nodes as ``_:``."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return compact(str(node))
    return term_text(node)
