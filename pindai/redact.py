"""Redaction (penghitaman): proposed and confirmed boxes, the redacted public copy, verified.

The flow (DESIGN.md "From proposal to decision"):

1. :func:`propose` reads the word boxes of a document's PDF/A text layer and
   proposes a box over every complete personal identifier (NIK, KK, NPWP, NIP,
   a personal mobile number, a bank account near a bank name, a personal
   e-mail), every date of birth next to a person and every home address in a
   list of persons. Each box is stored with its reason (signal, Pasal 17
   ground) and status ``usulan``. Masked identifiers (what KPU publishes) and
   office contacts are not proposed.
2. The officer confirms or rejects boxes (:func:`set_status`) and draws more
   (:func:`add_box`), also over a region with no words, or withholds a page.
3. :func:`apply` renders every page, burns each confirmed box into the pixels
   (solid black, never an overlay), OCRs the burned images again through
   pindai's OCR stage into PDF/A-2b (so the text layer holds only what is
   still visible), clears the metadata, and files the result as a new
   document linked to its source.
4. :func:`verify` reads the copy back (text layer, a fresh OCR of its rendered
   pages, metadata, raw and decompressed bytes) for every redacted token and
   every complete identifier. Only a verified copy leaves the exempt side and
   gets its DIP entry; :func:`is_publishable` is the gate for publish and the
   public index.

No redacted token is ever logged or shown: findings say where, and the masked
evidence of :func:`pindai.classify.identifiers.mask`.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pindai._exec import ToolError, poppler
from pindai._exec.poppler import PageWords, WordBox
from pindai.catalog import Catalog
from pindai.classify.identifiers import IdentifierHit, find_identifiers, mask
from pindai.config import Profile, Settings
from pindai.errors import ExitCode, PindaiError

__all__ = [
    "Box",
    "CopyResult",
    "Finding",
    "RedactError",
    "add_box",
    "apply",
    "check_copy",
    "boxes",
    "copies_of",
    "copy_status",
    "ensure_proposed",
    "is_publishable",
    "page_sizes",
    "propose",
    "propose_page",
    "set_status",
    "verify",
]

log = logging.getLogger(__name__)

#: Statuses of a box.
PROPOSED, CONFIRMED, REJECTED = "usulan", "dikonfirmasi", "ditolak"
STATUSES = (PROPOSED, CONFIRMED, REJECTED)

#: What each kind of box withholds, for the reason column (Pasal 17 huruf, and other law).
KIND_REASONS: dict[str, tuple[str, str]] = {
    "nik": ("h", "NIK lengkap: data pribadi (Pasal 17 huruf h UU 14/2008; Pasal 84 UU 24/2013)"),
    "kk": ("h", "Nomor KK lengkap: data pribadi (Pasal 17 huruf h UU 14/2008; Pasal 84 UU 24/2013)"),
    "npwp": ("h", "NPWP: keadaan keuangan pribadi (Pasal 17 huruf h UU 14/2008)"),
    "nip": ("h", "NIP lengkap: data pribadi pegawai (Pasal 17 huruf h UU 14/2008)"),
    "phone": ("h", "nomor seluler pribadi (Pasal 17 huruf h UU 14/2008; UU 27/2022)"),
    "bank_account": ("h", "nomor rekening pribadi (Pasal 17 huruf h angka 4 UU 14/2008)"),
    "email": ("h", "alamat surel pribadi (Pasal 17 huruf h UU 14/2008; UU 27/2022)"),
    "dob": ("h", "tanggal lahir seseorang (Pasal 17 huruf h UU 14/2008; Pasal 84 UU 24/2013)"),
    "address": ("h", "alamat rumah seseorang dalam daftar orang (Pasal 17 huruf h UU 14/2008; UU 27/2022)"),
    "manual": ("h", "kotak yang digambar petugas"),
    "page": ("h", "halaman dikecualikan seluruhnya"),
}
#: An identifier hit below this confidence is not proposed (office contacts are <= 0.2).
MIN_CONFIDENCE = 0.3
#: Points added on every side of a box before it is burned in (OCR boxes are tight).
PAD_PT = 1.5


class RedactError(PindaiError):
    """A redaction command cannot be done as asked; the message says what to do."""

    exit_code = ExitCode.bad_config


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Box:
    """One proposed or confirmed redaction box of a document page."""

    id: int
    document_id: int
    #: 1-based page number.
    page: int
    #: Box in PDF points from the page's top-left corner (the text layer's frame).
    x0: float
    y0: float
    x1: float
    y1: float
    #: The whole page is withheld.
    whole_page: bool
    #: nik | kk | npwp | nip | phone | bank_account | email | dob | address | manual | page
    kind: str
    #: The signal, masked: "NIK 160401******0001 (NIK laki-laki, ...)". Never the words themselves.
    signal: str
    #: Pasal 17 letter.
    ground: str
    #: Why, in the statute's terms.
    reason: str
    #: usulan | dikonfirmasi | ditolak
    status: str
    #: "sistem" (proposed) or "petugas" (drawn by an officer).
    origin: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Finding:
    """Something the redacted copy still shows. ``where`` names the place, never the words."""

    #: "lapisan teks" | "OCR ulang" | "metadata" | "bita berkas"
    where: str
    #: 1-based page, 0 for the whole file.
    page: int
    #: What was found, masked: "token kotak #12 (nik)" or "NIK 160401******0001".
    what: str

    def __str__(self) -> str:
        at = f" hlm {self.page}" if self.page else ""
        return f"{self.where}{at}: {self.what}"


@dataclass(frozen=True)
class CopyResult:
    """What :func:`apply` made."""

    #: The new document's id.
    copy_id: int
    source_id: int
    #: Confirmed boxes burned in.
    boxes: int
    verified: bool
    findings: tuple[Finding, ...] = ()
    #: Path of the copy's PDF/A, relative to the home.
    pdfa_path: str = ""
    pdfa_valid: bool = False
    #: Seconds per step: render_burn, ocr, clean, verify.
    timings: dict[str, float] = field(default_factory=dict)


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _box(row: Any) -> Box:
    return Box(id=row["id"], document_id=row["document_id"], page=row["page"], x0=row["x0"], y0=row["y0"],
               x1=row["x1"], y1=row["y1"], whole_page=bool(row["whole_page"]), kind=row["kind"],
               signal=row["signal"], ground=row["ground"], reason=row["reason"], status=row["status"],
               origin=row["origin"])


# --------------------------------------------------------------------------- the pure core: words -> proposals


@dataclass(frozen=True)
class Proposal:
    """A box :func:`propose_page` suggests, with the words it covers (kept for verification)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    kind: str
    signal: str
    #: The covered words as the text layer has them (exempt text: stored, never shown).
    token: str


