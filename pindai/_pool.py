"""Worker processes that prepare pages: how they start, and starting them early.

This module is light on purpose: the ``pindai`` command imports it before
anything heavy, so that the workers' server can load OpenCV and the rest of
page preparation on one core while the command loads OCRmyPDF, Whoosh and the
catalogue on the other (#2).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
from concurrent.futures import ProcessPoolExecutor

#: What the workers' server imports once; each worker is a fork of it.
PAGE_MODULES = ["pindai.ocr._pages"]


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers start from a clean server process, not a fork of one
    # that may be running OCRmyPDF's threads.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PAGE_MODULES)
    return ctx


def page_workers(n: int) -> ProcessPoolExecutor:
    """A pool of ``n`` page-preparation workers."""
    return ProcessPoolExecutor(n, mp_context=_context())


def start_server() -> None:
    """Start the workers' server now, without waiting for it; the pool made later uses it."""
    _context()
    multiprocessing.forkserver.ensure_running()
