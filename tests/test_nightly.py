"""pindai nightly (#7): one unattended run, a lock, retries with backoff, a summary."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from pindai import review
from pindai.catalog import Catalog, JobState
from pindai.cli import cli
from pindai.config import Settings
from pindai.errors import ExitCode
from pindai.ingest import sha256_file
from pindai.nightly import RETRY_LIMIT, exemptions_due, is_transient, retry_failed, run_nightly

from conftest import needs_tesseract

pytestmark = needs_tesseract


@pytest.fixture
def fake_training(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """``model.build`` without the 30 s of training: copies the packaged model, counts calls."""
    from pindai.classify import model

    calls: list[int] = []

    def build(*, decisions, output):  # noqa: ANN001, ANN202
        calls.append(len(decisions))
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(model.PACKAGED_MODEL, output)
        return model.load(output)

    monkeypatch.setattr(model, "build", build)
    return calls


@pytest.fixture
def held_lock(filed_home: Settings):  # noqa: ANN201
    fd = os.open(filed_home.home.root / "nightly.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    yield fd
    os.close(fd)


def test_second_run_exits_with_its_own_code(filed_home: Settings, held_lock: int) -> None:
    result = CliRunner().invoke(cli, ["nightly", "--home", str(filed_home.home.root)], obj={})
    assert result.exit_code == 9
    assert "Batch malam lain sedang berjalan" in result.output


def test_nightly_run_summary(filed_home: Settings, fake_training: list[int]) -> None:
    today = date(2026, 1, 10)
    with Catalog(filed_home.home.catalog) as cat:
        review.decide(filed_home, cat, 4, review.Decision(register="DIK", ground="h", period="2026-03-01"),
                      actor="t")
        review.decide(filed_home, cat, 5, review.Decision(register="DIK", ground="i", period="2030-01-01",
                                                          next_review="2031-01-01"), actor="t")

    summary = run_nightly(filed_home, today=today)

    steps = {s.name: s for s in summary.steps}
    assert all(s.ok for s in summary.steps), [(s.name, s.error) for s in summary.steps]
    assert fake_training == [2]  # two decisions: retrained before reprocessing
    assert steps["reprocess"].details["ran"]["ocr"] == 0  # nothing changed since ingest (#13)
    assert [d["id"] for d in steps["exemptions_due"].details] == [4]
    assert steps["check"].details["ok"]
    assert summary.needs_action  # an exemption comes due: a person must act
    saved = json.loads((filed_home.home.root / "nightly" / "2026-01-10.json").read_text())
    assert saved["needs_action"] and [s["name"] for s in saved["steps"]] == [s.name for s in summary.steps]

    again = run_nightly(filed_home, today=date(2025, 1, 1))
    steps = {s.name: s for s in again.steps}
    assert fake_training == [2]  # no new decision: no training
    assert steps["reprocess"].details["ran"] == {"ocr": 0, "classify": 0, "index": 0}
    assert not again.needs_action


def test_watcher_running_leaves_hot_folders_to_it(filed_home: Settings, fake_training: list[int]) -> None:
    fd = os.open(filed_home.home.root / "watch.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        from pindai.nightly import StepResult, _stragglers_and_retries

        r = StepResult("hot_folders")
        _stragglers_and_retries(filed_home, r)
    finally:
        os.close(fd)
    assert r.details == {"watcher_running": True} and not r.action


def _failed_job(settings: Settings, src: Path, *, code: str, error: str) -> int:
    """A job that failed like ingest records one, its input in failed/."""
    dest = settings.home.failed / src.name
    shutil.copyfile(src, dest)
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    with Catalog(settings.home.catalog) as cat, cat.atomic() as db:
        cur = db.execute(
            "INSERT INTO jobs (source_path, source_name, work_path, profile, state, sha256, error_code, error,"
            " attempts, created_at, updated_at) VALUES (?, ?, ?, 'default', ?, ?, ?, ?, 1, ?, ?)",
            (str(src), src.name, "/nonexistent", JobState.failed, sha256_file(dest), code, error, now, now))
        return int(cur.lastrowid)


def test_transient_failure_is_retried_bad_input_is_not(filed_home: Settings, tmp_path: Path) -> None:
    import synth

    good = synth.write_text_pdf([["PENGUMUMAN", "Jadwal rapat pleno terbuka KPU"]], tmp_path / "penuh.pdf")
    bad = tmp_path / "rusak.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    disk_full = _failed_job(filed_home, good, code="ocr_failed",
                            error="internal: OSError: [Errno 28] No space left on device")
    corrupt = _failed_job(filed_home, bad, code="corrupt", error="Berkas rusak")

    out = retry_failed(filed_home)

    assert [(o["job"], o["outcome"]) for o in out] == [(disk_full, "done")]
    with Catalog(filed_home.home.catalog) as cat:
        old = cat.db.execute("SELECT * FROM jobs WHERE id=?", (disk_full,)).fetchone()
        new = cat.db.execute("SELECT * FROM jobs WHERE id=?", (old["superseded_by"],)).fetchone()
        assert new["state"] == "done" and new["retries"] == 1 and new["document_id"] == 7
        assert cat.db.execute("SELECT superseded_by FROM jobs WHERE id=?", (corrupt,)).fetchone()[0] is None
    assert not (filed_home.home.failed / "penuh.pdf").exists()
    assert (filed_home.home.failed / "rusak.pdf").exists()
    assert retry_failed(filed_home) == []  # nothing left to retry


def test_retry_backoff_and_limit(filed_home: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import synth

    from pindai import ingest
    from pindai.errors import OcrFailedError

    def timeout(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OcrFailedError("tesseract: timed out after 300 s")

    # The public stage function, not the Ingestor's insides (#15).
    monkeypatch.setattr(ingest, "process_document", timeout)
    src = synth.write_text_pdf([["SURAT", "Undangan rapat"]], tmp_path / "lambat.pdf")
    _failed_job(filed_home, src, code="ocr_failed", error="tesseract: timed out after 300 s")
    now = datetime(2026, 1, 1, 2, 0).astimezone()

    first = retry_failed(filed_home, now=now)
    assert [o["outcome"] for o in first] == ["failed"]
    assert retry_failed(filed_home, now=now + timedelta(hours=1)) == []  # waiting for its next try
    outcomes = [o["outcome"] for day in range(1, 30) for o in retry_failed(filed_home, now=now + timedelta(days=day))]
    assert outcomes[-1] == "gave_up" and len(outcomes) == RETRY_LIMIT - 1
    with Catalog(filed_home.home.catalog) as cat:
        tries = [r[0] for r in cat.db.execute("SELECT next_try FROM jobs WHERE retries > 0 ORDER BY id")]
    gaps = [datetime.fromisoformat(b) - datetime.fromisoformat(a) for a, b in zip(tries, tries[1:]) if a and b]
    assert all(g2 > g1 for g1, g2 in zip(gaps, gaps[1:]))  # each wait longer than the last


def test_is_transient() -> None:
    # By the stored code's error class (#15), whatever the message says.
    assert is_transient("disk_full", "Berkas rusak")
    assert is_transient("internal", "")
    assert is_transient("ocr_failed", "tesseract: timed out after 300 s")
    assert not is_transient("corrupt", "internal: No space left on device")
    assert not is_transient("unreadable", "No space left on device")


def test_exemptions_due_within_90_days(filed_home: Settings) -> None:
    with Catalog(filed_home.home.catalog) as cat:
        review.decide(filed_home, cat, 6, review.Decision(register="DIK", ground="b", period="2026-01-05"),
                      actor="t")
    due = exemptions_due(filed_home, today=date(2026, 2, 1))
    assert due == [{"id": 6, "ground": "b", "status": "usulan", "period_end": "2026-01-05",
                    "next_review": "2026-01-05", "overdue": True}]


@pytest.mark.parametrize("command", ["reprocess", "check", "nightly"])
def test_command_has_help_with_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"], obj={})
    assert result.exit_code == 0 and "Example:" in result.output


def test_reprocess_needs_a_selection(filed_home: Settings) -> None:
    result = CliRunner().invoke(cli, ["reprocess", "--home", str(filed_home.home.root)], obj={})
    assert result.exit_code == 2 and "--all" in result.output


def test_cli_nightly_on_a_quiet_home_exits_0(home_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["nightly", "--home", str(home_dir)], obj={})
    assert result.exit_code == 0, result.output
    assert "check: 0 masalah" in result.output
    assert list((home_dir / "nightly").glob("*.json"))


# --------------------------------------------------------------------------- right after ingest (#13)


@pytest.fixture(scope="module")
def _scanned_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home into which two generated scans (skewed, noisy) were ingested, built once."""
    from dataclasses import replace

    import synth

    from pindai import archive
    from pindai.config import load_settings, resolve_home
    from pindai.ingest import Ingestor

    base = tmp_path_factory.mktemp("scanned")
    root = base / "home"
    archive.init_home(resolve_home(root))
    s = load_settings(root)
    s = replace(s, ocr=replace(s.ocr, jobs=2))
    with Ingestor(s) as ing:
        for seed, kind in enumerate(("undangan_rapat_pleno", "pengumuman_seleksi_ppk"), 1):
            img, _ = synth.scanner_page(synth.TEXTS[kind], seed=seed, angle=2.0)
            [result] = ing.ingest(synth.write_image_pdf([img], base / f"{kind}.pdf"))
            assert result.status == "filed", result
    return root


