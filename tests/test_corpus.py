"""The labelled corpus the project writes itself: kinds, labels, determinism, identifiers, files."""

from __future__ import annotations

import csv
import itertools
import re
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from corpus import generator as corp

NIK_LIKE = re.compile(r"(?<!\d)\d{16}(?!\d)")
MASKED_NIK = re.compile(r"(?<![\dA-Za-z])\d{4,6}[*X]{6,8}\d{4}(?!\d)")
OFFICE_CONTACT = re.compile(r"\(0\d{3}\) \d{6}|(?:ppid|info|humas|kpu|sekretariat)@kpu-|@kab-")


@pytest.fixture(scope="module")
def docs() -> list[corp.LabelledDoc]:
    return corp.corpus(variants=8, seed=0)


@pytest.fixture(scope="module")
def by_kind(docs: list[corp.LabelledDoc]) -> dict[str, list[corp.LabelledDoc]]:
    out: dict[str, list[corp.LabelledDoc]] = defaultdict(list)
    for d in docs:
        out[d.kind].append(d)
    return out


# --------------------------------------------------------------------------- kinds and labels


def test_at_least_forty_kinds() -> None:
    assert len(corp.KINDS) >= 40


def test_every_register_type_and_required_ground_is_covered() -> None:
    types = defaultdict(int)
    grounds = defaultdict(int)
    for spec in corp.KINDS.values():
        if spec.register == "DIP":
            types[spec.dip_type] += 1
        else:
            grounds[spec.ground] += 1
    assert set(types) == {"berkala", "serta_merta", "setiap_saat"}
    assert {"a", "b", "g", "h", "i", "j"} <= set(grounds)
    assert grounds["h"] >= 2 and grounds["i"] >= 2


def test_labels_are_consistent(docs: list[corp.LabelledDoc]) -> None:
    for d in docs:
        spec = corp.KINDS[d.kind]
        assert (d.register, d.dip_type, d.ground, d.trap) == (spec.register, spec.dip_type, spec.ground, spec.trap)
        if d.register == "DIP":
            assert d.dip_type in corp.DIP_TYPES and d.ground is None, d.kind
        else:
            assert d.register == "DIK" and d.ground in corp.GROUNDS and d.dip_type is None, d.kind


def test_at_least_eight_trap_kinds_on_both_sides() -> None:
    traps = [s for s in corp.KINDS.values() if s.trap]
    assert len(traps) >= 8
    assert any(s.register == "DIP" for s in traps) and any(s.register == "DIK" for s in traps)
    assert all(s.note for s in traps), "a trap kind says why it is a trap"


def test_corpus_is_every_kind_times_variants(by_kind: dict[str, list[corp.LabelledDoc]]) -> None:
    assert list(by_kind) == list(corp.KINDS)
    assert {len(v) for v in by_kind.values()} == {8}


def test_unknown_kind_raises_key_error() -> None:
    with pytest.raises(KeyError):
        corp.generate("surat_cinta", 1)


# --------------------------------------------------------------------------- determinism and variety


def test_same_seed_gives_identical_text() -> None:
    for kind in corp.KINDS:
        a, b = corp.generate(kind, 12345), corp.generate(kind, 12345)
        assert a == b and a.text.encode() == b.text.encode()


def test_corpus_is_deterministic(docs: list[corp.LabelledDoc]) -> None:
    assert corp.corpus(variants=8, seed=0) == docs
    assert corp.corpus(variants=2, seed=1) != corp.corpus(variants=2, seed=2)


def test_generate_reproduces_each_corpus_document(docs: list[corp.LabelledDoc]) -> None:
    for d in docs[::7]:
        assert corp.generate(d.kind, d.seed) == d


def test_variants_of_a_kind_all_differ(by_kind: dict[str, list[corp.LabelledDoc]]) -> None:
    for kind, ds in by_kind.items():
        assert len({d.text for d in ds}) == len(ds), kind


def test_variants_differ_in_wording_not_only_in_names(by_kind: dict[str, list[corp.LabelledDoc]]) -> None:
    # Mean pairwise Jaccard similarity of the word sets: a template that only swaps names and
    # numbers would sit near 0.9; the synonym pools and optional sections keep it well below.
    for kind, ds in by_kind.items():
        words = [set(re.findall(r"[a-z]+", d.text.lower())) for d in ds]
        sims = [len(a & b) / len(a | b) for a, b in itertools.combinations(words, 2)]
        assert sum(sims) / len(sims) < 0.8, kind


def test_letterheads_and_contacts_vary(docs: list[corp.LabelledDoc]) -> None:
    public = [d for d in docs if d.register == "DIP"]
    firsts = {d.text.splitlines()[0] for d in public}
    assert len(firsts) >= 20
    with_contact = [d for d in public if OFFICE_CONTACT.search(d.text)]
    assert 0.2 * len(public) < len(with_contact) < 0.9 * len(public)


# --------------------------------------------------------------------------- page shape


