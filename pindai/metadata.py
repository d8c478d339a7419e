"""Register metadata read from a document's text: title, document number, place and date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

MONTHS = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "nopember": 11, "november": 11,
    "desember": 12,
}
_DATE = re.compile(
    r"(?P<place>[A-Z][A-Za-z .'-]{2,30}),\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>(?:19|20)\d\d)"
)
_BARE_DATE = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>(?:19|20)\d\d)\b")
_NUMBER = re.compile(r"\bNomor\s*:?\s*(?P<number>[0-9][\w./-]*(?:/[\w.-]+)+|\d+\s+Tahun\s+\d{4})",
                     re.IGNORECASE)
#: Lines that are letterhead, not the document's title.
_LETTERHEAD = re.compile(r"^(komisi pemilihan umum|kpu\b|sekretariat)|jalan|jl\.|telp|telepon|email|"
                         r"laman|www\.|kode pos|faks|^kepada|^yth", re.IGNORECASE)


@dataclass(frozen=True)
class Metadata:
    """What the register needs from the text; each field None when not found."""

    title: str | None
    number: str | None
    place: str | None
    date: datetime | None


def _to_date(day: str, month: str, year: str) -> datetime | None:
    m = MONTHS.get(month.lower())
    if not m:
        return None
    try:
        return datetime(int(year), m, int(day))
    except ValueError:
        return None


def extract(text: str) -> Metadata:
    """Read title, number and the place and date of making from OCR text. Pure."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = None
    for ln in lines[:25]:
        letters = sum(c.isalpha() for c in ln)
        if letters >= 6 and ln.upper() == ln and not _LETTERHEAD.search(ln) and not ln.startswith("NOMOR"):
            title = " ".join(ln.split())
            break
    if title is None and lines:
        title = lines[0][:120]
    number = None
    if m := _NUMBER.search(text):
        number = " ".join(m.group("number").split())
    place = date = None
    for m in _DATE.finditer(text):
        d = _to_date(m.group("day"), m.group("month"), m.group("year"))
        if d:
            place, date = m.group("place").strip().split("\n")[-1].strip(), d
            break
    if date is None and (m := _BARE_DATE.search(text)):
        date = _to_date(m.group("day"), m.group("month"), m.group("year"))
    return Metadata(title, number, place, date)
