"""Recognise an input file, refuse bad ones with a clear reason, and read its pages."""

from __future__ import annotations

import logging
import os
import re
import struct
import warnings
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

import cv2
import numpy as np
import pikepdf
from PIL import Image, ImageOps, ImageSequence

from pindai._exec import ToolError, poppler
from pindai.config import Limits
from pindai.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    TooLargeError,
    TruncatedFileError,
    UnreadableFileError,
    UnsupportedTypeError,
)

log = logging.getLogger(__name__)

# HEIC/HEIF photos from phones open through Pillow once registered.
try:
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - dependency is pinned
    pillow_heif = None

#: Below this a resolution tag is a camera's placeholder (72), not a scan's.
_MIN_TRUSTED_DPI = 100
#: A page with at least this many characters in its text layer is born-digital.
_MIN_TEXT_CHARS = 20
#: Work budget of one document: the megapixels of all the pages to prepare
#: (about 6 s of preparation per 30 MP on the office PC). 3,400 A4 pages at
#: 300 dpi, or 850 at 600 dpi; a 1000-page PDF of 169-megapixel images (183 KB,
#: hours of work) is refused before any page is prepared (#14).
DOCUMENT_MEGAPIXELS = 30_000.0


class InputKind(StrEnum):
    """File formats pindai reads."""

    pdf = "pdf"
    tiff = "tiff"
    jpeg = "jpeg"
    png = "png"
    webp = "webp"
    heic = "heic"


_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")


def sniff(path: Path) -> InputKind:
    """Identify ``path`` by its first bytes, not its name.

    Raises:
        EmptyFileError, UnreadableFileError, UnsupportedTypeError
    """
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except PermissionError as e:
        raise UnreadableFileError(str(e.strerror)) from e
    except OSError as e:
        raise UnreadableFileError(str(e)) from e
    if not head:
        raise EmptyFileError()
    if b"%PDF-" in head:
        return InputKind.pdf
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return InputKind.tiff
    if head[:3] == b"\xff\xd8\xff":
        return InputKind.jpeg
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return InputKind.png
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return InputKind.webp
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return InputKind.heic
    what = "ZIP/Office document" if head[:2] == b"PK" else f"unknown format, suffix '{path.suffix}'"
    raise UnsupportedTypeError(what)


# --------------------------------------------------------------------------- complete containers


def container_complete(f: BinaryIO) -> bool:
    """Whether the file open in ``f`` is complete: its container parses to its end (#14).

    A writer that pauses (a network scanner between pages) leaves a file whose
    end marker may already be there by chance: a JPEG's EXIF thumbnail ends
    with the same marker as the photo, a TIFF's first pages are complete
    while the chain points on to pages not yet written. So the structure is
    followed: the TIFF chain of pages and their strips, the PDF's last
    cross-reference, the JPEG segments up to the image's own end marker.
    Unknown formats count as complete.
    """
    f.seek(0, 2)
    size = f.tell()
    if size == 0:
        return False
    f.seek(0)
    head = f.read(1024)
    if b"%PDF-" in head:
        f.seek(max(0, size - 4096))
        return _pdf_complete(f.read(), f, size)
    # Read with bounded positional reads, never mmap: the file is untrusted and may be
    # cut short by its writer while it is parsed, which under mmap is a SIGBUS that kills
    # the watcher with every hot folder (#14). A short read here is an incomplete file.
    data = _Reader(f.fileno(), size)
    try:
        if head[:3] == b"\xff\xd8\xff":
            return _jpeg_complete(data, size)
        if head[:4] in (b"II*\x00", b"MM\x00*"):
            return _tiff_complete(data, size)
    except (IndexError, struct.error):
        return False
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return b"IEND" in data[max(0, size - 32):size]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return int.from_bytes(head[4:8], "little") + 8 <= size
    return True


