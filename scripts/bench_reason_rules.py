#!/usr/bin/env python3
"""Reasoning engines side by side on the benchmark's generated data (``scripts/benchmark.py``'s
``build/bench/data-N.ttl``) with IPCO's ontology and imports (issue 13 item 3):

- ``compiled``: the default: the schema closed once, its instance rules run set at a time
  (``ipco.engines.reason_abox``);
- ``general``: reasonable + the Python rules it lacks over the whole input, the default before;
- ``reasonable``: ``reasonable`` alone, reading the same files itself (its own parser) and closing
  them: the time to beat. Its closure is incomplete and unfiltered, so its count is not comparable;
- ``nemo``: the general fixpoint with Nemo in reasonable's place (``ipco.engines.reason_nemo``);
- ``sparql``: the compiled SPARQL Update instance rules in a pyoxigraph store (``reason_rules``; an
  incomplete rule set, so its count is not comparable: no equality is claimed for it).

Each engine runs in its own process so that its peak memory is its own. Printed per engine and size:
seconds, peak MiB, inferred triples, and whether the inferred set equals ``fast``'s (a digest of the
canonical N-Triples) equals ``compiled``'s. Usage: ``nice .venv/bin/python scripts/bench_reason_rules.py
10000 100000 1000000`` (``--engines compiled,reasonable`` to pick; ``sparql`` runs only up to 100k).
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

    project = Project.bundled()
    if engine == "reasonable":
        return _reasonable_alone(
            path, [*project.ontology_files(), *sorted((project.ontology_dir / "imports").glob("*.ttl"))]
        )
    reference = load_reference(project)
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

        if engine == "nemo":
            inferred = reasoned_nemo(asserted, reference.imports.quads).inferred
        elif engine == "general":
            from ipco.engines.reason_fast import _run_reasonable

            inferred = reasoned(asserted, reference.imports.quads, engine=_run_reasonable).inferred
        else:
            inferred = reasoned(asserted, reference.imports.quads).inferred
    seconds = time.perf_counter() - start
    from ipco.export import canonical  # blank-node labels differ from process to process

    text = "\n".join(str(q.triple) for q in canonical(ox.Quad(t.subject, t.predicate, t.object) for t in inferred))
    digest = hashlib.sha256(text.encode()).hexdigest()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 1), "peak_mib": round(peak), "inferred": len(inferred), "digest": digest}


def _reasonable_alone(path: str, schema: list[Path]) -> dict[str, object]:
    """reasonable reading the data, ontology and import files with its own parser and closing them."""
    import reasonable  # type: ignore[import-untyped,import-not-found,unused-ignore]

    start = time.perf_counter()
    reasoner = reasonable.PyReasoner()
    for file in [Path(path), *schema]:
        reasoner.load_file(str(file))
    closure = reasoner.reason()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 1), "peak_mib": round(peak), "inferred": len(closure), "digest": "-"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[10000])
    parser.add_argument("--engines", default="compiled,general,reasonable")
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(*args.one)))
        return
    print("| triples | engine | seconds | peak MiB | inferred | equal to compiled |")
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
            comparable = engine not in ("sparql", "reasonable") and "compiled" in digests
            equal = str(digests[engine] == digests["compiled"]) if comparable else "–"
            cells = (size, engine, row["seconds"], row["peak_mib"], row["inferred"], equal)
            print("| " + " | ".join(map(str, cells)) + " |", flush=True)


if __name__ == "__main__":
    main()
