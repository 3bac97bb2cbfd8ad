"""Values a file gives beside the numbers they are computed from: a budget line's ``serapan`` and
``sisa`` (from its pagu and realisasi), an indicator's ``capaian`` (from its target and
realisasi). The import compares them with the formulas of ``models.formulas`` (the values the
documents print); the quality gate warns about the accepted ones that still disagree.

A given value agrees when it is the computed one rounded (or cut) to the decimals it was written
with: ``85,7`` and ``85,71`` both agree with 85,714...; ``86`` does not agree with 84,9.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from models.domain import BudgetLine, GivenValue, Indicator, YearData
from models.formulas import capaian_of, serapan, sisa
from models.numbers import entered_places, format_number, format_rupiah

__all__ = [
    "BUDGET_GIVEN",
    "INDICATOR_GIVEN",
    "Disagreement",
    "agrees",
    "budget_computed",
    "check",
    "describe",
    "indicator_computed",
    "still_disagreeing",
]

BUDGET_GIVEN = ("serapan", "sisa")
INDICATOR_GIVEN = ("capaian",)
_FLOOR = Decimal("1e-9")  # a spreadsheet's float noise (0.30000000000000004)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A given value and the computed one (``None``: the formula is undefined, with why)."""

    column: str
    given: Decimal
    computed: Decimal | None
    reason: str = ""


def budget_computed(column: str, line: BudgetLine) -> tuple[Decimal | None, str]:
    if column == "serapan":
        value = serapan(line.pagu, line.realisasi)
        return value, "" if value is not None else "pagu nol"
    if column == "sisa":
        return sisa(line.pagu, line.realisasi), ""
    raise ValueError(column)


def indicator_computed(column: str, ind: Indicator) -> tuple[Decimal | None, str]:
    if column != "capaian":
        raise ValueError(column)
    result = capaian_of(ind)
    return result.value, result.reason


def agrees(given: Decimal, computed: Decimal | None) -> bool:
    """``given`` is ``computed`` rounded or cut to the decimals ``given`` was written with."""
    if computed is None:
        return False
    unit = Decimal(1).scaleb(-entered_places(given))
    return abs(given - computed) <= max(unit, _FLOOR, abs(computed) * _FLOOR)


def check(
    columns: tuple[str, ...],
    given: dict[str, Decimal],
    computed_of: Callable[[str], tuple[Decimal | None, str]],
) -> list[Disagreement]:
    """The given values among ``columns`` that disagree; ``computed_of(column)`` gives the
    computed value and the reason it is undefined."""
    out: list[Disagreement] = []
    for column in columns:
        value = given.get(column)
        if value is None:
            continue
        computed, reason = computed_of(column)
        if not agrees(value, computed):
            out.append(Disagreement(column, value, computed, reason))
    return out


def _shown(column: str, value: Decimal, places: int) -> str:
    if column == "sisa":
        return format_rupiah(value)
    return f"{format_number(value, places)} %"


def describe(d: Disagreement) -> str:
    """``serapan tertulis 90,00 %, dihitung 85,71 %`` (the computed one at the given's decimals,
    at least two)."""
    places = max(2, entered_places(d.given))
    computed = (
        _shown(d.column, d.computed, places)
        if d.computed is not None
        else f"tidak dapat dihitung ({d.reason})"
    )
    return f"{d.column} tertulis {_shown(d.column, d.given, places)}, dihitung {computed}"


def still_disagreeing(data: YearData) -> list[tuple[GivenValue, Disagreement]]:
    """The accepted given values of the year that still disagree with the data as it is now (a
    record since corrected, or gone, no longer counts)."""
    budget = {b.code: b for b in data.budget}
    indicators = {i.code: i for i in data.indicators}
    out: list[tuple[GivenValue, Disagreement]] = []
    for g in data.report.given_values:
        if g.kind == "anggaran" and g.code in budget and g.column in BUDGET_GIVEN:
            computed, reason = budget_computed(g.column, budget[g.code])
        elif g.kind == "indikator" and g.code in indicators and g.column in INDICATOR_GIVEN:
            computed, reason = indicator_computed(g.column, indicators[g.code])
        else:
            continue
        if not agrees(g.given, computed):
            out.append((g, Disagreement(g.column, g.given, computed, reason)))
    return out
