"""OCR stage with the real tools on generated scans: accuracy, formats, PDF/A."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import numpy as np
import pikepdf
import pikepdf.pdfa
import pytest
import synth
from conftest import needs_tesseract

from pindai.config import DeviceKind, Limits, OcrSettings, Profile
from pindai.ocr import OcrResult, ocr_document

pytestmark = needs_tesseract

SCANNER = Profile("adf")
PHONE = Profile("ponsel", kind=DeviceKind.phone, dpi=200)


def run_ocr(path: Path, tmp_path: Path, profile: Profile = SCANNER, **ocr: object) -> OcrResult:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    [result] = ocr_document(
        path, work=work, profile=profile, settings=OcrSettings(jobs=2, **ocr), limits=Limits()
    )
    return result


def _cer(truth: str, result: OcrResult, page: int = 0) -> float:
    return synth.cer(truth, result.pages[page].text)


@pytest.mark.parametrize(
    ("text", "angle", "seed"),
    [
        ("undangan_rapat_pleno", -14.6, 1),
        ("berita_acara_rekapitulasi", -6.0, 2),
        ("sk_penetapan_pps", 3.3, 3),
        ("pengumuman_seleksi_ppk", 9.1, 4),
        ("laporan_keuangan", 14.8, 5),
    ],
)
def test_skewed_noisy_flatbed_scan_reads_with_under_2_percent_errors(
    tmp_path: Path, text: str, angle: float, seed: int
) -> None:
    img, truth = synth.scanner_page(synth.TEXTS[text], seed=seed, angle=angle)
    pdf = synth.write_image_pdf([img], tmp_path / "scan.pdf")
    result = run_ocr(pdf, tmp_path)
    assert _cer(truth, result) <= 0.02
    assert abs(result.pages[0].deskew_angle + angle) < 0.3
    assert not result.pages[0].rescan


@pytest.mark.parametrize(("text", "seed"), [("surat_edaran", 11), ("nota_dinas", 12), ("daftar_hadir", 13)])
def test_phone_photo_in_perspective_reads_with_under_5_percent_errors(
    tmp_path: Path, text: str, seed: int
) -> None:
    page = synth.render_page(synth.TEXTS[text])
    photo = synth.phone_photo(page, seed=seed)
    assert "dpi" not in photo.info
    jpg = synth.write_jpeg(photo, tmp_path / "foto.jpg")
    result = run_ocr(jpg, tmp_path, PHONE)
    assert result.pages[0].perspective
    assert _cer(synth.page_text(synth.TEXTS[text]), result) <= 0.05


@pytest.mark.parametrize("k", [1, 2, 3])
def test_page_scanned_sideways_or_upside_down_is_turned_upright(tmp_path: Path, k: int) -> None:
    lines = synth.TEXTS["sk_penetapan_pps"]
    img = synth.rotate_quarter(synth.render_page(lines), k)
    png = synth.write_png(img, tmp_path / "miring.png")
    result = run_ocr(png, tmp_path)
    assert _cer(synth.page_text(lines), result) <= 0.02


def test_output_is_valid_pdfa_2b_with_searchable_text(tmp_path: Path) -> None:
    img, truth = synth.scanner_page(synth.TEXTS["nota_dinas"], seed=7, angle=4)
    result = run_ocr(synth.write_image_pdf([img], tmp_path / "scan.pdf"), tmp_path)
    report = pikepdf.pdfa.validate_written(result.pdfa, "2b")
    assert report.passed, [str(f) for f in report.findings]
    with pikepdf.open(result.pdfa) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "2B"
    assert result.pdfa_check.passed


def test_a_file_ocrmypdf_did_not_approve_is_validated_and_its_findings_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pindai's own check runs only when OCRmyPDF's did not approve the file (#2); then it decides."""
    from pindai.ocr import _ocrmypdf

    make_pdfa, validate_pdfa, checked = _ocrmypdf.make_pdfa, _ocrmypdf.validate_pdfa, []

    def not_approved(*args, **kwargs) -> bool:  # noqa: ANN002, ANN003
        assert make_pdfa(*args, **kwargs) is True  # a real run: approved
        return False

    def spy(path: Path) -> _ocrmypdf.PdfaCheck:
        checked.append(path)
        report = validate_pdfa(path)
        return _ocrmypdf.PdfaCheck(False, "fail", ("6.2.4.3: test finding", *report.findings))

    img, _ = synth.scanner_page(synth.TEXTS["nota_dinas"], seed=7, angle=4)
    monkeypatch.setattr(_ocrmypdf, "validate_pdfa", spy)
    approved = run_ocr(synth.write_image_pdf([img], tmp_path / "a.pdf"), tmp_path)
    assert checked == [] and approved.pdfa_check == _ocrmypdf.APPROVED
    monkeypatch.setattr(_ocrmypdf, "make_pdfa", not_approved)
    (tmp_path / "b").mkdir()
    result = run_ocr(synth.write_image_pdf([img], tmp_path / "b.pdf"), tmp_path / "b")
    assert checked == [result.pdfa]
    assert not result.pdfa_check.passed and result.pdfa_check.findings[0] == "6.2.4.3: test finding"


