"""Validate: SHACL over a data graph, plus the check that every IPCO term used is declared.

pySHACL is the engine. The ontology is mixed into the data graph (pySHACL's ``ont_graph``) so that
``sh:targetClass`` reaches instances of subclasses, as SHACL's class-based targets require
(https://www.w3.org/TR/shacl/#targetClass). Results come back as ``ValidationResult`` values; the
engine's report graph is kept only to render complex paths.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar
from typing import Literal as TypingLiteral

import pyoxigraph as ox
import pyshacl
from pyshacl.errors import ConstraintLoadError, ShapeLoadError, ValidationFailure
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ipco.convert import to_rdflib_graph
from ipco.errors import (
    InvalidShapes,
    MalformedShape,
    NothingToValidate,
    NotSupported,
    ShapesNotSupported,
    SourcePosition,
)
from ipco.gc_pause import cyclic_gc_paused
from ipco.load import Loaded
from ipco.locate import FileIndex, attach_locations, index_whole, node_position
from ipco.namespaces import IPCO, IPCO_SHAPES, OWL, SH_NS, SKOS, is_ipco_concept, is_ipco_term
from ipco.process_exit import retain
from ipco.project import Reference
from ipco.report import Severity, ValidationReport, ValidationResult, compact, display_node
from ipco.shapes_check import check_user_shapes, named_owner

if TYPE_CHECKING:
    from ipco.engines.shacl_sparql import FastOutcome

Inference = TypingLiteral["none", "rdfs", "owlrl"]
INFERENCE_CHOICES: tuple[Inference, ...] = ("none", "rdfs", "owlrl")
Engine = TypingLiteral["fast", "reference"]
ENGINE_CHOICES: tuple[Engine, ...] = ("fast", "reference")

UNDECLARED_TERM = IPCO_SHAPES + "UndeclaredTermConstraintComponent"
#: Nested sh:detail results read at most this deep (a report graph could loop).
_MAX_DETAIL_DEPTH = 32
#: How the report names IPCO's own shapes graph among those that ran.
IPCO_SHAPES_LABEL = "IPCO shapes"
_DECLARING_TYPES = {
    URIRef(OWL + name) for name in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "Ontology")
} | {URIRef(SKOS + name) for name in ("Concept", "ConceptScheme")}


def validate(
    data: Graph,
    shapes: Graph,
    ontology: Graph | None = None,
    *,
    inference: Inference = "none",
    iterate_rules: bool = False,
) -> ValidationReport:
    """Run the shapes over ``data`` (with ``ontology`` mixed in) and collect every result."""
    try:
        _, report_graph, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference=inference,
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=True,
            advanced=True,
            iterate_rules=iterate_rules,
            do_owl_imports=False,  # never follow owl:imports: IPCO resolves them locally or not at all
        )
    except (ShapeLoadError, ConstraintLoadError) as error:  # shapes SHACL-for-SHACL does not cover
        raise MalformedShape(SourcePosition("<shapes>"), f"invalid shapes: {error.message}") from None
    if isinstance(report_graph, ValidationFailure):  # pySHACL's way of refusing a shapes graph
        raise NotSupported(f"the SHACL engine refused the shapes: {report_graph.message}")
    if not isinstance(report_graph, Graph):
        raise TypeError(f"pySHACL returned a {type(report_graph).__name__}, not a report graph")
    return ValidationReport(list(results_from_report(report_graph)), graph=report_graph, shapes=shapes)


def results_from_report(report: Graph) -> Iterable[ValidationResult]:
    """Read the top-level results of a SHACL validation report graph (its ``sh:result`` values;
    a graph with no ``sh:ValidationReport`` node: every result not nested in another), each with
    its ``sh:detail`` results nested (https://www.w3.org/TR/shacl/#results-detail)."""
    roots = list(report.subjects(RDF.type, SH_NS.ValidationReport))
    if roots:
        nodes = [node for root in roots for node in report.objects(root, SH_NS.result)]
    else:
        nested = set(report.objects(None, SH_NS.detail))
        nodes = [node for node in report.subjects(RDF.type, SH_NS.ValidationResult) if node not in nested]
    for node in nodes:
        yield _result(report, node, 0)


def _result(report: Graph, node: Node, depth: int) -> ValidationResult:
    path = report.value(node, SH_NS.resultPath)
    severity = report.value(node, SH_NS.resultSeverity)
    details = report.objects(node, SH_NS.detail) if depth < _MAX_DETAIL_DEPTH else iter(())
    return ValidationResult(
        focus=_required(report.value(node, SH_NS.focusNode)),
        component=str(report.value(node, SH_NS.sourceConstraintComponent)),
        severity=Severity.from_iri(str(severity)) if severity is not None else Severity.VIOLATION,
        source_shape=report.value(node, SH_NS.sourceShape),
        path=path,
        path_text=path_text(report, path) if path is not None else None,
        value=report.value(node, SH_NS.value),
        messages=tuple(
            sorted((getattr(m, "language", None) or "", str(m)) for m in report.objects(node, SH_NS.resultMessage))
        ),
        details=tuple(_result(report, detail, depth + 1) for detail in details),
    )


def _required(node: Node | None) -> Node:
    if node is None:
        raise ValueError("a validation result without sh:focusNode")
    return node


def path_text(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL property-path syntax (https://www.w3.org/TR/shacl/#property-paths)."""
    if isinstance(path, URIRef):
        return compact(str(path))
    first = graph.value(path, RDF.first)
    if first is not None:
        return "/".join(_grouped(graph, step) for step in Collection(graph, path))
    for predicate, template in (
        (SH_NS.inversePath, "^{}"),
        (SH_NS.zeroOrMorePath, "{}*"),
        (SH_NS.oneOrMorePath, "{}+"),
        (SH_NS.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(_grouped(graph, inner))
    alternatives = graph.value(path, SH_NS.alternativePath)
    if alternatives is not None:
        return "|".join(_grouped(graph, step) for step in Collection(graph, alternatives))
    return str(path)


def _grouped(graph: Graph, path: Node) -> str:
    text = path_text(graph, path)
    return f"({text})" if isinstance(path, BNode) and graph.value(path, RDF.first) is not None else text


def undeclared_terms(
    data: Graph | Iterable[ox.Quad],
    ontology: Graph,
    objects: AbstractSet[object] | None = None,
    subjects: AbstractSet[object] | None = None,
) -> list[ValidationResult]:
    """IPCO classes, properties and concepts used in ``data`` that the ontology does not declare
    (``objects``, ``subjects``: the distinct objects and subjects of ``data``'s quads, when the
    caller has them).

    A misspelt ``ipco:`` IRI is otherwise silently a new term, invisible to every shape.
    """
    declared = {str(s) for t in _DECLARING_TYPES for s in ontology.subjects(RDF.type, t)}

    def relevant(iri: str) -> bool:  # the namespace first: most IRIs of the data fail it
        return iri.startswith(IPCO) and iri not in declared and (is_ipco_term(iri) or is_ipco_concept(iri))

    roles: dict[str, str] = {}
    for role, iris in _iris_by_role(data, relevant, objects, subjects):
        for iri in sorted(iris - roles.keys()):
            roles[iri] = role
    return [
        ValidationResult(
            focus=URIRef(iri),
            component=UNDECLARED_TERM,
            severity=Severity.VIOLATION,
            messages=(
                ("en", f"{compact(iri)} is used as a {role} but the IPCO ontology does not declare it"),
                ("fr", f"{compact(iri)} est employé mais l'ontologie IPCO ne le déclare pas"),
            ),
        )
        for iri, role in sorted(roles.items())
    ]


def _iris_by_role(
    data: Graph | Iterable[ox.Quad],
    relevant: Callable[[str], bool],
    objects: AbstractSet[object] | None = None,
    subjects: AbstractSet[object] | None = None,
) -> list[tuple[str, set[str]]]:
    """The ``relevant`` IRIs of ``data`` as properties, classes (objects of rdf:type), other values
    and subjects, in that order of precedence: distinct terms first, so that a million triples cost
    a few set insertions each and the IPCO checks run once per term; the classes are looked for
    only among the relevant values, of which a valid graph has none."""
    if isinstance(data, Graph):
        triples = [(str(s), str(p), o) for s, p, o in data if isinstance(s, URIRef)]
        predicates = {p for _, p, _ in triples}
        class_iris = {str(o) for _, p, o in triples if p == str(RDF.type) and isinstance(o, URIRef)}
        values = {str(o) for _, _, o in data if isinstance(o, URIRef)}
        found = [
            ("property", predicates),
            ("class", class_iris),
            ("value", values),
            ("subject", {s for s, _, _ in triples}),
        ]
        return [(role, {iri for iri in iris if relevant(iri)}) for role, iris in found]
    quads = data if isinstance(data, list) else list(data)
    predicates = {p.value for p in {q.predicate for q in quads} if relevant(p.value)}
    distinct: AbstractSet[object] = {q.object for q in quads} if objects is None else objects
    values = {o.value for o in distinct if type(o) is ox.NamedNode and relevant(o.value)}
    named = {q.subject for q in quads} if subjects is None else subjects
    subject_iris = {s.value for s in named if type(s) is ox.NamedNode and relevant(s.value)}
    typed: set[str] = set()
    if values:
        rdf_type = ox.NamedNode(str(RDF.type))
        typed = {
            q.object.value for q in quads if q.predicate == rdf_type and isinstance(q.object, ox.NamedNode)
        } & values
    return [("property", predicates), ("class", typed), ("value", values), ("subject", subject_iris)]


def validate_loaded(
    data: Loaded,
    reference: Reference,
    *,
    extra_shapes: Loaded | None = None,
    ipco_shapes: bool | None = None,
    ontology: Loaded | None = None,
    inference: Inference = "none",
    engine: Engine = "fast",
    rules: bool = False,
    iterate_rules: bool = False,
) -> ValidationReport:
    """Validate loaded files against IPCO's shapes and/or the user's, locating every result.

    ``ipco_shapes`` None means: IPCO's shapes apply without ``extra_shapes``, and with them only
    when the data uses IPCO's own terms (the user's shapes mean the user's shapes: IPCO's target
    W3C ORG classes too). IPCO's ontology and its imports are mixed in only when its shapes apply;
    the user's ``ontology`` always is (pySHACL's ``ont_graph``: class hierarchy for targets and
    ``sh:class``, never validated as data). With ``rules``, the shapes' SHACL-AF rules add their
    triples to the data first (``iterate_rules``: until they add nothing), as pySHACL's ``-a``;
    without, the fast engine refuses shapes with rules.

    The fast engine (SHACL Core and SHACL-SPARQL compiled to SPARQL on pyoxigraph) gives the same
    results as pySHACL, the reference engine, which runs when inference is asked for; shapes the
    fast engine cannot run are refused (``_validate_fast``). A user's shapes are checked first
    (``shapes_check``): a malformed or networked shape is a located error, never an engine's traceback.
    """
    if ipco_shapes is False and extra_shapes is None:
        raise NothingToValidate("no shapes to validate against", hint="give your shapes with --shapes PATH")
    if extra_shapes is not None:
        check_user_shapes(extra_shapes)
    if ipco_shapes is None:
        ipco_shapes = extra_shapes is None or uses_ipco_terms(data.quads)
    own_ontology = to_rdflib_graph(reference.ontology.quads)
    vocabulary = (reference.ontology.quads + reference.imports.quads if ipco_shapes else []) + (
        ontology.quads if ontology is not None else []
    )
    shape_quads = (reference.shapes.quads if ipco_shapes else []) + (extra_shapes.quads if extra_shapes else [])
    shapes = to_rdflib_graph(shape_quads)
    graphs = ([IPCO_SHAPES_LABEL] if ipco_shapes else []) + [f.display for f in (extra_shapes or Loaded()).files]
    fast = engine == "fast" and inference == "none"
    indexed = None
    if fast:
        try:
            report, indexed = _validate_fast(
                data, shapes, vocabulary, own_ontology, rules=rules, iterate_rules=iterate_rules
            )
        except InvalidShapes as error:
            raise shape_error_located(error, extra_shapes) from error
        except ShapesNotSupported as refused:
            raise shape_error_located(refused, extra_shapes) from refused
    else:
        try:
            refuse_shacl12(shapes)
        except ShapesNotSupported as refused:
            raise shape_error_located(refused, extra_shapes) from refused
        if any(type(q.subject) is ox.Triple or type(q.object) is ox.Triple for q in data.quads):
            raise triple_terms_refused(data)
        ontology_graph = to_rdflib_graph(vocabulary) if vocabulary else None
        report = validate(
            to_rdflib_graph(data.quads), shapes, ontology_graph, inference=inference, iterate_rules=iterate_rules
        )
    with cyclic_gc_paused():  # sets of a million terms, no cycle: see gc_pause
        if not fast:  # the fast engine's report has them (``_validate_fast``)
            report.extend(undeclared_terms(data.quads, own_ontology))
        if extra_shapes is not None:
            report.extend(undeclared_terms(to_rdflib_graph(extra_shapes.quads), own_ontology))
        located = attach_locations(report.results, data, indexed)
    return ValidationReport(located, report.graph, report.shapes, shapes_graphs=tuple(graphs), inferred=report.inferred)


def triple_terms_refused(data: Loaded) -> NotSupported:
    """RDF 1.2 triple terms (``<<( s p o )>>``, and the ``<< … >>`` reifiers that state one) in the
    data: neither engine reads them (the reports are rdflib terms, and rdflib has none), so they
    are refused up front (exit 3) rather than failing halfway."""
    for index, quad in enumerate(data.quads):
        term = quad.subject if type(quad.subject) is ox.Triple else quad.object
        if type(term) is ox.Triple:
            owner = data.files[bisect_right(data.ends, index)] if len(data.ends) == len(data.files) else None
            where = f"{owner.display}: " if owner is not None else ""
            return NotSupported(
                f"{where}the data holds an RDF 1.2 triple term ({term}), which ipco validate does not read",
                hint="describe the statement with a reifier IRI and plain triples instead",
            )
    return NotSupported("the data holds an RDF 1.2 triple term, which ipco validate does not read")


def refuse_shacl12(shapes: Graph) -> None:
    """pySHACL ignores the SHACL 1.2 Core terms (unknown ``sh:`` terms are no constraint to it): a
    shape using one is refused (exit 3) before it runs, never validated as if it held."""
    from ipco.engines.shacl_core import SHACL12_NOT_RUN, SHACL12_RUN

    for term in sorted(SHACL12_RUN | SHACL12_NOT_RUN):
        for node in sorted(shapes.subjects(term, None), key=str):
            owner = named_owner(shapes, node)
            hint = (
                "the fast engine runs it: drop --engine reference and --inference"
                if term in SHACL12_RUN
                else "remove the SHACL 1.2 construct, or express it in SHACL Core"
            )
            raise ShapesNotSupported(
                f"shape {display_node(owner)} uses {compact(str(term))} (SHACL 1.2 Core), which the reference"
                " engine (pySHACL) does not know and would skip",
                hint=hint,
                node=str(owner),
            )


def uses_ipco_terms(quads: Iterable[ox.Quad]) -> bool:
    """True when the data states an IPCO property or an instance of an IPCO class."""
    rdf_type = ox.NamedNode(str(RDF.type))
    for quad in quads:
        if is_ipco_term(quad.predicate.value):
            return True
        if quad.predicate == rdf_type and isinstance(quad.object, ox.NamedNode) and is_ipco_term(quad.object.value):
            return True
    return False


#: The shape errors that name a shape node, located by ``shape_error_located``.
ShapeError = TypeVar("ShapeError", InvalidShapes, ShapesNotSupported)


def shape_error_located(error: ShapeError, shapes: Loaded | None) -> ShapeError:
    """The error with the file, line and column where its shape is written, when it is the user's."""
    where = node_position(error.node, shapes) if error.node is not None and shapes is not None else None
    if where is None:
        return error
    return type(error)(f"{where}: {error.message}", hint=error.hint, node=error.node)


def _validate_fast(
    data: Loaded,
    shapes: Graph,
    vocabulary: list[ox.Quad],
    own_ontology: Graph,
    *,
    rules: bool = False,
    iterate_rules: bool = False,
) -> tuple[ValidationReport, dict[str, FileIndex]]:
    """The fast engine alone: shapes it cannot run are refused, never handed to pySHACL (which
    ``--engine reference`` is for) nor skipped; with ``rules``, the SHACL-AF rules run first. The
    report has the data's undeclared IPCO terms too: the distinct objects of the data, which the
    store's fill needs as well, are one set (50 MB at 1M triples), freed once they are read.
    The store pyoxigraph filled while the data was parsed (``store_fill``) is used when the data
    has no blank node (the store would rename them); ``load_store`` checks the literals.

    Returned beside the report, the data files' indexes for locating it (``index_whole``)."""
    from ipco.engines.shacl_sparql import load_store

    with cyclic_gc_paused():  # each q.object is a new object the collector tracks: see gc_pause
        objects = {q.object for q in data.quads}
        subjects = {q.subject for q in data.quads}
        kinds = set(map(type, subjects)) | set(map(type, objects))
        if ox.Triple in kinds:
            raise triple_terms_refused(data)
        filled = data.filled.store() if data.filled is not None and ox.BlankNode not in kinds else None
        data.filled = None  # the quads' store is ``store`` from here, filled or not
        store = load_store(data.quads, vocabulary, objects, filled=filled)
    retain(store)  # freed by the process exit, not quad by quad (the console script: ``process_exit``)
    # The undeclared terms and the files' indexes are Python's work, the shapes the store's, which
    # runs them without the GIL: a thread does both meanwhile (1.5 s of 10 at 1M triples).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="beside") as beside:
        pending = beside.submit(undeclared_terms, data.quads, own_ontology, objects, subjects)
        indexing = beside.submit(index_whole, data)
        del objects, subjects
        inferred, outcome = _run_fast(store, shapes, rules, iterate_rules)
        undeclared, indexed = pending.result(), indexing.result()
    report = fast_report(outcome, shapes, inferred)
    report.extend(undeclared)
    return report, indexed


def _run_fast(store: ox.Store, shapes: Graph, rules: bool, iterate_rules: bool) -> tuple[list[ox.Triple], FastOutcome]:
    """The shapes' rules (with ``rules``), then the shapes, over ``store``."""
    from ipco.engines.shacl_rules import MalformedRule, apply_rules
    from ipco.engines.shacl_sparql import validate_fast
    from ipco.engines.shacl_terms import NotCompiled, Unsupported

    inferred: list[ox.Triple] = []
    if rules:
        try:
            inferred = apply_rules(store, shapes, iterate=iterate_rules)
        except NotCompiled as error:
            raise NotSupported(
                f"the fast SHACL engine does not run these rules: {error}",
                hint="--engine reference applies them with pySHACL",
            ) from None
        except Unsupported as error:
            raise InvalidShapes(
                f"malformed SHACL rule: {error}",
                hint="see https://www.w3.org/TR/shacl-af/#rules; fix the shapes graph",
                node=str(error.shape) if isinstance(error, MalformedRule) else None,
            ) from None
    with cyclic_gc_paused():  # the store's million input quads and the results: see gc_pause
        return inferred, validate_fast(store, shapes, rules_applied=rules)


def fast_report(outcome: FastOutcome, shapes: Graph, inferred: list[ox.Triple] | None = None) -> ValidationReport:
    """The fast engine's outcome as a report; shapes it could not run refused (exit 3 or 2)."""
    from ipco.engines.shacl_core import SHACL12_UNRUN_NOTE

    malformed = [node for node in outcome.unsupported if node not in outcome.not_compiled]
    if malformed:
        raise InvalidShapes(
            f"shape {malformed[0]}: {outcome.reasons[malformed[0]]}",
            hint="SHACL processors refuse this shape (https://www.w3.org/TR/shacl/#syntax-rules); fix it",
            node=str(malformed[0]),
        )
    if outcome.unsupported:
        listed = "; ".join(f"{node}: {outcome.reasons[node]}" for node in outcome.unsupported[:3])
        rules = any("rule" in outcome.reasons[node] for node in outcome.unsupported)
        newer = all(SHACL12_UNRUN_NOTE in outcome.reasons[node] for node in outcome.unsupported)
        hint = ("--rules applies SHACL rules; " if rules else "") + "--engine reference validates them with pySHACL"
        raise ShapesNotSupported(
            f"the fast SHACL engine does not run {len(outcome.unsupported)} shape(s): {listed}",
            hint="remove the SHACL 1.2 construct, or express it in SHACL Core" if newer else hint,
            node=str(outcome.unsupported[0]),
        )
    return ValidationReport(list(outcome.results), graph=shapes, shapes=shapes, inferred=tuple(inferred or ()))


def validate_ontology(reference: Reference) -> ValidationReport:
    """IPCO's ontology against its quality shapes (labels, definitions, hierarchy), and its shapes
    against the ontology (no undeclared term)."""
    ontology = to_rdflib_graph(reference.ontology.quads)
    report = validate(ontology, to_rdflib_graph(reference.quality_shapes.quads))
    report.extend(undeclared_terms(to_rdflib_graph(reference.shapes.quads), ontology))
    return ValidationReport(attach_locations(report.results, reference.ontology), report.graph, report.shapes)
