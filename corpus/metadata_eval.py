"""A labelled set for the register's metadata (#18): what a clerk would write for each document.

Written apart from :mod:`corpus.generator` (never used for training): other offices (KPU of other
kabupaten and kota, a provincial KPU, the national secretariat), other bodies' papers that reach a
KPU office (a hospital, the police, a vendor, Bawaslu, BNN, a candidate's own statement), news posts
and forms, with the traps of real paper: laws cited in "Dasar Hukum" and "Mengingat", letters of other
bodies cited by number, dates of birth, meeting days and event days, headings that run over two or
three lines, letterheads naming a unit, SOP form fields ("Tanggal Revisi :").

Each document is a list of lines (at most about 75 characters, table rows as tab-separated cells) so
that ``tests/synth.py`` renders it on one A4 page. The labels are what the DIP register should say:

- ``title``: the heading with its continuation lines and "TENTANG ..." (a letter: its subject);
- ``number``: the document's own number, "" when it has none;
- ``date`` (ISO) and ``place``: when and where it was made, "" when the paper does not say;
- ``issuer``: the body whose letterhead or signature it carries; alternatives separated by "|";
  compared after :func:`pindai.classify.evaluate.normalise_body`; "" for a paper with no body's mark
  (the home office's own news post), where pindai must leave it blank for the home office;
- ``births``: dates of birth on the paper (ISO, ";"-separated): never a date of making.

Typical use::

    docs = metadata_set()                 # 110 documents, deterministic
    write_metadata_set(Path("meta"), docs) # .txt + metadata.csv, read by ``pindai evaluate meta``
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

__all__ = ["MetaDoc", "METADATA_FIELDS", "metadata_set", "write_metadata_set"]

METADATA_FIELDS = ("file", "kind", "title", "number", "date", "place", "issuer", "births")

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@dataclass(frozen=True)
class Region:
    """A kabupaten or kota: its name as written, the town where papers are signed, its KPU code."""

    name: str  # "Kabupaten Ogan Ilir"
    town: str  # "Indralaya"
    code: str  # "1610"
    province: str


REGIONS = (
    Region("Kabupaten Ogan Ilir", "Indralaya", "1610", "Sumatera Selatan"),
    Region("Kota Prabumulih", "Prabumulih", "1672", "Sumatera Selatan"),
    Region("Kabupaten Musi Rawas", "Muara Beliti", "1605", "Sumatera Selatan"),
    Region("Kabupaten Banyuasin", "Pangkalan Balai", "1607", "Sumatera Selatan"),
    Region("Kota Lubuklinggau", "Lubuklinggau", "1673", "Sumatera Selatan"),
    Region("Kabupaten Kudus", "Kudus", "3319", "Jawa Tengah"),
    Region("Kota Bima", "Bima", "5272", "Nusa Tenggara Barat"),
    Region("Kabupaten Sigi", "Sigi Biromaru", "7210", "Sulawesi Tengah"),
    Region("Kabupaten Empat Lawang", "Tebing Tinggi", "1611", "Sumatera Selatan"),
)
CAPITALS = {"Sumatera Selatan": "Palembang", "Jawa Tengah": "Semarang", "Nusa Tenggara Barat": "Mataram",
            "Sulawesi Tengah": "Palu"}
STREETS = ("Jalan Lintas Timur Km. 36", "Jl. Merdeka No. 14", "Jalan Pangeran Antasari Nomor 9",
           "Jl. Sudirman Blok C No. 2", "Jalan Veteran 21", "Jl. Kolonel Atmo No. 55")
PEOPLE = ("Hendra Saputra", "Yuliana Pratiwi", "Agus Salim Nasution", "Dewi Kartika Sari", "Muhammad Ridwan",
          "Sri Handayani", "Fajar Nugroho", "Nur Aisyah", "Bambang Irawan", "Ratna Komalasari",
          "Teguh Prasetyo", "Wahyuni Lestari", "Rizal Effendi", "Siti Maryam", "Joko Susilo")
COMPANIES = ("CV Karya Mandiri Sejahtera", "PT Sinar Cetak Nusantara", "CV Berkah Abadi Jaya",
             "PT Graha Logistik Utama", "CV Tiga Putra Perkasa")
TOPICS_PLENO = ("Rekapitulasi Daftar Pemilih Hasil Pemutakhiran", "Penetapan Daftar Calon Tetap",
                "Rekapitulasi Hasil Penghitungan Suara", "Penetapan Calon Terpilih",
                "Penetapan Nomor Urut Pasangan Calon")


@dataclass(frozen=True)
class MetaDoc:
    """One document of the set and its labels."""

    kind: str
    lines: tuple[str, ...]
    title: str
    number: str
    date: str
    place: str
    issuer: str
    births: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class _Ctx:
    """Random choices of one document."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.region = rng.choice(REGIONS)
        self.year = rng.choice((2023, 2024, 2025))
        self.day = date(self.year, rng.randint(1, 12), rng.randint(1, 28))

    def other_region(self) -> Region:
        return self.r.choice([g for g in REGIONS if g != self.region])

    def person(self) -> str:
        return self.r.choice(PEOPLE)

    def kpu(self, region: Region | None = None) -> str:
        return f"KPU {(region or self.region).name}"

    def issuers(self, region: Region | None = None) -> str:
        g = region or self.region
        return f"KPU {g.name}|Komisi Pemilihan Umum {g.name}"

    def written(self, d: date | None = None) -> str:
        d = d or self.day
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"

    def earlier(self, days: int) -> date:
        return date.fromordinal(self.day.toordinal() - days)

    def weekday(self, d: date | None = None) -> str:
        return WEEKDAYS[(d or self.day).weekday()]

    def birth(self) -> date:
        return date(self.r.randint(1965, 2002), self.r.randint(1, 12), self.r.randint(1, 28))

    def nip(self, born: date | None = None) -> str:
        b = born or self.birth()
        return f"{b:%Y%m%d}{self.r.randint(2005, 2015)}{self.r.randint(1, 12):02d}{self.r.randint(1, 2)}" \
               f"{self.r.randint(1, 999):03d}"

    def letterhead(self, region: Region | None = None, *, address: bool = True, unit: str | None = None) -> list[str]:
        g = region or self.region
        lines = ["KOMISI PEMILIHAN UMUM", g.name.upper()]
        if self.r.random() < 0.3:
            lines = [f"KOMISI PEMILIHAN UMUM {g.name.upper()}"]
        if unit:
            lines.insert(0 if self.r.random() < 0.5 else len(lines), unit.upper())
        if address:
            lines.append(f"{self.r.choice(STREETS)}, {g.town} Telp. (07{self.r.randint(11, 99)}) "
                         f"{self.r.randint(300000, 399999)}")
            if self.r.random() < 0.5:
                lines.append(f"Laman: kpu-{g.town.lower().replace(' ', '')}.go.id  Surel: "
                             f"kab{g.code}@kpu.go.id")
        return [*lines, ""]

    def letter_number(self, code: str, seq: int | None = None) -> str:
        return f"{seq or self.r.randint(10, 1400)}/{code}/{self.region.code}/{self.day.year}"

    def para(self, *sentences: str) -> list[str]:
        return [*_wrap(" ".join(sentences)), ""]


