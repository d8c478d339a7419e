"""The command line: init, doctor, help, settings errors."""

from __future__ import annotations

import stat
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pindai.cli import cli
from pindai.config import load_settings
from pindai.errors import ConfigError, ExitCode


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_init_creates_the_layout_with_restricted_folders(tmp_path: Path) -> None:
    home = tmp_path / "h"
    result = CliRunner().invoke(cli, ["init", "--home", str(home)])
    assert result.exit_code == 0, result.output
    for restricted in ("originals", "archive/exempt", "index/exempt", "work"):
        assert mode(home / restricted) == 0o750, restricted
    for public in ("archive/public", "index/public"):
        assert mode(home / public) == 0o755
    assert mode(home / "pindai.toml") == 0o640
    assert mode(home / "catalog.sqlite3") == 0o640  # made by init only (#14), restricted: it holds page text
    settings = load_settings(home)  # the commented template is valid
    assert set(settings.profiles) >= {"default", "ponsel"}
    # Running it again keeps everything.
    (home / "pindai.toml").write_text((home / "pindai.toml").read_text() + "\n# mine\n")
    assert CliRunner().invoke(cli, ["init", "--home", str(home)]).exit_code == 0
    assert "# mine" in (home / "pindai.toml").read_text()


def test_home_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINDAI_HOME", str(tmp_path / "env-home"))
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    assert (tmp_path / "env-home" / "pindai.toml").exists()


