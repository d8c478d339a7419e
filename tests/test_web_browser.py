"""The workspace end to end: `pindai serve` as a real process, Debian's headless Chromium through Selenium.

Screenshots of the inbox, a document page and a search are kept in
``$PINDAI_WEB_SCREENSHOTS`` (default: ``<tmp>/pindai-web-screenshots``), not committed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from test_web import (  # noqa: F401 - the module's home, filed once
    DARURAT, EDARAN, PASSWORD, PSIKOLOGI, REKAP, SCRIPT, _web_template, rec,
)

from pindai import index
from pindai.config import Settings, load_settings

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="Chromium not installed (Debian packages chromium chromium-driver; make setup installs them)",
)
SHOTS = Path(os.environ.get("PINDAI_WEB_SCREENSHOTS") or Path(tempfile.gettempdir()) / "pindai-web-screenshots")
KEPUTUSAN = "Keputusan KPU Kabupaten Lahat Nomor 31 Tahun 2026, 2 Maret 2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def home(_web_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("browser") / "home"
    shutil.copytree(_web_template, root, symlinks=True)
    return load_settings(root)


@pytest.fixture(scope="module")
def server(home: Settings, tmp_path_factory: pytest.TempPathFactory):
    """`pindai serve` on a free loopback port, stopped at the end."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "pindai", "serve", "--home", str(home.home.root),
                                 "--bind", f"127.0.0.1:{port}", "--workers", "2"],  # as deploy/ runs it
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/masuk", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"pindai serve did not start:\n{log.read_text()}") from None
                time.sleep(0.2)
        yield url, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1366,900", f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _login(driver, url: str, name: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{url}/masuk")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "form[action='/masuk'] button").click()
    WebDriverWait(driver, 30).until(lambda d: _stale(old))


def _click_and_wait(driver, button) -> None:  # noqa: ANN001
    """Submit a form and wait for its answer to replace the page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 30).until(lambda d: _stale(old))


def _stale(element) -> bool:  # noqa: ANN001
    """Whether the page ``element`` belonged to has been replaced by the answer to a form."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.tag_name  # noqa: B018
    except StaleElementReferenceException:
        return True
    except WebDriverException as e:
        # Chromium, while the old document is being replaced.
        return "does not belong to the document" in str(e)
    return False


def _status(driver, path: str) -> int:  # noqa: ANN001
    """The HTTP status of ``path`` fetched with the browser's session."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin', redirect: 'manual'}).then(r => done(r.status))",
        path)


def _wait_for(driver, in_url: str, timeout: float = 30) -> None:  # noqa: ANN001
    """Wait until a form's answer has loaded (its address holds ``in_url``)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: in_url in d.current_url)