def _wrap(text: str, width: int = 68) -> list[str]:
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*out, line] if line else out


def _sign(c: _Ctx, office: str, *, place: str | None = None, d: date | None = None, name: str | None = None,
          lines_after: Iterable[str] = ()) -> list[str]:
    return ["", f"{place or c.region.town}, {c.written(d)}", f"{office},", "", "ttd.", "", name or c.person(),
            *lines_after]


# --------------------------------------------------------------------------- the kinds


def _undangan(c: _Ctx) -> MetaDoc:
    topic = c.r.choice(TOPICS_PLENO)
    subject = c.r.choice((f"Undangan Rapat Pleno Terbuka {topic}", "Undangan Rapat Koordinasi Persiapan Tahapan",
                          "Undangan Sosialisasi Pendidikan Pemilih"))
    number = c.letter_number(c.r.choice(("PL.01.1-Und", "PP.06-Und", "HM.02-Und")))
    meet = date.fromordinal(c.day.toordinal() + c.r.randint(2, 9))
    top_date = c.r.random() < 0.5
    lines = c.letterhead()
    if top_date:
        lines += [f"{c.region.town}, {c.written()}", ""]
    lines += [f"Nomor    : {number}", "Sifat    : Biasa", "Lampiran : 1 (satu) lembar", f"Perihal  : {subject}", "",
              "Yth. Pimpinan Partai Politik Peserta Pemilu", f"di {c.region.town}", ""]
    lines += c.para(f"Dalam rangka pelaksanaan tahapan pemilihan, {c.kpu()} akan menyelenggarakan kegiatan "
                    f"sebagaimana perihal surat ini.", "Kegiatan tersebut akan dilaksanakan pada:")
    lines += [f"hari/tanggal : {c.weekday(meet)}, {c.written(meet)}", "pukul        : 09.00 WIB s.d. selesai",
              f"tempat       : Aula {c.kpu()}", ""]
    lines += c.para("Mengingat pentingnya acara tersebut, kami mengharapkan kehadiran Saudara tepat waktu.",
                    "Atas perhatian dan kehadirannya kami ucapkan terima kasih.")
    if top_date:
        lines += [f"Ketua {c.kpu()},", "", "ttd.", "", c.person()]
    else:
        lines += _sign(c, f"Ketua {c.kpu()}")
    return MetaDoc("undangan", tuple(lines), subject, number, c.day.isoformat(), c.region.town, c.issuers())


