"""Indonesian numbers and dates: reading what people type, writing what documents print.

How typed numbers are read (``parse_number``)
---------------------------------------------
1. Spaces around the number are ignored. A leading ``Rp`` (or ``Rp.``) and a trailing ``%`` are
   ignored, so ``Rp 1.000.000`` and ``63,14 %`` are accepted. A minus sign may stand in front
   (``-3,5``, ``-Rp 1.000``).
2. The comma is the decimal separator: ``85,5`` is eighty-five and a half. At most one comma.
3. The dot is the thousands separator: ``1.234,5`` and ``1.234.567,89``. Thousands groups must be
   well placed: 1 to 3 digits, then groups of exactly 3 digits (``1.23.4`` and ``12.34,5`` are
   refused). A dot may not come after the comma (``1,234.5`` is refused).
4. Exception, for people used to a decimal point: when there is no comma and exactly one dot, that
   dot is a decimal point (``85.5`` is 85,5; ``0.75`` is 0,75; ``1234.567`` is 1234,567) ...
5. ... unless the dot is followed by exactly three digits and preceded by 1 to 3 digits not
   starting with 0 (``1.234``, ``12.500``): that could be a thousand or a fraction, so it is refused
   as ambiguous and the message asks to write ``1234`` or ``1,234``. After ``Rp`` there is no
   ambiguity (rupiah are written with thousands dots), so ``Rp 12.500`` is 12500. A leading
   zero does not remove the ambiguity: ``04.250`` is refused like ``4.250`` (``0.250`` is 0,25).
6. Anything else is refused with a message saying what was typed and why: empty input, letters,
   spaces inside the number, more than one comma, NaN or Infinity.

Showing numbers: ``format_number`` rounds half-up and writes ``1.234.567,89``; ``format_rupiah``
writes ``Rp 925.896.500,00``; ``format_percent`` writes ``63,14 %`` (or ``-`` when undefined).

Dates are written ``28 November 2026``; times are shown in the office's own zone (``OfficeZone``:
WIB, WITA or WIT), with its label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from models.errors import LakipError

__all__ = [
    "MONTHS",
    "DateError",
    "NumberError",
    "OfficeZone",
    "ZoneError",
    "entered_places",
    "format_date",
    "format_datetime",
    "format_editable",
    "format_number",
    "format_percent",
    "format_place_date",
    "format_plain",
    "format_rupiah",
    "format_understood",
    "parse_date",
    "parse_number",
    "round_half_up",
    "spell_number",
    "to_local",
]


class ZoneError(LakipError, ValueError):
    """A time zone that is not one of Indonesia's three; the message is Indonesian."""


class OfficeZone(StrEnum):
    """The office's time zone: every time is shown, printed and counted in it."""

    WIB = "WIB"
    WITA = "WITA"
    WIT = "WIT"

    @property
    def tz(self) -> ZoneInfo:
        return _ZONE_INFO[self.value]

    @property
    def label(self) -> str:
        """What follows a printed time: ``09.15 WIB``."""
        return self.value

    @property
    def description(self) -> str:
        return _ZONE_NAMES[self.value]

    @classmethod
    def parse(cls, text: str) -> OfficeZone:
        """Read ``WIB``, ``wita``, ``WIT`` or the zone's name (``Asia/Jakarta``)."""
        key = text.strip()
        for zone in cls:
            if key.upper() == zone.value or key == _ZONE_INFO[zone.value].key:
                return zone
        raise ZoneError(
            f"Zona waktu '{text.strip()}' tidak dikenal; pilih salah satu: "
            + ", ".join(f"{z.value} ({z.description})" for z in cls)
            + "."
        )


_ZONE_INFO: dict[str, ZoneInfo] = {
    "WIB": ZoneInfo("Asia/Jakarta"),
    "WITA": ZoneInfo("Asia/Makassar"),
    "WIT": ZoneInfo("Asia/Jayapura"),
}
_ZONE_NAMES: dict[str, str] = {
    "WIB": "Waktu Indonesia Barat, Asia/Jakarta",
    "WITA": "Waktu Indonesia Tengah, Asia/Makassar",
    "WIT": "Waktu Indonesia Timur, Asia/Jayapura",
}


class NumberError(LakipError, ValueError):
    """A typed number that cannot be read; the message (Indonesian) says what was typed and why."""


class DateError(LakipError, ValueError):
    """A typed date that cannot be read; the message (Indonesian) says what was typed and why."""


# --------------------------------------------------------------------------------------------
# Reading numbers

