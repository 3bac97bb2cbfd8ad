"""Where the data lives, who is acting, and what time it is: the inputs of every use case."""

from __future__ import annotations

import os
import pwd
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from models.numbers import OfficeZone
from store.repo import Store

ENV_DB = "LAKIP_DB"
ENV_OUT = "LAKIP_OUT"


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


def resolve_db(cli_path: str | None) -> tuple[Path, str]:
    """The data file to use and where that choice came from (for ``lakip paths``)."""
    if cli_path:
        return Path(cli_path).expanduser(), "opsi --db"
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser(), f"variabel {ENV_DB}"
    return default_data_dir() / "lakip.json", "bawaan (folder data pengguna)"


def demo_db_path() -> Path:
    return default_data_dir() / "demo" / "lakip-demo.json"


@dataclass
class Context:
    """One session of the program: the store, the acting account, and an injectable clock."""

    db_path: Path
    account: str = field(default_factory=unix_account)
    clock: Callable[[], datetime] = system_now
    lock_timeout: float = 10.0
    _store: Store | None = None
    _zone: tuple[int, OfficeZone] | None = None  # (file mtime token, zone) last read

    def zone(self) -> OfficeZone:
        """The office's time zone, from its profile (read again when the file changed)."""
        token = self.store.mtime_ns()
        if self._zone is None or self._zone[0] != token:
            with self.store.read() as r:
                self._zone = (token, r.profile().timezone)
        return self._zone[1]

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db_path, lock_timeout=self.lock_timeout)
        return self._store

    def now(self) -> datetime:
        """The current instant. It is stored with its offset and always shown, printed and
        counted in the office's zone (``zone()``), so no read of the profile is needed here."""
        moment = self.clock()
        if moment.utcoffset() is None:
            raise ValueError("Jam program tidak memberi zona waktu.")
        return moment

    def out_dir(self) -> Path:
        env = os.environ.get(ENV_OUT)
        if env:
            return Path(env).expanduser()
        return self.db_path.parent / "keluaran"
