"""Search on PostgreSQL's own full text (#19, branch pgsearch): the same interface and behaviours
as the Whoosh index, with the public side's database role kept out of the exempt rows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pgserver import needs_postgres, pg_server  # noqa: F401  (the session's PostgreSQL)

import corpus
from pindai import archive, index, pgsearch, review
from pindai.catalog import PG_SEARCH_PUBLIC_ROLE, Catalog
from pindai.config import load_settings, resolve_home
from pindai.errors import ConfigError

pytestmark = needs_postgres

SECRET_WORD = "zyxwarnaungu"


def _home(root: Path, url: str | None, *, public_url: str = "") -> Path:
    archive.init_home(resolve_home(root))
    if url:
        with (root / "pindai.toml").open("a", encoding="utf-8") as f:
            f.write(f'\n[catalog]\nurl = "{url}"\n\n[search]\nengine = "postgresql"\n')
            if public_url:
                f.write(f'public_url = "{public_url}"\n')
    return root


def add(root: Path, text: str, *, side: str, unit: str = "Umum", register: str = "DIP", ground: str | None = None,
        received: str = "2024-01-08T10:00:00+07:00", flush: bool = True) -> int:
    """A catalogue document as ingest records it (no OCR), then the index queue flushed."""
    home = load_settings(root).home
    with Catalog(home.catalog) as cat:
        job = cat.new_job(source=Path(f"/x/{os.urandom(4).hex()}.pdf"), work=Path("/w"), profile="default")
        [doc_id] = cat.commit_documents(job_id=job, documents=[(
            {"sha256": os.urandom(8).hex(), "source_name": "x.pdf", "profile": "default", "unit": unit,
             "input_kind": "pdf", "original_path": "o", "pdfa_path": f"archive/{side}/x.pdf",
             "pdfa_sha256": "0", "pdfa_valid": 1, "pdfa_verdict": "pass", "side": side,
             "status": "usulan", "pages": 1, "received_at": received, "filed_at": received},
            [{"number": 1, "text": text, "confidence": 95.0, "rescan": 0, "born_digital": 0,
              "quarter_turns": 0, "deskew_angle": 0.0, "perspective": 0}],
            {"register": register, "dip_type": "setiap_saat" if register == "DIP" else None,
             "ground": ground, "confidence": 0.9, "held": side == "exempt", "evidence": [],
             "model_version": "test"},
        )])
        if flush:
            index.flush(home, cat)
    return doc_id


def ids(res: index.Results) -> list[int]:
    return [h.doc_id for h in res.hits]


#: The generated collection both engines get: per kind, its first document; DIK kinds exempt.
def _collection() -> list[tuple[str, str, str, str | None]]:
    seen: dict[str, tuple[str, str, str, str | None]] = {}
    units = ("Umum", "Teknis", "Hukum", "Keuangan")
    for d in corpus.corpus():
        if d.kind not in seen:
            seen[d.kind] = (d.text, "exempt" if d.register == "DIK" else "public", units[len(seen) % 4], d.ground)
    return list(seen.values())


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory, pg_server) -> dict[str, object]:  # noqa: F811
    """The same generated documents in a Whoosh home and a PostgreSQL-search home."""
    base = tmp_path_factory.mktemp("twins")
    pg = _home(base / "pg", pg_server.new_database())
    wh = _home(base / "whoosh", None)
    docs = _collection()
    made = {"pg": [], "whoosh": []}
    for text, side, unit, ground in docs:
        for name, root in (("pg", pg), ("whoosh", wh)):
            made[name].append(add(root, text, side=side, unit=unit, register="DIK" if side == "exempt" else "DIP",
                                  ground=ground))
    assert made["pg"] == made["whoosh"]
    return {"pg": load_settings(pg).home, "whoosh": load_settings(wh).home, "docs": docs, "ids": made["pg"]}


FUZZY = ["rekapitu1asi", "pemutakhrian", "anggarn", "keputusn", "kecamatam"]

#: Words (in several forms), document numbers, boolean and filtered queries, phrases.
QUERIES = [
    ("pemilih", {}), ("dimutakhirkan", {}), ("rekapitulasi", {}), ("anggaran", {}), ("keputusan", {}),
    ("pengadaan", {}), ("rahasia", {}), ("kesehatan", {}), ("kampanye", {}), ("saksi", {}),
    ("pemilih AND kecamatan", {}), ("pengadaan OR kampanye", {}), ("pemilih NOT rekapitulasi", {}),
    ("anggaran", {"unit": "Keuangan"}), ("pemilih", {"register": "DIP"}), ("keputusan", {"year": 2024}),
    ('"rapat pleno"', {}), ('"daftar pemilih tetap"', {}), ('"komisi pemilihan umum"', {}),
    ('"sesuai dengan"', {}), ('"hasil rekapitulasi" AND pemilih', {}), ('"tata cara"', {"register": "DIP"}),
]


@pytest.mark.parametrize(("q", "kw"), QUERIES, ids=[q + str(kw) for q, kw in QUERIES])
def test_the_same_query_finds_the_same_documents_as_whoosh(twins: dict, q: str, kw: dict) -> None:
    got = {name: index.search(twins[name], q, exempt=True, limit=200, **kw) for name in ("pg", "whoosh")}
    assert got["whoosh"].total > 0, q  # a query that finds nothing proves nothing
    assert got["pg"].total == got["whoosh"].total, q
    assert sorted(ids(got["pg"])) == sorted(ids(got["whoosh"])), q


def _ranking(res: index.Results) -> list[set[int]]:
    """The hits in order, documents with the same score (to 0.1 %) together."""
    groups: list[tuple[float, set[int]]] = []
    for h in res.hits:
        if groups and abs(groups[-1][0] - h.score) <= 0.001 * max(abs(h.score), 1e-9):
            groups[-1][1].add(h.doc_id)
        else:
            groups.append((h.score, {h.doc_id}))
    return [g for _, g in groups]


@pytest.mark.parametrize(("q", "kw"), [(q, kw) for q, kw in QUERIES if '"' not in q]
                         + [(w, {"fuzzy": True}) for w in FUZZY])
def test_words_are_ranked_as_whoosh_ranks_them(twins: dict, q: str, kw: dict) -> None:
    """BM25F as Whoosh computes it (idf per field, title boost, lengths as Whoosh keeps them): the
    same order of all hits, documents of equal score aside."""
    got = {name: index.search(twins[name], q, exempt=True, limit=200, **kw) for name in ("pg", "whoosh")}
    assert _ranking(got["pg"]) == _ranking(got["whoosh"]), q
    if "NOT" not in q:  # Whoosh adds 1 for a NOT clause
        assert [h.score for h in got["pg"].hits] == pytest.approx([h.score for h in got["whoosh"].hits], rel=0.005)


@pytest.mark.parametrize("word", FUZZY)
def test_fuzzy_words_and_did_you_mean_answer_as_on_whoosh(twins: dict, word: str) -> None:
    got = {name: index.search(twins[name], word, exempt=True, fuzzy=True, limit=200) for name in ("pg", "whoosh")}
    assert got["whoosh"].total > 0, word
    assert got["pg"].total == got["whoosh"].total and sorted(ids(got["pg"])) == sorted(ids(got["whoosh"])), word
    assert index.suggest(twins["pg"], word, exempt=True) == index.suggest(twins["whoosh"], word, exempt=True)
    assert index.suggest(twins["pg"], word) == index.suggest(twins["whoosh"], word)
    assert index.suggest(twins["pg"], "pemilih") is None


def test_pages_and_total_are_exact_and_each_document_is_shown_once(twins: dict) -> None:
    home = twins["pg"]
    whole = index.search(home, "komisi", exempt=True, limit=500)
    assert whole.total == len(whole.hits) > 12 and whole.exact
    seen = []
    for page in range(1, 100):
        res = index.search(home, "komisi", exempt=True, limit=5, page=page)
        assert res.total == whole.total
        if not res.hits:
            break
        seen += ids(res)
    assert seen == ids(whole)
    by_date = index.search(home, "komisi", exempt=True, limit=500, sort="date")
    assert sorted(ids(by_date)) == sorted(seen)


def test_snippets_mark_the_words_and_the_phrase(twins: dict) -> None:
    res = index.search(twins["pg"], '"rapat pleno" dimutakhirkan', exempt=True, html=True)
    res = res if res.hits else index.search(twins["pg"], '"rapat pleno"', exempt=True, html=True)
    assert res.hits and all("<mark>" in h.snippet.lower() for h in res.hits)
    assert any("<mark>rapat pleno</mark>" in h.snippet.lower() for h in res.hits)


def test_a_phrase_needs_its_words_in_a_row_even_past_the_positions_postgresql_keeps(
        tmp_path: Path, pg_server) -> None:  # noqa: F811
    root = _home(tmp_path / "home", pg_server.new_database())
    filler = " ".join(f"kata{i % 900} lain" for i in range(9000))  # 18,000 words: past 16,383 positions
    near = add(root, f"Pengumuman\n{filler}\nrapat pleno terbuka di aula", side="public")
    apart = add(root, f"Pengumuman\n{filler}\npleno rapat terbuka; rapat lain pleno", side="public")
    short = add(root, "Pengumuman\nrapat pleno terbuka", side="public")
    home = load_settings(root).home
    res = index.search(home, '"rapat pleno"', limit=10)
    assert sorted(ids(res)) == sorted([near, short]) and res.total == 2
    assert apart in ids(index.search(home, "rapat pleno", limit=10))


def test_the_public_role_cannot_read_the_exempt_side(tmp_path: Path, pg_server) -> None:  # noqa: F811
    import psycopg

    url = pg_server.new_database()
    root = _home(tmp_path / "home", url)
    public = add(root, "Pengumuman rapat pleno terbuka pemilih", side="public")
    secret = add(root, f"Nota dinas RAHASIA pemilih {SECRET_WORD}", side="exempt", register="DIK", ground="i")
    # A login for the web's public search, as a DBA would make it: a member of the public role only.
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE web_public_{os.getpid()} LOGIN IN ROLE {PG_SEARCH_PUBLIC_ROLE}")
    public_url = url.replace("postgres@", f"web_public_{os.getpid()}@")
    with psycopg.connect(public_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM search_public.docs").fetchone()[0] == 1
        assert not conn.execute("SELECT 1 FROM search_public.vocab WHERE word = %s", (SECRET_WORD,)).fetchall()
        for table in ("search_exempt.docs", "search_exempt.vocab", "pages", "documents"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(f"SELECT * FROM {table}")
    # The public search through that login, and through the catalogue's under the role, sees no exempt row.
    for extra in (public_url, ""):
        with (root / "pindai.toml").open("a", encoding="utf-8") as f:
            f.write("")
        home = load_settings(_home_with(root, extra)).home
        assert home.search_public_url == extra
        for q in ("pemilih", SECRET_WORD, '"nota dinas"', ""):
            res = index.search(home, q, limit=50)
            assert secret not in ids(res) and res.total == len([i for i in ids(res) if i == public]), q
        both = index.search(home, "pemilih", exempt=True)
        assert sorted(ids(both)) == sorted([public, secret]) and both.total == 2
        # Neither a fuzzy word nor "did you mean" reads the exempt side's words for a public search.
        assert index.search(home, SECRET_WORD[:-1] + "x", fuzzy=True).total == 0
        assert index.suggest(home, SECRET_WORD[:-1] + "x") is None
        assert index.suggest(home, SECRET_WORD[:-1] + "x", exempt=True) == SECRET_WORD


def _home_with(root: Path, public_url: str) -> Path:
    text = (root / "pindai.toml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("public_url"))
    if public_url:
        text = text.replace('engine = "postgresql"', f'engine = "postgresql"\npublic_url = "{public_url}"')
    (root / "pindai.toml").write_text(text + "\n", encoding="utf-8")
    return root


def test_a_document_leaving_the_public_side_is_neither_shown_nor_counted_at_once(
        tmp_path: Path, pg_server) -> None:  # noqa: F811
    """As on Whoosh (#13): even while another process holds the index writer (a rebuild)."""
    root = _home(tmp_path / "home", pg_server.new_database())
    add(root, "Pengumuman rapat pleno pemilih", side="public")
    doc = add(root, f"Pengumuman pemilih narahubung {SECRET_WORD}", side="public")
    settings = load_settings(root)
    assert ids(index.search(settings.home, SECRET_WORD)) == [doc]
    with index.writer_lock(settings.home, timeout=5) as got:
        assert got
        with Catalog(settings.home.catalog) as cat:
            assert review.move_to_side(settings, cat, doc, "exempt", reason="salah ketik")
            assert cat.queued_index_count() >= 1  # the flush could not run
            res = index.search(settings.home, "pemilih")
            assert doc not in ids(res) and res.total == 1
            assert index.search(settings.home, SECRET_WORD).total == 0
            assert cat.pg_search_ids()["public"] == [i for i in cat.pg_search_ids()["public"] if i != doc]
    with Catalog(settings.home.catalog) as cat:
        index.flush(settings.home, cat)
        assert cat.queued_index_count() == 0
    assert ids(index.search(settings.home, SECRET_WORD, exempt=True)) == [doc]
    assert index.search(settings.home, SECRET_WORD).total == 0
    # Its words left the public side's word list too (the public role reads that list).
    assert index.suggest(settings.home, SECRET_WORD[:-1] + "x") is None
    assert index.search(settings.home, SECRET_WORD[:-1] + "x", fuzzy=True).total == 0


def test_rebuild_writes_both_sides_from_the_catalogue(twins: dict) -> None:
    home = twins["pg"]
    before = ids(index.search(home, "pemilih", exempt=True, limit=200))
    with Catalog(home.catalog) as cat:
        assert index.check(home, cat).ok
        cat.pg_search_withdraw([twins["ids"][0]])  # as if a flush had been lost
        drift = index.check(home, cat)
        assert not drift.ok and twins["ids"][0] in drift.missing["public"] + drift.missing["exempt"]
        assert index.rebuild(home, cat) == len(twins["ids"])
        entries = cat.pg_search_ids()
        assert sorted(entries["public"] + entries["exempt"]) == sorted(twins["ids"])
        assert {k: set(v) for k, v in cat.documents_by_side().items()} == {k: set(v) for k, v in entries.items()}
        assert index.check(home, cat).ok
    assert ids(index.search(home, "pemilih", exempt=True, limit=200)) == before


def test_a_new_home_searches_before_anything_was_written(tmp_path: Path, pg_server) -> None:  # noqa: F811
    home = load_settings(_home(tmp_path / "home", pg_server.new_database())).home
    for exempt in (False, True):
        res = index.search(home, "pemilih", exempt=exempt)
        assert res.total == 0 and res.hits == [] and res.exact
        assert index.suggest(home, "pemilh", exempt=exempt) is None


def test_the_engine_is_checked_in_the_settings(tmp_path: Path) -> None:
    root = _home(tmp_path / "home", None)
    with (root / "pindai.toml").open("a", encoding="utf-8") as f:
        f.write('\n[search]\nengine = "postgresql"\n')
    with pytest.raises(ConfigError, match=r"\[catalog\] url"):
        load_settings(root)
    (root / "pindai.toml").write_text((root / "pindai.toml").read_text().replace('"postgresql"', '"elastic"'))
    with pytest.raises(ConfigError, match="engine"):
        load_settings(root)
    assert load_settings(_home(tmp_path / "other", None)).home.search_engine == "whoosh"


def test_sastrawi_roots_are_indexed_not_the_snowball_stemmers(twins: dict) -> None:
    """PostgreSQL's ``indonesian`` stemmer splits word forms Sastrawi joins; the index holds Sastrawi's."""
    import psycopg

    with psycopg.connect(twins["pg"].catalog_url) as conn:
        snow = {w: conn.execute("SELECT to_tsvector('indonesian', %s)::text", (w,)).fetchone()[0]
                for w in ("pemutakhiran", "dimutakhirkan")}
    assert snow["pemutakhiran"] != snow["dimutakhirkan"]
    assert pgsearch.stems_of("pemutakhiran dimutakhirkan") == ["mutakhir", "mutakhir"]
    assert ids(index.search(twins["pg"], "pemutakhiran", exempt=True, limit=200)) == \
        ids(index.search(twins["pg"], "dimutakhirkan", exempt=True, limit=200))


@pytest.mark.parametrize(("q", "kw"), [(q, kw) for q, kw in QUERIES if "NOT" not in q])
def test_hits_found_tier_by_tier_are_those_of_scoring_every_match(twins: dict, q: str, kw: dict,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """At scale the ranking starts from the documents holding a word often or in the title; its
    hits must be those of scoring every match, page after page."""
    from pindai import catalog

    def pages(tier_from: int) -> list[list[tuple[int, float]]]:
        monkeypatch.setattr(catalog, "_PG_TIER_FROM", tier_from)
        return [[(h.doc_id, h.score) for h in index.search(twins["pg"], q, exempt=True, limit=3, page=p, **kw).hits]
                for p in (1, 2, 3)]

    assert pages(0) == pages(10**9), q


def test_a_phrase_with_many_candidates_is_counted_on_a_sample_and_said_so(twins: dict,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from pindai import catalog

    whole = index.search(twins["pg"], '"komisi pemilihan umum"', exempt=True, limit=200)
    assert whole.exact and whole.total > 20
    monkeypatch.setattr(catalog, "_PG_PHRASE_CHECK", 5)
    monkeypatch.setattr(catalog, "_PG_PHRASE_SAMPLE", 10)
    sampled = index.search(twins["pg"], '"komisi pemilihan umum"', exempt=True, limit=10)
    assert not sampled.exact and 0.5 * whole.total <= sampled.total <= 1.5 * whole.total
    assert ids(sampled) == ids(whole)[:10]
    monkeypatch.setattr(catalog, "_PG_TIER_FROM", 0)  # at scale: the best of the first full tier
    tiered = index.search(twins["pg"], '"komisi pemilihan umum"', exempt=True, limit=10, html=True)
    assert len(tiered.hits) == 10 and set(ids(tiered)) <= set(ids(whole))
    assert all("<mark>komisi pemilihan umum</mark>" in h.snippet.lower() for h in tiered.hits)
    assert index.search(twins["pg"], '"pemilihan komisi umum"', exempt=True).total == 0


# --------------------------------------------------------------------------- at scale (#19, branch pgfast)


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory, pg_server) -> object:  # noqa: F811
    """1,500 entries written as a rebuild writes them: titles of one to seven words holding a word
    once, twice or not, contents of 40 to 1,500 words holding it 0 to 90 times; both sides."""
    import random
    from datetime import datetime

    rng = random.Random(19)
    url = pg_server.new_database()
    filler = ("surat rapat anggaran laporan kegiatan kantor wilayah hasil tahapan jadwal logistik gudang"
              " petugas dokumen arsip layanan informasi").split()
    titles = ["Pemilih", "Daftar Pemilih", "Pemilih pemilih", "Laporan Kegiatan", "Daftar Pemilih Tetap Kecamatan",
              "Rekapitulasi Daftar Pemilih Tetap Tingkat Kecamatan Kabupaten", "Kecamatan", "Surat Edaran",
              "Nota Dinas", "Berita Acara Rapat Pleno", "Jadwal"]
    rows: dict[str, list] = {"public": [], "exempt": []}
    words: dict[str, set] = {"public": set(), "exempt": set()}
    for i in range(1500):
        length = int(40 * 1.0025 ** rng.randrange(0, 1450))
        body = [rng.choice(filler) for _ in range(length)]
        for word, most in (("pemilih", 90), ("kecamatan", 30)):
            for _ in range(int((most + 1) ** rng.random()) - 1):  # as many times as its log: 0 to most
                body.insert(rng.randrange(len(body) + 1), word)
        if rng.random() < 0.3:
            at = rng.randrange(len(body) + 1)
            body[at:at] = ["daftar", "pemilih", "tetap"]
        side = "exempt" if i % 4 == 3 else "public"
        row, held = pgsearch.row_of({
            "doc_id": str(i + 1), "title": rng.choice(titles), "content": " ".join(body), "register": "DIP",
            "dip_type": "", "ground": "", "status": "usulan", "unit": ("Umum", "Teknis")[i % 2], "profile": "default",
            "number": "", "year": 2024, "received": datetime(2024, 1, 1 + i % 28), "pages": 1, "path": "x.pdf"})
        rows[side].append(row)
        words[side] |= held
    with Catalog(url) as cat:
        cat.pg_search_write(rows, replace=[], words=words)
    root = tmp_path_factory.mktemp("varied") / "home"
    return load_settings(_home(root, url)).home


@pytest.mark.parametrize(("q", "kw"), [
    ("pemilih", {}), ("kecamatan", {}), ("pemilih kecamatan", {}), ("pemilih OR kecamatan", {}),
    ("pemilih NOT kecamatan", {}), ("pemilih", {"unit": "Teknis"}), ('"daftar pemilih tetap"', {}),
    ('"daftar pemilih" kecamatan', {})])
def test_band_by_band_ranking_is_that_of_scoring_every_match(varied: object, q: str, kw: dict,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The bounds of the bands (title once, twice or not; the word's frequency; the lengths the
    index holds) leave out only entries that cannot rank: pages 1-3 as scoring every match."""
    from pindai import catalog

    def pages(tier_from: int) -> list[list[tuple[int, float]]]:
        monkeypatch.setattr(catalog, "_PG_TIER_FROM", tier_from)
        return [[(h.doc_id, h.score) for h in index.search(varied, q, exempt=True, limit=10, page=p, **kw).hits]
                for p in (1, 2, 3)]

    every = pages(10**9)
    assert len(every[2]) == 10, q
    assert pages(0) == every, q


def test_totals_of_one_word_come_from_the_df_table_exactly(varied: object) -> None:
    for word in ("pemilih", "kecamatan", "surat", "dipilih"):
        with Catalog(varied.catalog_url) as cat:
            counted = sum(cat.db.execute(f"SELECT count(*) FROM search_{side}.docs WHERE stems @@"
                                         " quote_literal(?)::tsquery", (pgsearch.stems_of(word)[0],)).fetchone()[0]
                          for side in ("public", "exempt"))
        res = index.search(varied, word, exempt=True)
        assert res.exact and res.total == counted, word


def test_search_tables_of_another_layout_ask_for_a_rebuild(tmp_path: Path, pg_server) -> None:  # noqa: F811
    """Written by a pindai of another layout (no ``df`` table, other lexemes): refused until rebuilt."""
    root = _home(tmp_path / "home", pg_server.new_database())
    doc = add(root, "Pengumuman rapat pleno pemilih", side="public")
    home = load_settings(root).home
    with Catalog(home.catalog) as cat:
        cat.db.execute("UPDATE search_public.stats SET layout = 1")
    pgsearch._READERS.cache = {}  # a new process
    with pytest.raises(index.IndexOutdatedError, match="pindai index rebuild"):
        index.search(home, "pemilih")
    with Catalog(home.catalog) as cat:
        index.rebuild(home, cat)
    assert ids(index.search(home, "pemilih")) == [doc]


def test_letterhead_words_weigh_as_in_whoosh() -> None:
    """PostgreSQL's ranking weighs a letterhead or signature word as the Whoosh index does (#18)."""
    from pindai.catalog import PG_SEARCH_FRAME_WEIGHT

    assert PG_SEARCH_FRAME_WEIGHT == index.FRAME_WEIGHT