_MINUS_SIGNS = ("-", "\u2212")  # ASCII hyphen-minus and the Unicode minus sign
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # 1.234 / 12.345.678 (first group no leading 0)
_RP = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_NON_FINITE = {"nan", "snan", "inf", "infinity", "-inf", "-infinity", "+inf", "+infinity"}


def _strip_sign(body: str) -> tuple[bool, str]:
    for sign in (*_MINUS_SIGNS, "+"):
        if body.startswith(sign):
            return sign != "+", body[len(sign) :].lstrip()
    return False, body


def parse_number(text: str) -> Decimal:
    """Read a number as Indonesians type it (see the module docstring for the rule).

    Raises ``NumberError`` with an Indonesian message for empty, ambiguous or non-numeric input.
    """
    shown = text.strip()
    if not shown:
        raise NumberError("Isian kosong: tulis sebuah angka, misalnya 85,5.")
    if shown.lower() in _NON_FINITE:
        raise NumberError(
            f"'{shown}' bukan angka yang bisa dipakai; tulis angka biasa, misalnya 85,5."
        )

    body = shown
    percent = body.endswith("%")
    if percent:
        body = body[:-1].rstrip()
    negative, body = _strip_sign(body)
    rupiah = bool(_RP.match(body))
    if rupiah:
        body = _RP.sub("", body, count=1)
        if not negative:
            negative, body = _strip_sign(body)
    if rupiah and percent:
        raise NumberError(f"'{shown}' memakai Rp dan % sekaligus; pilih salah satu.")
    if not body:
        raise NumberError(f"'{shown}' tidak berisi angka.")
    if any(c.isspace() for c in body):
        raise NumberError(
            f"'{shown}' berisi spasi di tengah angka; tulis tanpa spasi, misalnya 1234,5."
        )
    if any(c not in "0123456789.," for c in body):
        raise NumberError(
            f"'{shown}' bukan angka: hanya boleh angka, titik, koma, tanda minus di depan, "
            "'Rp' di depan, atau '%' di belakang."
        )
    if not any(c.isdigit() for c in body):
        raise NumberError(f"'{shown}' tidak berisi angka.")

    commas = body.count(",")
    if commas > 1:
        raise NumberError(
            f"'{shown}' berisi lebih dari satu koma; koma adalah tanda desimal "
            "dan hanya boleh satu."
        )
    if commas == 1:
        whole, fraction = body.split(",")
        if "." in fraction:
            raise NumberError(
                f"'{shown}' memakai titik sesudah koma (gaya Inggris); dalam bahasa Indonesia koma "
                "adalah tanda desimal dan titik pemisah ribuan, misalnya 1.234,5 atau 1234,5."
            )
        if not fraction:
            raise NumberError(f"'{shown}' tidak lengkap: tidak ada angka sesudah koma.")
        if "." in whole:
            if not _GROUPED.fullmatch(whole):
                raise NumberError(
                    f"'{shown}': titik pemisah ribuan salah tempat; titik harus memisahkan tiap "
                    "tiga angka dari kanan, misalnya 1.234.567,89, atau tulis tanpa titik: "
                    "1234567,89."
                )
            whole = whole.replace(".", "")
    else:
        dots = body.count(".")
        if dots == 0:
            whole, fraction = body, ""
        elif dots == 1:
            whole, fraction = body.split(".")
            if not fraction:
                raise NumberError(f"'{shown}' tidak lengkap: tidak ada angka sesudah titik.")
            # "04.250" (a leading zero typed before a thousand) is as ambiguous as "4.250"
            if _GROUPED.fullmatch(body) or (
                len(whole) > 1 and _GROUPED.fullmatch(body.lstrip("0"))
            ):
                if rupiah:
                    whole, fraction = whole + fraction, ""
                else:
                    raise NumberError(_ambiguous_message(shown, negative, whole, fraction))
        else:
            if not _GROUPED.fullmatch(body):
                raise NumberError(
                    f"'{shown}': titik pemisah ribuan salah tempat; titik harus memisahkan tiap "
                    "tiga angka dari kanan, misalnya 1.234.567, dan tanda desimal adalah koma."
                )
            whole, fraction = body.replace(".", ""), ""

    number = f"{whole or '0'}.{fraction}" if fraction else whole
    value = Decimal(f"-{number}" if negative else number)
    return abs(value) if value == 0 else value


