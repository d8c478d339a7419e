"""Review: decisions move file and index entry together, keep an audit trail, survive a crash."""

from __future__ import annotations

import json
import os
import pwd
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from pindai import index, review
from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import Settings
from pindai.errors import ExitCode

# Documents of the ``filed_home`` fixture (conftest.FILED_KINDS), by id.
REKAP, EDARAN, DARURAT, PSIKOLOGI, NOTA, PENAWARAN = 1, 2, 3, 4, 5, 6
#: Words that occur in one document only.
PSIKOLOGI_WORD = "tersinggung"
REKAP_WORD = "rekapitulasi"


def run(settings: Settings, *args: str) -> tuple[int, str]:
    r = CliRunner().invoke(cli, [*args, "--home", str(settings.home.root)])
    return r.exit_code, r.output


def rec(settings: Settings, doc_id: int) -> review.Record:
    with Catalog(settings.home.catalog) as cat:
        return review.record(cat, settings, doc_id)


def public_ids(settings: Settings, word: str) -> set[int]:
    return {h.doc_id for h in index.search(settings.home, word, limit=100).hits}


def exempt_ids(settings: Settings, word: str) -> set[int]:
    return {h.doc_id for h in index.search(settings.home, word, exempt=True, limit=100).hits
            if h.side == "exempt"}


def files_under(folder: Path) -> set[str]:
    return {p.name for p in folder.rglob("*.pdf")}


def test_review_lists_waiting_documents_newest_first_with_suggestion_and_evidence(filed_home: Settings) -> None:
    code, out = run(filed_home, "review", "--json")
    assert code == 0, out
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [6, 5, 4, 3, 2, 1]
    psi = next(r for r in rows if r["id"] == PSIKOLOGI)
    assert (psi["register"], psi["ground"], psi["status"], psi["decided"]) == ("DIK", "h", "usulan", False)
    assert 0 < psi["confidence"] <= 1 and psi["evidence"], psi
    review.accept(filed_home, Catalog(filed_home.home.catalog), REKAP)
    code, out = run(filed_home, "review", "--json")
    assert REKAP not in [json.loads(line)["id"] for line in out.splitlines()]


def test_accepting_a_dip_suggestion_approves_it_and_records_who_and_why(filed_home: Settings) -> None:
    code, out = run(filed_home, "review", "accept", str(REKAP), "--reason", "sesuai SOP")
    assert code == 0, out
    assert "disahkan" in out
    r = rec(filed_home, REKAP)
    assert (r.register, r.dip_type, r.status, r.side, r.decided) == ("DIP", "berkala", "disahkan", "public", True)
    with Catalog(filed_home.home.catalog) as cat:
        [entry] = review.audit_trail(cat, REKAP)
    assert entry["actor"] == pwd.getpwuid(os.getuid()).pw_name
    assert entry["action"] == "accept" and entry["reason"] == "sesuai SOP"
    assert entry["before"]["status"] == "usulan" and entry["after"]["status"] == "disahkan"


def test_a_dik_stays_usulan_until_it_carries_its_decision_reference(filed_home: Settings) -> None:
    code, out = run(filed_home, "review", "set", str(PSIKOLOGI), "--register", "DIK", "--ground", "h",
                    "--period", "sampai ada persetujuan tertulis pemilik data",
                    "--consequence", "Membuka data kesehatan jiwa peserta")
    assert code == 0, out
    r = rec(filed_home, PSIKOLOGI)
    assert (r.status, r.period_condition, r.period_end) == ("usulan", "sampai ada persetujuan tertulis pemilik data", None)
    assert r.next_review, "a condition gets a review date"
    code, out = run(filed_home, "review", "set", str(PSIKOLOGI), "--decision",
                    "Keputusan KPU Kabupaten Lahat Nomor 12 Tahun 2026 tanggal 3 Maret 2026",
                    "--period", "2029-12-31")
    assert code == 0, out
    r = rec(filed_home, PSIKOLOGI)
    assert r.status == "ditetapkan" and r.side == "exempt"
    assert (r.period_end, r.next_review, r.period) == ("2029-12-31", "2029-12-31", "Sampai 31 Desember 2029")
    assert r.consequence == "Membuka data kesehatan jiwa peserta", "earlier DIK columns are kept"


