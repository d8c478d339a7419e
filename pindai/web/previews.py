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
from pathlib import Path

from pindai.archive import atomic_write_bytes
from pindai.config import Home
from pindai.errors import ExitCode, PindaiError

log = logging.getLogger(__name__)

#: Preview widths in pixels: the inbox thumbnail and the page view.
THUMB, PAGE = 160, 1000
_DIR_MODE = {"public": 0o750, "exempt": 0o750}
_FILE_MODE = {"public": 0o640, "exempt": 0o640}
#: Rendering one page must not hold a request forever.
RENDER_TIMEOUT = 60


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
        for p in folder.glob(f"{doc_id}-*.png"):
            p.unlink(missing_ok=True)


def forget(home: Home, doc_id: int) -> None:
    """Remove every cached preview of a document (after a decision or a reprocessing)."""
    for side in ("public", "exempt"):
        folder = home.root / "cache" / "previews" / side
        if folder.is_dir():
            for p in folder.glob(f"{doc_id}-*.png"):
                p.unlink(missing_ok=True)


def page_png(home: Home, *, doc_id: int, side: str, pdfa: Path, page: int, width: int) -> Path:
    """The cached PNG of ``page`` (1-based) of a document at ``width`` pixels; rendered on first use.

    The cache key holds the PDF/A's size and modification time, so a reprocessed
    document gets new previews.

    Raises:
        PreviewError: the PDF/A is missing or the page cannot be rendered.
    """
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFPageCountError, PDFPopplerTimeoutError, PDFSyntaxError

    _forget_other_side(home, doc_id, side)
    try:
        st = pdfa.stat()
    except OSError as e:
        raise PreviewError("Berkas PDF/A tidak ditemukan; jalankan pindai check (PDF/A missing)") from e
    folder = cache_dir(home, side)
    path = folder / f"{doc_id}-{st.st_size:x}{int(st.st_mtime):x}-p{page}-w{width}.png"
    if path.exists():
        return path
    try:
        images = convert_from_path(str(pdfa), first_page=page, last_page=page, size=(width, None),
                                   fmt="png", timeout=RENDER_TIMEOUT)
    except (PDFPageCountError, PDFPopplerTimeoutError, PDFSyntaxError, OSError) as e:
        raise PreviewError("Halaman tidak dapat ditampilkan (page cannot be rendered)") from e
    if not images:
        raise PreviewError("Halaman tidak ada (no such page)")
    buf = io.BytesIO()
    images[0].save(buf, format="PNG", optimize=False)
    for old in folder.glob(f"{doc_id}-*-p{page}-w{width}.png"):
        old.unlink(missing_ok=True)  # an earlier version of the document
    atomic_write_bytes(path, buf.getvalue(), mode=_FILE_MODE[side])
    return path
