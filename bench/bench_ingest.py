"""Throughput benchmark: ``pindai ingest`` against plain OCRmyPDF and bare Tesseract.

A batch of multi-page, skewed, noisy scans is generated with the test
generator (``tests/synth.py``) and run, on the same files and in the same
run, through three contenders:

1. **pindai**: a fresh home, then one ``pindai ingest --copy --json FILES...``;
2. **ocrmypdf**: ``ocrmypdf --deskew --output-type pdfa -l ind+eng --jobs 2``
   on each file in turn (the plain tool, no other flags);
3. **tesseract**: each page image extracted with ``pdfimages`` and OCRed by
   ``tesseract IMG OUT -l ind+eng pdf`` with ``OMP_THREAD_LIMIT=1``, two pages
   at a time: the floor on a 2-core machine.

A fourth row, **tess-straight**, is a reference without a target: the same
bare Tesseract run on pindai's straightened pages (the images inside the
PDF/As it filed). Tesseract gives up quickly on strongly skewed pages, so
the raw-page floor is optimistic; this row shows Tesseract's time for pages
it can actually read. A fifth, **tess-ocr-input**, also without a target,
runs it on exactly what pindai hands Tesseract (1-bit copies of the cleaned
pages, made in-process and not timed): the floor for pindai itself.

Each contender is timed by wall clock and by the CPU time of its processes
(``RUSAGE_CHILDREN`` deltas; this process becomes a child subreaper so that
orphaned helpers such as the forkserver are counted too). It prints pages per
minute, CPU use (CPU seconds / wall / cores), the two target ratios with
PASS/MISS, the mean character error rate of each contender against the truth,
and where pindai's time goes per stage (from an in-process ``ocr_document``
pass on one document). It always exits 0: it is a benchmark, not a test.

Run::

    .venv/bin/python bench/bench_ingest.py [--docs 3] [--pages 4] [--rounds 1] [--keep DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CORES = 2  # the deployment target; also what the targets are stated for
LANGS = "ind+eng"
TARGET_VS_PLAIN = 1.3  # pindai throughput / plain OCRmyPDF throughput, at least
TARGET_VS_TESS = 1.3  # pindai wall / bare Tesseract wall, at most

sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
import synth  # noqa: E402
from _measure import become_subreaper, reap_orphans, children_cpu, host_busy  # noqa: E402

#: The environment as the user gave it, before pindai (imported later, for the
#: stage pass) sets OPENBLAS_NUM_THREADS in this process.
BASE_ENV = dict(os.environ)


def say(msg: str) -> None:
    """A progress line on stderr."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- inputs


@dataclass
class Doc:
    """One generated input PDF and the ground truth of each of its pages."""

    path: Path
    truths: list[str]
    angles: list[float]


def make_batch(folder: Path, n_docs: int, n_pages: int) -> list[Doc]:
    """Write ``n_docs`` image-only PDFs of ``n_pages`` skewed scanner pages each."""
    folder.mkdir(parents=True, exist_ok=True)
    names = list(synth.TEXTS)
    docs = []
    for d in range(n_docs):
        images, truths, angles = [], [], []
        for p in range(n_pages):
            k = d * n_pages + p
            img, truth = synth.scanner_page(synth.TEXTS[names[k % len(names)]], seed=k)
            images.append(img)
            truths.append(truth)
            angles.append(round(float(img.info["skew_angle"]), 2))
        path = synth.write_image_pdf(images, folder / f"scan-{d + 1:02d}.pdf")
        docs.append(Doc(path, truths, angles))
    return docs


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    """The figures of one contender."""

    name: str
    pages: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    #: Whole machine busy share during the run (other processes add noise).
    host_busy: float = 0.0
    ok: bool = True
    errors: list[str] = field(default_factory=list)
    cer: float | None = None
    #: Text per input document (pages split by form feed), for the CER.
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ppm(self) -> float:
        return self.pages / self.wall * 60 if self.wall > 0 else 0.0

    @property
    def cpu_use(self) -> float:
        return self.cpu / self.wall / CORES if self.wall > 0 else 0.0

    def as_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("texts")
        d.update(pages_per_min=round(self.ppm, 2), cpu_use=round(self.cpu_use, 3))
        return d


