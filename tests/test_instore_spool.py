"""``ipco validate --endpoint`` keeps its results on disk (``ipco.instore.spool``): the number of
result objects alive at once stays bounded however many results the store finds, and every output
format rendered from the spool is byte for byte the one a report held in memory gives."""

from __future__ import annotations

import sys
import weakref
from pathlib import Path

import pytest

from conftest import ROOT, CliRunner
from ipco.instore.client import Endpoint
from ipco.instore.spool import ResultSpool, SpooledReport
from ipco.instore.validate import validate_in_store
from ipco.project import Project, load_reference
from ipco.render import RENDERERS, STREAMS, RenderOptions
from ipco.report import Severity, ValidationReport, ValidationResult
from test_instore import EXAMPLES, graph_of, put
from test_push import Oxigraph, oxigraph  # noqa: F401 (the fixture)

MANY = 6000  # results of the run below: three batches of the spool's


def _many_results(oxigraph: Oxigraph, tmp_path: Path) -> tuple[str, Path]:  # noqa: F811
    """A graph where every one of ``MANY`` subjects breaks a shape of ``tmp_path/shapes.ttl`` once."""
    put(oxigraph, "urn:many", "".join(f"<urn:s{i}> <urn:p> {i} .\n" for i in range(MANY)).encode())
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:shape> a sh:NodeShape ; sh:targetSubjectsOf <urn:p> ;\n"
        "  sh:property [ sh:path <urn:q> ; sh:minCount 1 ; sh:message 'no q'@en ] .\n",
        encoding="utf-8",
    )
    return "urn:many", shapes


def test_result_objects_alive_at_once_stay_bounded(
    cli: CliRunner,
    oxigraph: Oxigraph,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every ``ValidationResult`` made is counted while it lives: a run holding its results in a
    list (as before the spool) has all 6,000 alive at once; the spool has at most a batch."""
    graph, shapes = _many_results(oxigraph, tmp_path)
    alive = peak = 0

    def died() -> None:
        nonlocal alive
        alive -= 1

    made = ValidationResult.__init__

    def counted(self: ValidationResult, *args: object, **kwargs: object) -> None:
        nonlocal alive, peak
        made(self, *args, **kwargs)  # type: ignore[arg-type]
        weakref.finalize(self, died)
        alive += 1
        peak = max(peak, alive)

    monkeypatch.setattr(ValidationResult, "__init__", counted)
    outputs = [
        arg
        for name in ("json", "sarif", "junit", "github", "text")
        for arg in ("--output-format", name, "--output", str(tmp_path / name))
    ]
    run = cli(
        "validate",
        "-q",
        "--endpoint",
        oxigraph.query,
        "--graph",
        graph,
        "--shapes",
        str(shapes),
        "--no-ipco-shapes",
        *outputs,
    )
    assert run.code == 1, run.err
    assert (tmp_path / "text").read_text().count("no q") == MANY
    assert peak <= 2100, f"{peak} results alive at once out of {MANY}"


@pytest.mark.parametrize("limit", [None, 3])
def test_the_spool_renders_what_a_report_in_memory_renders(
    oxigraph: Oxigraph,  # noqa: F811
    tmp_path: Path,
    limit: int | None,
) -> None:
    """Every example and generated data in one run (29 graphs, so locating spans graphs), rendered
    in every format from the spool and from the same results in a list: the same bytes."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from benchmark import generate  # type: ignore[import-not-found]

    for path in EXAMPLES:
        put(oxigraph, graph_of(path), path.read_bytes())
    put(oxigraph, "urn:generated", "".join(generate(10000)).encode())
    graphs = (*(graph_of(path) for path in EXAMPLES), "urn:generated")
    spooled = validate_in_store(Endpoint(oxigraph.query, graphs), load_reference(Project.bundled()))
    in_memory = ValidationReport(
        list(spooled.results), spooled.graph, spooled.shapes, shapes_graphs=spooled.shapes_graphs
    )
    assert len(in_memory.results) > 100
    shown_spooled = spooled.limited(limit) if limit is not None else spooled
    shown = in_memory.limited(limit) if limit is not None else in_memory
    for fail_on in (Severity.VIOLATION, Severity.INFO):
        options = RenderOptions("fr" if fail_on == Severity.INFO else "en", fail_on)
        for name in RENDERERS:
            text = "".join(STREAMS[name](shown_spooled, options))
            assert text == RENDERERS[name](shown, options), name
    assert spooled.conforms() == in_memory.conforms()
    assert spooled.counts() == in_memory.counts()
    spooled.spool.close()


def test_terms_and_locations_come_back_as_they_went_in() -> None:
    """Literals keep their lexical form as written ("01"^^xsd:integer, not 1), language and
    datatype; blank nodes their label; a location of no line stays one; the order is Python's."""
    from rdflib import BNode, Literal, URIRef

    from ipco.errors import SourcePosition

    xsd = "http://www.w3.org/2001/XMLSchema#"
    values = [
        Literal("01", datatype=URIRef(xsd + "integer"), normalize=False),
        Literal("chat", lang="fr"),
        Literal("plain"),
        Literal("é\u0000\n", datatype=URIRef(xsd + "string")),
        BNode("b7"),
        URIRef("urn:x"),
        None,
    ]
    results = [
        ValidationResult(
            URIRef(f"urn:s{n}") if n % 2 else BNode(f"f{n}"),
            "urn:component",
            Severity.WARNING,
            value=value,
            messages=(("en", "m"), ("fr", "é")),
            location=SourcePosition(f"file{n % 3}", n or None, None) if n % 4 else None,
        )
        for n, value in enumerate(values)
    ]
    # text sorts by code point, as Python sorts: U+FFFF before U+1F600 (UTF-16 would put it after)
    results += [ValidationResult(URIRef(f"urn:{c}"), "urn:component", Severity.INFO) for c in "\U0001f600\uffffz"]
    spool = ResultSpool()
    spool.add(results)
    again = list(SpooledReport(spool).results)
    spool.close()
    assert again == sorted(results, key=ValidationResult.sort_key)
    assert [str(r.value) for r in again if r.value is not None] == [
        str(r.value) for r in sorted(results, key=ValidationResult.sort_key) if r.value is not None
    ]
