import time as clock
from datetime import UTC, date, datetime, time, timedelta

import pytest

from models.numbers import OfficeZone, format_datetime
from models.sop import TimeStandard
from models.worktime import (
    Elapsed,
    OfficeHours,
    WorkCalendar,
    WorkTimeError,
    add_working_minutes,
    elapsed,
    format_duration,
    standard_minutes,
    working_minutes,
)

WITA = OfficeZone.WITA
CAL = WorkCalendar(OfficeHours(), frozenset({date(2026, 8, 17), date(2026, 12, 25)}), zone=WITA)
PLAIN = WorkCalendar(OfficeHours(), frozenset(), zone=WITA)


def w(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=OfficeZone.WITA.tz)


# ---- office hours


def test_office_hours_default_and_parse() -> None:
    assert OfficeHours() == OfficeHours(time(7, 30), time(16, 0))
    assert OfficeHours().minutes_per_day == 510
    assert OfficeHours.parse("07:30", "16:00") == OfficeHours()
    assert OfficeHours.parse(" 8.00", "15.30") == OfficeHours(time(8), time(15, 30))


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("7 pagi", "16:00", "Jam mulai '7 pagi' tidak dikenali"),
        ("07:30", "24:00", "Jam selesai '24:00' tidak dikenali"),
        ("07:60", "16:00", "Jam mulai '07:60' tidak dikenali"),
        ("16:00", "07:30", "Jam kerja tidak masuk akal: jam mulai 16:00 harus sebelum jam selesai"),
        ("08:00", "08:00", "Jam kerja tidak masuk akal"),
    ],
)
def test_office_hours_refused(start: str, end: str, message: str) -> None:
    with pytest.raises(WorkTimeError) as info:
        OfficeHours.parse(start, end)
    assert str(info.value).startswith(message)


def test_is_working_day() -> None:
    assert CAL.is_working_day(date(2026, 11, 27))  # Friday
    assert not CAL.is_working_day(date(2026, 11, 28))  # Saturday
    assert not CAL.is_working_day(date(2026, 11, 29))  # Sunday
    assert not CAL.is_working_day(date(2026, 8, 17))  # Monday, Independence Day
    assert PLAIN.is_working_day(date(2026, 8, 17))


# ---- working minutes


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # within one day
        (w(2026, 11, 23, 9), w(2026, 11, 23, 9, 25), 25),
        (w(2026, 11, 23, 9), w(2026, 11, 23, 9, 25, 59), 25),  # seconds are floored
        # across a weekend: Fri 15:00-16:00 and Mon 07:30-08:30
        (w(2026, 11, 27, 15), w(2026, 11, 30, 8, 30), 120),
        # before and after office hours only count the office part
        (w(2026, 11, 23, 6), w(2026, 11, 23, 8), 30),
        (w(2026, 11, 23, 15, 30), w(2026, 11, 23, 19), 30),
        (w(2026, 11, 23, 17), w(2026, 11, 24, 7), 0),
        (w(2026, 11, 23, 5), w(2026, 11, 23, 23), 510),
        # a whole week
        (w(2026, 11, 23, 7, 30), w(2026, 11, 27, 16), 5 * 510),
        # across a public holiday: Fri 14 Aug 15:00 to Tue 18 Aug 08:30 (Mon 17 Aug is off)
        (w(2026, 8, 14, 15), w(2026, 8, 18, 8, 30), 120),
        # starting on a holiday: nothing counts until Tuesday opens
        (w(2026, 8, 17, 9), w(2026, 8, 18, 9), 90),
        (w(2026, 8, 17, 9), w(2026, 8, 17, 15), 0),
        # starting on a Saturday
        (w(2026, 11, 28, 10), w(2026, 11, 30, 7, 45), 15),
        # end not after start
        (w(2026, 11, 23, 9), w(2026, 11, 23, 9), 0),
        (w(2026, 11, 23, 10), w(2026, 11, 23, 9), 0),
    ],
)
def test_working_minutes(start: datetime, end: datetime, expected: int) -> None:
    assert working_minutes(CAL, start, end) == expected


