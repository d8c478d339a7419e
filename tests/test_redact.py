"""Redaction: every planted identifier is proposed; the burned copy shows none of them anywhere.

Four generated documents go through the real pipeline (scanned with skew,
photographed, born-digital): a voter list with full NIKs and home addresses, a candidates'
attachment with NIK, birth date, address, mobile number and NPWP beside a
pasted photo, and a letter with a personal mobile number and bank account next
to the office's own contacts, and a phone photo of a signed statement. OCR runs are kept few: the homes are built once
per module.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw
from rapidfuzz import fuzz

import synth
from pindai import archive, index, redact, review
from pindai._exec import poppler
from pindai.catalog import Catalog
from pindai.cli import cli
from pindai.config import Settings, load_settings, resolve_home
from pindai.errors import ExitCode
from pindai.ingest import Ingestor
from pindai.registers import PersonalDataError

from conftest import needs_tesseract

pytestmark = needs_tesseract

DPI = 300
MM = 72 / 25.4

# ---------------------------------------------------------------------- generated documents
# (kind, value as written). Values are fictional; NIKs have the structure of domain.md.

VOTERS = [
    ("Budi Santoso", "1604011207850001", "Dusun II RT 02 Tanjung Agung"),
    ("Siti Aminah", "1604015503900002", "Jalan Merdeka Nomor 5"),
    ("Joko Susilo", "1604012101780003", "Dusun I RT 01 Talang Sawah"),
    ("Rina Marlina", "1604016808920004", "Lorong Mawar Nomor 12"),
]
VOTER_LIST = [
    "DAFTAR PEMILIH TETAP",
    "TPS 003 DESA TANJUNG AGUNG",
    "",
    "Nama\tNIK\tAlamat",
    *(f"{n}\t{k}\t{a}" for n, k, a in VOTERS),
    "",
    "Contoh penulisan di papan pengumuman: NIK 160401******0005",
    "",
    "Lahat, 6 Maret 2024",
    "Ketua KPPS,",
    "",
    "Andi Saputra",
]
VOTER_PLANTED = [("nik", k) for _, k, _ in VOTERS] + [("address", a) for _, _, a in VOTERS]
MASKED_NIK = "160401******0005"

CANDIDATES = [
    ("Hendra Wijaya", "1604022305800006", "Lahat, 23-05-1980", "Desa Pagar Batu RT 03",
     "0812-7345-6621", "09.254.294.3-312.000"),
    ("Dewi Lestari", "1604025107880007", "Muara Enim, 11-07-1988", "Jalan Serelo Nomor 45",
     "0853-6120-4478", "01.376.112.9-312.000"),
]
CANDIDATE_LINES = ["LAMPIRAN KEPUTUSAN KPU KABUPATEN LAHAT", "DATA CALON ANGGOTA PPK", ""]
for i, (name, nik, ttl, addr, hp, npwp) in enumerate(CANDIDATES, start=1):
    CANDIDATE_LINES += [
        f"{i}. Nama : {name}",
        f"NIK : {nik}",
        f"Tempat/Tgl. Lahir : {ttl}",
        f"Alamat : {addr}",
        f"No. HP : {hp}",
        f"NPWP : {npwp}",
        "",
    ]
CANDIDATE_PLANTED = [p for _, nik, ttl, addr, hp, npwp in CANDIDATES
                     for p in (("nik", nik), ("dob", ttl), ("address", addr), ("phone", hp), ("npwp", npwp))]
#: The pasted photo (pas foto) on the attachment, in mm from the top-left corner: no words there.
PHOTO_MM = (145.0, 38.0, 175.0, 72.0)

LETTER = [
    "KOMISI PEMILIHAN UMUM KABUPATEN LAHAT",
    "Jalan Serma Ali Nomor 7, Lahat. Telp. Kantor (0731) 321456",
    "Laman: kab-lahat.kpu.go.id, surel: ppid@kpu-lahatkab.go.id",
    "",
    "Nomor : 88/PP.04.1-SD/1604/2024",
    "Perihal : Pembayaran Honorarium",
    "",
    "Yth. Saudara Fajar Ramadhan",
    "",
    "Honorarium Saudara sebagai narasumber dibayarkan ke rekening",
    "Bank BRI nomor 012301045678509 atas nama Saudara. Bila ada",
    "pertanyaan, Saudara dapat dihubungi di HP 0813-6677-2290.",
    "",
    "Lahat, 2 Mei 2024",
    "Sekretaris,",
    "",
    "Hendra Wijaya, S.E.",
    "NIP. 19780512 200312 1 002",
]
LETTER_PLANTED = [("bank_account", "012301045678509"), ("phone", "0813-6677-2290")]
OFFICE_NUMBERS = ["0731321456", "197805122003121002"]

STATEMENT = [
    "SURAT PERNYATAAN",
    "",
    "Yang bertanda tangan di bawah ini:",
    "Nama : Yusuf Maulana",
    "NIK : 1604031909870008",
    "Tempat/Tgl. Lahir : Lahat, 19-09-1987",
    "Alamat : Desa Sukajadi RT 04",
    "No. HP : 0821-7788-3410",
    "",
    "menyatakan bersedia menjadi anggota KPPS",
    "di TPS 007 Desa Sukajadi.",
    "",
    "Lahat, 3 Januari 2024",
    "Yang menyatakan,",
    "",
    "Yusuf Maulana",
]
STATEMENT_PLANTED = [("nik", "1604031909870008"), ("dob", "Lahat, 19-09-1987"),
                     ("address", "Desa Sukajadi RT 04"), ("phone", "0821-7788-3410")]

VOTER_ID, CANDIDATE_ID, LETTER_ID, PHOTO_ID = 1, 2, 3, 4


def _candidate_page() -> Image.Image:
    img = synth.render_page(CANDIDATE_LINES, dpi=DPI)
    draw = ImageDraw.Draw(img)
    x0, y0, x1, y1 = (round(v / 25.4 * DPI) for v in PHOTO_MM)
    # a portrait: a soft grey background and a head, no letters
    draw.rectangle((x0, y0, x1, y1), fill=185)
    cx, w = (x0 + x1) // 2, x1 - x0
    draw.ellipse((cx - w // 4, y0 + w // 5, cx + w // 4, y0 + w // 5 + w // 2), fill=140)
    img = synth.skew(img, -1.2)
    img = synth.add_noise(img, 0.008, seed=4, blur=0.4)
    return synth.jpeg_artifacts(img, 70)


@pytest.fixture(scope="module")
def _filed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the three documents filed by the real pipeline, all on the exempt side."""
    base = tmp_path_factory.mktemp("redact")
    root, inputs = base / "home", base / "inputs"
    inputs.mkdir()
    archive.init_home(resolve_home(root))
    s = load_settings(root)
    voters, _ = synth.scanner_page(VOTER_LIST, angle=1.5, seed=7)
    files = [synth.write_image_pdf([voters], inputs / "dpt-tps-003.pdf"),
             synth.write_image_pdf([_candidate_page()], inputs / "lampiran-calon-ppk.pdf"),
             synth.write_text_pdf([LETTER], inputs / "surat-honorarium.pdf"),
             synth.write_jpeg(synth.phone_photo(synth.render_page(STATEMENT, font_size_pt=13), seed=3),
                              inputs / "foto-surat-pernyataan.jpg")]
    with Ingestor(s) as ing:
        for f in files:
            [r] = ing.ingest(f, copy=True)
            assert r.status == "filed", r
    with Catalog(s.home.catalog) as cat:
        for doc_id in (VOTER_ID, CANDIDATE_ID, LETTER_ID, PHOTO_ID):
            if review.record(cat, s, doc_id).side != "exempt":
                review.decide(s, cat, doc_id, review.Decision(register="DIK", ground="h"), actor="test")
            redact.propose(s, cat, doc_id, actor="test")
    return root


