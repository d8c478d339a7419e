"""Shared fixtures: a fresh pindai home, its settings, generated inputs."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pindai import archive  # noqa: E402
from pindai.config import OcrSettings, Settings, load_settings, resolve_home  # noqa: E402

# Tesseract's OpenMP threads thrash a 2-core machine; pindai sets this itself for
# its own runs, tests that call tesseract directly need it too.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="run slow tests too")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: use --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def _have(program: str) -> bool:
    return shutil.which(program) is not None


needs_tesseract = pytest.mark.skipif(not _have("tesseract"), reason="tesseract not installed")


@pytest.fixture
def home_dir(tmp_path: Path) -> Path:
    """An initialised, empty pindai home."""
    root = tmp_path / "home"
    archive.init_home(resolve_home(root))
    return root


@pytest.fixture
def settings(home_dir: Path) -> Settings:
    """Settings of the fresh home (two workers, as on the office PC)."""
    from dataclasses import replace

    s = load_settings(home_dir)
    return replace(s, ocr=replace(s.ocr, jobs=2))


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A folder to put inputs in, outside the home."""
    d = tmp_path / "inbox"
    d.mkdir()
    return d


@pytest.fixture
def ocr_settings() -> OcrSettings:
    return OcrSettings(jobs=2)