@dataclass
class _Row:
    words: list[WordBox]
    #: character span of each word in the page text
    spans: list[tuple[int, int]] = field(default_factory=list)
    start: int = 0
    text: str = ""

    @property
    def height(self) -> float:
        return max(w.y1 - w.y0 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.y0 for w in self.words)


def _rows(page: PageWords) -> tuple[str, list[_Row]]:
    """The page's words as visual rows (a table row is one row), and the page text built from them.

    A wide gap between two words (a table's column) becomes three spaces, so that
    numbers in neighbouring columns are never read as one.
    """
    words = sorted(page.words, key=lambda w: (w.y0 + w.y1) / 2)
    rows: list[_Row] = []
    for w in words:
        yc, h = (w.y0 + w.y1) / 2, w.y1 - w.y0
        if rows:
            last = rows[-1]
            lc = sum((v.y0 + v.y1) / 2 for v in last.words) / len(last.words)
            if abs(yc - lc) < 0.45 * max(h, last.height):
                last.words.append(w)
                continue
        rows.append(_Row([w]))
    parts: list[str] = []
    pos = 0
    for row in rows:
        row.words.sort(key=lambda w: w.x0)
        row.start = pos
        chunks = []
        prev: WordBox | None = None
        for w in row.words:
            if prev is not None:
                char = (prev.x1 - prev.x0) / max(1, len(prev.text))
                sep = "   " if w.x0 - prev.x1 > 1.6 * char else " "
                chunks.append(sep)
                pos += len(sep)
            row.spans.append((pos, pos + len(w.text)))
            chunks.append(w.text)
            pos += len(w.text)
            prev = w
        row.text = "".join(chunks)
        parts.append(row.text)
        pos += 1  # the line break
    return "\n".join(parts), rows


def _union(words: list[WordBox]) -> tuple[float, float, float, float]:
    return (min(w.x0 for w in words), min(w.y0 for w in words), max(w.x1 for w in words),
            max(w.y1 for w in words))


def _covering(rows: list[_Row], start: int, end: int) -> list[list[WordBox]]:
    """The words of each row that overlap the text span [start, end)."""
    out = []
    for row in rows:
        got = [w for w, (s, e) in zip(row.words, row.spans, strict=True) if s < end and e > start]
        if got:
            out.append(got)
    return out


def _personal(hit: IdentifierHit) -> bool:
    """A complete identifier of a person (see the filter in ``identifiers``' docstring)."""
    return (not hit.masked and hit.confidence >= MIN_CONFIDENCE
            and not hit.detail.startswith(("kantor:", "pejabat:")))


_MONTHS = (r"(?:Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
           r"Nopember|November|Desember|Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Ags|Sep|Okt|Nov|Des)")
_DATE = re.compile(rf"(?i:\b\d{{1,2}}\s*[-/.]\s*\d{{1,2}}\s*[-/.]\s*(?:19|20)\d{{2}}\b|"
                   rf"\b\d{{1,2}}\s+{_MONTHS}\.?\s+(?:19|20)\d{{2}}\b)")
_BIRTH_LABEL = re.compile(
    r"(?i:\b(?:tempat\s*[,/]?\s*)?(?:tanggal|tgl\.?)\s*[-/]?\s*lahir\b|\bt\.?t\.?l\b|\blahir\b)"
    r"[^:\n]{0,12}:?")
_ADDRESS_LABEL = re.compile(
    r"(?i:\balamat(?:\s+(?:rumah|tempat\s+tinggal|domisili|lengkap|sesuai\s+ktp))?\s*:)")
#: Lines around an address or an account that make it an organisation's: a letterhead (the office's
#: name, its phone and fax, a go.id mailbox) or a company (a supplier's CV / PT in a contract).
_ORGANISATION = re.compile(
    r"(?i:\b(?:kantor|kpu|sekretariat|komisi|bawaslu|pemerintah|dinas|fax|faks|penyedia|koperasi|firma)\b|"
    r"go\.id\b)|\b(?:CV|PT|UD|Tbk)\b")
#: Kinds of identifier an organisation has too: in its context they are not a person's.
_ORGANISATION_KINDS = ("npwp", "bank_account")
_PERSON_CONTEXT = re.compile(r"(?i:\bnama\b)")
_HEADER_ADDRESS = re.compile(r"(?i:^alamat$)")
_HEADER_BIRTH = re.compile(r"(?i:^(?:tgl\.?|tanggal|ttl)$)")
_HEADER_OTHER = re.compile(r"(?i:^(?:no\.?|nama|nik|jenis|l/p|jk|umur|usia|ket\.?|keterangan|"
                           r"tps|rt|rw|status|pekerjaan|jabatan|kk|hp|telp\.?)$)")


