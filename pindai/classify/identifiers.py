"""Find Indonesian personal identifiers in OCR text and tell complete ones from masked ones.

Kinds: NIK, nomor KK, NPWP, NIP, mobile phone, bank account and e-mail address.
Every hit carries masked evidence only (:func:`mask`), never the full number, so
it can go into a register, a log or a review screen as it is.

How a number is found (pure ``re`` and a little Python):

1. A *run* is a sequence of digit groups joined by a space or two, a dot, a
   dash or a line break: ``1309 0414 0785 0001``, ``01.234.567.8-901.000``,
   ``+62 812-3456-7890``. Inside a group, OCR look-alikes count as digits
   when they sit next to real digits (``13O9O41407850001``: O->0, l/I/|->1,
   Z->2, S->5, B->8, G/b->6) and ``* x X • #`` count as masked digits.
2. Every window of consecutive groups of 8 to 18 positions is tried against
   the rules of each kind; a window may not start or end inside a dotted or
   dashed chain, so ``Rp 1.250.000.000`` is never cut into a smaller number,
   and parts written apart must fit how the kind is written, so a row of vote
   counts (``125 98 223 2 225 ...``) is not read as a NIK.
3. The label just before the window (``NIK :``, ``No. KK``, ``NPWP``,
   ``NIP.``, ``HP/WA``, a bank name, ``Nomor :``) decides between kinds that
   share a length, and raises confidence. Windows that win are kept,
   highest confidence first, without overlap.

Office contacts are hits too, marked so callers can drop them: they keep
their kind ("phone", "email", "bank_account") but get ``confidence <= 0.2``
and a ``detail`` starting with ``"kantor:"``. That covers a mobile number in a
line with "Telp. Kantor", "Fax", "Faks", "Call Center", "Hotline", "Humas",
"PPID" or "kantor" or within 100 characters of an office address, a landline
with an area code (``(0731) 32145``; only reported when written as a phone
number: in brackets, after "Telp." or "+62"), ppid@ / kpu*@ / ...go.id
addresses, and the account of a treasurer or work unit ("Bendahara", "Satker",
"a.n. KPU ..."). Likewise the NIP printed alone under an official's signature
gets ``confidence 0.3`` and a ``detail`` starting with ``"pejabat:"``: every
KPU letter carries one and it does not make the letter exempt.

Masked hits (``masked=True``) are what KPU publishes; only complete
identifiers with a high confidence point to Pasal 17 huruf h. A typical
filter for personal data is therefore ``not hit.masked and hit.confidence >
0.2 and not hit.detail.startswith(("kantor:", "pejabat:"))``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

__all__ = ["IDENTITY_KINDS", "IdentifierHit", "find_identifiers", "identity_numbers", "mask"]


@dataclass(frozen=True)
class IdentifierHit:
    """One identifier found in a text."""

    #: "nik" | "kk" | "npwp" | "nip" | "phone" | "bank_account" | "email"
    kind: str
    #: True when the document itself shows the identifier masked (130904******0001).
    masked: bool
    #: Span of the identifier in the text given to :func:`find_identifiers`.
    start: int
    end: int
    #: Evidence to show, always masked by us: at most 6 leading and 4 trailing digits.
    shown: str
    #: What the structure says, e.g. "NIK perempuan, tanggal lahir valid, wilayah 13.09.04".
    #: Starts with "kantor:" for office contacts and "pejabat:" for a signatory's NIP.
    detail: str = ""
    #: 0..1; lower after OCR repairs, without a label, or when validation is partial.
    #: Office contacts are <= 0.2.
    confidence: float = 1.0


# --------------------------------------------------------------------------- reference data

#: Province codes of the NIK (Kemendagri), including the Papua provinces of 2022.
_PROVINCES = frozenset(
    [*range(11, 20), 21, *range(31, 37), *range(51, 54), *range(61, 66), *range(71, 77),
     81, 82, *range(91, 97)]
)

#: Four-digit prefixes of Indonesian mobile operators (Telkomsel, Indosat, XL, Axis,
#: Tri, Smartfren, Ceria). A mobile number with another 08x prefix scores lower.
_MOBILE_PREFIXES = frozenset(
    [
        *("0811", "0812", "0813", "0821", "0822", "0823", "0851", "0852", "0853"),
        *("0814", "0815", "0816", "0855", "0856", "0857", "0858"),
        *("0817", "0818", "0819", "0859", "0877", "0878", "0831", "0832", "0833", "0838"),
        *("0895", "0896", "0897", "0898", "0899", "0828"),
        *(f"088{k}" for k in range(1, 10)),
    ]
)

_PERSONAL_MAIL = frozenset(
    [
        *("gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.id", "ymail.com"),
        *("rocketmail.com", "hotmail.com", "outlook.com", "outlook.co.id", "live.com"),
        *("icloud.com", "me.com", "aol.com", "protonmail.com", "proton.me", "mail.com"),
        *("gmx.com", "zoho.com"),
    ]
)
#: Local parts that name a function, not a person (ppid@..., humas@...).
_OFFICE_MAILBOX = re.compile(
    r"(?:ppid|kpu|humas|info|informasi|admin|sekretariat|setda|pengaduan|layanan|helpdesk|"
    r"kontak|contact|bawaslu|tu|umum|persuratan|datin)(?![a-z])"
)

# --------------------------------------------------------------------------- OCR repair

_OCR_DIGIT = {
    "O": "0", "o": "0", "D": "0", "Q": "0",
    "l": "1", "I": "1", "i": "1", "|": "1", "!": "1",
    "Z": "2", "S": "5", "s": "5", "B": "8", "G": "6", "b": "6",
}
_MASK_SIGNS = "*xX•#"
_NORMALISE = str.maketrans({**_OCR_DIGIT, **dict.fromkeys(_MASK_SIGNS, "*")})
_ONLY_REPAIRS = str.maketrans("", "", "0123456789" + _MASK_SIGNS)  # what is left was repaired
#: More repaired characters than this in one number: too damaged to trust.
_MAX_REPAIRS = 3

# --------------------------------------------------------------------------- patterns

_D = "0-9OoDQlIiZSsBGb*xX•#"  # what a digit group may hold
_L = "OoDQlIiZSsBGb*xX•#"  # the same without real digits
# A group holds at least one real digit; "|" and "!" only between digit-like
# characters, because at an edge they are table rules and punctuation.
_PIECE = rf"[{_L}]*[0-9](?:[{_D}]|[|!](?=[{_D}]))*"
# a group of mask signs alone: "*" may stand alone ("09.***.***.*-312.000"), "x" not ("2 x 3")
_MASKRUN = r"(?:[*•#]|[xX]{2})[*xX•#]*"
_GROUP = re.compile(rf"(?P<plus>\+)?(?P<open>\()?(?P<p>{_PIECE})\)?|(?P<m>{_MASKRUN})")
_SEP = r"(?:[ \t]{1,2}|[ \t]?[.\-–][ \t]?|[ \t]*\r?\n[ \t]*)"
_RUN = re.compile(
    # start: not inside a word or a dotted number, except a number glued to a
    # label ("NIK3201...", "Telp08...")
    rf"(?=[+(0-9{_L}])(?:(?<![\w+])(?<![0-9][.,/\-])|(?<=[A-Za-z])(?=[0-9]))"
    rf"\+?\(?{_PIECE}\)?(?:{_SEP}(?:\+?\(?{_PIECE}\)?|{_MASKRUN}))*"
    rf"(?:(?!\w)|(?<=[0-9])(?=[A-Za-z]))"
)

_BANK_WORDS = (
    r"(?:(?i:no(?:mor|\.)?\s*rek(?:ening)?|rekening|bank\s+[a-z]+)\b|(?i:rek)\.|"
    r"\b(?:BRI|BNI|BCA|BSI|BTN|CIMB|Mandiri|MANDIRI|Danamon|DANAMON|Permata|PERMATA|Nagari|"
    r"NAGARI|Jatim|JATIM|Sumsel\s*Babel|SUMSEL\s*BABEL)\b)"
)
_BANK_NAME = re.compile(rf"\b{_BANK_WORDS}")
# One \b and a first-letter check up front: the engine tries this at every
# position of the text before a number, so most positions must fail at once.
_LABEL = re.compile(
    r"\b(?=[bcdehjkmnprstwBCDEHJKMNPRSTW])(?:"
    r"(?P<nik>(?i:n\.?\s?i\.?\s?k|no(?:mor|\.)?\s*(?:e-?)?ktp|nomor\s+induk\s+kependudukan|"
    r"(?:e-?)?ktp)\b)"
    r"|(?P<kk>(?i:no(?:mor|\.)?\s*kk|(?:nomor\s+)?kartu\s+keluarga|kk)\b)"
    r"|(?P<npwp>(?i:n\.?\s?p\.?\s?w\.?\s?p|nomor\s+pokok\s+wajib\s+pajak)\b)"
    r"|(?P<nip>(?i:ni\s?-?pppk|n\.?\s?i\.?\s?p|nomor\s+induk\s+pegawai)\b)"
    r"|(?P<phone>(?i:(?:no(?:mor|\.)?\s*)?(?:hp|handphone|ponsel|telepon|telpon|telp|tlp|tel|"
    r"whatsapp|wa|kontak))\b)"
    rf"|(?P<bank>{_BANK_WORDS})"
    r"|(?P<docno>(?i:no(?:mor|\.)?\s*(?:surat|urut|agenda|reg(?:istrasi)?|dokumen|keputusan|"
    r"sk|berkas|arsip|halaman)\b|nomor\s*:|no\.?\s*:)))"
)
_OFFICE_LINE = re.compile(
    r"(?i:\b(?:telp\.?\s*kantor|fax|faks\w*|call\s*cent(?:er|re)|hotline|humas|ppid|kantor)\b)"
)
#: The account of the office's treasurer or work unit, not of a person.
_OFFICE_ACCOUNT = re.compile(
    r"(?i:\bbendahara\b|\bsatker\b|\bRPL\b|\ba\.?\s?n\.?\s+(?:KPU|sekretariat|komisi\s+pemilihan))"
)
_SIGNATORY = re.compile(
    r"(?i:\b(?:ketua|sekretaris|kepala|plt|plh|pembina|penata|pengatur|juru|pejabat|"
    r"bendahara|kasubbag|kabag)\b)"
)
_NIP_ALONE = re.compile(r"\s*(?i:nip|n\.i\.p|ni\s?pppk)\.?\s*:?\s*$")
_AMOUNT_BEFORE = re.compile(r"(?i:rp|idr)\.?\s*$")
_AMOUNT_AFTER = re.compile(r"\s?(?:,-|,00\b|(?i:rupiah))")
_NPWP_FORMAT = re.compile(r"[\d*]{2}\.[\d*]{3}\.[\d*]{3}\.[\d*]-[\d*]{3}\.[\d*]{3}")
_MAIL_DOMAIN = re.compile(r" ?((?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,})")
_NOT_POSITION = re.compile(r"[^0-9*]")
_SEQUENCES = "01234567890123456789 98765432109876543210"

#: How many leading and trailing digits evidence may keep, per kind.
_VISIBLE = {"nik": (6, 4), "kk": (6, 4), "npwp": (2, 3), "nip": (4, 2), "phone": (4, 2),
            "bank_account": (0, 3)}

_Result = tuple[str, float, str]  # kind, confidence, detail

_OFFICE = "kantor:"
_SIGNED = "pejabat:"
_LABEL_REACH = 48  # characters a label may sit before its number
_BANK_REACH = 40


# --------------------------------------------------------------------------- public API


def find_identifiers(text: str) -> list[IdentifierHit]:
    """Find personal identifiers in a page or document text.

    Args:
        text: OCR text; line breaks are kept as they are.

    Returns:
        The hits in text order. Each ``shown`` is masked; masked hits are those the
        document itself masks. Office contacts and signatories' NIPs are included with a
        low confidence and a ``detail`` starting "kantor:" / "pejabat:".
    """
    hits = _find_emails(text) if "@" in text else []
    mail_spans = [(h.start, h.end) for h in hits]
    ctx = _Context(text, [h.start for h in hits if h.detail.startswith(_OFFICE)], {})
    for run in _RUN.finditer(text):
        start, end = run.span()
        if end - start < 8:  # cannot hold 8 digit positions
            continue
        if mail_spans and any(s <= start < e for s, e in mail_spans):
            continue
        hits.extend(_hits_in_run(ctx, start, end))
    hits.sort(key=lambda h: h.start)
    return hits


#: Kinds that identify a person on their own (Adminduk Pasal 84): complete, they hold a
#: document and keep it off every public output.
IDENTITY_KINDS = ("nik", "kk")
#: Below this a number is too doubtful to count as a person's NIK or KK.
IDENTITY_MIN_CONFIDENCE = 0.5


def identity_numbers(text: str) -> list[IdentifierHit]:
    """The complete (unmasked) NIK and KK numbers in ``text``, also split over two lines after "NIK".

    Masked numbers (``130904******0001``), which KPU publishes, are not among them.
    """
    return [h for h in find_identifiers(text)
            if h.kind in IDENTITY_KINDS and not h.masked and h.confidence >= IDENTITY_MIN_CONFIDENCE]


def mask(value: str, kind: str) -> str:
    """Mask an identifier for display, keeping only its first and last few digits.

    Separators and OCR look-alikes in ``value`` are dropped or read as digits, the
    document's own masking is kept. A 16-digit NIK or KK keeps 6 + 4 digits
    (``130904******0001``), shorter numbers and other kinds keep fewer: NPWP 2 + 3,
    NIP 4 + 2, phone 4 + 2 (in 08… form), bank account the last 3. An e-mail keeps
    the first two characters of the mailbox and the domain.

    Args:
        value: The identifier as written, e.g. "1309 0414 0785 0001".
        kind: One of the :class:`IdentifierHit` kinds.

    Returns:
        The masked string; never the full identifier.
    """
    if kind == "email":
        return _mask_email(value)
    return _mask_positions(_NOT_POSITION.sub("", value.translate(_NORMALISE)), kind)


def _mask_positions(positions: str, kind: str) -> str:
    if kind == "phone" and positions.startswith("62"):
        positions = "0" + positions[2:]
    n = len(positions)
    lead, trail = _VISIBLE.get(kind, (4, 2))
    # never more than 6 + 4 of 16 positions: shorter numbers keep proportionally less
    lead, trail = min(lead, n * 3 // 8), min(trail, n // 4)
    return positions[:lead] + "*" * (n - lead - trail) + positions[n - trail :]


# --------------------------------------------------------------------------- runs and windows


@dataclass(slots=True)
class _Context:
    """What one call of :func:`find_identifiers` shares between windows."""

    text: str
    office_mail: list[int]  # where office e-mail addresses start
    labels: dict[int, tuple[str | None, str | None, int]]  # window start -> _labels_before()


@dataclass(slots=True)
class _Group:
    start: int
    end: int
    digits: str  # digits and "*" after OCR repair
    repairs: int
    plus: bool
    paren: bool
    sep: str  # separator before it: "" (first), "space", "wide", "dot", "nl"


@dataclass(slots=True)
class _Window:
    start: int
    end: int
    digits: str
    lens: tuple[int, ...]
    repairs: int
    penalty: float
    plus: bool
    paren: bool
    masked: bool
    #: digits per part written apart by spaces or a line break (dotted chains count as one)
    units: tuple[int, ...]
    #: more numbers of 3+ digits stand right next to it: a row of a table of figures
    crowded: bool
    #: another number stands right before it, written apart by a space
    after_number: bool


def _groups(text: str, start: int, end: int) -> list[_Group]:
    groups: list[_Group] = []
    prev_end = start
    for m in _GROUP.finditer(text, start, end):
        raw = m.group("p") or m.group("m")
        if not groups:
            sep = ""
        else:
            gap = text[prev_end : m.start()]
            if "\n" in gap:
                sep = "nl"
            elif "." in gap or "-" in gap or "–" in gap:
                sep = "dot"
            else:
                sep = "wide" if len(gap) > 1 else "space"
        if raw.isdigit():
            digits, repairs = raw, 0
        else:
            digits, repairs = raw.translate(_NORMALISE), len(raw.translate(_ONLY_REPAIRS))
        groups.append(
            _Group(m.start(), m.end(), digits, repairs, m.group("plus") is not None,
                   m.group("open") is not None, sep)
        )
        prev_end = m.end()
    return _merge_boxes(groups) if len(groups) >= 8 else groups


def _merge_boxes(groups: list[_Group]) -> list[_Group]:
    """Join digits OCR'd from a form's boxes ("3 2 0 1 0 1 4 1 ...") into one group."""
    merged: list[_Group] = []
    k = 0
    while k < len(groups):
        m = k
        while m < len(groups) and len(groups[m].digits) == 1 and (
            m == k or groups[m].sep == "space"
        ):
            m += 1
        if m - k >= 8:
            box = groups[k:m]
            merged.append(
                _Group(box[0].start, box[-1].end, "".join(g.digits for g in box),
                       sum(g.repairs for g in box), box[0].plus, box[0].paren, box[0].sep)
            )
            k = m
        else:
            merged.append(groups[k])
            k += 1
    return merged


def _chained_noise(groups: list[_Group]) -> list[bool]:
    """Which groups form a dotted date, time or amount ("08-12-2024", "10.00", "1.250.000")."""
    flags = [False] * len(groups)
    if not any(g.sep == "dot" for g in groups):
        return flags
    k = 0
    while k < len(groups):
        m = k + 1
        while m < len(groups) and groups[m].sep == "dot":
            m += 1
        if m - k > 1:
            chain = [g.digits for g in groups[k:m]]
            if all(c.isdigit() for c in chain) and (
                _is_date(chain) or _is_time(chain) or _is_thousands(chain)
            ):
                flags[k:m] = [True] * (m - k)
        k = m
    return flags


def _is_thousands(chain: list[str]) -> bool:
    return len(chain) >= 3 and len(chain[0]) <= 3 and all(len(c) == 3 for c in chain[1:])


def _is_date(chain: list[str]) -> bool:
    if len(chain) != 3:
        return False
    if len(chain[2]) == 4:
        day, month = chain[0], chain[1]
    elif len(chain[0]) == 4:
        day, month = chain[2], chain[1]
    elif len(chain[2]) == 2:
        day, month = chain[0], chain[1]
    else:
        return False
    return len(day) <= 2 and len(month) <= 2 and 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _is_time(chain: list[str]) -> bool:
    return (
        len(chain) == 2 and len(chain[0]) <= 2 and len(chain[1]) == 2
        and int(chain[0]) <= 24 and int(chain[1]) <= 59
    )


def _hits_in_run(ctx: _Context, start: int, end: int) -> list[IdentifierHit]:
    groups = _groups(ctx.text, start, end)
    noise = _chained_noise(groups)
    count = len(groups)
    lens = [len(g.digits) for g in groups]
    seps = [g.sep for g in groups] + [""]
    candidates: list[tuple[_Result, _Window, int, int]] = []
    for i in range(count):
        if seps[i] == "dot" or noise[i]:  # never start inside a dotted chain (1.250.000.000)
            continue
        size = 0
        for j in range(i, count):
            size += lens[j]
            if size > 18 or noise[j] or (j > i and groups[j].plus):
                break
            if size < 8 or seps[j + 1] == "dot":  # never end inside a dotted chain
                continue
            if j > i and _separate_numbers(groups, lens, seps, i, j):
                continue
            window = _window(groups, lens, seps, i, j)
            if window is None:
                continue
            result = _classify(ctx, window)
            if result is not None:
                candidates.append((result, window, i, j))
    if len(candidates) > 1:
        candidates.sort(key=lambda c: (-c[0][1], c[2] - c[3], c[2]))
        taken: set[int] = set()
        kept = []
        for candidate in candidates:
            span = range(candidate[2], candidate[3] + 1)
            if taken.isdisjoint(span):
                taken.update(span)
                kept.append(candidate)
        candidates = kept
    return [_hit(w, result) for result, w, _, _ in candidates]


def _window(
    groups: list[_Group], lens: list[int], seps: list[str], i: int, j: int
) -> _Window | None:
    """Groups i..j as one candidate number, or None when no kind can have its length."""
    if j == i:
        digits, repairs = groups[i].digits, groups[i].repairs
    else:
        part = groups[i : j + 1]
        digits, repairs = "".join([g.digits for g in part]), sum([g.repairs for g in part])
    masked = "*" in digits
    size = len(digits)
    if (not masked and (size < 9 or size == 17)) or repairs > _MAX_REPAIRS:
        return None
    between = seps[i + 1 : j + 1]
    units = [lens[i]]
    for k in range(i + 1, j + 1):
        if seps[k] == "dot":
            units[-1] += lens[k]
        else:
            units.append(lens[k])
    count = len(groups)
    return _Window(
        start=groups[i].start,
        end=groups[j].end,
        digits=digits,
        lens=tuple(lens[i : j + 1]),
        repairs=repairs,
        penalty=0.15 * ("nl" in between) + 0.05 * ("wide" in between),
        plus=groups[i].plus,
        paren=groups[i].paren,
        masked=masked,
        units=tuple(units),
        crowded=len(units) > 1 and (
            (i > 0 and seps[i] != "dot" and lens[i - 1] >= 3)
            or (j + 1 < count and seps[j + 1] != "dot" and lens[j + 1] >= 3)
        ),
        after_number=i > 0 and seps[i] != "dot",
    )


def _separate_numbers(
    groups: list[_Group], lens: list[int], seps: list[str], i: int, j: int
) -> bool:
    """Whether groups i..j, joined by spaces, are more likely two numbers than one.

    A lone digit joins only inside a number ("19850714 201001 1 003"), never at its
    edge ("1 3201...": a row number); a group of 10+ digits is a number of its own
    ("12 3201014107850003"), except after the country code ("62 81234567890"); and
    a short group before "08..." is a row number or an age ("45 0812-3456-7890").
    """
    if lens[i] < 2 and seps[i + 1] != "dot" or lens[j] < 2 and seps[j] != "dot":
        return True
    first = groups[i]
    if first.plus or first.paren or first.digits == "62":
        return False
    if max(lens[i : j + 1]) >= 10:
        return True
    return (
        lens[i] <= 3 and seps[i + 1] != "dot" and lens[i + 1] >= 4
        and groups[i + 1].digits[0] == "0"
    )


# --------------------------------------------------------------------------- classification


def _classify(ctx: _Context, w: _Window) -> _Result | None:
    text, office_mail = ctx.text, ctx.office_mail
    if (
        _AMOUNT_BEFORE.search(text, max(0, w.start - 6), w.start)
        or _AMOUNT_AFTER.match(text, w.end)
        or _in_document_number(text, w.start, w.end)
    ):
        return None
    raw = text[w.start : w.end]
    labels = ctx.labels.get(w.start)
    if labels is None:
        labels = ctx.labels[w.start] = _labels_before(text, w.start)
    label, bank_name, bank_gap = labels
    result: _Result | None = None
    if label == "docno" and bank_name is None:
        # "Nomor: ..." is a document number; report only what is clearly a NIK
        result = _nik(w, labelled=False)
        if result is not None:
            result = ("nik", 0.4, result[2] + "; setelah label nomor dokumen")
        return _score(w, result)
    if label == "nik":
        result = _nik(w, labelled=True) or _masked_nik(w, labelled=True)
    elif label == "kk":
        result = _kk(w, labelled=True)
    elif label == "npwp":
        result = _npwp(w, raw, labelled=True)
    elif label == "nip":
        result = _nip(text, w, labelled=True)
    elif label == "phone":
        result = _phone(text, w, office_mail, labelled=True)
    if result is None and bank_name is not None and _shaped(w, "bank_account"):
        result = _bank(text, w, bank_name, bank_gap)
    if result is None and not w.crowded:
        result = (
            (_nik(w, labelled=False) if _shaped(w, "nik") else None)
            or (_nip(text, w, labelled=False) if _shaped(w, "nip") else None)
            or (_npwp(w, raw, labelled=False) if len(w.units) == 1 else None)
            or (_phone(text, w, office_mail, labelled=False) if _shaped(w, "phone") else None)
            or (_bank_after(text, w) if _shaped(w, "bank_account") else None)
            or (_masked_nik(w, labelled=False) if _shaped(w, "nik") else None)
            or (_kk(w, labelled=False) if len(w.units) == 1 else None)
        )
    return _score(w, result)


def _shaped(w: _Window, kind: str) -> bool:
    """Whether the parts of a number written apart fit how that kind is written.

    Without a label, "1309 0414 0785 0001", "130904 140785 0001", "13 09 04 140785
    0001", "19850714 201001 1 003" and "+62 812 3456 7890" are one number; "12 15
    18 20 11 10 14 13" or "125 98 223 ..." (a row of vote counts) are not.
    """
    units = w.units
    if len(units) == 1:
        return True
    if kind == "nip":
        return units in ((8, 6, 1, 3), (8, 6, 4), (8, 10), (8, 7, 3))
    if kind == "nik":
        rest = units[3:] if units[:3] == (2, 2, 2) else units
        return bool(rest) and min(rest) >= 4
    if kind == "phone":
        return (units[0] >= 4 or units[0] == 2) and min(units[1:]) >= 3
    return min(units) >= 3


def _in_document_number(text: str, start: int, end: int) -> bool:
    """A number joined by "/" to letters or digits: "08123456789/PL.01/2024", "1604/2024"."""
    after = text[end : end + 2]
    if len(after) == 2 and after[0] == "/" and after[1].isalnum():
        return True
    before = text[max(0, start - 7) : start]
    return (
        len(before) >= 2 and before[-1] == "/" and before[-2].isalnum()
        and not before.lower().endswith("me/")  # wa.me/62812... is a phone link
    )


def _score(w: _Window, result: _Result | None) -> _Result | None:
    """Lower a result's confidence for OCR repairs and a number written over lines."""
    if result is None:
        return None
    kind, confidence, detail = result
    if not detail.startswith((_OFFICE, _SIGNED)):
        confidence -= 0.1 * w.repairs + w.penalty
    if w.repairs:
        detail += f"; {w.repairs} karakter OCR diperbaiki"
    return kind, round(max(0.05, min(1.0, confidence)), 2), detail


