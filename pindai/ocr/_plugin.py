"""OCRmyPDF plugin: pindai's prepared page images go to Tesseract as they are,
and each page's word confidences come back.

* Rasterising: pindai has already made every scanned page's image (and put it
  in the PDF unchanged). Re-rendering that page and writing it out as PNG
  only to hand Tesseract the same pixels cost about a third of a page's OCR
  time; the hook gives OCRmyPDF the prepared file instead.
* Confidence: OCRmyPDF keeps no per-page confidence; pindai needs it to flag
  pages for a rescan. The engine runs OCRmyPDF's own Tesseract engine
  unchanged and reads the ``x_wconf`` of every word from the hOCR it wrote.
* Sharing the cores: OCRmyPDF jobs of one process (pindai OCRs the next
  document while finishing one) take turns for Tesseract, earliest job
  first, each Tesseract with one thread.
* Kept loaded: a page is read by a Tesseract engine loaded once in this
  process (:func:`pindai._exec.tesseract.recognize`, tesserocr), not by a
  ``tesseract`` process that loads both language models again for every
  page (#2). OCRmyPDF's command-line engine remains the fallback, for
  Tesseract options pindai does not use itself or without tesserocr.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import json
import logging
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ocrmypdf import hookimpl
from ocrmypdf._exec import tesseract as ocrmypdf_tesseract
from ocrmypdf._exec.tesseract import ThresholdingMethod
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine
from PIL import Image

from pindai._exec import tesseract

log = logging.getLogger(__name__)

STATS_DIR_KEY = "pindai_stats_dir"
#: extra_attrs key: {"<1-based page number>": "<prepared image path>"}
PAGE_IMAGES_KEY = "pindai_page_images"
#: extra_attrs key: {"<1-based page number>": Region fields}: where a page's ink is.
PAGE_REGIONS_KEY = "pindai_page_regions"
#: extra_attrs key: the job's place in line for Tesseract (lower goes first).
PRIORITY_KEY = "pindai_priority"
# OCRmyPDF asks ``tesseract --list-langs`` once per document for the engine's
# languages; the answer does not change while pindai runs. (Patches to
# OCRmyPDF and pikepdf themselves are in _compat, applied by the OCR stage.)
_languages = functools.cache(ocrmypdf_tesseract.get_languages)

_WORD = re.compile(r"class=['\"]ocrx_word['\"][^>]*?x_wconf (\d+)[^>]*>(.*?)</span>", re.S)
_TAG = re.compile(r"<[^>]+>")


def word_confidences(hocr: str) -> list[tuple[int, int]]:
    """(confidence 0-100, characters) of every non-empty word in an hOCR page."""
    out = []
    for conf, inner in _WORD.findall(hocr):
        text = _TAG.sub("", inner).strip()
        if text:
            out.append((int(conf), len(text)))
    return out


def _page_number(input_file: Path) -> int | None:
    """The 1-based page number of one of OCRmyPDF's page files ("000003_ocr.png")."""
    m = re.match(r"(\d+)", Path(input_file).name)
    return int(m.group(1)) if m else None


def _record(input_file: Path, hocr: str, options, *, timed_out: bool = False, layout: str = "auto") -> None:
    """Write the word confidences of one page (or that it timed out) where pindai will look for them,
    and how its layout was read ("unsure": the order of its text cannot be trusted, #18)."""
    stats_dir = options.extra_attrs.get(STATS_DIR_KEY)
    page = _page_number(input_file)
    if not stats_dir or page is None:
        return
    words = word_confidences(hocr)
    (Path(stats_dir) / f"page-{page:06d}.json").write_text(
        json.dumps({"words": words, "timed_out": timed_out, "layout": layout}))



