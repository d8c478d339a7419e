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
    # A paper that only gives a birth date, a meeting day or a date spelled out in words gets none:
    # blank rather than a wrong date (#18).
    assert sum(bool(m.date) for m in found) / len(found) > 0.8
    # A summary is whole sentences of prose: a form, a table or a signature block gives none (#18).
    assert sum(bool(m.summary) for m in found) / len(found) > 0.8
    assert all(m.summary.endswith((".", "!", "?")) for m in found if m.summary)
    # Titles are headings, not the letterhead's name of the body.
    assert sum(m.title.startswith(("KOMISI PEMILIHAN", "KABUPATEN", "PROVINSI")) for m in found) / len(found) < 0.1


# --------------------------------------------------------------------------- dates an officer types (#13)

import pytest  # noqa: E402

from pindai.config import RegisterSettings  # noqa: E402


@pytest.mark.parametrize("text", ["25 Juni 2023", "25 juni 2023", "25 Jun 2023", "25-06-2023", "25/06/2023",
                                  "25.06.2023", "2023-06-25", " 25  Juni  2023 ", "25-Jun-2023"])
def test_dates_are_read_as_an_indonesian_office_writes_them(text: str) -> None:
    assert metadata.parse_date(text).isoformat() == "2023-06-25"


@pytest.mark.parametrize(("text", "iso"), [("17 Agu 2024", "2024-08-17"), ("17 Agt 2024", "2024-08-17"),
                                           ("5 Des 2023", "2023-12-05"), ("1 Okt 2023", "2023-10-01"),
                                           ("9 Mei 2024", "2024-05-09"), ("3 Nop 2023", "2023-11-03")])
def test_short_month_names(text: str, iso: str) -> None:
    assert metadata.parse_date(text).isoformat() == iso


@pytest.mark.parametrize("text", ["kemarin", "2023/25/06", "25 Juno 2023", "30 Februari 2024", "31/13/2030",
                                  "2029-02-30", "", "25 Juni"])
def test_a_date_that_does_not_parse_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(metadata.DateFormatError) as e:
        metadata.parse_date(text, what="--date")
    assert "25 Juni 2023" in str(e.value) and "25/06/2023" in str(e.value) and "--date" in str(e.value)
    assert e.value.exit_code == metadata.ExitCode.bad_config


@pytest.mark.parametrize(("text", "expected"), [
    ("31/12/2030", ("2030-12-31", None)),
    ("31 Desember 2030", ("2030-12-31", None)),
    ("sampai 31 Desember 2030", ("2030-12-31", None)),
    ("2030-12-31", ("2030-12-31", None)),
    ("sampai pemenang tender ditetapkan", (None, "sampai pemenang tender ditetapkan")),
    ("sampai ada persetujuan tertulis pemilik data", (None, "sampai ada persetujuan tertulis pemilik data")),
])
def test_a_period_is_a_date_or_a_condition(text: str, expected: tuple) -> None:
    end, condition = metadata.parse_period(text)
    assert (end.isoformat() if end else None, condition) == expected


def test_a_period_written_as_a_date_that_does_not_exist_is_refused() -> None:
    with pytest.raises(metadata.DateFormatError, match="25 Juni 2023"):
        metadata.parse_period("31/13/2030")


# --------------------------------------------------------------------------- record kind and retention (#13)

BERITA_ACARA_REKAP = """KOMISI PEMILIHAN UMUM KABUPATEN LAHAT

BERITA ACARA
REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA
Nomor : 12/PL.02-BA/1604/2024

Pada hari ini Kamis tanggal dua puluh dua Februari dua ribu dua puluh empat telah
dilaksanakan rapat pleno terbuka rekapitulasi hasil penghitungan perolehan suara.
"""


@pytest.mark.parametrize(("text", "kind"), [
    (BERITA_ACARA_REKAP, "hasil_pemilihan"),
    (LETTER, "surat"),  # an invitation to the plenary is not the plenary's result
    ("KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN LAHAT\nTENTANG PEDOMAN PENGELOLAAN ARSIP\n", "keputusan"),
    ("REKAPITULASI NILAI\nSELEKSI CALON ANGGOTA PPK\n", "kepegawaian"),
])
def test_record_kind_of_a_document(text: str, kind: str) -> None:
    assert metadata.extract(text).kind == kind


