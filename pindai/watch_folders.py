"""Hot folders: notice files, wait until they are complete, claim them, process them in workers.

Native file events (watchdog/inotify) where they arrive, polling where they
do not (network shares), and a full rescan at start and periodically so that
nothing dropped while pindai was down is missed. A file is taken only when
its size and time have not changed for the profile's settle time *and* it
parses as complete. Claiming is an atomic rename into the work area, recorded
in the catalogue first, so the claimed jobs are a persistent queue: a restart
resumes them. One watcher per home (a lock file); OCR runs in a pool of
worker processes, one per core.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import queue
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pindai import _pool, archive, index
from pindai.catalog import Catalog
from pindai.config import Profile, Settings
from pindai.errors import ExitCode, PindaiError, TemporaryNameError, where
from pindai.ingest import IngestResult, Ingestor
from pindai.ocr._inputs import container_complete

log = logging.getLogger(__name__)

#: Folder inside each hot folder where failed files go, with their reasons.
FAILED_FOLDER = "GAGAL"
#: Status file clerks can open from the share.
STATUS_FILE = "STATUS-pindai.txt"

_IGNORED_NAMES = {"thumbs.db", "desktop.ini", ".ds_store", STATUS_FILE.lower()}
#: Files the operating system or a file server leaves beside scans: never taken, never reported.
_SYSTEM_PREFIXES = ("._", "~$", ".~lock.", ".smbdelete", ".nfs", ".fuse_hidden", ".pindai-tmp-")
#: A hidden or temporary-named file untouched this long is no longer being written:
#: it gets a reason in GAGAL instead of sitting in the hot folder forever (#14).
TEMPORARY_GRACE_SECONDS = 3600.0
_IGNORED_DIRS = {"@eadir", "#recycle", "$recycle.bin", ".trash", FAILED_FOLDER.lower(), "lost+found"}
_IGNORED_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", "~")
#: Filesystems on which inotify sees no changes made by other machines.
NETWORK_FS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "9p", "fuse.sshfs", "fuse.rclone",
              "glusterfs", "ceph", "afs", "davfs", "fuse.davfs2"}


class WatcherBusyError(PindaiError):
    """Another watcher already serves this home."""

    exit_code = ExitCode.watcher_busy


def is_ignored(path: Path, root: Path) -> bool:
    """Temporary, system and pindai's own files are never taken."""
    name = path.name.lower()
    if name.startswith((".", "~$")) or name in _IGNORED_NAMES or name.endswith(_IGNORED_SUFFIXES):
        return True
    return _in_ignored_folder(path, root)


def is_system_file(path: Path, root: Path) -> bool:
    """Files an operating system or file server leaves beside scans: silently never taken."""
    name = path.name.lower()
    if name in _IGNORED_NAMES or name.startswith(_SYSTEM_PREFIXES):
        return True
    return _in_ignored_folder(path, root)


def _in_ignored_folder(path: Path, root: Path) -> bool:
    """Below a system or hidden folder of the hot folder (or not below it at all)."""
    try:
        parts = path.relative_to(root).parts[:-1]
    except ValueError:
        return True
    return any(p.lower() in _IGNORED_DIRS or p.startswith(".") for p in parts)


def looks_complete(path: Path) -> bool:
    """Whether a file's writer has finished: the whole container parses to its end.

    The TIFF chain of pages, the PDF cross-reference at its end, the JPEG
    segments to the final end marker (not an EXIF thumbnail's) (#14).
    Unknown formats count as complete; the settle time alone decides for
    them, and ingest judges them fully. Never follows a link.
    """
    try:
        fd = archive.open_regular(path)
    except PindaiError:
        return False
    try:
        with os.fdopen(fd, "rb") as f:
            return container_complete(f)
    except OSError:
        return False


def unit_for(path: Path, hot_folder: Path, profile: Profile) -> str:
    """A subfolder of the hot folder names the unit (``inbox/adf/Keuangan/scan.pdf``)."""
    parts = path.relative_to(hot_folder).parts
    return parts[0] if len(parts) > 1 else profile.unit


def filesystem_type(path: Path) -> str:
    """The type of the filesystem ``path`` is on, from /proc/mounts ("" if unknown)."""
    best, fstype = "", ""
    try:
        target = os.path.realpath(path)
        with open("/proc/mounts", encoding="utf-8") as f:
            for line in f:
                fields = line.split()
                if len(fields) < 3:
                    continue
                mount = fields[1].replace("\\040", " ")
                if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) > len(best):
                    best, fstype = mount, fields[2]
    except OSError:
        return ""
    return fstype


