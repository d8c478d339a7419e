"""DIP / DIK registers (the legally required columns, in Indonesian), exemptions due for review,
the public DIP website, and the activity report.

The one-call entry points for the CLI are :func:`export_register`,
:func:`due_exemptions` and :func:`publish`; the pure parts (:func:`build`,
:func:`due`, :func:`render`) take :class:`~pindai.review.Record` lists.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pindai.config import Settings
from pindai.registers._columns import (
    DIK_COLUMNS,
    DIP_COLUMNS,
    KINDS,
    Column,
    DueExemption,
    Entry,
    Register,
    RegisterError,
    STATUS_LABELS,
    build,
    due,
    is_dik,
    is_dip,
    iter_groups,
    parse_window,
)
from pindai.registers._export import FORMATS, TEXT_FORMATS, export, render, write_file
from pindai.registers._report import (
    DUE_WITHIN_DAYS,
    ReportError,
    ReportFigures,
    compute,
    figures,
    figures_json,
    parse_period,
    render_html,
    render_pdf,
    write_report,
)
from pindai.registers._site import (
    PersonalDataError,
    PublishError,
    PublishResult,
    publish,
    publishable,
    refuse_personal_data,
    site_register,
    withdraw,
)

__all__ = [
    "DUE_WITHIN_DAYS",
    "ReportError",
    "ReportFigures",
    "compute",
    "figures",
    "figures_json",
    "parse_period",
    "render_html",
    "render_pdf",
    "write_report",
    "DIK_COLUMNS",
    "DIP_COLUMNS",
    "FORMATS",
    "KINDS",
    "TEXT_FORMATS",
    "Column",
    "DueExemption",
    "Entry",
    "PersonalDataError",
    "PublishError",
    "PublishResult",
    "Register",
    "RegisterError",
    "STATUS_LABELS",
    "build",
    "due",
    "due_exemptions",
    "export",
    "export_register",
    "is_dik",
    "is_dip",
    "iter_groups",
    "load_register",
    "parse_window",
    "publish",
    "publishable",
    "refuse_personal_data",
    "render",
    "site_register",
    "withdraw",
    "write_file",
]


def _records(settings: Settings):
    from pindai.catalog import Catalog
    from pindai.review import records

    with Catalog(settings.home.catalog) as cat:
        return records(cat, settings)


def load_register(settings: Settings, kind: str, *, year: int | None = None,
                  today: date | None = None) -> Register:
    """The register ``kind`` ("dip" or "dik") from the home's catalogue.

    Raises:
        RegisterError: unknown kind.
        PersonalDataError: the DIP would list a document holding a complete NIK or KK number.
    """
    from pindai.catalog import Catalog
    from pindai.review import records

    with Catalog(settings.home.catalog) as cat:
        recs = records(cat, settings)
        reg = build(kind, recs, office=settings.registers.office, year=year, today=today)
        if reg.kind == "DIP":  # the public register: no document holding a complete NIK/KK (#13)
            listed = {e.id for e in reg.entries}
            refuse_personal_data(cat, [r for r in recs if r.id in listed], "Daftar DIP (DIP register)")
    return reg


def export_register(settings: Settings, kind: str, *, fmt: str = "csv", output: Path | None = None,
                    year: int | None = None, today: date | None = None) -> str | None:
    """Render the register ``kind`` in ``fmt``; write it to ``output`` (0640 for the DIK) or return the text.

    Raises:
        RegisterError: unknown kind or format, or xlsx/pdf without ``output``.
    """
    if output is None and fmt not in TEXT_FORMATS:
        # Fail before reading the catalogue.
        raise RegisterError(f"Format {fmt} perlu berkas tujuan: tambahkan -o daftar-{kind.lower()}.{fmt} "
                            f"({fmt} needs -o FILE)")
    return export(load_register(settings, kind, year=year, today=today), fmt, output)


def due_exemptions(settings: Settings, *, within: timedelta | str = timedelta(days=90),
                   today: date | None = None) -> list[DueExemption]:
    """Exemptions whose period has ended or ends within ``within``, or whose review date falls in it.

    Raises:
        RegisterError: ``within`` is not a window such as ``90d``.
    """
    if isinstance(within, str):
        within = parse_window(within)
    return due(_records(settings), within=within, today=today)
