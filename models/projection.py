"""When the report will be done: the remaining steps' time standards laid out in working time.

The projection starts now: the current step needs what is left of its standard (the one its pass
runs under; its elapsed office time counted; nothing when it is already over), every later step
its full standard in the SOP now. While the data is still being gathered (the current step is
step 4 or before), step 4 cannot end before the latest deadline of a bidang that still owes
data: the close of office hours that day.
Office hours, weekends, public holidays and the office's own days off are the calendar's. The
plan is the same lay-out from the start of step 1: each step's expected start and end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from models.numbers import to_local
from models.sop import Sop, StepDef
from models.workflow import DATA_STEP
from models.worktime import WorkCalendar, add_working_minutes, standard_minutes, working_minutes

__all__ = ["PlannedStep", "Projection", "plan", "project"]

AT_RISK = "TERANCAM TERLAMBAT"


@dataclass(frozen=True, slots=True)
class Projection:
    finish: datetime  # projected end of the last step, in the office's zone
    due: date | None  # the date the LAKIP is due (office setting)
    today: date
    waits_for: date | None = None  # a bidang's deadline that holds step 4's end past its time

    @property
    def at_risk(self) -> bool:
        return self.due is not None and self.finish.date() > self.due

    @property
    def days_left(self) -> int | None:
        """Calendar days from today to the due date (negative once past it)."""
        return None if self.due is None else (self.due - self.today).days


def project(
    cal: WorkCalendar,
    sop: Sop,
    current: StepDef,
    step_started: datetime,
    now: datetime,
    due: date | None,
    data_due: date | None = None,
) -> Projection:
    """The projected finish when ``current`` is the current step, open since ``step_started``;
    its standard is the one its pass runs under (stored with the pass), not the SOP's now.
    ``data_due``: the latest deadline of the bidang that still owe data, which holds step 4's
    end while the current step is step 4 or before."""
    spent = working_minutes(cal, step_started, now)
    left = max(0, standard_minutes(cal, current.standard) - spent)
    later = [s for s in sop.steps if s.number > current.number]
    waits_for: date | None = None
    if data_due is None or current.number > DATA_STEP:
        left += sum(standard_minutes(cal, s.standard) for s in later)
        finish = add_working_minutes(cal, now, left)
    else:
        left += sum(standard_minutes(cal, s.standard) for s in later if s.number <= DATA_STEP)
        closes = datetime.combine(data_due, cal.hours.end, tzinfo=cal.zone.tz)
        own = add_working_minutes(cal, now, left)
        waits_for = data_due if closes > own else None
        rest = sum(standard_minutes(cal, s.standard) for s in later if s.number > DATA_STEP)
        finish = add_working_minutes(cal, max(own, closes), rest)
    today = to_local(now, cal.zone).date()
    return Projection(finish=finish, due=due, today=today, waits_for=waits_for)


@dataclass(frozen=True, slots=True)
class PlannedStep:
    number: int
    start: datetime
    end: datetime


def plan(cal: WorkCalendar, sop: Sop, start: datetime) -> tuple[PlannedStep, ...]:
    """Each step's expected start and end when step 1 starts at ``start`` and every step takes
    its standard."""
    out: list[PlannedStep] = []
    at = start
    for s in sop.steps:
        end = add_working_minutes(cal, at, standard_minutes(cal, s.standard))
        out.append(PlannedStep(s.number, at, end))
        at = end
    return tuple(out)
