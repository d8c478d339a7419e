"""Accounts of the web workspace: roles, argon2 password hashes, the login limit, the session secret."""

from __future__ import annotations

import logging
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from pindai.catalog import Catalog
from pindai.config import Home
from pindai.errors import ExitCode, PindaiError

log = logging.getLogger(__name__)

#: operator: hot folders and failed files; officer: the PPID's work; admin: users, profiles, nightly.
ROLES = ("operator", "officer", "admin")
ROLE_LABELS = {"operator": "Operator pemindai", "officer": "Petugas PPID", "admin": "Admin TI"}
#: Wrong passwords in a row (per account and per address) before the login is locked.
MAX_FAILURES = 5
#: How long a locked login stays locked, and how far back failures count.
LOCK_TIME = timedelta(minutes=15)
MIN_PASSWORD = 8
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_hasher = PasswordHasher()
# Verifying against this costs what a real account costs: an unknown name is not
# told apart from a wrong password by the time the answer takes.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountError(PindaiError):
    """An account command was given a wrong name, role or password."""

    exit_code = ExitCode.bad_config


class LoginError(PindaiError):
    """Wrong name or password, or a disabled account (the message does not say which)."""

    exit_code = ExitCode.bad_config


class LoginLockedError(LoginError):
    """Too many wrong passwords for this account or from this address."""


@dataclass(frozen=True)
class WebUser:
    """The person behind a web request."""

    name: str
    #: operator | officer | admin
    role: str
    #: The only unit whose documents this account sees; "" for all units.
    unit: str = ""

    @property
    def is_officer(self) -> bool:
        return self.role == "officer"

    def sees_unit(self, unit: str) -> bool:
        return not self.unit or self.unit == unit

    def actor(self, address: str) -> str:
        """How the audit trail names this person: ``web:siti@127.0.0.1``."""
        return f"web:{self.name}@{address or '-'}"


def _now() -> datetime:
    return datetime.now(UTC)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Kata sandi terlalu pendek: paling sedikit {MIN_PASSWORD} karakter "
                           f"(password too short: at least {MIN_PASSWORD} characters)")


def add_user(catalog: Catalog, name: str, *, role: str, password: str, unit: str = "") -> WebUser:
    """Create an account.

    Raises:
        AccountError: a bad name or role, a short password, or the name is taken.
    """
    if not _NAME.match(name):
        raise AccountError(f"Nama akun '{name}' tidak sah: huruf kecil, angka, titik, garis; 2-32 karakter "
                           "(account names: lower-case letters, digits, . _ -)")
    if role not in ROLES:
        raise AccountError(f"Peran '{role}' tidak dikenal; pilih {', '.join(ROLES)} (unknown role)")
    _check_password(password)
    if catalog.web_user(name) is not None:
        raise AccountError(f"Akun '{name}' sudah ada; ganti sandinya dengan: pindai user passwd {name} "
                           "(account exists)")
    catalog.add_web_user(name, role=role, unit=unit.strip(), password_hash=_hasher.hash(password))
    log.info("web account %s added (%s)", name, role)
    return WebUser(name, role, unit.strip())


def set_password(catalog: Catalog, name: str, password: str) -> None:
    """Change a password (and enable the account again)."""
    _check_password(password)
    if not catalog.update_web_user(name, password_hash=_hasher.hash(password), disabled=0):
        raise AccountError(f"Akun '{name}' tidak ada; lihat: pindai user list (no such account)")
    catalog.clear_login_failures(f"user:{name}")


def disable_user(catalog: Catalog, name: str) -> None:
    """Disable an account: its sessions end at their next request."""
    if not catalog.update_web_user(name, disabled=1):
        raise AccountError(f"Akun '{name}' tidak ada; lihat: pindai user list (no such account)")


def list_users(catalog: Catalog) -> list[dict[str, object]]:
    return [{"name": r["name"], "role": r["role"], "unit": r["unit"], "disabled": bool(r["disabled"]),
             "created_at": r["created_at"], "updated_at": r["updated_at"]} for r in catalog.web_users()]


def active_user(catalog: Catalog, name: str) -> WebUser | None:
    """The account ``name`` if it exists and is enabled."""
    row = catalog.web_user(name)
    if row is None or row["disabled"]:
        return None
    return WebUser(row["name"], row["role"], row["unit"])