def test_born_digital_pdf_keeps_its_text_and_is_not_ocred(tmp_path: Path) -> None:
    lines = synth.TEXTS["surat_edaran"]
    pdf = synth.write_text_pdf([lines, synth.TEXTS["nota_dinas"]], tmp_path / "digital.pdf")
    result = run_ocr(pdf, tmp_path)
    assert [p.born_digital for p in result.pages] == [True, True]
    assert all(p.confidence is None for p in result.pages)  # no OCR ran
    assert synth.cer(synth.page_text(lines), result.pages[0].text) < 0.01
    assert pikepdf.pdfa.validate_written(result.pdfa, "2b").passed


def test_mixed_pdf_ocrs_only_the_scanned_page(tmp_path: Path) -> None:
    scan, truth = synth.scanner_page(synth.TEXTS["daftar_hadir"], seed=8, angle=-5)
    pdf = synth.write_mixed_pdf(synth.TEXTS["surat_edaran"], scan, tmp_path / "campur.pdf")
    result = run_ocr(pdf, tmp_path)
    assert [p.born_digital for p in result.pages] == [True, False]
    assert result.pages[1].confidence is not None
    assert _cer(truth, result, page=1) <= 0.02


def test_multipage_tiff_gives_one_page_each(tmp_path: Path) -> None:
    pages = [synth.scanner_page(synth.TEXTS[t], seed=i, angle=a)
             for i, (t, a) in enumerate([("undangan_rapat_pleno", 2.0), ("nota_dinas", -3.0)])]
    tif = synth.write_tiff([img for img, _ in pages], tmp_path / "adf.tif")
    result = run_ocr(tif, tmp_path)
    assert len(result.pages) == 2
    for i, (_, truth) in enumerate(pages):
        assert _cer(truth, result, page=i) <= 0.02


@pytest.mark.parametrize("fmt", ["png-alpha", "webp", "heic"])
def test_png_with_alpha_webp_and_heic_are_read(tmp_path: Path, fmt: str) -> None:
    lines = synth.TEXTS["pengumuman_seleksi_ppk"]
    img = synth.render_page(lines)
    path = {
        "png-alpha": lambda: synth.write_png(img, tmp_path / "a.png", alpha=True),
        "webp": lambda: synth.write_webp(img, tmp_path / "a.webp"),
        "heic": lambda: synth.write_heic(img, tmp_path / "a.heic"),
    }[fmt]()
    result = run_ocr(path, tmp_path, PHONE)
    assert _cer(synth.page_text(lines), result) <= 0.03


def test_illegible_page_is_flagged_for_rescan(tmp_path: Path) -> None:
    from PIL import ImageFilter

    lines = synth.TEXTS["laporan_keuangan"]
    # Out of focus: Tesseract still returns words, but unsure ones.
    smudged = synth.render_page(lines, font_size_pt=10).filter(ImageFilter.GaussianBlur(5))
    result = run_ocr(synth.write_image_pdf([smudged], tmp_path / "buram.pdf"), tmp_path)
    assert result.pages[0].rescan
    assert result.rescan_pages == [1]


# --------------------------------------------------------------------------- Tesseract kept loaded


