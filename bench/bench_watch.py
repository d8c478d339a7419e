"""Hot-folder benchmark: latency from a file becoming complete to processing start, and burst throughput.

For each watching mode (native file events; polling), a fresh pindai home
gets one scanner profile (``[profiles.uji]``) and a real watcher is started
as a subprocess (``python -m pindai -v watch --home H``), exactly as the
tests drive it. Then:

1. **Latency.** Small one-page PNG scans (90x40 mm, two lines, as the tests'
   ``tiny_scan``) are dropped one at a time. Each is written to a staging
   folder beside the hot folder, its mtime set to "now", and *renamed* into
   the hot folder: the rename is the instant the file becomes complete.
   Processing starts when the watcher claims the file, which is an atomic
   rename out of the hot folder; the benchmark sees it by checking for the
   file every 5 ms (the ``claimed`` log line has only whole-second stamps).
   It also notes when the ``filed`` log line arrives (end to end). The next
   file is dropped only after the previous one is filed. The profile's
   settle time is part of this latency by design (a file must be quiet that
   long), so latency minus settle is printed as well.
2. **Burst.** B files are renamed in at once; the wall time runs from the
   first rename until the catalogue (``catalog.sqlite3``, read-only) holds
   all of them. It reports files/min, pages/min and the CPU use of the
   watcher and its workers over the burst (from /proc, summed over the
   watcher's process group), and the CPU of the whole watcher run
   (``RUSAGE_CHILDREN``, this process being a child subreaper).

The watcher is stopped with SIGTERM to its process group and must exit 0.
The benchmark always exits 0: it is a benchmark, not a test.

Run::

    .venv/bin/python bench/bench_watch.py [--latency-files 10] [--burst 60] [--settle 1.0]
        [--poll-interval 1.0] [--modes native,polling] [--keep DIR] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CORES = 2  # the deployment target
STATUS_FILE = "STATUS-pindai.txt"  # pindai.watch_folders.STATUS_FILE
PROFILE = """
[profiles.uji]
kind = "scanner"
settle_seconds = {settle}
polling = "{polling}"
poll_interval = {poll}
unit = "Umum"
"""
#: mode name -> the profile's ``polling`` value
MODES = {"native": "no", "polling": "yes"}
CLAIM_POLL = 0.005  # seconds between checks for the claim (the file leaving the hot folder)

sys.path.insert(0, str(REPO / "tests"))
import synth  # noqa: E402
from _measure import become_subreaper, reap_orphans, children_cpu, host_busy  # noqa: E402


def say(msg: str) -> None:
    """A progress line on stderr."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- inputs


def tiny_scan_bytes(n: int) -> bytes:
    """A 90x40 mm one-page PNG with two lines, as ``tiny_scan`` in the tests (unique per ``n``)."""
    img = synth.render_page([f"Surat nomor {n} tentang rapat", "Komisi Pemilihan Umum"],
                            width_mm=90, height_mm=40, margin_mm=8)
    with tempfile.TemporaryDirectory(prefix="pindai-bench-png-") as tmp:
        return synth.write_png(img, Path(tmp) / "p.png").read_bytes()


def drop(staged: Path, hot: Path) -> float:
    """Make ``staged`` complete "now" and rename it into ``hot``; return the instant (time.time())."""
    os.utime(staged, None)  # mtime = the moment it became complete, so the settle time counts in full
    t = time.time()
    os.rename(staged, hot / staged.name)
    return t


# --------------------------------------------------------------------------- measuring


def group_cpu(pgid: int) -> tuple[float, int]:
    """CPU seconds of the live processes in process group ``pgid`` (their own plus reaped
    children's), and how many processes there are, from /proc/<pid>/stat."""
    hz = os.sysconf("SC_CLK_TCK")
    ticks, count = 0, 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        rest = raw[raw.rfind(")") + 2:].split()  # rest[0] is field 3 (state)
        if int(rest[2]) != pgid:
            continue
        ticks += sum(int(x) for x in rest[11:15])  # utime stime cutime cstime
        count += 1
    return ticks / hz, count


def busy_share(h0: tuple[int, int], h1: tuple[int, int]) -> float | None:
    return (h1[0] - h0[0]) / (h1[1] - h0[1]) if h1[1] > h0[1] else None


