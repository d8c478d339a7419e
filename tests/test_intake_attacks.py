"""Issue #14: the hot folder under attack and bad luck. Each test is a reproduction that failed before.

Real watchers, real files, real mounts: a hot folder on a tmpfs (another
filesystem than the home, as the documented Samba/NFS set-up), a home on a
tiny tmpfs for a full disk.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import stat
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
import synth
from click.testing import CliRunner
from conftest import needs_tesseract

from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import Limits, load_settings
from pindai.errors import ExitCode, TooLargeError, TruncatedFileError
from pindai.ingest import MAX_ATTEMPTS, Ingestor
from pindai.ocr._inputs import inspect
from pindai.watch_folders import FAILED_FOLDER, STATUS_FILE, looks_complete

NOT_REGULAR = "Bukan berkas biasa"


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A fresh tmpfs mounted for the test: another filesystem than the home."""
    yield from _mount(tmp_path / "tmpfs", "16m")


def _mount(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def profile_on(home: Path, folder: Path, *, settle: float = 0.3) -> Path:
    """One scanner profile whose hot folder is ``folder``."""
    (home / "pindai.toml").write_text(
        f'[profiles.uji]\nkind = "scanner"\nfolder = "{folder}"\nsettle_seconds = {settle}\n'
        'polling = "no"\nunit = "Umum"\n')
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def watch_once(home: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pindai", "-v", "watch", "--once", "--home", str(home)],
                          capture_output=True, text=True, timeout=timeout)


def tiny_scan(folder: Path, name: str | bytes, n: int = 1) -> Path:
    img = synth.render_page([f"Surat nomor {n} tentang rapat", "Komisi Pemilihan Umum"],
                            width_mm=90, height_mm=40, margin_mm=8)
    staging = folder / f"staging-{n}.png"
    synth.write_png(img, staging)
    target = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else os.fsencode(name))
    os.rename(staging, target)
    return Path(os.fsdecode(target))


def jobs(home: Path) -> list[sqlite3.Row]:
    with Catalog(home / "catalog.sqlite3") as cat:
        return cat.db.execute("SELECT * FROM jobs ORDER BY id").fetchall()


def documents(home: Path) -> list[sqlite3.Row]:
    with Catalog(home / "catalog.sqlite3") as cat:
        return cat.db.execute("SELECT * FROM documents ORDER BY id").fetchall()


def ingest_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pindai", "ingest", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=180)


# --------------------------------------------------------------------------- 1. links and special files


@needs_tesseract
def test_symlinks_in_a_hot_folder_on_another_filesystem_are_kept_as_links_never_copied(
    home_dir: Path, tmpfs: Path
) -> None:
    hot = profile_on(home_dir, tmpfs / "scan")
    secret = home_dir / "archive" / "exempt" / "rahasia.pdf"
    synth.write_text_pdf([["NOTA DINAS", "Sifat : RAHASIA", "NIK 3201014501900001"]], secret)
    links = {"laporan.pdf": home_dir / "catalog.sqlite3", "setelan.pdf": home_dir / "pindai.toml",
             "foto.pdf": secret}
    Catalog(home_dir / "catalog.sqlite3").close()
    for name, target in links.items():
        os.symlink(target, hot / name)
    tiny_scan(hot, "baik.png")
    done = watch_once(home_dir)
    assert done.returncode == ExitCode.input_failed, done.stderr[-2000:]
    failed = hot / FAILED_FOLDER
    for name, target in links.items():
        kept = failed / name
        assert kept.is_symlink() and os.readlink(kept) == str(target)  # the link itself, not its content
        assert NOT_REGULAR in (failed / f"{name}.alasan.txt").read_text()
    # No content of a target anywhere the scanner accounts can read.
    for p in failed.iterdir():
        if not p.is_symlink():
            assert b"SQLite format" not in p.read_bytes() and b"RAHASIA" not in p.read_bytes()
    assert [d["source_name"] for d in documents(home_dir)] == ["baik.png"]