def measured(name: str, body: Callable[[Run], None]) -> Run:
    """Run ``body`` and fill in wall, CPU and host load around it."""
    run = Run(name)
    reap_orphans(1.0)
    cpu0, host0, t0 = children_cpu(), host_busy(), time.perf_counter()
    try:
        body(run)
    except Exception as e:  # noqa: BLE001 - a broken contender must not end the benchmark
        run.ok = False
        run.errors.append(f"{type(e).__name__}: {e}")
    run.wall = time.perf_counter() - t0
    reap_orphans()
    run.cpu = children_cpu() - cpu0
    host1 = host_busy()
    if host1[1] > host0[1]:
        run.host_busy = (host1[0] - host0[0]) / (host1[1] - host0[1])
    return run


def sh(cmd: Sequence[str | Path], *, env: dict[str, str] | None = None,
       timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                          env=env if env is not None else BASE_ENV, timeout=timeout)


def pdf_text(pdf: Path) -> str:
    """The text layer of ``pdf`` (pages separated by form feeds); '' when unreadable."""
    proc = sh(["pdftotext", "-enc", "UTF-8", pdf, "-"], timeout=120)
    return proc.stdout if proc.returncode == 0 else ""


def tail(text: str, n: int = 400) -> str:
    return " ".join(text.split())[-n:]


# --------------------------------------------------------------------------- contenders


def run_pindai(docs: list[Doc], work: Path) -> Run:
    home = work / "pindai-home"
    init = sh([BIN / "pindai", "init", "--home", home])
    if init.returncode != 0:
        return Run("pindai", ok=False, errors=[f"pindai init: {tail(init.stderr)}"])
    filed: dict[str, Path] = {}

    def body(run: Run) -> None:
        t0 = time.perf_counter()
        proc = sh([BIN / "pindai", "ingest", "--home", home, "--copy", "--json",
                   *[d.path for d in docs]])
        wall = time.perf_counter() - t0
        results = []
        for line in proc.stdout.splitlines():
            try:
                results.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        if proc.returncode != 0:
            run.errors.append(f"exit {proc.returncode}: {tail(proc.stderr)}")
        for res in results:
            if res.get("status") == "filed":
                run.pages += int(res.get("pages") or 0)
                if res.get("path"):
                    filed[res["source"]] = Path(res["path"])
            else:
                run.errors.append(f"{res.get('source')}: {res.get('status')} {res.get('error')}")
        run.ok = not run.errors and len(results) == len(docs)
        secs = [float(r.get("seconds") or 0) for r in results]
        run.extra["per_doc_seconds"] = {r.get("source"): r.get("seconds") for r in results}
        run.extra["outside_documents_s"] = round(wall - sum(secs), 2)
        run.extra["pdfa_valid"] = [r.get("pdfa_valid") for r in results]
        run.extra["rescan_pages"] = {r.get("source"): r.get("rescan_pages") for r in results}

    run = measured("pindai", body)
    run.texts = {src: pdf_text(p) for src, p in filed.items()}
    run.extra["filed"] = {src: str(p) for src, p in filed.items()}
    return run


def run_plain(docs: list[Doc], work: Path) -> Run:
    out_dir = work / "ocrmypdf-out"
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs: dict[str, Path] = {}

    def body(run: Run) -> None:
        for d in docs:
            out = out_dir / d.path.name
            proc = sh([BIN / "ocrmypdf", "--deskew", "--output-type", "pdfa", "-l", LANGS,
                       "--jobs", str(CORES), "-q", d.path, out])
            if proc.returncode == 0 and out.exists():
                run.pages += len(d.truths)
                outputs[d.path.name] = out
            else:
                run.errors.append(f"{d.path.name}: exit {proc.returncode}: {tail(proc.stderr)}")
        run.ok = not run.errors

    run = measured("ocrmypdf", body)
    run.texts = {name: pdf_text(p) for name, p in outputs.items()}
    return run


