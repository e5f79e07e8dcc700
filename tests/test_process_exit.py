"""The console script leaves `ipco reason`'s closure to the process exit (``ipco.process_exit``):
the output must still be whole when piped, and the exit code the command's."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from ipco import process_exit
from ipco.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "examples" / "valid"
INCONSISTENT = sorted((ROOT / "tests" / "reasoning" / "inconsistent").glob("*.ttl"))[0]


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ipco", *args], capture_output=True, text=True, check=False)


def test_piped_output_is_whole_and_the_same_as_in_process() -> None:
    example = str(sorted(EXAMPLE.glob("*.ttl"))[0])
    out = StringIO()
    assert main(["reason", "-q", example, "--output-format", "nt"], stdout=out, stderr=StringIO()) == 0
    run = _console("reason", "-q", example, "--output-format", "nt")
    assert run.returncode == 0, run.stderr
    assert run.stdout == out.getvalue()
    assert run.stdout.endswith(" .\n") and run.stdout.count("\n") > 10


def test_an_inconsistent_input_still_exits_1_with_its_explanation() -> None:
    run = _console("reason", "-q", str(INCONSISTENT))
    assert run.returncode == 1
    assert "inconsistent" in run.stderr.lower()


def test_as_a_library_nothing_is_retained() -> None:
    assert not process_exit._enabled
    process_exit.retain(object())
    assert process_exit._retained == []
    process_exit.exit_now(0)  # returns: nothing retained


def test_atexit_handlers_still_run(tmp_path: Path) -> None:
    """Tools that wrap ipco (the hostile-input harness records peak memory so) rely on atexit."""
    marker = tmp_path / "ran"
    hook = tmp_path / "sitecustomize.py"
    hook.write_text(f"import atexit\natexit.register(lambda: open({str(marker)!r}, 'w').close())\n")
    example = str(sorted(EXAMPLE.glob("*.ttl"))[0])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run(
        [sys.executable, "-m", "ipco", "reason", "-q", example, "-o", str(tmp_path / "out.nt")],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert marker.exists()
