"""Integrity of a whole pindai home: catalogue, files and indexes agree, nothing exempt is public.

:func:`check` looks at everything and returns a list of :class:`Problem`; with
``repair`` it first fixes what the originals allow:

* journals and queues a crash left (``pending_moves``, ``pending_swaps``,
  ``index_queue``) are completed;
* a missing or changed PDF/A is made again from its original (the changed
  file is quarantined first, never deleted);
* an exempt document's PDF/A found in the public archive goes back into the
  exempt folder (or, when the exempt copy is there, the public copy is
  quarantined);
* index entries are added or removed to match the catalogue;
* files that belong to no document are moved to ``<home>/quarantine/``
  (restricted), never deleted.

What cannot be repaired is reported with what the officer must do: a missing
or changed *original* is never overwritten or re-made (it is the evidence);
it must come back from a backup. Messages are in Indonesian with English in
parentheses; they name ids and paths, never a document's text.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pindai import archive, index, reprocess, review
from pindai.archive import sha256_file
from pindai.catalog import JobState, RESUMABLE, Catalog
from pindai.config import Settings

log = logging.getLogger(__name__)


@dataclass
class Problem:
    """One thing wrong in the home."""

    #: original_missing | original_changed | pdfa_missing | pdfa_changed | exempt_in_public |
    #: exempt_in_public_index | exempt_text_in_public_index | index_missing | index_extra |
    #: index_duplicate | stray_file | pending_moves | pending_swaps | index_queue | unfinished_jobs |
    #: reprocess_temporary | repair_refused
    code: str
    message: str
    doc_id: int | None = None
    path: str | None = None
    #: Fixable from what pindai holds.
    repairable: bool = True
    repaired: bool = False
    #: What was done, or what the officer must do.
    action: str = ""

    def as_json(self) -> dict[str, Any]:
        """``document_id`` names the document as in every record that refers to one (docs/json.md);
        ``doc_id`` is its old name, kept for one release."""
        return {"code": self.code, "message": self.message, "document_id": self.doc_id, **asdict(self)}


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0
    files: int = 0
    repair: bool = False

    @property
    def remaining(self) -> list[Problem]:
        return [p for p in self.problems if not p.repaired]

    @property
    def ok(self) -> bool:
        return not self.remaining

    def add(self, code: str, message: str, **kw: Any) -> Problem:
        p = Problem(code, message, **kw)
        self.problems.append(p)
        return p

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "documents": self.documents, "files": self.files, "repair": self.repair,
                "problems": [p.as_json() for p in self.problems]}


def quarantine_dir(settings: Settings) -> Path:
    """Where stray files go: restricted, because they may be exempt."""
    d = settings.home.root / "quarantine" / datetime.now().strftime("%Y%m%d")
    d.mkdir(parents=True, exist_ok=True)
    for p in (d.parent, d):
        os.chmod(p, archive.RESTRICTED_DIR)
    return d


def to_quarantine(settings: Settings, path: Path) -> Path:
    """Move ``path`` into the quarantine, keeping its place in the home in the name."""
    rel = path.relative_to(settings.home.root)
    dest = archive.unique_path(quarantine_dir(settings) / "__".join(rel.parts))
    archive.move(path, dest)
    os.chmod(dest, archive.RESTRICTED_FILE)
    return dest


@contextmanager
def watch_lock(settings: Settings) -> Iterator[bool]:
    """Hold the watcher's lock if no watcher runs (yields True), else yield False."""
    with archive.try_lock(settings.home.root / "watch.lock") as got:
        yield got


# --------------------------------------------------------------------------- the check


#: Repairs that move files away or drop index entries. Over a suspicious share of
#: the archive (a lost or wrong catalogue makes every file look stray) they need
#: ``force`` (#14); fixes that only complete or move toward safety do not count.
RISKY_REPAIRS = frozenset({"stray_file", "pdfa_changed", "index_extra", "reprocess_temporary"})
#: A repair may always act on this many files or entries...
REPAIR_HANDFUL = 5
#: ...and beyond that on at most this share of the files checked.
REPAIR_SHARE = 0.10