def _copy_home(src: Path, dst: Path) -> Settings:
    shutil.copytree(src, dst, symlinks=True)
    return load_settings(dst)


@pytest.fixture
def home(_filed: Path, tmp_path: Path) -> Settings:
    """A private copy of the filed home, boxes proposed, none confirmed."""
    return _copy_home(_filed, tmp_path / "home")


def run(settings: Settings, *args: str) -> tuple[int, str]:
    r = CliRunner().invoke(cli, [*args, "--home", str(settings.home.root)])
    return r.exit_code, r.output


def _digits(text: str) -> str:
    return redact._digits(text)


@dataclass
class Match:
    recall: float
    precision: float
    missed: list[tuple[str, str]]


def _match(found: list[redact.Box], tokens: dict[int, str], planted: list[tuple[str, str]]) -> Match:
    """Planted items found by a box whose words are the item (digits after OCR repair, or text)."""
    used: set[int] = set()
    missed = []
    for kind, value in planted:
        numeric = kind in ("nik", "kk", "npwp", "nip", "phone", "bank_account")
        hit = None
        for b in found:
            tok = tokens[b.id]
            if numeric and _digits(value) and _digits(value) in _digits(tok):
                hit = b
            elif (not numeric and fuzz.partial_ratio(value.lower(), tok.lower()) >= 85
                  and len(tok) >= 0.6 * len(value)):
                hit = b
            if hit:
                break
        if hit is None:
            missed.append((kind, value))
        else:
            used |= {b.id for b in found if b.page == hit.page and abs(b.y0 - hit.y0) < 3
                     and (b.kind == kind or b.kind in ("dob", "address") and kind in ("dob", "address"))}
    return Match(1 - len(missed) / len(planted), len(used) / max(1, len(found)), missed)


