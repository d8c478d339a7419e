"""Search finds what a clerk types (#18): a transposed letter, part of a number, a number OCR damaged."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_index import PUBLIC_TEXT, add_document, ids, run

LETTER = """KEPOLISIAN NEGARA REPUBLIK INDONESIA
RESOR LAHAT
Nomor : B/979/V1/2024/Reskrim
Perihal : Permintaan salinan keputusan
Menindaklanjuti Keputusan KPU Kabupaten Lahat Nomor 229/PL.01-Kpt/2024 kami mohon salinannya.
Lahat, 3 Juni 2024
"""


@pytest.fixture
def docs(home_dir: Path) -> dict[str, int]:
    return {"pengumuman": add_document(home_dir, PUBLIC_TEXT, side="public"),
            "surat": add_document(home_dir, LETTER, side="public")}


def test_a_transposed_letter_is_found_with_fuzzy(home_dir: Path, docs: dict) -> None:
    assert ids(run(home_dir, "pemutakhrian", "--fuzzy", "--json")[1]) == [docs["pengumuman"]]


@pytest.mark.parametrize("part", ["229", "979"])
def test_part_of_a_document_number_finds_it(home_dir: Path, docs: dict, part: str) -> None:
    assert ids(run(home_dir, part, "--json")[1]) == [docs["surat"]]


def test_a_number_damaged_by_ocr_is_found(home_dir: Path, docs: dict) -> None:
    assert ids(run(home_dir, "B/979/VI/2024/Reskrim", "--json")[1]) == [docs["surat"]]


def test_a_number_is_not_found_in_another_number(home_dir: Path, docs: dict) -> None:
    assert ids(run(home_dir, "97", "--json")[1]) == []

