"""Full-text index and search: Indonesian analysis, two sides, safe writes, rebuild."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pindai import index
from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import load_settings
from pindai.errors import ExitCode

PUBLIC_TEXT = """KOMISI PEMILIHAN UMUM KABUPATEN LAHAT
PENGUMUMAN
Nomor : 12/PL.02.1-Pu/1604/2024
TENTANG PEMUTAKHIRAN DATA PEMILIH
Daftar pemilih telah dimutakhirkan oleh panitia pemutakhiran data pemilih.
Rapat pleno terbuka rekapitulasi daftar pemilih tetap diadakan di aula.
Lahat, 6 Januari 2024
"""

EXEMPT_TEXT = """NOTA DINAS
Sifat : RAHASIA
Perihal : pemeriksaan disiplin pegawai zyxwarnaungu
Hasil pemeriksaan kesehatan jiwa pegawai tersebut terlampir.
Lahat, 7 Februari 2024
"""


def add_document(home: Path, text: str, *, side: str, unit: str = "Umum", status: str = "usulan",
                 register: str = "DIP", ground: str | None = None, received: str = "2024-01-08T10:00:00+07:00") -> int:
    """A catalogue document as ingest would record it (without OCR: fast)."""
    with Catalog(home / "catalog.sqlite3") as cat:
        job = cat.new_job(source=Path(f"/x/{len(text)}.pdf"), work=Path("/w"), profile="default")
        [doc_id] = cat.commit_documents(job_id=job, documents=[(
            {"sha256": os.urandom(8).hex(), "source_name": "x.pdf", "profile": "default", "unit": unit,
             "input_kind": "pdf", "original_path": "o", "pdfa_path": f"archive/{side}/x.pdf",
             "pdfa_sha256": "0", "pdfa_valid": 1, "pdfa_verdict": "pass", "side": side,
             "status": status, "pages": 1, "received_at": received, "filed_at": received},
            [{"number": 1, "text": text, "confidence": 95.0, "rescan": 0, "born_digital": 0,
              "quarter_turns": 0, "deskew_angle": 0.0, "perspective": 0}],
            {"register": register, "dip_type": "setiap_saat" if register == "DIP" else None,
             "ground": ground, "confidence": 0.9, "held": side == "exempt", "evidence": [],
             "model_version": "test"},
        )])
        index.flush(load_settings(home).home, cat)
    return doc_id


@pytest.fixture
def filled(home_dir: Path) -> dict[str, int]:
    return {
        "public": add_document(home_dir, PUBLIC_TEXT, side="public"),
        "exempt": add_document(home_dir, EXEMPT_TEXT, side="exempt", register="DIK", ground="i",
                               unit="Hukum", received="2024-02-07T09:00:00+07:00"),
    }


def run(home: Path, *args: str) -> tuple[int, str]:
    r = CliRunner().invoke(cli, ["search", "--home", str(home), *args])
    return r.exit_code, r.output


def ids(output: str) -> list[int]:
    return [json.loads(line)["doc_id"] for line in output.splitlines() if line.startswith("{")]


def test_stemming_lets_word_forms_meet(home_dir: Path, filled: dict) -> None:
    for word in ("mutakhir", "pemutakhiran", "dimutakhirkan", "memutakhirkan"):
        code, out = run(home_dir, word, "--json")
        assert code == 0 and ids(out) == [filled["public"]], word


def test_phrases_are_matched_exactly_unstemmed(home_dir: Path, filled: dict) -> None:
    assert ids(run(home_dir, '"rapat pleno terbuka"', "--json")[1]) == [filled["public"]]
    assert ids(run(home_dir, '"pleno rapat"', "--json")[1]) == []


@pytest.fixture
def look_alikes(home_dir: Path, filled: dict) -> dict[str, int]:
    """Documents with the words of "rapat pleno terbuka", but not in a row or not in order."""
    return filled | {
        # Both pairs of the phrase, many times (it would rank first), never the three in a row.
        "pairs": add_document(home_dir, "Rapat pleno ditunda. Pleno terbuka untuk umum.\n" * 6, side="public"),
        "reversed": add_document(home_dir, "Terbuka pleno rapat desa hari ini.", side="public"),
    }


def test_a_phrase_matches_only_where_its_words_are_adjacent_and_in_order(home_dir: Path, look_alikes: dict) -> None:
    assert ids(run(home_dir, '"rapat pleno terbuka"', "--json")[1]) == [look_alikes["public"]]
    # The page is filled with real matches even when look-alikes rank higher.
    assert ids(run(home_dir, '"rapat pleno terbuka"', "--json", "--limit", "1")[1]) == [look_alikes["public"]]
    assert ids(run(home_dir, '"terbuka pleno rapat"', "--json")[1]) == [look_alikes["reversed"]]
    assert ids(run(home_dir, '"rapat pleno ditunda"', "--json")[1]) == [look_alikes["pairs"]]
    assert set(ids(run(home_dir, '"pleno terbuka"', "--json")[1])) == {look_alikes["public"], look_alikes["pairs"]}
    assert ids(run(home_dir, '"rapat terbuka"', "--json")[1]) == []


def test_a_phrase_outranked_by_many_look_alikes_is_still_found(home_dir: Path, look_alikes: dict,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(4):
        add_document(home_dir, f"Rapat pleno ke-{n}. Pleno terbuka, rapat pleno, pleno terbuka.\n" * 5, side="public")
    assert ids(run(home_dir, '"rapat pleno terbuka"', "--json", "--limit", "1")[1]) == [look_alikes["public"]]
    # Fewer candidates checked than look-alikes: Whoosh's position check answers.
    monkeypatch.setattr(index, "_VERIFY_MIN", 1)
    assert ids(run(home_dir, '"rapat pleno terbuka"', "--json", "--limit", "1")[1]) == [look_alikes["public"]]
    assert ids(run(home_dir, '"rapat pleno terbuka"', "--json", "--limit", "1", "--page", "2")[1]) == []


def test_phrases_under_or_and_not_stay_exact(home_dir: Path, look_alikes: dict) -> None:
    assert set(ids(run(home_dir, 'pleno NOT "rapat pleno terbuka"', "--json")[1])) == {
        look_alikes["pairs"], look_alikes["reversed"]}
    assert set(ids(run(home_dir, '"rapat pleno terbuka" OR pegawai', "--exempt", "--json")[1])) == {
        look_alikes["public"], look_alikes["exempt"]}


def test_phrases_with_stop_words_match_exactly(home_dir: Path, look_alikes: dict) -> None:
    assert ids(run(home_dir, '"dimutakhirkan oleh panitia"', "--json")[1]) == [look_alikes["public"]]
    assert ids(run(home_dir, '"dimutakhirkan panitia"', "--json")[1]) == []
    assert ids(run(home_dir, '"oleh panitia pemutakhiran data"', "--json")[1]) == [look_alikes["public"]]


def test_phrases_keep_to_their_side_and_filters(home_dir: Path, look_alikes: dict) -> None:
    filled = look_alikes
    phrase = '"pemeriksaan disiplin pegawai"'
    assert ids(run(home_dir, phrase, "--json")[1]) == []
    assert ids(run(home_dir, phrase, "--exempt", "--json")[1]) == [filled["exempt"]]
    assert ids(run(home_dir, phrase, "--exempt", "--unit", "Hukum", "--json")[1]) == [filled["exempt"]]
    assert ids(run(home_dir, phrase, "--exempt", "--unit", "Umum", "--json")[1]) == []
    assert ids(run(home_dir, phrase, "--exempt", "--register", "DIP", "--json")[1]) == []
    assert ids(run(home_dir, '"rapat pleno terbuka"', "--exempt", "--year", "2024", "--json")[1]) == [filled["public"]]
    assert ids(run(home_dir, '"rapat pleno terbuka"', "--exempt", "--year", "2023", "--json")[1]) == []


def test_a_phrase_is_highlighted_where_it_occurs(home_dir: Path, look_alikes: dict) -> None:
    [hit] = [json.loads(line) for line in run(home_dir, '"pleno terbuka" aula', "--json")[1].splitlines()]
    assert "PLENO TERBUKA" in hit["snippet"] and "AULA" in hit["snippet"]


@pytest.mark.parametrize("text", [
    "Pémilu ULANG di TPS 012, Nomor 12/PL.02.1-Pu/1604/2024; perundang-undangan.",
    "KOMISI Pemilihan UMUM. Jl. A.Yani No.5 - Lahat, 6/1/2024 (rapat) pleno_terbuka",
])
def test_exact_tokens_are_the_exact_analyzers(text: str) -> None:
    assert index.exact_tokens(text) == [t.text for t in index.exact_analyzer()(text)]


def test_boolean_and_field_queries(home_dir: Path, filled: dict) -> None:
    assert ids(run(home_dir, "pemilih AND aula", "--json")[1]) == [filled["public"]]
    assert ids(run(home_dir, "pemilih NOT aula", "--json")[1]) == []
    assert ids(run(home_dir, "pegawai OR pemilih", "--exempt", "--json")[1]) != []
    assert ids(run(home_dir, "register:DIK", "--exempt", "--json")[1]) == [filled["exempt"]]


def test_filters_by_unit_year_and_register(home_dir: Path, filled: dict) -> None:
    assert ids(run(home_dir, "pemeriksaan", "--exempt", "--unit", "Hukum", "--json")[1]) == [filled["exempt"]]
    assert ids(run(home_dir, "pemeriksaan", "--exempt", "--unit", "Umum", "--json")[1]) == []
    assert ids(run(home_dir, "pemilih", "--year", "2024", "--json")[1]) == [filled["public"]]
    assert ids(run(home_dir, "pemilih", "--year", "2023", "--json")[1]) == []


def test_fuzzy_search_tolerates_ocr_damage(home_dir: Path, filled: dict) -> None:
    assert ids(run(home_dir, "rekapitu1asi", "--json")[1]) == []
    assert ids(run(home_dir, "rekapitu1asi", "--fuzzy", "--json")[1]) == [filled["public"]]


@pytest.mark.parametrize("damaged", ["dimutakhlrkan", "pemutakhiran~", "pcmutakhiran~"])
def test_a_damaged_inflected_word_finds_its_document(home_dir: Path, filled: dict, damaged: str) -> None:
    args = [damaged, "--json"] if damaged.endswith("~") else [damaged, "--fuzzy", "--json"]
    assert ids(run(home_dir, *args)[1]) == [filled["public"]]


def test_fuzzy_words_still_meet_their_other_forms(home_dir: Path, filled: dict) -> None:
    assert ids(run(home_dir, "memutakhirkan", "--fuzzy", "--json")[1]) == [filled["public"]]


def test_results_show_title_date_unit_path_and_a_highlighted_snippet(home_dir: Path, filled: dict) -> None:
    code, out = run(home_dir, "pemutakhiran")
    assert code == 0
    assert "PEMUTAKHIRAN DATA PEMILIH" in out or "PENGUMUMAN" in out
    assert "2024-01-06" in out and "Umum" in out and "archive/public/x.pdf" in out
    [hit] = [json.loads(line) for line in run(home_dir, "pemutakhiran", "--json")[1].splitlines()]
    assert "PEMUTAKHIRAN" in hit["snippet"]  # the matched word is highlighted
    assert hit["date"] == "2024-01-06" and hit["register"] == "DIP" and hit["side"] == "public"


def test_exempt_text_never_reaches_the_public_side(home_dir: Path, filled: dict) -> None:
    token = "zyxwarnaungu"
    assert ids(run(home_dir, token, "--json")[1]) == []
    assert ids(run(home_dir, token, "--exempt", "--json")[1]) == [filled["exempt"]]
    assert ids(run(home_dir, f'"pegawai {token}"', "--json")[1]) == []
    assert ids(run(home_dir, f'"pegawai {token}"', "--exempt", "--json")[1]) == [filled["exempt"]]
    # The exempt index holds the token (the bytes looked for below) and its word pairs.
    pairs = {index.pair_term("pegawai", token), index.pair_term(token, "hasil")}
    with index.open_index(load_settings(home_dir).home, "exempt").reader() as r:
        assert pairs <= {t.decode() for t in r.lexicon("pairs")}
    exempt_bytes = b"".join(f.read_bytes() for f in (home_dir / "index" / "exempt").rglob("*") if f.is_file())
    assert token.encode() in exempt_bytes
    public_dir = home_dir / "index" / "public"
    for f in public_dir.rglob("*"):
        if f.is_file():
            assert token.encode() not in f.read_bytes(), f
    ix = index.open_index(load_settings(home_dir).home, "public")
    with ix.reader() as r:
        assert not any(token in t.decode("utf-8", "replace") if isinstance(t, bytes) else token in str(t)
                       for _, t in r.all_terms())
        assert not pairs & {t.decode() for t in r.lexicon("pairs")}  # no pair of the exempt text either
        assert all(token not in str(f) for f in r.all_stored_fields())


def test_user_without_access_gets_a_clear_message_not_content(home_dir: Path, filled: dict,
                                                              request: pytest.FixtureRequest) -> None:
    exempt_dir = home_dir / "index" / "exempt"
    if os.geteuid() == 0:
        # root reads everything: run the search as an unprivileged user, on a copy of the
        # home where that user can reach it (pytest's own temporary folder is 0700).
        as_nobody, spot = request.getfixturevalue("as_nobody"), request.getfixturevalue("shared_spot")
        shutil.copytree(home_dir, spot / "home", symlinks=True)
        code = as_nobody("search", "--home", str(spot / "home"), "--exempt", "pemeriksaan")
        out = code.stdout + code.stderr
        assert code.returncode == ExitCode.no_access, out
    else:
        exempt_dir.chmod(0o000)
        try:
            r = CliRunner().invoke(cli, ["search", "--home", str(home_dir), "--exempt", "pemeriksaan"])
            out, assert_code = r.output, r.exit_code
            assert assert_code == ExitCode.no_access
        finally:
            exempt_dir.chmod(0o750)
    assert "Tidak punya akses" in out and "Traceback" not in out and "kesehatan jiwa" not in out


def test_a_review_move_takes_the_entry_to_the_other_index(home_dir: Path, filled: dict) -> None:
    home = load_settings(home_dir).home
    with Catalog(home.catalog) as cat:
        cat.db.execute("UPDATE documents SET side='exempt' WHERE id=?", (filled["public"],))
        index.enqueue(cat, [filled["public"]])
        index.flush(home, cat)
        assert index.check(home, cat).ok
    assert ids(run(home_dir, "pemutakhiran", "--json")[1]) == []
    assert ids(run(home_dir, "pemutakhiran", "--exempt", "--json")[1]) == [filled["public"]]


def test_check_reports_drift_and_rebuild_repairs_it(home_dir: Path, filled: dict) -> None:
    home = load_settings(home_dir).home
    import shutil

    shutil.rmtree(home.index_public)
    r = CliRunner().invoke(cli, ["index", "check", "--home", str(home_dir), "--json"])
    assert r.exit_code == 2 and json.loads(r.output)["missing"]["public"] == [filled["public"]]
    r = CliRunner().invoke(cli, ["index", "rebuild", "--home", str(home_dir)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["index", "check", "--home", str(home_dir), "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["ok"]


def test_an_index_of_an_older_schema_is_reported_and_rebuilt(home_dir: Path, filled: dict) -> None:
    home = load_settings(home_dir).home
    # What an index built before schema versions were recorded looks like.
    (home.index_public / "pindai-schema-version").unlink()
    code, out = run(home_dir, "pemilih")
    assert code == ExitCode.bad_home
    assert "pindai index rebuild" in out and "Jalankan" in out and "Traceback" not in out
    r = CliRunner().invoke(cli, ["index", "check", "--home", str(home_dir)])
    assert r.exit_code == ExitCode.input_failed and "public: skema indeks versi 1" in r.output
    r = CliRunner().invoke(cli, ["index", "check", "--home", str(home_dir), "--json"])
    assert json.loads(r.output)["outdated"] == ["public"]
    # Updates meanwhile stay queued rather than failing or mixing schemas.
    later = add_document(home_dir, PUBLIC_TEXT.replace("aula", "gedung"), side="public")
    with Catalog(home.catalog) as cat:
        assert index.check(home, cat).queued == 1
    assert CliRunner().invoke(cli, ["index", "rebuild", "--home", str(home_dir)]).exit_code == 0
    assert set(ids(run(home_dir, "pemilih", "--json")[1])) == {filled["public"], later}
    assert CliRunner().invoke(cli, ["index", "check", "--home", str(home_dir)]).exit_code == 0


def test_rebuild_leaves_one_segment_per_side_with_bounded_processes(home_dir: Path, filled: dict,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    asked = []

    class CountingMpWriter(index.MpWriter):
        def __init__(self, ix, procs: int = 1, **kwargs) -> None:  # noqa: ANN001
            asked.append(procs)
            super().__init__(ix, procs=procs, **kwargs)

    monkeypatch.setattr(index, "MpWriter", CountingMpWriter)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    add_document(home_dir, PUBLIC_TEXT.replace("aula", "gedung"), side="public")
    home = load_settings(home_dir).home
    with Catalog(home.catalog) as cat:
        index.rebuild(home, cat, batch=1)  # a segment per batch: merged at the end
    assert asked and max(asked) == index.REBUILD_PROCS == 1  # whatever the cores
    for side in index.SIDES:
        with index.open_index(home, side).reader() as r:
            assert r.is_atomic(), side  # one segment
    assert ids(run(home_dir, '"rapat pleno terbuka"', "--json")[1])[0] == filled["public"]


def test_killed_writer_leaves_an_index_that_opens_and_a_rebuild_that_completes(home_dir: Path, filled: dict) -> None:
    # A writer process killed mid-write (holding Whoosh's and pindai's locks).
    script = (
        "import os, sys, time\n"
        "from pindai import index\nfrom pindai.config import load_settings\n"
        f"home = load_settings({str(home_dir)!r}).home\n"
        "with index.writer_lock(home, timeout=5):\n"
        "    w = index.open_index(home, 'public').writer()\n"
        "    w.add_document(doc_id='999', content='setengah jalan')\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.kill()
    proc.wait()
    home = load_settings(home_dir).home
    assert ids(run(home_dir, "pemutakhiran", "--json")[1]) == [filled["public"]]  # still opens
    extra = add_document(home_dir, PUBLIC_TEXT.replace("aula", "gedung"), side="public")
    with Catalog(home.catalog) as cat:
        assert index.check(home, cat).missing["public"] == []  # the new one got in
        assert index.rebuild(home, cat) == 3
        assert index.check(home, cat).ok
    assert set(ids(run(home_dir, "pemilih", "--json")[1])) == {filled["public"], extra}


def test_concurrent_ingest_search_and_review_lose_nothing(home_dir: Path) -> None:
    """Three writer processes add and move documents while a fourth searches."""
    writer = (
        "import sys\n"
        "sys.path.insert(0, {tests!r})\n"
        "from test_index import add_document, PUBLIC_TEXT\n"
        "from pathlib import Path\n"
        "from pindai import index\nfrom pindai.catalog import Catalog\nfrom pindai.config import load_settings\n"
        "home = Path({home!r}); w = int(sys.argv[1])\n"
        "for i in range(15):\n"
        "    doc = add_document(home, PUBLIC_TEXT + f' penulis{{w}} dokumen{{i}}', side='public')\n"
        "    if i % 5 == 4:  # a review decision moves it to the exempt side\n"
        "        with Catalog(home / 'catalog.sqlite3') as cat:\n"
        "            cat.db.execute('UPDATE documents SET side=? WHERE id=?', ('exempt', doc))\n"
        "            index.enqueue(cat, [doc])\n"
        "            index.flush(load_settings(home).home, cat)\n"
    ).format(tests=str(Path(__file__).parent), home=str(home_dir))
    searcher = (
        "import time\nfrom pathlib import Path\nfrom pindai import index\nfrom pindai.config import resolve_home\n"
        f"home = resolve_home({str(home_dir)!r}); n = 0\n"
        "end = time.time() + 8\n"
        "while time.time() < end:\n"
        "    index.search(home, 'pemilih', exempt=True, limit=5); n += 1\n"
        "print(n)\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", writer, str(w)], stderr=subprocess.PIPE, text=True)
             for w in range(3)]
    reader = subprocess.Popen([sys.executable, "-c", searcher], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err[-2000:]
    assert int(out) > 0  # searches ran throughout, none failed
    home = load_settings(home_dir).home
    with Catalog(home.catalog) as cat:
        index.flush(home, cat)
        drift = index.check(home, cat)
        assert drift.ok and drift.queued == 0, drift
        sides = dict(cat.db.execute("SELECT side, count(*) FROM documents GROUP BY side").fetchall())
    assert sides == {"public": 36, "exempt": 9}
    public = [json.loads(line) for line in run(home_dir, "pemilih", "--json", "--limit", "100")[1].splitlines()]
    assert len(public) == 36


def test_field_lengths_kept_in_memory_score_as_whoosh_does(home_dir: Path, filled: dict) -> None:
    """BM25F reads field lengths from memory (#5): same hits, same scores as Whoosh's own lookup."""
    for n in range(1, 6):  # documents of different lengths
        add_document(home_dir, PUBLIC_TEXT + "\nDaftar pemilih tambahan di desa. " * n, side="public",
                     unit=f"Unit {n}")
    home = load_settings(home_dir).home
    folder = index.index_dir(home, "public")
    ours = index._searcher(folder)
    in_memory = [leaf._perdoc._readers.get("_content_len") for leaf, _ in ours.reader().leaf_readers()]
    assert in_memory and all(isinstance(r, bytes) for r in in_memory)  # the fast path is the one tested
    plain = index.FileStorage(str(folder), supports_mmap=False).open_index().searcher(weighting=index._WEIGHTING)
    try:
        for text in ("pemilih", "daftar pemilih", "desa OR aula", "pemutakhiran"):
            parsed = index.parse_query(text, ours.schema)
            got = [(h.docnum, h.score) for h in ours.search(parsed.query, limit=None)]
            want = [(h.docnum, h.score) for h in plain.search(parsed.query, limit=None)]
            assert len(got) >= 2, text
            assert got == want, text
            assert len({round(score, 9) for _, score in got}) > 1, text  # lengths did change the scores
    finally:
        plain.close()


# --------------------------------------------------------------------------- one entry per document (#13.4)


def test_a_document_queued_several_times_is_indexed_once(home_dir: Path, filled: dict) -> None:
    """The queue holds a document once per change (ingest, reprocess, review): one entry, whatever the count."""
    home = load_settings(home_dir).home
    with Catalog(home.catalog) as cat:
        cat.enqueue_index([filled["public"], filled["exempt"], filled["public"], filled["public"]])
        index.flush(home, cat)
        drift = index.check(home, cat)
    assert drift.duplicates == {"public": [], "exempt": []} and drift.ok, drift
    assert ids(run(home_dir, "pemutakhiran", "--json")[1]) == [filled["public"]]
    assert ids(run(home_dir, "pemeriksaan", "--exempt", "--json")[1]) == [filled["exempt"]]


def test_the_count_shown_is_the_documents_one_can_page_through(home_dir: Path, filled: dict) -> None:
    """Neither a second entry nor the deleted ones an update leaves until a merge are counted."""
    home = load_settings(home_dir).home
    other = add_document(home_dir, PUBLIC_TEXT.replace("aula", "gedung"), side="public", unit="Teknis")
    with Catalog(home.catalog) as cat:
        for _ in range(3):  # three updates, each queued twice (a reprocess, then its index stage)
            cat.enqueue_index([filled["public"], other, filled["public"], other])
            index.flush(home, cat)
    for args in (("pemilih",), ('"rapat pleno terbuka"',), ("pemilih", "--unit", "Teknis"), ()):
        code, out = run(home_dir, *args)
        shown = [line for line in out.splitlines() if line.startswith("#")]
        want = 1 if "--unit" in args else 2
        assert code == 0 and len(shown) == want, out
        assert out.splitlines()[0] == f"{want} dokumen ditemukan / found; hasil 1-{want}", (args, out)
    assert index.search(home, "pemilih", exempt=True).total == 2


def test_a_filter_no_entry_of_a_side_matches_counts_nothing_of_that_side(home_dir: Path, filled: dict) -> None:
    """Whoosh's count of a limited search ignored a filter that matched no document of the index: a search
    of the DIK register counted every public paper holding the word (seen: 1,483 for 73 hits)."""
    home = load_settings(home_dir).home
    add_document(home_dir, EXEMPT_TEXT.replace("disiplin", "disiplin lahat"), side="exempt", register="DIK",
                 ground="i", unit="Hukum")
    for i in range(12):  # public papers holding the word, enough for Whoosh to rank them by blocks
        add_document(home_dir, PUBLIC_TEXT + f"\nlampiran {i} " + "lahat " * i, side="public")
    for query, kwargs, want in (("lahat", {"register": "DIK"}, 2),
                                ("lahat", {"register": "DIK", "side": "public"}, 0),
                                ("lahat", {"ground": "i", "year": 2024}, 2), ("lahat", {"unit": "Keuangan"}, 0),
                                ("lahat NOT disiplin", {"register": "DIP"}, 13),
                                ("lahat NOT lampiran", {"register": "DIP"}, 1)):
        r = index.search(home, query, exempt=True, **kwargs)
        assert r.total == want and len(r.hits) == min(want, 10), (query, kwargs, r.total, [h.doc_id for h in r.hits])
    assert index.search(home, "lahat", exempt=True, limit=100).total == 15


def test_index_check_finds_a_duplicate_entry(home_dir: Path, filled: dict) -> None:
    home = load_settings(home_dir).home
    with Catalog(home.catalog) as cat:
        _side, fields = index.entry_for(cat, filled["public"])
    w = index.open_index(home, "public").writer()
    w.add_document(**fields)  # a second entry, as the old flush of a twice-queued document wrote
    w.commit()
    r = CliRunner().invoke(cli, ["index", "check", "--home", str(home_dir), "--json"])
    assert r.exit_code == ExitCode.input_failed and json.loads(r.output)["duplicates"]["public"] == [filled["public"]]
    r = CliRunner().invoke(cli, ["index", "check", "--home", str(home_dir)])
    assert r.exit_code == ExitCode.input_failed and f"ganda / duplicated [{filled['public']}]" in r.output
    from pindai import integrity

    problems = [p for p in integrity.check(load_settings(home_dir)).problems if p.code == "index_duplicate"]
    assert [p.doc_id for p in problems] == [filled["public"]] and "ganda" in problems[0].message
    with Catalog(home.catalog) as cat:
        index.enqueue(cat, [filled["public"]])
        index.flush(home, cat)  # an update replaces every entry of the document
        assert index.check(home, cat).ok
    assert ids(run(home_dir, "pemutakhiran", "--json")[1]) == [filled["public"]]



def test_the_count_is_what_paging_through_all_results_shows(home_dir: Path) -> None:
    """Whoosh's estimate (document frequencies, deleted entries included) is not shown as the count."""
    home = load_settings(home_dir).home
    with Catalog(home.catalog) as cat:
        job = cat.new_job(source=Path("/x/batch.pdf"), work=Path("/w"), profile="default")
        docs = []
        for i in range(70):
            text = PUBLIC_TEXT + f"\ndokumen{i} " + "gedung " * (i % 7) + ("sidang ruang tengah" if i % 3 else "tengah ruang sidang")
            docs.append(({"sha256": os.urandom(8).hex(), "source_name": "x.pdf", "profile": "default",
                          "unit": "Umum", "input_kind": "pdf", "original_path": "o",
                          "pdfa_path": f"archive/public/x{i}.pdf", "pdfa_sha256": "0", "pdfa_valid": 1,
                          "pdfa_verdict": "pass", "side": "public", "status": "usulan", "pages": 1,
                          "received_at": "2024-01-08T10:00:00+07:00", "filed_at": "2024-01-08T10:00:00+07:00"},
                         [{"number": 1, "text": text, "confidence": 95.0, "rescan": 0, "born_digital": 0,
                           "quarter_turns": 0, "deskew_angle": 0.0, "perspective": 0}],
                         {"register": "DIP", "dip_type": "setiap_saat", "ground": None, "confidence": 0.9,
                          "held": False, "evidence": [], "model_version": "test"}))
        batch = cat.commit_documents(job_id=job, documents=docs)
        index.flush(home, cat)
        cat.enqueue_index(batch[:13])  # updated: their old entries stay, deleted, in the segment
        index.flush(home, cat)
    for query, want in (("gedung", 60), ("gedung AND pemilih", 60), ('"sidang ruang tengah"', 46),
                        ("pemilih", 70), ("dokumen1*", 11)):
        seen: list[int] = []
        total = None
        for page in range(1, 9):
            r = index.search(home, query, limit=10, page=page)
            total = r.total if total is None else total
            assert r.total == total and r.exact, (query, page)
            seen += [h.doc_id for h in r.hits]
        assert len(seen) == len(set(seen)) == want and total == want, (query, total, len(seen))
    # A phrase in more documents than are checked for it: the count is an estimate, and says so.
    code, out = run(home_dir, '"rapat pleno terbuka"')
    assert code == 0 and out.startswith("sekitar / about ") and "; hasil 1-10" in out.splitlines()[0], out


# --------------------------------------------------------------------------- purge on leaving the public side (#14.5)

SECRET_WORD = "qzvoranyejingga"


def _public_index_bytes(home_dir: Path) -> bytes:
    return b"".join(f.read_bytes() for f in (home_dir / "index" / "public").rglob("*") if f.is_file())


def test_moving_a_document_off_the_public_side_purges_its_text_from_the_public_files(home_dir: Path,
                                                                                      filled: dict) -> None:
    from pindai import review

    settings = load_settings(home_dir)
    doc = add_document(home_dir, PUBLIC_TEXT + f"\nNarahubung {SECRET_WORD} 2101110301650035", side="public")
    assert SECRET_WORD.encode() in _public_index_bytes(home_dir)
    assert ids(run(home_dir, SECRET_WORD, "--json")[1]) == [doc]
    with Catalog(settings.home.catalog) as cat:
        assert review.move_to_side(settings, cat, doc, "exempt", reason="test")
        assert index.check(settings.home, cat).ok
    assert SECRET_WORD.encode() not in _public_index_bytes(home_dir)
    assert ids(run(home_dir, SECRET_WORD, "--json")[1]) == []
    assert ids(run(home_dir, SECRET_WORD, "--exempt", "--json")[1]) == [doc]
    # The other public document is still there, counted once.
    code, out = run(home_dir, "pemutakhiran")
    assert code == 0 and out.splitlines()[0] == "1 dokumen ditemukan / found; hasil 1-1"


def test_index_check_finds_text_of_a_non_public_document_left_in_the_public_files(home_dir: Path,
                                                                                    filled: dict) -> None:
    settings = load_settings(home_dir)
    home = settings.home
    with Catalog(home.catalog) as cat:
        # What a flush before #14.5 left: the entry deleted, its stored text still in the segment.
        cat.db.execute("UPDATE documents SET side='exempt' WHERE id=?", (filled["public"],))
    w = index.open_index(home, "public").writer()
    w.delete_by_term("doc_id", str(filled["public"]))
    w.commit()
    assert b"dimutakhirkan" in _public_index_bytes(home_dir)
    r = CliRunner().invoke(cli, ["index", "check", "--home", str(home_dir), "--json"])
    assert r.exit_code == ExitCode.input_failed
    assert json.loads(r.output)["unpurged"]["public"] == [filled["public"]]
    r = CliRunner().invoke(cli, ["index", "check", "--home", str(home_dir)])
    assert "masih tersimpan di berkas indeks publik" in r.output and "pindai index rebuild" in r.output
    from pindai import integrity

    rep = integrity.check(settings)
    assert [p.doc_id for p in rep.problems if p.code == "exempt_text_in_public_index"] == [filled["public"]]
    rep = integrity.check(settings, repair=True)
    fixed = [p for p in rep.problems if p.code == "exempt_text_in_public_index"]
    assert fixed and all(p.repaired for p in fixed)
    assert b"dimutakhirkan" not in _public_index_bytes(home_dir)
    with Catalog(home.catalog) as cat:
        assert index.check(home, cat).unpurged == {"public": [], "exempt": []}


# --------------------------------------------------------------------------- a missing index (#14.11)


@pytest.mark.parametrize("side", ["public", "exempt"])
def test_search_with_an_index_folder_deleted_says_so_and_how_to_rebuild(home_dir: Path, filled: dict,
                                                                        side: str) -> None:
    import shutil

    shutil.rmtree(home_dir / "index" / side)
    code, out = run(home_dir, "pemilih", "--exempt")
    assert code == ExitCode.bad_home, out
    assert f"Indeks pencarian {'publik' if side == 'public' else 'dikecualikan'} tidak ditemukan" in out
    assert "pindai index rebuild" in out and "Traceback" not in out
    assert "0 dokumen" not in out
    assert CliRunner().invoke(cli, ["index", "rebuild", "--home", str(home_dir)]).exit_code == 0
    assert ids(run(home_dir, "pemilih", "--exempt", "--json")[1]) == [filled["public"]]


def test_a_document_leaving_the_public_side_is_hidden_at_once_even_while_a_rebuild_holds_the_index(
        home_dir: Path, filled: dict) -> None:
    """The flush after a DIP -> DIK change cannot run while another process writes the index (a
    rebuild): public search must neither show nor count the document meanwhile (#13)."""
    from pindai import review

    settings = load_settings(home_dir)
    doc = add_document(home_dir, PUBLIC_TEXT + f"\nNarahubung {SECRET_WORD}", side="public")
    assert ids(run(home_dir, SECRET_WORD, "--json")[1]) == [doc]
    with index.writer_lock(settings.home, timeout=5) as got:  # as `pindai index rebuild` holds it
        assert got
        with Catalog(settings.home.catalog) as cat:
            assert review.move_to_side(settings, cat, doc, "exempt", reason="salah ketik")
            assert cat.queued_index_count() >= 1  # the index itself is not updated yet
        code, out = run(home_dir, SECRET_WORD)
        assert code == 0 and out.splitlines()[0].startswith("0 dokumen"), out
        assert ids(run(home_dir, SECRET_WORD, "--json")[1]) == []
    # The next flush purges the entry and forgets the withdrawal; the document is found on its side.
    with Catalog(settings.home.catalog) as cat:
        index.flush(settings.home, cat)
    assert SECRET_WORD.encode() not in _public_index_bytes(home_dir)
    assert index.withdrawn_public(settings.home) == set()
    assert ids(run(home_dir, SECRET_WORD, "--exempt", "--json")[1]) == [doc]


def test_threads_search_at_once_while_the_index_is_updated(filed_home: Settings) -> None:
    """The workspace's threads each search with their own searcher (#16): no lock between them,
    and a writer committing meanwhile never makes a search fail or return a wrong total."""
    import threading

    home = filed_home.home
    words = ["rekapitulasi", "pengumuman", "psikologi", "tahapan", "kampanye", "penawaran"]
    want = {w: index.search(home, w, exempt=True).total for w in words}
    assert all(want.values())
    failures: list[str] = []
    searchers: set[int] = set()

    def run(i: int) -> None:
        for k in range(25):
            w = words[(i + k) % len(words)]
            try:
                got = index.search(home, w, exempt=True)
                if got.total != want[w] or len(got.hits) != min(10, want[w]):
                    failures.append(f"{w}: {got.total} != {want[w]}")
            except Exception as e:  # noqa: BLE001 - the test reports any failure
                failures.append(f"{w}: {type(e).__name__}")
        searchers.update(id(s) for s, _ in index._THREAD.by_folder.values())

    threads = [threading.Thread(target=run, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    with Catalog(home.catalog) as cat:
        for _ in range(4):  # every document's entry rewritten: new segments, old files deleted
            cat.enqueue_index(list(range(1, 7)))
            assert index.flush(home, cat) == 6
    for t in threads:
        t.join()
    assert failures == []
    assert len(searchers) >= 6, "each thread opened its own searchers"
# --------------------------------------------------------------------------- ranking: letterhead words rank low (#18)

LETTERHEAD = "KOMISI PEMILIHAN UMUM\nKABUPATEN LAHAT\nJalan Bukit Tunggal Nomor 5, Lahat\n"
SIGNATURE = "Lahat, 6 Januari 2024\nKetua Komisi Pemilihan Umum Kabupaten Lahat,\nttd.\nRina Wulandari\n"


def test_a_paper_saying_the_word_ranks_above_letterheads_that_only_share_its_root(home_dir: Path) -> None:
    """"mengumumkan" is "umum" to the stemmer, and every letterhead and signature block says "Komisi Pemilihan
    Umum": the paper that announces comes first, however short the papers around it (#18)."""
    letterheads = [add_document(home_dir, f"{LETTERHEAD}NOTA DINAS\nNomor : {k}/PL.01-ND/1604/2024\n"
                                          f"Hal : Rapat koordinasi\n{SIGNATURE}", side="public") for k in range(6)]
    body = " ".join(["Rapat pleno terbuka rekapitulasi daftar pemilih diadakan di aula kantor."] * 8)
    announcing = add_document(home_dir, f"{LETTERHEAD}DAFTAR PEMILIH SEMENTARA\n{body}\nKPU Kabupaten Lahat "
                                        f"mengumumkan daftar pemilih sementara.\n{body}\n{SIGNATURE}", side="public")
    found = ids(run(home_dir, "mengumumkan", "--json")[1])
    assert found[0] == announcing and sorted(found[1:]) == letterheads


def test_pages_of_papers_ranked_alike_show_each_once_best_first(home_dir: Path) -> None:
    """Thirty papers of one template, some announcing: each page takes up where the last one ended (#18)."""
    docs = [add_document(home_dir, f"{LETTERHEAD}PENGUMUMAN\nTENTANG DAFTAR PEMILIH\n"
                                   + ("KPU Kabupaten Lahat mengumumkan daftar pemilih. " if k % 3 else "Daftar pemilih. ")
                                   + "rapat " * (k % 4) + f"\n{SIGNATURE}", side="public") for k in range(30)]
    home = load_settings(home_dir).home
    every = index.search(home, "mengumumkan pemilih", limit=30)
    shown = [h for page in (1, 2, 3) for h in index.search(home, "mengumumkan pemilih", limit=10, page=page).hits]
    assert [h.doc_id for h in shown] == [h.doc_id for h in every.hits] and sorted(h.doc_id for h in shown) == docs
    assert [h.score for h in shown] == sorted((h.score for h in shown), reverse=True)