def propose_page(page: PageWords) -> list[Proposal]:
    """Boxes to propose on one page: complete identifiers, dates of birth, home addresses.

    Pure: words in, proposals out. A number written over two lines gives a box per line.
    """
    text, rows = _rows(page)
    out: list[Proposal] = []
    covered: list[tuple[int, int]] = []

    def add(kind: str, signal: str, start: int, end: int) -> None:
        if any(s < end and e > start for s, e in covered):
            return
        covered.append((start, end))
        for words in _covering(rows, start, end):
            x0, y0, x1, y1 = _union(words)
            out.append(Proposal(page.number, x0, y0, x1, y1, kind, signal, " ".join(w.text for w in words)))

    hits = [h for h in find_identifiers(text) if _personal(h) and not (
        h.kind in _ORGANISATION_KINDS and _organisation_near(rows, _row_of(rows, h.start), before=3, after=0))]
    for h in hits:
        add(h.kind, f"{h.shown} ({h.detail})" if h.detail else h.shown, h.start, h.end)

    # a page about persons: a complete identifier of a person, or a "Nama" label or column
    persons = bool(hits) or bool(_PERSON_CONTEXT.search(text))
    id_rows = {i for i, r in enumerate(rows)
               for h in hits if h.kind in ("nik", "kk") and r.start <= h.start < r.start + len(r.text) + 1}
    for i, row in enumerate(rows):
        end_of_row = row.start + len(row.text)
        # labelled fields: "Tempat/Tgl. Lahir : Lahat, 12-07-1985", "Alamat : Dusun II ..."
        for m in _BIRTH_LABEL.finditer(row.text):
            value = row.text[m.end():]
            if _DATE.search(value) and persons:
                vstart = row.start + m.end() + (len(value) - len(value.lstrip()))
                add("dob", "tanggal lahir berlabel", vstart, _field_end(row, vstart, end_of_row))
        m = _ADDRESS_LABEL.search(row.text)
        if m and persons and not _organisation_near(rows, i, after=1):
            value = row.text[m.end():]
            vstart = row.start + m.end() + (len(value) - len(value.lstrip()))
            if vstart < end_of_row:
                add("address", "alamat berlabel dalam daftar orang", vstart, _field_end(row, vstart, end_of_row))
                nxt = _continuation(rows, i, vstart)
                if nxt is not None:
                    add("address", "alamat berlabel (baris lanjutan)", nxt.start, nxt.start + len(nxt.text))
        # a date in the row of a person's NIK / KK: a date of birth in a list of persons
        if i in id_rows:
            for d in _DATE.finditer(row.text):
                add("dob", "tanggal di baris data seseorang (NIK)", row.start + d.start(), row.start + d.end())

    # table columns headed "Alamat" / "Tgl. Lahir" in a list of persons
    for kind, header, signal in (("address", _HEADER_ADDRESS, "kolom alamat dalam daftar orang"),
                                 ("dob", _HEADER_BIRTH, "kolom tanggal lahir dalam daftar orang")):
        for start, end in _column_cells(rows, header, kind):
            if kind == "dob" and not _DATE.search(text[start:end]):
                continue
            add(kind, signal, start, end)
    out.sort(key=lambda p: (p.y0, p.x0))
    return out


def _row_of(rows: list[_Row], pos: int) -> int:
    return next((i for i, r in enumerate(rows) if r.start <= pos <= r.start + len(r.text)), 0)


def _organisation_near(rows: list[_Row], i: int, *, before: int = 2, after: int = 1) -> bool:
    """The row, the ``before`` rows above it or the ``after`` rows below name an organisation."""
    return any(_ORGANISATION.search(r.text) for r in rows[max(0, i - before): i + after + 1])


def _field_end(row: _Row, start: int, end: int) -> int:
    """A field's value ends at a column gap (three spaces) or the end of the row."""
    gap = row.text.find("   ", start - row.start)
    return row.start + gap if gap >= 0 else end


def _continuation(rows: list[_Row], i: int, vstart: int) -> _Row | None:
    """The next row when it continues a labelled value (starts under it, has no label)."""
    if i + 1 >= len(rows):
        return None
    row, nxt = rows[i], rows[i + 1]
    x = next(w.x0 for w, (s, _e) in zip(row.words, row.spans, strict=True) if s >= vstart)
    first = nxt.words[0]
    if abs(first.x0 - x) > 6 or ":" in nxt.text or nxt.top - row.top > 2.2 * row.height:
        return None
    return nxt


def _column_cells(rows: list[_Row], header: re.Pattern[str], kind: str) -> list[tuple[int, int]]:
    """Spans of the cells under a header word matching ``header`` in a table of persons."""
    out = []
    for i, row in enumerate(rows):
        texts = [w.text.strip(".:") for w in row.words]
        cols = [k for k, t in enumerate(texts) if header.match(t)]
        # a header row names columns; "Alamat : Desa ... RT 03" is a labelled field, not a header
        if not cols or ":" in row.text or not any(_HEADER_OTHER.match(t) for t in texts):
            continue
        k = cols[0]
        left = row.words[k].x0 - 4
        # the column ends where the next header (not a word of this header: "Tgl. Lahir") starts
        right = float("inf")
        for w, t in zip(row.words[k + 1:], texts[k + 1:], strict=True):
            if _HEADER_OTHER.match(t) or header.match(t) and kind != "dob":
                right = w.x0 - 4
                break
            if kind == "dob" and t.lower() == "lahir":
                continue
            if w.x0 - row.words[k].x1 > 30:
                right = w.x0 - 4
                break
        prev = row
        for nxt in rows[i + 1:]:
            if nxt.top - prev.top > 2.6 * prev.height:
                break  # the table ended
            cell = [(s, e) for w, (s, e) in zip(nxt.words, nxt.spans, strict=True)
                    if left <= (w.x0 + w.x1) / 2 < right]
            if cell:
                out.append((cell[0][0], cell[-1][1]))
            prev = nxt
    return out


# --------------------------------------------------------------------------- the library: proposals and boxes


def _source(catalog: Catalog, doc_id: int) -> Any:
    doc = catalog.document(doc_id)
    if doc is None:
        raise RedactError(f"Dokumen #{doc_id} tidak ada. Lihat daftarnya: pindai review --all "
                          f"(no document #{doc_id})")
    return doc


def propose(settings: Settings, catalog: Catalog, doc_id: int, *, actor: str = "pindai") -> list[Box]:
    """Read the document's text layer and store a proposed box per identifier, birth date, address.

    Earlier proposals the officer has not acted on are replaced; confirmed,
    rejected and hand-drawn boxes are kept (a proposal they already cover is not
    added again).

    Returns:
        Every box of the document after proposing.
    """
    doc = _source(catalog, doc_id)
    pdf = settings.home.root / doc.pdfa_path
    try:
        pages = poppler.page_words(pdf)
    except ToolError as e:
        raise RedactError(f"Lapisan teks dokumen #{doc_id} tidak terbaca; jalankan: pindai check "
                          f"(cannot read the text layer: {e})") from e
    proposals = [p for page in pages for p in propose_page(page)]
    with catalog.atomic():
        catalog.delete_proposed_redactions(doc_id)
        kept = catalog.redaction_rows(doc_id)
        fresh = [p for p in proposals if not any(_same_box(p, k) for k in kept)]
        catalog.add_redactions(doc_id, [_proposal_row(p, actor) for p in fresh])
        catalog.add_audit(doc_id, "redact_propose", actor=actor,
                          after={"proposed": len(fresh), "kinds": sorted({p.kind for p in fresh})})
    log.info("document %d: %d redactions proposed", doc_id, len(fresh))
    return boxes(catalog, doc_id)