class _Reader:
    """Bytes of an open file by position (``data[i]``, ``data[a:b]``, ``find``), read in blocks.

    A read past what the file holds now (it shrank) raises IndexError.
    """

    _BLOCK = 1 << 20

    def __init__(self, fd: int, size: int) -> None:
        self.fd, self.size = fd, size
        self._blocks: dict[int, bytes] = {}

    def _block(self, n: int) -> bytes:
        if n not in self._blocks:
            if len(self._blocks) > 64:  # bounded memory on a large file
                self._blocks.clear()
            self._blocks[n] = os.pread(self.fd, self._BLOCK, n * self._BLOCK)
        return self._blocks[n]

    def _read(self, start: int, stop: int) -> bytes:
        stop = min(stop, self.size)
        if start >= stop:
            return b""
        first, last = start // self._BLOCK, (stop - 1) // self._BLOCK
        out = b"".join(self._block(n) for n in range(first, last + 1))
        out = out[start - first * self._BLOCK : stop - first * self._BLOCK]
        if len(out) != stop - start:
            raise IndexError("file shrank while it was read")
        return out

    def __getitem__(self, key: int | slice) -> int | bytes:
        if isinstance(key, slice):
            return self._read(key.start or 0, self.size if key.stop is None else key.stop)
        if not 0 <= key < self.size:
            raise IndexError(key)
        return self._read(key, key + 1)[0]

    def find(self, sub: bytes, start: int = 0) -> int:
        pos = start
        while pos < self.size:
            chunk = self._read(pos, min(pos + self._BLOCK + len(sub), self.size))
            i = chunk.find(sub)
            if i >= 0:
                return pos + i
            pos += self._BLOCK
        return -1

    def unpack(self, fmt: struct.Struct, offset: int) -> tuple[Any, ...]:
        raw = self._read(offset, offset + fmt.size)
        if len(raw) != fmt.size:
            raise IndexError(offset)
        return fmt.unpack(raw)


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF", re.S)


def _pdf_complete(tail: bytes, f: BinaryIO, size: int) -> bool:
    """The last ``startxref`` is followed by ``%%EOF`` and points at a cross-reference in the file."""
    found = list(_STARTXREF.finditer(tail))
    if not found:
        return False
    offset = int(found[-1].group(1))
    if offset >= size:
        return False
    f.seek(offset)
    at = f.read(64).lstrip()
    return at.startswith(b"xref") or re.match(rb"\d+\s+\d+\s+obj", at) is not None


def _jpeg_complete(data: _Reader, size: int) -> bool:
    """Walk the JPEG's segments (skipping whole APPn ones, thumbnail and all) to its end marker."""
    pos = 2
    while pos + 1 < size:
        if data[pos] != 0xFF:
            return False  # not at a marker: damaged, or a segment length ran past the data
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:
            return True
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        if pos + 4 > size:
            return False
        end = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        if end > size:
            return False
        if marker != 0xDA:
            pos = end
            continue
        # Entropy-coded data: runs to the next marker that is not a stuffed 0xFF00 or a restart.
        p = end
        while True:
            i = data.find(b"\xff", p)
            if i < 0 or i + 1 >= size:
                return False
            nxt = data[i + 1]
            if nxt == 0x00 or 0xD0 <= nxt <= 0xD7 or nxt == 0xFF:
                p = i + 1
                continue
            pos = i
            break
    return False


_TIFF_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4,
                    16: 8, 17: 8, 18: 8}
#: (offsets tag, byte counts tag): strips and tiles.
_TIFF_DATA_TAGS = ((273, 279), (324, 325))


def _tiff_complete(data: _Reader, size: int) -> bool:
    """Every page of the chain and every strip or tile of it lies within the file."""
    bo = "<" if data[:2] == b"II" else ">"
    if int.from_bytes(data[2:4], "little" if bo == "<" else "big") != 42:
        return True  # BigTIFF: not checked here
    u16 = struct.Struct(bo + "H")
    u32 = struct.Struct(bo + "I")
    offset = data.unpack(u32, 4)[0]
    seen: set[int] = set()
    while offset:
        if offset in seen or offset + 2 > size or len(seen) > 100_000:
            return False
        seen.add(offset)
        count = data.unpack(u16, offset)[0]
        end = offset + 2 + 12 * count
        if end + 4 > size:
            return False
        values: dict[int, list[int]] = {}
        for k in range(count):
            entry = offset + 2 + 12 * k
            tag, kind = data.unpack(u16, entry)[0], data.unpack(u16, entry + 2)[0]
            n = data.unpack(u32, entry + 4)[0]
            nbytes = _TIFF_TYPE_SIZES.get(kind, 1) * n
            where = entry + 8 if nbytes <= 4 else data.unpack(u32, entry + 8)[0]
            if where + nbytes > size:
                return False
            if any(tag in pair for pair in _TIFF_DATA_TAGS) and kind in (3, 4):
                if n > 1_000_000:
                    return False  # more strips than any scan has: not a page of ours
                fmt = struct.Struct(f"{bo}{n}{'H' if kind == 3 else 'I'}")
                values[tag] = list(data.unpack(fmt, where))
        for offsets_tag, counts_tag in _TIFF_DATA_TAGS:
            for start, length in zip(values.get(offsets_tag, []), values.get(counts_tag, []), strict=False):
                if start + length > size:
                    return False
        offset = data.unpack(u32, end)[0]
    return True


