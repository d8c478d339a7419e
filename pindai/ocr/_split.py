"""Splitting one scanned batch into documents: separator sheets, blank pages, back sides.

An office ADF scans a stack of several documents into one file. The pages
that mark where one document ends are found here, page by page, from pixels
(:func:`is_separator`, :func:`is_blank`); :func:`group_pages` then turns the
page roles into documents. Everything is pure (arrays in, values out) except
:func:`write_separator_sheet`, which prints the sheet to a PDF.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import img2pdf
import numpy as np
from PIL import Image, ImageDraw, ImageFont

# One enum for the setting and the logic: profiles store it, the pipeline passes it here.
from pindai.config import SplitMode
from pindai.ocr._prep import scale_to, to_gray

__all__ = [
    "SEPARATOR_TEXT",
    "PageRole",
    "SplitMode",
    "group_pages",
    "is_blank",
    "is_separator",
    "separator_sheet_image",
    "write_separator_sheet",
]

#: Payload of the QR code on pindai's separator sheet. Only this exact text
#: marks a separator: a verification QR code printed on a letter is content.
SEPARATOR_TEXT = "PINDAI:PEMISAH"

_MM_PER_INCH = 25.4
_A4_MM = (210.0, 297.0)
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

#: Side of one QR module on the printed sheet. 3 mm makes a 75 mm code
#: (version 2, 25 modules) that survives dust, a crease or a pen mark, and is
#: still 6 px a module at the 50 dpi the detector looks at first.
_QR_MODULE_MM = 3.0
#: Resolutions tried in turn to find the QR code. Coarse first: the code is
#: large, a small image is fast, and on text pages the detector's false
#: candidates cost less. Decoding of this big code fails more often at
#: 100 dpi and above than at 50-75 dpi (measured on skewed, noisy scans).
_QR_DPIS = (50.0, 75.0)
#: Fewer pixels across than this cannot hold the code (29 modules with its margin).
_QR_MIN_PX = 30
#: Erosion that only the solid 9 mm centres of the sheet's QR finder marks survive.
_FINDER_ERODE_MM = 5.0

#: Working resolution for blank-page detection.
_BLANK_DPI = 100.0
#: Border band ignored on every side, as a fraction of the page's short side
#: (4 % of A4 is 8.4 mm): scanner edges, the sheet's shadow, torn edges.
_BLANK_MARGIN = 0.04
#: A mark darker than its surrounding paper by this fraction may be ink...
_INK_LOW = 0.22
#: ...and it is ink if some pixel of it is darker by this fraction. Show-through
#: of the other side (typically 5-15 %) and paper texture stay below it.
_INK_HIGH = 0.38
#: Areas darker than this fraction of the paper are dark in themselves
#: (a photo, a black bar, the scanner's lid beside the sheet) whatever the
#: local background estimate says.
_DARK = 0.55
#: Marks shorter than this (longest side) are dust and ignored.
_SPECK_MM = 1.0
#: One mark this long is content: a digit of 8 pt type is about 2 mm tall,
#: so a page number alone makes a page not blank.
_MARK_MM = 1.6
#: This many marks between the two sizes together are content too (tiny
#: type, a dashed line); on noisy blank scans they are a handful at most.
_MANY_MARKS = 20
#: Punch holes of a filing binder: 5-8 mm round, centre within 25 mm of an edge.
_HOLE_MM = (4.5, 8.5)
_HOLE_EDGE_MM = 25.0


@dataclass(frozen=True)
class PageRole:
    """What one scanned page is, besides a page of a document."""

    #: pindai's separator sheet (its QR code was read).
    separator: bool = False
    #: No content: an empty back side or a blank separator page.
    blank: bool = False


# --------------------------------------------------------------------------- separator sheet


def _font(size_px: int, *, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans at ``size_px``; Pillow's own font where DejaVu is not installed."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for path in (_FONT_DIR / name, _FONT_DIR / "DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(str(path), size_px)
        except OSError:
            continue
    return ImageFont.load_default(size=size_px)


def _qr_modules(text: str) -> np.ndarray:
    """The QR code of ``text`` as a uint8 image, one pixel per module, high error correction.

    High (30 %) correction: a stack of separator sheets gets handled, folded
    and written on; the payload is short, so the code stays at version 2.
    """
    params = cv2.QRCodeEncoder.Params()
    params.correction_level = cv2.QRCODE_ENCODER_CORRECT_LEVEL_H
    return cv2.QRCodeEncoder.create(params).encode(text)


def separator_sheet_image(*, dpi: int = 200) -> np.ndarray:
    """The separator sheet as an A4 portrait grayscale image at ``dpi``.

    A 75 mm QR code carrying :data:`SEPARATOR_TEXT` in the middle, a title
    above it and an instruction for the operator below it.
    """
    px_mm = dpi / _MM_PER_INCH
    w, h = round(_A4_MM[0] * px_mm), round(_A4_MM[1] * px_mm)
    img = Image.new("L", (w, h), 255)
    modules = _qr_modules(SEPARATOR_TEXT)
    scale = max(1, round(_QR_MODULE_MM * px_mm))
    side = modules.shape[0] * scale
    qr = Image.fromarray(modules).resize((side, side), Image.Resampling.NEAREST)
    top = (h - side) // 2
    img.paste(qr, ((w - side) // 2, top))

    draw = ImageDraw.Draw(img)
    pt = dpi / 72

    def centred(y_px: float, text: str, size_pt: float, *, bold: bool) -> None:
        draw.text((w / 2, y_px), text, font=_font(round(size_pt * pt), bold=bold), fill=0,
                  anchor="ms")

    centred(top - 30 * px_mm, "LEMBAR PEMISAH DOKUMEN", 26, bold=True)
    centred(top - 17 * px_mm, "Separator sheet \u2014 pindai", 16, bold=False)
    centred(top + side + 22 * px_mm, "Letakkan lembar ini di antara dokumen dalam pengumpan (ADF)",
            12, bold=False)
    return np.asarray(img)


def write_separator_sheet(path: Path, *, copies: int = 1) -> Path:
    """Write a PDF of ``copies`` separator sheets, exactly A4, ready to print.

    The page image is embedded losslessly (PNG) so the QR code prints sharp.
    """
    if copies < 1:
        raise ValueError(f"copies must be at least 1, not {copies}")
    dpi = 200
    buf = io.BytesIO()
    Image.fromarray(separator_sheet_image(dpi=dpi)).save(buf, "PNG", dpi=(dpi, dpi))
    a4 = (img2pdf.mm_to_pt(_A4_MM[0]), img2pdf.mm_to_pt(_A4_MM[1]))
    layout = img2pdf.get_layout_fun(pagesize=a4, fit=img2pdf.FitMode.into)
    pdf = img2pdf.convert([buf.getvalue()] * copies, layout_fun=layout, nodate=True,
                          engine=img2pdf.Engine.internal)
    path = Path(path)
    path.write_bytes(pdf)
    return path


# --------------------------------------------------------------------------- page roles


def is_separator(gray: np.ndarray, dpi: float) -> bool:
    """True when the page carries pindai's separator QR code.

    Any skew, upside down, noise and JPEG are fine: QR codes are found in
    any rotation. The code is large, so it is looked for at 50 dpi, then at
    75 dpi when the first attempt finds nothing readable. Pages without the
    code's three large black squares are turned down before the (slower)
    QR detector runs.
    """
    # Reduce the full page once, to the finest resolution tried: a 600 dpi
    # page is 35 megapixels.
    f = min(1.0, max(_QR_DPIS) / dpi)
    if min(gray.shape[:2]) * min(_QR_DPIS) / dpi < _QR_MIN_PX:
        return False  # too small to hold the sheet's code at all
    reduced, reduced_dpi = scale_to(to_gray(gray), f), dpi * f
    detector = cv2.QRCodeDetector()
    for i, target in enumerate(_QR_DPIS):
        small = scale_to(reduced, min(1.0, target / reduced_dpi))
        px_mm = min(target, reduced_dpi) / _MM_PER_INCH
        if i == 0 and not _has_finder_squares(small, px_mm):
            return False
        text, _, _ = detector.detectAndDecode(small)
        if text:
            return text == SEPARATOR_TEXT
    return False


def _has_finder_squares(small: np.ndarray, px_mm: float) -> bool:
    """Whether the page has three solid black areas as big as the sheet's finder centres.

    Each corner mark of the sheet's QR code holds a solid 3x3-module (9 mm)
    square. Eroding the dark areas by 5 mm leaves those (at any rotation a
    9 mm square holds a 6.4 mm upright one) and removes all type and pen
    strokes: text pages, the bulk of a batch, skip the QR detector.
    """
    paper = float(np.percentile(small[::2, ::2], 75))
    dark = (small < 0.5 * paper).astype(np.uint8)
    k = max(3, round(_FINDER_ERODE_MM * px_mm))
    core = cv2.erode(dark, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    n, _ = cv2.connectedComponents(core, connectivity=8)
    return n - 1 >= 3


def is_blank(gray: np.ndarray, dpi: float) -> bool:
    """True when the page has no content: only paper, dust, noise and scanner edges.

    Works at 100 dpi. A mark is ink when it is clearly darker than the paper
    around it (show-through of the other side and paper texture are not), or
    dark in itself. Marks touching the image border (the scanner's lid beside
    the sheet), in the outer 4 % of the page, dust-sized, or round 6 mm punch
    holes near an edge are ignored. One mark as tall as a digit of small type
    is content: a page with only a page number or a name on it is not blank.
    """
    gray = to_gray(gray)
    f = min(1.0, _BLANK_DPI / dpi)
    if min(gray.shape) * f < 2:
        f = 1.0  # a sliver of an image: look at it as it is
    small = scale_to(gray, f)
    px_mm = dpi * f / _MM_PER_INCH
    ink, surround = _ink(small, px_mm)
    return not _has_content(ink, surround, px_mm)


def _ink(small: np.ndarray, px_mm: float) -> tuple[np.ndarray, np.ndarray]:
    """Marks on the paper (uint8, 255 = ink) and the scanner's dark surround (bool)."""
    h, w = small.shape
    img = small.astype(np.float32)
    # Local paper brightness: a closing wider than any pen or type stroke,
    # smoothed. Dark areas wider than the kernel stay dark here; those are
    # caught by the absolute test below.
    k = max(3, int(3 * px_mm) | 1)
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = cv2.GaussianBlur(bg, (0, 0), k / 2).astype(np.float32)
    paper = max(float(np.percentile(bg[::4, ::4], 75)), 1.0)
    on_paper = bg >= 0.7 * paper
    contrast = 1.0 - img / np.maximum(bg, 1.0)
    seed = on_paper & (contrast >= _INK_HIGH)
    weak = on_paper & (contrast >= _INK_LOW)
    dark = img < _DARK * paper
    candidate = (weak | dark).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(candidate, connectivity=8)
    keep = np.zeros(n, bool)
    # A weak mark counts only with a strong pixel in it (hysteresis); dark areas always.
    keep[np.unique(labels[seed | dark])] = True
    keep[0] = False
    # Anything touching the image border is the scanner around the sheet.
    x, y, bw, bh = (stats[:, i] for i in range(4))
    frame = keep & ~((x > 0) & (y > 0) & (x + bw < w) & (y + bh < h))
    keep &= ~frame
    mask = keep[labels].astype(np.uint8) * 255
    m = round(_BLANK_MARGIN * min(h, w))
    if m:
        mask[:m], mask[-m:], mask[:, :m], mask[:, -m:] = 0, 0, 0, 0
    return mask, frame[labels]


