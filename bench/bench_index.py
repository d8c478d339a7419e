"""Full-text index benchmark: rebuild rate, memory, index size and query latency at 20,000 documents.

A fresh home (``pindai init``) gets N generated documents (default 20,000) of
about 500 words of Indonesian election-office text each, written straight
into the catalogue with ``Catalog.commit_documents`` (one transaction per
500 documents, no OCR), in a child process. The index queue it fills is then
emptied, so that all indexing is done, and measured, by a rebuild:

1. **rebuild**: ``pindai index rebuild --home DIR`` as a child process: wall
   time, documents/s, CPU (``os.wait4``: the rebuild and its reaped workers),
   the time of each committed batch (from its progress marker), and peak
   memory: PSS summed over the rebuild's process tree, sampled every 0.25 s
   (this process stays small until then: Linux counts a parent's high-water
   RSS into a child's ``ru_maxrss`` at exec);
2. **index size** on disk: public, exempt, total;
3. **query latency** in-process, ``index.search(home, q, exempt=True,
   limit=10)`` (both sides, snippets included), after one warm-up query, for
   each class of queries: single term (word forms that stemming must bring
   together), exact phrase (2-3 words that occur), boolean + filter
   (AND/OR/NOT with ``unit``/``year``/``register``), and fuzzy (OCR-damaged
   words, ``fuzzy=True``; no target): p50 / p95 / max ms;
4. **end to end**: ``pindai search --home DIR pemutakhiran`` as a subprocess,
   median of 5 (Python start-up and imports included), next to
   ``pindai --version`` for the start-up alone;
5. ``pindai index check --json``: whether catalogue and indexes agree;
6. where rebuild time goes: 1,000-document batches redone in-process, in
   one process, into a scratch index, split into catalogue reads + metadata,
   Whoosh ``add_document`` (analysis with Sastrawi stemming, posting
   buffers) and ``commit`` (segment writing), with a cold and a warm stem
   cache, plus a cProfile of a warm batch. The rebuild itself may spread
   ``add_document``/``commit`` over worker processes; the work per document
   is the same.

Targets (PASS/MISS): p95 < 50 ms for term and phrase queries; rebuild under
5 minutes in under 1 GB of memory (PSS of all its processes). It always exits 0: it is a benchmark, not
a test.

Run::

    .venv/bin/python bench/bench_index.py [--docs 20000] [--keep DIR] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PINDAI = BIN / "pindai"
CORES = 2  # the deployment target

TARGET_P95_MS = 50.0  # term and phrase queries, p95, at 20,000 documents
TARGET_REBUILD_S = 300.0  # rebuild of 20,000 documents
TARGET_RSS_MB = 1024.0  # peak RSS of the rebuild
FILL_BATCH = 500  # documents per commit_documents transaction
WORDS_PER_DOC = 500

sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))
from _measure import host_busy  # stdlib only: keeps this process small


def say(msg: str) -> None:
    """A progress line on stderr."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- word pools

#: Function words, most frequent first (several are pindai's stop words).
FUNCTION_WORDS = """
yang dan di dalam untuk dengan pada dari ke ini sebagai oleh atau tersebut telah akan adalah
bahwa tidak serta kepada sesuai juga dapat agar bagi hal secara terhadap sudah karena maka
berdasarkan sebagaimana dimaksud melalui mengenai antara setiap masing para ada lebih itu
atas hingga sampai sejak selama apabila jika guna sehingga namun yaitu yakni antara lain
""".split()  # noqa: SIM905 - a word pool reads best as text

#: root: derivation codes. V = meN-, N = peN-, di, ter, ber, ke, per; suffixes -kan, -i, -an.
ROOTS = """
tetap:Vkan,dikan,Nan,kean,ter pilih:V,di,N,Nan,an,ter mutakhir:Vkan,dikan,Nan,kean
hitung:V,di,Nan,peran,an,ter umum:Vkan,dikan,Nan laksana:Vkan,dikan,Nan,N,ter
kirim:Vkan,dikan,Nan,an terima:V,di,Nan,N periksa:V,di,Nan,N sampai:Vkan,dikan,Nan
susun:V,di,Nan,an,ter usul:Vkan,dikan,Nan,an atur:V,di,Nan,peran,an,ter
putus:Vkan,dikan,kean,an bentuk:V,di,Nan,an,ber angkat:V,di,Nan daftar:V,dikan,Nan,ter
catat:V,di,Nan,an,ter lapor:Vkan,dikan,Nan,an,N awas:Vi,dii,Nan,N
selenggara:Vkan,dikan,Nan,N tugas:Vkan,dikan,Nan,ber,pe kerja:ber,Vkan,dikan,pean
guna:Vkan,dikan,Nan,N kelola:V,di,Nan,N ada:Vkan,dikan,Nan,kean bayar:V,dikan,Nan
biaya:Vi,dii,Nan anggar:dikan,Nan,an rencana:Vkan,dikan,peran setuju:Vi,dii,peran
hadir:Vi,dii,kean undang:V,di,an,peran saksi:Vkan,dikan,kean tolak:V,di,Nan
benar:Vkan,kean,Nan baik:memperi,diperi,peran,kean ubah:V,di,peran tambah:Vkan,dikan,Nan,an
kurang:Vi,dii,Nan,kean pindah:Vkan,dikan,Nan,an hapus:V,di,Nan cetak:V,di,Nan,an
simpan:V,di,Nan,an jaga:V,di,Nan aman:Vkan,dikan,Nan,kean tunjuk:V,di,Nan,pe
minta:V,di,peran mohon:V,di,peran,N buka:V,di,Nan,ter tutup:V,di,Nan,ter sah:Vkan,dikan,Nan
teliti:V,di,Nan,N calon:Vkan,dikan,Nan serah:Vkan,dikan,Nan sesuai:Vkan,dikan,Nan
tentu:Vkan,dikan,kean,Nan nilai:V,di,Nan latih:V,di,pean,an kembang:Vkan,Nan,perkan
bangun:V,Nan,an ganti:V,di,Nan,N,peran lantik:V,di,pean sumpah:ber,Nan tempat:Vkan,dikan,Nan
cocok:Vkan,dikan,Nan data:V,di,Nan kunjung:Vi,an banding:Vkan,peran selesai:Vkan,dikan,Nan
jawab:V,di,an tanya:ber,peran,an kecuali:dikan,Nan arsip:Vkan,dikan,Nan,kean salin:V,di,an
pinjam:V,Nan cair:Vkan,dikan,Nan hibah:Vkan,dikan beli:V,Nan belanja:Vkan,peran
potong:V,di,Nan,an setor:Vkan,dikan,Nan temu:Vkan,dikan,an,Nan langgar:V,di,Nan
adu:V,Nan,N aju:Vkan,dikan,Nan sidang:ber,peran rekomendasi:Vkan,dikan serta:Vkan,dii,pe dukung:V,di,an,N
syarat:peran,Vkan lengkap:Vi,dii,kean kumpul:Vkan,dikan,Nan,an pungut:V,di,Nan
coblos:V,di,Nan rusak:V,kean segel:V,di,Nan kunci:V,di angkut:V,di,Nan antar:Vkan,dikan,N
kawal:V,di,Nan hasil:Vkan,dikan tulis:V,di,Nan,an baca:V,di,Nan,an muat:V,di,an
terbit:Vkan,dikan,Nan sebar:Vkan,dikan,Nan pasang:V,di,Nan jadwal:Vkan,dikan,Nan
tahap:an,ber giat:kean jabat:V,an,pe sebab:Vkan,dikan,N akibat:Vkan tingkat:Vkan,dikan,Nan,an
capai:V,di,Nan tunda:V,di,Nan ulang:V,di,Nan lanjut:Vkan,dikan,an,kean mulai:V,di,peran
akhir:Vi,dii,ber batas:Vi,dii,Nan,peran jumlah:ber,Vkan rinci:V,di,an,pean jelas:Vkan,dikan,Nan,kean
nyata:Vkan,dikan,peran,kean terang:Vkan,dikan,kean tuju:an,dikan lampir:Vkan,dikan,an,ter
tembus:an patuh:Vi,kean tertib:Vkan,Nan,kean adil:kean,Vi,Nan wakil:Vi,peran,dii
ketua:Vi,dii anggota:kean uang:kean duduk:N,kean,Vi penuh:Vi,dii,Nan ganda:Vkan,Nan
urus:V,di,Nan,an,N edar:Vkan,dikan,an,per koordinasi:ber,Vkan,dikan verifikasi:V,di
sosialisasi:Vkan,dikan distribusi:Vkan,dikan,Nan rekap:di tanda:Vi,dii,ter didik:Nan,N
informasi:Vkan,dikan dokumen:Nan,Vkan sengketa:ber,peran kampanye:ber uji:V,di,Nan,an
rekrut:V,di,Nan seleksi:V,di cek:Nan,di,V tegas:Vkan,dikan,Nan tanggap:Vi,an
tanggung:Vkan,dikan,peran,ber ikut:Vi,dii,an,peN bantu:V,di,an,Nan,N tindak:Vkan,dikan,an
proses:V,di ukur:V,di,Nan,an,ter timbang:V,di,peran,an tanda:Vi tulis:ter rapat:Vkan,dikan
ikat:V,di,an,peran,ter ingat:Vkan,dikan,peran,N bina:V,di,Nan,N dorong:V,di,an,N harap:Vkan,dikan,an
lindung:Vi,dii,peran tanam:V,di,Nan,an beri:Vkan,dikan,Nan,N hubung:Vi,dii,an,ber,N
padu:Vkan,dikan,Nan,ter pakai:V,di,Nan,an,N tampil:Vkan,dikan,Nan,ter sedia:Vkan,dikan,Nan,ter,per
rekam:V,di,Nan,an,ter kaji:di,an pantau:V,di,Nan,N gabung:V,di,Nan,an,ber
pisah:Vkan,dikan,Nan,ter sampul:V,di hadap:Vi,dii,an,ber,peN letak:Vkan,dikan,Nan,ter
kembali:Vkan,dikan,Nan,se bagi:V,di,Nan,an,ter mudah:Vkan,dikan,kean,Nan manfaat:Vkan,dikan,ber
wujud:Vkan,dikan,ter,per pegang:V,di,an,N,ber sumbang:Vkan,Nan,an,N tawar:Vkan,Nan,an
rangkum:V,di,an,Nan tanggal:ber,pe kelompok:Vkan,dikan,Nan,ber tagih:V,di,Nan,an
sebut:Vkan,dikan,an ulas:V,di,an pecah:Vkan,dikan,Nan,ter henti:Vkan,dikan,Nan,ber,per
jamin:V,di,Nan,an,N landas:Vi,dii,an turun:Vkan,dikan,Nan,an pilah:V,di,Nan
""".split()  # noqa: SIM905 - a word pool reads best as text

