"""The projection of the report's finish in working time, against its due date."""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise
from pathlib import Path

from models.numbers import OfficeZone
from models.projection import plan, project
from models.sop import default_sop
from models.worktime import OfficeHours, WorkCalendar

WITA = OfficeZone.WITA
# Monday 17 August 2026 is a public holiday
CAL = WorkCalendar(OfficeHours(), frozenset({date(2026, 8, 17)}), zone=WITA)
SOP = default_sop()


def at(m: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, m, d, h, mi, tzinfo=WITA.tz)


def test_projection_counts_elapsed_time_and_skips_weekend_and_holiday() -> None:
    # step 7 (1 hari) opened Thu 13 Aug 07:30; now Thu 13 Aug 11:30: 4 hours spent, 4.5 left.
    # After it: 8 (1 jam), 9 (10 menit), 10 (15 menit), 11 (1 jam) = 2 h 25 min.
    # 6 h 55 min from Thu 11:30: Thu closes at 16:00 (4.5 h), then Fri 07:30 + 2 h 25 min
    p = project(CAL, SOP, SOP.step(7), at(8, 13, 7, 30), at(8, 13, 11, 30), date(2026, 8, 14))
    assert p.finish == at(8, 14, 9, 55)
    assert not p.at_risk and p.days_left == 1
    # step 7 opened Fri 14 Aug 15:00, now: 10 h 55 min of work. Fri 1 h, Mon 17 is a
    # holiday, Tue 8.5 h, Wed 07:30 + 1 h 25 min
    q = project(CAL, SOP, SOP.step(7), at(8, 14, 15), at(8, 14, 15), date(2026, 8, 17))
    assert q.finish == at(8, 19, 8, 55)
    assert q.at_risk and q.days_left == 3


def test_a_return_from_step_7_projects_the_steps_again() -> None:
    now = at(8, 13, 9)
    straight = project(CAL, SOP, SOP.step(7), now, now, None)
    # sent back to step 5 (4 hari), so 5, 6 (2 hari) and 7 again come before the end
    returned = project(CAL, SOP, SOP.step(5), now, now, date(2026, 8, 20))
    assert straight.finish.date() == date(2026, 8, 14)
    # 7 days + 2 h 25 min of work from Thu 13 Aug 09:00, skipping the weekend and 17 Aug
    assert returned.finish == at(8, 25, 11, 25)
    assert returned.at_risk and not straight.at_risk


def test_plan_lays_every_step_end_to_end() -> None:
    steps = plan(CAL, SOP, at(8, 13, 7, 30))
    assert [s.number for s in steps] == list(range(1, 12))
    assert all(a.end == b.start for a, b in pairwise(steps))
    assert steps[0].end == at(8, 13, 7, 40)  # 10 menit


def test_status_shows_due_date_and_at_risk(tmp_path: Path) -> None:
    from tests.conftest import small_office
    from tui.text import status_lines
    from usecases.reporting import status
    from usecases.requests import set_schedule

    ctx = small_office(tmp_path)  # step 1 opened Tue 10 Feb 2026 09:00 WITA
    assert not any("jatuh tempo" in x for x in status_lines(status(ctx)))
    set_schedule(ctx, due=date(2026, 2, 13))
    lines = status_lines(status(ctx))
    # 7 days 8 h 35 min of standards from Tue 10 Feb 08:00 WIB; Tue 17 Feb is Imlek
    assert (
        "Jadwal : perkiraan selesai 23 Februari 2026; jatuh tempo 13 Februari 2026 "
        "(sisa 3 hari); TERANCAM TERLAMBAT"
    ) in lines
    set_schedule(ctx, due=date(2026, 2, 27))
    assert "TERANCAM" not in "\n".join(status_lines(status(ctx)))


def test_sop_plan_of_a_year_from_the_start_of_step_1(tmp_path: Path) -> None:
    from tests.conftest import small_office
    from tui.text import plan_lines
    from usecases.reporting import sop_plan

    ctx = small_office(tmp_path)  # step 1 opened Tue 10 Feb 2026 08:00 WIB
    steps = sop_plan(ctx)
    assert steps[0].start == datetime(2026, 2, 10, 8, 0, tzinfo=OfficeZone.WIB.tz)
    # the same end the projection gives on the first day (Tue 17 Feb, Imlek, skipped)
    assert steps[-1].end.date() == date(2026, 2, 23)
    lines = plan_lines(steps, SOP, OfficeZone.WIB)
    assert lines[1].startswith("  1. Perintah LAKIP ") and "10 Februari 2026 08.00 WIB" in lines[1]
    assert all(len(x) <= 80 for x in lines)


async def test_sop_screen_shows_the_plan_at_80x24(tmp_path: Path) -> None:
    from textual.widgets import Static

    from tests.conftest import board_app, demo_copy
    from tui.screens.sop import SopScreen

    app = board_app(demo_copy(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SopScreen)
        text = str(app.screen.query_one("#sop-plan", Static).render())
        assert "Rencana (dari mulainya langkah 1" in text and " 11. Kirim & unggah" in text
