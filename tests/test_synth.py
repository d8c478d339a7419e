"""Fast self-tests of the synthetic input generator (no OCR here)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

try:
    from tests import synth
except ImportError:  # tests/ is not a package: pytest put tests/ on sys.path
    import synth  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
LOW_DPI = 100  # small pages keep these tests fast


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return synth.render_page(synth.TEXTS["nota_dinas"], dpi=LOW_DPI)


def test_texts_shape() -> None:
    assert len(synth.TEXTS) >= 8
    date = re.compile(r"\b\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli) 2024\b")
    for name, lines in synth.TEXTS.items():
        assert 12 <= len(lines) <= 30, name
        assert all(len(line) <= 70 for line in lines), name
        assert all(line.isascii() for line in lines), name
        joined = "\n".join(lines)
        assert re.search(r"(?i)nomor", joined), name
        assert date.search(joined), name
        # Every line fits at the default geometry: nothing is wrapped.
        assert synth.layout_lines(lines) == lines, name
        assert synth.page_text(lines) == joined


def test_render_page(page: Image.Image) -> None:
    assert page.mode == "L"
    assert page.size == (827, 1169)  # A4 at 100 dpi
    assert page.info["dpi"] == (LOW_DPI, LOW_DPI)
    a = np.asarray(page)
    assert a.min() == 0 and a.max() == 255
    assert (a < 128).mean() > 0.005  # there is ink
    assert (a[:, :50] == 255).all()  # left margin is blank


def test_render_wraps_and_overflows() -> None:
    lines = synth.TEXTS["undangan_rapat_pleno"]
    wrapped = synth.layout_lines(lines, font_size_pt=16, dpi=LOW_DPI)
    assert len(wrapped) > len(lines)
    assert synth.normalize_ws(" ".join(wrapped)) == synth.normalize_ws(" ".join(lines))
    assert synth.page_text(lines, font_size_pt=16, dpi=LOW_DPI) == "\n".join(wrapped)
    with pytest.raises(ValueError):
        synth.render_page(lines * 3, dpi=LOW_DPI)


def test_degradations(page: Image.Image) -> None:
    sk = synth.skew(page, 10)
    assert sk.width > page.width and sk.height > page.height
    assert sk.getpixel((0, 0)) == 235
    assert sk.info["dpi"] == page.info["dpi"]

    n1 = synth.add_noise(page, seed=1, blur=0.5)
    n2 = synth.add_noise(page, seed=1, blur=0.5)
    n3 = synth.add_noise(page, seed=2, blur=0.5)
    assert n1.tobytes() == n2.tobytes() != n3.tobytes()
    assert n1.size == page.size and n1.mode == "L"

    j = synth.jpeg_artifacts(page, quality=30)
    assert j.size == page.size and j.info["dpi"] == page.info["dpi"]

    lit = np.asarray(synth.uneven_light(page, strength=0.4, seed=0), dtype=float)
    white = np.asarray(page) == 255
    assert lit[white].min() < 200 and lit[white].max() > 240

    r1 = synth.rotate_quarter(page, 1)
    assert r1.size == (page.height, page.width)
    assert synth.rotate_quarter(r1, 3).tobytes() == page.tobytes()


def test_phone_photo(page: Image.Image) -> None:
    ph = synth.phone_photo(page, seed=3, out_width=600)
    assert ph.mode == "RGB" and ph.size == (600, 800)
    assert "dpi" not in ph.info
    a = np.asarray(ph.convert("L"), dtype=float)
    quad = np.array(ph.info["page_quad"])
    assert (quad > 0).all() and (quad[:, 0] < 600).all() and (quad[:, 1] < 800).all()
    # Desk around the page is darker than the paper in the middle.
    assert a[:10].mean() < a[350:450, 250:350].mean() - 40
    assert synth.phone_photo(page, seed=3, out_width=600).tobytes() == ph.tobytes()


def test_scanner_page() -> None:
    img, truth = synth.scanner_page(synth.TEXTS["surat_tugas"], seed=5, dpi=LOW_DPI)
    assert abs(img.info["skew_angle"]) <= 15
    assert img.info["dpi"] == (LOW_DPI, LOW_DPI)
    assert truth == "\n".join(synth.TEXTS["surat_tugas"])
    again, _ = synth.scanner_page(synth.TEXTS["surat_tugas"], seed=5, dpi=LOW_DPI)
    assert again.tobytes() == img.tobytes()


def test_image_and_text_pdfs(page: Image.Image, tmp_path: Path) -> None:
    p = synth.write_image_pdf([page, synth.skew(page, 4)], tmp_path / "scan.pdf")
    with pikepdf.open(p) as pdf:
        assert len(pdf.pages) == 2
        assert [round(float(v)) for v in pdf.pages[0].mediabox] == [0, 0, 595, 842]
        assert "/Font" not in pdf.pages[0].Resources
    lines = synth.TEXTS["surat_edaran"]
    for engine in ("fpdf", "pikepdf"):
        t = synth.write_text_pdf(
            [lines, lines], tmp_path / f"text-{engine}.pdf", engine=engine
        )
        with pikepdf.open(t) as pdf:
            assert len(pdf.pages) == 2
            assert "/Font" in pdf.pages[0].Resources
        if shutil.which("pdftotext"):
            out = subprocess.run(
                ["pdftotext", "-layout", str(t), "-"], capture_output=True, text=True
            ).stdout
            assert synth.cer("\n".join(lines * 2), out) < 0.01
    m = synth.write_mixed_pdf(lines, page, tmp_path / "mixed.pdf")
    with pikepdf.open(m) as pdf:
        assert len(pdf.pages) == 2
        assert "/Font" in pdf.pages[0].Resources
        assert "/XObject" in pdf.pages[1].Resources


def test_image_writers(page: Image.Image, tmp_path: Path) -> None:
    t = synth.write_tiff([page, page], tmp_path / "a.tiff")
    with Image.open(t) as im:
        assert im.n_frames == 2 and im.info["compression"] == "tiff_lzw"
    with Image.open(synth.write_tiff(page.convert("1"), tmp_path / "b.tif")) as im:
        assert im.info["compression"] == "group4"
    with Image.open(synth.write_jpeg(page, tmp_path / "a.jpg")) as im:
        assert "dpi" not in im.info
    with Image.open(synth.write_jpeg(page, tmp_path / "b.jpg", dpi=200)) as im:
        assert im.info["dpi"] == (200, 200)
    with Image.open(synth.write_png(page, tmp_path / "a.png", alpha=True)) as im:
        assert im.mode == "RGBA"
        alpha = np.asarray(im)[..., 3]
        assert alpha[0, 0] == 0 and alpha[im.height // 2, im.width // 2] == 255
        assert ((alpha > 0) & (alpha < 255)).any()
    with Image.open(synth.write_webp(page, tmp_path / "a.webp")) as im:
        assert im.format == "WEBP"
    pytest.importorskip("pillow_heif")
    with Image.open(synth.write_heic(page, tmp_path / "a.heic")) as im:
        assert im.format == "HEIF" and im.size == page.size


def test_bad_inputs(tmp_path: Path) -> None:
    assert synth.write_zero_byte(tmp_path / "z.pdf").stat().st_size == 0

    with pytest.raises(pikepdf.PdfError):
        pikepdf.open(synth.write_corrupt_pdf(tmp_path / "c.pdf"))

    tj = synth.write_truncated_jpeg(tmp_path / "t.jpg")
    with pytest.raises(OSError), Image.open(tj) as im:
        im.load()

    tp = synth.write_truncated_pdf(tmp_path / "t.pdf")
    assert tp.read_bytes().startswith(b"%PDF-")
    assert b"%%EOF" not in tp.read_bytes()

    enc = synth.write_encrypted_pdf(tmp_path / "e.pdf")
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(enc)
    with pikepdf.open(enc, password="rahasia") as pdf:
        assert len(pdf.pages) == 1

    with zipfile.ZipFile(synth.write_docx(tmp_path / "d.docx")) as z:
        assert {"[Content_Types].xml", "word/document.xml"} <= set(z.namelist())
        assert b"Nomor" in z.read("word/document.xml")

    many = synth.write_many_pages_pdf(tmp_path / "many.pdf", n=2500)
    with pikepdf.open(many) as pdf:
        assert len(pdf.pages) == 2500


def test_png_bomb(tmp_path: Path) -> None:
    bomb = synth.write_png_bomb(tmp_path / "bomb.png", side=40000)
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(Image.DecompressionBombError), Image.open(bomb):
        pass
    old = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(bomb) as im:  # lazy: only the header is read
            assert im.size == (40000, 40000) and im.format == "PNG"
    finally:
        Image.MAX_IMAGE_PIXELS = old
    small = synth.write_png_bomb(tmp_path / "small.png", side=300, bit_depth=8)
    with Image.open(small) as im:
        im.load()
        assert im.mode == "L" and im.getextrema() == (255, 255)


def test_cer() -> None:
    assert synth.cer("Lahat, 6 Januari 2024", "Lahat,  6 Januari\n2024 ") == 0.0
    assert synth.cer("abcd", "abce") == pytest.approx(0.25)
    assert synth.cer("", "") == 0.0
    assert synth.cer("", "x") == 1.0
    assert synth._levenshtein("kitten", "sitting") == 3


def test_make_samples(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_samples", ROOT / "scripts" / "make_samples.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    paths = mod.make_samples(tmp_path / "samples")
    assert len(paths) == len(mod.SAMPLES)
    assert sum(p.stat().st_size for p in paths) < 5 * 1024 * 1024  # small enough to commit
    photo = next(p for p in paths if p.suffix == ".jpg" and "foto" in p.name)
    with Image.open(photo) as im:
        assert im.mode == "RGB" and "dpi" not in im.info
