"""Personal identifiers in OCR text: validation, OCR damage, masking, office contacts, traps.

Every number here is fictional. Every test goes through ``find``, which also checks
that no hit's evidence gives back the number it stands for.
"""

from __future__ import annotations

import re

import pytest

from pindai.classify.identifiers import IdentifierHit, find_identifiers, mask

# --------------------------------------------------------------------------- helpers

_OCR = str.maketrans("OoDQlIi|!ZSsBGb", "000011111255866")


def _positions(value: str) -> str:
    """Digits and mask signs of a span, as the detector reads them."""
    return re.sub(r"[^0-9*]", "", re.sub(r"[xX•#]", "*", value.translate(_OCR)))


def assert_evidence_masked(text: str, hit: IdentifierHit) -> None:
    span = text[hit.start : hit.end]
    if hit.kind == "email":
        local = span.replace(" ", "").split("@")[0]
        assert hit.masked or local not in hit.shown
        assert "***@" in hit.shown
        return
    full = _positions(span)
    if full.startswith("62") and hit.kind == "phone":
        full = "0" + full[2:]
    shown_digits = re.sub(r"\D", "", hit.shown)
    assert len(shown_digits) <= 10
    if not hit.masked:
        assert full not in hit.shown
        assert full not in re.sub(r"\D", "", hit.detail)
        assert len(shown_digits) <= len(full) * 5 // 8
    # the detail must not complete what the evidence hides (e.g. a full birth date)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", hit.detail)


def find(text: str) -> list[IdentifierHit]:
    hits = find_identifiers(text)
    for hit in hits:
        assert_evidence_masked(text, hit)
    return hits


def only(text: str) -> IdentifierHit:
    hits = find(text)
    assert len(hits) == 1, hits
    return hits[0]


def kinds(text: str) -> list[str]:
    return [h.kind for h in find(text)]


def personal(hits: list[IdentifierHit]) -> list[IdentifierHit]:
    """What a classifier would count as personal data: complete, not an office or official."""
    return [
        h for h in hits
        if not h.masked and h.confidence > 0.2 and not h.detail.startswith(("kantor:", "pejabat:"))
    ]


# --------------------------------------------------------------------------- NIK


def test_labelled_nik_is_found_with_full_confidence() -> None:
    hit = only("Nama: Budi Santoso\nNIK : 1309041407850001\n")
    assert (hit.kind, hit.masked, hit.confidence) == ("nik", False, 1.0)
    assert hit.shown == "130904******0001"


def test_unlabelled_valid_nik_is_still_a_hit_with_lower_confidence() -> None:
    hit = only("Pemohon atas nama Budi Santoso 1309041407850001 tinggal di Solok.")
    assert hit.kind == "nik"
    assert 0.5 < hit.confidence < 1.0


@pytest.mark.parametrize("label", ["NIK", "N.I.K.", "NIK :", "No. KTP", "Nomor Induk Kependudukan"])
def test_nik_labels_are_recognised(label: str) -> None:
    hit = only(f"{label} 1309041407850001")
    assert (hit.kind, hit.confidence) == ("nik", 1.0)


def test_male_nik_is_decoded_without_giving_back_the_birth_date() -> None:
    hit = only("NIK 1309041407850001")
    assert hit.detail == "NIK laki-laki, tanggal lahir valid, wilayah 13.09.04"


@pytest.mark.parametrize("nik", ["3201014107850003", "3273057112900002"])
def test_female_nik_with_day_41_to_71_is_parsed_as_woman(nik: str) -> None:
    hit = only(f"NIK: {nik}")
    assert hit.detail.startswith("NIK perempuan")


def test_nik_born_on_29_february_of_a_leap_year_is_valid() -> None:
    assert kinds("NIK 1309042902000001") == ["nik"]


def test_nik_of_a_new_papua_province_is_valid() -> None:
    assert kinds("NIK 9501011203950004") == ["nik"]


@pytest.mark.parametrize(
    "number",
    ["9901014107850003", "2001014107850003", "1300041407850001", "1309001407850001"],
    ids=["province-99", "province-20", "regency-00", "district-00"],
)
def test_nik_with_bad_region_is_not_a_hit(number: str) -> None:
    assert find(f"Pemilih {number} terdaftar") == []


