"""The user's files are safe: outputs never delete what IPCO did not write, get the user's umask,
and an interrupted or killed build leaves a release and no debris."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, CliRunner
from ipco import atomic
from ipco.atomic import OutputNotWritable, OutputRefused, replace_release, write_file

FIXTURE = str(ROOT / "tests" / "fixtures" / "three-violations.ttl")


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- ipco build --out never deletes what is not a previous release --------------------------------


def test_build_refuses_to_replace_a_regular_file(cli: CliRunner, project_copy: Path) -> None:
    precious = project_copy / "thesis.txt"
    precious.write_text("four years of work\n")
    run = cli("build", "-q", "--root", str(project_copy), "--out", str(precious))
    assert run.code == 2
    assert "error[output-refused]" in run.err and "thesis.txt" in run.err and "hint:" in run.err
    assert precious.read_text() == "four years of work\n"


def test_build_refuses_a_folder_of_someone_s_work(cli: CliRunner, project_copy: Path) -> None:
    work = project_copy / "notes"
    (work / "deep").mkdir(parents=True)
    (work / "deep" / "draft.md").write_text("draft\n")
    run = cli("build", "-q", "--root", str(project_copy), "--out", str(work))
    assert run.code == 2
    assert "not an IPCO release" in run.err
    assert (work / "deep" / "draft.md").read_text() == "draft\n"


def test_build_out_dot_keeps_the_checkout_and_its_git(cli: CliRunner, project_copy: Path) -> None:
    (project_copy / ".git").mkdir()
    (project_copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    run = cli("build", "-q", "--out", ".", cwd=project_copy)
    assert run.code == 2
    assert "Traceback" not in run.err
    assert (project_copy / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (project_copy / "data").is_dir()


def test_build_out_under_a_file_is_bad_input(cli: CliRunner, project_copy: Path) -> None:
    (project_copy / "plain").write_text("x")
    run = cli("build", "-q", "--root", str(project_copy), "--out", str(project_copy / "plain" / "dist"))
    assert run.code == 2
    assert "error[output-not-writable]" in run.err


def test_a_release_an_empty_folder_and_a_missing_path_may_be_replaced(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy"  # built before the marker: SHA256SUMS and void.ttl
    legacy.mkdir()
    (legacy / "SHA256SUMS").write_text("")
    (legacy / "void.ttl").write_text("")
    (tmp_path / "empty").mkdir()
    for target in (legacy, tmp_path / "empty", tmp_path / "missing" / "dist"):
        replace_release(target, {"a.txt": b"one"})
        assert sorted(p.name for p in target.iterdir()) == [atomic.RELEASE_MARKER, "a.txt"]
        replace_release(target, {"b.txt": b"two"})  # and the marker makes it replaceable again
        assert sorted(p.name for p in target.iterdir()) == [atomic.RELEASE_MARKER, "b.txt"]


# -- -o / --output of every command ---------------------------------------------------------------


def test_output_onto_a_folder_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "kept.txt").write_text("kept")
    run = cli("validate", FIXTURE, "--output-format", "json", "-o", str(tmp_path / "reports"))
    assert run.code == 2
    assert "error[output-refused]" in run.err
    assert (tmp_path / "reports" / "kept.txt").read_text() == "kept"


def test_output_under_a_file_is_bad_input(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    run = cli("validate", FIXTURE, "--output-format", "json", "-o", str(tmp_path / "plain" / "report.json"))
    assert run.code == 2
    assert "error[output-not-writable]" in run.err and "plain" in run.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_output_into_a_read_only_folder_is_bad_input(cli: CliRunner, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    run = cli("validate", FIXTURE, "--output-format", "json", "-o", str(locked / "report.json"))
    assert run.code == 2
    assert "error[output-not-writable]" in run.err


def test_a_permission_error_while_writing_is_bad_input(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read-only case as root sees it in CI: the OS refuses the temporary file."""

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    run = cli("validate", FIXTURE, "--output-format", "json", "-o", str(tmp_path / "report.json"))
    assert run.code == 2
    assert "Permission denied" in run.err and "report.json" in run.err


def test_output_overwrites_an_existing_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    target.chmod(0o640)
    write_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o640


def test_write_file_errors_are_ipco_errors(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused):
        write_file(tmp_path, b"x")
    (tmp_path / "plain").write_text("x")
    with pytest.raises(OutputNotWritable):
        write_file(tmp_path / "plain" / "out", b"x")


# -- permissions follow the user's umask ----------------------------------------------------------


