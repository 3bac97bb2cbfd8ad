"""The one way the program creates and reads files in a folder other accounts may write.

In a shared office folder (group ``lakip``, 2770) any member can plant a symbolic link, a FIFO or
a huge file under a name the program will use. So every file is created under a random temp name
with ``O_CREAT|O_EXCL|O_NOFOLLOW`` (it is always a new file of ours, never a link's target), given
its mode explicitly (not from the caller's umask) and the folder's group, written, fsynced and
renamed into place (a rename replaces a link itself, never what it points at). Files are read
only when they are regular files no larger than a limit.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from store.errors import FileRefused

__all__ = [
    "MAX_READ",
    "fsync_folder",
    "is_published",
    "is_shared",
    "make_folder",
    "mode_for",
    "read_regular",
    "stale_temps",
    "write_file",
]

MAX_READ = 64 * 1024 * 1024  # 30 times a 10-year store (~2 MB); far below a planted 1 GB file
# ``.<name>.<16 hex>.tmp``; older versions used ``.<name>.<pid>.tmp``
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?:[0-9a-f]{16}|[0-9]+)\.tmp$")


def printable(path: Path | str) -> str:
    return "".join(c if c.isprintable() else "?" for c in str(path))


def is_shared(folder_mode: int) -> bool:
    """A folder the office group writes (setgid or group-writable): files in it are 0660."""
    return bool(folder_mode & (stat.S_ISGID | stat.S_IWGRP))


def is_published(folder_mode: int) -> bool:
    """A folder the group reads but never writes (setgid, 2750): the protected mode's document
    folder, where the service alone writes and every member reads."""
    return bool(folder_mode & stat.S_ISGID) and not folder_mode & stat.S_IWGRP


def mode_for(folder_mode: int) -> int:
    """A new file's mode in a folder of mode ``folder_mode``: 0660 in a group folder, 0640 in a
    published one (2750), 0600 in a private one; never taken from the umask."""
    if is_published(folder_mode):
        return 0o640
    return 0o660 if is_shared(folder_mode) else 0o600


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.urandom(8).hex()}.tmp")


def stale_temps(folder: Path, belongs: Callable[[str], bool]) -> list[Path]:
    """Our temp files in ``folder`` (exactly our name pattern) for the target names that
    ``belongs`` accepts; links and other odd files under that pattern included."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(
        folder / n for n in names if (m := _TEMP.match(n)) is not None and belongs(m["name"])
    )


def make_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) with modes set explicitly: a folder made inside a
    group folder is 2770 in that group (like the README's server folder), inside a published
    folder 2750, else 0700."""
    if os.path.isdir(folder):
        return
    parent = folder.parent
    make_folder(parent)
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        return
    try:
        pst = os.stat(parent)
        if is_shared(pst.st_mode):
            with contextlib.suppress(PermissionError):
                os.chown(folder, -1, pst.st_gid)
            os.chmod(folder, 0o2750 if is_published(pst.st_mode) else 0o2770)
    except OSError:
        pass


def fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def write_file(
    target: Path, data: bytes, *, overwrite: bool = True, mode: int | None = None
) -> None:
    """Create ``target`` with ``data`` as a new file, atomically.

    The bytes go to a random temp name in the same folder (``O_EXCL|O_NOFOLLOW``), get ``mode``
    (default: ``mode_for(folder)``) and the folder's group, are fsynced, then renamed over
    ``target`` (``overwrite``) or hard-linked to it, which fails if any file or link already has
    that name. Raises ``FileExistsError`` in that case and ``OSError`` on any other failure; the
    temp file never stays behind."""
    folder = target.parent
    try:
        folder_st = os.stat(folder)
    except OSError:
        folder_st = None
    if mode is None:
        mode = mode_for(folder_st.st_mode) if folder_st is not None else 0o600
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    for _ in range(10):
        tmp = _temp_name(target)
        try:
            fd = os.open(tmp, flags, 0o600)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - ten 64-bit random names all taken
        raise FileExistsError(f"no free temp name in {folder}")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, mode)
            if folder_st is not None and is_shared(folder_st.st_mode):
                with contextlib.suppress(PermissionError):
                    os.fchown(fd, -1, folder_st.st_gid)
            os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target, follow_symlinks=False)
            except FileExistsError:
                raise
            except OSError:
                # a file system without hard links: rename only if the name is still free
                # (a race here could replace a file made in the same instant, never a link's
                # target: rename replaces the name itself)
                if os.path.lexists(target):
                    raise FileExistsError(str(target)) from None
                os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    fsync_folder(folder)


def read_regular(path: Path, *, limit: int = MAX_READ, what: str = "Berkas") -> bytes:
    """The bytes of ``path`` if it is a regular file (not a link) of at most ``limit`` bytes.

    Raises ``FileRefused`` with an Indonesian message for a link, a device or FIFO, or a file
    that is too large; ``OSError`` (FileNotFoundError, PermissionError...) as ``open`` does."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise FileRefused(link_message(path, what)) from None
        raise exc from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise FileRefused(
                f"{what} {printable(path)} adalah sebuah folder, bukan berkas; periksa jalurnya "
                "(opsi --db, LAKIP_DB atau /etc/lakip.conf)."
            )
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(
                f"{what} {printable(path)} bukan berkas biasa (mis. perangkat atau FIFO); "
                "tidak dibaca."
            )
        if st.st_size > limit:
            raise FileRefused(
                f"{what} {printable(path)} terlalu besar ({st.st_size / 2**20:,.0f} MB; batas "
                f"{limit / 2**20:,.0f} MB): bukan berkas data lakip. Tidak dibaca."
            )
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise FileRefused(f"{what} {printable(path)} melebihi batas ukuran; tidak dibaca.")
        return b"".join(chunks)
    finally:
        os.close(fd)


def link_message(path: Path, what: str = "Berkas") -> str:
    try:
        target = printable(os.readlink(path))
    except OSError:
        target = "?"
    return (
        f"{what} {printable(path)} adalah tautan simbolik (ke {target}). lakip tidak membuka "
        "tautan di folder data: akun lain bisa membuatnya menunjuk ke berkas siapa saja. "
        "Hapus tautan itu, atau pakai jalur aslinya."
    )
