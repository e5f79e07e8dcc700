"""``ipco measure``: the figures ``robot measure`` gives about an ontology, from its triples.

Counts of classes, properties and individuals, of axioms by OWL axiom type (as the RDF mapping of
OWL 2 writes them), the DL expressivity of the constructs used, the imports, and how many of
IPCO's terms have a label in each language. The release's VoID publishes them (``describe``), so a
catalogue can compare releases without an OWL tool.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ipco.namespaces import IPCO, OWL, RDF, RDFS, SKOS

_TYPE = RDF + "type"
_LANGUAGES = ("en", "fr")
#: Entity kinds counted, by the ``rdf:type`` that declares them.
_KINDS = {
    OWL + "Class": "classes",
    OWL + "ObjectProperty": "object properties",
    OWL + "DatatypeProperty": "datatype properties",
    OWL + "AnnotationProperty": "annotation properties",
}
#: Axiom type of a triple, by predicate (OWL 2 mapping to RDF, table 16).
_AXIOMS_BY_PREDICATE = {
    RDFS + "subClassOf": "SubClassOf",
    OWL + "equivalentClass": "EquivalentClasses",
    OWL + "disjointWith": "DisjointClasses",
    RDFS + "subPropertyOf": "SubPropertyOf",
    OWL + "equivalentProperty": "EquivalentProperties",
    OWL + "inverseOf": "InverseObjectProperties",
    OWL + "propertyChainAxiom": "SubObjectPropertyOf (chain)",
    RDFS + "domain": "PropertyDomain",
    RDFS + "range": "PropertyRange",
    OWL + "hasKey": "HasKey",
    OWL + "sameAs": "SameIndividual",
    OWL + "differentFrom": "DifferentIndividuals",
}
_CHARACTERISTICS = {
    OWL + name: f"{name.removesuffix('Property')}ObjectProperty"
    for name in (
        "FunctionalProperty",
        "InverseFunctionalProperty",
        "TransitiveProperty",
        "SymmetricProperty",
        "AsymmetricProperty",
        "ReflexiveProperty",
        "IrreflexiveProperty",
    )
}
#: DL letters (as Pellet and ROBOT print them), by the construct that needs them.
_LETTERS = {
    OWL + "unionOf": "U",
    OWL + "complementOf": "C",
    OWL + "someValuesFrom": "E",
    OWL + "inverseOf": "I",
    OWL + "oneOf": "O",
    OWL + "hasValue": "O",
    RDFS + "subPropertyOf": "H",
    OWL + "propertyChainAxiom": "R",
    OWL + "cardinality": "N",
    OWL + "minCardinality": "N",
    OWL + "maxCardinality": "N",
    OWL + "qualifiedCardinality": "Q",
    OWL + "minQualifiedCardinality": "Q",
    OWL + "maxQualifiedCardinality": "Q",
}


@dataclass
class Measures:
    """What ``ipco measure`` prints, in text or JSON, and the release's VoID publishes."""

    entities: dict[str, int] = field(default_factory=dict)
    axioms: dict[str, int] = field(default_factory=dict)
    expressivity: str = ""
    imports: list[str] = field(default_factory=list)
    label_coverage: dict[str, float] = field(default_factory=dict)

    def figures(self) -> dict[str, int | float | str]:
        """Every figure under a stable name (``classes``, ``axioms/SubClassOf``, ``labels/en``…)."""
        figures: dict[str, int | float | str] = {name.replace(" ", "-"): count for name, count in self.entities.items()}
        figures["axioms"] = sum(self.axioms.values())
        figures.update({f"axioms/{name}": count for name, count in self.axioms.items()})
        figures["expressivity"] = self.expressivity
        figures["imports"] = len(self.imports)
        figures.update({f"labels/{lang}": share for lang, share in self.label_coverage.items()})
        return figures

    def as_json(self) -> str:
        document = {
            "entities": self.entities,
            "axioms": self.axioms,
            "axiomCount": sum(self.axioms.values()),
            "expressivity": self.expressivity,
            "imports": self.imports,
            "labelCoverage": self.label_coverage,
        }
        return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    def as_text(self) -> str:
        lines = [f"{name}: {count}" for name, count in self.entities.items()]
        lines.append(f"axioms: {sum(self.axioms.values())}")
        lines += [f"  {name}: {count}" for name, count in self.axioms.items()]
        lines.append(f"expressivity: {self.expressivity}")
        lines.append(f"imports: {len(self.imports)}")
        lines += [f"  {iri}" for iri in self.imports]
        lines += [f"labels in {lang}: {share:.1%} of IPCO's terms" for lang, share in self.label_coverage.items()]
        return "\n".join(lines) + "\n"


