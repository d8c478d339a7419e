"""A register rendered as CSV (Excel dialect), xlsx, HTML, JSON or PDF, and written with the right permissions."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from pindai.archive import PUBLIC_FILE, RESTRICTED_FILE
from pindai.registers import _html, _pdf
from pindai.registers._columns import Register, RegisterError

FORMATS = ("csv", "xlsx", "html", "json", "pdf")
#: Formats that are text and may go to standard output.
TEXT_FORMATS = ("csv", "html", "json")
#: Cell starts a spreadsheet would run as a formula (CSV/formula injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(text: str) -> str:
    """Quote a cell Excel would read as a formula; numbers such as "-1" stay numbers."""
    if text.startswith(_FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def to_csv(reg: Register) -> str:
    """Excel's CSV dialect, with a BOM so that Excel reads UTF-8 (Indonesian, names) right.

    Title rows first, a blank row, the header, then one row per entry, in register
    order (the DIK's period is a column, so the rows stay a plain table).
    """
    buf = io.StringIO()
    w = csv.writer(buf, dialect="excel")
    for line in reg.title_lines:
        w.writerow([line])
    w.writerow([])
    w.writerow(reg.headers)
    for row in reg.rows():
        w.writerow([_spreadsheet_safe(v) for v in row])
    return "\ufeff" + buf.getvalue()


def to_json(reg: Register) -> str:
    return json.dumps(reg.as_json(), ensure_ascii=False, indent=2) + "\n"


def to_html(reg: Register) -> str:
    """One valid, self-contained HTML page; the DIK with a heading row per exemption period."""
    body = _html.table(reg.headers, reg.rows(), groups=reg.groups(),
                       table_attrs={"class": f"register register-{reg.kind.lower()}"})
    note = ""
    if reg.restricted:
        note = ('<p class="restricted"><strong>TERBATAS</strong> — hanya untuk PPID; jangan diunggah '
                "ke laman publik (restricted: PPID only, never publish).</p>\n")
    return _html.page(reg.title, note + body, subtitle=reg.title_lines[1:],
                      style=".restricted { color: #8a1c1c; }", footer="Dibuat oleh pindai")


def to_xlsx(reg: Register) -> bytes:
    """A workbook of one sheet: title rows, a styled and frozen header, widths, wrapped cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = reg.kind
    ncol = len(reg.columns)
    last = get_column_letter(ncol)
    for i, line in enumerate(reg.title_lines, 1):
        ws.cell(row=i, column=1, value=line).font = Font(bold=i == 1, size=13 if i == 1 else 11)
        ws.merge_cells(f"A{i}:{last}{i}")
    header_row = len(reg.title_lines) + 2
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for j, col in enumerate(reg.columns, 1):
        c = ws.cell(row=header_row, column=j, value=col.header)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDE6F0")
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        c.border = border
        ws.column_dimensions[get_column_letter(j)].width = max(6, col.width * 2.2)
    groups = dict(reg.groups())
    r = header_row
    for i, row in enumerate(reg.rows()):
        if i in groups:
            r += 1
            g = ws.cell(row=r, column=1, value=groups[i])
            g.font = Font(bold=True)
            g.fill = PatternFill("solid", fgColor="F1F1F1")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
        r += 1
        for j, value in enumerate(row, 1):
            c = ws.cell(row=r, column=j, value=value)
            # openpyxl stores a str starting with "=" as a formula: keep every cell text.
            c.data_type = "s"
            c.alignment = wrap
            c.border = border
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.creator = "pindai"
    wb.properties.title = reg.title
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_pdf(reg: Register) -> bytes:
    """Landscape A4, DejaVu Sans, wrapped cells, the header repeated on every page."""
    footer = f"{reg.title} — {reg.office} — {reg.title_lines[-1]}"
    if reg.restricted:
        footer = "TERBATAS — " + footer
    return _pdf.table_pdf(title_lines=reg.title_lines, headers=reg.headers, rows=reg.rows(),
                          widths=[c.width for c in reg.columns], groups=reg.groups(), footer=footer)


_RENDER = {"csv": to_csv, "json": to_json, "html": to_html, "xlsx": to_xlsx, "pdf": to_pdf}


def render(reg: Register, fmt: str) -> str | bytes:
    """The register in ``fmt``: str for the text formats, bytes for xlsx and pdf.

    Raises:
        RegisterError: unknown format.
    """
    if fmt not in _RENDER:
        raise RegisterError(f"Format '{fmt}' tidak dikenal: {', '.join(FORMATS)} (unknown format)")
    return _RENDER[fmt](reg)


def write_file(dest: Path, data: bytes, *, restricted: bool) -> Path:
    """Write ``data`` to ``dest`` atomically: 0640 when restricted, else 0644.

    A restricted file is created 0600 and widened to 0640, so that no one else can open it
    even for a moment (the process umask does not apply).
    """
    dest = Path(dest)
    if dest.is_dir():
        raise RegisterError(f"{dest} adalah folder; beri nama berkas, mis. -o {dest / 'dik.xlsx'} "
                            "(give a file name, not a folder)")
    if not dest.parent.is_dir():
        raise RegisterError(f"Folder {dest.parent} tidak ada (the folder does not exist)")
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, RESTRICTED_FILE if restricted else PUBLIC_FILE)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def export(reg: Register, fmt: str, output: Path | None = None) -> str | None:
    """Render ``reg`` and write it to ``output``, or return the text for standard output.

    Returns:
        The text when ``output`` is None (csv, html, json), else None.

    Raises:
        RegisterError: a binary format without ``output``, or an unknown format.
    """
    if fmt not in FORMATS:
        raise RegisterError(f"Format '{fmt}' tidak dikenal: {', '.join(FORMATS)} (unknown format)")
    if output is None and fmt not in TEXT_FORMATS:
        raise RegisterError(f"Format {fmt} perlu berkas tujuan: tambahkan -o daftar-{reg.kind.lower()}.{fmt} "
                            f"({fmt} needs -o FILE)")
    data = render(reg, fmt)
    if output is None:
        return data  # type: ignore[return-value]
    write_file(output, data.encode("utf-8") if isinstance(data, str) else data, restricted=reg.restricted)
    return None
