"""Errors of the exporters; every message is Indonesian and meant for the user."""

from __future__ import annotations

from models.errors import LakipError


class ExportError(LakipError):
    """A document could not be made or converted; ``str(exc)`` says why and what to do."""
