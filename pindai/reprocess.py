"""Reprocess: re-run OCR, classification and indexing from the stored originals.

Offices change their settings, the model learns from decisions, Tesseract gets
better language data. ``reprocess`` brings filed documents up to date, and
skips what would not change: each stage's *key* (a hash of its input, the
settings that matter for it and the versions of the programs and model) is
kept per document (``reprocess_keys``), from ingest on (:func:`record_keys`);
a stage runs again only when its key differs.

Stages, in order (``--stage`` names where to start):

* ``ocr``: the original through the stages again (:func:`pindai.ingest.process_document`,
  the function ingest uses), in a process pool across originals, and committed with
  ingest's catalogue call in its replace mode; then the index.
* ``classify``: a new suggestion from the catalogue's text; then index.
* ``index``: the index entry written again.

Safety:

* **Nothing half-written.** The new PDF/A is written beside the old one
  (``.<name>.reprocess``); one catalogue transaction records the new text,
  suggestion and checksums, the stage keys, and a journal row
  (``pending_swaps``); after the commit the new file is renamed over the old.
  A kill between is completed by :func:`finish_swaps` at the next start. A
  temporary file without a journal row was never committed and is removed.
* **An officer's decision is never overwritten.** For a decided document the
  new suggestion is recorded, side and status are kept, and a disagreement is
  reported as *perlu ditinjau ulang* (needs review). An undecided document
  whose side changes is moved with review's journalled move, exempt-first:
  new text that may be exempt is never written into the public archive.
* **Batches.** An original split into several documents is OCRed once and
  its parts swapped together; when the new OCR finds a different number of
  parts, the old documents are kept as they are and reported for review.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pindai import __version__, _pool, archive, classify, index, review
from pindai.catalog import Catalog
from pindai.config import Settings
from pindai.errors import ExitCode, PindaiError

if TYPE_CHECKING:
    from pindai.ingest import Processed

log = logging.getLogger(__name__)

STAGES = ("ocr", "classify", "index")
#: Suffix of a new PDF/A written beside the old one, before the swap.
TMP_MARK = ".reprocess"
NEEDS_REVIEW = "perlu ditinjau ulang"

#: Called with (done, total, label) as work advances.
ProgressFn = Callable[[int, int, str], None]


class ReprocessBusyError(PindaiError):
    """Another reprocess (or nightly batch) is already working on this home."""

    exit_code = ExitCode.reprocess_busy


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


# --------------------------------------------------------------------------- versions and keys


@functools.cache
def _tesseract() -> tuple[str, Path | None]:
    """The version of the Tesseract that reads the pages, and its language data folder."""
    from pindai._exec import _tools, tesseract

    # The loaded engine (tesserocr's libtesseract) when there is one, else the command.
    version = tesseract.api_version() or _tools.probe(_tools.TOOLS[0]).version or "?"
    return version, tesseract.data_folder()


@functools.cache
def _file_hash(path: str, size: int, mtime: float) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()[:16]


def language_data(languages: tuple[str, ...]) -> dict[str, str]:
    """A short hash of each language's ``.traineddata`` (new language data: new OCR)."""
    _, folder = _tesseract()
    out = {}
    for lang in languages:
        p = folder / f"{lang}.traineddata" if folder else None
        if p is not None and p.exists():
            st = p.stat()
            out[lang] = _file_hash(str(p), st.st_size, st.st_mtime)
        else:
            out[lang] = "missing"
    return out


def ocr_key(settings: Settings, profile_name: str, sha256: str) -> tuple[str, dict[str, Any]]:
    """(key, what it is made of) of the OCR stage for one original."""
    import ocrmypdf

    prof = settings.profile(profile_name)
    detail = {
        "input": sha256,
        "profile": {"kind": str(prof.kind), "dpi": prof.dpi, "prep": [str(p) for p in prof.prep],
                    "languages": list(prof.languages), "colour": str(prof.colour),
                    "split": str(prof.split), "drop_blank_backs": prof.drop_blank_backs},
        # Not jobs or timeouts: they change the speed, not the result.
        "ocr": {"low_confidence": settings.ocr.low_confidence, "jpeg_quality": settings.ocr.jpeg_quality},
        "versions": {"pindai": __version__, "ocrmypdf": ocrmypdf.__version__,
                     "tesseract": _tesseract()[0], "language_data": language_data(prof.languages)},
    }
    return _digest(detail), detail


