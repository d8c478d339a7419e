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


#: Documents the pipeline files for register, review and report tests:
#: (corpus kind, unit). Public and exempt ones, of several units.
FILED_KINDS = (
    ("pengumuman_hasil_rekapitulasi", "Teknis"),
    ("surat_edaran", "Umum"),
    ("pemindahan_tps_darurat", "Teknis"),
    ("hasil_tes_psikologi", "SDM"),
    ("nota_dinas_rahasia", "Umum"),
    ("surat_penawaran_harga", "Keuangan"),
)


@pytest.fixture(scope="session")
def _filed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home into which the real pipeline filed :data:`FILED_KINDS` (built once per run)."""
    from dataclasses import replace

    import synth

    import corpus
    from pindai.ingest import Ingestor

    base = tmp_path_factory.mktemp("filed")
    root, inputs = base / "home", base / "inputs"
    inputs.mkdir()
    archive.init_home(resolve_home(root))
    s = load_settings(root)
    s = replace(s, ocr=replace(s.ocr, jobs=2))
    texts = {}
    for d in corpus.corpus():
        texts.setdefault(d.kind, d.text)
    with Ingestor(s) as ing:
        for kind, unit in FILED_KINDS:
            pdf = synth.write_text_pdf([texts[kind].splitlines()[:50]], inputs / f"{kind}.pdf")
            job = ing.claim(pdf, unit=unit)
            [result] = ing.process(job)
            assert result.status == "filed", result
    return root


@pytest.fixture
def filed_home(_filed_template: Path, tmp_path: Path) -> Settings:
    """Settings of a home holding the :data:`FILED_KINDS` documents, filed by the real
    pipeline (born-digital PDFs: text kept, PDF/A made by OCRmyPDF), ids 1..6 in order,
    no decisions yet. A private copy per test."""
    root = tmp_path / "filed-home"
    shutil.copytree(_filed_template, root, symlinks=True)
    return load_settings(root)
