"""Classification stage: suggest DIP or DIK, the DIP type and the Pasal 17 ground.

Until the classifier is built (issue #4) every document is *held*: the
suggestion names no register, confidence is 0, and the archive files it in the
exempt folder as ``usulan``. That is the fail-closed rule of DESIGN.md, on
purpose: a document nobody has judged must not become public by default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MODEL_VERSION = "none-0 (belum ada pengklasifikasi)"


@dataclass(frozen=True)
class Suggestion:
    """What pindai proposes for a document; an officer decides."""

    #: "DIP", "DIK", or None when there is no basis to propose either.
    register: str | None
    #: "berkala" | "serta_merta" | "setiap_saat" for DIP, else None.
    dip_type: str | None
    #: Pasal 17 letter "a".."j" for DIK, else None.
    ground: str | None
    #: 0..1
    confidence: float
    #: True: wait for an officer, filed in the exempt folder as "usulan".
    held: bool
    #: The signals that fired: name, matching text (identifiers masked), page.
    evidence: list[dict[str, Any]] = field(default_factory=list)
    model_version: str = MODEL_VERSION

    def as_dict(self) -> dict[str, Any]:
        return {
            "register": self.register,
            "dip_type": self.dip_type,
            "ground": self.ground,
            "confidence": self.confidence,
            "held": self.held,
            "evidence": self.evidence,
            "model_version": self.model_version,
        }


def suggest(pages: list[str]) -> Suggestion:
    """Suggest a register for a document from its page texts (fail closed)."""
    return Suggestion(register=None, dip_type=None, ground=None, confidence=0.0, held=True)


def side_for(suggestion: Suggestion) -> str:
    """Which archive a suggestion files into: only confident, unheld DIP is public."""
    if suggestion.register == "DIP" and not suggestion.held:
        return "public"
    return "exempt"
