#!/usr/bin/env python3
"""Benchmark IPCO against the plain libraries on the same data: parse, validate, reason, export.

Generates realistic IPCO-shaped data (services, units, liaison offices, cooperation relationships,
countries) at the requested sizes, deterministically, with about 1% of the triples in blocks that
carry a planted violation of a known kind. For each size it runs, each in its own process:

=========  ==============================================  ===========================================
work       the plain way                                   IPCO's way
=========  ==============================================  ===========================================
parse      rdflib ``Graph.parse`` (Turtle)                 ``ipco.load`` (pyoxigraph, strict)
validate   the ``pyshacl`` command line                    the ``ipco validate`` command line
reason     rdflib parse + ``owlrl`` OWL 2 RL closure       the ``ipco reason`` command line
export     rdflib ``serialize`` to Turtle and JSON-LD      ``ipco.export`` to Turtle and JSON-LD
=========  ==============================================  ===========================================

and checks that both ways agree: the same validation results (focus node, path, constraint
component, severity, as sets) and the same inferred triples (owlrl's new triples about the resources
the data and ontology describe, through IPCO's documented noise filter, ``ipco.reason.noise``). The
command lines are timed whole (interpreter start and output included); parse and export are timed
inside their processes, around the work only. Peak memory is each process's maximum resident set.

    python scripts/benchmark.py                 # 10k, 100k, 1M (make bench)
    python scripts/benchmark.py --sizes 10k     # a quick look

A reference engine still running after ten minutes (owlrl from 100k on) is stopped, and the table says
so; `--time-limit MINUTES` lets it run longer (`--sizes 100k --time-limit 60` compares owlrl at 100k).
Nothing here is imported by the package; the table goes in the README and the closing notes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipco.reason import TermKind

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

WORK = ROOT / "build" / "bench"
PREFIXES = """@prefix ipco: <https://w3id.org/ipco/> .
@prefix ipcoid: <https://w3id.org/ipco/id/> .
@prefix ipcov: <https://w3id.org/ipco/vocab/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
SERVICE_CLASSES = (
    "InternalIntelligenceService",
    "ExternalIntelligenceService",
    "MilitaryIntelligenceService",
    "PoliceForce",
    "Gendarmerie",
)
MISSIONS = ("counter-terrorism", "counter-intelligence", "counter-proliferation", "economic-security", "cyberdefence")
KINDS = ("bilateral", "multilateral", "technical", "operational", "institutional")
THREATS = ("terrorism", "organised-crime", "cybercrime", "espionage", "drug-trafficking")
# Planted violations, each breaking one constraint of IPCO's shapes.
VIOLATIONS = (
    "missing-label",
    "bad-iso-code",
    "count-not-integer",
    "cooperation-without-party",
    "kind-from-wrong-scheme",
)
#: Share of triples that belong to a planted violation's block: about 1% of the triples are wrong.
VIOLATION_RATE = 0.01
BLOCK_TRIPLES = 29
#: Sizes above which a reference engine is not run (it would take more than ten minutes).
REFERENCE_LIMITS = {"pyshacl": 1_000_000, "owlrl": 100_000}


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


# -- data ------------------------------------------------------------------------------------------


