"""Quarterly monitoring (triwulan) against the Rencana Aksi, by each indicator's definition.

An indicator holds a target and a realisasi per quarter (TW I..IV; for the ``rasio`` kind a
numerator and a denominator instead of the realisasi) and its Manual IK says how quarters add up
(``models.domain.Aggregation``):

- **kumulatif**: up to quarter n, the sum of realisasi 1..n against the sum of targets 1..n; the
  year is the sum of the four.
- **nilai akhir**: up to quarter n, quarter n's realisasi against quarter n's target; the year is
  TW IV's.
- **rata-rata**: up to quarter n, the mean of realisasi 1..n against the mean of targets 1..n; the
  year is the mean of the four.
- **rasio**: a quarter's value is ``pembilang / penyebut x factor``; up to quarter n, the sum of
  numerators 1..n over the sum of denominators 1..n against quarter n's target; the year likewise
  over the four. A zero denominator leaves the value undefined (shown "-").

Capaian applies the indicator's polarity and negative formula (``models.formulas.capaian``) to the
values to date, then the optional cap. The year's value comes from the quarters once all four are
in; when an annual value was also entered directly, that one is kept and a mismatch is flagged.
Pure: no I/O; exact decimals, rounded only to compare and display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from models.domain import QUARTERS, Aggregation, BudgetLine, Indicator, Polarity, QuarterNote
from models.formulas import (
    DEFAULT_SCALE,
    Capaian,
    PredikatScale,
    capaian,
    predikat,
    serapan,
    with_cap,
)
from models.numbers import format_measure, format_number, round_half_up
from models.quarter_fill import (
    ROMAN,
    Fill,
    at,
    current_quarter,
    fill,
    fill_line,
    indicator_filled,
    quarter_label,
    spending_lines,
)

__all__ = [
    "ROMAN",
    "BudgetToDate",
    "Fill",
    "QuarterFigure",
    "YearValue",
    "at",
    "budget_to_date",
    "budget_year_value",
    "capaian_with_cap",
    "check_quarter",
    "current_quarter",
    "fill",
    "fill_line",
    "format_value",
    "indicator_filled",
    "missing_quarters",
    "note_of",
    "polarity_text",
    "quarter_figure",
    "quarter_label",
    "quarter_realisasi",
    "reported",
    "rolled_up",
    "spending_lines",
    "to_date",
    "with_quarter",
    "year_capaian",
    "year_target",
    "year_value",
]

_PRECISION = 34


def check_quarter(n: int) -> int:
    """``n`` if it names a quarter (1..4), else ``ValueError`` with an Indonesian message."""
    if n not in QUARTERS:
        raise ValueError(f"Triwulan {n} tidak ada; pilih 1, 2, 3 atau 4.")
    return n


def with_quarter(
    values: Sequence[Decimal | None], n: int, value: Decimal | None
) -> tuple[Decimal | None, ...]:
    """The per-quarter tuple with quarter ``n`` set (padded to four, trailing blanks dropped)."""
    out = [at(values, q) for q in QUARTERS]
    out[check_quarter(n) - 1] = value
    while out and out[-1] is None:
        out.pop()
    return tuple(out)


def note_of(notes: Sequence[QuarterNote], n: int) -> QuarterNote:
    """A sasaran's note of quarter ``n`` (empty when none was written)."""
    return notes[n - 1] if len(notes) >= n else QuarterNote()


def quarter_realisasi(ind: Indicator, n: int) -> tuple[Decimal | None, str]:
    """Quarter ``n``'s own realisasi and, when undefined, why (rasio: computed from its
    numerator and denominator)."""
    if ind.aggregation is not Aggregation.RASIO:
        value = at(ind.realisasi_tw, n)
        return value, "" if value is not None else f"realisasi {quarter_label(n)} belum diisi"
    return _ratio(ind, [at(ind.pembilang_tw, n)], [at(ind.penyebut_tw, n)], (n,))


def _ratio(
    ind: Indicator,
    nums: Sequence[Decimal | None],
    dens: Sequence[Decimal | None],
    quarters: Sequence[int],
) -> tuple[Decimal | None, str]:
    for q, num, den in zip(quarters, nums, dens, strict=True):
        if num is None or den is None:
            return None, f"pembilang/penyebut {quarter_label(q)} belum diisi"
    total_num = sum((v for v in nums if v is not None), Decimal(0))
    total_den = sum((v for v in dens if v is not None), Decimal(0))
    if total_den == 0:
        return None, "penyebut nol"
    with localcontext(prec=_PRECISION):
        return total_num / total_den * ind.rasio_factor, ""


def _mean(values: Sequence[Decimal]) -> Decimal:
    with localcontext(prec=_PRECISION):
        return sum(values, Decimal(0)) / len(values)


