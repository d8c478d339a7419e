"""pindai: scan, straighten, OCR, classify and file documents for a KPU PPID office."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