def extract_images(pdfs: dict[str, Path], folder: Path) -> dict[str, list[Path]]:
    """Each page's embedded image, as stored (JPEG), via poppler's pdfimages."""
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[Path]] = {}
    for i, (name, pdf) in enumerate(pdfs.items()):
        stem = f"doc{i + 1:02d}"
        proc = sh(["pdfimages", "-all", pdf, folder / stem])
        if proc.returncode != 0:
            raise RuntimeError(f"pdfimages {pdf.name}: {tail(proc.stderr)}")
        found[name] = sorted(folder.glob(f"{stem}-*"))
    return found


def pindai_ocr_inputs(docs: list[Doc], folder: Path) -> dict[str, list[Path]]:
    """The images pindai hands to Tesseract for each page (prepared in-process, not timed)."""
    from pindai.config import Limits, Profile
    from pindai.ocr._inputs import inspect
    from pindai.ocr._pages import prepare_page

    profile, limits = Profile("bench"), Limits()
    found: dict[str, list[Path]] = {}
    for i, d in enumerate(docs):
        out = folder / d.path.stem
        out.mkdir(parents=True, exist_ok=True)
        info = inspect(d.path, limits=limits, assumed_dpi=profile.dpi, work=out)
        found[d.path.name] = []
        for p in info.pages:
            page = prepare_page(info, p, steps=profile.prep, colour=profile.colour, out_dir=out,
                                limits=limits, jpeg_quality=80)
            # Named like extract_images' files: one flat folder, unique stems.
            flat = folder / f"doc{i + 1:02d}-{p.index:03d}{page.ocr_image.suffix}"
            page.ocr_image.replace(flat)
            found[d.path.name].append(flat)
    return found


