"""Evaluation of the classifier on a labelled folder of texts or scans.

The folder holds ``labels.csv`` (columns ``file, register, dip_type, ground``
and optionally ``kind, trap``) and the files it names: ``.txt`` texts, or
scans/PDFs that are OCRed first. What matters most is printed first: the
documents that would have *leaked* (exempt, yet suggested public and not held).
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from pindai.classify import Suggestion, side_for, suggest
from pindai.domain import Register, Side


@dataclass(frozen=True)
class Case:
    """One labelled document and what pindai suggested for it."""

    file: str
    register: str
    dip_type: str | None
    ground: str | None
    kind: str
    trap: bool
    suggestion: Suggestion

    @property
    def leaked(self) -> bool:
        """An exempt document that would have been filed in the public archive."""
        return self.register == Register.DIK and side_for(self.suggestion) == Side.public


@dataclass
class Report:
    """Figures of one evaluation."""

    cases: list[Case] = field(default_factory=list)

    def _share(self, hits: int, total: int) -> float:
        return hits / total if total else float("nan")

    @property
    def confusion(self) -> Counter[tuple[str, str]]:
        return Counter((c.register, c.suggestion.register or "-") for c in self.cases)

    @property
    def accuracy(self) -> float:
        return self._share(sum(c.register == c.suggestion.register for c in self.cases), len(self.cases))

    @property
    def dik_recall(self) -> float:
        dik = [c for c in self.cases if c.register == Register.DIK]
        return self._share(sum(c.suggestion.register == Register.DIK for c in dik), len(dik))

    @property
    def dip_precision(self) -> float:
        said = [c for c in self.cases if c.suggestion.register == Register.DIP]
        return self._share(sum(c.register == Register.DIP for c in said), len(said))

    @property
    def ground_accuracy(self) -> float:
        dik = [c for c in self.cases if c.register == Register.DIK and c.suggestion.register == Register.DIK]
        return self._share(sum(c.ground == c.suggestion.ground for c in dik), len(dik))

    @property
    def type_accuracy(self) -> float:
        dip = [c for c in self.cases if c.register == Register.DIP and c.suggestion.register == Register.DIP]
        return self._share(sum(c.dip_type == c.suggestion.dip_type for c in dip), len(dip))

    @property
    def leaks(self) -> list[Case]:
        return [c for c in self.cases if c.leaked]

    @property
    def traps_wrong(self) -> list[Case]:
        return [c for c in self.cases if c.trap and c.register != c.suggestion.register]

    @property
    def dik_without_evidence(self) -> list[Case]:
        return [c for c in self.cases if c.suggestion.register == Register.DIK and not c.suggestion.evidence]

    @property
    def held_public(self) -> int:
        """Public documents held for an officer (the price of failing closed)."""
        return sum(c.register == Register.DIP and c.suggestion.held for c in self.cases)

    def summary(self) -> dict[str, Any]:
        return {
            "documents": len(self.cases),
            "register_accuracy": round(self.accuracy, 4),
            "dik_recall": round(self.dik_recall, 4),
            "dip_precision": round(self.dip_precision, 4),
            "ground_accuracy": round(self.ground_accuracy, 4),
            "dip_type_accuracy": round(self.type_accuracy, 4),
            "leaks": [c.file for c in self.leaks],
            "traps_wrong": [c.file for c in self.traps_wrong],
            "dik_without_evidence": [c.file for c in self.dik_without_evidence],
            "public_held": self.held_public,
            "confusion": {f"{t}->{p}": n for (t, p), n in sorted(self.confusion.items())},
        }


def read_labels(folder: Path) -> Iterator[dict[str, str]]:
    """Rows of ``labels.csv``."""
    with (folder / "labels.csv").open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _documents(folder: Path, rows: Iterable[dict[str, str]], read_text: Callable[[Path], list[str]] | None,
               progress: Callable[[str], None] | None) -> Iterator[tuple[dict[str, str], list[str]]]:
    """Each labelled row with its document's page texts: a .txt as it is, anything else OCRed."""
    reader = read_text or ocr_pages
    for row in rows:
        path = folder / row["file"]
        if progress:
            progress(row["file"])
        yield row, path.read_text(encoding="utf-8").split("\f") if path.suffix == ".txt" else reader(path)