@pytest.mark.parametrize(
    "number",
    ["1309043207850001", "1309041413850001", "1309047207850001", "1309043002850001",
     "1309042902010001"],
    ids=["day-32", "month-13", "day-72", "30-february", "29-february-2001"],
)
def test_nik_with_bad_birth_date_is_not_a_nik(number: str) -> None:
    assert "nik" not in kinds(f"Pemilih {number} terdaftar")


def test_sixteen_digits_with_region_but_no_birth_date_is_a_weak_kk() -> None:
    hit = only("Pemilih 1309043207850001 terdaftar")
    assert hit.kind == "kk"
    assert hit.confidence <= 0.5


def test_nik_with_serial_0000_is_not_a_nik() -> None:
    assert "nik" not in kinds("Pemilih 1309041407850000 terdaftar")


@pytest.mark.parametrize("number", ["130904140785000", "13090414078500011"], ids=["15", "17"])
def test_nik_with_wrong_length_is_not_a_hit(number: str) -> None:
    assert find(f"Pemilih {number} terdaftar") == []


def test_all_zeros_is_not_a_hit() -> None:
    assert find("NIK: 0000000000000000") == []
    assert find("Kolom 0000000000000000 kosong") == []


def test_labelled_nik_with_bad_date_is_reported_weakly() -> None:
    hit = only("NIK : 1309043207850001")
    assert hit.kind == "nik"
    assert hit.confidence <= 0.4
    assert "tidak valid" in hit.detail


@pytest.mark.parametrize(
    "written",
    ["13O9O41407850001", "l309 04l4 0785 000l", "13o9O4l407850001"],
    ids=["O-for-0", "l-for-1-with-spaces", "mixed"],
)
def test_ocr_confusions_inside_a_nik_are_repaired_with_lower_confidence(written: str) -> None:
    hit = only(f"NIK : {written}")
    assert hit.kind == "nik"
    assert hit.shown == "130904******0001"
    assert hit.confidence < 1.0
    assert "OCR" in hit.detail


def test_a_nik_with_too_many_ocr_repairs_is_dropped() -> None:
    assert find("NIK : l3O9O4l4O785OOOl") == []


@pytest.mark.parametrize(
    "written",
    ["1309 0414 0785 0001", "1309.0414.0785.0001", "1309-0414-0785-0001", "130904 140785 0001",
     "13.09.04.140785.0001", "1309  0414  0785  0001"],
)
def test_nik_split_into_groups_is_joined(written: str) -> None:
    hit = only(f"NIK {written} Kel. Koto Baru")
    assert hit.kind == "nik"
    assert (hit.start, hit.end) == (4, 4 + len(written))


def test_nik_wrapped_over_two_lines_is_joined_with_lower_confidence() -> None:
    hit = only("NIK : 1309 0414\n0785 0001\nAlamat: Solok")
    assert hit.kind == "nik"
    assert 0.5 < hit.confidence < 1.0


def test_nik_written_in_form_boxes_is_joined() -> None:
    assert kinds("NIK : 1 3 0 9 0 4 1 4 0 7 8 5 0 0 0 1") == ["nik"]


def test_row_number_and_age_around_a_nik_are_not_part_of_it() -> None:
    text = "12 1309041407850001 BUDI SANTOSO L 39"
    hit = only(text)
    assert text[hit.start : hit.end] == "1309041407850001"


def test_two_niks_separated_by_a_space_are_two_hits() -> None:
    assert kinds("1309041407850001 3201014107850003") == ["nik", "nik"]


# --------------------------------------------------------------------------- masked identifiers


@pytest.mark.parametrize(
    "written",
    ["130904******0001", "3201xxxxxxxx0003", "3201XXXXXXXX0003", "3201••••••••0003",
     "3201########0003", "1309 04** **** *001", "130904 ****** 0001"],
)
def test_masked_nik_is_reported_as_masked(written: str) -> None:
    hit = only(f"NIK : {written}")
    assert (hit.kind, hit.masked) == ("nik", True)


def test_masked_nik_without_label_is_masked_too() -> None:
    hit = only("DPT 130904******0001 TPS 003")
    assert (hit.kind, hit.masked) == ("nik", True)
    assert "13.09.04" in hit.detail


