"""Closed years in their own read-only files beside the data file.

A year whose step 11 is done can be archived: its records leave the shared file for
``<stem>.<year>.arsip.json`` (mode 0440, the folder's group), a lakip-shaped JSON file, and the
shared file keeps, in ``_meta.archives``, the archive's file name and SHA-256. What belongs to a
year, and so moves: the tables in ``YEAR_TABLES``, each record whose ``year`` is the archived year
(the report, sasaran, indicators, budget lines, Perjanjian Kinerja versions, export records and
audit entries). What stays: the office's records (profile, users, bidang, settings), the letter
register (one register across years, so no number is issued twice) and whatever is recorded
about the year after archiving (the archiving's own audit entry, later exports): reads join both.

Crash safety: the archive is written (temp file, fsync, rename) before the shared file, inside
the same lock. A kill before the shared file's rename leaves the year in the shared file and an
archive file no record names: it is never read, ``lakip check`` reports it, and the next archiving
of that year replaces it. A kill after leaves a complete archive the shared file names.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from store import files
from store.datafile import (
    META,
    SCHEMA_VERSION,
    Data,
    archive_name,
    dumps,
    is_archive_name,
    meta_of,
    migrate,
    parse,
)
from store.errors import CorruptFile, FileRefused

# The tables whose records carry a ``year`` and go with it.
YEAR_TABLES = ("reports", "sasaran", "indicators", "budget", "pk", "exports", "audit")
# Tables of an archived year that never take a new record (exports and audit entries may).
CLOSED_TABLES = ("reports", "sasaran", "indicators", "budget", "pk")
ARCHIVES = "archives"
ARCHIVE_MODE = 0o440
__all__ = ["archive_name", "is_archive_name"]


def sha256(raw: bytes) -> str:
    import hashlib  # here, not at the top: `lakip status` never hashes

    return hashlib.sha256(raw).hexdigest()


def records(meta: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The archive records of ``_meta`` by year (an odd entry is skipped here; check names it)."""
    found = meta.get(ARCHIVES)
    if not isinstance(found, dict):
        return {}
    return {
        int(k): v
        for k, v in found.items()
        if k.isdigit() and isinstance(v, dict) and isinstance(v.get("file"), str)
    }


def split(data: Data, year: int, now_iso: str) -> Data:
    """Take the year's records out of ``data`` (changed in place); return the archive's data."""
    out: Data = {
        META: {
            "1": {
                "app": meta_of(data)["app"],
                "schema": SCHEMA_VERSION,
                "archive_year": year,
                "archived_at": now_iso,
            }
        }
    }
    for table in YEAR_TABLES:
        docs = data.get(table, {})
        moved = {k: d for k, d in docs.items() if d.get("year") == year}
        for k in moved:
            del docs[k]
        out[table] = moved
    return out


def write(store: Path, year: int, archive: Data) -> tuple[str, str]:
    """Write the archive file (replacing a leftover of an interrupted archiving); return its
    name and SHA-256."""
    payload = dumps(archive)
    name = archive_name(store, year)
    files.write_file(store.parent / name, payload, mode=ARCHIVE_MODE)
    return name, sha256(payload)


def read(store: Path, year: int, record: dict[str, Any]) -> Data:
    """The archive's data, its SHA-256 checked against the one the shared file recorded."""
    path = store.parent / str(record["file"])
    what = f"Arsip tahun {year} ({path})"
    try:
        raw = files.read_regular(path, what="Arsip")
    except FileRefused as exc:
        raise CorruptFile(f"{exc} Data tahun {year} tidak dapat dibaca.") from None
    except FileNotFoundError:
        raise CorruptFile(
            f"{what} hilang. Pulihkan dari cadangan (lakip restore) atau salin kembali berkas "
            "arsip itu dari folder cadangan."
        ) from None
    except OSError as exc:
        raise CorruptFile(f"{what} tidak dapat dibaca: {exc.strerror}.") from None
    if sha256(raw) != record.get("sha256"):
        raise CorruptFile(
            f"{what} tidak cocok dengan SHA-256 yang dicatat saat pengarsipan: berkas itu "
            "diubah atau rusak. Salin kembali arsip yang asli dari folder cadangan."
        )
    try:
        data = parse(raw)
    except ValueError as exc:
        raise CorruptFile(f"{what} rusak ({exc}).") from None
    if int(meta_of(data)["schema"]) < SCHEMA_VERSION:
        data = migrate(data)
    return data


def backup_name(name: str, sha256: str) -> str:
    """The archive's copy in the backup folder: named by its hash, so a year archived again
    after a restore never replaces the copy of the earlier archive."""
    return f"{Path(name).stem}-{sha256[:16]}.json"


def copy_to_backups(store: Path, backup_dir: Path, data: Data) -> None:
    """Copy each archive the shared file names into the backup folder, once (they never change)."""
    for record in records(meta_of(data)).values():
        target = backup_dir / backup_name(record["file"], str(record.get("sha256")))
        if target.exists():
            continue
        try:
            raw = files.read_regular(store.parent / record["file"], what="Arsip")
        except (OSError, FileRefused):
            continue  # missing or refused: lakip check says so
        if sha256(raw) != record.get("sha256"):
            continue  # tampered: never back up a copy that does not match
        files.make_folder(backup_dir)
        with contextlib.suppress(FileExistsError):
            files.write_file(target, raw, overwrite=False, mode=ARCHIVE_MODE)


def put_back(store: Path, backup_dir: Path, data: Data) -> list[str]:
    """After a restore: put each archive the restored file names beside it from the backup
    folder when it is missing or differs; return the names that could not be put back."""
    missing = []
    for record in records(meta_of(data)).values():
        path = store.parent / record["file"]
        want = record.get("sha256")
        try:
            if sha256(files.read_regular(path)) == want:
                continue
        except (OSError, FileRefused):
            pass
        copy = backup_dir / backup_name(record["file"], str(want))
        try:
            raw = files.read_regular(copy)
        except (OSError, FileRefused):
            missing.append(record["file"])
            continue
        if sha256(raw) != want:
            missing.append(record["file"])
            continue
        files.write_file(path, raw, mode=ARCHIVE_MODE)
    return missing
