"""DIP / DIK registers from real pipeline output: columns, order, due exemptions, every format."""

from __future__ import annotations

import csv
import io
import json
import stat
import subprocess
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from pindai import registers, review
from pindai.catalog import Catalog
from pindai.cli import REGISTER_FORMATS, cli
from pindai.config import Settings
from pindai.errors import ExitCode
from pindai.review import Decision

TODAY = date(2025, 11, 1)


def decide_all(settings: Settings) -> None:
    """Officers' decisions over the six filed documents (conftest.FILED_KINDS).

    1, 2: DIP approved; 3: DIP left as suggested (usulan); 4: DIK h until a condition;
    5: DIK i until 31 Dec 2025; 6: DIK b until 30 Jun 2024. Every DIK column given.
    """
    with Catalog(settings.home.catalog) as cat:
        review.decide(settings, cat, 1, Decision(register="DIP", dip_type="berkala"))
        review.decide(settings, cat, 2, Decision(register="DIP", dip_type="setiap_saat"))
        common = dict(register="DIK", public_interest="Keterbukaan proses seleksi dan pengadaan",
                      redaction="Judul dan tanggal dokumen")
        review.decide(settings, cat, 4, Decision(
            **common, ground="h", period="sampai ada persetujuan tertulis pemilik data",
            decision_ref="Keputusan KPU Provinsi Nomor 12 Tahun 2024, 3 Maret 2024",
            consequence="Mengungkap hasil pemeriksaan psikologis seseorang",
            legal_basis="UU 27/2022 Pasal 4 ayat (2)", next_review="2027-03-01"))
        review.decide(settings, cat, 5, Decision(
            **common, ground="i", period="2025-12-31",
            decision_ref="Keputusan KPU Provinsi Nomor 13 Tahun 2024, 3 Maret 2024",
            consequence="Mengganggu klarifikasi yang belum selesai"))
        review.decide(settings, cat, 6, Decision(
            **common, ground="b", period="2024-06-30",
            decision_ref="Keputusan KPU Provinsi Nomor 14 Tahun 2024, 3 Maret 2024",
            consequence="Persaingan usaha tidak sehat sebelum pemenang ditetapkan"))


@pytest.fixture
def decided(filed_home: Settings) -> Settings:
    decide_all(filed_home)
    return filed_home


def by_no(reg: registers.Register) -> dict[int, dict[str, str]]:
    return {e.id: e.cells for e in reg.entries}


# --------------------------------------------------------------------------- contents


def test_dip_register_fills_every_column_from_the_pipeline(decided: Settings) -> None:
    reg = registers.load_register(decided, "dip", today=TODAY)
    cells = by_no(reg)
    for doc_id in (1, 2):
        empty = [k for k, v in cells[doc_id].items() if not v]
        assert not empty, f"document {doc_id}: empty {empty}"
    rekap = cells[1]
    assert rekap["number"] == "327/PL.01.8/1604/2024"
    assert "REKAPITULASI PEROLEHAN SUARA" in rekap["title"]
    assert rekap["made"] == "Lahat, 7 Desember 2024"
    assert rekap["issuer"] == "Ketua KPU Kabupaten Lahat"
    assert rekap["dip_type"] == "Berkala"
    assert (rekap["year"], rekap["status"]) == ("2024", "Disahkan")
    assert reg.headers[:4] == ["No.", "Judul Informasi", "Nomor Dokumen", "Ringkasan Isi Informasi"]


def test_dip_register_lists_public_side_only(decided: Settings) -> None:
    reg = registers.load_register(decided, "dip")
    assert [e.id for e in reg.entries] == [2, 3, 1]  # by date made
    assert by_no(reg)[3]["status"] == "Usulan"


def test_dik_register_fills_every_column_from_the_decisions(decided: Settings) -> None:
    reg = registers.load_register(decided, "dik", today=TODAY)
    for doc_id, cells in by_no(reg).items():
        empty = [k for k, v in cells.items() if not v]
        assert not empty, f"document {doc_id}: empty {empty}"
    psych = by_no(reg)[4]
    assert psych["legal_basis"] == "Pasal 17 huruf h UU 14/2008; UU 27/2022 Pasal 4 ayat (2)"
    assert psych["status"] == "Ditetapkan"
    assert psych["next_review"] == "1 Maret 2027"
    assert psych["unit"] == "SDM"
    assert "(arsip #4)" in psych["source"]
    assert by_no(reg)[5]["period"] == "Sampai 31 Desember 2025"


