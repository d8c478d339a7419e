"""The PPID's registers (DIP, DIK), the website export and the activity report."""

from pindai.registers._report import (
    DUE_WITHIN_DAYS,
    DueExemption,
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

__all__ = [
    "DUE_WITHIN_DAYS",
    "DueExemption",
    "ReportError",
    "ReportFigures",
    "compute",
    "figures",
    "figures_json",
    "parse_period",
    "render_html",
    "render_pdf",
    "write_report",
]
