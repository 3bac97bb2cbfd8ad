"""models.budget: the one roll-up the budget screen, the analyses screen and the LAKIP use."""

from __future__ import annotations

from decimal import Decimal as D

from models.budget import (
    BudgetSum,
    average_capaian,
    budget_sum,
    leaf_lines,
    level_of_code,
    sasaran_efficiency,
    top_lines,
)
from models.domain import BudgetLevel, BudgetLine, Indicator, Polarity


def _line(code: str, pagu: int, real: int, sasaran: str = "S1") -> BudgetLine:
    return BudgetLine(
        id=code,
        year=2025,
        code=code,
        name=code,
        level=level_of_code(code),
        pagu=D(pagu),
        realisasi=D(real),
        sasaran_code=sasaran,
    )


def _ind(code: str, target: str, real: str) -> Indicator:
    return Indicator(
        id=code,
        year=2025,
        sasaran_code="S1",
        code=code,
        name=code,
        polarity=Polarity.POSITIF,
        target=D(target),
        realisasi=D(real),
    )


BUDGET = (
    _line("1.01.01", 1000, 900),
    _line("1.01.01.2.01", 600, 550),
    _line("1.01.01.2.02", 400, 350),
    _line("1.01.02", 500, 100, sasaran="S2"),
)


def test_levels_follow_the_depth_of_the_code() -> None:
    assert level_of_code("1.01.02") is BudgetLevel.PROGRAM
    assert level_of_code("1.01.02.2.01") is BudgetLevel.KEGIATAN
    assert level_of_code("1.01.02.2.01.0001") is BudgetLevel.SUB_KEGIATAN


def test_totals_add_top_lines_and_sasaran_figures_add_leaves() -> None:
    assert budget_sum(top_lines(BUDGET)) == BudgetSum(D(1500), D(1000))
    mine = [b for b in BUDGET if b.sasaran_code == "S1"]
    assert [b.code for b in leaf_lines(mine, BUDGET)] == ["1.01.01.2.01", "1.01.01.2.02"]
    # without programme lines, the lines whose parent is absent are the top
    kegiatan = BUDGET[1:3]
    assert budget_sum(top_lines(kegiatan)) == BudgetSum(D(1000), D(900))


def test_sasaran_efficiency_uses_the_printed_roundings() -> None:
    inds = [_ind("IK1", "3", "2"), _ind("IK2", "3", "3")]  # 66,666..% and 100 %
    assert average_capaian(inds) == D("83.34")  # mean of 66,67 and 100, not of 66,666...
    found = sasaran_efficiency(inds, [b for b in BUDGET if b.sasaran_code == "S1"], BUDGET)
    assert found.lines == 2 and found.budget == BudgetSum(D(1000), D(900))
    assert found.serapan == D("90.00")
    assert found.efisiensi == D("-6.66")