@pytest.fixture
def scanned_home(_scanned_template: Path, tmp_path: Path) -> Settings:
    """Settings of a private copy of the home with two scanned documents, ids 1 and 2."""
    from pindai.config import load_settings

    root = tmp_path / "scanned-home"
    shutil.copytree(_scanned_template, root, symlinks=True)
    return load_settings(root)


def _pdfa_sums(settings: Settings) -> dict[int, tuple[str, str]]:
    """Per document: the catalogue's PDF/A checksum and the file's."""
    with Catalog(settings.home.catalog) as cat:
        rows = cat.db.execute("SELECT id, pdfa_path, pdfa_sha256 FROM documents ORDER BY id").fetchall()
    return {r["id"]: (r["pdfa_sha256"], sha256_file(settings.home.root / r["pdfa_path"])) for r in rows}


def test_nightly_right_after_ingest_does_no_ocr(scanned_home: Settings) -> None:
    before = _pdfa_sums(scanned_home)
    assert len(before) == 2

    result = CliRunner().invoke(cli, ["nightly", "--home", str(scanned_home.home.root)], obj={})

    assert result.exit_code == ExitCode.ok, result.output
    assert "reprocess: OCR 0, klasifikasi 0, indeks 0 dokumen" in result.output
    saved = json.loads(next((scanned_home.home.root / "nightly").glob("*.json")).read_text())
    [step] = [s for s in saved["steps"] if s["name"] == "reprocess"]
    assert step["details"]["ran"] == {"ocr": 0, "classify": 0, "index": 0}
    assert step["details"]["skipped"] == {"ocr": 2, "classify": 2, "index": 2}
    assert _pdfa_sums(scanned_home) == before  # the PDF/As were not rewritten