#: The commonest content words of the office, in order: the head of the Zipf curve.
CORE_WORDS = """
pemilih pemilihan suara rapat daftar kecamatan data keputusan surat kegiatan laporan ketua
anggota desa kabupaten hasil panitia
""".split()  # noqa: SIM905 - a word pool reads best as text

#: Nouns and adjectives of the domain that are used as they are.
DOMAIN_WORDS = """
pemilu pemilih suara kecamatan kelurahan desa kabupaten kota provinsi rapat pleno terbuka
anggaran rekapitulasi sertifikat formulir model kotak bilik tinta surat berita acara logistik
partai politik calon kursi dapil daerah wilayah penduduk warga masyarakat publik informasi
sekretariat sekretaris bendahara kepala bagian sub teknis hukum keuangan umum kantor aula
gudang kendaraan komputer printer kertas sampul segel hologram honorarium perjalanan dinas
harian transport konsumsi belanja barang jasa pegawai jabatan golongan pangkat nip
presiden gubernur bupati walikota legislatif dewan perwakilan rakyat kepala daerah
pasal ayat huruf angka lampiran peraturan undang-undang keputusan instruksi edaran pedoman
petunjuk teknis juknis bimtek rakor monitoring evaluasi supervisi laporan dokumen arsip
salinan asli fotokopi stempel cap paraf tembusan perihal sifat segera biasa penting rahasia
hari tanggal bulan pukul waktu tempat alamat jalan nomor telepon pos elektronik laman
januari februari maret april mei juni juli agustus september oktober november desember
senin selasa rabu kamis jumat sabtu minggu pagi siang sore malam wib
ketua anggota komisioner divisi ppk pps kpps ppdp pantarlih bawaslu panwaslu dkpp
disabilitas pemula tambahan khusus sementara tetap hasil akhir ulang lanjutan susulan
sah tidak sah rusak keliru cacat sisa cadangan kurang lebih cukup lengkap benar
negara daerah pusat nasional lokal tingkat tahapan jadwal program kegiatan sasaran target
realisasi capaian kinerja indikator output outcome rencana strategis tahunan triwulan semester
ekonomi sosial budaya agama pendidikan kesehatan keamanan ketertiban kerahasiaan
pribadi identitas nik kartu keluarga akta kelahiran kematian perkawinan domisili status
laki perempuan jumlah total rata persentase persen orang lembar buah unit paket set
kejaksaan kepolisian pengadilan mahkamah konstitusi sentra gakkumdu pidana administrasi
""".split()  # noqa: SIM905 - a word pool reads best as text

FIRST_NAMES = """
Ahmad Budi Siti Dewi Rahmat Sri Agus Hendra Yuliana Fitri Rudi Andi Dian Eko Wahyu Nur
Indah Hasan Ratna Joko Lestari Bambang Ani Taufik Rina Yusuf Maya Irwan Wati Slamet Rini
Hadi Novi Arif Tuti Firman Yanti Zulkifli Sari Syahrul Mega Herman Lina Darmawan Putri
Anton Nining Samsul Evi Mulyadi Ratih Sukardi Desi Imam Yeni Rizal Dina Ferry Ayu Jamal
Kartini Subagyo Melati Suparman Endang Marlina Teguh Fauzi Ernawati Iskandar Wulan Asep
""".split()  # noqa: SIM905 - a word pool reads best as text

LAST_NAMES = """
Saputra Wijaya Siregar Nasution Harahap Lubis Simanjuntak Pratama Santoso Hidayat Kurniawan
Setiawan Gunawan Susanto Hakim Rahman Syahputra Situmorang Pane Daulay Ritonga Tanjung
Sembiring Ginting Tarigan Hutapea Panjaitan Sinaga Manurung Purba Effendi Rasyid Halim
Fauzan Maulana Firdaus Ramadhan Prasetyo Wibowo Utomo Suryadi Hartono Salim Baharuddin
Marpaung Nainggolan Damanik Sihombing Pulungan Batubara Matondang Hasibuan Rangkuti
""".split()  # noqa: SIM905 - a word pool reads best as text

KABUPATEN = """
Lahat Muara_Enim Ogan_Ilir Banyuasin Musi_Rawas Empat_Lawang Pagar_Alam Prabumulih
Lubuklinggau Ogan_Komering_Ulu Musi_Banyuasin Penukal_Abab Ogan_Komering_Ilir
""".split()  # noqa: SIM905 - a word pool reads best as text

PLACE_HEADS = """
Sungai Tanjung Muara Air Talang Suka Karang Padang Bukit Lubuk Pulau Tebing Batu Gunung Kota
Rantau Tanah Danau Simpang Teluk
""".split()  # noqa: SIM905 - a word pool reads best as text
SYLLABLES = """
ja ya ma ra sa ka ta pa la na ba da ga ri ti mu lu bu ngin raya jaya baru lama agung indah
makmur sari rejo mulyo harjo tengah ilir ulu
""".split()  # noqa: SIM905 - a word pool reads best as text

UNITS = ("Umum", "Teknis", "Hukum", "Keuangan", "Logistik", "Perencanaan", "SDM", "Parmas")
UNIT_WEIGHTS = (22, 24, 12, 14, 10, 6, 7, 5)

