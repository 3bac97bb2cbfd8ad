"""How much of a quarter's data is in: the part of the quarter rules ``lakip status`` needs,
kept apart from ``models.quarters`` (and the formulas) so the status stays light. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.domain import Aggregation, BudgetLine, Indicator, leaf_lines

__all__ = [
    "ROMAN",
    "Fill",
    "at",
    "current_quarter",
    "fill",
    "fill_line",
    "indicator_filled",
    "quarter_label",
    "spending_lines",
]

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_label(n: int) -> str:
    """``TW II``."""
    return f"TW {ROMAN[n]}"


def at(values: Sequence[Decimal | None], n: int) -> Decimal | None:
    """The value of quarter ``n`` (1..4) in a per-quarter tuple; None when not entered."""
    return values[n - 1] if len(values) >= n else None


def indicator_filled(ind: Indicator, n: int) -> bool:
    """Whether quarter ``n``'s realisasi is in (rasio: numerator and denominator)."""
    if ind.aggregation is Aggregation.RASIO:
        return at(ind.pembilang_tw, n) is not None and at(ind.penyebut_tw, n) is not None
    return at(ind.realisasi_tw, n) is not None


@dataclass(frozen=True, slots=True)
class Fill:
    """How much of a quarter's realisasi is in: indicators and budget lines filled of all."""

    quarter: int
    filled: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        return None if not self.total else Decimal(self.filled) * 100 / Decimal(self.total)


def spending_lines(lines: Sequence[BudgetLine]) -> list[BudgetLine]:
    """The lines whose quarters are entered: with a pagu and no line below them (a programme or
    kegiatan adds up its sub kegiatan)."""
    return [b for b in leaf_lines(lines, lines) if b.pagu]


def fill(inds: Sequence[Indicator], lines: Sequence[BudgetLine], n: int) -> Fill:
    """The fill rate of quarter ``n``: indicators with its realisasi, budget lines with its
    spending (``spending_lines``)."""
    spending = spending_lines(lines)
    done = sum(indicator_filled(i, n) for i in inds)
    done += sum(at(b.realisasi_tw, n) is not None for b in spending)
    return Fill(n, done, len(inds) + len(spending))


def current_quarter(year: int, today: date) -> int:
    """The quarter being monitored for report year ``year`` on ``today``: the last quarter
    that has ended (TW I while the first is still running); IV for a past year, I for a
    future one."""
    if year < today.year:
        return 4
    if year > today.year:
        return 1
    return max(1, (today.month - 1) // 3)


def fill_line(
    inds: Sequence[Indicator], lines: Sequence[BudgetLine], year: int, today: date
) -> str:
    """One line for ``lakip status``: the monitored quarter's fill rate; "" when the year has
    no Rencana Aksi per quarter."""
    if not any(i.target_tw for i in inds) and not any(b.rencana_tw for b in lines):
        return ""
    n = current_quarter(year, today)
    f = fill(inds, lines, n)
    return f"Triwulan: {quarter_label(n)} terisi {f.filled}/{f.total}"