def model_id(model_path: Path | None) -> str:
    """A short hash of the model file in use (the home's retrained one, else the packaged one).

    Hashing the file, not loading it, keeps a run in which nothing changed cheap.
    """
    path = model_path or Path(classify.__file__).with_name("model.npz")
    st = path.stat()
    return _file_hash(str(path), st.st_size, st.st_mtime)


def classify_key(texts: list[str], model_path: Path | None) -> tuple[str, dict[str, Any]]:
    """(key, detail) of the classification stage for one document's page texts."""
    detail = {
        "input": hashlib.sha256("\f".join(texts).encode()).hexdigest(),
        # Read at call time: a changed policy threshold changes suggestions.
        "policy": {"public_threshold": classify.PUBLIC_THRESHOLD, "strong_signal": classify.STRONG_SIGNAL,
                   "strong_together": classify.STRONG_TOGETHER},
        "versions": {"pindai": __version__, "model": model_id(model_path)},
    }
    return _digest(detail), detail


def index_key(catalog: Catalog, doc_id: int) -> tuple[str, dict[str, Any]] | None:
    entry = index.entry_for(catalog, doc_id)
    if entry is None:
        return None
    side, fields = entry
    detail = {"input": _digest([side, fields]), "schema": sorted(index.make_schema().names()),
              "versions": {"pindai": __version__}}
    return _digest(detail), detail


def record_keys(settings: Settings, catalog: Catalog, doc_ids: list[int], *, sha256: str, profile: str,
                model_path: Path | None) -> None:
    """Record the key of every stage for documents just made from one original (ingest).

    The very keys the stages compare (:func:`ocr_key`, :func:`classify_key`,
    :func:`index_key`), so the next run finds them unchanged and does not
    OCR a document just ingested again (#13). Composes in the caller's
    transaction: call it in the one that commits the documents. A key that
    cannot be made is left out (logged): the documents are filed all the
    same, and the next run does their stages again, as it did before.
    """
    try:
        ocr = ocr_key(settings, profile, sha256)
        with catalog.atomic():
            for doc_id in doc_ids:
                texts = [r["text"] for r in catalog.page_rows(doc_id)]
                catalog.set_stage_key(doc_id, "ocr", *ocr)
                catalog.set_stage_key(doc_id, "classify", *classify_key(texts, model_path))
                if (ikey := index_key(catalog, doc_id)) is not None:
                    catalog.set_stage_key(doc_id, "index", *ikey)
    except Exception as e:  # noqa: BLE001 - filing must not fail for want of a key
        log.warning("stage keys of documents %s not recorded: %s", doc_ids, type(e).__name__)


# --------------------------------------------------------------------------- results


@dataclass
class DocChange:
    """What reprocessing did to one document (ids and labels only: never text)."""

    id: int
    #: The stages that ran for it.
    stages: list[str] = field(default_factory=list)
    text_changed: bool = False
    suggestion_changed: bool = False
    #: "DIP/berkala" → "DIK/h", when the suggestion changed.
    suggestion_before: str | None = None
    suggestion_after: str | None = None
    #: (from, to) when its PDF/A and index entry moved.
    side_moved: tuple[str, str] | None = None
    #: Why an officer must look again (empty: nothing to do).
    review: str = ""
    error: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.text_changed or self.suggestion_changed or self.side_moved or self.review
                    or self.error)

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"changed": self.changed}


@dataclass
class ReprocessReport:
    """The outcome of one run."""

    selected: int = 0
    #: Per stage: how many documents it ran for, or would (dry run).
    ran: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    pages_ocred: int = 0
    dry_run: bool = False
    #: Journalled swaps and moves a crash left behind, completed at the start.
    recovered: int = 0
    changes: dict[int, DocChange] = field(default_factory=dict)

    def change(self, doc_id: int) -> DocChange:
        return self.changes.setdefault(doc_id, DocChange(doc_id))

    @property
    def needs_review(self) -> list[DocChange]:
        return [c for c in self.changes.values() if c.review]

    @property
    def errors(self) -> list[DocChange]:
        return [c for c in self.changes.values() if c.error]

    def as_json(self) -> dict[str, Any]:
        return {"selected": self.selected, "ran": self.ran, "skipped": self.skipped,
                "pages_ocred": self.pages_ocred, "dry_run": self.dry_run, "recovered": self.recovered,
                "changes": [c.as_json() for c in sorted(self.changes.values(), key=lambda c: c.id)
                            if c.changed]}


