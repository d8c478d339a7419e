"""The catalogue (SQLite): documents, pages, suggestions and jobs; the source of truth."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from pindai.errors import AccessError, CatalogError, PindaiError


#: Search on PostgreSQL (#19, branch pgsearch): the sides, the role that may read the public one only,
#: and the columns of a side's table as ``pindai.pgsearch`` writes them.
PG_SEARCH_SIDES = ("public", "exempt")
PG_SEARCH_PUBLIC_ROLE = "pindai_search_public"
#: Besides its roots, ``stems`` holds "root#t" for a root of the title ("root#t2": twice or more),
#: "root#f" for each of its occurrences in a letterhead or signature block (``index.FramedTokenizer``),
#: and "root#N" for a root N or more times in the content: the bands the ranking goes through
#: (PgSearchReader._top_by_bands); and the entry's lengths, "#tlN" (title, as ``title_len``) and
#: "#clN" (content, its class: :func:`pg_length_class`), so that the index finds a band's short entries.
PG_SEARCH_TIERS = (64, 32, 16, 8, 4, 2)
#: The layout of the search tables; a database written with another must be rebuilt
#: (``pindai index rebuild``). 2: each side's ``df`` table (how many entries hold each lexeme of
#: ``stems``), "root#t2", "root#f", the lengths "#tlN" and "#clN".
PG_SEARCH_LAYOUT = 2
#: What a word of a letterhead or a signature block weighs ("root#f"): ``index.FRAME_WEIGHT`` (#18).
PG_SEARCH_FRAME_WEIGHT = 0.1
def pg_length_class(n: int) -> int:
    """The class of a content length in "#clN" (eight a doubling: lengths within 9 % share one)."""
    import math

    return int(8 * math.log2(max(n, 0) + 1))


PG_SEARCH_COLUMNS = ("doc_id", "title", "content", "register", "dip_type", "ground", "status", "unit", "profile",
                     "number", "year", "doc_date", "received", "pages", "path", "stems", "words", "long_text",
                     "title_stems", "title_len", "content_len", "words_len")


class JobState(StrEnum):
    """Where a job is; everything but ``done``/``failed``/``duplicate`` resumes."""

    claimed = "claimed"  # input moved into the work area
    stored = "stored"  # original stored in originals/
    done = "done"
    failed = "failed"
    duplicate = "duplicate"


RESUMABLE = (JobState.claimed, JobState.stored)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# Each migration is named and runs once, in its own transaction.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            source_name TEXT NOT NULL,
            profile TEXT NOT NULL,
            unit TEXT NOT NULL,
            official TEXT NOT NULL DEFAULT '',
            input_kind TEXT NOT NULL,
            original_path TEXT NOT NULL,
            pdfa_path TEXT NOT NULL,
            pdfa_sha256 TEXT NOT NULL,
            pdfa_valid INTEGER NOT NULL,
            pdfa_verdict TEXT NOT NULL,
            side TEXT NOT NULL CHECK (side IN ('public', 'exempt')),
            status TEXT NOT NULL,
            pages INTEGER NOT NULL,
            received_at TEXT NOT NULL,
            filed_at TEXT NOT NULL
        );
        CREATE TABLE pages (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            text TEXT NOT NULL,
            confidence REAL,
            rescan INTEGER NOT NULL,
            born_digital INTEGER NOT NULL,
            quarter_turns INTEGER NOT NULL,
            deskew_angle REAL NOT NULL,
            perspective INTEGER NOT NULL,
            PRIMARY KEY (document_id, number)
        );
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            register TEXT,
            dip_type TEXT,
            ground TEXT,
            confidence REAL NOT NULL,
            held INTEGER NOT NULL,
            evidence TEXT NOT NULL,
            model_version TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            source_path TEXT NOT NULL,
            source_name TEXT NOT NULL,
            work_path TEXT NOT NULL,
            profile TEXT NOT NULL,
            state TEXT NOT NULL,
            sha256 TEXT,
            document_id INTEGER REFERENCES documents(id),
            error_code TEXT,
            error TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX jobs_state ON jobs(state);
        """,
    ),
    (
        # One scanned batch can hold several documents (separator sheets or
        # blank pages split it): a document is one part of its input.
        "0002_parts_units_failed_dirs",
        """
        CREATE TABLE documents_new (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL,
            part INTEGER NOT NULL DEFAULT 1,
            parts INTEGER NOT NULL DEFAULT 1,
            source_pages TEXT NOT NULL DEFAULT '',
            source_name TEXT NOT NULL,
            profile TEXT NOT NULL,
            unit TEXT NOT NULL,
            official TEXT NOT NULL DEFAULT '',
            input_kind TEXT NOT NULL,
            original_path TEXT NOT NULL,
            pdfa_path TEXT NOT NULL,
            pdfa_sha256 TEXT NOT NULL,
            pdfa_valid INTEGER NOT NULL,
            pdfa_verdict TEXT NOT NULL,
            side TEXT NOT NULL CHECK (side IN ('public', 'exempt')),
            status TEXT NOT NULL,
            pages INTEGER NOT NULL,
            received_at TEXT NOT NULL,
            filed_at TEXT NOT NULL,
            UNIQUE (sha256, part)
        );
        INSERT INTO documents_new (id, sha256, source_name, profile, unit, official, input_kind,
            original_path, pdfa_path, pdfa_sha256, pdfa_valid, pdfa_verdict, side, status, pages,
            received_at, filed_at)
            SELECT id, sha256, source_name, profile, unit, official, input_kind, original_path,
            pdfa_path, pdfa_sha256, pdfa_valid, pdfa_verdict, side, status, pages, received_at,
            filed_at FROM documents;
        DROP TABLE documents;
        ALTER TABLE documents_new RENAME TO documents;
        ALTER TABLE jobs ADD COLUMN unit TEXT;
        ALTER TABLE jobs ADD COLUMN failed_dir TEXT
        """,
    ),
    (
        # Officers' decisions: the audit trail of review, and what `pindai train` learns from.
        "0003_decisions",
        """
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            register TEXT NOT NULL CHECK (register IN ('DIP', 'DIK')),
            dip_type TEXT,
            ground TEXT,
            decision_ref TEXT,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            before TEXT NOT NULL DEFAULT '{}',
            after TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX decisions_document ON decisions(document_id)
        """,
    ),
    (
        # Index updates are queued in the same transaction as the change they
        # follow, so a crash between catalogue and index loses nothing: the
        # next flush (any process) applies what is pending.
        "0004_index_queue",
        """
        CREATE TABLE index_queue (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL,
            enqueued_at TEXT NOT NULL
        )
        """,
    ),
    (
        # The latest suggestion of a document is looked up for every index entry.
        "0005_suggestions_by_document",
        "CREATE INDEX suggestions_document ON suggestions(document_id)",
    ),
    (
        # Review (#6): the registers' metadata, editable by officers (``edited`` names
        # the fields an officer set, which re-extraction never overwrites); the DIK
        # columns of a decision; an audit trail of every review action; and a journal
        # of archive moves, so a crash between the catalogue and the file is finished
        # by the next run.
        "0006_register_metadata_review",
        """
        CREATE TABLE document_meta (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            title TEXT NOT NULL DEFAULT '',
            number TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            made_on TEXT NOT NULL DEFAULT '',
            issuer TEXT NOT NULL DEFAULT '',
            holder TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            form TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'umum',
            retention TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            edited TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT NOT NULL
        );
        ALTER TABLE decisions ADD COLUMN status TEXT;
        ALTER TABLE decisions ADD COLUMN period_end TEXT;
        ALTER TABLE decisions ADD COLUMN period_condition TEXT;
        ALTER TABLE decisions ADD COLUMN consequence TEXT;
        ALTER TABLE decisions ADD COLUMN public_interest TEXT;
        ALTER TABLE decisions ADD COLUMN legal_basis TEXT;
        ALTER TABLE decisions ADD COLUMN redaction TEXT;
        ALTER TABLE decisions ADD COLUMN next_review TEXT;
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL,
            action TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            before TEXT NOT NULL,
            after TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_document ON audit(document_id);
        CREATE TABLE pending_moves (
            document_id INTEGER PRIMARY KEY,
            src TEXT NOT NULL,
            dst TEXT NOT NULL,
            side TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
    ),
    (
        # Reprocessing and the nightly batch (#7): the key each stage last ran with
        # per document (a hash of its input, the settings that matter and the
        # versions), so a re-run skips what would not change; a journal of PDF/A
        # swaps (the new file is written beside the old one and renamed over it
        # after the catalogue commit); retries of failed jobs with backoff; and
        # the nightly batch's own state (e.g. the last decision trained on).
        "0007_reprocess_keys",
        """
        CREATE TABLE reprocess_keys (
            document_id INTEGER NOT NULL,
            stage TEXT NOT NULL CHECK (stage IN ('ocr', 'classify', 'index')),
            key TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}',
            done_at TEXT NOT NULL,
            PRIMARY KEY (document_id, stage)
        );
        CREATE TABLE pending_swaps (
            document_id INTEGER PRIMARY KEY,
            tmp TEXT NOT NULL,
            dst TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        ALTER TABLE jobs ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN next_try TEXT;
        ALTER TABLE jobs ADD COLUMN superseded_by INTEGER;
        CREATE TABLE nightly_state (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    ),
    (
        # The public websites pindai wrote (``pindai publish``), so that a document
        # leaving the public side is taken off them at once; and the journal of those
        # withdrawals, finished by the next command after a crash (#13).
        "0008_published_sites",
        """
        CREATE TABLE published_sites (
            folder TEXT PRIMARY KEY,
            include_unapproved INTEGER NOT NULL DEFAULT 0,
            published_at TEXT NOT NULL
        );
        CREATE TABLE pending_unpublish (
            document_id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL
        )
        """,
    ),
    (
        # Intake (#14, #15): the size and time of an input when it was claimed,
        # compared when its original is stored (a writer that went on writing
        # is caught, not filed short); where a failed input was moved, so a
        # retry takes that file instead of searching for it. The failure kind
        # is ``error_code``: a stable code of a class in ``pindai.errors``.
        "0009_intake_claim_and_quarantine",
        """
        ALTER TABLE jobs ADD COLUMN claim_size INTEGER;
        ALTER TABLE jobs ADD COLUMN claim_mtime_ns INTEGER;
        ALTER TABLE jobs ADD COLUMN quarantine_path TEXT;
        UPDATE jobs SET error_code = 'disk_full'
            WHERE state = 'failed' AND (error LIKE '%No space left%' OR error LIKE '%disk quota%');
        UPDATE jobs SET error_code = 'internal'
            WHERE state = 'failed' AND error_code = 'ocr_failed' AND error LIKE '%internal:%'
        """,
    ),
    (
        # The web workspace (#16): pindai's own accounts (argon2 hashes, a role and
        # an optional unit), and failed logins by user and by address, kept in the
        # catalogue so the limit holds across restarts and workers.
        "0010_web_users",
        """
        CREATE TABLE web_users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('operator', 'officer', 'admin')),
            unit TEXT NOT NULL DEFAULT '',
            password_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE web_login_failures (
            key TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX web_login_failures_key ON web_login_failures(key)
        """,
    ),
    (
        # Redaction (#17): boxes proposed by pindai or drawn by an officer, per document
        # and page, in PDF points from the page's top-left corner (``token`` is the
        # words under a box, exempt text kept for verification, never shown); and the
        # redacted public copies, each linked to its exempt source, with the result of
        # reading it back (``verified``; ``findings`` say where, never what).
        "0011_redactions",
        """
        CREATE TABLE redactions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page INTEGER NOT NULL,
            x0 REAL NOT NULL,
            y0 REAL NOT NULL,
            x1 REAL NOT NULL,
            y1 REAL NOT NULL,
            whole_page INTEGER NOT NULL DEFAULT 0,
            kind TEXT NOT NULL,
            signal TEXT NOT NULL,
            ground TEXT NOT NULL,
            reason TEXT NOT NULL,
            token TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('usulan', 'dikonfirmasi', 'ditolak')),
            origin TEXT NOT NULL CHECK (origin IN ('sistem', 'petugas')),
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            decided_by TEXT,
            decided_at TEXT
        );
        CREATE INDEX redactions_document ON redactions(document_id, page);
        CREATE TABLE redacted_copies (
            copy_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            source_id INTEGER NOT NULL REFERENCES documents(id),
            boxes INTEGER NOT NULL,
            verified INTEGER NOT NULL DEFAULT 0,
            verified_sha256 TEXT,
            findings TEXT NOT NULL DEFAULT '[]',
            checked_at TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX redacted_copies_source ON redacted_copies(source_id)
        """,
    ),
    (
        # How sure pindai is of each register field it read (#18), by the field's column
        # name in document_meta, so that the workspace can show the unsure ones first. A
        # table of its own: re-extraction replaces a document_meta row as a whole.
        "0012_meta_confidence",
        """
        CREATE TABLE meta_confidence (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            confidence REAL NOT NULL,
            PRIMARY KEY (document_id, field)
        )
        """,
    ),
    (
        # Saved filters of the workspace (#16): each officer's named filters of the review
        # inbox, kept as the filter's query (unit, profile, suggestion, confidence, dates;
        # never search words).
        "0013_web_saved_filters",
        """
        CREATE TABLE web_saved_filters (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,  -- the account (not "user": reserved in PostgreSQL)
            page TEXT NOT NULL,
            name TEXT NOT NULL,
            query TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (owner, page, name)
        )
        """,
    ),
    (
        # Celery workers (#19): the worker running a job holds it (``lease_holder``,
        # "host:pid", until ``lease_until``), so that a task delivered twice (a
        # redelivery after a lost worker, a resend) runs the job once.
        "0014_job_leases",
        """
        ALTER TABLE jobs ADD COLUMN lease_holder TEXT;
        ALTER TABLE jobs ADD COLUMN lease_until TEXT
        """,
    ),
    (
        # The inbox pages through the documents newest first by this index and stops when
        # the page is full (#16), and the register dates typed before they were checked are
        # found through a partial index holding only them (none, once repaired).
        "0015_inbox_order",
        """
        CREATE INDEX documents_received ON documents(received_at, id);
        CREATE INDEX document_meta_undated ON document_meta(document_id)
            WHERE made_on != '' AND made_on NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
        """,
    ),
    (
        # A list or table page whose text order OCR could not trust (#18): shown to the officer.
        "0016_page_order_unsure",
        "ALTER TABLE pages ADD COLUMN order_unsure INTEGER NOT NULL DEFAULT 0",
    ),
]


