from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.numbers import (
    MONTHS,
    DateError,
    NumberError,
    OfficeZone,
    ZoneError,
    format_date,
    format_datetime,
    format_editable,
    format_number,
    format_percent,
    format_place_date,
    format_plain,
    format_rupiah,
    format_understood,
    parse_date,
    parse_number,
    round_half_up,
    spell_number,
    to_local,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("85,5", "85.5"),
        ("85.5", "85.5"),
        ("0.75", "0.75"),
        ("0,75", "0.75"),
        ("1.234,5", "1234.5"),
        ("1.234.567,89", "1234567.89"),
        ("1234,5", "1234.5"),
        ("1234", "1234"),
        ("-3,5", "-3.5"),
        ("\u22123,5", "-3.5"),
        ("+3,5", "3.5"),
        ("  12 ", "12"),
        ("Rp 1.000.000", "1000000"),
        ("Rp. 925.896.500,00", "925896500.00"),
        ("rp1000", "1000"),
        ("Rp 12.500", "12500"),  # after Rp a dot before three digits is a thousands dot
        ("-Rp 1.000,00", "-1000.00"),
        ("Rp -1.000", "-1000"),
        ("63,14 %", "63.14"),
        ("63,14%", "63.14"),
        ("0.125", "0.125"),  # cannot be a thousand: a group never starts with 0
        ("1234.567", "1234.567"),  # four digits before the dot: not a thousands group
        ("12.5", "12.5"),
        (",5", "0.5"),
        (".5", "0.5"),
        ("-0", "0"),
        ("007", "7"),
        ("12.345.678", "12345678"),
    ],
)
def test_parse_accepts(text: str, expected: str) -> None:
    value = parse_number(text)
    assert value == D(expected)
    assert str(value) == expected  # same digits, so trailing zeros typed are kept


def test_parse_negative_zero_is_plain_zero() -> None:
    assert not parse_number("-0,00").is_signed()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "1.234",
            "'1.234' ambigu: tulis 1234 (seribu dua ratus tiga puluh empat) "
            "atau 1,234 (satu koma dua tiga empat).",
        ),
        (
            "-12.500",
            "'-12.500' ambigu: tulis -12500 (minus dua belas ribu lima ratus) "
            "atau -12,500 (minus dua belas koma lima nol nol).",
        ),
        ("1.23.4", "'1.23.4': titik pemisah ribuan salah tempat"),
        ("12.34,5", "'12.34,5': titik pemisah ribuan salah tempat"),
        ("1.2345,6", "'1.2345,6': titik pemisah ribuan salah tempat"),
        ("0.234,5", "'0.234,5': titik pemisah ribuan salah tempat"),
        ("1.234.5", "'1.234.5': titik pemisah ribuan salah tempat"),
        ("1,234.5", "'1,234.5' memakai titik sesudah koma (gaya Inggris)"),
        ("1,2,3", "'1,2,3' berisi lebih dari satu koma"),
        ("", "Isian kosong"),
        ("   ", "Isian kosong"),
        ("abc", "'abc' bukan angka"),
        ("12a", "'12a' bukan angka"),
        ("1e5", "'1e5' bukan angka"),
        ("NaN", "'NaN' bukan angka yang bisa dipakai"),
        ("Infinity", "'Infinity' bukan angka yang bisa dipakai"),
        ("-inf", "'-inf' bukan angka yang bisa dipakai"),
        ("1 234", "'1 234' berisi spasi di tengah angka"),
        ("5,", "'5,' tidak lengkap: tidak ada angka sesudah koma"),
        ("5.", "'5.' tidak lengkap: tidak ada angka sesudah titik"),
        ("-", "'-' tidak berisi angka"),
        ("Rp", "'Rp' tidak berisi angka"),
        (".", "'.' tidak berisi angka"),
        ("Rp 5 %", "'Rp 5 %' memakai Rp dan % sekaligus"),
        ("--5", "'--5' bukan angka"),
    ],
)
def test_parse_refuses_with_reason(text: str, message: str) -> None:
    with pytest.raises(NumberError) as info:
        parse_number(text)
    assert str(info.value).startswith(message)


