"""Poppler's pdftotext: the text layer of a PDF, page by page, in reading order."""

from __future__ import annotations

from pathlib import Path

from pindai._exec._run import run


def page_texts(pdf: Path, *, timeout: float = 120) -> list[str]:
    """Text of each page of ``pdf`` (reading order, not physical layout)."""
    proc = run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], timeout=timeout)
    pages = proc.stdout.decode("utf-8", "replace").split("\f")
    # pdftotext ends the last page with a form feed too.
    if pages and pages[-1] == "":
        pages.pop()
    return pages