def test_search_after_nightlies_shows_each_document_once(scanned_home: Settings) -> None:
    """Nightlies that re-OCR (a changed setting) and re-queue documents leave one entry per document."""
    from dataclasses import replace

    from pindai import index

    changed = replace(scanned_home, ocr=replace(scanned_home.ocr, low_confidence=55.0))
    first = {s.name: s for s in run_nightly(changed, retrain=False).steps}
    assert first["reprocess"].details["ran"]["ocr"] == 2  # the new setting: OCR again, queued twice each
    with Catalog(scanned_home.home.catalog) as cat:
        cat.enqueue_index([1, 2, 1, 2])  # e.g. officers' edits meanwhile
    run_nightly(changed, retrain=False)

    for args in ((), ("--exempt",)):
        r = CliRunner().invoke(cli, ["search", "--home", str(scanned_home.home.root), *args], obj={})
        shown = [line.split()[0] for line in r.output.splitlines() if line.startswith("#")]
        assert sorted(shown) == ["#1", "#2"], r.output
        assert r.output.splitlines()[0] == f"{len(shown)} dokumen ditemukan / found; hasil 1-{len(shown)}", r.output
    assert index.search(scanned_home.home, "", exempt=True).total == 2
    with Catalog(scanned_home.home.catalog) as cat:
        drift = index.check(scanned_home.home, cat)
    assert drift.ok and drift.duplicates == {"public": [], "exempt": []}, drift
    r = CliRunner().invoke(cli, ["check", "--home", str(scanned_home.home.root)], obj={})
    assert r.exit_code == ExitCode.ok and "semua baik" in r.output, r.output
