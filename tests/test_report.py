"""The activity report (#6 item 5): figures from the catalogue, HTML, PDF, the command."""

from __future__ import annotations

import json
import math
import re
import shutil
import sqlite3
import statistics
import subprocess
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import synth
from click.testing import CliRunner

from pindai import errors, review
from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import Settings
from pindai.errors import ExitCode
from pindai.ingest import Ingestor
from pindai.registers._report import GROUND_LABELS
from pindai.registers import ReportError, figures, parse_period, render_html, render_pdf

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
                                   reason="poppler-utils not installed")

#: Planted in an exempt document's editable fields: must never reach the report.
SECRET = "Zorbulaxian"
TODAY = date.today()
PERIOD = parse_period(None, None, today=TODAY)


def _local(ts: str) -> datetime:
    return datetime.fromisoformat(ts).astimezone()


@pytest.fixture
def reported(filed_home: Settings, tmp_path: Path) -> Settings:
    """filed_home with three decisions (one DIP, two DIK due for review), a failed input,
    and receipt times set so that the decision times are 2, 10 and 50 hours."""
    s = filed_home
    with Catalog(s.home.catalog) as cat:
        review.decide(s, cat, 1, review.Decision(register="DIP", dip_type="berkala"))
        review.decide(s, cat, 4, review.Decision(
            register="DIK", ground="h", period=(TODAY - timedelta(days=1)).isoformat(),
            decision_ref="Keputusan KPU Nomor 1 Tahun 2024", consequence=f"{SECRET} terbuka",
            reason=SECRET, meta={"title": f"{SECRET} hasil tes"}))
        review.decide(s, cat, 5, review.Decision(
            register="DIK", ground="i", period=(TODAY + timedelta(days=30)).isoformat()))
        for doc_id, hours in ((1, 2), (4, 10), (5, 50)):
            decided = cat.db.execute("SELECT decided_at FROM decisions WHERE document_id=?",
                                     (doc_id,)).fetchone()[0]
            received = _local(decided) - timedelta(hours=hours)
            if received.date() < PERIOD[0]:  # early in the month: keep it in the period
                received = _local(decided)
            cat.db.execute("UPDATE documents SET received_at=? WHERE id=?",
                           (received.isoformat(timespec="seconds"), doc_id))
    empty = synth.write_zero_byte(tmp_path / "kosong.pdf")
    with Ingestor(s) as ing:
        [result] = ing.process(ing.claim(empty))
    assert result.status == "failed" and result.error_code == "empty"
    return s


def _figures(s: Settings, start: date = PERIOD[0], end: date = PERIOD[1]):
    with Catalog(s.home.catalog) as cat:
        return figures(s, cat, start=start, end=end, today=TODAY)


def _sql(s: Settings, sql: str, params: tuple = ()) -> list[tuple]:
    db = sqlite3.connect(s.home.catalog)
    try:
        return [tuple(r) for r in db.execute(sql, params)]
    finally:
        db.close()


# Labels of each document: the latest decision, else the latest suggestion.
LABELS = """
SELECT d.id, COALESCE(k.register, s.register), CASE WHEN k.id IS NULL THEN s.dip_type ELSE k.dip_type END,
       CASE WHEN k.id IS NULL THEN s.ground ELSE k.ground END
FROM documents d
LEFT JOIN suggestions s ON s.id = (SELECT max(id) FROM suggestions WHERE document_id = d.id)
LEFT JOIN decisions k ON k.id = (SELECT max(id) FROM decisions WHERE document_id = d.id)
"""


def test_figures_match_the_catalogue(reported: Settings) -> None:
    fig = _figures(reported)
    s = reported
    [(docs, pages)] = _sql(s, "SELECT count(*), sum(pages) FROM documents")
    assert (fig.documents, fig.pages) == (docs, pages) == (6, pages)
    units = _sql(s, "SELECT unit, count(*), sum(pages) FROM documents GROUP BY unit")
    assert sorted((c.name, c.documents, c.pages) for c in fig.by_unit) == sorted(units)
    profiles = _sql(s, "SELECT profile, count(*), sum(pages) FROM documents GROUP BY profile")
    assert sorted((c.name, c.documents, c.pages) for c in fig.by_profile) == sorted(profiles)
    labels = _sql(s, LABELS)
    registers = {r: sum(1 for x in labels if x[1] == r) for r in ("DIP", "DIK")}
    assert {k: v for k, v in fig.by_register.items() if k in ("DIP", "DIK")} == {
        k: v for k, v in registers.items() if v}
    assert fig.by_ground == {g: sum(1 for x in labels if x[1] == "DIK" and x[3] == g)
                             for g in {x[3] for x in labels if x[1] == "DIK"}}
    assert fig.by_dip_type == {t: sum(1 for x in labels if x[1] == "DIP" and x[2] == t)
                               for t in {x[2] for x in labels if x[1] == "DIP"}}
    assert fig.decided == 3
    failed = _sql(s, "SELECT error_code, count(*) FROM jobs WHERE state='failed' GROUP BY error_code")
    assert fig.failed_by_reason == dict(failed) == {"empty": 1} and fig.failed == 1
    [(rescan_pages, rescan_docs)] = _sql(
        s, "SELECT count(*), count(DISTINCT document_id) FROM pages WHERE rescan")
    assert (fig.rescan_pages, fig.rescan_documents) == (rescan_pages, rescan_docs)