@dataclass(frozen=True)
class PageSource:
    """Where one page comes from and how it must be handled."""

    #: 0-based page number in the input.
    index: int
    #: True when the page already has a text layer (born-digital): kept, not OCRed.
    has_text: bool
    #: Resolution to rasterise or assume for this page.
    dpi: float
    #: The file carried no trustworthy resolution (phone photos).
    dpi_guessed: bool = False


@dataclass(frozen=True)
class InputInfo:
    """An input that passed the checks, ready to be read page by page."""

    path: Path
    kind: InputKind
    pages: tuple[PageSource, ...]
    #: For PDFs that were only owner-password protected: a decrypted copy.
    readable_pdf: Path | None = None


def inspect(path: Path, *, limits: Limits, assumed_dpi: int, work: Path) -> InputInfo:
    """Check an input fully enough to refuse it before any heavy work.

    Raises:
        InputRejected subclasses for each kind of bad input.
    """
    kind = sniff(path)
    size = path.stat().st_size
    if size > limits.max_file_mb * 1024 * 1024:
        raise TooLargeError(f"{size / 1e6:.0f} MB > {limits.max_file_mb} MB")
    if kind is InputKind.pdf:
        return _inspect_pdf(path, limits=limits, work=work)
    return _inspect_image(path, kind, limits=limits, assumed_dpi=assumed_dpi)


def _inspect_pdf(path: Path, *, limits: Limits, work: Path) -> InputInfo:
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - 2048))
        tail = f.read()
    if b"%%EOF" not in tail:
        raise TruncatedFileError("PDF has no end-of-file marker")
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as e:
        raise EncryptedFileError("user password required") from e
    except pikepdf.PdfError as e:
        raise CorruptFileError(f"PDF structure: {e}") from e
    readable = None
    with pdf:
        n = len(pdf.pages)
        if n == 0:
            raise CorruptFileError("PDF has no pages")
        if n > limits.max_pages:
            raise TooLargeError(f"{n} pages > {limits.max_pages}")
        dpis, areas = [], []
        for page in pdf.pages:
            w_in = float(page.mediabox[2] - page.mediabox[0]) / 72
            h_in = float(page.mediabox[3] - page.mediabox[1]) / 72
            dpi = _pdf_page_dpi(page, w_in)
            if w_in * h_in * dpi * dpi > limits.max_megapixels * 1e6:
                raise TooLargeError(f"page of {w_in:.0f}x{h_in:.0f} in at {dpi:.0f} dpi")
            dpis.append(dpi)
            areas.append(w_in * h_in)
        stripped = strip_active_content(pdf)
        if stripped:
            # Scripts and automatic actions have no place in an archive and PDF/A
            # forbids them: the copy that is OCRed has none (#14). The stored
            # original stays as it came.
            log.info("active content removed: %s", ", ".join(sorted(set(stripped))))
        if pdf.is_encrypted or stripped:
            # Opened without a password: only an owner password restricts it.
            # Work on a decrypted copy; the stored original stays as it came.
            readable = work / ("decrypted.pdf" if pdf.is_encrypted else "sanitized.pdf")
            pdf.save(readable)
    try:
        texts = poppler.page_texts(readable or path)
    except ToolError as e:
        raise CorruptFileError(f"PDF cannot be rendered: {e}") from e
    texts += [""] * (n - len(texts))
    pages = tuple(
        PageSource(i, len("".join(texts[i].split())) >= _MIN_TEXT_CHARS, dpis[i])
        for i in range(n)
    )
    _check_budget([areas[i] * dpis[i] ** 2 for i in range(n) if not pages[i].has_text])
    return InputInfo(path, InputKind.pdf, pages, readable)


def _check_budget(pixels: list[float]) -> None:
    """Refuse a document whose pages together are more work than one document may be."""
    total = sum(pixels) / 1e6
    if total > DOCUMENT_MEGAPIXELS:
        raise TooLargeError(f"{len(pixels)} pages, {total:,.0f} megapixels in all > {DOCUMENT_MEGAPIXELS:,.0f}")


#: Actions PDF/A-2 forbids (ISO 19005-2, 6.5.1), and ones that reach out of the document.
_FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide",
                      "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView", "/SubmitForm", "/RichMediaExecute"}


