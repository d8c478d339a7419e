"""The ``pindai`` command: parses, calls the library, prints. No logic lives here."""

from __future__ import annotations

import functools
import json
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pindai import __version__, archive, doctor
from pindai.config import load_settings, resolve_home
from pindai.errors import ExitCode, PindaiError
from pindai.ingest import IngestResult, Ingestor

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


def _handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Map our errors to their exit codes and a message; unknown ones to a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PindaiError as e:
            err_console.print(f"[bold red]galat / error:[/] {e}", highlight=False)
            sys.exit(int(e.exit_code))
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            err_console.print("[bold red]Kesalahan tak terduga; laporkan ke admin TI dengan pesan di atas.[/]")
            sys.exit(int(ExitCode.internal))

    return wrapper


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
    h = resolve_home(home)
    created = archive.init_home(h, group=group)
    click.echo(f"Rumah pindai siap / pindai home ready: {h.root}")
    for p in created:
        click.echo(f"  dibuat / created: {p.relative_to(h.root) if p != h.root else '.'}")
    click.echo(f"Letakkan pindaian di / put scans in: {h.inbox / 'default'}")


@cli.command(name="doctor")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per check.")
@_handle_errors
def doctor_cmd(as_json: bool) -> None:
    """Check external programs, Tesseract languages and libraries; say how to fix.

    Example:

        pindai doctor
    """
    checks = doctor.run_checks()
    if as_json:
        for c in checks:
            click.echo(json.dumps(c.__dict__))
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
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document on stdout.")
@click.pass_context
@_handle_errors
def ingest(ctx: click.Context, files: tuple[Path, ...], home: Path | None, profile: str | None,
           copy: bool, as_json: bool) -> None:
    """Process FILES now, in order: straighten, OCR to PDF/A, classify, file, catalogue.

    Each FILE is moved into pindai: its original is kept in originals/ and the
    PDF/A filed in the archive; a file that cannot be processed is moved to
    failed/ with a reason file (*.alasan.txt). Jobs a crash left unfinished are
    completed first. Exit status 2 when any file failed.

    Example:

        pindai ingest --profile default scan-001.pdf foto-surat.jpg
    """
    settings = load_settings(home)
    settings.profile(profile)  # unknown profile: fail before touching any file
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
                click.echo(json.dumps(r.as_json(), ensure_ascii=False) if as_json else _human_line(r))
                bar.advance(task)
    failed = sum(r.status == "failed" for r in results)
    filed = sum(r.status == "filed" for r in results)
    dups = sum(r.status == "duplicate" for r in results)
    if not as_json:
        err_console.print(f"Selesai: {filed} diarsipkan, {dups} duplikat, {failed} gagal.", highlight=False)
    if failed:
        sys.exit(int(ExitCode.input_failed))


@cli.command()
@home_option
@click.option("--once", is_flag=True, help="Process what is in the hot folders now, then exit.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: one per CPU core).")
@_handle_errors
def watch(home: Path | None, once: bool, workers: int | None) -> None:
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

    settings = load_settings(home)
    watcher = Watcher(settings, workers=workers)

    def stop(signum: int, _frame: object) -> None:
        watcher.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    summary = watcher.run(once=once)
    err_console.print(
        f"Selesai: {summary.filed} diarsipkan, {summary.duplicate} duplikat, {summary.failed} gagal.",
        highlight=False,
    )
    if once and summary.failed:
        sys.exit(int(ExitCode.input_failed))


@cli.command()
@home_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per profile.")
@_handle_errors
def profiles(home: Path | None, as_json: bool) -> None:
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
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
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
@click.option("--json", "as_json", is_flag=True, help="Print the suggestion as JSON.")
@_handle_errors
def classify_cmd(source: str | None, text_file: Path | None, home: Path | None, as_json: bool) -> None:
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
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        click.echo("\n".join(_suggestion_lines(result)))


@cli.command()
@home_option
@click.option("--corpus-only", is_flag=True,
              help="Build the model shipped with pindai from the project's corpus alone.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the model (default: <home>/model/model.joblib, or the "
                   "packaged model with --corpus-only).")