def run_tesseract(name: str, pdfs: dict[str, Path], work: Path,
                  images: dict[str, list[Path]] | None = None) -> Run:
    """Bare Tesseract on the page images of ``pdfs`` (extraction not timed), 2 at a time."""
    if images is None:
        images = extract_images(pdfs, work / f"{name}-images")
    out_dir = work / f"{name}-out"
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(BASE_ENV, OMP_THREAD_LIMIT="1")
    todo = [img for imgs in images.values() for img in imgs]
    done: dict[Path, bool] = {}

    def one(img: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
        base = out_dir / img.stem
        return base.with_suffix(".pdf"), sh(["tesseract", img, base, "-l", LANGS, "pdf"], env=env)

    def body(run: Run) -> None:
        with ThreadPoolExecutor(CORES) as pool:
            for img, (pdf, proc) in zip(todo, pool.map(one, todo)):
                done[pdf] = proc.returncode == 0 and pdf.exists()
                if done[pdf]:
                    run.pages += 1
                else:
                    run.errors.append(f"{img.name}: exit {proc.returncode}: {tail(proc.stderr)}")
        run.ok = not run.errors

    run = measured(name, body)
    for doc, imgs in images.items():
        pdfs_out = [out_dir / f"{img.stem}.pdf" for img in imgs]
        run.texts[doc] = "\f".join(pdf_text(q).rstrip("\f") if done.get(q) else "" for q in pdfs_out)
    return run


# --------------------------------------------------------------------------- accuracy


def mean_cer(docs: list[Doc], texts: dict[str, str]) -> float | None:
    """Mean per-page CER over the documents a contender produced text for."""
    scores = []
    for d in docs:
        text = texts.get(d.path.name)
        if text is None:
            continue
        pages = text.split("\f")
        for i, truth in enumerate(d.truths):
            scores.append(synth.cer(truth, pages[i] if i < len(pages) else ""))
    return sum(scores) / len(scores) if scores else None


# --------------------------------------------------------------------------- stages


def stage_breakdown(doc: Doc, work: Path) -> dict[str, Any]:
    """pindai's seconds per stage for one document, from an in-process ``ocr_document``."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from pindai.config import Limits, OcrSettings, Profile
    from pindai.ocr import ocr_document

    logging.getLogger("ocrmypdf").setLevel(logging.WARNING)
    out = work / "stages"
    out.mkdir(parents=True, exist_ok=True)
    ctx = multiprocessing.get_context("forkserver")  # as `pindai ingest` does
    host0 = host_busy()
    with ProcessPoolExecutor(CORES, mp_context=ctx) as pool:
        t0 = time.perf_counter()
        [r] = ocr_document(doc.path, work=out, profile=Profile("bench"),
                         settings=OcrSettings(jobs=CORES), limits=Limits(), executor=pool)
        wall = time.perf_counter() - t0
    host1 = host_busy()
    cer = mean_cer([doc], {doc.path.name: "\f".join(p.text for p in r.pages)})
    return {
        "document": doc.path.name,
        "pages": len(r.pages),
        "wall": wall,
        "timings": dict(r.timings),
        "cer": cer,
        "deskew_angles": [p.deskew_angle for p in r.pages],
        "true_skew": doc.angles,
        "pdfa_valid": r.pdfa_check.passed,
        "host_busy": (host1[0] - host0[0]) / max(1, host1[1] - host0[1]),
    }


# --------------------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def fmt_cer(x: float | None) -> str:
    return f"{x:.3f}" if x is not None else "-"


def print_report(runs: list[Run], ratios: dict[str, Any], stages: dict[str, Any] | None,
                 host: dict[str, Any]) -> None:
    print(f"pindai ingest benchmark: {host['docs']} docs x {host['pages_per_doc']} pages,"
          f" {host['cores']} cores, load avg before {host['load_before']},"
          f" after {host.get('load_after', '?')}")
    print(f"  tesseract {host['tesseract']}, ocrmypdf {host['ocrmypdf']},"
          f" ghostscript {host['ghostscript']}, pindai {host['pindai']}")
    print()
    print(f"{'contender':<14}{'pages':>6}{'wall s':>9}{'pages/min':>11}{'CPU use':>9}"
          f"{'host busy':>11}{'mean CER':>10}  status")
    for r in runs:
        status = "ok" if r.ok else "FAILED: " + "; ".join(r.errors)[:300]
        print(f"{r.name:<14}{r.pages:>6}{r.wall:>9.1f}{r.ppm:>11.1f}{r.cpu_use:>8.0%}"
              f"{r.host_busy:>11.0%}{fmt_cer(r.cer):>10}  {status}")
    rounds = [r for r in runs if "rounds" in r.extra]
    if rounds:
        print("  medians of rounds; wall s per round: " + "; ".join(
            f"{r.name} " + " / ".join(f"{w:.1f}" for w, _, _ in r.extra["rounds"]) for r in rounds))
    print()
    vp, vt = ratios["pindai_vs_plain_throughput"], ratios["pindai_vs_tesseract_wall"]
    if vp is not None:
        print(f"pindai / ocrmypdf throughput: {vp:.2f}x  (target >= {TARGET_VS_PLAIN})"
              f"  {verdict(vp >= TARGET_VS_PLAIN)}")
    else:
        print("pindai / ocrmypdf throughput: n/a (a contender failed)")
    if vt is not None:
        print(f"pindai wall / tesseract wall: {vt:.2f}x  (target <= {TARGET_VS_TESS})"
              f"  {verdict(vt <= TARGET_VS_TESS)}")
    else:
        print("pindai wall / tesseract wall: n/a (a contender failed)")
    vs = ratios.get("pindai_vs_tesseract_straight_wall")
    if vs is not None:
        print(f"pindai wall / tess-straight wall: {vs:.2f}x  (reference: Tesseract on pindai's"
              f" straightened pages, no target)")
    vi = ratios.get("pindai_vs_tesseract_ocr_input_wall")
    if vi is not None:
        print(f"pindai wall / tess-ocr-input wall: {vi:.2f}x  (reference: Tesseract on the 1-bit"
              f" pages pindai gives it, no target)")
    pindai = next((r for r in runs if r.name == "pindai"), None)
    if pindai and pindai.extra.get("per_doc_seconds"):
        per = ", ".join(f"{k} {v}s" for k, v in pindai.extra["per_doc_seconds"].items())
        print(f"pindai per document (its turn; the next files' OCR runs meanwhile): {per};"
              f" outside documents (start-up, resume, exit): {pindai.extra.get('outside_documents_s')}s")
    if stages:
        print_stages(stages)


def print_stages(stages: dict[str, Any]) -> None:
    t = stages["timings"]
    wall = stages["wall"]
    print()
    print(f"pindai stages, in-process ocr_document on {stages['document']}"
          f" ({stages['pages']} pages, {wall:.1f} s wall incl. worker start-up,"
          f" host busy {stages['host_busy']:.0%}, CER {fmt_cer(stages['cer'])}):")
    top = [k for k in t if not k.startswith("prep_") or k == "prep_wall"]
    for k in top:
        print(f"  {k:<18}{t[k]:>7.2f} s {t[k] / wall:>6.1%}")
    rest = wall - sum(t[k] for k in top)
    print(f"  {'(other)':<18}{rest:>7.2f} s {rest / wall:>6.1%}")
    subs = [k for k in t if k.startswith("prep_") and k != "prep_wall"]
    if subs:
        total = sum(t[k] for k in subs)
        print(f"  prep steps, summed over pages (run in {CORES} workers; {total:.2f} s):")
        for k in subs:
            print(f"    {k:<16}{t[k]:>7.2f} s {t[k] / total if total else 0:>6.1%}")
    print(f"  deskew found {stages['deskew_angles']} (true skew {stages['true_skew']})")


# --------------------------------------------------------------------------- main


def tool_version(cmd: list[str]) -> str:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except OSError:
        return "missing"
    return ((proc.stdout or proc.stderr).strip().splitlines() or ["?"])[0]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=3, help="documents in the batch (default 3)")
    ap.add_argument("--pages", type=int, default=4, help="pages per document (default 4)")
    ap.add_argument("--keep", type=Path, default=None, help="work here and keep the files")
    ap.add_argument("--out", type=Path, default=None, help="also write the figures as JSON")
    ap.add_argument("--no-stages", action="store_true", help="skip the in-process stage pass")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run pindai and the Tesseract rows this many times, interleaved, and report "
                         "their median (plain OCRmyPDF runs once; default 1)")
    return ap.parse_args(argv)


def bench(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    host = {
        "docs": args.docs,
        "pages_per_doc": args.pages,
        "cores": os.cpu_count(),
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "tesseract": tool_version(["tesseract", "--version"]).removeprefix("tesseract "),
        "ocrmypdf": tool_version([str(BIN / "ocrmypdf"), "--version"]),
        "ghostscript": tool_version(["gs", "--version"]),
        "pindai": tool_version([str(BIN / "pindai"), "--version"]).split()[-1],
        "python": platform.python_version(),
        "subreaper": become_subreaper(),
    }
    say(f"generating {args.docs} x {args.pages} pages in {work / 'inputs'}")
    docs = make_batch(work / "inputs", args.docs, args.pages)

    inputs = {d.path.name: d.path for d in docs}
    ocr_input_images: dict[str, list[Path]] = {}

    def ocr_inputs() -> dict[str, list[Path]]:
        if not ocr_input_images:  # made once, not timed
            ocr_input_images.update(pindai_ocr_inputs(docs, work / "tess-ocr-input-images"))
        return ocr_input_images

    def pindai_round(k: int) -> Run:
        where = work if k == 0 else work / f"round-{k + 1}"  # a fresh home each round
        where.mkdir(parents=True, exist_ok=True)
        return run_pindai(docs, where)

    contenders: list[tuple[str, Callable[[], Run]]] = [
        ("pindai", lambda: pindai_round(round_no)),
        ("ocrmypdf", lambda: run_plain(docs, work)),
        ("tesseract", lambda: run_tesseract("tesseract", inputs, work)),
        # Reference, not a target: the same Tesseract on pindai's straightened
        # pages (the images inside the filed PDF/As), i.e. pages it can read.
        ("tess-straight", lambda: run_tesseract("tess-straight", {
            k: Path(v) for k, v in runs[0].extra.get("filed", {}).items()}, work)),
        # Reference, not a target: the same Tesseract on exactly what pindai
        # gives it (the 1-bit copies of its cleaned pages), with the tesseract command.
        ("tess-ocr-input", lambda: run_tesseract("tess-ocr-input", {}, work, ocr_inputs())),
    ]
    runs: list[Run] = []
    # The machine is a VM whose neighbours come and go: rounds interleave the
    # contenders so that a slow minute does not fall on one of them only.
    for round_no in range(max(1, args.rounds)):
        for name, fn in contenders:
            if round_no and name == "ocrmypdf":
                continue  # 5-6 times slower than pindai: once is enough for its ratio
            say(f"running {name}" + (f" (round {round_no + 1})" if args.rounds > 1 else "") + " ...")
            try:
                r = fn()
            except Exception as e:  # noqa: BLE001 - e.g. pdfimages missing
                r = Run(name, ok=False, errors=[f"{type(e).__name__}: {e}"])
            r.cer = mean_cer(docs, r.texts)
            say(f"  {r.name}: {r.pages} pages in {r.wall:.1f} s, CPU {r.cpu:.1f} s"
                + ("" if r.ok else f", errors: {r.errors}"))
            if round_no == 0:
                runs.append(r)
            else:
                first = next(x for x in runs if x.name == name)
                first.extra.setdefault("rounds", [(first.wall, first.cpu, first.host_busy)])
                first.extra["rounds"].append((r.wall, r.cpu, r.host_busy))
                first.ok = first.ok and r.ok
                first.errors += [f"round {round_no + 1}: {e}" for e in r.errors]
    for r in runs:
        if "rounds" in r.extra:  # the median round by wall (the upper one of an even count)
            r.wall, r.cpu, r.host_busy = sorted(r.extra["rounds"])[len(r.extra["rounds"]) // 2]
    by = {r.name: r for r in runs}
    p, o, t, ts, ti = (by.get(n) for n in
                       ("pindai", "ocrmypdf", "tesseract", "tess-straight", "tess-ocr-input"))
    ratios = {
        "pindai_vs_plain_throughput": p.ppm / o.ppm if p and o and p.pages and o.ppm else None,
        "pindai_vs_tesseract_wall": p.wall / t.wall if p and t and p.ok and t.ok and t.wall else None,
        "pindai_vs_tesseract_straight_wall": (
            p.wall / ts.wall if p and ts and p.ok and ts.ok and ts.wall else None),
        "pindai_vs_tesseract_ocr_input_wall": (
            p.wall / ti.wall if p and ti and p.ok and ti.ok and ti.wall else None),
    }
    stages = None
    if not args.no_stages:
        say(f"stage pass on {docs[0].path.name} ...")
        try:
            stages = stage_breakdown(docs[0], work)
        except Exception as e:  # noqa: BLE001
            say(f"  stage pass failed: {type(e).__name__}: {e}")
    host["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print_report(runs, ratios, stages, host)
    return {
        "host": host,
        "runs": [r.as_json() for r in runs],
        "ratios": ratios,
        "targets": {
            "pindai_vs_plain_throughput_min": TARGET_VS_PLAIN,
            "pindai_vs_tesseract_wall_max": TARGET_VS_TESS,
        },
        "stages": stages,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep.resolve()
        figures = bench(args, work)
    else:
        with tempfile.TemporaryDirectory(prefix="pindai-bench-") as tmp:
            figures = bench(args, Path(tmp))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
        say(f"figures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
