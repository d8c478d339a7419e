"""Tesseract: installed languages and orientation detection (OSD)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pytesseract

from pindai._exec._run import ToolError, run

#: Tesseract's OpenMP threads fight each other on a 2-core machine (a page
#: takes 6x longer); pindai parallelises across pages instead.
SINGLE_THREAD = {"OMP_THREAD_LIMIT": "1"}


def languages() -> set[str]:
    """Language packs Tesseract can load."""
    proc = run(["tesseract", "--list-langs"], timeout=30)
    lines = proc.stdout.decode().splitlines()
    return {ln.strip() for ln in lines[1:] if ln.strip()}


@dataclass(frozen=True)
class Orientation:
    """Tesseract's orientation guess for a page image."""

    #: Clockwise degrees the page must be rotated to be upright (0/90/180/270).
    rotate: int
    confidence: float


def detect_orientation(image: np.ndarray, *, timeout: float = 60) -> Orientation | None:
    """Tesseract OSD (``--psm 0``) on a page image; None when it cannot tell."""
    os.environ.update(SINGLE_THREAD)  # pytesseract passes our environment on
    try:
        osd = pytesseract.image_to_osd(
            image, output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except pytesseract.TesseractError:
        # Too few characters on the page for OSD: not an error, just unknown.
        return None
    except RuntimeError as e:  # pytesseract's timeout
        raise ToolError(["tesseract"], f"orientation detection: {e}") from e
    return Orientation(int(osd["rotate"]) % 360, float(osd["orientation_conf"]))