def _shot(driver, name: str) -> Path:  # noqa: ANN001
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def test_an_officer_reviews_decides_and_searches_in_a_browser(home: Settings, server, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    url, _ = server
    _login(browser, url, "siti")
    assert browser.current_url == f"{url}/kotak-masuk"
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.row")
    assert len(rows) == 7 and "hasil tes psikologi" in browser.page_source
    thumbs = browser.find_elements(By.CSS_SELECTOR, "td.thumb img")
    browser.execute_script("arguments[0].scrollIntoView()", thumbs[-1])

    def loaded() -> bool:
        return all(browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", t)
                   for t in thumbs)

    deadline = time.monotonic() + 60  # first renders: pdftoppm once per page
    while not loaded() and time.monotonic() < deadline:
        time.sleep(0.3)
    assert loaded()
    browser.execute_script("window.scrollTo(0, 0)")
    _shot(browser, "inbox")

    # Keyboard: j to the first row, a to accept its suggestion; htmx swaps the row for the outcome.
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).send_keys("j").send_keys("a").perform()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "tr.done"))
    assert f"#{SCRIPT} diputuskan" in browser.find_element(By.CSS_SELECTOR, "tr.done").text
    assert rec(home, SCRIPT).decided

    # A filter swaps the list in place (htmx).
    Select(browser.find_element(By.NAME, "unit")).select_by_visible_text("Keuangan")
    deadline = time.monotonic() + 10
    while len(browser.find_elements(By.CSS_SELECTOR, "tr.row")) != 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(browser.find_elements(By.CSS_SELECTOR, "tr.row")) == 1

    # Accept a suggestion on the document page.
    browser.get(f"{url}/dokumen/{REKAP}")
    page = browser.find_element(By.CSS_SELECTOR, ".pages img")
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", page))
    _shot(browser, "document")
    browser.find_element(By.ID, "terima").click()
    _wait_for(browser, "selesai=keputusan")
    assert "Tersimpan" in browser.page_source and "web:siti@127.0.0.1" in browser.page_source
    assert rec(home, REKAP).status == "disahkan"

    # Correct a public document to DIK with a period and a Keputusan: it moves, and is in the DIK register.
    before = rec(home, EDARAN)
    assert before.side == "public"
    browser.get(f"{url}/dokumen/{EDARAN}")
    form = browser.find_element(By.ID, "keputusan")
    form.find_element(By.CSS_SELECTOR, "input[name=register][value=DIK]").click()
    Select(form.find_element(By.NAME, "ground")).select_by_value("i")
    form.find_element(By.NAME, "period").send_keys("2030-06-30")
    form.find_element(By.NAME, "decision_ref").send_keys(KEPUTUSAN)
    form.find_element(By.NAME, "consequence").send_keys("Membuka pembahasan intern sebelum diputuskan")
    form.find_element(By.ID, "putuskan").click()
    _wait_for(browser, "selesai=keputusan")
    assert "Tersimpan" in browser.page_source
    after = rec(home, EDARAN)
    assert (after.register, after.status, after.side) == ("DIK", "ditetapkan", "exempt")
    assert (home.home.root / after.pdfa_path).exists() and not (home.home.root / before.pdfa_path).exists()
    assert EDARAN not in {h.doc_id for h in index.search(home.home, "edaran", limit=100).hits}
    browser.get(f"{url}/daftar/dik")
    assert KEPUTUSAN in browser.page_source and "30 Juni 2030" in browser.page_source
    _shot(browser, "register-dik")

    # Search an inflected word: the result is there, the word marked.
    browser.get(f"{url}/cari")
    box = browser.find_element(By.ID, "q")
    box.send_keys("direkapitulasi")
    box.submit()
    marks = browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    assert marks and all("rekapitulasi" in m.text.lower() for m in marks)
    assert "direkapitulasi" not in browser.current_url
    _shot(browser, "search")

    # A script in the OCR text is shown, not run.
    browser.get(f"{url}/dokumen/{SCRIPT}")
    assert browser.title != "DIRETAS"
    assert "<script>document.title='DIRETAS'</script>" in browser.find_element(By.CSS_SELECTOR, "pre.ocr").text


def test_a_form_without_its_csrf_token_is_refused_in_a_browser(home: Settings, server, browser) -> None:
    from selenium.webdriver.common.by import By

    url, _ = server
    _login(browser, url, "siti")
    browser.get(f"{url}/dokumen/{DARURAT}")
    browser.execute_script("document.querySelectorAll('#keputusan input[name=csrf]').forEach(e => e.remove())")
    _click_and_wait(browser, browser.find_element(By.ID, "terima"))
    assert "Formulir ditolak" in browser.page_source
    assert not rec(home, DARURAT).decided


def test_an_operator_cannot_open_an_exempt_document_in_a_browser(home: Settings, server, browser) -> None:
    url, log = server
    title = rec(home, PSIKOLOGI).title
    _login(browser, url, "udin")
    assert browser.current_url == f"{url}/status"
    _shot(browser, "status")
    browser.get(f"{url}/dokumen/{PSIKOLOGI}")
    assert "Tidak ditemukan" in browser.page_source and title not in browser.page_source
    assert _status(browser, f"/dokumen/{PSIKOLOGI}/halaman/1.jpg") == 404
    assert _status(browser, f"/dokumen/{PSIKOLOGI}/pdfa") == 404
    assert _status(browser, f"/dokumen/{PSIKOLOGI}/asli") == 403
    assert title not in log.read_text(errors="replace")