def repair_limit(files: int) -> int:
    """How many risky repairs one run may make without ``force``."""
    return max(REPAIR_HANDFUL, int(REPAIR_SHARE * files))


def check(settings: Settings, *, repair: bool = False, force: bool = False) -> CheckReport:
    """Check (and with ``repair`` fix) the whole home; see the module docstring.

    A repair first looks without changing anything; when it would move away or
    drop more than :func:`repair_limit` allows, it says so and stops unless
    ``force`` (a repair is only as right as the catalogue it trusts).

    Raises:
        CatalogError: the catalogue is missing, empty or damaged (nothing is touched).
    """
    rep = _survey(settings, repair=False)
    if not repair or rep.ok:
        rep.repair = repair
        return rep
    risky = [p for p in rep.problems if p.code in RISKY_REPAIRS]
    limit = repair_limit(max(rep.files, rep.documents))
    if len(risky) > limit and not force:
        rep.repair = True
        rep.add("repair_refused",
                f"Perbaikan dibatalkan: {len(risky)} berkas/entri akan dipindah ke karantina atau dihapus "
                f"dari indeks, lebih dari batas {limit} ({rep.files} berkas diperiksa). Katalog mungkin "
                f"salah atau kosong. (repair refused: it would move away or drop {len(risky)} files or "
                f"entries, more than the limit of {limit}; the catalogue may be wrong or empty)",
                repairable=False,
                action="Periksa katalog dulu (pulihkan dari cadangan bila perlu); bila memang benar, ulangi "
                       "dengan: pindai check --repair --force (check the catalogue first; if the repair is "
                       "really right, run it again with --force)")
        log.warning("check: repair refused, %d risky repairs over the limit of %d", len(risky), limit)
        return rep
    return _survey(settings, repair=True)


def _survey(settings: Settings, *, repair: bool) -> CheckReport:
    """One pass over the home: every problem, and with ``repair`` its fix."""
    rep = CheckReport(repair=repair)
    home = settings.home
    with Catalog(home.catalog) as cat:
        if repair:
            reprocess.finish_swaps(settings, cat)
            review.finish_pending(settings, cat)
        _leftovers(settings, cat, rep, repair)
        docs = cat.document_rows()
        rep.documents = len(docs)
        remake = _files_of_documents(settings, cat, docs, rep, repair)
        if remake:
            _remake_pdfas(settings, remake, rep)
        docs = cat.document_rows()
        _strays(settings, cat, docs, rep, repair)
        _indexes(settings, cat, rep, repair)
    for p in rep.remaining:
        log.warning("check: %s doc=%s", p.code, p.doc_id)
    return rep


def _leftovers(settings: Settings, cat: Catalog, rep: CheckReport, repair: bool) -> None:
    for journal, code, what in ((cat.pending_moves, "pending_moves", "pemindahan arsip tertunda (pending archive moves)"),
                                (cat.pending_swaps, "pending_swaps", "penggantian PDF/A tertunda (pending PDF/A swaps)")):
        n = len(journal())
        if n:
            rep.add(code, f"{n} {what}", action="pindai check --repair menyelesaikannya (completes them)")
    temps = reprocess.stray_temporaries(settings, cat)
    for t in temps:
        p = rep.add("reprocess_temporary", "Berkas sementara pemrosesan ulang yang tidak jadi "
                    "(an uncommitted reprocess temporary)", path=str(t.relative_to(settings.home.root)))
        if repair:
            p.action, p.repaired = f"dikarantina / quarantined: {to_quarantine(settings, t)}", True
    jobs = cat.unfinished_jobs()
    if not jobs:
        return
    with watch_lock(settings) as free:
        if not free:
            return  # a running watcher has them in hand
        ids = [j.id for j in jobs]
        p = rep.add("unfinished_jobs", f"{len(ids)} pekerjaan belum selesai / unfinished jobs: {ids}",
                    action="pindai nightly (atau pindai watch) melanjutkannya (resumes them)")
        if repair:
            from pindai.ingest import Ingestor

            with Ingestor(settings) as ing:
                results = list(ing.resume())
            p.repaired = True
            p.action = f"dilanjutkan / resumed: {[r.status for r in results]}"