@pytest.fixture
def tesseract_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every ``tesseract`` command OCRmyPDF starts for a page (its one ``run`` seam)."""
    from ocrmypdf._exec import tesseract as ocrmypdf_tesseract

    calls: list[list[str]] = []
    real = ocrmypdf_tesseract.run

    def run(args, **kwargs):  # noqa: ANN001, ANN202
        calls.append([str(a) for a in args])
        return real(args, **kwargs)

    monkeypatch.setattr(ocrmypdf_tesseract, "run", run)
    return calls


def test_pages_are_read_by_a_loaded_tesseract_not_one_process_per_page(
    tmp_path: Path, tesseract_runs: list[list[str]]
) -> None:
    from pindai._exec import tesseract

    pages = [synth.scanner_page(synth.TEXTS[name], seed=i)
             for i, name in enumerate(["undangan_rapat_pleno", "sk_penetapan_pps", "laporan_keuangan"])]
    result = run_ocr(synth.write_image_pdf([img for img, _ in pages], tmp_path / "tiga.pdf"), tmp_path)
    assert [synth.cer(truth, p.text) < 0.02 for (_, truth), p in zip(pages, result.pages, strict=True)] == [True] * 3
    assert all(p.confidence and p.confidence > 80 for p in result.pages)  # word confidences still recorded
    assert not [c for c in tesseract_runs if "hocr" in c]  # no tesseract process read a page
    with pikepdf.open(result.pdfa) as pdf:
        assert f"Tesseract OCR {tesseract.api_version()}" in str(pdf.docinfo["/Creator"])


def test_without_tesserocr_pages_are_read_by_the_tesseract_command(
    tmp_path: Path, tesseract_runs: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pindai._exec import tesseract

    monkeypatch.setattr(tesseract, "api_version", lambda: None)  # as if tesserocr were not installed
    img, truth = synth.scanner_page(synth.TEXTS["sk_penetapan_pps"], seed=3)
    result = run_ocr(synth.write_image_pdf([img], tmp_path / "satu.pdf"), tmp_path)
    assert synth.cer(truth, result.pages[0].text) < 0.02
    assert len([c for c in tesseract_runs if "hocr" in c]) == 1


def test_a_page_over_the_time_limit_gets_no_text_and_the_document_is_still_filed(tmp_path: Path) -> None:
    from pindai._exec import tesseract

    img, _ = synth.scanner_page(synth.TEXTS["laporan_keuangan"], seed=5)
    page = tmp_path / "page.png"
    img.save(page, dpi=(300, 300))
    assert tesseract.recognize(page, languages=("ind", "eng"), timeout=0.001) is None
    result = run_ocr(synth.write_image_pdf([img], tmp_path / "lambat.pdf"), tmp_path, page_timeout=0.001)
    assert result.pages[0].text.strip() == "" and result.pages[0].rescan and result.pages[0].timed_out
    assert pikepdf.pdfa.validate_written(result.pdfa, "2b").passed


def test_a_document_with_an_unread_page_is_held_whatever_its_other_pages_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from pindai import archive
    from pindai.config import load_settings, resolve_home
    from pindai.ingest import Ingestor

    root = tmp_path / "home"
    archive.init_home(resolve_home(root))
    settings = load_settings(root)
    settings = replace(settings, ocr=replace(settings.ocr, jobs=2, page_timeout=0.001))
    img, _ = synth.scanner_page(synth.TEXTS["laporan_keuangan"], seed=5)
    with Ingestor(settings) as ing:
        [r] = ing.ingest(synth.write_image_pdf([img], tmp_path / "lambat.pdf"))
    assert r.status == "filed" and r.held and r.rescan_pages == [1]
    assert "/archive/exempt/" in r.path


def test_without_the_language_data_folder_pages_fall_back_to_the_tesseract_command(
    tmp_path: Path, tesseract_runs: list[list[str]], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from pindai._exec import tesseract

    monkeypatch.setattr(tesseract, "_engines", tesseract._Engines())  # nothing loaded yet
    monkeypatch.setattr(tesseract, "data_folder", lambda: None)  # tesseract --list-langs failed
    img, truth = synth.scanner_page(synth.TEXTS["sk_penetapan_pps"], seed=3)
    result = run_ocr(synth.write_image_pdf([img], tmp_path / "satu.pdf"), tmp_path)
    assert synth.cer(truth, result.pages[0].text) < 0.02
    assert len([c for c in tesseract_runs if "hocr" in c]) == 1
    assert "using the tesseract command" in caplog.text


def test_a_page_over_the_time_limit_is_flagged_with_the_tesseract_command_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pindai._exec import tesseract

    monkeypatch.setattr(tesseract, "api_version", lambda: None)
    img, _ = synth.scanner_page(synth.TEXTS["laporan_keuangan"], seed=5)
    result = run_ocr(synth.write_image_pdf([img], tmp_path / "lambat.pdf"), tmp_path, page_timeout=0.05)
    assert result.pages[0].text.strip() == "" and result.pages[0].rescan


def test_pages_read_at_once_by_several_threads_each_get_their_own_text(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from pindai._exec import tesseract

    names = ["undangan_rapat_pleno", "sk_penetapan_pps", "laporan_keuangan", "pengumuman_seleksi_ppk"]
    pages = []
    for i, name in enumerate(names):
        img, truth = synth.render_page(synth.TEXTS[name]), "\n".join(synth.TEXTS[name])
        path = tmp_path / f"p{i}.png"
        img.save(path, dpi=(300, 300))
        pages.append((path, truth))
    with ThreadPoolExecutor(4) as pool:
        read = list(pool.map(lambda p: tesseract.recognize(p[0], languages=("ind", "eng"), timeout=0), pages * 2))
    for (_, truth), page in zip(pages * 2, read, strict=True):
        assert synth.cer(truth, page.text) < 0.02


def _word_boxes(pdf: Path) -> dict[str, tuple[float, ...]]:
    """Each word's box (points) in a PDF's text layer, as poppler reads it (first occurrence)."""
    import re
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    boxes: dict[str, tuple[float, ...]] = {}
    for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', html):
        boxes.setdefault(word, (float(x0), float(y0), float(x1), float(y1)))
    return boxes


def test_tesseract_reads_only_the_inked_part_of_a_page_and_words_keep_their_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The white margins are not analysed (#2): same words, in the same places on the page."""
    import cv2
    from PIL import Image

    from pindai._exec import tesseract
    from pindai.ocr._pages import _ink_region

    recognize, used = tesseract.recognize, []

    def spy(image: Path, **kwargs: object) -> object:
        used.append(kwargs.get("region"))
        return recognize(image, **kwargs)

    monkeypatch.setattr(tesseract, "recognize", spy)
    img, truth = synth.scanner_page(synth.TEXTS["undangan_rapat_pleno"], seed=1, angle=-14.6)
    result = run_ocr(synth.write_image_pdf([img], tmp_path / "scan.pdf"), tmp_path)
    monkeypatch.setattr(tesseract, "recognize", recognize)
    [page] = (tmp_path / "work" / "pages").glob("*.ocr.png")
    with Image.open(page) as im:
        dpi = im.info["dpi"][0]
    region = _ink_region(cv2.imread(str(page), cv2.IMREAD_GRAYSCALE), dpi)
    assert region is not None and region.width * region.height < 0.6 * region.page_width * region.page_height
    assert used == [region]  # what OCRmyPDF's engine was given for the page

    whole = tesseract.recognize(page, languages=("ind", "eng"), timeout=0)
    part = tesseract.recognize(page, languages=("ind", "eng"), timeout=0, region=region)
    assert part.text == whole.text
    assert f"bbox 0 0 {region.page_width} {region.page_height};" in part.hocr  # the page, not the rectangle
    assert part.hocr.split("ocr_carea")[1:] == whole.hocr.split("ocr_carea")[1:]  # words where they were

    # In the PDF/A, against the tesseract command reading the whole page.
    monkeypatch.setattr(tesseract, "api_version", lambda: None)
    (tmp_path / "cli").mkdir()
    by_command = run_ocr(synth.write_image_pdf([img], tmp_path / "scan.pdf"), tmp_path / "cli")
    ours, theirs = _word_boxes(result.pdfa), _word_boxes(by_command.pdfa)
    shared = [w for w in ("KOMISI", "Lahat,", "Perihal") if w in ours and w in theirs]
    assert shared
    for w in shared:
        assert ours[w] == pytest.approx(theirs[w], abs=1.5), w
    assert synth.cer(truth, result.pages[0].text) <= 0.02


