"""The PPID's activity report (laporan kegiatan pendokumentasian) for a period, as HTML or PDF.

A pure core, :func:`compute`, turns catalogue rows into a :class:`ReportFigures`
record; :func:`figures` reads those rows; :func:`render_html` and
:func:`render_pdf` draw the record. The report may go to the head of the office
or into the published annual PPID report, so it holds counts and labels only:
never a title, a summary, a file name or any text of a document (exempt or not),
and never an officer's free text (decision reasons, period conditions).

Choices where issue #6 is silent:

* A document belongs to the period by the day it was received (scanned); a
  failed or duplicate input by the day its job was created. Days are local
  (the office's clock); ``--from`` and ``--to`` are inclusive.
* Register, DIP type and Pasal 17 ground are the latest decision's, or the
  suggestion's while there is none (the report says how many are decided).
* Time to decision runs from receipt to the *first* decision, for documents
  received in the period; the median interpolates, the p90 is the nearest
  rank (the smallest time within which 90 % were decided).
* Pending reviews, exemptions due and DIK entries awaiting a Keputusan are a
  snapshot on the report's reference day, the earlier of ``--to`` and today:
  documents received by then with no decision; DIK entries whose dated period
  has ended or ends within 90 days, or whose next review falls by then.
* Charts are drawn with matplotlib (Agg backend, the DejaVu fonts it ships; no
  network): SVG inline in the HTML, PNG in the PDF. Measured on the office
  class of machine: ~0.8 s to import and ~0.1 s a chart, 35 MB installed, only
  when a report is made. Hand-written SVG would have saved that but needed its
  own axes, ticks, label fitting and a PNG path for the PDF; not worth it.
"""

from __future__ import annotations

import calendar
import html
import io
import math
import re
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pindai import domain, errors
from pindai.catalog import Catalog, JobState
from pindai.config import Settings
from pindai.errors import ConfigError, MissingDependencyError
from pindai.registers._columns import due as due_exemptions
from pindai.registers._pdf import font_paths

#: An exemption whose period ends within this many days is due for review.
DUE_WITHIN_DAYS = 90

#: As the report's tables show them ("Serta merta", "h. rahasia pribadi"), from pindai.domain.
DIP_TYPE_LABELS = {t: label[:1].upper() + label[1:] for t, label in domain.DIP_TYPE_LABELS.items()}
GROUND_LABELS = {g: f"{g}. {label}" for g, label in domain.GROUND_LABELS.items()}
UNDECIDED = "belum ditentukan"
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")


class ReportError(ConfigError):
    """The report was asked for with values that do not make a period or a format."""


# --------------------------------------------------------------------------- the record


@dataclass(frozen=True)
class Count:
    """Documents and pages of one group (a unit, a device profile)."""

    #: The group's name as the catalogue holds it.
    name: str
    documents: int
    pages: int


@dataclass(frozen=True)
class DueExemption:
    """A DIK entry due for review, by id and labels only (never its title or text)."""

    document_id: int
    unit: str
    #: Pasal 17 letter.
    ground: str
    #: usulan | ditetapkan
    status: str
    #: ISO date the exemption period ends; None when the period is a condition.
    period_end: str | None
    #: ISO date of the next review; None when not set.
    next_review: str | None
    #: Why it is due, in Indonesian, with dates (never the document's title).
    reason: str


