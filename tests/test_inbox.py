"""The officers' inbox as the library serves it (#16): filtered, counted and paged by the catalogue.

The documents are written straight into the catalogue (no OCR): what is tested is which
documents a page of the inbox shows, in which order, and what its tabs and lists count.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pindai import review
from pindai.catalog import Catalog
from pindai.config import Settings

UNITS = ("Keuangan", "Teknis", "Umum")
#: (register, dip_type, ground) cycled over the documents.
LABELS = (("DIP", "berkala", None), ("DIK", None, "h"), ("DIP", "setiap_saat", None), ("DIK", None, "i"))
N = 60


def _fill(settings: Settings, n: int = N) -> None:
    """``n`` documents: units, profiles, labels, confidences and received days all vary."""
    with Catalog(settings.home.catalog) as cat:
        docs = []
        for i in range(n):
            register, dip_type, ground = LABELS[i % len(LABELS)]
            unit = UNITS[i % len(UNITS)]
            received = f"2026-{1 + i % 12:02d}-{1 + i % 27:02d}T{8 + i % 9:02d}:00:00+07:00"
            name = f"surat-{i:03d}.pdf"
            side = "exempt" if register == "DIK" else "public"
            row = {"sha256": hashlib.sha256(name.encode()).hexdigest(), "source_name": name,
                   "profile": ("kantor", "ponsel")[i % 2], "unit": unit, "input_kind": "pdf",
                   "original_path": f"originals/{name}", "pdfa_path": f"archive/{side}/2026/{unit}/{name}",
                   "pdfa_sha256": hashlib.sha256(b"pdfa" + name.encode()).hexdigest(), "pdfa_valid": 1,
                   "pdfa_verdict": "pass", "side": side, "status": "usulan", "pages": 1,
                   "received_at": received, "filed_at": received}
            pages = [{"number": 1, "text": f"PENGUMUMAN\nNomor {i}/PL.01/2026\nTentang jadwal {i}",
                      "confidence": 93.0, "rescan": 0, "born_digital": 1, "quarter_turns": 0,
                      "deskew_angle": 0.0, "perspective": 0}]
            suggestion = {"register": register, "dip_type": dip_type, "ground": ground,
                          "confidence": round(0.5 + (i % 10) * 0.05, 2), "held": side == "exempt",
                          "evidence": [], "model_version": "test"}
            docs.append((row, pages, suggestion))
        job = cat.new_job(source=Path("/tes/batch.pdf"), work=Path("/tes/work"), profile="kantor")
        cat.commit_documents(job_id=job, documents=docs)


@pytest.fixture
def many(settings: Settings) -> Settings:
    _fill(settings)
    return settings


def _reference(settings: Settings, f: review.InboxFilter, scope: str | None) -> list[int]:
    """What the inbox must list: every waiting record filtered in Python, newest first."""
    with Catalog(settings.home.catalog) as cat:
        recs = review.pending(cat, settings)
    reg, _, sub = f.suggestion.partition(":")
    band = review.CONFIDENCE_BANDS.get(f.band)
    return [r.id for r in recs
            if (not scope or r.unit == scope) and (not f.unit or r.unit == f.unit)
            and (not f.profile or r.profile == f.profile) and (not reg or r.register == reg)
            and (not sub or sub in (r.dip_type, r.ground))
            and (not band or (r.confidence is not None and band[0] <= r.confidence < band[1]))
            and (not f.received_from or r.received_at[:10] >= f.received_from)
            and (not f.received_to or r.received_at[:10] <= f.received_to)]


def _all_pages(settings: Settings, **kwargs: object) -> tuple[list[int], review.Inbox]:
    ids: list[int] = []
    with Catalog(settings.home.catalog) as cat:
        first = review.inbox(cat, settings, size=7, **kwargs)
        for page in range(1, first.pages + 1):
            box = review.inbox(cat, settings, size=7, page=page, **kwargs)
            assert len(box.records) == (7 if page < box.pages else box.total - 7 * (box.pages - 1))
            ids += [r.id for r in box.records]
    return ids, first


FILTERS = [
    review.InboxFilter(),
    review.InboxFilter(unit="Teknis"),
    review.InboxFilter(profile="ponsel", suggestion="DIK"),
    review.InboxFilter(suggestion="DIK:h"),
    review.InboxFilter(suggestion="DIP:berkala", band="tinggi"),
    review.InboxFilter(band="rendah"),
    review.InboxFilter(received_from="2026-03-01", received_to="2026-06-30"),
    review.InboxFilter(unit="Umum", suggestion="DIP", received_from="2026-05-01"),
]


@pytest.mark.parametrize(("f", "scope"), [*((f, None) for f in FILTERS), (FILTERS[0], "Keuangan"),
                                          (FILTERS[3], "Keuangan")])
def test_every_page_of_the_inbox_together_lists_what_the_filter_asks_in_order(
        many: Settings, f: review.InboxFilter, scope: str | None) -> None:
    want = _reference(many, f, scope)
    ids, box = _all_pages(many, filters=f, scope_unit=scope)
    assert want, "the filter must keep some documents, or the test proves nothing"
    assert ids == want
    assert box.total == len(want) and box.pages == -(-len(want) // 7)


def test_the_tabs_and_lists_count_only_what_a_liaison_may_see(many: Settings) -> None:
    with Catalog(many.home.catalog) as cat:
        everyone = review.inbox(cat, many)
        liaison = review.inbox(cat, many, scope_unit="Keuangan")
    assert everyone.counts == {"menunggu": N, "keputusan": 0}
    assert everyone.units == sorted(UNITS) and everyone.profiles == ["kantor", "ponsel"]
    assert liaison.counts["menunggu"] == N // len(UNITS)
    assert liaison.units == ["Keuangan"]
    assert {r.unit for r in liaison.records} == {"Keuangan"}


def test_a_decision_moves_a_document_between_the_tabs(many: Settings) -> None:
    with Catalog(many.home.catalog) as cat:
        newest = review.inbox(cat, many, filters=review.InboxFilter(suggestion="DIP")).records[0].id
        dik = next(r.id for r in review.inbox(cat, many, filters=review.InboxFilter(suggestion="DIK")).records)
        review.accept(many, cat, newest, actor="tes")
        review.accept(many, cat, dik, actor="tes")
        waiting = review.inbox(cat, many)
        keputusan = review.inbox(cat, many, tab="keputusan")
    assert newest not in [r.id for r in waiting.records] and dik not in [r.id for r in waiting.records]
    assert waiting.counts == {"menunggu": N - 2, "keputusan": 1}
    assert [r.id for r in keputusan.records] == [dik]


def test_a_page_past_the_end_shows_the_last_page(many: Settings) -> None:
    with Catalog(many.home.catalog) as cat:
        box = review.inbox(cat, many, size=25, page=99)
    assert (box.page, box.pages, len(box.records)) == (3, 3, N - 50)


def test_unsure_metadata_first_puts_the_least_sure_documents_on_top_and_names_their_fields(many: Settings) -> None:
    with Catalog(many.home.catalog) as cat:
        review.inbox(cat, many)  # reads the register fields of every document once
        every = review.inbox(cat, many, size=N).records
        for doc in every:  # sure of everything ...
            cat.set_meta_confidence(doc.id, {"title": 0.95, "number": 0.95})
        oldest = every[-2:]  # ... but the number of the two oldest
        for doc, sure in zip(oldest, (0.2, 0.4), strict=True):
            cat.set_meta_confidence(doc.id, {"title": 0.95, "number": sure})
        box = review.inbox(cat, many, unsure_first=True, size=5)
        plain = review.inbox(cat, many, size=5)
        # An officer corrects the number of the least sure: it is no longer unsure.
        review.decide(many, cat, oldest[0].id, review.Decision(meta={"number": "1/PL.01/2026"}), actor="tes")
        after = review.inbox(cat, many, unsure_first=True, size=5)
    assert [r.id for r in box.records[:2]] == [oldest[0].id, oldest[1].id]
    assert box.unsure[oldest[0].id] == ["number"]
    assert [r.id for r in box.records[2:]] == [r.id for r in plain.records[:3]]
    assert oldest[0].id not in [r.id for r in plain.records] and oldest[0].id not in plain.unsure
    assert after.records[0].id == oldest[1].id


def test_the_inbox_reads_only_the_page_it_shows(many: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whole records (evidence, metadata, rescan pages) are built for the 25 shown, not for every document."""
    built = []
    real = review._record
    monkeypatch.setattr(review, "_record", lambda row: built.append(row["id"]) or real(row))
    with Catalog(many.home.catalog) as cat:
        review.inbox(cat, many)  # the first sight reads the register fields of all
        built.clear()
        box = review.inbox(cat, many, page=2, size=25)
    assert sorted(built) == sorted(r.id for r in box.records) and len(built) == 25



