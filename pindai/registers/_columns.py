"""The DIP and DIK registers as tables: the legally required columns (domain.md), their Indonesian
headers, the rows from the catalogue, and the DIK grouped and ordered by exemption period."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pindai import domain, metadata
from pindai.errors import ExitCode, PindaiError
from pindai.review import Record

KINDS = ("dip", "dik")

STATUS_LABELS = domain.STATUS_LABELS
#: As the register's column shows them ("Serta Merta").
DIP_TYPE_LABELS = {t: label.title() for t, label in domain.DIP_TYPE_LABELS.items()}
#: Group of DIK entries whose exemption period is not set yet (listed last).
NO_PERIOD = "Jangka waktu pengecualian belum ditentukan"


class RegisterError(PindaiError):
    """A register or website command was given values it cannot use."""

    exit_code = ExitCode.bad_config


@dataclass(frozen=True)
class Column:
    """One column of a register."""

    #: Stable English key (JSON, code).
    key: str
    #: Indonesian header, as printed.
    header: str
    #: Relative width in print (PDF) and in characters (xlsx).
    width: float
    #: The cell's text for a record.
    value: Callable[[Record], str] = field(repr=False, compare=False)
    #: A sortable machine value (ISO date, number) for the cell, when the text does not sort.
    sort: Callable[[Record], str] | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Entry:
    """One row of a register."""

    #: The document's id in the catalogue.
    id: int
    #: Column key → cell text; "no" is the running number.
    cells: dict[str, str]
    #: Column key → sortable machine value, for the columns that have one.
    sort_keys: dict[str, str]
    #: The group heading the row sits under (DIK: its exemption period); "" for none.
    group: str = ""
    #: The PDF/A, relative to the home (the website copies public ones).
    pdfa_path: str = ""


@dataclass(frozen=True)
class Register:
    """A register ready to render in any format."""

    #: "DIP" or "DIK".
    kind: str
    office: str
    printed: date
    year: int | None
    columns: tuple[Column, ...]
    entries: tuple[Entry, ...]

    @property
    def title(self) -> str:
        return {"DIP": "Daftar Informasi Publik (DIP)",
                "DIK": "Daftar Informasi yang Dikecualikan (DIK)"}[self.kind]

    @property
    def restricted(self) -> bool:
        """Whether it holds exempt information (its files are written 0640)."""
        return self.kind == "DIK"

    @property
    def title_lines(self) -> list[str]:
        """The heading rows every format prints above the table."""
        lines = [self.title.upper(), self.office]
        if self.year:
            lines.append(f"Tahun {self.year}")
        lines.append(f"Dicetak {metadata.indonesian_date(datetime.combine(self.printed, datetime.min.time()))}")
        return lines

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def rows(self) -> list[list[str]]:
        """Cell texts, row by row, in column order."""
        return [[e.cells[k] for k in self.keys] for e in self.entries]

    def groups(self) -> list[tuple[int, str]]:
        """(row index, heading) where a new group starts; empty for an ungrouped register."""
        out, last = [], None
        for i, e in enumerate(self.entries):
            if e.group and e.group != last:
                out.append((i, e.group))
            last = e.group
        return out

    def as_json(self) -> dict[str, Any]:
        """The register for machines: stable English keys plus the Indonesian header map."""
        return {
            "register": self.kind,
            "title": self.title,
            "office": self.office,
            "year": self.year,
            "printed": self.printed.isoformat(),
            "columns": {c.key: c.header for c in self.columns},
            "entries": [{"id": e.id, **e.cells, **({"group": e.group} if e.group else {})}
                        for e in self.entries],
        }


# --------------------------------------------------------------------------- cells


def _date_text(iso: str | None) -> str:
    if not iso:
        return ""
    return metadata.indonesian_date(datetime.fromisoformat(iso[:10]))


def _source(r: Record) -> str:
    title = r.title or r.source_name
    number = f", Nomor {r.number}" if r.number else ""
    return f"{title}{number} (arsip #{r.id})"


def _legal_basis(r: Record) -> str:
    parts = [f"Pasal 17 huruf {r.ground} UU 14/2008"] if r.ground else []
    if r.legal_basis:
        parts.append(r.legal_basis)
    return "; ".join(parts)


def _no(_r: Record) -> str:  # filled in when the rows are numbered
    return ""


DIP_COLUMNS: tuple[Column, ...] = (
    Column("no", "No.", 3, _no),
    Column("title", "Judul Informasi", 14, lambda r: r.title or r.source_name),
    Column("number", "Nomor Dokumen", 10, lambda r: r.number),
    Column("summary", "Ringkasan Isi Informasi", 22, lambda r: r.summary),
    Column("holder", "Pejabat/Unit yang Menguasai Informasi", 10, lambda r: r.holder),
    Column("issuer", "Penanggung Jawab Pembuatan/Penerbitan", 10, lambda r: r.issuer),
    Column("made", "Waktu dan Tempat Pembuatan", 9, lambda r: r.made, sort=lambda r: r.made_on),
    Column("form", "Bentuk Informasi yang Tersedia", 8, lambda r: r.form),
    Column("retention", "Jangka Waktu Penyimpanan", 8, lambda r: r.retention),
    Column("dip_type", "Jenis Informasi (Berkala/Serta Merta/Setiap Saat)", 8,
           lambda r: DIP_TYPE_LABELS.get(r.dip_type or "", "")),
    Column("year", "Tahun", 4, lambda r: str(r.year)),
    Column("updated", "Pemutakhiran Terakhir", 7, lambda r: _date_text(r.updated_at),
           sort=lambda r: r.updated_at),
    Column("status", "Status", 6, lambda r: STATUS_LABELS.get(r.status, r.status)),
)

DIK_COLUMNS: tuple[Column, ...] = (
    Column("no", "No.", 3, _no),
    Column("description", "Informasi yang Dikecualikan", 14, lambda r: r.description or r.title),
    Column("source", "Dokumen Sumber", 12, _source),
    Column("legal_basis", "Dasar Hukum", 11, _legal_basis),
    Column("consequence", "Konsekuensi Apabila Dibuka", 14, lambda r: r.consequence or ""),
    Column("public_interest", "Kepentingan Publik yang Dipertimbangkan", 12, lambda r: r.public_interest or ""),
    Column("period", "Jangka Waktu Pengecualian", 9, lambda r: r.period,
           sort=lambda r: r.period_end or r.period_condition or ""),
    Column("decision", "Nomor dan Tanggal Keputusan", 10, lambda r: r.decision_ref or ""),
    Column("unit", "Unit Kerja", 7, lambda r: r.unit),
    Column("status", "Status (Usulan/Ditetapkan)", 7, lambda r: STATUS_LABELS.get(r.status, r.status)),
    Column("redaction", "Informasi yang Dapat Dibuka Setelah Penghitaman", 11, lambda r: r.redaction or ""),
    Column("next_review", "Tanggal Peninjauan Berikutnya", 7, lambda r: _date_text(r.next_review),
           sort=lambda r: r.next_review or ""),
)


# --------------------------------------------------------------------------- selection and order


def is_dip(r: Record) -> bool:
    """On the DIP register: a public-side DIP document (held or exempt ones never are)."""
    return r.side == "public" and r.register == "DIP" and not (r.held and not r.decided)


def is_dik(r: Record) -> bool:
    """On the DIK register: every exempt-side document (exempt, or held for review)."""
    return r.side == "exempt"


def _dik_order(r: Record) -> tuple:
    """Dated periods by end date, then conditions grouped by their text, then no period yet."""
    if r.period_end:
        return (0, r.period_end, "", r.id)
    if r.period_condition:
        return (1, "", r.period_condition.casefold(), r.id)
    return (2, "", "", r.id)


def _dik_group(r: Record) -> str:
    if r.period_end:
        return f"Dikecualikan sampai {_date_text(r.period_end)}"
    if r.period_condition:
        return f"Dikecualikan {r.period_condition}"
    return NO_PERIOD


def build(kind: str, recs: list[Record], *, office: str, year: int | None = None,
          today: date | None = None) -> Register:
    """The register ``kind`` ("dip" or "dik") of ``recs``. Pure.

    Raises:
        RegisterError: unknown kind.
    """
    kind = kind.lower()
    if kind not in KINDS:
        raise RegisterError(f"Register '{kind}' tidak dikenal: pilih dip atau dik (choose dip or dik)")
    chosen = [r for r in recs if (is_dip(r) if kind == "dip" else is_dik(r))]
    if year is not None:
        chosen = [r for r in chosen if r.year == year]
    if kind == "dip":
        columns = DIP_COLUMNS
        chosen.sort(key=lambda r: (r.year, r.made_on or r.received_at, r.id))
    else:
        columns = DIK_COLUMNS
        chosen.sort(key=_dik_order)
    entries = []
    for n, r in enumerate(chosen, 1):
        cells = {c.key: (str(n) if c.key == "no" else (c.value(r) or "")) for c in columns}
        sort_keys = {c.key: c.sort(r) or "" for c in columns if c.sort}
        entries.append(Entry(id=r.id, cells=cells, sort_keys=sort_keys,
                             group=_dik_group(r) if kind == "dik" else "", pdfa_path=r.pdfa_path))
    return Register(kind=kind.upper(), office=office, printed=today or date.today(), year=year,
                    columns=columns, entries=tuple(entries))


# --------------------------------------------------------------------------- due for review


@dataclass(frozen=True)
class DueExemption:
    """An exemption an officer must review: its period ended or ends soon, or its review date comes."""

    id: int
    description: str
    #: Pasal 17 letter.
    ground: str | None
    status: str
    unit: str
    #: Jangka waktu pengecualian as printed.
    period: str
    period_end: str | None
    next_review: str | None
    #: Why it is listed, in Indonesian.
    reason: str
    #: The earliest date that makes it due (ISO).
    due_on: str

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


_WINDOW = re.compile(r"^\s*(\d{1,4})\s*([dwmy]?)\s*$", re.IGNORECASE)


def parse_window(text: str) -> timedelta:
    """``90d``, ``12w``, ``6m`` (30-day months), ``1y`` or a bare number of days.

    Raises:
        RegisterError: anything else.
    """
    m = _WINDOW.match(text or "")
    if not m:
        raise RegisterError(f"--within '{text}' tidak dikenal: contoh 90d, 12w, 6m, 1y "
                            "(use days, weeks, months or years, e.g. 90d)")
    n, unit = int(m.group(1)), (m.group(2) or "d").lower()
    return timedelta(days=n * {"d": 1, "w": 7, "m": 30, "y": 365}[unit])


def due(recs: list[Record], *, within: timedelta, today: date | None = None) -> list[DueExemption]:
    """Exempt-side entries whose period has ended or ends within ``within``, or whose next review
    date falls before ``today + within`` (overdue ones too). Earliest first. Pure.

    Nothing becomes public by itself: the list is for the officer's review.
    """
    today = today or date.today()
    horizon = today + within
    out = []
    for r in recs:
        if not is_dik(r):
            continue
        reasons, dates = [], []
        end = date.fromisoformat(r.period_end) if r.period_end else None
        if end and end <= horizon:
            dates.append(end)
            when = _date_text(r.period_end)
            reasons.append(f"jangka waktu sudah berakhir {when}" if end < today else
                           f"jangka waktu berakhir {when} ({(end - today).days} hari lagi)")
        review_on = date.fromisoformat(r.next_review) if r.next_review else None
        if review_on and review_on <= horizon and review_on != end:
            dates.append(review_on)
            reasons.append(f"peninjauan {'terlambat sejak' if review_on < today else 'dijadwalkan'} "
                           f"{_date_text(r.next_review)}")
        if dates:
            out.append(DueExemption(
                id=r.id, description=r.description or r.title, ground=r.ground,
                status=STATUS_LABELS.get(r.status, r.status), unit=r.unit, period=r.period,
                period_end=r.period_end, next_review=r.next_review, reason="; ".join(reasons),
                due_on=min(dates).isoformat()))
    out.sort(key=lambda d: (d.due_on, d.id))
    return out


def iter_groups(reg: Register) -> Iterator[tuple[str, list[Entry]]]:
    """(group heading, its entries) in order; one group "" for an ungrouped register."""
    current, bucket = None, []
    for e in reg.entries:
        if bucket and e.group != current:
            yield current or "", bucket
            bucket = []
        current = e.group
        bucket.append(e)
    if bucket:
        yield current or "", bucket

