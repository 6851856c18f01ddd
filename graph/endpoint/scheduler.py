"""Admission control: which query runs when, so that no client locks out another.

Every query starts in the *short lane*, which runs up to ``workers`` queries at once. A query
that has used ``long_after`` seconds of CPU (wall time where /proc is missing; CPU, so that a busy
machine does not make cheap queries look expensive), or that has held its slot ``long_after``
seconds while another query waits for one, has proved expensive and moves to the *long lane*,
which runs at most ``long`` of them at once: the others are paused (SIGSTOP: they keep their work
and their memory but take no CPU) and resumed one by one as long queries finish.

A cheap query must not wait for the expensive ones, on however few cores, so three things hold:

- a query waiting for the short lane waits ``long_after`` seconds at most for the queries in it
  while the long lane has room: on cores busy with other work a running query gets its
  ``long_after`` seconds of CPU late (three hostile queries on two loaded cores: 1.5 s), and judged
  by CPU alone it would hold its slot that long. Moved for room, not for its CPU, a query is never
  paused: under a steady load of middling queries that paused one query after the other;
- the short lane always has ``workers`` processes of its own, started *before* a query needs them:
  a query moving to the long lane takes its process with it, and a new one starts at once, not when
  the next query arrives. (Started on demand, a worker opens the store while the long queries hold
  every core: on two cores with the whole corpus that put a second in front of a one-millisecond ASK.)
- a long query's process runs at a lower CPU priority (nice 10): the kernel gives the short lane, the
  server and a starting worker the CPU first, and the long queries what is left. A worker goes back
  to the short lane only at normal priority; where the system does not allow raising it again, the
  worker is stopped after its long query and the short lane keeps its own.

Fairness between clients (a client is its IP address): a waiting query, or a paused long one, is
picked from the client with the fewest queries in that lane, then from the client served least
recently (so clients take turns however many queries each has sent), oldest first; one client may
keep at most ``queue_per_client`` queries waiting or paused (more: 429, or 503 for a query that
turns long), all clients ``queue`` waiting and ``paused`` paused (more: 503).

A query's time limit bounds its execution: the CPU its worker spends on it (wall time while it runs,
where /proc is missing). Under load the long lane gets the CPU last and waits paused, so counting
wall time made a query the engine answers in a second fail its 10 s limit in a busy mixed run; the
design that starves it must not be what refuses it. Two wall-clock bounds keep every answer in
time: a query that has not started within its time limit is refused ("waited"), and none stays
longer than ``stay`` seconds in all (the server's largest time limit). A query past a limit, or
whose client has disconnected, is killed with its worker process (the only way to stop pyoxigraph);
a fresh worker takes its place when one is needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from tipkg.graph.endpoint.pool import Job, Reply, WorkerDied, WorkerProcess

log = logging.getLogger("tipkg.endpoint")

Spawner = Callable[[], Coroutine[Any, Any, WorkerProcess]]


class SchedulerError(RuntimeError):
    """A job that gets no answer from a worker: refused, overran, stopped, or its worker died."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


@dataclass(frozen=True)
class Lanes:
    """The limits of the scheduler (see the module docstring)."""

    workers: int = 2
    long: int = 2
    long_after: float = 0.5
    paused: int = 64
    queue: int = 64
    queue_per_client: int = 16

    def __post_init__(self) -> None:
        if self.workers < 1 or self.long < 1 or self.paused < 0:
            raise ValueError("workers and long queries must be at least 1, paused at least 0")
        if self.long_after <= 0:
            raise ValueError("long_after must be a positive number of seconds")

    @property
    def max_processes(self) -> int:
        return self.workers + self.long + self.paused


class State(Enum):
    WAITING = "waiting"
    SHORT = "short"
    LONG = "long"
    PAUSED = "paused"
    DONE = "done"


@dataclass(eq=False)
class Ticket:
    """One job from arrival to answer."""

    job: Job
    client: str
    timeout: float
    seq: int
    future: asyncio.Future[Reply]
    state: State = State.WAITING
    worker: WorkerProcess | None = None
    started: float = 0.0
    cpu_at_start: float | None = None
    paused_for: float = 0.0
    _paused_at: float = 0.0
    _timer: asyncio.TimerHandle | None = field(default=None, repr=False)
    _limit: asyncio.TimerHandle | None = field(default=None, repr=False)


