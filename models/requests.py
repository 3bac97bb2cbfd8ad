"""Data requests to the bidang (SOP steps 3 and 4) as pure rules: what each bidang is asked for,
what it still owes ("tunggakan"), its deadline in working days and how late it is.

A bidang is asked for the records it owns (``bidang`` of each indicator and budget line). Until
its data comes back (a returned workbook, or the step-4 tick) everything asked is owed. After a
return, an item stays owed while a value the bidang fills is still empty: an indicator's target
or realisasi, a budget leaf line's pagu or realisasi (zero); a partial return thus leaves
exactly its empty items owed. A bidang is complete ("lengkap") once it has returned its data
and owes nothing. A request for a quarter's data (``DataRequest.quarter``) asks that quarter's
values too: an indicator's target and realisasi of the quarter (a rasio: its numerator and
denominator), a budget leaf line's realisasi of the quarter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from models.domain import (
    Aggregation,
    Bidang,
    BidangReturn,
    BudgetLine,
    DataRequest,
    Indicator,
    Reminder,
    leaf_lines,
)
from models.errors import LakipError
from models.numbers import OfficeZone, to_local
from models.quarter_fill import at, quarter_label
from models.worktime import WorkCalendar, working_days_late

__all__ = [
    "DEFAULT_REQUEST_DAYS",
    "Debt",
    "Item",
    "RequestError",
    "add_working_days",
    "asked_of",
    "debts",
    "incomplete",
    "unowned",
]

DEFAULT_REQUEST_DAYS = 5  # working days a bidang gets, unless the office sets another default


class RequestError(LakipError, ValueError):
    """A data request rule refused something; the message is Indonesian."""


@dataclass(frozen=True, slots=True)
class Item:
    """One record a bidang is asked for, and which of its values are still empty."""

    kind: str  # "indikator" or "anggaran"
    code: str
    name: str
    empty: tuple[str, ...] = ()  # "target", "realisasi", "pagu"

    @property
    def owed(self) -> bool:
        return bool(self.empty)

    @property
    def label(self) -> str:
        """``indikator IK1.1 (realisasi)``: the item and what it lacks."""
        lacks = f" ({', '.join(self.empty)})" if self.empty else ""
        return f"{self.kind} {self.code}{lacks}"


def _quarter_values(i: Indicator, n: int) -> tuple[tuple[str, object], ...]:
    """Quarter ``n``'s values of an indicator as the tunggakan names them."""
    tw = quarter_label(n)
    if i.aggregation is Aggregation.RASIO:
        return (
            (f"target {tw}", at(i.target_tw, n)),
            (f"pembilang {tw}", at(i.pembilang_tw, n)),
            (f"penyebut {tw}", at(i.penyebut_tw, n)),
        )
    return (f"target {tw}", at(i.target_tw, n)), (f"realisasi {tw}", at(i.realisasi_tw, n))


def _indicator_item(i: Indicator, quarter: int = 0) -> Item:
    values: tuple[tuple[str, object], ...] = (("target", i.target), ("realisasi", i.realisasi))
    if quarter:
        values += _quarter_values(i, quarter)
    empty = tuple(name for name, value in values if value is None)
    return Item("indikator", i.code, i.name, empty)


def _budget_item(b: BudgetLine, quarter: int = 0) -> Item:
    empty = tuple(
        name for name, value in (("pagu", b.pagu), ("realisasi", b.realisasi)) if value == 0
    )
    if quarter and at(b.realisasi_tw, quarter) is None:
        empty += (f"realisasi {quarter_label(quarter)}",)
    return Item("anggaran", b.code, b.name, empty)


def asked_of(
    code: str, indicators: Sequence[Indicator], budget: Sequence[BudgetLine], quarter: int = 0
) -> tuple[Item, ...]:
    """Every item bidang ``code`` is asked for: its indicators and its budget leaf lines (the
    programme and kegiatan lines above them are their sums); with ``quarter`` (1..4), that
    quarter's values too."""
    own_budget = [b for b in budget if b.bidang == code]
    return (
        *(_indicator_item(i, quarter) for i in indicators if i.bidang == code),
        *(_budget_item(b, quarter) for b in leaf_lines(own_budget, budget)),
    )


