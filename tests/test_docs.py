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


def test_the_json_field_names_and_exit_codes_are_listed_once_in_the_docs() -> None:
    """#13: one field name per meaning, with the old names kept for one release, in docs/json.md."""
    from pindai.errors import ExitCode

    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    for name in ("id", "document_id", "register", "dip_type", "ground", "status", "result", "path", "side"):
        assert f"| `{name}` |" in text, name
    for old in ("doc_id", "doc", "pdfa_path", "review_status"):
        assert f"| `{old}` |" in text, old
    for code in ExitCode:
        assert f"| {code.value} | `{code.name}` |" in text, code
    assert "docs/json.md" in (ROOT / "README.md").read_text(encoding="utf-8")