def test_the_counts_follow_new_documents_and_their_register_fields_are_read(many: Settings) -> None:
    """The tab counts are kept while nothing changes; a newly filed document changes them, and
    its register fields are read when the inbox first shows it."""
    with Catalog(many.home.catalog) as cat:
        before = review.inbox(cat, many)
        assert before.counts["menunggu"] == N and review.inbox(cat, many).counts["menunggu"] == N
    _more(many, "surat-baru.pdf")
    with Catalog(many.home.catalog) as cat:
        after = review.inbox(cat, many)
        newest = after.records[0]
    assert after.counts["menunggu"] == N + 1 and after.total == N + 1
    assert newest.source_name == "surat-baru.pdf" and newest.title and newest.number == "77/PL.01/2026"


def _more(settings: Settings, name: str) -> None:
    with Catalog(settings.home.catalog) as cat:
        row = {"sha256": hashlib.sha256(name.encode()).hexdigest(), "source_name": name, "profile": "kantor",
               "unit": "Umum", "input_kind": "pdf", "original_path": f"originals/{name}",
               "pdfa_path": f"archive/public/2026/Umum/{name}", "pdfa_sha256": "0" * 64, "pdfa_valid": 1,
               "pdfa_verdict": "pass", "side": "public", "status": "usulan", "pages": 1,
               "received_at": "2027-01-02T08:00:00+07:00", "filed_at": "2027-01-02T08:00:00+07:00"}
        pages = [{"number": 1, "text": "PENGUMUMAN\nNomor 77/PL.01/2026\nTentang jadwal kampanye",
                  "confidence": 93.0, "rescan": 0, "born_digital": 1, "quarter_turns": 0, "deskew_angle": 0.0,
                  "perspective": 0}]
        suggestion = {"register": "DIP", "dip_type": "setiap_saat", "ground": None, "confidence": 0.9,
                      "held": False, "evidence": [], "model_version": "test"}
        job = cat.new_job(source=Path("/tes/baru.pdf"), work=Path("/tes/work"), profile="kantor")
        cat.commit_documents(job_id=job, documents=[(row, pages, suggestion)])


def test_a_table_page_whose_text_order_is_unsure_is_kept_and_shown(many: Settings) -> None:
    """OCR's flag (#18) reaches the catalogue through page_row, and the officer's views."""
    from click.testing import CliRunner

    from pindai.catalog import page_row
    from pindai.cli import cli
    from pindai.ocr import PageResult

    pages = [page_row(PageResult(number=n, text=f"REKAPITULASI\\n1 2 3 hlm {n}", confidence=88.0, rescan=False,
                                 order_unsure=n == 2)) for n in (1, 2)]
    with Catalog(many.home.catalog) as cat:
        cat.replace_pages(3, pages)
        rec = review.record(cat, many, 3)
        other = review.record(cat, many, 4)
    assert rec.order_unsure_pages == [2] and other.order_unsure_pages == []
    shown = CliRunner().invoke(cli, ["review", "show", "3", "--home", str(many.home.root)])
    assert "urutan teks tabel perlu diperiksa: hlm 2" in shown.output
