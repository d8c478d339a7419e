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
        register = r.register or "belum diklasifikasi"
        held = " ditahan untuk diperiksa petugas" if r.held else ""
        rescan = f"  PINDAI ULANG hlm {', '.join(map(str, r.rescan_pages))}" if r.rescan_pages else ""
        pdfa = "" if r.pdfa_valid else "  (PDF/A tidak lolos validasi)"
        return (f"DIARSIPKAN  #{r.id} {r.source}: {r.pages} hlm, {register},"
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


def main() -> None:
    """Entry point of the ``pindai`` console script."""
    cli(obj={})


if __name__ == "__main__":
    main()
