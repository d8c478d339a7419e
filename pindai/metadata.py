"""Register metadata read from a document's text: title, number, place and date, issuer, summary, kind."""

from __future__ import annotations

import functools
import gzip
import json
import re
from dataclasses import dataclass, field
from datetime import date as _date
from datetime import datetime
from pathlib import Path

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
    r"sop|instruksi|peraturan|maklumat|rincian|kajian|evaluasi|transkrip|ijazah|sertifikat|piagam|catatan|"
    r"tanda terima|penilaian|sasaran|memo|memorandum|edaran|siaran|rekapitulasi|salinan|nota|perjanjian|kontrak|"
    r"spesifikasi|proposal|pedoman|petunjuk|materi|paparan|bahan|lembar|kartu|sertifikat|piagam)\b",
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
#: "Perihal : ...", also as OCR leaves it: the colon read as a full stop or lost between wide spaces.
_SUBJECT = re.compile(r"^(?:perihal|penhal|perlhal|perihai|peribal|pernal|hal)(?:[ \t]*[:.][ \t]*|[ \t]{2,})(?P<subject>\S.{3,160})$",
                      re.IGNORECASE | re.MULTILINE)
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
    #: How sure pindai is of each field (0..1, by field name): the workspace shows the unsure first (#18).
    confidence: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    def register_confidence(self) -> dict[str, float]:
        """:attr:`confidence` keyed by the register's column names (``date`` is ``made_on``)."""
        return {("made_on" if k == "date" else k): v for k, v in self.confidence.items()}


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


