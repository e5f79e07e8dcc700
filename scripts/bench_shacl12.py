#!/usr/bin/env python3
"""The SHACL 1.2 Core components of the fast engine on generated data: N focus nodes, each with a
label (1 in 100 on two lines), a class among 30 in subclass chains, and a list of 0 to 6 members
(repeats likely). Each component runs alone, then all eight in one shape; printed: seconds and results.
Shows that each is one query over all value nodes (linear in N), never a walk per list.

Usage: ``nice .venv/bin/python scripts/bench_shacl12.py 2000 20000``
"""

from __future__ import annotations

import random
import sys
import time

import pyoxigraph as ox

from ipco.convert import to_rdflib_graph
from ipco.engines.shacl_sparql import load_store, validate_fast

PREFIXES = (
    "@prefix ex: <http://example.com/ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."
    " @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
)
CONSTRAINTS = {
    "singleLine": "sh:path rdfs:label ; sh:singleLine true",
    "rootClass": "sh:path ex:kind ; sh:rootClass ex:C3",
    "minListLength": "sh:path ex:list ; sh:minListLength 1",
    "maxListLength": "sh:path ex:list ; sh:maxListLength 5",
    "uniqueMembers": "sh:path ex:list ; sh:uniqueMembers true",
    "memberShape": "sh:path ex:list ; sh:memberShape [ sh:nodeKind sh:IRI ; sh:in ( ex:m1 ex:m2 ex:m3 ) ]",
    "subsetOf": "sh:path rdf:type ; sh:subsetOf ( ex:kind rdfs:subClassOf )",
    "someValue": "sh:path ex:list ; sh:someValue [ sh:minListLength 3 ]",
}


def data(size: int) -> list[ox.Quad]:
    rng = random.Random(12)
    lines = [PREFIXES]
    for i in range(size):
        members = " ".join(f"ex:m{rng.randint(0, 50)}" for _ in range(rng.randint(0, 6)))
        label = '"two\\nlines"' if i % 100 == 0 else f'"label {i}"'
        lines.append(f"ex:a{i} a ex:T ; rdfs:label {label} ; ex:kind ex:C{i % 30} ; ex:list ( {members} ) .")
    lines += [f"ex:C{c} rdfs:subClassOf ex:C{c - 1 if c % 7 else 0} ." for c in range(1, 30)]
    return list(ox.parse("\n".join(lines), format=ox.RdfFormat.TURTLE))


def run(quads: list[ox.Quad], properties: list[str]) -> tuple[float, int]:
    shape = " ; ".join(f"sh:property [ {p} ]" for p in properties)
    text = f"{PREFIXES}ex:S a sh:NodeShape ; sh:targetClass ex:T ; {shape} ."
    shapes = to_rdflib_graph(list(ox.parse(text, format=ox.RdfFormat.TURTLE)))
    start = time.perf_counter()
    outcome = validate_fast(load_store(quads), shapes)
    assert not outcome.unsupported, outcome.reasons
    return time.perf_counter() - start, len(outcome.results)


def main(sizes: list[int]) -> None:
    for size in sizes:
        quads = data(size)
        for name, constraint in [*CONSTRAINTS.items(), ("all eight", None)]:
            seconds, results = run(quads, [constraint] if constraint else list(CONSTRAINTS.values()))
            print(f"{size:>8} {name:<14} {seconds:7.2f} s {results:>7} results", flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [2000, 20000])
