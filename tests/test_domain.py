"""The legal vocabulary (pindai.domain) is the one the catalogue, the model, the corpus and the registers use."""

from __future__ import annotations

from corpus import generator as corpus

from pindai import config, domain, metadata
from pindai.classify import _linear
from pindai.registers import _columns, _report


def test_vocabularies_are_the_ids_the_catalogue_stores_in_legal_order() -> None:
    assert domain.REGISTERS == ("DIP", "DIK")
    assert domain.DIP_TYPES == ("berkala", "serta_merta", "setiap_saat")
    assert domain.GROUNDS == tuple("abcdefghij")
    assert domain.STATUSES == ("usulan", "disahkan", "ditetapkan")
    assert domain.SIDES == ("public", "exempt")
    # Member names equal the ids, so click shows an enum choice as the id.
    for enum in (domain.Register, domain.DipType, domain.Ground, domain.Status, domain.Side, domain.RecordKind):
        assert all(m.name == m.value for m in enum), enum


def test_every_id_has_an_indonesian_label() -> None:
    for ids, labels in ((domain.REGISTERS, domain.REGISTER_LABELS), (domain.DIP_TYPES, domain.DIP_TYPE_LABELS),
                        (domain.DIP_TYPES, domain.DIP_TYPE_ARTICLES), (domain.GROUNDS, domain.GROUND_LABELS),
                        (domain.STATUSES, domain.STATUS_LABELS), (domain.SIDES, domain.SIDE_LABELS),
                        (domain.RECORD_KINDS, domain.RECORD_KIND_LABELS)):
        assert tuple(labels) == ids and all(labels.values())


def test_packaged_model_predicts_only_domain_labels() -> None:
    model = _linear.load(_linear.PACKAGED_MODEL)
    assert set(model.register.classes) == set(domain.REGISTERS)
    assert set(model.dip_type.classes) == set(domain.DIP_TYPES)
    assert set(model.ground.classes) <= set(domain.GROUNDS)


def test_corpus_kinds_are_labelled_with_domain_ids() -> None:
    for spec in corpus.KINDS.values():
        assert spec.register in domain.REGISTERS
        assert spec.dip_type in (*domain.DIP_TYPES, None) and spec.ground in (*domain.GROUNDS, None)


def test_record_kinds_are_those_metadata_finds_and_the_retention_schedule_lists() -> None:
    assert {k for k, _ in metadata.KINDS} | {"umum"} == set(domain.RECORD_KINDS)
    assert set(config.DEFAULT_RETENTION) == set(domain.RECORD_KINDS)


def test_register_labels_say_what_the_domain_says() -> None:
    # The registers and the report still spell their own labels (#15): they must agree.
    assert _columns.STATUS_LABELS == domain.STATUS_LABELS
    assert _columns.DIP_TYPE_LABELS == {k: v.title() for k, v in domain.DIP_TYPE_LABELS.items()}
    assert _report.DIP_TYPE_LABELS == {k: v.capitalize() for k, v in domain.DIP_TYPE_LABELS.items()}
    assert _report.GROUND_LABELS == {k: f"{k}. {v}" for k, v in domain.GROUND_LABELS.items()}


def test_register_label_names_a_suggestion_in_a_few_words() -> None:
    assert domain.register_label("DIP", "serta_merta", None) == "DIP serta merta"
    assert domain.register_label("DIK", None, "h") == "DIK Pasal 17 huruf h"
    assert domain.register_label("DIK", None, None) == "DIK Pasal 17 huruf ?"
    assert domain.register_label(None, None, None) == "-"


def test_the_registers_report_and_workspace_show_the_domains_words() -> None:
    """One vocabulary (#15): the register columns, the activity report and the workspace take their
    labels from pindai.domain, each in its own case, none with a copy of its own."""
    from pindai.registers import _columns, _report
    from pindai.web import labels

    for t in domain.DIP_TYPES:
        assert labels.DIP_TYPES[t] == domain.DIP_TYPE_LABELS[t]
        assert _columns.DIP_TYPE_LABELS[t].lower() == _report.DIP_TYPE_LABELS[t].lower() == domain.DIP_TYPE_LABELS[t]
    for g in domain.GROUNDS:
        assert _report.GROUND_LABELS[g] == f"{g}. {domain.GROUND_LABELS[g]}"
        assert labels.GROUNDS[g] == domain.GROUND_DESCRIPTIONS[g]
    assert _columns.STATUS_LABELS == domain.STATUS_LABELS
    assert set(labels.STATUSES) == set(domain.STATUSES)
    assert {s: v.removeprefix("arsip ") for s, v in labels.SIDES.items()} == domain.SIDE_LABELS
