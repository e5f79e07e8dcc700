"""The installed package carries its ontology and shapes: ``ipco validate`` works from a wheel,
far from any checkout."""

from __future__ import annotations

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