@dataclass(frozen=True)
class Job:
    """One input's way through the pipeline."""

    id: int
    source_path: str
    source_name: str
    work_path: str
    profile: str
    state: JobState
    sha256: str | None
    document_id: int | None
    #: Unit named by the hot folder's subfolder; None: the profile's unit.
    unit: str | None = None
    #: Where a failed input goes; None: the home's failed/.
    failed_dir: str | None = None


@dataclass(frozen=True)
class DocumentRow:
    """A filed document as the catalogue holds it (the fields ingest reports)."""

    id: int
    sha256: str
    source_name: str
    pdfa_path: str
    side: str
    status: str
    pages: int


class Catalog:
    """A connection to ``catalog.sqlite3`` (or a PostgreSQL catalogue) with the queries the stages need."""

    def __init__(self, path: Path | str) -> None:
        """Open the catalogue at ``path``; make it only where no document was ever stored.

        ``path`` may be a ``postgresql://`` URL (``[catalog] url``, #19): the same
        migrations and methods then run on PostgreSQL through ``pindai._dialect``.

        Raises:
            CatalogError: the file is missing or empty while the home holds
                originals, is not a SQLite database, or is cut short. Nothing
                is written then (#14): an empty catalogue beside an archive
                made every file look stray to the check and the nightly batch.
            PermissionError: the user may not read it.
        """
        self.path = path
        self._savepoints = 0
        if isinstance(path, str) and path.startswith(("postgresql://", "postgres://")):
            from pindai._dialect import connect_postgres  # not imported for SQLite: no cost at start

            self.dialect = "postgresql"
            self.db: Any = connect_postgres(path)
            try:
                self.migrate()
            except BaseException:
                self.db.close()
                raise
            return
        self.dialect = "sqlite"
        # Missing, or 0 bytes in a home without documents (SQLite's own first
        # moment, when another process is creating it): made below.
        new = check_catalog_file(path)
        # A busy writer elsewhere (another ingest, the watcher) is waited for.
        self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        try:
            if new:
                os.chmod(path, 0o640)  # the catalogue holds exempt text: restricted
            elif not self._is_pindai_catalog() and _holds_documents(path):
                raise CatalogError(_damaged_message(path, "tidak berisi tabel pindai", "holds no pindai tables"))
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            # Migrations rebuild tables: foreign keys are enforced only after them
            # (a DROP TABLE would otherwise cascade into the pages).
            self.migrate()
            self.db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as e:
            self.db.close()
            err = explain_database_error(e, path, at_open=True)
            if err is None:
                raise
            raise err from e
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all of it is committed, or none of it.

        Re-entrant: inside a caller's transaction it is a savepoint, so small
        methods (``enqueue_index``, ``add_audit``...) compose into the caller's
        transaction instead of being copied as SQL (sqlite-utils ``Database.atomic``).
        """
        if self.db.in_transaction:
            self._savepoints += 1
            name = f"sp{self._savepoints}"
            self.db.execute(f"SAVEPOINT {name}")
            try:
                yield self.db
            except BaseException:
                self.db.execute(f"ROLLBACK TO {name}")
                self.db.execute(f"RELEASE {name}")
                raise
            finally:
                self._savepoints -= 1
            self.db.execute(f"RELEASE {name}")
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ------------------------------------------------------------------ small writes
    # Each composes inside a caller's ``atomic()``; callers never copy this SQL.

    def enqueue_index(self, doc_ids: list[int] | tuple[int, ...]) -> None:
        """Ask for these documents' index entries to be (re)written at the next flush."""
        now = _now()
        with self.atomic() as db:
            db.executemany("INSERT INTO index_queue (document_id, enqueued_at) VALUES (?, ?)",
                           [(int(i), now) for i in doc_ids])

    def journal_move(self, document_id: int, *, src: str, dst: str, side: str) -> None:
        """Point a document at its new PDF/A path and journal the file move.

        The file is moved after the commit (``review.finish_pending``); a crash in
        between is finished by the next run from ``pending_moves``.
        """
        with self.atomic() as db:
            db.execute("UPDATE documents SET pdfa_path=? WHERE id=?", (dst, document_id))
            db.execute("INSERT OR REPLACE INTO pending_moves (document_id, src, dst, side, created_at)"
                       " VALUES (?, ?, ?, ?, ?)", (document_id, src, dst, side, _now()))

    def add_audit(self, document_id: int, action: str, *, actor: str,
                  before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
                  reason: str = "") -> int:
        """Add one row to the audit trail of a document."""
        with self.atomic() as db:
            cur = db.execute(
                "INSERT INTO audit (document_id, action, actor, at, before, after, reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (document_id, action, actor, _now(),
                 json.dumps(before or {}, ensure_ascii=False),
                 json.dumps(after or {}, ensure_ascii=False), reason),
            )
            return int(cur.lastrowid)

    def migrate(self) -> list[str]:
        """Apply pending migrations; return their names."""
        postgres = self.dialect == "postgresql"
        with self.atomic() if postgres else _no_transaction():  # PostgreSQL: writers take turns
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
        done = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            if postgres:
                from pindai._dialect import PG_MIGRATIONS

                sql = PG_MIGRATIONS.get(name, sql)
            with self.atomic() as db:
                if db.execute("SELECT 1 FROM migrations WHERE name=?", (name,)).fetchone():
                    continue  # another process got there first
                for statement in sql.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
            applied.append(name)
            if postgres:
                self.db.refresh_schema()  # new tables' keys, for INSERT OR REPLACE and lastrowid
        return applied

    # ------------------------------------------------------------------ jobs

    def new_job(
        self, *, source: Path, work: Path, profile: str, unit: str | None = None,
        failed_dir: str | None = None,
    ) -> int:
        with self.atomic() as db:
            cur = db.execute(
                "INSERT INTO jobs (source_path, source_name, work_path, profile, unit, failed_dir,"
                " state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (str(source), source.name, str(work), profile, unit, failed_dir, JobState.claimed,
                 _now(), _now()),
            )
            return int(cur.lastrowid)

    def update_job(self, job_id: int, **fields: Any) -> None:
        fields["updated_at"] = _now()
        cols = ", ".join(f"{k}=?" for k in fields)
        with self.atomic() as db:
            db.execute(f"UPDATE jobs SET {cols} WHERE id=?", (*fields.values(), job_id))

    def job(self, job_id: int) -> Job:
        row = self.db.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        return _job(row)

    def unfinished_jobs(self) -> list[Job]:
        rows = self.db.execute(
            "SELECT * FROM jobs WHERE state IN (?, ?) ORDER BY id", tuple(RESUMABLE)
        ).fetchall()
        return [_job(r) for r in rows]

    # ------------------------------------------------------------------ documents

    def find_by_sha(self, sha256: str) -> DocumentRow | None:
        row = self.db.execute(
            "SELECT * FROM documents WHERE sha256=? ORDER BY part LIMIT 1", (sha256,)
        ).fetchone()
        return _doc(row) if row else None

    def document(self, doc_id: int) -> DocumentRow | None:
        row = self.db.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        return _doc(row) if row else None

    def page_rows(self, doc_id: int) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT * FROM pages WHERE document_id=? ORDER BY number", (doc_id,)
        ).fetchall()

    def commit_documents(
        self,
        *,
        documents: list[tuple[dict[str, Any], list[dict[str, Any]], Mapping[str, Any]]],
        job_id: int | None = None,
        replace: list[int] | None = None,
        suggested_at: str | None = None,
    ) -> list[int]:
        """Record the documents of one input (row, pages, suggestion each) and finish its job.

        The one commit of what ``ingest.process_document`` produced: ingest files
        new documents; reprocess, with ``replace``, gives existing documents the
        columns, pages and suggestion of a new OCR (the columns it passes: path,
        side and status stay). Either way their index entries are queued. All or
        nothing: one transaction, or a savepoint of the caller's.

        Args:
            job_id: the job that made them: marked done, with the first document.
            replace: the documents ``documents`` replace, in order; None: new ones.
            suggested_at: when the suggestions were made (default: now).

        Returns:
            The document ids, in order.
        """
        if replace is not None and len(replace) != len(documents):
            raise ValueError(f"{len(documents)} results for {len(replace)} documents")
        ids = []
        with self.atomic() as db:
            for n, (document, pages, suggestion) in enumerate(documents):
                if replace is None:
                    cur = db.execute(f"INSERT INTO documents ({', '.join(document)}) VALUES ({_marks(document)})",
                                     tuple(document.values()))
                    doc_id = int(cur.lastrowid)
                    self._insert_pages(doc_id, pages)
                else:
                    doc_id = replace[n]
                    db.execute(f"UPDATE documents SET {', '.join(f'{c}=?' for c in document)} WHERE id=?",
                               (*document.values(), doc_id))
                    self.replace_pages(doc_id, pages)
                ids.append(doc_id)
                self.add_suggestion(doc_id, suggestion, at=suggested_at)
            self.enqueue_index(ids)
            if job_id is not None:
                db.execute(
                    "UPDATE jobs SET state=?, document_id=?, updated_at=? WHERE id=?",
                    (JobState.done, ids[0], _now(), job_id),
                )
        return ids

    # ------------------------------------------------------------------ index-reprocess (#13, #14)
    # The index queue, documents by side, and the stage keys reprocess compares.

    def queued_index(self, limit: int) -> list[tuple[int, int]]:
        """The oldest ``limit`` index updates asked for: (queue id, document id)."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT id, document_id FROM index_queue ORDER BY id LIMIT ?", (limit,))]

    def queued_index_count(self) -> int:
        """How many index updates wait to be applied."""
        return int(self.db.execute("SELECT count(*) FROM index_queue").fetchone()[0])

    def drop_queued_index(self, queue_ids: list[int]) -> None:
        """Forget index updates that were applied."""
        with self.atomic() as db:
            db.executemany("DELETE FROM index_queue WHERE id=?", [(i,) for i in queue_ids])

    def documents_by_side(self) -> dict[str, set[int]]:
        """The ids of the documents filed on each side."""
        out: dict[str, set[int]] = {"public": set(), "exempt": set()}
        for doc_id, side in self.db.execute("SELECT id, side FROM documents"):
            out[side].add(doc_id)
        return out

    def stage_keys(self, stage: str) -> dict[int, str]:
        """The key each document's ``stage`` last ran with (``pindai.reprocess``)."""
        return {r[0]: r[1] for r in self.db.execute(
            "SELECT document_id, key FROM reprocess_keys WHERE stage=?", (stage,))}

    def set_stage_key(self, document_id: int, stage: str, key: str, detail: dict[str, Any]) -> None:
        """Record the key a document's ``stage`` ran with; composes in a caller's transaction."""
        with self.atomic() as db:
            db.execute("INSERT OR REPLACE INTO reprocess_keys (document_id, stage, key, detail, done_at)"
                       " VALUES (?, ?, ?, ?, ?)",
                       (document_id, stage, key, json.dumps(detail, default=str), _now()))


    # ------------------------------------------------------------------ review-safety (#13)

    def record_site(self, folder: str, *, include_unapproved: bool) -> None:
        """Remember a website folder ``pindai publish`` wrote."""
        with self.atomic() as db:
            db.execute("INSERT OR REPLACE INTO published_sites (folder, include_unapproved, published_at)"
                       " VALUES (?, ?, ?)", (folder, int(include_unapproved), _now()))

    def published_sites(self) -> list[tuple[str, bool]]:
        """(folder, include_unapproved) of every website pindai wrote, oldest first."""
        rows = self.db.execute("SELECT folder, include_unapproved FROM published_sites ORDER BY published_at")
        return [(r[0], bool(r[1])) for r in rows]

    def forget_site(self, folder: str) -> None:
        with self.atomic() as db:
            db.execute("DELETE FROM published_sites WHERE folder=?", (folder,))

    def journal_unpublish(self, document_id: int) -> None:
        """Journal that a document must come off the published websites (done after the commit)."""
        with self.atomic() as db:
            db.execute("INSERT OR REPLACE INTO pending_unpublish (document_id, created_at) VALUES (?, ?)",
                       (document_id, _now()))

    def pending_unpublish(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT document_id FROM pending_unpublish ORDER BY document_id")]

    def clear_unpublish(self, doc_ids: list[int]) -> None:
        with self.atomic() as db:
            db.executemany("DELETE FROM pending_unpublish WHERE document_id=?", [(i,) for i in doc_ids])

    def page_texts(self, doc_id: int) -> list[str]:
        """The stored text of each page of a document, in order."""
        return [r[0] for r in self.db.execute(
            "SELECT text FROM pages WHERE document_id=? ORDER BY number", (doc_id,))]

    def meta_dates_not_iso(self) -> list[tuple[int, str]]:
        """(document, made_on) of register dates not stored as YYYY-MM-DD (typed before dates were checked)."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT document_id, made_on FROM document_meta WHERE made_on != ''"
            " AND made_on NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'")]

    def set_meta_date(self, document_id: int, made_on: str) -> None:
        with self.atomic() as db:
            db.execute("UPDATE document_meta SET made_on=? WHERE document_id=?", (made_on, document_id))

    def awaiting_keputusan_ids(self) -> list[int]:
        """Documents whose latest decision is a DIK without the Keputusan that sets it (status usulan)."""
        return [r[0] for r in self.db.execute(
            "SELECT k.document_id FROM decisions k"
            " WHERE k.id = (SELECT max(id) FROM decisions WHERE document_id = k.document_id)"
            " AND k.register = 'DIK' AND (k.decision_ref IS NULL OR k.decision_ref = '')"
            " ORDER BY k.decided_at, k.document_id")]
    # --- cli-config (#14): opening checks and backup

    def _is_pindai_catalog(self) -> bool:
        """Whether the file holds pindai's tables (an empty SQLite file does not)."""
        row = self.db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='migrations'").fetchone()
        return row is not None

    def backup(self, dest: Path) -> None:
        """Copy the catalogue into ``dest`` while others may write (SQLite's online backup).

        The copy is consistent as of one moment, restricted (0640, it holds
        exempt text) and written beside ``dest`` first, then renamed into place.
        """
        if self.dialect != "sqlite":
            raise CatalogError("Katalog ada di PostgreSQL: cadangkan dengan pg_dump (the catalogue is on "
                               "PostgreSQL: back it up with pg_dump, see docs/postgresql.md)")
        tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        os.close(fd)
        try:
            target = sqlite3.connect(tmp)
            try:
                self.db.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                ok = target.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                target.close()
            if ok != "ok":
                raise CatalogError(f"Salinan katalog tidak utuh / the backup copy failed its check: {ok}")
            os.chmod(tmp, 0o640)
            os.replace(tmp, dest)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    # ----------------------------------------------------------------------- metadata branch (#18)

    def set_meta_confidence(self, document_id: int, confidence: dict[str, float]) -> None:
        """Replace how sure pindai is of each register field of a document (field -> 0..1)."""
        with self.atomic() as db:
            db.execute("DELETE FROM meta_confidence WHERE document_id=?", (document_id,))
            db.executemany(
                "INSERT INTO meta_confidence (document_id, field, confidence) VALUES (?, ?, ?)",
                [(document_id, f, float(c)) for f, c in sorted(confidence.items())])

    def meta_confidence(self, document_id: int) -> dict[str, float]:
        """Field -> confidence of a document's register metadata; a field an officer edited is 1.0."""
        edited = self.db.execute("SELECT edited FROM document_meta WHERE document_id=?", (document_id,)).fetchone()
        sure = {r[0]: r[1] for r in self.db.execute(
            "SELECT field, confidence FROM meta_confidence WHERE document_id=?", (document_id,))}
        for name in json.loads(edited[0]) if edited else []:
            sure[name] = 1.0
        return sure

    def unsure_metadata(self, *, below: float = 0.7, limit: int | None = None,
                        ids: list[int] | None = None) -> list[tuple[int, float, list[str]]]:
        """(document, lowest confidence, unsure fields) of documents with a field below ``below`` that no
        officer edited, the least sure first: the order the workspace shows them in. ``ids``: only these."""
        # An edited field is found in the JSON list by its quoted name: the same text runs on
        # PostgreSQL (no json_each), and field names hold no quotes.
        sql = ("SELECT c.document_id, c.field, c.confidence FROM meta_confidence c"
               " LEFT JOIN document_meta m ON m.document_id = c.document_id"
               " WHERE c.confidence < ? AND coalesce(m.edited, '') NOT LIKE '%\"' || c.field || '\"%'")
        params: list[Any] = [below]
        if ids is not None:
            sql += f" AND c.document_id IN ({_marks(ids)})"
            params += ids
        by_doc: dict[int, list[tuple[str, float]]] = {}
        for doc_id, name, sure in self.db.execute(sql + " ORDER BY c.document_id, c.field", params):
            by_doc.setdefault(doc_id, []).append((name, sure))
        # Each document's fields the least sure first.
        out = sorted(((d, min(c for _, c in fs), [f for f, _ in sorted(fs, key=lambda x: x[1])])
                      for d, fs in by_doc.items()), key=lambda r: (r[1], r[0]))
        return out[:limit] if limit is not None else out

    # --- the workspace's inbox (#16): filtered and paged in SQL, whole records only for the page shown

    def inbox_ids(self, *, tab: str = "menunggu", scope_unit: str | None = None, unit: str = "",
                  profile: str = "", register: str = "", sub: str = "", confidence: tuple[float, float] | None = None,
                  received_from: str = "", received_to: str = "", limit: int | None = None,
                  offset: int = 0) -> list[int]:
        """The documents of an inbox tab that pass a filter, in the tab's order (``limit`` of them
        from ``offset``, or all).

        ``menunggu``: no officer decided, newest received first. ``keputusan``: the latest decision is a
        DIK without the Keputusan that sets it, oldest decision first. The register and the sub-label
        (DIP type or Pasal 17 letter) are the decision's where there is one, else the suggestion's.
        ``scope_unit``: the unit a liaison's account is limited to. Dates are ISO (``received_at[:10]``).
        A page of ``menunggu`` reads the documents in the order of an index and stops when full.
        """
        sql, params = self._inbox_filtered("d.id", tab, scope_unit, unit, profile, register, sub, confidence,
                                           received_from, received_to)
        sql += (" ORDER BY d.received_at DESC, d.id DESC" if tab == "menunggu"
                else " ORDER BY k.decided_at, d.id")
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [r[0] for r in self.db.execute(sql, params)]

    def inbox_count(self, *, tab: str = "menunggu", scope_unit: str | None = None, unit: str = "",
                    profile: str = "", register: str = "", sub: str = "",
                    confidence: tuple[float, float] | None = None, received_from: str = "",
                    received_to: str = "") -> int:
        """How many documents :meth:`inbox_ids` lists for the same filter."""
        sql, params = self._inbox_filtered("count(*)", tab, scope_unit, unit, profile, register, sub, confidence,
                                           received_from, received_to)
        return int(self.db.execute(sql, params).fetchone()[0])

    def _inbox_filtered(self, columns: str, tab: str, scope_unit: str | None, unit: str, profile: str,
                        register: str, sub: str, confidence: tuple[float, float] | None, received_from: str,
                        received_to: str) -> tuple[str, list[Any]]:
        # The latest suggestion and decision are joined only when the filter asks for their labels.
        sql, params = self._inbox_sql(tab, scope_unit, columns=columns,
                                      labels=bool(register or sub or confidence))
        label = "CASE WHEN k.id IS NULL THEN s.{0} ELSE k.{0} END"
        for cond, value in ((" AND d.unit = ?", unit), (" AND d.profile = ?", profile),
                            (f" AND {label.format('register')} = ?", register),
                            (" AND substr(d.received_at, 1, 10) >= ?", received_from),
                            (" AND substr(d.received_at, 1, 10) <= ?", received_to)):
            if value:
                sql += cond
                params.append(value)
        if sub:
            sql += f" AND ({label.format('dip_type')} = ? OR {label.format('ground')} = ?)"
            params += [sub, sub]
        if confidence:
            sql += " AND s.confidence >= ? AND s.confidence < ?"
            params += list(confidence)
        return sql, params

    def change_mark(self) -> tuple[Any, ...]:
        """Changes whenever a document is filed, decided, or anything audited happens: what a
        cache of counts over documents and decisions compares (three index lookups)."""
        return tuple(self.db.execute("SELECT (SELECT max(id) FROM documents), (SELECT max(id) FROM decisions),"
                                     " (SELECT max(id) FROM audit)").fetchone())

    def inbox_facets(self, *, scope_unit: str | None = None) -> dict[str, Any]:
        """What the inbox's tabs and filter lists show: the count of each tab, and the units and
        profiles of the documents in either tab (a liaison's: their unit's only)."""
        out: dict[str, Any] = {"counts": {}, "units": set(), "profiles": set()}
        for tab in ("menunggu", "keputusan"):
            sql, params = self._inbox_sql(tab, scope_unit, columns="d.unit, d.profile, count(*)", labels=False)
            rows = self.db.execute(sql + " GROUP BY d.unit, d.profile", params).fetchall()
            out["counts"][tab] = sum(r[2] for r in rows)
            out["units"].update(r[0] for r in rows)
            out["profiles"].update(r[1] for r in rows)
        out["units"], out["profiles"] = sorted(out["units"]), sorted(out["profiles"])
        return out

    @staticmethod
    def _inbox_sql(tab: str, scope_unit: str | None, columns: str = "d.id",
                   labels: bool = True) -> tuple[str, list[Any]]:
        """The documents of a tab; with ``labels``, joined to their latest suggestion (``s``) and
        decision (``k``, none in ``menunggu``)."""
        if tab == "menunggu":
            sql = f"SELECT {columns} FROM documents d"
            if labels:  # no decision in this tab: k stands for none (the labels are the suggestion's)
                sql += (" LEFT JOIN suggestions s ON s.id = (SELECT max(id) FROM suggestions WHERE document_id = d.id)"
                        " LEFT JOIN decisions k ON 0 = 1")
            sql += " WHERE NOT EXISTS (SELECT 1 FROM decisions WHERE document_id = d.id)"
        elif tab == "keputusan":
            sql = (f"SELECT {columns} FROM documents d"
                   " JOIN decisions k ON k.id = (SELECT max(id) FROM decisions WHERE document_id = d.id)")
            if labels:
                sql += " LEFT JOIN suggestions s ON s.id = (SELECT max(id) FROM suggestions WHERE document_id = d.id)"
            sql += " WHERE k.register = 'DIK' AND (k.decision_ref IS NULL OR k.decision_ref = '')"
        else:
            raise ValueError(f"no inbox tab {tab!r}")
        params: list[Any] = []
        if scope_unit:
            sql += " AND d.unit = ?"
            params.append(scope_unit)
        return sql, params

    # ------------------------------------------------------------------ intake (branch intake, #14 #15)

    def job_row(self, job_id: int) -> sqlite3.Row:
        """Every column of one job (attempts, claim size and time, quarantine path...)."""
        return self.db.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()

    def failed_jobs(self) -> list[sqlite3.Row]:
        """Failed jobs not yet retried by a newer one, oldest first (the nightly retry's list)."""
        return self.db.execute(
            "SELECT * FROM jobs WHERE state=? AND superseded_by IS NULL ORDER BY id", (JobState.failed,)
        ).fetchall()

    # ------------------------------------------------------------------ web workspace (branch web, #16)

    def web_user(self, name: str) -> sqlite3.Row | None:
        """The account ``name`` of the web workspace, or None."""
        return self.db.execute("SELECT * FROM web_users WHERE name=?", (name,)).fetchone()

    def web_users(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM web_users ORDER BY name").fetchall()

    def add_web_user(self, name: str, *, role: str, unit: str, password_hash: str) -> None:
        now = _now()
        with self.atomic() as db:
            db.execute("INSERT INTO web_users (name, role, unit, password_hash, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)", (name, role, unit, password_hash, now, now))

    def update_web_user(self, name: str, **fields: Any) -> bool:
        """Set ``password_hash``, ``disabled``, ``role`` or ``unit``; False when there is no such account."""
        allowed = {"password_hash", "disabled", "role", "unit"}
        if set(fields) - allowed:
            raise ValueError(f"unknown account fields: {sorted(set(fields) - allowed)}")
        fields["updated_at"] = _now()
        cols = ", ".join(f"{k}=?" for k in fields)
        with self.atomic() as db:
            cur = db.execute(f"UPDATE web_users SET {cols} WHERE name=?", (*fields.values(), name))
            return cur.rowcount > 0

    def add_login_failure(self, keys: list[str], at: str) -> None:
        with self.atomic() as db:
            db.executemany("INSERT INTO web_login_failures (key, at) VALUES (?, ?)", [(k, at) for k in keys])

    def login_failures(self, key: str, since: str) -> list[str]:
        """Times of the failed logins of ``key`` at or after ``since`` (ISO), oldest first."""
        return [r[0] for r in self.db.execute(
            "SELECT at FROM web_login_failures WHERE key=? AND at>=? ORDER BY at", (key, since))]

    def clear_login_failures(self, key: str, *, before: str | None = None) -> None:
        """Forget the failures of ``key`` (all, or those before ``before``)."""
        with self.atomic() as db:
            if before is None:
                db.execute("DELETE FROM web_login_failures WHERE key=?", (key,))
            else:
                db.execute("DELETE FROM web_login_failures WHERE key=? AND at<?", (key, before))

    def web_original_path(self, doc_id: int) -> str | None:
        """The stored original of a document, relative to the home."""
        row = self.db.execute("SELECT original_path FROM documents WHERE id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def web_profile_activity(self) -> dict[str, dict[str, Any]]:
        """Per device profile: the last finished job's time and the counts of jobs by state."""
        out: dict[str, dict[str, Any]] = {}
        for r in self.db.execute(
            "SELECT profile, state, count(*) AS n, max(updated_at) AS last FROM jobs"
            " WHERE superseded_by IS NULL GROUP BY profile, state"
        ):
            p = out.setdefault(r["profile"], {"last_done": None, "states": {}})
            p["states"][r["state"]] = r["n"]
            if r["state"] in (JobState.done, JobState.duplicate) and (p["last_done"] or "") < r["last"]:
                p["last_done"] = r["last"]
        return out

    # ------------------------------------------------------------------ web2 (#16): saved filters

    def web_saved_filters(self, user: str, page: str) -> list[sqlite3.Row]:
        """A user's saved filters of one workspace page, by name."""
        return self.db.execute("SELECT * FROM web_saved_filters WHERE owner=? AND page=? ORDER BY name",
                               (user, page)).fetchall()

    def save_web_filter(self, user: str, page: str, name: str, query: str, *, at: str) -> None:
        """Save (or replace, by name) one of a user's filters."""
        with self.atomic() as db:
            db.execute("INSERT INTO web_saved_filters (owner, page, name, query, created_at) VALUES (?, ?, ?, ?, ?)"
                       " ON CONFLICT (owner, page, name) DO UPDATE SET query=excluded.query,"
                       " created_at=excluded.created_at", (user, page, name, query, at))

    def delete_web_filter(self, user: str, filter_id: int) -> bool:
        """Delete one of the user's own saved filters; False when it is not theirs or gone."""
        with self.atomic() as db:
            return db.execute("DELETE FROM web_saved_filters WHERE id=? AND owner=?",
                              (filter_id, user)).rowcount > 0

    # ------------------------------------------------------------------ redact (#17)
    # Boxes to burn into a redacted copy, and the copies (pindai/redact.py).

    def add_redactions(self, document_id: int, rows: list[dict[str, Any]]) -> list[int]:
        """Store boxes of a document; return their ids."""
        ids = []
        with self.atomic() as db:
            for r in rows:
                cols = ", ".join(r)
                cur = db.execute(
                    f"INSERT INTO redactions (document_id, {cols}) VALUES (?, {', '.join('?' for _ in r)})",
                    (document_id, *r.values()),
                )
                ids.append(int(cur.lastrowid))
        return ids

    def delete_proposed_redactions(self, document_id: int) -> int:
        """Drop the system's proposals no officer has acted on."""
        with self.atomic() as db:
            cur = db.execute("DELETE FROM redactions WHERE document_id=? AND status='usulan'"
                             " AND origin='sistem'", (document_id,))
            return cur.rowcount

    def redaction_rows(self, document_id: int, *, status: str | None = None) -> list[sqlite3.Row]:
        sql = "SELECT * FROM redactions WHERE document_id=?"
        params: tuple[Any, ...] = (document_id,)
        if status is not None:
            sql += " AND status=?"
            params += (status,)
        return self.db.execute(sql + " ORDER BY page, y0, x0, id", params).fetchall()

    def set_redaction_status(self, document_id: int, ids: list[int], status: str, *, actor: str,
                             at: str) -> int:
        with self.atomic() as db:
            n = 0
            for i in ids:
                n += db.execute("UPDATE redactions SET status=?, decided_by=?, decided_at=?"
                                " WHERE id=? AND document_id=?", (status, actor, at, i, document_id)).rowcount
            return n

    def add_redacted_copy(self, *, source_id: int, document: dict[str, Any], pages: list[dict[str, Any]],
                          suggestion: dict[str, Any], boxes: int, actor: str) -> int:
        """Record a redacted copy as a document of its own, linked to its source; return its id.

        It is filed unverified; :meth:`set_copy_verified` records the check.
        """
        with self.atomic() as db:
            cur = db.execute(
                f"INSERT INTO documents ({', '.join(document)}) VALUES ({', '.join('?' for _ in document)})",
                tuple(document.values()),
            )
            doc_id = int(cur.lastrowid)
            self._insert_pages(doc_id, pages)
            self.add_suggestion(doc_id, suggestion)
            db.execute("INSERT INTO redacted_copies (copy_id, source_id, boxes, created_by, created_at)"
                       " VALUES (?, ?, ?, ?, ?)", (doc_id, source_id, boxes, actor, _now()))
            self.enqueue_index([doc_id])
        return doc_id

    def set_copy_verified(self, copy_id: int, *, verified: bool, sha256: str | None,
                          findings: list[dict[str, Any]]) -> None:
        with self.atomic() as db:
            db.execute("UPDATE redacted_copies SET verified=?, verified_sha256=?, findings=?, checked_at=?"
                       " WHERE copy_id=?", (int(verified), sha256 if verified else None,
                                            json.dumps(findings, ensure_ascii=False), _now(), copy_id))

    def redacted_copy(self, copy_id: int) -> sqlite3.Row | None:
        """The link row of a redacted copy, with the copy's current PDF/A checksum and path."""
        return self.db.execute(
            "SELECT c.*, d.pdfa_sha256, d.pdfa_path, d.side FROM redacted_copies c"
            " JOIN documents d ON d.id = c.copy_id WHERE c.copy_id=?", (copy_id,)).fetchone()

    def document_fields(self, doc_id: int) -> sqlite3.Row | None:
        """Every column of a document's row (unit, profile, official...)."""
        return self.db.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()

    def latest_suggestion(self, doc_id: int) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM suggestions WHERE document_id=? ORDER BY id DESC LIMIT 1",
                               (doc_id,)).fetchone()

    def redacted_copies_of(self, source_id: int) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT c.*, d.pdfa_sha256, d.pdfa_path, d.side FROM redacted_copies c"
            " JOIN documents d ON d.id = c.copy_id WHERE c.source_id=? ORDER BY c.copy_id",
            (source_id,)).fetchall()

    # ------------------------------------------------------------------ sql (#15)
    # What review, reprocess, index, integrity, nightly and the report read and
    # write. Writes compose inside a caller's ``atomic()`` like the ones above.

    # documents

    def document_rows(self, *, sha256: str | None = None) -> list[sqlite3.Row]:
        """Every document by id; with ``sha256``, the documents made from that original, by part."""
        if sha256 is not None:
            return self.db.execute("SELECT * FROM documents WHERE sha256=? ORDER BY part", (sha256,)).fetchall()
        return self.db.execute("SELECT * FROM documents ORDER BY id").fetchall()

    def document_ids(self, *, ids: list[int] | None = None, since: str | None = None) -> list[int]:
        """Document ids in order: those of ``ids`` that exist, those received on or after the ISO
        date ``since``, or all."""
        if ids:
            return sorted({r[0] for r in self.db.execute(
                f"SELECT id FROM documents WHERE id IN ({_marks(ids)})", tuple(ids))})
        if since:
            return [r[0] for r in self.db.execute(
                "SELECT id FROM documents WHERE substr(received_at, 1, 10) >= ? ORDER BY id", (since,))]
        return [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY id")]

    def originals_of(self, doc_ids: list[int]) -> list[str]:
        """The checksums of the originals these documents were made from, sorted, each once."""
        if not doc_ids:
            return []
        return sorted({r[0] for r in self.db.execute(
            f"SELECT sha256 FROM documents WHERE id IN ({_marks(doc_ids)})", tuple(doc_ids))})

    def set_side(self, doc_id: int, side: str, *, status: str | None = None) -> None:
        """File a document on ``side`` (and give it ``status``); the file move is ``journal_move``."""
        with self.atomic() as db:
            if status is None:
                db.execute("UPDATE documents SET side=? WHERE id=?", (side, doc_id))
            else:
                db.execute("UPDATE documents SET status=?, side=? WHERE id=?", (status, side, doc_id))

    def set_pdfa(self, doc_id: int, *, sha256: str, valid: bool, verdict: str, pages: int,
                 source_pages: str, input_kind: str) -> None:
        """Describe a document's new PDF/A (reprocessing); its path stays."""
        with self.atomic() as db:
            db.execute("UPDATE documents SET pdfa_sha256=?, pdfa_valid=?, pdfa_verdict=?, pages=?,"
                       " source_pages=?, input_kind=? WHERE id=?",
                       (sha256, int(valid), verdict, pages, source_pages, input_kind, doc_id))

    def replace_pages(self, doc_id: int, pages: list[dict[str, Any]]) -> None:
        """Replace a document's pages (rows as :func:`page_row` makes them)."""
        with self.atomic() as db:
            db.execute("DELETE FROM pages WHERE document_id=?", (doc_id,))
            self._insert_pages(doc_id, pages)

    def _insert_pages(self, doc_id: int, pages: list[dict[str, Any]]) -> None:
        self.db.executemany(
            "INSERT INTO pages (document_id, number, text, confidence, rescan, born_digital,"
            " quarter_turns, deskew_angle, perspective, order_unsure) VALUES"
            " (:document_id, :number, :text, :confidence, :rescan, :born_digital,"
            " :quarter_turns, :deskew_angle, :perspective, :order_unsure)",
            [{"order_unsure": 0, **p, "document_id": doc_id} for p in pages],
        )

    # suggestions, decisions

    def add_suggestion(self, doc_id: int, suggestion: Mapping[str, Any], *, at: str | None = None) -> int:
        """Keep a suggestion (``classify.Suggestion.as_dict()``); the latest one is the document's."""
        with self.atomic() as db:
            cur = db.execute(
                "INSERT INTO suggestions (document_id, register, dip_type, ground, confidence,"
                " held, evidence, model_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, suggestion["register"], suggestion["dip_type"], suggestion["ground"],
                 suggestion["confidence"], int(suggestion["held"]),
                 json.dumps(suggestion["evidence"], ensure_ascii=False),
                 suggestion["model_version"], at or _now()),
            )
            return int(cur.lastrowid)

    def latest_decision(self, doc_id: int) -> sqlite3.Row | None:
        return self.db.execute(
            "SELECT * FROM decisions WHERE document_id=? ORDER BY id DESC LIMIT 1", (doc_id,)).fetchone()

    def labels(self, doc_id: int) -> dict[str, str | None]:
        """register, dip_type and ground of a document: the officer's latest decision, else the
        latest suggestion (all None without either)."""
        row = self.latest_decision(doc_id) or self.latest_suggestion(doc_id)
        return {k: row[k] if row else None for k in ("register", "dip_type", "ground")}

    def record_decision(
        self, document_id: int, *, register: str, decided_by: str, dip_type: str | None = None,
        ground: str | None = None, status: str | None = None, reason: str = "",
        decision_ref: str | None = None, period_end: str | None = None, period_condition: str | None = None,
        consequence: str | None = None, public_interest: str | None = None, legal_basis: str | None = None,
        redaction: str | None = None, next_review: str | None = None,
        before: dict[str, Any] | None = None, after: dict[str, Any] | None = None, at: str | None = None,
    ) -> int:
        """Keep an officer's decision on a document: its labels, the DIK columns, who, when, why,
        and the entry before and after (``review`` builds on this)."""
        values = {"register": register, "dip_type": dip_type, "ground": ground, "decision_ref": decision_ref,
                  "period_end": period_end, "period_condition": period_condition, "consequence": consequence,
                  "public_interest": public_interest, "legal_basis": legal_basis, "redaction": redaction,
                  "next_review": next_review, "status": status, "decided_by": decided_by,
                  "decided_at": at or _now(), "reason": reason,
                  "before": json.dumps(before or {}, ensure_ascii=False),
                  "after": json.dumps(after or {}, ensure_ascii=False)}
        with self.atomic() as db:
            cur = db.execute(f"INSERT INTO decisions (document_id, {', '.join(values)})"
                             f" VALUES (?, {_marks(values)})", (document_id, *values.values()))
            return int(cur.lastrowid)

    def first_decided_at(self) -> dict[int, str]:
        """When each decided document was first decided."""
        return dict(self.db.execute("SELECT document_id, min(decided_at) FROM decisions GROUP BY document_id"))

    def newest_decision_id(self) -> int:
        """The id of the latest decision (0: none yet)."""
        return int(self.db.execute("SELECT coalesce(max(id), 0) FROM decisions").fetchone()[0])

    def confirmed_decisions(self) -> list[tuple[str, str, str | None, str | None]]:
        """(text, register, dip_type, ground) of every decided document, latest decision each."""
        rows = self.db.execute(
            "SELECT d.document_id, d.register, d.dip_type, d.ground FROM decisions d"
            " WHERE d.id = (SELECT max(id) FROM decisions WHERE document_id = d.document_id)"
            " ORDER BY d.document_id"
        ).fetchall()
        return [("\f".join(self.page_texts(doc_id)), register, dip_type, ground)
                for doc_id, register, dip_type, ground in rows]

    # register metadata, the review records, the audit trail

    def meta_row(self, doc_id: int) -> sqlite3.Row | None:
        """A document's register metadata, or None before it was extracted."""
        return self.db.execute("SELECT * FROM document_meta WHERE document_id=?", (doc_id,)).fetchone()

    def ids_without_meta(self, *, exact: bool = True, among: list[int] | None = None) -> list[int]:
        """Documents whose register fields were never read (of ``among``, when given). Not
        ``exact``: those filed after the last one read (an index lookup; documents are read in
        the order they are filed)."""
        if among is not None:
            return [r[0] for r in self.db.execute(
                f"SELECT id FROM documents d WHERE id IN ({_marks(among)})"
                " AND NOT EXISTS (SELECT 1 FROM document_meta m WHERE m.document_id = d.id)", among)] if among else []
        if not exact:
            return [r[0] for r in self.db.execute(
                "SELECT id FROM documents WHERE id > (SELECT coalesce(max(document_id), 0) FROM document_meta)")]
        return [r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM document_meta)")]

    def set_meta(self, doc_id: int, fields: Mapping[str, str], *, edited: list[str],
                 at: str | None = None) -> None:
        """Write register metadata fields (those of :data:`META_COLUMNS`) and the list of fields an
        officer edited; a document without metadata gets it, the other fields at their defaults."""
        unknown = set(fields) - set(META_COLUMNS)
        if unknown:
            raise ValueError(f"not register metadata: {sorted(unknown)}")
        cols = [*fields, "edited", "updated_at"]
        values = (*fields.values(), json.dumps(edited), at or _now())
        with self.atomic() as db:
            db.execute(f"INSERT INTO document_meta (document_id, {', '.join(cols)}) VALUES (?, {_marks(cols)})"
                       f" ON CONFLICT (document_id) DO UPDATE SET {', '.join(f'{c}=excluded.{c}' for c in cols)}",
                       (doc_id, *values))

    def record_rows(self, *, ids: list[int] | None = None, undecided: bool = False,
                    order: str = "id") -> list[sqlite3.Row]:
        """Documents as review and the registers read them: the document, its latest suggestion
        (``s_*``), its latest decision (``k_*`` and the DIK columns), its metadata and the pages
        to scan again (``rescan``).

        Args:
            ids: only these documents.
            undecided: only documents no officer has decided.
            order: "id", or "newest" (latest received first).
        """
        where = []
        params: tuple[Any, ...] = ()
        if ids is not None:
            where.append(f"d.id IN ({_marks(ids)})")
            params = tuple(ids)
        if undecided:
            where.append("NOT EXISTS (SELECT 1 FROM decisions WHERE document_id = d.id)")
        sql = _RECORD_SQL + (f" WHERE {' AND '.join(where)}" if where else "") + f" ORDER BY {_RECORD_ORDERS[order]}"
        return self.db.execute(sql, params).fetchall()

    def audit_trail(self, doc_id: int) -> list[dict[str, Any]]:
        """A document's audit rows, oldest first, ``before`` and ``after`` as dicts."""
        rows = self.db.execute("SELECT * FROM audit WHERE document_id=? ORDER BY id", (doc_id,))
        return [{**dict(r), "before": json.loads(r["before"]), "after": json.loads(r["after"])} for r in rows]

    # journals: archive moves (review) and PDF/A swaps (reprocess)

    def pending_moves(self) -> list[sqlite3.Row]:
        """Journalled archive moves not yet done (``journal_move``), by document."""
        return self.db.execute("SELECT * FROM pending_moves ORDER BY document_id").fetchall()

    def finish_move(self, doc_id: int) -> None:
        """Forget a journalled move: its file is where the catalogue says."""
        with self.atomic() as db:
            db.execute("DELETE FROM pending_moves WHERE document_id=?", (doc_id,))

    def journal_swap(self, doc_id: int, *, tmp: str, dst: str) -> None:
        """Journal that the new PDF/A ``tmp`` replaces ``dst`` once the caller's transaction commits."""
        with self.atomic() as db:
            db.execute("INSERT OR REPLACE INTO pending_swaps (document_id, tmp, dst, created_at)"
                       " VALUES (?, ?, ?, ?)", (doc_id, tmp, dst, _now()))

    def pending_swaps(self) -> list[sqlite3.Row]:
        """Journalled PDF/A swaps not yet done, by document."""
        return self.db.execute("SELECT * FROM pending_swaps ORDER BY document_id").fetchall()

    def finish_swap(self, doc_id: int) -> None:
        """Forget a journalled swap: the new PDF/A is in place."""
        with self.atomic() as db:
            db.execute("DELETE FROM pending_swaps WHERE document_id=?", (doc_id,))

    # jobs and the nightly batch

    def job_checksums(self, states: tuple[str, ...] | list[str]) -> set[str]:
        """The checksums of the inputs of jobs in ``states`` (those known so far)."""
        return {r[0] for r in self.db.execute(
            f"SELECT sha256 FROM jobs WHERE sha256 IS NOT NULL AND state IN ({_marks(states)})", tuple(states))}

    def job_outcomes(self, states: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
        """(state, error_code, created_at) of every job in ``states``, for the activity report."""
        return [dict(r) for r in self.db.execute(
            f"SELECT state, error_code, created_at FROM jobs WHERE state IN ({_marks(states)})", tuple(states))]

    def nightly_value(self, name: str) -> str | None:
        """A value the nightly batch kept (e.g. ``trained_upto_decision``), or None."""
        row = self.db.execute("SELECT value FROM nightly_state WHERE name=?", (name,)).fetchone()
        return row[0] if row else None

    def set_nightly_value(self, name: str, value: str) -> None:
        with self.atomic() as db:
            db.execute("INSERT OR REPLACE INTO nightly_state (name, value) VALUES (?, ?)", (name, value))

    # ------------------------------------------------------------------ pipeline (#15)

    def job_state_in(self, folder: Path) -> str | None:
        """The state of the latest job whose work copy is in ``folder`` (None: no such job)."""
        row = self.db.execute("SELECT state FROM jobs WHERE work_path LIKE ? ORDER BY id DESC LIMIT 1",
                              (f"{folder}/%",)).fetchone()
        return row["state"] if row else None

    def latest_job_from(self, source_path: str) -> sqlite3.Row | None:
        """The latest job that took the input at ``source_path`` (as the catalogue escapes it)."""
        return self.db.execute("SELECT * FROM jobs WHERE source_path=? ORDER BY id DESC LIMIT 1",
                               (source_path,)).fetchone()

    # ------------------------------------------------------------------ celery (#19)
    # Job leases: which worker runs a job, so a task delivered twice runs it once.

    def take_job_lease(self, job_id: int, holder: str, *, until: str, expected: str | None) -> bool:
        """Hold an unfinished job for ``holder`` until ``until`` (ISO, UTC), if it is still held by
        ``expected`` (None: by nobody); False when another took it meanwhile or it has ended."""
        with self.atomic() as db:
            cur = db.execute(
                "UPDATE jobs SET lease_holder=?, lease_until=?, updated_at=? WHERE id=? AND state IN (?, ?)"
                " AND COALESCE(lease_holder, '')=?",
                (holder, until, _now(), job_id, *RESUMABLE, expected or ""))
            return cur.rowcount == 1

    def release_job_lease(self, job_id: int, holder: str) -> None:
        """Let go of a job ``holder`` held (it ended, or the worker gave it back)."""
        with self.atomic() as db:
            db.execute("UPDATE jobs SET lease_holder=NULL, lease_until=NULL WHERE id=? AND lease_holder=?",
                       (job_id, holder))

    def jobs_by_id(self, job_ids: list[int] | tuple[int, ...] | set[int]) -> dict[int, sqlite3.Row]:
        """Every column of these jobs, by id (the watcher learns the outcome of the jobs it sent)."""
        ids = [int(i) for i in job_ids]
        out: dict[int, sqlite3.Row] = {}
        for n in range(0, len(ids), 500):
            chunk = ids[n:n + 500]
            for row in self.db.execute(f"SELECT * FROM jobs WHERE id IN ({_marks(chunk)})", tuple(chunk)):
                out[int(row["id"])] = row
        return out

    def unfinished_job_leases(self) -> list[tuple[int, str | None, str | None]]:
        """(id, lease holder, lease end) of every unfinished job, oldest first (the cluster's queue)."""
        return [(int(r[0]), r[1], r[2]) for r in self.db.execute(
            "SELECT id, lease_holder, lease_until FROM jobs WHERE state IN (?, ?) ORDER BY id", tuple(RESUMABLE))]
    # --- search on PostgreSQL (#19, branch pgsearch)
    # The full text of each side in a schema of its own (``search_public``, ``search_exempt``),
    # in the catalogue's database; the role :data:`PG_SEARCH_PUBLIC_ROLE` may read the public
    # one only. The rows are made by ``pindai.pgsearch`` (pindai's own analysis); reading them
    # is :class:`PgSearchReader`'s.

    def pg_search_prepare(self) -> None:
        """Make the search schemas, tables, indexes and the public role, if missing (idempotent).

        Raises:
            CatalogError: the catalogue's login may not create the public role (a DBA must, once).
        """
        if getattr(self, "_pg_search_ready", False):
            return
        role = PG_SEARCH_PUBLIC_ROLE
        with self.atomic() as db:
            # levenshtein_less_equal(): a trusted extension, the database's owner may add it.
            db.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")
            for side in PG_SEARCH_SIDES:
                db.execute(f"CREATE SCHEMA IF NOT EXISTS search_{side}")
                db.execute(f"""CREATE TABLE IF NOT EXISTS search_{side}.docs (
                    doc_id BIGINT PRIMARY KEY, title TEXT NOT NULL, content TEXT NOT NULL,
                    register TEXT NOT NULL, dip_type TEXT NOT NULL, ground TEXT NOT NULL,
                    status TEXT NOT NULL, unit TEXT NOT NULL, profile TEXT NOT NULL, number TEXT NOT NULL,
                    year INTEGER NOT NULL, doc_date TIMESTAMP, received TIMESTAMP NOT NULL,
                    pages INTEGER NOT NULL, path TEXT NOT NULL,
                    stems TSVECTOR NOT NULL, words TSVECTOR NOT NULL, long_text BOOLEAN NOT NULL,
                    title_stems TSVECTOR NOT NULL, title_len INTEGER NOT NULL, content_len INTEGER NOT NULL,
                    words_len INTEGER NOT NULL)""")
                # What BM25F needs of the whole side: entries, and their title and content lengths.
                db.execute(f"CREATE TABLE IF NOT EXISTS search_{side}.stats (one INTEGER PRIMARY KEY CHECK (one = 1),"
                           " docs BIGINT NOT NULL, title_len BIGINT NOT NULL, content_len BIGINT NOT NULL,"
                           f" words_len BIGINT NOT NULL, min_content_len BIGINT NOT NULL,"
                           f" layout INTEGER NOT NULL DEFAULT {PG_SEARCH_LAYOUT})")
                # Tables written before layouts were numbered are layout 1: a rebuild is asked for.
                db.execute(f"ALTER TABLE search_{side}.stats ADD COLUMN IF NOT EXISTS layout INTEGER NOT NULL"
                           " DEFAULT 1")
                db.execute(f"INSERT INTO search_{side}.stats VALUES (1, 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING")
                # How many entries hold each lexeme of ``stems`` (a root; "root#t": in the title;
                # "root#N": N times or more in the content): exact totals and idf without a count.
                db.execute(f"CREATE TABLE IF NOT EXISTS search_{side}.df (lexeme TEXT PRIMARY KEY, n BIGINT NOT NULL)")
                db.execute(f"CREATE INDEX IF NOT EXISTS docs_title ON search_{side}.docs USING gin (title_stems)")
                db.execute(f"CREATE INDEX IF NOT EXISTS docs_stems ON search_{side}.docs USING gin (stems)")
                db.execute(f"CREATE INDEX IF NOT EXISTS docs_words ON search_{side}.docs USING gin (words)")
                db.execute(f"CREATE INDEX IF NOT EXISTS docs_date ON search_{side}.docs"
                           " ((coalesce(doc_date, received)))")
                # The side's words (unstemmed), for fuzzy words and "did you mean": only words some
                # entry of the side holds (see pg_search_write).
                db.execute(f"CREATE TABLE IF NOT EXISTS search_{side}.vocab (word TEXT PRIMARY KEY)")
                db.execute(f"CREATE INDEX IF NOT EXISTS vocab_prefix ON search_{side}.vocab (word text_pattern_ops)")
            # Nobody but the catalogue's owner enters the exempt schema.
            db.execute("REVOKE ALL ON SCHEMA search_exempt FROM PUBLIC")
            db.execute("REVOKE ALL ON search_exempt.docs FROM PUBLIC")
            db.execute("REVOKE ALL ON search_exempt.vocab, search_exempt.stats, search_exempt.df FROM PUBLIC")
            # A word's frequency in an entry, from ts_rank: with every weight 1 and no normalisation,
            # the rank of one word is sum(1/j^2, j = 1..tf) / (pi^2/6), whose inverse is
            # tf = 1 / (pi^2/6 - that sum) - 1/2, rounded (exact up to the 256 positions kept).
            db.execute("""CREATE OR REPLACE FUNCTION search_public.tf(v tsvector, q tsquery) RETURNS float8
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT round(1.0 / greatest(1.6449340668482264
                - 1.6449340668 * ts_rank('{1,1,1,1}', v, q, 0), 1e-9) - 0.5) $$""")
            # Whoosh's scoring.bm25 without the idf (B and K1 its defaults).
            db.execute(f"""CREATE OR REPLACE FUNCTION search_public.bm25(tf float8, fl float8, avgfl float8)
                RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT tf * {_BM25_K1 + 1}
                / (tf + {_BM25_K1} * ({1 - _BM25_B} + {_BM25_B} * fl / greatest(avgfl, 1e-9))) $$""")
            exists = db.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)).fetchone()
            if not exists:
                try:
                    with self.atomic():
                        db.execute(f"CREATE ROLE {role} NOLOGIN")
                except Exception as e:  # noqa: BLE001 - psycopg's InsufficientPrivilege, re-worded
                    raise CatalogError(
                        f"Peran basis data {role} belum ada dan login katalog tidak boleh membuatnya. Admin "
                        f"basis data: jalankan sekali 'CREATE ROLE {role} NOLOGIN; GRANT {role} TO <login "
                        f"katalog>;' lalu coba lagi (the role {role} is missing and the catalogue's login may "
                        f"not create it; a DBA must create it once): {type(e).__name__}") from e
            member = db.execute("SELECT pg_has_role(current_user, ?, 'MEMBER')", (role,)).fetchone()[0]
            if not member:
                db.execute(f"GRANT {role} TO current_user")
            db.execute(f"GRANT USAGE ON SCHEMA search_public TO {role}")
            db.execute(f"GRANT SELECT ON search_public.docs, search_public.vocab, search_public.stats, search_public.df"
                       f" TO {role}")
        self._pg_search_ready = True

    def pg_search_write(self, rows: dict[str, list[tuple[Any, ...]]], *, replace: list[int],
                        words: dict[str, set[str]] | None = None) -> None:
        """Remove the entries of ``replace`` from both sides, then add ``rows`` (per side, in
        :data:`PG_SEARCH_COLUMNS` order, tsvectors as text) with COPY, and their ``words`` to the
        side's vocabulary; one transaction. Words only removed entries held leave the vocabulary."""
        self.pg_search_prepare()
        with self.atomic():
            raw = self.db._conn
            lengths = [PG_SEARCH_COLUMNS.index(c) for c in ("title_len", "content_len", "words_len")]
            for side in PG_SEARCH_SIDES:
                gone = self._pg_search_delete(side, replace)
                if rows.get(side):
                    # The shortest content ever written: never more than the shortest there (a bound).
                    raw.execute(f"UPDATE search_{side}.stats SET docs = docs + %s, title_len = title_len + %s,"
                                " content_len = content_len + %s, words_len = words_len + %s, min_content_len ="
                                " CASE WHEN docs = 0 THEN %s ELSE least(min_content_len, %s) END",
                                (len(rows[side]), *(sum(r[i] for r in rows[side]) for i in lengths),
                                 *[min(r[lengths[1]] for r in rows[side])] * 2))
                    with raw.cursor() as cur, cur.copy(
                            f"COPY search_{side}.docs ({', '.join(PG_SEARCH_COLUMNS)}) FROM STDIN") as copy:
                        for row in rows[side]:
                            copy.write_row(row)
                    self._pg_search_count(side, [r[0] for r in rows[side]], +1)
                if words and words.get(side):
                    raw.execute(f"INSERT INTO search_{side}.vocab SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                                (sorted(words[side]),))
                self._pg_search_forget_words(side, gone)

    def _pg_search_delete(self, side: str, doc_ids: list[int]) -> list[str]:
        """Delete these entries of ``side``; the words they held."""
        if not doc_ids:
            return []
        raw = self.db._conn
        raw.execute(f"UPDATE search_{side}.stats s SET docs = s.docs - d.n, title_len = s.title_len - d.t,"
                    f" content_len = s.content_len - d.c, words_len = s.words_len - d.w FROM (SELECT count(*) AS n,"
                    f" coalesce(sum(title_len), 0) AS t, coalesce(sum(content_len), 0) AS c,"
                    f" coalesce(sum(words_len), 0) AS w FROM search_{side}.docs WHERE doc_id = ANY(%s)) d",
                    (list(doc_ids),))
        held = raw.execute(f"SELECT DISTINCT unnest(tsvector_to_array(words)) FROM search_{side}.docs"
                           " WHERE doc_id = ANY(%s)", (list(doc_ids),)).fetchall()
        self._pg_search_count(side, list(doc_ids), -1)
        raw.execute(f"DELETE FROM search_{side}.docs WHERE doc_id = ANY(%s)", (list(doc_ids),))
        return [r[0] for r in held]

    def _pg_search_count(self, side: str, doc_ids: list[int], sign: int) -> None:
        """Add (``sign`` +1) or take off (-1) these entries' lexemes of ``stems`` in ``side``'s ``df``."""
        raw = self.db._conn
        raw.execute(f"INSERT INTO search_{side}.df SELECT lexeme, %s * count(*) FROM search_{side}.docs,"
                    f" unnest(tsvector_to_array(stems)) AS lexeme WHERE doc_id = ANY(%s) GROUP BY lexeme"
                    f" ON CONFLICT (lexeme) DO UPDATE SET n = search_{side}.df.n + excluded.n", (sign, doc_ids))
        if sign < 0:
            raw.execute(f"DELETE FROM search_{side}.df WHERE n <= 0")

    def _pg_search_forget_words(self, side: str, words: list[str]) -> None:
        """Drop from ``side``'s vocabulary the ``words`` no entry of it holds any more: the public
        role must not read a word of a document that left the public side."""
        if words:
            self.db._conn.execute(
                f"DELETE FROM search_{side}.vocab v WHERE v.word = ANY(%s) AND NOT EXISTS (SELECT 1 FROM"
                f" search_{side}.docs d WHERE d.words @@ quote_literal(v.word)::tsquery)", (words,))

    def pg_search_withdraw(self, doc_ids: list[int]) -> None:
        """Take these documents off the public side's search now (#13): the row, text and all."""
        self.pg_search_prepare()
        with self.atomic():
            self._pg_search_forget_words("public", self._pg_search_delete("public", list(doc_ids)))

    def pg_search_clear(self) -> None:
        """Empty both sides' search tables (a rebuild)."""
        self.pg_search_prepare()
        with self.atomic() as db:
            for side in PG_SEARCH_SIDES:
                db.execute(f"TRUNCATE search_{side}.docs, search_{side}.vocab, search_{side}.df")
                db.execute(f"UPDATE search_{side}.stats SET docs = 0, title_len = 0, content_len = 0, words_len = 0,"
                           f" min_content_len = 0, layout = {PG_SEARCH_LAYOUT}")

    def pg_search_ids(self) -> dict[str, list[int]]:
        """The doc_id of every entry of each side (``pindai index check``)."""
        self.pg_search_prepare()
        return {side: [r[0] for r in self.db.execute(f"SELECT doc_id FROM search_{side}.docs ORDER BY doc_id")]
                for side in PG_SEARCH_SIDES}


@contextmanager
def _no_transaction() -> Iterator[None]:
    yield


def _marks(values: Any) -> str:
    """``?, ?, ?``: one placeholder for each of ``values``."""
    return ", ".join("?" * len(values))


#: The register metadata columns (``document_meta``) an officer may edit.
META_COLUMNS = ("title", "number", "place", "made_on", "issuer", "holder", "summary", "form", "kind",
                "retention", "description")

#: A document with its latest suggestion (``s_*``) and decision (``k_*``), metadata and pages to rescan.
_RECORD_SQL = """
SELECT d.*, s.register AS s_register, s.dip_type AS s_dip_type, s.ground AS s_ground,
       s.confidence AS s_confidence, s.held AS s_held, s.evidence AS s_evidence,
       k.id AS k_id, k.register AS k_register, k.dip_type AS k_dip_type, k.ground AS k_ground,
       k.decision_ref, k.period_end, k.period_condition, k.consequence, k.public_interest,
       k.legal_basis, k.redaction, k.next_review, k.decided_by, k.decided_at,
       m.title, m.number, m.place, m.made_on, m.issuer, m.holder, m.summary, m.form, m.kind,
       m.retention, m.description, m.edited, m.updated_at AS m_updated,
       (SELECT group_concat(number) FROM pages p WHERE p.document_id = d.id AND p.rescan != 0) AS rescan,
       (SELECT group_concat(number) FROM pages p WHERE p.document_id = d.id AND p.order_unsure != 0) AS order_unsure
FROM documents d
LEFT JOIN suggestions s ON s.id = (SELECT max(id) FROM suggestions WHERE document_id = d.id)
LEFT JOIN decisions k ON k.id = (SELECT max(id) FROM decisions WHERE document_id = d.id)
LEFT JOIN document_meta m ON m.document_id = d.id
"""
_RECORD_ORDERS = {"id": "d.id", "newest": "d.received_at DESC, d.id DESC"}


def page_row(p: Any) -> dict[str, Any]:
    """A page (``ocr.PageResult``) as the ``pages`` table holds it."""
    return {"number": p.number, "text": p.text, "confidence": p.confidence, "rescan": int(p.rescan),
            "born_digital": int(p.born_digital), "quarter_turns": p.quarter_turns,
            "deskew_angle": p.deskew_angle, "perspective": int(p.perspective),
            "order_unsure": int(p.order_unsure)}


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"],
        source_path=row["source_path"],
        source_name=row["source_name"],
        work_path=row["work_path"],
        profile=row["profile"],
        state=JobState(row["state"]),
        sha256=row["sha256"],
        document_id=row["document_id"],
        unit=row["unit"],
        failed_dir=row["failed_dir"],
    )


