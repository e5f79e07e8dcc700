#!/usr/bin/env python3
"""Measure the latency of ``ipco serve``'s SPARQL endpoint for one competency question.

Starts ``ipco serve`` on a free local port over a built release (or measures a server already
running, with ``--url``), sends the query a few times to warm up, then ``-n`` times through
SPARQLWrapper, one after the other, and prints the median and other percentiles in milliseconds.

    python scripts/endpoint_latency.py --release dist -n 50

Nothing here is imported by the package; the figures go in docs/serving.md and the closing notes.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from SPARQLWrapper import JSON, SELECT, SPARQLWrapper

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUERY = ROOT / "queries" / "competency" / "01-france-representatives-in-nato-cic.rq"
WARM_UP = 5


@contextmanager
def served(release: Path) -> Iterator[str]:
    """The URL of ``ipco serve`` running over ``release`` on a free port, stopped afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "serve.log"
        command = [sys.executable, "-m", "ipco", "serve", "-q", "--release", str(release), "--port", "0"]
        with log.open("wb") as sink:
            process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while not (found := re.search(r"at (http://\S+/) ", log.read_text(encoding="utf-8"))):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"ipco serve did not start: {log.read_text(encoding='utf-8')}")
                time.sleep(0.05)
            yield found.group(1)
        finally:
            process.terminate()
            process.wait(timeout=15)


def measure(endpoint: str, query: str, count: int) -> list[float]:
    """Seconds taken by each of ``count`` requests, after the warm-up."""
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.queryType = SELECT  # the competency files' comments confuse SPARQLWrapper's guess
    client.setReturnFormat(JSON)
    timings = []
    for index in range(WARM_UP + count):
        started = time.perf_counter()
        results = client.queryAndConvert()
        elapsed = time.perf_counter() - started
        assert isinstance(results, dict) and results["results"]["bindings"], "the query should answer"
        if index >= WARM_UP:
            timings.append(elapsed)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", type=Path, default=ROOT / "dist", help="built release (default: dist)")
    parser.add_argument("--url", help="measure this running server instead (its root URL)")
    parser.add_argument("--query", type=Path, default=DEFAULT_QUERY, help="SELECT query file")
    parser.add_argument("-n", type=int, default=50, help="measured requests (default: 50)")
    args = parser.parse_args()
    query = args.query.read_text(encoding="utf-8")
    if args.url:
        timings = measure(args.url.rstrip("/") + "/sparql", query, args.n)
    else:
        with served(args.release) as url:
            timings = measure(url + "sparql", query, args.n)
    ms = sorted(t * 1000 for t in timings)
    quantiles = statistics.quantiles(ms, n=10)
    print(f"{args.query.name}: {len(ms)} requests after {WARM_UP} warm-up, through SPARQLWrapper")
    print(f"median {statistics.median(ms):.2f} ms, p10 {quantiles[0]:.2f} ms, p90 {quantiles[-1]:.2f} ms")
    print(f"min {ms[0]:.2f} ms, max {ms[-1]:.2f} ms")


if __name__ == "__main__":
    main()