def test_decision_times_pending_and_due_match_the_catalogue(reported: Settings) -> None:
    fig = _figures(reported)
    hours = sorted(h for (h,) in _sql(reported, """
        SELECT (julianday(min(k.decided_at)) - julianday(d.received_at)) * 24
        FROM documents d JOIN decisions k ON k.document_id = d.id GROUP BY d.id"""))
    assert fig.decision_hours_median == pytest.approx(statistics.median(hours), abs=0.01)
    assert fig.decision_hours_p90 == pytest.approx(hours[math.ceil(0.9 * len(hours)) - 1], abs=0.01)
    [(waiting, oldest)] = _sql(reported, "SELECT count(*), min(received_at) FROM documents"
                                         " WHERE id NOT IN (SELECT document_id FROM decisions)")
    assert (fig.decision_waiting, fig.pending, fig.pending_oldest) == (waiting, waiting, oldest) == (3, 3, oldest)
    # #4's period ended yesterday (ditetapkan); #5's ends in 30 days and has no Keputusan yet.
    assert [(e.document_id, e.ground, e.status) for e in fig.due] == [(4, "h", "ditetapkan"), (5, "i", "usulan")]
    assert fig.due[0].reason.startswith("jangka waktu sudah berakhir")
    assert fig.due[1].reason.startswith("jangka waktu berakhir") and "30 hari lagi" in fig.due[1].reason
    assert fig.dik_awaiting_keputusan == 1


def test_period_boundaries_are_inclusive_local_days(reported: Settings) -> None:
    day = date(2024, 3, 1)
    stamps = {1: datetime(2024, 2, 29, 23, 59, 59), 2: datetime(2024, 3, 1, 0, 0, 0),
              3: datetime(2024, 3, 31, 23, 59, 59), 6: datetime(2024, 4, 1, 0, 0, 0)}
    with Catalog(reported.home.catalog) as cat:
        for doc_id, t in stamps.items():
            cat.db.execute("UPDATE documents SET received_at=? WHERE id=?",
                           (t.astimezone().isoformat(timespec="seconds"), doc_id))
    fig = _figures(reported, day, date(2024, 3, 31))
    assert fig.documents == 2
    assert fig.failed == 0  # the failed input came today
    assert _figures(reported, day, day).documents == 1
    assert _figures(reported, date(2024, 2, 29), date(2024, 4, 1)).documents == 4


def test_period_dates_as_an_office_writes_them() -> None:
    assert parse_period("1 Januari 2024", "31/03/2024") == (date(2024, 1, 1), date(2024, 3, 31))
    assert parse_period("01-02-2024", None) == (date(2024, 2, 1), date(2024, 2, 29))
    with pytest.raises(ReportError, match="25 Juni 2023"):
        parse_period("kemarin", None)


