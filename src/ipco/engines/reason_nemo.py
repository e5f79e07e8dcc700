"""A candidate engine measured against ``reasonable`` (issue 13 item 3): Nemo, a Rust Datalog engine
(PyPI ``nemo-python``, module ``nmo_python``), running the OWL 2 RL instance rules as Datalog.

It takes ``reasonable``'s place in ``reason_fast``'s fixpoint: same keys (``reason_vocab.Codec``),
same one-time seeds, same Python ``missing_rules`` (schema rules, chains, keys, cardinalities), same
filter; only the engine differs, so the two results can be compared triple for triple and timed side
by side (``scripts/bench_reason_rules.py``). Nemo takes its facts from files only: the keys go to it as
a TSV file (an opaque key ``urn:x-ipco-reason-fast:N`` as the integer N, an RDF/RDFS/OWL term as its
IRI) and come back through ``NemoEngine.result``. The rules are the OWL 2 RL rules ``reasonable``
applies, in their general form, over ``type(x, c)`` and ``rel(x, p, y)``, with the schema as small
relations derived from ``rel`` (``sco``, ``dom``…). Over a single ``t(s, p, o)`` relation Nemo took
84 s at 10k triples: each rule with a variable predicate re-sorted the whole relation.

Measured slower than ``reasonable`` (2.3-2.5x at 100k-1M, half its memory; docs/performance.md), it
is a benchmark candidate, not a dependency.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ipco.engines.closure import Reasoned
from ipco.engines.reason_fast import reasoned
from ipco.engines.reason_vocab import PRIVATE, TYPE, Iri, Key, Triple

#: The instance rules reasonable applies (eq-sym/trans/rep-*, prp-*, cls-*, cax-*); the rest of OWL 2
#: RL is ``missing_rules``'. owl:Thing and owl:InverseFunctionalProperty are opaque keys here too.
RULES = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@import t :- tsv{resource="%s"} .

type(?x, ?c) :- t(?x, rdf:type, ?c) .
rel(?x, ?p, ?y) :- t(?x, ?p, ?y), ?p != rdf:type .
type(?x, ?c) :- rel(?x, rdf:type, ?c) .

sco(?c, ?d) :- rel(?c, rdfs:subClassOf, ?d) .
eqc(?c, ?d) :- rel(?c, owl:equivalentClass, ?d) .
dom(?p, ?c) :- rel(?p, rdfs:domain, ?c) .
rng(?p, ?c) :- rel(?p, rdfs:range, ?c) .
spo(?p, ?q) :- rel(?p, rdfs:subPropertyOf, ?q) .
spo(?p, ?q) :- rel(?p, owl:equivalentProperty, ?q) .
spo(?q, ?p) :- rel(?p, owl:equivalentProperty, ?q) .
inv(?p, ?q) :- rel(?p, owl:inverseOf, ?q) .
inv(?q, ?p) :- rel(?p, owl:inverseOf, ?q) .
fp(?p) :- type(?p, owl:FunctionalProperty) .
symp(?p) :- type(?p, owl:SymmetricProperty) .
trp(?p) :- type(?p, owl:TransitiveProperty) .
onp(?x, ?p) :- rel(?x, owl:onProperty, ?p) .
svf(?x, ?y) :- rel(?x, owl:someValuesFrom, ?y) .
avf(?x, ?y) :- rel(?x, owl:allValuesFrom, ?y) .
hv(?x, ?y) :- rel(?x, owl:hasValue, ?y) .
first(?l, ?c) :- rel(?l, rdf:first, ?c) .
rest(?l, ?r) :- rel(?l, rdf:rest, ?r) .
same(?x, ?y) :- rel(?x, owl:sameAs, ?y) .

rel(?y, owl:sameAs, ?x) :- same(?x, ?y) .
rel(?x, owl:sameAs, ?z) :- same(?x, ?y), same(?y, ?z) .
rel(?t, ?p, ?o) :- same(?s, ?t), rel(?s, ?p, ?o) .
type(?t, ?c) :- same(?s, ?t), type(?s, ?c) .
rel(?s, ?p, ?t) :- same(?o, ?t), rel(?s, ?p, ?o) .
type(?s, ?d) :- same(?c, ?d), type(?s, ?c) .
rel(?s, ?q, ?o) :- same(?p, ?q), rel(?s, ?p, ?o) .
rel(?s, ?q, ?c) :- same(rdf:type, ?q), type(?s, ?c) .

type(?x, ?c) :- dom(?p, ?c), rel(?x, ?p, ?y) .
type(?x, ?c) :- dom(rdf:type, ?c), type(?x, ?y) .
type(?y, ?c) :- rng(?p, ?c), rel(?x, ?p, ?y) .
type(?y, ?c) :- rng(rdf:type, ?c), type(?x, ?y) .
rel(?y1, owl:sameAs, ?y2) :- fp(?p), rel(?x, ?p, ?y1), rel(?x, ?p, ?y2), ?y1 != ?y2 .
rel(?y, ?p, ?x) :- symp(?p), rel(?x, ?p, ?y) .
rel(?x, ?p, ?z) :- trp(?p), rel(?x, ?p, ?y), rel(?y, ?p, ?z) .
rel(?x, ?q, ?y) :- spo(?p, ?q), rel(?x, ?p, ?y) .
rel(?x, ?q, ?c) :- spo(rdf:type, ?q), type(?x, ?c) .
rel(?y, ?q, ?x) :- inv(?p, ?q), rel(?x, ?p, ?y) .
rel(?c, ?q, ?x) :- inv(rdf:type, ?q), type(?x, ?c) .

type(?x, ?d) :- sco(?c, ?d), type(?x, ?c) .
type(?x, ?d) :- eqc(?c, ?d), type(?x, ?c) .
type(?x, ?c) :- eqc(?c, ?d), type(?x, ?d) .
rel(?c, rdfs:subClassOf, ?e) :- sco(?c, ?d), sco(?d, ?e) .

type(?u, ?x) :- svf(?x, ?y), onp(?x, ?p), rel(?u, ?p, ?v), type(?v, ?y) .
type(?v, ?y) :- avf(?x, ?y), onp(?x, ?p), type(?u, ?x), rel(?u, ?p, ?v) .
rel(?u, ?p, ?y) :- hv(?x, ?y), onp(?x, ?p), type(?u, ?x) .
type(?u, ?x) :- hv(?x, ?y), onp(?x, ?p), rel(?u, ?p, ?y) .

member(?l, ?c) :- first(?l, ?c) .
member(?l, ?c) :- rest(?l, ?r), member(?r, ?c) .
type(?y, ?c) :- rel(?c, owl:unionOf, ?l), member(?l, ?d), type(?y, ?d) .
type(?y, ?d) :- rel(?c, owl:intersectionOf, ?l), member(?l, ?d), type(?y, ?c) .
conjuncts(?l) :- rel(?c, owl:intersectionOf, ?l) .
conjuncts(?r) :- conjuncts(?l), rest(?l, ?r) .
all(?y, ?l) :- conjuncts(?l), first(?l, ?d), rest(?l, rdf:nil), type(?y, ?d) .
all(?y, ?l) :- conjuncts(?l), first(?l, ?d), rest(?l, ?r), all(?y, ?r), type(?y, ?d) .
type(?y, ?c) :- rel(?c, owl:intersectionOf, ?l), all(?y, ?l) .

@output type .
@output rel .
"""


