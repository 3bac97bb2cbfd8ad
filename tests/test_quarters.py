"""The quarter rules (models/quarters.py): every aggregation with both polarities, per quarter and
for the year, a zero denominator, the cap, the year's value against the one entered."""

from datetime import date
from decimal import Decimal

import pytest

from models.domain import Aggregation, BudgetLine, Indicator, NegativeFormula, Polarity
from models.numbers import round_half_up
from models.quarters import (
    budget_to_date,
    budget_year_value,
    current_quarter,
    fill,
    format_value,
    missing_quarters,
    quarter_figure,
    quarter_realisasi,
    rolled_up,
    spending_lines,
    to_date,
    with_quarter,
    year_capaian,
    year_target,
    year_value,
)

D = Decimal
POS, NEG = Polarity.POSITIF, Polarity.NEGATIF
TWO_T, T_R = NegativeFormula.TWO_T_MINUS_R, NegativeFormula.T_OVER_R
KUM, AKHIR, RATA, RASIO = (
    Aggregation.KUMULATIF, Aggregation.NILAI_AKHIR, Aggregation.RATA_RATA, Aggregation.RASIO,
)  # fmt: skip


def ind(
    kind: Aggregation, pol: Polarity = POS, neg: NegativeFormula = TWO_T, **kw: object
) -> Indicator:
    values: dict[str, object] = {
        k: tuple(D(str(v)) if v is not None else None for v in vs) if isinstance(vs, list) else vs
        for k, vs in kw.items()
    }
    return Indicator(
        id="i", year=2025, sasaran_code="S1", code="IK1", name="x", polarity=pol,
        negative_formula=neg, aggregation=kind, **values,  # type: ignore[arg-type]
    )  # fmt: skip


def pct(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value, 2)


# ---- kumulatif


def test_cumulative_higher_is_better_compares_cumulative_to_cumulative() -> None:
    i = ind(KUM, target_tw=[100, 200, 300, 400], realisasi_tw=[80, 220, 300, 450])
    tw2 = quarter_figure(i, 2)
    assert (tw2.target, tw2.realisasi) == (D(200), D(220))
    assert (tw2.target_to_date, tw2.realisasi_to_date) == (D(300), D(300))
    assert pct(tw2.capaian.value) == D("100.00")
    assert tw2.predikat == "Sangat Tinggi"
    assert pct(quarter_figure(i, 1).capaian.value) == D("80.00")
    assert quarter_figure(i, 1).predikat == "Tinggi"
    yv = year_value(i)
    assert (yv.derived, yv.entered, yv.mismatch, yv.value) == (D(1050), None, False, D(1050))
    assert year_target(i).derived == D(1000)
    cap, label = year_capaian(i)
    assert pct(cap.value) == D("105.00") and label == "Sangat Tinggi"


def test_cumulative_lower_is_better_worked_by_hand() -> None:
    """Anak putus sekolah (orang), kumulatif, makin rendah makin baik.

    Targets per quarter 10, 10, 10, 10 (year 40); realisasi 8, 14, 9, 10.
    TW I:   T = 10, R = 8.          (2T - R) / T = (20 - 8) / 10  = 120 %   -> Sangat Tinggi
    TW II:  T = 10 + 10 = 20, R = 8 + 14 = 22.
            (2T - R) / T = (40 - 22) / 20 = 18 / 20 = 90 %         -> Tinggi
            T / R        = 20 / 22 = 90,909...                     -> 90,91 % Tinggi
    TW III: T = 30, R = 31.   (60 - 31) / 30 = 29 / 30 = 96,666... -> 96,67 % Sangat Tinggi
    Year:   T = 40, R = 41.   (80 - 41) / 40 = 39 / 40 = 97,5 %    -> Sangat Tinggi
    (TW II compared alone, (20 - 14) / 10 = 60 %, would read Rendah: the cumulative rule keeps a
    bad quarter from hiding or exaggerating the year's course.)
    """
    kw = {"target_tw": [10, 10, 10, 10], "realisasi_tw": [8, 14, 9, 10]}
    i = ind(KUM, NEG, TWO_T, **kw)
    assert pct(quarter_figure(i, 1).capaian.value) == D("120.00")
    tw2 = quarter_figure(i, 2)
    assert (tw2.target_to_date, tw2.realisasi_to_date) == (D(20), D(22))
    assert pct(tw2.capaian.value) == D("90.00") and tw2.predikat == "Tinggi"
    assert pct(tw2.capaian_alone.value) == D("60.00") and tw2.predikat_alone == "Rendah"
    assert tw2.capaian.formula == "(2T - R) / T x 100"
    assert pct(quarter_figure(i, 3).capaian.value) == D("96.67")
    cap, label = year_capaian(i)
    assert pct(cap.value) == D("97.50") and label == "Sangat Tinggi"
    alt = quarter_figure(ind(KUM, NEG, T_R, **kw), 2)
    assert pct(alt.capaian.value) == D("90.91") and alt.predikat == "Tinggi"


