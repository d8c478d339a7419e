"""Settings: the pindai home, ``pindai.toml`` and device profiles, validated once."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from pindai.errors import ConfigError, HomeError

#: Where the home is when neither ``--home`` nor ``PINDAI_HOME`` says.
DEFAULT_HOME = Path("~/.local/share/pindai")
SETTINGS_FILE = "pindai.toml"


class DeviceKind(StrEnum):
    """What kind of device feeds a profile's hot folder."""

    scanner = "scanner"
    phone = "phone"


class PrepStep(StrEnum):
    """Image preparation steps run on every page before OCR."""

    orientation = "orientation"
    perspective = "perspective"
    deskew = "deskew"
    clean = "clean"


ALL_PREP = tuple(PrepStep)


class ColourMode(StrEnum):
    """How page colour is kept in the archive."""

    #: Colour where the page has real colour (stamps, signatures), else grey.
    keep = "keep"
    grey = "grey"
    #: Black and white (1 bit): smallest files, for plain typed text.
    bw = "bw"


class SplitMode(StrEnum):
    """How one scanned file is divided into documents."""

    #: One file is one document.
    file = "file"
    #: A blank page separates documents.
    blank = "blank"
    #: A separator sheet (``pindai separator-sheet``) separates documents.
    separator = "separator"


@dataclass(frozen=True)
class Profile:
    """A scanner or phone workflow: how its files are read and prepared."""

    name: str
    #: ``scanner`` (ADF/flatbed) or ``phone`` (photos of pages).
    kind: DeviceKind = DeviceKind.scanner
    #: Resolution assumed when a file carries none (phone photos never do).
    dpi: int = 300
    #: Preparation steps, in the order they run.
    prep: tuple[PrepStep, ...] = ALL_PREP
    #: Tesseract languages for OCR.
    languages: tuple[str, ...] = ("ind", "eng")
    #: The unit (sub-bagian) that holds these documents: a DIP column.
    unit: str = "Umum"
    #: The official responsible for the documents: a DIP column.
    official: str = ""
    #: Hot folder; default ``<home>/inbox/<name>``. Any path, e.g. a Samba share.
    folder: str = ""
    colour: ColourMode = ColourMode.keep
    #: Seconds a file's size and time must stay unchanged before it is taken.
    settle_seconds: float = 5.0
    #: Poll the folder instead of waiting for file events: "auto" (poll on
    #: network filesystems, where events do not arrive), "yes" or "no".
    polling: str = "auto"
    #: Seconds between polls when polling.
    poll_interval: float = 2.0
    split: SplitMode = SplitMode.file
    #: Drop blank pages (the empty back sides of duplex scans).
    drop_blank_backs: bool = False
    #: The built-in preset this profile started from, if any.
    preset: str = ""


@dataclass(frozen=True)
class OcrSettings:
    """How OCR runs."""

    #: Worker processes for page work; default: the machine's cores.
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    #: Seconds Tesseract may spend on one page before the page is given up.
    page_timeout: float = 300.0
    #: A page whose mean word confidence (0-100) is below this is flagged for rescan.
    low_confidence: float = 70.0
    #: JPEG quality of the prepared page images stored in the PDF/A.
    jpeg_quality: int = 80


@dataclass(frozen=True)
class Limits:
    """Inputs beyond these are refused as too large (bombs, runaway batches)."""

    max_file_mb: int = 1024
    max_pages: int = 1000
    #: Largest page image accepted, in megapixels (A4 at 600 dpi is 35 MP).
    max_megapixels: float = 180.0
    #: Longest time the pages of one document may take to prepare, in seconds: a file
    #: that passes the size checks but is slow to decode (a bomb of another shape) is
    #: refused as too large rather than holding the queue for hours (#14).
    max_prepare_seconds: float = 1800.0