def _tokens(settings: Settings, doc_id: int) -> dict[int, str]:
    with Catalog(settings.home.catalog) as cat:
        return {r["id"]: r["token"] for r in cat.redaction_rows(doc_id)}


@pytest.mark.parametrize(("doc_id", "planted"), [(VOTER_ID, VOTER_PLANTED), (CANDIDATE_ID, CANDIDATE_PLANTED),
                                                 (LETTER_ID, LETTER_PLANTED), (PHOTO_ID, STATEMENT_PLANTED)],
                         ids=["voter-list-scanned", "candidates-scanned-skewed", "letter-born-digital",
                              "statement-phone-photo"])
def test_every_planted_identifier_is_proposed(home: Settings, doc_id: int, planted: list[tuple[str, str]],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with Catalog(home.home.catalog) as cat:
        found = redact.boxes(cat, doc_id)
    m = _match(found, _tokens(home, doc_id), planted)
    with capsys.disabled():
        print(f"\n  doc {doc_id}: recall {m.recall:.2f}, precision {m.precision:.2f} ({len(found)} boxes)")
    assert m.missed == []
    assert all(b.status == redact.PROPOSED and b.ground == "h" and b.reason for b in found)


def test_masked_identifiers_and_office_contacts_are_not_proposed(home: Settings) -> None:
    tokens = {**_tokens(home, VOTER_ID), **_tokens(home, LETTER_ID)}
    joined = " ".join(_digits(t) for t in tokens.values())
    assert "0005" not in joined  # the masked NIK of the notice line
    for number in OFFICE_NUMBERS:
        assert number not in joined


def test_proposals_say_why_without_showing_the_identifier(home: Settings) -> None:
    code, out = run(home, "redact", "show", str(VOTER_ID))
    assert code == ExitCode.ok, out
    assert "160401******0001" in out and "huruf h" in out
    for _, nik, _ in VOTERS:
        assert nik not in out


# ---------------------------------------------------------------------- the applied copies


@pytest.fixture(scope="module")
def applied(_filed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict[int, redact.CopyResult]]:
    """Voter list, attachment and photographed statement with every proposal confirmed, the
    attachment's pasted photo boxed by hand, applied."""
    s = _copy_home(_filed, tmp_path_factory.mktemp("applied") / "home")
    results = {}
    with Catalog(s.home.catalog) as cat:
        for doc_id in (VOTER_ID, CANDIDATE_ID, PHOTO_ID):
            redact.set_status(cat, doc_id, None, redact.CONFIRMED, actor="test")
    x0, y0, x1, y1 = (v * MM for v in PHOTO_MM)
    code, out = run(s, "redact", "add", str(CANDIDATE_ID), "--page", "1",
                    "--box", f"{x0 - 8:.1f},{y0 - 8:.1f},{x1 + 8:.1f},{y1 + 8:.1f}", "--reason", "pas foto")
    assert code == ExitCode.ok, out
    with Catalog(s.home.catalog) as cat:
        results[VOTER_ID] = redact.apply(s, cat, VOTER_ID, actor="test")
        results[PHOTO_ID] = redact.apply(s, cat, PHOTO_ID, actor="test")
    code, out = run(s, "redact", "apply", str(CANDIDATE_ID), "--type", "setiap_saat")
    assert code == ExitCode.ok, out
    with Catalog(s.home.catalog) as cat:
        copy_id = cat.redacted_copies_of(CANDIDATE_ID)[0]["copy_id"]
        results[CANDIDATE_ID] = redact.check_copy(s, cat, copy_id, actor="test")
    return s, results


def _fresh_ocr(pdf: Path, tmp: Path) -> str:
    """Our own reading of the copy, independent of pindai: pdftoppm + the tesseract command."""
    texts = []
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(tmp / "p")], check=True)
    for png in sorted(tmp.glob("p*.png")):
        out = subprocess.run(["tesseract", str(png), "-", "-l", "ind+eng"], check=True, capture_output=True)
        texts.append(out.stdout.decode())
    return "\n".join(texts)


