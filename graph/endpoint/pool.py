"""Query worker processes, spoken to over a socket pair from the event loop, without threads.

pyoxigraph cannot interrupt a query, so every query runs in a worker process
(:mod:`tipkg.graph.endpoint.worker`) that the server can pause (SIGSTOP), resume (SIGCONT) or kill.
A job and its reply cross the socket as one frame each: an 8-byte length, then a pickle. The
server side reads and writes with asyncio streams, so waiting on a worker costs no thread hop; the
scheduling of jobs onto workers is :mod:`tipkg.graph.endpoint.scheduler`'s business.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pickle
import signal
import socket
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Job = dict[str, Any]
Reply = dict[str, Any]

FRAME = struct.Struct("!Q")
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
STARTUP_TIMEOUT = 60.0
#: the nice value of a worker running a long query: about a tenth of the CPU weight of a normal one
YIELD_NICE = 10


class WorkerDied(RuntimeError):
    """The worker process exited (or was killed) before it replied."""


def send_frame(sock: socket.socket, obj: object) -> None:
    """Blocking write of one frame (the worker's side)."""
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(FRAME.pack(len(payload)) + payload)


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            raise EOFError("the server closed the socket")
        got += k
    return bytes(buf)


def recv_frame(sock: socket.socket) -> Any:
    """Blocking read of one frame (the worker's side); EOFError when the server has gone."""
    (length,) = FRAME.unpack(_recv_exactly(sock, FRAME.size))
    return pickle.loads(_recv_exactly(sock, length))


@dataclass(eq=False)
class WorkerProcess:
    """One worker: its process and the stream ends of its socket."""

    proc: asyncio.subprocess.Process
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    jobs: int = 0
    paused: bool = False
    yielding: bool = False
    dead: bool = field(default=False)

    @property
    def pid(self) -> int:
        return self.proc.pid

    async def exchange(self, job: Job) -> Reply:
        """Send one job, wait for its reply."""
        payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.writer.write(FRAME.pack(len(payload)) + payload)
            await self.writer.drain()
            (length,) = FRAME.unpack(await self.reader.readexactly(FRAME.size))
            reply: Reply = pickle.loads(await self.reader.readexactly(length))
        except (asyncio.IncompleteReadError, ConnectionError, OSError) as exc:
            self.dead = True
            raise WorkerDied(f"query worker {self.pid} stopped") from exc
        self.jobs += 1
        return reply

    def cpu_seconds(self) -> float | None:
        """CPU time the process has used (user + system), from /proc; None where there is none."""
        try:
            with open(f"/proc/{self.pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / _TICKS

    def _signal(self, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, sig)

    def pause(self) -> None:
        self._signal(signal.SIGSTOP)
        self.paused = True

    def resume(self) -> None:
        self._signal(signal.SIGCONT)
        self.paused = False

    def yield_cpu(self) -> None:
        """Lower the process's CPU priority (nice 10): the kernel then gives the CPU to the short
        lane's workers, the server and a worker being started before it, on however few cores."""
        with contextlib.suppress(OSError):
            self._set_nice(YIELD_NICE)
            self.yielding = True

    def restore_cpu(self) -> bool:
        """Normal priority again; False where the system does not allow it (raising a priority
        needs CAP_SYS_NICE or RLIMIT_NICE), and then the worker should not serve cheap queries."""
        if not self.yielding:
            return True
        try:
            self._set_nice(0)
        except OSError:
            return False
        self.yielding = False
        return True

    def _set_nice(self, value: int) -> None:
        """Linux's nice value belongs to a thread: set it on every thread of the process."""
        try:
            threads = [int(tid) for tid in os.listdir(f"/proc/{self.pid}/task")]
        except OSError:
            threads = [self.pid]
        for tid in threads:
            with contextlib.suppress(ProcessLookupError):
                os.setpriority(os.PRIO_PROCESS, tid, value)

    def kill(self) -> None:
        """Kill now (a stopped process dies of SIGKILL too); reaping happens in the background."""
        self.dead = True
        self._signal(signal.SIGKILL)
        self.writer.close()


async def spawn_worker(
    store: Path,
    *,
    writable: bool = False,
    max_memory_mb: int = 0,
    prefixes: dict[str, str] | None = None,
    startup_timeout: float = STARTUP_TIMEOUT,
) -> WorkerProcess:
    """Start one worker process and wait until it has opened the store."""
    ours, theirs = socket.socketpair()
    cmd = [
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
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, *cmd, pass_fds=(theirs.fileno(),), stdin=asyncio.subprocess.DEVNULL
        )
    finally:
        theirs.close()
    reader, writer = await asyncio.open_connection(sock=ours)
    worker = WorkerProcess(proc, reader, writer)
    try:
        (length,) = FRAME.unpack(await asyncio.wait_for(reader.readexactly(FRAME.size), startup_timeout))
        hello = pickle.loads(await reader.readexactly(length))
    except TimeoutError:
        worker.kill()
        raise RuntimeError(f"query worker did not start within {startup_timeout:.0f} s") from None
    except (asyncio.IncompleteReadError, ConnectionError):
        worker.kill()
        raise RuntimeError("query worker exited while opening the store") from None
    if not hello.get("ready"):
        worker.kill()
        raise RuntimeError(str(hello.get("error", "query worker failed to start")))
    return worker