def _doc(row: sqlite3.Row) -> DocumentRow:
    return DocumentRow(
        id=row["id"],
        sha256=row["sha256"],
        source_name=row["source_name"],
        pdfa_path=row["pdfa_path"],
        side=row["side"],
        status=row["status"],
        pages=row["pages"],
    )


# --------------------------------------------------------------------------- cli-config (#14): opening checks, backup

#: The first bytes of every SQLite database file.
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _holds_documents(path: Path) -> bool:
    """Whether the home around the catalogue ``path`` has stored an original (so held documents)."""
    originals = path.parent / "originals"
    try:
        return any(p.is_file() for p in originals.rglob("*"))
    except OSError:
        return False


def restore_advice(path: Path) -> str:
    """How to get a catalogue back: from a backup, or by filing the originals again."""
    home = path.parent
    return (
        "Pulihkan / restore: (1) dari cadangan / from a backup (pindai backup): "
        f"install -m 0640 CADANGAN/catalog.sqlite3 {path} lalu / then pindai check --home {home}; "
        "(2) tanpa cadangan / without a backup: buat rumah baru dari berkas asli / rebuild from the "
        f"originals: pindai init --home BARU && pindai ingest --copy --home BARU {home}/originals/*/* "
        "(keputusan petugas harus diulang / officers' decisions must be made again). "
        "Jangan jalankan check --repair atau nightly sebelum pulih (do not repair before restoring)."
    )


