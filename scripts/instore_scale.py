#!/usr/bin/env python3
"""In-store validation at scale: generated IPCO data (``benchmark.generate``) loaded into an Oxigraph
server, then validated inside the store (``ipco validate --endpoint``) and locally from the file.

For each size: wall time of each, IPCO's own peak memory (the validating process's maximum resident
set, from ``wait4``; the store's memory is the store's business), the bytes that travelled (request
and answer bodies) and the number of queries. In-store memory must stay flat from 1M to 10M triples:
only results and paged answers are held.

    python scripts/instore_scale.py                 # 1M
    python scripts/instore_scale.py --sizes 1M,10M
    python scripts/instore_scale.py --sizes 100k --store virtuoso   # Debian's Virtuoso 7.2 (`make virtuoso`)

With ``--store virtuoso`` the data is PUT (Graph Store Protocol) into a throwaway Virtuoso started as
the tests start it (tests/virtuoso_server.py), with ``MaxSortedTopRows`` raised so that answers longer
than Virtuoso's default 10,000 sorted rows can be paged.

Both reports must agree (every result but its location); the table says so. Nothing here is imported by
the package.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import Measure, parse_size, run, write_data

GRAPH = "https://w3id.org/ipco/graph/generated"


def child(url: str, target: Path, report: Path) -> int:
    """Validate in the store (in this process, so that the bytes are counted) and write the JSON
    report as ``ipco validate --output`` writes it; figures to ``target``. The report is compared
    by the parent, after this process's peak memory is taken."""
    from ipco.atomic import write_file
    from ipco.instore.client import Endpoint
    from ipco.instore.validate import validate_in_store
    from ipco.project import Project, load_reference
    from ipco.render import RenderOptions, rendered

    started = time.perf_counter()
    endpoint = Endpoint(url, (GRAPH,), timeout=3600.0)
    spooled = validate_in_store(endpoint, load_reference(Project.bundled()))
    write_file(report, (piece.encode() for piece in rendered("json", spooled, RenderOptions())))
    spooled.spool.close()
    figures = {
        "seconds": time.perf_counter() - started,
        "sent": endpoint.sent,
        "received": endpoint.received,
        "queries": endpoint.queries,
    }
    target.write_text(json.dumps(figures), encoding="utf-8")
    return 0


def _comparable(report_json: str) -> list[str]:
    """A JSON report's results without locations (files have lines, a store has graphs), sorted."""
    results = json.loads(report_json)["results"]
    return sorted(json.dumps({k: v for k, v in r.items() if k not in ("file", "line", "column")}) for r in results)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _oxigraph() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        raise SystemExit("the oxigraph server is missing: `make install` installs the dev dependencies")
    return found


