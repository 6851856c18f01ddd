"""A throw-away Virtuoso (Debian's virtuoso-opensource) on loopback, for tests and benchmarks.

Each instance gets its own database directory and virtuoso.ini with free ports, so it never touches
a system-wide Virtuoso. Installing the package is .ci/install-virtuoso's job; this only runs it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.endpoint_support import die_with_parent, free_port
from tests.server_process import stop_group, wait_for_sparql

VIRTUOSO_BIN = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL_BIN = shutil.which("isql-vt") or "/usr/bin/isql-vt"
SHARE = Path("/usr/share/virtuoso-opensource-7")
VSP = Path("/var/lib/virtuoso-opensource-7/vsp")
USER, PASSWORD = "dba", "dba"  # the fresh database's built-in administrator

INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 20
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., {db}, {share}/vad
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
VADInstallDir = {share}/vad/
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxQueryMem = 1G
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
MaxClientConnections = 20
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 20
MaxKeepAlives = 20
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 0

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[VDB]
ArrayOptimization = 0
NumArrayParameters = 10
VDBDisconnectTimeout = 1000
KeepConnectionOnFixedThread = 0

[Replication]
ServerName = tipkg-test
ServerEnable = 1
QueueMax = 50000

[URIQA]
DynamicLocal = 0
DefaultHost = 127.0.0.1:{http_port}

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = {query_seconds}
DefaultGraph =
DeferInferenceRulesInit = 0
"""


def available() -> bool:
    return Path(VIRTUOSO_BIN).is_file() and os.access(VIRTUOSO_BIN, os.X_OK)


@dataclass
class Virtuoso:
    base: str
    directory: Path
    proc: subprocess.Popen[bytes]
    sql_port: int = 0

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint that takes digest authentication."""
        return f"{self.base}/sparql-graph-crud-auth"

    def isql(self, sql: str, timeout: float = 900.0) -> str:
        """Run SQL statements with Debian's isql-vt as the administrator; fail on any error."""
        out = subprocess.run(
            [ISQL_BIN, f"127.0.0.1:{self.sql_port}", USER, PASSWORD, "VERBOSE=OFF", f"EXEC={sql}"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
            raise RuntimeError(f"isql-vt failed: {out.stdout[-2000:]}{out.stderr[-2000:]}")
        return out.stdout

    def bulk_load(self, nquads: Path) -> None:
        """Load an N-Quads file with Virtuoso's own bulk loader (much faster than one PUT per graph).

        The file is copied into the database directory (the only one DirsAllowed names).
        """
        name = "bulk.nq"
        shutil.copyfile(nquads, self.directory / name)
        self.isql(f"ld_dir('{self.directory}', '{name}', 'urn:tipkg:unused'); rdf_loader_run(); checkpoint;")
        (self.directory / name).unlink()

    def log(self) -> str:
        path = self.directory / "virtuoso.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


@contextlib.contextmanager
def running_virtuoso(
    startup_timeout: float = 120.0, buffers: int = 20_000, query_seconds: int = 120
) -> Iterator[Virtuoso]:
    """Start a fresh Virtuoso in a temporary directory; stop it and remove everything afterwards.

    ``buffers``: 8 KiB pages of cache (Virtuoso's NumberOfBuffers); the tests' small data needs few,
    a benchmark on the whole corpus gives it what Virtuoso's documentation advises for 4 GB.
    ``query_seconds``: Virtuoso's own time limit of a query (MaxQueryExecutionTime).
    """
    if not available():
        raise RuntimeError(f"{VIRTUOSO_BIN} is missing: run .ci/install-virtuoso")
    directory = Path(tempfile.mkdtemp(prefix="tipkg-virtuoso-"))
    http_port, sql_port = free_port(), free_port()
    while sql_port == http_port:
        sql_port = free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(
        INI.format(
            db=directory,
            sql_port=sql_port,
            http_port=http_port,
            share=SHARE,
            vsp=VSP,
            buffers=buffers,
            dirty_buffers=buffers * 3 // 4,
            query_seconds=query_seconds,
        )
    )
    proc = subprocess.Popen(
        [VIRTUOSO_BIN, "-f", "-c", str(ini)],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=die_with_parent,
    )
    server = Virtuoso(f"http://127.0.0.1:{http_port}", directory, proc, sql_port)
    try:
        wait_for_sparql(
            proc, server.sparql, name="Virtuoso", timeout=startup_timeout, log=server.log, poll=0.5
        )
        yield server
    finally:
        stop_group(proc, grace=30)
        shutil.rmtree(directory, ignore_errors=True)
