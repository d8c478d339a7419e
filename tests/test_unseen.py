"""The classifier on kinds of paper it never saw (#18): an independent corpus, never trained on."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.unseen_eval import unseen_corpus, write_unseen
from pindai.classify import suggest
from pindai.classify.evaluate import evaluate
from pindai.domain import Register


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    folder = tmp_path_factory.mktemp("unseen")
    write_unseen(folder)
    return evaluate(folder)


def test_the_independent_corpus_is_classified_within_the_targets(report) -> None:  # noqa: ANN001
    s = report.summary()
    public = sum(c.register == Register.DIP for c in report.cases)
    assert s["leaks"] == [] and s["dik_recall"] == 1.0
    assert s["public_held"] / public <= 0.10, [c.file for c in report.cases if c.register == "DIP" and c.suggestion.held]
    assert s["dip_type_accuracy"] >= 0.85 and s["ground_accuracy"] >= 0.9


def test_a_law_quoted_at_length_is_public_whatever_it_speaks_of() -> None:
    law = next(d for d in unseen_corpus() if d.kind == "kutipan_uu_pdp")
    s = suggest([law.text])
    assert (s.register, s.dip_type, s.held) == ("DIP", "setiap_saat", False)


def test_a_complete_nik_in_a_law_quote_still_holds_it() -> None:
    law = next(d for d in unseen_corpus() if d.kind == "kutipan_uu_pdp")
    s = suggest([law.text + "\nContoh: Nama Rina Wulandari NIK 1604014107850003 KK 1604011203090011\n"])
    assert s.register == "DIK" and s.held


@pytest.mark.parametrize(("kind", "dip_type"), [("berita_kegiatan", "berkala"), ("berita_banjir", "serta_merta")])
def test_a_news_post_reports_activities_or_warns(kind: str, dip_type: str) -> None:
    post = next(d for d in unseen_corpus() if d.kind == kind)
    s = suggest([post.text])
    assert (s.register, s.dip_type, s.held) == ("DIP", dip_type, False)
