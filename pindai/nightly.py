"""The nightly batch: one unattended command that keeps the archive right.

In order, each step recorded in the summary and none stopping the others:

1. **stragglers**: files left in the hot folders and jobs a crash left
   unfinished, processed as ``pindai watch --once`` would; skipped when the
   watcher is running (it holds ``watch.lock`` and does this itself);
2. **retry**: failed jobs that failed for a transient reason (disk full,
   OCR timeout, an internal error; never bad input) are tried again with
   exponential backoff (:data:`RETRY_BASE_HOURS` × 2^n) up to
   :data:`RETRY_LIMIT` times; attempts and the next try are kept on the job;
3. **retrain**: when officers made decisions since the last training, the
   model is retrained from them (as ``pindai train``), before reprocessing;
4. **reprocess**: every stage whose key changed (settings, versions, model);
5. **exemptions due**: DIK decisions whose period ends or whose review is
   due within :data:`DUE_DAYS` days;
6. **optimise** both indexes; 7. **check** the home, repairing what the
   originals allow.

A lock (``<home>/nightly.lock``) keeps two runs apart; while the batch
handles hot folders and failed jobs it holds the watcher's lock, so a
watcher cannot start on the same files meanwhile. The summary goes to stdout
and to ``<home>/nightly/YYYY-MM-DD.json``; ``needs_action`` is true (and the
command exits non-zero) when a person must act. Logs carry ids and labels only.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pindai import archive, index, integrity, reprocess
from pindai.catalog import Catalog, JobState
from pindai.config import Settings
from pindai.errors import ExitCode, PindaiError, is_retryable, where

log = logging.getLogger(__name__)

#: Retries of one input, at most.
RETRY_LIMIT = 4
#: The first retry waits this long after the failure; each next one twice as long.
RETRY_BASE_HOURS = 6.0
#: Exemptions whose period ends or review falls within this many days are listed.
DUE_DAYS = 90


class NightlyBusyError(PindaiError):
    """Another nightly batch is running on this home."""

    exit_code = ExitCode.nightly_busy


@dataclass
class StepResult:
    name: str
    ok: bool = True
    #: Something a person must do.
    action: bool = False
    summary: str = ""
    details: Any = None
    error: str = ""


@dataclass
class NightlySummary:
    started: str
    finished: str = ""
    home: str = ""
    steps: list[StepResult] = field(default_factory=list)
    summary_file: str = ""

    @property
    def needs_action(self) -> bool:
        return any(s.action or not s.ok for s in self.steps)

    def as_json(self) -> dict[str, Any]:
        return {"started": self.started, "finished": self.finished, "home": self.home,
                "needs_action": self.needs_action, "summary_file": self.summary_file,
                "steps": [asdict(s) for s in self.steps]}


def _now() -> datetime:
    return datetime.now().astimezone()


def run_nightly(settings: Settings, *, today: date | None = None, repair: bool = True,
                retrain: bool = True, progress: reprocess.ProgressFn | None = None) -> NightlySummary:
    """Run the nightly batch once (see the module docstring).

    Raises:
        NightlyBusyError: another nightly batch holds the home.
    """
    home = settings.home
    Catalog(home.catalog).close()  # a missing or damaged catalogue stops the batch before it touches a file (#14)
    with archive.try_lock(home.root / "nightly.lock") as got:
        if not got:
            raise NightlyBusyError(
                f"Batch malam lain sedang berjalan di {home.root}; yang ini berhenti. "
                "(another nightly run holds this home; this one exits)")
        today = today or date.today()
        out = NightlySummary(started=_now().isoformat(timespec="seconds"), home=str(home.root))
        steps: list[tuple[str, Callable[[StepResult], None]]] = [
            ("hot_folders", lambda r: _stragglers_and_retries(settings, r)),
            ("retrain", lambda r: _retrain(settings, r) if retrain else None),
            ("reprocess", lambda r: _reprocess(settings, r, progress)),
            ("exemptions_due", lambda r: _due(settings, r, today)),
            ("optimize", lambda r: _optimize(settings, r)),
            ("check", lambda r: _check(settings, r, repair)),
        ]
        for name, fn in steps:
            r = StepResult(name)
            try:
                fn(r)
            except PindaiError as e:
                r.ok, r.error = False, str(e)
            except Exception as e:  # noqa: BLE001 - one step must not stop the others
                log.error("nightly %s: %s", name, where(e))
                r.ok, r.error = False, f"{type(e).__name__} (kesalahan tak terduga; lihat log / see the log)"
            out.steps.append(r)
            log.info("nightly %s: ok=%s action=%s %s", name, r.ok, r.action, r.summary)
        out.finished = _now().isoformat(timespec="seconds")
        folder = home.root / "nightly"
        folder.mkdir(exist_ok=True)
        os.chmod(folder, archive.RESTRICTED_DIR)
        path = folder / f"{today.isoformat()}.json"
        out.summary_file = str(path)
        archive.atomic_write_bytes(path, json.dumps(out.as_json(), ensure_ascii=False, indent=1,
                                                    default=str).encode(), mode=archive.RESTRICTED_FILE)
        return out


# --------------------------------------------------------------------------- 1. hot folders, retries


def _stragglers_and_retries(settings: Settings, r: StepResult) -> None:
    from pindai.watch_folders import WatcherBusyError, Watcher

    try:
        summary = Watcher(settings).run(once=True)
    except WatcherBusyError:
        r.summary = "pengawas sedang berjalan: folder dan pekerjaan gagal ditangani olehnya (watcher running)"
        r.details = {"watcher_running": True}
        return
    # The watcher's lock is held while retrying, so a watcher starting now
    # waits for the next start instead of racing us for the same files.
    with archive.try_lock(settings.home.root / "watch.lock") as got:
        if not got:
            r.summary = "pengawas baru mulai: percobaan ulang ditunda (watcher started; retries postponed)"
            return
        retried = retry_failed(settings)
    gave_up = [x for x in retried if x["outcome"] == "gave_up"]
    failed = summary.failed + sum(x["outcome"] == "failed" for x in retried)
    r.details = {"filed": summary.filed, "duplicate": summary.duplicate, "failed": summary.failed,
                 "retries": retried}
    r.action = bool(gave_up or summary.failed)
    r.summary = (f"{summary.filed} diarsipkan, {summary.duplicate} duplikat, {failed} gagal; "
                 f"{len(retried)} dicoba ulang, {len(gave_up)} menyerah (given up)")


def is_transient(error_code: str | None, error: str | None = None) -> bool:
    """Whether a failure may pass by itself (a full disk, a timeout), not a bad input.

    Decided by the stored code's error class (``retryable``), never by the message (#15).
    """
    return is_retryable(error_code)


def _failed_input(job: Any, failed_dir: Path) -> Path | None:
    """The quarantined input of a failed job: where ingest recorded it, else (jobs of an
    older pindai) the same name (or "name (n)") with the same checksum."""
    from pindai.archive import sha256_file

    if job["quarantine_path"]:
        kept = Path(job["quarantine_path"])
        return kept if kept.is_file() and not kept.is_symlink() else None
    stem, suffix = Path(job["source_name"]).stem, Path(job["source_name"]).suffix
    for p in sorted(failed_dir.glob(f"{stem}*{suffix}")):
        if p.name == job["source_name"] or re.fullmatch(re.escape(stem) + r" \(\d+\)" + re.escape(suffix), p.name):
            if job["sha256"] is None or sha256_file(p) == job["sha256"]:
                return p
    return None


def retry_failed(settings: Settings, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """Retry failed jobs that failed for a transient reason, with backoff and a limit."""
    from pindai.ingest import Ingestor

    now = now or _now()
    out: list[dict[str, Any]] = []
    with Ingestor(settings) as ing:
        cat = ing.catalog
        for job in cat.failed_jobs():
            if not is_transient(job["error_code"], job["error"]):
                continue
            if job["retries"] >= RETRY_LIMIT:
                continue  # reported when it was given up
            if job["next_try"] and datetime.fromisoformat(job["next_try"]) > now:
                continue
            failed_dir = Path(job["failed_dir"]) if job["failed_dir"] else settings.home.failed
            src = _failed_input(job, failed_dir)
            if src is None and not job["quarantine_path"] and os.path.lexists(job["source_path"]):
                continue  # never moved (a full disk at the claim): taken again from where it is
            if src is None:
                cat.update_job(job["id"], retries=RETRY_LIMIT, next_try=None)
                out.append({"job": job["id"], "outcome": "gave_up", "reason": "input not found in failed/"})
                continue
            claimed = ing.claim(src, profile=job["profile"], unit=job["unit"],
                                failed_dir=job["failed_dir"])
            if not hasattr(claimed, "work_path"):
                out.append({"job": job["id"], "outcome": "failed", "reason": "claim"})
                continue
            src.with_name(src.name + ".alasan.txt").unlink(missing_ok=True)  # the old reason is obsolete
            retries = job["retries"] + 1
            cat.update_job(job["id"], superseded_by=claimed.id)
            cat.update_job(claimed.id, retries=retries)
            results = ing.process(claimed)
            new = cat.job_row(claimed.id)
            if new["state"] == JobState.failed:
                if retries >= RETRY_LIMIT or not is_transient(new["error_code"], new["error"]):
                    outcome = "gave_up"
                else:
                    wait = timedelta(hours=RETRY_BASE_HOURS * 2 ** retries)
                    cat.update_job(claimed.id, next_try=(now + wait).isoformat(timespec="seconds"))
                    outcome = "failed"
            else:
                outcome = str(new["state"])
            log.info("retry job %d as %d: %s", job["id"], claimed.id, outcome)
            out.append({"job": job["id"], "retry_job": claimed.id, "attempt": retries, "outcome": outcome,
                        "documents": [x.id for x in results if x.id]})
    return out


# --------------------------------------------------------------------------- 2. retrain


def _retrain(settings: Settings, r: StepResult) -> None:
    from pindai.classify import model

    with Catalog(settings.home.catalog) as cat:
        last = int(cat.nightly_value("trained_upto_decision") or 0)
        newest = cat.newest_decision_id()
        if newest <= last:
            r.summary = "tidak ada keputusan baru (no new decisions)"
            return
        done = model.retrain(settings)
        cat.set_nightly_value("trained_upto_decision", str(newest))
    r.summary = f"model {done.model.version} dari {done.decisions} keputusan (retrained)"
    r.details = {"model": done.model.version, "decisions": done.decisions}


# --------------------------------------------------------------------------- 3. reprocess


def _reprocess(settings: Settings, r: StepResult, progress: reprocess.ProgressFn | None) -> None:
    rep = reprocess.reprocess(settings, stage="ocr", progress=progress)
    r.details = rep.as_json()
    r.action = bool(rep.needs_review or rep.errors)
    r.summary = (f"OCR {rep.ran['ocr']}, klasifikasi {rep.ran['classify']}, indeks {rep.ran['index']} "
                 f"dokumen; {len(rep.needs_review)} perlu ditinjau ulang, {len(rep.errors)} gagal")


# --------------------------------------------------------------------------- 4. exemptions due


def exemptions_due(settings: Settings, *, today: date, days: int = DUE_DAYS) -> list[dict[str, Any]]:
    """DIK entries whose period ends or whose review is due within ``days``: the same list as
    ``pindai register dik --due``, by id and labels only (the summary file is not restricted)."""
    from pindai import registers

    due = registers.due_exemptions(settings, within=timedelta(days=days), today=today)
    statuses = {label: code for code, label in registers.STATUS_LABELS.items()}
    return [{"id": e.id, "ground": e.ground, "status": statuses.get(e.status, e.status),
             "period_end": e.period_end, "next_review": e.next_review, "overdue": e.due_on < today.isoformat()}
            for e in due]


def _due(settings: Settings, r: StepResult, today: date) -> None:
    due = exemptions_due(settings, today=today)
    r.details = due
    r.action = bool(due)
    r.summary = (f"{len(due)} pengecualian jatuh tempo dalam {DUE_DAYS} hari "
                 f"({sum(d['overdue'] for d in due)} lewat waktu / overdue)")


# --------------------------------------------------------------------------- 5. optimise, 6. check


def _optimize(settings: Settings, r: StepResult) -> None:
    index.optimize(settings.home)
    r.summary = "indeks publik dan dikecualikan dioptimalkan (both indexes optimised)"



def _check(settings: Settings, r: StepResult, repair: bool) -> None:
    rep = integrity.check(settings, repair=repair)
    r.details = rep.as_json()
    r.action = not rep.ok
    repaired = sum(p.repaired for p in rep.problems)
    r.summary = f"{len(rep.problems)} masalah, {repaired} diperbaiki, {len(rep.remaining)} tersisa"


# --------------------------------------------------------------------------- the last summary (#16, branch web2)


def last_summary(settings: Settings) -> dict[str, Any] | None:
    """The newest nightly summary written to ``<home>/nightly/*.json`` (with its file name under
    ``"file"``), or None when the batch never ran; unreadable files are passed over."""
    folder = settings.home.root / "nightly"
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    for path in reversed(files):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        data["file"] = path.name
        return data
    return None