@dataclass(frozen=True)
class ClusterSettings:
    """The work on Celery workers (``[cluster]``, #19); no broker: all in this process (the default)."""

    #: The broker's URL, ``redis://host:6379/0`` or ``amqp://user:pass@host//``; empty: no cluster.
    broker: str = ""
    #: Seconds one document may take in a worker before it is stopped (Celery's hard time limit);
    #: a soft limit a little earlier lets it end cleanly.
    time_limit: float = 1800.0
    #: A worker process is replaced after this many documents (memory of OCR libraries).
    max_tasks_per_child: int = 50
    #: Seconds after which the broker hands a task whose worker vanished (``kill -9``, power cut)
    #: to another worker (Redis; RabbitMQ notices the lost connection itself).
    visibility_timeout: float = 3600.0


@dataclass(frozen=True)
class Home:
    """The storage layout of one pindai installation (DESIGN.md, Storage)."""

    root: Path
    #: ``[catalog] url``: a PostgreSQL catalogue (#19); empty: ``catalog.sqlite3`` in the home.
    catalog_url: str = ""
    #: ``[search] engine``: "whoosh" (the default, the embedded index) or "postgresql" (#19,
    #: full text in the PostgreSQL catalogue's database; needs ``catalog_url``).
    search_engine: str = "whoosh"
    #: ``[search] public_url``: the login the public search connects with (a role that may read
    #: the public side only); empty: the catalogue's connection under that role (#19).
    search_public_url: str = ""

    @property
    def settings_file(self) -> Path:
        return self.root / SETTINGS_FILE

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def originals(self) -> Path:
        return self.root / "originals"

    @property
    def archive_public(self) -> Path:
        return self.root / "archive" / "public"

    @property
    def archive_exempt(self) -> Path:
        return self.root / "archive" / "exempt"

    @property
    def failed(self) -> Path:
        return self.root / "failed"

    @property
    def work(self) -> Path:
        """Claimed inputs and intermediate files of running jobs (restricted)."""
        return self.root / "work"

    @property
    def index_public(self) -> Path:
        return self.root / "index" / "public"

    @property
    def index_exempt(self) -> Path:
        return self.root / "index" / "exempt"

    @property
    def catalog(self) -> Path | str:
        """What ``Catalog()`` opens: the ``postgresql://`` URL when set, else :attr:`catalog_file`."""
        return self.catalog_url or self.catalog_file

    @property
    def catalog_file(self) -> Path:
        """The home's SQLite catalogue (the default; the source of ``pindai migrate-catalog``)."""
        return self.root / "catalog.sqlite3"

    @property
    def model(self) -> Path:
        """The classifier retrained with this office's decisions (``pindai train``)."""
        return self.root / "model" / "model.npz"


#: A starting retention schedule (JRA) by record kind (``metadata.KINDS``).
#: It is an example to be replaced by the office's own JRA in ``[registers.retention]``.
DEFAULT_RETENTION: dict[str, str] = {
    "hasil_pemilihan": "Permanen",
    "data_pemilih": "Permanen",
    "pencalonan": "Permanen",
    "tahapan": "Permanen",
    "keputusan": "Permanen",
    "hukum": "Permanen",
    "pengadaan": "Aktif 2 tahun, inaktif 8 tahun, dinilai kembali",
    "keuangan": "Aktif 2 tahun, inaktif 8 tahun, musnah",
    "kepegawaian": "Aktif 2 tahun, inaktif 3 tahun setelah pensiun/berhenti, musnah",
    "laporan": "Aktif 2 tahun, inaktif 8 tahun, permanen",
    "surat": "Aktif 1 tahun, inaktif 1 tahun, musnah",
    "umum": "Sesuai JRA (belum ditentukan)",
}


@dataclass(frozen=True)
class RegisterSettings:
    """What the registers, the website export and the report say about the office."""

    #: The public body in headings, e.g. "KPU Kabupaten Lahat".
    office: str = "KPU Kabupaten/Kota"
    #: Bentuk informasi yang tersedia, unless an officer sets it per document.
    form: str = "Softcopy dan hardcopy"
    #: Retention (jangka waktu penyimpanan) by record kind; "umum" for the rest.
    retention: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_RETENTION))
    #: Months after a decision to review an exemption whose period is a condition.
    review_months: int = 12

    def retention_for(self, kind: str) -> str:
        return self.retention.get(kind) or self.retention.get("umum", "")


