"""The register's metadata measured on a labelled set written apart from the training corpus (#18)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import needs_tesseract

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import eval_metadata  # noqa: E402 - renders the set as scans and photos with tests/synth.py

from corpus.metadata_eval import KINDS, metadata_set, write_metadata_set  # noqa: E402
from pindai.catalog import Catalog  # noqa: E402
from pindai.classify.evaluate import evaluate_metadata  # noqa: E402
from pindai.cli import cli  # noqa: E402
from pindai.config import Settings  # noqa: E402
from pindai.errors import ExitCode  # noqa: E402


@pytest.fixture(scope="module")
def labelled_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("meta")
    write_metadata_set(folder, metadata_set())
    return folder


def test_the_labelled_set_has_over_a_hundred_documents_of_many_kinds() -> None:
    docs = metadata_set()
    assert len(docs) >= 100 and len({d.kind for d in docs}) == len(KINDS) >= 20
    assert len({d.text for d in docs}) == len(docs)


def test_the_register_fields_of_the_labelled_set_are_read_as_a_clerk_would(labelled_set: Path) -> None:
    figures = evaluate_metadata(labelled_set).summary()
    assert figures["title"] >= 0.95, figures["wrong"]["title"]
    assert figures["number"] >= 0.95 and figures["numbers_invented"] == [], figures["wrong"]["number"]
    assert figures["date"] >= 0.95 and figures["dates_of_birth"] == [], figures["wrong"]["date"]
    assert figures["issuer"] >= 0.9, figures["wrong"]["issuer"]
    assert figures["summary_sentence_end"] == 1.0, figures["wrong"]["summary"]


def test_evaluate_reports_each_metadata_field(labelled_set: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate", str(labelled_set), "--home", str(tmp_path)])
    assert result.exit_code == ExitCode.ok, result.output
    for phrase in ("judul / title", "nomor / number", "tanggal / date", "penerbit / issuer",
                   "numbers invented (0)", "dates of birth (0)"):
        assert phrase in result.output
    as_json = CliRunner().invoke(cli, ["evaluate", str(labelled_set), "--json", "--home", str(tmp_path)])
    assert json.loads(as_json.output)["documents"] == len(metadata_set())


def test_evaluate_without_labels_says_what_to_add(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path), "--home", str(tmp_path)])
    assert result.exit_code != ExitCode.ok
    assert "metadata.csv" in result.output


@needs_tesseract
def test_scanned_and_photographed_papers_keep_their_register_fields(tmp_path: Path) -> None:
    """One of each kind (22), as skewed, speckled scans and every third one a phone photo, through
    pindai's OCR stage: the figures that count."""
    docs = metadata_set()[: len(KINDS)]
    figures = evaluate_metadata(eval_metadata.render_set(docs, tmp_path / "scans")).summary()
    assert figures["title"] >= 0.95, figures["wrong"]["title"]
    assert figures["number"] >= 0.95 and figures["numbers_invented"] == [], figures["wrong"]["number"]
    assert figures["date"] >= 0.95 and figures["dates_of_birth"] == [], figures["wrong"]["date"]
    assert figures["issuer"] >= 0.9, figures["wrong"]["issuer"]
    assert figures["summary_sentence_end"] == 1.0


def test_the_confidence_of_each_field_is_kept_and_unsure_documents_come_first(filed_home: Settings) -> None:
    from pindai import review

    with Catalog(filed_home.home.catalog) as cat:
        review.refresh_metadata(cat, filed_home.registers)
        sure = {doc: cat.meta_confidence(doc) for doc in range(1, 7)}
        unsure = cat.unsure_metadata()
        assert all({"title", "number", "made_on", "issuer", "summary"} <= set(s) for s in sure.values())
        assert all(0.0 <= c <= 1.0 for s in sure.values() for c in s.values())
        assert unsure, "some field of the six filed documents is unsure"
        lows = [low for _, low, _ in unsure]
        assert lows == sorted(lows) and all(low < 0.7 for low in lows)
        doc, _, fields = unsure[0]
        assert all(sure[doc][f] < 0.7 for f in fields)
    # An officer's edit makes a field sure: the document leaves the unsure list once each is set.
    options = {"title": ("--title", "Judul diperiksa"), "number": ("--number", "1/PP.01/2024"),
               "place": ("--place", "Lahat"), "made_on": ("--date", "2024-06-25"),
               "issuer": ("--issuer", "KPU Kabupaten Lahat"), "summary": ("--summary", "Ringkasan diperiksa.")}
    args = [a for f in fields for a in options[f]]
    result = CliRunner().invoke(cli, ["review", "set", str(doc), *args, "--home", str(filed_home.home.root)])
    assert result.exit_code == ExitCode.ok, result.output
    with Catalog(filed_home.home.catalog) as cat:
        assert doc not in [d for d, _, _ in cat.unsure_metadata()]
        assert all(cat.meta_confidence(doc)[f] == 1.0 for f in fields)