class Scheduler:
    """Runs jobs on worker processes under the limits of :class:`Lanes`."""

    def __init__(
        self, lanes: Lanes, spawn: Spawner, *, max_processes: int | None = None, stay: float | None = None
    ) -> None:
        self.lanes = lanes
        #: the longest a query stays, waiting, paused and running (None: its own time limit)
        self.stay = stay
        self._spawn_worker = spawn
        self.max_processes = max_processes or lanes.max_processes
        self._seq = itertools.count()
        self._turns = itertools.count()
        self._served: dict[str, int] = {}
        self._waiting: list[Ticket] = []
        self._paused: list[Ticket] = []
        self._short: set[Ticket] = set()
        self._long: set[Ticket] = set()
        self._idle: list[WorkerProcess] = []
        self._processes: set[WorkerProcess] = set()
        self._spawning = 0
        self._closed = False
        self.replaced = 0
        self._tasks: set[asyncio.Task[Any]] = set()

    # ---------------------------------------------------------------- life cycle

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn_worker() for _ in range(self.lanes.workers)))
        for w in workers:
            self._adopt(w)

    async def close(self) -> None:
        self._closed = True
        for ticket in [*self._waiting, *self._paused, *self._short, *self._long]:
            self._finish(ticket, SchedulerError(503, "the server is shutting down"))
        workers = list(self._processes)
        for worker in workers:
            worker.kill()
        self._processes.clear()
        self._idle.clear()
        for task in list(self._tasks):
            task.cancel()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(w.proc.wait() for w in workers)), 10)

    @property
    def size(self) -> int:
        return self.lanes.workers

    def snapshot(self) -> dict[str, int]:
        """Counts for logs and tests: queries in each state, worker processes."""
        return {
            "waiting": len(self._waiting),
            "short": len(self._short),
            "long": len(self._long),
            "paused": len(self._paused),
            "processes": len(self._processes),
            "idle": len(self._idle),
        }

    # ---------------------------------------------------------------- the one entry point

    async def run(self, job: Job, timeout: float, client: str = "") -> Reply:
        """Run ``job`` for ``timeout`` seconds of execution at most; start it within ``timeout``
        seconds and answer within ``stay`` (see the module docstring).

        Cancelling the calling task (the client went away) stops the job and its worker.
        """
        if self._closed:
            raise SchedulerError(503, "the server is shutting down")
        waiting_here = sum(1 for t in (*self._waiting, *self._paused) if t.client == client)
        if waiting_here >= self.lanes.queue_per_client:
            raise SchedulerError(
                429,
                f"too many requests: {waiting_here} of your queries are already waiting; "
                "wait for their answers before sending more",
                retry_after=1,
            )
        if len(self._waiting) >= self.lanes.queue:
            raise SchedulerError(
                503, f"the server is busy: {len(self._waiting)} queries are waiting", retry_after=1
            )
        loop = asyncio.get_running_loop()
        ticket = Ticket(job, client, timeout, next(self._seq), loop.create_future())
        ticket._limit = loop.call_later(timeout, self._check_limit, ticket)
        self._waiting.append(ticket)
        self._dispatch()
        stay = max(timeout, self.stay or timeout)
        try:
            return await asyncio.wait_for(asyncio.shield(ticket.future), stay)
        except TimeoutError:
            raise self._expire(ticket, stay, stay=stay > timeout) from None
        except asyncio.CancelledError:
            self._abandon(ticket)
            raise

    # ---------------------------------------------------------------- state changes

    def _pick(self, tickets: list[Ticket], lane: set[Ticket]) -> Ticket:
        """The next ticket, clients in turn: the fewest tickets in ``lane``, then the client served
        least recently, then the oldest ticket."""
        busy = Counter(t.client for t in lane)
        ticket = min(tickets, key=lambda t: (busy[t.client], self._served.get(t.client, -1), t.seq))
        self._served[ticket.client] = next(self._turns)
        return ticket

    def _dispatch(self) -> None:
        """Start waiting jobs while the short lane has room; start processes for the rest."""
        if self._closed:
            return
        while self._waiting and self._idle and len(self._short) < self.lanes.workers:
            worker = self._idle.pop()
            if worker.proc.returncode is not None:  # died idle; its watcher replaces it
                self._discard(worker)
                continue
            ticket = self._pick(self._waiting, self._short)
            self._waiting.remove(ticket)
            self._start(ticket, worker)
        if self._waiting and len(self._short) >= self.lanes.workers:
            now = time.monotonic()
            for ticket in [t for t in self._short if now - t.started >= self.lanes.long_after]:
                self._promote(ticket)  # it keeps a waiting query out of the lane (starts another dispatch)
        self._replenish()

    def _short_processes(self) -> int:
        """Processes of the short lane: idle, running a short query, or starting."""
        held = sum(1 for t in (*self._long, *self._paused) if t.worker in self._processes)
        return len(self._processes) - held + self._spawning

    def _replenish(self) -> None:
        """Start processes until the short lane has ``workers`` of its own (within max_processes)."""
        if self._closed:
            return
        wanted = self.lanes.workers - self._short_processes()
        room = self.max_processes - len(self._processes) - self._spawning
        for _ in range(max(0, min(wanted, room))):
            self._spawn_one()

    def _start(self, ticket: Ticket, worker: WorkerProcess) -> None:
        loop = asyncio.get_running_loop()
        ticket.state = State.SHORT
        ticket.worker = worker
        ticket.started = time.monotonic()
        ticket.cpu_at_start = worker.cpu_seconds()
        self._short.add(ticket)
        ticket._timer = loop.call_later(self.lanes.long_after, self._promote, ticket)
        self._background(self._exchange(ticket, worker))

    async def _exchange(self, ticket: Ticket, worker: WorkerProcess) -> None:
        try:
            reply = await worker.exchange(ticket.job)
        except WorkerDied:
            if ticket.state is State.DONE:  # killed on purpose: a time limit, or the client gone
                return
            log.error("query worker %s died (exit %s)", worker.pid, worker.proc.returncode)
            self._discard(worker)
            self._finish(
                ticket,
                SchedulerError(
                    500,
                    "query aborted: the worker running it stopped (memory limit exceeded?); "
                    "it has been replaced",
                ),
            )
            return
        self._finish(ticket, reply)
        self._return(worker)

    def _promote(self, ticket: Ticket) -> None:
        """The job has used ``long_after`` seconds of CPU, or has run that long while another job
        waits for the short lane: it moves to the long lane (or waits paused)."""
        if ticket.state is not State.SHORT or self._closed:
            return
        worker = ticket.worker
        now = worker.cpu_seconds() if worker is not None else None
        if now is not None and ticket.cpu_at_start is not None:
            used = now - ticket.cpu_at_start
            # not proved expensive by its CPU: it moves only to make room for a waiting query, and
            # only into a free long slot (never paused: it may be a cheap query on a busy machine)
            starved = used < self.lanes.long_after
            if starved and (not self._waiting or len(self._long) >= self.lanes.long):
                wait = max(0.05, self.lanes.long_after - used)
                ticket._timer = asyncio.get_running_loop().call_later(wait, self._promote, ticket)
                return
        self._short.discard(ticket)
        if worker is not None and self.max_processes > 1:  # one process: nobody to yield to
            worker.yield_cpu()
        if len(self._long) < self.lanes.long:
            ticket.state = State.LONG
            self._long.add(ticket)
        elif (
            len(self._paused) < self.lanes.paused
            and sum(1 for t in self._paused if t.client == ticket.client) < self.lanes.queue_per_client
            and ticket.worker is not None
        ):
            ticket.worker.pause()
            ticket.state = State.PAUSED
            ticket._paused_at = time.monotonic()
            self._paused.append(ticket)
        else:
            self._kill(ticket)
            self._finish(
                ticket,
                SchedulerError(
                    503,
                    f"query stopped: {len(self._long)} long queries are running and {len(self._paused)} "
                    "more are waiting; try again later, or ask for less (LIMIT, a narrower pattern)",
                    retry_after=5,
                ),
            )
        self._dispatch()

    def _resume_next(self) -> None:
        while self._paused and len(self._long) < self.lanes.long:
            ticket = self._pick(self._paused, self._long)
            self._paused.remove(ticket)
            ticket.paused_for += time.monotonic() - ticket._paused_at
            ticket.state = State.LONG
            self._long.add(ticket)
            if ticket.worker is not None:
                ticket.worker.resume()

    def _leave_lanes(self, ticket: Ticket) -> None:
        for timer in (ticket._timer, ticket._limit):
            if timer is not None:
                timer.cancel()
        if ticket.state is State.WAITING:
            with contextlib.suppress(ValueError):
                self._waiting.remove(ticket)
        elif ticket.state is State.PAUSED:
            with contextlib.suppress(ValueError):
                self._paused.remove(ticket)
            ticket.paused_for += time.monotonic() - ticket._paused_at
        self._short.discard(ticket)
        self._long.discard(ticket)

    def _finish(self, ticket: Ticket, outcome: Reply | SchedulerError) -> None:
        """Take the ticket out of every lane and hand its outcome to the caller (once)."""
        if ticket.state is State.DONE:
            return
        self._leave_lanes(ticket)
        ticket.state = State.DONE
        if not ticket.future.done():
            if isinstance(outcome, SchedulerError):
                ticket.future.set_exception(outcome)
                ticket.future.exception()  # retrieved here: nobody may await an abandoned ticket
            else:
                ticket.future.set_result(outcome)
        self._resume_next()
        self._dispatch()

    def _kill(self, ticket: Ticket) -> None:
        worker = ticket.worker
        if worker is not None and not worker.dead:
            log.warning("stopping query after %.1f s; killing worker %s", self._age(ticket), worker.pid)
            worker.kill()
            self._discard(worker)

    def _executed(self, ticket: Ticket) -> float:
        """Seconds of execution so far: its worker's CPU since the start, else wall time not paused."""
        cpu = ticket.worker.cpu_seconds() if ticket.worker is not None else None
        if cpu is not None and ticket.cpu_at_start is not None:
            return cpu - ticket.cpu_at_start
        now = time.monotonic()
        paused = ticket.paused_for + (now - ticket._paused_at if ticket.state is State.PAUSED else 0.0)
        return now - ticket.started - paused

    def _check_limit(self, ticket: Ticket) -> None:
        """At the time limit: a query not started yet is refused, one that has executed that long is
        stopped; a query that was starved or paused is checked again when it could have."""
        if ticket.state is State.DONE:
            return
        used = 0.0 if ticket.state is State.WAITING else self._executed(ticket)
        if ticket.state is State.WAITING or used >= ticket.timeout:
            self._expire(ticket, ticket.timeout)
            return
        wait = max(0.05, ticket.timeout - used)
        ticket._limit = asyncio.get_running_loop().call_later(wait, self._check_limit, ticket)

    def _expire(self, ticket: Ticket, limit: float, *, stay: bool = False) -> SchedulerError:
        state = ticket.state
        self._kill(ticket)
        paused_for = ticket.paused_for
        if state is State.PAUSED:  # the pause going on counts too
            paused_for += time.monotonic() - ticket._paused_at
        paused = f", {paused_for:.1f} s of it paused behind other long queries" if paused_for else ""
        if state is State.WAITING:
            error = SchedulerError(
                503,
                f"the query waited {limit:g} s for a free worker (all {self.lanes.workers} were busy); "
                "try again later",
                retry_after=1,
            )
        elif stay:
            error = SchedulerError(
                503,
                f"query stopped: the server is busy, and it reached the {limit:g} s time limit of a "
                f"query's stay (waiting, paused and running){paused} before its own {ticket.timeout:g} s "
                "of execution; try again later",
                retry_after=5,
            )
        else:
            error = SchedulerError(
                503,
                f"query stopped: it ran longer than the {limit:g} s time limit{paused} "
                "(ask for less with LIMIT, or a longer timeout= up to the server maximum)",
            )
        self._finish(ticket, error)
        return error

    def _abandon(self, ticket: Ticket) -> None:
        """The client went away: stop the work it asked for."""
        if ticket.state is State.DONE:
            return
        if ticket.state is not State.WAITING:
            log.info("client gone; stopping its query")
        self._kill(ticket)
        self._finish(ticket, SchedulerError(499, "client closed the connection"))

    # ---------------------------------------------------------------- processes

    def _age(self, ticket: Ticket) -> float:
        return time.monotonic() - ticket.started if ticket.started else 0.0

    def _return(self, worker: WorkerProcess) -> None:
        """A worker whose job is done: idle again (up to ``workers + long`` processes, so that
        queries going to the long lane and back do not start a process each, with a cold cache), or
        stopped, also if it cannot get its normal CPU priority back after a long query."""
        if worker.dead or self._closed:
            self._discard(worker)
            return
        if len(self._processes) > self.lanes.workers + self.lanes.long or not worker.restore_cpu():
            worker.kill()
            self._discard(worker)
            return
        self._idle.append(worker)
        self._dispatch()

    def _adopt(self, worker: WorkerProcess) -> None:
        self._processes.add(worker)
        self._idle.append(worker)
        self._background(self._watch(worker))

    async def _watch(self, worker: WorkerProcess) -> None:
        """Notice a worker that dies on its own (killed, out of memory) even while idle."""
        code = await worker.proc.wait()
        if worker in self._processes:
            if not worker.dead:
                log.error("query worker %s exited (code %s)", worker.pid, code)
            worker.dead = True
            self._discard(worker)

    def _discard(self, worker: WorkerProcess) -> None:
        """Forget a dead worker; start another if the short lane has fewer than ``workers``."""
        if worker in self._processes:
            self._processes.discard(worker)
            self.replaced += 1
        with contextlib.suppress(ValueError):
            self._idle.remove(worker)
        self._replenish()

    def _spawn_one(self) -> None:
        self._spawning += 1
        self._background(self._spawned())

    async def _spawned(self) -> None:
        try:
            worker = await self._spawn_worker()
        except RuntimeError as exc:
            log.error("could not start a query worker: %s", exc)
            self._spawning -= 1
            if not self._short and not self._long and self._waiting:
                for ticket in list(self._waiting):
                    self._finish(ticket, SchedulerError(503, f"no query worker could be started: {exc}"))
            return
        self._spawning -= 1
        if self._closed:
            worker.kill()
            return
        self._adopt(worker)
        self._dispatch()

    def _background(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