def _ambiguous_message(shown: str, negative: bool, whole: str, fraction: str) -> str:
    sign = "-" if negative else ""
    as_int = Decimal(f"{sign}{whole}{fraction}")
    as_dec = Decimal(f"{sign}{whole}.{fraction}")
    return (
        f"'{shown}' ambigu: tulis {sign}{whole}{fraction} ({spell_number(as_int)}) "
        f"atau {sign}{whole},{fraction} ({spell_number(as_dec)})."
    )


# --------------------------------------------------------------------------------------------
# Spelling numbers (terbilang)

_UNITS = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def _spell_int(n: int) -> str:
    if n < 12:
        return _UNITS[n]
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
        return head + (f" {_spell_int(rest)}" if rest else "")
    if n < 10**6:
        thousands, rest = divmod(n, 1000)
        head = "seribu" if thousands == 1 else f"{_spell_int(thousands)} ribu"
        return head + (f" {_spell_int(rest)}" if rest else "")
    for scale, name in _SCALES:
        if n >= scale:
            big, rest = divmod(n, scale)
            return f"{_spell_int(big)} {name}" + (f" {_spell_int(rest)}" if rest else "")
    raise AssertionError("unreachable")  # pragma: no cover


def spell_number(value: Decimal) -> str:
    """Spell a number in Indonesian words: 1234 -> "seribu dua ratus tiga puluh empat",
    Decimal("1.234") -> "satu koma dua tiga empat" (digits after the comma one by one)."""
    if not value.is_finite():
        raise ValueError(f"'{value}' bukan angka yang bisa dieja.")
    text = format(value.copy_abs(), "f")
    whole, _, fraction = text.partition(".")
    words = _spell_int(int(whole))
    if fraction:
        words += " koma " + " ".join(_UNITS[int(d)] for d in fraction)
    return f"minus {words}" if value < 0 else words


# --------------------------------------------------------------------------------------------
# Writing numbers


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round to ``places`` decimals, halves away from zero (2,345 -> 2,35; -2,345 -> -2,35)."""
    if not value.is_finite():
        raise ValueError(f"'{value}' bukan angka yang bisa dibulatkan.")
    exponent = Decimal(1).scaleb(-places)
    digits = max(28, value.adjusted() + places + 2)
    return value.quantize(exponent, rounding=ROUND_HALF_UP, context=Context(prec=digits))


def _group(whole: str) -> str:
    head = len(whole) % 3 or 3
    parts = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    return ".".join(parts)


def _format_fixed(value: Decimal) -> str:
    """Write a value exactly as it is (no rounding), Indonesian style."""
    text = format(value.copy_abs(), "f")
    whole, _, fraction = text.partition(".")
    out = _group(whole) + (f",{fraction}" if fraction else "")
    return f"-{out}" if value < 0 else out


def _natural_places(value: Decimal) -> int:
    """The number of decimals a value needs, trailing zeros dropped (85.50 -> 1, 1E+3 -> 0)."""
    if not value.is_finite():
        raise ValueError(f"'{value}' bukan angka yang bisa ditampilkan.")
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if not any(digits):
        return 0
    places, end = -exponent, len(digits)
    while places > 0 and digits[end - 1] == 0:
        places, end = places - 1, end - 1
    return max(0, places)


def format_number(value: Decimal, places: int = 2) -> str:
    """Round half-up and write Indonesian style: ``1.234.567,89``, ``-1.234,50``."""
    return _format_fixed(round_half_up(value, places))


def format_rupiah(value: Decimal) -> str:
    """``Rp 925.896.500,00``; a negative amount is ``-Rp 1.000,00``."""
    text = format_number(value, 2)
    return f"-Rp {text[1:]}" if text.startswith("-") else f"Rp {text}"


def format_percent(value: Decimal | None) -> str:
    """``63,14 %``, or ``-`` when the value is undefined."""
    return "-" if value is None else f"{format_number(value, 2)} %"


def entered_places(value: Decimal) -> int:
    """The decimals a value was entered with, trailing zeros included (``0.250`` -> 3)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_plain(value: Decimal) -> str:
    """A measure with its natural decimals: Decimal("85.50") -> ``85,5``, 1234 -> ``1.234``."""
    return format_number(value, _natural_places(value))


def format_measure(value: Decimal | None, satuan: str = "") -> str:
    """A target or realisasi as printed: at least two decimals (``72,50``, ``12,60``) and every
    decimal it was entered with (``0,254`` stays ``0,254``, never rounded to a value that
    contradicts its capaian); whole counts in units other than percent without decimals
    (``1.234`` sekolah); ``-`` when missing."""
    if value is None:
        return "-"
    if satuan.strip() != "%" and value == value.to_integral_value():
        return format_plain(value)
    return format_number(value, max(2, entered_places(value)))


