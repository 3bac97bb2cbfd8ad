"""The one error family: every refusal the user is shown derives from ``LakipError``, and
``str(exc)`` is its Indonesian message. Screens and the command line catch this family only;
anything else is a defect and reaches the top-level crash handler with its traceback.

Errors raised while reading typed input also derive from ``ValueError``, so that validators
(pydantic's among them) see them as invalid values."""

from __future__ import annotations


class LakipError(Exception):
    """Base of every refusal; the message is Indonesian and says what to do next."""


def error_text(exc: BaseException) -> str:
    """The message to show for a refused action, whatever layer refused it."""
    if isinstance(exc, LakipError):
        return str(exc) or exc.__class__.__name__
    return f"Kesalahan tak terduga: {exc.__class__.__name__}: {exc}"
