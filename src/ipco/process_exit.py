"""Leaving a command's largest objects to the process exit instead of freeing them one by one.

Freeing a few million Python objects costs seconds (about 2 s of ``ipco reason`` at a million
triples: each term, tuple and set entry of the closure), while the operating system reclaims a
process's memory at once. So the console script turns retention on (``enable``); a command hands
its large objects to ``retain``; and once the exit code is known, ``exit_now`` flushes the standard
streams and ends the process with ``os._exit`` if anything was retained. Called as a library (tests,
``ipco.cli.main``, ``ipco.build``), retention stays off and lifetimes are the usual ones.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from contextlib import suppress

_retained: list[object] = []
_enabled = False


def enable() -> None:
    """Let ``retain`` keep objects (the console script only)."""
    global _enabled
    _enabled = True


def retain(*objects: object, frozen: bool = False) -> None:
    """Keep ``objects`` alive until the process ends, when ``enable`` was called; else do nothing.
    With ``frozen``, the cyclic collector also skips every object alive now (``gc.freeze``): after
    a pause (``gc_pause``) its first collection would otherwise walk the million quads built
    meanwhile, which the process will never free (0.5 s at 1M triples)."""
    if _enabled:
        _retained.append(objects)
        if frozen:
            gc.freeze()


def exit_now(code: int) -> None:
    """End the process with ``code`` at once if objects were retained (the ``atexit`` handlers run
    and the streams flushed first, so other code's exit work still happens); return otherwise, for a
    normal exit. Output files are closed by then: every write is atomic."""
    if _retained and sys.getprofile() is None:  # ``python -m cProfile`` writes its profile once we return
        atexit._run_exitfuncs()  # what a normal exit runs before tearing the objects down
        for stream in (sys.stdout, sys.stderr):
            with suppress(OSError, ValueError):  # a closed or broken pipe: nothing more to say on it
                stream.flush()
        os._exit(code)