def evaluate(
    folder: Path,
    *,
    model_path: Path | None = None,
    read_text: Callable[[Path], list[str]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Classify every labelled document in ``folder`` and compare with its labels.

    Args:
        read_text: turns a non-.txt file into page texts (OCR); default: pindai's OCR stage.
    """
    report = Report()
    for row, pages in _documents(folder, read_labels(folder), read_text, progress):
        report.cases.append(Case(
            file=row["file"],
            register=row["register"],
            dip_type=row.get("dip_type") or None,
            ground=row.get("ground") or None,
            kind=row.get("kind", ""),
            trap=row.get("trap", "").lower() in ("1", "true", "yes"),
            suggestion=suggest(pages, model_path=model_path),
        ))
    return report


def ocr_pages(path: Path) -> list[str]:
    """Page texts of a scan or PDF through pindai's own OCR stage (default profile)."""
    from pindai.config import Limits, OcrSettings, Profile
    from pindai.ocr import ocr_document

    with tempfile.TemporaryDirectory(prefix="pindai-eval-") as tmp:
        parts = ocr_document(path, work=Path(tmp), profile=Profile("evaluate"),
                             settings=OcrSettings(), limits=Limits())
        return [p.text for part in parts for p in part.pages]


# --------------------------------------------------------------------------- register metadata (#18)

#: Names of bodies as written out and as abbreviated: compared in their short form.
_BODY_SHORT = (
    ("komisi pemilihan umum", "kpu"), ("rumah sakit umum daerah", "rsud"), ("badan pengawas pemilihan umum", "bawaslu"),
    ("badan narkotika nasional", "bnn"), ("kepolisian resor kota", "polresta"), ("kepolisian resor", "polres"),
    ("republik indonesia", "ri"),
)


def normalise_text(value: str | None) -> str:
    """Lower case, single spaces, no trailing punctuation: how two titles are compared."""
    return " ".join((value or "").lower().split()).strip(" .,:;")


def normalise_body(value: str | None) -> str:
    """A body's name in short form ("Komisi Pemilihan Umum Kabupaten X" -> "kpu kabupaten x")."""
    text = normalise_text(value)
    for long, short in _BODY_SHORT:
        text = text.replace(long, short)
    return text


def issuer_matches(found: str | None, expected: str) -> bool:
    """The issuer found names one of the expected bodies ("|"-separated); a signer's office around it is fine."""
    got = normalise_body(found)
    if not expected:  # no body's mark: blank, so that the register says the home office
        return not got
    return bool(got) and any(normalise_body(e) and normalise_body(e) in got for e in expected.split("|"))


def sentence_end(summary: str | None) -> bool:
    """A summary that ends at the end of a sentence (or is empty)."""
    return not summary or summary.rstrip().endswith((".", "!", "?", '."', ".)"))


@dataclass(frozen=True)
class MetaCase:
    """One labelled document and the metadata pindai read from it."""

    file: str
    kind: str
    labels: dict[str, str]
    found: Any  # pindai.metadata.Metadata

    @property
    def title_ok(self) -> bool:
        return normalise_text(self.found.title) == normalise_text(self.labels["title"])

    @property
    def number_ok(self) -> bool:
        return normalise_text(self.found.number) == normalise_text(self.labels["number"])

    @property
    def number_invented(self) -> bool:
        """A number where the document has none of its own, or another one (one it cites); not its own
        number misread by OCR ("VIN" for "VIII"), which only counts as wrong."""
        if not self.found.number or self.number_ok:
            return False
        want = normalise_text(self.labels["number"])
        return not want or SequenceMatcher(None, normalise_text(self.found.number), want).ratio() < 0.75

    @property
    def date_found(self) -> str:
        return self.found.date.date().isoformat() if self.found.date else ""

    @property
    def date_ok(self) -> bool:
        return self.date_found == self.labels["date"]

    @property
    def date_of_birth(self) -> bool:
        births = [b for b in self.labels.get("births", "").split(";") if b]
        return bool(self.date_found) and self.date_found in births

    @property
    def issuer_ok(self) -> bool:
        return issuer_matches(self.found.issuer, self.labels["issuer"])

    @property
    def place_ok(self) -> bool:
        return normalise_text(self.found.place) == normalise_text(self.labels.get("place", ""))

    @property
    def summary_ok(self) -> bool:
        return sentence_end(self.found.summary)


@dataclass
class MetaReport:
    """Per-field figures of one metadata evaluation."""

    cases: list[MetaCase] = field(default_factory=list)

    def _share(self, attr: str) -> float:
        return round(sum(getattr(c, attr) for c in self.cases) / len(self.cases), 4) if self.cases else float("nan")

    def wrong(self, attr: str) -> list[str]:
        return [c.file for c in self.cases if not getattr(c, attr)]

    def summary(self) -> dict[str, Any]:
        return {
            "documents": len(self.cases),
            "title": self._share("title_ok"),
            "number": self._share("number_ok"),
            "numbers_invented": [c.file for c in self.cases if c.number_invented],
            "date": self._share("date_ok"),
            "dates_of_birth": [c.file for c in self.cases if c.date_of_birth],
            "place": self._share("place_ok"),
            "issuer": self._share("issuer_ok"),
            "summary_sentence_end": self._share("summary_ok"),
            "wrong": {f: self.wrong(f"{f}_ok")[:20] for f in ("title", "number", "date", "place", "issuer", "summary")},
        }


def read_metadata_labels(folder: Path) -> list[dict[str, str]]:
    """Rows of ``metadata.csv`` (columns ``file, kind, title, number, date, place, issuer, births``)."""
    with (folder / "metadata.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def evaluate_metadata(
    folder: Path,
    *,
    read_text: Callable[[Path], list[str]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> MetaReport:
    """Read the register's metadata of every document named in ``folder/metadata.csv`` and compare."""
    from pindai import metadata

    report = MetaReport()
    for row, pages in _documents(folder, read_metadata_labels(folder), read_text, progress):
        report.cases.append(MetaCase(file=row["file"], kind=row.get("kind", ""), labels=row,
                                     found=metadata.extract("\n".join(pages))))
    return report
