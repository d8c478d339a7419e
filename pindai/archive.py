"""Where files go: the home's folders, atomic moves and copies, permissions, quarantine."""

from __future__ import annotations

import errno
import fcntl
import grp
import hashlib
import logging
import os
import re
import shutil
import stat
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from pindai.config import SETTINGS_TEMPLATE, Home
from pindai.errors import (
    ChangedFileError,
    HomeError,
    InputRejected,
    NotRegularFileError,
    TooLargeError,
    from_os_error,
)

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


def _tmp_for(dest: Path) -> Path:
    # Short on purpose: ``.{name}.tmp-…`` of a 250-byte name is over NAME_MAX (#14).
    return dest.with_name(f".pindai-tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def atomic_write_bytes(dest: Path, data: bytes, *, mode: int) -> None:
    """Write ``dest`` so that readers see the old file or the whole new one."""
    tmp = _tmp_for(dest)
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)  # never a half-written leftover (a full disk, #14)
        raise
    _fsync_dir(dest.parent)


def atomic_copy(src: Path, dest: Path, *, mode: int) -> Path:
    """Copy ``src`` to ``dest`` through a temporary file, fsynced, then renamed."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_for(dest)
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            shutil.copyfileobj(fin, fout, 1024 * 1024)
            fout.flush()
            os.fsync(fout.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(dest.parent)
    return dest


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISLNK, "symbolic link"), (stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "directory")):
        if test(mode):
            return name
    return "special file"


def check_regular(path: Path) -> os.stat_result:
    """``lstat`` of ``path``, refusing anything but a regular file (a link is not followed).

    Raises:
        NotRegularFileError: a symbolic link, FIFO, device, socket or folder.
        UnreadableFileError: it cannot be looked at.
    """
    try:
        st = os.lstat(path)
    except OSError as e:
        raise from_os_error(e) from e
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFileError(_kind(st.st_mode))
    return st


def open_regular(path: Path) -> int:
    """Open ``path`` for reading without following a link or blocking on a FIFO; regular files only.

    The opened descriptor is checked too (``fstat``), so a file swapped for a
    FIFO or a device between a check and the open is refused as well (#14).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        raise from_os_error(e) from e
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise NotRegularFileError(_kind(st.st_mode))
    return fd


def _same_version(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_ino, a.st_dev, a.st_size, a.st_mtime_ns) == (b.st_ino, b.st_dev, b.st_size, b.st_mtime_ns)


def claim_input(src: Path, dest: Path, *, copy: bool, max_bytes: int) -> os.stat_result:
    """Take an input into the work area: renamed, or copied (across filesystems, or ``copy``).

    Only a regular file is taken and never through a link: a symbolic link in
    a hot folder would otherwise hand over any file the service can read
    (#14). A copy is read from one descriptor opened with ``O_NOFOLLOW``, at
    most ``max_bytes`` (``/dev/zero`` is refused, not copied until the disk is
    full), and the source is removed only when it did not change meanwhile.

    Returns:
        The ``stat`` of what was taken (its size and time are compared again
        when the original is stored).

    Raises:
        NotRegularFileError: not a regular file; it stays where it is.
        TooLargeError: larger than ``max_bytes``; it stays where it is.
        ChangedFileError: it changed while it was copied (its writer has not
            finished); it stays where it is.
        DiskFullError, UnreadableFileError: from the file system.
    """
    st = check_regular(src)
    if st.st_size > max_bytes:
        raise TooLargeError(f"{st.st_size / 1e6:.0f} MB > {max_bytes / 1e6:.0f} MB")
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not copy:
        try:
            os.rename(src, dest)
        except OSError as e:
            if e.errno != errno.EXDEV:
                raise from_os_error(e) from e
        else:
            taken = os.lstat(dest)
            if not stat.S_ISREG(taken.st_mode):  # swapped for a link between the check and the rename
                raise NotRegularFileError(_kind(taken.st_mode))
            _fsync_dir(dest.parent)
            return taken
    fd = open_regular(src)
    tmp = _tmp_for(dest)
    try:
        before = os.fstat(fd)
        with os.fdopen(fd, "rb", closefd=False) as fin, open(tmp, "wb") as fout:
            left = max_bytes + 1
            while left > 0 and (chunk := fin.read(min(left, 1024 * 1024))):
                fout.write(chunk)
                left -= len(chunk)
            if left <= 0:
                raise TooLargeError(f"> {max_bytes / 1e6:.0f} MB")
            fout.flush()
            os.fsync(fout.fileno())
        after = os.fstat(fd)
        if not _same_version(before, after):
            raise ChangedFileError("changed while it was copied")
        os.chmod(tmp, RESTRICTED_FILE)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
        if not copy:
            # Remove the very file that was copied, and only if it is unchanged.
            now = os.lstat(src)
            if not _same_version(now, after):
                dest.unlink()
                raise ChangedFileError("changed while it was copied")
            os.unlink(src)
        return os.lstat(dest)  # the work copy, as it is compared when the original is stored
    except OSError as e:
        raise from_os_error(e) from e
    finally:
        os.close(fd)
        tmp.unlink(missing_ok=True)


def move(src: Path, dest: Path) -> Path:
    """Move ``src`` to ``dest``: an atomic rename, or copy-then-delete across filesystems.

    The source is removed only after the copy is complete and on disk. A
    symbolic link or other special file is only ever renamed (its target is
    never copied).
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(src, dest)
    except OSError as e:
        if e.errno != errno.EXDEV:
            raise
        st = os.lstat(src)
        if not stat.S_ISREG(st.st_mode):
            raise
        claim_input(src, dest, copy=False, max_bytes=max(st.st_size, 1) * 2 + (1 << 30))
        os.chmod(dest, st.st_mode & 0o777)
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
    """Keep the untouched input, content-addressed; an existing copy is reused.

    The bytes are hashed as they are copied: a file that changed since its
    checksum was taken is not stored under that checksum (#14).

    Raises:
        ChangedFileError: the bytes copied are not the ones checksummed.
    """
    suffix = src.suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,5}", src.suffix) else ""
    dest = home.originals / sha256[:2] / f"{sha256}{suffix}"
    if dest.exists():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(dest.parent, RESTRICTED_DIR)
    tmp = _tmp_for(dest)
    h = hashlib.sha256()
    fd = open_regular(src)
    try:
        with os.fdopen(fd, "rb") as fin, open(tmp, "wb") as fout:
            while chunk := fin.read(1024 * 1024):
                h.update(chunk)
                fout.write(chunk)
            fout.flush()
            os.fsync(fout.fileno())
        if h.hexdigest() != sha256:
            raise ChangedFileError("its bytes changed after the checksum was taken")
        os.chmod(tmp, ORIGINAL_FILE)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(dest.parent)
    return dest


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, in hex (inputs, originals, filed PDF/As)."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            while chunk := f.read(1024 * 1024):
                h.update(chunk)
    except OSError as e:
        raise from_os_error(e) from e
    return h.hexdigest()


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


#: Longest name pindai gives a file it writes, in bytes: NAME_MAX (255) less room
#: for " (99999)" and ".alasan.txt" (#14).
MAX_NAME_BYTES = 200


def display_name(name: str) -> str:
    """A file name as it may be shown or stored: one printable line, never a crash.

    Names are bytes on Linux; bytes that are not UTF-8 (kept by Python as
    surrogates) become ``\\xff``, and control characters (a newline could
    forge a line in a reason file or STATUS) become ``\\n``, ``\\x1b``... (#14).
    """
    out = []
    for ch in name:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # an undecodable byte (surrogateescape)
            out.append(f"\\x{o - 0xDC00:02x}")
        elif 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{o:04x}")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def safe_name(name: str, *, max_bytes: int = MAX_NAME_BYTES) -> str:
    """A name pindai may give a file it writes from ``name``: printable, no separators, short.

    Ordinary names come back unchanged. Escapes and path separators become
    ``_``; a leading dot is dropped (the file would be hidden); a long name
    keeps its start and suffix and gets a short hash of the whole, so two long
    names that share a start stay apart (#14).
    """
    clean = re.sub(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[nrt])|[\\/]", "_", display_name(name)).lstrip(".") or "_"
    if clean == name and len(name.encode("utf-8")) <= max_bytes:
        return name
    raw = os.fsencode(name) if isinstance(name, str) else name
    digest = hashlib.sha256(raw).hexdigest()[:8]
    suffix = Path(clean).suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,5}", Path(clean).suffix) else ""
    stem = clean[: len(clean) - len(suffix)] if suffix else clean
    if len(clean.encode("utf-8")) <= max_bytes:
        return clean
    room = max_bytes - len(suffix) - len(digest) - 1
    cut = stem.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f"{cut}-{digest}{suffix}"


def quarantine(src: Path, error: InputRejected, *, failed: Path, source_name: str) -> Path:
    """Move a rejected input to ``failed/`` with a reason file beside it.

    A symbolic link or special file is moved as it is (the link itself, never
    its target). Names are escaped and shortened so that the reason file can
    always be written and no name forges a line in it (#14).

    Returns:
        Where the input now is.
    """
    dest = unique_path(failed / safe_name(source_name))
    move(src, dest)
    reason = dest.with_name(dest.name + ".alasan.txt")
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    text = (
        f"Berkas / File: {display_name(source_name)}\n"
        f"Waktu / Time: {stamp}\n"
        f"Kode / Code: {error.code}\n\n"
        f"ALASAN: {error.reason_id}\n"
        f"REASON: {error.reason_en}\n"
    )
    if error.detail:
        text += f"\nRincian teknis / Technical detail: {display_name(error.detail)}\n"
    atomic_write_bytes(reason, text.encode("utf-8"), mode=0o660)
    return dest