def format_editable(value: Decimal) -> str:
    """A value to prefill an input field: natural decimals and no thousands dots (``1000``,
    ``85,5``), so that ``parse_number`` reads it back exactly (``1.000`` would be ambiguous)."""
    text = format(round_half_up(value, _natural_places(value)).copy_abs(), "f").replace(".", ",")
    return f"-{text}" if value < 0 and text.strip("0,") else text


def format_understood(value: Decimal) -> str:
    """Show back what the parser understood: at least 2 decimals (``85,50``), more when the
    value has them (``0,125``), never rounded away."""
    return format_number(value, max(2, _natural_places(value)))


# --------------------------------------------------------------------------------------------
# Dates

MONTHS: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_MONTH_NAMES: dict[str, int] = {name.lower(): i for i, name in enumerate(MONTHS, start=1)}
_MONTH_NAMES.update({name[:3].lower(): i for i, name in enumerate(MONTHS, start=1)})
_MONTH_NAMES.update({"agt": 8, "peb": 2, "pebruari": 2, "nop": 11, "nopember": 11})

_NUMERIC_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_NUMERIC_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NAMED = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})")


def to_local(dt: datetime, zone: OfficeZone) -> datetime:
    """The same instant in the office's zone. A naive datetime is refused: its instant is
    unknown."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"Waktu {dt.isoformat()} tidak punya zona waktu.")
    return dt.astimezone(zone.tz)


def format_date(d: date) -> str:
    """``28 November 2026``."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def format_place_date(city: str, d: date) -> str:
    """``Bogor, 28 November 2026``."""
    return f"{city}, {format_date(d)}"


def format_datetime(dt: datetime, zone: OfficeZone) -> str:
    """``28 November 2026 09.15 WIB`` (the instant converted to the office's zone first)."""
    local = to_local(dt, zone)
    return f"{format_date(local.date())} {local.hour:02d}.{local.minute:02d} {zone.label}"


def parse_date(text: str) -> date:
    """Read ``28-11-2026``, ``28/11/2026``, ``28.11.2026``, ``2026-11-28``, ``28 November 2026``
    or ``28 Nov 2026`` (Indonesian month names or their abbreviations, any case)."""
    shown = text.strip()
    if not shown:
        raise DateError("Tanggal kosong: tulis misalnya 28-11-2026 atau 28 November 2026.")
    compact = " ".join(shown.split())
    if m := _NUMERIC_DMY.fullmatch(compact):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
    elif m := _NUMERIC_YMD.fullmatch(compact):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NAMED.fullmatch(compact):
        name = m[2].lower()
        if name not in _MONTH_NAMES:
            raise DateError(
                f"'{shown}': nama bulan '{m[2]}' tidak dikenal; tulis misalnya Januari, Agustus, "
                "atau singkatannya (Jan, Agu, Des)."
            )
        day, month, year = int(m[1]), _MONTH_NAMES[name], int(m[3])
    else:
        raise DateError(
            f"'{shown}' bukan tanggal yang dikenali; tulis misalnya 28-11-2026, 28/11/2026, "
            "2026-11-28 atau 28 November 2026."
        )
    if not 1 <= month <= 12:
        raise DateError(f"'{shown}': bulan {month} tidak ada; bulan harus 1 sampai 12.")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"'{shown}': tanggal {day} {MONTHS[month - 1]} {year} tidak ada.") from None


# --------------------------------------------------------------------------------------------
# A row of values as a small text chart (the board's indicator history)

SPARK_BARS = "▁▂▃▄▅▆▇█"


def spark_bars(values: Sequence[Decimal | None]) -> str:
    """One block character per value, its height scaled from the lowest value (▁) to the
    highest (█); a missing value is ``·``; values all equal stand at half height. The chart is
    drawn in characters, not colours, so it reads the same under NO_COLOR."""
    present = [v for v in values if v is not None]
    if not present:
        return "·" * len(values)
    low, high = min(present), max(present)
    top = len(SPARK_BARS) - 1
    out = []
    for v in values:
        if v is None:
            out.append("·")
        elif high == low:
            out.append(SPARK_BARS[top // 2])
        else:
            out.append(SPARK_BARS[int(((v - low) / (high - low) * top).to_integral_value())])
    return "".join(out)
