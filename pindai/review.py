"""Review: officers confirm or correct suggestions; metadata for the registers; the audit trail.

A decision is one catalogue transaction that records it (``decisions``), writes
the audit entry (who, when, before, after, why), updates the document's status
and side, journals the move of its PDF/A between the archives
(``pending_moves``) and queues its index entry (``index_queue``). The file move
and the index update follow the commit; a crash between them leaves the
journal and the queue, which :func:`finish_pending` (run by every command that
opens the home) completes. So the catalogue, the file and the index entry move
together or are finished together.

Statuses (DESIGN.md, domain.md): every suggestion is ``usulan``; an approved DIP
entry is ``disahkan``; a DIK entry is ``ditetapkan`` once it carries the
reference of the Keputusan that sets it, and stays ``usulan`` without one.
"""

from __future__ import annotations

import json
import logging
import os
import pwd
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pindai import archive, domain, index, metadata
from pindai.catalog import META_COLUMNS, Catalog
from pindai.classify import decisive_signals
from pindai.classify.identifiers import IdentifierHit, identity_numbers
from pindai.classify.signals import is_identity
from pindai.config import RegisterSettings, Settings
from pindai.domain import Ground, Register, Side, Status, register_label
from pindai.errors import ExitCode, PindaiError

log = logging.getLogger(__name__)

#: Register metadata an officer may edit.
META_FIELDS = META_COLUMNS
#: The DIK columns a decision carries.
DIK_FIELDS = ("decision_ref", "period_end", "period_condition", "consequence", "public_interest",
              "legal_basis", "redaction", "next_review")


class ReviewError(PindaiError):
    """A review command was given values that do not make a decision."""

    exit_code = ExitCode.bad_config


class ConfirmationRequired(ReviewError):
    """A decision to make public a document whose evidence says it is exempt, without ``--confirm-public``."""


class DocumentNotFoundError(PindaiError):
    """No document has this id."""

    exit_code = ExitCode.bad_config


def officer() -> str:
    """The OS user making a decision (not an environment variable anyone can set)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return f"uid:{os.getuid()}"


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def open_catalog(settings: Settings) -> Catalog:
    """The catalogue, for PPID officers only (it holds exempt text).

    Raises:
        NoAccessError: the user cannot read the exempt side.
    """
    index.require_exempt_access(settings.home, purpose="review")
    return Catalog(settings.home.catalog)


# --------------------------------------------------------------------------- metadata


def _extracted(catalog: Catalog, regs: RegisterSettings, doc_id: int) -> dict[str, str]:
    row = catalog.document_fields(doc_id)
    text = "\n".join(catalog.page_texts(doc_id))
    meta = metadata.extract(text)
    holder = row["official"] or f"{row['unit']} {regs.office}".strip()
    return {
        "title": meta.title or "",
        "number": meta.number or "",
        "place": meta.place or "",
        "made_on": meta.date.date().isoformat() if meta.date else "",
        "issuer": meta.issuer or regs.office,
        "holder": holder,
        "summary": meta.summary or "",
        "form": regs.form,
        "kind": meta.kind,
        "retention": regs.retention_for(meta.kind),
        # The DIK register describes the exempt information by its title, never by
        # its content: the description is what an officer chooses to say.
        "description": meta.title or "",
        "confidence": meta.register_confidence(),  # #18: kept apart, see refresh_metadata
    }


def refresh_metadata(catalog: Catalog, regs: RegisterSettings, doc_ids: list[int] | None = None, *,
                     exact: bool = True) -> int:
    """Extract the register fields of documents that have none (or of ``doc_ids``).

    Fields an officer edited are kept. Returns how many documents were written. Not ``exact``:
    only documents filed after the last one read (what a view of one page needs, without
    looking at every document; the full lists and the nightly batch look at all).
    """
    _repair_dates(catalog)
    if doc_ids is None:
        doc_ids = catalog.ids_without_meta(exact=exact)
    for doc_id in doc_ids:
        fresh = _extracted(catalog, regs, doc_id)
        confidence = fresh.pop("confidence")
        with catalog.atomic():
            old = catalog.meta_row(doc_id)
            edited = set(json.loads(old["edited"])) if old else set()
            values = {k: (old[k] if k in edited else v) for k, v in fresh.items()}
            if "retention" not in edited:
                # Retention follows the record kind, also one an officer set (#13).
                values["retention"] = regs.retention_for(values["kind"])
            catalog.set_meta(doc_id, values, edited=sorted(edited), at=_now())
            catalog.set_meta_confidence(doc_id, confidence)
    return len(doc_ids)


def _repair_dates(catalog: Catalog) -> None:
    """Store as ISO a date typed before dates were checked ("25 Juni 2023"): the index and the
    registers read it as ISO (#13). One that cannot be read is cleared (the audit keeps it)."""
    for doc_id, value in catalog.meta_dates_not_iso():
        try:
            fixed = metadata.parse_date(value).isoformat()
        except metadata.DateFormatError:
            fixed = ""
        with catalog.atomic():
            catalog.set_meta_date(doc_id, fixed)
            catalog.enqueue_index([doc_id])
            catalog.add_audit(doc_id, "metadata", actor="pindai", before={"made_on": value},
                              after={"made_on": fixed}, reason="tanggal dibaca ulang (date re-read as ISO)")
        log.info("document %d: register date re-read as ISO", doc_id)


# --------------------------------------------------------------------------- reading


@dataclass
class Record:
    """One document as the review and the registers see it: the catalogue's facts,
    the metadata, and the latest decision (or the suggestion when there is none)."""

    id: int
    side: str
    #: usulan | disahkan | ditetapkan
    status: str
    register: str | None
    dip_type: str | None
    ground: str | None
    #: The classifier's confidence in its suggestion.
    confidence: float | None
    #: Whether an officer has decided (False: the labels are the suggestion).
    decided: bool
    unit: str
    profile: str
    pages: int
    pdfa_path: str
    source_name: str
    received_at: str
    filed_at: str
    #: The last change of the entry (filing, metadata, decision).
    updated_at: str
    rescan_pages: list[int]
    held: bool = False
    #: Pages (lists, tables) whose text order OCR could not trust: check the text against the page (#18).
    order_unsure_pages: list[int] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    # metadata
    title: str = ""
    number: str = ""
    place: str = ""
    made_on: str = ""
    issuer: str = ""
    holder: str = ""
    summary: str = ""
    form: str = ""
    kind: str = ""
    retention: str = ""
    description: str = ""
    edited: list[str] = field(default_factory=list)
    # the decision's DIK columns
    decision_ref: str | None = None
    period_end: str | None = None
    period_condition: str | None = None
    consequence: str | None = None
    public_interest: str | None = None
    legal_basis: str | None = None
    redaction: str | None = None
    next_review: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None

    @property
    def year(self) -> int:
        return int((self.made_on or self.received_at)[:4])

    @property
    def made(self) -> str:
        """Waktu dan tempat pembuatan: "Lahat, 6 Januari 2024"."""
        return ", ".join(p for p in (self.place, _long_date(self.made_on)) if p)

    @property
    def period(self) -> str:
        """Jangka waktu pengecualian: a date or a condition, empty when not set."""
        if self.period_end:
            return f"Sampai {_long_date(self.period_end)}"
        return self.period_condition or ""

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "year": self.year, "made": self.made, "period": self.period}