def test_masked_voter_list_line_gives_only_masked_hits() -> None:
    text = (
        "NO  NIK               NAMA            L/P  USIA\n"
        "1   130904******0001  SITI AMINAH     P    45\n"
        "2   130904******0002  BUDI SANTOSO    L    51\n"
        "130904******0003 RINA MARLINA P 33\n"
    )
    hits = find(text)
    assert len(hits) == 3
    assert all(h.kind == "nik" and h.masked for h in hits)
    assert personal(hits) == []


def test_masked_kk_is_reported_as_masked() -> None:
    hit = only("No. KK : 130904**********")
    assert (hit.kind, hit.masked) == ("kk", True)


def test_masked_phone_is_reported_as_masked() -> None:
    hit = only("HP: 0812****7890")
    assert (hit.kind, hit.masked) == ("phone", True)


def test_masked_email_is_reported_as_masked() -> None:
    hit = only("Surel: si***@gmail.com")
    assert (hit.kind, hit.masked) == ("email", True)


# --------------------------------------------------------------------------- KK


@pytest.mark.parametrize("label", ["No. KK", "Nomor KK", "No KK:", "Nomor Kartu Keluarga:", "KK"])
def test_labelled_kk_is_found(label: str) -> None:
    hit = only(f"{label} 1309040101090012")
    assert (hit.kind, hit.confidence) == ("kk", 1.0)
    assert hit.shown == "130904******0012"


def test_kk_label_wins_over_a_nik_shaped_number() -> None:
    assert kinds("No. KK: 1309041407850001") == ["kk"]


def test_labelled_kk_with_bad_region_is_reported_weakly() -> None:
    hit = only("No. KK: 9909040101090012")
    assert hit.kind == "kk" and hit.confidence <= 0.4


def test_nik_and_kk_on_one_line_each_follow_their_label() -> None:
    assert kinds("NIK: 1309041407850001, No. KK: 1309040101090012") == ["nik", "kk"]


# --------------------------------------------------------------------------- NPWP


def test_old_npwp_with_punctuation_and_label_is_found() -> None:
    hit = only("NPWP : 09.254.294.3-312.000")
    assert (hit.kind, hit.confidence) == ("npwp", 1.0)
    assert "cocok" in hit.detail
    assert hit.shown == "09**********000"


def test_old_npwp_format_is_recognised_without_label() -> None:
    hit = only("terdaftar dengan 71.845.302.0-312.000 pada KPP Pratama")
    assert hit.kind == "npwp"


def test_old_npwp_without_punctuation_needs_label_or_check_digit() -> None:
    assert kinds("NPWP 481234565301000") == ["npwp"]
    assert find("Kode 092542944312000 arsip") == []  # wrong check digit, no label


def test_npwp_with_wrong_check_digit_is_reported_with_lower_confidence() -> None:
    hit = only("NPWP: 09.254.294.4-312.000")
    assert hit.kind == "npwp" and hit.confidence < 1.0
    assert "tidak cocok" in hit.detail


def test_sixteen_digit_npwp_that_is_a_nik_is_an_npwp_when_labelled() -> None:
    hit = only("NPWP: 1309041407850001")
    assert hit.kind == "npwp"
    assert "NIK" in hit.detail


def test_sixteen_digit_npwp_with_leading_zero_is_found() -> None:
    assert kinds("NPWP 0092542943312000") == ["npwp"]


def test_masked_npwp_is_reported_as_masked() -> None:
    hit = only("NPWP: 09.***.***.*-312.000")
    assert (hit.kind, hit.masked) == ("npwp", True)


def test_npwp_with_an_ocr_o_is_repaired() -> None:
    hit = only("NPWP: O9.254.294.3-312.000")
    assert hit.kind == "npwp" and hit.confidence < 1.0


def test_npwp_with_wrong_length_is_not_a_hit() -> None:
    assert find("NPWP: 09.254.294.3-312.00") == []


# --------------------------------------------------------------------------- NIP


def test_nip_with_usual_spacing_is_found() -> None:
    hit = only("Nama: Budi Santoso, NIP. 19850714 201001 1 003, Jabatan: Penata Kelola Pemilu")
    assert (hit.kind, hit.confidence) == ("nip", 1.0)
    assert hit.detail.startswith("NIP laki-laki")
    assert hit.shown == "1985************03"


def test_unlabelled_nip_is_found_with_lower_confidence() -> None:
    hit = only("Pegawai 198507142010011003 dimutasi")
    assert hit.kind == "nip" and hit.confidence < 1.0


