"""Full-text index: a public and an exempt Whoosh index, Indonesian analysis, safe writes, search.

* Two indexes, in the restricted layout of DESIGN.md: a document is in exactly
  the one matching where its PDF/A is filed. The public index never receives
  a document that is exempt or held.
* Indonesian analysis: lower case, accents folded, stop words, PySastrawi
  stemming (cached) so "pemutakhiran", "dimutakhirkan" and "mutakhir" meet;
  the unstemmed text is indexed too (field ``exact``), and so is each pair
  of adjacent words, hashed (field ``pairs``): a quoted phrase is answered
  with term lookups, not position checks in every document holding its
  words, and only the hits shown are checked for the words in a row (#5).
* Schema version: each index folder records the version of the schema it
  was built with; an index of another version is refused with a message to
  run ``pindai index rebuild`` instead of giving wrong results.
* Safe writes: changes are queued in the catalogue in the same transaction as
  the change itself (``index_queue``); :func:`flush` applies the queue under
  one home-wide writer lock, so ingest, the watcher's workers and review never
  lose an update nor fail on Whoosh's lock, and a crash leaves the queue to be
  applied by the next flush. A rebuild holds the lock; flushes meanwhile leave
  their work queued and the rebuild applies it at the end.
"""

from __future__ import annotations

import bisect
import fcntl
import functools
import itertools
import logging
import os
import re
import shutil
import threading
import time
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import qparser, scoring, writing
from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.codec import whoosh3
from whoosh.codec.base import Automata
from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.multiproc import MpWriter
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    ConstantScoreQuery,
    Every,
    FuzzyTerm,
    Or,
    Phrase,
    Query,
    Regex,
    Require,
    Term,
)
from whoosh.support.charset import accent_map

from pindai import metadata, pgsearch
from pindai.catalog import Catalog
from pindai.config import Home
from pindai.errors import ExitCode, PindaiError

log = logging.getLogger(__name__)

SIDES = ("public", "exempt")

#: Indonesian function words (and a few English ones found in bilingual forms).
STOP_WORDS = frozenset("""
yang dan di ke dari untuk dengan pada dalam ini itu atau oleh sebagai adalah tersebut akan
telah juga tidak ada bahwa karena kepada serta para sudah secara agar bagi hal maka dapat saat
lebih antara setiap se nya pun lah kah tahun nomor the of and to in for on
""".split())


#: Version of :func:`make_schema`, recorded in each index folder. Raise it
#: whenever the schema or the analysis changes: older indexes must be rebuilt.
#: 1: no record (before #5's word pairs); 2: ``pairs`` field of hashed word
#: pairs, ``content`` without character offsets nor positions; 3: the words of ``content``'s
#: letterhead and signature block weigh :data:`FRAME_WEIGHT` (#18).
SCHEMA_VERSION = 3
_VERSION_FILE = "pindai-schema-version"


class NoAccessError(PindaiError):
    """The user may not read the exempt side."""

    exit_code = ExitCode.no_access


class IndexOutdatedError(PindaiError):
    """An index was built with another schema version: it must be rebuilt."""

    exit_code = ExitCode.bad_home


class IndexMissingError(PindaiError):
    """An index folder of the home is gone: it must be rebuilt from the catalogue."""

    exit_code = ExitCode.bad_home


def _missing_error(folder: Path, side: str) -> IndexMissingError:
    name = "publik" if side == "public" else "dikecualikan"
    return IndexMissingError(
        f"Indeks pencarian {name} tidak ditemukan di {folder}: hasil pencarian tidak bisa dipercaya. "
        "Admin TI: jalankan 'pindai index rebuild' untuk membangunnya ulang dari katalog, lalu cari lagi. "
        f"/ The {side} search index is missing: run 'pindai index rebuild'."
    )


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


def stemming_analyzer(tokenizer: Tokenizer | None = None):  # noqa: ANN201
    return ((tokenizer or RegexTokenizer(_TOKENS)) | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter(stoplist=STOP_WORDS, minsize=2) | SastrawiFilter())


#: What a word of a letterhead or a signature block weighs in a document's text, against 1 for a word
#: of the text itself. Every letterhead says "Komisi Pemilihan Umum" and every signature "Ketua KPU
#: ...": a search for "mengumumkan" (root "umum") ranked every short letterhead above the paper that
#: announces (#18). Its words are still found, ranked after those that say them in the text.
FRAME_WEIGHT = 0.1


class FramedTokenizer(Tokenizer):
    """The words of a document's text, those of its letterhead and signature block
    (:func:`pindai.metadata.frame_spans`) weighing :data:`FRAME_WEIGHT` when the text is indexed.
    A query's words are not weighed."""

    def __init__(self) -> None:
        self._words = RegexTokenizer(_TOKENS)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # noqa: PLR0913
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        opts = dict(keeporiginal=keeporiginal, removestops=removestops, tokenize=tokenize, mode=mode, **kwargs)
        spans = metadata.frame_spans(value) if mode == "index" and tokenize and not positions else []
        if not spans:  # a query, or a text without a frame (positions are not indexed: phrase=False)
            yield from self._words(value, positions=positions, chars=chars, start_pos=start_pos,
                                   start_char=start_char, **opts)
            return
        # The spans are whole lines and no word crosses a line: each part is read on its own, the
        # text between them at the tokenizer's own pace (#18).
        at = 0
        for a, b in spans:
            yield from self._words(value[at:a], chars=chars, start_char=start_char + at, **opts)
            for t in self._words(value[a:b], chars=chars, start_char=start_char + a, **opts):
                t.boost = FRAME_WEIGHT
                yield t
            at = b
        yield from self._words(value[at:], chars=chars, start_char=start_char + at, **opts)


def exact_analyzer():  # noqa: ANN201
    return RegexTokenizer(_TOKENS) | LowercaseFilter() | CharsetFilter(accent_map)


#: Hash buckets of word pairs. A term per distinct pair tripled the index and
#: its build time (Whoosh writes a posting block for every term, and distinct
#: pairs are nearly as many as their occurrences); buckets bound the terms,
#: at the price of other pairs sharing a bucket, which the phrase check on
#: the hits shown removes. 2**16: at 20,000 documents a bucket holds ~100
#: documents of other pairs, most of which the phrase's rarest word filters
#: out (bench/README.md).
PAIR_BUCKETS = 1 << 16


def pair_term(first: str, second: str) -> str:
    """The ``pairs`` term of two adjacent words: their bucket, in hex ("3fa2")."""
    return f"{zlib.crc32(f'{first} {second}'.encode()) % PAIR_BUCKETS:04x}"


