"""``ipco validate --endpoint``: IPCO's shapes (and the user's) validated inside the store.

The fast SHACL engine compiles every constraint to SPARQL; here those queries go to the endpoint
(``RemoteEvaluator``) and only their results come back, paged. The report is the one downloading
the graphs and validating locally gives, located in the graph that states each focus node.

The ontology need not be in the store: IPCO sends the subclass closure of each target class and
``sh:class`` as VALUES (``ClassIndex``), read from its own ontology plus the ``rdfs:subClassOf``
triples of the data graphs, exactly as local validation reads it.

A few checks run in Python on doubtful values (ill-typed literals for ``sh:datatype``, ranges,
string lengths of odd terms): in a per-constraint flag they become a superset the store computes
and Python narrows (``_narrow``); anywhere else, and for SHACL-SPARQL shapes reading
``$shapesGraph``, ``NeedsDownload`` says so and the caller validates a download instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from ipco.convert import to_rdflib_graph
from ipco.engines.shacl_compile import ShapesCompiler
from ipco.engines.shacl_model import CompiledShape, Focus, Outcome, Row
from ipco.engines.shacl_ontology import ClassIndex
from ipco.engines.shacl_reporter import Reporter
from ipco.engines.shacl_sparql import Evaluator, load_store, validate_fast
from ipco.engines.shacl_terms import OxTerm
from ipco.errors import InvalidShapes, NothingToValidate, NotSupported
from ipco.instore.client import Endpoint
from ipco.instore.probe import probe
from ipco.instore.spool import ResultSpool, SpooledReport
from ipco.load import Loaded, load
from ipco.locate import attach_locations
from ipco.namespaces import IPCO
from ipco.project import Reference
from ipco.shapes_check import check_user_shapes
from ipco.validate import IPCO_SHAPES_LABEL, fast_report, shape_error_located, undeclared_terms

_FUNCTION = re.compile(r"<urn:x-ipco-shacl-fast:(?:function|prebound):[^>]*>")
_FLAG = re.compile(r"BIND\(COALESCE\((.*?), false\) AS (\?f\d+)\)")
_HYBRID = re.compile(
    r"IF\(COALESCE\((?P<sure>.*), false\), false, (?P<call><[^>]*>)\(\?value\)\)|(?P<alone><[^>]*>)\(\?value\)"
)
_CALL = re.compile(r"<(urn:x-ipco-shacl-fast:function:\d+)>\(\?value\)")
_VALUE_TESTS = re.compile(
    r"SELECT DISTINCT \?this \?value (?:\?f\d+ ?)+ WHERE \{ (?P<pairs>.*?) BIND\(COALESCE\(", re.S
)
#: Most values a Python test's answers may list in a query (beyond: ``NeedsDownload``).
_MAX_LISTED = 2000
_TRUE, _FALSE = ox.Literal(True), ox.Literal(False)
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LOCATE_BATCH = 500
_SOURCE_BATCH = 10_000  # results located in a pushed file at once (each batch indexes the file again)
_GRAPH_LOCATION = re.compile(r"<(?P<graph>[^>]*)> at ")


class NeedsDownload(NotSupported):
    """A compiled query needs Python on the data (the caller then validates a download)."""

    code = "needs-download"


class RemoteEvaluator(Evaluator):
    """The fast engine's evaluator with its queries run by ``endpoint``; ``store`` holds only the
    class hierarchy, read by ``ClassIndex``. Each targeted shape's results go to ``spool`` as soon
    as the shape is evaluated, reported as ``validate_fast`` reports them."""

    def __init__(
        self,
        endpoint: Endpoint,
        store: ox.Store,
        shapes: Graph,
        compiler: ShapesCompiler | None,
        classes: ClassIndex,
        spool: ResultSpool,
    ) -> None:
        super().__init__(store, shapes, compiler, classes)
        self.endpoint = endpoint
        self.spool = spool
        self._nesting = 0

    def evaluate(self, shape: CompiledShape, focus: Focus) -> Outcome:
        """A nested shape's outcome as the engine's; a targeted shape's (``validate_fast`` asks for
        each once, in its order) spooled, uncached and answered empty, so that no result object
        outlives its shape: ``validate_fast`` then has none left to report. The caches go with it."""
        self._nesting += 1
        try:
            outcome = super().evaluate(shape, focus)
        finally:
            self._nesting -= 1
        if self._nesting:
            return outcome
        with Reporter(self.store, self.shapes_graph, None) as reporter:
            self.spool.add(reporter.convert(result) for _, result in outcome.results)
        # The nested shapes' outcomes (a node shape's sh:property shapes: every result, again) and
        # value pairs the engine caches for reuse would otherwise stay until the last shape.
        self._outcomes.clear()
        self._pairs.clear()
        return Outcome()

    def _run(
        self,
        query: str,
        prefixes: dict[str, str] | None = None,
        substitutions: dict[ox.Variable, OxTerm] | None = None,
        *,
        ontology: bool = False,  # the endpoint's graphs are the data graph, whatever it holds
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        if substitutions:  # a SHACL function's body, called from inside another query: Python's side
            raise NeedsDownload("a SHACL function runs inside IPCO, next to the data")
        _refuse_functions(query)
        prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sorted((prefixes or {}).items()))
        return self.endpoint.query(prologue + query)

    def instance_of(self, var: str, classes: Iterable[Node]) -> str:
        """The endpoint runs no Python function: the types are filtered by ``IN``."""
        return self.classes.holds(var, classes)

    def scans(self, shape: CompiledShape, focus: Focus) -> bool:
        """The focus stays in the endpoint's queries: its nodes are not downloaded."""
        return False

    def _stored_set(self, focus: Focus, nodes: list[OxTerm]) -> Focus:
        """The endpoint cannot see this process's store: a large nested focus keeps its pattern."""
        return focus

    def select(self, query: str) -> list[Row]:
        narrowing: dict[int, Callable[..., OxTerm | None]] = {}

        def rewrite(match: re.Match[str]) -> str:
            expression, flag = match.group(1), match.group(2)
            hybrid = _HYBRID.fullmatch(expression)
            if hybrid is None or (hybrid["sure"] is not None and _FUNCTION.search(hybrid["sure"])):
                return match.group(0)
            call = hybrid["call"] or hybrid["alone"]
            narrowing[int(flag[2:])] = self._functions[ox.NamedNode(call[1:-1])]
            superset = f"IF(COALESCE({hybrid['sure']}, false), false, true)" if hybrid["sure"] else "true"
            return f"BIND(COALESCE({superset}, false) AS {flag})"

        text = self._resolve(_FLAG.sub(rewrite, query))
        rows = self.endpoint.select(text)
        return _narrow(rows, narrowing) if narrowing else rows

    def _resolve(self, query: str) -> str:
        """A value-test query with its remaining Python tests of ``?value`` replaced by the values
        they hold for: the distinct values are read, tested here, and listed (sameTerm, never ``=``,
        which would equate "01" and "1")."""
        calls = set(_CALL.findall(query))
        pattern = _VALUE_TESTS.match(query)
        if not calls or pattern is None:
            _refuse_functions(query)
            return query
        values = [row[0] for row in self.endpoint.select(f"SELECT DISTINCT ?value WHERE {{ {pattern['pairs']} }}")]
        for call in sorted(calls):
            test = self._functions[ox.NamedNode(call)]
            holds = [v for v in values if v is not None and test(v) == _TRUE]
            fails = [v for v in values if v is not None and test(v) != _TRUE]
            listed, negate = (holds, False) if len(holds) <= len(fails) else (fails, True)
            if len(listed) > _MAX_LISTED or any(isinstance(v, ox.BlankNode) for v in listed):
                raise NeedsDownload(f"a Python test holds for {len(listed)} values, too many (or blank) to list")
            test_text = " || ".join(f"sameTerm(?value, {v})" for v in listed) or "false"
            query = query.replace(f"<{call}>(?value)", f"{'!' if negate else ''}({test_text})")
        _refuse_functions(query)
        return query

    def _load_shapes_graph(self) -> None:
        raise NeedsDownload("a SHACL-SPARQL query reads $shapesGraph, which is not in the store")


