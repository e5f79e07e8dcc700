"""The keys the fast reasoner works on: every term as an IRI that ``reasonable`` can take.

``reasonable`` matches its rules on RDF, RDFS and OWL IRIs only, so those terms keep their own IRI
and every other term (literals and blank nodes included) becomes an opaque private IRI; ``Codec``
keeps the way back. The vocabulary keys below are what the rules in Python name.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, Literal, URIRef

from ipco.convert import OxTerm, to_rdflib_term
from ipco.reason import STANDARD_VOCABULARIES, TermKind

Key = str
Triple = tuple[Key, Key, Key]


class Iri(str):
    """An IRI for reasonable: its ``from_graph`` reads ``datatype`` and ``language`` of every term, and
    on a plain ``str`` each read raises (and swallows) an AttributeError; this makes loading 3x faster."""

    __slots__ = ()
    datatype = None
    language = None


PRIVATE = "urn:x-ipco-reason-fast:"
# RDF, RDFS and OWL terms reach reasonable under their own IRI; nothing else does.
VISIBLE = re.compile(r"(http://www\.w3\.org/(1999/02/22-rdf-syntax-ns|2000/01/rdf-schema|2002/07/owl)#)\w+\Z")
# Hidden from reasonable: it types every subject owl:Thing (owlrl does not, and a class equivalent to
# or a union with owl:Thing would then hold everything); its prp-ifp equates the subjects of ANY two
# triples of an inverse-functional property; it adds rdfs12 axioms for rdf:_n (owlrl adds them only
# with axiomatic triples, which ipco.reason turns off).
HIDDEN = {str(OWL.Thing), str(OWL.InverseFunctionalProperty)}
REAL_THING = str(OWL.Thing)
CONTAINER_MEMBERSHIP = re.compile(re.escape(str(RDF)) + r"_\d+\Z")

TYPE: Key = Iri(RDF.type)
FIRST: Key = Iri(RDF.first)
REST: Key = Iri(RDF.rest)
NIL: Key = Iri(RDF.nil)
PROPERTY: Key = Iri(RDF.Property)
SUBCLASS: Key = Iri(RDFS.subClassOf)
SUBPROPERTY: Key = Iri(RDFS.subPropertyOf)
DOMAIN: Key = Iri(RDFS.domain)
RANGE: Key = Iri(RDFS.range)
DATATYPE: Key = Iri(RDFS.Datatype)
CLASS: Key = Iri(OWL.Class)
NOTHING: Key = Iri(OWL.Nothing)
OBJECT_PROPERTY: Key = Iri(OWL.ObjectProperty)
DATATYPE_PROPERTY: Key = Iri(OWL.DatatypeProperty)
SAME_AS: Key = Iri(OWL.sameAs)
EQUIVALENT_CLASS: Key = Iri(OWL.equivalentClass)
EQUIVALENT_PROPERTY: Key = Iri(OWL.equivalentProperty)
ON_PROPERTY: Key = Iri(OWL.onProperty)
ON_CLASS: Key = Iri(OWL.onClass)
HAS_VALUE: Key = Iri(OWL.hasValue)
SOME_VALUES: Key = Iri(OWL.someValuesFrom)
ALL_VALUES: Key = Iri(OWL.allValuesFrom)
INTERSECTION: Key = Iri(OWL.intersectionOf)
UNION: Key = Iri(OWL.unionOf)
ONE_OF: Key = Iri(OWL.oneOf)
CHAIN: Key = Iri(OWL.propertyChainAxiom)
HAS_KEY: Key = Iri(OWL.hasKey)
MAX_CARDINALITY: Key = Iri(OWL.maxCardinality)
MAX_QUALIFIED: Key = Iri(OWL.maxQualifiedCardinality)

# What the schema rules and the instance rules below read, besides the instance triples they ask for.
SCHEMA_PREDICATES = {
    FIRST,
    REST,
    SUBCLASS,
    SUBPROPERTY,
    DOMAIN,
    RANGE,
    EQUIVALENT_CLASS,
    EQUIVALENT_PROPERTY,
    ON_PROPERTY,
    ON_CLASS,
    HAS_VALUE,
    SOME_VALUES,
    ALL_VALUES,
    INTERSECTION,
    UNION,
    ONE_OF,
    CHAIN,
    HAS_KEY,
    MAX_CARDINALITY,
    MAX_QUALIFIED,
}
PROPERTY_TYPES = (OBJECT_PROPERTY, DATATYPE_PROPERTY, PROPERTY)


class Nodes(dict[Key, OxTerm]):
    """Key -> term; a key the codec never made is one of reasonable's own vocabulary IRIs."""

    def __missing__(self, key: Key) -> OxTerm:
        node = self[key] = ox.NamedNode(key)
        return node


class Keys(dict[OxTerm, Key]):
    """Term -> key, made on first lookup (``Codec.keys[term]`` is then one C call per known term)."""

    def __init__(self, codec: Codec) -> None:
        super().__init__()
        self._codec = codec

    def __missing__(self, node: OxTerm) -> Key:
        key = self[node] = self._codec.new_key(node)
        return key


class Codec:
    """Terms <-> the IRIs reasonable sees (see the module docstring)."""

    def __init__(self) -> None:
        self.keys = Keys(self)
        self.nodes = Nodes()
        #: The keys of the RDF, RDFS, OWL and XSD IRIs, whose triples the noise rules treat apart.
        self.standard: set[Key] = set()

    def key(self, node: OxTerm) -> Key:
        """The IRI that stands for ``node``: its own for visible RDF/RDFS/OWL terms, else an opaque one."""
        return self.keys[node]

    def iri(self, iri: URIRef) -> Key:
        """The key of a vocabulary term named in the rules."""
        return self.key(ox.NamedNode(str(iri)))

    def new_key(self, node: OxTerm) -> Key:
        """A key for a term not seen yet (``Keys`` calls it)."""
        visible = (
            type(node) is ox.NamedNode
            and VISIBLE.match(node.value) is not None
            and node.value not in HIDDEN
            and not CONTAINER_MEMBERSHIP.match(node.value)
        )
        key = Iri(node.value if visible else f"{PRIVATE}{len(self.nodes)}")
        self.nodes[key] = node
        if type(node) is ox.NamedNode and node.value.startswith(STANDARD_VOCABULARIES):
            self.standard.add(key)
        return key

    def kinds(self, key: Key) -> TermKind:
        """What the term behind ``key`` is, for the noise rules."""
        node = self.nodes[key]
        return "iri" if type(node) is ox.NamedNode else "literal" if type(node) is ox.Literal else "bnode"

    def literal_value(self, key: Key) -> object:
        """The Python value of the literal behind ``key`` (None for other terms), as owlrl compares it."""
        node = self.nodes[key]
        if type(node) is not ox.Literal:
            return None
        converted = to_rdflib_term(node)
        return converted.value if isinstance(converted, Literal) else None
