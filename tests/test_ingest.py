"""Ingest end to end: filing, catalogue, quarantine, duplicates, crash recovery."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import synth
from click.testing import CliRunner
from conftest import needs_tesseract

from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import Settings
from pindai.errors import ExitCode
from pindai.ingest import Ingestor

pytestmark = needs_tesseract


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scan_pdf(folder: Path, name: str, text: str = "undangan_rapat_pleno", seed: int = 1) -> Path:
    img, _ = synth.scanner_page(synth.TEXTS[text], seed=seed)
    return synth.write_image_pdf([img], folder / name)


def ingest_cli(home: Path, *files: Path, extra: tuple[str, ...] = ()) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["ingest", "--home", str(home), "--json", *extra, *map(str, files)])
    lines = [json.loads(ln) for ln in result.stdout.splitlines() if ln.startswith("{")]
    return result.exit_code, lines


def test_confidential_scan_is_filed_as_held_pdfa_with_original_kept(
    settings: Settings, home_dir: Path, inbox: Path
) -> None:
    lines = synth.TEXTS["nota_dinas"][:3] + ["Sifat : RAHASIA"] + synth.TEXTS["nota_dinas"][3:]
    img, _ = synth.scanner_page(lines, seed=1)
    src = synth.write_image_pdf([img], inbox / "nota.pdf")
    digest = sha(src)
    code, [out] = ingest_cli(home_dir, src)
    assert code == 0
    assert out["status"] == "filed" and out["sha256"] == digest
    assert out["pages"] == 1 and out["error"] is None
    # Fail closed: an exempt suggestion waits for an officer in the exempt folder.
    assert out["held"] is True and out["review_status"] == "usulan"
    assert out["register"] == "DIK" and out["ground"] == "i"
    pdfa = Path(out["path"])
    assert pdfa.is_relative_to(home_dir / "archive" / "exempt") and pdfa.exists()
    assert stat.S_IMODE(pdfa.stat().st_mode) == 0o640
    assert stat.S_IMODE(pdfa.parent.stat().st_mode) == 0o750
    assert not list((home_dir / "archive" / "public").rglob("*.pdf"))
    # The original is stored untouched, content-addressed, and the input consumed.
    [original] = (home_dir / "originals").rglob(f"{digest}*")
    assert sha(original) == digest
    assert not src.exists()
    with Catalog(home_dir / "catalog.sqlite3") as cat:
        doc = cat.find_by_sha(digest)
        assert doc is not None and doc.id == out["id"] and doc.status == "usulan"
        [page] = cat.page_rows(doc.id)
        assert "RAHASIA" in page["text"].upper()
    assert not any((home_dir / "work").iterdir())


def test_bad_inputs_are_quarantined_with_reasons_and_the_batch_goes_on(
    settings: Settings, home_dir: Path, inbox: Path
) -> None:
    bad = [
        synth.write_zero_byte(inbox / "kosong.pdf"),
        synth.write_truncated_pdf(inbox / "terpotong.pdf"),
        synth.write_encrypted_pdf(inbox / "sandi.pdf"),
        synth.write_docx(inbox / "laporan.docx"),
        synth.write_png_bomb(inbox / "bom.png"),
        synth.write_truncated_jpeg(inbox / "foto.jpg"),
    ]
    good = scan_pdf(inbox, "baik.pdf", "nota_dinas", seed=3)
    digests = {p.name: sha(p) for p in [*bad, good]}
    code, results = ingest_cli(home_dir, bad[0], bad[1], good, *bad[2:])
    assert code == ExitCode.input_failed
    by_name = {r["source"]: r for r in results}
    assert by_name["baik.pdf"]["status"] == "filed"
    failed = home_dir / "failed"
    for p in bad:
        r = by_name[p.name]
        assert r["status"] == "failed" and r["error"], p.name
        kept = failed / p.name
        assert sha(kept) == digests[p.name]  # nothing lost, nothing changed
        reason = (failed / f"{p.name}.alasan.txt").read_text(encoding="utf-8")
        assert "ALASAN:" in reason and "REASON:" in reason
    assert "terpotong" in (failed / "terpotong.pdf.alasan.txt").read_text().lower()
    assert "kata sandi" in (failed / "sandi.pdf.alasan.txt").read_text().lower()
    assert "tidak didukung" in (failed / "laporan.docx.alasan.txt").read_text().lower()
    assert "terlalu besar" in (failed / "bom.png.alasan.txt").read_text().lower()


def test_same_file_twice_is_reported_as_duplicate_of_the_first(
    settings: Settings, home_dir: Path, inbox: Path
) -> None:
    first = scan_pdf(inbox, "a.pdf")
    again = inbox / "a-lagi.pdf"
    again.write_bytes(first.read_bytes())
    code, [r1, r2] = ingest_cli(home_dir, first, again)
    assert code == 0
    assert r1["status"] == "filed"
    assert r2["status"] == "duplicate" and r2["id"] == r1["id"] and r2["path"] == r1["path"]
    assert (home_dir / "failed" / "a-lagi.pdf").exists()  # kept, not deleted
    with Catalog(home_dir / "catalog.sqlite3") as cat:
        assert cat.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_missing_file_is_an_error_not_a_crash(settings: Settings, home_dir: Path, inbox: Path) -> None:
    code, [r] = ingest_cli(home_dir, inbox / "tidak-ada.pdf")
    assert code == ExitCode.input_failed
    assert r["status"] == "failed" and r["error_code"] == "not_found"


def test_copy_leaves_the_input_in_place(settings: Settings, home_dir: Path, inbox: Path) -> None:
    src = scan_pdf(inbox, "tetap.pdf")
    code, [r] = ingest_cli(home_dir, src, extra=("--copy",))
    assert code == 0 and r["status"] == "filed" and src.exists()


def test_library_ingest_reports_rescan_pages(settings: Settings, inbox: Path) -> None:
    from PIL import ImageFilter

    blurred = synth.render_page(synth.TEXTS["laporan_keuangan"], font_size_pt=10).filter(ImageFilter.GaussianBlur(5))
    sharp, _ = synth.scanner_page(synth.TEXTS["surat_tugas"], seed=2)
    pdf = synth.write_image_pdf([sharp, blurred], inbox / "campur.pdf")
    with Ingestor(settings) as ing:
        [r] = ing.ingest(pdf)
        assert r.status == "filed" and r.rescan_pages == [2]
        rows = ing.catalog.page_rows(r.id)
        assert [row["rescan"] for row in rows] == [0, 1]


# --------------------------------------------------------------------------- crash recovery


def _jobs(home: Path) -> list[tuple[str, str]]:
    db = home / "catalog.sqlite3"
    if not db.exists():
        return []
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return [(r[0], r[1]) for r in con.execute("SELECT source_name, state FROM jobs ORDER BY id")]
        finally:
            con.close()
    except sqlite3.Error:
        return []


KILL_POINTS = {
    # the first job is recorded: the input may be mid-claim
    "at_first_claim": lambda jobs: len(jobs) >= 1,
    # the first original is stored and OCR is running
    "during_ocr": lambda jobs: any(s == "stored" for _, s in jobs),
    # one document committed, the next one under way
    "between_documents": lambda jobs: any(s == "done" for _, s in jobs) and len(jobs) >= 2,
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_kill_9_mid_run_then_rerun_files_every_input_exactly_once(
    home_dir: Path, inbox: Path, point: str
) -> None:
    files = [scan_pdf(inbox, f"dok{i}.pdf", t, seed=i)
             for i, t in enumerate(["undangan_rapat_pleno", "nota_dinas", "surat_tugas"])]
    digests = {sha(f) for f in files}
    argv = [sys.executable, "-m", "pindai", "-q", "ingest", "--home", str(home_dir), "--json", *map(str, files)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while not KILL_POINTS[point](_jobs(home_dir)):
        assert proc.poll() is None, "finished before the kill point"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the process and its workers
    proc.wait()

    rerun = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with Catalog(home_dir / "catalog.sqlite3") as cat:
        stored = [r[0] for r in cat.db.execute("SELECT sha256 FROM documents")]
        assert sorted(stored) == sorted(digests)  # each exactly once
        assert not cat.unfinished_jobs()
    assert not any(f.exists() for f in files)  # all taken in...
    assert not any((home_dir / "failed").iterdir())  # ...none lost to failed/
    assert not [p for p in (home_dir / "work").rglob("*") if p.is_file()]
    for digest in digests:
        assert any((home_dir / "originals").rglob(f"{digest}*"))


def test_unreadable_file_is_quarantined_with_a_permissions_reason(
    settings: Settings, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root (as in CI) can read any file, so the permission error is simulated
    # at the one place pindai opens inputs.
    src = scan_pdf(inbox, "terkunci.pdf")
    real_open = Path.open

    def deny(self: Path, *args, **kwargs):  # noqa: ANN001, ANN202
        if self.name.startswith("input"):
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    with Ingestor(settings) as ing:
        [r] = ing.ingest(src)
    assert r.status == "failed" and r.error_code == "unreadable"
    assert "izin" in r.error
    monkeypatch.undo()
    assert (settings.home.failed / "terkunci.pdf").exists()
    assert (settings.home.failed / "terkunci.pdf.alasan.txt").exists()


# --------------------------------------------------------------------------- batches


def adf_batch(folder: Path, *, between: str) -> tuple[Path, list[str]]:
    """One ADF scan of three documents (2, 1 and 3 pages) with separators between them."""
    from pindai.ocr._split import separator_sheet_image

    docs = [["undangan_rapat_pleno", "daftar_hadir"], ["nota_dinas"],
            ["sk_penetapan_pps", "surat_tugas", "pengumuman_seleksi_ppk"]]
    pages = []
    for d, texts in enumerate(docs):
        if d:
            sep = (synth.scan_like(separator_sheet_image(dpi=300), seed=d, angle=3.0)
                   if between == "separator" else synth.blank_page(seed=d, specks=20))
            pages.append(sep)
        for i, t in enumerate(texts):
            img, _ = synth.scanner_page(synth.TEXTS[t], seed=10 * d + i, angle=2.0 - i)
            pages.append(img)
    return synth.write_image_pdf(pages, folder / f"adf-{between}.pdf"), [t[0] for t in docs]


@pytest.mark.parametrize("between", ["separator", "blank"])
def test_one_adf_batch_of_three_documents_is_filed_as_three(home_dir: Path, inbox: Path, between: str) -> None:
    toml = home_dir / "pindai.toml"
    toml.write_text(f'[profiles.adf]\npreset = "adf"\nsplit = "{between}"\ndrop_blank_backs = false\n')
    batch, firsts = adf_batch(inbox, between=between)
    code, results = ingest_cli(home_dir, batch, extra=("--profile", "adf"))
    assert code == 0
    assert [r["status"] for r in results] == ["filed"] * 3
    assert [(r["part"], r["parts"]) for r in results] == [(1, 3), (2, 3), (3, 3)]
    assert [r["pages"] for r in results] == [2, 1, 3]
    assert len({r["path"] for r in results}) == 3
    with Catalog(home_dir / "catalog.sqlite3") as cat:
        rows = cat.db.execute("SELECT id, source_pages FROM documents ORDER BY part").fetchall()
        assert [r["source_pages"] for r in rows] == ["1,2", "4", "6,7,8"]
        first_pages = [cat.page_rows(r["id"])[0]["text"].upper() for r in rows]
    assert "RAPAT PLENO" in first_pages[0] and "NOTA DINAS" in first_pages[1]
    assert "KEPUTUSAN" in first_pages[2]
    # The batch is stored once as it came.
    assert len(list((home_dir / "originals").rglob("*.pdf"))) == 1


def test_a_batch_of_only_blank_pages_is_refused(home_dir: Path, inbox: Path) -> None:
    (home_dir / "pindai.toml").write_text('[profiles.adf]\npreset = "adf"\n')
    pdf = synth.write_image_pdf([synth.blank_page(seed=1), synth.blank_page(seed=2, specks=30)],
                                inbox / "kosong.pdf")
    code, [r] = ingest_cli(home_dir, pdf, extra=("--profile", "adf"))
    assert code == ExitCode.input_failed and r["error_code"] == "empty_pages"


# --------------------------------------------------------------------------- typed failures (#15)


def test_every_failure_has_a_stable_unique_code_and_a_retry_flag() -> None:
    from pindai import errors
    from pindai._exec import ToolError

    rejections = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.InputRejected)]
    codes = [c.code for c in rejections]
    assert len(codes) == len(set(codes))
    assert {c: errors.is_retryable(c) for c in ("disk_full", "internal", "changed", "ocr_failed", "corrupt",
                                                 "truncated", "not_regular", "duplicate", "too_large")} == {
        "disk_full": True, "internal": True, "changed": True, "ocr_failed": True, "corrupt": False,
        "truncated": False, "not_regular": False, "duplicate": False, "too_large": False}
    assert issubclass(ToolError, errors.PindaiError) and ToolError.retryable
    assert not errors.is_retryable("no_such_code")


def test_an_unexpected_error_is_stored_as_internal_with_where_the_input_went(
    settings: Settings, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pindai import classify

    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise ValueError("a bug")

    monkeypatch.setattr(classify, "suggest", broken)
    src = synth.write_text_pdf([["SURAT", "Undangan rapat pleno"]], inbox / "surat.pdf")
    with Ingestor(settings) as ing:
        [r] = ing.ingest(src)
    assert r.status == "failed" and r.error_code == "internal"
    assert "Pengenalan teks" not in r.error and "bukan kesalahan berkas" in r.error
    with Catalog(settings.home.catalog) as cat:
        row = cat.db.execute("SELECT * FROM jobs").fetchone()
    assert row["error_code"] == "internal" and row["quarantine_path"] == r.quarantined
    assert Path(row["quarantine_path"]).read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("fails_on", "code"), [(1, "corrupt"), (2, "ocr_failed")])
def test_a_tool_failure_faked_through_the_one_seam_is_typed_and_keeps_the_input(
    settings: Settings, inbox: Path, monkeypatch: pytest.MonkeyPatch, fails_on: int, code: str
) -> None:
    """Every program is started through ``pindai._exec._run.run`` (OCRmyPDF's tests fake Tesseract
    the same way, #15): pdftotext failing as the input is read makes it unreadable (not retried); failing
    on the finished PDF/A is an OCR failure (retried by the nightly); either way the input is kept."""
    from pindai import errors
    from pindai._exec import _run

    real, calls = _run.run, []

    def pdftotext_fails(argv, **kwargs):  # noqa: ANN001, ANN003, ANN202
        if argv[0] == "pdftotext":
            calls.append(argv)
            if len(calls) == fails_on:
                raise _run.ToolError(argv, "exit status 1: Syntax Error: Couldn't read xref table")
        return real(argv, **kwargs)

    monkeypatch.setattr(_run, "run", pdftotext_fails)
    src = synth.write_text_pdf([["SURAT UNDANGAN", "Undangan rapat pleno terbuka"]], inbox / "surat.pdf")
    digest = sha(src)
    with Ingestor(settings) as ing:
        [r] = ing.ingest(src)
    assert len(calls) >= fails_on, "the program went through the seam"
    assert r.status == "failed" and r.error_code == code
    assert errors.is_retryable(code) == (code == "ocr_failed")
    assert "Traceback" not in r.error
    with Catalog(settings.home.catalog) as cat:
        assert cat.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    kept = [p for p in settings.home.root.rglob("surat.pdf") if p.is_file()]
    assert any(sha(p) == digest for p in kept), "the input is kept, unchanged"


def test_nightly_retries_by_the_stored_code_not_the_message(settings: Settings, inbox: Path) -> None:
    from pindai.nightly import retry_failed

    full = synth.write_text_pdf([["PENGUMUMAN", "Jadwal rapat pleno terbuka KPU"]], inbox / "penuh.pdf")
    bad = inbox / "rusak.pdf"
    bad.write_bytes(b"%PDF-1.4 rusak")
    with Ingestor(settings) as ing:
        ids = []
        for src, code in ((full, "disk_full"), (bad, "corrupt")):
            job = ing.claim(src)
            kept = settings.home.failed / f"disimpan-{src.name}"  # moved by hand: only the job knows where
            os.rename(job.work_path, kept)
            # Messages that a regex over the text would have read the other way round.
            ing.catalog.update_job(job.id, state="failed", error_code=code, quarantine_path=str(kept),
                                   error="corrupt?" if code == "disk_full" else "No space left on device")
            ids.append(job.id)
    out = retry_failed(settings)
    assert [(o["job"], o["outcome"]) for o in out] == [(ids[0], "done")]


# --------------------------------------------------------------------------- one pipeline (#15)


def test_a_worker_takes_a_document_through_the_stages_and_commits_it_without_an_ingestor(
    settings: Settings, home_dir: Path, inbox: Path, tmp_path: Path
) -> None:
    """What a distributed worker does: plain arguments in and out (they cross a task queue
    pickled), the stages in order, then the one commit of their result (#15)."""
    import pickle
    from datetime import datetime

    from pindai import archive
    from pindai.ingest import Filing, commit_input, process_document

    src = scan_pdf(inbox, "undangan.pdf")
    digest = sha(src)
    profile = settings.profile(None)
    received = datetime(2026, 3, 2, 9, 30).astimezone()
    sent = pickle.dumps({"profile": profile, "settings": settings, "model_path": None,
                         "filing": Filing(digest, "Umum", received)})
    returned = pickle.dumps(process_document(src, work=tmp_path / "ocr", **pickle.loads(sent)))
    [doc] = pickle.loads(returned)
    assert sha(src) == digest  # the input is never changed
    assert (doc.side, doc.suggestion.register, doc.ocr.parts) == ("public", "DIP", 1)
    assert doc.pdfa == home_dir / "archive" / "public" / "2026" / "Umum" / f"20260302-{digest[:12]}.pdf"
    assert doc.pdfa.exists()

    with Catalog(settings.home.catalog) as cat:
        job_id = cat.new_job(source=src, work=src, profile=profile.name)
        original = archive.store_original(src, digest, home=settings.home)
        [doc_id] = commit_input(cat, settings, cat.job(job_id), [doc], sha256=digest, unit="Umum",
                                original=original, received=received, model_path=None)
        row = cat.document_fields(doc_id)
        assert (row["side"], row["status"], row["pages"], row["received_at"][:10]) == (
            "public", "usulan", 1, "2026-03-02")
        assert row["pdfa_sha256"] == sha(doc.pdfa)
        assert "rapat pleno" in cat.page_texts(doc_id)[0].lower()
        assert cat.job(job_id).state == "done" and cat.job(job_id).document_id == doc_id
        assert set(cat.stage_keys("ocr")) == {doc_id}  # reprocess will not OCR it again
