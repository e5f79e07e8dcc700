#!/usr/bin/env python3
"""Benchmark ``ipco validate`` against pySHACL, pyshacl-turbo, pyrudof and Apache Jena on public shapes graphs.

The shapes graphs are public projects' (``scripts/bench_public_data.py``: UCO/CASE, Brick, ASHRAE
223P, vendored in ``scripts/bench-shapes/``), the data generated to fit each, deterministically,
with planted violations. Each engine runs as a whole command line in its own process (interpreter
start, parsing and the report included); the time is the wall time, the memory the process's peak
resident set (``wait4``). Each graph is also given as the ontology, as its project runs pySHACL:
``pyshacl -e`` and ``pyshacl-turbo -e`` mix it into the data graph, pyrudof gets it merged into its
data, Jena SHACL (``make jena``: Debian's Jena, through ``tests/jena/JenaCheck.java``) the RDFS and OWL
axioms ``pyshacl -e`` copies (pySHACL's ``inoculate``), ``ipco validate --ontology`` reads its class
hierarchy without validating it. So results are
compared on the generated data's nodes (the graph's ``data_namespace``); results on the ontology's
own nodes are counted apart. A result is (focus node, path, constraint component, severity, source
shape): the path when it is one IRI, the source shape when it is an IRI of the shapes graph.

    pip install -e .[bench]                      # pyshacl-turbo, pyrudof
    python scripts/bench_public_shapes.py --sizes 10k
    nice python scripts/bench_public_shapes.py --sizes 100k,1M --time-limit 600

An engine still running after ``--time-limit`` seconds is stopped and the table says so.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_public_data import GRAPHS, PublicShapes, prepared_shapes, write_data
from benchmark import ROOT, Measure, parse_size, run

WORK = ROOT / "build" / "bench-public"
ENGINES = ("ipco", "pyshacl", "pyshacl-turbo", "pyrudof", "jena")
Key = tuple[str, str, str, str, str]


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def ipco_arguments(data: Path, shapes: Path, out: Path) -> list[str]:
    """``ipco``'s arguments: the user's shapes only, which are also its ontology (as ``pyshacl -e``)."""
    return [
        "validate",
        "-q",
        str(data),
        "--no-ipco-shapes",
        "--shapes",
        str(shapes),
        "--ontology",
        str(shapes),
        "--output-format",
        "json",
        "-o",
        str(out),
    ]


def command(engine: str, data: Path, shapes: Path, out: Path, classpath: str = "") -> list[str]:
    """The command line each engine is timed with (Jena's with its ``classpath``)."""
    if engine == "jena":
        return [sys.executable, str(Path(__file__).resolve()), "jena", str(data), str(shapes), str(out), classpath]
    if engine == "ipco":
        return [_bin("ipco"), *ipco_arguments(data, shapes, out)]
    if engine in ("pyshacl", "pyshacl-turbo"):
        # -a: SHACL-AF's SPARQL targets (Brick has four); the rules are out of the prepared shapes
        return [
            _bin(engine),
            "-s",
            str(shapes),
            "-e",
            str(shapes),
            "-i",
            "none",
            "-a",
            "-f",
            "turtle",
            "-o",
            str(out),
            str(data),
        ]
    return [sys.executable, str(Path(__file__).resolve()), "rudof", str(data), str(shapes), str(out)]


def rudof(data: str, shapes: str, out: str) -> None:
    """pyrudof's SHACL validation (its native engine) of the data with the ontology merged in."""
    import pyrudof

    session = pyrudof.Rudof(pyrudof.RudofConfig())
    session.read_data(data, format=pyrudof.RDFFormat.NTriples)
    session.read_data(shapes, format=pyrudof.RDFFormat.NTriples, merge=True)
    session.read_shacl(shapes, format=pyrudof.ShaclFormat.NTriples)
    report = session.validate_shacl()
    rows = [
        {
            name: str(getattr(entry, name) or "")
            for name in ("focus_node", "path", "constraint_component", "severity", "source_shape")
        }
        for entry in report.violations
    ]
    Path(out).write_text(json.dumps(rows))


def jena_classpath(folder: Path = WORK / "jena") -> str | None:
    """Debian's Jena with the tests' harness compiled into ``folder`` (``tests/jena_engine.py``), or
    None when ``make jena`` has not run."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("jena_engine", ROOT / "tests" / "jena_engine.py")
    assert spec is not None and spec.loader is not None
    engine = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = engine  # dataclasses look their module up
    spec.loader.exec_module(engine)
    jars = [engine.JARS / f"{name}.jar" for name in (*engine.MODULES, *engine.DEPENDENCIES)]
    if shutil.which("javac") is None or not all(jar.is_file() for jar in jars):
        return None
    return str(engine.jena(folder).classpath)


def jena(data: str, shapes: str, out: str, classpath: str) -> None:
    """Jena SHACL over the data with the ontology's axioms copied in, as ``pyshacl -e`` copies them
    (Jena has no ontology option); its report graph in N-Triples."""
    import subprocess

    from pyshacl.rdfutil.inoculate import inoculate
    from rdflib import Graph

    axioms = Path(out).with_suffix(".axioms.nt")
    copied = inoculate(cast(Any, Graph()), Graph().parse(shapes, format="nt"))  # an rdflib Graph, as pySHACL passes
    copied.serialize(axioms, format="nt", encoding="utf-8")
    job = f"{out}\t{data}\t{axioms}\n"
    subprocess.run(["java", "-cp", classpath, "JenaCheck", "shacl", shapes], input=job, text=True, check=True)


# -- result sets -----------------------------------------------------------------------------------


def _iri(text: str) -> str:
    return text[1:-1] if text.startswith("<") and text.endswith(">") else text


def _expanded(path: str) -> str:
    """A path ``ipco``'s JSON report wrote compact (``rdfs:label``), as its IRI."""
    from ipco.namespaces import PREFIXES

    prefix, _, local = path.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else path


def _short(severity: str) -> str:
    return _iri(severity).rsplit("#", 1)[-1].rsplit("/", 1)[-1].removeprefix("sh:")


@dataclass(frozen=True)
class Vocabulary:
    """The shapes graph's IRI shapes and IRI paths: what a result's source shape and path are
    compared by (a blank node's label means nothing across engines)."""

    shapes: frozenset[str]
    paths: frozenset[str]

    @classmethod
    def of(cls, shapes: Path) -> Vocabulary:
        from rdflib import Graph, Namespace, URIRef

        sh = Namespace("http://www.w3.org/ns/shacl#")
        graph = Graph().parse(shapes, format="nt")
        iris = {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
        paths = {str(p) for p in graph.objects(None, sh.path) if isinstance(p, URIRef)}
        return cls(frozenset(iris), frozenset(paths))

    def key(self, focus: str, path: str, component: str, severity: str, shape: str) -> Key:
        path, shape = _iri(path), _iri(shape)
        return (
            _iri(focus),
            path if path in self.paths else "",
            _iri(component),
            _short(severity),
            shape if shape in self.shapes else "",
        )


def results(engine: str, out: Path, words: Vocabulary) -> list[Key]:
    if engine == "ipco":
        rows = json.loads(out.read_text())["results"]
        return [
            words.key(
                r["focusNode"],
                _expanded(r["resultPath"] or ""),
                r["sourceConstraintComponent"],
                r["severity"],
                r["sourceShape"] or "",
            )
            for r in rows
        ]
    if engine == "pyrudof":
        return [
            words.key(r["focus_node"], r["path"], r["constraint_component"], r["severity"], r["source_shape"])
            for r in json.loads(out.read_text())
        ]
    from rdflib import RDF, Graph, Namespace, URIRef

    sh = Namespace("http://www.w3.org/ns/shacl#")
    graph = Graph().parse(out, format="nt" if engine == "jena" else "turtle")
    found = []
    for node in graph.subjects(RDF.type, sh.ValidationResult):
        if any(True for _ in graph.subjects(sh.detail, node)):
            continue  # nested under sh:detail, as IPCO nests them
        path, shape = graph.value(node, sh.resultPath), graph.value(node, sh.sourceShape)
        found.append(
            words.key(
                str(graph.value(node, sh.focusNode)),
                str(path) if isinstance(path, URIRef) else "",
                str(graph.value(node, sh.sourceConstraintComponent)),
                str(graph.value(node, sh.resultSeverity)),
                str(shape) if isinstance(shape, URIRef) else "",
            )
        )
    return found


# -- the runs --------------------------------------------------------------------------------------


@dataclass
class Run:
    graph: str
    triples: int
    engine: str
    measure: Measure
    on_data: set[Key] | None  # None: stopped, failed or not installed
    on_ontology: int = 0
    note: str = ""


def measured(cmd: list[str], limit: float | None) -> Measure:
    """``benchmark.run`` from a fresh process: Linux counts the resident set of the process that
    forks into the child's peak, across exec, and this one grows with every report it parses."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(run, cmd, limit=limit).result()


def bench(graph: PublicShapes, size: int, engines: Sequence[str], limit: float) -> list[Run]:
    WORK.mkdir(parents=True, exist_ok=True)
    shapes = WORK / f"{graph.name}-shapes.nt"
    if not shapes.exists():
        prepared_shapes(graph, shapes)
    data = WORK / f"{graph.name}-{size}.nt"
    if not data.exists():
        write_data(graph, size, data)
    triples = sum(1 for _ in data.open())
    words = Vocabulary.of(shapes)
    runs = []
    classpath = jena_classpath() if "jena" in engines else None
    for engine in engines:
        out = WORK / f"{graph.name}-{size}-{engine}.out"
        cmd = command(engine, data, shapes, out, classpath or "")
        if (engine == "pyshacl-turbo" and shutil.which(cmd[0]) is None) or (engine == "jena" and classpath is None):
            continue
        out.unlink(missing_ok=True)
        print(f"{graph.name} {triples} {engine}: {' '.join(cmd)}", file=sys.stderr, flush=True)
        measure = measured(cmd, None if engine == "ipco" else limit)
        found = None
        note = "stopped" if measure.stopped else ""
        if not measure.stopped and out.exists() and measure.exit_code in (0, 1):
            found = results(engine, out, words)
        elif not note:
            note = f"exit {measure.exit_code}"
        on_data = None if found is None else {k for k in found if k[0].startswith(graph.data_namespace)}
        onto = 0 if found is None else sum(1 for k in found if not k[0].startswith(graph.data_namespace))
        runs.append(Run(graph.name, triples, engine, measure, on_data, onto, note))
        print(
            f"  {measure.seconds:.1f} s, {measure.cpu:.1f} s CPU, {measure.peak_mib:.0f} MiB, "
            f"{'-' if on_data is None else len(on_data)} results on data, {onto} on the ontology {note}",
            file=sys.stderr,
            flush=True,
        )
    return runs


def _equal(run_: Run, other: Run | None) -> str:
    if other is None or other.on_data is None or run_.on_data is None:
        return "–"
    if other.on_data == run_.on_data:
        return "yes"
    return f"no (−{len(other.on_data - run_.on_data)} +{len(run_.on_data - other.on_data)})"


def table(runs: list[Run]) -> str:
    """Markdown: per graph, size and engine, seconds, peak MiB, time over IPCO's, and whether the
    result set on the data is pySHACL's (and IPCO's)."""
    lines = [
        "| shapes graph | triples | engine | seconds | CPU s | peak MiB | × ipco's time | × ipco's CPU "
        "| results on data (on ontology) | = pySHACL | = ipco |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for run_ in runs:
        same = [r for r in runs if r.graph == run_.graph and r.triples == run_.triples]
        ipco = next((r for r in same if r.engine == "ipco"), None)
        ref = next((r for r in same if r.engine == "pyshacl"), None)
        m = run_.measure
        ratio = f"{m.seconds / ipco.measure.seconds:.1f}" if ipco and ipco is not run_ else ""
        cpu_ratio = f"{m.cpu / ipco.measure.cpu:.1f}" if ipco and ipco is not run_ and ipco.measure.cpu else ""
        seconds = f"> {m.seconds:.0f} (stopped)" if m.stopped else f"{m.seconds:.1f}"
        count = "–" if run_.on_data is None else f"{len(run_.on_data)} ({run_.on_ontology})"
        note = f" {run_.note}" if run_.note and not m.stopped else ""
        lines.append(
            f"| {run_.graph} | {run_.triples:,} | {run_.engine}{note} | {seconds} | {m.cpu:.1f} | {m.peak_mib:.0f} | "
            f"{ratio} | {cpu_ratio} | {count} | {_equal(run_, ref)} | {_equal(run_, ipco)} |"
        )
    return "\n".join(lines)


def differences(runs: list[Run], limit: int = 5) -> str:
    """The first few results each engine has that IPCO has not, and the reverse."""
    lines = []
    for ipco in (r for r in runs if r.engine == "ipco" and r.on_data is not None):
        for other in runs:
            if (other.graph, other.triples) != (ipco.graph, ipco.triples) or other is ipco or other.on_data is None:
                continue
            assert ipco.on_data is not None
            for label, keys in (
                ("only ipco", ipco.on_data - other.on_data),
                (f"only {other.engine}", other.on_data - ipco.on_data),
            ):
                for key in sorted(keys)[:limit]:
                    lines.append(f"{ipco.graph} {ipco.triples} vs {other.engine}, {label}: {key}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["rudof"]:
        rudof(*argv[1:4])
        return 0
    if argv[:1] == ["jena"]:
        jena(*argv[1:5])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated triple counts (default: 10k,100k,1M)")
    parser.add_argument("--graphs", default=",".join(GRAPHS), help=f"comma-separated, of {', '.join(GRAPHS)}")
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated, of {', '.join(ENGINES)}")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds before another engine is stopped")
    parser.add_argument("--json", type=Path, help="also write the runs here")
    args = parser.parse_args(argv)
    runs: list[Run] = []
    for name in args.graphs.split(","):
        for size in map(parse_size, args.sizes.split(",")):
            runs += bench(GRAPHS[name], size, args.engines.split(","), args.time_limit)
    print(table(runs))
    print(differences(runs))
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "graph": r.graph,
                        "triples": r.triples,
                        "engine": r.engine,
                        "seconds": r.measure.seconds,
                        "cpu": r.measure.cpu,
                        "peak_mib": r.measure.peak_mib,
                        "stopped": r.measure.stopped,
                        "exit": r.measure.exit_code,
                        "results": None if r.on_data is None else sorted(r.on_data),
                        "on_ontology": r.on_ontology,
                    }
                    for r in runs
                ],
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
