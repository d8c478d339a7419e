"""The work on Celery workers (#19): a real Redis, real ``pindai worker`` and ``pindai watch`` processes.

No mock of Celery or Redis: the watcher claims files and sends them as tasks,
workers (Celery's prefork pool) run them, and the catalogue shows each input
filed exactly once, also after a worker is killed mid-task and while the broker
is away.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import synth
from click.testing import CliRunner
from conftest import needs_systemd_analyze, needs_tesseract, verify_units
from pgserver import needs_postgres, pg_server  # noqa: F401  (the session's PostgreSQL)
from redisserver import RedisServer, needs_redis, redis_server  # noqa: F401  (the session's Redis)

from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import load_settings
from pindai.errors import ExitCode

pytestmark = needs_redis

SETTINGS = """
[profiles.uji]
kind = "scanner"
settle_seconds = 0.5
unit = "Umum"

[cluster]
broker = "{broker}"
{extra}
"""


def configure(home: Path, broker: str, extra: str = "") -> Path:
    """One test profile and the broker; return the profile's hot folder."""
    (home / "pindai.toml").write_text(SETTINGS.format(broker=broker, extra=extra), encoding="utf-8")
    folder = home / "inbox" / "uji"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def letter(folder: Path, n: int, *, pages: int = 1) -> Path:
    """A tiny born-digital letter (cheap to file: its text layer is read)."""
    lines = [f"Undangan rapat koordinasi nomor {n}/PP.01/2026", "Komisi Pemilihan Umum Kabupaten Lahat",
             f"Rapat ke-{n} membahas jadwal tahapan pemilihan."]
    tmp = folder.parent / f".{folder.name}-{n}.tmp"
    synth.write_text_pdf([[*lines, f"Halaman {p + 1}"] for p in range(pages)], tmp)
    return tmp.rename(folder / f"surat-{n:03d}.pdf")  # appears whole, as a scanner's rename


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pindai(home: Path, *args: str, log: Path) -> subprocess.Popen[bytes]:
    """A ``pindai`` command as its own process group (killed as a whole by ``kill -9``)."""
    return subprocess.Popen([sys.executable, "-m", "pindai", "-v", *args, "--home", str(home)],
                            stdout=subprocess.DEVNULL, stderr=log.open("ab"), start_new_session=True)


def end(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture
def procs() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts: all of them ended at its end, whatever happened."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for p in started:
        end(p, signal.SIGKILL)


def jobs(home: Path) -> list[dict]:
    try:
        con = sqlite3.connect(f"file:{home / 'catalog.sqlite3'}?mode=ro", uri=True, timeout=5)
        try:
            con.row_factory = sqlite3.Row
            return [dict(r) for r in con.execute("SELECT * FROM jobs ORDER BY id")]
        finally:
            con.close()
    except sqlite3.Error:
        return []


def filed(home: Path) -> list[str]:
    with Catalog(home / "catalog.sqlite3") as cat:
        return [r[0] for r in cat.db.execute("SELECT sha256 FROM documents")]


def wait_for(predicate: Callable[[], bool], timeout: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-2500:]}" for p in logs if p.exists())
            raise AssertionError(f"timed out waiting for {what}; jobs: "
                                 f"{[(j['id'], j['state'], j['lease_holder']) for j in jobs(logs[0].parent / 'home')]}"
                                 f"\n{tails}")
        time.sleep(0.2)


def all_filed(home: Path, n: int) -> Callable[[], bool]:
    """Every job ended and let go by its worker (it lets go after its clean-up, just after the commit)."""
    def check() -> bool:
        js = jobs(home)
        return len(js) >= n and all(j["state"] in ("done", "duplicate", "failed") and not j["lease_holder"]
                                    for j in js)
    return check


def assert_exactly_once(home: Path, digests: set[str], hot: Path) -> None:
    stored = filed(home)
    assert sorted(stored) == sorted(digests), "each input filed exactly once"
    js = jobs(home)
    assert {j["state"] for j in js} == {"done"}, [(j["id"], j["state"], j["error"]) for j in js]
    assert not [p for p in hot.iterdir() if p.suffix == ".pdf"], "every file taken from the hot folder"
    assert not [p for p in (hot / "GAGAL").iterdir()] if (hot / "GAGAL").exists() else True
    assert not [p for p in (home / "work").rglob("*") if p.is_file()], "no work copy left"
    for digest in digests:
        assert any((home / "originals").rglob(f"{digest}*")), "every original stored"


