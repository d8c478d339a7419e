"""The web workspace through FastAPI's test client: roles, sessions, CSRF, review, search, registers."""

from __future__ import annotations

import json
import re
import shutil
import stat
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from pindai import archive, index, review
from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import Settings, load_settings
from pindai.errors import ExitCode
from pindai import accounts
from pindai.web.app import create_app

# Documents of the ``filed_home`` fixture (conftest.FILED_KINDS), by id, and the one this module adds.
REKAP, EDARAN, DARURAT, PSIKOLOGI, NOTA, PENAWARAN, SCRIPT = 1, 2, 3, 4, 5, 6, 7
PASSWORD = "rahasia-123"
#: What the added scan says: a script tag an officer must read as text.
SCRIPT_LINE = "<script>document.title='DIRETAS'</script>"


@pytest.fixture(scope="module")
def _web_template(_filed_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The filed documents plus a scan whose text holds a script tag (#7), and three accounts."""
    import synth

    from pindai.ingest import Ingestor

    base = tmp_path_factory.mktemp("web")
    root = base / "home"
    shutil.copytree(_filed_template, root, symlinks=True)
    s = load_settings(root)
    pdf = synth.write_text_pdf([["PENGUMUMAN", "Nomor 9/PL.01/2024", SCRIPT_LINE,
                                 "Jadwal tahapan kampanye pemilihan umum tahun 2024."]], base / "skrip.pdf")
    with Ingestor(s) as ing:
        [result] = ing.process(ing.claim(pdf, unit="Umum"))
    assert result.status == "filed" and result.id == SCRIPT, result
    with Catalog(s.home.catalog) as cat:
        accounts.add_user(cat, "siti", role="officer", password=PASSWORD)
        accounts.add_user(cat, "udin", role="operator", password=PASSWORD)
        accounts.add_user(cat, "ani", role="admin", password=PASSWORD)
        accounts.add_user(cat, "kiki", role="officer", password=PASSWORD, unit="Keuangan")
    return root


@pytest.fixture
def web_home(_web_template: Path, tmp_path: Path) -> Settings:
    """A private copy of the module's home per test."""
    root = tmp_path / "web-home"
    shutil.copytree(_web_template, root, symlinks=True)
    return load_settings(root)


@pytest.fixture
def client(web_home: Settings) -> TestClient:
    return TestClient(create_app(web_home), follow_redirects=False)


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, html[:500]
    return m.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log in; returns the CSRF token of the session."""
    r = client.post("/masuk", data={"name": name, "password": password, "csrf": csrf_of(client.get("/masuk").text)})
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/cari").text)


def rec(settings: Settings, doc_id: int) -> review.Record:
    with Catalog(settings.home.catalog) as cat:
        return review.record(cat, settings, doc_id)


def trail(settings: Settings, doc_id: int) -> list[dict]:
    with Catalog(settings.home.catalog) as cat:
        return review.audit_trail(cat, doc_id)


# ---------------------------------------------------------------------------- accounts and sessions


@pytest.mark.parametrize(("name", "start"), [("siti", "/kotak-masuk"), ("udin", "/status"), ("ani", "/admin")])
def test_each_role_logs_in_to_its_own_start_page(client: TestClient, name: str, start: str) -> None:
    login(client, name)
    r = client.get("/")
    assert r.status_code == 303 and r.headers["location"] == start
    page = client.get(start)
    assert page.status_code == 200 and name in page.text


def test_pages_need_a_login(client: TestClient) -> None:
    for path in ("/kotak-masuk", "/dokumen/1", "/status", "/admin", "/cari", "/daftar/dik"):
        r = client.get(path)
        assert r.status_code == 303 and r.headers["location"] == "/masuk", path


def test_the_session_cookie_is_signed_httponly_and_samesite(client: TestClient) -> None:
    client.get("/masuk")
    r = client.post("/masuk", data={"name": "siti", "password": PASSWORD, "csrf": csrf_of(client.get("/masuk").text)})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    tampered = client.cookies["pindai_sesi"][:-4] + "AAAA"
    client.cookies.clear()
    client.cookies.set("pindai_sesi", tampered)
    assert client.get("/kotak-masuk").status_code == 303


def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(client: TestClient) -> None:
    token = csrf_of(client.get("/masuk").text)
    for _ in range(accounts.MAX_FAILURES):
        r = client.post("/masuk", data={"name": "siti", "password": "salah-salah", "csrf": token})
        assert r.status_code == 401 and "salah" in r.text
    r = client.post("/masuk", data={"name": "siti", "password": PASSWORD, "csrf": token})
    assert r.status_code == 429 and "Terlalu banyak sandi salah" in r.text
    assert "pindai_sesi" not in r.headers.get("set-cookie", "") or client.get("/kotak-masuk").status_code == 303


def test_wrong_passwords_from_one_address_lock_other_accounts_too(web_home: Settings) -> None:
    with Catalog(web_home.home.catalog) as cat:
        for i in range(accounts.MAX_FAILURES):
            with pytest.raises(accounts.LoginError):
                accounts.authenticate(cat, f"tebakan{i}", "x" * 8, address="10.0.0.9")
        with pytest.raises(accounts.LoginLockedError):
            accounts.authenticate(cat, "udin", PASSWORD, address="10.0.0.9")
        assert accounts.authenticate(cat, "udin", PASSWORD, address="10.0.0.10").role == "operator"


def test_the_lock_ends_after_its_time(web_home: Settings) -> None:
    from datetime import UTC, datetime

    t0 = datetime.now(UTC)
    with Catalog(web_home.home.catalog) as cat:
        for _ in range(accounts.MAX_FAILURES):
            with pytest.raises(accounts.LoginError):
                accounts.authenticate(cat, "siti", "salah-salah", address="a", now=t0)
        with pytest.raises(accounts.LoginLockedError):
            accounts.authenticate(cat, "siti", PASSWORD, address="b", now=t0)
        later = t0 + accounts.LOCK_TIME + accounts.LOCK_TIME / 10
        assert accounts.authenticate(cat, "siti", PASSWORD, address="b", now=later).name == "siti"


def test_a_session_expires_after_the_idle_time(web_home: Settings) -> None:
    client = TestClient(create_app(web_home, session_idle=1), follow_redirects=False)
    login(client, "siti")
    assert client.get("/kotak-masuk").status_code == 200
    time.sleep(1.3)
    assert client.get("/kotak-masuk").status_code == 303


def test_a_disabled_account_is_logged_out_at_its_next_request(client: TestClient, web_home: Settings) -> None:
    login(client, "siti")
    with Catalog(web_home.home.catalog) as cat:
        accounts.disable_user(cat, "siti")
    assert client.get("/kotak-masuk").status_code == 303


def test_a_form_without_the_csrf_token_is_refused(client: TestClient, web_home: Settings) -> None:
    token = login(client, "siti")
    r = client.post(f"/dokumen/{REKAP}/keputusan", data={"aksi": "terima"})
    assert r.status_code == 403 and "CSRF" in r.text
    r = client.post(f"/dokumen/{REKAP}/keputusan", data={"aksi": "terima", "csrf": token[::-1]})
    assert r.status_code == 403
    assert not rec(web_home, REKAP).decided
    r = client.post("/masuk", data={"name": "siti", "password": PASSWORD})
    assert r.status_code == 403


def test_the_session_secret_is_kept_in_the_home_for_the_service_user_only(web_home: Settings) -> None:
    create_app(web_home)
    key = accounts.secret_file(web_home.home)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_text()) >= 40


def test_user_commands_add_list_passwd_disable(web_home: Settings) -> None:
    home = str(web_home.home.root)
    r = CliRunner().invoke(cli, ["user", "add", "dewi", "--role", "officer", "--unit", "Teknis", "--home", home],
                           input="sandi-dewi-1\n")
    assert r.exit_code == 0 and "dewi" in r.output, r.output
    r = CliRunner().invoke(cli, ["user", "add", "dewi", "--role", "officer", "--home", home], input="sandi-dewi-1\n")
    assert r.exit_code == ExitCode.bad_config and "sudah ada" in r.output
    r = CliRunner().invoke(cli, ["user", "add", "eko", "--role", "operator", "--home", home], input="pendek\n")
    assert r.exit_code == ExitCode.bad_config and "terlalu pendek" in r.output
    r = CliRunner().invoke(cli, ["user", "list", "--json", "--home", home])
    rows = {json.loads(line)["name"]: json.loads(line) for line in r.output.splitlines()}
    assert rows["dewi"]["role"] == "officer" and rows["dewi"]["unit"] == "Teknis"
    assert "hash" not in r.output and "argon2" not in r.output
    with Catalog(web_home.home.catalog) as cat:
        assert cat.web_user("dewi")["password_hash"].startswith("$argon2")
        assert accounts.authenticate(cat, "dewi", "sandi-dewi-1", address="x").unit == "Teknis"
    r = CliRunner().invoke(cli, ["user", "passwd", "dewi", "--home", home], input="sandi-baru-22\n")
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["user", "disable", "dewi", "--home", home])
    assert r.exit_code == 0, r.output
    with Catalog(web_home.home.catalog) as cat, pytest.raises(accounts.LoginError):
        accounts.authenticate(cat, "dewi", "sandi-baru-22", address="x")
    r = CliRunner().invoke(cli, ["user", "disable", "tidakada", "--home", home])
    assert r.exit_code == ExitCode.bad_config and "tidak ada" in r.output


# ---------------------------------------------------------------------------- roles and leaks


def test_an_operator_cannot_open_an_exempt_document_page_preview_or_download(client: TestClient,
                                                                             web_home: Settings) -> None:
    assert rec(web_home, PSIKOLOGI).side == "exempt"
    title = rec(web_home, PSIKOLOGI).title
    login(client, "udin")
    for path in (f"/dokumen/{PSIKOLOGI}", f"/dokumen/{PSIKOLOGI}/halaman/1.jpg",
                 f"/dokumen/{PSIKOLOGI}/halaman/1.jpg?w=thumb", f"/dokumen/{PSIKOLOGI}/pdfa"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert title not in r.text and "psikolog" not in r.text.lower()
    assert client.get(f"/dokumen/{PSIKOLOGI}/asli").status_code == 403
    assert client.get("/kotak-masuk").status_code == 403
    assert client.get("/daftar/dik").status_code == 403
    assert client.get("/daftar/dik/unduh/csv").status_code == 403


def test_an_operator_sees_a_public_document_but_not_its_original_or_decisions(client: TestClient,
                                                                             web_home: Settings) -> None:
    assert rec(web_home, REKAP).side == "public" and not rec(web_home, REKAP).held
    login(client, "udin")
    r = client.get(f"/dokumen/{REKAP}")
    assert r.status_code == 200 and "Keputusan" not in r.text and "Jejak audit" not in r.text
    assert client.get(f"/dokumen/{REKAP}/pdfa").content[:5] == b"%PDF-"
    assert client.get(f"/dokumen/{REKAP}/asli").status_code == 403


def test_an_operator_searches_the_public_side_only(client: TestClient, web_home: Settings) -> None:
    token = login(client, "udin")
    r = client.post("/cari", data={"q": "psikologi", "csrf": token})
    assert r.status_code == 200
    assert f"/dokumen/{PSIKOLOGI}" not in r.text and "<strong>0</strong> dokumen" in r.text


def test_an_officer_limited_to_a_unit_sees_only_its_documents(client: TestClient, web_home: Settings) -> None:
    assert rec(web_home, PENAWARAN).unit == "Keuangan" and rec(web_home, PSIKOLOGI).unit == "SDM"
    login(client, "kiki")
    r = client.get("/kotak-masuk")
    assert f'href="/dokumen/{PENAWARAN}"' in r.text and f'href="/dokumen/{PSIKOLOGI}"' not in r.text
    assert client.get(f"/dokumen/{PSIKOLOGI}").status_code == 404
    assert client.get(f"/dokumen/{PSIKOLOGI}/halaman/1.jpg").status_code == 404
    assert client.get(f"/dokumen/{PENAWARAN}").status_code == 200
    token = csrf_of(client.get("/cari").text)
    r = client.post("/cari", data={"q": "psikologi", "csrf": token})
    assert f"/dokumen/{PSIKOLOGI}" not in r.text
    r = client.get("/daftar/dip")
    assert r.status_code == 200 and "/daftar/dip/unduh/" not in r.text
    assert client.get("/daftar/dip/unduh/csv").status_code == 403


def test_a_script_in_the_ocr_text_is_shown_as_text(client: TestClient, web_home: Settings) -> None:
    with Catalog(web_home.home.catalog) as cat:
        assert SCRIPT_LINE in "\n".join(r["text"] for r in cat.page_rows(SCRIPT))
    token = login(client, "siti")
    r = client.get(f"/dokumen/{SCRIPT}")
    assert r.status_code == 200
    assert "<script>document.title" not in r.text
    assert "&lt;script&gt;document.title=&#39;DIRETAS&#39;&lt;/script&gt;" in r.text
    r = client.post("/cari", data={"q": "kampanye", "csrf": token})
    assert f"/dokumen/{SCRIPT}" in r.text and "<script>document.title" not in r.text
    assert "&lt;script&gt;" in r.text and "<mark>kampanye</mark>" in r.text


def test_responses_are_not_cached_and_carry_a_strict_content_policy(client: TestClient) -> None:
    login(client, "siti")
    for path in ("/kotak-masuk", f"/dokumen/{PSIKOLOGI}", f"/dokumen/{PSIKOLOGI}/halaman/1.jpg",
                 f"/dokumen/{PSIKOLOGI}/pdfa", "/daftar/dik/unduh/csv"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["cache-control"] == "no-store", path
        assert "script-src 'self'" in r.headers["content-security-policy"]


def test_an_unexpected_error_shows_no_detail(client: TestClient, web_home: Settings,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    login(client, "siti")
    secret = rec(web_home, PSIKOLOGI).title

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError(f"gagal membaca {secret}")

    monkeypatch.setattr(review, "audit_trail", boom)
    r = client.get(f"/dokumen/{PSIKOLOGI}")
    assert r.status_code == 500 and secret not in r.text and "admin TI" in r.text


# ---------------------------------------------------------------------------- review


def test_the_inbox_lists_waiting_documents_newest_first_with_evidence_in_words(client: TestClient) -> None:
    login(client, "siti")
    r = client.get("/kotak-masuk")
    assert r.status_code == 200
    ids = [int(x) for x in re.findall(r'name="ids" value="(\d+)"', r.text)]
    assert ids == [7, 6, 5, 4, 3, 2, 1]
    assert "hasil tes psikologi" in r.text  # the psikologi signal, in words
    assert "/dokumen/4/halaman/1.jpg?w=thumb" in r.text
    r = client.get("/kotak-masuk?saran=DIK")
    ids = [int(x) for x in re.findall(r'name="ids" value="(\d+)"', r.text)]
    assert PSIKOLOGI in ids and REKAP not in ids
    r = client.get("/kotak-masuk?unit=Keuangan", headers={"HX-Request": "true", "HX-Target": "daftar"})
    assert "<html" not in r.text
    assert [int(x) for x in re.findall(r'name="ids" value="(\d+)"', r.text)] == [PENAWARAN]


def test_an_officer_accepts_a_suggestion_as_the_web_user(client: TestClient, web_home: Settings) -> None:
    token = login(client, "siti")
    r = client.post(f"/dokumen/{REKAP}/keputusan", data={"aksi": "terima", "reason": "sesuai SOP", "csrf": token})
    assert r.status_code == 303, r.text
    after = rec(web_home, REKAP)
    assert (after.register, after.status, after.decided) == ("DIP", "disahkan", True)
    [entry] = trail(web_home, REKAP)
    assert entry["actor"] == "web:siti@testclient" and entry["action"] == "accept"
    page = client.get(f"/dokumen/{REKAP}").text
    assert "web:siti@testclient" in page and "disahkan" in page


def test_correcting_to_dik_with_period_and_keputusan_moves_file_index_and_register(
    client: TestClient, web_home: Settings,
) -> None:
    home = web_home.home
    before = rec(web_home, REKAP)
    assert before.side == "public"
    token = login(client, "siti")
    r = client.post(f"/dokumen/{REKAP}/keputusan", data={
        "aksi": "putuskan", "register": "DIK", "ground": "i", "period": "2029-12-31",
        "decision_ref": "Keputusan KPU Kabupaten Lahat Nomor 12 Tahun 2026", "consequence": "Mengganggu rapat",
        "public_interest": "Tidak ada kepentingan publik yang lebih besar", "reason": "memo intern", "csrf": token})
    assert r.status_code == 303, r.text
    after = rec(web_home, REKAP)
    assert (after.register, after.ground, after.status, after.side) == ("DIK", "i", "ditetapkan", "exempt")
    assert (home.root / after.pdfa_path).is_relative_to(home.archive_exempt)
    assert (home.root / after.pdfa_path).exists() and not (home.root / before.pdfa_path).exists()
    assert REKAP not in {h.doc_id for h in index.search(home, "rekapitulasi", limit=100).hits}
    assert REKAP in {h.doc_id for h in index.search(home, "rekapitulasi", exempt=True, limit=100).hits}
    reg = client.get("/daftar/dik").text
    assert "Keputusan KPU Kabupaten Lahat Nomor 12 Tahun 2026" in reg and "31 Desember 2029" in reg
    csv = client.get("/daftar/dik/unduh/csv")
    assert csv.status_code == 200 and "Nomor 12 Tahun 2026" in csv.text
    assert "attachment" in csv.headers["content-disposition"]


def test_a_wrong_decision_shows_the_reason_and_keeps_the_form(client: TestClient, web_home: Settings) -> None:
    token = login(client, "siti")
    r = client.post(f"/dokumen/{PSIKOLOGI}/keputusan", data={
        "aksi": "putuskan", "register": "DIK", "ground": "h", "period": "2029-02-30",
        "decision_ref": "Kep 1", "csrf": token})
    assert r.status_code == 400 and 'class="error" role="alert">' in r.text and "2029-02-30" in r.text
    assert 'value="Kep 1"' in r.text
    assert not rec(web_home, PSIKOLOGI).decided


def test_dik_accepted_without_keputusan_waits_in_its_own_tab(client: TestClient, web_home: Settings) -> None:
    token = login(client, "siti")
    r = client.post("/kotak-masuk/putuskan", data={"ids": [str(PSIKOLOGI), str(NOTA)], "keputusan": "terima",
                                                  "csrf": token})
    assert r.status_code == 303
    assert rec(web_home, PSIKOLOGI).status == "usulan" and rec(web_home, PSIKOLOGI).decided
    r = client.get("/kotak-masuk?tab=keputusan")
    assert {int(x) for x in re.findall(r'name="ids" value="(\d+)"', r.text)} == {PSIKOLOGI, NOTA}
    r = client.get("/kotak-masuk")
    assert PSIKOLOGI not in {int(x) for x in re.findall(r'name="ids" value="(\d+)"', r.text)}


def test_one_decision_applies_to_several_selected_documents(client: TestClient, web_home: Settings) -> None:
    token = login(client, "siti")
    r = client.post("/kotak-masuk/putuskan", data={"ids": [str(EDARAN), str(DARURAT)],
                                                  "keputusan": "DIP:setiap_saat", "csrf": token})
    assert r.status_code == 303
    for doc_id in (EDARAN, DARURAT):
        after = rec(web_home, doc_id)
        assert (after.register, after.dip_type, after.status) == ("DIP", "setiap_saat", "disahkan")
        assert trail(web_home, doc_id)[-1]["actor"] == "web:siti@testclient"


def test_metadata_edits_are_validated_and_kept(client: TestClient, web_home: Settings) -> None:
    token = login(client, "siti")
    r = client.post(f"/dokumen/{EDARAN}/metadata", data={"made_on": "2024-13-01", "csrf": token})
    assert r.status_code == 400 and 'class="error" role="alert">' in r.text and "2024-13-01" in r.text
    assert rec(web_home, EDARAN).made_on != "2024-13-01"
    r = client.post(f"/dokumen/{EDARAN}/metadata", data={"title": "Surat Edaran Pilkada", "csrf": token})
    assert r.status_code == 303
    assert rec(web_home, EDARAN).title == "Surat Edaran Pilkada" and "title" in rec(web_home, EDARAN).edited


def test_page_previews_are_cached_under_the_home_restricted_like_their_side(client: TestClient,
                                                                           web_home: Settings) -> None:
    login(client, "siti")
    r = client.get(f"/dokumen/{PSIKOLOGI}/halaman/1.jpg")
    assert r.status_code == 200 and r.content[:3] == b"\xff\xd8\xff" and r.headers["content-type"] == "image/jpeg"
    exempt = web_home.home.root / "cache" / "previews" / "exempt"
    [png] = exempt.glob(f"{PSIKOLOGI}-*.jpg")
    assert stat.S_IMODE(exempt.stat().st_mode) == 0o750 and stat.S_IMODE(png.stat().st_mode) == 0o640
    assert not list((web_home.home.root / "cache" / "previews").glob(f"public/{PSIKOLOGI}-*"))
    # A public page's preview, then a decision that takes the document to the exempt side.
    assert client.get(f"/dokumen/{REKAP}/halaman/1.jpg?w=thumb").status_code == 200
    public = web_home.home.root / "cache" / "previews" / "public"
    assert list(public.glob(f"{REKAP}-*.jpg")) and stat.S_IMODE(public.stat().st_mode) == 0o750
    token = csrf_of(client.get("/cari").text)
    r = client.post(f"/dokumen/{REKAP}/keputusan", data={"aksi": "putuskan", "register": "DIK", "ground": "i",
                                                         "csrf": token})
    assert r.status_code == 303
    assert not list(public.glob(f"{REKAP}-*.jpg"))
    assert client.get(f"/dokumen/{PSIKOLOGI}/halaman/9.jpg").status_code == 404
    assert client.get(f"/dokumen/{PSIKOLOGI}/asli").status_code == 200


def test_a_preview_keeps_the_colour_of_a_stamp_and_is_grey_for_a_grey_page(web_home: Settings, tmp_path: Path) -> None:
    """Previews are rendered in the server by PDFium (#16): the page's text, at the asked width; a
    page without colour is stored grey, a red stamp stays red; JPEG, as a scan is a photograph."""
    import io

    from PIL import Image, ImageDraw

    import synth
    from pindai.web import previews

    page = synth.render_page(["PENGUMUMAN", "Nomor 3/PL.01/2026", "Jadwal tahapan kampanye."], dpi=150)
    grey_pdf = synth.write_image_pdf([page], tmp_path / "abu.pdf")
    stamped = page.convert("RGB")
    ImageDraw.Draw(stamped).ellipse((300, 600, 700, 1000), outline=(200, 20, 30), width=25)
    red_pdf = synth.write_image_pdf([stamped], tmp_path / "stempel.pdf")
    shots = {}
    for doc_id, pdf in ((901, grey_pdf), (902, red_pdf)):
        png = previews.page_image(web_home.home, doc_id=doc_id, side="public", pdfa=Path(pdf), page=1, width=600)
        shots[doc_id] = Image.open(io.BytesIO(png.read_bytes()))
    assert shots[901].mode == "L" and shots[901].width == 600
    assert shots[902].mode == "RGB" and shots[902].width == 600
    reds = [px for px in shots[902].get_flattened_data() if px[0] > 150 and px[1] < 90 and px[2] < 90]
    assert len(reds) > 500, "the stamp's red is gone"
    # the text is there: dark pixels in the upper part of the grey page
    assert min(shots[901].crop((0, 0, 600, 300)).get_flattened_data()) < 60
    with pytest.raises(previews.PreviewError, match="Halaman tidak ada"):
        previews.page_image(web_home.home, doc_id=901, side="public", pdfa=Path(grey_pdf), page=2, width=600)


# ---------------------------------------------------------------------------- search, registers, status


def test_search_is_a_post_that_highlights_an_inflected_word_with_a_true_total(client: TestClient) -> None:
    token = login(client, "siti")
    assert client.get("/cari?q=rekapitulasi").status_code == 200  # a GET never searches
    r = client.post("/cari", data={"q": "direkapitulasi", "csrf": token})
    assert r.status_code == 200
    assert f"/dokumen/{REKAP}" in r.text
    assert re.search(r"<mark>\w*rekapitulasi\w*</mark>", r.text, re.IGNORECASE), r.text
    m = re.search(r"<strong>(\d+)</strong> dokumen ditemukan", r.text)
    assert m and int(m.group(1)) >= 1


def test_search_narrows_by_side_kind_ground_and_status(client: TestClient, web_home: Settings) -> None:
    """The filters #16 asks for: side, register type or Pasal 17 letter, status, next to year and unit."""
    token = login(client, "siti")
    found = lambda **f: {int(x) for x in re.findall(r'href="/dokumen/(\d+)"', client.post(  # noqa: E731
        "/cari", data={"q": "", "csrf": token, **f}).text.split('class="hits"')[-1])}
    every = found()
    assert {REKAP, PSIKOLOGI, PENAWARAN} <= every
    recs = {d: rec(web_home, d) for d in every}
    assert found(sisi="exempt") == {d for d, r in recs.items() if r.side == "exempt"} != set()
    assert found(sisi="public") == {d for d, r in recs.items() if r.side == "public"} != set()
    assert found(jenis=f"DIK:{recs[PSIKOLOGI].ground}") == {
        d for d, r in recs.items() if r.register == "DIK" and r.ground == recs[PSIKOLOGI].ground}
    assert found(jenis=f"DIP:{recs[REKAP].dip_type}") == {
        d for d, r in recs.items() if r.register == "DIP" and r.dip_type == recs[REKAP].dip_type}
    assert found(status="usulan") == {d for d, r in recs.items() if r.status == "usulan"} != set()
    # An operator cannot narrow to the exempt side: the field is ignored, the public side searched.
    client.post("/keluar", data={"csrf": token})
    token = login(client, "udin")
    assert found(sisi="exempt") == {d for d, r in recs.items() if r.side == "public"}


def test_registers_download_in_every_format_the_cli_writes(client: TestClient) -> None:
    login(client, "siti")
    assert "Daftar Informasi Publik" in client.get("/daftar/dip").text
    for fmt, magic in (("csv", b""), ("json", b""), ("html", b"<!"), ("xlsx", b"PK"), ("pdf", b"%PDF")):
        r = client.get(f"/daftar/dip/unduh/{fmt}")
        assert r.status_code == 200 and r.content.startswith(magic), fmt


def test_an_operator_sees_failed_files_and_retries_or_discards_them(client: TestClient, web_home: Settings) -> None:
    home = web_home.home
    bad = home.root / "rusak.pdf"
    bad.write_bytes(b"%PDF-1.4 rusak")
    from pindai.errors import InputRejected

    class Corrupt(InputRejected):
        code = "corrupt"
        reason_id = "Berkas PDF rusak. Pindai ulang."
        reason_en = "Corrupt PDF."

    archive.quarantine(bad, Corrupt(), failed=home.failed, source_name="rusak.pdf")
    other = home.root / "kosong.pdf"
    other.write_bytes(b"")
    archive.quarantine(other, Corrupt(), failed=home.failed, source_name="kosong.pdf")
    token = login(client, "udin")
    r = client.get("/status")
    assert "rusak.pdf" in r.text and "Berkas PDF rusak. Pindai ulang." in r.text
    keys = dict(re.findall(r'<td>([\w.]+\.pdf)</td>.*?/gagal/(\w+)/ulang', r.text, re.DOTALL))
    r = client.post(f"/gagal/{keys['rusak.pdf']}/ulang", data={"csrf": token})
    assert r.status_code == 303
    assert (home.inbox / "default" / "rusak.pdf").exists() and not (home.failed / "rusak.pdf").exists()
    r = client.post(f"/gagal/{keys['kosong.pdf']}/buang", data={"csrf": token})
    assert r.status_code == 303
    assert (home.failed / "dibuang" / "kosong.pdf").exists()
    assert (home.failed / "dibuang" / "kosong.pdf.alasan.txt").exists()
    assert "kosong.pdf" not in client.get("/status").text
    assert client.post(f"/gagal/{keys['kosong.pdf']}/buang", data={"csrf": token}).status_code == 400


def test_the_admin_sees_accounts_profiles_and_the_last_nightly_summary(client: TestClient,
                                                                       web_home: Settings) -> None:
    folder = web_home.home.root / "nightly"
    folder.mkdir()
    (folder / "2026-12-04.json").write_text(json.dumps({
        "started": "2026-12-04T02:00:00", "finished": "2026-12-04T02:03:00", "needs_action": True,
        "steps": [{"name": "check", "ok": True, "action": True, "summary": "2 masalah tersisa"}]}))
    login(client, "ani")
    r = client.get("/admin")
    assert r.status_code == 200
    assert "siti" in r.text and "kiki" in r.text and "default" in r.text and "2 masalah tersisa" in r.text
    assert "argon2" not in r.text
    assert client.get(f"/dokumen/{PSIKOLOGI}").status_code == 404


def test_accepting_a_dik_suggestion_with_its_keputusan_sets_it(client: TestClient, web_home: Settings) -> None:
    token = login(client, "siti")
    r = client.post(f"/dokumen/{NOTA}/keputusan", data={
        "aksi": "terima", "decision_ref": "Keputusan Nomor 5 Tahun 2026", "csrf": token})
    assert r.status_code == 303, r.text
    after = rec(web_home, NOTA)
    assert (after.register, after.status, after.decision_ref) == ("DIK", "ditetapkan", "Keputusan Nomor 5 Tahun 2026")


@pytest.mark.skipif(not hasattr(review, "ConfirmationRequired"),
                    reason="the confirmation against exempt evidence (review confirm_public) comes with #13")
def test_a_public_decision_against_exempt_evidence_needs_a_confirmation_and_reason(
    client: TestClient, web_home: Settings,
) -> None:
    token = login(client, "siti")
    data = {"aksi": "putuskan", "register": "DIP", "dip_type": "setiap_saat", "csrf": token}
    r = client.post(f"/dokumen/{PSIKOLOGI}/keputusan", data=data)
    assert r.status_code == 400 and "TIDAK dijadikan DIP" in r.text and 'name="konfirmasi"' in r.text
    assert rec(web_home, PSIKOLOGI).side == "exempt"
    r = client.post(f"/dokumen/{PSIKOLOGI}/keputusan",
                    data={**data, "konfirmasi": "1", "konfirmasi_alasan": "sudah dihitamkan seluruhnya"})
    assert r.status_code == 303, r.text
    assert rec(web_home, PSIKOLOGI).side == "public"
    assert "sudah dihitamkan seluruhnya" in json.dumps(trail(web_home, PSIKOLOGI), ensure_ascii=False)


def test_search_filters_by_register_and_pages_keep_them(client: TestClient) -> None:
    token = login(client, "siti")
    r = client.post("/cari", data={"q": "", "register": "DIK", "csrf": token})
    found = {int(x) for x in re.findall(r'href="/dokumen/(\d+)"', r.text)}
    assert found == {PSIKOLOGI, NOTA, PENAWARAN}, found
    r = client.post("/cari", data={"q": "", "register": "DIP", "csrf": token})
    found = {int(x) for x in re.findall(r'href="/dokumen/(\d+)"', r.text)}
    assert PSIKOLOGI not in found and REKAP in found


def test_a_malformed_request_gets_a_page_that_repeats_nothing(client: TestClient) -> None:
    token = login(client, "siti")
    r = client.get("/dokumen/bukan-angka")
    assert r.status_code == 400 and "bukan-angka" not in r.text and "Permintaan tidak sah" in r.text
    r = client.post("/cari", data={"q": "kata-rahasia", "hal": "x", "csrf": token})
    assert r.status_code == 400 and "kata-rahasia" not in r.text


def test_serve_refuses_a_bind_without_a_port(web_home: Settings) -> None:
    r = CliRunner().invoke(cli, ["serve", "--home", str(web_home.home.root), "--bind", "127.0.0.1"])
    assert r.exit_code == 2 and "ALAMAT:PORT" in r.output


def test_logging_out_ends_the_session(client: TestClient) -> None:
    token = login(client, "siti")
    assert client.post("/keluar", data={"csrf": token}).status_code == 303
    assert client.get("/kotak-masuk").status_code == 303


def test_the_dik_register_lists_exemptions_due_and_the_report_downloads(client: TestClient,
                                                                       web_home: Settings) -> None:
    token = login(client, "siti")
    soon = (date.today() + timedelta(days=30)).isoformat()
    r = client.post(f"/dokumen/{PSIKOLOGI}/keputusan", data={
        "aksi": "putuskan", "register": "DIK", "ground": "h", "period": soon, "csrf": token})
    assert r.status_code == 303
    page = client.get("/daftar/dik").text
    assert "Perlu ditinjau dalam 90 hari" in page and f'<a href="/dokumen/{PSIKOLOGI}">{PSIKOLOGI}</a>' in page
    assert client.get("/laporan").status_code == 200
    r = client.get("/laporan/unduh?dari=2020-01-01&sampai=2030-12-31&format=pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = client.get("/laporan/unduh?dari=2020-01-01&sampai=2030-12-31")
    assert r.status_code == 200 and "<html" in r.text.lower()
    assert rec(web_home, PSIKOLOGI).title not in r.text


def test_a_suggestion_is_accepted_from_the_inbox_row(client: TestClient, web_home: Settings) -> None:
    token = login(client, "siti")
    r = client.post(f"/kotak-masuk/terima/{DARURAT}", headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert r.status_code == 200 and "<html" not in r.text and "diputuskan" in r.text
    assert rec(web_home, DARURAT).decided
    assert trail(web_home, DARURAT)[-1]["actor"] == "web:siti@testclient"
    r = client.post(f"/kotak-masuk/terima/{EDARAN}", headers={"HX-Request": "true"})
    assert r.status_code == 403 and not rec(web_home, EDARAN).decided


# ---------------------------------------------------------------------------- redaction, consequence test (#17)


def boxes_of(settings: Settings, doc_id: int) -> list:
    from pindai import redact

    with Catalog(settings.home.catalog) as cat:
        return redact.boxes(cat, doc_id)


def test_an_operator_never_sees_the_redaction_or_sheet_pages(client: TestClient, web_home: Settings) -> None:
    token = login(client, "udin")
    title = rec(web_home, PSIKOLOGI).title
    for path in (f"/dokumen/{PSIKOLOGI}/penghitaman", f"/dokumen/{EDARAN}/penghitaman",
                 f"/dokumen/{PSIKOLOGI}/uji-konsekuensi", f"/dokumen/{PSIKOLOGI}/uji-konsekuensi.pdf"):
        r = client.get(path)
        assert r.status_code == 403 and title not in r.text, path
    r = client.post(f"/dokumen/{PSIKOLOGI}/penghitaman/tambah", data={"csrf": token, "halaman": "1", "seluruh": "1"})
    assert r.status_code == 403
    assert not boxes_of(web_home, PSIKOLOGI)


def test_the_redaction_page_draws_the_proposed_boxes_over_the_page(client: TestClient, web_home: Settings) -> None:
    login(client, "siti")
    r = client.get(f"/dokumen/{PSIKOLOGI}/penghitaman")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    [box] = [b for b in boxes_of(web_home, PSIKOLOGI) if b.kind == "dob"]
    assert box.status == "usulan"
    # drawn in the page's own frame (PDF points), so the SVG lies exactly over the image
    assert re.search(r'<svg viewBox="0 0 595\.\d+ 841\.\d+"', r.text) or 'viewBox="0 0 595' in r.text
    assert f'data-box="{box.id}" x="{round(box.x0, 2)}" y="{round(box.y0, 2)}"' in r.text
    assert "tanggal lahir" in r.text and "1977" not in r.text.split("<pre")[0].split("Kotak (")[1]


def test_an_officer_confirms_removes_draws_and_withholds_a_page(client: TestClient, web_home: Settings) -> None:
    token = login(client, "siti")
    client.get(f"/dokumen/{PSIKOLOGI}/penghitaman")
    [dob] = [b for b in boxes_of(web_home, PSIKOLOGI) if b.kind == "dob"]
    r = client.post(f"/dokumen/{PSIKOLOGI}/penghitaman/kotak", data={"csrf": token, "box": str(dob.id), "aksi": "konfirmasi"})
    assert r.status_code == 303 and r.headers["location"].endswith("selesai=konfirmasi")
    r = client.post(f"/dokumen/{PSIKOLOGI}/penghitaman/tambah",
                    data={"csrf": token, "halaman": "1", "x0": "72", "y0": "700", "x1": "300", "y1": "760",
                          "alasan": "tanda tangan"})
    assert r.status_code == 303
    client.post(f"/dokumen/{PSIKOLOGI}/penghitaman/tambah", data={"csrf": token, "halaman": "1", "seluruh": "1"})
    by_kind = {b.kind: b for b in boxes_of(web_home, PSIKOLOGI)}
    assert by_kind["dob"].status == "dikonfirmasi"
    drawn = by_kind["manual"]
    assert (drawn.x0, drawn.y0, drawn.x1, drawn.y1, drawn.status, drawn.origin) == (
        72, 700, 300, 760, "dikonfirmasi", "petugas")
    assert by_kind["page"].whole_page
    client.post(f"/dokumen/{PSIKOLOGI}/penghitaman/kotak", data={"csrf": token, "box": str(drawn.id), "aksi": "hapus"})
    assert {b.id: b.status for b in boxes_of(web_home, PSIKOLOGI)}[drawn.id] == "ditolak"
    actors = {a["actor"] for a in trail(web_home, PSIKOLOGI) if a["action"].startswith("redact_")}
    assert "web:siti@testclient" in actors
    # a box outside the page is refused with the reason, nothing stored
    r = client.post(f"/dokumen/{PSIKOLOGI}/penghitaman/tambah",
                    data={"csrf": token, "halaman": "1", "x0": "10", "y0": "10", "x1": "9000", "y1": "20"})
    assert r.status_code == 400 and "di luar halaman" in r.text
    assert len(boxes_of(web_home, PSIKOLOGI)) == 3


def test_applying_without_a_confirmed_box_says_what_to_do(client: TestClient, web_home: Settings) -> None:
    token = login(client, "siti")
    r = client.post(f"/dokumen/{PSIKOLOGI}/penghitaman/terapkan", data={"csrf": token, "dip_type": "setiap_saat"})
    assert r.status_code == 400 and "Belum ada kotak yang dikonfirmasi" in r.text


def test_the_sheet_form_fills_the_dik_register_columns(client: TestClient, web_home: Settings) -> None:
    from pindai import registers

    token = login(client, "siti")
    page = client.get(f"/dokumen/{PSIKOLOGI}/uji-konsekuensi")
    assert page.status_code == 200
    assert "kepentingan publik yang dipertimbangkan" in page.text and "lembar uji konsekuensi" in page.text
    r = client.post(f"/dokumen/{PSIKOLOGI}/uji-konsekuensi", data={
        "csrf": token, "consequence": "Peserta seleksi dirugikan.",
        "public_interest": "Hasil akhir seleksi sudah diumumkan.",
        "period": "sampai ada persetujuan tertulis peserta"})
    assert r.status_code == 303
    after = rec(web_home, PSIKOLOGI)
    assert (after.consequence, after.public_interest) == ("Peserta seleksi dirugikan.",
                                                          "Hasil akhir seleksi sudah diumumkan.")
    csv_text = registers.export_register(web_home, "dik", fmt="csv")
    assert "Peserta seleksi dirugikan." in csv_text and "Hasil akhir seleksi sudah diumumkan." in csv_text
    assert any(a["actor"] == "web:siti@testclient" and a["action"] == "consequence_test"
               for a in trail(web_home, PSIKOLOGI))
    gaps = client.get(f"/dokumen/{PSIKOLOGI}/uji-konsekuensi").text.split("Yang masih kurang")[1]
    assert "kepentingan publik yang dipertimbangkan" not in gaps.split("</ul>")[0]


def test_the_sheet_downloads_as_pdf_and_docx(client: TestClient, tmp_path: Path) -> None:
    from docx import Document

    login(client, "siti")
    pdf = client.get(f"/dokumen/{PSIKOLOGI}/uji-konsekuensi.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"] == f'attachment; filename="uji-konsekuensi-{PSIKOLOGI}.pdf"'
    docx = client.get(f"/dokumen/{PSIKOLOGI}/uji-konsekuensi.docx")
    (tmp_path / "s.docx").write_bytes(docx.content)
    cells = [c.text for t in Document(str(tmp_path / "s.docx")).tables for row in t.rows for c in row.cells]
    assert any("Konsekuensi apabila dibuka" in c for c in cells)
    # a public document has no sheet: the reason, not a crash
    r = client.get(f"/dokumen/{REKAP}/uji-konsekuensi.pdf")
    assert r.status_code == 400 and "DIK" in r.text


# ---------------------------------------------------------------------------- evidence on the page, search, filters


def test_the_evidence_is_marked_where_it_is_on_the_page(client: TestClient, web_home: Settings) -> None:
    from pindai._exec import poppler

    login(client, "siti")
    html = client.get(f"/dokumen/{PSIKOLOGI}").text
    marks = re.findall(r'<rect class="evidence" data-signal="(\w+)" x="([\d.]+)" y="([\d.]+)" '
                       r'width="([\d.]+)" height="([\d.]+)"', html)
    assert {m[0] for m in marks} >= {"psikologi", "data_pribadi"}
    # the date-of-birth evidence covers the words "14 Februari 1977" where the text layer has them
    [page] = poppler.page_words(web_home.home.root / rec(web_home, PSIKOLOGI).pdfa_path)
    [born] = [w for w in page.words if w.text == "1977"]
    assert any(m[0] == "data_pribadi" and float(m[1]) <= born.x0 and float(m[1]) + float(m[3]) >= born.x1 - 0.05
               and float(m[2]) <= born.y0 + 1 and float(m[2]) + float(m[4]) >= born.y1 - 1 for m in marks)
    # an operator's page of a public document carries no evidence
    client.post("/keluar", data={"csrf": csrf_of(html)})
    login(client, "udin")
    assert 'class="evidence"' not in client.get(f"/dokumen/{REKAP}").text


def test_a_misspelt_word_gets_did_you_mean_and_a_fuzzy_retry(client: TestClient) -> None:
    token = login(client, "siti")
    r = client.post("/cari", data={"q": "rekapitulesi", "csrf": token})
    assert "Mungkin maksud Anda" in r.text and '<button type="submit" name="q" value="rekapitulasi"' in r.text
    # nothing held the word as typed: the search was retried tolerating typing errors, and said so
    assert "toleransi salah ketik" in r.text and f"/dokumen/{REKAP}" in r.text
    r = client.post("/cari", data={"q": "rekapitulasi", "csrf": token})
    assert "Mungkin maksud Anda" not in r.text and "toleransi salah ketik" not in r.text
    # A form found through its stem is no misspelling: found, and no "did you mean".
    r = client.post("/cari", data={"q": "direkapitulasi", "csrf": token})
    assert f"/dokumen/{REKAP}" in r.text and "Mungkin maksud Anda" not in r.text


def test_did_you_mean_never_offers_an_operator_a_word_of_the_exempt_side(client: TestClient) -> None:
    token = login(client, "udin")
    r = client.post("/cari", data={"q": "psikoloqi", "csrf": token})
    assert "psikologi" not in r.text.lower().replace('placeholder', '')
    client.post("/keluar", data={"csrf": token})
    token = login(client, "siti")
    r = client.post("/cari", data={"q": "psikoloqi", "csrf": token})
    assert 'value="psikologi"' in r.text


def test_the_inbox_filters_by_received_date(client: TestClient, web_home: Settings) -> None:
    login(client, "siti")
    with Catalog(web_home.home.catalog) as cat:
        cat.db.execute("UPDATE documents SET received_at='2024-01-15T09:00:00+07:00' WHERE id=?", (NOTA,))
        cat.db.commit()
    ids = lambda html: {int(x) for x in re.findall(r'data-href="/dokumen/(\d+)"', html)}  # noqa: E731
    early = ids(client.get("/kotak-masuk?sampai=2024-01-31").text)
    assert early == {NOTA}
    later = ids(client.get("/kotak-masuk?dari=2024-02-01").text)
    assert NOTA not in later and len(later) == 6
    # a date that is no date is said, not ignored
    assert "bukan tanggal" in client.get("/kotak-masuk?dari=kemarin").text


def test_the_inbox_can_show_documents_with_unsure_register_fields_first(client: TestClient,
                                                                      web_home: Settings) -> None:
    """#18: the fields pindai is unsure of are checked before the register is published."""
    login(client, "siti")
    ids = lambda html: [int(x) for x in re.findall(r'data-href="/dokumen/(\d+)"', html)]  # noqa: E731
    newest_first = ids(client.get("/kotak-masuk").text)
    with Catalog(web_home.home.catalog) as cat:
        for doc_id in newest_first:
            cat.set_meta_confidence(doc_id, {"title": 0.95, "number": 0.95, "made_on": 0.95})
        cat.set_meta_confidence(newest_first[-1], {"title": 0.95, "number": 0.3, "made_on": 0.5})
    page = client.get("/kotak-masuk?urut=ragu").text
    assert ids(page)[0] == newest_first[-1] and ids(page)[1:] == newest_first[:-1]
    assert "metadata ragu: nomor, tanggal" in page
    # In the usual order too, the row says which fields to check.
    assert page.count("metadata ragu: ") == 1 and "metadata ragu: nomor, tanggal" in client.get("/kotak-masuk").text


def test_the_document_page_puts_the_unsure_fields_first_until_an_officer_sets_them(client: TestClient,
                                                                                  web_home: Settings) -> None:
    token = login(client, "siti")
    rec(web_home, REKAP)  # its register fields read once, as the first view does
    with Catalog(web_home.home.catalog) as cat:
        cat.set_meta_confidence(REKAP, {"title": 0.95, "number": 0.6, "made_on": 0.2, "issuer": 0.9})
    def labels_in_order(html: str) -> list[str]:
        form = html.split(f'action="/dokumen/{REKAP}/metadata"')[1].split("</form>")[0]
        return re.findall(r'<label>([^<]+?)(?: <span class="warn">|\s*<(?:input|textarea))', form)

    page = client.get(f"/dokumen/{REKAP}").text
    assert labels_in_order(page)[:3] == ["Tanggal pembuatan", "Nomor", "Judul"]
    assert page.count("ragu, periksa") == 2
    r = client.post(f"/dokumen/{REKAP}/metadata", data={"csrf": token, **{k: v for k, v in (
        ("title", rec(web_home, REKAP).title), ("number", "12/PL.01/2024"), ("made_on", "2024-06-25"))}})
    assert r.status_code == 303, r.text[:300]
    page = client.get(f"/dokumen/{REKAP}").text
    assert "ragu, periksa" not in page and labels_in_order(page)[:2] == ["Judul", "Nomor"]


def test_a_table_page_read_out_of_order_is_flagged_in_the_inbox_and_on_its_page(client: TestClient,
                                                                                web_home: Settings) -> None:
    login(client, "siti")
    with Catalog(web_home.home.catalog) as cat:
        pages = [dict(r) for r in cat.page_rows(REKAP)]
        cat.replace_pages(REKAP, [{**{k: p[k] for k in ("number", "text", "confidence", "rescan", "born_digital",
                                                         "quarter_turns", "deskew_angle", "perspective")},
                                   "order_unsure": 1} for p in pages])
    assert "urutan teks tabel hlm 1 perlu diperiksa" in client.get("/kotak-masuk").text
    assert "urutan teks tabel mungkin keliru" in client.get(f"/dokumen/{REKAP}").text
    assert "urutan teks tabel mungkin keliru" not in client.get(f"/dokumen/{EDARAN}").text


def test_an_officer_saves_a_filter_and_only_they_see_it(client: TestClient, web_home: Settings) -> None:
    token = login(client, "siti")
    r = client.post("/kotak-masuk/saringan", data={"csrf": token, "nama": "Keuangan tinggi", "unit": "Keuangan",
                                                  "yakin": "tinggi", "tab": "menunggu"})
    assert r.status_code == 303
    page = client.get("/kotak-masuk").text
    assert 'href="/kotak-masuk?tab=menunggu&amp;unit=Keuangan&amp;yakin=tinggi">Keuangan tinggi</a>' in page
    fid = re.search(r'name="saringan" value="(\d+)"', page).group(1)
    client.post("/keluar", data={"csrf": token})
    token = login(client, "kiki")
    assert "Keuangan tinggi" not in client.get("/kotak-masuk").text
    client.post("/kotak-masuk/saringan/hapus", data={"csrf": token, "saringan": fid})  # not hers: left
    client.post("/keluar", data={"csrf": token})
    token = login(client, "siti")
    assert "Keuangan tinggi" in client.get("/kotak-masuk").text
    client.post("/kotak-masuk/saringan/hapus", data={"csrf": token, "saringan": fid})
    assert "Keuangan tinggi" not in client.get("/kotak-masuk").text


def test_concurrent_searches_all_answer(web_home: Settings) -> None:
    """Several officers searching at once (uvicorn's thread pool) each get their results, not a 500."""
    from concurrent.futures import ThreadPoolExecutor

    clients = [TestClient(create_app(web_home), follow_redirects=False) for _ in range(6)]
    tokens = [login(c, "siti") for c in clients]
    words = ["rekapitulasi", "pengumuman", "psikologi", "tahapan", "kampanye", "edaran"]

    def run(i: int) -> list[int]:
        return [clients[i].post("/cari", data={"q": words[(i + k) % 6], "csrf": tokens[i]}).status_code
                for k in range(15)]

    with ThreadPoolExecutor(6) as pool:
        codes = [c for batch in pool.map(run, range(6)) for c in batch]
    assert codes == [200] * 90


def test_an_evidence_snippet_is_marked_where_it_stands_not_at_a_word_it_shares() -> None:
    """The snippet's own words in order, not the first "Nomor" of the letterhead."""
    from pindai._exec.poppler import PageWords, WordBox
    from pindai.redact import mark_evidence

    def line(y: float, *words: str) -> list[WordBox]:
        return [WordBox(w, 72 + 60 * i, y, 72 + 60 * i + 50, y + 10) for i, w in enumerate(words)]

    page = PageWords(1, 595, 842, tuple(line(40, "Jalan", "Bukit", "Nomor", "5") + line(80, "PENGUMUMAN")
                                        + line(100, "Nomor", ":", "327/PL.01.8/1604/2024")
                                        + line(120, "HP", "081234567890")))
    marks = mark_evidence([page], [{"signal": "setiap_saat", "points_to": "DIP:setiap_saat", "page": 1,
                                    "text": "PENGUMUMAN Nomor : 327/PL.01.8/1604/2024"},
                                   {"signal": "phone_lengkap", "points_to": "DIK:h", "page": 1, "text": "0812******90"}])
    assert [(m.signal, m.y0) for m in marks] == [("setiap_saat", 80), ("setiap_saat", 100), ("phone_lengkap", 120)]


def test_the_server_sets_its_startup_objects_aside_from_the_garbage_collector(web_home: Settings) -> None:
    """Full collections walked every module and the app: 50-140 ms pauses of every request (#16)."""
    import gc
    import sys

    from pindai.web.app import _settled

    gc.unfreeze()
    try:
        app = _settled(create_app(web_home))
        assert gc.get_freeze_count() > 10_000
        assert {"numpy", "pypdfium2"} <= set(sys.modules), "first-use imports loaded before the freeze"
        assert TestClient(app).get("/masuk").status_code == 200
    finally:
        gc.unfreeze()
