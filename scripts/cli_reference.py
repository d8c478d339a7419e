"""Write docs/cli.md, the command-line reference, from the commands' own --help.

Run after changing a command: `.venv/bin/python scripts/cli_reference.py`.
`tests/test_docs.py` fails when docs/cli.md is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pindai.cli import cli

OUT = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    ctx = click.Context(group, info_name=prefix)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        out.append((f"{prefix} {name}", cmd))
        if isinstance(cmd, click.Group):
            out += commands(cmd, f"{prefix} {name}")
    return out


def help_text(path: str, cmd: click.Command) -> str:
    parent = None
    for part in path.split()[:-1]:
        parent = click.Context(cli, info_name=part, parent=parent, **cli.context_settings)
    ctx = click.Context(cmd, info_name=path.split()[-1], parent=parent, terminal_width=100,
                        max_content_width=100, **cli.context_settings)
    return cmd.get_help(ctx)


def reference() -> str:
    parts = ["# pindai command reference\n",
             "Generated from each command's `--help` by `scripts/cli_reference.py`; do not edit by hand.\n"]
    for path, cmd in [("pindai", cli), *commands(cli, "pindai")]:
        parts.append(f"## `{path}`\n\n```text\n{help_text(path, cmd).rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(reference(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")