def uses_polling(profile: Profile, folder: Path) -> bool:
    if profile.polling == "yes":
        return True
    if profile.polling == "no":
        return False
    return filesystem_type(folder) in NETWORK_FS


@dataclass
class _Candidate:
    path: Path
    profile: Profile
    hot_folder: Path
    size: int = -1
    mtime: float = -1.0
    stable_since: float = 0.0
    #: A hidden or temporary name: taken (into GAGAL, with a reason) only once long untouched.
    temporary: bool = False
    #: Not a regular file (a link, FIFO, device, socket): refused at once, never read.
    special: bool = False


@dataclass
class WatchSummary:
    """Counts of one watcher run; the CLI's exit status comes from it."""

    filed: int = 0
    duplicate: int = 0
    failed: int = 0
    results: list[IngestResult] = field(default_factory=list)


# --------------------------------------------------------------------------- workers

_worker_ingestor: Ingestor | None = None


def _worker_init(settings: Settings) -> None:
    """Each worker process keeps one catalogue connection for its life (it dies with the watcher: ``_pool``)."""
    global _worker_ingestor
    # Ctrl-C reaches the whole process group: the watcher, not the workers,
    # decides to stop, finishing the work in hand. SIGTERM is for the watcher
    # alone (systemd KillMode=mixed); a worker that gets one anyway dies, and
    # its job stays claimed and resumes at the next start.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_ingestor = Ingestor(settings)


def _worker_process(job_id: int) -> list[dict[str, Any]]:
    assert _worker_ingestor is not None
    job = _worker_ingestor.catalog.job(job_id)
    return [r.as_json() for r in _worker_ingestor.process(job)]


# --------------------------------------------------------------------------- the watcher


