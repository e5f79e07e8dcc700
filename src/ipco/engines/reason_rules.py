"""OWL 2 RL instance rules specialised to one TBox, as SPARQL Update ``INSERT … WHERE`` texts.

Issue 13 items 3-4 and issue 16 item 3 ask for one compilation of the ontology into instance rules
that run over data kept in a store, locally or at a SPARQL endpoint. This module is that compiler,
for the rules whose premises are one or two data triples plus schema axioms: the schema is read
once (it must already be closed under the schema rules, e.g. by ``owlrl`` or
``ipco.engines.reason_fast``), and each rule kind becomes one update whose schema part is a ``VALUES``
table — the data never meets the ontology triples at run time.

Covered: cax-sco, cax-eqc (through the closed subclass table), prp-dom, prp-rng, prp-spo1, prp-eqp
(through the closed subproperty table), prp-inv1/2, prp-symp, prp-trp, cls-hv1, cls-hv2, cls-svf1
(and its owl:Thing form, cls-svf2), cls-avf. Not yet compiled: owl:sameAs (eq-*), property chains,
keys, max-cardinality, owl:oneOf, intersections (cls-int1), functional properties (prp-fp/ifp).
``run_to_fixpoint`` repeats the updates until the target graph stops growing (naive rounds).

The target graph holds every conclusion, including those about blank nodes (the data's ipco:FactStatement
and PROV qualification nodes, the TBox's skolemised restrictions): later rules read them as premises.
What `ipco reason` publishes is that graph without its noise (``is_noise``, i.e. ``ipco.reason.noise``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ipco.reason import TermKind, noise

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_THING = f"<{_OWL}Thing>"
#: The IRIs the TBox's blank nodes take in the compiled rules; ``is_noise`` reads them as blank nodes.
SKOLEM = "urn:x-ipco-tbox:"


def is_noise(triple: ox.Triple) -> bool:
    """True for a triple of the target graph that `ipco reason` leaves out: ``ipco.reason.noise``,
    with the TBox's skolem IRIs (``SKOLEM``) read as the blank nodes they stand for."""
    subject, predicate, obj = triple.subject, triple.predicate, triple.object
    return noise(_kind(subject), _text(subject), predicate.value, _kind(obj), _text(obj))


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return str(term) if isinstance(term, ox.Triple) else term.value


