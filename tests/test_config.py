"""Settings: pindai.toml against its typed schema, with errors that say the file, table, key, value
and what is allowed (#13); finding the home (#13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pindai import archive
from pindai.cli import cli
from pindai.config import (
    PRESETS,
    SETTINGS_TEMPLATE,
    ColourMode,
    DeviceKind,
    PrepStep,
    SplitMode,
    load_settings,
    resolve_home,
)
from pindai.errors import ConfigError, ExitCode


@pytest.fixture
def toml(home_dir: Path) -> Path:
    return home_dir / "pindai.toml"


def settings_of(toml: Path, text: str):  # noqa: ANN201
    toml.write_text(text, encoding="utf-8")
    return load_settings(toml.parent)


def test_a_plain_string_where_a_list_is_expected_is_one_item(toml: Path) -> None:
    s = settings_of(toml, '[profiles.ponsel]\npreset = "phone"\nlanguages = "ind"\nprep = "deskew"\n')
    p = s.profile("ponsel")
    assert p.languages == ("ind",)  # was ('i', 'n', 'd'): Tesseract then got "i+n+d"
    assert p.prep == (PrepStep.deskew,)


@pytest.mark.parametrize(("text", "table", "key", "value", "allowed"), [
    ("[ocr]\njobs = 2.5\n", "ocr", "jobs", "2.5", "a whole number from 1 to 256"),
    ("[ocr]\njobs = 0\n", "ocr", "jobs", "0", "a whole number from 1 to 256"),
    ("[ocr]\njobs = true\n", "ocr", "jobs", "True", "a whole number"),
    ("[ocr]\njpeg_quality = 500\n", "ocr", "jpeg_quality", "500", "a whole number from 1 to 100"),
    ("[ocr]\nlow_confidence = 101\n", "ocr", "low_confidence", "101", "a number from 0 to 100"),
    ("[limits]\nmax_pages = -3\n", "limits", "max_pages", "-3", "at least 1"),
    ('[profiles.adf]\ndpi = "tinggi"\n', "profiles.adf", "dpi", "'tinggi'", "a whole number from 50"),
    ('[profiles.adf]\nkind = "fax"\n', "profiles.adf", "kind", "'fax'", 'one of "scanner", "phone"'),
    ('[profiles.adf]\ncolour = "red"\n', "profiles.adf", "colour", "'red'", '"keep", "grey", "bw"'),
    ('[profiles.adf]\nsplit = "page"\n', "profiles.adf", "split", "'page'", '"file", "blank", "separator"'),
    ('[profiles.adf]\npolling = "sometimes"\n', "profiles.adf", "polling", "'sometimes'", '"auto", "yes", "no"'),
    ('[profiles.adf]\nprep = ["deskew", "blur"]\n', "profiles.adf", "prep", "'blur'", '"orientation"'),
    ('[profiles.adf]\nlanguages = ["ind", 3]\n', "profiles.adf", "languages", "3", "Tesseract language codes"),
    ('[profiles.adf]\nlanguages = []\n', "profiles.adf", "languages", "[]", "Tesseract language codes"),
    ('[profiles.adf]\ndrop_blank_backs = "ya"\n', "profiles.adf", "drop_blank_backs", "'ya'", "true or false"),
    ('[profiles.adf]\nunit = ""\n', "profiles.adf", "unit", "''", "not empty"),
    ("[registers]\nreview_months = 0\n", "registers", "review_months", "0", "a whole number from 1"),
    ('[home]\ngroup = 5\n', "home", "group", "5", "text"),
])
def test_a_wrong_value_names_file_table_key_value_and_what_is_allowed(
    toml: Path, text: str, table: str, key: str, value: str, allowed: str
) -> None:
    with pytest.raises(ConfigError) as e:
        settings_of(toml, text)
    msg = str(e.value)
    assert msg.startswith(f"{toml} [{table}]: '{key}' = "), msg
    assert value in msg and allowed in msg and "boleh / allowed" in msg, msg


def test_unknown_keys_tables_presets_and_record_kinds_are_named(toml: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[profiles.adf\]: kunci tidak dikenal / unknown key 'warna' "
                                          r"\(known: .*settle_seconds"):
        settings_of(toml, '[profiles.adf]\nwarna = "ya"\n')
    with pytest.raises(ConfigError, match=r"unknown table \[ocrr\]"):
        settings_of(toml, "[ocrr]\njobs = 2\n")
    with pytest.raises(ConfigError, match=r"\[profiles.x\]: 'preset' = 'fotokopi' .* allowed: 'adf', 'flatbed'"):
        settings_of(toml, '[profiles.x]\npreset = "fotokopi"\n')
    with pytest.raises(ConfigError, match=r"\[registers.retention\]: .*unknown record kind 'keuangn'"):
        settings_of(toml, '[registers.retention]\nkeuangn = "Aktif 2 tahun"\n')
    with pytest.raises(ConfigError, match=r"\[profiles.adf\]: harus berupa tabel / must be a table"):
        settings_of(toml, 'profiles.adf = "adf"\n')


def test_a_wrong_value_stops_a_command_with_the_config_exit_code(toml: Path) -> None:
    toml.write_text("[ocr]\njobs = 2.5\n")
    result = CliRunner().invoke(cli, ["profiles", "--home", str(toml.parent)])
    assert result.exit_code == ExitCode.bad_config
    assert "[ocr]: 'jobs' = 2.5" in result.output and "Traceback" not in result.output


def test_presets_apply_and_the_profile_overrides_them(toml: Path) -> None:
    s = settings_of(toml, '[profiles.adf]\npreset = "adf"\nunit = "Keuangan"\ndpi = 400\npolling = true\n')
    p = s.profile("adf")
    assert (p.split, p.drop_blank_backs, p.dpi, p.unit, p.preset) == (
        SplitMode.separator, PRESETS["adf"]["drop_blank_backs"], 400, "Keuangan", "adf")
    assert p.kind is DeviceKind.scanner and p.colour is ColourMode.keep
    assert p.polling == "yes"


def test_the_template_and_an_empty_file_give_the_defaults(toml: Path) -> None:
    template = settings_of(toml, SETTINGS_TEMPLATE)
    empty = settings_of(toml, "")
    assert template.ocr == empty.ocr and template.limits == empty.limits
    assert set(template.profiles) == {"default", "adf", "ponsel"}
    assert template.profile("default").languages == ("ind", "eng")
    assert template.registers.retention_for("hasil_pemilihan") == "Permanen"


def test_retention_entries_replace_only_their_kind(toml: Path) -> None:
    s = settings_of(toml, '[registers]\noffice = "KPU Kabupaten Lahat"\n[registers.retention]\n'
                          'surat = "Aktif 2 tahun, musnah"\n')
    assert s.registers.office == "KPU Kabupaten Lahat"
    assert s.registers.retention_for("surat") == "Aktif 2 tahun, musnah"
    assert s.registers.retention_for("keuangan").startswith("Aktif 2 tahun, inaktif 8 tahun")


def test_settings_that_are_not_utf8_or_not_toml_are_named(toml: Path) -> None:
    toml.write_bytes(b"[ocr]\njobs = 2 # \xff\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(toml.parent)
    toml.write_text("[ocr\n")
    with pytest.raises(ConfigError, match=r"pindai.toml: TOML tidak valid"):
        load_settings(toml.parent)


# --------------------------------------------------------------------------- finding the home


def test_without_a_home_the_error_says_where_it_looked_and_how_to_point_at_the_existing_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An officer at a terminal without PINDAI_HOME was told to create a new, empty home (#13)."""
    service_home = tmp_path / "srv" / "pindai"
    archive.init_home(resolve_home(service_home))
    units = tmp_path / "systemd"
    units.mkdir()
    (units / "pindai.service").write_text(f"[Service]\nEnvironment=PINDAI_HOME={service_home}\n"
                                          "ExecStart=/opt/pindai/.venv/bin/pindai -v watch\n")
    monkeypatch.setattr("pindai.config.SERVICE_UNIT_DIRS", (units,))
    monkeypatch.delenv("PINDAI_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "officer"))
    result = CliRunner().invoke(cli, ["review"])
    assert result.exit_code == ExitCode.bad_home
    out = result.output
    assert str(tmp_path / "officer" / ".local" / "share" / "pindai") in out  # where it looked
    assert "neither --home nor PINDAI_HOME" in out
    assert f"--home {service_home}" in out and f"PINDAI_HOME={service_home}" in out
    assert str(units / "pindai.service") in out
    assert "only for a new installation: pindai init" in out
    assert not (tmp_path / "officer").exists()  # nothing created


def test_a_wrong_home_option_is_named_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pindai.config.SERVICE_UNIT_DIRS", ())
    result = CliRunner().invoke(cli, ["review", "--home", str(tmp_path / "salah")])
    assert result.exit_code == ExitCode.bad_home
    assert f"tidak ditemukan di {tmp_path / 'salah'}" in result.output and "looked for from: --home" in result.output
    assert "PINDAI_HOME=" in result.output
