#!/usr/bin/env python3
"""Load-test ``ipco serve``: many clients, runaway queries and slowloris connections at once.

Starts ``ipco serve`` on a free port of 127.0.0.1 over a built release (it never targets another
host), then for ``--duration`` seconds runs ``--clients`` concurrent clients: most send a mix of
competency questions, DESCRIBEs, IRIs dereferenced with several ``Accept`` headers, site pages and
malformed queries; ``--pathological-clients`` of them send cartesian products that run into the
time limit. Meanwhile ``--slowloris`` connections each send a partial request header a line at a
time, and open again when the server closes them. Everything stops at the deadline.

It prints the throughput, p50/p95/p99 latency and status codes per category, the 5xx answers
other than the deliberate 503s (there must be none), the server's RSS at start and end (its
process, and with its query workers), and whether the competency questions stayed under 100 ms
p95 while pathological queries ran. Exit code 1 when either check fails.

    python scripts/load.py                      # 64 clients, 120 s, 500 slowloris connections
    python scripts/load.py --duration 20 --slowloris 100 -- --timeout 3

Arguments after ``--`` go to ``ipco serve``. Nothing here is imported by the package.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
IPCO = "https://w3id.org/ipco/"
NORMAL = "competency"
PATHOLOGICAL = "pathological"
ACCEPTS = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "text/html")
MALFORMED = (
    "SELECT ?s WHERE { ?s ?p ",
    "SELEC * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s <bad iri> ?o }",
    "ASK { FILTER( }",
)
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
    "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . FILTER(?c != ?i) }",
)
#: Seconds after the deadline for the last answers to come.
GRACE = 60.0
#: The mix the ordinary clients draw from, with weights.
MIX = {NORMAL: 40, "describe": 15, "dereference": 25, "site": 15, "malformed": 5}


@dataclass
class Results:
    """What the clients saw, by category."""

    latencies: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: defaultdict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    errors: Counter[str] = field(default_factory=Counter)
    #: Latencies of the competency questions sent while a pathological query was running.
    during_pathological: list[float] = field(default_factory=list)
    pathological_running: int = 0
    #: Requests answered before the deadline: the throughput is these over ``--duration``, not all
    #: requests over the time the last runaway query took to end (up to two time limits more).
    answered_in_time: int = 0
    slowloris_opened: int = 0
    slowloris_timed_out: int = 0
    slowloris_held: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Workload:
    """The requests the clients choose from, read from the release and the checkout."""

    questions: tuple[str, ...]
    iris: tuple[str, ...]
    pages: tuple[str, ...]

    @classmethod
    def read(cls, release: Path) -> Workload:
        questions = tuple(p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries" / "competency").glob("*.rq")))
        text = (release / "ipco.nq").read_text(encoding="utf-8")
        iris = tuple(sorted(set(re.findall(r"^<https://w3id\.org/ipco/(id/[^>]+)>", text, re.MULTILINE))))[:300]
        site = release / "site"
        pages = tuple(sorted(str(p.relative_to(site)) for p in site.rglob("*.html")))[:300]
        if not (questions and iris and pages):
            raise SystemExit(f"{release} lacks competency questions, IRIs or site pages")
        return cls(questions, iris, pages)

    def request(self, category: str, rng: random.Random) -> tuple[str, str, dict[str, str]]:
        """A request of ``category``: method-less GET as (path, query string, headers)."""
        if category == NORMAL:
            return "/sparql", rng.choice(self.questions), {"Accept": "application/sparql-results+json"}
        if category == "describe":
            return "/sparql", f"DESCRIBE <{IPCO}{rng.choice(self.iris)}>", {"Accept": "text/turtle"}
        if category == "dereference":
            return "/" + rng.choice(self.iris), "", {"Accept": rng.choice(ACCEPTS)}
        if category == "site":
            return "/" + rng.choice(self.pages), "", {"Accept": "text/html"}
        if category == "malformed":
            return "/sparql", rng.choice(MALFORMED), {}
        return "/sparql", rng.choice(RUNAWAY), {}


class Connection:
    """A kept-alive HTTP/1.1 connection on raw sockets: the load generator shares the CPU with the
    server, and a full client library would cost it several times more per request."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str, headers: dict[str, str]) -> int:
        """Send a GET and read the whole answer; its status code."""
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{lines}\r\n".encode())
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
            length = re.search(rb"\r\ncontent-length: *(\d+)", head, re.IGNORECASE)
            await self.reader.readexactly(int(length.group(1)) if length else 0)
        except (asyncio.IncompleteReadError, ConnectionError):
            self.close()
            raise ConnectionError("the server closed the connection") from None
        if re.search(rb"\r\nconnection: *close", head, re.IGNORECASE):
            self.close()
        return int(head[9:12])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def client(
    address: tuple[str, int],
    work: Workload,
    results: Results,
    deadline: float,
    seed: int,
    *,
    runaway: bool,
    think: float,
) -> None:
    """One client: requests one after the other on one kept-alive connection, until the deadline."""
    rng = random.Random(seed)
    categories, weights = list(MIX), list(MIX.values())
    connection = Connection(*address)
    while time.monotonic() < deadline:
        category = PATHOLOGICAL if runaway else rng.choices(categories, weights)[0]
        path, query, headers = work.request(category, rng)
        target = quote(path) + ("?" + urlencode({"query": query}) if query else "")
        overlapping = results.pathological_running > 0
        if category == PATHOLOGICAL:
            results.pathological_running += 1
        started = time.perf_counter()
        try:
            status = await connection.get(target, headers)
            results.statuses[category][status] += 1
        except OSError as error:
            results.errors[f"{category}: {error}"] += 1
            await asyncio.sleep(0.1)
            continue
        finally:
            if category == PATHOLOGICAL:
                results.pathological_running -= 1
        elapsed = time.perf_counter() - started
        results.latencies[category].append(elapsed)
        results.answered_in_time += time.monotonic() <= deadline
        if category == NORMAL and (overlapping or results.pathological_running > 0):
            results.during_pathological.append(elapsed)
        if think:
            await asyncio.sleep(rng.uniform(0, 2 * think))
    connection.close()


