"""Input recognition and refusal of bad files, before any OCR work."""

from __future__ import annotations

from pathlib import Path

import pytest
import synth

from pindai.config import Limits
from pindai.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    InputRejected,
    TooLargeError,
    TruncatedFileError,
    UnsupportedTypeError,
)
from pindai.ocr._inputs import InputKind, inspect, sniff

BAD_INPUTS = {
    "kosong.pdf": (synth.write_zero_byte, EmptyFileError),
    "terpotong.pdf": (synth.write_truncated_pdf, TruncatedFileError),
    "terpotong.jpg": (synth.write_truncated_jpeg, TruncatedFileError),
    "rusak.pdf": (synth.write_corrupt_pdf, (CorruptFileError, TruncatedFileError)),
    "sandi.pdf": (synth.write_encrypted_pdf, EncryptedFileError),
    "laporan.docx": (synth.write_docx, UnsupportedTypeError),
    "bom.png": (synth.write_png_bomb, TooLargeError),
    "ribuan-halaman.pdf": (synth.write_many_pages_pdf, TooLargeError),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_refused_with_a_bilingual_reason(tmp_path: Path, name: str) -> None:
    writer, expected = BAD_INPUTS[name]
    path = writer(tmp_path / name)
    with pytest.raises(expected) as info:
        inspect(path, limits=Limits(), assumed_dpi=300, work=tmp_path)
    err: InputRejected = info.value
    assert err.reason_id and err.reason_en
    assert "pindai ulang" in err.reason_id.lower() or "kirim ulang" in err.reason_id.lower() \
        or "minta" in err.reason_id.lower() or "pisahkan" in err.reason_id.lower()


@pytest.mark.parametrize(
    ("writer", "kind"),
    [
        (lambda p, img: synth.write_image_pdf([img], p), InputKind.pdf),
        (lambda p, img: synth.write_tiff([img], p), InputKind.tiff),
        (lambda p, img: synth.write_jpeg(img, p), InputKind.jpeg),
        (lambda p, img: synth.write_png(img, p, alpha=True), InputKind.png),
        (lambda p, img: synth.write_webp(img, p), InputKind.webp),
        (lambda p, img: synth.write_heic(img, p), InputKind.heic),
    ],
)
def test_format_is_recognised_by_content_not_name(tmp_path: Path, writer, kind: InputKind) -> None:
    img = synth.render_page(synth.TEXTS["nota_dinas"][:4], dpi=100)
    path = writer(tmp_path / "berkas.dat", img)  # a misleading suffix
    assert sniff(path) is kind


def test_pdf_protected_only_against_editing_is_accepted(tmp_path: Path) -> None:
    import pikepdf

    plain = synth.write_text_pdf([synth.TEXTS["nota_dinas"]], tmp_path / "plain.pdf")
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(plain) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="pemilik", user="", R=6))
    info = inspect(locked, limits=Limits(), assumed_dpi=300, work=tmp_path)
    assert info.readable_pdf is not None and info.pages[0].has_text


def test_photo_without_resolution_is_marked_as_guessed(tmp_path: Path) -> None:
    photo = synth.phone_photo(synth.render_page(synth.TEXTS["surat_tugas"]), seed=5)
    path = synth.write_jpeg(photo, tmp_path / "foto.jpg")
    info = inspect(path, limits=Limits(), assumed_dpi=200, work=tmp_path)
    assert info.pages[0].dpi_guessed and info.pages[0].dpi == 200