@_handle_errors
def train(home: Path | None, corpus_only: bool, output: Path | None) -> None:
    """Retrain the classifier: the project's corpus plus the officers' confirmed decisions.

    Example:

        pindai train --home /srv/pindai
    """
    from pindai.classify import model

    decisions = []
    if not corpus_only:
        from pindai.catalog import Catalog, confirmed_decisions

        settings = load_settings(home)
        with Catalog(settings.home.catalog) as cat:
            decisions = confirmed_decisions(cat)
        output = output or settings.home.model
    output = output or model.PACKAGED_MODEL
    err_console.print(f"Melatih model / training ({len(decisions)} keputusan petugas)...", highlight=False)
    built = model.build(decisions=decisions, output=output)
    click.echo(f"Model {built.version} -> {output}")


@cli.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@home_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@_handle_errors
def evaluate(folder: Path, home: Path | None, as_json: bool) -> None:
    """Measure the classifier on FOLDER: labels.csv plus texts (.txt) or scans.

    Prints the confusion matrix, DIK recall, DIP precision, DIP type and
    ground accuracy, and the documents that would have leaked.

    Example:

        pindai evaluate corpus-uji/
    """
    from pindai.classify import model_for
    from pindai.classify.evaluate import evaluate as run_evaluation

    model_path = model_for(resolve_home(home))
    with Progress(TextColumn("{task.description}"), console=err_console,
                  disable=not err_console.is_terminal, transient=True) as bar:
        task = bar.add_task("evaluasi")
        report = run_evaluation(folder, model_path=model_path,
                                progress=lambda f: bar.update(task, description=f"evaluasi: {f}"))
    summary = report.summary()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
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
    if report.leaks:
        sys.exit(int(ExitCode.input_failed))


@cli.command(name="search")
@click.argument("query", nargs=-1)
@home_option
@click.option("--exempt", is_flag=True, help="Also search exempt documents (PPID officers only).")
@click.option("--unit", default=None, help="Only this unit (sub-bagian).")
@click.option("--year", type=int, default=None, help="Only this year.")
@click.option("--register", type=click.Choice(["DIP", "DIK"]), default=None)
@click.option("--type", "dip_type", type=click.Choice(["berkala", "serta_merta", "setiap_saat"]), default=None)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1, 100000), default=1, show_default=True)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--fuzzy", is_flag=True, help="Tolerate OCR damage: match words one letter off.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per result.")
@_handle_errors
def search_cmd(query: tuple[str, ...], home: Path | None, exempt: bool, unit: str | None,
               year: int | None, register: str | None, dip_type: str | None, limit: int, page: int,
               sort: str, fuzzy: bool, as_json: bool) -> None:
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
                           register=register, dip_type=dip_type, limit=limit, page=page,
                           sort=sort, fuzzy=fuzzy)
    if as_json:
        for hit in results.hits:
            click.echo(json.dumps(hit.__dict__, ensure_ascii=False))
        return
    first = (results.page - 1) * limit + 1
    click.echo(f"{results.total} dokumen ditemukan / found"
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

    settings = load_settings(home)
    with Catalog(settings.home.catalog) as cat, Progress(
        TextColumn("indeks ulang / rebuild"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, disable=not err_console.is_terminal,
    ) as bar:
        task = bar.add_task("rebuild", total=None)
        n = index.rebuild(settings.home, cat, progress=lambda d, t: bar.update(task, completed=d, total=t))
    click.echo(f"Indeks dibangun ulang / rebuilt: {n} dokumen")


@index_group.command(name="check")
@home_option
@click.option("--json", "as_json", is_flag=True)
@_handle_errors
def index_check(home: Path | None, as_json: bool) -> None:
    """Report drift between the catalogue and the indexes, or an outdated index (exit 2 if any).

    Example:

        pindai index check --home /srv/pindai
    """
    from pindai import index
    from pindai.catalog import Catalog

    settings = load_settings(home)
    with Catalog(settings.home.catalog) as cat:
        drift = index.check(settings.home, cat)
    if as_json:
        click.echo(json.dumps(drift.as_dict()))
    else:
        for side in index.SIDES:
            click.echo(f"{side}: hilang / missing {drift.missing[side] or '-'}; "
                       f"berlebih / extra {drift.extra[side] or '-'}")
        click.echo(f"antrean / queued updates: {drift.queued}")
        for side in drift.outdated:
            click.echo(f"{side}: skema indeks versi {drift.schema[side]}, pindai ini memakai versi "
                       f"{index.SCHEMA_VERSION} / index schema is outdated")
        click.echo("cocok / in sync" if drift.ok else "TIDAK COCOK: jalankan 'pindai index rebuild'")
    if not drift.ok:
        sys.exit(int(ExitCode.input_failed))


def main() -> None:
    """Entry point of the ``pindai`` console script."""
    cli(obj={})


if __name__ == "__main__":
    main()