def ensure_proposed(settings: Settings, catalog: Catalog, doc_id: int) -> list[Box]:
    """The document's boxes, proposing them first if that was never done (the workspace's document page)."""
    from pindai import review

    if not any(a["action"] == "redact_propose" for a in review.audit_trail(catalog, doc_id)):
        return propose(settings, catalog, doc_id)
    return boxes(catalog, doc_id)


def page_sizes(settings: Settings, catalog: Catalog, doc_id: int) -> list[tuple[float, float]]:
    """(width, height) of each page in PDF points: the frame of every box, for drawing them on a page image."""
    doc = _source(catalog, doc_id)
    return [(p.width, p.height) for p in poppler.page_words(settings.home.root / doc.pdfa_path)]


def _same_box(p: Proposal, row: Any) -> bool:
    return row["page"] == p.page and abs(row["x0"] - p.x0) < 1 and abs(row["y0"] - p.y0) < 1 \
        and abs(row["x1"] - p.x1) < 1 and abs(row["y1"] - p.y1) < 1


def _proposal_row(p: Proposal, actor: str) -> dict[str, Any]:
    ground, reason = KIND_REASONS[p.kind]
    return {"page": p.page, "x0": p.x0, "y0": p.y0, "x1": p.x1, "y1": p.y1, "whole_page": 0,
            "kind": p.kind, "signal": p.signal, "ground": ground, "reason": reason, "token": p.token,
            "status": PROPOSED, "origin": "sistem", "created_by": actor, "created_at": _now()}


def boxes(catalog: Catalog, doc_id: int, *, status: str | None = None) -> list[Box]:
    """The document's boxes (all, or those with ``status``), page by page, top to bottom."""
    _source(catalog, doc_id)
    return [_box(r) for r in catalog.redaction_rows(doc_id, status=status)]


def set_status(catalog: Catalog, doc_id: int, box_ids: Iterable[int] | None, status: str, *,
               actor: str, reason: str = "") -> int:
    """Confirm (``dikonfirmasi``) or reject (``ditolak``) boxes; None: every proposed box.

    Returns:
        How many boxes changed.

    Raises:
        RedactError: an id is not a box of this document, or the status is unknown.
    """
    if status not in STATUSES:
        raise RedactError(f"Status tidak dikenal: {status} (unknown status)")
    _source(catalog, doc_id)
    rows = catalog.redaction_rows(doc_id)
    if box_ids is None:
        ids = [r["id"] for r in rows if r["status"] == PROPOSED]
    else:
        ids = list(box_ids)
        unknown = sorted(set(ids) - {r["id"] for r in rows})
        if unknown:
            raise RedactError(f"Kotak {unknown} bukan milik dokumen #{doc_id}; lihat: pindai redact show "
                              f"{doc_id} (boxes not of this document)")
    with catalog.atomic():
        n = catalog.set_redaction_status(doc_id, ids, status, actor=actor, at=_now())
        catalog.add_audit(doc_id, "redact_" + ("confirm" if status == CONFIRMED else "reject"), actor=actor,
                          after={"boxes": ids, "status": status}, reason=reason)
    return n


def add_box(settings: Settings, catalog: Catalog, doc_id: int, *, page: int,
            rect: tuple[float, float, float, float] | None = None, unit: str = "pt",
            reason: str = "", ground: str = "h", actor: str) -> Box:
    """An officer's own box (confirmed at once): over any region, words or not, or a whole page.

    Args:
        page: 1-based page number.
        rect: (x0, y0, x1, y1) from the page's top-left corner; None withholds the whole page.
        unit: "pt" (PDF points, as ``redact show`` prints) or "mm".

    Raises:
        RedactError: no such page, or the box lies outside it.
    """
    doc = _source(catalog, doc_id)
    pages = poppler.page_words(settings.home.root / doc.pdfa_path)
    if not 1 <= page <= len(pages):
        raise RedactError(f"Dokumen #{doc_id} punya {len(pages)} halaman; halaman {page} tidak ada "
                          f"(no page {page})")
    pw = pages[page - 1]
    if rect is None:
        x0, y0, x1, y1, whole, kind = 0.0, 0.0, pw.width, pw.height, 1, "page"
    else:
        scale = 72 / 25.4 if unit == "mm" else 1.0
        x0, y0, x1, y1 = (v * scale for v in rect)
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        whole, kind = 0, "manual"
        if x1 - x0 < 1 or y1 - y0 < 1 or x0 < 0 or y0 < 0 or x1 > pw.width + 1 or y1 > pw.height + 1:
            raise RedactError(
                f"Kotak di luar halaman {page} ({pw.width:.0f} x {pw.height:.0f} pt): beri x0,y0,x1,y1 dari "
                f"pojok kiri atas (box outside the page)")
    token = " ".join(w.text for w in _inside(pw.words, (x0, y0, x1, y1))) if not whole else ""
    g, why = KIND_REASONS[kind]
    row = {"page": page, "x0": x0, "y0": y0, "x1": x1, "y1": y1, "whole_page": whole, "kind": kind,
           "signal": "digambar petugas" if not whole else "halaman dikecualikan",
           "ground": ground or g, "reason": reason or why, "token": token, "status": CONFIRMED,
           "origin": "petugas", "created_by": actor, "created_at": _now()}
    with catalog.atomic():
        [box_id] = catalog.add_redactions(doc_id, [row])
        catalog.set_redaction_status(doc_id, [box_id], CONFIRMED, actor=actor, at=row["created_at"])
        catalog.add_audit(doc_id, "redact_add", actor=actor,
                          after={"box": box_id, "page": page, "whole_page": bool(whole)}, reason=reason)
    return next(b for b in boxes(catalog, doc_id) if b.id == box_id)


def _inside(words: Iterable[WordBox], rect: tuple[float, float, float, float]) -> list[WordBox]:
    """Words at least half covered by ``rect``."""
    x0, y0, x1, y1 = rect
    out = []
    for w in words:
        ix = max(0.0, min(x1, w.x1) - max(x0, w.x0))
        iy = max(0.0, min(y1, w.y1) - max(y0, w.y0))
        area = max(1e-6, (w.x1 - w.x0) * (w.y1 - w.y0))
        if ix * iy / area >= 0.5:
            out.append(w)
    return out