def _damaged_message(path: Path, what_id: str, what_en: str, *, untouched: bool = True) -> str:
    if untouched:
        stop_id, stop_en = "perintah dihentikan, tidak ada berkas yang diubah", "stopped, no file was changed"
    else:  # found while the command was at work
        stop_id, stop_en = "perintah dihentikan di tengah jalan", "the command stopped where it found it"
    return f"Katalog {path} {what_id}; {stop_id}. (the catalogue {what_en}; {stop_en}.) {restore_advice(path)}"


def check_catalog_file(path: Path) -> bool:
    """Look at the catalogue file before SQLite opens (and would write) it.

    Returns:
        True when it must be made: missing or empty in a home without documents.

    Raises:
        CatalogError: missing or empty beside stored originals; not a SQLite file; cut short.
        PermissionError: the user may not read it.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        if _holds_documents(path):
            raise CatalogError(_damaged_message(path, "hilang padahal arsip berisi dokumen",
                                                "is missing although the archive holds documents")) from None
        return True
    if size == 0:
        if _holds_documents(path):
            raise CatalogError(_damaged_message(path, "kosong (0 byte)", "is empty (0 bytes)"))
        return True
    with path.open("rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise CatalogError(_damaged_message(path, "bukan basis data SQLite (rusak)",
                                            "is not a SQLite database (damaged)"))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header holds when the change counter matches the
    # version it was written at; a WAL not yet copied back may extend the file.
    wal = path.with_name(path.name + "-wal")
    try:
        # One look, not exists() then stat(): the last connection to close deletes the WAL in between.
        wal_pending = wal.stat().st_size > 0
    except FileNotFoundError:
        wal_pending = False
    if pages and header[24:28] == header[92:96] and not wal_pending and size < pages * page_size:
        raise CatalogError(_damaged_message(
            path, f"terpotong ({size} dari {pages * page_size} byte)",
            f"is cut short ({size} of {pages * page_size} bytes)"))
    return False


def explain_database_error(e: sqlite3.DatabaseError, path: Path | None = None, *,
                           at_open: bool = False) -> PindaiError | None:
    """A damaged or unreadable catalogue, as an error people can act on.

    Args:
        at_open: found while opening it, before anything was done.

    Returns:
        None for other errors (a bug: the caller shows its traceback).
    """
    text = str(e).lower()
    if "unable to open database file" in text or "readonly database" in text:
        return AccessError(f"Tidak punya akses / no access: katalog {path or 'catalog.sqlite3'} tidak dapat "
                           "dibuka akun ini. Minta admin TI menambahkan akun Anda ke grup petugas PPID "
                           "(the catalogue cannot be opened by this account; ask the IT admin to add you "
                           "to the PPID officers' group)")
    damaged = ("malformed", "not a database", "disk image", "file is encrypted", "no such table")
    if not any(d in text for d in damaged):
        return None
    where = path or Path("catalog.sqlite3")
    return CatalogError(_damaged_message(where, f"rusak ({e})", f"is damaged ({e})", untouched=at_open))


# --------------------------------------------------------------------------- postgres (#19): migrate-catalog


@dataclass(frozen=True)
class TableCheck:
    """What ``migrate-catalog`` compares, per table, between the two catalogues."""

    table: str
    #: How many rows it holds.
    rows: int
    #: SHA-256 over the sorted hashes of its rows (column values by column name): the same
    #: rows give the same checksum whatever the order or the database.
    checksum: str


def _tables(cat: Catalog) -> list[str]:
    """The catalogue's tables (but the migrations' own): ``documents`` first, the rest refer to it."""
    names = {r[0] for r in cat.db.execute("SELECT name FROM sqlite_master WHERE type='table'"
                                          " AND name NOT LIKE 'sqlite_%' AND name != 'migrations'")}
    return sorted(names, key=lambda n: (n != "documents", n))


def _columns(cat: Catalog, table: str) -> list[str]:
    return sorted(r[0] for r in cat.db.execute(f"SELECT * FROM {table} LIMIT 0").description) \
        if cat.dialect == "sqlite" else sorted(r["column_name"] for r in cat.db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = ?", (table,)))


def table_check(cat: Catalog, table: str, columns: list[str]) -> TableCheck:
    """Count and checksum one table's rows (see :class:`TableCheck`)."""
    import hashlib

    digests = []
    for row in cat.db.execute(f"SELECT {', '.join(columns)} FROM {table}"):
        values = [int(v) if isinstance(v, bool) else v for v in row]
        digests.append(hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).digest())
    digests.sort()
    return TableCheck(table, len(digests), hashlib.sha256(b"".join(digests)).hexdigest())