def test_ingest_without_a_home_says_to_run_init(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--home", str(tmp_path / "none"), "x.pdf"])
    assert result.exit_code == ExitCode.bad_home
    assert "pindai init" in result.output


def test_unknown_profile_is_refused_before_touching_files(home_dir: Path, tmp_path: Path) -> None:
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4\n")
    result = CliRunner().invoke(cli, ["ingest", "--home", str(home_dir), "--profile", "nope", str(f)])
    assert result.exit_code == ExitCode.bad_config
    assert "nope" in result.output and f.exists()


def test_settings_errors_name_the_file_section_and_key(home_dir: Path) -> None:
    toml = home_dir / "pindai.toml"
    toml.write_text('[profiles.adf]\nkind = "scanner"\ndpi = "tinggi"\n')
    with pytest.raises(ConfigError, match=r"pindai.toml \[profiles.adf\]: 'dpi'"):
        load_settings(home_dir)
    toml.write_text('[profiles.adf]\nwarna = "ya"\n')
    with pytest.raises(ConfigError, match=r"unknown key 'warna'"):
        load_settings(home_dir)


def test_doctor_lists_every_tool_with_its_version() -> None:
    result = CliRunner().invoke(cli, ["doctor", "--json"])
    assert result.exit_code == 0, result.output
    names = result.output
    for tool in ("tesseract", "gs", "qpdf", "pdftotext", "tesseract:ind", "tesseract:eng", "python:pydantic"):
        assert f'"name": "{tool}"' in names


def test_doctor_says_how_to_install_a_missing_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == ExitCode.missing_dependency
    assert "apt-get install" in result.output and "tesseract-ocr" in result.output


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_profiles_show_presets_applied(home_dir: Path) -> None:
    import json

    result = CliRunner().invoke(cli, ["profiles", "--home", str(home_dir), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in map(json.loads, result.output.splitlines())}
    assert rows["adf"]["split"] == "separator" and rows["adf"]["drop_blank_backs"] is True
    assert rows["ponsel"]["kind"] == "phone"
    assert rows["adf"]["folder"] == str(home_dir / "inbox" / "adf")


def test_separator_sheet_is_a_printable_pdf_that_pindai_recognises(tmp_path: Path) -> None:
    import numpy as np
    from pdf2image import convert_from_path

    from pindai.ocr._split import is_separator

    out = tmp_path / "pemisah.pdf"
    result = CliRunner().invoke(cli, ["separator-sheet", "-o", str(out), "--copies", "2"])
    assert result.exit_code == 0
    pages = convert_from_path(out, dpi=150, grayscale=True)
    assert len(pages) == 2
    assert is_separator(np.asarray(pages[0]), 150)


def test_the_console_script_keeps_its_exit_status_and_output_when_it_leaves_fast(
    home_dir: Path, tmp_path: Path
) -> None:
    """``main()`` skips the interpreter's teardown: what was printed and the status must survive."""
    import json
    import subprocess
    import sys

    def pindai(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pindai", *args], capture_output=True, text=True,
                              timeout=120)

    bad = tmp_path / "surat.docx"
    bad.write_bytes(b"PK\x03\x04 not a scan")
    failed = pindai("ingest", "--home", str(home_dir), "--json", str(bad))
    assert failed.returncode == ExitCode.input_failed
    [line] = failed.stdout.splitlines()
    assert json.loads(line)["status"] == "failed"
    again = pindai("ingest", "--home", str(home_dir), str(home_dir / "failed" / "surat.docx"))
    assert again.returncode == ExitCode.input_failed
    assert "GAGAL" in again.stdout and "1 gagal" in again.stderr  # the summary on stderr is flushed too
    usage = pindai("ingest", "--no-such-flag")
    assert usage.returncode == 2 and "Usage" in usage.stderr
    ok = pindai("--version")
    assert ok.returncode == 0 and ok.stdout.startswith("pindai, version")


def test_the_command_loads_the_heavy_stages_only_when_a_command_needs_them() -> None:
    """Importing the command loads no stage: every command starts in a tenth of a second, and
    ``pindai ingest`` can start its page workers before it loads the stages (#2)."""
    import subprocess
    import sys

    heavy = ["pindai.ingest", "pindai.ocr", "pindai.index", "pindai.classify", "ocrmypdf", "cv2", "whoosh",
             "numpy", "pikepdf"]
    probe = f"import sys, pindai.cli; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_messages_and_the_summary_still_reach_stderr_after_a_document_was_ocred(
    home_dir: Path, tmp_path: Path
) -> None:
    """pikepdf's linearization check used to leave stderr pointing at a StringIO."""
    import subprocess
    import sys

    import synth

    img, _ = synth.scanner_page(synth.TEXTS["sk_penetapan_pps"], seed=2)
    scan = synth.write_image_pdf([img], tmp_path / "sk.pdf")
    bad = tmp_path / "catatan.docx"
    bad.write_bytes(b"PK\x03\x04 not a scan")
    proc = subprocess.run([sys.executable, "-m", "pindai", "ingest", "--home", str(home_dir), str(scan), str(bad)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == ExitCode.input_failed
    assert "Selesai: 1 diarsipkan, 0 duplikat, 1 gagal." in proc.stderr


# --------------------------------------------------------------------------- promises of the README (#13)


def test_watch_logs_one_json_line_per_event_on_stderr_without_verbose(home_dir: Path) -> None:
    """Without -v the watcher logged nothing, though the README promises one JSON line per event."""
    import json
    import subprocess
    import sys

    (home_dir / "pindai.toml").write_text('[profiles.default]\nsettle_seconds = 0.3\npolling = "no"\n')
    secret = "RAHASIA-isi-dokumen"
    (home_dir / "inbox" / "default" / "catatan.docx").write_bytes(b"PK\x03\x04 " + secret.encode())
    proc = subprocess.run([sys.executable, "-m", "pindai", "watch", "--once", "--home", str(home_dir)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == ExitCode.input_failed, proc.stderr
    lines = proc.stderr.splitlines()
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    events = [r["event"] for r in records]
    assert events[0] == "watch_started" and events[-1] == "watch_stopped", events
    assert "claimed" in events and "failed" in events
    failed = next(r for r in records if r["event"] == "failed")
    assert failed["file"] == "catatan.docx" and failed["error_code"] == "unsupported"
    assert secret not in proc.stderr


def test_a_closed_pipe_ends_a_command_quietly(home_dir: Path) -> None:
    """``pindai ... | head -1`` printed a traceback (BrokenPipeError) when head had read its line."""
    import subprocess
    import sys

    (home_dir / "pindai.toml").write_text("".join(f'[profiles.p{i}]\npreset = "adf"\n' for i in range(3000)))
    for args in (["profiles", "--json", "--home", str(home_dir)], ["--help"], ["search", "--help"]):
        proc = subprocess.run(
            f"{sys.executable} -m pindai {' '.join(args)} | head -1; echo status=${{PIPESTATUS[0]}} >&2",
            shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=120)
        assert len(proc.stdout.splitlines()) == 1, args
        assert "Traceback" not in proc.stderr and "Error" not in proc.stderr, (args, proc.stderr)
        status = int(proc.stderr.rsplit("status=", 1)[1])
        assert status in (ExitCode.ok, ExitCode.output_closed), (args, status)


def test_a_user_outside_the_ppid_group_gets_no_access_from_every_command(
    filed_home, as_nobody, shared_spot: Path  # noqa: ANN001
) -> None:
    """Commands run by a user outside the ppid group crashed with a PermissionError on pindai.toml,
    model.npz or the catalogue (#14): they say "no access" instead."""
    import shutil

    home = shared_spot / "home"
    shutil.copytree(filed_home.home.root, home, symlinks=True)
    commands = (["review"], ["review", "show", "1"], ["check"], ["nightly"], ["register", "dik"],
                ["register", "dip"], ["report", "-o", "-"], ["index", "check"], ["profiles"], ["train"],
                ["classify", "1"], ["reprocess", "--all", "--dry-run"], ["backup"], ["publish", "/tmp/x-site"],
                ["watch", "--once"], ["search", "--exempt", "rahasia"])
    for args in commands:
        head = 2 if args[0] in ("review", "index") and len(args) > 1 else 1
        proc = as_nobody(*args[:head], "--home", str(home), *args[head:])
        out = proc.stdout + proc.stderr
        assert proc.returncode == ExitCode.no_access, (args, out)
        assert "Tidak punya akses" in out and "no access" in out.lower() and "Traceback" not in out, (args, out)
        assert "tersinggung" not in out


def test_an_unreadable_catalogue_is_no_access_not_a_crash(
    filed_home, as_nobody, shared_spot: Path  # noqa: ANN001
) -> None:
    import shutil

    home = shared_spot / "home"
    shutil.copytree(filed_home.home.root, home, symlinks=True)
    (home / "pindai.toml").chmod(0o644)  # settings readable: the catalogue (0640) is what stops the user
    proc = as_nobody("review", "--home", str(home))
    assert proc.returncode == ExitCode.no_access, proc.stderr
    assert "Tidak punya akses" in proc.stderr and "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- one name per meaning (#13)


def test_json_output_uses_one_field_name_per_meaning_with_the_old_names_as_aliases(
    filed_home, tmp_path: Path  # noqa: ANN001
) -> None:
    """The same document was ``id`` in ``ingest --json`` and ``doc_id`` in ``search --json``."""
    import json

    import synth

    root = filed_home.home.root

    def run(*args: str) -> list[dict]:
        head = 2 if args[0] in ("review", "index") and len(args) > 1 and not args[1].startswith("-") else 1
        r = CliRunner().invoke(cli, [*args[:head], "--home", str(root), *args[head:]], obj={})
        assert r.exit_code in (0, ExitCode.input_failed), (args, r.output)
        text = r.stdout.strip()
        return [json.loads(text)] if not text.startswith("{") or "\n{" not in text else [
            json.loads(line) for line in text.splitlines()]

    pdf = synth.write_text_pdf([["KOMISI PEMILIHAN UMUM", "Undangan rapat koordinasi tahapan"]],
                               tmp_path / "undangan.pdf")
    [ingested] = run("ingest", "--json", str(pdf))
    assert ingested["result"] == "filed" and ingested["status"] == "filed"  # "status": old name, one release
    assert ingested["review_status"] == "usulan" and Path(ingested["path"]).is_absolute()
    hits = run("search", "--json", "--exempt", "komisi")
    reviewed = {r["id"]: r for r in run("review", "--json", "--all")}
    for hit in hits:
        assert hit["id"] == hit["doc_id"]  # "doc_id": old name
        rec = reviewed[hit["id"]]
        for key in ("register", "dip_type", "ground", "status", "side", "path"):
            assert hit[key] == rec[key], (key, hit, rec)
        assert rec["path"] == str(root / rec["pdfa_path"]) and Path(rec["path"]).exists()
    assert ingested["id"] in reviewed and reviewed[ingested["id"]]["path"] == ingested["path"]
    [shown] = run("review", "show", "5", "--nl")
    assert shown["id"] == 5 and shown["path"] == reviewed[5]["path"]
    (root / reviewed[1]["pdfa_path"]).unlink()
    [report] = run("check", "--nl")
    [problem] = [p for p in report["problems"] if p["code"] == "pdfa_missing"]
    assert problem["document_id"] == problem["doc_id"] == 1


def test_nl_prints_one_json_object_per_line_on_every_command_with_json(home_dir: Path) -> None:
    import json

    for args in (["profiles"], ["check"], ["index", "check"], ["review"]):
        r = CliRunner().invoke(cli, [*args, "--home", str(home_dir), "--nl"], obj={})
        assert r.exit_code == 0, (args, r.output)
        assert all(isinstance(json.loads(line), dict) for line in r.output.splitlines()), args


def test_every_command_with_json_output_takes_its_flags_from_the_one_decorator() -> None:
    """--json and --nl come together from ``output_options`` (#15): no command declares its own."""

    def commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
        out = []
        for name, cmd in group.commands.items():
            out.append((f"{prefix} {name}", cmd))
            if isinstance(cmd, click.Group):
                out += commands(cmd, f"{prefix} {name}")
        return out

    own = [name for name, cmd in commands(cli, "pindai")
           if any("--json" in p.opts for p in cmd.params) and not any("--nl" in p.opts for p in cmd.params)]
    assert own == []