def _all_streams(pdf: Path) -> tuple[str, str]:
    with pikepdf.open(pdf) as doc:
        meta = " ".join(f"{k}={v}" for k, v in doc.docinfo.items())
        meta += str(doc.open_metadata())
        streams = " ".join(o.read_bytes().decode("latin-1") for o in doc.objects
                           if isinstance(o, pikepdf.Stream) and o.get("/Subtype") != "/Image")
    return meta, streams


@pytest.mark.parametrize(("doc_id", "planted"), [(VOTER_ID, VOTER_PLANTED), (CANDIDATE_ID, CANDIDATE_PLANTED),
                                                 (PHOTO_ID, STATEMENT_PLANTED)],
                         ids=["voter-list", "candidates", "statement-photo"])
def test_applied_copy_shows_no_planted_identifier_anywhere(
        applied: tuple[Settings, dict[int, redact.CopyResult]], doc_id: int, planted: list[tuple[str, str]],
        tmp_path: Path) -> None:
    s, results = applied
    r = results[doc_id]
    assert r.verified and r.findings == () and r.pdfa_valid, r
    pdf = s.home.root / r.pdfa_path
    layer = poppler.page_texts(pdf)
    ocr = _fresh_ocr(pdf, tmp_path)
    meta, streams = _all_streams(pdf)
    raw = pdf.read_bytes().decode("latin-1")
    for where, text in (("text layer", "\n".join(layer)), ("fresh OCR", ocr), ("metadata", meta),
                        ("streams", streams), ("bytes", raw)):
        digits = re.sub(r"(?<=\d)[\s.\-]{1,3}(?=\d)", "", text.translate(redact._LOOKALIKE))
        flat = " ".join(text.lower().split())
        for kind, value in planted:
            if kind in ("address", "dob"):
                assert value.lower() not in flat, (where, kind)
            else:
                assert _digits(value) not in digits, (where, kind)
    # what was not redacted is still there: names are public
    assert any(name in "\n".join(layer) for name in ("Santoso", "Wijaya", "Maulana"))