# --------------------------------------------------------------------------- the redacted copy


def _page_dpi(pdf: Path) -> list[tuple[float, bool]]:
    """Per page: the resolution of its largest image (300 when it has none) and whether it is grey."""
    import pikepdf

    out = []
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            width_pt = float(page.mediabox[2]) - float(page.mediabox[0])
            best, gray = 0, False
            for raw in page.get_images().values():
                w = int(raw.get("/Width", 0))
                if w > best:
                    best, gray = w, raw.get("/ColorSpace") == "/DeviceGray"
            out.append((best * 72 / width_pt if best and width_pt else 300.0, gray))
    return out


def _burn(image: Path, page_boxes: list[Box], dpi: float, out: Path) -> Path:
    """Paint every box solid black into the page image's pixels; write a lossless PNG."""
    from PIL import Image, ImageDraw

    scale = dpi / 72
    with Image.open(image) as im:
        img = im.convert("L") if im.mode in ("1", "L") else im.convert("RGB")
    draw = ImageDraw.Draw(img)
    black = 0 if img.mode == "L" else (0, 0, 0)
    for b in page_boxes:
        if b.whole_page:
            draw.rectangle((0, 0, img.width, img.height), fill=black)
            continue
        pad = 0 if b.origin == "petugas" else PAD_PT
        draw.rectangle((int((b.x0 - pad) * scale), int((b.y0 - pad) * scale),
                        int((b.x1 + pad) * scale + 0.999), int((b.y1 + pad) * scale + 0.999)), fill=black)
    # lossless, and barely compressed: the OCR stage reads it once and re-encodes it
    img.save(out, format="PNG", dpi=(dpi, dpi), compress_level=1)
    return out


#: XMP keys kept in a copy's metadata (PDF/A identification, dates, producer): nothing about its content.
NEUTRAL_XMP = ("pdfaid:part", "pdfaid:conformance", "xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate",
               "pdf:Producer")
NEUTRAL_INFO = ("/Producer", "/CreationDate", "/ModDate")


def clean_metadata(src: Path, out: Path) -> Path:
    """Copy ``src`` to ``out`` with document info and XMP cut down to neutral fields."""
    import pikepdf

    with pikepdf.open(src) as pdf:
        for key in list(pdf.docinfo.keys()):
            if key not in NEUTRAL_INFO:
                del pdf.docinfo[key]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            for key in list(meta.keys()):
                short = _xmp_short(key)
                if short not in NEUTRAL_XMP:
                    del meta[key]
        # page-level metadata, thumbnails and piece info could carry the original's content
        for page in pdf.pages:
            for key in ("/Metadata", "/PieceInfo", "/Thumb"):
                if key in page.obj:
                    del page.obj[key]
        for key in ("/PieceInfo", "/Outlines", "/Names"):
            if key in pdf.Root:
                del pdf.Root[key]
        pdf.save(out)
    return out


_XMP_PREFIX = {
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
}


def _xmp_short(key: str) -> str:
    m = re.match(r"\{(.*)\}(.*)", key)
    if not m:
        return key
    return f"{_XMP_PREFIX.get(m.group(1), m.group(1))}:{m.group(2)}"