def test_parse_period_defaults_and_errors() -> None:
    assert parse_period(None, None, today=date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert parse_period("2024-01-15", None) == (date(2024, 1, 15), date(2024, 1, 31))
    assert parse_period(None, "2024-03-05") == (date(2024, 3, 1), date(2024, 3, 5))
    with pytest.raises(ReportError, match="sesudah --to"):
        parse_period("2024-03-02", "2024-03-01")
    with pytest.raises(ReportError, match="tidak valid"):
        parse_period("2024-13-01", None)


def _exempt_only_words(s: Settings) -> set[str]:
    def words(side_sql: str) -> set[str]:
        text = " ".join(t for (t,) in _sql(s, "SELECT p.text FROM pages p JOIN documents d ON d.id ="
                                              f" p.document_id WHERE {side_sql}"))
        return {w.lower() for w in re.findall(r"[A-Za-z]{9,}", text)}

    # The report's own wording (headings, labels, failure reasons) is not a leak.
    template = render_html(_figures(s, date(2001, 1, 1), date(2001, 1, 1))).lower()
    template += " ".join(c.reason_id for c in _rejections()).lower() + str(GROUND_LABELS).lower()
    found = {w for w in words("d.id IN (4, 5, 6)") - words("d.id IN (1, 2, 3)") if w not in template}
    assert len(found) >= 10, "the exempt documents should have words of their own"
    return found | {SECRET.lower()}


def _rejections() -> list[type]:
    todo, out = [errors.InputRejected], []
    while todo:
        out.append(todo.pop())
        todo.extend(out[-1].__subclasses__())
    return out


def _html5_parse(text: str) -> None:
    import html5lib

    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


def test_html_is_valid_self_contained_and_leaks_nothing(reported: Settings) -> None:
    fig = _figures(reported)
    page = render_html(fig)
    _html5_parse(page)
    assert page.count("<svg") == 3  # per unit, register/type split, weekly
    assert "Laporan Kegiatan Pendokumentasian" in page and "Dokumen per unit kerja" in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    lower = page.lower()
    assert not [w for w in _exempt_only_words(reported) if w in lower]


def test_html_escapes_names(reported: Settings) -> None:
    fig = _figures(reported)
    fig = replace(fig, office="KPU <Kab> & \"Kota\"")
    page = render_html(fig)
    _html5_parse(page)
    assert "KPU &lt;Kab&gt; &amp;" in page and "<Kab>" not in page


@needs_poppler
def test_pdf_renders_with_headings_and_numbers(reported: Settings, tmp_path: Path) -> None:
    fig = _figures(reported)
    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(render_pdf(fig))
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
                   check=True, timeout=60)
    from PIL import Image

    [png] = tmp_path.glob("p*.png")
    with Image.open(png) as im:
        dark = sum(im.convert("L").histogram()[:128])
    assert dark > 500  # text and charts, not a blank page
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    for heading in ("Laporan Kegiatan Pendokumentasian", "Dokumen per unit kerja",
                    "Kegagalan dan pindai ulang", "Pengecualian jatuh tempo"):
        assert heading in text
    assert re.search(rf"Dokumen diproses\s+{fig.documents}\b", text)
    assert re.search(rf"Halaman diproses\s+{fig.pages}\b", text)
    assert re.search(r"Berkas gagal diproses \(karantina\)\s+1\b", text)
    lower = text.lower()
    assert not [w for w in _exempt_only_words(reported) if w in lower]


def test_empty_period_says_so(reported: Settings) -> None:
    fig = _figures(reported, date(2001, 1, 1), date(2001, 1, 31))
    assert fig.empty and fig.documents == 0 and fig.decision_hours_median is None
    page = render_html(fig)
    _html5_parse(page)
    assert "Tidak ada dokumen yang diproses pada periode ini" in page and "<svg" not in page
    assert render_pdf(fig).startswith(b"%PDF")


# --------------------------------------------------------------------------- the command


def test_cli_writes_html_and_pdf(reported: Settings, tmp_path: Path) -> None:
    root = str(reported.home.root)
    out = tmp_path / "laporan.pdf"
    result = CliRunner().invoke(cli, ["report", "--home", root, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Laporan ditulis / report written: {out}\n"
    assert out.read_bytes().startswith(b"%PDF")
    result = CliRunner().invoke(cli, ["report", "--home", root, "--format", "html", "-o", "-"])
    assert result.exit_code == 0
    assert result.output.startswith("<!DOCTYPE html>")


def test_cli_json_figures(reported: Settings, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "--home", str(reported.home.root), "--json",
                                      "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["documents"] == 6 and data["failed_by_reason"] == {"empty": 1}


def test_cli_empty_period_is_not_an_error(reported: Settings, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["report", "--home", str(reported.home.root), "--from", "2001-01-01",
                                      "--to", "2001-01-31", "-o", str(out)])
    assert result.exit_code == 0
    assert "tidak ada dokumen pada periode ini" in result.output


@pytest.mark.parametrize(("args", "phrase"), [
    (["--from", "2024-03-02", "--to", "2024-03-01"], "sesudah --to"),
    (["--from", "2024-02-30"], "tidak valid"),
    (["--to", "kemarin"], "TTTT-BB-HH"),
])
def test_cli_bad_dates(home_dir: Path, args: list[str], phrase: str) -> None:
    result = CliRunner().invoke(cli, ["report", "--home", str(home_dir), *args])
    assert result.exit_code == ExitCode.bad_config
    assert phrase in result.output


def test_cli_missing_home(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "--home", str(tmp_path / "none")])
    assert result.exit_code == ExitCode.bad_home
    assert "pindai init" in result.output


def test_cli_help_has_example() -> None:
    result = CliRunner().invoke(cli, ["report", "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "--from" in result.output
