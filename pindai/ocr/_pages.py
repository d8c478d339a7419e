"""One page from input pixels to a prepared page image on disk (runs in worker processes)."""

from __future__ import annotations

import logging
import struct
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from pindai._exec import ToolError
from pindai._exec import tesseract as tess
from pindai.config import ColourMode, Limits, PrepStep
from pindai.ocr import _prep
from pindai.ocr._inputs import InputInfo, PageSource, read_page
from pindai.ocr._split import PageRole, is_blank, is_separator

log = logging.getLogger(__name__)

#: A4 portrait width in inches: the paper size assumed when a photo has no resolution.
_A4_WIDTH_IN = 8.27
#: Tesseract reads best with capital letters ~30 px tall; photos coarser than
#: this are enlarged before OCR.
_MIN_OCR_DPI = 200


@dataclass(frozen=True)
class PreparedPage:
    """A page image ready for OCR, and what was done to it."""

    index: int
    #: The page as it goes into the PDF/A.
    image: Path
    dpi: float
    #: What Tesseract reads: a 1-bit copy of a cleaned page, else ``image``.
    ocr_image: Path | None = None
    #: The part of ``ocr_image`` Tesseract needs to look at (its ink), if smaller.
    ocr_region: tess.Region | None = None
    #: Clockwise quarter-turns that were applied to make the page upright (0..3).
    quarter_turns: int = 0
    #: Residual skew removed, in degrees counter-clockwise.
    deskew_angle: float = 0.0
    #: A sheet was found in a photo and its perspective corrected.
    perspective: bool = False
    #: Orientation decided by Tesseract OSD because our own test was unsure.
    used_osd: bool = False
    colour: bool = False
    #: Whether the page is blank or a separator sheet (when the profile asks).
    role: PageRole = PageRole(separator=False, blank=False)
    #: Seconds spent per step, for the benchmark's breakdown.
    timings: dict[str, float] = field(default_factory=dict)