def _long_date(iso: str | None) -> str:
    """"25 Juni 2023" from an ISO date; a value stored before dates were checked is shown as it is."""
    if not iso:
        return ""
    try:
        return metadata.indonesian_date(datetime.fromisoformat(iso[:10]))
    except ValueError:
        return iso


def _record(row: Any) -> Record:
    decided = row["k_id"] is not None
    pre = "k_" if decided else "s_"
    updated = max(filter(None, (row["filed_at"], row["m_updated"], row["decided_at"])))
    return Record(
        id=row["id"], side=row["side"], status=row["status"],
        register=row[f"{pre}register"], dip_type=row[f"{pre}dip_type"], ground=row[f"{pre}ground"],
        confidence=row["s_confidence"], decided=decided, unit=row["unit"], profile=row["profile"],
        pages=row["pages"], pdfa_path=row["pdfa_path"], source_name=row["source_name"],
        received_at=row["received_at"], filed_at=row["filed_at"], updated_at=updated,
        rescan_pages=sorted(int(n) for n in (row["rescan"] or "").split(",") if n),
        order_unsure_pages=sorted(int(n) for n in (row["order_unsure"] or "").split(",") if n),
        held=bool(row["s_held"]), evidence=json.loads(row["s_evidence"] or "[]"),
        **{k: row[k] or "" for k in META_FIELDS},
        edited=json.loads(row["edited"] or "[]"),
        **{k: row[k] for k in (*DIK_FIELDS, "decided_by", "decided_at")},
    )


def records(catalog: Catalog, settings: Settings, *, ids: list[int] | None = None, undecided: bool = False,
            order: str = "id", finish: bool = True, refresh: bool = True) -> list[Record]:
    """Every document (or those of ``ids``; with ``undecided`` those no officer decided) as a :class:`Record`.

    ``order``: "id", or "newest" (latest received first). ``finish``: first complete the
    moves and updates a decision left (:func:`finish_pending`). ``refresh``: first read the
    register fields of documents that have none (:func:`refresh_metadata`).
    """
    if finish:
        finish_pending(settings, catalog)
    if refresh:
        # Of a few documents, those of them never read (not every document of the catalogue).
        refresh_metadata(catalog, settings.registers, None if ids is None else catalog.ids_without_meta(among=ids))
    return [_record(r) for r in catalog.record_rows(ids=ids, undecided=undecided, order=order)]


