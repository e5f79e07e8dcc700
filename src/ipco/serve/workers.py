"""Query worker processes: the only way to stop a runaway SPARQL query.

pyoxigraph evaluates a query in Rust with no way to interrupt it, so queries run in worker
processes (started with ``spawn``, never forked from the server) that each hold a copy of the small
release. A query past its time limit is stopped by killing its process (the CPU is freed at once),
and a fresh worker takes its place in the background.

Two lanes of workers keep ordinary queries fast while pathological ones run out their time limit.
Every query starts in the fast lane; one still running there after ``FAST_LIMIT`` seconds is
stopped and run again in the long lane (fewer workers, the full time limit), and remembered: the
same query goes straight to the long lane next time. Long queries thus queue among themselves, and
the fast lane stays free for the queries that answer in milliseconds; the long lane also runs at a
lower CPU priority, so its runaway queries take only the CPU the others leave. A remembered query
that then answers within ``FAST_LIMIT`` (it was only slow because the machine was busy) is
forgotten again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ipco.errors import IpcoError
from ipco.query import open_release
from ipco.serve.cache import AnswerCache, deterministic, release_version
from ipco.serve.formats import Response, error_response
from ipco.serve.sparql import SparqlRequest, answer_query, release_graphs

#: Address space a worker may use: a query that would take more dies alone, not the machine.
WORKER_MEMORY = 3 << 30
#: Seconds a query may run in the fast lane before it moves to the long lane.
FAST_LIMIT = 1.0
#: Long-lane workers run at a lower CPU priority: a runaway query gets what the fast lane leaves.
LONG_NICENESS = 10
#: Queries remembered as slow (they start in the long lane).
_SLOW_MEMORY = 4096
_READY = "ready"
_RETRY = ("Retry-After", "5")


def _worker_main(connection: Connection, release_dir: str, max_results: int, memory: int, niceness: int) -> None:
    """A query worker: load the release, then answer requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server decides
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    import resource  # POSIX only: imported here so that ``ipco`` itself still loads elsewhere

    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    with contextlib.suppress(ValueError, OSError):  # a system without this limit
        resource.setrlimit(resource.RLIMIT_AS, (memory if hard == resource.RLIM_INFINITY else min(memory, hard), hard))
    os.nice(niceness)
    try:
        version: str | None = release_version(Path(release_dir))
        store = open_release(Path(release_dir))
        if release_version(Path(release_dir)) != version:  # rebuilt while loading: which one is this?
            version = None
    except IpcoError as error:
        connection.send(error.message)
        return
    except OSError as error:
        connection.send(f"{release_dir}/ipco.nq: {error.strerror}")
        return
    graphs = release_graphs(store)
    connection.send((_READY, version))
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            response = answer_query(store, graphs, request, max_results)
        except MemoryError:
            response = _too_big()
        except Exception as error:  # a bug must not take the worker down with it
            response = error_response(HTTPStatus.INTERNAL_SERVER_ERROR, f"{type(error).__name__}: {error}")
        connection.send(response)