def _refuse_functions(query: str) -> None:
    if _FUNCTION.search(query):
        raise NeedsDownload("a compiled query tests values in Python (blank nodes, long node lists, comparisons)")


def _narrow(rows: list[Row], narrowing: dict[int, Callable[..., OxTerm | None]]) -> list[Row]:
    """Rows ``?this ?value ?f0 ...`` whose superset flags are narrowed by the Python tests; the rows
    where no flag is left set are dropped."""
    kept = []
    for row in rows:
        flags = list(row[2:])
        for index, test in narrowing.items():
            if flags[index] == _TRUE and test(row[1]) != _TRUE:
                flags[index] = _FALSE
        if _TRUE in flags:
            kept.append((*row[:2], *flags))
    return kept


def validate_in_store(
    endpoint: Endpoint,
    reference: Reference,
    *,
    extra_shapes: Loaded | None = None,
    ipco_shapes: bool | None = None,
    ontology: Loaded | None = None,
    sources: Mapping[str, Path] | None = None,
) -> SpooledReport:
    """``validate_loaded`` (fast engine, no inference) over the graphs of ``endpoint``. ``sources``
    are the files graphs were pushed from (the checkout's data): results in a graph whose file still
    holds as many triples as the graph are located at that file's line and column. The results go
    to an on-disk spool as each shape's come back, and stay there (``ipco.instore.spool``)."""
    if ipco_shapes is False and extra_shapes is None:
        raise NothingToValidate("no shapes to validate against", hint="give your shapes with --shapes PATH")
    if extra_shapes is not None:
        check_user_shapes(extra_shapes)
    probe(endpoint)
    roles = _ipco_iris(endpoint)
    if ipco_shapes is None:
        ipco_shapes = extra_shapes is None or bool(roles[0] or roles[1])
    vocabulary = (reference.ontology.quads + reference.imports.quads if ipco_shapes else []) + (
        ontology.quads if ontology is not None else []
    )
    shape_quads = (reference.shapes.quads if ipco_shapes else []) + (extra_shapes.quads if extra_shapes else [])
    shapes = to_rdflib_graph(shape_quads)
    spool = ResultSpool()

    def remote(store: ox.Store, shapes: Graph, compiler: ShapesCompiler | None, classes: ClassIndex) -> Evaluator:
        return RemoteEvaluator(endpoint, store, shapes, compiler, classes, spool)

    try:
        try:
            outcome = validate_fast(load_store(_hierarchy(endpoint), vocabulary), shapes, make_evaluator=remote)
            report = fast_report(outcome, shapes)  # refuses what did not run; the results are in the spool
        except InvalidShapes as error:
            raise shape_error_located(error, extra_shapes) from error
        own_ontology = to_rdflib_graph(reference.ontology.quads)
        spool.add(undeclared_terms(_role_quads(roles), own_ontology))
        if extra_shapes is not None:
            spool.add(undeclared_terms(to_rdflib_graph(extra_shapes.quads), own_ontology))
        _locate(spool, endpoint)
        _in_sources(spool, endpoint, sources or {})
    except BaseException:
        spool.close()
        raise
    graphs = ([IPCO_SHAPES_LABEL] if ipco_shapes else []) + [f.display for f in (extra_shapes or Loaded()).files]
    return SpooledReport(spool, report.graph, report.shapes, shapes_graphs=tuple(graphs))