def copy_catalog(source: Path, url: str, *, batch: int = 1000) -> list[TableCheck]:
    """Copy the SQLite catalogue ``source`` into the empty PostgreSQL catalogue at ``url``.

    One transaction: every table's rows with their ids, then the identity counters
    moved past them; each table's count and checksum are compared before the commit,
    so a copy that differs is not kept.

    Raises:
        CatalogError: the target already holds rows, or a table differs after the copy.
    """
    with Catalog(source) as src, Catalog(url) as dst:
        if src.dialect != "sqlite" or dst.dialect != "postgresql":
            raise CatalogError("migrate-catalog menyalin SQLite ke PostgreSQL (copies SQLite into PostgreSQL)")
        tables = _tables(src)
        checks = []
        src.db.execute("BEGIN")  # one snapshot of the source (WAL: writers elsewhere are not stopped)
        with dst.atomic():
            for table in tables:
                if dst.db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                    raise CatalogError(
                        f"Katalog PostgreSQL tujuan sudah berisi data (tabel {table}); gunakan basis data kosong "
                        f"(the target PostgreSQL catalogue already holds rows: use an empty database)")
            for table in tables:
                columns = _columns(src, table)
                missing = set(columns) - set(_columns(dst, table))
                if missing:
                    raise CatalogError(f"Tabel {table}: kolom {sorted(missing)} tidak ada di PostgreSQL "
                                       f"(columns missing in the target)")
                insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({_marks(columns)})"
                rows = src.db.execute(f"SELECT {', '.join(columns)} FROM {table}")
                while chunk := rows.fetchmany(batch):
                    dst.db.executemany(insert, [tuple(r) for r in chunk])
                if "id" in columns:
                    dst.db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                                   f" coalesce(max(id), 0) + 1, false) FROM {table}")
                want, got = table_check(src, table, columns), table_check(dst, table, columns)
                if want != got:
                    raise CatalogError(
                        f"Salinan tabel {table} berbeda ({got.rows} dari {want.rows} baris); tidak ada yang "
                        f"disimpan (the copy of {table} differs; nothing was kept)")
                checks.append(want)
        src.db.execute("ROLLBACK")
        return checks