def _exit_with_parent(parent: int) -> None:
    """End the worker when the server is gone, even in the middle of a query (which frees the GIL)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _settle(future: asyncio.Future[None]) -> None:
    """Mark the pipe readable (the reader may fire again before it is removed)."""
    if not future.done():
        future.set_result(None)


def _too_big() -> Response:
    return error_response(
        HTTPStatus.SERVICE_UNAVAILABLE,
        "the query needed more memory than a query worker has and was stopped; narrow it down",
        _RETRY,
    )


@dataclass(eq=False)
class _Worker:
    process: Any  # multiprocessing's SpawnProcess
    connection: Connection
    #: The version of the release it loaded (None: unknown), set once it is ready.
    version: str | None = None

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class _Lane:
    """Worker processes of one lane, each answering one request at a time, and one spare, loaded
    and waiting: a killed worker is replaced at once, not after the seconds a new one takes to
    start on a busy machine."""

    def __init__(
        self, release_dir: Path, *, size: int, max_results: int, name: str, version: str, niceness: int = 0
    ) -> None:
        self._context = multiprocessing.get_context("spawn")  # never fork a threaded server
        self.version = version
        self._release_dir = release_dir
        self._max_results = max_results
        self._name = name
        self._niceness = niceness
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"ipco-{name}-start")
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._starting: set[asyncio.Task[None]] = set()
        self._closed = False
        self._size = size
        self._active = 0  # workers idle or answering: the spare is not one of them
        self._spare: _Worker | None = None
        starting = [self._start() for _ in range(size + 1)]
        try:
            for worker in starting:
                self._wait_ready(worker)
                self._enlist(worker)
        except IpcoError:
            self.close()
            raise

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child, str(self._release_dir), self._max_results, WORKER_MEMORY, self._niceness),
            name=f"ipco-{self._name}-worker",
            daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _wait_ready(self, worker: _Worker) -> None:
        message: object = "it did not start within 60 s"
        try:
            if worker.connection.poll(60):
                message = worker.connection.recv()
        except (EOFError, OSError):
            message = f"it exited with code {worker.process.exitcode}"
        if not (isinstance(message, tuple) and message[0] == _READY):
            self._retire(worker)
            raise IpcoError(f"a query worker could not load the release: {message}")
        worker.version = message[1]

    def _start_ready(self) -> _Worker:
        worker = self._start()
        self._wait_ready(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()

    def _enlist(self, worker: _Worker) -> None:
        """A worker ready to answer: among the active ones while the lane is short of them, else the spare."""
        if self._active < self._size:
            self._active += 1
            self.idle.put_nowait(worker)
        elif self._spare is None:
            self._spare = worker
        else:
            self._retire(worker)

    def _lost(self, worker: _Worker) -> None:
        """``worker`` was killed: the spare takes its place, and a new worker is started."""
        self._retire(worker)
        self._active -= 1
        if self._spare is not None:
            spare, self._spare = self._spare, None
            self._enlist(spare)
        task = asyncio.get_running_loop().create_task(self._replace())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _replace(self) -> None:
        """Start a worker in place of a killed one; loading takes a moment, so off the event loop."""
        if self._closed:
            return
        try:
            worker = await asyncio.get_running_loop().run_in_executor(self._spawner, self._start_ready)
        except IpcoError:
            return
        if self._closed:
            self._retire(worker)
        else:
            self._enlist(worker)

    @staticmethod
    async def _exchange(worker: _Worker, request: SparqlRequest, limit: float) -> tuple[Response | None, bool]:
        """``request`` answered by ``worker`` within ``limit`` seconds (None past it), and whether the
        worker may be used again. The event loop watches the pipe itself: waiting in a thread
        cost each answer a GIL hand-over or two, milliseconds under load."""
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        pipe = worker.connection.fileno()
        try:
            worker.connection.send(request)  # a small pickle; an idle worker reads it at once
            loop.add_reader(pipe, _settle, readable)
            try:
                await asyncio.wait_for(readable, limit)
            except asyncio.TimeoutError:
                return None, False
            finally:
                loop.remove_reader(pipe)
            answer: Response = worker.connection.recv()  # written at once by the worker
            return answer, True
        except (EOFError, OSError):  # the worker died: the memory cap is what kills them
            return _too_big(), False

    async def run(self, worker: _Worker, request: SparqlRequest, limit: float) -> tuple[Response | None, bool]:
        """``request`` answered by ``worker`` (taken from ``idle``) within ``limit`` seconds, or None
        past it, and whether the worker's answer may be kept (it did answer, and loaded the
        release this server opened); a worker that did not answer is killed and replaced."""
        answer: Response | None = None
        reusable = False
        try:
            answer, reusable = await self._exchange(worker, request, limit)
        finally:  # also when cancelled at shutdown: a worker in an unknown state is not reused
            if reusable:
                self.idle.put_nowait(worker)
            else:
                self._lost(worker)
        return answer, reusable and worker.version is not None and worker.version == self.version

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()
        self._spawner.shutdown(wait=False, cancel_futures=True)


class QueryPool:
    """The two lanes of workers, the queries known to be slow, and the answers already given.

    A query answered before (same text, parameters and ``Accept``) is answered from ``cache``.
    Otherwise the request waits at most ``timeout`` seconds for a free worker (503 when none frees
    up), then its query gets ``timeout`` seconds to run (503 when it takes longer): in the fast
    lane first, for at most ``FAST_LIMIT`` seconds, then in the long lane.
    """

    def __init__(
        self, release_dir: Path, *, size: int, timeout: float, max_results: int, version: str, cache: AnswerCache
    ) -> None:
        self._timeout = timeout
        self._fast_limit = min(FAST_LIMIT, timeout / 2)
        self._slow: OrderedDict[bytes, None] = OrderedDict()
        self._cache = cache
        self._fast = _Lane(release_dir, size=size, max_results=max_results, name="query", version=version)
        try:
            self._long = _Lane(
                release_dir,
                size=max(1, size // 2),
                max_results=max_results,
                name="long-query",
                version=version,
                niceness=LONG_NICENESS,
            )
        except IpcoError:
            self._fast.close()
            raise

    async def run(self, request: SparqlRequest) -> Response:
        """Answer ``request`` from the cache, or in a worker within the time limit."""
        kept = self._cache.get(request)
        if kept is not None:
            return kept
        answer, keep = await self._run(request)
        if keep and deterministic(request.query):
            self._cache.put(request, answer)
        return answer

    async def _run(self, request: SparqlRequest) -> tuple[Response, bool]:
        """The answer of a worker, and whether it may be kept (see ``_Lane.run``)."""
        key = hashlib.sha256(repr((request.query, request.default_graphs, request.named_graphs)).encode()).digest()
        if key not in self._slow:
            worker = await self._take(self._fast)
            if worker is None:
                return self._busy(), False
            answer, keep = await self._fast.run(worker, request, self._fast_limit)
            if answer is not None:
                return answer, keep
            self._slow[key] = None
            while len(self._slow) > _SLOW_MEMORY:
                self._slow.popitem(last=False)
        else:
            self._slow.move_to_end(key)
        worker = await self._take(self._long)
        if worker is None:
            return self._busy(), False
        started = time.monotonic()
        answer, keep = await self._long.run(worker, request, self._timeout)
        if answer is None:
            return self._timed_out(), False
        if time.monotonic() - started < self._fast_limit:
            self._slow.pop(key, None)
        return answer, keep

    def _timed_out(self) -> Response:
        return error_response(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query ran longer than the {self._timeout:g} s limit and was stopped; "
            "narrow it down (fewer patterns, a LIMIT) or ask the server's operator for more time",
        )

    async def _take(self, lane: _Lane) -> _Worker | None:
        try:
            return await asyncio.wait_for(lane.idle.get(), self._timeout)
        except asyncio.TimeoutError:
            return None

    def _busy(self) -> Response:
        return error_response(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"every query worker stayed busy for {self._timeout:g} s; try again later",
            _RETRY,
        )

    def close(self) -> None:
        """Stop every worker."""
        self._fast.close()
        self._long.close()
