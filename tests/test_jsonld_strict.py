"""The release's JSON-LD read by an independent, strict processor: jsonld.js in safe mode.

Safe mode rejects what a lenient processor drops in silence (free-floating values, terms that expand
to nothing), so an importer with a strict pipeline can load every file. ``make jsonld-js`` installs
jsonld.js from ``tests/jsonld-js/package-lock.json``; without Node.js the test is skipped, saying so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from test_jsonld import _pyld

CHECKER = ROOT / "tests" / "jsonld-js"


def _jsonld_js(release: Path) -> dict[str, dict[str, object]]:
    node = shutil.which("node")
    if node is None or not (CHECKER / "node_modules" / "jsonld").is_dir():
        pytest.skip("Node.js or jsonld.js is missing: `make jsonld-js` installs jsonld.js (needs node and npm)")
    files = sorted(str(path) for path in release.glob("*.jsonld"))
    done = subprocess.run(
        [node, str(CHECKER / "check.js"), str(release), *files], capture_output=True, text=True, timeout=300, check=True
    )
    return {entry["file"]: entry for entry in map(json.loads, done.stdout.splitlines())}


def test_jsonld_js_in_safe_mode_reads_every_file_as_pyld_does(release: Path) -> None:
    read = _jsonld_js(release)
    assert len(read) == len(list(release.glob("*.jsonld"))) >= 10
    rejected = {name: entry["error"] for name, entry in read.items() if "error" in entry}
    assert rejected == {}
    for name, entry in read.items():
        if name != "context.jsonld":
            assert entry["quads"] == len(set(_pyld(release / name))), name