def _kind(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> TermKind:
    if isinstance(term, ox.Literal):
        return "literal"
    if isinstance(term, ox.BlankNode) or (isinstance(term, ox.NamedNode) and term.value.startswith(SKOLEM)):
        return "bnode"
    return "iri"


# Each rule kind: the SELECT over the closed TBox giving its VALUES rows, the variables of those rows,
# the data pattern and the triple it inserts. Variables ?a ?b ?c come from the TBox.
_KINDS: tuple[tuple[str, str, tuple[str, ...], str, str], ...] = (
    (
        "cax-sco",
        f"SELECT DISTINCT ?a ?b {{ ?a <{_RDFS}subClassOf> ?b FILTER(?a != ?b && ?b != {_THING}) }}",
        ("a", "b"),
        "?x a ?a .",
        "?x a ?b .",
    ),
    (
        "prp-dom",
        f"SELECT DISTINCT ?a ?b {{ ?a <{_RDFS}domain> ?b FILTER(?b != {_THING}) }}",
        ("a", "b"),
        "?x ?a ?y .",
        "?x a ?b .",
    ),
    (
        "prp-rng",
        f"SELECT DISTINCT ?a ?b {{ ?a <{_RDFS}range> ?b FILTER(?b != {_THING}) }}",
        ("a", "b"),
        "?x ?a ?y . FILTER(!isLiteral(?y))",
        "?y a ?b .",
    ),
    (
        "prp-spo1",
        f"SELECT DISTINCT ?a ?b {{ ?a <{_RDFS}subPropertyOf> ?b FILTER(?a != ?b && isIRI(?a) && isIRI(?b)) }}",
        ("a", "b"),
        "?x ?a ?y .",
        "?x ?b ?y .",
    ),
    (
        "prp-inv",
        f"SELECT DISTINCT ?a ?b {{ {{ ?a <{_OWL}inverseOf> ?b }} UNION {{ ?b <{_OWL}inverseOf> ?a }}"
        " FILTER(isIRI(?a) && isIRI(?b)) }",
        ("a", "b"),
        "?x ?a ?y . FILTER(!isLiteral(?y))",
        "?y ?b ?x .",
    ),
    (
        "prp-symp",
        f"SELECT DISTINCT ?a {{ ?a a <{_OWL}SymmetricProperty> FILTER(isIRI(?a)) }}",
        ("a",),
        "?x ?a ?y . FILTER(!isLiteral(?y))",
        "?y ?a ?x .",
    ),
    (
        "prp-trp",
        f"SELECT DISTINCT ?a {{ ?a a <{_OWL}TransitiveProperty> FILTER(isIRI(?a)) }}",
        ("a",),
        "?x ?a ?y . ?y ?a ?z .",
        "?x ?a ?z .",
    ),
    (
        "cls-hv1",
        f"SELECT DISTINCT ?a ?b ?c {{ ?a <{_OWL}hasValue> ?c ; <{_OWL}onProperty> ?b FILTER(isIRI(?b)) }}",
        ("a", "b", "c"),
        "?x a ?a .",
        "?x ?b ?c .",
    ),
    (
        "cls-hv2",
        f"SELECT DISTINCT ?a ?b ?c {{ ?a <{_OWL}hasValue> ?c ; <{_OWL}onProperty> ?b FILTER(isIRI(?b)) }}",
        ("a", "b", "c"),
        "?x ?b ?c .",
        "?x a ?a .",
    ),
    (
        "cls-svf1",
        f"SELECT DISTINCT ?a ?b ?c {{ ?a <{_OWL}someValuesFrom> ?c ; <{_OWL}onProperty> ?b"
        f" FILTER(isIRI(?b) && ?c != {_THING}) }}",
        ("a", "b", "c"),
        "?x ?b ?y . ?y a ?c .",
        "?x a ?a .",
    ),
    (
        "cls-svf2",
        f"SELECT DISTINCT ?a ?b {{ ?a <{_OWL}someValuesFrom> {_THING} ; <{_OWL}onProperty> ?b FILTER(isIRI(?b)) }}",
        ("a", "b"),
        "?x ?b ?y .",
        "?x a ?a .",
    ),
    (
        "cls-avf",
        f"SELECT DISTINCT ?a ?b ?c {{ ?a <{_OWL}allValuesFrom> ?c ; <{_OWL}onProperty> ?b"
        f" FILTER(isIRI(?b) && ?c != {_THING}) }}",
        ("a", "b", "c"),
        "?x a ?a . ?x ?b ?y . FILTER(!isLiteral(?y))",
        "?y a ?c .",
    ),
)


# The inconsistency rules, same shape: a solution of the data pattern is a contradiction, ?x its witness.
_CHECKS: tuple[tuple[str, str, tuple[str, ...], str, str], ...] = (
    ("cls-nothing2", f"SELECT ?a {{ VALUES ?a {{ <{_OWL}Nothing> }} }}", ("a",), "?x a ?a .", ""),
    (
        "cax-dw",
        f"SELECT DISTINCT ?a ?b {{ ?a <{_OWL}disjointWith> ?b }}",
        ("a", "b"),
        "?x a ?a . ?x a ?b .",
        "",
    ),
    (
        "prp-irp",
        f"SELECT DISTINCT ?a {{ ?a a <{_OWL}IrreflexiveProperty> FILTER(isIRI(?a)) }}",
        ("a",),
        "?x ?a ?x .",
        "",
    ),
    (
        "prp-asyp",
        f"SELECT DISTINCT ?a {{ ?a a <{_OWL}AsymmetricProperty> FILTER(isIRI(?a)) }}",
        ("a",),
        "?x ?a ?y . ?y ?a ?x .",
        "",
    ),
    (
        "prp-pdw",
        f"SELECT DISTINCT ?a ?b {{ ?a <{_OWL}propertyDisjointWith> ?b FILTER(isIRI(?a) && isIRI(?b)) }}",
        ("a", "b"),
        "?x ?a ?y . ?x ?b ?y .",
        "",
    ),
)


@dataclass(frozen=True)
class Rule:
    """One compiled rule kind: its OWL 2 RL name, its TBox rows, its data pattern and conclusion."""

    name: str
    variables: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    where: str
    conclusion: str

    def update(self, into: str, graphs: Iterable[str]) -> str:
        """The ``INSERT … WHERE`` that applies this rule: premises read from ``graphs`` and ``into``
        (their merge, through ``USING``), conclusions written to ``into`` only."""
        return self._text(into, _using(graphs, into), self._where())

    def delta_updates(self, graphs: Iterable[str], into: str, delta: str, fresh: str) -> list[str]:
        """Semi-naive form: one update per premise, that premise read from ``delta`` only (the
        triples the previous round added), the others from ``graphs`` + ``into``; conclusions not
        already there go to ``fresh``."""
        using = _using(graphs, into) + f"USING NAMED <{delta}>\n"
        premises, _, condition = self.where.partition("FILTER")
        patterns = [p.strip() for p in premises.split(" . ") if p.strip(" .")]
        texts = []
        for i in range(len(patterns)):
            body = " ".join(
                f"GRAPH <{delta}> {{ {p.rstrip(' .')} }}" if j == i else f"{p.rstrip(' .')} ."
                for j, p in enumerate(patterns)
            )
            where = self._where(f"{body} {'FILTER' + condition if condition else ''}")
            where = where[: where.rindex("}")] + f" FILTER NOT EXISTS {{ {self.conclusion} }}\n}}"
            texts.append(self._text(fresh, using, where))
        return texts

    def witnesses(self, graphs: Iterable[str], limit: int = 10) -> str:
        """For an inconsistency rule: the SELECT of up to ``limit`` resources that break it."""
        sources = "".join(f"FROM <{g}>\n" for g in sorted(set(graphs)))
        return f"SELECT DISTINCT ?x\n{sources}{self._where()}\nORDER BY ?x LIMIT {limit}"

    def _where(self, body: str | None = None) -> str:
        head = " ".join(f"?{v}" for v in self.variables)
        rows = "\n".join(f"  ({' '.join(row)})" for row in self.rows)
        return f"WHERE {{\n VALUES ({head}) {{\n{rows}\n }}\n {self.where if body is None else body}\n}}"

    def _text(self, into: str, using: str, where: str) -> str:
        return f"INSERT {{ GRAPH <{into}> {{ {self.conclusion} }} }}\n{using}{where}"


def _using(graphs: Iterable[str], into: str) -> str:
    return "".join(f"USING <{g}>\n" for g in sorted({*graphs, into}))


def compile_rules(tbox: ox.Store, *, checks: bool = False) -> list[Rule]:
    """The instance rules of a TBox closed under the schema rules, in a stable order; rule kinds
    the TBox gives no row are left out. With ``checks``: the inconsistency rules instead (see
    ``Rule.witnesses``)."""
    rules = []
    skolem = _Skolem(tbox)
    for name, select, variables, where, conclusion in _CHECKS if checks else _KINDS:
        solutions = tbox.query(select)
        assert isinstance(solutions, ox.QuerySolutions)
        rows = sorted({tuple(skolem.term(solution[v]) for v in variables) for solution in solutions})
        if rows:
            rules.append(Rule(name, variables, tuple(rows), where, conclusion))
    return rules


class _Skolem:
    """Stable IRIs under ``SKOLEM`` for the TBox's blank nodes (anonymous restrictions, lists): a hash
    of what the node says, so that every compilation of the same ontology names them alike, and a
    rerun in a store meets the types its previous run left there."""

    def __init__(self, tbox: ox.Store) -> None:
        self._tbox = tbox
        self._names: dict[str, str] = {}

    def term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
        """A TBox term as SPARQL ``VALUES`` accepts it."""
        if isinstance(term, ox.BlankNode):
            return f"<{SKOLEM}{self._name(term, frozenset())}>"
        return str(term)

    def _name(self, node: ox.BlankNode, seen: frozenset[str]) -> str:
        if node.value not in self._names:
            if node.value in seen:
                return "cycle"
            lines = sorted(
                f"{q.predicate} "
                + (self._name(q.object, seen | {node.value}) if isinstance(q.object, ox.BlankNode) else str(q.object))
                for q in self._tbox.quads_for_pattern(node, None, None)
            )
            self._names[node.value] = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]
        return self._names[node.value]