def _combine(
    kind: Aggregation, values: Sequence[Decimal | None], what: str
) -> tuple[Decimal | None, str]:
    """Quarters 1..n of one series made into the value to date by ``kind`` (not rasio)."""
    n = len(values)
    if kind is Aggregation.NILAI_AKHIR or kind is Aggregation.RASIO:
        last = values[-1]
        return last, "" if last is not None else f"{what} {quarter_label(n)} belum diisi"
    missing = [q for q, v in enumerate(values, 1) if v is None]
    if missing:
        return None, f"{what} {', '.join(quarter_label(q) for q in missing)} belum diisi"
    present = [v for v in values if v is not None]
    if kind is Aggregation.KUMULATIF:
        return sum(present, Decimal(0)), ""
    return _mean(present), ""


def to_date(ind: Indicator, n: int) -> tuple[Decimal | None, Decimal | None, str]:
    """The target and realisasi up to quarter ``n`` by the indicator's aggregation, and why the
    realisasi (or else the target) is undefined."""
    quarters = range(1, check_quarter(n) + 1)
    target, t_reason = _combine(ind.aggregation, [at(ind.target_tw, q) for q in quarters], "target")
    if ind.aggregation is Aggregation.RASIO:
        real, r_reason = _ratio(
            ind, [at(ind.pembilang_tw, q) for q in quarters],
            [at(ind.penyebut_tw, q) for q in quarters], quarters,
        )  # fmt: skip
    else:
        real, r_reason = _combine(
            ind.aggregation, [at(ind.realisasi_tw, q) for q in quarters], "realisasi"
        )
    return target, real, r_reason or t_reason


def capaian_with_cap(
    target: Decimal | None, realisasi: Decimal | None, ind: Indicator, reason: str = ""
) -> Capaian:
    """Capaian by the indicator's polarity and formula, limited by its cap when it has one;
    ``reason`` replaces the generic one when the realisasi is undefined for a known reason."""
    result = capaian(target, realisasi, ind.polarity, ind.negative_formula)
    if result.value is None and realisasi is None and reason and target:
        result = replace(result, reason=reason)
    return with_cap(result, ind.capaian_cap)


@dataclass(frozen=True, slots=True)
class QuarterFigure:
    """One indicator in quarter ``quarter``: the quarter's own target and realisasi with their
    capaian and predikat (the quarter alone), and the values to date by its aggregation with the
    capaian and predikat to date (the quarter's capaian as reported)."""

    quarter: int
    target: Decimal | None
    realisasi: Decimal | None
    target_to_date: Decimal | None
    realisasi_to_date: Decimal | None
    capaian: Capaian
    predikat: str
    capaian_alone: Capaian
    predikat_alone: str


def quarter_figure(ind: Indicator, n: int, scale: PredikatScale = DEFAULT_SCALE) -> QuarterFigure:
    own, own_reason = quarter_realisasi(ind, n)
    target_td, real_td, reason = to_date(ind, n)
    cap = capaian_with_cap(target_td, real_td, ind, reason)
    alone = capaian_with_cap(at(ind.target_tw, n), own, ind, own_reason)
    return QuarterFigure(
        quarter=n,
        target=at(ind.target_tw, n),
        realisasi=own,
        target_to_date=target_td,
        realisasi_to_date=real_td,
        capaian=cap,
        predikat=predikat(cap.value, scale),
        capaian_alone=alone,
        predikat_alone=predikat(alone.value, scale),
    )


@dataclass(frozen=True, slots=True)
class YearValue:
    """A year's figure: derived from the four quarters (None until all are in), entered
    directly (None when not), the one used, and whether the two disagree (at two decimals)."""

    derived: Decimal | None
    entered: Decimal | None
    mismatch: bool

    @property
    def value(self) -> Decimal | None:
        """The directly entered value when there is one, else the quarters'."""
        return self.entered if self.entered is not None else self.derived


def _reconcile(derived: Decimal | None, entered: Decimal | None) -> YearValue:
    mismatch = (
        derived is not None
        and entered is not None
        and round_half_up(derived, 2) != round_half_up(entered, 2)
    )
    return YearValue(derived, entered, mismatch)


def year_value(ind: Indicator) -> YearValue:
    """The year's realisasi: from quarters I-IV by the aggregation, and as entered."""
    _, real, _ = to_date(ind, 4)
    return _reconcile(real, ind.realisasi)


def year_target(ind: Indicator) -> YearValue:
    """The year's target: from the Rencana Aksi's four quarters, and the Perjanjian Kinerja's."""
    target, _, _ = to_date(ind, 4)
    if any(at(ind.target_tw, q) is None for q in QUARTERS):
        target = None
    return _reconcile(target, ind.target)