@pytest.mark.parametrize("kind", ["berita_acara_pleno_terbuka", "pengumuman_hasil_rekapitulasi", "daftar_calon_tetap",
                                  "rekap_dpt_kecamatan", "pengumuman_dps_tersamar"])
def test_election_results_candidacy_and_voter_records_are_kept_permanently(kind: str) -> None:
    text = next(d.text for d in corpus.corpus() if d.kind == kind)
    meta = metadata.extract(text)
    assert meta.kind in ("hasil_pemilihan", "pencalonan", "data_pemilih"), meta.kind
    assert RegisterSettings().retention_for(meta.kind) == "Permanen"


# --------------------------------------------------------------------------- as a clerk reads it (#18)

SOP = """KOMISI PEMILIHAN UMUM
REPUBLIK INDONESIA
BIRO PARTISIPASI DAN HUBUNGAN MASYARAKAT

TANGGAL REVISI :
STANDAR OPERASIONAL PROSEDUR
PELAYANAN PERMOHONAN INFORMASI PUBLIK

Tanggal Pembuatan : 2 Januari 2024
Tanggal Revisi    : -
Disahkan oleh     : Kepala Biro Partisipasi dan Hubungan Masyarakat

Dasar Hukum:
1. Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;
2. Peraturan Komisi Pemilihan Umum Nomor 22 Tahun 2023;
"""


def test_an_sop_is_titled_by_its_heading_and_gets_no_number_it_cites() -> None:
    m = metadata.extract(SOP)
    assert m.title == "STANDAR OPERASIONAL PROSEDUR PELAYANAN PERMOHONAN INFORMASI PUBLIK"
    assert m.number is None  # not "14 Tahun 2008", the law it cites: blank rather than guessed
    assert m.date == datetime(2024, 1, 2)
    assert m.issuer == "Komisi Pemilihan Umum Republik Indonesia"  # not the unit of the letterhead


@pytest.mark.parametrize(("text", "title"), [
    ("KOMISI PEMILIHAN UMUM KABUPATEN LAHAT\n\nRINGKASAN DAFTAR ISIAN PELAKSANAAN ANGGARAN (DIPA)\n"
     "TAHUN ANGGARAN 2024\n\nUraian\tPagu\n", "RINGKASAN DAFTAR ISIAN PELAKSANAAN ANGGARAN (DIPA) TAHUN ANGGARAN 2024"),
    ("KOMISI PEMILIHAN UMUM\nKABUPATEN LAHAT\n\nMAKLUMAT\nPELAYANAN INFORMASI PUBLIK\n\nDengan ini kami "
     "menyatakan sanggup.\n", "MAKLUMAT PELAYANAN INFORMASI PUBLIK"),
    ("KEPUTUSAN KOMISI PEMILIHAN UMUM\nKABUPATEN LAHAT\nNOMOR 45 TAHUN 2024\n\nTENTANG\n\nPENETAPAN ANGGOTA\n"
     "PANITIA PEMUNGUTAN SUARA\n\nMenimbang : a. bahwa ...\n",
     "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN LAHAT TENTANG PENETAPAN ANGGOTA PANITIA PEMUNGUTAN SUARA"),
])
def test_a_heading_keeps_its_continuation_lines(text: str, title: str) -> None:
    assert metadata.extract(text).title == title


HEALTH = """PEMERINTAH KABUPATEN LAHAT
RUMAH SAKIT UMUM DAERAH LAHAT
Jalan Mayor Ruslan Nomor 2, Lahat

SURAT KETERANGAN SEHAT
Nomor : 445/312/RSUD/V/2024

Nama             : Rina Wulandari
Tempat/Tgl Lahir : Pagar Alam, 4 Januari 1977

Yang bersangkutan dinyatakan sehat jasmani pada saat pemeriksaan.

Dokter Pemeriksa,

dr. Hendra Saputra
"""