#: Fixed expressions of office and election text, most frequent first: what phrase search finds.
COLLOCATIONS = [
    "komisi pemilihan umum", "rapat pleno terbuka", "daftar pemilih tetap", "berita acara",
    "tempat pemungutan suara", "panitia pemilihan kecamatan", "pemutakhiran data pemilih",
    "sesuai dengan ketentuan peraturan perundang-undangan", "rekapitulasi hasil penghitungan suara",
    "panitia pemungutan suara", "kelompok penyelenggara pemungutan suara", "surat suara",
    "kotak suara", "daftar pemilih sementara", "daftar pemilih tambahan", "daftar pemilih khusus",
    "sekretariat komisi pemilihan umum", "kepala sub bagian", "rapat pleno", "data pemilih",
    "badan ad hoc", "pembentukan badan ad hoc", "alat peraga kampanye", "tinta sidik jari",
    "bilik suara", "badan pengawas pemilihan umum", "peraturan komisi pemilihan umum",
    "undang-undang nomor 7 tahun 2017", "naskah perjanjian hibah daerah", "dana hibah",
    "anggaran pendapatan dan belanja daerah", "laporan pertanggungjawaban", "surat pertanggungjawaban",
    "barang milik negara", "pengadaan barang dan jasa", "rencana kerja dan anggaran",
    "daftar isian pelaksanaan anggaran", "ketua komisi pemilihan umum", "pejabat pengelola informasi dan dokumentasi",
    "informasi publik", "informasi yang dikecualikan", "uji konsekuensi", "keberatan atas informasi",
    "sengketa informasi", "pencocokan dan penelitian", "pemilih pemula", "pemilih disabilitas",
    "nomor induk kependudukan", "kartu tanda penduduk elektronik", "kartu keluarga",
    "dinas kependudukan dan pencatatan sipil", "seleksi calon anggota", "partai politik peserta pemilihan umum",
    "calon anggota dewan perwakilan rakyat daerah", "pemilihan kepala daerah",
    "pemilihan gubernur dan wakil gubernur", "pemilihan bupati dan wakil bupati",
    "pemungutan suara ulang", "penghitungan suara ulang", "gudang logistik", "distribusi logistik",
    "sosialisasi dan pendidikan pemilih", "partisipasi masyarakat", "pemutakhiran data pemilih berkelanjutan",
    "tanda terima", "surat keputusan", "surat tugas", "nota dinas", "surat edaran",
    "dengan ini menyatakan", "demikian berita acara ini dibuat", "untuk dipergunakan sebagaimana mestinya",
    "atas perhatian dan kerja sama", "diucapkan terima kasih", "bertempat di aula kantor",
    "rapat koordinasi", "bimbingan teknis", "tahapan pemilihan", "jadwal tahapan", "daerah pemilihan",
    "alokasi kursi", "penetapan calon terpilih", "perolehan suara", "saksi peserta pemilihan",
    "pengawas tempat pemungutan suara", "salinan keputusan", "hasil pemeriksaan", "rencana kebutuhan",
    "honorarium badan ad hoc", "perjalanan dinas", "uang harian", "belanja barang", "belanja pegawai",
    "kas negara", "pajak penghasilan", "tahun anggaran", "petugas pemutakhiran data pemilih",
    "rekapitulasi daftar pemilih tetap", "penetapan rekapitulasi", "pleno penetapan",
    "pemilih yang memenuhi syarat", "pemilih yang tidak memenuhi syarat", "pemilih meninggal dunia",
    "pindah domisili", "ganda identitas", "di bawah umur", "berita acara serah terima",
    "laporan hasil pemeriksaan", "tindak lanjut rekomendasi", "sanksi administratif",
    "kode etik penyelenggara pemilihan umum", "dewan kehormatan penyelenggara pemilihan umum",
]

DOC_KINDS = [
    ("KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN {KAB}", 14), ("BERITA ACARA", 18),
    ("PENGUMUMAN", 10), ("NOTA DINAS", 12), ("SURAT EDARAN", 5), ("LAPORAN", 10), ("UNDANGAN", 8),
    ("SURAT TUGAS", 8), ("NOTULEN RAPAT", 7), ("PERJANJIAN KERJA SAMA", 3), ("SURAT PERNYATAAN", 5),
]

TOPICS = [
    "PENETAPAN DAFTAR PEMILIH TETAP", "REKAPITULASI HASIL PENGHITUNGAN SUARA",
    "PEMBENTUKAN PANITIA PEMILIHAN KECAMATAN", "PEMUTAKHIRAN DATA PEMILIH BERKELANJUTAN",
    "PENGADAAN DAN DISTRIBUSI LOGISTIK PEMILIHAN", "PENGGUNAAN DANA HIBAH PEMILIHAN",
    "PENETAPAN CALON TERPILIH", "PENGANGKATAN PETUGAS PEMUTAKHIRAN DATA PEMILIH",
    "PEMBERHENTIAN ANGGOTA PANITIA PEMUNGUTAN SUARA", "RAPAT PLENO TERBUKA REKAPITULASI",
    "PELAKSANAAN BIMBINGAN TEKNIS", "PENYAMPAIAN LAPORAN PERTANGGUNGJAWABAN",
    "PENGELOLAAN INFORMASI PUBLIK", "UJI KONSEKUENSI INFORMASI YANG DIKECUALIKAN",
    "PERJALANAN DINAS", "PEMERIKSAAN KOTAK SUARA", "PENCOCOKAN DAN PENELITIAN DATA PEMILIH",
    "PENETAPAN JADWAL TAHAPAN", "SOSIALISASI DAN PENDIDIKAN PEMILIH", "PEMUNGUTAN SUARA ULANG",
    "PENGHAPUSAN BARANG MILIK NEGARA", "PENYUSUNAN RENCANA KERJA DAN ANGGARAN",
    "TINDAK LANJUT HASIL PEMERIKSAAN", "PEMERIKSAAN DUGAAN PELANGGARAN KODE ETIK",
]

MONTHS = """
Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember
""".split()  # noqa: SIM905 - a word pool reads best as text


def _nasal(root: str, pre: str) -> str:
    """meN-/peN- with Indonesian nasal assimilation: tetap → menetap, sampai → menyampai."""
    c, rest = root[0], root[1:]
    two = root[:2]
    if c in "aeiou":
        return pre + "ng" + root
    if c == "k" and two != "kh":
        return pre + "ng" + rest
    if c in "gh" or two == "kh":
        return pre + "ng" + root
    if c == "p" and two != "pr":
        return pre + "m" + rest
    if c in "bfv" or two == "pr":
        return pre + "m" + root
    if c == "t" and two != "tr":
        return pre + "n" + rest
    if c in "dcjz" or two == "tr":
        return pre + "n" + root
    if two == "sy":
        return pre + "n" + root
    if c == "s" and two not in ("st", "sk", "sp"):
        return pre + "ny" + rest
    return pre + root


def derive(root: str, code: str) -> str:
    """One derived form of ``root``; ``code`` as in :data:`ROOTS`."""
    forms = {
        "V": lambda: _nasal(root, "me"), "Vkan": lambda: _nasal(root, "me") + "kan",
        "Vi": lambda: _nasal(root, "me") + "i", "di": lambda: "di" + root,
        "dikan": lambda: "di" + root + "kan", "dii": lambda: "di" + root + "i",
        "N": lambda: _nasal(root, "pe"), "peN": lambda: _nasal(root, "pe"),
        "Nan": lambda: _nasal(root, "pe") + "an", "kean": lambda: "ke" + root + "an",
        "an": lambda: root + "an", "ter": lambda: ("te" if root[0] == "r" else "ter") + root,
        "ber": lambda: ("be" if root[0] == "r" else "ber") + root, "se": lambda: "se" + root,
        "pe": lambda: "pe" + root, "pean": lambda: "pe" + root + "an",
        "peran": lambda: "per" + root + "an", "per": lambda: "per" + root,
        "perkan": lambda: "memper" + root + "kan", "memperi": lambda: "memper" + root + "i",
        "diperi": lambda: "diper" + root + "i",
    }
    return forms[code]()


# --------------------------------------------------------------------------- the generated corpus


