"""Careful writes of the user's files.

A failed, interrupted or killed run never leaves a half-written file or release behind, and never
deletes or replaces anything that is not a previous IPCO release: ``--out`` and ``-o`` are paths
the user types, and a typo (``--out .``, ``--out ~/thesis``) must not cost them their work.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ipco.errors import IpcoError

#: Written into every release, so that a later build knows the folder is its own to replace.
RELEASE_MARKER = ".ipco-release"
RELEASE_FORMAT = 1
#: Releases built before the marker existed hold these two files; they may be replaced too.
LEGACY_RELEASE_FILES = ("SHA256SUMS", "void.ttl")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class OutputRefused(IpcoError):
    """The output path holds something IPCO did not write (a folder of work, a file, the checkout)."""

    code = "output-refused"


class OutputNotWritable(IpcoError):
    """The output path cannot be written: read-only folder, a parent that is a file, a full disk."""

    code = "output-not-writable"


def write_file(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or pieces of them) to ``path`` through a temporary file in the same
    folder, fsync, rename.

    An existing regular file is replaced (an explicit output path) and keeps its permissions; a new
    file gets the user's umask, as a plain ``open`` would give it.
    """
    if path.is_dir():
        raise OutputRefused(
            f"{path}: is a folder; the output is a file and IPCO does not replace folders",
            hint=f"name a file, e.g. {path / 'report.txt'}",
        )
    try:
        mode = _file_mode(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise _not_writable(path, error) from None
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), mode)
            if isinstance(data, bytes):
                out.write(data)
            else:
                out.writelines(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _not_writable(path, error) from None
        raise
    _fsync_directory(path.parent)


def is_release(folder: Path) -> bool:
    """Whether ``folder`` is a release IPCO built (marker file, or the files of older releases)."""
    if (folder / RELEASE_MARKER).is_file():
        return True
    return all((folder / name).is_file() for name in LEGACY_RELEASE_FILES)


def check_replaceable(target: Path) -> None:
    """Refuse a release target that holds something else than a previous release.

    Called before the build starts, so a mistyped ``--out`` fails at once, and again before the swap.
    """
    if not os.path.lexists(target):
        _check_creatable(target)
        return
    if not target.is_dir():
        raise OutputRefused(
            f"{target}: exists and is not a folder; ipco build replaces only a previous release",
            hint="choose another --out (a new or empty folder, or a previous release), or move the file away",
        )
    if is_release(target):
        return
    try:
        with os.scandir(target) as entries:
            empty = next(entries, None) is None
    except OSError as error:
        raise _not_writable(target, error) from None
    if not empty:
        raise OutputRefused(
            f"{target}: is a folder that is not an IPCO release (it has no {RELEASE_MARKER}); "
            "building into it would delete what it holds",
            hint="choose a new or empty folder for --out, or the folder of a previous release",
        )


def _check_creatable(target: Path) -> None:
    """A missing target can be made only if its nearest existing ancestor is a folder we may write."""
    ancestor = target.parent
    while not os.path.lexists(ancestor) and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise _not_writable(target, NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)))
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise _not_writable(target, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))


def replace_release(target: Path, files: Mapping[str, bytes]) -> None:
    """Make ``target`` hold exactly ``files`` (relative path → content) and the release marker.

    Everything is written into a staging folder beside ``target`` and swapped in by one atomic
    rename (``renameat2(RENAME_EXCHANGE)`` on Linux), so an error, Ctrl-C or kill -9 at any moment
    leaves either the previous release or the new one. Staging folders a killed build left behind
    are removed by the next build of the same target.
    """
    shown = target
    target = target.resolve()
    check_replaceable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _target_lock(target):
            remove_stale_staging(target)
            check_replaceable(target)
            staging = _stage(target, files)
            try:
                _commit(staging, target)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
    except OSError as error:
        raise _not_writable(shown, error) from None


def staging_pattern(target: Path) -> re.Pattern[str]:
    """Names of the staging folders of ``target``: ``.NAME.new-XXXXXXXX`` and ``.NAME.old-XXXXXXXX``."""
    return re.compile(rf"\.{re.escape(target.name)}\.(?:new|old)-[a-z0-9_]{{8}}")


def remove_stale_staging(target: Path) -> None:
    """Remove staging folders of ``target`` left by killed builds; call with the target's lock held,
    so that none of them belongs to a build still running."""
    pattern = staging_pattern(target)
    for entry in sorted(target.parent.iterdir()):
        if pattern.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _stage(target: Path, files: Mapping[str, bytes]) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it 0700; the release is for everyone
        for relative, data in [*sorted(files.items()), (RELEASE_MARKER, f"ipco-release {RELEASE_FORMAT}\n".encode())]:
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            with open(destination, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        _fsync_directory(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _commit(staging: Path, target: Path) -> None:
    """Swap the staged release in, with Ctrl-C held back: once the swap is done the build is done."""
    with _interrupts_deferred():
        if not target.exists():
            os.replace(staging, target)
            _fsync_directory(target.parent)
            return
        if _exchange(staging, target):
            retired = staging  # now holds the previous release
        else:
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            retired.rmdir()
            os.replace(target, retired)
            try:
                os.replace(staging, target)
            except BaseException:
                os.replace(retired, target)
                raise
        _fsync_directory(target.parent)
        shutil.rmtree(retired, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths with Linux's renameat2; False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Block SIGINT; a Ctrl-C pressed meanwhile is dropped, as the work it would stop is finished."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if signal.SIGINT not in previous and signal.SIGINT in signal.sigpending():
            signal.sigtimedwait({signal.SIGINT}, 0)
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def _target_lock(target: Path) -> Iterator[None]:
    """Hold ``.NAME.lock`` beside the target: builds of one target take turns, and a staging folder
    seen while holding it belongs to no running build."""
    lock_path = target.parent / f".{target.name}.lock"
    while True:
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            with contextlib.suppress(FileNotFoundError):
                if lock_path.stat().st_ino == os.fstat(descriptor).st_ino:
                    break  # still the lock file (not one a finishing build just removed)
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)
    try:
        yield
    finally:
        lock_path.unlink(missing_ok=True)
        os.close(descriptor)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _not_writable(path: Path, error: OSError) -> OutputNotWritable:
    reason = error.strerror or str(error)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "choose a folder you can write to"
    elif error.errno in (errno.ENOTDIR, errno.EEXIST):
        hint = f"a parent of {path} is a file, not a folder: choose another path"
    elif error.errno == errno.ENOSPC:
        hint = "free some disk space, then run the command again"
    else:
        hint = "check the path and the permissions of its folder"
    return OutputNotWritable(f"{path}: cannot write: {reason}", hint=hint)


def _fsync_directory(directory: Path) -> None:
    """Persist a rename (POSIX needs the folder fsynced too)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
