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

    Short steps stay silent, so fast commands print nothing but their result.
    """

    def __init__(self, stream: TextIO | None = None, delay: float = 1.0) -> None:
        self.stream = stream or sys.stderr
        self.delay = delay

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        announced = threading.Event()

        def announce() -> None:
            announced.set()
            print(f"ipco: {name}…", file=self.stream, flush=True)

        timer = threading.Timer(self.delay, announce)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            if announced.is_set():
                elapsed = time.perf_counter() - started
                print(f"ipco: {name} done in {elapsed:.1f} s", file=self.stream, flush=True)


SILENT = Silent()