def _has_content(mask: np.ndarray, surround: np.ndarray, px_mm: float) -> bool:
    """Decide from the ink marks: one mark of type size, or many small ones, is content."""
    n, _, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return False
    bw, bh, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    size = np.maximum(bw, bh) / px_mm
    marks = size >= _SPECK_MM
    holes = _round_holes(bw, bh, area, px_mm)
    if np.any(holes):
        holes &= _near_sheet_edge(centroids[1:], surround, px_mm)
        marks &= ~holes
    if np.any(marks & (size >= _MARK_MM)):
        return True
    return int(np.count_nonzero(marks)) >= _MANY_MARKS


def _round_holes(bw: np.ndarray, bh: np.ndarray, area: np.ndarray, px_mm: float) -> np.ndarray:
    """Which marks are shaped like binder punch holes: round, 5-8 mm across.

    Punched sheets scan with dark (or shadow-rimmed) holes about 12 mm from
    the edge, only partly inside the ignored border.
    """
    wmm, hmm = bw / px_mm, bh / px_mm
    lo, hi = _HOLE_MM
    size = (wmm >= lo) & (wmm <= hi) & (hmm >= lo) & (hmm <= hi) & (np.abs(wmm - hmm) <= 1.5)
    # A filled disc covers pi/4 of its box, a rim less.
    filled = area / np.maximum(bw * bh, 1)
    return size & (filled >= 0.15) & (filled <= 0.9)


