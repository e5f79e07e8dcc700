"""The vocabulary shared by the SPARQL-compiled SHACL engine and its constraint components.

A shape is validated over a *focus*: a set of nodes described as a SPARQL group pattern, never as a
list, so that one query per constraint covers every focus node (cost linear in the data, not one
query per node as pySHACL does). Nested shapes (``sh:node``, ``sh:property``, ``sh:not``…) get the
value nodes of their parent as focus, again as a pattern.

Semantics follow pySHACL 0.40 with ``allow_warnings=True, allow_infos=True`` (how IPCO runs it),
not only the SHACL text: where the two differ, pySHACL wins, since the engine must return the same
results as the reference it replaces. Each such place says so.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ipco.engines.shacl_terms import OxTerm, Path
from ipco.namespaces import SH_NS as SH

Row = tuple[OxTerm | None, ...]

#: Severities under which a shape never fails a conformance check in pySHACL when warnings and infos
#: are allowed (``Shape.validate``: ``allow_conform``); their results are still reported.
LENIENT_SEVERITIES = frozenset({SH.Info, SH.Warning})
RDF_TYPE = f"<{RDF.type}>"
SUBCLASS_OF = f"<{RDFS.subClassOf}>"
#: Placeholder for the focus variable in a ``Focus`` template.
FOCUS_VAR = "?__focus__"


# -- focus sets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Focus:
    """A set of focus nodes: a SPARQL group pattern binding ``FOCUS_VAR`` to each (possibly more
    than once: every query over a focus is DISTINCT or grouped).

    ``depth`` numbers the variables of nested patterns so that a pattern embedded in another never
    captures its variables. ``subjects_of`` is set when the focus is exactly the subjects of that
    predicate (``sh:targetSubjectsOf``): a property shape with that path needs no focus pattern,
    its path pattern already binds exactly those nodes.
    """

    template: str
    depth: int = 0
    subjects_of: str | None = None

    def pattern(self, var: str) -> str:
        return self.template.replace(FOCUS_VAR, f"?{var}")


# -- shapes and results --------------------------------------------------------------------------


@dataclass(eq=False)
class CompiledShape:
    """A node or property shape with its constraints, ready to run over any focus."""

    node: Node
    path: Path | None
    severity: Node = SH.Violation
    deactivated: bool = False
    messages: tuple[Node, ...] = ()
    constraints: list[Constraint] = field(default_factory=list)

    @property
    def is_property(self) -> bool:
        return self.path is not None

    @property
    def lenient(self) -> bool:
        """True when pySHACL counts the shape as conforming whatever it finds (allowed severities)."""
        return self.severity in LENIENT_SEVERITIES


@dataclass(eq=False)
class Result:
    """One validation result before conversion to ``ValidationResult`` (terms still pyoxigraph's)."""

    focus: OxTerm
    constraint: Constraint
    component: URIRef
    value: OxTerm | None = None
    path: Node | None = None  # None: the shape's own path (if any); set for sh:closed results
    details: tuple[Result, ...] = ()
    messages: tuple[Node, ...] | None = None  # SHACL-SPARQL's filled-in templates; None: the shape's


@dataclass
class Outcome:
    """What a constraint, or a whole shape, found over a focus.

    ``results`` pairs each result with the focus node it was found for (its *root*: a nested
    property shape reports results about value nodes, under the focus node of its parent).
    ``failing`` holds the focus nodes that do not conform, which is not always the set of roots:
    results of lenient severity do not make a node fail, and ``sh:node`` fails on any result.
    """

    results: list[tuple[OxTerm, Result]] = field(default_factory=list)
    failing: set[OxTerm] = field(default_factory=set)

    def add(self, root: OxTerm, result: Result, *, fails: bool = True) -> None:
        self.results.append((root, result))
        if fails:
            self.failing.add(root)

    def extend(self, other: Outcome) -> None:
        self.results.extend(other.results)
        self.failing |= other.failing

    def by_root(self) -> dict[OxTerm, list[Result]]:
        grouped: dict[OxTerm, list[Result]] = {}
        for root, result in self.results:
            grouped.setdefault(root, []).append(result)
        return grouped


class Context(Protocol):
    """What constraint components need from the evaluator (``shacl_sparql.Evaluator``)."""

    def select(self, query: str) -> list[Row]:
        """Rows of a SPARQL SELECT over the data graph."""

    def function(self, test: Callable[..., bool], *, raw: bool = False) -> str:
        """The IRI (as SPARQL text) of a custom function calling ``test`` on rdflib terms (on
        pyoxigraph terms with ``raw``)."""

    def member_filter(self, var: str, nodes: set[OxTerm], *, negate: bool = False) -> str:
        """A pattern keeping the rows whose ``?var`` is one of ``nodes`` (is not, with ``negate``)."""

    def evaluate(self, shape: CompiledShape, focus: Focus) -> Outcome:
        """A (nested) shape over a focus, memoised."""

    def shape(self, node: Node) -> CompiledShape:
        """The compiled shape of a node referenced by a shape-expecting parameter."""

    def pairs(self, shape: CompiledShape, focus: Focus) -> list[tuple[OxTerm, OxTerm]]:
        """Every (focus node, value node) pair of a shape, each once."""

    def listed_focus(self, focus: Focus) -> Focus:
        """``focus`` as the list of its nodes (in the query, or stored), not its pattern."""

    def focus_nodes(self, focus: Focus) -> list[OxTerm]:
        """The nodes of a focus."""

    def scans(self, shape: CompiledShape, focus: Focus) -> bool:
        """True when queries over ``shape``'s values are cheaper scanning its predicate than
        joining the focus pattern (``shacl_focus``); their rows are then kept by ``among``."""

    def among(self, focus: Focus, nodes: set[OxTerm]) -> set[OxTerm]:
        """Those of ``nodes`` that are nodes of ``focus``."""

    def lacking(self, focus: Focus, predicate: str) -> list[OxTerm]:
        """The focus nodes without a value for ``predicate`` (SPARQL text of an IRI)."""

    def to_rdflib(self, term: OxTerm) -> Node:
        """The rdflib node pySHACL would see for a data term."""

    def instances(self, var: str, classes: Iterable[Node]) -> str:
        """A group pattern binding ``?var`` to the SHACL instances of any of ``classes``."""

    def instance_of(self, var: str, classes: Iterable[Node]) -> str:
        """A group pattern matching when ``?var``, bound, is a SHACL instance of any of ``classes``."""

    def subclass_test(self, var: str, roots: Iterable[Node]) -> str:
        """A SPARQL expression true when ``?var``, bound, is one of ``roots`` or a SHACL subclass of one."""

    def prebind(self, values: dict[str, OxTerm]) -> dict[str, str]:
        """For each pre-bound variable, the SPARQL that binds it to its value at the start of a
        group: ``VALUES``, or for a blank node of the data (which VALUES cannot name) a ``BIND``
        of a custom function returning it, valid until the next call."""

    def solutions(self, query: str, prefixes: dict[str, str]) -> list[dict[str, OxTerm]]:
        """The solutions of a SHACL-SPARQL SELECT query."""

    def ask(self, query: str, prefixes: dict[str, str]) -> bool:
        """The answer of a SHACL-SPARQL ASK query."""


class MessageContext(Protocol):
    """How generic messages print nodes: as pySHACL's ``stringify_node`` does."""

    def shape_text(self, node: Node) -> str:
        """A node of the shapes graph."""

    def data_text(self, node: Node) -> str:
        """A node of the data graph."""


def scoped_pairs(ctx: Context, shape: CompiledShape, focus: Focus) -> tuple[str, bool]:
    """``pairs_pattern``, or the bare predicate's pattern when ``ctx.scans`` it (True): the rows
    of such a query are then kept by ``in_focus``."""
    if shape.path is not None and ctx.scans(shape, focus):
        return f"?this {shape.path.sparql} ?value .", True
    return pairs_pattern(shape, focus), False


def in_focus(ctx: Context, focus: Focus, rows: list[Row], scanned: bool) -> list[Row]:
    """The rows whose first term is a focus node: all of them unless the query ``scanned``."""
    if not scanned or not rows:
        return rows
    members = ctx.among(focus, {row[0] for row in rows if row[0] is not None})
    return [row for row in rows if row[0] in members]


def pairs_pattern(shape: CompiledShape, focus: Focus, this: str = "this", value: str = "value") -> str:
    """A group pattern binding ``?this`` to each focus node and ``?value`` to each of its value
    nodes (https://www.w3.org/TR/shacl/#value-nodes): the node itself for a node shape, the nodes
    its path reaches for a property shape. Callers add DISTINCT: a path can reach a node twice."""
    head = focus.pattern(this)
    if shape.path is None:
        return f"{head} BIND(?{this} AS ?{value})"
    step = f"?{this} {shape.path.sparql} ?{value} ."
    if focus.subjects_of == shape.path.sparql:
        return step
    if not shape.path.zeroable:
        return f"{head} {step}"
    return f"{{ {head} BIND(?{this} AS ?{value}) }} UNION {{ {head} {step} }}"


def value_focus(shape: CompiledShape, focus: Focus) -> Focus:
    """The value nodes of ``shape`` over ``focus``, as the focus of the shapes it references."""
    if shape.path is None:
        return focus
    depth = focus.depth + 1
    inner = pairs_pattern(shape, focus, this=f"t{depth}", value=FOCUS_VAR[1:])
    return Focus(f"{{ SELECT DISTINCT {FOCUS_VAR} WHERE {{ {inner} }} }}", depth)


def path_exists(shape: CompiledShape, this: str, value: str) -> str:
    """A pattern (for EXISTS) true when ``?value`` is a value node of ``?this``, both bound."""
    if shape.path is None:
        return f"FILTER(sameTerm(?{this}, ?{value}))"
    return f"?{this} {shape.path.sparql} ?{value} ."


# -- constraint components -----------------------------------------------------------------------


class Compiler(Protocol):
    """What a component needs to compile: the shapes graph and the other shapes."""

    graph: Graph

    def shape(self, node: Node) -> CompiledShape:
        """Compile the shape of ``node`` (raises ``Unsupported``)."""


class Constraint(ABC):
    """One SHACL constraint component on one shape (https://www.w3.org/TR/shacl/#constraints).

    ``parameters`` are the predicates that make pySHACL instantiate the component; ``compile``
    reads them (returning None when the component is a no-op) and raises ``Unsupported`` where
    pySHACL would raise a load error or where the fast path would not give pySHACL's results.
    """

    component: ClassVar[URIRef]
    parameters: ClassVar[tuple[URIRef, ...]]

    def __init__(self, shape: CompiledShape) -> None:
        self.shape = shape

    @classmethod
    @abstractmethod
    def compile(cls, shape: CompiledShape, compiler: Compiler) -> Constraint | None:
        """The component as declared on ``shape``, or None when it never reports anything."""

    @abstractmethod
    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        """Every result of the component over ``focus``."""

    def generic_messages(self, ctx: MessageContext, result: Result, focus: Node, value: Node | None) -> list[str]:
        """pySHACL's default ``sh:resultMessage`` when the shape has no ``sh:message``."""
        return []

    def is_value_test(self) -> bool:
        """True when the component tests each value node on its own, with ``violations``."""
        return False

    def violations(self, ctx: Context) -> list[str]:
        """Boolean SPARQL expressions over ``?value``, each true when the value node breaks the
        constraint: one result per true expression (see ``ValueTest``)."""
        raise NotImplementedError

    def result(
        self,
        focus: OxTerm,
        value: OxTerm | None = None,
        *,
        component: URIRef | None = None,
        path: Node | None = None,
        details: tuple[Result, ...] = (),
        messages: tuple[Node, ...] | None = None,
    ) -> Result:
        return Result(focus, self, component or self.component, value, path, details, messages)

    def outcome(self, rows: Iterable[Sequence[OxTerm | None]], *, with_value: bool = True) -> Outcome:
        """One result per row ``(focus, value)`` (or ``(focus,)``)."""
        found = Outcome()
        for row in rows:
            focus = row[0]
            assert focus is not None
            found.add(focus, self.result(focus, row[1] if with_value else None))
        return found


class ValueTest(Constraint):
    """A component that tests each value node on its own (class, datatype, pattern, in…).

    ``violations`` are SPARQL expressions over ``?value``, each true when the value node breaks
    the constraint (one result per true expression, as pySHACL reports one per failing class,
    bound or pattern). All the value tests of a shape run in one query (``evaluate_value_tests``):
    one pass over the value nodes, however many tests.

    When SPARQL cannot decide exactly as pySHACL does, the expression asks Python
    (``ctx.function``), but only about the values a cheap SPARQL test cannot clear (``hybrid``).
    """

    #: False for components whose results carry no sh:value (sh:hasValue).
    with_value: ClassVar[bool] = True

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        return evaluate_value_tests(ctx, self.shape, focus, [self])

    def is_value_test(self) -> bool:
        return True

    @abstractmethod
    def violations(self, ctx: Context) -> list[str]:
        """Boolean SPARQL expressions over ``?value``, true when it breaks the constraint."""

    @staticmethod
    def hybrid(ctx: Context, sure_ok: str | None, violates: Callable[[Node], bool]) -> str:
        """Python decides (``violates`` on the rdflib term) what ``sure_ok`` does not clear.

        ``IF`` evaluates one branch only, so the Python function runs on the few doubtful values;
        ``COALESCE`` turns an error (an ill-typed literal in a comparison) into "doubtful".
        """
        call = f"{ctx.function(violates)}(?value)"
        return call if sure_ok is None else f"IF(COALESCE({sure_ok}, false), false, {call})"


_TRUE = ox.Literal(True)


def evaluate_value_tests(ctx: Context, shape: CompiledShape, focus: Focus, tests: Sequence[Constraint]) -> Outcome:
    """Every value test of a shape in one query: a flag per test expression, the rows where one is
    set, and a result per set flag."""
    flags = [(test, expression) for test in tests for expression in test.violations(ctx)]
    found = Outcome()
    if not flags:
        return found
    names = [f"?f{i}" for i in range(len(flags))]
    binds = " ".join(f"BIND(COALESCE({expr}, false) AS {name})" for (_, expr), name in zip(flags, names, strict=True))
    pairs, scanned = scoped_pairs(ctx, shape, focus)
    query = f"SELECT DISTINCT ?this ?value {' '.join(names)} WHERE {{ {pairs} {binds} FILTER({' || '.join(names)}) }}"
    for this, value, *set_flags in in_focus(ctx, focus, ctx.select(query), scanned):
        assert this is not None
        for (test, _), flag in zip(flags, set_flags, strict=True):
            if flag == _TRUE:
                found.add(this, test.result(this, value if getattr(test, "with_value", True) else None))
    return found


def is_simple(shape: CompiledShape) -> bool:
    """A node shape whose conformance is a SPARQL expression over the node (``conformance``):
    made of value tests only, or one that always conforms (deactivated, lenient severity)."""
    if shape.path is not None:
        return False
    return shape.deactivated or shape.lenient or all(c.is_value_test() for c in shape.constraints)


def conformance(ctx: Context, shape: CompiledShape) -> str:
    """SPARQL: ``?value`` conforms to the (simple) shape, as pySHACL's conformance check says."""
    assert is_simple(shape)
    if shape.deactivated or shape.lenient:
        return "true"
    flags = [f"COALESCE({expression}, false)" for c in shape.constraints for expression in c.violations(ctx)]
    return "!(" + " || ".join(flags) + ")" if flags else "true"


class CountTest(Constraint):
    """sh:minCount or sh:maxCount: the number of distinct value nodes of each focus node against
    a bound. The count tests of a shape share one grouped query (``evaluate_counts``)."""

    minimum: int | None = None
    maximum: int | None = None

    def evaluate(self, ctx: Context, focus: Focus) -> Outcome:
        return evaluate_counts(ctx, self.shape, focus, [self])


def evaluate_counts(ctx: Context, shape: CompiledShape, focus: Focus, tests: Sequence[CountTest]) -> Outcome:
    """Value node counts per focus node, once, for all the count tests of a shape (a lone
    ``sh:minCount 1`` is a cheaper NOT EXISTS). Focus nodes without values count 0: the path is
    OPTIONAL, or, when it can have length zero, UNION-ed with the bare focus (see ``Path``)."""
    found = Outcome()
    if not tests:
        return found
    minimums = [t.minimum for t in tests if t.minimum is not None]
    maximums = [t.maximum for t in tests if t.maximum is not None]
    assert shape.path is not None
    conditions = [f"?n < {m}" for m in minimums] + [f"?n > {m}" for m in maximums]
    if ctx.scans(shape, focus):  # the counts of the subjects of the predicate; the focus nodes without, 0
        rows: list[Row] = []
        if maximums or max(minimums) > 1:  # a subject has at least one value
            query = (
                f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ ?this"
                f" {shape.path.sparql} ?value }} GROUP BY ?this }} FILTER({' || '.join(conditions)}) }}"
            )
            rows = in_focus(ctx, focus, ctx.select(query), True)
        if minimums:
            rows += [(this, _ZERO) for this in ctx.lacking(focus, shape.path.sparql)]
    elif minimums == [1] and not maximums and not shape.path.zeroable:
        missing = f"FILTER NOT EXISTS {{ ?this {shape.path.sparql} [] }}"
        query = f"SELECT DISTINCT ?this WHERE {{ {focus.pattern('this')} {missing} }}"
        rows = [(row[0], _ZERO) for row in ctx.select(query)]
    else:
        if focus.subjects_of == shape.path.sparql:  # every focus node has a value
            where = pairs_pattern(shape, focus)
        elif shape.path.zeroable:
            where = f"{{ {pairs_pattern(shape, focus)} }} UNION {{ {focus.pattern('this')} }}"
        else:
            where = f"{focus.pattern('this')} OPTIONAL {{ ?this {shape.path.sparql} ?value }}"
        query = (
            f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {where} }}"
            f" GROUP BY ?this }} FILTER({' || '.join(conditions)}) }}"
        )
        rows = ctx.select(query)
    for this, count in rows:
        assert this is not None and isinstance(count, ox.Literal)
        n = int(count.value)
        for test in tests:
            if (test.minimum is not None and n < test.minimum) or (test.maximum is not None and n > test.maximum):
                found.add(this, test.result(this))
    return found


_ZERO = ox.Literal(0)


def literal_value(node: Node) -> object:
    """The Python value rdflib gives a literal (None when ill-typed or unknown)."""
    return node.value if isinstance(node, Literal) else None
