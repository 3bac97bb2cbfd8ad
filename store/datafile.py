"""The one data file: fresh reads, locked transactions, atomic writes, schema, backups, restore.

A transaction takes the sidecar lock, reads the file fresh, hands TinyDB an in-memory copy, and on
success writes the whole new JSON to a temp file in the same folder, fsyncs it, gives it the old
file's mode and group, renames it over the old file and fsyncs the folder. Readers take no lock:
a rename is atomic, so they always see one whole version.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from store import files, lock
from store.errors import (
    CorruptFile,
    FileRefused,
    NoAccess,
    NoDataFile,
    ReadOnlyFile,
    StoreError,
    WriteFailed,
)

SCHEMA_VERSION = 5
APP_ID = "lakip"
META = "_meta"

Data = dict[str, dict[str, dict[str, Any]]]


class MemoryStorage(Storage):
    """TinyDB storage over a dict that the transaction owns."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> Data:
        return self.data

    def write(self, data: Data) -> None:
        self.data = data
        self.dirty = True

    def close(self) -> None:
        pass


def archive_name(store: Path, year: int) -> str:
    """The file of an archived year beside the data file (store.archive)."""
    return f"{store.stem}.{year}.arsip.json"


def is_archive_name(store: Path, name: str) -> bool:
    return re.fullmatch(rf"{re.escape(store.stem)}\.\d{{4}}\.arsip\.json", name) is not None


# Closed years (store.archive): the tables whose records carry a ``year`` and go with it, those
# of them that never take a new record once their year is archived (exports and audit entries
# may), and the key of ``_meta`` naming the archives. Here, with the reading of that key, because
# every read asks which years are archived and most never open an archive.
YEAR_TABLES = ("reports", "sasaran", "indicators", "budget", "pk", "exports", "audit")
CLOSED_TABLES = ("reports", "sasaran", "indicators", "budget", "pk")
ARCHIVES = "archives"


