"""The public DIP website: only approved public entries, no exempt token anywhere, safe re-publishing,
and a page that works in a real headless Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_registers import decide_all

from pindai import registers, review
from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import Settings
from pindai.errors import ExitCode
from pindai.review import Decision

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="Chromium not installed (Debian packages chromium chromium-driver; make setup installs them)",
)

#: Words found only in the exempt documents of conftest.FILED_KINDS (psychological test,
#: confidential memo, bidder's offer): none may appear anywhere in a public site.
EXEMPT_TOKENS = ("tersinggung", "psikologi", "keterlibatan", "lematang")


@pytest.fixture
def decided(filed_home: Settings) -> Settings:
    decide_all(filed_home)
    return filed_home


def site_ids(site: Path) -> list[int]:
    return [e["id"] for e in json.loads((site / "dip.json").read_text(encoding="utf-8"))["entries"]]


def all_text(site: Path) -> str:
    """Every file of the site as text, PDFs through pdftotext."""
    parts = []
    for f in sorted(site.rglob("*")):
        if f.is_file():
            parts.append(f.name)
            parts.append(f.read_bytes().decode("utf-8", "replace"))
            if f.suffix == ".pdf":
                parts.append(subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True,
                                            check=True, timeout=60).stdout)
    return "\n".join(parts).casefold()


def test_exempt_tokens_are_in_the_exempt_documents_only(decided: Settings) -> None:
    """The leak test below means something: its tokens are in the exempt texts, not the public ones."""
    with Catalog(decided.home.catalog) as cat:
        sides = {r.id: r.side for r in review.records(cat, decided)}
        texts = {i: "\n".join(p["text"] for p in cat.page_rows(i)).casefold() for i in sides}
    exempt = "\n".join(t for i, t in texts.items() if sides[i] == "exempt")
    public = "\n".join(t for i, t in texts.items() if sides[i] == "public")
    for token in EXEMPT_TOKENS:
        assert token in exempt and token not in public, token


def test_site_holds_only_approved_entries(decided: Settings, tmp_path: Path) -> None:
    site = tmp_path / "situs"
    result = registers.publish(decided, site)
    assert site_ids(site) == [2, 1]  # 3 is public but not approved yet
    assert (result.entries, result.documents, result.unapproved) == (2, 2, 0)
    assert sorted(p.name.split("-")[0] for p in (site / "dokumen").iterdir()) == ["1", "2"]
    assert {p.name for p in site.iterdir()} == {"index.html", "dip.csv", "dip.json", "dokumen"}
    entries = json.loads((site / "dip.json").read_text(encoding="utf-8"))["entries"]
    assert all((site / e["file"]).is_file() for e in entries)


def test_include_unapproved_never_includes_exempt(decided: Settings, tmp_path: Path) -> None:
    site = tmp_path / "situs"
    result = registers.publish(decided, site, include_unapproved=True)
    assert sorted(site_ids(site)) == [1, 2, 3]
    assert result.unapproved == 1


@pytest.mark.parametrize("include_unapproved", [False, True])
def test_no_exempt_token_anywhere_in_the_site(decided: Settings, tmp_path: Path,
                                              include_unapproved: bool) -> None:
    site = tmp_path / "situs"
    registers.publish(decided, site, include_unapproved=include_unapproved)
    text = all_text(site)
    assert "rekapitulasi" in text  # the check reads the files, PDFs included
    for token in EXEMPT_TOKENS:
        assert token not in text, token


def test_undecided_home_publishes_nothing_exempt(filed_home: Settings, tmp_path: Path) -> None:
    site = tmp_path / "situs"
    registers.publish(filed_home, site, include_unapproved=True)
    assert sorted(site_ids(site)) == [1, 2, 3]
    text = all_text(site)
    assert not [t for t in EXEMPT_TOKENS if t in text]


def test_republishing_replaces_the_site_and_drops_stale_files(decided: Settings, tmp_path: Path) -> None:
    site = tmp_path / "situs"
    registers.publish(decided, site)
    (site / "dokumen" / "stale-upload-leftover.pdf").write_bytes(b"%PDF-1.4 old")
    with Catalog(decided.home.catalog) as cat:  # the edict turns out to be exempt after all
        review.decide(decided, cat, 2, Decision(register="DIK", ground="i", period="2030-01-01"))
    registers.publish(decided, site)
    assert site_ids(site) == [1]
    assert [p.name.split("-")[0] for p in (site / "dokumen").iterdir()] == ["1"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".situs")]  # no temporary folders left
    assert "jam kerja" not in all_text(site)


def test_refuses_to_replace_a_folder_that_is_not_a_site(decided: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "dokumen-saya"
    folder.mkdir()
    (folder / "penting.txt").write_text("jangan hapus")
    result = CliRunner().invoke(cli, ["publish", str(folder), "--home", str(decided.home.root)])
    assert result.exit_code == ExitCode.bad_config
    assert "bukan situs pindai" in result.output
    assert (folder / "penting.txt").read_text() == "jangan hapus"


def test_cli_publish(decided: Settings, tmp_path: Path) -> None:
    site = tmp_path / "situs"
    result = CliRunner().invoke(cli, ["publish", str(site), "--home", str(decided.home.root)])
    assert result.exit_code == 0, result.output
    assert "2 informasi, 2 PDF" in result.output


# --------------------------------------------------------------------------- personal data (#13)

#: A document holding complete NIK and KK numbers (a registration form of an ad hoc candidate).
FORM_KIND = "formulir_pendaftaran_adhoc"


@pytest.fixture
def with_nik(decided: Settings, tmp_path: Path) -> tuple[Settings, int, str]:
    """The decided home plus the registration form, filed by the pipeline: (settings, its id, its full NIK)."""
    import synth

    import corpus
    from pindai.classify.identifiers import find_identifiers
    from pindai.ingest import Ingestor

    text = "\n".join(next(d.text for d in corpus.corpus() if d.kind == FORM_KIND).splitlines()[:50])
    nik = next(h for h in find_identifiers(text) if h.kind == "nik" and not h.masked)
    pdf = synth.write_text_pdf([text.splitlines()], tmp_path / "formulir.pdf")
    with Ingestor(decided) as ing:
        [r] = ing.ingest(pdf)
    assert r.held
    digits = "".join(c for c in text[nik.start:nik.end] if c.isdigit())
    return decided, r.id, digits


def cli_run(settings: Settings, *args: str):
    return CliRunner().invoke(cli, [*args, "--home", str(settings.home.root)])


def test_a_typo_cannot_publish_personal_data(with_nik: tuple[Settings, int, str], tmp_path: Path) -> None:
    """The week-of-use reproduction: DIP by mistake, publish, search by NIK, then the way back."""
    s, doc, nik = with_nik
    site = tmp_path / "situs"
    assert cli_run(s, "publish", str(site)).exit_code == 0
    assert site_ids(site) == [2, 1]

    # The officer meant another document: refused, with what to check and how to confirm.
    res = cli_run(s, "review", "set", str(doc), "--register", "DIP", "--type", "berkala")
    assert res.exit_code == ExitCode.bad_config, res.output
    assert "--confirm-public" in res.output and "NIK" in res.output and nik not in res.output
    with Catalog(s.home.catalog) as cat:
        assert review.audit_trail(cat, doc) == []
        assert review.record(cat, s, doc).side == "exempt"

    # Confirmed with a reason: allowed, and the confirmation is in the audit trail.
    res = cli_run(s, "review", "set", str(doc), "--register", "DIP", "--type", "berkala",
                  "--confirm-public", "formulir contoh, NIK fiktif")
    assert res.exit_code == 0, res.output
    with Catalog(s.home.catalog) as cat:
        [entry] = review.audit_trail(cat, doc)
        assert review.record(cat, s, doc).side == "public"
    assert entry["after"]["confirmed_public"]["reason"] == "formulir contoh, NIK fiktif"
    assert "nik_lengkap" in entry["after"]["confirmed_public"]["signals"]

    # Publishing and the public register refuse to carry it, naming it.
    res = cli_run(s, "publish", str(site))
    assert res.exit_code == ExitCode.bad_config, res.output
    assert f"#{doc}" in res.output and "NIK" in res.output and nik not in res.output
    assert site_ids(site) == [2, 1] and nik not in all_text(site)
    for fmt in ("csv", "json", "html"):
        res = cli_run(s, "register", "dip", "--format", fmt)
        assert res.exit_code == ExitCode.bad_config and f"#{doc}" in res.output, (fmt, res.output)

    # Back to DIK: out of the public archive and the public search at once, not even counted.
    assert cli_run(s, "review", "set", str(doc), "--register", "DIK", "--ground", "h").exit_code == 0
    from pindai import index
    found = index.search(s.home, nik)
    assert (found.total, found.hits) == (0, [])
    with Catalog(s.home.catalog) as cat:
        r = review.record(cat, s, doc)
    assert r.side == "exempt" and (s.home.root / r.pdfa_path).is_relative_to(s.home.archive_exempt)
    assert not [p for p in s.home.archive_public.rglob("*.pdf") if p.name == Path(r.pdfa_path).name]
    assert cli_run(s, "publish", str(site)).exit_code == 0


def test_reverting_to_dik_takes_the_document_off_every_published_site_at_once(
    decided: Settings, tmp_path: Path,
) -> None:
    sites = [tmp_path / "situs", tmp_path / "www" / "dip"]
    for site in sites:
        registers.publish(decided, site)
        assert 2 in site_ids(site) and "jam kerja" in all_text(site)
    res = cli_run(decided, "review", "set", "2", "--register", "DIK", "--ground", "i")
    assert res.exit_code == 0, res.output
    for site in sites:  # without publishing again
        assert site_ids(site) == [1]
        assert [p.name.split("-")[0] for p in (site / "dokumen").iterdir()] == ["1"]
        assert "jam kerja" not in all_text(site)
    with Catalog(decided.home.catalog) as cat:
        trail = review.audit_trail(cat, 2)
    withdrawn = [a for a in trail if a["action"] == "unpublish"]
    assert len(withdrawn) == 2 and {a["before"]["site"] for a in withdrawn} == {str(s) for s in sites}
    from pindai import index
    assert index.search(decided.home, "jam kerja").total == 0


def test_a_site_folder_removed_by_hand_is_not_recreated(decided: Settings, tmp_path: Path) -> None:
    site = tmp_path / "situs"
    registers.publish(decided, site)
    import shutil
    shutil.rmtree(site)
    assert cli_run(decided, "review", "set", "2", "--register", "DIK", "--ground", "i").exit_code == 0
    assert not site.exists()


# --------------------------------------------------------------------------- in a real browser


@pytest.fixture
def browser(tmp_path: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def served(tmp_path: Path):
    """An HTTP server on the loopback serving tmp_path/situs."""
    root = tmp_path / "situs"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _visible_rows(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [tr.text for tr in driver.find_elements(By.CSS_SELECTOR, "#dip tbody tr") if tr.is_displayed()]


@needs_chromium
def test_site_works_in_headless_chromium(decided: Settings, browser, served) -> None:
    from selenium.webdriver.common.by import By

    site, url = served
    registers.publish(decided, site, include_unapproved=True)
    for address in (site.joinpath("index.html").as_uri(), url):
        browser.get(address)
        assert "Daftar Informasi Publik" in browser.title
        rows = _visible_rows(browser)
        assert len(rows) == 3
        count = browser.find_element(By.ID, "jumlah")
        assert count.text == "3 dari 3 informasi ditampilkan"
        search = browser.find_element(By.ID, "cari")
        search.send_keys("rekapitulasi")
        rows = _visible_rows(browser)
        assert len(rows) == 1 and "327/PL.01.8/1604/2024" in rows[0]
        assert count.text == "1 dari 3 informasi ditampilkan"
        search.clear()
        search.send_keys("surat edaran")  # every word must match, in any cell
        assert len(_visible_rows(browser)) == 1
        search.clear()
        search.send_keys("x")
        search.clear()
        search.send_keys(" ")
        assert len(_visible_rows(browser)) == 3
    # Sorting: the title column, ascending then descending.
    titles = lambda: [tr.find_elements(By.TAG_NAME, "td")[1].text  # noqa: E731
                      for tr in browser.find_elements(By.CSS_SELECTOR, "#dip tbody tr")]
    button = browser.find_elements(By.CSS_SELECTOR, "#dip thead th button")[1]
    button.click()
    assert titles() == sorted(titles(), key=str.lower)
    button.click()
    assert titles() == sorted(titles(), key=str.lower, reverse=True)
    # The PDF link resolves within the site.
    link = browser.find_element(By.CSS_SELECTOR, "#dip tbody a").get_attribute("href")
    assert link.startswith(url + "dokumen/") and link.endswith(".pdf")
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]  # no script error