@dataclass(frozen=True)
class Settings:
    """Everything a command needs, read-only; derive variants with ``replace``."""

    home: Home
    ocr: OcrSettings = field(default_factory=OcrSettings)
    limits: Limits = field(default_factory=Limits)
    profiles: dict[str, Profile] = field(
        default_factory=lambda: {"default": Profile("default")}
    )
    #: Group given read access to restricted folders (PPID officers); empty: none.
    group: str = ""
    registers: RegisterSettings = field(default_factory=RegisterSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)

    def hot_folder(self, profile: Profile) -> Path:
        """Where the profile's scanner or phone saves files."""
        if profile.folder:
            return Path(profile.folder).expanduser()
        return self.home.inbox / profile.name

    def profile(self, name: str | None) -> Profile:
        """The named profile, or ``default``.

        Raises:
            ConfigError: if no such profile is defined.
        """
        key = name or "default"
        try:
            return self.profiles[key]
        except KeyError:
            known = ", ".join(sorted(self.profiles))
            raise ConfigError(
                f"Profil '{key}' tidak ada di {self.home.settings_file} "
                f"(profile '{key}' is not defined; known: {known})"
            ) from None


def set_catalog_url(home: Home, url: str) -> bool:
    """Point the home at the PostgreSQL catalogue ``url`` (``[catalog] url``, #19).

    Returns:
        False when ``pindai.toml`` already has a ``[catalog]`` table: it is left as it is
        (the caller shows the line to set).
    """
    path = home.settings_file
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if "catalog" in tomllib.loads(text):
        return False
    quoted = '"' + url.replace("\\", "\\\\").replace('"', '\\"') + '"'
    with path.open("a", encoding="utf-8") as f:
        f.write(("" if text.endswith("\n") or not text else "\n")
                + f"\n# The catalogue on PostgreSQL (pindai migrate-catalog, #19).\n[catalog]\nurl = {quoted}\n")
    return True


def resolve_home(home: str | Path | None) -> Home:
    """``--home``, else ``PINDAI_HOME``, else :data:`DEFAULT_HOME`."""
    raw = home or os.environ.get("PINDAI_HOME") or DEFAULT_HOME
    return Home(Path(raw).expanduser().absolute())


#: Where systemd units live; the service's home is read from pindai's unit there.
SERVICE_UNIT_DIRS = (Path("/etc/systemd/system"), Path("/lib/systemd/system"), Path("/usr/lib/systemd/system"))
_UNIT_HOME = re.compile(r"""PINDAI_HOME=("?)([^"\s]+)\1|--home[= ]+("?)([^"\s]+)\3""")


def service_homes(unit_dirs: tuple[Path, ...] | None = None) -> list[tuple[Path, Path]]:
    """Homes named by installed pindai services: ``(unit file, home)`` for each that exists.

    The service (``deploy/pindai.service``) names its home with
    ``Environment=PINDAI_HOME=...`` or ``--home``; an officer at a terminal
    who set neither needs to be pointed there, not told to create a new home.
    """
    found: list[tuple[Path, Path]] = []
    for d in SERVICE_UNIT_DIRS if unit_dirs is None else unit_dirs:
        try:
            units = sorted(d.glob("pindai*.service"))
        except OSError:
            continue
        for unit in units:
            try:
                text = unit.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            for m in _UNIT_HOME.finditer(text):
                home = Path(m.group(2) or m.group(4))
                if (home / SETTINGS_FILE).exists() and all(h != home for _, h in found):
                    found.append((unit, home))
    return found


