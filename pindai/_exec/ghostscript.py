"""Ghostscript: embed the fonts of born-digital PDF pages so they can become PDF/A."""

from __future__ import annotations

from pathlib import Path

from pindai._exec import _run
from pindai._exec._run import ToolError


def embed_fonts(src: Path, dst: Path, *, timeout: float = 300) -> Path:
    """Rewrite ``src`` with every font embedded (standard 14 fonts by URW's metric twins).

    Only used on born-digital pages: scanned pages never pass through
    Ghostscript, whose Debian 12 version (10.0) re-encodes JPEGs badly.

    Raises:
        ToolError: Ghostscript failed or wrote nothing.
    """
    _run.run(
        [
            "gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
            "-sDEVICE=pdfwrite",
            "-dEmbedAllFonts=true", "-dSubsetFonts=true",
            "-dPassThroughJPEGImages=true",  # never re-encode a JPEG
            "-dAutoRotatePages=/None",  # keep each page's orientation as it is
            f"-sOutputFile={dst}",
            # Ghostscript never embeds the standard 14 fonts unless told to.
            "-c", "<</NeverEmbed [ ]>> setdistillerparams",
            "-f", str(src),
        ],
        timeout=timeout,
    )
    if not dst.exists() or dst.stat().st_size == 0:
        raise ToolError(["gs"], "wrote no output")
    return dst