def test_the_ink_region_is_not_used_on_an_image_it_was_not_measured_on(tmp_path: Path) -> None:
    """OCRmyPDF renders a page itself when pindai's image does not fit: then the whole page is read."""
    from types import SimpleNamespace

    from PIL import Image

    from pindai._exec.tesseract import Region
    from pindai.ocr import _plugin

    region = Region(left=10, top=20, width=30, height=40, page_width=200, page_height=300)
    options = SimpleNamespace(extra_attrs={_plugin.PAGE_REGIONS_KEY: {"2": dataclasses.asdict(region)}})
    prepared, rendered = tmp_path / "000002_ocr.png", tmp_path / "000002_ocr_rendered.png"
    Image.new("1", (200, 300), 1).save(prepared)
    Image.new("1", (400, 600), 1).save(rendered)
    assert _plugin._region(prepared, options) == region
    assert _plugin._region(rendered, options) is None  # another size: another image
    assert _plugin._region(tmp_path / "000001_ocr.png", options) is None  # no region for page 1


def test_a_page_box_tesseract_did_not_write_as_expected_makes_it_read_the_whole_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Never a text layer sized by the ink rectangle: without the page box to fix, the page is read whole."""
    import re

    from pindai._exec import tesseract

    img = synth.render_page(synth.TEXTS["nota_dinas"])
    page = tmp_path / "page.png"
    img.save(page, dpi=(300, 300))
    w, h = img.size
    region = tesseract.Region(left=100, top=100, width=w // 2, height=h // 2, page_width=w, page_height=h)
    monkeypatch.setattr(tesseract, "_PAGE_BBOX", re.compile(r"(class='no_such_element')bbox"))
    read = tesseract.recognize(page, languages=("ind", "eng"), timeout=0, region=region)
    assert f"bbox 0 0 {w} {h};" in read.hocr
    assert "reading the whole page" in caplog.text


# --------------------------------------------------------------------------- orientation (OSD), #15


@pytest.fixture
def upside_down_page() -> np.ndarray:
    return np.array(synth.render_page(synth.TEXTS["undangan_rapat_pleno"], dpi=150).rotate(180))


def test_orientation_detection_gives_tesseract_one_thread_without_touching_the_environment(
    upside_down_page: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thread limit goes to that tesseract alone, not to os.environ that every job of the process shares."""
    from pindai._exec import _run, tesseract

    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    envs = []
    run = _run.run  # the one seam every tool goes through
    monkeypatch.setattr(_run, "run", lambda argv, **kw: envs.append(kw.get("env")) or run(argv, **kw))
    guess = tesseract.detect_orientation(upside_down_page)
    assert guess is not None and guess.rotate == 180 and guess.confidence >= 2.0
    assert envs == [{"OMP_THREAD_LIMIT": "1"}]
    assert "OMP_THREAD_LIMIT" not in os.environ