def test_dik_register_ordered_by_period_end_then_condition(decided: Settings) -> None:
    reg = registers.load_register(decided, "dik")
    assert [e.id for e in reg.entries] == [6, 5, 4]
    assert [e.cells["no"] for e in reg.entries] == ["1", "2", "3"]
    assert [label for _, label in reg.groups()] == [
        "Dikecualikan sampai 30 Juni 2024",
        "Dikecualikan sampai 31 Desember 2025",
        "Dikecualikan sampai ada persetujuan tertulis pemilik data",
    ]


def test_dik_conditions_grouped_and_entries_without_period_last(filed_home: Settings) -> None:
    with Catalog(filed_home.home.catalog) as cat:
        recs = {r.id: r for r in review.records(cat, filed_home)}
    extra = replace(recs[4], id=40, period_condition="sampai pemenang tender ditetapkan")
    recs[4] = replace(recs[4], period_condition="sampai ada persetujuan pemilik data")
    recs[6] = replace(recs[6], period_condition="sampai pemenang tender ditetapkan")
    reg = registers.build("dik", [*recs.values(), extra], office="KPU Kabupaten Lahat")
    assert [e.id for e in reg.entries] == [4, 6, 40, 5]
    assert [(i, label.split()[-1]) for i, label in reg.groups()] == [
        (0, "data"), (1, "ditetapkan"), (3, "ditentukan")]


def test_year_filter(decided: Settings) -> None:
    assert [e.id for e in registers.load_register(decided, "dip", year=2024).entries] == [3, 1]
    assert registers.load_register(decided, "dip", year=2024).title_lines[2] == "Tahun 2024"


def test_title_rows_name_the_office_and_date(decided: Settings) -> None:
    reg = registers.load_register(replace(decided, registers=replace(
        decided.registers, office="KPU Kabupaten Lahat")), "dik", today=TODAY)
    assert reg.title_lines == ["DAFTAR INFORMASI YANG DIKECUALIKAN (DIK)", "KPU Kabupaten Lahat",
                               "Dicetak 1 November 2025"]


# --------------------------------------------------------------------------- due for review


def test_due_lists_ended_and_ending_periods_within_the_window(decided: Settings) -> None:
    due = registers.due_exemptions(decided, within="90d", today=TODAY)
    assert [d.id for d in due] == [6, 5]
    assert "sudah berakhir 30 Juni 2024" in due[0].reason
    assert "60 hari lagi" in due[1].reason
    assert [d.id for d in registers.due_exemptions(decided, within="30d", today=TODAY)] == [6]


def test_due_includes_a_review_date_in_the_window(decided: Settings) -> None:
    later = TODAY + timedelta(days=400)
    assert [d.id for d in registers.due_exemptions(decided, within="1y", today=later)] == [6, 5, 4]
    assert "peninjauan" in registers.due_exemptions(decided, within="1y", today=later)[2].reason


def test_due_window_rejects_nonsense() -> None:
    with pytest.raises(registers.RegisterError, match="90d"):
        registers.parse_window("soon")
    assert registers.parse_window("12w") == timedelta(days=84)


