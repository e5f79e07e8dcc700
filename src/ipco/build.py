"""Build: the release pipeline, load → validate → reason → export, as five calls.

The project's own data must conform to its shapes before anything is written; the release
replaces ``dist/`` all at once, so a failed or killed build leaves the previous release intact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ipco.atomic import check_replaceable, replace_release
from ipco.convert import to_oxigraph_triples, to_rdflib_graph
from ipco.errors import IpcoError
from ipco.exitcodes import ExitCode
from ipco.export import DATASET_EXPORTERS, GRAPH_EXPORTERS, canonical
from ipco.load import Loaded, Streamed
from ipco.process_exit import retain
from ipco.progress import SILENT, Progress
from ipco.project import INFERRED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, Project, Reference, load_reference
from ipco.publish.variants import variant_parts
from ipco.quality.report import ontology_report
from ipco.reason import reason
from ipco.report import ValidationReport
from ipco.site.generate import site_files
from ipco.validate import validate_loaded, validate_ontology

#: The parts of a release, each written in every graph syntax: ``<part>.<extension>``; the
#: variants (``publish.variants``) are written the same way, but are not in the whole dataset.
PARTS = ("ontology", "shapes", "data", "inferred")
DATASET_NAME = "ipco"
CHECKSUMS = "SHA256SUMS"


class DataDoesNotConform(IpcoError):
    """The project's own data or ontology violates its shapes: nothing is exported."""

    exit_code = ExitCode.NOT_CONFORMING
    code = "does-not-conform"

    def __init__(self, report: ValidationReport) -> None:
        failing = len(report.failing())
        super().__init__(
            f"the project's data does not conform ({failing} violation(s)): nothing was exported",
            hint="fix the results above, then run `ipco build` again",
        )
        self.report = report


@dataclass
class BuildSummary:
    """What a build wrote, for the CLI to print and the tests to check."""

    out_dir: Path
    file_sizes: dict[str, int] = field(default_factory=dict)
    triple_counts: dict[str, int] = field(default_factory=dict)
    report: ValidationReport = field(default_factory=ValidationReport)


def build(project: Project, out_dir: Path, *, progress: Progress = SILENT) -> BuildSummary:
    """Build the release of ``project`` into ``out_dir``.

    ``out_dir`` is checked first: a path that holds anything but a previous release is refused
    before seconds of work, and nothing of the user's is ever deleted.
    """
    check_replaceable(out_dir)
    with progress.stage("loading"):
        reference = load_reference(project)
        data = project.load_data()
    with progress.stage("validating"):
        report = check(reference, data)
        report.extend(ontology_report(project, reference).results)
    if not report.conforms():
        raise DataDoesNotConform(report)
    with progress.stage("reasoning"):
        inferred = infer(reference, data)
    with progress.stage("exporting"):
        parts = release_parts(reference, data, inferred)
        files = release_files(parts, project.source_texts())
        replace_release(out_dir, files)
    return BuildSummary(
        out_dir=out_dir,
        file_sizes={name: len(content) for name, content in files.items()},
        triple_counts={name: len({q.triple for q in quads}) for name, quads in parts.items()},
        report=report,
    )


def check(reference: Reference, data: Loaded) -> ValidationReport:
    """The project's data against the data shapes, and the ontology against its quality shapes."""
    report = validate_loaded(data, reference)
    report.extend(validate_ontology(reference).results)
    return report


def infer(reference: Reference, data: Loaded, *, engine: str = "fast") -> list[ox.Quad]:
    """The OWL 2 RL entailments of ontology + imports + data, in the inferred graph; raises
    ``ipco.explain.Inconsistent`` when they are inconsistent (nothing to publish then)."""
    graph = ox.NamedNode(INFERRED_GRAPH)
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in infer_triples(reference, data, engine=engine)]


def infer_triples(reference: Reference, data: Loaded | Streamed, *, engine: str = "fast") -> list[ox.Triple]:
    """``infer`` as triples (`ipco reason` writes a million of them without making quads, and reads
    ``Streamed`` data: its quads are not all held at once).

    The fast engine (reasonable, completed to owlrl's rules) gives owlrl's result, which stays the
    reference engine.
    """
    from ipco.explain import reason_checked

    # Both engines apply the same rules; the inconsistency rules are checked on the fast closure.
    result = reason_checked(reference, data)
    retain(result)  # its closure: millions of objects the process exit reclaims faster
    if engine == "fast":
        triples = result.inferred
    else:
        loaded = data.load() if isinstance(data, Streamed) else data
        asserted_graph = to_rdflib_graph(reference.ontology.quads + loaded.quads)
        triples = to_oxigraph_triples(reason(asserted_graph, to_rdflib_graph(reference.imports.quads)))
    return triples


def release_parts(reference: Reference, data: Loaded, inferred: list[ox.Quad]) -> dict[str, list[ox.Quad]]:
    """Canonical, sorted quads of each part; data keeps one named graph per source file."""
    everything = canonical(reference.ontology.quads + reference.shapes.quads + data.quads + inferred)
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in everything:
        by_graph.setdefault(str(quad.graph_name.value), []).append(quad)  # type: ignore[union-attr]
    data_graphs = {f.graph for f in data.files}
    parts = {
        "ontology": by_graph.get(ONTOLOGY_GRAPH, []),
        "shapes": by_graph.get(SHAPES_GRAPH, []),
        "data": [q for g in sorted(data_graphs) for q in by_graph.get(g, [])],
        "inferred": by_graph.get(INFERRED_GRAPH, []),
    }
    variants = variant_parts(parts, reference.imports.quads)
    return {**parts, **{name: canonical(quads) for name, quads in variants.items()}}


def release_files(parts: dict[str, list[ox.Quad]], texts: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """File name → content for every part in every syntax, the whole dataset, the JSON-LD context,
    compacted and framed files (``publish.views``), the VoID/DCAT description of all of them
    (``publish.describe``), checksums of those, and the documentation site under ``site/`` (pages
    to read, not distributions: neither described nor checksummed), with a page per source text of
    ``texts`` (file name → content)."""
    # Imported here, as the fast reasoner is: PyLD takes 0.2 s to import and only the build needs it.
    from ipco.publish.describe import describe
    from ipco.publish.views import jsonld_files

    files: dict[str, bytes] = {}
    for part in parts:
        for exporter in GRAPH_EXPORTERS:
            files[f"{part}.{exporter.extension.lstrip('.')}"] = exporter.serialize(parts[part])
    everything = sorted((q for part in PARTS for q in parts[part]), key=_quad_order)
    for exporter in DATASET_EXPORTERS:
        files[f"{DATASET_NAME}.{exporter.extension.lstrip('.')}"] = exporter.serialize(everything)
    files.update(jsonld_files(parts))
    files.update(describe(parts, files, CHECKSUMS))
    files[CHECKSUMS] = "".join(
        f"{hashlib.sha256(content).hexdigest()}  {name}\n" for name, content in sorted(files.items())
    ).encode()
    files.update(site_files(parts, texts))
    return files


def _quad_order(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))
