"""Where files go: the home's folders, atomic moves and copies, permissions, quarantine."""

from __future__ import annotations

import errno
import fcntl
import grp
import logging
import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from pindai.config import SETTINGS_TEMPLATE, Home
from pindai.errors import HomeError, InputRejected

log = logging.getLogger(__name__)

#: Folders only the service user and the PPID group may read.
RESTRICTED_DIR, RESTRICTED_FILE = 0o750, 0o640
#: Originals are never modified: read-only even for their owner.
ORIGINAL_FILE = 0o440
PUBLIC_DIR, PUBLIC_FILE = 0o755, 0o644
#: Hot folders and failed/: scanners (through Samba) and clerks write there.
SHARED_DIR = 0o2770


def _restricted(home: Home) -> list[Path]:
    return [home.originals, home.archive_exempt, home.index_exempt, home.work]


def _public(home: Home) -> list[Path]:
    return [home.root / "archive", home.archive_public, home.root / "index", home.index_public]


def init_home(home: Home, *, group: str = "") -> list[Path]:
    """Create the storage layout of DESIGN.md with its permissions; keep what exists.

    Returns:
        The folders and files that were created.

    Raises:
        HomeError: the location cannot be written.
    """
    created: list[Path] = []
    gid = _gid(group)
    try:
        home.root.mkdir(parents=True, exist_ok=True)
        os.chmod(home.root, PUBLIC_DIR)
        for path, mode in (
            *((p, PUBLIC_DIR) for p in _public(home)),
            *((p, RESTRICTED_DIR) for p in _restricted(home)),
            (home.inbox, SHARED_DIR),
            (home.inbox / "default", SHARED_DIR),
            (home.failed, SHARED_DIR),
        ):
            if not path.exists():
                path.mkdir(parents=True)
                created.append(path)
            os.chmod(path, mode)
            if gid is not None:
                os.chown(path, -1, gid)
        if not home.settings_file.exists():
            atomic_write_bytes(home.settings_file, SETTINGS_TEMPLATE.encode(), mode=RESTRICTED_FILE)
            created.append(home.settings_file)
    except PermissionError as e:
        raise HomeError(
            f"Tidak dapat menulis di {home.root}: izin ditolak. Jalankan sebagai pengguna "
            f"layanan pindai atau pilih --home lain. (cannot write {e.filename}: permission denied)"
        ) from e
    return created


def _gid(group: str) -> int | None:
    if not group:
        return None
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise HomeError(
            f"Grup '{group}' tidak ada. Buat dengan: groupadd {group} "
            f"(group '{group}' does not exist)"
        ) from None


# --------------------------------------------------------------------------- primitives


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(dest: Path, data: bytes, *, mode: int) -> None:
    """Write ``dest`` so that readers see the old file or the whole new one."""
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, mode)
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)


def atomic_copy(src: Path, dest: Path, *, mode: int) -> Path:
    """Copy ``src`` to ``dest`` through a temporary file, fsynced, then renamed."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    with open(src, "rb") as fin, open(tmp, "wb") as fout:
        shutil.copyfileobj(fin, fout, 1024 * 1024)
        fout.flush()
        os.fsync(fout.fileno())
    os.chmod(tmp, mode)
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)
    return dest


def move(src: Path, dest: Path) -> Path:
    """Move ``src`` to ``dest``: an atomic rename, or copy-then-delete across filesystems.

    The source is removed only after the copy is complete and on disk.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(src, dest)
    except OSError as e:
        if e.errno != errno.EXDEV:
            raise
        atomic_copy(src, dest, mode=os.stat(src).st_mode & 0o777)
        src.unlink()
    _fsync_dir(dest.parent)
    return dest


def unique_path(path: Path) -> Path:
    """``path``, or ``name (2).ext``, ``name (3).ext``... if it exists."""
    if not path.exists() and not path.is_symlink():
        return path
    for n in range(2, 100_000):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(path)


def slug(text: str) -> str:
    """A folder name from free text: ASCII, no spaces or separators."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", norm).strip("-.") or "umum"


# --------------------------------------------------------------------------- the stage


def store_original(src: Path, sha256: str, *, home: Home) -> Path:
    """Keep the untouched input, content-addressed; an existing copy is reused."""
    suffix = src.suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,5}", src.suffix) else ""
    dest = home.originals / sha256[:2] / f"{sha256}{suffix}"
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(dest.parent, RESTRICTED_DIR)
        atomic_copy(src, dest, mode=ORIGINAL_FILE)
    return dest


def file_pdfa(pdfa: Path, *, home: Home, side: str, year: int, unit: str, name: str) -> Path:
    """Put a PDF/A into the public archive or the exempt folder, by year and unit."""
    if side == "public":
        base, dmode, fmode = home.archive_public, PUBLIC_DIR, PUBLIC_FILE
    elif side == "exempt":
        base, dmode, fmode = home.archive_exempt, RESTRICTED_DIR, RESTRICTED_FILE
    else:
        raise ValueError(side)
    folder = base / str(year) / slug(unit)
    for d in (base / str(year), folder):
        d.mkdir(exist_ok=True, parents=True)
        os.chmod(d, dmode)
    return atomic_copy(pdfa, folder / name, mode=fmode)


def relocate(src: Path, dest: Path, *, side: str) -> Path:
    """Copy a filed PDF/A to ``dest`` in the other archive with that side's permissions.

    The caller removes ``src`` afterwards; until then the file exists twice, never zero times.
    """
    base_mode = {"public": (PUBLIC_DIR, PUBLIC_FILE), "exempt": (RESTRICTED_DIR, RESTRICTED_FILE)}
    dmode, fmode = base_mode[side]
    for d in reversed(dest.parents[:2]):
        d.mkdir(exist_ok=True, parents=True)
        os.chmod(d, dmode)
    return atomic_copy(src, dest, mode=fmode)


@contextmanager
def try_lock(path: Path) -> Iterator[bool]:
    """Hold an exclusive fcntl lock on ``path`` if nobody else does (yields True), else yield False.

    The holder's pid is written into the file for whoever finds it busy. The
    lock goes with the process, so a crash never leaves it held.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o640)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield True
    finally:
        os.close(fd)


def quarantine(src: Path, error: InputRejected, *, failed: Path, source_name: str) -> Path:
    """Move a rejected input to ``failed/`` with a reason file beside it.

    Returns:
        Where the input now is.
    """
    dest = unique_path(failed / source_name)
    move(src, dest)
    reason = dest.with_name(dest.name + ".alasan.txt")
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    text = (
        f"Berkas / File: {source_name}\n"
        f"Waktu / Time: {stamp}\n"
        f"Kode / Code: {error.code}\n\n"
        f"ALASAN: {error.reason_id}\n"
        f"REASON: {error.reason_en}\n"
    )
    if error.detail:
        text += f"\nRincian teknis / Technical detail: {error.detail}\n"
    atomic_write_bytes(reason, text.encode("utf-8"), mode=0o660)
    return dest