def test_female_nip_is_decoded() -> None:
    assert only("NIP 19900101 201503 2 001").detail.startswith("NIP perempuan")


def test_pppk_number_is_recognised() -> None:
    assert "PPPK" in only("NI PPPK 19900101 202421 2 004").detail


@pytest.mark.parametrize(
    "number",
    ["19300714 196001 1 003", "19850714 199501 1 003", "19851314 201001 1 003",
     "19850714 201013 1 003", "19850714 201001 3 003", "19850714 201001 1 000"],
    ids=["born-1930", "appointed-at-10", "month-13", "tmt-month-13", "sex-3", "serial-000"],
)
def test_nip_with_bad_structure_is_not_a_hit(number: str) -> None:
    assert find(f"Pegawai {number} dimutasi") == []


def test_nip_with_wrong_length_is_not_a_hit() -> None:
    assert find("Pegawai 19850714 201001 1 03 dimutasi") == []


def test_masked_nip_is_reported_as_masked() -> None:
    hit = only("NIP. 19850714 ****** 1 ***")
    assert (hit.kind, hit.masked) == ("nip", True)


def test_nip_under_a_signature_is_marked_as_an_official() -> None:
    text = (
        "Baturaja, 16 September 2024\n"
        "Ketua KPU Kabupaten Ogan Komering Ulu,\n\n\n"
        "Drs. BUDI SANTOSO, M.Si.\n"
        "NIP. 19750714 200501 1 003\n"
    )
    hit = only(text)
    assert hit.kind == "nip"
    assert hit.detail.startswith("pejabat:")
    assert hit.confidence <= 0.3


# --------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    "written",
    ["0812-3456-7890", "0812 3456 7890", "081234567890", "+62 812-3456-7890", "+6281234567890",
     "62 812 3456 7890", "0812.3456.7890"],
)
def test_mobile_number_forms_are_found(written: str) -> None:
    hit = only(f"No. HP/WA : {written}")
    assert (hit.kind, hit.masked) == ("phone", False)
    assert hit.shown == "0812******90"
    assert not hit.detail.startswith("kantor:")
    assert hit.confidence > 0.5


def test_unlabelled_mobile_number_is_found() -> None:
    hit = only("silakan hubungi Budi di 0813 1234 5678 sebelum tanggal 20")
    assert hit.kind == "phone" and hit.confidence > 0.5


def test_mobile_number_with_ocr_o_is_repaired() -> None:
    hit = only("HP: O812-3456-789O")
    assert hit.kind == "phone" and hit.confidence < 1.0


@pytest.mark.parametrize("written", ["0812-345", "0812-3456-7890-1234", "0802-3456-7890"],
                         ids=["short", "too-long", "no-operator"])
def test_phone_with_bad_length_or_prefix_is_not_a_hit(written: str) -> None:
    assert "phone" not in kinds(f"Nomor {written} tidak aktif")


@pytest.mark.parametrize(
    "line",
    ["Telp. Kantor 0812-3456-7890", "Call Center 0811 7777 8888", "Hotline PPID: 0812 7000 1122",
     "Humas: 0852-1234-5678", "Fax 0812 3456 7890", "Faks. 0812 3456 7890",
     "WA kantor 0813-1111-2222"],
)
def test_phone_in_an_office_contact_line_is_marked_as_office(line: str) -> None:
    hit = only(line)
    assert hit.kind == "phone"
    assert hit.confidence <= 0.2
    assert hit.detail.startswith("kantor:")


def test_phone_next_to_an_office_email_is_marked_as_office() -> None:
    text = "Layanan informasi: 0812-3456-7890\nSurel: ppid@kab-solok.kpu.go.id\n"
    phone = next(h for h in find(text) if h.kind == "phone")
    assert phone.detail.startswith("kantor:") and phone.confidence <= 0.2


@pytest.mark.parametrize("written", ["Telp. (0731) 32145", "Telp. 021-5551234", "(0711) 351234"])
def test_landline_with_area_code_is_an_office_line(written: str) -> None:
    hit = only(written)
    assert hit.kind == "phone"
    assert hit.detail.startswith("kantor:") and hit.confidence <= 0.2


def test_personal_mobile_next_to_nik_and_address_is_personal() -> None:
    text = (
        "Nama  : Siti Aminah\nNIK   : 3201014107850003\n"
        "Alamat: Jl. Merdeka No. 12 RT 003 RW 005, Solok\nHP    : 0812-3456-7890\n"
    )
    assert [h.kind for h in personal(find(text))] == ["nik", "phone"]


