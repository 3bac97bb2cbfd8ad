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


def test_step_4_waits_for_the_latest_outstanding_bidang_deadline() -> None:
    # step 4 (3 jam) opened Thu 13 Aug 09:00; alone it would end Thu 12:00
    now = at(8, 13, 9)
    alone = project(CAL, SOP, SOP.step(4), now, now, None)
    assert alone.finish == project(CAL, SOP, SOP.step(4), now, now, None, date(2026, 8, 12)).finish
    # a bidang owes data until Tue 18 Aug (past the weekend and the holiday Monday): step 4
    # ends Tue 18 16:00, then 7 days + 2 h 25 min from Wed 19: Thu 27 closes the 7th day
    held = project(CAL, SOP, SOP.step(4), now, now, date(2026, 8, 28), date(2026, 8, 18))
    assert held.finish == at(8, 28, 9, 55)
    assert held.finish > alone.finish and not held.at_risk
    assert held.waits_for == date(2026, 8, 18) and alone.waits_for is None
    # a deadline on the holiday itself: the next steps start the next working morning
    on_holiday = project(CAL, SOP, SOP.step(4), now, now, None, date(2026, 8, 17))
    assert on_holiday.finish == at(8, 27, 9, 55)
    # later than the deadline's close, step 4's own time counts: today's deadline, 16:00
    today = project(CAL, SOP, SOP.step(4), now, now, None, date(2026, 8, 13))
    assert today.finish > alone.finish
    # from step 3 (1 jam) the same wait holds
    assert project(CAL, SOP, SOP.step(3), now, now, None, date(2026, 8, 18)).finish == held.finish


def test_after_a_return_from_step_7_only_a_data_step_waits_for_the_bidang() -> None:
    now = at(8, 13, 9)
    # returned to step 5: steps 3 and 4 are done, an owed deadline does not hold the plan
    to_5 = project(CAL, SOP, SOP.step(5), now, now, None, date(2026, 8, 18))
    assert to_5.finish == project(CAL, SOP, SOP.step(5), now, now, None).finish
    assert to_5.finish == at(8, 25, 11, 25) and to_5.waits_for is None
    # returned to step 4: the data is gathered again, so it waits as before
    to_4 = project(CAL, SOP, SOP.step(4), now, now, None, date(2026, 8, 18))
    assert to_4.finish == at(8, 28, 9, 55)


def test_status_projection_waits_for_owed_data_and_a_return_from_step_7(tmp_path: Path) -> None:
    from dataclasses import replace

    from models.domain import StepPass
    from tests.conftest import YEAR, small_office
    from usecases.reporting import record_bidang_return, send_back, status
    from usecases.requests import send_request

    WIB = OfficeZone.WIB.tz
    ctx = small_office(tmp_path)  # Tue 10 Feb 2026 08:00 WIB; Tue 17 Feb is Imlek

    def at_step(step: int) -> None:
        with ctx.store.write("admin", ctx.now()) as w:
            report = w.report(YEAR)
            opened = StepPass(step=step, started_at=ctx.now())
            w.save_report(replace(report, passes=(opened,)))

    at_step(4)
    alone = status(ctx).projection
    # 3 h + 7 days + 2 h 25 min of work from Tue 10 Feb 08:00, skipping Imlek
    assert alone is not None and alone.finish == datetime(2026, 2, 20, 13, 25, tzinfo=WIB)
    # 5 working days: Wed 11, Thu 12, Fri 13, Mon 16, (Imlek) Wed 18
    sent = send_request(ctx, bidang="SD", days=5)
    assert sent.request.deadline == date(2026, 2, 18)
    held = status(ctx).projection
    # step 4 ends Wed 18 Feb 16:00; 7 days from Thu 19 end Fri 27, then 2 h 25 min
    assert held is not None and held.finish == datetime(2026, 3, 2, 9, 55, tzinfo=WIB)
    from tui.text import status_lines

    assert (
        "Jadwal : perkiraan selesai 2 Maret 2026 (menunggu data bidang sampai 18 Februari 2026)"
        in status_lines(status(ctx))
    )
    # SD's data comes back complete: nothing holds step 4 any more
    record_bidang_return(ctx, bidang="SD")
    after = status(ctx).projection
    assert after is not None and after.finish == alone.finish
    # a return from step 7 to step 4 with SD's data owed again waits for its deadline
    at_step(7)
    record_bidang_return(ctx, bidang="SD", undo=True)
    send_back(ctx, to=4, note="data SD perlu dicek", override_reason="uji")
    again = status(ctx).projection
    assert again is not None and again.finish == held.finish
    # the same return to step 5 does not wait for the bidang
    at_step(7)
    send_back(ctx, to=5, note="analisis ulang", override_reason="uji")
    to_5 = status(ctx).projection
    assert to_5 is not None and to_5.finish.date() < held.finish.date()