def test_a_box_drawn_in_the_browser_is_stored_and_burned_into_the_copy(home: Settings, server, browser,
                                                                       tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from pindai import redact
    from pindai._exec import poppler
    from pindai.catalog import Catalog

    url, _ = server
    _login(browser, url, "siti")
    browser.get(f"{url}/dokumen/{PSIKOLOGI}")
    _click_and_wait(browser, browser.find_element(By.ID, "ke-penghitaman"))
    img = browser.find_element(By.CSS_SELECTOR, ".redact-page img")
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", img))
    svg = browser.find_element(By.CSS_SELECTOR, ".redact-page svg")
    left, top, width, height = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height]", svg)
    # From 10 % / 8 % of the page to 60 % / 14 %: over the heading, in the window's pixels.
    actions = ActionBuilder(browser)
    actions.pointer_action.move_to_location(round(left + width * 0.10), round(top + height * 0.08)) \
        .pointer_down().move_to_location(round(left + width * 0.60), round(top + height * 0.14)).pointer_up()
    actions.perform()
    assert browser.find_element(By.ID, "kb-x1").get_attribute("value")
    _click_and_wait(browser, browser.find_element(By.ID, "simpan-kotak"))
    assert "selesai=tambah" in browser.current_url
    with Catalog(home.home.catalog) as cat:
        [drawn] = [b for b in redact.boxes(cat, PSIKOLOGI) if b.kind == "manual"]
        pw, ph = redact.page_sizes(home, cat, PSIKOLOGI)[0]
    # the screen's pixels became the page's points
    assert abs(drawn.x0 - pw * 0.10) < pw * 0.01 and abs(drawn.x1 - pw * 0.60) < pw * 0.01
    assert abs(drawn.y0 - ph * 0.08) < ph * 0.01 and abs(drawn.y1 - ph * 0.14) < ph * 0.01
    assert drawn.status == "dikonfirmasi" and drawn.origin == "petugas"
    _shot(browser, "redaction")

    _click_and_wait(browser, browser.find_element(By.ID, "terapkan"))
    result = browser.find_element(By.ID, "hasil").text
    assert "Salinan" in result
    _shot(browser, "redaction-applied")
    with Catalog(home.home.catalog) as cat:
        [copy] = redact.copies_of(cat, PSIKOLOGI)
        copy_pdf = home.home.root / cat.document(copy["copy_id"]).pdfa_path
        src_pdf = home.home.root / cat.document(PSIKOLOGI).pdfa_path
    assert ("terverifikasi" in result) == copy["verified"]

    def region(pdf: Path, stem: str) -> np.ndarray:
        png = poppler.render_page(pdf, 1, tmp_path / stem, dpi=100, gray=True)
        a = np.asarray(Image.open(png))
        k = 100 / 72
        return a[int((drawn.y0 + 2) * k):int((drawn.y1 - 2) * k), int((drawn.x0 + 2) * k):int((drawn.x1 - 2) * k)]

    assert region(src_pdf, "before").min() < 100  # the heading's ink was there
    after = region(copy_pdf, "after")
    assert after.max() <= 40 and after.mean() < 5  # burned in: solid black
    heading = {w.text for w in redact._inside(poppler.page_words(src_pdf)[0].words,
                                                (drawn.x0, drawn.y0, drawn.x1, drawn.y1))}
    left = {w.text for w in poppler.page_words(copy_pdf)[0].words}
    assert heading and not heading & left


def test_the_consequence_sheet_form_in_a_browser(home: Settings, server, browser) -> None:
    from selenium.webdriver.common.by import By

    url, _ = server
    _login(browser, url, "siti")
    browser.get(f"{url}/dokumen/{PSIKOLOGI}")
    _click_and_wait(browser, browser.find_element(By.ID, "ke-uji"))
    form = browser.find_element(By.ID, "lembar")
    form.find_element(By.NAME, "consequence").send_keys("Hasil tes peserta terbuka bagi umum.")
    form.find_element(By.NAME, "public_interest").send_keys("Hasil akhir seleksi sudah diumumkan.")
    _click_and_wait(browser, browser.find_element(By.ID, "simpan-lembar"))
    assert "Tersimpan ke register DIK" in browser.page_source
    _shot(browser, "sheet")
    assert rec(home, PSIKOLOGI).consequence == "Hasil tes peserta terbuka bagi umum."


def test_two_server_processes_share_the_officers_sessions(home: Settings, server) -> None:
    """`--workers 2` (the deploy unit's): two processes answer on one port, and a session made by
    one is good in the other (the key is the home's, the state the catalogue's) (#16)."""
    import http.cookiejar
    import re as _re
    import urllib.parse

    url, log = server
    deadline = time.monotonic() + 60  # the first process answered; the second may still be starting
    while len(pids := set(_re.findall(r"Started server process \[(\d+)\]", log.read_text()))) < 2:
        assert time.monotonic() < deadline, log.read_text()[-2000:]
        time.sleep(0.2)
    assert len(pids) == 2
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{url}/masuk", timeout=10).read().decode()
    token = _re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"name": "siti", "password": PASSWORD, "csrf": token}).encode()
    opener.open(f"{url}/masuk", data=data, timeout=10).read()
    # Fresh connections, answered by whichever process accepts them: every one sees the session.
    for _ in range(20):
        with opener.open(f"{url}/kotak-masuk", timeout=10) as r:
            assert r.status == 200 and r.url.endswith("/kotak-masuk")


def test_five_wrong_passwords_lock_the_login_in_a_browser(server, browser) -> None:
    """Last: the lock holds for the whole loopback address."""
    url, log = server
    for _ in range(5):
        _login(browser, url, "ani", "bukan-sandinya")
        assert "Nama atau kata sandi salah" in browser.page_source
    _login(browser, url, "ani")
    assert "Terlalu banyak sandi salah" in browser.page_source
    assert browser.current_url == f"{url}/masuk"
    text = log.read_text(errors="replace")
    assert "bukan-sandinya" not in text and "direkapitulasi" not in text

