"""Errors of the store. Each message is Indonesian and tells the user what to do next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.errors import LakipError

if TYPE_CHECKING:
    from models.domain import AuditEntry


class StoreError(LakipError):
    """Base of every store error; ``str(exc)`` is the message to show."""


class LockTimeout(StoreError):
    """Another process held the data lock longer than we were willing to wait."""


class LockCancelled(StoreError):
    """The user gave up waiting for the data lock; nothing was changed."""


class CorruptFile(StoreError):
    """The data file cannot be read as a lakip data file. It is never overwritten."""


class ReadOnlyFile(StoreError):
    """The file was written by a newer lakip (or is not writable): it is opened read-only."""


class Conflict(StoreError):
    """A save based on a revision that is no longer the stored one; ``last`` is the newest
    audit entry of that record (who changed it, and what), when there is one."""

    def __init__(self, message: str, last: AuditEntry | None = None) -> None:
        super().__init__(message)
        self.last = last


class NotFound(StoreError):
    """A record that should exist does not."""


class NoDataFile(StoreError):
    """There is no data file at the path yet."""


class WriteFailed(StoreError):
    """The new file could not be written (disk full, permission): the previous file is intact."""


class NoAccess(StoreError):
    """This account may not read the data file (not in the office group, or a wrong mode)."""


class FileRefused(StoreError):
    """A path that is not a regular file of a sane size: a link, a device, a FIFO, a huge file."""