def test_a_symlink_to_an_exempt_pdf_on_the_same_filesystem_is_not_filed_again(home_dir: Path) -> None:
    hot = profile_on(home_dir, home_dir / "inbox" / "uji")
    secret = home_dir / "archive" / "exempt" / "2026" / "rahasia.pdf"
    secret.parent.mkdir(parents=True)
    synth.write_text_pdf([["NOTA DINAS", "Sifat : RAHASIA"]], secret)
    os.symlink(secret, hot / "salinan.pdf")
    done = watch_once(home_dir)
    assert done.returncode == ExitCode.input_failed, done.stderr[-2000:]
    assert documents(home_dir) == []
    assert (hot / FAILED_FOLDER / "salinan.pdf").is_symlink() and secret.exists()
    [job] = jobs(home_dir)
    assert job["error_code"] == "not_regular" and job["quarantine_path"] == str(hot / FAILED_FOLDER / "salinan.pdf")


def test_a_symlinked_subfolder_is_neither_followed_nor_moved(home_dir: Path) -> None:
    hot = profile_on(home_dir, home_dir / "inbox" / "uji")
    exempt = home_dir / "archive" / "exempt" / "2026"
    exempt.mkdir(parents=True)
    synth.write_text_pdf([["NOTA DINAS", "Sifat : RAHASIA"]], exempt / "rahasia.pdf")
    os.symlink(exempt, hot / "Keuangan")
    done = watch_once(home_dir, timeout=60)
    assert done.returncode == ExitCode.ok, done.stderr[-2000:]
    assert (hot / "Keuangan").is_symlink() and (exempt / "rahasia.pdf").exists()
    assert not list((hot / FAILED_FOLDER).iterdir()) and jobs(home_dir) == []


