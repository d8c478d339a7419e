"""Adapter from pindai's settings to OCRmyPDF: prepared pages in, validated PDF/A-2b out.

OCRmyPDF and img2pdf are imported where they are used: the page-preparation
workers import this package too and need neither (half a second of their
start-up, #2).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from pindai._exec import ToolError, ghostscript
from pindai._exec.tesseract import Region
from pindai.errors import OcrFailedError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageConfidence:
    """OCR word confidence of one page."""

    #: Mean word confidence 0-100, weighted by word length; None if no words.
    mean: float | None
    words: int
    #: Tesseract was stopped at the page time limit: the page has no text.
    timed_out: bool = False
    #: How the layout was read ("auto", "rows", "unsure": its text order cannot be trusted; #18).
    layout: str = "auto"


def assemble(
    order: list[int],
    page_images: dict[int, Path],
    *,
    original_pdf: Path | None,
    out: Path,
) -> Path:
    """One PDF of the input pages ``order``: prepared images, born-digital pages as they were.

    Images are embedded as they are (img2pdf does not re-encode JPEG or PNG).
    """
    import img2pdf

    if all(i in page_images for i in order):
        out.write_bytes(img2pdf.convert([str(page_images[i]) for i in order]))
        return out
    assert original_pdf is not None, "text pages come from a PDF"
    text_pages = [i for i in order if i not in page_images]
    if has_unembedded_fonts(original_pdf, text_pages):
        # PDF/A needs every font embedded; office software often leaves out
        # Arial or Helvetica. Ghostscript embeds them (text stays text).
        try:
            original_pdf = ghostscript.embed_fonts(original_pdf, out.with_suffix(".fonts.pdf"))
        except ToolError as e:
            log.warning("could not embed fonts, PDF/A may fail: %s", e)
    scanned = [i for i in order if i in page_images]
    with pikepdf.open(original_pdf) as src, pikepdf.new() as dst:
        scans = None
        if scanned:
            images_pdf = out.with_suffix(".images.pdf")
            images_pdf.write_bytes(img2pdf.convert([str(page_images[i]) for i in scanned]))
            scans = pikepdf.open(images_pdf)
        for i in order:
            if i in page_images:
                dst.pages.append(scans.pages[scanned.index(i)])
            else:
                dst.pages.append(src.pages[i])
        dst.save(out)
        if scans is not None:
            scans.close()
    return out


def has_unembedded_fonts(pdf_path: Path, pages: list[int]) -> bool:
    """True when a font used on one of ``pages`` carries no font program."""
    with pikepdf.open(pdf_path) as pdf:
        for i in pages:
            resources = pdf.pages[i].obj.get("/Resources", {})
            fonts = resources.get("/Font", {}) if resources else {}
            for _, font in fonts.items():
                if font.get("/Subtype") == "/Type3":
                    continue  # glyphs are drawn in the PDF itself
                if font.get("/Subtype") == "/Type0":
                    font = font.DescendantFonts[0]
                desc = font.get("/FontDescriptor")
                if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    return True
    return False


#: One thread imports OCRmyPDF at a time. Two threads importing different parts of
#: it for the first time (the preload beside the page prep, and the OCR stage's own
#: imports) can meet in Python's import deadlock avoidance, which hands one of them a
#: partially initialised ``ocrmypdf.pluginspec`` (ImportError / KeyError 'ocrmypdf').
_import_lock = threading.Lock()


def preload() -> None:
    """Import OCRmyPDF, its fpdf2 renderer and pindai's plugin: 0.8 s, once per process.

    Called while the page workers prepare the first pages, so that the first
    document does not wait for it afterwards (#2); the OCR stage calls it too
    before it touches OCRmyPDF, and waits here for an import under way.
    """
    with _import_lock:
        import ocrmypdf.fpdf_renderer  # noqa: F401

        from pindai.ocr import _plugin  # noqa: F401


def make_pdfa(
    assembled: Path,
    out: Path,
    *,
    languages: tuple[str, ...],
    jobs: int,
    page_timeout: float,
    stats_dir: Path,
    ocr_images: dict[int, Path],
    ocr_regions: dict[int, Region] | None = None,
    priority: int = 0,
) -> bool:
    """OCR the pages that have no text and write PDF/A-2b.

    Returns:
        True when OCRmyPDF approved the file as PDF/A-2b. With its internal
        backend it validates the final file with pikepdf's checker (the one
        :func:`validate_pdfa` uses) and does not approve it otherwise.

    ``ocr_images`` and ``ocr_regions`` are, by 1-based page number, the image
    Tesseract reads instead of the page's and the part of it that holds ink.
    Jobs running at the same time in this process take turns for Tesseract,
    lowest ``priority`` first.

    Raises:
        OcrFailedError: OCRmyPDF or Tesseract failed.
    """
    import ocrmypdf
    from ocrmypdf.exceptions import ExitCode as OcrExit
    from ocrmypdf.exceptions import ExitCodeException

    from pindai.ocr import _plugin

    stats_dir.mkdir(parents=True, exist_ok=True)
    options = ocrmypdf.OcrOptions(
        input_file=assembled,
        output_file=out,
        languages=list(languages),
        output_type="pdfa-2",
        mode="skip",  # born-digital pages keep their own text
        jobs=jobs,
        progress_bar=False,
        optimize=0,  # pages are already compact JPEGs; re-optimising costs time
        tesseract_timeout=page_timeout,
        # fpdf2 (hOCR), not "sandwich" (Tesseract's text-only PDF): about the
        # same time, but sandwich's words come out of plain pdftotext and PDF
        # viewers' copy as scattered blocks (mean CER 12 % instead of 0.1 %).
        pdf_renderer="fpdf2",
        rasterizer="pypdfium",
        # pikepdf writes the PDF/A: Debian 12's Ghostscript 10.0 corrupts pages that
        # keep their text (OCRmyPDF refuses it for mode=skip) and truncates JPEGs.
        # With this backend OCRmyPDF validates the final file and approves it
        # only if it passes: make_pdfa's return value relies on it.
        pdfa_backend="internal",
    )
    options.extra_attrs[_plugin.PRIORITY_KEY] = priority
    options.extra_attrs[_plugin.STATS_DIR_KEY] = str(stats_dir)
    options.extra_attrs[_plugin.PAGE_IMAGES_KEY] = {
        str(n): str(p.absolute()) for n, p in ocr_images.items()
    }
    options.extra_attrs[_plugin.PAGE_REGIONS_KEY] = {
        str(n): dataclasses.asdict(r) for n, r in (ocr_regions or {}).items()
    }
    try:
        code = ocrmypdf.ocr(options, plugins=[_plugin.__name__])
    except ExitCodeException as e:
        raise OcrFailedError(f"OCRmyPDF: {type(e).__name__}: {e}") from e
    if code not in (OcrExit.ok, OcrExit.pdfa_conversion_failed) or not out.exists():
        raise OcrFailedError(f"OCRmyPDF exit code {int(code)}")
    return code == OcrExit.ok


def page_confidences(stats_dir: Path, n_pages: int) -> list[PageConfidence | None]:
    """Confidence per page from the plugin's records; None for pages not OCRed."""
    out: list[PageConfidence | None] = []
    for i in range(n_pages):
        f = stats_dir / f"page-{i + 1:06d}.json"
        if not f.exists():
            out.append(None)
            continue
        record = json.loads(f.read_text())
        words = record["words"]
        chars = sum(n for _, n in words)
        mean = sum(c * n for c, n in words) / chars if chars else None
        out.append(PageConfidence(mean, len(words), timed_out=record["timed_out"],
                                  layout=record.get("layout", "auto")))
    return out


@dataclass(frozen=True)
class PdfaCheck:
    """Verdict of pikepdf's PDF/A-2b validator."""

    passed: bool
    verdict: str
    findings: tuple[str, ...] = ()


#: The verdict on a file OCRmyPDF approved (see :func:`make_pdfa`).
APPROVED = PdfaCheck(True, "pass")


def validate_pdfa(path: Path) -> PdfaCheck:
    """Check the written file against PDF/A-2b."""
    import pikepdf.pdfa

    report = pikepdf.pdfa.validate_written(path, "2b")
    findings = tuple(f"{f.rule}: {f.message}" for f in report.findings[:5])
    return PdfaCheck(report.passed, report.verdict, findings)
