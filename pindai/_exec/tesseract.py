"""Tesseract: installed languages, orientation detection (OSD), and recognition kept loaded.

Recognition runs in this process through tesserocr (libtesseract, its own
copy from the wheel) with the language data of the installed ``tesseract``:
a loaded engine reads page after page, where the command line starts a
process and loads both language models for each page (#2). The command
line stays for everything else (version checks, OSD, OCRmyPDF's fallback).
"""

from __future__ import annotations

import functools
import logging
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from pindai._exec import _run
from pindai._exec._run import ToolError

log = logging.getLogger(__name__)

#: Tesseract's OpenMP threads fight each other on a 2-core machine (a page
#: takes 6x longer); pindai parallelises across pages instead.
SINGLE_THREAD = {"OMP_THREAD_LIMIT": "1"}


def languages() -> set[str]:
    """Language packs Tesseract can load."""
    proc = _run.run(["tesseract", "--list-langs"], timeout=30)
    lines = proc.stdout.decode().splitlines()
    return {ln.strip() for ln in lines[1:] if ln.strip()}


_data_folder: list[Path] = []  # found once; a failure is asked again next time


def data_folder() -> Path | None:
    """The folder of the installed Tesseract's ``.traineddata`` files, or None if unknown."""
    if _data_folder:
        return _data_folder[0]
    try:
        first = _run.run(["tesseract", "--list-langs"], timeout=30).stdout.decode().splitlines()[0]
    except (ToolError, IndexError):
        return None
    m = re.search(r'"([^"]+)"', first)  # List of available languages in "/usr/share/...":
    if not m:
        return None
    _data_folder.append(Path(m.group(1)))
    return _data_folder[0]


# --------------------------------------------------------------------------- recognition kept loaded


@functools.cache
def api_version() -> str | None:
    """The version of the libtesseract that recognises in-process, or None without tesserocr."""
    try:
        import tesserocr
    except ImportError:
        return None
    m = re.match(r"tesseract (\S+)", tesserocr.tesseract_version())
    return m.group(1) if m else "?"


@dataclass(frozen=True)
class Recognized:
    """One page read by the loaded engine."""

    #: A whole hOCR document, as ``tesseract IMAGE OUT hocr`` writes it.
    hocr: str
    #: The page's plain text, as ``tesseract IMAGE OUT txt`` writes it.
    text: str
    #: How the page was read: "auto" (Tesseract's layout analysis), "rows" (a table or list re-read
    #: as one block of rows), or "unsure" (columns taken for vertical text, and reading it as rows
    #: did no better: the order of its text cannot be trusted).
    layout: str = "auto"


@dataclass(frozen=True)
class Region:
    """A rectangle of a page image, in pixels, and the size of the whole image."""

    left: int
    top: int
    width: int
    height: int
    page_width: int
    page_height: int


_HOCR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
 <head>
  <title></title>
  <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
  <meta name='ocr-system' content='tesseract {version}' />
  <meta name='ocr-capabilities' content='ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf'/>
 </head>
 <body>
"""
_HOCR_TAIL = " </body>\n</html>\n"
#: The page's own bbox in the hOCR (its first).
_PAGE_BBOX = re.compile(r"(class=['\"]ocr_page['\"][^>]*?)bbox \d+ \d+ \d+ \d+")


class _Engines:
    """Loaded engines, one per concurrent caller, reused page after page.

    A tesserocr engine must not be used by two threads at once; callers take
    one, or load a new one when all are busy (about 0.1 s for ind+eng), and
    give it back. At most as many exist as pages were ever read at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: dict[tuple[str, ...], list[Any]] = {}

    @contextmanager
    def engine(self, languages: tuple[str, ...]) -> Iterator[Any]:
        with self._lock:
            idle = self._idle.setdefault(languages, [])
            api = idle.pop() if idle else None
        if api is None:
            api = _load(languages)
        try:
            yield api
        finally:
            api.Clear()  # the page's image and results; the models stay
            with self._lock:
                self._idle[languages].append(api)


def _load(languages: tuple[str, ...]) -> Any:
    import tesserocr

    folder = data_folder()
    if folder is None:
        raise ToolError(["tesseract"], "the language data folder is unknown (tesseract --list-langs failed)")
    try:
        # The installed tesseract's language data, not the folder built into the wheel.
        return tesserocr.PyTessBaseAPI(path=f"{folder}/", lang="+".join(languages))
    except RuntimeError as e:
        raise ToolError(["tesseract"], f"cannot load languages {'+'.join(languages)} from {folder}: {e}") from e


_engines = _Engines()


def can_recognize(languages: tuple[str, ...]) -> bool:
    """True when a loaded engine for ``languages`` is (or can be) had; else reading falls back.

    A failure is logged and asked again at the next call, so that a passing
    problem (the language data being upgraded) does not last until a restart.
    """
    if api_version() is None:
        return False
    try:
        with _engines.engine(languages):
            return True
    except ToolError as e:
        log.warning("tesseract: the loaded engine is unavailable, using the tesseract command: %s", e)
        return False


