"""A sidecar lock file held with ``flock`` for a whole transaction.

``flock`` is released by the kernel when a process dies, so a lock left by a dead process never
blocks anyone. The holder writes its account, pid and start time into the lock file so that a
waiting user can be told who is holding the data. A thread may ask to hear of a wait at once and
to give it up (``watched``): the board waits in a worker thread and the user may press Esc.
Stdlib only: measured here, the ``filelock``
package alone costs about 70 ms of import time, half of the start-up budget of ``lakip status``.

In a shared folder any group member may delete or replace the lock file, and ``flock`` locks an
inode, not a name. So the lock file is opened without following a link and must be a regular
file; after ``flock`` the path must still name the locked inode (else the lock is taken again on
the file that is there now); and the folder itself is locked too (``flock`` on the folder, which
no member can delete or replace), so that a process that made a fresh lock file after a deletion
still waits for the holder of the deleted one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from store import files
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


def watch_hooks() -> tuple[Callable[[Holder], None], Callable[[], bool]] | None:
    """This thread's ``watched`` hooks, if any: a client of the service passes the service's
    wait on to them, and its cancel back."""
    hooks: tuple[Callable[[Holder], None], Callable[[], bool]] | None = getattr(
        _watch, "hooks", None
    )
    return hooks


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _alive(who: str) -> bool:
    found = re.search(r"\bpid (\d+)\b", who)
    if found is None:
        return False
    try:
        os.kill(int(found[1]), 0)
    except PermissionError:
        return True  # another account's process
    except (OSError, OverflowError):
        return False
    return True


def _timeout(who: str) -> LockTimeout:
    detail = ""
    if who:
        detail = f" (dipegang oleh {files.printable(who)}"
        detail += "; proses itu masih berjalan)" if _alive(who) else ")"
    return LockTimeout(
        f"Data sedang dipakai proses lain{detail}. Tunggu sebentar lalu coba lagi; jangan "
        "hapus berkas kunci. Tidak ada perubahan yang hilang."
    )


def _open(path: Path) -> int:
    """The lock file, created if absent; never through a link, only a regular file."""
    flags = os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | flags, 0o600)
        except PermissionError:
            # A lock another account made without group write (an older lakip, a umask):
            # flock needs no write access; only the holder's name is not written.
            fd = os.open(path, os.O_RDONLY | flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise StoreError(files.link_message(path, "Berkas kunci")) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            why = "izin ditolak"
        elif exc.errno == errno.EISDIR:
            why = "itu sebuah folder"
        else:
            why = exc.strerror or str(exc)
        raise StoreError(
            f"Tidak dapat membuka berkas kunci {path}: {why}. "
            "Periksa grup dan izin folder data (lihat 'lakip check')."
        ) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise StoreError(
            f"Berkas kunci {path} bukan berkas biasa; tidak dipakai. Admin menghapusnya (lakip "
            "membuatnya lagi)."
        )
    if st.st_uid == os.geteuid():  # only the owner may set the mode; check reports the rest
        with contextlib.suppress(OSError):
            folder = os.stat(path.parent)
            os.fchmod(fd, files.mode_for(folder.st_mode))
            if files.is_shared(folder.st_mode) and st.st_gid != folder.st_gid:
                os.fchown(fd, -1, folder.st_gid)
    return fd


def _flock(fd: int, deadline: float, who: Callable[[], str]) -> None:
    """``flock`` with a deadline; in a ``watched`` thread, say the wait at once and give it up
    when asked."""
    delay = 0.002
    hooks = getattr(_watch, "hooks", None)
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if hooks is not None:
                on_wait, cancelled = hooks
                if not told:
                    told = True
                    on_wait(Holder.parse(who()))
                if cancelled():
                    raise LockCancelled(
                        "Dibatalkan saat menunggu kunci data; tidak ada yang diubah."
                    ) from None
            if time.monotonic() >= deadline:
                raise _timeout(who()) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.05)


def _same_file(fd: int, path: Path) -> bool:
    try:
        named = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _lock_folder(folder: Path, deadline: float, who: Callable[[], str]) -> int | None:
    """``flock`` on the folder: what a deleted lock file cannot split. None where the folder
    cannot be opened or locked (no read permission, a file system without flock on folders)."""
    try:
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        _flock(dfd, deadline, who)
    except LockTimeout:
        os.close(dfd)
        raise
    except OSError:
        os.close(dfd)
        return None
    return dfd


@contextlib.contextmanager
def hold(path: Path, account: str, timeout: float) -> Iterator[None]:
    deadline = time.monotonic() + timeout
    while True:
        fd = _open(path)
        try:
            _flock(fd, deadline, lambda: _holder(fd))  # noqa: B023 - used before the next loop
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, path):
            break
        _release(fd)  # deleted or replaced while we waited: lock the file there now
        if time.monotonic() >= deadline:
            raise _timeout("")
    try:
        dfd = _lock_folder(path.parent, deadline, lambda: "")
        try:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                stamp = datetime.now().astimezone().isoformat(timespec="seconds")
                os.pwrite(fd, f"{account} pid {os.getpid()} sejak {stamp}".encode(), 0)
            try:
                yield
            finally:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
        finally:
            if dfd is not None:
                _release(dfd)
    finally:
        _release(fd)


def _release(fd: int) -> None:
    """Unlock explicitly: a child forked meanwhile shares the lock until it is unlocked."""
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