def _hit(w: _Window, result: _Result) -> IdentifierHit:
    kind, confidence, detail = result
    return IdentifierHit(
        kind=kind,
        masked=w.masked,
        start=w.start,
        end=w.end,
        shown=_mask_positions(w.digits, kind),
        detail=detail,
        confidence=confidence,
    )


def _labels_before(text: str, start: int) -> tuple[str | None, str | None, int]:
    """The label governing a number at ``start``, and the nearest bank name before it.

    A label counts when no digit stands between it and the number (it labels the
    next number only); a bank name counts within ~40 characters whatever is between.
    """
    lo = max(0, start - _LABEL_REACH)
    last = bank = None
    for m in _LABEL.finditer(text, lo, start):
        last = m
        if m.lastgroup == "bank":
            bank = m
    label = None
    if last is not None:
        gap = text[last.end() : start]
        if not any(c.isdigit() for c in gap) and gap.count("\n") <= 1 and len(gap) <= 30:
            label = last.lastgroup
    if bank is not None:
        gap = text[bank.end() : start]
        # a bank name governs its own line, or the next one when it ends a line ("Rekening BRI:")
        wrapped = "\n" in gap and (gap.count("\n") > 1 or any(c.isdigit() for c in gap))
        if len(gap) > _BANK_REACH or wrapped:
            bank = None
    if bank is None:
        return label, None, 0
    return label, " ".join(bank.group().split()), start - bank.end()


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