def _files_of_documents(settings: Settings, cat: Catalog, docs: list[Any], rep: CheckReport,
                        repair: bool) -> list[int]:
    """Originals and PDF/As of each document; returns the ids whose PDF/A must be re-made."""
    root = settings.home.root
    originals_ok: dict[str, bool] = {}
    remake = []
    for d in docs:
        sha = d["sha256"]
        if sha not in originals_ok:
            orig = root / d["original_path"]
            if not orig.exists():
                originals_ok[sha] = False
                rep.add("original_missing",
                        f"Berkas asli dokumen #{d['id']} hilang (the original is missing)",
                        doc_id=d["id"], path=d["original_path"], repairable=False,
                        action=f"Pulihkan berkas asli dari cadangan ke {d['original_path']} (sha256 {sha}); "
                               "pindai tidak membuatnya ulang. (restore it from a backup)")
            elif sha256_file(orig) != sha:
                originals_ok[sha] = False
                rep.add("original_changed",
                        f"Berkas asli dokumen #{d['id']} berubah (the original was modified)",
                        doc_id=d["id"], path=d["original_path"], repairable=False,
                        action=f"Jangan ditimpa: simpan berkas yang berubah untuk diperiksa, lalu pulihkan "
                               f"aslinya (sha256 {sha}) dari cadangan. (do not overwrite; restore from a backup)")
            else:
                originals_ok[sha] = True
        pdfa = root / d["pdfa_path"]
        if d["side"] == "exempt" and not pdfa.is_relative_to(settings.home.archive_exempt):
            # The catalogue itself files an exempt document on the public side.
            p = rep.add("exempt_in_public", f"Dokumen dikecualikan #{d['id']} tercatat di arsip publik "
                        "(an exempt document is filed in the public archive)", doc_id=d["id"],
                        path=d["pdfa_path"])
            if repair:
                _journal_move(settings, cat, d, "exempt")
                p.repaired, p.action = True, "dipindah ke folder dikecualikan (moved to the exempt folder)"
            continue
        if not pdfa.exists():
            misplaced = _find_in_public(settings, d) if d["side"] == "exempt" else None
            if misplaced is not None:
                p = rep.add("exempt_in_public", f"PDF/A dokumen dikecualikan #{d['id']} ada di arsip publik "
                            "(an exempt document's PDF/A is in the public archive)", doc_id=d["id"],
                            path=str(misplaced.relative_to(root)))
                if repair:
                    archive.relocate(misplaced, pdfa, side="exempt")
                    misplaced.unlink()
                    p.repaired, p.action = True, f"dikembalikan ke / moved back to {d['pdfa_path']}"
                continue
            p = rep.add("pdfa_missing", f"PDF/A dokumen #{d['id']} hilang (the PDF/A is missing)",
                        doc_id=d["id"], path=d["pdfa_path"], repairable=originals_ok[sha])
        elif sha256_file(pdfa) != d["pdfa_sha256"]:
            p = rep.add("pdfa_changed", f"PDF/A dokumen #{d['id']} berubah (the PDF/A was modified)",
                        doc_id=d["id"], path=d["pdfa_path"], repairable=originals_ok[sha])
            if repair and originals_ok[sha]:
                p.action = f"yang berubah dikarantina / changed file quarantined: {to_quarantine(settings, pdfa)}; "
        else:
            continue
        if not originals_ok[sha]:
            p.action += "Tidak bisa dibuat ulang tanpa berkas asli yang utuh (needs the original restored first)"
        elif repair:
            remake.append(d["id"])
    return remake


