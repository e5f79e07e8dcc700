"""Libraries stay quiet: what they log or warn reaches the user as IPCO's own located messages, or not
at all. rdflib logged a ValueError traceback on stderr for every ill-typed literal it built."""

from __future__ import annotations

import logging
import subprocess
import sys
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest

from ipco.convert import to_rdflib_graph

ILL_TYPED = """\
@prefix ipco: <https://w3id.org/ipco/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/x> a org:Organization ;
  ipco:staffCount "abc"^^xsd:integer .
"""


def test_converting_an_ill_typed_literal_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    literal = ox.Literal("abc", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    quad = ox.Quad(ox.NamedNode("http://example.org/x"), ox.NamedNode("http://example.org/p"), literal)
    with caplog.at_level(logging.DEBUG), warnings.catch_warnings():
        warnings.simplefilter("error")
        graph = to_rdflib_graph([quad])
    assert len(graph) == 1
    assert caplog.records == []


@pytest.mark.parametrize("argv", [["validate", "--engine", "reference"], ["reason", "--engine", "reference"]])
def test_an_ill_typed_literal_gives_no_traceback_on_stderr(tmp_path: Path, argv: list[str]) -> None:
    """In a child process: under pytest, the logging plugin's handlers hide what users would see."""
    path = tmp_path / "ill-typed.ttl"
    path.write_text(ILL_TYPED)
    run = subprocess.run(
        [sys.executable, "-m", "ipco", *argv, "-q", str(path)], capture_output=True, text=True, timeout=300
    )
    if argv[0] == "reason":  # an ill-typed literal is an OWL 2 RL inconsistency (dt-not-type), reported once
        assert run.returncode == 1
        assert "Traceback" not in run.stderr and "Failed to convert" not in run.stderr
        assert run.stderr.count(f"{path}:5:19") == 1
        return
    assert run.stderr == ""
    if argv[0] == "validate":
        assert f"{path}:5:19: violation: staff count is a single non-negative integer" in run.stdout
