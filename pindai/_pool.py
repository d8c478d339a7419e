"""Worker processes: the one place pools are made, how they start, and starting them early.

This module is light on purpose: the ``pindai`` command imports it before
anything heavy, so that the workers' server can load OpenCV and the rest of
page preparation on one core while the command loads OCRmyPDF, Whoosh and the
catalogue on the other (#2).
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import select
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

log = logging.getLogger(__name__)

#: prctl(2) option: the signal this process gets when its parent dies.
_PR_SET_PDEATHSIG = 1

#: What the workers' server imports once; each worker is a fork of it.
PAGE_MODULES = ["pindai.ocr._pages"]
#: The watcher's workers: each runs whole documents (``pindai.ingest``).
DOCUMENT_MODULES = ["pindai.ingest"]


def _context(preload: list[str]) -> multiprocessing.context.BaseContext:
    # forkserver: workers start from a clean server process, not a fork of one
    # that may be running OCRmyPDF's threads. The server is one per process:
    # what it preloads is set by the first pool (or ``start_server``).
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(preload)
    return ctx


def die_with_parent(owner_pid: int) -> None:
    """Make this worker die when the process that made its pool dies, even by ``kill -9`` (#14).

    A forkserver worker is a child of the forkserver, not of the pool's owner,
    so two things are needed: the kernel kills the worker when its parent (the
    forkserver) goes (``PR_SET_PDEATHSIG``), and a thread waits on a pidfd of
    the owner and ends the worker when it exits. Without them a killed watcher
    leaves its workers running (about 500 MB) and OCRing for nobody.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pidfd thread alone
        log.debug("prctl(PR_SET_PDEATHSIG) not available")
    try:
        fd = os.pidfd_open(owner_pid)
    except ProcessLookupError:
        os._exit(1)  # the owner is already gone
    except (OSError, AttributeError):
        log.debug("pidfd_open not available: workers rely on PR_SET_PDEATHSIG")
        return

    def watch() -> None:
        select.select([fd], [], [])  # readable when the owner has exited
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="pindai-owner-watch", daemon=True).start()


def _worker_init(owner_pid: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    die_with_parent(owner_pid)
    if initializer is not None:
        initializer(*initargs)


def workers(n: int, *, preload: list[str], initializer: Callable[..., None] | None = None,
            initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of ``n`` forkserver workers that end with the process that made it.

    Args:
        preload: modules the workers' server imports once, for every worker.
        initializer: run in each worker once it has started (a module-level function).
    """
    return ProcessPoolExecutor(n, mp_context=_context(preload), initializer=_worker_init,
                               initargs=(os.getpid(), initializer, initargs))


def page_workers(n: int) -> ProcessPoolExecutor:
    """A pool of ``n`` page-preparation workers (ingest, reprocess)."""
    return workers(n, preload=PAGE_MODULES)


def start_server() -> None:
    """Start the workers' server now, without waiting for it; the pool made later uses it."""
    _context(PAGE_MODULES)
    multiprocessing.forkserver.ensure_running()
