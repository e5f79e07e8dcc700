#!/usr/bin/env python3
"""Benchmark ``ipco validate`` against the plain pySHACL command line on the same data and shapes.

Generates realistic IPCO-shaped data (services, units, liaison offices, cooperation relationships,
countries) at the requested sizes, deterministically, with about 1% planted violations of known
kinds; runs both tools in separate processes; checks that they report the same results (as sets of
focus node, path, constraint component, severity); prints wall time, peak memory and ratios.

    python scripts/benchmark.py --sizes 10k,100k,1M

Nothing here is imported by the package; the figures go in the README and the closing notes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, Namespace, URIRef

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "bench"
SH = Namespace("http://www.w3.org/ns/shacl#")
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
    sys.path.insert(0, str(ROOT / "src"))
    from ipco.convert import to_rdflib_graph
    from ipco.project import Project, load_reference

    reference = load_reference(Project.checkout(ROOT))
    ontology, shapes = WORK / "ontology.nt", WORK / "shapes.nt"
    to_rdflib_graph(reference.ontology.quads + reference.imports.quads).serialize(ontology, format="nt")
    to_rdflib_graph(reference.shapes.quads).serialize(shapes, format="nt")
    return ontology, shapes


# -- running ---------------------------------------------------------------------------------------


@dataclass
class Measure:
    seconds: float
    peak_mib: float
    exit_code: int


def measure(command: Sequence[str]) -> Measure:
    """Wall time and peak resident memory of one child process (``wait4`` reports that child only)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if process.stderr is not None:
        process.stderr.close()
    return Measure(elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))


def ipco_results(report: Path) -> set[tuple[str, str, str, str]]:
    document = json.loads(report.read_text())
    return {
        (r["focusNode"], _path_iri(r["resultPath"]), r["sourceConstraintComponent"], r["severity"])
        for r in document["results"]
        if not r["sourceConstraintComponent"].startswith("https://w3id.org/ipco/")
    }


def _path_iri(path: str | None) -> str:
    if not path:
        return ""
    sys.path.insert(0, str(ROOT / "src"))
    from ipco.namespaces import PREFIXES as TABLE

    prefix, _, local = path.partition(":")
    return TABLE[prefix] + local if prefix in TABLE and "/" not in path and "^" not in path else path


def pyshacl_results(report: Path) -> set[tuple[str, str, str, str]]:
    graph = Graph().parse(report, format="turtle")
    found = set()
    for node in graph.subjects(RDF.type, SH.ValidationResult):
        path = graph.value(node, SH.resultPath)
        severity = str(graph.value(node, SH.resultSeverity)).rsplit("#", 1)[-1]
        found.add(
            (
                str(graph.value(node, SH.focusNode)),
                str(path) if isinstance(path, URIRef) else "",
                str(graph.value(node, SH.sourceConstraintComponent)),
                severity,
            )
        )
    return found


def benchmark(size: int, ontology: Path, shapes: Path, skip_pyshacl_above: int) -> dict[str, object]:
    data = write_data(size)
    ipco_report, pyshacl_report = WORK / f"ipco-{size}.json", WORK / f"pyshacl-{size}.ttl"
    bin_dir = Path(sys.executable).parent
    ipco = measure(
        [str(bin_dir / "ipco"), "validate", "-q", str(data), "--output-format", "json", "--output", str(ipco_report)]
    )
    row: dict[str, object] = {"size": size, "ipco": ipco}
    if size <= skip_pyshacl_above:
        plain = measure(
            [
                str(bin_dir / "pyshacl"),
                "-s",
                str(shapes),
                "-e",
                str(ontology),
                "-i",
                "none",
                "-a",
                "-f",
                "turtle",
                "-o",
                str(pyshacl_report),
                str(data),
            ]
        )
        row["pyshacl"] = plain
        mine, theirs = ipco_results(ipco_report), pyshacl_results(pyshacl_report)
        row["same_results"] = mine == theirs
        row["results"] = len(mine)
        if mine != theirs:
            row["only_ipco"] = sorted(mine - theirs)[:5]
            row["only_pyshacl"] = sorted(theirs - mine)[:5]
    return row


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| triples | ipco validate | peak | pyshacl CLI | peak | speed-up | same results |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for row in rows:
        mine = row["ipco"]
        assert isinstance(mine, Measure)
        theirs = row.get("pyshacl")
        if isinstance(theirs, Measure):
            plain = f"{theirs.seconds:.1f} s | {theirs.peak_mib:.0f} MiB | {theirs.seconds / mine.seconds:.2f}×"
            same = f"{'yes' if row['same_results'] else 'NO'} ({row['results']} results)"
        else:
            plain, same = "skipped | | ", "not compared"
        lines.append(f"| {row['size']:,} | {mine.seconds:.1f} s | {mine.peak_mib:.0f} MiB | {plain} | {same} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated triple counts (default: 10k,100k,1M)")
    parser.add_argument("--skip-pyshacl-above", default="1M", help="do not run pySHACL above this size (default: 1M)")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    ontology, shapes = write_reference()
    rows = []
    for size in (parse_size(s) for s in args.sizes.split(",")):
        print(f"benchmark: {size:,} triples…", file=sys.stderr, flush=True)
        rows.append(benchmark(size, ontology, shapes, parse_size(args.skip_pyshacl_above)))
    print(table(rows))
    mismatched = [row for row in rows if row.get("same_results") is False]
    for row in mismatched:
        print(
            f"results differ at {row['size']:,}: only ipco {row['only_ipco']}, only pyshacl {row['only_pyshacl']}",
            file=sys.stderr,
        )
    return 1 if mismatched else 0


if __name__ == "__main__":
    raise SystemExit(main())
