"""What the workspace needs that the library does not offer yet: the waiting-for-Keputusan list,
failed files (retry, discard), the hot folders' status and the last nightly summary.

Each function belongs in the library (named in its docstring) and is written so it
can move there unchanged; the web layer only calls them.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pindai import archive, review
from pindai.catalog import Catalog
from pindai.config import Settings
from pindai.errors import ExitCode, PindaiError

log = logging.getLogger(__name__)

#: Where discarded failed files are kept (never deleted): inside the home's failed/.
TRASH = "dibuang"
#: The folder a failed file lands in when it is retried from the watcher's GAGAL folder.
FAILED_FOLDER = "GAGAL"
REASON_SUFFIX = ".alasan.txt"


class FailedFileNotFoundError(PindaiError):
    """The failed file was retried or discarded meanwhile."""

    exit_code = ExitCode.bad_config


def awaiting_keputusan(catalog: Catalog, settings: Settings) -> list[review.Record]:
    """DIK proposals an officer accepted that carry no Keputusan penetapan yet, newest decision first.

    Belongs in :mod:`pindai.review` beside ``pending``.
    """
    recs = review.records(catalog, settings, order="newest")
    waiting = [r for r in recs if r.decided and r.register == "DIK" and not r.decision_ref]
    return sorted(waiting, key=lambda r: (r.decided_at or "", r.id), reverse=True)


# --------------------------------------------------------------------------- failed files


@dataclass(frozen=True)
class FailedFile:
    """A file that could not be processed, with the reason pindai wrote beside it."""

    #: Opaque handle for URLs and forms (a hash of its place, never its name).
    key: str
    name: str
    #: The device profile whose hot folder it came from; "" for ``pindai ingest``.
    profile: str
    #: The reason, as the clerk reads it (the ALASAN line), and the code.
    reason: str
    code: str
    failed_at: str
    path: Path


def _reason(path: Path) -> tuple[str, str, str]:
    reason_file = path.with_name(path.name + REASON_SUFFIX)
    reason, code, when = "Alasan tidak tercatat (no reason file)", "", ""
    try:
        for line in reason_file.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("ALASAN:"):
                reason = line.split(":", 1)[1].strip()
            elif line.startswith("Kode / Code:"):
                code = line.split(":", 1)[1].strip()
            elif line.startswith("Waktu / Time:"):
                when = line.split(":", 1)[1].strip()
    except OSError:
        pass
    if not when:
        when = datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")
    return reason, code, when


def _failed_folders(settings: Settings) -> list[tuple[str, Path]]:
    folders = [("", settings.home.failed)]
    folders += [(name, settings.hot_folder(p) / FAILED_FOLDER) for name, p in sorted(settings.profiles.items())]
    return folders


def failed_files(settings: Settings) -> list[FailedFile]:
    """Every failed input of the home and of the hot folders, newest first.

    Belongs in :mod:`pindai.watch_folders` (the watcher writes the GAGAL folders).
    """
    out = []
    for profile, folder in _failed_folders(settings):
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if not p.is_file() or p.is_symlink() or p.name.endswith(REASON_SUFFIX) or p.name.startswith("."):
                continue
            reason, code, when = _reason(p)
            rel = str(p.relative_to(settings.home.root) if p.is_relative_to(settings.home.root) else p)
            key = hashlib.sha256(rel.encode()).hexdigest()[:20]
            out.append(FailedFile(key, p.name, profile, reason, code, when, p))
    return sorted(out, key=lambda f: (f.failed_at, f.name), reverse=True)


def _failed(settings: Settings, key: str) -> FailedFile:
    for f in failed_files(settings):
        if f.key == key:
            return f
    raise FailedFileNotFoundError("Berkas gagal itu sudah tidak ada (sudah dicoba ulang atau dibuang). "
                                  "Muat ulang halaman. (the failed file is gone)")


def retry_failed_file(settings: Settings, key: str) -> Path:
    """Put a failed file back into its hot folder (the default one for ``pindai ingest``'s), so the
    watcher takes it again; its reason file goes to the trash.

    Belongs in :mod:`pindai.watch_folders`.
    """
    f = _failed(settings, key)
    folder = settings.hot_folder(settings.profile(f.profile or None))
    dest = archive.move(f.path, archive.unique_path(folder / f.name))
    _trash_reason(settings, f)
    log.info("failed file put back into the hot folder of profile %s", f.profile or "default")
    return dest


def discard_failed_file(settings: Settings, key: str) -> Path:
    """Move a failed file and its reason into the kept trash (``failed/dibuang``); nothing is deleted.

    Belongs in :mod:`pindai.watch_folders`.
    """
    f = _failed(settings, key)
    trash = settings.home.failed / TRASH
    trash.mkdir(exist_ok=True)
    dest = archive.move(f.path, archive.unique_path(trash / f.name))
    reason = f.path.with_name(f.path.name + REASON_SUFFIX)
    if reason.exists():
        archive.move(reason, archive.unique_path(trash / (dest.name + REASON_SUFFIX)))
    log.info("failed file discarded into %s", trash)
    return dest


def _trash_reason(settings: Settings, f: FailedFile) -> None:
    reason = f.path.with_name(f.path.name + REASON_SUFFIX)
    if reason.exists():
        trash = settings.home.failed / TRASH
        trash.mkdir(exist_ok=True)
        archive.move(reason, archive.unique_path(trash / reason.name))


# --------------------------------------------------------------------------- status


@dataclass(frozen=True)
class HotFolder:
    profile: str
    folder: str
    #: Files waiting to be taken.
    waiting: int
    failed: int
    last_done: str | None
    done: int


def hot_folder_status(settings: Settings, catalog: Catalog) -> list[HotFolder]:
    """Per device profile: files waiting, failed files, the last processed input.

    Belongs in :mod:`pindai.watch_folders` (its status file says the same to the share).
    """
    from pindai.watch_folders import is_ignored

    activity = catalog.web_profile_activity()
    failed = failed_files(settings)
    out = []
    for name, profile in sorted(settings.profiles.items()):
        folder = settings.hot_folder(profile)
        waiting = 0
        if folder.is_dir():
            waiting = sum(1 for p in folder.rglob("*") if p.is_file() and not is_ignored(p, folder))
        act = activity.get(name, {"last_done": None, "states": {}})
        out.append(HotFolder(name, str(folder), waiting, sum(1 for f in failed if f.profile == name),
                             act["last_done"], int(act["states"].get("done", 0))))
    return out


def last_nightly(settings: Settings) -> dict[str, Any] | None:
    """The newest nightly summary (``<home>/nightly/*.json``), or None.

    Belongs in :mod:`pindai.nightly`.
    """
    folder = settings.home.root / "nightly"
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    for path in reversed(files):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        data["file"] = path.name
        return data
    return None
