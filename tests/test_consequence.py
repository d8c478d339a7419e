"""The consequence-test sheet and the units' draft DIK lists: drafted from evidence, PDF and DOCX."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from pindai import redact, registers, review
from pindai._exec import poppler
from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import Settings
from pindai.errors import ExitCode
from pindai.registers import consequence

# Documents of the ``filed_home`` fixture (conftest.FILED_KINDS), by id.
REKAP, EDARAN, DARURAT, PSIKOLOGI, NOTA, PENAWARAN = 1, 2, 3, 4, 5, 6
#: A word of the psychological test results only: the sheet describes, never quotes.
PSIKOLOGI_WORD = "tersinggung"


def run(settings: Settings, *args: str) -> tuple[int, str]:
    r = CliRunner().invoke(cli, [*args, "--home", str(settings.home.root)])
    return r.exit_code, r.output


def _docx_text(path: Path) -> tuple[list[list[str]], str]:
    d = docx.Document(str(path))
    rows = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    return rows, "\n".join(p.text for p in d.paragraphs)


def test_sheet_pdf_renders_with_the_drafted_fields(filed_home: Settings, tmp_path: Path) -> None:
    out = tmp_path / "uji-4.pdf"
    code, output = run(filed_home, "sheet", str(PSIKOLOGI), "-o", str(out))
    assert code == ExitCode.ok, output
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(out), str(tmp_path / "sheet")], check=True)
    [png] = sorted(tmp_path.glob("sheet*.png"))
    ink = np.asarray(Image.open(png).convert("L"))
    assert (ink < 128).mean() > 0.01  # text was drawn
    text = " ".join(poppler.page_texts(out)).replace("\n", " ")
    for phrase in ("LEMBAR PENGUJIAN KONSEKUENSI", "Pasal 17 huruf h UU 14/2008", "Konsekuensi apabila dibuka",
                   "Kepentingan publik", "[x] dikecualikan", "Tanda tangan", "[diisi petugas]",
                   "persetujuan tertulis"):
        assert phrase in " ".join(text.split()), phrase
    assert PSIKOLOGI_WORD not in text.lower()


def test_sheet_docx_opens_and_holds_the_officers_fields(filed_home: Settings, tmp_path: Path) -> None:
    out = tmp_path / "uji-5.docx"
    code, output = run(filed_home, "sheet", str(NOTA), "-o", str(out))
    assert code == ExitCode.ok, output
    rows, paragraphs = _docx_text(out)
    labels = {r[0]: r[1] for r in rows if len(r) == 2}
    assert labels["3. Dasar hukum pengecualian"].startswith("Pasal 17 huruf i UU 14/2008")
    for officer_field in ("4. Konsekuensi apabila dibuka", "5. Kepentingan publik yang dipertimbangkan",
                          "7. Kesimpulan", "10. Keputusan penetapan (nomor dan tanggal)",
                          "11. Tempat dan tanggal pengujian"):
        assert "[diisi petugas]" in labels[officer_field], officer_field
    assert ["Peran", "Nama", "Jabatan", "Tanda tangan"] in rows
    assert "LEMBAR PENGUJIAN KONSEKUENSI" in paragraphs


def test_sheet_of_a_public_document_is_refused(filed_home: Settings, tmp_path: Path) -> None:
    code, output = run(filed_home, "sheet", str(REKAP), "-o", str(tmp_path / "x.pdf"))
    assert code == ExitCode.bad_config
    assert "bukan usulan DIK" in output and not (tmp_path / "x.pdf").exists()


def test_filled_fields_feed_the_dik_register_and_the_next_sheet(filed_home: Settings, tmp_path: Path) -> None:
    s = filed_home
    with Catalog(s.home.catalog) as cat:
        before = consequence.dik_gaps(s, cat, PSIKOLOGI)
        consequence.write_sheet(s, cat, PSIKOLOGI, tmp_path / "first.pdf", actor="test")
        consequence.record_sheet(s, cat, PSIKOLOGI, consequence="Peserta seleksi dirugikan.",
                                  public_interest="Hasil akhir seleksi sudah diumumkan.",
                                  period="sampai ada persetujuan tertulis peserta", actor="test")
        after = consequence.dik_gaps(s, cat, PSIKOLOGI)
        trail = [a["action"] for a in review.audit_trail(cat, PSIKOLOGI)]
    assert any("konsekuensi" in m for m in before) and any("kepentingan publik" in m for m in before)
    assert any("lembar uji konsekuensi" in m for m in before)
    assert not any("lembar uji konsekuensi" in m for m in after)
    assert not any("konsekuensi" in m or "kepentingan publik" in m or "jangka waktu" in m for m in after)
    assert any("Keputusan" in m for m in after) and {"consequence_sheet", "consequence_test"} <= set(trail)
    csv_text = registers.export_register(s, "dik", fmt="csv")
    assert "Peserta seleksi dirugikan." in csv_text and "Hasil akhir seleksi sudah diumumkan." in csv_text
    out = consequence.write_sheet(s, Catalog(s.home.catalog), PSIKOLOGI, tmp_path / "again.docx")
    labels = {r[0]: r[1] for r in _docx_text(out)[0] if len(r) == 2}
    assert labels["4. Konsekuensi apabila dibuka"] == "Peserta seleksi dirugikan."


def test_sheet_concludes_open_in_part_when_boxes_withhold_parts(filed_home: Settings, tmp_path: Path) -> None:
    s = filed_home
    with Catalog(s.home.catalog) as cat:
        redact.add_box(s, cat, PSIKOLOGI, page=1, rect=(70, 300, 400, 330), actor="test")
        out = consequence.write_sheet(s, cat, PSIKOLOGI, tmp_path / "partial.docx")
    labels = {r[0]: r[1] for r in _docx_text(out)[0] if len(r) == 2}
    assert "[x] terbuka sebagian" in labels["7. Kesimpulan"]
    assert "bagian yang ditandai petugas (1)" in labels["8. Informasi yang dapat dibuka setelah penghitaman"]


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_unit_draft_lists_every_waiting_dik_proposal_with_its_reason(filed_home: Settings, tmp_path: Path,
                                                                     suffix: str) -> None:
    s = filed_home
    with Catalog(s.home.catalog) as cat:
        dik = [r for r in review.records(cat, s) if r.register == "DIK"]
    assert {r.id for r in dik} >= {PSIKOLOGI, NOTA, PENAWARAN}
    out = tmp_path / f"draf{suffix}"
    code, output = run(s, "dik-draft", "-o", str(out))
    assert code == ExitCode.ok, output
    if suffix == ".docx":
        rows, text = _docx_text(out)
        ids = {r[1] for r in rows if r[1].startswith("#")}
        reasons = " ".join(r[3] for r in rows)
    else:
        text = " ".join(poppler.page_texts(out))
        ids = {w for w in text.split() if w.startswith("#")}
        reasons = text
    assert ids == {f"#{r.id}" for r in dik}
    assert "DRAF DAFTAR INFORMASI YANG DIKECUALIKAN" in text
    assert "Pasal 17 huruf h" in reasons and "Pasal 17 huruf i" in reasons
    code, output = run(s, "dik-draft", "--unit", "SDM", "-o", str(tmp_path / f"sdm{suffix}"))
    assert code == ExitCode.ok, output


KEPUTUSAN = [
    "KEPUTUSAN KOMISI PEMILIHAN UMUM",
    "PROVINSI SUMATERA SELATAN",
    "NOMOR 12 TAHUN 2026",
    "TENTANG",
    "PENETAPAN DAFTAR INFORMASI YANG DIKECUALIKAN",
    "",
    "KESATU : Menetapkan daftar informasi yang dikecualikan sebagaimana",
    "tercantum dalam lampiran.",
    "",
    "Informasi\tPasal 17\tJangka Waktu",
    "Hasil tes psikologi\thuruf h\tsampai ada persetujuan",
    "Penawaran penyedia\thuruf b\tsampai ada pemenang",
    "Identitas saksi\thuruf a\t30 tahun",
    "",
    "Ditetapkan di Palembang",
    "pada tanggal 3 Maret 2026",
    "KETUA,",
    "",
    "Rahmat Hidayat",
]


def test_a_scanned_keputusan_sets_the_matching_proposals_and_no_other(filed_home: Settings,
                                                                        tmp_path: Path) -> None:
    import synth

    from pindai.ingest import Ingestor

    s = filed_home
    img, _ = synth.scanner_page(KEPUTUSAN, angle=0.8, seed=2)
    scan = synth.write_image_pdf([img], tmp_path / "keputusan-dik.pdf")
    with Ingestor(s) as ing:
        [r] = ing.ingest(scan, copy=True)
    code, output = run(s, "keputusan", str(r.id))
    assert code == ExitCode.ok, output
    assert "Keputusan Nomor 12 Tahun 2026, 3 Maret 2026" in output
    assert output.count("kategori:") == 3
    with Catalog(s.home.catalog) as cat:
        before = {x.id: x.status for x in review.records(cat, s)}
    assert before[PSIKOLOGI] == before[PENAWARAN] == before[NOTA] == "usulan"  # nothing set yet
    code, output = run(s, "keputusan", str(r.id), "--accept")
    assert code == ExitCode.ok, output
    assert f"#{PSIKOLOGI} <- Hasil tes psikologi" in output and f"#{PENAWARAN} <- Penawaran penyedia" in output
    with Catalog(s.home.catalog) as cat:
        after = {x.id: x for x in review.records(cat, s)}
        trail = review.audit_trail(cat, PSIKOLOGI)
    for doc_id in (PSIKOLOGI, PENAWARAN):
        assert after[doc_id].status == "ditetapkan"
        assert after[doc_id].decision_ref.startswith("Keputusan Nomor 12 Tahun 2026")
    assert after[PSIKOLOGI].period == "sampai ada persetujuan"
    assert after[NOTA].status == "usulan" and not after[NOTA].decision_ref  # huruf i: not listed
    assert {x.id for x in after.values() if x.status == "ditetapkan"} == {PSIKOLOGI, PENAWARAN}
    assert trail[-1]["action"] == "keputusan" and "huruf h sama" in trail[-1]["reason"]