def reasoned_nemo(
    asserted: Iterable[ox.Quad | ox.Triple], background: Iterable[ox.Quad | ox.Triple] | None
) -> Reasoned:
    """``reason_fast.reasoned`` with Nemo in reasonable's place."""
    return reasoned(asserted, background, engine=run_nemo)


def run_nemo(triples: set[Triple]) -> set[Triple]:
    """Nemo's fixpoint of ``RULES`` over ``triples`` (keys in, keys out)."""
    nemo: Any = importlib.import_module("nmo_python")
    private = len(PRIVATE)
    with tempfile.TemporaryDirectory(prefix="ipco-nemo-") as folder:
        facts = Path(folder) / "t.tsv"
        text: dict[Key, str] = {}
        lines = []
        for triple in triples:
            cells = []
            for key in triple:
                cell = text.get(key)
                if cell is None:
                    cell = text[key] = key[private:] if key.startswith(PRIVATE) else f"<{key}>"
                cells.append(cell)
            lines.append("\t".join(cells))
        facts.write_text("\n".join(lines) + "\n", encoding="utf-8")
        del lines
        engine = nemo.NemoEngine(nemo.load_string(RULES % facts))
        engine.reason()
        back: dict[object, Key] = {int(cell) if cell[0] != "<" else cell: key for key, cell in text.items()}
        closure: set[Triple] = set()
        for row in engine.result("rel"):
            closure.add(tuple(back.get(cell) or _new_key(cell) for cell in row))  # type: ignore[arg-type]
        for x, c in engine.result("type"):
            closure.add((back.get(x) or _new_key(x), TYPE, back.get(c) or _new_key(c)))
        return closure


def _new_key(cell: object) -> Key:
    """The key of a term Nemo's rules named (an RDF/RDFS/OWL IRI) that no input triple held."""
    if isinstance(cell, str) and cell.startswith("<") and cell.endswith(">"):
        return Iri(cell[1:-1])
    raise AssertionError(f"Nemo returned a term it was not given: {cell!r}")