def _keputusan(c: _Ctx) -> MetaDoc:
    n = c.r.randint(3, 480)
    about = c.r.choice((["PENETAPAN JUMLAH DAN NAMA ANGGOTA", "PANITIA PEMUNGUTAN SUARA"],
                        ["PEMBENTUKAN PEJABAT PENGELOLA INFORMASI", "DAN DOKUMENTASI"],
                        ["DAFTAR INFORMASI PUBLIK"],
                        ["PENETAPAN REKAPITULASI DAFTAR PEMILIH TETAP", "PADA PEMILIHAN BUPATI DAN WAKIL BUPATI",
                         f"TAHUN {c.year}"]))
    head = ["KEPUTUSAN KOMISI PEMILIHAN UMUM", c.region.name.upper()]
    if c.r.random() < 0.4:
        head = [f"KEPUTUSAN KOMISI PEMILIHAN UMUM {c.region.name.upper()}"]
    lines = ["", *head, f"NOMOR {n} TAHUN {c.year}", "", "TENTANG", "", *about, "", "DENGAN RAHMAT TUHAN YANG MAHA ESA",
             "", f"KOMISI PEMILIHAN UMUM {c.region.name.upper()},", ""]
    lines += ["Menimbang : a. bahwa untuk melaksanakan ketentuan peraturan", "perlu menetapkan keputusan ini;",
              "Mengingat : 1. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;",
              "2. Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;",
              "3. Peraturan Komisi Pemilihan Umum Nomor 22 Tahun 2023;", "",
              "MEMUTUSKAN:", f"Menetapkan : KEPUTUSAN KOMISI PEMILIHAN UMUM {c.region.name.upper()}",
              f"TENTANG {' '.join(about)}.", "",
              "KESATU : Menetapkan sebagaimana tercantum dalam Lampiran keputusan ini.",
              "KEDUA : Keputusan ini mulai berlaku pada tanggal ditetapkan.", "",
              f"Ditetapkan di {c.region.town}", f"pada tanggal {c.written()}", "",
              f"KETUA KOMISI PEMILIHAN UMUM {c.region.name.upper()},", "", "ttd.", "", c.person().upper()]
    title = f"{' '.join(head)} TENTANG {' '.join(about)}"
    return MetaDoc("keputusan", tuple(lines), title, f"{n} Tahun {c.year}", c.day.isoformat(), c.region.town,
                   c.issuers())


def _sop(c: _Ctx) -> MetaDoc:
    name = c.r.choice(("PELAYANAN PERMOHONAN INFORMASI PUBLIK", "PENGUJIAN KONSEKUENSI INFORMASI",
                       "PENANGANAN KEBERATAN INFORMASI PUBLIK", "PENDOKUMENTASIAN INFORMASI DIKECUALIKAN",
                       "PENGELOLAAN ARSIP DINAMIS"))
    unit = c.r.choice(("SUBBAGIAN PARTISIPASI DAN HUBUNGAN MASYARAKAT", "SUBBAGIAN UMUM DAN LOGISTIK",
                       "BIRO PARTISIPASI DAN HUBUNGAN MASYARAKAT"))
    number = f"{c.r.randint(1, 40):02d}/SOP/PPID/{c.region.code}/{c.year}"
    lines = c.letterhead(address=False, unit=unit)
    two_lines = c.r.random() < 0.5
    lines += ["STANDAR OPERASIONAL PROSEDUR", *( [name] if two_lines else []), "",
              f"Nomor SOP          : {number}", f"Tanggal Pembuatan  : {c.written()}",
              "Tanggal Revisi     : -", f"Tanggal Efektif    : {c.written(date.fromordinal(c.day.toordinal() + 7))}",
              f"Disahkan oleh      : Sekretaris {c.kpu()}", f"Nama SOP           : {name.title()}", "",
              "Dasar Hukum:", "1. Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;",
              "2. Peraturan Pemerintah Nomor 61 Tahun 2010;",
              "3. Peraturan Komisi Informasi Nomor 1 Tahun 2021;", "",
              "Kualifikasi Pelaksana:", "Memahami peraturan keterbukaan informasi publik.", "",
              "Uraian Prosedur:", "1. Petugas menerima dan mencatat permohonan.",
              "2. Petugas memeriksa kelengkapan dan meneruskan kepada PPID.",
              "3. PPID memutuskan dan memberitahukan kepada pemohon.", ""]
    if c.r.random() < 0.5:
        lines += [f"Sekretaris {c.kpu()},", "", "ttd.", "", c.person()]
    title = f"STANDAR OPERASIONAL PROSEDUR {name}"
    return MetaDoc("sop", tuple(lines), title, number, c.day.isoformat(), "", c.issuers())


def _rs_sehat(c: _Ctx) -> MetaDoc:
    born = c.birth()
    town = c.region.name.split(" ", 1)[1]
    rs = f"RUMAH SAKIT UMUM DAERAH {town.upper()}"
    number = f"445/{c.r.randint(100, 999)}/RSUD/{ROMAN[c.day.month - 1]}/{c.year}"
    dob = (f"Tempat/Tgl Lahir : {c.other_region().town}, {c.written(born)}" if c.r.random() < 0.6
           else f"TTL              : {c.other_region().town}, {born:%d-%m-%Y}")
    lines = [f"PEMERINTAH {c.region.name.upper()}", rs, f"{c.r.choice(STREETS)}, {c.region.town}", "",
             "SURAT KETERANGAN SEHAT", f"Nomor : {number}", "",
             "Yang bertanda tangan di bawah ini, dokter pemeriksa pada", f"{rs.title().replace('Umum Daerah', 'Umum Daerah')},",
             "menerangkan dengan sebenarnya bahwa:", "",
             f"Nama             : {c.person()}", dob, "Jenis Kelamin    : Perempuan", "Pekerjaan        : Swasta",
             f"Alamat           : Desa Sukamaju, {c.region.name}", "",
             *c.para("Berdasarkan hasil pemeriksaan kesehatan, yang bersangkutan dinyatakan sehat jasmani.",
                     "Surat keterangan ini dibuat untuk keperluan pendaftaran calon anggota PPK."),
             "Tinggi badan : 158 cm   Berat badan : 55 kg   Tekanan darah : 120/80", "",
             f"{c.region.town}, {c.written()}", "Dokter Pemeriksa,", "", "ttd.", "", f"dr. {c.person()}",
             f"NIP. {c.nip()}"]
    issuer = f"RSUD {town}|Rumah Sakit Umum Daerah {town}"
    return MetaDoc("keterangan_sehat", tuple(lines), "SURAT KETERANGAN SEHAT", number, c.day.isoformat(),
                   c.region.town, issuer, born.isoformat())


