"""A throwaway Redis server for the tests (#19): Debian's ``redis-server``, a folder in /tmp.

Modelled on ``pgserver``: one server per test session, started by the first
fixture that needs it, on a free localhost port, without persistence, stopped
at the end. ``stop()`` and ``start()`` let a test take the broker away and
bring it back on the same port.
"""

from __future__ import annotations

import atexit
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REDIS_SERVER = shutil.which("redis-server") or ("/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists()
                                                else None)

try:
    import celery  # noqa: F401
    import redis  # noqa: F401
    _HAVE_CLIENTS = True
except ImportError:
    _HAVE_CLIENTS = False

#: Skip only when Redis or Celery is not installed (scripts/setup.sh installs them).
needs_redis = pytest.mark.skipif(
    not (REDIS_SERVER and _HAVE_CLIENTS),
    reason="redis-server (Debian package redis-server) or celery/redis missing: run scripts/setup.sh")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """One running ``redis-server``; :meth:`url` gives each test a database of its own."""

    _running: RedisServer | None = None

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="pindai-redis-"))
        self.port = _free_port()
        self._proc: subprocess.Popen[bytes] | None = None
        self._next_db = 0
        self.start()
        atexit.register(self.stop)

    def start(self) -> None:
        """Start it (again, on the same port)."""
        assert REDIS_SERVER
        self._proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
             "--save", "", "--appendonly", "no", "--databases", "64", "--daemonize", "no"],
            stdout=(self.dir / "log").open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start: {(self.dir / 'log').read_text()[-500:]}")

    def stop_server(self) -> None:
        """Stop it as a crash would (the data is kept in memory only: a restart starts empty)."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait(timeout=10)
        self._proc = None

    @classmethod
    def get(cls) -> RedisServer:
        if cls._running is None:
            cls._running = cls()
        return cls._running

    def url(self) -> str:
        """A fresh database of the server (0-63), for one test."""
        db = self._next_db % 64
        self._next_db += 1
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        if RedisServer._running is self:
            RedisServer._running = None
        self.stop_server()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server():
    """The test session's Redis (started on first use, stopped at the end)."""
    server = RedisServer.get()
    yield server
    server.stop()