def test_copy_metadata_holds_only_neutral_fields(applied: tuple[Settings, dict[int, redact.CopyResult]]) -> None:
    s, results = applied
    with pikepdf.open(s.home.root / results[VOTER_ID].pdfa_path) as doc:
        assert set(doc.docinfo.keys()) <= set(redact.NEUTRAL_INFO)
        keys = {redact._xmp_short(k) for k in doc.open_metadata().keys()}
    assert keys <= set(redact.NEUTRAL_XMP) and {"pdfaid:part", "pdfaid:conformance"} <= keys


def test_hand_drawn_box_over_a_photo_without_words_is_burned_in(
        applied: tuple[Settings, dict[int, redact.CopyResult]], tmp_path: Path) -> None:
    s, results = applied
    x0, y0, x1, y1 = (v * MM for v in PHOTO_MM)
    with Catalog(s.home.catalog) as cat:
        src = cat.document(CANDIDATE_ID)
    # no OCR word there: only a box drawn by hand can cover it
    [page] = poppler.page_words(s.home.root / src.pdfa_path)
    assert not redact._inside(page.words, (x0, y0, x1, y1))

    def region(pdf: Path, stem: str) -> np.ndarray:
        png = poppler.render_page(pdf, 1, tmp_path / stem, dpi=150, gray=True)
        a = np.asarray(Image.open(png))
        k = 150 / 72
        return a[int((y0 + 3) * k):int((y1 - 3) * k), int((x0 + 3) * k):int((x1 - 3) * k)]

    before = region(s.home.root / src.pdfa_path, "before")
    after = region(s.home.root / results[CANDIDATE_ID].pdfa_path, "after")
    assert before.mean() > 60  # the photo was there
    assert after.max() <= 40 and after.mean() < 5  # solid black pixels, not an overlay


def test_verified_copy_is_public_with_its_dip_entry_and_the_source_names_it(
        applied: tuple[Settings, dict[int, redact.CopyResult]]) -> None:
    s, results = applied
    copy_id = results[VOTER_ID].copy_id
    with Catalog(s.home.catalog) as cat:
        copy = review.record(cat, s, copy_id)
        source = review.record(cat, s, VOTER_ID)
        assert redact.is_publishable(cat, copy_id)
    assert (copy.side, copy.register, copy.dip_type, copy.status) == ("public", "DIP", "setiap_saat", "disahkan")
    assert "salinan dihitamkan" in copy.title
    assert (s.home.root / copy.pdfa_path).is_relative_to(s.home.archive_public)
    assert source.side == "exempt" and source.register == "DIK"
    assert source.redaction == f"Salinan dihitamkan: dokumen #{copy_id}"
    hits = {h.doc_id for h in index.search(s.home, "pemilih", limit=50).hits}
    assert copy_id in hits and VOTER_ID not in hits


def test_a_copy_changed_after_verification_is_not_publishable(
        applied: tuple[Settings, dict[int, redact.CopyResult]], tmp_path: Path) -> None:
    s, results = applied
    s = _copy_home(s.home.root, tmp_path / "home")
    copy_id = results[CANDIDATE_ID].copy_id
    with Catalog(s.home.catalog) as cat:
        pdf = s.home.root / cat.document(copy_id).pdfa_path
        assert redact.is_publishable(cat, copy_id)
        pdf.chmod(0o644)
        pdf.write_bytes(pdf.read_bytes() + b"\n%tampered\n")
        from pindai.ingest import sha256_file

        with cat.atomic() as db:  # what a reprocess or a swap would record
            db.execute("UPDATE documents SET pdfa_sha256=? WHERE id=?", (sha256_file(pdf), copy_id))
        assert not redact.is_publishable(cat, copy_id)

    # Every public output refuses it, naming the copy and what to do.
    code, out = run(s, "publish", str(tmp_path / "situs"))
    assert code == PersonalDataError.exit_code and f"#{copy_id}" in out and "redact verify" in out
    assert not (tmp_path / "situs").exists() or not any((tmp_path / "situs").rglob("*.pdf"))
    code, out = run(s, "register", "dip", "--format", "csv", "-o", str(tmp_path / "dip.csv"))
    assert code == PersonalDataError.exit_code and f"#{copy_id}" in out