# --------------------------------------------------------------------------- locking and recovery


@contextmanager
def home_lock(settings: Settings) -> Iterator[None]:
    """One reprocess per home at a time."""
    with archive.try_lock(settings.home.root / "reprocess.lock") as got:
        if not got:
            raise ReprocessBusyError(
                "Pemrosesan ulang lain sedang berjalan di rumah pindai ini; tunggu sampai selesai. "
                "(another reprocess is running on this home)")
        yield


def finish_swaps(settings: Settings, catalog: Catalog) -> int:
    """Complete PDF/A swaps whose catalogue transaction committed; idempotent."""
    root = settings.home.root
    rows = catalog.pending_swaps()
    for r in rows:
        tmp, dst = root / r["tmp"], root / r["dst"]
        if tmp.exists():
            os.replace(tmp, dst)
            archive._fsync_dir(dst.parent)
        catalog.finish_swap(r["document_id"])
    return len(rows)


def stray_temporaries(settings: Settings, catalog: Catalog) -> list[Path]:
    """New PDF/As written beside old ones whose swap never committed."""
    root = settings.home.root
    journalled = {root / r["tmp"] for r in catalog.pending_swaps()}
    found = []
    for base in (settings.home.archive_public, settings.home.archive_exempt):
        found += [p for p in base.rglob(f".*{TMP_MARK}") if p not in journalled]
    return found


def recover(settings: Settings, catalog: Catalog) -> int:
    """Finish what a killed reprocess (or review) left: swaps, moves, index queue, temporaries."""
    n = finish_swaps(settings, catalog)
    n += review.finish_pending(settings, catalog)
    for p in stray_temporaries(settings, catalog):
        # Our own uncommitted copy of a regenerated PDF/A: no one else has it.
        p.unlink(missing_ok=True)
    work = settings.home.work / "reprocess"
    if work.exists():
        shutil.rmtree(work, ignore_errors=True)
    return n


# --------------------------------------------------------------------------- OCR (in workers)


def _ocr_original(settings: Settings, original: Path, profile: str, work: Path,
                  model_path: Path | None) -> list[Processed]:
    """Take one original through the stages again, without filing it. Runs in a worker."""
    from pindai.ingest import process_document

    work.mkdir(parents=True, exist_ok=True)
    # OCRmyPDF wants the input's type from its name; the stored original keeps its suffix.
    source = work / f"input{original.suffix}"
    shutil.copyfile(original, source)
    return process_document(source, profile=settings.profile(profile), settings=settings, model_path=model_path,
                            work=work / "ocr")


# --------------------------------------------------------------------------- the run


def _label(register: str | None, dip_type: str | None, ground: str | None, held: bool) -> str:
    label = f"{register or '-'}/{dip_type or ground or '-'}"
    return label + (" (ditahan)" if held else "")


