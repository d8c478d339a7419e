"""Classification stage: suggest DIP or DIK, the DIP type and the Pasal 17 ground, with evidence.

The suggestion combines the statistical model (:mod:`.model`) with the
signals (:mod:`.signals`), under a fail-closed policy: a missed exempt
document leaks someone's data, a wrongly held public one only waits for an
officer. So anything suggested DIK, or DIP with a confidence below
:data:`PUBLIC_THRESHOLD`, is *held*: filed in the exempt folder as
``usulan`` until an officer decides. Strong exempt signals (a complete NIK,
"Sifat: RAHASIA", medical results, credentials) hold a document whatever the
model says; a court ruling or an SP3 (Pasal 18) is never exempt on the
strength of law-enforcement words alone, and a document *about* exemption
(an SOP, the decision listing exempt categories) is not exempt on the
strength of the words it uses to describe them.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pindai.classify._published import STATUTE, WEB_POST, published_evidence
from pindai.classify.signals import Evidence, find_signals, is_identity

log = logging.getLogger(__name__)

#: A DIP suggestion less sure than this is held for an officer.
PUBLIC_THRESHOLD = 0.8
#: An exempt signal at least this strong makes the suggestion DIK on its own.
STRONG_SIGNAL = 0.8
#: Distinct exempt cues adding up to this make the suggestion DIK together.
STRONG_TOGETHER = 1.5

__all__ = ["PUBLIC_THRESHOLD", "Suggestion", "decisive_signals", "model_for", "side_for", "suggest"]


@dataclass(frozen=True)
class Suggestion:
    """What pindai proposes for a document; an officer decides."""

    #: "DIP" or "DIK".
    register: str | None
    #: "berkala" | "serta_merta" | "setiap_saat" for DIP, else None.
    dip_type: str | None
    #: Pasal 17 letter "a".."j" for DIK, else None.
    ground: str | None
    #: 0..1: how sure pindai is of the register.
    confidence: float
    #: True: wait for an officer, filed in the exempt folder as "usulan".
    held: bool
    #: The signals that fired: name, matching text (identifiers masked), page.
    evidence: list[dict[str, Any]] = field(default_factory=list)
    model_version: str = ""

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


@functools.cache
def _model(path: str | None):  # noqa: ANN202 - LinearModel, imported lazily
    if path and path.endswith(".joblib"):
        from pindai.classify import model  # scikit-learn, for a model an earlier pindai wrote

        return model.load(Path(path))
    from pindai.classify import _linear

    return _linear.load(Path(path) if path else _linear.PACKAGED_MODEL)


def model_for(home: Any) -> Path | None:
    """The model ``pindai train`` made for this home, or None for the packaged one."""
    if home.model.exists():
        return home.model
    legacy = home.model.with_suffix(".joblib")  # written by pindai before the .npz
    return legacy if legacy.exists() else None


def suggest(pages: list[str], *, model_path: Path | None = None, unread: list[int] = ()) -> Suggestion:
    """Suggest register, DIP type or ground for a document from its page texts.

    Args:
        pages: the text of each page, in order.
        model_path: a retrained model (``<home>/model/model.npz``); None: the packaged one.
        unread: pages OCR could not read (time limit): the document is held.
    """
    m = _model(str(model_path) if model_path else None)
    text = "\f".join(pages)
    evidence = [*find_signals(pages), *published_evidence(pages)]
    probs = m.predict(text)
    suggestion = decide(probs, evidence, explain=lambda: m.explain(text), version=m.version)
    return _hold_unread(suggestion, unread)


def decide(probs: dict[str, dict[str, float]], evidence: list[Evidence], *,
           explain: Any = None, version: str = "") -> Suggestion:
    """The policy: model probabilities and signals to a suggestion. Pure."""
    p_dik = float(probs["register"].get("DIK", 0.0))
    dik_signals = [e for e in evidence if e.points_to.startswith("DIK:")]
    public_18 = any(e.name in ("putusan_pengadilan", "sp3") for e in evidence)
    about_exemption = any(e.name == "tentang_pengecualian" for e in evidence)
    awarded = any(e.name == "kontrak_setelah_penetapan" for e in evidence)
    strong, identity, together = _decisive(evidence)
    register = "DIK" if p_dik >= 0.5 or strong or together or identity else "DIP"
    if (register == "DIK" and not strong and not together and not identity
            and (public_18 or about_exemption or awarded)):
        # A ruling, an SP3, or a document about exemption: public whatever its
        # vocabulary (held for an officer when the model is unsure).
        register = "DIP"
    published = {e.name for e in evidence} & {STATUTE, WEB_POST}
    if register == "DIK" and published and not strong and not together and not identity:
        register = "DIP"  # a statute's text or a web post is public by what it is (#18)
    if register == "DIK":
        confidence = max(p_dik, max((e.weight for e in [*strong, *identity]), default=0.0))
        ground = _ground(probs["ground"], dik_signals, identity=bool(identity))
        dip_type = None
    else:
        confidence = 1.0 - p_dik
        ground = None
        dip_type = max(probs["dip_type"], key=probs["dip_type"].get)
        if published:
            # Sure by its form, not its words; a rule is on request (setiap saat), a post reports
            # activities (berkala) unless it warns of a danger (serta merta).
            confidence = max(confidence, PUBLIC_THRESHOLD)
            if STATUTE in published:
                dip_type = "setiap_saat"
            elif not any(e.points_to == "DIP:serta_merta" for e in evidence):
                dip_type = "berkala"
    held = register == "DIK" or confidence < PUBLIC_THRESHOLD
    shown = [e.as_dict() for e in sorted(evidence, key=lambda e: -e.weight)]
    if register == "DIK" and not dik_signals and explain is not None:
        words = explain()
        shown.insert(0, {"signal": "model", "points_to": "DIK", "weight": round(p_dik, 2),
                         "text": "kata yang menentukan: " + ", ".join(words), "page": None})
    return Suggestion(register, dip_type, ground, round(confidence, 3), held, shown, version)


def _decisive(evidence: list[Evidence]) -> tuple[list[Evidence], list[Evidence], list[Evidence]]:
    """(strong cues, complete NIK/KK, cues that add up) that make a document DIK on their own.

    The last list is empty unless its cues add up to :data:`STRONG_TOGETHER`.
    """
    dik_signals = [e for e in evidence if e.points_to.startswith("DIK:")]
    public_18 = any(e.name in ("putusan_pengadilan", "sp3") for e in evidence)
    # A statute's text names every secret it protects without holding one (#18).
    about_exemption = any(e.name in ("tentang_pengecualian", STATUTE) for e in evidence)
    awarded = any(e.name == "kontrak_setelah_penetapan" for e in evidence)
    strong = [e for e in dik_signals if e.weight >= STRONG_SIGNAL]
    # A complete NIK or KK number holds the document as a rule, not a weight (#14): an
    # unlabelled or OCR-repaired one weighs less, and neither the model, Pasal 18 nor a
    # document about exemption may file it public.
    identity = [e for e in dik_signals if is_identity(e)]
    if about_exemption:
        # An SOP or the decision listing exempt categories names every kind of
        # secret without holding one: only a real identifier still decides.
        strong = [e for e in strong if e.name.endswith("_lengkap")]
    # Cues (not identifiers, which a company or an official also has) add up.
    counted = [e for e in dik_signals if not e.name.endswith("_lengkap")]
    if about_exemption:
        counted = []
    if public_18:
        # Pasal 18: rulings and SP3 are public; investigation words are not enough.
        strong = [e for e in strong if e.points_to != "DIK:a"]
        counted = [e for e in counted if e.points_to != "DIK:a"]
    if awarded:
        # A contract after the award is public; the words of the offer are not enough.
        strong = [e for e in strong if e.points_to != "DIK:b"]
        counted = [e for e in counted if e.points_to != "DIK:b"]
    together = sum({e.name: e.weight for e in counted}.values()) >= STRONG_TOGETHER
    return strong, identity, counted if together else []


def decisive_signals(evidence: list[Evidence] | list[dict[str, Any]]) -> list[Evidence]:
    """The exempt evidence that makes a document DIK whatever the model says: complete NIK/KK
    numbers, strong cues ("Sifat: RAHASIA", medical results, credentials), and cues that add up
    (a bidder's offer), after the exceptions of Pasal 18, documents about exemption and awarded
    contracts. An officer deciding DIP against it must confirm (``review``).

    Accepts :class:`Evidence` or its ``as_dict`` form (a stored suggestion's evidence).
    """
    items = [e if isinstance(e, Evidence) else
             Evidence(str(e.get("signal")), str(e.get("points_to") or ""), float(e.get("weight") or 0.0),
                      str(e.get("text") or ""), int(e.get("page") or 0))
             for e in evidence]
    strong, identity, together = _decisive(items)
    return list({id(e): e for e in [*identity, *strong, *together]}.values())


def _ground(model_probs: dict[str, float], signals: list[Evidence], *, identity: bool = False) -> str:
    """The ground the cues name when one is strong, else h for a complete NIK/KK, else the model's.

    Cues are precise ("Sifat: RAHASIA" is i, a password column is j); the
    model is the better judge only when no cue is decisive.
    """
    best = max(model_probs, key=model_probs.get)
    by_signal: dict[str, float] = {}
    for e in signals:
        if e.name.endswith("_lengkap"):
            continue  # a NIK appears under every ground: the cues say which
        g = e.points_to.split(":", 1)[1]
        by_signal[g] = by_signal.get(g, 0.0) + e.weight
    if by_signal:
        top = max(by_signal, key=by_signal.get)
        if by_signal[top] >= STRONG_SIGNAL:
            return top
    if identity:
        return "h"  # personal data (Pasal 17 huruf h) is what a complete NIK or KK is
    return best


def _hold_unread(suggestion: Suggestion, unread_pages: list[int]) -> Suggestion:
    """Hold a document with pages OCR could not read (time limit): they may hold a NIK or a secret."""
    if not unread_pages:
        return suggestion
    pages = ", ".join(map(str, unread_pages))
    note = {"signal": "halaman_tak_terbaca", "points_to": "DIK", "weight": 1.0, "page": unread_pages[0],
            "text": f"halaman {pages} tidak terbaca (batas waktu OCR) / page not read (OCR time limit)"}
    return replace(suggestion, held=True, evidence=[note, *suggestion.evidence])


def side_for(suggestion: Suggestion) -> str:
    """Which archive a suggestion files into: only confident, unheld DIP is public."""
    if suggestion.register == "DIP" and not suggestion.held:
        return "public"
    return "exempt"
