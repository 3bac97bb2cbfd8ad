"""Working time: how long a step has taken in office time, and when it is due.

Minutes and hours count office hours only; a day is one full office day (07:30-16:00 by default,
510 minutes). Working days are Monday to Friday not in the calendar's days off (public holidays
and the office's own days off, which the caller passes in). Everything is evaluated in the
office's zone (the calendar's ``zone``); datetimes must be timezone-aware.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from models.errors import LakipError
from models.numbers import OfficeZone, to_local
from models.sop import TimeStandard, TimeUnit

__all__ = [
    "Elapsed",
    "OfficeHours",
    "WorkCalendar",
    "WorkTimeError",
    "add_working_minutes",
    "elapsed",
    "format_duration",
    "standard_minutes",
    "working_days_late",
    "working_minutes",
]


class WorkTimeError(LakipError, ValueError):
    """Office hours that cannot be used; the message is Indonesian."""


_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")


def _parse_clock(text: str, what: str) -> time:
    m = _CLOCK.fullmatch(text.strip())
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise WorkTimeError(f"Jam {what} '{text}' tidak dikenali; tulis misalnya 07:30 atau 16.00.")
    return time(int(m[1]), int(m[2]))


def _minutes_of(t: time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True, slots=True)
class OfficeHours:
    start: time = time(7, 30)
    end: time = time(16, 0)

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise WorkTimeError(
                "Jam kerja ditulis tanpa zona waktu; selalu dibaca di zona waktu kantor."
            )
        if self.start >= self.end:
            raise WorkTimeError(
                f"Jam kerja tidak masuk akal: jam mulai {self.start:%H:%M} harus sebelum "
                f"jam selesai {self.end:%H:%M}."
            )

    @classmethod
    def parse(cls, start: str, end: str) -> OfficeHours:
        """Read ``"07:30"`` and ``"16:00"`` (``"07.30"`` also accepted)."""
        return cls(_parse_clock(start, "mulai"), _parse_clock(end, "selesai"))

    @property
    def minutes_per_day(self) -> int:
        return _minutes_of(self.end) - _minutes_of(self.start)


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    hours: OfficeHours = OfficeHours()
    days_off: frozenset[date] = frozenset()
    zone: OfficeZone = field(kw_only=True)  # office hours are read on this zone's clock

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and d not in self.days_off


def working_days_late(cal: WorkCalendar, due: date, day: date) -> int:
    """Working days from ``due`` to ``day``: the working days after ``due`` up to ``day`` when
    ``day`` is later (late), minus the working days from ``day`` up to ``due`` when earlier."""
    start, end = (due, day) if day > due else (day, due)
    count = 0
    d = start + timedelta(days=1)
    while d <= end:
        if cal.is_working_day(d):
            count += 1
        d += timedelta(days=1)
    return count if day > due else -count


def _naive_local(cal: WorkCalendar, dt: datetime) -> datetime:
    # Indonesia's zones have no daylight saving time, so naive wall-clock arithmetic is exact.
    return to_local(dt, cal.zone).replace(tzinfo=None)


def working_minutes(cal: WorkCalendar, start: datetime, end: datetime) -> int:
    """Whole office minutes between two aware datetimes (seconds are summed, then floored);
    0 when ``end`` is not after ``start``. Loops once per calendar day."""
    a, b = _naive_local(cal, start), _naive_local(cal, end)
    if b <= a:
        return 0
    seconds = 0
    day = a.date()
    while day <= b.date():
        if cal.is_working_day(day):
            open_ = max(a, datetime.combine(day, cal.hours.start))
            close = min(b, datetime.combine(day, cal.hours.end))
            if close > open_:
                seconds += int((close - open_).total_seconds())
        day += timedelta(days=1)
    return seconds // 60


def add_working_minutes(cal: WorkCalendar, start: datetime, minutes: int) -> datetime:
    """The moment ``minutes`` office minutes after ``start`` (a step's deadline), in the
    office's zone.

    A deadline that fills a day exactly falls at closing time, not the next morning; 0 minutes
    is ``start`` itself."""
    if minutes < 0:
        raise ValueError("Jumlah menit kerja tidak boleh negatif.")
    here = _naive_local(cal, start)
    if minutes == 0:
        return here.replace(tzinfo=cal.zone.tz)
    remaining = timedelta(minutes=minutes)
    day = here.date()
    while True:
        if cal.is_working_day(day):
            open_ = max(here, datetime.combine(day, cal.hours.start))
            close = datetime.combine(day, cal.hours.end)
            if close > open_:
                if open_ + remaining <= close:
                    return (open_ + remaining).replace(tzinfo=cal.zone.tz)
                remaining -= close - open_
        day += timedelta(days=1)


def standard_minutes(cal: WorkCalendar, standard: TimeStandard) -> int:
    """A time standard in office minutes: menit as is, jam x 60, hari x one office day."""
    if standard.unit is TimeUnit.MENIT:
        return standard.amount
    if standard.unit is TimeUnit.JAM:
        return standard.amount * 60
    return standard.amount * cal.hours.minutes_per_day


def format_duration(minutes: int, minutes_per_day: int) -> str:
    """Office minutes in words, the two largest units, truncated: ``25 menit``,
    ``1 jam 20 menit``, ``2 hari 3 jam``, ``3 hari`` (a day is ``minutes_per_day``)."""
    if minutes < 0:
        raise ValueError("Lama waktu tidak boleh negatif.")
    if minutes_per_day <= 0:
        raise ValueError("Lama satu hari kerja harus lebih dari nol menit.")
    days, rest = divmod(minutes, minutes_per_day)
    hours, mins = divmod(rest, 60)
    parts = [(days, "hari"), (hours, "jam"), (mins, "menit")]
    first = next((i for i, (amount, _) in enumerate(parts) if amount), 2)
    shown = [f"{amount} {unit}" for amount, unit in parts[first : first + 2] if amount]
    return " ".join(shown) or "0 menit"


@dataclass(frozen=True, slots=True)
class Elapsed:
    """How long a step has taken against its standard, in office minutes and in words."""

    minutes: int
    standard_minutes: int
    late: bool
    text: str  # "1 jam 20 menit"
    standard_text: str  # "2 jam"
    verdict: str  # "TERLAMBAT 1 jam 5 menit" or "tepat waktu, sisa 40 menit": said once


def elapsed(cal: WorkCalendar, standard: TimeStandard, start: datetime, now: datetime) -> Elapsed:
    """Office time from ``start`` to ``now`` compared with ``standard``; late means strictly
    more office minutes than the standard allows."""
    per_day = cal.hours.minutes_per_day
    spent = working_minutes(cal, start, now)
    allowed = standard_minutes(cal, standard)
    late = spent > allowed
    if late:
        verdict = f"TERLAMBAT {format_duration(spent - allowed, per_day)}"
    else:
        verdict = f"tepat waktu, sisa {format_duration(allowed - spent, per_day)}"
    return Elapsed(
        minutes=spent,
        standard_minutes=allowed,
        late=late,
        text=format_duration(spent, per_day),
        standard_text=str(standard),
        verdict=verdict,
    )