class Watcher:
    """Serves every profile's hot folder until stopped (or once, with ``once``)."""

    def __init__(
        self,
        settings: Settings,
        *,
        workers: int | None = None,
        rescan_interval: float = 300.0,
        tick: float = 0.25,
        on_result: Callable[[IngestResult], None] | None = None,
    ) -> None:
        self.workers = workers or settings.ocr.jobs
        # Parallelism is across documents: each worker runs OCR on one core.
        self.settings = replace(settings, ocr=replace(settings.ocr, jobs=1))
        self.rescan_interval = rescan_interval
        self.tick = tick
        self.on_result = on_result or (lambda _r: None)
        self._events: queue.SimpleQueue[Path] = queue.SimpleQueue()
        self._candidates: dict[Path, _Candidate] = {}
        self._stop = threading.Event()
        #: Per device profile: the last file processed and the last error, for that profile's
        #: STATUS file only (a scanner account must not read another profile's file names).
        self._status: dict[str, dict[str, Any]] = {}
        #: The profile of each job in hand, to record its result under that profile.
        self._job_profile: dict[int, str] = {}
        self._status_written = 0.0
        self._folders: dict[Path, Profile] = {}
        self._once = False

    def stop(self) -> None:
        """Ask the loop to finish the work in hand and return (signal-safe)."""
        self._stop.set()

    # ------------------------------------------------------------------ lifecycle

    def run(self, *, once: bool = False) -> WatchSummary:
        """Serve the hot folders; with ``once``, process what is there and return."""
        summary = WatchSummary()
        self._once = once
        with self._lock(), Ingestor(self.settings) as claimer:
            self._prepare_folders()
            observers = [] if once else self._start_observers()
            # With [cluster] broker the jobs go to Celery workers as tasks (#19); the
            # dispatcher stands where the pool stands, and keeps them while the broker is down.
            remote = bool(self.settings.cluster.broker)
            if remote:
                from pindai.cluster import Dispatcher

                pool: Any = Dispatcher(self.settings)
            else:
                pool = _pool.workers(self.workers, preload=_pool.DOCUMENT_MODULES, initializer=_worker_init,
                                     initargs=(self.settings,))
            in_flight: dict[Future[list[dict[str, Any]]], tuple[str, int]] = {}
            try:
                _event("watch_started", workers=None if remote else self.workers,
                       broker=pool.broker if remote else None, folders=[str(f) for f in self._folders],
                       polling=[str(f) for f, p in self._folders.items() if uses_polling(p, f)])
                self._resume(claimer, pool, in_flight)
                self._rescan()
                last_rescan = time.monotonic()
                while True:
                    self._drain_events()
                    if time.monotonic() - last_rescan >= self.rescan_interval:
                        # Jobs postponed by a full disk go on once there is room (#14).
                        self._resume(claimer, pool, in_flight)
                        self._rescan()
                        # Updates a busy worker left queued are applied now (by the index writer).
                        if remote:
                            pool.flush_index()
                        else:
                            index.flush(self.settings.home, claimer.catalog, timeout=1.0)
                        last_rescan = time.monotonic()
                    if not self._stop.is_set():
                        for cand in self._ready(limit=64 if remote else 2 * self.workers - len(in_flight)):
                            job = self._claim(claimer, cand, summary)
                            if job is not None:
                                in_flight[pool.submit(_worker_process, job)] = (
                                    archive.display_name(cand.path.name), job)
                    if in_flight:
                        done, _ = wait(list(in_flight), timeout=self.tick, return_when=FIRST_COMPLETED)
                    else:
                        done = set()
                        time.sleep(self.tick)
                    for fut in done:
                        name, job_id = in_flight.pop(fut)
                        self._collect(fut, name, summary, self._job_profile.pop(job_id, None))
                    self._write_status([job_id for _, job_id in in_flight.values()])
                    if self._stop.is_set() and (not in_flight or remote):  # sent jobs are the workers'
                        break
                    if once and not in_flight and not self._candidates:
                        break
            finally:
                for obs in observers:
                    obs.stop()
                # Work in hand finishes above; anything cut short by a second
                # signal stays a claimed job and resumes at the next start.
                pool.shutdown(wait=True, cancel_futures=True)
                self._write_status([], stopped=True)
                _event("watch_stopped", filed=summary.filed, duplicate=summary.duplicate,
                       failed=summary.failed)
        return summary

    def _resume(self, claimer: Ingestor, pool: ProcessPoolExecutor,
                in_flight: dict[Future[list[dict[str, Any]]], tuple[str, int]]) -> None:
        """Hand unfinished jobs (a crash, a full disk) to the workers, unless one has it already."""
        busy = {job_id for _, job_id in in_flight.values()}
        for job in claimer.catalog.unfinished_jobs():
            if job.id not in busy and Path(job.work_path).exists():
                _event("resumed", job=job.id, file=job.source_name)
                in_flight[pool.submit(_worker_process, job.id)] = (job.source_name, job.id)
                self._job_profile[job.id] = job.profile

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """Hold ``<home>/watch.lock`` for the life of the watcher, or refuse to start."""
        path = self.settings.home.root / "watch.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o640)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                other = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                raise WatcherBusyError(
                    f"Pengawas lain (pid {other}) sudah melayani {self.settings.home.root}; "
                    f"hentikan dulu (systemctl stop pindai). / Another watcher (pid {other}) "
                    "already serves this home."
                ) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _prepare_folders(self) -> None:
        for profile in self.settings.profiles.values():
            folder = self.settings.hot_folder(profile).absolute()
            for d in (folder, folder / FAILED_FOLDER):
                if not d.exists():
                    d.mkdir(parents=True)
                    d.chmod(archive.SHARED_DIR)
            self._folders[folder] = profile

    def _start_observers(self) -> list[Any]:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        events = self._events

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.is_directory:
                    return
                target = getattr(event, "dest_path", "") or event.src_path
                events.put(Path(os.fsdecode(target)))

        observers = []
        for folder, profile in self._folders.items():
            if uses_polling(profile, folder):
                obs = PollingObserver(timeout=profile.poll_interval)
            else:
                obs = Observer()
            obs.schedule(Handler(), str(folder), recursive=True)
            obs.start()
            observers.append(obs)
        return observers

    # ------------------------------------------------------------------ finding files

    def _rescan(self) -> None:
        for folder in self._folders:
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = [d for d in dirnames if d.lower() not in _IGNORED_DIRS and not d.startswith(".")]
                for name in filenames:
                    self._consider(Path(dirpath) / name)

    def _drain_events(self) -> None:
        while True:
            try:
                path = self._events.get_nowait()
            except queue.Empty:
                return
            self._consider(path)

    def _consider(self, path: Path) -> None:
        if path in self._candidates:
            return
        for folder, profile in self._folders.items():
            if path.is_relative_to(folder):
                if is_system_file(path, folder):
                    return
                try:
                    st = os.lstat(path)
                except OSError:
                    return
                if stat.S_ISDIR(st.st_mode) or (stat.S_ISLNK(st.st_mode) and path.is_dir()):
                    return  # a subfolder; a linked one is not followed (nor reported)
                # Never follow a link or read a FIFO or a device (#14): refused with a reason.
                special = not stat.S_ISREG(st.st_mode)
                self._candidates[path] = _Candidate(path, profile, folder, special=special,
                                                    temporary=is_ignored(path, folder))
                return

    def _ready(self, *, limit: int) -> Iterator[_Candidate]:
        """Candidates that are complete, at most ``limit`` of them."""
        now = time.monotonic()
        wall = time.time()
        for path, cand in list(self._candidates.items()):
            if limit <= 0:
                return
            try:
                st = os.lstat(path)
            except OSError:
                del self._candidates[path]  # taken away by someone else
                continue
            if cand.special:
                del self._candidates[path]
                limit -= 1
                yield cand
                continue
            if (st.st_size, st.st_mtime) != (cand.size, cand.mtime):
                first_look = cand.size < 0
                cand.size, cand.mtime = st.st_size, st.st_mtime
                # A file untouched for the settle time already when first seen
                # (e.g. dropped while pindai was down) is stable at once.
                age = wall - st.st_mtime
                cand.stable_since = now - age if first_look and age > 0 else now
            settle = cand.profile.settle_seconds * (4 if st.st_size == 0 else 1)
            quiet = now - cand.stable_since
            if quiet < settle:
                continue
            if cand.temporary:
                # A writer renames its temporary file when done; one left untouched
                # for long was abandoned or misnamed: reported, not kept forever.
                if wall - st.st_mtime < TEMPORARY_GRACE_SECONDS:
                    if self._once:
                        del self._candidates[path]  # maybe still being written: a later run decides
                    continue
                del self._candidates[path]
                limit -= 1
                yield cand
                continue
            # Stable but not parseable: a network scanner may pause mid-file.
            # Wait longer before taking it (it will then be refused as truncated).
            if not looks_complete(path) and quiet < max(10.0, 6 * settle):
                continue
            del self._candidates[path]
            limit -= 1
            yield cand

    def _claim(self, claimer: Ingestor, cand: _Candidate, summary: WatchSummary) -> int | None:
        unit = unit_for(cand.path, cand.hot_folder, cand.profile)
        refuse = TemporaryNameError(archive.display_name(cand.path.name)) if cand.temporary else None
        claimed = claimer.claim(cand.path, profile=cand.profile.name, unit=unit,
                                failed_dir=cand.hot_folder / FAILED_FOLDER, refuse=refuse)
        if isinstance(claimed, IngestResult):
            # Gone meanwhile, or still being written (seen again at the next look).
            if claimed.error_code not in ("not_found", "changed"):
                self._record(claimed, summary, cand.profile.name)
            return None
        _event("claimed", job=claimed.id, file=claimed.source_name, profile=cand.profile.name, unit=unit)
        self._job_profile[claimed.id] = cand.profile.name
        return claimed.id

    # ------------------------------------------------------------------ results

    def _collect(self, fut: Future[list[dict[str, Any]]], name: str, summary: WatchSummary,
                 profile: str | None) -> None:
        try:
            results = [IngestResult(**r) for r in fut.result()]
        except Exception as e:  # noqa: BLE001 - a dead worker must not stop the watcher
            log.error("worker failed on %s: %s", name, where(e))
            results = [IngestResult(name, "failed", error=f"worker: {type(e).__name__}", error_code="worker")]
        for r in results:
            self._record(r, summary, profile)

    def _record(self, r: IngestResult, summary: WatchSummary, profile: str | None) -> None:
        summary.results.append(r)
        if r.status == "filed":
            summary.filed += 1
        elif r.status == "duplicate":
            summary.duplicate += 1
        else:
            summary.failed += 1
        # Never document text: names, ids and codes only.
        _event(r.status, file=archive.display_name(r.source), doc=r.id, part=r.part, pages=r.pages,
               error_code=r.error_code, seconds=r.seconds)
        stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
        # Escaped: a newline in a file name must not forge a line in STATUS (#14).
        name = archive.display_name(r.source)
        mine = self._status.setdefault(profile or "", {})
        mine["last"] = {"file": name, "status": r.status, "at": stamp}
        if r.status == "failed":
            mine["error"] = {"file": name, "error": archive.display_name(r.error or ""), "at": stamp}
        self.on_result(r)

    def _write_status(self, in_flight: list[int], *, stopped: bool = False) -> None:
        """A small text file in each hot folder: what a clerk can see without a terminal, of that
        folder's own files only (its queue, its last file, its last error)."""
        now = time.monotonic()
        if not stopped and now - self._status_written < 1.0:
            return
        self._status_written = now
        stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
        for folder, profile in self._folders.items():
            mine = self._status.get(profile.name, {})
            last, error = mine.get("last"), mine.get("error")
            waiting = (sum(1 for c in self._candidates.values() if c.profile.name == profile.name)
                       + sum(1 for j in in_flight if self._job_profile.get(j) == profile.name))
            lines = [
                f"pindai: {'BERHENTI / stopped' if stopped else 'BERJALAN / running'} ({stamp})",
                f"Antrean / queue: {waiting} berkas / files",
                "Terakhir diproses / last processed: "
                + (f"{last['file']} ({last['status']}, {last['at']})" if last else "-"),
                "Galat terakhir / last error: "
                + (f"{error['file']} ({error['at']}): {error['error']}" if error else "-"),
                f"Berkas gagal ada di folder {FAILED_FOLDER} beserta alasannya / "
                f"failed files are in the {FAILED_FOLDER} folder with their reasons.",
            ]
            try:
                archive.atomic_write_bytes(folder / STATUS_FILE, ("\n".join(lines) + "\n").encode("utf-8"),
                                           mode=0o664)
            except OSError as e:
                log.warning("cannot write status file in %s: %s", folder, e)


