"""Words an officer reads in place of pindai's internal codes: registers, grounds, signals, statuses."""

from __future__ import annotations

from typing import Any

from pindai import domain
from pindai.review import FIELD_LABELS

# The legal vocabulary is pindai.domain's; these are its words as the workspace shows them.
DIP_TYPES = dict(domain.DIP_TYPE_LABELS)
#: Pasal 17 UU 14/2008, in short.
GROUNDS = dict(domain.GROUND_DESCRIPTIONS)
STATUSES = {s: s for s in domain.STATUSES}
SIDES = {side: f"arsip {label}" for side, label in domain.SIDE_LABELS.items()}

#: What each signal means, in the officer's words (pindai.classify.signals.CUES).
SIGNALS = {
    "sifat_rahasia": "surat bersifat RAHASIA",
    "sifat_terbatas": "surat bersifat TERBATAS",
    "rapat_tertutup": "rapat/pleno tertutup",
    "telaahan_staf": "telaahan staf",
    "penyidikan": "menyebut penyidikan/penyelidikan",
    "gakkumdu": "menyebut Gakkumdu",
    "laporan_polisi": "laporan polisi / berita acara pemeriksaan",
    "terlapor_saksi": "menyebut terlapor, pelapor atau saksi",
    "dugaan_pidana": "dugaan tindak pidana pemilu",
    "surat_penawaran": "surat/harga penawaran",
    "rincian_harga": "rincian harga penawaran",
    "metode_pelaksanaan": "metode pelaksanaan dari penyedia",
    "dari_penyedia": "dokumen penawaran penyedia",
    "paket_pekerjaan": "paket pekerjaan pengadaan",
    "akta": "akta otentik",
    "wasiat": "surat wasiat",
    "di_hadapan_notaris": "dibuat di hadapan notaris",
    "medis": "data kesehatan/medis",
    "psikologi": "hasil tes psikologi",
    "nilai_tes": "nilai tes atau wawancara",
    "penilaian_kinerja": "penilaian kinerja pegawai",
    "rekening_npwp": "nomor rekening atau NPWP",
    "ijazah_skck": "ijazah, transkrip atau SKCK",
    "data_pribadi": "data pribadi (tanggal lahir, ibu kandung)",
    "kredensial": "kata sandi atau akun",
    "adminduk": "data kependudukan yang dilindungi",
    "putusan_pengadilan": "putusan pengadilan (terbuka, Pasal 18)",
    "sp3": "penghentian penyidikan (terbuka, Pasal 18)",
    "tentang_pengecualian": "dokumen tentang pengecualian informasi",
    "layanan_informasi": "layanan informasi publik",
    "rapat_terbuka": "rapat/pleno terbuka",
    "kontrak_setelah_penetapan": "kontrak setelah penetapan pemenang",
    "serta_merta": "keadaan darurat (serta merta)",
    "berkala": "informasi berkala (laporan, rencana, jadwal)",
    "setiap_saat": "informasi setiap saat (keputusan, surat edaran, pengumuman)",
    "model": "pola kata dokumen serupa",
    "halaman_tak_terbaca": "halaman tidak terbaca",
}
IDENTIFIERS = {"nik": "NIK", "kk": "nomor KK", "npwp": "NPWP", "nip": "NIP", "bank_account": "nomor rekening",
               "phone": "nomor telepon pribadi", "email": "alamat email pribadi"}


def label(register: str | None, dip_type: str | None, ground: str | None) -> str:
    if register == "DIK":
        return f"DIK Pasal 17 huruf {ground or '?'}"
    if register == "DIP":
        return f"DIP {DIP_TYPES.get(dip_type or '', dip_type or '?')}"
    return "-"


def signal(name: str) -> str:
    """The words for a signal; a complete identifier is named as what it is."""
    if name.endswith("_lengkap"):
        kind = name[: -len("_lengkap")]
        return f"{IDENTIFIERS.get(kind, kind.upper())} lengkap"
    return SIGNALS.get(name, name.replace("_", " "))


def main_evidence(evidence: list[dict[str, Any]], n: int = 2) -> str:
    """The strongest signals in words, without the matched text (a list may be seen by anyone)."""
    names = list(dict.fromkeys(signal(e["signal"]) for e in evidence))
    return ", ".join(names[:n]) or "-"


def points_to(value: str) -> str:
    if value.startswith("DIK:"):
        return f"DIK huruf {value[4:]}"
    if value.startswith("DIP:"):
        return f"DIP {DIP_TYPES.get(value[4:], value[4:])}"
    return {"public": "terbuka", "DIP": "DIP", "DIK": "DIK"}.get(value, value)


#: What a redaction box withholds, in the officer's words (pindai.redact kinds).
BOX_KINDS = {"nik": "NIK", "kk": "nomor KK", "npwp": "NPWP", "nip": "NIP", "phone": "nomor seluler",
             "bank_account": "nomor rekening", "email": "alamat surel pribadi", "dob": "tanggal lahir",
             "address": "alamat rumah", "manual": "digambar petugas", "page": "seluruh halaman"}


def box_kind(kind: str) -> str:
    return BOX_KINDS.get(kind, kind)


def meta_fields(names: list[str]) -> str:
    """Register fields by their column names in the register ("judul, nomor")."""
    return ", ".join(FIELD_LABELS.get(n, n) for n in names)
