"""Every command has help with an example, and docs/cli.md matches the commands' --help."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _reference_module():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ref = _reference_module()
COMMANDS = ref.commands(ref.cli, "pindai")


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_has_help(path: str, cmd) -> None:  # noqa: ANN001
    assert cmd.help and len(cmd.help.split()) >= 4, f"{path} has no real help text"


def test_the_cli_reference_is_up_to_date() -> None:
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == ref.reference(), "run: .venv/bin/python scripts/cli_reference.py"