def test_texts_have_office_document_shape(docs: list[corp.LabelledDoc]) -> None:
    for d in docs:
        lines = d.text.split("\n")
        assert d.text.endswith("\n") and lines[-1] == ""
        lines = lines[:-1]
        assert corp.MIN_LINES <= len(lines) <= corp.MAX_LINES, (d.kind, len(lines))
        for line in lines:
            assert len(line) <= corp.MAX_CHARS and line == line.rstrip(), (d.kind, line)
            assert line.count("\t") < corp.MAX_CELLS, (d.kind, line)


def test_many_documents_carry_office_furniture(docs: list[corp.LabelledDoc]) -> None:
    def share(pattern: str) -> float:
        return sum(bool(re.search(pattern, d.text)) for d in docs) / len(docs)

    assert share(r"KOMISI PEMILIHAN UMUM\s*(\n)?KABUPATEN") > 0.25
    assert share(r"Nomor\s*:") > 0.3
    assert share(r"(Perihal|Hal)\s*:") > 0.1
    assert share(r"\n[A-Z][a-z]+( [A-Z][a-z]+)?, \d{1,2} [A-Z][a-z]+ 20(19|2[0-5])\n") > 0.5
    assert share(r"\t") > 0.3


def test_public_documents_are_dated_2019_to_2025(docs: list[corp.LabelledDoc]) -> None:
    # Exempt files may hold copies of old records (a marriage deed, a diploma); the office's own
    # public documents are all from the corpus's years.
    place_date = re.compile(r"(?m)^[A-Z][a-z]+(?: [A-Z][a-z]+)?, \d{1,2} [A-Z][a-z]+ (\d{4})$")
    years = [int(y) for d in docs if d.register == "DIP" for y in place_date.findall(d.text)]
    assert len(years) > 150 and all(2019 <= y <= 2025 for y in years)


# --------------------------------------------------------------------------- identifiers


def test_every_nik_in_dik_h_texts_is_valid(docs: list[corp.LabelledDoc]) -> None:
    found = 0
    for d in docs:
        if d.ground == "h":
            for nik in NIK_LIKE.findall(d.text):
                found += 1
                assert corp.is_valid_nik(nik), (d.kind, nik)
    assert found >= 50


def test_every_complete_16_digit_number_is_a_valid_nik_or_kk(docs: list[corp.LabelledDoc]) -> None:
    for d in docs:
        for nik in NIK_LIKE.findall(d.text):
            assert corp.is_valid_nik(nik), (d.kind, nik)


def test_public_documents_never_show_a_complete_nik(docs: list[corp.LabelledDoc]) -> None:
    for d in docs:
        if d.register == "DIP":
            assert not NIK_LIKE.search(d.text), d.kind


def test_masked_niks_appear_in_public_voter_lists(by_kind: dict[str, list[corp.LabelledDoc]]) -> None:
    for d in by_kind["pengumuman_dps_tersamar"]:
        assert len(MASKED_NIK.findall(d.text)) >= 5, d.text


def test_women_have_forty_added_to_the_birth_day() -> None:
    assert corp.is_valid_nik("1604015007850003")  # 10 July 1985, woman
    assert corp.is_valid_nik("1604011007850003")  # 10 July 1985, man
    assert not corp.is_valid_nik("1604017207850003")  # day 32 / 72
    assert not corp.is_valid_nik("1604013102850003")  # 31 February
    assert not corp.is_valid_nik("0004011007850003")  # no province 00
    assert not corp.is_valid_nik("1604011007850000")  # serial 0000
    assert not corp.is_valid_nik("160401100785000")  # 15 digits


def test_personal_data_kinds_carry_their_identifiers(by_kind: dict[str, list[corp.LabelledDoc]]) -> None:
    for d in by_kind["formulir_pendaftaran_adhoc"]:
        assert len(NIK_LIKE.findall(d.text)) >= 2  # NIK and KK
        assert re.search(r"(\+62 ?8|08)\d", d.text)
    for d in by_kind["daftar_rekening_honorarium"]:
        assert re.search(r"(BSB|BRI|BNI|Mandiri|BSI) \d{10,15}\b", d.text)
        assert re.search(r"\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}|(?<!\d)\d{16}(?!\d)", d.text)
    for d in by_kind["penilaian_kinerja_pegawai"]:
        assert re.search(r"\b(19[5-9]\d|200\d)[01]\d[0-3]\d 20[0-2]\d[01]\d [12] \d{3}\b", d.text)


def test_confidential_memos_are_marked(by_kind: dict[str, list[corp.LabelledDoc]]) -> None:
    for kind in ("nota_dinas_rahasia", "surat_disiplin_pegawai", "surat_terbatas_antarlembaga"):
        for d in by_kind[kind]:
            assert re.search(r"Sifat\s*:\s*(RAHASIA|SANGAT RAHASIA|TERBATAS|Rahasia|Terbatas)", d.text), d.text


