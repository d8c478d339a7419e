"""One document through the pipeline: claim, store, OCR, classify, file, catalogue.

:func:`process_document` takes one input through the stages and
:func:`commit_input` records the result; the :class:`Ingestor` around them
claims, stores, schedules (OCR run ahead of its turn) and reports.

Nothing is lost: an input leaves its folder only by an atomic rename into the
work area, its job is recorded first, and the work copy is removed only after
the original is stored and the catalogue transaction has committed. A crash
at any point leaves the input where it was or a job that the next run resumes.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pindai.ocr
from pindai import _pool, archive, classify, index
from pindai._exec import ToolError
from pindai.archive import sha256_file
from pindai.catalog import RESUMABLE, Catalog, Job, JobState, page_row
from pindai.config import Profile, Settings
from pindai.errors import (
    ChangedFileError,
    DiskFullError,
    DuplicateError,
    HomeError,
    InputRejected,
    InternalFailure,
    NotRegularFileError,
    OcrFailedError,
    TooManyAttemptsError,
    disk_full,
    from_os_error,
    where,
)
from pindai.ocr import OcrResult
from pindai.ocr import preload as preload_ocrmypdf

log = logging.getLogger(__name__)

#: Files whose OCR may run ahead of the one being finished; two at a time, so
#: that when one finishes the next can start at once.
_OCR_AHEAD = 2

#: A job started this many times without finishing (killed, hung, out of
#: memory) is not started again: it ends failed with a reason (#14).
MAX_ATTEMPTS = 3

#: Called with (source name, step) as work advances, for progress display.
ProgressFn = Callable[[str, str], None]


@dataclass
class IngestResult:
    """The outcome for one input, as ``pindai ingest`` reports it."""

    source: str
    status: str  # filed | duplicate | failed
    id: int | None = None
    sha256: str | None = None
    #: Which document of the file this is, when a batch was split.
    part: int = 1
    parts: int = 1
    unit: str | None = None
    register: str | None = None
    dip_type: str | None = None
    ground: str | None = None
    confidence: float | None = None
    held: bool | None = None
    #: "usulan" while an officer has not decided.
    review_status: str | None = None
    #: The filed PDF/A (for a duplicate: the existing document's).
    path: str | None = None
    pages: int | None = None
    #: Pages whose OCR confidence is low: a rescan is suggested.
    rescan_pages: list[int] = field(default_factory=list)
    pdfa_valid: bool | None = None
    error: str | None = None
    error_code: str | None = None
    #: Where a failed or duplicate input was moved (failed/...).
    quarantined: str | None = None
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- one document through the stages


@dataclass(frozen=True)
class Filing:
    """Where and under which name a document's PDF/As are filed (ingest)."""

    #: The input's checksum: the file names carry its start.
    sha256: str
    #: The unit whose folder of the archive they go to.
    unit: str
    #: When the input was received: the year folder and the date in the name.
    received: datetime


@dataclass(frozen=True)
class Processed:
    """One document of an input after the stages: what ``Catalog.commit_documents`` records."""

    #: Its pages and text, the PDF/A check, and which part of the input it is.
    ocr: OcrResult
    #: Public or exempt, and why.
    suggestion: classify.Suggestion
    #: Where the suggestion puts it: "public" or "exempt".
    side: str
    #: Its PDF/A: the filed one, or the OCR stage's output when it was not filed.
    pdfa: Path