def _event(event: str, **fields: Any) -> None:
    """One structured log line per event (JSON), never with document text."""
    record = {"ts": datetime.now().astimezone().isoformat(timespec="seconds"), "event": event}
    record.update({k: v for k, v in fields.items() if v is not None})
    log.info(json.dumps(record, ensure_ascii=False))


# --------------------------------------------------------------------------- failed files, status (#16)
# What the workspace's status page (and a CLI) shows a desk clerk: failed inputs with their
# reasons, retry or discard (into a kept trash; nothing is deleted), and each hot folder's queue.

#: Where discarded failed files are kept (never deleted): inside the home's failed/.
TRASH_FOLDER = "dibuang"
REASON_SUFFIX = ".alasan.txt"


class FailedFileNotFoundError(PindaiError):
    """The failed file was retried or discarded meanwhile."""

    exit_code = ExitCode.bad_config


@dataclass(frozen=True)
class FailedFile:
    """A file that could not be processed, with the reason pindai wrote beside it."""

    #: Opaque handle for URLs and forms (a hash of its place, never its name).
    key: str
    name: str
    #: The device profile whose hot folder it came from; "" for ``pindai ingest``.
    profile: str
    #: The reason, as the clerk reads it (the ALASAN line).
    reason: str
    #: The error code from the reason file ("" when none).
    code: str
    #: When it failed (ISO), from the reason file or else the file's time.
    failed_at: str
    path: Path