def test_a_health_certificate_is_the_hospitals_and_its_birth_date_is_not_its_date() -> None:
    m = metadata.extract(HEALTH)
    assert (m.title, m.number) == ("SURAT KETERANGAN SEHAT", "445/312/RSUD/V/2024")
    assert m.date is None  # the patient's birth date is the only date on it
    assert m.issuer == "Rumah Sakit Umum Daerah Lahat"


@pytest.mark.parametrize(("text", "issuer"), [
    ("KEPOLISIAN NEGARA REPUBLIK INDONESIA\nDAERAH SUMATERA SELATAN\nRESOR LAHAT\n\nNomor : B/979/VI/2024/Reskrim\n"
     "Perihal : Permintaan Data\n\nKami mohon bantuan Saudara.\n\nLahat, 3 Juni 2024\n"
     "a.n. KEPALA KEPOLISIAN RESOR LAHAT\nKASAT RESKRIM,\n\nAKP Budi\n", "Kepala Kepolisian Resor Lahat"),
    ("CV KARYA MANDIRI SEJAHTERA\nJl. Merdeka No. 4, Palembang\n\nPalembang, 5 Agustus 2024\nNomor : 017/KMS/VIII/2024\n"
     "Perihal : Penawaran Harga\n\nKami mengajukan penawaran.\n\nHormat kami,\nCV Karya Mandiri Sejahtera\n\nBudi\n"
     "Direktur\n", "CV Karya Mandiri Sejahtera"),
    ("KOMISI PEMILIHAN UMUM\nPROVINSI SUMATERA SELATAN\n\nSURAT EDARAN\nNOMOR 12 TAHUN 2024\n\nIsi edaran.\n\n"
     "Palembang, 2 Mei 2024\nKetua KPU Provinsi Sumatera Selatan,\n\nttd.\n", "Ketua KPU Provinsi Sumatera Selatan"),
])
def test_the_issuer_is_the_body_whose_letterhead_or_signature_it_carries(text: str, issuer: str) -> None:
    assert metadata.extract(text).issuer == issuer


def test_a_summary_is_whole_sentences() -> None:
    text = ("KOMISI PEMILIHAN UMUM KABUPATEN LAHAT\n\nPENGUMUMAN\n\n"
            + "KPU Kabupaten Lahat mengumumkan jadwal tahapan pemilihan kepada masyarakat luas. " * 8
            + "Tanggapan disampaikan paling lambat tujuh hari dengan dilengkapi\n")
    summary = metadata.extract(text).summary
    assert summary.endswith("masyarakat luas.") and len(summary) <= 420


@pytest.mark.parametrize(("line", "number"), [
    ("Nomor : SKHPN/499/X1/2023/BNNK", "SKHPN/499/XI/2023/BNNK"),  # OCR read "XI" as "X1"
    ("Nomor : B/1115/VIN/2024/Reskrim", "B/1115/VIII/2024/Reskrim"),
    ("Nomor : 716/PL 02.1-BA/1673/2023", "716/PL.02.1-BA/1673/2023"),
    ("Nomor : 1/11/2024", "1/11/2024"),
])
def test_a_number_misread_by_ocr_is_mended_and_marked_unsure(line: str, number: str) -> None:
    m = metadata.extract(f"NOTA DINAS\n{line}\nHal : Laporan\n")
    assert m.number == number
    assert (m.confidence["number"] < 0.9) == (line[8:] != number)


# --------------------------------------------------------------------------- OCR misreads of the number line (#18)

def _letter(number_line: str, date_line: str = "", signer: str = "KASAT RESKRIM,") -> str:
    return (f"KEPOLISIAN NEGARA REPUBLIK INDONESIA\nRESOR OGAN ILIR\n\n{number_line}\nPerihal : Permintaan Data\n\n"
            f"Sehubungan dengan rujukan tersebut, penyidik memerlukan data pemilih.\n\n{date_line}\n{signer}\n\n"
            "ttd.\n\nHENDRA SAPUTRA\n")