def _zipf_cdf(n: int, s: float = 1.05, q: float = 2.7) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights 1/(rank+q)^s over ``n`` ranks."""
    acc, out = 0.0, []
    for r in range(n):
        acc += 1.0 / (r + 1 + q) ** s
        out.append(acc)
    return [x / acc for x in out]


class Corpus:
    """Deterministic generator of plausible office documents (text and catalogue fields).

    Words are drawn from three Zipf-distributed pools: function words; content
    words (domain nouns, every derived form of ~230 roots, names and places:
    a few thousand words); and fixed expressions (:data:`COLLOCATIONS`).
    """

    def __init__(self, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.seed = seed
        self.roots: dict[str, list[str]] = {}
        for item in ROOTS:
            root, codes = item.split(":")
            self.roots[root] = [derive(root, c) for c in codes.split(",")]
        derived = sorted({f for forms in self.roots.values() for f in forms} - set(DOMAIN_WORDS))
        domain = list(dict.fromkeys(DOMAIN_WORDS))
        names = sorted({(a + b + c).capitalize() for a in SYLLABLES for b in SYLLABLES for c in ("", "", *SYLLABLES[:6])
                        if a != b and len(a + b + c) <= 11})
        rng.shuffle(names)
        names = names[:1800]
        self.places = [f"{rng.choice(PLACE_HEADS)} {n}" for n in names]
        self.people = [f"{a} {b}" for a in FIRST_NAMES for b in LAST_NAMES]
        rng.shuffle(self.people)
        rng.shuffle(domain)
        rng.shuffle(derived)
        # Domain words and derived forms interleave at the head; names and places form the tail.
        head = []
        for i in range(max(len(domain), len(derived))):
            head += [w for w in (domain[i] if i < len(domain) else None,
                                 derived[i] if i < len(derived) else None) if w]
        tail = [p.split()[1] for p in self.places] + LAST_NAMES + FIRST_NAMES
        rng.shuffle(tail)
        self.content = list(dict.fromkeys(CORE_WORDS + head + tail))
        self.proper = set(tail)  # place and person names
        self.content_cdf = _zipf_cdf(len(self.content))
        self.function_cdf = _zipf_cdf(len(FUNCTION_WORDS), s=1.2, q=1.0)
        self.colloc_cdf = _zipf_cdf(len(COLLOCATIONS), s=1.1, q=3.0)
        # Each document has a topic: its own words and expressions come more often.
        self.topics = []
        for t in TOPICS:
            own = [w for w in t.lower().split() if w not in FUNCTION_WORDS]
            pool = list(dict.fromkeys(own + rng.sample(self.content[:1400], 160)))
            colls = [c for c in COLLOCATIONS if any(w in c.split() for w in own)]
            colls = list(dict.fromkeys(colls[:10] + rng.sample(COLLOCATIONS, 8)))
            self.topics.append((t, pool, _zipf_cdf(len(pool)), colls, _zipf_cdf(len(colls))))
        self.kind_cum = _cum([w for _, w in DOC_KINDS])
        self.unit_cum = _cum(list(UNIT_WEIGHTS))

    @staticmethod
    def _draw(rng: random.Random, pool: Sequence[str], cdf: list[float], k: int) -> list[str]:
        return rng.choices(pool, cum_weights=cdf, k=k)

    def sentence(self, rng: random.Random, year: int, topic: int) -> str:
        _, pool, pool_cdf, colls, colls_cdf = self.topics[topic]
        n = rng.randint(8, 22)
        # function word, content word, topic word, expression, topic expression, number/name
        kinds = rng.choices("fctxyn", weights=(40, 24, 24, 3, 6, 3), k=n)
        draws = {
            "f": iter(self._draw(rng, FUNCTION_WORDS, self.function_cdf, kinds.count("f"))),
            "c": iter(self._draw(rng, self.content, self.content_cdf, kinds.count("c"))),
            "t": iter(self._draw(rng, pool, pool_cdf, kinds.count("t"))),
            "x": iter(self._draw(rng, COLLOCATIONS, self.colloc_cdf, kinds.count("x"))),
            "y": iter(self._draw(rng, colls, colls_cdf, kinds.count("y"))),
        }
        words = []
        for k in kinds:
            if k != "n":
                words.append(next(draws[k]))
            else:
                words.append(rng.choice((
                    lambda: str(rng.randint(2, 480)),
                    lambda: f"Rp{rng.randint(1, 900)}.{rng.randint(0, 999):03d}.000,00",
                    lambda: f"TPS {rng.randint(1, 60):03d}",
                    lambda: f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}",
                    lambda: f"Pasal {rng.randint(1, 120)} ayat ({rng.randint(1, 6)})",
                    lambda: f"Kecamatan {rng.choice(self.places)}",
                    lambda: f"Sdr. {rng.choice(self.people)}",
                ))())
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def document(self, i: int) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
        """(page texts, catalogue row fields, suggestion) of document ``i``."""
        rng = random.Random(self.seed * 1_000_003 + i)
        year = rng.randint(2019, 2025)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        kab = rng.choice(KABUPATEN).replace("_", " ")
        kind = rng.choices(DOC_KINDS, cum_weights=self.kind_cum)[0][0].replace("{KAB}", kab.upper())
        topic_no = rng.randrange(len(TOPICS))
        topic = TOPICS[topic_no]
        code = rng.choice(("PL.02.1", "PP.06", "KU.02", "HK.03", "TU.01", "SDM.03", "PY.01"))
        head = [
            f"KOMISI PEMILIHAN UMUM KABUPATEN {kab.upper()}",
            f"Jalan {rng.choice(self.places)} Nomor {rng.randint(1, 200)} {kab} Telepon (0731) {rng.randint(320000, 329999)}",
            kind if rng.random() < 0.5 else f"{kind} {topic}",
            f"Nomor : {rng.randint(1, 999)}/{code}-{kind.split()[0][:3].title()}/{1600 + rng.randint(1, 13)}/{year}",
            f"TENTANG {topic}",
        ]
        target = int(rng.gauss(WORDS_PER_DOC, 60))
        paras, words = [], sum(len(h.split()) for h in head) + 14
        while words < target:
            para = []
            for _ in range(rng.randint(2, 5)):
                s = self.sentence(rng, year, topic_no)
                para.append(s)
                words += len(s.split())
                if words >= target:
                    break
            if rng.random() < 0.2:
                para = [f"{chr(97 + j)}. {s}" for j, s in enumerate(para)]
                paras.append("\n".join(para))
            else:
                paras.append(" ".join(para))
        signer = rng.choice(self.people)
        tail = [f"{kab}, {day} {MONTHS[month - 1]} {year}",
                rng.choice(("KETUA", "SEKRETARIS", "KEPALA SUB BAGIAN TEKNIS", "KEPALA SUB BAGIAN UMUM")),
                signer.upper(), f"Tembusan: Ketua KPU Provinsi Sumatera Selatan; {rng.choice(self.people)}"]
        body = paras
        if len(paras) >= 4 and rng.random() < 0.4:  # two pages
            cut = len(paras) // 2
            pages = ["\n".join(head + body[:cut]), "\n".join(body[cut:] + tail)]
        else:
            pages = ["\n".join(head + body + tail)]
        exempt = rng.random() < 0.3
        unit = rng.choices(UNITS, cum_weights=self.unit_cum)[0]
        if exempt and rng.random() < 0.8:
            register, dip_type, ground, held = "DIK", None, rng.choice("abcdefghij"), True
        elif exempt:
            register, dip_type, ground, held = "DIP", "setiap_saat", None, True
        else:
            register, ground, held = "DIP", None, False
            dip_type = rng.choices(("berkala", "serta_merta", "setiap_saat"), weights=(5, 1, 4))[0]
        side = "exempt" if exempt else "public"
        received = f"{year}-{month:02d}-{min(day + rng.randint(0, 3), 28):02d}T{rng.randint(7, 16):02d}:00:00+07:00"
        name = f"scan-{i + 1:05d}.pdf"
        row = {
            "sha256": hashlib.sha256(f"{self.seed}/{i}".encode()).hexdigest(), "source_name": name,
            "profile": "default", "unit": unit, "input_kind": "pdf",
            "original_path": f"originals/{year}/{name}", "pdfa_path": f"archive/{side}/{year}/{unit}/{name}",
            "pdfa_sha256": hashlib.sha256(f"pdfa/{self.seed}/{i}".encode()).hexdigest(), "pdfa_valid": 1,
            "pdfa_verdict": "pass", "side": side, "status": "usulan", "pages": len(pages),
            "received_at": received, "filed_at": received,
        }
        suggestion = {"register": register, "dip_type": dip_type, "ground": ground,
                      "confidence": round(rng.uniform(0.55, 0.99), 3), "held": held, "evidence": [],
                      "model_version": "bench"}
        return pages, row, suggestion


def _cum(weights: list[int]) -> list[float]:
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


_WORD = re.compile(r"[^\W\d_]+")


def fill(home: Path, n: int, seed: int, vocab_out: Path) -> dict[str, Any]:
    """Write ``n`` generated documents into the home's catalogue; empty the index queue.

    Runs in a child process (``--fill-child``): its memory is not the rebuild's.
    """
    from pindai.catalog import Catalog

    corpus = Corpus(seed)
    t0 = time.perf_counter()
    words = pages = 0
    counts: Counter[str] = Counter()
    with Catalog(home / "catalog.sqlite3") as cat:
        for start in range(0, n, FILL_BATCH):
            docs = []
            for i in range(start, min(start + FILL_BATCH, n)):
                texts, row, suggestion = corpus.document(i)
                page_rows = [{"number": p + 1, "text": t, "confidence": 93.0, "rescan": 0, "born_digital": 0,
                              "quarter_turns": 0, "deskew_angle": 0.0, "perspective": 0}
                             for p, t in enumerate(texts)]
                docs.append((row, page_rows, suggestion))
                pages += len(texts)
                for t in texts:
                    toks = _WORD.findall(t.lower())
                    words += len(t.split())
                    counts.update(toks)
            job = cat.new_job(source=Path(f"/bench/batch-{start // FILL_BATCH:03d}.pdf"),
                              work=Path("/bench/work"), profile="default")
            cat.commit_documents(job_id=job, documents=docs)
            if (start // FILL_BATCH) % 10 == 9:
                say(f"  filled {start + len(docs)}/{n}")
        with cat.atomic() as db:
            queued = db.execute("DELETE FROM index_queue").rowcount
        sides = dict(cat.db.execute("SELECT side, count(*) FROM documents GROUP BY side").fetchall())
    seconds = time.perf_counter() - t0
    vocab_out.write_text(json.dumps(counts.most_common(), ensure_ascii=False))
    db_bytes = sum(p.stat().st_size for p in home.glob("catalog.sqlite3*"))
    return {"docs": n, "pages": pages, "words": words, "words_per_doc": round(words / max(n, 1), 1),
            "distinct_words": len(counts), "seconds": round(seconds, 2),
            "docs_per_s": round(n / seconds, 1) if seconds else None, "queue_cleared": queued,
            "sides": sides, "catalog_mb": round(db_bytes / 2**20, 1)}


# --------------------------------------------------------------------------- rebuild, size, check


def _tree(root: int) -> list[int]:
    """``root`` and its living descendants (from /proc)."""
    parents: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, []))
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KB; (0, 0) when it is gone."""
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return pss, rss