def _placeholder(digits: str) -> bool:
    return len(set(digits)) <= 2 or digits in _SEQUENCES


def _region(digits: str) -> str | None:
    """"13.09.04" when the visible region part is valid, else None."""
    prov, reg, dist = digits[0:2], digits[2:4], digits[4:6]
    if "*" in prov or int(prov) not in _PROVINCES:
        return None
    if reg == "00" or dist == "00":
        return None
    return ".".join(p for p in (prov, reg, dist) if "*" not in p)


def _birth(dd: int, mm: int, yy: int) -> datetime.date | None:
    # two-digit year: 29 February is valid when either century makes it a leap year
    for year in (2000 + yy, 1900 + yy):
        try:
            return datetime.date(year, mm, dd)
        except ValueError:
            continue
    return None


def _nik_fields(digits: str) -> tuple[str, datetime.date, bool] | str:
    """(region, birth date, female) of a complete NIK, or why it is not one."""
    region = _region(digits)
    if region is None:
        return "kode wilayah tidak valid"
    day = int(digits[6:8])
    female = day > 40
    if not (1 <= day <= 31 or 41 <= day <= 71):
        return "tanggal lahir tidak valid"
    born = _birth(day - 40 if female else day, int(digits[8:10]), int(digits[10:12]))
    if born is None:
        return "tanggal lahir tidak valid"
    if digits[12:16] == "0000":
        return "nomor urut 0000"
    return region, born, female


