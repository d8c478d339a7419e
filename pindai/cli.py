"""The ``pindai`` command: parses, calls the library, prints. No logic lives here."""

from __future__ import annotations

import functools
import json
import logging
import os
import sqlite3
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The pindai command owns its process: pindai keeps the cores busy with pages and
# documents side by side, and NumPy's OpenBLAS threads would only spin between its
# small products, costing CPU the pages need (#2). Set here, before anything imports
# NumPy, not in the library (#15); an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import click  # noqa: E402
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pindai import __version__, _pool, archive
from pindai.config import load_settings, resolve_home
from pindai.domain import DIP_TYPES, GROUNDS, REGISTERS, SIDE_LABELS, STATUSES, register_label
from pindai.errors import ExitCode, PindaiError

if TYPE_CHECKING:
    from pindai.ingest import IngestResult

# The heavy stages (OCR, index, classifier) are imported by the commands that
# use them: every command starts faster, and ``pindai ingest`` starts its page
# workers before loading them (#2).

#: Logs and progress go to stderr; stdout is for results.
err_console = Console(stderr=True)

STEP_LABELS = {
    "checksum": "memeriksa",
    "store": "menyimpan asli",
    "prep": "meluruskan halaman",
    "ocr": "OCR",
    "validate": "validasi PDF/A",
    "classify": "klasifikasi",
    "file": "mengarsipkan",
    "catalog": "mencatat",
    "index": "mengindeks",
}


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose == 1:
        level = logging.INFO
    elif verbose >= 2:
        level = logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # OCRmyPDF narrates every page at INFO; that is noise for our users.
    logging.getLogger("ocrmypdf").setLevel(max(level, logging.WARNING))
    logging.getLogger("PIL").setLevel(logging.WARNING)