def prepare_page(
    info: InputInfo,
    page: PageSource,
    *,
    steps: tuple[PrepStep, ...],
    out_dir: Path,
    limits: Limits,
    jpeg_quality: int,
    colour: ColourMode = ColourMode.keep,
    find_roles: bool = False,
) -> PreparedPage:
    """Read, straighten and clean one page; write it as JPEG (colour/grey) or 1-bit PNG."""
    cv2.setNumThreads(1)  # one page per process; the pool gives the parallelism
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    img, dpi = read_page(info, page, limits=limits)
    t["read"] = time.perf_counter() - t0
    perspective = False

    t0 = time.perf_counter()
    # Every page is searched for a photographed sheet: scanning apps wrap phone
    # photos in PDFs with a resolution, and a flatbed scan simply has none.
    if PrepStep.perspective in steps:
        quad = _prep.find_page_quad(img)
        if quad is not None:
            img = _prep.warp_page(img, quad)
            perspective = True
            if page.dpi_guessed:
                short = min(img.shape[:2])
                dpi = short / _A4_WIDTH_IN
    t["perspective"] = time.perf_counter() - t0

    in_colour = colour is ColourMode.keep and img.ndim == 3 and _prep.is_colourful(img)
    if img.ndim == 3 and not in_colour:
        img = _prep.to_gray(img)
    if dpi < _MIN_OCR_DPI:
        img = _prep.scale_to(img, _MIN_OCR_DPI / dpi)
        dpi = _MIN_OCR_DPI

    t0 = time.perf_counter()
    angle = 0.0
    gray = _prep.to_gray(img)
    used_osd = False
    osd_turned = False
    if PrepStep.deskew in steps or PrepStep.orientation in steps:
        skew = _prep.estimate_skew(gray, dpi)
        angle = skew.angle
        if PrepStep.orientation in steps and abs(angle) > 45:
            # A page on its side, or a table: columns of aligned digits and ruling lines pile
            # up as sharply as text lines do, and a voter list came out turned a quarter (#18).
            # Tesseract's OSD reads the letters' shapes: it decides the quarter turn.
            turn = _osd_turn(gray, dpi)
            used_osd = True
            if turn is not None:
                residual = angle - round(angle / 90) * 90
                angle = residual - turn
                if angle <= -180:
                    angle += 360
                osd_turned = True
        if PrepStep.orientation not in steps and abs(angle) > 45:
            angle = angle - 90 if angle > 0 else angle + 90
        if PrepStep.deskew not in steps:
            angle = round(angle / 90) * 90
        # Quarter turns exactly, then the residual skew inside the same page
        # size: the straightened page is the size the scanned one was.
        quarter = round(angle / 90) * 90
        if quarter:
            img = _prep.rotate(img, quarter)
        if abs(angle - quarter) >= 0.1:
            img = _prep.rotate(img, angle - quarter, expand=False)
        if quarter or abs(angle - quarter) >= 0.1:
            gray = _prep.to_gray(img)
    t["deskew"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    flip = False
    if PrepStep.orientation in steps and not osd_turned:
        ud = _prep.estimate_updown(gray, dpi)
        if ud.sure:
            flip = ud.flipped
        else:
            flip, used_osd = _osd_flip(gray, dpi), True
        if flip:
            img = _prep.rotate(img, 180)
    t["orientation"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    if PrepStep.clean in steps:
        img = _prep.clean(img)
    t["clean"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    role = PageRole(separator=False, blank=False)
    if find_roles:
        g = _prep.to_gray(img)
        role = PageRole(separator=is_separator(g, dpi), blank=is_blank(g, dpi))
    t["roles"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    ocr_image = None
    white = None
    if colour is ColourMode.bw:
        out = out_dir / f"page-{page.index:04d}.png"
        white = np.where(_prep.ink_mask(_prep.to_gray(img)), 0, 255).astype(np.uint8)
        out.write_bytes(_png_1bit(white, dpi))
        ocr_image = out
    else:
        out = out_dir / f"page-{page.index:04d}.jpg"
        Image.fromarray(img).save(out, "JPEG", quality=jpeg_quality, dpi=(dpi, dpi), optimize=False)
        if PrepStep.clean in steps:
            # A cleaned page is dark type on white paper: binarising it here is
            # what Tesseract would do first (a global Otsu threshold), and a
            # 1-bit page spares Tesseract that and the JPEG decoding: about
            # 11 % of its instructions per page, at equal accuracy (#2).
            ocr_image = out.with_suffix(".ocr.png")
            white = _prep.binarize(_prep.to_gray(img))
            ocr_image.write_bytes(_png_1bit(white, dpi))
    region = _ink_region(white, dpi) if white is not None else None
    t["encode"] = time.perf_counter() - t0

    total = angle + (180 if flip else 0)
    return PreparedPage(
        index=page.index,
        image=out,
        dpi=dpi,
        ocr_image=ocr_image or out,
        ocr_region=region,
        quarter_turns=round(-total / 90) % 4,
        deskew_angle=round(total - round(total / 90) * 90, 2),
        perspective=perspective,
        used_osd=used_osd,
        colour=in_colour,
        role=role,
        timings=t,
    )


def _ink_region(white: np.ndarray, dpi: float) -> tess.Region | None:
    """The rectangle of a 1-bit page Tesseract reads: its ink and a tenth of an inch around.

    Tesseract's layout analysis (line finding by morphology, most of all)
    costs in proportion to the pixels it is given; a page's white margins
    hold nothing to read. On the benchmark's pages this took 17 % off
    Tesseract's time with the same words in the same places (#2). None when
    the page is blank or its ink spans nearly all of it.
    """
    box = _prep.ink_box(white, pad=round(dpi / 10))
    h, w = white.shape[:2]
    if box is None or box[2] * box[3] > 0.9 * w * h:
        return None
    return tess.Region(*box, page_width=w, page_height=h)


def _png_1bit(white: np.ndarray, dpi: float) -> bytes:
    """A 1-bit PNG of a page (True or 255 = paper) that says its resolution.

    OpenCV writes bilevel PNGs three times faster than Pillow but without a
    pHYs chunk, which OCRmyPDF and Tesseract need; it is added here.
    """
    ok, buf = cv2.imencode(
        ".png", white.astype(np.uint8) * 255 if white.dtype == bool else white,
        [cv2.IMWRITE_PNG_BILEVEL, 1, cv2.IMWRITE_PNG_COMPRESSION, 1],
    )
    if not ok:
        raise ValueError("PNG encoding failed")
    data = buf.tobytes()
    ppm = round(dpi / 0.0254)  # pixels per metre
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    end_of_ihdr = 8 + 8 + 13 + 4  # signature, IHDR length+type, IHDR data, CRC
    return data[:end_of_ihdr] + chunk + data[end_of_ihdr:]


def _osd_turn(gray: np.ndarray, dpi: float) -> int | None:
    """Clockwise quarter turn (0, 90, 180, 270) Tesseract OSD is sure a page needs; None when unsure."""
    small = _prep.scale_to(gray, min(1.0, 150 / dpi))
    try:
        guess = tess.detect_orientation(small)
    except ToolError as e:
        log.warning("orientation check skipped: %s", e)
        return None
    return guess.rotate if guess is not None and guess.confidence >= 2.0 else None


def _osd_flip(gray: np.ndarray, dpi: float) -> bool:
    """Ask Tesseract OSD whether a horizontal page is upside down (slow fallback)."""
    return _osd_turn(gray, dpi) == 180