def test_date_with_dashes_is_not_a_phone() -> None:
    assert find("Jakarta, 08-12-2024 10.00 WIB") == []


# --------------------------------------------------------------------------- bank account


@pytest.mark.parametrize(
    "line",
    ["Rekening BRI No. 0123-01-000123-30-5 a.n. Siti Aminah",
     "Bank Mandiri 1370012345678 atas nama Budi",
     "No. Rek: 7123456789 (BNI)",
     "Nomor Rekening Bank Sumsel Babel: 1500123456",
     "dibayarkan ke Bank Nagari 2101 0123 4567",
     "transfer ke 7123456789 BSI a.n. Budi"],
)
def test_account_number_near_a_bank_name_is_a_bank_account(line: str) -> None:
    hit = only(line)
    assert (hit.kind, hit.masked) == ("bank_account", False)
    assert len(re.sub(r"\D", "", hit.shown)) <= 3


def test_account_number_on_the_line_after_its_label_is_found() -> None:
    assert kinds("Nomor Rekening BRI:\n012301000123305\n") == ["bank_account"]


@pytest.mark.parametrize(
    "line",
    ["Rekening Bendahara Pengeluaran KPU Kab. Solok BRI 0123-01-000123-30-5",
     "Setor ke Bank Nagari 2101012345678 a.n. KPU Kabupaten Solok"],
)
def test_account_of_the_office_treasury_is_marked_as_office(line: str) -> None:
    hit = only(line)
    assert hit.kind == "bank_account"
    assert hit.confidence <= 0.2 and hit.detail.startswith("kantor:")


def test_masked_account_number_is_reported_as_masked() -> None:
    hit = only("Rekening BNI: ******4321")
    assert (hit.kind, hit.masked) == ("bank_account", True)


def test_long_number_without_a_bank_nearby_is_not_a_bank_account() -> None:
    assert find("Kode arsip 1370012345678 lama") == []


def test_bank_name_far_away_does_not_make_an_account() -> None:
    text = "Bank BRI membuka layanan kas keliling di halaman kantor kami, kode 1370012345678"
    assert find(text) == []


@pytest.mark.parametrize(
    "line",
    ["ditransfer ke rekening BRI sebesar Rp 1.250.000.000", "Rp1250000000 ke rekening BRI",
     "Bank Jatim menyalurkan 1.250.000.000,00", "pagu Bank BRI Rp. 12500000000,-"],
)
def test_amount_near_a_bank_name_is_not_an_account(line: str) -> None:
    assert find(line) == []


# --------------------------------------------------------------------------- e-mail


def test_personal_email_is_found_and_masked() -> None:
    hit = only("Surel: siti.aminah85@gmail.com")
    assert hit.kind == "email" and hit.confidence > 0.5
    assert hit.shown == "si***@gmail.com"


@pytest.mark.parametrize(
    "address", ["ppid@kab-solok.kpu.go.id", "humas@kpu.go.id", "kpu.kabsolok@gmail.com",
                "ppid.kpuoku@yahoo.co.id", "setwan@dprd.sumbarprov.go.id"],
)
def test_office_email_is_marked_as_office(address: str) -> None:
    hit = only(f"Surel: {address}")
    assert hit.kind == "email"
    assert hit.confidence <= 0.2 and hit.detail.startswith("kantor:")


def test_email_with_ocr_digit_in_the_domain_is_still_personal() -> None:
    hit = only("email budi.s@gmai1.com")
    assert "gmail.com" in hit.detail and hit.confidence > 0.5


def test_phone_inside_an_email_is_not_a_phone() -> None:
    assert kinds("kontak: 081234567890@gmail.com") == ["email"]


# --------------------------------------------------------------------------- traps


@pytest.mark.parametrize(
    "line",
    ["Nomor   : 52/PL.01.1-Kpt/1604/2024", "Nomor: 081/PP.04.2-SD/1309/2024",
     "Keputusan KPU Nomor 1050 Tahun 2024", "Nomor 08123456789/PL.02-SD/1604/2024",
     "Nomor : 1604202400011234"],
)
def test_document_numbers_are_not_hits(line: str) -> None:
    assert find(line) == []