def archive_records(meta: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The archive records of ``_meta`` by year (an odd entry is skipped here; check names it)."""
    found = meta.get(ARCHIVES)
    if not isinstance(found, dict):
        return {}
    return {
        int(k): v
        for k, v in found.items()
        if k.isdigit() and isinstance(v, dict) and isinstance(v.get("file"), str)
    }


def meta_of(data: Data) -> dict[str, Any]:
    table = data.get(META)
    if not isinstance(table, dict) or "1" not in table or not isinstance(table["1"], dict):
        raise ValueError("bagian _meta tidak ada")
    return table["1"]


def validate_shape(data: Any) -> Data:
    """Check that parsed JSON has the shape of a lakip file, else raise ValueError saying why."""
    if not isinstance(data, dict):
        raise ValueError("isinya bukan objek JSON")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ValueError(f"tabel '{name}' bukan objek")
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise ValueError(f"dokumen {doc_id} di tabel '{name}' bukan objek")
    meta = meta_of(data)
    if meta.get("app") != APP_ID:
        raise ValueError("bukan berkas data lakip")
    if not isinstance(meta.get("schema"), int):
        raise ValueError("versi skema tidak ada")
    return data


def parse(raw: bytes) -> Data:
    if not raw.strip():
        raise ValueError("berkas kosong")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("bukan teks UTF-8") from None
    except json.JSONDecodeError as exc:
        text = exc.doc.rstrip()
        rest = text[exc.pos :]  # a cut inside a literal leaves e.g. 'nul' unparsed
        cut = (
            exc.pos >= len(text)
            or exc.msg.startswith("Unterminated string")
            or any(word.startswith(rest) for word in ("null", "true", "false"))
        )
        if cut and text.lstrip()[:1] in ("{", "["):
            raise ValueError(
                "JSON rusak, berkas terpotong: isinya berhenti di tengah data pada baris "
                f"{exc.lineno} kolom {exc.colno}, mungkin penyimpanan atau penyalinan yang "
                "terputus"
            ) from None
        if text.lstrip()[:1] not in ("{", "["):
            start = "".join(c if c.isprintable() else "?" for c in text.lstrip()[:20])
            raise ValueError(f"JSON rusak, bukan berkas JSON (diawali '{start}')") from None
        raise ValueError(f"JSON rusak pada baris {exc.lineno} kolom {exc.colno}") from None
    return validate_shape(data)


def dumps(data: Data) -> bytes:
    """The file's bytes: compact UTF-8 JSON. orjson writes it ~15x faster than the json module
    (2 ms against 36 ms for a 1.6 MB store); anything orjson refuses goes through ``json``, which
    either writes it or says which text cannot be stored."""
    import orjson

    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        pass
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        around = text[max(0, exc.start - 40) : exc.start].rsplit('"', 1)[-1]
        raise WriteFailed(
            "Ada teks dengan karakter yang tidak sah (bukan UTF-8, mis. dari terminal dengan "
            f"pengodean lain) setelah '{around}'. Tidak ada yang disimpan; ketik ulang teks itu."
        ) from None


@dataclass(frozen=True)
class CheckItem:
    ok: bool
    what: str
    detail: str


class Tx:
    """One transaction: a TinyDB over the freshly read data, writable unless ``read_only``."""

    def __init__(self, data: Data, read_only: bool) -> None:
        self.storage = MemoryStorage(data)
        self.db = TinyDB(storage=lambda: self.storage)
        self.read_only = read_only

    @property
    def data(self) -> Data:
        return self.storage.data

    @property
    def meta(self) -> dict[str, Any]:
        return meta_of(self.data)

    def touch(self) -> None:
        """Mark the data changed (for edits made to ``data`` directly, such as ``_meta``)."""
        self.storage.dirty = True


class DataFile:
    def __init__(
        self,
        path: Path,
        *,
        lock_timeout: float = 10.0,
        backup_dir: Path | None = None,
        keep_backups: int = 30,
        backup_interval: timedelta = timedelta(hours=1),
    ) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.backup_dir = backup_dir or self.path.parent / "backups"
        self.lock_timeout = lock_timeout
        self.keep_backups = keep_backups
        self.backup_interval = backup_interval

    # -- reading ---------------------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def _read_raw(self) -> bytes:
        try:
            return files.read_regular(self.path, what="Berkas data")
        except FileRefused as exc:
            raise NoAccess(self._refused_message(exc)) from None
        except FileNotFoundError:
            raise NoDataFile(f"Berkas data belum ada: {self.path}.") from None
        except PermissionError:
            raise NoAccess(
                f"Tidak boleh membaca {self.path}: izin ditolak. Pastikan akun Anda anggota "
                "grup kantor (lihat README, bagian pemasangan di server)."
            ) from None
        except OSError as exc:
            raise NoAccess(f"Berkas data {self.path} tidak dapat dibaca: {exc.strerror}.") from None

    def _refused_message(self, exc: FileRefused) -> str:
        return self._link_refusal() if os.path.islink(self.path) else str(exc)

    def _link_refusal(self) -> str:
        # Decision: a linked data file is refused, not followed. Followed, a link planted in the
        # shared folder would send every write (a rename) into the linked file's folder, and
        # users of the link and of its target would hold two different locks.
        return (
            f"{files.link_message(self.path, 'Berkas data')} Tunjuk berkas data dengan jalur "
            "aslinya (opsi --db, LAKIP_DB atau /etc/lakip.conf), agar semua akun memakai satu "
            "berkas dan satu kunci."
        )

    def writable(self) -> bool:
        """May this account change the data file? Judged by the file's own mode for the
        account's class (owner, group, others), so that a file an administrator made read-only
        (``chmod 0440``) is not replaced by a rename, root included."""
        try:
            st = os.stat(self.path, follow_symlinks=False)
        except OSError:
            return os.access(self.path.parent, os.W_OK)
        if not stat.S_ISREG(st.st_mode):
            return False
        uid = os.geteuid()
        if uid == 0:
            return bool(st.st_mode & 0o222)
        if uid == st.st_uid:
            return bool(st.st_mode & stat.S_IWUSR)
        if st.st_gid == os.getegid() or st.st_gid in os.getgroups():
            return bool(st.st_mode & stat.S_IWGRP)
        return bool(st.st_mode & stat.S_IWOTH)

    def read(self) -> Data:
        raw = self._read_raw()
        try:
            return parse(raw)
        except ValueError as exc:
            raise CorruptFile(self._corrupt_message(str(exc))) from None

    def _corrupt_message(self, why: str) -> str:
        good = self.newest_good_backup()
        hint = (
            f"Cadangan baik terbaru: {good}. Pulihkan dengan: lakip restore {good}"
            if good
            else "Tidak ada cadangan yang baik; simpan salinan berkas ini dan hubungi admin."
        )
        return f"Berkas data {self.path} rusak ({why}). Berkas tidak diubah sama sekali. {hint}"

    def is_newer_schema(self, data: Data) -> bool:
        return int(meta_of(data)["schema"]) > SCHEMA_VERSION

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Tx]:
        """A read-only view of the current file, without the lock; an older file is seen
        migrated (in memory only: it is written back at the first change)."""
        data = self.read()
        if int(meta_of(data)["schema"]) < SCHEMA_VERSION:
            data = migrate(data)
        yield Tx(data, read_only=True)

    # -- writing ---------------------------------------------------------------------------

    def create(self, data: Data, account: str) -> None:
        """Write a brand-new file; refuse if one exists already."""
        validate_shape(data)
        files.make_folder(self.path.parent)
        with lock.hold(self.lock_path, account, self.lock_timeout):
            if self.path.exists():
                raise StoreError(f"Berkas data sudah ada: {self.path}. Tidak ditimpa.")
            self._write_atomic(dumps(data))

    def _require_writable(self) -> None:
        if os.path.islink(self.path):
            raise NoAccess(self._link_refusal())
        if self.path.exists() and not self.writable():
            try:
                mode = f" (mode {stat.S_IMODE(self.path.stat().st_mode):04o})"
            except OSError:
                mode = ""
            raise ReadOnlyFile(
                f"Berkas data {self.path} hanya bisa dibaca oleh akun ini{mode}; tidak ada yang "
                "diubah. Bila memang harus bisa diubah, admin memulihkan izinnya (mis. chmod 660)."
            )

    @contextlib.contextmanager
    def transaction(self, account: str) -> Iterator[Tx]:
        self._require_writable()
        with lock.hold(self.lock_path, account, self.lock_timeout):
            data = self.read()
            schema = int(meta_of(data)["schema"])
            if schema > SCHEMA_VERSION:
                raise ReadOnlyFile(
                    f"Berkas data dibuat oleh lakip yang lebih baru (skema {schema}, versi ini "
                    f"{SCHEMA_VERSION}). Berkas hanya bisa dibaca; perbarui lakip untuk "
                    "mengubahnya."
                )
            if schema < SCHEMA_VERSION:
                self.backup("sebelum-migrasi", locked=True)
                data = migrate(data)
                self._write_atomic(dumps(data))
            tx = Tx(data, read_only=False)
            yield tx
            if tx.storage.dirty:
                self._backup_if_due()
                self._write_atomic(dumps(tx.data))

    def _write_atomic(self, payload: bytes) -> None:
        """Called with the lock held: every writer holds it from its temp file to the rename,
        so any temp file of ours seen now belongs to a writer that died."""
        try:
            mode: int | None = stat.S_IMODE(os.stat(self.path, follow_symlinks=False).st_mode)
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            raise WriteFailed(_write_failed_message(self.path, exc)) from None
        for leftover in self.stale_temps():
            with contextlib.suppress(OSError):
                leftover.unlink()
        try:
            files.write_file(self.path, payload, mode=mode)
        except OSError as exc:
            raise WriteFailed(_write_failed_message(self.path, exc)) from None

    def _ours(self, name: str) -> bool:
        """Whether ``name`` beside the data file is one lakip writes: the file or an archive."""
        return name == self.path.name or is_archive_name(self.path, name)

    def stale_temps(self) -> list[Path]:
        """Temp files of writes that never finished (the writer was killed or the machine
        stopped between writing the temp file and renaming it)."""
        stem = self.path.stem
        return [
            *files.stale_temps(self.path.parent, self._ours),
            *files.stale_temps(self.backup_dir, lambda name: name.startswith(f"{stem}-")),
            *(p for p in _glob(self.backup_dir, f"{stem}-*.tmp") if p.is_file()),  # older lakip
        ]

    # -- backups ---------------------------------------------------------------------------

    def backups(self) -> list[Path]:
        """Backup files (regular files only), newest first: by the sequence in their names,
        never by the time in them (older lakip named them in local time; those come after
        every named one, newest modified first)."""
        try:
            names = os.listdir(self.backup_dir)
        except OSError:
            return []  # none yet, or an account outside the office group: nothing to see
        found: list[tuple[int, float, Path]] = []
        for name in names:
            if not (name.startswith(f"{self.path.stem}-") and name.endswith(".json")):
                continue
            p = self.backup_dir / name
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                found.append((self._backup_seq(name), st.st_mtime, p))
        return [p for _seq, _mtime, p in sorted(found, reverse=True)]

    def _backup_seq(self, name: str) -> int:
        """The sequence of a backup named ``<stem>-<UTC time>Z-<sequence>-<label>.json``; -1
        for a name of an older lakip."""
        found = re.fullmatch(
            rf"{re.escape(self.path.stem)}-\d{{8}}T\d{{6}}Z-(\d{{1,12}})-[^/]+\.json", name
        )
        return int(found[1]) if found else -1

    def newest_good_backup(self) -> Path | None:
        for candidate in self.backups():
            try:
                data = parse(files.read_regular(candidate, what="Cadangan"))
            except (OSError, ValueError, FileRefused):
                continue
            if self.is_newer_schema(data):
                continue  # kept from a newer lakip: this version cannot restore it
            return candidate
        return None

    def backup(self, label: str = "manual", *, locked: bool = False) -> Path:
        """Copy the current file into the backup folder; return the copy's path."""
        if not locked:
            with lock.hold(self.lock_path, "backup", self.lock_timeout):
                return self.backup(label, locked=True)
        raw = self._read_raw()
        existing = self.backups()
        seq = max((self._backup_seq(p.name) for p in existing), default=0) + 1
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.backup_dir / f"{self.path.stem}-{stamp}-{seq:06d}-{label}.json"
        try:
            files.make_folder(self.backup_dir)
            files.write_file(target, raw, overwrite=False)
        except OSError as exc:
            raise WriteFailed(_write_failed_message(target, exc)) from None
        self._rotate()
        return target

    def _backup_if_due(self) -> None:
        newest = self.backups()
        if newest:
            age = datetime.now().timestamp() - newest[0].stat().st_mtime
            if age < self.backup_interval.total_seconds():
                return
        self.backup("otomatis", locked=True)

    def _rotate(self) -> None:
        automatic = [p for p in self.backups() if p.stem.endswith("-otomatis")]
        for old in automatic[self.keep_backups :]:
            with contextlib.suppress(OSError):
                old.unlink()

    def restore(self, source: Path, account: str) -> Path | None:
        """Replace the data file with a backup; keep the replaced file as a backup first.

        Every record's revision and the audit, id and letter counters are raised above every
        value the replaced file (or, when it is unreadable, the newest good backup) has issued:
        an editor opened before the restore gets a conflict, and no audit sequence or letter
        number is issued twice."""
        try:
            raw = files.read_regular(Path(source), what="Cadangan")
        except FileRefused as exc:
            raise StoreError(f"{exc} Tidak dipulihkan.") from None
        except OSError as exc:
            raise StoreError(f"Cadangan {source} tidak dapat dibaca: {exc.strerror}.") from None
        try:
            data = parse(raw)
        except ValueError as exc:
            raise CorruptFile(f"Cadangan {source} juga rusak ({exc}); tidak dipulihkan.") from None
        if self.is_newer_schema(data):
            raise ReadOnlyFile(f"Cadangan {source} dibuat oleh lakip yang lebih baru.")
        self._require_writable()
        files.make_folder(self.path.parent)
        with lock.hold(self.lock_path, account, self.lock_timeout):
            kept: Path | None = None
            issued: Data | None = None
            if self.path.exists():
                kept = self.backup("sebelum-pemulihan", locked=True)
                with contextlib.suppress(StoreError, ValueError):
                    issued = parse(self._read_raw())
            if issued is None:
                good = self.newest_good_backup()
                with contextlib.suppress(OSError, ValueError, FileRefused):
                    issued = parse(files.read_regular(good)) if good else None
            self._write_atomic(dumps(raise_counters(data, issued)))
            return kept

    # -- health ----------------------------------------------------------------------------

    def check(self, out_dir: Path | None = None, *, protected: bool = False) -> list[CheckItem]:
        """Every problem an administrator can fix; ``out_dir`` (where documents are written) is
        judged by the same folder rules as the data folder, or, ``protected`` (run by the
        service), by the protected mode's rules (``_protected_items``)."""
        items: list[CheckItem] = []
        try:
            data = self.read()
            schema = int(meta_of(data)["schema"])
            items.append(CheckItem(True, "Berkas data", f"{self.path} terbaca, JSON valid"))
            items.append(
                CheckItem(
                    schema <= SCHEMA_VERSION,
                    "Skema",
                    f"versi {schema} (program ini {SCHEMA_VERSION})"
                    + ("" if schema <= SCHEMA_VERSION else ": hanya bisa dibaca"),
                )
            )
        except StoreError as exc:
            items.append(CheckItem(False, "Berkas data", str(exc)))
        items.extend(self._odd_file_items())
        items.extend(
            self._protected_items(out_dir) if protected else self._permission_items(out_dir)
        )
        leftovers = self.stale_temps()
        if leftovers:
            items.append(
                CheckItem(
                    True,
                    "Berkas sementara",
                    f"{len(leftovers)} sisa penyimpanan yang terputus ("
                    + ", ".join(p.name for p in leftovers[:3])
                    + "); dihapus otomatis pada penyimpanan berikutnya",
                )
            )
        backups = self.backups()
        good = self.newest_good_backup()
        items.append(
            CheckItem(
                good is not None,
                "Cadangan",
                f"{len(backups)} berkas di {self.backup_dir}; terbaru yang baik: {good or '-'}",
            )
        )
        return items

    def _odd_file_items(self) -> list[CheckItem]:
        """The data and lock file must be regular files: a link (planted by any group member)
        would make a write truncate or replace the linked file."""
        items = []
        for what, p in (("Berkas data", self.path), ("Berkas kunci", self.lock_path)):
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                items.append(CheckItem(False, what, files.link_message(p, what)))
            elif not stat.S_ISREG(st.st_mode):
                items.append(
                    CheckItem(False, what, f"{p} bukan berkas biasa (mis. folder atau FIFO)")
                )
        return items

    def _protected_items(self, out_dir: Path | None) -> list[CheckItem]:
        """The protected mode: the data, its lock, backups and archives are the service
        account's alone (no group or other bits); no one else may write the data folder; the
        document folder is read by the group (2750) and written by the service alone."""
        me = os.geteuid()
        items: list[CheckItem] = []
        private = [
            ("Berkas data", self.path, 0o077),
            ("Berkas kunci", self.lock_path, 0o077),
            ("Folder cadangan", self.backup_dir, 0o077),
            ("Folder data", self.path.parent, 0o022),
        ]
        private += [("Berkas cadangan", p, 0o077) for p in self.backups()]
        for what, p, forbidden in private:
            try:
                st = os.stat(p, follow_symlinks=False)
            except FileNotFoundError:
                continue
            except OSError as exc:
                items.append(CheckItem(False, f"Izin {what.lower()}", f"{p}: {exc.strerror}"))
                continue
            mode = stat.S_IMODE(st.st_mode)
            problems = []
            if st.st_uid != me:
                problems.append(f"bukan milik akun layanan (milik uid {st.st_uid})")
            if mode & forbidden:
                problems.append(f"akun lain punya akses (mode {mode:04o})")
            if problems or what != "Berkas cadangan":
                items.append(
                    CheckItem(
                        not problems,
                        f"Izin {what.lower()}",
                        f"{p} mode {mode:04o}" + ("; " + "; ".join(problems) if problems else ""),
                    )
                )
        if out_dir is not None:
            try:
                st = os.stat(out_dir)
            except OSError as exc:
                items.append(CheckItem(False, "Izin folder keluaran", f"{out_dir}: {exc.strerror}"))
                return items
            mode = stat.S_IMODE(st.st_mode)
            problems = []
            if st.st_uid != me:
                problems.append(f"bukan milik akun layanan (milik uid {st.st_uid})")
            if mode & 0o022:
                problems.append("akun lain boleh menulis (dokumen bertanda tangan bisa diganti)")
            if mode & 0o050 != 0o050:
                problems.append("grup tidak boleh membaca dokumen")
            if not mode & stat.S_ISGID:
                problems.append("bit setgid tidak dipasang: dokumen baru bisa salah grup")
            items.append(
                CheckItem(
                    not problems,
                    "Izin folder keluaran",
                    f"{out_dir} mode {mode:04o} grup {_group_name(st.st_gid)}"
                    + ("; " + "; ".join(problems) if problems else ""),
                )
            )
        return items

    def _permission_items(self, out_dir: Path | None) -> list[CheckItem]:
        items: list[CheckItem] = []
        folder = self.path.parent
        try:
            folder_mode = stat.S_IMODE(folder.stat().st_mode)
        except OSError:
            folder_mode = 0o7777  # unknown: judge it as a shared folder
        if not folder_mode & (stat.S_ISGID | 0o020):
            # A folder only this account writes (a personal or demo store): the office-server
            # rules of the README do not apply; only this account's own access matters.
            mine = [
                p
                for p in (folder, self.path, out_dir)
                if p is not None and p.exists() and not os.access(p, os.R_OK | os.W_OK)
            ]
            return [
                CheckItem(
                    not mine,
                    "Izin",
                    f"{folder} tidak dibagi ke grup (berkas pribadi akun ini; untuk satu kantor "
                    "lihat README, pemasangan di server)"
                    + (
                        "; akun ini tidak boleh membaca/menulis " + ", ".join(map(str, mine))
                        if mine
                        else ""
                    ),
                )
            ]
        for what, p, want_mode in (
            ("Folder data", folder, 0o070),
            ("Berkas data", self.path, 0o060),
            ("Berkas kunci", self.lock_path, 0o060),
            ("Folder cadangan", self.backup_dir, 0o070),
            *((("Folder keluaran", out_dir, 0o070),) if out_dir is not None else ()),
        ):
            if p in (self.path, self.lock_path) and os.path.islink(p):
                continue  # reported as a link above; its target's mode is not ours to judge
            try:
                st = p.stat()
            except FileNotFoundError:
                if p != self.path:
                    items.append(CheckItem(True, f"Izin {what.lower()}", f"{p} belum dibuat"))
                continue
            except PermissionError:
                items.append(
                    CheckItem(
                        False,
                        f"Izin {what.lower()}",
                        f"{p}: akun ini tidak boleh membukanya (izin ditolak); bukan anggota "
                        "grup kantor?",
                    )
                )
                continue
            mode = stat.S_IMODE(st.st_mode)
            problems = []
            if not os.access(p, os.R_OK | os.W_OK):
                problems.append("akun ini tidak boleh membaca/menulis")
            lacking = want_mode & ~mode
            if lacking:
                words = [w for bit, w in ((0o040, "baca"), (0o020, "tulis"), (0o010, "masuk"))
                         if lacking & bit]  # fmt: skip
                problems.append(f"grup tidak punya izin {'/'.join(words)} (mode {mode:04o})")
            if mode & 0o007:
                problems.append(f"akun lain di luar grup punya akses (mode {mode:04o})")
            if p.is_dir() and p in (folder, out_dir) and not mode & stat.S_ISGID:
                problems.append("bit setgid tidak dipasang: berkas baru bisa salah grup")
            items.append(
                CheckItem(
                    not problems,
                    f"Izin {what.lower()}",
                    f"{p} mode {mode:04o} grup {_group_name(st.st_gid)}"
                    + ("; " + "; ".join(problems) if problems else ""),
                )
            )
        return items


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0


def _revisions(data: Data) -> Iterator[dict[str, Any]]:
    for name, table in data.items():
        if name == META:
            continue
        for doc in table.values():
            if "rev" in doc:
                yield doc


def raise_counters(data: Data, issued: Data | None) -> Data:
    """``data`` (a backup being restored) with every record's revision set above each one in
    ``data`` and ``issued``, and the audit sequence, next id and letter counters raised to at
    least those of ``issued``."""
    sources = [data] if issued is None else [data, issued]
    top = max((_int(doc["rev"]) for d in sources for doc in _revisions(d)), default=0)
    for doc in _revisions(data):
        doc["rev"] = top + 1
    meta = meta_of(data)
    if issued is not None:
        old = meta_of(issued)
        audit = max((_int(k) for k in issued.get("audit", {})), default=0)
        restored = _int(meta.get("audit_seq"))
        meta["audit_seq"] = max(restored, _int(old.get("audit_seq")), audit)
        if meta["audit_seq"] > restored:
            # the entries the replaced file had after this backup are gone with it: their
            # numbers are declared skipped (store.chain), not "deleted from the file"
            gaps = meta.get("audit_gaps")
            earlier = list(gaps) if isinstance(gaps, list) else []
            meta["audit_gaps"] = [*earlier, [restored + 1, meta["audit_seq"]]]
        meta["next_id"] = max(_int(meta.get("next_id")), _int(old.get("next_id")))
        seqs = meta.get("letter_seq")
        old_seqs = old.get("letter_seq")
        if isinstance(old_seqs, dict):
            merged = dict(seqs) if isinstance(seqs, dict) else {}
            for year, n in old_seqs.items():
                merged[year] = max(_int(merged.get(year)), _int(n))
            meta["letter_seq"] = merged
    return data


def migrate(data: Data) -> Data:
    schema = int(meta_of(data)["schema"])
    if schema >= SCHEMA_VERSION:
        return data
    from store.migrations import MIGRATIONS  # here: a file of this schema needs none

    while schema < SCHEMA_VERSION:
        step = MIGRATIONS.get(schema)
        if step is None:
            raise StoreError(f"Tidak ada migrasi dari skema {schema}.")
        data = step(data)
        schema += 1
        meta_of(data)["schema"] = schema
    return data


def _glob(folder: Path, pattern: str) -> list[Path]:
    try:
        return sorted(folder.glob(pattern))
    except OSError:
        return []


def _group_name(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (KeyError, ImportError):
        return str(gid)


def _write_failed_message(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        why = "disk penuh"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = "izin ditolak"
    elif exc.errno == errno.EROFS:
        why = "sistem berkas hanya-baca"
    else:
        why = exc.strerror or str(exc)
    return (
        f"Gagal menyimpan ke {path} ({why}). Berkas data sebelumnya tetap utuh; "
        "perubahan ini belum tersimpan."
    )