def run_rebuild(home: Path) -> dict[str, Any]:
    """``pindai index rebuild`` as a child: wall, CPU, per-batch times and peak memory.

    The rebuild may run worker processes: memory is the sum over the process
    tree (PSS, so pages shared after fork count once), sampled every 0.25 s;
    ``wait4`` gives the largest single process and the CPU of all of them.
    """
    parent_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    h0, t0 = host_busy(), time.perf_counter()
    peak_pss = peak_rss = peak_procs = 0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([str(PINDAI), "index", "rebuild", "--home", str(home)],
                                stdout=out, stderr=err)
        # Poll the rebuild's progress marker (written after each committed batch) for per-batch times.
        marker = home / "index" / ".rebuild-progress"
        batches: list[tuple[float, int]] = []
        last, next_mem = "", 0.0
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            try:
                now = marker.read_text().strip()
            except OSError:
                now = ""
            if now and now != last:
                batches.append((time.perf_counter() - t0, int(now)))
                last = now
            if time.perf_counter() >= next_mem:
                pids = _tree(proc.pid)
                mem = [_memory_kb(p) for p in pids]
                peak_pss = max(peak_pss, sum(m[0] for m in mem))
                peak_rss = max(peak_rss, sum(m[1] for m in mem))
                peak_procs = max(peak_procs, sum(1 for m in mem if m[1]))
                next_mem = time.perf_counter() + 0.25
            time.sleep(0.05)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    h1 = host_busy()
    m = re.search(r"(\d+) dokumen", stdout)
    return {
        "ok": proc.returncode == 0, "exit": proc.returncode, "wall_s": round(wall, 2),
        "docs": int(m.group(1)) if m else None, "cpu_s": round(ru.ru_utime + ru.ru_stime, 2),
        "peak_pss_mb": round(peak_pss / 1024, 1), "peak_rss_sum_mb": round(peak_rss / 1024, 1),
        "max_processes": peak_procs, "largest_process_rss_mb": round(ru.ru_maxrss / 1024, 1),
        "parent_rss_mb_at_spawn": round(parent_rss_mb, 1),
        "host_busy": round((h1[0] - h0[0]) / (h1[1] - h0[1]), 3) if h1[1] > h0[1] else None,
        "stderr_tail": " ".join(stderr.split())[-400:] if proc.returncode else "",
        # (seconds since start, last document id committed) per committed batch
        "batches": [(round(t, 1), i) for t, i in batches],
    }


def index_size(home: Path) -> dict[str, Any]:
    sizes: dict[str, Any] = {}
    for side in ("public", "exempt"):
        files = [p for p in (home / "index" / side).rglob("*") if p.is_file()]
        sizes[side] = {"mb": round(sum(p.stat().st_size for p in files) / 2**20, 1), "files": len(files),
                       "segments": sum(1 for p in files if p.suffix == ".seg")}
    sizes["total_mb"] = round(sizes["public"]["mb"] + sizes["exempt"]["mb"], 1)
    return sizes


def run_check(home: Path) -> dict[str, Any]:
    proc = subprocess.run([str(PINDAI), "index", "check", "--home", str(home), "--json"],
                          check=False, capture_output=True, text=True, timeout=600)
    try:
        d = json.loads(proc.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return {"ok": False, "exit": proc.returncode, "error": " ".join(proc.stderr.split())[-300:]}
    return {"ok": bool(d.get("ok")) and proc.returncode == 0, "exit": proc.returncode,
            "missing": {k: len(v) for k, v in d.get("missing", {}).items()},
            "extra": {k: len(v) for k, v in d.get("extra", {}).items()}, "queued": d.get("queued")}


def end_to_end(home: Path, runs: int = 5) -> dict[str, Any]:
    """Median wall of ``pindai search`` as a command, and of ``pindai --version`` (start-up alone)."""
    def timed(cmd: list[str]) -> tuple[list[float], subprocess.CompletedProcess[str]]:
        walls, proc = [], None
        for _ in range(runs):
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=300)
            walls.append(time.perf_counter() - t0)
        return walls, proc

    search, proc = timed([str(PINDAI), "search", "--home", str(home), "pemutakhiran"])
    version, _ = timed([str(PINDAI), "--version"])
    first = (proc.stdout.splitlines() or [""])[0]
    return {"query": "pemutakhiran", "runs": runs, "median_s": round(statistics.median(search), 3),
            "min_s": round(min(search), 3), "max_s": round(max(search), 3), "exit": proc.returncode,
            "first_line": first, "version_median_s": round(statistics.median(version), 3)}


# --------------------------------------------------------------------------- queries


OCR_CONFUSIONS = {"l": "1", "i": "l", "o": "0", "e": "c", "a": "o", "n": "m", "u": "v", "s": "5",
                  "b": "h", "t": "f", "r": "n", "g": "q", "m": "n", "k": "h", "d": "a", "p": "q"}


Query = tuple[str, dict[str, Any], str]  # text, search() keywords, label