def test_deciding_dip_moves_the_file_and_the_index_entry_to_the_public_side(filed_home: Settings) -> None:
    home = filed_home.home
    before = rec(filed_home, PSIKOLOGI)
    assert before.side == "exempt" and PSIKOLOGI in exempt_ids(filed_home, PSIKOLOGI_WORD)
    code, out = run(filed_home, "review", "set", str(PSIKOLOGI), "--register", "DIP", "--type", "setiap_saat",
                    "--confirm-public", "hasil dihitamkan")
    assert code == 0, out
    after = rec(filed_home, PSIKOLOGI)
    moved = home.root / after.pdfa_path
    assert after.side == "public" and moved.is_relative_to(home.archive_public)
    assert moved.exists() and not (home.root / before.pdfa_path).exists()
    assert stat.S_IMODE(moved.stat().st_mode) == 0o644
    assert PSIKOLOGI in public_ids(filed_home, PSIKOLOGI_WORD)
    assert PSIKOLOGI not in exempt_ids(filed_home, PSIKOLOGI_WORD)


def test_deciding_dik_takes_a_public_document_out_of_the_public_archive_and_index(filed_home: Settings) -> None:
    home = filed_home.home
    name = Path(rec(filed_home, REKAP).pdfa_path).name
    assert REKAP in public_ids(filed_home, REKAP_WORD)
    code, out = run(filed_home, "review", "set", str(REKAP), "--register", "DIK", "--ground", "i")
    assert code == 0, out
    r = rec(filed_home, REKAP)
    assert r.side == "exempt" and r.status == "usulan"
    assert name not in files_under(home.archive_public) and name in files_under(home.archive_exempt)
    assert stat.S_IMODE((home.root / r.pdfa_path).stat().st_mode) == 0o640
    assert REKAP not in public_ids(filed_home, REKAP_WORD)
    assert REKAP in exempt_ids(filed_home, REKAP_WORD)