def _nik(w: _Window, *, labelled: bool) -> _Result | None:
    if len(w.digits) != 16 or w.masked or _placeholder(w.digits):
        return None
    fields = _nik_fields(w.digits)
    if isinstance(fields, str):
        return ("nik", 0.4, f"NIK tidak valid ({fields}), berlabel NIK") if labelled else None
    region, _, female = fields
    # no birth date, not even the year: the evidence (130904******0001) hides exactly
    # the DDMMYY block, as KPU's own masking does, and the detail must not give it back
    sex = "perempuan" if female else "laki-laki"
    detail = f"NIK {sex}, tanggal lahir valid, wilayah {region}"
    # a NIK written apart without a label could be four figures of a table
    return "nik", 1.0 if labelled else 0.85 if len(w.units) == 1 else 0.7, detail


def _masked_nik(w: _Window, *, labelled: bool) -> _Result | None:
    n = len(w.digits)
    if not w.masked or not 14 <= n <= 17 or n - w.digits.count("*") < 4:
        return None
    region = _region(w.digits)
    if region is None and not labelled:
        return None
    confidence = (1.0 if labelled else 0.8) - (0.2 if n != 16 else 0.0)
    where = f", wilayah {region}" if region else ""
    return "nik", confidence, f"NIK tersamar{where}"