def make_queries(corpus: Corpus, vocab: list[tuple[str, int]], texts: list[str], per_class: int,
                 seed: int, stem: Any) -> dict[str, list[Query]]:
    """The query classes: term, phrase, boolean+filter, fuzzy; ``per_class`` each, deterministic.

    Fuzzy queries alternate OCR-damaged words that are their own stem ("root") and
    inflected forms ("inflected"), since fuzzy matching meets the indexed stems.
    """
    rng = random.Random(seed)
    stop = set(FUNCTION_WORDS) | {"tahun", "nomor", "se", "nya"}
    derived = {f for forms in corpus.roots.values() for f in forms}
    ranked = [w for w, n in vocab if w not in stop and len(w) >= 4 and n >= 5]
    rank = {w: r for r, w in enumerate(ranked)}
    forms = [w for w in ranked if w in derived]  # word forms stemming has to bring together
    # Selectivity is the stem's: "ditetapkan" finds every form of "tetap".
    per_stem: Counter[str] = Counter()
    for w, n in vocab:
        per_stem[stem(w)] += n
    docs = max(1, sum(n for _, n in vocab) // WORDS_PER_DOC)
    bands = [[w for w in forms if per_stem[stem(w)] >= docs],  # about once per document or more
             [w for w in forms if docs // 10 <= per_stem[stem(w)] < docs],
             [w for w in forms if per_stem[stem(w)] < docs // 10],
             [w for w in ranked if w[:1].upper() + w[1:] in corpus.proper and per_stem[w] < docs // 10]]

    showcase = ["pemutakhiran", "dimutakhirkan", "ditetapkan", "penetapan", "menetapkan", "pemilih",
                "rekapitulasi", "anggaran", "keputusan", "kecamatan"]
    terms = [(w, "showcase") for w in showcase if w in rank]
    while len(terms) < per_class:
        k = len(terms) % 4
        terms.append((rng.choice(bands[k] or forms), ("frequent", "mid", "rare", "name")[k]))

    phrases: list[tuple[str, str]] = []
    multi = [c for c in COLLOCATIONS if len(c.split()) >= 2]
    while len(phrases) < per_class // 2:
        words = rng.choice(multi).split()
        k = min(len(words), rng.choice((2, 3)))
        i = rng.randint(0, len(words) - k)
        phrases.append((" ".join(words[i : i + k]), "expression"))
    tries = 0
    while len(phrases) < per_class and tries < 10_000:  # 2-3 consecutive words of a real document
        tries += 1
        line = rng.choice(rng.choice(texts).splitlines()).split()
        k = rng.choice((2, 3))
        if len(line) < k:
            continue
        i = rng.randint(0, len(line) - k)
        window = [w.strip(".,;:()").lower() for w in line[i : i + k]]
        if all(w.isalpha() for w in window) and not all(w in stop for w in window):
            phrases.append((" ".join(window), "from text"))

    common = [w for w in ranked[:400] if w in derived or w in DOMAIN_WORDS or w in CORE_WORDS]
    years = list(range(2019, 2026))
    boolean: list[tuple[str, dict[str, Any]]] = []
    for j in range(per_class):
        a, b, c = rng.sample(common, 3)
        unit, year, register = rng.choice(UNITS), rng.choice(years), rng.choice(("DIP", "DIK"))
        boolean.append([
            (f"{a} AND {b} NOT {c}", {"unit": unit}),
            (f"({a} OR {b}) AND {c}", {"year": year}),
            (f"{a} NOT {b}", {"register": register}),
            (f'"{rng.choice(phrases[: per_class // 2])[0]}" AND {a}', {"unit": unit, "year": year}),
            (f"{a} {b}", {"year": year, "register": register}),
        ][j % 5])

    fuzzy: list[Query] = []
    vocabulary = set(DOMAIN_WORDS) | set(CORE_WORDS) | set(corpus.roots) | derived
    roots = [w for w in ranked if w in vocabulary and len(w) >= 6 and stem(w) == w]
    inflected = [w for w in [t for t, _ in terms] + forms if len(w) >= 6 and stem(w) != w]
    while len(fuzzy) < per_class:
        label = ("root", "inflected")[len(fuzzy) % 2]
        w = rng.choice(roots if label == "root" else inflected)
        spots = [i for i, ch in enumerate(w) if ch in OCR_CONFUSIONS and 0 < i < len(w) - 1]
        if spots:
            i = rng.choice(spots)
            fuzzy.append((w[:i] + OCR_CONFUSIONS[w[i]] + w[i + 1 :], {"fuzzy": True}, label))

    return {
        "term": [(t, {}, label) for t, label in terms[:per_class]],
        "phrase": [(f'"{p}"', {}, label) for p, label in phrases[:per_class]],
        "boolean+filter": [(q, kw, "") for q, kw in boolean],
        "fuzzy": fuzzy,
    }


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def measure_queries(home: Path, queries: dict[str, list[Query]]) -> dict[str, Any]:
    """Time every query once (after one warm-up), then profile the term and phrase classes."""
    import cProfile
    import pstats

    from pindai import index
    from pindai.config import load_settings

    h = load_settings(home).home
    t0 = time.perf_counter()
    index.search(h, "pemilih", exempt=True, limit=10)  # warm-up: opens both indexes, loads Sastrawi
    warm = time.perf_counter() - t0
    out: dict[str, Any] = {"warmup_ms": round(warm * 1000, 1)}
    for name, qs in queries.items():
        ms, hits, slowest = [], [], ("", 0.0)
        no_hits: Counter[str] = Counter()
        by_label: dict[str, list[tuple[float, int]]] = {}
        for q, kw, label in qs:
            t = time.perf_counter()
            res = index.search(h, q, exempt=True, limit=10, **kw)
            dt = (time.perf_counter() - t) * 1000
            ms.append(dt)
            hits.append(res.total)
            by_label.setdefault(label, []).append((dt, res.total))
            if res.total == 0:
                no_hits[label or "all"] += 1
            if dt > slowest[1]:
                slowest = (_show(q, kw), dt)
        out[name] = {"n": len(ms), "p50_ms": round(pct(ms, 50), 1), "p95_ms": round(pct(ms, 95), 1),
                     "max_ms": round(max(ms), 1), "mean_ms": round(statistics.fmean(ms), 1),
                     "median_hits": statistics.median(hits), "no_hits": sum(no_hits.values()),
                     "no_hits_by_label": dict(no_hits), "labels": dict(Counter(lb for *_, lb in qs if lb)),
                     "slowest": f"{slowest[0]} ({slowest[1]:.0f} ms)",
                     "by_label": {lb: {"n": len(v), "p50_ms": round(pct([x for x, _ in v], 50), 1),
                                       "p95_ms": round(pct([x for x, _ in v], 95), 1),
                                       "median_hits": statistics.median(n for _, n in v)}
                                  for lb, v in by_label.items() if lb},
                     "examples": [_show(q, kw) for q, kw, _ in qs[:3]]}
    # Opening a side's index and searcher, as every index.search call does (no profiler: it is C copying).
    from whoosh import index as windex

    opens = {}
    for side in index.SIDES:
        walls = []
        for _ in range(5):
            t = time.perf_counter()
            with windex.open_dir(str(index.index_dir(h, side))).searcher():
                pass
            walls.append((time.perf_counter() - t) * 1000)
        opens[side] = round(statistics.median(walls), 1)
    out["open_searcher_ms"] = opens
    # Where a search's time goes: the same term and phrase queries again, under cProfile.
    prof = cProfile.Profile()
    prof.enable()
    for name in ("term", "phrase"):
        for q, kw, _ in queries[name]:
            index.search(h, q, exempt=True, limit=10, **kw)
    prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    parts = {
        "index.search": ("pindai/index.py", "search"),
        "open_dir": ("whoosh/index.py", "open_dir"),
        "open searcher (segment readers)": ("whoosh/index.py", "searcher"),
        "parse_query": ("pindai/index.py", "parse_query"),
        "Searcher.search (match, score, top 10)": ("whoosh/searching.py", "search"),
        "len(results) (count all matches)": ("whoosh/searching.py", "__len__"),
        "estimated_length": ("whoosh/searching.py", "estimated_length"),
        "highlights (Whoosh snippets)": ("whoosh/searching.py", "highlights"),
        "snippet (pindai)": ("pindai/index.py", "snippet"),
        "stored fields": ("whoosh/searching.py", "stored_fields"),
    }
    cum = dict.fromkeys(parts, 0.0)
    for (file, _line, fn), (_cc, _nc, _tt, ct, _callers) in stats.items():
        for label, (end, func) in parts.items():
            if file.endswith(end) and fn == func:
                cum[label] = max(cum[label], ct)
    total = cum["index.search"] or 1.0
    out["profile_term_phrase"] = {k: round(v / total, 3) for k, v in cum.items() if k != "index.search"}
    out["profile_term_phrase"]["seconds_under_profiler"] = round(total, 2)
    return out


def _show(q: str, kw: dict[str, Any]) -> str:
    return q + "".join(f" {k}={v}" for k, v in kw.items() if k != "fuzzy")


# --------------------------------------------------------------------------- where rebuild time goes


def rebuild_breakdown(home: Path, scratch: Path, batch: int = 1000) -> dict[str, Any]:
    """Redo rebuild batches in-process into a scratch index, timing their parts.

    Batch 1 with cold caches (as a rebuild starts), batch 2 warm (steady
    state); batch 3 warm again under cProfile. Each batch is what
    ``index.rebuild`` does per ``batch``: ``entry_for`` per document
    (catalogue reads + ``metadata.extract``), ``add_document``, ``commit``.
    """
    import cProfile
    import pstats

    from whoosh import index as windex

    from pindai import index, metadata
    from pindai.catalog import Catalog

    with Catalog(home / "catalog.sqlite3") as cat:
        ids = [r[0] for r in cat.db.execute("SELECT id FROM documents ORDER BY id")]
        size = max(1, min(batch, len(ids) // 3))
        chunks = [ids[k * size : (k + 1) * size] for k in range(3)]
        shutil.rmtree(scratch, ignore_errors=True)
        dirs = {}
        for side in index.SIDES:
            dirs[side] = scratch / side
            dirs[side].mkdir(parents=True)
            windex.create_in(str(dirs[side]), index.make_schema())
        index.stem.cache_clear()
        index._stemmer.cache_clear()  # a rebuild starts without a stemmer
        t = time.perf_counter()
        index._stemmer()
        load = time.perf_counter() - t

        def one(chunk: list[int]) -> dict[str, float]:
            t0 = time.perf_counter()
            entries = [index.entry_for(cat, i) for i in chunk]
            t1 = time.perf_counter()
            for e in entries:  # metadata.extract alone, to split it from the catalogue reads
                if e:
                    metadata.extract(e[1]["content"])
            t2 = time.perf_counter()
            writers = {s: windex.open_dir(str(d)).writer(limitmb=128) for s, d in dirs.items()}
            stem_before = index.stem.cache_info()
            t3 = time.perf_counter()
            for e in entries:
                if e:
                    writers[e[0]].add_document(**e[1])
            t4 = time.perf_counter()
            for w in writers.values():
                w.commit()
            t5 = time.perf_counter()
            info = index.stem.cache_info()
            return {"docs": len(chunk), "entry_for_s": round(t1 - t0, 2), "of_which_metadata_s": round(t2 - t1, 2),
                    "add_document_s": round(t4 - t3, 2), "commit_s": round(t5 - t4, 2),
                    "total_s": round((t1 - t0) + (t5 - t3), 2),
                    "stem_misses": info.misses - stem_before.misses, "stem_hits": info.hits - stem_before.hits}

        cold = one(chunks[0])
        warm = one(chunks[1])
        prof = cProfile.Profile()
        prof.enable()
        profiled = one(chunks[2])
        prof.disable()
        # Steady-state stemming cost: the analyzer over the batch's text with and without Sastrawi.
        texts = [e[1]["content"] for e in (index.entry_for(cat, i) for i in chunks[1]) if e]
    stemming, plain = index.stemming_analyzer(), index.exact_analyzer()
    t = time.perf_counter()
    for x in texts:
        for _ in stemming(x):
            pass
    t_stem = time.perf_counter() - t
    t = time.perf_counter()
    for x in texts:
        for _ in plain(x):
            pass
    t_plain = time.perf_counter() - t

    st = pstats.Stats(prof)
    total = st.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, line, fn), (_cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        rows.append((tt, ct, nc, f"{Path(file).parent.name}/{Path(file).name}:{line}({fn})"))
    rows.sort(reverse=True)
    cum = {}
    for (file, _line, fn), (_cc, _nc, _tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        for label, (f_end, name) in {
            "entry_for": ("pindai/index.py", "entry_for"), "metadata.extract": ("pindai/metadata.py", "extract"),
            "add_document": ("whoosh/writing.py", "add_document"), "commit": ("whoosh/writing.py", "commit"),
            "stem (cache misses: Sastrawi)": ("pindai/index.py", "stem"),
            "SastrawiFilter": ("pindai/index.py", "__call__"),
        }.items():
            if file.endswith(f_end) and fn == name:
                cum[label] = max(cum.get(label, 0.0), ct)
    return {
        "batch": size, "stemmer_load_s": round(load, 2), "cold": cold, "warm": warm, "profiled": profiled,
        "analyzer_warm": {"docs": len(texts), "stemming_s": round(t_stem, 2), "exact_s": round(t_plain, 2)},
        "profile_total_s": round(total, 2),
        "profile_cumulative_s": {k: round(v, 2) for k, v in cum.items()},
        "profile_top": [{"tottime_s": round(tt, 2), "cumtime_s": round(ct, 2), "calls": nc, "function": f}
                        for tt, ct, nc, f in rows[:14]],
    }


# --------------------------------------------------------------------------- report


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def print_report(f: dict[str, Any]) -> None:
    host, corpus, rb, size = f["host"], f["fill"], f["rebuild"], f["index_size"]
    n = corpus["docs"]
    print(f"pindai index benchmark: {n} documents, {corpus['words_per_doc']:.0f} words each on average,"
          f" {corpus['distinct_words']} distinct words; {host['cores']} cores; python {host['python']};"
          f" load avg before {host['load_before']}, after {host.get('load_after', '?')}")
    print(f"catalogue fill (commit_documents, {FILL_BATCH} per transaction, not timed as indexing):"
          f" {corpus['seconds']:.1f} s ({corpus['docs_per_s']} docs/s), {corpus['pages']} pages,"
          f" sides {corpus['sides']}, catalogue {corpus['catalog_mb']} MB, {corpus['queue_cleared']} queue rows cleared")
    print()
    print("rebuild: pindai index rebuild --home DIR (child process)")
    if not rb["ok"]:
        print(f"  FAILED: exit {rb['exit']}: {rb['stderr_tail']}")
    rate = n / rb["wall_s"] if rb["wall_s"] else 0.0
    cores = host["cores"] or 1
    cpu_use = rb["cpu_s"] / rb["wall_s"] / cores if rb["wall_s"] else 0.0
    print(f"  wall           {rb['wall_s']:>9.1f} s     {rate:,.0f} docs/s, {rate * corpus['words_per_doc']:,.0f} words/s")
    busy = f"; host busy {rb['host_busy']:.0%}" if rb["host_busy"] is not None else ""
    print(f"  CPU            {rb['cpu_s']:>9.1f} s     rebuild and its workers: {cpu_use:.0%} of {cores} cores{busy}")
    marks = [(0.0, 0), *rb["batches"]]
    steps = [f"{b[1] - a[1]} docs {b[0] - a[0]:.0f} s" for a, b in itertools.pairwise(marks)]
    if steps:
        print("  committed batches (from the progress marker): " + ", ".join(steps)
              + f"; then last batch, rename and queue {rb['wall_s'] - marks[-1][0]:.1f} s")
    else:
        print("  committed batches: one (no intermediate progress marker seen)")
    print(f"  peak memory    {rb['peak_pss_mb']:>9.1f} MB    PSS summed over the rebuild and its workers (up to"
          f" {rb['max_processes']} processes; RSS sum {rb['peak_rss_sum_mb']:.0f} MB, largest single process"
          f" {rb['largest_process_rss_mb']:.0f} MB; sampled every 0.25 s)")
    print(f"index size: public {size['public']['mb']} MB ({size['public']['segments']} segments,"
          f" {size['public']['files']} files), exempt {size['exempt']['mb']} MB ({size['exempt']['segments']}"
          f" segments), total {size['total_mb']} MB = {size['total_mb'] * 1024 / max(n, 1):.1f} KB per document;"
          f" catalogue text {corpus['catalog_mb']} MB")
    q = f["queries"]
    print()
    print(f"query latency: index.search(home, q, exempt=True, limit=10), in-process, snippets included;"
          f" warm-up query {q['warmup_ms']:.0f} ms")
    print(f"  {'class':<16}{'n':>4}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'hits p50':>10}{'no hits':>9}  target")
    for name in ("term", "phrase", "boolean+filter", "fuzzy"):
        r = q[name]
        tgt = (f"p95 < {TARGET_P95_MS:.0f} ms  {verdict(r['p95_ms'] < TARGET_P95_MS)}"
               if name in ("term", "phrase") else "-")
        print(f"  {name:<16}{r['n']:>4}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['max_ms']:>9.1f}"
              f"{r['median_hits']:>10}{r['no_hits']:>9}  {tgt}")
    for name in ("term", "phrase", "boolean+filter", "fuzzy"):
        r = q[name]
        print(f"    {name}: e.g. {' | '.join(r['examples'])}; slowest: {r['slowest']}")
    for name in ("term", "phrase"):
        if q[name].get("by_label"):
            print(f"    {name} by kind: " + "; ".join(
                f"{lb} (n {v['n']}) p50 {v['p50_ms']:.0f} / p95 {v['p95_ms']:.0f} ms, hits p50 {v['median_hits']:g}"
                for lb, v in q[name]["by_label"].items()))
    fz = q["fuzzy"]
    if fz.get("labels"):
        print("    fuzzy queries without hits: " + ", ".join(
            f"{fz['no_hits_by_label'].get(k, 0)}/{n} {k}" for k, n in fz["labels"].items())
            + " (root: damaged word that is its own stem; inflected: damaged derived form)")
    op = q["open_searcher_ms"]
    print(f"  opening index + searcher, as each search does per side (median of 5, no profiler):"
          f" public {op['public']:.0f} ms, exempt {op['exempt']:.0f} ms")
    pp = q["profile_term_phrase"]
    print(f"  time of term+phrase searches, cProfile ({pp['seconds_under_profiler']:.1f} s under the profiler): "
          + ", ".join(f"{k} {v:.0%}" for k, v in pp.items() if k != "seconds_under_profiler" and v))
    e = f["end_to_end"]
    print()
    print(f"end to end: pindai search --home DIR {e['query']}: median {e['median_s']:.2f} s"
          f" (min {e['min_s']:.2f}, max {e['max_s']:.2f}, {e['runs']} runs, exit {e['exit']});"
          f" pindai --version alone: median {e['version_median_s']:.2f} s")
    print(f"  first line: {e['first_line']}")
    c = f["check"]
    state = "in sync" if c["ok"] else "NOT in sync"
    print(f"index check: {state} (exit {c.get('exit')}; missing {c.get('missing')}, extra {c.get('extra')},"
          f" queued {c.get('queued')}){'' if 'error' not in c else ': ' + c['error']}")
    b = f.get("breakdown")
    if b:
        print()
        print(f"where rebuild time goes: {b['batch']}-document batches redone in one process into a scratch index"
              f" (Sastrawi dictionary load {b['stemmer_load_s']:.2f} s, once per rebuild)")
        print(f"  {'batch':<20}{'entry_for':>10}{' (metadata)':>12}{'add_doc':>9}{'commit':>8}{'total':>8}"
              f"{'docs/s':>8}{'stem misses':>13}")
        for label, key in (("1 cold caches", "cold"), ("2 warm", "warm"), ("3 warm, cProfile", "profiled")):
            r = b[key]
            print(f"  {label:<20}{r['entry_for_s']:>9.2f}s{r['of_which_metadata_s']:>11.2f}s{r['add_document_s']:>8.2f}s"
                  f"{r['commit_s']:>7.2f}s{r['total_s']:>7.2f}s{r['docs'] / r['total_s'] if r['total_s'] else 0:>8.0f}"
                  f"{r['stem_misses']:>13}")
        a = b["analyzer_warm"]
        print(f"  title+content analysis of batch 2 text alone ({a['docs']} docs, warm cache): with stemming"
              f" {a['stemming_s']:.2f} s, exact analyzer {a['exact_s']:.2f} s")
        print(f"  cProfile of batch 3 ({b['profile_total_s']:.1f} s under the profiler), cumulative: "
              + ", ".join(f"{k} {v:.2f} s" for k, v in b["profile_cumulative_s"].items()))
        print("  top functions by own time:")
        for r in b["profile_top"][:10]:
            print(f"    {r['tottime_s']:>6.2f} s own {r['cumtime_s']:>7.2f} s cum {r['calls']:>9}  {r['function']}")
    print()
    t = f["targets"]
    print("targets:")
    scale = "" if n >= 20_000 else f"  (measured at {n} documents; the targets are stated for 20,000)"
    print(f"  term   p95 {q['term']['p95_ms']:.1f} ms < {TARGET_P95_MS:.0f} ms   {verdict(t['term_p95'])}{scale}")
    print(f"  phrase p95 {q['phrase']['p95_ms']:.1f} ms < {TARGET_P95_MS:.0f} ms   {verdict(t['phrase_p95'])}")
    print(f"  rebuild {rb['wall_s']:.0f} s < {TARGET_REBUILD_S:.0f} s   {verdict(t['rebuild_time'])}")
    print(f"  rebuild peak memory (PSS, all processes) {rb['peak_pss_mb']:.0f} MB < {TARGET_RSS_MB:.0f} MB"
          f"   {verdict(t['rebuild_memory'])}")


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=20_000, help="documents to generate (default 20000)")
    ap.add_argument("--queries", type=int, default=60, help="queries per class (default 60)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, default=None, help="work here and keep the home")
    ap.add_argument("--out", type=Path, default=None, help="also write the figures as JSON")
    ap.add_argument("--no-breakdown", action="store_true", help="skip the in-process rebuild breakdown")
    ap.add_argument("--fill-child", nargs=3, metavar=("HOME", "N", "VOCAB"), help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def bench(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    host = {"docs": args.docs, "cores": os.cpu_count(), "python": platform.python_version(),
            "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    init = subprocess.run([str(PINDAI), "init", "--home", str(home)], check=False, capture_output=True,
                          text=True)
    if init.returncode != 0:
        raise SystemExit(f"pindai init failed: {init.stderr}")
    say(f"filling the catalogue with {args.docs} generated documents (child process) ...")
    vocab_file = work / "vocab.json"
    proc = subprocess.run([sys.executable, __file__, "--seed", str(args.seed), "--fill-child", str(home),
                           str(args.docs), str(vocab_file)], check=False, capture_output=True, text=True)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        raise SystemExit("filling failed")
    fill_figures = json.loads(proc.stdout.strip().splitlines()[-1])
    say(f"  {fill_figures}")

    say("rebuilding the indexes: pindai index rebuild ...")
    rb = run_rebuild(home)
    say(f"  {rb}")
    size = index_size(home)

    say("queries ...")
    import sqlite3

    db = sqlite3.connect(f"file:{home / 'catalog.sqlite3'}?mode=ro", uri=True)
    rng = random.Random(args.seed)
    n_docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    sample = sorted(rng.sample(range(1, n_docs + 1), min(300, n_docs)))
    texts = [r[0] for r in db.execute(
        f"SELECT text FROM pages WHERE document_id IN ({','.join(map(str, sample))})")]
    db.close()
    vocab = [tuple(x) for x in json.loads(vocab_file.read_text())]
    from pindai.index import stem

    queries = make_queries(Corpus(args.seed), vocab, texts, args.queries, args.seed, stem)
    q = measure_queries(home, queries)

    say("end to end: pindai search ...")
    e2e = end_to_end(home)
    say("pindai index check ...")
    check = run_check(home)
    breakdown = None
    if not args.no_breakdown and n_docs >= 3:
        say("rebuild breakdown (in-process batches, cProfile) ...")
        breakdown = rebuild_breakdown(home, work / "scratch-index")
        shutil.rmtree(work / "scratch-index", ignore_errors=True)
    host["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    figures = {
        "host": host, "fill": fill_figures, "rebuild": rb, "index_size": size, "queries": q,
        "end_to_end": e2e, "check": check, "breakdown": breakdown,
        "targets": {
            "term_p95": q["term"]["p95_ms"] < TARGET_P95_MS,
            "phrase_p95": q["phrase"]["p95_ms"] < TARGET_P95_MS,
            "rebuild_time": rb["ok"] and rb["wall_s"] < TARGET_REBUILD_S,
            "rebuild_memory": rb["ok"] and rb["peak_pss_mb"] < TARGET_RSS_MB,
        },
        "target_values": {"p95_ms_max": TARGET_P95_MS, "rebuild_s_max": TARGET_REBUILD_S,
                          "rebuild_pss_mb_max": TARGET_RSS_MB, "stated_at_docs": 20_000},
    }
    print_report(figures)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.fill_child:
        home, n, vocab = args.fill_child
        print(json.dumps(fill(Path(home), int(n), args.seed, Path(vocab))))
        return 0
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        figures = bench(args, args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="pindai-bench-index-") as tmp:
            figures = bench(args, Path(tmp))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False, default=str) + "\n")
        say(f"figures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
