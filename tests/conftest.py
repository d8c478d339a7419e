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


needs_systemd_analyze = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                           reason="systemd-analyze not installed")


def verify_units(units: list[Path], tmp_path: Path) -> None:
    """systemd's own check of ``units``, pointed at this checkout's pindai and run as root (the
    service user and group may not exist here); fails with systemd's words."""
    import subprocess

    copies = []
    for unit in units:
        text = (unit.read_text().replace("/opt/pindai/.venv", str(Path(sys.executable).parent.parent))
                .replace("User=pindai", "User=root").replace("Group=ppid", "Group=root"))
        (tmp_path / unit.name).write_text(text)
        copies.append(str(tmp_path / unit.name))
    r = subprocess.run(["systemd-analyze", "verify", *copies], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Unknown" not in r.stderr and "not executable" not in r.stderr, r.stderr


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


# --------------------------------------------------------------------------- another user (#13, #14)

#: The user and group "nobody": outside every group pindai gives access to.
NOBODY = 65534


def _reachable_by_others(path: Path) -> bool:
    """Whether a user outside our groups can reach ``path`` (every folder above it searchable)."""
    path = Path(os.path.realpath(path))
    for p in (path, *path.parents):
        if p == path:
            continue
        if not p.stat().st_mode & 0o001:
            return False
    return bool(path.stat().st_mode & 0o005)


def _others_python() -> str:
    """An interpreter of this Python version that another user can run.

    A virtualenv's ``bin/python`` lives in the checkout and is a link to the
    interpreter, which pyenv keeps under ``/root`` (mode 0700); the system's
    ``/usr/bin/python3.X`` of the same version is the usual fallback.
    """
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (os.path.realpath(sys.executable), shutil.which(version, path="/usr/bin:/usr/local/bin")):
        if candidate and _reachable_by_others(Path(candidate)):
            return candidate
    pytest.fail(f"no {version} that another user can run (looked at {sys.executable} and /usr/bin)")


def _link_tree(src: Path, dst: Path) -> None:
    """``dst`` made of hard links to ``src``'s files (a copy where links cannot be made), readable by all."""
    for folder, dirs, files in os.walk(src):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        target = dst / Path(folder).relative_to(src)
        target.mkdir(parents=True, exist_ok=True)
        target.chmod(0o755)
        for name in files:
            s, d = Path(folder) / name, target / name
            if s.stat().st_mode & 0o004:
                try:
                    os.link(s, d)
                    continue
                except OSError:  # another filesystem
                    pass
            shutil.copy2(s, d)  # a copy, so that the checkout's own file keeps its mode
            d.chmod(d.stat().st_mode | 0o444)


@pytest.fixture(scope="session")
def others_runtime(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A world-readable copy of pindai and its libraries (hard links: fast, no extra space).

    The checkout may sit under a folder other users cannot enter (``mktemp -d``,
    ``/root``): run from there, another user got "No module named pindai"
    and the test proved nothing (#13).
    """
    import site
    import tempfile

    import pindai

    root = Path(tempfile.mkdtemp(prefix="pindai-others-", dir="/tmp"))  # /tmp: every user may enter
    root.chmod(0o755)
    for sp in site.getsitepackages():
        if Path(sp).is_dir():
            _link_tree(Path(sp), root / "site")
    _link_tree(Path(pindai.__file__).parent, root / "src" / "pindai")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def shared_spot() -> Path:
    """A new folder every user can enter, outside pytest's own (mode 0700) temporary folder."""
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="pindai-shared-", dir="/tmp"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def as_nobody(others_runtime: Path):  # noqa: ANN201
    """Run ``pindai ARGS...`` as user and group nobody, in no other group, through ``setpriv``.

    Returns a function ``(*args) -> CompletedProcess``. Needs root (to change
    user); the home given must lie where that user can enter (``shared_spot``),
    so that what is tested is pindai's own permissions, not the test's folders.
    """
    import subprocess

    if os.geteuid() != 0:
        pytest.skip("needs root to run the command as another user")
    python = _others_python()
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "PYTHONPATH": f"{others_runtime / 'src'}:{others_runtime / 'site'}"}

    def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:  # noqa: A002
        return subprocess.run(
            ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", python, "-s", "-m",
             "pindai", *args],
            capture_output=True, text=True, timeout=120, env=env, cwd="/", input=input)

    return run
