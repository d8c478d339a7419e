"""The catalogue on its own: transactions that nest, the small writes callers compose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pgserver import needs_postgres, pg_server  # noqa: F401  (the session's PostgreSQL)

from pindai.catalog import Catalog


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def fresh_db(request, tmp_path):
    """An empty catalogue: SQLite (the default) and PostgreSQL (``[catalog] url``, #19)."""
    if request.param == "sqlite":
        location = tmp_path / "catalog.sqlite3"
    else:
        location = request.getfixturevalue("pg_server").new_database()
    with Catalog(location) as cat:
        yield cat


def _queue(cat: Catalog) -> list[int]:
    return [r[0] for r in cat.db.execute("SELECT document_id FROM index_queue ORDER BY id")]


def test_atomic_nests_inside_a_callers_transaction(fresh_db):
    with fresh_db.atomic():
        fresh_db.enqueue_index([1])
        with fresh_db.atomic():
            fresh_db.enqueue_index([2])
    assert _queue(fresh_db) == [1, 2]
    assert not fresh_db.db.in_transaction


def test_a_failing_inner_step_rolls_back_only_itself(fresh_db):
    with fresh_db.atomic():
        fresh_db.enqueue_index([1])
        with pytest.raises(RuntimeError):
            with fresh_db.atomic():
                fresh_db.enqueue_index([2])
                raise RuntimeError("inner")
        fresh_db.enqueue_index([3])
    assert _queue(fresh_db) == [1, 3]


def test_a_failing_outer_transaction_keeps_nothing_of_its_helpers(fresh_db):
    with pytest.raises(RuntimeError):
        with fresh_db.atomic():
            fresh_db.enqueue_index([1])
            fresh_db.add_audit(1, "accept", actor="petugas", before={}, after={"register": "DIP"})
            raise RuntimeError("outer")
    assert _queue(fresh_db) == []
    assert fresh_db.db.execute("SELECT count(*) FROM audit").fetchone()[0] == 0


def test_add_audit_keeps_actor_reason_and_both_states(fresh_db):
    row_id = fresh_db.add_audit(7, "move", actor="web:siti@10.0.0.5", before={"side": "public"},
                                after={"side": "exempt"}, reason="salah ketik")
    row = fresh_db.db.execute("SELECT * FROM audit WHERE id=?", (row_id,)).fetchone()
    assert (row["document_id"], row["action"], row["actor"], row["reason"]) == (
        7, "move", "web:siti@10.0.0.5", "salah ketik")
    assert json.loads(row["before"]) == {"side": "public"}
    assert json.loads(row["after"]) == {"side": "exempt"}


def test_journal_move_points_the_document_at_its_new_path_and_journals_it(fresh_db):
    fresh_db.journal_move(3, src="archive/public/a.pdf", dst="archive/exempt/a.pdf", side="exempt")
    row = fresh_db.db.execute("SELECT * FROM pending_moves WHERE document_id=3").fetchone()
    assert (row["src"], row["dst"], row["side"]) == ("archive/public/a.pdf", "archive/exempt/a.pdf", "exempt")


# --------------------------------------------------------------------------- what the stages read and write (#15)


def _filed(cat: Catalog, sha: str, *, parts: int = 1, side: str = "public", received: str = "2026-01-05",
           register: str = "DIP") -> list[int]:
    """File the documents of one original as ingest does; returns their ids."""
    job = cat.new_job(source=Path(f"/inbox/{sha}.pdf"), work=Path(f"/work/{sha}"), profile="adf")
    docs = []
    for part in range(1, parts + 1):
        row = {"sha256": sha, "part": part, "parts": parts, "source_name": f"{sha}.pdf", "profile": "adf",
               "unit": "Umum", "input_kind": "pdf", "original_path": f"originals/{sha}.pdf",
               "pdfa_path": f"archive/{side}/{sha}-{part}.pdf", "pdfa_sha256": f"pdfa-{sha}-{part}",
               "pdfa_valid": 1, "pdfa_verdict": "ok", "side": side, "status": "usulan", "pages": 1,
               "received_at": f"{received}T09:00:00+07:00", "filed_at": f"{received}T09:01:00+07:00"}
        pages = [{"number": 1, "text": f"halaman {sha} {part}", "confidence": 90.0, "rescan": 0,
                  "born_digital": 0, "quarter_turns": 0, "deskew_angle": 0.0, "perspective": 0}]
        suggestion = {"register": register, "dip_type": "setiap_saat" if register == "DIP" else None,
                      "ground": None if register == "DIP" else "h", "confidence": 0.9, "held": False,
                      "evidence": [{"signal": "keputusan", "page": 1}], "model_version": "m1"}
        docs.append((row, pages, suggestion))
    return cat.commit_documents(job_id=job, documents=docs)


def test_record_decision_keeps_the_dik_columns_who_why_and_both_states(fresh_db):
    [doc] = _filed(fresh_db, "a")
    fresh_db.record_decision(doc, register="DIK", ground="h", status="ditetapkan", decided_by="siti",
                             reason="data pribadi", decision_ref="Keputusan 12/2026", period_end="2030-12-31",
                             consequence="identitas terbuka", before={"register": "DIP"},
                             after={"register": "DIK"}, at="2026-02-01T10:00:00+07:00")
    row = fresh_db.latest_decision(doc)
    assert (row["register"], row["ground"], row["status"], row["decision_ref"], row["period_end"]) == (
        "DIK", "h", "ditetapkan", "Keputusan 12/2026", "2030-12-31")
    assert (row["decided_by"], row["reason"], row["decided_at"]) == ("siti", "data pribadi",
                                                                     "2026-02-01T10:00:00+07:00")
    assert json.loads(row["before"]) == {"register": "DIP"} and json.loads(row["after"]) == {"register": "DIK"}
    assert fresh_db.newest_decision_id() == row["id"]
    assert fresh_db.first_decided_at() == {doc: "2026-02-01T10:00:00+07:00"}


def test_labels_are_the_latest_decision_else_the_latest_suggestion(fresh_db):
    decided, undecided = _filed(fresh_db, "a"), _filed(fresh_db, "b")
    fresh_db.record_decision(decided[0], register="DIP", dip_type="berkala", decided_by="siti")
    fresh_db.record_decision(decided[0], register="DIK", ground="i", decided_by="budi")
    assert fresh_db.labels(decided[0]) == {"register": "DIK", "dip_type": None, "ground": "i"}
    assert fresh_db.labels(undecided[0]) == {"register": "DIP", "dip_type": "setiap_saat", "ground": None}
    assert fresh_db.confirmed_decisions() == [("halaman a 1", "DIK", None, "i")]
    assert fresh_db.newest_decision_id() == 2


def test_a_reprocessed_document_is_replaced_whole_or_not_at_all(fresh_db):
    [doc] = _filed(fresh_db, "a")
    new_pages = [{"number": n, "text": f"baru {n}", "confidence": 80.0, "rescan": int(n == 2), "born_digital": 0,
                  "quarter_turns": 0, "deskew_angle": 0.5, "perspective": 0} for n in (1, 2)]
    suggestion = {"register": "DIK", "dip_type": None, "ground": "h", "confidence": 0.7, "held": True,
                  "evidence": [], "model_version": "m2"}

    def swap() -> None:
        fresh_db.set_pdfa(doc, sha256="new", valid=True, verdict="ok", pages=2, source_pages="1,2",
                          input_kind="pdf")
        fresh_db.replace_pages(doc, new_pages)
        fresh_db.add_suggestion(doc, suggestion)
        fresh_db.journal_swap(doc, tmp="archive/public/.a-1.pdf.reprocess", dst="archive/public/a-1.pdf")

    with pytest.raises(RuntimeError):
        with fresh_db.atomic():
            swap()
            raise RuntimeError("killed before the commit")
    assert fresh_db.page_texts(doc) == ["halaman a 1"]
    assert fresh_db.document_fields(doc)["pdfa_sha256"] == "pdfa-a-1"
    assert fresh_db.latest_suggestion(doc)["model_version"] == "m1"
    assert fresh_db.pending_swaps() == []

    with fresh_db.atomic():
        swap()
    assert fresh_db.page_texts(doc) == ["baru 1", "baru 2"]
    assert (fresh_db.document_fields(doc)["pdfa_sha256"], fresh_db.document_fields(doc)["pages"]) == ("new", 2)
    assert fresh_db.latest_suggestion(doc)["held"] == 1
    [swap_row] = fresh_db.pending_swaps()
    assert (swap_row["document_id"], swap_row["tmp"]) == (doc, "archive/public/.a-1.pdf.reprocess")
    fresh_db.finish_swap(doc)
    assert fresh_db.pending_swaps() == []


def test_set_meta_adds_metadata_then_changes_only_the_given_fields(fresh_db):
    a, b = _filed(fresh_db, "a")[0], _filed(fresh_db, "b")[0]
    assert fresh_db.ids_without_meta() == [a, b]
    fresh_db.set_meta(a, {"title": "Keputusan KPU", "number": "12/2026", "kind": "keputusan"}, edited=[])
    fresh_db.set_meta(a, {"title": "Keputusan KPU Lahat"}, edited=["title"], at="2026-02-01T10:00:00+07:00")
    row = fresh_db.meta_row(a)
    assert (row["title"], row["number"], row["kind"], row["place"]) == ("Keputusan KPU Lahat", "12/2026",
                                                                       "keputusan", "")
    assert json.loads(row["edited"]) == ["title"] and row["updated_at"] == "2026-02-01T10:00:00+07:00"
    assert fresh_db.ids_without_meta() == [b]


def test_set_meta_refuses_what_is_not_register_metadata(fresh_db):
    [doc] = _filed(fresh_db, "a")
    with pytest.raises(ValueError, match="side"):
        fresh_db.set_meta(doc, {"title": "x", "side": "public"}, edited=[])
    assert fresh_db.meta_row(doc) is None


def test_record_rows_join_suggestion_decision_and_metadata(fresh_db):
    old = _filed(fresh_db, "a", received="2026-01-01")[0]
    new = _filed(fresh_db, "b", received="2026-01-09", register="DIK", side="exempt")[0]
    fresh_db.record_decision(old, register="DIP", dip_type="berkala", status="disahkan", decided_by="siti")
    fresh_db.set_meta(new, {"title": "Formulir"}, edited=[])
    assert [r["id"] for r in fresh_db.record_rows()] == [old, new]
    assert [r["id"] for r in fresh_db.record_rows(order="newest")] == [new, old]
    [row] = fresh_db.record_rows(undecided=True)
    assert (row["id"], row["s_register"], row["s_ground"], row["k_id"], row["title"]) == (new, "DIK", "h", None,
                                                                                        "Formulir")
    [row] = fresh_db.record_rows(ids=[old])
    assert (row["k_register"], row["k_dip_type"], row["s_dip_type"]) == ("DIP", "berkala", "setiap_saat")


def test_set_side_with_a_journalled_move(fresh_db):
    [doc] = _filed(fresh_db, "a")
    with fresh_db.atomic():
        fresh_db.set_side(doc, "exempt", status="ditetapkan")
        fresh_db.journal_move(doc, src="archive/public/a-1.pdf", dst="archive/exempt/a-1.pdf", side="exempt")
    row = fresh_db.document_fields(doc)
    assert (row["side"], row["status"], row["pdfa_path"]) == ("exempt", "ditetapkan", "archive/exempt/a-1.pdf")
    fresh_db.set_side(doc, "public")
    assert fresh_db.document_fields(doc)["status"] == "ditetapkan"  # status only when given
    assert [m["document_id"] for m in fresh_db.pending_moves()] == [doc]
    fresh_db.finish_move(doc)
    assert fresh_db.pending_moves() == []


def test_documents_by_id_date_and_original(fresh_db):
    a1, a2 = _filed(fresh_db, "a", parts=2, received="2026-01-01")
    [b] = _filed(fresh_db, "b", received="2026-01-09")
    assert fresh_db.document_ids() == [a1, a2, b]
    assert fresh_db.document_ids(ids=[b, 99, a1]) == [a1, b]
    assert fresh_db.document_ids(since="2026-01-05") == [b]
    assert fresh_db.originals_of([a2, b, a1]) == ["a", "b"]
    assert fresh_db.originals_of([]) == []
    assert [(r["id"], r["part"]) for r in fresh_db.document_rows(sha256="a")] == [(a1, 1), (a2, 2)]
    assert [r["id"] for r in fresh_db.document_rows()] == [a1, a2, b]
    assert fresh_db.document_fields(99) is None


def test_job_checksums_and_outcomes_by_state(fresh_db):
    _filed(fresh_db, "a")
    failed = fresh_db.new_job(source=Path("/inbox/rusak.pdf"), work=Path("/work/x"), profile="adf")
    fresh_db.update_job(failed, state="failed", sha256="c", error_code="corrupt")
    fresh_db.new_job(source=Path("/inbox/baru.pdf"), work=Path("/work/y"), profile="adf")  # no checksum yet
    assert fresh_db.job_checksums(["failed"]) == {"c"}
    assert fresh_db.job_checksums(["claimed", "failed"]) == {"c"}  # a claimed input has no checksum yet
    [outcome] = fresh_db.job_outcomes(["failed", "duplicate"])
    assert (outcome["state"], outcome["error_code"]) == ("failed", "corrupt")


def test_nightly_values_are_kept_by_name(fresh_db):
    assert fresh_db.nightly_value("trained_upto_decision") is None
    fresh_db.set_nightly_value("trained_upto_decision", "3")
    fresh_db.set_nightly_value("trained_upto_decision", "7")
    assert fresh_db.nightly_value("trained_upto_decision") == "7"


def test_audit_trail_reads_back_both_states(fresh_db):
    fresh_db.add_audit(4, "set", actor="siti", before={"side": "public"}, after={"side": "exempt"})
    fresh_db.add_audit(4, "metadata", actor="budi", after={"title": "x"})
    trail = fresh_db.audit_trail(4)
    assert [(t["action"], t["actor"], t["before"], t["after"]) for t in trail] == [
        ("set", "siti", {"side": "public"}, {"side": "exempt"}), ("metadata", "budi", {}, {"title": "x"})]


def test_commit_with_replace_gives_documents_the_new_ocr_and_keeps_path_side_and_status(fresh_db):
    """Reprocess commits a re-OCRed document with the call ingest commits new ones with (#15)."""
    [doc] = _filed(fresh_db, "a")
    [other] = _filed(fresh_db, "b")
    job = fresh_db.db.execute("SELECT id, state, document_id FROM jobs WHERE document_id=?", (doc,)).fetchone()
    row = {"pdfa_sha256": "new", "pdfa_valid": 0, "pdfa_verdict": "tidak lolos", "pages": 2,
           "source_pages": "1,2", "input_kind": "tiff"}
    pages = [{"number": n, "text": f"baru {n}", "confidence": 80.0, "rescan": 0, "born_digital": 0,
              "quarter_turns": 1, "deskew_angle": 0.5, "perspective": 0} for n in (1, 2)]
    suggestion = {"register": "DIK", "dip_type": None, "ground": "h", "confidence": 0.7, "held": True,
                  "evidence": [], "model_version": "m2"}
    before = fresh_db.document_fields(doc)
    assert fresh_db.commit_documents(documents=[(row, pages, suggestion)], replace=[doc],
                                     suggested_at="2026-04-01T08:00:00+07:00") == [doc]
    after = fresh_db.document_fields(doc)
    assert {k: after[k] for k in row} == row
    assert {k: after[k] for k in ("pdfa_path", "side", "status", "sha256", "received_at")} == {
        k: before[k] for k in ("pdfa_path", "side", "status", "sha256", "received_at")}
    assert fresh_db.page_texts(doc) == ["baru 1", "baru 2"]
    latest = fresh_db.latest_suggestion(doc)
    assert (latest["register"], latest["created_at"]) == ("DIK", "2026-04-01T08:00:00+07:00")
    assert _queue(fresh_db) == [doc, other, doc]
    assert tuple(fresh_db.db.execute("SELECT id, state, document_id FROM jobs WHERE id=?", (job["id"],))
                 .fetchone()) == tuple(job)  # no job is touched
    assert fresh_db.page_texts(other) == ["halaman b 1"]
    with pytest.raises(ValueError, match="1 results for 2 documents"):
        fresh_db.commit_documents(documents=[(row, pages, suggestion)], replace=[doc, other])


def test_the_jobs_of_a_work_folder_and_of_a_source_are_found(fresh_db):
    first = fresh_db.new_job(source=Path("/inbox/a.pdf"), work=Path("/work/job-1/input.pdf"), profile="adf")
    fresh_db.update_job(first, state="done")
    second = fresh_db.new_job(source=Path("/inbox/a.pdf"), work=Path("/work/job-2/input.pdf"), profile="adf")
    assert fresh_db.job_state_in(Path("/work/job-1")) == "done"
    assert fresh_db.job_state_in(Path("/work/job-2")) == "claimed"
    assert fresh_db.job_state_in(Path("/work/job-3")) is None
    assert fresh_db.latest_job_from("/inbox/a.pdf")["id"] == second
    assert fresh_db.latest_job_from("/inbox/b.pdf") is None


def test_only_the_catalogue_runs_sql():
    """DESIGN.md: SQL lives in ``pindai/catalog.py`` only; callers compose its methods (#15)."""
    root = Path(__file__).parents[1] / "pindai"
    waiting = {}
    found = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel in ("catalog.py", "_dialect.py") or rel.startswith("catalog/"):  # _dialect: the catalogue's (#19)
            continue
        n = sum(line.count(".execute(") + line.count(".executemany(") for line in path.read_text().splitlines())
        if n:
            found[rel] = n
    assert found == waiting


def test_opening_while_another_connection_closes_never_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """CI's flake (#16): the last connection to close deletes SQLite's ``-wal`` file; a catalogue
    opening at that moment saw the file, then failed to read its size (FileNotFoundError, a 500 in
    the workspace under concurrent searches). Here the other connection closes exactly between
    the two looks."""
    path = tmp_path / "catalog.sqlite3"
    Catalog(path).close()
    other = Catalog(path)
    other.db.execute("SELECT count(*) FROM documents").fetchone()
    wal = path.with_name(path.name + "-wal")
    assert wal.exists()
    closed = []

    def look_then_other_closes(real):  # noqa: ANN001, ANN202
        def look(self: Path, *args, **kwargs):  # noqa: ANN202
            found = real(self, *args, **kwargs)
            if self == wal and not closed:
                other.close()  # the last connection: SQLite removes the WAL right after the first look
                closed.append(True)
            return found
        return look

    monkeypatch.setattr(Path, "exists", look_then_other_closes(Path.exists))
    monkeypatch.setattr(Path, "stat", look_then_other_closes(Path.stat))
    with Catalog(path) as cat:
        assert cat.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert closed, "the race was not staged"