def test_cumulative_missing_earlier_quarter_is_undefined_with_reason() -> None:
    i = ind(KUM, target_tw=[10, 10], realisasi_tw=[None, 5])
    f = quarter_figure(i, 2)
    assert f.capaian.value is None and f.predikat == "-"
    assert "TW I" in f.capaian.reason
    assert year_value(i).derived is None


# ---- nilai akhir


@pytest.mark.parametrize(
    ("pol", "expected_tw3", "expected_year"),
    [(POS, D("90.00"), D("95.00")), (NEG, D("110.00"), D("105.00"))],
)
def test_last_value_takes_the_quarter_itself(
    pol: Polarity, expected_tw3: Decimal, expected_year: Decimal
) -> None:
    # T3 = 80, R3 = 72: positive 72/80 = 90 %; negative (160 - 72)/80 = 110 %
    # year T4 = 100, R4 = 95: positive 95 %; negative (200 - 95)/100 = 105 %
    i = ind(AKHIR, pol, target_tw=[50, 60, 80, 100], realisasi_tw=[10, 55, 72, 95])
    f = quarter_figure(i, 3)
    assert (f.target_to_date, f.realisasi_to_date) == (D(80), D(72))
    assert pct(f.capaian.value) == expected_tw3
    assert year_value(i).derived == D(95)
    assert pct(year_capaian(i)[0].value) == expected_year


# ---- rata-rata


@pytest.mark.parametrize(
    ("pol", "expected_tw2", "expected_year"),
    [(POS, D("90.00"), D("95.00")), (NEG, D("110.00"), D("105.00"))],
)
def test_mean_of_the_quarters(pol: Polarity, expected_tw2: Decimal, expected_year: Decimal) -> None:
    # TW II: mean T = 10, mean R = (8 + 10) / 2 = 9; positive 90 %, negative (20 - 9)/10 = 110 %
    # year: mean T = 10, mean R = (8 + 10 + 9 + 11) / 4 = 9.5; 95 % / (20 - 9.5)/10 = 105 %
    i = ind(RATA, pol, target_tw=[10, 10, 10, 10], realisasi_tw=[8, 10, 9, 11])
    f = quarter_figure(i, 2)
    assert (f.target_to_date, f.realisasi_to_date) == (D(10), D(9))
    assert pct(f.capaian.value) == expected_tw2
    assert year_value(i).derived == D("9.5")
    assert pct(year_capaian(i)[0].value) == expected_year


# ---- rasio


@pytest.mark.parametrize(
    ("pol", "expected_tw2", "expected_year"),
    [(POS, D("100.00"), D("93.75")), (NEG, D("100.00"), D("106.25"))],
)
def test_ratio_pools_numerators_and_denominators(
    pol: Polarity, expected_tw2: Decimal, expected_year: Decimal
) -> None:
    # TW I 45/50 = 90 %; TW II (45 + 35) / (50 + 50) x 100 = 80 % against T2 = 80 -> 100 %
    # year (45 + 35 + 40 + 30) / 200 x 100 = 75 % against T4 = 80:
    # positive 75/80 = 93,75 %; negative (160 - 75)/80 = 106,25 %
    i = ind(
        RASIO, pol, target_tw=[80, 80, 80, 80], pembilang_tw=[45, 35, 40, 30],
        penyebut_tw=[50, 50, 50, 50],
    )  # fmt: skip
    assert quarter_realisasi(i, 1) == (D(90), "")
    f = quarter_figure(i, 2)
    assert f.realisasi == D(70)
    assert f.realisasi_to_date == D(80)
    assert pct(f.capaian.value) == expected_tw2
    assert year_value(i).derived == D(75)
    assert pct(year_capaian(i)[0].value) == expected_year


def test_ratio_zero_denominator_is_undefined_shown_dash() -> None:
    i = ind(RASIO, target_tw=[80], pembilang_tw=[0], penyebut_tw=[0])
    value, reason = quarter_realisasi(i, 1)
    assert value is None and reason == "penyebut nol"
    f = quarter_figure(i, 1)
    assert f.capaian.value is None and f.capaian.reason == "penyebut nol"
    assert f.predikat == "-"
    assert f.capaian_alone.reason == "penyebut nol" and f.predikat_alone == "-"
    # a later quarter with a denominator makes the pooled value defined again
    later = ind(RASIO, target_tw=[80, 80], pembilang_tw=[0, 8], penyebut_tw=[0, 10])
    assert to_date(later, 2)[1] == D(80)


def test_ratio_factor_other_than_percent() -> None:
    i = ind(RASIO, target_tw=[20], pembilang_tw=[600], penyebut_tw=[25], rasio_factor=D(1))
    assert quarter_realisasi(i, 1)[0] == D(24)  # 600 siswa / 25 guru = 24 siswa per guru


# ---- cap, year reconciliation, missing, budget, fill


def test_cap_limits_capaian_only_when_set() -> None:
    i = ind(KUM, target_tw=[10], realisasi_tw=[15])
    assert pct(quarter_figure(i, 1).capaian.value) == D("150.00")
    capped = quarter_figure(ind(KUM, target_tw=[10], realisasi_tw=[15], capaian_cap=D(120)), 1)
    assert capped.capaian.value == D(120)
    assert capped.capaian.formula == "R / T x 100, maks. 120 %"