def test_cli_due_json_and_table(decided: Settings) -> None:
    home = str(decided.home.root)
    result = CliRunner().invoke(cli, ["register", "dik", "--due", "--home", home, "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in rows][:2] == [6, 5]  # both periods ended before today
    table = CliRunner().invoke(cli, ["register", "dik", "--due", "--home", home])
    assert table.exit_code == 0
    assert "due for review" in table.output and "30 Juni 2024" in table.output


# --------------------------------------------------------------------------- formats


def test_csv_reads_back_in_excel_dialect(decided: Settings, tmp_path: Path) -> None:
    out = tmp_path / "dip.csv"
    registers.export_register(decided, "dip", fmt="csv", output=out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), dialect="excel"))
    start = rows.index(registers.load_register(decided, "dip").headers)
    assert rows[0] == ["DAFTAR INFORMASI PUBLIK (DIP)"]
    entries = [dict(zip(rows[start], r, strict=True)) for r in rows[start + 1:]]
    rekap = next(e for e in entries if e["Nomor Dokumen"] == "327/PL.01.8/1604/2024")
    assert rekap["Waktu dan Tempat Pembuatan"] == "Lahat, 7 Desember 2024"
    assert [e["No."] for e in entries] == ["1", "2", "3"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_csv_neutralises_spreadsheet_formulas(filed_home: Settings) -> None:
    with Catalog(filed_home.home.catalog) as cat:
        rec = review.records(cat, filed_home)[0]
    reg = registers.build("dip", [replace(rec, title='=HYPERLINK("http://x","klik")')], office="KPU")
    text = registers.render(reg, "csv")
    assert "'=HYPERLINK" in text


def test_xlsx_reads_back_in_openpyxl(decided: Settings, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "dik.xlsx"
    registers.export_register(decided, "dik", fmt="xlsx", output=out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    ws = load_workbook(out).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(values) if row[0] == "No.")
    assert list(values[header_at]) == registers.load_register(decided, "dik").headers
    assert values[header_at + 1][0] == "Dikecualikan sampai 30 Juni 2024"  # group row
    assert values[header_at + 2][0] == "1"
    assert ws.freeze_panes == f"A{header_at + 2}"
    header = ws.cell(row=header_at + 1, column=2)
    assert header.font.b and header.alignment.wrap_text
    assert ws.cell(row=header_at + 3, column=2).alignment.wrap_text
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


def test_html_is_valid_and_escaped(filed_home: Settings, decided: Settings) -> None:
    import html5lib

    for kind in ("dip", "dik"):
        page = registers.export_register(decided, kind, fmt="html")
        html5lib.HTMLParser(strict=True).parse(page)
        assert "Daftar Informasi" in page
    with Catalog(filed_home.home.catalog) as cat:
        rec = review.records(cat, filed_home)[0]
    reg = registers.build("dip", [replace(rec, title="<script>alert(1)</script> & co")], office="KPU <x>")
    page = registers.render(reg, "html")
    html5lib.HTMLParser(strict=True).parse(page)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page


def test_json_has_english_keys_and_the_header_map(decided: Settings) -> None:
    data = json.loads(registers.export_register(decided, "dik", fmt="json"))
    assert data["columns"]["period"] == "Jangka Waktu Pengecualian"
    assert data["entries"][0]["id"] == 6
    assert set(data["columns"]) <= set(data["entries"][0])


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def test_pdf_renders_with_headers_on_every_page(filed_home: Settings, tmp_path: Path) -> None:
    from PIL import Image

    with Catalog(filed_home.home.catalog) as cat:
        recs = [r for r in review.records(cat, filed_home) if r.side == "public"]
    many = [replace(r, id=i) for i in range(1, 31) for r in recs[:1]]  # long enough for several pages
    out = tmp_path / "dip.pdf"
    registers.write_file(out, registers.render(registers.build("dip", many, office="KPU Kabupaten Lahat"),
                                               "pdf"), restricted=False)
    pages = _pdf_text(out).split("\f")[:-1]
    assert len(pages) > 1
    for text in pages:
        assert "Judul Informasi" in text and "Ringkasan Isi" in text
    assert "KPU Kabupaten Lahat" in pages[0] and "Halaman 1 dari" in pages[0]
    subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "p")],
                   check=True, timeout=60)
    png = next(tmp_path.glob("p*.png"))
    with Image.open(png) as im:
        assert im.width > im.height  # landscape
        lo, hi = im.convert("L").getextrema()
    assert lo < 100 and hi > 200  # ink on paper


def test_cli_dik_pdf_is_restricted(decided: Settings, tmp_path: Path) -> None:
    out = tmp_path / "dik.pdf"
    result = CliRunner().invoke(cli, ["register", "dik", "--home", str(decided.home.root), "--format", "pdf",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "0640" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert "Informasi yang Dikecualikan" in _pdf_text(out)


# --------------------------------------------------------------------------- command line


def test_cli_dip_csv_to_stdout(decided: Settings) -> None:
    result = CliRunner().invoke(cli, ["register", "dip", "--home", str(decided.home.root)])
    assert result.exit_code == 0
    assert result.output.startswith("\ufeffDAFTAR INFORMASI PUBLIK (DIP)")
    assert "327/PL.01.8/1604/2024" in result.output


def test_cli_binary_format_needs_output(decided: Settings) -> None:
    result = CliRunner().invoke(cli, ["register", "dip", "--home", str(decided.home.root), "--format", "xlsx"])
    assert result.exit_code == ExitCode.bad_config
    assert "perlu berkas tujuan" in result.output


def test_cli_due_only_for_dik(decided: Settings) -> None:
    result = CliRunner().invoke(cli, ["register", "dip", "--due", "--home", str(decided.home.root)])
    assert result.exit_code == 2
    assert "hanya untuk DIK" in result.output


def test_cli_formats_match_the_library() -> None:
    assert REGISTER_FORMATS == registers.FORMATS


@pytest.mark.parametrize("command", ["register", "publish"])
def test_commands_have_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