# --------------------------------------------------------------------------- search on PostgreSQL (#19, branch pgsearch)

#: The columns a condition of :class:`PgSearchReader` may name (a query's leaves become these only).
_PG_FILTER_COLUMNS = frozenset({"unit", "register", "dip_type", "ground", "status", "profile", "number", "year"})
#: BM25F's parameters, Whoosh's defaults (``scoring.BM25F``): B, K1, and the title's field_boost.
_BM25_B, _BM25_K1, _TITLE_BOOST = 0.75, 1.2, 2.0
#: Above this many matches, the hits are looked for band by band (``PgSearchReader._top_by_bands``).
_PG_TIER_FROM = 500
#: The first last score is looked for in bands of at most this many entries first.
_PG_SEED_MOST = 4000
#: A phrase counted on a sample is ranked among the entries of this many bands (and its sample's matches).
_PG_SAMPLE_BANDS = 6
#: A band's entries are asked for up to a title length below this (longer titles: any).
_PG_TITLE_LONGEST = 16
#: A phrase is checked in every candidate up to this many; past it, in a sample of this size.
_PG_PHRASE_CHECK = 1000
_PG_PHRASE_SAMPLE = 300


def _pg_condition(cond: tuple[Any, ...], params: list[Any]) -> str:
    """SQL of a search condition tree (``pindai.pgsearch`` makes it); values go to ``params``.

    ``("stems"|"words", tsquery)``, ``("phrase", tsquery, and_tsquery, regex)``,
    ``("field", column, value)``, ``("range", column, low, high)``, ``("and"|"or", [...])``,
    ``("not", c)``, ``("all",)``, ``("none",)``.
    """
    kind = cond[0]
    if kind in ("stems", "words"):
        params.append(cond[1])
        return f"{kind} @@ %s::tsquery"
    if kind == "phrase":
        # Positions stop at 16,383 and 256 per word: in a longer text the words in a row are
        # also looked for in the text itself (long_text marks it).
        params.extend([cond[1], cond[2], cond[3]])
        return "(words @@ %s::tsquery OR (long_text AND words @@ %s::tsquery AND lower(content) ~ %s))"
    if kind == "field":
        if cond[1] not in _PG_FILTER_COLUMNS:
            raise ValueError(cond[1])
        params.append(cond[2])
        return f"{cond[1]} = %s"
    if kind == "range":
        if cond[1] not in _PG_FILTER_COLUMNS:
            raise ValueError(cond[1])
        params.extend([cond[2], cond[3]])
        return f"{cond[1]} BETWEEN %s AND %s"
    if kind in ("and", "or"):
        if not cond[1]:
            return "TRUE" if kind == "and" else "FALSE"
        return "(" + f" {kind.upper()} ".join(_pg_condition(c, params) for c in cond[1]) + ")"
    if kind == "not":
        return f"NOT {_pg_condition(cond[1], params)}"
    if kind == "all":
        return "TRUE"
    if kind == "none":
        return "FALSE"
    raise ValueError(kind)