def _forbidden_action(value: object) -> bool:
    return isinstance(value, pikepdf.Dictionary) and (
        str(value.get("/S", "")) in _FORBIDDEN_ACTIONS or "/JS" in value)


def strip_active_content(pdf: pikepdf.Pdf) -> list[str]:
    """Remove scripts and automatic actions from ``pdf`` in place; return what was removed.

    Every additional-actions entry (``/AA`` of the document, pages, links,
    fields) goes, the document's JavaScript name tree, and each action of a
    forbidden kind (JavaScript, Launch, SubmitForm...) wherever it hangs (a
    link, an outline item, the open action, an action chain). Links to pages
    and web addresses stay.
    """
    removed: list[str] = []
    seen: set[tuple[int, int]] = set()

    def clean(obj: object) -> None:
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            if obj.objgen in seen:
                return
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Dictionary):
            if "/AA" in obj:
                del obj["/AA"]
                removed.append("/AA")
            for key in ("/A", "/OpenAction", "/Next"):
                if key in obj and _forbidden_action(obj[key]):
                    removed.append(str(obj[key].get("/S", "/JS")))
                    del obj[key]
            for _, value in obj.items():
                clean(value)
        elif isinstance(obj, pikepdf.Array):
            for value in obj:
                clean(value)

    root = pdf.Root
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        del names["/JavaScript"]
        removed.append("/JavaScript")
    for obj in pdf.objects:
        clean(obj)
    return removed


def _pdf_page_dpi(page: pikepdf.Page, width_in: float) -> float:
    """Resolution of the largest image on a page (as if it spans the page); else 300."""
    best = 0
    try:
        for img in page.get_images().values():
            best = max(best, int(img.get("/Width", 0)))
    except (pikepdf.PdfError, AttributeError, ValueError):
        best = 0
    if not best or width_in <= 0:
        return 300.0
    return float(max(72, round(best / width_in)))


def _open_image(path: Path, limits: Limits) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = int(limits.max_megapixels * 1e6)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise TooLargeError(str(e).split(".")[0]) from e
    except OSError as e:
        raise CorruptFileError(str(e)) from e
    if im.width * im.height > limits.max_megapixels * 1e6:
        raise TooLargeError(f"{im.width}x{im.height} pixels")
    return im


def _inspect_image(path: Path, kind: InputKind, *, limits: Limits, assumed_dpi: int) -> InputInfo:
    if kind is InputKind.tiff:
        # Pillow counts the pages it finds: a chain cut short would be filed short (#14).
        with path.open("rb") as f:
            if not container_complete(f):
                raise TruncatedFileError("TIFF page chain or image data ends before the file does")
    im = _open_image(path, limits)
    with im:
        n = getattr(im, "n_frames", 1)
        if n > limits.max_pages:
            raise TooLargeError(f"{n} pages > {limits.max_pages}")
        pages, pixels = [], []
        for i, frame in enumerate(ImageSequence.Iterator(im)):
            if frame.width * frame.height > limits.max_megapixels * 1e6:
                raise TooLargeError(f"page {i + 1}: {frame.width}x{frame.height} pixels")
            dpi = _image_dpi(frame)
            pages.append(PageSource(i, False, dpi or assumed_dpi, dpi_guessed=dpi is None))
            pixels.append(float(frame.width * frame.height))
        _check_budget(pixels)
        # Decode the first page now so that truncated files fail here, cheaply.
        _decode(im, 0)
    return InputInfo(path, kind, tuple(pages))


def _image_dpi(im: Image.Image) -> float | None:
    dpi = im.info.get("dpi")
    try:
        x = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    return x if x >= _MIN_TRUSTED_DPI else None


def _decode(im: Image.Image, index: int) -> np.ndarray:
    try:
        im.seek(index)
        frame = ImageOps.exif_transpose(im) if index == 0 else im.copy()
        frame.load()
    except OSError as e:
        msg = str(e)
        if "truncated" in msg or "broken data stream" in msg or "end of file" in msg.lower():
            raise TruncatedFileError(msg) from e
        raise CorruptFileError(msg) from e
    except (ValueError, SyntaxError, EOFError) as e:
        raise CorruptFileError(str(e)) from e
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        # Transparent areas are paper, not black: composite onto white.
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(white, rgba).convert("RGB")
    if frame.mode not in ("L", "RGB"):
        frame = frame.convert("L" if frame.mode in ("1", "I", "I;16", "F") else "RGB")
    return np.asarray(frame)


