"""Full-text index: a public and an exempt Whoosh index, Indonesian analysis, safe writes, search.

* Two indexes, in the restricted layout of DESIGN.md: a document is in exactly
  the one matching where its PDF/A is filed. The public index never receives
  a document that is exempt or held.
* Indonesian analysis: lower case, accents folded, stop words, PySastrawi
  stemming (cached) so "pemutakhiran", "dimutakhirkan" and "mutakhir" meet;
  the unstemmed text is indexed too (field ``exact``) for exact phrases.
* Safe writes: changes are queued in the catalogue in the same transaction as
  the change itself (``index_queue``); :func:`flush` applies the queue under
  one home-wide writer lock, so ingest, the watcher's workers and review never
  lose an update nor fail on Whoosh's lock, and a crash leaves the queue to be
  applied by the next flush. A rebuild holds the lock; flushes meanwhile leave
  their work queued and the rebuild applies it at the end.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import qparser
from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
)
from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.query import And, Every, Term
from whoosh.support.charset import accent_map

from pindai import metadata
from pindai.catalog import Catalog
from pindai.config import Home
from pindai.errors import PindaiError

log = logging.getLogger(__name__)

SIDES = ("public", "exempt")

#: Indonesian function words (and a few English ones found in bilingual forms).
STOP_WORDS = frozenset("""
yang dan di ke dari untuk dengan pada dalam ini itu atau oleh sebagai adalah tersebut akan
telah juga tidak ada bahwa karena kepada serta para sudah secara agar bagi hal maka dapat saat
lebih antara setiap se nya pun lah kah tahun nomor the of and to in for on
""".split())


class NoAccessError(PindaiError):
    """The user may not read the exempt side."""

    exit_code = 7


# --------------------------------------------------------------------------- analysis


@functools.cache
def _stemmer():  # noqa: ANN202
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@functools.lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Sastrawi's root of an Indonesian word (cached: a document repeats its words)."""
    if len(word) < 4 or not word.isalpha():
        return word
    return _stemmer().stem(word) or word


class SastrawiFilter(Filter):
    """Replace each token by its Indonesian root."""

    def __call__(self, tokens):  # noqa: ANN001, ANN204
        for t in tokens:
            t.text = stem(t.text)
            yield t


_TOKENS = r"\w+(?:[./-]\w+)*"


def stemming_analyzer():  # noqa: ANN201
    return (RegexTokenizer(_TOKENS) | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter(stoplist=STOP_WORDS, minsize=2) | SastrawiFilter())


def exact_analyzer():  # noqa: ANN201
    return RegexTokenizer(_TOKENS) | LowercaseFilter() | CharsetFilter(accent_map)


def make_schema() -> Schema:
    return Schema(
        doc_id=ID(stored=True, unique=True),
        title=TEXT(stored=True, analyzer=stemming_analyzer(), field_boost=2.0),
        content=TEXT(stored=True, analyzer=stemming_analyzer(), chars=True),
        exact=TEXT(analyzer=exact_analyzer(), phrase=True),
        register=ID(stored=True),
        dip_type=ID(stored=True),
        ground=ID(stored=True),
        status=ID(stored=True),
        unit=ID(stored=True),
        profile=ID(stored=True),
        number=ID(stored=True),
        year=NUMERIC(stored=True, sortable=True),
        doc_date=DATETIME(stored=True, sortable=True),
        received=DATETIME(stored=True, sortable=True),
        pages=NUMERIC(stored=True),
        path=STORED,
    )


# --------------------------------------------------------------------------- opening and locking


def index_dir(home: Home, side: str) -> Path:
    return home.index_public if side == "public" else home.index_exempt