def test_number_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="ambigu"):
        parse_number("1.234")


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("2.345", 2, "2.35"),
        ("-2.345", 2, "-2.35"),
        ("2.344999", 2, "2.34"),
        ("90.995", 2, "91.00"),
        ("0.5", 0, "1"),
        ("1.5", 0, "2"),
        ("2.5", 0, "3"),  # half-up, not banker's rounding
        ("47.838324701643774", 2, "47.84"),
        ("12345678901234567890123456789.125", 2, "12345678901234567890123456789.13"),
    ],
)
def test_round_half_up(value: str, places: int, expected: str) -> None:
    assert str(round_half_up(D(value), places)) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("1234567.89", 2, "1.234.567,89"),
        ("-1234.5", 2, "-1.234,50"),
        ("0", 2, "0,00"),
        ("-0.001", 2, "0,00"),  # rounds to zero: no "-0,00"
        ("999.995", 2, "1.000,00"),
        ("123", 2, "123,00"),
        ("1234", 0, "1.234"),
        ("100000", 0, "100.000"),
        ("0.125", 3, "0,125"),
    ],
)
def test_format_number(value: str, places: int, expected: str) -> None:
    assert format_number(D(value), places) == expected


def test_format_rupiah_percent() -> None:
    assert format_rupiah(D("925896500")) == "Rp 925.896.500,00"
    assert format_rupiah(D("-1000")) == "-Rp 1.000,00"
    assert format_percent(D("63.135")) == "63,14 %"
    assert format_percent(D("112.17")) == "112,17 %"
    assert format_percent(None) == "-"


@pytest.mark.parametrize(
    ("value", "plain", "understood"),
    [
        ("85.5", "85,5", "85,50"),
        ("85.50", "85,5", "85,50"),
        ("1234", "1.234", "1.234,00"),
        ("1E+3", "1.000", "1.000,00"),
        ("0.125", "0,125", "0,125"),
        ("-3.5", "-3,5", "-3,50"),
        ("0.00", "0", "0,00"),
    ],
)
def test_format_plain_and_understood(value: str, plain: str, understood: str) -> None:
    assert format_plain(D(value)) == plain
    assert format_understood(D(value)) == understood


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("0", "nol"),
        ("11", "sebelas"),
        ("15", "lima belas"),
        ("100", "seratus"),
        ("1000", "seribu"),
        ("1234", "seribu dua ratus tiga puluh empat"),
        ("2000000", "dua juta"),
        ("1001000", "satu juta seribu"),
        (
            "925896500",
            "sembilan ratus dua puluh lima juta delapan ratus sembilan puluh enam ribu lima ratus",
        ),
        ("1.234", "satu koma dua tiga empat"),
        ("-0.5", "minus nol koma lima"),
    ],
)
def test_spell_number(value: str, words: str) -> None:
    assert spell_number(D(value)) == words


@given(
    st.decimals(
        min_value=D("-1e15"), max_value=D("1e15"), places=2, allow_nan=False, allow_infinity=False
    )
)
def test_format_then_parse_round_trips(value: Decimal) -> None:
    text = format_number(value)
    assert parse_number(text) == value
    assert parse_number(format_rupiah(value)) == value
    assert parse_number(format_percent(value)) == value


@given(
    st.decimals(min_value=D("-1e12"), max_value=D("1e12"), allow_nan=False, allow_infinity=False)
)
def test_understood_and_editable_parse_back_exactly(value: Decimal) -> None:
    assert parse_number(format_understood(value)) == value
    assert parse_number(format_editable(value)) == value


def test_plain_is_for_display_only() -> None:
    # "1.000" is what a reader expects to see, but typed back it is ambiguous:
    # prefill inputs with format_editable instead.
    assert format_plain(D(1000)) == "1.000"
    with pytest.raises(NumberError, match="ambigu"):
        parse_number(format_plain(D(1000)))
    assert format_editable(D(1000)) == "1000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1000", "1000"),
        ("85.50", "85,5"),
        ("-3.5", "-3,5"),
        ("0.00", "0"),
        ("-0", "0"),
        ("1E+3", "1000"),
        ("1234567.891", "1234567,891"),
    ],
)
def test_format_editable(value: str, expected: str) -> None:
    assert format_editable(D(value)) == expected


# ---- dates


def test_months() -> None:
    assert len(MONTHS) == 12
    assert MONTHS[0] == "Januari"
    assert MONTHS[7] == "Agustus"
    assert MONTHS[11] == "Desember"


def test_format_dates() -> None:
    assert format_date(date(2026, 11, 28)) == "28 November 2026"
    assert format_date(date(2026, 8, 1)) == "1 Agustus 2026"
    assert format_place_date("Paringin", date(2026, 11, 28)) == "Paringin, 28 November 2026"