def _locked_until(catalog: Catalog, key: str, now: datetime) -> datetime | None:
    times = catalog.login_failures(key, (now - LOCK_TIME).isoformat(timespec="seconds"))
    if len(times) < MAX_FAILURES:
        return None
    return datetime.fromisoformat(times[-1]) + LOCK_TIME


def authenticate(catalog: Catalog, name: str, password: str, *, address: str,
                 now: datetime | None = None) -> WebUser:
    """Check a login.

    After :data:`MAX_FAILURES` wrong passwords within :data:`LOCK_TIME`, for the
    account or from the address, logins are refused until the lock ends, even
    with the right password.

    Raises:
        LoginLockedError: the account or the address is locked.
        LoginError: wrong name or password, or a disabled account.
    """
    now = now or _now()
    keys = [f"user:{name}", f"addr:{address}"]
    for key in keys:
        until = _locked_until(catalog, key, now)
        if until and until > now:
            minutes = max(1, int((until - now).total_seconds() // 60) + 1)
            raise LoginLockedError(
                f"Terlalu banyak sandi salah. Coba lagi dalam {minutes} menit, atau minta admin TI "
                f"mengganti sandi (too many wrong passwords; try again in {minutes} min)")
    row = catalog.web_user(name)
    ok = False
    try:
        ok = _hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password) and row is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or row["disabled"]:
        catalog.add_login_failure(keys, now.isoformat(timespec="seconds"))
        log.warning("web login refused for an account from %s", address)
        raise LoginError("Nama atau kata sandi salah, atau akun dinonaktifkan (wrong name or password)")
    catalog.clear_login_failures(f"user:{name}")
    catalog.clear_login_failures(f"addr:{address}", before=(now - LOCK_TIME).isoformat(timespec="seconds"))
    return WebUser(row["name"], row["role"], row["unit"])


def secret_file(home: Home) -> Path:
    return home.root / "web" / "session.key"


def session_secret(home: Home, *, create: bool = True) -> str:
    """The key that signs session cookies, kept in the home (0600); made on first use."""
    path = secret_file(home)
    if not path.exists():
        if not create:
            raise AccountError(f"Kunci sesi belum ada: jalankan pindai serve sekali ({path} missing)")
        path.parent.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path.parent, 0o700)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)  # the first process to start keeps its key; the others read it
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    os.chmod(path, 0o600)
    return path.read_text().strip()


# --------------------------------------------------------------------------- saved filters (#16)

#: The pages whose filters a user may save, and the filter fields each keeps.
FILTER_PAGES = {"kotak-masuk": ("tab", "unit", "profil", "saran", "yakin", "dari", "sampai", "urut")}


@dataclass(frozen=True)
class SavedFilter:
    """One of a user's named filters: the page's address with its query."""

    id: int
    name: str
    #: The page's address with the filter, e.g. ``/kotak-masuk?tab=menunggu&unit=Keuangan``.
    href: str


def save_filter(catalog: Catalog, user: WebUser, page: str, name: str, values: dict[str, str]) -> None:
    """Save the filter ``values`` of ``page`` under ``name`` (a filter of that name is replaced).

    Raises:
        AccountError: no name, or a page without saved filters.
    """
    from urllib.parse import urlencode

    name = " ".join(name.split())[:60]
    if page not in FILTER_PAGES:
        raise AccountError(f"Halaman '{page}' tidak punya saringan tersimpan (no saved filters here)")
    if not name:
        raise AccountError("Beri nama saringan dulu (give the filter a name)")
    query = urlencode({k: values[k] for k in FILTER_PAGES[page] if values.get(k)})
    catalog.save_web_filter(user.name, page, name, query, at=_now().isoformat(timespec="seconds"))


def saved_filters(catalog: Catalog, user: WebUser, page: str) -> list[SavedFilter]:
    """The user's saved filters of ``page``, by name."""
    return [SavedFilter(r["id"], r["name"], f"/{page}?{r['query']}" if r["query"] else f"/{page}")
            for r in catalog.web_saved_filters(user.name, page)]


def delete_filter(catalog: Catalog, user: WebUser, filter_id: int) -> bool:
    """Delete one of the user's own saved filters (another user's is left alone)."""
    return catalog.delete_web_filter(user.name, filter_id)
