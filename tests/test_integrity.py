"""pindai check (#7): finds what is wrong in a home; --repair restores what the originals allow."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pindai import index
from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import Settings
from pindai.ingest import sha256_file
from pindai.integrity import check

from conftest import needs_tesseract

pytestmark = needs_tesseract


def _doc(settings: Settings, doc_id: int) -> dict:
    with Catalog(settings.home.catalog) as cat:
        return dict(cat.db.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone())


def _codes(rep) -> dict[str, set]:  # noqa: ANN001
    out: dict[str, set] = {}
    for p in rep.problems:
        out.setdefault(p.code, set()).add(p.doc_id if p.doc_id is not None else p.path)
    return out


def _damage(settings: Settings) -> dict[str, Path]:
    """Delete #1's PDF/A, change #2's original, drop #3 from the index, add an
    extra entry, and copy exempt #4's PDF/A into the public archive."""
    root = settings.home.root
    d1, d2, d4 = _doc(settings, 1), _doc(settings, 2), _doc(settings, 4)
    (root / d1["pdfa_path"]).unlink()
    orig2 = root / d2["original_path"]
    os.chmod(orig2, 0o640)
    with orig2.open("ab") as f:
        f.write(b"\n%tampered\n")
    w = index.open_index(settings.home, "public").writer()
    w.delete_by_term("doc_id", "3")
    w.commit()
    w = index.open_index(settings.home, "exempt").writer()
    w.add_document(doc_id="99", content="tidak ada", path="x")
    w.commit()
    leaked = root / "archive/public/2026/Umum/salinan.pdf"
    leaked.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(root / d4["pdfa_path"], leaked)
    return {"orig2": orig2, "leaked": leaked, "pdfa1": root / d1["pdfa_path"]}


def test_clean_home_passes(filed_home: Settings) -> None:
    rep = check(filed_home)
    assert rep.ok and rep.documents == 6 and rep.files == 12


def test_check_finds_each_kind_of_damage(filed_home: Settings) -> None:
    paths = _damage(filed_home)
    rep = check(filed_home)
    codes = _codes(rep)
    assert codes["pdfa_missing"] == {1}
    assert codes["original_changed"] == {2}
    assert codes["index_missing"] == {3}
    assert codes["index_extra"] == {99}
    assert codes["exempt_in_public"] == {str(paths["leaked"].relative_to(filed_home.home.root))}
    assert not rep.ok and not any(p.repaired for p in rep.problems)
    assert paths["leaked"].exists()  # a check alone changes nothing


def test_repair_restores_what_the_originals_allow(filed_home: Settings) -> None:
    paths = _damage(filed_home)
    tampered = sha256_file(paths["orig2"])

    rep = check(filed_home, repair=True)

    by_code = {p.code: p for p in rep.problems}
    assert by_code["pdfa_missing"].repaired and paths["pdfa1"].exists()
    assert sha256_file(paths["pdfa1"]) == _doc(filed_home, 1)["pdfa_sha256"]
    assert by_code["index_missing"].repaired and by_code["index_extra"].repaired
    assert by_code["exempt_in_public"].repaired and not paths["leaked"].exists()
    quarantined = list((filed_home.home.root / "quarantine").rglob("*salinan.pdf"))
    assert len(quarantined) == 1  # moved, never deleted
    # The changed original is left alone and reported for the officer.
    assert not by_code["original_changed"].repaired and "cadangan" in by_code["original_changed"].action
    assert sha256_file(paths["orig2"]) == tampered
    assert [p.code for p in rep.remaining] == ["original_changed"]
    # What was repaired stays repaired.
    assert [p.code for p in check(filed_home).problems] == ["original_changed"]


def test_repair_moves_a_misplaced_exempt_file_back(filed_home: Settings) -> None:
    root = filed_home.home.root
    d5 = _doc(filed_home, 5)
    exempt_path = root / d5["pdfa_path"]
    public_path = root / "archive/public" / exempt_path.name
    shutil.move(exempt_path, public_path)

    rep = check(filed_home, repair=True)

    assert [(p.code, p.doc_id, p.repaired) for p in rep.problems] == [("exempt_in_public", 5, True)]
    assert exempt_path.exists() and not public_path.exists()
    assert exempt_path.stat().st_mode & 0o777 == 0o640
    assert check(filed_home).ok


def test_stray_file_is_quarantined(filed_home: Settings) -> None:
    stray = filed_home.home.archive_exempt / "2026" / "lupa.pdf"
    stray.write_bytes(b"%PDF-1.4 stray")
    rep = check(filed_home, repair=True)
    assert [(p.code, p.repaired) for p in rep.problems] == [("stray_file", True)]
    assert not stray.exists() and list((filed_home.home.root / "quarantine").rglob("*lupa.pdf"))


def test_cli_check_exit_status_and_message(filed_home: Settings) -> None:
    _damage(filed_home)
    result = CliRunner().invoke(cli, ["check", "--repair", "--home", str(filed_home.home.root)], obj={})
    assert result.exit_code == 2, result.output
    assert "PERLU PETUGAS" in result.output and "original_changed" in result.output
    assert "1 masalah tersisa" in result.output


def test_the_kept_original_of_a_failed_input_is_not_a_stray(filed_home: Settings, tmp_path: Path) -> None:
    import synth

    from pindai.ingest import Ingestor

    bad = synth.write_truncated_pdf(tmp_path / "terpotong.pdf")
    with Ingestor(filed_home) as ing:
        [result] = ing.process(ing.claim(bad))
    assert result.status == "failed"
    with Catalog(filed_home.home.catalog) as cat:
        [(sha,)] = cat.db.execute("SELECT sha256 FROM jobs WHERE state='failed'").fetchall()
    assert list(filed_home.home.originals.rglob(f"{sha}*")), "the failed input's original is kept for a retry"
    rep = check(filed_home)
    assert rep.ok, [p.__dict__ for p in rep.problems]
