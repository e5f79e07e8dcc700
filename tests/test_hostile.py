"""The hostile-input corpus (tests/hostile/cases.json) through the real command line.

Each case runs ``python -m ipco ARGV`` in a subprocess, in a fresh work folder, so that crashes,
tracebacks, time and memory are real: under an address-space cap (RLIMIT_AS), with its peak RSS
measured (the child's own ``VmHWM``, else ``os.wait4``), a wall-clock limit, and a network guard
(a ``sitecustomize`` audit hook that refuses and reports any connection or name lookup off the
loopback; when run as root, also an empty network namespace). As root, the command runs without
CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH, so that
"permission denied" cases are real.

Every case also asserts: no traceback, no network access, exit 1 only for a verdict. Cases run
three at a time (the machine's cores are shared); each is still its own test.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT_FOLDERS, ROOT
from hostile.generators import GENERATORS

HOSTILE = ROOT / "tests" / "hostile"
INPUTS = HOSTILE / "inputs"
MANIFEST = HOSTILE / "cases.json"
DEFAULT_SECONDS = 20.0
DEFAULT_MEMORY_MB = 400  # `ipco validate` with IPCO's shapes runs under a 300 MB cap (measured with prlimit)
DEFAULT_RSS_MB = 300
WORKERS = 3
NETWORK_MARK = "IPCO-HOSTILE-NETWORK-GUARD"
#: Where the child writes its own peak RSS in KiB (see GUARD), read instead of wait4's figure.
PEAK_VARIABLE = "IPCO_HOSTILE_PEAK_FILE"
#: Imported first by the child (PYTHONPATH): any connection or lookup off the loopback is refused and reported.
GUARD = f'''
import sys

_LOOPBACK = ("127.0.0.1", "::1", "localhost", None, b"localhost")


def _guard(event, args):
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else None
        if isinstance(address, tuple) and host not in _LOOPBACK:
            sys.stderr.write("{NETWORK_MARK}: connect %r\\n" % (address,))
            raise OSError("network access refused by the hostile-input harness")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex"):
        if args and args[0] not in _LOOPBACK:
            sys.stderr.write("{NETWORK_MARK}: lookup %r\\n" % (args[0],))
            raise OSError("name lookup refused by the hostile-input harness")


sys.addaudithook(_guard)


import os as _os

# Popped, so that only this process writes it (its spawned workers run this file too).
_PEAK_FILE = _os.environ.pop("{PEAK_VARIABLE}", None)


def _write_peak():
    """The child's own peak RSS in KiB, its query workers included: VmHWM belongs to the exec'd
    image, while wait4's ru_maxrss also counts the forked copy of the test session before the exec."""
    import resource

    with open("/proc/self/status") as status:
        own = int(status.read().split("VmHWM:")[1].split()[0])
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(_PEAK_FILE + ".tmp", "w") as out:
        out.write(str(max(own, workers)))
    _os.replace(_PEAK_FILE + ".tmp", _PEAK_FILE)


if _PEAK_FILE:
    import atexit

    atexit.register(_write_peak)