class WordPairs(Tokenizer):
    """The bucket of each pair of adjacent words, :func:`pair_term`.

    The words are :func:`exact_tokens`, stop words kept, so "sesuai dengan
    ketentuan" is "sesuai dengan" + "dengan ketentuan", which "sesuai
    ketentuan" has not. A tokenizer, not a filter after the exact analyzer:
    it spares Whoosh a third pass of token objects over each text.
    """

    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # noqa: PLR0913
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        words = exact_tokens(value)
        for pos, pair in enumerate(itertools.pairwise(words), start_pos):
            t.text, t.boost, t.stopped = pair_term(*pair), 1.0, False
            if positions:
                t.pos = pos
            yield t


_TOKEN_RE = re.compile(_TOKENS)


def exact_tokens(text: str) -> list[str]:
    """The tokens :func:`exact_analyzer` makes of ``text``, without its per-token objects.

    Used for word pairs and to check phrases on shown hits: 2-6 times as fast.
    """
    if text.isascii():
        # Lower-casing ASCII keeps the token boundaries, and accent_map then
        # changes nothing: the whole text is folded at once.
        return _TOKEN_RE.findall(text.lower())
    return [w.lower().translate(accent_map) for w in _TOKEN_RE.findall(text)]


def make_schema() -> Schema:
    return Schema(
        doc_id=ID(stored=True, unique=True),
        title=TEXT(stored=True, analyzer=stemming_analyzer(), field_boost=2.0),
        # Neither character offsets (snippets come from snippet(), not Whoosh's
        # highlighter) nor positions (phrases are matched on ``exact``).
        # Letterhead and signature words weigh less (#18).
        content=TEXT(stored=True, analyzer=stemming_analyzer(FramedTokenizer()), phrase=False),
        exact=TEXT(analyzer=exact_analyzer(), phrase=True),
        pairs=TEXT(analyzer=WordPairs(), phrase=False),
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


def schema_version(folder: Path) -> int:
    """The schema version an index folder was built with (1: before versions were recorded)."""
    try:
        return int((folder / _VERSION_FILE).read_text().strip())
    except FileNotFoundError:
        return 1


def _outdated(folder: Path) -> IndexOutdatedError | None:
    found = schema_version(folder)
    if found == SCHEMA_VERSION:
        return None
    return IndexOutdatedError(
        f"Indeks pencarian di {folder} dibuat oleh versi pindai lain (skema {found}, kini "
        f"{SCHEMA_VERSION}); hasil pencarian bisa salah. Jalankan 'pindai index rebuild' lalu cari "
        "lagi. / The index was built by another pindai version: run 'pindai index rebuild'."
    )


def _create_index(folder: Path):  # noqa: ANN202
    folder.mkdir(parents=True, exist_ok=True)
    # The version first, and whole (by rename): a search opening the new index must find it.
    tmp = folder / f".{_VERSION_FILE}.tmp"
    tmp.write_text(f"{SCHEMA_VERSION}\n")
    tmp.replace(folder / _VERSION_FILE)
    return windex.create_in(str(folder), make_schema())


def open_index(home: Home, side: str, *, create: bool = True):  # noqa: ANN201
    """The index of ``side``, created if missing (unless ``create`` is false).

    Raises:
        IndexOutdatedError: the index was built with another schema version.
    """
    folder = index_dir(home, side)
    if windex.exists_in(str(folder)):
        if err := _outdated(folder):
            raise err
        return windex.open_dir(str(folder))
    if not create:
        raise FileNotFoundError(folder)
    return _create_index(folder)


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
    row = catalog.document_fields(doc_id)
    if row is None:
        return None
    labels = catalog.labels(doc_id)
    text = "\n".join(catalog.page_texts(doc_id))
    meta = metadata.extract(text)
    # The register's metadata, as an officer may have corrected it in review.
    stored = catalog.meta_row(doc_id)
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
        "pairs": text,
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


#: In the public index's folder: ids of documents that left the public side and whose
#: entries the index may still hold (a flush postponed by a rebuild or an error). The
#: public search masks them at once; the flush that purges their entries forgets them.
#: Ids only, no text: the folder may be readable more widely.
WITHDRAWN = "withdrawn.ids"


@contextmanager
def _withdrawn_file(home: Home, mode: str) -> Iterator[Any]:
    path = index_dir(home, "public") / WITHDRAWN
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, mode) as f:
        fcntl.flock(f, fcntl.LOCK_EX if "+" in mode or "a" in mode else fcntl.LOCK_SH)
        yield f


def withdraw_public(home: Home, doc_ids: list[int]) -> None:
    """Hide these documents from the public search now, before their entries are purged (#13)."""
    if doc_ids and pgsearch.enabled(home):  # search on PostgreSQL (#19): the row goes now
        pgsearch.withdraw(home, doc_ids)
        return
    if not doc_ids or not index_dir(home, "public").is_dir():
        return
    with _withdrawn_file(home, "a") as f:
        f.write("".join(f"{int(i)}\n" for i in doc_ids))


def withdrawn_public(home: Home) -> set[str]:
    """The ids the public search must not show or count (see :data:`WITHDRAWN`)."""
    try:
        text = (index_dir(home, "public") / WITHDRAWN).read_text()
    except (FileNotFoundError, PermissionError):
        return set()
    return {line.strip() for line in text.splitlines() if line.strip().isdigit()}


def _forget_withdrawn(home: Home, purged: set[str]) -> None:
    if not purged or not (index_dir(home, "public") / WITHDRAWN).exists():
        return
    with _withdrawn_file(home, "r+") as f:
        left = [line for line in f.read().splitlines() if line.strip() and line.strip() not in purged]
        f.seek(0)
        f.truncate()
        f.write("".join(f"{line}\n" for line in left))


def flush(home: Home, catalog: Catalog, *, timeout: float = 30.0) -> int:
    """Apply queued index updates; return how many were applied (0 if the lock was busy)."""
    with writer_lock(home, timeout=timeout) as got:
        if not got:
            log.info("index busy (rebuild?): updates stay queued")
            return 0
        try:
            if pgsearch.enabled(home):  # search on PostgreSQL (#19): same queue, other tables
                return pgsearch.drain(home, catalog)
            return _drain(home, catalog)
        except IndexOutdatedError:
            # Writing new fields into an old index would fail or mix schemas;
            # the rebuild applies the queue when it is done.
            log.warning("index built by an older pindai: updates stay queued until 'pindai index rebuild'")
            return 0


