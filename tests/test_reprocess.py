"""Reprocess (#7): stage keys skip unchanged work, kill -9 resumes, decisions survive."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pindai import classify, index, integrity, review
from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import Settings
from pindai.reprocess import NEEDS_REVIEW, TMP_MARK, reprocess

from conftest import needs_tesseract

pytestmark = needs_tesseract


@pytest.fixture
def ocr_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every in-process call of the OCR stage (reprocess with jobs=1 runs in-process)."""
    import pindai.ocr

    calls: list[Path] = []
    real = pindai.ocr.ocr_document

    def counting(source: Path, **kw):  # noqa: ANN003, ANN202
        calls.append(source)
        return real(source, **kw)

    monkeypatch.setattr(pindai.ocr, "ocr_document", counting)
    return calls


def _rows(settings: Settings, sql: str, *params: object) -> list[sqlite3.Row]:
    with Catalog(settings.home.catalog) as cat:
        return cat.db.execute(sql, params).fetchall()


def _new_ocr_setting(settings: Settings) -> Settings:
    """The office changes an OCR setting in pindai.toml: every document's OCR key changes."""
    from pindai.config import load_settings

    path = settings.home.settings_file
    path.write_text(path.read_text().replace("# low_confidence = 70", "low_confidence = 55"))
    changed = load_settings(settings.home.root)
    assert changed.ocr.low_confidence == 55
    return changed


def test_ingest_records_the_keys_reprocess_compares(filed_home: Settings, ocr_calls: list[Path]) -> None:
    """The stages ran at ingest: reprocess right after it has nothing to do (#13)."""
    keys = _rows(filed_home, "SELECT document_id, stage, key FROM reprocess_keys ORDER BY 1, 2")
    assert len(keys) == 18  # 6 documents × ocr, classify, index
    rep = reprocess(filed_home, stage="ocr", jobs=1)
    assert not ocr_calls and rep.ran == {"ocr": 0, "classify": 0, "index": 0}
    assert rep.skipped == {"ocr": 6, "classify": 6, "index": 6}
    assert _rows(filed_home, "SELECT document_id, stage, key FROM reprocess_keys ORDER BY 1, 2") == keys


def test_second_run_with_nothing_changed_does_no_ocr(filed_home: Settings, ocr_calls: list[Path]) -> None:
    first = reprocess(filed_home, stage="ocr", jobs=1, force=True)
    assert len(ocr_calls) == 6 and first.ran["ocr"] == 6
    keys_before = _rows(filed_home, "SELECT document_id, stage, key, done_at FROM reprocess_keys ORDER BY 1, 2")
    assert len(keys_before) == 18  # 6 documents × ocr, classify, index

    second = reprocess(filed_home, stage="ocr", jobs=1)

    assert len(ocr_calls) == 6  # no new OCR call
    assert second.ran == {"ocr": 0, "classify": 0, "index": 0}
    assert second.skipped == {"ocr": 6, "classify": 6, "index": 6}
    assert _rows(filed_home, "SELECT document_id, stage, key, done_at FROM reprocess_keys ORDER BY 1, 2") == keys_before


def test_changed_ocr_setting_reruns_ocr(filed_home: Settings, ocr_calls: list[Path]) -> None:
    from dataclasses import replace

    reprocess(filed_home, stage="ocr", jobs=1)
    assert not ocr_calls  # nothing changed since ingest
    changed = replace(filed_home, ocr=replace(filed_home.ocr, low_confidence=50.0))
    rep = reprocess(changed, stage="ocr", jobs=1)
    assert rep.ran["ocr"] == 6 and len(ocr_calls) == 6


def test_dry_run_changes_nothing(filed_home: Settings, ocr_calls: list[Path]) -> None:
    keys = _rows(filed_home, "SELECT * FROM reprocess_keys ORDER BY 1, 2")
    rep = reprocess(_new_ocr_setting(filed_home), stage="ocr", jobs=1, dry_run=True)
    assert rep.ran["ocr"] == 6 and not ocr_calls
    assert _rows(filed_home, "SELECT * FROM reprocess_keys ORDER BY 1, 2") == keys


