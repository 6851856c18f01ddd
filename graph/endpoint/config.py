"""What ``tipkg serve`` was told: the store, what is allowed, and every limit, each with a safe default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tipkg.graph.endpoint.scheduler import Lanes


def _cores() -> int:
    return max(2, os.cpu_count() or 2)


@dataclass
class EndpointConfig:
    """Read-only, no SERVICE, every query's time, answer and request size bounded unless told so."""

    store: Path
    allow_update: bool = False
    token: str | None = None
    allow_service: tuple[str, ...] = ()
    timeout: float = 10.0
    max_timeout: float = 60.0
    max_rows: int = 10_000
    max_triples: int = 1_000_000
    workers: int = field(default_factory=_cores)
    long_queries: int = 0  # 0: as many as workers
    long_after: float = 0.5
    queue: int = 64
    max_memory_mb: int = 4096
    max_body: int = 1 << 20
    max_url: int = 16 << 10
    #: the endpoint's own address, for the service description and as the base IRI of queries;
    #: never taken from a request's Host header
    public_url: str = "http://127.0.0.1:7878/"

    def __post_init__(self) -> None:
        if self.allow_update and not self.token:
            raise ValueError("--allow-update needs --token: updates are only accepted with a bearer token")
        if self.timeout <= 0 or self.max_timeout <= 0:
            raise ValueError("timeouts must be positive")
        if self.max_body < 1 or self.max_url < 256:
            raise ValueError("the request size limits are too small to carry a query")
        self.timeout = min(self.timeout, self.max_timeout)
        if not self.public_url.endswith("/"):
            self.public_url += "/"

    @property
    def sparql_url(self) -> str:
        return self.public_url + "sparql"

    @property
    def lanes(self) -> Lanes:
        """The scheduler's limits; a writable store has one process, so one lane of one."""
        if self.allow_update:
            return Lanes(workers=1, long=1, long_after=self.long_after, paused=0, queue=self.queue)
        workers = max(1, self.workers)
        return Lanes(
            workers=workers,
            long=self.long_queries or workers,
            long_after=self.long_after,
            paused=self.queue,
            queue=self.queue,
            queue_per_client=max(1, self.queue // 4),
        )