class Reprocessor:
    """One reprocess run over a home (a catalogue connection, a worker pool)."""

    def __init__(self, settings: Settings, catalog: Catalog, *, jobs: int | None = None,
                 progress: ProgressFn | None = None) -> None:
        self.settings = settings
        self.catalog = catalog
        self.jobs = jobs or settings.ocr.jobs or 1
        self.progress = progress or (lambda _d, _t, _l: None)
        self.model_path = classify.model_for(settings.home)
        self.report = ReprocessReport()
        self._pool: Executor | None = None
        self._done = 0
        self._total = 0

    # ------------------------------------------------------------------ selection

    def select(self, *, ids: list[int] | None = None, since: date | None = None) -> list[int]:
        return self.catalog.document_ids(ids=ids, since=since.isoformat() if since else None)

    def run(self, doc_ids: list[int], *, stage: str = "ocr", force: bool = False,
            dry_run: bool = False) -> ReprocessReport:
        """Run ``stage`` and the stages after it for ``doc_ids``, skipping unchanged keys."""
        rep = self.report
        rep.selected, rep.dry_run = len(doc_ids), dry_run
        if not dry_run:
            rep.recovered = recover(self.settings, self.catalog)
        stages = STAGES[STAGES.index(stage):]
        ocred: set[int] = set()
        try:
            if "ocr" in stages:
                ocred = self._ocr_stage(doc_ids, force=force, dry_run=dry_run)
            if "classify" in stages:
                self._classify_stage([i for i in doc_ids if i not in ocred], force=force, dry_run=dry_run)
            if "index" in stages:
                self._index_stage(doc_ids, force=force, dry_run=dry_run)
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
        if not dry_run:
            review.finish_pending(self.settings, self.catalog)
        return rep

    def _tick(self, label: str, n: int = 1) -> None:
        self._done += n
        self.progress(self._done, self._total, label)

    # ------------------------------------------------------------------ OCR stage

    def _ocr_stage(self, doc_ids: list[int], *, force: bool, dry_run: bool) -> set[int]:
        shas = self.catalog.originals_of(sorted(set(doc_ids)))
        keys = self.catalog.stage_keys("ocr")
        todo = []
        for sha in shas:
            rows = self.catalog.document_rows(sha256=sha)
            try:
                key, detail = ocr_key(self.settings, rows[0]["profile"], sha)
            except PindaiError as e:  # a profile removed from the settings
                for r in rows:
                    self.report.change(r["id"]).error = f"profil: {e}"
                continue
            if force or any(keys.get(r["id"]) != key for r in rows):
                todo.append((sha, rows, key, detail))
            else:
                self.report.skipped["ocr"] += len(rows)
        self.report.ran["ocr"] += sum(len(t[1]) for t in todo)
        if dry_run:
            for _sha, rows, _k, _d in todo:
                for r in rows:
                    self.report.change(r["id"]).stages.append("ocr")
            return {r["id"] for t in todo for r in t[1]}
        self._total += sum(r["pages"] for t in todo for r in t[1])
        run_dir = self.settings.home.work / "reprocess" / uuid.uuid4().hex[:12]
        worker_settings = replace(self.settings, ocr=replace(self.settings.ocr, jobs=1))
        futures: dict[Future[list[Processed]], tuple[str, list[Any], str, dict[str, Any]]] = {}
        done: set[int] = set()
        pool = self._executor() if len(todo) > 1 else None
        for item in todo:
            sha, rows, _key, _detail = item
            args = (worker_settings, self.settings.home.root / rows[0]["original_path"], rows[0]["profile"],
                    run_dir / sha[:16], self.model_path)
            if pool is None:
                fut: Future[list[Processed]] = Future()
                try:
                    fut.set_result(_ocr_original(*args))
                except Exception as e:  # noqa: BLE001 - reported per document below
                    fut.set_exception(e)
            else:
                fut = pool.submit(_ocr_original, *args)
            futures[fut] = item
        for fut in as_completed(futures):
            sha, rows, key, detail = futures[fut]
            try:
                parts = fut.result()
            except Exception as e:  # noqa: BLE001 - one bad original must not stop the run
                log.error("reprocess: original %s: %s", sha[:12], type(e).__name__)
                for r in rows:
                    self.report.change(r["id"]).error = f"OCR gagal / failed: {type(e).__name__}: {e}"
                self._tick(f"#{rows[0]['id']}", sum(r["pages"] for r in rows))
                continue
            self._commit_group(rows, parts, key, detail)
            shutil.rmtree(run_dir / sha[:16], ignore_errors=True)
            done.update(r["id"] for r in rows)
            self._tick(f"#{rows[0]['id']}", sum(r["pages"] for r in rows))
        shutil.rmtree(run_dir, ignore_errors=True)
        return done

    def _executor(self) -> Executor | None:
        if self._pool is None and self.jobs > 1:
            self._pool = _pool.page_workers(self.jobs)
        return self._pool

    def _commit_group(self, rows: list[Any], parts: list[Processed], key: str,
                      detail: dict[str, Any]) -> None:
        """Swap in the new PDF/As, text and suggestions of one original's documents."""
        if len(parts) != len(rows):
            # A different split: which new part is which old document is a
            # person's call. Keep the old documents; remember the key so the
            # same result is not recomputed every night.
            with self.catalog.atomic():
                for r in rows:
                    self.catalog.set_stage_key(r["id"], "ocr", key, detail | {"parts_found": len(parts)})
                    self.catalog.add_audit(r["id"], "reprocess", actor="pindai",
                                           before={"parts": len(rows)}, after={"parts": len(parts)},
                                           reason="jumlah bagian berubah")
            for r in rows:
                c = self.report.change(r["id"])
                c.stages.append("ocr")
                c.review = (f"{NEEDS_REVIEW}: OCR baru menemukan {len(parts)} dokumen, bukan {len(rows)}; "
                            "dokumen lama dipertahankan (a new OCR split the batch differently; "
                            "the old documents are kept)")
            log.warning("reprocess: original of #%d: %d parts instead of %d; kept, for review",
                        rows[0]["id"], len(parts), len(rows))
            return
        for row, part in zip(rows, parts, strict=True):
            self._commit_part(row, part, key, detail)

    def _target_side(self, doc_id: int, side: str, suggestion: classify.Suggestion,
                     change: DocChange) -> str:
        """Where the document belongs now; a decided one stays where the officer put it."""
        decision = self.catalog.latest_decision(doc_id)
        if decision is None:
            return classify.side_for(suggestion)
        if suggestion.register != decision["register"]:
            change.review = (f"{NEEDS_REVIEW}: usulan baru {suggestion.register}, keputusan petugas "
                             f"{decision['register']} (new suggestion disagrees with the officer's decision)")
        return side

    def _suggestion_change(self, doc_id: int, s: classify.Suggestion, change: DocChange) -> None:
        old = self.catalog.latest_suggestion(doc_id)
        before = _label(old["register"], old["dip_type"], old["ground"], bool(old["held"])) if old else None
        after = _label(s.register, s.dip_type, s.ground, s.held)
        if before != after:
            change.suggestion_changed = True
            change.suggestion_before, change.suggestion_after = before, after

    def _commit_part(self, row: Any, part: Processed, key: str, detail: dict[str, Any]) -> None:
        doc_id = row["id"]
        change = self.report.change(doc_id)
        change.stages += ["ocr", "classify"]
        suggestion = part.suggestion
        pages = part.ocr.pages
        old_texts = [r["text"] for r in self.catalog.page_rows(doc_id)]
        change.text_changed = old_texts != [p.text for p in pages]
        self._suggestion_change(doc_id, suggestion, change)
        target = self._target_side(doc_id, row["side"], suggestion, change)
        side = row["side"]
        if target == "exempt" and side == "public":
            # Exempt first: the new text never passes through the public archive.
            review.move_to_side(self.settings, self.catalog, doc_id, "exempt", reason="reprocess")
            side = "exempt"
        self._swap(doc_id, part, key, detail)
        if target == "public" and side == "exempt":
            review.move_to_side(self.settings, self.catalog, doc_id, "public", reason="reprocess")
        if target != row["side"]:
            change.side_moved = (row["side"], target)
        self.report.pages_ocred += len(pages)

    def _swap(self, doc_id: int, part: Processed, key: str, detail: dict[str, Any]) -> None:
        """Write the new PDF/A beside the old one, commit the document's new record, then rename."""
        from pindai.ingest import catalog_record

        root = self.settings.home.root
        row = self.catalog.document_fields(doc_id)
        dst = root / row["pdfa_path"]
        tmp = dst.with_name(f".{dst.name}{TMP_MARK}")
        mode = archive.PUBLIC_FILE if row["side"] == "public" else archive.RESTRICTED_FILE
        dst.parent.mkdir(parents=True, exist_ok=True)
        archive.atomic_copy(part.pdfa, tmp, mode=mode)
        texts = [p.text for p in part.ocr.pages]
        with self.catalog.atomic():
            # The commit ingest makes, replacing the document's text, suggestion and PDF/A checksum.
            self.catalog.commit_documents(documents=[catalog_record(replace(part, pdfa=tmp))], replace=[doc_id],
                                          suggested_at=_now())
            self.catalog.journal_swap(doc_id, tmp=str(tmp.relative_to(root)), dst=row["pdfa_path"])
            self.catalog.set_stage_key(doc_id, "ocr", key, detail)
            self.catalog.set_stage_key(doc_id, "classify", *classify_key(texts, self.model_path))
            self.catalog.add_audit(doc_id, "reprocess", actor="pindai",
                                   before={"pdfa_sha256": row["pdfa_sha256"]},
                                   after={"model": part.suggestion.model_version}, reason="ocr")
        finish_swaps(self.settings, self.catalog)
        # The register's metadata follows the new text; officers' edits are kept.
        review.refresh_metadata(self.catalog, self.settings.registers, [doc_id])

    # ------------------------------------------------------------------ classification stage

    def _to_run(self, stage: str, candidates: list[tuple[Any, ...]], *, force: bool,
                dry_run: bool) -> list[tuple[Any, ...]]:
        """The (doc_id, key, detail, ...) candidates whose key differs from the stored one."""
        keys = self.catalog.stage_keys(stage)
        todo = [c for c in candidates if force or keys.get(c[0]) != c[1]]
        self.report.skipped[stage] += len(candidates) - len(todo)
        self.report.ran[stage] += len(todo)
        if dry_run:
            for c in todo:
                self.report.change(c[0]).stages.append(stage)
        return todo

    def _classify_stage(self, doc_ids: list[int], *, force: bool, dry_run: bool) -> None:
        candidates = []
        for doc_id in doc_ids:
            texts = [r["text"] for r in self.catalog.page_rows(doc_id)]
            candidates.append((doc_id, *classify_key(texts, self.model_path), texts))
        todo = self._to_run("classify", candidates, force=force, dry_run=dry_run)
        if dry_run:
            return
        self._total += len(todo)
        for doc_id, key, detail, texts in todo:
            s = classify.suggest(texts, model_path=self.model_path)
            change = self.report.change(doc_id)
            change.stages.append("classify")
            row = self.catalog.document_fields(doc_id)
            self._suggestion_change(doc_id, s, change)
            target = self._target_side(doc_id, row["side"], s, change)
            with self.catalog.atomic():
                if change.suggestion_changed:
                    self.catalog.add_suggestion(doc_id, s.as_dict(), at=_now())
                    self.catalog.enqueue_index([doc_id])
                self.catalog.set_stage_key(doc_id, "classify", key, detail)
            if target != row["side"]:
                review.move_to_side(self.settings, self.catalog, doc_id, target, reason="reprocess")
                change.side_moved = (row["side"], target)
            self._tick(f"#{doc_id}")

    # ------------------------------------------------------------------ index stage

    def _index_stage(self, doc_ids: list[int], *, force: bool, dry_run: bool) -> None:
        candidates = [(doc_id, *k) for doc_id in doc_ids if (k := index_key(self.catalog, doc_id))]
        todo = self._to_run("index", candidates, force=force, dry_run=dry_run)
        if dry_run:
            return
        with self.catalog.atomic():
            for doc_id, key, detail in todo:
                self.catalog.enqueue_index([doc_id])
                self.catalog.set_stage_key(doc_id, "index", key, detail)
        for doc_id, *_ in todo:
            self.report.change(doc_id).stages.append("index")
        index.flush(self.settings.home, self.catalog)


def reprocess(settings: Settings, *, ids: list[int] | None = None, since: date | None = None,
              stage: str = "ocr", jobs: int | None = None, force: bool = False, dry_run: bool = False,
              progress: ProgressFn | None = None) -> ReprocessReport:
    """Bring documents up to date with today's settings and model (see the module docstring).

    Args:
        ids: only these documents (with the other parts of their originals for OCR).
        since: only documents received on or after this date. Neither: all.
        stage: where to start: "ocr", "classify" or "index"; later stages follow.
        jobs: OCR worker processes (default: the settings' ``ocr.jobs``, the cores).
        force: run the stages even where the keys say nothing would change.
        dry_run: only say what would run.

    Raises:
        ReprocessBusyError: another reprocess holds the home.
    """
    if stage not in STAGES:
        raise ValueError(stage)
    with home_lock(settings), Catalog(settings.home.catalog) as catalog:
        r = Reprocessor(settings, catalog, jobs=jobs, progress=progress)
        return r.run(r.select(ids=ids, since=since), stage=stage, force=force, dry_run=dry_run)
