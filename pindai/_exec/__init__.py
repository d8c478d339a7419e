"""Wrappers around the external programs pindai runs; one small module per program."""

from __future__ import annotations

from pindai._exec._run import ToolError, run
from pindai._exec._tools import TOOLS, Tool, ToolStatus, check_tools

__all__ = ["TOOLS", "Tool", "ToolError", "ToolStatus", "check_tools", "run"]