def _drain(home: Home, catalog: Catalog) -> int:
    applied = 0
    while True:
        queued = catalog.queued_index(500)
        if not queued:
            return applied
        writers = {side: open_index(home, side).writer(timeout=60.0) for side in SIDES}
        # Whoosh's update_document deletes one entry of the committed segments
        # only, not one added earlier by the same writer: a document queued
        # twice in a batch (ingest, then reprocess, then its index stage) got
        # two entries, and kept them (#13). So each document is written once
        # per batch, as it is now, after deleting all of its entries.
        left_public: set[str] = set()
        not_public: set[str] = set()
        try:
            for doc_id in dict.fromkeys(doc_id for _, doc_id in queued):
                entry = entry_for(catalog, doc_id)
                if entry is None or entry[0] != "public":
                    not_public.add(str(doc_id))
                for side, w in writers.items():
                    # A document lives in one index only: moving is delete + add.
                    deleted = w.delete_by_term("doc_id", str(doc_id))
                    if side == "public" and deleted and (entry is None or entry[0] != side):
                        left_public.add(str(doc_id))
                if entry is not None:
                    writers[entry[0]].add_document(**entry[1])
        except BaseException:
            for w in writers.values():
                w.cancel()
            raise
        for side, w in writers.items():
            # A deleted entry keeps its stored text and terms in the segment
            # files until they are merged: text that left the public side is
            # purged from the world-readable files now, not at the next
            # nightly (#14), by rewriting the segments that held it.
            w.commit(mergetype=_purging(left_public) if side == "public" and left_public else writing.MERGE_SMALL)
        catalog.drop_queued_index([q[0] for q in queued])
        # Written as they are now: a document not on the public side has no public entry left.
        _forget_withdrawn(home, not_public)
        applied += len(queued)


def _purging(doc_ids: set[str] | None = None) -> Callable[[Any, list[Any]], list[Any]]:
    """A Whoosh merge policy: rewrite, without their deleted entries, the segments holding a
    deleted entry of ``doc_ids`` (None: any deleted entry); the others stay as they are."""
    from whoosh.reading import SegmentReader

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        keep = []
        for seg in segments:
            if not seg.has_deletions():
                keep.append(seg)
                continue
            reader = SegmentReader(writer.storage, writer.schema, seg)
            try:
                if doc_ids is None or any(reader.stored_fields(n).get("doc_id") in doc_ids
                                          for n in seg.deleted_docs()):
                    writer.add_reader(reader)  # its live entries only
                else:
                    keep.append(seg)
            finally:
                reader.close()
        return keep

    return policy


def purge(home: Home, side: str = "public") -> bool:
    """Rewrite the segments of ``side``'s index that still hold deleted entries.

    Returns False if the index was busy (a rebuild), True when done.
    """
    with writer_lock(home, timeout=60) as got:
        if not got:
            return False
        w = open_index(home, side).writer(timeout=60.0)
        w.commit(mergetype=_purging())
        return True


def enqueue(catalog: Catalog, doc_ids: list[int]) -> None:
    """Ask for these documents' entries to be (re)written at the next flush."""
    catalog.enqueue_index(doc_ids)


#: Analysis processes per side in a rebuild. One, so that each committed
#: batch is one segment per side, written once: a rebuild of up to
#: ``REBUILD_BATCH`` documents ends with one segment per side without a
#: merge, which rewrites every posting again (it doubled the rebuild). The
#: sides build at once, so a rebuild is three processes (the main one reads
#: the catalogue) whatever the number of cores, and its memory is bounded:
#: two posting buffers of ``_REBUILD_LIMIT_MB``, the Sastrawi dictionary and
#: three interpreters (bench/README.md).
REBUILD_PROCS = 1
#: Documents per committed batch of a rebuild: how much a killed rebuild redoes.
REBUILD_BATCH = 25_000
_REBUILD_LIMIT_MB = 128


def rebuild(home: Home, catalog: Catalog, *, progress: Callable[[int, int], None] | None = None,
            batch: int = REBUILD_BATCH, procs: int = REBUILD_PROCS) -> int:
    """Rebuild both indexes from the catalogue; resumable, bounded memory.

    Builds into ``index/<side>.rebuild`` committing every ``batch``
    documents; a killed rebuild continues after the last committed batch.
    Each side is analysed in ``procs`` processes of its own, each writing one
    segment per batch (memory: ``limitmb`` per process; see
    :data:`REBUILD_PROCS`). A side left with several segments is merged into
    one (a search reads one set of files; a fuzzy term walks one word
    list), and the finished indexes replace the old ones by rename.
    """
    with writer_lock(home, timeout=600) as got:
        if not got:
            raise PindaiError("Indeks sedang dipakai proses lain / the index is locked by another rebuild")
        if pgsearch.enabled(home):  # search on PostgreSQL (#19)
            return pgsearch.rebuild(catalog, progress=progress)
        ids = catalog.document_ids()
        new = {side: index_dir(home, side).with_name(index_dir(home, side).name + ".rebuild")
               for side in SIDES}
        marker = home.root / "index" / ".rebuild-progress"
        done_upto = int(marker.read_text()) if marker.exists() and all(
            windex.exists_in(str(d)) and not _outdated(d) for d in new.values()) else 0
        if done_upto == 0:
            for d in new.values():
                shutil.rmtree(d, ignore_errors=True)
                _create_index(d)
        new["exempt"].chmod(0o750)
        todo = [i for i in ids if i > done_upto]
        total, count = len(ids), len(ids) - len(todo)
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            # MpWriter even for one process: the analysis leaves this one, which reads the catalogue.
            writers = {side: MpWriter(windex.open_dir(str(d)), procs=procs, limitmb=_REBUILD_LIMIT_MB,
                                      multisegment=True)
                       for side, d in new.items()}
            try:
                for n, doc_id in enumerate(chunk, 1):
                    entry = entry_for(catalog, doc_id)
                    if entry is not None:
                        writers[entry[0]].add_document(**entry[1])
                    if progress and n % 500 == 0:
                        progress(count + n, total)
            except BaseException:
                for w in writers.values():
                    w.cancel()
                raise
            for w in writers.values():
                w.commit()
            marker.write_text(str(chunk[-1]))
            count += len(chunk)
            if progress:
                progress(count, total)
        for side, d in new.items():
            ix = windex.open_dir(str(d))
            with ix.reader() as r:
                if r.is_atomic():
                    continue  # one segment already
            started = time.monotonic()
            ix.optimize(limitmb=_REBUILD_LIMIT_MB)
            log.info("%s index merged into one segment in %.1f s", side, time.monotonic() - started)
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
    duplicates: dict[str, list[int]] = field(default_factory=dict)
    """Documents with more than one entry in an index (each shown, and counted, twice)."""
    unpurged: dict[str, list[int]] = field(default_factory=dict)
    """Documents not (or no longer) of a side whose deleted entry still holds their text and
    terms in that index's files: on the public side, readable by anyone who can read the files."""
    queued: int = 0
    schema: dict[str, int] = field(default_factory=dict)
    """Schema version of each side's index (:data:`SCHEMA_VERSION` when current)."""

    @property
    def outdated(self) -> list[str]:
        """Sides whose index was built with another schema: they need a rebuild."""
        return [side for side, v in self.schema.items() if v != SCHEMA_VERSION]

    @property
    def ok(self) -> bool:
        return not any(any(d.values()) for d in (self.missing, self.extra, self.duplicates, self.unpurged)) \
            and not self.outdated

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"outdated": self.outdated, "ok": self.ok}