def indonesian_date(d: datetime | None) -> str:
    """``6 Januari 2024``; empty for None."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}" if d else ""


#: Where a document's own header ends and what it cites begins: a number after these is another's.
_CITES = re.compile(r"^(menimbang|mengingat|memperhatikan|dasar(\s+hukum)?|rujukan|referensi|berdasarkan|"
                    r"sehubungan|menindaklanjuti|memutuskan|yang bertanda tangan)\b", re.IGNORECASE)
#: The label of the document's own number at the start of a line: "Nomor :", "NOMOR", "No.", "Nomor SOP :".
_OWN_NUMBER = re.compile(
    r"^(?:nomor|nomer|nornor|no\.|no(?=\s*:))(?:\s+(?:sop|surat|dokumen))?(?:\s*[—–~-])?(?:\s*[:.]\s*|\s+)"
    r"(?P<value>.+)$",
    re.IGNORECASE)
_NUMBER_VALUE = re.compile(r"^(?P<n>\d+)\s+tahun\s+(?P<y>(?:19|20)\d\d)\b|^(?P<code>\S*\d\S*/\S+)", re.IGNORECASE)
#: "Indralaya, 6 Januari 2026" as a line of its own.
_DATE_LINE = re.compile(
    r"^(?!(?i:tanggal|tgl|hari|tempat)\b)(?P<place>[A-Za-z][A-Za-z .'-]{1,30}?)\s*[,.]\s*(?P<day>\d{1,2})\s*"
    r"(?P<month>[A-Za-z]+)\.?\s+"
    r"(?P<year>(?:19|20)\d\d)\s*\.?$")
#: "Ditetapkan di Indralaya" / "Dikeluarkan di : Indralaya", then "pada tanggal 6 Januari 2026".
_SET_AT = re.compile(r"^(?:ditetapkan|dikeluarkan|dibuat)\s+di\s*:?\s*(?P<place>[A-Za-z .'-]{2,30})$", re.IGNORECASE)
_SET_ON = re.compile(r"^(?:pada\s+)?tanggal\s*:?\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?\s+"
                     r"(?P<year>(?:19|20)\d\d)\s*\.?$", re.IGNORECASE)
#: The same in one sentence: "Kutipan ini dikeluarkan di Lahat pada tanggal 7 Agustus 2021."
_SET_INLINE = re.compile(r"\b(?:ditetapkan|dikeluarkan|dibuat)\s+di\s+(?P<place>[A-Z][A-Za-z .'-]{1,30}?),?\s+"
                         r"pada\s+tanggal\s+(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>(?:19|20)\d\d)\b",
                         re.IGNORECASE)
#: A ruling's date: "Diputuskan ... pada Selasa, 9 April 2024", "dibacakan ... pada tanggal 28 Agustus 2023".
_RULED = re.compile(r"\b(?:diputuskan|dibacakan|diucapkan)\b[^.;]{0,90}?\bpada\s+(?:hari\s+)?(?:[A-Za-z']+,?\s+)?"
                    r"(?:tanggal\s+)?(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
#: A labelled date of making: "Tanggal Pembuatan : 3 Mei 2024", "Tanggal : 3 Mei 2024" (not a birth or a meeting).
_DATE_FIELD = re.compile(
    r"^tanggal(?P<label>(?:\s+(?:pembuatan|dibuat|surat|penetapan|terbit|berlaku|efektif))?)\s*[:.]\s*(?P<day>\d{1,2})\s+"
    r"(?P<month>[A-Za-z]+)\.?\s+(?P<year>(?:19|20)\d\d)\s*$", re.IGNORECASE)
#: A web post's date line: "Diposting oleh Admin | Selasa, 16 April 2024 | ...".
_POSTED = re.compile(r"^(?:diposting|dipublikasikan|diterbitkan|ditulis|posted|dipublish)\b", re.IGNORECASE)
#: Bodies a signature or a letterhead names.
_NAMES_BODY = re.compile(
    r"\b(kpu|komisi|bawaslu|dkpp|rsud|rumah sakit|puskesmas|polres|polresta|polda|polsek|kepolisian|bnn|badan|"
    r"dinas|pt|cv|ud|koperasi|pengadilan|kejaksaan|kejari|pemerintah|kantor|kementerian|universitas|sekolah|"
    r"dprd|bank|yayasan|partai|lembaga|inspektorat|sekretariat jenderal)\b", re.IGNORECASE)
#: A letterhead line naming a unit inside a body, never the body itself nor the title.
_UNIT = re.compile(r"^(biro|bagian|subbagian|sub bagian|divisi|bidang|seksi|subbag|unit|satuan|sekretariat)\b",
                   re.IGNORECASE)
#: A letterhead line that only places the body above it ("KABUPATEN X", "REPUBLIK INDONESIA").
_PLACE_LINE = re.compile(r"^(kabupaten|kota|provinsi|republik indonesia|daerah|resor|wilayah)\b", re.IGNORECASE)
#: Words kept in capitals when a letterhead is written in title case.
_ACRONYMS = {"kpu", "ri", "rsud", "bnn", "ppid", "dprd", "pt", "cv", "ud", "bawaslu", "dkpp", "polres", "nrp", "nip"}
_ACRONYMS_UPPER = {"kpu", "ri", "rsud", "bnn", "ppid", "dprd", "pt", "cv", "ud", "dkpp", "nrp", "nip"}
#: Words of a sentence, not of an office line in a signature block.
_PROSE = re.compile(r"\b(bahwa|menyampaikan|mengatakan|menjelaskan|untuk|telah|akan|dalam|agar|harus)\b",
                    re.IGNORECASE)
#: Correspondence headings whose subject line is the title ("NOTA DINAS ... Hal : Usulan ...").
_LETTER_HEADING = re.compile(r"^(nota dinas|memo|memorandum|surat|undangan|surat dinas)$", re.IGNORECASE)
#: Closing lines of a signature block that name no office.
_CLOSING = re.compile(r"^(hormat kami|yang membuat pernyataan|yang menyatakan|pemohon|yang bersangkutan)\b,?",
                      re.IGNORECASE)


def _ocr_month(word: str) -> int | None:
    """A month name as OCR may leave it: "Jum" for "Juni" ("ni" read as "m"), "Septernber" ("m" as "rn")."""
    ri = [word[:k] + "ri" + word[k + 1 :] for k, c in enumerate(word) if c == "n"]  # "Februan": "ri" read as "n"
    for guess in (word, word.replace("rn", "m"), word.replace("m", "ni"), word.replace("1", "l"),
                  word.replace("0", "o"), *ri):
        if n := month_number(guess):
            return n
    return None


def _fold(day: str, month: str, year: str) -> datetime | None:
    m = _ocr_month(month)
    if not m:
        return None
    try:
        return datetime(int(year), m, int(day))
    except ValueError:
        return None


def _caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def titled(name: str) -> str:
    """A capitalised letterhead line as a name ("KOMISI PEMILIHAN UMUM KOTA BIMA" -> "Komisi Pemilihan Umum
    Kota Bima"); acronyms stay in capitals."""
    if not _caps(name):
        return name
    words = []
    for w in name.split():
        key = w.lower().strip(".,()")
        words.append(w.upper() if key in _ACRONYMS_UPPER else w.capitalize())
    return " ".join(words)


def extract(text: str) -> Metadata:
    """Read the register's fields from OCR text, as a clerk would, each with how sure pindai is. Pure."""
    raw = [" ".join(ln.split()) for ln in text.splitlines()]
    sure: dict[str, float] = {}
    title, sure["title"] = _title_of(raw, text)
    place, date, date_line, sure["date"] = _made(raw)
    number, sure["number"] = _number_of(raw, text, month=date.month if date else None)
    issuer, sure["issuer"] = _issuer_of(raw)
    summary = _summary(text, title)
    sure["summary"] = 0.8 if summary else 0.3
    sure["place"] = sure["date"] if place else (0.5 if date else 0.3)
    for key, value in (("title", title), ("number", number), ("issuer", issuer), ("place", place)):
        if value and _garbled(value):
            sure[key] = round(sure[key] * 0.6, 2)
    # Words OCR damaged by one letter are mended in what the register publishes; the field is then
    # less sure, so that an officer looks at it.
    # Not the issuer: a body's or a person's name is not a misspelt word ("CV Tiga Putra Perkasa").
    seen = _word_counts(text)
    if title and (fixed := mend(title, seen=seen)) != title:
        title, sure["title"] = fixed, round(min(sure["title"], 0.7), 2)
    if summary and (fixed := mend(summary, seen=seen)) != summary:
        summary, sure["summary"] = fixed, 0.7
    return Metadata(
        title=title,
        number=number,
        place=place,
        date=date,
        issuer=issuer,
        summary=summary,
        kind=kind_of(title or "", text),
        confidence=sure,
    )


#: The texts pindai's model was trained on (``pindai.classify.model.TRAINING_SET``, not imported: numpy).
_TRAINING_SET = Path(__file__).with_name("classify") / "training-v1.jsonl.gz"


#: Words offices write, from the texts pindai's model was trained on, by how often they occur.
@functools.lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, int], dict[str, set[str]]]:
    counts: dict[str, int] = {}
    try:
        with gzip.open(_TRAINING_SET, "rt", encoding="utf-8") as f:
            next(f)  # the header line
            for line in f:
                for word in re.findall(r"[a-z]{4,}", json.loads(line)["text"].lower()):
                    counts[word] = counts.get(word, 0) + 1
    except (OSError, ValueError, KeyError, StopIteration):  # no training set: no mending
        return {}, {}
    deletes: dict[str, set[str]] = {}
    for w, n in counts.items():
        if n >= 10:  # only a common word is a correction
            for k in range(len(w)):
                deletes.setdefault(w[:k] + w[k + 1 :], set()).add(w)
    return counts, deletes


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one substituted, inserted or deleted letter."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


