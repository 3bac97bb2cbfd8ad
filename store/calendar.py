"""Indonesian public holidays, computed once per year and library version, then cached on disk.

This is the only module that uses the ``holidays`` library. Computing Indonesia's holidays costs
about a tenth of a second, and importing the library as much again, so both happen lazily and
only when the cache has no answer. The cache is one JSON file per year in the user's cache folder,
named ``holidays-ID-<library version>-<year>.json`` so that a new library version (new or moved
holidays) is computed afresh. An unreadable or damaged cache file is recomputed; a cache folder
that cannot be written is simply not used.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path

from models.numbers import OfficeZone
from models.worktime import OfficeHours, WorkCalendar
from store import files

__all__ = ["default_cache_dir", "holidays_version", "public_holidays", "work_calendar"]


def default_cache_dir() -> Path:
    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux, without its import (a few ms of ``lakip status``).
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return Path(base) / "lakip"
    import platformdirs

    return Path(platformdirs.user_cache_dir("lakip"))


@cache
def holidays_version() -> str:
    """The installed ``holidays`` version, from its ``.dist-info`` folder name.

    Neither importing the library nor ``importlib.metadata`` (both slow) is needed for that.
    """
    import sys

    for entry in sys.path:
        folder = Path(entry or ".")
        if not (folder / "holidays").is_dir():
            continue
        for info in folder.glob("holidays-*.dist-info"):
            return info.name[len("holidays-") : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return "unknown"


def _compute(year: int) -> dict[date, str]:
    import holidays

    try:
        found = holidays.country_holidays("ID", years=year, language="id")
    except (NotImplementedError, ValueError):  # pragma: no cover - older library without "id"
        found = holidays.country_holidays("ID", years=year)
    return {d: str(name) for d, name in sorted(found.items()) if d.year == year}


def _read(path: Path, year: int) -> dict[date, str] | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        result = {date.fromisoformat(k): str(v) for k, v in raw.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    if any(d.year != year for d in result):
        return None
    return result


def _write(path: Path, data: dict[date, str]) -> None:
    text = json.dumps({d.isoformat(): n for d, n in sorted(data.items())}, ensure_ascii=False)
    with contextlib.suppress(OSError):  # a cache that cannot be written is simply not used
        path.parent.mkdir(parents=True, exist_ok=True)
        files.write_file(path, text.encode("utf-8"))


def public_holidays(years: Iterable[int], cache_dir: Path | None = None) -> dict[date, str]:
    """Indonesia's public holidays of the given years, date -> Indonesian name.

    ``cache_dir`` defaults to the user's cache folder for "lakip". Collective leave (cuti bersama)
    is not included: the office adds it as its own days off.
    """
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    version = holidays_version()
    result: dict[date, str] = {}
    for year in sorted(set(years)):
        path = folder / f"holidays-ID-{version}-{year}.json"
        found = _read(path, year)
        if found is None:
            found = _compute(year)
            _write(path, found)
        result.update(found)
    return dict(sorted(result.items()))


def work_calendar(
    years: Iterable[int],
    hours: OfficeHours,
    extra_days_off: Iterable[date],
    zone: OfficeZone,
    cache_dir: Path | None = None,
) -> WorkCalendar:
    """The office's working calendar: public holidays of ``years`` plus its own days off.

    Pass every year a measured span touches (a span from December into January needs both)."""
    days_off = frozenset(public_holidays(years, cache_dir)) | frozenset(extra_days_off)
    return WorkCalendar(hours=hours, days_off=days_off, zone=zone)