def run_to_fixpoint(store: ox.Store, rules: list[Rule], into: str, graphs: Iterable[str]) -> int:
    """Apply ``rules`` semi-naively to ``graphs`` + ``into`` of ``store`` until a round adds nothing
    to ``into``; the number of rounds. Two scratch graphs, ``into`` + ``#delta`` and ``#fresh``,
    hold the last round's additions and the current round's; they are dropped at the end."""
    sources = sorted(set(graphs))
    delta, fresh = f"{into}#delta", f"{into}#fresh"
    updates = [text for rule in rules for text in rule.delta_updates(sources, into, delta, fresh)]
    store.update(f"DROP SILENT GRAPH <{delta}> ; DROP SILENT GRAPH <{fresh}>")
    store.update(" ; ".join(f"ADD <{g}> TO <{delta}>" for g in sources) or f"CREATE SILENT GRAPH <{delta}>")
    rounds = 0
    while True:
        rounds += 1
        for text in updates:
            store.update(text)
        if next(store.quads_for_pattern(None, None, None, ox.NamedNode(fresh)), None) is None:
            store.update(f"DROP SILENT GRAPH <{delta}> ; DROP SILENT GRAPH <{fresh}>")
            return rounds
        store.update(f"ADD <{fresh}> TO <{into}> ; MOVE <{fresh}> TO <{delta}>")