def _fail(message: str, code: ExitCode) -> None:
    """Print an error for people (never markup: settings tables look like ``[ocr]``) and exit."""
    err_console.print(f"[bold red]galat / error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(int(code))


def _output_closed() -> None:
    """The reader went away (``pindai search ... | head -1``): stop quietly, no traceback.

    Python would complain again when it flushes stdout at exit: point stdout at
    /dev/null first (the Python docs' recipe for SIGPIPE).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (tests): nothing will flush it
        pass
    sys.exit(int(ExitCode.output_closed))


def _no_access_message(filename: str | None) -> str:
    group = ""
    if filename:
        import grp

        try:
            group = grp.getgrgid(os.stat(filename).st_gid).gr_name
        except (OSError, KeyError):
            group = ""
    who = f"grup '{group}'" if group and group != "root" else "grup petugas PPID"
    return (f"Tidak punya akses / no access: {filename or 'berkas pindai'} tidak boleh dibuka akun ini. "
            f"Perintah ini untuk pengguna layanan pindai dan anggota {who}; minta admin TI menambahkan "
            f"akun Anda ke grup itu. (this account may not open it: only the pindai service user and the "
            f"PPID officers' group may; ask the IT admin to add you to the group)")


def _handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Map our errors to their exit codes and a message; unknown ones to a traceback.

    Also what any command may meet: the reader of the output going away (a
    broken pipe), a file the user may not read (not in the PPID group, #14),
    a catalogue that turns out damaged while it is read (#14).
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PindaiError as e:
            _fail(str(e), e.exit_code)
        except BrokenPipeError:
            _output_closed()
        except PermissionError as e:
            _fail(_no_access_message(e.filename), ExitCode.no_access)
        except sqlite3.DatabaseError as e:
            from pindai.catalog import explain_database_error

            err = explain_database_error(e)
            if err is None:
                _unexpected()
            _fail(str(err), err.exit_code)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception:  # noqa: BLE001
            _unexpected()

    return wrapper


def _unexpected() -> None:
    traceback.print_exc()
    err_console.print("[bold red]Kesalahan tak terduga; laporkan ke admin TI dengan pesan di atas.[/]")
    sys.exit(int(ExitCode.internal))


class _JsonLines(logging.Formatter):
    """One JSON object per line on stderr, for ``pindai watch`` under systemd (journalctl).

    The watcher's events are JSON already and pass as they are; any other
    record (a warning, an error) is wrapped, so that every line parses.
    """

    def format(self, record: logging.LogRecord) -> str:
        msg = record.getMessage()
        if msg.startswith("{"):
            try:
                event = json.loads(msg)
            except ValueError:
                event = None
            if isinstance(event, dict) and "event" in event:
                if "doc" in event:  # "doc" is the old name, kept for one release (docs/json.md)
                    event = {**event, "document_id": event["doc"]}
                return json.dumps(event, ensure_ascii=False)
        from datetime import datetime

        out = {"ts": datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="seconds"),
               "event": "log", "level": record.levelname.lower(), "logger": record.name, "message": msg}
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def _log_events_as_json(quiet: bool) -> None:
    """The watcher logs one JSON line per event on stderr, also without -v (the README's promise, #13)."""
    for handler in logging.getLogger().handlers:
        handler.setFormatter(_JsonLines())
    if not quiet:
        events = logging.getLogger("pindai.watch_folders")
        events.setLevel(min(logging.getLogger().level, logging.INFO))


def _settings(home: Path | None) -> Any:
    """The home's settings, for a command that works on its catalogue.

    A missing, empty or damaged catalogue stops the command here, before it
    takes a lock or writes a file (#14): opening it checks it.
    """
    from pindai.catalog import Catalog

    settings = load_settings(home)
    Catalog(settings.home.catalog).close()
    return settings


# --- machine output: --json / --nl, one set of field names (#13, #15)

#: Output formats a command with @output_options accepts; None: text for people.
OutputFormat = str | None


def output_options(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--json`` and ``--nl`` for a command that prints records (sqlite-utils ``output_options``).

    Both set the command's ``as_json`` parameter to ``"json"`` or ``"nl"``
    (None without them). ``--nl`` prints every record as one JSON line;
    ``--json`` does the same, except that a command printing one object may
    indent it. Print with :func:`output_rows` / :func:`output_one`.
    """

    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn = click.option("--nl", "as_json", flag_value="nl",
                          help="Newline-delimited JSON: one object per line.")(fn)
        return click.option("--json", "as_json", flag_value="json", help=help_text)(fn)

    return decorator


def output_rows(rows: Any, fmt: OutputFormat = "nl") -> None:
    """Each record as one line of JSON, as it comes (a stream: ingest prints while it works)."""
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False, default=str))


def output_one(obj: dict[str, Any], fmt: OutputFormat, *, indent: int | None = None) -> None:
    """One object: indented for ``--json`` when ``indent``, always one line for ``--nl``."""
    click.echo(json.dumps(obj, ensure_ascii=False, default=str, indent=indent if fmt == "json" else None))


def document_fields(record: dict[str, Any], home: Path | None = None) -> dict[str, Any]:
    """A document record under the names of docs/json.md: ``id``, ``path`` (the PDF/A, absolute),
    ``register``, ``dip_type``, ``ground``, ``status``, ``side``; old names kept as aliases."""
    out = dict(record)
    if "doc_id" in out and "id" not in out:
        out = {"id": out["doc_id"], **out}
    for key in ("register", "dip_type", "ground"):
        if out.get(key) == "":  # the index stores "" for none; the catalogue says null
            out[key] = None
    if "pdfa_path" in out and "path" not in out and home is not None:
        out["path"] = str(home / out["pdfa_path"])
    return out


home_option = click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="pindai home folder. Default: $PINDAI_HOME, else ~/.local/share/pindai.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pindai")
@click.option("-v", "--verbose", count=True, help="More log detail on stderr (-vv: debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr; no progress bar.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """pindai: scan, OCR and file documents for the PPID (DIP / DIK registers)."""
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet
    _configure_logging(verbose, quiet)


@cli.command()
@home_option
@click.option("--group", default="", help="Group of PPID officers given read access to restricted folders.")
@_handle_errors
def init(home: Path | None, group: str) -> None:
    """Create a pindai home: folders, permissions and a commented pindai.toml.

    Existing folders and settings are kept; running it again is safe.

    Example:

        pindai init --home /srv/pindai --group ppid
    """
    from pindai.catalog import Catalog

    h = resolve_home(home)
    created = archive.init_home(h, group=group)
    if not h.catalog.exists():
        Catalog(h.catalog).close()  # refuses beside stored originals: a lost catalogue is restored, not re-made
        if group:
            import shutil

            shutil.chown(h.catalog, group=group)  # the officers read it, like the restricted folders
        created.append(h.catalog)
    click.echo(f"Rumah pindai siap / pindai home ready: {h.root}")
    for p in created:
        click.echo(f"  dibuat / created: {p.relative_to(h.root) if p != h.root else '.'}")
    click.echo(f"Letakkan pindaian di / put scans in: {h.inbox / 'default'}")


@cli.command(name="doctor")
@output_options("One JSON object per check.")
@_handle_errors
def doctor_cmd(as_json: OutputFormat) -> None:
    """Check external programs, Tesseract languages and libraries; say how to fix.

    Example:

        pindai doctor
    """
    from pindai import doctor

    checks = doctor.run_checks()
    if as_json:
        output_rows((c.__dict__ for c in checks), as_json)
    else:
        table = Table(title="pindai doctor")
        for col in ("", "komponen", "versi", "untuk", "perbaikan / fix"):
            table.add_column(col)
        for c in checks:
            mark = "[green]OK[/]" if c.ok else ("[red]HILANG[/]" if c.required else "[yellow]opsional[/]")
            table.add_row(mark, c.name, c.version, c.purpose, c.fix)
        Console().print(table)
    hint = doctor.install_hint(checks)
    missing = [c for c in checks if not c.ok and c.required]
    if hint:
        err_console.print(f"Pasang yang kurang / install what is missing:\n  {hint}", highlight=False)
    if missing:
        sys.exit(int(ExitCode.missing_dependency))


def _ingest_fields(r: IngestResult) -> dict[str, Any]:
    """``result``: filed, duplicate or failed; ``status`` is its old name here for one release,
    ``review_status`` the document's status (docs/json.md)."""
    out = r.as_json()
    return {"source": out["source"], "result": out["status"], **out}


def _human_line(r: IngestResult) -> str:
    if r.status == "filed":
        register = {"DIP": f"DIP ({r.dip_type})", "DIK": f"DIK huruf {r.ground}"}.get(
            r.register or "", "belum diklasifikasi")
        held = " ditahan untuk diperiksa petugas" if r.held else ""
        rescan = f"  PINDAI ULANG hlm {', '.join(map(str, r.rescan_pages))}" if r.rescan_pages else ""
        pdfa = "" if r.pdfa_valid else "  (PDF/A tidak lolos validasi)"
        part = f" (dokumen {r.part}/{r.parts})" if r.parts > 1 else ""
        return (f"DIARSIPKAN  #{r.id} {r.source}{part}: {r.pages} hlm, {register},"
                f" status {r.review_status}{held} -> {r.path}{rescan}{pdfa}")
    if r.status == "duplicate":
        return f"DUPLIKAT    {r.source}: sama dengan dokumen #{r.id} ({r.path}); salinan dipindah ke {r.quarantined}"
    where = f"; berkas dipindah ke {r.quarantined}" if r.quarantined else ""
    return f"GAGAL       {r.source}: {r.error}{where}"


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@home_option
@click.option("--profile", default=None, help="Device profile from pindai.toml (default: 'default').")
@click.option("--copy", is_flag=True, help="Leave the input files where they are (copy them in).")
@click.option("--queue", "to_queue", is_flag=True,
              help="Claim the files, then send them to the Celery workers ([cluster] broker) instead of "
                   "processing them here.")
@output_options("One JSON object per document on stdout.")
@click.pass_context
@_handle_errors
def ingest(ctx: click.Context, files: tuple[Path, ...], home: Path | None, profile: str | None,
           copy: bool, to_queue: bool, as_json: OutputFormat) -> None:
    """Process FILES now, in order: straighten, OCR to PDF/A, classify, file, catalogue.

    Each FILE is moved into pindai: its original is kept in originals/ and the
    PDF/A filed in the archive; a file that cannot be processed is moved to
    failed/ with a reason file (*.alasan.txt). Jobs a crash left unfinished are
    completed first. Exit status 2 when any file failed.

    Example:

        pindai ingest --profile default scan-001.pdf foto-surat.jpg
    """
    settings = _settings(home)
    settings.profile(profile)  # unknown profile: fail before touching any file
    if to_queue:
        _ingest_queue(settings, files, profile=profile, copy=copy, as_json=as_json)
        return
    if settings.ocr.jobs > 1:
        _pool.start_server()  # it loads OpenCV on one core while this process loads the stages
    from pindai.ingest import Ingestor

    show_progress = not ctx.obj["quiet"] and err_console.is_terminal
    results: list[IngestResult] = []
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, disable=not show_progress, transient=True,
    ) as bar:
        task = bar.add_task("pindai", total=len(files))

        def on_step(name: str, step: str) -> None:
            bar.update(task, description=f"{name}: {STEP_LABELS.get(step, step)}")

        with Ingestor(settings, progress=on_step) as ingestor:
            for r in ingestor.ingest_many(files, profile=profile, copy=copy):
                results.append(r)
                if as_json:
                    output_rows([_ingest_fields(r)], as_json)
                else:
                    click.echo(_human_line(r))
                bar.advance(task)
    failed = sum(r.status == "failed" for r in results)
    filed = sum(r.status == "filed" for r in results)
    dups = sum(r.status == "duplicate" for r in results)
    if not as_json:
        err_console.print(f"Selesai: {filed} diarsipkan, {dups} duplikat, {failed} gagal.", highlight=False)
    if failed:
        sys.exit(int(ExitCode.input_failed))


def _ingest_queue(settings: Any, files: tuple[Path, ...], *, profile: str | None, copy: bool,
                  as_json: OutputFormat) -> None:
    """``pindai ingest --queue``: claim, send as tasks, report (#19)."""
    from pindai import cluster

    counts = {"queued": 0, "kept": 0, "failed": 0}
    for r in cluster.queue_files(settings, list(files), profile=profile, copy=copy):
        counts[r["result"]] += 1
        if as_json:
            output_rows([r], as_json)
        elif r["result"] == "queued":
            click.echo(f"DIKIRIM     {r['source']}: pekerjaan #{r['job']} ke antrean (sent to the workers)")
        elif r["result"] == "kept":
            click.echo(f"DISIMPAN    {r['source']}: pekerjaan #{r['job']} menunggu antrean (kept until the "
                       "queue is back)")
        else:
            click.echo(f"GAGAL       {r['source']}: {r['error']}")
    if not as_json:
        err_console.print(f"Selesai: {counts['queued']} dikirim, {counts['kept']} disimpan, "
                          f"{counts['failed']} gagal.", highlight=False)
    if counts["kept"]:
        err_console.print(cluster.BROKER_DOWN.format(broker=cluster.safe_broker(settings.cluster.broker),
                                                     n=counts["kept"])
                          + " Pengawas (pindai watch) mengirimnya. / The watcher sends them.", highlight=False)
        sys.exit(int(ExitCode.broker_unreachable))
    if counts["failed"]:
        sys.exit(int(ExitCode.input_failed))


@cli.command()
@home_option
@click.option("--concurrency", type=click.IntRange(1, 256), default=None,
              help="Documents at once (default: one per CPU core; always 1 for the index queue alone).")
@click.option("--queues", default="documents", show_default=True,
              help="Comma-separated queues to serve: documents, index. The index writer is "
                   "'--queues index' (one per home).")
@_handle_errors
def worker(home: Path | None, concurrency: int | None, queues: str) -> None:
    """Run a Celery worker that files the jobs sent by the watcher or 'ingest --queue'.

    Needs [cluster] broker in pindai.toml and the home on storage every worker
    shares. Each job runs exactly as in 'pindai watch'; a job a lost worker
    left is run again by another, once. Stop with SIGTERM (finishes the
    documents in hand).

    Example:

    \b
        pindai worker --home /srv/pindai --concurrency 2
        pindai worker --home /srv/pindai --queues index
    """
    from pindai import cluster

    settings = _settings(home)
    cluster.parse_queues(queues)  # a wrong name fails before the worker starts
    cluster.run_worker(settings, queues=queues, concurrency=concurrency,
                       loglevel="INFO" if logging.getLogger().level <= logging.INFO else "WARNING")


@cli.command()
@home_option
@click.option("--once", is_flag=True, help="Process what is in the hot folders now, then exit.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: one per CPU core).")
@click.pass_context
@_handle_errors
def watch(ctx: click.Context, home: Path | None, once: bool, workers: int | None) -> None:
    """Serve every profile's hot folder: take complete scans, file them, keep going.

    Logs one JSON line per event on stderr (never document text). Each hot
    folder gets a STATUS-pindai.txt and a GAGAL folder for failed files with
    their reasons. SIGTERM finishes the work in hand; unfinished jobs resume
    at the next start. Exit status 2 with --once when a file failed.

    Example:

        pindai watch --home /srv/pindai
    """
    import signal

    from pindai.watch_folders import Watcher

    settings = _settings(home)
    _log_events_as_json(ctx.obj["quiet"])
    watcher = Watcher(settings, workers=workers)

    def stop(signum: int, _frame: object) -> None:
        watcher.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    summary = watcher.run(once=once)
    if err_console.is_terminal:  # for a person; the log has it as the watch_stopped event
        err_console.print(
            f"Selesai: {summary.filed} diarsipkan, {summary.duplicate} duplikat, {summary.failed} gagal.",
            highlight=False,
        )
    if once and summary.failed:
        sys.exit(int(ExitCode.input_failed))


@cli.command()
@home_option
@output_options("One JSON object per profile.")
@_handle_errors
def profiles(home: Path | None, as_json: OutputFormat) -> None:
    """List device profiles with their effective settings (presets applied).

    Example:

        pindai profiles --home /srv/pindai
    """
    settings = load_settings(home)
    rows = []
    for p in settings.profiles.values():
        row = {k: (list(v) if isinstance(v, tuple) else str(v) if not isinstance(v, (int, float, bool)) else v)
               for k, v in p.__dict__.items()}
        row["folder"] = str(settings.hot_folder(p))
        rows.append(row)
    if as_json:
        output_rows(rows, as_json)
        return
    table = Table(title=f"profil perangkat / device profiles ({settings.home.settings_file})")
    cols = ["name", "preset", "kind", "folder", "unit", "dpi", "colour", "split", "drop_blank_backs",
            "settle_seconds", "polling"]
    for c in cols:
        table.add_column(c)
    for row in rows:
        table.add_row(*(str(row[c]) for c in cols))
    Console(width=200).print(table)


@cli.command(name="separator-sheet")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("lembar-pemisah.pdf"), show_default=True, help="PDF to write.")
@click.option("--copies", type=click.IntRange(1, 500), default=10, show_default=True)
@_handle_errors
def separator_sheet(output: Path, copies: int) -> None:
    """Write the separator sheet to print: put one between documents in the ADF.

    Profiles with split = "separator" start a new document at each sheet; the
    sheet itself is not archived.

    Example:

        pindai separator-sheet -o pemisah.pdf --copies 20
    """
    from pindai.ocr._split import write_separator_sheet

    write_separator_sheet(output, copies=copies)
    click.echo(f"Lembar pemisah / separator sheet: {output} ({copies} halaman)")


def _suggestion_lines(s: dict) -> list[str]:
    if s["register"] == "DIK":
        head = f"Usulan: DIK, Pasal 17 huruf {s['ground']}"
    else:
        head = f"Usulan: DIP ({s['dip_type']})"
    held = "ditahan untuk diperiksa petugas" if s["held"] else "dapat langsung diarsipkan publik"
    lines = [f"{head}; keyakinan {s['confidence']:.2f}; {held}", "Bukti / evidence:"]
    for e in s["evidence"][:12]:
        page = f"hlm {e['page']}" if e.get("page") else "-"
        lines.append(f"  [{e['points_to']}] {e['signal']} ({page}): {e['text']}")
    if not s["evidence"]:
        lines.append("  (tidak ada sinyal)")
    return lines


@cli.command(name="classify")
@click.argument("source", required=False)
@click.option("--text", "text_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Classify a plain text file.")
@home_option
@output_options("Print the suggestion as JSON.")
@_handle_errors
def classify_cmd(source: str | None, text_file: Path | None, home: Path | None, as_json: OutputFormat) -> None:
    """Suggest DIP or DIK, the DIP type or Pasal 17 ground, with the evidence.

    SOURCE is a document id in the catalogue, a PDF or image (OCRed on the
    way), or "-" for text on standard input.

    Example:

        pindai classify surat.pdf --json
    """
    from pindai import classify
    from pindai.classify.evaluate import ocr_pages

    h = resolve_home(home)
    model_path = classify.model_for(h)
    if text_file is not None:
        pages = text_file.read_text(encoding="utf-8").split("\f")
    elif source == "-":
        pages = sys.stdin.read().split("\f")
    elif source and source.isdigit() and not Path(source).exists():
        from pindai.catalog import Catalog

        with Catalog(h.catalog) as cat:
            rows = cat.page_rows(int(source))
        if not rows:
            raise click.ClickException(f"Dokumen #{source} tidak ada di katalog / no such document")
        pages = [r["text"] for r in rows]
    elif source:
        pages = ocr_pages(Path(source))
    else:
        raise click.UsageError("Give SOURCE, --text FILE or -")
    result = classify.suggest(pages, model_path=model_path).as_dict()
    if as_json:
        output_one(result, as_json)
    else:
        click.echo("\n".join(_suggestion_lines(result)))


@cli.command()
@home_option
@click.option("--corpus-only", is_flag=True,
              help="Build the model shipped with pindai from the project's corpus alone.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the model (default: <home>/model/model.npz, or the "
                   "packaged model with --corpus-only).")
@_handle_errors
def train(home: Path | None, corpus_only: bool, output: Path | None) -> None:
    """Retrain the classifier: the project's corpus plus the officers' confirmed decisions.

    Example:

        pindai train --home /srv/pindai
    """
    from pindai.classify import model

    def announce(decisions: int) -> None:
        err_console.print(f"Melatih model / training ({decisions} keputusan petugas)...", highlight=False)

    done = model.retrain(None if corpus_only else _settings(home), output=output, announce=announce)
    click.echo(f"Model {done.model.version} -> {done.output}")


@cli.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@home_option
@output_options("Print the figures as JSON.")
@_handle_errors
def evaluate(folder: Path, home: Path | None, as_json: OutputFormat) -> None:
    """Measure the classifier and the register's metadata on FOLDER.

    FOLDER holds texts (.txt) or scans, with labels.csv (register, DIP type,
    ground) and/or metadata.csv (title, number, date, place, issuer). Prints
    the confusion matrix, DIK recall, DIP precision, DIP type and ground
    accuracy and the documents that would have leaked; and, per metadata
    field, the share read right, numbers invented and dates of birth taken.

    Example:

        pindai evaluate corpus-uji/
    """
    from pindai.classify import model_for
    from pindai.classify.evaluate import evaluate as run_evaluation
    from pindai.classify.evaluate import evaluate_metadata

    has_labels, has_meta = (folder / "labels.csv").is_file(), (folder / "metadata.csv").is_file()
    if not (has_labels or has_meta):
        raise click.ClickException(
            f"{folder} tidak berisi labels.csv atau metadata.csv: tambahkan salah satunya "
            "(no labels.csv or metadata.csv in the folder; add one)")
    model_path = model_for(resolve_home(home))
    report = meta = None
    with Progress(TextColumn("{task.description}"), console=err_console,
                  disable=not err_console.is_terminal, transient=True) as bar:
        task = bar.add_task("evaluasi")
        step = lambda f: bar.update(task, description=f"evaluasi: {f}")  # noqa: E731
        if has_labels:
            report = run_evaluation(folder, model_path=model_path, progress=step)
        if has_meta:
            meta = evaluate_metadata(folder, progress=step)
    summary = report.summary() if report else {}
    if meta:
        summary = {**summary, "metadata": meta.summary()} if report else meta.summary()
    if as_json:
        output_one(summary, as_json)
    else:
        if report:
            _print_classification(report, summary)
        if meta:
            _print_metadata(meta.summary())
    if report and report.leaks:
        sys.exit(int(ExitCode.input_failed))


def _print_classification(report: Any, summary: dict[str, Any]) -> None:
    table = Table(title="matriks kebingungan / confusion (benar -> usulan)")
    table.add_column("benar \\ usulan")
    for col in ("DIP", "DIK"):
        table.add_column(col)
    for row in ("DIP", "DIK"):
        table.add_row(row, *(str(report.confusion.get((row, col), 0)) for col in ("DIP", "DIK")))
    Console().print(table)
    for key in ("documents", "register_accuracy", "dik_recall", "dip_precision", "ground_accuracy",
                "dip_type_accuracy", "public_held"):
        click.echo(f"{key}: {summary[key]}")
    click.echo(f"BOCOR / leaked ({len(report.leaks)}): {', '.join(summary['leaks']) or '-'}")
    click.echo(f"jebakan salah / traps wrong: {', '.join(summary['traps_wrong']) or '-'}")
    click.echo(f"DIK tanpa bukti / without evidence: {', '.join(summary['dik_without_evidence']) or '-'}")


def _print_metadata(m: dict[str, Any]) -> None:
    table = Table(title=f"metadata register ({m['documents']} dokumen) / register metadata")
    table.add_column("kolom / field")
    table.add_column("benar / right")
    table.add_column("salah / wrong (contoh / examples)")
    names = {"title": "judul / title", "number": "nomor / number", "date": "tanggal / date",
             "place": "tempat / place", "issuer": "penerbit / issuer", "summary": "ringkasan (kalimat utuh) / summary"}
    for key, label in names.items():
        share = m["summary_sentence_end" if key == "summary" else key]
        table.add_row(label, f"{share:.1%}", ", ".join(m["wrong"][key][:3]) or "-")
    Console().print(table)
    click.echo(f"nomor karangan / numbers invented ({len(m['numbers_invented'])}): "
               f"{', '.join(m['numbers_invented']) or '-'}")
    click.echo(f"tanggal lahir sebagai tanggal dibuat / dates of birth ({len(m['dates_of_birth'])}): "
               f"{', '.join(m['dates_of_birth']) or '-'}")


# --- review (#6)


def _officer_catalog(home: Path | None):  # noqa: ANN202
    """The catalogue, for PPID officers only (it holds exempt text)."""
    from pindai import review

    settings = _settings(home)
    return settings, review.open_catalog(settings)


def _record_lines(rec: Any, trail: list[dict[str, Any]]) -> list[str]:
    state = "diputuskan" if rec.decided else "saran sistem, belum diputuskan"
    lines = [
        f"Dokumen #{rec.id}: {rec.title}",
        f"  Status: {rec.status} ({state}); arsip: {SIDE_LABELS[rec.side]}",
        f"  Register: {register_label(rec.register, rec.dip_type, rec.ground)}"
        + (f"; keyakinan saran {rec.confidence:.2f}" if rec.confidence is not None else ""),
        f"  Nomor: {rec.number or '-'}",
        f"  Waktu dan tempat pembuatan: {rec.made or '-'}",
        f"  Penanggung jawab pembuatan: {rec.issuer or '-'}",
        f"  Pejabat/unit yang menguasai: {rec.holder or '-'}; unit kerja: {rec.unit}",
        f"  Ringkasan isi: {rec.summary or '-'}",
        f"  Bentuk informasi: {rec.form or '-'}; retensi: {rec.retention or '-'} (jenis arsip: {rec.kind})",
        f"  Diterima: {rec.received_at}; profil: {rec.profile}; halaman: {rec.pages}"
        + (f"; pindai ulang disarankan: hlm {', '.join(map(str, rec.rescan_pages))}" if rec.rescan_pages else "")
        + (f"; urutan teks tabel perlu diperiksa: hlm {', '.join(map(str, rec.order_unsure_pages))}"
           if rec.order_unsure_pages else ""),
        f"  Berkas PDF/A: {rec.pdfa_path}",
    ]
    if rec.register == "DIK" and rec.decided:
        lines += [
            f"  Jangka waktu pengecualian: {rec.period or '-'}; tinjau ulang: {rec.next_review or '-'}",
            f"  Keputusan penetapan: {rec.decision_ref or '- (belum ada: status tetap usulan)'}",
            f"  Konsekuensi bila dibuka: {rec.consequence or '-'}",
            f"  Kepentingan publik: {rec.public_interest or '-'}; dasar hukum lain: {rec.legal_basis or '-'}",
            f"  Dapat dibuka setelah dihitamkan: {rec.redaction or '-'}",
        ]
    lines.append("  Bukti saran / evidence:")
    lines += [f"    [{e['points_to']}] {e['signal']} (hlm {e.get('page') or '-'}): {e['text']}"
              for e in rec.evidence[:12]] or ["    (tidak ada sinyal)"]
    if trail:
        lines.append("  Jejak audit / audit trail:")
        from pindai.review import describe_change

        for a in trail:
            why = f"; alasan: {a['reason']}" if a.get("reason") else ""
            lines.append(f"    {a['at']} {a['actor']} {a['action']}: {describe_change(a)}{why}")
    return lines


@cli.group(name="review", invoke_without_command=True)
@home_option
@click.option("--all", "show_all", is_flag=True, help="All documents, not only those waiting.")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@output_options("One JSON object per document.")
@click.pass_context
@_handle_errors
def review_group(ctx: click.Context, home: Path | None, show_all: bool, limit: int, as_json: OutputFormat) -> None:
    """Documents waiting for an officer's decision, newest first; then the DIK
    entries waiting for the Keputusan that sets them (menunggu Keputusan penetapan).

    Each line shows the suggestion, its confidence and its strongest evidence.
    Decide with `pindai review accept ID` or `pindai review set ID ...`.

    Example:

        pindai review --limit 20
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"home": home}
        return
    from pindai import review

    settings, cat = _officer_catalog(home)
    with cat:
        if show_all:
            recs = review.records(cat, settings, order="newest")
            waiting_ids = set(cat.awaiting_keputusan_ids())
            queues = {r.id: ("menunggu_keputusan" if not r.decided else
                             "menunggu_penetapan" if r.id in waiting_ids else None) for r in recs}
            waiting: list = []
        else:
            recs = review.pending(cat, settings)
            waiting = review.awaiting_keputusan(cat, settings)
            queues = {**{r.id: "menunggu_keputusan" for r in recs},
                      **{r.id: "menunggu_penetapan" for r in waiting}}
    recs, waiting = recs[:limit], waiting[:limit]
    if as_json:
        output_rows(({**document_fields(r.as_dict(), settings.home.root), "queue": queues.get(r.id)}
                     for r in [*recs, *waiting]), as_json)
        return
    if not recs:
        click.echo("Tidak ada dokumen yang menunggu keputusan. (nothing waits for review)")
    else:
        table = Table("ID", "Diterima", "Unit", "Saran", "Yakin", "Status", "Judul", "Bukti utama")
        for r in recs:
            table.add_row(str(r.id), r.received_at[:10], r.unit, register_label(r.register, r.dip_type, r.ground),
                          f"{r.confidence:.2f}" if r.confidence is not None else "-", r.status, r.title[:60],
                          ", ".join(dict.fromkeys(e["signal"] for e in r.evidence[:3])) or "-")
        Console().print(table)
        click.echo(f"{len(recs)} dokumen. Lihat rinciannya: pindai review show ID")
    if waiting:
        table = Table("ID", "Diputuskan", "Oleh", "Register", "Jangka waktu", "Judul",
                      title="Menunggu Keputusan penetapan (DIK usulan, awaiting the Keputusan)")
        for r in waiting:
            table.add_row(str(r.id), (r.decided_at or "")[:10], r.decided_by or "-",
                          register_label(r.register, r.dip_type, r.ground), r.period or "-", r.title[:60])
        Console().print(table)
        click.echo(f"{len(waiting)} DIK menunggu Keputusan penetapan. Catat dengan: "
                   "pindai review set ID... --decision \"Keputusan ... Nomor ... tanggal ...\"")


def _review_home(ctx: click.Context, home: Path | None) -> Path | None:
    return home or (ctx.obj or {}).get("home")


@review_group.command(name="show")
@click.argument("doc_id", type=int)
@home_option
@output_options("The document, its suggestion and audit trail as JSON.")
@click.pass_context
@_handle_errors
def review_show(ctx: click.Context, doc_id: int, home: Path | None, as_json: OutputFormat) -> None:
    """One document: metadata, suggestion and evidence, decision, audit trail.

    Example:

        pindai review show 42
    """
    from pindai import review

    settings, cat = _officer_catalog(_review_home(ctx, home))
    with cat:
        rec = review.record(cat, settings, doc_id)
        trail = review.audit_trail(cat, doc_id)
    if as_json:
        output_one({**document_fields(rec.as_dict(), settings.home.root), "audit": trail}, as_json, indent=2)
        return
    click.echo("\n".join(_record_lines(rec, trail)))


@review_group.command(name="accept")
@click.argument("doc_ids", nargs=-1, required=True)
@home_option
@click.option("--decision", "decision_ref", default=None,
              help="For a DIK: Keputusan number and date that sets it (status ditetapkan).")
@click.option("--confirm-public", default=None, metavar="ALASAN",
              help="Make public although the evidence says exempt (complete NIK, Sifat: RAHASIA...): "
                   "why (kept in the audit trail).")
@click.option("--reason", default="", help="Why (kept in the audit trail).")
@click.pass_context
@_handle_errors
def review_accept(ctx: click.Context, doc_ids: tuple[str, ...], home: Path | None,
                  decision_ref: str | None, confirm_public: str | None, reason: str) -> None:
    """Take the system's suggestion as the decision, for one or more documents (3 5 8-11).

    A DIP entry becomes `disahkan` and is filed public; a DIK entry stays
    `usulan` until it carries the Keputusan that sets it (--decision).
    Every document is checked before any is decided.

    Example:

        pindai review accept 12 13 14
    """
    from pindai import review

    ids = review.parse_ids(doc_ids)
    settings, cat = _officer_catalog(_review_home(ctx, home))
    with cat:
        recs = review.accept_many(settings, cat, ids, reason=reason, decision_ref=decision_ref,
                                  confirm_public=confirm_public)
    for rec in recs:
        click.echo(_decided_line(rec))


def _decided_line(rec: Any) -> str:
    line = (f"#{rec.id}: {register_label(rec.register, rec.dip_type, rec.ground)}, status {rec.status}, "
            f"arsip {SIDE_LABELS[rec.side]}")
    if rec.register == "DIK" and rec.status == "usulan":
        line += "; menunggu Keputusan penetapan (--decision)"
    return line


_META_OPTIONS = (
    ("title", "--title", "Judul."),
    ("number", "--number", "Nomor dokumen."),
    ("place", "--place", "Tempat pembuatan."),
    ("made_on", "--date", "Tanggal pembuatan: 25 Juni 2023, 25/06/2023 or 2023-06-25."),
    ("issuer", "--issuer", "Penanggung jawab pembuatan/penerbitan."),
    ("holder", "--holder", "Pejabat/unit yang menguasai informasi."),
    ("summary", "--summary", "Ringkasan isi."),
    ("form", "--form", "Bentuk informasi (softcopy/hardcopy)."),
    ("retention", "--retention", "Jangka waktu penyimpanan (JRA)."),
    ("kind", "--kind", "Jenis arsip (hasil_pemilihan, data_pemilih, surat...); retensi mengikutinya."),
    ("description", "--description", "Uraian informasi yang dikecualikan (register DIK)."),
)


def _meta_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for name, flag, help_text in reversed(_META_OPTIONS):
        fn = click.option(flag, f"meta_{name}", default=None, help=help_text)(fn)
    return fn


@review_group.command(name="set")
@click.argument("doc_ids", nargs=-1, required=True)
@home_option
@click.option("--register", type=click.Choice(REGISTERS), default=None)
@click.option("--type", "dip_type", type=click.Choice(DIP_TYPES), default=None)
@click.option("--ground", type=click.Choice(GROUNDS), default=None, help="Pasal 17 huruf.")
@click.option("--period", default=None,
              help='Jangka waktu: an end date (31/12/2030, 31 Desember 2030) or a condition ("sampai ...").')
@click.option("--decision", "decision_ref", default=None, help="Nomor dan tanggal Keputusan penetapan.")
@click.option("--consequence", default=None, help="Konsekuensi apabila dibuka (uji konsekuensi).")
@click.option("--public-interest", default=None, help="Kepentingan publik yang dipertimbangkan.")
@click.option("--legal-basis", default=None, help="Dasar hukum lain selain Pasal 17.")
@click.option("--redaction", default=None, help="Yang dapat dibuka setelah penghitaman.")
@click.option("--next-review", default=None, help="Tanggal peninjauan berikutnya (25/06/2027, 2027-06-25).")
@_meta_options
@click.option("--confirm-public", default=None, metavar="ALASAN",
              help="Make DIP although the evidence says exempt (complete NIK, Sifat: RAHASIA...): "
                   "why (kept in the audit trail).")
@click.option("--reason", default="", help="Why (kept in the audit trail).")
@click.pass_context
@_handle_errors
def review_set(ctx: click.Context, doc_ids: tuple[str, ...], home: Path | None, reason: str,
               **values: Any) -> None:
    """Decide or correct documents: register, DIP type or Pasal 17 ground, DIK columns, metadata.

    One decision may apply to several documents (3 5 8-11); each is checked
    first and audited on its own. Moving between DIP and DIK moves the PDF/A
    between the archives, its entry between the indexes, and takes it off any
    published website. Making public a document whose evidence says exempt
    (complete NIK or KK, "Sifat: RAHASIA", test results) needs --confirm-public.

    Example:

        pindai review set 7 --register DIK --ground h --period "sampai ada persetujuan tertulis pemilik data" \\
            --decision "Keputusan KPU Kabupaten Lahat Nomor 12 Tahun 2026, 3 Maret 2026" \\
            --consequence "Membuka data kesehatan peserta seleksi"
    """
    from pindai import review

    ids = review.parse_ids(doc_ids)
    meta = {k[5:]: v for k, v in values.items() if k.startswith("meta_") and v is not None}
    dec = review.Decision(**{k: v for k, v in values.items() if not k.startswith("meta_")},
                          meta=meta, reason=reason)
    settings, cat = _officer_catalog(_review_home(ctx, home))
    with cat:
        recs = review.decide_many(settings, cat, ids, dec)
    for rec in recs:
        click.echo(_decided_line(rec))
    if dec.period is not None and recs:
        rec = recs[0]
        if rec.period_end:
            click.echo(f"Jangka waktu dibaca sebagai TANGGAL: {rec.period} ({rec.period_end}) "
                       "(period taken as a date)")
        elif rec.period_condition:
            click.echo(f"Jangka waktu dibaca sebagai KONDISI (bukan tanggal): \"{rec.period_condition}\" "
                       "(period taken as a condition)")


@cli.command(name="search")
@click.argument("query", nargs=-1)
@home_option
@click.option("--exempt", is_flag=True, help="Also search exempt documents (PPID officers only).")
@click.option("--unit", default=None, help="Only this unit (sub-bagian).")
@click.option("--year", type=int, default=None, help="Only this year.")
@click.option("--register", type=click.Choice(REGISTERS), default=None)
@click.option("--type", "dip_type", type=click.Choice(DIP_TYPES), default=None)
@click.option("--ground", type=click.Choice(GROUNDS), default=None, help="Only this Pasal 17 letter (DIK).")
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--side", type=click.Choice(["public", "exempt"]), default=None,
              help="With --exempt: one side only.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1, 100000), default=1, show_default=True)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--fuzzy", is_flag=True, help="Tolerate OCR damage: match words one letter off.")
@output_options("One JSON object per result.")
@_handle_errors
def search_cmd(query: tuple[str, ...], home: Path | None, exempt: bool, unit: str | None,
               year: int | None, register: str | None, dip_type: str | None, ground: str | None,
               status: str | None, side: str | None, limit: int, page: int,
               sort: str, fuzzy: bool, as_json: OutputFormat) -> None:
    """Search the archive by what documents say.

    Words (stemmed: "pemutakhiran" finds "dimutakhirkan"), "exact phrases",
    AND / OR / NOT, and field:value (title, unit, register, dip_type, ground,
    status, number, year). The public side unless --exempt.

    Example:

        pindai search '"rapat pleno" rekapitulasi' --year 2024 --unit Umum
    """
    from pindai import index

    h = resolve_home(home)
    results = index.search(h, " ".join(query), exempt=exempt, unit=unit, year=year,
                           register=register, dip_type=dip_type, ground=ground, status=status, side=side,
                           limit=limit, page=page, sort=sort, fuzzy=fuzzy)
    if as_json:
        output_rows((document_fields(hit.__dict__) for hit in results.hits), as_json)
        return
    first = (results.page - 1) * limit + 1
    click.echo(("" if results.exact else "sekitar / about ") + f"{results.total} dokumen ditemukan / found"
               + (f"; hasil {first}-{first + len(results.hits) - 1}" if results.hits else ""))
    for hit in results.hits:
        label = f"{hit.register} {hit.dip_type or hit.ground}".strip()
        click.echo(f"\n#{hit.doc_id} {hit.title}\n  {hit.date}  {hit.unit}  {label}  [{hit.side}]"
                   f"\n  {hit.path}\n  {hit.snippet}")


@cli.group(name="index")
def index_group() -> None:
    """Maintain the full-text indexes (rebuild, check).

    Example:

        pindai index check --home /srv/pindai
    """


@index_group.command(name="rebuild")
@home_option
@_handle_errors
def index_rebuild(home: Path | None) -> None:
    """Rebuild both indexes from the catalogue (resumable if interrupted).

    Example:

        pindai index rebuild --home /srv/pindai
    """
    from pindai import index
    from pindai.catalog import Catalog

    settings = _settings(home)
    with Catalog(settings.home.catalog) as cat, Progress(
        TextColumn("indeks ulang / rebuild"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, disable=not err_console.is_terminal,
    ) as bar:
        task = bar.add_task("rebuild", total=None)
        n = index.rebuild(settings.home, cat, progress=lambda d, t: bar.update(task, completed=d, total=t))
    click.echo(f"Indeks dibangun ulang / rebuilt: {n} dokumen")


@index_group.command(name="check")
@home_option
@output_options("Print the drift as JSON.")
@_handle_errors
def index_check(home: Path | None, as_json: OutputFormat) -> None:
    """Report drift between the catalogue and the indexes, or an outdated index (exit 2 if any).

    Example:

        pindai index check --home /srv/pindai
    """
    from pindai import index
    from pindai.catalog import Catalog

    settings = _settings(home)
    with Catalog(settings.home.catalog) as cat:
        drift = index.check(settings.home, cat)
    if as_json:
        output_one(drift.as_dict(), as_json)
    else:
        for side in index.SIDES:
            click.echo(f"{side}: hilang / missing {drift.missing[side] or '-'}; "
                       f"berlebih / extra {drift.extra[side] or '-'}; "
                       f"ganda / duplicated {drift.duplicates[side] or '-'}")
            if drift.unpurged[side]:
                click.echo(f"{side}: teks dokumen {drift.unpurged[side]} yang bukan publik masih tersimpan di "
                           "berkas indeks publik / text of non-public documents left in the public index files")
        click.echo(f"antrean / queued updates: {drift.queued}")
        for side in drift.outdated:
            click.echo(f"{side}: skema indeks versi {drift.schema[side]}, pindai ini memakai versi "
                       f"{index.SCHEMA_VERSION} / index schema is outdated")
        click.echo("cocok / in sync" if drift.ok else "TIDAK COCOK: jalankan 'pindai index rebuild'")
    if not drift.ok:
        sys.exit(int(ExitCode.input_failed))


# --- registers and website (#6)

#: Kept in step with pindai.registers.FORMATS (tested); listed here so that --help needs no import.
REGISTER_FORMATS = ("csv", "xlsx", "html", "json", "pdf")


@cli.command(name="register")
@click.argument("kind", type=click.Choice(["dip", "dik"], case_sensitive=False))
@home_option
@click.option("--year", type=int, default=None, help="Only documents of this year.")
@click.option("--format", "fmt", type=click.Choice(REGISTER_FORMATS), default=None,
              help="Output format (default: csv). xlsx and pdf need -o.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output). DIK files are written 0640.")
@click.option("--due", is_flag=True, help="DIK only: list exemptions that need review instead.")
@click.option("--within", default="90d", show_default=True,
              help="With --due: how far ahead to look (90d, 12w, 6m, 1y).")
@output_options("With --due: one JSON object per exemption.")
@_handle_errors
def register_cmd(kind: str, home: Path | None, year: int | None, fmt: str | None, output: Path | None,
                 due: bool, within: str, as_json: OutputFormat) -> None:
    """Print the DIP or DIK register with its legally required columns.

    The DIK is grouped and ordered by exemption period: dated periods by end
    date, then conditions, then entries without a period yet. With --due,
    list the exemptions whose period has ended or ends within --within, or
    whose review date falls in it: they need an officer's review (nothing
    becomes public by itself).

    Example:

        pindai register dik --year 2024 --format xlsx -o dik-2024.xlsx

        pindai register dik --due --within 60d
    """
    from pindai import registers

    kind = kind.lower()
    settings = _settings(home)
    if due:
        if kind != "dik":
            raise click.UsageError("--due hanya untuk DIK: pindai register dik --due (only for the DIK)")
        if fmt or output:
            raise click.UsageError("--due mencetak daftar; --format dan -o tidak dipakai (not with --format/-o)")
        _print_due(registers.due_exemptions(settings, within=within), within, as_json)
        return
    if as_json:
        raise click.UsageError("--json hanya dengan --due; untuk daftar pakai --format json")
    text = registers.export_register(settings, kind, fmt=fmt or "csv", output=output, year=year)
    if text is not None:
        click.echo(text, nl=False)
    else:
        restricted = " (terbatas / restricted: 0640)" if kind == "dik" else ""
        click.echo(f"Daftar {kind.upper()} ditulis ke / written to: {output}{restricted}")


def _print_due(items: list, within: str, as_json: OutputFormat) -> None:
    if as_json:
        output_rows((item.as_json() for item in items), as_json)
        return
    if not items:
        click.echo(f"Tidak ada pengecualian yang perlu ditinjau dalam {within} (none due for review)")
        return
    table = Table(title=f"DIK perlu ditinjau / due for review ({within})")
    for col in ("#", "Informasi yang Dikecualikan", "Pasal 17", "Jangka Waktu", "Peninjauan", "Status",
                "Alasan"):
        table.add_column(col)
    for d in items:
        table.add_row(str(d.id), d.description, d.ground or "-", d.period or "-", d.next_review or "-",
                      d.status, d.reason)
    Console(width=160).print(table)
    click.echo("Tinjau dengan / review with: pindai review show ID")


@cli.command(name="publish")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@home_option
@click.option("--include-unapproved", is_flag=True,
              help="Also public-side DIP entries not yet approved (status usulan). Exempt ones never.")
@_handle_errors
def publish_cmd(folder: Path, home: Path | None, include_unapproved: bool) -> None:
    """Write the public DIP website into FOLDER, ready to upload.

    FOLDER gets index.html (a searchable, sortable table that works offline),
    dip.csv, dip.json and the public PDF/As in dokumen/. Only entries an
    officer approved (disahkan); never anything exempt or held. Publishing
    again into the same FOLDER replaces the old site whole.

    Example:

        pindai publish /var/www/ppid/dip
    """
    from pindai import registers

    result = registers.publish(_settings(home), folder, include_unapproved=include_unapproved)
    click.echo(f"Situs DIP ditulis ke / website written to: {result.folder} "
               f"({result.entries} informasi, {result.documents} PDF)")
    if result.unapproved:
        err_console.print(f"Perhatian: {result.unapproved} entri belum disahkan ikut dipublikasikan "
                          "(--include-unapproved).", highlight=False)


# --- activity report (#6)


@cli.command(name="report")
@home_option
@click.option("--from", "start", metavar="TANGGAL", default=None,
              help="First day of the period (inclusive). Default: first day of the current month.")
@click.option("--to", "end", metavar="TANGGAL", default=None,
              help="Last day of the period (inclusive). Default: last day of --from's month.")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default=None,
              help="Output format. Default: from -o's suffix, else html.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write ('-': stdout). Default: laporan-kegiatan-<from>_<to>.<format>.")
@output_options("Print the figures as JSON on stdout (the report is still written).")
@_handle_errors
def report_cmd(home: Path | None, start: str | None, end: str | None, fmt: str | None,
               output: Path | None, as_json: OutputFormat) -> None:
    """Write the PPID's activity report (laporan kegiatan pendokumentasian) for a period.

    Documents and pages per unit and device profile, per register, DIP type and
    Pasal 17 ground; failures and rescans; time from scan to decision; pending
    reviews; exemptions due. Counts and labels only: no document's title or text.

    Example:

        pindai report --from 2024-01-01 --to 2024-03-31 --format pdf -o laporan-tw1.pdf
    """
    from pindai.registers import figures_json, write_report

    fig, path, data = write_report(_settings(home), start=start, end=end, fmt=fmt, output=output)
    if as_json == "nl":
        output_one(json.loads(figures_json(fig)), as_json)
    elif as_json:
        click.echo(figures_json(fig))
    elif path is None:
        click.echo(data, nl=False)
    else:
        click.echo(f"Laporan ditulis / report written: {path}"
                   + (" (tidak ada dokumen pada periode ini / no documents in the period)" if fig.empty else ""))


# --- reprocess, check, nightly (#7)


def _progress_bar(label: str, quiet: bool) -> Progress:
    from rich.progress import TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TimeRemainingColumn(), console=err_console, transient=True,
                    disable=quiet or not err_console.is_terminal)


def _change_line(c: dict[str, Any]) -> str:
    parts = []
    if c["error"]:
        parts.append(f"GAGAL: {c['error']}")
    if c["text_changed"]:
        parts.append("teks berubah")
    if c["suggestion_changed"]:
        parts.append(f"usulan {c['suggestion_before']} -> {c['suggestion_after']}")
    if c["side_moved"]:
        parts.append(f"dipindah {c['side_moved'][0]} -> {c['side_moved'][1]}")
    if c["review"]:
        parts.append(c["review"].upper() if c["review"].startswith("perlu") else c["review"])
    return f"#{c['id']} [{','.join(c['stages'])}]: " + ("; ".join(parts) or "tidak berubah")


@cli.command(name="reprocess")
@home_option
@click.option("--all", "all_docs", is_flag=True, help="Every document.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only documents received on or after DATE (YYYY-MM-DD).")
@click.option("--ids", default="", help="Only these documents, e.g. 3,7,12.")
@click.option("--stage", type=click.Choice(["ocr", "classify", "index"]), default="ocr", show_default=True,
              help="Where to start; the later stages follow.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="OCR processes (default: the cores).")
@click.option("--force", is_flag=True, help="Run even where nothing would change.")
@click.option("--dry-run", is_flag=True, help="Only say what would run.")
@output_options("Print the report as JSON.")
@click.pass_context
@_handle_errors
def reprocess_cmd(ctx: click.Context, home: Path | None, all_docs: bool, since: Any, ids: str, stage: str,
                  jobs: int | None, force: bool, dry_run: bool, as_json: OutputFormat) -> None:
    """Re-run OCR, classification and indexing from the stored originals with today's
    settings and model, skipping what would not change.

    An officer's decision is never changed: a new suggestion that disagrees is
    reported PERLU DITINJAU ULANG (needs review). Safe to interrupt: run it
    again to finish. Exit status 2 when a document needs review or failed.

    Example:

        pindai reprocess --since 2024-01-01 --stage classify --dry-run
    """
    from pindai.reprocess import reprocess

    if not (all_docs or since or ids):
        raise click.UsageError("Pilih dokumen: --all, --since TTTT-BB-HH atau --ids 1,2 (choose documents)")
    settings = _settings(home)
    try:
        id_list = [int(x) for x in ids.replace(",", " ").split()] if ids else None
    except ValueError:
        raise click.BadParameter("--ids: nomor dokumen dipisah koma (ids separated by commas)") from None
    with _progress_bar("reprocess", ctx.obj["quiet"]) as bar:
        task = bar.add_task("proses ulang / reprocess", total=None)
        rep = reprocess(settings, ids=id_list, since=since.date() if since else None, stage=stage, jobs=jobs,
                        force=force, dry_run=dry_run,
                        progress=lambda d, t, label: bar.update(task, completed=d, total=t or None,
                                                                description=f"proses ulang {label}"))
    out = rep.as_json()
    if as_json:
        output_one(out, as_json)
    else:
        verb = "akan dijalankan / would run" if dry_run else "dijalankan / ran"
        click.echo(f"{rep.selected} dokumen; {verb}: " + ", ".join(f"{s} {n}" for s, n in rep.ran.items())
                   + "; dilewati (tidak berubah) / skipped: " + ", ".join(f"{s} {n}" for s, n in rep.skipped.items()))
        for c in (rep.changes.values() if dry_run else []):
            click.echo(f"#{c.id}: {', '.join(c.stages)}")
        for c in out["changes"]:
            if not dry_run:
                click.echo(_change_line(c))
    if rep.needs_review or rep.errors:
        sys.exit(int(ExitCode.input_failed))


@cli.command(name="check")
@home_option
@click.option("--repair", is_flag=True, help="Fix what the originals allow; quarantine stray files.")
@click.option("--force", is_flag=True,
              help="With --repair: act even on more than a handful or 10 % of the files.")
@output_options("Print the report as JSON.")
@_handle_errors
def check_cmd(home: Path | None, repair: bool, force: bool, as_json: OutputFormat) -> None:
    """Check the whole home: originals and PDF/As against their checksums, stray
    files, both indexes, nothing exempt on the public side, unfinished work.

    Exit status 2 while problems remain. --repair never overwrites an original,
    and stops without --force when it would quarantine or drop more than a
    handful of files or 10 % of them (a lost catalogue makes all look stray).
    A missing or damaged catalogue stops it (exit 10) with how to restore it.

    Example:

        pindai check --repair --home /srv/pindai
    """
    from pindai.integrity import check

    rep = check(_settings(home), repair=repair, force=force)
    if as_json:
        output_one(rep.as_json(), as_json)
    else:
        for p in rep.problems:
            mark = "DIPERBAIKI" if p.repaired else ("MASALAH" if p.repairable else "PERLU PETUGAS")
            where = f" [{p.path}]" if p.path else ""
            click.echo(f"{mark:13} {p.code}: {p.message}{where}" + (f"\n              -> {p.action}" if p.action else ""))
        click.echo(f"{rep.documents} dokumen, {rep.files} berkas diperiksa; "
                   + ("semua baik / all good" if rep.ok else f"{len(rep.remaining)} masalah tersisa / remaining"))
    if not rep.ok:
        sys.exit(int(ExitCode.input_failed))


@cli.command(name="nightly")
@home_option
@click.option("--no-repair", is_flag=True, help="Only check; do not repair.")
@click.option("--no-retrain", is_flag=True, help="Do not retrain the model.")
@output_options("Print the summary as JSON.")
@click.pass_context
@_handle_errors
def nightly_cmd(ctx: click.Context, home: Path | None, no_repair: bool, no_retrain: bool,
                as_json: OutputFormat) -> None:
    """The nightly batch for the scheduler: stragglers, retries, retraining,
    reprocessing, exemptions coming due, index optimisation and the check.

    Writes <home>/nightly/YYYY-MM-DD.json. Exit status 2 when a person must
    act; 9 when another nightly run holds the home.

    Example:

        pindai nightly --home /srv/pindai
    """
    from pindai.nightly import run_nightly

    settings = _settings(home)
    with _progress_bar("nightly", ctx.obj["quiet"]) as bar:
        task = bar.add_task("proses ulang / reprocess", total=None)
        summary = run_nightly(settings, repair=not no_repair, retrain=not no_retrain,
                              progress=lambda d, t, label: bar.update(task, completed=d, total=t or None))
    if as_json:
        output_one(summary.as_json(), as_json)
    else:
        for s in summary.steps:
            mark = "GAGAL" if not s.ok else ("PERLU TINDAKAN" if s.action else "OK")
            click.echo(f"{mark:15} {s.name}: {s.summary}{' ' + s.error if s.error else ''}")
        click.echo(f"Ringkasan / summary: {summary.summary_file}")
    if summary.needs_action:
        sys.exit(int(ExitCode.input_failed))


@cli.command(name="backup")
@home_option
@click.option("--to", "dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to put the backup in (default: <home>/backup). Best on another disk.")
@_handle_errors
def backup_cmd(home: Path | None, dest: Path | None) -> None:
    """Back up the catalogue and pindai.toml while pindai keeps running.

    Writes DIR/pindai-backup-YYYYMMDD-HHMMSS/ with a consistent copy of
    catalog.sqlite3 (SQLite's online backup) and pindai.toml, restricted
    (0750/0640: the catalogue holds exempt text). The originals are files:
    copy <home>/originals with the usual tools. To restore, put the copy back:
    install -m 0640 BACKUP/catalog.sqlite3 <home>/catalog.sqlite3.

    Example:

        pindai backup --home /srv/pindai --to /mnt/cadangan
    """
    from pindai.integrity import backup

    settings = _settings(home)
    folder = backup(settings, dest)
    click.echo(f"Cadangan ditulis / backup written: {folder}")
# --- the officers' web workspace and its accounts (#16)


@cli.command(name="serve")
@home_option
@click.option("--bind", default="127.0.0.1:8080", show_default=True,
              help="Address and port to listen on (behind the TLS reverse proxy: keep 127.0.0.1).")
@click.option("--secure-cookies", is_flag=True,
              help="Send the session cookie over HTTPS only (set it when the proxy serves TLS).")
@click.option("--workers", type=click.IntRange(1, 32), default=1, show_default=True,
              help="Server processes; one per core answers that many more officers at once.")
@_handle_errors
def serve_cmd(home: Path | None, bind: str, secure_cookies: bool, workers: int) -> None:
    """Run the officers' web workspace (review, search, registers, status) until Ctrl-C.

    Run it as the pindai service user; people log in with accounts made by
    `pindai user add`. The session key is kept in <home>/web/session.key (0600).

    Example:

        pindai serve --home /srv/pindai --bind 127.0.0.1:8080 --workers 2
    """
    from pindai.web import serve

    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("--bind: ALAMAT:PORT, mis. 127.0.0.1:8080 (address:port)")
    settings = _settings(home)
    err_console.print(f"Ruang kerja pindai / workspace: http://{bind}/  (Ctrl-C untuk berhenti)", highlight=False)
    serve(settings, bind=bind, secure_cookies=secure_cookies, workers=workers)


@cli.group(name="user")
def user_group() -> None:
    """Accounts of the web workspace: operator, officer (PPID) or admin.

    Example:

        pindai user add siti --role officer
    """


def _read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@user_group.command(name="add")
@click.argument("name")
@home_option
@click.option("--role", type=click.Choice(["operator", "officer", "admin"]), required=True,
              help="operator: hot folders and failed files; officer: the PPID's work; admin: users, status.")
@click.option("--unit", default="", help="Limit the account to this unit's documents (tim penghubung).")
@_handle_errors
def user_add(name: str, home: Path | None, role: str, unit: str) -> None:
    """Add an account; the password is asked twice (or read as one line from stdin).

    Example:

        pindai user add budi --role officer --unit Keuangan
    """
    from pindai.catalog import Catalog
    from pindai import accounts

    settings = _settings(home)
    password = _read_password("Kata sandi / password")
    with Catalog(settings.home.catalog) as cat:
        accounts.add_user(cat, name, role=role, unit=unit, password=password)
    click.echo(f"Akun {name} dibuat / account added: {role}" + (f", unit {unit}" if unit else ""))


@user_group.command(name="passwd")
@click.argument("name")
@home_option
@_handle_errors
def user_passwd(name: str, home: Path | None) -> None:
    """Set a new password (and enable the account again).

    Example:

        pindai user passwd budi
    """
    from pindai.catalog import Catalog
    from pindai import accounts

    settings = _settings(home)
    password = _read_password("Kata sandi baru / new password")
    with Catalog(settings.home.catalog) as cat:
        accounts.set_password(cat, name, password)
    click.echo(f"Kata sandi {name} diganti / password changed")


@user_group.command(name="list")
@home_option
@output_options("One JSON object per account.")
@_handle_errors
def user_list(home: Path | None, as_json: OutputFormat) -> None:
    """List the accounts (never their password hashes).

    Example:

        pindai user list
    """
    from pindai.catalog import Catalog
    from pindai import accounts

    settings = _settings(home)
    with Catalog(settings.home.catalog) as cat:
        users = accounts.list_users(cat)
    if as_json:
        output_rows(users, as_json)
        return
    table = Table("Nama", "Peran", "Unit", "Aktif", "Dibuat")
    for u in users:
        table.add_row(str(u["name"]), str(u["role"]), str(u["unit"] or "semua"),
                      "tidak" if u["disabled"] else "ya", str(u["created_at"])[:10])
    Console().print(table)


@user_group.command(name="disable")
@click.argument("name")
@home_option
@_handle_errors
def user_disable(name: str, home: Path | None) -> None:
    """Disable an account; its open sessions end at their next request.

    Example:

        pindai user disable budi
    """
    from pindai.catalog import Catalog
    from pindai import accounts

    settings = _settings(home)
    with Catalog(settings.home.catalog) as cat:
        accounts.disable_user(cat, name)
    click.echo(f"Akun {name} dinonaktifkan / disabled")
# --------------------------------------------------------------------------- redact and sheet (#17)


def _box_line(b: Any) -> str:
    where = "seluruh halaman" if b.whole_page else f"({b.x0:.0f},{b.y0:.0f})-({b.x1:.0f},{b.y1:.0f}) pt"
    return (f"  #{b.id:<5} hlm {b.page:<3} {where:28} {b.status:13} {b.kind:13} huruf {b.ground}; "
            f"{b.signal}")


@cli.group(name="redact")
def redact_group() -> None:
    """Redacted public copies (penghitaman): propose, confirm, draw and burn in boxes.

    Boxes are in PDF points from the top-left corner of the page, as `show` prints them.

    Example:

        pindai redact propose 7 && pindai redact confirm 7 && pindai redact apply 7
    """


@redact_group.command(name="show")
@click.argument("doc_id", type=int)
@home_option
@output_options("One JSON object per box.")
@_handle_errors
def redact_show(doc_id: int, home: Path | None, as_json: OutputFormat) -> None:
    """The boxes of a document (proposed, confirmed, rejected) and its redacted copies.

    Example:

        pindai redact show 7
    """
    from pindai import redact

    _settings, cat = _officer_catalog(home)
    with cat:
        found = redact.boxes(cat, doc_id)
        copies = redact.copies_of(cat, doc_id)
        own = redact.copy_status(cat, doc_id)
    if as_json:
        output_rows([*(b.as_dict() for b in found), *copies, *([own] if own else [])], as_json)
        return
    click.echo(f"Dokumen #{doc_id}: {len(found)} kotak / boxes")
    for b in found:
        click.echo(_box_line(b))
    for c in copies + ([own] if own else []):
        state = "terverifikasi, boleh publik" if c["publishable"] else "BELUM terverifikasi, tetap dikecualikan"
        click.echo(f"Salinan dihitamkan #{c['copy_id']} dari #{c['source_id']}: {state}")
        for f in c["findings"]:
            click.echo(f"    masih terlihat / still visible: {f['where']} hlm {f['page'] or '-'}: {f['what']}")
    if not found:
        click.echo(f"Belum ada kotak. Jalankan: pindai redact propose {doc_id}")


@redact_group.command(name="propose")
@click.argument("doc_id", type=int)
@home_option
@_handle_errors
def redact_propose(doc_id: int, home: Path | None) -> None:
    """Propose a box over every complete identifier, date of birth and home address.

    Masked identifiers and office contacts are not proposed. Unconfirmed
    proposals from an earlier run are replaced; confirmed ones are kept.

    Example:

        pindai redact propose 7
    """
    from pindai import redact, review

    settings, cat = _officer_catalog(home)
    with cat:
        found = redact.propose(settings, cat, doc_id, actor=review.officer())
    proposed = [b for b in found if b.status == redact.PROPOSED]
    for b in found:
        click.echo(_box_line(b))
    click.echo(f"{len(proposed)} kotak diusulkan. Periksa, lalu: pindai redact confirm {doc_id} "
               f"(or --reject BOX)")


@redact_group.command(name="confirm")
@click.argument("doc_id", type=int)
@click.argument("box_ids", type=int, nargs=-1)
@home_option
@click.option("--reject", is_flag=True, help="Reject these boxes instead (the words stay visible).")
@click.option("--reason", default="", help="Why (kept in the audit trail).")
@_handle_errors
def redact_confirm(doc_id: int, box_ids: tuple[int, ...], home: Path | None, reject: bool, reason: str) -> None:
    """Confirm proposed boxes (all of them when no BOX is given), or reject them.

    Example:

        pindai redact confirm 7 12 13 && pindai redact confirm 7 14 --reject --reason "nomor kantor"
    """
    from pindai import redact, review

    _settings, cat = _officer_catalog(home)
    status = redact.REJECTED if reject else redact.CONFIRMED
    with cat:
        n = redact.set_status(cat, doc_id, list(box_ids) or None, status, actor=review.officer(), reason=reason)
    click.echo(f"{n} kotak {status}. Buat salinan: pindai redact apply {doc_id}")


def _rect(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter("tulis x0,y0,x1,y1, mis. 72,100,300,140 (write x0,y0,x1,y1)") from None
    return x0, y0, x1, y1


@redact_group.command(name="add")
@click.argument("doc_id", type=int)
@home_option
@click.option("--page", type=click.IntRange(1), required=True, help="Page number, from 1.")
@click.option("--box", "rect", default=None, help="x0,y0,x1,y1 from the page's top-left corner.")
@click.option("--mm", is_flag=True, help="--box is in millimetres (default: PDF points).")
@click.option("--whole-page", is_flag=True, help="Withhold the whole page.")
@click.option("--ground", type=click.Choice(GROUNDS), default="h", show_default=True,
              help="Pasal 17 huruf.")
@click.option("--reason", default="", help="Why (the box's reason and the audit trail).")
@_handle_errors
def redact_add(doc_id: int, home: Path | None, page: int, rect: str | None, mm: bool, whole_page: bool,
               ground: str, reason: str) -> None:
    """Draw a box by hand (confirmed at once), also where OCR found no words, or withhold a page.

    Example:

        pindai redact add 7 --page 2 --box 60,520,300,600 --reason "tanda tangan dan foto"
    """
    from pindai import redact, review

    if (rect is None) == (not whole_page):
        raise click.UsageError("beri --box x0,y0,x1,y1 atau --whole-page (give --box or --whole-page)")
    settings, cat = _officer_catalog(home)
    with cat:
        b = redact.add_box(settings, cat, doc_id, page=page, rect=_rect(rect), unit="mm" if mm else "pt",
                           ground=ground, reason=reason, actor=review.officer())
    click.echo(_box_line(b))


@redact_group.command(name="apply")
@click.argument("doc_id", type=int)
@home_option
@click.option("--type", "dip_type", type=click.Choice(DIP_TYPES),
              default="setiap_saat", show_default=True, help="DIP type of the redacted copy.")
@_handle_errors
def redact_apply(doc_id: int, home: Path | None, dip_type: str) -> None:
    """Make the redacted public copy: burn in the confirmed boxes, OCR again, clean, verify.

    A verified copy is filed public with its own DIP entry; one that still
    shows a redacted word or an identifier stays exempt (exit status 2).

    Example:

        pindai redact apply 7 --type setiap_saat
    """
    from pindai import redact, review

    settings, cat = _officer_catalog(home)
    with cat:
        r = redact.apply(settings, cat, doc_id, dip_type=dip_type, actor=review.officer())
    click.echo(f"Salinan dihitamkan #{r.copy_id} dari #{r.source_id}: {r.boxes} kotak; {r.pdfa_path}")
    if r.verified:
        click.echo("Terverifikasi: tidak ada yang dihitamkan masih terbaca; salinan masuk arsip publik (DIP).")
        return
    for f in r.findings:
        click.echo(f"  masih terlihat / still visible: {f}")
    click.echo(f"TIDAK terverifikasi: salinan tetap dikecualikan. Perbesar atau tambah kotak "
               f"(pindai redact add {doc_id} ...), lalu jalankan apply lagi. (not verified)")
    sys.exit(int(ExitCode.input_failed))


@redact_group.command(name="verify")
@click.argument("copy_id", type=int)
@home_option
@_handle_errors
def redact_verify(copy_id: int, home: Path | None) -> None:
    """Read a redacted copy back again for every redacted word and identifier.

    Example:

        pindai redact verify 8
    """
    from pindai import redact, review

    settings, cat = _officer_catalog(home)
    with cat:
        r = redact.check_copy(settings, cat, copy_id, actor=review.officer())
    for f in r.findings:
        click.echo(f"  masih terlihat / still visible: {f}")
    click.echo(f"Salinan #{copy_id}: {'terverifikasi' if r.verified else 'TIDAK terverifikasi'}")
    if not r.verified:
        sys.exit(int(ExitCode.input_failed))


@cli.command(name="sheet")
@click.argument("doc_id", type=int)
@home_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write: .pdf or .docx. Default: uji-konsekuensi-ID.pdf here.")
@_handle_errors
def sheet_cmd(doc_id: int, home: Path | None, output: Path | None) -> None:
    """Draft the consequence-test sheet (lembar uji konsekuensi) of a DIK proposal, PDF or DOCX.

    Drafted from the suggestion, its evidence and the decision so far; the
    officer fills the marked fields and signs.

    Example:

        pindai sheet 7 -o uji-konsekuensi-7.docx
    """
    from pindai.registers import consequence

    settings, cat = _officer_catalog(home)
    out = output or Path(f"uji-konsekuensi-{doc_id}.pdf")
    with cat:
        written = consequence.write_sheet(settings, cat, doc_id, out)
    click.echo(f"Lembar uji konsekuensi / consequence-test sheet: {written}")


@cli.command(name="dik-draft")
@home_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write: .pdf or .docx.")
@click.option("--unit", default=None, help="Only this unit (sub-bagian). Default: every unit, one part each.")
@_handle_errors
def dik_draft_cmd(home: Path | None, output: Path, unit: str | None) -> None:
    """Write each unit's draft list of DIK proposals with their reasons (for the Nota Dinas).

    The SOP's "Draft DIK beserta alasan pengecualian", ready for the
    consequence-test meeting: every DIK entry not yet set by a Keputusan.

    Example:

        pindai dik-draft --unit Umum -o draf-dik-umum.docx
    """
    from pindai.registers import consequence

    settings, cat = _officer_catalog(home)
    with cat:
        written = consequence.write_unit_drafts(settings, cat, output, unit=unit)
    click.echo(f"Draf DIK / draft DIK list: {written}")


@cli.command(name="keputusan")
@click.argument("doc_id", type=int)
@home_option
@click.option("--accept", is_flag=True, help="Set the matching DIK proposals with this Keputusan.")
@click.option("--only", "only", type=int, multiple=True, help="With --accept: only this proposal (repeatable).")
@_handle_errors
def keputusan_cmd(doc_id: int, home: Path | None, accept: bool, only: tuple[int, ...]) -> None:
    """Read a filed Keputusan on exempt information; show (or set) the DIK proposals it covers.

    Lists the Keputusan's number, date and categories, and for each DIK
    proposal a category covers, why it matched. With --accept they become
    `ditetapkan` with the Keputusan as their reference, each decision audited.

    Example:

        pindai keputusan 31 && pindai keputusan 31 --accept
    """
    from pindai import review
    from pindai.registers import consequence

    settings, cat = _officer_catalog(home)
    with cat:
        kep, matches = consequence.keputusan_matches(settings, cat, doc_id)
        if accept:
            matches = consequence.set_by_keputusan(settings, cat, doc_id, only=list(only) or None,
                                                    actor=review.officer())
    click.echo(kep.reference)
    for c in kep.categories:
        click.echo(f"  kategori: {c.description} (huruf {c.ground}; {c.period or '-'})")
    for m in matches:
        click.echo(f"  #{m.doc_id} <- {m.category.description}: {m.why}")
    if not matches:
        click.echo("Tidak ada usulan DIK yang cocok. (no DIK proposal matches)")
    elif accept:
        click.echo(f"{len(matches)} usulan DIK ditetapkan. (set)")
    else:
        click.echo(f"Tetapkan semuanya: pindai keputusan {doc_id} --accept")


# --- postgres (#19): the catalogue moves to PostgreSQL


@cli.command(name="migrate-catalog")
@click.option("--to", "url", required=True, metavar="URL",
              help="The empty PostgreSQL database, e.g. postgresql://pindai@db.kpu.local/pindai.")
@home_option
@_handle_errors
def migrate_catalog_cmd(url: str, home: Path | None) -> None:
    """Copy the home's SQLite catalogue into PostgreSQL, verify it, and use it.

    Every table is copied in one transaction and compared by row count and
    checksum before the commit; then pindai.toml gets [catalog] url. Stop the
    service (watcher, workspace, nightly) first. The SQLite file stays as it
    was, as a fallback. See docs/postgresql.md.

    Example:

        pindai migrate-catalog --to postgresql://pindai@db.kpu.local/pindai
    """
    from pindai._dialect import is_postgres_url, safe_url
    from pindai.catalog import copy_catalog
    from pindai.config import set_catalog_url
    from pindai.errors import ConfigError

    settings = _settings(home)
    if not is_postgres_url(url):
        raise ConfigError(f"--to harus URL postgresql://... (--to must be a postgresql:// URL), bukan {url!r}")
    if settings.home.catalog_url:
        raise ConfigError(f"Katalog sudah di PostgreSQL ({safe_url(settings.home.catalog_url)}); "
                          "tidak ada yang disalin (the catalogue is already on PostgreSQL; nothing copied)")
    checks = copy_catalog(settings.home.catalog_file, url)
    for c in checks:
        click.echo(f"{c.table:<20} {c.rows:>8}  {c.checksum[:16]}")
    click.echo(f"Katalog disalin dan diperiksa / catalogue copied and verified: {len(checks)} tabel, "
               f"{sum(c.rows for c in checks)} baris / rows")
    if set_catalog_url(settings.home, url):
        click.echo(f"{settings.home.settings_file}: [catalog] url = {safe_url(url)}")
    else:
        click.echo(f"Ubah / set in {settings.home.settings_file}: [catalog] url = \"{safe_url(url)}\"")


def main() -> None:
    """Entry point of the ``pindai`` console script.

    A command has committed and closed everything it opened when it returns;
    the interpreter's own teardown of what is still loaded (OCRmyPDF, Whoosh,
    the Tesseract engines, OpenCV) then took another 0.3 s of every
    ``pindai ingest`` (#2). So the exit skips it, after flushing the output
    and the logs. Nothing may rely on ``atexit`` handlers or finalizers to
    save work: commands close what they open.
    """
    try:
        cli(obj={})
        code: int | str | None = 0
    except SystemExit as e:
        code = e.code
    except BrokenPipeError:  # click's own output (--help | head) met a closed pipe
        code = int(ExitCode.output_closed)
    if isinstance(code, str):  # sys.exit("message"): Python prints it and exits 1
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (head, a closed terminal) went away
        code = int(ExitCode.output_closed)
    try:
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code or 0)


if __name__ == "__main__":
    main()