# --------------------------------------------------------------------------- settings, doctor


def test_the_broker_must_be_a_redis_or_amqp_url(home_dir: Path) -> None:
    configure(home_dir, "http://antrean.kpu.local")
    r = CliRunner().invoke(cli, ["worker", "--home", str(home_dir)])
    assert r.exit_code == ExitCode.bad_config, r.output
    assert "[cluster]" in r.output and "broker" in r.output and "redis://" in r.output


def test_a_worker_refuses_an_unknown_queue(home_dir: Path, redis_server: RedisServer) -> None:
    configure(home_dir, redis_server.url())
    r = CliRunner().invoke(cli, ["worker", "--home", str(home_dir), "--queues", "documents,ocr"])
    assert r.exit_code == ExitCode.bad_config, r.output
    assert "unknown queue ocr" in r.output


def test_doctor_checks_the_broker(home_dir: Path, redis_server: RedisServer,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINDAI_HOME", str(home_dir))
    configure(home_dir, redis_server.url())
    r = CliRunner().invoke(cli, ["doctor", "--nl"])
    [row] = [json.loads(line) for line in r.output.splitlines() if '"cluster:broker"' in line]
    assert row["ok"] and f"127.0.0.1:{redis_server.port}" in row["purpose"]

    down = RedisServer()
    down.stop_server()
    configure(home_dir, down.url())
    try:
        r = CliRunner().invoke(cli, ["doctor", "--nl"])
    finally:
        down.stop()
    [row] = [json.loads(line) for line in r.output.splitlines() if '"cluster:broker"' in line]
    assert not row["ok"] and "tidak dapat dihubungi" in row["fix"] and "cannot be reached" in row["fix"]
    assert r.exit_code == ExitCode.missing_dependency


# --------------------------------------------------------------------------- the cluster at work


def test_fifty_files_dropped_into_a_hot_folder_served_by_a_watcher_and_two_workers_are_each_filed_once(
        tmp_path: Path, home_dir: Path, redis_server: RedisServer, procs: list[subprocess.Popen[bytes]]) -> None:
    n = 50
    hot = configure(home_dir, redis_server.url())
    logs = [tmp_path / "watch.log", tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    # Two workers of one document at a time; the first is also the index writer.
    procs.append(pindai(home_dir, "worker", "--concurrency", "1", "--queues", "documents,index", log=logs[1]))
    procs.append(pindai(home_dir, "worker", "--concurrency", "1", log=logs[2]))
    procs.append(pindai(home_dir, "watch", log=logs[0]))
    digests = {sha(letter(hot, i)) for i in range(n)}
    wait_for(all_filed(home_dir, n), 60 + 3 * n, f"{n} files filed", logs)
    assert_exactly_once(home_dir, digests, hot)
    # Both workers took part (each logs the jobs it runs).
    ran = [p for p in logs[1:] if "job " in p.read_text(errors="replace")]
    assert len(ran) == 2, "both workers ran jobs"
    # The index writer applied every update: all are found.
    wait_for(lambda: Catalog(home_dir / "catalog.sqlite3").queued_index_count() == 0, 30, "index queue drained", logs)
    r = CliRunner().invoke(cli, ["search", "koordinasi", "--exempt", "--limit", "1000", "--json",
                                 "--home", str(home_dir)])
    assert r.exit_code == ExitCode.ok, r.output
    assert len(r.output.splitlines()) == n


@pytest.mark.parametrize("what", ["worker", "pool process"])
def test_kill_9_of_a_worker_mid_task_then_its_restart_still_files_each_input_once(
        tmp_path: Path, home_dir: Path, redis_server: RedisServer, procs: list[subprocess.Popen[bytes]],
        what: str) -> None:
    # A short visibility timeout: the broker also hands the lost task out again
    # (a second delivery of a job that is by then running or done).
    hot = configure(home_dir, redis_server.url(), "visibility_timeout = 8")
    logs = [tmp_path / "watch.log", tmp_path / "worker.log", tmp_path / "worker-2.log"]
    worker = pindai(home_dir, "worker", "--concurrency", "1", "--queues", "documents,index", log=logs[1])
    procs.append(worker)
    procs.append(pindai(home_dir, "watch", log=logs[0]))
    # Letters of a few pages: a task lasts long enough to be killed in the middle.
    digests = {sha(letter(hot, i, pages=8)) for i in range(6)}

    def under_way() -> list[dict]:
        return [j for j in jobs(home_dir) if j["lease_holder"] and j["state"] in ("claimed", "stored")]
    wait_for(lambda: bool(under_way()), 60, "a task under way", logs)
    [killed] = under_way()
    if what == "worker":
        end(worker, signal.SIGKILL)  # the worker and its pool process: a crash of the machine's worker
        procs.append(pindai(home_dir, "worker", "--concurrency", "1", "--queues", "documents,index",
                            log=logs[2]))
    else:
        # The pool process alone (the kernel's OOM killer): the worker puts the task back
        # and starts a new pool process.
        os.kill(int(killed["lease_holder"].rpartition(":")[2]), signal.SIGKILL)
    assert [j["state"] for j in jobs(home_dir) if j["id"] == killed["id"]] != ["done"], "killed mid-task"
    wait_for(all_filed(home_dir, 6), 120, "all filed after the restart", logs)
    assert_exactly_once(home_dir, digests, hot)
    [again] = [j for j in jobs(home_dir) if j["id"] == killed["id"]]
    assert again["attempts"] == 2 and again["lease_holder"] is None
    # Tasks delivered twice (the lost one, redelivered and resent) ran once: the rest were skipped.
    time.sleep(10)  # past the visibility timeout: the broker's own redelivery comes too
    assert sorted(filed(home_dir)) == sorted(digests)


def test_a_stopped_broker_the_watcher_keeps_claiming_and_sends_the_jobs_when_it_is_back(
        tmp_path: Path, home_dir: Path, procs: list[subprocess.Popen[bytes]]) -> None:
    broker = RedisServer()  # a broker of this test's own, taken away and brought back
    try:
        broker.stop_server()
        hot = configure(home_dir, broker.url())
        logs = [tmp_path / "watch.log", tmp_path / "worker.log"]
        # Queued from the command line while the broker is away: kept as a job.
        early = letter(tmp_path, 99)
        digests = {sha(early)}
        r = CliRunner().invoke(cli, ["ingest", "--queue", str(early), "--home", str(home_dir)])
        assert r.exit_code == ExitCode.broker_unreachable, r.output
        assert "DISIMPAN" in r.output and "tidak dapat dihubungi" in r.output and "nothing is lost" in r.output

        procs.append(pindai(home_dir, "watch", log=logs[0]))
        digests |= {sha(letter(hot, i)) for i in range(4)}
        wait_for(lambda: len(jobs(home_dir)) == 5 and not list(hot.glob("*.pdf")), 60, "all claimed", logs)
        wait_for(lambda: "tidak dapat dihubungi" in logs[0].read_text(errors="replace"), 30, "the message", logs)
        assert {j["state"] for j in jobs(home_dir)} == {"claimed"}  # kept, none lost, none filed
        assert "nothing is lost" in logs[0].read_text()

        broker.start()
        procs.append(pindai(home_dir, "worker", "--concurrency", "1", "--queues", "documents,index", log=logs[1]))
        wait_for(all_filed(home_dir, 5), 120, "all filed once the broker is back", logs)
        assert_exactly_once(home_dir, digests, hot)
        assert "tersambung lagi" in logs[0].read_text()
    finally:
        broker.stop()


def test_ingest_queue_sends_the_files_to_the_workers_and_the_status_shows_the_queue(
        tmp_path: Path, home_dir: Path, redis_server: RedisServer, procs: list[subprocess.Popen[bytes]]) -> None:
    from pindai import cluster

    configure(home_dir, redis_server.url())
    files = [letter(tmp_path, i) for i in range(3)]
    digests = {sha(f) for f in files}
    r = CliRunner().invoke(cli, ["ingest", "--queue", "--json", *map(str, files), "--home", str(home_dir)])
    assert r.exit_code == ExitCode.ok, r.output
    assert [json.loads(line)["result"] for line in r.output.splitlines()] == ["queued"] * 3
    settings = load_settings(home_dir)
    with Catalog(home_dir / "catalog.sqlite3") as cat:
        before = cluster.cluster_status(settings, cat)
    assert before is not None and before.reachable
    assert before.queued == 3 and before.unfinished == 3 and before.workers == []

    log = tmp_path / "worker.log"
    procs.append(pindai(home_dir, "worker", "--concurrency", "1", "--queues", "documents,index", log=log))
    wait_for(all_filed(home_dir, 3), 90, "queued files filed", [tmp_path / "none.log", log])
    assert sorted(filed(home_dir)) == sorted(digests)
    with Catalog(home_dir / "catalog.sqlite3") as cat:
        after = cluster.cluster_status(settings, cat, timeout=2.0)
    assert after is not None and after.queued == 0 and after.unfinished == 0
    assert len(after.workers) == 1 and after.workers[0].startswith("pindai-docs-")


def test_a_job_sent_several_times_to_two_workers_runs_once(
        tmp_path: Path, home_dir: Path, redis_server: RedisServer, procs: list[subprocess.Popen[bytes]]) -> None:
    from pindai import cluster
    from pindai.ingest import Ingestor

    configure(home_dir, redis_server.url())
    settings = load_settings(home_dir)
    files = [letter(tmp_path, i) for i in range(4)]
    digests = {sha(f) for f in files}
    with Ingestor(settings) as ing:
        claimed = [ing.claim(f) for f in files]
    app = cluster.make_app(settings)
    try:
        for job in claimed:  # each job four times in a row, as redeliveries and resends can come
            for _ in range(4):
                cluster.send_job(app, job.id)
    finally:
        cluster.release(app)
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    procs.append(pindai(home_dir, "worker", "--concurrency", "1", "--queues", "documents,index", log=logs[0]))
    procs.append(pindai(home_dir, "worker", "--concurrency", "1", log=logs[1]))
    wait_for(all_filed(home_dir, 4), 90, "all filed", [tmp_path / "none.log", *logs])
    with Catalog(home_dir / "catalog.sqlite3") as cat:
        wait_for(lambda: cluster.cluster_status(settings, cat).queued == 0, 30, "every copy taken",
                 [tmp_path / "none.log", *logs])
    assert sorted(filed(home_dir)) == sorted(digests)
    assert [j["attempts"] for j in jobs(home_dir)] == [1] * 4, "each job ran once; its copies were skipped"


# --------------------------------------------------------------------------- operations

CLUSTER_UNITS = ("pindai-worker.service", "pindai-index-writer.service")


@needs_systemd_analyze
def test_the_worker_and_index_writer_units_verify(tmp_path: Path) -> None:
    """systemd's own check, as tests/test_install.py does for the single office's units."""
    repo = Path(__file__).resolve().parent.parent
    for unit in CLUSTER_UNITS:
        text = (repo / "deploy" / unit).read_text()
        assert "pindai -v worker --queues" in text and "User=pindai" in text and "UMask=0027" in text
    verify_units([repo / "deploy" / unit for unit in CLUSTER_UNITS], tmp_path)
    assert "--queues index" in (repo / "deploy" / "pindai-index-writer.service").read_text()



def test_the_status_page_shows_the_work_queue_and_the_workers(
        tmp_path: Path, home_dir: Path, redis_server: RedisServer) -> None:
    from fastapi.testclient import TestClient

    from pindai import cluster
    from pindai import accounts
    from pindai.web.app import create_app

    configure(home_dir, redis_server.url())
    settings = load_settings(home_dir)
    assert [q["result"] for q in cluster.queue_files(settings, [letter(tmp_path, 1), letter(tmp_path, 2)])] \
        == ["queued"] * 2
    with Catalog(settings.home.catalog) as cat:
        accounts.add_user(cat, "udin", role="operator", password="rahasia-123")
    client = TestClient(create_app(settings), follow_redirects=False)
    form = client.get("/masuk").text
    token = form.split('name="csrf" value="')[1].split('"')[0]
    assert client.post("/masuk", data={"name": "udin", "password": "rahasia-123", "csrf": token}).status_code == 303
    page = client.get("/status").text
    assert "Antrean kerja" in page and f"127.0.0.1:{redis_server.port}" in page
    assert "2 dokumen" in page and "2 pekerjaan" in page
    assert "Tidak ada pekerja yang menjawab" in page


# --------------------------------------------------------------------------- the catalogue's leases


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def test_a_job_lease_is_taken_by_one_worker_at_a_time_on_both_databases(
        home_dir: Path, database: str, request: pytest.FixtureRequest) -> None:
    from pindai.catalog import JobState

    location: Path | str = home_dir / "catalog.sqlite3"
    if database == "postgresql":
        location = request.getfixturevalue("pg_server").new_database()
    until = "2999-01-01T00:00:00+00:00"
    with Catalog(location) as cat:
        job = cat.new_job(source=Path("surat.pdf"), work=home_dir / "work" / "job-x" / "input.pdf", profile="default")
        assert cat.take_job_lease(job, "a:1", until=until, expected=None)
        assert not cat.take_job_lease(job, "b:2", until=until, expected=None), "held by a: not taken"
        assert cat.take_job_lease(job, "b:2", until=until, expected="a:1"), "a was lost: b takes over"
        assert not cat.take_job_lease(job, "c:3", until=until, expected="a:1"), "b took it first"
        cat.release_job_lease(job, "a:1")
        assert cat.job_row(job)["lease_holder"] == "b:2", "only the holder lets go"
        cat.release_job_lease(job, "b:2")
        assert cat.unfinished_job_leases() == [(job, None, None)]
        cat.update_job(job, state=JobState.done)
        assert not cat.take_job_lease(job, "c:3", until=until, expected=None), "an ended job is not taken"
        assert cat.jobs_by_id([job])[job]["state"] == "done"


def test_a_process_that_asked_the_broker_forks_without_its_connections(home_dir: Path,
                                                                       redis_server: RedisServer) -> None:
    """The status page and `ingest --queue` talk to the broker inside a process that later forks (an
    index rebuild's writers): no broker channel may be left for a forked child to close. Each one
    made every later fork wait the socket timeout (10 s): the suite ran 5 minutes longer."""
    from multiprocessing import util

    from pindai import cluster

    configure(home_dir, redis_server.url())
    settings = load_settings(home_dir)
    with Catalog(home_dir / "catalog.sqlite3") as cat:
        assert cluster.cluster_status(settings, cat).reachable
    app = cluster.make_app(settings)
    cluster.send_job(app, 424242)  # a job that does not exist: no worker here takes it anyway
    cluster.release(app)
    left = [type(v).__module__ for v in util._afterfork_registry.values()]
    assert "kombu.transport.redis" not in left and app not in list(util._afterfork_registry.values())


# --------------------------------------------------------------------------- a full disk under a worker


@needs_tesseract
def test_a_worker_postpones_a_job_on_a_full_disk_and_files_it_once_when_space_returns(
        tmp_path: Path, redis_server: RedisServer, procs: list[subprocess.Popen[bytes]]) -> None:
    """The worker's own retry (Celery's countdown), across processes: a job that meets a full disk
    stays in the catalogue, unfinished, and is filed once by a later try of the same task. Before,
    the catalogue's "database or disk is full" failed the task, and retries stopped after three:
    either way the job was left waiting for no one."""
    from test_intake_attacks import _fill, _mount

    from pindai import archive
    from pindai.config import resolve_home

    for disk in _mount(tmp_path / "disk", "24m"):
        home = disk / "home"
        archive.init_home(resolve_home(home))
        Catalog(home / "catalog.sqlite3").close()
        configure(home, redis_server.url(), "visibility_timeout = 4")  # a retry 2 s later
        inbox = home / "masuk"
        inbox.mkdir()
        src = synth.write_image_pdf([synth.scanner_page(synth.TEXTS["surat_tugas"], seed=5)[0]], inbox / "tugas.pdf")
        digest = sha(src)
        r = CliRunner().invoke(cli, ["ingest", "--queue", "--json", str(src), "--home", str(home)])
        assert r.exit_code == ExitCode.ok, r.output
        # Room for nothing the OCR writes; the original is stored already.
        filler = _fill(disk, leave_kb=32)
        log = tmp_path / "worker.log"
        logs = [log]
        procs.append(pindai(home, "worker", "--concurrency", "1", "--queues", "documents,index", log=log))

        def tries_on_full_disk() -> int:
            return log.read_text(errors="replace").count("Disk penuh") if log.exists() else 0
        # The catalogue's own disk is full: the job cannot even be leased. The task comes back,
        # again and again (more than Celery's default of three retries), and gives up on nothing.
        wait_for(lambda: tries_on_full_disk() >= 5, 120, "five tries on the full disk",
                 [tmp_path / "none.log", *logs])
        assert "MaxRetriesExceeded" not in log.read_text(errors="replace")
        assert "Traceback" not in log.read_text(errors="replace")
        filler.unlink()  # space returns
        wait_for(all_filed(home, 1), 90, "filed once space returned", [tmp_path / "none.log", *logs])
        [job] = jobs(home)
        assert job["state"] == "done" and filed(home) == [digest]
        assert not [p for p in (home / "failed").iterdir()], "nothing set aside as failed"
        for p in procs:
            end(p)  # the worker lets go of the tmpfs before it is unmounted
