"""The store pyoxigraph fills from the files while Python parses them (``ipco.store_fill``) never
changes a result: every W3C SHACL Core and SPARQL test, every example, and the two things the
filled store would get wrong (renamed blank nodes, literals it rewrites) validate the same, with
the same locations, whether ``ipco validate`` uses the filled store or fills one from the quads."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, CliRunner
from ipco.errors import IpcoError
from ipco.load import load
from ipco.project import Project, load_reference
from ipco.syntaxes import JSONLD, TURTLE
from ipco.validate import validate_loaded
from test_w3c_shacl import CASES, Case

EXAMPLES = sorted((ROOT / "tests" / "examples").glob("*/*.ttl"))
#: pyoxigraph's labels for anonymous blank nodes: new at each parse, so not comparable across two.
_ANONYMOUS = re.compile(r"\b[0-9a-f]{20,32}\b")


@pytest.fixture(scope="module")
def reference() -> Any:
    return load_reference(Project.bundled())


def _outcome(data: Path | list[Path], shapes: Path | None, reference: Any, *, fill: bool) -> list[str] | str:
    """The results as comparable text (focus, path, component, severity, shape, value, location),
    or the error a refused shapes graph gives."""
    try:
        report = validate_loaded(
            load(data if isinstance(data, list) else [data], fill=fill),
            reference,
            extra_shapes=load([shapes]) if shapes is not None else None,
            ipco_shapes=shapes is None,
        )
    except IpcoError as error:
        return f"{type(error).__name__}: {_ANONYMOUS.sub('_', str(error))}"
    return sorted(
        _ANONYMOUS.sub("_", repr((r.focus, r.path, r.component, r.severity, r.value, str(r.location))))
        for r in report.results
    )


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_w3c_cases_validate_the_same_filled_or_not(case: Case, reference: Any) -> None:
    assert _outcome(case.data, case.shapes, reference, fill=True) == _outcome(
        case.data, case.shapes, reference, fill=False
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_examples_validate_the_same_filled_or_not(path: Path, reference: Any) -> None:
    assert _outcome(path, None, reference, fill=True) == _outcome(path, None, reference, fill=False)


def test_several_files_are_located_each_in_its_own(tmp_path: Path, reference: Any) -> None:
    """Filled, the quads stay in the default graph: each file is told by its place in the list.
    The second file uses an undeclared IPCO class only as a value (located by a scan of the quads)."""
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix ipco: <https://w3id.org/ipco/> .\n\n<https://w3id.org/ipco/x> a ipco:NoSuchClass .\n",
        encoding="utf-8",
    )
    files = [*sorted((ROOT / "tests" / "examples" / "invalid").glob("*.ttl"))[:3], extra]
    filled = _outcome(files, None, reference, fill=True)
    assert filled == _outcome(files, None, reference, fill=False)
    assert any("NoSuchClass" in line and f"{extra}:3:" in line for line in filled)


SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
  sh:property [ sh:path ex:n ; sh:in ( "01"^^xsd:integer "7"^^xsd:int ) ; sh:datatype xsd:int ] ;
  sh:property [ sh:path ex:label ; sh:minCount 1 ] .
"""


def test_literals_the_store_rewrites_are_validated_as_written(tmp_path: Path, cli: CliRunner) -> None:
    """A store filled by pyoxigraph holds "01"^^xsd:integer as "1" and "7"^^xsd:int as an
    xsd:integer: validated from it, ``sh:in`` and ``sh:datatype`` would fail on both."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:a a ex:C ; ex:label "a" ; ex:n "7"^^xsd:int .\n'
        'ex:b a ex:C ; ex:label "b" ; ex:n "01"^^xsd:integer .\n',
        encoding="utf-8",
    )
    run = cli("validate", "--shapes", str(shapes), str(data), "--output-format", "json")
    found = [(r["focusNode"], r["sourceConstraintComponent"], r["line"]) for r in json.loads(run.out)["results"]]
    # "01" is an xsd:integer, not an xsd:int: that result alone (the rewritten values fail sh:in too)
    assert found == [("http://example.org/b", "http://www.w3.org/ns/shacl#DatatypeConstraintComponent", 3)]


def test_blank_nodes_keep_their_labels_and_lines(tmp_path: Path, cli: CliRunner) -> None:
    """A store filled by pyoxigraph renames ``_:x``: the report names it as written, on its line."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <http://example.org/> .\n\n_:mine a ex:C .\n", encoding="utf-8")
    run = cli("validate", "--shapes", str(shapes), str(data))
    assert run.code == 1
    assert "_:mine" in run.out
    assert f"{data}:3:1" in run.out


def test_the_filled_store_holds_the_parsed_quads(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text('<http://a> <http://b> "c", 2 ; <http://d> <http://e> .\n', encoding="utf-8")
    loaded = load([data], syntax=TURTLE, fill=True)
    assert loaded.filled is not None
    store = loaded.filled.store()
    assert store is not None and set(store) == set(loaded.quads)


def test_only_turtle_and_n_triples_are_filled(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonld"
    data.write_text('{"@id": "http://a", "http://b": "c"}', encoding="utf-8")
    loaded = load([data], syntax=JSONLD, fill=True)
    assert loaded.filled is not None and loaded.filled.store() is None
    assert len(loaded.quads) == 1


def test_a_store_fill_failure_is_not_a_result(tmp_path: Path) -> None:
    """A file the Python parse refuses gives its located error, whatever the fill did meanwhile."""
    data = tmp_path / "data.ttl"
    data.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(IpcoError, match=r"data.ttl:1:"):
        load([data], fill=True)


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_triple_terms_are_refused_with_the_file_named(tmp_path: Path, cli: CliRunner, engine: str) -> None:
    """RDF 1.2 triple terms: neither engine reads them (reports are rdflib terms); exit 3, not a crash."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetNode ex:s ; sh:property [ sh:path ex:q ; sh:nodeKind sh:IRI ] .\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <http://example.org/> .\nex:s ex:q <<( _:inner ex:p ex:o )>> .\n", encoding="utf-8")
    run = cli("validate", "--engine", engine, "--shapes", str(shapes), str(data))
    assert run.code == 3, run.err
    assert f"{data}: the data holds an RDF 1.2 triple term" in run.err