def record(catalog: Catalog, settings: Settings, doc_id: int) -> Record:
    """One document.

    Raises:
        DocumentNotFoundError: no document has this id.
    """
    found = records(catalog, settings, ids=[doc_id])
    if not found:
        raise DocumentNotFoundError(
            f"Dokumen #{doc_id} tidak ada. Lihat daftarnya dengan: pindai review --all "
            f"(no document #{doc_id})"
        )
    return found[0]


def pending(catalog: Catalog, settings: Settings) -> list[Record]:
    """Documents waiting for a decision, newest first."""
    return records(catalog, settings, undecided=True, order="newest")


def unsure_fields(catalog: Catalog, doc_id: int) -> list[str]:
    """The register fields of a document that pindai read unsure of and no officer has set,
    the least sure first (#18): what an officer checks before the register is published."""
    found = catalog.unsure_metadata(ids=[doc_id])
    return found[0][2] if found else []


#: The confidence bands an inbox filters by: low, middle, high.
CONFIDENCE_BANDS = {"rendah": (0.0, 0.6), "sedang": (0.6, 0.85), "tinggi": (0.85, 1.01)}


@dataclass
class InboxFilter:
    """What an officer narrows the inbox to; empty fields do not filter.

    ``suggestion``: ``DIP``, ``DIK``, or with a sub-label ``DIP:berkala`` / ``DIK:h``.
    ``band``: a key of :data:`CONFIDENCE_BANDS`. Dates are ISO.
    """

    unit: str = ""
    profile: str = ""
    suggestion: str = ""
    band: str = ""
    received_from: str = ""
    received_to: str = ""


@dataclass
class Inbox:
    """One page of an inbox tab and what its tabs and filter lists show."""

    tab: str
    records: list[Record]
    total: int
    page: int
    pages: int
    counts: dict[str, int]
    units: list[str]
    profiles: list[str]
    #: Documents with register fields pindai is unsure of (id -> the fields), among those shown.
    unsure: dict[int, list[str]] = field(default_factory=dict)


def inbox(catalog: Catalog, settings: Settings, *, tab: str = "menunggu", scope_unit: str | None = None,
          filters: InboxFilter | None = None, page: int = 1, size: int = 25, unsure_first: bool = False) -> Inbox:
    """One page of the officers' inbox (#16): documents waiting for a decision (``menunggu``) or for
    the Keputusan that sets their exemption (``keputusan``).

    The catalogue filters, counts and pages; whole records are built for the page only. The
    newest-first page is read along an index and the tab counts are kept while nothing changes,
    so a page costs about the same at 20,000 documents as at 20. ``unsure_first``: documents with
    register fields pindai is unsure of (#18) first, the least sure first, then the tab's order.
    ``scope_unit``: a liaison's unit (tim penghubung): nothing of other units is counted or listed.
    """
    f = filters or InboxFilter()
    finish_pending(settings, catalog)
    refresh_metadata(catalog, settings.registers, exact=False)
    register, _, sub = f.suggestion.partition(":")
    where = dict(tab=tab, scope_unit=scope_unit, unit=f.unit, profile=f.profile, register=register, sub=sub,
                 confidence=CONFIDENCE_BANDS.get(f.band), received_from=f.received_from,
                 received_to=f.received_to)
    facets = _facets(catalog, scope_unit)
    narrowed = any(v for k, v in where.items() if k not in ("tab", "scope_unit"))
    if unsure_first:
        ids = catalog.inbox_ids(**where)
        rank = {d: i for i, (d, _c, _f) in enumerate(catalog.unsure_metadata())}
        ids.sort(key=lambda d: rank.get(d, len(rank)))  # stable: the tab's order after the unsure
        total = len(ids)
    else:
        total = catalog.inbox_count(**where) if narrowed else facets["counts"][tab]
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    shown = (ids[(page - 1) * size: page * size] if unsure_first
             else catalog.inbox_ids(**where, limit=size, offset=(page - 1) * size))
    found = ({r.id: r for r in records(catalog, settings, ids=shown, finish=False, refresh=False)}
             if shown else {})
    unsure = {d: fields for d, _c, fields in catalog.unsure_metadata(ids=shown)} if shown else {}
    return Inbox(tab=tab, records=[found[i] for i in shown if i in found], total=total, page=page,
                 pages=pages, counts=facets["counts"], units=facets["units"], profiles=facets["profiles"],
                 unsure=unsure)


#: The inbox's tab counts and filter lists, by catalogue and unit scope, with the catalogue's
#: change mark they were counted at (a server process's own; counting waits on no other).
_FACETS: dict[tuple[str, str | None], tuple[tuple[Any, ...], dict[str, Any]]] = {}