def _no_home_message(h: Home, given: str | Path | None) -> str:
    if given:
        how = "--home"
    elif os.environ.get("PINDAI_HOME"):
        how = "PINDAI_HOME"
    else:
        how = "bawaan / the default, tanpa --home dan PINDAI_HOME / neither --home nor PINDAI_HOME set"
    lines = [(f"Rumah pindai tidak ditemukan di {h.root} (dicari dari / looked for from: {how}); "
              f"tidak ada {SETTINGS_FILE} di sana (no {SETTINGS_FILE} there).")]
    services = service_homes()
    if services:
        unit, home = services[0]
        lines.append(f"Rumah layanan pindai / the service's home ({unit}): {home}")
        target = str(home)
    else:
        target = "/srv/pindai"
        lines.append("Rumah layanan ada di berkas unitnya / the service's home is in its unit file: "
                     "Environment=PINDAI_HOME=... di /etc/systemd/system/pindai.service")
    lines += [
        f"Tunjuk rumah yang sudah ada / point at the existing home: pindai ... --home {target}",
        f"  atau / or: export PINDAI_HOME={target}",
        "Hanya untuk pemasangan baru / only for a new installation: pindai init --home DIR",
    ]
    return "\n".join(lines)


def load_settings(home: str | Path | None = None, *, must_exist: bool = True) -> Settings:
    """Read ``<home>/pindai.toml`` into validated :class:`Settings`.

    Raises:
        HomeError: if the home was never initialised and ``must_exist``.
        ConfigError: naming the file, table, key, value and what is allowed.
        PermissionError: the user may not read the settings (not in the PPID group).
    """
    h = resolve_home(home)
    path = h.settings_file
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if must_exist:
            raise HomeError(_no_home_message(h, home)) from None
        return Settings(home=h)
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: bukan teks UTF-8 / not UTF-8 text ({e})") from e
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: TOML tidak valid / invalid TOML: {e}") from e
    return settings_from_dict(h, data, source=path)


def settings_from_dict(home: Home, data: dict[str, Any], *, source: Path) -> Settings:
    """Validate a parsed settings file against the schema (``_config_schema``). Pure: no I/O.

    Raises:
        ConfigError: naming the file, table, key, value and what is allowed.
    """
    from pindai._config_schema import SECTIONS, TABLES, ProfileTable, check_table

    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"{source}: bagian tidak dikenal / unknown table [{unknown[0]}] "
                          f"(known: {', '.join(f'[{s}]' for s in SECTIONS)})")
    tables = {name: check_table(model, data.get(name, {}), source=source, table=name)
              for name, model in TABLES.items()}
    ocr = OcrSettings(**tables["ocr"])
    limits = Limits(**tables["limits"])
    retention = tables["registers"].pop("retention", {})
    registers = RegisterSettings(**tables["registers"], retention={**DEFAULT_RETENTION, **retention})
    profiles = {"default": Profile("default")}
    raw_profiles = data.get("profiles", {})
    if not isinstance(raw_profiles, dict):
        raise ConfigError(f"{source} [profiles]: harus berupa tabel / must be a table")
    for name, table in raw_profiles.items():
        where = f"profiles.{name}"
        if not isinstance(table, dict):
            raise ConfigError(f"{source} [{where}]: harus berupa tabel / must be a table, not {table!r}")
        preset = table.get("preset", "")
        if preset and preset not in PRESETS:
            raise ConfigError(f"{source} [{where}]: 'preset' = {preset!r} tidak dikenal / unknown preset; "
                              f"boleh / allowed: {', '.join(repr(p) for p in PRESETS)}")
        values = check_table(ProfileTable, {**PRESETS.get(preset, {}), **table}, source=source, table=where)
        for key in ("prep", "languages"):
            if key in values:
                values[key] = tuple(values[key])
        if "polling" in values:
            values["polling"] = str(values["polling"])
        profiles[name] = Profile(name=name, **values)
    if tables["catalog"].get("url"):
        home = replace(home, catalog_url=tables["catalog"]["url"])
    if tables["search"].get("engine", "whoosh") != "whoosh" or tables["search"].get("public_url"):
        if not home.catalog_url:
            raise ConfigError(f"{source} [search]: engine = \"postgresql\" memerlukan katalog di PostgreSQL; isi "
                              "[catalog] url dulu (search on PostgreSQL needs [catalog] url = \"postgresql://...\")")
        home = replace(home, search_engine=str(tables["search"].get("engine", "whoosh")),
                       search_public_url=tables["search"].get("public_url", ""))
    return Settings(home=home, ocr=ocr, limits=limits, profiles=profiles,
                    group=tables["home"].get("group", ""), registers=registers,
                    cluster=ClusterSettings(**tables["cluster"]))


