"""Register metadata read from a document's text: title, number, place and date, issuer, summary, kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date
from datetime import datetime

from pindai.errors import ExitCode, PindaiError

MONTHS = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "nopember": 11, "november": 11,
    "desember": 12,
}
#: Short month names as offices write them ("25 Jun 2023", "17 Agt 2024"), English ones too.
SHORT_MONTHS = {
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "mei": 5, "may": 5, "jun": 6, "jul": 7,
    "agu": 8, "agt": 8, "ags": 8, "agus": 8, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10,
    "nov": 11, "nop": 11, "des": 12, "dec": 12,
}
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember")
_DATE = re.compile(
    r"(?P<place>[A-Z][A-Za-z .'-]{2,30}),\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>(?:19|20)\d\d)"
)
_BARE_DATE = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>(?:19|20)\d\d)\b")
_NUMBER = re.compile(r"\bNomor\s*:?\s*(?P<number>[0-9][\w./-]*(?:/[\w.-]+)+|\d+\s+Tahun\s+\d{4})",
                     re.IGNORECASE)
#: Lines that are letterhead, not the document's title.
_LETTERHEAD = re.compile(r"^(komisi pemilihan umum|kpu\b|sekretariat)|jalan|jl\.|telp|telepon|e-?mail|"
                         r"laman|www\.|kode pos|faks|^kepada|^yth|alamat|surel|pos-el", re.IGNORECASE)
#: Names of bodies heading a letterhead ("KABUPATEN LAHAT", "KEPOLISIAN NEGARA ...").
_BODY = re.compile(r"^(kabupaten|kota|provinsi|republik|kepolisian|dinas|badan|bawaslu|dewan|"
                   r"pengadilan|sentra|upt|uptd|pemerintah|kementerian|cv|pt)\b", re.IGNORECASE)
#: Words a document's heading starts with.
_HEADING = re.compile(
    r"^(pengumuman|keputusan|surat|berita acara|notulen|risalah|laporan|daftar|nota dinas|undangan|"
    r"rekap|ringkasan|rencana|ikhtisar|profil|petikan|putusan|akta|kutipan|telaahan|standar|"
    r"pemberitahuan|siaran pers|dokumen|kerangka acuan|formulir|lampiran|hasil|jadwal|tahapan|"
    r"sop|instruksi|peraturan|maklumat|rincian|kajian|evaluasi)\b",
    re.IGNORECASE,
)
_WEEKDAYS = re.compile(r"^(pada\s+)?(hari\s+)?(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)$",
                       re.IGNORECASE)
#: A signature block's office line: "Ketua KPU Kabupaten Lahat," / "Sekretaris ...,".
_SIGNER = re.compile(
    r"^(?:a\.?n\.?\s+)?(?P<office>(?:ketua|sekretaris|kepala|plh\.?|plt\.?|pejabat|kasubbag|"
    r"koordinator|anggota|pengelola|pejabat pembuat komitmen|direktur|pimpinan)\b[^\n]{3,90}?),?\s*$",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^(?:perihal|hal)\s*:\s*(?P<subject>.{4,160})$", re.IGNORECASE | re.MULTILINE)
#: Lines that are not prose: table rows, list labels, form fields.
_NOT_PROSE = re.compile(r"\t| {3,}|\s:\s|^\s*(nomor|lampiran|sifat|perihal|hal|kepada|yth)\b\s*:?",
                        re.IGNORECASE)

#: Document kinds for the retention schedule (JRA), first match on the title, then the text.
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("hasil_pemilihan", r"rekapitulasi (hasil|perolehan|penghitungan|suara)|hasil (penghitungan|pemilihan|"
                            r"pemilu|rekapitulasi)|perolehan suara|penghitungan suara|calon terpilih|suara sah"),
        ("data_pemilih", r"daftar pemilih|\bdp[st]\b|pemutakhiran data|partisipasi pemilih"),
        ("pencalonan", r"pencalonan|daftar calon|calon tetap|\bdct\b|dana kampanye"),
        ("tahapan", r"tahapan|jadwal"),
        ("hukum", r"(?<!ke)putusan|pelanggaran|terlapor|penyidikan|berita acara pemeriksaan|gakkumdu|sp3"),
        ("pengadaan", r"pengadaan|penawaran|kontrak|surat perjanjian|pemenang|harga satuan|penyedia"),
        ("keuangan", r"anggaran|keuangan|dipa|honorarium|rekening|belanja"),
        ("kepegawaian", r"pegawai|kinerja pegawai|sasaran kinerja|disiplin|seleksi|ijazah|transkrip|"
                        r"psikologi|skck|keterangan sehat|badan ad ?hoc|pps|ppk|kpps"),
        ("keputusan", r"^keputusan|\bkeputusan\b|surat keputusan|penetapan"),
        ("laporan", r"laporan|lkjip|renstra|rencana strategis|profil"),
        ("surat", r"undangan|nota dinas|surat edaran|surat tugas|pengumuman|pemberitahuan|siaran pers|"
                  r"notulen|risalah|berita acara|daftar hadir|telaahan"),
    )
)


@dataclass(frozen=True)
class Metadata:
    """What the register needs from the text; each field None when not found."""

    title: str | None
    number: str | None
    place: str | None
    date: datetime | None
    #: Who made or issued it: the signature block's office ("Ketua KPU Kabupaten Lahat").
    issuer: str | None = None
    #: One paragraph on what the document says (ringkasan isi).
    summary: str | None = None
    #: Kind of record, for the retention schedule (a key of :data:`KINDS`, or "umum").
    kind: str = "umum"


#: How an officer may write a date (shown when one does not parse).
DATE_FORMS = "25 Juni 2023, 25 Jun 2023, 25-06-2023, 25/06/2023, 2023-06-25 (TTTT-BB-HH)"


class DateFormatError(PindaiError):
    """A date given on the command line is not one pindai can read, or does not exist."""

    exit_code = ExitCode.bad_config


_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_DMY = re.compile(r"(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})")
_NAMED = re.compile(r"(?P<day>\d{1,2})[\s-]*(?P<month>[A-Za-z]+)\.?[\s-]*(?P<year>\d{4})")
#: Words before a period's end date that still make it a date ("sampai 31 Desember 2030").
_UNTIL = re.compile(r"^(?:sampai(?:\s+dengan)?|hingga|s\.?\s?d\.?|s/d)\s+", re.IGNORECASE)
#: Something meant as a date: numbers with separators, or a day, a word and a year.
_DATE_LIKE = re.compile(r"^(\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,4}|\d{1,2}[\s-]+[A-Za-z]+\.?[\s-]+\d{2,4})$")


def month_number(name: str) -> int | None:
    """1..12 for an Indonesian (or English) month name, full or short; None otherwise."""
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or SHORT_MONTHS.get(key) or {
        "january": 1, "february": 2, "march": 3, "june": 6, "july": 7, "august": 8, "october": 10,
        "december": 12}.get(key)


def parse_date(text: str, *, what: str = "Tanggal") -> _date:
    """A date as an Indonesian office writes it, as a :class:`datetime.date`.

    Accepted: ``25 Juni 2023``, ``25 Jun 2023``, ``25-06-2023``, ``25/06/2023``, ``25.06.2023``,
    ``2023-06-25``.

    Raises:
        DateFormatError: any other form, or a day that does not exist (30 Februari).
    """
    value = " ".join((text or "").split())
    for pattern in (_ISO, _DMY, _NAMED):
        if m := pattern.fullmatch(value):
            month = m.group("month")
            number = int(month) if month.isdigit() else month_number(month)
            if number is None:
                break
            try:
                return _date(int(m.group("year")), number, int(m.group("day")))
            except ValueError:
                raise DateFormatError(
                    f"{what} '{text}' tidak ada di kalender. Tulis seperti: {DATE_FORMS} "
                    f"(no such day; accepted forms: 25 Juni 2023, 25/06/2023, 2023-06-25)") from None
    raise DateFormatError(
        f"{what} '{text}' bukan tanggal yang dikenali. Tulis seperti: {DATE_FORMS} "
        f"(not a date; accepted forms: 25 Juni 2023, 25/06/2023, 2023-06-25)")


def parse_period(text: str) -> tuple[_date | None, str | None]:
    """An exemption period: (end date, None) when it is a date, (None, condition text) otherwise.

    "31/12/2030" and "sampai 31 Desember 2030" are dates; "sampai pemenang tender
    ditetapkan" is a condition.

    Raises:
        DateFormatError: it is written as a date but is not one ("31/13/2030", "30 Februari 2030").
    """
    value = " ".join((text or "").split())
    bare = _UNTIL.sub("", value)
    if _DATE_LIKE.fullmatch(bare):
        return parse_date(bare, what="--period"), None
    return None, value or None


def _to_date(day: str, month: str, year: str) -> datetime | None:
    m = MONTHS.get(month.lower())
    if not m:
        return None
    try:
        return datetime(int(year), m, int(day))
    except ValueError:
        return None


def indonesian_date(d: datetime | None) -> str:
    """``6 Januari 2024``; empty for None."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}" if d else ""


