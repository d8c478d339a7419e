"""The catalogue on its own: transactions that nest, the small writes callers compose."""

from __future__ import annotations

import json

import pytest

from pindai.catalog import Catalog


@pytest.fixture
def fresh_db(tmp_path):
    with Catalog(tmp_path / "catalog.sqlite3") as cat:
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
