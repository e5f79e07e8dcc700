"""The installed package carries its ontology, shapes and report checks: ``ipco validate`` and
``ipco report`` work from a wheel, far from any checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

THREE = ROOT / "tests" / "fixtures" / "three-violations.ttl"


@pytest.mark.slow
def test_validate_from_an_installed_wheel(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("ipco-*.whl")
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    assert (site / "ipco" / "_resources" / "ontology" / "ipco.ttl").is_file()
    assert (site / "ipco" / "_resources" / "shapes").is_dir()
    assert (site / "ipco" / "vocab" / "shacl-shacl.ttl").is_file()  # checks users' --shapes
    assert (site / "ipco" / "vocab" / "shacl12-shacl.ttl").is_file()  # and their SHACL 1.2 terms
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(THREE, elsewhere / "data.ttl")
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import ipco; print(ipco.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(site))
    run = subprocess.run(
        [sys.executable, "-m", "ipco", "validate", "data.ttl"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert run.returncode == 1, run.stderr
    assert "data.ttl:4:1: violation" in run.stdout

    # A checkout of ontology and shapes alone (no queries/report/) gets the checks the wheel ships.
    assert (site / "ipco" / "_resources" / "queries" / "report" / "missing-label.rq").is_file()
    fork = elsewhere / "fork"
    shutil.copytree(ROOT / "ontology", fork / "ontology")
    shutil.copytree(ROOT / "shapes", fork / "shapes")
    (fork / "ontology" / "unlabelled.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://w3id.org/ipco/Unlabelled> a owl:Class .\n"
    )
    report = subprocess.run(
        [sys.executable, "-m", "ipco", "report", "-q", "--root", "fork", "--output-format", "json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert report.returncode == 1, report.stderr
    checks = {result["sourceConstraintComponent"] for result in json.loads(report.stdout)["results"]}
    assert "https://w3id.org/ipco/report/missing-label" in checks
