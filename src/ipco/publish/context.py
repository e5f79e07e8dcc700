"""The release's JSON-LD 1.1 context: short keys for IPCO's terms and the reused ones the data uses.

It is generated, never written by hand, from two things: the ontology (which IPCO classes and
properties exist, their ranges) and the data plus its inferences (which reused terms occur, what
values each property actually has). The rules, in the order they apply:

* Key names. A key is its IRI's local name (``memberOf``, ``prefLabel``, ``Country``). When two
  vocabularies share a local name, the one earlier in ``VOCABULARY_PRIORITY`` keeps it and the others
  get ``<prefix>_<local name>`` (``schema_Country`` beside IPCO's ``Country``). Only local names made
  of ASCII letters and digits become keys, so a prefixed name can never equal a bare one; ``id``,
  ``type`` and ``xsd`` are taken by the context itself.
* Values. An object property (declared, or whose values are all IRIs) gets ``"@type": "@id"``: its
  values are IRI strings. A property whose range is ``rdf:langString`` or whose values are
  language-tagged strings is a language map (``{"en": …, "fr": …}``; untagged strings go under
  ``@none``). A property with one datatype range (declared, or the only one in the data) gets that
  ``@type``: ``"2023-11-28"`` is then an ``xsd:date``.
* Arrays. A key gets ``@set`` (always an array) when some resource of the release has two values for
  it; otherwise it holds one value everywhere in the release. ``type`` is a string, or an array for
  a resource of several classes.

A value that does not fit its key's definition (a literal where IRIs are expected, another datatype,
an untagged string where language maps are expected) is not lost: JSON-LD compaction writes it
under the full IRI of its property, in expanded form (``{"@value": …, "@type": …}``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from ipco.namespaces import OWL, PREFIXES, RDF, RDFS, XSD, is_ipco_term

#: The file name of the context in the release; compacted and framed files reference it relatively.
CONTEXT_FILE = "context.jsonld"

#: Which vocabulary keeps a shared local name: IPCO's own first, then ORG (the organisational model
#: IPCO builds on), SKOS, PROV-O, DCTERMS, schema.org, FOAF (reached through ORG's superclasses),
#: and the RDF, RDFS and OWL machinery last. Vocabularies not listed give no keys.
VOCABULARY_PRIORITY = ("ipco", "org", "skos", "prov", "dcterms", "schema", "foaf", "rdfs", "rdf", "owl")

#: Keys the context defines itself: aliases of JSON-LD keywords and the prefix of datatype IRIs.
RESERVED = frozenset({"id", "type", "xsd"})

_LOCAL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_TYPE = RDF + "type"
_LANG_STRING = RDF + "langString"
_XSD_STRING = XSD + "string"
_PROPERTY_TYPES = frozenset(
    {OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty", RDF + "Property"}
)
_OBJECT_PROPERTY = OWL + "ObjectProperty"
_LANGUAGE = "@language"
_IRI = "@id"


def term_names(iris: Iterable[str]) -> dict[str, str]:
    """The key of each IRI that gets one (see the module's rules); the result does not depend on
    the order of ``iris``."""
    candidates: dict[str, list[tuple[int, str, str]]] = {}
    for iri in set(iris):
        found = _vocabulary_of(iri)
        if found is None:
            continue
        prefix, local = found
        candidates.setdefault(local, []).append((VOCABULARY_PRIORITY.index(prefix), prefix, iri))
    names: dict[str, str] = {}
    for local, group in candidates.items():
        for rank, (_, prefix, iri) in enumerate(sorted(group)):
            names[iri] = local if rank == 0 and local not in RESERVED else f"{prefix}_{local}"
    return names


def _vocabulary_of(iri: str) -> tuple[str, str] | None:
    """(prefix, local name) when ``iri`` is a term of a vocabulary that gives keys."""
    for prefix in VOCABULARY_PRIORITY:
        namespace = PREFIXES[prefix]
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if prefix == "ipco" and not is_ipco_term(iri):
                return None
            return (prefix, local) if _LOCAL_NAME.fullmatch(local) else None
    return None


def build_context(ontology: Iterable[ox.Quad], material: Iterable[ox.Quad]) -> dict[str, Any]:
    """The value of ``@context`` for IPCO's ``ontology`` and the ``material`` it will compact (the
    data and the inferred triples; graph names do not matter)."""
    declared_classes: set[str] = set()
    declared_properties: set[str] = set()
    object_properties: set[str] = set()
    ranges: dict[str, set[str]] = {}
    for quad in ontology:
        subject, predicate, value = quad.subject, quad.predicate.value, quad.object
        if not isinstance(subject, ox.NamedNode) or not isinstance(value, ox.NamedNode):
            continue
        if predicate == _TYPE and is_ipco_term(subject.value):
            if value.value == OWL + "Class":
                declared_classes.add(subject.value)
            elif value.value in _PROPERTY_TYPES:
                declared_properties.add(subject.value)
                if value.value == _OBJECT_PROPERTY:
                    object_properties.add(subject.value)
        elif predicate == RDFS + "range":
            ranges.setdefault(subject.value, set()).add(value.value)

    triples = {quad.triple for quad in material}
    used_classes = {
        t.object.value for t in triples if t.predicate.value == _TYPE and isinstance(t.object, ox.NamedNode)
    }
    kinds: dict[str, set[str]] = {}
    per_subject: Counter[tuple[str, str]] = Counter()
    per_language: Counter[tuple[str, str, str]] = Counter()
    for triple in triples:
        predicate = triple.predicate.value
        kind = _kind(triple.object)
        kinds.setdefault(predicate, set()).add(kind)
        per_subject[(str(triple.subject), predicate)] += 1
        if kind in (_LANGUAGE, _XSD_STRING):
            language = triple.object.language if isinstance(triple.object, ox.Literal) else None
            per_language[(str(triple.subject), predicate, language or "@none")] += 1
    several = {predicate for (_, predicate), count in per_subject.items() if count > 1}
    several_per_language = {predicate for (_, predicate, _), count in per_language.items() if count > 1}

    properties = (declared_properties | set(kinds)) - {_TYPE}
    names = term_names(declared_classes | used_classes | properties)
    context: dict[str, Any] = {
        "@version": 1.1,
        "@protected": True,
        "id": "@id",
        # A plain alias: rdflib 7 misreads value objects whose @type alias also has "@container".
        "type": "@type",
        "xsd": XSD,
    }
    for iri, name in sorted(names.items(), key=lambda item: item[1]):
        if iri not in properties:
            context[name] = iri
            continue
        definition: dict[str, Any] = {"@id": iri}
        coercion = _coercion(iri in object_properties, ranges.get(iri, set()), kinds.get(iri, set()))
        if coercion == _LANGUAGE:
            definition["@container"] = [_LANGUAGE, "@set"] if iri in several_per_language else _LANGUAGE
        else:
            if coercion is not None:
                definition["@type"] = coercion
            if iri in several:
                definition["@container"] = "@set"
        context[name] = definition
    return context


def _kind(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """``@id`` for resources, ``@language`` for tagged strings, else the literal's datatype."""
    if not isinstance(term, ox.Literal):
        return _IRI
    return _LANGUAGE if term.language else term.datatype.value


def _coercion(object_property: bool, declared_ranges: set[str], kinds: set[str]) -> str | None:
    """``@id``, ``@language``, a datatype IRI, or None (values keep their own form).

    The ontology decides first (an object property, or a single declared range); otherwise the
    values the data gives the property do."""
    if object_property:
        return _IRI
    if len(declared_ranges) == 1:
        (declared,) = declared_ranges
        if declared == _LANG_STRING:
            return _LANGUAGE
        if declared == _XSD_STRING:
            return None
        if declared.startswith((XSD, RDF)):
            return declared
        if declared != RDFS + "Literal":
            return _IRI
    if kinds == {_IRI}:
        return _IRI
    if _LANGUAGE in kinds and kinds <= {_LANGUAGE, _XSD_STRING}:
        return _LANGUAGE
    if len(kinds) == 1 and kinds != {_XSD_STRING}:
        return next(iter(kinds))
    return None