def percentile(xs: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100) of ``xs``; None when empty."""
    if not xs:
        return None
    s = sorted(xs)
    k = (len(s) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def stats(xs: Sequence[float]) -> dict[str, float | None]:
    return {"n": len(xs), "min": min(xs, default=None), "p50": percentile(xs, 50),
            "p95": percentile(xs, 95), "max": max(xs, default=None)}


def catalogue(home: Path) -> tuple[int, int]:
    """(documents, pages) in the home's catalogue, read-only; (-1, -1) when unreadable."""
    db = home / "catalog.sqlite3"
    if not db.exists():
        return 0, 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
        try:
            n, pages = con.execute("SELECT count(*), coalesce(sum(pages), 0) FROM documents").fetchone()
            return int(n), int(pages)
        finally:
            con.close()
    except sqlite3.Error:
        return -1, -1


# --------------------------------------------------------------------------- the watcher


class WatcherProc:
    """A ``pindai -v watch`` subprocess whose JSON log lines are read, timestamped, as they come."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.events: list[tuple[float, dict[str, Any]]] = []
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pindai", "-v", "watch", "--home", str(home)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            t = time.time()
            self.lines.append(line.rstrip("\n"))
            _, _, rest = line.partition(": ")
            if rest.startswith("{"):
                try:
                    self.events.append((t, json.loads(rest)))
                except json.JSONDecodeError:
                    pass

    def event_time(self, kind: str | tuple[str, ...], file: str) -> tuple[float, str] | None:
        """Arrival time and kind of the first event of ``kind`` about ``file``."""
        kinds = (kind,) if isinstance(kind, str) else kind
        for t, e in list(self.events):
            if e.get("event") in kinds and e.get("file") == file:
                return t, e["event"]
        return None

    def alive(self) -> bool:
        return self.proc.poll() is None

    def tail(self, n: int = 15) -> str:
        return "\n".join(self.lines[-n:])

    def stop(self, timeout: float = 120) -> int | None:
        """SIGTERM to the watcher, then wait; the exit status (None if it hung)."""
        try:
            os.kill(self.proc.pid, signal.SIGTERM)  # the watcher alone, as systemd does
        except ProcessLookupError:
            pass
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            rc = None
        self._reader.join(timeout=5)
        return rc


class BenchError(RuntimeError):
    pass


def wait_until(pred: Callable[[], bool], timeout: float, w: WatcherProc, what: str,
               step: float = 0.02) -> float:
    """Poll ``pred`` every ``step`` s; return time.time() when it first holds."""
    deadline = time.monotonic() + timeout
    while True:
        if pred():
            return time.time()
        if not w.alive():
            raise BenchError(f"watcher exited ({w.proc.returncode}) waiting for {what}:\n{w.tail()}")
        if time.monotonic() > deadline:
            raise BenchError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(step)


# --------------------------------------------------------------------------- one mode


@dataclass
class ModeResult:
    mode: str
    polling: str
    settle: float
    poll_interval: float | None
    ok: bool = True
    errors: list[str] = field(default_factory=list)
    startup_s: float | None = None
    #: per latency file: seconds from the rename into the hot folder
    claim_s: list[float] = field(default_factory=list)
    filed_s: list[float] = field(default_factory=list)
    #: arrival of the ``claimed`` log line minus the claim seen on disk
    claim_log_lag_s: list[float] = field(default_factory=list)
    burst_files: int = 0
    burst_done: int = 0
    burst_pages: int = 0
    burst_wall_s: float | None = None
    burst_first_claim_s: float | None = None
    burst_last_claim_s: float | None = None
    burst_cpu_s: float | None = None
    burst_host_busy: float | None = None
    burst_group_procs: int | None = None
    #: sum of the ``seconds`` of the burst's ``filed`` log lines (time inside the workers)
    burst_worker_s: float | None = None
    workers: int | None = None
    run_cpu_s: float | None = None
    exit_code: int | None = None

    @property
    def files_per_min(self) -> float | None:
        return self.burst_done / self.burst_wall_s * 60 if self.burst_wall_s else None

    @property
    def pages_per_min(self) -> float | None:
        return self.burst_pages / self.burst_wall_s * 60 if self.burst_wall_s else None

    @property
    def worker_busy(self) -> float | None:
        """Share of the burst's wall time the workers spent on documents."""
        if self.burst_worker_s is None or not self.burst_wall_s or not self.workers:
            return None
        return self.burst_worker_s / self.burst_wall_s / self.workers

    @property
    def burst_cpu_use(self) -> float | None:
        if self.burst_cpu_s is None or not self.burst_wall_s:
            return None
        return self.burst_cpu_s / self.burst_wall_s / CORES

    def as_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(
            latency_to_claim=stats(self.claim_s),
            latency_to_claim_minus_settle=stats([x - self.settle for x in self.claim_s]),
            latency_to_filed=stats(self.filed_s),
            files_per_min=self.files_per_min,
            pages_per_min=self.pages_per_min,
            burst_cpu_use=self.burst_cpu_use,
            worker_busy=self.worker_busy,
        )
        return d


