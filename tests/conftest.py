"""Shared fixtures: the checkout, ../shared, the vendored W3C suites, a CLI runner, a built release, the
release served by ``ipco serve`` (module scope), a network guard."""

from __future__ import annotations

import io
import shutil
import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ipco.cli import main
from serve_server import MAX_RESULTS, TIMEOUT, Server, start_server, stop_server

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
#: The W3C test suites and vocabularies the tests use, copied into the repository (tests/w3c/README.md).
W3C = ROOT / "tests" / "w3c"
PROJECT_FOLDERS = ("ontology", "shapes", "data", "sources")


@dataclass
class CliRun:
    """What one ``ipco`` invocation returned and printed."""

    code: int
    out: str
    err: str


CliRunner = Callable[..., CliRun]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Call ``ipco.cli.main`` in-process, optionally in another folder and with standard input."""

    def run(*argv: str, cwd: Path | None = None, stdin: bytes | None = None) -> CliRun:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), stdout=out, stderr=err)
        return CliRun(code, out.getvalue(), err.getvalue())

    return run


def copy_project(target: Path) -> Path:
    """A copy of the checkout's ontology, shapes and data, to build without touching the repo."""
    for folder in PROJECT_FOLDERS:
        shutil.copytree(ROOT / folder, target / folder)
    return target


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "checkout")


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's release, built once per test session."""
    checkout = copy_project(tmp_path_factory.mktemp("release"))
    out = io.StringIO()
    code = main(["build", "-q", "--root", str(checkout), "--out", str(checkout / "dist")], stdout=out, stderr=out)
    assert code == 0, out.getvalue()
    return checkout / "dist"


@pytest.fixture(scope="module")
def server(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The built release, documentation site included, served on a free port."""
    served = tmp_path_factory.mktemp("served") / "dist"
    shutil.copytree(release, served)
    running = start_server(
        served, served.parent / "serve.log", "--timeout", str(TIMEOUT), "--max-results", str(MAX_RESULTS)
    )
    yield running
    stop_server(running)


class NetworkUsed(AssertionError):
    """Raised inside the code under test when it tries to open a connection."""


_guard_active = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _guard_active or _is_local_pipe(event, args):
        return
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
        raise NetworkUsed(f"network access attempted: {event} {args!r}")


def _is_local_pipe(event: str, args: tuple[Any, ...]) -> bool:
    """A Unix-domain socket (``ipco query``'s worker processes talk over one) is not the network."""
    return event == "socket.connect" and getattr(args[0], "family", None) == socket.AF_UNIX


sys.addaudithook(_audit)


@pytest.fixture
def no_network() -> Iterator[None]:
    """Fail the test if the code under test opens a socket or resolves a host name."""
    global _guard_active
    _guard_active = True
    try:
        yield
    finally:
        _guard_active = False