def unowned(
    indicators: Sequence[Indicator], budget: Sequence[BudgetLine], bidang: Sequence[Bidang]
) -> tuple[str, ...]:
    """Records no bidang owns (no owner, or an owner that is not a bidang of the office):
    nobody would be asked for them, so step 3 cannot send the requests yet. An office that
    has no bidang at all gathers its data itself: nothing is unowned then."""
    codes = {b.code for b in bidang}
    if not codes:
        return ()
    return (
        *(f"indikator {i.code}" for i in indicators if i.bidang not in codes),
        *(f"anggaran {b.code}" for b in budget if b.bidang not in codes),
    )


def incomplete(
    bidang: Sequence[Bidang],
    indicators: Sequence[Indicator],
    budget: Sequence[BudgetLine],
    returns: Sequence[BidangReturn],
) -> tuple[str, ...]:
    """The bidang whose data is not complete yet, by name, for the gate of step 4: those that
    have not returned their data, and those that did with items still empty ("Bidang PAUD
    (sebagian: 2 data masih kosong)"). Complete is the same as ``Debt.complete``."""
    back = {r.bidang for r in returns}
    out: list[str] = []
    for b in bidang:
        if b.code not in back:
            out.append(b.name)
            continue
        owed = sum(1 for i in asked_of(b.code, indicators, budget) if i.owed)
        if owed:
            out.append(f"{b.name} (sebagian: {owed} data masih kosong)")
    return tuple(out)


def add_working_days(cal: WorkCalendar, start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    if days < 1:
        raise RequestError("Batas waktu harus sedikitnya 1 hari kerja.")
    day = start
    left = days
    while left:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            left -= 1
    return day


@dataclass(frozen=True, slots=True)
class Debt:
    """Where one bidang stands: asked, returned, still owed, late."""

    bidang: Bidang
    request: DataRequest | None
    asked: tuple[Item, ...]
    returned: BidangReturn | None
    days_late: int

    @property
    def owed(self) -> tuple[Item, ...]:
        """Everything asked until the data comes back; after that, the items still empty."""
        if self.returned is None:
            return self.asked
        return tuple(i for i in self.asked if i.owed)

    @property
    def complete(self) -> bool:
        return self.returned is not None and not self.owed

    @property
    def deadline(self) -> date | None:
        return self.request.deadline if self.request else None

    @property
    def late(self) -> bool:
        return not self.complete and self.days_late > 0

    @property
    def last_reminder(self) -> Reminder | None:
        return self.request.reminders[-1] if self.request and self.request.reminders else None

    @property
    def state(self) -> str:
        """In words: lengkap, sebagian, belum menyerahkan, belum diminta."""
        if self.complete:
            return "lengkap"
        if self.returned is not None:
            return "sebagian"
        return "belum menyerahkan" if self.request else "belum diminta"


def debts(
    bidang: Sequence[Bidang],
    indicators: Sequence[Indicator],
    budget: Sequence[BudgetLine],
    requests: Sequence[DataRequest],
    returns: Sequence[BidangReturn],
    cal: WorkCalendar,
    now: datetime,
    zone: OfficeZone,
) -> tuple[Debt, ...]:
    """The tunggakan of every bidang, in the office's bidang order."""
    today = to_local(now, zone).date()
    sent = {r.bidang: r for r in requests}
    back = {r.bidang: r for r in returns}
    out: list[Debt] = []
    for b in bidang:
        request = sent.get(b.code)
        asked = asked_of(b.code, indicators, budget, request.quarter if request else 0)
        returned = back.get(b.code)
        done = returned is not None and not any(i.owed for i in asked)
        late = 0
        if request is not None and not done:
            late = max(0, working_days_late(cal, request.deadline, today))
        out.append(Debt(b, request, asked, returned, late))
    return tuple(out)
