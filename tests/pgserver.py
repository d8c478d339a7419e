"""A throwaway PostgreSQL server for the tests (#19): Debian's binaries, a data folder in /tmp.

``initdb`` refuses to run as root: as root, the server runs as the ``postgres`` user
(made by Debian's package), which owns the folder. One server per test process,
started by the first fixture that needs it and stopped at the end of the session.
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _binary(name: str) -> str | None:
    for d in _BIN_DIRS:
        if (d / name).exists():
            return str(d / name)
    return shutil.which(name)


INITDB, PG_CTL = _binary("initdb"), _binary("pg_ctl")

try:
    import psycopg  # noqa: F401
    _HAVE_PSYCOPG = True
except ImportError:
    _HAVE_PSYCOPG = False

#: Skip only when PostgreSQL is not installed (scripts/setup.sh installs it; CI runs it).
needs_postgres = pytest.mark.skipif(
    not (INITDB and PG_CTL and _HAVE_PSYCOPG),
    reason="PostgreSQL binaries (Debian package postgresql) or psycopg missing: run scripts/setup.sh")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """One running server; :meth:`new_database` gives each test an empty database."""

    _running: PgServer | None = None

    def __init__(self, keep: Path | None = None) -> None:
        """``keep``: a folder to hold the server's data and keep at :meth:`stop` (a benchmark's built
        databases, reused by the next run); started again as it is when it holds one already."""
        self.keep = keep
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
        self.dir = keep if keep is not None else Path(tempfile.mkdtemp(prefix="pindai-pg-"))
        self.port = _free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        data, sockets = self.dir / "data", self.dir / "run"
        if not (data / "PG_VERSION").exists():
            self._run([INITDB, "-D", str(data), "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8",
                       "--no-sync"])
        if not sockets.exists():
            self._run(["mkdir", str(sockets)])
        self._run([PG_CTL, "-D", str(data), "-l", str(self.dir / "log"), "-w", "-t", "60", "start", "-o",
                   f"-p {self.port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
                   " -c synchronous_commit=off -c full_page_writes=off"])
        self.data = data
        atexit.register(self.stop)

    def _run(self, argv: list[str]) -> None:
        subprocess.run([*self._as, *argv], check=True, capture_output=True, timeout=120)

    @classmethod
    def get(cls) -> PgServer:
        if cls._running is None:
            cls._running = cls()
        return cls._running

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self, name: str | None = None) -> str:
        """An empty database (``name``, or a new one's); its URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE template0")
        return self.url(name)

    def stop(self) -> None:
        if PgServer._running is self:
            PgServer._running = None
        if self.dir.exists():
            subprocess.run([*self._as, PG_CTL, "-D", str(self.data), "-m", "fast" if self.keep else "immediate",
                            "-w", "stop"], capture_output=True, timeout=120)
            if self.keep is None:
                shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    """The test session's PostgreSQL (started on first use, stopped at the end)."""
    server = PgServer.get()
    yield server
    server.stop()