def _virtuoso(data: Path, folder: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    """A Virtuoso holding ``data`` in GRAPH: the server, its query URL, the seconds loading took."""
    import urllib.request

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from ipco.push import graph_url
    from virtuoso_server import INI, start  # type: ignore[import-not-found]

    process, server = start(folder, ini=INI.replace("[Parameters]\n", "[Parameters]\nMaxSortedTopRows = 1000000\n"))
    loading = time.perf_counter()
    put = urllib.request.Request(
        graph_url(server.store, GRAPH), data=data.read_bytes(), method="PUT", headers={"Content-Type": "text/turtle"}
    )
    urllib.request.urlopen(put, timeout=3600).close()
    return process, server.query, time.perf_counter() - loading


def measure(size: int, *, with_local: bool = True, store_kind: str = "oxigraph") -> dict[str, object]:
    data = write_data(size)
    if store_kind == "virtuoso":
        with tempfile.TemporaryDirectory(prefix="ipco-instore-") as folder:
            process, url, loaded = _virtuoso(data, Path(folder))
            try:
                in_store, remote = _in_store(size, url)
            finally:
                process.terminate()
                process.wait(timeout=120)
        return _row(size, data, loaded, in_store, remote, with_local)
    with tempfile.TemporaryDirectory(prefix="ipco-instore-") as folder:
        store = Path(folder) / "store"
        loading = time.perf_counter()
        subprocess.run(
            [_oxigraph(), "load", "--location", str(store), "--file", str(data), "--graph", GRAPH],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        loaded = time.perf_counter() - loading
        port = _free_port()
        server = subprocess.Popen(
            [_oxigraph(), "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(port)
            in_store, remote = _in_store(size, f"http://127.0.0.1:{port}/query")
        finally:
            server.terminate()
            server.wait(timeout=60)
    return _row(size, data, loaded, in_store, remote, with_local)


def _in_store(size: int, url: str) -> tuple[Measure, dict[str, Any]]:
    with tempfile.NamedTemporaryFile(suffix=".json") as figures, tempfile.NamedTemporaryFile(suffix=".json") as report:
        in_store = run([sys.executable, __file__, "child", url, figures.name, report.name])
        if in_store.exit_code != 0:
            raise SystemExit(f"in-store validation of {size:,} triples failed (exit {in_store.exit_code})")
        remote: dict[str, Any] = json.loads(Path(figures.name).read_text())
        remote["results"] = _comparable(Path(report.name).read_text())
        return in_store, remote


def _row(
    size: int, data: Path, loaded: float, in_store: Measure, remote: dict[str, Any], with_local: bool
) -> dict[str, object]:
    if not with_local:
        local, local_results = None, None
    else:
        local, local_results = _local(data)
    return {
        "size": size,
        "load_s": loaded,
        "in_store_s": in_store.seconds,
        "in_store_mib": in_store.peak_mib,
        "local_s": local.seconds if local else None,
        "local_mib": local.peak_mib if local else None,
        "sent": remote["sent"],
        "received": remote["received"],
        "queries": remote["queries"],
        "data_bytes": data.stat().st_size,
        "agree": None if local_results is None else remote["results"] == local_results,
        "results": len(remote["results"]),
    }


def _local(data: Path) -> tuple[Measure, list[str]]:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        local = run(
            [
                sys.executable,
                "-m",
                "ipco",
                "validate",
                "-q",
                str(data),
                "--output-format",
                "json",
                "--output",
                report.name,
            ]
        )
        return local, _comparable(Path(report.name).read_text())


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit("the Oxigraph server did not start") from None
            time.sleep(0.1)


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| triples | in-store s | in-store peak MiB | local s | local peak MiB | sent | received | queries"
        " | data file | same results |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in rows:
        local = "not run | not run" if r["local_s"] is None else f"{r['local_s']:.1f} | {r['local_mib']:.0f}"
        agree = {None: "not compared", True: "yes", False: "NO"}[r["agree"]]  # type: ignore[index]
        lines.append(
            f"| {r['size']:,} | {r['in_store_s']:.1f} | {r['in_store_mib']:.0f} | {local}"
            f" | {_bytes(r['sent'])} | {_bytes(r['received'])} | {r['queries']}"
            f" | {_bytes(r['data_bytes'])} | {agree} ({r['results']}) |"
        )
    return "\n".join(lines)


def _bytes(count: object) -> str:
    assert isinstance(count, int)
    return f"{count / 1e6:.1f} MB" if count >= 1e5 else f"{count / 1e3:.1f} kB"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["child"]:
        return child(arguments[1], Path(arguments[2]), Path(arguments[3]))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1M", help="comma-separated triple counts (default: 1M)")
    parser.add_argument(
        "--no-local", action="store_true", help="in-store only (local validation of 10M needs about 10 GB)"
    )
    parser.add_argument(
        "--store", choices=("oxigraph", "virtuoso"), default="oxigraph", help="the store to validate in"
    )
    options = parser.parse_args(arguments)
    rows = []
    for size in (parse_size(s) for s in options.sizes.split(",")):
        rows.append(measure(size, with_local=not options.no_local, store_kind=options.store))
        print(json.dumps(rows[-1]), file=sys.stderr)
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