async def slowloris(host: str, port: int, results: Results, deadline: float, interval: float) -> None:
    """One slowloris connection: a header line every ``interval`` seconds, again when cut off."""
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            await asyncio.sleep(interval)
            continue
        results.slowloris_opened += 1
        opened = time.monotonic()
        try:
            writer.write(b"GET / HTTP/1.1\r\nHost: load\r\n")
            while time.monotonic() < deadline:
                await writer.drain()
                try:
                    reply = await asyncio.wait_for(reader.read(256), interval)
                except asyncio.TimeoutError:
                    writer.write(b"X-Slow: 1\r\n")
                    continue
                if reply.startswith(b"HTTP/1.1 408"):
                    results.slowloris_timed_out += 1
                results.slowloris_held.append(time.monotonic() - opened)  # cut off by the server
                break
        except OSError:
            results.slowloris_held.append(time.monotonic() - opened)
        finally:
            writer.close()


def rss_kib(pid: int) -> int:
    """Resident memory of a process, from /proc (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def with_children(pid: int) -> int:
    """Resident memory of a process and of its children (the query workers)."""
    total = rss_kib(pid)
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children = task.read_text(encoding="ascii").split()
        except OSError:
            continue
        total += sum(rss_kib(int(child)) for child in children)
    return total


@contextmanager
def served(release: Path, extra: list[str]) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``ipco serve`` on a free port of 127.0.0.1, stopped afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "serve.log"
        command = [sys.executable, "-m", "ipco", "serve", "-q", "--release", str(release), "--host", "127.0.0.1"]
        with log.open("wb") as sink:
            process = subprocess.Popen([*command, "--port", "0", *extra], stdout=sink, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while not (found := re.search(r"at (http://127\.0\.0\.1:\d+/) ", log.read_text(encoding="utf-8"))):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"ipco serve did not start: {log.read_text(encoding='utf-8')}")
                time.sleep(0.05)
            yield found.group(1), process
        finally:
            process.terminate()
            process.wait(timeout=60)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else float("nan")


def report(results: Results, seconds: float, rss: tuple[int, int, int, int]) -> bool:
    """Print the figures; True when no unexpected 5xx was seen and the competency questions stayed fast."""
    total = sum(len(v) for v in results.latencies.values())
    late = total - results.answered_in_time
    print(
        f"{results.answered_in_time} requests answered in the {seconds:.1f} s run: "
        f"{results.answered_in_time / seconds:.1f} req/s ({late} more answered after it)"
    )
    print(f"{'category':<13} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    unexpected = 0
    for category in sorted(results.latencies):
        values = results.latencies[category]
        statuses = results.statuses[category]
        unexpected += sum(n for code, n in statuses.items() if code >= 500 and code != 503)
        shown = ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items()))
        p50, p95, p99 = (percentile(values, f) * 1000 for f in (0.5, 0.95, 0.99))
        print(f"{category:<13} {len(values):>7} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}  {shown}")
    for error, count in sorted(results.errors.items()):
        print(f"client error {error}: {count}")
    held = results.slowloris_held
    print(
        f"slowloris: {results.slowloris_opened} connections opened, {len(held)} cut off by the server "
        f"({results.slowloris_timed_out} with a 408) after a median {percentile(held, 0.5):.1f} s, "
        f"at most {max(held, default=0):.1f} s; the others were still open at the end"
    )
    print(f"server RSS: {rss[0] / 1024:.1f} MiB at start, {rss[1] / 1024:.1f} MiB at end (process)")
    print(f"            {rss[2] / 1024:.1f} MiB at start, {rss[3] / 1024:.1f} MiB at end (with its query workers)")
    print(f"5xx other than 503: {unexpected}")
    during = results.during_pathological
    fast = percentile(during, 0.95) * 1000
    print(
        f"competency questions while pathological queries ran: {len(during)}, p95 {fast:.1f} ms "
        f"({'under' if fast < 100 else 'NOT under'} 100 ms)"
    )
    return unexpected == 0 and not results.errors and fast < 100


async def run(args: argparse.Namespace, url: str, work: Workload) -> Results:
    results = Results()
    deadline = time.monotonic() + args.duration
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    address = (host, int(port))
    tasks = [
        client(address, work, results, deadline, seed, runaway=seed < args.pathological_clients, think=args.think)
        for seed in range(args.clients)
    ]
    tasks += [slowloris(host, int(port), results, deadline, args.slowloris_interval) for _ in range(args.slowloris)]
    running = [asyncio.ensure_future(task) for task in tasks]
    # Requests under way at the deadline may finish (a runaway query: two time limits at most),
    # then whatever is left is cancelled: the run stops by itself.
    _, late = await asyncio.wait(running, timeout=args.duration + GRACE)
    for task in late:
        task.cancel()
        results.errors["still waiting when the run ended"] += 1
    await asyncio.gather(*late, return_exceptions=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", type=Path, default=ROOT / "dist", help="built release (default: dist)")
    parser.add_argument("--clients", type=int, default=64, help="concurrent clients (default: 64)")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds (default: 120)")
    parser.add_argument("--pathological-clients", type=int, default=4, help="of the clients (default: 4)")
    parser.add_argument("--slowloris", type=int, default=500, help="slowloris connections (default: 500)")
    parser.add_argument("--slowloris-interval", type=float, default=2.0, help="seconds between header lines")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between a client's requests, s")
    parser.add_argument("serve_args", nargs="*", help="after --: arguments for ipco serve")
    args = parser.parse_args()
    if not 0 < args.duration <= 3600 or not 0 < args.clients <= 1024 or not 0 <= args.slowloris <= 5000:
        parser.error("--duration is 1..3600 s, --clients 1..1024, --slowloris 0..5000")
    work = Workload.read(args.release)
    with served(args.release, args.serve_args) as (url, process):
        rss_start = (rss_kib(process.pid), with_children(process.pid))
        results = asyncio.run(run(args, url, work))
        rss_end = (rss_kib(process.pid), with_children(process.pid))
    print(
        f"ipco serve {' '.join(args.serve_args)} at {url}; {args.clients} clients "
        f"({args.pathological_clients} pathological), {args.slowloris} slowloris"
    )
    ok = report(results, args.duration, (rss_start[0], rss_end[0], rss_start[1], rss_end[1]))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