def recognize(image: Path, *, languages: tuple[str, ...], timeout: float,
              region: Region | None = None) -> Recognized | None:
    """Read one page image with a loaded engine (Tesseract's default page layout analysis).

    Args:
        region: the part of the page that holds its ink; Tesseract analyses
            and reads only that, and reports positions on the whole page.

    Returns:
        The page, or None when it took ``timeout`` seconds or more (0: no limit).

    Raises:
        ToolError: the image cannot be read or the languages cannot be loaded.
    """
    with _engines.engine(languages) as api:
        try:
            api.SetImageFile(str(image))
        except RuntimeError as e:
            raise ToolError(["tesseract"], f"cannot read {image.name}: {e}") from e
        if region is not None:
            api.SetRectangle(region.left, region.top, region.width, region.height)
        started = time.monotonic()
        # The deadline covers the recognition of words, not the layout analysis
        # before it; past it Tesseract returns False, or, when it ran out during
        # the layout analysis, True with no words. Either way the page counts
        # as timed out, as OCRmyPDF treats a tesseract command it had to stop.
        done = api.Recognize(timeout=min(int(timeout * 1000), 2**31 - 1))
        if not done or (timeout and time.monotonic() - started >= timeout):
            return None
        body = api.GetHOCRText(0)
        text = api.GetUTF8Text()
        layout = "auto"
        if _VERTICAL.search(body):
            # An upright page whose layout analysis found "vertical text": a column of row numbers
            # or of L/P in a list or table, read sideways as "OND OH" and out of its rows (#18).
            # Read again as one block of text lines, the ruling lines taken out, which keeps rows.
            layout = "unsure"
            first = api.MeanTextConf()
            left = timeout - (time.monotonic() - started) if timeout else 0
            rows = _read_rows(api, image, region, timeout=left)
            if rows is not None and rows[2] >= first - 5:
                body, text, layout = rows[0], rows[1], "rows"
    if region is not None:
        # Words and lines come in page coordinates, but the page itself is given
        # as the rectangle ("left top width height"), and OCRmyPDF sizes the text
        # layer by it: it must be the whole image again.
        body, found = _PAGE_BBOX.subn(f"\\g<1>bbox 0 0 {region.page_width} {region.page_height}", body, count=1)
        if not found:  # another hOCR layout: the text layer would be mis-sized
            log.warning("tesseract: no page box in the hOCR of %s; reading the whole page", image.name)
            return recognize(image, languages=languages, timeout=timeout)
    return Recognized(_HOCR_HEAD.format(version=api_version()) + body + _HOCR_TAIL, text, layout)


#: A text line Tesseract took for vertical text.
_VERTICAL = re.compile(r"class=['\"]ocr_line['\"][^>]*textangle (?:90|270)")


def _read_rows(api: Any, image: Path, region: Region | None, *, timeout: float) -> tuple[str, str, int] | None:
    """(hOCR body, text, mean confidence) of the page read as a single block of rows, ruling lines
    removed; None when it could not be read in ``timeout`` seconds (0: no limit)."""
    import tesserocr

    from pindai.ocr._prep import remove_rules

    with Image.open(image) as im:
        gray = np.asarray(im.convert("L"))
    api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
    try:
        api.SetImage(Image.fromarray(remove_rules(gray)))
        if region is not None:
            api.SetRectangle(region.left, region.top, region.width, region.height)
        started = time.monotonic()
        if not api.Recognize(timeout=min(int(timeout * 1000), 2**31 - 1)) or (
                timeout and time.monotonic() - started >= timeout):
            return None
        return api.GetHOCRText(0), api.GetUTF8Text(), api.MeanTextConf()
    finally:
        api.SetPageSegMode(tesserocr.PSM.AUTO)  # the engine reads other pages next



@dataclass(frozen=True)
class Orientation:
    """Tesseract's orientation guess for a page image."""

    #: Clockwise degrees the page must be rotated to be upright (0/90/180/270).
    rotate: int
    confidence: float


def detect_orientation(image: np.ndarray, *, timeout: float = 60) -> Orientation | None:
    """Tesseract OSD (``--psm 0``) on a page image; None when it cannot tell.

    Raises:
        ToolError: Tesseract is missing or took ``timeout`` seconds.
    """
    with tempfile.TemporaryDirectory(prefix="pindai-osd-") as tmp:
        png = Path(tmp) / "page.png"
        Image.fromarray(image).save(png)
        argv = ["tesseract", str(png), "stdout", "-l", "osd", "--psm", "0"]  # psm 0: orientation only
        try:
            # One OpenMP thread for this tesseract only: setting it in os.environ
            # would change it for everything else this process runs at the time.
            proc = _run.run(argv, timeout=timeout, env=SINGLE_THREAD)
        except ToolError as e:
            if isinstance(e.__cause__, (subprocess.TimeoutExpired, FileNotFoundError)):
                raise ToolError(argv, f"orientation detection: {e}") from e
            # Too few characters on the page for OSD (exit status 1): not an error, just unknown.
            return None
    fields = dict(line.split(": ", 1) for line in proc.stdout.decode("utf-8", "replace").splitlines()
                  if ": " in line)
    try:
        return Orientation(int(fields["Rotate"]) % 360, float(fields["Orientation confidence"]))
    except (KeyError, ValueError):
        return None
