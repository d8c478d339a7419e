"""The HTML page shell shared by the registers, the website and the report: one valid, self-contained page.

Everything is inline (style, script): no CDN, no external file, so a page works
from ``file://``, from any web server, and on the office PC without a network.
Every piece of text goes through :func:`esc`; callers pass text, never markup,
except through :func:`table` and the ``body`` they build with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

#: Marks pages pindai wrote, so that re-publishing knows a folder is its own.
GENERATOR = "pindai"

BASE_STYLE = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; margin: 1.5rem; color: #1a1a1a;
       font-size: 14px; line-height: 1.4; }
h1 { font-size: 1.35rem; margin: 0 0 .2rem; }
p.sub { margin: 0 0 1rem; color: #444; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .35rem .45rem; vertical-align: top; text-align: left; }
thead th { background: #dde6f0; position: sticky; top: 0; }
tr.group th { background: #f1f1f1; text-align: left; font-weight: bold; }
tbody tr:nth-child(even) td { background: #fafafa; }
footer { margin-top: 1rem; color: #555; font-size: .85rem; }
@media print { thead th { position: static; } body { margin: 0; } }
"""


class Markup(str):
    """Markup a caller built from escaped parts; :func:`esc` leaves it as it is."""


def esc(value: object) -> str:
    """Text made safe for HTML content and quoted attribute values (:class:`Markup` passes)."""
    if isinstance(value, Markup):
        return value
    return escape("" if value is None else str(value), quote=True)


def attrs(values: dict[str, object] | None) -> str:
    """`` key="value"`` pairs, escaped; None values are left out."""
    if not values:
        return ""
    return "".join(f' {k}="{esc(v)}"' for k, v in values.items() if v is not None)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *,
          table_attrs: dict[str, object] | None = None,
          header_attrs: Sequence[dict[str, object] | None] | None = None,
          row_attrs: Iterable[dict[str, object] | None] | None = None,
          cell_attrs: Iterable[Sequence[dict[str, object] | None]] | None = None,
          groups: Sequence[tuple[int, str]] = ()) -> str:
    """A ``<table>`` of text cells.

    Args:
        headers: column headings.
        rows: cell texts (escaped here).
        header_attrs: attributes of each ``<th>`` (e.g. ``data-type``).
        row_attrs: attributes of each ``<tr>`` of ``rows``.
        cell_attrs: per row, attributes of each ``<td>`` (e.g. ``data-sort``).
        groups: (row index, label): a full-width heading row before that row.
    """
    head_attrs = list(header_attrs or [None] * len(headers))
    out = [f"<table{attrs(table_attrs)}>", "<thead><tr>"]
    out += [f'<th scope="col"{attrs(a)}>{esc(h)}</th>' for h, a in zip(headers, head_attrs, strict=True)]
    out.append("</tr></thead>")
    before = {}
    for i, label in groups:
        before.setdefault(i, []).append(label)
    rattrs = iter(row_attrs) if row_attrs is not None else None
    cattrs = iter(cell_attrs) if cell_attrs is not None else None
    body: list[str] = []
    for i, row in enumerate(rows):
        for label in before.get(i, ()):
            body.append(f'<tr class="group"><th colspan="{len(headers)}" scope="rowgroup">{esc(label)}</th></tr>')
        ra = next(rattrs) if rattrs else None
        ca = list(next(cattrs)) if cattrs else [None] * len(row)
        cells = "".join(f"<td{attrs(a)}>{esc(v)}</td>" for v, a in zip(row, ca, strict=True))
        body.append(f"<tr{attrs(ra)}>{cells}</tr>")
    out.append("<tbody>" + "\n".join(body) + "</tbody>" if body else "<tbody></tbody>")
    out.append("</table>")
    return "\n".join(out)


def page(title: str, body: str, *, subtitle: Sequence[str] = (), style: str = "", script: str = "",
         lang: str = "id", footer: str = "") -> str:
    """One complete HTML5 document.

    Args:
        title: the ``<title>`` and the ``<h1>`` (escaped).
        body: markup of the page's content (the caller's, already escaped).
        subtitle: lines under the heading (escaped).
        style: extra CSS appended to :data:`BASE_STYLE`.
        script: inline JavaScript run at the end of the body.
        footer: footer text (escaped).
    """
    sub = "".join(f'<p class="sub">{esc(s)}</p>' for s in subtitle)
    js = f"<script>\n{script}\n</script>\n" if script else ""
    foot = f"<footer>{esc(footer)}</footer>\n" if footer else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{GENERATOR}">\n'
        # No favicon request: nothing outside the page is fetched.
        '<link rel="icon" href="data:,">\n'
        f"<title>{esc(title)}</title>\n<style>{BASE_STYLE}{style}</style>\n</head>\n<body>\n"
        f"<header><h1>{esc(title)}</h1>{sub}</header>\n<main>\n{body}\n</main>\n{foot}{js}</body>\n</html>\n"
    )
