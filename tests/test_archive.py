"""The archive on its own: what it takes, what it keeps, what it sets aside (#15)."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from pindai import archive
from pindai.config import resolve_home
from pindai.errors import ChangedFileError, CorruptFileError, NotRegularFileError, TooLargeError


@pytest.fixture
def home(tmp_path: Path):  # noqa: ANN201
    h = resolve_home(tmp_path / "home")
    archive.init_home(h)
    return h


def test_an_original_is_kept_by_its_checksum_restricted_and_never_overwritten(home, tmp_path: Path) -> None:
    src = tmp_path / "scan.PDF"
    src.write_bytes(b"%PDF-1.4 isi pindaian\n")
    sha = archive.sha256_file(src)
    assert sha == hashlib.sha256(src.read_bytes()).hexdigest()
    kept = archive.store_original(src, sha, home=home)
    assert kept == home.originals / sha[:2] / f"{sha}.pdf" and kept.read_bytes() == src.read_bytes()
    assert stat.S_IMODE(kept.stat().st_mode) & 0o007 == 0  # nothing for others
    src.write_bytes(b"%PDF-1.4 lain\n")  # the same name, other bytes: the kept one is not touched
    assert archive.store_original(src, sha, home=home) == kept
    assert kept.read_bytes() == b"%PDF-1.4 isi pindaian\n"


def test_an_original_whose_bytes_changed_since_its_checksum_is_not_kept(home, tmp_path: Path) -> None:
    src = tmp_path / "scan.pdf"
    src.write_bytes(b"%PDF-1.4 awal\n")
    sha = archive.sha256_file(src)
    src.write_bytes(b"%PDF-1.4 awal, lalu ditulis lagi oleh pemindai\n")
    with pytest.raises(ChangedFileError):
        archive.store_original(src, sha, home=home)
    assert not any(p.is_file() for p in home.originals.rglob("*"))


def test_only_a_regular_file_is_opened_never_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "catalog.sqlite3"
    target.write_bytes(b"rahasia")
    (tmp_path / "laporan.pdf").symlink_to(target)
    os.mkfifo(tmp_path / "pipa.pdf")
    for name in ("laporan.pdf", "pipa.pdf"):
        with pytest.raises((NotRegularFileError, CorruptFileError)):
            os.close(archive.open_regular(tmp_path / name))
    fd = archive.open_regular(target)
    os.close(fd)


def test_claim_copies_at_most_the_size_allowed(tmp_path: Path) -> None:
    src = tmp_path / "besar.tif"
    src.write_bytes(b"II*\x00" + b"\x00" * 4096)
    with pytest.raises(TooLargeError):
        archive.claim_input(src, tmp_path / "work" / "input.tif", copy=True, max_bytes=1024)
    assert src.exists() and not (tmp_path / "work" / "input.tif").exists()


def test_a_rejected_input_goes_aside_with_a_reason_whose_name_cannot_forge_a_line(tmp_path: Path) -> None:
    from pindai.errors import TruncatedFileError

    src = tmp_path / "input.pdf"
    src.write_bytes(b"%PDF-1.4 terpotong")
    failed = tmp_path / "failed"
    moved = archive.quarantine(src, TruncatedFileError(), failed=failed,
                               source_name="surat\nALASAN: palsu.pdf")
    assert moved.parent == failed and moved.read_bytes() == b"%PDF-1.4 terpotong" and not src.exists()
    reason = moved.with_name(moved.name + ".alasan.txt").read_text()
    assert [line for line in reason.splitlines() if line.startswith("ALASAN:")] == [
        next(line for line in reason.splitlines() if line.startswith("ALASAN:"))]
    assert "palsu" not in next(line for line in reason.splitlines() if line.startswith("ALASAN:"))