@dataclass(frozen=True)
class HotFolderStatus:
    """One device profile's hot folder, as the status page shows it."""

    profile: str
    folder: str
    #: Files waiting to be taken.
    waiting: int
    #: Failed files in its GAGAL folder.
    failed: int
    #: When its last input was processed (ISO), or None.
    last_done: str | None
    #: Inputs processed from it, in all.
    done: int


#: A reason file pindai writes is a few hundred bytes.
_REASON_MAX_BYTES = 16 * 1024


def _reason_of(path: Path) -> tuple[str, str, str]:
    reason_file = path.with_name(path.name + REASON_SUFFIX)
    reason, code, when = "Alasan tidak tercatat (no reason file)", "", ""
    try:
        # GAGAL/ is writable by every scanner account: a reason file may be a link to
        # any file the service reads, a FIFO or /dev/zero. Only a regular file, never
        # through a link, and only its first few kilobytes (#14).
        fd = archive.open_regular(reason_file)
        with os.fdopen(fd, "rb") as f:
            text = f.read(_REASON_MAX_BYTES).decode("utf-8", errors="replace")
        for line in text.splitlines():
            if line.startswith("ALASAN:"):
                reason = line.split(":", 1)[1].strip()
            elif line.startswith("Kode / Code:"):
                code = line.split(":", 1)[1].strip()
            elif line.startswith("Waktu / Time:"):
                when = line.split(":", 1)[1].strip()
    except (OSError, PindaiError):
        if os.path.lexists(reason_file):
            reason = "Alasan tidak terbaca (reason file unreadable or not a regular file)"
    if not when:
        when = datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")
    return reason, code, when