def test_a_crash_between_the_catalogue_and_the_file_move_is_finished_by_the_next_command(
    filed_home: Settings,
) -> None:
    """kill -9 right after the decision committed, before the PDF/A moved."""
    home = filed_home.home
    old = rec(filed_home, PSIKOLOGI).pdfa_path
    script = textwrap.dedent(f"""
        import os, signal
        from pindai import archive, review
        from pindai.catalog import Catalog
        from pindai.config import load_settings
        def crash(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)
        archive.relocate = crash
        s = load_settings({str(home.root)!r})
        review.decide(s, Catalog(s.home.catalog), {PSIKOLOGI},
                      review.Decision(register="DIP", dip_type="setiap_saat", confirm_public="dihitamkan"))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    # Killed: the catalogue has the decision, the file has not moved yet.
    assert (home.root / old).exists()
    with Catalog(home.catalog) as cat:
        assert cat.db.execute("SELECT count(*) FROM pending_moves").fetchone()[0] == 1
    code, out = run(filed_home, "review")  # any review command finishes what was left
    assert code == 0, out
    r = rec(filed_home, PSIKOLOGI)
    assert r.side == "public" and (home.root / r.pdfa_path).exists() and not (home.root / old).exists()
    assert PSIKOLOGI in public_ids(filed_home, PSIKOLOGI_WORD)
    assert PSIKOLOGI not in exempt_ids(filed_home, PSIKOLOGI_WORD)
    with Catalog(home.catalog) as cat:
        assert cat.db.execute("SELECT count(*) FROM pending_moves").fetchone()[0] == 0
        assert cat.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0


def test_a_wrong_decision_is_refused_and_changes_nothing(filed_home: Settings) -> None:
    code, out = run(filed_home, "review", "set", str(REKAP), "--register", "DIP", "--type", "berkala",
                    "--ground", "h")
    assert code == 4 and "DIK" in out
    code, out = run(filed_home, "review", "set", str(NOTA), "--register", "DIK", "--ground", "i",
                    "--period", "2029-02-30")
    assert code == 4 and "TTTT-BB-HH" in out
    code, out = run(filed_home, "review", "show", "99")
    assert code == 4 and "tidak ada" in out
    with Catalog(filed_home.home.catalog) as cat:
        assert cat.db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0
        assert cat.db.execute("SELECT count(*) FROM audit").fetchone()[0] == 0
    assert rec(filed_home, REKAP).status == "usulan"


def test_metadata_edits_are_kept_audited_and_searchable(filed_home: Settings) -> None:
    code, out = run(filed_home, "review", "set", str(EDARAN), "--title", "Surat Edaran Jam Kerja Tahapan",
                    "--date", "2025-12-04", "--retention", "Aktif 1 tahun, musnah")
    assert code == 0, out
    r = rec(filed_home, EDARAN)
    assert (r.title, r.made_on, r.retention, r.decided) == (
        "Surat Edaran Jam Kerja Tahapan", "2025-12-04", "Aktif 1 tahun, musnah", False)
    with Catalog(filed_home.home.catalog) as cat:
        review.refresh_metadata(cat, filed_home.registers, [EDARAN])  # re-extraction keeps edits
        trail = review.audit_trail(cat, EDARAN)
    assert rec(filed_home, EDARAN).title == "Surat Edaran Jam Kerja Tahapan"
    assert trail[-1]["action"] == "metadata" and trail[-1]["after"]["retention"] == "Aktif 1 tahun, musnah"
    hits = index.search(filed_home.home, "title:edaran").hits
    assert [h.title for h in hits if h.doc_id == EDARAN] == ["Surat Edaran Jam Kerja Tahapan"]


def test_show_prints_metadata_suggestion_and_audit_trail(filed_home: Settings) -> None:
    run(filed_home, "review", "set", str(NOTA), "--register", "DIK", "--ground", "i", "--reason", "memo internal")
    code, out = run(filed_home, "review", "show", str(NOTA))
    assert code == 0, out
    for expected in ("Dokumen #5", "DIK Pasal 17 huruf i", "Bukti saran", "Jejak audit", "memo internal",
                     "Keputusan penetapan: - (belum ada: status tetap usulan)"):
        assert expected in out, expected


def test_register_metadata_is_extracted_from_the_pipeline_output(filed_home: Settings) -> None:
    r = rec(filed_home, REKAP)
    assert r.title.startswith("PENGUMUMAN TENTANG HASIL REKAPITULASI")
    assert r.number and r.place and r.made_on and r.issuer.lower().startswith("ketua kpu")
    assert r.summary and r.form == "Softcopy dan hardcopy"
    assert r.kind == "hasil_pemilihan" and r.retention == "Permanen"
    assert r.holder.startswith("Teknis")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run the command as another user")
def test_a_user_who_cannot_read_the_exempt_side_gets_no_access(filed_home: Settings) -> None:
    proc = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "pindai",
         "review", "--home", str(filed_home.home.root)], capture_output=True, text=True, timeout=60)
    if "Traceback" in proc.stderr and "Permission denied" in proc.stderr:
        pytest.skip("the test home is not reachable by an unprivileged user")
    assert proc.returncode == 7, proc.stderr
    assert "Tidak ada akses" in proc.stderr and "tersinggung" not in proc.stdout + proc.stderr


# --------------------------------------------------------------------------- after a nightly (#13)


def test_every_view_renders_every_kind_of_audit_row_after_a_nightly(filed_home: Settings, tmp_path: Path) -> None:
    with Catalog(filed_home.home.catalog) as cat:
        review.accept(filed_home, cat, REKAP)
        review.decide(filed_home, cat, NOTA, review.Decision(register="DIK", ground="i", reason="memo"))
        review.decide(filed_home, cat, EDARAN, review.Decision(meta={"title": "Surat Edaran Jam Kerja"}))
        review.move_to_side(filed_home, cat, DARURAT, "exempt", reason="uji")  # as reprocess moves
        # The rows reprocessing writes when a batch splits differently or a PDF/A is remade.
        cat.add_audit(PENAWARAN, "reprocess", actor="pindai", before={"parts": 1}, after={"parts": 2})
        cat.add_audit(PENAWARAN, "reprocess", actor="pindai", before={"pdfa_sha256": "ab" * 32},
                      after={"model": "tfidf-lr-1"})
    r = CliRunner().invoke(cli, ["nightly", "--no-retrain", "--home", str(filed_home.home.root)], obj={})
    assert "Traceback" not in r.output and r.exit_code in (0, 2), r.output
    with Catalog(filed_home.home.catalog) as cat:
        actions = {a["action"] for i in range(1, 7) for a in review.audit_trail(cat, i)}
    assert {"accept", "set", "metadata", "move", "reprocess"} <= actions, actions

    for doc in range(1, 7):
        code, out = run(filed_home, "review", "show", str(doc))
        assert code == 0 and "Dokumen #" in out, out
    code, out = run(filed_home, "review", "show", str(DARURAT))
    assert "arsip publik -> dikecualikan" in out and "alasan: uji" in out
    code, out = run(filed_home, "review", "show", str(PENAWARAN))
    assert "proses ulang" in out and "bagian 1 -> 2" in out and "tfidf-lr-1" in out
    code, out = run(filed_home, "review", "show", str(EDARAN))
    assert "metadata: judul" in out
    for args in (["review"], ["review", "--all"], ["review", "show", "5", "--json"], ["register", "dip"],
                 ["register", "dik"], ["register", "dik", "--due"],
                 ["report", "-o", str(tmp_path / "laporan.html")]):
        code, out = run(filed_home, *args)
        assert code == 0 and "Traceback" not in out and "tak terduga" not in out, (args, out)


# --------------------------------------------------------------------------- dates (#13)


@pytest.mark.parametrize("typed", ["25 Juni 2023", "25-06-2023", "25/06/2023", "2023-06-25", "25 Jun 2023"])
def test_a_date_is_stored_as_iso_whatever_form_the_officer_typed(filed_home: Settings, typed: str) -> None:
    code, out = run(filed_home, "review", "set", str(EDARAN), "--date", typed)
    assert code == 0, out
    r = rec(filed_home, EDARAN)
    assert r.made_on == "2023-06-25" and "25 Juni 2023" in r.made
    code, out = run(filed_home, "review", "show", str(EDARAN))
    assert code == 0 and "25 Juni 2023" in out, out
    with Catalog(filed_home.home.catalog) as cat:  # the index took the update: nothing postponed
        assert cat.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0
    assert [h.doc_id for h in index.search(filed_home.home, "edaran", limit=100).hits].count(EDARAN) == 1


def test_a_date_that_does_not_parse_is_refused_with_the_accepted_forms(filed_home: Settings) -> None:
    code, out = run(filed_home, "review", "set", str(EDARAN), "--date", "kemarin sore")
    assert code == ExitCode.bad_config
    assert "25 Juni 2023" in out and "25/06/2023" in out and "2023-06-25" in out
    assert rec(filed_home, EDARAN).made_on != "kemarin sore"
    code, out = run(filed_home, "review", "set", str(NOTA), "--register", "DIK", "--ground", "i",
                    "--next-review", "32/01/2027")
    assert code == ExitCode.bad_config and "25 Juni 2023" in out


def test_the_officer_is_told_whether_a_period_is_a_date_or_a_condition(filed_home: Settings) -> None:
    code, out = run(filed_home, "review", "set", str(NOTA), "--register", "DIK", "--ground", "i",
                    "--period", "31/12/2030")
    assert code == 0, out
    assert "sebagai TANGGAL" in out and "31 Desember 2030" in out
    r = rec(filed_home, NOTA)
    assert (r.period_end, r.period_condition, r.next_review) == ("2030-12-31", None, "2030-12-31")
    code, out = run(filed_home, "review", "set", str(NOTA), "--period", "sampai klarifikasi selesai")
    assert code == 0 and "sebagai KONDISI" in out, out
    assert rec(filed_home, NOTA).period_condition == "sampai klarifikasi selesai"
    code, out = run(filed_home, "review", "set", str(NOTA), "--period", "31/13/2030")
    assert code == ExitCode.bad_config and "25 Juni 2023" in out
    assert rec(filed_home, NOTA).period_condition == "sampai klarifikasi selesai"


# --------------------------------------------------------------------------- kind and retention (#13)


def test_retention_follows_the_record_kind_unless_set(filed_home: Settings) -> None:
    code, out = run(filed_home, "review", "set", str(EDARAN), "--kind", "surat")
    assert code == 0, out
    assert rec(filed_home, EDARAN).retention == filed_home.registers.retention_for("surat")
    assert "musnah" in rec(filed_home, EDARAN).retention
    code, out = run(filed_home, "review", "set", str(EDARAN), "--kind", "hasil_pemilihan")
    assert code == 0, out
    r = rec(filed_home, EDARAN)
    assert (r.kind, r.retention) == ("hasil_pemilihan", "Permanen")
    with Catalog(filed_home.home.catalog) as cat:  # re-extraction keeps the kind and its retention
        review.refresh_metadata(cat, filed_home.registers, [EDARAN])
    assert (rec(filed_home, EDARAN).kind, rec(filed_home, EDARAN).retention) == ("hasil_pemilihan", "Permanen")
    # An explicit retention wins, also over a later change of kind.
    run(filed_home, "review", "set", str(EDARAN), "--retention", "Aktif 5 tahun, permanen")
    run(filed_home, "review", "set", str(EDARAN), "--kind", "surat")
    assert rec(filed_home, EDARAN).retention == "Aktif 5 tahun, permanen"
    code, out = run(filed_home, "review", "set", str(EDARAN), "--kind", "hasil pemilu")
    assert code == ExitCode.bad_config and "hasil_pemilihan" in out


# --------------------------------------------------------------------------- queues and several documents (#13)


def test_a_dik_accepted_without_keputusan_waits_in_its_own_queue(filed_home: Settings) -> None:
    code, out = run(filed_home, "review", "accept", str(PSIKOLOGI), str(NOTA), str(PENAWARAN))
    assert code == 0, out
    assert out.count("menunggu Keputusan penetapan") == 3
    code, out = run(filed_home, "review")
    assert code == 0, out
    assert "Menunggu Keputusan penetapan" in out
    waiting = out.split("Menunggu Keputusan penetapan", 1)[1]
    for doc in (PSIKOLOGI, NOTA, PENAWARAN):
        assert f"#{doc} " in waiting or f"│ {doc} " in waiting, waiting
    code, out = run(filed_home, "review", "--json")
    queues = {json.loads(line)["id"]: json.loads(line)["queue"] for line in out.splitlines()}
    assert queues[PSIKOLOGI] == queues[NOTA] == "menunggu_penetapan" and queues[REKAP] == "menunggu_keputusan"
    code, out = run(filed_home, "review", "set", f"{PSIKOLOGI}-{PENAWARAN}",
                    "--decision", "Keputusan KPU Kabupaten Lahat Nomor 7 Tahun 2026, 2 Februari 2026")
    assert code == 0, out
    assert {rec(filed_home, d).status for d in (PSIKOLOGI, NOTA, PENAWARAN)} == {"ditetapkan"}
    code, out = run(filed_home, "review", "--json")
    assert not [line for line in out.splitlines() if json.loads(line)["queue"] == "menunggu_penetapan"]
    with Catalog(filed_home.home.catalog) as cat:
        for doc in (PSIKOLOGI, NOTA, PENAWARAN):
            assert [a["action"] for a in review.audit_trail(cat, doc)] == ["accept", "set"]


def test_one_decision_for_several_documents_is_checked_first_and_audited_each(filed_home: Settings) -> None:
    code, out = run(filed_home, "review", "set", f"{REKAP}", f"{EDARAN}-{DARURAT}", "--register", "DIP",
                    "--type", "setiap_saat", "--reason", "rapat PPID 3 Maret")
    assert code == 0, out
    with Catalog(filed_home.home.catalog) as cat:
        for doc in (REKAP, EDARAN, DARURAT):
            [entry] = review.audit_trail(cat, doc)
            assert entry["reason"] == "rapat PPID 3 Maret" and entry["after"]["dip_type"] == "setiap_saat"
    # One of them cannot take the decision: none does.
    code, out = run(filed_home, "review", "set", f"{REKAP}", f"{PSIKOLOGI}", "--register", "DIP",
                    "--type", "berkala")
    assert code == ExitCode.bad_config and f"#{PSIKOLOGI}" in out
    assert rec(filed_home, REKAP).dip_type == "setiap_saat"
    code, out = run(filed_home, "review", "set", "3-x", "--register", "DIP", "--type", "berkala")
    assert code == ExitCode.bad_config and "8-11" in out


def test_a_date_stored_before_dates_were_checked_is_read_again_as_iso(filed_home: Settings) -> None:
    rec(filed_home, EDARAN)  # metadata extracted
    with Catalog(filed_home.home.catalog) as cat, cat.atomic() as db:  # what an older pindai let through
        db.execute("UPDATE document_meta SET made_on='25 Juni 2023' WHERE document_id=?", (EDARAN,))
        cat.enqueue_index([EDARAN])
    code, out = run(filed_home, "review", "show", str(EDARAN))
    assert code == 0 and "25 Juni 2023" in out, out
    assert rec(filed_home, EDARAN).made_on == "2023-06-25"
    with Catalog(filed_home.home.catalog) as cat:
        assert cat.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0


@pytest.mark.parametrize(("doc", "signal"), [(NOTA, "Sifat: RAHASIA"), (PENAWARAN, "surat penawaran"),
                                             (PSIKOLOGI, "hasil tes psikologi")])
def test_making_public_against_exempt_evidence_needs_a_confirmation(filed_home: Settings, doc: int,
                                                                   signal: str) -> None:
    code, out = run(filed_home, "review", "set", str(doc), "--register", "DIP", "--type", "setiap_saat")
    assert code == ExitCode.bad_config and "--confirm-public" in out and signal in out, out
    assert rec(filed_home, doc).side == "exempt" and not rec(filed_home, doc).decided
    code, out = run(filed_home, "review", "set", str(doc), "--register", "DIP", "--type", "setiap_saat",
                    "--confirm-public", "sudah dihitamkan")
    assert code == 0, out
    code, out = run(filed_home, "review", "show", str(doc))
    assert "DIKONFIRMASI PUBLIK" in out and "alasan: sudah dihitamkan" in out
    # A DIP decision needs no confirmation where nothing says exempt.
    code, out = run(filed_home, "review", "set", str(REKAP), "--register", "DIP", "--type", "berkala")
    assert code == 0, out
