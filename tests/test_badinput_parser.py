"""Bad input, numbers: property-based tests of ``parse_number`` and the formatters around it.

The rule under test is the one documented in ``models/numbers.py`` (and the README): comma is the
decimal separator, dot the thousands separator, one dot followed by exactly three digits is
ambiguous (refused) unless after ``Rp``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from models.numbers import (
    NumberError,
    format_editable,
    format_number,
    format_plain,
    format_rupiah,
    format_understood,
    parse_number,
    round_half_up,
)
from usecases.inputs import parse_money, parse_optional_number

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True)
LIMIT = 10**15


def decimals(places: int) -> st.SearchStrategy[Decimal]:
    """Decimals with exactly ``places`` decimals and magnitude below 1e15."""
    scale = 10**places
    return st.integers(min_value=-(LIMIT * scale) + 1, max_value=LIMIT * scale - 1).map(
        lambda n: Decimal(n).scaleb(-places)
    )


ANY_DECIMAL = st.integers(min_value=0, max_value=6).flatmap(decimals)

# Text that looks like numbers often enough to reach the deep branches of the parser.
NUMBERISH = st.text(alphabet="0123456789.,-+%Rrp \u2212\u00a0eE", max_size=24)
WEIRD = st.text(max_size=40)  # any code point, lone surrogates and control characters included


@SETTINGS
@given(places=st.integers(min_value=2, max_value=6), data=st.data())
def test_format_number_round_trips(places: int, data: st.DataObject) -> None:
    value = data.draw(decimals(places))
    for shown_places in range(places, 7):
        shown = format_number(value, shown_places)
        assert parse_number(shown) == value, shown


@SETTINGS
@given(value=ANY_DECIMAL)
@example(Decimal("1000"))
@example(Decimal("-0.001"))
@example(Decimal("0"))
def test_format_editable_round_trips(value: Decimal) -> None:
    shown = format_editable(value)
    assert parse_number(shown) == value, shown
    assert "." not in shown  # no thousands dots: nothing for the parser to find ambiguous


@SETTINGS
@given(value=ANY_DECIMAL)
def test_format_understood_round_trips(value: Decimal) -> None:
    shown = format_understood(value)
    assert parse_number(shown) == value, shown


@SETTINGS
@given(value=ANY_DECIMAL)
def test_format_rupiah_round_trips_at_two_places(value: Decimal) -> None:
    shown = format_rupiah(value)
    assert parse_number(shown) == round_half_up(value, 2), shown


@SETTINGS
@given(value=ANY_DECIMAL)
def test_format_plain_round_trips_or_is_refused_as_ambiguous(value: Decimal) -> None:
    """``format_plain`` writes 1234 as ``1.234``: the docstring warns it may be ambiguous."""
    shown = format_plain(value)
    try:
        assert parse_number(shown) == value, shown
    except NumberError as exc:
        assert "ambigu" in str(exc), str(exc)
        assert shown.count(".") == 1 and "," not in shown


@SETTINGS
@given(text=st.one_of(WEIRD, NUMBERISH))
@example("NaN")
@example("-Infinity")
@example("sNaN")
@example("1e5")
@example("\u0661\u0662")  # Arabic-Indic digits: str.isdigit() says yes
@example("\u00b2")  # superscript two: isdigit() yes, int() no
@example("Rp")
@example("-Rp -5")
@example("%")
@example("1" * 10_000)
@example("[red]1[/red]")
@example("\x1b[2J")
@example("\ud800")
def test_parse_number_only_raises_number_error_and_returns_finite(text: str) -> None:
    try:
        value = parse_number(text)
    except NumberError as exc:
        message = str(exc)
        assert message
        if text.strip():
            assert text.strip() in message, message  # says what was typed
        return
    assert value.is_finite()
    assert not value.is_nan()


@SETTINGS
@given(text=st.one_of(WEIRD, NUMBERISH))
def test_money_and_optional_number_only_raise_number_error(text: str) -> None:
    for parse in (parse_money, parse_optional_number):
        try:
            value = parse(text)
        except NumberError:
            continue
        assert value is None or value.is_finite()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("85,5", "85.5"),
        ("85.5", "85.5"),
        ("1.234,5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1.234.567,89", "1234567.89"),
        ("Rp 925.896.500", "925896500"),
        ("Rp. 925.896.500,00", "925896500.00"),
        ("Rp 12.500", "12500"),
        ("63,14 %", "63.14"),
        ("63,14%", "63.14"),
        ("-3,5", "-3.5"),
        ("\u22123,5", "-3.5"),
        ("-Rp 1.000", "-1000"),
        ("0.75", "0.75"),
        ("1234.567", "1234.567"),
        ("1.234.567", "1234567"),
        ("  42  ", "42"),
        ("-0", "0"),
    ],
)
def test_documented_accepted_forms(typed: str, expected: str) -> None:
    assert parse_number(typed) == Decimal(expected)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "kosong"),
        ("   ", "kosong"),
        ("1.234", "ambigu"),
        ("12.500", "ambigu"),
        ("-1.234", "ambigu"),
        ("1.23.4", "salah tempat"),
        ("12.34,5", "salah tempat"),
        ("1,234.5", "titik sesudah koma"),
        ("1,2,3", "lebih dari satu koma"),
        ("1 234", "spasi"),
        ("abc", "bukan angka"),
        ("NaN", "bukan angka yang bisa dipakai"),
        ("Infinity", "bukan angka yang bisa dipakai"),
        ("Rp 5 %", "Rp dan %"),
        ("5,", "tidak lengkap"),
        ("5.", "tidak lengkap"),
        ("1e5", "bukan angka"),
        ("[b]5[/b]", "bukan angka"),
    ],
)
def test_refusals_say_what_was_typed_and_why(typed: str, why: str) -> None:
    with pytest.raises(NumberError) as err:
        parse_number(typed)
    message = str(err.value)
    assert why in message, message
    if typed.strip():
        assert f"'{typed.strip()}'" in message, message


def test_a_leading_zero_does_not_remove_the_thousands_ambiguity() -> None:
    """'4.250' typed after a 0 already in the field gave '04.250', once read as 4,25."""
    with pytest.raises(NumberError, match="ambigu"):
        parse_optional_number("04.250")
    assert parse_optional_number("0.250") == Decimal("0.250")
    assert parse_optional_number("04.25") == Decimal("4.25")
    assert parse_money("04.250") == Decimal("4250")
