"""Errors pindai raises, each with an exit code and a message saying what to do next."""

from __future__ import annotations

import traceback
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Process exit statuses of the ``pindai`` command."""

    ok = 0
    #: At least one input could not be processed (it is in ``failed/``).
    input_failed = 2
    #: A required program or language pack is missing.
    missing_dependency = 3
    #: The settings file or a command-line value is wrong.
    bad_config = 4
    #: The pindai home is missing or not usable.
    bad_home = 5
    #: Another watcher already serves this home.
    watcher_busy = 6
    #: The user may not read what the command needs (not in the PPID officers' group).
    no_access = 7
    #: Another reprocess (or nightly batch) is working on this home.
    reprocess_busy = 8
    #: Another nightly batch is running on this home.
    nightly_busy = 9
    #: The catalogue is missing, empty, unreadable or damaged: nothing was touched.
    bad_catalog = 10
    #: The work queue (``[cluster] broker``) cannot be reached; claimed jobs are kept (#19).
    broker_unreachable = 11
    #: A bug or an unexpected condition: a traceback was printed.
    internal = 15
    #: The reader of the output went away (``pindai search ... | head -1``): as
    #: for a command killed by SIGPIPE in the shell (128 + 13).
    output_closed = 141


class PindaiError(Exception):
    """Base of every error pindai raises on purpose.

    Each class has a stable ``code`` (kept in the catalogue's jobs, reports and
    JSON output: never renamed) and says whether a later try may succeed by
    itself (``retryable``: a full disk, a tool that timed out) or a person must
    act first (a corrupt scan, a wrong setting). The nightly batch retries by
    these two, never by reading messages (#15).
    """

    exit_code = ExitCode.internal
    code = "error"
    retryable = False

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        # The first class to claim a code is its owner (subclasses may share it).
        if "code" in cls.__dict__:
            _BY_CODE.setdefault(cls.code, cls)


_BY_CODE: dict[str, type[PindaiError]] = {}


def error_class(code: str | None) -> type[PindaiError] | None:
    """The error class that owns ``code`` (as stored in a job), or None for an unknown code."""
    return _BY_CODE.get(code or "")


def is_retryable(code: str | None) -> bool:
    """Whether a failure recorded with ``code`` may pass by itself (a retry can help)."""
    cls = error_class(code)
    return bool(cls is not None and cls.retryable)


class MissingDependencyError(PindaiError):
    """An external program or a Tesseract language pack is missing."""

    exit_code = ExitCode.missing_dependency
    code = "missing_dependency"


class ConfigError(PindaiError):
    """The settings file or an option has a wrong value."""

    exit_code = ExitCode.bad_config
    code = "bad_config"


class HomeError(PindaiError):
    """The pindai home does not exist or cannot be used."""

    exit_code = ExitCode.bad_home
    code = "bad_home"


class AccessError(PindaiError):
    """The user may not read a file the command needs (settings, catalogue, model, index)."""

    exit_code = ExitCode.no_access


class CatalogError(PindaiError):
    """The catalogue is missing, empty or damaged: the command stops before it touches a file."""

    exit_code = ExitCode.bad_catalog


class InputRejected(PindaiError):
    """An input cannot be turned into a document; it goes to ``failed/``.

    Every subclass carries a short machine ``code`` and a reason a desk clerk
    can act on, in Indonesian (``reason_id``) and English (``reason_en``).
    The reasons never quote the document's content: they may reach people who
    must not read exempt text.
    """

    exit_code = ExitCode.input_failed
    code = "rejected"
    reason_id = "Berkas tidak dapat diproses. Periksa berkas lalu pindai ulang."
    reason_en = "The file cannot be processed. Check it and scan it again."

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """One line in both languages, plus the technical detail if any."""
        text = f"{self.reason_id} / {self.reason_en}"
        return f"{text} ({self.detail})" if self.detail else text


class EmptyFileError(InputRejected):
    code = "empty"
    reason_id = (
        "Berkas kosong (0 byte): pemindaian tidak tersimpan. Pindai ulang dokumen."
    )
    reason_en = "The file is empty (0 bytes): the scan was not saved. Scan the document again."


class TruncatedFileError(InputRejected):
    code = "truncated"
    reason_id = (
        "Berkas terpotong atau belum selesai tersimpan. Pindai ulang dokumen."
    )
    reason_en = "The file is cut short or was not saved completely. Scan the document again."


class CorruptFileError(InputRejected):
    code = "corrupt"
    reason_id = "Berkas rusak dan tidak dapat dibaca. Pindai ulang dokumen."
    reason_en = "The file is damaged and cannot be read. Scan the document again."


class EncryptedFileError(InputRejected):
    code = "encrypted"
    reason_id = (
        "PDF dilindungi kata sandi. Minta versi tanpa kata sandi atau cetak lalu "
        "pindai ulang."
    )
    reason_en = (
        "The PDF is password-protected. Ask for a copy without a password, or print "
        "it and scan it again."
    )


class UnsupportedTypeError(InputRejected):
    code = "unsupported"
    reason_id = (
        "Jenis berkas tidak didukung. Simpan sebagai PDF, TIFF, JPEG, PNG, WebP "
        "atau HEIC, lalu kirim ulang."
    )
    reason_en = (
        "This file type is not supported. Save it as PDF, TIFF, JPEG, PNG, WebP or "
        "HEIC and send it again."
    )


class TooLargeError(InputRejected):
    code = "too_large"
    reason_id = (
        "Berkas terlalu besar (ukuran gambar atau jumlah halaman di luar batas). "
        "Pindai dengan resolusi 300 dpi atau pisahkan menjadi beberapa berkas."
    )
    reason_en = (
        "The file is too large (image size or page count over the limit). Scan at "
        "300 dpi or split it into several files."
    )


class UnreadableFileError(InputRejected):
    code = "unreadable"
    reason_id = (
        "Berkas tidak dapat dibuka (izin akses). Minta admin TI memeriksa izin "
        "folder pemindaian."
    )
    reason_en = (
        "The file cannot be opened (permissions). Ask the IT admin to check the "
        "scan folder's permissions."
    )


class OcrFailedError(InputRejected):
    """The OCR tools failed on an input that looked valid."""

    code = "ocr_failed"
    #: A tool that timed out or ran out of memory may succeed on a quieter night.
    retryable = True
    reason_id = (
        "Pengenalan teks (OCR) gagal. Pindai ulang; bila terulang, hubungi admin TI."
    )
    reason_en = "Text recognition (OCR) failed. Scan again; if it happens again, call the IT admin."


class DuplicateError(InputRejected):
    """The same bytes are already in the archive."""

    code = "duplicate"
    reason_id = (
        "Berkas yang sama persis sudah diarsipkan. Tidak perlu dipindai ulang; "
        "berkas ini boleh dihapus."
    )
    reason_en = (
        "Exactly the same file is already archived. No need to scan it again; this "
        "copy may be deleted."
    )


class EmptyDocumentError(InputRejected):
    """Every page is blank or a separator sheet."""

    code = "empty_pages"
    reason_id = (
        "Semua halaman kosong atau lembar pemisah. Periksa apakah dokumen terbalik "
        "di pengumpan, lalu pindai ulang."
    )
    reason_en = (
        "Every page is blank or a separator sheet. Check the document was not fed "
        "face down, then scan it again."
    )


class NotRegularFileError(InputRejected):
    """A symbolic link, FIFO, device or socket: pindai never reads through one (#14)."""

    code = "not_regular"
    reason_id = (
        "Bukan berkas biasa (tautan simbolik, FIFO, perangkat atau soket); pindai tidak "
        "membacanya. Simpan hasil pindaian sebagai berkas biasa lalu kirim ulang."
    )
    reason_en = (
        "Not a regular file (a symbolic link, FIFO, device or socket); pindai does not read "
        "it. Save the scan as an ordinary file and send it again."
    )


class TemporaryNameError(InputRejected):
    """A hidden or temporary name left unchanged long after its writer should have renamed it."""

    code = "temporary_name"
    reason_id = (
        "Nama berkas menandakan berkas tersembunyi atau sementara (diawali titik atau "
        "berakhiran .tmp/.part), dan tidak berubah lagi. Ganti namanya (mis. scan-01.pdf) "
        "lalu kirim ulang."
    )
    reason_en = (
        "The file name marks a hidden or temporary file (it starts with a dot or ends in "
        ".tmp/.part) and it no longer changes. Rename it (e.g. scan-01.pdf) and send it again."
    )


class ChangedFileError(InputRejected):
    """The input changed after it was claimed: its writer had not finished (#14)."""

    code = "changed"
    #: The writer finishes meanwhile; the nightly batch takes the whole file then.
    retryable = True
    reason_id = (
        "Berkas masih berubah saat diproses (pemindai belum selesai menulis). Berkas akan "
        "dicoba ulang otomatis; bila tetap gagal, pindai ulang dokumen."
    )
    reason_en = (
        "The file was still changing while it was processed (the scanner had not finished "
        "writing). It will be retried automatically; if it keeps failing, scan it again."
    )


class DiskFullError(InputRejected):
    """No space left on the disk of the pindai home or a hot folder (ENOSPC, EDQUOT)."""

    code = "disk_full"
    retryable = True
    reason_id = (
        "Disk penuh: tidak ada ruang untuk menyimpan. Minta admin TI mengosongkan ruang "
        "disk; berkas tetap di tempatnya dan diproses lagi setelah ada ruang."
    )
    reason_en = (
        "The disk is full: no space to store the file. Ask the IT admin to free disk space; "
        "the file stays where it is and is processed again once there is room."
    )


class TooManyAttemptsError(InputRejected):
    """A job that was started several times and never finished (killed, hung, out of memory)."""

    code = "too_many_attempts"
    reason_id = (
        "Pemrosesan berkas ini sudah dimulai beberapa kali tanpa pernah selesai (mungkin "
        "terlalu berat). Pisahkan menjadi beberapa berkas atau pindai 300 dpi, lalu kirim "
        "ulang; bila terulang, hubungi admin TI."
    )
    reason_en = (
        "Processing this file was started several times and never finished (it may be too "
        "heavy). Split it into several files or scan at 300 dpi and send it again; if it "
        "happens again, call the IT admin."
    )


class InternalFailure(InputRejected):
    """A bug or an unexpected condition while processing one input: not the file's fault."""

    code = "internal"
    retryable = True
    reason_id = (
        "Kesalahan program pindai (bukan kesalahan berkas). Berkas akan dicoba ulang "
        "otomatis; bila terulang, hubungi admin TI."
    )
    reason_en = (
        "An error in pindai itself (not in the file). The file will be retried automatically; "
        "if it happens again, call the IT admin."
    )


def from_os_error(e: OSError) -> InputRejected:
    """The rejection an ``OSError`` on an input means: a full disk is not a permissions problem."""
    import errno

    detail = e.strerror or str(e)
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(detail)
    if e.errno in (errno.ELOOP, errno.ENXIO):
        # O_NOFOLLOW on a symbolic link; O_NONBLOCK open of a FIFO with no writer.
        return NotRegularFileError(detail)
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UnreadableFileError(detail)
    return InternalFailure(f"{type(e).__name__}: {detail}")


def disk_full(e: BaseException) -> OSError | None:
    """The "no space left" error behind ``e``, however deep a tool wrapped it: an ``OSError``
    (ENOSPC, EDQUOT), the catalogue's database (SQLite's SQLITE_FULL, PostgreSQL's 53100) or a
    :class:`DiskFullError`."""
    import errno
    import sqlite3

    seen = 0
    cur: BaseException | None = e
    while cur is not None and seen < 20:
        if isinstance(cur, OSError) and cur.errno in (errno.ENOSPC, errno.EDQUOT):
            return cur
        if (isinstance(cur, sqlite3.OperationalError) and getattr(cur, "sqlite_errorcode", 0) == sqlite3.SQLITE_FULL
                or getattr(cur, "sqlstate", None) == "53100"):  # psycopg's DiskFull
            return OSError(errno.ENOSPC, "catalogue: database or disk is full")
        if isinstance(cur, DiskFullError):
            return OSError(errno.ENOSPC, cur.detail or "No space left on device")
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return None


def where(exc: BaseException) -> str:
    """Where an unexpected error happened, for the log: its type and the frames, never its message.

    An exception's message can quote what it was working on (OCR text, a title, a
    date of birth); the log must not (DESIGN.md, "Nothing leaks").
    """
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{type(exc).__name__} at " + " <- ".join(
        f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames[-6:]))
