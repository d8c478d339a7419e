"""The classifier: policy, traps, evidence, and its commands (real model, real corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import corpus as corp
from pindai.classify import PUBLIC_THRESHOLD, decide, side_for, suggest
from pindai.classify.signals import Evidence, find_signals
from pindai.cli import cli


def probs(p_dik: float, ground: str = "h", dip_type: str = "setiap_saat") -> dict:
    return {"register": {"DIK": p_dik, "DIP": 1 - p_dik},
            "ground": {g: (0.9 if g == ground else 0.02) for g in "abghij"},
            "dip_type": {t: (0.9 if t == dip_type else 0.05) for t in ("berkala", "serta_merta", "setiap_saat")}}


# --------------------------------------------------------------------------- policy (pure)


def test_a_strong_exempt_signal_holds_the_document_whatever_the_model_says() -> None:
    nik = Evidence("nik_lengkap", "DIK:h", 0.9, "130904******01", 1)
    s = decide(probs(0.05), [nik])
    assert s.register == "DIK" and s.held and s.ground == "h"
    assert side_for(s) == "exempt"


def test_unsure_public_suggestion_is_held_and_filed_exempt() -> None:
    s = decide(probs(1 - (PUBLIC_THRESHOLD - 0.1)), [])
    assert s.register == "DIP" and s.held and side_for(s) == "exempt"


def test_confident_public_suggestion_is_not_held() -> None:
    s = decide(probs(0.02, dip_type="berkala"), [])
    assert s.register == "DIP" and not s.held and s.dip_type == "berkala" and side_for(s) == "public"


def test_court_ruling_is_not_exempt_on_investigation_words_alone() -> None:
    ev = [Evidence("penyidikan", "DIK:a", 0.8, "penyidikan", 1),
          Evidence("putusan_pengadilan", "public", 0.7, "salinan putusan", 1)]
    assert decide(probs(0.1), ev).register == "DIP"


def test_model_only_dik_suggestion_still_carries_evidence() -> None:
    s = decide(probs(0.9), [], explain=lambda: ["nilai", "wawancara"])
    assert s.register == "DIK" and s.evidence and "wawancara" in s.evidence[0]["text"]


# --------------------------------------------------------------------------- the real model


@pytest.fixture(scope="module")
def held_out() -> list:
    _, docs = corp.examples()
    return docs


def test_every_trap_kind_is_classified_correctly(held_out: list) -> None:
    traps = [d for d in held_out if d.trap]
    assert len({d.kind for d in traps}) >= 8
    wrong = [(d.kind, d.register, suggest(d.text.split("\f")).register) for d in traps
             if suggest(d.text.split("\f")).register != d.register]
    assert not wrong


def test_no_exempt_held_out_document_would_be_filed_public(held_out: list) -> None:
    leaks = [d.kind for d in held_out if d.register == "DIK" and side_for(suggest([d.text])) == "public"]
    assert not leaks


def test_every_dik_suggestion_has_evidence_with_masked_identifiers(held_out: list) -> None:
    import re

    for d in held_out:
        s = suggest(d.text.split("\f"))
        if s.register == "DIK":
            assert s.evidence, d.kind
            for e in s.evidence:
                assert not re.search(r"\d{16}", e["text"].replace(" ", "")), (d.kind, e)


def test_signals_name_the_page_they_fired_on() -> None:
    ev = find_signals(["Undangan rapat pleno terbuka", "Sifat : RAHASIA\nPerihal: telaahan"])
    rahasia = [e for e in ev if e.name == "sifat_rahasia"]
    assert rahasia and rahasia[0].page == 2 and rahasia[0].points_to == "DIK:i"


# --------------------------------------------------------------------------- commands


def test_classify_command_prints_json_with_evidence(tmp_path: Path, held_out: list) -> None:
    doc = next(d for d in held_out if d.register == "DIK" and d.ground == "h")
    f = tmp_path / "dok.txt"
    f.write_text(doc.text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["classify", "--text", str(f), "--json", "--home", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["register"] == "DIK" and out["ground"] == "h" and out["held"] is True
    assert set(out) >= {"register", "dip_type", "ground", "confidence", "held", "evidence"}
    assert all({"signal", "text", "page"} <= set(e) for e in out["evidence"])


def test_classify_reads_standard_input(tmp_path: Path) -> None:
    text = "Sifat : SANGAT RAHASIA\nNota Dinas tentang pemeriksaan disiplin pegawai"
    result = CliRunner().invoke(cli, ["classify", "-", "--json", "--home", str(tmp_path)], input=text)
    assert result.exit_code == 0
    assert json.loads(result.output)["ground"] == "i"


def test_evaluate_command_reports_figures_and_leaks(tmp_path: Path, held_out: list) -> None:
    sample = held_out[::4]  # every register, type and ground, a quarter of the documents
    assert {d.register for d in sample} == {"DIP", "DIK"}
    corp.write_corpus(tmp_path / "uji", sample)
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path / "uji"), "--json", "--home", str(tmp_path)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["documents"] == len(sample) and figures["leaks"] == []
    assert figures["dik_recall"] == 1.0


# --------------------------------------------------------------------------- in the pipeline


def _text_pdf(folder: Path, name: str, text: str) -> Path:
    import synth

    return synth.write_text_pdf([text.splitlines()], folder / name)


def test_ingest_files_exempt_and_public_documents_by_the_suggestion(
    settings, home_dir: Path, inbox: Path, held_out: list
) -> None:
    from pindai.catalog import Catalog
    from pindai.ingest import Ingestor

    exempt = next(d for d in held_out if d.register == "DIK" and d.ground == "h")
    public = next(d for d in held_out if d.register == "DIP" and d.dip_type == "berkala"
                  and suggest([d.text]).held is False)
    with Ingestor(settings) as ing:
        [r_exempt] = ing.ingest(_text_pdf(inbox, "a.pdf", exempt.text))
        [r_public] = ing.ingest(_text_pdf(inbox, "b.pdf", public.text))
    assert r_exempt.register == "DIK" and r_exempt.held and "archive/exempt" in r_exempt.path
    assert r_public.register == "DIP" and not r_public.held and "archive/public" in r_public.path
    assert r_public.dip_type == "berkala" and r_public.review_status == "usulan"
    with Catalog(home_dir / "catalog.sqlite3") as cat:
        rows = cat.db.execute("SELECT register, evidence, model_version FROM suggestions").fetchall()
    assert all(r["model_version"].startswith("tfidf-lr-") for r in rows)
    assert json.loads(rows[0]["evidence"])  # the evidence is kept with the suggestion


def test_train_learns_from_officer_decisions_and_ingest_uses_the_new_model(
    settings, home_dir: Path, inbox: Path, held_out: list
) -> None:
    from pindai.catalog import Catalog, record_decision
    from pindai.ingest import Ingestor

    doc = next(d for d in held_out if d.register == "DIP")
    with Ingestor(settings) as ing:
        [r] = ing.ingest(_text_pdf(inbox, "c.pdf", doc.text))
        record_decision(ing.catalog, r.id, register="DIK", ground="i", decided_by="petugas",
                        reason="rapat internal")
    result = CliRunner().invoke(cli, ["train", "--home", str(home_dir)])
    assert result.exit_code == 0, result.output
    retrained = home_dir / "model" / "model.npz"
    assert retrained.exists()
    from pindai.classify.model import load

    new_version = load(retrained).version
    assert new_version != load().version  # trained on one more, different example
    with Ingestor(settings) as ing:
        [r2] = ing.ingest(_text_pdf(inbox, "d.pdf", doc.text + "\nLampiran: satu berkas"))
    with Catalog(home_dir / "catalog.sqlite3") as cat:
        version = cat.db.execute("SELECT model_version FROM suggestions WHERE document_id=?",
                                 (r2.id,)).fetchone()[0]
    assert version == new_version


# --------------------------------------------------------------------------- the compiled model


@pytest.fixture(scope="module")
def fitted() -> object:
    """A small scikit-learn model trained here: the reference the compiled one must equal."""
    from pindai.classify import model

    examples, _ = corp.examples(variants=1)
    return model.train(examples, augment=False)


def _sklearn_explain(m: object, text: str, top: int = 6) -> list[str]:
    """The DIK-ward words computed on the scikit-learn pipeline itself."""
    import numpy as np

    union = m.register.named_steps["features"]
    parts = dict(union.transformer_list)
    clf = m.register.named_steps["clf"]
    x = parts["words"].transform([text])
    offset = len(parts["chars"].vocabulary_)
    sign = 1.0 if clf.classes_[1] == "DIK" else -1.0
    contrib = x.multiply(clf.coef_[0][offset : offset + x.shape[1]] * sign).toarray()[0]
    names = parts["words"].get_feature_names_out()
    return [str(names[i]) for i in np.argsort(contrib)[::-1][:top] if contrib[i] > 0]


def test_compiled_model_gives_the_same_probabilities_and_words_as_scikit_learn(
    fitted: object, held_out: list, tmp_path: Path
) -> None:
    from pindai.classify import _linear
    from pindai.classify.model import ocr_damage

    path = tmp_path / "m.npz"
    fitted.save(path)
    compiled = _linear.load(path)
    assert compiled.version == fitted.version
    texts = [d.text for d in held_out[:80]]
    texts += [ocr_damage(t, rate=0.2, seed=i) for i, t in enumerate(texts[:20])]
    texts += ["", "12345 678", "Rahasia"]  # no n-gram in the vocabulary, digits only, one word
    worst = 0.0
    for text in texts:
        want, got = fitted.predict(text), compiled.predict(text)
        for head in want:
            assert list(want[head]) == list(got[head])  # same classes, same order
            worst = max(worst, *(abs(want[head][c] - got[head][c]) for c in want[head]))
    assert worst < 1e-9
    dik_texts = [d.text for d in held_out if d.register == "DIK"][:15]
    assert any(_sklearn_explain(fitted, t) for t in dik_texts)
    for text in dik_texts:
        assert compiled.explain(text) == _sklearn_explain(fitted, text)


def test_classifying_does_not_import_scikit_learn() -> None:
    import subprocess
    import sys

    code = ("import sys; from pindai import classify; "
            "s = classify.suggest(['KEPUTUSAN KPU tentang jadwal tahapan pemilihan']); "
            "print(s.register, s.model_version, 'sklearn' in sys.modules, 'scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] in ("DIP", "DIK") and out[1].startswith("tfidf-lr-")
    assert out[2:] == ["False", "False"]


def test_a_retrained_model_is_readable_only_by_the_ppid(fitted: object, tmp_path: Path) -> None:
    home_model = tmp_path / "home" / "model" / "model.npz"
    fitted.save(home_model)
    assert home_model.stat().st_mode & 0o777 == 0o640
    assert home_model.parent.stat().st_mode & 0o777 == 0o750


def test_a_model_left_by_an_earlier_pindai_is_still_used(fitted: object, settings, home_dir: Path) -> None:
    import joblib

    from pindai.classify import model_for

    legacy = home_dir / "model" / "model.joblib"
    legacy.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(fitted, legacy)
    assert model_for(settings.home) == legacy
    s = suggest(["Nilai hasil tes psikologi peserta seleksi PPK atas nama Sari Dewi."], model_path=legacy)
    assert s.model_version == fitted.version


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really a zip", b"\x80\x04 a pickle"])
def test_a_broken_model_file_is_refused_with_its_name_and_what_to_do(tmp_path: Path, content: bytes) -> None:
    from pindai.classify import _linear
    from pindai.errors import ExitCode

    bad = tmp_path / "model.npz"
    bad.write_bytes(content)
    with pytest.raises(_linear.ModelFormatError, match="model.npz") as caught:
        _linear.load(bad)
    assert caught.value.exit_code == ExitCode.bad_home
    assert "pindai train" in str(caught.value) and "allow_pickle" not in str(caught.value)


def test_an_unreadable_home_model_stops_ingest_and_keeps_the_input_for_a_rerun(
    home_dir: Path, inbox: Path, held_out: list
) -> None:
    from pindai.catalog import Catalog
    from pindai.errors import ExitCode

    broken = home_dir / "model" / "model.npz"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"")  # a disk that filled up during pindai train
    doc = _text_pdf(inbox, "surat.pdf", held_out[0].text)
    result = CliRunner().invoke(cli, ["ingest", "--home", str(home_dir), "--json", str(doc)])
    assert result.exit_code == ExitCode.bad_home
    assert "pindai train" in result.output and "Traceback" not in result.output
    assert not list((home_dir / "failed").iterdir())  # not blamed on the file
    broken.unlink()  # the packaged model is used again
    other = _text_pdf(inbox, "lain.pdf", held_out[1].text)
    rerun = CliRunner().invoke(cli, ["ingest", "--home", str(home_dir), "--json", str(other)])
    assert rerun.exit_code == 0, rerun.output  # the interrupted job is resumed first
    with Catalog(home_dir / "catalog.sqlite3") as cat:
        names = [r["source_name"] for r in cat.db.execute("SELECT source_name FROM documents ORDER BY id")]
    assert names == ["surat.pdf", "lain.pdf"]


def test_retraining_into_an_existing_open_model_folder_closes_it_and_an_old_joblib(
    fitted: object, tmp_path: Path
) -> None:
    folder = tmp_path / "home" / "model"
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    legacy = folder / "model.joblib"
    legacy.write_bytes(b"old")
    legacy.chmod(0o644)
    fitted.save(folder / "model.npz")
    assert folder.stat().st_mode & 0o777 == 0o750
    assert legacy.stat().st_mode & 0o777 == 0o640


# --------------------------------------------------------------------------- a complete NIK holds (#14)

#: A contact person's NIK in a press release: unlabelled, and split over two lines after "NIK".
NARAHUBUNG = ("Narahubung: Budi Santoso 2101110301650035",
              "Narahubung: Budi Santoso, NIK 21011103\n01650035",
              "Narahubung: Budi Santoso, NIK\n2101110301650035")


@pytest.mark.parametrize("contact", NARAHUBUNG)
def test_a_complete_nik_holds_a_public_announcement_whatever_the_model_says(held_out: list, contact: str) -> None:
    press = next(d for d in held_out if d.kind == "siaran_pers" and not suggest([d.text]).held)
    s = suggest([press.text + "\n" + contact])
    assert (s.register, s.ground, s.held) == ("DIK", "h", True), s
    assert side_for(s) == "exempt"
    assert any(e["signal"] == "nik_lengkap" for e in s.evidence)


def test_a_complete_nik_is_a_rule_not_a_weight() -> None:
    """Below the strong-signal weight (a repaired or unlabelled NIK), against a sure model, over Pasal 18."""
    weak_nik = Evidence("nik_lengkap", "DIK:h", 0.5, "210111******0035", 1)
    ruling = Evidence("putusan_pengadilan", "public", 0.7, "salinan putusan", 1)
    for ev in ([weak_nik], [weak_nik, ruling]):
        s = decide(probs(0.01, ground="a"), ev)
        assert (s.register, s.ground, s.held) == ("DIK", "h", True), s


def test_a_masked_nik_does_not_hold(held_out: list) -> None:
    press = next(d for d in held_out if d.kind == "siaran_pers" and not suggest([d.text]).held)
    s = suggest([press.text + "\nNarahubung: Budi Santoso, NIK 210111******0035"])
    assert s.register == "DIP" and not s.held


def test_an_announcement_with_a_complete_nik_is_filed_exempt_and_not_found_publicly_by_it(
    settings, inbox: Path, held_out: list
) -> None:
    from pindai import index
    from pindai.ingest import Ingestor

    press = next(d for d in held_out if d.kind == "siaran_pers" and not suggest([d.text]).held)
    text = press.text + "\nNarahubung: Budi Santoso, NIK 21011103\n01650035"
    with Ingestor(settings) as ing:
        [r] = ing.ingest(_text_pdf(inbox, "siaran.pdf", text))
    assert r.register == "DIK" and r.held and "archive/exempt" in r.path
    for q in ("2101110301650035", "01650035", "Budi Santoso"):
        assert index.search(settings.home, q).total == 0, q