def _facets(catalog: Catalog, scope_unit: str | None) -> dict[str, Any]:
    key, mark = (str(catalog.path), scope_unit), catalog.change_mark()
    cached = _FACETS.get(key)
    if cached is None or cached[0] != mark:
        cached = _FACETS[key] = (mark, catalog.inbox_facets(scope_unit=scope_unit))
    return cached[1]


def awaiting_keputusan(catalog: Catalog, settings: Settings) -> list[Record]:
    """DIK entries an officer accepted or set without the Keputusan that sets them (status usulan),
    oldest decision first: the queue "menunggu Keputusan penetapan" (#13)."""
    finish_pending(settings, catalog)
    ids = catalog.awaiting_keputusan_ids()
    if not ids:
        return []
    found = {r.id: r for r in records(catalog, settings, ids=ids)}
    return [found[i] for i in ids if i in found]


def parse_ids(values: list[str] | tuple[str, ...]) -> list[int]:
    """Document ids as an officer types them: ``3 5 8-11`` or ``3,5,8-11``, in order, each once.

    Raises:
        ReviewError: something that is not an id or a range.
    """
    out: list[int] = []
    for value in values:
        for part in str(value).replace(",", " ").split():
            m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
            if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
                raise ReviewError(f"'{part}' bukan nomor dokumen atau rentang seperti 8-11 "
                                  "(not a document id or a range such as 8-11)")
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            if last - first > 10000:
                raise ReviewError(f"Rentang {part} terlalu besar (range too large)")
            out += [i for i in range(first, last + 1) if i not in out]
    if not out:
        raise ReviewError("Sebutkan nomor dokumen, mis. 3 5 8-11 (give document ids)")
    return out


_SIDE_LABELS = {Side.public: "arsip publik", Side.exempt: "dikecualikan"}
#: Metadata fields in Indonesian, for the audit trail.
FIELD_LABELS = {"title": "judul", "number": "nomor", "place": "tempat", "made_on": "tanggal",
                "issuer": "penanggung jawab", "holder": "pejabat/unit", "summary": "ringkasan",
                "form": "bentuk", "kind": "jenis arsip", "retention": "retensi", "description": "uraian"}


#: "DIP setiap saat", "DIK Pasal 17 huruf h", or "-".
label = register_label


def describe_change(entry: dict[str, Any]) -> str:
    """What one audit row changed, in Indonesian, whatever wrote it (#13).

    Decisions and metadata edits (``set``, ``accept``, ``metadata``), moves
    (``{"side", "pdfa_path"}``), reprocessing (``{"pdfa_sha256"}`` → ``{"model"}``,
    ``{"parts"}``), withdrawals from a website (``{"site"}``), and any row a later
    pindai writes (its changed keys). Never raises on an unknown shape.
    """
    b = entry.get("before") if isinstance(entry.get("before"), dict) else {}
    a = entry.get("after") if isinstance(entry.get("after"), dict) else {}
    parts: list[str] = []
    if "register" in a or "register" in b:
        old, new = (label(d.get("register"), d.get("dip_type"), d.get("ground")) for d in (b, a))
        if (old, b.get("status")) != (new, a.get("status")):
            parts.append(f"{old} [{b.get('status') or '-'}] -> {new} [{a.get('status') or '-'}]")
    if "side" in a and b.get("side") != a.get("side"):
        parts.append(f"{_SIDE_LABELS.get(b.get('side'), b.get('side') or '-')} -> "
                     f"{_SIDE_LABELS.get(a.get('side'), a.get('side') or '-')}")
    edited = [FIELD_LABELS[k] for k in META_FIELDS if k in a and k in b and a[k] != b[k]]
    if edited:
        parts.append("metadata: " + ", ".join(edited))
    if "parts" in a or "parts" in b:
        parts.append(f"proses ulang: bagian {b.get('parts', '?')} -> {a.get('parts', '?')}")
    if "pdfa_sha256" in b or "model" in a:
        model = f" (model {a['model']})" if a.get("model") else ""
        parts.append(f"proses ulang: PDF/A dibuat ulang{model}")
    if "site" in b or "site" in a:
        parts.append(f"dihapus dari situs {b.get('site')}" if b.get("site") and not a.get("site")
                     else f"situs: {b.get('site') or '-'} -> {a.get('site') or '-'}")
    confirmed = a.get("confirmed_public")
    if isinstance(confirmed, dict):
        signals = ", ".join(signal_label(s) for s in confirmed.get("signals", []))
        parts.append(f"DIKONFIRMASI PUBLIK meski ada: {signals}")
    if not parts:
        known = {"register", "dip_type", "ground", "status", "side", "pdfa_path", "decided", "parts",
                 "pdfa_sha256", "model", "site", "confirmed_public", *META_FIELDS, *DIK_FIELDS}
        other = [k for k in sorted(set(a) | set(b)) if k not in known and a.get(k) != b.get(k)]
        parts = [", ".join(f"{k}: {b.get(k, '-')} -> {a.get(k, '-')}" for k in other) or "tidak berubah"]
    return "; ".join(parts)