#: Built-in starting points: ``preset = "adf"`` makes a new profile one line.
PRESETS: dict[str, dict[str, Any]] = {
    # Office ADF scanner: batches of documents with separator sheets, duplex.
    "adf": {"kind": "scanner", "dpi": 300, "split": "separator", "drop_blank_backs": True,
            "settle_seconds": 5.0},
    # Flatbed: one document per file, pages as scanned.
    "flatbed": {"kind": "scanner", "dpi": 300, "split": "file", "settle_seconds": 3.0},
    # Phone photos saved to the share: find the sheet, no resolution in the file.
    "phone": {"kind": "phone", "dpi": 200, "split": "file", "settle_seconds": 2.0},
}


SETTINGS_TEMPLATE = """\
# pindai settings. Lines starting with # are comments; uncomment to change a default.
# Setelan pindai. Baris diawali # adalah komentar; hapus # untuk mengubah nilai bawaan.

[home]
# Group of PPID officers allowed to read restricted folders (originals, exempt
# archive, exempt index, catalogue). Empty: only the service user.
# group = "ppid"

[ocr]
# Worker processes for page work (default: number of CPU cores).
# jobs = 2
# Seconds Tesseract may spend on one page.
# page_timeout = 300
# Pages whose mean OCR word confidence (0-100) is below this are flagged
# "pindai ulang disarankan" (rescan suggested).
# low_confidence = 70
# JPEG quality of the cleaned page images kept in the PDF/A.
# jpeg_quality = 80

[limits]
# Inputs beyond these go to failed/ as "too large".
# max_file_mb = 1024
# max_pages = 1000
# max_megapixels = 180
# max_prepare_seconds = 1800

# Device profiles: one table per scanner or phone workflow.
# `pindai ingest --profile NAME` uses one; without it, "default" is used.
[profiles.default]
kind = "scanner"          # scanner | phone
dpi = 300                 # assumed when the file has no resolution
prep = ["orientation", "perspective", "deskew", "clean"]
languages = ["ind", "eng"]
unit = "Umum"             # sub-bagian that holds the documents (DIP column)
official = ""             # pejabat penanggung jawab (DIP column)

# A profile can start from a built-in preset: "adf", "flatbed" or "phone".
# Every key above can be set per profile, plus:
#   folder = "/srv/samba/scan-adf"  hot folder (default: <home>/inbox/<name>)
#   colour = "keep"                 keep | grey | bw
#   settle_seconds = 5              file unchanged this long = complete
#   polling = "auto"                auto | yes | no (auto: poll on network filesystems)
#   poll_interval = 2
#   split = "separator"             file | blank | separator (pindai separator-sheet)
#   drop_blank_backs = true         drop empty back sides of duplex scans
# A subfolder of a hot folder names the unit: inbox/adf/Keuangan/scan.pdf -> unit Keuangan.

[registers]
# The public body, as the registers, the website and the report name it.
# office = "KPU Kabupaten Lahat"
# Bentuk informasi yang tersedia (DIP column), unless set per document in review.
# form = "Softcopy dan hardcopy"
# Months after a decision to review an exemption whose period is a condition.
# review_months = 12

# Retention schedule (JRA) by record kind; the defaults are an example only:
# replace them with your office's JRA. Kinds: hasil_pemilihan, data_pemilih,
# pencalonan, tahapan, keputusan, hukum, pengadaan, keuangan, kepegawaian,
# laporan, surat, umum (everything else).
[registers.retention]
# keuangan = "Aktif 2 tahun, inaktif 8 tahun, musnah"
# surat = "Aktif 1 tahun, inaktif 1 tahun, musnah"

[profiles.adf]
preset = "adf"
unit = "Umum"

[profiles.ponsel]
preset = "phone"
unit = "Umum"
"""
