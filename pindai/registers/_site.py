"""The public DIP website: a static, self-contained folder to upload (index.html, dip.csv, dip.json, PDF/As).

Only approved public entries go in (status ``disahkan``; ``usulan`` ones on the
public side with ``include_unapproved``); nothing from the exempt side, ever,
whatever the flags. The site is built in a temporary folder beside the
destination and swapped in, so a reader or an upload never sees half a site,
and files of documents that are no longer public disappear with the old folder.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pindai.archive import PUBLIC_DIR, PUBLIC_FILE, slug
from pindai.config import Settings
from pindai.registers import _export, _html
from pindai.registers._columns import Register, RegisterError, build
from pindai.review import Record

log = logging.getLogger(__name__)

#: Folder of the copied PDF/As inside the site.
DOCS = "dokumen"


class PublishError(RegisterError):
    """The website cannot be written where asked."""


class PersonalDataError(PublishError):
    """A public output would carry a document whose text holds a complete NIK or KK number."""


def refuse_personal_data(catalog: Any, recs: list[Record], what: str) -> None:
    """Stop a public output (``what``) that would carry a document holding a complete NIK or KK,
    or a redacted copy that is not verified (``redact.is_publishable``, #17).

    Whatever the decision says (an officer may have confirmed it public): the
    identifier itself must not go out. Masked numbers (130904******0001) are fine.

    Raises:
        PersonalDataError: naming every such document, with its masked numbers.
    """
    from pindai.review import identity_hits

    found, ids = [], []
    for r in recs:
        hits = identity_hits(catalog, r.id)
        if hits:
            ids.append(str(r.id))
            shown = sorted({f"{'NIK' if h.kind == 'nik' else 'No. KK'} {h.shown}" for _, h in hits})
            found.append(f"#{r.id} \"{(r.title or r.source_name)[:60]}\" ({', '.join(shown[:3])}"
                         f"{', ...' if len(shown) > 3 else ''})")
    from pindai.redact import is_publishable

    unverified = [str(r.id) for r in recs if not is_publishable(catalog, r.id)]
    if unverified:
        raise PersonalDataError(
            f"{what} tidak dibuat: salinan dihitamkan #{', #'.join(unverified)} belum lolos pemeriksaan "
            f"(atau berubah sesudahnya). Jalankan pindai redact verify {' '.join(unverified)}, lalu ulangi. "
            f"(not written: these redacted copies are not verified, or changed since; verify them first)"
        )
    if found:
        raise PersonalDataError(
            f"{what} tidak dibuat: dokumen berikut memuat NIK/No. KK lengkap: {'; '.join(found)}. "
            f"Tetapkan sebagai DIK (pindai review set {' '.join(ids)} --register DIK --ground h) atau ganti dengan "
            f"salinan yang NIK-nya dihitamkan, lalu ulangi. (not written: these documents hold a complete "
            f"personal identifier; set them DIK or redact them first)"
        )


@dataclass(frozen=True)
class PublishResult:
    """What :func:`publish` wrote."""

    #: The site folder.
    folder: Path
    #: Entries in the published register.
    entries: int
    #: PDF/As copied into ``dokumen/``.
    documents: int
    #: Entries shown although not yet approved (``--include-unapproved``).
    unapproved: int


def publishable(r: Record, *, include_unapproved: bool = False) -> bool:
    """Whether a document may appear on the public website.

    Never an exempt-side document, a DIK entry, or one held for review; a DIP entry only
    once approved (``disahkan``), or still ``usulan`` with ``include_unapproved``.
    """
    if r.side != "public" or r.register != "DIP" or r.held and not r.decided:
        return False
    return r.status == "disahkan" or (include_unapproved and r.status == "usulan")


def site_register(recs: list[Record], settings: Settings, *, include_unapproved: bool = False,
                  today: date | None = None) -> Register:
    """The DIP register of the publishable documents. Pure."""
    chosen = [r for r in recs if publishable(r, include_unapproved=include_unapproved)]
    return build("dip", chosen, office=settings.registers.office, today=today)


def _doc_name(entry_id: int, title: str) -> str:
    return f"{entry_id}-{slug(title)[:60].strip('-.') or 'dokumen'}.pdf"


_SCRIPT = r"""
(function () {
  "use strict";
  var table = document.getElementById("dip");
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var input = document.getElementById("cari");
  var count = document.getElementById("jumlah");
  function norm(s) { return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  rows.forEach(function (tr) { tr.setAttribute("data-text", norm(tr.textContent)); });
  function filter() {
    var words = norm(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (tr) {
      var text = tr.getAttribute("data-text");
      var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " dari " + rows.length + " informasi ditampilkan";
  }
  function key(td, type) {
    var v = td.hasAttribute("data-sort") ? td.getAttribute("data-sort") : td.textContent;
    return type === "number" ? (parseFloat(v) || 0) : v.toLowerCase();
  }
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var type = th.getAttribute("data-type");
      rows.sort(function (a, b) {
        var x = key(a.cells[i], type), y = key(b.cells[i], type);
        return (x < y ? -1 : x > y ? 1 : 0) * dir;
      });
      rows.forEach(function (tr) { tbody.appendChild(tr); });
    });
  });
  input.addEventListener("input", filter);
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { input.value = q; }
  document.getElementById("alat").hidden = false;
  filter();
})();
"""

_STYLE = """
#alat { margin: .5rem 0 1rem; }
#cari { font-size: 1rem; padding: .35rem .5rem; width: min(36rem, 100%); }
table.register-dip td:nth-child(4) { min-width: 16rem; }
th button { all: unset; cursor: pointer; font-weight: bold; }
th button:focus-visible { outline: 2px solid #2a5db0; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
"""


def index_html(reg: Register, files: dict[int, str]) -> str:
    """The site's page: the register as a searchable, sortable table with links to the PDF/As."""
    types = {"no": "number", "year": "number"}
    headers = [_html.Markup(f'<button type="button">{_html.esc(h)}</button>') for h in reg.headers]
    headers.append("Dokumen")
    header_attrs = [{"data-type": types.get(k, "text")} for k in reg.keys] + [None]
    rows, cell_attrs = [], []
    for e in reg.entries:
        link = files.get(e.id)
        cell = _html.Markup(f'<a href="{_html.esc(link)}">PDF</a>') if link else ""
        rows.append([*(e.cells[k] for k in reg.keys), cell])
        cell_attrs.append([{"data-sort": e.sort_keys[k]} if k in e.sort_keys else None for k in reg.keys]
                          + [None])
    table = _html.table(headers, rows, table_attrs={"id": "dip", "class": "register register-dip"},
                        header_attrs=header_attrs, cell_attrs=cell_attrs)
    tools = ('<div id="alat" hidden><label for="cari">Cari informasi: </label>'
             '<input id="cari" type="search" autocomplete="off" placeholder="judul, nomor, unit, tahun…">'
             ' <span id="jumlah" aria-live="polite"></span></div>\n'
             '<p>Unduh daftar ini: <a href="dip.csv">CSV</a> · <a href="dip.json">JSON</a></p>\n')
    updated = reg.title_lines[-1].replace("Dicetak", "Diperbarui", 1)
    subtitle = [f"{len(reg.entries)} informasi; {updated}"]
    return _html.page(f"{reg.title} — {reg.office}", tools + table, subtitle=subtitle, style=_STYLE,
                      script=_SCRIPT, footer="Dibuat oleh pindai")


def _is_own_site(folder: Path) -> bool:
    """An empty folder, or one holding a site pindai wrote (so replacing it loses nothing else)."""
    if not any(folder.iterdir()):
        return True
    page = folder / "index.html"
    try:
        return f'<meta name="generator" content="{_html.GENERATOR}">' in page.read_text(encoding="utf-8")[:2000]
    except OSError:
        return False


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_in(new: Path, dest: Path) -> None:
    """Put the finished site ``new`` at ``dest``, replacing the old one."""
    if not dest.exists():
        os.rename(new, dest)
        return
    if _exchange(new, dest):
        shutil.rmtree(new)  # now holds the old site
        return
    old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
    os.rename(dest, old)
    try:
        os.rename(new, dest)
    except BaseException:
        os.rename(old, dest)
        raise
    shutil.rmtree(old)


def write_site(reg: Register, settings: Settings, dest: Path) -> int:
    """Write the site of ``reg`` to ``dest`` through a temporary folder. Returns the PDF/As copied.

    Raises:
        PublishError: ``dest`` is a file, or a folder with other things in it.
    """
    dest = Path(dest).absolute()
    if dest.exists() and not dest.is_dir():
        raise PublishError(f"{dest} adalah berkas, bukan folder (is a file, not a folder)")
    if dest.is_dir() and not _is_own_site(dest):
        raise PublishError(
            f"Folder {dest} berisi berkas lain, bukan situs pindai; pilih folder baru atau kosong "
            "(the folder holds other files; choose a new or empty folder)"
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    public_root = settings.home.archive_public.resolve()
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.tmp-"))
    try:
        os.chmod(tmp, PUBLIC_DIR)
        (tmp / DOCS).mkdir(mode=PUBLIC_DIR)
        files: dict[int, str] = {}
        for e in reg.entries:
            src = (settings.home.root / e.pdfa_path).resolve()
            # Defence in depth: copy only from the public archive, whatever the catalogue says.
            if not src.is_relative_to(public_root) or not src.is_file():
                log.warning("document %d: PDF/A not in the public archive; listed without a file", e.id)
                continue
            name = f"{DOCS}/{_doc_name(e.id, e.cells['title'])}"
            shutil.copyfile(src, tmp / name)
            os.chmod(tmp / name, PUBLIC_FILE)
            files[e.id] = name
        data = reg.as_json()
        for entry in data["entries"]:
            entry["file"] = files.get(entry["id"], "")
        outputs = {
            "index.html": index_html(reg, files),
            "dip.csv": _export.to_csv(reg),
            "dip.json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        }
        for name, text in outputs.items():
            (tmp / name).write_text(text, encoding="utf-8")
            os.chmod(tmp / name, PUBLIC_FILE)
        _swap_in(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return len(files)


def publish(settings: Settings, dest: Path, *, include_unapproved: bool = False,
            today: date | None = None) -> PublishResult:
    """Write the public DIP website into ``dest`` (replacing an earlier one there).

    Raises:
        PublishError: ``dest`` cannot hold the site.
    """
    from pindai.catalog import Catalog
    from pindai.review import records

    with Catalog(settings.home.catalog) as cat:
        recs = records(cat, settings)
        reg = site_register(recs, settings, include_unapproved=include_unapproved, today=today)
        on_site = {e.id for e in reg.entries}
        refuse_personal_data(cat, [r for r in recs if r.id in on_site], "Situs DIP (website)")
        copied = write_site(reg, settings, dest)
        # Remembered, so that a document leaving the public side is taken off it at once.
        cat.record_site(str(Path(dest).absolute()), include_unapproved=include_unapproved)
    unapproved = sum(e.cells["status"] != "Disahkan" for e in reg.entries)
    log.info("published %d DIP entries (%d unapproved), %d files", len(reg.entries), unapproved, copied)
    return PublishResult(folder=Path(dest).absolute(), entries=len(reg.entries), documents=copied,
                         unapproved=unapproved)


def withdraw(settings: Settings, catalog: Any, doc_ids: list[int], *, today: date | None = None) -> list[str]:
    """Take documents off every website ``pindai publish`` wrote, at once (``review.finish_pending``).

    Each site holding one of them is written again (the same temporary folder and
    swap as a publish) with the entries it had that may still be published, and
    nothing new; each withdrawal is audited. A site folder removed since is left
    alone. Returns the folders rewritten.
    """
    from pindai.review import identity_hits, records

    gone = set(doc_ids)
    rewritten = []
    for folder, include_unapproved in catalog.published_sites():
        dest = Path(folder)
        try:
            data = json.loads((dest / "dip.json").read_text(encoding="utf-8"))
            on_site = {int(e["id"]) for e in data.get("entries", [])}
        except FileNotFoundError:
            if not dest.exists():
                catalog.forget_site(folder)  # removed by hand: nothing of ours there any more
            continue
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.error("published site %s unreadable (%s): it was not checked", folder, type(e).__name__)
            raise
        leaving = sorted(on_site & gone)
        if not leaving or not _is_own_site(dest):
            continue
        keep = [r for r in records(catalog, settings, finish=False)
                if r.id in on_site and r.id not in gone
                and publishable(r, include_unapproved=include_unapproved) and not identity_hits(catalog, r.id)]
        write_site(build("dip", keep, office=settings.registers.office, today=today), settings, dest)
        with catalog.atomic():
            for doc_id in leaving:
                catalog.add_audit(doc_id, "unpublish", actor="pindai", before={"site": folder},
                                  after={"site": None}, reason="tidak lagi di sisi publik (left the public side)")
        log.info("documents %s taken off the website %s", leaving, folder)
        rewritten.append(folder)
    return rewritten