def test_kill_9_mid_reprocess_then_rerun_processes_each_document_once(filed_home: Settings) -> None:
    root = filed_home.home.root
    filed_home = _new_ocr_setting(filed_home)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pindai", "-q", "reprocess", "--all", "--stage", "ocr", "--jobs", "2",
         "--home", str(root)],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        done = 0
        while time.monotonic() < deadline and proc.poll() is None:
            done = len(_rows(filed_home, "SELECT 1 FROM audit WHERE action='reprocess'"))
            if done >= 1:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "finished before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)  # the whole group: the pool's workers die too
    finally:
        proc.wait()
    committed = {r[0] for r in _rows(filed_home, "SELECT document_id FROM audit WHERE action='reprocess'")}
    assert 1 <= len(committed) < 6

    stored = {r[0]: r[1] for r in _rows(filed_home, "SELECT document_id, detail FROM reprocess_keys"
                                                     " WHERE stage='ocr'")}
    rerun = reprocess(filed_home, stage="ocr", jobs=2)

    # On a mismatch, show what the killed run keyed its documents on and what the rerun did.
    assert rerun.ran["ocr"] == 6 - len(committed), (stored, _rows(
        filed_home, "SELECT document_id, detail FROM reprocess_keys WHERE stage='ocr' ORDER BY 1")[:1])
    per_doc = _rows(filed_home, "SELECT document_id, count(*) FROM audit WHERE action='reprocess'"
                                " GROUP BY document_id ORDER BY 1")
    assert [tuple(r) for r in per_doc] == [(i, 1) for i in range(1, 7)]
    assert len(_rows(filed_home, "SELECT 1 FROM reprocess_keys WHERE stage='ocr'")) == 6
    assert not _rows(filed_home, "SELECT 1 FROM pending_swaps")
    assert not list((root / "archive").rglob(f"*{TMP_MARK}"))
    # Nothing half-written: every PDF/A matches its catalogue checksum, indexes agree.
    assert integrity.check(filed_home).ok
    # A third run has nothing left to do.
    assert reprocess(filed_home, stage="ocr", jobs=2).ran["ocr"] == 0


def test_confirmed_decision_survives_a_new_policy(filed_home: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    with Catalog(filed_home.home.catalog) as cat:
        # The officer overrides the suggestion of #4 (DIK) and accepts #2 (DIP).
        review.decide(filed_home, cat, 4, review.Decision(register="DIP", dip_type="setiap_saat",
                                                                 confirm_public="t"), actor="t")
        review.accept(filed_home, cat, 2, actor="t")
    reprocess(filed_home, stage="classify")  # keys for today's policy
    # A stricter policy (the test seam): every DIP suggestion is now held.
    monkeypatch.setattr(classify, "PUBLIC_THRESHOLD", 1.01)

    rep = reprocess(filed_home, stage="classify")

    docs = {r["id"]: r for r in _rows(filed_home, "SELECT * FROM documents")}
    assert (docs[4]["side"], docs[4]["status"]) == ("public", "disahkan")
    assert (docs[2]["side"], docs[2]["status"]) == ("public", "disahkan")
    assert len(_rows(filed_home, "SELECT 1 FROM decisions")) == 2
    assert NEEDS_REVIEW in rep.changes[4].review and rep.changes[4].side_moved is None
    assert not rep.changes[2].review and rep.changes[2].suggestion_changed
    # The undecided public document follows its new (held) suggestion into the exempt folder.
    assert rep.changes[1].side_moved == ("public", "exempt")
    assert docs[1]["side"] == "exempt" and docs[1]["pdfa_path"].startswith("archive/exempt/")
    assert (filed_home.home.root / docs[1]["pdfa_path"]).exists()
    with Catalog(filed_home.home.catalog) as cat:
        drift = index.check(filed_home.home, cat)
        assert drift.ok and 1 not in drift.missing["exempt"]
        latest = cat.db.execute("SELECT held FROM suggestions WHERE document_id=4 ORDER BY id DESC").fetchone()
        assert latest is not None


def test_different_number_of_parts_keeps_old_documents(filed_home: Settings,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from pindai import ingest

    real = ingest.process_document  # the one stage function reprocess runs too (#15)
    monkeypatch.setattr(ingest, "process_document", lambda *a, **kw: real(*a, **kw) * 2)  # now two parts
    before = _rows(filed_home, "SELECT id, pdfa_sha256, side FROM documents ORDER BY id")

    rep = reprocess(filed_home, stage="ocr", jobs=1, ids=[3], force=True)

    assert NEEDS_REVIEW in rep.changes[3].review
    assert _rows(filed_home, "SELECT id, pdfa_sha256, side FROM documents ORDER BY id") == before
    assert reprocess(filed_home, stage="ocr", jobs=1, ids=[3]).ran["ocr"] == 0  # not redone every night


def test_cli_reprocess_reports_review_with_exit_status(filed_home: Settings,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with Catalog(filed_home.home.catalog) as cat:
        review.decide(filed_home, cat, 5, review.Decision(register="DIP", dip_type="setiap_saat",
                                                                 confirm_public="t"), actor="t")
    result = CliRunner().invoke(cli, ["reprocess", "--stage", "classify", "--ids", "5", "--force",
                                      "--home", str(filed_home.home.root)], obj={})
    assert result.exit_code == 2, result.output
    assert "#5 [classify" in result.output and "PERLU DITINJAU ULANG" in result.output
