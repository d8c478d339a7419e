"""Errors pindai raises, each with an exit code and a message saying what to do next."""

from __future__ import annotations

from enum import IntEnum


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
    #: A bug or an unexpected condition: a traceback was printed.
    internal = 15
    #: The reader of the output went away (``pindai search ... | head -1``): as
    #: for a command killed by SIGPIPE in the shell (128 + 13).
    output_closed = 141


class PindaiError(Exception):
    """Base of every error pindai raises on purpose."""

    exit_code = ExitCode.internal


class MissingDependencyError(PindaiError):
    """An external program or a Tesseract language pack is missing."""

    exit_code = ExitCode.missing_dependency


class ConfigError(PindaiError):
    """The settings file or an option has a wrong value."""

    exit_code = ExitCode.bad_config


class HomeError(PindaiError):
    """The pindai home does not exist or cannot be used."""

    exit_code = ExitCode.bad_home


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
