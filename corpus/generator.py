"""Labelled synthetic corpus of KPU kabupaten office documents (train and evaluate the classifier).

Not part of the installed package: pindai ships the model fitted on it and its frozen training
set (``pindai/classify/training-v1.jsonl.gz``, written by :mod:`corpus.training`; ``make model``).

Every text here was written for pindai; no sentence is copied from a real document. The setting is
fictional but plausible: KPU offices named after five South Sumatran kabupaten (with their real
region codes, 16xx), staffed and surrounded by invented people, streets, kecamatan, desa, companies,
schools and numbers. Each document *kind* is a template function with randomised slots (names,
dates, amounts, which paragraphs appear and in which order, synonyms of the wording, letterhead
details, tables of varying length), so one kind yields many distinct *variants* from a seed.

Labels follow ``shared/domain.md``: ``register`` is "DIP" or "DIK"; a DIP document has a
``dip_type`` ("berkala" | "serta_merta" | "setiap_saat") and no ``ground``; a DIK document has a
Pasal 17 ``ground`` ("a".."j") and no ``dip_type``. ``trap`` marks kinds built to mislead a naive
detector: public documents that talk about exemption, show masked NIKs, office phone numbers,
names only or court rulings, and exempt documents that look harmless.

Personal identifiers are structurally valid (NIK with region, birth date and +40 for women; KK;
old-format NPWP; 18-digit NIP; 08xx mobiles; bank accounts next to a bank name). Public documents
only ever show masked NIKs (``160401******0007``).

Typical use::

    docs = corpus(variants=8, seed=0)
    train, test = split(docs, holdout=0.25, seed=0)   # unseen variants of every kind
    write_corpus(Path("eval"), test)                   # read back by ``pindai evaluate eval``
    train, test = split_by_kind(docs)                  # harder: kinds never seen in training

Texts are lists of lines joined by "\\n": 12 to 40 lines, at most 75 characters each, headings in
capitals, table rows as tab-separated cells (at most three), so that ``tests/synth.py`` can render
them on one A4 page for OCR evaluation.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import random
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pindai.domain import DIP_TYPES, GROUNDS, Register

__all__ = [
    "DIP_TYPES",
    "GROUNDS",
    "KINDS",
    "KindSpec",
    "LabelledDoc",
    "corpus",
    "generate",
    "is_valid_nik",
    "split",
    "split_by_kind",
    "write_corpus",
]

MIN_LINES = 12
MAX_LINES = 40
MAX_CHARS = 75
#: Paragraphs are wrapped narrower than MAX_CHARS so that a line also fits the 160 mm text width of an
#: A4 page at 11 pt (tests/synth.py), where wide letters make 75 characters too long.
WRAP_CHARS = 68
#: Headings are drawn in bold capitals: keep them narrower than body lines.
MAX_HEADING_CHARS = 54
#: Table cells start at 55 mm tab stops; longer cells would spill into the next column.
MAX_CELL_CHARS = 22
#: The last cell may run into the right margin.
MAX_LAST_CELL_CHARS = 26
MAX_CELLS = 3

LABEL_FIELDS = ("file", "kind", "register", "dip_type", "ground", "trap")

_T = TypeVar("_T")


# ---------------------------------------------------------------------------
# Public records
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledDoc:
    """One generated document and its labels."""

    #: Kind id, a key of :data:`KINDS`.
    kind: str
    #: "DIP" (public register) or "DIK" (exempt).
    register: str
    #: "berkala" | "serta_merta" | "setiap_saat" for DIP, else None.
    dip_type: str | None
    #: Pasal 17 letter "a".."j" for DIK, else None.
    ground: str | None
    #: True when the kind is built to mislead (public but looks exempt, or the reverse).
    trap: bool
    #: The document text: lines joined by "\n", ending with "\n".
    text: str
    #: The seed of ``random.Random`` that produced ``text`` (``generate(kind, seed)``).
    seed: int


@dataclass(frozen=True)
class KindSpec:
    """A document kind: its labels, a short description and its generator."""

    kind: str
    register: str
    dip_type: str | None
    ground: str | None
    trap: bool
    #: What the kind is, in a few words (Indonesian).
    title: str
    #: Why it is labelled so, when that is not obvious (traps).
    note: str
    #: Builds the document lines from a per-document generator context.
    build: Callable[[_G], list[str]] = field(repr=False)


KINDS: dict[str, KindSpec] = {}


def _kind(
    kind: str,
    register: str,
    *,
    dip_type: str | None = None,
    ground: str | None = None,
    trap: bool = False,
    title: str,
    note: str = "",
) -> Callable[[Callable[[_G], list[str]]], Callable[[_G], list[str]]]:
    if register == Register.DIP:
        assert dip_type in DIP_TYPES and ground is None, kind
    else:
        assert register == Register.DIK and ground in GROUNDS and dip_type is None, kind
    assert kind not in KINDS, kind

    def deco(fn: Callable[[_G], list[str]]) -> Callable[[_G], list[str]]:
        KINDS[kind] = KindSpec(kind, register, dip_type, ground, trap, title, note, fn)
        return fn

    return deco


# ---------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------

_NIK_RE = re.compile(r"^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{4})$")


def is_valid_nik(nik: str) -> bool:
    """True when ``nik`` has the NIK structure of domain.md.

    Province 11..94, regency and district not 00, a real birth date (day + 40 for women), serial not
    0000. The region is checked for shape only; a table of real codes is the classifier's business.
    """
    m = _NIK_RE.match(nik)
    if not m:
        return False
    prov, kab, kec, dd, mm, yy, serial = m.groups()
    if not 11 <= int(prov) <= 94 or kab == "00" or kec == "00" or serial == "0000":
        return False
    day = int(dd)
    if day > 40:
        day -= 40
    try:
        _dt.date(2000 + int(yy), int(mm), day)  # leap years: 2000 + yy has the same parity
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------
# Setting: kabupaten, places, people (all invented except the kabupaten and region codes)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kab:
    name: str  # "Lahat"
    code: str  # "1604" (Kemendagri region code)
    city: str  # seat of the office, used in dates: "Lahat, 6 Januari 2024"
    area: str  # telephone area code
    slug: str  # for e-mail domains
    postal: str  # first three digits of the postcode
    streets: tuple[str, ...]


_KABS = (
    _Kab("Lahat", "1604", "Lahat", "0731", "lahat", "314",
         ("Jalan Serelo Raya", "Jalan Mayor Ruslan Amin", "Jalan Bukit Tunggal")),
    _Kab("Muara Enim", "1603", "Muara Enim", "0734", "muaraenim", "311",
         ("Jalan Lingkar Lematang", "Jalan Pahlawan Kesuma")),
    _Kab("Empat Lawang", "1611", "Tebing Tinggi", "0702", "empatlawang", "316",
         ("Jalan Poros Musi Ulu", "Jalan Talang Babatan")),
    _Kab("Ogan Komering Ulu", "1601", "Baturaja", "0735", "oku", "321",
         ("Jalan Garuda Sakti", "Jalan Ogan Permai")),
    _Kab("Musi Rawas", "1605", "Muara Beliti", "0733", "musirawas", "316",
         ("Jalan Lintas Kelingi", "Jalan Beliti Indah")),
)
# Lahat is the office pindai is built for: half of the documents come from it.
_KAB_WEIGHTS = (5, 2, 1, 1, 1)

# Invented kecamatan; the list position gives the district code (01..).
_KECAMATAN = (
    "Sungai Serelo", "Talang Pinang", "Bukit Lematang", "Air Keruh Hilir", "Tanjung Agung Baru",
    "Muara Kikim Ulu", "Pagar Batu Jaya", "Suka Merindu", "Gunung Megang Ulu", "Tebat Serai",
    "Lubuk Sepang", "Karang Jaya Baru", "Pulau Panggung", "Merapi Selatan", "Padang Tinggi",
    "Lawang Agung", "Ulu Musi Baru", "Semende Darat", "Talang Kemuning", "Batu Urip",
)
_DESA = (
    "Tanjung Raya", "Talang Sawah", "Pagar Alam Baru", "Muara Siban", "Sukarami Ulu", "Air Dingin",
    "Lubuk Layang", "Karang Anyar", "Tebat Agung", "Pulau Beringin", "Sindang Marga", "Gunung Kembang",
    "Tanjung Beringin", "Sumber Mulya", "Padang Bindu", "Lesung Batu", "Bandar Jaya", "Nanjungan",
    "Kota Raya Lembak", "Ujan Mas Baru", "Sukajadi Ilir", "Tebing Serai", "Lawang Kidul", "Sirah Pulau",
    "Kemang Manis", "Darmo Baru", "Banjar Negara", "Datar Lebar", "Cempaka Sari", "Rantau Sialang",
)
_BIRTHPLACES = (
    "Lahat", "Muara Enim", "Tebing Tinggi", "Baturaja", "Palembang", "Pagar Alam", "Prabumulih",
    "Lubuklinggau", "Bengkulu", "Kikim", "Jarai", "Tanjung Sakti", "Lampung", "Jambi", "Jakarta",
)
_MALE = (
    "Ahmad", "Arman", "Bambang", "Budi", "Candra", "Darmawan", "Dedi", "Edi", "Eko", "Fajar",
    "Ferdiansyah", "Gunawan", "Hasbi", "Hendra", "Herman", "Imron", "Irwan", "Iskandar", "Jefri",
    "Joni", "Kurniawan", "Lukman", "Mulyadi", "Nofrizal", "Rahmat", "Ridwan", "Rudi", "Sofyan",
    "Syahrial", "Taufik", "Wahyu", "Yudi", "Yusuf", "Zulkifli", "Anton", "Alfian", "Bayu", "Dodi",
    "Erwin", "Firman", "Hadi", "Indra", "Junaidi", "Marzuki", "Novan", "Rizal", "Samsul", "Tommy",
)
_FEMALE = (
    "Ani", "Ayu", "Desi", "Dewi", "Eka", "Erna", "Fitri", "Heni", "Indah", "Juwita", "Kartika",
    "Lestari", "Linda", "Maya", "Mega", "Novi", "Nurul", "Putri", "Ratna", "Rina", "Sari", "Siti",
    "Tuti", "Uli", "Vivi", "Wulan", "Yanti", "Yulia", "Zahra", "Anisa", "Citra", "Dian", "Elvi",
    "Fauziah", "Hartini", "Intan", "Lina", "Melati", "Nova", "Rosmala", "Septi", "Suryani",
)
_MALE_2 = (
    "Saputra", "Pratama", "Hidayat", "Wijaya", "Susanto", "Gunadi", "Effendi", "Syahputra",
    "Ramadhan", "Kurnia", "Firdaus", "Hakim", "Nugraha", "Setiawan", "Harahap", "Alamsyah",
    "Prasetyo", "Santoso", "Fadillah", "Irawan", "Mahendra", "Azhari", "Rusdi", "Zainal",
)
_FEMALE_2 = (
    "Marlina", "Apriani", "Wulandari", "Susanti", "Lestari", "Handayani", "Fitriani", "Oktaviani",
    "Safitri", "Rahmawati", "Yuliana", "Puspita", "Anggraini", "Novitasari", "Rosita", "Kurniasih",
    "Maharani", "Purnamasari", "Agustina", "Ramadhani",
)
_DEGREES = ("S.H.", "S.E.", "S.Pd.", "S.Sos.", "S.IP.", "S.Kom.", "S.T.", "S.Ag.", "A.Md.", "S.H., M.H.",
            "S.E., M.Si.", "S.IP., M.Si.", "S.Pd., M.Pd.", "S.Sos., M.A.P.")
_BANKS = (  # name, account digits
    ("Bank Sumsel Babel", 13), ("BRI", 15), ("BNI", 10), ("Bank Mandiri", 13), ("BSI", 10),
)
_MOBILE_PREFIX = ("0811", "0812", "0813", "0821", "0822", "0852", "0853", "0877", "0878", "0857",
                  "0858", "0895", "0896", "0819", "0831", "0838")
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember")
_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_VENDOR_NAMES = (
    "CV Serelo Makmur", "CV Bukit Jaya Abadi", "PT Lematang Grafika Utama", "CV Sinar Kikim",
    "PT Sumber Cetak Andalas", "CV Tiga Putri Mandiri", "CV Karya Musi Sejahtera", "PT Bintang Ulu Persada",
    "CV Rizki Barokah Lahat", "CV Mitra Logistik Serasan", "PT Anugerah Kertas Sumatra", "CV Dwi Tunggal Jaya",
)


_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
         "sepuluh", "sebelas")


def terbilang(n: int) -> str:
    """Indonesian number words: 2024 -> "dua ribu dua puluh empat"."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _ONES[n] if n else "nol"
    if n < 20:
        return _ONES[n - 10] + " belas"
    if n < 100:
        return (_ONES[n // 10] + " puluh " + (terbilang(n % 10) if n % 10 else "")).strip()
    if n < 200:
        return ("seratus " + (terbilang(n - 100) if n - 100 else "")).strip()
    if n < 1000:
        return (_ONES[n // 100] + " ratus " + (terbilang(n % 100) if n % 100 else "")).strip()
    if n < 2000:
        return ("seribu " + (terbilang(n - 1000) if n - 1000 else "")).strip()
    for size, word in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            head, rest = divmod(n, size)
            return (terbilang(head) + " " + word + " " + (terbilang(rest) if rest else "")).strip()
    raise AssertionError(n)  # pragma: no cover


def rupiah(n: int) -> str:
    """12500000 -> "12.500.000"."""
    return f"{n:,}".replace(",", ".")


def _pct(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


@dataclass(frozen=True)
class _Person:
    name: str  # with academic degree when it has one
    bare: str
    sex: str  # "L" | "P"
    born: _dt.date
    birthplace: str
    kec: str
    kec_code: str  # 6 digits: province, regency, district
    desa: str
    nik: str
    kk: str
    phone: str
    address: str  # "Dusun II RT 003 RW 001, Desa X, Kecamatan Y"

    @property
    def ttl(self) -> str:
        return f"{self.birthplace}, {_fmt_date(self.born)}"

    @property
    def nik_masked(self) -> str:
        return self.nik[:6] + "******" + self.nik[12:]


def _fmt_date(d: _dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class _Election:
    year: int
    kind: str  # "pemilu" | "pilkada"
    name: str  # "Pemilihan Umum Tahun 2024"
    short: str  # "Pemilu 2024"
    vote: _dt.date


# ---------------------------------------------------------------------------
# The per-document generator context
# ---------------------------------------------------------------------------


class _G:
    """Random slot values and the shared office phrases of one document."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.kab: _Kab = rng.choices(_KABS, weights=_KAB_WEIGHTS)[0]
        self.width = rng.randint(58, WRAP_CHARS)  # wrap width of paragraphs
        self.field_style = rng.randrange(3)
        self.street = rng.choice(self.kab.streets) + f" Nomor {rng.randint(1, 120)}"
        self.postcode = self.kab.postal + f"{rng.randint(10, 99)}"
        self.office_phone = f"({self.kab.area}) {rng.randint(3, 7)}{rng.randint(10000, 99999)}"
        self.domain = rng.choice((f"kpu-{self.kab.slug}kab.go.id", f"kab-{self.kab.slug}.kpu.go.id"))
        self._used_names: set[str] = set()
        self._officials: dict[str, _Person] = {}
        self._nips: dict[str, str] = {}
        #: Where documents of this context are signed ("Lahat, 6 Januari 2024").
        self.city = self.kab.city

    # -- randomness ---------------------------------------------------------

    def pick(self, seq: Sequence[str]) -> str:
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def n(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def sample(self, seq: Sequence[str], k: int) -> list[str]:
        return self.r.sample(list(seq), k)

    def shuffled(self, seq: Iterable[_T]) -> list[_T]:
        out = list(seq)
        self.r.shuffle(out)
        return out

    # -- text ---------------------------------------------------------------

    def wrap(self, text: str, *, indent: str = "", width: int | None = None) -> list[str]:
        w = width or self.width
        return textwrap.wrap(
            " ".join(text.split()), width=w, initial_indent=indent,
            subsequent_indent=" " * len(indent), break_on_hyphens=False,
        )

    def para(self, *choices: str) -> list[str]:
        """Wrap one of ``choices`` (picked at random) as a paragraph."""
        return self.wrap(self.pick(choices))

    def items(self, texts: Sequence[str], *, style: str | None = None) -> list[str]:
        """Numbered list, wrapped with a hanging indent."""
        style = style or self.pick(("1.", "a.", "1)", "-"))
        out: list[str] = []
        for i, t in enumerate(texts):
            if style == "1.":
                mark = f"{i + 1}. "
            elif style == "a.":
                mark = f"{'abcdefghijklmnop'[i]}. "
            elif style == "1)":
                mark = f"{i + 1}) "
            else:
                mark = "- "
            out.extend(self.wrap(t, indent=mark))
        return out

    def heading(self, text: str) -> list[str]:
        """A capitalised heading, wrapped to fit in bold, lines of balanced length."""
        text = " ".join(text.upper().split())
        lines = textwrap.wrap(text, width=MAX_HEADING_CHARS)
        for w in range(len(text) // len(lines), MAX_HEADING_CHARS):
            balanced = textwrap.wrap(text, width=w)
            if len(balanced) == len(lines):
                return balanced
        return lines

    def fields(self, pairs: Sequence[tuple[str, str]]) -> list[str]:
        """Label/value lines ("Nomor : ..."), in this document's alignment style."""
        if self.field_style == 0:
            rows = [f"{k} : {v}" for k, v in pairs]
        elif self.field_style == 1:
            pad = max(len(k) for k, _ in pairs)
            rows = [f"{k.ljust(pad)} : {v}" for k, v in pairs]
        else:
            rows = [f"{k}: {v}" for k, v in pairs]
        out: list[str] = []
        for row in rows:
            if len(row) <= WRAP_CHARS:
                out.append(row)
                continue
            head = row.index(":") + 2
            parts = self.wrap(row[head:], width=WRAP_CHARS - head)
            out.append(row[:head] + parts[0])
            out += [" " * head + x for x in parts[1:]]
        return out

    # -- dates --------------------------------------------------------------

    def date(self, year: int, m1: int = 1, m2: int = 12) -> _dt.date:
        start = _dt.date(year, m1, 1)
        end = _dt.date(year + (m2 == 12), (m2 % 12) + 1, 1) - _dt.timedelta(days=1)
        d = start + _dt.timedelta(days=self.r.randint(0, (end - start).days))
        if d.weekday() == 6:  # offices rarely sign on Sunday
            d -= _dt.timedelta(days=self.r.choice((1, 2)))
        return d

    def fdate(self, d: _dt.date) -> str:
        if self.chance(0.12):
            return f"{d.day:02d} {_MONTHS[d.month - 1]} {d.year}"
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"

    @staticmethod
    def hari(d: _dt.date) -> str:
        return _DAYS[d.weekday()]

    def words_date(self, d: _dt.date) -> str:
        """"Rabu tanggal enam bulan Maret tahun dua ribu dua puluh empat"."""
        return (f"{self.hari(d)} tanggal {terbilang(d.day)} bulan {_MONTHS[d.month - 1]} tahun "
                f"{terbilang(d.year)}")

    def year(self, lo: int = 2019, hi: int = 2025) -> int:
        return self.r.randint(lo, hi)

    def election(self, years: Sequence[int] = (2019, 2020, 2024, 2024), *, lead: int = 0) -> _Election:
        """An election; ``lead``: the document may be dated up to that many days before the vote.

        The 2019 election is left out when such a document would be dated before 2019.
        """
        if lead > (_dt.date(2019, 4, 17) - _dt.date(2019, 1, 1)).days:
            years = [y for y in years if y != 2019] or [2024]
        y = self.r.choice(list(years))
        if y == 2019:
            return _Election(2019, "pemilu", "Pemilihan Umum Tahun 2019", "Pemilu 2019", _dt.date(2019, 4, 17))
        if y == 2020:
            return _Election(2020, "pilkada", f"Pemilihan Bupati dan Wakil Bupati {self.kab.name} Tahun 2020",
                             "Pemilihan 2020", _dt.date(2020, 12, 9))
        if self.chance(0.5):
            return _Election(2024, "pemilu", "Pemilihan Umum Tahun 2024", "Pemilu 2024", _dt.date(2024, 2, 14))
        return _Election(2024, "pilkada", f"Pemilihan Bupati dan Wakil Bupati {self.kab.name} Tahun 2024",
                         "Pemilihan 2024", _dt.date(2024, 11, 27))

    # -- people and places ------------------------------------------------------

    def kecamatan(self) -> tuple[str, str]:
        i = self.r.randrange(len(_KECAMATAN))
        return _KECAMATAN[i], f"{i + 1:02d}"

    def kecamatans(self, k: int) -> list[str]:
        return self.sample(_KECAMATAN, k)

    def desa(self) -> str:
        return self.pick(_DESA)

    def bare_name(self, sex: str) -> str:
        for _ in range(20):
            if sex == "L":
                first = self.pick(_MALE)
                nm = first if self.chance(0.12) else f"{first} {self.pick(_MALE_2)}"
            else:
                first = self.pick(_FEMALE)
                nm = first if self.chance(0.12) else f"{first} {self.pick(_FEMALE_2)}"
            if nm not in self._used_names:
                break
        self._used_names.add(nm)
        return nm

    def person(self, sex: str | None = None, *, ref: int = 2024, age: tuple[int, int] = (21, 60),
               degree: float = 0.0, local: float = 0.85) -> _Person:
        r = self.r
        sex = sex or r.choice("LP")
        bare = self.bare_name(sex)
        name = f"{bare}, {self.pick(_DEGREES)}" if self.chance(degree) else bare
        by = ref - r.randint(*age)
        born = _dt.date(by, 1, 1) + _dt.timedelta(days=r.randint(0, 364))
        kab = self.kab if self.chance(local) else r.choice(_KABS)
        i = r.randrange(len(_KECAMATAN))
        kec, kec_code = _KECAMATAN[i], f"16{kab.code[2:]}{i + 1:02d}"
        day = born.day + (40 if sex == "P" else 0)
        nik = f"{kec_code}{day:02d}{born.month:02d}{born.year % 100:02d}{r.randint(1, 2999):04d}"
        issued = _dt.date(r.randint(ref - 16, ref - 1), 1, 1) + _dt.timedelta(days=r.randint(0, 364))
        kk = f"{kec_code}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{r.randint(1, 9999):04d}"
        phone = self.mobile()
        desa = self.desa()
        rt = f"RT {r.randint(1, 12):03d} RW {r.randint(1, 6):03d}"
        dusun = self.pick(("Dusun I", "Dusun II", "Dusun III", "Dusun IV", f"Jalan {self.pick(_DESA)}",
                           f"Lorong {self.pick(_MALE)}"))
        address = f"{dusun} {rt}, Desa {desa}, Kec. {kec}"
        return _Person(name, bare, sex, born, self.pick(_BIRTHPLACES), kec, kec_code, desa, nik, kk,
                       phone, address)

    def official(self, role: str) -> _Person:
        """The same person for a role throughout one document (ketua, sekretaris, ...)."""
        if role not in self._officials:
            self._officials[role] = self.person(degree=0.7, age=(35, 58))
        return self._officials[role]

    def name(self, sex: str | None = None, degree: float = 0.4) -> str:
        sex = sex or self.r.choice("LP")
        bare = self.bare_name(sex)
        return f"{bare}, {self.pick(_DEGREES)}" if self.chance(degree) else bare

    def mobile(self) -> str:
        pre = self.pick(_MOBILE_PREFIX)
        rest = "".join(str(self.r.randint(0, 9)) for _ in range(self.r.choice((7, 8, 8, 9))))
        num = pre + rest
        style = self.r.randrange(4)
        if style == 0:
            return num
        if style == 1:
            return f"{num[:4]}-{num[4:8]}-{num[8:]}"
        if style == 2:
            return f"+62 {num[1:4]} {num[4:8]} {num[8:]}"
        return f"{num[:4]} {num[4:8]} {num[8:]}"

    def nip(self, p: _Person) -> str:
        """The person's NIP: birth date, appointment year and month, sex, serial (same all document long)."""
        if p.nik not in self._nips:
            start = min(p.born.year + self.r.randint(22, 30), 2023)
            month, serial = self.r.randint(1, 12), self.r.randint(1, 12)
            self._nips[p.nik] = (f"{p.born.year}{p.born.month:02d}{p.born.day:02d} {start}{month:02d} "
                                 f"{1 if p.sex == 'L' else 2} {serial:03d}")
        return self._nips[p.nik]

    def npwp(self) -> str:
        d = [self.r.randint(0, 9) for _ in range(9)]
        return (f"{d[0]}{d[1]}.{d[2]}{d[3]}{d[4]}.{d[5]}{d[6]}{d[7]}.{d[8]}-"
                f"{self.pick(('312', '313', '314', '315', '301'))}.000")

    def account(self) -> tuple[str, str]:
        bank, digits = self.r.choice(_BANKS)
        return bank, str(self.r.randint(1, 9)) + "".join(str(self.r.randint(0, 9)) for _ in range(digits - 1))

    def money(self, lo: int, hi: int, step: int = 1000) -> int:
        return self.r.randint(lo // step, hi // step) * step

    def vendor(self) -> str:
        return self.pick(_VENDOR_NAMES)

    # -- office furniture -----------------------------------------------------

    @property
    def kpu(self) -> str:
        return f"KPU Kabupaten {self.kab.name}"

    @property
    def kpu_long(self) -> str:
        return f"Komisi Pemilihan Umum Kabupaten {self.kab.name}"

    def email(self, box: str | None = None) -> str:
        box = box or self.pick(("ppid", "sekretariat", "info", "kpu", "humas"))
        return f"{box}@{self.domain}"

    def contact_line(self) -> list[str]:
        parts = [f"Telp. {self.office_phone}"]
        if self.chance(0.35):
            parts.append(f"Faks. ({self.kab.area}) {self.r.randint(3, 7)}{self.r.randint(10000, 99999)}")
        mail = self.pick(("email", "Pos-el", "e-mail", "Surel"))
        tail = f"{mail}: {self.email()}"
        line = ", ".join(parts)
        if len(line) + len(tail) + 2 <= 70:
            return [f"{line}, {tail}"]
        return [line, tail]

    def letterhead(self, *, secretariat: float = 0.25, contacts: float = 0.6) -> list[str]:
        kab = self.kab.name.upper()
        if self.chance(secretariat):
            top = ["SEKRETARIAT KOMISI PEMILIHAN UMUM", f"KABUPATEN {kab}"]
        elif self.chance(0.5):
            top = ["KOMISI PEMILIHAN UMUM", f"KABUPATEN {kab}"]
        else:
            top = self.heading(f"KOMISI PEMILIHAN UMUM KABUPATEN {kab}")
        addr = self.pick((
            f"{self.street}, {self.kab.city} {self.postcode}",
            f"{self.street}, {self.kab.city}, Sumatera Selatan {self.postcode}",
            f"Alamat: {self.street}, {self.kab.city} - {self.postcode}",
        ))
        out = top + [addr]
        if self.chance(contacts):
            out += self.contact_line()
        if self.chance(0.2):
            out.append(f"Laman: www.{self.domain}")
        return out

    def nomor(self, code: str, year: int, jenis: str | None = None, month: int | None = None) -> str:
        n = self.r.randint(1, 960)
        if year <= 2019 and self.chance(0.6):
            m = _ROMAN[(month or self.r.randint(1, 12)) - 1]
            return f"{n}/{code}/{self.kab.code}/KPU-Kab/{m}/{year}"
        if jenis and self.chance(0.6):
            return f"{n}/{code}-{jenis}/{self.kab.code}/{year}"
        return f"{n}/{code}/{self.kab.code}/{year}"

    def lampiran(self) -> str:
        return self.pick(("-", "-", "1 (satu) berkas", "1 (satu) lembar", "2 (dua) lembar",
                          "Satu berkas", "3 (tiga) lembar"))

    def letter_head_fields(self, nomor: str, perihal: str, *, sifat: str | None = None,
                           lampiran: str | None = None) -> list[str]:
        given = sifat
        sifat = sifat or self.pick(("Biasa", "Biasa", "Segera", "Penting", "Segera"))
        pairs = [("Nomor", nomor), ("Sifat", sifat), ("Lampiran", lampiran or self.lampiran()),
                 (self.pick(("Perihal", "Perihal", "Hal")), perihal)]
        if given is None and self.chance(0.15):
            pairs.pop(1)  # some offices leave Sifat out of ordinary letters
        return self.fields(pairs)

    def to(self, who: str, *, place: str | None = None) -> list[str]:
        place = place or self.pick(("Tempat", "tempat", self.kab.city))
        style = self.r.randrange(3)
        if style == 0:
            return ["Kepada", f"Yth. {who}", "di -", f"    {place}"]
        if style == 1:
            return [f"Yth. {who}", f"di {place}"]
        return ["Kepada Yth.", who, f"di {place}"]

    def closing(self) -> list[str]:
        return self.para(
            "Demikian disampaikan, atas perhatian dan kerja sama Saudara diucapkan terima kasih.",
            "Demikian kami sampaikan. Atas perhatiannya kami ucapkan terima kasih.",
            "Atas perhatian dan kerja samanya, kami sampaikan terima kasih.",
            "Demikian untuk menjadi perhatian dan dilaksanakan sebagaimana mestinya.",
            "Demikian disampaikan untuk dapat dipergunakan sebagaimana mestinya.",
        )

    def place_date(self, d: _dt.date) -> str:
        return f"{self.city}, {self.fdate(d)}"

    def sign(self, role: str, who: _Person | str, d: _dt.date | None = None, *, nip: bool | None = None,
             an: str | None = None) -> list[str]:
        """Signature block: place and date, role, space, name, maybe NIP."""
        name = who.name if isinstance(who, _Person) else who
        out = [self.place_date(d)] if d else []
        if an:
            out.append(f"a.n. {an}")
        if self.chance(0.3) and len(role) < 40:
            out += self.heading(role) if role.isupper() else [role.upper() + ","]
        else:
            out.append(role + ",")
        out.append("")
        if self.chance(0.25):
            out.append(self.pick(("ttd.", "ttd", "(ttd dan cap)")))
        else:
            out.append("")
        out.append(name)
        if isinstance(who, _Person) and (nip if nip is not None else self.chance(0.5)):
            out.append(f"NIP. {self.nip(who)}")
        return out

    def tembusan(self, items: Sequence[str]) -> list[str]:
        head = self.pick(("Tembusan:", "Tembusan Yth.:", "Tembusan disampaikan kepada Yth.:"))
        return [head] + [f"{i + 1}. {t}" for i, t in enumerate(items)]


# ---------------------------------------------------------------------------
# Assembling a document
# ---------------------------------------------------------------------------


class _Doc:
    """Blocks of lines, separated by one blank line; optional blocks are dropped to fit a page."""

    def __init__(self, g: _G) -> None:
        self.g = g
        self.blocks: list[tuple[list[str], bool, int]] = []
        self.swaps: dict[str, list[int]] = {}

    def add(self, lines: Sequence[str], *, opt: bool = False, p: float = 1.0, keep: int | None = None,
            swap: str | None = None) -> None:
        """Add a block (always when ``p`` is 1; with probability ``p`` otherwise).

        ``opt`` blocks are dropped, last first, when the page is too long; then blocks with ``keep``
        (table rows, list items) lose lines from their end down to ``keep`` lines. Blocks sharing a
        ``swap`` key may trade places (the order of sections varies between variants).
        """
        if p < 1.0 and not self.g.chance(p):
            return
        if lines:
            if swap:
                self.swaps.setdefault(swap, []).append(len(self.blocks))
            self.blocks.append((list(lines), opt, len(lines) if keep is None else keep))

    def lines(self) -> list[str]:
        blocks = [(list(b), o, k) for b, o, k in self.blocks]
        for key in sorted(self.swaps):
            pos = self.swaps[key]
            if len(pos) > 1 and self.g.chance(0.5):
                moved = self.g.shuffled(range(len(pos)))
                originals = [blocks[i] for i in pos]
                for i, j in zip(pos, moved):
                    blocks[i] = originals[j]

        def total() -> int:
            return sum(len(b) for b, _, _ in blocks) + max(0, len(blocks) - 1)

        while total() > MAX_LINES:
            opts = [i for i, (_, o, _) in enumerate(blocks) if o]
            if not opts:
                break
            del blocks[opts[-1]]
        while total() > MAX_LINES:
            shrink = [b for b, _, k in blocks if len(b) > k]
            if not shrink:
                break
            max(shrink, key=len).pop()
        out: list[str] = []
        for i, (b, _, _) in enumerate(blocks):
            if i:
                out.append("")
            out.extend(b)
        return out


def _cell(text: str, width: int = MAX_CELL_CHARS) -> str:
    """Shorten a table cell at a word boundary so that it stays in its column."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width + 1].rsplit(" ", 1)[0]
    return (cut if cut and len(cut) <= width else text[:width]).rstrip(" ,.-/")


def _table(header: Sequence[str] | None, rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["\t".join(header)] if header else []
    out += ["\t".join(r) for r in rows]
    return out


def _check(kind: str, lines: list[str]) -> None:
    if not MIN_LINES <= len(lines) <= MAX_LINES:
        raise AssertionError(f"{kind}: {len(lines)} lines")
    for line in lines:
        if len(line) > MAX_CHARS or line != line.rstrip():
            raise AssertionError(f"{kind}: bad line {line!r}")
        if "\t" in line:
            cells = line.split("\t")
            if (len(cells) > MAX_CELLS or any(len(c) > MAX_CELL_CHARS for c in cells[:-1])
                    or len(cells[-1]) > MAX_LAST_CELL_CHARS):
                raise AssertionError(f"{kind}: bad table row {line!r}")
        elif _is_heading(line) and len(line) > MAX_HEADING_CHARS:
            raise AssertionError(f"{kind}: heading too wide {line!r}")


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _dated_letter(g: _G, d: _Doc, when: _dt.date, nomor: str, perihal: str, to: list[str], *,
                  sifat: str | None = None, lampiran: str | None = None,
                  letterhead: list[str] | None = None) -> bool:
    """Letterhead, the Nomor/Sifat/Lampiran/Perihal block and the address; True if dated on top."""
    d.add(letterhead if letterhead is not None else g.letterhead())
    top = g.chance(0.4)
    fields = g.letter_head_fields(nomor, perihal, sifat=sifat, lampiran=lampiran)
    d.add(([g.place_date(when)] if top else []) + fields)
    d.add(to)
    return top


# ===========================================================================
# DIP berkala
# ===========================================================================

_BELANJA = (
    ("Belanja Pegawai", 900_000_000, 2_600_000_000),
    ("Barang Operasional", 350_000_000, 1_300_000_000),
    ("Barang Non-Operasional", 200_000_000, 900_000_000),
    ("Belanja Jasa", 60_000_000, 400_000_000),
    ("Belanja Pemeliharaan", 40_000_000, 260_000_000),
    ("Belanja Perjalanan", 90_000_000, 700_000_000),
    ("Modal Peralatan", 50_000_000, 600_000_000),
    ("Modal Gedung", 100_000_000, 900_000_000),
)


@_kind("laporan_keuangan_ringkas", "DIP", dip_type="berkala",
       title="Laporan realisasi anggaran / laporan keuangan ringkas satker")
def _k_lra(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    period = g.pick(("sem1", "sem2", "tahun"))
    d.add(g.letterhead(secretariat=0.5, contacts=0.4), p=0.6)
    title = g.pick(("LAPORAN REALISASI ANGGARAN", "LAPORAN KEUANGAN RINGKAS", "IKHTISAR REALISASI ANGGARAN",
                    "RINGKASAN LAPORAN KEUANGAN"))
    if period == "sem1":
        per = g.pick((f"Periode 1 Januari s.d. 30 Juni {y}", f"Semester I Tahun Anggaran {y}"))
        ratio, signed = (0.28, 0.58), g.date(y, 7, 7)
    elif period == "sem2":
        per = g.pick((f"Semester II Tahun Anggaran {y}", f"Periode 1 Juli s.d. 31 Desember {y}"))
        ratio, signed = (0.82, 0.99), g.date(y + 1, 1, 2)
    else:
        per = g.pick((f"Tahun Anggaran {y}", f"Untuk Tahun yang Berakhir 31 Desember {y}"))
        ratio, signed = (0.84, 0.99), g.date(y + 1, 1, 3)
    d.add(g.heading(title) + g.heading(f"SEKRETARIAT KPU KABUPATEN {g.kab.name}") + [per]
          + ([f"Nomor : {g.nomor('KU.02', y, 'Lap')}"] if g.chance(0.5) else []))
    rows = [b for b in _BELANJA if g.chance(0.7)] or list(_BELANJA[:3])
    if y in (2019, 2020, 2023, 2024) and g.chance(0.8):
        rows.append(("Tahapan Pemilu" if y in (2019, 2023) else "Hibah Pemilihan",
                     3_000_000_000, 14_000_000_000))
    hdr = g.pick((("Uraian", "Pagu (Rp)", "Realisasi (Rp)"), ("Jenis Belanja", "Anggaran", "Realisasi"),
                  ("Uraian", "Anggaran (Rp)", "Realisasi (Rp)")))
    tab, tp, tr = [], 0, 0
    for name, lo, hi in rows:
        pagu = g.money(lo, hi, 50_000)
        real = int(pagu * g.r.uniform(*ratio)) // 50 * 50
        tp, tr = tp + pagu, tr + real
        tab.append((name, rupiah(pagu), rupiah(real)))
    tab.append(("Jumlah", rupiah(tp), rupiah(tr)))
    d.add(_table(hdr, tab))
    pct = _pct(100 * tr / tp)
    d.add(g.para(
        f"Realisasi belanja sampai dengan akhir periode mencapai Rp {rupiah(tr)} atau {pct} persen "
        f"dari total pagu Rp {rupiah(tp)}.",
        f"Secara keseluruhan penyerapan anggaran sebesar {pct} persen dari pagu yang tersedia.",
        f"Persentase realisasi terhadap pagu sebesar {pct}%. Rincian per akun tersedia pada laporan "
        "lengkap yang dapat diminta melalui PPID.",
    ))
    d.add(g.para(
        "Realisasi belanja modal relatif rendah karena proses pengadaan peralatan baru selesai pada "
        "akhir periode pelaporan.",
        "Sisa anggaran terutama berasal dari efisiensi perjalanan dinas dan belanja barang "
        "operasional kantor.",
        "Penyerapan anggaran tahapan mengikuti jadwal kegiatan yang ditetapkan dalam keputusan KPU.",
        "Tidak terdapat pagu yang diblokir pada periode ini; revisi anggaran dilakukan satu kali.",
    ), opt=True, p=0.8, swap="tail")
    if g.chance(0.5):
        kas, pers, aset = g.money(1_000_000, 90_000_000), g.money(5_000_000, 150_000_000), g.money(
            800_000_000, 6_000_000_000)
        d.add([g.pick(("Posisi neraca ringkas:", "Neraca (ringkas) per akhir periode:")),
               f"- Kas di Bendahara Pengeluaran Rp {rupiah(kas)}",
               f"- Persediaan Rp {rupiah(pers)}",
               f"- Aset Tetap (neto) Rp {rupiah(aset)}"], opt=True, swap="tail")
    d.add(g.para(
        "Laporan ini belum diaudit dan dapat berubah setelah pemeriksaan BPK.",
        "Laporan keuangan ini telah direviu oleh Inspektorat Utama KPU.",
        f"Informasi ini diumumkan secara berkala melalui laman www.{g.domain} dan papan pengumuman kantor.",
    ), opt=True, p=0.6, swap="tail")
    d.add(g.sign(g.pick(("Sekretaris KPU Kabupaten " + g.kab.name, "Kuasa Pengguna Anggaran")),
                 g.official("sekretaris"), signed))
    return d.lines()


_INDIKATOR = (
    ("Partisipasi pemilih", "%", 72, 85),
    ("Kepuasan layanan (IKM)", "", 70, 95),
    ("Ketepatan jadwal", "%", 90, 100),
    ("Layanan info tepat", "%", 85, 100),
    ("Akurasi data pemilih", "%", 95, 100),
    ("Nilai SAKIP satker", "", 60, 80),
    ("Penyerapan anggaran", "%", 85, 99),
    ("Sosialisasi terlaksana", "kali", 8, 30),
    ("Arsip tertata (JRA)", "%", 60, 95),
)


@_kind("laporan_kinerja_lkjip", "DIP", dip_type="berkala",
       title="Laporan kinerja instansi pemerintah (LKjIP), ringkasan eksekutif")
def _k_lkjip(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year(2019, 2024)
    d.add(g.heading(g.pick((
        f"LAPORAN KINERJA TAHUN {y}",
        f"LAPORAN KINERJA INSTANSI PEMERINTAH (LKJIP) {y}",
        f"RINGKASAN EKSEKUTIF LKJIP TAHUN {y}",
    ))) + g.heading(g.pick((f"SEKRETARIAT KPU KABUPATEN {g.kab.name}", f"KPU KABUPATEN {g.kab.name}"))))
    d.add(g.para(
        f"Laporan Kinerja {g.kpu} Tahun {y} disusun sebagai bentuk pertanggungjawaban atas "
        "pelaksanaan tugas dan fungsi serta penggunaan anggaran dalam mencapai sasaran strategis.",
        f"Sebagai wujud akuntabilitas, {g.kpu} menyampaikan capaian kinerja tahun {y} yang diukur "
        "dari indikator kinerja utama sebagaimana tercantum dalam perjanjian kinerja.",
        f"LKjIP ini memuat perbandingan target dan realisasi indikator kinerja utama {g.kpu} "
        f"selama tahun anggaran {y}.",
    ))
    rows = g.sample(_INDIKATOR, g.n(4, 7))
    hdr = g.pick((("Indikator Kinerja", "Target", "Realisasi"), ("Indikator", "Target", "Capaian")))
    tab = []
    for name, unit, lo, hi in rows:
        t = g.n(lo, hi)
        real = max(0, min(100, t + g.n(-6, 4)))
        sep = "" if unit in ("%", "") else " "
        tab.append((name, f"{t}{sep}{unit}", f"{real}{sep}{unit}"))
    d.add(_table(hdr, tab))
    d.add(g.para(
        f"Rata-rata capaian kinerja sebesar {_pct(g.r.uniform(88, 104), 1)} persen dengan realisasi "
        f"anggaran {_pct(g.r.uniform(85, 99))} persen.",
        f"Dari {len(rows)} indikator, {g.n(1, len(rows))} indikator mencapai atau melampaui target.",
    ))
    d.add(["Kendala yang dihadapi:"] + g.items(g.sample((
        "keterbatasan jumlah pegawai di subbagian teknis;",
        "jaringan internet yang belum stabil di beberapa kecamatan;",
        "kondisi geografis yang menyulitkan distribusi logistik;",
        "pergantian badan ad hoc yang cukup sering;",
        "gudang logistik masih berstatus sewa;",
        "keterlambatan pencairan anggaran pada triwulan pertama;",
    ), g.n(2, 3))), opt=True, p=0.8, swap="tail")
    d.add(g.para(
        "Tindak lanjut ke depan adalah memperkuat koordinasi dengan pemerintah daerah dan "
        "meningkatkan kapasitas sumber daya manusia.",
        "Rekomendasi perbaikan akan dituangkan dalam rencana kinerja tahun berikutnya.",
    ), opt=True, p=0.7, swap="tail")
    d.add(g.sign(g.pick(("Sekretaris", f"Sekretaris KPU Kabupaten {g.kab.name}")),
                 g.official("sekretaris"), g.date(y + 1, 1, 3)))
    return d.lines()


@_kind("renstra_ringkas", "DIP", dip_type="berkala", title="Rencana strategis ringkas (visi, misi, sasaran)")
def _k_renstra(g: _G) -> list[str]:
    d = _Doc(g)
    start = g.pick((2020, 2025))
    d.add(g.heading(g.pick(("RENCANA STRATEGIS", "RINGKASAN RENCANA STRATEGIS", "RENSTRA")))
          + g.heading(f"KPU KABUPATEN {g.kab.name}")
          + [f"Tahun {start}-{start + 4}" if g.chance(0.5) else f"TAHUN {start} - {start + 4}"])
    d.add(g.para(
        "Rencana strategis ini merupakan dokumen perencanaan lima tahunan yang menjadi acuan "
        "penyusunan rencana kerja dan anggaran setiap tahun.",
        f"Renstra {g.kpu} disusun dengan mengacu pada Renstra KPU dan memperhatikan kondisi "
        "wilayah serta hasil evaluasi periode sebelumnya.",
    ))
    d.add(["Visi:"] + g.wrap(g.pick((
        "Menjadi penyelenggara pemilihan yang mandiri, profesional, dan berintegritas.",
        "Terwujudnya penyelenggaraan pemilu yang jujur, adil, dan dipercaya masyarakat.",
        "Penyelenggara pemilu yang transparan, akuntabel, dan melayani.",
    ))))
    d.add(["Misi:"] + g.items(g.sample((
        "meningkatkan kualitas data pemilih yang akurat dan mutakhir;",
        "meningkatkan partisipasi dan pendidikan pemilih;",
        "memperkuat tata kelola keuangan dan barang milik negara;",
        "menyelenggarakan layanan informasi publik yang cepat dan mudah;",
        "meningkatkan kapasitas badan ad hoc dan pegawai;",
        "memanfaatkan teknologi informasi dalam setiap tahapan;",
    ), g.n(3, 5)), style="1."))
    rows = []
    for name, unit, lo, hi in g.sample(_INDIKATOR, g.n(3, 5)):
        a = g.n(lo, hi)
        rows.append((name, f"{a}{unit}", f"{min(100, a + g.n(1, 5))}{unit}"))
    d.add(_table((g.pick(("Sasaran/Indikator", "Indikator Sasaran")), f"Target {start}",
                  f"Target {start + 4}"), rows))
    d.add(g.para(
        "Pendanaan renstra bersumber dari APBN dan hibah pemerintah daerah untuk pemilihan.",
        "Capaian renstra dievaluasi setiap tahun melalui laporan kinerja.",
    ), opt=True, p=0.6)
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"), g.date(start, 1, 4), nip=False))
    return d.lines()


@_kind("ringkasan_dipa", "DIP", dip_type="berkala", title="Ringkasan DIPA satuan kerja")
def _k_dipa(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    d.add(g.heading(g.pick(("RINGKASAN DAFTAR ISIAN PELAKSANAAN ANGGARAN", "RINGKASAN DIPA",
                            "PETIKAN DIPA (RINGKAS)"))) + [f"Tahun Anggaran {y}"])
    d.add(g.fields([
        ("Kementerian/Lembaga", "(076) Komisi Pemilihan Umum"),
        ("Satuan Kerja", g.kpu),
        ("Kode Satker", f"{g.n(300000, 699999)}"),
        ("Nomor DIPA", f"DIPA-076.01.2.{g.n(100000, 999999)}/{y}"),
        ("Tanggal", g.fdate(g.date(y - 1, 11, 12))),
    ]))
    acts = g.sample((
        ("Dukungan manajemen", 1_500_000_000, 4_000_000_000),
        ("Tahapan pemilihan", 1_000_000_000, 9_000_000_000),
        ("Pemutakhiran data", 100_000_000, 900_000_000),
        ("Sosialisasi dan parmas", 80_000_000, 600_000_000),
        ("Layanan perkantoran", 500_000_000, 2_000_000_000),
        ("Pengelolaan logistik", 100_000_000, 1_500_000_000),
        ("Sarana dan prasarana", 50_000_000, 800_000_000),
        ("Layanan hukum", 30_000_000, 250_000_000),
    ), g.n(3, 6))
    tab, tot = [], 0
    for name, lo, hi in acts:
        v = g.money(lo, hi, 100_000)
        tot += v
        tab.append((name, g.pick(("RM", "RM", "PNBP")) if g.chance(0.3) else "RM", rupiah(v)))
    tab.append(("Jumlah", "", rupiah(tot)))
    d.add(_table(("Program/Kegiatan", "Sumber", "Pagu (Rp)"), tab))
    d.add(g.para(
        f"Jumlah pagu DIPA sebesar Rp {rupiah(tot)} ({terbilang(tot)} rupiah).",
        f"Total alokasi anggaran tahun {y} sebesar Rp {rupiah(tot)}.",
    ))
    d.add(g.para(
        "Ringkasan ini diumumkan sebagai informasi berkala. Rincian output tersedia pada Petikan DIPA.",
        "DIPA berlaku sebagai dasar pelaksanaan kegiatan dan pencairan dana oleh KPPN.",
        "Perubahan pagu akibat revisi anggaran akan diumumkan kembali.",
    ), opt=True, p=0.7)
    d.add(g.sign("Kuasa Pengguna Anggaran", g.official("sekretaris"), g.date(y, 1, 2)), p=0.8)
    return d.lines()


_PAKET = (
    ("Alat tulis kantor", "E-purchasing", 20_000_000, 150_000_000),
    ("Sewa gudang logistik", "Pengadaan Langsung", 40_000_000, 180_000_000),
    ("Cetak formulir", "Tender", 200_000_000, 1_800_000_000),
    ("Jasa kebersihan", "Pengadaan Langsung", 60_000_000, 190_000_000),
    ("Pemeliharaan gedung", "Pengadaan Langsung", 30_000_000, 190_000_000),
    ("Laptop dan printer", "E-purchasing", 50_000_000, 400_000_000),
    ("Kotak dan bilik suara", "E-purchasing", 100_000_000, 900_000_000),
    ("Distribusi logistik", "Tender", 300_000_000, 1_500_000_000),
    ("Konsumsi rapat", "Pengadaan Langsung", 10_000_000, 120_000_000),
    ("Sewa kendaraan", "Pengadaan Langsung", 20_000_000, 150_000_000),
    ("Bahan sosialisasi", "Pengadaan Langsung", 15_000_000, 190_000_000),
)


@_kind("rencana_umum_pengadaan", "DIP", dip_type="berkala", title="Rencana umum pengadaan (RUP) barang/jasa")
def _k_rup(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    d.add(g.letterhead(secretariat=0.6), p=0.6)
    d.add(g.heading(g.pick(("PENGUMUMAN RENCANA UMUM PENGADAAN", "RENCANA UMUM PENGADAAN BARANG/JASA",
                            "DAFTAR RENCANA UMUM PENGADAAN (RUP)"))) + [f"Tahun Anggaran {y}"])
    d.add(g.para(
        f"Dalam rangka transparansi pengadaan, Sekretariat {g.kpu} mengumumkan rencana umum pengadaan "
        f"barang/jasa tahun anggaran {y} sebagai berikut:",
        f"Berikut rencana pengadaan barang/jasa pada satuan kerja {g.kpu} tahun {y} yang telah "
        "diumumkan melalui SiRUP:",
    ))
    tab, tot = [], 0
    for name, method, lo, hi in g.sample(_PAKET, g.n(5, 9)):
        v = g.money(lo, hi, 500_000)
        tot += v
        tab.append((name, method, rupiah(v)))
    d.add(_table(g.pick((("Nama Paket", "Metode", "Pagu (Rp)"), ("Paket Pekerjaan", "Cara Pengadaan",
                                                                      "Pagu (Rp)"))), tab))
    d.add([f"Jumlah pagu seluruh paket: Rp {rupiah(tot)}"] + g.para(
        "Sumber dana: APBN (Rupiah Murni).", "Sumber dana: DIPA Sekretariat KPU dan hibah pemilihan.",
        "Waktu pemilihan penyedia: triwulan I sampai dengan triwulan III."))
    d.add(g.para(
        "Pengumuman ini bukan merupakan pengumuman lelang. Penyedia yang berminat agar memantau "
        "pengumuman pemilihan pada LPSE.",
        "Rencana pengadaan dapat berubah sesuai revisi anggaran dan kebutuhan tahapan.",
        "Masyarakat dapat menyampaikan masukan atas rencana ini melalui PPID.",
    ), opt=True, p=0.8)
    d.add(g.sign(g.pick(("Pejabat Pembuat Komitmen", "Pengguna Anggaran", "Kuasa Pengguna Anggaran")),
                 g.official("ppk"), g.date(y, 1, 3)))
    return d.lines()


@_kind("laporan_layanan_ppid", "DIP", dip_type="berkala", trap=True,
       title="Laporan layanan informasi publik PPID (tahunan/semester)",
       note="Mentions refusals, 'informasi yang dikecualikan' and Pasal 17, yet is itself public.")
def _k_ppid_report(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year(2019, 2024)
    d.add(g.letterhead(contacts=0.8), p=0.5)
    d.add(g.heading(g.pick((f"LAPORAN LAYANAN INFORMASI PUBLIK TAHUN {y}",
                            f"LAPORAN TAHUNAN PPID TAHUN {y}",
                            "RINGKASAN LAPORAN PELAYANAN INFORMASI PUBLIK")))
          + g.heading(f"PPID KPU KABUPATEN {g.kab.name}"))
    total = g.n(25, 180)
    refused = g.n(1, max(2, total // 8))
    partial = g.n(0, total // 6)
    granted = total - refused - partial
    ref_h = g.n(0, refused)
    d.add(g.para(
        f"Selama tahun {y} PPID {g.kpu} menerima {total} permohonan informasi publik, diajukan "
        "secara langsung, melalui surat, surel, maupun formulir daring.",
        f"Jumlah permohonan informasi yang diterima sepanjang {y} sebanyak {total} permohonan.",
    ))
    d.add(_table(("Status Permohonan", "Jumlah", "Persentase"), [
        ("Dipenuhi seluruhnya", str(granted), _pct(100 * granted / total, 1) + "%"),
        ("Dipenuhi sebagian", str(partial), _pct(100 * partial / total, 1) + "%"),
        ("Ditolak", str(refused), _pct(100 * refused / total, 1) + "%"),
    ]))
    d.add(g.para(
        f"Penolakan sebanyak {refused} permohonan didasarkan pada alasan informasi yang dikecualikan "
        f"menurut Pasal 17 UU Nomor 14 Tahun 2008 ({ref_h} permohonan terkait data pribadi sebagaimana "
        f"huruf h) dan informasi yang belum dikuasai ({refused - ref_h} permohonan).",
        f"Dari permohonan yang ditolak, {ref_h} menyangkut informasi yang dikecualikan berdasarkan "
        "hasil uji konsekuensi, antara lain salinan dokumen yang memuat NIK lengkap dan rekening.",
        f"Permohonan yang dipenuhi sebagian umumnya karena dokumen memuat informasi yang dikecualikan "
        f"sehingga diberikan setelah dihitamkan. Penolakan: {refused} permohonan.",
    ))
    d.add(g.fields([
        ("Rata-rata waktu layanan", f"{g.n(2, 9)} hari kerja"),
        ("Keberatan yang diajukan", f"{g.n(0, 6)} keberatan"),
        ("Sengketa di Komisi Informasi", f"{g.n(0, 2)} perkara"),
    ]), swap="body")
    d.add(g.para(
        "Informasi yang paling banyak diminta adalah data hasil pemilihan, salinan keputusan, dan "
        "daftar calon tetap.",
        "Pemohon terbanyak berasal dari kalangan mahasiswa, peneliti, dan lembaga swadaya masyarakat.",
    ), opt=True, p=0.8, swap="body")
    d.add(g.para(
        f"Layanan informasi dapat diakses di meja PPID kantor {g.kpu}, telepon {g.office_phone}, "
        f"atau surel {g.email('ppid')}.",
        f"Permohonan dapat disampaikan melalui {g.email('ppid')} pada hari dan jam kerja.",
    ), opt=True, p=0.7)
    d.add(g.sign(g.pick(("PPID KPU Kabupaten " + g.kab.name, "Pejabat Pengelola Informasi dan Dokumentasi")),
                 g.official("sekretaris"), g.date(y + 1, 1, 2)))
    return d.lines()


_TAHAPAN_PEMILU = (
    ("Perencanaan program", -610, -560), ("Pendaftaran parpol", -560, -480),
    ("Pemutakhiran data", -430, -270), ("Penetapan dapil", -420, -360),
    ("Pencalonan DPRD kab.", -290, -150), ("Penetapan DCT", -140, -138),
    ("Masa kampanye", -75, -4), ("Masa tenang", -3, -1), ("Pemungutan suara", 0, 0),
    ("Penghitungan suara", 0, 1), ("Rekapitulasi hasil", 1, 35), ("Penetapan hasil", 36, 60),
)
_TAHAPAN_PILKADA = (
    ("Pembentukan PPK/PPS", -250, -190), ("Pemutakhiran data", -180, -70),
    ("Pengumuman syarat", -100, -95), ("Pendaftaran paslon", -95, -92),
    ("Penelitian persyaratan", -92, -65), ("Penetapan paslon", -64, -64),
    ("Pengundian nomor urut", -63, -63), ("Masa kampanye", -62, -4), ("Masa tenang", -3, -1),
    ("Pemungutan suara", 0, 0), ("Rekapitulasi kecamatan", 1, 6), ("Rekapitulasi kabupaten", 6, 10),
    ("Penetapan terpilih", 20, 40),
)


@_kind("tahapan_jadwal_pemilihan", "DIP", dip_type="berkala", title="Tahapan, program dan jadwal pemilihan")
def _k_tahapan(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=650)
    d.add(g.letterhead(contacts=0.4), p=0.5)
    d.add(g.heading(g.pick(("TAHAPAN, PROGRAM, DAN JADWAL", "JADWAL TAHAPAN", "PENGUMUMAN TAHAPAN DAN JADWAL")))
          + g.heading(e.name))
    d.add(g.para(
        f"Berikut disampaikan tahapan dan jadwal penyelenggaraan {e.name} di wilayah Kabupaten "
        f"{g.kab.name} untuk diketahui masyarakat dan peserta.",
        f"{g.kpu} mengumumkan tahapan {e.short} sebagai pedoman bagi penyelenggara, peserta, "
        "pemantau, dan pemilih.",
        f"Jadwal berikut mengacu pada peraturan KPU tentang tahapan {e.short} dan dapat berubah "
        "apabila terdapat perubahan ketentuan.",
    ))
    steps = _TAHAPAN_PEMILU if e.kind == "pemilu" else _TAHAPAN_PILKADA
    chosen = [s for s in steps if s[0] in ("Pemungutan suara",) or g.chance(0.75)]
    rows = []
    style = g.r.randrange(3)

    def fmt(x: _dt.date) -> str:
        if style == 0:
            return f"{x.day:02d}-{x.month:02d}-{x.year}"
        if style == 1:
            return f"{x.day:02d}/{x.month:02d}/{x.year}"
        return f"{x.day} {_MONTHS[x.month - 1][:3]} {x.year}"

    for name, a, b in chosen:
        rows.append((name, fmt(e.vote + _dt.timedelta(days=a)), fmt(e.vote + _dt.timedelta(days=b))))
    d.add(_table(g.pick((("Tahapan", "Mulai", "Selesai"), ("Kegiatan", "Awal", "Akhir"))), rows))
    d.add(g.para(
        f"Hari pemungutan suara: {g.hari(e.vote)}, {_fmt_date(e.vote)}. Pemilih dapat memeriksa "
        "namanya dalam daftar pemilih melalui PPS di desa masing-masing.",
        f"Pemungutan suara dilaksanakan serentak pada {g.hari(e.vote)}, {_fmt_date(e.vote)}, "
        "pukul 07.00 sampai dengan 13.00 waktu setempat.",
    ), swap="tail")
    d.add(g.para(
        f"Informasi lebih lanjut dapat diperoleh di kantor {g.kpu}, telepon {g.office_phone}.",
        f"Pertanyaan seputar jadwal dapat disampaikan melalui {g.email('ppid')}.",
    ), opt=True, p=0.6, swap="tail")
    first = min(a for _, a, _ in chosen)
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"),
                 e.vote + _dt.timedelta(days=first - g.n(10, 40)), nip=False))
    return d.lines()


@_kind("rekap_dpt_kecamatan", "DIP", dip_type="berkala", trap=True,
       title="Rekapitulasi daftar pemilih tetap per kecamatan",
       note="Talks about NIK, disabilitas and data pribadi, but is an aggregate (or masked) and public.")
def _k_rekap_dpt(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=150)
    d.add(g.letterhead(contacts=0.5), p=0.6)
    d.add(g.heading(g.pick(("REKAPITULASI DAFTAR PEMILIH TETAP", "REKAPITULASI DPT TINGKAT KABUPATEN",
                            "REKAP DAFTAR PEMILIH TETAP PER KECAMATAN"))) + g.heading(e.name))
    if g.chance(0.5):
        d.add([f"Nomor : {g.nomor('PL.02.1', e.year, 'BA')}"])
    kecs = g.kecamatans(g.n(6, 14))
    rows, tl, tp = [], 0, 0
    for k in kecs:
        male = g.n(4000, 21000)
        fem = int(male * g.r.uniform(0.95, 1.07))
        tl, tp = tl + male, tp + fem
        rows.append((k, rupiah(male), rupiah(fem)))
    rows.append(("Jumlah", rupiah(tl), rupiah(tp)))
    d.add(_table(("Kecamatan", "Laki-laki", "Perempuan"), rows))
    tps = (tl + tp) // g.n(220, 290)
    d.add(g.fields([("Total pemilih", f"{rupiah(tl + tp)} orang"), ("Jumlah TPS", rupiah(tps)),
                    ("Pemilih disabilitas", f"{rupiah(g.n(400, 2600))} orang")]), swap="tail")
    d.add(g.para(
        "Sesuai ketentuan pelindungan data pribadi, salinan DPT yang diumumkan hanya memuat NIK dan "
        f"nomor KK yang disamarkan, misalnya {g.person().nik_masked}.",
        "Data pemilih disabilitas disajikan dalam bentuk jumlah tanpa identitas perorangan.",
        "NIK pemilih tidak ditampilkan secara utuh; enam digit tanggal lahir diganti tanda bintang.",
        "Rincian DPT per desa dan TPS dapat dilihat di kantor PPS masing-masing.",
    ), opt=True, p=0.85, swap="tail")
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"),
                 e.vote - _dt.timedelta(days=g.n(60, 150)), nip=False))
    return d.lines()


@_kind("pengumuman_dps_tersamar", "DIP", dip_type="berkala", trap=True,
       title="Pengumuman daftar pemilih sementara di desa (NIK tersamar)",
       note="A list of named voters with NIKs, but masked: what KPU publishes for public response.")
def _k_dps(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=160)
    kec, _ = g.kecamatan()
    desa = g.desa()
    tps = g.n(1, 14)
    d.add(g.heading(g.pick(("PENGUMUMAN DAFTAR PEMILIH SEMENTARA", "DAFTAR PEMILIH SEMENTARA (DPS)",
                            "PENGUMUMAN DPS UNTUK TANGGAPAN MASYARAKAT"))) + g.heading(e.name))
    d.add(g.fields([("Kabupaten", g.kab.name), ("Kecamatan", kec), ("Desa", desa), ("TPS", f"{tps:03d}")]))
    rows = []
    mask = g.r.randrange(3)
    with_age = g.chance(0.5)
    for _ in range(g.n(8, 15)):
        p = g.person(ref=e.year, age=(17, 80))
        nik = p.nik_masked if mask == 0 else (p.nik[:4] + "********" + p.nik[12:] if mask == 1
                                               else p.nik[:6] + "XXXXXX" + p.nik[12:])
        jk = f"{p.sex} / {e.year - p.born.year}" if with_age else p.sex
        rows.append((_cell(p.bare), nik, jk))
    hdr = ("Nama", g.pick(("NIK", "NIK (disamarkan)")), "L/P / Usia" if with_age else "L/P")
    d.add(_table(hdr, rows))
    start = e.vote - _dt.timedelta(days=g.n(110, 160))
    d.add(g.para(
        f"Masyarakat dapat memberikan tanggapan dan masukan atas DPS ini kepada PPS Desa {desa} mulai "
        f"{_fmt_date(start)} sampai dengan {_fmt_date(start + _dt.timedelta(days=10))}.",
        f"Apabila terdapat pemilih yang belum terdaftar, sudah meninggal, atau pindah domisili, "
        f"harap melapor ke PPS Desa {desa} atau melalui laman cekdptonline.",
        "Tanggapan masyarakat dapat disampaikan langsung kepada PPS dengan membawa KTP-el atau KK.",
    ))
    d.add(g.para("Untuk pelindungan data pribadi, NIK pemilih ditampilkan sebagian.",
                 "Data pribadi pemilih disamarkan sesuai ketentuan."), opt=True, p=0.5)
    d.add(g.sign(f"Ketua PPS Desa {desa}", g.name(), start, nip=False))
    return d.lines()


@_kind("pengumuman_hasil_rekapitulasi", "DIP", dip_type="berkala",
       title="Pengumuman hasil rekapitulasi perolehan suara")
def _k_hasil(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    d.add(g.letterhead(contacts=0.4), opt=True)
    when = e.vote + _dt.timedelta(days=g.n(5, 20))
    d.add(g.heading("PENGUMUMAN") + [f"Nomor : {g.nomor('PL.01.8', e.year, 'Pu')}"] + g.heading("TENTANG")
          + g.heading(g.pick(("HASIL REKAPITULASI PEROLEHAN SUARA", "HASIL PENGHITUNGAN SUARA TINGKAT KABUPATEN")))
          + g.heading(e.name))
    dpt = g.n(120_000, 480_000)
    used = int(dpt * g.r.uniform(0.68, 0.86))
    bad = int(used * g.r.uniform(0.015, 0.05))
    valid = used - bad
    d.add(g.para(
        f"Berdasarkan rapat pleno terbuka rekapitulasi hasil penghitungan suara tingkat kabupaten "
        f"tanggal {_fmt_date(when)}, {g.kpu} mengumumkan hasil sebagai berikut:",
        f"{g.kpu} mengumumkan hasil rekapitulasi penghitungan perolehan suara {e.short} di "
        f"Kabupaten {g.kab.name}:",
    ))
    rows, left = [], valid
    if e.kind == "pilkada":
        n = g.n(2, 4)
        for i in range(n):
            v = left if i == n - 1 else int(left * g.r.uniform(0.25, 0.6))
            left -= v
            a, b = g.bare_name("L"), g.bare_name(g.pick("LP"))
            pair = f"{i + 1}. {a.split()[0]}-{b.split()[0]}"
            rows.append((pair if len(pair) <= MAX_CELL_CHARS else f"Paslon {i + 1}", rupiah(v),
                         _pct(100 * v / valid) + "%"))
        hdr = ("Pasangan Calon", "Suara", "Persentase")
    else:
        n = g.n(6, 12)
        for i in range(n):
            v = left if i == n - 1 else int(left * g.r.uniform(0.06, 0.25))
            left -= v
            rows.append((f"Parpol No. Urut {i + 1}", rupiah(v), _pct(100 * v / valid) + "%"))
        hdr = ("Peserta", "Suara Sah", "Persentase")
    d.add(_table(hdr, rows))
    d.add(g.fields([("Jumlah pemilih DPT", rupiah(dpt)), ("Pengguna hak pilih", rupiah(used)),
                    ("Suara sah", rupiah(valid)), ("Suara tidak sah", rupiah(bad))]))
    d.add(g.para(
        "Pengumuman ini disampaikan untuk diketahui oleh masyarakat luas.",
        "Salinan berita acara dan sertifikat rekapitulasi dapat diperoleh melalui PPID.",
        "Peserta yang keberatan dapat menempuh upaya hukum sesuai peraturan perundang-undangan.",
    ), opt=True, p=0.8)
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"), when, nip=False))
    return d.lines()


@_kind("laporan_dana_kampanye_publik", "DIP", dip_type="berkala", trap=True,
       title="Pengumuman ringkasan laporan dana kampanye (hasil audit)",
       note="Shows amounts, a donor count and the campaign account number, all public by law.")
def _k_danakampanye(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election((2020, 2024))
    d.add(g.letterhead(), p=0.7)
    d.add(g.heading(g.pick(("PENGUMUMAN HASIL AUDIT LAPORAN DANA KAMPANYE", "RINGKASAN LAPORAN DANA KAMPANYE",
                            "LAPORAN PENERIMAAN DAN PENGELUARAN DANA KAMPANYE"))) + g.heading(e.name))
    a, b = g.bare_name("L"), g.bare_name(g.pick("LP"))
    peserta = (f"Pasangan Calon Nomor Urut {g.n(1, 4)}: {a} dan {b}" if e.kind == "pilkada"
               else f"Partai Politik Peserta Pemilu Nomor Urut {g.n(1, 18)}")
    d.add(g.wrap(peserta))
    rows, tot = [], 0
    for src, lo, hi in g.sample((("Dana pasangan calon", 50_000_000, 900_000_000),
                                 ("Partai pengusul", 10_000_000, 500_000_000),
                                 ("Sumbangan perseorangan", 5_000_000, 300_000_000),
                                 ("Sumbangan kelompok", 0, 150_000_000),
                                 ("Sumbangan badan usaha", 0, 400_000_000)), g.n(3, 5)):
        v = g.money(lo, hi, 100_000)
        tot += v
        rows.append((src, rupiah(v)))
    out = int(tot * g.r.uniform(0.8, 1.0)) // 1000 * 1000
    d.add(_table(("Sumber Penerimaan", "Jumlah (Rp)"), rows + [("Total penerimaan", rupiah(tot)),
                                                             ("Total pengeluaran", rupiah(out))]))
    if g.chance(0.7):
        bank, acc = g.account()
        d.add(g.wrap(f"Rekening khusus dana kampanye: {bank} nomor {acc} atas nama peserta."))
    d.add(g.para(
        f"Kantor Akuntan Publik yang ditunjuk menyatakan peserta patuh terhadap ketentuan dana "
        f"kampanye. Jumlah penyumbang perseorangan sebanyak {g.n(3, 80)} orang.",
        "Hasil audit menyatakan laporan dana kampanye telah disusun sesuai ketentuan; tidak ditemukan "
        "sumbangan yang melebihi batas.",
        "Laporan penerimaan dan pengeluaran disampaikan tepat waktu dan telah diaudit oleh kantor "
        "akuntan publik.",
    ))
    d.add(g.para("Pengumuman ini disampaikan sesuai ketentuan keterbukaan dana kampanye.",
                 "Masyarakat dapat memperoleh salinan laporan melalui PPID."), opt=True, p=0.6)
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"),
                 e.vote + _dt.timedelta(days=g.n(15, 40)), nip=False))
    return d.lines()


@_kind("profil_kpu", "DIP", dip_type="berkala", title="Profil KPU kabupaten (alamat, struktur, wilayah)")
def _k_profil(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    d.add(g.heading(g.pick((f"PROFIL KPU KABUPATEN {g.kab.name}", "PROFIL SINGKAT",
                            f"PROFIL KOMISI PEMILIHAN UMUM KABUPATEN {g.kab.name}"))) + [f"Tahun {y}"])
    d.add(g.fields([("Alamat", f"{g.street}, {g.kab.city} {g.postcode}"), ("Telepon", g.office_phone),
                    ("Surel", g.email(g.pick(("kpu", "sekretariat", "ppid")))), ("Laman", f"www.{g.domain}")]))
    d.add(g.para(
        f"{g.kpu_long} merupakan penyelenggara pemilu di tingkat kabupaten yang bersifat nasional, "
        "tetap, dan mandiri, dengan sekretariat sebagai unsur pendukung.",
        f"{g.kpu} dibentuk berdasarkan undang-undang pemilu dan bertugas melaksanakan tahapan "
        "pemilihan di wilayah kabupaten.",
    ))
    divs = g.sample(("Ketua", "Divisi Teknis Penyelenggaraan", "Divisi Hukum dan Pengawasan",
                     "Divisi Perencanaan, Data, dan Informasi", "Divisi Sosdiklih, Parmas, dan SDM"), 5)
    divs.remove("Ketua")
    rows = [(g.official("ketua").bare, "Ketua", "")]
    rows += [(g.bare_name(g.pick("LP")), "Anggota", "") for _ in divs]
    d.add(["Anggota KPU:"] + [f"{i + 1}. {n} - {r if r == 'Ketua' else 'Anggota, ' + v}"[:MAX_CHARS]
                              for i, ((n, r, _), v) in enumerate(zip(rows, ["Ketua"] + divs))])
    d.add(g.fields([("Sekretaris", g.official("sekretaris").name),
                    ("Jumlah pegawai", f"{g.n(14, 30)} orang ({g.n(8, 20)} PNS)"),
                    ("Wilayah kerja", f"{g.n(18, 24)} kecamatan, {g.n(250, 380)} desa/kelurahan")]))
    d.add(g.para(
        "Layanan informasi publik dibuka pada hari Senin sampai Jumat pukul 08.00-16.00.",
        "Masyarakat dapat berkunjung ke rumah pintar pemilu di kantor KPU pada jam kerja.",
    ), opt=True, p=0.7)
    return d.lines()


@_kind("laporan_partisipasi_pemilih", "DIP", dip_type="berkala",
       title="Laporan evaluasi partisipasi pemilih per kecamatan")
def _k_partisipasi(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    d.add(g.letterhead(contacts=0.3), p=0.5)
    d.add(g.heading(g.pick(("LAPORAN PARTISIPASI PEMILIH", "EVALUASI TINGKAT PARTISIPASI PEMILIH",
                            "RINGKASAN HASIL EVALUASI PARTISIPASI"))) + g.heading(e.name))
    d.add(g.para(
        f"Tingkat partisipasi pemilih pada {e.short} di Kabupaten {g.kab.name} diukur dari jumlah "
        "pengguna hak pilih dibandingkan jumlah pemilih dalam DPT, DPTb, dan DPK.",
        f"Laporan ini menyajikan capaian partisipasi pemilih {e.short} sebagai bahan evaluasi "
        "program sosialisasi dan pendidikan pemilih.",
    ))
    rows = []
    for k in g.kecamatans(g.n(6, 12)):
        rows.append((k, rupiah(g.n(6000, 40000)), _pct(g.r.uniform(62, 91), 1) + "%"))
    d.add(_table(("Kecamatan", "Pemilih", "Partisipasi"), rows))
    d.add(g.para(
        f"Partisipasi tertinggi terdapat di Kecamatan {rows[0][0]}, sedangkan yang terendah di "
        f"Kecamatan {rows[-1][0]} karena banyak pemilih bekerja di luar daerah.",
        "Rendahnya partisipasi di beberapa wilayah dipengaruhi jarak TPS, cuaca, dan musim panen.",
    ))
    d.add(["Rekomendasi:"] + g.items(g.sample((
        "memperluas sosialisasi kepada pemilih pemula dan pemilih perantau;",
        "bekerja sama dengan perguruan tinggi untuk riset perilaku memilih;",
        "menambah TPS di wilayah dengan jarak tempuh jauh;",
        "meningkatkan layanan bagi pemilih disabilitas dan lanjut usia;",
    ), g.n(2, 3))), opt=True)
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"),
                 e.vote + _dt.timedelta(days=g.n(40, 150)), nip=False), p=0.8)
    return d.lines()


# ===========================================================================
# DIP serta merta
# ===========================================================================


@_kind("pengumuman_pemungutan_susulan", "DIP", dip_type="serta_merta",
       title="Pengumuman pemungutan suara susulan/lanjutan/ulang karena bencana")
def _k_psu(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    jenis = g.pick(("Susulan", "Lanjutan", "Ulang"))
    cause = g.pick(("banjir", "banjir bandang", "tanah longsor", "luapan Sungai Lematang", "angin puting beliung"))
    d.add(g.letterhead(contacts=0.7))
    d.add(g.heading(g.pick(("PENGUMUMAN", "PENGUMUMAN SEGERA", "PEMBERITAHUAN KEPADA MASYARAKAT")))
          + [f"Nomor : {g.nomor('PL.01.4', e.year, 'Pu')}"]
          + g.heading(f"PEMUNGUTAN SUARA {jenis} {e.short}"))
    kec, _ = g.kecamatan()
    tps = sorted(g.r.sample(range(1, 18), g.n(1, 4)))
    desa = g.desa()
    new = e.vote + _dt.timedelta(days=g.n(2, 9))
    d.add(g.para(
        f"Sehubungan dengan terjadinya {cause} yang melanda Desa {desa} Kecamatan {kec} pada hari "
        f"pemungutan suara, pemungutan suara di TPS {', '.join(f'{t:03d}' for t in tps)} tidak dapat "
        "dilaksanakan sebagaimana mestinya.",
        f"Akibat {cause} pada {g.hari(e.vote)}, {_fmt_date(e.vote)}, sejumlah TPS di Desa {desa} "
        f"Kecamatan {kec} terendam dan logistik pemilihan rusak sehingga pemungutan suara terhenti.",
        f"Bencana {cause} di wilayah Kecamatan {kec} menyebabkan TPS di Desa {desa} tidak dapat "
        "digunakan dan pemilih tidak dapat menjangkau lokasi pemungutan suara.",
    ))
    d.add(g.para(
        f"Berdasarkan rekomendasi Panwaslu Kecamatan dan hasil rapat pleno, {g.kpu} menetapkan "
        f"pemungutan suara {jenis.lower()} pada {g.hari(new)}, {_fmt_date(new)}, pukul 07.00 sampai "
        "13.00 WIB.",
        f"Pemungutan suara {jenis.lower()} akan dilaksanakan pada {g.hari(new)}, {_fmt_date(new)} di "
        f"lokasi yang aman dari genangan, yaitu "
        f"{g.pick(('balai desa', 'gedung SD negeri', 'masjid', 'pos ronda'))} Desa {desa}.",
    ))
    d.add(["Pemilih diminta untuk:"] + g.items(g.sample((
        "membawa formulir pemberitahuan (C-Pemberitahuan) dan KTP-el;",
        "mengutamakan keselamatan dan mengikuti arahan petugas BPBD;",
        "tidak mendatangi lokasi TPS lama yang masih tergenang;",
        "memastikan anggota keluarga lanjut usia didampingi;",
        "memantau informasi resmi dari KPU dan pemerintah desa;",
    ), g.n(2, 4))), swap="tail")
    d.add(g.para(
        f"Informasi dan pengaduan: posko KPU telepon {g.office_phone}.",
        f"Posko pemilihan dapat dihubungi di {g.office_phone} atau {g.email('info')}.",
    ), opt=True, p=0.7, swap="tail")
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"), e.vote + _dt.timedelta(days=1),
                 nip=False))
    return d.lines()


@_kind("pemberitahuan_darurat_gudang", "DIP", dip_type="serta_merta",
       title="Pemberitahuan keadaan darurat (kebakaran) di gudang logistik")
def _k_gudang(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.pick((2019, 2020, 2023, 2024, 2024))
    when = g.date(y, 1, 11)
    hour = f"{g.n(0, 23):02d}.{g.pick(('00', '15', '30', '45', '10', '20'))}"
    d.add(g.letterhead(contacts=0.8))
    d.add(g.heading(g.pick(("PEMBERITAHUAN KEADAAN DARURAT", "INFORMASI SERTA MERTA",
                            "PENGUMUMAN KEADAAN DARURAT GUDANG LOGISTIK"))))
    place = g.pick((f"gudang logistik {g.kpu} di {g.pick(g.kab.streets)}",
                    f"gudang penyimpanan logistik pemilihan di Kecamatan {g.kecamatan()[0]}",
                    f"bangunan di sebelah gudang logistik {g.kpu}"))
    fire = g.pick(("kebakaran", "kebakaran hebat", "api yang diduga berasal dari korsleting listrik"))
    d.add(g.para(
        f"Pada {g.hari(when)}, {_fmt_date(when)} sekitar pukul {hour} WIB telah terjadi {fire} di "
        f"{place}. Petugas pemadam kebakaran masih berada di lokasi.",
        f"Diberitahukan kepada masyarakat bahwa sejak pukul {hour} WIB hari ini terjadi {fire} di "
        f"{place}.",
    ))
    d.add(["Untuk keselamatan bersama, masyarakat diminta:"] + g.items(g.sample((
        f"menjauhi radius {g.pick(('100', '200', '300'))} meter dari lokasi kejadian;",
        "tidak melintas di jalan sekitar gudang yang ditutup sementara;",
        "tidak mendekat untuk mengambil gambar atau video;",
        "mengikuti arahan petugas pemadam kebakaran dan kepolisian;",
        "waspada terhadap asap tebal, terutama anak-anak dan lansia;",
        "segera melapor jika melihat titik api baru di permukiman;",
    ), g.n(3, 4))), swap="body")
    d.add(g.para(
        "Tidak terdapat korban jiwa. Sebagian logistik yang tersimpan sedang didata oleh petugas.",
        "Logistik yang terdampak akan didata dan kebutuhan penggantian dilaporkan kepada KPU Provinsi.",
        "Surat suara dan kotak suara yang belum terbakar telah dipindahkan ke tempat yang aman.",
    ), swap="body")
    d.add(g.para(
        f"Keterangan lebih lanjut akan disampaikan kembali. Posko: {g.office_phone}.",
        "Perkembangan penanganan akan diumumkan melalui laman dan media sosial resmi KPU.",
        "Nomor darurat pemadam kebakaran 113 dan BPBD dapat dihubungi setiap saat.",
    ), opt=True, p=0.8)
    d.add(g.sign(g.pick((f"Ketua KPU Kabupaten {g.kab.name}", f"Sekretaris KPU Kabupaten {g.kab.name}")),
                 g.official("ketua"), when, nip=False))
    return d.lines()


@_kind("protokol_kesehatan_wabah", "DIP", dip_type="serta_merta",
       title="Protokol kesehatan di TPS saat wabah / kabut asap")
def _k_prokes(g: _G) -> list[str]:
    d = _Doc(g)
    kind = g.pick(("covid", "asap", "dbd"))
    if kind == "covid":
        y, what = g.pick((2020, 2020, 2021)), "pandemi Corona Virus Disease 2019 (COVID-19)"
    elif kind == "asap":
        y, what = g.pick((2019, 2023)), "kabut asap akibat kebakaran hutan dan lahan"
    else:
        y, what = g.pick((2019, 2024)), "kejadian luar biasa demam berdarah dengue"
    d.add(g.letterhead())
    d.add(g.heading(g.pick(("PENGUMUMAN", "SURAT EDARAN", "PEMBERITAHUAN")))
          + [f"Nomor : {g.nomor('PL.01', y, 'SE')}"]
          + g.heading(g.pick(("PROTOKOL KESEHATAN DI TEMPAT PEMUNGUTAN SUARA",
                              "PENCEGAHAN PENULARAN PENYAKIT PADA TAHAPAN PEMILIHAN",
                              "LANGKAH PERLINDUNGAN KESEHATAN PEMILIH DAN PETUGAS"))))
    d.add(g.para(
        f"Memperhatikan meningkatnya {what} di wilayah Kabupaten {g.kab.name} yang dapat mengancam "
        "keselamatan banyak orang, dengan ini disampaikan ketentuan berikut:",
        f"Dalam situasi {what}, {g.kpu} menetapkan langkah perlindungan kesehatan yang berlaku "
        "segera bagi pemilih, petugas, dan peserta pemilihan:",
    ))
    pool = {
        "covid": ("pemilih wajib memakai masker dan mencuci tangan sebelum masuk TPS;",
                  "petugas KPPS memeriksa suhu tubuh setiap pemilih;",
                  "pemilih bersuhu 37,3 derajat atau lebih diarahkan ke bilik khusus;",
                  "jarak antarpemilih di area antrean paling sedikit satu meter;",
                  "pemilih membawa alat tulis sendiri untuk tanda tangan daftar hadir;",
                  "kedatangan pemilih diatur sesuai jam pada surat pemberitahuan;"),
        "asap": ("pemilih dan petugas dianjurkan memakai masker;",
                 "TPS didirikan di ruang tertutup bila kualitas udara tidak sehat;",
                 "kegiatan kampanye di lapangan terbuka ditunda;",
                 "petugas menyediakan air minum dan obat tetes mata;",
                 "warga dengan gangguan pernapasan didahulukan saat memilih;"),
        "dbd": ("lokasi TPS dibersihkan dari genangan air sehari sebelumnya;",
                "petugas KPPS yang demam segera memeriksakan diri;",
                "penyemprotan dilakukan bersama puskesmas di TPS rawan;",
                "pemilih dianjurkan memakai pakaian tertutup dan lotion anti nyamuk;"),
    }[kind]
    d.add(g.items(g.sample(pool, min(len(pool), g.n(3, 5))), style=g.pick(("1.", "a."))))
    d.add(g.para(
        "Ketentuan ini berlaku sejak tanggal diumumkan sampai dengan keadaan dinyatakan pulih oleh "
        "pemerintah daerah.",
        "PPK dan PPS diminta segera meneruskan pengumuman ini kepada KPPS dan masyarakat.",
        "Koordinasi dilakukan dengan dinas kesehatan dan satuan tugas penanganan di daerah.",
    ))
    d.add(g.para(f"Informasi: {g.office_phone}.", f"Posko informasi: {g.email('info')}."), opt=True, p=0.5)
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"), g.date(y, 3, 11), nip=False))
    return d.lines()


@_kind("peringatan_cuaca_logistik", "DIP", dip_type="serta_merta",
       title="Peringatan dini cuaca ekstrem untuk distribusi logistik")
def _k_cuaca(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    when = e.vote - _dt.timedelta(days=g.n(2, 9))
    d.add(g.letterhead(contacts=0.6))
    top = g.chance(0.5)
    d.add(g.heading(g.pick(("PERINGATAN DINI CUACA EKSTREM", "PEMBERITAHUAN SEGERA",
                            "PENGUMUMAN KEWASPADAAN CUACA EKSTREM")))
          + ([f"Nomor : {g.nomor('PL.01.3', e.year, 'Pu')}"] if top else []))
    d.add(g.para(
        f"Berdasarkan prakiraan BMKG, wilayah Kabupaten {g.kab.name} berpotensi mengalami hujan lebat "
        f"disertai angin kencang pada {_fmt_date(when)} sampai {_fmt_date(when + _dt.timedelta(days=g.n(3, 6)))}, "
        "bertepatan dengan distribusi logistik ke TPS.",
        f"Peringatan dini cuaca dari BMKG menunjukkan potensi hujan sangat lebat, banjir, dan longsor "
        f"di sejumlah kecamatan menjelang {e.short}.",
    ))
    kecs = g.kecamatans(g.n(2, 4))
    d.add(g.para(
        f"Jalur rawan: Kecamatan {', '.join(kecs)}. Jalan menuju beberapa desa dapat terputus.",
        f"Ruas jalan menuju Kecamatan {kecs[0]} dan {kecs[-1]} rawan longsor dan pohon tumbang.",
    ))
    d.add(["Langkah yang diambil:"] + g.items(g.sample((
        "distribusi logistik ke wilayah rawan dimajukan satu hari;",
        "kotak suara dibungkus plastik dan disimpan di tempat tinggi;",
        "kendaraan pengangkut dikawal aparat dan didampingi PPK;",
        "pengguna jalan diminta berhati-hati di jalur distribusi;",
        "masyarakat di bantaran sungai diminta waspada dan siap mengungsi;",
        "pemilih dapat memantau perubahan lokasi TPS melalui PPS;",
    ), g.n(3, 4))))
    d.add(g.para(
        f"Laporan kejadian dapat disampaikan ke posko logistik {g.office_phone}.",
        "Pengumuman ini berlaku segera dan akan diperbarui sesuai perkembangan cuaca.",
    ), opt=True, p=0.7)
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"), when, nip=False))
    return d.lines()


@_kind("pemindahan_tps_darurat", "DIP", dip_type="serta_merta",
       title="Pengumuman pemindahan lokasi TPS karena longsor / jembatan putus")
def _k_pindah_tps(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    when = e.vote - _dt.timedelta(days=g.n(0, 3))
    kec, _ = g.kecamatan()
    d.add(g.letterhead(contacts=0.5), p=0.8)
    d.add(g.heading(g.pick(("PENGUMUMAN PEMINDAHAN LOKASI TPS", "PEMBERITAHUAN PERUBAHAN LOKASI TPS",
                            "PENGUMUMAN SEGERA"))))
    cause = g.pick(("tanah longsor", "putusnya jembatan gantung", "banjir yang merendam lokasi",
                    "robohnya bangunan akibat angin kencang"))
    d.add(g.para(
        f"Sehubungan dengan {cause} di Kecamatan {kec}, lokasi TPS berikut dipindahkan demi "
        "keselamatan pemilih dan petugas:",
        f"Diberitahukan kepada pemilih di Kecamatan {kec} bahwa akibat {cause}, beberapa TPS "
        "dipindahkan ke lokasi baru:",
    ))
    rows = []
    for _ in range(g.n(2, 5)):
        desa = g.desa()
        rows.append((_cell(f"TPS {g.n(1, 15):03d} {desa}"), g.pick(("SD Negeri", "Balai desa", "Masjid",
                                                                            "Rumah warga", "Posyandu")),
                     g.pick(("Balai desa", "Gedung PKK", "SMP Negeri", "Lapangan voli", "Kantor camat",
                             "Musala"))))
    d.add(_table(("TPS / Desa", "Lokasi Lama", "Lokasi Baru"), rows))
    d.add(g.para(
        f"Pemungutan suara tetap dilaksanakan {g.hari(e.vote)}, {_fmt_date(e.vote)} pukul 07.00-13.00.",
        "Waktu pemungutan suara tidak berubah. Pemilih tidak perlu membawa dokumen tambahan.",
    ))
    d.add(g.para(
        "Masyarakat diminta tidak melintasi lokasi longsor dan mengikuti arahan petugas.",
        "Kendaraan roda empat sementara tidak dapat melintas; gunakan jalur alternatif desa.",
    ), opt=True, p=0.7)
    d.add(g.sign(g.pick((f"Ketua PPK Kecamatan {kec}", f"Ketua KPU Kabupaten {g.kab.name}")),
                 g.name(), when, nip=False))
    return d.lines()


# ===========================================================================
# DIP setiap saat
# ===========================================================================

_LAWS_ADHOC = (
    "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;",
    "Undang-Undang Nomor 10 Tahun 2016 tentang Pemilihan Gubernur, Bupati, dan Walikota;",
    "Peraturan KPU Nomor 8 Tahun 2022 tentang Pembentukan dan Tata Kerja Badan Ad Hoc;",
    "Peraturan KPU Nomor 3 Tahun 2018 tentang Pembentukan Badan Ad Hoc;",
    "Keputusan KPU tentang Pedoman Teknis Pembentukan Badan Ad Hoc;",
)


def _keputusan_head(g: _G, y: int, about: str, *, issuer: str | None = None) -> list[str]:
    issuer = issuer or f"KOMISI PEMILIHAN UMUM KABUPATEN {g.kab.name}"
    head = g.heading(f"KEPUTUSAN {issuer}")
    if len(head) > 1:
        head = ["KEPUTUSAN"] + g.heading(issuer)
    return head + [f"NOMOR {g.n(1, 1400)} TAHUN {y}", "TENTANG"] + g.heading(about)


@_kind("sk_penetapan_badan_adhoc", "DIP", dip_type="setiap_saat", trap=True,
       title="Keputusan penetapan anggota PPK/PPS/KPPS (nama saja)",
       note="A list of people, but names and places only: appointments are public.")
def _k_sk_adhoc(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=300)
    body = g.pick(("PPK", "PPS"))
    long = "PANITIA PEMILIHAN KECAMATAN" if body == "PPK" else "PANITIA PEMUNGUTAN SUARA"
    y = e.year - (1 if e.kind == "pemilu" and g.chance(0.6) else 0)
    d.add(_keputusan_head(g, y, f"PENETAPAN ANGGOTA {long} PADA {e.name}"))
    d.add(["Menimbang :"] + g.items((
        f"bahwa untuk melaksanakan tahapan {e.short} perlu dibentuk {long.title()};",
        "bahwa berdasarkan hasil seleksi dan rapat pleno perlu menetapkan anggota;",
        "bahwa berdasarkan pertimbangan tersebut perlu menetapkan Keputusan KPU Kabupaten;",
    )[: g.n(2, 3)], style="a."))
    d.add(["Mengingat :"] + g.items(g.sample(_LAWS_ADHOC, g.n(2, 3)), style="1."), opt=True, p=0.7)
    d.add(g.heading("MEMUTUSKAN:") + g.wrap(
        f"Menetapkan : KESATU, anggota {long.title()} sebagaimana tercantum dalam lampiran."))
    rows = []
    for _ in range(g.n(5, 10)):
        kec, _ = g.kecamatan()
        rows.append((g.bare_name(g.pick("LPL")), kec if body == "PPK" else g.desa(),
                     g.pick(("Ketua", "Anggota", "Anggota", "Anggota"))))
    d.add(_table(("Nama", "Kecamatan" if body == "PPK" else "Desa", "Jabatan"), rows), keep=4)
    d.add(g.wrap("KEDUA : Segala biaya dibebankan pada anggaran KPU Kabupaten.")
          + g.wrap("KETIGA : Keputusan ini mulai berlaku pada tanggal ditetapkan."))
    when = e.vote - _dt.timedelta(days=g.n(90, 300))
    d.add([f"Ditetapkan di {g.kab.city}", f"pada tanggal {g.fdate(when)}"]
          + g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"), nip=False))
    return d.lines()


_SE_TOPICS = (
    ("NETRALITAS PEGAWAI DAN BADAN AD HOC", (
        "tidak menghadiri kegiatan kampanye peserta pemilihan dalam bentuk apa pun;",
        "tidak memberikan dukungan melalui media sosial kepada peserta;",
        "menjaga sikap netral dalam pergaulan di masyarakat;",
        "melaporkan kepada atasan apabila menerima pemberian dari peserta;",
        "menolak ajakan berfoto dengan simbol peserta pemilihan;")),
    ("PENGGUNAAN MEDIA SOSIAL OLEH PENYELENGGARA", (
        "tidak mengunggah hasil penghitungan sebelum rekapitulasi resmi;",
        "tidak menyebarkan informasi yang belum diverifikasi;",
        "menjaga kerahasiaan data pribadi pemilih dalam setiap unggahan;",
        "melaporkan akun palsu yang mengatasnamakan KPU;",
        "menggunakan akun resmi untuk publikasi kegiatan kelembagaan;")),
    ("JAM KERJA SELAMA TAHAPAN PEMUNGUTAN SUARA", (
        "jam kerja disesuaikan dengan jadwal tahapan;",
        "pegawai yang bertugas piket mengisi daftar hadir;",
        "pelayanan informasi tetap dibuka pada hari libur selama rekapitulasi;",
        "lembur diberikan sesuai ketentuan keuangan;")),
    ("PENCEGAHAN GRATIFIKASI", (
        "pegawai dilarang menerima hadiah yang berhubungan dengan jabatan;",
        "pemberian yang tidak dapat ditolak dilaporkan dalam 30 hari kerja;",
        "unit pengendali gratifikasi menerima laporan secara tertulis;",
        "pimpinan memberi contoh dalam menolak pemberian;")),
    ("PENGARSIPAN DOKUMEN TAHAPAN", (
        "setiap dokumen tahapan disimpan sesuai jadwal retensi arsip;",
        "berita acara dan sertifikat hasil dipindai dan diunggah ke sistem;",
        "dokumen yang memuat data pribadi disimpan di ruang terkunci;",
        "pemusnahan arsip dilakukan hanya setelah mendapat persetujuan;")),
)


@_kind("surat_edaran", "DIP", dip_type="setiap_saat", title="Surat edaran kepada pegawai / badan ad hoc")
def _k_se(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    topic, points = g.r.choice(_SE_TOPICS)
    d.add(g.letterhead(), p=0.8)
    nomor = g.nomor(g.pick(("SDM.02", "PL.01", "HM.02", "TU.01")), y, "SE")
    d.add(g.heading("SURAT EDARAN") + [f"Nomor : {nomor}"] + g.heading("TENTANG") + g.heading(topic))
    d.add([g.pick(("Yth.", "Kepada Yth."))] + g.items(g.sample((
        "Anggota KPU Kabupaten;", "Sekretaris dan Pejabat Struktural;", "Ketua dan Anggota PPK;",
        "Ketua dan Anggota PPS;", "Seluruh Pegawai Sekretariat;"), g.n(2, 3)), style="1."), p=0.7)
    d.add(g.para(
        f"Dalam rangka menjaga integritas penyelenggaraan pemilihan di Kabupaten {g.kab.name}, bersama "
        "ini disampaikan hal-hal sebagai berikut:",
        "Menindaklanjuti arahan KPU Provinsi Sumatera Selatan, dengan ini diminta kepada Saudara untuk:",
        "Sehubungan dengan meningkatnya kegiatan tahapan, perlu diperhatikan ketentuan berikut:",
    ))
    d.add(g.items(g.sample(points, g.n(3, len(points))), style=g.pick(("1.", "a."))))
    d.add(g.closing())
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"), g.date(y), nip=False))
    d.add(g.tembusan(g.sample(("Ketua KPU Provinsi Sumatera Selatan", f"Bupati {g.kab.name}",
                                f"Ketua Bawaslu Kabupaten {g.kab.name}", "Arsip"), g.n(1, 3))), opt=True, p=0.5)
    return d.lines()


_PLENO_AGENDA = (  # agenda, days from the vote (earliest, latest)
    ("Penetapan Daftar Pemilih Tetap", -130, -60),
    ("Rekapitulasi Hasil Penghitungan Perolehan Suara", 3, 14),
    ("Penetapan Pasangan Calon", -66, -60), ("Penetapan Calon Terpilih", 20, 45),
    ("Penetapan Daftar Calon Tetap", -150, -130), ("Pengundian Nomor Urut Pasangan Calon", -60, -58),
    ("Rekapitulasi Daftar Pemilih Hasil Pemutakhiran", -180, -140),
)


def _agenda(g: _G, e: _Election) -> tuple[str, _dt.date]:
    pool = [a for a in _PLENO_AGENDA if e.kind == "pilkada" or "Pasangan" not in a[0]]
    name, lo, hi = g.r.choice(pool)
    when = e.vote + _dt.timedelta(days=g.n(lo, hi))
    if when.weekday() == 6:
        when -= _dt.timedelta(days=1)
    return name, when


@_kind("undangan_rapat_pleno_terbuka", "DIP", dip_type="setiap_saat", trap=True,
       title="Undangan rapat pleno terbuka",
       note="Asks the police for 'pengamanan' and may give a liaison's mobile; still an open invitation.")
def _k_undangan(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=190)
    agenda, when = _agenda(g, e)
    sent = when - _dt.timedelta(days=g.n(2, 6))
    top = _dated_letter(g, d, sent, g.nomor("PL.01.1", when.year, "Und"), "Undangan Rapat Pleno Terbuka",
                        g.to(g.pick(("Daftar Terlampir", "Pimpinan Partai Politik Peserta Pemilu",
                                     f"Ketua Bawaslu Kabupaten {g.kab.name}",
                                     f"Ketua PPK se-Kabupaten {g.kab.name}", "Tim Kampanye Pasangan Calon"))))
    d.add(g.para(
        f"Dalam rangka {agenda.lower()} pada {e.name}, kami mengundang Saudara untuk hadir dalam "
        "rapat pleno terbuka yang akan dilaksanakan pada:",
        f"Sehubungan dengan tahapan {e.short}, {g.kpu} akan menyelenggarakan rapat pleno terbuka "
        f"{agenda.lower()}. Untuk itu kami mengundang Saudara pada:",
    ))
    d.add(g.fields([("hari, tanggal", f"{g.hari(when)}, {_fmt_date(when)}"),
                    ("waktu", f"pukul {g.pick(('08.00', '09.00', '10.00', '13.00', '19.30'))} WIB s.d. selesai"),
                    ("tempat", g.pick((f"Aula Kantor {g.kpu}", "Ballroom Hotel Serelo Indah",
                                       "Gedung Kesenian Kabupaten", "Balai Pertemuan Pemkab"))),
                    ("acara", agenda)]))
    d.add(g.para(
        f"Khusus kepada Kapolres {g.kab.name}, dimohon dukungan pengamanan selama rapat berlangsung.",
        "Rapat ini terbuka untuk umum dan dapat diliput oleh media. Pengamanan dilakukan oleh "
        f"Polres {g.kab.name}.",
        "Setiap peserta diminta membawa surat mandat dan mematuhi tata tertib pengamanan rapat.",
    ), opt=True, p=0.7, swap="tail")
    if g.chance(0.4):
        d.add(g.wrap(f"Konfirmasi kehadiran kepada Sdr. {g.bare_name(g.pick('LP'))} ({g.mobile()})."),
              opt=True, swap="tail")
    d.add(g.closing())
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"), None if top else sent, nip=False))
    d.add(g.tembusan(g.sample((f"Kapolres {g.kab.name}", f"Dandim {g.n(400, 430)}/{g.kab.name}",
                                "Ketua KPU Provinsi Sumatera Selatan", "Arsip"), g.n(1, 3))), opt=True, p=0.6)
    return d.lines()


@_kind("berita_acara_pleno_terbuka", "DIP", dip_type="setiap_saat",
       title="Berita acara rapat pleno terbuka")
def _k_ba_pleno(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=190)
    agenda, when = _agenda(g, e)
    d.add(g.letterhead(contacts=0.2), p=0.5)
    d.add(g.heading("BERITA ACARA") + g.heading(f"RAPAT PLENO TERBUKA {agenda}")
          + [f"Nomor : {g.nomor('PL.01', when.year, 'BA')}"])
    d.add(g.wrap(
        f"Pada hari ini {g.words_date(when)}, bertempat di "
        f"{g.pick(('Aula Kantor ' + g.kpu, 'Gedung Pertemuan Pemkab'))}, telah dilaksanakan rapat pleno "
        f"terbuka {agenda.lower()} {e.name}."))
    d.add(g.para(
        "Rapat dihadiri oleh Ketua dan Anggota KPU Kabupaten, Bawaslu Kabupaten, saksi peserta, "
        "pemantau, dan perwakilan pemerintah daerah.",
        "Rapat dibuka oleh Ketua dan dinyatakan terbuka untuk umum serta dihadiri unsur peserta "
        "dan pengawas.",
    ))
    dec = {
        "Penetapan Daftar Pemilih Tetap": [f"DPT ditetapkan sebanyak {rupiah(g.n(120000, 480000))} pemilih;",
                                            f"jumlah TPS sebanyak {rupiah(g.n(400, 1900))} TPS;"],
        "Penetapan Pasangan Calon": [f"sebanyak {g.n(2, 4)} bakal pasangan calon memenuhi syarat;",
                                     "hasil penetapan dituangkan dalam keputusan KPU Kabupaten;"],
    }.get(agenda, [f"hasil rapat dituangkan dalam keputusan KPU Kabupaten {g.kab.name};",
                   f"jumlah suara sah {rupiah(g.n(100000, 400000))} suara;"])
    dec = dec + g.sample(("tidak terdapat keberatan dari saksi;",
                          f"terdapat {g.n(1, 3)} keberatan saksi yang dicatat dalam formulir kejadian khusus;",
                          "Bawaslu menyampaikan saran perbaikan yang telah ditindaklanjuti;"), 1)
    d.add(["Rapat memutuskan:"] + g.items(dec, style="1."))
    d.add(g.para("Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.",
                 "Berita acara ini dibuat dalam rangkap secukupnya."))
    names = [g.official("ketua").bare] + [g.bare_name(g.pick("LP")) for _ in range(g.n(2, 4))]
    d.add([f"{g.kab.city}, {g.fdate(when)}", f"KPU Kabupaten {g.kab.name}:"]
          + [f"{i + 1}. {n} ({'Ketua' if i == 0 else 'Anggota'}) ......" for i, n in enumerate(names)])
    return d.lines()


@_kind("kontrak_pengadaan", "DIP", dip_type="setiap_saat", trap=True,
       title="Surat perjanjian / SPK setelah penetapan penyedia",
       note="Prices, vendor NPWP and vendor account: public once the contract is signed.")
def _k_kontrak(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    name, _, lo, hi = g.r.choice(_PAKET)
    vendor = g.vendor()
    price = g.money(lo, hi, 50_000)
    when = g.date(y, 2, 10)
    d.add(g.heading(g.pick(("SURAT PERINTAH KERJA (SPK)", "SURAT PERJANJIAN", "KONTRAK PENGADAAN BARANG/JASA")))
          + [f"Nomor : {g.nomor('PP.01', y, 'SPK')}"])
    d.add(g.fields([("Paket pekerjaan", name), ("Satuan kerja", f"Sekretariat {g.kpu}"),
                    ("Sumber dana", f"DIPA {y}"), ("Nilai kontrak", f"Rp {rupiah(price)}")]))
    d.add(g.wrap(f"({terbilang(price)} rupiah) termasuk pajak."), p=0.6)
    d.add(g.para(
        f"Pada hari ini {g.words_date(when)} yang bertanda tangan di bawah ini Pejabat Pembuat Komitmen "
        f"Sekretariat {g.kpu} (PIHAK PERTAMA) dan {vendor} (PIHAK KEDUA) sepakat mengikatkan diri "
        "dalam perjanjian ini.",
        f"PIHAK PERTAMA memerintahkan {vendor} selaku penyedia yang telah ditetapkan sebagai pemenang "
        f"untuk melaksanakan pekerjaan {name.lower()} dengan ketentuan berikut.",
    ))
    bank, acc = g.account()
    d.add(g.fields([("Penyedia", vendor), ("Alamat", f"{g.pick(g.kab.streets)} No. {g.n(1, 99)}, {g.kab.city}"),
                    ("NPWP", g.npwp()), ("Rekening", f"{bank} {acc}"),
                    ("Jangka waktu", f"{g.n(14, 90)} hari kalender")]), swap="body")
    d.add(g.items(g.sample((
        "pembayaran dilakukan sekaligus setelah pekerjaan selesai dan diterima;",
        "keterlambatan dikenakan denda 1/1000 dari nilai kontrak per hari;",
        "penyedia menjamin barang baru dan sesuai spesifikasi;",
        "perselisihan diselesaikan secara musyawarah;",
        "masa pemeliharaan selama 30 hari setelah serah terima;",
    ), g.n(2, 4)), style="1."), opt=True, swap="body")
    d.add(["PIHAK KEDUA,", f"Direktur {vendor}"[:MAX_CHARS], "", g.name(degree=0.2), "",
           "PIHAK PERTAMA,", "Pejabat Pembuat Komitmen", "", g.official("ppk").name])
    return d.lines()


@_kind("pengumuman_pemenang_pengadaan", "DIP", dip_type="setiap_saat", trap=True,
       title="Pengumuman pemenang pemilihan penyedia (setelah penetapan)",
       note="Lists bidders' offer prices: public once the winner is set (b ends at award).")
def _k_pemenang(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    name, method, lo, hi = g.r.choice(_PAKET)
    hps = g.money(lo, hi, 100_000)
    d.add(g.letterhead(secretariat=0.7))
    d.add(g.heading(g.pick(("PENGUMUMAN PEMENANG", "PENGUMUMAN HASIL PEMILIHAN PENYEDIA",
                            "PENETAPAN DAN PENGUMUMAN PEMENANG")))
          + [f"Nomor : {g.nomor('PP.02', y, 'Pokja')}"])
    d.add(g.fields([("Nama paket", name), ("Metode", method if method != "E-purchasing" else "Pengadaan Langsung"),
                    ("Nilai HPS", f"Rp {rupiah(hps)}")]))
    rows = []
    vendors = g.sample(_VENDOR_NAMES, g.n(2, 5))
    bids = sorted(int(hps * g.r.uniform(0.82, 0.99)) // 1000 * 1000 for _ in vendors)
    for v, b in zip(vendors, bids):
        rows.append((_cell(v), rupiah(b), g.pick(("Lulus", "Lulus", "Gugur teknis"))))
    rows[0] = (rows[0][0], rows[0][1], "Pemenang")
    d.add(_table(("Peserta", "Harga Penawaran", "Keterangan"), rows))
    d.add(g.para(
        f"Berdasarkan hasil evaluasi, {vendors[0]} ditetapkan sebagai pemenang dengan harga penawaran "
        f"terkoreksi Rp {rupiah(bids[0])}.",
        f"Pemenang: {vendors[0]}, harga penawaran Rp {rupiah(bids[0])}. Peserta lain dapat mengajukan "
        "sanggah dalam waktu lima hari kerja.",
    ))
    d.add(g.para("Masa sanggah dimulai sejak pengumuman ini ditayangkan pada LPSE.",
                 "Peserta yang keberatan dapat menyampaikan sanggahan secara elektronik."), opt=True, p=0.7)
    d.add(g.sign(g.pick(("Pokja Pemilihan", "Pejabat Pengadaan")), g.name(), g.date(y, 2, 10)))
    return d.lines()


@_kind("sop_layanan_informasi", "DIP", dip_type="setiap_saat", trap=True,
       title="SOP pengelolaan dan pelayanan informasi publik",
       note="Explains 'informasi yang dikecualikan', Pasal 17 and the uji konsekuensi; a public procedure.")
def _k_sop(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    topic = g.pick(("PELAYANAN PERMOHONAN INFORMASI PUBLIK", "PENGUJIAN KONSEKUENSI INFORMASI",
                    "PENANGANAN KEBERATAN ATAS LAYANAN INFORMASI", "PENGELOLAAN INFORMASI YANG DIKECUALIKAN"))
    d.add(g.heading("STANDAR OPERASIONAL PROSEDUR") + g.heading(topic)
          + g.heading(f"PPID KPU KABUPATEN {g.kab.name}"))
    d.add(g.fields([("Nomor SOP", f"{g.n(1, 40):02d}/PPID/{g.kab.code}/{y}"),
                    ("Tanggal berlaku", g.fdate(g.date(y))),
                    ("Dasar hukum", g.pick(("UU 14/2008; PKPU 22/2023", "UU 14/2008; PP 61/2010; PKPU 1/2015",
                                            "UU 14/2008; Perki 1/2021; PKPU 22/2023")))]))
    steps = [
        "petugas menerima permohonan dan memberikan tanda bukti registrasi;",
        "petugas memeriksa apakah informasi termasuk informasi publik atau informasi yang dikecualikan;",
        "apabila diduga dikecualikan menurut Pasal 17 UU 14/2008, PPID melakukan uji konsekuensi;",
        "uji konsekuensi memuat akibat yang timbul apabila dibuka dan kepentingan publik yang lebih besar;",
        "informasi yang memuat data pribadi diberikan setelah bagian tersebut dihitamkan;",
        "PPID menyampaikan pemberitahuan tertulis paling lambat 10 hari kerja;",
        "penolakan disertai alasan dan hak pemohon untuk mengajukan keberatan;",
        "keberatan diajukan kepada atasan PPID dalam waktu 30 hari kerja;",
        "usulan informasi yang dikecualikan disampaikan ke KPU Provinsi untuk ditetapkan;",
    ]
    # The trap: the procedure always explains exemption, Pasal 17 and the consequence test.
    core = steps[1:3]
    rest = g.sample([s for s in steps if s not in core], g.n(3, 5))
    chosen = [s for s in steps if s in core or s in rest]
    d.add(["Uraian prosedur:"] + g.items(chosen, style="1."))
    d.add(g.fields([("Pelaksana", g.pick(("Petugas meja layanan PPID", "Subbagian Teknis dan Hupmas"))),
                    ("Waktu", f"{g.n(7, 10)} hari kerja"), ("Output", "Pemberitahuan tertulis")]), opt=True)
    d.add(g.para(
        f"Layanan dapat diakses melalui {g.email('ppid')} atau telepon {g.office_phone}.",
        "SOP ini ditinjau setiap tahun atau apabila terjadi perubahan peraturan.",
    ), opt=True, p=0.6)
    d.add(g.sign(g.pick(("Atasan PPID", f"Sekretaris KPU Kabupaten {g.kab.name}")), g.official("sekretaris"),
                 g.date(y)), p=0.7)
    return d.lines()


_DIK_CATEGORIES = (
    ("h", "Salinan KTP-el dan KK", "sampai ada persetujuan"),
    ("h", "Hasil tes kesehatan", "sampai ada persetujuan"),
    ("h", "Nilai tes/wawancara", "sampai ada persetujuan"),
    ("h", "Rekening honorarium", "sampai ada persetujuan"),
    ("a", "Laporan dugaan pidana", "30 tahun"),
    ("a", "Identitas saksi", "30 tahun"),
    ("b", "Penawaran penyedia", "sampai ada pemenang"),
    ("g", "Akta kelahiran/nikah", "sampai ada persetujuan"),
    ("i", "Risalah pleno tertutup", "4 tahun"),
    ("j", "Data kependudukan", "tidak terbatas"),
    ("j", "Akun dan sandi sistem", "tidak terbatas"),
)


@_kind("keputusan_daftar_informasi_dikecualikan", "DIP", dip_type="setiap_saat", trap=True,
       title="Keputusan penetapan daftar informasi yang dikecualikan",
       note="Lists exempt categories and Pasal 17 letters; the decision itself is public.")
def _k_sk_dik(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year(2020, 2025)
    issuer, place = g.r.choice((("KOMISI PEMILIHAN UMUM PROVINSI SUMATERA SELATAN", "Palembang"),
                                ("KOMISI PEMILIHAN UMUM", "Jakarta"),
                                (f"KOMISI PEMILIHAN UMUM KABUPATEN {g.kab.name}", g.kab.city)))
    local = "KABUPATEN" in issuer
    if local and y >= 2023:  # PKPU 22/2023: a kabupaten office proposes, the exemption is set higher up
        about = "USULAN DAFTAR INFORMASI YANG DIKECUALIKAN"
    else:
        about = g.pick(("PENETAPAN DAFTAR INFORMASI YANG DIKECUALIKAN",
                        "KLASIFIKASI INFORMASI YANG DIKECUALIKAN DI LINGKUNGAN KPU",
                        "DAFTAR INFORMASI PUBLIK YANG DIKECUALIKAN"))
    d.add(_keputusan_head(g, y, about, issuer=issuer))
    d.add(["Menimbang :"] + g.items(g.pick((
        (("bahwa berdasarkan Pasal 17 UU 14/2008 badan publik wajib membuka akses informasi kecuali "
          "informasi yang dikecualikan;"),
         "bahwa telah dilakukan uji konsekuensi atas informasi yang diusulkan untuk dikecualikan;"),
        (("bahwa setiap informasi publik bersifat terbuka dan dapat diakses, kecuali yang dikecualikan "
          "secara ketat dan terbatas;"),
         "bahwa PPID telah melakukan pengujian konsekuensi sebagaimana dimaksud Pasal 19 UU 14/2008;",
         "bahwa perlu menetapkan keputusan tentang informasi yang dikecualikan;"),
        ("bahwa untuk memberikan kepastian dalam pelayanan informasi perlu ditetapkan klasifikasi informasi;",
         "bahwa hasil uji konsekuensi telah dibahas dalam rapat pleno;"),
    )), style="a."))
    d.add(["Mengingat :"] + g.items(g.sample((
        "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;",
        "Peraturan Pemerintah Nomor 61 Tahun 2010;",
        "Peraturan Komisi Informasi Nomor 1 Tahun 2021;",
        ("Peraturan KPU Nomor 22 Tahun 2023 tentang Pengelolaan dan Pelayanan Informasi Publik;" if y >= 2023
         else "Peraturan KPU Nomor 1 Tahun 2015 tentang Pengelolaan dan Pelayanan Informasi Publik;"),
    ), g.n(2, 3)), style="1."), opt=True, p=0.6)
    d.add(g.heading("MEMUTUSKAN:") + g.wrap(g.pick((
        "KESATU : Menetapkan daftar informasi yang dikecualikan sebagaimana tercantum dalam lampiran.",
        "KESATU : Informasi yang dikecualikan di lingkungan KPU adalah sebagaimana tercantum dalam lampiran.",
        "KESATU : Mengusulkan informasi yang dikecualikan sebagaimana tercantum dalam lampiran."
        if local and y >= 2023 else "KESATU : Menetapkan klasifikasi informasi dalam lampiran keputusan ini.",
    ))))
    rows = g.sample(_DIK_CATEGORIES, g.n(4, 8))
    hdr = g.pick((("Informasi", "Pasal 17", "Jangka Waktu"), ("Jenis Informasi", "Dasar", "Masa Pengecualian")))
    d.add(_table(hdr, [(a, f"huruf {h}" if hdr[1] == "Pasal 17" else f"Ps. 17 huruf {h}", c) for h, a, c in rows]),
          keep=4)
    d.add(g.wrap(g.pick((
        ("KEDUA : Informasi yang tidak tercantum dalam lampiran merupakan informasi publik yang dapat "
         "diakses sesuai ketentuan."),
        ("KEDUA : Informasi yang dikecualikan dapat dibuka setelah jangka waktu berakhir atau atas "
         "persetujuan pemiliknya."),
        ("KEDUA : Salinan dokumen yang memuat informasi dikecualikan dapat diberikan setelah bagian "
         "tersebut dihitamkan."),
    ))) + g.wrap("KETIGA : Keputusan ini mulai berlaku pada tanggal ditetapkan."))
    d.add([f"Ditetapkan di {place}", f"pada tanggal {g.fdate(g.date(y))}"]
          + g.pick((["KETUA,"], [f"KETUA {issuer.replace('KOMISI PEMILIHAN UMUM', 'KPU')},"]))
          + ["", "", g.name(degree=0.6)])
    return d.lines()


@_kind("daftar_calon_tetap", "DIP", dip_type="setiap_saat", trap=True,
       title="Daftar calon tetap anggota DPRD kabupaten (nama, jenis kelamin, domisili)",
       note="A list of persons: names and domicile only, which the law requires to publish.")
def _k_dct(g: _G) -> list[str]:
    d = _Doc(g)
    y = 2024  # the 2019 list was set in 2018, before the corpus's years
    dapil = g.n(1, 6)
    d.add(g.heading(g.pick(("DAFTAR CALON TETAP", "PENGUMUMAN DAFTAR CALON TETAP")))
          + g.heading(f"ANGGOTA DPRD KABUPATEN {g.kab.name}") + [f"Pemilihan Umum Tahun {y}"])
    d.add(g.fields([("Daerah Pemilihan", f"{g.kab.name} {dapil}"),
                    ("Wilayah", ", ".join(g.kecamatans(g.n(2, 3)))),
                    ("Partai Politik", f"Nomor Urut {g.n(1, 18)}")]))
    rows = []
    for i in range(g.n(6, 12)):
        sex = "P" if i % 3 == 1 else g.pick("LLP")
        nm = g.name(sex, degree=0.35)
        rows.append((_cell(f"{i + 1}. {nm}"), sex, g.pick(("Kab. " + g.kab.name, "Kab. " + g.kab.name,
                                                                    "Kota Palembang", "Kota Pagar Alam"))))
    d.add(_table(("Nomor Urut/Nama", "L/P", "Domisili"), rows))
    d.add(g.para(
        "Daftar calon tetap ini diumumkan untuk diketahui masyarakat. Daftar riwayat hidup calon yang "
        "bersedia dipublikasikan dapat dilihat di laman KPU.",
        "Keterwakilan perempuan dalam daftar ini telah memenuhi ketentuan paling sedikit 30 persen.",
        "Masyarakat dapat memberikan tanggapan atas calon melalui kantor KPU Kabupaten.",
    ))
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"), g.date(y - 1, 9, 11), nip=False))
    return d.lines()


@_kind("pengumuman_hasil_seleksi_adhoc", "DIP", dip_type="setiap_saat", trap=True,
       title="Pengumuman hasil seleksi calon PPK/PPS (nomor peserta, tanpa nilai)",
       note="Selection results by participant number and name, without scores: public.")
def _k_hasil_seleksi(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=300)
    body = g.pick(("PPK", "PPS"))
    stage = g.pick(("TES TERTULIS", "WAWANCARA", "SELEKSI ADMINISTRASI", "AKHIR"))
    d.add(g.letterhead(contacts=0.7))
    d.add(g.heading("PENGUMUMAN") + [f"Nomor : {g.nomor('SDM.12', e.year, 'Pu')}"] + ["TENTANG"]
          + g.heading(f"HASIL {stage} CALON ANGGOTA {body} {e.short}"))
    d.add(g.para(
        f"Berdasarkan hasil {stage.lower()} calon anggota {body}, {g.kpu} mengumumkan nama-nama peserta "
        "yang dinyatakan lulus sebagai berikut:",
        f"Peserta seleksi calon anggota {body} yang dinyatakan memenuhi syarat pada tahap "
        f"{stage.lower()} adalah sebagai berikut:",
    ))
    kec, code = g.kecamatan()
    with_names = g.chance(0.6)
    rows = []
    for _ in range(g.n(6, 12)):
        no = f"{body}-{code}-{g.n(1, 60):03d}"
        rows.append((no, _cell(g.bare_name(g.pick("LP"))) if with_names else kec, "LULUS"))
    rows.sort()
    d.add(_table(("Nomor Peserta", "Nama" if with_names else "Kecamatan", "Keterangan"), rows))
    d.add(g.para(
        "Peserta yang lulus diminta mengikuti tahapan berikutnya sesuai jadwal. Keputusan panitia "
        "tidak dapat diganggu gugat.",
        "Nilai masing-masing peserta tidak diumumkan dan hanya dapat diketahui oleh peserta yang "
        "bersangkutan.",
        "Masyarakat dapat memberikan tanggapan atas peserta yang lulus paling lambat tiga hari setelah "
        "pengumuman.",
    ))
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"),
                 e.vote - _dt.timedelta(days=g.n(100, 300)), nip=False))
    return d.lines()


@_kind("notulen_rapat_terbuka", "DIP", dip_type="setiap_saat",
       title="Notulen/risalah rapat koordinasi terbuka")
def _k_notulen(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=200)
    when = e.vote - _dt.timedelta(days=g.n(10, 200))
    topic = g.pick(("Persiapan Distribusi Logistik", "Koordinasi Pemutakhiran Data Pemilih",
                    "Fasilitasi Kampanye", "Kesiapan Pemungutan dan Penghitungan Suara",
                    "Sosialisasi kepada Pemilih Pemula"))
    d.add(g.heading(g.pick(("NOTULEN RAPAT", "RISALAH RAPAT KOORDINASI", "CATATAN RAPAT"))) + g.heading(topic))
    d.add(g.fields([("Hari/tanggal", f"{g.hari(when)}, {_fmt_date(when)}"),
                    ("Tempat", f"Aula {g.kpu}"), ("Pimpinan rapat", g.official("ketua").name),
                    ("Peserta", g.pick(("KPU, Bawaslu, Pemkab, Polres, Kodim, LO peserta",
                                        "PPK se-kabupaten dan perwakilan instansi terkait",
                                        "KPU, Dinas Kesehatan, BPBD, Dinas Perhubungan")))]))
    speakers = [(g.official("ketua").bare, "Ketua KPU"), (g.bare_name(g.pick("LP")), "Bawaslu"),
                (g.bare_name(g.pick("LP")), g.pick(("Kabag Ops Polres", "Kesbangpol", "Dinas Perhubungan",
                                                    "BPBD")))]
    said = (
        "menyampaikan jadwal dan meminta dukungan semua pihak;",
        "mengingatkan agar setiap tahapan dapat diawasi secara terbuka;",
        "menyatakan kesiapan personel dan kendaraan untuk mendukung kegiatan;",
        "meminta data lokasi rawan disampaikan paling lambat satu minggu;",
        "mengusulkan agar sosialisasi melibatkan tokoh adat dan pemuda;",
        "menyampaikan bahwa jalan menuju beberapa desa sedang diperbaiki;",
    )
    lines = ["Pokok pembahasan:"]
    for (nm, role), s in zip(speakers, g.sample(said, 3)):
        lines += g.wrap(f"{nm} ({role}) {s}", indent="- ")
    d.add(lines)
    d.add(["Kesimpulan:"] + g.items(g.sample((
        "seluruh pihak sepakat mendukung jadwal yang disampaikan;",
        "rapat lanjutan diadakan dua minggu sebelum hari pemungutan suara;",
        "KPU menyampaikan salinan notulen kepada seluruh peserta rapat;",
        "hasil rapat dipublikasikan melalui laman resmi KPU;",
    ), 2), style="1."))
    d.add(g.para("Rapat ini bersifat terbuka dan dapat diliput oleh media.",
                 "Rapat ditutup pukul 12.30 WIB."), opt=True, p=0.6)
    d.add(g.sign("Notulis", g.person(), when, nip=g.chance(0.3)))
    return d.lines()


@_kind("siaran_pers", "DIP", dip_type="setiap_saat", title="Siaran pers KPU kabupaten")
def _k_pers(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=150)
    when = e.vote + _dt.timedelta(days=g.n(-150, 30))
    d.add(g.letterhead(contacts=0.8), p=0.7)
    d.add(g.heading(g.pick(("SIARAN PERS", "RILIS MEDIA", "SIARAN PERS NOMOR " + str(g.n(1, 60)))))
          + [g.place_date(when)])
    headline = g.pick((
        f"KPU {g.kab.name} Ajak Pemilih Cek Nama di DPT",
        f"Logistik {e.short} Mulai Didistribusikan ke Kecamatan",
        f"KPU {g.kab.name} Gelar Simulasi Pemungutan Suara",
        "Rekapitulasi Tingkat Kabupaten Berjalan Lancar",
        f"KPU {g.kab.name} Luncurkan Maskot dan Jingle Pemilihan",
    ))
    d.add(g.wrap(headline.upper() if len(headline) <= MAX_HEADING_CHARS else headline))
    d.add(g.para(
        f"{g.kpu} terus mempersiapkan tahapan {e.short}. Ketua {g.kpu}, {g.official('ketua').name}, "
        "menyampaikan bahwa seluruh kegiatan berjalan sesuai jadwal.",
        f"Dalam keterangannya kepada wartawan, Ketua {g.kpu} {g.official('ketua').bare} mengatakan "
        "masyarakat dapat memantau setiap tahapan secara terbuka.",
    ))
    d.add(g.para(
        f'"Kami mengajak masyarakat datang ke TPS pada {_fmt_date(e.vote)} dan menggunakan hak pilihnya '
        'dengan cerdas," ujarnya.',
        '"Kami membuka pintu seluas-luasnya bagi pemantau dan media untuk mengawasi proses ini," katanya.',
        '"Pemilih yang belum terdaftar dapat segera melapor ke PPS di desa masing-masing," tambahnya.',
    ), swap="body")
    d.add(g.para(
        f"Sebanyak {rupiah(g.n(400, 1900))} TPS akan didirikan di {g.n(18, 24)} kecamatan.",
        f"Kegiatan ini diikuti {g.n(50, 400)} peserta dari unsur partai politik, pemantau, dan mahasiswa.",
    ), opt=True, p=0.8, swap="body")
    if g.chance(0.45):
        d.add([f"Narahubung: {g.bare_name(g.pick('LP'))} ({g.mobile()})"], opt=True)
    else:
        d.add([f"Informasi: {g.office_phone} / {g.email('humas')}"], opt=True, p=0.6)
    d.add([g.pick(("Humas KPU Kabupaten " + g.kab.name, "Subbagian Teknis dan Hupmas", "-selesai-"))])
    return d.lines()


@_kind("daftar_hadir_rapat_terbuka", "DIP", dip_type="setiap_saat", trap=True,
       title="Daftar hadir rapat terbuka / sosialisasi",
       note="A list of people with their institutions; no personal identifiers: public.")
def _k_hadir(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=190)
    agenda, when = _agenda(g, e)
    d.add(g.heading("DAFTAR HADIR") + g.heading(g.pick((f"RAPAT PLENO TERBUKA {agenda}",
                                                       f"SOSIALISASI {e.short}", f"RAPAT KOORDINASI {e.short}"))))
    d.add(g.fields([("Hari/tanggal", f"{g.hari(when)}, {_fmt_date(when)}"), ("Tempat", f"Aula {g.kpu}")]))
    inst = ("Bawaslu Kabupaten", "Polres " + g.kab.name, "Kodim", "Kesbangpol", "LO Paslon 1", "LO Paslon 2",
            "Parpol No. Urut " + str(g.n(1, 18)), "Pemantau independen", "Dinas Dukcapil", "PPK " + g.kecamatan()[0],
            "Media lokal", "Mahasiswa", "Tokoh masyarakat")
    rows = []
    for i in range(g.n(8, 16)):
        rows.append((_cell(f"{i + 1}. {g.bare_name(g.pick('LLP'))}"), _cell(g.pick(inst)),
                     f"{i + 1}. ......" if g.chance(0.7) else ""))
    hdr = ("Nama", g.pick(("Instansi/Lembaga", "Utusan", "Jabatan/Instansi")), "Tanda Tangan")
    d.add(_table(hdr, [r if r[2] else r[:2] for r in rows]))
    d.add(g.sign("Sekretaris Rapat", g.name(), when, nip=False), opt=True, p=0.6)
    return d.lines()


@_kind("putusan_dkpp", "DIP", dip_type="setiap_saat", trap=True,
       title="Salinan putusan DKPP atas aduan pelanggaran kode etik",
       note="Names parties, 'dugaan pelanggaran', pengadu/teradu, yet a ruling is public (Pasal 18).")
def _k_dkpp(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year(2019, 2025)
    when = g.date(y, 2, 12)
    while when.weekday() > 4:
        when -= _dt.timedelta(days=1)
    filed = when - _dt.timedelta(days=g.n(25, 50))
    d.add(g.heading("DEWAN KEHORMATAN PENYELENGGARA PEMILU") + ["REPUBLIK INDONESIA"], p=0.8)
    d.add(g.heading(g.pick(("PUTUSAN", "SALINAN PUTUSAN")))
          + [f"Nomor {g.n(1, 320)}-PKE-DKPP/{_ROMAN[filed.month - 1]}/{filed.year}"]
          + g.heading("DEMI KEADILAN DAN KEHORMATAN PENYELENGGARA PEMILU"))
    pengadu, teradu = g.person(degree=0.3), g.person(degree=0.5)
    d.add(g.para(
        f"DKPP yang memeriksa dan memutus pengaduan Nomor {g.n(1, 700)}-P/L-DKPP/{filed.year} yang diajukan oleh "
        f"{pengadu.name}, beralamat di Kabupaten {g.kab.name}, selanjutnya disebut Pengadu;",
        f"Pengaduan diajukan oleh {pengadu.name} (Pengadu) terhadap {teradu.name} selaku Anggota "
        f"{g.kpu} (Teradu);",
    ))
    d.add(g.wrap(g.pick((
        ("Teradu diadukan atas dugaan pelanggaran kode etik karena tidak menindaklanjuti laporan "
         "ketidaksesuaian data pemilih dan tidak hadir dalam rapat pleno."),
        ("Pokok aduan: Teradu diduga bersikap tidak netral dengan menghadiri pertemuan salah satu "
         "peserta pemilihan di luar jadwal kampanye."),
        ("Pengadu mendalilkan Teradu melanggar prinsip profesional karena terlambat mengumumkan hasil "
         "rekapitulasi di tingkat kabupaten."),
    ))))
    outcome = g.r.randrange(3)
    reasons = (
        ("Berdasarkan keterangan para pihak, saksi, dan bukti yang terungkap dalam sidang pemeriksaan, "
         "DKPP berpendapat dalil Pengadu terbukti sebagian."),
        ("Setelah memeriksa keterangan para pihak dan alat bukti, DKPP menilai dalil aduan tidak terbukti "
         "dan Teradu telah bertindak sesuai prosedur."),
        ("DKPP menilai Teradu terbukti melanggar prinsip berkepastian hukum dan profesional sebagaimana "
         "didalilkan Pengadu."),
    )
    d.add(g.wrap(reasons[outcome]))
    amar = (
        ["Mengabulkan pengaduan Pengadu untuk sebagian;",
         f"Menjatuhkan sanksi peringatan kepada Teradu {teradu.name};"],
        ["Menolak pengaduan Pengadu untuk seluruhnya;",
         f"Merehabilitasi nama baik Teradu {teradu.name};"],
        ["Mengabulkan pengaduan Pengadu untuk seluruhnya;",
         f"Menjatuhkan sanksi peringatan keras kepada Teradu {teradu.name};"],
    )[outcome]
    amar.append("Memerintahkan KPU Provinsi untuk melaksanakan putusan ini paling lama tujuh hari sejak "
                "dibacakan.")
    d.add(g.heading("MEMUTUSKAN") + g.items(amar, style="1."))
    d.add(g.para(
        f"Demikian diputuskan dalam rapat pleno DKPP dan dibacakan dalam sidang terbuka untuk umum pada "
        f"{g.hari(when)}, {_fmt_date(when)}.",
        f"Putusan ini dibacakan dalam sidang terbuka untuk umum pada tanggal {_fmt_date(when)}.",
    ))
    d.add(["Salinan sesuai dengan aslinya,", "Sekretaris Persidangan", "", "", g.name(degree=0.5)],
          opt=True, p=0.7)
    return d.lines()


@_kind("putusan_pidana_pemilu", "DIP", dip_type="setiap_saat", trap=True,
       title="Petikan/salinan putusan pengadilan negeri perkara tindak pidana pemilu",
       note="Terdakwa, saksi, penyidik, Gakkumdu: law-enforcement words, but a court ruling is public (Pasal 18).")
def _k_putusan_pn(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    y = e.year if e.vote.month < 6 else e.year + g.n(0, 1)
    court = g.pick((f"PENGADILAN NEGERI {g.kab.city}", f"PENGADILAN NEGERI KELAS II {g.kab.city}"))
    d.add(g.heading(g.pick(("PETIKAN PUTUSAN", "SALINAN PUTUSAN", "PUTUSAN")))
          + [f"Nomor {g.n(1, 260)}/Pid.Sus/{y}/PN {g.kab.city[:3]}"]
          + g.heading("DEMI KEADILAN BERDASARKAN KETUHANAN YANG MAHA ESA"))
    t = g.person(age=(25, 62), degree=0.2)
    d.add(g.para(f"{court.title()} yang mengadili perkara pidana pemilihan dengan acara pemeriksaan "
                 "biasa dalam tingkat pertama menjatuhkan putusan dalam perkara Terdakwa:",
                 f"{court.title()} yang memeriksa dan mengadili perkara tindak pidana pemilu menjatuhkan "
                 "putusan sebagai berikut dalam perkara Terdakwa:"))
    d.add(g.fields([("Nama lengkap", t.bare), ("Tempat lahir", t.birthplace),
                    ("Umur", f"{e.year - t.born.year} tahun"),
                    ("Jenis kelamin", "Laki-laki" if t.sex == "L" else "Perempuan"),
                    ("Pekerjaan", g.pick(("Wiraswasta", "Petani", "Kepala Desa", "Anggota PPS", "Pedagang")))]))
    act = g.pick((
        "menjanjikan atau memberikan uang kepada pemilih agar memilih peserta tertentu",
        "dengan sengaja memberikan suaranya lebih dari satu kali di TPS yang berbeda",
        "sebagai kepala desa membuat keputusan yang menguntungkan salah satu pasangan calon",
        "dengan sengaja mengubah hasil penghitungan suara pada sertifikat",
    ))
    d.add(g.wrap(f"Terdakwa didakwa oleh Penuntut Umum karena {act}, berdasarkan laporan yang "
                 "ditangani Sentra Gakkumdu dan penyidikan Polres."))
    d.add(g.heading("MENGADILI:") + g.items([
        (f"Menyatakan Terdakwa {t.bare} terbukti secara sah dan meyakinkan bersalah melakukan tindak "
         "pidana pemilu;"),
        (f"Menjatuhkan pidana penjara selama {g.n(2, 18)} bulan dan denda Rp "
         f"{rupiah(g.money(1_000_000, 48_000_000, 1_000_000))};"),
        "Menetapkan barang bukti dirampas untuk negara;",
        "Membebankan biaya perkara kepada Terdakwa sebesar Rp 5.000;",
    ][: g.n(2, 4)], style="1."))
    when = e.vote + _dt.timedelta(days=g.n(30, 120))
    while when.weekday() > 4:
        when += _dt.timedelta(days=1)
    d.add(g.wrap(f"Diputuskan dalam musyawarah majelis hakim pada {g.hari(when)}, {_fmt_date(when)}, dan "
                 "diucapkan dalam sidang terbuka untuk umum."))
    d.add(["Panitera Pengganti,", "", g.name(degree=0.5)], opt=True, p=0.6)
    return d.lines()


@_kind("pemberitahuan_sp3", "DIP", dip_type="setiap_saat", trap=True,
       title="Pemberitahuan penghentian penyidikan (SP3) perkara pemilu",
       note="Police letter about a penyidikan, but the investigation is closed: not exempt (Pasal 18).")
def _k_sp3(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    when = e.vote + _dt.timedelta(days=g.n(-40, 60))
    d.add(["KEPOLISIAN NEGARA REPUBLIK INDONESIA", "DAERAH SUMATERA SELATAN"]
          + g.heading(f"RESOR {g.kab.name}") + [f"{g.pick(g.kab.streets)} {g.kab.city}"])
    d.add([g.place_date(when)] + g.fields([
        ("Nomor", f"B/{g.n(10, 900)}/{_ROMAN[when.month - 1]}/{when.year}/Reskrim"),
        ("Klasifikasi", g.pick(("BIASA", "BIASA", "SEGERA"))), ("Lampiran", "-"),
        ("Perihal", "Pemberitahuan Penghentian Penyidikan")]))
    d.add(g.to(g.pick((f"Ketua KPU Kabupaten {g.kab.name}", f"Ketua Bawaslu Kabupaten {g.kab.name}",
                       f"Sdr. {g.bare_name(g.pick('LP'))} (Pelapor)"))))
    reported = when - _dt.timedelta(days=g.n(40, 90))
    lp = f"LP/B/{g.n(10, 400)}/{_ROMAN[reported.month - 1]}/{reported.year}/Sumsel/Res"
    rujukan = g.pick((f"Laporan Polisi Nomor {lp}",
                      f"Penerusan laporan Sentra Gakkumdu Nomor {g.n(1, 40)}/Gakkumdu/{reported.year}"))
    sprindik = when - _dt.timedelta(days=g.n(14, 40))
    d.add(["Rujukan:"] + g.items([rujukan + ";", f"Surat Perintah Penyidikan tanggal {_fmt_date(sprindik)}."],
                                 style="a."))
    d.add(g.para(
        "Bersama ini diberitahukan bahwa penyidikan perkara dugaan tindak pidana pemilu sebagaimana "
        "rujukan di atas dihentikan karena tidak terdapat cukup bukti.",
        "Penyidikan atas dugaan tindak pidana pemilu tersebut dihentikan demi hukum karena telah "
        "melewati batas waktu penyidikan yang ditentukan undang-undang.",
        "Berdasarkan hasil gelar perkara, peristiwa yang dilaporkan bukan merupakan tindak pidana "
        "sehingga penyidikan dihentikan.",
    ))
    d.add(g.para("Surat ketetapan penghentian penyidikan terlampir.",
                 "Terhadap penghentian ini pihak yang berkepentingan dapat mengajukan praperadilan."), opt=True)
    d.add(g.sign(f"a.n. Kepala Kepolisian Resor {g.kab.name}", g.name(degree=0.4)) +
          [f"{g.pick(('AKP', 'IPTU', 'AKBP', 'KOMPOL'))} NRP {g.n(60000000, 99999999)}"])
    return d.lines()


@_kind("jawaban_permohonan_informasi", "DIP", dip_type="setiap_saat", trap=True,
       title="Pemberitahuan tertulis PPID atas permohonan informasi",
       note="Explains a refusal under Pasal 17 with an uji konsekuensi; the PPID decision itself is public.")
def _k_jawaban(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    when = g.date(y)
    pemohon = g.person(degree=0.3)
    asked = g.pick(("salinan formulir pendaftaran calon anggota PPK", "daftar nilai tes wawancara calon PPS",
                    "salinan surat keterangan sehat bakal calon", "salinan DPT lengkap dengan NIK",
                    "salinan berita acara rekapitulasi", "laporan keuangan tahun " + str(y - 1)))
    refuse = "berita acara" not in asked and "laporan" not in asked
    top = _dated_letter(g, d, when, g.nomor("HM.02", y, "PPID"), "Pemberitahuan Tertulis",
                        g.to(f"Sdr. {pemohon.name}", place=pemohon.desa))
    d.add(g.wrap(f"Menindaklanjuti permohonan informasi Saudara tanggal "
                 f"{_fmt_date(when - _dt.timedelta(days=g.n(3, 9)))} dengan nomor registrasi "
                 f"{g.n(1, 150):03d}/PPID/{y} mengenai {asked}, dengan ini disampaikan:"))
    if refuse:
        d.add(g.para(
            "Informasi yang dimohon merupakan informasi yang dikecualikan berdasarkan Pasal 17 huruf h "
            "UU 14/2008 karena memuat data pribadi, sehingga permohonan tidak dapat dipenuhi.",
            "Berdasarkan uji konsekuensi, informasi tersebut dikecualikan karena membukanya dapat "
            "mengungkap rahasia pribadi. Permohonan ditolak.",
            "Informasi dapat diberikan sebagian setelah NIK, tanggal lahir, dan alamat dihitamkan.",
        ))
    else:
        d.add(g.para(
            "Informasi yang dimohon merupakan informasi publik dan dapat diberikan dalam bentuk salinan "
            "elektronik.",
            "Permohonan Saudara dikabulkan. Salinan informasi dapat diambil di meja layanan PPID.",
        ))
    d.add(g.para(
        "Apabila Saudara keberatan atas jawaban ini, Saudara dapat mengajukan keberatan kepada atasan "
        "PPID dalam waktu 30 hari kerja.",
        "Biaya penggandaan ditanggung pemohon sesuai ketentuan; pengiriman melalui surel tanpa biaya.",
    ))
    d.add(g.closing())
    d.add(g.sign(f"PPID KPU Kabupaten {g.kab.name}", g.official("sekretaris"), None if top else when))
    return d.lines()


@_kind("kerangka_acuan_kegiatan", "DIP", dip_type="setiap_saat",
       title="Kerangka acuan kerja (KAK) kegiatan sosialisasi/bimtek")
def _k_kak(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=120)
    act = g.pick(("Sosialisasi Pemilih Pemula", "Bimbingan Teknis KPPS", "Pendidikan Pemilih Berbasis Keluarga",
                  "Simulasi Pemungutan Suara", "Rapat Kerja Pemutakhiran Data"))
    d.add(g.heading("KERANGKA ACUAN KERJA") + g.heading(act) + [f"{g.kpu} - {e.short}"])
    d.add(["A. Latar Belakang"] + g.para(
        f"Partisipasi pemilih pada pemilihan sebelumnya di Kabupaten {g.kab.name} belum merata. Kegiatan "
        f"{act.lower()} diperlukan untuk meningkatkan pemahaman masyarakat.",
        f"Kualitas penyelenggaraan di TPS sangat ditentukan oleh kemampuan petugas, sehingga {act.lower()} "
        "perlu dilaksanakan sebelum hari pemungutan suara.",
    ))
    d.add(["B. Tujuan"] + g.items(g.sample((
        "meningkatkan pengetahuan peserta tentang tahapan pemilihan;",
        "menyamakan pemahaman tata cara pemungutan dan penghitungan suara;",
        "mendorong partisipasi pemilih muda dan perempuan;",
        "mengurangi kesalahan pengisian formulir hasil;",
    ), 2), style="1."))
    start = e.vote - _dt.timedelta(days=g.n(20, 120))
    d.add(["C. Waktu dan Tempat"] + g.wrap(
        f"Kegiatan dilaksanakan pada {_fmt_date(start)} di "
        f"{g.pick(('aula kantor KPU', 'gedung serbaguna kecamatan', 'SMA Negeri ' + str(g.n(1, 6))))}."))
    d.add(["D. Peserta dan Anggaran"] + g.wrap(
        f"Peserta sebanyak {g.n(30, 250)} orang. Biaya sebesar Rp "
        f"{rupiah(g.money(5_000_000, 90_000_000, 500_000))} dibebankan pada DIPA {g.kpu} tahun {start.year}."))
    d.add(["E. Keluaran"] + g.para("Laporan kegiatan dan dokumentasi.",
                                   "Peserta memahami materi dan siap bertugas."), opt=True)
    d.add(g.sign("Penanggung Jawab Kegiatan", g.person(degree=0.6), start - _dt.timedelta(days=g.n(10, 30))))
    return d.lines()


@_kind("pengumuman_rekrutmen_adhoc", "DIP", dip_type="setiap_saat", trap=True,
       title="Pengumuman pendaftaran calon anggota PPK/PPS (syarat berkas)",
       note="Lists KTP, ijazah, surat keterangan sehat, SKCK as requirements; the announcement is public.")
def _k_rekrut(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=330)
    body = g.pick(("PPK", "PPS", "KPPS"))
    start = e.vote - _dt.timedelta(days=g.n(60, 320))
    d.add(g.letterhead(contacts=0.8))
    d.add(g.heading("PENGUMUMAN") + [f"Nomor : {g.nomor('SDM.12', start.year, 'Pu')}"] + ["TENTANG"]
          + g.heading(f"PENDAFTARAN CALON ANGGOTA {body} {e.short}"))
    d.add(g.para(
        f"{g.kpu} membuka kesempatan kepada warga negara Indonesia yang memenuhi syarat untuk mendaftar "
        f"sebagai calon anggota {body}.",
        f"Dalam rangka pembentukan {body} untuk {e.name}, dibuka pendaftaran dengan ketentuan berikut.",
    ))
    d.add(["Berkas pendaftaran:"] + g.items(g.sample((
        "fotokopi KTP-el yang masih berlaku;", "fotokopi ijazah pendidikan terakhir;",
        "surat keterangan sehat jasmani dan rohani dari puskesmas atau rumah sakit;",
        "surat pernyataan tidak menjadi anggota partai politik;",
        "daftar riwayat hidup dan pas foto terbaru;",
        "surat keterangan catatan kepolisian bila dipersyaratkan;",
        "surat pernyataan bebas narkotika;",
    ), g.n(4, 6)), style="1."), swap="body")
    end = start + _dt.timedelta(days=g.n(5, 12))
    d.add(g.wrap(f"Pendaftaran dibuka {_fmt_date(start)} sampai {_fmt_date(end)} di kantor "
                 f"{g.pick(('sekretariat ' + g.kpu, 'kantor camat', 'sekretariat PPS desa'))} atau melalui "
                 "aplikasi SIAKBA."),
          swap="body")
    d.add(g.para(
        f"Informasi lebih lanjut: {g.office_phone} atau {g.email('sdm' if g.chance(0.5) else 'info')}.",
        "Seluruh proses seleksi tidak dipungut biaya.",
    ), opt=True)
    d.add(g.sign(f"Ketua KPU Kabupaten {g.kab.name}", g.official("ketua"), start - _dt.timedelta(days=3),
                 nip=False))
    return d.lines()


# ===========================================================================
# DIK a: law enforcement (open investigations, informants, witnesses)
# ===========================================================================

_OFFENCES = (
    "pembagian uang kepada warga agar memilih peserta tertentu",
    "pemberian sembako disertai ajakan memilih calon tertentu",
    "pencoblosan surat suara lebih dari satu kali oleh orang yang sama",
    "perubahan angka perolehan suara pada formulir hasil di tingkat desa",
    "keterlibatan kepala desa dalam kampanye salah satu pasangan calon",
    "penggunaan fasilitas pemerintah untuk kegiatan kampanye",
    "intimidasi terhadap pemilih di sekitar TPS",
)


def _bawaslu_head(g: _G) -> list[str]:
    if g.chance(0.5):
        return ["BADAN PENGAWAS PEMILIHAN UMUM"] + g.heading(f"KABUPATEN {g.kab.name}") + [
            f"{g.pick(g.kab.streets)} Nomor {g.n(1, 90)}, {g.kab.city}"]
    return g.heading(f"BAWASLU KABUPATEN {g.kab.name}") + [f"{g.pick(g.kab.streets)}, {g.kab.city}"]


def _gakkumdu_head(g: _G) -> list[str]:
    return g.heading("SENTRA PENEGAKAN HUKUM TERPADU") + g.heading(f"KABUPATEN {g.kab.name}")


@_kind("laporan_dugaan_pelanggaran", "DIK", ground="a",
       title="Formulir laporan dugaan pelanggaran/tindak pidana pemilu (identitas pelapor)")
def _k_laporan(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    when = e.vote + _dt.timedelta(days=g.n(-30, 5))
    pel, ter = g.person(ref=e.year), g.person(ref=e.year, degree=0.2)
    d.add(_bawaslu_head(g) if g.chance(0.7) else _gakkumdu_head(g))
    d.add(g.heading(g.pick(("FORMULIR LAPORAN", "LAPORAN DUGAAN PELANGGARAN PEMILU",
                            "TANDA TERIMA DAN FORMULIR LAPORAN")))
          + [(f"Nomor : {g.n(1, 60):03d}/LP/{g.pick(('PL', 'PP', 'PB'))}/Kab/{g.kab.code[:2]}.{g.kab.code[2:]}"
              f"/{_ROMAN[when.month - 1]}/{when.year}")])
    d.add(["I. Identitas Pelapor"] + g.fields([("Nama", pel.name), ("NIK", pel.nik), ("Tempat/Tgl Lahir", pel.ttl),
                                              ("Alamat", pel.address), ("Telepon/HP", pel.phone)]))
    d.add(["II. Terlapor"] + g.fields([("Nama", ter.name), ("Alamat", f"Desa {ter.desa}, Kec. {ter.kec}"),
                                       ("Status", g.pick(("Tim kampanye", "Kepala Desa", "Anggota KPPS",
                                                          "Calon anggota DPRD", "Tidak diketahui")))]))
    off = g.pick(_OFFENCES)
    d.add(["III. Uraian Kejadian"] + g.wrap(
        f"Pada {g.hari(when)}, {_fmt_date(when)} sekitar pukul "
        f"{g.n(7, 22):02d}.{g.pick(('00', '30', '15'))} WIB di Desa {g.desa()} telah terjadi dugaan {off}. "
        "Pelapor melihat langsung kejadian tersebut."))
    saksi = [g.person(ref=e.year) for _ in range(g.n(1, 3))]
    d.add(["IV. Saksi"] + [x for i, s in enumerate(saksi)
                           for x in g.wrap(f"{s.bare}, {s.address}", indent=f"{i + 1}. ")])
    d.add(["V. Bukti"] + g.items(g.sample(("rekaman video pada telepon genggam;", "foto amplop berisi uang;",
                                           "tangkapan layar percakapan;", "keterangan tertulis warga;"), 2),
                                 style="1."), opt=True)
    d.add(g.sign("Pelapor", pel.bare, when, nip=False)[:-1] + [pel.bare], opt=True, p=0.5)
    d.add(["Penerima laporan,", "", g.name(degree=0.3)], opt=True, p=0.6)
    return d.lines()


@_kind("bap_saksi", "DIK", ground="a", title="Berita acara pemeriksaan (BAP) saksi oleh penyidik Gakkumdu")
def _k_bap(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    when = e.vote + _dt.timedelta(days=g.n(1, 40))
    s = g.person(ref=e.year)
    d.add(_gakkumdu_head(g) if g.chance(0.5) else ["KEPOLISIAN NEGARA REPUBLIK INDONESIA"] + g.heading(
        f"RESOR {g.kab.name}"))
    d.add(g.heading(g.pick(("BERITA ACARA PEMERIKSAAN SAKSI", "BERITA ACARA PEMERIKSAAN")))
          + [g.pick(("PRO JUSTITIA", "\"PRO JUSTITIA\"", "Pro Justitia"))])
    d.add(g.wrap(
        f"Pada hari ini {g.words_date(when)}, pukul {g.n(8, 20):02d}.00 WIB, saya {g.name('L', 0.2)}, "
        f"penyidik pada Sentra Gakkumdu Kabupaten {g.kab.name}, telah memeriksa seorang "
        f"{'laki-laki' if s.sex == 'L' else 'perempuan'} yang mengaku bernama:"))
    d.add(g.fields([("Nama", s.bare), ("NIK", s.nik), ("Tempat/Tgl Lahir", s.ttl),
                    ("Pekerjaan", g.pick(("Petani", "Guru honorer", "Pedagang", "Ibu rumah tangga", "Sopir"))),
                    ("Alamat", s.address)]))
    d.add(g.wrap(f"Ia diperiksa dan didengar keterangannya sebagai saksi dalam perkara dugaan tindak pidana "
                 f"pemilu berupa {g.pick(_OFFENCES)}."))
    qa = [
        ("Apakah saudara dalam keadaan sehat dan bersedia diperiksa?", "Ya, saya sehat dan bersedia."),
        ("Di mana saudara berada pada saat kejadian?",
         f"Saya berada di rumah {g.bare_name('L')} di Desa {s.desa}."),
        ("Siapa yang membagikan amplop tersebut?",
         f"Yang membagikan adalah {g.bare_name('L')}, tim pemenangan."),
        ("Berapa jumlah uang yang saudara terima?",
         f"Saya menerima Rp {rupiah(g.pick((50_000, 100_000, 150_000, 200_000)))}."),
        ("Apakah ada orang lain yang melihat kejadian itu?", "Ada, tetangga saya juga menerima."),
    ]
    lines = []
    for i, (q, a) in enumerate(qa[: g.n(3, 5)]):
        lines += g.wrap(f"Pertanyaan: {q}", indent=f"{i + 1}. ") + g.wrap(f"Jawaban: {a}", indent="   ")
    d.add(lines)
    d.add(g.para("Setelah berita acara ini dibacakan kembali, saksi menyatakan setuju dan membubuhkan "
                 "tanda tangan.",
                 "Demikian berita acara pemeriksaan ini dibuat dengan sebenarnya atas kekuatan sumpah "
                 "jabatan."),
          opt=True)
    d.add(["Yang diperiksa,", "", s.bare, "", "Penyidik,", "", g.name("L", 0.2)], opt=True)
    return d.lines()


@_kind("undangan_klarifikasi_terlapor", "DIK", ground="a",
       title="Undangan/panggilan klarifikasi kepada terlapor atau saksi (Bawaslu)")
def _k_klarifikasi(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    when = e.vote + _dt.timedelta(days=g.n(-20, 15))
    who = g.person(ref=e.year, degree=0.2)
    role = g.pick(("Terlapor", "Saksi", "Pelapor"))
    top = _dated_letter(g, d, when, f"{g.n(10, 400)}/PP.01.02/K.SS-{g.n(10, 20)}/{when.month:02d}/{when.year}",
                        "Undangan Klarifikasi", g.to(f"Sdr. {who.name}", place=f"Desa {who.desa}"),
                        sifat=g.pick(("Segera", "Penting", "Rahasia", "Segera")), letterhead=_bawaslu_head(g))
    reg = f"{g.n(1, 40):03d}/Reg/LP/{e.kind.upper()[:2]}/Kab/{when.year}"
    meet = when + _dt.timedelta(days=g.n(1, 3))
    d.add(g.para(
        f"Dalam rangka penanganan laporan dugaan pelanggaran Nomor {reg} mengenai {g.pick(_OFFENCES)}, "
        f"Bawaslu Kabupaten {g.kab.name} meminta kehadiran Saudara sebagai {role} untuk dimintai "
        "klarifikasi pada:",
        f"Sehubungan dengan laporan yang telah diregistrasi dengan Nomor {reg}, kami mengundang Saudara "
        f"sebagai {role} untuk memberikan keterangan pada:",
    ))
    d.add(g.fields([("Hari/tanggal", f"{g.hari(meet)}, {_fmt_date(meet)}"), ("Pukul", f"{g.n(8, 15):02d}.00 WIB"),
                    ("Tempat", f"Ruang Sentra Gakkumdu Bawaslu Kabupaten {g.kab.name}"),
                    ("Keperluan", f"Klarifikasi sebagai {role}")]))
    d.add(g.para(
        "Saudara diminta membawa KTP-el dan dokumen yang berkaitan. Apabila berhalangan, harap memberitahukan "
        "kepada petugas.",
        "Ketidakhadiran Saudara tidak menghalangi proses penanganan pelanggaran sesuai ketentuan.",
    ))
    d.add(g.sign(f"Ketua Bawaslu Kabupaten {g.kab.name}", g.name(degree=0.5), None if top else when, nip=False))
    return d.lines()


@_kind("kajian_awal_pelanggaran", "DIK", ground="a",
       title="Kajian awal/kajian dugaan pelanggaran dan penerusan ke penyidik")
def _k_kajian(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    when = e.vote + _dt.timedelta(days=g.n(-20, 15))
    pel, ter = g.person(ref=e.year), g.person(ref=e.year)
    d.add(_bawaslu_head(g), p=0.7)
    d.add(g.heading(g.pick(("KAJIAN AWAL DUGAAN PELANGGARAN", "KAJIAN DUGAAN TINDAK PIDANA PEMILU",
                            "HASIL KAJIAN PEMBAHASAN PERTAMA SENTRA GAKKUMDU"))))
    d.add(g.fields([("Nomor laporan", f"{g.n(1, 40):03d}/LP/PL/Kab/{when.year}"),
                    ("Pelapor", f"{pel.bare}, {pel.desa}"), ("Terlapor", ter.bare),
                    ("Tanggal diterima", _fmt_date(when))]))
    d.add(["Uraian singkat:"] + g.wrap(f"Dugaan {g.pick(_OFFENCES)} oleh Terlapor di Kecamatan {ter.kec}."))
    d.add(["Analisis:"] + g.items(g.sample((
        "syarat formal laporan terpenuhi dan laporan disampaikan dalam batas waktu;",
        "syarat materiil terpenuhi karena terdapat uraian peristiwa dan bukti;",
        "keterangan saksi saling bersesuaian dengan bukti video;",
        "perbuatan memenuhi unsur pasal pidana pemilu yang disangkakan;",
        "identitas saksi perlu dilindungi karena adanya ancaman dari pihak terlapor;",
    ), g.n(2, 4)), style="1."))
    d.add(["Rekomendasi:"] + g.para(
        "Laporan diteruskan kepada penyidik Kepolisian pada Sentra Gakkumdu untuk dilakukan penyidikan.",
        "Perlu dilakukan klarifikasi tambahan terhadap saksi sebelum pembahasan kedua.",
        "Dugaan pelanggaran diteruskan kepada penyidik; dokumen ini tidak untuk dipublikasikan.",
    ))
    known = ["", "Mengetahui,", "Koordinator Divisi Penanganan Pelanggaran", "", g.name(degree=0.5)]
    d.add(["Pengkaji,", "", g.name(degree=0.5)] + (known if g.chance(0.5) else []))
    return d.lines()


@_kind("identitas_pelapor_saksi", "DIK", ground="a",
       title="Daftar identitas pelapor dan saksi dalam penanganan perkara pemilu")
def _k_identitas(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    when = e.vote + _dt.timedelta(days=g.n(-10, 20))
    d.add(_gakkumdu_head(g) if g.chance(0.6) else _bawaslu_head(g))
    d.add(g.heading(g.pick(("DAFTAR IDENTITAS PELAPOR DAN SAKSI", "LAMPIRAN: IDENTITAS SAKSI",
                            "DATA SAKSI PERKARA PIDANA PEMILU"))))
    d.add(g.fields([("Perkara", f"Dugaan {g.pick(_OFFENCES)}"),
                    ("Register", f"{g.n(1, 40):03d}/Reg/LP/Kab/{when.year}")]))
    people = [("Pelapor", g.person(ref=e.year))] + [("Saksi", g.person(ref=e.year)) for _ in range(g.n(2, 4))]
    for i, (role, p) in enumerate(people):
        d.add([f"{role}: {p.bare}"] + g.fields([("NIK", p.nik), ("Alamat", p.address), ("HP", p.phone)]),
              opt=i >= 2)
    d.add(g.para(
        "Identitas pelapor dan saksi dirahasiakan untuk melindungi keselamatan yang bersangkutan selama proses "
        "penyidikan.",
        "Data ini hanya untuk kepentingan penyidikan dan penuntutan.",
    ))
    return d.lines()


# ===========================================================================
# DIK b: bidders' offers before the award
# ===========================================================================


def _vendor_head(g: _G, vendor: str) -> list[str]:
    out = g.heading(vendor) + [f"{g.pick(('Jalan', 'Jl.'))} {g.pick(_DESA)} No. {g.n(1, 150)}, {g.kab.city}"]
    if g.chance(0.6):
        out.append(f"Telp. {g.mobile()} / email: {vendor.split()[-1].lower()}{g.n(1, 99)}@gmail.com")
    return out


@_kind("surat_penawaran_harga", "DIK", ground="b",
       title="Surat penawaran harga dari peserta sebelum penetapan pemenang")
def _k_penawaran(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    vendor = g.vendor()
    name, _, lo, hi = g.r.choice(_PAKET)
    price = g.money(lo, hi, 1_000)
    when = g.date(y, 1, 10)
    nomor = f"{g.n(1, 90):03d}/{vendor.split()[1][:3].upper()}/{_ROMAN[when.month - 1]}/{y}"
    top = _dated_letter(g, d, when, nomor,
                        g.pick(("Penawaran Harga", "Surat Penawaran", f"Penawaran Pekerjaan {name}")),
                        g.to(g.pick((f"Pejabat Pengadaan Sekretariat {g.kpu}",
                                     f"Pokja Pemilihan Sekretariat {g.kpu}"))),
                        sifat=g.pick(("Penting", "Rahasia", "Biasa")), letterhead=_vendor_head(g, vendor))
    d.add(g.wrap(f"Sehubungan dengan undangan pengadaan untuk paket pekerjaan {name.lower()}, kami yang "
                 f"bertanda tangan di bawah ini menyampaikan penawaran harga sebesar Rp {rupiah(price)} "
                 f"({terbilang(price)} rupiah) sudah termasuk PPN."))
    d.add(g.para(
        f"Penawaran ini berlaku selama {g.pick(('30', '45', '60'))} hari kalender sejak batas akhir pemasukan "
        f"penawaran, dengan jangka waktu pelaksanaan {g.n(10, 60)} hari kalender.",
        f"Kami sanggup menyelesaikan pekerjaan dalam waktu {g.n(10, 60)} hari kalender. Masa berlaku "
        "penawaran 30 hari kalender.",
    ))
    d.add(["Sebagai bahan pertimbangan, kami lampirkan:"] + g.items(g.sample((
        "rincian harga satuan penawaran;", "metode pelaksanaan pekerjaan;", "jadwal pelaksanaan;",
        "daftar personel dan peralatan;", "salinan NIB dan izin usaha;", "brosur dan spesifikasi teknis;",
    ), g.n(2, 4)), style="1."))
    d.add(g.para(
        "Dengan disampaikannya penawaran ini, kami menyatakan tunduk pada ketentuan dokumen pemilihan.",
        "Kami menyatakan harga penawaran ini disusun secara wajar tanpa persekongkolan dengan peserta lain.",
    ), opt=True)
    d.add(g.sign(g.pick((f"Direktur {vendor}", "Direktur", "Hormat kami")), g.name(degree=0.2),
                 None if top else when, nip=False))
    return d.lines()


_ITEMS = {
    "Cetak formulir": (("Formulir model C", "lembar", 300, 1_200), ("Sampul kertas", "lembar", 800, 2_500),
                       ("Map plastik", "buah", 1_500, 4_000), ("Stiker segel", "lembar", 400, 1_500),
                       ("Formulir D Hasil", "lembar", 350, 1_300)),
    "Kotak dan bilik suara": (("Kotak suara karton", "buah", 60_000, 95_000),
                              ("Bilik suara", "buah", 55_000, 90_000),
                              ("Segel plastik", "buah", 700, 2_000), ("Tinta sidik jari", "botol", 9_000, 18_000)),
    "Distribusi logistik": (("Sewa truk", "rit", 900_000, 2_500_000), ("Sewa perahu", "rit", 600_000, 1_800_000),
                            ("Tenaga bongkar muat", "OH", 120_000, 200_000),
                            ("Terpal dan tali", "paket", 150_000, 400_000)),
    "Alat tulis kantor": (("Kertas HVS A4", "rim", 45_000, 65_000), ("Tinta printer", "botol", 80_000, 150_000),
                          ("Ballpoint", "kotak", 25_000, 60_000), ("Map ordner", "buah", 25_000, 45_000)),
    "Laptop dan printer": (("Laptop i5 RAM 8GB", "unit", 8_000_000, 13_000_000),
                           ("Printer laser", "unit", 2_000_000, 5_000_000),
                           ("UPS 1200 VA", "unit", 1_200_000, 2_500_000)),
}


@_kind("rincian_harga_satuan_penawaran", "DIK", ground="b",
       title="Rincian harga satuan / daftar kuantitas dan harga penawaran penyedia")
def _k_rincian(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    vendor = g.vendor()
    paket = g.pick(sorted(_ITEMS))
    d.add(_vendor_head(g, vendor), p=0.6)
    d.add(g.heading(g.pick(("RINCIAN HARGA SATUAN PENAWARAN", "DAFTAR KUANTITAS DAN HARGA",
                            "LAMPIRAN SURAT PENAWARAN: RINCIAN HARGA"))))
    d.add(g.fields([("Paket", paket), ("Peserta", vendor), ("Satker", f"Sekretariat {g.kpu}"),
                    ("Tahun Anggaran", str(y))]))
    rows, tot = [], 0
    for item, unit, lo, hi in _ITEMS[paket]:
        if not g.chance(0.85):
            continue
        qty = g.n(10, 4000) if hi < 100_000 else g.n(1, 60)
        price = g.money(lo, hi, 50 if hi < 10_000 else 1000)
        tot += qty * price
        rows.append((item, f"{rupiah(qty)} {unit} x {rupiah(price)}", rupiah(qty * price)))
    if not rows:
        item, unit, lo, hi = _ITEMS[paket][0]
        rows.append((item, f"1 {unit} x {rupiah(hi)}", rupiah(hi)))
        tot = hi
    d.add(_table(("Uraian", "Volume x Harga", "Jumlah (Rp)"), rows))
    rate = 11 if y >= 2022 else 10
    ppn = tot * rate // 100
    d.add(g.fields([("Jumlah", f"Rp {rupiah(tot)}"), (f"PPN {rate}%", f"Rp {rupiah(ppn)}"),
                    ("Total penawaran", f"Rp {rupiah(tot + ppn)}")]))
    d.add(g.para(
        "Harga satuan sudah termasuk biaya pengiriman sampai gudang logistik dan keuntungan penyedia.",
        "Harga tersebut berlaku untuk pengadaan ini saja dan tidak mengikat untuk paket lainnya.",
        "Rincian ini merupakan bagian tidak terpisahkan dari surat penawaran kami.",
    ), opt=True)
    d.add(g.sign(f"Direktur {vendor}", g.name(degree=0.2), g.date(y, 1, 10), nip=False))
    return d.lines()


@_kind("metode_pelaksanaan_penyedia", "DIK", ground="b", trap=True,
       title="Metode pelaksanaan pekerjaan dari peserta pengadaan (sebelum penetapan)",
       note="A plain technical text without prices: exempt only because it is a bidder's offer.")
def _k_metode(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    vendor = g.vendor()
    name, _, _, _ = g.r.choice(_PAKET)
    d.add(_vendor_head(g, vendor), p=0.7)
    d.add(g.heading(g.pick(("METODE PELAKSANAAN PEKERJAAN", "METODE KERJA", "RENCANA DAN METODE PELAKSANAAN")))
          + g.wrap(f"Paket: {name} - Sekretariat {g.kpu} TA {y}"))
    steps = g.sample((
        "Tahap persiapan: mobilisasi tenaga kerja dan pemeriksaan spesifikasi bersama PPK.",
        "Tahap produksi: pencetakan dilakukan di bengkel kerja kami dengan dua mesin offset.",
        "Pengendalian mutu: setiap lot diperiksa petugas QC sebelum dikemas.",
        "Pengemasan: barang dikemas per kecamatan dan diberi label tujuan.",
        "Pengiriman: menggunakan armada sendiri dua truk dan satu mobil boks.",
        "Serah terima: dilakukan di gudang logistik disertai berita acara.",
        "Penanganan keterlambatan: tersedia tenaga cadangan dan jadwal lembur.",
    ), g.n(4, 6))
    lines = []
    for i, st in enumerate(steps):
        lines += g.wrap(st, indent=f"{i + 1}. ")
    d.add(lines)
    d.add(g.para(
        f"Jadwal pelaksanaan: {g.n(14, 45)} hari kalender sejak SPMK diterbitkan.",
        f"Seluruh pekerjaan dapat diselesaikan dalam {g.n(14, 45)} hari kalender.",
    ))
    d.add(g.fields([("Penanggung jawab teknis", g.name(degree=0.3)),
                    ("Peralatan utama", g.pick(("2 mesin cetak, 1 mesin potong", "2 truk, 1 forklift",
                                                "1 mobil boks, 3 troli")))]), opt=True)
    d.add(g.sign(f"Direktur {vendor}", g.name(degree=0.2), g.date(y, 1, 10), nip=False))
    return d.lines()


# ===========================================================================
# DIK g: authentic deeds
# ===========================================================================


def _dukcapil_head(g: _G) -> list[str]:
    return g.pick((["REPUBLIK INDONESIA"], [])) + g.heading(g.pick((
        f"PEMERINTAH KABUPATEN {g.kab.name}", "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL")))


@_kind("kutipan_akta_kelahiran", "DIK", ground="g",
       title="Salinan/kutipan akta kelahiran (lampiran berkas calon)")
def _k_akta_lahir(g: _G) -> list[str]:
    d = _Doc(g)
    p = g.person(age=(20, 55))
    father, mother = g.bare_name("L"), g.bare_name("P")
    reg = f"{g.kab.code}-{g.pick(('LT', 'LU'))}-{p.born.day:02d}{p.born.month:02d}{p.born.year}-{g.n(1, 9999):04d}"
    d.add(["Lampiran berkas calon: salinan dokumen"], p=0.3)
    d.add(_dukcapil_head(g))
    d.add(g.heading(g.pick(("KUTIPAN AKTA KELAHIRAN", "SALINAN KUTIPAN AKTA KELAHIRAN", "AKTA KELAHIRAN")))
          + [f"Nomor {reg}"])
    anak = g.pick(("pertama", "kedua", "ketiga", "keempat", "kelima"))
    d.add(g.para(
        f"Berdasarkan catatan register akta kelahiran, di {p.birthplace} pada tanggal {terbilang(p.born.day)} "
        f"{_MONTHS[p.born.month - 1]} tahun {terbilang(p.born.year)} telah lahir {p.bare}, anak {anak}, "
        f"{'laki-laki' if p.sex == 'L' else 'perempuan'}, dari suami istri {father} dan {mother}.",
        f"Dicatat bahwa di {p.birthplace} pada {_fmt_date(p.born)} telah lahir seorang anak "
        f"{'laki-laki' if p.sex == 'L' else 'perempuan'} bernama {p.bare}, anak {anak} dari ayah {father} dan "
        f"ibu {mother}.",
    ))
    if g.chance(0.4):
        issued = p.born + _dt.timedelta(days=g.n(10, 400))
    else:  # a recent reissue
        issued = g.date(g.n(max(2012, p.born.year + 1), 2024))
    d.add(g.fields(([("NIK", p.nik)] if issued.year >= 2011 else []) + [
        ("Nama ayah", father), ("Nama ibu", mother), ("Kewarganegaraan", "Indonesia")]), opt=True, p=0.7)
    d.add(g.wrap(f"Kutipan ini dikeluarkan di {g.kab.city} pada tanggal {_fmt_date(issued)}."))
    d.add(["Kepala Dinas Kependudukan dan", "Pencatatan Sipil,", "", "", g.name(degree=0.6),
           f"NIP. {g.nip(g.person(age=(40, 56)))}"])
    d.add(["Salinan sesuai dengan aslinya."], opt=True, p=0.5)
    return d.lines()


@_kind("akta_perkawinan_perceraian", "DIK", ground="g",
       title="Kutipan akta perkawinan / akta perceraian / buku nikah dalam berkas calon")
def _k_akta_nikah(g: _G) -> list[str]:
    d = _Doc(g)
    kind = g.pick(("nikah", "kawin", "cerai"))
    husband, wife = g.person("L", age=(25, 60)), g.person("P", age=(22, 55))
    when = _dt.date(g.n(1990, 2023), g.n(1, 12), g.n(1, 28))
    if kind == "nikah":
        d.add(g.heading("KEMENTERIAN AGAMA REPUBLIK INDONESIA")
              + g.heading(f"KANTOR URUSAN AGAMA KECAMATAN {husband.kec}"))
        d.add(g.heading("KUTIPAN AKTA NIKAH")
              + [f"Nomor : {g.n(1, 600):04d}/{g.n(1, 99):03d}/{_ROMAN[when.month - 1]}/{when.year}"])
    elif kind == "kawin":
        d.add(_dukcapil_head(g))
        d.add(g.heading("KUTIPAN AKTA PERKAWINAN")
              + [f"Nomor {g.kab.code}-KW-{when.day:02d}{when.month:02d}{when.year}-{g.n(1, 999):04d}"])
    else:
        d.add(g.heading(f"PENGADILAN AGAMA {g.kab.city}"))
        d.add(g.heading("AKTA CERAI") + [f"Nomor {g.n(1, 900)}/AC/{when.year}/PA.{g.kab.city[:3]}"])
    d.add(g.para(
        f"Pada tanggal {_fmt_date(when)} telah dilangsungkan perkawinan antara {husband.bare} dan {wife.bare} "
        f"di hadapan pegawai pencatat.",
        f"Telah dicatat perkawinan seorang laki-laki bernama {husband.bare} dengan seorang perempuan bernama "
        f"{wife.bare} pada {_fmt_date(when)}.",
    ) if kind != "cerai" else g.para(
        f"Berdasarkan putusan Pengadilan Agama yang telah berkekuatan hukum tetap, perkawinan antara "
        f"{husband.bare} dan {wife.bare} yang dilangsungkan pada {_fmt_date(when)} telah putus karena perceraian.",
        f"Panitera menerangkan bahwa perkawinan {husband.bare} dengan {wife.bare} telah putus karena cerai "
        f"sejak putusan berkekuatan hukum tetap.",
    ))
    d.add(["Suami:"] + g.fields([("Nama", husband.bare), ("NIK", husband.nik), ("Tempat/Tgl Lahir", husband.ttl)]))
    d.add(["Istri:"] + g.fields([("Nama", wife.bare), ("NIK", wife.nik), ("Tempat/Tgl Lahir", wife.ttl)]))
    if kind != "cerai":
        mahar = g.pick(("seperangkat alat salat", "emas 10 gram",
                        f"uang Rp {rupiah(g.money(100_000, 5_000_000, 100_000))}"))
        d.add(g.fields([("Wali nikah", g.bare_name("L")), ("Mas kawin", mahar)]), opt=True, p=0.7)
    d.add(g.sign(g.pick(("Pegawai Pencatat", "Kepala KUA", "Panitera")), g.name(degree=0.5),
                 when + _dt.timedelta(days=g.n(0, 30)), nip=False))
    d.add(["Dilegalisasi untuk keperluan pendaftaran calon."], opt=True, p=0.4)
    return d.lines()


@_kind("akta_notaris_pendirian", "DIK", ground="g",
       title="Salinan akta notaris pendirian badan (pemantau, penyedia, yayasan)")
def _k_akta_notaris(g: _G) -> list[str]:
    d = _Doc(g)
    when = _dt.date(g.n(2005, 2024), g.n(1, 12), g.n(1, 28))
    entity = g.pick((f"Perkumpulan Pemantau Pemilu {g.pick(('Serelo', 'Lematang', 'Bukit Barisan'))}",
                     g.vendor(), f"Yayasan Cahaya {g.pick(_DESA)}"))
    notary = f"{g.bare_name(g.pick('LP'))}, {g.pick(('S.H., M.Kn.', 'S.H.', 'S.H., M.Kn.'))}"
    d.add(g.heading(g.pick(("SALINAN AKTA", "AKTA PENDIRIAN", "SALINAN AKTA PENDIRIAN"))) + g.heading(entity)
          + [f"Nomor: {g.n(1, 90):02d}", f"Tanggal: {_fmt_date(when)}"])
    d.add(g.wrap(f"Pada hari ini, {g.hari(when)}, {_fmt_date(when)}, pukul {g.n(9, 16):02d}.00 WIB, menghadap "
                 f"kepada saya, {notary}, Notaris di {g.kab.city}, dengan dihadiri saksi-saksi yang saya kenal:"))
    for i in range(g.n(2, 3)):
        p = g.person(age=(28, 62), ref=when.year)
        d.add(g.wrap(f"{'Tuan' if p.sex == 'L' else 'Nyonya'} {p.bare}, lahir di {p.ttl}, "
                     f"{g.pick(('Wiraswasta', 'Pegawai swasta', 'Guru', 'Petani'))}, bertempat tinggal di "
                     f"{p.address}, pemegang NIK {p.nik}.", indent=f"{i + 1}. "))
    d.add(g.para(
        f"Para penghadap menerangkan dengan ini mendirikan {entity} dengan modal dasar Rp "
        f"{rupiah(g.money(10_000_000, 500_000_000, 1_000_000))} dan anggaran dasar sebagai berikut.",
        f"Para penghadap sepakat mendirikan {entity} yang berkedudukan di {g.kab.city} dengan maksud dan tujuan "
        "sebagaimana diuraikan dalam anggaran dasar.",
    ))
    d.add(g.para("Pasal 1: Badan ini bernama sebagaimana tersebut di atas dan didirikan untuk waktu tidak "
                 "ditentukan.",
                 "Pasal 1 Nama dan Kedudukan; Pasal 2 Jangka Waktu; Pasal 3 Maksud dan Tujuan."), opt=True)
    d.add(g.wrap(f"Diberikan sebagai salinan yang sama bunyinya oleh saya, {notary}, Notaris di {g.kab.city}."),
          opt=True, p=0.7)
    return d.lines()


# ===========================================================================
# DIK h: personal secrets (health, evaluations, finances, education, identity numbers)
# ===========================================================================


def _hospital_head(g: _G) -> list[str]:
    return g.pick((
        [f"PEMERINTAH KABUPATEN {g.kab.name.upper()}"] + g.heading(f"RUMAH SAKIT UMUM DAERAH {g.kab.city}"),
        g.heading(f"UPTD PUSKESMAS {g.pick(_KECAMATAN)}"),
        g.heading(f"RSUD {g.kab.city}") + [f"{g.pick(g.kab.streets)} {g.kab.city}"],
    ))


@_kind("surat_keterangan_sehat", "DIK", ground="h",
       title="Surat keterangan sehat jasmani dan rohani dengan hasil pemeriksaan")
def _k_sehat(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    when = g.date(y)
    p = g.person(ref=y, age=(21, 58))
    d.add(_hospital_head(g))
    d.add(g.heading(g.pick(("SURAT KETERANGAN SEHAT", "SURAT KETERANGAN SEHAT JASMANI DAN ROHANI",
                            "SURAT KETERANGAN HASIL PEMERIKSAAN KESEHATAN")))
          + [f"Nomor : {g.n(1, 900)}/SKS/{g.pick(('RSUD', 'PKM'))}/{_ROMAN[when.month - 1]}/{y}"])
    d.add(g.para("Yang bertanda tangan di bawah ini dokter pemeriksa menerangkan bahwa:",
                 "Dokter pemeriksa menerangkan dengan sesungguhnya bahwa:",
                 "Setelah dilakukan pemeriksaan kesehatan terhadap:"))
    d.add(g.fields([("Nama", p.bare), ("NIK", p.nik) if g.chance(0.6) else ("Umur", f"{y - p.born.year} tahun"),
                    ("Tempat/Tgl Lahir", p.ttl), ("Alamat", p.address),
                    ("Keperluan", g.pick(("Pendaftaran calon anggota PPK", "Syarat calon anggota DPRD",
                                          "Pendaftaran calon anggota PPS", "Seleksi anggota KPU Kabupaten")))]))
    sys_ = g.n(100, 165)
    bmi = g.r.uniform(17.5, 34)
    d.add(["Hasil pemeriksaan:"] + g.fields([
        ("Tekanan darah", f"{sys_}/{g.n(65, 105)} mmHg"), ("Nadi", f"{g.n(60, 100)} x/menit"),
        ("Tinggi/Berat", f"{g.n(150, 180)} cm / {g.n(45, 95)} kg (IMT {_pct(bmi, 1)})"),
        ("Visus", g.pick(("6/6 ODS", "6/9 OD, 6/6 OS", "6/12 ODS dengan kacamata"))),
        ("Buta warna", g.pick(("Tidak", "Tidak", "Parsial"))),
        ("Tes narkoba (urin)", "Negatif"),
    ] + ([("Catatan", g.pick(("Hipertensi grade I, disarankan kontrol", "Gula darah puasa 132 mg/dL",
                               "Riwayat asma, terkontrol", "Kolesterol total 245 mg/dL")))]
         if g.chance(0.5) else [])))
    d.add(g.para(
        "Berdasarkan pemeriksaan tersebut yang bersangkutan dinyatakan SEHAT JASMANI dan ROHANI.",
        "Kesimpulan: sehat jasmani dan rohani serta bebas dari penyalahgunaan narkotika.",
        "Yang bersangkutan dinyatakan memenuhi syarat kesehatan dengan catatan di atas.",
    ))
    d.add(g.sign("Dokter Pemeriksa", f"dr. {g.bare_name(g.pick('LP'))}", when, nip=False)
          + [f"SIP. {g.n(100, 999)}/{g.n(1000, 9999)}/DINKES/{y - g.n(0, 4)}"])
    return d.lines()


@_kind("hasil_tes_psikologi", "DIK", ground="h",
       title="Laporan hasil pemeriksaan psikologi calon anggota badan ad hoc / KPU")
def _k_psikologi(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    p = g.person(ref=y, age=(21, 55))
    d.add(g.heading(g.pick(("BIRO PSIKOLOGI SERELO INSAN MANDIRI", "LEMBAGA PSIKOLOGI TERAPAN LEMATANG",
                            "UPT LAYANAN PSIKOLOGI UNIVERSITAS SERELO RAYA"))))
    d.add(g.heading(g.pick(("LAPORAN HASIL PEMERIKSAAN PSIKOLOGIS", "HASIL TES PSIKOLOGI",
                            "PROFIL PSIKOLOGIS PESERTA"))))
    purpose = g.pick(("Seleksi calon anggota KPU Kabupaten", "Seleksi calon anggota PPK",
                      "Asesmen pegawai sekretariat"))
    d.add(g.fields([("Nama", p.bare), ("Nomor peserta", f"{g.n(1, 300):03d}"),
                    ("Tanggal lahir", _fmt_date(p.born)), ("Tujuan pemeriksaan", purpose)]))
    aspects = g.sample(("Kemampuan intelektual", "Daya analisa", "Stabilitas emosi", "Integritas",
                        "Kerja sama tim", "Kepemimpinan", "Ketahanan kerja", "Penyesuaian diri",
                        "Kepercayaan diri"), g.n(5, 8))
    cats = ("Kurang", "Kurang", "Cukup", "Baik", "Sangat Baik")
    scores = [g.n(1, 5) for _ in aspects]
    rows = [(a, str(sc), cats[sc - 1]) for a, sc in zip(aspects, scores)]
    d.add(_table(("Aspek", "Skor (1-5)", "Kategori"), rows))
    d.add(g.para(
        f"IQ (skala Wechsler) {g.n(88, 128)}, tergolong {g.pick(('rata-rata', 'rata-rata atas', 'superior'))}. "
        "Peserta cenderung berhati-hati dan kurang tegas dalam situasi tekanan.",
        "Peserta menunjukkan kecemasan yang cukup tinggi ketika bekerja dengan tenggat waktu ketat.",
        "Emosi relatif stabil, namun mudah tersinggung terhadap kritik dan cenderung menghindari konflik.",
    ))
    d.add(["Kesimpulan:"] + g.wrap(g.pick(("DISARANKAN", "DIPERTIMBANGKAN", "KURANG DISARANKAN"))
                                   + " untuk jabatan yang dituju."))
    d.add(g.para("Laporan ini bersifat rahasia dan hanya untuk keperluan panitia seleksi.",
                 "Hasil pemeriksaan tidak untuk disebarluaskan."), opt=True, p=0.5)
    d.add(g.sign("Psikolog Pemeriksa", g.name(degree=0.0) + ", M.Psi., Psikolog", g.date(y), nip=False)
          + [f"SIPP {g.n(1000000, 9999999)}-{y - g.n(1, 8)}"])
    return d.lines()


@_kind("rekap_nilai_seleksi", "DIK", ground="h", trap=True,
       title="Rekapitulasi nilai tes tertulis dan wawancara per peserta (nama + nilai)",
       note="Looks like the public selection announcement, but ties scores to names.")
def _k_nilai(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=300)
    body = g.pick(("PPK", "PPS", "anggota KPU Kabupaten"))
    kec, _ = g.kecamatan()
    d.add(g.letterhead(contacts=0.5), p=0.6)
    d.add(g.heading(g.pick(("REKAPITULASI NILAI", "REKAP HASIL TES TERTULIS DAN WAWANCARA",
                            "BERITA ACARA HASIL PENILAIAN"))) + g.heading(f"SELEKSI CALON {body} {e.short}"))
    d.add(g.fields([("Kecamatan", kec), ("Tanggal", _fmt_date(e.vote - _dt.timedelta(days=g.n(100, 300))))]))
    rows = []
    for _ in range(g.n(6, 13)):
        t, w = g.r.uniform(40, 95), g.r.uniform(50, 95)
        rows.append((_cell(g.bare_name(g.pick("LP"))), _pct(t), _pct(w)))
    rows.sort(key=lambda r: -float(r[1].replace(",", ".")) - float(r[2].replace(",", ".")))
    d.add(_table(("Nama Peserta", "Tes Tertulis", "Wawancara"), rows))
    d.add(g.para(
        "Nilai akhir dihitung dari 60 persen tes tertulis dan 40 persen wawancara.",
        f"Catatan pewawancara: peserta {rows[-1][0]} kurang menguasai tahapan dan gugup.",
        "Peringkat disusun berdasarkan jumlah nilai; peserta peringkat 1 sampai 5 diusulkan.",
    ))
    d.add(["Tim Seleksi:"] + [f"{i + 1}. {g.name(degree=0.5)} ......" for i in range(g.n(2, 3))])
    return d.lines()


@_kind("penilaian_kinerja_pegawai", "DIK", ground="h",
       title="Penilaian kinerja pegawai (SKP) dengan catatan atasan")
def _k_skp(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year(2019, 2024)
    p = g.person(ref=y, age=(25, 56), degree=0.6)
    boss = g.official("sekretaris")
    d.add(g.heading(g.pick(("PENILAIAN KINERJA PEGAWAI", "DOKUMEN EVALUASI KINERJA PEGAWAI",
                            "SASARAN KINERJA PEGAWAI (SKP)"))) + [f"Periode 1 Januari - 31 Desember {y}"])
    d.add(["Pegawai yang dinilai:"] + g.fields([
        ("Nama", p.name), ("NIP", g.nip(p)),
        ("Pangkat/Gol.", g.pick(("Penata Muda / III.a", "Penata Muda Tk. I / III.b", "Penata / III.c",
                                 "Pengatur / II.c"))),
        ("Jabatan", g.pick(("Pengelola Keuangan", "Penata Kelola Pemilu", "Arsiparis", "Pranata Komputer",
                            "Analis Hukum"))),
        ("Unit", f"Sekretariat {g.kpu}")]))
    d.add(["Pejabat penilai:"] + g.fields([("Nama", boss.name), ("NIP", g.nip(boss))]))
    rows = []
    for k in g.sample(("Laporan keuangan", "Pengelolaan arsip", "Layanan informasi", "Data pemilih",
                       "Pengadaan barang", "Produk hukum"), g.n(3, 5)):
        v = g.n(55, 99)
        rows.append((k, str(v), "Di bawah" if v < 70 else "Sesuai" if v < 88 else "Di atas"))
    d.add(_table(("Rencana Hasil Kerja", "Realisasi", "Ekspektasi"), rows))
    pred = g.pick(("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang"))
    d.add(g.fields([("Predikat kinerja", pred)]) + g.para(
        "Catatan atasan: pegawai sering terlambat dan perlu pembinaan dalam disiplin waktu.",
        "Catatan atasan: inisiatif baik, namun ketelitian dalam laporan perlu ditingkatkan.",
        "Catatan atasan: perilaku kerja kurang kooperatif dengan rekan satu tim.",
        "Catatan atasan: menunjukkan kinerja menonjol selama tahapan rekapitulasi.",
    ))
    d.add(g.sign("Pejabat Penilai Kinerja", boss, g.date(y + 1, 1, 2), nip=True), opt=True)
    return d.lines()


@_kind("daftar_rekening_honorarium", "DIK", ground="h",
       title="Daftar nominatif honorarium badan ad hoc (rekening, NPWP/NIK)")
def _k_rekening(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    kec, _ = g.kecamatan()
    month = g.pick(_MONTHS)
    d.add(g.heading(g.pick(("DAFTAR NOMINATIF PEMBAYARAN HONORARIUM", "DAFTAR PENERIMA HONORARIUM",
                            "DAFTAR REKENING PENERIMA HONOR"))) + g.heading(f"PPK KECAMATAN {kec}")
          + [f"Bulan {month} {e.year}"])
    use_nik = e.year >= 2024 and g.chance(0.6) or g.chance(0.2)
    rows = []
    people = [g.person(ref=e.year, age=(22, 55)) for _ in range(g.n(5, 9))]
    for p in people:
        bank, acc = g.account()
        short = {"Bank Sumsel Babel": "BSB", "Bank Mandiri": "Mandiri"}.get(bank, bank)
        rows.append((_cell(p.bare), f"{short} {acc}", p.nik if use_nik else g.npwp()))
    d.add(_table(("Nama", "Bank / No. Rekening", "NIK/NPWP" if use_nik else "NPWP"), rows))
    hon = g.pick((1_850_000, 2_200_000, 2_500_000, 1_500_000))
    tax = hon * g.pick((5, 6)) // 100
    d.add(g.fields([("Honor per orang", f"Rp {rupiah(hon)}"), ("PPh Pasal 21", f"Rp {rupiah(tax)}"),
                    ("Jumlah dibayarkan", f"Rp {rupiah((hon - tax) * len(people))}")]))
    d.add(g.para("Pembayaran dilakukan melalui transfer langsung ke rekening masing-masing penerima.",
                 "Penerima yang belum memiliki rekening agar segera melapor kepada bendahara."), opt=True)
    d.add(g.sign("Bendahara Pengeluaran", g.person(degree=0.3), g.date(e.year), nip=True), opt=True, p=0.8)
    return d.lines()


@_kind("formulir_pendaftaran_adhoc", "DIK", ground="h",
       title="Formulir pendaftaran / daftar riwayat hidup calon anggota badan ad hoc")
def _k_formulir(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=300)
    p = g.person(ref=e.year, age=(20, 55))
    body = g.pick(("PPK", "PPS", "KPPS", "Pantarlih"))
    d.add(g.heading(g.pick(("FORMULIR PENDAFTARAN", "DAFTAR RIWAYAT HIDUP", "FORMULIR DATA DIRI")))
          + g.heading(f"CALON ANGGOTA {body} {e.short}"))
    mail = (f"{p.bare.split()[0].lower()}{p.born.year % 100:02d}{g.n(1, 99)}"
            f"@{g.pick(('gmail.com', 'gmail.com', 'yahoo.co.id'))}")
    d.add(g.fields([("Nama lengkap", p.name), ("NIK", p.nik), ("Nomor KK", p.kk), ("Tempat/Tgl Lahir", p.ttl),
                    ("Jenis kelamin", "Laki-laki" if p.sex == "L" else "Perempuan"),
                    ("Agama", g.pick(("Islam", "Islam", "Islam", "Kristen", "Katolik"))),
                    ("Status perkawinan", g.pick(("Kawin", "Belum kawin", "Cerai hidup"))),
                    ("Alamat", p.address), ("Nomor HP", p.phone),
                    ("Email", mail)]))
    d.add(["Riwayat pendidikan:"] + g.items(g.sample((
        f"SD Negeri {g.n(1, 40)} {g.kab.city}, lulus {p.born.year + 12}",
        f"SMA Negeri {g.n(1, 8)} {g.kab.city}, lulus {p.born.year + 18}",
        f"S1 Universitas Serelo Raya, lulus {p.born.year + 23}",
        f"D3 Politeknik Lematang, lulus {p.born.year + 21}",
    ), 2), style="1."))
    d.add(["Pengalaman kepemiluan:"] + g.items(g.sample((
        f"Anggota KPPS Pemilu {e.year - 5}", f"Anggota PPS Pemilihan {e.year - 4}", "Pantarlih 2018",
        "Belum pernah"), g.n(1, 2)), style="-"), opt=True)
    d.add(g.wrap("Demikian data ini saya isi dengan sebenarnya dan dapat dipertanggungjawabkan."))
    d.add([g.place_date(e.vote - _dt.timedelta(days=g.n(90, 300))), "Yang membuat,", "", "", p.bare])
    return d.lines()


@_kind("transkrip_ijazah", "DIK", ground="h", title="Salinan ijazah / transkrip nilai dalam berkas calon")
def _k_transkrip(g: _G) -> list[str]:
    d = _Doc(g)
    p = g.person(age=(22, 50))
    grad = p.born.year + g.n(21, 26)
    uni = g.pick(("UNIVERSITAS SERELO RAYA", "SEKOLAH TINGGI ILMU HUKUM LEMATANG", "UNIVERSITAS BUKIT BARISAN",
                  "STIE MUSI ULU"))
    prodi = g.pick(("Ilmu Hukum", "Ilmu Pemerintahan", "Manajemen", "Pendidikan Matematika", "Teknik Informatika"))
    d.add(["Fotokopi sesuai aslinya, dilegalisasi"], p=0.3)
    d.add(g.heading(uni) + g.heading(g.pick(("TRANSKRIP AKADEMIK", "DAFTAR NILAI AKADEMIK", "TRANSKRIP NILAI"))))
    d.add(g.fields([("Nama", p.bare), ("NIM", f"{grad - 4 - 2000:02d}{g.n(10, 99)}{g.n(1000, 9999)}"),
                    ("Tempat/Tgl Lahir", p.ttl), ("Program studi", prodi),
                    ("Nomor ijazah", f"{g.n(100, 999)}/{uni.split()[-1][:3]}/{grad}")]))
    courses = ("Pengantar Ilmu Politik", "Hukum Tata Negara", "Statistika", "Bahasa Indonesia", "Pancasila",
               "Metodologi Penelitian", "Sistem Pemilu", "Administrasi Publik", "Akuntansi Dasar",
               "Algoritma", "Etika Profesi", "Kuliah Kerja Nyata", "Skripsi")
    rows = [(_cell(c), str(g.pick(("2", "3", "3", "4", "6"))), g.pick(("A", "A-", "B+", "B", "B", "C+", "C")))
            for c in g.sample(courses, g.n(6, 12))]
    d.add(_table(("Mata Kuliah", "SKS", "Nilai"), rows))
    d.add(g.fields([("Jumlah SKS", str(g.n(144, 152))), ("IPK", _pct(g.r.uniform(2.5, 3.9))),
                    ("Predikat", g.pick(("Memuaskan", "Sangat Memuaskan", "Dengan Pujian")))]))
    d.add(g.sign("Dekan", g.name(degree=1.0), _dt.date(grad, g.n(7, 11), g.n(1, 28)), nip=g.chance(0.5)), opt=True)
    return d.lines()


@_kind("skck", "DIK", ground="h", title="Surat keterangan catatan kepolisian (SKCK) dalam berkas calon")
def _k_skck(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    when = g.date(y)
    p = g.person(ref=y, age=(21, 60))
    d.add(["KEPOLISIAN NEGARA REPUBLIK INDONESIA"] + g.heading(f"RESOR {g.kab.name}"))
    d.add(g.heading("SURAT KETERANGAN CATATAN KEPOLISIAN")
          + [f"Nomor: SKCK/YANMAS/{g.n(100, 9999)}/{_ROMAN[when.month - 1]}/{y}/INTELKAM"])
    d.add(g.wrap("Diterangkan bersama ini bahwa:"))
    d.add(g.fields([("Nama", p.bare), ("Jenis kelamin", "Laki-laki" if p.sex == "L" else "Perempuan"),
                    ("Kebangsaan", "Indonesia"),
                    ("Agama", g.pick(("Islam", "Islam", "Kristen Protestan", "Katolik"))),
                    ("Tempat/Tgl Lahir", p.ttl), ("Alamat", p.address), ("NIK", p.nik),
                    ("Pekerjaan", g.pick(("Wiraswasta", "Guru", "Petani", "Karyawan swasta",
                                          "Mengurus rumah tangga"))),
                    ("Rumus sidik jari",
                     f"{g.n(1, 31)} {g.pick(('I', 'O'))} {g.n(1, 31)} {g.pick(('U', 'R', 'W'))}")]))
    d.add(g.para(
        "Setelah diadakan penelitian hingga saat dikeluarkan surat keterangan ini, yang bersangkutan tidak "
        "memiliki catatan atau keterlibatan dalam kegiatan kriminal apa pun.",
        "Berdasarkan data yang ada, orang tersebut tidak tercatat pernah terlibat perkara pidana.",
    ))
    d.add(g.fields([("Keperluan", g.pick(("Pendaftaran calon anggota DPRD", "Pendaftaran calon anggota KPU",
                                          "Melamar pekerjaan"))),
                    ("Berlaku", f"{_fmt_date(when)} s.d. {_fmt_date(when + _dt.timedelta(days=182))}")]))
    d.add(g.sign(f"a.n. Kapolres {g.kab.name}", g.name(degree=0.4), when, nip=False)
          + [f"{g.pick(('AKP', 'IPTU', 'KOMPOL'))} NRP {g.n(60000000, 99999999)}"])
    return d.lines()


@_kind("data_pemilih_nik_lengkap", "DIK", ground="h", trap=True,
       title="Daftar pemilih dengan NIK, KK dan tanggal lahir lengkap (tidak disamarkan)",
       note="Looks like the public DPS/DPT announcement, but the identifiers are complete.")
def _k_dp_full(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=200)
    kec, _ = g.kecamatan()
    desa = g.desa()
    d.add(g.heading(g.pick(("DAFTAR PEMILIH", "DAFTAR PEMILIH HASIL PEMUTAKHIRAN", "MODEL A-DAFTAR PEMILIH",
                            "DATA PEMILIH PER TPS"))) + g.heading(e.name))
    d.add(g.fields([("Kecamatan", kec), ("Desa", desa), ("TPS", f"{g.n(1, 14):03d}")]))
    style = g.r.randrange(2)
    rows = []
    for _ in range(g.n(7, 12)):
        p = g.person(ref=e.year, age=(17, 85))
        if style == 0:
            rows.append((_cell(p.bare), p.nik, p.kk))
        else:
            rows.append((_cell(p.bare), p.nik, f"{p.born.day:02d}-{p.born.month:02d}-{p.born.year}"))
    d.add(_table(("Nama", "NIK", "Nomor KK" if style == 0 else "Tgl Lahir"), rows))
    d.add(g.para(
        "Daftar ini digunakan oleh petugas pemutakhiran untuk pencocokan dan penelitian dari rumah ke rumah.",
        f"Data pemilih diserahkan kepada PPS Desa {desa} untuk keperluan penyusunan daftar pemilih.",
        "Salinan ini untuk keperluan internal penyelenggara; dilarang digandakan.",
    ))
    d.add(g.sign(f"Ketua PPS Desa {desa}", g.name(), e.vote - _dt.timedelta(days=g.n(100, 200)), nip=False),
          opt=True)
    return d.lines()


# ===========================================================================
# DIK i: confidential memoranda within or between public bodies
# ===========================================================================

_SECRET = ("RAHASIA", "SANGAT RAHASIA", "TERBATAS", "Rahasia", "Terbatas")


@_kind("nota_dinas_rahasia", "DIK", ground="i",
       title="Nota dinas internal bersifat rahasia / terbatas")
def _k_nota(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    when = g.date(y)
    hal, body = g.r.choice((
        ("Temuan Pemeriksaan Kas Bendahara",
         (f"Dengan hormat, bersama ini kami laporkan bahwa pemeriksaan kas pada "
          f"{_fmt_date(when - _dt.timedelta(days=g.n(2, 20)))} menemukan selisih sebesar Rp "
          f"{rupiah(g.money(2_000_000, 90_000_000, 50_000))} yang belum dapat dijelaskan oleh bendahara.")),
        ("Dugaan Keterlibatan Anggota PPK dalam Kampanye",
         (f"Berdasarkan informasi yang kami terima, dua anggota PPK Kecamatan {g.kecamatan()[0]} diduga "
          "menghadiri pertemuan tim pemenangan salah satu calon. Kami mohon arahan sebelum klarifikasi.")),
        ("Strategi Menghadapi Gugatan di PTUN",
         ("Sehubungan dengan gugatan yang diajukan bakal calon, kami sampaikan pokok-pokok strategi "
          "pembelaan serta kelemahan bukti yang kami miliki untuk dibahas secara terbatas.")),
        ("Laporan Kekurangan Logistik di Gudang",
         (f"Pada pemeriksaan gudang ditemukan kekurangan {rupiah(g.n(200, 4000))} lembar surat suara dan "
          f"segel untuk Kecamatan {g.kecamatan()[0]}. Hal ini belum disampaikan kepada pihak luar.")),
        ("Rencana Pengamanan Surat Suara Cadangan",
         ("Surat suara cadangan akan disimpan di ruang terpisah dengan kunci ganda. Lokasi dan jadwal "
          "pemindahan hanya diketahui oleh pejabat yang tercantum dalam nota ini.")),
    ))
    d.add(g.letterhead(contacts=0.3), p=0.6)
    d.add(g.heading("NOTA DINAS"))
    d.add(g.fields([
        ("Kepada", g.pick((f"Ketua KPU Kabupaten {g.kab.name}", "Sekretaris", "Para Anggota KPU Kabupaten"))),
        ("Dari", g.pick(("Kepala Subbagian Keuangan, Umum dan Logistik", "Kepala Subbagian Hukum dan SDM",
                         "Kepala Subbagian Teknis dan Hupmas", "Sekretaris"))),
        ("Tanggal", _fmt_date(when)), ("Nomor", g.nomor(g.pick(("ND", "KU.01", "SDM.01", "PL.01")), y, "ND")),
        ("Sifat", g.pick(_SECRET)), ("Lampiran", g.lampiran()),
        ("Hal", hal)]))
    d.add(g.wrap(body))
    d.add(["Usulan tindak lanjut:"] + g.items(g.sample((
        "pembahasan dalam rapat pleno tertutup;", "klarifikasi kepada pihak terkait secara tertutup;",
        "koordinasi dengan KPU Provinsi sebelum disampaikan kepada publik;",
        "pemeriksaan lanjutan oleh Inspektorat;", "penyusunan kronologi untuk kuasa hukum;",
    ), g.n(2, 3)), style="1."))
    d.add(g.para("Nota dinas ini tidak untuk disebarluaskan.", "Mohon arahan Bapak/Ibu.",
                 "Demikian kami sampaikan untuk mendapat petunjuk lebih lanjut."))
    d.add(g.sign(g.pick(("Kepala Subbagian", "Sekretaris")), g.person(degree=0.6), nip=g.chance(0.6)))
    return d.lines()


@_kind("risalah_pleno_tertutup", "DIK", ground="i",
       title="Risalah rapat pleno tertutup (pendapat anggota sebelum keputusan)")
def _k_pleno_tertutup(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=200)
    when = e.vote + _dt.timedelta(days=g.n(-200, 40))
    topic = g.pick(("Pemberhentian Anggota PPK yang Diduga Melanggar Kode Etik",
                    "Sikap KPU atas Rekomendasi Bawaslu", "Penanganan Selisih Suara di Kecamatan",
                    "Penentuan Pejabat Pengganti Antarwaktu", "Tanggapan atas Gugatan di Mahkamah Konstitusi"))
    d.add(g.heading(g.pick(("RISALAH RAPAT PLENO TERTUTUP", "NOTULEN RAPAT PLENO (TERTUTUP)",
                            "CATATAN RAPAT PLENO TERTUTUP"))) + g.heading(f"KPU KABUPATEN {g.kab.name}"))
    d.add(g.fields([("Hari/tanggal", f"{g.hari(when)}, {_fmt_date(when)}"), ("Agenda", topic),
                    ("Sifat", g.pick(("Tertutup", "Rahasia", "Terbatas untuk anggota")))]))
    members = [g.official("ketua").bare] + [g.bare_name(g.pick("LP")) for _ in range(g.n(2, 4))]
    views = (
        "berpendapat bukti belum cukup dan meminta klarifikasi ulang;",
        "mengusulkan sanksi pemberhentian tetap karena pelanggaran berulang;",
        "khawatir keputusan ini akan digugat dan meminta kajian hukum;",
        "menyetujui usulan dengan catatan tidak diumumkan sebelum keputusan final;",
        "menolak usulan karena dapat memicu keberatan dari peserta;",
        "meminta agar nama-nama yang dibahas tidak disampaikan kepada media;",
    )
    lines = ["Pendapat anggota:"]
    for m, v in zip(members, g.sample(views, len(members))):
        lines += g.wrap(f"{m} {v}", indent="- ")
    d.add(lines)
    d.add(g.para(
        "Rapat belum mengambil keputusan dan akan dilanjutkan setelah kajian hukum selesai.",
        ("Keputusan diambil dengan suara terbanyak dan akan dituangkan dalam keputusan KPU setelah "
         "dikonsultasikan."),
        "Risalah ini hanya untuk anggota dan tidak untuk disebarluaskan.",
    ))
    d.add(["Notulis,", "", g.name(degree=0.3)], opt=True)
    return d.lines()


@_kind("telaahan_staf", "DIK", ground="i", title="Telaahan staf yang belum diputuskan")
def _k_telaahan(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    d.add(g.heading("TELAAHAN STAF"))
    problem = g.pick((
        "kemungkinan perubahan lokasi gudang logistik karena sewa tidak diperpanjang",
        "permintaan pemohon informasi atas salinan formulir pendaftaran calon",
        "rencana pengurangan honorarium badan ad hoc akibat efisiensi anggaran",
        "usulan mutasi dua pegawai yang kinerjanya menurun",
        "tindak lanjut temuan BPK atas pertanggungjawaban perjalanan dinas",
    ))
    d.add(g.fields([("Kepada", f"Ketua KPU Kabupaten {g.kab.name}"), ("Dari", "Sekretaris"),
                    ("Tanggal", _fmt_date(g.date(y))), ("Perihal", problem[0].upper() + problem[1:])]
                   + ([("Sifat", g.pick(_SECRET))] if g.chance(0.6) else [])))
    d.add(["I. Persoalan"] + g.wrap(f"Perlu diambil keputusan mengenai {problem}."))
    d.add(["II. Praanggapan"] + g.para(
        "Keputusan harus diambil sebelum akhir bulan agar tidak mengganggu tahapan.",
        "Anggaran yang tersedia tidak mencukupi seluruh kebutuhan.",
    ))
    d.add(["III. Fakta yang Mempengaruhi"] + g.items(g.sample((
        "pemilik gudang meminta kenaikan harga sewa 40 persen;",
        "terdapat dua alternatif lokasi dengan akses jalan terbatas;",
        "pegawai yang bersangkutan telah diberi teguran lisan dua kali;",
        "nilai temuan belum dikembalikan seluruhnya;",
        "pendapat biro hukum belum diterima;",
    ), g.n(2, 3)), style="a."))
    d.add(["IV. Analisis"] + g.para(
        "Alternatif pertama lebih murah namun berisiko terhadap keamanan logistik; alternatif kedua aman "
        "tetapi memerlukan revisi anggaran.",
        "Apabila tidak ditindaklanjuti, temuan akan menjadi catatan dalam opini laporan keuangan.",
    ))
    d.add(["V. Saran"] + g.para(
        "Disarankan Ketua memilih alternatif kedua setelah berkonsultasi dengan KPU Provinsi.",
        "Mohon persetujuan untuk membahas hal ini dalam rapat pleno tertutup.",
    ))
    d.add(g.sign("Sekretaris", g.official("sekretaris"), nip=True), opt=True)
    return d.lines()


@_kind("surat_disiplin_pegawai", "DIK", ground="i",
       title="Surat internal tentang pemeriksaan disiplin pegawai")
def _k_disiplin(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.year()
    when = g.date(y)
    p = g.person(ref=y, age=(25, 55), degree=0.5)
    top = _dated_letter(g, d, when, g.nomor("SDM.05", y), g.pick(("Laporan Hasil Pemeriksaan Disiplin",
                                                                 "Pemanggilan Pemeriksaan Disiplin",
                                                                 "Usulan Penjatuhan Hukuman Disiplin")),
                        g.to(g.pick(("Sekretaris Jenderal KPU", "Ketua KPU Provinsi Sumatera Selatan",
                                     f"Ketua KPU Kabupaten {g.kab.name}"))),
                        sifat=g.pick(_SECRET))
    days = g.n(6, 40)
    d.add(g.para(
        f"Bersama ini kami laporkan hasil pemeriksaan terhadap Saudara {p.name}, NIP {g.nip(p)}, yang tidak masuk "
        f"kerja tanpa keterangan selama {days} hari kerja pada tahun {y}.",
        f"Saudara {p.name} (NIP {g.nip(p)}) diduga melakukan pelanggaran disiplin berupa "
        f"{g.pick(('penyalahgunaan wewenang', 'ketidakhadiran berulang', 'menerima pemberian dari rekanan'))}.",
    ))
    d.add(g.para(
        "Dalam pemeriksaan, yang bersangkutan mengakui perbuatannya dengan alasan masalah keluarga.",
        "Yang bersangkutan membantah sebagian tuduhan dan menyampaikan keberatan tertulis.",
        "Tim pemeriksa telah meminta keterangan atasan langsung dan dua orang rekan kerja.",
    ))
    d.add(g.para(
        f"Tim pemeriksa mengusulkan hukuman disiplin {g.pick(('ringan', 'sedang', 'berat'))} sesuai PP 94/2021.",
        "Kami mohon arahan lebih lanjut sebelum keputusan hukuman disiplin ditetapkan.",
    ))
    d.add(g.para("Surat ini bersifat rahasia dan tidak untuk disebarluaskan.",
                 "Mohon dokumen ini diperlakukan secara terbatas."), opt=True, p=0.6)
    d.add(g.sign("Sekretaris", g.official("sekretaris"), None if top else when, nip=True))
    return d.lines()


@_kind("surat_terbatas_antarlembaga", "DIK", ground="i",
       title="Surat bersifat terbatas/rahasia antara KPU provinsi dan kabupaten")
def _k_terbatas(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    when = e.vote + _dt.timedelta(days=g.n(-60, 30))
    g.city = "Palembang"
    head = (["KOMISI PEMILIHAN UMUM"] + g.heading("PROVINSI SUMATERA SELATAN")
            + [f"Jalan {g.pick(('Merdeka', 'Kapten Rivai', 'Angkatan 45'))} Nomor {g.n(1, 90)}, Palembang"])
    top = _dated_letter(g, d, when, f"{g.n(1, 900)}/{g.pick(('PL.01', 'HK.06', 'SDM.13'))}/16/{when.year}",
                        g.pick(("Arahan Penanganan Perkara", "Langkah Antisipasi Sengketa Hasil",
                                "Evaluasi Kinerja Anggota KPU Kabupaten")),
                        g.to(f"Ketua KPU Kabupaten {g.kab.name}"), sifat=g.pick(_SECRET), letterhead=head)
    d.add(g.para(
        "Menindaklanjuti laporan Saudara mengenai potensi gugatan hasil, bersama ini disampaikan arahan yang "
        "bersifat terbatas dan hanya untuk pimpinan:",
        "Berdasarkan hasil supervisi, kami mencatat sejumlah kelemahan kinerja yang perlu segera diperbaiki "
        "sebelum dibahas dalam rapat evaluasi:",
    ))
    d.add(g.items(g.sample((
        "siapkan kronologi dan seluruh salinan formulir hasil di kecamatan yang dipersoalkan;",
        "jangan memberikan keterangan kepada media sebelum berkoordinasi dengan KPU Provinsi;",
        "inventarisasi kesalahan administrasi yang berpotensi dijadikan dalil pemohon;",
        "anggota yang bersangkutan agar tidak menangani divisi teknis sementara waktu;",
        "laporkan setiap perkembangan melalui saluran resmi yang tidak terbuka untuk umum;",
    ), g.n(3, 4)), style="1."))
    d.add(g.para("Surat ini tidak untuk dipublikasikan.", "Demikian untuk menjadi perhatian."))
    d.add(g.sign("Ketua KPU Provinsi Sumatera Selatan", g.name(degree=0.6), None if top else when, nip=False))
    return d.lines()


# ===========================================================================
# DIK j: information another law forbids disclosing
# ===========================================================================


@_kind("ekspor_data_kependudukan", "DIK", ground="j",
       title="Data kependudukan dari Dukcapil (NIK, nama ibu kandung, NIK orang tua, disabilitas)",
       note="Adminduk Pasal 84 data, shared with KPU under an agreement.")
def _k_adminduk(g: _G) -> list[str]:
    d = _Doc(g)
    y = g.pick((2019, 2020, 2023, 2024))
    kec, _ = g.kecamatan()
    d.add(_dukcapil_head(g))
    d.add(g.heading(g.pick(("DATA KONSOLIDASI BERSIH KEPENDUDUKAN", "DATA PENDUDUK POTENSIAL PEMILIH",
                            "HASIL PADANAN DATA KEPENDUDUKAN")))
          + [f"Kecamatan {kec} - Semester {g.pick(('I', 'II'))} {y}"])
    for _ in range(g.n(3, 5)):
        p = g.person(ref=y, age=(17, 80))
        child_age = y - p.born.year
        mother = g.person("P", ref=y, age=(min(child_age + 18, 95), min(child_age + 40, 100)))
        rec = [f"NIK {p.nik} | {p.bare} | {p.sex} | {p.born.day:02d}-{p.born.month:02d}-{p.born.year}",
               f"  Nama ibu kandung: {mother.bare} | NIK ibu: {mother.nik}"]
        if g.chance(0.35):
            dis = g.pick(("fisik", "sensorik netra", "sensorik rungu", "mental", "intelektual"))
            rec.append(f"  Disabilitas: {dis}")
        else:
            rec.append(f"  No. KK: {p.kk} | {g.pick(('Kawin', 'Belum kawin', 'Cerai mati'))}")
        d.add(rec)
    d.add(g.para(
        "Data ini diberikan berdasarkan perjanjian kerja sama pemanfaatan data kependudukan dan hanya untuk "
        "pemutakhiran daftar pemilih. Dilarang disebarluaskan sesuai UU Administrasi Kependudukan.",
        "Pengguna data wajib menjaga kerahasiaan data pribadi penduduk sesuai Pasal 79 dan 84 UU Adminduk.",
    ))
    return d.lines()


@_kind("kredensial_sistem_informasi", "DIK", ground="j",
       title="Berita acara serah terima akun SIDALIH/SIREKAP/SILON (username dan kata sandi)")
def _k_kredensial(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election(lead=200)
    system = g.pick(("SIDALIH", "SIREKAP", "SILON", "SIPOL", "SIAKBA", "SILOG"))
    when = e.vote - _dt.timedelta(days=g.n(5, 200))
    d.add(g.letterhead(contacts=0.4), p=0.7)
    d.add(g.heading(g.pick(("BERITA ACARA SERAH TERIMA AKUN", "DAFTAR AKUN PENGGUNA",
                            "PEMBERITAHUAN AKUN OPERATOR"))) + g.heading(f"APLIKASI {system}"))
    d.add(g.wrap(f"Pada {g.hari(when)}, {_fmt_date(when)} telah diserahkan akun {system} kepada operator "
                 f"berikut untuk keperluan {e.short}:"))
    chars = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    rows = []
    for _ in range(g.n(3, 7)):
        nm = g.bare_name(g.pick("LP"))
        user = f"{g.pick(('op', 'adm', 'ppk', 'kab'))}.{nm.split()[0].lower()}{g.n(1, 99)}"
        pw = "".join(g.r.choice(chars) for _ in range(g.n(9, 12))) + g.pick(("#", "@", "!", "$"))
        rows.append((_cell(nm), _cell(user), pw))
    d.add(_table(("Operator", "Username", "Kata Sandi"), rows))
    server = g.pick((f"http://10.{g.n(16, 99)}.{g.n(0, 255)}.{g.n(2, 254)}/{system.lower()}",
                     f"https://{system.lower()}.intranet.{g.domain}"))
    d.add(g.fields([("Alamat server", server),
                    ("Kode OTP awal", str(g.n(100000, 999999)))]), opt=True, p=0.6, swap="tail")
    d.add(g.para(
        "Operator wajib mengganti kata sandi saat login pertama dan tidak memberikan akun kepada pihak lain.",
        "Kata sandi bersifat pribadi; penyalahgunaan akun dapat dikenai sanksi sesuai UU ITE.",
    ), swap="tail")
    d.add(["Yang menyerahkan,", "", g.name(degree=0.4), "", "Yang menerima,", "", g.name(degree=0.2)], opt=True)
    return d.lines()


@_kind("data_pribadi_spesifik", "DIK", ground="j",
       title="Daftar data pribadi spesifik (kesehatan, disabilitas, agama) pemilih/petugas",
       note="UU PDP Pasal 4 specific personal data.")
def _k_pdp(g: _G) -> list[str]:
    d = _Doc(g)
    e = g.election()
    title, conds = g.r.choice((
        ("DAFTAR PEMILIH DENGAN KEBUTUHAN KHUSUS", ("Tunanetra total", "Tuna rungu", "Disabilitas mental (ODGJ)",
                                                     "Pengguna kursi roda", "Disabilitas intelektual",
                                                     "Pasca stroke")),
        ("DATA KESEHATAN PETUGAS KPPS", ("Hipertensi", "Diabetes melitus", "Riwayat jantung koroner",
                                         "Asma kronis", "Hamil 7 bulan", "Gagal ginjal, HD rutin")),
        ("DAFTAR PEMILIH PASIEN RAWAT INAP", ("TBC paru", "HIV, terapi ARV", "Pasca operasi",
                                              "Gagal ginjal, HD rutin", "Stroke, rawat ICU", "Demam berdarah")),
    ))
    kec, _ = g.kecamatan()
    d.add(g.heading(title) + g.heading(e.short))
    source = g.pick(("Puskesmas dan PPS", "Rumah sakit", "Hasil skrining KPPS"))
    d.add(g.fields([("Kecamatan", kec), ("Sumber", source)]))
    rows = []
    for _ in range(g.n(6, 11)):
        p = g.person(ref=e.year, age=(18, 80))
        cond = g.pick(conds)
        rows.append((_cell(p.bare), p.nik, cond))
    d.add(_table(("Nama", "NIK", "Kondisi/Diagnosa"), rows))
    d.add(g.para(
        "Data ini memuat data pribadi yang bersifat spesifik menurut UU 27/2022 dan hanya digunakan untuk "
        "menyiapkan pendampingan dan TPS khusus.",
        "Data kesehatan dan disabilitas ini dilarang dibuka kepada pihak yang tidak berkepentingan.",
    ))
    d.add(g.sign(g.pick(("Ketua PPK", "Petugas Pendataan")), g.name(), e.vote - _dt.timedelta(days=g.n(5, 40)),
                 nip=False), opt=True)
    return d.lines()


# ===========================================================================
# Public API
# ===========================================================================


def _render(kind: str, seed: int) -> str:
    spec = KINDS[kind]
    lines = spec.build(_G(random.Random(seed)))
    _check(kind, lines)
    return "\n".join(lines) + "\n"


def generate(kind: str, seed: int) -> LabelledDoc:
    """One document of ``kind`` from ``random.Random(seed)``: the same seed gives the same bytes.

    Raises:
        KeyError: ``kind`` is not in :data:`KINDS`.
    """
    spec = KINDS[kind]
    return LabelledDoc(kind, spec.register, spec.dip_type, spec.ground, spec.trap, _render(kind, seed), seed)


def _doc_seed(seed: int, kind: str, i: int) -> int:
    # Not hash(): str hashes change between interpreter runs.
    digest = hashlib.sha256(f"pindai-corpus|{seed}|{kind}|{i}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def corpus(*, variants: int = 8, seed: int = 0) -> list[LabelledDoc]:
    """Every kind times ``variants`` distinct documents, in kind order; deterministic for ``seed``."""
    docs: list[LabelledDoc] = []
    for kind in KINDS:
        seen: set[str] = set()
        i = 0
        while len(seen) < variants:
            doc = generate(kind, _doc_seed(seed, kind, i))
            i += 1
            if doc.text in seen:  # practically never; keeps "variants differ" a guarantee
                if i > variants * 20:
                    raise RuntimeError(f"{kind}: cannot make {variants} distinct variants")
                continue
            seen.add(doc.text)
            docs.append(doc)
    return docs


def split(docs: Sequence[LabelledDoc], *, holdout: float = 0.25,
          seed: int = 0) -> tuple[list[LabelledDoc], list[LabelledDoc]]:
    """Split into (train, held out), stratified by kind.

    Every kind with at least two documents keeps at least one in each part, so evaluation sees every kind,
    with slot values (names, numbers, wording) the model did not train on. Order is preserved.
    """
    if not 0.0 <= holdout < 1.0:
        raise ValueError(f"holdout must be in [0, 1): {holdout}")
    by_kind: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        by_kind.setdefault(d.kind, []).append(i)
    held: set[int] = set()
    for kind, idx in by_kind.items():
        k = round(len(idx) * holdout)
        if holdout > 0 and len(idx) >= 2:
            k = min(max(k, 1), len(idx) - 1)
        order = list(idx)
        random.Random(f"pindai-split|{seed}|{kind}").shuffle(order)
        held.update(order[:k])
    train = [d for i, d in enumerate(docs) if i not in held]
    test = [d for i, d in enumerate(docs) if i in held]
    return train, test


def split_by_kind(docs: Sequence[LabelledDoc], *, holdout: float = 0.25,
                  seed: int = 0) -> tuple[list[LabelledDoc], list[LabelledDoc]]:
    """Split into (train, held out) by whole kinds: a harder test than :func:`split`.

    The held-out kinds are chosen per label (register, DIP type, ground), so that every label still
    has training kinds; the model must then recognise a kind of document it has never seen, which is
    closer to what an office's real scans will do to it. Order is preserved.
    """
    if not 0.0 <= holdout < 1.0:
        raise ValueError(f"holdout must be in [0, 1): {holdout}")
    by_label: dict[tuple[str, str | None, str | None], list[str]] = {}
    for d in docs:
        kinds = by_label.setdefault((d.register, d.dip_type, d.ground), [])
        if d.kind not in kinds:
            kinds.append(d.kind)
    held: set[str] = set()
    for label, kinds in by_label.items():
        k = round(len(kinds) * holdout)
        if holdout > 0 and len(kinds) >= 2:
            k = min(max(k, 1), len(kinds) - 1)
        order = sorted(kinds)
        random.Random(f"pindai-split-kind|{seed}|{label}").shuffle(order)
        held.update(order[:k])
    return [d for d in docs if d.kind not in held], [d for d in docs if d.kind in held]


def write_corpus(dir: Path, docs: Iterable[LabelledDoc]) -> None:
    """Write one UTF-8 ``.txt`` per document and ``labels.csv`` into ``dir`` (created if missing).

    ``labels.csv`` has the columns ``file,kind,register,dip_type,ground,trap``; an empty cell is None and
    ``trap`` is ``true``/``false``. Files are named ``<kind>-<nnn>.txt``, numbered per kind in order.
    """
    dir = Path(dir)
    dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    rows = []
    for d in docs:
        counts[d.kind] = counts.get(d.kind, 0) + 1
        name = f"{d.kind}-{counts[d.kind]:03d}.txt"
        (dir / name).write_text(d.text, encoding="utf-8", newline="\n")
        rows.append({"file": name, "kind": d.kind, "register": d.register, "dip_type": d.dip_type or "",
                     "ground": d.ground or "", "trap": "true" if d.trap else "false"})
    tmp = dir / "labels.csv.tmp"
    with tmp.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=LABEL_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    tmp.replace(dir / "labels.csv")