def generate(target_triples: int, seed: int = 20261125) -> Iterator[str]:
    """Turtle blocks until about ``target_triples`` triples are written; same seed, same bytes."""
    rng = random.Random(seed)
    yield PREFIXES
    yield (
        'ipcoid:bench-source a ipco:SourceDocument ; skos:prefLabel "Benchmark"@en, "Banc d\'essai"@fr ;\n'
        '  ipco:fileName "bench.txt" ; prov:wasDerivedFrom ipcoid:bench-source .\n'
    )
    countries = 60
    for c in range(countries):
        code = chr(65 + c // 26) + chr(65 + c % 26)
        broken = rng.random() < VIOLATION_RATE
        yield (
            f'ipcoid:bench-country-{c} a ipco:Country ; skos:prefLabel "Country {c}"@en, "Pays {c}"@fr ;\n'
            f'  ipco:isoCountryCode "{code.lower() if broken else code}" ; prov:wasDerivedFrom ipcoid:bench-source .\n'
        )
    written = 6 + countries * 5
    i = 0
    while written < target_triples:
        block, count = _service_block(i, rng, countries)
        yield block
        written += count
        i += 1


def _service_block(i: int, rng: random.Random, countries: int) -> tuple[str, int]:
    planted = VIOLATIONS[rng.randrange(len(VIOLATIONS))] if rng.random() < VIOLATION_RATE * BLOCK_TRIPLES else None
    kind = SERVICE_CLASSES[i % len(SERVICE_CLASSES)]
    country = f"ipcoid:bench-country-{rng.randrange(countries)}"
    label = "" if planted == "missing-label" else f'skos:prefLabel "Service {i}"@en, "Service {i}"@fr ; '
    staff = '"many"' if planted == "count-not-integer" else str(rng.randrange(50, 9000))
    service = (
        f'ipcoid:bench-svc-{i} a ipco:{kind} ; {label}skos:altLabel "S{i}"@fr ;\n'
        f"  ipco:country {country} ; ipco:staffCount {staff} ; ipco:mission ipcov:{MISSIONS[i % len(MISSIONS)]} ;\n"
        f'  ipco:foundingDate "{1950 + i % 70}"^^xsd:gYear ; prov:wasDerivedFrom ipcoid:bench-source .\n'
    )
    unit = (
        f'ipcoid:bench-unit-{i} a ipco:Directorate ; skos:prefLabel "Directorate {i}"@en, "Direction {i}"@fr ;\n'
        f"  org:unitOf ipcoid:bench-svc-{i} ; prov:wasDerivedFrom ipcoid:bench-source .\n"
    )
    parties = (
        ""
        if planted == "cooperation-without-party"
        else f"ipco:party ipcoid:bench-svc-{i}, ipcoid:bench-svc-{max(i - 1, 0)} ; "
    )
    kind_value = "ipcov:terrorism" if planted == "kind-from-wrong-scheme" else f"ipcov:{KINDS[i % len(KINDS)]}"
    cooperation = (
        f"ipcoid:bench-coop-{i} a ipco:CooperationRelationship ;\n"
        f'  skos:prefLabel "Cooperation {i}"@en, "Coopération {i}"@fr ;\n'
        f"  {parties}ipco:cooperationKind {kind_value} ; ipco:threatDomain ipcov:{THREATS[i % len(THREATS)]} ;\n"
        f'  ipco:startDate "{1990 + i % 30}"^^xsd:gYear ; prov:wasDerivedFrom ipcoid:bench-source .\n'
    )
    office = (
        f'ipcoid:bench-office-{i} a ipco:LiaisonOffice ; skos:prefLabel "Office {i}"@en, "Bureau {i}"@fr ;\n'
        f"  org:unitOf ipcoid:bench-svc-{i} ; ipco:coversCountry {country} ;\n"
        "  prov:wasDerivedFrom ipcoid:bench-source .\n"
    )
    return service + unit + cooperation + office, BLOCK_TRIPLES


def write_data(size: int) -> Path:
    path = WORK / f"data-{size}.ttl"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as out:
            for block in generate(size):
                out.write(block)
        temporary.replace(path)
    return path


def write_reference() -> tuple[Path, Path]:
    """IPCO's ontology (with its vendored imports) and shapes as two files for the pySHACL CLI."""
    from ipco.convert import to_rdflib_graph
    from ipco.project import Project, load_reference

    reference = load_reference(Project.checkout(ROOT))
    ontology, shapes = WORK / "ontology.nt", WORK / "shapes.nt"
    vocabulary = to_rdflib_graph(reference.ontology.quads + reference.imports.quads)
    vocabulary.serialize(ontology, format="nt", encoding="utf-8")
    to_rdflib_graph(reference.shapes.quads).serialize(shapes, format="nt", encoding="utf-8")
    return ontology, shapes


# -- the plain and IPCO steps that are not command lines, each run as `benchmark.py task NAME ...` ----


def task_parse_rdflib(data: str) -> dict[str, float]:
    from rdflib import Graph

    started = time.perf_counter()
    Graph().parse(data, format="turtle")
    return {"seconds": time.perf_counter() - started}


def task_parse_ipco(data: str) -> dict[str, float]:
    from ipco.load import load

    started = time.perf_counter()
    load([data])
    return {"seconds": time.perf_counter() - started}


def task_reason_owlrl(data: str, ontology: str, out: str) -> dict[str, float]:
    """rdflib parse + owlrl's OWL 2 RL closure (as ``ipco reason --engine reference`` sets it up);
    its new triples go to ``out`` (N-Triples) for the comparison, after the timing."""
    import owlrl
    from rdflib import Graph, Literal

    started = time.perf_counter()
    graph = Graph().parse(data, format="turtle").parse(ontology, format="nt")
    before = set(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    seconds = time.perf_counter() - started
    new = Graph()
    for triple in graph:
        # A literal subject (owlrl's "x" rdf:type xsd:string) is noise, and N-Triples cannot write it.
        if triple not in before and not isinstance(triple[0], Literal):
            new.add(triple)
    new.serialize(out, format="nt", encoding="utf-8")
    return {"seconds": seconds}


def task_export_rdflib(data: str, out: str) -> dict[str, float]:
    from rdflib import Graph

    graph = Graph().parse(data, format="turtle")
    started = time.perf_counter()
    graph.serialize(f"{out}.ttl", format="turtle")
    graph.serialize(f"{out}.jsonld", format="json-ld")
    return {"seconds": time.perf_counter() - started}


def task_export_ipco(data: str, out: str) -> dict[str, float]:
    from ipco.export import EXPORTERS, canonical
    from ipco.load import load

    quads = load([data]).quads
    started = time.perf_counter()
    ordered = canonical(quads)
    Path(f"{out}.ttl").write_bytes(EXPORTERS["turtle"].serialize(ordered))
    Path(f"{out}.jsonld").write_bytes(EXPORTERS["jsonld"].serialize(ordered))
    return {"seconds": time.perf_counter() - started}


TASKS: dict[str, Callable[..., dict[str, float]]] = {
    "parse-rdflib": task_parse_rdflib,
    "parse-ipco": task_parse_ipco,
    "reason-owlrl": task_reason_owlrl,
    "export-rdflib": task_export_rdflib,
    "export-ipco": task_export_ipco,
}


# -- measuring -------------------------------------------------------------------------------------


@dataclass
class Measure:
    """One process: seconds (wall, or the task's own timing of its work), peak memory, exit code;
    ``stopped`` when it ran past the time limit and was killed (``seconds`` is then the limit)."""

    seconds: float
    peak_mib: float
    exit_code: int
    stopped: bool = False
    #: CPU seconds the child used (user + system): on a shared machine, what a stopped engine had
    #: spent by then, whatever else was running.
    cpu: float = 0.0


#: A reference engine still running after this long is stopped (``--time-limit`` changes it).
TIME_LIMIT = 600.0


def run(command: Sequence[str], *, own_timing: bool = False, limit: float | None = None) -> Measure:
    """Run one child process; ``wait4`` gives the peak resident memory of that child only. With
    ``own_timing``, the seconds are those the task printed for its work."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        stopped = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if limit is not None and time.perf_counter() - started > limit:
                process.kill()
                stopped = True
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        process.returncode = code = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - started
        if stopped:
            return Measure(limit or elapsed, usage.ru_maxrss / 1024, code, stopped=True, cpu=_cpu(usage))
        if own_timing:
            out.seek(0)
            if code != 0:
                err.seek(0)
                raise RuntimeError(f"{' '.join(command)} failed:\n{err.read().decode()}")
            elapsed = json.loads(out.read().decode().strip().splitlines()[-1])["seconds"]
    return Measure(elapsed, usage.ru_maxrss / 1024, code, cpu=_cpu(usage))


def _cpu(usage: resource.struct_rusage) -> float:
    return float(usage.ru_utime + usage.ru_stime)


def task(name: str, *arguments: str | Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "task", name, *map(str, arguments)]


def ipco(*arguments: str | Path) -> list[str]:
    return [str(Path(sys.executable).parent / "ipco"), *map(str, arguments)]


# -- equivalence -----------------------------------------------------------------------------------

ResultKey = tuple[str, str, str, str]


def ipco_results(report: Path) -> set[ResultKey]:
    """(focus, path, component, severity) of ``ipco validate --output-format json``, without IPCO's own
    check of undeclared terms (pySHACL has no such check)."""
    from ipco.namespaces import PREFIXES as TABLE

    def path_iri(path: str | None) -> str:
        if not path:
            return ""
        prefix, _, local = path.partition(":")
        return TABLE[prefix] + local if prefix in TABLE and "/" not in path and "^" not in path else path

    document = json.loads(report.read_text())
    return {
        (r["focusNode"], path_iri(r["resultPath"]), r["sourceConstraintComponent"], r["severity"])
        for r in document["results"]
        if not r["sourceConstraintComponent"].startswith("https://w3id.org/ipco/")
    }


def pyshacl_results(report: Path) -> set[ResultKey]:
    from rdflib import RDF, Graph, Namespace, URIRef

    sh = Namespace("http://www.w3.org/ns/shacl#")
    graph = Graph().parse(report, format="turtle")
    found = set()
    for node in graph.subjects(RDF.type, sh.ValidationResult):
        path = graph.value(node, sh.resultPath)
        found.add(
            (
                str(graph.value(node, sh.focusNode)),
                str(path) if isinstance(path, URIRef) else "",
                str(graph.value(node, sh.sourceConstraintComponent)),
                str(graph.value(node, sh.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return found


Triple = tuple[str, str, str]


def _triples(path: Path, syntax: str) -> list[tuple[object, object, object]]:
    import pyoxigraph as ox

    formats = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE}
    return [(q.subject, q.predicate, q.object) for q in ox.parse(path=path, format=formats[syntax])]


def _kind(term: object) -> TermKind:
    import pyoxigraph as ox

    return "iri" if isinstance(term, ox.NamedNode) else "literal" if isinstance(term, ox.Literal) else "bnode"


def owlrl_inferences(new_triples: Path, data: Path, ontology: Path) -> set[Triple]:
    """owlrl's new triples as ``ipco reason`` reports inferences: about resources the data or the
    IPCO ontology describe (not the vendored imports), through the noise filter, without blank nodes
    (their labels differ between engines; ``ipco reason`` canonicalises them)."""
    from ipco.project import Project, load_reference
    from ipco.reason import noise

    reference = load_reference(Project.checkout(ROOT))
    described = {str(q.subject) for q in reference.ontology.quads} | {str(t[0]) for t in _triples(data, "ttl")}
    kept = set()
    for s, p, o in _triples(new_triples, "nt"):
        kinds = (_kind(s), _kind(p), _kind(o))
        if str(s) not in described or kinds[1] != "iri" or "bnode" in (kinds[0], kinds[2]):
            continue
        if not noise(kinds[0], s.value, p.value, kinds[2], o.value):  # type: ignore[attr-defined]
            kept.add((str(s), str(p), str(o)))
    return kept


def ipco_inferences(inferred: Path) -> set[Triple]:
    return {(str(s), str(p), str(o)) for s, p, o in _triples(inferred, "nt") if "bnode" not in (_kind(s), _kind(o))}


# -- one size --------------------------------------------------------------------------------------


@dataclass
class Row:
    size: int
    measures: dict[str, Measure] = field(default_factory=dict)
    checks: dict[str, str] = field(default_factory=dict)


def benchmark(size: int, ontology: Path, shapes: Path, limit: float = TIME_LIMIT) -> Row:
    data = write_data(size)
    row = Row(size)

    def say(step: str) -> None:
        print(f"benchmark: {size:,} triples: {step}", file=sys.stderr, flush=True)

    say("parse")
    row.measures["parse rdflib"] = run(task("parse-rdflib", data), own_timing=True)
    row.measures["parse ipco"] = run(task("parse-ipco", data), own_timing=True)

    say("validate")
    ipco_report = WORK / f"ipco-{size}.json"
    row.measures["validate ipco"] = run(
        ipco("validate", "-q", data, "--output-format", "json", "--output", ipco_report)
    )
    if size <= REFERENCE_LIMITS["pyshacl"]:
        pyshacl_report = WORK / f"pyshacl-{size}.ttl"
        pyshacl = str(Path(sys.executable).parent / "pyshacl")
        arguments = ["-s", shapes, "-e", ontology, "-i", "none", "-a", "-f", "turtle", "-o", pyshacl_report, data]
        plain = run([pyshacl, *map(str, arguments)], limit=limit)
        row.measures["validate pyshacl"] = plain
        if plain.stopped:
            row.checks["validate"] = "pyshacl stopped: compared at the smaller sizes"
        else:
            mine, theirs = ipco_results(ipco_report), pyshacl_results(pyshacl_report)
            row.checks["validate"] = (
                f"same {len(mine):,} results"
                if mine == theirs
                else f"DIFFERENT: {len(mine - theirs)} only ipco, {len(theirs - mine)} only pyshacl"
            )

    say("reason")
    inferred = WORK / f"ipco-inferred-{size}.nt"
    row.measures["reason ipco"] = run(ipco("reason", "-q", data, "--output-format", "nt", "-o", inferred))
    if size <= REFERENCE_LIMITS["owlrl"]:
        owlrl_new = WORK / f"owlrl-new-{size}.nt"
        owlrl = run(task("reason-owlrl", data, ontology, owlrl_new), own_timing=True, limit=limit)
        row.measures["reason owlrl"] = owlrl
        if owlrl.stopped:
            row.checks["reason"] = "owlrl stopped: compared at the smaller sizes"
            return _export(row, data)
        mine_inferred, theirs_inferred = ipco_inferences(inferred), owlrl_inferences(owlrl_new, data, ontology)
        row.checks["reason"] = (
            f"same {len(mine_inferred):,} triples"
            if mine_inferred == theirs_inferred
            else f"DIFFERENT: {len(mine_inferred - theirs_inferred)} only ipco,"
            f" {len(theirs_inferred - mine_inferred)} only owlrl"
        )

    return _export(row, data)


def _export(row: Row, data: Path) -> Row:
    print(f"benchmark: {row.size:,} triples: export", file=sys.stderr, flush=True)
    row.measures["export rdflib"] = run(task("export-rdflib", data, WORK / f"rdflib-{row.size}"), own_timing=True)
    row.measures["export ipco"] = run(task("export-ipco", data, WORK / f"ipco-{row.size}"), own_timing=True)
    return row


# -- the table -------------------------------------------------------------------------------------

WORKS = (
    ("parse", "rdflib", "ipco", "parse Turtle"),
    ("validate", "pyshacl", "ipco", "SHACL validation"),
    ("reason", "owlrl", "ipco", "OWL 2 RL reasoning"),
    ("export", "rdflib", "ipco", "write Turtle + JSON-LD"),
)


def table(rows: list[Row]) -> str:
    lines = [
        "| work | triples | plain library | peak | IPCO | peak | speed-up | same results |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for work, plain_name, ipco_name, title in WORKS:
        for row in rows:
            mine = row.measures[f"{work} {ipco_name}"]
            theirs = row.measures.get(f"{work} {plain_name}")
            if theirs is None:
                plain, ratio = f"{plain_name}: not run (over 10 min) | ", "–"
            elif theirs.stopped:
                plain = f"{plain_name}: stopped after {theirs.seconds:.0f} s | {theirs.peak_mib:,.0f} MiB"
                ratio = f"> {theirs.seconds / mine.seconds:.0f}×"
            else:
                plain = f"{plain_name} {theirs.seconds:.2f} s | {theirs.peak_mib:,.0f} MiB"
                ratio = f"{theirs.seconds / mine.seconds:.1f}×"
            check = row.checks.get(work, "not compared" if work in ("validate", "reason") else "–")
            ours = f"{mine.seconds:.2f} s | {mine.peak_mib:,.0f} MiB"
            lines.append(f"| {title} | {row.size:,} | {plain} | {ours} | {ratio} | {check} |")
    return "\n".join(lines)


def growth(rows: list[Row]) -> str:
    """The exponent k of time ∝ size^k between the two largest sizes, for IPCO's steps."""
    if len(rows) < 2:
        return ""
    small, large = rows[-2], rows[-1]
    parts = []
    for work, _, ipco_name, _ in WORKS:
        a, b = small.measures[f"{work} {ipco_name}"].seconds, large.measures[f"{work} {ipco_name}"].seconds
        parts.append(f"{work} {math.log(b / a) / math.log(large.size / small.size):.2f}")
    return f"Growth exponent of IPCO's time from {small.size:,} to {large.size:,} triples: " + ", ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["task"]:
        print(json.dumps(TASKS[arguments[1]](*arguments[2:])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated triple counts (default: 10k,100k,1M)")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT / 60,
        metavar="MINUTES",
        help="stop a reference engine after this long (default: 10); raise it to compare owlrl at 100k",
    )
    args = parser.parse_args(arguments)
    WORK.mkdir(parents=True, exist_ok=True)
    ontology, shapes = write_reference()
    build = run(ipco("build", "-q", "--root", ROOT, "--out", WORK / "dist"))
    rows = [benchmark(parse_size(size), ontology, shapes, args.time_limit * 60) for size in args.sizes.split(",")]
    lines = [
        table(rows),
        "",
        growth(rows),
        "",
        f"`ipco build` of the project's own release: {build.seconds:.2f} s, {build.peak_mib:,.0f} MiB peak.",
    ]
    report = "\n".join(lines)
    print(report)
    (WORK / "results.md").write_text(report + "\n", encoding="utf-8")
    failed = [
        f"{row.size:,} {work}: {check}" for row in rows for work, check in row.checks.items() if "DIFFERENT" in check
    ]
    for failure in failed:
        print(f"benchmark: results differ at {failure}", file=sys.stderr)
    return 1 if failed or build.exit_code != 0 else 0


if __name__ == "__main__":
    raise SystemExit(main())