@dataclass(frozen=True)
class ReportFigures:
    """Everything the activity report says, computed from the catalogue for one period."""

    #: The public body, as in the registers' headings.
    office: str
    #: First and last day of the period (inclusive), ISO.
    start: str
    end: str
    #: The day the snapshot figures (pending, due) refer to: the earlier of ``end`` and today.
    as_of: str
    #: When the report was made (local, ISO seconds).
    generated_at: str
    #: Documents received in the period, and their pages.
    documents: int
    pages: int
    #: Per unit (sub-bagian) and per device profile, most documents first.
    by_unit: list[Count]
    by_profile: list[Count]
    #: Documents per register ("DIP", "DIK", or "belum ditentukan").
    by_register: dict[str, int]
    #: DIP documents per type (berkala / serta_merta / setiap_saat / belum ditentukan).
    by_dip_type: dict[str, int]
    #: DIK documents per Pasal 17 letter.
    by_ground: dict[str, int]
    #: Documents of the period an officer has decided (the rest carry the suggestion).
    decided: int
    #: Inputs quarantined in ``failed/`` in the period, total and per reason code.
    failed: int
    failed_by_reason: dict[str, int]
    #: Inputs refused as duplicates (already filed) in the period.
    duplicates: int
    #: Pages flagged for rescan (low OCR confidence), and the documents holding them.
    rescan_pages: int
    rescan_documents: int
    #: Hours from receipt to the first decision: median and p90 over the decided documents
    #: of the period (None when none is decided), and how many still wait.
    decision_hours_median: float | None
    decision_hours_p90: float | None
    decision_waiting: int
    #: Documents received by ``as_of`` with no decision yet, and the oldest one's receipt (ISO).
    pending: int
    pending_oldest: str | None
    #: DIK entries decided but still ``usulan``: waiting for the Keputusan that sets them.
    dik_awaiting_keputusan: int
    #: Exemptions due for review on ``as_of``, earliest first.
    due: list[DueExemption]
    #: Documents received per week: (Monday of the ISO week, DIP, DIK, undecided register).
    weekly: list[tuple[str, int, int, int]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing was received, failed or refused in the period."""
        return not (self.documents or self.failed or self.duplicates)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- the period


def _parse_day(value: str, option: str) -> date:
    from pindai import metadata

    try:
        return metadata.parse_date(value, what=option)
    except metadata.DateFormatError as e:
        raise ReportError(f"Tanggal tidak valid: {e}") from None


def _month(d: date) -> tuple[date, date]:
    return d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1])


def parse_period(start: str | None, end: str | None, *, today: date | None = None) -> tuple[date, date]:
    """The report's period from ``--from`` / ``--to`` (inclusive; 31/01/2024, 31 Januari 2024, 2024-01-31).

    Neither given: the current month. One given: the other bound is the start or
    end of the given one's month.

    Raises:
        ReportError: a date does not parse (:func:`pindai.metadata.parse_date`), or ``--from`` is after ``--to``.
    """
    first = _parse_day(start, "--from") if start else None
    last = _parse_day(end, "--to") if end else None
    if first is None and last is None:
        return _month(today or date.today())
    if first is None:
        first = _month(last)[0]
    if last is None:
        last = _month(first)[1]
    if first > last:
        raise ReportError(
            f"Tanggal --from ({first.isoformat()}) sesudah --to ({last.isoformat()}): awal periode "
            f"harus sama dengan atau sebelum akhirnya (--from is after --to)"
        )
    return first, last


# --------------------------------------------------------------------------- the pure core


def _day(ts: str) -> date:
    """The local day of a catalogue timestamp (UTC or with an offset)."""
    t = datetime.fromisoformat(ts)
    return (t.astimezone() if t.tzinfo else t).date()


def _hours(a: str, b: str) -> float:
    ta, tb = datetime.fromisoformat(a), datetime.fromisoformat(b)
    if (ta.tzinfo is None) != (tb.tzinfo is None):
        ta, tb = ta.replace(tzinfo=None), tb.replace(tzinfo=None)
    return max((tb - ta).total_seconds(), 0.0) / 3600


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def _counts(docs: list[dict[str, Any]], key: str) -> list[Count]:
    groups: dict[str, list[int]] = {}
    for d in docs:
        g = groups.setdefault(d[key], [0, 0])
        g[0] += 1
        g[1] += d["pages"]
    return [Count(k, n, p) for k, (n, p) in sorted(groups.items(), key=lambda kv: (-kv[1][0], kv[0]))]


def compute(
    documents: list[dict[str, Any]], jobs: list[dict[str, Any]], *, start: date, end: date,
    today: date, office: str, generated_at: str, due: list[DueExemption] = (),
) -> ReportFigures:
    """The report's figures from plain rows (no I/O).

    Args:
        documents: every document, as dicts with ``id, unit, profile, pages, received_at,
            register, dip_type, ground, decided, status, first_decided_at, period_end,
            next_review, rescan_pages`` (labels of the latest decision, else the suggestion).
        jobs: failed and duplicate jobs, as dicts with ``state, error_code, created_at``.
        start, end: the period, inclusive.
        today: the day the report is made.
        due: the exemptions due for review (``registers.due``), already stripped of titles.
    """
    as_of = min(end, today)
    in_period = [d for d in documents if start <= _day(d["received_at"]) <= end]
    jobs_in = [j for j in jobs if start <= _day(j["created_at"]) <= end]
    failed = [j for j in jobs_in if j["state"] == JobState.failed]

    registers = Counter(d["register"] or UNDECIDED for d in in_period)
    dip_types = Counter(d["dip_type"] or UNDECIDED for d in in_period if d["register"] == "DIP")
    grounds = Counter(d["ground"] or UNDECIDED for d in in_period if d["register"] == "DIK")

    waits = [_hours(d["received_at"], d["first_decided_at"]) for d in in_period if d["first_decided_at"]]
    pending = sorted(
        (d for d in documents if _day(d["received_at"]) <= as_of and not d["decided"]),
        key=lambda d: d["received_at"],
    )

    weeks: dict[date, Counter] = {}
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        weeks[monday] = Counter()
        monday += timedelta(days=7)
    for d in in_period:
        day = _day(d["received_at"])
        weeks[day - timedelta(days=day.weekday())][d["register"] or UNDECIDED] += 1

    return ReportFigures(
        office=office, start=start.isoformat(), end=end.isoformat(), as_of=as_of.isoformat(),
        generated_at=generated_at,
        documents=len(in_period), pages=sum(d["pages"] for d in in_period),
        by_unit=_counts(in_period, "unit"), by_profile=_counts(in_period, "profile"),
        by_register={k: registers[k] for k in ("DIP", "DIK", UNDECIDED) if registers[k]},
        by_dip_type={k: dip_types[k] for k in (*DIP_TYPE_LABELS, UNDECIDED) if dip_types[k]},
        by_ground={k: grounds[k] for k in (*GROUND_LABELS, UNDECIDED) if grounds[k]},
        decided=sum(1 for d in in_period if d["decided"]),
        failed=len(failed),
        failed_by_reason=dict(sorted(Counter(j["error_code"] or "rejected" for j in failed).items(),
                                     key=lambda kv: (-kv[1], kv[0]))),
        duplicates=sum(1 for j in jobs_in if j["state"] == JobState.duplicate),
        rescan_pages=sum(len(d["rescan_pages"]) for d in in_period),
        rescan_documents=sum(1 for d in in_period if d["rescan_pages"]),
        decision_hours_median=statistics.median(waits) if waits else None,
        decision_hours_p90=_p90(waits) if waits else None,
        decision_waiting=sum(1 for d in in_period if not d["first_decided_at"]),
        pending=len(pending), pending_oldest=pending[0]["received_at"] if pending else None,
        dik_awaiting_keputusan=sum(
            1 for d in documents
            if d["decided"] and d["register"] == "DIK" and d["status"] == "usulan"
            and _day(d["received_at"]) <= as_of
        ),
        due=list(due),
        weekly=[(w.isoformat(), c["DIP"], c["DIK"], c[UNDECIDED]) for w, c in weeks.items()],
    )


# --------------------------------------------------------------------------- reading the catalogue


def figures(settings: Settings, catalog: Catalog, *, start: date, end: date,
            today: date | None = None) -> ReportFigures:
    """The activity report's figures for ``start``..``end`` (inclusive) from the catalogue."""
    from pindai import review

    recs = review.records(catalog, settings)
    first = catalog.first_decided_at()
    documents = [
        {
            "id": r.id, "unit": r.unit, "profile": r.profile, "pages": r.pages,
            "received_at": r.received_at, "register": r.register, "dip_type": r.dip_type,
            "ground": r.ground, "decided": r.decided, "status": r.status,
            "first_decided_at": first.get(r.id), "period_end": r.period_end,
            "next_review": r.next_review, "rescan_pages": r.rescan_pages,
        }
        for r in recs
    ]
    status = {r.id: r.status for r in recs}
    # The same list as `pindai register dik --due`, without the descriptions (titles).
    as_of = min(end, today or date.today())
    due = [DueExemption(e.id, e.unit, e.ground or "", status[e.id], e.period_end, e.next_review, e.reason)
           for e in due_exemptions(recs, within=timedelta(days=DUE_WITHIN_DAYS), today=as_of)]
    jobs = catalog.job_outcomes((JobState.failed, JobState.duplicate))
    return compute(documents, jobs, start=start, end=end, today=today or date.today(),
                   office=settings.registers.office, due=due,
                   generated_at=datetime.now().astimezone().isoformat(timespec="seconds"))


# --------------------------------------------------------------------------- words


def _reason_labels() -> dict[str, str]:
    labels = {}
    todo = [errors.InputRejected]
    while todo:
        cls = todo.pop()
        labels.setdefault(cls.code, cls.reason_id.split(". ")[0].rstrip("."))
        todo.extend(cls.__subclasses__())
    return labels


def _long_date(iso: str) -> str:
    d = date.fromisoformat(iso[:10])
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _duration(hours: float | None) -> str:
    if hours is None:
        return "-"
    if hours < 24:
        return f"{hours:.1f} jam".replace(".", ",")
    return f"{hours / 24:.1f} hari".replace(".", ",")


def _title(fig: ReportFigures) -> str:
    return "Laporan Kegiatan Pendokumentasian Informasi Publik"


def _period_text(fig: ReportFigures) -> str:
    return f"Periode {_long_date(fig.start)} s.d. {_long_date(fig.end)}"


@dataclass(frozen=True)
class _Section:
    heading: str
    #: Table header, then rows; or no table.
    table: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Chart name in :func:`_charts`, or "".
    chart: str = ""


def _sections(fig: ReportFigures) -> list[_Section]:
    """The report as headings, tables and sentences: one source for HTML and PDF."""
    n = str
    reasons = _reason_labels()
    out = [
        _Section("Ringkasan", [
            ["Uraian", "Jumlah"],
            ["Dokumen diproses", n(fig.documents)],
            ["Halaman diproses", n(fig.pages)],
            ["Dokumen sudah diputuskan petugas", n(fig.decided)],
            ["Berkas gagal diproses (karantina)", n(fig.failed)],
            ["Berkas duplikat ditolak", n(fig.duplicates)],
            ["Halaman disarankan pindai ulang", n(fig.rescan_pages)],
            ["Menunggu pemeriksaan (per " + _long_date(fig.as_of) + ")", n(fig.pending)],
            ["Pengecualian jatuh tempo ditinjau", n(len(fig.due))],
        ]),
        _Section("Dokumen per unit kerja",
                 [["Unit kerja", "Dokumen", "Halaman"]] + [[c.name, n(c.documents), n(c.pages)] for c in fig.by_unit],
                 chart="unit" if fig.by_unit else ""),
        _Section("Dokumen per profil perangkat",
                 [["Profil perangkat", "Dokumen", "Halaman"]]
                 + [[c.name, n(c.documents), n(c.pages)] for c in fig.by_profile]),
        _Section(
            "Dokumen per daftar, jenis DIP dan alasan pengecualian",
            [["Daftar", "Jenis / alasan (Pasal 17 UU 14/2008)", "Dokumen"]]
            + [["DIP", DIP_TYPE_LABELS.get(k, k), n(v)] for k, v in fig.by_dip_type.items()]
            + [["DIK", GROUND_LABELS.get(k, k), n(v)] for k, v in fig.by_ground.items()]
            + ([[UNDECIDED, "-", n(fig.by_register[UNDECIDED])]] if UNDECIDED in fig.by_register else []),
            notes=[f"DIP: {fig.by_register.get('DIP', 0)} dokumen; DIK: {fig.by_register.get('DIK', 0)} "
                   f"dokumen. Label dari keputusan petugas ({fig.decided} dokumen), selebihnya usulan sistem."],
            chart="split" if fig.documents else "",
        ),
        _Section(
            "Kegagalan dan pindai ulang",
            [["Alasan gagal", "Kode", "Berkas"]]
            + [[reasons.get(code, code), code, n(v)] for code, v in fig.failed_by_reason.items()],
            notes=[f"{fig.rescan_pages} halaman pada {fig.rescan_documents} dokumen disarankan dipindai ulang "
                   f"(keyakinan OCR rendah). {fig.duplicates} berkas duplikat ditolak."],
        ),
        _Section(
            "Waktu dari pemindaian sampai keputusan",
            [["Ukuran", "Nilai"],
             ["Median", _duration(fig.decision_hours_median)],
             ["Persentil ke-90", _duration(fig.decision_hours_p90)],
             ["Dokumen periode ini yang masih menunggu", n(fig.decision_waiting)]],
        ),
        _Section(
            "Pemeriksaan tertunda",
            [["Uraian", "Nilai"],
             ["Dokumen belum diperiksa", n(fig.pending)],
             ["Diterima paling lama", _long_date(fig.pending_oldest) if fig.pending_oldest else "-"],
             ["DIK usulan menunggu Keputusan penetapan", n(fig.dik_awaiting_keputusan)]],
            notes=[f"Keadaan per {_long_date(fig.as_of)}."],
        ),
        _Section(
            "Pengecualian jatuh tempo ditinjau",
            [["No. dokumen", "Unit kerja", "Pasal 17", "Status", "Akhir pengecualian", "Tinjau ulang", "Keterangan"]]
            + [[f"#{e.document_id}", e.unit, e.ground, e.status,
                _long_date(e.period_end) if e.period_end else "syarat",
                _long_date(e.next_review) if e.next_review else "-", e.reason] for e in fig.due],
            notes=[f"Berakhir, atau berakhir atau dijadwalkan ditinjau dalam {DUE_WITHIN_DAYS} hari, "
                   f"per {_long_date(fig.as_of)}. Tidak ada yang menjadi terbuka dengan sendirinya."],
        ),
    ]
    if fig.documents:
        out.insert(4, _Section("Dokumen per minggu", chart="weekly"))
    return [replace(sec, heading=f"{i}. {sec.heading}") for i, sec in enumerate(out, 1)]


# --------------------------------------------------------------------------- charts


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # no display; must precede pyplot
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "font.family": "DejaVu Sans",  # shipped with matplotlib: no system or network fonts
        "font.size": 9,
        "svg.fonttype": "none",  # text stays text: smaller, selectable, searchable
        "svg.hashsalt": "pindai",  # stable ids: the same figures give the same file
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    return plt


COLORS = {"DIP": "#2e7d32", "DIK": "#c62828", UNDECIDED: "#9e9e9e", "bar": "#1565c0"}


def _chart(fig: ReportFigures, name: str, fmt: str) -> bytes:
    """One chart as SVG or PNG bytes."""
    plt = _pyplot()
    if name == "unit":
        labels = [c.name for c in fig.by_unit][::-1]
        f, ax = plt.subplots(figsize=(6.5, 0.45 * len(labels) + 0.9))
        bars = ax.barh(labels, [c.documents for c in fig.by_unit][::-1], color=COLORS["bar"])
        ax.bar_label(bars, padding=3)
        ax.set_xlabel("dokumen")
    elif name == "split":
        rows = ([(f"DIP {DIP_TYPE_LABELS.get(k, k).lower()}", v, COLORS["DIP"]) for k, v in fig.by_dip_type.items()]
                + [(f"DIK {k}", v, COLORS["DIK"])
                   for k, v in fig.by_ground.items()])
        if UNDECIDED in fig.by_register:
            rows.append((UNDECIDED, fig.by_register[UNDECIDED], COLORS[UNDECIDED]))
        rows = rows[::-1]
        f, ax = plt.subplots(figsize=(6.5, 0.4 * len(rows) + 0.9))
        bars = ax.barh([r[0] for r in rows], [r[1] for r in rows], color=[r[2] for r in rows])
        ax.bar_label(bars, padding=3)
        ax.set_xlabel("dokumen")
    else:  # weekly
        weeks = [w[0] for w in fig.weekly]
        labels = [f"{date.fromisoformat(w).day}/{date.fromisoformat(w).month}" for w in weeks]
        f, ax = plt.subplots(figsize=(6.5, 2.6))
        bottom = [0] * len(weeks)
        for i, key in enumerate(("DIP", "DIK", UNDECIDED)):
            values = [w[i + 1] for w in fig.weekly]
            if any(values):
                ax.bar(labels, values, bottom=bottom, color=COLORS[key], label=key)
                bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_xlabel("minggu mulai (Senin)")
        ax.set_ylabel("dokumen")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.legend(frameon=False)
    if name != "weekly":
        ax.xaxis.get_major_locator().set_params(integer=True)
    f.tight_layout()
    buf = io.BytesIO()
    f.savefig(buf, format=fmt, dpi=150, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(f)
    return buf.getvalue()


_SVG_START = re.compile(rb"<svg\b")


def _inline_svg(data: bytes, label: str) -> str:
    """An SVG file as an element inside HTML: no XML prolog or DOCTYPE, labelled for screen readers."""
    text = data[_SVG_START.search(data).start():].decode()
    return text.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:52em;color:#222;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0} th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left}
td.n{text-align:right} th{background:#eee} .meta{color:#555} .empty{padding:1em;background:#fff3cd}
figure{margin:.5em 0} svg{max-width:100%;height:auto}
"""


def _is_number(cell: str) -> bool:
    return cell.isdigit()


def render_html(fig: ReportFigures) -> str:
    """One valid, self-contained HTML page (inline CSS and SVG; every text escaped)."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="id">',
        '<head><meta charset="utf-8">',
        f"<title>{e(_title(fig))} {e(fig.office)} {e(fig.start)} s.d. {e(fig.end)}</title>",
        f"<style>{_CSS}</style></head>",
        "<body>",
        f"<h1>{e(_title(fig))}</h1>",
        f'<p class="meta">PPID {e(fig.office)}<br>{e(_period_text(fig))}<br>'
        f"Dibuat {e(_long_date(fig.generated_at))} oleh pindai</p>",
    ]
    if fig.empty:
        parts.append(f'<p class="empty">Tidak ada dokumen yang diproses pada periode ini '
                     f"({e(_long_date(fig.start))} s.d. {e(_long_date(fig.end))}).</p>")
    for sec in _sections(fig):
        parts.append(f"<h2>{e(sec.heading)}</h2>")
        if sec.chart:
            parts.append(f"<figure>{_inline_svg(_chart(fig, sec.chart, 'svg'), sec.heading)}</figure>")
        if sec.table:
            head, *rows = sec.table
            if rows:
                parts.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head)
                             + "</tr></thead><tbody>")
                for row in rows:
                    parts.append("<tr>" + "".join(
                        f'<td class="n">{e(c)}</td>' if _is_number(c) else f"<td>{e(c)}</td>" for c in row)
                        + "</tr>")
                parts.append("</tbody></table>")
            else:
                parts.append("<p>Tidak ada.</p>")
        parts.extend(f"<p>{e(note)}</p>" for note in sec.notes)
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


