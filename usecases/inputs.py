"""Validation at the boundary: imported rows (CSV, workbook) and form input, with pydantic.

Every message is Indonesian and names what was typed. Numbers are read with
``models.numbers.parse_number`` (the one documented rule); money columns also accept thousands
dots without ``Rp`` (``12.500`` in a pagu column is twelve thousand five hundred rupiah). Cells
read from a workbook may already be numbers (int, float, Decimal).

This module imports pydantic; import it only from the functions that validate (forms, import),
never on the ``lakip status`` path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from models.domain import (
    BudgetLevel,
    LetterTemplateError,
    NegativeFormula,
    Polarity,
    letter_template_example,
)
from models.numbers import NumberError, parse_date, parse_number
from models.text import clean_text

__all__ = [
    "BudgetRow",
    "FieldProblem",
    "IndicatorRow",
    "clean_text",
    "field_parser",
    "parse_money",
    "parse_optional_number",
    "validate",
]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One refused value: the field (or column) and why, in Indonesian."""

    field: str
    message: str


def _error(message: str) -> PydanticCustomError:
    return PydanticCustomError("isian", message)


def _number(value: Any, *, money: bool = False) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberError(f"'{value}' bukan angka.")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError(f"'{value}' bukan angka yang bisa dipakai.")
        return Decimal(repr(value))
    text = str(value).strip()
    if not text:
        return None
    try:
        return parse_number(text)
    except NumberError:
        if money and not text.lower().startswith(("rp", "-")) and "%" not in text:
            try:
                return parse_number("Rp " + text)
            except NumberError:
                pass
        raise


def parse_optional_number(value: Any) -> Decimal | None:
    """A measure: empty is ``None``; otherwise ``parse_number``'s rule (raises ``NumberError``)."""
    return _number(value)


def parse_money(value: Any) -> Decimal | None:
    """An amount of rupiah: like ``parse_optional_number`` but ``12.500`` is 12500."""
    return _number(value, money=True)


def _measure(value: Any) -> Decimal | None:
    try:
        return _number(value)
    except NumberError as exc:
        raise _error(str(exc)) from None


def _money(value: Any) -> Decimal | None:
    try:
        amount = _number(value, money=True)
    except NumberError as exc:
        raise _error(str(exc)) from None
    if amount is not None and amount < 0:
        raise _error(f"'{value}': jumlah rupiah tidak boleh negatif.")
    return amount


def _text(value: Any) -> str:
    try:
        return clean_text(value)
    except ValueError as exc:
        raise _error(str(exc)) from None


def _code(value: Any) -> str:
    text = _text(value)
    if any(c.isspace() for c in text):
        raise _error(f"'{text}': kode tidak boleh berisi spasi.")
    return text


def _polarity(value: Any) -> Polarity | None:
    text = _text(value).lower()
    if not text:
        return None
    if text in ("positif", "+", "p", "makin tinggi makin baik", "naik"):
        return Polarity.POSITIF
    if text in ("negatif", "-", "n", "makin rendah makin baik", "turun"):
        return Polarity.NEGATIF
    raise _error(
        f"'{value}' bukan polaritas; tulis 'positif' (makin tinggi makin baik) atau "
        "'negatif' (makin rendah makin baik)."
    )


def _formula(value: Any) -> NegativeFormula | None:
    text = _text(value).lower().replace(" ", "")
    if not text:
        return None
    if text in ("2t_minus_r", "(2t-r)/tx100", "2t-r", "(2t-r)/t"):
        return NegativeFormula.TWO_T_MINUS_R
    if text in ("t_over_r", "t/rx100", "t/r"):
        return NegativeFormula.T_OVER_R
    raise _error(f"'{value}' bukan rumus yang dikenal; pilih '2T-R' atau 'T/R'.")


def _level(value: Any) -> BudgetLevel | None:
    text = _text(value).lower().replace(" ", "_")
    if not text:
        return None
    for level in BudgetLevel:
        if text in (level.value, level.label.lower().replace(" ", "_")):
            return level
    raise _error(f"'{value}' bukan tingkat anggaran; tulis program, kegiatan atau sub kegiatan.")