class PgSearchReader:
    """A read-only connection to one side's search table.

    ``url`` is the login to use; with ``role``, each search runs in a read-only
    transaction under that role (``SET LOCAL ROLE``), so the database, not this
    program, refuses it anything but the public side.
    """

    def __init__(self, url: str, side: str, *, role: str | None = None) -> None:
        import psycopg

        if side not in PG_SEARCH_SIDES:
            raise ValueError(side)
        self.side, self.role = side, role
        self._conn = psycopg.connect(url, autocommit=True)

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        """A read-only transaction under the reader's role; None when nothing was written yet (the
        role or the tables are made by the first write)."""
        with self._conn.transaction():
            self._conn.execute("SET TRANSACTION READ ONLY")
            if self.role:
                if not self._conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (self.role,)).fetchone():
                    yield None
                    return
                self._conn.execute(f"SET LOCAL ROLE {self.role}")
            if self._conn.execute("SELECT to_regclass(%s)", (f"search_{self.side}.stats",)).fetchone()[0] is None:
                yield None
                return
            yield self._conn

    def similar_words(self, word: str, *, maxdist: int, prefix: int) -> list[tuple[str, int]]:
        """Words of the side at most ``maxdist`` edits from ``word``, sharing its first ``prefix``
        letters: (word, edits), nearest first."""
        head = word[:prefix].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self._reading() as conn:
            if conn is None:
                return []
            return [(r[0], r[1]) for r in conn.execute(
                f"SELECT word, d FROM (SELECT word, levenshtein_less_equal(word, %s, %s) AS d"
                f" FROM search_{self.side}.vocab WHERE word LIKE %s AND length(word) BETWEEN %s AND %s) w"
                f" WHERE d <= %s ORDER BY d, word",
                (word, maxdist, head + "%", len(word) - maxdist, len(word) + maxdist, maxdist))]

    def documents_with_word(self, word: str) -> int:
        """How many entries of the side hold the unstemmed ``word``."""
        with self._reading() as conn:
            if conn is None:
                return 0
            return int(conn.execute(f"SELECT count(*) FROM search_{self.side}.docs WHERE words @@"
                                    f" quote_literal(%s)::tsquery", (word,)).fetchone()[0])

    def outdated(self) -> int | None:
        """The layout the side's tables were written with, when it is not :data:`PG_SEARCH_LAYOUT`
        (they must be rebuilt); None when it is, or nothing was written yet."""
        with self._reading() as conn:
            if conn is None:
                return None
            found = conn.execute(f"SELECT layout FROM search_{self.side}.stats").fetchone()[0]
            return None if found == PG_SEARCH_LAYOUT else int(found)

    def _df(self, conn: Any, lexemes: list[str]) -> dict[str, int]:
        """How many entries hold each of these lexemes of ``stems`` (0 for none)."""
        found = dict(conn.execute(f"SELECT lexeme, n FROM search_{self.side}.df WHERE lexeme = ANY(%s)",
                                  (lexemes,)).fetchall())
        return {w: int(found.get(w, 0)) for w in lexemes}

    def _scoring(self, conn: Any, terms: list[tuple[str, str]]) -> _Scoring:
        """Whoosh's BM25F of ``terms``: ("stem", root), scored in the title and the content, or
        ("exact", word), in the unstemmed words.

        Whoosh's idf is log(N / (df + 1)) + 1 per field; df of a root is the side's ``df`` table's
        (of "root" and "root#t"), of an unstemmed word counted.
        """
        n, title_len, content_len, words_len, shortest = conn.execute(
            f"SELECT docs, title_len, content_len, words_len, min_content_len FROM search_{self.side}.stats"
        ).fetchone()
        stems = [w for kind, w in terms if kind == "stem"]
        df = self._df(conn, [x for w in stems for x in (w, w + "#t")])
        sc = _Scoring(docs=max(n, 1), avg_title=title_len / max(n, 1), avg_content=content_len / max(n, 1),
                      shortest=max(shortest, 0))
        for kind, word in terms:
            if kind == "exact":
                count = conn.execute(f"SELECT count(*) FROM search_{self.side}.docs WHERE words @@"
                                     f" quote_literal(%s)::tsquery", (word,)).fetchone()[0]
                sc.exact.append((word, sc.idf(count), words_len / max(n, 1)))
            else:
                sc.stems.append((word, sc.idf(df[word + "#t"]), sc.idf(df[word])))
        return sc

    def search(self, cond: tuple[Any, ...], *, rank: list[tuple[str, str]], wanted: int, by_date: bool,
               excluded: list[int]) -> tuple[int, bool, list[dict[str, Any]]]:
        """(how many entries match, whether that number is exact, the first ``wanted`` of them with
        their fields and ``score``).

        ``rank``: the query's words (see :meth:`_scoring`), scored by BM25F as Whoosh does;
        ``excluded``: ids neither shown nor counted.

        Scoring reads each candidate's tsvector: a word in every document would read them all
        (1.5 s at 200,000). So past :data:`_PG_TIER_FROM` matches the hits are looked for band by
        band (:meth:`_top_by_bands`): only the entries that could still score among the first are
        scored. A query of one root and nothing else is counted from the ``df`` table. A phrase
        held by more candidates than :data:`_PG_PHRASE_CHECK` (documents with its words) is counted
        on a sample of them, as Whoosh does, and said to be an estimate.
        """
        params: list[Any] = []
        where = _pg_condition(cond, params)
        if excluded:
            where += " AND NOT (doc_id = ANY(%s))"
            params.append(list(excluded))
        table = f"search_{self.side}.docs"
        with self._reading() as conn:
            if conn is None:
                return 0, True, []  # nothing written yet
            # The index, not a scan that reads every tsvector (the planner sees a small table), and
            # bitmaps big enough to stay exact (no recheck of each row's tsvector). No JIT: turning
            # off scans makes every plan look costly, and compiling it took longer than running it.
            conn.execute("SET LOCAL enable_seqscan = off")
            conn.execute("SET LOCAL work_mem = '64MB'")
            conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            conn.execute("SET LOCAL jit = off")
            exact = True
            total = None
            sample: tuple[str, list[Any]] | None = None
            candidates = 0
            relaxed = _pg_relaxed(cond)
            lone = _pg_lone_root(cond)
            if lone is not None and not excluded:
                total = self._df(conn, [lone])[lone]
            elif relaxed is not None:
                roots = [w for kind, w in rank if kind == "stem"]
                if not excluded and roots and _pg_conjunction(relaxed):
                    # Every match holds every root: the candidates are the entries of the rarest
                    # (their number is in df; the words' entries are not counted past
                    # _PG_PHRASE_CHECK: at most that many are, and checked, as before).
                    held_by = self._df(conn, roots)
                    frame = min(roots, key=lambda w: held_by[w])
                    candidates, fwhere, fparams = held_by[frame], "stems @@ %s::tsquery", [_tsquote(frame)]
                    if candidates > _PG_PHRASE_CHECK:  # fewer with its words as written? then exact
                        rparams: list[Any] = []
                        rwhere = _pg_condition(relaxed, rparams)
                        few = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {rwhere}"
                                           f" LIMIT {_PG_PHRASE_CHECK + 1}) s", rparams).fetchone()[0]
                        candidates = min(candidates, few) if few <= _PG_PHRASE_CHECK else candidates
                else:
                    fparams = []
                    fwhere = _pg_condition(relaxed, fparams)
                    if excluded:
                        fwhere += " AND NOT (doc_id = ANY(%s))"
                        fparams.append(list(excluded))
                    candidates = conn.execute(f"SELECT count(*) FROM {table} WHERE {fwhere}", fparams).fetchone()[0]
                if candidates > _PG_PHRASE_CHECK:
                    sample = (f"SELECT * FROM {table} WHERE {fwhere} LIMIT {_PG_PHRASE_SAMPLE}", fparams)
                    held, seen = conn.execute(
                        f"SELECT count(*) FILTER (WHERE {where}), count(*) FROM ({sample[0]}) s",
                        [*params, *fparams]).fetchone()
                    total, exact = round(candidates * held / max(seen, 1)), False
            if total is None:
                total = conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]
            select = ("SELECT doc_id, title, content, register, dip_type, ground, status, unit, path, doc_date,"
                      f" received, {{score}} AS score FROM {table} WHERE {{where}} ORDER BY {{order}} LIMIT %s")
            if not total and not exact:
                return 0, exact, []  # none in the sample: nothing to show (looking would read every candidate)
            if by_date or not rank or not total:
                cur = conn.execute(select.format(
                    score="0.0", where=where,
                    order="coalesce(doc_date, received) DESC, doc_id" if by_date else "doc_id"),
                    [*params, wanted])
                return int(total), exact, _rows(cur)
            sc = self._scoring(conn, rank)
            score, score_params = sc.sql()
            # A phrase counted exactly has few candidates (_PG_PHRASE_CHECK): all are scored.
            # (A phrase counted on a sample: past _PG_TIER_FROM candidates, each a phrase to check.)
            if (total > _PG_TIER_FROM or (not exact and candidates > _PG_TIER_FROM)) and not sc.exact and (
                    relaxed is None or not exact):
                top = self._top_by_bands(conn, sc, where, params, wanted, sample=sample)
                cur = conn.execute(select.format(score=f"({score})", where="doc_id = ANY(%s)",
                                                 order="score DESC, doc_id"),
                                   [*score_params, [d for d, _ in top], wanted])
                return int(total), exact, _rows(cur)
            cur = conn.execute(select.format(score=score, where=where, order="score DESC, doc_id"),
                               [*score_params, *params, wanted])
            return int(total), exact, _rows(cur)

    def _top_by_bands(self, conn: Any, sc: _Scoring, where: str, params: list[Any],
                      wanted: int, *, sample: tuple[str, list[Any]] | None = None) -> list[tuple[int, float]]:
        """The first ``wanted`` (doc_id, score) of the entries matching ``where``, best first, the
        same as scoring every match, scoring only those that could be among them.

        Each root's matches fall in bands by its frequency in the content (the "root#N" lexemes of
        :data:`PG_SEARCH_TIERS`: 64 or more, 32 or more, ..., once or more) and by whether it is in
        the title once ("root#t"), twice or more ("root#t2") or not. An entry of a band scores at
        most: its title part (exact, from the small ``title_stems`` kept in the row) plus the
        band's highest content frequency at the entry's own length, plus the most the other roots
        can add; that bound is read from the row without the large ``stems``, and turned into
        the longest title and content an entry may have to reach a score (the length indexes
        leave the others unread). Bands are visited from the highest bound down; in each, only
        the entries whose bound reaches the current last hit's score are scored; bands whose
        highest bound is below it are not visited.

        With a ``sample`` (a phrase of many candidates, counted on a sample of them: its SQL and
        parameters): the best of the entries of the highest bounds in the first bands and of the
        sample's matches, as Whoosh, likewise, checks only its first candidates.
        """
        table = f"search_{self.side}.docs"
        score, score_params = sc.sql()
        title, title_params = sc.title_sql()
        multi = len(sc.stems) > 1
        k1 = _BM25_K1 + 1
        groups: list[_Band] = []
        for r, (root, title_idf, content_idf) in enumerate(sc.stems):
            others = sum(sc.stems[i][2] * k1 for i in range(len(sc.stems)) if i != r)
            others_hi = others + sum(sc.stems[i][1] * k1 for i in range(len(sc.stems)) if i != r)
            uppers = [None, *(tier - 1 for tier in PG_SEARCH_TIERS)]
            lexemes = [f"{root}#{tier}" for tier in PG_SEARCH_TIERS] + [root]
            for lexeme, upper in zip(lexemes, uppers, strict=True):
                if upper is None:
                    content, content_params = "%s", [content_idf * k1]
                    content_hi = content_idf * k1
                else:
                    content, content_params = "%s * search_public.bm25(%s, content_len, %s)", [
                        content_idf, upper, sc.avg_content]
                    content_hi = content_idf * _bm25(upper, sc.shortest, sc.avg_content)
                # The few entries with the root twice or more in the title: one band of their own.
                for kind in ("t1", "none") if upper is not None else ("t1", "none", "t2 all"):
                    q = {"t1": f"{_tsquote(lexeme)} & {_tsquote(root + '#t')} & !{_tsquote(root + '#t2')}",
                         "t2 all": _tsquote(root + "#t2"),
                         "none": f"{_tsquote(lexeme)} & !{_tsquote(root + '#t')}"}[kind]
                    title_hi = {"t1": title_idf * _bm25(2, 1, sc.avg_title), "t2 all": title_idf * k1,
                                "none": 0.0}[kind]
                    with_title = kind != "none" or multi
                    groups.append(_Band(
                        highest=title_hi + content_hi + (others_hi if multi else 0.0), query=q,
                        lexemes={"t2 all": [root + "#t2"], "t1": [lexeme, root + "#t"]}.get(kind, [lexeme]),
                        bound=f"({title} + {content} + %s)" if with_title else f"({content} + %s)",
                        params=[*(title_params if with_title else []), *content_params, others],
                        title=(title_idf, title_hi) if kind == "t1" else None,
                        content=(content_idf, upper, content_hi), rest=others_hi if multi else 0.0))
        groups.sort(key=lambda g: -g.highest)
        held_by = self._df(conn, list({lx for g in groups for lx in g.lexemes}))
        best: dict[int, float] = {}

        def last() -> float:
            if len(best) < wanted:
                return float("-inf")
            return sorted(best.values(), reverse=True)[wanted - 1]

        # A first last score: in the bands of the highest bounds, the entries of the highest
        # bounds, scored, until the page is full.
        # (A band of many entries is left out first: sorting them by bound reads them all.)
        small = [g for g in groups if min(held_by[lx] for lx in g.lexemes) <= _PG_SEED_MOST]
        for g in (small[:_PG_SAMPLE_BANDS] if sample is not None else small + groups):
            if len(best) >= wanted:
                break
            for doc_id, s in conn.execute(
                    f"SELECT doc_id, {score} AS score FROM (SELECT * FROM {table} WHERE stems @@ %s::tsquery"
                    f" ORDER BY {g.bound} DESC LIMIT {max(4 * wanted, 50)}) s WHERE {where}",
                    [*score_params, g.query, *g.params, *params]).fetchall():
                best[doc_id] = s
        if sample is not None:
            best.update(conn.execute(f"SELECT doc_id, {score} AS score FROM ({sample[0]}) s WHERE {where}",
                                     [*score_params, *sample[1], *params]).fetchall())
            return sorted(best.items(), key=lambda x: (-x[1], x[0]))[:wanted]
        for g in groups:
            floor = last()
            if g.highest * (1 + 1e-9) < floor:
                break  # nothing in this band or below can rank
            query = g.query
            if floor > float("-inf"):
                # The lengths an entry needs to reach the last score: asked of the index, rows
                # too long are not read. (A long content limit would read more of the index than
                # it saves of the rows.)
                longest = g.title_len(floor, sc)
                if longest is not None and longest < _PG_TITLE_LONGEST:
                    if longest < 1:
                        continue  # no title that short holds the root
                    query = f"({query}) & ({' | '.join(_tsquote(f'#tl{n}') for n in range(int(longest) + 1))})"
                longest = g.content_len(floor, sc)
                if longest is not None and longest < sc.avg_content:
                    if longest < 0:
                        continue
                    classes = range(pg_length_class(int(longest)) + 1)
                    query = f"({query}) & ({' | '.join(_tsquote(f'#cl{n}') for n in classes)})"
            rows = conn.execute(
                f"SELECT doc_id, {score} AS score FROM {table} WHERE stems @@ %s::tsquery AND CASE WHEN"
                f" {g.bound} * (1 + 1e-9) >= %s THEN ({where}) ELSE false END ORDER BY score DESC, doc_id LIMIT %s",
                [*score_params, query, *g.params, floor if floor > float("-inf") else -1e300, *params,
                 wanted]).fetchall()
            for doc_id, s in rows:
                best[doc_id] = s
        if len(best) < wanted:  # every band visited: the rest hold none of the roots (score 0)
            best.update((doc_id, 0.0) for (doc_id,) in conn.execute(
                f"SELECT doc_id FROM {table} WHERE ({where}) AND NOT (doc_id = ANY(%s)) ORDER BY doc_id LIMIT %s",
                [*params, list(best), wanted - len(best)]))
        return sorted(best.items(), key=lambda x: (-x[1], x[0]))[:wanted]


