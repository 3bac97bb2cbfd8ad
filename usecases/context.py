"""Where the data lives, who is acting, and what time it is: the inputs of every use case."""

from __future__ import annotations

import os
import pwd
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from models.errors import LakipError
from models.numbers import OfficeZone
from store.repo import Store
from usecases.remote import usecase

if TYPE_CHECKING:
    from usecases.remote import Remote

ENV_DB = "LAKIP_DB"
ENV_OUT = "LAKIP_OUT"
ENV_CONF = "LAKIP_CONF"  # another settings file than /etc/lakip.conf (tests, unusual installs)
SYSTEM_CONFIG = Path("/etc/lakip.conf")
# The protected mode's places (README, "Mode terlindung"): the service's socket and its files.
DEFAULT_SOCKET = Path("/run/lakip/lakip.sock")
MODE_FILE = "berkas"
MODE_SERVICE = "layanan"


def unix_account() -> str:
    """The account running this process, from the password database, never from ``$USER``."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid{uid}"


def system_now() -> datetime:
    """The current instant, aware (in the computer's zone; shown in the office's)."""
    return datetime.now().astimezone()


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("lakip", appauthor=False))


class SettingsError(LakipError, ValueError):
    """The system-wide settings file cannot be used; the message says why and where."""


@dataclass(frozen=True)
class SystemSettings:
    """``/etc/lakip.conf``: where the office's store and documents live, for every account and
    every shell (an ``ssh server lakip status`` reads no ``/etc/profile.d``)."""

    path: Path
    db: Path | None = None
    out: Path | None = None
    mode: str = MODE_FILE
    socket: Path = DEFAULT_SOCKET
    reads_unregistered: bool = False  # the service lets an unregistered account read

    @property
    def protected(self) -> bool:
        return self.mode == MODE_SERVICE


SETTINGS_KEYS = {
    "db": "berkas data bersama",
    "keluaran": "folder dokumen keluaran",
    "mode": f'"{MODE_FILE}" atau "{MODE_SERVICE}"',
    "soket": "soket layanan (mode layanan)",
    "baca_tanpa_daftar": "true bila akun yang belum terdaftar boleh membaca (mode layanan)",
}
_PATH_KEYS = ("db", "keluaran", "soket")


def settings_path() -> Path:
    return Path(os.environ.get(ENV_CONF) or SYSTEM_CONFIG)


def system_settings() -> SystemSettings | None:
    """The settings file, or None where there is none. A file that is there but wrong is an
    error: silently falling back to a private store would split the office's data."""
    path = settings_path()
    try:
        raw = path.read_bytes() if path.is_file() else None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise SettingsError(f"Berkas pengaturan {path} tidak dapat dibaca: {why}.") from None
    if raw is None:
        if path.exists():
            raise SettingsError(f"{path} bukan berkas biasa; pengaturan lakip harus berupa berkas.")
        return None
    import tomllib

    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"Berkas pengaturan {path} tidak sah (TOML): {exc}.") from None
    unknown = sorted(set(table) - set(SETTINGS_KEYS))
    if unknown:
        allowed = ", ".join(f"{k} ({v})" for k, v in SETTINGS_KEYS.items())
        raise SettingsError(
            f"Berkas pengaturan {path}: kunci tidak dikenal: {', '.join(unknown)}. "
            f"Kunci yang dikenal: {allowed}."
        )
    values: dict[str, Path] = {}
    for key in _PATH_KEYS:
        value = table.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip() or not Path(value).is_absolute():
            example = {"db": "/srv/lakip/lakip.json", "soket": str(DEFAULT_SOCKET)}
            raise SettingsError(
                f"Berkas pengaturan {path}: {key} harus jalur lengkap dalam tanda kutip, "
                f'mis. {key} = "{example.get(key, "/srv/lakip/keluaran")}".'
            )
        values[key] = Path(value)
    mode = table.get("mode", MODE_FILE)
    if mode not in (MODE_FILE, MODE_SERVICE):
        raise SettingsError(
            f'Berkas pengaturan {path}: mode harus "{MODE_FILE}" atau "{MODE_SERVICE}", '
            f"bukan {mode!r}."
        )
    reads = table.get("baca_tanpa_daftar", False)
    if not isinstance(reads, bool):
        raise SettingsError(
            f"Berkas pengaturan {path}: baca_tanpa_daftar harus true atau false (tanpa kutip)."
        )
    return SystemSettings(
        path=path,
        db=values.get("db"),
        out=values.get("keluaran"),
        mode=mode,
        socket=values.get("soket", DEFAULT_SOCKET),
        reads_unregistered=reads,
    )


def resolve_db(cli_path: str | None) -> tuple[Path, str]:
    """The data file to use and where that choice came from (for ``lakip paths``):
    ``--db``, then ``LAKIP_DB``, then ``/etc/lakip.conf``, then the user's data folder."""
    if cli_path:
        return Path(cli_path).expanduser(), "opsi --db"
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser(), f"variabel {ENV_DB}"
    settings = system_settings()
    if settings is not None and settings.db is not None:
        return settings.db, f"berkas pengaturan {settings.path}"
    return default_data_dir() / "lakip.json", "bawaan (folder data pengguna)"