def test_public_traps_talk_like_exempt_documents(by_kind: dict[str, list[corp.LabelledDoc]]) -> None:
    assert all("dikecualikan" in d.text for d in by_kind["keputusan_daftar_informasi_dikecualikan"])
    assert all("Pasal 17" in d.text or "uji konsekuensi" in d.text for d in by_kind["sop_layanan_informasi"])
    assert all("Teradu" in d.text for d in by_kind["putusan_dkpp"])
    assert all("penyidikan" in d.text.lower() for d in by_kind["pemberitahuan_sp3"])


# --------------------------------------------------------------------------- split and files


def test_split_is_stratified_disjoint_and_deterministic(docs: list[corp.LabelledDoc]) -> None:
    train, test = corp.split(docs, holdout=0.25, seed=0)
    assert len(train) + len(test) == len(docs)
    assert not {(d.kind, d.seed) for d in train} & {(d.kind, d.seed) for d in test}
    assert {d.kind for d in test} == {d.kind for d in train} == set(corp.KINDS)
    per_kind = defaultdict(int)
    for d in test:
        per_kind[d.kind] += 1
    assert set(per_kind.values()) == {2}  # 25 % of 8 variants
    assert corp.split(docs, holdout=0.25, seed=0) == (train, test)
    assert corp.split(docs, holdout=0.25, seed=1) != (train, test)


def test_split_keeps_one_of_each_kind_on_both_sides_when_small() -> None:
    small = corp.corpus(variants=2, seed=3)
    train, test = corp.split(small, holdout=0.1)
    assert {d.kind for d in train} == {d.kind for d in test} == set(corp.KINDS)


def test_split_by_kind_holds_out_whole_kinds_and_keeps_every_label(docs: list[corp.LabelledDoc]) -> None:
    train, test = corp.split_by_kind(docs, holdout=0.25, seed=0)
    train_kinds, test_kinds = {d.kind for d in train}, {d.kind for d in test}
    assert train_kinds and test_kinds and not train_kinds & test_kinds
    assert train_kinds | test_kinds == set(corp.KINDS)
    labels = {(d.register, d.dip_type, d.ground) for d in docs}
    assert {(d.register, d.dip_type, d.ground) for d in train} == labels
    assert corp.split_by_kind(docs, holdout=0.25, seed=0) == (train, test)


def test_write_corpus_writes_texts_and_labels_csv(tmp_path: Path, docs: list[corp.LabelledDoc]) -> None:
    sample = docs[::5]
    corp.write_corpus(tmp_path / "uji", sample)
    with (tmp_path / "uji" / "labels.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == ("file", "kind", "register", "dip_type", "ground", "trap")
        rows = list(reader)
    assert len(rows) == len(sample) == len({r["file"] for r in rows})
    for row, d in zip(rows, sample):
        assert (tmp_path / "uji" / row["file"]).read_text(encoding="utf-8") == d.text
        assert row["kind"] == d.kind and row["register"] == d.register
        assert (row["dip_type"] or None) == d.dip_type and (row["ground"] or None) == d.ground
        assert row["trap"] == ("true" if d.trap else "false")


# --------------------------------------------------------------------------- outside the package (#15)

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_training_set_is_what_the_generator_writes() -> None:
    from corpus.training import examples, training_set_bytes

    from pindai.classify.model import TRAINING_SET, training_examples

    # A change to the generator must be followed by `make model`, which writes both.
    assert TRAINING_SET.read_bytes() == training_set_bytes(), "run `make model` to regenerate the training set"
    assert training_examples() == examples()[0]


def test_retraining_reads_the_shipped_training_set_without_the_generator(tmp_path: Path) -> None:
    """`pindai train` in an office: the generator is neither installed nor importable."""
    from corpus.training import examples

    code = (
        "import importlib.util, sys\n"
        "sys.modules['corpus'] = None\n"  # any import of the generator fails
        "from pindai.classify import model\n"
        "examples = model.training_examples()\n"
        "assert importlib.util.find_spec('pindai.classify.corpus') is None\n"
        "print(len(examples), sorted({e.register for e in examples}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[0] == f"{len(examples()[0])} ['DIK', 'DIP']"


def test_package_data_ships_the_model_and_training_set_but_not_the_generator() -> None:
    import setuptools

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages = setuptools.find_packages(where=str(ROOT), include=config["packages"]["find"]["include"])
    assert "pindai.classify" in packages and not [p for p in packages if p.split(".")[0] == "corpus"]
    shipped = {p.relative_to(ROOT / "pindai").as_posix()
               for pattern in config["package-data"]["pindai"] for p in (ROOT / "pindai").glob(pattern)}
    assert {"classify/model.npz", "classify/training-v1.jsonl.gz"} <= shipped
    assert not (ROOT / "pindai" / "classify" / "corpus.py").exists()


def test_damaged_training_set_is_reported_with_what_to_do(tmp_path: Path) -> None:
    from pindai.classify.model import TrainingSetError, training_examples
    from pindai.errors import ExitCode

    bad = tmp_path / "training-v1.jsonl.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(TrainingSetError, match="reinstall pindai") as caught:
        training_examples(bad)
    assert caught.value.exit_code == ExitCode.missing_dependency
