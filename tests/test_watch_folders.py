"""Hot folders with the real watcher: completeness, polling, bursts, kills, bad files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import synth
from conftest import needs_tesseract

from pindai.config import load_settings
from pindai.watch_folders import FAILED_FOLDER, STATUS_FILE, is_ignored, looks_complete, unit_for

# --------------------------------------------------------------------------- pure rules


@pytest.mark.parametrize(
    "name",
    ["scan.pdf.tmp", "scan.part", "~$laporan.docx", ".hidden.pdf", "Thumbs.db", "desktop.ini",
     "@eaDir/scan.pdf", "GAGAL/scan.pdf", "unduh.crdownload", STATUS_FILE],
)
def test_temporary_and_system_files_are_ignored(tmp_path: Path, name: str) -> None:
    assert is_ignored(tmp_path / name, tmp_path)


@pytest.mark.parametrize("name", ["scan.pdf", "Keuangan/scan 01.jpg", "foto.HEIC"])
def test_ordinary_scans_are_not_ignored(tmp_path: Path, name: str) -> None:
    assert not is_ignored(tmp_path / name, tmp_path)


def test_a_half_written_file_does_not_look_complete(tmp_path: Path) -> None:
    img = synth.render_page(["Nomor : 1/PL.01/2024"], height_mm=40, margin_mm=8)
    for path in (synth.write_image_pdf([img], tmp_path / "a.pdf"), synth.write_jpeg(img, tmp_path / "a.jpg"),
                 synth.write_png(img, tmp_path / "a.png")):
        assert looks_complete(path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) * 2 // 3])
        assert not looks_complete(path), path.name


def test_subfolder_names_the_unit(home_dir: Path) -> None:
    settings = load_settings(home_dir)
    adf = settings.profiles["adf"]
    folder = settings.hot_folder(adf)
    assert unit_for(folder / "Keuangan" / "scan.pdf", folder, adf) == "Keuangan"
    assert unit_for(folder / "scan.pdf", folder, adf) == adf.unit


# --------------------------------------------------------------------------- the real watcher

PROFILE = """
[profiles.uji]
kind = "scanner"
settle_seconds = {settle}
polling = "{polling}"
poll_interval = {poll}
unit = "Umum"
"""


def configure(home: Path, *, settle: float = 1.0, polling: str = "no", poll: float = 1.0) -> Path:
    """Replace the home's profiles with one test profile; return its hot folder."""
    (home / "pindai.toml").write_text(PROFILE.format(settle=settle, polling=polling, poll=poll))
    return home / "inbox" / "uji"


def tiny_scan(folder: Path, name: str, n: int) -> Path:
    img = synth.render_page([f"Surat nomor {n} tentang rapat", "Komisi Pemilihan Umum"],
                            width_mm=90, height_mm=40, margin_mm=8)
    return synth.write_png(img, folder / name)