@pytest.mark.parametrize(
    "line",
    ["Anggaran sebesar Rp 1.250.000.000,00", "Rp1.250.000.000", "IDR 1250000000",
     "5.2.1.02.01 Belanja Honorarium 1.250.000.000 625.000.000",
     "Jumlah pemilih 287.412 orang di 1.024 TPS"],
)
def test_amounts_are_not_hits(line: str) -> None:
    assert find(line) == []


@pytest.mark.parametrize(
    "line",
    ["Baturaja, 16 September 2024", "pukul 09.00 s.d. 15.30 WIB", "tanggal 14-07-1985",
     "Halaman 2 dari 3", "- 3 -", "2024-09-16 08:30:00"],
)
def test_dates_times_and_page_numbers_are_not_hits(line: str) -> None:
    assert find(line) == []


@pytest.mark.parametrize(
    "row",
    ["TPS 001 125 98 223 2 225 12 15 18 20 11 10 14 13 40",
     "TPS 014 1250 1322 4507 1203 998 2024",
     "Jumlah 62 275 140 123 8 540",
     "12 15 18 20 11 10 14 13 40 33 21"],
)
def test_rows_of_vote_counts_are_not_identifiers(row: str) -> None:
    assert find(row) == []


def test_letterhead_gives_only_office_contacts() -> None:
    text = (
        "KOMISI PEMILIHAN UMUM KABUPATEN SOLOK\n"
        "Jalan Lintas Sumatera Km. 20 Arosuka 27361 Telp. (0755) 31234 Faks. (0755) 31235\n"
        "Laman: kab-solok.kpu.go.id  Surel: ppid@kab-solok.kpu.go.id  WA: 0812-6600-1122\n"
    )
    hits = find(text)
    assert hits and personal(hits) == []


def test_public_decision_with_masked_annex_has_no_personal_data() -> None:
    text = (
        "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN SOLOK\n"
        "NOMOR 52/PL.01.1-Kpt/1309/2024\n"
        "Menetapkan anggota PPK dengan honorarium Rp 2.500.000,00 per bulan:\n"
        "1. SITI AMINAH   NIK 130904******0001\n"
        "2. BUDI SANTOSO  NIK 130904******0002\n"
        "Ditetapkan di Arosuka pada tanggal 16 September 2024\n"
        "Ketua,\n\nDrs. RAHMAT HIDAYAT\nNIP. 19750714 200501 1 003\n"
    )
    hits = find(text)
    assert [h.kind for h in hits] == ["nik", "nik", "nip"]
    assert personal(hits) == []


def test_hits_come_in_text_order() -> None:
    text = "HP 0812-3456-7890, NIK 1309041407850001, surel budi@gmail.com"
    hits = find(text)
    assert [h.kind for h in hits] == ["phone", "nik", "email"]
    assert [h.start for h in hits] == sorted(h.start for h in hits)


# --------------------------------------------------------------------------- mask()


def test_mask_keeps_six_and_four_digits_of_a_nik() -> None:
    assert mask("1309041407850001", "nik") == "130904******0001"


def test_mask_reads_through_separators_and_ocr_confusions() -> None:
    assert mask("13O9 0414 0785 0001", "nik") == "130904******0001"


def test_mask_keeps_the_documents_own_masking() -> None:
    assert mask("3201xxxxxxxx0003", "nik") == "3201********0003"


def test_mask_shows_a_phone_in_local_form() -> None:
    assert mask("+62 812-3456-7890", "phone") == "0812******90"


def test_mask_shows_only_the_end_of_an_account_number() -> None:
    assert mask("0123-01-000123-30-5", "bank_account") == "************305"


def test_mask_keeps_the_mailbox_initials_and_domain() -> None:
    assert mask("siti.aminah85@gmail.com", "email") == "si***@gmail.com"


@pytest.mark.parametrize("kind", ["nik", "kk", "npwp", "nip", "phone", "bank_account", "other"])
@pytest.mark.parametrize("length", range(4, 19))
def test_mask_never_shows_more_than_six_plus_four_and_less_for_short_numbers(
    kind: str, length: int
) -> None:
    value = "1234567890123456789"[:length]
    shown = mask(value, kind)
    visible = len(re.sub(r"\D", "", shown))
    assert len(shown) == length
    assert visible <= 10
    assert visible <= length * 5 // 8
    assert shown != value