def _kk(w: _Window, *, labelled: bool) -> _Result | None:
    if len(w.digits) != 16 or (not w.masked and _placeholder(w.digits)):
        return None
    region = _region(w.digits) if w.digits[:2].isdigit() else None
    if w.masked:
        return ("kk", 1.0, "Nomor KK tersamar") if labelled else None
    if region is None:
        return ("kk", 0.4, "Nomor KK, kode wilayah tidak valid") if labelled else None
    if labelled:
        return "kk", 1.0, f"Nomor KK, wilayah {region}"
    return "kk", 0.5, f"mungkin Nomor KK (bukan struktur NIK), wilayah {region}"


def _luhn(digits: str) -> bool:
    total = 0
    for k, c in enumerate(reversed(digits)):
        d = int(c) * (2 if k % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _npwp(w: _Window, raw: str, *, labelled: bool) -> _Result | None:
    d, n = w.digits, len(w.digits)
    if n == 15:
        formatted = _NPWP_FORMAT.fullmatch(raw.translate(_NORMALISE).replace(" ", "")) is not None
        if w.masked:
            if not (labelled or formatted):
                return None
            return "npwp", 1.0 if labelled else 0.7, "NPWP tersamar"
        if d[2:8] == "000000":
            return None
        check = _luhn(d[:9])
        note = "digit kontrol cocok" if check else "digit kontrol tidak cocok"
        if labelled:
            return "npwp", 1.0 if check else 0.6, f"NPWP 15 digit, {note}"
        if formatted:
            return "npwp", 0.9 if check else 0.6, f"NPWP 15 digit (format NPWP), {note}"
        return ("npwp", 0.5, f"mungkin NPWP 15 digit tanpa label, {note}") if check else None
    if n == 16 and labelled:
        if w.masked:
            return "npwp", 1.0, "NPWP tersamar"
        if d[0] == "0":
            check = _luhn(d[1:10])
            return "npwp", 1.0 if check else 0.6, "NPWP 16 digit (0 + format lama)"
        nik = _nik(w, labelled=False)
        if nik is not None:
            return "npwp", 1.0, "NPWP = NIK (format 2024); " + nik[2]
        return "npwp", 0.5, "NPWP 16 digit, struktur tidak dikenali"
    return None


def _nip(text: str, w: _Window, *, labelled: bool) -> _Result | None:
    d = w.digits
    if len(d) != 18:
        return None
    if w.masked:
        if labelled or d[:2] in ("19", "20"):
            return "nip", 1.0 if labelled else 0.6, "NIP tersamar"
        return None
    reason = _nip_problem(d)
    if reason is not None:
        return ("nip", 0.4, f"NIP tidak valid ({reason}), berlabel NIP") if labelled else None
    pppk = d[12:14] == "21"
    sex = "laki-laki" if d[14] == "1" else "perempuan"
    detail = f"{'NI PPPK' if pppk else 'NIP'} {sex}, lahir th. {d[:4]}, TMT th. {d[8:12]}"
    lo, hi = _line(text, w.start, w.end)
    if (
        _NIP_ALONE.fullmatch(text, lo, w.start)
        and not text[w.end : hi].strip()
        and _SIGNATORY.search(text, max(0, lo - 200), lo)
    ):
        return "nip", 0.3, f"{_SIGNED} NIP di blok tanda tangan; {detail}"
    return "nip", 1.0 if labelled else 0.9, detail


def _nip_problem(d: str) -> str | None:
    try:
        born = datetime.date(int(d[0:4]), int(d[4:6]), int(d[6:8]))
    except ValueError:
        return "tanggal lahir"
    if not 1940 <= born.year <= 2010:
        return "tahun lahir"
    year, month = int(d[8:12]), int(d[12:14])
    # NI PPPK puts 21 where a PNS NIP has the month of appointment
    if not (1960 <= year <= 2035 and (1 <= month <= 12 or month == 21)):
        return "TMT"
    if year * 12 + min(month, 12) < (born.year + 17) * 12 + born.month:
        return "TMT sebelum usia 17"
    if d[14] not in "12":
        return "kode jenis kelamin"
    if d[15:18] == "000":
        return "nomor urut 000"
    return None


def _phone(
    text: str, w: _Window, office_mail: list[int], *, labelled: bool
) -> _Result | None:
    d = w.digits
    intl = w.plus or (d.startswith("62") and len(d) >= 11)
    if intl:
        if not d.startswith("62"):
            return None
        local = "0" + d[2:]
        # "62" alone must be followed by the operator block ("+62 812 ...")
        if w.lens[0] == 2 and (len(w.lens) < 2 or w.lens[1] < 3):
            return None
        # without "+", "62 ..." may be any figure: only a known mobile prefix counts
        if not w.plus and (local[:4] not in _MOBILE_PREFIXES or w.after_number):
            return None
    elif d.startswith("0"):
        local = d
    else:
        return None
    if local[1] == "8":
        if not 10 <= len(local) <= 13 or local[2] in "0*":
            return None
        # "08-12-2024": a mobile number keeps its 4-digit operator prefix together
        if not intl and w.lens[0] < 4:
            return None
        office = _office_context(text, w, office_mail)
        if office is not None:
            return "phone", 0.15, f"{_OFFICE} nomor seluler di baris kontak kantor ({office})"
        if w.masked:
            return "phone", 1.0 if labelled else 0.8, "nomor seluler tersamar"
        known = local[:4] in _MOBILE_PREFIXES
        confidence = (1.0 if labelled else 0.8) * (1.0 if known else 0.7)
        return "phone", confidence, "nomor seluler, bukan kontak kantor"
    if local[1] in "23456789" and 9 <= len(local) <= 12 and not w.masked:
        # a landline is an office line; count it only when it is clearly a phone number
        if not (w.paren or intl or labelled or _office_context(text, w, office_mail)):
            return None
        area = f" {local[: w.lens[0]]}" if not intl and 3 <= w.lens[0] <= 4 else ""
        return "phone", 0.1, f"{_OFFICE} telepon tetap dengan kode area{area}"
    return None


def _office_context(text: str, w: _Window, office_mail: list[int]) -> str | None:
    """What marks a phone as an office contact: a word in its line, a nearby office address."""
    lo, hi = _line(text, w.start, w.end)
    word = _OFFICE_LINE.search(text, lo, hi)
    if word is not None:
        return " ".join(word.group().split())
    if any(abs(at - w.start) <= 100 for at in office_mail):
        return "dekat alamat surel kantor"
    return None


def _bank(text: str, w: _Window, name: str, gap: int) -> _Result | None:
    d, n = w.digits, len(w.digits)
    if w.masked:
        if n - d.count("*") < 3 or not 8 <= n <= 16:
            return None
        return "bank_account", 0.9, f"rekening tersamar ({name})"
    if not 10 <= n <= 16 or _placeholder(d):
        return None
    lo, hi = _line(text, w.start, w.end)
    if _OFFICE_ACCOUNT.search(text, lo, hi):
        return "bank_account", 0.2, f"{_OFFICE} rekening instansi ({name})"
    return "bank_account", 0.9 if gap <= 20 else 0.7, f"nomor rekening ({name})"


def _bank_after(text: str, w: _Window) -> _Result | None:
    """A bank name right after the number, on its line: "0123456789 (BNI)"."""
    if not 8 <= len(w.digits) <= 16:
        return None
    _, hi = _line(text, w.start, w.end)
    m = _BANK_NAME.search(text, w.end, min(hi, w.end + _BANK_REACH))
    if m is None:
        return None
    result = _bank(text, w, " ".join(m.group().split()), m.start() - w.end)
    if result is None or result[2].startswith(_OFFICE):
        return result
    return result[0], result[1] - 0.1, result[2]


# --------------------------------------------------------------------------- e-mail


def _find_emails(text: str) -> list[IdentifierHit]:
    hits: list[IdentifierHit] = []
    at = text.find("@")
    while at >= 0:
        hit = _email_at(text, at)
        if hit is not None:
            hits.append(hit)
        at = text.find("@", at + 1)
    return hits


def _email_at(text: str, at: int) -> IdentifierHit | None:
    left = at - 1 if at and text[at - 1] == " " else at  # OCR: "ppid @kpu.go.id"
    start = left
    floor = max(0, left - 64)
    while start > floor and (text[start - 1].isalnum() or text[start - 1] in "._%+-*"):
        start -= 1
    while start < left and text[start] in ".-":
        start += 1
    domain_m = _MAIL_DOMAIN.match(text, at + 1)
    if start == left or domain_m is None:
        return None
    local = text[start:left]
    domain = domain_m.group(1).rstrip(".").lower()
    end = domain_m.start(1) + len(domain)
    plain = domain.translate(str.maketrans("10", "lo"))  # OCR: gmai1.com
    if domain.endswith("go.id") or _OFFICE_MAILBOX.match(local.lower()):
        confidence, detail = 0.1, f"{_OFFICE} alamat surel instansi ({domain})"
    elif plain in _PERSONAL_MAIL:
        confidence, detail = 0.9, f"surel pribadi ({plain})"
    else:
        confidence, detail = 0.5, f"surel, domain {domain}"
    return IdentifierHit(
        kind="email",
        masked="*" in local,
        start=start,
        end=end,
        shown=_mask_email(f"{local}@{domain}"),
        detail=detail,
        confidence=confidence,
    )


def _mask_email(value: str) -> str:
    local, _, domain = value.replace(" ", "").rpartition("@")
    if not local:
        return "*" * len(value)
    keep = 1 if len(local) <= 3 else 2
    return f"{local[:keep]}***@{domain}"
