"""Signals: the evidence an officer can check — cues of document kind and confidentiality.

Each signal is a named pattern with the register or ground it points to and a
weight. What fired is reported with its matching text and page, so a PPID
officer sees *why* pindai suggests what it suggests. Identifiers come from
:mod:`pindai.classify.identifiers` and are always shown masked.

The patterns tolerate common OCR damage (case, spacing, a dropped letter is
not handled here: the statistical model covers that).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pindai.classify.identifiers import IdentifierHit, find_identifiers


@dataclass(frozen=True)
class Cue:
    """A pattern that signals something about a document."""

    name: str
    pattern: re.Pattern[str]
    #: "DIK:<ground>", "DIP:<type>", "DIP" (public, any type) or "public" (Pasal 18 / about-exemption).
    points_to: str
    #: How strongly, 0..1. Strong DIK cues hold a document on their own.
    weight: float


@dataclass(frozen=True)
class Evidence:
    """A signal that fired: what, where, and the text that matched (identifiers masked)."""

    name: str
    points_to: str
    weight: float
    text: str
    page: int

    def as_dict(self) -> dict[str, object]:
        return {"signal": self.name, "points_to": self.points_to, "weight": self.weight,
                "text": self.text, "page": self.page}


def _re(pattern: str) -> re.Pattern[str]:
    # Spaces in patterns match any run of whitespace (OCR splits and joins lines).
    return re.compile(pattern.replace(" ", r"\s+"), re.IGNORECASE)


CUES: tuple[Cue, ...] = (
    # ---- i: confidential memoranda
    # "Sifat" and its value may be read apart (label column, then value column).
    Cue("sifat_rahasia", _re(r"\bsifat\s*:?[^\n]{0,60}?(\n[^\n]{0,60}?){0,3}:\s*(sangat )?rahasia\b"), "DIK:i", 0.95),
    Cue("sifat_terbatas", _re(r"\bsifat\s*:?[^\n]{0,60}?(\n[^\n]{0,60}?){0,3}:\s*terbatas\b"), "DIK:i", 0.9),
    Cue("rapat_tertutup", _re(r"(rapat )?pleno\s*\(?\s*tertutup|rapat\s*\(?\s*tertutup"), "DIK:i", 0.8),
    Cue("telaahan_staf", _re(r"telaah(an)? staf"), "DIK:i", 0.6),
    # ---- a: law enforcement
    Cue("penyidikan", _re(r"penyidik(an)?|penyelidik(an)?"), "DIK:a", 0.6),
    Cue("gakkumdu", _re(r"gakkumdu|sentra penegakan hukum terpadu"), "DIK:a", 0.7),
    Cue("laporan_polisi", _re(r"laporan polisi|berita acara pemeriksaan|\bBAP\b"), "DIK:a", 0.7),
    Cue("terlapor_saksi", _re(r"\bterlapor\b|\bpelapor\b|keterangan saksi|identitas saksi"), "DIK:a", 0.5),
    Cue("dugaan_pidana", _re(r"dugaan (tindak )?pidana pemilu|kajian awal|dugaan pelanggaran|unsur pasal pidana"), "DIK:a", 0.6),
    # ---- b: bidders' offers before award
    Cue("surat_penawaran", _re(r"surat penawaran|harga penawaran|penawaran harga|total penawaran|nilai penawaran"), "DIK:b", 0.7),
    Cue("rincian_harga", _re(r"rincian harga|harga satuan|daftar kuantitas dan harga"), "DIK:b", 0.7),
    Cue("metode_pelaksanaan", _re(r"metode (pelaksanaan|kerja)"), "DIK:b", 0.6),
    # A bidder's own papers: written by the company, about a package not yet awarded.
    Cue("dari_penyedia", _re(r"penanggung jawab teknis|peralatan utama|masa berlaku penawaran|dokumen penawaran"), "DIK:b", 0.5),
    Cue("paket_pekerjaan", _re(r"\bpaket( pekerjaan)?\s*:"), "DIK:b", 0.4),
    # ---- g: authentic deeds
    Cue("akta", _re(r"akta (kelahiran|kelahirannya|nikah|perkawinan|cerai|perceraian|notaris|pendirian|kematian)"), "DIK:g", 0.8),
    Cue("wasiat", _re(r"surat wasiat|\bwasiat\b"), "DIK:g", 0.7),
    Cue("di_hadapan_notaris", _re(r"(menghadap|di ?hadapan) (kepada )?(saya|notaris)|\bnotaris\b.{0,40}\bsaksi"), "DIK:g", 0.8),
    # ---- h: personal secrets
    Cue("medis", _re(r"hasil pemeriksaan (kesehatan|medis|laboratorium)|tekanan darah|diagnos(a|is)|rekam medis|gula darah|kolesterol"), "DIK:h", 0.8),
    Cue("psikologi", _re(r"(hasil |tes )psikolog|psikotes|kesehatan jiwa|kepribadian"), "DIK:h", 0.7),
    Cue("nilai_tes", _re(r"nilai (tes|ujian|wawancara|cat)|skor (tes|wawancara)|hasil wawancara"), "DIK:h", 0.5),
    Cue("penilaian_kinerja", _re(r"sasaran kinerja pegawai|\bSKP\b|penilaian (prestasi )?(kinerja|kerja) pegawai|pejabat penilai|predikat kinerja|pegawai yang dinilai"), "DIK:h", 0.85),
    Cue("rekening_npwp", _re(r"nomor rekening|no\.? rek(ening)?\b|\bNPWP\b"), "DIK:h", 0.4),
    Cue("ijazah_skck", _re(r"transkrip nilai|\bijazah\b|\bSKCK\b|catatan kepolisian"), "DIK:h", 0.5),
    Cue("data_pribadi", _re(r"tanggal lahir|tempat/? ?tgl\.? lahir|nama ibu kandung|status perkawinan"), "DIK:h", 0.4),
    # ---- j: forbidden by another law
    Cue("kredensial", _re(r"kata sandi|password|\bsandi\b|username|nama pengguna|kode akses"), "DIK:j", 0.8),
    Cue("adminduk", _re(r"NIK (ayah|ibu)|nama ibu kandung|penyandang disabilitas|jenis disabilitas|nomor akta"), "DIK:j", 0.8),
    # ---- public: not exempt whatever else it says (Pasal 18) and documents about exemption
    Cue("putusan_pengadilan", _re(r"putusan (pengadilan|mahkamah|DKPP|nomor)|salinan putusan|amar putusan"), "public", 0.7),
    Cue("sp3", _re(r"penghentian penyidikan|penyidikan (di)?hentikan|dihentikan penyidikannya|\bSP3\b"), "public", 0.7),
    Cue("tentang_pengecualian", _re(r"daftar informasi (publik )?yang dikecualikan|uji konsekuensi|penetapan informasi (publik )?yang dikecualikan|(standar operasional prosedur|\bSOP\b) (pengelolaan|pelayanan|layanan) informasi"), "public", 0.5),
    Cue("layanan_informasi", _re(r"laporan (tahunan )?(pelayanan|layanan) informasi publik|permohonan informasi"), "public", 0.4),
    Cue("rapat_terbuka", _re(r"(rapat )?pleno terbuka|terbuka untuk umum"), "public", 0.5),
    # After the award a contract is public (KIP Pasal 11): offers before it are not.
    Cue("kontrak_setelah_penetapan", _re(r"ditetapkan sebagai pemenang|surat perjanjian|nilai kontrak"), "public", 0.5),
    # ---- DIP types
    Cue("serta_merta", _re(r"pemungutan suara (ulang|susulan|lanjutan)|bencana|banjir|tanah longsor|kebakaran|keadaan darurat|wabah|evakuasi|cuaca ekstrem"), "DIP:serta_merta", 0.6),
    Cue("berkala", _re(r"laporan keuangan|laporan kinerja|\bLKjIP\b|rencana strategis|\bRenstra\b|\bDIPA\b|rencana umum pengadaan|\bRUP\b|jadwal (dan )?tahapan|tahapan (dan )?jadwal|laporan tahunan|realisasi anggaran|rekapitulasi daftar pemilih"), "DIP:berkala", 0.5),
    Cue("setiap_saat", _re(r"surat keputusan|keputusan komisi|surat edaran|\bundangan\b|perjanjian kerja sama|kontrak|siaran pers|notulen|risalah rapat|berita acara|pengumuman"), "DIP:setiap_saat", 0.4),
)

#: Identifier kinds that are personal data when complete, and the ground they point to.
IDENTIFIER_GROUNDS = {"nik": "h", "kk": "h", "npwp": "h", "nip": "h", "bank_account": "h",
                      "phone": "h", "email": "h"}
#: Below this a phone/email hit is an office contact, not personal data (identifiers module).
PERSONAL_MIN_CONFIDENCE = 0.5
#: Evidence of a complete NIK or KK number: it holds a document as a rule, whatever the model
#: or the other signals say (README, domain.md: Adminduk Pasal 84).
IDENTITY_SIGNALS = frozenset({"nik_lengkap", "kk_lengkap"})


def is_identity(e: Evidence | dict) -> bool:
    """Whether a piece of evidence (an :class:`Evidence` or its ``as_dict``) is a complete NIK or KK."""
    name = e.name if isinstance(e, Evidence) else e.get("signal")
    return name in IDENTITY_SIGNALS


def find_signals(pages: list[str]) -> list[Evidence]:
    """Every cue and identifier that fires on any page, in page order."""
    return list(_signals_of("\f".join(pages)))


@functools.lru_cache(maxsize=64)
def _signals_of(text: str) -> tuple[Evidence, ...]:
    # Cached: one suggestion asks for the same text's signals four times (the
    # evidence, and the features of each of the model's three pipelines).
    return tuple(_find(text.split("\f")))


def _find(pages: list[str]) -> list[Evidence]:
    found: list[Evidence] = []
    for number, text in enumerate(pages, start=1):
        hits = find_identifiers(text)
        for cue in CUES:
            m = cue.pattern.search(text)
            if m:
                found.append(Evidence(cue.name, cue.points_to, cue.weight, _snippet(text, m, hits), number))
        found.extend(_identifier_evidence(hits, number))
    return found


#: This many complete bank accounts or NPWPs on a page make it a list of people's finances.
FINANCE_LIST = 3


def _identifier_evidence(hits: list[IdentifierHit], page: int) -> list[Evidence]:
    out = []
    counts: dict[tuple[str, bool], int] = {}
    finance = [h for h in hits if h.kind in ("bank_account", "npwp") and not h.masked
               and h.confidence >= PERSONAL_MIN_CONFIDENCE]
    if len(finance) >= FINANCE_LIST:
        # One account is often a company's (a contract); a column of them is people's.
        out.append(Evidence("daftar_rekening_npwp", "DIK:h", 0.9,
                            f"{len(finance)} nomor rekening/NPWP, mis. {finance[0].shown}", page))
    for hit in hits:
        if hit.confidence < PERSONAL_MIN_CONFIDENCE:
            continue  # an office phone or ppid@ address
        key = (hit.kind, hit.masked)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] > 3:
            continue  # three examples are evidence enough
        if hit.masked:
            out.append(Evidence(f"{hit.kind}_tersamar", "public", 0.3, hit.shown, page))
        else:
            ground = IDENTIFIER_GROUNDS.get(hit.kind, "h")
            # A complete NIK or KK number is personal data on its own; a bank
            # account or NPWP may be a company's (a contract, a party's fund).
            weight = 0.9 if hit.kind in ("nik", "kk") else 0.6
            out.append(Evidence(f"{hit.kind}_lengkap", f"DIK:{ground}", weight * hit.confidence,
                                hit.shown, page))
    return out


#: Any run of 9+ digits, also split by spaces, dots or dashes: masked in snippets
#: even when it is not a recognised identifier.
_LONG_NUMBER = re.compile(r"\d(?:[\s.\-]?\d){8,}")


def _snippet(text: str, m: re.Match[str], hits: list[IdentifierHit], around: int = 30) -> str:
    """The match with a little context, on one line, with every identifier masked."""
    start, end = max(0, m.start() - around), min(len(text), m.end() + around)
    # Widen to whole identifiers so none is cut in half at the edge.
    for h in hits:
        if h.start < end and h.end > start:
            start, end = min(start, h.start), max(end, h.end)
    piece = text[start:end]
    for h in sorted((h for h in hits if start <= h.start and h.end <= end), key=lambda h: -h.start):
        piece = piece[: h.start - start] + h.shown + piece[h.end - start :]
    piece = _LONG_NUMBER.sub(lambda d: d.group(0)[:4] + "***" + d.group(0)[-2:], piece)
    return " ".join(piece.split())
