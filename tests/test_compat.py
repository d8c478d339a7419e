"""The compatibility patches (pindai.ocr._compat): each still needed, still right, and only where written for.

When one of these fails after an upgrade of OCRmyPDF or pikepdf, read the patch's
comment in pindai/ocr/_compat.py: check whether the defect is still there and
the patched function still behaves as the patch expects, then move the patch's
version (or remove the patch) and the pin in pyproject.toml together.
"""

from __future__ import annotations

import importlib.metadata
import io
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pikepdf
import pytest

from pindai.ocr import _compat

ROOT = Path(__file__).resolve().parents[1]
LINEARIZATION = "pikepdf-linearization-stderr"
VERSION_CACHE = "ocrmypdf-tesseract-version-cache"


def _python(code: str, tmp_path: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter: patches are once per process."""
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, check=False, env=env)


@pytest.fixture
def unlinearized(tmp_path: Path) -> Path:
    """A PDF that is not linearized, as every PDF/A pindai writes."""
    path = tmp_path / "plain.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(path)
    return path


@pytest.mark.parametrize("patch", _compat.PATCHES, ids=lambda p: p.name)
def test_patch_is_written_for_the_pinned_and_installed_version(patch: _compat.Patch) -> None:
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pinned = {re.split(r"[\[=]", p)[0]: p.split("==")[1] for p in pins if "==" in p}
    installed = importlib.metadata.version(patch.package)
    assert patch.version == pinned[patch.package] == installed, (
        f"{patch.package} {installed} (pinned {pinned[patch.package]}): check that patch {patch.name} is still "
        f"needed and right for it ({patch.why}), then set its version")


# --------------------------------------------------------------------------- pikepdf: stderr


def test_pikepdf_check_linearization_still_loses_stderr(unlinearized: Path) -> None:
    """The defect the patch works around is still in the pinned pikepdf (if not: remove the patch)."""
    check = _compat.original(LINEARIZATION)
    assert check.__doc__.splitlines()[0] == "check_linearization(self, stream: object | None = None) -> bool"
    stderr = sys.stderr
    try:
        with pikepdf.open(unlinearized) as pdf, pytest.raises(RuntimeError, match="not linearized"):
            check(pdf, io.StringIO())
        lost = sys.stderr is not stderr
    finally:
        sys.stderr = stderr
    assert lost, "pikepdf no longer leaves sys.stderr redirected: remove the patch"


def test_patched_check_linearization_keeps_stderr_and_still_checks(unlinearized: Path) -> None:
    assert LINEARIZATION in _compat.apply()
    stderr = sys.stderr
    try:
        with pikepdf.open(unlinearized) as pdf, pytest.raises(RuntimeError, match="not linearized"):
            pdf.check_linearization(io.StringIO())
        kept = sys.stderr is stderr
    finally:
        sys.stderr = stderr
    assert kept
    assert pikepdf.Pdf.check_linearization.__wrapped__ is _compat.original(LINEARIZATION)


# --------------------------------------------------------------------------- OCRmyPDF: tesseract --version


def test_ocrmypdf_asks_tesseract_its_version_once_per_process(tmp_path: Path) -> None:
    """Its option checks, creator tag and thresholding test all reach the cached function."""
    code = (
        "from ocrmypdf._exec import _probe, tesseract\n"
        "from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine\n"
        "asked = []\n"
        "get_version = _probe.get_version\n"
        "_probe.get_version = lambda *a, **k: asked.append(a) or get_version(*a, **k)\n"
        "from pindai.ocr import _compat\n"
        "print(_compat.apply())\n"
        "for _ in range(3):\n"
        "    TesseractOcrEngine.version(); tesseract.has_thresholding(); tesseract.version()\n"
        "print(len(asked), TesseractOcrEngine.version())\n"
    )
    proc = _python(code, tmp_path)
    assert proc.returncode == 0, proc.stderr
    applied, counted = proc.stdout.splitlines()
    assert VERSION_CACHE in applied
    assert counted.split()[0] == "1", "OCRmyPDF no longer calls the module's version(): the cache misses"
    assert re.fullmatch(r"1 \d+\.\d+\.\d+", counted)


def test_tesseract_version_takes_no_arguments_and_is_cached() -> None:
    import inspect

    from ocrmypdf._exec import tesseract

    assert inspect.signature(_compat.original(VERSION_CACHE)).parameters == {}  # functools.cache needs no args
    _compat.apply()
    assert tesseract.version.__wrapped__ is _compat.original(VERSION_CACHE)
    assert tesseract.version() is tesseract.version()


# --------------------------------------------------------------------------- the guard, and no import-time patches


def test_guard_refuses_another_version_and_says_so(tmp_path: Path) -> None:
    code = (
        "import logging, pikepdf\n"
        "logging.basicConfig(level=logging.WARNING, format='%(message)s')\n"
        "from ocrmypdf._exec import tesseract\n"
        "from pindai.ocr import _compat\n"
        "print(_compat.apply(versions={'pikepdf': '10.18.0', 'ocrmypdf': '17.14.0'}))\n"
        "print(_compat.apply())\n"  # once refused, not applied later either
        "print(type(pikepdf.Pdf.check_linearization).__name__, hasattr(tesseract.version, 'cache_info'))\n"
    )
    proc = _python(code, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["[]", "[]", "nb_method False"]
    assert "patch pikepdf-linearization-stderr was written for pikepdf 10.17.0, but 10.18.0 is installed: " \
           "not applied" in proc.stderr
    assert "written for ocrmypdf 17.13.0, but 17.14.0 is installed" in proc.stderr


def test_importing_pindai_changes_no_other_library(tmp_path: Path) -> None:
    code = (
        "import os, cv2, numpy, pikepdf\n"  # cv2 amends LD_LIBRARY_PATH itself: before the snapshot
        "from ocrmypdf._exec import tesseract\n"
        "before = dict(os.environ)\n"
        "import pindai.cli, pindai.ingest, pindai.ocr, pindai.ocr._ocrmypdf, pindai.ocr._plugin\n"
        "pindai.ocr._ocrmypdf.preload()\n"
        "print(type(pikepdf.Pdf.check_linearization).__name__, hasattr(tesseract.version, 'cache_info'))\n"
        "print(sorted(k for k in os.environ if os.environ[k] != before.get(k)))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_THREAD_LIMIT", "OPENBLAS_NUM_THREADS")}
    proc = _python(code, tmp_path, env)
    assert proc.returncode == 0, proc.stderr
    # pindai/__init__.py sets OPENBLAS_NUM_THREADS (unless set) before NumPy is imported (#2).
    assert proc.stdout.splitlines() == ["nb_method False", "['OPENBLAS_NUM_THREADS']"]