def start_watcher(home: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pindai", "-v", "watch", "--home", str(home), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def documents(home: Path) -> list[tuple[str, str]]:
    db = home / "catalog.sqlite3"
    if not db.exists():
        return []
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
        try:
            return [(r[0], r[1]) for r in con.execute("SELECT source_name, sha256 FROM documents")]
        finally:
            con.close()
    except sqlite3.Error:
        return []


def wait_for(predicate, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"watcher exited: {proc.stderr.read()[-3000:]}")
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def stop(proc: subprocess.Popen[str]) -> str:
    """SIGTERM to the watcher alone, as systemd (KillMode=mixed) sends it."""
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    return err


def events(stderr: str) -> list[dict]:
    """The watcher's events: every line of its log is one JSON object (#13)."""
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


@needs_tesseract
def test_burst_of_200_files_each_processed_exactly_once(home_dir: Path) -> None:
    hot = configure(home_dir, settle=0.5)
    proc = start_watcher(home_dir)
    wait_for(lambda: hot.exists(), 30, proc)
    staging = home_dir / "staging"
    staging.mkdir()
    names = [f"surat-{i:03d}.png" for i in range(200)]
    for i, name in enumerate(names):
        tiny_scan(staging, name, i)
    for name in names:  # dropped at once: renames into the hot folder
        os.rename(staging / name, hot / name)
    wait_for(lambda: len(documents(home_dir)) >= 200, 400, proc)
    time.sleep(2)  # nothing more may arrive
    err = stop(proc)
    docs = documents(home_dir)
    assert sorted(n for n, _ in docs) == sorted(names)  # none lost, none twice
    assert len({s for _, s in docs}) == 200
    assert not [p for p in hot.iterdir() if p.suffix == ".png"]
    assert not any((hot / FAILED_FOLDER).iterdir())
    status = (hot / STATUS_FILE).read_text()
    assert "BERHENTI" in status
    filed = [e for e in events(err) if e["event"] == "filed"]
    assert len(filed) == 200


@needs_tesseract
def test_file_written_slowly_over_20_seconds_is_taken_only_when_complete(home_dir: Path) -> None:
    hot = configure(home_dir, settle=3.0)
    proc = start_watcher(home_dir)
    wait_for(lambda: hot.exists(), 30, proc)
    pages = [synth.render_page(synth.TEXTS[t][:6], height_mm=100, margin_mm=10) for t in ("nota_dinas", "surat_tugas")]
    data = synth.write_tiff(pages, home_dir / "full.tif").read_bytes()  # TIFF: no end marker
    target = hot / "adf-lambat.tif"
    chunks = 10
    with target.open("wb") as f:
        for i in range(chunks):  # a network scanner: a chunk every 2 s
            f.write(data[i * len(data) // chunks : (i + 1) * len(data) // chunks])
            f.flush()
            if i < chunks - 1:
                time.sleep(2.0)
                assert target.exists(), f"taken after chunk {i + 1} of {chunks}"
    wait_for(lambda: len(documents(home_dir)) == 1, 120, proc)
    err = stop(proc)
    [r] = [e for e in events(err) if e["event"] in ("filed", "failed")]
    assert r["event"] == "filed" and r["pages"] == 2


@needs_tesseract
def test_polling_picks_files_up_within_the_poll_interval(home_dir: Path) -> None:
    hot = configure(home_dir, settle=0.5, polling="yes", poll=1.0)
    proc = start_watcher(home_dir)
    wait_for(lambda: (hot / STATUS_FILE).exists(), 30, proc)
    time.sleep(1.5)  # past the start-up rescan: only polling can see the file
    staging = home_dir / "s.png"
    tiny_scan(home_dir, "s.png", 1)
    old = time.time() - 60
    os.utime(staging, (old, old))  # complete long ago: only the poll delay counts
    t0 = time.monotonic()
    os.rename(staging, hot / "poll.png")
    wait_for(lambda: not (hot / "poll.png").exists(), 10, proc)
    taken_after = time.monotonic() - t0
    wait_for(lambda: len(documents(home_dir)) == 1, 60, proc)
    err = stop(proc)
    started = [e for e in events(err) if e["event"] == "watch_started"][0]
    assert started["polling"] == [str(hot)]
    assert taken_after <= 1.0 + 0.5 + 0.75  # poll interval + tick margin


@needs_tesseract
def test_kill_9_mid_batch_then_restart_files_everything_exactly_once(home_dir: Path) -> None:
    hot = configure(home_dir, settle=0.3)
    names = [f"dok-{i:02d}.png" for i in range(24)]
    (home_dir / "inbox" / "uji").mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        tiny_scan(hot, name, i)
    synth.write_truncated_pdf(hot / "rusak.pdf")
    proc = start_watcher(home_dir)
    wait_for(lambda: len(documents(home_dir)) >= 5, 120, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    rerun = subprocess.run([sys.executable, "-m", "pindai", "watch", "--once", "--home", str(home_dir)],
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 2, rerun.stderr[-2000:]  # the broken file failed, nothing else
    docs = documents(home_dir)
    assert sorted(n for n, _ in docs) == sorted(names)
    assert (hot / FAILED_FOLDER / "rusak.pdf").exists()
    assert (hot / FAILED_FOLDER / "rusak.pdf.alasan.txt").exists()
    assert not [p for p in hot.iterdir() if p.is_file() and p.name != STATUS_FILE]


@needs_tesseract
def test_bad_files_are_quarantined_beside_the_hot_folder_and_the_watcher_keeps_serving(home_dir: Path) -> None:
    hot = configure(home_dir, settle=0.3)
    proc = start_watcher(home_dir)
    wait_for(lambda: hot.exists(), 30, proc)
    synth.write_docx(hot / "laporan.docx")
    synth.write_corrupt_pdf(hot / "rusak.pdf")
    synth.write_zero_byte(hot / "kosong.jpg")
    tiny_scan(hot, "baik-1.png", 1)
    wait_for(lambda: (hot / FAILED_FOLDER / "laporan.docx.alasan.txt").exists()
             and (hot / FAILED_FOLDER / "rusak.pdf.alasan.txt").exists(), 60, proc)
    tiny_scan(hot, "baik-2.png", 2)  # still serving
    wait_for(lambda: len(documents(home_dir)) == 2, 60, proc)
    wait_for(lambda: (hot / FAILED_FOLDER / "kosong.jpg.alasan.txt").exists(), 60, proc)
    err = stop(proc)
    assert "tidak didukung" in (hot / FAILED_FOLDER / "laporan.docx.alasan.txt").read_text()
    status = (hot / STATUS_FILE).read_text()
    assert "Galat terakhir" in status
    assert "Komisi" not in err and "rapat" not in err  # logs never carry document text


def test_a_second_watcher_on_the_same_home_refuses_to_start(home_dir: Path) -> None:
    configure(home_dir)
    first = start_watcher(home_dir)
    try:
        wait_for(lambda: (home_dir / "inbox" / "uji" / STATUS_FILE).exists(), 30, first)
        second = subprocess.run([sys.executable, "-m", "pindai", "watch", "--home", str(home_dir)],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 6
        assert "Another watcher" in second.stderr and str(first.pid) in second.stderr
    finally:
        stop(first)


@needs_tesseract
def test_sigterm_finishes_the_work_in_hand_and_a_restart_takes_the_rest(home_dir: Path) -> None:
    hot = configure(home_dir, settle=0.3)
    hot.mkdir(parents=True, exist_ok=True)
    names = [f"surat-{i:02d}.png" for i in range(16)]
    for i, name in enumerate(names):
        tiny_scan(hot, name, i)
    proc = start_watcher(home_dir)
    wait_for(lambda: len(documents(home_dir)) >= 2, 120, proc)
    err = stop(proc)
    assert proc.returncode == 0
    claimed = {e["job"] for e in events(err) if e["event"] == "claimed"}
    finished = [e for e in events(err) if e["event"] == "filed"]
    assert len(finished) == len(claimed)  # nothing claimed was left half done
    rerun = subprocess.run([sys.executable, "-m", "pindai", "watch", "--once", "--home", str(home_dir)],
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert sorted(n for n, _ in documents(home_dir)) == sorted(names)


def test_a_reason_file_that_is_a_link_or_a_fifo_is_not_read(tmp_path: Path) -> None:
    """GAGAL/ is writable by every scanner account: the status page must not show the
    target of a link named *.alasan.txt, nor hang on a FIFO (#14)."""
    import threading

    from pindai import watch_folders
    from pindai.archive import init_home
    from pindai.config import load_settings, resolve_home

    init_home(resolve_home(tmp_path / "home"))
    settings = load_settings(tmp_path / "home")
    secret = tmp_path / "rahasia.txt"
    secret.write_text("ALASAN: isi berkas rahasia 1604011207850001\n")
    failed = settings.home.failed
    (failed / "a.pdf").write_bytes(b"%PDF-1.4\n")
    (failed / ("a.pdf" + watch_folders.REASON_SUFFIX)).symlink_to(secret)
    (failed / "b.pdf").write_bytes(b"%PDF-1.4\n")
    os.mkfifo(failed / ("b.pdf" + watch_folders.REASON_SUFFIX))
    got: list = []
    t = threading.Thread(target=lambda: got.append(watch_folders.failed_files(settings)), daemon=True)
    t.start()
    t.join(timeout=20)
    assert got, "listing the failed files hung on a FIFO"
    reasons = {f.name: f.reason for f in got[0]}
    assert "rahasia" not in " ".join(reasons.values()) and "1604011207850001" not in " ".join(reasons.values())
    assert reasons["a.pdf"].startswith("Alasan tidak terbaca") and reasons["b.pdf"].startswith("Alasan tidak terbaca")


@needs_tesseract
def test_each_hot_folders_status_names_only_its_own_files(home_dir: Path) -> None:
    """Every scanner account reads its own folder's STATUS: another profile's file names (which
    may say what a document is about) must not show there, nor its failures."""
    (home_dir / "pindai.toml").write_text(PROFILE.format(settle=0.3, polling="no", poll=1.0)
                                          + PROFILE.format(settle=0.3, polling="no", poll=1.0)
                                          .replace("[profiles.uji]", "[profiles.ponsel]").replace("scanner", "phone"))
    hot, phone = home_dir / "inbox" / "uji", home_dir / "inbox" / "ponsel"
    proc = start_watcher(home_dir)
    wait_for(lambda: hot.exists() and phone.exists(), 30, proc)
    tiny_scan(hot, "surat-pemecatan-pegawai.png", 1)
    synth.write_corrupt_pdf(hot / "hasil-tes-narkoba.pdf")
    wait_for(lambda: len(documents(home_dir)) == 1
             and (hot / FAILED_FOLDER / "hasil-tes-narkoba.pdf.alasan.txt").exists(), 60, proc)
    wait_for(lambda: "hasil-tes-narkoba" in (hot / STATUS_FILE).read_text(), 10, proc)
    stop(proc)
    own, other = (hot / STATUS_FILE).read_text(), (phone / STATUS_FILE).read_text()
    assert "surat-pemecatan-pegawai" in own or "hasil-tes-narkoba" in own
    assert "pemecatan" not in other and "narkoba" not in other
    assert "Terakhir diproses / last processed: -" in other and "Galat terakhir / last error: -" in other