def audit_trail(catalog: Catalog, doc_id: int) -> list[dict[str, Any]]:
    return catalog.audit_trail(doc_id)


# --------------------------------------------------------------------------- deciding


@dataclass(frozen=True)
class Decision:
    """What an officer decides about a document. None leaves a value as it is."""

    register: str | None = None
    dip_type: str | None = None
    ground: str | None = None
    #: Keputusan / penetapan reference and date; a DIK with one is ``ditetapkan``.
    decision_ref: str | None = None
    #: An end date as an office writes it ("31/12/2030", "31 Desember 2030", "2030-12-31")
    #: or a condition ("sampai ada persetujuan tertulis pemilik data").
    period: str | None = None
    consequence: str | None = None
    public_interest: str | None = None
    legal_basis: str | None = None
    redaction: str | None = None
    next_review: str | None = None
    #: Metadata edits: field → value.
    meta: dict[str, str] = field(default_factory=dict)
    reason: str = ""
    #: The officer's reason for making public a document whose evidence says it is
    #: exempt (a complete NIK, "Sifat: RAHASIA", test results...); without it such a
    #: decision is refused (:class:`ConfirmationRequired`).
    confirm_public: str | None = None


def _check_date(value: str, what: str) -> str:
    try:
        return metadata.parse_date(value, what=what).isoformat()
    except metadata.DateFormatError as e:
        raise ReviewError(str(e)) from None


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    day = min(d.day, 28)
    return date(d.year + y, m + 1, day)


# --------------------------------------------------------------------------- exempt signals

#: Signals an officer must confirm to go against besides the decisive ones: psychological test
#: results (a weaker cue on its own) and pages OCR could not read (they may hold a NIK).
_CONFIRM_ALSO = frozenset({"psikologi", "halaman_tak_terbaca"})
_SIGNAL_LABELS = {
    "nik_lengkap": "NIK lengkap", "kk_lengkap": "Nomor KK lengkap", "sifat_rahasia": "Sifat: RAHASIA",
    "sifat_terbatas": "Sifat: TERBATAS", "rapat_tertutup": "rapat/pleno tertutup",
    "medis": "hasil pemeriksaan kesehatan", "psikologi": "hasil tes psikologi",
    "penilaian_kinerja": "penilaian kinerja pegawai", "kredensial": "kata sandi/akun",
    "adminduk": "data kependudukan (Adminduk)", "akta": "akta", "di_hadapan_notaris": "akta notaris",
    "daftar_rekening_npwp": "daftar rekening/NPWP", "halaman_tak_terbaca": "halaman tak terbaca",
}


def signal_label(name: str) -> str:
    return _SIGNAL_LABELS.get(name, name.replace("_", " "))


def identity_hits(catalog: Catalog, doc_id: int) -> list[tuple[int, IdentifierHit]]:
    """(page, hit) of every complete NIK or KK number in a document's stored text."""
    return [(n, h) for n, text in enumerate(catalog.page_texts(doc_id), 1) for h in identity_numbers(text)]


def exempt_signals(catalog: Catalog, rec: Record) -> list[dict[str, Any]]:
    """The evidence that says a document is exempt strongly enough that making it public needs a
    confirmation: what makes the classifier suggest DIK whatever its model says
    (:func:`pindai.classify.decisive_signals`: complete NIK/KK, "Sifat: RAHASIA", medical results,
    credentials, a bidder's offer...), psychological test results, unread pages, and complete NIK/KK
    numbers found in the stored text. Each as an evidence dict (identifiers masked)."""
    out = [e.as_dict() for e in decisive_signals(rec.evidence)]
    out += [e for e in rec.evidence if e.get("signal") in _CONFIRM_ALSO]
    named = {e["signal"] for e in out}
    # The stored text too: a suggestion made by an older pindai may not name them.
    for page, hit in identity_hits(catalog, rec.id):
        name = f"{hit.kind}_lengkap"
        if name not in named:
            named.add(name)
            out.append({"signal": name, "points_to": f"{Register.DIK}:{Ground.h}", "weight": 0.9, "text": hit.shown, "page": page})
    return out


def _signal_text(e: dict[str, Any]) -> str:
    # Identifiers are shown masked; other cues by name and page only (no document text in messages).
    shown = f" {e['text']}" if is_identity(e) else ""
    page = f", hlm {e['page']}" if e.get("page") else ""
    return f"{signal_label(e['signal'])}{shown}{page}"


# --------------------------------------------------------------------------- checking and recording


