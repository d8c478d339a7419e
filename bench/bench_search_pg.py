"""Search on PostgreSQL at scale (#19): build rate, query latency at 200,000 documents, and the same
queries' results against Whoosh on a 20,000 subset.

Documents are bench_index.py's generated ones (about 500 words of Indonesian
election-office text each, 30 % exempt), no OCR. A throwaway PostgreSQL from
Debian's packages (tests/pgserver.py: ``fsync=off``, as a test server) holds
the catalogue's database; the documents go straight into the search tables
through the writer's own code (``pgsearch.row_of``: Sastrawi analysis, the
two tsvectors; ``Catalog.pg_search_write``: COPY), 2,000 per transaction, as
a rebuild writes them; then ``VACUUM ANALYZE``.

1. **build**: documents/s (analysis + COPY + GIN upkeep), table and index sizes;
2. **queries**, ``index.search(home, q, exempt=True, limit=10)`` (both sides,
   count, top 10, snippets) on the 200,000: term and phrase classes of
   bench_index.make_queries (60 each), p50 / p95 / max ms, by label;
3. **against Whoosh** on the first 20,000 documents: the same fields into a
   Whoosh index (``index.make_schema``, one process) and into a second
   PostgreSQL database; per query, whether the totals are equal, whether the
   first hit is the same, and how many of Whoosh's top 10 PostgreSQL has.

Single process (the machine's cores are shared). Always exits 0: a benchmark, not a test.

Building 200,000 takes a quarter of an hour: with ``--keep DIR`` the server's data, the
databases, the Whoosh subset and the queries stay in DIR, and the next run with the same
``--keep``, ``--docs``, ``--subset`` and ``--seed`` reuses them (its build figures are those of
the run that built them; ``--rebuild`` builds anew). ``--no-subset`` leaves out step 3.

Run::

    .venv/bin/python bench/bench_search_pg.py [--docs 200000] [--subset 20000] [--out FILE.json]
        [--keep DIR [--rebuild]] [--no-subset]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

import bench_index as bi  # noqa: E402  (the generator and the query classes)

TARGET_P95_MS = 100.0
BATCH = 2000


def say(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def fields_of(corpus: bi.Corpus, i: int) -> tuple[str, dict[str, Any], str]:
    """(side, the index entry's fields as ``index.entry_for`` makes them, the text) of document ``i``."""
    pages, row, sug = corpus.document(i)
    text = "\n".join(pages)
    received = datetime.fromisoformat(row["received_at"]).replace(tzinfo=None)
    return row["side"], {
        "doc_id": str(i + 1), "title": pages[0].splitlines()[2], "content": text, "exact": text, "pairs": text,
        "register": sug["register"] or "", "dip_type": sug["dip_type"] or "", "ground": sug["ground"] or "",
        "status": row["status"], "unit": row["unit"], "profile": row["profile"], "number": "",
        "year": received.year, "received": received, "pages": row["pages"], "path": row["pdfa_path"],
    }, text


def build_pg(url: str, n: int, seed: int, vocab: Counter[str] | None = None,
             texts: list[str] | None = None) -> dict[str, Any]:
    from pindai import pgsearch
    from pindai.catalog import Catalog

    corpus = bi.Corpus(seed)
    t0 = time.perf_counter()
    analyse = write = 0.0
    with Catalog(url) as cat:
        cat.pg_search_prepare()
        for start in range(0, n, BATCH):
            rows: dict[str, list[Any]] = {"public": [], "exempt": []}
            words: dict[str, set[str]] = {"public": set(), "exempt": set()}
            for i in range(start, min(start + BATCH, n)):
                side, fields, text = fields_of(corpus, i)
                if vocab is not None:
                    vocab.update(bi._WORD.findall(text.lower()))
                if texts is not None and len(texts) < 2000:
                    texts.append(text)
                a = time.perf_counter()
                row, held = pgsearch.row_of(fields)
                rows[side].append(row)
                words[side] |= held
                analyse += time.perf_counter() - a
            w = time.perf_counter()
            cat.pg_search_write(rows, replace=[], words=words)
            write += time.perf_counter() - w
            if (start // BATCH) % 10 == 9:
                say(f"  pg: {start + BATCH}/{n} ({(start + BATCH) / (time.perf_counter() - t0):.0f} docs/s)")
        built = time.perf_counter() - t0
        v = time.perf_counter()
        for side in ("public", "exempt"):
            cat.db.execute(f"VACUUM ANALYZE search_{side}.docs")  # bench-only upkeep (autovacuum's job)
        vacuum = time.perf_counter() - v
        sizes = {r[0]: r[1] for r in cat.db.execute(
            "SELECT relname || '.' || n.nspname, pg_total_relation_size(c.oid) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 'search_%' AND relkind = 'r'")}
    return {"docs": n, "seconds": round(built, 1), "docs_per_s": round(n / built, 1),
            "analysis_s": round(analyse, 1), "copy_s": round(write, 1), "vacuum_analyze_s": round(vacuum, 1),
            "table_mb": {k: round(v / 2**20, 1) for k, v in sizes.items()}}


def build_whoosh(home: Any, n: int, seed: int) -> dict[str, Any]:
    from pindai import index

    corpus = bi.Corpus(seed)
    t0 = time.perf_counter()
    writers = {side: index.open_index(home, side).writer(limitmb=128) for side in index.SIDES}
    for i in range(n):
        side, fields, _ = fields_of(corpus, i)
        writers[side].add_document(**fields)
    for w in writers.values():
        w.commit()
    seconds = time.perf_counter() - t0
    return {"docs": n, "seconds": round(seconds, 1), "docs_per_s": round(n / seconds, 1)}


def time_queries(home: Any, queries: dict[str, list[Any]]) -> dict[str, Any]:
    from pindai import index

    index.search(home, "pemilih", exempt=True, limit=10)  # warm-up: connections, Sastrawi
    out: dict[str, Any] = {}
    for name, qs in queries.items():
        ms, by_label, hits = [], {}, []
        slowest = ("", 0.0)
        for q, kw, label in qs:
            t = time.perf_counter()
            res = index.search(home, q, exempt=True, limit=10, **kw)
            dt = (time.perf_counter() - t) * 1000
            ms.append(dt)
            hits.append(res.total)
            by_label.setdefault(label, []).append(dt)
            if dt > slowest[1]:
                slowest = (q, dt)
        out[name] = {"n": len(ms), "p50_ms": round(bi.pct(ms, 50), 1), "p95_ms": round(bi.pct(ms, 95), 1),
                     "max_ms": round(max(ms), 1), "median_hits": statistics.median(hits),
                     "slowest": f"{slowest[0]} ({slowest[1]:.0f} ms)",
                     "by_label": {lb: {"n": len(v), "p50_ms": round(bi.pct(v, 50), 1),
                                       "p95_ms": round(bi.pct(v, 95), 1)} for lb, v in by_label.items()}}
    return out


def compare(pg: Any, wh: Any, queries: dict[str, list[Any]]) -> dict[str, Any]:
    from pindai import index

    out: dict[str, Any] = {}
    for name, qs in queries.items():
        same_total = same_top = both_exact = 0
        overlap: list[float] = []
        differ: list[str] = []
        for q, kw, _ in qs:
            a = index.search(pg, q, exempt=True, limit=10, **kw)
            b = index.search(wh, q, exempt=True, limit=10, **kw)
            same_total += a.total == b.total
            both_exact += a.exact and b.exact
            top_a, top_b = [h.doc_id for h in a.hits], [h.doc_id for h in b.hits]
            same_top += top_a[:1] == top_b[:1]
            if top_b:
                overlap.append(len(set(top_a) & set(top_b)) / len(top_b))
            if a.total != b.total and len(differ) < 8:
                differ.append(f"{q} {kw}: pg {a.total}{'' if a.exact else ' (estimate)'}, "
                              f"whoosh {b.total}{'' if b.exact else ' (estimate)'}")
        out[name] = {"n": len(qs), "same_total": same_total, "both_exact": both_exact, "same_first_hit": same_top,
                     "top10_overlap_mean": round(statistics.fmean(overlap), 3) if overlap else None,
                     "totals_differ": differ}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=200_000)
    ap.add_argument("--subset", type=int, default=20_000)
    ap.add_argument("--queries", type=int, default=60, help="queries per class (default 60)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--keep", type=Path, help="keep the built databases here and reuse them (see above)")
    ap.add_argument("--rebuild", action="store_true", help="with --keep: build anew")
    ap.add_argument("--no-subset", action="store_true", help="leave out the comparison with Whoosh")
    args = ap.parse_args(argv)

    import shutil
    from contextlib import nullcontext

    from pgserver import PgServer

    from pindai import archive
    from pindai.config import Home
    from pindai.index import stem

    if args.keep and args.rebuild and args.keep.exists():
        shutil.rmtree(args.keep)
    state_file = args.keep / "state.json" if args.keep else None
    state: dict[str, Any] = json.loads(state_file.read_text()) if state_file and state_file.exists() else {}
    server = PgServer(keep=args.keep / "pg") if args.keep else PgServer.get()
    report: dict[str, Any] = {"host_busy": bi.host_busy() if hasattr(bi, "host_busy") else None}

    def save() -> None:
        if state_file:
            state_file.write_text(json.dumps(state, ensure_ascii=False))

    try:
        kept = nullcontext(str(args.keep)) if args.keep else tempfile.TemporaryDirectory(prefix="bench-pgsearch-")
        with kept as tmp:
            work = Path(tmp)
            big_key = f"big_{args.docs}_{args.seed}"
            if big_key in state:
                say(f"reusing the PostgreSQL search of {args.docs} documents in {args.keep}")
                report["build"] = {**state[big_key]["build"], "reused": True}
                queries = state[big_key]["queries"]
            else:
                vocab: Counter[str] = Counter()
                texts: list[str] = []
                say(f"building PostgreSQL search, {args.docs} documents ...")
                big_url = server.new_database(big_key if args.keep else None)
                report["build"] = build_pg(big_url, args.docs, args.seed, vocab, texts)
                say(f"  {report['build']}")
                queries = bi.make_queries(bi.Corpus(args.seed), vocab.most_common(), texts, args.queries,
                                          args.seed, stem)
                queries = {k: queries[k] for k in ("term", "phrase")}
                state[big_key] = {"build": report["build"], "queries": queries, "url": big_url}
                save()
            big = Home(root=work / "big", catalog_url=server.url(big_key) if args.keep else state[big_key]["url"],
                       search_engine="postgresql")
            archive.init_home(big)
            if "reused" in report["build"]:  # a server just started: its cache warmed as the build's was
                time_queries(big, queries)
            say("queries at full size ...")
            report["queries"] = time_queries(big, queries)
            say(f"  {json.dumps(report['queries'])}")

            if not args.no_subset:
                say(f"subset of {args.subset}: PostgreSQL and Whoosh ...")
                sub_key = f"sub_{args.subset}_{args.seed}"
                pg = Home(root=work / "pg", catalog_url="", search_engine="postgresql")
                wh = Home(root=work / "whoosh")
                if sub_key in state:
                    report["subset_build_pg"] = {**state[sub_key]["pg"], "reused": True}
                    report["subset_build_whoosh"] = {**state[sub_key]["whoosh"], "reused": True}
                    sub_url = server.url(sub_key) if args.keep else state[sub_key]["url"]
                else:
                    sub_url = server.new_database(sub_key if args.keep else None)
                    report["subset_build_pg"] = build_pg(sub_url, args.subset, args.seed)
                    if wh.root.exists():
                        shutil.rmtree(wh.root)
                    archive.init_home(wh)
                    report["subset_build_whoosh"] = build_whoosh(wh, args.subset, args.seed)
                    state[sub_key] = {"pg": report["subset_build_pg"], "whoosh": report["subset_build_whoosh"],
                                      "url": sub_url}
                    save()
                say(f"  whoosh {report['subset_build_whoosh']}")
                pg = Home(root=work / "pg", catalog_url=sub_url, search_engine="postgresql")
                archive.init_home(pg)
                archive.init_home(wh)
                report["subset_queries_pg"] = time_queries(pg, queries)
                report["subset_queries_whoosh"] = time_queries(wh, queries)
                report["against_whoosh"] = compare(pg, wh, queries)
    finally:
        server.stop()
    report["target_p95_ms"] = TARGET_P95_MS
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