def new_home(home: Path, polling: str, settle: float, poll: float) -> Path:
    """``pindai init`` a fresh home and give it the one test profile; return its hot folder."""
    proc = subprocess.run([str(BIN / "pindai"), "init", "--home", str(home)],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise BenchError(f"pindai init failed ({proc.returncode}): {proc.stderr[-1500:]}")
    (home / "pindai.toml").write_text(PROFILE.format(settle=settle, polling=polling, poll=poll))
    return home / "inbox" / "uji"


def latency_phase(res: ModeResult, w: WatcherProc, hot: Path, staged: list[Path],
                  rng: random.Random) -> None:
    claim_timeout = res.settle * 4 + (res.poll_interval or 0) + 30
    for i, src in enumerate(staged):
        time.sleep(rng.uniform(0.1, 0.6))  # spread the drops over the watcher's tick phase
        name = src.name
        target = hot / name
        t0 = drop(src, hot)
        deadline = time.monotonic() + claim_timeout
        while target.exists():  # the claim renames it out of the hot folder
            if time.monotonic() > deadline:
                raise BenchError(f"{name} not claimed within {claim_timeout:.0f} s")
            time.sleep(CLAIM_POLL)
        t_claim = time.time()
        wait_until(lambda: w.event_time(("filed", "duplicate", "failed"), name) is not None,
                   300, w, f"{name} to be filed", step=0.01)
        t_done, kind = w.event_time(("filed", "duplicate", "failed"), name)  # type: ignore[misc]
        if kind != "filed":
            res.errors.append(f"{name}: {kind}")
            continue
        res.claim_s.append(t_claim - t0)
        res.filed_s.append(t_done - t0)
        logged = w.event_time("claimed", name)
        if logged:
            res.claim_log_lag_s.append(logged[0] - t_claim)
        say(f"  {res.mode} {i + 1}/{len(staged)} {name}: claimed {t_claim - t0:.3f} s,"
            f" filed {t_done - t0:.2f} s after complete")


def burst_phase(res: ModeResult, w: WatcherProc, home: Path, hot: Path, staged: list[Path]) -> None:
    base_docs, base_pages = catalogue(home)
    res.burst_files = len(staged)
    names = {p.name for p in staged}
    time.sleep(1.0)  # let the watcher go idle after the latency phase
    cpu0, _ = group_cpu(w.proc.pid)
    h0 = host_busy()
    t0 = time.time()
    for src in staged:
        drop(src, hot)
    say(f"  {res.mode}: {len(staged)} files dropped in {time.time() - t0:.3f} s")
    first_claim = last_claim = None
    timeout = max(300.0, 10.0 * len(staged))
    deadline = time.monotonic() + timeout
    last_say = time.monotonic()
    while True:
        now = time.time()
        left = len(names.intersection(os.listdir(hot)))
        if left < len(names) and first_claim is None:
            first_claim = now - t0
        if left == 0 and last_claim is None:
            last_claim = now - t0
        n, pages = catalogue(home)
        if n >= 0 and n - base_docs >= len(staged):
            break
        if not w.alive():
            raise BenchError(f"watcher exited ({w.proc.returncode}) during the burst:\n{w.tail()}")
        if time.monotonic() > deadline:
            res.errors.append(f"burst: only {n - base_docs} of {len(staged)} filed in {timeout:.0f} s")
            break
        failed = sum(1 for _, e in list(w.events) if e.get("event") in ("failed", "duplicate")
                     and e.get("file") in names)
        if failed and n - base_docs + failed >= len(staged):
            res.errors.append(f"burst: {failed} files not filed")
            break
        if time.monotonic() - last_say > 15:
            say(f"  {res.mode}: {n - base_docs}/{len(staged)} filed after {now - t0:.0f} s")
            last_say = time.monotonic()
        time.sleep(0.05)
    res.burst_wall_s = time.time() - t0
    cpu1, procs = group_cpu(w.proc.pid)
    res.burst_host_busy = busy_share(h0, host_busy())
    res.burst_cpu_s = cpu1 - cpu0
    res.burst_group_procs = procs
    n, pages = catalogue(home)
    res.burst_done, res.burst_pages = n - base_docs, pages - base_pages
    res.burst_first_claim_s, res.burst_last_claim_s = first_claim, last_claim
    res.burst_worker_s = sum(float(e.get("seconds") or 0) for _, e in list(w.events)
                             if e.get("event") == "filed" and e.get("file") in names)
    say(f"  {res.mode}: burst of {res.burst_done} filed in {res.burst_wall_s:.1f} s"
        f" ({res.files_per_min:.1f} files/min), CPU {res.burst_cpu_s:.1f} s")


def run_mode(mode: str, args: argparse.Namespace, work: Path, pngs: dict[int, bytes]) -> ModeResult:
    polling = MODES[mode]
    res = ModeResult(mode, polling, args.settle, args.poll_interval if polling == "yes" else None)
    home = work / f"home-{mode}"
    if home.exists():  # a previous run kept with --keep: start from a fresh home
        shutil.rmtree(home)
    hot = new_home(home, polling, args.settle, args.poll_interval)
    staging = home / "staging"  # same filesystem as the hot folder: renames are atomic
    staging.mkdir()
    lat = [staging / f"lat-{n:03d}.png" for n in range(args.latency_files)]
    burst = [staging / f"burst-{n:03d}.png" for n in range(args.burst)]
    for i, p in enumerate(lat + burst):
        p.write_bytes(pngs[i])
    reap_orphans(1.0)
    cpu0 = children_cpu()
    t_start = time.time()
    w = WatcherProc(home)
    try:
        wait_until(lambda: (hot / STATUS_FILE).exists(), 60, w, "the status file")
        res.startup_s = time.time() - t_start
        started = [e for _, e in w.events if e.get("event") == "watch_started"]
        res.workers = started[0].get("workers") if started else None
        say(f"{mode}: watcher up in {res.startup_s:.1f} s"
            + (f", workers {started[0].get('workers')}, polling {started[0].get('polling')}" if started else ""))
        if lat:
            latency_phase(res, w, hot, lat, random.Random(7))
        if burst:
            burst_phase(res, w, home, hot, burst)
    except BenchError as e:
        res.errors.append(str(e))
        say(f"{mode}: {e}")
    finally:
        res.exit_code = w.stop()
        reap_orphans()
        res.run_cpu_s = children_cpu() - cpu0
    if res.exit_code != 0:
        res.errors.append(f"watcher exit status {res.exit_code} after SIGTERM:\n{w.tail()}")
    res.ok = not res.errors
    return res


# --------------------------------------------------------------------------- report


def f(x: float | None, spec: str = ".2f") -> str:
    return "-" if x is None else format(x, spec)


def print_report(results: list[ModeResult], host: dict[str, Any]) -> None:
    print(f"pindai hot-folder benchmark: {host['latency_files']} latency files, burst of"
          f" {host['burst']}, tiny one-page PNGs (90x40 mm); settle {host['settle']} s,"
          f" poll interval {host['poll_interval']} s (polling mode); {host['cores']} cores,"
          f" load avg before {host['load_before']}, after {host.get('load_after', '?')}")
    print()
    print(f"{'mode':<9}{'settle':>7}{'poll':>6} | {'to claim s':^20} | {'claim-settle s':^20} |"
          f" {'filed s':^13} | {'burst':>5}{'wall s':>8}{'files/min':>10}{'pages/min':>10}"
          f"{'CPU use':>8}{'host':>6}  status")
    print(f"{'':<22} | {'p50':>6}{'p95':>7}{'max':>7} | {'p50':>6}{'p95':>7}{'max':>7} |"
          f" {'p50':>6}{'max':>7} |")
    for r in results:
        c = stats(r.claim_s)
        m = stats([x - r.settle for x in r.claim_s])
        e = stats(r.filed_s)
        status = "ok" if r.ok else "ERRORS: " + " | ".join(r.errors)[:400]
        print(f"{r.mode:<9}{r.settle:>7.2f}{f(r.poll_interval, '.1f'):>6} |"
              f" {f(c['p50']):>6}{f(c['p95']):>7}{f(c['max']):>7} |"
              f" {f(m['p50']):>6}{f(m['p95']):>7}{f(m['max']):>7} |"
              f" {f(e['p50']):>6}{f(e['max']):>7} |"
              f" {r.burst_done:>5}{f(r.burst_wall_s, '.1f'):>8}{f(r.files_per_min, '.1f'):>10}"
              f"{f(r.pages_per_min, '.1f'):>10}{f(r.burst_cpu_use, '.0%'):>8}"
              f"{f(r.burst_host_busy, '.0%'):>6}  {status}")
    print()
    for r in results:
        c, m, e = stats(r.claim_s), stats([x - r.settle for x in r.claim_s]), stats(r.filed_s)
        print(f"{r.mode}: latency from complete (rename) to claim, n={c['n']}:"
              f" min {f(c['min'], '.3f')} / median {f(c['p50'], '.3f')} / p95 {f(c['p95'], '.3f')}"
              f" / max {f(c['max'], '.3f')} s (settle {r.settle} s is part of it by design;"
              f" minus settle: min {f(m['min'], '.3f')} / median {f(m['p50'], '.3f')}"
              f" / p95 {f(m['p95'], '.3f')} / max {f(m['max'], '.3f')} s)")
        print(f"{'':<{len(r.mode) + 2}}end to end (complete to `filed` log line):"
              f" min {f(e['min'])} / median {f(e['p50'])} / p95 {f(e['p95'])} / max {f(e['max'])} s")
        print(f"{'':<{len(r.mode) + 2}}burst: first claim {f(r.burst_first_claim_s)} s, hot folder"
              f" empty {f(r.burst_last_claim_s, '.1f')} s, all {r.burst_done}/{r.burst_files} in the"
              f" catalogue {f(r.burst_wall_s, '.1f')} s; CPU {f(r.burst_cpu_s, '.1f')} s over"
              f" {r.burst_group_procs} processes ({f(r.burst_cpu_use, '.0%')} of {CORES} cores);"
              f" {r.workers} workers busy {f(r.worker_busy, '.0%')} of the wall;"
              f" whole watcher run CPU {f(r.run_cpu_s, '.1f')} s; start-up {f(r.startup_s, '.1f')} s;"
              f" exit status after SIGTERM {r.exit_code}")
    print()
    print("'to claim': the file renamed into the hot folder -> it leaves the hot folder (the"
          " watcher's claim), seen every 5 ms. 'CPU use': watcher + workers CPU over the burst"
          f" / wall / {CORES} cores; 'host': the whole machine's busy share over the burst"
          " (well above CPU use = other load, noisy figures). 'workers busy': the `seconds` of the"
          " burst's `filed` lines / wall / workers (near 100% = the workers, not the claiming, set"
          " the pace).")


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--latency-files", type=int, default=10, help="files dropped one at a time (default 10)")
    ap.add_argument("--burst", type=int, default=60, help="files dropped at once (default 60)")
    ap.add_argument("--settle", type=float, default=1.0, help="the profile's settle_seconds (default 1.0)")
    ap.add_argument("--poll-interval", type=float, default=1.0,
                    help="poll_interval in polling mode (default 1.0)")
    ap.add_argument("--modes", default="native,polling", help="comma-separated: native, polling")
    ap.add_argument("--keep", type=Path, default=None, help="work here and keep the homes")
    ap.add_argument("--out", type=Path, default=None, help="also write the figures as JSON")
    args = ap.parse_args(argv)
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    bad = [m for m in args.modes if m not in MODES]
    if bad:
        ap.error(f"unknown mode(s) {bad}; choose from {list(MODES)}")
    return args


def bench(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    host = {
        "latency_files": args.latency_files,
        "burst": args.burst,
        "settle": args.settle,
        "poll_interval": args.poll_interval,
        "modes": args.modes,
        "cores": os.cpu_count(),
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "subreaper": become_subreaper(),
    }
    n = args.latency_files + args.burst
    say(f"generating {n} tiny scans")
    pngs = {i: tiny_scan_bytes(i) for i in range(n)}
    results = []
    for mode in args.modes:
        say(f"mode {mode} ...")
        try:
            results.append(run_mode(mode, args, work, pngs))
        except Exception as e:  # noqa: BLE001 - a broken mode must not end the benchmark
            r = ModeResult(mode, MODES[mode], args.settle, None, ok=False,
                           errors=[f"{type(e).__name__}: {e}"])
            results.append(r)
            say(f"{mode}: {r.errors[0]}")
    host["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print_report(results, host)
    return {"host": host, "modes": [r.as_json() for r in results]}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        figures = bench(args, args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="pindai-bench-watch-") as tmp:
            figures = bench(args, Path(tmp))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
        say(f"figures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