def _entries(reader: Any) -> tuple[list[int], set[int]]:
    """The doc_id of every live entry of an index, and those of its deleted entries still in its files.

    The deleted entries are read from the segment files themselves (Whoosh keeps
    a deleted entry's stored fields and terms there until a merge).
    """
    live: list[int] = []
    deleted: set[int] = set()
    for leaf, _offset in reader.leaf_readers():
        for docnum in range(leaf.doc_count_all()):
            stored = leaf.stored_fields(docnum)
            if "doc_id" not in stored:
                continue
            if leaf.is_deleted(docnum):
                deleted.add(int(stored["doc_id"]))
            else:
                live.append(int(stored["doc_id"]))
    return live, deleted


def check(home: Home, catalog: Catalog) -> Drift:
    """Per document: missing from its index, present where it must not be, present twice,
    or its text left in the files of the public index; and outdated indexes."""
    if pgsearch.enabled(home):  # search on PostgreSQL (#19): its tables
        return pgsearch.check(catalog)
    expected = catalog.documents_by_side()
    drift = Drift(queued=catalog.queued_index_count())
    for side in SIDES:
        folder = index_dir(home, side)
        if windex.exists_in(str(folder)):
            drift.schema[side] = schema_version(folder)
            ix = windex.open_dir(str(folder))  # an outdated one still lists its documents
        else:
            ix = open_index(home, side)
            drift.schema[side] = SCHEMA_VERSION
        with ix.reader() as r:
            live, deleted = _entries(r)
        present = set(live)
        drift.missing[side] = sorted(expected[side] - present)
        drift.extra[side] = sorted(present - expected[side])
        drift.duplicates[side] = sorted(d for d, n in Counter(live).items() if n > 1)
        # Deleted entries of documents now elsewhere: harmless in the restricted
        # exempt index, a leak in the public one.
        drift.unpurged[side] = sorted(deleted - expected[side]) if side == "public" else []
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
    """The documents matching, all pages (each once): what paging through them shows."""
    page: int
    hits: list[Hit]
    exact: bool = True
    """False when ``total`` is an estimate (a phrase held by more documents than are checked)."""


def can_read_exempt(home: Home) -> bool:
    folder = index_dir(home, "exempt")
    # os.access, not Path.exists: a folder the user may not enter raises there.
    catalog_ok = not os.access(home.catalog, os.F_OK) or os.access(home.catalog, os.R_OK)
    return os.access(folder, os.R_OK | os.X_OK) and catalog_ok


#: What a user who cannot read the exempt side is told, by what they asked for.
_NO_ACCESS = {
    "search": "Tidak punya akses ke informasi yang dikecualikan. Minta petugas PPID atau admin "
              "menambahkan akun Anda ke grup PPID. / No access to the exempt side.",
    "review": "Tidak punya akses: peninjauan hanya untuk petugas PPID (anggota grup pindai). "
              "Minta admin TI menambahkan Anda ke grup itu. (no access: review is for PPID officers)",
}


def require_exempt_access(home: Home, *, purpose: str = "search") -> None:
    """Refuse a user who cannot read the exempt side (its index, and the catalogue that holds
    exempt text): the one check behind searching the exempt side and reviewing.

    Args:
        purpose: "search" or "review": what the message says was refused.

    Raises:
        NoAccessError: the user is not in the PPID officers' group.
    """
    if not can_read_exempt(home):
        raise NoAccessError(_NO_ACCESS[purpose])


#: A quoted string, with the field it is given to if any: ``"rapat pleno"``, ``title:"nota dinas"``.
_QUOTED = re.compile(r'(\w+:)?"([^"]*)"')
#: A plain word: not a field name, a field's value or a word already marked fuzzy.
_PLAIN_WORD = re.compile(r'(?<![:\w~])(\w*[^\W\d_]\w*)(?![\w:~])')
#: A word the user marked fuzzy: "rekapitu1asi~", "pemutakhiran~2".
_FUZZY_WORD = re.compile(r'(?<![:\w])(\w+)(?=~)')
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "TO"})
#: Candidates checked for phrase words in a row (per wanted hit, and at least) before
#: Whoosh's position check answers: enough to go through all the candidates of a rare
#: phrase (its pairs' buckets, filtered by its rarest word) and prove there are no more.
_VERIFY_FACTOR = 3
_VERIFY_MIN = 60
#: A phrase's second pair, or its rarest word, narrows its candidates when the rarest pair,
#: or the word, is in at most this many documents: otherwise it would cost Whoosh a long
#: posting list read for little (bench/README.md).
_FILTER_MAX_DOCS = 5000


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query, ready for Whoosh."""

    query: Query
    """What runs: phrases as lookups of their word pairs' buckets, fuzzy words on the unstemmed ``exact``."""
    exact: Query
    """The same with Whoosh's position-checked phrases: the fallback when too many pair matches fail."""
    adjacent: tuple[tuple[str, ...], ...] = ()
    """Phrases answered by their pairs' buckets, which do not make a phrase (other pairs share
    a bucket; "a b" and "b c" are not "a b c"): a hit counts once its stored text shows the
    words in a row (checked on the hits shown only)."""
    phrases: tuple[tuple[str, ...], ...] = ()
    """Every phrase of the query, its words analysed as ``exact`` (for snippets)."""


def _rewrite_words(text: str, *, fuzzy: bool) -> str:
    """Unquoted part of a query: fuzzy words go to ``exact``; ``fuzzy`` makes plain words fuzzy too."""
    # Fuzzy matching against stems misses damaged inflected words ("dimutakhlrkan"
    # never comes near "mutakhir"): the unstemmed words are what OCR damaged.
    text = _FUZZY_WORD.sub(lambda m: f"exact:{m.group(1).lower()}", text)
    if fuzzy:
        # Each plain word of 4+ characters, stemmed or one edit off (OCR puts digits in words: "rekapitu1asi").
        # A long word may also have two letters swapped ("pemutakhrian"): two edits (#18).
        text = _PLAIN_WORD.sub(lambda m: m.group(1) if m.group(1) in _OPERATORS or len(m.group(1)) < 4
                               else f"({m.group(1)} OR exact:{m.group(1).lower()}~{_edits(m.group(1))})", text)
    return text


def _edits(word: str) -> int:
    """Edits a fuzzy word may be off: one, or two (a swap of letters) for a long word."""
    return 2 if len(word) >= 8 else 1