class _TesseractSlots:
    """At most ``n`` Tesseracts at once across the OCRmyPDF jobs of this process.

    pindai runs the OCR of the next document while one is still in OCRmyPDF's
    single-threaded steps (#2). Without a limit two documents would run four
    Tesseracts on two cores, all finishing late; with one, the earlier
    document's pages go first and the later one's fill the gaps.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._running = 0
        self._waiting: list[tuple[int, int]] = []  # (priority, ticket), a heap
        self._tickets = itertools.count()

    @contextmanager
    def slot(self, n: int, priority: int) -> Iterator[None]:
        me = (priority, next(self._tickets))
        with self._cond:
            heapq.heappush(self._waiting, me)
            self._cond.wait_for(lambda: self._running < n and self._waiting[0] == me)
            heapq.heappop(self._waiting)
            self._running += 1
            self._cond.notify_all()
        try:
            yield
        finally:
            with self._cond:
                self._running -= 1
                self._cond.notify_all()


_slots = _TesseractSlots()


def _in_process(options) -> bool:
    """True when the loaded engine can read the page as ``tesseract`` would with these options."""
    t = options.tesseract
    return (t.oem is None and t.pagesegmode is None and not t.config and not t.user_words
            and not t.user_patterns and t.thresholding in (None, ThresholdingMethod.AUTO)
            and tesseract.can_recognize(tuple(options.languages)))


def _region(input_file: Path, options) -> tesseract.Region | None:
    """Where the ink is on this page, if the image is the one it was measured on.

    OCRmyPDF renders a page itself when the hook below declines it (a rotated
    page, another resolution): then the whole page is read.
    """
    fields = options.extra_attrs.get(PAGE_REGIONS_KEY, {}).get(str(_page_number(input_file)))
    if not fields:
        return None
    region = tesseract.Region(**fields)
    with Image.open(input_file) as im:  # the header only
        size = im.size
    return region if size == (region.page_width, region.page_height) else None


def _hocr_in_process(input_file: Path, output_hocr: Path, output_text: Path, options) -> tesseract.Recognized | None:
    """Read a page with the loaded engine; the page, or None when it timed out."""
    page = tesseract.recognize(input_file, languages=tuple(options.languages), timeout=options.tesseract.timeout,
                               region=_region(input_file, options))
    if page is None:
        # As OCRmyPDF does when the tesseract command times out: the page gets no text.
        log.warning("tesseract: page %s took too long to read; it gets no text", input_file.name)
        output_hocr.write_text("", encoding="utf-8")
        output_text.write_text("[skipped page]", encoding="utf-8")
        return None
    output_hocr.write_text(page.hocr, encoding="utf-8")
    output_text.write_text(page.text, encoding="utf-8")
    return page


class PindaiTesseractEngine(TesseractOcrEngine):
    """OCRmyPDF's Tesseract engine, kept loaded, recording word confidences per page."""

    @staticmethod
    def languages(options) -> set[str]:
        return _languages()

    @staticmethod
    def creator_tag(options) -> str:
        tag = TesseractOcrEngine.creator_tag(options)
        if _in_process(options):
            return tag.replace(TesseractOcrEngine.version(), tesseract.api_version())
        return tag

    @staticmethod
    def generate_hocr(input_file, output_hocr, output_text, options):
        with _slots.slot(options.jobs or 1, options.extra_attrs.get(PRIORITY_KEY, 0)):
            layout = "auto"
            if _in_process(options):
                page = _hocr_in_process(Path(input_file), Path(output_hocr), Path(output_text), options)
                timed_out = page is None
                hocr, layout = (page.hocr, page.layout) if page else (None, "auto")
            else:
                started, limit = time.monotonic(), options.tesseract.timeout
                TesseractOcrEngine.generate_hocr(input_file, output_hocr, output_text, options)
                # OCRmyPDF stops the command at the limit and writes an empty page (as
                # it does for a blank one): only the clock tells a timeout apart.
                timed_out = bool(limit and time.monotonic() - started >= limit)
                if not Path(output_hocr).exists():
                    return  # nothing read: no confidences to record
                hocr = Path(output_hocr).read_text(encoding="utf-8", errors="replace")
        _record(input_file, hocr or "", options, timed_out=timed_out, layout=layout)


@hookimpl(trylast=True)
def validate(pdfinfo, options):
    """One OpenMP thread per Tesseract, whatever the page count.

    OCRmyPDF gives Tesseract 2-3 threads when a document has fewer pages than
    jobs. pindai keeps the cores busy with other pages and documents instead
    (#2), and on two cores a second thread per Tesseract only makes them
    fight. Set per job, after OCRmyPDF's own choice (``trylast``), rather
    than in os.environ, which concurrent jobs share.
    """
    options.tesseract.omp_thread_limit = 1


@hookimpl
def get_ocr_engine(options):
    if options is not None and getattr(options, "ocr_engine", "auto") not in ("auto", "tesseract"):
        return None
    return PindaiTesseractEngine()


@hookimpl
def rasterize_pdf_page(
    input_file,
    output_file,
    raster_device,
    raster_dpi,
    pageno,
    page_dpi,
    rotation,
    filter_vector,
    stop_on_soft_error,
    options,
    use_cropbox,
):
    """Hand over the prepared image of a page instead of rendering it again."""
    images = options.extra_attrs.get(PAGE_IMAGES_KEY) if options is not None else None
    src = images.get(str(pageno)) if images else None
    if not src or rotation or filter_vector:
        return None  # not one of ours: the normal rasteriser renders it
    with Image.open(src) as im:
        dpi = float(im.info.get("dpi", (0, 0))[0])
    if abs(dpi - float(raster_dpi.x)) > 0.01 * dpi:
        return None
    # Pillow and Tesseract read the file by its content, whatever its name.
    os.symlink(src, output_file)
    return Path(output_file)
