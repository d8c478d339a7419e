"""Review: decisions move file and index entry together, keep an audit trail, survive a crash."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

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
                    "--reason", "hasil dihitamkan")
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
                      review.Decision(register="DIP", dip_type="setiap_saat"))
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


def test_a_user_who_cannot_read_the_exempt_side_gets_no_access(filed_home: Settings, as_nobody: Any,
                                                               shared_spot: Path) -> None:
    home = shared_spot / "home"  # where the other user can reach the home: pindai's own modes are tested
    shutil.copytree(filed_home.home.root, home, symlinks=True)
    proc = as_nobody("review", "--home", str(home))
    assert proc.returncode == ExitCode.no_access, proc.stderr
    assert "Tidak punya akses" in proc.stderr and "tersinggung" not in proc.stdout + proc.stderr
