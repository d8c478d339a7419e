"""OCR stage: any accepted input to a straightened, searchable, validated PDF/A-2b.

``ocr_document`` reads like the stage's steps: inspect the input (refusing
bad files), prepare each scanned page in parallel (perspective, orientation,
deskew, cleaning), assemble, OCR with OCRmyPDF into PDF/A-2b, validate, and
read the text back per page in reading order.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from pathlib import Path

from pindai._exec import ToolError, poppler
from pindai.config import Limits, OcrSettings, Profile, SplitMode
from pindai.errors import EmptyDocumentError, OcrFailedError, TooLargeError
from pindai.ocr import _compat, _ocrmypdf
from pindai.ocr._inputs import InputInfo, InputKind, inspect, sniff
from pindai.ocr._ocrmypdf import PdfaCheck, preload
from pindai.ocr._pages import PreparedPage, prepare_page
from pindai.ocr._split import PageRole, group_pages

__all__ = ["InputKind", "OcrResult", "PageResult", "PdfaCheck", "ocr_document", "preload", "sniff"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageResult:
    """One page of the produced PDF/A."""

    #: 1-based page number in the document.
    number: int
    text: str
    #: Mean OCR word confidence 0-100; None for born-digital or empty pages.
    confidence: float | None
    #: True when the page's confidence is so low that a rescan is suggested.
    rescan: bool
    #: The page kept its own text layer (born-digital); it was not OCRed.
    born_digital: bool = False
    quarter_turns: int = 0
    deskew_angle: float = 0.0
    perspective: bool = False
    #: 1-based page number in the input file (differs when a batch was split).
    source_page: int = 0
    #: Tesseract was stopped at the page time limit: what the page says is unknown.
    timed_out: bool = False
    #: A list or table whose text order cannot be trusted (columns read apart from their rows; #18).
    order_unsure: bool = False


@dataclass(frozen=True)
class OcrResult:
    """What the OCR stage produced for one input."""

    pdfa: Path
    kind: InputKind
    pages: tuple[PageResult, ...]
    pdfa_check: PdfaCheck
    #: Seconds per step (prep steps summed over pages), for benchmarks.
    timings: dict[str, float] = field(default_factory=dict)
    #: This document's number among those found in the input, and how many.
    part: int = 1
    parts: int = 1

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)

    @property
    def unread_pages(self) -> list[int]:
        """Pages Tesseract was stopped on at the time limit: what they say is unknown."""
        return [p.number for p in self.pages if p.timed_out]

    @property
    def rescan_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.rescan]


def ocr_document(
    source: Path,
    *,
    work: Path,
    profile: Profile,
    settings: OcrSettings,
    limits: Limits,
    executor: Executor | None = None,
    progress: Callable[[str], None] | None = None,
    priority: int = 0,
) -> list[OcrResult]:
    """Turn ``source`` into PDF/A-2b files in ``work`` and their text per page.

    One input gives one document, or several when the profile splits batches
    (separator sheets, blank pages); blank back sides may be dropped.

    Args:
        source: the input file; it is only read.
        work: an empty folder this call may fill.
        executor: a process pool for page preparation; None runs in-process.
        progress: called with a short label as each step starts.
        priority: when several documents are OCRed at once in this process,
            the lowest number gets Tesseract first.

    Raises:
        InputRejected: the input is bad (see ``pindai.errors``).
    """
    say = progress or (lambda _label: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    info = inspect(source, limits=limits, assumed_dpi=profile.dpi, work=work)
    timings["inspect"] = time.perf_counter() - t0

    say("prep")
    t0 = time.perf_counter()
    prepared = _prepare_pages(info, profile, settings, limits, work, executor)
    timings["prep_wall"] = time.perf_counter() - t0
    for p in prepared.values():
        for k, v in p.timings.items():
            timings[f"prep_{k}"] = timings.get(f"prep_{k}", 0.0) + v

    roles = [prepared[p.index].role if p.index in prepared else PageRole(False, False)
             for p in info.pages]
    groups = group_pages(roles, mode=profile.split, drop_blank_backs=profile.drop_blank_backs)
    if not groups:
        raise EmptyDocumentError(f"{len(info.pages)} halaman kosong atau lembar pemisah")
    original_pdf = info.readable_pdf or (info.path if info.kind is InputKind.pdf else None)
    results = []
    for part, group in enumerate(groups, start=1):
        part_dir = work / f"part-{part:03d}"
        part_dir.mkdir(exist_ok=True)
        results.append(
            _ocr_part(info, group, prepared, original_pdf, part_dir, profile, settings, say,
                      dict(timings), priority)
        )
    return [replace(r, part=i, parts=len(results)) for i, r in enumerate(results, start=1)]


def _ocr_part(
    info: InputInfo,
    group: list[int],
    prepared: dict[int, PreparedPage],
    original_pdf: Path | None,
    work: Path,
    profile: Profile,
    settings: OcrSettings,
    say: Callable[[str], None],
    timings: dict[str, float],
    priority: int,
) -> OcrResult:
    """Assemble the pages of one document, OCR them into PDF/A and read them back."""
    say("ocr")
    t0 = time.perf_counter()
    images = {i: prepared[i].image for i in group if i in prepared}
    assembled = _ocrmypdf.assemble(group, images, original_pdf=original_pdf, out=work / "assembled.pdf")
    out = work / "output.pdf"
    stats = work / "ocr-stats"
    # The patches to OCRmyPDF and pikepdf, once per process, before they first run (not at the
    # start of the stage: importing OCRmyPDF there would undo its preloading beside the page prep).
    preload()  # waits for an import of OCRmyPDF under way in another thread
    _compat.apply()
    approved = _ocrmypdf.make_pdfa(
        assembled,
        out,
        languages=profile.languages,
        jobs=settings.jobs,
        page_timeout=settings.page_timeout,
        stats_dir=stats,
        ocr_images={n: prepared[i].ocr_image or images[i]
                    for n, i in enumerate(group, start=1) if i in images},
        ocr_regions={n: prepared[i].ocr_region
                     for n, i in enumerate(group, start=1) if i in prepared and prepared[i].ocr_region},
        priority=priority,
    )
    timings["ocrmypdf"] = time.perf_counter() - t0

    say("validate")
    t0 = time.perf_counter()
    # OCRmyPDF has just checked this very file with the same validator; it is
    # checked again only when it was not approved, for the findings (#2).
    check = _ocrmypdf.APPROVED if approved else _ocrmypdf.validate_pdfa(out)
    if not check.passed:
        log.warning("PDF/A-2b check: %s %s", check.verdict, "; ".join(check.findings))
    try:
        texts = poppler.page_texts(out)
    except ToolError as e:
        raise OcrFailedError(f"cannot read text layer: {e}") from e
    timings["validate_text"] = time.perf_counter() - t0

    confs = _ocrmypdf.page_confidences(stats, len(group))
    pages = []
    for n, index in enumerate(group):
        src = info.pages[index]
        conf = confs[n]
        prep = prepared.get(index)
        pages.append(
            PageResult(
                number=n + 1,
                source_page=index + 1,
                text=texts[n] if n < len(texts) else "",
                confidence=round(conf.mean, 1) if conf and conf.mean is not None else None,
                rescan=_needs_rescan(conf, settings.low_confidence),
                born_digital=src.has_text,
                quarter_turns=prep.quarter_turns if prep else 0,
                deskew_angle=prep.deskew_angle if prep else 0.0,
                perspective=prep.perspective if prep else False,
                timed_out=bool(conf and conf.timed_out),
                order_unsure=bool(conf and conf.layout == "unsure"),
            )
        )
    return OcrResult(out, info.kind, tuple(pages), check, timings)


def _needs_rescan(conf: _ocrmypdf.PageConfidence | None, threshold: float) -> bool:
    # A page with no words at all is blank (a separator or a back side), not
    # bad; one that Tesseract could not finish in time has no words either.
    if conf is not None and conf.timed_out:
        return True
    return conf is not None and conf.mean is not None and conf.mean < threshold


def _prepare_pages(
    info: InputInfo,
    profile: Profile,
    settings: OcrSettings,
    limits: Limits,
    work: Path,
    executor: Executor | None,
) -> dict[int, PreparedPage]:
    """Prepare every page without a text layer, in parallel when a pool is given."""
    pages_dir = work / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    # Photos are searched for a sheet to unwarp; so are phone profiles' files.
    kwargs = dict(
        steps=profile.prep,
        colour=profile.colour,
        find_roles=profile.split is not SplitMode.file or profile.drop_blank_backs,
        out_dir=pages_dir,
        limits=limits,
        jpeg_quality=settings.jpeg_quality,
    )
    todo = [p for p in info.pages if not p.has_text]
    # The time budget of the document (#14): checked between pages, so one slow page is
    # finished, but a document of many slow pages does not hold the queue for hours.
    deadline = time.monotonic() + limits.max_prepare_seconds
    results = []
    if executor is None or len(todo) < 2:
        for p in todo:
            if time.monotonic() > deadline:
                raise _over_time(limits, len(results), len(todo))
            results.append(prepare_page(info, p, **kwargs))
    else:
        futures = [executor.submit(prepare_page, info, p, **kwargs) for p in todo]
        preload()  # meanwhile
        try:
            for f in futures:
                results.append(f.result(timeout=max(0.0, deadline - time.monotonic())))
        except FutureTimeout:
            for f in futures:
                f.cancel()
            raise _over_time(limits, len(results), len(todo)) from None
    return {r.index: r for r in results}


def _over_time(limits: Limits, done: int, pages: int) -> TooLargeError:
    return TooLargeError(f"persiapan halaman melewati {limits.max_prepare_seconds:.0f} detik "
                         f"({done} dari {pages} halaman) / page preparation over its time budget")