def _polisi(c: _Ctx) -> MetaDoc:
    town = c.region.name.split(" ", 1)[1]
    res = c.r.choice(("RESOR", "RESOR KOTA")) if c.region.name.startswith("Kota") else "RESOR"
    number = f"B/{c.r.randint(100, 1500)}/{ROMAN[c.day.month - 1]}/{c.year}/Reskrim"
    subject = c.r.choice(("Permintaan Data Daftar Pemilih", "Permintaan Keterangan Saksi",
                          "Pemberitahuan Perkembangan Hasil Penyelidikan"))
    lp = f"LP/B/{c.r.randint(10, 300)}/{ROMAN[(c.day.month + 10) % 12]}/{c.year}/SPKT"
    lines = ["KEPOLISIAN NEGARA REPUBLIK INDONESIA", f"DAERAH {c.region.province.upper()}", f"{res} {town.upper()}",
             f"{c.r.choice(STREETS)}, {c.region.town}", ""]
    top = c.r.random() < 0.5
    if top:
        lines += [f"{c.region.town}, {c.written()}", ""]
    lines += [f"Nomor       : {number}", "Klasifikasi : BIASA", "Lampiran    : -", f"Perihal     : {subject}", "",
              f"Kepada Yth. Ketua {c.kpu()}", f"di {c.region.town}", "",
              "Rujukan:", f"a. Laporan Polisi Nomor {lp};",
              "b. Pasal 520 Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum.", "",
              *c.para("Sehubungan dengan rujukan tersebut di atas, penyidik memerlukan data sebagaimana perihal.",
                      "Kami mohon bantuan Saudara untuk menyampaikan data tersebut paling lambat tujuh hari."),
              ]
    sign = [f"a.n. KEPALA KEPOLISIAN {res} {town.upper()}", "KASAT RESKRIM,", "", "ttd.", "", c.person().upper(),
            f"AKP NRP {c.r.randint(70000000, 89999999)}"]
    lines += sign if top else ["", f"{c.region.town}, {c.written()}", *sign]
    issuer = f"Kepolisian {res.title()} {town}|Polres {town}|Polresta {town}"
    return MetaDoc("surat_polisi", tuple(lines), subject, number, c.day.isoformat(), c.region.town, issuer)


def _vendor(c: _Ctx) -> MetaDoc:
    company = c.r.choice(COMPANIES)
    city = c.r.choice(("Palembang", "Jakarta Timur", "Semarang", c.region.town))
    number = f"{c.r.randint(1, 99):03d}/{''.join(w[0] for w in company.split()[1:])}/{ROMAN[c.day.month - 1]}/{c.year}"
    subject = c.r.choice(("Penawaran Harga Pencetakan Surat Suara", "Penawaran Pengadaan Kotak Suara",
                          "Penawaran Jasa Distribusi Logistik Pemilihan"))
    lines = [company.upper(), f"{c.r.choice(STREETS)}, {city}", f"Telp. 0812{c.r.randint(1000000, 9999999)}", "",
             f"{city}, {c.written()}", "", f"Nomor    : {number}", "Lampiran : 1 (satu) berkas",
             f"Perihal  : {subject}", "", "Kepada Yth.", f"Pejabat Pembuat Komitmen {c.kpu()}", f"di {c.region.town}", "",
             *c.para(f"Memenuhi undangan pengadaan Nomor {c.letter_number('LG.01-Und')}, kami mengajukan "
                     "penawaran sebagai berikut.", "Harga penawaran sudah termasuk pajak dan biaya pengiriman."),
             "Uraian\tVolume\tHarga", "Barang sesuai spesifikasi\t1 paket\tRp 480.000.000", "",
             *c.para("Penawaran ini berlaku selama 60 hari kalender sejak tanggal surat ini."),
             "Hormat kami,", company, "", "ttd.", "", c.person(), "Direktur"]
    return MetaDoc("penawaran", tuple(lines), subject, number, c.day.isoformat(), city, company)


