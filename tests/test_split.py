"""Splitting ADF batches into documents: separator sheets, blank pages, back sides."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import pytest
import synth

from pindai.ocr import _prep
from pindai.ocr._split import (
    SEPARATOR_TEXT,
    PageRole,
    SplitMode,
    _has_finder_squares,
    group_pages,
    is_blank,
    is_separator,
    separator_sheet_image,
    write_separator_sheet,
)

# --------------------------------------------------------------------------- generated pages


@lru_cache(maxsize=None)
def _sheet(dpi: int) -> np.ndarray:
    return separator_sheet_image(dpi=dpi)


def _scanned_sheet(dpi: int, *, seed: int, angle: float | None = None,
                   upside_down: bool = False) -> np.ndarray:
    """The separator sheet printed and fed through the scanner again."""
    return np.asarray(synth.scan_like(_sheet(dpi), seed=seed, angle=angle,
                                      upside_down=upside_down, dpi=dpi))


def _text_page(name: str, *, seed: int, dpi: int = 300) -> np.ndarray:
    return np.asarray(synth.scanner_page(synth.TEXTS[name], seed=seed, dpi=dpi)[0])


def _blank(kind: str, *, seed: int, dpi: int = 300) -> np.ndarray:
    """A scanned empty page; ``kind`` says what makes it look less than empty."""
    if kind == "white":
        return np.asarray(synth.blank_page(dpi=dpi, seed=seed, paper=255))
    if kind == "noise":
        page = synth.blank_page(dpi=dpi, seed=seed, specks=60)
        return np.asarray(synth.scan_like(page, seed=seed, dpi=dpi))
    if kind == "texture":
        page = synth.blank_page(dpi=dpi, seed=seed, paper=232, texture=8, specks=30)
        return np.asarray(synth.scan_like(page, seed=seed, dpi=dpi))
    if kind == "dark_edges":
        page = synth.scan_like(synth.blank_page(dpi=dpi, seed=seed, specks=20), seed=seed,
                               fill=40, dpi=dpi)
        return np.asarray(synth.scanner_edges(page, seed=seed))
    if kind == "show_through":
        page = synth.blank_page(dpi=dpi, seed=seed, show_through=0.08)
        return np.asarray(synth.scan_like(page, seed=seed, dpi=dpi))
    if kind == "punch_holes":
        page = synth.blank_page(dpi=dpi, seed=seed, punch_holes=True)
        return np.asarray(synth.scan_like(page, seed=seed, angle=2.0, fill=40, dpi=dpi))
    raise ValueError(kind)


def _almost_blank(kind: str, *, seed: int, dpi: int = 300) -> np.ndarray:
    """A scanned page with very little on it, which still is content."""
    if kind == "page_number":
        page = synth.line_page("- 2 -", dpi=dpi)
    elif kind == "small_page_number":
        page = synth.line_page("7", dpi=dpi, font_size_pt=8, font="sans", y_mm=286)
    elif kind == "name":
        page = synth.line_page("Andi Saputra", dpi=dpi, x_mm=120, y_mm=250)
    elif kind == "scribble":
        page = synth.scribble_page(dpi=dpi, seed=seed)
    else:
        raise ValueError(kind)
    return np.asarray(synth.scan_like(page, seed=seed, dpi=dpi))


# --------------------------------------------------------------------------- separator sheet


def test_separator_sheet_is_an_a4_page_with_the_code() -> None:
    img = _sheet(200)
    assert img.shape == (2339, 1654)  # 210 x 297 mm at 200 dpi
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(_prep.scale_to(img, 0.3))
    assert text == SEPARATOR_TEXT
    assert is_separator(img, 200)
    assert not is_blank(img, 200)


def test_separator_sheet_pdf_has_one_a4_page_per_copy(tmp_path: Path) -> None:
    import pikepdf

    out = write_separator_sheet(tmp_path / "pemisah.pdf", copies=3)
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 3
        for page in pdf.pages:
            box = [float(v) for v in page.mediabox]
            assert box == pytest.approx([0, 0, 595.28, 841.89], abs=0.1)
            (image,) = page.get_images().values()
            assert image.Filter == pikepdf.Name.FlateDecode  # lossless, not JPEG
    with pytest.raises(ValueError):
        write_separator_sheet(tmp_path / "none.pdf", copies=0)


@pytest.mark.parametrize(
    ("dpi", "angle", "upside_down"),
    [(300, 15.0, False), (300, -15.0, True), (300, 4.0, False),
     (200, -11.0, False), (200, 13.0, True)],
)
def test_printed_and_scanned_separator_sheet_is_found(
    dpi: int, angle: float, upside_down: bool
) -> None:
    page = _scanned_sheet(dpi, seed=round(angle * 10) + dpi, angle=angle, upside_down=upside_down)
    assert is_separator(page, dpi)
    assert not is_blank(page, dpi)


def test_separator_is_found_after_page_preparation() -> None:
    """The pipeline asks about the cleaned page, not the raw scan."""
    page = _scanned_sheet(200, seed=5, angle=-7.0)
    assert is_separator(_prep.clean(page), 200)


@pytest.mark.parametrize("name", ["nota_dinas", "laporan_keuangan"])
def test_text_page_is_not_a_separator(name: str) -> None:
    page = _text_page(name, seed=3)
    assert not is_separator(page, 300)
    # ...and is turned down before the QR detector runs, which keeps it fast.
    assert not _has_finder_squares(_prep.scale_to(page, 50 / 300), 50 / 25.4)


@pytest.mark.parametrize(
    ("payload", "size_mm", "with_letter"),
    [
        ("https://jdih.kpu.go.id/verifikasi/2024/0042", 30.0, True),  # e-signed letter
        ("PINDAI:PEMISAH:2", 75.0, False),
        ("pindai:pemisah", 75.0, False),
    ],
)
def test_page_with_another_qr_code_is_not_a_separator(
    payload: str, size_mm: float, with_letter: bool
) -> None:
    lines = synth.TEXTS["surat_tugas"] if with_letter else None
    at = (150.0, 240.0) if with_letter else (67.0, 111.0)
    page = synth.qr_page(payload, size_mm=size_mm, at_mm=at, lines=lines)
    scanned = np.asarray(synth.scan_like(page, seed=4, angle=3.0))
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(_prep.scale_to(scanned, 75 / 300))
    if size_mm >= 75:
        assert text == payload  # the code is readable: it is turned down for its text
    assert not is_separator(scanned, 300)


# --------------------------------------------------------------------------- blank pages


@pytest.mark.parametrize(
    "kind", ["white", "noise", "texture", "dark_edges", "show_through", "punch_holes"]
)
@pytest.mark.parametrize("dpi", [300, 200])
def test_empty_page_is_blank(kind: str, dpi: int) -> None:
    page = _blank(kind, seed=dpi, dpi=dpi)
    assert is_blank(page, dpi)
    assert is_blank(_prep.clean(page), dpi)


@pytest.mark.parametrize("kind", ["page_number", "small_page_number", "name", "scribble"])
@pytest.mark.parametrize("dpi", [300, 200])
def test_page_with_a_little_on_it_is_not_blank(kind: str, dpi: int) -> None:
    page = _almost_blank(kind, seed=dpi + 1, dpi=dpi)
    assert not is_blank(page, dpi)
    assert not is_blank(_prep.clean(page), dpi)


def test_page_number_beside_dark_scanner_edges_is_not_blank() -> None:
    page = synth.scan_like(synth.line_page("- 3 -", y_mm=284), seed=6, angle=1.0, fill=40)
    assert not is_blank(np.asarray(synth.scanner_edges(page, seed=6)), 300)


def test_text_page_is_not_blank() -> None:
    assert not is_blank(_text_page("surat_edaran", seed=2), 300)


def test_colour_page_is_accepted() -> None:
    rgb = cv2.cvtColor(_blank("noise", seed=1, dpi=200), cv2.COLOR_GRAY2RGB)
    assert is_blank(rgb, 200)
    assert not is_separator(rgb, 200)


# --------------------------------------------------------------------------- grouping

_CODES = {"c": PageRole(), "b": PageRole(blank=True), "s": PageRole(separator=True)}


def _roles(pages: str) -> list[PageRole]:
    """Roles from a letter a page: c content, b blank, s separator (spaces ignored)."""
    return [_CODES[c] for c in pages.replace(" ", "")]


@pytest.mark.parametrize(
    ("pages", "mode", "drop", "expected"),
    [
        # One file, one document.
        ("cbcc", "file", False, [[0, 1, 2, 3]]),
        ("cbcc", "file", True, [[0, 2, 3]]),
        ("cscc", "file", False, [[0, 2, 3]]),  # a stray separator is never content
        # Separator sheets.
        ("cc s c s ccc", "separator", False, [[0, 1], [3], [5, 6, 7]]),
        ("s cc s c s", "separator", False, [[1, 2], [4]]),  # at the start and end
        ("cc ss c", "separator", False, [[0, 1], [4]]),  # two in a row: one split
        ("cbc s c", "separator", False, [[0, 1, 2], [4]]),  # blanks stay without drop
        ("cbc s c", "separator", True, [[0, 2], [4]]),
        ("cc sb c", "separator", False, [[0, 1], [4]]),  # the sheet's back goes with it
        ("cc bs c", "separator", False, [[0, 1], [4]]),  # fed face down, duplex
        ("ccc", "separator", False, [[0, 1, 2]]),
        # Blank pages as separators.
        ("cc b c b ccc", "blank", False, [[0, 1], [3], [5, 6, 7]]),
        ("cc bbb c", "blank", False, [[0, 1], [5]]),  # a run of blanks: one split
        ("b c b", "blank", False, [[1]]),
        ("cc s c", "blank", False, [[0, 1], [3]]),  # a separator sheet splits too
        # Blank separators in duplex: one blank is a back side, two or more split.
        ("cb cb bb c", "blank", True, [[0, 2], [6]]),
        ("cb cb bbb cb", "blank", True, [[0, 2], [7]]),
        ("c b c", "blank", True, [[0, 2]]),
        # Nothing to archive.
        ("", "file", False, []),
        ("bbb", "file", False, []),
        ("bsb", "separator", True, []),
        ("bb", "blank", False, []),
    ],
)
def test_group_pages(pages: str, mode: str, drop: bool, expected: list[list[int]]) -> None:
    assert group_pages(_roles(pages), mode=SplitMode(mode), drop_blank_backs=drop) == expected


def test_group_pages_takes_the_mode_as_text() -> None:
    assert group_pages(_roles("csc"), mode="separator", drop_blank_backs=False) == [[0], [2]]
    with pytest.raises(ValueError):
        group_pages(_roles("c"), mode="barcode", drop_blank_backs=False)


# --------------------------------------------------------------------------- whole batches

_DPI = 200
#: Three documents of 2, 1 and 3 pages.
_DOCS = [("undangan_rapat_pleno", "nota_dinas"), ("surat_tugas",),
         ("berita_acara_rekapitulasi", "daftar_hadir", "surat_edaran")]


@lru_cache(maxsize=None)
def _doc_page(name: str) -> np.ndarray:
    return _text_page(name, seed=len(name), dpi=_DPI)


def _roles_of(batch: list[np.ndarray]) -> list[PageRole]:
    """What the pipeline does for every page of a batch."""
    return [PageRole(separator=is_separator(p, _DPI), blank=is_blank(p, _DPI)) for p in batch]


def _assemble(between: str, *, duplex: bool) -> tuple[list[np.ndarray], list[list[int]]]:
    """An ADF batch of the three documents and the page indices each should get.

    ``between``: "separator" (a separator sheet) or "blank" (an empty sheet).
    ``duplex``: every sheet is scanned on both sides; document pages and the
    separator sheet are printed on one side, so each has a blank back.
    """
    batch: list[np.ndarray] = []
    expected: list[list[int]] = []
    for d, names in enumerate(_DOCS):
        if d:
            seed = 100 + d
            if between == "separator":
                batch.append(_scanned_sheet(_DPI, seed=seed, upside_down=d == 2))
            else:
                batch.append(_blank("noise", seed=seed, dpi=_DPI))
            if duplex:
                batch.append(_blank("show_through" if d == 1 else "dark_edges",
                                    seed=seed + 50, dpi=_DPI))
        group = []
        for i, name in enumerate(names):
            group.append(len(batch))
            batch.append(_doc_page(name))
            if duplex:
                kind = ("noise", "show_through", "dark_edges")[i % 3]
                batch.append(_blank(kind, seed=len(batch), dpi=_DPI))
        expected.append(group)
    return batch, expected


@pytest.mark.parametrize("between", ["separator", "blank"])
def test_one_adf_batch_of_three_documents_gives_three_documents(between: str) -> None:
    batch, expected = _assemble(between, duplex=False)
    assert len(batch) == 8
    groups = group_pages(_roles_of(batch), mode=SplitMode(between), drop_blank_backs=False)
    assert groups == expected == [[0, 1], [3], [5, 6, 7]]


@pytest.mark.parametrize("between", ["separator", "blank"])
def test_duplex_batch_loses_its_blank_backs(between: str) -> None:
    batch, expected = _assemble(between, duplex=True)
    assert len(batch) == 16
    roles = _roles_of(batch)
    assert sum(r.blank for r in roles) == 10 - (2 if between == "separator" else 0)
    groups = group_pages(roles, mode=SplitMode(between), drop_blank_backs=True)
    assert groups == expected == [[0, 2], [6], [10, 12, 14]]


@pytest.mark.parametrize("shape", [(1, 1), (3, 2000), (40, 40)])
def test_tiny_images_do_not_break_anything(shape: tuple[int, int]) -> None:
    page = np.full(shape, 255, np.uint8)
    assert not is_separator(page, 300)
    assert is_blank(page, 300)