def _find_in_public(settings: Settings, d: Any) -> Path | None:
    for f in settings.home.archive_public.rglob("*.pdf"):
        if f.name == Path(d["pdfa_path"]).name or sha256_file(f) == d["pdfa_sha256"]:
            return f
    return None


def _journal_move(settings: Settings, cat: Catalog, d: Any, side: str) -> None:
    """Move a document's PDF/A to ``side``'s archive through review's journal."""
    home = settings.home
    src = home.root / d["pdfa_path"]
    dst = (home.archive_exempt if side == "exempt" else home.archive_public) / src.name
    rel = str(dst.relative_to(home.root))
    with cat.atomic():
        cat.journal_move(d["id"], src=d["pdfa_path"], dst=rel, side=side)
        cat.enqueue_index([d["id"]])
    review.finish_pending(settings, cat)


def _remake_pdfas(settings: Settings, doc_ids: list[int], rep: CheckReport) -> None:
    """OCR the originals again for documents whose PDF/A is missing or changed."""
    result = reprocess.reprocess(settings, ids=doc_ids, stage="ocr", force=True, jobs=settings.ocr.jobs)
    for p in rep.problems:
        if p.code in ("pdfa_missing", "pdfa_changed") and p.doc_id in doc_ids:
            c = result.changes.get(p.doc_id)
            if c is not None and c.error:
                p.action += f"gagal dibuat ulang / could not be re-made: {c.error}"
            elif c is not None and c.review:
                p.action += c.review
            else:
                p.repaired = True
                p.action += "dibuat ulang dari berkas asli (re-made from the original)"


def _strays(settings: Settings, cat: Catalog, docs: list[Any], rep: CheckReport, repair: bool) -> None:
    """Files under originals/ and archive/ that belong to no document."""
    home = settings.home
    root = home.root
    known = {root / d["original_path"] for d in docs} | {root / d["pdfa_path"] for d in docs}
    known |= {root / r["tmp"] for r in cat.pending_swaps()}
    exempt_sums = {d["pdfa_sha256"] for d in docs if d["side"] == "exempt"}
    # Inputs being ingested right now: their original and PDF/A come before the catalogue row.
    busy = sorted(cat.job_checksums(RESUMABLE))
    # Originals of inputs that failed after they were stored: kept for the nightly retry.
    failed = cat.job_checksums([JobState.failed])
    for base in (home.originals, home.archive_public, home.archive_exempt):
        for f in sorted(base.rglob("*")):
            if not f.is_file() or f.name.endswith(reprocess.TMP_MARK):
                continue
            rep.files += 1
            if f in known or any(s in f.name or s[:12] in f.name for s in busy):
                continue
            if base == home.originals and f.name.split(".")[0] in failed:
                continue
            public = f.is_relative_to(home.archive_public)
            leak = public and sha256_file(f) in exempt_sums
            if leak:
                p = rep.add("exempt_in_public", "Salinan PDF/A dokumen dikecualikan ada di arsip publik "
                            "(a copy of an exempt document is in the public archive)",
                            path=str(f.relative_to(root)))
            else:
                p = rep.add("stray_file", "Berkas tidak tercatat di katalog (a file that belongs to no "
                            "document)", path=str(f.relative_to(root)))
            if repair:
                p.repaired, p.action = True, f"dikarantina / quarantined: {to_quarantine(settings, f)}"
            else:
                p.action = "pindai check --repair memindahkannya ke karantina (moves it to quarantine)"