def _words(rows: list[list[tuple[str, float]]]) -> poppler.PageWords:
    """A page of words at (text, x) per row, 14 pt apart, each letter 6 pt wide."""
    words = [poppler.WordBox(t, x, 100 + 14 * i, x + 6 * len(t), 110 + 14 * i)
             for i, row in enumerate(rows) for t, x in row]
    return poppler.PageWords(1, 595, 842, tuple(words))


def test_a_labelled_address_is_not_read_as_a_table_header() -> None:
    # "RT" is also a column name; the colon says this is a field, and "No. HP :" below is not an address
    page = _words([[("Nama", 70), (":", 110), ("Hendra", 160), ("Wijaya", 210)],
                   [("Alamat", 70), (":", 110), ("Desa", 160), ("Pagar", 190), ("RT", 226), ("03", 244)],
                   [("No.", 70), ("HP", 92), (":", 110), ("0812-7345-6621", 160)]])
    found = redact.propose_page(page)
    assert sorted((p.kind, p.token) for p in found) == [("address", "Desa Pagar RT 03"),
                                                        ("phone", "0812-7345-6621")]


def test_the_offices_letterhead_and_a_suppliers_data_are_not_proposed() -> None:
    def row(text: str) -> list[tuple[str, float]]:
        out, x = [], 70.0
        for word in text.split():
            out.append((word, x))
            x += 6 * len(word) + 5
        return out

    page = _words([row("KOMISI PEMILIHAN UMUM KABUPATEN LAHAT"),
                   row("Alamat : Jalan Mayor Ruslan Amin Nomor 29, Lahat"),
                   row("Telp. (0731) 620471, Faks. (0731) 624175"),
                   row("Nama pekerjaan : pencetakan bahan sosialisasi"),
                   row("Penyedia : CV Bukit Jaya Abadi"),
                   row("Alamat : Jalan Ogan Permai No. 73, Baturaja"),
                   row("NPWP : 10.337.462.4-313.000"),
                   row("Rekening : Bank Sumsel Babel 8383759240798"),
                   row(""),
                   row("Nama : Fajar Ramadhan"),
                   row("Alamat : Dusun II Desa Tanjung Agung")])
    assert [(p.kind, p.token) for p in redact.propose_page(page)] == [("address", "Dusun II Desa Tanjung Agung")]


def test_table_columns_of_addresses_and_birth_dates_are_proposed() -> None:
    page = _words([[("No", 60), ("Nama", 90), ("Tgl.", 220), ("Lahir", 250), ("Alamat", 340)],
                   [("1", 60), ("Rudi", 90), ("Hartono", 120), ("12-03-1979", 220), ("Dusun", 340), ("III", 376)],
                   [("2", 60), ("Sari", 90), ("Dewi", 120), ("01-11-1990", 220), ("Jalan", 340), ("Kenari", 376)]])
    found = sorted((p.kind, p.token) for p in redact.propose_page(page))
    assert found == [("address", "Dusun III"), ("address", "Jalan Kenari"), ("dob", "01-11-1990"),
                     ("dob", "12-03-1979")]


# ---------------------------------------------------------------------- verification


def test_digits_are_compared_after_ocr_normalisation() -> None:
    token = redact.Token("kotak #1 (nik)", "1604011207850001", "")
    for seen in ("NIK 16O4 0112 O785 OOO1", "1604-0112-0785-0001", "l6040112O7850001"):
        assert redact._search(seen, [token], "OCR ulang", 1, allowed=set(), identifiers=False), seen
    assert not redact._search("160401******0001", [token], "OCR ulang", 1, allowed=set())


