"""Errors on their own: what an unexpected error leaves in the log."""

from __future__ import annotations

import re
from pathlib import Path

from pindai.errors import where

PINDAI = Path(__file__).resolve().parent.parent / "pindai"


def _read_page(text: str) -> None:
    raise ValueError(f"tidak bisa membaca: {text}")


def test_where_names_the_type_and_place_never_the_message() -> None:
    try:
        _read_page("Budi Santoso NIK 1604011207850001")
    except ValueError as e:
        said = where(e)
    assert said.startswith("ValueError at test_errors.py:")
    assert "_read_page" in said
    assert "1604011207850001" not in said and "Budi" not in said


def test_no_module_logs_a_whole_traceback_with_its_message() -> None:
    """format_exc / exc_info print the exception's message, which may quote exempt text."""
    found = [f"{p.relative_to(PINDAI)}:{n}" for p in PINDAI.rglob("*.py")
             for n, line in enumerate(p.read_text().splitlines(), start=1)
             if re.search(r"format_exc\(|exc_info=True|log\.exception\(", line)]
    assert found == []