def _validated(rec: Record, dec: Decision, regs: RegisterSettings) -> dict[str, Any]:
    """The new decision row from the record and the officer's input, or a ReviewError."""
    register = dec.register or rec.register
    if register not in domain.REGISTERS:
        raise ReviewError("Tentukan --register DIP atau DIK (choose --register DIP or DIK)")
    out: dict[str, Any] = {"register": register, "dip_type": None, "ground": None,
                           **{k: None for k in DIK_FIELDS}}
    if register == Register.DIP:
        dip_type = dec.dip_type or (rec.dip_type if rec.register == Register.DIP else None)
        if dip_type not in domain.DIP_TYPES:
            raise ReviewError(f"DIP perlu --type: {', '.join(domain.DIP_TYPES)} (a DIP entry needs --type)")
        dik_given = [k for k in ("ground", "decision_ref", "period", "consequence") if getattr(dec, k)]
        if dik_given:
            raise ReviewError(f"Kolom DIK tidak berlaku untuk DIP / DIK fields given for DIP: {dik_given}")
        out.update(dip_type=dip_type, status=Status.disahkan)
        return out
    ground = (dec.ground or (rec.ground if rec.register == Register.DIK else None) or "").lower()
    if ground not in domain.GROUNDS:
        raise ReviewError("DIK perlu --ground a..j (Pasal 17 UU 14/2008) (a DIK entry needs --ground)")
    same = rec.decided and rec.register == Register.DIK
    keep = {k: getattr(rec, k) if same else None for k in DIK_FIELDS}
    for k in ("decision_ref", "consequence", "public_interest", "legal_basis", "redaction"):
        v = getattr(dec, k)
        if v is not None:
            keep[k] = v.strip() or None
    if dec.period is not None:
        try:
            end, condition = metadata.parse_period(dec.period)
        except metadata.DateFormatError as e:
            raise ReviewError(str(e)) from None
        keep["period_end"], keep["period_condition"] = (end.isoformat() if end else None), condition
    if dec.next_review:
        keep["next_review"] = _check_date(dec.next_review, "--next-review")
    elif dec.period is not None or not keep["next_review"]:
        # A dated period is reviewed when it ends; a condition at the office's interval.
        keep["next_review"] = keep["period_end"] or _add_months(date.today(), regs.review_months).isoformat()
    out.update(keep, ground=ground, status=Status.ditetapkan if keep["decision_ref"] else Status.usulan)
    return out


def _meta_edits(rec: Record, dec: Decision, regs: RegisterSettings) -> tuple[dict[str, str], list[str]]:
    """(fields to write, fields the officer edited) from the metadata of a decision, or a ReviewError.

    Dates are stored as ISO dates whatever form the officer wrote; a new record kind
    brings its retention unless the officer set the retention (#13).
    """
    unknown = set(dec.meta) - set(META_FIELDS)
    if unknown:
        raise ReviewError(f"Kolom tidak dikenal / unknown field: {sorted(unknown)}")
    meta = {k: v.strip() if isinstance(v, str) else v for k, v in dec.meta.items()}
    if meta.get("made_on"):
        meta["made_on"] = _check_date(meta["made_on"], "--date")
    if "kind" in meta:
        kinds = sorted({"umum", *regs.retention, *(k for k, _ in metadata.KINDS)})
        if meta["kind"] not in kinds:
            raise ReviewError(f"--kind '{meta['kind']}' tidak dikenal; pilih salah satu: {', '.join(kinds)} "
                              "(unknown record kind)")
        if "retention" not in meta and "retention" not in rec.edited:
            meta = {**meta, "retention": regs.retention_for(meta["kind"])}
    return meta, sorted(set(dec.meta))


@dataclass
class _Plan:
    """One document's decision, checked and ready to write."""

    rec: Record
    new: dict[str, Any] | None
    meta: dict[str, str]
    edited: list[str]
    side: str
    move: tuple[str, str] | None
    confirmed: dict[str, Any] | None