def test_fifo_and_device_node_in_a_hot_folder_get_a_reason_and_do_not_hang_the_watcher(home_dir: Path) -> None:
    hot = profile_on(home_dir, home_dir / "inbox" / "uji")
    os.mkfifo(hot / "pipa.pdf")
    os.mknod(hot / "nol.jpg", 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    done = watch_once(home_dir, timeout=120)
    assert done.returncode == ExitCode.input_failed, done.stderr[-2000:]
    failed = hot / FAILED_FOLDER
    assert stat.S_ISFIFO(os.lstat(failed / "pipa.pdf").st_mode)
    assert stat.S_ISCHR(os.lstat(failed / "nol.jpg").st_mode)
    for name in ("pipa.pdf", "nol.jpg"):
        assert NOT_REGULAR in (failed / f"{name}.alasan.txt").read_text()
    assert not list((home_dir / "originals").rglob("*.*"))


def test_ingest_refuses_a_fifo_a_symlink_and_dev_zero_without_moving_them(home_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipa.pdf"
    os.mkfifo(fifo)
    target = synth.write_text_pdf([["SURAT", "Undangan rapat"]], tmp_path / "asli.pdf")
    link = tmp_path / "tautan.pdf"
    os.symlink(target, link)
    t0 = time.monotonic()
    done = ingest_cli(home_dir, str(fifo), str(link))
    assert done.returncode == ExitCode.input_failed, done.stderr[-2000:]
    assert done.stdout.count(NOT_REGULAR) == 2
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink() and target.exists()
    copied = ingest_cli(home_dir, "--copy", "/dev/zero")
    assert copied.returncode == ExitCode.input_failed and NOT_REGULAR in copied.stdout
    assert time.monotonic() - t0 < 60  # nothing read forever
    assert not [p for p in (home_dir / "work").rglob("*") if p.is_file()]


# --------------------------------------------------------------------------- 2. names are bytes


@needs_tesseract
def test_a_non_utf8_file_name_is_filed_and_shown_escaped(home_dir: Path) -> None:
    hot = profile_on(home_dir, home_dir / "inbox" / "uji")
    tiny_scan(hot, b"nonutf8-\xff\xfe.png")
    done = watch_once(home_dir)
    assert done.returncode == ExitCode.ok, done.stderr[-2000:]
    [doc] = documents(home_dir)
    assert doc["source_name"] == "nonutf8-\\xff\\xfe.png"
    assert "nonutf8-\\\\xff\\\\xfe.png" in done.stderr  # the JSON event, escaped
    assert "nonutf8-\\xff\\xfe.png" in (hot / STATUS_FILE).read_text()


@needs_tesseract
def test_ingest_takes_a_non_utf8_name(home_dir: Path, tmp_path: Path) -> None:
    src = tiny_scan(tmp_path, b"surat-\xe9t\xe9.png")
    done = ingest_cli(home_dir, os.fsdecode(os.fsencode(src)))
    assert done.returncode == ExitCode.ok, done.stderr[-2000:]
    assert "surat-\\xe9t\\xe9.png" in done.stdout
    assert [d["source_name"] for d in documents(home_dir)] == ["surat-\\xe9t\\xe9.png"]


# --------------------------------------------------------------------------- 3. complete files only


def _jpeg_with_exif_thumbnail(path: Path) -> tuple[Path, int]:
    """A photo whose EXIF block carries a thumbnail; returns it and where the thumbnail ends."""
    import io

    from PIL import Image

    img = synth.render_page(synth.TEXTS["nota_dinas"][:4], dpi=100)
    thumb = io.BytesIO()
    img.resize((160, 120)).convert("RGB").save(thumb, "JPEG", quality=60)
    main = io.BytesIO()
    img.convert("RGB").save(main, "JPEG", quality=80)
    # EXIF: TIFF header, an empty IFD0, then the thumbnail (as cameras store it).
    payload = b"Exif\x00\x00" + b"II*\x00\x08\x00\x00\x00" + b"\x00\x00" + b"\x00\x00\x00\x00" + thumb.getvalue()
    app1 = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
    data = main.getvalue()
    path.write_bytes(data[:2] + app1 + data[2:])
    Image.open(path).load()  # a valid JPEG
    return path, 2 + len(app1)


def test_a_jpeg_cut_after_its_exif_thumbnail_is_not_complete(tmp_path: Path) -> None:
    path, thumb_end = _jpeg_with_exif_thumbnail(tmp_path / "foto.jpg")
    assert looks_complete(path)
    data = path.read_bytes()
    path.write_bytes(data[:thumb_end])  # the writer paused right after the thumbnail
    assert data[thumb_end - 2 : thumb_end] == b"\xff\xd9"  # the thumbnail's end marker is the last bytes
    assert not looks_complete(path)


def test_a_linearized_pdf_cut_after_its_first_page_section_is_not_complete(tmp_path: Path) -> None:
    plain = synth.write_text_pdf([synth.TEXTS["nota_dinas"]] * 3, tmp_path / "biasa.pdf")
    web = tmp_path / "web.pdf"
    with pikepdf.open(plain) as pdf:
        pdf.save(web, linearize=True)  # "fast web view": an %%EOF after the first page's part
    data = web.read_bytes()
    cut = tmp_path / "terpotong.pdf"
    cut.write_bytes(data[: data.index(b"%%EOF") + 400])  # the writer paused there
    assert looks_complete(web) and not looks_complete(cut)


def _four_page_tiff(path: Path) -> Path:
    pages = [synth.render_page([f"Halaman {i + 1}", *synth.TEXTS["nota_dinas"][:3]], width_mm=100, height_mm=60,
                               margin_mm=8) for i in range(4)]
    return synth.write_tiff(pages, path)


def test_a_tiff_cut_in_its_page_chain_is_truncated_not_two_pages(tmp_path: Path) -> None:
    full = _four_page_tiff(tmp_path / "empat.tif")
    data = full.read_bytes()
    cut = tmp_path / "setengah.tif"
    cut.write_bytes(data[: len(data) // 2])
    assert looks_complete(full) and not looks_complete(cut)
    with pytest.raises(TruncatedFileError):
        inspect(cut, limits=Limits(), assumed_dpi=300, work=tmp_path)
    assert len(inspect(full, limits=Limits(), assumed_dpi=300, work=tmp_path).pages) == 4


@needs_tesseract
def test_a_tiff_whose_writer_pauses_past_the_settle_time_is_filed_whole(home_dir: Path) -> None:
    hot = profile_on(home_dir, home_dir / "inbox" / "uji", settle=1.0)
    data = _four_page_tiff(home_dir / "full.tif").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "pindai", "-v", "watch", "--home", str(home_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        time.sleep(3)
        target = hot / "adf-jeda.tif"
        with target.open("wb") as f:
            f.write(data[: len(data) // 2])
            f.flush()
            time.sleep(3.5)  # the network scanner pauses: longer than settle_seconds
            f.write(data[len(data) // 2 :])
        deadline = time.monotonic() + 120
        while not documents(home_dir) and not list((hot / FAILED_FOLDER).glob("*.alasan.txt")):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.3)
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.communicate(timeout=120)
    [doc] = documents(home_dir)
    assert doc["pages"] == 4


@needs_tesseract
def test_an_input_that_grows_after_it_was_claimed_is_not_filed_short(settings, tmp_path: Path) -> None:
    hot = tmp_path / "hot"
    hot.mkdir()
    pages = [synth.render_page([f"Halaman {i + 1}", "Komisi Pemilihan Umum"], width_mm=90, height_mm=40,
                               margin_mm=8) for i in range(2)]
    src = hot / "adf.tif"
    writer = src.open("w+b")  # the scanner's open file: it writes on after pindai took the file
    pages[0].save(writer, "TIFF", save_all=True, append_images=pages[1:])
    writer.flush()
    with Ingestor(settings) as ing:
        job = ing.claim(src)  # a complete 2-page TIFF at this moment
        size = Path(job.work_path).stat().st_size
        writer.write(b"\x00" * 4096)  # more of the batch on its way
        writer.close()
        [r] = ing.process(job)
    assert r.status == "failed" and r.error_code == "changed"
    assert "masih berubah" in r.error
    assert documents(settings.home.root) == []
    row = jobs(settings.home.root)[-1]
    assert row["quarantine_path"] == r.quarantined
    assert Path(r.quarantined).stat().st_size == size + 4096  # kept whole for the retry


def test_a_file_still_written_on_another_filesystem_is_not_taken_until_it_stops(settings, tmpfs: Path) -> None:
    import threading

    src = tmpfs / "adf.pdf"
    src.write_bytes(b"%PDF-1.4\n" + b"0" * 8_000_000)
    stop = threading.Event()

    def scanner() -> None:  # a writer that has not finished: a byte at a time
        with src.open("ab") as f:
            while not stop.is_set():
                f.write(b"0")
                f.flush()

    writer = threading.Thread(target=scanner)
    writer.start()
    try:
        with Ingestor(settings) as ing:
            r = ing.claim(src)
    finally:
        stop.set()
        writer.join()
    assert r.status == "failed" and r.error_code == "changed"
    assert src.exists() and not [p for p in (settings.home.work).rglob("*") if p.is_file()]
    with Ingestor(settings) as ing:  # the writer has finished: now it is taken whole
        job = ing.claim(src)
        assert Path(job.work_path).stat().st_size == job_size(ing, job.id) and not src.exists()


def job_size(ing: Ingestor, job_id: int) -> int:
    return int(ing.catalog.job_row(job_id)["claim_size"])


# --------------------------------------------------------------------------- 7. a full disk


@pytest.fixture
def small_home(tmp_path: Path) -> Iterator[Path]:
    """A pindai home on its own 24 MB tmpfs, to be filled."""
    from pindai import archive
    from pindai.config import resolve_home

    for mount in _mount(tmp_path / "disk", "24m"):
        root = mount / "home"
        archive.init_home(resolve_home(root))
        Catalog(root / "catalog.sqlite3").close()
        yield root


def _fill(disk: Path, leave_kb: int) -> Path:
    """Fill ``disk`` up to ``leave_kb`` free kilobytes."""
    filler = disk / "isi"
    st = os.statvfs(disk)
    free = st.f_bavail * st.f_frsize
    with filler.open("wb") as f:
        f.write(b"\x00" * max(0, free - leave_kb * 1024))
    return filler


@needs_tesseract
def test_a_full_disk_is_reported_as_such_and_a_rerun_completes_the_input(small_home: Path, tmp_path: Path) -> None:
    src = synth.write_image_pdf([synth.scanner_page(synth.TEXTS["nota_dinas"], seed=1)[0]], tmp_path / "nota.pdf")
    filler = _fill(small_home.parent, leave_kb=max(64, src.stat().st_size // 1024 // 2))
    done = ingest_cli(small_home, str(src))
    assert done.returncode == ExitCode.input_failed, done.stderr[-2000:]
    assert "Disk penuh" in done.stdout and "disk is full" in done.stdout
    assert "izin" not in done.stdout and "Traceback" not in done.stderr
    assert src.exists()  # left where a rerun finds it
    assert not [p for p in (small_home / "failed").iterdir()]  # no empty reason file
    filler.unlink()  # space returns
    again = ingest_cli(small_home, str(src))
    assert again.returncode == ExitCode.ok, again.stdout + again.stderr[-2000:]
    assert [d["source_name"] for d in documents(small_home)] == ["nota.pdf"]


@needs_tesseract
def test_a_disk_full_during_processing_leaves_a_job_the_next_run_completes(small_home: Path) -> None:
    inbox = small_home / "masuk"
    inbox.mkdir()
    src = synth.write_image_pdf([synth.scanner_page(synth.TEXTS["surat_tugas"], seed=2)[0]], inbox / "tugas.pdf")
    filler = _fill(small_home.parent, leave_kb=max(48, src.stat().st_size // 1024 // 2))
    done = ingest_cli(small_home, str(src))  # same filesystem: claimed by a rename, then the disk is full
    assert done.returncode == ExitCode.input_failed, done.stderr[-2000:]
    assert "Disk penuh" in done.stdout and "Traceback" not in done.stderr
    assert not [p for p in (small_home / "failed").iterdir()]
    [job] = jobs(small_home)
    assert job["state"] in ("claimed", "stored") and job["error_code"] == "disk_full"
    filler.unlink()
    again = ingest_cli(small_home, str(src))  # the same command again: the job resumes first
    assert again.returncode == ExitCode.ok, again.stdout + again.stderr[-2000:]
    assert [d["source_name"] for d in documents(small_home)] == ["tugas.pdf"]
    assert "DIARSIPKAN" in again.stdout


@needs_tesseract
def test_the_watcher_reports_a_full_disk_and_files_the_scan_when_space_returns(small_home: Path) -> None:
    hot = profile_on(small_home, small_home / "inbox" / "uji")
    src = synth.write_image_pdf([synth.scanner_page(synth.TEXTS["nota_dinas"], seed=4)[0]], hot / "nota.pdf")
    old = time.time() - 60
    os.utime(src, (old, old))
    filler = _fill(small_home.parent, leave_kb=max(48, src.stat().st_size // 1024 // 2))
    done = watch_once(small_home)
    assert done.returncode == ExitCode.input_failed, done.stderr[-2000:]
    assert '"error_code": "disk_full"' in done.stderr and "Traceback" not in done.stderr
    assert "Disk penuh" in (hot / STATUS_FILE).read_text()
    assert not list((hot / FAILED_FOLDER).iterdir())  # nothing set aside, no empty reason file
    filler.unlink()
    again = watch_once(small_home)
    assert again.returncode == ExitCode.ok, again.stderr[-2000:]
    assert [d["source_name"] for d in documents(small_home)] == ["nota.pdf"]


def test_disk_full_is_not_a_permissions_problem() -> None:
    from pindai.errors import DiskFullError, UnreadableFileError, from_os_error

    assert isinstance(from_os_error(OSError(errno.ENOSPC, "No space left on device")), DiskFullError)
    assert isinstance(from_os_error(PermissionError(errno.EACCES, "Permission denied")), UnreadableFileError)


# --------------------------------------------------------------------------- 8. names pindai will not take


def test_a_failed_file_with_a_250_byte_name_gets_its_reason(home_dir: Path, tmp_path: Path) -> None:
    name = "laporan-" + "x" * 238 + ".pdf"
    src = tmp_path / name
    src.write_bytes(b"%PDF-1.4 rusak")
    done = ingest_cli(home_dir, str(src))
    assert done.returncode == ExitCode.input_failed, done.stderr[-2000:]
    [reason] = (home_dir / "failed").glob("*.alasan.txt")
    assert len(reason.name.encode()) <= 255 and name in reason.read_text()
    [job] = jobs(home_dir)
    assert job["state"] == "failed" and Path(job["quarantine_path"]).exists()


def test_a_newline_in_a_name_cannot_forge_a_line(home_dir: Path) -> None:
    hot = profile_on(home_dir, home_dir / "inbox" / "uji")
    (hot / "a\nKode: diterima\nALASAN: tidak ada.pdf").write_bytes(b"%PDF-1.4 rusak")
    done = watch_once(home_dir)
    assert done.returncode == ExitCode.input_failed, done.stderr[-2000:]
    [reason] = (hot / FAILED_FOLDER).glob("*.alasan.txt")
    lines = reason.read_text().splitlines()
    assert not [ln for ln in lines if ln.startswith(("Kode: diterima", "ALASAN: tidak ada"))]
    assert "a\\nKode: diterima\\nALASAN: tidak ada.pdf" in lines[0]
    status = (hot / STATUS_FILE).read_text().splitlines()
    assert not [ln for ln in status if ln.startswith(("Kode", "ALASAN"))]


def test_hidden_and_odd_names_left_long_ago_get_a_reason(home_dir: Path) -> None:
    hot = profile_on(home_dir, home_dir / "inbox" / "uji")
    names = ["..\\..\\evil.jpg", "...png", "scan.pdf.part"]
    old = time.time() - 2 * 3600
    for name in names:
        (hot / name).write_bytes(b"\xff\xd8\xff\xe0 data")
        os.utime(hot / name, (old, old))
    (hot / ".baru.pdf").write_bytes(b"%PDF-1.4")  # still being written, maybe: waited for
    done = watch_once(home_dir, timeout=60)
    assert done.returncode == ExitCode.input_failed, done.stderr[-2000:]
    reasons = sorted(p.read_text() for p in (hot / FAILED_FOLDER).glob("*.alasan.txt"))
    assert len(reasons) == 3 and all("sementara" in r for r in reasons)
    assert sorted(p.name for p in hot.iterdir() if p.is_file()) == [".baru.pdf", STATUS_FILE]


# --------------------------------------------------------------------------- 9. budgets


def _giant_pages_pdf(path: Path, pages: int = 1000, side: int = 13000) -> Path:
    """``pages`` pages, each drawing one ``side``² one-bit image (169 MP), in a small file."""
    import zlib

    pdf = pikepdf.new()
    raw = zlib.compress(b"\x00" * ((side + 7) // 8 * side), 9)
    image = pdf.make_stream(raw, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=side,
                            Height=side, ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=1,
                            Filter=pikepdf.Name.FlateDecode)
    size = side / 300 * 72  # drawn at 300 dpi: under the per-page limit
    content = pdf.make_stream(f"q {size} 0 0 {size} 0 0 cm /Im0 Do Q".encode())
    for _ in range(pages):
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, size, size], Contents=content,
                                  Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))
        pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def test_a_small_pdf_of_a_thousand_giant_pages_is_refused_before_any_page_is_prepared(tmp_path: Path) -> None:
    pdf = _giant_pages_pdf(tmp_path / "raksasa.pdf")
    assert pdf.stat().st_size < 400_000
    t0 = time.monotonic()
    with pytest.raises(TooLargeError) as info:
        inspect(pdf, limits=Limits(), assumed_dpi=300, work=tmp_path)
    assert time.monotonic() - t0 < 60
    assert "megapixels" in info.value.detail and info.value.code == "too_large"


@needs_tesseract
def test_a_job_that_keeps_being_killed_ends_failed_and_does_not_block_the_queue(settings, tmp_path: Path) -> None:
    first = synth.write_text_pdf([["SURAT", "Undangan rapat pleno"]], tmp_path / "berat.pdf")
    nxt = synth.write_text_pdf([["NOTA DINAS", "Rapat koordinasi"]], tmp_path / "berikut.pdf")
    with Ingestor(settings) as ing:
        job = ing.claim(first)
        # What MAX_ATTEMPTS runs killed during this job's OCR leave behind.
        ing.catalog.update_job(job.id, attempts=MAX_ATTEMPTS)
    with Ingestor(settings) as ing:
        results = list(ing.ingest_many([nxt]))
    assert [(r.source, r.status, r.error_code) for r in results] == [
        ("berat.pdf", "failed", "too_many_attempts"), ("berikut.pdf", "filed", None)]
    reason = (settings.home.failed / "berat.pdf.alasan.txt").read_text()
    assert "beberapa kali" in reason


# --------------------------------------------------------------------------- 11. workers and active content


def _descendants(pid: int) -> set[int]:
    out: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for k in map(int, kids):
                if k not in out:
                    out.add(k)
                    todo.append(k)
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


@needs_tesseract
def test_kill_9_of_the_watcher_leaves_no_worker_running(home_dir: Path) -> None:
    hot = profile_on(home_dir, home_dir / "inbox" / "uji")
    for i in range(6):
        tiny_scan(hot, f"surat-{i}.png", i)
    proc = subprocess.Popen([sys.executable, "-m", "pindai", "watch", "--workers", "2", "--home", str(home_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(_descendants(proc.pid)) < 3:  # the forkserver and its two workers
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.2)
        family = _descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # the watcher alone, as the OOM killer would
        proc.wait()
        deadline = time.monotonic() + 20
        while [p for p in family if _alive(p)] and time.monotonic() < deadline:
            time.sleep(0.2)
        survivors = [p for p in family if _alive(p)]
    finally:
        for p in _descendants(proc.pid) | family:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
    assert survivors == []


def _active_pdf(path: Path) -> Path:
    """A born-digital letter whose page runs JavaScript when opened and has a JavaScript link."""
    plain = synth.write_text_pdf([synth.TEXTS["undangan_rapat_pleno"]], path.with_suffix(".plain.pdf"))
    with pikepdf.open(plain) as pdf:
        js = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1);")))
        page = pdf.pages[0]
        page.obj.AA = pikepdf.Dictionary(O=js)
        link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[50, 50, 200, 80],
                                  Border=[0, 0, 0], A=js)
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
        pdf.save(path)
    plain.unlink()
    return path


@needs_tesseract
def test_a_born_digital_pdf_with_javascript_is_filed_without_it(home_dir: Path, tmp_path: Path) -> None:
    src = _active_pdf(tmp_path / "undangan.pdf")
    done = ingest_cli(home_dir, "--json", str(src))
    assert done.returncode == ExitCode.ok, done.stdout + done.stderr[-2000:]
    [doc] = documents(home_dir)
    with pikepdf.open(home_dir / doc["pdfa_path"]) as pdf:
        page = pdf.pages[0].obj
        assert "/AA" not in page
        for annot in page.get("/Annots", []):
            assert "/A" not in annot or annot.A.get("/S") != pikepdf.Name.JavaScript
        assert b"app.alert" not in (home_dir / doc["pdfa_path"]).read_bytes()


def test_a_file_cut_short_while_it_is_parsed_does_not_kill_the_process(tmp_path: Path) -> None:
    """A scanner account truncating a TIFF while the watcher follows its page chain (#14).

    Under mmap that was a SIGBUS (exit 135) of the watcher, and with it every hot folder.
    """
    script = tmp_path / "potong.py"
    script.write_text(textwrap.dedent("""
        import os, struct, sys, threading
        from pindai.ocr._inputs import container_complete
        path = sys.argv[1]
        step, count = 512, 60_000  # a long chain of pages: parsing it takes a while
        buf = bytearray(b"II*\\x00" + struct.pack("<I", 8) + b"\\x00" * (step * count + 64))
        for k in range(count):
            off = 8 + k * step
            nxt = off + step if k < count - 1 else 0
            buf[off:off + 18] = struct.pack("<HHHII", 1, 256, 3, 1, 100) + struct.pack("<I", nxt)
        with open(path, "wb") as f:
            f.write(buf)
        with open(path, "rb") as f:
            cut = threading.Timer(0.05, lambda: os.truncate(path, 4096))
            cut.start()
            print("lengkap" if container_complete(f) else "belum lengkap")
            cut.join()
    """))
    proc = subprocess.run([sys.executable, str(script), str(tmp_path / "rantai.tif")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-500:])
    assert proc.stdout.strip() in ("belum lengkap", "lengkap")  # a verdict, whichever the cut came before


def test_an_input_that_could_not_be_set_aside_is_never_swept_away(settings, tmp_path: Path) -> None:
    """A failed input that could not be moved to failed/ stays in the work area; the next
    run's clean-up of ended jobs must not delete it: its original was never stored (#14)."""
    scan = synth.write_text_pdf([["SURAT", "Undangan rapat pleno"]], tmp_path / "satu-satunya.pdf")
    data = scan.read_bytes()
    failed = settings.home.failed
    with Ingestor(settings) as ing:
        job = ing.claim(scan)
        ing.catalog.update_job(job.id, attempts=MAX_ATTEMPTS)  # it ends failed at the next run
    shutil.rmtree(failed)
    failed.write_text("bukan folder")  # failed/ cannot take it (a full or broken disk, a wrong mount)
    with Ingestor(settings) as ing:
        [r] = list(ing.resume())
    assert r.status == "failed" and not scan.exists()
    failed.unlink()
    failed.mkdir()
    with Ingestor(settings) as ing:
        list(ing.resume())  # sweeps the work folders of ended jobs
    kept = [p for p in [*settings.home.work.rglob("*"), *failed.rglob("*"), *settings.home.originals.rglob("*")]
            if p.is_file() and p.read_bytes() == data]
    assert kept, "the only copy of the scan was deleted"
    with Catalog(settings.home.catalog) as cat:
        assert Path(cat.job_row(job.id)["quarantine_path"]) in kept  # and the job says where it is


def test_a_document_over_its_time_budget_is_refused_as_too_large(home_dir: Path, tmp_path: Path) -> None:
    """Pages that pass the size checks but take too long to prepare end the document as
    too large, with the input set aside and the queue free (#14)."""
    toml = home_dir / "pindai.toml"
    toml.write_text(toml.read_text().replace("[limits]\n", "[limits]\nmax_prepare_seconds = 0.001\n", 1))
    pages = [synth.render_page([f"Halaman {i + 1}", *synth.TEXTS["nota_dinas"][:4]]) for i in range(3)]
    scan = synth.write_image_pdf(pages, tmp_path / "lambat.pdf")
    r = CliRunner().invoke(cli, ["ingest", "--home", str(home_dir), "--json", str(scan)])
    [row] = [json.loads(line) for line in r.output.splitlines() if line.startswith("{")]
    assert row["error_code"] == "too_large" and "detik" in row["error"], row
    assert (home_dir / "failed" / "lambat.pdf").exists()