def read_page(info: InputInfo, page: PageSource, *, limits: Limits) -> tuple[np.ndarray, float]:
    """Pixels of one page as a gray or RGB array, and their resolution."""
    if info.kind is InputKind.pdf:
        extracted = _extract_scan(info.readable_pdf or info.path, page.index)
        if extracted is not None:
            return extracted
        dpi = min(400.0, max(150.0, page.dpi))
        return _render_pdf_page(info, page, dpi), dpi
    with _open_image(info.path, limits) as im:
        return _decode(im, page.index), page.dpi


def _extract_scan(pdf_path: Path, index: int) -> tuple[np.ndarray, float] | None:
    """The page's one full-page image, decoded directly: no rendering, no resampling.

    A scanner's PDF is one image per page, drawn over the whole page; taking
    it as it is saves a render per page and keeps every pixel. Anything else
    (several images, an image drawn small, exotic encodings) returns None and
    the page is rendered instead.

    Returns:
        The pixels and their resolution on the page.
    """
    try:
        with pikepdf.open(pdf_path) as pdf:
            page = pdf.pages[index]
            images = page.get_images()
            if len(images) != 1:
                return None
            [(name, xobj)] = images.items()
            drawn = _drawn_size(page, name)
            box = page.mediabox
            page_w, page_h = float(box[2] - box[0]), float(box[3] - box[1])
            if drawn is None or max(drawn[0] / page_w, drawn[1] / page_h) < 0.9:
                return None
            pim = pikepdf.PdfImage(xobj)
            rotate = int(page.obj.get("/Rotate", 0)) % 360
            pixels = _decode_jpeg(xobj, pim)
            if pixels is None:
                im = pim.as_pil_image()
                if im.mode not in ("L", "RGB"):
                    im = im.convert("RGB")
                pixels = np.asarray(im)
    except Exception as e:  # noqa: BLE001 - any failure just means "render it"
        log.debug("page %d: direct image extraction not possible (%s)", index + 1, e)
        return None
    dpi = round(pim.width / (drawn[0] / 72), 1)
    if rotate:
        # /Rotate turns the page clockwise; np.rot90 turns counter-clockwise.
        pixels = np.ascontiguousarray(np.rot90(pixels, -(rotate // 90)))
    return pixels, dpi


def _decode_jpeg(xobj: pikepdf.Object, pim: pikepdf.PdfImage) -> np.ndarray | None:
    """A plain grey or RGB JPEG straight into an array; None for anything else.

    Scanners write exactly this. OpenCV decodes into the array it returns,
    where Pillow's array conversion copies the page once more.
    """
    if (
        pim.filters != ["/DCTDecode"]
        or pim.bits_per_component != 8
        or pim.colorspace not in ("/DeviceGray", "/DeviceRGB")
        or "/Decode" in xobj
        or "/SMask" in xobj
    ):
        return None
    flags = cv2.IMREAD_GRAYSCALE if pim.colorspace == "/DeviceGray" else cv2.IMREAD_COLOR
    # IMREAD_* without IGNORE_ORIENTATION would apply an EXIF rotation; a PDF never does.
    pixels = cv2.imdecode(np.frombuffer(xobj.read_raw_bytes(), np.uint8),
                          flags | cv2.IMREAD_IGNORE_ORIENTATION)
    if pixels is None or pixels.shape[:2] != (pim.height, pim.width):
        return None
    if pixels.ndim == 3:
        pixels = cv2.cvtColor(pixels, cv2.COLOR_BGR2RGB)
    return pixels


def _drawn_size(page: pikepdf.Page, name: str) -> tuple[float, float] | None:
    """Width and height in points at which image ``name`` is painted, if simply placed."""
    ctm = None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "cm":
            a, b, c, d = (float(v) for v in operands[:4])
            if abs(b) > 1e-6 or abs(c) > 1e-6:
                return None  # rotated or sheared placement: let the renderer do it
            ctm = (abs(a), abs(d))
        elif op == "Do" and str(operands[0]) == name:
            return ctm
    return None


def _render_pdf_page(info: InputInfo, page: PageSource, dpi: float) -> np.ndarray:
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError

    try:
        images = convert_from_path(
            info.readable_pdf or info.path,
            dpi=dpi,
            first_page=page.index + 1,
            last_page=page.index + 1,
            timeout=300,
        )
    except (PDFPageCountError, PDFSyntaxError) as e:
        raise CorruptFileError(f"page {page.index + 1}: {e}") from e
    if not images:
        raise CorruptFileError(f"page {page.index + 1} cannot be rendered")
    return np.asarray(images[0].convert("RGB"))