def test_working_minutes_converts_to_wita() -> None:
    # 01:00 UTC is 09:00 WITA; 02:00 UTC is 10:00 WITA
    start = datetime(2026, 11, 23, 1, tzinfo=UTC)
    end = datetime(2026, 11, 23, 2, tzinfo=UTC)
    assert working_minutes(CAL, start, end) == 60
    # 23:00 UTC Sunday is 07:00 WITA Monday, before opening
    assert working_minutes(CAL, datetime(2026, 11, 22, 23, tzinfo=UTC), w(2026, 11, 23, 8)) == 30


def test_working_minutes_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="zona waktu"):
        working_minutes(CAL, datetime(2026, 11, 23, 9), w(2026, 11, 23, 10))


def test_working_minutes_respects_custom_hours() -> None:
    cal = WorkCalendar(OfficeHours.parse("08:00", "12:00"), frozenset(), zone=WITA)
    assert working_minutes(cal, w(2026, 11, 23, 7), w(2026, 11, 24, 9)) == 240 + 60


def test_year_long_span_is_fast_and_exact() -> None:
    days_off = frozenset({date(2026, 1, 1), date(2026, 8, 17), date(2026, 12, 25)})
    cal = WorkCalendar(OfficeHours(), days_off, zone=WITA)
    started = clock.perf_counter()
    total = working_minutes(cal, w(2026, 1, 1), w(2027, 1, 1))
    took = clock.perf_counter() - started
    weekdays = sum(1 for n in range(365) if (date(2026, 1, 1) + timedelta(n)).weekday() < 5)
    assert total == (weekdays - 3) * 510
    assert took < 0.5


# ---- deadlines


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (w(2026, 11, 23, 9), 10, w(2026, 11, 23, 9, 10)),
        (w(2026, 11, 23, 6), 10, w(2026, 11, 23, 7, 40)),  # starts counting at opening
        (w(2026, 11, 23, 15), 60, w(2026, 11, 23, 16)),  # exactly fills the day: closing time
        (w(2026, 11, 23, 15), 61, w(2026, 11, 24, 7, 31)),
        (w(2026, 11, 27, 15), 120, w(2026, 11, 30, 8, 30)),  # over the weekend
        (w(2026, 8, 14, 15), 120, w(2026, 8, 18, 8, 30)),  # over the holiday
        (w(2026, 8, 17, 9), 30, w(2026, 8, 18, 8)),  # handed over on a holiday
        (w(2026, 11, 23, 7, 30), 4 * 510, w(2026, 11, 26, 16)),  # a 4-day standard
        (w(2026, 11, 23, 20), 0, w(2026, 11, 23, 20)),
    ],
)
def test_add_working_minutes(start: datetime, minutes: int, expected: datetime) -> None:
    deadline = add_working_minutes(CAL, start, minutes)
    assert deadline == expected
    assert deadline.tzinfo is OfficeZone.WITA.tz
    assert working_minutes(CAL, start, deadline) == minutes


def test_deadline_for_the_board() -> None:
    deadline = add_working_minutes(CAL, datetime(2026, 11, 27, 1, 30, tzinfo=UTC), 60)
    assert format_datetime(deadline, WITA) == "27 November 2026 10.30 WITA"


def test_office_hours_are_read_on_the_office_clock() -> None:
    # 00:00-01:00 UTC is 08:00-09:00 WITA (all office time) but 07:00-08:00 WIB (half of it)
    start, end = datetime(2026, 11, 23, 0, tzinfo=UTC), datetime(2026, 11, 23, 1, tzinfo=UTC)
    wib = WorkCalendar(OfficeHours(), frozenset(), zone=OfficeZone.WIB)
    assert working_minutes(PLAIN, start, end) == 60
    assert working_minutes(wib, start, end) == 30
    # 08:30 UTC is 15:30 WIB: an hour's deadline runs into the next morning, printed in WIB
    deadline = add_working_minutes(wib, datetime(2026, 11, 23, 8, 30, tzinfo=UTC), 60)
    assert deadline.tzinfo is OfficeZone.WIB.tz
    assert format_datetime(deadline, OfficeZone.WIB) == "24 November 2026 08.00 WIB"


def test_add_working_minutes_refuses_negative() -> None:
    with pytest.raises(ValueError, match="negatif"):
        add_working_minutes(CAL, w(2026, 11, 23, 9), -1)


