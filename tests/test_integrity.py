"""pindai check (#7): finds what is wrong in a home; --repair restores what the originals allow."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from pindai import index
from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import Settings
from pindai.errors import ExitCode
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
    assert result.exit_code == ExitCode.input_failed, result.output
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


# --------------------------------------------------------------------------- a damaged catalogue (#14)


def _snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under ``root`` with its size, modification time and mode; every folder with its mode.

    (A folder's time changes when SQLite makes and removes its -wal/-shm files on opening a
    database: that leaves no file behind.)
    """
    out = {}
    for p in [root, *root.rglob("*")]:
        st = p.lstat()
        out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns, st.st_mode) if p.is_file() else (
            0, 0, st.st_mode)
    return out


def _break_catalog(settings: Settings, how: str) -> None:
    cat = settings.home.catalog
    for extra in (cat.with_name(cat.name + "-wal"), cat.with_name(cat.name + "-shm")):
        extra.unlink(missing_ok=True)
    if how == "empty":
        cat.write_bytes(b"")
    elif how == "deleted":
        cat.unlink()
    elif how == "truncated":
        os.truncate(cat, 4096)
    elif how == "garbage":
        cat.write_bytes(bytes(range(256)) * 32)
    elif how == "corrupt":  # a sound header, damaged pages after it
        size = cat.stat().st_size
        with cat.open("r+b") as f:
            for offset in range(4096, size, 8192):
                f.seek(offset)
                f.write(bytes(range(256)) * 16)


#: Commands that read the catalogue, with their arguments after the command name.
CATALOG_COMMANDS = (
    ("check",), ("check", "--repair"), ("nightly",), ("review",), ("review", "show", "1"),
    ("register", "dip"), ("register", "dik", "--due"), ("publish", "{out}/situs"), ("report", "-o", "{out}/lap.html"),
    ("index", "check"), ("index", "rebuild"), ("reprocess", "--all", "--dry-run"), ("train",),
    ("classify", "1"), ("ingest", "--copy", "{out}/surat.pdf"),
)


@pytest.mark.parametrize("how", ["empty", "deleted", "truncated", "garbage", "corrupt"])
def test_a_damaged_catalogue_stops_every_command_with_a_clear_error_and_touches_nothing(
    filed_home: Settings, tmp_path: Path, how: str
) -> None:
    """With the catalogue empty or deleted, check --repair and nightly moved the whole archive to
    quarantine and emptied both indexes (nightly said OK); truncated, most commands crashed."""
    import synth

    out = tmp_path / "out"
    out.mkdir()
    synth.write_text_pdf([["Surat undangan rapat pleno"]], out / "surat.pdf")
    root = filed_home.home.root
    _break_catalog(filed_home, how)
    before = _snapshot(root)
    for args in CATALOG_COMMANDS:
        argv = [a.format(out=out) for a in args]
        head = 2 if args[0] in ("review", "index") and len(args) > 1 else 1
        result = CliRunner().invoke(cli, [*argv[:head], "--home", str(root), *argv[head:]], obj={})
        assert result.exit_code == ExitCode.bad_catalog, (args, result.output)
        assert "Katalog" in result.output and "no file was changed" in result.output, (args, result.output)
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit), (args, result.output)
        assert _snapshot(root) == before, args
    check_out = CliRunner().invoke(cli, ["check", "--home", str(root)], obj={}).output
    assert "pindai backup" in check_out and "originals" in check_out and "pindai ingest --copy" in check_out


def test_repair_refuses_to_act_on_most_of_the_archive_without_force(filed_home: Settings) -> None:
    """A valid but empty catalogue (restored from the wrong place, made anew by hand) makes every
    file look stray: the repair says so and stops, unless --force."""
    root = filed_home.home.root
    fresh = root.parent / "fresh.sqlite3"
    Catalog(fresh).close()
    os.replace(fresh, filed_home.home.catalog)
    archived = _snapshot(root / "archive") | _snapshot(root / "originals")
    result = CliRunner().invoke(cli, ["check", "--repair", "--home", str(root)], obj={})
    assert result.exit_code == ExitCode.input_failed, result.output
    assert "repair_refused" in result.output and "--force" in result.output
    assert (_snapshot(root / "archive") | _snapshot(root / "originals")) == archived
    assert not (root / "quarantine").exists()
    nightly = CliRunner().invoke(cli, ["nightly", "--home", str(root), "--no-retrain"], obj={})
    assert nightly.exit_code == ExitCode.input_failed, nightly.output
    assert (_snapshot(root / "archive") | _snapshot(root / "originals")) == archived
    forced = CliRunner().invoke(cli, ["check", "--repair", "--force", "--home", str(root)], obj={})
    assert "DIPERBAIKI" in forced.output and list((root / "quarantine").rglob("*.pdf"))


def test_a_handful_of_strays_is_still_repaired_without_force(filed_home: Settings) -> None:
    strays = [filed_home.home.archive_exempt / "2026" / f"lupa-{i}.pdf" for i in range(3)]
    for s in strays:
        s.parent.mkdir(parents=True, exist_ok=True)
        s.write_bytes(b"%PDF-1.4 stray")
    rep = check(filed_home, repair=True)
    assert {(p.code, p.repaired) for p in rep.problems} == {("stray_file", True)}
    assert not any(s.exists() for s in strays)


def test_backup_copies_the_catalogue_and_settings_restricted_and_a_restore_works(
    filed_home: Settings, tmp_path: Path
) -> None:
    root = filed_home.home.root
    dest = tmp_path / "cadangan"
    result = CliRunner().invoke(cli, ["backup", "--home", str(root), "--to", str(dest)], obj={})
    assert result.exit_code == 0, result.output
    [folder] = dest.iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["catalog.sqlite3", "pindai.toml"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750  # restricted: the catalogue holds exempt text
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o640 for p in folder.iterdir())
    assert str(folder) in result.output
    # The catalogue is lost; the backup brings it back and the home checks clean.
    _break_catalog(filed_home, "truncated")
    assert CliRunner().invoke(cli, ["check", "--home", str(root)], obj={}).exit_code == ExitCode.bad_catalog
    shutil.copyfile(folder / "catalog.sqlite3", filed_home.home.catalog)
    rep = check(filed_home)
    assert rep.ok and rep.documents == 6, [p.__dict__ for p in rep.problems]
