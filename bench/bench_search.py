"""Search latency on Whoosh, this checkout against an earlier one, on the same home in the same run (#16).

``bench_index.py`` builds an index and times its query classes once; this
benchmark takes a home that one of them left (``bench_web.py --keep DIR`` or
``bench_index.py --keep DIR``: the catalogue of generated documents, its
indexes and ``vocab.json`` beside it) and times the same query classes with
two versions of pindai, in turns, so that a change of the search code is
measured against what it replaces on the same machine at the same time:

* **this**: the checkout this script is in;
* **baseline** (``--baseline DIR``): another checkout, e.g. ``git worktree add
  /tmp/before <commit>``; before #16's numpy scoring, pindai left matching,
  scoring and counting to Whoosh itself (``Searcher.search`` and
  ``len(results)``), and fuzzy words and "did you mean" to Whoosh's
  ``terms_within`` and corrector: the plain tool's way.

Each round runs each version in a fresh process (``PYTHONPATH`` set to its
checkout): one warm-up search of each kind (opening the searchers, reading
the word lists), then every query once, in-process
``index.search(home, q, exempt=True, limit=10)`` as the workspace calls it.
Classes: ``term``, ``phrase``, ``boolean+filter`` (bench_index's) and
``misspelt``: bench_index's OCR-damaged words run as the workspace runs a
search box entry, the words as typed, then, found nothing, the fuzzy retry
and "did you mean". Both versions must return the same totals; the report
says if they do not.

It prints p50 / p95 per class and version (medians over the rounds) and the
ratio this / baseline. Always exits 0: a benchmark, not a test.

Run::

    .venv/bin/python bench/bench_web.py --keep /tmp/w          # once, leaves /tmp/w/home
    git worktree add /tmp/before <commit>
    .venv/bin/python bench/bench_search.py --home /tmp/w/home --baseline /tmp/before
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def queries(home: Path, per_class: int, seed: int) -> dict[str, list[tuple[str, dict, str]]]:
    """bench_index's query classes for the documents of ``home`` (the same for the same seed)."""
    sys.path.insert(0, str(REPO / "bench"))
    import bench_index as bi

    from pindai.index import stem

    db = sqlite3.connect(f"file:{home / 'catalog.sqlite3'}?mode=ro", uri=True)
    rng = random.Random(seed)
    n_docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    sample = sorted(rng.sample(range(1, n_docs + 1), min(300, n_docs)))
    texts = [r[0] for r in db.execute(f"SELECT text FROM pages WHERE document_id IN ({','.join(map(str, sample))})")]
    db.close()
    vocab = [tuple(x) for x in json.loads((home.parent / "vocab.json").read_text())]
    made = bi.make_queries(bi.Corpus(seed), vocab, texts, per_class, seed, stem)
    out = {k: [(q, kw, label) for q, kw, label in v] for k, v in made.items() if k != "fuzzy"}
    # As typed into the search box: the fuzzy retry and "did you mean" are the workspace's, not asked.
    out["misspelt"] = [(q, {k: v for k, v in kw.items() if k != "fuzzy"}, label) for q, kw, label in made["fuzzy"]]
    return out


def child(home: Path, per_class: int, seed: int) -> dict[str, Any]:
    """Time every query once with the pindai on ``sys.path`` (run with PYTHONPATH set)."""
    from pindai import index
    from pindai.config import load_settings

    h = load_settings(home).home
    qs = queries(home, per_class, seed)
    t = time.perf_counter()
    index.search(h, "pemilih", exempt=True, limit=10)
    index.search(h, "pemilhi", exempt=True, limit=10, fuzzy=True)
    index.suggest(h, "pemilhi", exempt=True)
    out: dict[str, Any] = {"pindai": index.__file__, "warmup_ms": round((time.perf_counter() - t) * 1000, 1)}
    for name, items in qs.items():
        ms, totals = [], []
        for q, kw, _ in items:
            t = time.perf_counter()
            res = index.search(h, q, exempt=True, limit=10, **kw)
            if name == "misspelt" and not res.total:
                res = index.search(h, q, exempt=True, limit=10, fuzzy=True, **kw)
                index.suggest(h, q, exempt=True)
            ms.append((time.perf_counter() - t) * 1000)
            totals.append(res.total)
        out[name] = {"ms": ms, "totals": totals}
    return out


def run_child(checkout: Path, home: Path, args: argparse.Namespace) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    r = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "--home", str(home),
                        "--queries", str(args.queries), "--seed", str(args.seed)],
                       capture_output=True, text=True, env=env, cwd="/tmp", check=False)
    if r.returncode:
        raise SystemExit(f"{checkout}: {r.stderr[-2000:]}")
    return json.loads(r.stdout)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--home", type=Path, required=True, help="a home bench_web/bench_index --keep left")
    p.add_argument("--baseline", type=Path, help="another pindai checkout to compare with")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--queries", type=int, default=60, help="queries per class")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = p.parse_args()
    home = args.home.resolve()
    if args.child:
        print(json.dumps(child(home, args.queries, args.seed)))
        return 0
    versions = {"this": REPO, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    runs: dict[str, list[dict]] = {v: [] for v in versions}
    for r in range(args.rounds):
        for v, checkout in versions.items():  # in turns: a drift of the machine's speed hits both
            print(f"[bench] round {r + 1}/{args.rounds}: {v} ({checkout})", file=sys.stderr, flush=True)
            runs[v].append(run_child(checkout, home, args))
    classes = [k for k in runs["this"][0] if isinstance(runs["this"][0][k], dict)]
    figures: dict[str, Any] = {"load": " ".join(f"{x:.2f}" for x in os.getloadavg()), "rounds": args.rounds,
                               "versions": {v: str(c) for v, c in versions.items()}, "classes": {}}
    print(f"\nsearch at {home} ({args.rounds} rounds, medians; load {figures['load']})")
    print(f"{'class':<16} {'n':>4} " + " ".join(f"{v + ' p50':>14} {v + ' p95':>14}" for v in versions)
          + ("  p95 this/baseline  same totals" if "baseline" in versions else ""))
    for name in classes:
        row: dict[str, Any] = {}
        for v in versions:
            row[v] = {k: round(statistics.median(pct(run[name]["ms"], q) for run in runs[v]), 1)
                      for k, q in (("p50_ms", 50), ("p95_ms", 95))}
            row[v]["warmup_ms"] = round(statistics.median(run["warmup_ms"] for run in runs[v]), 1)
        line = f"{name:<16} {len(runs['this'][0][name]['ms']):>4} " + " ".join(
            f"{row[v]['p50_ms']:>14} {row[v]['p95_ms']:>14}" for v in versions)
        if "baseline" in versions:
            same = runs["this"][0][name]["totals"] == runs["baseline"][0][name]["totals"]
            row["same_totals"] = same
            line += f"  {row['this']['p95_ms'] / row['baseline']['p95_ms']:>18.2f}  {'yes' if same else 'NO'}"
        figures["classes"][name] = row
        print(line)
    for v in versions:
        print(f"warm-up of {v} (open both sides, read the word lists): "
              f"{statistics.median(run['warmup_ms'] for run in runs[v]):.0f} ms")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