def _plan(settings: Settings, catalog: Catalog, doc_id: int, dec: Decision, action: str) -> _Plan:
    rec = record(catalog, settings, doc_id)
    deciding = action == "accept" or any(
        getattr(dec, k) is not None for k in ("register", "dip_type", "ground", "decision_ref", "period",
                                                "consequence", "public_interest", "legal_basis",
                                                "redaction", "next_review"))
    if not deciding and not dec.meta:
        raise ReviewError("Tidak ada yang diubah: beri --register, --type, --ground atau kolom metadata "
                          "(nothing to change)")
    new = _validated(rec, dec, settings.registers) if deciding else None
    meta, edited = _meta_edits(rec, dec, settings.registers)
    confirmed = None
    if new and new["register"] == Register.DIP and not (rec.decided and rec.register == Register.DIP):
        signals = exempt_signals(catalog, rec)
        if signals and not (dec.confirm_public or "").strip():
            shown = "; ".join(dict.fromkeys(_signal_text(e) for e in signals[:8]))
            raise ConfirmationRequired(
                f"Dokumen #{doc_id} TIDAK dijadikan DIP: buktinya menunjukkan informasi yang dikecualikan "
                f"({shown}). Periksa lagi nomor dokumennya (pindai review show {doc_id}). Bila memang harus "
                f"terbuka, ulangi dengan --confirm-public \"alasan\"; alasan itu dicatat di jejak audit. "
                f"(refused: the evidence says document #{doc_id} is exempt; check the id, or confirm with "
                f"--confirm-public REASON)"
            )
        if signals:
            confirmed = {"reason": dec.confirm_public.strip(),
                         "signals": sorted({e["signal"] for e in signals})}
    side = (Side.public if new["register"] == Register.DIP else Side.exempt) if new else rec.side
    if side == Side.public and rec.side != Side.public and not _publishable(catalog, doc_id):
        raise ReviewError(f"Dokumen #{doc_id} salinan dihitamkan yang belum terverifikasi: tetap dikecualikan. "
                          f"Periksa dengan: pindai redact verify {doc_id} (an unverified redacted copy stays exempt)")
    return _Plan(rec, new, meta, edited, side, _planned_move(settings, rec, side), confirmed)


def _apply(catalog: Catalog, plan: _Plan, dec: Decision, *, actor: str, action: str) -> None:
    rec, new, doc_id = plan.rec, plan.new, plan.rec.id
    before = _snapshot(rec)
    reason = dec.reason or (plan.confirmed or {}).get("reason", "")
    now = _now()
    with catalog.atomic():
        if plan.meta:
            catalog.set_meta(doc_id, plan.meta, edited=sorted(set(rec.edited) | set(plan.edited)), at=now)
        if new:
            after_dec = {k: new[k] for k in ("register", "dip_type", "ground", *DIK_FIELDS, "status")}
            catalog.record_decision(doc_id, **after_dec, decided_by=actor, reason=reason, before=before,
                                    after=after_dec, at=now)
            catalog.set_side(doc_id, plan.side, status=new["status"])
        if plan.move:
            src, dst = plan.move
            catalog.journal_move(doc_id, src=src, dst=dst, side=plan.side)
            if rec.side == Side.public:
                catalog.journal_unpublish(doc_id)  # off the published websites too
        catalog.enqueue_index([doc_id])
        after = _snapshot(_record(catalog.record_rows(ids=[doc_id])[0]))
        if plan.confirmed:
            after["confirmed_public"] = plan.confirmed
        catalog.add_audit(doc_id, action if new else "metadata", actor=actor, before=before,
                          after=after, reason=reason)
    # Log ids and labels only: never a title or text (it may be exempt).
    log.info("document %d: %s by %s -> %s/%s%s", doc_id, action, actor, plan.side,
             new["status"] if new else rec.status, " (confirmed public against exempt signals)"
             if plan.confirmed else "")


def decide_many(settings: Settings, catalog: Catalog, doc_ids: list[int], dec: Decision, *,
                actor: str | None = None, action: str = "set") -> list[Record]:
    """One decision for several documents, each recorded and audited on its own.

    Every document is checked first: one that the decision does not fit (unknown id,
    missing values, exempt evidence without ``confirm_public``) refuses the whole
    command, and nothing is changed.

    Raises:
        ReviewError: the values do not make a valid decision for one of the documents.
        DocumentNotFoundError: no such document.
    """
    actor = actor or officer()
    plans = [_plan(settings, catalog, doc_id, dec, action) for doc_id in dict.fromkeys(doc_ids)]
    for plan in plans:
        _apply(catalog, plan, dec, actor=actor, action=action)
    finish_pending(settings, catalog)
    return [record(catalog, settings, p.rec.id) for p in plans]


def decide(settings: Settings, catalog: Catalog, doc_id: int, dec: Decision, *,
           actor: str | None = None, action: str = "set") -> Record:
    """Record an officer's decision and/or metadata edits; move the document if its side changes.

    Raises:
        ConfirmationRequired: DIP for a document whose evidence says exempt, without ``dec.confirm_public``.
        ReviewError: the values do not make a valid decision (nothing is changed).
        DocumentNotFoundError: no such document.
    """
    return decide_many(settings, catalog, [doc_id], dec, actor=actor, action=action)[0]


def accept(settings: Settings, catalog: Catalog, doc_id: int, *, reason: str = "",
           decision_ref: str | None = None, actor: str | None = None,
           confirm_public: str | None = None) -> Record:
    """Take the suggestion as the decision (``confirm_public``: see :class:`Decision`)."""
    return decide(settings, catalog, doc_id, Decision(decision_ref=decision_ref, reason=reason,
                                                      confirm_public=confirm_public),
                  actor=actor, action="accept")


