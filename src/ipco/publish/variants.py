"""Release variants an importer can load alone, as ROBOT's release artefacts are.

* ``ipco-base``: IPCO's own axioms under the hub ontology's one header; the module headers and the
  imports between IPCO's own modules are gone (their axioms are all there), the vocabularies IPCO
  reuses (ORG, PROV-O) stay imported by IRI.
* ``ipco-full``: the same, with no import at all: the part of ORG and PROV-O that IPCO uses
  (extracted as ROBOT ``extract`` does, keeping only what OWL 2 RL accepts), a declaration of every
  other vocabulary term it uses (SKOS, FOAF, schema.org, Dublin Core…) and the inferred schema.
* ``data-full``: the data, ``ipco-full`` and the inferred triples that name no undescribed blank
  node: what a SHACL engine or a SPARQL store needs, in one file.

``docs/release.md`` lists the ORG and PROV-O constructs left out and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox

from ipco.namespaces import IPCO, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS, XSD, graph_iri

BASE = "ipco-base"
FULL = "ipco-full"
DATA_FULL = "data-full"
VARIANTS = (BASE, FULL, DATA_FULL)
#: What each variant is for, in the release description.
PURPOSES = {
    BASE: "IPCO's own axioms under one ontology header, importing ORG and PROV-O by IRI",
    FULL: "the ontology with what it uses of ORG, PROV-O, SKOS, FOAF and schema.org, and the inferred schema, "
    "importing nothing (OWL 2 RL)",
    DATA_FULL: "the data with the full ontology and the inferences: validates and answers queries alone",
}

_TYPE = ox.NamedNode(RDF + "type")
_IMPORTS = OWL + "imports"
_ONTOLOGY = OWL + "Ontology"
_CLASS = OWL + "Class"
_OBJECT_PROPERTY = OWL + "ObjectProperty"
_DATA_PROPERTY = OWL + "DatatypeProperty"
_ANNOTATION_PROPERTY = OWL + "AnnotationProperty"
#: Axioms that say nothing when their object is owl:Thing, and that OWL 2 RL refuses then (owl:Thing
#: is not a superclass expression there): PROV-O's ``prov:influencer rdfs:range owl:Thing``.
_TRIVIAL_WITH_THING = frozenset({RDFS + "subClassOf", RDFS + "domain", RDFS + "range"})
_THING = ox.NamedNode(OWL + "Thing")
#: OWL's kinds of entity, strongest first: an extracted term typed with two of them (an illegal
#: punning in OWL 2 DL) keeps the first.
_KINDS = (_CLASS, _OBJECT_PROPERTY, _DATA_PROPERTY, _ANNOTATION_PROPERTY)
#: What the extract keeps of an imported term, when the value is an IRI or a literal (never a blank
#: node: ORG's and PROV-O's unions and restrictions are what OWL 2 RL rejects).
_EXTRACTED = frozenset(
    {
        RDF + "type",
        RDFS + "label",
        RDFS + "comment",
        RDFS + "isDefinedBy",
        RDFS + "subClassOf",
        RDFS + "subPropertyOf",
        RDFS + "domain",
        RDFS + "range",
        OWL + "inverseOf",
        OWL + "equivalentClass",
        OWL + "equivalentProperty",
        OWL + "disjointWith",
        SKOS + "definition",
    }
)
#: Links to another term that bring it into the extract.
_FOLLOWED = frozenset(
    {
        RDFS + "subClassOf",
        RDFS + "subPropertyOf",
        RDFS + "domain",
        RDFS + "range",
        OWL + "inverseOf",
        OWL + "equivalentClass",
        OWL + "equivalentProperty",
    }
)
#: The schema triples of the inferred graph that ``ipco-full`` keeps, between named terms.
_SCHEMA = frozenset(
    {
        RDFS + "subClassOf",
        RDFS + "subPropertyOf",
        RDFS + "domain",
        RDFS + "range",
        OWL + "equivalentClass",
        OWL + "equivalentProperty",
        OWL + "inverseOf",
    }
)
_RESERVED = (RDF, RDFS, OWL, XSD)
#: Property types that are characteristics of an object property, not a kind of entity.
_OBJECT_CHARACTERISTICS = frozenset(
    OWL + name
    for name in (
        "TransitiveProperty",
        "SymmetricProperty",
        "AsymmetricProperty",
        "ReflexiveProperty",
        "IrreflexiveProperty",
        "InverseFunctionalProperty",
    )
)


def variant_parts(parts: dict[str, list[ox.Quad]], imports: list[ox.Quad]) -> dict[str, list[ox.Quad]]:
    """The quads of each variant, each in its own named graph ``graph/<variant>``."""
    ontology = [quad.triple for quad in parts["ontology"]]
    imported = [quad.triple for quad in imports]
    base = _declared(_merged_headers(ontology, keep_imports=lambda iri: not iri.startswith(IPCO)), _kinds(imported))
    schema = _inferred_schema(quad.triple for quad in parts["inferred"])
    used = base + [quad.triple for quad in parts["shapes"] + parts["data"]]
    full_axioms = _merged_headers(ontology, keep_imports=lambda _: False) + extract(imported, used)
    full = _declared(full_axioms + schema)
    described = {t.subject for t in full} | {quad.subject for quad in parts["data"]}
    inferred = [quad.triple for quad in parts["inferred"] if _about_individuals(quad.triple, described)]
    data_full = _declared(full + [quad.triple for quad in parts["data"]] + inferred)
    return {
        BASE: _in_graph(BASE, base),
        FULL: _in_graph(FULL, full),
        DATA_FULL: _in_graph(DATA_FULL, data_full),
    }


def _about_individuals(triple: ox.Triple, described: set[ox.NamedNode | ox.BlankNode | ox.Triple]) -> bool:
    """An inferred triple ``data-full`` keeps: about the data (the schema is ``ipco-full``'s), naming
    no blank node ``described`` does not describe, and no type from RDF, RDFS or OWL themselves."""
    if triple.predicate.value in _SCHEMA or isinstance(triple.subject, ox.BlankNode):
        return False
    if isinstance(triple.object, ox.BlankNode) and triple.object not in described:
        return False
    return not (triple.predicate == _TYPE and _is_reserved(triple.object))


def extract(imported: list[ox.Triple], used: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The imported terms ``used`` mentions, and those above them, with their declarations, labels
    and definitions and the links between named terms that OWL 2 RL accepts (no blank node)."""
    headers = {t.subject for t in imported if t.predicate == _TYPE and _iri(t.object) == _ONTOLOGY}
    about: dict[ox.NamedNode, list[ox.Triple]] = {}
    for triple in imported:
        subject, named_value = triple.subject, not isinstance(triple.object, ox.BlankNode)
        if (
            isinstance(subject, ox.NamedNode)
            and subject not in headers
            and named_value
            and triple.predicate.value in _EXTRACTED
            and not (triple.predicate.value in _TRIVIAL_WITH_THING and triple.object == _THING)
        ):
            about.setdefault(subject, []).append(triple)
    mentioned = {term for triple in used for term in (triple.subject, triple.predicate, triple.object)}
    # owl:inverseOf goes both ways: PROV-O and ORG state it on the inverse IPCO does not use
    # (prov:influenced, org:hasMember), which is what derives that inverse's triples and its super-properties.
    inverses: dict[ox.NamedNode | ox.BlankNode | ox.Triple | ox.Literal, list[ox.NamedNode]] = {}
    for subject, triples in about.items():
        for triple in triples:
            if triple.predicate.value == OWL + "inverseOf":
                inverses.setdefault(triple.object, []).append(subject)
    pending = [term for term in about if term in mentioned]
    kept: set[ox.NamedNode] = set()
    while pending:
        term = pending.pop()
        if term in kept or _is_reserved(term):
            continue
        kept.add(term)
        pending.extend(inverses.get(term, []))
        for triple in about[term]:
            if triple.predicate.value in _FOLLOWED and triple.object in about:
                assert isinstance(triple.object, ox.NamedNode)
                pending.append(triple.object)
    triples = [triple for term in sorted(kept, key=str) for triple in about[term]]
    return _one_kind_each(triples)


def _one_kind_each(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Drops the second kind of a term typed as two (a class and a property, an object and a data
    property): OWL 2 DL and RL forbid that punning, and the first kind is what IPCO uses."""
    kinds: dict[ox.NamedNode | ox.BlankNode | ox.Triple, list[str]] = {}
    for triple in triples:
        kind = _iri(triple.object)
        if triple.predicate == _TYPE and kind in _KINDS:
            kinds.setdefault(triple.subject, []).append(kind)
    first = {subject: min(found, key=_KINDS.index) for subject, found in kinds.items()}
    kept = []
    for triple in triples:
        kind = first.get(triple.subject)
        value = _iri(triple.object)
        if triple.predicate == _TYPE and value in _KINDS and value != kind:
            continue
        if kind == _DATA_PROPERTY and value in _OBJECT_CHARACTERISTICS:
            continue
        kept.append(triple)
    return kept


def _merged_headers(ontology: list[ox.Triple], *, keep_imports: Callable[[str], bool]) -> list[ox.Triple]:
    """The ontology with one ``owl:Ontology`` header, the hub's: the module headers go (their axioms
    are merged in), and only the imports ``keep_imports(iri)`` accepts stay on the hub."""
    modules = {t.subject for t in ontology if t.predicate == _TYPE and _iri(t.object) == _ONTOLOGY}
    hub = ox.NamedNode(ONTOLOGY_IRI)
    kept = []
    for triple in ontology:
        if triple.subject in modules and triple.subject != hub:
            continue
        if triple.predicate.value == _IMPORTS and not keep_imports(_iri(triple.object) or ""):
            continue
        kept.append(triple)
    return kept


def _inferred_schema(inferred: Iterable[ox.Triple]) -> list[ox.Triple]:
    """What the reasoner found between named, non-reserved terms (no reflexive link)."""
    return [
        t
        for t in inferred
        if t.predicate.value in _SCHEMA
        and isinstance(t.subject, ox.NamedNode)
        and isinstance(t.object, ox.NamedNode)
        and t.subject != t.object
        and not _is_reserved(t.subject)
        and not _is_reserved(t.object)
    ]


def _kinds(triples: Iterable[ox.Triple]) -> dict[ox.NamedNode, str]:
    """Term → the first kind of entity ``triples`` declare it as."""
    kinds: dict[ox.NamedNode, str] = {}
    for t in triples:
        kind = _iri(t.object)
        if t.predicate == _TYPE and isinstance(t.subject, ox.NamedNode) and kind in _KINDS:
            kinds.setdefault(t.subject, kind)
    return kinds


def _declared(triples: list[ox.Triple], imported: dict[ox.NamedNode, str] | None = None) -> list[ox.Triple]:
    """``triples`` plus a declaration of every term they use without declaring it: the kind the
    ``imported`` vocabularies declare it as (``ipco-base``, whose imports an offline tool may not
    load), else a class where it is a type or in a class axiom, the kind of the property it is a
    sub-property of, otherwise an annotation property (SKOS, Dublin Core, FOAF… on IPCO's terms)."""
    kinds = _kinds(triples)
    known = imported or {}
    added: dict[ox.NamedNode, str] = {}

    def declare(term: object, kind: str) -> None:
        if isinstance(term, ox.NamedNode) and not _is_reserved(term) and term not in kinds and term not in added:
            added[term] = known.get(term, kind)

    for t in triples:
        predicate = t.predicate.value
        if predicate == RDF + "type":
            declare(t.object, _CLASS)
        elif predicate in (RDFS + "subClassOf", OWL + "equivalentClass", OWL + "disjointWith"):
            declare(t.subject, _CLASS)
            declare(t.object, _CLASS)
        elif predicate in (RDFS + "domain",):
            declare(t.object, _CLASS)
    for t in triples:
        predicate = t.predicate.value
        subject = t.subject if isinstance(t.subject, ox.NamedNode) else None
        if predicate == RDFS + "range" and subject in kinds and kinds[subject] == _OBJECT_PROPERTY:
            declare(t.object, _CLASS)
        if predicate in (RDFS + "subPropertyOf", OWL + "equivalentProperty"):
            found = (kinds.get(subject) or added.get(subject)) if subject is not None else None
            declare(t.object, found or _ANNOTATION_PROPERTY)
            above = t.object if isinstance(t.object, ox.NamedNode) else None
            above_kind = (kinds.get(above) or added.get(above)) if above is not None else None
            declare(t.subject, above_kind or _ANNOTATION_PROPERTY)
    for t in triples:
        declare(t.predicate, _ANNOTATION_PROPERTY)
    return triples + [ox.Triple(term, _TYPE, ox.NamedNode(kind)) for term, kind in sorted(added.items(), key=str)]


def _iri(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str | None:
    """The IRI of ``term`` when it is a named node (kinds, headers and imports are IRIs)."""
    return term.value if isinstance(term, ox.NamedNode) else None


def _is_reserved(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(_RESERVED)


def _in_graph(variant: str, triples: list[ox.Triple]) -> list[ox.Quad]:
    graph = ox.NamedNode(graph_iri(variant))
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in dict.fromkeys(triples)]