def apply(settings: Settings, catalog: Catalog, doc_id: int, *, dip_type: str = "setiap_saat",
          actor: str, languages: tuple[str, ...] | None = None) -> CopyResult:
    """Make the redacted public copy of a document from its confirmed boxes.

    Every page is rendered at the PDF/A's resolution, each confirmed box is burned
    in as black pixels, the burned pages are OCRed again through pindai's OCR
    stage into PDF/A-2b (the text layer holds only what is still visible), the
    metadata is cut to neutral fields, and the copy is filed on the exempt side
    as a document linked to its source. It is then read back (:func:`verify`):
    verified, it moves to the public side with its own DIP entry and the
    source's DIK entry names it in "dapat dibuka setelah penghitaman"; not
    verified, it stays exempt and the findings say where something still shows.

    Raises:
        RedactError: the source is public already, or has no confirmed box.
    """
    import time

    from pindai import archive, domain, review
    from pindai.archive import sha256_file
    from pindai.catalog import page_row
    from pindai.ocr import ocr_document

    doc = _source(catalog, doc_id)
    if dip_type not in domain.DIP_TYPES:
        raise RedactError(f"Jenis DIP salinan: {', '.join(domain.DIP_TYPES)} (unknown DIP type {dip_type})")
    if catalog.redacted_copy(doc_id) is not None:
        raise RedactError(f"Dokumen #{doc_id} sendiri salinan yang dihitamkan; hitamkan sumbernya "
                          f"(document #{doc_id} is itself a redacted copy)")
    if doc.side != "exempt":
        raise RedactError(
            f"Dokumen #{doc_id} ada di arsip publik: salinan dihitamkan dibuat dari dokumen yang dikecualikan. "
            f"Tetapkan dulu: pindai review set {doc_id} --register DIK --ground h "
            f"(the source must be exempt first)")
    confirmed = [b for b in boxes(catalog, doc_id) if b.status == CONFIRMED]
    if not confirmed:
        raise RedactError(f"Belum ada kotak yang dikonfirmasi untuk dokumen #{doc_id}. Jalankan: pindai redact "
                          f"propose {doc_id}, lalu pindai redact confirm {doc_id} (no confirmed box)")
    home = settings.home
    src_pdf = home.root / doc.pdfa_path
    profile_langs = languages or _languages(settings, catalog, doc_id)
    timings: dict[str, float] = {}
    home.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"redact-{doc_id}-", dir=home.work))
    try:
        t0 = time.perf_counter()
        dpis = _page_dpi(src_pdf)
        burned = []
        for n, (dpi, gray) in enumerate(dpis, start=1):
            rendered = poppler.render_page(src_pdf, n, work / f"page-{n:04d}", dpi=dpi, gray=gray, png=False)
            burned.append(_burn(rendered, [b for b in confirmed if b.page == n], dpi,
                                work / f"burned-{n:04d}.png"))
            rendered.unlink()
        assembled = work / "burned.pdf"
        _images_pdf(burned, [d for d, _ in dpis], assembled)
        timings["render_burn"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        profile = Profile(name="penghitaman", prep=(), dpi=round(dpis[0][0]), languages=profile_langs)
        ocr_dir = work / "ocr"
        ocr_dir.mkdir()
        [ocr] = ocr_document(assembled, work=ocr_dir, profile=profile, settings=settings.ocr,
                             limits=settings.limits)
        timings["ocr"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        final = clean_metadata(ocr.pdfa, work / "copy.pdf")
        valid = _pdfa_check(final)
        timings["clean"] = time.perf_counter() - t0

        tokens = _tokens(catalog, doc_id)
        t0 = time.perf_counter()
        findings = verify(final, tokens, allowed=_allowed_digits(catalog, doc_id), languages=profile_langs,
                          timeout=settings.ocr.page_timeout, jobs=settings.ocr.jobs)
        timings["verify"] = time.perf_counter() - t0
        if not valid[0]:
            findings.append(Finding("PDF/A-2b", 0, f"validasi gagal ({valid[1]})"))

        sha = sha256_file(final)
        original = archive.store_original(final, sha, home=home)
        received = datetime.now().astimezone()
        # filed exempt: only a verified copy moves to the public archive (_publish_copy)
        pdfa_path = archive.file_pdfa(final, home=home, side="exempt", year=received.year,
                                      unit=_unit(catalog, doc_id),
                                      name=f"{received:%Y%m%d}-{sha[:12]}-dihitamkan.pdf")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    row = catalog.document_fields(doc_id)
    document = {
        "sha256": sha, "part": 1, "parts": 1, "source_pages": "", "source_name":
        f"{Path(row['source_name']).stem}-dihitamkan.pdf", "profile": row["profile"], "unit": row["unit"],
        "official": row["official"], "input_kind": "pdf", "original_path": str(original.relative_to(home.root)),
        "pdfa_path": str(pdfa_path.relative_to(home.root)), "pdfa_sha256": sha, "pdfa_valid": int(valid[0]),
        "pdfa_verdict": valid[1], "side": "exempt", "status": "usulan", "pages": len(ocr.pages),
        "received_at": received.isoformat(timespec="seconds"), "filed_at": _now(),
    }
    suggestion = {"register": "DIP", "dip_type": dip_type, "ground": None, "confidence": 1.0, "held": True,
                  "evidence": [{"signal": "salinan_dihitamkan", "points_to": "DIP", "page": None,
                                "text": f"salinan dihitamkan dari dokumen #{doc_id} ({len(confirmed)} kotak)"}],
                  "model_version": "redact"}
    ok = not findings
    with catalog.atomic():
        copy_id = catalog.add_redacted_copy(source_id=doc_id, document=document,
                                            pages=[page_row(p) for p in ocr.pages], suggestion=suggestion,
                                            boxes=len(confirmed), actor=actor)
        catalog.set_copy_verified(copy_id, verified=ok, sha256=sha, findings=[asdict(f) for f in findings])
        catalog.add_audit(doc_id, "redact_apply", actor=actor,
                          after={"copy": copy_id, "boxes": len(confirmed), "verified": ok})
    if ok:
        _publish_copy(settings, catalog, doc_id, copy_id, dip_type=dip_type, actor=actor)
    else:
        review.finish_pending(settings, catalog)
        log.warning("redacted copy %d of document %d not verified: %d findings", copy_id, doc_id, len(findings))
    return CopyResult(copy_id=copy_id, source_id=doc_id, boxes=len(confirmed), verified=ok,
                      findings=tuple(findings), pdfa_path=catalog.document(copy_id).pdfa_path,
                      pdfa_valid=valid[0], timings=timings)


def _publish_copy(settings: Settings, catalog: Catalog, source_id: int, copy_id: int, *, dip_type: str,
                  actor: str) -> None:
    """A verified copy: its DIP entry (public side), and the source's DIK entry names it."""
    from pindai import review

    src = review.record(catalog, settings, source_id)
    meta = {k: v for k, v in _public_fields(catalog, source_id, {
        "title": src.title, "number": src.number, "place": src.place}).items()}
    title = f"{meta.get('title') or f'Dokumen #{source_id}'} (salinan dihitamkan)"
    review.decide(settings, catalog, copy_id, review.Decision(
        register="DIP", dip_type=dip_type,
        meta={"title": title, "summary": f"Salinan yang dihitamkan dari dokumen #{source_id}; bagian yang "
              f"dikecualikan (Pasal 17 UU 14/2008) dihitamkan.", "number": meta.get("number", ""),
              "made_on": src.made_on, "place": meta.get("place", "")},
        reason=f"salinan dihitamkan dari dokumen #{source_id}, terverifikasi",
        # what the copy still shows was read back: only identifiers the officer chose to leave
        confirm_public=f"salinan dihitamkan terverifikasi dari dokumen #{source_id}"), actor=actor, action="redact")
    ref = f"Salinan dihitamkan: dokumen #{copy_id}"
    if src.register == "DIK":
        review.decide(settings, catalog, source_id, review.Decision(redaction=ref, reason=ref), actor=actor,
                      action="redact")


def _public_fields(catalog: Catalog, source_id: int, fields: dict[str, str]) -> dict[str, str]:
    """The source's register fields that may stand on the public copy's entry.

    The copy's PDF is read back, but its catalogue entry would carry the source's
    title, number and place onto the public index, register and website: a field
    holding a redacted word or a complete identifier is left blank instead.
    """
    tokens, allowed = _tokens(catalog, source_id), _allowed_digits(catalog, source_id)
    return {k: v for k, v in fields.items()
            if v and not _search(v, tokens, "metadata katalog", 0, allowed=allowed)}


def _images_pdf(images: list[Path], dpis: list[float], out: Path) -> Path:
    """One image-only PDF of the burned pages, each page the size it had (its own resolution)."""
    import img2pdf

    pdfs = []
    for img, dpi in zip(images, dpis, strict=True):
        one = out.with_name(f"{img.stem}.pdf")
        one.write_bytes(img2pdf.convert([str(img)], layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))))
        pdfs.append(one)
    if len(pdfs) == 1:
        return pdfs[0].replace(out)
    import pikepdf

    with pikepdf.new() as dst:
        opened = [pikepdf.open(p) for p in pdfs]
        try:
            for src in opened:
                dst.pages.extend(src.pages)
            dst.save(out)
        finally:
            for src in opened:
                src.close()
    return out


