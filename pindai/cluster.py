"""The work on Celery workers (#19): the app from the settings, the tasks, sending jobs, the queue's state.

A claimed job (the input renamed into ``work/``, its job in the catalogue) is
sent as a task naming the job. A worker runs it with the same code as the
watcher's own workers, :meth:`pindai.ingest.Ingestor.process`: the stages
(:func:`pindai.ingest.process_document`) and the one catalogue commit
(:func:`pindai.ingest.commit_input`). The catalogue, not the broker, is the
source of truth: a task is acknowledged late (a worker that dies leaves it to
be delivered again), a worker holds the job it runs (a lease in the catalogue),
and a task that finds its job ended or held by a live worker does nothing, so a
task delivered twice files its input once. Index updates wait in the
catalogue's queue; one index writer (the ``index`` queue, one at a time)
applies them.

Celery is imported only here, and only when ``[cluster] broker`` is set: the
single office needs none of it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pindai.catalog import RESUMABLE, Catalog, JobState
from pindai.config import Settings
from pindai.errors import ConfigError, DiskFullError, ExitCode, HomeError, PindaiError, disk_full

log = logging.getLogger(__name__)

#: Queue names as people give them (``pindai worker --queues``) -> the broker's.
QUEUES = {"documents": "pindai.documents", "index": "pindai.index"}
#: The task that runs one claimed job.
TASK_JOB = "pindai.process_job"
#: The task that applies the catalogue's queued index updates (the index writer).
TASK_INDEX = "pindai.flush_index"

BROKER_DOWN = ("Antrean kerja (broker {broker}) tidak dapat dihubungi; {n} pekerjaan disimpan di katalog dan "
               "dikirim begitu broker kembali, tidak ada yang hilang. Periksa layanan Redis/RabbitMQ "
               "(systemctl status redis-server). / The work queue (broker {broker}) cannot be reached; "
               "{n} jobs are kept in the catalogue and sent once it is back, nothing is lost.")
BROKER_BACK = "Antrean kerja tersambung lagi; {n} pekerjaan dikirim. / The work queue is back; {n} jobs sent."


class BrokerError(PindaiError):
    """The broker cannot be reached."""

    exit_code = ExitCode.broker_unreachable
    code = "broker_unreachable"
    retryable = True


class CeleryMissingError(PindaiError):
    """``[cluster] broker`` is set but Celery is not installed."""

    exit_code = ExitCode.missing_dependency


def safe_broker(url: str) -> str:
    """The broker URL without its password (for messages and logs)."""
    from pindai._dialect import safe_url

    return safe_url(url)


def _require_broker(settings: Settings) -> str:
    broker = settings.cluster.broker
    if not broker:
        raise ConfigError(
            f"Tidak ada [cluster] broker di {settings.home.settings_file}; tambahkan mis. "
            '[cluster] broker = "redis://localhost:6379/0". / No [cluster] broker is set in the settings.')
    return broker


def make_app(settings: Settings) -> Any:
    """The Celery app of a home, configured from ``[cluster]``, with pindai's two tasks.

    Raises:
        ConfigError: no ``[cluster] broker`` in the settings.
        CeleryMissingError: Celery is not installed.
    """
    broker = _require_broker(settings)
    try:
        from celery import Celery
    except ImportError as e:
        raise CeleryMissingError("Celery belum terpasang: pip install 'pindai[cluster]' (make setup). "
                          "/ Celery is not installed.") from e
    c = settings.cluster
    app = Celery("pindai", broker=broker, set_as_current=False)
    app.conf.update(
        # Acknowledged after the job ran: a worker that dies mid-task (kill -9, power
        # cut) leaves the task to be delivered again; a pool process that dies makes
        # its worker put the task back at once.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # one document at a time per process: no task waits behind a long one
        task_time_limit=c.time_limit,
        worker_max_tasks_per_child=c.max_tasks_per_child,
        task_default_queue=QUEUES["documents"],
        task_routes={TASK_JOB: {"queue": QUEUES["documents"]}, TASK_INDEX: {"queue": QUEUES["index"]}},
        # The catalogue holds every outcome: no result backend.
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        broker_transport_options={"visibility_timeout": c.visibility_timeout, "socket_connect_timeout": 3,
                                  "socket_timeout": 10},
        broker_connection_timeout=3,
        broker_connection_retry_on_startup=True,
        # A send that fails comes back quickly: the job stays in the catalogue and is sent later.
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5,
                                   "interval_max": 0.5},
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
    )

    # max_retries=None on the task: retry()'s own max_retries=None means Celery's default of 3, and
    # a disk full for longer than three tries failed the task and left its job waiting for no one.
    @app.task(name=TASK_JOB, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
    def process_job(task: Any, job_id: int) -> dict[str, Any]:
        try:
            outcome = run_job(settings, int(job_id))
        except HomeError as e:
            # The home itself is wrong (an unreadable model): every job would fail alike. The
            # job stays unfinished and is tried again once the admin has fixed it.
            log.error("job %d: %s", job_id, e)
            raise task.retry(countdown=_retry_after(settings)) from e
        except Exception as e:
            if (full := disk_full(e)) is None:
                raise
            # The catalogue's disk is full too (its lease, its job row): the job stays
            # unfinished, and this task comes back later. Failed, it was acknowledged and
            # the job waited for no one (#19).
            log.warning("job %d: %s", job_id, DiskFullError(full.strerror or str(full)).message)
            raise task.retry(countdown=_retry_after(settings)) from e
        if outcome.get("ran"):
            send_index_flush(app)
        if outcome.get("state") in RESUMABLE:
            # Postponed (a full disk): the job is tried again later, as the watcher does it.
            raise task.retry(countdown=_retry_after(settings))
        return outcome

    @app.task(name=TASK_INDEX, acks_late=True)
    def flush_index() -> int:
        return run_index_flush(settings)

    return app


def release(app: Any) -> None:
    """Close an app used inside this process, and forget the hook Celery registers to run after
    every fork: in each process forked later (an index rebuild's writers, an OCR pool) it closed
    the app's broker connections through sockets shared with this process, waiting the socket
    timeout (10 s) each time."""
    import gc
    from multiprocessing import util

    from kombu import pools

    app.close()
    pools.reset()  # kombu's shared pools of connections and producers: closed, emptied
    gc.collect()  # the app's channels and pools live in reference cycles until collected
    for key, obj in list(util._afterfork_registry.items()):
        if obj is app:
            util._afterfork_registry.pop(key, None)


def _retry_after(settings: Settings) -> float:
    # Within the visibility timeout: a task held for later is not handed out twice by Redis.
    return min(60.0, settings.cluster.visibility_timeout / 2)


# --------------------------------------------------------------------------- in the worker

#: Each worker process keeps one ingestor (one catalogue connection) for its life.
_process_state: dict[str, Any] = {"pid": None, "ingestor": None}


def _ingestor(settings: Settings) -> Any:
    from pindai.ingest import Ingestor

    if _process_state["pid"] != os.getpid():  # a new pool process: nothing of the parent's connection
        _process_state.update(pid=os.getpid(), ingestor=Ingestor(
            replace(settings, ocr=replace(settings.ocr, jobs=1)),  # parallel across documents, as the watcher
            index_now=False))
    return _process_state["ingestor"]


def lease_holder() -> str:
    """This process, as a job's lease names it: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def lease_is_stale(holder: str | None, until: str | None, *, now: datetime | None = None) -> bool:
    """Whether the worker that held a job has let go of it: expired, or a process of this
    machine that is gone (a worker killed mid-task). Another machine's live lease is not."""
    if not holder:
        return True
    now = now or datetime.now(UTC)
    if until and datetime.fromisoformat(until) < now:
        return True
    host, _, pid = holder.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return True  # this process runs one task at a time: the one before ended
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def run_job(settings: Settings, job_id: int) -> dict[str, Any]:
    """Run one claimed job in this worker, once: the task's body.

    A job that has ended (done, failed, duplicate) is skipped; one held by a live
    worker is left to it (a second delivery of the same task); else this process
    takes it and runs it as the watcher's workers do.

    Returns:
        ``{"job": id, "ran": bool, "state": ..., "skipped": reason}`` (for logs).
    """
    ing = _ingestor(settings)
    cat: Catalog = ing.catalog
    holder = lease_holder()
    row = cat.job_row(job_id)
    if row is None:
        log.warning("job %d: not in the catalogue (another home's broker?)", job_id)
        return {"job": job_id, "ran": False, "skipped": "unknown"}
    if row["state"] not in RESUMABLE:
        log.info("job %d: already %s, skipped", job_id, row["state"])
        return {"job": job_id, "ran": False, "state": row["state"], "skipped": "ended"}
    current = row["lease_holder"]
    if current and current != holder and not lease_is_stale(current, row["lease_until"]):
        log.info("job %d: held by %s, skipped", job_id, current)
        return {"job": job_id, "ran": False, "state": row["state"], "skipped": "held"}
    until = (datetime.now(UTC) + timedelta(seconds=settings.cluster.time_limit + 60)).isoformat(timespec="seconds")
    if not cat.take_job_lease(job_id, holder, until=until, expected=current):
        return {"job": job_id, "ran": False, "skipped": "taken"}
    try:
        job = cat.job(job_id)
        if not Path(job.work_path).exists():
            # As ``Ingestor.resume``: killed before the claim, the input is still in its folder.
            cat.update_job(job_id, state=JobState.failed, error="claim interrupted")
            return {"job": job_id, "ran": False, "skipped": "no input"}
        log.info("job %d: %s", job_id, job.source_name)
        results = ing.process(job)
    finally:
        cat.release_job_lease(job_id, holder)
    state = cat.job_row(job_id)["state"]
    return {"job": job_id, "ran": True, "state": state, "results": [r.status for r in results]}


def run_index_flush(settings: Settings) -> int:
    """Apply the catalogue's queued index updates: the index writer's task."""
    from pindai import index

    ing = _ingestor(settings)
    return index.flush(settings.home, ing.catalog)


# --------------------------------------------------------------------------- sending


def send_job(app: Any, job_id: int) -> None:
    """Send one claimed job as a task.

    Raises:
        BrokerError: the broker cannot be reached (the job stays in the catalogue).
    """
    _send(app, TASK_JOB, [int(job_id)])


def send_index_flush(app: Any) -> None:
    """Ask the index writer to apply the queued index updates."""
    try:
        _send(app, TASK_INDEX, [])
    except BrokerError:
        log.warning("index update postponed: the queue cannot be reached")


def _send(app: Any, task: str, args: list[Any]) -> None:
    from kombu.exceptions import OperationalError

    try:
        app.send_task(task, args=args, retry=True)
    except (OperationalError, OSError) as e:
        raise BrokerError(BROKER_DOWN.format(broker=safe_broker(app.conf.broker_url), n=1)) from e


def send_jobs(settings: Settings, job_ids: list[int]) -> int:
    """Send claimed jobs as tasks (``pindai ingest --queue``); return how many were sent.

    Stops at the first that cannot be sent: the rest stay in the catalogue, and the
    watcher sends every unfinished job when it starts and at each rescan.
    """
    app = make_app(settings)
    sent = 0
    try:
        for job_id in job_ids:
            send_job(app, job_id)
            sent += 1
    finally:
        release(app)
    return sent


def queue_files(settings: Settings, paths: list[Path], *, profile: str | None = None,
                copy: bool = False) -> Iterator[dict[str, Any]]:
    """Claim each file as ``pindai ingest`` does, then send it as a task instead of processing it.

    Yields, per file, ``{"source", "result": "queued" | "kept" | "failed", "job", "error", "error_code"}``:
    ``kept`` when the broker could not be reached (the job waits in the catalogue;
    the watcher sends it when it starts and at each rescan).
    """
    from pindai.ingest import IngestResult, Ingestor

    app = make_app(settings)
    down: BrokerError | None = None
    try:
        with Ingestor(settings, index_now=False) as ing:
            for path in paths:
                claimed = ing.claim(path, profile=profile, copy=copy)
                if isinstance(claimed, IngestResult):
                    yield {"source": claimed.source, "result": "failed", "job": None, "error": claimed.error,
                           "error_code": claimed.error_code}
                    continue
                if down is None:
                    try:
                        send_job(app, claimed.id)
                    except BrokerError as e:
                        down = e
                        log.warning(str(e))
                result = "kept" if down is not None else "queued"
                yield {"source": claimed.source_name, "result": result, "job": claimed.id,
                       "error": str(down) if down is not None else None,
                       "error_code": down.code if down is not None else None}
    finally:
        release(app)


@dataclass
class _Sent:
    name: str
    future: Future[list[dict[str, Any]]]
    #: The stale lease this job was last sent again for (so it is sent once per lost worker).
    resent_for: str | None = None


class Dispatcher:
    """Stands where the watcher's worker pool stands when ``[cluster] broker`` is set.

    ``submit`` records a claimed job and returns a future; a thread sends the
    jobs as tasks (keeping them while the broker is down, and sending them when
    it is back) and resolves each future once the catalogue shows the job
    ended, with the results the watcher reports. A job whose worker was lost
    (its lease stale) is sent again: the catalogue, not the broker, decides
    what is left to do.
    """

    def __init__(self, settings: Settings, *, poll: float = 0.5, retry_every: float = 5.0) -> None:
        self.settings = settings
        self.app = make_app(settings)
        self.poll = poll
        self.retry_every = retry_every
        self._lock = threading.Lock()
        self._outbox: list[int] = []
        self._sent: dict[int, _Sent] = {}
        self._broker_down = False
        self._next_try = 0.0
        self._flush_wanted = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pindai-dispatch", daemon=True)
        self._thread.start()

    @property
    def broker(self) -> str:
        """The broker, without its password (for the watcher's log)."""
        return safe_broker(self.settings.cluster.broker)

    # The worker pool's interface, as the watcher uses it.

    def submit(self, _fn: Callable[..., Any], job_id: int) -> Future[list[dict[str, Any]]]:
        fut: Future[list[dict[str, Any]]] = Future()
        with self._lock:
            self._sent[int(job_id)] = _Sent(str(job_id), fut)
            self._outbox.append(int(job_id))
        return fut

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop sending; jobs not sent yet stay in the catalogue (sent at the next start)."""
        self._stop.set()
        if wait:
            self._thread.join(timeout=10)
        with self._lock:
            for s in self._sent.values():
                s.future.cancel()
        release(self.app)

    def flush_index(self) -> None:
        """Ask the index writer to apply what is queued (sent by the thread)."""
        self._flush_wanted = True

    @property
    def pending(self) -> int:
        """Jobs claimed but not sent yet (the broker is down)."""
        with self._lock:
            return len(self._outbox)

    # The thread.

    def _run(self) -> None:
        cat: Catalog | None = None
        while not self._stop.is_set():
            try:
                if cat is None:
                    cat = Catalog(self.settings.home.catalog)
                self._send_outbox()
                self._collect(cat)
            except Exception as e:  # noqa: BLE001 - the thread must go on: the jobs are in the catalogue
                log.error("dispatch: %s", type(e).__name__)
                if cat is not None:
                    cat.close()
                cat = None
            self._stop.wait(self.poll)
        if cat is not None:
            cat.close()

    def _send_outbox(self) -> None:
        if not self._outbox and not self._flush_wanted:
            return
        if self._broker_down and time.monotonic() < self._next_try:
            return
        with self._lock:
            todo = list(self._outbox)
        sent = 0
        for job_id in todo:
            try:
                send_job(self.app, job_id)
            except BrokerError:
                if not self._broker_down:
                    log.warning(BROKER_DOWN.format(broker=safe_broker(self.settings.cluster.broker),
                                                   n=self.pending))
                self._broker_down = True
                self._next_try = time.monotonic() + self.retry_every
                return
            with self._lock:
                self._outbox.remove(job_id)
            sent += 1
        if self._broker_down:
            log.warning(BROKER_BACK.format(n=sent))
            self._broker_down = False
        if self._flush_wanted:
            self._flush_wanted = False
            send_index_flush(self.app)

    def _collect(self, cat: Catalog) -> None:
        with self._lock:
            waiting = {i: s for i, s in self._sent.items() if i not in self._outbox}
        if not waiting:
            return
        rows = cat.jobs_by_id(list(waiting))
        for job_id, s in waiting.items():
            row = rows.get(job_id)
            if row is None:
                continue
            if row["state"] in RESUMABLE:
                holder = row["lease_holder"]
                if holder and holder != s.resent_for and lease_is_stale(holder, row["lease_until"]):
                    # Its worker was lost mid-task: the job goes to a worker again.
                    log.warning("job %d: its worker %s was lost; sent again", job_id, holder)
                    s.resent_for = holder
                    with self._lock:
                        self._outbox.append(job_id)
                continue
            with self._lock:
                self._sent.pop(job_id, None)
            s.future.set_result([outcome_of(row)])


def outcome_of(row: Any) -> dict[str, Any]:
    """An ended job as the fields of ``IngestResult`` (what the watcher records)."""
    status = {JobState.done: "filed", JobState.duplicate: "duplicate"}.get(row["state"], "failed")
    return {"source": row["source_name"], "status": status, "id": row["document_id"], "sha256": row["sha256"],
            "error": row["error"] if status != "filed" else None,
            "error_code": row["error_code"] if status != "filed" else None,
            "quarantined": row["quarantine_path"]}


# --------------------------------------------------------------------------- the queue's state


@dataclass(frozen=True)
class ClusterStatus:
    """The work queue as the status page and ``pindai doctor`` show it."""

    #: The broker, without its password.
    broker: str
    #: Whether it answered.
    reachable: bool
    #: Tasks waiting in the broker: documents, and index updates.
    queued: int = 0
    queued_index: int = 0
    #: Jobs not ended in the catalogue (sent or waiting to be sent), and those a worker runs now.
    unfinished: int = 0
    running: int = 0
    #: The workers that answered, by name ("pindai@host").
    workers: list[str] = field(default_factory=list)
    #: What is wrong, when not reachable.
    problem: str = ""


def _queue_length(conn: Any, name: str) -> int:
    try:
        return int(conn.default_channel.queue_declare(queue=name, passive=True).message_count)
    except Exception:  # noqa: BLE001 - a queue nobody declared yet is empty
        return 0


def check_broker(settings: Settings, *, timeout: float = 3.0) -> str:
    """Connect to the broker once; return "" or what is wrong (bilingual)."""
    app = make_app(settings)
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as e:  # noqa: BLE001 - any failure to connect is reported, not raised
        return (f"Broker {safe_broker(settings.cluster.broker)} tidak dapat dihubungi ({type(e).__name__}); "
                "jalankan layanannya (systemctl start redis-server) atau perbaiki [cluster] broker di "
                "pindai.toml. / The broker cannot be reached: start it or fix [cluster] broker.")
    finally:
        release(app)
    return ""


def cluster_status(settings: Settings, catalog: Catalog, *, timeout: float = 1.0) -> ClusterStatus | None:
    """The queue's length and the workers, for the status page; None without ``[cluster] broker``."""
    if not settings.cluster.broker:
        return None
    leases = catalog.unfinished_job_leases()
    running = sum(1 for _, holder, until in leases if holder and not lease_is_stale(holder, until))
    base = ClusterStatus(safe_broker(settings.cluster.broker), False, unfinished=len(leases), running=running)
    problem = check_broker(settings, timeout=timeout)
    if problem:
        return replace(base, problem=problem)
    app = make_app(settings)
    try:
        with app.connection_for_write() as conn:
            queued = _queue_length(conn, QUEUES["documents"])
            queued_index = _queue_length(conn, QUEUES["index"])
        replies = app.control.inspect(timeout=timeout).ping() or {}
    except Exception as e:  # noqa: BLE001 - the page shows what it could learn
        return replace(base, problem=f"{type(e).__name__}")
    finally:
        release(app)
    return replace(base, reachable=True, queued=queued, queued_index=queued_index, workers=sorted(replies))


# --------------------------------------------------------------------------- the worker


def parse_queues(text: str) -> list[str]:
    """``documents,index`` -> the broker's queue names.

    Raises:
        ConfigError: an unknown queue name.
    """
    names = [q.strip() for q in text.split(",") if q.strip()]
    unknown = [q for q in names if q not in QUEUES]
    if not names or unknown:
        raise ConfigError(f"Antrean tidak dikenal / unknown queue {', '.join(unknown) or repr(text)}; "
                          f"boleh / allowed: {', '.join(QUEUES)}")
    return [QUEUES[q] for q in names]


def run_worker(settings: Settings, *, queues: str = "documents", concurrency: int | None = None,
               loglevel: str = "INFO") -> None:
    """Run a Celery worker for this home until it is stopped (``pindai worker``).

    The index writer is a worker of the ``index`` queue alone: it runs one
    update at a time, whatever ``concurrency`` says.
    """
    names = parse_queues(queues)
    if names == [QUEUES["index"]]:
        concurrency = 1  # one index writer
    n = concurrency or os.cpu_count() or 1
    app = make_app(settings)
    role = "index" if names == [QUEUES["index"]] else "docs"
    argv = ["worker", f"--loglevel={loglevel}", "-Q", ",".join(names), "-c", str(n),
            # The index writer: one process (solo). Documents: prefork, for the time limit,
            # the recycling of processes and a lost process's task put back at once.
            "-P", "solo" if role == "index" else "prefork",
            "-n", f"pindai-{role}-{os.getpid()}@%h", "--without-gossip", "--without-mingle"]
    log.info("worker: queues %s, %d at once", ",".join(names), n)
    app.worker_main(argv=argv)
