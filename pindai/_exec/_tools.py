"""Version probes for every external program, and install hints (``pindai doctor``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pindai._exec import _run
from pindai._exec._run import ToolError


@dataclass(frozen=True)
class Tool:
    """An external program pindai needs."""

    program: str
    #: Arguments that make the program print its version.
    version_args: tuple[str, ...]
    #: First group captures the version.
    version_regex: str
    #: Debian package that provides it.
    package: str
    #: What pindai uses it for.
    purpose: str
    minimum: tuple[int, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class ToolStatus:
    """What a probe found."""

    tool: Tool
    version: str | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


TOOLS: tuple[Tool, ...] = (
    Tool("tesseract", ("--version",), r"tesseract v?(\d+(?:\.\d+)+)", "tesseract-ocr",
         "OCR engine", minimum=(5, 0)),
    Tool("gs", ("--version",), r"(\d+(?:\.\d+)+)", "ghostscript",
         "PDF rendering for OCRmyPDF", minimum=(9, 55)),
    Tool("qpdf", ("--version",), r"qpdf version (\d+(?:\.\d+)+)", "qpdf",
         "PDF structure repair", minimum=(11,)),
    Tool("pdftoppm", ("-v",), r"pdftoppm version (\d+(?:\.\d+)+)", "poppler-utils",
         "rasterising scanned PDF pages"),
    Tool("pdftotext", ("-v",), r"pdftotext version (\d+(?:\.\d+)+)", "poppler-utils",
         "reading the text layer in reading order"),
    Tool("pngquant", ("--version",), r"(\d+(?:\.\d+)+)", "pngquant",
         "PNG optimisation in OCRmyPDF", required=False),
    Tool("unpaper", ("--version",), r"(\d+(?:\.\d+)+)", "unpaper",
         "optional page cleaning in OCRmyPDF", required=False),
)

#: Tesseract language packs pindai needs, with their Debian packages.
LANGUAGE_PACKS = {"ind": "tesseract-ocr-ind", "eng": "tesseract-ocr-eng", "osd": "tesseract-ocr-osd"}


def _parse(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def probe(tool: Tool) -> ToolStatus:
    """Find the program and read its version."""
    try:
        proc = _run.run([tool.program, *tool.version_args], timeout=30)
        text = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    except ToolError as e:
        if "not found" in str(e):
            return ToolStatus(tool, None, f"not installed: apt-get install {tool.package}")
        text = e.output  # some programs print the version and exit non-zero
    m = re.search(tool.version_regex, text)
    if not m:
        return ToolStatus(tool, None, f"cannot read version; reinstall {tool.package}")
    version = m.group(1)
    if tool.minimum and _parse(version) < tool.minimum:
        need = ".".join(map(str, tool.minimum))
        return ToolStatus(tool, version, f"version {version} < {need}: upgrade {tool.package}")
    return ToolStatus(tool, version)


def check_tools() -> list[ToolStatus]:
    """Probe every program in :data:`TOOLS`."""
    return [probe(t) for t in TOOLS]
