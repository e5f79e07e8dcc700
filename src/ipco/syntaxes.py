"""The RDF syntaxes IPCO reads and writes, found by name, alias, media type or file extension."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import pyoxigraph as ox

from ipco.errors import UsageError


@dataclass(frozen=True)
class RdfSyntax:
    """One concrete RDF syntax and how to recognise it."""

    name: str
    aliases: tuple[str, ...]
    extensions: tuple[str, ...]
    media_type: str
    oxigraph: ox.RdfFormat

    @property
    def extension(self) -> str:
        """The extension IPCO writes files of this syntax with."""
        return self.extensions[0]

    @property
    def holds_datasets(self) -> bool:
        """True for quad syntaxes (named graphs survive a round trip)."""
        return bool(self.oxigraph.supports_datasets)


TURTLE = RdfSyntax("turtle", ("ttl",), (".ttl", ".turtle"), "text/turtle", ox.RdfFormat.TURTLE)
NTRIPLES = RdfSyntax("ntriples", ("nt", "n-triples"), (".nt",), "application/n-triples", ox.RdfFormat.N_TRIPLES)
NQUADS = RdfSyntax("nquads", ("nq", "n-quads"), (".nq",), "application/n-quads", ox.RdfFormat.N_QUADS)
TRIG = RdfSyntax("trig", (), (".trig",), "application/trig", ox.RdfFormat.TRIG)
RDFXML = RdfSyntax(
    "rdfxml", ("xml", "rdf", "rdf/xml"), (".rdf", ".owl", ".xml"), "application/rdf+xml", ox.RdfFormat.RDF_XML
)
JSONLD = RdfSyntax("jsonld", ("json-ld", "json"), (".jsonld", ".json"), "application/ld+json", ox.RdfFormat.JSON_LD)

SYNTAXES: tuple[RdfSyntax, ...] = (TURTLE, NTRIPLES, NQUADS, TRIG, RDFXML, JSONLD)


def syntax_named(name: str) -> RdfSyntax:
    """The syntax called ``name`` (or one of its aliases, or its media type); UsageError otherwise."""
    wanted = name.strip().lower()
    for syntax in SYNTAXES:
        if wanted in (syntax.name, syntax.media_type, *syntax.aliases):
            return syntax
    known = ", ".join(s.name for s in SYNTAXES)
    raise UsageError(f"unknown RDF format {name!r}", hint=f"use one of: {known}")


def syntax_for_path(path: str | PurePath) -> RdfSyntax | None:
    """The syntax a file's extension announces, or None when the extension is not an RDF one."""
    suffix = PurePath(path).suffix.lower()
    for syntax in SYNTAXES:
        if suffix in syntax.extensions:
            return syntax
    return None
