"""Copy the W3C suites the tests run from ``../shared`` into ``tests/w3c``: only the files their
manifests reference, so the repository carries what the tests need and nothing more.

Run from the checkout's root: ``python tests/w3c/vendor.py [SHARED]`` (default ``../shared``).
Re-run it after updating ``../shared`` to a newer suite version.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph, Namespace, URIRef

HERE = Path(__file__).resolve().parent
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
RDF_SUITES = ("rdf-turtle", "rdf-n-triples", "rdf-n-quads", "rdf-trig", "rdf-xml")
#: The SHACL 1.2 draft tests ``tests/test_w3c_shacl12.py`` runs: those of the components IPCO has.
SHACL12_COMPONENTS = (
    "singleLine",
    "rootClass",
    "memberShape",
    "minListLength",
    "maxListLength",
    "uniqueMembers",
    "subsetOf",
    "someValue",
)
#: A JSON string value that names a file beside the input (contexts loaded by relative IRI).
_RELATIVE_NAME = re.compile(r'"([\w./-]+\.(?:jsonld|json))"')


def _rdf_suite_files(suite: Path) -> Iterator[Path]:
    """The manifest and every mf:action / mf:result it names (files in the suite's folder)."""
    manifest = suite / "manifest.ttl"
    yield manifest
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    for predicate in (MF.action, MF.result):
        for node in graph.objects(None, predicate):
            if isinstance(node, URIRef) and str(node).startswith(suite.as_uri()):
                yield Path(str(node).removeprefix("file://"))
    for extra in ("README", "README.md", "LICENSE", "LICENSE.md"):
        if (suite / extra).is_file():
            yield suite / extra


def _shacl_files(suite: Path) -> Iterator[Path]:
    """Every manifest reachable by mf:include, and the data and shapes graphs of its tests."""
    pending = [suite / "manifest.ttl"]
    while pending:
        manifest = pending.pop()
        yield manifest
        graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        pending += [Path(str(n).removeprefix("file://")) for n in graph.objects(None, MF.include)]
        for predicate in (SHT.dataGraph, SHT.shapesGraph):
            for node in graph.objects(None, predicate):
                yield Path(str(node).removeprefix("file://"))


def _jsonld_files(tests: Path) -> Iterator[Path]:
    """The toRdf manifest, its inputs, expected outputs and option files, and the contexts those
    inputs load by a relative IRI (and the contexts those load)."""
    manifest = tests / "toRdf-manifest.jsonld"
    yield manifest
    yield tests / "LICENSE.md"
    for test in json.loads(manifest.read_text(encoding="utf-8"))["sequence"]:
        named = [test.get("input"), test.get("expect"), test.get("option", {}).get("expandContext")]
        for name in filter(None, named):
            path = tests / name
            if not path.is_file():
                continue
            yield from _with_contexts(path)


def _with_contexts(path: Path) -> Iterator[Path]:
    """``path`` and the context files it loads by a relative IRI, and theirs, transitively."""
    pending, seen = [path], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        yield current
        if current.suffix in (".jsonld", ".json"):
            for name in _RELATIVE_NAME.findall(current.read_text(encoding="utf-8", errors="replace")):
                if (current.parent / name).is_file():
                    pending.append((current.parent / name).resolve())


def _shacl12_files(suite: Path) -> Iterator[Path]:
    """The draft's test files of ``SHACL12_COMPONENTS`` (each file is its own manifest), if present."""
    for path in sorted(suite.glob("tests/core/*/*.ttl")):
        if path.name.split("-")[0] in SHACL12_COMPONENTS and "incomplete" not in path.name:
            yield path


def vendor(shared: Path) -> int:
    """Copy the files; returns how many were copied."""
    shared = shared.resolve()
    source = shared / "w3c"
    wanted: set[Path] = {source / "LICENSE.md"}
    for name in RDF_SUITES:
        wanted.update(_rdf_suite_files(source / "rdf" / "rdf11" / name))
    for name in ("core", "sparql"):
        wanted.update(_shacl_files(source / "data-shapes-test-suite" / "tests" / name))
    wanted.add(source / "data-shapes-test-suite" / "tests" / "manifest.ttl")
    wanted.update(_jsonld_files(source / "json-ld-api" / "tests"))
    wanted.update(_shacl12_files(source / "shacl12-test-suite"))
    for path in sorted(wanted):
        target = HERE / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    vocab = HERE / "vocab"
    vocab.mkdir(exist_ok=True)
    shutil.copyfile(shared / "vocab" / "dcat3.ttl", vocab / "dcat3.ttl")
    return len(wanted) + 1


if __name__ == "__main__":
    print(f"copied {vendor(Path(sys.argv[1]) if len(sys.argv) > 1 else Path('../shared'))} files")