def year_capaian(ind: Indicator, scale: PredikatScale = DEFAULT_SCALE) -> tuple[Capaian, str]:
    """The year's capaian and predikat from the year's target and realisasi (as used)."""
    cap = capaian_with_cap(year_target(ind).value, year_value(ind).value, ind)
    return cap, predikat(cap.value, scale)


def reported(ind: Indicator, year: int) -> tuple[Indicator, str]:
    """The indicator as the year's report uses it, and a note saying which realisasi that is:
    with no annual realisasi entered but all four quarters in, the quarters' year value (by the
    aggregation); with both, the one entered, noted when the quarters give another value."""
    found = year_value(ind)
    complete = all(indicator_filled(ind, q) for q in QUARTERS)
    if found.entered is None and complete and found.derived is not None:
        return replace(ind, realisasi=found.derived), (
            f"{ind.code}: realisasi {year} {format_value(found.derived, ind)} dihitung dari "
            f"realisasi triwulan I-IV ({ind.aggregation.label.lower()}); realisasi tahunan "
            "belum diisi."
        )
    if found.mismatch:
        return ind, (
            f"{ind.code}: realisasi {year} yang diisi {format_value(found.entered, ind)} berbeda "
            f"dari hasil triwulan I-IV {format_value(found.derived, ind)} "
            f"({ind.aggregation.label.lower()}); yang dipakai realisasi yang diisi."
        )
    return ind, ""


def missing_quarters(ind: Indicator, upto: int) -> tuple[int, ...]:
    """The quarters 1..``upto`` whose target or realisasi is not in yet."""
    return tuple(
        q
        for q in range(1, check_quarter(upto) + 1)
        if at(ind.target_tw, q) is None or not indicator_filled(ind, q)
    )


@dataclass(frozen=True, slots=True)
class BudgetToDate:
    """A budget line up to quarter ``quarter``: planned and spent to date, serapan against the
    pagu and against the plan to date (None when either is zero or a quarter is missing)."""

    quarter: int
    rencana: Decimal | None
    realisasi: Decimal | None
    serapan_pagu: Decimal | None
    serapan_rencana: Decimal | None


def budget_to_date(line: BudgetLine, n: int) -> BudgetToDate:
    quarters = range(1, check_quarter(n) + 1)
    plan, _ = _combine(Aggregation.KUMULATIF, [at(line.rencana_tw, q) for q in quarters], "")
    spent, _ = _combine(Aggregation.KUMULATIF, [at(line.realisasi_tw, q) for q in quarters], "")
    return BudgetToDate(
        quarter=n,
        rencana=plan,
        realisasi=spent,
        serapan_pagu=None if spent is None else serapan(line.pagu, spent),
        serapan_rencana=None if spent is None or plan is None else serapan(plan, spent),
    )


def rolled_up(
    line: BudgetLine, lines: Sequence[BudgetLine], spending: Sequence[BudgetLine] | None = None
) -> BudgetLine:
    """``line`` with, when lines sit below it, the per-quarter sums of its spending lines
    (``spending_lines``, or ``spending`` when the caller has them): a quarter is summed only
    when every one of them has it."""
    leaves = spending_lines(lines) if spending is None else spending
    below = [b for b in leaves if b.code.startswith(line.code + ".")]
    if not below:
        return line

    def sums(series: list[tuple[Decimal | None, ...]]) -> tuple[Decimal | None, ...]:
        out: list[Decimal | None] = []
        for q in QUARTERS:
            values = [at(s, q) for s in series]
            out.append(
                None if None in values else sum((v or Decimal(0) for v in values), Decimal(0))
            )
        while out and out[-1] is None:
            out.pop()
        return tuple(out)

    return replace(
        line,
        rencana_tw=sums([b.rencana_tw for b in below]),
        realisasi_tw=sums([b.realisasi_tw for b in below]),
    )


def budget_year_value(line: BudgetLine) -> YearValue:
    """The year's spending: the four quarters' sum, and the realisasi entered for the year
    (0 counts as not entered, as a budget line starts at 0)."""
    spent = budget_to_date(line, 4).realisasi
    return _reconcile(spent, line.realisasi if line.realisasi else None)


def format_value(value: Decimal | None, ind: Indicator) -> str:
    """A quarter's target or realisasi as printed: as entered (``format_measure``), but a value
    the rules computed (a rasio, a mean) at two decimals; ``-`` when missing."""
    if value is not None and ind.aggregation in (Aggregation.RASIO, Aggregation.RATA_RATA):
        return format_number(value, 2)
    return format_measure(value, ind.satuan)


def polarity_text(ind: Indicator) -> str:
    """``makin rendah makin baik, rumus (2T - R) / T x 100``."""
    if ind.polarity is Polarity.POSITIF:
        return ind.polarity.label
    return f"{ind.polarity.label}, rumus {ind.negative_formula.label}"
