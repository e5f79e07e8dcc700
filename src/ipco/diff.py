"""Diff: what changed between two releases, and what that means for people who import the ontology.

Two releases are compared term by term (classes, properties, concepts), instance by instance, shape
by shape and graph by graph, and the change gets a Semantic Versioning verdict with its reasons.
Blank nodes are named after what they hold (``diff_release.stable_blank_nodes``), so a rebuild that only renames
them shows no difference. Nothing here prints: ``cli.py`` renders the result (``diff_report.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ipco.diff_model import (
    DEFAULT_GRAPH_NAME,
    Entity,
    GraphChange,
    Level,
    Reason,
    Release,
    ReleaseDiff,
    ShapeChange,
    Term,
    TextChange,
    TypeChange,
    ValueChange,
    Version,
)
from ipco.diff_release import DEFAULT_GRAPH
from ipco.namespaces import DCTERMS, IPCO_ID, ONTOLOGY_IRI, OWL, RDF, RDFS, SH, SKOS, XSD, is_ipco_concept, is_ipco_term
from ipco.project import IMPORTS_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, QUALITY_GRAPH, SHAPES_GRAPH
from ipco.report import compact

_RELEASE_GRAPHS = {ONTOLOGY_GRAPH, IMPORTS_GRAPH, SHAPES_GRAPH, QUALITY_GRAPH, INFERRED_GRAPH}
_FIRST = ox.NamedNode(RDF + "first")
_REST = ox.NamedNode(RDF + "rest")
_NIL = ox.NamedNode(RDF + "nil")

#: Types that declare a term, and the kind each one names in reports.
DECLARATION_TYPES: dict[str, str] = {
    OWL + "Class": "class",
    RDFS + "Class": "class",
    OWL + "ObjectProperty": "object property",
    OWL + "DatatypeProperty": "datatype property",
    OWL + "AnnotationProperty": "annotation property",
    RDF + "Property": "property",
    SKOS + "ConceptScheme": "concept scheme",
    SKOS + "Concept": "concept",
    OWL + "NamedIndividual": "individual",
}
#: Property characteristics: axioms stated as types.
CHARACTERISTIC_TYPES = frozenset(
    OWL + name
    for name in (
        "FunctionalProperty",
        "InverseFunctionalProperty",
        "TransitiveProperty",
        "SymmetricProperty",
        "AsymmetricProperty",
        "ReflexiveProperty",
        "IrreflexiveProperty",
    )
)
#: Axioms an importer's reasoning depends on (characteristics are compared as ``rdf:type`` axioms).
AXIOM_PREDICATES = frozenset(
    (
        RDFS + "subClassOf",
        RDFS + "subPropertyOf",
        RDFS + "domain",
        RDFS + "range",
        OWL + "equivalentClass",
        OWL + "equivalentProperty",
        OWL + "inverseOf",
        OWL + "disjointWith",
        OWL + "propertyChainAxiom",
        SKOS + "broader",
        SKOS + "inScheme",
    )
)
LABEL_PREDICATES = (RDFS + "label", SKOS + "prefLabel")
DEFINITION_PREDICATES = (SKOS + "definition", RDFS + "comment")
_DEPRECATED = OWL + "deprecated"
_SHAPE_TYPES = frozenset((SH + "NodeShape", SH + "PropertyShape"))
#: SHACL parameters that do not constrain anything: messages, names, layout.
_SHAPE_ANNOTATIONS = frozenset(SH + name for name in ("message", "name", "description", "order", "group", "path"))
_TARGETS = frozenset(SH + name for name in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"))
#: Parameters whose value bounds from below (raising it is stricter) or from above (lowering it is).
_LOWER_BOUNDS = frozenset(
    SH + n for n in ("minCount", "minLength", "minInclusive", "minExclusive", "qualifiedMinCount")
)
_UPPER_BOUNDS = frozenset(
    SH + n for n in ("maxCount", "maxLength", "maxInclusive", "maxExclusive", "qualifiedMaxCount")
)
_SEVERITIES = {SH + "Info": 0, SH + "Warning": 1, SH + "Violation": 2}

# -- comparing ------------------------------------------------------------------------------------


class _Side:
    """One release, indexed: triples by graph, and the views that hold the ontology, shapes and data.

    In a release the ontology, shapes and data are named graphs; a plain RDF file has none of
    them, and then every view is the whole file.
    """

    def __init__(self, release: Release) -> None:
        self.source = release.source
        self.graphs: dict[str, set[ox.Triple]] = {}
        for quad in release.quads:
            self.graphs.setdefault(str(quad.graph_name.value), set()).add(quad.triple)  # type: ignore[union-attr]
        structured = bool(_RELEASE_GRAPHS & self.graphs.keys())
        everything = [t for triples in self.graphs.values() for t in triples]

        def view(names: Iterable[str]) -> _Index:
            return _Index([t for name in names for t in self.graphs.get(name, ())] if structured else everything)

        data_graphs = sorted(self.graphs.keys() - _RELEASE_GRAPHS)
        self.ontology = view([ONTOLOGY_GRAPH])
        self.shapes = view([SHAPES_GRAPH])
        self.data = view(data_graphs)
        self.asserted = view([ONTOLOGY_GRAPH, SHAPES_GRAPH, *data_graphs])
        self.terms = {
            s: kinds
            for s in self.ontology.subjects()
            if (is_ipco_term(s) or is_ipco_concept(s))
            and (kinds := tuple(sorted(t for t in self.ontology.iris(s, RDF + "type") if t in DECLARATION_TYPES)))
        }
        self.instances = {s for s in self.data.subjects() if s.startswith(IPCO_ID)}
        self.shape_iris = {
            s for s in self.shapes.subjects() if _SHAPE_TYPES & set(self.shapes.iris(s, RDF + "type"))
        } | {o for s in self.shapes.subjects() for o in self.shapes.iris(s, SH + "property")}

    def version(self) -> Version:
        """The version of the hub ontology (IPCO's own IRI first, else any ontology with a version)."""
        ontologies = sorted(self.ontology.subjects_of_type(OWL + "Ontology"), key=lambda o: (o != ONTOLOGY_IRI, o))
        versioned = [o for o in ontologies if self.ontology.values(o, OWL + "versionInfo")]
        hub = next(iter(versioned or ontologies), None)
        info = self.ontology.values(hub, OWL + "versionInfo") if hub else []
        iri = self.ontology.iris(hub, OWL + "versionIRI") if hub else []
        issued = self.ontology.values(hub, DCTERMS + "issued") if hub else []
        total = sum(len(triples) for triples in self.graphs.values())
        return Version(
            self.source,
            info[0].value if info else None,
            iri[0] if iri else None,
            issued[0].value if issued else None,
            total,
        )

    def entity(self, iri: str, kinds: Iterable[str]) -> Entity:
        """A term or instance with its English label (else one without language, else the first)."""
        labels = {v.language: v.value for p in LABEL_PREDICATES for v in self.asserted.values(iri, p)}
        label = labels.get("en") or labels.get(None) or (labels[min(labels, key=str)] if labels else None)
        return Entity(iri, ", ".join(kinds), label)

    def instance(self, iri: str) -> Entity:
        types = sorted(_turtle(t) for t in self.data.objects(iri, RDF + "type"))
        return self.entity(iri, types)

    def deprecated(self, iri: str) -> bool:
        return any(v.value in ("true", "1") for v in self.ontology.values(iri, _DEPRECATED))


class _Index:
    """Triples by subject, for the look-ups the comparison makes."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.triples = set(triples)
        self.by_subject: dict[str, list[tuple[str, Term]]] = {}
        self.blank: dict[ox.BlankNode, list[tuple[str, Term]]] = {}
        for t in self.triples:
            if isinstance(t.subject, ox.NamedNode):
                self.by_subject.setdefault(t.subject.value, []).append((t.predicate.value, t.object))
            elif isinstance(t.subject, ox.BlankNode):
                self.blank.setdefault(t.subject, []).append((t.predicate.value, t.object))

    def subjects(self) -> set[str]:
        return set(self.by_subject)

    def objects(self, subject: str, predicate: str) -> list[Term]:
        return [o for p, o in self.by_subject.get(subject, ()) if p == predicate]

    def iris(self, subject: str, predicate: str) -> list[str]:
        return sorted(o.value for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode))

    def values(self, subject: str, predicate: str) -> list[ox.Literal]:
        return sorted((o for o in self.objects(subject, predicate) if isinstance(o, ox.Literal)), key=str)

    def subjects_of_type(self, type_iri: str) -> list[str]:
        return [s for s, pairs in self.by_subject.items() if (RDF + "type", ox.NamedNode(type_iri)) in pairs]

    def turtle(self, term: Term) -> str:
        """A value in Turtle: lists as ``( … )``, other blank nodes as ``[ p o ; … ]``."""
        return _turtle(term, self.blank)


def diff_releases(old_release: Release, new_release: Release) -> ReleaseDiff:
    """Compare two releases; the result lists every difference and the reasons for the verdict."""
    old, new = _Side(old_release), _Side(new_release)
    result = ReleaseDiff(old.version(), new.version())
    _compare_terms(old, new, result)
    _compare_texts(old, new, result)
    _compare_instances(old, new, result)
    _compare_shapes(old, new, result)
    _compare_graphs(old, new, result)
    result.reasons.sort(key=lambda r: (-r.level, r.subject, r.text))
    return result


def _compare_terms(old: _Side, new: _Side, result: ReleaseDiff) -> None:
    for iri in sorted(new.terms.keys() - old.terms.keys()):
        entity = new.entity(iri, _kinds(new.terms[iri]))
        result.terms_added.append(entity)
        result.reasons.append(Reason(Level.MINOR, iri, f"{entity.kind} added"))
    for iri in sorted(old.terms.keys() - new.terms.keys()):
        entity = old.entity(iri, _kinds(old.terms[iri]))
        result.terms_removed.append(entity)
        result.reasons.append(Reason(Level.MAJOR, iri, f"{entity.kind} removed"))
    for iri in sorted(old.terms.keys() & new.terms.keys()):
        if old.terms[iri] != new.terms[iri]:
            result.type_changes.append(TypeChange(iri, _kinds(old.terms[iri]), _kinds(new.terms[iri])))
            old_kind, new_kind = ", ".join(_kinds(old.terms[iri])), ", ".join(_kinds(new.terms[iri]))
            result.reasons.append(Reason(Level.MAJOR, iri, f"type changed from {old_kind} to {new_kind}"))
        was, now = old.deprecated(iri), new.deprecated(iri)
        if now and not was:
            result.terms_deprecated.append(new.entity(iri, _kinds(new.terms[iri])))
            result.reasons.append(Reason(Level.MINOR, iri, "deprecated"))
        elif was and not now:
            result.terms_undeprecated.append(new.entity(iri, _kinds(new.terms[iri])))
            result.reasons.append(Reason(Level.MINOR, iri, "no longer deprecated"))
        _compare_axioms(iri, old, new, result)


def _compare_axioms(iri: str, old: _Side, new: _Side, result: ReleaseDiff) -> None:
    """Axioms on a term in both releases: a removed or changed one may break an importer."""
    for predicate in sorted(AXIOM_PREDICATES | {RDF + "type"}):
        before, after = _axioms(old, iri, predicate), _axioms(new, iri, predicate)
        if before == after:
            continue
        change = ValueChange(iri, predicate, tuple(sorted(before - after)), tuple(sorted(after - before)))
        result.axiom_changes.append(change)
        name = _turtle(ox.NamedNode(predicate))
        if change.removed and change.added:
            text = f"{name} changed from {' '.join(change.removed)} to {' '.join(change.added)}"
        elif change.removed:
            text = f"{name} {' '.join(change.removed)} removed"
        else:
            text = f"{name} {' '.join(change.added)} added"
        result.reasons.append(Reason(Level.MAJOR if change.removed else Level.MINOR, iri, text))


def _axioms(side: _Side, iri: str, predicate: str) -> set[str]:
    """The objects of one axiom predicate; of ``rdf:type``, only the property characteristics."""
    objects = side.ontology.objects(iri, predicate)
    if predicate == RDF + "type":
        objects = [o for o in objects if isinstance(o, ox.NamedNode) and o.value in CHARACTERISTIC_TYPES]
    return {side.ontology.turtle(o) for o in objects}


def _compare_texts(old: _Side, new: _Side, result: ReleaseDiff) -> None:
    """Labels and definitions, language by language, of the terms and instances in both releases."""
    subjects = (old.terms.keys() & new.terms.keys()) | (old.instances & new.instances)
    for iri in sorted(subjects):
        for predicates, changes, what in (
            (LABEL_PREDICATES, result.label_changes, "label"),
            (DEFINITION_PREDICATES, result.definition_changes, "definition"),
        ):
            for predicate in predicates:
                before = _by_language(old.asserted.values(iri, predicate))
                after = _by_language(new.asserted.values(iri, predicate))
                for lang in sorted(before.keys() | after.keys()):
                    if before.get(lang) != after.get(lang):
                        changes.append(TextChange(iri, predicate, lang, before.get(lang), after.get(lang)))
                        shown = f"@{lang}" if lang else ""
                        how = "added" if lang not in before else "removed" if lang not in after else "changed"
                        result.reasons.append(Reason(Level.PATCH, iri, f"{what}{shown} {how}"))


def _compare_instances(old: _Side, new: _Side, result: ReleaseDiff) -> None:
    for iri in sorted(new.instances - old.instances):
        result.instances_added.append(new.instance(iri))
        result.reasons.append(Reason(Level.PATCH, iri, "instance added"))
    for iri in sorted(old.instances - new.instances):
        result.instances_removed.append(old.instance(iri))
        result.reasons.append(Reason(Level.PATCH, iri, "instance removed"))


def _compare_shapes(old: _Side, new: _Side, result: ReleaseDiff) -> None:
    """Shapes: a new or tightened constraint can make data that conformed fail."""
    added_terms = new.terms.keys() - old.terms.keys()
    for shape in sorted(new.shape_iris - old.shape_iris):
        result.shapes_added.append(shape)
        targets = {
            o.value for p, o in new.shapes.by_subject.get(shape, ()) if p in _TARGETS and isinstance(o, ox.NamedNode)
        }
        if targets - added_terms:
            result.reasons.append(Reason(Level.MAJOR, shape, "shape added, targeting existing data"))
        else:
            result.reasons.append(Reason(Level.MINOR, shape, "shape added"))
    for shape in sorted(old.shape_iris - new.shape_iris):
        result.shapes_removed.append(shape)
        result.reasons.append(Reason(Level.MINOR, shape, "shape removed"))
    for shape in sorted(old.shape_iris & new.shape_iris):
        before = _parameters(old.shapes, shape)
        after = _parameters(new.shapes, shape)
        for parameter in sorted(before.keys() | after.keys()):
            was, now = before.get(parameter, set()), after.get(parameter, set())
            if was == now:
                continue
            change = ShapeChange(
                shape,
                parameter,
                tuple(sorted(old.shapes.turtle(v) for v in was - now)),
                tuple(sorted(new.shapes.turtle(v) for v in now - was)),
                _is_stricter(parameter, was, now),
            )
            result.shape_changes.append(change)
            name = _turtle(ox.NamedNode(parameter))
            shown = f"{' '.join(change.removed) or '(none)'} → {' '.join(change.added) or '(none)'}"
            if change.stricter:
                result.reasons.append(Reason(Level.MAJOR, shape, f"stricter: {name} {shown}"))
            else:
                result.reasons.append(Reason(Level.MINOR, shape, f"looser: {name} {shown}"))


def _parameters(index: _Index, shape: str) -> dict[str, set[Term]]:
    found: dict[str, set[Term]] = {}
    for predicate, value in index.by_subject.get(shape, ()):
        if predicate.startswith(SH) and predicate not in _SHAPE_ANNOTATIONS:
            found.setdefault(predicate, set()).add(value)
    return found


def _is_stricter(parameter: str, was: set[Term], now: set[Term]) -> bool:
    """Whether data that conformed may now fail; when that cannot be told, it counts as stricter."""
    if parameter == SH + "deactivated":
        return _is_true(was) and not _is_true(now)
    if parameter == SH + "closed":
        return _is_true(now) and not _is_true(was)
    if parameter == SH + "ignoredProperties":
        return bool(was)
    if parameter == SH + "severity":
        return _severity(now) > _severity(was)
    if parameter in _LOWER_BOUNDS | _UPPER_BOUNDS and len(was) == len(now) == 1:
        before, after = _number(next(iter(was))), _number(next(iter(now)))
        if before is not None and after is not None:
            return after > before if parameter in _LOWER_BOUNDS else after < before
    return bool(now - was)


def _compare_graphs(old: _Side, new: _Side, result: ReleaseDiff) -> None:
    """Triples added and removed per named graph; any difference is at least a patch."""
    for graph in sorted(old.graphs.keys() | new.graphs.keys()):
        before, after = old.graphs.get(graph), new.graphs.get(graph)
        if before == after:
            continue
        name = None if graph == DEFAULT_GRAPH else graph
        added = len((after or set()) - (before or set()))
        removed = len((before or set()) - (after or set()))
        result.graphs.append(
            GraphChange(
                name, None if before is None else len(before), None if after is None else len(after), added, removed
            )
        )
        if before is None:
            text = "graph added"
        elif after is None:
            text = "graph removed"
        else:
            text = f"triples: {added} added, {removed} removed"
        result.reasons.append(Reason(Level.PATCH, name or DEFAULT_GRAPH_NAME, text))


# -- helpers --------------------------------------------------------------------------------------


def _kinds(types: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({DECLARATION_TYPES[t] for t in types}))


def _by_language(values: Iterable[ox.Literal]) -> dict[str, str]:
    """One text per language (several are joined, sorted, with `` | ``)."""
    texts: dict[str, list[str]] = {}
    for value in values:
        texts.setdefault(value.language or "", []).append(value.value)
    return {lang: " | ".join(sorted(found)) for lang, found in texts.items()}


def _number(term: Term) -> Decimal | None:
    if not isinstance(term, ox.Literal):
        return None
    try:
        return Decimal(term.value)
    except InvalidOperation:
        return None


def _is_true(values: set[Term]) -> bool:
    return any(isinstance(v, ox.Literal) and v.value in ("true", "1") for v in values)


def _severity(values: set[Term]) -> int:
    """The rank of a shape's severity; without ``sh:severity`` it is a violation."""
    return max((_SEVERITIES.get(v.value, 2) for v in values if isinstance(v, ox.NamedNode)), default=2)


def _turtle(term: Term, blank: Mapping[ox.BlankNode, list[tuple[str, Term]]] | None = None, depth: int = 0) -> str:
    """Turtle for one value, with IPCO's prefixes; blank nodes described when ``blank`` holds them."""
    if isinstance(term, ox.NamedNode):
        short = compact(term.value)
        return short if short != term.value else f"<{term.value}>"
    if isinstance(term, ox.Literal):
        if term.datatype.value == XSD + "string" or term.language:
            return str(term)
        return f"{ox.Literal(term.value)}^^{_turtle(term.datatype)}"
    if isinstance(term, ox.Triple):
        return f"<< {term} >>"
    pairs = (blank or {}).get(term)
    if not pairs or depth > 8:
        return f"_:{term.value}"
    items = _list_items(term, blank or {})
    if items is not None:
        return "( " + " ".join(_turtle(i, blank, depth + 1) for i in items) + " )"
    inner = " ; ".join(sorted(f"{_turtle(ox.NamedNode(p))} {_turtle(o, blank, depth + 1)}" for p, o in pairs))
    return f"[ {inner} ]"


def _list_items(head: ox.BlankNode, blank: Mapping[ox.BlankNode, list[tuple[str, Term]]]) -> list[Term] | None:
    """The members of an RDF list, or None when ``head`` is not a well-formed list."""
    items: list[Term] = []
    node: Term = head
    seen: set[ox.BlankNode] = set()
    while node != _NIL:
        if not isinstance(node, ox.BlankNode) or node in seen:
            return None
        seen.add(node)
        pairs = dict(blank.get(node, ()))
        if set(pairs) != {_FIRST.value, _REST.value} or len(blank.get(node, ())) != 2:
            return None
        items.append(pairs[_FIRST.value])
        node = pairs[_REST.value]
    return items