@pytest.mark.parametrize(("line", "date_line", "number"), [
    # The month in the number is the month of the date of making: "11" read for "II" in February.
    ("Nomor : B/312/11/2025/Reskrim", "Indralaya, 14 Februari 2025", "B/312/II/2025/Reskrim"),
    ("Nomor : B/818/1/2023/Reskrim", "Kudus, 18 Januari 2023", "B/818/I/2023/Reskrim"),
    ("Nomor : SKHPN/184/1IX/2024/BNNK", "Prabumulih, 17 September 2024", "SKHPN/184/IX/2024/BNNK"),
    # "I/" read as "U", and a letter of "Reskrim" lost: the signature's "KASAT RESKRIM" says which word it is.
    ("Nomor : B/863/VU2025/Reskim", "Bima, 24 Juni 2025", "B/863/VI/2025/Reskrim"),
    # The codes of a KPU number: "S" read as "5" in the kind of paper, "L" as "I" in the classification.
    ("Nomor      1595/PL 02-5D/05/2023", "Jakarta, 13 Februari 2023", "1595/PL.02-SD/05/2023"),
    ("Nomor    : 2184/PI. 02-SD/05/2025", "Jakarta, 20 Mei 2025", "2184/PL.02-SD/05/2025"),
])
def test_an_ocr_misread_number_line_is_read_back_and_marked_unsure(line: str, date_line: str, number: str) -> None:
    m = metadata.extract(_letter(line, date_line))
    assert m.number == number
    assert m.confidence["number"] < 0.9


@pytest.mark.parametrize(("line", "date_line", "number"), [
    ("Nomor : 12/PL.01/1604/11/2024", "Lahat, 3 November 2024", "12/PL.01/1604/11/2024"),  # a month in digits
    ("Nomor : B/312/11/2025/Reskrim", "", "B/312/11/2025/Reskrim"),  # no date to say which month it is
    ("Nomor : B/312/11/2025/Reskrim", "Indralaya, 14 Mei 2025", "B/312/11/2025/Reskrim"),  # no reading gives May
    ("Nomor : B/863/VI/2025/Reskim", "Bima, 24 Juni 2025", "B/863/VI/2025/Reskim"),  # no word of the paper near
])
def test_a_number_line_is_not_changed_without_evidence(line: str, date_line: str, number: str) -> None:
    m = metadata.extract(_letter(line, date_line, signer="KEPALA RESOR,"))
    assert m.number == number


def test_a_number_that_cannot_be_read_stays_blank_and_unsure() -> None:
    m = metadata.extract(_letter("Nomor      : OIW/KMS/X/2025", "Palembang, 13 Oktober 2025"))
    assert m.number is None and m.confidence["number"] < 0.5


def test_a_subject_without_a_blank_line_after_it_stops_at_the_date_and_signature() -> None:
    text = ("KOMISI PEMILIHAN UMUM\nKABUPATEN LAHAT\nNOTA DINAS\nNomor : 7/PL.01-ND/1604/2024\nHal : Rapat koordinasi\n"
            "Lahat, 6 Januari 2024\nKetua Komisi Pemilihan Umum Kabupaten Lahat,\nttd.\nRina Wulandari\n")
    assert metadata.extract(text).title == "Rapat koordinasi"


def test_the_letterhead_and_the_signature_block_are_told_apart_from_the_text() -> None:
    """What search ranks low (#18): the body's name, address and contacts at the top, the date, office,
    "ttd." and name at the end; never a form's "Pimpinan : Ketua" nor a sentence naming the Ketua."""
    text = ("KOMISI PEMILIHAN UMUM\nKABUPATEN LAHAT\nJalan Bukit Tunggal Nomor 5, Lahat Telp. (0731) 321000\n\n"
            "NOTULEN RAPAT\nPimpinan : Ketua\n\nKetua KPU menyampaikan bahwa rapat pleno diadakan di aula.\n\n"
            "Lahat, 6 Januari 2024\nNotulis,\n\nttd.\n\nRina Wulandari\n")
    framed = [text[a:b] for a, b in metadata.frame_spans(text)]
    assert framed == ["KOMISI PEMILIHAN UMUM\nKABUPATEN LAHAT\nJalan Bukit Tunggal Nomor 5, Lahat Telp. (0731) 321000\n\n",
                      "Lahat, 6 Januari 2024\nNotulis,\n\nttd.\n\nRina Wulandari\n"]