# ---- standards and elapsed


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("10 menit", 10), ("2 jam", 120), ("1 hari", 510), ("4 hari", 2040)],
)
def test_standard_minutes(text: str, minutes: int) -> None:
    assert standard_minutes(CAL, TimeStandard.parse(text)) == minutes


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, "0 menit"),
        (25, "25 menit"),
        (60, "1 jam"),
        (80, "1 jam 20 menit"),
        (509, "8 jam 29 menit"),
        (510, "1 hari"),
        (510 + 30, "1 hari"),  # two largest units: days and hours; minutes dropped
        (2 * 510 + 3 * 60, "2 hari 3 jam"),
        (2 * 510 + 3 * 60 + 59, "2 hari 3 jam"),
    ],
)
def test_format_duration(minutes: int, expected: str) -> None:
    assert format_duration(minutes, 510) == expected


def test_format_duration_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        format_duration(-1, 510)
    with pytest.raises(ValueError):
        format_duration(10, 0)


def test_elapsed_minutes_standard_on_time() -> None:
    result = elapsed(CAL, TimeStandard.parse("1 jam"), w(2026, 11, 23, 9), w(2026, 11, 23, 9, 20))
    assert result == Elapsed(
        minutes=20,
        standard_minutes=60,
        late=False,
        text="20 menit",
        standard_text="1 jam",
        verdict="tepat waktu, sisa 40 menit",
    )


def test_elapsed_hours_standard_late() -> None:
    result = elapsed(CAL, TimeStandard.parse("2 jam"), w(2026, 11, 23, 9), w(2026, 11, 23, 12, 5))
    assert result.minutes == 185
    assert result.late
    assert result.text == "3 jam 5 menit"
    assert result.verdict == "TERLAMBAT 1 jam 5 menit"


def test_elapsed_exactly_at_standard_is_not_late() -> None:
    result = elapsed(
        CAL, TimeStandard.parse("10 menit"), w(2026, 11, 23, 9), w(2026, 11, 23, 9, 10)
    )
    assert not result.late
    assert result.verdict == "tepat waktu, sisa 0 menit"
    one_more = elapsed(
        CAL, TimeStandard.parse("10 menit"), w(2026, 11, 23, 9), w(2026, 11, 23, 9, 11)
    )
    assert one_more.late
    assert one_more.verdict == "TERLAMBAT 1 menit"


def test_elapsed_four_day_standard_on_time_over_weekend_and_holiday() -> None:
    # Thu 13 Aug 07:30 -> Wed 19 Aug 10:30: Thu, Fri, (Sat, Sun, Mon 17 off), Tue, Wed 3 hours
    standard = TimeStandard.parse("4 hari")
    result = elapsed(CAL, standard, w(2026, 8, 13, 7, 30), w(2026, 8, 19, 10, 30))
    assert result.minutes == 3 * 510 + 180
    assert not result.late
    assert result.text == "3 hari 3 jam"
    assert result.standard_text == "4 hari"
    assert result.verdict == "tepat waktu, sisa 5 jam 30 menit"


def test_elapsed_four_day_standard_late() -> None:
    standard = TimeStandard.parse("4 hari")
    result = elapsed(CAL, standard, w(2026, 8, 13, 7, 30), w(2026, 8, 21, 9, 30))
    # Thu, Fri, Tue, Wed, Thu full days, then Fri 2 hours
    assert result.minutes == 5 * 510 + 120
    assert result.late
    assert result.text == "5 hari 2 jam"
    assert result.verdict == "TERLAMBAT 1 hari 2 jam"
    # without the holiday the same span is a day later still
    assert elapsed(PLAIN, standard, w(2026, 8, 13, 7, 30), w(2026, 8, 21, 9, 30)).minutes == (
        6 * 510 + 120
    )


def test_elapsed_started_on_a_holiday_counts_from_next_opening() -> None:
    result = elapsed(CAL, TimeStandard.parse("1 hari"), w(2026, 12, 25, 10), w(2026, 12, 28, 9))
    assert result.minutes == 90
    assert result.verdict == "tepat waktu, sisa 7 jam"