#: A document number as a query term: "229/pl.01-kpt/2024", "b/979/vi/2024/reskrim".
_NUMBER_TERM = re.compile(r"\w+(?:[./-]\w+)*[/-]\w+")
#: A number of 3+ digits typed alone: may be part of a document number ("229").
_DIGITS_TERM = re.compile(r"\d{3,}")


def _number_query(q: Term) -> Query:
    """A number typed in a query also finds the document numbers it is part of ("229" of
    "229/PL.01-Kpt/2024"), and a document number one or two characters off, as OCR reads them
    ("B/979/V1/..." for "B/979/VI/..."; #18)."""
    text = q.text if isinstance(q.text, str) else q.text.decode("utf-8")
    if _DIGITS_TERM.fullmatch(text):
        part = Regex("exact", rf"(.*[/.-])?{text}([/.-].*)?$")
        return Or([q, part.with_boost(q.boost)])
    return Or([q, _FuzzyOnce("exact", text, boost=q.boost, maxdist=2 if len(text) >= 12 else 1, prefixlength=1)])


def _phrase_candidates(words: tuple[str, ...], doc_frequency: Callable[[str, str], int] | None) -> Query:
    """Documents that may hold the phrase ``words``, found by term lookups alone.

    The rarest bucket of its word pairs, and the next one too if the first
    is rare enough that reading it leaves little to skip in the second: a
    phrase in every document costs one posting list, not one per pair. Other
    pairs of the buckets are filtered out by the phrase's rarest word if few
    documents hold it. Scored by the pairs alone (tf-idf: no field lengths).
    """
    def df(fieldname: str, text: str) -> int:
        return doc_frequency(fieldname, text) if doc_frequency else 0

    buckets = sorted(dict.fromkeys(itertools.starmap(pair_term, itertools.pairwise(words))),
                     key=lambda t: df("pairs", t))
    if doc_frequency:
        buckets = buckets[: 2 if df("pairs", buckets[0]) <= _FILTER_MAX_DOCS else 1]
    terms: list[Query] = [Term("pairs", t) for t in buckets]
    count, word = min((df("exact", w), w) for w in words)
    if count <= _FILTER_MAX_DOCS:
        # A filter, not scored: BM25 would look up a field length for every candidate.
        # (Not Require(): its matcher trips an assertion when Whoosh skips blocks.)
        terms.append(ConstantScoreQuery(Term("exact", word), score=0.0))
    return And(terms)


class _FuzzyOnce(FuzzyTerm):
    """A fuzzy term that walks the word list once per index reader.

    Whoosh walks it each time it needs the words matched (to estimate,
    to match, and again for the snippet's words): eight times a search.
    """

    def _btexts(self, ixreader: Any) -> list[str]:
        cached = self.__dict__.get("_walked")
        if cached is None or cached[0] is not ixreader:
            self._walked = (ixreader, words_within(ixreader, self.fieldname, self.text, self.maxdist,
                                                   prefix=self.prefixlength))
        return self._walked[1]


def words_within(reader: Any, fieldname: str, text: str, maxdist: int, *, prefix: int = 0) -> list[str]:
    """The words of ``fieldname`` in ``reader`` within ``maxdist`` edits of ``text`` (sharing its first
    ``prefix`` letters): Whoosh's ``terms_within``, with its automaton, over the word list in memory.

    Whoosh looks each step of the automaton up by a binary search of the word
    list on disk: a misspelt word's fuzzy retry and "did you mean" made 170,000
    small reads, half a second at 20,000 documents. The list (47,000 words,
    4 MB there) is read once per index version (:func:`_word_list`).
    """
    key, words = _word_list(reader, reader.schema[fieldname].spelling_fieldname(fieldname))
    asked = (key, text, maxdist, prefix)
    with _WORD_LISTS_LOCK:
        found = _NEAR_WORDS.get(asked) if key else None
    if found is not None:
        return found
    dfa = _levenshtein_dfa(text, maxdist, prefix)
    found = []
    # Whoosh's Automata.find_matches, the cursor's find() being a bisection.
    match = dfa.next_valid_string(words[0]) if words else None
    while match:
        at = bisect.bisect_left(words, match)
        if at == len(words):
            break
        word = words[at]
        if word == match:
            found.append(match)
            word += "\0"
        match = dfa.next_valid_string(word)
    if key:
        # A misspelt word is walked for the fuzzy retry and again for "did you mean".
        with _WORD_LISTS_LOCK:
            _NEAR_WORDS[asked] = found
            while len(_NEAR_WORDS) > _NEAR_WORDS_KEPT:
                _NEAR_WORDS.popitem(last=False)
    return found


@functools.lru_cache(maxsize=16)
def _levenshtein_dfa(text: str, maxdist: int, prefix: int) -> Any:
    """Whoosh's automaton of the words within ``maxdist`` edits of ``text``, built once for a search's
    sides and its "did you mean" (4 ms for two edits); walking it leaves it as it is. Few are kept:
    each is hundreds of sets, which Python's garbage collector walks on every full collection."""
    return Automata.levenshtein_dfa(text, maxdist, prefix)


#: Word lists in memory (:func:`_word_list`), the most recently used last.
_WORD_LISTS: OrderedDict[tuple[str, ...], list[str]] = OrderedDict()
_WORD_LISTS_LOCK = threading.Lock()
_WORD_LISTS_MAKING = threading.RLock()  # a whole index's list is made of its segments'
#: Words kept in the lists, about 70 MB: each side's current lists (a whole index's, and each
#: segment's: a fuzzy word is expanded segment by segment) and the least recently used others.
_WORD_LISTS_BUDGET = 1_000_000
#: The words found near a word in a word list (:func:`words_within`), the most recent last.
_NEAR_WORDS: OrderedDict[tuple[Any, ...], list[str]] = OrderedDict()
_NEAR_WORDS_KEPT = 256


def _word_list(reader: Any, fieldname: str) -> tuple[tuple[str, ...] | None, list[str]]:
    """Every word of ``fieldname`` in ``reader``, sorted, and the key it is shared by (None: not shared);
    read once and shared by the threads.

    A segment's words never change (Whoosh writes a new segment; a deleted
    entry's words stay listed), so a list is known by its segments' ids, and
    an index of several segments joins its segments' lists: after an update
    only the new segment's words are read. Reading a whole list costs 0.2 s
    at 20,000 documents, joining lists a tenth of that.
    """
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    segments = [getattr(leaf, "segment", lambda: None)() for leaf in leaves]
    if not segments or None in segments:
        # Not segments of files (an index with no document yet reads as Whoosh's EmptyReader,
        # whose segment is None): nothing to share.
        return None, [w.decode("utf-8") for w in reader.lexicon(fieldname)]
    key = (fieldname, *(seg.segment_id() for seg in segments))

    def known() -> list[str] | None:
        with _WORD_LISTS_LOCK:
            words = _WORD_LISTS.get(key)
            if words is not None:
                _WORD_LISTS.move_to_end(key)
            return words

    if (words := known()) is not None:
        return key, words
    # One thread makes a list; the others wait for it rather than make it too (ten misspelt
    # searches at once each read both sides' lists: 4 s for the last).
    with _WORD_LISTS_MAKING:
        if (words := known()) is not None:
            return key, words
        if len(leaves) > 1:
            words = sorted(set().union(*(_word_list(leaf, fieldname)[1] for leaf in leaves)))
        else:
            words = [w.decode("utf-8") for w in reader.lexicon(fieldname)]
        with _WORD_LISTS_LOCK:
            _WORD_LISTS[key] = words
            total = sum(map(len, _WORD_LISTS.values()))
            while total > _WORD_LISTS_BUDGET and len(_WORD_LISTS) > 1:
                total -= len(_WORD_LISTS.popitem(last=False)[1])
    return key, words