def _edaran_provinsi(c: _Ctx) -> MetaDoc:
    n = c.r.randint(2, 60)
    capital = CAPITALS[c.region.province]
    about = c.r.choice((["PENYAMPAIAN LAPORAN LAYANAN INFORMASI PUBLIK"],
                        ["PELAKSANAAN UJI KONSEKUENSI INFORMASI", "YANG DIKECUALIKAN"],
                        ["PEMUTAKHIRAN DAFTAR INFORMASI PUBLIK", f"TAHUN {c.year}"]))
    lines = ["KOMISI PEMILIHAN UMUM", f"PROVINSI {c.region.province.upper()}", f"{c.r.choice(STREETS)}, {capital}", "",
             "SURAT EDARAN", f"NOMOR {n} TAHUN {c.year}", "TENTANG", *about, "",
             f"Yth. Ketua KPU Kabupaten/Kota se-Provinsi {c.region.province}", "",
             *c.para("Berdasarkan Peraturan Komisi Pemilihan Umum Nomor 22 Tahun 2023 dan Keputusan KPU Nomor "
                     "1081 Tahun 2023, bersama ini disampaikan hal-hal sebagai berikut.",
                     "KPU Kabupaten/Kota melaksanakan edaran ini dan melaporkan hasilnya."),
             *_sign(c, f"Ketua KPU Provinsi {c.region.province}", place=capital)]
    title = f"SURAT EDARAN TENTANG {' '.join(about)}"
    issuer = f"KPU Provinsi {c.region.province}|Komisi Pemilihan Umum Provinsi {c.region.province}"
    return MetaDoc("edaran_provinsi", tuple(lines), title, f"{n} Tahun {c.year}", c.day.isoformat(), capital, issuer)


def _berita_acara(c: _Ctx) -> MetaDoc:
    topic = c.r.choice(TOPICS_PLENO)
    number = c.letter_number(c.r.choice(("PL.02.1-BA", "PL.01.2-BA", "PY.01-BA")))
    meet = c.earlier(c.r.randint(0, 3))
    lines = c.letterhead(address=c.r.random() < 0.5)
    lines += ["BERITA ACARA", f"RAPAT PLENO TERBUKA {topic.upper()}", f"Nomor : {number}", "",
              *c.para(f"Pada hari ini {c.weekday(meet)} tanggal {c.written(meet)}, bertempat di Aula {c.kpu()}, "
                      "telah dilaksanakan rapat pleno terbuka.",
                      f"Rapat berpedoman pada Keputusan KPU Nomor {c.r.randint(10, 900)} Tahun {c.year}."),
              *c.para("Rapat dihadiri oleh anggota, saksi peserta, dan pengawas pemilihan.",
                      "Hasil rapat tercantum dalam lampiran yang tidak terpisahkan dari berita acara ini."),
              *_sign(c, f"Ketua {c.kpu()}")]
    title = f"BERITA ACARA RAPAT PLENO TERBUKA {topic.upper()}"
    return MetaDoc("berita_acara", tuple(lines), title, number, c.day.isoformat(), c.region.town, c.issuers())


def _notulen(c: _Ctx) -> MetaDoc:
    meet = c.earlier(c.r.randint(1, 6))
    agenda = c.r.choice(("RAPAT KOORDINASI DIVISI", "RAPAT EVALUASI LAYANAN INFORMASI", "RAPAT PERSIAPAN LOGISTIK"))
    lines = c.letterhead()
    lines += ["NOTULEN", agenda, "", f"Hari/Tanggal : {c.weekday(meet)}, {c.written(meet)}", "Waktu        : 13.30 WIB",
              f"Tempat       : Ruang Rapat {c.kpu()}", "Pimpinan     : Ketua", "",
              *c.para("Rapat dibuka oleh pimpinan rapat dengan membacakan agenda.",
                      "Peserta menyampaikan perkembangan pekerjaan masing-masing divisi."),
              "Kesimpulan:", "1. Laporan disusun paling lambat akhir bulan.", "2. Rapat berikutnya diadakan pekan depan.",
              "", f"{c.region.town}, {c.written()}", "Notulis,", "", "ttd.", "", c.person()]
    return MetaDoc("notulen", tuple(lines), f"NOTULEN {agenda}", "", c.day.isoformat(), c.region.town, c.issuers())


def _berita_web(c: _Ctx) -> MetaDoc:
    event = c.earlier(c.r.randint(1, 3))
    place = c.r.choice(("SMA Negeri 1", "Pondok Pesantren Al-Falah", "Balai Desa Tanjung Raja"))
    title = c.r.choice((f"KPU {c.region.name.split(' ', 1)[1]} Sosialisasikan Pemilih Pemula di {place}",
                        f"KPU {c.region.name.split(' ', 1)[1]} Gelar Bimbingan Teknis PPK dan PPS",
                        f"Rapat Koordinasi Pemutakhiran Data Pemilih Digelar di {place}"))
    lines = ["Beranda > Berita > Kegiatan", "", title, "",
             f"Diposting oleh Admin | {c.weekday()}, {c.written()} | Dilihat 214 kali", "",
             *c.para(f"{c.region.town}, kpu-{c.region.code}.go.id - {c.kpu()} melaksanakan kegiatan di {place} "
                     f"pada {c.weekday(event)}, {c.written(event)}.",
                     "Kegiatan ini diikuti oleh lebih dari seratus peserta dari berbagai kalangan."),
             *c.para("Ketua KPU menyampaikan bahwa partisipasi pemilih harus terus ditingkatkan.",
                     "Para peserta diajak untuk memeriksa namanya dalam daftar pemilih."),
             "Bagikan: Facebook Twitter WhatsApp"]
    # A post on the office's own website carries no other body's mark: the home office's own.
    return MetaDoc("berita_web", tuple(lines), title, "", c.day.isoformat(), "", "")


