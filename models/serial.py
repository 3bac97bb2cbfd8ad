"""Records to JSON-ready dicts and back, driven by the dataclass type hints.

Decimals are stored as strings (never floats), datetimes as ISO 8601 with their offset, dates as
ISO dates, enums by value, tuples as lists, dict keys as strings. Unknown keys in stored data are
ignored and missing keys take the field's default, so older files keep loading.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


class SerialError(ValueError):
    """A stored value of the wrong shape; the message is Indonesian."""


def to_data(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(cls: type[T], data: Any) -> T:
    value: T = _convert(cls, data, cls.__name__)
    return value


def _convert(tp: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], data, where)
    if origin is tuple:
        if not isinstance(data, list | tuple):
            raise SerialError(f"{where}: diharapkan daftar, ditemukan {type(data).__name__}")
        item = typing.get_args(tp)[0]
        return tuple(_convert(item, v, where) for v in data)
    if origin is dict:
        if not isinstance(data, dict):
            raise SerialError(f"{where}: diharapkan objek, ditemukan {type(data).__name__}")
        key_t, val_t = typing.get_args(tp)
        return {_convert(key_t, k, where): _convert(val_t, v, where) for k, v in data.items()}
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            if not isinstance(data, dict):
                raise SerialError(f"{where}: diharapkan objek {tp.__name__}")
            hints = _hints(tp)
            kwargs = {
                f.name: _convert(hints[f.name], data[f.name], f"{where}.{f.name}")
                for f in dataclasses.fields(tp)
                if f.name in data
            }
            try:
                return tp(**kwargs)
            except TypeError as exc:
                raise SerialError(f"{where}: data tidak lengkap ({exc})") from None
        try:
            if issubclass(tp, Enum):
                return tp(data)
            if tp is Decimal:
                if isinstance(data, float | bool):
                    raise SerialError(f"{where}: angka harus disimpan sebagai teks")
                return Decimal(str(data))
            if tp is datetime:
                dt = datetime.fromisoformat(data)
                if dt.tzinfo is None:
                    raise SerialError(f"{where}: waktu tanpa zona waktu")
                return dt
            if tp is date:
                return date.fromisoformat(data)
            if tp is bool:
                if not isinstance(data, bool):
                    raise SerialError(f"{where}: diharapkan benar/salah")
                return data
            if tp is int:
                if isinstance(data, bool):
                    raise SerialError(f"{where}: diharapkan bilangan bulat")
                return int(data)
            if tp is str:
                if not isinstance(data, str):
                    raise SerialError(f"{where}: diharapkan teks")
                return data
        except SerialError:
            raise
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise SerialError(f"{where}: nilai {data!r} tidak valid ({exc})") from None
    if tp is Any:
        return data
    raise SerialError(f"{where}: tipe {tp!r} tidak didukung")
