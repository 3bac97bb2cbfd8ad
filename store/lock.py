"""A sidecar lock file held with ``flock`` for a whole transaction.

``flock`` is released by the kernel when a process dies, so a lock left by a dead process never
blocks anyone. The holder writes its account, pid and start time into the lock file so that a
waiting user can be told who is holding the data. A thread may ask to hear of a wait at once and
to give it up (``watched``): the board waits in a worker thread and the user may press Esc.
Stdlib only: measured here, the ``filelock``
package alone costs about 70 ms of import time, half of the start-up budget of ``lakip status``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from store.errors import LockCancelled, LockTimeout, StoreError


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as the holder wrote it (``account pid N sejak ISO-time``)."""

    account: str
    since: datetime | None

    @classmethod
    def parse(cls, text: str) -> Holder:
        account, _, rest = text.partition(" pid ")
        _, _, stamp = rest.partition(" sejak ")
        try:
            since = datetime.fromisoformat(stamp) if stamp else None
        except ValueError:
            since = None
        return cls(account.strip(), since)


_watch = threading.local()


@contextlib.contextmanager
def watched(on_wait: Callable[[Holder], None], cancelled: Callable[[], bool]) -> Iterator[None]:
    """In this thread, while inside: a lock that is busy calls ``on_wait`` at once, with who
    holds it; the wait ends in ``LockCancelled`` as soon as ``cancelled()`` is true."""
    _watch.hooks = (on_wait, cancelled)
    try:
        yield
    finally:
        _watch.hooks = None


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 200).decode("utf-8", "replace").strip()
    except OSError:
        return ""


@contextlib.contextmanager
def hold(path: Path, account: str, timeout: float) -> Iterator[None]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:
        raise StoreError(
            f"Tidak dapat membuka berkas kunci {path}: izin ditolak. "
            "Periksa grup dan izin folder data (lihat 'lakip check')."
        ) from None
    try:
        deadline = time.monotonic() + timeout
        delay = 0.002
        hooks = getattr(_watch, "hooks", None)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if hooks is not None:
                    on_wait, cancelled = hooks
                    if not told:
                        told = True
                        on_wait(Holder.parse(_holder(fd)))
                    if cancelled():
                        raise LockCancelled(
                            "Dibatalkan saat menunggu kunci data; tidak ada yang diubah."
                        ) from None
                if time.monotonic() >= deadline:
                    who = _holder(fd)
                    detail = f" (dipegang oleh {who})" if who else ""
                    raise LockTimeout(
                        f"Data sedang dipakai proses lain{detail}. Tunggu sebentar lalu coba "
                        "lagi; tidak ada perubahan yang hilang."
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            stamp = datetime.now().astimezone().isoformat(timespec="seconds")
            os.pwrite(fd, f"{account} pid {os.getpid()} sejak {stamp}".encode(), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
