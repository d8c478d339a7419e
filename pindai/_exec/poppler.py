"""Poppler's pdftotext: the text layer of a PDF, page by page, line by line as laid out."""

from __future__ import annotations

from pathlib import Path

from pindai._exec._run import run


def page_texts(pdf: Path, *, timeout: float = 120) -> list[str]:
    """Text of each page of ``pdf``, each line as it stands on the page.

    ``-layout`` keeps a form's "Sifat : Rahasia" and a table's row on one
    line; without it, pdftotext reads the label column and then the value
    column, and what belongs together ends up paragraphs apart. Office
    documents are single-column: their reading order is line order.
    """
    proc = run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], timeout=timeout)
    pages = proc.stdout.decode("utf-8", "replace").split("\f")
    # pdftotext ends the last page with a form feed too.
    if pages and pages[-1] == "":
        pages.pop()
    return pages