def _failed_folders(settings: Settings) -> list[tuple[str, Path]]:
    folders = [("", settings.home.failed)]
    folders += [(name, settings.hot_folder(p) / FAILED_FOLDER) for name, p in sorted(settings.profiles.items())]
    return folders


def failed_files(settings: Settings) -> list[FailedFile]:
    """Every failed input of the home (``failed/``) and of the hot folders (``GAGAL``), newest first."""
    out = []
    for profile, folder in _failed_folders(settings):
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if not p.is_file() or p.is_symlink() or p.name.endswith(REASON_SUFFIX) or p.name.startswith("."):
                continue
            reason, code, when = _reason_of(p)
            rel = str(p.relative_to(settings.home.root) if p.is_relative_to(settings.home.root) else p)
            key = hashlib.sha256(rel.encode()).hexdigest()[:20]
            out.append(FailedFile(key, p.name, profile, reason, code, when, p))
    return sorted(out, key=lambda f: (f.failed_at, f.name), reverse=True)


def failed_file(settings: Settings, key: str) -> FailedFile:
    """The failed file with this key.

    Raises:
        FailedFileNotFoundError: it was retried or discarded meanwhile.
    """
    for f in failed_files(settings):
        if f.key == key:
            return f
    raise FailedFileNotFoundError("Berkas gagal itu sudah tidak ada (sudah dicoba ulang atau dibuang). "
                                  "Muat ulang halaman. (the failed file is gone)")


def _trash(settings: Settings) -> Path:
    trash = settings.home.failed / TRASH_FOLDER
    trash.mkdir(parents=True, exist_ok=True)
    return trash


def retry_failed_file(settings: Settings, key: str) -> Path:
    """Put a failed file back into its hot folder (the default profile's for ``pindai ingest``'s),
    so the watcher takes it again; its old reason goes to the trash. Returns the new place."""
    f = failed_file(settings, key)
    folder = settings.hot_folder(settings.profile(f.profile or None))
    dest = archive.move(f.path, archive.unique_path(folder / f.name))
    reason = f.path.with_name(f.path.name + REASON_SUFFIX)
    if reason.exists():
        archive.move(reason, archive.unique_path(_trash(settings) / reason.name))
    log.info("failed file put back into the hot folder of profile %s", f.profile or "default")
    return dest


def discard_failed_file(settings: Settings, key: str) -> Path:
    """Move a failed file and its reason into the kept trash (``failed/dibuang``); nothing is deleted."""
    f = failed_file(settings, key)
    trash = _trash(settings)
    dest = archive.move(f.path, archive.unique_path(trash / f.name))
    reason = f.path.with_name(f.path.name + REASON_SUFFIX)
    if reason.exists():
        archive.move(reason, archive.unique_path(trash / (dest.name + REASON_SUFFIX)))
    log.info("failed file discarded into %s", trash)
    return dest


def hot_folder_status(settings: Settings, catalog: Catalog) -> list[HotFolderStatus]:
    """Per device profile: files waiting, failed files, the last processed input."""
    activity = catalog.web_profile_activity()
    failed = failed_files(settings)
    out = []
    for name, profile in sorted(settings.profiles.items()):
        folder = settings.hot_folder(profile)
        waiting = 0
        if folder.is_dir():
            waiting = sum(1 for p in folder.rglob("*") if p.is_file() and not is_ignored(p, folder))
        act = activity.get(name, {"last_done": None, "states": {}})
        out.append(HotFolderStatus(name, str(folder), waiting, sum(1 for f in failed if f.profile == name),
                                   act["last_done"], int(act["states"].get("done", 0))))
    return out
