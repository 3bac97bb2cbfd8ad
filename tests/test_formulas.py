from decimal import Decimal, localcontext

import pytest

from models.domain import Indicator, NegativeFormula, Polarity
from models.formulas import (
    DEFAULT_SCALE,
    Capaian,
    PredikatScale,
    capaian,
    capaian_of,
    efisiensi,
    over_pagu,
    predikat,
    renstra_progress,
    serapan,
    sisa,
    trend,
)
from models.numbers import format_percent, round_half_up

D = Decimal
POS, NEG = Polarity.POSITIF, Polarity.NEGATIF
TWO_T, T_R = NegativeFormula.TWO_T_MINUS_R, NegativeFormula.T_OVER_R


# ---- the published cases (PRODUCT.md section 3)


def test_lower_is_better_published_case_two_t_minus_r() -> None:
    result = capaian(D("88.82"), D("135.15"), NEG, TWO_T)
    assert result.value is not None
    assert round_half_up(result.value) == D("47.84")
    assert result.formula == "(2T - R) / T x 100"
    assert result.reason == ""


def test_lower_is_better_published_case_t_over_r() -> None:
    result = capaian(D("88.82"), D("135.15"), NEG, T_R)
    assert result.value is not None
    assert round_half_up(result.value) == D("65.72")
    assert result.formula == "T / R x 100"


def test_lower_is_better_target_7_realisasi_6_5() -> None:
    result = capaian(D(7), D("6.5"), NEG)
    assert result.value is not None
    assert round_half_up(result.value) == D("107.14")
    assert format_percent(result.value) == "107,14 %"


def test_lower_is_better_target_8_realisasi_9() -> None:
    result = capaian(D(8), D(9), NEG)
    assert result.value == D("87.5")
    assert format_percent(result.value) == "87,50 %"


def test_higher_is_better_is_not_capped() -> None:
    result = capaian(D(8), D(9), POS)
    assert result.value == D("112.5")
    assert result.formula == "R / T x 100"
    assert capaian(D(100), D("112.17"), POS).value == D("112.17")


def test_value_is_full_precision_not_rounded() -> None:
    result = capaian(D(3), D(1), POS)
    assert result.value is not None
    assert result.value != round_half_up(result.value)
    assert str(result.value).startswith("33.33333333333333333333333333")


def test_independent_of_caller_decimal_context() -> None:
    with localcontext(prec=3):
        result = capaian(D("88.82"), D("135.15"), NEG)
    assert result.value is not None
    assert round_half_up(result.value) == D("47.84")


@pytest.mark.parametrize(
    ("target", "realisasi", "polarity", "formula", "reason"),
    [
        (None, D(5), POS, TWO_T, "target kosong"),
        (D(0), D(5), POS, TWO_T, "target nol"),
        (D("0.00"), D(5), NEG, TWO_T, "target nol"),
        (D(0), D(5), NEG, T_R, "target nol"),
        (D(10), None, POS, TWO_T, "realisasi belum diisi"),
        (D(10), None, NEG, TWO_T, "realisasi belum diisi"),
        (D(10), None, NEG, T_R, "realisasi belum diisi"),
        (D(10), D(0), NEG, T_R, "realisasi nol"),
        (None, None, NEG, T_R, "target kosong"),
    ],
)
def test_undefined_capaian_has_a_reason(
    target: Decimal | None,
    realisasi: Decimal | None,
    polarity: Polarity,
    formula: NegativeFormula,
    reason: str,
) -> None:
    result = capaian(target, realisasi, polarity, formula)
    assert result.value is None
    assert result.reason == reason
    assert result.formula == ("R / T x 100" if polarity is POS else formula.label)
    assert format_percent(result.value) == "-"
    assert predikat(result.value) == "-"


def test_zero_realisasi_is_defined_where_the_formula_allows() -> None:
    assert capaian(D(10), D(0), POS).value == D(0)
    assert capaian(D(10), D(0), NEG, TWO_T).value == D(200)


def test_capaian_of_indicator_uses_its_polarity_and_formula() -> None:
    ind = Indicator(
        id="i1",
        year=2026,
        sasaran_code="S1",
        code="IK1",
        name="Angka putus sekolah",
        polarity=NEG,
        negative_formula=T_R,
        target=D("88.82"),
        realisasi=D("135.15"),
    )
    result = capaian_of(ind)
    assert result.value is not None
    assert round_half_up(result.value) == D("65.72")
    assert result.formula == "T / R x 100"
    assert capaian_of(Indicator(id="i2", year=2026, sasaran_code="S1", code="IK2", name="x")) == (
        Capaian(None, "R / T x 100", "target kosong")
    )


