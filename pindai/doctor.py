"""Check the machine: external programs, Tesseract languages, Python libraries."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

from pindai._exec import ToolError, check_tools
from pindai._exec import tesseract as tess
from pindai._exec._tools import LANGUAGE_PACKS

PYTHON_PACKAGES = ("ocrmypdf", "pikepdf", "opencv-python-headless", "pillow", "pillow-heif",
                   "img2pdf", "pdf2image", "tesserocr", "pydantic")


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    version: str
    purpose: str
    #: What is wrong and what to do, when not ok.
    fix: str = ""
    required: bool = True
    #: Debian package that provides it, if any.
    package: str = ""


def run_checks() -> list[Check]:
    """Probe everything pindai needs."""
    checks = [
        Check(s.tool.program, s.ok, s.version or "-", s.tool.purpose, s.problem or "",
              s.tool.required, s.tool.package)
        for s in check_tools()
    ]
    try:
        langs = tess.languages()
    except ToolError:
        langs = set()
    for lang, package in LANGUAGE_PACKS.items():
        checks.append(
            Check(
                f"tesseract:{lang}",
                lang in langs,
                "installed" if lang in langs else "-",
                "orientation detection" if lang == "osd" else f"OCR language '{lang}'",
                "" if lang in langs else f"apt-get install {package}",
                package=package,
            )
        )
    for pkg in PYTHON_PACKAGES:
        try:
            version = metadata.version(pkg)
            if pkg == "tesserocr":
                # Pages are read by this library's own libtesseract, kept loaded; without
                # it (or when it does not load) the tesseract command reads them, slower.
                lib = tess.api_version()
                checks.append(Check(
                    "python:tesserocr", lib is not None, f"{version} (libtesseract {lib})" if lib else version,
                    "OCR kept loaded", "" if lib else "make setup (meanwhile the tesseract command is used)",
                    required=False))
                continue
            checks.append(Check(f"python:{pkg}", True, version, "Python library"))
        except metadata.PackageNotFoundError:
            checks.append(Check(f"python:{pkg}", False, "-", "Python library", "make setup",
                                required=pkg != "tesserocr"))
    checks += catalog_checks()
    checks += cluster_checks()
    return checks


def cluster_checks() -> list[Check]:
    """The home's work queue (``[cluster] broker``, #19): Celery installed, the broker reachable.

    The home is ``$PINDAI_HOME`` (or the default); none without a broker (the single office).
    """
    from pindai.config import load_settings
    from pindai.errors import PindaiError

    try:
        settings = load_settings(must_exist=False)
    except (PindaiError, OSError):
        return []  # the commands that use the home say what is wrong with it
    if not settings.cluster.broker:
        return []
    from pindai import cluster

    purpose = f"antrean kerja / work queue {cluster.safe_broker(settings.cluster.broker)}"
    try:
        version = metadata.version("celery")
    except metadata.PackageNotFoundError:
        return [Check("cluster:broker", False, "-", purpose,
                      "Celery belum terpasang: pip install 'pindai[cluster]' / Celery is not installed")]
    problem = cluster.check_broker(settings)
    return [Check("cluster:broker", not problem, f"celery {version}", purpose, problem)]


def catalog_checks() -> list[Check]:
    """The home's PostgreSQL catalogue (``[catalog] url``, #19): reachable and migrated.

    The home is ``$PINDAI_HOME`` (or the default); none for a SQLite catalogue.
    """
    from pindai._dialect import probe_postgres, safe_url
    from pindai.catalog import MIGRATIONS
    from pindai.config import load_settings
    from pindai.errors import PindaiError

    try:
        url = load_settings(must_exist=False).home.catalog_url
    except (PindaiError, OSError):
        return []  # the commands that use the home say what is wrong with it
    if not url:
        return []
    try:
        version, pending = probe_postgres(url, [name for name, _ in MIGRATIONS])
    except PindaiError as e:
        return [Check("catalog:postgresql", False, "-", f"catalogue {safe_url(url)}", str(e))]
    fix = (f"{len(pending)} migrasi belum dijalankan; perintah pindai berikutnya menjalankannya "
           f"({len(pending)} migrations pending: the next pindai command applies them)") if pending else ""
    return [Check("catalog:postgresql", True, version, f"catalogue {safe_url(url)}", fix)]


def install_hint(checks: list[Check]) -> str:
    """One command line that installs every missing Debian package."""
    packages = sorted({c.package for c in checks if not c.ok and c.package})
    return f"sudo apt-get install -y {' '.join(packages)}" if packages else ""
