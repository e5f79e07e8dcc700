"""Crash safety at scale: kill -9 ``ipco build`` at random moments and check what is left.

After each SIGKILL the release folder must hold a whole release, the previous one or the new one:
every file SHA256SUMS lists exists with that hash, no file is missing or extra, and the whole tree
(site included) is byte-identical to a reference build. Staging folders a kill leaves
(``.dist.new-*``, ``.dist.old-*``) must be gone once a build completes.

    .venv/bin/python scripts/crash_test.py --kills 100 --seed 1

Works on a copy of the checkout's ontology, shapes and data in a temporary folder; exit 0 when
every release survived and no debris is left, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FOLDERS = ("ontology", "shapes", "data")
#: In a release but not in SHA256SUMS: the checksums themselves, the marker, the site's pages.
UNLISTED = ("SHA256SUMS", ".ipco-release")


@dataclass
class Tally:
    """What the kills did, for the summary line."""

    kills: int = 0
    finished_before_kill: int = 0
    survivals: int = 0
    debris_seen: int = 0
    failures: list[str] = field(default_factory=list)


def tree_digests(folder: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def release_problem(release: Path, reference: dict[str, str]) -> str | None:
    """Why ``release`` is not a whole release, or None when it is one."""
    if not (release / "SHA256SUMS").is_file():
        return "no SHA256SUMS"
    digests = tree_digests(release)
    listed: dict[str, str] = {}
    for line in (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    for name, digest in listed.items():
        if digests.get(name) != digest:
            return f"{name}: missing or wrong hash"
    extra = [n for n in digests if n not in listed and n not in UNLISTED and not n.startswith("site/")]
    if extra:
        return f"files not in SHA256SUMS: {extra[:3]}"
    if digests != reference:
        return "differs from the reference build"
    return None


def debris(release: Path) -> list[Path]:
    """Staging folders (and the lock file) of ``release`` left in its parent folder."""
    prefix = f".{release.name}."
    return [p for p in release.parent.iterdir() if p.name.startswith(prefix)]


def build_command(checkout: Path, release: Path) -> list[str]:
    return [sys.executable, "-m", "ipco", "build", "-q", "--root", str(checkout), "--out", str(release)]


def run(kills: int, seed: int, source: Path) -> Tally:
    """Build once for reference and timing, then kill ``kills`` builds at random moments."""
    rng = random.Random(seed)
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="ipco-crash-") as scratch:
        checkout = Path(scratch) / "checkout"
        for folder in PROJECT_FOLDERS:
            shutil.copytree(source / folder, checkout / folder)
        release = checkout / "dist"
        started = time.monotonic()
        subprocess.run(build_command(checkout, release), check=True, capture_output=True)
        duration = time.monotonic() - started
        reference = tree_digests(release)
        print(f"reference build: {len(reference)} files in {duration:.1f} s; {kills} kills, seed {seed}", flush=True)
        for number in range(1, kills + 1):
            delay = rng.uniform(0, duration)
            process = subprocess.Popen(
                build_command(checkout, release), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(delay)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            else:
                tally.finished_before_kill += 1
            process.wait()
            tally.kills += 1
            problem = release_problem(release, reference) if release.is_dir() else "no release folder"
            if problem is None:
                tally.survivals += 1
            else:
                tally.failures.append(f"kill {number} after {delay:.2f} s: {problem}")
            tally.debris_seen = max(tally.debris_seen, len(debris(release)))
        subprocess.run(build_command(checkout, release), check=True, capture_output=True)
        left = debris(release)
        if release_problem(release, reference) is not None:
            tally.failures.append("the final build's release is not whole")
        if left:
            tally.failures.append(f"debris after the final build: {[p.name for p in left]}")
        print(f"survivals: {tally.survivals}/{tally.kills}", flush=True)
        print(f"builds that finished before their kill: {tally.finished_before_kill}")
        print(f".dist.* entries present after a kill (most at once): {tally.debris_seen}")
        print(f"debris left after the next successful build: {len(left)}")
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=100, help="number of SIGKILLs (default: 100)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill moments (default: 1)")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose data to build (default: this one)")
    args = parser.parse_args()
    tally = run(args.kills, args.seed, args.root)
    for failure in tally.failures:
        print(f"FAIL {failure}")
    return 0 if not tally.failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