def test_verify_finds_a_token_left_in_the_metadata(tmp_path: Path) -> None:
    pdf = synth.write_text_pdf([["Daftar hadir rapat pleno terbuka"]], tmp_path / "copy.pdf")
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        doc.docinfo["/Title"] = "Data 1604011207850001"
        doc.save(pdf)
    findings = redact.verify(pdf, [redact.Token("kotak #3 (nik)", "1604011207850001", "")])
    assert [(f.where, f.what) for f in findings if f.where == "metadata"] == [
        ("metadata", "token kotak #3 (nik)"), ("metadata", "nik 160401******0001")]
    assert all("1604011207850001" not in str(f) for f in findings)


def test_a_box_confirmed_after_the_copy_sends_it_back_to_the_exempt_side(
        applied: tuple[Settings, dict[int, redact.CopyResult]], tmp_path: Path) -> None:
    s, results = applied
    s = _copy_home(s.home.root, tmp_path / "home")
    copy_id = results[VOTER_ID].copy_id
    with Catalog(s.home.catalog) as cat:
        [page] = poppler.page_words(s.home.root / cat.document(VOTER_ID).pdfa_path)
        word = next(w for w in page.words if w.text == "Santoso")
        box = redact.add_box(s, cat, VOTER_ID, page=1, rect=(word.x0 - 1, word.y0 - 1, word.x1 + 1, word.y1 + 1),
                             reason="nama saksi", actor="test")
    code, out = run(s, "redact", "verify", str(copy_id))
    assert code == ExitCode.input_failed, out
    assert f"token kotak #{box.id} (manual)" in out and "lapisan teks" in out and "Santoso" not in out
    with Catalog(s.home.catalog) as cat:
        assert not redact.is_publishable(cat, copy_id)
        assert review.record(cat, s, copy_id).side == "exempt"
    assert copy_id not in {h.doc_id for h in index.search(s.home, "pemilih", limit=50).hits}


# ---------------------------------------------------------------------- refusals


def test_unverified_copy_stays_exempt_and_is_refused(home: Settings) -> None:
    # the officer confirms the bank account but leaves the mobile number proposed, not confirmed
    with Catalog(home.home.catalog) as cat:
        bank = [b.id for b in redact.boxes(cat, LETTER_ID) if b.kind == "bank_account"]
        redact.set_status(cat, LETTER_ID, bank, redact.CONFIRMED, actor="test")
    code, out = run(home, "redact", "apply", str(LETTER_ID))
    assert code == ExitCode.input_failed, out
    assert "TIDAK terverifikasi" in out and "phone 0813" in out and "lapisan teks" in out
    assert "0813-6677-2290" not in out and "66772290" not in out
    with Catalog(home.home.catalog) as cat:
        [link] = cat.redacted_copies_of(LETTER_ID)
        copy_id = link["copy_id"]
        assert not redact.is_publishable(cat, copy_id)
        copy = review.record(cat, home, copy_id)
        source = review.record(cat, home, LETTER_ID)
    assert copy.side == "exempt" and not copy.decided
    assert (home.home.root / copy.pdfa_path).is_relative_to(home.home.archive_exempt)
    assert source.redaction is None
    assert copy_id not in {h.doc_id for h in index.search(home.home, "honorarium", limit=50).hits}
    # neither an officer's DIP decision nor a reprocess move takes it public
    code, out = run(home, "review", "set", str(copy_id), "--register", "DIP", "--type", "setiap_saat")
    assert code == ExitCode.bad_config and "belum terverifikasi" in out
    with Catalog(home.home.catalog) as cat:
        assert review.move_to_side(home, cat, copy_id, "public", reason="test") is False
        assert review.record(cat, home, copy_id).side == "exempt"


def test_apply_without_confirmed_boxes_says_what_to_do(home: Settings) -> None:
    code, out = run(home, "redact", "apply", str(VOTER_ID))
    assert code == ExitCode.bad_config
    assert "pindai redact confirm" in out


def test_add_refuses_a_box_outside_the_page(home: Settings) -> None:
    code, out = run(home, "redact", "add", str(VOTER_ID), "--page", "1", "--box", "10,10,900,40")
    assert code == ExitCode.bad_config
    assert "di luar halaman" in out


