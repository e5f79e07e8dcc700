"""Fast reasoning: the OWL 2 RL closure by ``reasonable`` (Rust), same result as ``ipco.reason.reason``.

owlrl (the reference engine) needs minutes at 100k triples. ``reasonable`` computes most of the OWL 2
RL rules in Rust in a fraction of that time, but it skips some rules and gets a few others wrong. So:

1. Every term is handed to ``reasonable`` as an IRI. RDF, RDFS and OWL terms keep their own IRI (they
   are what the rules match on); every other term, literals and blank nodes included, becomes an
   opaque ``urn:x-ipco-reason-fast:N``. Literals then take part in the rules as owlrl lets them (as
   plain nodes, subjects included), and no lexical form is normalised ("01"^^xsd:integer stays).
2. ``owl:Thing``, ``owl:InverseFunctionalProperty`` and ``rdf:_1``, ``rdf:_2``… are opaque too, so that
   the rules reasonable applies differently from owlrl never fire (see ``HIDDEN``); the Python pass
   below applies them as owlrl does.
3. ``missing_rules`` applies, in Python, the rules ``reasonable`` lacks (the schema ``scm-*`` rules,
   property chains, keys, max-cardinality, ``owl:oneOf``…) and its results go back to ``reasonable``
   until neither adds anything: the fixpoint of both rule sets is the OWL 2 RL closure.
4. The closure goes through the filter of the reference engine: triples about the resources
   ``asserted`` describes, not asserted, not in ``background``, not ``is_noise``.

``KNOWN_DIFFERENCES`` lists, with a reason each, where the result may still differ from owlrl's.
"""

from __future__ import annotations

import importlib
import sys
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from typing import Protocol, cast

import pyoxigraph as ox
from owlrl.XsdDatatypes import (  # type: ignore[import-untyped,unused-ignore]
    OWL_Datatype_Subsumptions,
    OWL_RL_Datatypes,
)
from rdflib import OWL, XSD, Graph, URIRef

from ipco.convert import OxTerm, to_oxigraph_triples, to_rdflib_graph
from ipco.engines.closure import Closed, Reasoned, without_cyclic_gc
from ipco.engines.reason_abox import abox_closure
from ipco.engines.reason_differences import KNOWN_DIFFERENCES as KNOWN_DIFFERENCES
from ipco.engines.reason_missing import missing_rules
from ipco.engines.reason_vocab import CLASS, DATATYPE, NOTHING, PRIVATE, REAL_THING, TYPE, Codec, Key, Triple
from ipco.reason import TermKind, noise

# owlrl's datatypes (dt-type1, dt-type2) and their parents, typed.
_DATATYPES: tuple[URIRef, ...] = tuple(OWL_RL_Datatypes)
_DATATYPE_PARENTS: dict[URIRef, tuple[URIRef, ...]] = {k: tuple(v) for k, v in OWL_Datatype_Subsumptions.items()}
TermTriple = tuple[OxTerm, OxTerm, OxTerm]
# The datatypes a literal is typed with, by IRI. A plain literal has none for owlrl (rdflib gives it
# no datatype), although RDF 1.1 and pyoxigraph call it an xsd:string.
_TYPED_DATATYPES: dict[str, URIRef] = {str(d): d for d in _DATATYPES if str(d) != str(XSD.string)}


class _Reasoner(Protocol):
    """The part of ``reasonable.PyReasoner`` used here (the package ships no type information)."""

    def from_graph(self, graph: Iterable[Triple]) -> None: ...

    def reason(self) -> list[tuple[object, object, object]]: ...


def _new_reasoner() -> _Reasoner:
    """A fresh ``reasonable.PyReasoner``, imported on first use so that the reference engine works without it."""
    module = importlib.import_module("reasonable")
    return cast(_Reasoner, module.PyReasoner())


def reason_fast(asserted: Graph, background: Graph | None = None) -> Graph:
    """What ``ipco.reason.reason(asserted, background)`` returns, computed with reasonable, on rdflib
    graphs (for comparisons with the reference engine; the pipeline calls ``reason_fast_triples``)."""
    inferred = reason_fast_triples(
        to_oxigraph_triples(asserted), to_oxigraph_triples(background) if background is not None else None
    )
    return to_rdflib_graph(inferred)


def reason_fast_triples(
    asserted: Iterable[ox.Quad | ox.Triple], background: Iterable[ox.Quad | ox.Triple] | None = None
) -> list[ox.Triple]:
    """The triples the OWL 2 RL closure of ``asserted`` + ``background`` adds about the resources
    ``asserted`` describes, without the noise (``ipco.reason.noise``), as owlrl would give them.

    Works on pyoxigraph terms from end to end: no rdflib graph is built, which at a million
    triples would cost more than the reasoning itself.
    """
    return reasoned(asserted, background).inferred


