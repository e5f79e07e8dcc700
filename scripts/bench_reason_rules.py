#!/usr/bin/env python3
"""Reasoning engines side by side on the benchmark's generated data (``scripts/benchmark.py``'s
``build/bench/data-N.ttl``) with IPCO's ontology and imports (issue 13 item 3):

- ``fast``: ``ipco.engines.reason_fast`` (reasonable + the Python rules it lacks), the default;
- ``nemo``: the same fixpoint with Nemo in reasonable's place (``ipco.engines.reason_nemo``);
- ``sparql``: the compiled SPARQL Update instance rules in a pyoxigraph store (``reason_rules``; an
  incomplete rule set, so its count is not comparable: no equality is claimed for it).

Each engine runs in its own process so that its peak memory is its own. Printed per engine and size:
seconds, peak MiB, inferred triples, and whether the inferred set equals ``fast``'s (a digest of the
canonical N-Triples). Usage: ``nice .venv/bin/python scripts/bench_reason_rules.py 10000 100000 1000000``
(``--engines fast,nemo`` to pick; ``sparql`` runs only up to 100k, it needs minutes beyond).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(SCRIPTS))

from benchmark import write_data  # noqa: E402 (the script folder is not a package)

DATA, INTO = "urn:x-bench:data", "urn:x-bench:inferred"
SPARQL_LIMIT = 100_000


def one(engine: str, path: str) -> dict[str, object]:
    """Run ``engine`` on ``path`` in this process: seconds, peak MiB, inferred count and digest."""
    from ipco.load import load
    from ipco.project import Project, load_reference

    reference = load_reference(Project.bundled())
    data = load([path])
    asserted = data.quads + reference.ontology.quads
    start = time.perf_counter()
    if engine == "sparql":
        from ipco.engines.reason_instore import compile_reference
        from ipco.engines.reason_rules import is_noise, run_to_fixpoint

        store = ox.Store()
        store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(DATA)) for q in data.quads)
        run_to_fixpoint(store, compile_reference(reference), INTO, [DATA])
        inferred = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(INTO))]
        inferred = [t for t in inferred if not is_noise(t)]
    else:
        from ipco.engines.reason_fast import reasoned
        from ipco.engines.reason_nemo import reasoned_nemo

        inferred = (reasoned_nemo if engine == "nemo" else reasoned)(asserted, reference.imports.quads).inferred
    seconds = time.perf_counter() - start
    from ipco.export import canonical  # blank-node labels differ from process to process

    text = "\n".join(str(q.triple) for q in canonical(ox.Quad(t.subject, t.predicate, t.object) for t in inferred))
    digest = hashlib.sha256(text.encode()).hexdigest()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 1), "peak_mib": round(peak), "inferred": len(inferred), "digest": digest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[10000])
    parser.add_argument("--engines", default="fast,nemo,sparql")
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(*args.one)))
        return
    print("| triples | engine | seconds | peak MiB | inferred | equal to fast |")
    print("|---:|---|---:|---:|---:|---|")
    for size in args.sizes:
        path = write_data(size)
        digests: dict[str, str] = {}
        for engine in args.engines.split(","):
            if engine == "sparql" and size > SPARQL_LIMIT:
                continue
            run = subprocess.run(
                [sys.executable, __file__, "--one", engine, str(path)], capture_output=True, text=True, check=True
            )
            row = json.loads(run.stdout.splitlines()[-1])
            digests[engine] = str(row["digest"])
            equal = "–" if engine == "sparql" or "fast" not in digests else str(digests[engine] == digests["fast"])
            cells = (size, engine, row["seconds"], row["peak_mib"], row["inferred"], equal)
            print("| " + " | ".join(map(str, cells)) + " |", flush=True)


if __name__ == "__main__":
    main()