def ocr_stage(work_input: Path, *, work: Path, profile: Profile, settings: Settings,
              executor: Executor | None = None, progress: Callable[[str], None] | None = None,
              priority: int = 0) -> list[OcrResult]:
    """The OCR stage of one input, in ``work`` (emptied first: a resumed job starts it afresh)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # Looked up at each call: tests count the calls of the one OCR entry point.
    return pindai.ocr.ocr_document(work_input, work=work, profile=profile, settings=settings.ocr,
                                   limits=settings.limits, executor=executor, progress=progress, priority=priority)


def process_document(
    work_input: Path,
    *,
    profile: Profile,
    settings: Settings,
    model_path: Path | None,
    work: Path,
    filing: Filing | None = None,
    ocr: list[OcrResult] | None = None,
    executor: Executor | None = None,
    progress: Callable[[str], None] | None = None,
    priority: int = 0,
) -> list[Processed]:
    """Take one stored input through the stages in order: OCR, classify, file.

    Plain arguments in, plain records out: ingest calls it in its turn,
    reprocess in its worker processes, and a distributed worker can call it
    the same way. What it returns is committed by one catalogue call,
    ``Catalog.commit_documents``, with the rows of :func:`catalog_record`:
    through :func:`commit_input` for a new input, with ``replace`` for a
    reprocessed one. Scheduling (OCR run ahead of its turn, pools) stays
    outside: it may hand in the OCR stage's result as ``ocr``.

    Args:
        work_input: the input (never changed).
        work: a folder for the OCR stage's files (see :func:`ocr_stage`).
        filing: file each PDF/A in the archive so; None: leave it in ``work``
            (reprocess swaps it in itself).
        ocr: the OCR stage's result, when it ran ahead of its turn.
        executor: the page workers of the OCR stage.

    Returns:
        One record per document found in the input (a batch may hold several).
    """
    say = progress or (lambda _step: None)
    if ocr is None:
        ocr = ocr_stage(work_input, work=work, profile=profile, settings=settings, executor=executor,
                        progress=say, priority=priority)
    out = []
    for part in ocr:
        say("classify")
        suggestion = classify.suggest([p.text for p in part.pages], model_path=model_path,
                                      unread=part.unread_pages)
        side = classify.side_for(suggestion)
        pdfa = part.pdfa
        if filing is not None:
            say("file")
            suffix = f"-{part.part}" if part.parts > 1 else ""
            pdfa = archive.file_pdfa(
                part.pdfa, home=settings.home, side=side, year=filing.received.year, unit=filing.unit,
                name=f"{filing.received:%Y%m%d}-{filing.sha256[:12]}{suffix}.pdf",
            )
        out.append(Processed(part, suggestion, side, pdfa))
    return out


def catalog_record(doc: Processed, **columns: Any) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """(row, pages, suggestion) of a processed document, as ``Catalog.commit_documents`` takes them.

    The row holds what the stages decided; ``columns`` add the input's own
    (checksum, source, profile, unit, paths, status, times) for a new document.
    """
    ocr = doc.ocr
    row = columns | {
        "source_pages": ",".join(str(p.source_page) for p in ocr.pages),
        "input_kind": str(ocr.kind),
        "pdfa_sha256": sha256_file(doc.pdfa),
        "pdfa_valid": int(ocr.pdfa_check.passed),
        "pdfa_verdict": ocr.pdfa_check.verdict,
        "pages": len(ocr.pages),
    }
    return row, [page_row(p) for p in ocr.pages], doc.suggestion.as_dict()


def commit_input(catalog: Catalog, settings: Settings, job: Job, filed: list[Processed], *, sha256: str,
                 unit: str, original: Path, received: datetime, model_path: Path | None) -> list[int]:
    """Record the documents :func:`process_document` filed from a job's input, in one transaction.

    The documents, their pages and suggestions, the job done and the stage keys
    reprocess compares, all or nothing.

    Returns:
        The new document ids, in order.

    Raises:
        sqlite3.IntegrityError: the same input was filed by another process meanwhile.
    """
    from pindai import reprocess  # its stage keys; imported here: it builds on this module

    profile = settings.profile(job.profile)
    root = settings.home.root
    documents = [
        catalog_record(
            d, sha256=sha256, part=d.ocr.part, parts=d.ocr.parts, source_name=job.source_name,
            profile=profile.name, unit=unit, official=profile.official,
            original_path=str(original.relative_to(root)), pdfa_path=str(d.pdfa.relative_to(root)),
            side=d.side, status="usulan",  # every suggestion waits for an officer (DESIGN.md)
            received_at=received.isoformat(timespec="seconds"),
            filed_at=datetime.now().astimezone().isoformat(timespec="seconds"),
        )
        for d in filed
    ]
    with catalog.atomic():
        doc_ids = catalog.commit_documents(documents=documents, job_id=job.id)
        # With the documents, the keys reprocess compares: the next
        # nightly does not OCR what was just ingested (#13).
        reprocess.record_keys(settings, catalog, doc_ids, sha256=sha256, profile=profile.name,
                              model_path=model_path)
    return doc_ids


def _note_warm_up_failure(done: Future[None]) -> None:
    # A failure comes back where the model or OCRmyPDF is used, and is reported
    # there with what to do; here it is only noted.
    if not done.cancelled() and done.exception() is not None:
        log.debug("warm-up failed: %s", type(done.exception()).__name__)


class Ingestor:
    """Runs inputs through the pipeline with one catalogue connection and one worker pool."""

    def __init__(self, settings: Settings, *, progress: ProgressFn | None = None, index_now: bool = True) -> None:
        self.settings = settings
        #: Apply the index updates after each commit; a Celery worker leaves them to the
        #: one index writer (``pindai.cluster``, #19).
        self.index_now = index_now
        self.home = settings.home
        self.catalog = Catalog(self.home.catalog)
        self.progress = progress or (lambda _name, _step: None)
        self._pool: Executor | None = None
        #: The office's retrained model (``pindai train``), else the packaged one.
        self._model_path = classify.model_for(self.home)
        #: OCR started ahead of its turn (``ingest_many``), by job id, with its checksum.
        self._ahead: dict[int, tuple[str, Future[list[OcrResult]]]] = {}
        self._ahead_threads: ThreadPoolExecutor | None = None
        self._model_ready: Future[object] | None = None

    def close(self) -> None:
        if self._ahead_threads is not None:
            self._ahead_threads.shutdown(cancel_futures=True)
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        self.catalog.close()

    def __enter__(self) -> Ingestor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pool(self) -> Executor | None:
        """Worker processes for page preparation, started on first use."""
        if self._pool is None and self.settings.ocr.jobs > 1:
            self._pool = _pool.page_workers(self.settings.ocr.jobs)
        return self._pool

    # ------------------------------------------------------------------ entry points

    def resume(self) -> Iterator[IngestResult]:
        """Finish every job a crash or kill left behind."""
        self._sweep_work()
        for job in self.catalog.unfinished_jobs():
            if Path(job.work_path).exists():
                log.info("resuming job %d (%s)", job.id, job.source_name)
                yield from self.process(job)
            else:
                # Killed before the claim: the input was never moved and is
                # still in its folder, where the next run finds it.
                self.catalog.update_job(job.id, state=JobState.failed, error="claim interrupted")

    def _sweep_work(self) -> None:
        """Remove what a kill left of the work folders of jobs that had ended.

        A job's folder is removed right after its result is committed, so a kill
        at that moment leaves part of it behind; with the next file claimed
        early (``ingest_many``) that moment is no longer the end of a run.
        Folders of unfinished jobs stay (they resume), and so do folders that
        are not in the catalogue (yet): another process may be claiming.
        """
        for folder in self.home.work.glob("job-*"):
            state = self.catalog.job_state_in(folder)
            if state is None or state in RESUMABLE:
                continue
            # A failed input that could not be set aside in failed/ is still here, and it
            # is the only copy (its original may never have been stored): it stays (#14).
            if state != JobState.done and any(p.name.startswith("input") for p in folder.iterdir()):
                continue
            shutil.rmtree(folder, ignore_errors=True)

    def ingest_many(
        self, paths: Iterable[Path], *, profile: str | None = None, copy: bool = False
    ) -> Iterator[IngestResult]:
        """Resume unfinished jobs, then ingest ``paths`` in order.

        OCR runs ahead of the rest (#2): while one file is classified, filed
        and catalogued, the OCR of the next two is under way, so the cores do
        not wait between documents. Each file still goes through its steps
        in order, and the results come in input order.
        """
        # Load the classifier and OCRmyPDF while the first pages are being
        # prepared, rather than in the first document's turn (#2).
        self._model_ready = self._ahead_pool().submit(self._warm_up)
        self._model_ready.add_done_callback(_note_warm_up_failure)
        yield from self.resume()
        claimed: deque[Job | IngestResult] = deque()
        for path in paths:
            job = self.claim(path, profile=profile, copy=copy)
            if isinstance(job, Job):
                self._start_ocr(job)
            claimed.append(job)
            if len(claimed) > _OCR_AHEAD:
                yield from self._finish(claimed.popleft())
        while claimed:
            yield from self._finish(claimed.popleft())

    def _finish(self, job: Job | IngestResult) -> list[IngestResult]:
        return [job] if isinstance(job, IngestResult) else self.process(job)

    def ingest(self, path: Path, *, profile: str | None = None, copy: bool = False) -> list[IngestResult]:
        """Take ``path`` into pindai (moved, or copied with ``copy``) and process it.

        Returns:
            One result per document found in the file (a batch may hold several).
        """
        claimed = self.claim(path, profile=profile, copy=copy)
        if isinstance(claimed, IngestResult):
            return [claimed]
        return self.process(claimed)

    def claim(
        self,
        path: Path,
        *,
        profile: str | None = None,
        unit: str | None = None,
        failed_dir: Path | None = None,
        copy: bool = False,
        refuse: InputRejected | None = None,
    ) -> Job | IngestResult:
        """Record a job and move ``path`` into the work area, atomically.

        Only a regular file is taken, never through a symbolic link (#14). With
        ``failed_dir`` (a hot folder's) a file that cannot be taken is moved
        there as it is (a link as a link) with its reason; an input named on
        the command line stays where it is. ``refuse`` records such a refusal
        for a reason the caller found (a temporary name).

        Returns:
            The job, or a failed result when the file cannot be taken.
        """
        path = path.absolute()
        prof = self.settings.profile(profile)
        try:
            os.lstat(path)
        except FileNotFoundError:
            return self._missing(path)
        except OSError as e:
            err = from_os_error(e)
            return IngestResult(archive.display_name(path.name), "failed", error=err.message, error_code=err.code)
        job_dir = self.home.work / f"job-{uuid.uuid4().hex[:12]}"
        suffix = path.suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,5}", path.suffix) else ""
        work_input = job_dir / f"input{suffix}"
        try:
            job_dir.mkdir(parents=True)
            job_dir.chmod(archive.RESTRICTED_DIR)
            # Names are bytes on Linux: the catalogue keeps them escaped (#14).
            job_id = self.catalog.new_job(
                source=Path(archive.display_name(str(path))), work=work_input, profile=prof.name, unit=unit,
                failed_dir=str(failed_dir) if failed_dir else None,
            )
        except (OSError, sqlite3.OperationalError) as e:
            shutil.rmtree(job_dir, ignore_errors=True)
            if disk_full(e) is None:
                raise
            err = DiskFullError(str(disk_full(e)))  # the input stays where it is
            return IngestResult(archive.display_name(path.name), "failed", error=err.message, error_code=err.code)
        limit = self.settings.limits.max_file_mb * 1024 * 1024
        try:
            if refuse is not None:
                raise refuse
            taken = archive.claim_input(path, work_input, copy=copy, max_bytes=limit)
        except InputRejected as err:
            return self._refuse_claim(job_id, path, work_input, err, failed_dir=failed_dir, copy=copy)
        self.catalog.update_job(job_id, claim_size=taken.st_size, claim_mtime_ns=taken.st_mtime_ns)
        return self.catalog.job(job_id)

    def _refuse_claim(self, job_id: int, path: Path, work_input: Path, err: InputRejected, *,
                      failed_dir: Path | None, copy: bool) -> IngestResult:
        """A file that was not taken: quarantined from a hot folder, else left where it is."""
        name = archive.display_name(path.name)
        moved = None
        # A link swapped in at the last moment was renamed into the work area: it goes on.
        entry = work_input if os.path.lexists(work_input) else path
        keep_in_place = (
            not os.path.lexists(entry)
            or isinstance(err, (DiskFullError, ChangedFileError))  # a rerun completes it where it is
            or copy
            # A link or a device named on the command line is the user's: never moved.
            or (failed_dir is None and entry == path and isinstance(err, NotRegularFileError))
        )
        if not keep_in_place:
            try:
                moved = archive.quarantine(entry, err, failed=failed_dir or self.home.failed, source_name=path.name)
            except OSError as e:
                log.warning("%s: cannot be moved to failed/: %s", name, from_os_error(e).code)
        shutil.rmtree(work_input.parent, ignore_errors=True)
        self.catalog.update_job(job_id, state=JobState.failed, error_code=err.code, error=err.message,
                                quarantine_path=str(moved) if moved else None)
        log.info("%s: %s", name, err.message)
        return IngestResult(name, "failed", error=err.message, error_code=err.code,
                            quarantined=str(moved) if moved else None)

    def process(self, job: Job) -> list[IngestResult]:
        """Run a claimed job through the stages; never raises for a bad input."""
        work_input = Path(job.work_path)
        start = time.perf_counter()
        attempts = int(self.catalog.job_row(job.id)["attempts"])
        if attempts >= MAX_ATTEMPTS:
            # Killed or hung each time it was started: it must not hold the queue forever.
            err = TooManyAttemptsError(f"{attempts} attempts")
            return [self._reject(job, work_input, err)]
        self.catalog.update_job(job.id, attempts=attempts + 1)
        try:
            results = self._pipeline(job, work_input)
        except HomeError:
            # The home itself is wrong (an unreadable classifier model): every file would
            # fail the same way. Stop; the job stays to be resumed once it is fixed.
            raise
        except Exception as e:  # noqa: BLE001 - a bug must not stop the batch
            full = disk_full(e)
            if full is not None:
                results = [self._postpone(job, DiskFullError(full.strerror or str(full)), attempts)]
            elif isinstance(e, InputRejected):
                results = [self._reject(job, work_input, e)]
            elif isinstance(e, OSError):
                results = [self._reject(job, work_input, from_os_error(e))]
            elif isinstance(e, ToolError):  # a tool the OCR stage runs failed or timed out
                results = [self._reject(job, work_input, OcrFailedError(str(e)))]
            else:
                log.error("job %d: unexpected error: %s", job.id, where(e))
                results = [self._reject(job, work_input, InternalFailure(type(e).__name__))]
        for r in results:
            r.seconds = round(time.perf_counter() - start, 2)
        return results

    # ------------------------------------------------------------------ the pipeline

    def _pipeline(self, job: Job, work_input: Path) -> list[IngestResult]:
        settings, home = self.settings, self.home
        say = lambda step: self.progress(job.source_name, step)  # noqa: E731
        profile = settings.profile(job.profile)
        unit = job.unit or profile.unit

        say("checksum")
        sha = sha256_file(work_input)
        self.catalog.update_job(job.id, sha256=sha)
        existing = self.catalog.find_by_sha(sha)
        if existing is not None:
            return [self._duplicate(job, work_input, existing.id)]

        say("store")
        original = archive.store_original(work_input, sha, home=home)
        self._check_unchanged(job, work_input)
        self.catalog.update_job(job.id, state=JobState.stored)

        ocr = None
        ahead = self._ahead.pop(job.id, None)
        if ahead is not None:
            say("ocr")
            ocr = ahead[1].result()  # its errors are raised here, in turn
        if self._model_ready is not None:
            wait([self._model_ready])  # not loaded twice
        received = datetime.now().astimezone()
        filed = process_document(work_input, profile=profile, settings=settings, model_path=self._model_path,
                                 work=work_input.parent / "ocr", filing=Filing(sha, unit, received), ocr=ocr,
                                 executor=self.pool, progress=say, priority=job.id)
        say("catalog")
        try:
            doc_ids = commit_input(self.catalog, settings, job, filed, sha256=sha, unit=unit, original=original,
                                   received=received, model_path=self._model_path)
        except sqlite3.IntegrityError:
            # The same bytes were filed by another process meanwhile.
            other = self.catalog.find_by_sha(sha)
            if other is None:
                raise
            return [self._duplicate(job, work_input, other.id)]
        # Committed: the work copy is no longer needed (the original is stored).
        shutil.rmtree(work_input.parent, ignore_errors=True)
        if self.index_now:
            say("index")
            try:
                index.flush(home, self.catalog)
            except Exception as e:  # noqa: BLE001 - the queue keeps the update for the next flush
                log.warning("index update postponed: %s", type(e).__name__)
        return [
            IngestResult(
                source=job.source_name, status="filed", id=doc_id, sha256=sha, part=d.ocr.part,
                parts=d.ocr.parts, unit=unit, register=d.suggestion.register, dip_type=d.suggestion.dip_type,
                ground=d.suggestion.ground, confidence=d.suggestion.confidence, held=d.suggestion.held,
                review_status="usulan", path=str(d.pdfa), pages=len(d.ocr.pages),
                rescan_pages=d.ocr.rescan_pages, pdfa_valid=d.ocr.pdfa_check.passed,
            )
            for doc_id, d in zip(doc_ids, filed, strict=True)
        ]

    def _check_unchanged(self, job: Job, work_input: Path) -> None:
        """The input is still what was claimed: a writer that paused past the settle
        time and went on writing is caught here, not filed short (#14)."""
        row = self.catalog.job_row(job.id)
        if row["claim_size"] is None:
            return  # claimed by an older pindai
        st = os.stat(work_input)
        if (st.st_size, st.st_mtime_ns) != (row["claim_size"], row["claim_mtime_ns"]):
            raise ChangedFileError(f"{row['claim_size']} -> {st.st_size} bytes since it was taken")

    def _start_ocr(self, job: Job) -> None:
        """Start OCR of a claimed job in the background, ahead of its turn.

        Only a head start: ``process`` still checks, stores and then waits for
        this result. Known duplicates are not started, nor a second copy of a
        file whose first copy is still on its way (it will be a duplicate).
        """
        if self.settings.ocr.jobs < 2:
            return  # one core: nothing to overlap
        work_input = Path(job.work_path)
        try:
            sha = sha256_file(work_input)
        except InputRejected:
            return  # process() reports it
        if self.catalog.find_by_sha(sha) is not None or any(s == sha for s, _ in self._ahead.values()):
            return
        future = self._ahead_pool().submit(
            ocr_stage, work_input, work=work_input.parent / "ocr", profile=self.settings.profile(job.profile),
            settings=self.settings, executor=self.pool, priority=job.id,
        )
        self._ahead[job.id] = (sha, future)

    def _warm_up(self) -> None:
        # The classifier: a few hundredths now that it is plain arrays (a model
        # left by an earlier pindai still needs scikit-learn, 1-2 s).
        classify.suggest([""], model_path=self._model_path)
        if self.settings.ocr.jobs > 1:
            preload_ocrmypdf()

    def _ahead_pool(self) -> ThreadPoolExecutor:
        if self._ahead_threads is None:
            # The threads mostly wait for the prep workers and Tesseract, which
            # the OCR stage shares out between the documents (earlier first):
            # one for the document in its turn, one for each ahead of it, and
            # one that loads the classifier and OCRmyPDF meanwhile.
            self._ahead_threads = ThreadPoolExecutor(_OCR_AHEAD + 2, thread_name_prefix="pindai-ahead")
        return self._ahead_threads

    def _drop_ocr(self, job: Job) -> None:
        """Let OCR started ahead for a job that ends otherwise finish, unused."""
        ahead = self._ahead.pop(job.id, None)
        if ahead is not None and not ahead[1].cancel():
            wait([ahead[1]])  # the job's folder is removed next

    # ------------------------------------------------------------------ outcomes

    def _duplicate(self, job: Job, work_input: Path, existing_id: int) -> IngestResult:
        self._drop_ocr(job)
        err = DuplicateError(f"dokumen #{existing_id}")
        moved = archive.quarantine(work_input, err, failed=self._failed_dir(job), source_name=job.source_name)
        shutil.rmtree(work_input.parent, ignore_errors=True)
        self.catalog.update_job(
            job.id, state=JobState.duplicate, document_id=existing_id, error_code=err.code, error=err.message,
            quarantine_path=str(moved),
        )
        doc = self.catalog.document(existing_id)
        return IngestResult(
            source=job.source_name,
            status="duplicate",
            id=existing_id,
            sha256=doc.sha256 if doc else None,
            path=str(self.home.root / doc.pdfa_path) if doc else None,
            pages=doc.pages if doc else None,
            error=err.message,
            error_code=err.code,
            quarantined=str(moved),
        )

    def _reject(self, job: Job, work_input: Path, err: InputRejected) -> IngestResult:
        self._drop_ocr(job)
        moved = None
        if os.path.lexists(work_input):
            try:
                moved = archive.quarantine(work_input, err, failed=self._failed_dir(job), source_name=job.source_name)
            except OSError as e:
                full = disk_full(e)
                if full is not None:
                    return self._postpone(job, DiskFullError(full.strerror or str(full)),
                                          int(self.catalog.job_row(job.id)["attempts"]) - 1)
                # The input stays in the work area (nothing is lost); the job says why.
                log.error("job %d: cannot move the input to failed/: %s", job.id, type(e).__name__)
                self.catalog.update_job(job.id, state=JobState.failed, error_code=err.code, error=err.message,
                                        quarantine_path=str(work_input))
                return IngestResult(source=job.source_name, status="failed", error=err.message,
                                    error_code=err.code, quarantined=str(work_input))
        shutil.rmtree(work_input.parent, ignore_errors=True)
        self.catalog.update_job(job.id, state=JobState.failed, error_code=err.code, error=err.message,
                                quarantine_path=str(moved) if moved else None)
        log.info("%s: %s", job.source_name, err.message)
        return IngestResult(
            source=job.source_name,
            status="failed",
            error=err.message,
            error_code=err.code,
            quarantined=str(moved) if moved else None,
        )

    def _postpone(self, job: Job, err: DiskFullError, attempts: int) -> IngestResult:
        """A full disk: the job stays to be resumed where it is (nothing is moved, no
        reason file is half-written) and the try does not count against the input (#14)."""
        self._drop_ocr(job)
        shutil.rmtree(Path(job.work_path).parent / "ocr", ignore_errors=True)  # give the space back
        self.catalog.update_job(job.id, attempts=attempts, error_code=err.code, error=err.message)
        log.warning("%s: %s", job.source_name, err.message)
        return IngestResult(source=job.source_name, status="failed", error=err.message, error_code=err.code)

    def _failed_dir(self, job: Job) -> Path:
        """The hot folder's failed folder for watched files, else the home's."""
        return Path(job.failed_dir) if job.failed_dir else self.home.failed

    def _missing(self, path: Path) -> IngestResult:
        """A named input that is gone: already taken by an earlier (maybe killed) run?"""
        row = self.catalog.latest_job_from(archive.display_name(str(path)))
        if row and row["state"] in (JobState.done, JobState.duplicate) and row["document_id"]:
            doc = self.catalog.document(row["document_id"])
            if doc is not None:
                return IngestResult(
                    source=archive.display_name(path.name),
                    status="filed" if row["state"] == JobState.done else "duplicate",
                    id=doc.id,
                    sha256=doc.sha256,
                    path=str(self.home.root / doc.pdfa_path),
                    pages=doc.pages,
                    review_status=doc.status,
                )
        msg = (
            "Berkas tidak ditemukan. Periksa nama dan lokasinya. / "
            "File not found. Check its name and location."
        )
        where = archive.display_name(str(path))
        return IngestResult(archive.display_name(path.name), "failed", error=f"{msg} ({where})",
                            error_code="not_found")