'''


@dataclass(frozen=True)
class Case:
    """One entry of cases.json."""

    category: str
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.category}/{self.spec['id']}"


@dataclass
class Outcome:
    """What the command did: exit code, output, wall time, peak RSS; or why it could not run."""

    code: int
    out: str
    err: str
    seconds: float
    rss_mb: float
    work: Path
    timed_out: bool = False


def _cases() -> list[Case]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return [Case(category, spec) for category, specs in manifest["categories"].items() for spec in specs]


def _setup(case: Case, work: Path) -> None:
    """Prepare the work folder: files, folders, FIFOs, permissions, generated inputs, a checkout."""
    for step in case.spec.get("setup", []):
        action, *args = step
        if action == "copy":
            shutil.copyfile(INPUTS / args[0], work / args[1])
        elif action == "write":
            (work / args[0]).write_text(args[1], encoding="utf-8")
        elif action == "mkdir":
            (work / args[0]).mkdir(parents=True)
        elif action == "mkfifo":
            os.mkfifo(work / args[0])
        elif action == "chmod":
            (work / args[0]).chmod(int(args[1], 8))
        elif action == "symlink":
            (work / args[1]).symlink_to(args[0])
        elif action == "generate":
            GENERATORS[args[0]](work / args[1], **args[2])
        elif action == "checkout":
            for folder in PROJECT_FOLDERS:
                shutil.copytree(ROOT / folder, work / args[0] / folder)
        else:
            raise AssertionError(f"{case.id}: unknown setup step {action!r}")


@cache
def _can_unshare_network() -> bool:
    return bool(shutil.which("unshare")) and subprocess.run(["unshare", "-n", "true"], check=False).returncode == 0


def _command(argv: list[str]) -> list[str]:
    """The child's command line; as root, in an empty network namespace and without DAC override."""
    command = [sys.executable, "-m", "ipco", *argv]
    if os.geteuid() == 0 and shutil.which("setpriv"):
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", *command]
        if _can_unshare_network():
            command = ["unshare", "-n", "--", *command]
    return command


def _run(case: Case, guard_dir: Path) -> Outcome:
    spec = case.spec
    folder = Path(tempfile.mkdtemp(prefix="ipco-hostile-"))
    work = folder / "work"  # the command's own folder; its output is kept beside, in case it deletes this one
    work.mkdir()
    _setup(case, work)
    argv = [arg.replace("{in}", str(INPUTS)) for arg in spec["argv"]]
    limit = spec.get("memory_mb", DEFAULT_MEMORY_MB) * 1024 * 1024
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(guard_dir), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.pop("IPCO_DEBUG", None)
    peak_file = folder / "peak-kib"
    env[PEAK_VARIABLE] = str(peak_file)

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    stdin = (INPUTS / spec["stdin"]).open("rb") if "stdin" in spec else subprocess.DEVNULL
    with (folder / "stdout").open("wb") as out, (folder / "stderr").open("wb") as err:
        start = time.monotonic()
        process = subprocess.Popen(
            _command(argv), cwd=work, stdin=stdin, stdout=out, stderr=err, env=env, preexec_fn=cap_memory
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            process.kill()

        timer = threading.Timer(spec.get("seconds", DEFAULT_SECONDS), kill)
        interrupt = (
            threading.Timer(spec["interrupt_after"], process.send_signal, (signal.SIGINT,))
            if "interrupt_after" in spec
            else None
        )
        timer.start()
        if interrupt:
            interrupt.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - start
        timer.cancel()
        if interrupt:
            interrupt.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
    if stdin is not subprocess.DEVNULL:
        stdin.close()  # type: ignore[union-attr]
    return Outcome(
        code=process.returncode,
        out=(folder / "stdout").read_text(encoding="utf-8", errors="replace"),
        err=(folder / "stderr").read_text(encoding="utf-8", errors="replace"),
        seconds=elapsed,
        # the child's own figure; wait4's (an upper bound) when it died before writing it
        rss_mb=(int(peak_file.read_text()) if peak_file.exists() else usage.ru_maxrss) / 1024,
        work=work,
        timed_out=timed_out.is_set(),
    )


CASES = _cases()
pytestmark = pytest.mark.slow  # a few minutes: about 190 processes


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    """Run the selected cases, WORKERS at a time, once; each test then checks its own."""
    guard_dir = tmp_path_factory.mktemp("network-guard")
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    selected = [
        item.callspec.params["case"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_hostile_case" and hasattr(item, "callspec")
    ]
    with ThreadPoolExecutor(WORKERS) as pool:
        results = dict(zip([c.id for c in selected], pool.map(lambda c: _run(c, guard_dir), selected), strict=True))
    summary = os.environ.get("IPCO_HOSTILE_SUMMARY")
    if summary:  # one line per case: what it did, for the lead's rerun after the fixes are merged
        rows = [
            {"id": i, "exit": o.code, "seconds": round(o.seconds, 2), "rss_mb": round(o.rss_mb)}
            for i, o in results.items()
        ]
        Path(summary).write_text(json.dumps(rows, indent=0) + "\n", encoding="utf-8")
    yield results
    for outcome in results.values():
        for path in outcome.work.rglob("*"):  # let the cleanup through read-only folders
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(outcome.work.parent, ignore_errors=True)


def _search(pattern: str, text: str, flags: int) -> bool:
    """``re.search``, with a ``(?i)`` written inside an alternative of the pattern applied to all of it."""
    if "(?i)" in pattern:
        pattern, flags = pattern.replace("(?i)", ""), flags | re.IGNORECASE
    return re.search(pattern, text, flags) is not None


def _listed(expected: int | list[int]) -> list[int]:
    return expected if isinstance(expected, list) else [expected]


def _param(case: Case) -> Any:
    """A case still open is an xfail with its reason (cases.json ``open``), listed in the closing note."""
    reason = case.spec.get("open")
    marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_hostile_case(case: Case, outcomes: dict[str, Outcome]) -> None:
    spec, outcome = case.spec, outcomes[case.id]
    shown = (
        f"exit {outcome.code}, {outcome.seconds:.1f} s, {outcome.rss_mb:.0f} MB\n"
        f"stdout: {outcome.out[-2000:]!r}\nstderr: {outcome.err[-2000:]!r}"
    )
    assert not outcome.timed_out, f"over the {spec.get('seconds', DEFAULT_SECONDS)} s limit\n{shown}"
    assert NETWORK_MARK not in outcome.err, f"network access attempted\n{shown}"
    assert "Traceback" not in outcome.err + outcome.out, shown
    if outcome.code == 1:
        assert spec.get("verdict"), f"exit 1 is for a verdict only\n{shown}"
    assert outcome.code in _listed(spec["exit"]), f"expected exit {spec['exit']}\n{shown}"
    if "stderr" in spec:
        assert _search(spec["stderr"], outcome.err, re.MULTILINE), f"stderr does not match {spec['stderr']!r}\n{shown}"
    if "stdout" in spec:
        assert _search(spec["stdout"], outcome.out, re.MULTILINE | re.DOTALL), (
            f"stdout does not match {spec['stdout']!r}\n{shown}"
        )
    for pattern in spec.get("forbid", []):
        assert not re.search(pattern, outcome.out + outcome.err), f"{pattern!r} in the output\n{shown}"
    rss_limit = spec.get("rss_mb", DEFAULT_RSS_MB)
    assert outcome.rss_mb <= rss_limit, f"peak RSS over {rss_limit} MB\n{shown}"
    for kept in spec.get("keeps", []):
        assert (outcome.work / kept).exists(), f"{kept} was deleted\n{shown}"


def test_the_corpus_is_all_there() -> None:
    """At least 120 cases, unique ids, every input named exists and every generator is known."""
    assert len(CASES) >= 120
    assert len({case.id for case in CASES}) == len(CASES)
    for case in CASES:
        assert "stdout" in case.spec or "stderr" in case.spec, f"{case.id}: no expected output"
        for step in case.spec.get("setup", []):
            if step[0] == "copy":
                assert (INPUTS / step[1]).is_file(), case.id
            if step[0] == "generate":
                assert step[1] in GENERATORS, case.id
        for arg in case.spec["argv"]:
            if arg.startswith("{in}/"):
                assert (INPUTS / arg.removeprefix("{in}/")).exists(), (case.id, arg)