# ---- predikat


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "-"),
        ("112.17", "Sangat Tinggi"),
        ("100", "Sangat Tinggi"),
        ("91", "Sangat Tinggi"),
        ("90.995", "Sangat Tinggi"),  # rounds half-up to 91,00
        ("90.9949", "Tinggi"),
        ("90.99", "Tinggi"),
        ("76.00", "Tinggi"),
        ("75.99", "Sedang"),
        ("66", "Sedang"),
        ("65.99", "Rendah"),
        ("51.00", "Rendah"),
        ("50.995", "Rendah"),
        ("50.99", "Sangat Rendah"),
        ("0", "Sangat Rendah"),
        ("-47.5", "Sangat Rendah"),  # (2T - R) / T goes negative when R > 2T
    ],
)
def test_predikat_default_scale(value: str | None, expected: str) -> None:
    assert predikat(None if value is None else D(value)) == expected


def test_predikat_custom_scale_from_text() -> None:
    scale = PredikatScale.from_text("0 Kurang; 80,5 Baik\n95 Istimewa")
    assert scale.bands == ((D(95), "Istimewa"), (D("80.5"), "Baik"), (D(0), "Kurang"))
    assert predikat(D("80.5"), scale) == "Baik"
    assert predikat(D("80.49"), scale) == "Kurang"
    assert predikat(D("99"), scale) == "Istimewa"
    assert scale.to_text() == "95 Istimewa; 80,5 Baik; 0 Kurang"


def test_default_scale_text_round_trips() -> None:
    text = DEFAULT_SCALE.to_text()
    assert text == "91 Sangat Tinggi; 76 Tinggi; 66 Sedang; 51 Rendah; 0 Sangat Rendah"
    assert PredikatScale.from_text(text) == DEFAULT_SCALE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Skala predikat kosong"),
        ("91 Tinggi; 91 Sedang", "Skala predikat harus berurutan"),
        ("91", "Skala predikat, bagian '91': tulis batas bawah lalu nama predikat"),
        ("sembilan Tinggi", "Skala predikat, bagian 'sembilan Tinggi': 'sembilan' bukan angka"),
    ],
)
def test_predikat_scale_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        PredikatScale.from_text(text)
    assert str(info.value).startswith(message)


def test_predikat_scale_must_be_descending() -> None:
    with pytest.raises(ValueError, match="berurutan"):
        PredikatScale(((D(51), "Rendah"), (D(91), "Sangat Tinggi")))


# ---- budget


def test_serapan_sisa_over_pagu() -> None:
    pagu, spent = D("925896500"), D("880000000")
    value = serapan(pagu, spent)
    assert value is not None
    assert round_half_up(value) == D("95.04")
    assert sisa(pagu, spent) == D("45896500")
    assert not over_pagu(pagu, spent)
    assert over_pagu(D(100), D("100.01"))
    assert not over_pagu(D(100), D(100))
    assert sisa(D(100), D(120)) == D(-20)


def test_serapan_undefined_for_zero_pagu() -> None:
    assert serapan(D(0), D(10)) is None
    assert serapan(D("0.00"), D(0)) is None
    assert sisa(D(0), D(10)) == D(-10)


def test_efisiensi() -> None:
    assert efisiensi(D("107.14"), D("95.04")) == D("12.10")
    assert efisiensi(D("80"), D("95.5")) == D("-15.5")
    assert efisiensi(None, D(90)) is None
    assert efisiensi(D(90), None) is None


# ---- renstra and trend


def test_renstra_progress() -> None:
    assert renstra_progress(D(45), D(60), POS) == D(75)
    # lower is better against the end-of-period target: (2 x 2 - 3) / 2 x 100
    assert renstra_progress(D(3), D(2), NEG) == D(50)
    assert renstra_progress(D(3), D(2), NEG, T_R) is not None
    assert renstra_progress(None, D(60), POS) is None
    assert renstra_progress(D(45), None, POS) is None
    assert renstra_progress(D(45), D(0), POS) is None


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        ("85.5", "80", "naik"),
        ("80", "85.5", "turun"),
        ("85.5", "85.50", "tetap"),
        ("85.501", "85.499", "tetap"),  # both print as 85,50
        ("85.506", "85.50", "naik"),
        (None, "80", ""),
        ("80", None, ""),
    ],
)
def test_trend(current: str | None, previous: str | None, expected: str) -> None:
    assert trend(
        None if current is None else D(current), None if previous is None else D(previous)
    ) == (expected)


def test_results_are_decimal() -> None:
    for value in (capaian(D(3), D(2), POS).value, serapan(D(3), D(2)), efisiensi(D(1), D(2))):
        assert isinstance(value, Decimal)


def test_the_predikat_legend_has_no_gap_a_value_could_fall_in() -> None:
    from models.formulas import DEFAULT_SCALE

    assert DEFAULT_SCALE.legend() == (
        "Sangat Tinggi capaian ≥ 91 %; Tinggi 76 % ≤ capaian < 91 %; "
        "Sedang 66 % ≤ capaian < 76 %; Rendah 51 % ≤ capaian < 66 %; Sangat Rendah capaian < 51 %"
    )
    # 90,16 (between the old legend's '76-90' and '91 ke atas') is placed by the legend's words
    assert predikat(Decimal("90.16")) == "Tinggi"