def test_orientation_of_a_blank_page_is_unknown_and_a_slow_one_an_error(upside_down_page: np.ndarray) -> None:
    from pindai._exec import ToolError, tesseract

    assert tesseract.detect_orientation(np.full((600, 400), 255, dtype=np.uint8)) is None
    with pytest.raises(ToolError, match="orientation detection"):
        tesseract.detect_orientation(upside_down_page, timeout=0.001)


# --------------------------------------------------------------------------- text order of tables (#18)

def _sideways(img, text: str, *, size_pt: float = 14, x_mm: float = 8, y_mm: float = 60):  # noqa: ANN001, ANN202
    """``img`` with ``text`` printed upwards in its left margin, as a copy's stamp or a form's side label."""
    from PIL import Image, ImageDraw

    px = round(size_pt * 300 / 72)
    font = synth._font("serif", True, px)
    label = Image.new("L", (int(font.getlength(text)) + 20, px + 20), 255)
    ImageDraw.Draw(label).text((10, 5), text, font=font, fill=0)
    out = img.copy()
    out.paste(label.rotate(90, expand=True), (round(x_mm * 300 / 25.4), round(y_mm * 300 / 25.4)))
    return out


def test_a_table_whose_text_order_cannot_be_trusted_is_flagged_and_a_clean_one_is_not(tmp_path: Path) -> None:
    """A recap whose margin holds a line printed sideways: Tesseract reads it as vertical text, and read
    again as rows the page comes out worse, so the order of its text cannot be vouched for (#18)."""
    from test_tables import CASES, render_table, rows_in_order, run_ocr

    title, (header, rows), cols = CASES["rekapitulasi"]
    clean = render_table(title, header, rows, cols_mm=cols, ruled=True)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    stamped = run_ocr(_sideways(clean, "REKAPITULASI KABUPATEN OGAN ILIR TAHUN 2024"), tmp_path / "a").pages[0]
    plain = run_ocr(clean, tmp_path / "b").pages[0]
    assert stamped.order_unsure
    assert not plain.order_unsure and rows_in_order(rows, plain.text) == []
