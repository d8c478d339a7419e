"""The consequence-test sheet (lembar pengujian konsekuensi) of a DIK proposal, drafted, as PDF and DOCX.

KIP Pasal 19 and PKPU 22/2023 Pasal 24-26: before information is exempt, the
PPID identifies it, states the harm if it were opened, the statute relied on,
the public interest, weighs the two and concludes *dikecualikan*, *terbuka*
or *terbuka sebagian* (opened with parts blacked out). pindai drafts the sheet
from the suggestion, its evidence, the redaction boxes and the decision so
far; the officer completes the marked fields, the test meeting signs it, and
the filled fields go into the DIK register through :func:`record_sheet`
(Konsekuensi apabila dibuka, Kepentingan publik yang dipertimbangkan).

The information is described, never quoted: the sheet names the document, its
signals by kind and count, and what the boxes withhold by kind, never a word
of the exempt text.

Entry points: :func:`draft` (pure: a record in, a :class:`Sheet` out),
:func:`write_sheet` (PDF or DOCX by suffix), :func:`missing_for_decision`
/ :func:`dik_gaps` (what a DIK proposal still lacks), :func:`record_sheet` (the officer's fields
into the DIK columns), :func:`write_unit_drafts` (each unit's list of DIK
proposals with their reasons, for the Nota Dinas), and for a filed Keputusan
tentang Informasi yang Dikecualikan :func:`keputusan_matches` (its number,
date, categories and the proposals each covers, with why) and
:func:`set_by_keputusan` (sets them, ``usulan`` → ``ditetapkan``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pindai.catalog import Catalog
from pindai.config import Settings
from pindai.errors import ExitCode, PindaiError

__all__ = [
    "CONCLUSIONS",
    "GROUND_WORDING",
    "Category",
    "CategoryMatch",
    "Keputusan",
    "Sheet",
    "SheetError",
    "dik_gaps",
    "draft",
    "keputusan_matches",
    "match_categories",
    "missing_for_decision",
    "read_keputusan",
    "record_sheet",
    "set_by_keputusan",
    "write_sheet",
    "write_unit_drafts",
]

#: KIP Pasal 17, each letter's ground in our own words (not the statute's text).
GROUND_WORDING: dict[str, str] = {
    "a": "Informasi yang apabila dibuka dapat menghambat proses penegakan hukum, antara lain penyelidikan dan "
         "penyidikan, atau mengungkap identitas pelapor, saksi dan korban.",
    "b": "Informasi yang apabila dibuka dapat mengganggu perlindungan hak atas kekayaan intelektual atau "
         "perlindungan dari persaingan usaha tidak sehat.",
    "c": "Informasi yang apabila dibuka dapat membahayakan pertahanan dan keamanan negara.",
    "d": "Informasi yang apabila dibuka dapat mengungkapkan kekayaan alam Indonesia.",
    "e": "Informasi yang apabila dibuka dapat merugikan ketahanan ekonomi nasional.",
    "f": "Informasi yang apabila dibuka dapat merugikan kepentingan hubungan luar negeri.",
    "g": "Informasi yang apabila dibuka dapat mengungkapkan isi akta otentik yang bersifat pribadi dan kemauan "
         "terakhir ataupun wasiat seseorang.",
    "h": "Informasi yang apabila dibuka dapat mengungkap rahasia pribadi seseorang: keadaan keluarga, kesehatan "
         "fisik dan psikis, keuangan, aset dan rekening bank, hasil evaluasi kemampuan, serta catatan "
         "pendidikan.",
    "i": "Memorandum atau surat antar atau di dalam badan publik yang menurut sifatnya dirahasiakan, kecuali "
         "atas putusan Komisi Informasi atau pengadilan.",
    "j": "Informasi yang tidak boleh diungkapkan berdasarkan undang-undang lain.",
}

#: A first draft of the harm if opened, per ground; the officer rewrites it.
_CONSEQUENCE: dict[str, str] = {
    "a": "Proses penanganan perkara dapat terhambat dan pelapor, saksi atau korban dapat terancam.",
    "b": "Penyedia yang menawar dapat dirugikan dan persaingan dalam pengadaan menjadi tidak sehat.",
    "c": "Keamanan penyelenggaraan, sarana dan logistik pemilihan dapat terganggu.",
    "d": "Kekayaan alam dapat dimanfaatkan pihak yang tidak berhak.",
    "e": "Ketahanan ekonomi dapat dirugikan oleh spekulasi atas rencana badan publik.",
    "f": "Hubungan dengan negara atau lembaga asing dapat terganggu.",
    "g": "Isi akta pribadi seseorang terbuka tanpa persetujuannya.",
    "h": "Data pribadi pemiliknya dapat disalahgunakan (penipuan, pemalsuan identitas, perundungan) dan "
         "pemiliknya dirugikan tanpa persetujuannya.",
    "i": "Pertimbangan internal yang belum diputuskan dapat disalahpahami dan mengganggu pengambilan keputusan.",
    "j": "Badan publik melanggar larangan pengungkapan dalam undang-undang lain.",
}
_PUBLIC_INTEREST: dict[str, str] = {
    "h": "Kepentingan publik untuk mengetahui isi dokumen tetap terpenuhi dengan membuka dokumen setelah data "
         "pribadi dihitamkan; data pribadi itu sendiri tidak diperlukan untuk pengawasan publik.",
}
_PUBLIC_INTEREST_DEFAULT = ("Kepentingan publik atas transparansi penyelenggaraan pemilu dipertimbangkan; "
                            "manfaat membuka informasi ini dinilai lebih kecil daripada akibat yang ditimbulkan.")
#: The proposed period per ground (domain.md): a-f are not permanent, g/h end at a condition.
_PERIOD: dict[str, str] = {
    "a": "Sampai proses penegakan hukum selesai, paling lama 30 tahun (PP 61/2010).",
    "b": "Sampai penetapan pemenang pengadaan.",
    "g": "Sampai ada persetujuan tertulis dari pemilik data atau terkait jabatan publik.",
    "h": "Sampai ada persetujuan tertulis dari pemilik data atau terkait jabatan publik.",
    "i": "Sampai ada keputusan atas hal yang dibahas, atau putusan Komisi Informasi/pengadilan.",
    "j": "Sesuai jangka waktu dalam undang-undang yang melarang pengungkapan.",
}
_PERIOD_DEFAULT = "Paling lama [diisi petugas] tahun; ditinjau kembali setelah jangka waktu berakhir."
#: Other law per ground, proposed with the Pasal 17 basis.
_OTHER_LAW = {
    "h": "UU 27/2022 tentang Pelindungan Data Pribadi; Pasal 84 UU 24/2013 (Administrasi Kependudukan) "
         "untuk NIK, nomor KK dan tanggal lahir.",
    "j": "Sebutkan undang-undang dan pasal yang melarang pengungkapan.",
}

CONCLUSIONS = ("dikecualikan", "terbuka", "terbuka sebagian")

#: Signals of the classifier, described for the sheet (the evidence's text is never printed).
_SIGNAL_WORDS = {
    "nik_lengkap": "NIK lengkap", "kk_lengkap": "nomor KK lengkap", "npwp": "NPWP", "nip": "NIP",
    "nomor_hp": "nomor seluler pribadi", "rekening": "nomor rekening", "sifat_rahasia": "sifat surat RAHASIA",
    "sifat_terbatas": "sifat surat TERBATAS", "rapat_tertutup": "rapat tertutup", "medis": "data kesehatan",
    "psikologi": "hasil pemeriksaan psikologi", "nilai_tes": "nilai tes/wawancara",
    "penilaian_kinerja": "penilaian kinerja pegawai", "surat_penawaran": "penawaran penyedia",
    "rincian_harga": "rincian harga penawaran", "data_pribadi": "data pribadi (tanggal lahir dsb.)",
    "laporan_polisi": "laporan polisi / BAP", "penyidikan": "penyelidikan/penyidikan",
}
_BOX_WORDS = {"nik": "NIK", "kk": "nomor KK", "npwp": "NPWP", "nip": "NIP", "phone": "nomor seluler",
              "bank_account": "nomor rekening", "email": "alamat surel pribadi", "dob": "tanggal lahir",
              "address": "alamat rumah", "manual": "bagian yang ditandai petugas", "page": "halaman utuh"}
#: What an officer writes in a field left for them.
BLANK = "[diisi petugas]"


class SheetError(PindaiError):
    """The document has no DIK proposal to test."""

    exit_code = ExitCode.bad_config


@dataclass
class Field:
    """One row of the sheet: a label, the drafted value, and whether the officer must complete it."""

    label: str
    value: str
    officer: bool = False


@dataclass
class Sheet:
    """A drafted consequence-test sheet."""

    doc_id: int
    office: str
    title: str
    fields: list[Field]
    #: The suggested conclusion, one of :data:`CONCLUSIONS`.
    conclusion: str
    #: Signature block rows the officer fills (name, position, signature).
    signers: list[str] = field(default_factory=lambda: ["Ketua Tim Penguji", "Anggota", "PPID"])

    def value(self, label: str) -> str:
        return next(f.value for f in self.fields if f.label.startswith(label))


def _describe_evidence(evidence: Sequence[dict[str, Any]]) -> str:
    counts = Counter(e.get("signal", "") for e in evidence if str(e.get("points_to", "")).startswith("DIK"))
    if not counts:
        return "tidak ada sinyal otomatis; diusulkan oleh petugas"
    parts = []
    for name, n in counts.most_common():
        words = _SIGNAL_WORDS.get(name, name.replace("_", " "))
        parts.append(f"{words} ({n})" if n > 1 else words)
    return ", ".join(parts)


def _describe_boxes(boxes: Sequence[Any]) -> str:
    kept = [b for b in boxes if b.status != "ditolak"]
    if not kept:
        return ""
    counts = Counter(_BOX_WORDS.get(b.kind, b.kind) for b in kept)
    return ", ".join(f"{k} ({n})" for k, n in counts.most_common())


def draft(rec: Any, *, office: str, boxes: Sequence[Any] = (), copies: Sequence[dict[str, Any]] = ()) -> Sheet:
    """Draft the sheet of one DIK proposal (pure: a :class:`~pindai.review.Record` in).

    Args:
        rec: the document's record (its DIK decision, or the suggestion).
        boxes: its redaction boxes (:class:`pindai.redact.Box`).
        copies: its redacted copies (:func:`pindai.redact.copies_of`).

    Raises:
        SheetError: the record is not a DIK proposal.
    """
    if rec.register != "DIK" or not rec.ground:
        raise SheetError(
            f"Dokumen #{rec.id} bukan usulan DIK; uji konsekuensi hanya untuk informasi yang diusulkan "
            f"dikecualikan. Tetapkan dulu: pindai review set {rec.id} --register DIK --ground h "
            f"(not a DIK proposal)")
    g = rec.ground
    what = rec.description or rec.title or f"dokumen #{rec.id}"
    ident = "; ".join(p for p in (
        what, f"nomor {rec.number}" if rec.number else "", rec.made, f"unit {rec.unit}", f"{rec.pages} halaman")
        if p)
    withheld = _describe_boxes(boxes)
    verified = [c for c in copies if c.get("publishable")]
    conclusion = "terbuka sebagian" if withheld and not all(b.whole_page for b in boxes) else "dikecualikan"
    partial = (f"Bagian yang dihitamkan: {withheld}." if withheld else "")
    if verified:
        partial += f" Salinan dihitamkan terverifikasi: dokumen #{verified[-1]['copy_id']}."
    ticks = "   ".join(f"[{'x' if c == conclusion else ' '}] {c}" for c in CONCLUSIONS)
    fields = [
        Field("1. Informasi yang diuji", ident),
        Field("2. Sifat dan cakupan informasi",
              f"Jenis arsip: {rec.kind or '-'}. Memuat: {_describe_evidence(rec.evidence)}."),
        Field("3. Dasar hukum pengecualian",
              f"Pasal 17 huruf {g} UU 14/2008: {GROUND_WORDING[g]}"
              + (f" Dasar hukum lain: {rec.legal_basis or _OTHER_LAW[g]}" if (rec.legal_basis or g in _OTHER_LAW)
                 else "")),
        Field("4. Konsekuensi apabila dibuka", rec.consequence or f"{_CONSEQUENCE[g]} {BLANK}",
              officer=not rec.consequence),
        Field("5. Kepentingan publik yang dipertimbangkan",
              rec.public_interest or f"{_PUBLIC_INTEREST.get(g, _PUBLIC_INTEREST_DEFAULT)} {BLANK}",
              officer=not rec.public_interest),
        Field("6. Pertimbangan (menimbang konsekuensi dan kepentingan publik)",
              f"Akibat membuka informasi dinilai lebih besar daripada manfaatnya bagi publik. {BLANK}",
              officer=True),
        Field("7. Kesimpulan", f"{ticks}  (usulan sistem: {conclusion}) {BLANK}", officer=True),
        Field("8. Informasi yang dapat dibuka setelah penghitaman",
              rec.redaction or partial.strip() or "-", officer=not (rec.redaction or partial)),
        Field("9. Jangka waktu pengecualian yang diusulkan", rec.period or _PERIOD.get(g, _PERIOD_DEFAULT),
              officer=not rec.period),
        Field("10. Keputusan penetapan (nomor dan tanggal)", rec.decision_ref or BLANK,
              officer=not rec.decision_ref),
        Field("11. Tempat dan tanggal pengujian", BLANK, officer=True),
    ]
    return Sheet(doc_id=rec.id, office=office, title=what, fields=fields, conclusion=conclusion)


def missing_for_decision(rec: Any, *, sheet_written: bool | None = None) -> list[str]:
    """What a DIK proposal still lacks before a Keputusan can set it (Indonesian, for the workspace)."""
    if rec.register != "DIK":
        return []
    out = []
    if not rec.decided:
        out.append("keputusan petugas atas saran sistem (pindai review accept/set)")
    if not rec.ground:
        out.append("huruf Pasal 17")
    if not rec.consequence:
        out.append("konsekuensi apabila dibuka (uji konsekuensi)")
    if not rec.public_interest:
        out.append("kepentingan publik yang dipertimbangkan")
    if not rec.period:
        out.append("jangka waktu pengecualian")
    if not rec.description and not rec.title:
        out.append("uraian informasi yang dikecualikan")
    if sheet_written is False:
        out.append("lembar uji konsekuensi yang ditandatangani")
    if not rec.decision_ref:
        out.append("nomor dan tanggal Keputusan penetapan")
    return out


def _load(settings: Settings, catalog: Catalog, doc_id: int) -> Sheet:
    from pindai import redact, review

    rec = review.record(catalog, settings, doc_id)
    return draft(rec, office=settings.registers.office, boxes=redact.boxes(catalog, doc_id),
                 copies=redact.copies_of(catalog, doc_id))


def write_sheet(settings: Settings, catalog: Catalog, doc_id: int, out: Path, *, actor: str | None = None) -> Path:
    """Write the drafted sheet of a DIK proposal as ``.pdf`` or ``.docx`` (by the suffix); audited.

    Raises:
        SheetError: not a DIK proposal, or an unknown suffix.
    """
    from pindai import review

    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise SheetError(f"Tulis sebagai .pdf atau .docx, bukan '{out.suffix}' (write .pdf or .docx)")
    sheet = _load(settings, catalog, doc_id)
    written = render_pdf(sheet, out) if suffix == ".pdf" else render_docx(sheet, out)
    catalog.add_audit(doc_id, SHEET_ACTION, actor=actor or review.officer(),
                      after={"format": suffix[1:], "conclusion": sheet.conclusion})
    return written


#: The audit action of a drafted sheet.
SHEET_ACTION = "consequence_sheet"


def dik_gaps(settings: Settings, catalog: Catalog, doc_id: int) -> list[str]:
    """What a DIK proposal still lacks before a Keputusan can set it, for the workspace (audit included)."""
    from pindai import review

    rec = review.record(catalog, settings, doc_id)
    written = any(a["action"] == SHEET_ACTION for a in review.audit_trail(catalog, doc_id))
    return missing_for_decision(rec, sheet_written=written)


def record_sheet(settings: Settings, catalog: Catalog, doc_id: int, *, consequence: str | None = None,
                 public_interest: str | None = None, period: str | None = None, legal_basis: str | None = None,
                 actor: str | None = None) -> Any:
    """The officer's filled sheet fields into the DIK register's columns (one audited decision)."""
    from pindai import review

    return review.decide(settings, catalog, doc_id, review.Decision(
        consequence=consequence, public_interest=public_interest, period=period, legal_basis=legal_basis,
        reason="lembar uji konsekuensi"), actor=actor, action="consequence_test")


# --------------------------------------------------------------------------- rendering

_HEAD = "LEMBAR PENGUJIAN KONSEKUENSI"
_SUB = "Uji konsekuensi informasi yang dikecualikan (Pasal 19 UU 14/2008; PKPU 22/2023)"
_NOTE = ("Bagian bertanda [diisi petugas] dilengkapi oleh PPID bersama unit yang menguasai informasi. "
         "Lembar ini menguraikan informasi, tidak memuat isinya.")


def render_pdf(sheet: Sheet, out: Path) -> Path:
    """The sheet as a portrait A4 PDF (DejaVu, the registers' font)."""
    from pindai.registers._pdf import FAMILY, new_document

    pdf = new_document(title=f"Uji konsekuensi dokumen #{sheet.doc_id}", orientation="P",
                       footer=f"pindai: draf uji konsekuensi dokumen #{sheet.doc_id}")
    pdf.set_margins(18, 15, 18)
    pdf.set_x(18)
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(0, 7, _HEAD, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    pdf.multi_cell(0, 5, f"{sheet.office}\n{_SUB}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    label_w = 62
    for f in sheet.fields:
        pdf.set_font(FAMILY, "B", 9)
        label_h = pdf.multi_cell(label_w, 5, f.label, align="L", dry_run=True, output="HEIGHT")
        pdf.set_font(FAMILY, "", 9)
        value_h = pdf.multi_cell(pdf.epw - label_w, 5, f.value, align="L", dry_run=True, output="HEIGHT")
        if pdf.get_y() + max(label_h, value_h) > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(FAMILY, "B", 9)
        pdf.multi_cell(label_w, 5, f.label, align="L", new_x="RIGHT", new_y="TOP")
        pdf.set_font(FAMILY, "", 9)
        if f.officer:
            pdf.set_fill_color(255, 248, 220)  # the officer's fields stand out
        pdf.set_xy(pdf.l_margin + label_w, y)
        pdf.multi_cell(pdf.epw - label_w, 5, f.value, align="L", fill=f.officer, new_x="LMARGIN", new_y="NEXT")
        bottom = y + max(label_h, value_h)
        pdf.line(pdf.l_margin, bottom + 1, pdf.l_margin + pdf.epw, bottom + 1)
        pdf.set_y(bottom + 2.5)
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 9)
    pdf.cell(0, 6, "Tim penguji", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    for who in sheet.signers:
        pdf.cell(50, 9, who, border="B")
        pdf.cell(60, 9, "Nama: ", border="B")
        pdf.cell(0, 9, "Tanda tangan: ", border="B", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FAMILY, "", 7.5)
    pdf.multi_cell(0, 4, _NOTE, align="L", new_x="LMARGIN", new_y="NEXT")
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
    return out


def _docx_table(doc: Any, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return table


def render_docx(sheet: Sheet, out: Path) -> Path:
    """The sheet as a Word document: a two-column table the office edits and signs."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    doc = Document()
    doc.core_properties.title = f"Uji konsekuensi dokumen #{sheet.doc_id}"
    doc.core_properties.author = "pindai"
    style = doc.styles["Normal"]
    style.font.size = Pt(10)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = head.add_run(_HEAD)
    r.bold = True
    r.font.size = Pt(13)
    sub = doc.add_paragraph(f"{sheet.office}\n{_SUB}")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for f in sheet.fields:
        cells = table.add_row().cells
        cells[0].text = f.label
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = f.value
        if f.officer:
            for run in cells[1].paragraphs[0].runs:
                run.font.color.rgb = RGBColor(0x8A, 0x4B, 0x00)
    doc.add_paragraph()
    doc.add_paragraph("Tim penguji").runs[0].bold = True
    _docx_table(doc, ["Peran", "Nama", "Jabatan", "Tanda tangan"], [[w, "", "", ""] for w in sheet.signers])
    note = doc.add_paragraph(_NOTE)
    note.runs[0].font.size = Pt(8)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


# --------------------------------------------------------------------------- the unit's draft DIK list


@dataclass
class DraftRow:
    """One DIK proposal in a unit's draft list."""

    doc_id: int
    description: str
    ground: str
    reason: str
    period: str
    status: str


def unit_drafts(records: Sequence[Any], unit: str | None = None) -> dict[str, list[DraftRow]]:
    """The DIK proposals (not yet set by a Keputusan) by unit, each with its reason (pure)."""
    out: dict[str, list[DraftRow]] = {}
    for rec in records:
        if rec.register != "DIK" or not rec.ground or rec.status == "ditetapkan":
            continue
        if unit is not None and rec.unit != unit:
            continue
        reason = f"Pasal 17 huruf {rec.ground} UU 14/2008. Memuat: {_describe_evidence(rec.evidence)}."
        out.setdefault(rec.unit, []).append(DraftRow(
            rec.id, rec.description or rec.title or f"dokumen #{rec.id}", rec.ground, reason,
            rec.period or _PERIOD.get(rec.ground, _PERIOD_DEFAULT), rec.status))
    return dict(sorted(out.items()))


_DRAFT_HEAD = "DRAF DAFTAR INFORMASI YANG DIKECUALIKAN BESERTA ALASAN PENGECUALIAN"
_DRAFT_COLS = ("No", "ID", "Uraian informasi", "Dasar dan alasan pengecualian", "Jangka waktu usulan")


def write_unit_drafts(settings: Settings, catalog: Catalog, out: Path, *, unit: str | None = None) -> Path:
    """Each unit's draft list of its DIK proposals with reasons (.pdf or .docx), for the Nota Dinas.

    Raises:
        SheetError: no DIK proposal waits, or an unknown suffix.
    """
    from pindai import review

    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise SheetError(f"Tulis sebagai .pdf atau .docx, bukan '{out.suffix}' (write .pdf or .docx)")
    groups = unit_drafts(review.records(catalog, settings), unit)
    if not groups:
        raise SheetError("Tidak ada usulan DIK yang menunggu penetapan (no DIK proposal waits)")
    office, today = settings.registers.office, date.today().isoformat()
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".docx":
        from docx import Document

        doc = Document()
        for k, (name, rows) in enumerate(groups.items()):
            if k:
                doc.add_page_break()
            doc.add_heading(_DRAFT_HEAD, level=1)
            doc.add_paragraph(f"{office}. Unit kerja: {name}. Tanggal: {today}. Lampiran Nota Dinas.")
            _docx_table(doc, _DRAFT_COLS, [[str(i), f"#{r.doc_id}", r.description, r.reason, r.period]
                                           for i, r in enumerate(rows, start=1)])
        doc.save(str(out))
        return out
    from pindai.registers._pdf import draw_table, draw_title, new_document

    pdf = new_document(title=_DRAFT_HEAD, footer=f"pindai: draf DIK, {today}")
    for k, (name, rows) in enumerate(groups.items()):
        if k:
            pdf.add_page()
        draw_title(pdf, [_DRAFT_HEAD, f"{office}. Unit kerja: {name}. Tanggal: {today}. Lampiran Nota Dinas."])
        draw_table(pdf, _DRAFT_COLS, [[i, f"#{r.doc_id}", r.description, r.reason, r.period]
                                      for i, r in enumerate(rows, start=1)], widths=[10, 14, 80, 120, 53])
    pdf.output(str(out))
    return out


# --------------------------------------------------------------------------- the Keputusan that sets exemptions

_MONTH_NUMBERS = {m: i for i, m in enumerate(
    ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
     "november", "desember"), start=1)}
_KEP_NUMBER = re.compile(r"(?i)\bnomor\s*:?\s*([0-9][\w./-]*)\s+tahun\s+((?:19|20)\d{2})\b")
_KEP_DATE = re.compile(r"(?i)\bpada\s+tanggal\s*:?\s*(\d{1,2})\s+([a-z]+)\s+((?:19|20)\d{2})\b")
_CATEGORY = re.compile(
    r"(?im)^[ \t]*(?:\d{1,2}[.)][ \t]*)?(?P<desc>[A-Za-z][^\n]*?)[ \t]+(?:(?:ps\.?|pasal)[ \t]*17[ \t]*)?"
    r"huruf[ \t]+(?P<ground>[a-j])\b[ \t]*(?P<period>[^\n]*)$")
_HEADER_WORDS = {"informasi", "jenis informasi", "uraian", "uraian informasi", "no", "jenis"}
#: Words of a category that name a classifier signal (pindai/classify/signals.py).
_CATEGORY_SIGNALS = {
    "kesehatan": {"medis"}, "medis": {"medis"}, "psikolog": {"psikologi"}, "psikologi": {"psikologi"},
    "nilai": {"nilai_tes"}, "wawancara": {"nilai_tes"}, "rekening": {"rekening_npwp"}, "npwp": {"rekening_npwp"},
    "ktp": {"nik_lengkap"}, "nik": {"nik_lengkap"}, "kependudukan": {"nik_lengkap", "adminduk"},
    "penawaran": {"surat_penawaran", "rincian_harga", "dari_penyedia"}, "pidana": {"dugaan_pidana", "laporan_polisi"},
    "saksi": {"terlapor_saksi"}, "pelapor": {"terlapor_saksi"}, "akta": {"akta"}, "tertutup": {"rapat_tertutup"},
    "rahasia": {"sifat_rahasia"}, "sandi": {"kredensial"}, "akun": {"kredensial"},
    "kinerja": {"penilaian_kinerja"}, "ijazah": {"ijazah_skck"}, "skck": {"ijazah_skck"},
}
_STOP = {"dan", "atau", "yang", "data", "informasi", "hasil", "dokumen", "surat", "serta", "para", "calon", "dalam",
         "untuk", "dari", "oleh", "sebelum", "sesudah", "setelah", "peserta"}


@dataclass(frozen=True)
class Category:
    """One category of exempt information a Keputusan lists."""

    description: str
    ground: str
    period: str


@dataclass(frozen=True)
class Keputusan:
    """What pindai reads from a filed Keputusan tentang Informasi yang Dikecualikan."""

    doc_id: int
    number: str
    #: ISO date it was set ("" when not found).
    date: str
    categories: tuple[Category, ...]

    @property
    def reference(self) -> str:
        when = ""
        if self.date:
            from pindai.metadata import indonesian_date

            when = f", {indonesian_date(datetime.fromisoformat(self.date))}"
        return f"Keputusan Nomor {self.number}{when} (dokumen #{self.doc_id})"


@dataclass(frozen=True)
class CategoryMatch:
    """A DIK proposal that a category of the Keputusan covers, and why."""

    doc_id: int
    category: Category
    why: str


def read_keputusan(doc_id: int, text: str) -> Keputusan:
    """Number, date and listed categories of a Keputusan from its text (pure).

    Raises:
        SheetError: no number or no category with a Pasal 17 letter was found.
    """
    m = _KEP_NUMBER.search(text)
    if m is None:
        raise SheetError(f"Nomor Keputusan tidak terbaca pada dokumen #{doc_id}; periksa pindaiannya "
                         f"(no Keputusan number found)")
    number = f"{m.group(1)} Tahun {m.group(2)}"
    d = _KEP_DATE.search(text)
    when = ""
    if d and d.group(2).lower() in _MONTH_NUMBERS:
        try:
            when = date(int(d.group(3)), _MONTH_NUMBERS[d.group(2).lower()], int(d.group(1))).isoformat()
        except ValueError:
            when = ""
    cats = []
    for c in _CATEGORY.finditer(text):
        desc = " ".join(c.group("desc").split()).strip(" :|")
        if desc.lower() in _HEADER_WORDS or len(desc) < 4:
            continue
        cats.append(Category(desc, c.group("ground").lower(), " ".join(c.group("period").split()).strip(" |")))
    if not cats:
        raise SheetError(f"Tidak ada kategori informasi berhuruf Pasal 17 pada dokumen #{doc_id} "
                         f"(no category with a Pasal 17 letter found)")
    return Keputusan(doc_id, number, when, tuple(cats))


def _words_of(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower().replace("_", " ")) if w not in _STOP}


def match_categories(kep: Keputusan, records: Sequence[Any]) -> list[CategoryMatch]:
    """The DIK proposals (no Keputusan yet) each category covers: same letter, and a shared word or signal (pure)."""
    out = []
    for rec in records:
        if rec.register != "DIK" or rec.decision_ref or rec.id == kep.doc_id:
            continue
        own_words = _words_of(" ".join((rec.title, rec.description, rec.kind)))
        signals = {e.get("signal", "") for e in rec.evidence}
        for cat in kep.categories:
            if cat.ground != rec.ground:
                continue
            words = _words_of(cat.description)
            shared = sorted(w for w in words if any(w[:6] == o[:6] for o in own_words))
            via = sorted({s for w in words for k, sig in _CATEGORY_SIGNALS.items() if w.startswith(k)
                          for s in sig} & signals)
            if not shared and not via:
                continue
            why = f"huruf {cat.ground} sama"
            if shared:
                why += f"; kata sama di judul/jenis: {', '.join(shared)}"
            if via:
                why += f"; sinyal: {', '.join(_SIGNAL_WORDS.get(s, s) for s in via)}"
            out.append(CategoryMatch(rec.id, cat, why))
            break
    return out


def keputusan_matches(settings: Settings, catalog: Catalog, doc_id: int) -> tuple[Keputusan, list[CategoryMatch]]:
    """Read a filed Keputusan and find the DIK proposals it sets (nothing is changed)."""
    from pindai import review

    text = "\n".join(r["text"] for r in catalog.page_rows(doc_id))
    if not text.strip():
        raise SheetError(f"Dokumen #{doc_id} tidak ada atau tanpa teks (no such document or no text)")
    kep = read_keputusan(doc_id, text)
    return kep, match_categories(kep, review.records(catalog, settings))


def set_by_keputusan(settings: Settings, catalog: Catalog, doc_id: int, *, only: Sequence[int] | None = None,
                     actor: str | None = None) -> list[CategoryMatch]:
    """Set the matching DIK proposals (``usulan`` → ``ditetapkan``) with the Keputusan's reference, each audited.

    Args:
        only: set only these proposals of the matches; None: all of them.
    """
    from pindai import review

    kep, matches = keputusan_matches(settings, catalog, doc_id)
    chosen = [m for m in matches if only is None or m.doc_id in only]
    for m in chosen:
        rec = review.record(catalog, settings, m.doc_id)
        review.decide(settings, catalog, m.doc_id, review.Decision(
            decision_ref=kep.reference, period=None if rec.period or not m.category.period else m.category.period,
            reason=f"kategori '{m.category.description}': {m.why}"), actor=actor, action="keputusan")
    return chosen