def _rewrite(q: Query, doc_frequency: Callable[[str, str], int] | None,
             adjacent: list[tuple[str, ...]], phrases: list[tuple[str, ...]], *, required: bool = True) -> Query:
    """``q`` with each exact phrase answered by term lookups, and fuzzy terms walking once.

    A phrase is found by :func:`_phrase_candidates` and goes to
    ``adjacent``: a hit counts once its words are seen in a row. That can
    only be done where the phrase is ``required`` (the whole query matches
    only if it does: not under OR, NOT or an optional clause); elsewhere it
    keeps Whoosh's position check.
    """
    if isinstance(q, FuzzyTerm):
        return _FuzzyOnce(q.fieldname, q.text, boost=q.boost, maxdist=q.maxdist, prefixlength=q.prefixlength,
                          constantscore=q.constantscore)
    if type(q) is Term and q.fieldname == "content" and isinstance(q.text, str) and (
            _DIGITS_TERM.fullmatch(q.text) or _NUMBER_TERM.fullmatch(q.text)):
        return _number_query(q)
    if isinstance(q, Phrase):
        words = tuple(q.words)
        phrases.append(words)
        if q.fieldname != "exact" or q.slop != 1 or len(words) < 2 or not required:
            return q
        adjacent.append(words)
        return _phrase_candidates(words, doc_frequency).with_boost(q.boost)

    def sub(child: Query, req: bool) -> Query:
        return _rewrite(child, doc_frequency, adjacent, phrases, required=req)

    if isinstance(q, (AndNot, AndMaybe)):
        return type(q)(sub(q.a, required), sub(q.b, False))
    if isinstance(q, Require):
        return Require(sub(q.a, required), sub(q.b, required))
    if q.is_leaf():
        return q
    keep = required and isinstance(q, And)
    return q.apply(lambda child: sub(child, keep))


def parse_query(text: str, schema: Schema, *, fuzzy: bool = False,
                doc_frequency: Callable[[str, str], int] | None = None) -> ParsedQuery:
    """Words, "phrases" (exact, unstemmed), AND/OR/NOT, field:value, word~ (fuzzy).

    ``fuzzy`` lets every plain word also match its unstemmed forms one edit
    off. ``doc_frequency(field, term)`` (a searcher's) picks the terms that
    find a phrase's candidates best; without it, all are used.
    """
    parts, pos = [], 0
    for m in _QUOTED.finditer(text):
        parts.append(_rewrite_words(text[pos : m.start()], fuzzy=fuzzy))
        # A quoted phrase is matched on the unstemmed words (``content`` keeps no
        # positions); title:"..." stays the user's.
        parts.append(f'exact:"{m.group(2)}"' if m.group(1) in (None, "content:") else m.group(0))
        pos = m.end()
    parts.append(_rewrite_words(text[pos:], fuzzy=fuzzy))
    parser = MultifieldParser(["title", "content"], schema, group=qparser.AndGroup)
    parser.add_plugin(FuzzyTermPlugin())
    exact = parser.parse("".join(parts))
    adjacent: list[tuple[str, ...]] = []
    phrases: list[tuple[str, ...]] = []
    query = _rewrite(exact, doc_frequency, adjacent, phrases)
    return ParsedQuery(query=query, exact=exact, adjacent=tuple(dict.fromkeys(adjacent)),
                       phrases=tuple(dict.fromkeys(phrases)))