# --------------------------------------------------------------------------- PDF

def render_pdf(fig: ReportFigures) -> bytes:
    """The report as an A4 PDF (fpdf2, DejaVu Unicode font, PNG charts)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    fonts = font_paths()
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime.fromisoformat(fig.generated_at))
    pdf.set_title(f"{_title(fig)} {fig.office} {fig.start} s.d. {fig.end}")
    pdf.set_author(f"PPID {fig.office}")
    pdf.set_creator("pindai")
    pdf.add_font("DejaVu", "", str(fonts[""]))
    pdf.add_font("DejaVu", "B", str(fonts["B"]))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(width, 8, _title(fig), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(width, 5, f"PPID {fig.office}\n{_period_text(fig)}\nDibuat {_long_date(fig.generated_at)} "
                   "oleh pindai", new_x="LMARGIN", new_y="NEXT")
    if fig.empty:
        pdf.ln(3)
        pdf.set_fill_color(255, 243, 205)
        pdf.multi_cell(width, 6, "Tidak ada dokumen yang diproses pada periode ini.", fill=True,
                       new_x="LMARGIN", new_y="NEXT")
    from PIL import Image

    for sec in _sections(fig):
        png, img_w, img_h = b"", min(width, 150), 0.0
        if sec.chart:
            png = _chart(fig, sec.chart, "png")
            with Image.open(io.BytesIO(png)) as im:
                img_h = img_w * im.height / im.width
        if pdf.will_page_break(4 + 7 + img_h + 12):
            pdf.add_page()  # keep a heading with its chart and the start of its table
        else:
            pdf.ln(4)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(width, 7, sec.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        if png:
            pdf.image(io.BytesIO(png), w=img_w)
        if sec.table:
            head, *rows = sec.table
            if rows:
                with pdf.table(headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
                               line_height=5, text_align="LEFT") as table:
                    for row in sec.table:
                        table.row(row)
            else:
                pdf.multi_cell(width, 5, "Tidak ada.", new_x="LMARGIN", new_y="NEXT")
        for note in sec.notes:
            pdf.ln(1)
            pdf.multi_cell(width, 5, note, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# --------------------------------------------------------------------------- the command's call

FORMATS = ("html", "pdf")


def write_report(settings: Settings, *, start: str | None, end: str | None, fmt: str | None = None,
                 output: Path | None = None, today: date | None = None) -> tuple[ReportFigures, Path | None, bytes]:
    """Compute the report for the period and render it (the ``pindai report`` command).

    Args:
        start, end: ``--from`` / ``--to`` as given (ISO dates or None; see :func:`parse_period`).
        fmt: "html" or "pdf"; None: from ``output``'s suffix, else html.
        output: file to write; None: ``laporan-kegiatan-<from>_<to>.<fmt>`` in the current folder;
            ``-``: nothing is written, the bytes are returned for stdout.

    Returns:
        The figures, the path written (None for ``-``), and the rendered bytes.

    Raises:
        ReportError: a bad period or format.
    """
    first, last = parse_period(start, end, today=today)
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output and str(output) != "-" else ""
        fmt = suffix if suffix in FORMATS else "html"
    if fmt not in FORMATS:
        raise ReportError(f"Format '{fmt}' tidak dikenal: pilih html atau pdf (unknown format)")
    with Catalog(settings.home.catalog) as catalog:
        fig = figures(settings, catalog, start=first, end=last, today=today)
    data = render_pdf(fig) if fmt == "pdf" else render_html(fig).encode()
    if output is not None and str(output) == "-":
        return fig, None, data
    path = output or Path(f"laporan-kegiatan-{fig.start}_{fig.end}.{fmt}")
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return fig, path, data


def figures_json(fig: ReportFigures) -> str:
    """The figures as JSON (for ``--json``)."""
    import json

    return json.dumps(fig.as_dict(), ensure_ascii=False, indent=2)