def reasoned(
    asserted: Iterable[ox.Quad | ox.Triple],
    background: Iterable[ox.Quad | ox.Triple] | None,
    engine: Callable[[set[Triple]], set[Triple]] | None = None,
) -> Reasoned:
    """The closure of ``asserted`` + ``background`` and its filtered new triples (``reason_fast_triples``).
    ``engine`` replaces reasonable (keys in, closure out) for the candidates the benchmark compares."""
    with without_cyclic_gc():
        codec = Codec()
        key = codec.keys.__getitem__  # a C call for the terms already seen (most of a million triples)
        # The input goes straight into its grouping by class and property (no set of triples beside it).
        types: defaultdict[Key, set[Key]] = defaultdict(set)
        rels: defaultdict[Key, set[tuple[Key, Key]]] = defaultdict(set)
        described: set[Key] = set()
        literals: dict[Key, ox.Literal] = {}
        literal_facts: list[Triple] = []  # asserted triples with a literal object, for dt-not-type
        for source, in_asserted in ((asserted, True), (background or (), False)):
            for quad in source:
                obj = quad.object  # each attribute read makes a new Python object: once per quad
                # IPCO parses RDF 1.1 only: no quoted triple (RDF-star) is ever a subject or object.
                s, p, o = key(quad.subject), key(quad.predicate), key(obj)  # type: ignore[arg-type]
                if p == TYPE:
                    types[o].add(s)
                else:
                    rels[p].add((s, o))
                if in_asserted:
                    described.add(s)
                if type(obj) is ox.Literal:
                    literals[o] = obj
                    if in_asserted:
                        literal_facts.append((s, p, o))
        given = Closed(dict(types), dict(rels), {}, {})  # the rules' input, completed in place
        del types, rels
        seeds = _one_time_triples(codec, given, literals)
        new_seeds = {seed for seed in seeds if seed not in given}
        given.add(new_seeds)
        if engine is None:
            closed = abox_closure(given, codec, _cached_closure(codec))
        else:
            triples = set(given.triples())
            closed = Closed.of(_closure(triples, codec, engine), triples)
            del triples
        del given
        inferred = _new_triples(closed, new_seeds, described, codec)
        return Reasoned(inferred, seeds, closed, codec.nodes, literal_facts)


def _new_triples(closed: Closed, seeds: set[Triple], described: set[Key], codec: Codec) -> list[ox.Triple]:
    """The triples the rules derived (and the one-time ``seeds`` not asserted) about the
    ``described`` resources, without noise. Types, most of a million new triples, go class by
    class: one set intersection with ``described`` and one noise test per class, since an IRI
    subject only matters to ``noise`` when it is a standard vocabulary's term (an RDF/RDFS/OWL key is
    its own IRI; ``Codec.standard`` has the others) or the class itself."""
    nodes, standard = codec.nodes, codec.standard
    named = ox.NamedNode
    type_node = nodes[TYPE]
    inferred: list[ox.Triple] = []
    for c, members in closed.derived_types.items():
        o = nodes[c]
        o_kind, o_value = _kind(o), o.value
        if noise("iri", "", TYPE, o_kind, o_value):  # noise whatever the (IRI) subject
            continue
        for x in members & described:
            s = nodes[x]
            if type(s) is named and (
                (x not in standard and x != c and x.startswith(PRIVATE))
                or not noise("iri", s.value, TYPE, o_kind, o_value)
            ):
                inferred.append(ox.Triple(s, type_node, o))  # type: ignore[arg-type]
    others = ((s, p, o) for p, pairs in closed.derived_rels.items() for s, o in pairs)
    for s_key, p_key, o_key in chain(others, seeds):
        if s_key in described:
            s, p, o = nodes[s_key], nodes[p_key], nodes[o_key]
            # owlrl never keeps a triple with a literal or blank node as predicate.
            if type(p) is named and not noise(_kind(s), s.value, p.value, _kind(o), o.value):
                inferred.append(ox.Triple(s, p, o))  # type: ignore[arg-type]
    return inferred


def _kind(node: object) -> TermKind:
    return "iri" if type(node) is ox.NamedNode else "literal" if type(node) is ox.Literal else "bnode"


