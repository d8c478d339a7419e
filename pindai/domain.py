"""The legal vocabulary in one place: registers, DIP types, Pasal 17 grounds, statuses, sides, record kinds.

The facts are those of ``shared/domain.md`` (UU 14/2008 on public information,
PKPU 22/2023, the KPU offices' SOPs); the ids are what the catalogue stores and
the commands accept, so they never change. Each vocabulary comes three ways:

* a ``StrEnum`` (``DipType.berkala == "berkala"``), for code that wants a type;
* a tuple of the plain ids in their legal order (``DIP_TYPES``), for
  ``in`` checks, ``click.Choice`` and CSV columns;
* a dict of Indonesian labels (``DIP_TYPE_LABELS``), lower case as they read in a
  sentence; a heading capitalises them (``label.capitalize()`` or ``.title()``).

Member names equal their values, so an enum shown by its name (as ``click.Choice``
does with enums) reads the same as its id.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "DIP_TYPES",
    "DIP_TYPE_ARTICLES",
    "DIP_TYPE_LABELS",
    "GROUNDS",
    "GROUND_LABELS",
    "RECORD_KINDS",
    "RECORD_KIND_LABELS",
    "REGISTERS",
    "REGISTER_LABELS",
    "SIDES",
    "SIDE_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "DipType",
    "Ground",
    "RecordKind",
    "Register",
    "Side",
    "Status",
    "register_label",
]


class Register(StrEnum):
    """The register a document is listed in."""

    #: Daftar Informasi Publik: public information.
    DIP = "DIP"
    #: Daftar Informasi yang Dikecualikan: exempt information (KIP Pasal 17).
    DIK = "DIK"


REGISTERS: tuple[str, ...] = tuple(r.value for r in Register)
REGISTER_LABELS: dict[str, str] = {
    "DIP": "Daftar Informasi Publik",
    "DIK": "Daftar Informasi yang Dikecualikan",
}


class DipType(StrEnum):
    """The kind of public information (KIP Pasal 9-11): how it is made available."""

    #: Published at least every six months (Pasal 9).
    berkala = "berkala"
    #: Announced at once: it could threaten lives or public order (Pasal 10).
    serta_merta = "serta_merta"
    #: Available on request at any time (Pasal 11).
    setiap_saat = "setiap_saat"


DIP_TYPES: tuple[str, ...] = tuple(t.value for t in DipType)
DIP_TYPE_LABELS: dict[str, str] = {
    "berkala": "berkala",
    "serta_merta": "serta merta",
    "setiap_saat": "setiap saat",
}
#: The article of UU 14/2008 that defines each type.
DIP_TYPE_ARTICLES: dict[str, str] = {"berkala": "Pasal 9", "serta_merta": "Pasal 10", "setiap_saat": "Pasal 11"}


class Ground(StrEnum):
    """The exemption ground: the letter of KIP Pasal 17."""

    a = "a"
    b = "b"
    c = "c"
    d = "d"
    e = "e"
    f = "f"
    g = "g"
    h = "h"
    i = "i"
    j = "j"


GROUNDS: tuple[str, ...] = tuple(g.value for g in Ground)
GROUND_LABELS: dict[str, str] = {
    "a": "penegakan hukum",
    "b": "HKI / persaingan usaha",
    "c": "pertahanan dan keamanan",
    "d": "kekayaan alam",
    "e": "ketahanan ekonomi",
    "f": "hubungan luar negeri",
    "g": "akta otentik / wasiat",
    "h": "rahasia pribadi",
    "i": "memorandum rahasia",
    "j": "dilarang undang-undang",
}


#: Pasal 17 UU 14/2008, in short: what opening the information would do (the workspace's wording).
GROUND_DESCRIPTIONS: dict[str, str] = {
    "a": "menghambat proses penegakan hukum",
    "b": "mengganggu perlindungan HKI / persaingan usaha tidak sehat",
    "c": "membahayakan pertahanan dan keamanan negara",
    "d": "mengungkap kekayaan alam Indonesia",
    "e": "merugikan ketahanan ekonomi nasional",
    "f": "merugikan kepentingan hubungan luar negeri",
    "g": "mengungkap isi akta otentik / wasiat",
    "h": "mengungkap rahasia pribadi",
    "i": "memorandum atau surat antar/intern badan publik yang dirahasiakan",
    "j": "tidak boleh diungkap berdasarkan undang-undang",
}


class Status(StrEnum):
    """Where a register entry stands (DESIGN.md "From proposal to decision")."""

    #: Suggested by pindai, or a DIK entry not yet set by a Keputusan.
    usulan = "usulan"
    #: A DIP entry an officer approved.
    disahkan = "disahkan"
    #: A DIK entry that carries the reference of the Keputusan that sets it.
    ditetapkan = "ditetapkan"


STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
STATUS_LABELS: dict[str, str] = {"usulan": "Usulan", "disahkan": "Disahkan", "ditetapkan": "Ditetapkan"}


class Side(StrEnum):
    """Which archive and index a document is filed in."""

    public = "public"
    #: The special folder for exempt documents, and everything held for an officer.
    exempt = "exempt"


SIDES: tuple[str, ...] = tuple(s.value for s in Side)
SIDE_LABELS: dict[str, str] = {"public": "publik", "exempt": "dikecualikan"}


class RecordKind(StrEnum):
    """The kind of record (jenis arsip) that picks a retention period from the JRA."""

    hasil_pemilihan = "hasil_pemilihan"
    data_pemilih = "data_pemilih"
    pencalonan = "pencalonan"
    tahapan = "tahapan"
    hukum = "hukum"
    pengadaan = "pengadaan"
    keuangan = "keuangan"
    kepegawaian = "kepegawaian"
    keputusan = "keputusan"
    laporan = "laporan"
    surat = "surat"
    #: None of the above: the JRA's general rule.
    umum = "umum"


RECORD_KINDS: tuple[str, ...] = tuple(k.value for k in RecordKind)
RECORD_KIND_LABELS: dict[str, str] = {
    "hasil_pemilihan": "hasil pemilihan",
    "data_pemilih": "data pemilih",
    "pencalonan": "pencalonan",
    "tahapan": "tahapan dan jadwal",
    "hukum": "hukum dan pelanggaran",
    "pengadaan": "pengadaan barang/jasa",
    "keuangan": "keuangan",
    "kepegawaian": "kepegawaian",
    "keputusan": "keputusan",
    "laporan": "laporan",
    "surat": "surat-menyurat",
    "umum": "umum",
}


def register_label(register: str | None, dip_type: str | None, ground: str | None) -> str:
    """A suggestion or decision in a few words: "DIP serta merta", "DIK Pasal 17 huruf h", or "-"."""
    if register == Register.DIK:
        return f"DIK Pasal 17 huruf {ground or '?'}"
    if register == Register.DIP:
        return f"DIP {DIP_TYPE_LABELS.get(dip_type or '', dip_type or '?')}"
    return "-"
