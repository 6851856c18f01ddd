"""A pool of pre-started query worker processes, each killed and replaced when a job overruns.

This is what makes a query timeout real: the server never waits on pyoxigraph in its own process.
Idle workers wait in an asyncio queue; the blocking socket exchange with a worker runs in a thread
of a private executor, so the event loop keeps serving other clients whatever a query does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

log = logging.getLogger("tipkg.endpoint")

Job = dict[str, Any]
Reply = dict[str, Any]

STARTUP_TIMEOUT = 60.0


class PoolError(RuntimeError):
    """A job could not be answered by a worker: busy pool, overrun, crash."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(eq=False)
class WorkerProcess:
    proc: subprocess.Popen[bytes]
    conn: Connection
    jobs: int = 0

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        self.conn.close()


def spawn_worker(
    store: Path, writable: bool, max_memory_mb: int, prefixes: dict[str, str] | None = None
) -> WorkerProcess:
    """Start one worker process and wait until it has opened the store."""
    ours, theirs = socket.socketpair()
    cmd = [
        sys.executable,
        "-m",
        "tipkg.graph.endpoint.worker",
        "--fd",
        str(theirs.fileno()),
        "--store",
        str(store),
        "--max-memory-mb",
        str(max_memory_mb),
        "--prefixes",
        json.dumps(prefixes or {}),
    ]
    if writable:
        cmd.append("--writable")
    proc = subprocess.Popen(cmd, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
    theirs.close()
    worker = WorkerProcess(proc, Connection(ours.detach()))
    if not worker.conn.poll(STARTUP_TIMEOUT):
        worker.kill()
        raise RuntimeError(f"query worker did not start within {STARTUP_TIMEOUT:.0f} s")
    try:
        hello = worker.conn.recv()
    except EOFError:
        worker.kill()
        raise RuntimeError("query worker exited while opening the store") from None
    if not hello.get("ready"):
        worker.kill()
        raise RuntimeError(str(hello.get("error", "query worker failed to start")))
    return worker


@dataclass
class WorkerPool:
    """``size`` workers over one store directory; a writable store gets exactly one worker."""

    store: Path
    size: int = 2
    writable: bool = False
    max_memory_mb: int = 0
    prefixes: dict[str, str] = field(default_factory=dict)
    _idle: asyncio.Queue[WorkerProcess] = field(init=False)
    _all: set[WorkerProcess] = field(init=False, default_factory=set)
    _executor: ThreadPoolExecutor = field(init=False)
    _loop: asyncio.AbstractEventLoop | None = field(init=False, default=None)
    replaced: int = field(init=False, default=0)
    _closed: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        if self.writable:
            self.size = 1  # one process may hold a writable RocksDB store
        self.size = max(1, self.size)
        self._idle = asyncio.Queue()
        self._executor = ThreadPoolExecutor(max_workers=self.size + 2, thread_name_prefix="tipkg-pool")

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        workers = await asyncio.gather(
            *(self._loop.run_in_executor(self._executor, self._spawn) for _ in range(self.size))
        )
        for w in workers:
            self._idle.put_nowait(w)

    def _spawn(self) -> WorkerProcess:
        worker = spawn_worker(self.store, self.writable, self.max_memory_mb, self.prefixes)
        self._all.add(worker)
        return worker

    async def run(self, job: Job, timeout: float) -> Reply:
        """Run ``job`` on an idle worker within ``timeout`` seconds (waiting for one included)."""
        deadline = time.monotonic() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise PoolError(
                503, f"all {self.size} query workers stayed busy for {timeout:g} s; try again later"
            ) from None
        assert self._loop is not None
        remaining = max(0.0, deadline - time.monotonic())
        reply: Reply | PoolError = await self._loop.run_in_executor(
            self._executor, self._exchange, worker, job, remaining, timeout
        )
        if isinstance(reply, PoolError):
            raise reply
        return reply

    def _exchange(
        self, worker: WorkerProcess, job: Job, remaining: float, timeout: float
    ) -> Reply | PoolError:
        """Blocking half of :meth:`run`; always hands a live worker back to the idle queue."""
        healthy = False
        try:
            worker.conn.send(job)
            if worker.conn.poll(remaining):
                reply: Reply = worker.conn.recv()
                healthy = True
                worker.jobs += 1
                return reply
            log.warning("query overran %.1f s; killing worker %s", timeout, worker.proc.pid)
            return PoolError(
                503,
                f"query stopped: it ran longer than the {timeout:g} s time limit "
                "(ask for less with LIMIT, or a longer timeout= up to the server maximum)",
            )
        except (EOFError, OSError):
            log.error("query worker %s died (exit %s)", worker.proc.pid, worker.proc.poll())
            return PoolError(
                500,
                "query aborted: the worker running it stopped (memory limit exceeded?); it has been replaced",
            )
        finally:
            if healthy:
                self._release(worker)
            else:
                self._replace(worker)

    def _release(self, worker: WorkerProcess) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._idle.put_nowait, worker)

    def _replace(self, worker: WorkerProcess) -> None:
        """Kill a worker now; start its successor in the background so the answer is not delayed."""
        worker.kill()
        self._all.discard(worker)
        self.replaced += 1
        self._executor.submit(self._respawn)

    def _respawn(self) -> None:
        try:
            fresh = self._spawn()
        except RuntimeError as exc:
            log.error("could not replace a query worker: %s", exc)
            return
        if self._closed:
            fresh.kill()
            return
        self._release(fresh)

    async def close(self) -> None:
        self._closed = True
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)
