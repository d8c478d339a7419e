"""Cluster benchmark (#19): pages/minute of one Celery worker against two, and a task's overhead.

The same generated scans go, each time into a fresh home, through:

1. **in-process ``pindai ingest --copy``** with ``[ocr] jobs = 1``: the one-document
   pipeline in one process, one core, as a worker runs it;
2. the same with the default ``jobs`` (one per core): the single office's way;
3. **one worker**: ``pindai ingest --queue --copy`` sends the files as tasks to one
   ``pindai worker --concurrency 1`` (Celery prefork, a real Redis from Debian's
   ``redis-server``; the worker is also the index writer);
4. **two workers**: the same with two such workers.

The clock runs from the command until every job has ended in the catalogue (and the
index writer has applied the updates); the workers are started and answering before
it starts, as services are. It prints pages per minute per row, the ratio of two
workers to one (on a 2-core machine expect little or no gain: each worker runs one
document on one core, and one in-process ingest already uses both cores for its pages;
the point of the cluster is more machines, and here correctness), and the overhead of a task:
(one worker's wall - in-process ``jobs = 1`` wall) / documents. Exits 0: a benchmark.

Run::

    .venv/bin/python bench/bench_cluster.py [--docs 6] [--pages 2] [--text] [--out FILE]

``--text`` uses born-digital letters (their text layer is read, no OCR): the
per-document cost is small, so the task's own cost shows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
import synth  # noqa: E402
from redisserver import RedisServer  # noqa: E402

CORES = os.cpu_count() or 1


def say(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def make_inputs(folder: Path, docs: int, pages: int, *, text: bool) -> list[Path]:
    folder.mkdir(parents=True)
    names = list(synth.TEXTS)
    out = []
    for d in range(docs):
        if text:
            lines = [[f"Undangan rapat nomor {d}/{p}/PP.01/2026", "Komisi Pemilihan Umum Kabupaten Lahat",
                      "Rapat membahas jadwal tahapan pemilihan."] for p in range(pages)]
            out.append(synth.write_text_pdf(lines, folder / f"surat-{d:02d}.pdf"))
            continue
        images = []
        for p in range(pages):
            k = d * pages + p
            img, _ = synth.scanner_page(synth.TEXTS[names[k % len(names)]], seed=k)
            images.append(img)
        out.append(synth.write_image_pdf(images, folder / f"scan-{d:02d}.pdf"))
    return out


def new_home(base: Path, name: str, toml: str = "", *, jobs: int | None = None) -> Path:
    home = base / name
    subprocess.run([str(BIN / "pindai"), "-q", "init", "--home", str(home)], check=True, capture_output=True)
    settings = home / "pindai.toml"
    text = settings.read_text(encoding="utf-8")
    if jobs:
        text = text.replace("\n# jobs = 2\n", f"\njobs = {jobs}\n", 1)  # the template's [ocr] line
        assert f"jobs = {jobs}" in text
    settings.write_text(text + toml, encoding="utf-8")
    return home


def ended(home: Path) -> tuple[int, int]:
    """(jobs ended, index updates still queued)."""
    con = sqlite3.connect(f"file:{home / 'catalog.sqlite3'}?mode=ro", uri=True, timeout=10)
    try:
        done = con.execute("SELECT count(*) FROM jobs WHERE state IN ('done','duplicate','failed')").fetchone()[0]
        queued = con.execute("SELECT count(*) FROM index_queue").fetchone()[0]
        return int(done), int(queued)
    finally:
        con.close()


def in_process(base: Path, files: list[Path], jobs: int | None) -> dict[str, Any]:
    home = new_home(base, f"inproc-{jobs or 'default'}", jobs=jobs)
    start = time.perf_counter()
    r = subprocess.run([str(BIN / "pindai"), "-q", "ingest", "--copy", "--json", "--home", str(home),
                        *map(str, files)], capture_output=True, text=True)
    wall = time.perf_counter() - start
    results = [json.loads(line)["result"] for line in r.stdout.splitlines() if line.startswith("{")]
    if results.count("filed") != len(files):
        say(f"in-process ingest: {results} {r.stderr[-1000:]}")
    return {"wall": wall, "filed": results.count("filed"), "rc": r.returncode}


def cluster(base: Path, files: list[Path], workers: int, broker: str) -> dict[str, Any]:
    home = new_home(base, f"cluster-{workers}", f'\n[cluster]\nbroker = "{broker}"\n')
    procs = []
    log = (base / f"cluster-{workers}.log").open("ab")
    try:
        for w in range(workers):
            queues = "documents,index" if w == 0 else "documents"
            procs.append(subprocess.Popen([str(BIN / "pindai"), "-v", "worker", "--home", str(home), "--concurrency",
                                           "1", "--queues", queues], stdout=subprocess.DEVNULL, stderr=log,
                                          start_new_session=True))
        _wait_for_workers(home, workers)
        start = time.perf_counter()
        r = subprocess.run([str(BIN / "pindai"), "-q", "ingest", "--queue", "--copy", "--json", "--home", str(home),
                            *map(str, files)], capture_output=True, text=True)
        sent = time.perf_counter() - start
        if r.returncode != 0:
            raise RuntimeError(r.stderr[-2000:])
        while True:
            done, queued = ended(home)
            if done >= len(files) and queued == 0:
                break
            time.sleep(0.1)
        wall = time.perf_counter() - start
        con = sqlite3.connect(str(home / "catalog.sqlite3"))
        filed = con.execute("SELECT count(*) FROM jobs WHERE state='done'").fetchone()[0]
        con.close()
        return {"wall": wall, "send": sent, "filed": int(filed), "rc": 0}
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        log.close()


def _wait_for_workers(home: Path, n: int) -> None:
    from pindai import cluster as cl
    from pindai.config import load_settings

    app = cl.make_app(load_settings(home))
    try:
        deadline = time.monotonic() + 120
        while len(app.control.inspect(timeout=1.0).ping() or {}) < n:
            if time.monotonic() > deadline:
                raise RuntimeError("workers did not answer")
    finally:
        app.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=6)
    ap.add_argument("--pages", type=int, default=2)
    ap.add_argument("--text", action="store_true", help="born-digital letters: no OCR, the task's own cost shows")
    ap.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = ap.parse_args()

    base = Path(tempfile.mkdtemp(prefix="pindai-bench-cluster-"))
    redis = RedisServer()
    try:
        files = make_inputs(base / "inputs", args.docs, args.pages, text=args.text)
        pages = args.docs * args.pages
        kind = "born-digital letters" if args.text else "image scans (OCR)"
        say(f"{args.docs} documents x {args.pages} pages of {kind}; {CORES} cores")
        rows: dict[str, dict[str, Any]] = {}
        say("in-process ingest, [ocr] jobs = 1")
        rows["ingest jobs=1"] = in_process(base, files, 1)
        say("in-process ingest, default jobs")
        rows[f"ingest jobs={CORES}"] = in_process(base, files, None)
        say("one worker")
        rows["1 worker"] = cluster(base, files, 1, redis.url())
        say("two workers")
        rows["2 workers"] = cluster(base, files, 2, redis.url())
    finally:
        redis.stop()
        shutil.rmtree(base, ignore_errors=True)

    print(f"{'run':<16} {'wall s':>8} {'pages/min':>10} {'filed':>6}")
    for name, r in rows.items():
        r["pages_per_min"] = round(pages / r["wall"] * 60, 1)
        print(f"{name:<16} {r['wall']:>8.1f} {r['pages_per_min']:>10.1f} {r['filed']:>6}")
    one, two, inproc = rows["1 worker"], rows["2 workers"], rows["ingest jobs=1"]
    gain = one["wall"] / two["wall"]
    overhead = (one["wall"] - inproc["wall"]) / args.docs
    print(f"\ntwo workers / one worker: x{gain:.2f} throughput"
          + (f" (on {CORES} cores expect little or no gain: each worker runs one document on one core and"
             " the in-process ingest already uses both; the gain is more machines, the point here is that"
             " each input is filed once)" if CORES <= 2 else ""))
    # The in-process row pays the command's start (Python, OCRmyPDF, the model) inside its wall;
    # the workers were started before the clock. The queue command's own time (a start of pindai,
    # the claims, the sends) stands in for that start, to compare the documents' work alone.
    warm = (one["wall"] - (inproc["wall"] - one["send"])) / args.docs
    print(f"overhead of a task against in-process ingest (jobs=1): {overhead:+.2f} s per document "
          f"({one['wall']:.1f} s vs {inproc['wall']:.1f} s for {args.docs} documents); sending took "
          f"{one['send']:.2f} s; counting the command's start-up out of the in-process row: {warm:+.2f} s")
    if args.out:
        args.out.write_text(json.dumps({"docs": args.docs, "pages": args.pages, "text": args.text, "cores": CORES,
                                        "rows": rows, "two_vs_one": gain, "task_overhead_s": overhead,
                                        "task_overhead_warm_s": warm}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