def accept_many(settings: Settings, catalog: Catalog, doc_ids: list[int], *, reason: str = "",
                decision_ref: str | None = None, actor: str | None = None,
                confirm_public: str | None = None) -> list[Record]:
    """Take each document's suggestion as its decision; all are checked before any is recorded."""
    return decide_many(settings, catalog, doc_ids, Decision(decision_ref=decision_ref, reason=reason,
                                                            confirm_public=confirm_public),
                       actor=actor, action="accept")


def _snapshot(rec: Record) -> dict[str, Any]:
    keep = ("side", "status", "register", "dip_type", "ground", "decided", "pdfa_path", *META_FIELDS, *DIK_FIELDS)
    return {k: getattr(rec, k) for k in keep}


# --------------------------------------------------------------------------- moving files


def _publishable(catalog: Catalog, doc_id: int) -> bool:
    """A redacted copy reaches the public side only verified (#17)."""
    from pindai import redact

    return redact.is_publishable(catalog, doc_id)


def _planned_move(settings: Settings, rec: Record, side: str) -> tuple[str, str] | None:
    """(src, dst) relative to the home when the PDF/A must change archive, else None."""
    if side == rec.side:
        return None
    home = settings.home
    bases = {Side.public: home.archive_public, Side.exempt: home.archive_exempt}
    src = home.root / rec.pdfa_path
    try:
        rel = src.relative_to(bases[rec.side])
    except ValueError:
        rel = Path(src.name)
    dst = bases[side] / rel
    return str(src.relative_to(home.root)), str(dst.relative_to(home.root))


def finish_pending(settings: Settings, catalog: Catalog) -> int:
    """Complete archive moves and index updates a decision (or a crash) left behind.

    Idempotent: a move whose source is gone and whose destination exists is done.
    Returns the number of moves completed.
    """
    home = settings.home
    moves = catalog.pending_moves()
    # Hidden from the public search at once, whether or not the flush below can run now (#13).
    index.withdraw_public(home, [m["document_id"] for m in moves if m["side"] != "public"])
    for m in moves:
        src, dst = home.root / m["src"], home.root / m["dst"]
        if src.exists():
            archive.relocate(src, dst, side=m["side"])
            src.unlink()
        elif not dst.exists():
            log.error("document %d: PDF/A missing at %s and %s; run: pindai check --repair",
                      m["document_id"], m["src"], m["dst"])
        catalog.finish_move(m["document_id"])
    if catalog.queued_index(1):
        try:
            # Not long: a rebuild may hold the writer for minutes; what left the public
            # side is already hidden from its search, and the queue keeps the update.
            index.flush(home, catalog, timeout=5.0)
        except Exception as e:  # noqa: BLE001 - the queue keeps the update for the next flush
            log.warning("index update postponed: %s", type(e).__name__)
    withdrawn = catalog.pending_unpublish()
    if withdrawn:
        from pindai.registers import withdraw  # registers build on this module

        try:
            withdraw(settings, catalog, withdrawn)
        except Exception as e:  # noqa: BLE001 - the journal keeps it for the next command
            log.error("documents %s: not yet taken off the published website (%s); it is retried "
                      "by the next command", withdrawn, type(e).__name__)
        else:
            catalog.clear_unpublish(withdrawn)
    return len(moves)


def move_to_side(settings: Settings, catalog: Catalog, doc_id: int, side: str, *,
                 actor: str = "pindai", reason: str = "") -> bool:
    """Move an undecided document's PDF/A and index entry to ``side`` (``pindai reprocess``).

    The same journalled move as a decision: one transaction updates the side and
    path, journals the move (``pending_moves``) and queues the index entry;
    :func:`finish_pending` then moves the file and flushes the index. Status and
    decisions are not touched. Returns whether anything moved.
    """
    rec = record(catalog, settings, doc_id)
    if side == Side.public and not _publishable(catalog, doc_id):
        log.warning("document %d: unverified redacted copy kept exempt", doc_id)
        return False
    move = _planned_move(settings, rec, side)
    if move is None:
        return False
    src, dst = move
    with catalog.atomic():
        catalog.set_side(doc_id, side)
        catalog.journal_move(doc_id, src=src, dst=dst, side=side)
        if rec.side == Side.public:
            catalog.journal_unpublish(doc_id)  # off the published websites too
        catalog.enqueue_index([doc_id])
        catalog.add_audit(doc_id, "move", actor=actor, before={"side": rec.side, "pdfa_path": src},
                          after={"side": side, "pdfa_path": dst}, reason=reason)
    log.info("document %d: moved %s -> %s by %s", doc_id, rec.side, side, actor)
    finish_pending(settings, catalog)
    return True
