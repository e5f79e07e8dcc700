#!/usr/bin/env python3
"""Reasoning candidates side by side on IPCO-style generated data (tests/test_engine_reason.py's
``ipco_style_data``) with IPCO's ontology and imports: the compiled SPARQL instance rules
(``ipco.engines.reason_rules``, semi-naive, in a pyoxigraph store) against the current engine
(``ipco.engines.reason_fast``: reasonable + Python completion). Usage:
``nice .venv/bin/python scripts/bench_reason_rules.py 10000 100000``. Prints time and triples per engine.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ipco.convert import to_oxigraph_triples
from ipco.engines.reason_fast import reasoned
from ipco.engines.reason_instore import compile_reference
from ipco.engines.reason_rules import run_to_fixpoint
from ipco.project import Project, load_reference
from test_engine_reason import ipco_style_data  # type: ignore[import-not-found]

DATA, INTO = "urn:x-bench:data", "urn:x-bench:inferred"


def main(sizes: list[int]) -> None:
    reference = load_reference(Project.bundled())
    start = time.perf_counter()
    rules = compile_reference(reference)
    print(f"compile: {time.perf_counter() - start:.2f} s, {sum(len(r.rows) for r in rules)} rows")
    for size in sizes:
        data = to_oxigraph_triples(ipco_style_data(size))
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(DATA)) for t in data)
        start = time.perf_counter()
        rounds = run_to_fixpoint(store, rules, INTO, [DATA])
        took = time.perf_counter() - start
        added = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(INTO)))
        print(f"{len(data)} triples: sparql-rules {took:.2f} s ({rounds} rounds, {added} added)")
        start = time.perf_counter()
        fast = reasoned(
            [ox.Quad(t.subject, t.predicate, t.object) for t in data] + reference.ontology.quads,
            reference.imports.quads,
        )
        print(f"{len(data)} triples: reason_fast {time.perf_counter() - start:.2f} s ({len(fast.inferred)} inferred)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10000])
