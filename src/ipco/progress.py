"""How stages announce long steps without printing: the caller passes a Progress, the CLI prints."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol, TextIO


class Progress(Protocol):
    """Something that can be told a named step starts and ends."""

    def stage(self, name: str) -> AbstractContextManager[None]:
        """A context that lasts as long as the step."""


class Silent:
    """Progress that says nothing (the default for library calls and ``-q``)."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        yield


class StderrProgress:
    """Announces a step on stderr only once it has run for ``delay`` seconds, then its duration.

    Short steps stay silent, so fast commands print nothing but their result. On a terminal, a
    long step shows a moving bar with the elapsed time, redrawn in place; in a log (CI), one line
    when it starts and one when it ends.
    """

    def __init__(self, stream: TextIO | None = None, delay: float = 1.0, interval: float = 0.1) -> None:
        self.stream = stream or sys.stderr
        self.delay = delay
        self.interval = interval
        isatty = getattr(self.stream, "isatty", None)
        self.terminal = bool(isatty and isatty())

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        finished = threading.Event()
        announced = threading.Event()

        def report() -> None:
            if finished.wait(self.delay):
                return
            announced.set()
            if not self.terminal:
                print(f"ipco: {name}…", file=self.stream, flush=True)
                return
            while not finished.wait(self.interval):
                self.stream.write(f"\r{bar(name, time.perf_counter() - started)}")
                self.stream.flush()

        reporter = threading.Thread(target=report, daemon=True)
        reporter.start()
        try:
            yield
        finally:
            finished.set()
            reporter.join()
            if announced.is_set():
                elapsed = time.perf_counter() - started
                erase = "\r\x1b[2K" if self.terminal else ""
                print(f"{erase}ipco: {name} done in {elapsed:.1f} s", file=self.stream, flush=True)


def bar(name: str, elapsed: float, width: int = 24) -> str:
    """An indeterminate progress bar: a block sweeping across, with the elapsed time (the stages
    run inside Rust libraries that report no fraction done)."""
    position = int(elapsed * 8) % (2 * (width - 3))
    start = position if position < width - 3 else 2 * (width - 3) - position
    cells = " " * start + "###" + " " * (width - 3 - start)
    return f"ipco: {name} [{cells}] {elapsed:5.1f} s"


SILENT = Silent()
