"""Throughput benchmark: ``pindai reprocess`` against ``pindai ingest`` of the same documents.

A batch of multi-page, skewed, noisy scans (the ``bench_ingest.py`` batch) is
ingested into a fresh home, then, in the same run and on the same files:

1. **ingest**: ``pindai ingest --copy --json FILES...`` (pages of one
   document in parallel: the prep pool and OCRmyPDF ``--jobs``);
2. **reprocess**: ``pindai reprocess --all --stage ocr --force --jobs 2``
   (whole documents in parallel, one core each, plus the swap, catalogue
   transaction and index update per document);
3. **reprocess-noop**: ``pindai reprocess --all`` again without ``--force``:
   every stage key matches, so this is what a nightly run costs when nothing
   changed.

Each row gives wall seconds, pages per minute, CPU use (CPU seconds ÷ wall ÷ 2
cores) and host busy (the whole machine: other people's work makes the
figures noisy). It always exits 0: it is a benchmark, not a test.

Run (on the shared machine, one benchmark at a time)::

    flock /tmp/pindai-bench.lock .venv/bin/python bench/bench_reprocess.py [--docs 4] [--pages 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import become_subreaper  # noqa: E402
from bench_ingest import BIN, CORES, Run, make_batch, measured, say, sh  # noqa: E402


def _pindai(*args: str | Path) -> list[str | Path]:
    return [BIN / "pindai", "-q", *args]


def bench(work: Path, n_docs: int, n_pages: int) -> list[Run]:
    home = work / "home"
    say(f"generating {n_docs} documents of {n_pages} pages")
    docs = make_batch(work / "inputs", n_docs, n_pages)
    sh(_pindai("init", "--home", home)).check_returncode()
    pages = n_docs * n_pages

    def ingest(run: Run) -> None:
        proc = sh(_pindai("ingest", "--copy", "--json", "--home", home, *[d.path for d in docs]))
        results = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        run.pages = sum(r.get("pages") or 0 for r in results)
        run.ok = proc.returncode == 0 and all(r["status"] == "filed" for r in results)
        if not run.ok:
            run.errors.append(proc.stderr[-500:])

    def reprocess(force: bool) -> callable:
        def body(run: Run) -> None:
            args = ["reprocess", "--all", "--stage", "ocr", "--jobs", str(CORES), "--json", "--home", home]
            proc = sh(_pindai(*args, *(["--force"] if force else [])))
            report = json.loads(proc.stdout) if proc.stdout.strip() else {}
            run.pages = report.get("pages_ocred", 0) if force else pages
            run.extra = {"ran": report.get("ran"), "skipped": report.get("skipped")}
            run.ok = proc.returncode in (0, 2) and bool(report)
            if not run.ok:
                run.errors.append(proc.stderr[-500:])
        return body

    say("ingest")
    runs = [measured("ingest", ingest)]
    say("reprocess --force")
    runs.append(measured("reprocess", reprocess(True)))
    say("reprocess (nothing changed)")
    runs.append(measured("reprocess-noop", reprocess(False)))
    return runs


def report(runs: list[Run]) -> None:
    print(f"# pindai reprocess vs ingest, {platform.node()}, {CORES} cores")
    print(f"{'contender':16} {'pages':>5} {'wall s':>8} {'pages/min':>10} {'cpu use':>8} {'host busy':>9}")
    for r in runs:
        note = "" if r.ok else f"  FAILED: {'; '.join(r.errors)[:200]}"
        print(f"{r.name:16} {r.pages:5d} {r.wall:8.1f} {r.ppm:10.1f} {r.cpu_use:8.0%} {r.host_busy:9.0%}{note}")
    by = {r.name: r for r in runs}
    if by["ingest"].ppm and by["reprocess"].ppm:
        print(f"reprocess / ingest throughput: {by['reprocess'].ppm / by['ingest'].ppm:.2f}x")
    noop = by["reprocess-noop"]
    print(f"nothing changed: {noop.wall:.1f} s for {noop.pages} pages "
          f"(ran {noop.extra.get('ran')}, skipped {noop.extra.get('skipped')})")
    busy = max(r.host_busy for r in runs)
    if busy > max(r.cpu_use for r in runs) + 0.15:
        print(f"NOTE: the host was up to {busy:.0%} busy: other work ran meanwhile; figures are noisy.")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=4)
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=None, help="work here and keep everything")
    ap.add_argument("--out", type=Path, default=None, help="also write the figures as JSON")
    args = ap.parse_args(argv)
    become_subreaper()  # orphaned helpers (the forkserver) count in the CPU figures
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        runs = bench(args.keep, args.docs, args.pages)
    else:
        with tempfile.TemporaryDirectory(prefix="pindai-bench-reprocess-") as tmp:
            runs = bench(Path(tmp), args.docs, args.pages)
    report(runs)
    if args.out:
        args.out.write_text(json.dumps([r.as_json() for r in runs], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
