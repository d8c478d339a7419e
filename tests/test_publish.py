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
