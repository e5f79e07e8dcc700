"""SHACL-AF rules at scale: ``ipco validate --rules`` against ``pyshacl -a``, whole command lines.

The shapes are not ours: pySHACL's DASH rules tests (``tests/pyshacl_suite/dash_tests/rules``),
used as they are. The data is generated to fit them (deterministic): rectangles with a width and a
height, one in three a square, one in fifty without a height (a sh:minCount violation):

- ``square``: ``rules/triple/square.test.ttl``, a triple rule typing squares, under a
  ``sh:condition`` (a shape with ``sh:equals``), and the shape's property constraints;
- ``sparql``: ``rules/sparql/rectangle.test.ttl``, a SPARQL rule computing each area;
- ``function``: ``rules/triple/rectangle.test.ttl``, a triple rule calling a ``sh:SPARQLFunction``.

Each engine runs once per case (``/usr/bin/time -v`` for the peak memory); the verdicts and the
numbers of results must agree.

    python scripts/bench_rules.py --triples 100000 --case square --case sparql
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "tests" / "pyshacl_suite" / "dash_tests" / "rules"
CASES = {
    "square": (RULES / "triple" / "square.test.ttl", "http://datashapes.org/shasf/tests/rules/triple/square.test#"),
    "sparql": (
        RULES / "sparql" / "rectangle.test.ttl",
        "http://datashapes.org/shasf/tests/rules/sparql/rectangle.test#",
    ),
    "function": (
        RULES / "triple" / "rectangle.test.ttl",
        "http://datashapes.org/shasf/tests/rules/triple/rectangle.test#",
    ),
}


def write_data(path: Path, namespace: str, triples: int) -> None:
    """About ``triples`` triples of rectangles in ``namespace``."""
    lines = [f"@prefix ex: <{namespace}> ."]
    for i in range(triples // 3):
        width = 2 + i % 7
        height = width if i % 3 == 0 else width + 1 + i % 5
        lines.append(
            f"ex:r{i} a ex:Rectangle ; ex:width {width}" + ("" if i % 50 == 1 else f" ; ex:height {height}") + " ."
        )
    path.write_text("\n".join(lines) + "\n")


def timed(command: list[str]) -> tuple[float, float, str, int]:
    """Seconds, peak resident GiB, standard output and exit code of one run."""
    start = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    return seconds, int(peak.group(1)) / 2**20 if peak else float("nan"), run.stdout, run.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="repeatable (default: all)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench-rules")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    bin_dir = Path(sys.executable).parent
    print("| case | triples | engine | seconds | peak GiB | exit | results |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for case in args.case or sorted(CASES):
        shapes, namespace = CASES[case]
        data = args.work / f"{case}-{args.triples}.ttl"
        write_data(data, namespace, args.triples)
        ipco = [str(bin_dir / "ipco"), "validate", str(data), "--shapes", str(shapes), "--no-ipco-shapes"]
        seconds, peak, out, code = timed([*ipco, "--rules", "--output-format", "json"])
        ours = len(json.loads(out)["results"]) if out else -1
        print(f"| {case} | {args.triples:,} | ipco validate --rules | {seconds:.1f} | {peak:.2f} | {code} | {ours} |")
        pyshacl = [str(bin_dir / "pyshacl"), "-s", str(shapes), "-a", "-i", "none", "-f", "nt", str(data)]
        seconds, peak, out, code = timed(pyshacl)
        theirs = out.count("<http://www.w3.org/ns/shacl#ValidationResult>")
        print(f"| {case} | {args.triples:,} | pyshacl -a | {seconds:.1f} | {peak:.2f} | {code} | {theirs} |")
        if ours != theirs:
            print(f"results differ on {case}: ipco {ours}, pyshacl {theirs}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