def _indexes(settings: Settings, cat: Catalog, rep: CheckReport, repair: bool) -> None:
    drift = index.check(settings.home, cat)
    _index_entries(settings, cat, drift, rep, repair)
    exempt = cat.documents_by_side()["exempt"]
    fix: list[int] = []
    found: list[Problem] = []
    for side in index.SIDES:
        for doc_id in drift.missing[side]:
            found.append(rep.add("index_missing", f"Dokumen #{doc_id} tidak ada di indeks {side} "
                                 f"(missing from the {side} index)", doc_id=doc_id))
            fix.append(doc_id)
        for doc_id in drift.extra[side]:
            if side == "public" and doc_id in exempt:
                msg = (f"Dokumen dikecualikan #{doc_id} ada di indeks publik "
                       "(an exempt document is in the public index)")
                code = "exempt_in_public_index"
            else:
                msg = f"Entri #{doc_id} berlebih di indeks {side} (an extra entry in the {side} index)"
                code = "index_extra"
            found.append(rep.add(code, msg, doc_id=doc_id))
            fix.append(doc_id)
    if drift.queued:
        found.append(rep.add("index_queue", f"{drift.queued} pembaruan indeks tertunda (queued index updates)"))
    if repair and (fix or drift.queued):
        index.enqueue(cat, fix)
        index.flush(settings.home, cat)
        after = index.check(settings.home, cat)
        still = {i for side in index.SIDES for i in after.missing[side] + after.extra[side]}
        for p in found:
            if p.doc_id not in still and (p.code != "index_queue" or not after.queued):
                p.repaired, p.action = True, "indeks diperbaiki (index fixed)"


def _index_entries(settings: Settings, cat: Catalog, drift: index.Drift, rep: CheckReport, repair: bool) -> None:
    """Documents with two entries in an index, and text of non-public documents left in the public
    index's files (#13, #14); with ``repair``, the entries are rewritten and the files purged."""
    found = [rep.add("index_duplicate", f"Dokumen #{doc_id} tercatat ganda di indeks {side}: tampil dan "
                     f"terhitung dua kali (duplicated in the {side} index)", doc_id=doc_id,
                     action="pindai check --repair menulisnya ulang (rewrites its entry)")
             for side in index.SIDES for doc_id in drift.duplicates[side]]
    found += [rep.add("exempt_text_in_public_index", f"Teks dokumen #{doc_id} yang bukan publik masih "
                      "tersimpan di berkas indeks publik (text of a non-public document is left in the public "
                      "index files)", doc_id=doc_id,
                      action="pindai check --repair atau pindai index rebuild menghapusnya (purges it)")
              for doc_id in drift.unpurged["public"]]
    if not (repair and found):
        return
    index.enqueue(cat, [p.doc_id for p in found if p.code == "index_duplicate"])
    index.flush(settings.home, cat)
    index.purge(settings.home, "public")
    after = index.check(settings.home, cat)
    still = {i for side in index.SIDES for i in after.duplicates[side]} | set(after.unpurged["public"])
    for p in found:
        if p.doc_id not in still:
            p.repaired, p.action = True, "indeks diperbaiki (index fixed)"
# --------------------------------------------------------------------------- backup (#14)


def backup(settings: Settings, dest: Path | None = None) -> Path:
    """Copy the catalogue (SQLite online backup: ingest and review may go on) and the settings.

    Args:
        dest: the folder to put the backup in; default ``<home>/backup``.

    Returns:
        The new folder ``pindai-backup-YYYYMMDD-HHMMSS`` (0750, files 0640: it holds exempt text).

    Raises:
        CatalogError: the catalogue is missing or damaged (there is nothing sound to copy).
    """
    home = settings.home
    base = Path(dest) if dest is not None else home.root / "backup"
    base.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = archive.unique_path(base / f"pindai-backup-{stamp}")
    folder.mkdir(mode=archive.RESTRICTED_DIR)
    os.chmod(folder, archive.RESTRICTED_DIR)
    try:
        with Catalog(home.catalog) as cat:
            cat.backup(folder / home.catalog_file.name)
        archive.atomic_copy(home.settings_file, folder / home.settings_file.name, mode=archive.RESTRICTED_FILE)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder
