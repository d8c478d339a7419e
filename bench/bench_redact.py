"""Redaction benchmark: seconds per page to propose, apply (render + burn, OCR, clean) and verify.

A multi-page voter list (scanned, skewed, noisy; full NIKs and home addresses
on every page) is ingested into a fresh home; then, in-process:

1. **propose**: ``redact.propose`` (pdftotext -bbox-layout + the detectors);
2. **apply**: ``redact.apply`` with every proposal confirmed: each page rendered
   at the PDF/A's resolution and burned in, the burned pages OCRed again into
   PDF/A-2b by pindai's OCR stage, the metadata cleaned;
3. **verify**: the read-back inside ``apply`` (text layer, a fresh OCR of each
   rendered page, metadata, bytes), reported on its own.

It always exits 0: it is a benchmark, not a test. Run (one benchmark at a time
on the shared machine)::

    flock /tmp/pindai-bench.lock .venv/bin/python bench/bench_redact.py [--pages 4]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
import synth  # noqa: E402

from pindai import archive, redact  # noqa: E402
from pindai.catalog import Catalog  # noqa: E402
from pindai.config import load_settings, resolve_home  # noqa: E402
from pindai.ingest import Ingestor  # noqa: E402


def _page(n: int) -> list[str]:
    lines = ["DAFTAR PEMILIH TETAP", f"TPS {n:03d} DESA TANJUNG AGUNG", "", "Nama\tNIK\tAlamat"]
    for k in range(1, 13):
        day = (k * 7 + n) % 28 + 1
        nik = f"160401{day + (40 if k % 2 else 0):02d}{(k % 12) + 1:02d}{80 + k:02d}{n * 100 + k:04d}"
        lines.append(f"Pemilih {n}-{k}\t{nik}\tDusun {k} RT {n:02d}")
    return lines + ["", "Lahat, 6 Maret 2024", "Ketua KPPS,", "", "Andi Saputra"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=4)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-redact-") as tmp:
        root = Path(tmp) / "home"
        archive.init_home(resolve_home(root))
        s = load_settings(root)
        s = replace(s, ocr=replace(s.ocr, jobs=2))
        images = [synth.scanner_page(_page(n), angle=1.0 + 0.3 * n, seed=n)[0] for n in range(1, args.pages + 1)]
        src = synth.write_image_pdf(images, Path(tmp) / "dpt.pdf")
        with Ingestor(s) as ing:
            [r] = ing.ingest(src, copy=True)
        pages = r.pages
        with Catalog(s.home.catalog) as cat:
            t0 = time.perf_counter()
            found = redact.propose(s, cat, r.id, actor="bench")
            propose = time.perf_counter() - t0
            redact.set_status(cat, r.id, None, redact.CONFIRMED, actor="bench")
            t0 = time.perf_counter()
            result = redact.apply(s, cat, r.id, actor="bench")
            apply_total = time.perf_counter() - t0
    t = result.timings
    rows = {
        "propose": propose,
        "apply (render+burn, OCR, clean)": t["render_burn"] + t["ocr"] + t["clean"],
        "  render+burn": t["render_burn"],
        "  OCR of the burned pages": t["ocr"],
        "  clean metadata + PDF/A check": t["clean"],
        "verify (text layer, fresh OCR, metadata, bytes)": t["verify"],
        "apply total, with verify and filing": apply_total,
    }
    print(f"{pages} pages, {len(found)} boxes, verified={result.verified}")
    for name, sec in rows.items():
        print(f"{name:50} {sec:7.2f} s  {sec / pages:6.2f} s/page")
    print(json.dumps({"pages": pages, "boxes": len(found), "seconds": rows}, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
