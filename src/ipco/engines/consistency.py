"""Consistency: the OWL 2 RL rules whose conclusion is ``false``, as SPARQL over the closure.

A closure can be computed for an inconsistent ontology, and both owlrl and reasonable do so without
complaint (owlrl only leaves blank-node "error message" triples that the noise filter drops). Each
rule of https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules
(tables 4-9) with ``false`` as conclusion is one query below, whose variables name the axioms (the
schema triples) and the facts (the instance triples) that together cannot hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal

from ipco.convert import to_rdflib_term

_PREFIXES = (
    "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
)
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_OWL = "http://www.w3.org/2002/07/owl#"
_MEMBER = "?list rdf:rest*/rdf:first"

#: A triple pattern of a rule: variable names start with ``?``, anything else is an IRI.
Pattern = tuple[str, str, str]


@dataclass(frozen=True)
class Rule:
    """One OWL 2 RL inconsistency rule: its query, and which of its triples are axioms or facts."""

    rule_id: str
    where: str
    axioms: tuple[Pattern, ...]
    facts: tuple[Pattern, ...]
    resources: tuple[str, ...]


def _t(s: str, p: str, o: str) -> Pattern:
    return (s, p if p.startswith("?") else _expand(p), o if o.startswith("?") else _expand(o))


def _expand(name: str) -> str:
    if name == "a":
        return _TYPE
    prefix, local = name.split(":", 1)
    return {"owl": _OWL, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}[prefix] + local


def _two_members(kind: str, members: str = "owl:members") -> str:
    return f"?axiom a {kind} ; {members} ?list . {_MEMBER} ?m1 . {_MEMBER} ?m2 . FILTER(?m1 != ?m2) "


_NEGATIVE = "?axiom owl:sourceIndividual ?i1 ; owl:assertionProperty ?p ; "
_MAX_ZERO = "?r owl:onProperty ?p . FILTER(xsd:integer(STR(?n)) = 0) ?u a ?r ; ?p ?y . "

RULES: tuple[Rule, ...] = (
    Rule("cls-nothing2", "?x a owl:Nothing .", (), (_t("?x", "a", "owl:Nothing"),), ("x",)),
    Rule(
        "cls-com",
        "?c1 owl:complementOf ?c2 . ?x a ?c1, ?c2 .",
        (_t("?c1", "owl:complementOf", "?c2"),),
        (_t("?x", "a", "?c1"), _t("?x", "a", "?c2")),
        ("x",),
    ),
    Rule(
        "cls-maxc1",
        "?r owl:maxCardinality ?n . " + _MAX_ZERO,
        (_t("?r", "owl:maxCardinality", "?n"), _t("?r", "owl:onProperty", "?p")),
        (_t("?u", "a", "?r"), _t("?u", "?p", "?y")),
        ("u", "y"),
    ),
    Rule(
        "cls-maxqc1",
        "?r owl:maxQualifiedCardinality ?n ; owl:onClass ?c . " + _MAX_ZERO + "?y a ?c . FILTER(?c != owl:Thing)",
        (
            _t("?r", "owl:maxQualifiedCardinality", "?n"),
            _t("?r", "owl:onProperty", "?p"),
            _t("?r", "owl:onClass", "?c"),
        ),
        (_t("?u", "a", "?r"), _t("?u", "?p", "?y"), _t("?y", "a", "?c")),
        ("u", "y"),
    ),
    Rule(
        "cls-maxqc2",
        "?r owl:maxQualifiedCardinality ?n ; owl:onClass owl:Thing . " + _MAX_ZERO,
        (
            _t("?r", "owl:maxQualifiedCardinality", "?n"),
            _t("?r", "owl:onProperty", "?p"),
            _t("?r", "owl:onClass", "owl:Thing"),
        ),
        (_t("?u", "a", "?r"), _t("?u", "?p", "?y")),
        ("u", "y"),
    ),
    Rule(
        "cax-dw",
        "?c1 owl:disjointWith ?c2 . ?x a ?c1, ?c2 .",
        (_t("?c1", "owl:disjointWith", "?c2"),),
        (_t("?x", "a", "?c1"), _t("?x", "a", "?c2")),
        ("x",),
    ),
    Rule(
        "cax-adc",
        _two_members("owl:AllDisjointClasses") + "?x a ?m1, ?m2 .",
        (_t("?axiom", "a", "owl:AllDisjointClasses"), _t("?axiom", "owl:members", "?list")),
        (_t("?x", "a", "?m1"), _t("?x", "a", "?m2")),
        ("x",),
    ),
    Rule(
        "prp-irp",
        "?p a owl:IrreflexiveProperty . ?x ?p ?x .",
        (_t("?p", "a", "owl:IrreflexiveProperty"),),
        (_t("?x", "?p", "?x"),),
        ("x",),
    ),
    Rule(
        "prp-asyp",
        "?p a owl:AsymmetricProperty . ?x ?p ?y . ?y ?p ?x .",
        (_t("?p", "a", "owl:AsymmetricProperty"),),
        (_t("?x", "?p", "?y"), _t("?y", "?p", "?x")),
        ("x", "y"),
    ),
    Rule(
        "prp-pdw",
        "?p1 owl:propertyDisjointWith ?p2 . ?x ?p1 ?y . ?x ?p2 ?y .",
        (_t("?p1", "owl:propertyDisjointWith", "?p2"),),
        (_t("?x", "?p1", "?y"), _t("?x", "?p2", "?y")),
        ("x", "y"),
    ),
    Rule(
        "prp-adp",
        _two_members("owl:AllDisjointProperties") + "?x ?m1 ?y . ?x ?m2 ?y .",
        (_t("?axiom", "a", "owl:AllDisjointProperties"), _t("?axiom", "owl:members", "?list")),
        (_t("?x", "?m1", "?y"), _t("?x", "?m2", "?y")),
        ("x", "y"),
    ),
    Rule(
        "prp-npa1",
        _NEGATIVE + "owl:targetIndividual ?i2 . ?i1 ?p ?i2 .",
        (
            _t("?axiom", "owl:sourceIndividual", "?i1"),
            _t("?axiom", "owl:assertionProperty", "?p"),
            _t("?axiom", "owl:targetIndividual", "?i2"),
        ),
        (_t("?i1", "?p", "?i2"),),
        ("i1", "i2"),
    ),
    Rule(
        "prp-npa2",
        _NEGATIVE + "owl:targetValue ?lt . ?i1 ?p ?lt .",
        (
            _t("?axiom", "owl:sourceIndividual", "?i1"),
            _t("?axiom", "owl:assertionProperty", "?p"),
            _t("?axiom", "owl:targetValue", "?lt"),
        ),
        (_t("?i1", "?p", "?lt"),),
        ("i1",),
    ),
    Rule(
        "eq-diff1",
        "?x owl:sameAs ?y . ?x owl:differentFrom ?y .",
        (),
        (_t("?x", "owl:sameAs", "?y"), _t("?x", "owl:differentFrom", "?y")),
        ("x", "y"),
    ),
    Rule(
        "eq-diff2",
        _two_members("owl:AllDifferent") + "?m1 owl:sameAs ?m2 .",
        (_t("?axiom", "a", "owl:AllDifferent"), _t("?axiom", "owl:members", "?list")),
        (_t("?m1", "owl:sameAs", "?m2"),),
        ("m1", "m2"),
    ),
    Rule(
        "eq-diff3",
        _two_members("owl:AllDifferent", "owl:distinctMembers") + "?m1 owl:sameAs ?m2 .",
        (_t("?axiom", "a", "owl:AllDifferent"), _t("?axiom", "owl:distinctMembers", "?list")),
        (_t("?m1", "owl:sameAs", "?m2"),),
        ("m1", "m2"),
    ),
)

#: The rule ids checked, dt-not-type included (a check on literals, not a query).
RULE_IDS = (*(rule.rule_id for rule in RULES), "dt-not-type")


@dataclass(frozen=True)
class Clash:
    """One inconsistency: the rule, the resources involved, and the axioms and facts it needs."""

    rule_id: str
    resources: tuple[ox.NamedNode | ox.BlankNode | ox.Literal, ...]
    axioms: tuple[ox.Triple, ...]
    facts: tuple[ox.Triple, ...]


def find_clashes(closure: Iterable[ox.Triple], asserted: Iterable[ox.Quad | ox.Triple]) -> list[Clash]:
    """Every instance of an inconsistency rule in ``closure``, sorted; ``asserted`` is read for
    dt-not-type, which is about literals as written."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in closure)
    clashes: set[Clash] = set()
    for rule in RULES:
        variables = sorted({term[1:] for pattern in rule.axioms + rule.facts for term in pattern if term[0] == "?"})
        query = f"{_PREFIXES} SELECT DISTINCT {' '.join('?' + v for v in variables)} WHERE {{ {rule.where} }}"
        for solution in store.query(query):  # type: ignore[union-attr]
            binding = {v: solution[v] for v in variables}
            clashes.add(
                Clash(
                    rule.rule_id,
                    tuple(binding[v] for v in rule.resources),
                    tuple(_instantiate(p, binding) for p in rule.axioms),
                    tuple(_instantiate(p, binding) for p in rule.facts),
                )
            )
    clashes.update(_ill_typed(asserted))
    return sorted(clashes, key=lambda c: (c.rule_id, [str(t) for t in c.resources], [str(t) for t in c.facts]))


def _instantiate(pattern: Pattern, binding: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> ox.Triple:
    terms = [binding[term[1:]] if term[0] == "?" else ox.NamedNode(term) for term in pattern]
    return ox.Triple(terms[0], terms[1], terms[2])  # type: ignore[arg-type]


#: Every string is a well-typed xsd:string.
_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


def _ill_typed(asserted: Iterable[ox.Quad | ox.Triple]) -> Iterable[Clash]:
    """dt-not-type: a literal whose lexical form is outside its datatype's lexical space (rdflib
    knows every OWL 2 RL datatype's lexical space: ``ill_typed``)."""
    verdicts: dict[ox.Literal, bool] = {}  # each distinct literal converted once
    for quad in asserted:
        literal = quad.object
        if type(literal) is ox.Literal and literal.language is None and literal.datatype != _STRING:
            ill_typed = verdicts.get(literal)
            if ill_typed is None:
                converted = to_rdflib_term(literal)
                ill_typed = verdicts[literal] = isinstance(converted, Literal) and bool(converted.ill_typed)
            if ill_typed:
                fact = ox.Triple(quad.subject, quad.predicate, literal)
                yield Clash("dt-not-type", (literal,), (), (fact,))
