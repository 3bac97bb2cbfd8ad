"""Budget roll-up and efficiency: the one place that says which lines are added up and how a
sasaran's capaian meets its budget. The budget screen, the analyses screen, the LAKIP and its
sentences all call these, so what a screen shows and what is signed agree by construction.

Budget lines form a tree by code (Permendagri 90: ``1.01.02`` programme, ``1.01.02.2.01``
kegiatan, longer is sub kegiatan). Adding a programme and its kegiatan would count the money
twice, so totals add the top lines and per-sasaran figures add the leaves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from models.domain import BudgetLevel, BudgetLine, Indicator, leaf_lines
from models.formulas import capaian_of, efisiensi, serapan
from models.numbers import round_half_up

__all__ = [
    "BudgetSum",
    "SasaranEfficiency",
    "average_capaian",
    "budget_sum",
    "leaf_lines",
    "level_of_code",
    "rounded_capaian",
    "sasaran_efficiency",
    "top_lines",
]


@dataclass(frozen=True, slots=True)
class BudgetSum:
    pagu: Decimal
    realisasi: Decimal

    @property
    def serapan(self) -> Decimal | None:
        return serapan(self.pagu, self.realisasi)

    @property
    def sisa(self) -> Decimal:
        return self.pagu - self.realisasi


def level_of_code(code: str) -> BudgetLevel:
    """The level a code's depth gives: up to 3 parts programme, up to 5 kegiatan, else sub."""
    depth = len([p for p in code.split(".") if p])
    if depth <= 3:
        return BudgetLevel.PROGRAM
    if depth <= 5:
        return BudgetLevel.KEGIATAN
    return BudgetLevel.SUB_KEGIATAN


def top_lines(budget: Sequence[BudgetLine]) -> list[BudgetLine]:
    """The programme lines; without any, the lines whose parent is not in the budget."""
    programs = [b for b in budget if b.level is BudgetLevel.PROGRAM]
    if programs:
        return programs
    codes = {b.code for b in budget}
    return [b for b in budget if not any(b.code.startswith(c + ".") for c in codes if c != b.code)]


def budget_sum(lines: Iterable[BudgetLine]) -> BudgetSum:
    pagu = Decimal(0)
    realisasi = Decimal(0)
    for b in lines:
        pagu += b.pagu
        realisasi += b.realisasi
    return BudgetSum(pagu, realisasi)


def rounded_capaian(ind: Indicator) -> Decimal | None:
    """An indicator's capaian as printed (half-up, 2 places): averages use this value, so an
    average never disagrees with the numbers printed above it."""
    value = capaian_of(ind).value
    return None if value is None else round_half_up(value, 2)


def average_capaian(indicators: Iterable[Indicator]) -> Decimal | None:
    """Mean of the defined capaian (each rounded as printed), rounded half-up to 2 places."""
    values = [v for v in (rounded_capaian(i) for i in indicators) if v is not None]
    if not values:
        return None
    return round_half_up(sum(values, Decimal(0)) / len(values), 2)


@dataclass(frozen=True, slots=True)
class SasaranEfficiency:
    """A sasaran's average capaian against the absorption of the budget lines behind it."""

    capaian: Decimal | None
    budget: BudgetSum
    lines: int

    @property
    def serapan(self) -> Decimal | None:
        """Absorption as printed (half-up, 2 places), the value efficiency is computed from."""
        value = self.budget.serapan
        return None if value is None else round_half_up(value, 2)

    @property
    def efisiensi(self) -> Decimal | None:
        return efisiensi(self.capaian, self.serapan)


def sasaran_efficiency(
    indicators: Iterable[Indicator], lines: Sequence[BudgetLine], universe: Sequence[BudgetLine]
) -> SasaranEfficiency:
    """``indicators`` and ``lines`` are the sasaran's own; ``universe`` is the year's budget
    (a line counts only where it has no child there)."""
    leaves = leaf_lines(lines, universe)
    return SasaranEfficiency(average_capaian(indicators), budget_sum(leaves), len(leaves))