def open_index(home: Home, side: str, *, create: bool = True):  # noqa: ANN201
    folder = index_dir(home, side)
    if windex.exists_in(str(folder)):
        return windex.open_dir(str(folder))
    if not create:
        raise FileNotFoundError(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return windex.create_in(str(folder), make_schema())


@contextmanager
def writer_lock(home: Home, *, timeout: float) -> Iterator[bool]:
    """The home-wide index writer lock; yields False if not had within ``timeout``."""
    path = home.root / "index" / ".writer.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o640)
    got = False
    try:
        deadline = datetime.now().timestamp() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                got = True
                break
            except BlockingIOError:
                if datetime.now().timestamp() >= deadline:
                    break
                time.sleep(0.05)
        yield got
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- documents → index entries


def entry_for(catalog: Catalog, doc_id: int) -> tuple[str, dict[str, Any]] | None:
    """(side, fields) for a catalogue document, or None if it no longer exists."""
    row = catalog.db.execute(
        "SELECT d.*, s.register, s.dip_type, s.ground FROM documents d LEFT JOIN suggestions s"
        " ON s.id = (SELECT max(id) FROM suggestions WHERE document_id = d.id) WHERE d.id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        return None
    decision = catalog.db.execute(
        "SELECT register, dip_type, ground FROM decisions WHERE document_id=? ORDER BY id DESC LIMIT 1",
        (doc_id,),
    ).fetchone()
    labels = decision or row
    text = "\n".join(r["text"] for r in catalog.page_rows(doc_id))
    meta = metadata.extract(text)
    # The register's metadata, as an officer may have corrected it in review.
    stored = catalog.db.execute(
        "SELECT title, number, made_on FROM document_meta WHERE document_id=?", (doc_id,)
    ).fetchone()
    if stored is not None:
        meta = metadata.Metadata(
            title=stored["title"] or meta.title, number=stored["number"] or meta.number, place=meta.place,
            date=datetime.fromisoformat(stored["made_on"]) if stored["made_on"] else meta.date,
        )
    received = datetime.fromisoformat(row["received_at"]).replace(tzinfo=None)
    fields: dict[str, Any] = {
        "doc_id": str(doc_id),
        "title": meta.title or row["source_name"],
        "content": text,
        "exact": text,
        "register": labels["register"] or "",
        "dip_type": labels["dip_type"] or "",
        "ground": labels["ground"] or "",
        "status": row["status"],
        "unit": row["unit"],
        "profile": row["profile"],
        "number": meta.number or "",
        "year": (meta.date or received).year,
        "received": received,
        "pages": row["pages"],
        "path": row["pdfa_path"],
    }
    if meta.date:
        fields["doc_date"] = meta.date
    return row["side"], fields


# --------------------------------------------------------------------------- writing


def flush(home: Home, catalog: Catalog, *, timeout: float = 30.0) -> int:
    """Apply queued index updates; return how many were applied (0 if the lock was busy)."""
    with writer_lock(home, timeout=timeout) as got:
        if not got:
            log.info("index busy (rebuild?): updates stay queued")
            return 0
        return _drain(home, catalog)


def _drain(home: Home, catalog: Catalog) -> int:
    applied = 0
    while True:
        queued = catalog.db.execute("SELECT id, document_id FROM index_queue ORDER BY id LIMIT 500").fetchall()
        if not queued:
            return applied
        writers = {side: open_index(home, side).writer(timeout=60.0) for side in SIDES}
        try:
            for _, doc_id in queued:
                entry = entry_for(catalog, doc_id)
                for side, w in writers.items():
                    # A document lives in one index only: moving is delete + add.
                    if entry is None or entry[0] != side:
                        w.delete_by_term("doc_id", str(doc_id))
                if entry is not None:
                    writers[entry[0]].update_document(**entry[1])
        except BaseException:
            for w in writers.values():
                w.cancel()
            raise
        for w in writers.values():
            w.commit()
        with catalog.atomic() as db:
            db.executemany("DELETE FROM index_queue WHERE id=?", [(q[0],) for q in queued])
        applied += len(queued)


def enqueue(catalog: Catalog, doc_ids: list[int]) -> None:
    """Ask for these documents' entries to be (re)written at the next flush."""
    now = datetime.now().isoformat(timespec="seconds")
    with catalog.atomic() as db:
        db.executemany("INSERT INTO index_queue (document_id, enqueued_at) VALUES (?, ?)",
                       [(i, now) for i in doc_ids])


def rebuild(home: Home, catalog: Catalog, *, progress: Callable[[int, int], None] | None = None,
            batch: int = 4000, procs: int | None = None) -> int:
    """Rebuild both indexes from the catalogue; resumable, bounded memory.

    Builds into ``index/<side>.rebuild`` committing every ``batch``
    documents; a killed rebuild continues after the last committed document.
    Analysis runs in ``procs`` processes (default: the cores), each writing
    its own segments, so no merge stalls the rebuild; memory stays bounded
    by ``limitmb`` per process.
    The finished indexes replace the old ones by rename.
    """
    with writer_lock(home, timeout=600) as got:
        if not got:
            raise PindaiError("Indeks sedang dipakai proses lain / the index is locked by another rebuild")
        ids = [r[0] for r in catalog.db.execute("SELECT id FROM documents ORDER BY id")]
        new = {side: index_dir(home, side).with_name(index_dir(home, side).name + ".rebuild")
               for side in SIDES}
        marker = home.root / "index" / ".rebuild-progress"
        done_upto = int(marker.read_text()) if marker.exists() and all(
            windex.exists_in(str(d)) for d in new.values()) else 0
        if done_upto == 0:
            for d in new.values():
                shutil.rmtree(d, ignore_errors=True)
                d.mkdir(parents=True)
                windex.create_in(str(d), make_schema())
        new["exempt"].chmod(0o750)
        todo = [i for i in ids if i > done_upto]
        total, count = len(ids), len(ids) - len(todo)
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            workers = procs or os.cpu_count() or 1
            writers = {side: windex.open_dir(str(d)).writer(procs=workers, limitmb=128, multisegment=True)
                       for side, d in new.items()}
            for doc_id in chunk:
                entry = entry_for(catalog, doc_id)
                if entry is not None:
                    writers[entry[0]].add_document(**entry[1])
            for w in writers.values():
                w.commit()
            marker.write_text(str(chunk[-1]))
            count += len(chunk)
            if progress:
                progress(count, total)
        for side, d in new.items():
            final = index_dir(home, side)
            old = final.with_name(final.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if final.exists():
                final.rename(old)
            d.rename(final)
            final.chmod(0o755 if side == "public" else 0o750)
            shutil.rmtree(old, ignore_errors=True)
        marker.unlink(missing_ok=True)
        # What was queued meanwhile is applied to the new indexes.
        _drain(home, catalog)
        return total


def optimize(home: Home) -> None:
    with writer_lock(home, timeout=60) as got:
        if got:
            for side in SIDES:
                open_index(home, side).optimize()


# --------------------------------------------------------------------------- checking


@dataclass
class Drift:
    """Differences between the catalogue and the indexes."""

    missing: dict[str, list[int]] = field(default_factory=dict)
    extra: dict[str, list[int]] = field(default_factory=dict)
    queued: int = 0

    @property
    def ok(self) -> bool:
        return not any(self.missing.values()) and not any(self.extra.values())

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}


def check(home: Home, catalog: Catalog) -> Drift:
    """Which documents are missing from their index, or present where they must not be."""
    expected = {side: set() for side in SIDES}
    for doc_id, side in catalog.db.execute("SELECT id, side FROM documents"):
        expected[side].add(doc_id)
    drift = Drift(queued=catalog.db.execute("SELECT count(*) FROM index_queue").fetchone()[0])
    for side in SIDES:
        ix = open_index(home, side)
        with ix.searcher() as s:
            present = {int(f["doc_id"]) for f in s.all_stored_fields()}
        drift.missing[side] = sorted(expected[side] - present)
        drift.extra[side] = sorted(present - expected[side])
    return drift


# --------------------------------------------------------------------------- searching


@dataclass(frozen=True)
class Hit:
    """One search result."""

    doc_id: int
    title: str
    date: str
    unit: str
    register: str
    dip_type: str
    ground: str
    status: str
    path: str
    side: str
    snippet: str
    score: float


@dataclass
class Results:
    total: int
    page: int
    hits: list[Hit]


def can_read_exempt(home: Home) -> bool:
    folder = index_dir(home, "exempt")
    # os.access, not Path.exists: a folder the user may not enter raises there.
    catalog_ok = not os.access(home.catalog, os.F_OK) or os.access(home.catalog, os.R_OK)
    return os.access(folder, os.R_OK | os.X_OK) and catalog_ok


_PHRASE = re.compile(r'(?<![:\w])"([^"]+)"')


def parse_query(text: str, schema: Schema, *, fuzzy: bool = False):  # noqa: ANN201
    """Words, "phrases" (matched unstemmed), AND/OR/NOT, field:value; ``fuzzy`` adds ~1 to words."""
    text = _PHRASE.sub(lambda m: f'exact:"{m.group(1)}"', text)
    if fuzzy:
        # Each plain word of 4+ characters (OCR puts digits in words: "rekapitu1asi").
        text = re.sub(r'(?<![:"\w~])(\w*[^\W\d_]\w*)(?![\w:~"])',
                      lambda m: m.group(1) if m.group(1) in ("AND", "OR", "NOT") or len(m.group(1)) < 4
                      else f"{m.group(1).lower()}~1", text)
    parser = MultifieldParser(["title", "content"], schema, group=qparser.AndGroup)
    parser.add_plugin(FuzzyTermPlugin())
    return parser.parse(text)


def snippet(text: str, words: set[str], *, html: bool = False, width: int = 90) -> str:
    """The first passage where a query word (or a word built on its root) occurs, marked.

    Cheaper than re-analysing every result with the stemmer: the roots from
    the query are found inside the words of the text ("mutakhir" in
    "pemutakhiran").
    """
    flat = " ".join(text.split())
    roots = sorted((w for w in words if len(w) >= 3), key=len, reverse=True)
    if not roots:
        return flat[: 2 * width]
    pattern = re.compile(r"\w*(?:" + "|".join(map(re.escape, roots)) + r")\w*", re.IGNORECASE)
    m = pattern.search(flat)
    if not m:
        return flat[: 2 * width]
    start, end = max(0, m.start() - width), min(len(flat), m.end() + width)
    piece = flat[start:end]
    mark = (lambda w: f"<mark>{w.group(0)}</mark>") if html else (lambda w: w.group(0).upper())
    return ("..." if start else "") + pattern.sub(mark, piece) + ("..." if end < len(flat) else "")


_SEARCHERS: dict[str, Any] = {}


def _searcher(folder: Path):  # noqa: ANN202
    """A searcher kept open for the life of the process, refreshed when the index changed.

    Opening a segment's files costs more than a search; a long-running
    process (the web export, a benchmark) pays it once.
    """
    key = str(folder)
    for attempt in range(5):
        try:
            return _open_searcher(key)
        except FileNotFoundError:
            # A writer committed between listing and opening the index's
            # table of contents (Whoosh deletes the old one): look again.
            _SEARCHERS.pop(key, None)
            time.sleep(0.05 * (attempt + 1))
    return _open_searcher(key)


def _open_searcher(key: str):  # noqa: ANN202
    cached = _SEARCHERS.get(key)
    if cached is not None:
        try:
            if cached.up_to_date():
                return cached
        except (OSError, windex.EmptyIndexError):
            pass
        # Not Searcher.refresh(): whoosh-reloaded 2.7.5 fails reusing some readers.
        cached.close()
    # Without mmap: Whoosh's mmap storage copies every sub-file on open, which
    # made opening cost more than a search (200 ms against 2 ms at 20,000 docs).
    _SEARCHERS[key] = FileStorage(key, supports_mmap=False).open_index().searcher()
    return _SEARCHERS[key]


def search(
    home: Home,
    query: str,
    *,
    exempt: bool = False,
    unit: str | None = None,
    year: int | None = None,
    register: str | None = None,
    dip_type: str | None = None,
    limit: int = 10,
    page: int = 1,
    sort: str = "relevance",
    fuzzy: bool = False,
    html: bool = False,
) -> Results:
    """Search the public index, and with ``exempt`` the exempt one too.

    Raises:
        NoAccessError: ``exempt`` asked by a user who cannot read the exempt side.
    """
    sides = ["public"]
    if exempt:
        if not can_read_exempt(home):
            raise NoAccessError(
                "Tidak punya akses ke informasi yang dikecualikan. Minta petugas PPID atau admin "
                "menambahkan akun Anda ke grup PPID. / No access to the exempt side."
            )
        sides.append("exempt")
    filters = [Term(k, v) for k, v in (("unit", unit), ("register", register), ("dip_type", dip_type)) if v]
    if year:
        filters.append(Term("year", year))
    wanted = page * limit
    merged: list[Hit] = []
    total = 0
    for side in sides:
        folder = index_dir(home, side)
        if not any(folder.glob("*.toc")):
            continue  # no index yet on this side
        s = _searcher(folder)
        q = parse_query(query, s.schema, fuzzy=fuzzy) if query.strip() else Every()
        kwargs: dict[str, Any] = {"limit": wanted, "filter": And(filters) if filters else None}
        if sort == "date":
            kwargs.update(sortedby="received", reverse=True)
        # No terms=True (it records matches for every document) and no
        # len() (it counts every match): both cost more than the search.
        res = s.search(q, **kwargs)
        total += res.estimated_length()
        words = {t.decode() if isinstance(t, bytes) else str(t)
                 for f, t in q.iter_all_terms() if f in ("content", "title", "exact")}
        for h in res:
            date = h.get("doc_date") or h.get("received")
            merged.append(Hit(
                doc_id=int(h["doc_id"]), title=h.get("title", ""),
                date=date.date().isoformat() if date else "", unit=h.get("unit", ""),
                register=h.get("register", ""), dip_type=h.get("dip_type", ""),
                ground=h.get("ground", ""), status=h.get("status", ""),
                path=str(home.root / h["path"]), side=side,
                snippet=snippet(h.get("content", ""), words, html=html),
                score=round(float(h.score or 0.0), 3),
            ))
    key = (lambda x: x.date) if sort == "date" else (lambda x: x.score)
    merged.sort(key=key, reverse=True)
    return Results(total=total, page=page, hits=merged[(page - 1) * limit : wanted])