def extract(text: str) -> Metadata:
    """Read the register's fields from OCR text. Pure."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = _title(lines)
    number = None
    if m := _NUMBER.search(text):
        number = " ".join(m.group("number").split())
    place = date = None
    date_at = None
    for m in _DATE.finditer(text):
        d = _to_date(m.group("day"), m.group("month"), m.group("year"))
        where = m.group("place").strip().split("\n")[-1].strip()
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()].lower()
        # A date of birth or the day of an event is not when the document was made.
        if d and "lahir" not in line and not _WEEKDAYS.match(where):
            place, date, date_at = where, d, m.end()
            break
    if date is None and (m := _BARE_DATE.search(text)):
        date = _to_date(m.group("day"), m.group("month"), m.group("year"))
    return Metadata(
        title=title,
        number=number,
        place=place,
        date=date,
        issuer=_issuer(text, date_at),
        summary=_summary(text, title),
        kind=kind_of(title or "", text),
    )


def _title(lines: list[str]) -> str | None:
    """The heading: the first capitalised line naming a kind of document, with its "TENTANG ..."."""
    head = lines[:25]
    candidates = [
        i for i, ln in enumerate(head)
        if sum(c.isalpha() for c in ln) >= 6 and ln.upper() == ln and not _LETTERHEAD.search(ln)
        and not ln.startswith("NOMOR") and not ln.endswith(",")
    ]
    if not candidates:
        if m := _SUBJECT.search("\n".join(head)):
            return " ".join(m.group("subject").split())
        return " ".join(lines[0].split())[:120] if lines else None
    pick = next((i for i in candidates if _HEADING.match(head[i])), None)
    if pick is None and (m := _SUBJECT.search("\n".join(head))):
        return " ".join(m.group("subject").split())  # a letter: its subject is its title
    if pick is None:
        pick = next((i for i in candidates if not _BODY.match(head[i])), candidates[0])
    title = " ".join(head[pick].split())
    # "PENGUMUMAN / Nomor: ... / TENTANG / HASIL REKAPITULASI ..." reads as one title.
    rest = [ln for ln in head[pick + 1 : pick + 6] if not ln.upper().startswith("NOMOR")]
    if rest and rest[0].upper().startswith("TENTANG"):
        about = rest[0][len("TENTANG"):].strip()
        if not about and len(rest) > 1:
            about = rest[1]
        if about:
            title = f"{title} TENTANG {' '.join(about.split())}"
    return title[:200]


def _issuer(text: str, date_at: int | None) -> str | None:
    """The office in the signature block: first office line after the place and date, else the last one."""
    tail = text[date_at:] if date_at is not None else text[-1500:]
    for ln in tail.splitlines()[:6]:
        if ":" not in ln and (m := _SIGNER.match(" ".join(ln.split()))):
            return m.group("office").rstrip(" ,")
    found = [m.group("office").rstrip(" ,") for ln in text.splitlines()
             if ":" not in ln and (m := _SIGNER.match(" ".join(ln.split())))]
    return found[-1] if found else None


def _summary(text: str, title: str | None, *, limit: int = 400) -> str | None:
    """The subject line and the first paragraph of prose, cut at a sentence end near ``limit``."""
    subject = None
    if m := _SUBJECT.search(text):
        subject = " ".join(m.group("subject").split()).rstrip(".")
    best = None
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines or any(_NOT_PROSE.search(ln) or _LETTERHEAD.search(ln) for ln in lines):
            continue
        para = " ".join(" ".join(ln.split()) for ln in lines)
        if len(para) < 60 or para.upper() == para or (title and para.startswith(title)):
            continue
        if _DATE.match(para) or _SIGNER.match(para):
            continue
        best = para
        break
    if best and len(best) > limit:
        cut = best.rfind(". ", 0, limit)
        best = best[: cut + 1] if cut > limit // 3 else best[:limit].rsplit(" ", 1)[0] + " …"
    parts = [p for p in (f"Perihal: {subject}." if subject else None, best) if p]
    return " ".join(parts) or None


#: Titles of routine correspondence: short-lived whatever they are about (an invitation to the
#: recapitulation plenary is not the recapitulation).
_ROUTINE = re.compile(r"^(undangan|nota dinas|surat tugas|daftar hadir|surat pengantar)\b", re.IGNORECASE)
#: The generic kind: a Berita Acara, an announcement or a letter takes the kind of what it is about.
_GENERIC = "surat"


def kind_of(title: str, text: str) -> str:
    """The record kind for retention (#13).

    A specific kind named in the title decides; routine correspondence by its title
    (an invitation) is ``surat``; otherwise what the opening of the text is about
    decides (a "BERITA ACARA" of the vote recapitulation is an election result, kept
    permanently), and only then the generic ``surat``.
    """
    opening = text[:1500]
    specific = [(k, p) for k, p in KINDS if k != _GENERIC]
    for kind, pattern in specific:
        if pattern.search(title):
            return kind
    if _ROUTINE.search(title.strip()):
        return _GENERIC
    for kind, pattern in specific:
        if pattern.search(opening):
            return kind
    if dict(KINDS)[_GENERIC].search(title) or dict(KINDS)[_GENERIC].search(opening):
        return _GENERIC
    return "umum"