def _hierarchy(endpoint: Endpoint) -> list[ox.Quad]:
    """The data's own ``rdfs:subClassOf`` triples: local validation reads them for class targets too."""
    rows = endpoint.select(f"SELECT DISTINCT ?a ?b WHERE {{ ?a <{_SUBCLASS}> ?b }}")
    return [ox.Quad(a, ox.NamedNode(_SUBCLASS), b) for a, b in rows if isinstance(a, ox.NamedNode | ox.BlankNode) and b]


def _ipco_iris(endpoint: Endpoint) -> tuple[set[str], set[str], set[str], set[str]]:
    """The IRIs under IPCO's namespace the data uses as properties, classes, other values, subjects."""
    # IPCO's terms (no "/" after the namespace) and concepts (vocab/…): what ``undeclared_terms`` reads.
    rest = f'STRAFTER(STR(?x), "{IPCO}")'
    under = f'STRSTARTS(STR(?x), "{IPCO}") && (!CONTAINS({rest}, "/") || STRSTARTS({rest}, "vocab/"))'
    queries = (
        f"SELECT DISTINCT ?x WHERE {{ ?s ?x ?o FILTER({under}) }}",
        f"SELECT DISTINCT ?x WHERE {{ ?s <{_RDF_TYPE}> ?x FILTER(isIRI(?x) && {under}) }}",
        f"SELECT DISTINCT ?x WHERE {{ ?s ?p ?x FILTER(isIRI(?x) && {under}) }}",
        f"SELECT DISTINCT ?x WHERE {{ ?x ?p ?o FILTER(isIRI(?x) && {under}) }}",
    )
    found = [{str(row[0].value) for row in endpoint.select(q) if row[0] is not None} for q in queries]
    return found[0], found[1], found[2], found[3]


