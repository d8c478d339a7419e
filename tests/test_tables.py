"""OCR of lists and tables (#18): a column of row numbers keeps its digits and every row its order."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import synth
from conftest import needs_tesseract
from PIL import Image, ImageDraw
from rapidfuzz import fuzz

from pindai.config import Limits, OcrSettings, Profile
from pindai.ocr import OcrResult, ocr_document
from pindai.ocr import _prep

pytestmark = needs_tesseract

NAMES = ("Ahmad Fauzi", "Siti Rahmawati", "Budi Santoso", "Dewi Lestari", "Eko Prasetyo", "Fitri Handayani",
         "Gunawan Saputra", "Hesti Wulandari", "Irfan Hakim", "Kartini Sari", "Lukman Hakim", "Maya Anggraini",
         "Nanda Pratama", "Oktaviani Putri", "Putra Ramadhan", "Rina Marlina", "Samsul Bahri", "Tri Wahyuni",
         "Umar Said", "Vina Melati", "Wawan Setiawan", "Yanti Susanti", "Zainal Arifin", "Bella Safitri")
KECAMATAN = ("Indralaya", "Tanjung Raja", "Pemulutan", "Rantau Alai", "Muara Kuang", "Lubuk Keliat",
             "Payaraman", "Kandis", "Rambang Kuang", "Tanjung Batu", "Sungai Pinang", "Pemulutan Barat")


def voter_list(n: int, seed: int) -> tuple[list[str], list[list[str]]]:
    """A voter list: row number, name, sex, age, RT/RW."""
    r = random.Random(seed)
    rows = [[str(i), NAMES[(i * 7 + seed) % len(NAMES)], r.choice("LP"), str(r.randint(17, 80)),
             f"{r.randint(1, 9):03d}/{r.randint(1, 9):03d}"] for i in range(1, n + 1)]
    return ["No", "Nama", "L/P", "Usia", "RT/RW"], rows


def recap(seed: int) -> tuple[list[str], list[list[str]]]:
    """A recapitulation per kecamatan: digit-dense."""
    r = random.Random(seed)
    rows = []
    for i, name in enumerate(KECAMATAN, 1):
        men, women = r.randint(3000, 19000), r.randint(3000, 19000)
        rows.append([str(i), name, f"{men:,}".replace(",", "."), f"{women:,}".replace(",", "."),
                     f"{men + women:,}".replace(",", ".")])
    return ["No", "Kecamatan", "L", "P", "Jumlah"], rows


def render_table(title: list[str], header: list[str], rows: list[list[str]], *, cols_mm: list[float],
                 ruled: bool, dpi: int = 300, size_pt: float = 10) -> Image.Image:
    """An A4 page with a centred title and a table: row numbers right-aligned in a narrow first column,
    with or without ruling lines."""
    def mm(v: float) -> int:
        return round(v * dpi / 25.4)

    img = Image.new("L", (mm(210), mm(297)), 255)
    draw = ImageDraw.Draw(img)
    px = round(size_pt * dpi / 72)
    regular, bold = synth._font("serif", False, px), synth._font("serif", True, px)
    left, top = mm(20), mm(25)
    for k, line in enumerate(title):
        draw.text((mm(105), top + k * px * 1.5), line, font=bold, fill=0, anchor="ms")
    y = top + len(title) * px * 1.5 + px
    row_h = round(px * 1.6)
    xs = [left]
    for width in cols_mm:
        xs.append(xs[-1] + mm(width))
    for i, row in enumerate([header, *rows]):
        base = y + i * row_h + row_h - px * 0.45
        for j, cell in enumerate(row):
            font = bold if i == 0 else regular
            if j == 0 and i > 0:
                draw.text((xs[1] - mm(2), base), cell, font=font, fill=0, anchor="rs")
            elif j >= 2 and i > 0 and cell[:1].isdigit():
                draw.text((xs[j + 1] - mm(2), base), cell, font=font, fill=0, anchor="rs")
            else:
                draw.text((xs[j] + mm(2), base), cell, font=font, fill=0, anchor="ls")
    if ruled:
        for i in range(len(rows) + 2):
            draw.line([(xs[0], y + i * row_h), (xs[-1], y + i * row_h)], fill=0, width=3)
        for x in xs:
            draw.line([(x, y), (x, y + (len(rows) + 1) * row_h)], fill=0, width=3)
    img.info["dpi"] = (dpi, dpi)
    return img


def scanned(img: Image.Image, *, seed: int, angle: float) -> Image.Image:
    """Through a flatbed: skewed, speckled, JPEG-compressed."""
    return synth.jpeg_artifacts(synth.add_noise(synth.skew(img, angle), seed=seed), quality=50)


def run_ocr(img: Image.Image, tmp_path: Path) -> OcrResult:
    pdf = synth.write_image_pdf([img], tmp_path / "tabel.pdf")
    work = tmp_path / "work"
    work.mkdir()
    [result] = ocr_document(pdf, work=work, profile=Profile("adf"), settings=OcrSettings(jobs=2), limits=Limits())
    return result


def rows_in_order(rows: list[list[str]], text: str) -> list[str]:
    """Rows not found whole on one line of the text, or found out of order."""
    lines = [" ".join(ln.split()) for ln in text.splitlines() if ln.strip()]
    wrong, last = [], -1
    for row in rows:
        want = " ".join(row)
        scores = [fuzz.ratio(want, ln) for ln in lines]
        best = int(np.argmax(scores))
        if scores[best] < 90 or best <= last:
            wrong.append(want)
        last = max(last, best)
    return wrong


CASES = {
    "daftar_pemilih": (["DAFTAR PEMILIH TETAP", "TPS 004 DESA TANJUNG RAJA"], voter_list(30, 1), [14, 70, 16, 18, 30]),
    "rekapitulasi": (["REKAPITULASI DAFTAR PEMILIH TETAP", "PER KECAMATAN"], recap(2), [14, 60, 28, 28, 32]),
    "daftar_hadir": (["DAFTAR HADIR", "RAPAT PLENO TERBUKA"], voter_list(18, 3), [14, 70, 16, 18, 30]),
}


@pytest.mark.parametrize("ruled", [False, True], ids=["tanpa-garis", "bergaris"])
@pytest.mark.parametrize("kind", list(CASES))
@pytest.mark.parametrize("scan", [False, True], ids=["bersih", "pindaian"])
def test_a_list_or_table_reads_with_its_row_numbers_in_row_order(
    tmp_path: Path, kind: str, ruled: bool, scan: bool
) -> None:
    title, (header, rows), cols = CASES[kind]
    img = render_table(title, header, rows, cols_mm=cols, ruled=ruled)
    if scan:
        img = scanned(img, seed=len(rows), angle=2.5 if ruled else -1.8)
    result = run_ocr(img, tmp_path)
    truth = "\n".join([*title, " ".join(header), *(" ".join(r) for r in rows)])
    page = result.pages[0]
    assert synth.cer(truth, page.text) <= 0.02, page.text
    assert rows_in_order(rows, page.text) == []
    assert page.quarter_turns == 0 and not page.order_unsure


def test_ruling_lines_are_found_and_taken_out_but_not_letters() -> None:
    header, rows = voter_list(10, 5)
    img = np.asarray(render_table(["DAFTAR"], header, rows, cols_mm=[14, 70, 16, 18, 30], ruled=True))
    bare = np.asarray(render_table(["DAFTAR"], header, rows, cols_mm=[14, 70, 16, 18, 30], ruled=False))
    rules = _prep.rule_mask(img)
    assert rules[bare < 128].mean() < 0.05  # letters are not rules
    cleaned = _prep.remove_rules(img)
    assert (cleaned < 128).sum() < (img < 128).sum() * 0.6
    assert abs(int((cleaned < 128).sum()) - int((bare < 128).sum())) < 0.1 * (bare < 128).sum()