def _one_time_triples(codec: Codec, given: Closed, literals: dict[Key, ox.Literal]) -> set[Triple]:
    """owlrl's one-time rules that can matter: cls-thing, cls-nothing1, dt-type1 and dt-type2.

    Each literal object is typed with its datatype and the datatype's parents (``"1"^^xsd:int`` is an
    ``xsd:integer``), and a resource typed with a datatype gets the parents too, so that class
    expressions over datatypes see them as owlrl does. prp-ap (annotation properties) and the
    datatype disjointness axioms only add noise about standard terms, which no rule reads.
    """
    thing = codec.iri(OWL.Thing)
    seeds: set[Triple] = {(thing, TYPE, CLASS), (NOTHING, TYPE, CLASS)}
    for datatype in _DATATYPES:
        seeds.add((codec.iri(datatype), TYPE, DATATYPE))

    def typed(node: Key, datatype: URIRef, *, itself: bool) -> None:
        if itself:
            seeds.add((node, TYPE, codec.iri(datatype)))
        for parent in _DATATYPE_PARENTS.get(datatype, ()):
            seeds.add((node, TYPE, codec.iri(parent)))
            seeds.add((codec.iri(parent), TYPE, DATATYPE))

    for key, literal in literals.items():
        literal_type = _TYPED_DATATYPES.get(literal.datatype.value) if literal.language is None else None
        if literal_type is not None:
            typed(key, literal_type, itself=True)
    for datatype in _DATATYPES:
        for s in given.types.get(codec.iri(datatype), ()):
            if s not in literals:
                typed(s, datatype, itself=False)
    return seeds


#: Closures of the schemas reasoned over lately, by their triples' terms (hashed): one ontology
#: reasoned against many inputs in one process (a library caller, a test suite) is closed once.
_SCHEMA_CLOSURES: OrderedDict[frozenset[TermTriple], frozenset[TermTriple]] = OrderedDict()
_SCHEMAS_KEPT = 8


def _cached_closure(codec: Codec) -> Callable[[set[Triple]], set[Triple]]:
    """``_closure`` with reasonable, its result kept in ``_SCHEMA_CLOSURES`` under its input's terms
    (the keys themselves depend on the order the terms were met in)."""
    nodes, key = codec.nodes, codec.keys.__getitem__

    def closure(triples: set[Triple]) -> set[Triple]:
        terms = frozenset((nodes[s], nodes[p], nodes[o]) for s, p, o in triples)
        if terms not in _SCHEMA_CLOSURES:
            closed = _closure(triples, codec, _run_reasonable)
            _SCHEMA_CLOSURES[terms] = frozenset((nodes[s], nodes[p], nodes[o]) for s, p, o in closed)
            while len(_SCHEMA_CLOSURES) > _SCHEMAS_KEPT:
                _SCHEMA_CLOSURES.popitem(last=False)
        _SCHEMA_CLOSURES.move_to_end(terms)
        return {(key(s), key(p), key(o)) for s, p, o in _SCHEMA_CLOSURES[terms]}

    return closure


def _closure(base: set[Triple], codec: Codec, engine: Callable[[set[Triple]], set[Triple]]) -> set[Triple]:
    """The fixpoint of reasonable's rules and ``missing_rules``: the OWL 2 RL closure of ``base``.

    Usually one run of reasonable: ``missing_rules`` first completes the schema of ``base``; another
    run is needed only when reasonable's conclusions feed a missing rule (a property chain over
    inferred triples, say). Each run starts afresh from all that is known so far, which is simpler
    to trust than reasonable's incremental mode, and the loop ends: the triples only grow, over a
    finite set of terms.
    """
    triples = base | missing_rules(base, codec)
    while True:
        closure = engine(triples)
        new = missing_rules(closure, codec) - closure - triples
        if not new:
            return closure
        triples |= closure | new


def _run_reasonable(triples: set[Triple]) -> set[Triple]:
    """reasonable's closure of ``triples``, as keys (its own copy is freed on return)."""
    reasoner = _new_reasoner()
    reasoner.from_graph(triples)
    with _terms_as_str():
        closure = cast(list[Triple], reasoner.reason())
    del reasoner  # its relations take more memory than the closure: free them before copying it
    # reasonable's own owl:Thing (every subject is one): hidden from the rules, and noise.
    return {triple for triple in closure if REAL_THING not in triple}


@contextmanager
def _terms_as_str() -> Iterator[None]:
    """Make reasonable return its terms as interned ``str`` instead of ``rdflib.URIRef``.

    reasonable builds each term of its result by calling ``rdflib.URIRef`` (looked up on the module
    at each call); at a million triples that is 10 million validated URIRefs, 40% of the reasoning
    time, for keys that are only compared and hashed here. Interned, each key is one string however
    many triples use it (0.8 GB less at a million triples). The original is restored on exit.
    Reasoning runs in one thread; nothing else in the process creates URIRefs meanwhile.
    """
    module = importlib.import_module("rdflib")
    original = getattr(module, "URIRef")  # noqa: B009 (the module attribute, as reasonable reads it)
    setattr(module, "URIRef", sys.intern)  # noqa: B010
    try:
        yield
    finally:
        setattr(module, "URIRef", original)  # noqa: B010
