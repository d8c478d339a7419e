"""pindai: scan, straighten, OCR, classify and file documents for a KPU PPID office."""

from __future__ import annotations

import os

# pindai keeps the cores busy with pages and documents side by side; NumPy's
# OpenBLAS threads would only spin between its small products, costing CPU
# the pages need (#2). Set before NumPy is imported; an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"

__all__ = ["__version__"]
