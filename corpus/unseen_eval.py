"""An independent evaluation corpus for the classifier (#18): kinds of paper the training corpus lacks.

Written apart from :mod:`corpus.generator` and never trained on: laws and regulations quoted at length
(they speak of crimes, secrets and personal data, yet are public), published rulings of DKPP, a court
and the Komisi Informasi that name parties, news posts of an office's website, hearing slides, other
offices' letterheads and styles; and exempt papers from other bodies (a hospital's medical summary,
a police investigator's letter, a bidder's unit prices, a bank-account list, a letter marked
RAHASIA, psychological test results). Labels follow ``shared/domain.md``.

Typical use::

    write_unseen(Path("unseen"))            # .txt + labels.csv, read by ``pindai evaluate unseen``
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from corpus.metadata_eval import _wrap  # the same line wrapping as the metadata set

__all__ = ["UnseenDoc", "unseen_corpus", "write_unseen"]

OFFICES = ("Kabupaten Ogan Ilir", "Kota Prabumulih", "Kabupaten Kudus", "Kota Bima", "Kabupaten Sigi",
           "Kabupaten Banyuasin")
PEOPLE = ("Hendra Saputra", "Yuliana Pratiwi", "Agus Salim Nasution", "Dewi Kartika Sari", "Muhammad Ridwan",
          "Sri Handayani", "Fajar Nugroho", "Nur Aisyah", "Bambang Irawan", "Ratna Komalasari")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


@dataclass(frozen=True)
class UnseenDoc:
    kind: str
    register: str
    dip_type: str | None
    ground: str | None
    text: str


class _C:
    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.office = r.choice(OFFICES)
        self.town = self.office.split(" ", 1)[1]
        self.year = r.choice((2023, 2024, 2025))
        self.date = f"{r.randint(1, 28)} {r.choice(MONTHS)} {self.year}"

    def who(self) -> str:
        return self.r.choice(PEOPLE)

    def para(self, *s: str) -> list[str]:
        return [*_wrap(" ".join(s)), ""]


def _uu_pemilu(c: _C) -> UnseenDoc:
    lines = ["UNDANG-UNDANG REPUBLIK INDONESIA", "NOMOR 7 TAHUN 2017", "TENTANG", "PEMILIHAN UMUM", "",
             "(Kutipan Ketentuan Pidana untuk Bahan Sosialisasi)", "",
             "Pasal 510", *_wrap("Setiap orang yang dengan sengaja menyebabkan orang lain kehilangan hak pilihnya "
                                 "dipidana dengan pidana penjara paling lama 2 (dua) tahun dan denda paling banyak "
                                 "Rp24.000.000,00."), "",
             "Pasal 515", *_wrap("Setiap orang yang dengan sengaja pada saat pemungutan suara menjanjikan atau "
                                 "memberikan uang atau materi lainnya kepada Pemilih dipidana dengan pidana penjara "
                                 "paling lama 3 (tiga) tahun dan denda paling banyak Rp36.000.000,00."), "",
             "Pasal 520", *_wrap("Setiap orang yang dengan sengaja membuat surat atau dokumen palsu dengan maksud "
                                 "untuk memakai atau menyuruh orang memakai dipidana dengan pidana penjara paling "
                                 "lama 6 (enam) tahun."), "",
             *c.para(f"Kutipan ini disebarluaskan oleh KPU {c.office} sebagai bahan sosialisasi kepada "
                     "masyarakat agar tidak terjadi tindak pidana pemilu.")]
    return UnseenDoc("kutipan_uu_pemilu", "DIP", "setiap_saat", None, "\n".join(lines))


def _uu_pdp(c: _C) -> UnseenDoc:
    lines = ["UNDANG-UNDANG REPUBLIK INDONESIA", "NOMOR 27 TAHUN 2022", "TENTANG", "PELINDUNGAN DATA PRIBADI", "",
             "BAB II JENIS DATA PRIBADI", "Pasal 4",
             "(1) Data Pribadi terdiri atas Data Pribadi yang bersifat spesifik dan umum.",
             *_wrap("(2) Data Pribadi yang bersifat spesifik meliputi data dan informasi kesehatan, data biometrik, "
                    "data genetika, catatan kejahatan, data anak, data keuangan pribadi, dan data lainnya."),
             *_wrap("(3) Data Pribadi yang bersifat umum meliputi nama lengkap, jenis kelamin, kewarganegaraan, "
                    "agama, status perkawinan, dan Data Pribadi yang dikombinasikan untuk mengidentifikasi "
                    "seseorang."), "",
             "Pasal 67", *_wrap("Setiap Orang yang dengan sengaja dan melawan hukum mengungkapkan Data Pribadi yang "
                                "bukan miliknya dipidana dengan pidana penjara paling lama 4 (empat) tahun."), "",
             *c.para(f"Disalin untuk bahan bimbingan teknis petugas PPID KPU {c.office} tahun {c.year}.")]
    return UnseenDoc("kutipan_uu_pdp", "DIP", "setiap_saat", None, "\n".join(lines))


def _pkpu_dik(c: _C) -> UnseenDoc:
    lines = ["PERATURAN KOMISI PEMILIHAN UMUM", "NOMOR 22 TAHUN 2023", "TENTANG",
             "PENGELOLAAN DAN PELAYANAN INFORMASI PUBLIK", "DI LINGKUNGAN KOMISI PEMILIHAN UMUM", "",
             "Pasal 24", *_wrap("(1) PPID melakukan uji konsekuensi terhadap informasi yang dikecualikan "
                                "sebagaimana dimaksud dalam Pasal 17 Undang-Undang Nomor 14 Tahun 2008."),
             *_wrap("(2) Informasi yang dikecualikan antara lain informasi yang dapat menghambat proses penegakan "
                    "hukum, rahasia pribadi, memorandum yang bersifat rahasia, dan data pribadi pemilih berupa "
                    "NIK dan nomor KK secara lengkap."), "",
             "Pasal 25", *_wrap("Hasil uji konsekuensi dituangkan dalam lembar pengujian konsekuensi dan "
                                "ditetapkan dengan keputusan."), "",
             *c.para(f"Salinan ini diunggah pada laman PPID KPU {c.office}.")]
    return UnseenDoc("kutipan_pkpu", "DIP", "setiap_saat", None, "\n".join(lines))


def _putusan_dkpp(c: _C) -> UnseenDoc:
    n = c.r.randint(10, 300)
    lines = ["PUTUSAN", f"Nomor {n}-PKE-DKPP/{c.r.choice(('III', 'VI', 'IX'))}/{c.year}",
             "DEWAN KEHORMATAN PENYELENGGARA PEMILU", "REPUBLIK INDONESIA", "",
             *c.para(f"Memeriksa dan memutus pengaduan yang diajukan oleh {c.who()} sebagai Pengadu terhadap "
                     f"{c.who()}, Ketua KPU {c.office}, sebagai Teradu."),
             *c.para("Pengadu mendalilkan Teradu tidak profesional dalam rekapitulasi dan diduga menerima "
                     "imbalan dari peserta pemilu. Teradu membantah seluruh dalil Pengadu dalam sidang "
                     "pemeriksaan."),
             "MEMUTUSKAN", "1. Mengabulkan pengaduan Pengadu untuk sebagian;",
             "2. Menjatuhkan sanksi peringatan keras kepada Teradu;",
             "3. Memerintahkan KPU melaksanakan putusan ini paling lama tujuh hari.", "",
             *c.para(f"Putusan ini dibacakan dalam sidang terbuka untuk umum pada tanggal {c.date}.")]
    return UnseenDoc("putusan_dkpp_lain", "DIP", "setiap_saat", None, "\n".join(lines))


def _putusan_ki(c: _C) -> UnseenDoc:
    lines = ["PUTUSAN", f"Nomor: {c.r.randint(1, 90):03d}/{c.r.choice(('IV', 'VII'))}/KI-PROV/PS-A/{c.year}",
             "KOMISI INFORMASI PROVINSI", "", "DEMI KEADILAN BERDASARKAN KETUHANAN YANG MAHA ESA", "",
             *c.para(f"Sengketa informasi publik antara {c.who()} sebagai Pemohon dan KPU {c.office} sebagai "
                     "Termohon mengenai permintaan salinan formulir hasil penghitungan suara."),
             *c.para("Termohon menyatakan sebagian informasi memuat data pribadi sehingga dikecualikan. Majelis "
                     "berpendapat formulir hasil penghitungan suara adalah informasi terbuka setelah data "
                     "pribadi dihitamkan."),
             "MEMUTUSKAN", "Mengabulkan permohonan Pemohon untuk seluruhnya.", "",
             *c.para(f"Diputuskan dalam musyawarah Majelis Komisioner pada {c.date} dan dibacakan dalam sidang "
                     "terbuka untuk umum.")]
    return UnseenDoc("putusan_komisi_informasi", "DIP", "setiap_saat", None, "\n".join(lines))


def _putusan_pn(c: _C) -> UnseenDoc:
    lines = ["PUTUSAN", f"Nomor {c.r.randint(20, 400)}/Pid.Sus/{c.year}/PN", "", "DEMI KEADILAN", "",
             *c.para(f"Pengadilan Negeri yang mengadili perkara pidana pemilu dengan acara pemeriksaan biasa "
                     f"menjatuhkan putusan dalam perkara Terdakwa {c.who()}, umur 44 tahun, pekerjaan wiraswasta."),
             *c.para("Terdakwa didakwa memberikan uang kepada pemilih pada masa tenang berdasarkan hasil "
                     "penyidikan dan pelimpahan dari Sentra Gakkumdu."),
             "MENGADILI", "1. Menyatakan Terdakwa terbukti bersalah melakukan tindak pidana pemilu;",
             "2. Menjatuhkan pidana penjara selama 8 (delapan) bulan;", "",
             *c.para(f"Diputuskan pada {c.date} dan diucapkan dalam sidang terbuka untuk umum.")]
    return UnseenDoc("putusan_pengadilan", "DIP", "setiap_saat", None, "\n".join(lines))


def _berita_kegiatan(c: _C) -> UnseenDoc:
    lines = [f"KPU {c.town} Gelar Bimbingan Teknis Pemungutan dan Penghitungan Suara", "",
             f"Dipublikasikan: {c.date} | Kategori: Berita", "",
             *c.para(f"KPU {c.office} menggelar bimbingan teknis bagi anggota PPK dan PPS se-{c.office}. "
                     "Kegiatan ini bagian dari program kerja tahunan untuk meningkatkan kualitas penyelenggaraan."),
             *c.para("Ketua KPU menjelaskan bahwa petugas wajib memahami tata cara pengisian formulir hasil. "
                     "Sebanyak 240 peserta mengikuti kegiatan selama dua hari."),
             "Tag: bimtek, PPK, PPS"]
    return UnseenDoc("berita_kegiatan", "DIP", "berkala", None, "\n".join(lines))


def _berita_banjir(c: _C) -> UnseenDoc:
    lines = ["PENGUMUMAN SEGERA", f"KPU {c.town} Tunda Pemungutan Suara di Tiga TPS Akibat Banjir", "",
             f"Dipublikasikan: {c.date} | Kategori: Informasi Serta Merta", "",
             *c.para("Banjir setinggi satu meter merendam tiga TPS di Desa Sungai Rambutan sejak dini hari. "
                     "Demi keselamatan pemilih dan petugas, pemungutan suara di TPS tersebut ditunda."),
             *c.para("Pemungutan suara susulan akan diumumkan kemudian. Warga diminta menjauhi lokasi banjir "
                     "dan mengikuti arahan BPBD.")]
    return UnseenDoc("berita_banjir", "DIP", "serta_merta", None, "\n".join(lines))


def _paparan_dprd(c: _C) -> UnseenDoc:
    lines = [f"PAPARAN KPU {c.office.upper()}", f"RAPAT DENGAR PENDAPAT DENGAN DPRD", "", "Slide 1",
             "Capaian Kinerja Semester I", "- Realisasi anggaran 47,3 % dari pagu",
             "- Pemutakhiran data pemilih berkelanjutan 12 kali", "- Layanan informasi: 38 permohonan", "",
             "Slide 2", "Kendala", "- Keterbatasan gudang logistik", "- Jaringan internet di kecamatan terpencil", "",
             "Slide 3", "Rencana Semester II", "- Evaluasi pemilihan dan penyusunan laporan kinerja", "",
             "Terima kasih"]
    return UnseenDoc("paparan_dprd", "DIP", "berkala", None, "\n".join(lines))


def _laporan_realisasi_prov(c: _C) -> UnseenDoc:
    lines = ["KOMISI PEMILIHAN UMUM PROVINSI", "", "LAPORAN REALISASI ANGGARAN", f"SEMESTER I TAHUN {c.year}", "",
             "Uraian\tPagu\tRealisasi", "Belanja Pegawai\t8.400.000.000\t4.100.250.000",
             "Belanja Barang\t5.900.000.000\t2.350.000.000", "Belanja Modal\t700.000.000\t120.000.000", "",
             *c.para("Laporan ini disusun setiap semester dan diumumkan kepada publik sebagai pertanggungjawaban "
                     "penggunaan anggaran."),
             f"Palembang, {c.date}", "Sekretaris KPU Provinsi,", "", c.who()]
    return UnseenDoc("laporan_realisasi_provinsi", "DIP", "berkala", None, "\n".join(lines))


def _resume_medis(c: _C) -> UnseenDoc:
    lines = [f"RUMAH SAKIT UMUM DAERAH {c.town.upper()}", "RESUME MEDIS PASIEN", "",
             f"Nama Pasien   : {c.who()}", "No. Rekam Medis : 08-44-21", "Diagnosis     : Hipertensi grade II, "
             "gangguan kecemasan", "Terapi        : Amlodipine 10 mg, konseling psikiatri", "",
             *c.para("Pasien dirawat selama lima hari dan dipulangkan dalam keadaan membaik. Pasien disarankan "
                     "kontrol ke poli jiwa dua minggu lagi."),
             f"{c.town}, {c.date}", "Dokter Penanggung Jawab,", "", f"dr. {c.who()}, Sp.PD"]
    return UnseenDoc("resume_medis", "DIK", None, "h", "\n".join(lines))


def _surat_penyidik(c: _C) -> UnseenDoc:
    lines = ["KEPOLISIAN NEGARA REPUBLIK INDONESIA", f"RESOR {c.town.upper()}", "",
             f"Nomor : B/{c.r.randint(100, 999)}/VI/{c.year}/Reskrim", "Perihal : Permintaan Data Dalam Rangka Penyidikan", "",
             *c.para(f"Dalam rangka penyidikan dugaan tindak pidana pemilu dengan tersangka {c.who()}, penyidik "
                     "meminta salinan daftar hadir dan identitas saksi yang telah diperiksa."),
             *c.para("Mengingat penyidikan masih berjalan, isi surat ini agar tidak disebarluaskan."),
             f"{c.town}, {c.date}", "Penyidik,", "", c.who()]
    return UnseenDoc("surat_penyidik", "DIK", None, "a", "\n".join(lines))


def _rincian_penawaran(c: _C) -> UnseenDoc:
    lines = ["PT SINAR CETAK NUSANTARA", "", "RINCIAN HARGA SATUAN PENAWARAN",
             f"Paket: Pencetakan Surat Suara Pemilihan {c.year}", "",
             "Uraian\tVolume\tHarga Satuan", "Kertas HVS 80 gram\t412.000 lembar\tRp 310",
             "Tinta pengaman\t80 kg\tRp 1.250.000", "Ongkos cetak\t412.000 lembar\tRp 95", "",
             *c.para("Harga penawaran ini bersifat rahasia sampai penetapan pemenang dan hanya untuk "
                     "Pokja Pemilihan."),
             "Hormat kami,", "Direktur", c.who()]
    return UnseenDoc("rincian_penawaran", "DIK", None, "b", "\n".join(lines))


def _rekening_honor(c: _C) -> UnseenDoc:
    rows = [f"{i}. {c.who()}\tBank Sumsel Babel\t{c.r.randint(10**11, 10**12 - 1)}" for i in range(1, 8)]
    lines = ["DAFTAR NOMOR REKENING", f"PENERIMA HONORARIUM KPPS {c.office.upper()}", "", "Nama\tBank\tNomor Rekening",
             *rows, "", *c.para("Daftar ini digunakan bendahara untuk transfer honorarium."),
             f"{c.town}, {c.date}", "Bendahara Pengeluaran,", "", c.who()]
    return UnseenDoc("rekening_honor", "DIK", None, "h", "\n".join(lines))


def _nota_rahasia(c: _C) -> UnseenDoc:
    lines = ["KOMISI PEMILIHAN UMUM PROVINSI", "", "NOTA DINAS", f"Nomor : {c.r.randint(10, 99)}/ND/{c.year}",
             "Sifat : RAHASIA", "Hal   : Telaahan Penanganan Dugaan Pelanggaran Anggota", "",
             *c.para(f"Berdasarkan klarifikasi tertutup, anggota KPU {c.office} diduga melanggar kode etik. "
                     "Telaahan ini belum diputuskan dan hanya untuk pimpinan."),
             "Kepala Bagian Hukum,", "", c.who()]
    return UnseenDoc("nota_rahasia", "DIK", None, "i", "\n".join(lines))


def _hasil_psikotes(c: _C) -> UnseenDoc:
    lines = ["LEMBAGA PSIKOLOGI TERAPAN", "LAPORAN HASIL PEMERIKSAAN PSIKOLOGIS", "",
             f"Nama        : {c.who()}", "Keperluan   : Seleksi calon anggota KPU", "",
             "Aspek\tSkor\tKategori", "Stabilitas emosi\t2\tKurang", "Integritas\t4\tBaik",
             "Kemampuan analisis\t3\tCukup", "", *c.para("Kesimpulan: kurang disarankan untuk jabatan yang menuntut "
                                                        "pengambilan keputusan di bawah tekanan."),
             "Psikolog,", "", c.who()]
    return UnseenDoc("hasil_psikotes", "DIK", None, "h", "\n".join(lines))


KINDS: tuple[Callable[[_C], UnseenDoc], ...] = (
    _uu_pemilu, _uu_pdp, _pkpu_dik, _putusan_dkpp, _putusan_ki, _putusan_pn, _berita_kegiatan, _berita_banjir,
    _paparan_dprd, _laporan_realisasi_prov, _resume_medis, _surat_penyidik, _rincian_penawaran, _rekening_honor,
    _nota_rahasia, _hasil_psikotes,
)


def unseen_corpus(*, variants: int = 4, seed: int = 1818) -> list[UnseenDoc]:
    """``variants`` documents of each of the 16 kinds, deterministic for a seed."""
    r = random.Random(seed)
    return [k(_C(r)) for _ in range(variants) for k in KINDS]


def write_unseen(folder: Path, docs: list[UnseenDoc] | None = None) -> list[str]:
    """One ``.txt`` per document and ``labels.csv`` (as :func:`corpus.write_corpus` writes it)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    with (folder / "labels.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "kind", "register", "dip_type", "ground", "trap"])
        for i, d in enumerate(docs if docs is not None else unseen_corpus()):
            name = f"{i:03d}-{d.kind}.txt"
            (folder / name).write_text(d.text + "\n", encoding="utf-8")
            w.writerow([name, d.kind, d.register, d.dip_type or "", d.ground or "", "false"])
            names.append(name)
    return names