def _role_quads(roles: tuple[set[str], set[str], set[str], set[str]]) -> list[ox.Quad]:
    """One quad per IRI, in the role ``undeclared_terms`` reads it in (the other terms are not IPCO's)."""
    other = ox.NamedNode("urn:x-ipco-instore:other")
    properties, classes, values, subjects = roles
    return [
        *(ox.Quad(other, ox.NamedNode(p), other) for p in sorted(properties)),
        *(ox.Quad(other, ox.NamedNode(_RDF_TYPE), ox.NamedNode(c)) for c in sorted(classes)),
        *(ox.Quad(other, other, ox.NamedNode(v)) for v in sorted(values)),
        *(ox.Quad(ox.NamedNode(s), other, other) for s in sorted(subjects)),
    ]


def _locate(spool: ResultSpool, endpoint: Endpoint) -> None:
    """Each result located in the first chosen graph (in ``--graph`` order) stating its focus node,
    else in the first that mentions it (an undeclared class or property), as ``attach_locations``
    does files. One query per graph and batch: a VALUES join on the subject, which stores index;
    the batches are read from the spool and answered into it."""
    for pattern in ("?s ?p ?o", "{ ?o ?p ?s } UNION { ?o ?s ?p }"):
        for graph in endpoint.graphs:
            one = endpoint.on((graph,))
            after = ""
            while batch := spool.unlocated(after, _LOCATE_BATCH):
                values = " ".join(f"<{f}>" for f in batch)
                rows = one.select(f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} {pattern} }}")
                spool.set_graphs((str(row[0].value), graph) for row in rows if row[0] is not None)
                after = batch[-1]
            endpoint.sent, endpoint.received = endpoint.sent + one.sent, endpoint.received + one.received
            endpoint.queries += one.queries
    spool.locate_in_graphs(f"at {endpoint.url}")


def _in_sources(spool: ResultSpool, endpoint: Endpoint, sources: Mapping[str, Path]) -> None:
    """Results located at file:line:col in the source of their graph, when IPCO still has that
    file and it holds as many triples as the graph (else the graph, as ``_locate`` gave); a batch
    of results at a time."""
    for graph in sorted(sources):
        in_graph = f"<{graph}> at "
        if _GRAPH_LOCATION.fullmatch(in_graph) is None or not spool.at_file(in_graph, 0, 1):
            continue
        loaded = load([sources[graph]], graph_for=functools.partial(_named, graph))
        one = endpoint.on((graph,))
        counted = one.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        endpoint.sent, endpoint.received = endpoint.sent + one.sent, endpoint.received + one.received
        endpoint.queries += one.queries
        stored = counted[0][0] if counted else None
        if stored is None or int(stored.value) != len(loaded.quads):
            continue
        after = 0
        while batch := spool.at_file(in_graph, after, _SOURCE_BATCH):
            after = batch[-1][0]
            located = attach_locations([replace(result, location=None) for _, result in batch], loaded)
            spool.relocate(
                (number, result.location)
                for (number, _), result in zip(batch, located, strict=True)
                if result.location is not None
            )


def _named(graph: str, _path: Path) -> str:
    return graph
