"""Register metadata read from document text: heading, number, place and date, issuer, summary, kind."""

from __future__ import annotations

from datetime import datetime

import corpus
from pindai import metadata

LETTER = """KOMISI PEMILIHAN UMUM KABUPATEN LAHAT
Jalan Bukit Tunggal Nomor 5, Lahat 31421 Telp. (0731) 321000

Nomor   : 109/PL.01.1-Und/1604/2026
Lampiran: -
Perihal : Undangan Rapat Pleno Terbuka

Yth. Pimpinan Partai Politik
di Lahat

Sehubungan dengan tahapan pemutakhiran data pemilih, KPU Kabupaten Lahat akan
menyelenggarakan rapat pleno terbuka penetapan daftar pemilih tetap. Kami mengundang
Saudara untuk hadir tepat waktu.

Lahat, 6 Januari 2026
Ketua KPU Kabupaten Lahat,

ttd.
Rina Wulandari
"""


def test_a_letter_gives_every_register_field() -> None:
    m = metadata.extract(LETTER)
    assert m.title == "Undangan Rapat Pleno Terbuka"  # a letter is titled by its subject
    assert m.number == "109/PL.01.1-Und/1604/2026"
    assert (m.place, m.date) == ("Lahat", datetime(2026, 1, 6))
    assert m.issuer == "Ketua KPU Kabupaten Lahat"
    assert m.summary.startswith("Perihal: Undangan Rapat Pleno Terbuka. Sehubungan dengan tahapan")
    assert "Jalan" not in m.summary and "Telp" not in m.summary
    assert m.kind == "surat"


def test_a_heading_with_tentang_is_one_title_and_the_letterhead_is_skipped() -> None:
    text = ("KOMISI PEMILIHAN UMUM\nKABUPATEN MUARA ENIM\n\nPENGUMUMAN\nNomor : 12/PL.01/1603/2024\n"
            "TENTANG\nHASIL REKAPITULASI PEROLEHAN SUARA\n\nIsi pengumuman.\n")
    m = metadata.extract(text)
    assert m.title == "PENGUMUMAN TENTANG HASIL REKAPITULASI PEROLEHAN SUARA"
    assert m.kind == "hasil_pemilihan"


def test_a_date_of_birth_or_a_weekday_is_not_the_date_of_making() -> None:
    text = ("BERITA ACARA\nTempat/Tgl Lahir : Pagar Alam, 4 Januari 1977\n"
            "Hari/tanggal : Rabu, 14 Mei 2025\n\nMuara Enim, 15 Mei 2025\nKetua KPU Kabupaten Muara Enim,\n")
    m = metadata.extract(text)
    assert (m.place, m.date, m.issuer) == ("Muara Enim", datetime(2025, 5, 15), "Ketua KPU Kabupaten Muara Enim")


def test_indonesian_dates_are_written_out() -> None:
    assert metadata.indonesian_date(datetime(2024, 8, 17)) == "17 Agustus 2024"
    assert metadata.indonesian_date(None) == ""


def test_every_corpus_document_gets_a_title_and_most_a_date_and_summary() -> None:
    docs = corpus.corpus()
    found = [metadata.extract(d.text) for d in docs]
    assert all(m.title for m in found)
    assert sum(bool(m.date) for m in found) / len(found) > 0.85
    assert sum(bool(m.summary) for m in found) / len(found) > 0.85
    # Titles are headings, not the letterhead's name of the body.
    assert sum(m.title.startswith(("KOMISI PEMILIHAN", "KABUPATEN", "PROVINSI")) for m in found) / len(found) < 0.1
