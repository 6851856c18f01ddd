"""No client locks out another: cheap queries get through while hostile ones run, a query whose client
disconnects is stopped, long queries beyond the long lane wait paused, clients are served in turn.

Every test runs a real ``tipkg serve`` (or real worker processes) on loopback. The assertions are
about order and state (which answer came first, which process is stopped), never about durations:
the speed of these paths is measured in bench/bench_endpoint.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest

from tests.endpoint_support import Server, fictional_dataset, running_server, write_fictional_trig
from tipkg.graph.endpoint.pool import WorkerProcess, spawn_worker
from tipkg.graph.endpoint.scheduler import Lanes, Scheduler, SchedulerError
from tipkg.graph.store.embedded import write_store

# 5 triple patterns over ~150 triples: about 10^11 solutions to count, hours of work.
HOSTILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
ASK = "ASK { ?s a <https://w3id.org/tipkg/ontology#Resolution> }"


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fictional_trig(tmp_path_factory.mktemp("fair") / "data.trig")


@pytest.fixture(scope="module")
def server(data_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Default lanes (as ``tipkg serve`` starts on this machine); only the time limit is lowered,
    so that the hostile queries end within the test."""
    args = ["--file", str(data_file), "--max-timeout", "12"]
    with running_server(args, tmp_path_factory.mktemp("log")) as s:
        yield s


@contextlib.asynccontextmanager
async def _scheduler(store: Path, lanes: Lanes, stay: float | None = None) -> AsyncIterator[Scheduler]:
    """A scheduler over real worker processes on ``store``, closed afterwards."""

    async def spawn() -> WorkerProcess:
        return await spawn_worker(store)

    scheduler = Scheduler(lanes, spawn, stay=stay)
    await scheduler.start()
    try:
        yield scheduler
    finally:
        await scheduler.close()


def workers_of(server: Server) -> set[str]:
    out = subprocess.run(["pgrep", "-P", str(server.proc.pid)], capture_output=True, text=True).stdout
    return set(out.split())


def stopped(pid: str) -> bool:
    """Whether a process is stopped (SIGSTOP): state T in /proc/PID/stat."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] == "T"


def wait_until(condition: object, limit: float = 15.0) -> bool:
    """Poll ``condition()`` (a bounded loop: ``limit`` seconds at most); whether it came true."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_cheap_query_is_answered_while_three_hostile_queries_run(server: Server) -> None:
    with ThreadPoolExecutor(max_workers=3) as pool:
        hostile = [
            pool.submit(httpx.get, server.sparql, params={"query": HOSTILE, "timeout": "60"}, timeout=120)
            for _ in range(3)
        ]
        # all three are in: two lanes of workers busy with them, at least one of them paused
        assert wait_until(lambda: sum(stopped(pid) for pid in workers_of(server)) >= 1)
        answers = [httpx.get(server.sparql, params={"query": ASK}, timeout=60) for _ in range(3)]
        still_running = [not h.done() for h in hostile]
        results = [h.result() for h in hostile]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert all(a.json()["boolean"] is True for a in answers)
    assert all(still_running), "the cheap queries must not wait for the hostile ones to end"
    assert [r.status_code for r in results] == [503, 503, 503]
    assert all("time limit" in r.text for r in results)


def test_paused_long_query_says_so_when_it_times_out(server: Server) -> None:
    with ThreadPoolExecutor(max_workers=3) as pool:
        hostile = [
            pool.submit(httpx.get, server.sparql, params={"query": HOSTILE, "timeout": "10"}, timeout=60)
            for _ in range(3)
        ]
        # two run in the long lane (as many as the workers), the third waits paused
        assert wait_until(lambda: any(stopped(pid) for pid in workers_of(server)))
        answers = [h.result() for h in hostile]
    assert sorted(a.status_code for a in answers) == [503, 503, 503]
    assert any("paused behind other long queries" in a.text for a in answers), [a.text for a in answers]


