"""Build: deterministic, atomic, refuses non-conforming data, offline, asserted and inferred apart."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import CliRunner, copy_project
from ipco import atomic
from ipco.atomic import OutputNotWritable
from ipco.build import PARTS, build
from ipco.project import INFERRED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, Project
from ipco.publish.variants import VARIANTS

GRAPH_EXTENSIONS = ("ttl", "nt", "rdf", "jsonld")


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build_in_subprocess(checkout: Path, out: str, seed: str, *, cwd: Path | None = None) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    root = ["--root", str(checkout)] if cwd is None else []
    command = [sys.executable, "-m", "ipco", "build", "-q", *root, "--out", out]
    subprocess.run(command, check=True, env=env, capture_output=True, cwd=cwd or checkout.parent)


def test_release_files(release: Path) -> None:
    expected = (
        {f"{part}.{ext}" for part in (*PARTS, *VARIANTS) for ext in GRAPH_EXTENSIONS}
        | {"ipco.trig", "ipco.nq", "SHA256SUMS"}
        | {"context.jsonld", "data.compact.jsonld", "inferred.compact.jsonld", "organisations.jsonld", "sources.jsonld"}
        | {"void.ttl", "void.jsonld", "site", ".ipco-release"}
    )
    assert {p.name for p in release.iterdir()} == expected
    for line in (release / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest


def test_dataset_has_a_named_graph_per_part_and_per_data_file(release: Path, project_copy: Path) -> None:
    graphs = {q.graph_name.value for q in ox.parse(path=str(release / "ipco.nq"))}
    data_graphs = {f"https://w3id.org/ipco/graph/{p.stem}" for p in (project_copy / "data").glob("*.ttl")}
    assert graphs == {ONTOLOGY_GRAPH, SHAPES_GRAPH, INFERRED_GRAPH} | data_graphs


def test_inferred_and_asserted_are_disjoint(release: Path) -> None:
    def triples(name: str) -> set[str]:
        return {str(q.triple) for q in ox.parse(path=str(release / name))}

    inferred = triples("inferred.nt")
    assert inferred
    assert not inferred & (triples("data.nt") | triples("ontology.nt"))


@pytest.mark.slow
def test_builds_are_byte_identical_across_hash_seeds_and_places(project_copy: Path, tmp_path: Path) -> None:
    """Five hash seeds; --root absolute, run from inside the checkout, and a copy at another path."""
    elsewhere = copy_project(tmp_path / "somewhere" / "else" / "ipco")
    _build_in_subprocess(project_copy, str(tmp_path / "one"), "0")
    _build_in_subprocess(project_copy, "dist", "1", cwd=project_copy)
    _build_in_subprocess(elsewhere, str(tmp_path / "three"), "4242")
    _build_in_subprocess(elsewhere, "dist", "31337", cwd=elsewhere)
    _build_in_subprocess(project_copy, str(tmp_path / "five"), "random")
    reference = _digests(tmp_path / "one")
    assert reference["SHA256SUMS"] and any(name.startswith("site/") for name in reference)
    for release in (project_copy / "dist", tmp_path / "three", elsewhere / "dist", tmp_path / "five"):
        assert _digests(release) == reference, release


def test_failure_mid_export_leaves_the_previous_release_intact(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    build(Project.checkout(project_copy), out)
    before = _digests(out)
    calls = 0
    real_fsync = os.fsync

    def failing_fsync(descriptor: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(OutputNotWritable, match="No space left"):
        build(Project.checkout(project_copy), out)
    assert _digests(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkout", "dist"]  # no staging folder left


def test_non_conforming_data_exports_nothing(cli: CliRunner, project_copy: Path) -> None:
    (project_copy / "data" / "zz-broken.ttl").write_text(
        "@prefix ipco: <https://w3id.org/ipco/> .\n"
        "@prefix ipcoid: <https://w3id.org/ipco/id/> .\n"
        "ipcoid:nameless a ipco:IntelligenceService .\n"
    )
    run = cli("build", "-q", "--root", str(project_copy), "--out", str(project_copy / "dist"))
    assert run.code == 1
    assert "zz-broken.ttl:3:1: violation" in run.out
    assert "nothing was exported" in run.err
    assert not (project_copy / "dist").exists()


def test_build_opens_no_socket(project_copy: Path, tmp_path: Path, no_network: None) -> None:
    summary = build(Project.checkout(project_copy), tmp_path / "dist")
    assert summary.triple_counts["data"] > 0


def test_build_outside_a_checkout_is_a_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    run = cli("build", cwd=tmp_path)
    assert run.code == 2
    assert "not an IPCO checkout" in run.err
    assert "Traceback" not in run.err


def test_fast_and_reference_reasoners_agree_on_the_project(project_copy: Path) -> None:
    from ipco.build import infer
    from ipco.project import load_reference

    project = Project.checkout(project_copy)
    reference, data = load_reference(project), project.load_data()
    fast = {str(q) for q in infer(reference, data, engine="fast")}
    assert fast == {str(q) for q in infer(reference, data, engine="reference")}