def _near_sheet_edge(centres: np.ndarray, surround: np.ndarray, px_mm: float) -> np.ndarray:
    """Which points lie within reach of a punch hole from the sheet's edge.

    The edge is the image border or the scanner's dark surround, whichever
    is nearer: a skewed sheet does not fill the image.
    """
    sheet = np.pad((~surround).astype(np.uint8), 1)  # zero beyond the image border
    dist = cv2.distanceTransform(sheet, cv2.DIST_L2, 3)[1:-1, 1:-1]
    h, w = surround.shape
    xs = np.clip(np.round(centres[:, 0]).astype(int), 0, w - 1)
    ys = np.clip(np.round(centres[:, 1]).astype(int), 0, h - 1)
    return dist[ys, xs] / px_mm <= _HOLE_EDGE_MM


# --------------------------------------------------------------------------- grouping


def group_pages(
    roles: Sequence[PageRole], *, mode: SplitMode | str, drop_blank_backs: bool
) -> list[list[int]]:
    """Divide a batch into documents: 0-based page indices per document, in order.

    * ``file``: one document of every page.
    * ``blank``: a blank page (or a run of them) ends a document and is removed.
      With ``drop_blank_backs`` (duplex), a *single* blank page is the empty
      back of a document page and is dropped without splitting; only two or
      more blanks in a row split. A blank sheet fed between documents in
      duplex always gives at least two: its front and its back.
    * ``separator``: separator sheets end a document and are removed. A blank
      page right before or after a separator is the sheet's own back side
      (fed face down or scanned duplex) and is removed with it.

    Separator pages are pindai's own sheet, never content: they are removed in
    every mode, and split in ``blank`` mode too (but not in ``file`` mode).
    With ``drop_blank_backs`` blank pages are dropped anywhere. Documents left
    without pages are not documents; when every page is blank or a separator
    there is no document at all (``[]``), whatever the mode.
    """
    mode = SplitMode(mode)
    if all(r.blank or r.separator for r in roles):
        return []  # nothing to archive; the caller says so
    n = len(roles)
    drop = [r.separator for r in roles]
    split = [r.separator and mode is not SplitMode.file for r in roles]
    blank = [r.blank and not r.separator for r in roles]

    if mode is SplitMode.blank:
        i = 0
        while i < n:
            if not blank[i]:
                i += 1
                continue
            j = i
            while j < n and blank[j]:
                j += 1
            single = j - i == 1
            for k in range(i, j):
                drop[k] = True
                split[k] = not (drop_blank_backs and single)
            i = j
    else:
        for i in range(n):
            if blank[i] and drop_blank_backs:
                drop[i] = True
        if mode is SplitMode.separator:
            for i in range(n):
                if roles[i].separator:
                    for k in (i - 1, i + 1):
                        if 0 <= k < n and blank[k]:
                            drop[k] = True

    groups: list[list[int]] = []
    current: list[int] = []
    for i in range(n):
        if split[i]:
            if current:
                groups.append(current)
            current = []
        elif not drop[i]:
            current.append(i)
    if current:
        groups.append(current)
    return groups