def _maklumat(c: _Ctx) -> MetaDoc:
    second = c.r.choice(("PELAYANAN INFORMASI PUBLIK", "PELAYANAN PUBLIK", "PELAYANAN PPID"))
    lines = c.letterhead(address=c.r.random() < 0.5)
    lines += ["MAKLUMAT", second, "", *c.para(
        "Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar yang telah ditetapkan.",
        "Apabila tidak menepati janji ini, kami siap menerima sanksi sesuai peraturan yang berlaku."),
        *_sign(c, f"Ketua {c.kpu()}")]
    return MetaDoc("maklumat", tuple(lines), f"MAKLUMAT {second}", "", c.day.isoformat(), c.region.town, c.issuers())


def _dipa(c: _Ctx) -> MetaDoc:
    y = c.year
    head = c.r.choice((["RINGKASAN DAFTAR ISIAN PELAKSANAAN ANGGARAN (DIPA)", f"TAHUN ANGGARAN {y}"],
                       ["RINGKASAN DIPA", f"SEKRETARIAT {c.kpu().upper()}", f"TAHUN ANGGARAN {y}"]))
    lines = c.letterhead(address=False)
    lines += [*head, "", "Uraian\tPagu (Rp)", "Belanja Pegawai\t4.250.000.000", "Belanja Barang\t2.980.500.000",
              "Belanja Modal\t310.000.000", "Jumlah\t7.540.500.000", "",
              *c.para("Ringkasan ini disusun dari DIPA yang telah disahkan dan diumumkan kepada masyarakat."),
              *_sign(c, f"Sekretaris {c.kpu()}", lines_after=(f"NIP. {c.nip()}",))]
    return MetaDoc("ringkasan_dipa", tuple(lines), " ".join(head), "", c.day.isoformat(), c.region.town, c.issuers())


def _surat_tugas(c: _Ctx) -> MetaDoc:
    number = c.letter_number(c.r.choice(("SDM.01-ST", "PP.01-ST", "KU.02-ST")))
    cited = f"{c.r.randint(100, 999)}/PL.01-SD/{c.region.code[:2]}/{c.year}"
    born = c.birth()
    lines = c.letterhead()
    lines += ["SURAT TUGAS", f"Nomor : {number}", "",
              f"Dasar : Surat KPU Provinsi {c.region.province} Nomor {cited} perihal", "bimbingan teknis.", "",
              "MEMBERI TUGAS", "Kepada :", f"Nama    : {c.person()}", f"NIP     : {c.nip(born)}",
              "Jabatan : Kepala Subbagian Teknis", "",
              *c.para(f"Untuk mengikuti bimbingan teknis di {CAPITALS[c.region.province]} selama tiga hari.",
                      "Surat tugas ini dilaksanakan dengan penuh tanggung jawab."),
              *_sign(c, f"Sekretaris {c.kpu()}")]
    return MetaDoc("surat_tugas", tuple(lines), "SURAT TUGAS", number, c.day.isoformat(), c.region.town, c.issuers())


def _nota_dinas(c: _Ctx) -> MetaDoc:
    number = c.letter_number("ND", c.r.randint(5, 300))
    subject = c.r.choice(("Permohonan Persetujuan Uji Konsekuensi", "Laporan Kerusakan Gudang Logistik",
                          "Usulan Pengadaan Alat Pindai Dokumen"))
    lines = c.letterhead(address=False)
    lines += ["NOTA DINAS", f"Nomor   : {number}", f"Yth.    : Ketua {c.kpu()}",
              f"Dari    : Sekretaris {c.kpu()}", "Sifat   : Segera", f"Hal     : {subject}",
              f"Tanggal : {c.written()}", "", *c.para("Dengan hormat, bersama ini kami sampaikan hal tersebut.",
                                                      "Mohon arahan dan persetujuan Bapak/Ibu Ketua."),
              f"Sekretaris {c.kpu()},", "", "ttd.", "", c.person()]
    return MetaDoc("nota_dinas", tuple(lines), subject, number, c.day.isoformat(), "", c.issuers())


def _daftar_hadir(c: _Ctx) -> MetaDoc:
    topic = c.r.choice(TOPICS_PLENO)
    lines = c.letterhead(address=False)
    lines += ["DAFTAR HADIR", f"RAPAT PLENO TERBUKA {topic.upper()}", "",
              f"Hari/Tanggal : {c.weekday()}, {c.written()}", f"Tempat       : Aula {c.kpu()}", "",
              "No\tNama\tJabatan"]
    for i in range(1, c.r.randint(6, 14)):
        lines.append(f"{i}\t{c.person()}\t{c.r.choice(('Saksi', 'Anggota', 'Bawaslu', 'Operator'))}")
    return MetaDoc("daftar_hadir", tuple(lines), f"DAFTAR HADIR RAPAT PLENO TERBUKA {topic.upper()}", "", "", "",
                   c.issuers())


