"""Poppler: the text layer of a PDF (pdftotext), its word boxes, and pages rendered (pdftoppm)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from pindai._exec import _run
from pindai._exec._run import ToolError


def page_texts(pdf: Path, *, timeout: float = 120) -> list[str]:
    """Text of each page of ``pdf``, each line as it stands on the page.

    ``-layout`` keeps a form's "Sifat : Rahasia" and a table's row on one
    line; without it, pdftotext reads the label column and then the value
    column, and what belongs together ends up paragraphs apart. Office
    documents are single-column: their reading order is line order.
    """
    proc = _run.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], timeout=timeout)
    pages = proc.stdout.decode("utf-8", "replace").split("\f")
    # pdftotext ends the last page with a form feed too.
    if pages and pages[-1] == "":
        pages.pop()
    return pages


# --------------------------------------------------------------------------- redaction (#17)


@dataclass(frozen=True)
class WordBox:
    """One word of a page's text layer and where it stands."""

    text: str
    #: Box in PDF points, origin at the page's top-left corner (pdftotext's frame).
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PageWords:
    """The words of one page and the page's size in points."""

    #: 1-based page number.
    number: int
    width: float
    height: float
    words: tuple[WordBox, ...]


def page_words(pdf: Path, *, timeout: float = 120) -> list[PageWords]:
    """Every word of ``pdf``'s text layer with its box, page by page.

    ``-bbox-layout`` writes XHTML: page > flow > block > line > word, each word
    with ``xMin yMin xMax yMax`` in points from the top-left corner.
    """
    proc = _run.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"], timeout=timeout)
    # The XHTML has a DOCTYPE with an external DTD: drop it, never fetch it.
    body = re.sub(rb"<!DOCTYPE[^>]*>", b"", proc.stdout, count=1)
    root = ElementTree.fromstring(body)
    pages = []
    for number, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
        words = tuple(
            WordBox(w.text or "", float(w.get("xMin", 0)), float(w.get("yMin", 0)),
                    float(w.get("xMax", 0)), float(w.get("yMax", 0)))
            for w in page.iter(f"{_XHTML}word")
            if (w.text or "").strip()
        )
        pages.append(PageWords(number, float(page.get("width", 0)), float(page.get("height", 0)), words))
    return pages


_XHTML = "{http://www.w3.org/1999/xhtml}"


def render_page(pdf: Path, number: int, out_stem: Path, *, dpi: float, gray: bool = False,
                png: bool = True, timeout: float = 120) -> Path:
    """Render page ``number`` (1-based) of ``pdf`` to ``<out_stem>.png`` at ``dpi``.

    ``png=False`` writes uncompressed PGM/PPM instead (``.pgm``/``.ppm``): a
    second or more faster per page when the image is read back at once.

    Raises:
        ToolError: pdftoppm failed or wrote nothing.
    """
    argv = ["pdftoppm", *(["-png"] if png else []), "-r", f"{dpi:.2f}", "-f", str(number), "-l", str(number),
            "-singlefile",  # no page-number suffix on the file name
            *(["-gray"] if gray else []), str(pdf), str(out_stem)]
    _run.run(argv, timeout=timeout)
    suffix = ".png" if png else ".pgm" if gray else ".ppm"
    out = out_stem.with_name(out_stem.name + suffix)
    if not out.exists():  # exit status 0 is not proof of an output
        raise ToolError(argv, "no image written")
    return out