def mend_word(word: str) -> str:
    """A word OCR damaged by one letter ("PENFTAPAN", "Kcuangan", "Pemulih"), put back when exactly one
    common word of the offices' vocabulary is one letter away; any other word unchanged."""
    low = word.lower()
    known, deletes = _vocabulary()
    if len(low) < 6 or not low.isalpha() or low in known or not known:
        return word  # short, or a word the offices write (even rarely): left as it is
    for guess in (low.replace("rn", "m"), low.replace("nn", "rm"), low.replace("m", "rn"), low.replace("cl", "d")):
        if guess != low and known.get(guess, 0) >= 10:
            return _same_case(word, guess)
    near = {w for w in deletes.get(low, set())}  # an inserted letter
    near |= {w for k in range(len(low)) for w in deletes.get(low[:k] + low[k + 1 :], set())}  # substituted
    near |= {low[:k] + low[k + 1 :] for k in range(len(low)) if known.get(low[:k] + low[k + 1 :], 0) >= 10}
    near = {w for w in near if _one_edit(low, w) and w[0] == low[0]}
    if len(near) == 1:
        return _same_case(word, near.pop())
    return word


def _same_case(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word.capitalize()
    return word


def _word_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in re.findall(r"[a-z]{5,}", text.lower()):
        counts[w] = counts.get(w, 0) + 1
    return counts


def mend(text: str | None, *, seen: dict[str, int] | None = None) -> str | None:
    """Each word of a published field through :func:`mend_word`, except a word the document writes more
    than once the same way (a name, not a misreading: "Perkasa" is not "perkara")."""
    if not text:
        return text
    seen = seen or {}
    return re.sub(r"[A-Za-z]{5,}",
                  lambda m: m.group(0) if seen.get(m.group(0).lower(), 0) > 1 else mend_word(m.group(0)), text)


def _garbled(value: str) -> bool:
    """OCR damage a clerk would see at once: letters and digits mixed inside a word, stray symbols."""
    for word in re.findall(r"[^\s/.,()-]+", value):
        if re.search(r"[a-z][0-9]|[0-9][a-z]", word) and not re.fullmatch(r"[A-Za-z]*\d+[A-Za-z]?", word):
            return True
        if re.search(r"[$£€§¢|{}<>~^\\]", word):
            return True
    return False


#: A letterhead's contact line: address, telephone, fax, web site, e-mail, post code.
_CONTACT = re.compile(r"^(jalan|jl\.?)\s|\b(telp|telepon|tlp|faks|fax|laman|surel|e-?mail|pos-el|website|kode pos)\b|"
                      r"www\.|\w@\w", re.IGNORECASE)


def _letterhead_line(line: str) -> bool:
    """A line of a letterhead: the body's name, its place, a unit of it, its address and contacts."""
    if _CONTACT.search(line):
        return True
    if not _caps(line) or len(line.split()) > 10 or _HEADING.match(line):
        return False
    return bool(_BODY.match(line) or _PLACE_LINE.match(line) or _UNIT.match(line) or _NAMES_BODY.search(line)
                or re.match(r"(komisi pemilihan umum|rumah sakit|daerah)\b", line, re.IGNORECASE))


def frame_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` says who wrote it rather than what it is about: the letterhead at its top and the
    signature block at its end, as (start, end) character offsets. Every letterhead says "Komisi
    Pemilihan Umum": search ranks these words low (#18). Pure."""
    spans = []
    # The letterhead: the first lines, up to the first that is not one of it (the heading, the date, "Nomor").
    at = end = 0
    for _ in range(12):
        nl = text.find("\n", at)
        line = text[at:] if nl < 0 else text[at : nl + 1]
        if not line or (line.strip() and not _letterhead_line(" ".join(line.split()))):
            break
        at += len(line)
        if line.strip():
            end = at
    if end:
        spans.append((0, at))  # with the blank lines after it
    # The signature block: from its date line, "Ditetapkan di", or the signer's office line near the end,
    # while the lines are short (names, offices, "ttd.", NIP), not prose. Only the end of a long text is read.
    head_end = spans[0][1] if spans else 0
    base = max(head_end, len(text) - 2000)
    lines = text[base:].splitlines(keepends=True)
    starts = [base]
    for ln in lines:
        starts.append(starts[-1] + len(ln))
    if base > head_end and lines:  # the first line may be cut
        lines, starts = lines[1:], starts[1:]
    filled = [j for j, ln in enumerate(lines) if ln.strip()]
    for j in filled[-12:]:
        ln = " ".join(lines[j].split())
        if (_DATE_LINE.match(ln) or _SET_AT.match(ln) or _SIGNER.match(ln)) \
                and all(_signature_line(lines[i]) for i in range(j, len(lines))):
            spans.append((starts[j], starts[-1]))
            break
    return spans


def _signature_line(line: str) -> bool:
    """A line that may stand in a signature block: short, no sentence, no form field."""
    return len(line.split()) <= 8 and ":" not in line and not _PROSE.search(line)


def subject_of(text: str) -> str | None:
    """A letter's subject ("Perihal : ..."), with the line it wraps onto."""
    head = text.splitlines()[:45]
    if not (m := _SUBJECT.search("\n".join(head))):
        return None
    at = "\n".join(head)[: m.start()].count("\n")
    parts = [m.group("subject")]
    for ln in head[at + 1 : at + 3]:
        if not ln.strip() or ":" in ln or re.match(r"\s*(kepada|yth|di\b|dengan hormat)", ln, re.IGNORECASE) \
                or _DATE_LINE.match(" ".join(ln.split())) or _SIGNER.match(" ".join(ln.split())):
            break  # the subject ends at the next field, the addressee, or the date and signature
        parts.append(ln)
    return " ".join(" ".join(parts).split())


def _title_of(raw: list[str], text: str) -> tuple[str | None, float]:
    """The heading with its continuation lines and "TENTANG ...", a news post's headline, or a letter's subject."""
    head = raw[:45]
    subject = None
    subject = subject_of(text)
    # A web post: its headline is the line before "Diposting ...".
    for i, ln in enumerate(head):
        if _POSTED.match(ln) and _BARE_DATE.search(ln):
            before = [b for b in head[:i] if b and ">" not in b]
            if before:
                return before[-1][:200], 0.75
    start = next((i for i, ln in enumerate(head)
                  if ln and _caps(ln) and ":" not in ln and _HEADING.match(ln) and not _LETTERHEAD.search(ln)), None)
    if start is None:
        if subject:
            return subject, 0.85
        candidates = [ln for ln in head if ln and _caps(ln) and ":" not in ln and not _LETTERHEAD.search(ln)
                      and not _BODY.match(ln) and not _UNIT.match(ln) and not _PLACE_LINE.match(ln)
                      and not _NAMES_BODY.search(ln)]
        if candidates:
            return candidates[0][:200], 0.4
        first = next((ln for ln in head if ln), None)
        return (first[:120], 0.2) if first else (None, 0.0)
    parts = [head[start]]
    i = start + 1
    # Continuation: capital lines right below the heading (OCR may leave one blank line between them),
    # until the number, TENTANG, or what follows a heading.
    while (nxt := _continuation(head, i)) is not None and not head[nxt].upper().startswith("TENTANG"):
        parts.append(head[nxt])
        i = nxt + 1
    sure = 0.85
    if _LETTER_HEADING.match(parts[0]) and len(parts) == 1 and subject:
        return subject, 0.85
    # "TENTANG" may come after the number and blank lines: "NOMOR 12 TAHUN 2024 / TENTANG / ...".
    j = i
    while j < len(head) and j < i + 6 and (not head[j] or _OWN_NUMBER.match(head[j])):
        j += 1
    if j < len(head) and head[j].upper().startswith("TENTANG"):
        about = [head[j][len("TENTANG"):].strip(" :")]
        k = j + 1
        if not about[0]:
            about = []
            while k < len(head) and not head[k]:
                k += 1
        while (nxt := _continuation(head, k)) is not None:
            about.append(head[nxt])
            k = nxt + 1
        if about:
            parts += ["TENTANG", *about]
            sure = 0.9
    elif len(parts) == 1:
        # An SOP names itself in a form field: "Nama SOP : Pelayanan Permohonan Informasi".
        if m := re.search(r"^nama\s+sop\s*[:.]?\s+(?P<name>\S.{3,120})$", "\n".join(head), re.IGNORECASE | re.MULTILINE):
            parts.append(m.group("name").upper())
            sure = 0.8
    title = " ".join(" ".join(parts).split()).rstrip(" ,;:")
    return title[:240], sure


#: Capital lines that follow a heading without being part of it.
_AFTER_HEADING = re.compile(r"^(bab\b|kata pengantar|daftar isi|dengan rahmat|memutuskan|menetapkan|menimbang|"
                            r"mengingat|pasal\b|kesatu|pertama|lampiran|[IVX]+\.|[A-Z]\.\s)", re.IGNORECASE)


def _continuation(head: list[str], i: int) -> int | None:
    """Index of the line continuing a heading at ``i`` (or after one blank line), else None."""
    for k in (i, i + 1):
        if k >= len(head):
            return None
        ln = head[k]
        if not ln:
            if k == i:
                continue
            return None
        if _caps(ln) and ":" not in ln and not _OWN_NUMBER.match(ln) and not _AFTER_HEADING.match(ln) \
                and not _ADDRESS.search(ln) and not (_LETTERHEAD.search(ln) and k > i):
            return k
        return None
    return None


def _number_of(raw: list[str], text: str, *, month: int | None = None) -> tuple[str | None, float]:
    """The document's own number: a "Nomor" label starting a line of its header, never a number it cites.

    ``month``: the month of the date of making, which the month in a number says again.
    """
    seen = 0
    for ln in raw:
        if not ln:
            continue
        seen += 1
        if seen > 45 or _CITES.match(ln):
            break
        if m := _OWN_NUMBER.match(ln):
            value = m.group("value").strip()
            if v := _NUMBER_VALUE.match(value):
                if v.group("n"):
                    return f"{v.group('n')} Tahun {v.group('y')}", 0.9
                code = v.group("code").rstrip(".,;")
                sure = 0.95
                if " " in value and re.fullmatch(r"[\w./ -]+", value) and len(value.split()) <= 3 \
                        and value.count("/") > code.count("/"):
                    # OCR read a "." inside the number as a space ("PL 02.1-BA"), or put one after it
                    # ("PI. 02"): put it back, and say so.
                    code, sure = re.sub(r"\.?\s+\.?", ".", value.rstrip(".,;")), 0.5
                words = {w.lower() for other in raw if other is not ln for w in re.findall(r"[A-Za-z]{5,}", other)}
                fixed = _mend_number(_repair_roman(code), month=month, words=words)
                return fixed, sure if fixed == code else min(sure, 0.7)
            return None, 0.4  # a "Nomor" whose value cannot be read: leave it to the officer
    # None of its own. Sure when the text names no number at all; less so when it cites others.
    return None, 0.6 if re.search(r"\bnomor\b", text, re.IGNORECASE) else 0.9


#: The archive classification before the dot of a KPU number ("PL.02": penyelenggaraan pemilu) and the kind of
#: paper after the hyphen ("-SD": surat dinas), as KPU's tata naskah dinas writes them: what a code OCR
#: damaged is read back to, never anything else (#18).
_CLASS_CODES = frozenset({"PL", "PP", "PY", "HM", "HK", "KU", "KP", "LG", "PR", "RT", "UM", "OT", "TI", "SDM"})
_PAPER_CODES = {c.lower(): c for c in ("SD", "SE", "BA", "Und", "Kpt", "Pu", "ST", "ND", "SK")}
#: What OCR reads a character of a number as: each reading may stand for these.
_LOOKS_LIKE = {"0": "O", "O": "0", "5": "S", "S": "5", "1": "IL", "l": "IL", "I": "L1", "L": "I", "8": "B",
               "B": "8", "|": "IL"}
#: What OCR makes of a Roman month's letters: "1", "l" or "|" for "I", "N" for "II", "U" for "I/" (glued to the year).
_ROMAN_LOOKS = {"1": ("I",), "l": ("I",), "|": ("I",), "i": ("I",), "N": ("II",), "U": ("I",)}


def _readings(seg: str, table: dict[str, str]) -> set[str]:
    """Every way of reading ``seg`` with each character as itself or as a character it is confused with."""
    out = {""}
    for ch in seg:
        out = {o + c for o in out for c in (ch, *table.get(ch, ""))}
        if len(out) > 512:
            return set()
    return out


def _roman_readings(seg: str) -> set[str]:
    """Roman months ``seg`` may be as OCR reads them, one stray character left out or not ("1IX" for "IX")."""
    if len(seg) > 5 or not re.fullmatch(r"[IVX1l|iNU]+", seg):
        return set()
    found = set()
    for cand in {seg} | {seg[:k] + seg[k + 1 :] for k in range(len(seg))}:
        out = {""}
        for ch in cand:
            out = {o + c for o in out for c in (ch, *_ROMAN_LOOKS.get(ch, ()))}
        found |= {o for o in out if o in _ROMAN_MONTHS}
    return found


def _mend_number(code: str, *, month: int | None, words: set[str]) -> str:
    """A number as OCR misread it, read back where the paper itself says what it is (#18).

    - The month in Roman numerals before the year ("B/312/11/2025" in February is "B/312/II/2025";
      "VU2025" in June is "VI/2025"): only when a reading of it is the month of the date of making.
    - The codes of a KPU number ("PI.02" is "PL.02", "-5D" is "-SD"): only to a code of
      :data:`_CLASS_CODES` or :data:`_PAPER_CODES`, and only when one reading gives one.
    - A word of the number ("Reskim") that the paper writes elsewhere one letter apart ("KASAT RESKRIM").

    Anything else stays as it was read: a number is never made up.
    """
    parts = code.split("/")
    for k, seg in enumerate(parts):
        year_next = k + 1 < len(parts) and re.fullmatch(r"(?:19|20)\d\d", parts[k + 1])
        glued = re.fullmatch(r"(?P<r>[IVX1l|iNU]{1,4})(?P<y>(?:19|20)\d\d)", seg)
        if month and (year_next or glued) and seg not in _ROMAN_MONTHS:
            roman = glued["r"] if glued else seg
            # A month in digits is written in two ("05", "11"): a lone "1" in January is "I".
            if not (roman.isdigit() and len(roman) == 2 and int(roman) == month) and _ROMAN_MONTHS[month - 1] in _roman_readings(roman):
                parts[k] = _ROMAN_MONTHS[month - 1] + (f"/{glued['y']}" if glued else "")
                continue
        if m := re.fullmatch(r"(?P<cls>[A-Z0-9|]{2,3})(?P<rest>\.\d.*)", seg):
            if m["cls"] not in _CLASS_CODES:
                found = _readings(m["cls"], _LOOKS_LIKE) & _CLASS_CODES
                if len(found) == 1:
                    seg = parts[k] = found.pop() + m["rest"]
        if m := re.fullmatch(r"(?P<head>.*\d-)(?P<paper>[A-Za-z0-9|]{2,3})", seg):
            if m["paper"].lower() not in _PAPER_CODES:
                found = {_PAPER_CODES[r.lower()] for r in _readings(m["paper"], _LOOKS_LIKE) if r.lower() in _PAPER_CODES}
                if len(found) == 1:
                    parts[k] = m["head"] + found.pop()
        if re.fullmatch(r"[A-Za-z]{5,}", seg) and seg.lower() not in words:
            near = {w for w in words if w[0] == seg[0].lower() and _one_edit(seg.lower(), w)}
            if len(near) == 1:
                parts[k] = _same_case(seg, near.pop())
    return "/".join(parts)


_ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _repair_roman(code: str) -> str:
    """A month in Roman numerals as OCR breaks it: "I" read as "1", "II" read as "N" ("VIN" for "VIII"), "/I" as "N"
    ("TPPNX" for "TPP/IX"). Only a repair that gives a month I..XII is made."""
    parts = code.split("/")
    for k, seg in enumerate(parts):
        if seg in _ROMAN_MONTHS:
            continue
        if re.fullmatch(r"[IVX1l]{1,4}", seg) and re.search("[IVX]", seg) and (fixed := seg.replace("1", "I").replace("l", "I")) in _ROMAN_MONTHS:
            parts[k] = fixed  # "X1" for "XI", "V1" for "VI"
            continue
        if "N" not in seg:
            continue
        if re.fullmatch(r"[IVX]*N[IVX]*", seg) and seg.replace("N", "II") in _ROMAN_MONTHS:
            parts[k] = seg.replace("N", "II")
        elif (m := re.fullmatch(r"(?P<pre>[A-Z]{2,})N(?P<roman>[IVX]+)", seg)) and "I" + m["roman"] in _ROMAN_MONTHS:
            parts[k] = f"{m['pre']}/I{m['roman']}"
    return "/".join(parts)


def _made(raw: list[str]) -> tuple[str | None, datetime | None, int | None, float]:
    """Place and date of making: the signature block, "Ditetapkan di ... pada tanggal", the letter's date line;
    then a labelled date of making or a web post's date. Never a date in a labelled field of a person
    (birth) or a meeting (Hari/Tanggal), nor a date inside a sentence."""
    for i, ln in enumerate(raw):
        if (m := _SET_AT.match(ln)) and (nxt := next((x for x in raw[i + 1 : i + 3] if x), None)):
            if (d := _SET_ON.match(nxt)) and (when := _fold(d["day"], d["month"], d["year"])):
                return m.group("place").strip(), when, i, 0.9
    for i, ln in enumerate(raw):
        if (m := _DATE_LINE.match(ln)) and not _WEEKDAYS.match(m.group("place").strip()) \
                and "lahir" not in m.group("place").lower():
            if when := _fold(m["day"], m["month"], m["year"]):
                where = m.group("place").strip()
                return where[:1].upper() + where[1:], when, i, 0.9
    for i, ln in enumerate(raw):
        if (m := _SET_INLINE.search(ln)) and (when := _fold(m["day"], m["month"], m["year"])):
            return m.group("place").strip(), when, i, 0.85
    fields = [(i, m) for i, ln in enumerate(raw) if (m := _DATE_FIELD.match(ln))]
    # The date it was made before the date it takes effect.
    for i, m in sorted(fields, key=lambda f: f[1]["label"].strip().lower() in ("berlaku", "efektif")):
        if when := _fold(m["day"], m["month"], m["year"]):
            return None, when, i, 0.6 if m["label"].strip().lower() in ("berlaku", "efektif") else 0.75
    if (m := _RULED.search(" ".join(raw))) and (when := _fold(m["day"], m["month"], m["year"])):
        return None, when, None, 0.7
    for i, ln in enumerate(raw):
        if _POSTED.match(ln) and (m := _BARE_DATE.search(ln)) and (when := _fold(m["day"], m["month"], m["year"])):
            return None, when, i, 0.7
    return None, None, None, 0.5


def _issuer_of(raw: list[str]) -> tuple[str | None, float]:
    """The body whose signature or letterhead the document carries; None when it carries none (the home office's
    own, e.g. a post of its website)."""
    lines = [ln for ln in raw if ln]
    tail = lines[-16:]
    # The signature block: an office line naming a body ("Ketua KPU Kota Bima", "a.n. KEPALA KEPOLISIAN RESOR X").
    for k, ln in enumerate(tail):
        if ":" in ln:
            continue
        if len(ln) <= 40 and (m := _CLOSING.match(ln)):
            after = [x for x in tail[k + 1 :] if not re.match(r"^(ttd|meterai|materai|\(|cap)", x, re.IGNORECASE)]
            if after and _NAMES_BODY.search(after[0]):
                return titled(after[0].rstrip(" ,")), 0.8
            if m.group(1).lower() != "hormat kami" and after:
                return after[-1].rstrip(" ,"), 0.7  # a person's own statement: the person
    for ln in tail:
        office = re.sub(r"^a\.?\s?n\.?\s+", "", ln, flags=re.IGNORECASE).rstrip(" ,")
        if ":" in ln or len(office) > 90 or _PROSE.search(office) or not _SIGNER.match(office):
            continue
        if _NAMES_BODY.search(office):
            office = re.split(r"\s+selaku\s+", office, flags=re.IGNORECASE)[0]
            return titled(office), 0.9
    body = _letterhead_body(lines[:8])
    return (titled(body), 0.8) if body else (None, 0.5)


def _letterhead_body(top: list[str]) -> str | None:
    """The most specific body of the letterhead: "PEMERINTAH KABUPATEN X / RUMAH SAKIT UMUM DAERAH X" is the
    hospital; "KOMISI PEMILIHAN UMUM / KABUPATEN X / SUBBAGIAN ..." is the KPU of X (a unit is not a body)."""
    bodies: list[str] = []
    for ln in top:
        if not _caps(ln) or ":" in ln or _LETTERHEAD.search(ln) and not ln.upper().startswith(("KOMISI", "KPU")):
            if bodies:
                break
            continue
        if _HEADING.match(ln):
            break
        if _UNIT.match(ln) and not ln.upper().startswith("SEKRETARIAT JENDERAL"):
            continue
        if bodies and _PLACE_LINE.match(ln):
            bodies[-1] = f"{bodies[-1]} {ln}"
        elif _NAMES_BODY.search(ln) or bodies == []:
            bodies.append(ln)
    named = [b for b in bodies if _NAMES_BODY.search(b)]
    if not named:
        return None
    specific = [b for b in named if not b.upper().startswith("PEMERINTAH")]
    return (specific or named)[-1]


#: Words ending in a full stop that do not end a sentence.
_ABBREVIATION = re.compile(r"(?:^|\s)(?:jl|no|dr|drs|ir|h|hj|a\.n|yth|tbk|kec|kab|prof|bpk|sdr|dst|dll|dsb|tsb|"
                           r"s\.[a-z]+|m\.[a-z]+|st|nip|nrp|rp|tgl|hal|an|u\.p|[a-z])\.$", re.IGNORECASE)
#: A letterhead's address line (prose may start with "KPU ..." or say "berjalan").
_ADDRESS = re.compile(r"\b(jalan|jl\.|telp\.?|telepon|e-?mail|laman|www\.|kode pos|faks|surel|pos-el)\b.*\d|"
                      r"\d.*\b(telp\.?|telepon|faks|kode pos)\b", re.IGNORECASE)
#: Lines of a list: "1. ...", "a. ...", "- ...".
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}|[a-z])[.)]\s|^\s*[-•]\s")


def sentences(text: str) -> list[str]:
    """Whole sentences of a paragraph; an unfinished tail (no full stop, "...berikut:") is dropped."""
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[A-Z0-9\"(]|\s*$)", text):
        piece = text[start : m.end()].strip()
        if _ABBREVIATION.search(piece) and m.end() < len(text.rstrip()):
            continue  # "dr." or "Jl." inside a sentence
        out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail.endswith(":") and len(tail.split()) >= 8:
        out.append(tail[:-1].rstrip() + ".")  # "... mengumumkan hasil sebagai berikut:" announces what follows
    return [p for p in out if p]


def _summary(text: str, title: str | None, *, limit: int = 400) -> str | None:
    """The subject line and the first paragraph of prose, in whole sentences up to about ``limit``."""
    subject = None
    if subject := subject_of(text):
        subject = subject.rstrip(".")
    best: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines or any(_NOT_PROSE.search(ln) or _LIST_ITEM.match(ln) or "|" in ln
                            or (_LETTERHEAD.search(ln) and (_caps(ln) or _ADDRESS.search(ln))) for ln in lines):
            continue
        para = " ".join(" ".join(ln.split()) for ln in lines)
        if len(para) < 60 or para.upper() == para or (title and para.startswith(title)):
            continue
        if _DATE.match(para) or _SIGNER.match(para):
            continue
        whole = sentences(para)
        if not whole:
            continue
        for sentence in whole:
            if best and len(" ".join([*best, sentence])) > limit:
                break
            best.append(sentence)
        break
    parts = [p for p in (f"Perihal: {subject}." if subject else None, " ".join(best)) if p]
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