def test_year_value_keeps_entered_value_and_flags_mismatch() -> None:
    i = ind(KUM, target_tw=[1, 1, 1, 1], realisasi_tw=[1, 1, 1, 1], realisasi=D(5), target=D(4))
    yv = year_value(i)
    assert (yv.derived, yv.entered, yv.mismatch, yv.value) == (D(4), D(5), True, D(5))
    assert year_target(i).mismatch is False
    same = year_value(ind(RATA, realisasi_tw=[1, 2, 2, 2], realisasi=D("1.75")))
    assert same.mismatch is False
    only_entered = year_value(ind(KUM, realisasi_tw=[1, 1], realisasi=D(9)))
    assert (only_entered.derived, only_entered.value, only_entered.mismatch) == (None, D(9), False)


def test_missing_quarters_and_with_quarter() -> None:
    i = ind(KUM, target_tw=[1, 1, 1], realisasi_tw=[1, None, 1])
    assert missing_quarters(i, 4) == (2, 4)
    assert with_quarter((), 3, D(7)) == (None, None, D(7))
    assert with_quarter((D(1), None, D(7)), 3, None) == (D(1),)
    with pytest.raises(ValueError, match="Triwulan 5"):
        with_quarter((), 5, D(1))


def test_budget_to_date_and_year() -> None:
    line = BudgetLine(
        id="b", year=2025, code="1", name="x", pagu=D(1000), realisasi=D(900),
        rencana_tw=(D(200), D(300), D(300), D(200)), realisasi_tw=(D(150), D(300), D(250), D(200)),
    )  # fmt: skip
    tw2 = budget_to_date(line, 2)
    assert (tw2.rencana, tw2.realisasi) == (D(500), D(450))
    assert tw2.serapan_pagu == D(45) and tw2.serapan_rencana == D(90)
    yv = budget_year_value(line)
    assert (yv.derived, yv.entered, yv.mismatch) == (D(900), D(900), False)


def test_fill_counts_indicators_and_spending_lines() -> None:
    inds = [ind(KUM, realisasi_tw=[1]), ind(RASIO, pembilang_tw=[1], penyebut_tw=[None])]
    lines = [
        BudgetLine(id="b", year=2025, code="1", name="x", pagu=D(5), realisasi_tw=(D(1),)),
        BudgetLine(id="c", year=2025, code="2", name="y"),  # no pagu: not counted
    ]
    f = fill(inds, lines, 1)
    assert (f.filled, f.total) == (2, 3)
    assert fill([], [], 1).percent is None


def test_current_quarter() -> None:
    assert current_quarter(2025, date(2026, 2, 1)) == 4
    assert current_quarter(2026, date(2026, 2, 1)) == 1
    assert current_quarter(2026, date(2026, 7, 1)) == 2
    assert current_quarter(2026, date(2026, 12, 31)) == 3
    assert current_quarter(2027, date(2026, 12, 31)) == 1


def test_parent_lines_add_up_their_sub_kegiatan_and_are_not_counted() -> None:
    def line(code: str, pagu: int, spent: tuple[Decimal | None, ...] = ()) -> BudgetLine:
        return BudgetLine(
            id=code, year=2025, code=code, name=code, pagu=D(pagu), realisasi_tw=spent
        )

    lines = [
        line("1", 300),  # programme: pagu rolled up, no quarters of its own
        line("1.1", 100, (D(10), D(20))),
        line("1.2", 200, (D(30),)),
    ]
    assert [b.code for b in spending_lines(lines)] == ["1.1", "1.2"]
    summed = rolled_up(lines[0], lines)
    assert summed.realisasi_tw == (D(40),)  # TW II: 1.2 has none yet
    assert budget_to_date(summed, 1).serapan_pagu == D("13.33333333333333333333333333333333")
    f = fill([], lines, 2)
    assert (f.filled, f.total) == (1, 2)


def test_computed_values_print_at_two_decimals_entered_ones_as_entered() -> None:
    ratio = ind(RASIO, pembilang_tw=[39], penyebut_tw=[46])
    assert format_value(quarter_realisasi(ratio, 1)[0], ratio) == "84,78"
    entered = ind(KUM, realisasi_tw=["0.254"])
    assert format_value(D("0.254"), entered) == "0,254"
    assert format_value(None, entered) == "-"


def test_records_stored_before_quarters_load_with_empty_quarters_and_round_trip() -> None:
    from models.domain import Sasaran
    from models.serial import from_data, to_data

    old = {"id": "i", "year": 2025, "sasaran_code": "S1", "code": "IK1", "name": "x"}
    loaded = from_data(Indicator, old)
    assert loaded.aggregation is AKHIR and loaded.target_tw == () and loaded.capaian_cap is None
    assert from_data(Sasaran, {**old, "code": "S1"}).quarter_notes == ()
    full = ind(RASIO, target_tw=[80, None, 70], pembilang_tw=[1], penyebut_tw=[2])
    assert from_data(Indicator, to_data(full)) == full