def test_outputs_get_the_user_s_umask(umask_022: None, tmp_path: Path) -> None:
    write_file(tmp_path / "report.json", b"{}")
    assert _mode(tmp_path / "report.json") == 0o644
    replace_release(tmp_path / "dist", {"ipco.nq": b"", "site/index.html": b""})
    assert _mode(tmp_path / "dist") == 0o755
    assert _mode(tmp_path / "dist" / "site") == 0o755
    assert _mode(tmp_path / "dist" / "ipco.nq") == 0o644
    assert _mode(tmp_path / "dist" / "site" / "index.html") == 0o644


def test_a_stricter_umask_is_respected(tmp_path: Path) -> None:
    previous = os.umask(0o077)
    try:
        write_file(tmp_path / "private.json", b"{}")
        replace_release(tmp_path / "dist", {"ipco.nq": b""})
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "private.json") == 0o600
    assert _mode(tmp_path / "dist") == 0o700


# -- debris of killed builds ----------------------------------------------------------------------


def test_stale_staging_folders_of_the_target_are_removed(tmp_path: Path) -> None:
    stale = [tmp_path / ".dist.new-abcd_123", tmp_path / ".dist.old-zz99yy88"]
    kept = [tmp_path / ".dist.new-notours-at-all", tmp_path / ".other.new-abcd_123", tmp_path / "dist.new-abcd_123"]
    for folder in stale + kept:
        folder.mkdir()
        (folder / "ipco.nq").write_bytes(b"x" * 1000)
    replace_release(tmp_path / "dist", {"ipco.nq": b""})
    assert not any(folder.exists() for folder in stale)
    assert all(folder.exists() for folder in kept)
    assert not (tmp_path / ".dist.lock").exists()


def test_make_clean_removes_staging_folders(tmp_path: Path) -> None:
    for name in ("dist", ".dist.new-abcd_123", ".dist.old-abcd_123"):
        (tmp_path / name).mkdir()
    (tmp_path / ".dist.lock").write_text("")
    subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "clean"], cwd=tmp_path, check=True)
    assert list(tmp_path.iterdir()) == []


# -- Ctrl-C ---------------------------------------------------------------------------------------


def test_ctrl_c_during_the_swap_still_reports_success(
    cli: CliRunner, project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new release is in place when the Ctrl-C arrives: the build did not fail."""
    out = project_copy / "dist"
    out.mkdir()
    for name in ("SHA256SUMS", "void.ttl"):  # an earlier release, so the swap has one to replace
        (out / name).write_text("old\n")
    real_fsync_directory = atomic._fsync_directory

    def interrupt_once_swapped(directory: Path) -> None:
        if directory == out.parent and (out / "ipco.nq").exists():
            os.kill(os.getpid(), signal.SIGINT)
        real_fsync_directory(directory)

    monkeypatch.setattr(atomic, "_fsync_directory", interrupt_once_swapped)
    run = cli("build", "-q", "--root", str(project_copy), "--out", str(out))
    assert (out / "ipco.nq").exists()
    assert "interrupted" not in run.err
    assert run.code == 0


@pytest.mark.parametrize("delay", [0.5, 1.2, 3.0])
def test_ctrl_c_during_a_build_is_a_clean_exit_130(project_copy: Path, delay: float) -> None:
    """From the first imports to the export: no traceback, and the previous release untouched."""
    release = project_copy / "dist"
    release.mkdir()
    (release / atomic.RELEASE_MARKER).write_text("ipco-release 1\n")
    (release / "ipco.nq").write_text("previous\n")
    command = [sys.executable, "-m", "ipco", "build", "-q", "--root", str(project_copy)]
    process = subprocess.Popen(command, cwd=project_copy, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the build finished before the Ctrl-C")
    assert process.returncode == 130, err.decode()
    assert err.decode() == "ipco: interrupted\n"
    assert (release / "ipco.nq").read_text() == "previous\n"


@pytest.mark.slow
def test_kill_9_at_random_moments_leaves_a_whole_release_and_no_debris() -> None:
    """scripts/crash_test.py with a few kills (the report quotes it with 100)."""
    command = [sys.executable, str(ROOT / "scripts" / "crash_test.py"), "--kills", "8", "--seed", "12"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "survivals: 8/8" in run.stdout
    assert "debris left after the next successful build: 0" in run.stdout


def test_pieces_are_written_as_one_file(tmp_path: Path) -> None:
    """`ipco reason` writes N-Triples in pieces (a ten-million-line output is never joined in memory)."""
    target = tmp_path / "out.nt"
    write_file(target, iter([b"<a> <b> <c> .\n", b"<d> <e> <f> .\n"]))
    assert target.read_bytes() == b"<a> <b> <c> .\n<d> <e> <f> .\n"
