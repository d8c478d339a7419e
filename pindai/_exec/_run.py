"""The one place pindai starts a subprocess: argv list, timeout, our errors."""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Mapping, Sequence

from pindai.errors import PindaiError

log = logging.getLogger(__name__)


class ToolError(PindaiError, RuntimeError):
    """An external program failed, timed out or is missing."""

    code = "tool_failed"
    #: A timeout or a crash of a tool may not happen again on a quieter machine.
    retryable = True

    def __init__(self, argv: Sequence[str], message: str, output: str = "") -> None:
        self.argv = list(argv)
        self.output = output
        super().__init__(f"{argv[0]}: {message}")


def run(
    argv: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    input: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``argv``; return the completed process with captured output.

    Raises:
        ToolError: the program is missing, exits non-zero or exceeds ``timeout``.
    """
    full_env = {**os.environ, **(env or {})}
    log.debug("run: %s", " ".join(argv))
    try:
        proc = subprocess.run(
            list(argv),
            input=input,
            capture_output=True,
            timeout=timeout,
            env=full_env,
            check=False,
        )
    except FileNotFoundError as e:
        raise ToolError(argv, "program not found") from e
    except subprocess.TimeoutExpired as e:
        raise ToolError(argv, f"timed out after {timeout:g} s") from e
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise ToolError(argv, f"exit status {proc.returncode}: {err[-500:]}", err)
    return proc