def _pdfa_check(path: Path) -> tuple[bool, str]:
    import pikepdf.pdfa

    report = pikepdf.pdfa.validate_written(path, "2b")
    return report.passed, report.verdict


def _languages(settings: Settings, catalog: Catalog, doc_id: int) -> tuple[str, ...]:
    row = catalog.document_fields(doc_id)
    try:
        return settings.profile(row["profile"]).languages
    except Exception:  # noqa: BLE001 - a profile removed since filing: the default languages
        return Profile(name="default").languages


def _unit(catalog: Catalog, doc_id: int) -> str:
    return catalog.document_fields(doc_id)["unit"]


# --------------------------------------------------------------------------- verification

_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1", "|": "1",
                            "!": "1", "Z": "2", "S": "5", "s": "5", "B": "8", "G": "6", "b": "6"})
_JOIN_DIGITS = re.compile(r"(?<=\d)[\s.\-–/]{1,3}(?=\d)")
_MIN_DIGITS = 6
_MIN_TEXT = 6


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text.translate(_LOOKALIKE))


def _norm_text(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


@dataclass(frozen=True)
class Token:
    """A redacted token to look for; ``label`` is what a finding may show."""

    label: str
    digits: str
    text: str


def _tokens(catalog: Catalog, doc_id: int) -> list[Token]:
    """What the copy must not show: the words under each confirmed box (whole pages: their identifiers)."""
    doc = catalog.document(doc_id)
    out = []
    for r in catalog.redaction_rows(doc_id, status=CONFIRMED):
        if r["whole_page"]:
            continue
        label = f"kotak #{r['id']} ({r['kind']})"
        token = r["token"]
        digits = _digits(token) if len(re.sub(r"\D", "", token)) >= 4 else ""
        out.append(Token(label, digits if len(digits) >= _MIN_DIGITS else "",
                         "" if digits and len(digits) >= _MIN_DIGITS else _norm_text(token)))
    # whole pages withheld: their complete identifiers and long numbers
    pages = {r["page"] for r in catalog.redaction_rows(doc_id, status=CONFIRMED) if r["whole_page"]}
    if pages and doc is not None:
        for row in catalog.page_rows(doc_id):
            if row["number"] not in pages:
                continue
            for h in find_identifiers(row["text"]):
                if not h.masked and h.kind != "email":
                    out.append(Token(f"halaman {row['number']} ({h.kind} {h.shown})",
                                     _digits(row["text"][h.start:h.end]), ""))
    return [t for t in out if t.digits or len(t.text) >= _MIN_TEXT]


def _allowed_digits(catalog: Catalog, doc_id: int) -> set[str]:
    """Identifiers an officer decided to leave visible (proposals rejected)."""
    return {_digits(r["token"]) for r in catalog.redaction_rows(doc_id, status=REJECTED) if r["token"]}


def _search(haystack: str, tokens: list[Token], where: str, page: int, *, allowed: set[str] | frozenset[str],
            identifiers: bool = True) -> list[Finding]:
    found = []
    joined = _JOIN_DIGITS.sub("", haystack.translate(_LOOKALIKE))
    plain = _norm_text(haystack)
    for t in tokens:
        if (t.digits and t.digits in joined) or (t.text and f" {t.text} " in f" {plain} "):
            found.append(Finding(where, page, f"token {t.label}"))
    if identifiers:
        for h in find_identifiers(haystack):
            if _personal(h) and _digits(haystack[h.start:h.end]) not in allowed:
                found.append(Finding(where, page, f"{h.kind} {mask(haystack[h.start:h.end], h.kind)}"))
    return found


def verify(pdf: Path, tokens: list[Token], *, allowed: set[str] | frozenset[str] = frozenset(),
           languages: tuple[str, ...] = ("ind", "eng"), timeout: float = 300, jobs: int = 1) -> list[Finding]:
    """Read a redacted copy back; every place a redacted token or a complete identifier still shows.

    Looked at: the text layer (pdftotext), a fresh OCR of every page rendered
    from the copy, the document info and XMP metadata, and the file's bytes, raw
    and with every non-image stream decompressed. Digits are compared after OCR
    look-alikes are read as digits and separators dropped (``13O9 04..`` counts).

    Returns:
        The findings; empty when the copy may go public.
    """
    import pikepdf

    from pindai._exec import tesseract

    findings: list[Finding] = []
    for n, text in enumerate(poppler.page_texts(pdf), start=1):
        findings += _search(text, tokens, "lapisan teks", n, allowed=allowed)
    with tempfile.TemporaryDirectory(prefix="verify-") as tmp:

        def read_page(n: int, dpi: float, gray: bool) -> list[Finding]:
            img = poppler.render_page(pdf, n, Path(tmp) / f"v-{n:04d}", dpi=dpi, gray=gray, png=False)
            read = tesseract.recognize(img, languages=languages, timeout=timeout)
            img.unlink()
            if read is None:
                return [Finding("OCR ulang", n, "halaman tidak selesai dibaca (timeout)")]
            return _search(read.text, tokens, "OCR ulang", n, allowed=allowed)

        # pdftoppm runs as a process and Tesseract releases the GIL: pages in parallel
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [pool.submit(read_page, n, dpi, gray)
                       for n, (dpi, gray) in enumerate(_page_dpi(pdf), start=1)]
            for f in futures:
                findings += f.result()
    meta_parts = []
    streams = []
    with pikepdf.open(pdf) as doc:
        meta_parts += [f"{k} {v}" for k, v in doc.docinfo.items()]
        if "/Metadata" in doc.Root:
            meta_parts.append(doc.Root.Metadata.read_bytes().decode("utf-8", "replace"))
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") != "/Image":
                try:
                    streams.append(obj.read_bytes().decode("latin-1"))
                except pikepdf.PdfError:
                    continue
    findings += _search("\n".join(meta_parts), tokens, "metadata", 0, allowed=allowed)
    raw = pdf.read_bytes().decode("latin-1")
    # raw bytes: only the tokens (stream data would make random "identifiers")
    findings += _search(raw, tokens, "bita berkas", 0, allowed=allowed, identifiers=False)
    findings += _search("\n".join(streams), tokens, "bita berkas (stream)", 0, allowed=allowed,
                        identifiers=False)
    return list(dict.fromkeys(findings))


def check_copy(settings: Settings, catalog: Catalog, copy_id: int, *, actor: str) -> CopyResult:
    """Read a redacted copy back again, against the source's boxes as they are now (``pindai redact verify``).

    A public copy that fails goes back to the exempt side; an exempt copy that
    passes goes public with its DIP entry, as after :func:`apply`.
    """
    link = catalog.redacted_copy(copy_id)
    if link is None:
        raise RedactError(f"Dokumen #{copy_id} bukan salinan dihitamkan (not a redacted copy)")
    source_id = link["source_id"]
    pdf = settings.home.root / link["pdfa_path"]
    findings = verify(pdf, _tokens(catalog, source_id), allowed=_allowed_digits(catalog, source_id),
                      languages=_languages(settings, catalog, source_id), timeout=settings.ocr.page_timeout,
                      jobs=settings.ocr.jobs)
    from pindai.archive import sha256_file

    sha = sha256_file(pdf)
    valid = _pdfa_check(pdf)
    if not valid[0]:
        findings.append(Finding("PDF/A-2b", 0, f"validasi gagal ({valid[1]})"))
    ok = not findings
    with catalog.atomic():
        catalog.set_copy_verified(copy_id, verified=ok, sha256=sha, findings=[asdict(f) for f in findings])
        catalog.add_audit(copy_id, "redact_verify", actor=actor, after={"verified": ok, "findings": len(findings)})
    from pindai import review

    if not ok and link["side"] == "public":
        review.move_to_side(settings, catalog, copy_id, "exempt", actor=actor,
                            reason="salinan dihitamkan tidak lolos verifikasi ulang")
        log.warning("redacted copy %d failed verification: moved back to the exempt side", copy_id)
    elif ok and link["side"] == "exempt":
        sug = catalog.latest_suggestion(copy_id)
        _publish_copy(settings, catalog, source_id, copy_id, dip_type=(sug and sug["dip_type"]) or "setiap_saat",
                      actor=actor)
    row = catalog.redacted_copy(copy_id)
    return CopyResult(copy_id, source_id, link["boxes"], ok, tuple(findings), row["pdfa_path"], valid[0])


def is_publishable(catalog: Catalog, doc_id: int) -> bool:
    """False for a redacted copy that is not verified (or whose file changed since); True otherwise.

    ``publish``, the public index and the public register call this before they
    take a document: a redacted copy goes out only as the very file that was read back.
    """
    link = catalog.redacted_copy(doc_id)
    if link is None:
        return True
    return bool(link["verified"]) and link["verified_sha256"] == link["pdfa_sha256"]


def copy_status(catalog: Catalog, doc_id: int) -> dict[str, Any] | None:
    """For a redacted copy: its source, boxes, verified flag and findings; None for other documents."""
    link = catalog.redacted_copy(doc_id)
    if link is None:
        return None
    return {"copy_id": doc_id, "source_id": link["source_id"], "boxes": link["boxes"],
            "verified": bool(link["verified"]), "publishable": is_publishable(catalog, doc_id),
            "findings": json.loads(link["findings"]), "checked_at": link["checked_at"]}


def copies_of(catalog: Catalog, source_id: int) -> list[dict[str, Any]]:
    """The redacted copies made of a document."""
    return [copy_status(catalog, r["copy_id"]) or {} for r in catalog.redacted_copies_of(source_id)]



# --------------------------------------------------------------------------- evidence on the page (#16, branch web2)


@dataclass(frozen=True)
class EvidenceMark:
    """Where one piece of a suggestion's evidence stands on its page (one box per line of words)."""

    page: int
    #: Box in PDF points from the page's top-left corner, like :class:`Box`.
    x0: float
    y0: float
    x1: float
    y1: float
    #: The evidence's signal and what it points to ("DIK:h", "DIP:berkala").
    signal: str
    points_to: str


def _word_key(text: str) -> str:
    return re.sub(r"[^\w*]", "", text.lower())


def mark_evidence(pages: Iterable[PageWords], evidence: Iterable[dict[str, Any]]) -> list[EvidenceMark]:
    """Find each evidence snippet among a page's words (pure).

    A snippet is a window of the text, so its first and last words may be cut:
    the whole snippet is looked for first, then without its cut ends. Masked
    characters (``*``) match any letter or digit.
    """
    pages = list(pages)
    out: list[EvidenceMark] = []
    for e in evidence:
        tokens = [t for t in (_word_key(w) for w in str(e.get("text") or "").split()) if t]
        tries = [tokens, tokens[1:], tokens[:-1], tokens[1:-1]] if len(tokens) > 2 else [tokens]
        for pw in pages:
            if not tokens or (e.get("page") and pw.number != e["page"]):
                continue
            words = [w for w in pw.words if _word_key(w.text)]
            keys = [_word_key(w.text) for w in words]
            at = pats = None
            for t in tries:
                pats = [re.compile(re.escape(x).replace(r"\*", r"\w") + r"\Z") for x in t]
                at = next((i for i in range(len(keys) - len(pats) + 1)
                           if all(p.match(keys[i + j]) for j, p in enumerate(pats))), None)
                if at is not None:
                    break
            if at is None or not pats:
                continue
            line: list[WordBox] = []
            for w in [*words[at:at + len(pats)], None]:
                if line and (w is None or abs(w.y0 - line[-1].y0) > (line[-1].y1 - line[-1].y0) / 2):
                    x0, y0, x1, y1 = _union(line)
                    out.append(EvidenceMark(pw.number, x0, y0, x1, y1, str(e.get("signal", "")),
                                            str(e.get("points_to", ""))))
                    line = []
                if w is not None:
                    line.append(w)
            break
    return out


def evidence_marks(settings: Settings, catalog: Catalog, doc_id: int,
                   evidence: Iterable[dict[str, Any]]) -> tuple[list[tuple[float, float]], list[EvidenceMark]]:
    """Each page's size in points and where ``evidence`` stands on the document's pages (the workspace's
    document page draws them over the page images). A text layer that cannot be read marks nothing."""
    doc = _source(catalog, doc_id)
    try:
        pages = poppler.page_words(settings.home.root / doc.pdfa_path)
    except ToolError as e:
        log.warning("document %d: text layer not readable for the evidence marks: %s", doc_id, e)
        return [], []
    return [(p.width, p.height) for p in pages], mark_evidence(pages, evidence)
