"""Records to JSON-ready dicts and back, driven by the dataclass type hints.

Decimals are stored as strings (never floats), datetimes as ISO 8601 with their offset, dates as
ISO dates, enums by value, tuples as lists, dict keys as strings. Unknown keys in stored data are
ignored and missing keys take the field's default, so older files keep loading.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import PurePath
from typing import Any, TypeVar

from models.errors import LakipError

T = TypeVar("T")


class SerialError(LakipError, ValueError):
    """A stored value of the wrong shape; the message is Indonesian."""


def to_data(value: Any) -> Any:
    cls: Any = type(value)
    if cls is str or cls is int or cls is bool or value is None:
        return value
    names = _field_names(cls)
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, tuple | list | set | frozenset):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {_key(k): to_data(v) for k, v in value.items()}
    return value


def _key(key: Any) -> str:
    """A dict key as text: a tuple key as the JSON of its items (read back by ``_converter``)."""
    if isinstance(key, tuple):
        import json

        return json.dumps(to_data(key), ensure_ascii=False)
    return str(to_data(key))


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type (None for any other type), looked up once."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


@cache
def _hints(cls: type) -> dict[str, Any]:
    """The type of each field: its annotation (text, under ``from __future__ import
    annotations``) evaluated in the record's module. What ``typing.get_type_hints`` gives for
    our records, in half the time (it is paid on the first read of each record type)."""
    names = vars(sys.modules[cls.__module__])
    return {
        f.name: _evaluated(f.type, names) if isinstance(f.type, str) else f.type
        for f in dataclasses.fields(cls)
    }


_PACKAGES = ("models.", "store.", "usecases.", "exporters.")


def _evaluated(text: str, names: dict[str, Any]) -> Any:
    """An annotation's text as a type, in the record's module (see ``_with_typing_imports``)."""
    return _with_typing_imports(lambda extra: eval(text, names, extra), names)


def function_hints(fn: Callable[..., Any]) -> dict[str, Any]:
    """``typing.get_type_hints`` of a function (see ``_with_typing_imports``)."""
    hints: dict[str, Any] = _with_typing_imports(
        lambda extra: typing.get_type_hints(fn, localns=extra), getattr(fn, "__globals__", {})
    )
    return hints


def _with_typing_imports(evaluate: Callable[[dict[str, Any]], Any], names: dict[str, Any]) -> Any:
    """``evaluate(extra)``, where a name the module imports only for type checking (kept out of
    start-up) is imported from where the module's own import line says and put in ``extra``: a
    view sent across the service's socket names such types."""
    extra: dict[str, Any] = {}
    while True:
        try:
            return evaluate(extra)
        except NameError as exc:
            missing = exc.name or ""
            found = None if missing in extra else _imported_for_typing(names, missing)
            if found is None:
                raise
            extra[missing] = found


def _imported_for_typing(names: dict[str, Any], missing: str) -> Any:
    import importlib
    import re

    source = names.get("__file__")
    if not source or not missing:
        return None
    with open(source, encoding="utf-8") as f:
        text = f.read()
    word = rf"\b{re.escape(missing)}\b"
    pattern = rf"from ([\w.]+) import (?:\([^)]*{word}|[^(\n]*{word})"
    for match in re.finditer(pattern, text):
        module = match[1]
        if module.startswith(_PACKAGES):
            found = getattr(importlib.import_module(module), missing, None)
            if isinstance(found, type):
                return found
    return None


Converter = Callable[[Any, str], Any]


def from_data(cls: type[T], data: Any) -> T:
    value: T = _converter(typing.cast(Any, cls))(data, cls.__name__)
    return value


def _fail(where: str, why: str) -> SerialError:
    return SerialError(f"{where}: {why}")