def measure(triples: Iterable[ox.Triple]) -> Measures:
    """The measures of the ontology made of ``triples``."""
    every = list(dict.fromkeys(triples))
    kinds: dict[str, set[ox.NamedNode | ox.BlankNode | ox.Triple]] = {name: set() for name in _KINDS.values()}
    individuals: set[ox.NamedNode | ox.BlankNode | ox.Triple] = set()
    axioms: Counter[str] = Counter()
    letters: set[str] = set()
    assertions: list[ox.Triple] = []
    declared = set(_KINDS) | {OWL + "Ontology", OWL + "Restriction", RDFS + "Datatype", OWL + "AllDisjointClasses"}
    for t in every:
        predicate = t.predicate.value
        value = t.object.value if isinstance(t.object, ox.NamedNode) else None
        letters |= {_LETTERS[predicate]} if predicate in _LETTERS else set()
        if predicate == _TYPE and value in _KINDS and isinstance(t.subject, ox.NamedNode):
            kinds[_KINDS[value]].add(t.subject)
            axioms["Declaration"] += 1
        elif predicate == _TYPE and value in _CHARACTERISTICS:
            axioms[_CHARACTERISTICS[value]] += 1
            letters |= {"R+"} if value == OWL + "TransitiveProperty" else {"F"} if "Functional" in value else set()
        elif predicate == _TYPE and isinstance(t.subject, ox.NamedNode) and value not in declared:
            individuals.add(t.subject)
            axioms["ClassAssertion"] += 1
        elif predicate in _AXIOMS_BY_PREDICATE and not isinstance(t.subject, ox.BlankNode):
            axioms[_AXIOMS_BY_PREDICATE[predicate]] += 1
        elif isinstance(t.subject, ox.NamedNode) and not predicate.startswith((RDF, OWL)):
            assertions.append(t)
    axioms.update(_assertion_type(t, kinds) for t in assertions)
    entities = {name: len(found) for name, found in kinds.items()}
    entities["individuals"] = len(individuals)
    return Measures(
        entities=entities,
        axioms=dict(sorted(axioms.items())),
        expressivity=_expressivity(letters, bool(kinds["datatype properties"])),
        imports=sorted(
            {
                t.object.value
                for t in every
                if t.predicate.value == OWL + "imports" and isinstance(t.object, ox.NamedNode)
            }
        ),
        label_coverage=_label_coverage(every, set().union(*kinds.values()) | individuals),
    )


def _assertion_type(triple: ox.Triple, kinds: dict[str, set[ox.NamedNode | ox.BlankNode | ox.Triple]]) -> str:
    """An object or data property assertion when the ontology declares the property so, otherwise
    an annotation (labels, definitions, SKOS links of the vocabularies)."""
    if triple.predicate in kinds["object properties"]:
        return "ObjectPropertyAssertion"
    if triple.predicate in kinds["datatype properties"]:
        return "DataPropertyAssertion"
    return "AnnotationAssertion"


def _expressivity(letters: set[str], data: bool) -> str:
    """``AL`` plus the letters in Pellet's order; ``S`` stands for ``ALC`` with transitive roles."""
    base = "S" if {"C", "R+"} <= letters else "ALC" if "C" in letters else "AL"
    order = ["U", "E", "H", "R", "O", "I", "N", "Q", "F"] if base != "S" else ["H", "R", "O", "I", "N", "Q", "F"]
    if base == "S":
        letters = letters - {"U", "E", "C", "R+"}
    elif "R+" in letters:
        letters = (letters - {"R+"}) | {"R+"}
        order.append("R+")
    return base + "".join(letter for letter in order if letter in letters) + ("(D)" if data else "")


def _label_coverage(triples: list[ox.Triple], terms: set[ox.NamedNode | ox.BlankNode | ox.Triple]) -> dict[str, float]:
    """Share of IPCO's own terms with an ``rdfs:label`` or ``skos:prefLabel`` in each language."""
    own = {term for term in terms if isinstance(term, ox.NamedNode) and term.value.startswith(IPCO)}
    labelled: dict[str, set[ox.NamedNode | ox.BlankNode | ox.Triple]] = {lang: set() for lang in _LANGUAGES}
    for t in triples:
        label = t.object if isinstance(t.object, ox.Literal) else None
        is_label = t.predicate.value in (RDFS + "label", SKOS + "prefLabel")
        if is_label and label is not None and label.language in labelled and t.subject in own:
            labelled[label.language].add(t.subject)
    return {lang: round(len(found) / len(own), 4) if own else 0.0 for lang, found in labelled.items()}