def test_confirm_reject_and_whole_page_are_recorded_with_audit(home: Settings) -> None:
    with Catalog(home.home.catalog) as cat:
        ids = [b.id for b in redact.boxes(cat, VOTER_ID)]
    code, out = run(home, "redact", "confirm", str(VOTER_ID), str(ids[0]), "--reject", "--reason", "uji")
    assert code == ExitCode.ok, out
    code, out = run(home, "redact", "confirm", str(VOTER_ID))
    assert code == ExitCode.ok and f"{len(ids) - 1} kotak dikonfirmasi" in out
    code, out = run(home, "redact", "add", str(VOTER_ID), "--page", "1", "--whole-page")
    assert code == ExitCode.ok and "seluruh halaman" in out
    with Catalog(home.home.catalog) as cat:
        found = redact.boxes(cat, VOTER_ID)
        trail = [a["action"] for a in review.audit_trail(cat, VOTER_ID)]
        # proposing again keeps what the officer decided
        redact.propose(home, cat, VOTER_ID, actor="test")
        again = redact.boxes(cat, VOTER_ID)
    assert [b.status for b in found].count(redact.REJECTED) == 1
    assert any(b.whole_page and b.status == redact.CONFIRMED for b in found)
    assert {"redact_reject", "redact_confirm", "redact_add"} <= set(trail)
    assert len(again) == len(found) and all(b.status != redact.PROPOSED for b in again)


def test_the_workspace_gets_proposals_once_and_the_page_frame(filed_home: Settings) -> None:
    s = filed_home
    with Catalog(s.home.catalog) as cat:
        first = redact.ensure_proposed(s, cat, 4)
        again = redact.ensure_proposed(s, cat, 4)
        proposing = [a for a in review.audit_trail(cat, 4) if a["action"] == "redact_propose"]
        [(width, height)] = redact.page_sizes(s, cat, 4)
    assert [b.id for b in first] == [b.id for b in again] and len(proposing) == 1
    assert 590 < width < 600 and 835 < height < 850  # A4 in points


def test_a_withheld_page_comes_out_black_and_the_copy_verifies(home: Settings, tmp_path: Path) -> None:
    code, out = run(home, "redact", "add", str(VOTER_ID), "--page", "1", "--whole-page", "--reason", "uji")
    assert code == ExitCode.ok, out
    with Catalog(home.home.catalog) as cat:
        r = redact.apply(home, cat, VOTER_ID, actor="test")
    assert r.verified, r.findings
    pdf = home.home.root / r.pdfa_path
    png = poppler.render_page(pdf, 1, tmp_path / "page", dpi=50, gray=True)
    assert np.asarray(Image.open(png)).max() <= 40
    assert not "".join(poppler.page_texts(pdf)).strip()


def test_the_copys_register_entry_carries_no_redacted_word_of_the_sources_title(home: Settings) -> None:
    """The copy's PDF is read back; its catalogue entry must not bring the source's title,
    number or place onto the public side when they hold what was blacked out."""
    nik = VOTERS[0][1]
    with Catalog(home.home.catalog) as cat:
        review.decide(home, cat, VOTER_ID, review.Decision(meta={
            "title": f"Daftar pemilih TPS 003 termasuk Budi Santoso NIK {nik}", "number": "12/PL.02-DPT/2024",
            "place": "Lahat"}), actor="test")
        redact.set_status(cat, VOTER_ID, None, redact.CONFIRMED, actor="test")
        result = redact.apply(home, cat, VOTER_ID, actor="test")
        assert result.verified
        copy = review.record(cat, home, result.copy_id)
    assert copy.side == "public"
    assert nik not in copy.title and "Budi Santoso" not in copy.title
    assert copy.title == f"Dokumen #{VOTER_ID} (salinan dihitamkan)"
    assert (copy.number, copy.place) == ("12/PL.02-DPT/2024", "Lahat")  # nothing redacted in those
    hits = index.search(home.home, nik, limit=5)
    assert hits.total == 0
