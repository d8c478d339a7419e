"""Compatibility patches for the pinned OCRmyPDF and pikepdf, each for the version it was written for.

Every change pindai makes to another library's code is here, and nowhere else.
Each :class:`Patch` names the distribution and the exact version it was
written for (``pyproject.toml`` pins both); :func:`apply` installs the patches
that match the installed versions, once per process, and is called by the
OCR stage before it runs OCRmyPDF (:func:`pindai.ocr.ocr_document`), not on
import: importing pindai changes nothing in other libraries.

On another version a patch is *not* applied, with a warning: an upgrade may
have fixed the defect or moved the code. ``tests/test_compat.py`` fails on
such an upgrade, patch by patch, with what to check before moving the
version here.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["PATCHES", "Patch", "apply", "original"]


@dataclass(frozen=True)
class Patch:
    """One change to another library, and the version of it the change was written for."""

    #: A short name, used in logs and tests.
    name: str
    #: The distribution patched (as ``importlib.metadata`` names it).
    package: str
    #: The exact version the patch was written for and tested with.
    version: str
    #: Imports and returns the object whose attribute is replaced (a class or a module).
    owner: Callable[[], Any]
    #: The attribute replaced.
    attribute: str
    #: Makes the replacement from the library's own function.
    wrap: Callable[[Any], Any]
    #: Why it exists, for the warning when it is not applied.
    why: str

    def target(self) -> Any:
        """The function now in place (the library's own, or the replacement once applied)."""
        return getattr(self.owner(), self.attribute)


_lock = threading.Lock()
_applied: dict[str, bool] = {}
#: The library's own function each applied patch replaced, by patch name.
_originals: dict[str, Any] = {}


def original(name: str) -> Any:
    """The library's own function that patch ``name`` replaces (the one in place if it was not applied)."""
    if name in _originals:
        return _originals[name]
    return next(p for p in PATCHES if p.name == name).target()


# --------------------------------------------------------------------------- pikepdf 10.17.0

# pikepdf 10.17's Pdf.check_linearization points sys.stderr at the stream it is
# given and, when the file is not linearized (every PDF/A pindai writes), raises
# without pointing it back. OCRmyPDF calls it with a StringIO after each
# document: from then on every message, log line and the summary of the process
# went nowhere. The wrapper restores it, one call at a time (the documents
# being OCRed at once would otherwise save each other's StringIO).
_linearization_lock = threading.Lock()


def _pikepdf_pdf() -> Any:
    import pikepdf

    return pikepdf.Pdf


def _keeping_stderr(check_linearization: Callable[..., bool]) -> Callable[..., bool]:
    @functools.wraps(check_linearization)
    def check_linearization_keeping_stderr(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        with _linearization_lock:
            stderr = sys.stderr
            try:
                return check_linearization(self, *args, **kwargs)
            finally:
                sys.stderr = stderr

    return check_linearization_keeping_stderr


# --------------------------------------------------------------------------- ocrmypdf 17.13.0

# OCRmyPDF asks ``tesseract --version`` three times per document (its option
# checks and the engine's creator tag): 0.3 CPU-s for three documents. The
# answer does not change while pindai runs. ``ocrmypdf._exec.tesseract.version``
# is private; its callers in 17.13 (builtin_plugins/tesseract_ocr.py and the
# module itself) look it up as a module attribute at each call, so the cached
# one is what they get.
def _ocrmypdf_tesseract() -> Any:
    from ocrmypdf._exec import tesseract

    return tesseract


PATCHES: tuple[Patch, ...] = (
    Patch("pikepdf-linearization-stderr", "pikepdf", "10.17.0", _pikepdf_pdf, "check_linearization",
          _keeping_stderr,
          "check_linearization leaves sys.stderr pointing at its stream when the file is not linearized"),
    Patch("ocrmypdf-tesseract-version-cache", "ocrmypdf", "17.13.0", _ocrmypdf_tesseract, "version",
          functools.cache, "OCRmyPDF runs `tesseract --version` three times per document"),
)


def _installed(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def apply(*, versions: Mapping[str, str | None] | None = None) -> list[str]:
    """Install the patches written for the installed versions; once per process, thread-safe.

    Args:
        versions: the installed version of each package (default: asked of
            ``importlib.metadata``); given by the tests to see the guard refuse.

    Returns:
        The names of the patches in place after this call.
    """
    with _lock:
        for patch in PATCHES:
            if patch.name in _applied:
                continue
            found = versions[patch.package] if versions is not None else _installed(patch.package)
            if found != patch.version:
                log.warning("compat: patch %s was written for %s %s, but %s is installed: not applied "
                            "(%s). Check whether it is still needed (tests/test_compat.py).",
                            patch.name, patch.package, patch.version, found, patch.why)
                _applied[patch.name] = False
                continue
            owner = patch.owner()
            _originals[patch.name] = getattr(owner, patch.attribute)
            setattr(owner, patch.attribute, patch.wrap(_originals[patch.name]))
            _applied[patch.name] = True
            log.debug("compat: %s applied for %s %s", patch.name, patch.package, patch.version)
        return [name for name, done in _applied.items() if done]