def _raw_get(server: Server, query: str) -> socket.socket:
    """Send a GET and return the open socket without reading the answer."""
    parts = urlsplit(server.url)
    sock = socket.create_connection((parts.hostname, parts.port))
    path = f"/sparql?query={quote(query)}&timeout=60"
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: */*\r\n\r\n".encode())
    return sock


def test_a_client_that_disconnects_frees_its_worker(server: Server) -> None:
    before = workers_of(server)
    sock = _raw_get(server, HOSTILE)
    try:
        # the query is running: some worker process is busy with it (its CPU time grows)
        assert wait_until(lambda: any(_cpu(pid) > 0.3 for pid in workers_of(server)))
        busy = {pid for pid in workers_of(server) if _cpu(pid) > 0.3}
    finally:
        sock.close()
    # the worker that ran it is killed long before the query's 12 s time limit would have ended it
    assert wait_until(lambda: not busy & workers_of(server), limit=6.0), (busy, workers_of(server))
    assert busy <= before or busy, busy
    assert httpx.get(server.sparql, params={"query": ASK}, timeout=30).json()["boolean"] is True


def _cpu(pid: str) -> float:
    """User + system CPU seconds a process has used (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    ticks = 100.0
    return (int(fields[11]) + int(fields[12])) / ticks


def test_queue_limit_per_client_answers_429(data_file: Path, tmp_path: Path) -> None:
    """One worker, a lane that never frees (long-after 30 s): a client may keep 1 query waiting."""
    args = [
        "--file",
        str(data_file),
        "--workers",
        "1",
        "--long-after",
        "30",
        "--queue",
        "4",
        "--timeout",
        "5",
    ]
    with running_server(args, tmp_path) as s, ThreadPoolExecutor(max_workers=3) as pool:
        busy = pool.submit(httpx.get, s.sparql, params={"query": HOSTILE}, timeout=60)
        assert wait_until(lambda: any(_cpu(pid) > 0.3 for pid in workers_of(s)))
        waiting = pool.submit(httpx.get, s.sparql, params={"query": ASK, "timeout": "2"}, timeout=60)
        assert wait_until(lambda: waiting.running(), limit=5)
        time.sleep(0.3)  # let it reach the queue
        refused = httpx.get(s.sparql, params={"query": ASK}, timeout=60)
        assert refused.status_code == 429, refused.text
        assert refused.headers["retry-after"] == "1"
        late = waiting.result()
        assert late.status_code == 503 and "waited" in late.text
        assert busy.result().status_code == 503


# ---------------------------------------------------------------- the scheduler with real workers


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sched") / "store"
    write_store(fictional_dataset(), path)
    return path


def _job(query: str) -> dict[str, object]:
    return {
        "op": "query",
        "query": query,
        "accept": "application/sparql-results+json",
        "max_rows": 100,
        "max_triples": 100,
    }


def test_clients_take_turns(store: Path) -> None:
    """One worker: client A queues four queries, then B one; B's is answered second, not fifth."""

    async def scenario() -> list[str]:
        order: list[str] = []

        async def ask(client: str, tag: str) -> None:
            await scheduler.run(_job(ASK), 30, client)
            order.append(tag)

        async with _scheduler(
            store, Lanes(workers=1, long=1, long_after=30, paused=0, queue=16)
        ) as scheduler:
            tasks = [asyncio.ensure_future(ask("A", f"A{i}")) for i in range(4)]
            await asyncio.sleep(0)
            tasks.append(asyncio.ensure_future(ask("B", "B")))
            await asyncio.gather(*tasks)
        return order

    order = asyncio.run(scenario())
    assert order[:2] == ["A0", "B"], order


async def until(condition: Callable[[], bool], limit: float = 10.0) -> bool:
    """Poll ``condition()`` in the event loop, ``limit`` seconds at most; whether it came true."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return False


def test_long_queries_beyond_the_lane_wait_paused_then_resume(store: Path) -> None:
    """long=1: of two expensive queries one runs, the other is stopped (SIGSTOP) until a slot frees;
    cancelling the running one (its client left) resumes the paused one."""

    async def scenario() -> tuple[dict[str, int], dict[str, int], bool, bool]:
        async with _scheduler(store, Lanes(workers=2, long=1, long_after=0.3, paused=2)) as scheduler:
            first = asyncio.ensure_future(scheduler.run(_job(HOSTILE), 60, "A"))
            second = asyncio.ensure_future(scheduler.run(_job(HOSTILE), 60, "B"))
            while scheduler.snapshot()["paused"] < 1:
                await asyncio.sleep(0.05)
            during = scheduler.snapshot()
            paused_pids = [str(t.worker.pid) for t in scheduler._paused if t.worker]
            # the kernel marks a signalled process stopped or running a moment after the signal
            was_stopped = await until(lambda: all(stopped(pid) for pid in paused_pids))
            first.cancel()
            with pytest.raises(asyncio.CancelledError):
                await first
            after = scheduler.snapshot()
            resumed = await until(lambda: not any(stopped(pid) for pid in paused_pids))
            second.cancel()
            with pytest.raises(asyncio.CancelledError):
                await second
        return during, after, was_stopped, resumed

    during, after, was_stopped, resumed = asyncio.run(scenario())
    assert (during["long"], during["paused"]) == (1, 1), during
    assert was_stopped
    assert (after["long"], after["paused"]) == (1, 0), after
    assert resumed


def test_a_query_past_the_paused_limit_is_refused(store: Path) -> None:
    async def scenario() -> SchedulerError:
        async with _scheduler(store, Lanes(workers=2, long=1, long_after=0.3, paused=0)) as scheduler:
            first = asyncio.ensure_future(scheduler.run(_job(HOSTILE), 60, "A"))
            # the first holds the one long slot before the second arrives (else the second could
            # reach long_after first, on a busy machine, and the first be the one refused)
            assert await until(lambda: scheduler.snapshot()["long"] == 1, limit=30)
            with pytest.raises(SchedulerError) as refused:
                await scheduler.run(_job(HOSTILE), 60, "B")
            first.cancel()
            with pytest.raises(asyncio.CancelledError):
                await first
        return refused.value

    error = asyncio.run(scenario())
    assert error.status == 503 and "long queries are running" in error.message


def _nice(pid: int) -> int:
    """The nice value of a process's main thread (field 19 of /proc/PID/stat)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def test_the_short_lane_gets_a_new_process_as_soon_as_a_query_turns_long(store: Path) -> None:
    """workers=1: once the one worker's query turns long, a second process is started and waits idle
    for the next cheap query, before any such query arrives; the long one runs at a lower priority."""

    async def scenario() -> tuple[dict[str, int], int, int]:
        async with _scheduler(store, Lanes(workers=1, long=1, long_after=0.3, paused=2)) as scheduler:
            hostile = asyncio.ensure_future(scheduler.run(_job(HOSTILE), 60, "A"))
            assert await until(lambda: scheduler.snapshot()["long"] == 1, limit=30)
            assert await until(lambda: scheduler.snapshot()["idle"] == 1, limit=30)
            ready = scheduler.snapshot()
            long_pid = next(t.worker.pid for t in scheduler._long if t.worker)
            idle_pid = scheduler._idle[0].pid
            nices = _nice(long_pid), _nice(idle_pid)
            hostile.cancel()
            with pytest.raises(asyncio.CancelledError):
                await hostile
        return ready, *nices

    ready, long_nice, idle_nice = asyncio.run(scenario())
    assert (ready["long"], ready["idle"], ready["processes"]) == (1, 1, 2), ready
    assert (long_nice, idle_nice) == (10, 0)


def test_a_query_that_holds_the_short_lane_while_another_waits_turns_long(store: Path) -> None:
    """workers=1: the running query is stopped from outside (SIGSTOP, as a machine whose cores are
    busy with other work would starve it), so it never uses long_after seconds of CPU; a cheap
    query that arrives waits for its slot long_after seconds, not until the other one ends."""

    async def scenario() -> tuple[bool, dict[str, int]]:
        async with _scheduler(store, Lanes(workers=1, long=1, long_after=0.3, paused=2)) as scheduler:
            hostile = asyncio.ensure_future(scheduler.run(_job(HOSTILE), 60, "A"))
            assert await until(lambda: scheduler.snapshot()["short"] == 1)
            starved = next(iter(scheduler._short)).worker
            assert starved is not None
            os.kill(starved.pid, signal.SIGSTOP)
            reply = await scheduler.run(_job(ASK), 30, "B")
            after = scheduler.snapshot()
            hostile.cancel()
            with pytest.raises(asyncio.CancelledError):
                await hostile
        return b"true" in reply["body"], after

    answered, after = asyncio.run(scenario())
    assert answered
    assert after["long"] == 1, after


def test_a_query_moved_for_room_is_never_paused(store: Path) -> None:
    """workers=1, long=1: the first hostile query proves expensive and fills the long lane; the
    second is starved (SIGSTOP from outside) and holds the short lane while an ASK waits. It may be
    a cheap query on a busy machine, so it stays where it is, neither paused nor stopped: the ASK
    waits for its slot (and here gives up at its time limit)."""

    async def scenario() -> tuple[int, dict[str, int], str]:
        async with _scheduler(store, Lanes(workers=1, long=1, long_after=0.3, paused=2)) as scheduler:
            first = asyncio.ensure_future(scheduler.run(_job(HOSTILE), 60, "A"))
            assert await until(lambda: scheduler.snapshot()["long"] == 1, limit=30)
            second = asyncio.ensure_future(scheduler.run(_job(HOSTILE), 60, "B"))
            assert await until(lambda: scheduler.snapshot()["short"] == 1, limit=30)
            starved = next(iter(scheduler._short)).worker
            assert starved is not None
            os.kill(starved.pid, signal.SIGSTOP)
            with pytest.raises(SchedulerError) as late:
                await scheduler.run(_job(ASK), 2, "C")
            during = scheduler.snapshot()
            for task in (first, second):
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
        return late.value.status, during, late.value.message

    status, during, message = asyncio.run(scenario())
    assert status == 503 and "waited" in message, message
    assert (during["short"], during["long"], during["paused"]) == (1, 1, 0), during


def _starved_ask(
    store: Path, timeout: float, stay: float, starve: float
) -> dict[str, object] | SchedulerError:
    """An ASK on the one worker, which is stopped from outside (SIGSTOP, as cores busy with other
    work, or a pause, would starve it) for ``starve`` seconds after the job reaches it."""

    async def scenario() -> dict[str, object] | SchedulerError:
        async with _scheduler(store, Lanes(workers=1, long=1, long_after=0.3, paused=2), stay) as scheduler:
            worker = scheduler._idle[0]
            os.kill(worker.pid, signal.SIGSTOP)
            asked = asyncio.ensure_future(scheduler.run(_job(ASK), timeout, "A"))
            await asyncio.sleep(starve)
            with contextlib.suppress(ProcessLookupError):  # killed at the stay limit
                os.kill(worker.pid, signal.SIGCONT)
            try:
                return await asked
            except SchedulerError as exc:
                return exc

    return asyncio.run(scenario())


def test_the_time_limit_counts_execution_not_starving(store: Path) -> None:
    """A query kept from the CPU past its 1 s time limit is answered: it has not executed 1 s (a
    cheap query starved behind the short lane under load was refused as if it were expensive)."""
    answer = _starved_ask(store, timeout=1, stay=30, starve=2.5)
    assert isinstance(answer, dict), answer
    body = answer["body"]
    assert isinstance(body, bytes) and b"true" in body, body


def test_no_query_stays_longer_than_the_stay_limit(store: Path) -> None:
    answer = _starved_ask(store, timeout=1, stay=1.5, starve=4)
    assert isinstance(answer, SchedulerError), answer
    assert answer.status == 503 and "time limit of a query's stay" in answer.message, answer.message


def test_a_worker_gets_its_priority_back_or_says_it_cannot(store: Path) -> None:
    async def scenario() -> tuple[int, bool, int]:
        worker = await spawn_worker(store)
        try:
            worker.yield_cpu()
            lowered = _nice(worker.pid)
            restored = worker.restore_cpu()
            return lowered, restored, _nice(worker.pid)
        finally:
            worker.kill()
            await worker.proc.wait()

    lowered, restored, after = asyncio.run(scenario())
    assert lowered == 10
    assert after == (0 if restored else 10)
