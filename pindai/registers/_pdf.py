"""PDF tables for printed lists (registers, report): landscape A4, a Unicode font, wrapped cells,
the header repeated on every page, page numbers in the footer. Shared by the registers and the report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pindai.errors import MissingDependencyError

#: Debian's fonts-dejavu-core (scripts/setup.sh): covers Indonesian and every Latin letter OCR yields.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"
#: A cell longer than this is cut in print: a single row must fit on a page.
MAX_CELL_CHARS = 1200


def font_paths(font_dir: Path = FONT_DIR) -> dict[str, Path]:
    """The regular and bold DejaVu Sans files.

    Raises:
        MissingDependencyError: the fonts are not installed.
    """
    paths = {style: font_dir / name for style, name in FONT_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise MissingDependencyError(
            f"Huruf DejaVu tidak ada ({', '.join(missing)}). Pasang: apt-get install fonts-dejavu-core "
            "(the DejaVu fonts for PDF output are missing)"
        )
    return paths


def _clip(text: str) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1].rstrip() + "…"


def new_document(*, title: str, footer: str = "", orientation: str = "L", font_dir: Path = FONT_DIR):
    """An FPDF document with the DejaVu fonts loaded and a numbered footer, one page added.

    The report can draw charts or paragraphs on it before or after :func:`draw_table`.
    """
    from fpdf import FPDF

    fonts = font_paths(font_dir)

    class _Doc(FPDF):
        def footer(self) -> None:
            self.set_y(-10)
            self.set_font(FAMILY, "", 7)
            self.set_text_color(90)
            self.cell(0, 5, footer, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"Halaman {self.page_no()} dari {{nb}}", align="R")
            self.set_text_color(0)

    pdf = _Doc(orientation=orientation, unit="mm", format="A4")
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(auto=True, margin=14)
    for style, path in fonts.items():
        pdf.add_font(FAMILY, style, str(path))
    pdf.set_title(title)
    pdf.set_creator("pindai")
    pdf.set_lang("id")
    pdf.add_page()
    return pdf


def draw_title(pdf, lines: Sequence[str]) -> None:
    """Title lines: the first large and bold, the rest smaller."""
    for i, line in enumerate(lines):
        pdf.set_font(FAMILY, "B" if i == 0 else "", 12 if i == 0 else 9)
        pdf.multi_cell(0, 6 if i == 0 else 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def draw_table(pdf, headers: Sequence[str], rows: Sequence[Sequence[object]], *,
               widths: Sequence[float] | None = None, groups: Sequence[tuple[int, str]] = (),
               font_size: float = 7) -> None:
    """A bordered table whose cells wrap and whose header row repeats on each page.

    Args:
        widths: relative column widths (fractions of the page width).
        groups: (row index, label): a full-width bold row before that row.
    """
    from fpdf.fonts import FontFace

    pdf.set_font(FAMILY, "", font_size)
    before: dict[int, list[str]] = {}
    for i, label in groups:
        before.setdefault(i, []).append(label)
    heading = FontFace(family=FAMILY, emphasis="BOLD", fill_color=(221, 230, 240))
    group_face = FontFace(family=FAMILY, emphasis="BOLD", fill_color=(241, 241, 241))
    with pdf.table(col_widths=tuple(widths) if widths else None, headings_style=heading,
                   line_height=font_size * 0.5, text_align="LEFT", v_align="TOP",
                   padding=1, repeat_headings=1) as t:
        head = t.row()
        for h in headers:
            head.cell(h)
        for i, row in enumerate(rows):
            for label in before.get(i, ()):
                t.row().cell(label, colspan=len(headers), style=group_face)
            r = t.row()
            for v in row:
                r.cell(_clip(v))


def table_pdf(*, title_lines: Sequence[str], headers: Sequence[str], rows: Sequence[Sequence[object]],
              widths: Sequence[float] | None = None, groups: Sequence[tuple[int, str]] = (),
              footer: str = "", font_dir: Path = FONT_DIR) -> bytes:
    """A complete landscape PDF of one titled table. Pure: returns the bytes."""
    pdf = new_document(title=title_lines[0] if title_lines else "", footer=footer, font_dir=font_dir)
    draw_title(pdf, title_lines)
    draw_table(pdf, headers, rows, widths=widths, groups=groups)
    return bytes(pdf.output())