def _pengumuman(c: _Ctx) -> MetaDoc:
    number = c.letter_number(c.r.choice(("PP.04.1-Pu", "SDM.12-Pu", "PL.02.2-Pu")))
    about = c.r.choice((["PENERIMAAN CALON ANGGOTA", "PANITIA PEMILIHAN KECAMATAN"],
                        ["HASIL SELEKSI ADMINISTRASI CALON ANGGOTA", "PANITIA PEMUNGUTAN SUARA"],
                        ["DAFTAR PEMILIH SEMENTARA"]))
    lines = c.letterhead()
    lines += ["PENGUMUMAN", f"NOMOR : {number}", "TENTANG", *about, "",
              *c.para(f"Berdasarkan Keputusan KPU Nomor {c.r.randint(100, 999)} Tahun {c.year}, {c.kpu()} "
                      "mengumumkan hal tersebut kepada masyarakat.",
                      "Masyarakat dapat memberikan tanggapan paling lambat tujuh hari setelah pengumuman."),
              *_sign(c, f"Ketua {c.kpu()}")]
    return MetaDoc("pengumuman", tuple(lines), f"PENGUMUMAN TENTANG {' '.join(about)}", number, c.day.isoformat(),
                   c.region.town, c.issuers())


def _laporan_layanan(c: _Ctx) -> MetaDoc:
    head = ["LAPORAN LAYANAN INFORMASI PUBLIK", f"PPID {c.kpu().upper()}", f"TAHUN {c.year - 1}"]
    lines = c.letterhead(address=False)
    lines += [*head, "", "BAB I PENDAHULUAN", *c.para(
        "Laporan ini menyajikan pelaksanaan layanan informasi publik selama satu tahun.",
        "Jumlah permohonan yang diterima meningkat dibandingkan tahun sebelumnya."),
        "Permohonan\tJumlah", "Diterima\t42", "Dipenuhi\t38", "Ditolak\t4", "",
        *_sign(c, f"Sekretaris {c.kpu()} selaku Atasan PPID")]
    return MetaDoc("laporan_layanan", tuple(lines), " ".join(head), "", c.day.isoformat(), c.region.town, c.issuers())


def _bawaslu(c: _Ctx) -> MetaDoc:
    number = f"{c.r.randint(10, 400):03d}/PM.00.02/K.{c.region.code[:2]}-{c.region.code[2:]}/{c.day.month:02d}/{c.year}"
    subject = c.r.choice(("Saran Perbaikan Daftar Pemilih", "Imbauan Pencegahan Pelanggaran",
                          "Permintaan Salinan Berita Acara"))
    lines = ["BADAN PENGAWAS PEMILIHAN UMUM", c.region.name.upper(), f"{c.r.choice(STREETS)}, {c.region.town}", "",
             f"Nomor    : {number}", "Sifat    : Segera", "Lampiran : -", f"Hal      : {subject}", "",
             f"Yth. Ketua {c.kpu()}", "di Tempat", "",
             *c.para("Berdasarkan Pasal 101 Undang-Undang Nomor 7 Tahun 2017, Bawaslu melakukan pengawasan.",
                     "Kami menyampaikan saran perbaikan agar segera ditindaklanjuti sesuai ketentuan."),
             *_sign(c, f"Ketua Bawaslu {c.region.name}")]
    issuer = f"Bawaslu {c.region.name}|Badan Pengawas Pemilihan Umum {c.region.name}"
    return MetaDoc("surat_bawaslu", tuple(lines), subject, number, c.day.isoformat(), c.region.town, issuer)


def _bnn(c: _Ctx) -> MetaDoc:
    born = c.birth()
    number = f"SKHPN/{c.r.randint(100, 999)}/{ROMAN[c.day.month - 1]}/{c.year}/BNNK"
    lines = ["BADAN NARKOTIKA NASIONAL", c.region.name.upper(), f"{c.r.choice(STREETS)}, {c.region.town}", "",
             "SURAT KETERANGAN HASIL PEMERIKSAAN NARKOTIKA", f"Nomor : {number}", "",
             "Yang bertanda tangan di bawah ini menerangkan bahwa:",
             f"Nama                  : {c.person()}",
             f"Tempat, Tanggal Lahir : {c.other_region().town}, {born:%d-%m-%Y}",
             "Keperluan             : Pendaftaran calon anggota KPPS", "",
             *c.para(f"Yang bersangkutan lahir di {c.other_region().town} pada tanggal {c.written(born)} dan "
                     "telah menjalani pemeriksaan urine.", "Hasil pemeriksaan tidak ditemukan narkotika."),
             *_sign(c, f"Kepala BNN {c.region.name}")]
    issuer = f"BNN {c.region.name}|Badan Narkotika Nasional {c.region.name}"
    return MetaDoc("keterangan_bnn", tuple(lines), "SURAT KETERANGAN HASIL PEMERIKSAAN NARKOTIKA", number,
                   c.day.isoformat(), c.region.town, issuer, born.isoformat())


