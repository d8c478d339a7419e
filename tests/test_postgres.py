"""The catalogue on PostgreSQL (#19): a real server from Debian's packages, the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import synth
from click.testing import CliRunner
from pgserver import needs_postgres, pg_server  # noqa: F401  (the session's PostgreSQL)

import corpus
from pindai import catalog as catalog_mod
from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import load_settings
from pindai.errors import ConfigError, ExitCode

#: Three documents: two public, one exempt (conftest.FILED_KINDS' first four, less one).
KINDS = ("pengumuman_hasil_rekapitulasi", "surat_edaran", "hasil_tes_psikologi")
REKAP_WORD = "rekapitulasi"


def run(home: Path, *args: str) -> tuple[int, str]:
    r = CliRunner().invoke(cli, [*args, "--home", str(home)])
    return r.exit_code, r.output


def _inputs(folder: Path) -> list[Path]:
    texts: dict[str, str] = {}
    for d in corpus.corpus():
        texts.setdefault(d.kind, d.text)
    folder.mkdir()
    return [synth.write_text_pdf([texts[k].splitlines()[:50]], folder / f"{k}.pdf") for k in KINDS]


def _use(home: Path, url: str) -> None:
    with (home / "pindai.toml").open("a", encoding="utf-8") as f:
        f.write(f'\n[catalog]\nurl = "{url}"\n')


def _journey(home: Path) -> dict[str, str]:
    """review → accept → search → register, as an officer at the terminal; what each printed."""
    code, listed = run(home, "review", "--json")
    assert code == ExitCode.ok, listed
    rows = {json.loads(line)["source_name"]: json.loads(line) for line in listed.splitlines()}
    rekap = rows[f"{KINDS[0]}.pdf"]["id"]
    code, accepted = run(home, "review", "accept", str(rekap), "--reason", "sesuai SOP")
    assert code == ExitCode.ok and "disahkan" in accepted, accepted
    code, found = run(home, "search", REKAP_WORD, "--json")
    assert code == ExitCode.ok, found
    assert rekap in [json.loads(line)["id"] for line in found.splitlines()]
    code, register = run(home, "register", "dip", "--format", "json")
    assert code == ExitCode.ok, register
    assert rekap in [e["id"] for e in json.loads(register)["entries"]] if register.lstrip().startswith("{") \
        else str(rekap) in register
    return {"review": listed, "search": found, "register": register}


@needs_postgres
def test_a_home_with_its_catalogue_on_postgresql_files_reviews_finds_and_registers(
        pg_server, home_dir: Path, tmp_path: Path) -> None:
    url = pg_server.new_database()
    _use(home_dir, url)
    code, out = run(home_dir, "ingest", *map(str, _inputs(tmp_path / "in")))
    assert code == ExitCode.ok, out
    _journey(home_dir)
    with Catalog(load_settings(home_dir).home.catalog) as cat:
        assert cat.dialect == "postgresql"
        assert len(cat.document_ids()) == 3
        assert [d["decided_by"] for d in cat.record_rows() if d["k_id"]] != []
    assert not (home_dir / "catalog.sqlite3").exists(), "no SQLite catalogue is made beside it"


@needs_postgres
def test_migrate_catalog_copies_a_filed_home_verified_and_the_commands_work_on_postgresql(
        pg_server, home_dir: Path, tmp_path: Path) -> None:
    code, out = run(home_dir, "ingest", *map(str, _inputs(tmp_path / "in")))
    assert code == ExitCode.ok, out
    on_sqlite = _journey(home_dir)
    url = pg_server.new_database()

    code, out = run(home_dir, "migrate-catalog", "--to", url)
    assert code == ExitCode.ok, out
    assert "diperiksa / catalogue copied and verified" in out
    settings = load_settings(home_dir)
    assert settings.home.catalog == url, "pindai.toml now points at PostgreSQL"
    with Catalog(settings.home.catalog_file) as src, Catalog(url) as dst:
        tables = catalog_mod._tables(src)
        assert {"documents", "pages", "suggestions", "decisions", "audit", "jobs"} <= set(tables)
        for table in tables:
            cols = catalog_mod._columns(src, table)
            want, got = catalog_mod.table_check(src, table, cols), catalog_mod.table_check(dst, table, cols)
            assert want == got, table
        assert len(dst.document_ids()) == 3
        # New rows get new ids after the copied ones (identity counters moved on).
        assert dst.add_audit(1, "check", actor="test") > src.db.execute("SELECT max(id) FROM audit").fetchone()[0]

    # The same commands, now on PostgreSQL, print what they printed on SQLite.
    code, listed = run(home_dir, "review", "--json", "--all")
    assert code == ExitCode.ok, listed
    assert len(listed.splitlines()) == 3
    code, found = run(home_dir, "search", REKAP_WORD, "--json")
    assert (code, found) == (ExitCode.ok, on_sqlite["search"])
    code, register = run(home_dir, "register", "dip", "--format", "json")
    assert (code, register) == (ExitCode.ok, on_sqlite["register"])

    # Once on PostgreSQL, a second migration is refused; so is a target that holds rows.
    code, out = run(home_dir, "migrate-catalog", "--to", url)
    assert code == ExitCode.bad_config and "sudah di PostgreSQL" in out
    with pytest.raises(catalog_mod.CatalogError, match="sudah berisi data"):
        catalog_mod.copy_catalog(settings.home.catalog_file, url)


def test_the_catalog_url_must_be_postgresql(home_dir: Path) -> None:
    _use(home_dir, "mysql://kpu@db/pindai")
    with pytest.raises(ConfigError, match=r"\[catalog\]"):
        load_settings(home_dir)
    code, out = run(home_dir, "review")
    assert code == ExitCode.bad_config and "url" in out


def test_without_a_catalog_table_the_home_keeps_its_sqlite_file(home_dir: Path) -> None:
    home = load_settings(home_dir).home
    assert home.catalog == home_dir.absolute() / "catalog.sqlite3" == home.catalog_file


@needs_postgres
def test_backup_of_a_postgresql_catalogue_points_to_pg_dump(pg_server, home_dir: Path) -> None:
    _use(home_dir, pg_server.new_database())
    code, out = run(home_dir, "backup")
    assert code == ExitCode.bad_catalog and "pg_dump" in out, out
    assert not list((home_dir / "backup").glob("pindai-backup-*")), "no half backup is left"


@needs_postgres
def test_doctor_checks_the_postgresql_catalogue_of_the_home(pg_server, home_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINDAI_HOME", str(home_dir))
    url = pg_server.new_database()
    _use(home_dir, url)
    Catalog(url).close()  # migrated
    rows = [json.loads(line) for line in CliRunner().invoke(cli, ["doctor", "--json"]).output.splitlines()]
    [row] = [r for r in rows if r["name"] == "catalog:postgresql"]
    assert row["ok"] and row["version"].startswith(("15", "16", "17")) and row["fix"] == ""
    assert "postgresql://postgres@127.0.0.1" in row["purpose"]

    (home_dir / "pindai.toml").write_text(f'[catalog]\nurl = "{pg_server.url("t_none")[:-6]}nothere"\n')
    r = CliRunner().invoke(cli, ["doctor", "--json"])
    [row] = [json.loads(line) for line in r.output.splitlines() if '"catalog:postgresql"' in line]
    assert not row["ok"] and "tidak dapat dihubungi" in row["fix"]
    assert r.exit_code == ExitCode.missing_dependency


@needs_postgres
def test_kill_9_mid_ingest_then_rerun_files_every_input_exactly_once_on_postgresql(
        pg_server, home_dir: Path, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    import psycopg

    url = pg_server.new_database()
    _use(home_dir, url)
    files = _inputs(tmp_path / "in")
    argv = [sys.executable, "-m", "pindai", "-q", "ingest", "--home", str(home_dir), "--json", *map(str, files)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)

    def states() -> list[str]:
        try:
            with psycopg.connect(url) as conn:
                return [r[0] for r in conn.execute("SELECT state FROM jobs ORDER BY id")]
        except psycopg.Error:  # not migrated yet
            return []

    deadline = time.monotonic() + 120
    while not ("done" in states() and len(states()) >= 2):  # one committed, the next under way
        assert proc.poll() is None, "finished before the kill point"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()

    code, out = run(home_dir, "ingest", *map(str, files))
    assert code == ExitCode.ok, out
    with Catalog(url) as cat:
        assert sorted(r["source_name"] for r in cat.document_rows()) == sorted(f.name for f in files)
        assert cat.unfinished_jobs() == []
    assert len(list((home_dir / "archive").rglob("*.pdf"))) == 3