Text = Annotated[str, BeforeValidator(_text)]
Code = Annotated[str, BeforeValidator(_code)]
Measure = Annotated[Decimal | None, BeforeValidator(_measure)]
Money = Annotated[Decimal | None, BeforeValidator(_money)]


class _Base(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class IndicatorRow(_Base):
    """One indicator row of an imported file (CSV or the step-2 workbook)."""

    kode_sasaran: Code
    sasaran: Text = ""
    kode_indikator: Code
    indikator: Text = ""
    satuan: Text = ""
    polaritas: Annotated[Polarity | None, BeforeValidator(_polarity)] = None
    rumus_negatif: Annotated[NegativeFormula | None, BeforeValidator(_formula)] = None
    target: Measure = None
    realisasi: Measure = None
    target_renstra: Measure = None
    periode_renstra: Text = ""
    standar_nasional: Measure = None
    bidang: Code = ""
    sumber_data: Text = ""
    history: dict[int, Decimal] = {}
    quarters: dict[str, Decimal] = {}  # "target_tw2": quarter cells given (usecases.collection)


class BudgetRow(_Base):
    """One budget row of an imported file."""

    kode: Code
    program: Text = ""
    tingkat: Annotated[BudgetLevel | None, BeforeValidator(_level)] = None
    pagu: Money = None
    realisasi: Money = None
    kode_sasaran: Code = ""
    bidang: Code = ""
    quarters: dict[str, Decimal] = {}  # "rencana_tw2": quarter cells given


def _times(value: Any) -> str:
    text = _text(value)
    if not re.fullmatch(r"([01]?\d|2[0-3])[:.][0-5]\d", text):
        raise _error(f"'{text}' bukan jam; tulis misalnya 07:30.")
    hours, minutes = re.split(r"[:.]", text)
    return f"{int(hours):02d}:{minutes}"


def _margin(value: Any) -> int:
    try:
        number = _number(value)
    except NumberError as exc:
        raise _error(str(exc)) from None
    if number is None or number != number.to_integral_value() or not 0 <= number <= 100:
        raise _error(f"'{value}': tulis bilangan bulat milimeter 0 sampai 100, misalnya 30.")
    return int(number)


def _dates(value: Any) -> tuple[Any, ...]:
    text = _text(value)
    out = []
    for part in re.split(r"[;\n]", text):
        if part.strip():
            try:
                out.append(parse_date(part))
            except ValueError as exc:
                raise _error(str(exc)) from None
    return tuple(sorted(set(out)))


def _template(value: Any) -> str:
    text = _text(value)
    try:
        letter_template_example(text)
    except LetterTemplateError as exc:
        raise _error(str(exc)) from None
    return text


def _whole(value: Any) -> int:
    text = _text(value)
    if not text:
        return 0
    if not text.isdigit():
        raise _error(f"'{text}' bukan bilangan bulat; tulis misalnya 30.")
    return int(text)


# The rule of each kind of form field: the validators above, one per kind (a form field and an
# imported column of that kind read a value the same way).
_FIELD_RULES: dict[str, Callable[[Any], Any]] = {
    "text": _text,
    "code": _code,
    "number": _measure,
    "money": _money,
    "int": _whole,
    "margin": _margin,
    "time": _times,
    "dates": _dates,
    "template": _template,
}


def field_parser(kind: str) -> Callable[[str], Any]:
    """The rule reading a typed value of ``kind``; it raises ``ValueError`` with an Indonesian
    message naming what was typed."""
    return _FIELD_RULES[kind]


def validate(model: type[M], raw: Mapping[str, Any]) -> tuple[M | None, list[FieldProblem]]:
    """The model, or the problems field by field (Indonesian messages)."""
    try:
        return model.model_validate(dict(raw)), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = str(err["loc"][0]) if err["loc"] else ""
            if err["type"] == "missing":
                message = "wajib diisi."
            elif err["type"] == "isian":
                message = str(err["msg"])
            else:
                message = f"nilai '{err.get('input')}' tidak dapat dipakai."
            problems.append(FieldProblem(loc, message))
        return None, problems