def has_phrases(text: str, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether each phrase's words occur in a row in ``text``, as the ``exact`` field reads it."""
    if not phrases:
        return True
    tokens = exact_tokens(text)
    for words in phrases:
        n, want = len(words), list(words)
        if not any(tokens[i : i + n] == want for i, t in enumerate(tokens) if t == words[0]):
            return False
    return True


def snippet(text: str, words: set[str], *, phrases: tuple[tuple[str, ...], ...] = (), html: bool = False,
            width: int = 90) -> str:
    """The first passage where a query phrase, else a query word (or a word built on its root), occurs, marked.

    Cheaper than re-analysing every result with the stemmer: the roots from
    the query are found inside the words of the text ("mutakhir" in
    "pemutakhiran"); a phrase is its words with anything but a word between.
    """
    flat = " ".join(text.split())
    phrase_runs = [r"(?<!\w)" + r"\W+".join(map(re.escape, p)) + r"(?!\w)"
                   for p in sorted(phrases, key=len, reverse=True) if len(p) > 1]
    roots = sorted((w for w in words | {w for p in phrases for w in p} if len(w) >= 3), key=len, reverse=True)
    word_runs = [r"\w*(?:" + "|".join(map(re.escape, roots)) + r")\w*"] if roots else []
    if not phrase_runs and not word_runs:
        return flat[: 2 * width]
    pattern = re.compile("|".join(phrase_runs + word_runs), re.IGNORECASE)
    m = (phrase_runs and re.search("|".join(phrase_runs), flat, re.IGNORECASE)) or pattern.search(flat)
    if not m:
        return flat[: 2 * width]
    start, end = max(0, m.start() - width), min(len(flat), m.end() + width)
    piece = flat[start:end]
    mark = (lambda w: f"<mark>{w.group(0)}</mark>") if html else (lambda w: w.group(0).upper())
    return ("..." if start else "") + pattern.sub(mark, piece) + ("..." if end < len(flat) else "")


class _ThreadSearchers(threading.local):
    """Each thread's open searchers, by index folder: a Whoosh searcher reads its files by
    position and may not be shared between threads, and one per thread lets the workspace's
    threads search at once (a long phrase check does not hold up every other search)."""

    def __init__(self) -> None:
        self.by_folder: dict[str, tuple[Any, int]] = {}


_THREAD = _ThreadSearchers()
#: BM25F for words; for word pairs, tf-idf: it needs no field lengths, and its
#: per-block bounds let a top-10 of a phrase in every document skip most blocks.
_WEIGHTING = scoring.MultiWeighting(scoring.BM25F(), pairs=scoring.TF_IDF())


def _searcher(folder: Path):  # noqa: ANN202
    """This thread's searcher of ``folder``, kept open for the life of the thread and refreshed
    when the index changed.

    Opening a segment's files costs more than a search; a long-running
    process (the workspace, a benchmark) pays it once per thread.
    """
    key = str(folder)
    for attempt in range(5):
        try:
            return _open_searcher(key)
        except FileNotFoundError:
            # A writer committed between listing and opening the index's
            # table of contents (Whoosh deletes the old one): look again.
            _THREAD.by_folder.pop(key, None)
            time.sleep(0.05 * (attempt + 1))
    return _open_searcher(key)


def _open_searcher(key: str):  # noqa: ANN202
    # The folder's inode tells a rebuilt index (swapped in by rename) from
    # the old one: its generation number alone may well be the same.
    inode = os.stat(key).st_ino
    cached, cached_inode = _THREAD.by_folder.get(key, (None, None))
    if cached is not None:
        try:
            if cached_inode == inode and cached.up_to_date():
                return cached
        except (OSError, windex.EmptyIndexError):
            pass
        # Not Searcher.refresh(): whoosh-reloaded 2.7.5 fails reusing some readers.
        cached.close()
        _THREAD.by_folder.pop(key, None)
    if err := _outdated(Path(key)):
        raise err
    # Without mmap: Whoosh's mmap storage copies every sub-file on open, which
    # made opening cost more than a search (200 ms against 2 ms at 20,000 docs).
    searcher = FileStorage(key, supports_mmap=False).open_index().searcher(weighting=_WEIGHTING)
    _lengths_in_memory(searcher)
    _THREAD.by_folder[key] = (searcher, inode)
    return searcher


def _lengths_in_memory(searcher: Any) -> None:
    """Give each segment its field lengths as bytes in memory, read once.

    BM25F needs each scored document's field length. Whoosh reads each one
    from the segment file (a seek and a one-byte read), and a word in every
    document is scored 20,000 times: that was 40 % of such a search. The
    lengths are a byte per document and field, 20 KB per field at 20,000
    documents. Readers of another codec keep Whoosh's own lookup.
    """
    for leaf, _offset in searcher.reader().leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        if not isinstance(perdoc, whoosh3.W3PerDocReader):
            continue
        size = perdoc.doc_count_all()
        for name, fieldtype in searcher.schema.items():
            column = whoosh3._lenfield(name)
            if not fieldtype.scorable or not perdoc.has_column(column):
                continue
            colfile, offset, length = perdoc._get_column_file(column)
            try:
                lengths = colfile.get(offset, length)
            finally:
                colfile.close()
            # Indexing the bytes gives the stored byte as an int, as the
            # column reader does; documents past the end have no length (0).
            perdoc._readers[column] = lengths.ljust(size, b"\0")


def _top(s: Any, parsed: ParsedQuery, wanted: int,
         **kwargs: Any) -> tuple[list[tuple[dict | Callable[[], dict], float]], int, bool]:
    """The first ``wanted`` hits of a side (stored fields, or a function that reads them; score), the
    number of all matches, and whether that number is exact.

    Phrases answered by term lookups are checked on the hits alone, among
    the first candidates (``_VERIFY_FACTOR`` per wanted hit, at least
    ``_VERIFY_MIN``); if those do not fill the page and there are more,
    Whoosh's position-checked query answers instead.

    The number is the documents one can page through (#13), not Whoosh's
    estimate, which counts the deleted entries an update leaves in a segment
    until a merge, and guesses for AND, OR and prefixes. One case is left
    an estimate, said so: a phrase with more candidates than are checked,
    whose exact count would check the positions of its words in every one
    (0.4 s at 5,000 documents holding it, against 10 ms for the page).
    """
    if kwargs.get("filter") is not None and next(iter(s.docs_for_query(kwargs["filter"])), None) is None:
        # Nothing here passes the filter. (Whoosh's count reads an empty filter as none, and
        # counted every match of the words: "1483 dokumen" for 73 hits.)
        return [], 0, True
    # No terms=True: it records matches for every document.
    if parsed.adjacent:
        limit = max(_VERIFY_FACTOR * wanted, _VERIFY_MIN)
        if (found := _fast_top(s, parsed.query, limit, kwargs)) is not None:
            candidates, estimate = found
            # Fewer candidates than asked for: these are all of them, and checking
            # each one counts the matches exactly.
            every = estimate <= limit
        else:
            res = s.search(parsed.query, limit=limit, **kwargs)
            candidates = [(h.docnum, float(h.score or 0.0)) for h in res]
            every, estimate = res.scored_length() < limit, res.estimated_length()
        kept: list[tuple[dict, float]] = []
        checked = matching = 0
        for docnum, score in candidates:
            if len(kept) == wanted and not every:
                break
            fields = s.stored_fields(docnum)
            checked += 1
            if has_phrases(fields.get("content", ""), parsed.adjacent):
                matching += 1
                if len(kept) < wanted:
                    kept.append((fields, score))
        if every:
            return kept, matching, True
        if len(kept) == wanted:
            # The candidates, in the share of them found to hold the phrase.
            return kept, max(len(kept), round(estimate * matching / checked)), False
        log.debug("phrase words mostly apart in the first %d candidates: position check", limit)
    q = parsed.exact if parsed.adjacent else parsed.query
    if (found := _fast_top(s, q, wanted, kwargs)) is not None:
        # Stored fields read when shown: of both sides' best, only a page is (a tenth of a search).
        return [(functools.partial(s.stored_fields, docnum), score) for docnum, score in found[0]], found[1], True
    res = s.search(q, limit=wanted, **kwargs)
    return [(h.fields(), float(h.score or 0.0)) for h in res], len(res), True


def _fast_top(s: Any, q: Query, wanted: int, kwargs: dict[str, Any]) -> tuple[list[tuple[int, float]], int] | None:
    """The best ``wanted`` (document number, score) and the exact number of matches, scored with numpy
    (:mod:`pindai._topk`); None for what only Whoosh answers (a sort by date, phrases, prefixes, ...)."""
    if kwargs.get("sortedby"):
        return None
    from pindai import _topk  # numpy: 80 ms to import, paid by the searches only

    return _topk.top(s, q, wanted, filter=kwargs.get("filter"), mask=kwargs.get("mask"))


def _words_to_mark(q: Query, reader: Any) -> set[str]:
    """The words a snippet marks: stems, exact words, and the words fuzzy terms matched here."""
    # Not Query.existing_terms(): whoosh-reloaded 2.7.5 reuses its fieldname
    # argument as a loop variable and drops the leaves of other fields.
    words = set()
    for leaf in q.leaves():
        terms = leaf.expanded_terms(reader) if isinstance(leaf, FuzzyTerm) else leaf.terms()
        words.update(t.decode() if isinstance(t, bytes) else str(t)
                     for f, t in terms if f in ("content", "title", "exact"))
    return words


def search(
    home: Home,
    query: str,
    *,
    exempt: bool = False,
    unit: str | None = None,
    year: int | None = None,
    register: str | None = None,
    dip_type: str | None = None,
    ground: str | None = None,
    status: str | None = None,
    side: str | None = None,
    limit: int = 10,
    page: int = 1,
    sort: str = "relevance",
    fuzzy: bool = False,
    html: bool = False,
) -> Results:
    """Search the public index, and with ``exempt`` the exempt one too.

    ``register``, ``dip_type``, ``ground`` (Pasal 17 letter), ``status``, ``unit``, ``year``
    narrow the hits; ``side`` ("public" or "exempt", with ``exempt``) searches one side only.

    Raises:
        NoAccessError: ``exempt`` asked by a user who cannot read the exempt side.
        IndexOutdatedError: an index to search was built with another schema version.
        IndexMissingError: the folder of an index to search is gone.
    """
    sides = ["public"]
    for name in () if pgsearch.enabled(home) else SIDES if exempt else SIDES[:1]:
        # Gone, not merely empty (a new home's): it answered "0 dokumen" (#14).
        # os.access, not Path.exists: the exempt folder may not be ours to enter.
        folder = index_dir(home, name)
        if not os.access(folder, os.F_OK) and os.access(folder.parent, os.X_OK):
            raise _missing_error(folder, name)
    if exempt:
        require_exempt_access(home)
        sides.append("exempt")
    if side in SIDES:
        sides = [x for x in sides if x == side]
    filters = [Term(k, v) for k, v in (("unit", unit), ("register", register), ("dip_type", dip_type),
                                       ("ground", ground), ("status", status)) if v]
    if year:
        filters.append(Term("year", year))
    wanted = page * limit
    found: list[tuple[str, dict, float, set[str], ParsedQuery]] = []
    total = 0
    exact = True
    if pgsearch.enabled(home):  # search on PostgreSQL (#19): its hits, merged below as Whoosh's are
        total, exact, found = pgsearch.search(home, query, sides=sides, wanted=wanted, sort=sort, fuzzy=fuzzy,
                                       filters={"unit": unit, "register": register, "dip_type": dip_type,
                                                "ground": ground, "status": status, "year": year},
                                       excluded=withdrawn_public(home))
        sides = []
    for side in sides:
        folder = index_dir(home, side)
        if not any(folder.glob("*.toc")):
            continue  # no index yet on this side
        s = _searcher(folder)
        parsed = (parse_query(query, s.schema, fuzzy=fuzzy, doc_frequency=s.doc_frequency) if query.strip()
                  else ParsedQuery(query=Every(), exact=Every()))
        kwargs: dict[str, Any] = {"filter": And(filters) if filters else None}
        if side == "public" and (gone := withdrawn_public(home)):
            # Left the public side, entry not purged yet: neither shown nor counted (#13).
            kwargs["mask"] = Or([Term("doc_id", i) for i in sorted(gone)])
        if sort == "date":
            kwargs.update(sortedby="received", reverse=True)
        hits, count, side_exact = _top(s, parsed, wanted, **kwargs)
        total += count
        exact = exact and side_exact
        words = _words_to_mark(parsed.query, s.reader()) if hits else set()
        found += [(side, fields, score, words, parsed) for fields, score in hits]

    def date_of(fields: dict) -> datetime | None:
        return fields.get("doc_date") or fields.get("received")

    def fields_of(stored: dict | Callable[[], dict]) -> dict:
        return stored if isinstance(stored, dict) else stored()

    def key(x: tuple) -> Any:
        return (date_of(fields_of(x[1])) or datetime.min) if sort == "date" else x[2]

    found.sort(key=key, reverse=True)
    hits = []
    for side, stored, score, words, parsed in found[(page - 1) * limit : wanted]:  # snippets for this page only
        h = fields_of(stored)
        date = date_of(h)
        hits.append(Hit(
            doc_id=int(h["doc_id"]), title=h.get("title", ""),
            date=date.date().isoformat() if date else "", unit=h.get("unit", ""),
            register=h.get("register", ""), dip_type=h.get("dip_type", ""),
            ground=h.get("ground", ""), status=h.get("status", ""),
            path=str(home.root / h["path"]), side=side,
            snippet=snippet(h.get("content", ""), words, phrases=parsed.phrases, html=html),
            score=round(score, 3),
        ))
    return Results(total=total, page=page, hits=hits, exact=exact)


# --------------------------------------------------------------------------- did you mean (#16, branch web2)

#: A word "did you mean" looks at: letters only, three or more, not a field:value or a word~.
_SUGGESTABLE = re.compile(r"(?<![\w:~*])([^\W\d_]{3,})(?![\w:~*])")
#: Query words left as they are.
_OPERATORS = {"and", "or", "not"}


def suggest(home: Home, query: str, *, exempt: bool = False) -> str | None:
    """``query`` with each word that no document holds replaced by the nearest word one does ("did you
    mean"), or None when every word is known or nothing near is found.

    Only the sides the user may search are read: with ``exempt`` False, never a
    word of the exempt index. Quoted phrases are left as typed.
    """
    if pgsearch.enabled(home):  # search on PostgreSQL (#19): the sides' word lists there
        return pgsearch.suggest(home, query, sides=list(SIDES if exempt else SIDES[:1]))
    sides = [s for s in (SIDES if exempt else SIDES[:1]) if any(index_dir(home, s).glob("*.toc"))]
    searchers = [_searcher(index_dir(home, s)) for s in sides]
    if not searchers:
        return None
    analyzer = searchers[0].schema["exact"].analyzer
    changed = False

    def replace(m: re.Match[str]) -> str:
        nonlocal changed
        word = m.group(1)
        if word.lower() in _OPERATORS:
            return word
        key = next((t.text for t in analyzer(word)), "")
        if not key or any(s.reader().doc_frequency("exact", key) for s in searchers):
            return word
        best, freq = None, 0
        for s in searchers:
            reader = s.reader()
            # As Whoosh's corrector ranks them: the most frequent near word (ties: the last in order).
            near = words_within(reader, "exact", key, 2)
            for cand in [max(near, key=lambda w: (reader.frequency("exact", w), w))] if near else []:
                f = reader.doc_frequency("exact", cand)
                if f > freq:
                    best, freq = cand, f
        if best is None:
            return word
        changed = True
        return best

    parts = query.split('"')
    # even parts are outside quotes
    fixed = '"'.join(_SUGGESTABLE.sub(replace, p) if i % 2 == 0 else p for i, p in enumerate(parts))
    return fixed if changed else None