def _pernyataan(c: _Ctx) -> MetaDoc:
    born = c.birth()
    who = c.person()
    lines = ["SURAT PERNYATAAN", "", "Yang bertanda tangan di bawah ini:", f"Nama                 : {who}",
             f"Tempat/Tanggal Lahir : {c.other_region().town}, {c.written(born)}",
             f"Alamat               : Desa Muara Baru, {c.region.name}", "",
             *c.para("Dengan ini menyatakan bahwa saya tidak menjadi anggota partai politik sekurang-kurangnya "
                     "lima tahun terakhir.", "Demikian pernyataan ini saya buat dengan sebenarnya."),
             f"{c.region.town}, {c.written()}", "Yang membuat pernyataan,", "", "Meterai 10000", "", who]
    return MetaDoc("pernyataan", tuple(lines), "SURAT PERNYATAAN", "", c.day.isoformat(), c.region.town, who,
                   born.isoformat())


def _kpu_ri(c: _Ctx) -> MetaDoc:
    number = f"{c.r.randint(100, 2500)}/{c.r.choice(('PP.01-SD', 'HM.01-SD', 'PL.02-SD'))}/05/{c.year}"
    subject = c.r.choice(("Penyampaian Pedoman Pengelolaan Informasi", "Pelaksanaan Survei Kepuasan Layanan",
                          "Pemutakhiran Laman PPID"))
    unit = c.r.choice(("BIRO PARTISIPASI DAN HUBUNGAN MASYARAKAT", "BIRO TEKNIS PENYELENGGARAAN PEMILU"))
    lines = ["KOMISI PEMILIHAN UMUM", "REPUBLIK INDONESIA", unit, "Jalan Imam Bonjol Nomor 29, Jakarta", "",
             f"Nomor    : {number}", "Sifat    : Penting", "Lampiran : 1 (satu) berkas", f"Hal      : {subject}", "",
             "Yth. Ketua KPU Provinsi dan KPU Kabupaten/Kota", "di Seluruh Indonesia", "",
             *c.para("Menindaklanjuti Peraturan KPU Nomor 22 Tahun 2023, bersama ini kami sampaikan pedoman.",
                     "Pedoman ini agar dilaksanakan dan disebarluaskan kepada jajaran."),
             *_sign(c, "Sekretaris Jenderal", place="Jakarta")]
    issuer = "KPU Republik Indonesia|Komisi Pemilihan Umum Republik Indonesia|KPU RI"
    return MetaDoc("surat_kpu_ri", tuple(lines), subject, number, c.day.isoformat(), "Jakarta", issuer)


def _surat_kpu_lain(c: _Ctx) -> MetaDoc:
    other = c.other_region()
    number = f"{c.r.randint(10, 900)}/PL.01-SD/{other.code}/{c.year}"
    subject = c.r.choice(("Permohonan Data Pemilih Pindahan", "Koordinasi Perbatasan Wilayah",
                          "Peminjaman Kotak Suara"))
    lines = c.letterhead(other)
    lines += [f"Nomor    : {number}", "Lampiran : -", f"Perihal  : {subject}", "", f"Yth. Ketua {c.kpu()}",
              f"di {c.region.town}", "",
              *c.para(f"Menindaklanjuti surat Saudara Nomor {c.letter_number('PL.01-SD')}, kami sampaikan "
                      "permohonan sebagaimana perihal.", "Atas kerja samanya kami ucapkan terima kasih."),
              *_sign(c, f"Ketua KPU {other.name}", place=other.town)]
    return MetaDoc("surat_kpu_lain", tuple(lines), subject, number, c.day.isoformat(), other.town, c.issuers(other))


KINDS: tuple[Callable[[_Ctx], MetaDoc], ...] = (
    _undangan, _keputusan, _sop, _rs_sehat, _polisi, _vendor, _edaran_provinsi, _berita_acara, _notulen,
    _berita_web, _maklumat, _dipa, _surat_tugas, _nota_dinas, _daftar_hadir, _pengumuman, _laporan_layanan,
    _bawaslu, _bnn, _pernyataan, _kpu_ri, _surat_kpu_lain,
)


def metadata_set(*, variants: int = 5, seed: int = 18) -> list[MetaDoc]:
    """``variants`` documents of each kind (22 kinds), deterministic for a seed."""
    rng = random.Random(seed)
    return [kind(_Ctx(rng)) for _ in range(variants) for kind in KINDS]


def write_metadata_set(folder: Path, docs: Iterable[MetaDoc]) -> list[str]:
    """One ``.txt`` per document and ``metadata.csv``; returns the file names."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names, rows = [], []
    for i, d in enumerate(docs):
        name = f"{i:03d}-{d.kind}.txt"
        (folder / name).write_text(d.text, encoding="utf-8")
        names.append(name)
        rows.append(row_of(d, name))
    write_labels(folder, rows)
    return names


def row_of(d: MetaDoc, name: str) -> dict[str, str]:
    """The ``metadata.csv`` row of one document."""
    return {"file": name, "kind": d.kind, "title": d.title, "number": d.number, "date": d.date, "place": d.place,
            "issuer": d.issuer, "births": d.births}


def write_labels(folder: Path, rows: list[dict[str, str]]) -> None:
    """``metadata.csv`` in ``folder``."""
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=METADATA_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
