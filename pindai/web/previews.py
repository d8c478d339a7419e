"""Page images of a document's PDF/A for the workspace, cached under the home like the side they show.

Previews of the exempt side are exempt content: they live in ``<home>/cache/previews/exempt``
(folder 0750, files 0640), those of the public side in ``.../public``. The public folder is
restricted too: a document decided DIK elsewhere (``pindai review set``) leaves its old public
previews behind until the workspace next sees it, and they must not be readable meanwhile.
When a document changes side its previews on the other side are removed before anything is
served, and a decision in the workspace removes them at once.
"""

from __future__ import annotations

import io
import logging
import os
import threading
from pathlib import Path
from typing import Any

from pindai.archive import atomic_write_bytes
from pindai.config import Home
from pindai.errors import ExitCode, PindaiError

log = logging.getLogger(__name__)

#: Preview widths in pixels: the inbox thumbnail and the page view.
THUMB, PAGE = 160, 1000
_DIR_MODE = {"public": 0o750, "exempt": 0o750}
_FILE_MODE = {"public": 0o640, "exempt": 0o640}
#: PDFium is not thread-safe: one page is rendered at a time in a process (the encoding runs beside).
_PDFIUM = threading.Lock()


class PreviewError(PindaiError):
    """A page could not be rendered (missing PDF/A, page out of range)."""

    exit_code = ExitCode.input_failed


def cache_dir(home: Home, side: str) -> Path:
    folder = home.root / "cache" / "previews" / side
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(home.root / "cache", 0o755)
        os.chmod(home.root / "cache" / "previews", 0o755)
    os.chmod(folder, _DIR_MODE[side])
    return folder


def _forget_other_side(home: Home, doc_id: int, side: str) -> None:
    other = "public" if side == "exempt" else "exempt"
    folder = home.root / "cache" / "previews" / other
    if folder.is_dir():
        for p in folder.glob(f"{doc_id}-*.jpg"):
            p.unlink(missing_ok=True)


def forget(home: Home, doc_id: int) -> None:
    """Remove every cached preview of a document (after a decision or a reprocessing)."""
    for side in ("public", "exempt"):
        folder = home.root / "cache" / "previews" / side
        if folder.is_dir():
            for p in folder.glob(f"{doc_id}-*.jpg"):
                p.unlink(missing_ok=True)


def page_image(home: Home, *, doc_id: int, side: str, pdfa: Path, page: int, width: int) -> Path:
    """The cached JPEG of ``page`` (1-based) of a document at ``width`` pixels; rendered on first use.

    The cache key holds the PDF/A's size and modification time, so a reprocessed
    document gets new previews.

    Raises:
        PreviewError: the PDF/A is missing or the page cannot be rendered.
    """
    _forget_other_side(home, doc_id, side)
    try:
        st = pdfa.stat()
    except OSError as e:
        raise PreviewError("Berkas PDF/A tidak ditemukan; jalankan pindai check (PDF/A missing)") from e
    folder = cache_dir(home, side)
    path = folder / f"{doc_id}-{st.st_size:x}{int(st.st_mtime):x}-p{page}-w{width}.jpg"
    if path.exists():
        return path
    data = _encode(_render(pdfa, page, width))
    for old in folder.glob(f"{doc_id}-*-p{page}-w{width}.jpg"):
        old.unlink(missing_ok=True)  # an earlier version of the document
    atomic_write_bytes(path, data, mode=_FILE_MODE[side])
    return path


def _render(pdfa: Path, page: int, width: int) -> Any:
    """Page ``page`` of ``pdfa`` as a PIL image ``width`` pixels wide.

    In the server's process with PDFium (pypdfium2, which OCRmyPDF already brings): 5 to 10 times
    faster than starting pdftoppm for each page, the first preview's cost (#16). The files are
    pindai's own PDF/As (OCRmyPDF's output or a redacted copy), not what a scanner delivered.
    """
    import pypdfium2 as pdfium

    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(str(pdfa))
        except (pdfium.PdfiumError, OSError) as e:
            raise PreviewError("Halaman tidak dapat ditampilkan (page cannot be rendered)") from e
        try:
            if not 1 <= page <= len(pdf):
                raise PreviewError("Halaman tidak ada (no such page)")
            pg = pdf[page - 1]
            try:
                bitmap = pg.render(scale=width / pg.get_width(), may_draw_forms=False)
                return bitmap.to_pil()
            except pdfium.PdfiumError as e:
                raise PreviewError("Halaman tidak dapat ditampilkan (page cannot be rendered)") from e
            finally:
                pg.close()
        finally:
            pdf.close()


def _encode(image: Any) -> bytes:
    """The page as JPEG (quality 80: a scan is a photograph of paper; a tenth of PNG's time and
    half its bytes), grey when the page has no colour (most letters), in colour when it has
    some (a stamp, a photo). Outside the lock."""
    from PIL import ImageChops

    r, g, b = image.reduce(8).split()
    if max(ImageChops.difference(r, g).getextrema()[1], ImageChops.difference(g, b).getextrema()[1]) <= _GREY_SPREAD:
        image = image.convert("L")
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=80)
    return buf.getvalue()


#: The largest difference between colour channels of a grey page's pixels (scanner noise).
_GREY_SPREAD = 24