def missing_store_help(path: Path, source: str, command: str = "status") -> str:
    """What to say when there is no data file: where it was looked for and who creates one.
    It never tells the person reading it to run ``init`` (that makes them the administrator of
    a new, private store): creating the office's store is the administrator's job."""
    conf = settings_path()
    looked = (
        f"opsi --db, variabel {ENV_DB}, {conf}"
        f"{'' if conf.exists() else ' (tidak ada)'}, lalu folder data pengguna"
    )
    lines = [f"Berkas data tidak ditemukan: {path} (dari {source}).", f"Dicari di: {looked}."]
    if source.startswith("bawaan"):
        lines.append(
            f"Di server kantor, admin mencatat lokasi berkas data bersama di {conf} "
            '(mis. db = "/srv/lakip/lakip.json"; lihat README, bagian pemasangan).'
        )
    else:
        lines.append(
            "Bila lokasinya benar, berkas data kantor belum dibuat: admin kantor membuatnya "
            "dengan 'lakip init' (lihat README, bagian pemasangan)."
        )
    demo = demo_db_path()
    if demo.exists():
        lines.append(f"Data contoh ada di {demo}: lakip --db {demo} {command}")
    else:
        lines.append("Untuk mencoba aplikasi dengan data contoh: lakip demo")
    return "\n".join(lines)


def demo_db_path() -> Path:
    return default_data_dir() / "demo" / "lakip-demo.json"


@dataclass
class Context:
    """One session of the program: the store, the acting account, and an injectable clock.

    A client of the protected mode's service has a ``remote`` and no store: its use cases run
    in the service (usecases.remote). Inside the service, ``served`` is set, ``out`` is the
    service's document folder, and ``read_only`` marks an unregistered account's reads."""

    db_path: Path
    account: str = field(default_factory=unix_account)
    clock: Callable[[], datetime] = system_now
    lock_timeout: float = 10.0
    remote: Remote | None = None
    served: bool = False
    out: Path | None = None
    read_only: bool = False
    _store: Store | None = None
    _zone: tuple[int, OfficeZone] | None = None  # (change token, zone) last read

    def change_token(self) -> int:
        """A cheap token that changes whenever anyone changes the office's data: the data
        file's mtime, or in protected mode the newest the service announced (no polling of a
        file the client cannot read)."""
        if self.remote is not None:
            return self.remote.change_token()
        return self.store.mtime_ns()

    def zone(self) -> OfficeZone:
        """The office's time zone, from its profile (read again when the data changed). A
        client asks the service once, and again on a change notice where something (the
        board) subscribed: a one-off command opens no subscription for it."""
        token = self.remote.token if self.remote is not None else self.store.mtime_ns()
        if self._zone is None or self._zone[0] != token:
            self._zone = (token, office_zone(self))
        return self._zone[1]

    @property
    def store(self) -> Store:
        if self.remote is not None:
            raise RuntimeError("a client of the service has no store; mark the use case")
        if self._store is None:
            self._store = Store(
                self.db_path, lock_timeout=self.lock_timeout, read_only=self.read_only
            )
        return self._store

    def now(self) -> datetime:
        """The current instant. It is stored with its offset and always shown, printed and
        counted in the office's zone (``zone()``), so no read of the profile is needed here."""
        moment = self.clock()
        if moment.utcoffset() is None:
            raise ValueError("Jam program tidak memberi zona waktu.")
        return moment

    def out_dir(self) -> Path:
        """``LAKIP_OUT``, else the settings file's ``keluaran`` when this is the store it
        names, else ``keluaran`` beside the data file."""
        if self.out is not None:
            return self.out
        env = os.environ.get(ENV_OUT)
        if env:
            return Path(env).expanduser()
        settings = system_settings()
        if settings is not None and settings.out is not None and settings.db == self.db_path:
            return settings.out
        return self.db_path.parent / "keluaran"


@usecase
def office_zone(ctx: Context) -> OfficeZone:
    with ctx.store.read() as r:
        return r.profile().timezone


def open_context(cli_path: str | None) -> tuple[Context, str]:
    """The context of the store the arguments name, and where that choice came from. With
    ``mode = "layanan"`` in the settings file and no ``--db``/``LAKIP_DB``, a client of the
    service: the store it names is the service's."""
    path, source = resolve_db(cli_path)
    if not cli_path and not os.environ.get(ENV_DB):
        settings = system_settings()
        if settings is not None and settings.protected:
            from usecases.remote import Remote

            where = settings.db or path
            return Context(db_path=where, remote=Remote(settings.socket)), (
                f"melalui layanan {settings.socket}, dari {settings.path}"
            )
    return Context(db_path=path), source