@cache
def _converter(tp: Any) -> Converter:
    """Build (once per type) the function that turns stored data into a value of ``tp``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        inner = _converter(next(a for a in args if a is not type(None)))
        nullable = type(None) in args

        def union(data: Any, where: str) -> Any:
            if data is None and nullable:
                return None
            return inner(data, where)

        return union
    if tp is None or tp is type(None):
        return _none
    if origin is tuple and typing.get_args(tp)[1:] != (Ellipsis,):
        return _fixed_tuple(typing.get_args(tp))
    if origin in (tuple, list, set, frozenset):
        item = _converter(typing.get_args(tp)[0])
        make: Callable[[Any], Any] = origin

        def seq(data: Any, where: str) -> Any:
            if not isinstance(data, list | tuple):
                raise _fail(where, f"diharapkan daftar, ditemukan {type(data).__name__}")
            return make(item(v, where) for v in data)

        return seq
    if origin is dict:
        key_t, val_t = (_converter(a) for a in typing.get_args(tp))
        if typing.get_origin(typing.get_args(tp)[0]) is tuple:
            key_t = _json_key(key_t)

        def mapping(data: Any, where: str) -> Any:
            if not isinstance(data, dict):
                raise _fail(where, f"diharapkan objek, ditemukan {type(data).__name__}")
            return {key_t(k, where): val_t(v, where) for k, v in data.items()}

        return mapping
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _record_converter(tp)
    if tp is Any:
        return lambda data, where: data
    if isinstance(tp, type):
        return _scalar_converter(tp)
    raise SerialError(f"tipe {tp!r} tidak didukung")


def _json_key(inner: Converter) -> Converter:
    def key(data: Any, where: str) -> Any:
        import json

        try:
            return inner(json.loads(data), where)
        except (TypeError, ValueError) as exc:
            raise _fail(where, f"kunci {data!r} tidak valid ({exc})") from None

    return key


def _none(data: Any, where: str) -> None:
    if data is not None:
        raise _fail(where, "diharapkan kosong")


def _fixed_tuple(types_: tuple[Any, ...]) -> Converter:
    """``tuple[A, B]``: one converter per position."""
    items = [_converter(t) for t in types_]

    def fixed(data: Any, where: str) -> Any:
        if not isinstance(data, list | tuple) or len(data) != len(items):
            raise _fail(where, f"diharapkan daftar {len(items)} nilai")
        return tuple(conv(v, where) for conv, v in zip(items, data, strict=True))

    return fixed


def _record_converter(cls: type) -> Converter:
    hints = _hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    fields: list[tuple[str, Converter]] = []

    def record(data: Any, where: str) -> Any:
        if not fields:  # resolved on first use: records may refer to each other
            fields.extend((n, _converter(hints[n])) for n in names)
        if not isinstance(data, dict):
            raise _fail(where, f"diharapkan objek {cls.__name__}")
        kwargs = {n: conv(data[n], f"{where}.{n}") for n, conv in fields if n in data}
        try:
            return cls(**kwargs)
        except TypeError as exc:
            raise _fail(where, f"data tidak lengkap ({exc})") from None

    return record


def _scalar_converter(tp: type) -> Converter:
    def check(data: Any, where: str) -> Any:
        try:
            return parse(data, where)
        except SerialError:
            raise
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise _fail(where, f"nilai {data!r} tidak valid ({exc})") from None

    if issubclass(tp, Enum):

        def parse(data: Any, where: str) -> Any:
            return tp(data)

    elif tp is Decimal:

        def parse(data: Any, where: str) -> Any:
            if isinstance(data, float | bool):
                raise _fail(where, "angka harus disimpan sebagai teks")
            return Decimal(str(data))

    elif tp is datetime:

        def parse(data: Any, where: str) -> Any:
            dt = datetime.fromisoformat(data)
            if dt.tzinfo is None:
                raise _fail(where, "waktu tanpa zona waktu")
            return dt

    elif tp is date:

        def parse(data: Any, where: str) -> Any:
            return date.fromisoformat(data)

    elif issubclass(tp, PurePath):

        def parse(data: Any, where: str) -> Any:
            if not isinstance(data, str):
                raise _fail(where, "diharapkan jalur berkas")
            return tp(data)

    elif tp is float:

        def parse(data: Any, where: str) -> Any:
            if isinstance(data, bool) or not isinstance(data, int | float):
                raise _fail(where, "diharapkan angka")
            return float(data)

    elif tp is bool:

        def parse(data: Any, where: str) -> Any:
            if not isinstance(data, bool):
                raise _fail(where, "diharapkan benar/salah")
            return data

    elif tp is int:

        def parse(data: Any, where: str) -> Any:
            if isinstance(data, bool):
                raise _fail(where, "diharapkan bilangan bulat")
            return int(data)

    elif tp is str:

        def parse(data: Any, where: str) -> Any:
            if not isinstance(data, str):
                raise _fail(where, "diharapkan teks")
            return data

    else:
        raise SerialError(f"tipe {tp!r} tidak didukung")
    return check