@dataclass
class _Band:
    """Entries of one root's band (``PgSearchReader._top_by_bands``)."""

    #: The most an entry of the band can score.
    highest: float
    #: The band as a tsquery on ``stems``.
    query: str
    #: Lexemes every entry of the band holds.
    lexemes: list[str]
    #: SQL of an entry's bound, and its parameters.
    bound: str
    params: list[Any]
    #: (title idf, title part at the shortest title) when the root is in the title once.
    title: tuple[float, float] | None
    #: (content idf, the band's highest frequency (None: any), the content part at the shortest content).
    content: tuple[float, int | None, float]
    #: The most the other roots add.
    rest: float

    def title_len(self, floor: float, sc: _Scoring) -> float | None:
        """The longest title an entry may have to score ``floor`` (None: any)."""
        if self.title is None:
            return None
        idf, _ = self.title
        return _longest(2 * 1.0, (floor - self.content[2] - self.rest) / idf, sc.avg_title)

    def content_len(self, floor: float, sc: _Scoring) -> float | None:
        """The longest content an entry may have to score ``floor`` (None: any)."""
        idf, upper, _ = self.content
        if upper is None:
            return None
        title_hi = self.title[1] if self.title else (self.highest - self.content[2] - self.rest)
        return _longest(float(upper), (floor - title_hi - self.rest) / idf, sc.avg_content)


def _longest(tf: float, least: float, avg: float) -> float | None:
    """The longest field in which ``tf`` gives a bm25 (no idf) of ``least`` or more: None when any
    length does, -1 when none does."""
    if least <= 0:
        return None
    top = tf * (_BM25_K1 + 1) / (tf + _BM25_K1 * (1 - _BM25_B))
    if least > top * (1 + 1e-9):
        return -1.0
    length = avg * ((tf * (_BM25_K1 + 1) / least - tf) / _BM25_K1 - (1 - _BM25_B)) / _BM25_B
    return length * (1 + 1e-6) + 1e-6


def _bm25(tf: float, length: float, avg: float) -> float:
    """Whoosh's bm25 without the idf, as ``search_public.bm25`` computes it."""
    return tf * (_BM25_K1 + 1) / (tf + _BM25_K1 * ((1 - _BM25_B) + _BM25_B * length / max(avg, 1e-9)))


@dataclass
class _Scoring:
    """What BM25F needs of a side for a query's words (``PgSearchReader._scoring``)."""

    docs: int
    avg_title: float
    avg_content: float
    #: The shortest content ever written to the side (a bound: never longer than the shortest there).
    shortest: float
    #: (root, title idf, content idf) of each root scored in the title and the content.
    stems: list[tuple[str, float, float]] = field(default_factory=list)
    #: (word, idf, average length) of each unstemmed word scored.
    exact: list[tuple[str, float, float]] = field(default_factory=list)

    def idf(self, df: float) -> float:
        import math

        return math.log(self.docs / (df + 1)) + 1

    def sql(self) -> tuple[str, list[Any]]:
        """SQL of the score of an entry, and its parameters."""
        parts, params = [], []
        for word, idf, avg in self.exact:
            parts.append("%s * search_public.bm25(search_public.tf(words, quote_literal(%s)::tsquery),"
                         " words_len, %s)")
            params += [idf, word, avg]
        for root, title_idf, content_idf in self.stems:
            title_tf = "search_public.tf(title_stems, quote_literal(%s)::tsquery)"
            all_tf = "search_public.tf(stems, quote_literal(%s)::tsquery)"
            # The content's occurrences, those of the letterhead and signature block ("root#f") weighing
            # PG_SEARCH_FRAME_WEIGHT, as Whoosh's (#18).
            parts.append(f"%s * search_public.bm25({_TITLE_BOOST} * {title_tf}, title_len, %s)"
                         f" + %s * search_public.bm25({all_tf} - {title_tf} - {1 - PG_SEARCH_FRAME_WEIGHT}"
                         f" * {all_tf}, content_len, %s)")
            params += [title_idf, root, self.avg_title, content_idf, root, root, root + "#f", self.avg_content]
        return " + ".join(parts) or "0.0", params

    def title_sql(self) -> tuple[str, list[Any]]:
        """SQL of the title part of the score (the roots' parts in the title only), and its parameters."""
        parts, params = [], []
        for root, title_idf, _ in self.stems:
            parts.append(f"%s * search_public.bm25({_TITLE_BOOST} * search_public.tf(title_stems,"
                         " quote_literal(%s)::tsquery), title_len, %s)")
            params += [title_idf, root, self.avg_title]
        return "(" + " + ".join(parts) + ")", params

    def title_max(self) -> float:
        """The most the title part can be: each root's title bm25 as its frequency grows without end."""
        return sum(idf * (_BM25_K1 + 1) for _, idf, _ in self.stems)

    def content_max(self, i: int) -> float:
        """The most root ``i``'s content part can be."""
        return self.stems[i][2] * (_BM25_K1 + 1)


def _rows(cur: Any) -> list[dict[str, Any]]:
    names = [d.name for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _tsquote(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _pg_lone_root(cond: tuple[Any, ...]) -> str | None:
    """The root of a condition that is one root in ``stems`` and nothing else (its total is in
    ``df``), or None."""
    if cond[0] != "stems":
        return None
    m = re.fullmatch(r"\(?('(?:[^'\\]|'')*')\)?(?: \| \(?\1\)?)*", cond[1])
    if m is None:
        return None
    return m.group(1)[1:-1].replace("''", "'")


def _pg_conjunction(cond: tuple[Any, ...]) -> bool:
    """Whether ``cond`` holds only when each of its leaves does (no OR, no NOT)."""
    if cond[0] == "and":
        return all(_pg_conjunction(c) for c in cond[1])
    return cond[0] in ("stems", "words", "phrase", "field", "range", "all") and not (
        cond[0] in ("stems", "words") and "|" in cond[1])


def _pg_relaxed(cond: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """``cond`` with each phrase as its words anywhere (a superset: no phrase is under NOT), or
    None when it has no phrase or one is negated."""
    found = False

    def walk(c: tuple[Any, ...], negated: bool) -> tuple[Any, ...] | None:
        nonlocal found
        if c[0] == "phrase":
            found = True
            return None if negated else ("words", c[2])
        if c[0] in ("and", "or"):
            parts = [walk(x, negated) for x in c[1]]
            return None if any(p is None for p in parts) else (c[0], parts)
        if c[0] == "not":
            inner = walk(c[1], True)
            return None if inner is None else ("not", inner)
        return c

    out = walk(cond, False)
    return out if found else None