def test_format_datetime_converts_to_the_office_zone() -> None:
    wita = OfficeZone.WITA
    utc = datetime(2026, 11, 28, 1, 15, tzinfo=UTC)
    assert format_datetime(utc, wita) == "28 November 2026 09.15 WITA"
    assert format_datetime(utc, OfficeZone.WIB) == "28 November 2026 08.15 WIB"
    assert format_datetime(utc, OfficeZone.WIT) == "28 November 2026 10.15 WIT"
    # late evening UTC is already the next day in WITA, not yet in WIB
    eve = datetime(2026, 12, 31, 16, 5, tzinfo=UTC)
    assert format_datetime(eve, wita) == "1 Januari 2027 00.05 WITA"
    assert format_datetime(eve, OfficeZone.WIB) == "31 Desember 2026 23.05 WIB"
    wib = timezone(timedelta(hours=7))
    assert format_datetime(datetime(2026, 11, 28, 8, 15, tzinfo=wib), wita) == (
        "28 November 2026 09.15 WITA"
    )


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="tidak punya zona waktu"):
        format_datetime(datetime(2026, 11, 28, 9, 15), OfficeZone.WIB)
    assert to_local(datetime(2026, 1, 1, tzinfo=UTC), OfficeZone.WIT).tzinfo is OfficeZone.WIT.tz


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("WIB", OfficeZone.WIB),
        (" wita ", OfficeZone.WITA),
        ("Wit", OfficeZone.WIT),
        ("Asia/Jakarta", OfficeZone.WIB),
        ("Asia/Makassar", OfficeZone.WITA),
        ("Asia/Jayapura", OfficeZone.WIT),
    ],
)
def test_office_zone_is_read(text: str, zone: OfficeZone) -> None:
    assert OfficeZone.parse(text) is zone


@pytest.mark.parametrize("text", ["", "UTC", "GMT+7", "Asia/Tokyo", "WITB"])
def test_other_zones_are_refused_in_indonesian(text: str) -> None:
    with pytest.raises(ZoneError, match="tidak dikenal; pilih salah satu: WIB"):
        OfficeZone.parse(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28-11-2026", date(2026, 11, 28)),
        ("28/11/2026", date(2026, 11, 28)),
        ("28.11.2026", date(2026, 11, 28)),
        ("2026-11-28", date(2026, 11, 28)),
        ("1-2-2026", date(2026, 2, 1)),
        ("28 November 2026", date(2026, 11, 28)),
        ("  28   november   2026 ", date(2026, 11, 28)),
        ("28 Nov 2026", date(2026, 11, 28)),
        ("28 NOV. 2026", date(2026, 11, 28)),
        ("17 Agustus 2026", date(2026, 8, 17)),
        ("17 Agu 2026", date(2026, 8, 17)),
        ("17 agt 2026", date(2026, 8, 17)),
        ("1 Mei 2026", date(2026, 5, 1)),
        ("5 Okt 2026", date(2026, 10, 5)),
        ("25 Des 2026", date(2026, 12, 25)),
        ("3 Peb 2026", date(2026, 2, 3)),
        ("3 Feb 2026", date(2026, 2, 3)),
        ("3 Pebruari 2026", date(2026, 2, 3)),
        ("10 Nopember 2026", date(2026, 11, 10)),
        ("29 Februari 2028", date(2028, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Tanggal kosong"),
        ("besok", "'besok' bukan tanggal yang dikenali"),
        ("28-11-26", "'28-11-26' bukan tanggal yang dikenali"),
        ("28-11/2026", "'28-11/2026' bukan tanggal yang dikenali"),
        ("28 Novem 2026", "'28 Novem 2026': nama bulan 'Novem' tidak dikenal"),
        ("28 May 2026", "'28 May 2026': nama bulan 'May' tidak dikenal"),
        ("28-13-2026", "'28-13-2026': bulan 13 tidak ada"),
        ("31-02-2026", "'31-02-2026': tanggal 31 Februari 2026 tidak ada."),
        ("29 Februari 2026", "'29 Februari 2026': tanggal 29 Februari 2026 tidak ada."),
        ("0-1-2026", "'0-1-2026': tanggal 0 Januari 2026 tidak ada."),
    ],
)
def test_parse_date_refuses(text: str, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert str(info.value).startswith(message)


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_format_date_parses_back(d: date) -> None:
    assert parse_date(format_date(d)) == d


def test_an_audit_change_reads_in_indonesian_and_keeps_codes_and_nip() -> None:
    from models.domain import Change

    def line(before: str, after: str) -> str:
        return Change(field="x", before=before, after=after).line()

    assert line("8.21", "77.5") == "x 8,21 -> 77,5"
    assert line("", "1234567.50") == "x - -> 1.234.567,5"
    assert line("[]", "['20', None, '7.5']") == "x - -> 20, -, 7,5"  # quarters
    assert line("1.01.02", "196501011990031001") == "x 1.01.02 -> 196501011990031001"
    assert line("2025", "Bidang [SD]") == "x 2025 -> Bidang [SD]"
